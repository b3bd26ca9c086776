"""Every format tells the same audit: each failing, undecided or at-risk finding of the JSON report
appears in every format that lists findings, with its rule id and its subject, and the counts the
formats print agree with the result model.

Each output is parsed as what it is (JSON, JUnit and SARIF as documents, the workbook with
openpyxl, the page with an HTML parser, Markdown and GitHub annotations as lines, the terminal
table as its sections), then cut into blocks: a row, a line, a test case, a result. A finding is
listed when one block holds its rule id and its subject (the county's own findings need only the
rule id). A rule whose school findings are all undecided for one shared reason may be one block
naming the rule and the count ("all N"), as a person would want it.
"""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qbcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"
LISTED = ("fail", "unknown", "at-risk")
runner = CliRunner()


@pytest.fixture(scope="module")
def three_counties(tmp_path_factory) -> Path:
    """The demo's schools split into three counties by a 县区 column."""
    from workbooks import split_into_counties

    wb = load_workbook(DEMO)
    ws = wb["学校"]
    n = ws.max_row
    split_into_counties(ws, lambda r: (r - 2) * 3 // (n - 1), ["甲县", "乙县", "丙县"].__getitem__)
    path = tmp_path_factory.mktemp("three") / "three.xlsx"
    wb.save(path)
    return path


def run(path: Path, fmt: str, out: Path, standard: str, extra: tuple[str, ...] = ()) -> bytes:
    """The report as written; a region run (several counties) with every county's full report
    (--county all) unless `extra` says otherwise."""
    args = ["audit", str(path), "--format", fmt, "--lang", "en", "--limit", "0"]
    args += ["--standard", standard, "-o", str(out)]
    args += list(extra) or ["--county", "all"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    return out.read_bytes()


# --- blocks, format by format ------------------------------------------------------------


def table_blocks(data: bytes) -> list[str]:
    """The terminal table: sections between rules of ─ (a school part's rows) and lines."""
    text = data.decode()
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or set(line.strip()) <= set("─━ "):
            if current:
                blocks.append("\n".join(current))
            current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    # A long line wraps onto the next: each line also counts joined with its neighbour.
    lines = text.splitlines()
    return blocks + [a + " " + b for a, b in itertools.pairwise(lines)]


def line_blocks(data: bytes) -> list[str]:
    return data.decode().splitlines()


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("tr", "li", "p", "h2", "h3", "div"):
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("tr", "li", "p", "h2", "h3", "div") and self._open:
            self.blocks.append(" ".join(self._open.pop()))

    def handle_data(self, data: str) -> None:
        for parts in self._open:
            parts.append(data)


def html_blocks(data: bytes) -> list[str]:
    parser = _Rows()
    parser.feed(data.decode())
    return parser.blocks


def xlsx_blocks(data: bytes, path: Path) -> list[str]:
    wb = load_workbook(path, read_only=True)
    return [
        " ".join("" if v is None else str(v) for v in row)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
    ]


def junit_blocks(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return [
        " ".join([c.get("classname", ""), c.get("name", ""), ET.tostring(c, "unicode")])
        for c in root.iter("testcase")
    ]


def sarif_blocks(data: bytes) -> list[str]:
    """Each result; and the run's properties, where a region's recognised counties are (a
    result is a problem: a county that passes has none)."""
    doc = json.loads(data)
    results = [json.dumps(r, ensure_ascii=False) for run_ in doc["runs"] for r in run_["results"]]
    props = [json.dumps(run_.get("properties", {}), ensure_ascii=False) for run_ in doc["runs"]]
    return results + props


FORMATS: dict[str, tuple[str, Callable[..., list[str]]]] = {
    "table": (".txt", table_blocks),
    "md": (".md", line_blocks),
    "github": (".github.txt", line_blocks),
    "html": (".html", html_blocks),
    "xlsx": (".xlsx", xlsx_blocks),
    "junit": (".junit.xml", junit_blocks),
    "sarif": (".sarif", sarif_blocks),
}


# --- the test ----------------------------------------------------------------------------


def json_counties(path: Path, tmp_path: Path, standard: str) -> list[dict]:
    doc = json.loads(run(path, "json", tmp_path / "r.json", standard))
    return doc.get("counties", [doc])


def listed(blocks: list[str], f: dict, shared: dict[tuple[str, str | None], int]) -> bool:
    rule = f["rule"]
    rule_re = re.compile(rf"(?<![\w.]){re.escape(rule)}(?![\w])")
    subject = None if f["scope"] == "county" else str(f["subject"])
    for b in blocks:
        if not rule_re.search(b):
            continue
        if subject is None or subject in b:
            return True
        n = shared.get((rule, f.get("stage")))
        if f["scope"] == "school" and n and re.search(rf"\ball {n}\b", b):
            return True
    return False


def shared_unknowns(county: dict) -> dict[tuple[str, str | None], int]:
    """(rule, stage) whose school findings are all undecided for one reason: their count."""
    groups: dict[tuple[str, str | None], list[dict]] = {}
    for f in county["findings"]:
        if f["scope"] == "school":
            groups.setdefault((f["rule"], f["stage"]), []).append(f)
    out = {}
    for key, fs in groups.items():
        undecided = all(f["status"] == "unknown" for f in fs)
        if len(fs) > 1 and undecided and len({f["reason"] for f in fs}) == 1:
            out[key] = len(fs)
    return out


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("standard", ["quality-balance-2017", "liaocheng-2025"])
@pytest.mark.parametrize("which", ["demo", "three counties"])
def test_every_non_pass_finding_is_in_every_format(fmt, standard, which, tmp_path, three_counties):
    path = DEMO if which == "demo" else three_counties
    counties = json_counties(path, tmp_path, standard)
    ext, parse = FORMATS[fmt]
    out = tmp_path / f"report{ext}"
    data = run(path, fmt, out, standard)
    blocks = parse(data, out) if fmt == "xlsx" else parse(data)
    missing = []
    for county in counties:
        shared = shared_unknowns(county)
        for f in county["findings"]:
            if f["status"] in LISTED and not listed(blocks, f, shared):
                missing.append(f"{county['input']['county_name']} {f['rule']} {f['subject']}")
    assert not missing, f"{fmt} leaves out {len(missing)} findings, e.g. {missing[:5]}"
    if len(counties) > 1:
        text = "\n".join(blocks)
        for county in counties:
            assert county["input"]["county_name"] in text, fmt


def failing_parts(county: dict) -> int:
    """School parts with a failing or at-risk finding, counted from the JSON findings."""
    return len(
        {
            (f["stage"] or "school", f["subject"])
            for f in county["findings"]
            if f["scope"] == "school" and f["status"] in ("fail", "at-risk")
        }
    )


@pytest.mark.parametrize("fmt", ["table", "md", "html"])
@pytest.mark.parametrize("which", ["demo", "three counties"])
def test_the_failing_school_parts_heading_counts_the_same(fmt, which, tmp_path, three_counties):
    """The heading over the failing school parts prints the same number in every format: the
    model's, which is the JSON's school parts with a failing or at-risk finding."""
    from qbcheck.core.messages import t

    path = DEMO if which == "demo" else three_counties
    counties = json_counties(path, tmp_path, "quality-balance-2017")
    ext, _ = FORMATS[fmt]
    text = run(path, fmt, tmp_path / f"r{ext}", "quality-balance-2017").decode()
    for county in counties:
        n = failing_parts(county)
        if n:
            heading = t("report.failing.title", "en", n=n)
            assert heading in text, (fmt, county["input"]["county_name"], heading)


# --- a region: several counties over two years -------------------------------------------


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> list[Path]:
    """The generated city of tests/region_city.py in 2024 and 2025: some counties recognised,
    some failing, one planned for 2025, CVs that move."""
    from region_city import write_city

    root = tmp_path_factory.mktemp("city")
    write_city(root / "2024", 2024, ["茌平区"], spread={"莘县": 0.7})
    write_city(
        root / "2025",
        2025,
        ["茌平区", "东阿县", "莘县", "冠县"],
        spread={"冠县": 0.7},
        planned={"高唐县": 2025},
    )
    return [root / "2024", root / "2025"]


def region_output(city: list[Path], fmt: str, out: Path, *extra: str) -> bytes:
    from region_city import STANDARD

    args = ["audit", *map(str, city), "--standard", STANDARD, "--format", fmt, "--lang", "en"]
    result = runner.invoke(app, [*args, "--limit", "0", "-o", str(out), *extra])
    assert result.exit_code == 1, result.output
    return out.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_region_run_names_every_county_and_target_in_every_format(fmt, tmp_path, city):
    doc = json.loads(region_output(city, "json", tmp_path / "r.json"))
    ext, parse = FORMATS[fmt]
    out = tmp_path / f"region{ext}"
    data = region_output(city, fmt, out)
    blocks = parse(data, out) if fmt == "xlsx" else parse(data)
    text = "\n".join(blocks)
    region = doc["region"]
    assert len(region["rows"]) == 8 and region["targets"]
    for row in region["rows"]:
        assert row["county_code"] in text, (fmt, row["county_name"])
    for target in region["targets"]:
        assert any(target["rule"] in b for b in blocks), (fmt, target["rule"])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_county_asked_for_in_a_region_has_every_finding(fmt, tmp_path, city):
    """--county CODE: that county's full report, every non-pass finding of it in each format."""
    doc = json.loads(region_output(city, "json", tmp_path / "r.json"))
    ext, parse = FORMATS[fmt]
    out = tmp_path / f"one{ext}"
    data = region_output(city, fmt, out, "--county", "371525")
    blocks = parse(data, out) if fmt == "xlsx" else parse(data)
    missing = []
    counties = [c for c in doc["counties"] if c["input"]["county_code"] == "371525"]
    assert len(counties) == 2  # both years
    for county in counties:
        shared = shared_unknowns(county)
        for f in county["findings"]:
            if f["status"] in LISTED and not listed(blocks, f, shared):
                missing.append(f"{county['input']['year']} {f['rule']} {f['subject']}")
    assert not missing, f"{fmt} leaves out {len(missing)} findings, e.g. {missing[:5]}"
