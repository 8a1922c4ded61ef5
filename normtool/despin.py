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
   says "said"; and from statistics that do not depend on a phrase list: the
   *suspects* of a news model (below), strong ones, their density, and their
   odds-weighted count beyond an allowance that grows with the article's
   length (so a short spun story with a few suspects counts too).  Only an
   article scoring at least ``THRESHOLD`` is ``spun``.
2. In spun copy the repairer rewrites each table phrase whose context
   condition holds (neighbouring words), then each confident suspect the
   table did not cover (rule ``thesaurus:<spun words>``), then words seen
   next to one neighbour only whose original wins clearly on the other side
   (``half_suspects``), and leaves everything else alone.

Suspects come from reversing a general thesaurus.  ``data/spin_thesaurus.tsv``
(made by ``tools/build_spin_data.py`` from WordNet) lists, for a word or
phrase W, the words X such that a spinner taking X's most common sense could
have written W (rarer senses and hypernyms marked ``~``, with a prior
penalty).  ``data/spin_lm.tsv.gz`` holds word and bigram counts of Reuters
news copy (training split only).  W is a suspect when it is lower case, its
neighbours were never seen next to it in news copy, and some X is far likelier
between the same neighbours (interpolated bigram model, log-odds ``odds``).
A suspect is repaired when the odds reach ``REPAIR_MARGIN`` and no other X
comes within ``RUNNER_UP``.

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
    by_key: dict = {}        # key words tuple -> [Entry, ...]
    lengths: dict = {}       # first key word -> phrase lengths, longest first


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
    lengths = {first: tuple(sorted({n for n, _ in lst}, reverse=True))
               for first, lst in by_first.items()}
    by_key = {key: es for key, es in entries.items() if es}
    return Table(by_first, sets, sum(len(v) for v in entries.values()), by_key, lengths)


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
        self.spans = spans = [m.span() for m in ms]
        self.surf = [m.group() for m in ms]
        low = _norm(text)
        if len(low) == len(text):            # lower() kept every offset (nearly always)
            self.keys = [low[a:b] for a, b in spans]
        else:
            self.keys = [_norm(s) for s in self.surf]
        self.abbr = self._abbreviations()
        starts = [True] * len(ms)
        for i in range(1, len(ms)):
            a, b = spans[i - 1][1], spans[i][0]
            if b - a == 1 and text[a] == " ":      # a plain space: never a sentence start
                starts[i] = False
            else:
                starts[i] = self._is_start(i)
        self.starts = starts

    def _abbreviations(self) -> dict:
        """Word index -> "u.s." for the last letter of dotted initials (U.S., U.N.)."""
        out, run = {}, []
        text, spans = self.text, self.spans
        for j in [j for j, s in enumerate(self.surf) if len(s) == 1]:   # only 1-letter words matter
            s = self.surf[j]
            end = spans[j][1]
            if run and run[-1] != j - 1:
                run = []
            if s.isalpha() and text[end:end + 1] == ".":
                if run and spans[run[-1]][1] + 1 != spans[j][0]:
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


def lm_key(tok: _Tokens, i: int) -> str:
    """Word i as the news model counts it: lower case, but a capitalised word
    inside a sentence keeps its case (a name); numbers are ``<num>``."""
    s = tok.surf[i]
    if s[0].isdigit():
        return "<num>"
    if s[0].isupper() and not tok.starts[i]:
        return s.replace("\u2019", "'")
    return tok.keys[i]


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


def find_matches(text: str, table: Table | None = None, tok: "_Tokens | None" = None
                 ) -> list[Match]:
    """Every table phrase in ``text`` whose case and context conditions hold.

    Left to right, longest phrase first, no overlaps.

    >>> [m.replacement for m in find_matches("The Related Press mentioned that.")]
    ['Associated Press', 'said']
    """
    table = table or load_table()
    tok = tok or _Tokens(text)
    keys = tok.keys
    out: list[Match] = []
    i, total = 0, len(keys)
    lengths, by_key = table.lengths, table.by_key
    while i < total:
        lens = lengths.get(keys[i])
        if lens is None and keys[i].endswith("'s"):
            lens = lengths.get(keys[i][:-2])
        found = None
        for n in lens or ():
            if i + n > total:
                continue
            key = tuple(keys[i:i + n])
            entries = by_key.get(key)
            if entries is None and key[-1].endswith("'s"):      # "X's" matches "X"
                entries = by_key.get(key[:-1] + (key[-1][:-2],))
            if entries is None or (n > 1 and not _gaps_ok(tok, i, n, entries[0])):
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


