"""A spun copy restored from the copy it was spun from, in one run (issue 15).

Fixtures (written for these tests): ``source.txt``, a wire story;
``spun.txt``, the same story through a synonym spinner (single words,
a word for a phrase, a phrase for a word, a word added, a capitalised
sentence start); ``edited.txt``, an editor's version of the source (new
title, a tense, a changed figure, two synonyms, a US spelling, a cut tail).
"""
from pathlib import Path

import json

import pytest

from normtool.article import Article
from normtool.despin.compare import compare, swaps
from normtool.despin.siblings import RULE, restore, restore_story, undo
from normtool.despin.tokens import Tokens
from normtool.runner import restore_siblings, run_clean
from normtool.options import CleanOptions, RunOptions

FIX = Path(__file__).parent / "fixtures" / "siblings"


def _story(name: str) -> tuple[str, str]:
    title, _, body = FIX.joinpath(name).read_text(encoding="utf-8").partition("\n\n")
    return title.strip(), "\n\n".join(" ".join(p.split()) for p in body.strip().split("\n\n"))


SOURCE, SPUN, EDITED = (_story(n) for n in ("source.txt", "spun.txt", "edited.txt"))


def _art(i: str, story: tuple, **kw) -> Article:
    return Article(id=i, title=story[0], text=story[1], **kw)


def test_a_spun_copy_is_restored_word_for_word_from_its_source():
    got = restore(_art("copy", SPUN), _art("src", SOURCE))
    assert got is not None and got.spun is True
    assert got.text == SOURCE[1]
    reps = [r for r in got.repairs if r["rule"] == RULE]
    assert {(r["from"], r["to"]) for r in reps} >= {
        ("mentioned", "said"), ("work stoppage", "strike"), ("adjacent", "next"),
        ("Negotiations", "Talks"), (" calendar", "")}
    for r in reps:                          # offsets point into the restored text
        assert got.text[r["offset"]:r["offset"] + len(r["to"])] == r["to"]


def test_the_source_is_never_restored_from_its_spun_copy():
    assert restore(_art("src", SOURCE), _art("copy", SPUN)) is None
    assert restore(_art("src", SOURCE, spun=True), _art("copy", SPUN)) is None


def test_an_editors_version_is_no_spun_copy_either_way():
    """Tense, figures, a spelling and two synonyms: an editor's changes."""
    for a, b in ((EDITED, SOURCE), (SOURCE, EDITED)):
        verdict = compare(Tokens(a[1]), Tokens(b[1]))
        assert not verdict.spun
        assert restore(_art("a", a), _art("b", b)) is None


def test_figures_are_never_copied():
    src = SOURCE[1]
    spun = SPUN[1].replace("4.5 percent", "4.7 percent")
    got = restore(Article(id="c", text=spun), Article(id="s", text=src))
    assert got is not None and "4.7 percent" in got.text and "mentioned" not in got.text


def test_words_agreeing_in_order_are_needed():
    """Another story on the same subject shares words, not sentences."""
    other = ("Port workers in the north voted on Friday to accept a new contract, ending "
             "a dispute over overtime that began in the spring, their union said.")
    assert restore(Article(id="c", text=SPUN[1]), Article(id="o", text=other)) is None


def test_a_flagged_copy_needs_fewer_swaps_than_an_unflagged_one():
    # Two swaps only: not enough to call a copy spun, unless despin flagged it.
    src = SOURCE[1]
    copy = src.replace("next year", "adjacent year").replace("warned", "cautioned")
    assert not compare(Tokens(copy), Tokens(src)).spun
    assert compare(Tokens(copy), Tokens(src), flagged=True).spun
    got = restore(Article(id="c", text=copy, spun=True), Article(id="s", text=src))
    assert got is not None and got.text == src


def test_a_phrase_written_for_a_word_is_evidence_a_respelling_is_not():
    # Two word swaps and two phrases for a word: four swaps, enough for an unflagged copy.
    src = SOURCE[1]
    swapped = src.replace("halted", "stopped").replace("had warned", "had cautioned")
    copy = swapped.replace("two-week strike", "two-week work stoppage").replace(
        "of vessels", "of cargo ships")
    assert compare(Tokens(copy), Tokens(src)).spun
    assert restore(Article(id="c", text=copy), Article(id="s", text=src)).text == src
    # Words joined or split by a hyphen are the same words: two swaps only.
    edited = swapped.replace("two-week", "two week").replace("container traffic",
                                                             "container-traffic")
    assert not compare(Tokens(edited), Tokens(src)).spun


