"""Despin's names step: spun multiword names restored from a gazetteer."""
from __future__ import annotations

from pathlib import Path

import pytest

from normtool import settings as tuned
from normtool.article import Article
from normtool.clean import clean_text
from normtool.despin import despin_article
from normtool.despin import names
from normtool.despin.context import make_model
from normtool.despin.despin import repair_title
from normtool.despin.gazetteer import NamesFileError, make_gazetteer
from normtool.despin.match import apply_matches
from normtool.despin.names import judge_window, name_matches
from normtool.despin.tokens import Tokens

FIX = Path(__file__).resolve().parent / "fixtures"

# A small gazetteer and upgrade lists: what the shipped files hold, in miniature.
GAZ = make_gazetteer("""# name TAB count
Associated Press\t3
United Nations\t225
Secretary-General\t12
Secretary of State\t118
World War II\t51
World War\t139
Korean War\t2
North Korea\t90
South Korea\t120
Finance Minister\t355
Finance Secretary\t4
Federal Reserve\t401
Federal Reserve Board\t180
New Zealand\t400
Japan Line\t40
Zealand Line\t3
Union Pacific\t5
New York\t1207
International Monetary Fund\t80
Rolls-Royce\t40
""".splitlines())
LINKS = [
    "associated\trelated:dmw|united:m",      # "associated" may stand for "related" (commoner)
    "basic\tgeneral:w|key:m",
    "conflict\twar:wm|battle:m",
    "geosphere\tworld:w|earth:w",
    "jostle\twar:m|push:m",
    "north\tsouth:d",                        # a distributional neighbour only
    "minister\tsecretary:m",
    "fresh\tnew:wm",
    "union\tfederal:m",
    "japan\tzealand:m",
    "spic-and-span\tnew:w|clean:w",         # a thesaurus's hyphenated entry for one word
    "world-wide\tinternational:w|global:w",
    "youthful\tnew:r",                       # Roget's broad group only
]
MODEL = make_model([], [], LINKS)
SHIPPED_GAZETTEER = names.load_gazetteer        # before the fixture below stands in for it


@pytest.fixture(autouse=True)
def small_data(monkeypatch):
    """The names step on the miniature gazetteer and links."""
    monkeypatch.setattr(names, "load_gazetteer", lambda: GAZ)
    monkeypatch.setattr(names, "load_model", lambda: MODEL)


def restore(text: str) -> str:
    tok = Tokens(text)
    return apply_matches(text, name_matches(tok))[0]


# ------------------------------------------------------------------ restoring

@pytest.mark.parametrize("spun, original", [
    ("He told the Related Press on Monday.", "He told the Associated Press on Monday."),
    ("He told the Related Press's reporter.", "He told the Associated Press's reporter."),
    ("NATO Secretary-Basic Mark Rutte spoke.", "NATO Secretary-General Mark Rutte spoke."),
    ("Veterans of Geosphere Jostle II met.", "Veterans of World War II met."),
    ("Exports to Fresh Zealand rose.", "Exports to New Zealand rose."),
    ("The Union Reserve Board met.", "The Federal Reserve Board met."),
    # a hyphenated thesaurus entry written for one word, replaced whole
    ("Shares rose in Spic-and-span York.", "Shares rose in New York."),
    ("The World-wide Monetary Fund met.", "The International Monetary Fund met."),
])
def test_spun_names_are_restored(spun, original):
    assert restore(spun) == original


def test_repairs_carry_the_name_rule_and_the_changed_span():
    tok = Tokens("Veterans of Geosphere Jostle II met.")
    [m] = name_matches(tok)
    assert m.entry.rule == "name:geosphere jostle ii"
    assert tok.text[m.start:m.end] == "Geosphere Jostle II"
    assert m.replacement == "World War II"


@pytest.mark.parametrize("text", [
    "Trade with North Korea grew.",         # a known name; and "south" is a neighbour only
    "The Finance Secretary said so.",       # known, and "Finance" is common in names
    "Smith Jones Consolidated said so.",    # no word has an upgrade
    "Exports to Japan Line rose.",          # known name: never "Zealand Line"
    "The Rolls-Royce unit said so.",        # a hyphenated name word is never taken whole
    "A Spic-and-span kitchen won.",          # whole, it makes no known name
])
def test_names_that_are_names_stay(text):
    assert restore(text) == text


