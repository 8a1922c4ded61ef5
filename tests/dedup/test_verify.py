"""Verification and star clustering on hand-made fingerprints."""
from normtool.article import Article
from normtool.dedup.batch import group
from normtool.dedup.fingerprint import fingerprints
from normtool.dedup.verify import preference_key, verify
from normtool.options import DedupOptions

STORY = ("Acme Corp said on Tuesday it agreed to buy Widget Holdings for 450 million dollars in "
         "cash, a deal that would make it the largest maker of industrial valves in Europe.\n\n"
         "The company said the purchase, approved by both boards, should close in the third "
         "quarter, and that it expected savings of 35 million dollars a year by 2026.\n\n"
         "Widget shareholders will receive 12.50 dollars a share, a premium of 28 percent to "
         "Monday's closing price, Acme chief executive Jane Doe told reporters in Frankfurt.\n\n"
         "Analysts at Berenberg said the price looked fair given Widget's order book and its "
         "exposure to the water industry, which has grown faster than the wider market.")


def fps(*texts, spun=None):
    return fingerprints([Article(id=f"a{i}", text=t, spun=spun) for i, t in enumerate(texts)])


def test_exact_and_near():
    a, b, c = fps(STORY, STORY.upper(), STORY.replace("largest", "biggest"))
    assert verify(a, b).relation == "exact"
    m = verify(a, c)
    assert m.relation == "near" and 0.8 < m.similarity < 1


def test_contained_brief():
    brief = STORY.split("\n\n")[0]
    a, b = fps(STORY, brief)
    m = verify(a, b)
    assert m.relation == "contained" and m.similarity == 1.0


def test_near_miss_with_other_figures_is_rejected():
    other = (STORY.replace("450", "610").replace("35", "48").replace("2026", "2027")
             .replace("12.50", "14.10").replace("28", "19").replace("Tuesday", "Wednesday")
             .replace("third", "fourth"))
    a, b = fps(STORY, other)
    assert verify(a, b) is None


def test_short_template_texts_only_match_exactly():
    a, b = fps("Pay April 30. Record April 15.", "Pay April 30. Record April 10.")
    assert verify(a, b) is None


def test_spun_copy_matches_on_anchors():
    spun = (STORY.replace("agreed", "concurred").replace("buy", "purchase")
            .replace("largest", "greatest").replace("maker", "producer")
            .replace("purchase,", "acquisition,").replace("expected", "anticipated")
            .replace("receive", "get").replace("premium", "markup").replace("told", "informed")
            .replace("looked", "appeared").replace("fair", "reasonable")
            .replace("grown", "developed").replace("faster", "quicker").replace("wider", "more extensive")
            .replace("savings", "reserve funds").replace("close", "shut").replace("deal", "arrangement"))
    a, b = fps(STORY, spun)
    m = verify(a, b)
    assert m is not None and m.relation == "spun"


def test_different_story_sharing_a_paragraph_is_not_merged():
    shared = STORY.split("\n\n")[3]
    other = ("Rival valve maker Flowtech said on Wednesday its quarterly profit fell 14 percent as "
             "orders from Asian chemical plants slowed, sending its shares down 6 percent.\n\n"
             "Flowtech chief financial officer Tom Lee said the company would cut 300 jobs at its "
             "plant in Lyon and move production to Poland over the next two years.\n\n" + shared)
    a, b = fps(STORY, other)
    assert verify(a, b) is None


def test_no_chaining_through_a_middle_copy():
    paras = STORY.split("\n\n")
    extra = ("Separately, Widget said its chairman would retire in May after 20 years, and that "
             "the board had begun a search for a successor among outside candidates in Germany.")
    first_half = "\n\n".join(paras[:2])
    a = "\n\n".join(paras)                      # full story
    c = first_half + "\n\n" + extra + "\n\n" + extra.replace("May", "June").replace("20", "31")
    prints = fps(a, first_half, c)
    stories = group(prints, DedupOptions())
    # the brief a1 is contained in both a0 and a2, but a0 and a2 are different
    # stories: a1 joins one of them and does not chain them together
    assert verify(prints[0], prints[2]) is None
    assert "a0" in stories and "a2" in stories
    assert sum(m.id == "a1" for ms in stories.values() for m in ms) == 1


