"""normtool overlap: shared passages between different stories."""
import json
from pathlib import Path

from click.testing import CliRunner

from normtool.article import Article
from normtool.cli import main
from normtool.dedup.overlap import find_overlaps, passages
from normtool.options import OverlapOptions

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seeds():
    return [Article(id=p.stem[:3], text=p.read_text(encoding="utf-8"))
            for p in sorted(SEEDS.glob("*.txt"))]


def test_seeds_000_and_003_share_afp_paragraphs():
    found = {(r["a"], r["b"]): r for r in find_overlaps(seeds())}
    r = found[("000", "003")]
    assert len(r["shared"]) >= 3
    assert any("illegal cooperation" in p for p in r["shared"])
    assert 0 < r["a_share"] < 0.5 and 0 < r["b_share"] < 0.6
    assert ("000", "002") not in found


def test_copies_are_not_overlaps_unless_asked():
    text = "\n\n".join(f"Paragraph {i} says the council approved a new budget of {i} million "
                       f"for roads and schools after a long debate on Tuesday." for i in range(5))
    arts = [Article(id="a", text=text), Article(id="b", text=text + "\n\nA closing line here.")]
    assert list(find_overlaps(arts)) == []
    both = list(find_overlaps(arts, OverlapOptions(include_duplicates=True)))
    assert len(both) == 1 and len(both[0]["shared"]) == 5


def test_passages_cut_long_lines():
    long_line = " ".join(f"Sentence {i} is here." for i in range(60))
    parts = passages(long_line)
    assert len(parts) > 1 and " ".join(parts) == long_line


def test_cli_overlap(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in seeds()))
    res = CliRunner().invoke(main, ["overlap", str(src), "-q"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.output.splitlines()]
    assert ("000", "003") in {(r["a"], r["b"]) for r in rows}