def _gaps_ok(tok: _Tokens, i: int, n: int, e: Entry) -> bool:
    for k in range(1, n):
        if _gap_norm(tok.gap(i + k)) != e.gaps[k - 1]:
            return False
    return True


# --------------------------------------------------------------------------- statistics

THESAURUS = Path(__file__).resolve().parent / "data" / "spin_thesaurus.tsv"
NEWS_LM = Path(__file__).resolve().parent / "data" / "spin_lm.tsv.gz"
LM_LAMBDA = 0.7          # weight of the bigram estimate against the unigram one
# Repair: restore an original when the news model prefers it over the spun
# word by REPAIR_MARGIN (natural log-odds, the spinner's prior included) and over
# every other candidate by RUNNER_UP, and the spun word was never seen in news
# copy next to these neighbours.
REPAIR_MARGIN = 7.0
SENSE_PENALTY = 2.0      # log-odds against an original from a rarer sense (``~`` in the file)
RUNNER_UP = 1.5
MAX_SEEN_SPUN = 0
MIN_SEEN_ORIG = 0        # bigrams the original must have with those neighbours (off)
SECOND_PASS = True       # judge the remaining words again with repaired neighbours
# In a spun article only: a word seen next to one neighbour but not the other is
# repaired when its best original is HALF_MARGIN likelier on the unseen side
# (None: off).  On held-out stories outside the bench corpus, spun by the
# bench spinners, 8 to 9 in 10 such repairs at 9 and above restore the
# original (about 6 in 10 at 6).
HALF_MARGIN: float | None = 9.0
# Detection (suspects count only where the spun word's neighbours are unseen):
# strong suspects, each worth up to one point above STRONG_SUSPECT log-odds,
# beyond FREE_STRONG of them; and the density of suspects above DENSE_SUSPECT
# per 100 lower-case words (+ DENSITY_PAD), beyond FREE_DENSITY.  Calibrated on
# all 19,043 Reuters stories (max 1.0 strong, 2.8 density) and seeds 000-003
# with a less cautious model (bigrams seen twice, no floors); with the shipped
# one the 1,915 Reuters stories it never saw get at most 0.11 points.
STRONG_SUSPECT = 12.0
FREE_STRONG = 1.0
STRONG_WEIGHT = 1.4
DENSE_SUSPECT = 6.0
DENSITY_PAD = 50
FREE_DENSITY = 2.3
DENSITY_WEIGHT = 1.0
# Length-calibrated suspect weight: each unseen suspect weighs (odds - WEIGHT_LO)
# / WEIGHT_SPAN, clipped to [0, 1]; clean copy is allowed WEIGHT_PER_WORD per
# lower-case word (one full suspect per 200 words: modern copy has words 1987
# Reuters never saw) plus WEIGHT_FREE; each unit beyond is WEIGHT_POINTS points.
# WEIGHT_FREE is the largest excess among the 1,915 held-out Reuters stories
# (id % 10 == 0, never seen by the model: 1.24, reuters-19720) plus a margin
# of one full suspect; seeds 000-003 reach at most -0.64.  So flagging on this
# alone needs 1.69 suspects more than any held-out clean story shows.  It lets
# short spun stories, whose few suspects never reach the density rule, count.
WEIGHT_LO = 6.0
WEIGHT_SPAN = 6.0
WEIGHT_PER_WORD = 0.005
WEIGHT_FREE = 2.25
WEIGHT_POINTS = 3.0


class Stats(NamedTuple):
    """Reverse thesaurus (spun form -> possible originals) and a news bigram model."""

    phrases: dict            # spun words tuple -> ((original, prior penalty), ...)
    lengths: dict            # first spun word -> phrase lengths, longest first
    uni: dict                # word -> count ("|": breaks)
    bi: dict                 # "w1 w2" -> count
    total: int               # tokens counted
    cache: dict              # (prev, words, next) -> _judge's answer
    floors: dict = {}        # spun words tuple -> least count for its unigram (general English)


@lru_cache(maxsize=1)
def load_stats() -> Stats:
    """``data/spin_thesaurus.tsv`` and ``data/spin_lm.tsv.gz``, read once
    (made by ``tools/build_spin_data.py`` from WordNet and Reuters counts)."""
    import gzip
    with gzip.open(NEWS_LM, "rt", encoding="utf-8") as fh:
        return make_stats(THESAURUS.read_text(encoding="utf-8").splitlines(), fh)