def test_preference_unspun_then_longer_then_metadata():
    long_, short = fps(STORY, STORY.split("\n\n")[0])
    assert preference_key(long_) < preference_key(short)
    spun_long = fps(STORY, spun=True)[0]
    assert preference_key(short) < preference_key(spun_long)
    rich = fingerprints([Article(id="z", text=STORY, title="T", date="2024-01-01")])[0]
    plain = fingerprints([Article(id="a", text=STORY)])[0]
    assert preference_key(rich) < preference_key(plain)


# --------------------------------------------- one shared passage (issue #17)
SHARED = ("Testifying at a House subcommittee hearing on livestock issues, the agriculture "
          "secretary said the administration should push hard for greater beef imports by "
          "Japan and for an end to its quotas on citrus fruit.")


def test_short_texts_sharing_one_long_sentence_are_different_stories():
    # Each lead is its own story's (another company, its own figure); the
    # shared sentence is most of each text, which made them "contained"
    a = "Fenlannor Airlines said its chief financial officer resigned on Monday.\n\n" + SHARED
    b = ("Yorhal Petroleum said it filed for a public offering of 400 mln shares at about 71 "
         "dlrs.\n\n" + SHARED + " Talks resume next week.")
    x, y = fps(a, b)
    assert verify(x, y) is None and verify(y, x) is None


def test_briefs_of_one_or_two_sentences_still_match_their_story():
    first = STORY.split("\n\n")[0]
    two = first + "\n\n" + STORY.split("\n\n")[1].split(", and")[0] + "."
    full, brief1, brief2 = fps(STORY, first, two)
    assert verify(full, brief1).relation == "contained"
    assert verify(full, brief2).relation == "contained"


def test_a_single_figure_must_be_shared():
    brief = ("Widget shareholders will receive 12.50 dollars a share, a premium to Monday's closing "
             "price, Acme chief executive Jane Doe told reporters in Frankfurt.")
    x, y = fps(STORY, brief)
    assert verify(x, y).relation == "contained"
    x, y = fps(STORY, brief.replace("12.50", "14.10"))    # its one figure is not the story's
    assert verify(x, y) is None


def test_verification_does_not_depend_on_the_order_of_the_pair():
    """Streaming dedup verifies each pair once, in article order: ``verify``
    must say the same either way round (equal lengths included)."""
    import itertools
    import json
    from pathlib import Path
    rows = [json.loads(line) for line in (Path(__file__).parent / "fixtures" /
                                          "syndicated.jsonl").read_text().splitlines()]
    texts = [r["text"] for r in rows] + [
        "Widget Holdings said on Friday it cut 120 jobs at its plant in Lyon to lower costs.",
        "Widget Holdings said on Monday it cut 120 jobs at its plant in Metz to lower costs."]
    prints = fps(*texts)
    assert len(prints[-1].shingles) == len(prints[-2].shingles)
    for x, y in itertools.combinations(prints, 2):
        m1, m2 = verify(x, y), verify(y, x)
        assert (m1 is None) == (m2 is None)
        assert m1 is None or (m1.similarity, m1.relation) == (m2.similarity, m2.relation)


SWAPS = {"agreed": "concurred", "buy": "purchase", "deal": "arrangement", "largest": "greatest",
         "maker": "producer", "purchase,": "acquisition,", "approved": "endorsed", "close": "shut",
         "expected": "anticipated", "receive": "get", "premium": "markup", "told": "informed",
         "looked": "appeared", "grown": "developed", "faster": "quicker",
         "Widget": "Gadget", "Holdings": "Possessions", "Berenberg": "Mountberg",
         "Frankfurt.": "Frankfort."}     # names too, as spinners do ("Related Press")
