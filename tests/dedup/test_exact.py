"""``exact`` copies: the story text left after stock lines, and the text's own figures.

Wire notices are built from stock lines ("Pay April 30", "Record April 16")
that recur across a batch and are left out of fingerprints; two notices of
different companies can then leave the same remnant.  Their figures still
tell them apart, so they must not be merged as exact copies, while real
copies (a resend, a copy with other furniture) still are.
"""
import hashlib

import pytest

from normtool.article import Article
from normtool.dedup import dedup_articles
from normtool.dedup.boilerplate import boilerplate_lines, line_key, split_lines, strip_lines
from normtool.dedup.fingerprint import fingerprints
from normtool.dedup.matchtext import match_tokens
from normtool.options import DedupOptions

NEWSLETTER = "Sign up for our newsletter"

# Pairs of notices of different companies whose stock lines differ in figures only.
DIFFERENT = {
    # every line but the last is stock: the remnants are equal
    "n1": "Qtly div 25 cts vs 25 cts prior\n\nPay April 30\n\nRecord April 16",
    "n2": "Qtly div three cts vs three cts prior\n\nPay April 30\n\nRecord April 16",
    # the dividend line is the story; payment and record dates are stock
    "m1": "Qtly div 45 cts vs 45 cts prior\n\nPay March 31\n\nRecord March 20",
    "m2": "Qtly div 45 cts vs 45 cts prior\n\nPay April 30\n\nRecord April 10",
    # figures written as words
    "w1": "Qtly div 19 cts vs 19 cts prior\n\nPay April 15\n\nRecord April three",
    "w2": "Qtly div 19 cts vs 19 cts prior\n\nPay April 15\n\nRecord April One",
}
# Real copies (a line in three texts is stock here, so each is of a notice of its own).
SOURCES = {
    "r1": "Qtly div 25 cts vs 25 cts prior\n\nPay April 30\n\nRecord May 5",
    "c1": "Qtly div 60 cts vs 60 cts prior\n\nPay March 31\n\nRecord March 20",
}
COPIES = {
    "r1-resend": SOURCES["r1"],                              # the same text again
    "c1-site": SOURCES["c1"] + "\n\n" + NEWSLETTER,          # other furniture, same figures
}
STOCK = ["Qtly div 25 cts vs 25 cts prior", "Qtly div three cts vs three cts prior",
         "Pay April 30", "Pay March 31", "Record March 20", "Record April 10",
         "Record April three", "Record April One", "Pay April 15", NEWSLETTER]


def notices() -> list[Article]:
    """The notices, and other notices that make their stock lines common."""
    arts = [Article(id=i, title=f"COMPANY {i.upper()} SETS QUARTERLY", text=t)
            for i, t in {**DIFFERENT, **SOURCES, **COPIES}.items()]
    k = 0
    for line in STOCK:
        for _ in range(3):
            k += 1
            arts.append(Article(id=f"f{k}", title=f"FILLER {k} SETS PAYOUT",
                                text=f"{line}\n\nPay June {k}, {1900 + k}"))
    return arts


def story_of(records) -> dict:
    out = {}
    for r in records:
        out[r.id] = (r.id, "canonical")
        for d in r.duplicates:
            out[d["id"]] = (r.id, d["relation"])
    return out


@pytest.fixture(scope="module")
def placed():
    arts = notices()
    boiler = boilerplate_lines((a.text for a in arts), DedupOptions().boilerplate_docs)
    # the premise: the pairs share their story remnant once stock lines are out
    for a, b in (("n1", "n2"), ("m1", "m2"), ("w1", "w2")):
        assert (strip_lines(DIFFERENT[a], boiler) == strip_lines(DIFFERENT[b], boiler)
                != DIFFERENT[a])
    return arts, list(dedup_articles(arts))


def test_notices_with_other_figures_are_not_merged(placed):
    _, records = placed
    story = story_of(records)
    for a, b in (("n1", "n2"), ("m1", "m2"), ("w1", "w2")):
        assert story[a][0] != story[b][0], (a, b)


def test_real_copies_are_still_exact(placed):
    _, records = placed
    story = story_of(records)
    for copy, source in (("r1-resend", "r1"), ("c1-site", "c1")):
        assert story[copy][0] == story[source][0]
        assert "exact" in (story[copy][1], story[source][1])


def test_streaming_dedup_agrees(placed, streamed):
    arts, records = placed
    assert streamed(arts, task_articles=7) == [r.to_json() for r in records]


def test_split_lines_lists_stock_lines_not_the_title():
    boiler = {line_key("Pay April 30"), line_key("Record April 16")}
    text = "ACME SETS PAYOUT\nQtly div 5 cts\nPay April 30\nRecord April 16"
    assert split_lines(text, boiler, title="Acme sets payout") == (
        "Qtly div 5 cts", ["Pay April 30", "Record April 16"])
    # nothing left: the whole text, nothing listed
    assert split_lines("Pay April 30", boiler) == ("Pay April 30", [])


def test_content_hash_without_stock_figures_is_the_token_hash():
    """What an index built without batch statistics stores, unchanged."""
    text = "Acme said it sold 12 units.\n\nSign up now"
    plain = hashlib.blake2b(" ".join(match_tokens(text)).encode(), digest_size=16).digest()
    assert fingerprints([Article(id="a", text=text)])[0].content_hash == plain
    story = hashlib.blake2b(" ".join(match_tokens("Acme said it sold 12 units.")).encode(),
                            digest_size=16).digest()
    fp = fingerprints([Article(id="a", text=text)], boilerplate={line_key("Sign up now")})[0]
    assert fp.content_hash == story
    fp = fingerprints([Article(id="a", text=text + " 2024")],
                      boilerplate={line_key("Sign up now 2024")})[0]
    assert fp.content_hash != story
