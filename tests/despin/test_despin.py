"""Despin (issue #4): detector, repairer, phrase table, seed 004, clean-copy safety."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from normtool.article import Article
from normtool.clean import clean_text
from normtool.cli import main
from normtool import settings as tuned
from normtool.data import read_text
from normtool.despin import (SpinTableError, despin_article, format_repairs, load_table,
                             repair_text, spin_evidence, spin_score)
from normtool.despin.despin import statistical_matches
from normtool.despin.detect import reads_english, suspect_evidence
from normtool.despin.match import apply_matches, find_matches
from normtool.despin.model import (NEWS_LM, THESAURUS, Suspect, find_suspects, half_suspects,
                                   load_stats, make_stats)
from normtool.despin.tokens import Tokens
from normtool.options import CleanOptions

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"


def seed(prefix: str) -> str:
    return clean_text(next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


def raw_seed(prefix: str) -> str:
    """A seed with whitespace tidied only (despin must not depend on clean's rules)."""
    raw = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw)]
    return "\n\n".join(p for p in paras if p)


def fixture(name: str) -> str:
    return clean_text((FIX / name).read_text(encoding="utf-8"))


def fix(text: str) -> str:
    """Repair without the article gate: tests the table's context rules alone."""
    return repair_text(text, force=True)[0]


# ------------------------------------------------------------------ the table

def test_table_is_broad_and_well_formed():
    table = load_table()
    assert table.size > 1000
    families = set()
    for entries in table.by_first.values():
        for _, es in entries:
            for e in es:
                families.add(e.family)
                assert 0.0 <= e.weight <= 1.0
                assert e.original and e.original != e.spun
    assert {"reporting", "institution", "title", "business", "politics", "tech", "sport",
            "entertainment", "health", "crime", "war", "function", "proper"} <= families


# ------------------------------------------------------------------ repairs per family

@pytest.mark.parametrize("spun, original", [
    # reporting verbs
    ("The ministry mentioned on Monday that talks would resume.",
     "The ministry said on Monday that talks would resume."),
    ('"We will not back down," Smith mentioned.', '"We will not back down," Smith said.'),
    ("The spokesman instructed reporters the plan was dead.",
     "The spokesman told reporters the plan was dead."),
    ("She declined to remark on the report.", "She declined to comment on the report."),
    # institutions and titles
    ("The U.N. Safety Council met.", "The U.N. Security Council met."),
    ("NATO Secretary-Basic Mark Rutte spoke.", "NATO Secretary-General Mark Rutte spoke."),
    ("The International Ministry protested.", "The Foreign Ministry protested."),
    ("The Supreme Court docket dominated that the law stands.",
     "The Supreme Court ruled that the law stands."),
    # news nouns: business, politics, technology, sport, entertainment, health, crime, war
    ("Gross sales rose at the chief govt's firm.", "Sales rose at the chief executive's firm."),
    ("The central financial institution cut curiosity charges.",
     "The central bank cut interest rates."),
    ("The ruling celebration won the basic election.", "The ruling party won the general election."),
    ("Investment in synthetic intelligence and machine studying grew.",
     "Investment in artificial intelligence and machine learning grew."),
    ("He scored the successful objective in the ultimate minute.",
     "He scored the winning goal in the ultimate minute."),
    ("The tv present drew a record audience.", "The TV show drew a record audience."),
    ("He died of coronary heart illness.", "He died of heart disease."),
    ("The man pleaded responsible to fraud.", "The man pleaded guilty to fraud."),
    ("They were accused of battle crimes.", "They were accused of war crimes."),
    # function-word phrases
    ("It was the first since the war for the reason that 1953.",
     "It was the first since the war since 1953."),
    ("Prices rose, in accordance with the assertion.", "Prices rose, according to the statement."),
    ("It is extremely probably to rain.", "It is highly likely to rain."),
    # proper nouns spinners mangle
    ("The Related Press and Wall Road reported it.", "The Associated Press and Wall Street reported it."),
])
def test_repairs_per_family(spun, original):
    assert fix(spun) == original


@pytest.mark.parametrize("text", [
    "The issue was mentioned in the report.",        # passive: not an attribution
    "As mentioned above, the plan failed.",
    "The ships sail at dawn and the navy said so.",   # ship as a noun, navy as the navy
    "The company's shares rose.",                     # company only after spy/aid/...
    "He will ship the goods to Ohio.",                # ship goods: no send context
    "The present government resigned.",               # present without a show context
    "Scientists study the issues that matter.",
    "The Gathering Festival opened in Dublin.",       # capitalised: a name, left alone
    "Nationwide Building Society raised rates.",
])
def test_context_gates_leave_ordinary_english_alone(text):
    assert fix(text) == text


def test_capitalisation_of_replaced_token_is_kept():
    assert fix("Throughout a gathering with reporters, he spoke.") == \
        "During a meeting with reporters, he spoke."
    assert fix("He spoke. Throughout a gathering with reporters, he smiled.") == \
        "He spoke. During a meeting with reporters, he smiled."


def test_context_picks_between_originals():
    assert fix("South Korea's spy company said so.") == "South Korea's spy agency said so."
    assert fix("The spy company was formed.") == "The spy agency was formed."
    assert fix("He will ship a delegation to NATO.") == "He will send a delegation to NATO."
    assert fix("The navy cooperation deepened.") == "The military cooperation deepened."


def test_repair_offsets_point_into_repaired_text_and_undo():
    text = fixture("spun_wire.txt")
    fixed, repairs = repair_text(text)
    assert repairs
    for r in repairs:
        assert fixed[r["offset"]:r["offset"] + len(r["to"])] == r["to"]
        assert set(r) == {"offset", "from", "to", "rule"}
    back = fixed
    for r in reversed(repairs):
        back = back[:r["offset"]] + r["from"] + back[r["offset"] + len(r["to"]):]
    assert back == text


# ------------------------------------------------------------------ detector