NAMES_SPUN = " ".join(SWAPS.get(w, w) for w in STORY.split(" "))


def test_spun_copy_with_names_spun_too_matches_by_its_skeleton():
    a, b = fps(STORY, NAMES_SPUN)
    m = verify(a, b)
    assert m is not None and m.relation == "spun"


def test_names_spun_rule_needs_the_skeleton_nearly_whole():
    from normtool import settings
    a, b = fps(STORY, NAMES_SPUN)
    strict = settings.MATCH._replace(kept_skeleton=1.01, spread_shingles=10**6, half_share=1.01,
                                     whole_skeleton=1.01, kept_words=1.01)
    assert verify(a, b, strict) is None


# A heavier spin: a fifth of the words, a first name and a company name
# swapped too, so that half the shingles and a third of the names are lost.
HEAVY = " ".join(dict(SWAPS, Acme="Apex", Jane="Jan", executive="official", reporters="journalists",
                      shareholders="investors", **{"cash,": "money,", "industry,": "business,"}
                      ).get(w, w) for w in STORY.split(" "))


def test_heavy_spin_with_names_spun_matches_on_half_its_text():
    from normtool import settings
    a, b = fps(STORY, HEAVY)
    m = verify(a, b)
    assert m is not None and m.relation == "spun"
    # that rule did it (with the skeleton-whole one: the fixture swaps no function word)
    assert verify(a, b, settings.MATCH._replace(half_share=1.01, whole_skeleton=1.01)) is None


# Two companies raising crude postings alike: a wire template, not a copy.
SUN = ("Sun Co said it raised the contract price it will pay for crude oil 50 cts a barrel, "
       "effective today.\n\nThe increase brings Sun's posted price for the West Texas "
       "Intermediate and West Texas Sour grades to 17.50 dlrs a barrel. The Light Louisiana "
       "Sweet grade was also raised 50 cts to 17.85 dlrs.\n\nSun Co last changed its crude "
       "postings on March 4.")
DIAMOND = ("Diamond Shamrock said it raised the contract price it will pay for crude oil 50 cts "
           "a barrel, effective today.\n\nThe increase brings the company's posted price for the "
           "benchmark grade, West Texas Intermediate, to 17.50 dlrs a barrel.\n\nDiamond "
           "Shamrock last changed its postings on March 4.")
CRUDE = (SUN, DIAMOND)


def test_template_filled_with_another_company_is_not_a_heavy_spin():
    """Half the text shared, figures equal, names differ: a wire template
    (two companies raising crude postings alike).  It keeps nearly all its
    words, which a spinner would have swapped."""
    from normtool import settings
    sun, diamond = CRUDE
    a, b = fps(sun, diamond)
    assert verify(a, b) is None
    assert verify(a, b, settings.MATCH._replace(half_words_max=1.01)) is not None


# A short story and a spin of a fifth of its words, names too ("Rural Fire
# Service" as "Country Blaze Service"): half its names are lost.
FIRE = ("Firefighters in the Blue Mountains west of Sydney spent the night protecting homes at "
        "Hill Top after strong winds pushed a large bushfire towards the town. The Rural Fire "
        "Service said more than 300 people had left their homes and the Hume Highway was closed "
        "near Goulburn. Commissioner Phil Koperberg said crews expected cooler weather on Tuesday "
        "but warned that the danger was not over. A Sydney Water spokesman said supplies to the "
        "town had not been cut.")
FIRE_SPUN = ("Firemen inside the Blue Peaks west of Sydney spent the night protecting homes at "
             "Hill Summit after strong winds pushed a large bushfire towards the town. The Country "
             "Blaze Service said more than 300 people had left the homes and the Hume Road got "
             "closed near Goulburn. Commissar Philip Koperberg said crews expected cooler weather "
             "on Tuesday but cautioned that the danger was not over. A Sydney Liquid "
             "representative said supplies to the town had not been cut.")


