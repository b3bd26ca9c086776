"""The package's folders are layers and imports point down only (docs/architecture.md).

core → files → model → rules → kinds → evaluate → results → reports → cli. A module may import
its own layer and the layers below it, never one above; modules never import each other in a
cycle; and a report format reads the result model only, never the engine, the rule kinds, the
rule language, the statistics or the heading parser.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "qbcheck"
LAYERS = ("core", "files", "model", "rules", "kinds", "evaluate", "results", "reports", "cli")
# A format may not look behind the result model: no engine, rule kinds, rule language (formulas,
# standards), statistics, heading parser or file readers. The field table (model.fields: the
# input format's vocabulary) it may use.
FORMAT_FORBIDDEN = (
    "qbcheck.evaluate",
    "qbcheck.kinds",
    "qbcheck.rules",
    "qbcheck.core.stats",
    "qbcheck.model.headings",
    "qbcheck.model.intake",
    "qbcheck.model.sanity",
    "qbcheck.model.values",
    "qbcheck.files.reader",
    "qbcheck.files.guard",
)


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every qbcheck module a file imports (at any depth: lazy imports count), with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "qbcheck":
                out += [(f"qbcheck.{a.name}", node.lineno) for a in node.names]
            elif node.module.startswith("qbcheck."):
                out.append((node.module, node.lineno))
                out += [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.startswith("qbcheck.")]
    return out


MODULES = {_module(p): p for p in SRC.rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The module an imported name lives in (a name imported from a module is that module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in LAYERS:
        return None  # qbcheck/__init__.py, __main__.py: the package root, above nothing
    return LAYERS.index(parts[1])


GRAPH = {
    m: {r for name, _ in _imports(p) if (r := _resolve(name)) and r != m}
    for m, p in MODULES.items()
}


def test_every_module_is_in_a_layer():
    loose = [m for m in MODULES if _layer(m) is None and m not in ("qbcheck", "qbcheck.__main__")]
    assert not loose, f"modules outside the layer folders: {loose}"


def test_imports_point_down_only():
    wrong = []
    for m, path in MODULES.items():
        own = _layer(m)
        if own is None:
            continue
        for name, line in _imports(path):
            target = _resolve(name)
            if target is None:
                continue
            theirs = _layer(target)
            if theirs is not None and theirs > own:
                rel = path.relative_to(SRC.parent.parent)
                above = f"{LAYERS[theirs]} is above {LAYERS[own]}"
                wrong.append(f"{rel}:{line} imports {target} ({above})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    """Depth-first search over the whole graph (lazy imports included)."""
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(GRAPH.get(m, ())):
            if n in ("qbcheck",):  # the root holds only __version__
                continue
            if state.get(n) == 1:
                cycles.append([*stack[stack.index(n) :], n])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m)
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


FORMAT_MODULES = sorted(
    m for m in MODULES if m.startswith("qbcheck.reports.") and m != "qbcheck.reports"
)


@pytest.mark.parametrize("module", FORMAT_MODULES)
def test_a_format_reads_only_the_result_model(module):
    bad = [
        f"line {line}: {name}"
        for name, line in _imports(MODULES[module])
        if name.startswith(FORMAT_FORBIDDEN)
    ]
    assert not bad, f"{module} looks behind the result model: {bad}"
