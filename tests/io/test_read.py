"""Reading hostile input: every bad line is one reject (or one error line),
never a traceback, and a reject keeps the line it came from (issue 13)."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normtool.article import FIELD_ORDER
from normtool.cli import main
from normtool.errors import InputError
from normtool.io import Rejected, read_inputs
from normtool.options import DedupOptions, RunOptions
from normtool.runner import run_clean, run_dedup

TEXT = "Heavy rain flooded parts of the northern valley on Sunday, officials said."
OTHER = "Acme Corp said on Tuesday it would buy Widget Inc for 12 million dollars in cash."


def feed(tmp_path: Path, *lines: str | bytes, name: str = "feed.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n"
                              for x in lines))
    return path


def items(path: Path, **kw) -> list:
    return list(read_inputs([str(path)], **kw))


def line(**fields) -> str:
    return json.dumps(dict({"text": TEXT}, **fields))


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


HOSTILE = [
    ({"title": 2024}, "'title' must be a string or null, not an integer"),
    ({"date": ["x"]}, "'date' must be a string or null, not a list"),
    ({"lang": {"x": 1}}, "'lang' must be a string or null, not an object"),
    ({"id": True}, "'id' must be a string or an integer, not true or false"),
    ({"id": 1.5}, "'id' must be a string or an integer, not a number"),
    ({"id": "  "}, "'id' is empty"),
    ({"credits": [1]}, "'credits[0]' must be a string, not an integer"),
    ({"spun": "yes"}, "'spun' must be true or false or null, not a string"),
    ({"duplicates": [{"id": "x"}]}, "'duplicates[0]' has no 'similarity'"),
    ({"duplicates": [{"id": "x", "similarity": "high"}]},
     "'duplicates[0].similarity' must be a number, not a string"),
    ({"repairs": [{"offset": 1}]}, "'repairs[0]' has no 'from'"),
    ({"removed": ["furniture"]}, "'removed[0]' must be an object, not a string"),
    ({"id": "x" * 5000}, "'id' is longer than 4096 bytes"),
    ({"date": "2" * 70000}, "'date' is longer than 256 bytes"),
    ({"extra": json.loads("[" * 70 + "]" * 70)}, "nested more than 64 levels deep"),
]


@pytest.mark.parametrize("raw,message", [
    ('{"id": "a", "text": null}', "'text' must be a string, not null"),
    ('{"id": ' + "9" * 5000 + ', "text": "x"}', "malformed JSON: an integer with too many digits"),
])
def test_a_reject_says_what_is_wrong_in_the_user_s_terms(tmp_path, raw, message):
    """Not "missing 'text'" for a text that is there, nor Python's advice to call
    sys.set_int_max_str_digits() for an id of 5,000 digits."""
    [rej] = items(feed(tmp_path, raw))
    assert isinstance(rej, Rejected) and (rej.error.line, rej.error.message) == (1, message)


def test_a_file_name_that_is_not_utf8_is_written_as_its_bytes(tmp_path):
    """A Latin-1 name (``caf\\xe9.txt``, from an old archive) gives the id
    ``caf\\xe9`` (as ``ls -b`` shows it); it used to stop the whole run when
    the id was written: "cannot write: ... surrogates not allowed"."""
    folder = tmp_path / "in"
    folder.mkdir()
    latin1 = os.fsdecode(b"caf\xe9")
    (folder / f"{latin1}.txt").write_text(TEXT)
    (folder / f"{latin1}-bad.txt").write_bytes(b"\xff\xfe")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    res = invoke("clean", folder, "--no-despin", "-q", "-o", out, "--on-error", "skip",
                 "--rejects", rej)
    assert res.exit_code == 0, res.output
    [art] = [json.loads(x) for x in out.read_text().splitlines()]
    assert (art["id"], art["source"]) == ("caf\\xe9", f"{folder}/caf\\xe9.txt")
    [bad] = [json.loads(x) for x in rej.read_text().splitlines()]
    assert bad["source"] == f"{folder}/caf\\xe9-bad.txt"
    res = invoke("clean", folder / f"{latin1}-bad.txt", "--no-despin")
    assert res.stderr == f"Error: {folder}/caf\\xe9-bad.txt: invalid UTF-8 at byte 0\n"


@pytest.mark.parametrize("fields,message", HOSTILE)
def test_a_hostile_field_is_a_reject_with_its_reason(tmp_path, fields, message):
    raw = line(id="bad", **fields) if "id" not in fields else line(**fields)
    [rej] = items(feed(tmp_path, raw))
    assert isinstance(rej, Rejected)
    assert (rej.error.line, rej.error.message) == (1, message)
    assert rej.raw == raw


@pytest.mark.parametrize("command", ["clean", "dedup"])
def test_hostile_types_are_one_line_or_a_reject_never_a_traceback(tmp_path, command):
    src = feed(tmp_path, line(id="a"), line(id="t", title=2024, text=OTHER),
               line(id="d", date=["x"]), line(id="l", lang={"x": 1}), line(id=True))
    res = invoke(command, src, "-q")
    assert res.exit_code == 1
    assert res.stderr == f"Error: {src}:2: 'title' must be a string or null, not an integer\n"
    rej = tmp_path / "rejects.jsonl"
    res = invoke(command, src, "-q", "--on-error", "skip", "--rejects", rej)
    assert res.exit_code == 0 and "Traceback" not in res.stderr
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["a"]
    assert [r["source"] for r in map(json.loads, rej.read_text().splitlines())] == \
        [f"{src}:{n}" for n in (2, 3, 4, 5)]


def test_ids_are_text_so_1_and_the_string_1_are_one_id(tmp_path):
    src = feed(tmp_path, line(id=1), line(id="1", text=OTHER), line(id=7))
    first, dup, seven = items(src)
    assert first.id == "1" and seven.id == "7"
    assert isinstance(dup, Rejected)
    assert dup.error.message == (f"duplicate id '1' (first seen at {src}:1); "
                                 "ids are text, so 1 and \"1\" are the same id")
    assert dup.raw == line(id="1", text=OTHER)


def test_integer_ids_inside_duplicates_are_text_too(tmp_path):
    dups = [{"id": 3, "similarity": 0.9, "relation": "near"},
            {"id": "a", "similarity": 0.9, "relation": "near"}]
    src = feed(tmp_path, line(id="x", duplicates=dups))
    res = invoke("dedup", src, "-q")
    assert res.exit_code == 0, res.output
    [rec] = [json.loads(x) for x in res.stdout.splitlines()]
    assert [d["id"] for d in rec["duplicates"]] == ["3", "a"]


def dup(i, similarity=0.9):
    return {"id": i, "similarity": similarity, "relation": "near"}


def test_ids_listed_in_duplicates_count_as_read_so_each_id_stays_once(tmp_path):
    """dedup's output read again: a listed copy is an article of the input too."""
    src = feed(tmp_path,
               line(id="A", duplicates=[dup("B"), dup(7)]),
               line(id="B", text=OTHER),                       # already listed by A
               line(id="C", text=OTHER, duplicates=[dup("7")]),  # lists what A listed
               line(id="D", text=OTHER, duplicates=[dup("A")]),  # lists a record read
               line(id="E", text=OTHER, duplicates=[dup("E")]),  # lists itself
               line(id="F", text=OTHER, duplicates=[dup("G"), dup("G", 0.8)]),
               line(id="H", text=OTHER, duplicates=[dup("I")]))
    got = items(src)
    assert [x.id for x in got if not isinstance(x, Rejected)] == ["A", "H"]
    assert [str(x.error) for x in got if isinstance(x, Rejected)] == [
        f"{src}:2: duplicate id 'B' (first seen at {src}:1, in the duplicates of 'A')",
        f"{src}:3: 'duplicates' lists id '7', first seen at {src}:1, in the duplicates of 'A'",
        f"{src}:4: 'duplicates' lists id 'A', first seen at {src}:1",
        f"{src}:5: 'duplicates' lists its own id",
        f"{src}:6: 'duplicates' lists id 'G' twice"]
    # A rejected record's ids are not taken: F's "G" may still come as a record.
    assert items(feed(tmp_path, line(id="F", duplicates=[dup("G"), dup("G")]),
                      line(id="G", text=OTHER), name="g.jsonl"))[1].id == "G"