def test_short_spin_with_half_its_names_spun_matches_on_skeleton_and_words():
    from normtool import settings
    from normtool.dedup.verify import scores
    a, b = fps(FIRE, FIRE_SPUN)
    s = scores(a, b)
    assert s["anchors"] < 0.5 and s["small_shingles"] < settings.MATCH.renamed_max
    m = verify(a, b)
    assert m is not None and m.relation == "spun"
    # only the renamed and plain ways take it
    assert verify(a, b, settings.MATCH._replace(renamed_skeleton=1.01, plain_skeleton=1.01)) is None
    # a longer text is left to the other ways
    assert verify(a, b, settings.MATCH._replace(renamed_max=s["small_shingles"])) is None


# FIRE spun a second time, apart from FIRE_SPUN: the two share a fifth of their text.
FIRE_SPUN_AGAIN = ("Firefighters in the Blue Mountains west of Sydney passed the night shielding "
                   "residences at Hill Top after forceful winds drove a big bushfire towards the town. "
                   "The Rural Fire Service stated more than 300 people had quit their homes and the "
                   "Hume Freeway was shut near Goulburn. Commissioner Phil Koperberg said squads "
                   "anticipated cooler weather on Tuesday but warned that the peril was not over. A "
                   "Sydney Water spokesperson said provisions to the township had not been cut.")


def test_two_spun_copies_both_flagged_match_each_other():
    """Spun apart, two copies share little text but the skeleton; only when
    clean flagged both is that enough."""
    from normtool import settings
    from normtool.dedup.verify import scores
    a, b = fps(FIRE_SPUN, FIRE_SPUN_AGAIN, spun=True)
    assert scores(a, b)["containment"] < 0.3
    m = verify(a, b)
    assert m is not None and m.relation == "spun"
    assert verify(a, b, settings.MATCH._replace(twice_skeleton=1.01)) is None
    assert verify(*fps(FIRE_SPUN, FIRE_SPUN_AGAIN)) is None                   # neither flagged
    one = fingerprints([Article(id="a", text=FIRE_SPUN, spun=True),
                        Article(id="b", text=FIRE_SPUN_AGAIN, spun=False)])
    assert verify(*one) is None                                              # one flagged


def test_short_template_with_another_company_is_not_a_renamed_spin():
    """The crude-postings pair keeps its words and half its names, as a
    short spin with names spun does, but another company's wording breaks
    its skeleton."""
    from normtool import settings
    from normtool.dedup.verify import scores
    sun, diamond = fps(*CRUDE)
    s = scores(sun, diamond)
    assert s["skeleton"] < settings.MATCH.renamed_skeleton
    assert verify(sun, diamond) is None


# Function words with synonyms of their own, swapped as a thesaurus spinner swaps them.
LEXICAL = {"about": "around", "also": "besides", "after": "following", "more": "extra",
           "over": "above", "while": "whereas", "only": "merely", "some": "several"}
MINING = ("Northgate Mining said on Friday it would also sell about 40 percent of its copper unit "
          "to Harlow Resources after a review that took more than a year.\n\n"
          "The company said some of the proceeds, about 220 million dollars, would go to paying "
          "down debt over the next two years, while the rest would fund only the Kestrel project.")


def test_skeleton_blanks_function_words_a_spinner_swaps():
    from normtool.dedup.matchtext import skeleton
    assert skeleton(["about", "the", "deal", "of", "some", "12", "units", "also", "was"]) == \
        ["*", "the", "*", "of", "*", "12", "*", "*", "was"]


