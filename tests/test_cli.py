"""CLI contracts of the walking skeleton (issue #2): schema, errors, atomicity."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtool import __version__
from normtool.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

ARTICLE_A = ("Acme Corp said on Tuesday it would buy Widget Inc for 12 million dollars "
             "in cash, expanding its presence in the Midwest market.\n\n"
             "The deal is expected to close in the second quarter, the company said.")
ARTICLE_B = ("Heavy rain flooded parts of the northern valley on Sunday, officials said, "
             "forcing hundreds of families to leave their homes.\n\n"
             "Rescue teams used boats to reach villages cut off by the water.")


def run(args, input=None):
    runner = CliRunner()
    return runner.invoke(main, args, input=input, catch_exceptions=False)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_version_and_help():
    assert __version__ in run(["--version"]).output
    out = run(["--help"]).output
    for cmd in ("clean", "dedup"):
        assert cmd in out


def test_clean_txt_file_schema(tmp_path):
    src = tmp_path / "story-one.txt"
    src.write_text(ARTICLE_A, encoding="utf-8")
    res = run(["clean", str(src), "-q"])
    assert res.exit_code == 0
    [rec] = records(res.stdout)
    assert rec["id"] == "story-one"
    assert rec["source"] == str(src)
    for key in ("title", "date", "lang", "text"):
        assert key in rec
    assert rec["lang"] == "en"
    assert "Widget Inc" in rec["text"]


def test_clean_jsonl_keeps_fields_and_line_sources(tmp_path):
    src = write_jsonl(tmp_path / "feed.jsonl", [
        {"id": "a1", "text": ARTICLE_A, "title": "Acme buys Widget", "url": "http://x/a",
         "outlet": "Wire", "tags": ["m&a"]},
        {"id": 7, "text": ARTICLE_B},
    ])
    res = run(["clean", str(src), "-q"])
    assert res.exit_code == 0, res.output
    a, b = records(res.stdout)
    assert (a["id"], b["id"]) == ("a1", "7")
    assert a["source"] == f"{src}:1" and b["source"] == f"{src}:2"
    assert a["title"] == "Acme buys Widget"
    assert a["outlet"] == "Wire" and a["tags"] == ["m&a"] and a["url"] == "http://x/a"


def test_directory_input_is_recursive_and_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE_B)
    (tmp_path / "a.txt").write_text(ARTICLE_A)
    (tmp_path / "ignored.csv").write_text("not an article")
    res = run(["clean", str(tmp_path), "-q"])
    assert [r["id"] for r in records(res.stdout)] == ["a", "b"]


def test_stdin_text_and_jsonl():
    res = run(["clean", "-q"], input=ARTICLE_A)
    [rec] = records(res.stdout)
    assert rec["id"] == "stdin" and "Acme" in rec["text"]
    line = json.dumps({"id": "x", "text": ARTICLE_B}) + "\n"
    res = run(["clean", "-", "-q"], input=line)
    assert [r["id"] for r in records(res.stdout)] == ["x"]


def test_a_file_of_any_other_name_is_read_by_content(tmp_path):
    """``split`` writes JSONL chunks as xaa, xab: JSONL by content, not one text article."""
    rows = [{"id": "x1", "text": ARTICLE_A}, {"text": ARTICLE_B}]
    chunk = write_jsonl(tmp_path / "xaa", rows)
    [a, b] = records(run(["clean", str(chunk), "-q", "--no-despin"]).stdout)
    assert (a["id"], a["source"]) == ("x1", f"{chunk}:1")
    assert b["id"] == "xaa:2" and "Rescue teams" in b["text"]
    # a byte-order mark and leading blank lines do not hide the first "{"
    (tmp_path / "feed.json").write_bytes(b"\xef\xbb\xbf\n \n" + chunk.read_bytes())
    assert len(records(run(["clean", str(tmp_path / "feed.json"), "-q"]).stdout)) == 2
    # plain text under such a name is one article named after the file
    (tmp_path / "xab").write_text(ARTICLE_A, encoding="utf-8")
    [rec] = records(run(["clean", str(tmp_path / "xab"), "-q"]).stdout)
    assert rec["id"] == "xab" and "Widget Inc" in rec["text"]
    # a broken JSONL chunk stops with a clear error naming the line
    (tmp_path / "xac").write_text('{"id": "a", "text": "fine"}\n{broken\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["clean", str(tmp_path / "xac"), "-q"])
    assert res.exit_code == 1 and "xac:2: malformed JSON" in res.output


@pytest.mark.parametrize("content,expect", [
    ('{"id": "a", "text": "fine text here for one article"}\n{"id": "b", "text": \n',
     "feed.jsonl:2: malformed JSON"),
    ('{"id": "a", "title": "no text"}\n', "feed.jsonl:1: missing 'text' field"),
    ('{"id": "a", "text": "one article text"}\n{"id": "a", "text": "another text"}\n',
     "feed.jsonl:2: duplicate id 'a'"),
    ('[1, 2]\n', "feed.jsonl:1: not a JSON object"),
    ('{"id": "a", "text": "   "}\n', "feed.jsonl:1: empty article"),
])
def test_bad_jsonl_is_one_clear_line(tmp_path, content, expect):
    src = tmp_path / "feed.jsonl"
    src.write_text(content)
    res = CliRunner().invoke(main, ["clean", str(src)])
    assert res.exit_code == 1
    assert expect in res.stderr
    err_lines = [l for l in res.stderr.splitlines() if l.strip()]
    assert len(err_lines) == 1 and "Traceback" not in res.stderr


def test_invalid_utf8_and_missing_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    res = CliRunner().invoke(main, ["clean", str(bad)])
    assert res.exit_code == 1 and f"{bad}: invalid UTF-8" in res.stderr
    res = CliRunner().invoke(main, ["clean", str(tmp_path / "nope.txt")])
    assert res.exit_code == 1 and "no such file" in res.stderr


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not stop reads")
    f = tmp_path / "locked.txt"
    f.write_text(ARTICLE_A)
    f.chmod(0)
    res = CliRunner().invoke(main, ["clean", str(f)])
    assert res.exit_code == 1 and "cannot read" in res.stderr


def test_empty_input_is_an_error(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    res = CliRunner().invoke(main, ["clean", str(empty)])
    assert res.exit_code == 1 and "empty input" in res.stderr
    # named, as every error names its file: which feed of a cron line came empty
    assert res.stderr == f"Error: {empty}: no articles found (empty input)\n"
    (tmp_path / "feeds").mkdir()
    res = CliRunner().invoke(main, ["clean", str(tmp_path / "feeds"), str(empty)])
    assert res.stderr == (f"Error: {tmp_path / 'feeds'} (and 1 more): "
                          "no articles found (empty input)\n")
    res = CliRunner().invoke(main, ["clean", "-"], input="")
    assert res.exit_code == 1


def test_unreadable_paths_are_the_reader_s_one_line_not_click_s_guess(tmp_path, monkeypatch):
    """An input that cannot be read is named as a missing one is (exit 1,
    "cannot read"), not refused up front by Click (exit 2, "Path ... is not
    readable"); an output is never read, so a write-only one is fine.  (Run
    as root, where permissions stop no read, by standing in for the system.)"""
    import builtins
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARTICLE_A}])
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday\n")
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    res = CliRunner().invoke(main, ["clean", str(src), "--no-despin", "-q", "-o", str(out)])
    assert res.exit_code == 0 and len(records(out.read_text())) == 1
    real_open = builtins.open

    def locked(path, *args, **kwargs):
        if str(path) == str(src):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", locked)
    res = CliRunner().invoke(main, ["clean", str(src), "--no-despin", "-o", str(out)])
    assert (res.exit_code, res.stderr) == (1, f"Error: {src}: cannot read: Permission denied\n")


def test_a_closed_stderr_is_no_failure(monkeypatch):
    """``2>&-`` in a script: no progress bar, and the run goes on (it used to
    stop at sys.stderr.isatty() with exit 1 and nothing written)."""
    from normtool import cli
    monkeypatch.setattr(sys, "stderr", None)
    assert cli._progress(quiet=False) is None


def test_a_reader_that_goes_away_ends_the_run_by_sigpipe(tmp_path):
    """``normtool clean big/ | head -1``: silent, and the status a shell shows for
    ``cat`` there (141), not exit 1 with no "Error:" line."""
    import signal
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": ARTICLE_A} for i in range(400)])
    proc = subprocess.Popen([sys.executable, "-m", "normtool", "clean", str(src), "--no-despin",
                             "-q"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b'{"id": "0"')
    proc.stdout.close()
    assert proc.wait(timeout=120) == -signal.SIGPIPE
    assert proc.stderr.read() == b""


def test_a_signal_a_library_turned_into_its_own_error_still_stops_the_run_by_it():
    """langdetect loads its profiles under a bare ``except:`` that raises its own
    error: a SIGTERM arriving then gave a traceback and exit 1."""
    import signal
    code = ("import os, signal, time\n"
            "from normtool.cli import _call\n"
            "def load():\n"
            "    try:\n"
            "        os.kill(os.getpid(), signal.SIGTERM); time.sleep(10)\n"
            "    except:\n"
            "        raise ValueError('Profile format error')\n"
            "_call(load)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGTERM
    assert proc.stderr == b"normtool: stopped by SIGTERM; no output written\n"


def test_index_options_without_an_index_are_a_usage_error(tmp_path, monkeypatch):
    """``--max-age 30`` without ``--index`` would forget nothing, silently."""
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARTICLE_A}])
    res = CliRunner().invoke(main, ["dedup", str(src), "--no-despin", "--max-age", "30"])
    assert res.exit_code == 2 and res.stderr.endswith("\nError: --max-age needs --index\n")
    res = CliRunner().invoke(main, ["dedup", str(src), "--lock-timeout", "5", "--index-timeout", "5"])
    assert res.exit_code == 2 and "--lock-timeout and --index-timeout need --index" in res.stderr
    monkeypatch.setenv("NORMTOOL_DEDUP_LOCK_TIMEOUT", "5")   # set for every run, as cron may
    res = CliRunner().invoke(main, ["dedup", str(src), "--no-despin", "-q"])
    assert res.exit_code == 0


def test_on_error_skip_writes_rejects_and_accounts_for_all(tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE_A}) + "\n{broken\n"
                   + json.dumps({"id": "b"}) + "\n" + json.dumps({"id": "c", "text": ARTICLE_B}) + "\n")
    rej = tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(main, ["clean", str(src), "--on-error", "skip", "--rejects", str(rej)])
    assert res.exit_code == 0
    assert [r["id"] for r in records(res.stdout)] == ["a", "c"]
    assert "skipped 2" in res.stderr
    rejected = records(rej.read_text())
    assert [r["source"] for r in rejected] == [f"{src}:2", f"{src}:3"]
    assert "malformed JSON" in rejected[0]["error"] and "missing 'text'" in rejected[1]["error"]


def test_despin_accounts_for_every_input_as_clean_does(tmp_path):
    """Bad items and pages cleaning empties: the same rejects and skip line as
    clean, so shown + skipped = read."""
    src = write_jsonl(tmp_path / "hostile.jsonl", [
        {"id": "a", "text": ARTICLE_A}, {"id": "t", "text": ARTICLE_B, "title": 2024},
        {"id": "a", "text": ARTICLE_B}, {"id": "furniture", "text": "Share on Facebook\n\nAdvertisement"},
        {"id": "b", "text": ARTICLE_B}, {"id": "blank", "text": "  "}])
    with src.open("a") as fh:
        fh.write("{broken\n")
    rejected = {}
    for command in ("clean", "despin"):
        rej = tmp_path / f"{command}-rejects.jsonl"
        args = [command, str(src), "--on-error", "skip", "--rejects", str(rej)]
        res = CliRunner().invoke(main, args + (["--json"] if command == "despin" else ["-q"]))
        assert res.exit_code == 0, res.output
        assert [r["id"] for r in records(res.stdout)] == ["a", "b"]
        assert res.stderr.splitlines()[0] == (
            f"normtool: skipped 5 bad item(s); first: {src}:2: "
            "'title' must be a string or null, not an integer")
        rejected[command] = records(rej.read_text())
    assert [r["source"] for r in rejected["despin"]] == [f"{src}:{n}" for n in (2, 3, 4, 6, 7)]
    assert sorted((r["source"], r["error"]) for r in rejected["despin"]) == \
        sorted((r["source"], r["error"]) for r in rejected["clean"])
    res = CliRunner().invoke(main, ["despin", str(src), "--json"])
    assert res.exit_code == 1
    assert res.stderr == f"Error: {src}:2: 'title' must be a string or null, not an integer\n"


def test_summary_line_and_quiet(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE_A)
    res = CliRunner().invoke(main, ["clean", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert "1 articles in" in res.stderr and "1 out" in res.stderr and "0 rejected" in res.stderr
    res = CliRunner().invoke(main, ["clean", str(src), "-q", "-o", str(tmp_path / "o.jsonl")])
    assert res.stderr == ""


def test_output_is_atomic_and_failed_run_keeps_previous(tmp_path):
    good = tmp_path / "good.jsonl"
    write_jsonl(good, [{"id": "a", "text": ARTICLE_A}])
    out = tmp_path / "out.jsonl"
    assert run(["clean", str(good), "-o", str(out), "-q"]).exit_code == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "b", "text": ARTICLE_B}) + "\nnot json\n")
    res = CliRunner().invoke(main, ["clean", str(bad), "-o", str(out)])
    assert res.exit_code == 1
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "good.jsonl", "out.jsonl"]


def test_deterministic_bytes(tmp_path):
    o1, o2 = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    run(["clean", str(SEEDS), "-o", str(o1), "-q"])
    run(["clean", str(SEEDS), "-o", str(o2), "-q"])
    assert o1.read_bytes() == o2.read_bytes()
    d1, d2 = tmp_path / "d1.jsonl", tmp_path / "d2.jsonl"
    run(["dedup", str(o1), "-o", str(d1), "-q"])
    run(["dedup", str(o1), "-o", str(d2), "-q"])
    assert d1.read_bytes() == d2.read_bytes()


def test_dedup_accounts_for_every_id(tmp_path):
    rows = [{"id": "a", "text": ARTICLE_A}, {"id": "b", "text": ARTICLE_B},
            {"id": "a-copy", "text": ARTICLE_A.upper()}, {"id": "b-copy", "text": ARTICLE_B + " "}]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    res = run(["dedup", str(src), "-q"])
    out = records(res.stdout)
    seen = [r["id"] for r in out] + [d["id"] for r in out for d in r["duplicates"]]
    assert sorted(seen) == sorted(r["id"] for r in rows)
    for rec in out:
        assert "cluster" in rec
        for dup in rec["duplicates"]:
            assert set(dup) >= {"id", "similarity", "relation"}
    assert len(out) == 2


def test_dedup_threshold_option_validated():
    res = CliRunner().invoke(main, ["dedup", "--threshold", "1.5"])
    assert res.exit_code == 2


@pytest.mark.parametrize("args,name", [
    (["clean", "{a}", "-o", ""], "'--output' / '-o'"),
    (["clean", ""], "'[INPUTS]...'"),
    (["clean", "{a}", "--on-error", "skip", "--rejects", ""], "'--rejects'"),
    (["clean", "{a}", "--sources", ""], "'--sources'"),
    (["clean", "{a}", "--rules", ""], "'--rules'"),
    (["clean", "{a}", "--work-dir", ""], "'--work-dir'"),
    (["dedup", "{a}", "--index", ""], "'--index'"),
    (["dedup", "{a}", "--report", ""], "'--report'"),
    (["index", "stats", ""], "'LOCATION'"),
    (["index", "export", ""], "'LOCATION'"),
    (["index", "check", ""], "'LOCATION'"),
    (["index", "export", "{a}", "-o", ""], "'--output' / '-o'"),
    (["review", "{a}", "-o", ""], "'--output' / '-o'"),
    (["despin", ""], "'[INPUTS]...'"),
])
def test_an_empty_path_is_a_usage_error_naming_the_option(tmp_path, args, name):
    """`-o "$OUT"` with OUT unset in cron must not mean standard output, nor
    `--index "$IDX"` an index in memory that forgets the run."""
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE_A)
    res = CliRunner().invoke(main, [x.format(a=a) for x in args])
    assert res.exit_code == 2
    assert f"Error: Invalid value for {name}: an empty string is not a" in res.stderr
    assert res.stdout == "" and os.listdir(tmp_path) == ["a.txt"]


def test_an_empty_output_is_refused_while_dash_and_none_mean_standard_output(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(ARTICLE_A)
    res = CliRunner().invoke(main, ["clean", str(a), "-q", "--no-despin", "-o", ""])
    assert res.exit_code == 2 and res.stdout == ""
    for extra in ([], ["-o", "-"]):
        res = run(["clean", str(a), "-q", "--no-despin", *extra])
        assert [r["id"] for r in records(res.stdout)] == ["a"]
    res = run(["clean", "-", "-q", "--no-despin"], input=ARTICLE_A)
    assert [r["id"] for r in records(res.stdout)] == ["stdin"]


@pytest.mark.parametrize("name,shown", [
    ("bad\nname.txt", "bad\\nname.txt"),
    ("cr\rname.txt", "cr\\rname.txt"),
    ("tab\tname.txt", "tab\\tname.txt"),
    ("esc\x1b[31mred\x85.txt", "esc\\x1b[31mred\\x85.txt"),
])
def test_a_name_with_control_characters_is_escaped_so_an_error_is_one_line(
        tmp_path, name, shown):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(b"\xff\xfe")
    res = CliRunner().invoke(main, ["clean", str(folder), "--no-despin"])
    assert res.exit_code == 1
    assert res.stderr == f"Error: {folder}/{shown}: invalid UTF-8 at byte 0\n"
    # set aside: the summary's line names it escaped, the reject keeps the real name
    rejects = tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(main, ["clean", str(folder), "--no-despin", "--on-error", "skip",
                                    "--rejects", str(rejects)])
    assert res.exit_code == 0
    assert res.stderr.splitlines()[0] == (f"normtool: skipped 1 bad item(s); first: "
                                          f"{folder}/{shown}: invalid UTF-8 at byte 0")
    assert json.loads(rejects.read_text())["source"] == str(folder / name)
    res = CliRunner().invoke(main, ["index", "check", str(tmp_path / name)])
    assert res.exit_code == 1 and res.stderr == f"Error: index {tmp_path}/{shown}: not a normtool index (no such file)\n"


def _float_options():
    """(command path, option) for every float option of every subcommand."""
    import click
    return [(path, param) for path, param in _options()
            if isinstance(param.type, (click.FloatRange, type(click.FLOAT)))]


def test_every_float_option_refuses_nan_and_inf_as_a_usage_error(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARTICLE_A}])
    found = _float_options()
    assert {(p[0], o.opts[0]) for p, o in found} >= {
        ("clean", "--spin-threshold"), ("dedup", "--threshold"), ("dedup", "--lock-timeout"),
        ("dedup", "--index-timeout"), ("dedup", "--max-age"), ("despin", "--spin-threshold"),
        ("overlap", "--min-similarity")}
    for path, option in found:
        for value in ("nan", "-NaN", "inf", "-inf"):
            args = path + [option.opts[0], value, str(src)]
            if path != ["despin"]:
                args += ["-o", str(tmp_path / "out.jsonl")]
            if path == ["dedup"]:
                args += ["--index", str(tmp_path / "idx.db")]
            res = CliRunner().invoke(main, args)
            assert res.exit_code == 2, (args, res.output)
            assert f"Invalid value for '{option.opts[0]}'" in res.stderr, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def _options():
    """(command path, option) for every option of every subcommand."""
    import click

    def walk(cmd, path):
        if isinstance(cmd, click.Group):
            for name, sub in sorted(cmd.commands.items()):
                yield from walk(sub, path + [name])
            return
        yield from ((path, p) for p in cmd.params if isinstance(p, click.Option))
    return list(walk(main, []))


def test_every_option_is_read_from_its_environment_variable_as_the_readme_names_it(
        tmp_path, monkeypatch):
    """NORMTOOL_<COMMAND>_<OPTION> is named after the flag (--rules: NORMTOOL_CLEAN_RULES),
    not the Python name, and a repeatable path from it is checked as the flag's is."""
    import click
    found = _options()
    for path, option in found:
        ctx = click.Context(main, info_name="normtool", auto_envvar_prefix="NORMTOOL")
        for name in path:
            ctx = click.Context(ctx.command.commands[name], parent=ctx, info_name=name)
        flag = next(o for o in option.opts if o.startswith("--"))
        var = "NORMTOOL_" + "_".join(path + [flag[2:]]).upper().replace("-", "_")
        monkeypatch.setenv(var, "x")
        assert option.resolve_envvar_value(ctx) == "x", var
        monkeypatch.delenv(var)
    repeatable = [(p, o) for p, o in found if o.multiple and isinstance(o.type, click.Path)]
    assert {(p[0], o.opts[0]) for p, o in repeatable} >= {
        ("clean", "--rules"), ("clean", "--spin-table"), ("clean", "--names"),
        ("clean", "--sources"), ("dedup", "--spin-table"), ("dedup", "--names"),
        ("dedup", "--match-words"), ("despin", "--spin-table"), ("despin", "--names")}
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARTICLE_A}])
    missing = str(tmp_path / "missing.tsv")
    for path, option in repeatable:
        args = path + [str(src)] + ([] if path == ["despin"] else ["-o", str(tmp_path / "o.jsonl")])
        flag = CliRunner().invoke(main, args + [option.opts[0], missing])
        var = "NORMTOOL_" + "_".join(path + [option.opts[0][2:]]).upper().replace("-", "_")
        env = CliRunner().invoke(main, args, env={var: missing})
        assert flag.exit_code != 0 and env.exit_code == flag.exit_code, (var, env.output)
        assert env.stderr == flag.stderr, var
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_rules_from_the_environment_are_applied(tmp_path):
    """The README's app-promo rule, given as NORMTOOL_CLEAN_RULES instead of --rules."""
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{
        "id": "app-promo", "pattern": "Download (?:our|the) app\\b.{0,60}", "flags": "i",
        "example": "Download our app for breaking news"}]}), encoding="utf-8")
    text = ("Acme buys Widgets\nDownload our app for breaking news\n"
            "Acme said on Monday it would buy Widgets Inc.\n")
    res = CliRunner().invoke(main, ["clean", "-", "-q"], input=text,
                             env={"NORMTOOL_CLEAN_RULES": str(rules)})
    assert res.exit_code == 0, res.output
    [rec] = records(res.stdout)
    assert rec["text"] == "Acme said on Monday it would buy Widgets Inc."
    assert rec["removed"] == [{"rule": "app-promo", "text": "Download our app for breaking news"}]


def test_pipe_clean_into_dedup_with_real_processes(tmp_path):
    exe = [sys.executable, "-m", "normtool"]
    clean = subprocess.run(exe + ["clean", str(SEEDS), "-q"], capture_output=True, check=True)
    dedup = subprocess.run(exe + ["dedup", "-", "-q"], input=clean.stdout,
                           capture_output=True, check=True)
    out = records(dedup.stdout.decode())
    assert len(out) == 5
    assert sorted(r["id"] for r in out) == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_make_pipeline_on_seeds_yields_five_records(tmp_path):
    """`make` itself (the README's first command), writing into a temp folder."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    if not (ROOT / ".venv" / ".installed-stamp").exists():
        pytest.skip("no .venv made by `make`: run the tests with `make test`")
    res = subprocess.run(["make", "-s", "-C", str(ROOT), "run", f"OUT={tmp_path}"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    corpus = records((tmp_path / "corpus.jsonl").read_text())
    assert len(corpus) == 5
    assert all(r["duplicates"] == [] for r in corpus)
    assert len(records((tmp_path / "report.jsonl").read_text())) == 5