def test_detector_separates_spun_from_clean():
    assert spin_score(fixture("spun_wire.txt")) >= tuned.DESPIN.threshold
    for name in ("clean_business.txt", "clean_politics.txt"):
        assert spin_score(fixture(name)) < tuned.DESPIN.threshold
    ev = spin_evidence(fixture("spun_wire.txt"))
    assert ev.spun_attributions >= 2 and ev.plain_attributions == 0


def test_said_in_clean_copy_outweighs_a_stray_mentioned():
    text = ("Officials said on Monday the plan would go ahead. The minister said it was "
            "vital. He mentioned that costs had risen. Analysts said the move was expected.")
    assert spin_score(text) < tuned.DESPIN.threshold


# ------------------------------------------------------------------ clean copy: no change

@pytest.mark.parametrize("text", [seed("000"), seed("001"), seed("002"), seed("003"),
                                  raw_seed("000"), raw_seed("001"), raw_seed("002"), raw_seed("003"),
                                  fixture("clean_business.txt"), fixture("clean_politics.txt"),
                                  fixture("clean_markets.txt"), fixture("clean_short.txt")])
def test_clean_copy_is_never_changed(text):
    art = despin_article(Article(id="x", text=text), CleanOptions())
    assert art.spun is False
    assert art.text == text
    assert art.repairs == []
    assert repair_text(text) == (text, [])


# ------------------------------------------------------------------ seed 004

@pytest.fixture(scope="module")
def seed004():
    original = raw_seed("004")
    return original, despin_article(Article(id="004", text=original), CleanOptions())


def test_seed_004_is_spun_and_repaired(seed004):
    original, art = seed004
    assert art.spun is True and art.spin_score >= tuned.DESPIN.threshold
    text = art.text
    assert "mentioned" not in text                       # attributions read "said"
    assert "spy agency" in text and "spy company" not in text
    for phrase in ("Foreign Minister", "Foreign Ministry", "Secretary-General",
                   "The Associated Press could", "Associated Press writers", "Korean War",
                   "combat experience", "conventional arms", "U.N. Security Council",
                   "military cooperation", "phone call", "according to the statement",
                   "Embassy quoted Zinoviev"):              # a real verb beside names: not "said"
        assert phrase in text, phrase
    for spun in ("Related Press", "Secretary-Basic", "International Minist", "fight expertise",
                 "applied sciences", "for the reason that", "Safety Council"):
        assert spun not in text, spun


def test_seed_004_keeps_every_name_and_number(seed004):
    original, art = seed004
    assert re.findall(r"\d[\d,.-]*", original) == re.findall(r"\d[\d,.-]*", art.text)
    for name in ("Kim Hong Kyun", "Georgy Zinoviev", "Mark Rutte", "Yoon Suk Yeol",
                 "Dmitry Peskov", "Barbara Woodward", "Vassily Nebenzia", "Kim Jong Un",
                 "Vladimir Putin", "Volodymyr Zelenskyy", "Kim Tong-hyung", "Edith M. Lederer",
                 "Pyongyang", "Moscow", "Kyiv", "NATO", "Kremlin", "Pentagon"):
        assert name in art.text, name


# ------------------------------------------------------------------ property: names, digits

NAMES = ["Smith", "Zinoviev", "Kyiv", "Acme", "Rutte", "Pyongyang", "Lederer", "Okafor", "Mark",
         "Grant"]
SPUN = ["mentioned", "company", "safety", "navy", "troopers", "authorities", "assertion",
        "in accordance with", "gross sales", "for the reason that", "issues", "ship",
        "present", "workplace", "knowledge", "battle", "particular", "extra", "the", "a",
        "to", "will", "spy", "said", "that", ",", "."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SPUN), st.sampled_from(NAMES),
                          st.integers(0, 10**6).map(str)), min_size=1, max_size=40))
def test_repair_never_touches_digits_or_names(tokens):
    for r in repairs_keeping_digits_and_names(tokens):
        assert not re.search(r"\d", r["from"])
        assert not any(name in r["from"] for name in NAMES)


def repairs_keeping_digits_and_names(tokens) -> list:
    """Forced repair of a sentence made of ``tokens``; asserts that every
    number and every name of ``NAMES`` survives, and returns the repairs."""
    text = "The " + " ".join(tokens) + "."
    fixed, repairs = repair_text(text, force=True)
    assert re.findall(r"\d+", fixed) == re.findall(r"\d+", text)
    for name in NAMES:
        assert fixed.count(name) == text.count(name)
    return repairs


# ------------------------------------------------------------------ user tables

def test_user_table_extends_and_overrides(tmp_path):
    user = tmp_path / "mine.tsv"
    user.write_text("mentioned\t-\t-\treporting\t0\n"
                    "frobnicated widget\tsmart phone\t-\ttech\t1\n", encoding="utf-8")
    opts = CleanOptions(spin_table_files=(str(user),))
    text = ("The Related Press mentioned the frobnicated widget sold well for the reason "
            "that gross sales of synthetic intelligence rose, he mentioned.")
    art = despin_article(Article(id="u", text=text), opts)
    assert "smart phone" in art.text and "Associated Press" in art.text
    assert "mentioned" in art.text                      # disabled by the user table


# A story in South Asian news English, written for this test: its standard words
# ("crore", "lakh", "dearness allowance") are rare in the news counts and some
# thesaurus links them to commoner ones, so they looked like spinner output.
SOUTH_ASIAN = ("The Centre on Monday hiked the dearness allowance of central government employees "
               "and pensioners by 4 per cent, a move that will benefit over 1 crore people. The hike "
               "will cost the exchequer Rs 12,868 crore annually. The revised rate will be effective "
               "from January 1, the finance ministry said in a statement. The decision was taken at "
               "a meeting of the Union Cabinet chaired by the prime minister.")


def test_words_of_other_englishes_are_neither_evidence_nor_repaired():
    art = despin_article(Article(id="in", text=SOUTH_ASIAN))
    assert not art.spun and art.text == SOUTH_ASIAN and not art.repairs
    # switched back on by a user table, the same words are spinner output again
    assert load_table().disabled >= {("crore",), ("lakh",), ("dearness", "allowance")}