def test_swapped_function_words_with_synonyms_leave_the_skeleton_whole():
    from normtool.dedup.verify import scores
    a, b = fps(MINING, " ".join(LEXICAL.get(w, w) for w in MINING.split(" ")))
    s = scores(a, b)
    assert s["skeleton"] == 1.0 and s["containment"] < 0.8
    # grammar words still count: swapping "the" and "of" breaks the skeleton
    c, d = fps(MINING, MINING.replace(" the ", " this ").replace(" of ", " from "))
    assert scores(c, d)["skeleton"] < 0.8


def test_numbers_both_counts_the_larger_texts_figures():
    from normtool.dedup.verify import scores
    a, b = fps(STORY, STORY + "\n\nThe deal covers 3 plants and 410 staff.")
    s = scores(a, b)
    assert len(b.numbers) == len(a.numbers) + 2
    assert s["numbers"] == 1.0 and s["numbers_both"] == (len(a.numbers) + 1) / (len(b.numbers) + 1)
    assert scores(a, a)["numbers_both"] == 1.0


def test_kept_names_rule_needs_the_larger_texts_figures_too():
    """Two credit lines on one template (another country, the same sum and
    programme): every figure of the smaller is in the larger, which brings
    its own (another programme's number, a fiscal-year total).  A spinner
    adds no figure, so the same scores with the same figures are a spin."""
    from normtool.dedup.verify import spun_match
    s = {"jaccard": 0.33, "containment": 0.56, "small_shingles": 70, "numbers": 1.0, "size": 0.7,
         "small_numbers": 4, "numbers_both": 5 / 7, "anchors": 0.66, "small_anchors": 32,
         "words": 0.87, "skeleton": 0.68, "lead": 0.5}
    assert not spun_match(s, False) and not spun_match(s, True)
    assert spun_match(dict(s, numbers_both=1.0), False)


def test_long_spin_with_the_skeleton_whole_may_keep_some_of_its_opening():
    """A long text (``whole_long`` shingles) whose skeleton is whole, under
    half of it shared, most words but not all, figures the same both ways:
    a spin of function-word-safe kind with names spun too, even when part of
    its opening survived.  A short notice, other figures in the larger text,
    or more than ``half_max`` shared keep the opening test."""
    from normtool.dedup.verify import spun_match
    s = {"jaccard": 0.35, "containment": 0.52, "small_shingles": 77, "numbers": 1.0, "size": 0.7,
         "small_numbers": 2, "numbers_both": 1.0, "anchors": 0.33, "small_anchors": 6,
         "words": 0.82, "skeleton": 1.0, "lead": 0.33}
    assert spun_match(s, False)
    assert not spun_match(dict(s, small_shingles=45), False)
    assert not spun_match(dict(s, numbers_both=0.6), False)
    assert not spun_match(dict(s, containment=0.7), False)
    assert not spun_match(dict(s, skeleton=0.9), False)
    assert not spun_match(dict(s, words=0.95), False)        # a template keeps its words
    assert spun_match(dict(s, small_shingles=45, lead=0.1), False)   # opening spun: as before


def test_heavy_spin_rule_needs_the_figures_both_ways():
    """Two stories on one template lead with one sentence in common: half
    the smaller text, most of its skeleton and words; the larger has many
    figures of its own, which a spinner never adds."""
    from normtool.dedup.verify import spun_match
    s = {"jaccard": 0.2, "containment": 0.58, "small_shingles": 67, "numbers": 0.67, "size": 0.7,
         "small_numbers": 3, "numbers_both": 3 / 11, "anchors": 0.55, "small_anchors": 31,
         "words": 0.73, "skeleton": 0.85, "lead": 0.33}
    assert not spun_match(s, False)
    assert spun_match(dict(s, numbers=1.0, numbers_both=1.0), False)
    # ... and every figure of the smaller: two crude postings of other
    # companies, both spun, shared three of four figures (and 0.8 both ways)
    assert not spun_match(dict(s, numbers=0.75, numbers_both=0.8), False)


