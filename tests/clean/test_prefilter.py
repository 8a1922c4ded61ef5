"""Rule prefilters: the literals and first characters derived from each
pattern may only skip a rule that cannot match, built-in or user's."""
from __future__ import annotations

import json
import re
import string
import sys
from pathlib import Path

import pytest

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.prefilter import (FEW, FOLD_FIX, first_chars, fold, gate, last_chars,
                                      requirements, satisfied)
from normtool.clean.rules import RulesError, load_rules
from normtool.options import CleanOptions

FIX = Path(__file__).resolve().parent / "fixtures"


def needs_of(pattern, ignore_case=False):
    return [sorted(need) for need in requirements(pattern, ignore_case)]


def lets_through(pattern, text, ignore_case=False):
    return satisfied(gate(requirements(pattern, ignore_case)), text)


def test_a_late_literal_is_required():
    pattern = r".{0,600}?\bPurchase Licensing Rights(?:, opens new tab)?\.?"
    assert needs_of(pattern) == [[("Purchase Licensing Rights", False)]]
    assert not lets_through(pattern, "Shares rose 3 pct on Monday.")
    assert lets_through(pattern, "A man walks. Purchase Licensing Rights")


def test_case_insensitive_literals_are_looked_for_folded():
    pattern = r".{0,250}\bnewsletters?\b.{0,120}\bsign up here\.?"
    assert needs_of(pattern, ignore_case=True) == [[("sign up here", True)],
                                                   [("newsletter", True)]]
    for text in ("Our NEWSLETTER is free. SIGN UP HERE.",
                 "Our newsletter is free. \u017fign up here."):    # long s: the engine's "s"
        assert re.fullmatch(pattern, text, re.IGNORECASE)
        assert lets_through(pattern, text, ignore_case=True)
    assert not lets_through(pattern, "Our newsletter is free.", ignore_case=True)
    # a case-sensitive pattern is not folded
    assert not lets_through("sign up here", "SIGN UP HERE")


def test_inline_case_flags_count():
    """A case-insensitive group in a case-sensitive pattern: the literal
    around it is looked for folded (what the text holds lower-cased)."""
    assert needs_of(r"By (?i:staff) writer") == [[("by staff writer", True)]]
    assert lets_through(r"By (?i:staff) writer", "By STAFF writer")
    assert needs_of(r"(?i:by) Staff") == [[("by staff", True)]]


def test_alternations_need_one_of_their_literals_or_nothing():
    assert needs_of(r"(?:Photo|Pic)s?\s*:\s*\w+") == [[("Photo", False), ("Pic", False)],
                                                       [(":", False)]]
    assert lets_through(r"(?:Photo|Pic)s?\s*:\s*\w+", "Pics: Jo Lee")
    # one alternative with no literal: nothing is required
    assert needs_of(r"\w+|Photo") == []
    assert needs_of(r"(?:Photo|\d+)s?:") == [[(":", False)]]
    # an optional part is not required
    assert needs_of(r"(?:By )?Jo Lee") == [[("Jo Lee", False)]]
    assert needs_of(r"(?:Reuters)?\s*\w+") == []


def test_what_cannot_be_read_requires_nothing():
    assert needs_of(r"(a)(?(1)bc|de)") == [[("a", False)]]
    assert needs_of(r"(?P<value>\w+)\s(?P=value)") == []
    assert requirements("(unclosed") == ()
    assert first_chars("(unclosed") is None


def test_first_characters():
    starts = first_chars(r"(?:By\s+)?[A-Z][a-z]+")
    assert starts.match("B") and starts.match("Q") and not starts.match("q")
    assert first_chars(r"(?=.*Photo)[A-Z]\w+").match("T")
    assert first_chars(r"\s*date:", ignore_case=True).match("D")
    assert first_chars(r".{0,60}x") is None
    assert first_chars(r"(?:x)?") is None               # may match nothing
    assert not first_chars(r"[^|>]{1,30}\|").match("|")
    assert first_chars(r"(?a)\W") is None and first_chars(r"(?a:\S)x") is None


def test_fold_covers_every_letter_the_engine_takes_for_an_ascii_one():
    """Over all of Unicode: a character a case-insensitive ASCII literal
    matches folds to that literal's lower case."""
    text = "".join(map(chr, range(0x80, sys.maxunicode + 1)))
    for c in string.ascii_lowercase:        # the rest of ASCII has no case
        for m in re.finditer(f"{c}|[{c}]", text, re.IGNORECASE):    # alone or in a class
            assert fold(m.group()) == c, (c, m.group())
    assert set(FOLD_FIX) <= {0x130, 0x131, 0x17F}


