"""The cron recipes users copy: examples/nightly.mk and the pipe recipe in
docs/robustness.md, run for real (issue 13, rows 7 and 8)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RECIPE = ROOT / "examples" / "nightly.mk"
NOTES = ROOT / "docs" / "robustness.md"
DAY = "2026-11-23"

pytestmark = pytest.mark.skipif(shutil.which("make") is None or shutil.which("bash") is None,
                                reason="make and bash are needed to run the recipes")


@pytest.fixture
def bin_dir(tmp_path) -> Path:
    """A folder holding a ``normtool`` that runs this checkout (first on PATH)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    exe = folder / "normtool"
    exe.write_text(f"#!/bin/sh\nexec {sys.executable} -m normtool \"$@\"\n")
    exe.chmod(0o755)
    return folder


def env_with(bin_dir: Path) -> dict:
    return dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                PYTHONPATH=str(ROOT))


def night(tmp_path: Path) -> Path:
    """A work folder holding only the day's incoming copy (seeds)."""
    work = tmp_path / "news"
    shutil.copytree(SEEDS, work / "incoming" / DAY)
    return work


def make(work: Path, env: dict, *settings: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "-f", str(RECIPE), f"DAY={DAY}", "JOBS=1", *settings],
                          cwd=work, env=env, capture_output=True, text=True, timeout=300)


def records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_the_nightly_recipe_creates_its_folders_and_makes_the_night(tmp_path, bin_dir):
    work = night(tmp_path)
    res = make(work, env_with(bin_dir))
    assert res.returncode == 0, res.stderr
    corpus = records(work / "corpus" / f"{DAY}.jsonl")
    assert sorted(r["id"] for r in corpus) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert (work / "reports" / f"{DAY}.jsonl").exists()
    assert (work / "state" / "feed.db").exists()
    assert (work / "clean" / f"{DAY}.rejects.jsonl").read_text() == ""
    again = make(work, env_with(bin_dir))            # done: make has nothing to do
    assert again.returncode == 0 and "normtool" not in again.stdout


def test_a_failing_index_leaves_no_night_that_make_takes_for_done(tmp_path, bin_dir):
    work = night(tmp_path)
    down = make(work, env_with(bin_dir), "INDEX=redis://127.0.0.1:1/0")
    assert down.returncode != 0 and "cannot reach Redis" in down.stderr
    assert (work / "clean" / f"{DAY}.jsonl").exists()         # the clean step is done
    assert not (work / "corpus" / f"{DAY}.jsonl").exists()
    assert not (work / "reports" / f"{DAY}.jsonl").exists()
    retry = make(work, env_with(bin_dir))                      # the index is back
    assert retry.returncode == 0, retry.stderr
    assert len(records(work / "corpus" / f"{DAY}.jsonl")) == 5


def test_a_step_that_fails_after_writing_its_target_leaves_nothing(tmp_path, bin_dir):
    """.DELETE_ON_ERROR: even a tool that writes its -o file and then fails
    leaves no file that make would take for a finished step."""
    broken = tmp_path / "broken"
    broken.mkdir()
    exe = broken / "normtool"
    exe.write_text('#!/bin/bash\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done\n'
                   'echo \'{"id": "half"}\' > "$out"\nexit 1\n')
    exe.chmod(0o755)
    work = night(tmp_path)
    res = make(work, env_with(bin_dir), f"NORMTOOL={exe}")
    assert res.returncode != 0
    assert not (work / "clean" / f"{DAY}.jsonl").exists()
    assert not (work / "corpus").exists()


def test_the_recipe_runs_its_pipes_with_pipefail():
    text = RECIPE.read_text()
    assert re.search(r"^SHELL\s*:?=\s*bash$", text, re.M)
    assert re.search(r"^\.SHELLFLAGS\s*:?=.*-o pipefail", text, re.M)
    assert re.search(r"^\.DELETE_ON_ERROR:", text, re.M)


def pipe_recipe() -> str:
    """The shell block of the notes that turns on pipefail."""
    blocks = re.findall(r"```sh\n(.*?)```", NOTES.read_text(encoding="utf-8"), re.S)
    [block] = [b for b in blocks if "pipefail" in b]
    return block


def test_the_documented_pipe_fails_on_a_bad_line_and_publishes_nothing(tmp_path, bin_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    good = [json.dumps({"id": f"a{i}", "text": f"Story number {i} about the harbour and "
                                               f"its {i} new ferries, officials said."})
            for i in range(600)]
    (raw / "feed.jsonl").write_text("\n".join(good[:300] + ["{not json"] + good[300:]) + "\n")
    res = subprocess.run(["bash", "-c", pipe_recipe()], cwd=tmp_path, env=env_with(bin_dir),
                         capture_output=True, text=True, timeout=300)
    assert res.returncode != 0 and "malformed JSON" in res.stderr
    assert not (tmp_path / "corpus.jsonl").exists()
    (raw / "feed.jsonl").write_text("\n".join(good) + "\n")
    res = subprocess.run(["bash", "-c", pipe_recipe()], cwd=tmp_path, env=env_with(bin_dir),
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert len(records(tmp_path / "corpus.jsonl")) == 600