def test_a_word_a_user_table_disables_is_never_a_misfit(tmp_path):
    from normtool.despin.detect import analyse

    def judged(table):
        an = analyse(SOUTH_ASIAN, table)
        return {an.tok.keys[f.start] for f in an.fits} | {an.tok.keys[x.start] for x in an.suspects}

    assert "exchequer" in judged(load_table())
    user = tmp_path / "mine.tsv"
    user.write_text("exchequer\t-\t-\tnews\t0\n", encoding="utf-8")
    assert "exchequer" not in judged(load_table((str(user),)))


def test_bad_table_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\nfoo\tbar\tnear=x\tmisc\t1\n", encoding="utf-8")
    with pytest.raises(SpinTableError, match=r"bad\.tsv:2:"):
        load_table((str(bad),))


def test_a_table_that_is_not_utf8_names_file_and_line(tmp_path):
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes(b"# comment\ncaf\xe9\tcoffee\t-\tmisc\t1\n")
    with pytest.raises(SpinTableError, match=r"latin1\.tsv:2: invalid UTF-8 \(byte 13\)"):
        load_table((str(bad),))
    with pytest.raises(SpinTableError, match=r"missing\.tsv: cannot read spin table: No such file"):
        load_table((str(tmp_path / "missing.tsv"),))


# ------------------------------------------------------------------ article record, CLI

def test_despin_article_fields_and_determinism():
    text = fixture("spun_wire.txt")
    a = despin_article(Article(id="w", text=text))
    b = despin_article(Article(id="w", text=text))
    assert a == b
    assert isinstance(a.spin_score, float) and 0.0 <= a.spin_score <= 1.0
    assert round(a.spin_score, 4) == a.spin_score
    assert "spun=true" in format_repairs(a).splitlines()[0]


def test_cli_despin_json_and_terminal():
    runner = CliRunner()
    res = runner.invoke(main, ["despin", str(SEEDS), "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert len(rows) == 5
    by_id = {r["id"][:3]: r for r in rows}
    assert by_id["004"]["spun"] is True and by_id["004"]["repairs"]
    assert all(not by_id[k]["spun"] and not by_id[k]["repairs"] for k in ("000", "001", "002", "003"))
    res = runner.invoke(main, ["despin", str(SEEDS)])
    assert res.exit_code == 0
    assert "004_" in res.output and "[-Related Press +Associated Press]" in res.output
    assert "000_" not in res.output


def test_clean_despins_by_default_and_not_with_flag(tmp_path):
    runner = CliRunner()
    src = next(SEEDS.glob("004_*.txt"))
    out = runner.invoke(main, ["clean", str(src), "-q"]).output
    rec = json.loads(out.splitlines()[0])
    assert rec["spun"] is True and "spy agency" in rec["text"]
    out = runner.invoke(main, ["clean", str(src), "-q", "--no-despin"]).output
    rec = json.loads(out.splitlines()[0])
    assert "spy company" in rec["text"] and not rec["repairs"]


# ------------------------------------------------------------------ statistical layer (news model)

def mini_stats():
    """A hand-made reverse thesaurus and news model (tests/fixtures/despin/mini_*.tsv)."""
    thes = (FIX / "mini_thesaurus.tsv").read_text(encoding="utf-8").splitlines()
    lm = (FIX / "mini_lm.tsv").read_text(encoding="utf-8").splitlines()
    return make_stats(thes, lm)


def stat_fix(text: str, stats) -> str:
    tok = Tokens(text)
    return apply_matches(text, statistical_matches(tok, find_suspects(tok, (), stats)))[0]


def test_shipped_statistics_are_small_and_licensed():
    stats = load_stats()
    assert len(stats.phrases) > 10000 and len(stats.bi) > 100000
    assert ("year", 0.0) in stats.phrases[("twelvemonth",)]
    data = ROOT / "normtool" / "data"
    size = (data / THESAURUS).stat().st_size + (data / NEWS_LM).stat().st_size
    assert size < 10 * 2**20
    notice = read_text("spin_thesaurus.NOTICE")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in notice


def test_suspect_found_and_repaired_by_context():
    stats = mini_stats()
    tok = Tokens("Sales rose last twelvemonth.")
    (sus,) = find_suspects(tok, (), stats)
    assert (sus.start, sus.n, sus.original, sus.seen_spun) == (3, 1, "year", 0)
    assert sus.odds > 7
    text = "Sales rose last twelvemonth. Nothing changed last hebdomad."
    tok = Tokens(text)
    fixed, repairs = apply_matches(text, statistical_matches(tok, find_suspects(tok, (), stats)))
    assert fixed == "Sales rose last year. Nothing changed last week."
    assert [r["rule"] for r in repairs] == ["thesaurus:twelvemonth", "thesaurus:hebdomad"]
    for r in repairs:
        assert fixed[r["offset"]:r["offset"] + len(r["to"])] == r["to"]


def test_suspect_phrase_and_capitalised_sentence_start():
    stats = mini_stats()
    assert stat_fix("They want to talk about the plan.", stats) == "They want to discuss the plan."
    assert stat_fix("Twelvemonth ended.", stats) == "Year ended."


def test_only_judged_contexts_enter_the_suspect_cache():
    """A word seen with its neighbours is answered before the cache, which
    then holds the contexts of words judged only: clean copy's many one-off
    contexts would push those out."""
    stats = mini_stats()
    stats.cache.clear()
    assert find_suspects(Tokens("Prices fell in the marketplace."), (), stats) == []
    assert stats.cache == {}
    (sus,) = find_suspects(Tokens("Sales rose last twelvemonth."), (), stats)
    assert list(stats.cache) == [("last", ("twelvemonth",), "|")]


def test_suspects_count_both_neighbours_against_max_seen_spun(monkeypatch):
    """A word is a suspect while its pairs with both neighbours were seen
    ``max_seen_spun`` times or fewer in all; its ``seen_spun`` is that sum
    (the right pair is asked only when the left leaves room)."""
    thes = ["marketplace\tmarket"]
    lm = ["N\t1000\t900", "U\tthe\t100", "U\tmarket\t30", "U\tmarketplace\t3", "U\t|\t100",
          "B\tthe market\t20", "B\tmarket |\t5", "B\tthe marketplace\t2"]
    left_only, both = make_stats(thes, lm), make_stats(thes, lm + ["B\tmarketplace |\t1"])
    tok = Tokens("Prices fell in the marketplace.")
    assert find_suspects(tok, (), left_only) == [] and find_suspects(tok, (), both) == []
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(max_seen_spun=2))
    (sus,) = find_suspects(tok, (), left_only)
    assert (sus.start, sus.original, sus.seen_spun) == (4, "market", 2)
    assert find_suspects(tok, (), both) == []          # 2 + 1 > 2


def test_seen_collocation_names_digits_and_ties_are_left_alone():
    stats = mini_stats()
    # "the marketplace" is in the news model: a normal collocation, not a suspect
    assert find_suspects(Tokens("Prices fell in the marketplace."), (), stats) == []
    # capitalised inside a sentence, or before another capitalised word: a name
    assert stat_fix("He met Twelvemonth Smith.", stats) == "He met Twelvemonth Smith."
    assert stat_fix("Twelvemonth Smith ended.", stats) == "Twelvemonth Smith ended."
    # a sentence's first word the news model has seen as a name
    assert repair_text("Mark spoke. Grant it.", force=True)[0] == "Mark spoke. Grant it."
    # two originals the model cannot tell apart: leave the word alone
    tok = Tokens("It was a big deal.")
    assert [s.original for s in find_suspects(tok, (), stats)] == [""]
    assert stat_fix("It was a big deal.", stats) == "It was a big deal."


def test_table_matches_take_precedence_over_the_model():
    text = "The marketplace share grew."
    fixed, repairs = repair_text(text, force=True)
    assert fixed == "The market share grew."
    assert [r["rule"] for r in repairs] == ["business:marketplace share"]


def test_detector_sees_a_thesaurus_spinner_without_table_phrases():
    spun = fixture("spun_thesaurus.txt")
    ev = spin_evidence(spun)
    assert ev.score >= tuned.DESPIN.threshold and ev.suspect_points > 2 and ev.suspects >= 10
    clean = fixture("clean_markets.txt")
    ev = spin_evidence(clean)
    assert ev.score < 0.1 and ev.suspect_points == 0
    assert suspect_evidence(Tokens(clean), [])[0] == 0


def test_thesaurus_spun_story_is_repaired():
    art = despin_article(Article(id="t", text=fixture("spun_thesaurus.txt")))
    assert art.spun is True
    rules = [r["rule"] for r in art.repairs]
    assert sum(r.startswith("thesaurus:") for r in rules) >= 10
    for phrase in ("Oil prices rose on Tuesday", "between major", "summer driving season",
                   "the rest of the year", "prices hold above", "closed last week"):
        assert phrase in art.text, phrase
    assert re.findall(r"\d[\d,.]*", art.text) == re.findall(r"\d[\d,.]*", fixture("spun_thesaurus.txt"))


THESAURUS_SPUN = ["twelvemonth", "hebdomad", "marketplace", "termses", "roseate", "betwixt",
                  "summertime", "clasp", "privation", "stated", "last", "the", "prices", "in"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(THESAURUS_SPUN), st.sampled_from(NAMES),
                          st.integers(0, 10**6).map(str), st.sampled_from([",", "."])),
                min_size=1, max_size=40))