# Short prose spun with phrases for words ("subsequent to" for "after"): the
# skeleton loses more than renamed_* allows; no figures.
PARADE = ("The old bandstand in the town square will be pulled down next spring, the council decided "
          "on Thursday, after years of complaints from neighbours about noise and litter. Residents who "
          "spoke at the meeting said the building had become a shelter for pigeons and teenagers, and "
          "that the band had not played there since the war. A new garden with benches and a small "
          "fountain will take its place, the mayor told reporters afterwards.")
PARADE_SPUN = ("The aged bandstand in the township square will be pulled down adjacent spring, the council "
               "determined on Thursday, subsequent to years of grievances from neighbours in regard to noise "
               "and litter. Inhabitants who spoke at the meeting said the building had turned into a refuge "
               "for pigeons and adolescents, and that the band had not played there ever since the war. A "
               "fresh garden with benches and a little fountain will take its place, the mayor told "
               "journalists later on.")

# Two debt offerings on one template: the same two figures, other names.
WITCO = ("Witco Corp said it filed with the Securities and Exchange Commission a registration statement "
         "covering a 100 mln dlr issue of convertible subordinated debentures due 2012. Proceeds will be "
         "used to finance acquisitions and for general corporate purposes, the company said. Witco named "
         "Smith Barney, Harris Upham and Co Inc as lead manager and Goldman, Sachs and Co as co-manager "
         "of the offering.")
ANADARKO = ("Anadarko Petroleum Corp said it filed with the Securities and Exchange Commission a "
            "registration statement covering a 100 mln dlr issue of convertible subordinated debentures "
            "due 2012. Proceeds will be used for the partial repayment of outstanding indebtedness, "
            "Anadarko said. The company named Kidder, Peabody and Co Inc as underwriter of the offering.")


def test_short_prose_spun_with_phrases_matches_on_skeleton_and_words():
    from normtool import settings
    from normtool.dedup.verify import scores
    a, b = fps(PARADE, PARADE_SPUN)
    s = scores(a, b)
    assert s["skeleton"] < settings.MATCH.renamed_skeleton and s["containment"] < settings.MATCH.contained
    m = verify(a, b)
    assert m is not None and m.relation == "spun"
    assert m == verify(b, a)._replace(canonical=m.canonical, id=m.id)
    # only the plain way takes it
    assert verify(a, b, settings.MATCH._replace(plain_skeleton=1.01)) is None
    assert verify(a, b, settings.MATCH._replace(plain_words=s["words"] + 0.01)) is None


def test_template_notice_with_figures_is_not_short_prose():
    """Two notices on one template share their words, a good part of their
    text and every figure; their figures, not their wording, keep them apart."""
    from normtool import settings
    from normtool.dedup.verify import scores
    a, b = fps(WITCO, ANADARKO)
    s = scores(a, b)
    assert s["small_numbers"] == 2 and s["numbers"] == 1.0
    assert verify(a, b) is None
    # the figures cap is what turns it away
    assert verify(a, b, settings.MATCH._replace(plain_figures=2)) is not None


# Two name-change notices on one template; the longer one has a borrowed
# sentence and figures of its own.  The skeleton is whole and the opening
# (the names) differs, as in a spin.
NOTICE = ("Corhal Foods said Luis Insel, its chief executive, quit and will be succeeded by David "
          "Zellumar on September 3. Luis Insel, chief executive of Corhal Foods, said the decision "
          "followed eight months of talks with the board. Gilberto Arango, president of Colombia's "
          "exporters' association, speaking to Reuters earlier this week, ruled out a fresh Colombian "
          "initiative on export quotas, saying producers had now to show a common resolve. In 1986 the "
          "company said restructuring helped it earn 12 mln dlrs.")
OTHER_NOTICE = ("Kelras Holdings said John Arcas, its vice president, resigned and will be replaced by "
                "Ahmed Fentor on September 3. Gilberto Arango, president of Colombia's exporters' "
                "association, speaking to Reuters earlier this week, ruled out a fresh Colombian "
                "initiative on export quotas, saying producers had now to show a common resolve.")