def test_earlier_repairs_keep_valid_offsets():
    src = SOURCE[1]
    # despin already put "said" back for "mentioned" (offset into this text)
    copy = src.replace("three largest", "three biggest").replace("waiting outside the harbour",
                                                                "waiting outside the seaport")
    copy = copy.replace("warned", "cautioned").replace("The government", "The authorities")
    k = copy.index("said")
    earlier = {"offset": k, "from": "mentioned", "to": "said", "rule": "reporting:mentioned"}
    got = restore(Article(id="c", text=copy, repairs=[earlier]), Article(id="s", text=src))
    assert got is not None and got.text == src
    assert earlier["rule"] in [r["rule"] for r in got.repairs]
    for r in got.repairs:
        assert got.text[r["offset"]:r["offset"] + len(r["to"])] == r["to"]


def test_titles_are_restored_with_the_body():
    spun_title = SOURCE[0].replace("strike", "work stoppage")
    got = restore(Article(id="c", title=spun_title, text=SPUN[1]), _art("s", SOURCE))
    assert got.title == SOURCE[0]
    assert [r for r in got.repairs if r.get("field") == "title"]


def test_sentence_start_case_follows_the_copy():
    copy = "Officials said the plan was bold. Adjacent year the city will build more homes."
    src = "Officials said the plan was bold; next year the city will build more homes."
    (s,), _ = swaps(Tokens(copy), Tokens(src))
    assert (s.i1, s.i2) == (6, 7) and s.gain > 0
    got = restore(Article(id="c", text=copy, spun=True), Article(id="s", text=src))
    assert got.text == "Officials said the plan was bold. Next year the city will build more homes."


def test_a_story_takes_no_flagged_or_foreign_source():
    copy = _art("copy", SPUN)
    assert restore_story(copy, [_art("src", SOURCE, spun=True)]) is copy
    assert restore_story(copy, [_art("src", SOURCE, lang="de")]) is copy
    assert restore_story(_art("copy", SPUN, lang="fr"), [_art("src", SOURCE)]).text == SPUN[1]
    assert restore_story(copy, [_art("src", SOURCE, lang="en")]).text == SOURCE[1]


# Older prose than the news model knows, and a plainer rewrite of it: word
# for word, the rewrite's commoner words fit the model better.
OLD = Article(id="old", text="The physician said the malady was grave and the remedy dear, and he "
              "bade the household abide until the morrow, when the apothecary would return from the "
              "city with his wares.")
PLAIN = Article(id="plain", text="The doctor said the illness was serious and the cure expensive, and "
                "he told the family wait until the morning, when the pharmacist would come back from "
                "the city with his goods.")


def test_a_source_the_detector_scores_lower_is_never_restored_from_its_copy():
    assert restore(OLD, PLAIN) is not None                 # the words alone would say OLD is spun
    from normtool import settings
    lead = settings.DESPIN.sibling_lead
    old, plain = OLD.replace(spin_score=0.0), PLAIN.replace(spin_score=lead)
    assert restore_story(old, [old, plain]) == old
    # a smaller lead says little (a spinner may swap the source's odd words for plain ones)
    old, plain = OLD.replace(spin_score=0.1), PLAIN.replace(spin_score=0.1 + lead / 2)
    assert restore_story(old, [old, plain]).text == PLAIN.text


def test_an_unflagged_copy_needs_its_words_to_fit_worse_by_sibling_gain_on_average():
    """Where neither text looks spun, a tie says nothing: the copy's words
    must fit worse by ``sibling_gain`` per swap on average.  A flagged
    copy needs no such margin."""
    from normtool import settings
    from normtool.despin.compare import is_short
    copy, src = Tokens(SPUN[1]), Tokens(SOURCE[1])
    short = [x for x in swaps(copy, src)[0] if is_short(x)]
    mean = sum(x.gain for x in short) / len(short)
    assert mean > settings.DESPIN.sibling_gain and compare(copy, src).spun
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(settings, "DESPIN", settings.DESPIN._replace(sibling_gain=mean + 0.01))
        assert not compare(copy, src).spun
        assert compare(copy, src, flagged=True).spun
        assert restore_story(_art("copy", SPUN, spun=False), [_art("src", SOURCE)]).text == SPUN[1]
        mp.setattr(settings, "DESPIN", settings.DESPIN._replace(sibling_gain=mean - 0.01))
        assert compare(copy, src).spun


