"""``normtool review``: a thin command over ``write_review``."""
from __future__ import annotations

from click.testing import CliRunner

from handmade import write_handmade
from normtool.cli import main


def test_cli_writes_the_page_and_reports_bad_input(tmp_path):
    paths = write_handmade(tmp_path)
    out = tmp_path / "review.html"
    result = CliRunner().invoke(main, ["review", str(paths["corpus"]), "--clean",
                                       str(paths["clean"]), "--report", str(paths["report"]),
                                       "--rejects", str(paths["rejects"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 stories, 4 copies" in result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    before = out.read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"}\n{oops\n')
    result = CliRunner().invoke(main, ["review", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {bad}:2: malformed JSON: Expecting property name "
                                     "enclosed in double quotes")
    assert out.read_bytes() == before        # a failed run leaves the old page alone


def test_review_reads_the_gzipped_files_dedup_writes(tmp_path):
    paths = write_handmade(tmp_path)
    corpus, report = tmp_path / "corpus.jsonl.gz", tmp_path / "report.jsonl.gz"
    result = CliRunner().invoke(main, ["dedup", str(paths["clean"]), "-q", "-o", str(corpus),
                                       "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert corpus.read_bytes()[:2] == report.read_bytes()[:2] == b"\x1f\x8b"   # gzip
    out = tmp_path / "review.html"
    result = CliRunner().invoke(main, ["review", str(corpus), "--report", str(report),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