def test_skeleton_whole_rule_needs_the_figures_both_ways():
    from normtool import settings
    from normtool.dedup.verify import scores
    a, b = fps(NOTICE, OTHER_NOTICE)
    s = scores(a, b)
    assert s["skeleton"] >= settings.MATCH.whole_skeleton and s["lead"] < settings.MATCH.spun_lead
    assert s["numbers"] == 1.0 and s["numbers_both"] < settings.MATCH.numbers
    assert verify(a, b) is None
    # with the figures let through (the short ways, plain and renamed, off), the
    # skeleton-whole way takes it
    loose = settings.MATCH._replace(numbers=0.3, plain_figures=0, renamed_skeleton=1.01)
    assert verify(a, b, loose) is not None
    assert verify(a, b, loose._replace(whole_skeleton=1.01)) is None


def test_copy_nearly_all_in_its_source_but_its_opening_spun_matches():
    """Two paragraphs of the story, its opening words swapped ("stated
    Tuesday it consented to purchase"): 86% of it is in the story, but
    fewer shingles than a long sentence has, so the opening test applies,
    and a third of the opening is left.  Its skeleton, names and figures are
    the story's: a part of it (``verify.spun_contained``), not one shared
    passage.  (Round 29: cut copies of the pivot and headcut spinners, and
    copies restored from their source but for the opening.)"""
    paras = STORY.split("\n\n")
    copy = paras[0].replace("said on Tuesday it agreed to buy",
                            "stated Tuesday it consented to purchase") + "\n\n" + paras[1]
    a, b = fps(STORY, copy)
    m = verify(a, b)
    assert m is not None and m.relation == "contained" and m.similarity > 0.8
    a, b = fps(STORY, copy, spun=True)
    assert verify(a, b).relation == "spun"


def test_spun_contained_needs_every_figure_and_the_skeleton():
    """Guards: the same copy with a figure of its own (another deal), or
    with a sentence of its own that breaks the skeleton, stays apart."""
    from normtool.dedup.verify import scores, spun_contained
    paras = STORY.split("\n\n")
    copy = paras[0].replace("said on Tuesday it agreed to buy",
                            "stated Tuesday it consented to purchase") + "\n\n" + paras[1]
    a, b = fps(STORY, copy.replace("35 million", "41 million"))
    assert scores(a, b)["numbers"] < 1.0 and verify(a, b) is None
    s = {"jaccard": 0.4, "containment": 0.86, "size": 0.5, "small_shingles": 56, "numbers": 1.0,
         "small_numbers": 3, "numbers_both": 0.67, "anchors": 1.0, "small_anchors": 15,
         "words": 0.95, "skeleton": 0.94, "lead": 0.33}
    assert spun_contained(s)
    assert not spun_contained(dict(s, skeleton=0.85))          # a passage in a text of its own
    assert not spun_contained(dict(s, anchors=0.6))            # other names around it
    assert not spun_contained(dict(s, words=0.6))


def test_short_copy_with_a_name_word_spun_is_a_copy():
    """A short story spun lightly, one name word among the words swapped
    ("Valdor Mining" -> "Valdor Excavation"): with five name features a
    single word takes two fifths of them, so the names test of a copy
    sharing fewer shingles than a long sentence fails, though its opening,
    skeleton, words and figures are the story's.  One more word swapped
    (under ``contained`` of the text kept) and the spun ways took it; so
    lightly spun, nothing did (Round 29: the one copy of 300 each that moby
    and roget at 10% kept apart)."""
    from normtool.dedup.verify import scores, spun_contained
    story = ("Valdor Mining said on Monday it would close its copper mine near Tarkville after a "
             "flood, cutting its output by about a third this year.\n\nThe company said repairs "
             "would take months and that its staff would be moved to other sites in the north of "
             "the country.")
    light = story.replace("Valdor Mining", "Valdor Excavation").replace("flood", "deluge") \
        .replace("repairs", "fixes")
    a, b = fps(story, light)
    s = scores(a, b)
    assert s["containment"] >= 0.8 and s["anchors"] < 0.75 and s["lead"] >= 0.5
    assert verify(a, b).relation == "near"
    more = light.replace("months", "moons")
    assert verify(*fps(story, more)) is not None           # as before: the spun ways
    # guards: the larger text's figures must agree too, and the opening
    assert not spun_contained(dict(s, numbers_both=0.6))
    assert not spun_contained(dict(s, lead=0.3))
    assert not spun_contained(dict(s, skeleton=0.85))


