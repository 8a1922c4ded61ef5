"""Detection: how strongly a text looks spun (``spin_score`` in [0, 1]).

Evidence comes from the phrase table (tortured phrases real writers almost
never use, weighted; attributions made with a replaced reporting verb where
news copy says "said"), from the news model's suspects: strong ones, their
density, and their odds-weighted count beyond an allowance that grows with
the article's length, so a short spun story with a few suspects counts too;
and from the context model's misfits (``context``): words some word a
spinner could have replaced fits much better, as a density per lower-case
word, so that long clean copy never piles up evidence.  Boosted trees over
summaries of that evidence (``ARTICLE_FEATURES``, ``despin_article.tsv``)
add a second opinion: the article takes the larger of their points and the
hand-made ones, so copy the rules flag stays flagged.  A text longer than
``window_words`` is judged in windows of about that many words and scored
by its median window: the evidence of a spinner is in every part of a spun
text, while a few odd phrases per article in clean copy must not add up over
a text of any length.  The constants are ``settings.DESPIN``.
"""
from __future__ import annotations

import bisect
import math
from typing import NamedTuple, Sequence

from .. import settings
from ..lang.detect import detect_language
from .match import Match, find_matches
from .context import load_model, load_trees, score_trees, zipf
from .fits import Fit, find_fits
from .model import Suspect, find_suspects
from .table import Table, load_table
from .tokens import Tokens


class SpinEvidence(NamedTuple):
    """What the detector saw: weighted phrase hits, spun and plain attributions,
    and words the news model takes for thesaurus-spinner output."""

    score: float
    points: float
    phrase_hits: int
    spun_attributions: int
    plain_attributions: int
    words: int
    suspects: int = 0        # words taken for spinner output (odds >= dense_suspect, unseen)
    suspect_points: float = 0.0   # evidence points from the news model (before suspect_scale)
    misfits: int = 0         # context misfits (score > 0)
    misfit_points: float = 0.0    # evidence points from the context model
    article: float | None = None  # the article trees' log-odds (None: no evidence to read)


class Analysis(NamedTuple):
    """One pass over a text: its words, table matches and statistical suspects."""

    tok: Tokens
    matches: list
    suspects: list
    fits: list = []


def analyse(text: str, table: Table | None = None, stats: bool = True) -> Analysis:
    """Tokenise ``text`` once; table matches, then statistical suspects and
    context misfits elsewhere."""
    table = table or load_table()
    tok = Tokens(text)
    matches = find_matches(text, table, tok)
    if not stats:
        return Analysis(tok, matches, [], [])
    spans = word_spans(tok, matches) + disabled_spans(tok, table.disabled)
    suspects, fits = find_suspects(tok, spans), find_fits(tok, spans)
    styled = table.sets.get("WIRE", frozenset()) | table.sets.get("HOUSE", frozenset())
    if any(s.original in styled for s in suspects) or any(f.original in styled for f in fits):
        house = foreign_house(tok, table)       # (asked only where it may matter)
        suspects = [s for s in suspects if s.original not in house]
        fits = [f for f in fits if f.original not in house]
    return Analysis(tok, matches, suspects, fits)


def foreign_house(tok: Tokens, table: Table) -> frozenset:
    """Words of a house style the text does not write: the spin table's
    ``$WIRE`` (a wire's abbreviations: "pct", "mln") unless it uses one of
    them, and ``$HOUSE`` (its era's words: "chairman") unless it uses one of
    ``$WIRE`` or that word itself.  Modern copy writes "percent" and "chair"
    as its own style, so no repair writes these words into it and no misfit
    or suspect whose original is one counts as evidence.

    >>> from .table import load_table
    >>> sorted(foreign_house(Tokens("Sales rose 3 percent, the chair said."), load_table()))[:3]
    ['bln', 'chairman', 'chairmen']
    >>> "chairman" in foreign_house(Tokens("The chairman said sales rose 3 percent."), load_table())
    False
    >>> foreign_house(Tokens("Sales rose 3 percent to 5 mln dlrs."), load_table())
    frozenset()
    """
    wire, house = table.sets.get("WIRE", frozenset()), table.sets.get("HOUSE", frozenset())
    if not wire and not house:
        return frozenset()
    used = set(tok.keys)
    if not used.isdisjoint(wire):
        return frozenset()
    return frozenset(wire | (house - used))