def test_distributional_neighbours_never_rename():
    assert restore("Talks with North Koreans and North Kingdom.") == \
        "Talks with North Koreans and North Kingdom."
    # "North" -> "South" is a neighbour link only: "North Koreas" never becomes a known name
    assert judge_window(Tokens("the North Korea"), 1, 2, GAZ, MODEL) is None


def test_rogets_broad_groups_never_rename(monkeypatch):
    """Roget's groups are wide ("years" stands with "generation"): a name
    word is restored by WordNet's and Moby's links only (``name_sources``)."""
    text = "Exports to Youthful Zealand rose."
    assert restore(text) == text
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(name_sources="wmr"))
    assert restore(text) == "Exports to New Zealand rose."


def test_a_rare_name_needs_support_from_the_text():
    assert restore("Veterans of the Korean Conflict met.") == "Veterans of the Korean Conflict met."
    text = "Veterans of the Korean Conflict met. The Korean War ended in 1953."
    assert restore(text) == "Veterans of the Korean War met. The Korean War ended in 1953."


def test_an_ambiguous_name_is_left_alone(monkeypatch):
    gaz = make_gazetteer(["Associated Press\t30", "United Press\t25"])
    monkeypatch.setattr(names, "load_gazetteer", lambda: gaz)
    model = make_model([], [], ["related\tassociated:w|united:w"])
    monkeypatch.setattr(names, "load_model", lambda: model)
    assert restore("The Related Press said.") == "The Related Press said."


def test_common_name_words_are_replaced_only_for_a_well_known_name(monkeypatch):
    assert restore("The Union Reserve Board met.") == "The Federal Reserve Board met."
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(name_word_max=4, name_strong=None))
    assert restore("The Union Reserve Board met.") == "The Union Reserve Board met."  # "Union": 5 > 4
    # common in names, but the written window is no name and the restored one is well known:
    # "Federal Reserve" is seen 401 times ("Federal Reserve Board" 180)
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(name_word_max=4, name_strong=401))
    assert restore("The Union Reserve Board met.") == "The Federal Reserve Board met."
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(name_word_max=4, name_strong=402))
    assert restore("The Union Reserve Board met.") == "The Union Reserve Board met."


def test_a_common_name_word_in_an_english_phrase_stays(monkeypatch):
    """The gazetteer misses "Republican Party"; general English knows the pair."""
    gaz = make_gazetteer(["Democratic Party\t82", "Republican Senator\t133", "Party Congress\t40"])
    monkeypatch.setattr(names, "load_gazetteer", lambda: gaz)
    text = "He spoke for the Republican Party on Monday."
    for google, out in (([], "He spoke for the Democratic Party on Monday."),
                        (["republican party\t19851264"], text)):
        model = make_model([], [], ["republican\tdemocratic:m"], google_lines=google)
        monkeypatch.setattr(names, "load_model", lambda: model)
        assert restore(text) == out


def test_a_common_name_word_in_a_known_name_stays(monkeypatch):
    """"Finance" is common in names; "Finance Secretary" is a name (4): never "Finance Minister"."""
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(name_strong=1))
    assert restore("The Finance Secretary said so.") == "The Finance Secretary said so."
    assert restore("The Finance Clerk said so.") == "The Finance Clerk said so."    # no link at all


def test_a_generic_word_kept_needs_a_well_known_name_and_a_rare_word_replaced(monkeypatch):
    """"United" is common in names (the kept word says little), but "Provinces"
    is in no name and "United States" is well known; "Union", in names, stays."""
    gaz = make_gazetteer(["United States\t2430", "United Nations\t225", "Union Carbide\t30"])
    monkeypatch.setattr(names, "load_gazetteer", lambda: gaz)
    model = make_model([], [], ["provinces\tstates:w", "union\tstates:m"])
    monkeypatch.setattr(names, "load_model", lambda: model)
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(name_generic=1000))
    assert restore("Exports to the United Provinces fell.") == "Exports to the United States fell."
    assert restore("Exports to the United Union fell.") == "Exports to the United Union fell."
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(name_generic=1000, name_generic_known=2431))
    assert restore("Exports to the United Provinces fell.") == "Exports to the United Provinces fell."


