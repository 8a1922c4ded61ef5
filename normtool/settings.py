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
    # English only: the models judge English, and other languages are all improbable words
    english_share: float = 0.8    # lower-case words known to the English counts (clean and spun
    english_words: int = 20       # English: 0.92 and up; German, French: 0.7 at most), of this many
    scale: float = 3.0            # evidence points that give a score of 1 - 1/e
    min_attrib: int = 2           # spun attributions ("he mentioned") needed before they count
    # the article trees (despin_article.tsv, by tools/fit_despin_article.py) read the
    # evidence below; their log-odds reach the threshold at article_level, with
    # article_weight points per unit beyond; read only where a misfit scores above
    # article_gate, a suspect passes dense_suspect or a table phrase weighs
    article_level: float = 2.774
    article_weight: float = 2.0
    article_gate: float = 0.0

    # -- the news model
    lm_lambda: float = 0.7        # weight of the bigram estimate against the unigram one
    sense_penalty: float = 2.0    # log-odds against an original from a rarer sense ("~")
    roget_penalty: float = 1.0    # log-odds against an original only Roget's broad groups link
                                  # (its prior penalty): clean Brown and Lee copy flagged as before
    pool_margin: float | None = 1.5  # a reverse-thesaurus repair yields to a pooled candidate fitting
                                  # its context better by this, as runner_up (``despin.pool``; None: off)

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

    # -- the context model (``despin.context``): upgrades pooled from
    #    WordNet, Moby and distributional neighbours, judged on both sides
    english_weight: float = 0.1   # share of general English in a word's base probability
    google_weight: float = 0.5    # share of the English bigrams in P(word | prev), where they apply
    fit_candidates: int = 40      # upgrades judged per written word (30 by WordNet, Moby and
                                  # neighbours, then 10 that only Roget gives)
    fit_down: int = 12            # downgrades (rarer originals) judged too in a flagged article's
                                  # repair (``every``); 0: none
    topic_weight: float = 8.0     # a flagged article's repair ranks upgrades by their bigram gain plus
                                  # this times their topical gain (``despin.topics``); 0: bigrams only
    fit_cache: int = 50_000       # judged contexts kept
    # (the misfit score itself is data: despin_misfit.tsv, by tools/fit_despin.py)
    fit_min: int = 3              # different misfit words (score > 0) before misfits count
    fit_shift: float = 0.0        # each judged word adds max(0, score + fit_shift)
    fit_pad: int = 20             # added to the lower-case word count for the density
    fit_free: float = 1.818       # misfit density clean copy is allowed
    fit_weight: float = 1.0       # evidence points per unit of density beyond
    suspect_scale: float = 0.7    # weight of the news model's suspects against the misfits
    fit_repair: float = 1.0       # score a misfit needs for its candidate to be written
    fit_gap: float = 1.5          # ... and the odds its candidate needs over the runner-up
    fit_side: float = 0.0         # ... and its gain on each side (left and right neighbour)
    # -- repair in an article already flagged (``despin.loose_matches``): every
    #    word is judged again with all repairs as its neighbours, also one with a
    #    bigram seen in the counts (fitted on tuning spinners, Reuters training split)
    loose: bool = True            # off: only the repairs above
    loose_score: float = 1.5      # one bigram seen: the misfit score needed,
    loose_gap: float = 4.0        # ... the odds over the runner-up,
    loose_unseen: float = 2.0     # ... the gain on the unseen side
    loose_seen: float = -1.0      # ... and on the seen side (it may fit a little worse there)
    wide_score: float = 0.5       # no bigram seen, below fit_repair: the score needed
    wide_gap: float = 6.0         # ... with a wide gap
    wide_side: float = 2.0        # ... and this gain on each side
    both_score: float = 2.0       # both bigrams seen: the score needed,
    both_gap: float = 3.0         # ... the odds over the runner-up,
    both_side: float = 2.0        # ... the gain on each side
    both_sources: int = 2         # ... and the linking sources (WordNet, Moby, neighbours) of the upgrade
    repair_level: float | None = 0.25  # or a repair score (despin_repair.tsv, log-odds) this high;
                                  # None: off (0.75 before round 15; tools/fit_despin_repair.py)
    repair_side: float = -1.0     # ... with this gain on each side (tools/fit_despin_repair.py), or
    repair_side_name: float = 0.5  # ... this one beside a name (a name's bigrams are few)
    # -- a spun copy beside its source in one run (``despin.siblings``)
    sibling_span: int = 3         # a swap: at most this many words on either side
    sibling_run: int = 6          # ... or a run of words replaced by as many, this long
    sibling_phrase: int = 5       # ... or a phrase this long for at most sibling_span words
    sibling_agree: float = 0.5    # words the copy shares with its sibling, in order
    sibling_swaps: int = 3        # plain swaps an unflagged spun copy has at least ...
    sibling_density: float = 0.03  # ... and per word of the copy
    sibling_worse: float = 0.6    # share of swaps where the copy's words fit worse
    sibling_name_gain: float | None = 6.0  # a capitalised word swapped for another counts as a plain
                                  # swap where the copy's words fit this much worse (log-odds;
                                  # a spinner's name, "Protections" for "Securities"); None: never
    sibling_lead: float = 0.2     # an unflagged copy is never restored from a sibling whose
                                  # spin score is this much higher (that one is the copy)
    sibling_gain: float = 1.0     # ... and its words fit worse by this much on average over
                                  # the short swaps (log-odds; a tie is no evidence)
    sibling_source_repairs: int = 2   # an article despin flagged and repaired at most this many
                                  # words is unflagged, the repairs undone, where a copy in
                                  # the run is a spinner's rewrite of its words (its source)
    sibling_source_worse: float = 0.75  # ... fitting worse at this share of the short swaps
    witness_slack: int = 2        # a copy near-identical to the source (it differs from it at most
                                  # at twice its votes and this many places) votes down the swaps
                                  # where it agrees with the spun copy, ...
    witness_worse: float = 0.5    # ... unless the copy's words fit worse there at more than this
                                  # share of them (a twin of the spun copy: the same spin) ...
    witness_margin: float = 2.0   # ... by this many log-units (an editor's word fits about as well)
    peer_margin: float = 3.0      # a flagged copy with no source takes a spun peer's words
                                  # where they fit better by this many log-units
    # a phrase of the reverse thesaurus written for one word (``despin.phrases``), in a
    # flagged article: rewritten when its phrase score (despin_phrase.tsv, by
    # tools/fit_despin_phrase.py) reaches phrase_level and its original fits no worse
    # than phrase_side on either side; None: off
    phrase_level: float | None = 1.0
    phrase_side: float = -1.0
    # -- a repaired word's other occurrences (``despin.consistent``): each takes the same
    #    original where it fits this much better on each side; None: off
    consistent_side: float | None = 0.5
    # -- ... and in the run's other flagged articles (``despin.lexicon``): a written word
    #    repaired to one original in this many flagged articles of a run, and in this
    #    share of those that repaired it; None: off
    lexicon_min: int | None = 2
    lexicon_share: float = 0.8
    # -- spun names (``despin.names``): gazetteer counts a restored name needs
    names: bool = True            # restore spun names at all
    name_sources: str = "wm"      # links a name word may be restored by: WordNet, Moby (not
                                  # neighbours, nor Roget's broad groups: "New Years" is no
                                  # spun "New Generation")
    name_min: int = 3             # count of the restored name (or this many added when it
                                  # also stands as written elsewhere in the text)
    name_min2: int = 6            # ... when two of its words (parts) were replaced
    name_ratio: float = 10.0      # ... over the written window's count
    name_gap: float = 2.0         # ... and its count times the spinner's chance of the
                                  # link, over the runner-up's
    name_word_share: float = 0.1  # a replaced word at most this share of its substitute's
                                  # summed name counts
    name_word_max: int = 20       # a written word in names more often (summed counts) is never replaced
    name_generic: int = 4000      # a name whose kept words are all this common in names
                                  # ("U.S.", "Inc") is not restored, unless the words it
    name_generic_known: int = 300  # replaces are rare in names and it is seen this often
    name_known: int = 20          # a written window seen this often is a name: never touched
    name_strong: int | None = 30  # a word common in names (name_word_max, name_word_share) is
                                  # replaced only for a name seen this often, the written window
                                  # never ("National Reserve Board"); None: never