def make_stats(thesaurus_lines: Iterable[str], lm_lines: Iterable[str]) -> Stats:
    """Stats from the lines of a reverse thesaurus and of a news model (formats
    in ``tools/build_spin_data.py``); tests build small ones."""
    phrases: dict = {}
    lens: dict = {}
    floors: dict = {}
    for line in thesaurus_lines:
        if not line.strip() or line[0] == "#":
            continue
        spun, _, rest = line.rstrip("\n").partition("\t")
        origs, _, floor = rest.partition("\t")
        words = tuple(spun.split(" "))
        if floor:
            floors[words] = int(floor)
        phrases[words] = tuple((o.rstrip("~"), SENSE_PENALTY * (len(o) - len(o.rstrip("~"))))
                               for o in origs.split("|") if o.rstrip("~"))
        lens.setdefault(words[0], set()).add(len(words))
    lengths = {w: tuple(sorted(ns, reverse=True)) for w, ns in lens.items()}
    uni: dict = {}
    bi: dict = {}
    total = 1
    for line in lm_lines:
        kind, key, count = line.rstrip("\n").split("\t")
        if kind == "B":
            bi[key] = int(count)
        elif kind == "U":
            uni[key] = int(count)
        else:
            total = int(key)
    return Stats(phrases, lengths, uni, bi, total, {}, floors)


def _lp(stats: Stats, prev: str, word: str) -> float:
    """log P(word | prev), bigram interpolated with a smoothed unigram."""
    pu = (stats.uni.get(word, 0) + 0.5) / stats.total
    cp = stats.uni.get(prev, 0)
    if cp:
        return math.log(LM_LAMBDA * stats.bi.get(prev + " " + word, 0) / cp + (1 - LM_LAMBDA) * pu)
    return math.log(pu)


def _chain(stats: Stats, prev: str, words: Sequence[str], nxt: str) -> float:
    lp, p = 0.0, prev
    for w in words:
        lp += _lp(stats, p, w)
        p = w
    return lp + _lp(stats, p, nxt)


class Suspect(NamedTuple):
    """A word or phrase the model takes for spinner output, and its likely original."""

    start: int               # word index
    n: int                   # words
    original: str            # best original ("" if none clears the runner-up test)
    odds: float              # log-odds of the best original over the spun words
    seen_spun: int           # news-model bigrams of the spun words with their neighbours
    seen_orig: int           # ... and of the best original with the same neighbours


def _context(tok: _Tokens, i: int, n: int) -> tuple[str, str]:
    prev = "|" if tok.starts[i] or not tok.clean_gap(i) else lm_key(tok, i - 1)
    j = i + n
    nxt = "|" if j >= len(tok.keys) or tok.starts[j] or not tok.clean_gap(j) else lm_key(tok, j)
    return prev, nxt


def _lower_ok(tok: _Tokens, i: int, n: int, stats: Stats) -> bool:
    """Only lower-case words, never digits.  A sentence's capitalised first word
    only when it is not a name: not seen capitalised inside a sentence in the
    news model ("Mark", "Grant") and not followed by a capitalised word."""
    for k in range(i, i + n):
        s = tok.surf[k]
        if s.islower() and s.isalpha() or (s.islower() and "-" in s and s.replace("-", "").isalpha()):
            continue
        if (k == i and tok.starts[k] and s[0].isupper() and s[1:].islower() and s.isalpha()
                and not stats.uni.get(s) and not (i + n < len(tok.surf) and not tok.starts[i + n]
                                                   and tok.surf[i + n][0].isupper())):
            continue
        return False
    return True


def _judge(stats: Stats, prev: str, words: tuple, nxt: str) -> tuple:
    """(best original or "", its log-odds, context bigrams seen for the spun
    words, for the original) for spun ``words`` between ``prev`` and ``nxt``;
    None when the spun words are seen in news copy with these neighbours
    (more than ``MAX_SEEN_SPUN`` times): then they are not suspects at all."""
    key = (prev, words, nxt)
    try:
        return stats.cache[key]
    except KeyError:
        if len(stats.cache) > 50_000:
            stats.cache.clear()
        hit = stats.cache[key] = _judge_uncached(stats, prev, words, nxt)
        return hit


