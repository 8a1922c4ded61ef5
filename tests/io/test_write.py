"""Writing outputs: devices, FIFOs, symlinks, modes, missing folders, several
outputs committed together, and no temporary file left behind (issue 13).

Device nodes are made in the test's own folder (never the system's
/dev/null: a failing test must not break the machine it runs on).
"""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtool.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
NORMTOOL = [sys.executable, "-m", "normtool"]


def clean(*args):
    return CliRunner().invoke(main, ["clean", str(SEEDS), "-q", *map(str, args)])


def device(path: Path, minor: int) -> Path:
    """A character device of the memory driver (3: null, 7: full) at ``path``."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_device_output_stays_a_device(tmp_path):
    null = device(tmp_path / "null", 3)
    res = clean("-o", null)
    assert res.exit_code == 0, res.output
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert temp_files(tmp_path) == []


def test_a_full_device_is_one_line_and_stays_a_device(tmp_path):
    full = device(tmp_path / "full", 7)
    res = clean("-o", full)
    assert res.exit_code == 1
    assert res.stderr.strip() == f"Error: output {full}: cannot write: No space left on device"
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "corpus.jsonl"
    target.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    assert clean("-o", link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(target.read_text().splitlines()) == 5
    assert temp_files(tmp_path) == temp_files(tmp_path / "real") == []


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "latest.jsonl"
    link.symlink_to("corpus.jsonl")
    assert clean("-o", link).exit_code == 0
    assert link.is_symlink() and len((tmp_path / "corpus.jsonl").read_text().splitlines()) == 5


def test_a_fifo_is_written_to_its_reader_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    # A daemon: if the FIFO were replaced, the reader would wait for ever.
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    res = subprocess.run(NORMTOOL + ["clean", str(SEEDS), "-q", "-o", str(fifo)],
                         capture_output=True, text=True, timeout=120)
    reader.join(timeout=30)
    assert res.returncode == 0, res.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got, "the reader got nothing"
    assert [json.loads(x)["id"] for x in got[0].decode().splitlines()] == \
        sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_new_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        assert clean("-o", tmp_path / "a.jsonl").exit_code == 0
        os.umask(0o027)
        assert clean("-o", tmp_path / "b.jsonl").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "a.jsonl").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "b.jsonl").st_mode) == 0o640


def test_an_existing_file_keeps_its_mode(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o664)
    old = os.umask(0o077)
    try:
        assert clean("-o", out).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o664
    assert out.read_text() != "old\n"


@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_a_missing_folder_is_an_error_and_is_not_created(tmp_path, option):
    missing = tmp_path / "nonexist" / "x.jsonl"
    res = clean(option, missing, *(["--on-error", "skip"] if option == "--rejects" else []))
    assert res.exit_code == 1
    assert res.stderr.strip() == f"Error: output {missing}: folder {missing.parent} does not exist"
    assert not missing.parent.exists()


def read_only_folder(folder: Path):
    """Make ``folder`` refuse new files, even for root (``chattr +i``); undo fn."""
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    res = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if res.returncode != 0:
        pytest.skip("root and no chattr +i here: cannot make a folder read-only")
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_unwritable_rejects_folder_fails_before_any_output_is_committed(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday\n")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "Some words about rain today."}) + "\n{bad\n")
    undo = read_only_folder(tmp_path / "ro")
    try:
        res = CliRunner().invoke(main, ["clean", str(feed), "-o", str(out), "--on-error",
                                        "skip", "--rejects", str(tmp_path / "ro" / "r.jsonl")])
    finally:
        undo()
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: output {tmp_path / 'ro' / 'r.jsonl'}: cannot create")
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert out.read_text() == "yesterday\n"
    assert temp_files(tmp_path) == []


def test_outputs_commit_together_or_not_at_all(tmp_path):
    from normtool.io import Outputs
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("old a\n")
    with pytest.raises(RuntimeError):
        with Outputs() as outs:
            outs.open(str(a)).write("new a\n")
            outs.open(str(b)).write("new b\n")
            raise RuntimeError("the run failed")
    assert a.read_text() == "old a\n" and not b.exists()
    assert temp_files(tmp_path) == []
    with Outputs() as outs:
        outs.open(str(a)).write("new a\n")
        outs.open(str(b)).write("new b\n")
        outs.commit()
    assert (a.read_text(), b.read_text()) == ("new a\n", "new b\n")


def test_a_gz_output_is_the_same_records_compressed_byte_identical_run_to_run(tmp_path):
    import gzip
    plain, packed = tmp_path / "clean.jsonl", tmp_path / "clean.jsonl.gz"
    assert clean("-o", plain).exit_code == 0
    assert clean("-o", packed).exit_code == 0
    first = packed.read_bytes()
    assert first[:2] == b"\x1f\x8b" and gzip.decompress(first) == plain.read_bytes()
    assert clean("-o", packed).exit_code == 0 and packed.read_bytes() == first
    # A failed run leaves the previous file intact; the output reads back as input.
    res = CliRunner().invoke(main, ["clean", str(tmp_path / "missing.txt"), "-o", str(packed)])
    assert res.exit_code != 0 and packed.read_bytes() == first and temp_files(tmp_path) == []
    res = CliRunner().invoke(main, ["dedup", str(packed), "-q"])
    assert res.exit_code == 0 and res.stdout.count("\n") == 5
    full = device(tmp_path / "full.gz", 7)         # a device is written through, compressed
    res = clean("-o", full)
    assert res.exit_code == 1 and "No space left on device" in res.stderr


def test_the_same_file_for_two_outputs_is_refused(tmp_path):
    from normtool.io import Outputs, OutputError
    out = tmp_path / "out.jsonl"
    res = clean("-o", out, "--on-error", "skip", "--rejects", out)
    assert res.exit_code == 2 and "given twice" in res.stderr     # a usage error, as in/out
    with pytest.raises(OutputError, match="is a directory"):
        Outputs().open(str(tmp_path))


def test_parts_to_standard_output_is_a_usage_error(tmp_path):
    res = clean("-o", "-", "--parts", "2")
    assert res.exit_code == 2 and "--parts needs a folder" in res.stderr


def test_a_closed_standard_output_is_one_line(monkeypatch):
    """``normtool clean x >&-`` (sys.stdout is None): an error, not a traceback."""
    from normtool.io import Outputs, OutputError
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(OutputError, match=r"^output -: standard output is closed$"):
        Outputs().open("-")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stopped_run_leaves_no_temporary_files(tmp_path, signum):
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    out.write_text("yesterday\n")
    proc = subprocess.Popen(NORMTOOL + ["clean", "-", "-o", str(out), "--on-error", "skip",
                                        "--rejects", str(rej)], cwd=tmp_path,
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(json.dumps({"id": "a", "text": "Rain fell on the valley."}).encode() + b"\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while len(temp_files(tmp_path)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(temp_files(tmp_path)) == 2, "the run never opened its outputs"
    time.sleep(0.3)   # well inside the run: reading standard input
    proc.send_signal(signum)
    proc.wait(timeout=60)
    proc.stdin.close()
    assert proc.returncode == -signum
    assert temp_files(tmp_path) == []
    assert out.read_text() == "yesterday\n" and not rej.exists()
    proc.stderr.close()


def test_a_link_to_standard_output_is_written_as_a_shell_redirection_would(tmp_path):
    """/dev/stdout, /dev/fd/1: a link to a descriptor.  The test makes its own
    (never the system's /dev/stdout: a broken build would replace it)."""
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    cmd = " ".join(NORMTOOL) + f" clean {SEEDS} -q -o {stdout}"
    piped = subprocess.run(cmd + " | wc -l", shell=True, capture_output=True, text=True,
                           cwd=ROOT)
    assert piped.returncode == 0 and piped.stdout.strip() == "5", piped.stderr
    log = tmp_path / "log.jsonl"
    log.write_text('{"earlier": true}\n')
    appended = subprocess.run(cmd + f" >> {log}", shell=True, capture_output=True, cwd=ROOT)
    assert appended.returncode == 0
    assert log.read_text().splitlines()[0] == '{"earlier": true}'
    assert len(log.read_text().splitlines()) == 6
    assert stdout.is_symlink() and os.readlink(stdout) == "/proc/self/fd/1"


def test_unicode_line_separators_are_escaped_so_a_record_is_one_line(tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": "a\u2028b", "text": "One\u2028two\u0085three para.",
                               "x": "\u2029"}) + "\n")
    res = CliRunner().invoke(main, ["clean", str(src), "-q", "--no-despin"])
    assert res.exit_code == 0
    [line] = res.stdout.splitlines()          # splits on U+2028 too, were it raw
    rec = json.loads(line)
    assert rec["id"] == "a\u2028b" and rec["x"] == "\u2029" and "\\u2028" in line