def test_a_capitalised_word_that_fits_far_worse_counts_as_a_spinners_swap():
    """Three plain swaps are too few for a copy of this length; two spun
    words of names ("Protections and Exchange Commission") make it a
    spinner's rewrite, an editor's new day and short name do not."""
    from normtool import settings
    src = SOURCE[1] + ("\n\nThe Securities and Exchange Commission and the Federal Reserve Board "
                       "will study the law.")
    three = src.replace("next year", "adjacent year").replace("warned", "cautioned").replace(
        "halted", "stopped")
    names = three.replace("Securities and", "Protections and").replace("Federal Reserve", "Federal Modesty")
    edited = three.replace("on Tuesday", "on Wednesday").replace("Federal Reserve Board", "Fed Board")
    assert not compare(Tokens(three), Tokens(src)).spun
    assert compare(Tokens(names), Tokens(src)).spun
    assert not compare(Tokens(edited), Tokens(src)).spun
    got = restore(Article(id="c", text=names), Article(id="s", text=src))
    assert got is not None and got.text == src
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(settings, "DESPIN", settings.DESPIN._replace(sibling_name_gain=None))
        assert not compare(Tokens(names), Tokens(src)).spun


def test_restore_siblings_keeps_order_and_restores_either_way_round():
    """An unflagged spun copy may head its story (it came first, or is
    longer): it is restored from the copy that joined it."""
    arts = [_art("a-copy", SPUN, spun=False), _art("b-src", SOURCE, spun=False),
            Article(id="c-other", text="A short note on another matter entirely, with no copy.",
                    spun=False)]
    out = list(restore_siblings(arts))
    assert [a.id for a in out] == ["a-copy", "b-src", "c-other"]
    assert out[0].text == SOURCE[1] and out[0].spun is True
    assert out[1] is arts[1] or out[1].text == SOURCE[1]
    assert out[2].text == arts[2].text


def test_a_word_swapped_beside_a_number_is_put_back_but_never_a_number():
    """"12-affiliate" for "12-member" is a spinner's swap of the word; "4-year" for
    "3-year" is an updated figure, never copied."""
    src = SOURCE[1].replace("a further 3 percent", "a further 3 percent under a 3-year deal agreed by "
                            "the 12-member board")
    copy = SPUN[1].replace("a further 3 percent", "a further 3 percent under a 4-year deal agreed by "
                           "the 12-affiliate board")
    got = restore(_art("copy", (SPUN[0], copy)), _art("src", (SOURCE[0], src)))
    assert got is not None
    assert "12-member board" in got.text and "4-year deal" in got.text
    assert ("12-affiliate", "12-member") in {(r["from"], r["to"]) for r in got.repairs}


def _misrepaired(text: str, pairs: list) -> Article:
    """A flagged article whose words ``pairs`` (written, repaired) despin changed."""
    repairs = []
    for old, new in pairs:
        at = text.index(old)
        text = text[:at] + new + text[at + len(old):]
        repairs.append({"offset": at, "from": old, "to": new, "rule": f"context:{old}"})
    return Article(id="src", title=SOURCE[0], text=text, spun=True, spin_score=0.6, repairs=repairs)


def test_a_flagged_source_of_a_copy_is_given_back_as_written():
    """Clean copy flagged for a word or two is the source of a spinner's
    rewrite in the run: unflagged, its repairs undone, and the copy restored
    from it."""
    src = _misrepaired(SOURCE[1], [("halted", "stopped")])
    copy = _art("copy", SPUN, spun=True, spin_score=0.9)
    got = restore_story(src, [copy])
    assert got.text == SOURCE[1] and got.spun is False and got.repairs == []
    back = restore_story(copy, [src])
    assert back.text == SOURCE[1] and back.spun is True