def disabled_spans(tok: Tokens, disabled: frozenset) -> list:
    """``(first word, word count)`` of each phrase a table disabled (original
    ``-``: words of other Englishes, a user's own terms): never suspects,
    misfits or evidence.

    >>> disabled_spans(Tokens("a cost of one crore rupees"), frozenset({("crore",)}))
    [(4, 1)]
    """
    if not disabled:
        return []
    firsts = {key[0] for key in disabled}
    keys = tok.keys
    return [(i, len(key)) for i, k in enumerate(keys) if k in firsts
            for key in disabled if key[0] == k and tuple(keys[i:i + len(key)]) == key]


def word_spans(tok: Tokens, matches: Sequence[Match]) -> list:
    """``(first word, word count)`` of each match, for skipping matched words."""
    if not matches:
        return []
    starts = [a for a, _ in tok.spans]
    out = []
    for m in matches:
        i = bisect.bisect_left(starts, m.start)
        j = bisect.bisect_left(starts, m.end)
        out.append((i, max(1, j - i)))
    return out


def _plain_attributions(keys: Sequence[str], table: Table) -> int:
    said = table.sets.get("SAID", frozenset())
    return sum(map(said.__contains__, keys))


def spin_evidence(text: str, table: Table | None = None,
                  matches: Sequence[Match] | None = None,
                  suspects: Sequence[Suspect] | None = None,
                  tok: "Tokens | None" = None, fits: Sequence[Fit] | None = None) -> SpinEvidence:
    """Score ``text`` for spinning from the table's evidence, the news
    model's suspects and the context model's misfits (see module doc)."""
    table = table or load_table()
    if matches is None or suspects is None or tok is None:
        an = analyse(text, table)
        tok, matches, suspects, fits = an.tok, an.matches, an.suspects, an.fits
    if len(tok.keys) > settings.DESPIN.window_words:
        ev = _median_window(tok, matches, suspects, fits or (), table)
    else:
        ev = _evidence(tok, matches, suspects, fits or (), table)
    if ev.points > 0 and not reads_english(tok):      # (asked only where there is evidence)
        return SpinEvidence(0.0, 0.0, 0, 0, 0, len(tok.keys))
    return ev


class _Window(NamedTuple):
    """The words of one window of a long text (what ``_evidence`` reads of ``Tokens``)."""

    keys: list
    surf: list


