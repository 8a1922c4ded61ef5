"""Despin's dates step: a month a spinner rewrote, put back where only a month fits."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.despin import despin_article, load_table
from normtool.despin.context import make_model
from normtool.despin.dates import date_matches, date_slot, month_for
from normtool.despin.tokens import Tokens

# What the shipped links say, in miniature: a written word -> what it may stand for.
MODEL = make_model([], [], ["process\tmarch:w|procedure:w", "tread\tmarch:m|step:m",
                            "spoil\tmar:mw|ruin:m", "venerable\taugust:mw|old:m",
                            "exit\tmarch:m|leave:m", "shift\tmarch:m|may:m"])
TABLE = load_table()


def fixes(text: str) -> list:
    return [(m.entry.spun, m.replacement) for m in date_matches(Tokens(text), TABLE, model=MODEL)]


@pytest.mark.parametrize("text, expected", [
    ("Talks began on Process 5, 1987.", [("Process", "March")]),
    ("The deal closes Tread 31, 1987, officials said.", [("Tread", "March")]),
    ("Rates rose in the week ended 5 Spoil 1987.", [("Spoil", "Mar")]),
    ("Output has fallen since Venerable 1986.", [("Venerable", "August")]),
    ("The accord runs until Process 12, when talks resume.", [("Process", "March")]),
])
def test_a_spun_month_in_a_date_is_restored(text, expected):
    assert fixes(text) == expected


@pytest.mark.parametrize("text", [
    "Traffic backed up at Exit 5 on Route 9.",           # a number after a name is no date
    "The Process 5 plant reopened in 1987.",
    "He met them on March 5, 1987.",                     # a month as written
    "Work resumed on Shift 5, 1987.",                    # linked to two months: which?
    "The Process, 5, 1987",                              # punctuation between: no slot
])
def test_no_date_slot_or_no_single_month_is_left_alone(text):
    assert fixes(text) == []


def test_month_for_needs_exactly_one_month():
    months = TABLE.sets["MONTH"]
    assert month_for(MODEL, "process", months) == "march"
    assert month_for(MODEL, "shift", months) is None
    assert month_for(MODEL, "exit", months) == "march"      # the slot decides, not the word
    assert date_slot(Tokens("at Exit 5 on Route 9"), 1, TABLE.sets["DATEPREP"]) is False


def test_despin_restores_the_month_only_in_a_spun_article():
    spun = ("The Related Press mentioned that colossal information is vital, he mentioned. "
            "Talks began on Process 5, 1987.")
    out = despin_article(Article(id="a", text=spun))
    assert out.spun
    assert "on March 5, 1987" in out.text and "Process" not in out.text
    assert any(r["rule"] == "date:process" for r in out.repairs)
    clean = "Shares rose 5 pct, the company said. Talks began on Process 5, 1987."
    out = despin_article(Article(id="b", text=clean))
    assert not out.spun and out.text == clean