def _judge_uncached(stats: Stats, prev: str, words: tuple, nxt: str) -> tuple | None:
    uni, bi, total = stats.uni, stats.bi, stats.total
    pre, suf = prev + " ", " " + nxt
    seen_w = bi.get(pre + words[0], 0) + bi.get(words[-1] + suf, 0)
    if seen_w > MAX_SEEN_SPUN:      # a normal collocation: not a suspect (and cheap)
        return None
    base = _chain(stats, prev, words, nxt)
    lam, rest = LM_LAMBDA, 1.0 - LM_LAMBDA
    cp = uni.get(prev, 0)
    floor = stats.floors.get(words, 0)
    if floor and len(words) == 1:       # a word of general English: its floor count
        w = words[0]
        pw = (max(uni.get(w, 0), floor) + 0.5) / total
        base += (math.log(lam * bi.get(pre + w, 0) / cp + rest * pw if cp else pw)
                 - _lp(stats, prev, w))
    pu_next = (uni.get(nxt, 0) + 0.5) / total
    top = second = (-math.inf, "")
    for x, pen in stats.phrases[words]:        # _chain(stats, prev, (x,), nxt), inlined
        cx = uni.get(x, 0)
        pux = (cx + 0.5) / total
        a = lam * bi.get(pre + x, 0) / cp + rest * pux if cp else pux
        b = lam * bi.get(x + suf, 0) / cx + rest * pu_next if cx else pu_next
        cand = (math.log(a) + math.log(b) - base - pen, x)
        if cand > top:
            top, second = cand, top
        elif cand > second:
            second = cand
    best, x = top
    seen_x = bi.get(pre + x, 0) + bi.get(x + suf, 0)
    if best - second[0] < RUNNER_UP:
        x = ""
    return x, round(best, 4), seen_w, seen_x


def half_suspects(tok: _Tokens, taken: Sequence[tuple] = (), stats: Stats | None = None
                  ) -> list[Suspect]:
    """Repair-only suspects, for articles already found spun: a single word
    seen in news copy next to one neighbour but never next to the other, whose
    best original is at least ``HALF_MARGIN`` likelier on that unseen side
    alone (spinner's prior included), leads the runner-up by ``RUNNER_UP``, and
    was itself seen next to that neighbour ("to bargain additional" -> "buy")."""
    stats = stats or load_stats()
    phrases, bi = stats.phrases, stats.bi
    skip = set()
    for a, n in taken:
        skip.update(range(a, a + n))
    out: list[Suspect] = []
    for i, k in enumerate(tok.keys):
        cands = phrases.get((k,))
        if cands is None or i in skip or tok.surf[i][0].isdigit() or not _lower_ok(tok, i, 1, stats):
            continue
        prev, nxt = _context(tok, i, 1)
        left, right = bi.get(prev + " " + k, 0), bi.get(k + " " + nxt, 0)
        if bool(left) == bool(right):
            continue
        if not left:
            base, side = _lp(stats, prev, k), [(_lp(stats, prev, x) - pen, x, bi.get(prev + " " + x, 0))
                                              for x, pen in cands]
        else:
            base, side = _lp(stats, k, nxt), [(_lp(stats, x, nxt) - pen, x, bi.get(x + " " + nxt, 0))
                                             for x, pen in cands]
        side.sort(reverse=True)
        best, x, seen_x = side[0]
        best -= base
        if (best < HALF_MARGIN or not seen_x
                or len(side) > 1 and side[1][0] - base > best - RUNNER_UP):
            continue
        out.append(Suspect(i, 1, x, round(best, 4), left + right, seen_x))
    return out


def find_suspects(tok: _Tokens, taken: Sequence[tuple] = (), stats: Stats | None = None
                  ) -> list[Suspect]:
    """Words (or phrases) in ``tok`` that a thesaurus spinner could have written
    for a much likelier original in context: the reverse thesaurus proposes
    originals, the news model scores each against the spun word with its
    neighbours.  ``taken`` is word spans ``(i, n)`` to skip (table matches)."""
    stats = stats or load_stats()
    lengths, phrases = stats.lengths, stats.phrases
    keys = tok.keys
    hits = [i for i, k in enumerate(keys) if k in lengths]
    if not hits:
        return []
    skip = set()
    for a, n in taken:
        skip.update(range(a, a + n))
    out: list[Suspect] = []
    total, next_free = len(keys), 0
    surf = tok.surf
    for i in hits:
        if i < next_free or i in skip or surf[i][0].isdigit():
            continue
        for n in lengths[keys[i]]:
            if i + n > total:
                continue
            words = tuple(keys[i:i + n])
            if n > 1 and (words not in phrases or any(k in skip for k in range(i, i + n))
                          or not all(tok.clean_gap(k) for k in range(i + 1, i + n))):
                continue
            if not _lower_ok(tok, i, n, stats):
                break
            prev, nxt = _context(tok, i, n)
            judged = _judge(stats, prev, words, nxt)
            if judged is not None:
                out.append(Suspect(i, n, *judged))
                next_free = i + n
            break
    return out


