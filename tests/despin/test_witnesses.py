"""Third copies of a story vote down a source's own typos and edits (``despin.witnesses``).

A spun copy restored from a near-identical copy of its original (a repost
with typos, an editor's changed word) must not take those words; another
spin of the story, the same spin run twice or a British copy must not
vote the spinner's words back in.  Fixtures as ``test_siblings``.
"""
from normtool.article import Article
from normtool.despin.forms import variant
from normtool.despin.siblings import restore, restore_story
from normtool.despin.tokens import Tokens

from .test_siblings import SOURCE, SPUN, _art

TYPOS = {"container": "contianer", "backlog": "bakclog"}


def _typo_copy() -> tuple[str, str]:
    text = SOURCE[1]
    for right, wrong in TYPOS.items():
        text = text.replace(right, wrong, 1)
    return SOURCE[0], text


def test_a_typo_copy_first_in_the_story_lends_the_spun_copy_no_typos():
    members = [_art("typo", _typo_copy()), _art("orig", SOURCE)]
    got = restore_story(_art("copy", SPUN), members)
    assert got.spun is True
    assert not any(wrong in got.text for wrong in TYPOS.values())
    assert got.text == SOURCE[1]


def test_an_editors_word_in_the_source_is_voted_down_by_the_original():
    edited = (SOURCE[0], SOURCE[1].replace("halted", "stopped"))
    got = restore(_art("copy", SPUN), _art("ed", edited), witnesses=[Tokens(SOURCE[1])])
    assert "halted most container traffic" in got.text
    assert got.text == SOURCE[1]
    unvoted = restore(_art("copy", SPUN), _art("ed", edited))
    assert "stopped most container traffic" in unvoted.text


def test_another_spin_of_the_story_casts_no_vote():
    """A second spin that chose some of the same synonyms differs from the
    source at many places: it is no near-identical copy."""
    other = SOURCE[1]
    for right, spun in (("said on Tuesday", "mentioned on Tuesday"), ("largest", "biggest"),
                        ("clear the", "empty the"), ("welcomed", "greeted"),
                        ("warned", "alerted"), ("review", "examine"), ("halted", "ceased")):
        other = other.replace(right, spun, 1)
    got = restore(_art("copy", SPUN), _art("orig", SOURCE), witnesses=[Tokens(other)])
    assert got.text == SOURCE[1]


def test_the_same_spin_run_twice_casts_no_vote():
    got = restore(_art("copy", SPUN), _art("orig", SOURCE), witnesses=[Tokens(SPUN[1])])
    assert got.text == SOURCE[1]


def test_a_british_copy_does_not_vote_on_a_spelling():
    """The spinner wrote "harbour" for an American source's "harbor"; a
    British copy agrees with it by chance, not because the spinner kept it."""
    american = (SOURCE[0], SOURCE[1].replace("harbour", "harbor"))
    spun = SPUN[1].replace("seaport", "harbour")
    got = restore(Article(id="copy", title=SPUN[0], text=spun), _art("us", american),
                  witnesses=[Tokens(SOURCE[1])])
    assert "outside the harbor." in got.text


def test_variant_spellings_are_told_from_typos():
    assert variant("harbour", "harbor") and variant("programme", "program")
    assert variant("organisation", "organization") and variant("travelled", "traveled")
    assert not variant("memebrs", "members") and not variant("four", "for")
    assert not variant("agency", "company") and not variant("said", "said")


def test_a_typo_copy_is_tried_as_a_source_after_the_original():
    """The spinner swapped the very word the repost misspelt ("biggest" for
    "largest", "largset"): no copy agrees with the spun one there, so the
    typo copy must not be the source while the original is in the story."""
    typo = (SOURCE[0], SOURCE[1].replace("largest", "largset").replace("traffic", "trafifc"))
    got = restore_story(_art("copy", SPUN), [_art("typo", typo), _art("orig", SOURCE)])
    assert "three largest ports" in got.text and got.text == SOURCE[1]


def test_misspelt_counts_a_members_typos_of_the_story_not_its_own_words():
    from normtool.despin.context import load_model
    from normtool.despin.witnesses import misspelt
    typo = _art("typo", (SOURCE[0], SOURCE[1].replace("largest", "largset")))
    orig, cut = _art("orig", SOURCE), _art("cut", (SOURCE[0], SOURCE[1].split("\n\n")[0]))
    members = [typo, orig, cut]
    toks = [Tokens(m.text) for m in members]
    assert [misspelt(t, [o for o in toks if o is not t], load_model()) for t in toks] == [1, 0, 0]


def test_a_copy_in_other_formats_is_outvoted_by_the_original():
    """A copy that spells out the wire's abbreviations ("per cent" for
    "percent", "million" for "mln") is the source: the original, in the
    same run, keeps them out of the spun copy."""
    wire = (SOURCE[0], SOURCE[1].replace("millions of dollars", "mln of dlrs"))
    spun = SPUN[1].replace("millions of dollars", "mln of dlrs")
    other = SOURCE[1].replace("4.5 percent", "4.5 per cent").replace("millions of dollars",
                                                                  "million of dollars")
    got = restore(Article(id="copy", title=SPUN[0], text=spun), _art("fmt", (SOURCE[0], other)),
                  witnesses=[Tokens(wire[1])])
    assert got.text == wire[1]


def test_the_same_spin_cut_short_casts_no_vote():
    """A repost of the spun copy cut after two paragraphs agrees with it at
    the spinner's swaps there, where its words fit clearly worse: a twin."""
    cut = "\n\n".join(SPUN[1].split("\n\n")[:2])
    got = restore(_art("copy", SPUN), _art("orig", SOURCE), witnesses=[Tokens(cut)])
    assert got.text == SOURCE[1]