def test_both_words_of_a_two_word_name_are_replaced_only_when_no_name_holds_either(monkeypatch):
    gaz = make_gazetteer(["United States\t2430", "Fresh Start\t4"])
    monkeypatch.setattr(names, "load_gazetteer", lambda: gaz)
    model = make_model([], [], ["joined\tunited:w", "provinces\tstates:w", "fresh\tunited:m"])
    monkeypatch.setattr(names, "load_model", lambda: model)
    assert restore("Exports to the Joined Provinces fell.") == "Exports to the United States fell."
    # "Fresh" is a name word: only "Provinces" must go, and one word alone makes no name
    assert restore("Exports to the Fresh Provinces fell.") == "Exports to the Fresh Provinces fell."


def test_a_possessive_keeps_its_s_outside_the_repair():
    tok = Tokens("He told the Related Press's reporter.")
    [m] = name_matches(tok)
    assert tok.text[m.start:m.end] == "Related Press" and m.entry.rule == "name:related press"


def test_taken_spans_are_left_to_their_repair():
    tok = Tokens("He told the Related Press so.")
    assert name_matches(tok, taken=[(3, 2)]) == []


# ------------------------------------------------------------------ in despin

def test_title_names_need_the_body_and_keep_capitals():
    body = "Veterans of World War II met in Paris on Monday."
    title, reps = repair_title("GEOSPHERE JOSTLE II VETERANS MEET", body=body)
    assert title == "WORLD WAR II VETERANS MEET"
    assert reps[0]["rule"] == "name:geosphere jostle ii" and title[reps[0]["offset"]:].startswith("WORLD WAR II")
    assert repair_title("GEOSPHERE JOSTLE II VETERANS MEET", body="Veterans met in Paris.")[0] == \
        "GEOSPHERE JOSTLE II VETERANS MEET"
    assert repair_title("Geosphere Jostle II veterans meet")[0] == "Geosphere Jostle II veterans meet"


def _spun_article(title: str, credits: list) -> Article:
    text = clean_text((FIX / "spun_wire.txt").read_text(encoding="utf-8"))
    text += "\n\nVeterans of Geosphere Jostle II met in Paris, the report said."
    return Article(id="x", text=text, title=title, credits=credits)


def test_despin_restores_names_in_body_title_and_credits():
    art = despin_article(_spun_article("Geosphere Jostle II veterans meet",
                                       ["By Ann Lee, Geosphere Jostle II desk"]))
    assert art.spun
    assert "Veterans of World War II met" in art.text
    assert art.title == "World War II veterans meet"
    assert art.credits == ["By Ann Lee, World War II desk"]
    got = [r for r in art.repairs if r["rule"] == "name:geosphere jostle ii"]
    assert {r.get("field", "text") for r in got} == {"text", "title", "credits.0"}
    fields = {"text": art.text, "title": art.title, "credits.0": art.credits[0]}
    for r in got:
        t = fields[r.get("field", "text")]
        assert t[r["offset"]:r["offset"] + len(r["to"])] == r["to"] == "World War II"


def test_despin_names_can_be_switched_off(monkeypatch):
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(names=False))
    art = despin_article(_spun_article("Geosphere Jostle II veterans meet", []))
    assert art.spun and "Geosphere Jostle II" in art.text and not any(
        r["rule"].startswith("name:") for r in art.repairs)


def test_clean_copy_keeps_odd_names():
    """Clean copy is never repaired, spun-looking names or not."""
    art = Article(id="c", text="Profits rose, the company said. The Related Press and Geosphere "
                  "Jostle II were named.", title="Geosphere Jostle II")
    out = despin_article(art)
    assert not out.spun and out.text == art.text and out.title == art.title and not out.repairs


def test_a_phrase_a_user_table_disabled_is_not_restored_as_a_name(tmp_path):
    from normtool.options import CleanOptions
    table = tmp_path / "mine.tsv"
    table.write_text("jostle ii\t-\n", encoding="utf-8")     # "-": never repair this phrase
    art = despin_article(_spun_article("", []), CleanOptions(spin_table_files=(str(table),)))
    assert art.spun and "Veterans of Geosphere Jostle II met" in art.text


