"""One run, one result: a selection is a partial verdict, the output file's name picks the
format, a format and a name that disagree are refused, and the exit code is the document's."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qbcheck.cli import app
from qbcheck.reports import FORMATS, by_extension

ROOT = Path(__file__).resolve().parents[1]
DEMO = str(ROOT / "examples" / "demo-county.xlsx")
runner = CliRunner()


def audit(*args: str):
    return runner.invoke(app, ["audit", DEMO, *args])


def test_a_selection_is_a_partial_verdict_never_achieved():
    result = audit("--select", "QB.D", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["summary"]["verdict"] == "partial"
    assert doc["provenance"]["selection"] == {"select": ["QB.D"], "ignore": []}
    assert result.exit_code == doc["summary"]["exit_code"] == 0  # the selected rule passes
    zh = audit("--select", "QB.D")
    assert "优质均衡：达到" not in zh.stdout and "部分评估" in zh.stdout
    en = audit("--select", "QB.D", "--lang", "en")
    assert "partial" in en.stdout and "achieved" not in en.stdout.split("\n")[2]


def test_a_selection_that_fails_is_a_failure():
    doc = json.loads(audit("--select", "QB.A", "--format", "json").stdout)
    assert doc["summary"]["verdict"] == "fail"


def test_the_whole_standard_has_no_selection():
    doc = json.loads(audit("--format", "json").stdout)
    assert doc["provenance"]["selection"] is None
    assert doc["summary"]["verdict"] == "fail"


@pytest.mark.parametrize("fail_on", ["fail", "unknown", "at-risk"])
def test_the_exit_code_is_the_documents(fail_on):
    result = audit("--format", "json", "--select", "QB.C", "--fail-on", fail_on)
    assert result.exit_code == json.loads(result.stdout)["summary"]["exit_code"]


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("r.html", lambda b: b.startswith(b"<!DOCTYPE html>")),
        ("r.json", lambda b: json.loads(b)["schema_version"]),
        ("r.md", lambda b: b.startswith(b"## ") or b.startswith(b"# ")),
        ("r.sarif", lambda b: json.loads(b)["version"] == "2.1.0"),
        ("r.junit.xml", lambda b: b.lstrip().startswith(b"<?xml")),
        ("r.xlsx", lambda b: b[:2] == b"PK"),
        ("r.txt", lambda b: "示范县".encode() in b),
    ],
)
def test_the_output_name_picks_the_format(tmp_path, name, check):
    out = tmp_path / name
    result = audit("-o", str(out))
    assert result.exit_code == 1, result.output
    assert check(out.read_bytes())
    if name.endswith(".xlsx"):
        assert zipfile.is_zipfile(out)


def test_a_format_that_contradicts_the_output_name_is_refused(tmp_path):
    out = tmp_path / "r.html"
    result = audit("--format", "json", "-o", str(out))
    assert result.exit_code == 2
    assert "E307" in result.output or "html" in result.output
    assert not out.exists()


def test_a_binary_format_needs_an_output_file():
    result = audit("--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.output


def test_validate_offers_only_the_formats_it_writes(tmp_path):
    result = runner.invoke(
        app, ["validate", DEMO, "--format", "xlsx", "-o", str(tmp_path / "v.xlsx")]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "v.xlsx").exists()
    for name in ("table", "json"):
        assert runner.invoke(app, ["validate", DEMO, "--format", name]).exit_code == 0


def test_every_format_is_in_the_registry_with_its_extensions():
    assert set(FORMATS) == {"table", "json", "md", "github", "junit", "sarif", "html", "xlsx"}
    assert by_extension("county.sarif.json").name == "sarif"
    assert by_extension("report.JSON").name == "json"
    assert by_extension("report.xml").name == "junit"
    assert by_extension("report") is None
    assert [f.name for f in FORMATS.values() if f.binary] == ["xlsx"]


def test_every_provenance_records_the_selection(tmp_path):
    """A partial run cannot pass for a full one in any format that carries provenance."""
    import xml.etree.ElementTree as ET

    junit = ET.fromstring(audit("--select", "QB.A", "--format", "junit").stdout)
    props = {p.get("name"): p.get("value") for p in junit.iter("property")}
    assert props["select"] == "QB.A"
    sarif = json.loads(audit("--select", "QB.A", "--format", "sarif").stdout)
    assert "QB.A" in json.dumps(sarif["runs"][0]["properties"], ensure_ascii=False)
    for fmt in ("table", "md", "html"):
        assert "--select QB.A" in audit("--select", "QB.A", "--format", fmt).stdout, fmt


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "{f}", "-o", "{f}"],
        ["validate", "{f}", "-o", "{f}"],
        ["template", "{f}", "--from", "{f}"],
    ],
)
def test_no_command_writes_over_its_input(tmp_path, args):
    """E303, exit 2, and the input's bytes untouched, whatever the command."""
    f = tmp_path / "county.xlsx"
    f.write_bytes(Path(DEMO).read_bytes())
    before = f.read_bytes()
    result = runner.invoke(app, [a.format(f=f) for a in args])
    assert result.exit_code == 2
    assert "E303" in result.output
    assert f.read_bytes() == before
