"""Golden reports of the demo county: any change to what an officer or a pipeline sees shows up
here as a diff. Regenerate deliberately with QBCHECK_UPDATE_GOLDEN=1 and review the diff."""

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qbcheck import __version__
from qbcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
DEMO = "examples/demo-county.xlsx"


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")  # the run time printed in reports
    for var in ("FORCE_COLOR", "NO_COLOR", "TERM"):
        monkeypatch.delenv(var, raising=False)


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("QBCHECK_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with QBCHECK_UPDATE_GOLDEN=1"
    want = path.read_text(encoding="utf-8")
    if text != want:
        pytest.fail(first_difference(path, want, text), pytrace=False)


def first_difference(path: Path, want: str, got: str, context: int = 3) -> str:
    """A short account of a golden mismatch: the file, the first differing line and a few
    around it, not a diff of the whole report (a JSON golden has 20,000 lines)."""
    a, b = want.splitlines(), got.splitlines()
    n = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    changed = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
    lines = [f"{path.relative_to(ROOT)} differs from line {n + 1} ({changed} lines differ; "
             "QBCHECK_UPDATE_GOLDEN=1 rewrites it)"]  # fmt: skip
    for k in range(max(0, n - context), min(max(len(a), len(b)), n + context + 1)):
        x = a[k] if k < len(a) else "<end>"
        y = b[k] if k < len(b) else "<end>"
        lines.append(f"  {k + 1:>6}  {'golden' if x != y else '      '} {x[:160]}")
        if x != y:
            lines.append(f"  {'':>6}  now    {y[:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_table_report(lang):
    result = CliRunner().invoke(app, ["audit", DEMO, "--lang", lang])
    assert result.exit_code == 1, result.output
    check(f"demo-{lang}.txt", result.output)


def test_demo_json_report():
    result = CliRunner().invoke(app, ["audit", DEMO, "--format", "json", "--lang", "en"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    doc["qbcheck_version"] = doc["provenance"]["qbcheck_version"] = "<version>"
    check("demo.json", json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def test_demo_markdown_report():
    result = CliRunner().invoke(
        app, ["audit", DEMO, "--format", "md", "--lang", "en", "--standard", "liaocheng-2025"]
    )
    assert result.exit_code == 1
    check("demo-liaocheng.md", result.output)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("junit", "demo.junit.xml"),
        ("sarif", "demo.sarif"),
        ("github", "demo.github.txt"),
        ("html", "demo.html"),
    ],
)
def test_demo_ci_formats(fmt, name):
    result = CliRunner().invoke(
        app, ["audit", DEMO, "--format", fmt, "--lang", "en", "--standard", "liaocheng-2025"]
    )
    assert result.exit_code == 1
    check(name, result.output.replace(__version__, "<version>"))