def test_a_source_with_many_repairs_stays_flagged_and_is_no_source():
    src = _misrepaired(SOURCE[1], [("halted", "stopped"), ("backlog", "queue"), ("warned", "said")])
    copy = _art("copy", SPUN, spun=True, spin_score=0.9)
    assert restore_story(src, [copy]).spun is True
    assert all(r["rule"] != RULE for r in restore_story(copy, [src]).repairs)


def test_a_lightly_spun_copy_with_its_source_in_the_run_is_not_given_back():
    """A flagged copy with one repair that rewords an unflagged member (its
    source) is no source, even beside a more heavily spun copy of its own:
    it keeps its flag and its repair."""
    light = _misrepaired(SOURCE[1].replace("union said on", "union mentioned on")
                         .replace("three largest", "three biggest"), [("halted", "stopped")])
    light = light.replace(id="light")
    heavy = _art("heavy", SPUN, spun=True, spin_score=0.9)
    got = restore_story(light, [_art("src", SOURCE, spun=False), heavy])
    assert got.spun is True and got.repairs
    assert restore_story(light, [heavy]).spun is False       # without its source: given back


def test_a_flagged_article_is_no_source_of_a_copy_the_detector_scores_lower():
    """The detector scores a spinner's copy higher than its source: a copy
    scored lower is no rewrite of the flagged article, whatever the fit."""
    src = _misrepaired(SOURCE[1], [("halted", "stopped")])
    copy = _art("copy", SPUN, spun=True, spin_score=0.55)
    assert restore_story(src, [copy]).spun is True
    assert all(r["rule"] != RULE for r in restore_story(copy, [src]).repairs)


def test_a_flagged_article_beside_an_unspun_copy_of_itself_stays_as_it_is():
    """Another outlet's clean copy of the same words is no spinner's rewrite."""
    src = _misrepaired(SOURCE[1], [("halted", "stopped")])
    same = _art("other", (SOURCE[0], SOURCE[1] + " Talks on pensions resume in May."), spun=False)
    got = restore_story(src, [same])
    assert got.spun is True and got.repairs


MINE = ("Shares of the mining company fell sharply on Monday after the firm said its quarterly profit "
        "dropped because of lower metal prices and higher costs at its main mine in the north. "
        "The company said output would recover later in the year, but analysts said the outlook "
        "remained weak because demand from China was slowing and stocks of copper were rising. "
        "The chief executive told reporters that the board would meet next week to discuss the "
        "dividend and a plan to sell two smaller mines, but he declined to say how much they could fetch.")


def _swapped(text: str, pairs: dict) -> str:
    for old, new in pairs.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_copy_is_restored_from_its_source_when_a_longer_spun_copy_heads_the_story():
    """A heavy spinner's phrases make its copy longer than the source, so
    an unflagged one heads the story; a lightly spun copy must still reach
    the source, one of the story's other copies."""
    heavy = _swapped(MINE, {"but analysts": "be that as it may, analysts", "but he": "be that as it may he",
                            "because of": "in light of the fact that", "sharply": "in a sharp manner",
                            "next week": "in the week that follows", "costs": "outlays",
                            "smaller": "more modest", "reporters": "members of the press"})
    light = _swapped(MINE, {"mining company": "mining corporation", "quarterly profit": "quarterly benefit",
                            "outlook remained": "standpoint remained", "chief executive": "chief official",
                            "declined to say": "refused to say", "stocks of copper": "shares of copper"})
    arts = [Article(id="heavy", text=heavy, spun=False), Article(id="src", text=MINE, spun=False),
            Article(id="light", text=light, spun=False)]
    out = {a.id: a for a in restore_siblings(arts, CleanOptions(detect_language=False))}
    assert out["light"].text == MINE and out["light"].spun is True
    assert {(r["from"], r["to"]) for r in out["light"].repairs} >= {("corporation", "company"),
                                                                 ("standpoint", "outlook")}
    assert out["src"].text == MINE and not out["src"].repairs
    assert out["heavy"].spun is True and "members of the press" not in out["heavy"].text