def test_a_repeated_id_is_named_where_it_was_read_not_by_its_source_field(tmp_path):
    src = feed(tmp_path, line(id="a", source="x/a.txt"), line(id="a", text=OTHER, source="x/b.txt"))
    assert str(items(src)[1].error) == f"{src}:2: duplicate id 'a' (first seen at {src}:1)"


def test_deep_nesting_is_a_reject_and_the_next_line_is_kept(tmp_path):
    deep = '{"id": "deep", "text": ' + "[" * 5000 + "]" * 5000 + "}"
    src = feed(tmp_path, deep, line(id="ok"))
    rej, ok = items(src)
    assert isinstance(rej, Rejected) and rej.error.message == "malformed JSON: nested too deeply"
    assert ok.id == "ok"
    res = invoke("clean", src, "-q", "--on-error", "skip")
    assert res.exit_code == 0 and [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["ok"]


@pytest.mark.parametrize("raw,message", [
    ('{"id": "s", "text": "bad \\ud800 here"}', "invalid Unicode: a lone surrogate \\ud800"),
    ('{"id": "n", "text": "x", "score": NaN}', "malformed JSON: NaN is not valid JSON"),
    ('{"id": "i", "text": "x", "score": 1e999}', "malformed JSON: number 1e999 is out of range"),
])
def test_json_that_cannot_be_written_back_is_rejected(tmp_path, raw, message):
    [rej] = items(feed(tmp_path, raw))
    assert isinstance(rej, Rejected) and rej.error.message.startswith(message)


def test_a_valid_surrogate_pair_is_one_character(tmp_path):
    [art] = items(feed(tmp_path, '{"id": "e", "text": "smile \\ud83d\\ude00 please"}'))
    assert art.text == "smile \U0001F600 please"


@pytest.mark.parametrize("command", ["clean", "dedup"])
def test_a_lone_surrogate_is_one_line(tmp_path, command):
    src = feed(tmp_path, '{"id": "s", "text": "bad \\ud800 surrogate in the middle of words"}')
    res = invoke(command, src, "-q")
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: {src}:1: invalid Unicode: a lone surrogate")


def test_rejects_keep_the_raw_line_for_duplicates_and_invalid_utf8(tmp_path):
    src = feed(tmp_path, line(id="a"), b'{"id": "caf\xe9", "text": "x"}', line(id="a", text=OTHER))
    txt = tmp_path / "latin1.txt"
    txt.write_bytes(b"caf\xe9 au lait")
    rej = tmp_path / "rejects.jsonl"
    res = invoke("clean", src, txt, "-q", "--on-error", "skip", "--rejects", rej)
    assert res.exit_code == 0
    got = [json.loads(x) for x in rej.read_text().splitlines()]
    assert [(r["source"], r["raw"]) for r in got] == [
        (f"{src}:2", '{"id": "caf\\xe9", "text": "x"}'),
        (f"{src}:3", line(id="a", text=OTHER)),
        (str(txt), "caf\\xe9 au lait"),
    ]
    assert "duplicate id 'a'" in got[1]["error"] and "invalid UTF-8" in got[2]["error"]


def test_an_article_over_max_bytes_is_a_reject(tmp_path):
    big = "word " * 300
    src = feed(tmp_path, line(id="big", text=big), line(id="small"))
    txt = tmp_path / "big.txt"
    txt.write_text(big)
    got = list(read_inputs([str(src), str(txt)], max_bytes=1000))
    assert [type(x).__name__ for x in got] == ["Rejected", "Article", "Rejected"]
    assert got[0].error.message == "article too large: 1500 bytes of text (--max-bytes 1000)"
    assert got[0].raw is None and got[2].error.path == str(txt)
    stdin = list(read_inputs(["-"], stdin=io.BytesIO(big.encode()), max_bytes=1000))
    assert stdin[0].error.message == "article too large: 1500 bytes of text (--max-bytes 1000)"
    assert all(isinstance(x, Rejected) is False for x in read_inputs([str(src)], max_bytes=None))


def test_max_bytes_on_the_command_line(tmp_path):
    src = feed(tmp_path, line(id="big", text="word " * 300), line(id="small"))
    for command in ("clean", "dedup"):
        res = invoke(command, src, "-q", "--max-bytes", "1000")
        assert res.exit_code == 1 and "article too large" in res.stderr
        res = invoke(command, src, "-q", "--max-bytes", "1000", "--on-error", "skip")
        assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["small"]
        assert invoke(command, src, "-q", "--max-bytes", "0").exit_code == 0


def test_gzipped_inputs_read_as_their_inner_format(tmp_path):
    import gzip
    lines = [line(id="a"), line(id="b", text=OTHER)]
    plain = feed(tmp_path, *lines)
    (tmp_path / "d").mkdir()
    packed = tmp_path / "d" / "feed2.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes().replace(b'"a"', b'"c"')
                                     .replace(b'"b"', b'"d"')))
    (tmp_path / "d" / "story.txt.gz").write_bytes(gzip.compress(b'{"looks": "like JSON"}'))
    got = items(tmp_path / "d")                         # a folder finds both
    assert [a.id for a in got] == ["c", "d", "story"]
    assert [a.text for a in got[:2]] == [TEXT, OTHER]
    assert got[0].source.endswith("feed2.jsonl.gz:1")
    assert got[2].text == '{"looks": "like JSON"}'     # .txt.gz: plain text, as .txt
    # Read by content (stdin, a file without suffix): gzip data is decompressed first.
    stdin = list(read_inputs(["-"], stdin=io.BytesIO(gzip.compress(plain.read_bytes()))))
    assert [a.id for a in stdin] == ["a", "b"]
    nameless = tmp_path / "xaa"
    nameless.write_bytes(gzip.compress(plain.read_bytes()))
    assert [a.id for a in items(nameless)] == ["a", "b"]
    # max_bytes holds for a gzipped text, whose size is known only once read.
    big = tmp_path / "big.txt.gz"
    big.write_bytes(gzip.compress(b"word " * 300))
    assert items(big, max_bytes=1000)[0].error.message == \
        "article too large: 1500 bytes of text (--max-bytes 1000)"


