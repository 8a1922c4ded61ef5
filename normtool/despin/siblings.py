"""Restore a spun copy from an unspun copy of the same story (its sibling).

A spinner keeps a story's sentences and swaps words.  When a run holds
both a spun copy and the copy it was spun from (a content farm's rewrite
beside the wire copy), the two align word for word and every swap shows:
short runs of one to three words that differ between long runs that agree.
No thesaurus or context model can match that: the sibling holds the very
words the spinner took out.

Which of two copies is the spun one is decided by the news model
(``compare``): the spun side's words fit their context worse at most swaps
(a spinner picks synonyms without reading the sentence; an editor picks
the better word).
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

from collections import Counter
from typing import Sequence

from .. import settings
from ..article import Article
from .compare import Swap, bigram_fit, compare, is_short, plain_enough, rewords, swaps
from .context import Model, load_model
from .detect import spin_score
from .tokens import Tokens
from .witnesses import misspelt, outvoted

RULE = "sibling"
PEER = "peer"       # rule of words taken from another spun copy of the story
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
    short = [s for s in verdict.swaps if is_short(s)]
    return verdict.spun and sum(s.gain > 0 for s in short) >= settings.DESPIN.sibling_source_worse * len(short)


def _a_copy(member: Article, others: Sequence[Article], model: Model | None) -> bool:
    """Is ``member`` a spun rewrite of another unflagged member?  Then that
    one is the likelier source: a copy restored from a copy keeps the words
    the first spinner swapped."""
    tok = Tokens(member.text)
    return any(compare(tok, Tokens(o.text), bool(member.spun), model).spun
               for o in others if o.id != member.id and not o.spun)


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
    short = [s for s in found if is_short(s)]
    if not (both and agree >= cfg.sibling_agree * both and plain_enough(tok, peer_tok, short, both)):
        return None

    def choose(t: Tokens, other: Tokens, s: Swap) -> list:
        return [w for w in _words(t, other, s, model) if w.gain >= cfg.peer_margin] if is_short(s) else []
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
        gain = bigram_fit(model, prev, [peer.lm[j]], nxt) - bigram_fit(model, prev, [lm[i]], nxt)
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
        if (written is not None and not any(rewords(written, m, model) for m in others if not m.spun)
                and any(_is_source(written, m, model) for m in others)):
            return written
        for member in others:
            tok = tok or Tokens(article.text)
            got = from_peer(article, member, model, tok)
            if got is not None:
                return got
    return article


__all__ = ["PEER", "RULE", "restore", "restore_story", "from_peer", "as_written", "undo"]
