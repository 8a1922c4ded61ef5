"""Fingerprints: matching text, stable hashes, datasketch-compatible signatures."""
import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings, strategies as st

from normtool.article import Article
from normtool.dedup.boilerplate import boilerplate_lines, strip_lines
from normtool.dedup.fingerprint import Fingerprint, fingerprints
from normtool.dedup.matchtext import anchor_tokens, match_tokens
from normtool.dedup.minhash import shingle_hashes, signatures, token_hashes


def test_match_tokens_fold_spelling_numbers_and_forms():
    uk = match_tokens("The organisation's colour programme rose 12 per cent to 1,500 mln.")
    us = match_tokens("The organization\u2019s color program rose 12 percent to 1500 million.")
    assert uk == us


def test_match_tokens_drop_honorifics_and_case():
    assert match_tokens("Mr Zelensky said") == match_tokens("zelensky SAID")


def test_anchor_tokens_skip_sentence_openers():
    # "Moreover" and "Acme" open sentences (a spinner may swap an opener)
    assert anchor_tokens("Moreover the firm said. Acme Corp sold 3 units to Boeing.") == [
        "corp", "3", "boeing"]


def test_token_hashes_are_stable_across_processes():
    code = ("from normtool.dedup.minhash import token_hashes;"
            "print(int(token_hashes(['reuters'])[0]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert int(out) == int(token_hashes(["reuters"])[0])


def test_signatures_match_datasketch_minhash():
    sets = [np.unique(shingle_hashes(token_hashes("a b c d e f g h".split()), 3)),
            np.unique(shingle_hashes(token_hashes("x y z".split()), 2)),
            np.empty(0, dtype=np.uint64)]
    sigs = signatures(sets, 64)
    for s, sig in zip(sets[:2], sigs):
        m = MinHash(num_perm=64, hashfunc=lambda v: v)
        m.update_batch([int(v) & 0xFFFFFFFF for v in s])
        assert np.array_equal(m.hashvalues, sig)
    assert (sigs[2] == 0xFFFFFFFF).all()


def test_fingerprint_round_trips_through_bytes():
    art = Article(id="x1", text="Acme Corp said on Monday it sold 1,200 tonnes of copper to China.",
                  title="Acme", date="2024-01-02")
    fp = fingerprints([art])[0]
    back = Fingerprint.from_bytes(fp.to_bytes())
    assert back == fp
    assert back.id == "x1" and back.date == "2024-01-02"
    assert np.array_equal(back.sig, fp.sig)
    assert len(back.lead) == min(12, len(fp.shingles)) and np.array_equal(back.lead, fp.lead)


def test_lead_is_the_opening_and_older_payloads_still_read():
    import struct
    from normtool.dedup.verify import scores
    story = ("Acme Corp said on Monday it sold 1,200 tonnes of copper to China at a record price. "
             "The sale was the largest this year, traders said.")
    later = ("Copper prices rose in London trading on Tuesday after the news of the sale. "
             "The sale was the largest this year, traders said.")
    full, tail = fingerprints([Article(id="a", text=story), Article(id="b", text=later)])
    assert set(full.lead.tolist()) <= set(full.shingles.tolist())
    assert scores(full, tail)["lead"] == 0.0         # b's opening is not in a
    assert scores(full, tail)["containment"] > 0.3   # though it has a's second sentence
    # a payload written before the lead existed: the same arrays, nothing after
    data = full.to_bytes()
    old = data[:len(data) - 4 - 8 * len(full.lead) - 4 - 4]   # (lead, stock, relayed)
    back = Fingerprint.from_bytes(old)
    assert len(back.lead) == 0 and np.array_equal(back.shingles, full.shingles)
    longer = fingerprints([Article(id="c", text=story + " More to come.")])[0]
    assert scores(back, longer)["lead"] == 1.0       # unknown opening: no test


def test_stock_lines_are_counted_and_round_trip():
    """The furniture lines left out of a fingerprint are counted (the
    canonical choice prefers fewer), kept in the payload, and 0 in a
    payload written before the count existed."""
    from normtool.dedup.boilerplate import line_key
    text = ("Acme Corp said on Monday it sold 1,200 tonnes of copper to China.\n\n"
            "More from The Ledger\n\nSign up for our newsletter")
    boiler = {line_key("More from The Ledger"), line_key("Sign up for our newsletter")}
    fp = fingerprints([Article(id="a", text=text)], boilerplate=boiler)[0]
    assert fp.stock == 2
    data = fp.to_bytes()
    assert Fingerprint.from_bytes(data).stock == 2
    before = Fingerprint.from_bytes(data[:-8])       # (stock, relayed)
    assert before.stock == 0 and np.array_equal(before.lead, fp.lead)


def test_the_relay_grade_round_trips_and_is_unknown_in_older_payloads():
    """``relayed`` (the canonical choice prefers the agency's own copy) is
    kept in the payload after the stock count, and 1 (unknown) in a payload
    written before it existed."""
    own = Article(id="a", text="Acme Corp said on Monday it sold copper to China.",
                  dateline="LONDON (Reuters) -", url="https://www.reuters.com/markets/acme")
    relay = Article(id="b", text=own.text, credits=["Story by Reuters"])
    fa, fb = fingerprints([own, relay])
    assert (fa.relayed, fb.relayed) == (0, 2)
    data = fa.to_bytes()
    assert Fingerprint.from_bytes(data).relayed == 0 and Fingerprint.from_bytes(data) == fa
    before = Fingerprint.from_bytes(data[:-4])
    assert before.relayed == 1 and before.stock == fa.stock


def test_boilerplate_threshold_grows_with_the_batch(monkeypatch):
    from normtool import settings
    from normtool.dedup.boilerplate import line_threshold
    assert line_threshold(1000, 3) == 3 and line_threshold(100_000, 3) == 50
    assert line_threshold(100_000, 0) == 0
    texts = [f"Call us now\n\nStory {i} is about item {i}." for i in range(5)]
    assert boilerplate_lines(texts, 3)                   # 5 of 5 texts
    monkeypatch.setattr(settings, "MATCH", settings.MATCH._replace(boilerplate_share=0.2))
    assert boilerplate_lines(texts, 3)                   # 5 >= 20% of 5
    assert not boilerplate_lines(texts[:2] + [f"Story {i}." for i in range(30)], 2)  # 2 < 20% of 32


def test_fingerprinting_never_changes_the_article():
    art = Article(id="a", text="Colour  TV sales rose 5 per cent.\n\nMore text here.")
    before = art.to_json()
    fingerprints([art])
    assert art.to_json() == before


def test_boilerplate_lines_found_and_stripped():
    texts = [f"Subscribe to our newsletter\n\nStory number {i} is about {i} things." for i in range(4)]
    boiler = boilerplate_lines(texts, 3)
    stripped = strip_lines(texts[0], boiler)
    assert "Subscribe" not in stripped and "Story number 0 is about 0 things." in stripped
    assert strip_lines("Subscribe to our newsletter", boiler) == "Subscribe to our newsletter"


# ------------------------------------------------------ batch computation (#7)
def _batch_articles():
    import json
    from pathlib import Path
    fix = Path(__file__).parent / "fixtures" / "syndicated.jsonl"
    arts = [Article.from_dict(json.loads(line)) for line in fix.read_text().splitlines()]
    # Edge cases: texts shorter than a shingle, no words, no anchors, non-ASCII.
    arts += [Article(id="one", text="Hello"), Article(id="two", text="Two words"),
             Article(id="none", text="... !!"), Article(id="lower", text="all lower case words here"),
             Article(id="uni", text="Der Bürgermeister von Köln sagte am Montag, 1.500 Euro."),
             Article(id="dash", text="Totals: 12-3 and 6 - 3 / 8; U.S. oil rose 2.5%.")]
    return arts


def test_fingerprints_do_not_depend_on_blocks_or_workers():
    arts = _batch_articles()
    boiler = boilerplate_lines((a.text for a in arts), 3)
    base = [fp.to_bytes() for fp in fingerprints(arts, boilerplate=boiler, common_docs=3)]
    for jobs, block in ((1, 1), (1, 7), (2, 5)):
        got = fingerprints(arts, boilerplate=boiler, common_docs=3, jobs=jobs, block=block)
        assert [fp.to_bytes() for fp in got] == base


def test_batch_fingerprint_equals_article_alone_without_batch_statistics():
    """With no batch statistics, an article's fingerprint is its own."""
    arts = _batch_articles()
    together = fingerprints(arts)
    for art, fp in zip(arts, together):
        alone = fingerprints([art])[0]
        assert alone == fp
        th = token_hashes(match_tokens(art.text))
        assert np.array_equal(fp.words, np.unique(th))
        assert np.array_equal(fp.shingles, np.unique(shingle_hashes(th, 3)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("aZ09 .,-/%'\"!?:;(\n\t_") + ["Ab", "ab", "U.S.", "eBay"]),
                max_size=40).map("".join))