def test_damaged_gzip_is_one_reject_naming_the_file_and_earlier_lines_are_kept(tmp_path):
    import gzip
    body = b"".join((line(id=f"n{i}", text=f"{TEXT} Story {i}.") + "\n").encode()
                    for i in range(3000))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(body)[:-2000])
    got = items(cut)
    assert isinstance(got[-1], Rejected) and got[-1].error.path == str(cut)
    assert got[-1].error.message.startswith("damaged gzip data")
    assert len(got) > 1 and all(not isinstance(x, Rejected) for x in got[:-1])
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_bytes(b"not gzip at all\n")
    res = invoke("clean", fake, "-q")
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1
    assert str(fake) in res.stderr and "damaged gzip data" in res.stderr


# ------------------------------------------------------------------ properties
# Arbitrary JSON in every field: the readers never raise, and what they accept
# goes through clean and dedup (one-shot and indexed) without raising either.
# Each field holds a value of its own type most of the time and anything at
# all otherwise, so both the rejects and the steps after reading are exercised.
chars = st.characters(exclude_categories=())          # surrogates included
scalars = st.one_of(st.none(), st.booleans(), st.integers(),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(chars, max_size=20))
json_values = st.recursive(
    scalars, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                    st.dictionaries(st.text(chars, max_size=6), kids, max_size=3)),
    max_leaves=8)