def test_parts_are_the_one_file_output_cut_in_order(tmp_path):
    """--parts N: the parts read in name order are the one-file output, byte
    for byte; a re-run with fewer parts leaves no part of the earlier run."""
    from normtool.io import Outputs
    lines = [json.dumps({"id": str(k), "text": "é" * k}) + "\n" for k in range(11)]
    folder = tmp_path / "parts"
    for parts in (4, 2):
        with Outputs() as outs:
            fh = outs.open(str(folder), parts=parts)
            for line in lines:
                fh.write(line)
            assert sorted(os.listdir(folder))[0].startswith(".parts.")   # nothing published yet
            outs.commit()
        names = sorted(os.listdir(folder))
        assert names == [f"part-{k:05d}.jsonl" for k in range(parts)]
        texts = [(folder / n).read_text(encoding="utf-8") for n in names]
        assert "".join(texts) == "".join(lines)
        sizes = [t.count("\n") for t in texts]
        assert max(sizes) - min(sizes) <= 1


def test_parts_need_a_folder(tmp_path):
    from normtool.io import OutputError, Outputs
    (tmp_path / "file").write_text("x")
    with Outputs() as outs:
        with pytest.raises(OutputError, match="not one"):
            outs.open(str(tmp_path / "file"), parts=2)
        with pytest.raises(OutputError, match="standard output"):
            outs.open("-", parts=2)