def test_ascii_patterns_match_unicode_patterns(text):
    from normtool.dedup import matchtext as F
    assert F._TOKEN_ASCII.findall(text.casefold()) == F._TOKEN.findall(text.casefold())
    if "_" not in text and not F._ANCHOR_ASCII_UNSAFE.search(text):
        assert F._anchor_words_ascii(text) == F._anchor_words(text)
    assert anchor_tokens(text) == F.anchors_folded(F.fold(text)) == anchor_tokens(text + " ")


# ------------------------------------------------- --match-words files checked
BAD_WORD_FILES = [
    (b"\xff\n", r": cannot read match-words file: 'utf-8' codec can't decode"),
    (b"# mine\nfoo\n", r":2: need 'FROM<TAB>TO': two tab-separated columns, not 1"),
    (b"a\tb\tc\n", r":1: need 'FROM<TAB>TO': two tab-separated columns, not 3"),
    (b"\tpercent\n", r":1: need 'FROM<TAB>TO': a column is empty"),
    (b"per cent nt\tpercent\n", r":1: FROM is one or two words, not 3"),
    (b"mr.\t-\n", r":1: 'mr\.' is no word the matcher sees"),
    (b"colour\tcolor x\n", r":1: TO is one word, or - to drop FROM"),
]


@pytest.mark.parametrize("content, message", BAD_WORD_FILES)
def test_a_bad_match_words_file_is_named_with_its_line(tmp_path, content, message):
    import re
    from normtool.dedup.matchtext import MatchWordsError, word_table
    path = tmp_path / "mw.tsv"
    path.write_bytes(content)
    with pytest.raises(MatchWordsError, match="^" + re.escape(str(path)) + message):
        word_table((str(path),))


def test_match_words_files_fold_one_and_two_words_and_the_shipped_tables_pass(tmp_path):
    from normtool.dedup.matchtext import read_word_table
    from normtool.data import read_text
    mine = tmp_path / "mw.tsv"
    mine.write_text("# mine\nColour\tHue  # a comment\nper  cent\tpct\nsaid\t-\n\n",
                    encoding="utf-8")
    assert match_tokens("The colour rose 5 per cent, he said", (str(mine),)) == [
        "the", "hue", "rose", "5", "pct", "he"]
    assert read_word_table(read_text("spelling.tsv"), "spelling.tsv")
