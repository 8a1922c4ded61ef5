"""Despin step: detect machine-paraphrased ("spun") copy and undo the spinning.

Synonym spinners (SpinBot, WordAI and the like) swap words and short phrases
for the most common sense's synonym from a general thesaurus, without looking
at context: "said" becomes "mentioned", "Associated Press" "Related Press",
"artificial intelligence" "counterfeit consciousness".  Many spun words are
also plain English ("mentioned", "issues", "present"), so despin works in two
gates:

1. ``detect`` scores the whole article (``spin_score``); only an article
   scoring at least the threshold is ``spun``.
2. In spun copy the repairer rewrites each table phrase whose context
   condition holds (``match``), then each confident suspect of the news model
   the table did not cover (rule ``thesaurus:<spun words>``), then words seen
   next to one neighbour only whose original wins clearly on the other side
   (``model.half_suspects``), and leaves everything else alone.

Every change is recorded as ``{"offset", "from", "to", "rule"}``; ``offset``
is where ``to`` starts in the *repaired* text, so
``text[offset:offset + len(to)] == to`` and applying the repairs backwards
from the last gives the input text back.
"""
from __future__ import annotations

from typing import Sequence

from .. import settings
from ..article import Article
from ..options import CleanOptions
from .detect import Analysis, analyse, spin_evidence, word_spans
from .match import Match, apply_matches, find_matches, replacement
from .model import THESAURUS, Suspect, find_suspects, half_suspects
from .table import Entry, Table, load_table
from .tokens import Tokens, norm_word


def statistical_matches(tok: Tokens, suspects: Sequence[Suspect], half: bool = False
                        ) -> list[Match]:
    """Suspects confident enough to repair, as matches (rule ``thesaurus:<spun>``);
    ``half``: suspects from ``half_suspects`` (already filtered)."""
    cfg = settings.DESPIN
    out = []
    for x in suspects:
        if not half and (not x.original or x.odds < cfg.repair_margin or x.seen_spun > cfg.max_seen_spun
                         or x.seen_orig < cfg.min_seen_orig):
            continue
        i, n = x.start, x.n
        spun = " ".join(tok.keys[i:i + n])
        e = Entry(spun, tuple(tok.keys[i:i + n]), (" ",) * (n - 1), x.original, (), "thesaurus",
                  0.0, False, THESAURUS)
        out.append(Match(tok.spans[i][0], tok.spans[i + n - 1][1], e, replacement(tok, i, n, e)))
    return out


def _all_matches(an: Analysis) -> list[Match]:
    """Table matches, then confident suspects; then, once, suspects judged again
    with the first pass's one-word repairs as their neighbours (a spinner
    changes neighbouring words too, which hides the original's collocations)."""
    extra = statistical_matches(an.tok, an.suspects)
    if not extra or not settings.DESPIN.second_pass:
        return sorted(an.matches + extra, key=lambda m: m.start)
    done = an.matches + extra
    tok = an.tok
    view = tok.view()
    spans = word_spans(tok, done)
    _repaired_keys(view, spans, done)
    more = statistical_matches(view, find_suspects(view, spans))
    if settings.DESPIN.half_margin is not None:
        new_spans = word_spans(tok, more)
        _repaired_keys(view, new_spans, more)
        spans += new_spans
        more += statistical_matches(view, half_suspects(view, spans), half=True)
    return sorted(done + more, key=lambda m: m.start)


def _repaired_keys(view: Tokens, spans: Sequence[tuple], matches: Sequence[Match]) -> None:
    """Give ``view`` the repaired word where a match replaced one word by one."""
    for (i, n), m in zip(spans, matches):
        if n == 1 and " " not in m.replacement:
            view.keys[i] = norm_word(m.replacement)


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
    if not force and spin_evidence(text, table, an.matches, an.suspects, an.tok).score < settings.DESPIN.threshold:
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
    threshold = settings.DESPIN.threshold if options.spin_threshold is None else options.spin_threshold
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


__all__ = ["despin_article", "repair_text", "statistical_matches"]