class MatchSettings(NamedTuple):
    """Fingerprints, LSH candidates and verification (``normtool.dedup``).

    Verification decides on exact set arithmetic over the fingerprints'
    hash sets; the LSH thresholds only decide which pairs get verified.
    """

    # -- fingerprints
    boilerplate_share: float = 0.0005  # a short line in this share of the texts (and in
                                   # --boilerplate-docs) is furniture (``boilerplate.line_threshold``)
    head_shingles: int = 40       # shingles in the head signature (briefs, cut-short copies)
    lead_shingles: int = 12       # shingles of the opening a copy must share (``Fingerprint.lead``)
    skeleton_shingle: int = 5     # shingle size over the skeleton (function words + numbers)
    # -- LSH candidate paths besides the whole text
    head_lsh_threshold: float = 0.5
    anchor_lsh_threshold: float = 0.4
    # -- the skeleton path (``candidates.skeleton_keys_of``): a spun copy keeps its
    #    original's skeleton (function words, numbers) nearly whole when its
    #    whole-text Jaccard has fallen to 0.3.  Bands of many rows, and a pair must
    #    share two of them: skeleton Jaccard 0.9 -> 0.99 of pairs, 0.8 -> 0.78,
    #    0.7 -> 0.33, 0.3 -> 2e-5 (one band alone is chance at scale: 80k articles
    #    gave 2,500-10,000 such pairs, none of one story), but for one partner each
    skeleton_bands: int = 10
    skeleton_rows: int = 6
    skeleton_min: int = 20        # skeleton shingles a text needs for this path (short
                                  # notices on one template share their whole skeleton)
    skeleton_partners: int = 4    # partners an article keeps on this path (own caps, as below;
                                  # the skeleton-head path keeps as many, on its own)
    skeleton_weak: int = 1        # ... of which share a single skeleton bucket (a short text
                                  # spun at 20% may share one band only with its source)
    # -- the skeleton-head path (``candidates.skeleton_head_keys_of``): a spun copy cut
    #    to its first paragraphs keeps its source's opening skeleton, not the whole
    #    one.  The first skeleton_head skeleton shingles of each text, bands as above
    #    (two shared: opening-skeleton Jaccard 1.0 -> always, 0.6 -> 0.4, 0.2 -> 1e-4)
    skeleton_head: int = 30
    skeleton_head_bands: int = 10
    skeleton_head_rows: int = 4
    skeleton_head_min: int = 20   # opening skeleton shingles a text needs for this path
    # -- candidate caps (``candidates.capped_pairs``): bounded pairs per article
    bucket_cap: int = 64          # members of an over-full bucket pair only with its first 64
    max_partners: int = 16        # partners an article keeps, most shared buckets first
    weak_partners: int = 1        # ... of which share a single bucket (a shared sentence)
    # -- verification (measured on bench.scale at 80k and 320k articles: docs/scale-design.md)
    near: float = 0.5             # shingle Jaccard for "near": the default of --threshold
    strong_near: float = 0.8      # "near" at or above this needs no anchor test
    contained: float = 0.8        # share of the smaller copy's shingles in the larger
    near_cover: float = 0.8       # ... a copy so contained and under this share of the larger's
                                  # size is a part of it: "contained", not "near" (cut to half)
    lead: float = 0.5             # share of the smaller copy's opening a copy sharing one passage needs
    min_shingles: int = 12        # shorter texts only match exactly (templates)
    contained_anchors: float = 0.75  # ... and share of its anchors
    few_anchors: int = 5          # with fewer anchor features, containment alone decides
    numbers: float = 0.75         # (shared + 1) / (smaller's numbers + 1) must reach this
    # -- spun copies (``verify.spun_match``)
    spun_shingles: float = 0.15   # share of the smaller copy's shingles (despun text)
    spun_lead: float = 0.15       # ... and of its opening
    spun_anchors: float = 0.85    # anchor share for a spun match when neither is flagged
    spun_anchors_flagged: float = 0.75  # ... when clean flagged either copy as spun
    spun_words: float = 0.55      # share of the smaller copy's words the larger has
    spun_skeleton: float = 0.75   # skeleton share a spun match needs
    min_anchors: int = 10         # anchor features before anchors can vouch
    strong_skeleton: float = 0.75  # with few anchors (>= few_anchors) a spun match needs
    strong_words: float = 0.7     # this skeleton share and this word share
    kept_skeleton: float = 0.9    # skeleton nearly whole: names may be spun too, or the text short
    names_spun_anchors: float = 0.65  # anchor share then (institution names swapped)
    min_spun: int = 30            # shorter texts are spun copies only with their names and opening:
    short_spun_anchors: float = 0.9   # this anchor share
    short_spun_lead: float = 0.4      # and this share of the opening
    spread_shingles: int = 50     # shared shingles beyond one sentence (news sentences: < 45 words)
    spread_share: float = 0.4     # ... with this share of the smaller text
    spread_lead: float = 0.3      # ... and of its opening
    spread_words: float = 0.75
    spread_skeleton: float = 0.6
    spread_anchors: float = 0.5
    half_share: float = 0.35      # a heavy spin: this share of the smaller text, below half_max
    half_max: float = 0.65        # (different stories sharing whole sentences share more)
    half_shingles: int = 20       # ... at least this many shared shingles
    half_words: float = 0.72      # ... most words, but fewer than half_words_max (a
    half_words_max: float = 0.88  #     template with other names keeps its words)
    half_skeleton: float = 0.8    # ... most of the skeleton
    half_anchors: float = 0.5     # ... and half the names (of few_anchors or more)
    whole_skeleton: float = 0.95  # the skeleton whole, names and opening spun: this share
    whole_share: float = 0.3      # ... this share of the smaller text, this many shingles,
    whole_shingles: int = 15      #     most words (half_words) but not all (a template filled
    whole_words_max: float = 0.9  #     with other names keeps them), some names
    whole_anchors: float = 0.3
    whole_long: int = 60          # ... the opening may be kept in a text this long (shingles)
                                  #     sharing under half_max of it, figures agreeing both ways
    kept_words: float = 0.8       # names kept, a fifth of the words swapped, function words
    kept_share: float = 0.4       # among them: names_spun_anchors of min_anchors, this share
    kept_max: float = 0.7         # of words, of the text (below kept_max: different stories
    kept_lead: float = 0.3        # sharing more share whole sentences), of its opening, of
    kept_skel: float = 0.65       # the skeleton, and every figure (one or more) kept
    renamed_max: int = 100        # a short text (min_spun to this many shingles), names spun
    renamed_share: float = 0.45   # too (anchors fall to half): this share of it (below
    renamed_skeleton: float = 0.88  # contained), of its skeleton, of its words, of its names,
    renamed_words: float = 0.74   #     every figure, the figures both ways (a template with other
    renamed_anchors: float = 0.4  #     names keeps its words but not its skeleton: 0.83 at most
                                  #     on Reuters)
    plain_share: float = 0.4      # short prose (min_spun to renamed_max shingles, at most
    plain_skeleton: float = 0.75  # plain_figures figures in the smaller text): this share of
    plain_words: float = 0.7      # it (below contained), of its skeleton, of its words, every
    plain_figures: int = 1        # figure (a notice on a template carries several figures)
    names_anchors: int = 25       # a heavy spin that kept every name: this many anchors of
    names_share: float = 0.9      # the smaller text, this share of them, every figure, words
    names_words: float = 0.65     # and skeleton left at two thirds (despin undoes part of a
    names_skeleton: float = 0.65  # spin at 45%), under half_names of the text exactly (other
    half_names: float = 0.5       # stories naming as much share whole sentences, so more)
    twice_share: float = 0.2      # two copies, both flagged spun: this share of the smaller
    twice_skeleton: float = 0.85  # text (min_spun shingles or more), of its skeleton, of its
    twice_words: float = 0.55     #     words, of its names, every figure and the figures both
    twice_anchors: float = 0.3    #     ways (different stories spun: skeleton 0.77 at most)
    cut_size: float = 0.8         # a spun copy cut short (under this share of the other's size):
    cut_share: float = 0.4        #     this share of it exactly, under cut_max (different stories
    cut_max: float = 0.65         #     share whole sentences, so more), cut_shingles shared at
    cut_shingles: int = 20        #     least, every figure of it in the other (whose tail brings
    cut_skeleton: float = 0.65    #     its own), and figures or a spun verdict; its skeleton,
    cut_words: float = 0.65       #     words (under cut_words_max: a spinner swaps words, a
    cut_words_max: float = 0.84   #     rewrite on one template keeps them), names and opening
    cut_anchors: float = 0.5      #     at these shares (Reuters: one new link, a report filed
    cut_lead: float = 0.25        #     twice; the 80k corpus: none)
    confirm: float = 0.5          # a member's link must be confirmed this well by its canonical
    confirm_skeleton: float = 0.5  # ... or by its words in this share of the skeleton


DESPIN = DespinSettings()
MATCH = MatchSettings()


class IndexSettings(NamedTuple):
    """What one article may read from a persistent index (``dedup.incremental``).

    Without caps, an article's indexed candidates grow with the index (a
    stock sentence or a template fills its buckets), and so would the time
    and memory of adding a batch.
    """

    candidates: int = 64          # indexed candidates verified per article, most shared bands first
    weak_candidates: int = 1      # ... of which share a single bucket (a shared sentence)
    bucket_cap: int = 64          # an over-full LSH bucket gives only its newest this many entries


INDEX = IndexSettings()

__all__ = ["DespinSettings", "MatchSettings", "IndexSettings", "DESPIN", "MATCH", "INDEX"]