PLAUSIBLE = {
    "id": st.one_of(st.text(max_size=8), st.integers(-5, 5)),
    "text": st.sampled_from([TEXT, OTHER, TEXT + "\n\n" + OTHER, OTHER.upper(),
                             "Share on Facebook\n\nAdvertisement", "\x00\x00", " "]),
    "date": st.sampled_from([None, "2024-10-25", "26-FEB-1987 15:01:01.79", "soon", ""]),
    "credits": st.one_of(st.text(max_size=10), st.lists(st.text(max_size=10), max_size=2)),
    "lang_confidence": st.one_of(st.none(), st.floats(0, 1)),
    "spun": st.one_of(st.none(), st.booleans()),
    "spin_score": st.one_of(st.none(), st.floats(0, 1), st.integers(0, 1)),
    "duplicates": st.lists(st.fixed_dictionaries(
        {"id": st.one_of(st.text(min_size=1, max_size=5), st.integers(0, 9)),
         "similarity": st.one_of(st.floats(0, 1), st.integers(0, 1))},
        optional={"relation": st.sampled_from(["near", "exact", None])}), max_size=2),
    "repairs": st.lists(st.fixed_dictionaries(
        {"offset": st.integers(-3, 300), "from": st.text(max_size=5), "to": st.text(max_size=5),
         "rule": st.text(max_size=5)},
        optional={"field": st.sampled_from(["credits.0", "credits.9", "title", "nope", ""])}),
        max_size=2),
    "removed": st.lists(st.fixed_dictionaries({"rule": st.text(max_size=5),
                                               "text": st.text(max_size=10)}), max_size=2),
}
FIELDS = list(FIELD_ORDER) + ["story", "x"]


