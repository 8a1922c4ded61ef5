"""Dedup end to end: a small syndicated set, the seeds, the CLI and --report."""
import itertools
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtool.article import Article
from normtool.cli import main
from normtool.dedup import cluster_id, dedup_articles, report_line
from normtool.options import DedupOptions

FIX = Path(__file__).parent / "fixtures" / "syndicated.jsonl"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def load():
    return [json.loads(line) for line in FIX.read_text().splitlines()]


def members(records):
    return {r.id: [r.id] + [d["id"] for d in r.duplicates] for r in records}


def pairs(groups):
    return {p for g in groups for p in itertools.combinations(sorted(g), 2)}


@pytest.fixture(scope="module")
def syndicated():
    rows = load()
    arts = [Article.from_dict(r) for r in rows]
    return rows, arts, list(dedup_articles(arts))


def test_syndicated_copies_grouped_without_false_merges(syndicated):
    rows, _, out = syndicated
    story = {r["id"]: r["story"] for r in rows}
    truth = {}
    for r in rows:
        truth.setdefault(r["story"], []).append(r["id"])
    pred, true = pairs(members(out).values()), pairs(truth.values())
    assert pred <= true                      # no different stories merged
    assert len(pred & true) >= 0.95 * len(true)
    assert len({story[r.id] for r in out}) == len(out)


def test_every_id_exactly_once(syndicated):
    rows, _, out = syndicated
    seen = [i for g in members(out).values() for i in g]
    assert sorted(seen) == sorted(r["id"] for r in rows)


def test_canonicals_in_input_order_with_stable_cluster(syndicated):
    rows, _, out = syndicated
    order = {r["id"]: k for k, r in enumerate(rows)}
    assert [order[r.id] for r in out] == sorted(order[r.id] for r in out)
    assert all(r.cluster == cluster_id(r.id) for r in out)


def test_duplicates_carry_relation_and_similarity(syndicated):
    _, _, out = syndicated
    dups = [d for r in out for d in r.duplicates]
    assert {d["relation"] for d in dups} <= {"exact", "near", "contained", "spun"}
    assert {"contained", "near"} <= {d["relation"] for d in dups}
    assert all(0 < d["similarity"] <= 1 for d in dups)
    for r in out:
        sims = [(-d["similarity"], d["id"]) for d in r.duplicates]
        assert sims == sorted(sims)


def test_spun_copies_join_their_source(syndicated):
    rows, _, out = syndicated
    where = {i: c for c, g in members(out).items() for i in g}
    story_of = {r["id"]: r["story"] for r in rows}
    for r in rows:
        if r["made"] == "spun_heavy":
            assert story_of[where[r["id"]]] == r["story"]


def test_same_result_for_shuffled_input(syndicated):
    _, arts, out = syndicated
    shuffled = list(arts)
    random.Random(3).shuffle(shuffled)
    again = list(dedup_articles(shuffled))
    assert sorted(map(sorted, members(again).values())) == sorted(map(sorted, members(out).values()))
    assert [r.to_json() for r in dedup_articles(arts)] == [r.to_json() for r in out]


def test_output_text_is_untouched(syndicated):
    _, arts, out = syndicated
    by_id = {a.id: a for a in arts}
    assert all(r.text == by_id[r.id].text for r in out)