def test_statistical_repair_never_touches_digits_or_names(tokens):
    for r in repairs_keeping_digits_and_names(tokens):
        assert not re.search(r"\d", r["from"]) and r["from"][:1].islower() or r["offset"] == 0


# ------------------------------------------------------------------ credits, threshold option

def test_credits_are_despun_in_spun_articles_only():
    text = fixture("spun_wire.txt")
    credit = "Related Press writer Kim Tong-hyung on the United Nations contributed to this report."
    art = despin_article(Article(id="c", text=text, credits=[credit]))
    assert art.spun is True
    assert art.credits == ["Associated Press writer Kim Tong-hyung at the United Nations "
                           "contributed to this report."]
    field = [r for r in art.repairs if r.get("field") == "credits.0"]
    assert [r["to"] for r in field] == ["Associated Press", "at the United Nations"]
    for r in field:
        assert art.credits[0][r["offset"]:r["offset"] + len(r["to"])] == r["to"]
    assert all(set(r) == {"offset", "from", "to", "rule"} for r in art.repairs if "field" not in r)
    assert "credits.0@0" in format_repairs(art)
    clean = despin_article(Article(id="d", text=fixture("clean_politics.txt"), credits=[credit]))
    assert clean.spun is False and clean.credits == [credit] and clean.repairs == []