# --------------------------------------------------------------------------- detect

class SpinEvidence(NamedTuple):
    """What the detector saw: weighted phrase hits, spun and plain attributions,
    and words the news model takes for thesaurus-spinner output."""

    score: float
    points: float
    phrase_hits: int
    spun_attributions: int
    plain_attributions: int
    words: int
    suspects: int = 0        # words taken for spinner output (odds >= DENSE_SUSPECT, unseen)
    suspect_points: float = 0.0   # evidence points from the news model


class Analysis(NamedTuple):
    """One pass over a text: its words, table matches and statistical suspects."""

    tok: "_Tokens"
    matches: list
    suspects: list


def analyse(text: str, table: Table | None = None, stats: bool = True) -> Analysis:
    """Tokenise ``text`` once; table matches, then statistical suspects elsewhere."""
    table = table or load_table()
    tok = _Tokens(text)
    matches = find_matches(text, table, tok)
    sus = find_suspects(tok, _word_spans(tok, matches)) if stats else []
    return Analysis(tok, matches, sus)


def _word_spans(tok: "_Tokens", matches: Sequence[Match]) -> list:
    import bisect
    starts = [a for a, _ in tok.spans]
    out = []
    for m in matches:
        i = bisect.bisect_left(starts, m.start)
        j = bisect.bisect_left(starts, m.end)
        out.append((i, max(1, j - i)))
    return out


def _plain_attributions(keys: Sequence[str], table: Table) -> int:
    said = table.sets.get("SAID", frozenset())
    return sum(1 for k in keys if k in said)


def spin_evidence(text: str, table: Table | None = None,
                  matches: Sequence[Match] | None = None,
                  suspects: Sequence[Suspect] | None = None,
                  tok: "_Tokens | None" = None) -> SpinEvidence:
    """Score ``text`` for spinning from the table's evidence and the news
    model's suspects (see module doc)."""
    table = table or load_table()
    if matches is None or suspects is None or tok is None:
        an = analyse(text, table)
        tok, matches, suspects = an.tok, an.matches, an.suspects
    points = sum(m.entry.weight for m in matches if m.entry.family != "reporting")
    hits = sum(1 for m in matches if m.entry.weight > 0 and m.entry.family != "reporting")
    spun_attr = sum(1 for m in matches if m.entry.family == "reporting" and m.entry.weight > 0)
    plain = _plain_attributions(tok.keys, table)
    if spun_attr >= MIN_ATTRIB:
        share = spun_attr / (spun_attr + plain)
        points += spun_attr * share
    stat_points, dense = suspect_evidence(tok, suspects)
    points += stat_points
    words = len(tok.keys)
    score = round(1.0 - math.exp(-points / SCALE), 4)
    return SpinEvidence(score, round(points, 4), hits, spun_attr, plain, words, dense,
                        round(stat_points, 4))


def suspect_evidence(tok: "_Tokens", suspects: Sequence[Suspect]) -> tuple[float, int]:
    """Evidence points from the news model's suspects, and how many counted."""
    strong = weight = 0.0
    dense = 0
    for x in suspects:
        if x.seen_spun:
            continue
        if x.odds > WEIGHT_LO:
            weight += min(1.0, (x.odds - WEIGHT_LO) / WEIGHT_SPAN)
        if x.odds >= DENSE_SUSPECT:
            dense += 1
            if x.odds > STRONG_SUSPECT:
                strong += min(1.0, x.odds - STRONG_SUSPECT)
    if not dense and not weight:
        return 0.0, 0
    lower = sum(1 for s in tok.surf if s.islower())
    density = 100.0 * dense / (lower + DENSITY_PAD)
    points = (STRONG_WEIGHT * max(0.0, strong - FREE_STRONG)
              + DENSITY_WEIGHT * max(0.0, density - FREE_DENSITY)
              + WEIGHT_POINTS * max(0.0, weight - WEIGHT_PER_WORD * lower - WEIGHT_FREE))
    return points, dense


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