def _median_window(tok: Tokens, matches: Sequence[Match], suspects: Sequence[Suspect],
                   fits: Sequence[Fit], table: Table) -> SpinEvidence:
    """Evidence of the median window (by score) of a long text."""
    n = len(tok.keys)
    count = math.ceil(n / settings.DESPIN.window_words)
    size = math.ceil(n / count)
    firsts = list(range(0, n, size))
    char_starts = [tok.spans[i][0] for i in firsts]
    by_window: list[tuple[list, list, list]] = [([], [], []) for _ in firsts]
    for m in matches:
        by_window[max(0, bisect.bisect_right(char_starts, m.start) - 1)][0].append(m)
    for x in suspects:
        by_window[min(x.start // size, len(firsts) - 1)][1].append(x)
    for f in fits:
        window = min(f.start // size, len(firsts) - 1)
        by_window[window][2].append(f._replace(start=f.start - firsts[window]))
    evidence = [_evidence(_Window(tok.keys[i:i + size], tok.surf[i:i + size]), ms, xs, fs, table)
                for i, (ms, xs, fs) in zip(firsts, by_window)]
    evidence.sort(key=lambda e: (e.score, e.points))
    return evidence[(len(evidence) - 1) // 2]


def reads_english(tok: Tokens) -> bool:
    """Are the text's lower-case words English, by the news and general
    English counts (``english_share`` of them, when it has ``english_words``)?
    The models judge English only: to them German or French copy is all
    improbable words, which is what spun copy looks like.  A text with
    fewer such words that is not plainly English by the counts is English
    unless the language step calls it another language: short German shares
    most of its words with English counts ("der", "rund", "aus"), and a
    two-paragraph brief was despun ("aus" -> "gold"); a short earnings
    table ("Shr 48 cts vs 35 cts") is English by the counts, whatever the
    language step says of it (Swedish).

    >>> reads_english(Tokens("The minister said on Monday that the talks would resume next week "
    ...                      "after both sides agreed to a new timetable for the trade agreement."))
    True
    >>> reads_english(Tokens("Der Minister sagte am Montag, die Gespräche würden nächste Woche "
    ...                      "fortgesetzt, nachdem sich beide Seiten auf einen neuen Zeitplan für "
    ...                      "das Handelsabkommen geeinigt hatten. Die Opposition kritisierte das "
    ...                      "lange Warten und forderte schnelle Ergebnisse."))
    False
    >>> reads_english(Tokens("Ein bundesweiter Streik der Lokführergewerkschaft GDL hat am Mittwoch "
    ...                      "den Bahnverkehr in weiten Teilen Deutschlands lahmgelegt. Nach Angaben "
    ...                      "der Deutschen Bahn fielen rund 80 Prozent der Fernzüge aus, auch im "
    ...                      "Regionalverkehr kam es zu massiven Einschränkungen."))
    False
    >>> reads_english(Tokens("Shr 48 cts vs 35 cts\\n\\nNail 4,946,000 vs 3,552,000\\n\\n"
    ...                      "Marked downs 94.1 mln vs 84.5 mln\\n\\nAvg shrs 10.2 mln vs 10.1 mln"))
    True
    """
    cfg = settings.DESPIN
    words = [k for k, s in zip(tok.keys, tok.surf) if s.islower() and s.isalpha()]
    model = load_model()
    known = sum(1 for k in words if k in model.english or k in model.uni)
    if known >= cfg.english_share * len(words):
        return True
    return len(words) < cfg.english_words and detect_language(tok.text)[0] in ("en", "und")


def _evidence(tok, matches: Sequence[Match], suspects: Sequence[Suspect], fits: Sequence[Fit],
              table: Table) -> SpinEvidence:
    """Evidence from one stretch of text (``tok``: its ``keys`` and ``surf``)."""
    points = sum(m.entry.weight for m in matches if m.entry.family != "reporting")
    hits = sum(1 for m in matches if m.entry.weight > 0 and m.entry.family != "reporting")
    spun_attr = sum(1 for m in matches if m.entry.family == "reporting" and m.entry.weight > 0)
    plain = _plain_attributions(tok.keys, table)
    if spun_attr >= settings.DESPIN.min_attrib:
        share = spun_attr / (spun_attr + plain)
        points += spun_attr * share
    stat_points, dense = suspect_evidence(tok, suspects)
    points += settings.DESPIN.suspect_scale * stat_points
    fit_points, misfits = misfit_evidence(tok, fits)
    points += fit_points
    words = len(tok.keys)
    article = None
    if _gate(matches, suspects, fits):
        row = article_row(tok, matches, suspects, fits, stat_points, fit_points, points, table)
        article = score_trees(row, load_article_trees())
        points = max(points, article_points(article))
    score = round(1.0 - math.exp(-points / settings.DESPIN.scale), 4)
    return SpinEvidence(score, round(points, 4), hits, spun_attr, plain, words, dense,
                        round(stat_points, 4), misfits, round(fit_points, 4),
                        None if article is None else round(article, 4))


ARTICLE = "despin_article.tsv"


def load_article_trees() -> tuple:
    """The article trees (``despin_article.tsv``, by ``tools/fit_despin_article.py``), read once."""
    return load_trees(ARTICLE)


def _gate(matches: Sequence[Match], suspects: Sequence[Suspect], fits: Sequence[Fit]) -> bool:
    """Is there evidence enough for the article trees to read: a misfit
    scoring above ``article_gate``, a suspect past ``dense_suspect`` or a
    weighted table phrase?  Clean copy mostly has none, and is not scored."""
    cfg = settings.DESPIN
    gate = cfg.article_gate
    return (any(f.score > gate for f in fits)
            or any(x.odds >= cfg.dense_suspect and not x.seen_spun for x in suspects)
            or any(m.entry.weight > 0 for m in matches))


def article_points(z: float) -> float:
    """Evidence points of the article trees' log-odds ``z``: enough to reach
    the threshold at ``article_level``, ``article_weight`` more per unit
    beyond, none ``need / article_weight`` below it."""
    cfg = settings.DESPIN
    need = -math.log(1.0 - cfg.threshold) * cfg.scale
    return max(0.0, need + cfg.article_weight * (z - cfg.article_level))


ARTICLE_FEATURES = (
    "log1p lower-case words", "judged words per lower-case word",
    "misfits > -2 per 100 words", "misfits > 0 per 100 words", "misfits > 1 per 100 words",
    "misfits > 2 per 100 words", "misfits > 3 per 100 words",
    "distinct misfit words > 0", "distinct misfit words > 1", "distinct misfit words > 2",
    "top misfit score", "2nd misfit score", "3rd misfit score", "5th misfit score",
    "mean misfit score", "misfit weight per 100 words",
    "suspects >= dense per 100 words", "strong suspect points", "suspect weight beyond allowance",
    "top suspect odds", "suspects > weight_lo",
    "table points", "table hits", "spun attributions", "spun attribution share",
    "suspect points", "misfit points", "figures per word", "lower-case words per word",
    "mean zipf of lower-case words of 4+ letters", "points")


def mean_zipf(surf: Sequence[str], keys: Sequence[str]) -> float:
    """The mean general-English Zipf frequency (the context model's English
    counts; 0 for a word they lack) of a text's lower-case words of four
    letters and more, needing no thesaurus link: thesaurus spinners write
    archaic and literary synonyms ("purlieus", "gargantuan") that news copy
    does not use, and no link need lead back from them to be counted.

    >>> round(mean_zipf(["the", "gargantuan", "purlieus"], ["the", "gargantuan", "purlieus"]), 2)
    1.33
    """
    model = load_model()
    total, n = 0.0, 0
    for s, k in zip(surf, keys):
        if len(k) >= 4 and s.islower():
            total += zipf(model, k)
            n += 1
    return total / n if n else 0.0


def article_row(tok, matches: Sequence[Match], suspects: Sequence[Suspect], fits: Sequence[Fit],
                stat_points: float, fit_points: float, points: float, table: Table | None = None) -> tuple:
    """The ``ARTICLE_FEATURES`` of one stretch of text: densities, counts and
    top scores of its misfits, summaries of its suspects' odds, its table
    evidence, the points ``_evidence`` gave each, and how much of the text
    is figures (a table's few words are no prose to judge)."""
    cfg = settings.DESPIN
    lower = sum(map(str.islower, tok.surf))
    words = max(1, len(tok.surf))
    figures = sum(1 for w in tok.surf if w[:1].isdigit())
    per = 100.0 / (lower + cfg.fit_pad)
    scores = sorted((f.score for f in fits), reverse=True)
    n = len(scores)
    keys = tok.keys

    def above(level: float) -> int:
        return sum(1 for v in scores if v > level)

    def distinct(level: float) -> int:
        return len({keys[f.start] for f in fits if f.score > level})

    def top(k: int) -> float:
        return scores[k - 1] if n >= k else -10.0

    odds = [x.odds for x in suspects if not x.seen_spun]
    strong, weight, dense = suspect_sums(suspects)
    hits = [m for m in matches if m.entry.weight > 0]
    spun_attr = sum(1 for m in hits if m.entry.family == "reporting")
    plain = _plain_attributions(keys, table or load_table()) if spun_attr else 0
    return (math.log1p(lower), n / (lower + cfg.fit_pad),
            above(-2) * per, above(0) * per, above(1) * per, above(2) * per, above(3) * per,
            float(distinct(0)), float(distinct(1)), float(distinct(2)),
            top(1), top(2), top(3), top(5), sum(scores) / n if n else -10.0,
            sum(max(0.0, v) for v in scores) * per,
            100.0 * dense / (lower + cfg.density_pad), strong, weight - cfg.weight_per_word * lower,
            max(odds, default=0.0), float(sum(1 for v in odds if v > cfg.weight_lo)),
            sum(m.entry.weight for m in hits if m.entry.family != "reporting"),
            float(len(hits) - spun_attr), float(spun_attr), spun_attr / (spun_attr + plain) if spun_attr else 0.0,
            stat_points, fit_points, figures / words, lower / words,
            mean_zipf(tok.surf, keys), points)



def misfit_evidence(tok: Tokens, fits: Sequence[Fit]) -> tuple[float, int]:
    """Evidence points from context misfits, and how many scored above 0:
    the misfits' weight (``max(0, score + fit_shift)`` each) per 100
    lower-case words (``fit_pad`` added), beyond what clean copy is allowed;
    nothing unless ``fit_min`` different words scored above 0 (a short
    table of figures may hold two odd abbreviations)."""
    cfg = settings.DESPIN
    weight = sum(max(0.0, f.score + cfg.fit_shift) for f in fits)
    over = [f for f in fits if f.score > 0]
    if not weight or len({tok.keys[f.start] for f in over}) < cfg.fit_min:
        return 0.0, len(over)
    lower = sum(map(str.islower, tok.surf))
    density = 100.0 * weight / (lower + cfg.fit_pad)
    return cfg.fit_weight * max(0.0, density - cfg.fit_free), len(over)


def suspect_sums(suspects: Sequence[Suspect]) -> tuple[float, float, int]:
    """(strong points, odds weight, dense count) of the suspects never seen
    spun, as ``suspect_evidence`` and the article trees read them."""
    cfg = settings.DESPIN
    strong = weight = 0.0
    dense = 0
    for x in suspects:
        if x.seen_spun:
            continue
        if x.odds > cfg.weight_lo:
            weight += min(1.0, (x.odds - cfg.weight_lo) / cfg.weight_span)
        if x.odds >= cfg.dense_suspect:
            dense += 1
            if x.odds > cfg.strong_suspect:
                strong += min(1.0, x.odds - cfg.strong_suspect)
    return strong, weight, dense


def suspect_evidence(tok: Tokens, suspects: Sequence[Suspect]) -> tuple[float, int]:
    """Evidence points from the news model's suspects, and how many counted."""
    cfg = settings.DESPIN
    strong, weight, dense = suspect_sums(suspects)
    if not dense and not weight:
        return 0.0, 0
    lower = sum(map(str.islower, tok.surf))
    density = 100.0 * dense / (lower + cfg.density_pad)
    points = (cfg.strong_weight * max(0.0, strong - cfg.free_strong)
              + cfg.density_weight * max(0.0, density - cfg.free_density)
              + cfg.weight_points * max(0.0, weight - cfg.weight_per_word * lower - cfg.weight_free))
    return points, dense


def spin_score(text: str, table: Table | None = None) -> float:
    """How likely ``text`` is spun, in [0, 1]; ``settings.DESPIN.threshold`` and up is spun.

    >>> spin_score("Shares rose 5 pct, the company said on Monday.")
    0.0
    >>> spin_score("The Related Press mentioned that colossal information and "
    ...            "counterfeit consciousness are the future, he mentioned.") >= 0.5
    True
    """
    return spin_evidence(text, table).score


__all__ = ["foreign_house", "Analysis", "SpinEvidence", "disabled_spans", "reads_english", "ARTICLE_FEATURES", "analyse", "article_row", "article_points",
           "load_article_trees", "spin_evidence", "suspect_evidence", "suspect_sums", "misfit_evidence", "mean_zipf",
           "spin_score", "word_spans"]