def test_spin_threshold_option():
    text = fixture("spun_wire.txt")
    score = spin_score(text)
    high = despin_article(Article(id="h", text=text), CleanOptions(spin_threshold=min(1.0, score + 0.01)))
    assert high.spun is False and high.text == text
    low = despin_article(Article(id="l", text=text), CleanOptions(spin_threshold=score))
    assert low.spun is True and low.repairs
    res = CliRunner().invoke(main, ["despin", str(FIX / "spun_wire.txt"), "--json",
                                    "--spin-threshold", "1"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output.splitlines()[0])["spun"] is (score >= 1.0)


def test_training_and_evaluation_splits_are_disjoint():
    import importlib.util
    from bench.spinset import is_eval
    spec = importlib.util.spec_from_file_location("build_spin_data",
                                                  ROOT / "tools" / "build_spin_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for n in range(1, 300):
        ident = f"reuters-{n}"
        assert mod.is_train(ident) != is_eval(ident)


# ------------------------------------------------------------------ length-calibrated suspect weight

def _lower_text(n: int) -> str:
    return " ".join(["and"] * n)


def test_suspect_weight_is_calibrated_by_article_length():
    three = [Suspect(k, 1, "x", 12.0, 0, 1) for k in range(3)]
    short, _ = suspect_evidence(Tokens(_lower_text(40)), three)
    long, _ = suspect_evidence(Tokens(_lower_text(400)), three)
    assert short > 1.5 and long == 0.0          # 3 suspects say much in 40 words, nothing in 400
    # one suspect, however strong, is never evidence on its own (clean copy has them)
    for n in (20, 60, 300):
        assert suspect_evidence(Tokens(_lower_text(n)), [Suspect(0, 1, "x", 30.0, 0, 1)])[0] == 0.0
    # suspects whose spun words were seen next to these neighbours do not count
    seen = [s._replace(seen_spun=1) for s in three]
    assert suspect_evidence(Tokens(_lower_text(40)), seen) == (0.0, 0)


def test_short_thesaurus_spun_story_is_flagged_by_the_weight(monkeypatch):
    # 56 words, spun by a MyThes first-sense spinner (bench.spinset, rate 0.5): too few
    # suspects for the strong and density rules alone
    spun, clean = fixture("spun_short.txt"), fixture("clean_short.txt")
    ev = spin_evidence(spun)
    assert ev.score >= tuned.DESPIN.threshold and ev.phrase_hits == 0
    # (the context model's misfits and the article trees left out: they are evidence of their own)
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(weight_points=0.0, fit_weight=0.0,
                                                               article_level=99.0))
    assert spin_evidence(spun).score < tuned.DESPIN.threshold
    monkeypatch.undo()
    assert spin_evidence(clean).score == 0.0
    assert repair_text(clean) == (clean, [])
    art = despin_article(Article(id="s", text=spun))
    assert art.spun is True
    for phrase in ("interest rates", "next year", "in the summer"):
        assert phrase in art.text, phrase


def _half_stats(extra_thesaurus: str = "") -> object:
    thes = ["bargain\tbuy" + extra_thesaurus]
    lm = ["N\t1000000\t900000", "U\t|\t1000", "U\tto\t100", "U\tbuy\t50", "U\tpurchase\t50",
          "U\tbargain\t5", "U\tadditional\t30", "U\tshares\t30", "B\tto buy\t40", "B\tto bargain\t1",
          "B\tbuy additional\t10", "B\tpurchase additional\t10", "B\tto purchase\t40"]
    return make_stats(thes, lm)


def test_half_seen_suspects_are_repair_only_and_need_a_clear_winner():
    stats = _half_stats()
    tok = Tokens("They want to bargain additional shares.")
    assert find_suspects(tok, (), stats) == []          # "to bargain" was seen: not a suspect
    (sus,) = half_suspects(tok, (), stats)               # ... but "bargain additional" never was
    assert (sus.start, sus.original, sus.seen_spun) == (3, "buy", 1) and sus.odds >= 9
    text = tok.text
    fixed, repairs = apply_matches(text, statistical_matches(tok, [sus], half=True))
    assert fixed == "They want to buy additional shares."
    assert repairs[0]["rule"] == "thesaurus:bargain"
    assert half_suspects(tok, [(3, 1)], stats) == []     # a span already repaired is skipped
    # both neighbours unseen: find_suspects' business, not this one's
    assert half_suspects(Tokens("They want bargain additional shares."), (), stats) == []
    # two originals equally likely on the unseen side: leave it
    assert half_suspects(tok, (), _half_stats("|purchase")) == []


# ------------------------------------------------------------------ context model (issue 15)

from normtool.despin.context import DEGREES, ENGLISH, LINKS, NEWS, make_model  # noqa: E402
from normtool.despin.fits import Fit, find_fits  # noqa: E402
from normtool.despin.despin import context_matches, repair_title  # noqa: E402
from normtool.despin.detect import misfit_evidence  # noqa: E402


def mini_context():
    """A hand-made context model: "year" is what news says after "last"."""
    news = ["N\t100000\t90000", "U\t|\t5000", "U\tlast\t400", "U\tyear\t900", "U\tweek\t300",
            "U\tsales\t200", "U\trose\t150", "U\ttwelvemonth\t2", "U\tfirst\t500", "U\tquarter\t400",
            "B\tlast year\t300", "B\tyear |\t500", "B\tlast week\t100", "B\tweek |\t200",
            "B\tsales rose\t50", "B\trose last\t20", "B\tfirst quarter\t300", "B\t| sales\t40"]
    english = ["year\t500000", "week\t300000", "twelvemonth\t100", "first\t900000"]
    links = ["twelvemonth\tyear:mw|week:m", "1st\tfirst:w", "week\tyear:d"]
    degrees = ["year\t3\t40\t5", "week\t2\t30\t5", "first\t5\t50\t5"]
    return make_model(news, english, links, degrees)


def test_context_model_finds_the_word_that_fits_and_its_original():
    model = mini_context()
    tok = Tokens("Sales rose last twelvemonth.")
    (fit,) = find_fits(tok, (), model)
    assert (fit.start, fit.original) == (3, "year")
    assert fit.odds > 5 and fit.left > 0 and fit.right > 0 and fit.gap > 1
    # a word seen next to a neighbour is a normal collocation: not judged
    assert find_fits(Tokens("Sales rose last week."), (), model) == []
    # digits and capitalised words inside a sentence are never judged
    assert find_fits(Tokens("Profit rose in the 1st quarter."), (), model) == []
    assert find_fits(Tokens("He met Twelvemonth Smith."), (), model) == []


def test_context_repair_keeps_case_and_skips_taken_spans():
    model = mini_context()
    text = "Sales rose last twelvemonth. Twelvemonth ended."
    tok = Tokens(text)
    fits = [f._replace(score=5.0, gap=5.0, left=2.0, right=2.0) for f in find_fits(tok, (), model)]
    assert [f.start for f in fits] == [3, 4]
    fixed, repairs = apply_matches(text, context_matches(tok, fits))
    assert fixed == "Sales rose last year. Year ended."
    assert {r["rule"] for r in repairs} == {"context:twelvemonth"}
    assert apply_matches(text, context_matches(tok, fits, [(3, 1)]))[0] == \
        "Sales rose last twelvemonth. Year ended."
    # not confident (score under fit_repair, or a close runner-up): left alone
    assert context_matches(tok, [f._replace(score=0.0) for f in fits]) == []
    assert context_matches(tok, [f._replace(gap=0.1) for f in fits]) == []
    # fitting worse than the written word on one side (a name beside it): left alone
    assert context_matches(tok, [f._replace(right=-1.0) for f in fits]) == []
    assert context_matches(tok, [f._replace(left=-1.0) for f in fits]) == []


def test_misfits_count_from_three_words_and_by_density():
    def fits(words):
        return [Fit(k, "x", 9.0, 3.0, 3.0, 9.0, 5.0, 3.0) for k in range(words)]
    tok40 = Tokens(" ".join(f"w{k}x" if k < 3 else "and" for k in range(40)).replace("w", "q"))
    tok40.keys[:3] = ["alpha", "beta", "gamma"]
    points, n = misfit_evidence(tok40, fits(3))
    assert n == 3 and points > 0
    # the same word three times is not three misfits
    tok_same = Tokens(" ".join(["and"] * 40))
    assert misfit_evidence(tok_same, fits(3))[0] == 0.0
    # three misfits in a long clean text: no evidence (the density stays low)
    tok_long = Tokens(" ".join(["and"] * 2000))
    tok_long.keys[:3] = ["alpha", "beta", "gamma"]
    assert misfit_evidence(tok_long, fits(3))[0] == 0.0


def test_title_of_a_spun_article_is_repaired_with_offsets():
    text = fixture("spun_wire.txt")
    title = "Related Press: South Korea's spy company mentioned the troops"
    art = despin_article(Article(id="t", text=text, title=title))
    assert art.spun is True
    assert art.title == "Associated Press: South Korea's spy agency said the troops"
    field = [r for r in art.repairs if r.get("field") == "title"]
    assert [r["to"] for r in field] == ["Associated Press", "spy agency", "said"]
    for r in field:
        assert art.title[r["offset"]:r["offset"] + len(r["to"])] == r["to"]
    # a clean article keeps its title, however odd
    clean = despin_article(Article(id="c", text=fixture("clean_politics.txt"), title=title))
    assert clean.title == title and clean.repairs == []


def test_title_in_capitals_is_repaired_in_capitals():
    fixed, repairs = repair_title("RELATED PRESS SAYS SPY COMPANY MENTIONED TROOPS")
    assert fixed.startswith("ASSOCIATED PRESS")
    assert all(r["to"] == r["to"].upper() for r in repairs)


def test_a_title_word_the_body_repairs_replaced_one_way_is_replaced_so():
    title = "Lengthy dock walkout ends, union says"
    one = [{"offset": 9, "from": "lengthy", "to": "long", "rule": "context:lengthy"}]
    fixed, repairs = repair_title(title, body_repairs=one)
    assert fixed == "Long dock walkout ends, union says"
    assert [(r["from"], r["to"], r["rule"]) for r in repairs] == [("Lengthy", "Long", "body:lengthy")]
    assert repair_title(title.upper(), body_repairs=one)[0].startswith("LONG DOCK")
    # replaced two ways in the body: which one the title needs is unknown
    two = one + [{"offset": 90, "from": "lengthy", "to": "extended", "rule": "context:lengthy"}]
    assert repair_title(title, body_repairs=two) == (title, [])
    assert repair_title(title) == (title, [])


def test_shipped_context_model_is_small_and_licensed():
    data = ROOT / "normtool" / "data"
    size = sum((data / name).stat().st_size for name in (NEWS, ENGLISH, LINKS, DEGREES))
    assert size < 20 * 2**20
    notice = read_text("despin_english.NOTICE")
    assert "CC BY-SA" in notice or "Attribution-ShareAlike 4.0" in notice
    assert "SUBTLEX" in notice and "wordfreq" in notice
    assert "Moby" in read_text("despin_model.NOTICE")


# ------------------------------------------------ long texts (issue 13, row 13)
def clean_paragraphs() -> list[str]:
    """Clean Reuters-like paragraphs from the test fixtures (no spun copy)."""
    rows = (ROOT / "tests" / "clean" / "fixtures" / "reuters_sample.jsonl").read_text(
        encoding="utf-8").splitlines()
    texts = [clean_text(json.loads(r)["text"]) for r in rows]
    texts += [clean_text(p.read_text(encoding="utf-8")) for p in sorted(FIX.glob("clean_*.txt"))]
    return [p for t in texts for p in t.split("\n\n") if p]


def test_long_clean_copy_is_never_flagged_however_long():
    paras = clean_paragraphs()
    for copies in (1, 3, 12):
        text = "\n\n".join(paras * copies)
        ev = spin_evidence(text)
        assert ev.score < tuned.DESPIN.threshold, (copies, ev)
        art = despin_article(Article(id="long", text=text))
        assert not art.spun and art.repairs == [] and art.text == text


def test_evidence_does_not_grow_with_the_length_of_clean_copy():
    paras = clean_paragraphs()
    points = [spin_evidence("\n\n".join(paras * k)).points for k in (2, 4, 8, 16)]
    assert max(points) <= points[0] + 0.5, points


def test_long_spun_copy_is_still_flagged():
    spun = "\n\n".join((FIX / f).read_text(encoding="utf-8")
                       for f in ("spun_wire.txt", "spun_thesaurus.txt", "spun_short.txt"))
    text = "\n\n".join([spun] * 20)
    assert len(text.split()) > 3 * tuned.DESPIN.window_words
    art = despin_article(Article(id="long-spun", text=text))
    assert art.spun and len(art.repairs) >= 20 * len(repair_text(spun)[1]) // 2


# ------------------------------------------------ the article trees (issue 15, detection)

from normtool.despin.context import read_trees, score_trees  # noqa: E402
from normtool.despin.detect import (ARTICLE_FEATURES, article_points,  # noqa: E402
                                    load_article_trees)


def test_trees_are_evaluated_node_by_node():
    lines = ["# a comment", "base\t0.5",
             "0\t0\t3\t1.0\t1\t2\t0", "0\t1\t-1\t0\t-1\t-1\t-1", "0\t2\t-1\t0\t-1\t-1\t2",
             "1\t0\t0\t10\t1\t2\t0", "1\t1\t-1\t0\t-1\t-1\t0.25", "1\t2\t-1\t0\t-1\t-1\t-3"]
    trees = read_trees(lines)
    assert score_trees((0, 0, 0, 0.5), trees) == 0.5 - 1 + 0.25
    assert score_trees((0, 0, 0, 1.0), trees) == 0.5 - 1 + 0.25      # <= threshold goes left
    assert score_trees((0, 0, 0, 3.0), trees) == 0.5 + 2 + 0.25
    assert score_trees((11, 0, 0, 3.0), trees) == 0.5 + 2 - 3


def test_shipped_article_trees_load_and_name_known_features():
    base, trees = load_article_trees()
    assert len(trees) >= 20
    for nodes in trees:
        inner = [n for n in nodes if n[0] >= 0]
        assert inner and all(n[0] < len(ARTICLE_FEATURES) for n in inner)
        assert all(0 < n[2] < len(nodes) and 0 < n[3] < len(nodes) for n in inner)


def test_article_points_reach_the_threshold_at_the_level():
    cfg = tuned.DESPIN
    need = -math.log(1 - cfg.threshold) * cfg.scale
    assert article_points(cfg.article_level) == pytest.approx(need)
    assert article_points(cfg.article_level - need / cfg.article_weight - 1) == 0.0
    assert article_points(cfg.article_level + 1) > need


def test_trees_flag_a_spun_copy_the_points_alone_miss(monkeypatch):
    spun = fixture("spun_trees.txt")
    ev = spin_evidence(spun)
    assert ev.article is not None and ev.article >= tuned.DESPIN.article_level
    assert ev.score >= tuned.DESPIN.threshold
    art = despin_article(Article(id="t", text=spun))
    assert art.spun and any("twelvemonth" in r["from"] for r in art.repairs)
    # the hand-made points alone stay under the threshold: the trees decide
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(article_level=99.0))
    assert spin_evidence(spun).score < tuned.DESPIN.threshold