def statistical_matches(tok: "_Tokens", suspects: Sequence[Suspect], half: bool = False
                        ) -> list[Match]:
    """Suspects confident enough to repair, as matches (rule ``thesaurus:<spun>``);
    ``half``: suspects from ``half_suspects`` (already filtered)."""
    out = []
    for x in suspects:
        if not half and (not x.original or x.odds < REPAIR_MARGIN or x.seen_spun > MAX_SEEN_SPUN
                         or x.seen_orig < MIN_SEEN_ORIG):
            continue
        i, n = x.start, x.n
        spun = " ".join(tok.keys[i:i + n])
        e = Entry(spun, tuple(tok.keys[i:i + n]), (" ",) * (n - 1), x.original, (), "thesaurus",
                  0.0, False, THESAURUS.name)
        out.append(Match(tok.spans[i][0], tok.spans[i + n - 1][1], e, _replacement(tok, i, n, e)))
    return out


def _all_matches(an: Analysis) -> list[Match]:
    """Table matches, then confident suspects; then, once, suspects judged again
    with the first pass's one-word repairs as their neighbours (a spinner
    changes neighbouring words too, which hides the original's collocations)."""
    extra = statistical_matches(an.tok, an.suspects)
    if not extra or not SECOND_PASS:
        return sorted(an.matches + extra, key=lambda m: m.start)
    done = an.matches + extra
    tok = an.tok
    view = object.__new__(_Tokens)
    for slot in _Tokens.__slots__:
        setattr(view, slot, getattr(tok, slot))
    view.keys = list(tok.keys)
    spans = _word_spans(tok, done)
    _repaired_keys(view, spans, done)
    more = statistical_matches(view, find_suspects(view, spans))
    if HALF_MARGIN is not None:
        new_spans = _word_spans(tok, more)
        _repaired_keys(view, new_spans, more)
        spans += new_spans
        more += statistical_matches(view, half_suspects(view, spans), half=True)
    return sorted(done + more, key=lambda m: m.start)


def _repaired_keys(view: "_Tokens", spans: Sequence[tuple], matches: Sequence[Match]) -> None:
    """Give ``view`` the repaired word where a match replaced one word by one."""
    for (i, n), m in zip(spans, matches):
        if n == 1 and " " not in m.replacement:
            view.keys[i] = _norm(m.replacement)


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
    an = analyse(text, table)
    if not force and spin_evidence(text, table, an.matches, an.suspects, an.tok).score < THRESHOLD:
        return text, []
    return apply_matches(text, _all_matches(an))


def despin_article(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """Score the article for spinning; repair it when it is spun.

    The body is repaired with the table and the news model; the ``credits``
    lines (the spinner went over them too: "Related Press writers ...") with
    the table only.  A credits repair carries ``"field": "credits.<k>"`` and
    its offset is into that credits line.
    """
    table = load_table(tuple(options.spin_table_files))
    an = analyse(article.text, table)
    ev = spin_evidence(article.text, table, an.matches, an.suspects, an.tok)
    threshold = THRESHOLD if options.spin_threshold is None else options.spin_threshold
    if ev.score < threshold:
        return article.replace(spun=False, spin_score=ev.score)
    text, repairs = apply_matches(article.text, _all_matches(an))
    changes = {}
    if article.credits:
        credits = []
        for k, line in enumerate(article.credits):
            fixed, reps = apply_matches(line, find_matches(line, table))
            credits.append(fixed)
            repairs += [dict(r, field=f"credits.{k}") for r in reps]
        if credits != list(article.credits):
            changes["credits"] = credits
    return article.replace(spun=True, spin_score=ev.score, text=text,
                           repairs=list(article.repairs) + repairs, **changes)


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
        text = article.text
        if "field" in r:                      # "credits.0": a repair in that credits line
            name, _, k = r["field"].partition(".")
            text = getattr(article, name)[int(k)] if k.isdigit() else getattr(article, name)
        a, b = r["offset"], r["offset"] + len(r["to"])
        left = text[max(0, a - width):a].split("\n")[-1]
        right = text[b:b + width].split("\n")[0]
        where = f"{r['field']}@{a}" if "field" in r else f"@{a}"
        lines.append(f"  {where:<7} ...{left}[{style('-' + r['from'], fg='red')} "
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
           "apply_matches", "load_table", "format_repairs", "despin_inputs", "repairs_record",
           "THRESHOLD", "SpinTableError", "analyse", "find_suspects", "load_stats", "make_stats",
           "statistical_matches", "suspect_evidence", "half_suspects"]
