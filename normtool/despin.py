"""Despin step: detect machine-paraphrased ("spun") copy and undo the spinning.

Synonym spinners (SpinBot, WordAI and the like) swap words and short phrases
for the most common sense's synonym from a general thesaurus, without looking
at context: "said" becomes "mentioned", "Associated Press" "Related Press",
"artificial intelligence" "counterfeit consciousness".  Many spun words are
also plain English ("mentioned", "issues", "present"), so despin works in two
gates:

1. The detector scores the whole article (``spin_score``) from the evidence of
   the phrase table: tortured phrases real writers almost never use (weighted),
   and attributions made with a replaced reporting verb where real news copy
   says "said".  Only an article scoring at least ``THRESHOLD`` is ``spun``.
2. In spun copy the repairer rewrites each table phrase whose context
   condition holds (neighbouring words), and leaves everything else alone.

The rules are data: ``normtool/data/spin_table.tsv`` (format in its header and
the README), extended or overridden by user tables (``--spin-table``).  A
lower-case table phrase never changes a capitalised word inside a sentence,
so names are only changed by entries that name them ("Related Press").
Every change is recorded as ``{"offset", "from", "to", "rule"}``; ``offset``
is where ``to`` starts in the *repaired* text, so
``text[offset:offset + len(to)] == to`` and applying the repairs backwards
from the last gives the input text back.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from .article import Article
from .errors import NormtoolError
from .options import CleanOptions

TABLE = Path(__file__).resolve().parent / "data" / "spin_table.tsv"
THRESHOLD = 0.5          # spin_score at or above which an article is spun
SCALE = 3.0              # evidence points that give a score of 1 - 1/e
MIN_ATTRIB = 2           # spun attributions needed before they count at all

# A word: letters/digits, joined by inner hyphens or apostrophes ("Secretary-Basic",
# "received't", "Yoon's").
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
_PUNCT = re.compile(r"[.,;:!?\"\u201c\u201d()\[\]\u2014\u2013]|--|\s-\s")
_QUOTE = re.compile(r"[\"\u201c\u201d]")
_END = re.compile(r"\s*[\"\u201d']?\s*[.!?]")
_ABBREV = frozenset("mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt corp inc co ltd "
                    "no vs jan feb mar apr aug sep sept oct nov dec prof rev ft mt".split())


class SpinTableError(NormtoolError):
    """A spin table file that cannot be read: ``file:line: message``."""


# --------------------------------------------------------------------------- table

@dataclass(frozen=True)
class Cond:
    """One context test: ``side`` prev/next, a set of words/classes, negated or not."""

    side: str
    values: frozenset
    negate: bool = False


@dataclass(frozen=True)
class Entry:
    """One table row: a spun phrase, its original, when to repair, evidence weight."""

    spun: str
    key: tuple
    gaps: tuple              # normalised text between the phrase's words
    original: str
    conds: tuple
    family: str
    weight: float
    cased: bool              # the spun phrase has capitals: match its case exactly
    source: str              # file:line, for error messages and audits

    @property
    def rule(self) -> str:
        return f"{self.family}:{' '.join(self.key)}"


class Table(NamedTuple):
    """Entries indexed by first word; ``longest`` bounds the phrase scan."""

    by_first: dict           # first key word -> list of (length, [Entry, ...]) longest first
    sets: dict               # name -> frozenset of words
    size: int


def _norm(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _gap_norm(gap: str) -> str:
    return " ".join(gap.replace("\u2019", "'").split()) or " "


def _split_phrase(phrase: str) -> tuple[tuple, tuple]:
    words = list(_WORD.finditer(phrase))
    key = tuple(_norm(m.group()) for m in words)
    gaps = tuple(_gap_norm(phrase[a.end():b.start()]) for a, b in zip(words, words[1:]))
    return key, gaps


def _parse_conds(text: str, sets: dict, where: str) -> tuple:
    conds = []
    for part in text.split():
        if part == "-":
            continue
        negate = part.startswith("!")
        body = part[1:] if negate else part
        side, eq, vals = body.partition("=")
        if not eq or side not in ("prev", "next", "prev2", "next2", "before", "after"):
            raise SpinTableError(f"{where}: bad context condition {part!r} "
                                 "(use prev=, next=, prev2=, next2=, before=, after=, ! to negate)")
        values: set = set()
        for v in vals.split("|"):
            if v.startswith("$") and len(v) > 1:
                if v[1:] not in sets:
                    raise SpinTableError(f"{where}: unknown word set {v!r}")
                values |= sets[v[1:]]
            elif v:
                values.add(v if v.isupper() else _norm(v))
        conds.append(Cond(side, frozenset(values), negate))
    return tuple(conds)


def _read_rows(path: str, sets: dict) -> list:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SpinTableError(f"{path}: cannot read spin table: {exc}") from None
    rows = []
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if cols[0] == "@set":
            if len(cols) < 3:
                raise SpinTableError(f"{where}: @set needs a name and words")
            sets[cols[1]] = frozenset(w if w.isupper() else _norm(w) for w in cols[2].split("|") if w)
            continue
        if cols[0] == "spun":          # header
            continue
        if len(cols) < 2 or not cols[0].strip():
            raise SpinTableError(f"{where}: need at least 'spun<TAB>original'")
        cols += [""] * (5 - len(cols))
        spun, original, context, family, weight = (c.strip() for c in cols[:5])
        try:
            w = float(weight) if weight else 0.0
        except ValueError:
            raise SpinTableError(f"{where}: weight {weight!r} is not a number") from None
        if not 0.0 <= w <= 1.0:
            raise SpinTableError(f"{where}: weight must be in [0, 1]")
        key, gaps = _split_phrase(spun)
        if not key:
            raise SpinTableError(f"{where}: spun phrase {spun!r} has no words")
        rows.append(Entry(spun, key, gaps, original, _parse_conds(context, sets, where),
                          family or "misc", w, spun != spun.lower(), where))
    return rows


@lru_cache(maxsize=16)
def load_table(extra_files: tuple = ()) -> Table:
    """The built-in table plus user tables, parsed once per combination.

    A user table's entries for a spun phrase replace every earlier entry for
    that phrase (same words, any case); an original of ``-`` disables the
    phrase altogether.

    >>> load_table().size > 300
    True
    """
    sets: dict = {}
    entries: dict = {}
    for path in (str(TABLE),) + tuple(extra_files):
        rows = _read_rows(path, sets)
        replaced = set()
        for e in rows:
            k = e.key
            if k not in replaced:
                entries[k] = []
                replaced.add(k)
            if e.original != "-":
                entries[k].append(e)
    by_first: dict = {}
    for key, es in entries.items():
        if es:
            by_first.setdefault(key[0], []).append((len(key), es))
    for lst in by_first.values():
        lst.sort(key=lambda t: -t[0])
    return Table(by_first, sets, sum(len(v) for v in entries.values()))


# --------------------------------------------------------------------------- scan

class Match(NamedTuple):
    start: int
    end: int
    entry: Entry
    replacement: str


class _Tokens:
    """Words of a text with their offsets, sentence starts and the gaps between."""

    __slots__ = ("text", "spans", "keys", "surf", "starts", "abbr")

    def __init__(self, text: str):
        self.text = text
        ms = list(_WORD.finditer(text))
        self.spans = [m.span() for m in ms]
        self.surf = [m.group() for m in ms]
        self.keys = [_norm(s) for s in self.surf]
        self.abbr = self._abbreviations()
        self.starts = [self._is_start(i) for i in range(len(ms))]

    def _abbreviations(self) -> dict:
        """Word index -> "u.s." for the last letter of dotted initials (U.S., U.N.)."""
        out, run = {}, []
        for j, s in enumerate(self.surf):
            end = self.spans[j][1]
            if len(s) == 1 and s.isalpha() and self.text[end:end + 1] == ".":
                if run and self.spans[run[-1]][1] + 1 != self.spans[j][0]:
                    run = []
                run.append(j)
                if len(run) >= 2:
                    out[j] = ".".join(self.keys[k] for k in run) + "."
            else:
                run = []
        return out

    def clean_gap(self, i: int) -> bool:
        """No punctuation between word i-1 and word i (an initials' dot is fine)."""
        gap = self.gap(i)
        if i > 0 and (i - 1) in self.abbr and gap.startswith("."):
            gap = gap[1:]
        return not _PUNCT.search(gap)

    def gap(self, i: int) -> str:
        """Text between word i-1 and word i (i may be len: the tail)."""
        a = self.spans[i - 1][1] if i > 0 else 0
        b = self.spans[i][0] if i < len(self.spans) else len(self.text)
        return self.text[a:b]

    def _is_start(self, i: int) -> bool:
        if i == 0:
            return True
        gap = self.gap(i)
        if "\n" in gap:
            return True
        if not _SENT_END.search(gap + " "):
            return False
        prev = self.keys[i - 1]
        if (len(prev) == 1 and prev.isalpha()) or prev in _ABBREV:
            return False
        if (i - 1) in self.abbr:      # "the U.S. Treasury": a sentence end only before a lowercase
            return not self.surf[i][0].isupper()
        return True


def _word_class(tok: _Tokens, j: int, values: frozenset) -> bool:
    """Does word j belong to ``values`` (words, or classes CAP/NUM/POSS/LOWER)?"""
    key = tok.keys[j]
    if key in values or tok.abbr.get(j) in values:
        return True
    s = tok.surf[j]
    if "CAP" in values and s[0].isupper() and not tok.starts[j]:
        return True
    if "NUM" in values and s[0].isdigit():
        return True
    if "POSS" in values and key.endswith("'s"):
        return True
    if "LOWER" in values and s.islower():
        return True
    return False


def _cond_holds(tok: _Tokens, i: int, n: int, c: Cond) -> bool:
    """Context test for the phrase at words [i, i+n)."""
    v = c.values
    if c.side in ("prev", "prev2"):
        j = i - (1 if c.side == "prev" else 2)
        clean = tok.clean_gap(i) and (c.side == "prev" or (j >= 0 and tok.clean_gap(i - 1)))
        edge_start = tok.starts[i] if c.side == "prev" else (j < 0 or tok.starts[i] or tok.starts[i - 1])
        hit = (("START" in v and edge_start)
               or ("QUOTE" in v and bool(_QUOTE.search(tok.gap(i))))
               or ("PUNCT" in v and (i == 0 or not tok.clean_gap(i)))
               or (j >= 0 and not edge_start and clean and _word_class(tok, j, v)))
    elif c.side in ("next", "next2"):
        j = i + n + (0 if c.side == "next" else 1)
        total = len(tok.keys)
        after = tok.gap(i + n)
        end = i + n >= total or tok.starts[i + n]
        clean = (i + n < total and tok.clean_gap(i + n)
                 and (c.side == "next" or (j < total and tok.clean_gap(j))))
        hit = (("END" in v and (end or bool(_END.match(after))))
               or ("QUOTE" in v and bool(_QUOTE.search(after)))
               or ("PUNCT" in v and (end or not tok.clean_gap(i + n)))
               or (j < total and not end and clean
                   and (c.side == "next" or not tok.starts[j])
                   and _word_class(tok, j, v)))
    else:                                   # before= / after=: within 3 words, same sentence
        hit = False
        rng = range(i - 1, max(-1, i - 4), -1) if c.side == "before" else \
            range(i + n, min(len(tok.keys), i + n + 3))
        for j in rng:
            if c.side == "before" and tok.starts[j + 1]:
                break
            if c.side == "after" and tok.starts[j]:
                break
            if _word_class(tok, j, v):
                hit = True
                break
    return hit != c.negate


def _case_ok(tok: _Tokens, i: int, e: Entry) -> bool:
    """Lower-case entries touch only lower-case words (or a sentence's first)."""
    n = len(e.key)
    if e.cased:
        words = _cased_words(e)
        for k, w in enumerate(words):
            s = tok.surf[i + k].replace("\u2019", "'")
            if s != w and not (k == n - 1 and s == w + "'s"):
                return False
        return True
    for k in range(n):
        s = tok.surf[i + k]
        if s.islower() or not any(ch.isalpha() for ch in s):
            continue
        if k == 0 and tok.starts[i] and s[0].isupper() and s[1:] == s[1:].lower():
            continue
        return False
    return True


@lru_cache(maxsize=4096)
def _cased_words_cached(spun: str) -> tuple:
    return tuple(m.group().replace("\u2019", "'") for m in _WORD.finditer(spun))


def _cased_words(e: Entry) -> tuple:
    return _cased_words_cached(e.spun)


def _replacement(tok: _Tokens, i: int, n: int, e: Entry) -> str:
    out = e.original
    if not e.cased and tok.surf[i][0].isupper() and out[:1].islower():
        out = out[0].upper() + out[1:]
    matched = tok.text[tok.spans[i][0]:tok.spans[i + n - 1][1]]
    if "\u2019" in matched:
        out = out.replace("'", "\u2019")
    return out


def find_matches(text: str, table: Table | None = None) -> list[Match]:
    """Every table phrase in ``text`` whose case and context conditions hold.

    Left to right, longest phrase first, no overlaps.

    >>> [m.replacement for m in find_matches("The Related Press mentioned that.")]
    ['Associated Press', 'said']
    """
    table = table or load_table()
    tok = _Tokens(text)
    keys = tok.keys
    out: list[Match] = []
    i, total = 0, len(keys)
    while i < total:
        cands = table.by_first.get(keys[i])
        if cands is None and keys[i].endswith("'s"):
            cands = table.by_first.get(keys[i][:-2])
        found = None
        for n, entries in cands or ():
            if i + n > total:
                continue
            if not _phrase_at(tok, i, n, entries[0]):
                continue
            for e in entries:
                if _case_ok(tok, i, e) and all(_cond_holds(tok, i, n, c) for c in e.conds):
                    found = (n, e)
                    break
            if found:
                break
        if found:
            n, e = found
            start, end = tok.spans[i][0], tok.spans[i + n - 1][1]
            rep = _replacement(tok, i, n, e)
            last = tok.surf[i + n - 1]
            if _norm(last) != e.key[-1]:            # matched "X's" against "X": keep "'s"
                end -= 2
            out.append(Match(start, end, e, rep))
            i += n
        else:
            i += 1
    return out


def _phrase_at(tok: _Tokens, i: int, n: int, e: Entry) -> bool:
    keys = tok.keys
    for k in range(n):
        key = keys[i + k]
        if key != e.key[k] and not (k == n - 1 and key.endswith("'s") and key[:-2] == e.key[k]):
            return False
        if k and _gap_norm(tok.gap(i + k)) != e.gaps[k - 1]:
            return False
    return True


# --------------------------------------------------------------------------- detect

class SpinEvidence(NamedTuple):
    """What the detector saw: weighted phrase hits, spun and plain attributions."""

    score: float
    points: float
    phrase_hits: int
    spun_attributions: int
    plain_attributions: int
    words: int


def _plain_attributions(text: str, table: Table) -> int:
    said = table.sets.get("SAID", frozenset())
    return sum(1 for m in _WORD.finditer(text) if _norm(m.group()) in said)


def spin_evidence(text: str, table: Table | None = None,
                  matches: Sequence[Match] | None = None) -> SpinEvidence:
    """Score ``text`` for spinning from the table's evidence (see module doc)."""
    table = table or load_table()
    if matches is None:
        matches = find_matches(text, table)
    points = sum(m.entry.weight for m in matches if m.entry.family != "reporting")
    hits = sum(1 for m in matches if m.entry.weight > 0 and m.entry.family != "reporting")
    spun_attr = sum(1 for m in matches if m.entry.family == "reporting" and m.entry.weight > 0)
    plain = _plain_attributions(text, table)
    if spun_attr >= MIN_ATTRIB:
        share = spun_attr / (spun_attr + plain)
        points += spun_attr * share
    words = len(_WORD.findall(text))
    score = round(1.0 - math.exp(-points / SCALE), 4)
    return SpinEvidence(score, round(points, 4), hits, spun_attr, plain, words)


def spin_score(text: str, table: Table | None = None) -> float:
    """How likely ``text`` is spun, in [0, 1]; ``THRESHOLD`` and up is spun.

    >>> spin_score("Shares rose 5 pct, the company said on Monday.")
    0.0
    >>> spin_score("The Related Press mentioned that colossal information and "
    ...            "counterfeit consciousness are the future, he mentioned.") >= THRESHOLD
    True
    """
    return spin_evidence(text, table).score


# --------------------------------------------------------------------------- repair

def apply_matches(text: str, matches: Iterable[Match]) -> tuple[str, list[dict]]:
    """Rewrite ``text``; repairs carry offsets into the rewritten text."""
    parts, repairs, pos, shift = [], [], 0, 0
    for m in matches:
        frm = text[m.start:m.end]
        if frm == m.replacement:
            continue
        parts.append(text[pos:m.start])
        parts.append(m.replacement)
        repairs.append({"offset": m.start + shift, "from": frm, "to": m.replacement,
                        "rule": m.entry.rule})
        shift += len(m.replacement) - len(frm)
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts), repairs