def test_trees_keep_clean_fixtures_under_the_level():
    for name in ("clean_business.txt", "clean_politics.txt", "clean_markets.txt", "clean_short.txt"):
        ev = spin_evidence(fixture(name))
        assert ev.score < tuned.DESPIN.threshold, name
        assert ev.article is None or ev.article < tuned.DESPIN.article_level - 2, (name, ev.article)


def test_copy_flagged_by_points_stays_flagged_whatever_the_trees_say(monkeypatch):
    spun = fixture("spun_wire.txt")
    before = spin_evidence(spun)
    assert before.score >= tuned.DESPIN.threshold
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(article_level=99.0))
    off = spin_evidence(spun)
    assert off.score >= tuned.DESPIN.threshold and before.points >= off.points


def test_mean_zipf_reads_lower_case_words_news_and_english_rarely_use():
    from normtool.despin.detect import mean_zipf
    spun = "the gargantuan yentas met in the purlieus of the enterprise".split()
    plain = "the big group met in the outskirts of the company".split()
    assert 0.0 <= mean_zipf(spun, spun) < mean_zipf(plain, plain) - 2
    names = "the Gargantuan Yentas met".split()
    assert mean_zipf(names, [w.lower() for w in names]) == mean_zipf(["met"], ["met"]) == 0.0  # short
    assert mean_zipf(["Purlieus", "company"], ["purlieus", "company"]) == mean_zipf(["company"], ["company"])


