"""A reverse-thesaurus repair checked against every candidate source.

The news model's suspects (``despin.model``) take their originals from the
reverse thesaurus alone (``spin_thesaurus.tsv``, WordNet's).  A spinner
built on another thesaurus writes words that WordNet links to the wrong
original: a dictionary spinner that writes "viva voce" for every "said"
gets "oral" back, the one original WordNet gives the phrase, where the
phrase links (Moby's) also offer "said" and the context ("the company ...
it expects") wants it.  So each such repair is judged again among the
pooled candidates (the context model's links, or the phrase links for a
phrase) by the context model on both sides, and another candidate takes
it when it fits better by ``pool_margin`` log-odds (its prior penalty
counted, the reverse thesaurus's own choice none).  It runs only where a
repair is made, in an article already flagged.
"""
from __future__ import annotations

from typing import Sequence

from .. import settings
from .context import Model, candidates, load_model, logp_around, prior_penalty
from .detect import word_spans
from .forms import same_word
from .match import Match, replacement
from .phrases import PhraseLinks, linked, load_phrase_links
from .table import Entry
from .tokens import Tokens

FAMILY = "thesaurus"        # the family (rule prefix) of ``despin.statistical_matches``' entries


def pooled(tok: Tokens, matches: Sequence[Match], model: Model | None = None,
           links: PhraseLinks | None = None) -> list[Match]:
    """``matches``, each reverse-thesaurus repair changed to the pooled
    candidate that fits its context better by ``pool_margin``; the others
    as they are."""
    margin = settings.DESPIN.pool_margin
    if margin is None or not matches:
        return list(matches)
    model = model or load_model()
    links = links or load_phrase_links()
    out = []
    for m, (i, n) in zip(matches, word_spans(tok, matches)):
        if m.entry.family == FAMILY:
            x = best_original(tok, i, n, m.entry.original, margin, model, links)
            if x != m.entry.original:
                e = m.entry
                e = Entry(e.spun, e.key, e.gaps, x, e.conds, e.family, e.weight, e.cased, e.source)
                m = Match(m.start, m.end, e, replacement(tok, i, n, e))
        out.append(m)
    return out


def best_original(tok: Tokens, i: int, n: int, original: str, margin: float, model: Model,
                  links: PhraseLinks) -> str:
    """The candidate for words ``[i, i+n)`` that beats ``original`` in
    context by ``margin`` (log P on both sides less its prior penalty), or
    ``original``.  Never another form of a one-word written word."""
    words = tuple(tok.keys[i:i + n])
    if n == 1:
        pool = {x: pen for x, pen, _ in candidates(model, words[0]) if not same_word(words[0], x)}
    else:
        pool = {x: prior_penalty(model, x, src) for x, src in linked(links, words)}
    pool.pop(original, None)
    if not pool:
        return original
    prev, nxt = tok.neighbours(i, n)
    names = [original, *pool]
    fits = [a + b - (pool[x] if x in pool else 0.0) for x, (a, b) in zip(names, logp_around(model, prev, names, nxt))]
    best = max(range(1, len(names)), key=lambda k: (fits[k], -k))
    return names[best] if fits[best] - fits[0] >= margin else original


__all__ = ["pooled", "best_original"]