def test_five_seeds_are_five_stories():
    arts = [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    out = list(dedup_articles(arts))
    assert len(out) == 5 and all(r.duplicates == [] for r in out)


def test_rerun_on_own_output_keeps_duplicates(syndicated):
    _, arts, out = syndicated
    again = list(dedup_articles(out))
    assert members(again) == members(out)


def test_report_line_lists_all_members(syndicated):
    _, _, out = syndicated
    big = max(out, key=lambda r: len(r.duplicates))
    line = report_line(big)
    assert line["canonical"] == big.id and line["size"] == len(big.duplicates) + 1
    assert line["members"][0] == {"id": big.id, "relation": "canonical", "similarity": 1.0}


def test_cli_dedup_with_report(tmp_path):
    out, rep = tmp_path / "out.jsonl", tmp_path / "rep.jsonl"
    res = CliRunner().invoke(main, ["dedup", str(FIX), "-o", str(out), "--report", str(rep), "-q"])
    assert res.exit_code == 0, res.output
    records = [json.loads(x) for x in out.read_text().splitlines()]
    report = [json.loads(x) for x in rep.read_text().splitlines()]
    assert len(report) == len(records)
    assert sum(r["size"] for r in report) == len(load())
    assert all("cluster" in r and "duplicates" in r for r in records)


def test_cli_options_change_behaviour(tmp_path):
    strict = CliRunner().invoke(main, ["dedup", str(FIX), "-q", "--threshold", "1.0",
                                       "--num-perm", "64", "--shingle-size", "4"])
    loose = CliRunner().invoke(main, ["dedup", str(FIX), "-q"])
    assert strict.exit_code == 0 and loose.exit_code == 0
    assert len(strict.output.splitlines()) >= len(loose.output.splitlines())
    bad = CliRunner().invoke(main, ["dedup", str(FIX), "--bands", "40", "--rows", "4"])
    assert bad.exit_code != 0


def test_bands_and_rows_are_used():
    arts = [Article.from_dict(r) for r in load()]
    a = members(dedup_articles(arts, DedupOptions(bands=16, rows=8)))
    b = members(dedup_articles(arts))
    assert a == b


# ---------------------------------------------------------- batch LSH (#7)
def _datasketch_candidates(fps, options):
    """The oracle: one datasketch MinHashLSH per signature (whole text, head,
    anchors) with dedup's bands and rows, one insert/query per article."""
    from datasketch import LeanMinHash, MinHashLSH
    from normtool.dedup.candidates import lsh_params
    from normtool.dedup.minhash import SCHEME, SEED
    lshs = [MinHashLSH(num_perm=options.num_perm, params=p) for p in lsh_params(options)]

    def sketches(fp):
        for lsh, sig, used in zip(lshs, (fp.sig, fp.head_sig, fp.anchor_sig),
                                  (len(fp.shingles), len(fp.shingles), len(fp.anchors))):
            if used:
                yield lsh, LeanMinHash(seed=SEED, hashvalues=sig, scheme=SCHEME)

    for fp in fps:
        for lsh, mh in sketches(fp):
            lsh.insert(fp.id, mh, check_duplication=False)
    return {fp.id: set().union(*(lsh.query(mh) for lsh, mh in sketches(fp))) for fp in fps}


@pytest.mark.parametrize("options", [DedupOptions(), DedupOptions(threshold=0.3),
                                     DedupOptions(bands=32, rows=4)])
def test_batch_candidates_equal_datasketch_lsh(options, monkeypatch):
    """Without the caps and the skeleton paths (tested in test_candidates) the
    buckets are datasketch's."""
    from normtool import settings
    from normtool.dedup.candidates import BatchCandidates
    from normtool.dedup.fingerprint import fingerprints
    monkeypatch.setattr(settings, "MATCH", settings.MATCH._replace(skeleton_bands=0,
                                                                   skeleton_head_bands=0))
    capped = BatchCandidates(fingerprints([Article.from_dict(r) for r in load()],
                                          options.num_perm, options.shingle_size), options)
    monkeypatch.setattr(settings, "MATCH", settings.MATCH._replace(
        bucket_cap=10**6, max_partners=10**6, weak_partners=10**6))
    rows = load()
    arts = [Article.from_dict(r) for r in rows]
    arts.append(Article(id="empty", text="..."))          # no shingles, no anchors
    fps = fingerprints(arts, options.num_perm, options.shingle_size)
    want = _datasketch_candidates(fps, options)
    batch = BatchCandidates(fps, options)
    assert all(batch.query(fp) == set() for fp in fps)    # nothing inserted yet
    for fp in fps:
        batch.insert(fp)
    got = {fp.id: batch.query(fp) for fp in fps}
    assert got == want
    assert sum(len(v) > 1 for v in got.values()) > 5      # the fixture has real candidates
    for fp in fps[:-1]:
        capped.insert(fp)
    fewer = {fp.id: capped.query(fp) for fp in fps[:-1]}
    assert all(fewer[i] <= want[i] for i in fewer)        # the caps only leave pairs out


def test_batch_candidates_only_return_inserted_ids():
    from normtool.dedup.candidates import BatchCandidates
    from normtool.dedup.fingerprint import fingerprints
    text = "The central bank raised its key interest rate by half a point on Tuesday, " * 4
    fps = fingerprints([Article(id=i, text=text + i) for i in ("a", "b", "c")])
    batch = BatchCandidates(fps)
    batch.insert(fps[0])
    assert batch.query(fps[2]) == {"a"}
    batch.insert(fps[1])
    assert batch.query(fps[2]) == {"a", "b"}


def test_timed_stages_reports_each_stage():
    from normtool.dedup import timed_stages
    arts = [Article.from_dict(r) for r in load()]
    seconds = timed_stages(arts)
    assert set(seconds) == {"fingerprint", "lsh", "cluster"}
    assert all(v >= 0 for v in seconds.values()) and seconds["fingerprint"] > 0


def test_jobs_give_the_same_output(syndicated):
    _, arts, out = syndicated
    again = list(dedup_articles(arts, DedupOptions(jobs=2)))
    assert [r.to_json() for r in again] == [r.to_json() for r in out]


@pytest.mark.parametrize("index", [False, True])
@pytest.mark.parametrize("content, message", [
    (b"\xff\n", ": cannot read match-words file: 'utf-8' codec can't decode byte 0xff"),
    (b"foo\n", ":1: need 'FROM<TAB>TO': two tab-separated columns, not 1"),
    (b"# 3\ncolour\tcolor\tmore\n", ":2: need 'FROM<TAB>TO': two tab-separated columns, not 3")])
def test_cli_a_bad_match_words_file_is_one_line_and_no_output(tmp_path, index, content, message):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in load()[:4]), encoding="utf-8")
    words = tmp_path / "mw.tsv"
    words.write_bytes(content)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    args = ["dedup", str(src), "-o", str(out), "--match-words", str(words)]
    if index:
        args += ["--index", str(tmp_path / "idx.db")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: {words}{message}")
    assert len(res.stderr.splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert not (tmp_path / "idx.db").exists()


@pytest.mark.parametrize("index", [False, True])
def test_cli_an_id_both_listed_and_a_record_is_a_reject_and_the_corpus_stays_sound(
        tmp_path, index):
    """A lists B as its copy, and B comes again as a record of another story:
    B is set aside (the second occurrence), so every id is once in the corpus
    and ``review`` takes it."""
    a, b, c = load()[:3]
    a = dict(a, duplicates=[{"id": b["id"], "similarity": 0.9, "relation": "near"}])
    b = dict(b, text=c["text"])                   # unrelated to A's story
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in (a, b)), encoding="utf-8")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    extra = ["--index", str(tmp_path / "idx.db")] if index else []
    res = CliRunner().invoke(main, ["dedup", str(src), "-o", str(out), *extra])
    assert res.exit_code == 1 and not out.exists()
    assert res.stderr == (f"Error: {src}:2: duplicate id '{b['id']}' (first seen at {src}:1, "
                          f"in the duplicates of '{a['id']}')\n")
    res = CliRunner().invoke(main, ["dedup", str(src), "-o", str(out), "-q", *extra,
                                    "--on-error", "skip", "--rejects", str(rej)])
    assert res.exit_code == 0
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    ids = [r["id"] for r in recs] + [d["id"] for r in recs for d in r["duplicates"]]
    assert sorted(ids) == sorted({a["id"], b["id"]})
    assert [json.loads(x)["source"] for x in rej.read_text().splitlines()] == [f"{src}:2"]
    res = CliRunner().invoke(main, ["review", str(out), "-o", str(tmp_path / "r.html"), "-q"])
    assert res.exit_code == 0, res.stderr



