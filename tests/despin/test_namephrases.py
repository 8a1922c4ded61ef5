"""Despin's name phrases: a name word a spinner wrote as a lower-case phrase."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.despin import despin_article
from normtool.despin.context import make_model
from normtool.despin.model import load_stats
from normtool.despin.gazetteer import make_gazetteer
from normtool.despin.namephrases import name_phrase_matches
from normtool.despin.phrases import make_phrase_links
from normtool.despin.match import apply_matches
from normtool.despin.tokens import Tokens

GAZ = make_gazetteer("""World Bank\t400
Treasury Secretary\t90
White House\t700
North Korea\t90
Daily Telegraph\t12
Bank of England\t300
Acme Trade\t1
U.S. Trade\t9000
""".splitlines())
LINKS = make_phrase_links("""depository financial institution\tbank:w
banking company\tbank:w
secretarial assistant\tsecretary:w
business firm\thouse:w|firm:w
due north\tnorth:w|due:m
day by day\tdaily:m
trade good\tgood:w|commodity:w
""".splitlines())
MODEL = make_model([], [], [])


def restore(text: str, **kw) -> str:
    tok = Tokens(text)
    return apply_matches(text, name_phrase_matches(tok, gaz=GAZ, model=MODEL, links=LINKS, **kw))[0]


@pytest.mark.parametrize("spun, original", [
    ("A World Depository financial institution loan was signed.", "A World Bank loan was signed."),
    ("The World Banking company said so.", "The World Bank said so."),
    ("Treasury Secretarial assistant James Baker spoke.", "Treasury Secretary James Baker spoke."),
    ("He left the White Business firm on Monday.", "He left the White House on Monday."),
    ("Talks with Due north Korea ended.", "Talks with North Korea ended."),
    ("He wrote for the Day by day Telegraph.", "He wrote for the Daily Telegraph."),
    ("The Banking company of England cut rates.", "The Bank of England cut rates."),
])
def test_a_phrase_inside_a_name_is_restored(spun, original):
    assert restore(spun) == original


@pytest.mark.parametrize("text", [
    "Deposits at the depository financial institution rose.",   # lower case: the phrase step's
    "Banking company shares rose.",                              # no name word beside it
    "The Acme Business firm said so.",                           # "Acme House" is no known name
    "U.S. Trade good exports rose.",                             # kept words all generic in names
    "A World. Depository financial institution",                 # a sentence ends in between
    "The World Banking Company said so.",                        # all capitals: the names step's
])
def test_phrases_that_make_no_known_name_stay(text):
    assert restore(text) == text


def test_a_rare_name_is_not_enough():
    gaz = make_gazetteer(["Acme House\t2"])
    tok = Tokens("The Acme Business firm said so.")
    assert name_phrase_matches(tok, gaz=gaz, model=MODEL, links=LINKS) == []


def test_a_repair_keeps_the_phrase_span_and_rule_and_respects_taken_spans():
    tok = Tokens("A World Depository financial institution loan.")
    [m] = name_phrase_matches(tok, gaz=GAZ, model=MODEL, links=LINKS)
    assert tok.text[m.start:m.end] == "Depository financial institution"
    assert m.entry.rule == "name:depository financial institution"
    assert name_phrase_matches(tok, [(3, 1)], gaz=GAZ, model=MODEL, links=LINKS) == []


def test_within_keeps_only_names_the_body_holds():
    assert restore("World Depository financial institution loan", within="the World Bank") == \
        "World Bank loan"
    assert restore("World Depository financial institution loan", within="no such name") == \
        "World Depository financial institution loan"


def test_the_reverse_thesaurus_phrases_are_candidates_too():
    """With the shipped reverse thesaurus and no phrase links, WordNet's own
    phrases for a word still lead back to it."""
    stats = load_stats()
    assert "bank" in {x for x, _ in stats.phrases.get(("depository", "financial", "institution"), ())}
    tok = Tokens("A World Depository financial institution loan.")
    got = name_phrase_matches(tok, gaz=GAZ, model=MODEL, links=make_phrase_links([]), stats=stats)
    assert [m.replacement for m in got] == ["Bank"]


def test_despin_restores_a_name_phrase_in_a_spun_article_only():
    spun = ("The World Depository financial institution mentioned on Monday it would lend the "
            "authorities $500 million to aid restore the country's ruined highways, the lender's "
            "spokesperson mentioned. The World Depository financial institution loan is the "
            "biggest ever made to the country, officials mentioned in a declaration.")
    out = despin_article(Article(id="a", text=spun))
    assert out.spun
    assert "World Bank loan" in out.text and "Depository" not in out.text
    clean = "Deposits at the depository financial institution rose 5 pct, the bank said on Monday."
    assert despin_article(Article(id="b", text=clean)).text == clean
