"""Despin's gazetteer: what a name is in text, and the names file it is built into."""
from __future__ import annotations

import sys
from pathlib import Path

from normtool.data import open_text
from normtool.despin.gazetteer import NAMES, make_gazetteer, name_runs, name_windows, window_name
from normtool.despin.tokens import Tokens

ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ windows

def test_runs_and_windows_follow_capitals_connectors_and_initials():
    tok = Tokens("The U.S. Secretary of State met the Bank of England. Then Related Press said so.")
    runs = [" ".join(tok.surf[a:b]) for a, b in name_runs(tok)]
    assert runs == ["The U S Secretary of State", "Bank of England", "Then Related Press"]
    found = {w for _, _, w in name_windows(tok)}
    assert {"U.S. Secretary", "Secretary of State", "U.S. Secretary of State", "Bank of England",
            "Related Press"} <= found
    assert not any(w.startswith(("The ", "Then ", "S. ")) or w.endswith(" of") for w in found)


def test_punctuation_and_sentence_ends_break_a_run():
    tok = Tokens("He saw Paris, London and Rome. Berlin Airport was shut.")
    assert [window_name(tok, a, b - a) for a, b in name_runs(tok)] == ["London and Rome", "Berlin Airport"]


def test_window_name_drops_a_possessive_and_collapses_spaces():
    tok = Tokens("the Related  Press's reporter")
    assert window_name(tok, 1, 2) == "Related Press"


# ------------------------------------------------------------------ the builder

def test_builder_counts_names_and_skips_capitals_text():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_despin_names as b
    finally:
        sys.path.remove(str(ROOT / "tools"))
    got = b.count_names(["The Associated Press said the U.S. Treasury would act.",
                         "In Washington, the Associated Press and the U.N. Secretary-General met.",
                         "THE ASSOCIATED PRESS SAID SO"])
    assert got["Associated Press"] == 2
    assert got["U.S. Treasury"] == 1 and got["Secretary-General"] == 1 and got["U.N. Secretary-General"] == 1
    assert "The Associated" not in got and "S. Treasury" not in got and "ASSOCIATED PRESS" not in got


def test_shipped_gazetteer_has_the_names_spinners_hit():
    with open_text(NAMES) as fh:
        gaz = make_gazetteer(fh)
    for name in ("Associated Press", "Secretary-General", "World War II", "United Nations",
                 "Federal Reserve Board", "New Zealand"):
        assert gaz.counts.get(name, 0) >= 3
    assert len(gaz.counts) > 20_000