def field_value(name: str):
    own = PLAUSIBLE.get(name, st.one_of(st.none(), st.text(max_size=20)))
    return st.integers(0, 5).flatmap(lambda k: json_values if k == 0 else own)


record = st.fixed_dictionaries({"text": field_value("text")},
                               optional={f: field_value(f) for f in FIELDS if f != "text"})
batch = st.lists(st.tuples(record, st.booleans()), min_size=1, max_size=4).map(
    lambda rows: b"".join(json.dumps(r, ensure_ascii=a).encode("utf-8", "surrogatepass") + b"\n"
                          for r, a in rows))


def _run(fn, data: bytes, **kw) -> tuple[str, object]:
    out = io.StringIO()
    try:
        summary = fn(["-"], None, run=RunOptions(on_error="skip"), stdin=io.BytesIO(data),
                     stdout=out, **kw)
    except InputError as exc:    # every line was rejected: nothing to work on
        assert "no articles found" in str(exc) or "empty input" in str(exc)
        return "", None
    for text in out.getvalue().splitlines():     # no record is split by a line splitter
        json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} written"))
    return out.getvalue(), summary


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch)
def test_arbitrary_json_in_every_field_never_raises(data):
    got = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert all(isinstance(x, Rejected) or x.id for x in got)
    cleaned, summary = _run(run_clean, data)
    if summary is not None:
        assert summary.read == summary.written + summary.rejected
    _run(run_dedup, data)
    _run(run_dedup, data, options=DedupOptions(index=":memory:"))
    if cleaned:
        _run(run_dedup, cleaned.encode())


# ------------------------------------------------------------------ bounded reading
# An item over --max-bytes is a reject read in bounded memory: no read of an input
# returns more than a line's limit (16 x --max-bytes + 1 MiB: room for escapes and
# a record's other fields), whatever the line or text (/dev/zero, a gzip bomb).
LIMIT = 16 * 1000 + (1 << 20)       # the line limit at --max-bytes 1000
BIG = 3_000_000                     # bytes of one line or text: far over it


