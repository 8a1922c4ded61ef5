"""The package's shape: stages as subpackages, no import circles, small modules.

These checks keep the layout a newcomer reads (docs/design.md) true as the
code grows: the tree shows the pipeline, steps never reach back into the
runner or the CLI, and no module grows past what one sitting can read.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "normtool"
STAGES = ("io", "clean", "despin", "lang", "dedup", "index")
TOP = ("runner", "cli", "__main__", "__init__")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict) -> set[str]:
    """Modules of the package that ``name`` imports (at any depth of the file)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(up + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in modules and t != name}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_stages_are_subpackages():
    for stage in STAGES:
        assert (PKG / stage / "__init__.py").exists(), stage
    flat = sorted(p.stem for p in PKG.glob("*.py"))
    assert set(flat) <= {"__init__", "__main__", "article", "cli", "errors", "options", "runner",
                         "settings", "text", "workers"}, flat


def test_no_import_circle():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, trail: list) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            # a package's __init__ importing its own modules is not a circle
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_steps_never_import_the_runner_or_the_cli():
    for name, deps in _graph().items():
        if name.split(".")[-1] in TOP or name == "normtool":
            continue
        assert not deps & {"normtool.runner", "normtool.cli"}, name


def test_no_private_name_imported_across_modules():
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                private = [a.name for a in node.names
                           if a.name.startswith("_") and not a.name.endswith("__")]
                assert not private, f"{path.relative_to(ROOT)} imports {private}"


def test_no_module_over_600_lines():
    for path in PKG.rglob("*.py"):
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert n <= 600, f"{path.relative_to(ROOT)}: {n} lines"


def test_readme_is_a_guide_and_docs_hold_the_rest():
    assert (ROOT / "README.md").stat().st_size <= 20_000
    assert (ROOT / "docs").is_dir() and any((ROOT / "docs").glob("*.md"))
