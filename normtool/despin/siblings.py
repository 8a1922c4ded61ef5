"""Restore a spun copy from an unspun copy of the same story (its sibling).

A spinner keeps a story's sentences and swaps words.  When a run holds
both a spun copy and the copy it was spun from (a content farm's rewrite
beside the wire copy), the two align word for word and every swap shows:
short runs of one to three words that differ between long runs that agree.
No thesaurus or context model can match that: the sibling holds the very
words the spinner took out.

Which of two copies is the spun one is decided by the news model: the
spun side's words fit their context worse at most swaps (a spinner picks
synonyms without reading the sentence; an editor picks the better word).
Figures are never copied (a story updated, not spun; nor "three" for
"two"), nor long rewritten passages.  Differences an editor makes as
often as a spinner (one word's forms, spellings, abbreviations, grammar
words) are no evidence.  A copy that differs from its sibling at only a
few places, or mostly in passages, is left as it is: clean syndicated
copies differ by furniture, titles and cut tails, not by scattered words.

``restore`` is the step; ``dedup`` tells which articles are copies of one
story (``clean`` runs it for this when despin is on).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple, Sequence

from .. import settings
from ..article import Article
from ..data import word_list
from .align import opcodes
from .context import Model, load_model, logp
from .detect import spin_score
from .forms import editorial
from .tokens import Tokens
from .witnesses import misspelt, outvoted

RULE = "sibling"
PEER = "peer"       # rule of words taken from another spun copy of the story
_CLOSING = " \n.,;:!?\"')\u201d\u2019"   # what may follow words that close a clause
GRAMMAR = "match_stopwords.txt"     # grammar words: no evidence of spinning
NUMBERS = "match_numbers.txt"       # figures written as words
_FIGURE = re.compile(r"\d+")         # the numbers of a swap's side


class Swap(NamedTuple):
    """Words ``[i1, i2)`` of the copy where its sibling has words ``[j1, j2)``."""

    i1: int
    i2: int
    j1: int
    j2: int
    gain: float         # fit of the sibling's words minus the copy's, in the copy's context


class Verdict(NamedTuple):
    """How a copy compares with its sibling."""

    spun: bool          # the copy is a spun rewrite of the sibling
    swaps: tuple        # word swaps a spinner may have made (``Swap``)
    agree: int          # words the two have in common, in order
    words: int          # words of the copy
    cases: tuple = ()   # capitals the copy lost on words the two agree on (``_cases``)


def _fit(model: Model, prev: str, words: Sequence[str], nxt: str) -> float:
    """log P of ``words`` between ``prev`` and ``nxt`` by the news bigrams."""
    chain = [prev, *words, nxt]
    return sum(logp(model, a, b) for a, b in zip(chain, chain[1:]))


def _figures(a: Sequence[str], b: Sequence[str]) -> bool:
    """Figures differ: an updated story, not a spinner (which leaves figures):
    other numbers on each side or a number on one only, or a number word on
    both ("three" for "two"; a spinner may write "single" for "one").  The
    same numbers in other words are a spinner's swap of the words around
    them ("559-information" for "559-member", "13 year" for "13-year").

    >>> _figures(["two"], ["three"]), _figures(["one"], ["single"]), _figures(["12"], ["dozen"])
    (True, False, True)
    >>> _figures(["559-member"], ["559-information"]), _figures(["13-year"], ["13", "year"])
    (False, False)
    >>> _figures(["13-year"], ["14-year"]), _figures(["13-year"], ["year"])
    (True, True)
    """
    if any(w[:1].isdigit() for w in list(a) + list(b)) and _FIGURE.findall(" ".join(a)) != \
            _FIGURE.findall(" ".join(b)):
        return True
    words = word_list(NUMBERS)
    return any(w in words for w in a) and any(w in words for w in b)


def _plain_gaps(tok: Tokens, i1: int, i2: int, closing: bool = False) -> bool:
    """Words ``[i1, i2)`` stand inside a sentence with plain spaces around
    them; with ``closing``, they may end a clause or sentence ("an ash
    tree," for "an ash,").
    """
    if not (0 < i1 < len(tok.keys) and not tok.starts[i1]):
        return False
    if closing and i2 > i1 and tok.gap(i2).strip(" ") and not tok.gap(i2).strip(_CLOSING):
        i2 -= 1
    return all(tok.gap(i) == " " for i in range(i1, i2 + 1))


def swaps(copy: Tokens, sibling: Tokens, model: Model | None = None,
          ops: list | None = None) -> tuple[list, int]:
    """The short word swaps between two aligned texts, and the words they agree on.

    A swap is up to ``sibling_span`` words against up to ``sibling_span``
    (a word for a phrase, a phrase for nothing) between agreeing words;
    swaps of figures are left out.  A word added or dropped must stand
    inside a sentence (cut tails and furniture are no swaps).  Runs of
    words replaced by as many, up to ``sibling_run`` (neighbouring swaps
    of a heavy spinner), and phrases of up to ``sibling_phrase`` words
    for a shorter one ("to a lesser extent" for "less") are swaps too,
    but never evidence (``_short``).  ``ops``: the two texts' alignment
    (``align.opcodes``), when already made.
    """
    model = model or load_model()
    cfg = settings.DESPIN
    span, run, phrase = cfg.sibling_span, cfg.sibling_run, cfg.sibling_phrase
    a, b = copy.keys, sibling.keys
    ops = opcodes(a, b) if ops is None else ops
    agree = sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal")
    out = []
    lm, blm = copy.lm, sibling.lm
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            continue
        if (i2 - i1 > span or j2 - j1 > span) and not (op == "replace" and (
                i2 - i1 == j2 - j1 <= run or min(i2 - i1, j2 - j1) <= span
                and max(i2 - i1, j2 - j1) <= phrase)):
            continue
        if (k > 0 and ops[k - 1][0] != "equal") or (k + 1 < len(ops) and ops[k + 1][0] != "equal"):
            continue        # a swap stands between agreeing words (or a text's ends)
        if op == "delete" and not _plain_gaps(copy, i1, i2, closing=True):
            continue
        if op == "insert" and not (_plain_gaps(copy, i1, i1) and _plain_gaps(sibling, j1, j2)):
            continue
        if _figures(a[i1:i2], b[j1:j2]):
            continue
        prev, nxt = copy.neighbours(i1, i2 - i1)
        gain = _fit(model, prev, blm[j1:j2], nxt) - _fit(model, prev, lm[i1:i2], nxt)
        out.append(Swap(i1, i2, j1, j2, round(gain, 4)))
    return out, agree


def _cases(copy: Tokens, sibling: Tokens, ops: list) -> list:
    """Words the two agree on whose capital the copy lost inside a
    sentence: a name spun as a lower-case word of the same letters
    ("union" for "Union").  Put back, never evidence."""
    out = []
    for op, i1, i2, j1, _ in ops:
        if op != "equal":
            continue
        for i, j in zip(range(i1, i2), range(j1, j1 + i2 - i1)):
            u, v = copy.surf[i], sibling.surf[j]
            if (u != v and u.islower() and v[:1].isupper() and not copy.starts[i]
                    and not sibling.starts[j]):
                out.append(Swap(i, i + 1, j, j + 1, 0.0))
    return out


def _plain(copy: Tokens, sibling: Tokens, s: Swap, grammar: frozenset) -> int:
    """Plain swaps in ``s``: a lower-case content word for another, word by
    word, no form, spelling or abbreviation of it; or, counted once, a
    phrase for a word or phrase of another length ("per centum" for "pct",
    "business firm" for "house"), both sides holding such a word and
    sharing none.  Editors rewrite too, but mostly around grammar words
    ("while" for "and", "do so" for "call it").  A capitalised word for
    another counts too where the copy's words fit far worse
    (``sibling_name_gain``): a spinner's "Protections and Exchange
    Commission"; an editor's changed name or day ("Tuesday" for "Monday")
    fits as well as the old one.
    """
    a, b = copy.keys[s.i1:s.i2], sibling.keys[s.j1:s.j2]
    if len(a) != len(b):
        ca = [k for w, k in zip(copy.surf[s.i1:s.i2], a) if w.islower() and k not in grammar]
        cb = [k for w, k in zip(sibling.surf[s.j1:s.j2], b) if w.islower() and k not in grammar]
        return int(bool(ca and cb) and not set(a) & set(b)
                   and not editorial("".join(a), "".join(b))
                   and not any(editorial(x, y) for x in ca for y in cb))
    cap = settings.DESPIN.sibling_name_gain
    names = cap is not None and s.gain >= cap
    return sum((u.islower() and v.islower() or names and u[:1].isupper() and v[:1].isupper())
               and x not in grammar and y not in grammar and not editorial(x, y)
               for u, v, x, y in zip(copy.surf[s.i1:s.i2], sibling.surf[s.j1:s.j2], a, b))


def compare(copy: Tokens, sibling: Tokens, flagged: bool = False,
            model: Model | None = None) -> Verdict:
    """Is ``copy`` a spun rewrite of ``sibling``?

    Most of the copy (or of the sibling, when that is shorter: either may
    be cut short) must agree with the other word for word, and at most of
    the swaps its own words must fit the context worse.  A copy despin
    has ``flagged`` needs one such swap; any other needs ``sibling_swaps``
    plain swaps (``_plain``), ``sibling_density`` of its words (an editor's
    rewrite of wire copy changes a few words, a spinner one in ten), and
    its words must fit worse by ``sibling_gain`` on average over the
    swaps: where neither text looks spun, older or literary prose may fit
    the news model a little worse than a thesaurus's plainer rewrite of
    it, and a source must never be taken for its own copy.
    """
    cfg = settings.DESPIN
    ops = opcodes(copy.keys, sibling.keys)
    found, agree = swaps(copy, sibling, model, ops)
    short = [s for s in found if _short(s)]
    n = len(copy.keys)
    both = min(n, len(sibling.keys))      # a copy cut short is compared where it runs
    worse = sum(s.gain > 0 for s in short)
    gain = sum(s.gain for s in short)
    spun = (n > 0 and agree >= cfg.sibling_agree * both and bool(short)
            and worse >= cfg.sibling_worse * len(short) and gain > 0)
    if spun and not flagged:
        spun = _spinners(copy, sibling, short, both) and gain >= cfg.sibling_gain * len(short)
    # A long run is put back only where the sibling's words fit better.  (Capitals
    # for a copy that may be restored: spun, or flagged and judged again by ``restore``.)
    cases = tuple(_cases(copy, sibling, ops)) if spun or flagged else ()
    return Verdict(spun, tuple(s for s in found if _short(s) or s.gain > 0), agree, n, cases)


def _spinners(copy: Tokens, sibling: Tokens, short: Sequence[Swap], both: int) -> bool:
    """Do the short swaps hold a spinner's plain swaps (``_plain``): at least
    ``sibling_swaps``, and ``sibling_density`` per word of the ``both``
    compared?"""
    cfg = settings.DESPIN
    grammar = word_list(GRAMMAR)
    plain = sum(_plain(copy, sibling, s, grammar) for s in short)
    return plain >= cfg.sibling_swaps and plain >= cfg.sibling_density * both


def _short(s: Swap) -> bool:
    span = settings.DESPIN.sibling_span
    return s.i2 - s.i1 <= span and s.j2 - s.j1 <= span


def _case_like(new: str, old: str, start: bool, opened: bool = True) -> str:
    """``new`` with the first letter's case of the copy's sentence position.
    A capital is dropped only where it ``opened`` a sentence of the
    sibling: elsewhere it is a name's ("Union" spun as "labor union").

    >>> _case_like("agency", "Company", True), _case_like("The agency", "company", False)
    ('Agency', 'the agency')
    >>> _case_like("Union", "union", False, opened=False)
    'Union'
    """
    if start and new[:1].islower():
        return new[0].upper() + new[1:]
    if (not start and opened and old[:1].islower() and new[:1].isupper()
            and new[1:2].islower()):
        return new[0].lower() + new[1:]
    return new


def _rewrite(text: str, tok: Tokens, sib: Tokens, found: Sequence[Swap],
             earlier: Sequence[dict], rule: str = RULE) -> tuple[str, list]:
    """Put the sibling's words in at each swap: (new text, its repairs).

    ``earlier`` repairs (offsets into ``text``) move past the edits.  One
    inside a swap is folded into the swap's repair, whose ``from`` then holds
    the input's words, so undoing the repairs still gives the input back; a
    swap cutting across one is left out.
    """
    held = [(r["offset"], r["offset"] + len(r["to"]), r) for r in earlier]
    parts, repairs, edits, folded, pos, shift = [], [], [], set(), 0, 0
    for s in found:
        new = " ".join(sib.text[sib.spans[s.j1][0]:sib.spans[s.j2 - 1][1]].split()) if s.j2 > s.j1 else ""
        if s.i2 > s.i1:                          # words replaced or dropped
            start, end = tok.spans[s.i1][0], tok.spans[s.i2 - 1][1]
            if not new:                          # dropped: the space before them goes too
                start -= len(tok.gap(s.i1))
            new = (_case_like(new, text[start:end], tok.starts[s.i1], sib.starts[s.j1])
                   if new else "")
        else:                                    # words added before word i1
            start = end = tok.spans[s.i1][0]
            new += " "
        inner = [(a, b, r) for a, b, r in held if a < end and start < b]
        if any(a < start or b > end for a, b, _ in inner):
            continue
        old = was = text[start:end]
        for a, b, r in sorted(inner, key=lambda t: -t[0]):     # the input's words
            was = was[:a - start] + r["from"] + was[b - start:]
        folded.update(id(r) for _, _, r in inner)
        parts += [text[pos:start], new]
        repairs.append({"offset": start + shift, "from": was, "to": new, "rule": rule})
        edits.append((end, len(new) - len(old)))
        shift += len(new) - len(old)
        pos = end
    parts.append(text[pos:])
    for a, _, r in held:
        if id(r) not in folded:
            repairs.append(dict(r, offset=a + sum(d for e, d in edits if e <= a)))
    repairs.sort(key=lambda r: r["offset"])
    return "".join(parts), repairs


def restore(article: Article, sibling: Article, model: Model | None = None,
            tok: Tokens | None = None, witnesses: Sequence[Tokens] = ()) -> Article | None:
    """``article`` with its spun words put back from ``sibling``; None when
    it is no spun rewrite of it.  A restored copy is ``spun`` with a
    ``spin_score`` of 1.0: its source is the surest evidence there is.

    >>> src = Article(id="a", text="The spy agency said on Monday that the rebels had "
    ...     "attacked a convoy near the border and that three soldiers were killed.")
    >>> copy = Article(id="b", text="The spy company mentioned on Monday that the rebels had "
    ...     "attacked a convoy close to the border and that three troopers were killed.")
    >>> restore(copy, src).text == src.text
    True
    >>> restore(src, copy) is None
    True
    """
    model = model or load_model()
    tok, sib = tok or Tokens(article.text), Tokens(sibling.text)    # ``tok``: the article's, if made
    verdict = compare(tok, sib, bool(article.spun), model)
    mine = _body_repairs(article)
    if not verdict.spun and article.spun and mine:
        # Despin's own repairs may fit the context better than the source's
        # words; which side is spun is judged on the words the spinner wrote.
        written = Tokens(undo(article.text, mine))
        verdict = verdict._replace(spun=compare(written, sib, True, model).spun)
    if not verdict.spun:
        return None
    rest = [r for r in article.repairs if r not in mine]
    found = outvoted(tok, sib, verdict.swaps, witnesses) if witnesses else verdict.swaps
    text, repairs = _rewrite(article.text, tok, sib, sorted(tuple(found) + verdict.cases), mine)
    changes, rest = _retitle(article, sibling, rest, model, lambda t, o, s: [s])
    return article.replace(text=text, spun=True, spin_score=1.0, repairs=repairs + rest, **changes)


def _score(article: Article) -> float:
    """The detector's spin score of an article: clean's, or computed here."""
    return article.spin_score if article.spin_score is not None else spin_score(article.text)


def _field(r) -> str | None:
    return r.get("field") if isinstance(r, dict) else ""


def _retitle(article: Article, other: Article, rest: list, model: Model, choose, rule: str = RULE
             ) -> tuple[dict, list]:
    """The title's swaps against ``other``'s title, where the two agree on
    half its words, each passed through ``choose(tok, other_tok, swap)``
    (the swaps to make of it): ``({"title": new}, repairs)`` or ``({}, rest)``.
    ``rest``: the article's repairs outside its body, title ones among them."""
    if not (article.title and other.title):
        return {}, rest
    ttok, tother = Tokens(article.title), Tokens(other.title)
    found, agree = swaps(ttok, tother, model)
    take = [w for s in found for w in choose(ttok, tother, s)]
    if not take or agree < settings.DESPIN.sibling_agree * len(ttok.keys):
        return {}, rest
    titled = [r for r in rest if _field(r) == "title" and _valid(r, article.title)]
    rest = [r for r in rest if r not in titled]
    title, reps = _rewrite(article.title, ttok, tother, take, titled, rule)
    return {"title": title}, rest + [dict(r, field="title") for r in reps]


def undo(text: str, repairs: Sequence[dict]) -> str:
    """``text`` as it was before ``repairs`` (valid ones, of this text).

    >>> undo("The spy agency said", [{"offset": 8, "from": "company", "to": "agency"}])
    'The spy company said'
    """
    for r in sorted(repairs, key=lambda r: -r["offset"]):
        text = text[:r["offset"]] + r["from"] + text[r["offset"] + len(r["to"]):]
    return text


def _body_repairs(article: Article) -> list:
    """The article's repairs of its body that still match its text (those
    ``undo`` can take back)."""
    return [r for r in article.repairs if _field(r) is None and _valid(r, article.text)]


def _valid(r: dict, text: str) -> bool:
    """A repair whose offset and words match ``text`` (a user's JSONL may hold any)."""
    off, to, frm = r.get("offset"), r.get("to"), r.get("from")
    return (isinstance(off, int) and isinstance(to, str) and isinstance(frm, str)
            and 0 <= off <= len(text) and text[off:off + len(to)] == to)


def as_written(article: Article) -> Article | None:
    """``article`` as its writer wrote it, unflagged, when despin flagged it
    but repaired few of its words (``sibling_source_repairs``, in the body
    and title only); else None.  Clean copy of other outlets is now and then
    flagged for a word or two (an Australian "summonsed"): when a copy in
    the run is a spinner's rewrite of it, it is the source, and despin's
    flag was wrong.

    >>> a = Article(id="a", text="Unions have been invited to give evidence.", spun=True,
    ...     repairs=[{"offset": 17, "from": "summonsed", "to": "invited", "rule": "context:summonsed"}])
    >>> as_written(a).text, as_written(a).spun
    ('Unions have been summonsed to give evidence.', False)
    """
    reps = article.repairs
    if not 0 < len(reps) <= settings.DESPIN.sibling_source_repairs:     # none: nothing to undo
        return None
    body = _body_repairs(article)
    title = [r for r in reps if _field(r) == "title" and _valid(r, article.title or "")]
    if len(body) + len(title) != len(reps):
        return None
    return article.replace(text=undo(article.text, body), spun=False, repairs=[],
                           title=undo(article.title, title) if title else article.title)


def _is_source(source: Article, copy: Article, model: Model | None) -> bool:
    """Is ``copy``, as its spinner wrote it, a rewrite of ``source``?  The
    detector must score the copy higher; it is judged as an unflagged copy
    is (``compare``: plain swaps, its words fitting worse by a margin), and
    its words must fit worse at nearly every short swap
    (``sibling_source_worse``): two copies spun apart each fit worse at
    about half."""
    if _score(copy) <= _score(source):
        return False
    verdict = compare(Tokens(undo(copy.text, _body_repairs(copy))), Tokens(source.text), False, model)
    short = [s for s in verdict.swaps if _short(s)]
    return verdict.spun and sum(s.gain > 0 for s in short) >= settings.DESPIN.sibling_source_worse * len(short)


def _a_copy(member: Article, others: Sequence[Article], model: Model | None) -> bool:
    """Is ``member`` a spun rewrite of another unflagged member?  Then that
    one is the likelier source: a copy restored from a copy keeps the words
    the first spinner swapped."""
    tok = Tokens(member.text)
    return any(compare(tok, Tokens(o.text), bool(member.spun), model).spun
               for o in others if o.id != member.id and not o.spun)


def _rewords(article: Article, other: Article, model: Model | None) -> bool:
    """Do the two differ at a plain swap (``_plain``)?  An unflagged copy of
    an article that does may be its source, and the article no source."""
    tok, tother = Tokens(article.text), Tokens(other.text)
    found, _ = swaps(tok, tother, model)
    grammar = word_list(GRAMMAR)
    return any(_plain(tok, tother, s, grammar) for s in found if _short(s))


def from_peer(article: Article, peer: Article, model: Model | None = None,
              tok: Tokens | None = None) -> Article | None:
    """A flagged ``article`` with the words of ``peer``, another spun copy of
    its story, where they fit the context better by ``peer_margin``; None
    when the two are not a spinner's rewrites of one text.

    Two copies spun apart rarely swap the same word: where one kept the
    original, the other's synonym mostly fits worse.  The pair must agree
    in order on half their words and differ by a spinner's plain swaps
    (``sibling_swaps``, ``sibling_density``), as an unflagged copy must to
    be restored.  Each copy takes only the other's words, so the result
    does not depend on which comes first.

    >>> a = Article(id="a", spun=True, text="The spy company said on Monday that the "
    ...     "rebels had attacked a convoy near the border and that three troopers were killed.")
    >>> b = Article(id="b", spun=True, text="The spy agency mentioned on Monday that the "
    ...     "rebels had assaulted a convoy near the border and that three soldiers were killed.")
    >>> from_peer(a, b).text.split()[:4], from_peer(a, b).text.split()[-4:]
    (['The', 'spy', 'agency', 'said'], ['three', 'soldiers', 'were', 'killed.'])
    """
    cfg = settings.DESPIN
    model = model or load_model()
    tok, peer_tok = tok or Tokens(article.text), Tokens(peer.text)
    found, agree = swaps(tok, peer_tok, model)
    both = min(len(tok.keys), len(peer_tok.keys))
    short = [s for s in found if _short(s)]
    if not (both and agree >= cfg.sibling_agree * both and _spinners(tok, peer_tok, short, both)):
        return None

    def choose(t: Tokens, other: Tokens, s: Swap) -> list:
        return [w for w in _words(t, other, s, model) if w.gain >= cfg.peer_margin] if _short(s) else []
    take = [w for s in short for w in choose(tok, peer_tok, s)]
    mine = _body_repairs(article)
    rest = [r for r in article.repairs if r not in mine]
    changes, rest = _retitle(article, peer, rest, model, choose, PEER)
    if not take and not changes:
        return None
    text, repairs = _rewrite(article.text, tok, peer_tok, take, mine, PEER)
    return article.replace(text=text, repairs=repairs + rest, **changes)


def _words(copy: Tokens, peer: Tokens, s: Swap, model: Model) -> list:
    """A swap of as many words on each side, word by word, each judged
    between the copy's neighbours: two copies spun apart often swapped
    neighbouring words ("spy company said" and "spy agency mentioned")."""
    n = s.i2 - s.i1
    if n <= 1 or n != s.j2 - s.j1:
        return [s]
    lm = copy.lm
    out = []
    for k in range(n):
        i, j = s.i1 + k, s.j1 + k
        prev, nxt = copy.neighbours(i)
        gain = _fit(model, prev, [peer.lm[j]], nxt) - _fit(model, prev, [lm[i]], nxt)
        out.append(Swap(i, i + 1, j, j + 1, round(gain, 4)))
    return out


def _candidates(article: Article, others: Sequence[Article], model: Model | None) -> list:
    """The members ``article`` may be restored from, in order: unflagged ones
    unless it has too few words of its own beside them or is the likelier
    source (``sibling_lead``), flagged ones as written when shown to be its
    source (``as_written``, ``_is_source``)."""
    out, words, score = [], None, None
    for member in others:
        if member.spun:              # a source only as written, and shown to be one
            member = as_written(member)
            if member is None or not _is_source(member, article, model):
                continue
        elif not article.spun:       # too few words of its own to be spun: no alignment
            words = words or Counter(article.text.lower().split())
            own = words - Counter(member.text.lower().split())
            if sum(own.values()) < settings.DESPIN.sibling_swaps:
                continue
            score = _score(article) if score is None else score
            if _score(member) - score >= settings.DESPIN.sibling_lead:   # the member is the copy
                continue
        out.append(member)
    return out


def restore_story(article: Article, members: Sequence[Article], model: Model | None = None
                  ) -> Article:
    """``article`` restored from the first unspun member of its story that
    it is a spun rewrite of (``restore``), one that is no rewrite of another
    member first (``_a_copy``: a copy of a copy heads the story).  A flagged article that is no
    rewrite of any takes words from the first other spun copy it can
    (``from_peer``).  As it is when neither.  A flagged member is a source
    only when despin repaired few of its words and the article, as its
    spinner wrote it, is plainly a rewrite of it (``as_written``); a flagged
    article that is no copy of any member but such a source of one is given
    back as written.  An unflagged
    article is never restored from a member the
    detector scores ``sibling_lead`` higher (older or literary prose may
    fit the news model worse than a thesaurus's commoner words: the source
    must not become its copy), and only English copies are compared (the news model judges
    which side is spun)."""
    if article.lang not in (None, "en", "und"):
        return article
    others = [m for m in members if m.id != article.id and m.lang in (None, "en", "und")]
    unspun = [m for m in others if not m.spun]
    sources = _candidates(article, others, model)
    made: dict = {}             # the members' Tokens, each made once, when first needed

    def tokens(m: Article) -> Tokens:
        if m.id not in made:
            made[m.id] = Tokens(m.text)
        return made[m.id]
    if sum(not m.spun for m in sources) > 1:     # a repost's typos: tried last (``misspelt``)
        model = model or load_model()
        typos = {m.id: 0 if m.spun else misspelt(tokens(m), [tokens(o) for o in others if o.id != m.id],
                                                 model) for m in sources}
        sources.sort(key=lambda m: typos[m.id])
    tok = fallback = None
    for member in sources:
        tok = tok or Tokens(article.text)          # made once for all the members tried
        got = restore(article, member, model, tok,  # unflagged members vote on the source's words
                      [tokens(m) for m in unspun if m.id != member.id])
        if got is not None:
            if not _a_copy(member, others, model):
                return got
            fallback = fallback or got
    if fallback is not None:
        return fallback
    if article.spun:
        written = as_written(article)       # no copy of a source: the source of a copy?
        if (written is not None and not any(_rewords(written, m, model) for m in others if not m.spun)
                and any(_is_source(written, m, model) for m in others)):
            return written
        for member in others:
            tok = tok or Tokens(article.text)
            got = from_peer(article, member, model, tok)
            if got is not None:
                return got
    return article


__all__ = ["PEER", "RULE", "Swap", "Verdict", "swaps", "compare", "restore", "restore_story",
           "from_peer", "as_written", "undo"]