def repair_text(text: str, table: Table | None = None, force: bool = False
                ) -> tuple[str, list[dict]]:
    """Repair ``text`` if it is spun (or always, with ``force``).

    Returns the text and the repairs made (none for clean copy).  Fast enough
    to run on every article: one pass over the words with dict look-ups.

    >>> repair_text("The Related Press mentioned that colossal information "
    ...             "is vital, he mentioned.")[0]
    'The Associated Press said that big data is vital, he said.'
    >>> repair_text("Profits rose, the company said.")
    ('Profits rose, the company said.', [])
    """
    table = table or load_table()
    matches = find_matches(text, table)
    if not force and spin_evidence(text, table, matches).score < THRESHOLD:
        return text, []
    return apply_matches(text, matches)


def despin_article(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """Score the article for spinning; repair it when it is spun."""
    table = load_table(tuple(options.spin_table_files))
    matches = find_matches(article.text, table)
    ev = spin_evidence(article.text, table, matches)
    if ev.score < THRESHOLD:
        return article.replace(spun=False, spin_score=ev.score)
    text, repairs = apply_matches(article.text, matches)
    return article.replace(spun=True, spin_score=ev.score, text=text,
                           repairs=list(article.repairs) + repairs)


# --------------------------------------------------------------------------- report

def format_repairs(article: Article, color: bool = False, width: int = 30) -> str:
    """A human-readable account of a despun article: a header, then one line per
    repair with its context in the repaired text (``[-from +to]``) and rule.

    >>> art = despin_article(Article(id="a", text="The Related Press mentioned that "
    ...     "counterfeit consciousness is booming, he mentioned."))
    >>> print(format_repairs(art, width=12))
    a  spin_score=0.7364  spun=true  repairs=4
      @4      ...The [-Related Press +Associated Press] said that a...  (proper:related press)
      @21     ...iated Press [-mentioned +said] that artifi...  (reporting:mentioned)
      @31     ...s said that [-counterfeit consciousness +artificial intelligence] is booming,...  (tech:counterfeit consciousness)
      @70     ...booming, he [-mentioned +said]....  (reporting:mentioned)
    """
    def style(s: str, **kw) -> str:
        if not color:
            return s
        import click
        return click.style(s, **kw)

    head = (f"{article.id}  spin_score={article.spin_score}  "
            f"spun={str(bool(article.spun)).lower()}  repairs={len(article.repairs)}")
    lines = [style(head, bold=True)]
    text = article.text
    for r in article.repairs:
        a, b = r["offset"], r["offset"] + len(r["to"])
        left = text[max(0, a - width):a].split("\n")[-1]
        right = text[b:b + width].split("\n")[0]
        lines.append(f"  @{a:<6} ...{left}[{style('-' + r['from'], fg='red')} "
                     f"{style('+' + r['to'], fg='green')}]{right}...  ({r['rule']})")
    return "\n".join(lines)


def despin_inputs(inputs, options: CleanOptions = CleanOptions(), run=None, stdin=None):
    """Read and clean ``inputs`` like ``clean`` does, then despin each article.

    Yields ``(article, original_text)`` so a report can show what changed;
    used by ``normtool despin``.
    """
    from .clean import clean_article
    from .options import RunOptions
    from .pipeline import Summary, accept
    from .read import read_inputs
    summary = Summary("despin")
    for art in accept(read_inputs(inputs, stdin), run or RunOptions(), summary):
        art = clean_article(art, options)
        yield despin_article(art, options), art.text


def repairs_record(article: Article) -> dict:
    """The JSONL line ``normtool despin --json`` writes for one article."""
    return {"id": article.id, "spin_score": article.spin_score, "spun": article.spun,
            "repairs": article.repairs}


__all__ = ["despin_article", "spin_score", "spin_evidence", "repair_text", "find_matches",
           "apply_matches", "load_table", "format_repairs", "despin_inputs", "repairs_record", "THRESHOLD", "SpinTableError"]
