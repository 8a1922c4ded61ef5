"""Reading the review's inputs: one clear line per problem, index reports too."""
from __future__ import annotations

import json

import pytest

from handmade import write_handmade, write_jsonl
from normtool.errors import InputError
from normtool.review.load import load


def _lines(path, *lines):
    path.write_bytes(b"".join(lines))
    return path


@pytest.mark.parametrize("raw, message", [
    (b'{"id": "a", "text": "x"}\n{"id": "b", "text": \n', "corpus.jsonl:2: malformed JSON"),
    (b'{"id": "a", "text": "x"}\n\n[1, 2]\n', "corpus.jsonl:3: not a JSON object"),
    (b'{"text": "x"}\n', 'corpus.jsonl:1: "id" missing or not a string'),
    (b'{"id": "a"}\n', 'corpus.jsonl:1: "text" missing or not a string'),
    (b'{"id": "a", "text": "\xff"}\n', "corpus.jsonl:1: invalid UTF-8"),
    (b'{"id": "a", "text": "x", "duplicates": [{"id": "b"}]}\n{"id": "b", "text": "y"}\n',
     "corpus.jsonl:2: id 'b' already listed on line 1"),
    (b'{"id": "a", "text": "x", "duplicates": ["b"]}\n',
     'corpus.jsonl:1: "duplicates" is not a list of objects with an "id"'),
    (b'{"id": "a", "text": "x", "x": ' + b"[" * 3000 + b"]" * 3000 + b'}\n',
     "corpus.jsonl:1: malformed JSON: nested too deeply"),
    (b'{"id": "a", "text": "x", "spin_score": NaN}\n', "corpus.jsonl:1: malformed JSON"),
])
def test_bad_corpus_lines_name_file_and_line(tmp_path, raw, message):
    path = _lines(tmp_path / "corpus.jsonl", raw)
    with pytest.raises(InputError) as err:
        load(str(path))
    assert str(err.value).startswith(str(tmp_path / message))


def test_missing_file_is_one_line(tmp_path):
    with pytest.raises(InputError, match="nope.jsonl: cannot read"):
        load(str(tmp_path / "nope.jsonl"))


def test_handmade_inputs_load(tmp_path):
    paths = write_handmade(tmp_path)
    data = load(str(paths["corpus"]), report=str(paths["report"]), clean=str(paths["clean"]),
                rejects=str(paths["rejects"]))
    assert [r["id"] for r in data.corpus] == ["harbour-1", "budget-1", "vote-1", "lone-1"]
    assert sorted(data.records) == sorted(
        ["harbour-2", "harbour-3", "harbour-4", "</script><script>window.__pwned='id'</script>"])
    assert data.rejects == 2
    assert data.clean_total == 8 and data.clean_unaccounted == 0


def test_report_from_another_run_is_refused(tmp_path):
    paths = write_handmade(tmp_path)
    lines = paths["report"].read_text().splitlines()
    first = json.loads(lines[0])
    first["members"] = first["members"][:2]           # one copy fewer than the corpus
    lines[0] = json.dumps(first)
    paths["report"].write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"report.jsonl:1: cluster of 'harbour-1' has 1 copies "
                                         r"here and 3 in the corpus"):
        load(str(paths["corpus"]), report=str(paths["report"]))


def test_index_report_lines_are_counted_not_refused(tmp_path):
    """A dedup --index run reports copies of earlier stories and seen articles."""
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": "new-1", "text": "a new story", "cluster": "c1", "duplicates": []}])
    report = write_jsonl(tmp_path / "report.jsonl", [
        {"cluster": "c1", "canonical": "new-1", "size": 1,
         "members": [{"id": "new-1", "relation": "canonical", "similarity": 1.0}]},
        {"cluster": "c0", "canonical": "old-1", "indexed": True,
         "duplicates": [{"id": "late-1", "relation": "near", "similarity": 0.8}]},
        {"id": "old-2", "seen": True, "cluster": "c9", "canonical": "old-2"}])
    clean = write_jsonl(tmp_path / "clean.jsonl", [
        {"id": "new-1", "text": "a new story"}, {"id": "late-1", "text": "a late copy"},
        {"id": "old-2", "text": "seen before"}, {"id": "stray", "text": "not anywhere"}])
    data = load(str(corpus), report=str(report), clean=str(clean))
    assert data.indexed == [{"cluster": "c0", "canonical": "old-1",
                             "members": [{"id": "late-1", "relation": "near",
                                          "similarity": 0.8}]}]
    assert data.seen == {"old-2"}
    assert data.records["late-1"]["text"] == "a late copy"
    assert data.clean_unaccounted == 1               # "stray"


def test_clean_file_with_a_repeated_id(tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [{"id": "a", "text": "x"}])
    clean = write_jsonl(tmp_path / "clean.jsonl", [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}])
    with pytest.raises(InputError, match=r"clean.jsonl:2: repeated id 'a' \(first on line 1\)"):
        load(str(corpus), clean=str(clean))


def test_gzipped_inputs_are_read_as_the_other_commands_read_them(tmp_path):
    """dedup and clean write gzip for a name ending in .gz: review reads it
    back (by name, or by content under any other name)."""
    import gzip
    paths = write_handmade(tmp_path)
    packed = {}
    for key, path in paths.items():
        name = path.name + ".gz" if key != "rejects" else "rejects-packed"
        packed[key] = tmp_path / name
        packed[key].write_bytes(gzip.compress(path.read_bytes()))
    plain = load(str(paths["corpus"]), report=str(paths["report"]), clean=str(paths["clean"]),
                 rejects=str(paths["rejects"]))
    data = load(str(packed["corpus"]), report=str(packed["report"]),
                clean=str(packed["clean"]), rejects=str(packed["rejects"]))
    assert data == plain and data.rejects == 2
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(paths["corpus"].read_bytes())[:-20])
    with pytest.raises(InputError, match=r"cut.jsonl.gz: damaged gzip data"):
        load(str(cut))


def test_a_line_over_the_limit_is_one_line_and_read_no_further(tmp_path, monkeypatch):
    """Review reads lines up to the length the other commands read by default
    (shrunk here): a longer one is an error, but only counted in rejects."""
    import normtool.review.load as load_module
    monkeypatch.setattr(load_module, "LINE_LIMIT", 1000)
    long = json.dumps({"id": "b", "text": "x" * 5000}).encode() + b"\n"
    corpus = _lines(tmp_path / "corpus.jsonl", b'{"id": "a", "text": "x"}\n', long)
    with pytest.raises(InputError) as err:
        load(str(corpus))
    assert str(err.value) == f"{corpus}:2: line too long: more than 1000 bytes"
    ok = _lines(tmp_path / "ok.jsonl", b'{"id": "a", "text": "x"}\n')
    rejects = _lines(tmp_path / "rejects.jsonl", b'{"source": "f:1", "raw": null}\n', long)
    assert load(str(ok), rejects=str(rejects)).rejects == 2
