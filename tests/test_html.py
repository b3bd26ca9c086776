"""The offline HTML report: one file, nothing fetched, Chinese text rendered. The screenshot is
taken with headless Chromium (installed by .ci/run from the distribution's packages)."""

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qbcheck.cli import app
from workbooks import good_junior, good_primary, sample_county, write_csv, write_workbook

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = CliRunner().invoke(
        app, ["audit", str(DEMO), "--format", "html", "-o", str(out), "-s", "liaocheng-2025"]
    )
    assert result.exit_code == 1, result.output
    return out


def test_the_page_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    assert "default-src 'none'" in text  # the browser itself refuses any request
    for pattern in (r"<script", r"<link", r"<iframe", r"<img", r"url\(", r"@import", r"src="):
        assert not re.search(pattern, text, re.I), pattern
    urls = set(re.findall(r"https?://[^\s\"'<>]+", text))
    assert urls <= {"http://www.w3.org/2000/svg"}  # the SVG namespace is a name, not a request


def test_the_page_holds_the_verdict_the_charts_and_the_citations(page):
    text = page.read_text(encoding="utf-8")
    assert "优质均衡：未达到" in text
    assert text.count("<svg") == 2 + 14  # a CV chart per stage, a spread per indicator and stage
    assert "QB.A5.cv（小学）差异系数 0.586 超过 0.50" in text
    assert "所有指标校际差异系数，小学均小于或等于0.50" in text  # the citation's wording
    assert "马坊乡双庙小学" in text


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_headless_chromium_renders_it_with_chinese_labels(page, tmp_path):
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Chromium (.ci/run)")
        pytest.skip("Chromium is not installed here (CI installs it)")
    shot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
             "--window-size=1100,1600", f"--screenshot={shot}"]  # fmt: skip
    subprocess.run([browser, *flags, page.as_uri()], capture_output=True, timeout=120, check=False)
    assert shot.exists() and shot.stat().st_size > 20_000
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text, bars and dots: not a blank page
    # The title line is drawn in CJK glyphs: its band holds dark pixels.
    band = image.crop((20, 20, 700, 50))
    dark = sum(n for n, rgb in band.getcolors(maxcolors=1_000_000) if sum(rgb) < 200)
    assert dark > 300
    (ROOT / "tests" / "screenshots").mkdir(exist_ok=True)
    shutil.copy(shot, ROOT / "tests" / "screenshots" / "demo-report.png")