def test_characters_without_case_are_matched_exactly_when_case_is_ignored():
    """A literal of a case-insensitive pattern with no case ("\u00a9", "\u2019") is
    used as it is: the engine matches it only to itself (``iscased`` false)."""
    _sre = pytest.importorskip("_sre")
    if not hasattr(_sre, "unicode_iscased"):
        pytest.skip("this Python's regex engine has no unicode_iscased")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if c.lower() == c and c.upper() == c:
            assert not _sre.unicode_iscased(code), hex(code)
        lower = chr(_sre.unicode_tolower(code))     # what a class ignoring case compares
        assert lower == c or lower.lower() != lower or lower.upper() != lower, hex(code)


def test_builtin_rules_prefilters_let_every_example_through():
    """Wherever a rule's regex matches any rule's example, its prefilter agrees."""
    rules = load_rules()
    examples = [r.example for r in rules.rules if r.example]
    assert sum(bool(r.needs) for r in rules.rules) > len(rules.rules) // 2
    for rule in rules.rules:
        for text in examples:
            for m in rule.regex.finditer(text):
                assert satisfied(rule.needs, text), (rule.id, text)
                assert m.end() == m.start() or rule.opens(text[m.start()]), (rule.id, text)
                assert m.end() == m.start() or rule.ends is None or rule.ends.match(
                    text[m.end() - 1]), (rule.id, text)


def naive_first(rules, text):
    return next((r for r in rules.line_rules
                 if len(text) <= r.max_len and r.regex.fullmatch(text)), None)


def corpus():
    rules = load_rules()
    texts = [r.example for r in rules.rules if r.example]
    for line in (FIX / "reuters_sample.jsonl").read_text(encoding="utf-8").splitlines():
        body = json.loads(line)["text"]
        texts += body.splitlines() + [" ".join(p.split()) for p in body.split("\n    ")]
    return texts


def test_the_first_matching_line_rule_is_the_same_as_trying_them_all():
    rules = load_rules()
    for text in corpus():
        hit = rules._line_match(text)
        assert (hit[0] if hit else None) == naive_first(rules, text), text


def test_a_scanning_rule_is_skipped_on_text_lacking_its_literal():
    rules = load_rules()
    rule = rules.by_id("photo-licensing")
    assert rule.scans and rule.needs
    assert rule in rules.candidates("S", 50)        # it may begin anywhere: the literal decides
    assert not satisfied(rule.needs, "Shares of the company rose 3 pct on Monday.")
    assert rules.match_line("A man walks. Purchase Licensing Rights", 3, 9)[0] is rule
    assert rules.by_id("byline-prefix") not in rules.candidates("S", 50)   # "By ..." only


def write_rules(tmp_path, rules):
    path = tmp_path / "extra.json"
    path.write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return str(path)


def test_a_users_rules_get_prefilters_and_still_match(tmp_path):
    path = write_rules(tmp_path, [
        {"id": "app-promo-tail", "pattern": ".{0,200}download (?:our|the) app\\.?", "flags": "i",
         "example": "For breaking news, DOWNLOAD OUR APP."},
        {"id": "echo-line", "pattern": "(?P<value>[A-Z]\\w+)\\s(?P=value)",
         "example": "Echo Echo"},
    ])
    rules = load_rules((path,))
    promo = rules.by_id("app-promo-tail")
    assert promo.scans and promo.starts is None
    assert promo.needs == ((None, ("download our app", "download the app")),)   # in the folded text
    assert satisfied(promo.needs, "DOWNLOAD OUR APP") and not satisfied(promo.needs, "Our app")
    assert rules.by_id("echo-line").needs == ()
    text = "Talks resumed on Friday.\nFor all the news, Download the App.\nEcho Echo\nMore talks are due."
    out = clean_article(Article(id="u", text=text), CleanOptions(rules_files=(path,)))
    assert out.removed == [{"rule": "app-promo-tail", "text": "For all the news, Download the App."},
                           {"rule": "echo-line", "text": "Echo Echo"}]
    assert out.text == "Talks resumed on Friday.\n\nMore talks are due."


@pytest.mark.parametrize("key", ["needs", "starts", "scans", "regex"])
def test_a_rules_file_cannot_set_the_prefilter(tmp_path, key):
    path = write_rules(tmp_path, [{"id": "x", "pattern": "abc", key: []}])
    with pytest.raises(RulesError, match="unknown key"):
        load_rules((path,))