def test_a_copy_is_restored_from_the_source_not_from_another_copy_heading_the_story():
    """Two copies spun apart from one source: the one heading the story is
    itself a rewrite of another member, so the other copy takes the
    source's words, never the first copy's swaps where it kept the source's."""
    first = _swapped(MINE, {"mining company": "mining corporation", "quarterly profit": "quarterly benefit",
                            "outlook remained": "standpoint remained", "chief executive": "chief official",
                            "declined to say": "refused to say", "stocks of copper": "shares of copper"})
    second = _swapped(MINE, {"fell sharply": "fell acutely", "metal prices": "metal costs",
                             "would recover": "would convalesce", "demand from": "request from",
                             "board would meet": "committee would meet", "smaller mines": "littler mines",
                             "main mine": "principal mine", "later in": "subsequently in",
                             "was slowing": "was decelerating", "copper were rising": "copper were ascending",
                             "told reporters": "informed reporters", "higher costs": "loftier costs"})
    copy, head, src = (Article(id=i, text=t, spun=False)
                       for i, t in (("second", second), ("first", first), ("src", MINE)))
    assert restore(copy, head) is not None      # the first copy would pass as a source
    got = restore_story(copy, [head, src])
    assert got.text == MINE and got.spun is True
    assert restore_story(copy, [head]).text != MINE       # alone, the first copy is the one there is