def test_article_rows_carry_every_feature_with_the_points_last():
    from normtool.despin.detect import analyse, article_row
    text = fixture("spun_trees.txt")
    an = analyse(text)
    row = article_row(an.tok, an.matches, an.suspects, an.fits, 0.0, 0.0, 7.5)
    assert len(row) == len(ARTICLE_FEATURES) and ARTICLE_FEATURES[-1] == "points" and row[-1] == 7.5
    i = ARTICLE_FEATURES.index("mean zipf of lower-case words of 4+ letters")
    clean = analyse(fixture("clean_politics.txt"))
    clean_row = article_row(clean.tok, clean.matches, clean.suspects, clean.fits, 0.0, 0.0, 0.0)
    assert 0.0 < row[i] < clean_row[i]


def test_table_phrases_match_with_a_possessive_in_either_apostrophe():
    """"X's" matches the table's "X", with a straight or a curly apostrophe,
    and keeps its "'s" (a text without an apostrophe skips the look-out for
    one: the same matches)."""
    for quote in ("'", "\u2019"):
        text = f"The Related Press{quote}s reporter mentioned it."
        assert apply_matches(text, find_matches(text))[0] == f"The Associated Press{quote}s reporter said it."
    assert apply_matches("The Related Press mentioned it.", find_matches("The Related Press mentioned it."))[0] \
        == "The Associated Press said it."


@pytest.mark.parametrize("name", ["foreign_de.txt", "foreign_fr.txt"])
def test_news_in_another_language_is_never_flagged(name):
    """The models judge English: German or French copy is all improbable
    words to them, which is what spun copy looks like (fixtures written for
    this test; the German one was flagged before)."""
    raw = FIX.joinpath(name).read_text(encoding="utf-8")
    art = Article(id="x", text=clean_text(raw))
    out = despin_article(art)
    assert out.spun is False and out.spin_score == 0.0 and out.text == art.text and not out.repairs
    assert spin_score(art.text) == 0.0
    assert not reads_english(Tokens(art.text))
    assert all(reads_english(Tokens(seed(p))) for p in ("000", "001", "002", "003", "004"))