# ------------------------------------------------------------------ users' names files (--names)

def _with_line(line: str) -> Article:
    art = _spun_article("", [])
    return art.replace(text=art.text + "\n\n" + line)


def test_a_users_names_file_adds_a_name(tmp_path):
    from normtool.options import CleanOptions
    mine = tmp_path / "names.tsv"
    mine.write_text("# our desk's names\nLunar War Society\t50\n", encoding="utf-8")
    art = _with_line("Members of the Lunar Jostle Society met in Oslo, the report said.")
    assert "Lunar Jostle Society met" in despin_article(art).text      # not a known name
    out = despin_article(art, CleanOptions(name_files=(str(mine),)))
    assert "Members of the Lunar War Society met" in out.text
    assert any(r["rule"] == "name:lunar jostle society" for r in out.repairs)


def test_a_count_of_0_removes_a_shipped_name(tmp_path):
    from normtool.options import CleanOptions
    mine = tmp_path / "names.tsv"
    mine.write_text("World War II\t0\n", encoding="utf-8")
    assert "Veterans of World War II met" in despin_article(_spun_article("", [])).text
    out = despin_article(_spun_article("", []), CleanOptions(name_files=(str(mine),)))
    assert "World War II" not in out.text


def test_a_bad_names_file_is_named_with_its_line(tmp_path):
    from normtool.options import CleanOptions
    bad = tmp_path / "names.tsv"
    bad.write_text("Lunar War Society\t50\nLunar War Society fifty\n", encoding="utf-8")
    clean = Article(id="c", text="Profits rose, the company said.")
    # Checked before the verdict: clean copy does not hide a bad file.
    with pytest.raises(NamesFileError, match=r"names\.tsv:2: need 'name<TAB>count'"):
        despin_article(clean, CleanOptions(name_files=(str(bad),)))


def test_cli_reports_a_bad_names_file_in_one_line(tmp_path):
    from click.testing import CliRunner
    from normtool.cli import main
    bad = tmp_path / "names.tsv"
    bad.write_text("Lunar War Society\t-3\n", encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("Profits rose\n\nProfits rose 5 pct, the company said on Monday.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["clean", str(src), "--names", str(bad), "-o", str(out), "-q"])
    assert res.exit_code != 0
    assert f"{bad}:1: need 'name<TAB>count'" in res.output
    assert out.read_text(encoding="utf-8") == "previous\n"          # the previous output intact


def test_dedup_checks_a_names_file_even_when_nothing_needs_despin(tmp_path):
    """Records clean has despun skip despin in dedup; a bad file still stops the run."""
    from click.testing import CliRunner
    from normtool.cli import main
    bad = tmp_path / "names.tsv"
    bad.write_text("# ok\nno count here\n", encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Profits rose 5 pct, the company said.", "spun": false}\n',
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["dedup", str(src), "--names", str(bad), "-o", str(out), "-q"])
    assert res.exit_code != 0 and f"{bad}:2: need 'name<TAB>count'" in res.output
    assert not out.exists()
    res = CliRunner().invoke(main, ["dedup", str(src), "-o", str(out), "-q"])
    assert res.exit_code == 0 and out.exists()


def test_a_body_in_title_case_gets_no_name_repairs(monkeypatch):
    """Every word capitalised: its runs are not names ("Give Up" stays)."""
    from normtool.despin import despin as step
    from normtool.despin.context import load_model
    monkeypatch.setattr(names, "load_gazetteer", SHIPPED_GAZETTEER)     # the shipped data
    monkeypatch.setattr(names, "load_model", load_model)
    spun = _spun_article("", [])
    assert any(r["rule"].startswith("name:") for r in despin_article(spun).repairs)
    text = spun.text.title() + "\n\nTraders Will Not Give Up On The Global Market, Veterans Said."
    titled = despin_article(spun.replace(text=text))
    assert titled.spun and "Give Up On The Global Market" in titled.text
    assert not any(r["rule"].startswith("name:") for r in titled.repairs)
    # What the guard prevents: the names step would take the runs for spun names.
    monkeypatch.setattr(step, "mostly_capitalised", lambda tok, share=0.5: False)
    unguarded = despin_article(spun.replace(text=text))
    assert "Give Up On The Global Market" not in unguarded.text
