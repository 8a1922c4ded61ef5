"""Boilerplate rules as data: built-in examples, precision on wire prose, user rule files."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtool.article import Article
from normtool.cli import main
from normtool.clean import clean_article
from normtool.options import CleanOptions
from normtool.clean.rules import RulesError, load_rules

FIX = Path(__file__).resolve().parent / "fixtures"
BUILTIN = json.loads(resources.files("normtool").joinpath("data", "boilerplate.json")
                     .read_text("utf-8"))["rules"]
# Furniture families the issue names; each must have at least one rule.
FAMILIES = {"newsletter", "follow", "photo", "share", "listen", "advertisement", "subscribe",
            "navigation", "footer", "links", "slug", "separator", "signoff", "subhead",
            "credits", "dateline", "metadata", "print-page", "email", "export"}


@pytest.mark.parametrize("raw", BUILTIN, ids=[r["id"] for r in BUILTIN])
def test_every_builtin_rule_matches_its_own_example(raw):
    rule = load_rules().by_id(raw["id"])
    assert raw.get("example"), "every rule needs an example"
    assert rule.find(raw["example"]) is not None


def test_every_family_has_a_rule_and_ids_are_unique():
    assert {r.get("family") for r in BUILTIN} >= FAMILIES
    ids = [r["id"] for r in BUILTIN]
    assert len(ids) == len(set(ids))


def test_rules_are_loaded_once_per_file_tuple():
    assert load_rules() is load_rules(())


def reuters_sample():
    for line in (FIX / "reuters_sample.jsonl").read_text(encoding="utf-8").splitlines():
        yield Article.from_dict(json.loads(line))


def test_no_rule_touches_reuters_prose():
    """Precision: on real wire copy only sign-offs and separator lines go."""
    rules = load_rules()
    for art in reuters_sample():
        out = clean_article(art)
        for item in out.removed:
            assert item["rule"] in {"wire-signoff", "separator"}, item
        for para in out.text.split("\n\n"):
            assert not rules.is_furniture(para), para
        assert out.credits in ([], ["REUTERS"], ["Reuters"])
        assert "Reuter" not in out.text.split("\n\n")[-1:]


def test_reuters_given_fields_win_and_date_is_normalised():
    first = next(reuters_sample())
    out = clean_article(first)
    assert out.title == "BAHIA COCOA REVIEW"
    assert out.dateline == "SALVADOR, Feb 26 -"
    assert out.date == "1987-02-26"


def write_rules(tmp_path: Path, rules, name="my_rules.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return str(path)


def test_user_rules_add_replace_and_disable(tmp_path):
    path = write_rules(tmp_path, [
        {"id": "app-promo", "family": "promo", "pattern": "Download (?:our|the) app\\b.{0,60}",
         "flags": "i", "example": "Download our app for breaking news"},
        {"id": "follow-topic", "disabled": True},
    ])
    text = "Download our app today\nFollow topic:\nThe council met on Monday."
    out = clean_article(Article(id="u", text=text), CleanOptions(rules_files=(path,)))
    assert out.removed == [{"rule": "app-promo", "text": "Download our app today"}]
    assert out.text == "Follow topic:\n\nThe council met on Monday."
    default = clean_article(Article(id="u", text=text))
    assert {"rule": "follow-topic", "text": "Follow topic:"} in default.removed


@pytest.mark.parametrize("rules, message", [
    ([{"id": "x", "pattern": "(unclosed", "example": "a"}], "bad pattern"),
    ([{"id": "x", "pattern": "abc", "example": "xyz"}], "does not match its own example"),
    ([{"id": "x", "pattern": "abc", "wher": "last"}], "unknown key"),
    ([{"id": "x", "pattern": "abc", "action": "delete"}], "'action' must be one of"),
    ([{"id": "x", "pattern": "(?P<name>abc)"}], "only the named group 'value'"),
    ([{"pattern": "abc"}], "'id' must be a non-empty string"),
    ([{"id": "x", "pattern": "abc", "next": ["nope"]}], "unknown rule"),
    ([{"id": "x", "pattern": "abc", "credited": "yes"}], "'credited' must be true or false"),
    ([{"id": "x", "pattern": "abc", "after": ["x"], "repeats": "yes"}], "'repeats' must be true or false"),
    ([{"id": "x", "pattern": "abc", "over_story": 1}], "'over_story' must be true or false"),
    ([{"id": "x", "pattern": "abc", "either_side": "yes"}], "'either_side' must be true or false"),
    ([{"id": "x", "pattern": "abc", "speaker_like": None}], "'speaker_like' must be true or false"),
])
def test_bad_rule_files_fail_with_file_and_rule_named(tmp_path, rules, message):
    path = write_rules(tmp_path, rules)
    with pytest.raises(RulesError) as err:
        load_rules((path,))
    assert message in str(err.value)
    if "unknown rule" not in message:
        assert path in str(err.value)


def test_invalid_json_rules_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"rules": [\n{"id": "x",,}]}', encoding="utf-8")
    with pytest.raises(RulesError, match=r"broken.json:2: not valid JSON: Expecting property name"):
        load_rules((str(path),))
    path.write_bytes(b'{"rules": [{"id": "caf\xe9", "pattern": "x"}]}')
    with pytest.raises(RulesError, match=r"broken.json: invalid UTF-8 at byte 22\Z"):
        load_rules((str(path),))


@pytest.mark.parametrize("data, message", [
    ({"rulez": [{"id": "x", "pattern": "abc"}]}, "unknown key(s) rulez"),
    ({"rules": [], "headlines": {"chanel": ["FOX"]}}, "unknown key(s) headlines.chanel"),
    ({"rules": [], "dates": {"month_frist": []}}, "unknown key(s) dates.month_frist"),
    ({"rules": [{"id": "x", "patern": "abc"}]}, "rule 1 ('x'): unknown key(s) patern"),
    ({"rules": [{"id": "no-such-rule", "disabled": True}]},
     "rule 1: no rule 'no-such-rule' to switch off"),
])
def test_a_typo_in_a_rules_file_is_named_not_ignored(tmp_path, data, message):
    """A misspelt key or id would leave the user's rules (or a built-in rule
    they meant to switch off) silently as they were."""
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules((str(path),))
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value)


def test_a_rule_switched_off_twice_or_after_its_own_file_loads(tmp_path):
    first = tmp_path / "a.json"
    first.write_text(json.dumps({"_doc": "mine", "rules": [
        {"id": "mine", "pattern": "Mine only", "example": "Mine only"},
        {"id": "follow-topic", "disabled": True}]}), encoding="utf-8")
    second = tmp_path / "b.json"
    second.write_text(json.dumps({"rules": [{"id": "mine", "disabled": True},
                                            {"id": "follow-topic", "disabled": True}]}))
    ids = {r.id for r in load_rules((str(first), str(second))).rules}
    assert "mine" not in ids and "follow-topic" not in ids


def test_cli_rules_option(tmp_path):
    path = write_rules(tmp_path, [{"id": "app-promo", "pattern": "Download our app.*",
                                   "example": "Download our app"}])
    src = tmp_path / "story.txt"
    src.write_text("The council met on Monday.\nDownload our app now\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["clean", str(src), "--rules", path, "-q", "--no-despin"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output.strip().splitlines()[-1])
    assert rec["removed"] == [{"rule": "app-promo", "text": "Download our app now"}]
    bad = write_rules(tmp_path, [{"id": "x", "pattern": "(", "example": "a"}], "bad.json")
    res = CliRunner().invoke(main, ["clean", str(src), "--rules", bad, "-q"])
    assert res.exit_code == 1 and "bad.json" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("dates, message", [
    ({"patterns": [r"(?P<year>\d{4})"]}, "has no group(s) y, m, d"),
    ({"patterns": [r"(?P<y>\d{4})-(?P<m>\d\d)"]}, "has no group(s) d"),
    ({"patterns": ["(unclosed"]}, "bad 'dates' section"),
    ({"months": {"jan": "first"}}, "bad 'dates' section"),
])
def test_a_dates_section_without_its_groups_is_one_clear_line(tmp_path, dates, message):
    path = tmp_path / "dates.json"
    path.write_text(json.dumps({"dates": dates}), encoding="utf-8")
    src = tmp_path / "story.txt"
    src.write_text("Published: March 3, 2024\n\nThe council met on Monday.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["clean", str(src), "--rules", str(path), "-q"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.stderr.startswith(f"Error: {path}: ") and message in res.stderr


def test_an_optional_date_group_that_did_not_match_is_skipped(tmp_path):
    path = tmp_path / "dates.json"
    path.write_text(json.dumps({"dates": {"patterns": [
        r"(?:(?P<m>[A-Za-z]+) )?(?P<d>\d{1,2}), (?P<y>\d{4})"]}}), encoding="utf-8")
    src = tmp_path / "story.jsonl"
    src.write_text(json.dumps({"id": "a", "date": "3, 2024", "text": "The council met."}) + "\n")
    res = CliRunner().invoke(main, ["clean", str(src), "--rules", str(path), "-q"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["date"] == "3, 2024"    # kept as given: no month
