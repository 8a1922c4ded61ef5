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


def test_a_repair_outside_its_field_is_left_off_the_page_not_a_traceback(tmp_path):
    """A hand-made corpus (never one dedup wrote: its input reader refuses it)
    with repair offsets past the text, or too large for the page's integers."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "t", "cluster": "t", "spun": true, "spin_score": 0.9, "repairs": ['
                      '{"offset": 1000000000000000000000000000000, "from": "a", "to": "b", "rule": "x"},'
                      '{"offset": 99, "from": "a", "to": "b", "rule": "x"},'
                      '{"offset": 0, "from": "Acme", "to": "Acme", "rule": "kept"}],'
                      ' "text": "Acme said on Monday it would buy Widgets."}\n')
    result = CliRunner().invoke(main, ["review", str(corpus), "-o", str(tmp_path / "r.html"), "-q"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r.html").read_text()
    assert '"rule":"kept"' in page and '"offset":99' not in page
