"""An output that is also an input or the index is refused before anything
is written (``io.paths.ReadFiles``, checked by ``io.Outputs``): every command,
every output option, every spelling of one file."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtool.cli import main
from normtool.io import OutputClash, Outputs

ARTICLE = {"id": "a", "text": "Heavy rain flooded parts of the northern valley on Sunday, "
                              "officials said, forcing hundreds of families to leave."}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(folder: Path) -> dict:
    """Every file under ``folder`` (hidden ones too) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def files(tmp_path):
    """A corpus with its clean file, report and index, as a day's run leaves them."""
    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps(ARTICLE) + "\n")
    res = invoke("dedup", clean, "--index", tmp_path / "idx.db", "-o", tmp_path / "corpus.jsonl",
                 "--report", tmp_path / "report.jsonl", "-q", "--no-despin")
    assert res.exit_code == 0, res.output
    (tmp_path / "rules.json").write_text('{"rules": []}')
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "a.jsonl").write_text(json.dumps(ARTICLE) + "\n")
    return tmp_path


def refused(tmp, args, output, what="is also an input"):
    before = snapshot(tmp)
    res = invoke(*args)
    assert res.exit_code == 2, res.output
    [line] = res.stderr.splitlines()
    assert line.startswith(f"Error: output {output}: {what}"), line
    assert snapshot(tmp) == before          # nothing touched, no temporary file left


@pytest.mark.parametrize("case", [
    "export", "dedup-index", "clean-rejects", "dedup-report", "review-corpus", "review-clean",
    "review-report", "review-rejects", "overlap", "dir", "sources", "rules", "parts",
    "index-missing", "despin-rejects"])
def test_an_output_that_is_an_input_or_the_index_is_refused(files, case):
    t = files
    clean, corpus, idx = t / "clean.jsonl", t / "corpus.jsonl", t / "idx.db"
    args, output, what = {
        "export": (["index", "export", idx, "-o", idx], idx, "is also the index"),
        "dedup-index": (["dedup", clean, "--index", idx, "-o", idx], idx, "is also the index"),
        "index-missing": (["dedup", clean, "--index", t / "new.db", "-o", t / "new.db"],
                          t / "new.db", "is also the index"),
        "clean-rejects": (["clean", clean, "--on-error", "skip", "--rejects", clean,
                           "-o", t / "out.jsonl"], clean, "is also an input"),
        "dedup-report": (["dedup", clean, "-o", t / "c.jsonl", "--report", clean], clean,
                         "is also an input"),
        "review-corpus": (["review", corpus, "-o", corpus], corpus, "is also an input"),
        "review-clean": (["review", corpus, "--clean", clean, "-o", clean], clean,
                         "is also an input"),
        "review-report": (["review", corpus, "--report", t / "report.jsonl", "-o",
                           t / "report.jsonl"], t / "report.jsonl", "is also an input"),
        "review-rejects": (["review", corpus, "--rejects", clean, "-o", clean], clean,
                           "is also an input"),
        "overlap": (["overlap", clean, "-o", clean], clean, "is also an input"),
        "despin-rejects": (["despin", clean, "--on-error", "skip", "--rejects", clean], clean,
                           "is also an input"),
        "dir": (["clean", t / "feed", "--no-despin", "-o", t / "feed" / "a.jsonl"],
                t / "feed" / "a.jsonl", "is also an input"),
        "sources": (["clean", clean, "--sources", t / "feed", "-o", t / "feed" / "a.jsonl"],
                    t / "feed" / "a.jsonl", "is also an input"),
        "rules": (["clean", clean, "--no-despin", "--rules", t / "rules.json", "-o",
                   t / "rules.json"], t / "rules.json", "is also an input"),
        "parts": (["dedup", t / "feed", "--parts", "2", "-o", t / "feed"], t / "feed",
                   "is also an input"),
    }[case]
    if case == "parts":
        (t / "feed" / "a.jsonl").rename(t / "feed" / "part-00000.jsonl")
    refused(t, args, output, what)


@pytest.mark.parametrize("spelling", ["relative", "dot", "symlink", "hardlink"])
def test_one_file_however_it_is_spelled(files, spelling, monkeypatch):
    monkeypatch.chdir(files)
    output = {"relative": "clean.jsonl", "dot": "./clean.jsonl", "symlink": "link.jsonl",
              "hardlink": "hard.jsonl"}[spelling]
    if spelling == "symlink":
        os.symlink("clean.jsonl", "link.jsonl")
    if spelling == "hardlink":
        os.link("clean.jsonl", "hard.jsonl")
    res = invoke("clean", files / "clean.jsonl", "--no-despin", "-o", output)
    assert res.exit_code == 2
    assert res.stderr == f"Error: output {output}: is also an input ({files / 'clean.jsonl'})\n"
    assert json.loads((files / "clean.jsonl").read_text()) == ARTICLE


def test_devices_and_standard_output_never_clash(files):
    clean = files / "clean.jsonl"
    stdout = files / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    for output in ("-", os.devnull, str(stdout)):
        with Outputs() as outs:
            outs.check(output)          # no inputs: nothing to clash with
        with Outputs(inputs=[str(clean), os.devnull, "-"], index=os.devnull) as outs:
            outs.check(output)
    res = invoke("clean", clean, "--no-despin", "-q", "-o", os.devnull)
    assert res.exit_code == 0 and res.stdout == ""


def test_outputs_beside_the_inputs_are_written(files):
    """Not a clash: a new file in an input folder, hidden files, a redis URL."""
    feed = files / "feed"
    with Outputs(inputs=[str(feed)], index="redis://localhost:6379/0") as outs:
        outs.open(str(feed / "new.jsonl")).write("{}\n")
        outs.open(str(feed / ".hidden.jsonl")).write("{}\n")
        with pytest.raises(OutputClash, match="is also an input"):
            outs.open(str(feed / "a.jsonl"))
        outs.commit()
    assert (feed / "new.jsonl").read_text() == "{}\n"