GERMAN = ["Ein bundesweiter Streik der Lokführergewerkschaft GDL hat am Mittwoch den Bahnverkehr in weiten Teilen Deutschlands lahmgelegt.",
          "Nach Angaben der Deutschen Bahn fielen rund 80 Prozent der Fernzüge aus, auch im Regionalverkehr kam es zu massiven Einschränkungen.",
          "Die Gewerkschaft fordert eine Verkürzung der Wochenarbeitszeit auf 35 Stunden bei vollem Lohnausgleich, was die Bahn bislang ablehnt.",
          "„Wir bedauern die Auswirkungen für unsere Fahrgäste sehr“, sagte ein Bahnsprecher in Berlin. Der Streik soll bis Freitagmorgen andauern.",
          "Pendler wichen auf Autos und Fernbusse aus, auf den Autobahnen rund um München und Frankfurt bildeten sich lange Staus."]


def test_a_raw_page_is_matched_on_its_words_not_its_tags(tmp_path):
    """Two German feed items (their text a page's markup, as the feed reader
    hands it on), the second cut short, given to dedup uncleaned: despun for
    matching with their tags, which counted as English words, the complete
    story was judged spun and the cut copy headed the story."""
    def page(paras, share=""):
        return "<article>" + "".join(f"<p>{p}</p>" for p in paras) + share + "</article>"
    share = '<p>Teilen: <a href="/share/fb">Facebook</a> <a href="/share/x">X</a></p>'
    src = tmp_path / "feeds.jsonl"
    src.write_text(json.dumps({"id": "feed-item", "text": page(GERMAN, share)}) + "\n"
                   + json.dumps({"id": "mirror", "text": page(GERMAN[:3])}) + "\n", encoding="utf-8")
    report = tmp_path / "report.jsonl"
    res = CliRunner().invoke(main, ["dedup", str(src), "-q", "-o", str(tmp_path / "out.jsonl"),
                                    "--report", str(report)])
    assert res.exit_code == 0, res.output
    [story] = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert story["canonical"] == "feed-item"
    assert [(m["id"], m["relation"] == "spun") for m in story["members"]] == [
        ("feed-item", False), ("mirror", False)]