def test_last_characters():
    ends = last_chars(r"(?:Photo|Pic)s?:\s*\w+\.?")
    assert ends.match("x") and ends.match(".") and not ends.match("!") and not ends.match(")")
    assert last_chars(r"Reuters(?=\s*$)\Z").match("s")             # zero-width ends are passed over
    assert last_chars(r"(?<=\d)[A-Z]+$").match("Q")
    assert last_chars(r"sign up here", ignore_case=True).match("E")
    assert not last_chars(r"sign up here").match("E")
    assert last_chars(r"Share.{0,60}") is None                      # any character
    assert last_chars(r"Share(?: now)?") .match("e")                # an optional end: the one before too
    assert last_chars(r"(?:x)?") is None                            # may match nothing
    assert last_chars(r"(?P<value>\w+) (?P=value)") is None         # a back-reference: anything
    assert last_chars("(unclosed") is None


def test_a_need_of_few_literals_is_looked_for_with_in_and_of_many_with_one_search():
    few = gate(requirements(r"(?:Photo|Pic)s?:"))
    assert few == ((("Photo:", "Photos:", "Pic:", "Pics:"), None),)
    words = [f"word{i}" for i in range(FEW + 1)]
    many = gate(requirements("(?:" + "|".join(words) + ") here", ignore_case=True))
    assert many[0][0] is None and hasattr(many[0][1], "search")
    for needs in (few, many):
        assert not satisfied(needs, "Shares rose 3 pct.")
    assert satisfied(few, "Top: Pics: Jo Lee") and not satisfied(few, "pics: Jo Lee")
    assert satisfied(many, "Read WORD3 HERE") and satisfied(many, f"... word{FEW} here")


@pytest.mark.parametrize("rule, text", [
    # its literal only mid-paragraph, in another case: looked for in the folded text
    ({"id": "promo-code-line", "pattern": ".{0,80}\\bpromo code\\b.{0,80}", "flags": "i",
      "example": "Save 10% with promo code NEWS10 today"},
     "Readers save 10% with PROMO CODE NEWS10 at checkout!"),
    # case ignored: a capital first and last letter the pattern writes in lower case
    ({"id": "sponsor-line", "pattern": "sponsored content(?: by \\w+)?", "flags": "i",
      "example": "Sponsored content by Acme"},
     "SPONSORED CONTENT BY ACME"),
    # no literal at all, and a pattern that may end with anything
    ({"id": "ticket-line", "pattern": "[A-Z]{2,5}-\\d{3,6}\\W{0,3}", "example": "ABC-1234"},
     "TKT-99812 ->"),
    # more literals than FEW: one search
    ({"id": "many-tools", "pattern": "(?:" + "|".join(f"tool{i}" for i in range(12)) + ") (?:on|off)",
      "flags": "i", "example": "tool3 on"},
     "TOOL11 Off"),
])
def test_a_users_rule_is_tried_on_every_paragraph_it_matches(tmp_path, rule, text):
    """The prefilter is derived from whatever rules are loaded: a user's
    rule is found on a paragraph it matches wherever its literal, first or
    last character is, and left alone on one it does not."""
    rules = load_rules((write_rules(tmp_path, [rule]),))
    mine = rules.by_id(rule["id"])
    assert mine in rules.line_rules
    assert mine in rules.candidates(text[:1], len(text), text[-1:])
    hit = rules._line_match(text)
    assert hit is not None and hit[0] is mine
    assert naive_first(rules, text) is mine
    for other in corpus()[:400]:
        hit = rules._line_match(other)
        assert (hit[0] if hit else None) == naive_first(rules, other), other
    body = f"Talks resumed on Friday.\n{text}\nMore talks are due."
    out = clean_article(Article(id="u", text=body), CleanOptions(rules_files=(rules_path(tmp_path),)))
    assert {"rule": rule["id"], "text": text} in out.removed
    assert out.text == "Talks resumed on Friday.\n\nMore talks are due."


def rules_path(tmp_path):
    return str(tmp_path / "extra.json")


def test_a_rule_whose_example_its_prefilter_refuses_gets_none(tmp_path, monkeypatch):
    """Should the derivation ever miss (here: made to say the rule ends only
    with "q"), a rule keeps matching: it loses its prefilter instead."""
    import normtool.clean.rules as rules_module
    monkeypatch.setattr(rules_module, "last_chars", lambda pattern, icase=False: re.compile("q"))
    rules_module._load.cache_clear()
    try:
        rules = load_rules((write_rules(tmp_path, [
            {"id": "tail-line", "pattern": "Tail end", "example": "Tail end"}]),))
        assert rules.by_id("tail-line").ends is None
        assert rules._line_match("Tail end")[0].id == "tail-line"
    finally:
        rules_module._load.cache_clear()
