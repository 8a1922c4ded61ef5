"""Tuned constants of despin and of dedup's matching, in one place.

Options (``options.py``) are what a user chooses per run; settings are what
the project measured and chose once.  Each group is a frozen ``NamedTuple``
with a documented default instance (``DESPIN``, ``MATCH``), as ftfy keeps its
configuration: code reads ``settings.DESPIN.repair_margin`` at call time, so
an experiment (or a test) can swap in ``DESPIN._replace(...)`` without
editing code.  How each value was measured is told in ``docs/design.md``.
"""
from __future__ import annotations

from typing import NamedTuple


class DespinSettings(NamedTuple):
    """Spin detection and repair (``normtool.despin``).

    Log-odds are natural logarithms of the news model's probability of the
    original over the spun word between the same neighbours, the spinner's
    prior penalty included.
    """

    # -- the article-level decision
    threshold: float = 0.5        # spin_score at or above which an article is spun
    window_words: int = 2000      # longer texts are scored by their median window of this size
    scale: float = 3.0            # evidence points that give a score of 1 - 1/e
    min_attrib: int = 2           # spun attributions ("he mentioned") needed before they count

    # -- the news model
    lm_lambda: float = 0.7        # weight of the bigram estimate against the unigram one
    sense_penalty: float = 2.0    # log-odds against an original from a rarer sense ("~")

    # -- repair: restore an original when the model prefers it by repair_margin,
    #    every other candidate trails it by runner_up, and the spun word was seen
    #    next to these neighbours at most max_seen_spun times
    repair_margin: float = 7.0
    runner_up: float = 1.5
    max_seen_spun: int = 0
    min_seen_orig: int = 0        # bigrams the original needs with those neighbours (0: off)
    second_pass: bool = True      # judge the remaining words again with repaired neighbours
    # in a spun article, a word seen next to one neighbour only is repaired when
    # its original is this much likelier on the unseen side (None: off)
    half_margin: float | None = 9.0

    # -- detection from suspects (words whose neighbours the model never saw)
    strong_suspect: float = 12.0  # each suspect above this counts up to one strong point
    free_strong: float = 1.0      # strong points clean copy is allowed
    strong_weight: float = 1.4
    dense_suspect: float = 6.0    # suspects above this count for density
    density_pad: int = 50         # added to the lower-case word count
    free_density: float = 2.3     # suspects per 100 words clean copy is allowed
    density_weight: float = 1.0
    # length-calibrated weight: each suspect weighs (odds - weight_lo) / weight_span
    # clipped to [0, 1]; clean copy is allowed weight_per_word per lower-case word
    # plus weight_free; each unit beyond is weight_points evidence points
    weight_lo: float = 6.0
    weight_span: float = 6.0
    weight_per_word: float = 0.005
    weight_free: float = 2.25
    weight_points: float = 3.0

    # -- the context model (``despin.context``): candidates pooled from
    #    WordNet, Moby and distributional neighbours, judged on both sides
    english_weight: float = 0.1   # share of general English in a word's base probability
    fit_candidates: int = 40      # candidates judged per written word
    fit_max_count: int = 500      # written words commoner than this in the news counts are not judged
    # logistic misfit score: intercept, then one weight per context.FEATURES
    fit_weights: tuple = (-2.173, 0.09965, 0.1362, -0.04215, -0.005558, -0.01173, 0.0896,
                          -0.04998, 0.1213, 0.1209, 0.2371, 0.2786, -0.1291, -0.1445)
    fit_min: int = 3              # different misfit words (score > 0) before misfits count
    fit_shift: float = 1.5        # each judged word adds max(0, score + fit_shift)
    fit_pad: int = 40             # added to the judged word count for the density
    fit_free: float = 2.62        # misfit density clean copy is allowed
    fit_weight: float = 0.5       # evidence points per unit of density beyond
    fit_repair: float = 1.0       # score a misfit needs for its candidate to be written
    fit_gap: float = 1.5          # ... and the odds its candidate needs over the runner-up


class MatchSettings(NamedTuple):
    """Fingerprints, LSH candidates and verification (``normtool.dedup``).

    Verification decides on exact set arithmetic over the fingerprints'
    hash sets; the LSH thresholds only decide which pairs get verified.
    """

    # -- fingerprints
    head_shingles: int = 40       # shingles in the head signature (briefs, cut-short copies)
    skeleton_shingle: int = 5     # shingle size over the skeleton (function words + numbers)
    # -- LSH candidate paths besides the whole text
    head_lsh_threshold: float = 0.5
    anchor_lsh_threshold: float = 0.4
    # -- verification
    near: float = 0.5             # shingle Jaccard for "near": the default of --threshold
    contained: float = 0.8        # share of the smaller copy's shingles in the larger
    min_shingles: int = 12        # shorter texts only match exactly (templates)
    contained_anchors: float = 0.5  # share of its anchors a contained copy shares
    few_anchors: int = 5          # with fewer anchor features, containment alone decides
    numbers: float = 0.6          # (shared + 1) / (smaller's numbers + 1) must reach this
    spun_anchors: float = 0.85    # anchor share for a spun match when neither is flagged
    spun_anchors_flagged: float = 0.75  # ... when clean flagged either copy as spun
    spun_words: float = 0.55      # share of the smaller copy's words the larger has
    spun_shingles: float = 0.15   # share of the smaller copy's shingles (despun text)
    spun_skeleton: float = 0.5    # skeleton share an unflagged spun match needs
    min_anchors: int = 10         # anchor features before anchors can vouch
    strong_skeleton: float = 0.75  # with few anchors (>= few_anchors) a spun match needs
    strong_words: float = 0.7     # this skeleton share and this word share
    min_spun: int = 30            # shingles a text needs before a spun match is trusted
    confirm: float = 0.5          # a member's link must be confirmed this well by its canonical


DESPIN = DespinSettings()
MATCH = MatchSettings()


class IndexSettings(NamedTuple):
    """What one article may read from a persistent index (``dedup.incremental``).

    Without caps, an article's indexed candidates grow with the index (a
    stock sentence or a template fills its buckets), and so would the time
    and memory of adding a batch.
    """

    candidates: int = 64          # indexed candidates verified per article, most shared bands first
    bucket_cap: int = 64          # an over-full LSH bucket gives only its newest this many entries


INDEX = IndexSettings()

__all__ = ["DespinSettings", "MatchSettings", "IndexSettings", "DESPIN", "MATCH", "INDEX"]