@pytest.fixture
def longest(monkeypatch):
    """``longest.most``: the most bytes one read of an input returned (files,
    gzip data, ``longest.stdin(data)``)."""
    import gzip

    import normtool.io.read as read_module

    class Seen:
        most = 0

        @staticmethod
        def stdin(data: bytes):
            return File(io.BytesIO(data))

    def record(fn):
        def wrapped(self, *args):
            got = fn(self, *args)
            Seen.most = max(Seen.most, len(got))
            return got
        return wrapped

    class File(io.BufferedReader):
        readline = record(io.BufferedReader.readline)
        read = record(io.BufferedReader.read)

    monkeypatch.setattr(read_module, "open", lambda path, mode: File(io.FileIO(path)),
                        raising=False)
    monkeypatch.setattr(gzip.GzipFile, "readline", record(gzip.GzipFile.readline))
    monkeypatch.setattr(gzip.GzipFile, "read", record(gzip.GzipFile.read))
    return Seen


def big_feed() -> bytes:
    """Three lines; the second is a 3 MB article (no newline inside it)."""
    big = '{"id": "big", "text": "' + "a" * BIG + '"}'
    return (line(id="a") + "\n" + big + "\n" + line(id="b", text=OTHER) + "\n").encode()


LONG_LINE = f"article too large: a line of more than {LIMIT} bytes (--max-bytes 1000)"


@pytest.mark.parametrize("name,packed", [("feed.jsonl", False), ("feed.jsonl.gz", True),
                                         ("xaa", False), ("xab", True), ("-", False),
                                         ("-", True)])
def test_a_line_over_the_limit_is_one_reject_in_bounded_memory(tmp_path, longest, name, packed):
    import gzip
    data = gzip.compress(big_feed(), 1) if packed else big_feed()
    if name == "-":
        got = list(read_inputs(["-"], stdin=longest.stdin(data), max_bytes=1000))
        where = "-"
    else:
        (tmp_path / name).write_bytes(data)
        got = items(tmp_path / name, max_bytes=1000)
        where = str(tmp_path / name)
    assert longest.most <= LIMIT + 1
    a, rej, b = got
    assert (a.id, b.id) == ("a", "b")               # the lines after it are read
    assert isinstance(rej, Rejected) and rej.raw is None
    assert (rej.error.path, rej.error.line, rej.error.message) == (where, 2, LONG_LINE)


@pytest.mark.parametrize("name,packed", [("xaa", False), ("xab", True), ("-", False),
                                         ("-", True), ("big.txt.gz", True)])