@pytest.mark.parametrize("siblings", [True, False])
def test_clean_restores_a_copy_from_its_source_in_the_same_run(tmp_path, siblings):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("source.txt", "spun.txt", "edited.txt"):
        raw.joinpath(name).write_text(FIX.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    summary = run_clean([str(raw)], str(out), CleanOptions(siblings=siblings, detect_language=False),
                        RunOptions())
    recs = {Path(r["source"].split(":")[0]).name: r
            for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert summary.written == 3
    spun_text = recs["spun.txt"]["text"]
    assert ("mentioned" not in spun_text) == siblings
    if siblings:
        assert recs["spun.txt"]["spun"] is True
        assert any(r["rule"] == RULE for r in recs["spun.txt"]["repairs"])
        assert summary.steps["despin"]["restored from a copy"] == 1
    # the source and the editor's version are never changed by another copy
    for name in ("source.txt", "edited.txt"):
        assert not any(r["rule"] == RULE for r in recs[name]["repairs"])


def test_a_wrong_earlier_repair_is_folded_in_and_undoing_gives_the_input_back():
    src = SOURCE[1]
    spun_input = SPUN[1]
    # despin alone repaired two words: "mentioned" wrongly (as "stated"), "adjacent" rightly
    despun = spun_input.replace("mentioned", "stated", 1).replace("adjacent year", "next year", 1)
    reps = [{"offset": despun.index("stated"), "from": "mentioned", "to": "stated", "rule": "context:mentioned"},
            {"offset": despun.index("next year"), "from": "adjacent", "to": "next", "rule": "context:adjacent"}]
    assert undo(despun, reps) == spun_input
    got = restore(Article(id="c", text=despun, repairs=reps, spun=True), Article(id="s", text=src))
    assert got.text == src and got.spin_score == 1.0
    assert {"offset": src.index("said"), "from": "mentioned", "to": "said", "rule": RULE} in got.repairs
    assert "context:adjacent" in [r["rule"] for r in got.repairs]          # kept, offset moved
    assert undo(got.text, got.repairs) == spun_input


def test_the_same_output_for_any_number_of_workers(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(3):        # three stories, each a source and its spun copy
        for name in ("source.txt", "spun.txt"):
            text = FIX.joinpath(name).read_text(encoding="utf-8").replace("Tuesday", f"day {k}")
            raw.joinpath(f"{k}-{name}").write_text(text, encoding="utf-8")
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"clean{jobs}.jsonl"
        summary = run_clean([str(raw)], str(out), CleanOptions(jobs=jobs, detect_language=False), RunOptions())
        assert summary.steps["despin"]["restored from a copy"] == 3
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_a_repetitive_long_text_gives_no_swaps():
    """The same sentence again and again holds no anchor: one replaced block
    (``align.opcodes``), so nothing to restore."""
    a = "the company said it would sell shares".split() * 2000
    b = "the firm said it would sell stock".split() * 2000
    assert restore(Article(id="a", text=" ".join(a), spun=True), Article(id="b", text=" ".join(b))) is None


def test_a_source_cut_short_restores_the_part_it_holds():
    """The run may hold only a brief of the source: the copy is restored
    where the two run side by side, and left as it is beyond."""
    brief = "\n\n".join(SOURCE[1].split("\n\n")[:2])
    got = restore(Article(id="c", text=SPUN[1]), Article(id="s", text=brief))
    assert got is not None
    head = "\n\n".join(got.text.split("\n\n")[:2])
    assert head == brief
    tail = got.text.split("\n\n")[2:]
    assert tail == SPUN[1].split("\n\n")[2:]          # nothing to restore it from


def test_hostile_earlier_repairs_never_raise():
    junk = [1, "x", None, {"offset": "a", "to": 3}, {"offset": 10**9, "from": "a", "to": "b"},
            {"field": 5, "offset": 0, "from": "", "to": ""}]
    got = restore(Article(id="c", text=SPUN[1], repairs=list(junk)), Article(id="s", text=SOURCE[1]))
    assert got.text == SOURCE[1]
    assert all(j in got.repairs for j in junk)          # kept as given, never lost


# ---------------------------------------------------------- sources from other runs
def _raw_run(tmp_path, *names: str) -> Path:
    """A run's raw folder: fixture files, and a note no copy matches."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in names:
        raw.joinpath(name).write_text(FIX.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    raw.joinpath("z-note.txt").write_text("A short note on another matter entirely, with no copy.",
                                          encoding="utf-8")
    return raw


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


OPTS = CleanOptions(detect_language=False)


@pytest.mark.parametrize("form", ["raw", "clean output"])
def test_clean_restores_a_copy_from_a_source_of_an_earlier_run(tmp_path, form):
    source = tmp_path / "yesterday" / "source.txt"
    source.parent.mkdir()
    source.write_text(FIX.joinpath("source.txt").read_text(encoding="utf-8"), encoding="utf-8")
    if form == "clean output":          # yesterday's clean, then only its JSONL is kept
        run_clean([str(source)], str(tmp_path / "yesterday.jsonl"), OPTS)
        source = tmp_path / "yesterday.jsonl"
        assert _records(source)[0]["spun"] is False
    out = tmp_path / "clean.jsonl"
    summary = run_clean([str(_raw_run(tmp_path, "spun.txt"))], str(out),
                        OPTS._replace(sources=(str(source),)))
    recs = _records(out)
    assert [r["id"] for r in recs] == ["spun", "z-note"]            # the run's, in order
    assert recs[0]["text"] == SOURCE[1] and recs[0]["spun"] is True
    assert any(r["rule"] == RULE for r in recs[0]["repairs"])
    assert (summary.read, summary.written, summary.rejected) == (2, 2, 0)
    assert summary.steps["despin"] == {"sources read": 1, "restored from a copy": 1}
    # without the source the spun copy stays as despin alone left it
    run_clean([str(tmp_path / "raw")], str(out), OPTS)
    assert "mentioned" in _records(out)[0]["text"]


def test_a_source_flagged_as_spun_is_never_used(tmp_path):
    flagged = tmp_path / "flagged.jsonl"
    flagged.write_text(json.dumps({"id": "w", "title": SOURCE[0], "text": SOURCE[1],
                                   "spun": True}) + "\n", encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    summary = run_clean([str(_raw_run(tmp_path, "spun.txt"))], str(out),
                        OPTS._replace(sources=(str(flagged),)))
    assert "mentioned" in _records(out)[0]["text"]
    assert summary.steps["despin"] == {"sources read": 1}


def test_a_source_may_share_ids_with_the_run_and_other_sources(tmp_path):
    """Two days' output may hold one story, and a source's id may be a
    run article's: ids of sources never clash with the run's."""
    src = tmp_path / "src.jsonl"
    rec = {"id": "spun", "title": SOURCE[0], "text": SOURCE[1], "spun": False}
    src.write_text((json.dumps(rec) + "\n") * 2, encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    summary = run_clean([str(_raw_run(tmp_path, "spun.txt"))], str(out),
                        OPTS._replace(sources=(str(src),)))
    assert [r["id"] for r in _records(out)] == ["spun", "z-note"]
    assert _records(out)[0]["text"] == SOURCE[1]
    assert summary.steps["despin"]["sources read"] == 2


@pytest.mark.parametrize("bad", ["missing", "malformed"])
def test_a_bad_source_is_one_line_error_and_the_previous_output_stays(tmp_path, bad):
    from click.testing import CliRunner
    from normtool.cli import main
    from normtool.errors import InputError
    raw = _raw_run(tmp_path, "spun.txt")
    src = tmp_path / "src.jsonl"
    if bad == "malformed":
        src.write_text('{"id": "a", "text": "fine"}\n{"text": \n', encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        run_clean([str(raw)], str(out), OPTS._replace(sources=(str(src),)),
                  RunOptions(on_error="skip"))
    assert err.value.path == str(src)
    res = CliRunner().invoke(main, ["clean", str(raw), "--sources", str(src), "-o", str(out)])
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [f"Error: {err.value}"]
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_sources_without_the_siblings_step_are_an_error(tmp_path):
    from click.testing import CliRunner
    from normtool.cli import main
    from normtool.errors import NormtoolError
    src = tmp_path / "src.txt"
    src.write_text(FIX.joinpath("source.txt").read_text(encoding="utf-8"), encoding="utf-8")
    raw = _raw_run(tmp_path, "spun.txt")
    for opts in (OPTS._replace(siblings=False), OPTS._replace(despin=False)):
        with pytest.raises(NormtoolError, match="--sources needs the siblings step"):
            run_clean([str(raw)], str(tmp_path / "o.jsonl"), opts._replace(sources=(str(src),)))
    res = CliRunner().invoke(main, ["clean", str(raw), "--no-siblings", "--sources", str(src)])
    assert res.exit_code == 1 and "--sources needs the siblings step" in res.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_restore_siblings_takes_sources_from_python(tmp_path):
    src = tmp_path / "src.txt"
    src.write_text(FIX.joinpath("source.txt").read_text(encoding="utf-8"), encoding="utf-8")
    arts = [_art("a-copy", SPUN, spun=False), Article(id="b", text="Another matter.", spun=False)]
    out = list(restore_siblings(arts, OPTS._replace(sources=(str(src),))))
    assert [a.id for a in out] == ["a-copy", "b"]
    assert out[0].text == SOURCE[1] and out[1] == arts[1]


def test_sources_give_the_same_output_for_any_number_of_workers(tmp_path):
    raw, src = tmp_path / "raw", tmp_path / "src"
    raw.mkdir()
    src.mkdir()
    for k in range(3):        # three stories: their spun copies in the run, sources apart
        for name, folder in (("source.txt", src), ("spun.txt", raw)):
            text = FIX.joinpath(name).read_text(encoding="utf-8").replace("Tuesday", f"day {k}")
            folder.joinpath(f"{k}-{name}").write_text(text, encoding="utf-8")
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"clean{jobs}.jsonl"
        summary = run_clean([str(raw)], str(out), OPTS._replace(jobs=jobs, sources=(str(src),)))
        assert summary.steps["despin"] == {"sources read": 3, "restored from a copy": 3}
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert [r["id"] for r in map(json.loads, outs[0].splitlines())] == [
        "0-spun", "1-spun", "2-spun"]


PORTS = ("Dock workers at the three largest ports began a strike on Monday over pay, and the "
         "vessels waiting outside the harbour were sent to other terminals, officials said. The "
         "stoppage could last a week, the union warned, and exporters fear the delays will hurt "
         "sales abroad.")


def test_a_name_spun_lower_case_a_long_phrase_and_a_closing_phrase_are_put_back():
    """A name's capital the spinner lost ("union" for "Union"), a phrase
    of four words for one ("to a lesser extent" for "less") and a phrase
    ending a clause ("ash tree," for "ash,") are put back, though only
    short swaps count as evidence."""
    src = ("The Union said on Monday that workers at the three largest ports would strike next "
           "week unless the government raised wages, and it warned that talks had less chance "
           "than before. Shipping lines said an ash, a cargo of coffee and a crane were waiting "
           "outside the harbour.")
    copy = ("The union mentioned on Monday that workers at the three biggest ports would strike "
            "adjacent week unless the authorities raised wages, and it cautioned that talks had to "
            "a lesser extent chance than before. Shipping lines said an ash tree, a cargo of coffee "
            "and a crane were waiting outside the seaport.")
    got = restore(Article(id="c", text=copy, spun=True), Article(id="s", text=src))
    assert got is not None and got.text == src
    assert {(r["from"], r["to"]) for r in got.repairs} >= {
        ("union", "Union"), ("to a lesser extent", "less"), (" tree", "")}
    long = [s for s in compare(Tokens(copy), Tokens(src), True).swaps if s.i2 - s.i1 == 4]
    assert len(long) == 1 and long[0].gain > 0


def test_a_capital_opening_the_sources_sentence_follows_the_copy():
    """Lower-cased where the source's word opened a sentence; a name's capital stays."""
    src = "Officials said the plan was bold. Next year the Union will build more homes."
    copy = "Officials said the plan was bold; adjacent year the union will build more homes."
    got = restore(Article(id="c", text=copy, spun=True), Article(id="s", text=src))
    assert got.text == "Officials said the plan was bold; next year the Union will build more homes."


def test_a_flagged_copy_is_judged_on_the_words_the_spinner_wrote():
    """Despin alone repaired three of the spinner's words, to words that fit
    the context better than the source's own: judged on the repaired text
    the copy looks no worse than its source; on the text as the spinner
    wrote it (its repairs undone) it is the spun one, and it is restored."""
    written = (PORTS.replace("a strike", "a work stoppage").replace("vessels", "watercraft")
               .replace("harbour", "seaport").replace("union warned", "union cautioned"))
    despun, repairs = written, []
    for spun, repaired in (("watercraft", "ships"), ("seaport", "port"), ("cautioned", "said")):
        k = despun.index(spun)
        despun = despun[:k] + repaired + despun[k + len(spun):]
        repairs.append({"offset": k, "from": spun, "to": repaired, "rule": "context:" + spun})
    assert undo(despun, repairs) == written
    assert not compare(Tokens(despun), Tokens(PORTS), True).spun
    got = restore(Article(id="c", text=despun, spun=True, repairs=repairs),
                  Article(id="s", text=PORTS))
    assert got is not None and got.text == PORTS
    assert undo(got.text, got.repairs) == written
    # an unflagged copy keeps the old rule: judged on its text as it is
    assert restore(Article(id="c", text=despun, repairs=repairs), Article(id="s", text=PORTS)) is None


def _two_spun_copies() -> tuple[Article, Article]:
    """PORTS spun twice, by different draws: the two rarely swap one word."""
    a = (PORTS.replace("largest", "biggest").replace("vessels", "watercraft")
         .replace("warned", "cautioned").replace("exporters fear", "exporters dread"))
    b = (PORTS.replace("began a strike", "commenced a strike").replace("harbour", "seaport")
         .replace("sales abroad", "gross sales abroad").replace("officials said", "officials stated"))
    return Article(id="a", text=a, spun=True), Article(id="b", text=b, spun=True)


def test_two_spun_copies_with_no_source_take_each_others_words_where_they_fit_better():
    from normtool.despin.siblings import PEER, from_peer
    a, b = _two_spun_copies()
    got_a, got_b = from_peer(a, b), from_peer(b, a)
    wrong = lambda t: sum(x != y for x, y in zip(t.split(), PORTS.split()))   # noqa: E731
    assert wrong(got_a.text) < wrong(a.text) and wrong(got_b.text) < wrong(b.text)
    assert "watercraft" not in got_a.text and "seaport" not in got_b.text
    assert all(r["rule"] == PEER for r in got_a.repairs + got_b.repairs)
    assert undo(got_a.text, got_a.repairs) == a.text and got_a.spun and got_a.spin_score is None


def test_only_a_flagged_copy_takes_a_peers_words_and_never_from_an_editors_version():
    from normtool.despin.siblings import from_peer
    a, b = _two_spun_copies()
    assert restore_story(a.replace(spun=False), [b]).text == a.text      # unflagged: as it is
    edited = Article(id="e", text=PORTS.replace("vessels", "ships"), spun=True)
    assert from_peer(edited, Article(id="s", text=PORTS)) is None        # one swap: no spinner's


def test_peers_give_the_same_texts_in_either_order():
    a, b = _two_spun_copies()
    one = {x.id: x.text for x in restore_siblings([a, b])}
    two = {x.id: x.text for x in restore_siblings([b, a])}
    assert one == two and one["a"] != a.text and one["b"] != b.text


def test_the_summary_counts_repairs_from_a_spun_copy():
    from normtool.runner import Summary
    a, b = _two_spun_copies()
    summary = Summary("clean")
    list(restore_siblings([a, b], summary=summary))
    assert summary.steps["despin"] == {"repaired from a spun copy": 2}