def test_a_short_foreign_brief_is_never_flagged():
    """A German brief of two sentences has too few words for the English
    counts to judge (short German shares most of them with English: "der",
    "rund", "aus"), so the language step does: it was scored 0.91 and "aus"
    repaired to "gold"."""
    text = ("Ein bundesweiter Streik der Lokführergewerkschaft GDL hat am Mittwoch den "
            "Bahnverkehr in weiten Teilen Deutschlands lahmgelegt.\n\nNach Angaben der Deutschen "
            "Bahn fielen rund 80 Prozent der Fernzüge aus, auch im Regionalverkehr kam es zu "
            "massiven Einschränkungen.")
    art = Article(id="x", text=text)
    out = despin_article(art)
    assert out.spun is False and out.spin_score == 0.0 and out.text == text and not out.repairs
    assert not reads_english(Tokens(text))
    assert reads_english(Tokens("Officials said the economic system was turning slow."))


def test_a_short_spun_earnings_table_stays_flagged_whatever_the_language_step_says():
    """Too short for the English counts to judge by their share rule, but all
    its lower-case words are in them: English, though the language step
    calls it Swedish ("Net" spun to "Nail", "Revs" to "Marked downs").
    Asking the language step first lost 18 of 447 flagged short copies."""
    table = ("Shr 48 cts vs 35 cts\n\nNail 4,946,000 vs 3,552,000\n\n"
             "Marked downs 94.1 mln vs 84.5 mln\n\nAvg shrs 10.2 mln vs 10.1 mln")
    assert reads_english(Tokens(table))
    assert despin_article(Article(id="t", text=table)).spun


def test_a_foreign_copy_cut_short_is_grouped_as_a_copy_not_as_spun(tmp_path):
    """German story and a re-titled copy cut short: clean leaves both
    unflagged, so dedup keeps the whole story and calls the other a copy."""
    raw = FIX.joinpath("foreign_de.txt").read_text(encoding="utf-8")
    title, _, body = raw.partition("\n\n")
    paras = body.strip().split("\n\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(raw, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Schulgesetz verabschiedet\n\n" + "\n\n".join(paras[:3]) + "\n",
                                           encoding="utf-8")
    run = CliRunner()
    got = run.invoke(main, ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "c.jsonl"), "-q"])
    assert got.exit_code == 0, got.output
    rows = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert [r["spun"] for r in rows] == [False, False] and {r["lang"] for r in rows} == {"de"}
    got = run.invoke(main, ["dedup", str(tmp_path / "c.jsonl"), "-o", str(tmp_path / "d.jsonl"), "-q"])
    assert got.exit_code == 0, got.output
    corpus = [json.loads(x) for x in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert len(corpus) == 1 and corpus[0]["id"] == "a"
    assert [d["relation"] for d in corpus[0]["duplicates"]] != ["spun"]


def test_clean_of_its_own_output_keeps_the_verdict_and_the_bytes(tmp_path):
    """A record clean wrote, cleaned again: the verdict it carries is a field
    the user gives and wins, so seed 004 stays spun with its repairs (it was
    judged again on its repaired text: unspun, 100-odd repairs listed), and
    the output is the same bytes."""
    run = CliRunner()
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert run.invoke(main, ["clean", str(SEEDS), "-o", str(first), "-q"]).exit_code == 0
    assert run.invoke(main, ["clean", str(first), "-o", str(second), "-q"]).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    spun = [json.loads(x) for x in first.read_text().splitlines() if '"spun": true' in x]
    assert len(spun) == 1 and spun[0]["id"].startswith("004") and len(spun[0]["repairs"]) > 20
    given = Article.from_dict({"id": "g", "text": spun[0]["text"], "spun": False, "spin_score": 0.1})
    assert despin_article(given) is given
    label = Article.from_dict({"id": "l", "text": seed("004"), "spun": False})   # a label: judged
    assert despin_article(label).spun is True


def test_house_style_words_go_only_into_a_text_that_uses_them():
    """Modern copy writes "percent" and "board chair"; a model of 1987 wire copy
    would "repair" them to "pct" and "chairman" (and count them as evidence).
    The spin table's $HOUSE words are written only where the text uses one."""
    spun = ("The spy company mentioned on Tuesday that income rose 3 percent in the quarter, "
            "the Related Press reported. The board chair mentioned the firm would lift its "
            "dividend by 2 percent. Experts mentioned the counterfeit consciousness unit grew "
            "5 percent from a yr earlier, the profound learning group mentioned.")
    modern = despin_article(Article(id="m", text=spun))
    assert modern.spun and "the Associated Press reported. The board chair said" in modern.text
    assert "3 percent" in modern.text and "board chair mentioned" not in modern.text
    assert not any(r["to"] in ("pct", "chairman") for r in modern.repairs)
    wire = despin_article(Article(id="w", text=spun + " Sales were 5 mln dlrs."))
    assert {("percent", "pct"), ("chair", "chairman")} <= {(r["from"], r["to"]) for r in wire.repairs}


def test_a_context_repair_needs_a_thesaurus_link_not_only_a_neighbour():
    """A model of 1987 news saw "car" where modern copy writes "semiconductor";
    the two are distributional neighbours, never synonyms: a misfit that
    confident is still no repair.  A thesaurus link ("weighing" ->
    "considering") is."""
    from normtool.despin.context import candidates, load_model
    from normtool.despin.fits import Fit
    from normtool.despin.despin import context_matches, is_hold
    model = load_model()
    assert dict((x, s) for x, _, s in candidates(model, "semiconductor")).get("car") == "d"
    tok = Tokens("The semiconductor plant and the board weighing a sale")
    sure = dict(odds=9.0, left=5.0, right=5.0, total=9.0, gap=5.0, score=3.0)
    got = context_matches(tok, [Fit(1, "car", **sure), Fit(6, "considering", **sure)])
    # both confident; the neighbour is held as written (no looser pass takes the word)
    assert [(m.entry.spun, m.replacement, is_hold(m)) for m in got] == \
        [("semiconductor", "car", True), ("weighing", "considering", False)]
