"""The review page in a real headless Chromium: numbers, diffs, safety, search, speed."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from handmade import (BUDGET, BUDGET_COPY_ID, BUDGET_TITLE, HARBOUR_NEAR, NEAR_GONE, NEAR_NEW,
                      write_handmade, write_jsonl)
from normtool.cli import main
from normtool.review import write_review
from synth import write_synthetic

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def handmade_page(tmp_path):
    paths = write_handmade(tmp_path)
    out = tmp_path / "review.html"
    write_review(str(paths["corpus"]), str(out), report=str(paths["report"]),
                 clean=str(paths["clean"]), rejects=str(paths["rejects"]))
    return out


def texts(page, selector):
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


def wait_matches(page, text):
    page.wait_for_function("t => document.getElementById('matches').textContent === t", arg=text)


def list_titles(page):
    return texts(page, "#list li a")


def assert_quiet(opened):
    """No script error, no dialog, no request but the file itself."""
    assert opened.errors == [] and opened.dialogs == []
    assert [u for u in opened.requests if not u.startswith(opened.url)] == []


def test_overview_numbers_equal_the_corpus(tmp_path, open_page):
    """Seeds plus copies made from them, through clean and dedup, then review."""
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    first, second, third = list(seeds.values())[:3]
    rows = [{"id": k, "text": v} for k, v in seeds.items()]
    rows += [{"id": "copy-cut", "text": first[: len(first) // 2].rsplit("\n", 1)[0]},
             {"id": "copy-same", "text": second},
             {"id": "copy-edited", "text": third.replace("Seoul", "South Korea's capital", 2)}]
    feed = write_jsonl(tmp_path / "feed.jsonl", rows)
    out = {k: tmp_path / f"{k}.jsonl" for k in ("clean", "corpus", "report")}
    for args in (["clean", str(feed), "-o", str(out["clean"]), "-q"],
                 ["dedup", str(out["clean"]), "-o", str(out["corpus"]), "--report",
                  str(out["report"]), "-q"]):
        assert CliRunner().invoke(main, args).exit_code == 0
    html = tmp_path / "review.html"
    write_review(str(out["corpus"]), str(html), report=str(out["report"]), clean=str(out["clean"]))

    corpus = [json.loads(line) for line in out["corpus"].read_text().splitlines()]
    copies = [d for r in corpus for d in r["duplicates"]]
    clean = [json.loads(line) for line in out["clean"].read_text().splitlines()]
    expected = {"articles": len(corpus) + len(copies), "stories": len(corpus),
                "copies": len(copies), "spun-articles": sum(1 for r in clean if r["spun"])}
    for rel in ("exact", "near", "contained", "spun"):
        expected[rel] = sum(1 for d in copies if d["relation"] == rel)
    assert expected["articles"] == len(rows) and expected["copies"] >= 2   # dedup found copies

    o = open_page(html)
    shown = {k: int(o.page.get_attribute(f"#n-{k}", "data-value")) for k in expected}
    assert shown == expected
    assert o.page.text_content("#matches") == f"{len(corpus)} clusters"
    sizes = o.page.text_content("#sizes desc")
    assert f"1: {sum(1 for r in corpus if not r['duplicates'])}" in sizes
    assert_quiet(o)


def test_cluster_diff_shows_the_words_that_differ(handmade_page, open_page):
    o = open_page(handmade_page, fragment="#c=0000000000000000")
    page = o.page
    assert page.text_content("#cluster-title") == "Harbour strike ends after nine days"
    near = '#cluster details.copy[data-id="harbour-2"]'
    assert "near, similarity 0.8123" in page.text_content(f"{near} summary")
    assert texts(page, f"{near} .canonical-text del") == NEAR_GONE
    assert texts(page, f"{near} .copy-text ins") == NEAR_NEW
    assert page.text_content(f"{near} .copy-text .text") == HARBOUR_NEAR   # rebuilt exactly
    assert "more metadata" in page.text_content(f"{near} .why")
    # A closed copy is drawn when opened: the cut copy lacks the second paragraph.
    cut = '#cluster details.copy[data-id="harbour-3"]'
    assert page.query_selector(f"{cut} .canonical-text") is None
    page.click(f"{cut} summary")
    page.wait_for_selector(f"{cut} .canonical-text del")      # drawn on the toggle event, a task later
    gone = " ".join(texts(page, f"{cut} .canonical-text del"))
    assert gone.startswith("The agreement raises wages") and texts(page, f"{cut} .copy-text ins") == []
    exact = '#cluster details.copy[data-id="harbour-4"]'
    page.click(f"{exact} summary")
    page.wait_for_selector(f"{exact} .same")
    assert page.text_content(f"{exact} .same") == "Word for word the canonical's text."
    assert_quiet(o)


def test_planted_script_is_shown_as_text_and_never_runs(handmade_page, open_page):
    o = open_page(handmade_page, fragment="#c=0000000000000001")
    page = o.page
    assert page.text_content("#cluster-title") == BUDGET_TITLE
    assert page.text_content("#cluster .copy-text .text") == BUDGET.replace("Friday", "Saturday")
    assert BUDGET_COPY_ID in page.text_content("#cluster details.copy summary")
    # The spun copy's repair view (open at first) shows the same text as text.
    assert "window.__pwned = 'breakout'" in page.text_content("#cluster .repairs > .text")
    page.fill("#q", "pwned")                    # the titles go into the list too
    wait_matches(page, "1 of 4 clusters match")
    assert list_titles(page) == [BUDGET_TITLE]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
    assert_quiet(o)


def test_search_finds_a_title_and_an_id(handmade_page, open_page):
    o = open_page(handmade_page)
    page = o.page
    page.fill("#q", "harbour STRIKE")
    wait_matches(page, "1 of 4 clusters match")
    assert list_titles(page) == ["Harbour strike ends after nine days"]
    page.fill("#q", "harbour-3")                # a copy's id finds its cluster
    wait_matches(page, "1 of 4 clusters match")
    page.fill("#q", "vote")
    wait_matches(page, "1 of 4 clusters match")
    page.press("#q", "Enter")                   # opens the first match
    page.wait_for_function("document.getElementById('cluster-title').textContent === 'Vote delayed'")
    page.fill("#q", "no such words")
    wait_matches(page, "0 of 4 clusters match")
    assert list_titles(page) == []
    assert_quiet(o)


def test_filters_by_relation_and_spun(handmade_page, open_page):
    o = open_page(handmade_page)
    page = o.page
    page.select_option("#rel", "spun")
    wait_matches(page, "1 of 4 clusters match")
    assert list_titles(page) == [BUDGET_TITLE]
    page.select_option("#rel", "single")
    wait_matches(page, "2 of 4 clusters match")
    assert list_titles(page) == ["Vote delayed", "(no title) lone-1"]
    page.select_option("#spun", "yes")
    wait_matches(page, "1 of 4 clusters match")
    assert list_titles(page) == ["Vote delayed"]
    page.select_option("#rel", "")
    wait_matches(page, "2 of 4 clusters match")
    page.select_option("#spun", "no")
    page.select_option("#sort", "uncertain")
    wait_matches(page, "2 of 4 clusters match")
    assert list_titles(page) == ["Harbour strike ends after nine days", "(no title) lone-1"]
    assert_quiet(o)


def test_keyboard_moves_between_clusters(handmade_page, open_page):
    o = open_page(handmade_page)
    page = o.page
    order = list_titles(page)
    assert page.text_content("#cluster-title") == order[0]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.text_content("#cluster-title") == order[2]
    assert texts(page, "#list a[aria-current]") == [order[2]]
    page.keyboard.press("k")
    assert page.text_content("#cluster-title") == order[1]
    assert page.evaluate("location.hash") == "#c=0000000000000001"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert_quiet(o)


def test_repairs_are_marked_with_their_rule(handmade_page, open_page):
    """Offsets count code points; the emoji before the first repair must not shift it."""
    o = open_page(handmade_page, fragment="#c=0000000000000002")
    page = o.page
    marks = page.eval_on_selector_all(
        "#cluster .repairs .repair",
        "els => els.map(e => [e.querySelector('del').textContent, "
        "e.querySelector('ins').textContent, e.querySelector('.rule').textContent])")
    assert marks == [["Related Press", "Associated Press", "[proper:related press]"],
                     ["mentioned", "said", "[reporting:mentioned]"],
                     ["Related Press", "Associated Press", "[proper:related press]"]]
    text = page.text_content("#cluster .repairs > .text")
    assert text.startswith("\U0001F600 The Related Press Associated Press [proper:related press]")
    assert "spin score 0.88" in page.text_content("#cluster .repairs")
    assert_quiet(o)


def test_fits_a_narrow_window(handmade_page, open_page):
    o = open_page(handmade_page, width=360, fragment="#c=0000000000000000")
    page = o.page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finder = page.query_selector("#finder").bounding_box()
    cluster = page.query_selector("#cluster").bounding_box()
    assert cluster["y"] >= finder["y"] + finder["height"]     # stacked, not side by side
    assert_quiet(o)


def test_100k_clusters_load_in_under_5_seconds(tmp_path, open_page):
    counts = write_synthetic(tmp_path, 100_000, length=(8, 24))
    out = tmp_path / "review.html"
    write_review(str(tmp_path / "corpus.jsonl"), str(out), report=str(tmp_path / "report.jsonl"),
                 clean=str(tmp_path / "clean.jsonl"))
    start = time.perf_counter()
    o = open_page(out)
    seconds = time.perf_counter() - start
    print(f"100,000 clusters: {out.stat().st_size / 1e6:.1f} MB, ready in {seconds:.2f} s")
    assert seconds < 5.0
    page = o.page
    assert int(page.get_attribute("#n-copies", "data-value")) == counts["copies"]
    assert page.text_content("#pageno") == "Page 1 of 2,000"
    # The last cluster of the corpus is found by id and opens.
    page.fill("#q", "s099999")
    wait_matches(page, "1 of 100,000 clusters match")
    page.press("#q", "Enter")
    page.wait_for_function("document.querySelector('#cluster .facts code').textContent "
                           "=== '000000000001869f'")
    assert_quiet(o)


def test_page_rebuilds_every_copy_as_python_does(tmp_path, open_page):
    """page.js and diff.py split words the same way: random texts with odd
    whitespace, emoji and markup come back character for character."""
    import random
    rnd = random.Random(3)
    words = ["port", "strike", "<b>", "&amp;", "\U0001F600", "\u00e9t\u00e9", "a\u00a0b", "x\u2028y"]
    seps = [" ", " ", " ", "\n\n", "\n", "  ", "\t", "\r\n", " \n\n "]

    def text():
        ws = rnd.choices(words, k=rnd.randint(1, 30))
        return (rnd.choice(["", " ", "\n"]) + "".join(w + rnd.choice(seps) for w in ws[:-1])
                + ws[-1] + rnd.choice(["", " ", "\n"]))

    corpus, clean = [], []
    for k in range(40):
        canonical, copy = text(), text() + f" unique{k}"
        corpus.append({"id": f"c{k}", "text": canonical, "cluster": f"k{k}",
                       "duplicates": [{"id": f"d{k}", "similarity": 0.6, "relation": "near"}]})
        clean.append({"id": f"d{k}", "text": copy})
    write_jsonl(tmp_path / "corpus.jsonl", corpus)
    write_jsonl(tmp_path / "clean.jsonl", clean)
    out = tmp_path / "review.html"
    write_review(str(tmp_path / "corpus.jsonl"), str(out), clean=str(tmp_path / "clean.jsonl"))
    o = open_page(out)
    for k in range(40):
        o.page.evaluate(f"location.hash = '#c=k{k}'")
        o.page.wait_for_function(f"document.querySelector('#cluster details.copy').dataset.id "
                                 f"=== 'd{k}'")
        assert o.page.text_content("#cluster .copy-text .text") == clean[k]["text"]
        assert o.page.text_content("#cluster .canonical-text .text") == corpus[k]["text"]
    assert_quiet(o)