# --- what the page holds, read back with an HTML parser -------------------------------------
class Page(HTMLParser):
    """The page as a reader sees it: the headings, and every table row as its cells' text,
    with the heading above it; the sections and every element id."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.rows: list[tuple[str, list[str]]] = []  # (heading above, cells)
        self.sections: list[str] = []
        self.ids: list[str] = []
        self.documents = 0
        self._heading: list[str] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "html":
            self.documents += 1
        elif tag == "section":
            self.sections.append(attrs.get("id", ""))
        elif tag in ("h1", "h2", "h3", "h4"):
            self._heading = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self.headings[-1] if self.headings else "", self._row))
            self._row = None

    def handle_data(self, data):
        for part in (self._heading, self._cell):
            if part is not None:
                part.append(data)

    def rows_with(self, *texts: str, under: str = "") -> list[list[str]]:
        """Rows with a cell equal to each text (a rule id, a school id, a group's name), in
        the tables under a heading starting with `under`."""
        return [
            cells
            for heading, cells in self.rows
            if heading.startswith(under) and all(x in cells for x in texts)
        ]


def audit(*args: str) -> tuple[Page, str, dict]:
    """The HTML page and the JSON document of the same audit (English)."""
    runner = CliRunner()
    page = runner.invoke(app, ["audit", *args, "--format", "html", "--lang", "en"])
    doc = runner.invoke(app, ["audit", *args, "--format", "json", "--lang", "en"])
    assert page.exit_code == doc.exit_code and page.exit_code in (1, 3), page.output
    return Page(page.stdout), page.stdout, json.loads(doc.stdout)


@pytest.fixture(scope="module")
def demo():
    return audit(str(DEMO), "-s", "liaocheng-2025")


STAGE = {"primary": "primary", "junior": "junior", None: "whole school"}


def finding_rows(page: Page, f: dict) -> list[list[str]]:
    """The rows showing a JSON finding: its rule and subject (a school part, the county, a
    group) in one row; a CV's stage is its table's heading."""
    if f["scope"] == "school":
        return page.rows_with(f["rule"], f["subject"], STAGE[f["stage"]])
    if f["scope"] == "county" and f["rule"].endswith(".cv"):
        return [
            cells
            for heading, cells in page.rows
            if f["rule"] in cells and f"· {f['stage']} (" in heading
        ]
    if f["scope"] == "county":
        rows = page.rows_with(f["rule"], "county")
        if f["stage"]:  # the item names the stage
            rows = [r for r in rows if any(c.endswith(f"({f['stage']})") for c in r)]
        return rows
    return page.rows_with(f["rule"], f["subject"])  # a group: the township is the subject


def test_every_finding_that_is_not_a_pass_has_a_row_with_its_rule_and_subject(demo):
    page, _, doc = demo
    listed = [f for f in doc["findings"] if f["status"] != "pass"]
    assert {f["status"] for f in listed} == {"fail", "unknown", "attested", "at-risk"}
    status = {"fail": "FAIL", "unknown": "unknown", "attested": "attested", "at-risk": "at risk"}
    for f in listed:
        rows = finding_rows(page, f)
        assert len(rows) == 1, f
        assert any(c.startswith(status[f["status"]]) for c in rows[0]), f
        if f["reason"]:
            assert any(f["reason"] in c for c in rows[0]), f


def test_the_class_size_failures_and_the_k_of_n_rule_are_listed(demo):
    page, _, _ = demo
    for school, value, limit in (("3715990004", "50", "≤45"), ("3715990061", "60", "≤50")):
        (row,) = page.rows_with("QB.B5", school)
        assert value in row and limit in row
    rows = page.rows_with("QB.A.school", under="Failing school parts")
    assert {r[1] for r in rows} == {
        "3715990005", "3715990012", "3715990026", "3715990060", "3715990069"
    }  # fmt: skip
    assert all("5/7" in r and "6/7" in r for r in rows)
    (second,) = page.rows_with("QB.A.school", "3715990005", under="Failing school parts")
    assert "2 indicator(s) missed (QB.A4, QB.A5); QB.A4, QB.A5 below 85% of the threshold" in second


def test_the_county_figures_attestations_and_vetoes_are_listed(demo):
    page, _, _ = demo
    (b11,) = page.rows_with("QB.B11", "county")
    assert "8.1%" in b11 and "≥10.0%" in b11 and "FAIL" in b11
    (b1,) = page.rows_with("QB.B1", "county")
    assert "attested" in b1 and "《示范县中小学布局规划（2021—2035年）》" in b1
    (v1,) = page.rows_with("QB.V1", "county")
    assert v1.count("no") == 2 and "attested" in v1
    (rural,) = page.rows_with("QB.B14.rural", "county")
    assert any("no evidence is named" in c for c in rural)


def test_the_heading_counts_are_the_models(demo):
    page, _, doc = demo
    school = [f for f in doc["findings"] if f["scope"] == "school"]
    failing = {(f["stage"], f["subject"]) for f in school if f["status"] in ("fail", "at-risk")}
    assert f"Failing school parts ({len(failing)})" in page.headings
    assert not any(h.startswith("Undecided school parts") for h in page.headings)
    assert f"Out of scope ({len(doc['excluded'])})" in page.headings
    for x in doc["excluded"]:
        assert page.rows_with(x["name"], x["subject"], x["location"], x["reason"])


def test_undecided_school_parts_name_the_blank_cells(tmp_path):
    rows = sample_county()
    rows[1]["name"] = "<script>alert(1)</script>"
    path = write_workbook(tmp_path / "county.xlsx", rows, drop=["music_rooms", "art_rooms"])
    page, text, doc = audit(str(path))
    # the school's name is data: it is shown, never run
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert page.rows_with("<script>alert(1)</script>", "3715990002", "QB.A1")
    unknown = [f for f in doc["findings"] if f["status"] == "unknown"]
    school = [f for f in unknown if f["scope"] == "school"]
    parts = {(f["stage"], f["subject"]) for f in school}
    assert f"Undecided school parts ({len(parts)})" in page.headings
    # a column the file lacks: one row for the rule, not one per school
    (music,) = page.rows_with("QB.B3.music", under="Undecided")
    assert music[0] == "all 7" and "音乐专用教室数 (column not in the file)" in music[-1]
    # a blank cell: the school's row names it
    (rooms,) = page.rows_with("QB.A7", "3715990003")
    assert "(学校!O4)" in rooms[-1]
    shared = {"QB.B3.music", "QB.B3.art", "QB.B3.music_area", "QB.B3.art_area"}
    # the rest (and, with no 县域指标 sheet, every county item) has a row with its reason
    for f in unknown:
        if f["rule"] not in shared:
            (row,) = finding_rows(page, f)
            assert any(f["reason"] in c for c in row), f


def test_several_counties_are_one_page_with_a_section_each(tmp_path):
    """A region's page: the counties ranked, then (--county all) a section per county."""
    a = [good_primary("A1"), good_junior("A2")]
    b = [good_primary("B1", primary_teachers_above_degree=10), good_junior("B2")]
    c = [good_primary("C1"), good_junior("C2", junior_teachers_above_degree=5)]
    path = write_csv(
        tmp_path / "province.csv",
        a + b + c,
        extra={
            "县区名称": ["甲县"] * 2 + ["乙县"] * 2 + ["丙县"] * 2,
            "县区代码": ["1"] * 2 + ["2"] * 2 + ["3"] * 2,
        },
    )
    page, text, doc = audit(str(path), "--select", "QB.A", "--county", "all")
    assert page.documents == 1 and text.count("<!DOCTYPE html>") == 1
    assert page.sections == ["region", "c1", "c2", "c3"]
    assert len(page.ids) == len(set(page.ids))  # ids are unique per county
    assert page.headings[0] == "Region: 3 counties"
    under = "Counties, nearest to recognition first"
    summary = {cells[1]: cells for h, cells in page.rows if h == under and cells[0] != "#"}
    assert len(summary) == 3
    counties = {c["input"]["county_code"]: c for c in doc["counties"]}
    for row in doc["region"]["rows"]:
        county = counties[row["county_code"]]
        failing = {
            (f["stage"], f["subject"])
            for f in county["findings"]
            if f["scope"] == "school" and f["status"] in ("fail", "at-risk")
        }
        cells = summary[row["county_name"]]
        verdict = {"fail": "not achieved", "partial": "partial"}[county["summary"]["verdict"]]
        assert cells[0] == str(row["rank"]) and cells[2] == row["county_code"]
        assert cells[4].startswith(verdict)
        rules = row["rules"]
        assert cells[6:8] == [f"{rules['fail']}/{rules['unknown']}", str(len(failing))]
    assert page.rows_with("QB.A1", "B1", "primary") and page.rows_with("QB.A1", "C2", "junior")
    assert text.count("Failing school parts (1)") == 2


def test_a_waived_finding_stays_listed_and_marked(tmp_path):
    schools = [good_primary("P1", primary_teachers_above_degree=10), good_junior("J1")]
    path = write_workbook(tmp_path / "c.xlsx", schools)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "- rule: QB.A1\n  subject: P1\n  stage: primary\n  justification: 2名本科教师9月到岗\n"
        "  approved_by: 县教育局人事股\n  expires: 2099-09-01\n"
        "- rule: QB.A2\n  subject: J1\n  justification: old\n  approved_by: someone\n"
        "  expires: 2020-01-01\n",
        encoding="utf-8",
    )
    args = ["audit", str(path), "--select", "QB.A1", "--format", "html", "--lang", "en"]
    result = CliRunner().invoke(app, [*args, "--waivers", str(waivers)])
    assert result.exit_code == 0, result.output
    page = Page(result.stdout)
    (row,) = page.rows_with("QB.A1", "P1", under="Failing school parts")
    assert "A1 Degree teachers [waived]" in row and "FAIL" in row
    assert "Waived (1, not counted in the exit code):" in result.stdout
    assert "Waiver expired: QB.A2 J1 (waivers.yaml:7, expired 2020-01-01)" in result.stdout
    assert page.rows_with(str(waivers), under="Provenance")  # its hash, with the inputs
