"""The page as a file: escaped data, deterministic, self-contained; the CLI."""
from __future__ import annotations

import base64
import hashlib
import json
import re

from handmade import ATTACKS, BUDGET, BUDGET_COPY_ID, BUDGET_TITLE, write_handmade
from normtool.review import write_review
from normtool.review.load import load
from normtool.review.page import (CHUNK, build_page, clusters, overview, script_json,
                                  similarity_histogram, size_histogram, utf16_offset)
from normtool.review.why import explain

NAMES = {"corpus": "corpus.jsonl"}


def _page(tmp_path, **kw):
    paths = write_handmade(tmp_path)
    out = tmp_path / "review.html"
    write_review(str(paths["corpus"]), str(out), **{k: str(paths[k]) for k in kw})
    return out.read_text(encoding="utf-8")


def _data_blocks(page: str) -> dict:
    return dict(re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>',
                           page, re.S))


def test_script_json_cannot_close_its_script_and_round_trips():
    value = {"t": "</script><!-- <script> & \u2028\u2029 \ud800", "n": [1, 2.5, None]}
    text = script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_article_text_is_never_markup_in_the_page(tmp_path):
    page = _page(tmp_path, clean=True, report=True)
    # The only <script elements are the page's own: data blocks and one program.
    blocks = _data_blocks(page)
    assert page.count("<script") == len(blocks) + 1
    for attack in ATTACKS + (BUDGET_TITLE, BUDGET_COPY_ID):
        assert attack not in page
    details = json.loads(blocks["nt-d0"])
    assert details[1]["canonical"]["text"] == BUDGET      # intact once parsed
    assert details[1]["copies"][0]["id"] == BUDGET_COPY_ID


def test_page_is_self_contained_and_locked_down(tmp_path):
    page = _page(tmp_path, clean=True)
    outside_data = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    assert not re.search(r"""(src|href)\s*=|url\(|@import|https?://""", outside_data)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    program = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for body, directive in ((program, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


def test_same_input_same_bytes(tmp_path):
    pages = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        pages.append(_page(folder, clean=True, report=True, rejects=True))
    assert pages[0] == pages[1]


def test_overview_counts(tmp_path):
    paths = write_handmade(tmp_path)
    data = load(str(paths["corpus"]), clean=str(paths["clean"]), rejects=str(paths["rejects"]))
    counts = overview(data)
    assert counts["articles"] == 8 and counts["stories"] == 4 and counts["copies"] == 4
    assert (counts["exact"], counts["near"], counts["contained"], counts["spun"]) == (1, 1, 1, 1)
    assert counts["spun-articles"] == 2 and counts["rejects"] == 2
    assert overview(load(str(paths["corpus"])))["rejects"] is None


def test_cluster_index_and_copy_diffs(tmp_path):
    paths = write_handmade(tmp_path)
    cols, details = clusters(load(str(paths["corpus"]), clean=str(paths["clean"])))
    assert cols["size"] == [4, 2, 1, 1]
    assert cols["minsim"] == [0.8123, 0.7, None, None]
    assert cols["flags"][0] == 1 | 2 | 4 and cols["flags"][1] == 8 | 32
    assert "harbour-3" in cols["more"][0]
    near = details[0]["copies"][0]
    assert near["id"] == "harbour-2" and near["relation"] == "near"
    assert near["diff"]["o"][1:5] == [-1, "went back", 3, -1]
    assert near["why"] == ("The canonical has more metadata (title, date, dateline); "
                           "the copy lacks dateline.")
    # Without --clean the copies are listed by id, relation and similarity only.
    _, bare = clusters(load(str(paths["corpus"])))
    assert bare[0]["copies"][0] == {"id": "harbour-2", "relation": "near", "similarity": 0.8123,
                                    "why": bare[0]["copies"][0]["why"]}
    assert "--clean" in bare[0]["copies"][0]["why"]


def test_details_are_chunked(tmp_path):
    from handmade import write_jsonl
    rows = [{"id": f"a{k}", "text": f"story {k}", "cluster": f"c{k}", "duplicates": []}
            for k in range(CHUNK * 2 + 3)]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    page = build_page(load(str(corpus)), NAMES)
    blocks = _data_blocks(page)
    assert sorted(blocks) == ["nt-d0", "nt-d1", "nt-d2", "nt-index"]
    assert json.loads(blocks["nt-d2"])[2]["canonical"]["text"] == f"story {CHUNK * 2 + 2}"


def test_why_follows_dedups_preference_order():
    base = {"id": "b", "text": " ".join(["word"] * 100), "title": "T", "date": "2024-01-02"}
    assert explain(base, dict(base, id="c", spun=True, spin_score=0.8)).startswith(
        "The copy is spun (spin score 0.8)")
    assert explain(base, dict(base, id="c", text=" ".join(["word"] * 50))) == (
        "The canonical's text is longer: 100 words against 50.")
    assert explain(base, dict(base, id="c", text=" ".join(["word"] * 95))).startswith(
        "The canonical is dated earlier") is False      # 95 vs 100 words: same ~10% step
    assert explain(base, dict(base, id="c", date="2024-01-03")) == (
        "The canonical is dated earlier: 2024-01-02 against 2024-01-03.")
    assert explain(base, dict(base, id="a")).startswith("By these records the copy ranks ahead: "
                                                        "it has the smaller id")


def test_histograms():
    assert size_histogram([1, 1, 3, 12, 250]) == [
        ("1", 2), ("2", 0), ("3", 1), ("4", 0), ("5\u20139", 0), ("10\u201319", 1),
        ("20\u201349", 0), ("50\u201399", 0), ("100+", 1)]
    sims = similarity_histogram([0.15, 0.5, 0.55, 0.9999, 1.0])
    assert dict(sims) == {**{f"{k / 10:.1f}": 0 for k in range(10)},
                          "0.1": 1, "0.5": 2, "0.9": 2}


def test_utf16_offsets_count_astral_characters_twice():
    text = "\U0001F600\U0001F600 ab"
    assert [utf16_offset(text, k) for k in range(5)] == [0, 2, 4, 5, 6]
