"""A run's spinner, learned from its flagged articles: repairs that agree across articles.

A content farm runs every story through the same spinner, and a dictionary
spinner writes the same synonym for a word in every story ("mentioned" for
"said", "troopers" for "soldiers").  A written word that despin repaired to
the same original in ``lexicon_min`` flagged articles of one run (and to
that original in ``lexicon_share`` of the articles that repaired it at all)
speaks for its occurrences in the run's other flagged articles, where the
context alone was too weak to decide.  As in ``despin.consistent``, an
occurrence takes the original only where it fits at least
``consistent_side`` better than the written word on each side, and never
in an article that repaired the word otherwise or was restored from its
source (the source's words are the story's own).

``Lexicon`` collects the repairs as the run's articles pass; ``apply``
rewrites one article.  The ``clean`` runner does both in its siblings step.
"""
from __future__ import annotations

from collections import Counter

from .. import settings
from ..article import Article
from .consistent import side_gain
from .context import Model, load_model
from .tokens import Tokens, norm_word

LEXICON = "lexicon"
_OWN = ("sibling", "peer", LEXICON)      # repairs from other articles: no evidence of the spinner


def _pairs(article: Article) -> set:
    """(written word, original) of the one-word lower-case body repairs
    despin made in ``article`` itself."""
    out = set()
    for r in article.repairs:
        if not isinstance(r, dict) or r.get("field") is not None:
            continue
        frm, to, rule = r.get("from"), r.get("to"), r.get("rule")
        if (isinstance(frm, str) and isinstance(to, str) and isinstance(rule, str)
                and rule.split(":", 1)[0] not in _OWN and frm.islower() and to.islower()
                and frm.isalpha() and to.isalpha()):
            out.add((norm_word(frm), norm_word(to)))
    return out


class Lexicon:
    """Counts, over a run's flagged articles, which original each written word was repaired to.

    >>> lex = Lexicon()
    >>> for k in range(3):
    ...     lex.add(Article(id=str(k), text="x", spun=True,
    ...                     repairs=[{"offset": 0, "from": "mentioned", "to": "said", "rule": "r"}]))
    >>> lex.pairs()
    {'mentioned': 'said'}
    """

    def __init__(self):
        self.counts: dict = {}

    def add(self, article: Article) -> None:
        if article.spun:
            for w, x in _pairs(article):
                self.counts.setdefault(w, Counter())[x] += 1

    def pairs(self) -> dict:
        """written word -> original, for words repaired alike often enough."""
        cfg = settings.DESPIN
        if cfg.lexicon_min is None:
            return {}
        out = {}
        for w, xs in self.counts.items():
            x, n = min(xs.items(), key=lambda t: (-t[1], t[0]))
            if n >= cfg.lexicon_min and n >= cfg.lexicon_share * sum(xs.values()):
                out[w] = x
        return out


def apply(article: Article, pairs: dict, model: Model | None = None) -> Article:
    """``article`` with the run's ``pairs`` put in where they fit (rule
    ``lexicon:<written word>``); as it is when none does, when it is not
    flagged or when it was restored from its source.

    >>> a = Article(id="a", spun=True, text="Officials mentioned the troops would return.")
    >>> apply(a, {"mentioned": "said"}).text
    'Officials said the troops would return.'
    """
    if not pairs or not article.spun or any(
            isinstance(r, dict) and r.get("rule") == "sibling" for r in article.repairs):
        return article
    side = settings.DESPIN.consistent_side
    own = _pairs(article)
    mine = {w for w, _ in own}
    body = [r for r in article.repairs if isinstance(r, dict) and r.get("field") is None]
    held = [(r["offset"], r["offset"] + len(r["to"])) for r in body
            if isinstance(r.get("offset"), int) and isinstance(r.get("to"), str)]
    tok = Tokens(article.text)
    model = model or load_model()
    edits = []
    for i, k in enumerate(tok.keys):
        x = pairs.get(k)
        if x is None or k in mine or not tok.surf[i].islower():
            continue
        a, b = tok.spans[i]
        if any(s < b and a < e for s, e in held):
            continue
        if side is None or side_gain(model, tok, i, x) < side:
            continue
        edits.append((a, b, x))
    if not edits:
        return article
    return article.replace(**_rewrite(article, edits))


def _rewrite(article: Article, edits: list) -> dict:
    """The text with ``edits`` ``(start, end, new)`` made, and the repairs:
    the new ones, and the article's own with their body offsets moved."""
    text, parts, pos, shift, shifts, new = article.text, [], 0, 0, [], []
    for a, b, x in edits:
        parts += [text[pos:a], x]
        new.append({"offset": a + shift, "from": text[a:b], "to": x, "rule": f"{LEXICON}:{text[a:b]}"})
        shift += len(x) - (b - a)
        shifts.append((b, len(x) - (b - a)))
        pos = b
    parts.append(text[pos:])
    body, rest = [], []
    for r in article.repairs:
        if isinstance(r, dict) and r.get("field") is None and isinstance(r.get("offset"), int):
            body.append(dict(r, offset=r["offset"] + sum(d for e, d in shifts if e <= r["offset"])))
        else:
            rest.append(r)
    return {"text": "".join(parts), "repairs": sorted(body + new, key=lambda r: r["offset"]) + rest}


__all__ = ["LEXICON", "Lexicon", "apply"]