def test_a_text_over_the_limit_is_one_reject_in_bounded_memory(tmp_path, longest, name, packed):
    import gzip
    data = b"word " * (BIG // 5)                   # one line, no end
    data = gzip.compress(data, 1) if packed else data
    if name == "-":
        [rej] = read_inputs(["-"], stdin=longest.stdin(data), max_bytes=1000)
    else:
        (tmp_path / name).write_bytes(data)
        [rej] = items(tmp_path / name, max_bytes=1000)
    assert longest.most <= LIMIT + 1
    assert isinstance(rej, Rejected) and rej.error.line is None
    assert rej.error.message == (f"article too large: more than {LIMIT} bytes of text "
                                 "(--max-bytes 1000)")


def test_every_command_reads_a_long_line_as_one_reject(tmp_path, longest):
    """clean, dedup, despin and clean --sources: the reject (with file and line),
    the lines after it, and no read longer than a line's limit."""
    from normtool.options import CleanOptions
    from normtool.runner import despin_inputs
    src = tmp_path / "feed.jsonl.gz"
    src.write_bytes(__import__("gzip").compress(big_feed(), 1))
    for command in ("clean", "dedup"):
        res = invoke(command, src, "-q", "--max-bytes", "1000")
        assert res.exit_code == 1 and res.stderr == f"Error: {src}:2: {LONG_LINE}\n"
        rej = tmp_path / "rejects.jsonl"
        res = invoke(command, src, "-q", "--max-bytes", "1000", "--on-error", "skip",
                     "--rejects", rej)
        assert res.exit_code == 0
        assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["a", "b"]
        assert [json.loads(x) for x in rej.read_text().splitlines()] == [
            {"source": f"{src}:2", "error": LONG_LINE, "raw": None}]
    arts = despin_inputs([str(src)], CleanOptions(siblings=False),
                         RunOptions(on_error="skip", max_bytes=1000))
    assert [a.id for a in arts] == ["a", "b"]
    one = feed(tmp_path, line(id="x"))
    res = invoke("clean", one, "--sources", src, "-q", "--max-bytes", "1000")
    assert res.exit_code == 1 and res.stderr == f"Error: {src}:2: {LONG_LINE}\n"
    assert longest.most <= LIMIT + 1


def test_a_folder_gives_its_web_pages_and_markdown_files_as_articles(tmp_path):
    """A folder of saved pages is read like one of .txt files: one article a
    file, the id its name; clean then reads the markup."""
    from normtool.clean import clean_article
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text("<html><body><h1>Rates held</h1><p>The bank held its rate at "
                                     "4 percent on Thursday.</p></body></html>", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# Rates held\n\nThe bank held its rate on Thursday.\n")
    (tmp_path / "c.htm").write_text("<p>One.</p><p>Two.</p>")
    (tmp_path / ".d.html").write_text("<p>hidden</p>")
    (tmp_path / "e.css").write_text("p { color: red }")
    arts = [a for a in read_inputs([str(tmp_path)])]
    assert [a.id for a in arts] == ["a", "c", "b"]
    page = clean_article(arts[0])
    assert (page.title, page.text) == ("Rates held", "The bank held its rate at 4 percent on Thursday.")
    assert clean_article(arts[2]).title == "Rates held"


@pytest.mark.parametrize("field, value, problem", [
    ("repairs", [{"offset": 10 ** 30, "from": "a", "to": "b", "rule": "x"}], "'repairs[0]' lies outside its field"),
    ("repairs", [{"offset": -5, "from": "a", "to": "b", "rule": "x"}], "'repairs[0].offset' is outside 0.."),
    ("repairs", [{"offset": 0, "from": "a", "to": "Acme", "rule": "x", "field": "title"}],
     "'repairs[0]' lies outside its field"),
    ("spin_score", 1e308, "'spin_score' is outside 0..1"),
    ("duplicates", [{"id": "b", "similarity": 2}], "'duplicates[0].similarity' is outside 0..1"),
])
def test_a_value_out_of_its_range_is_a_reject(tmp_path, field, value, problem):
    """A repair past its field, a score beyond [0, 1]: read, they broke
    review (an offset too large for its integers) and the rules the formats
    promise; now each is a reject naming the field."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Acme said so.", field: value}) + "\n"
                   + json.dumps({"id": "c", "text": "Other news."}) + "\n")
    got = list(read_inputs([str(src)]))
    assert isinstance(got[0], Rejected) and problem in str(got[0].error)
    assert [a.id for a in got[1:]] == ["c"]


def test_a_folder_passes_over_a_fifo_and_names_a_subfolder_it_cannot_read(tmp_path, monkeypatch):
    """A FIFO found in a folder would hang the run; a folder that cannot be
    read would lose its articles with exit 0."""
    from normtool.errors import InputError
    from normtool.io.read import expand_inputs
    (tmp_path / "a.txt").write_text("Acme said so.")
    os.mkfifo(tmp_path / "x.jsonl")
    assert expand_inputs([str(tmp_path)]) == [str(tmp_path / "a.txt")]
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError, match="locked: cannot read: Permission denied"):
        expand_inputs([str(tmp_path)])


def test_a_file_given_twice_is_one_error_naming_it(tmp_path):
    """Named twice, or named and inside a folder named: every record came
    twice, each a duplicate-id reject "first seen at" its own line."""
    src = tmp_path / "news"
    src.mkdir()
    f = src / "a.jsonl"
    f.write_text('{"id": "a", "text": "Shares rose."}\n', encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(f)
    for args in ([str(f), str(f)], [str(src), str(f)], [str(f), str(tmp_path / "link.jsonl")]):
        res = CliRunner().invoke(main, ["clean", *args, "-q", "--on-error", "skip"])
        assert res.exit_code == 1
        assert res.output.count("\n") == 1 and "given twice" in res.output
        assert args[1] in res.output
    assert CliRunner().invoke(main, ["clean", str(src), "-q"]).exit_code == 0