def test_short_notices_on_one_template_with_other_names_stay_apart():
    """Guard: two listing notices, other companies, no figure: the opening,
    skeleton and words are the template's, the names are not, and the text
    is too short (under ``min_spun``) for names to be left out."""
    a, b = fps("The American Stock Exchange said it has started trading the common stock of "
               "Lawrence Insurance Group Inc, which went public today.",
               "The American Stock Exchange said it has started trading the common stock of "
               "Sherwood Group Inc, which went public today.")
    assert verify(a, b) is None


# The story with a tail of its own figures, and a copy cut to its first three
# paragraphs and spun (a fifth of the words, a name and phrases too): a teaser
# under a new headline.
LONG_STORY = STORY + (
    "\n\nWidget, founded in 1921, employs 4,200 people at 14 plants and reported sales of 610 "
    "million euros last year, most of them in Germany and Italy.\n\nAcme shares rose 3.4 percent "
    "to 41.20 dollars in early trading in New York, while Widget's jumped 24 percent to 12.10 "
    "dollars, just under the offer.")
CUT_SPUN = (
    "Zenith Corp mentioned on Tuesday it consented to purchase Gadget Holdings for 450 million "
    "dollars in hard currency, a transaction that might make it the largest maker of industrial "
    "valves in Europe.\n\nThe firm stated the acquisition, sanctioned by the two boards, ought to "
    "conclude in the third quarter, and it anticipated economies of 35 million dollars a year by "
    "2026.\n\nGadget stockholders will get 12.50 dollars a share, a premium of 28 percent to "
    "Monday's closing cost, Zenith chief executive Jane Doe told reporters in Frankfurt.")


def test_a_spun_copy_cut_short_matches_its_source():
    """Its figures are all in the source, but the source's tail brings its own
    (figures both ways fail), and names and words are under what a whole copy
    keeps: only the cut way takes it."""
    from normtool import settings
    from normtool.dedup.verify import scores
    a, b = fps(LONG_STORY, CUT_SPUN, spun=True)
    s = scores(a, b)
    assert s["numbers"] == 1.0 and s["numbers_both"] < settings.MATCH.numbers
    m = verify(a, b)
    assert m is not None and m.relation == "spun"
    assert verify(a, b, settings.MATCH._replace(cut_size=0.0)) is None
    # a figure of the copy not in the source: another story
    a, b = fps(LONG_STORY, CUT_SPUN.replace("12.50", "13.50"), spun=True)
    assert verify(a, b) is None


def test_cut_way_needs_figures_or_a_spun_verdict_and_no_whole_sentences():
    from normtool.dedup.verify import cut_spun, scores
    a, b = fps(LONG_STORY, CUT_SPUN, spun=True)
    s = scores(a, b)
    assert cut_spun(s, True) and cut_spun(s, False)          # its figures speak for it
    no_figures = dict(s, small_numbers=0, numbers=1.0)
    assert cut_spun(no_figures, True) and not cut_spun(no_figures, False)   # a template's rewrite
    assert not cut_spun(dict(s, containment=0.7), True)      # whole sentences: another story's
    assert not cut_spun(dict(s, size=0.9), True)             # not a part of the other
    assert not cut_spun(dict(s, words=0.95), True)           # every word kept: no spinner
