"""The region in the HTML page and the Excel workbook, read back as a person would see them and
compared with the JSON of the same run: the counts per year, the targets' states, the counties
ranked, the year-on-year panels and sheet; a county's full report only when asked for; text from
the data inert (no markup, no formula, no escape sequence, no broken sheet title)."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from region_city import CITY, STANDARD, county_schools, write_city
from test_golden import check
from typer.testing import CliRunner

from qbcheck import __version__
from qbcheck.cli import app
from qbcheck.core.messages import t
from qbcheck.reports.xlsx import VERDICT_FILLS
from workbooks import write_csv, write_workbook

runner = CliRunner()
VERDICT = {"pass": "达到", "fail": "未达到", "unknown": "不能判定", "partial": "部分评估"}


def make_city(root: Path) -> list[Path]:
    """Liaocheng's 8 counties in 2025 (5 recognised, two with a planned year, 冠县's CV wider)
    and in 2024 (2 recognised, 莘县's CV wider)."""
    write_city(root / "2025", 2025, ["茌平区", "东阿县", "莘县", "冠县", "临清市"],
               planned={"高唐县": 2025, "阳谷县": 2027}, spread={"冠县": 0.7})  # fmt: skip
    write_city(root / "2024", 2024, ["茌平区", "东阿县"], spread={"莘县": 0.7})
    return [root / "2024", root / "2025"]


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> list[Path]:
    return make_city(tmp_path_factory.mktemp("city"))


def run(paths: list[Path], fmt: str, *args: str, out: Path | None = None) -> str:
    argv = ["audit", *map(str, paths), "--standard", STANDARD, "--format", fmt, *args]
    if out is not None:
        argv += ["-o", str(out)]
    result = runner.invoke(app, argv)
    assert result.exit_code in (1, 3), result.output  # some county fails
    return result.stdout


@pytest.fixture(scope="module")
def doc(city) -> dict:
    return json.loads(run(city, "json", "--lang", "en"))


# --- the page -------------------------------------------------------------------------------
class Page(HTMLParser):
    """The page as read: every table row (with its table's id and its row's id), the sections,
    every element id, the panels (figure ids with their svg's size and shapes), all text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, str, list[str]]] = []  # (table id, row id, cells)
        self.sections: list[str] = []
        self.ids: list[str] = []
        self.panels: dict[str, dict[str, object]] = {}
        self.text: list[str] = []
        self._table = ""
        self._row: tuple[str, list[str]] | None = None
        self._cell: list[str] | None = None
        self._panel: dict[str, object] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "section":
            self.sections.append(a.get("id", ""))
        elif tag == "table":
            self._table = a.get("id") or ""
        elif tag == "tr":
            self._row = (a.get("id") or "", [])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "figure":
            self._panel = self.panels[a["id"]] = {"rects": 0, "limits": 0, "text": []}
        elif tag == "svg" and self._panel is not None:
            self._panel["size"] = (a["width"], a["height"])
        elif tag == "rect" and self._panel is not None:
            self._panel["rects"] += 1  # type: ignore[operator]
        elif tag == "line" and self._panel is not None:
            self._panel["limits"] += 1  # type: ignore[operator]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row[1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._table, *self._row))
            self._row = None
        elif tag == "figure":
            self._panel = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._panel is not None:
            self._panel["text"].append(data)  # type: ignore[attr-defined]

    def table(self, id: str) -> list[tuple[str, list[str]]]:
        return [(rid, cells) for table, rid, cells in self.rows if table == id]


@pytest.fixture(scope="module")
def page(city) -> tuple[Page, str]:
    text = run(city, "html", "--lang", "en")
    return Page(text), text


def test_the_page_tells_the_region_as_the_json_does(page, doc):
    p, text = page
    region = doc["region"]
    # the counts, latest year first, then the year before
    for entry in region["by_year"]:
        v = entry["verdicts"]
        line = f"{entry['year']} quality balance: {v['pass']} recognised, {v['fail']} not, "
        assert f"{line}{v['unknown']} undecided" in text
    # the targets: one row each, its state as the JSON's, its figures
    targets = {rid: cells for rid, cells in p.table("") if rid.startswith("target-")}
    assert list(targets) == [f"target-{x['rule']}" for x in region["targets"]]
    for x in region["targets"]:
        cells = targets[f"target-{x['rule']}"]
        assert cells[0] == x["rule"] and cells[2] == t(f"status.{x['status']}", "en")
        assert cells[3:6] == [str(x["recognised"]), str(x["needed"]), str(x["total"])]
        assert cells[6] == (str(x["gap"]) if x["gap"] else "")
    assert [x["status"] for x in region["targets"]] == ["pass", "at-risk", "pass"]
    # the counties, ranked as the JSON ranks them
    rows = [(rid, cells) for rid, cells in p.table("rows") if rid]
    assert [c[2] for _, c in rows] == [r["county_code"] for r in region["rows"]]
    for (rid, cells), r in zip(rows, region["rows"], strict=True):
        assert rid == f"r{r['rank']}" and cells[0] == str(r["rank"])
        assert cells[1] == r["county_name"] and cells[3] == str(r["year"])
        assert cells[4] == t(f"verdict.{r['verdict']}", "en")
        assert cells[6] == f"{r['rules']['fail']}/{r['rules']['unknown']}"
        assert cells[7] == str(r["failing_parts"])
    closest = [r["county_name"] for r in region["rows"] if r["key"] in region["closest"]]
    assert "Closest to recognition: " + "、".join(closest) in "".join(p.text)


def test_each_county_in_several_years_has_a_panel_on_one_scale(page, doc):
    p, _ = page
    rows = [r for r in doc["region"]["rows"] if "series" in r]
    assert sorted(p.panels) == sorted(f"t{r['rank']}" for r in rows) and len(rows) == 8
    assert len({panel["size"] for panel in p.panels.values()}) == 1  # all the same size
    for r in rows:
        panel = p.panels[f"t{r['rank']}"]
        cvs = r["series"]["cvs"]
        bars = sum(v is not None for cv in cvs for v in cv["values"])
        assert panel["rects"] == bars and panel["limits"] == len(cvs)  # a limit per CV
        caption = " ".join(panel["text"])
        for year, verdict in zip(r["series"]["years"], r["series"]["verdicts"], strict=True):
            assert f"{year} {t(f'verdict.{verdict}', 'en')}" in caption
    # 莘县 got better: its panel says what changed
    shen = next(r for r in rows if r["county_name"] == "莘县")
    assert "better: verdict not achieved→achieved" in " ".join(p.panels[f"t{shen['rank']}"]["text"])


def test_the_region_part_has_no_school_marks(page):
    _, text = page
    region = text[text.index('<section id="region">') : text.index("</section>")]
    assert not re.search(r"3715\d{6}", region)  # no school id
    assert "<circle" not in region


def test_a_county_report_is_on_the_page_only_when_asked_for(city):
    default = Page(run(city, "html", "--lang", "en"))
    assert default.sections == ["region"]
    assert t("region.county.hint", "en") in "".join(default.text)
    one = run(city, "html", "--lang", "en", "--county", "371503")
    p = Page(one)
    assert len(p.sections) == 3  # the region, then 茌平区 in 2024 and in 2025
    assert "茌平区 (371503) · 2024 ·" in one and "茌平区 (371503) · 2025 ·" in one
    assert "东阿县 (371524) ·" not in one and t("region.county.hint", "en") not in one
    assert '<a href="#c' in one  # its row links to its section
    every = Page(run(city, "html", "--lang", "en", "--county", "all"))
    assert len(every.sections) == 1 + 16 and len(every.ids) == len(set(every.ids))


def test_every_target_and_county_code_is_in_the_default_outputs(city, doc, tmp_path):
    html = run(city, "html")
    run(city, "xlsx", out=tmp_path / "r.xlsx")
    cells = " ".join(
        str(v)
        for ws in load_workbook(tmp_path / "r.xlsx", read_only=True).worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    for text in (html, cells):
        for x in doc["region"]["targets"]:
            assert x["rule"] in text
        for r in doc["region"]["rows"]:
            assert r["county_code"] in text


# --- the workbook ---------------------------------------------------------------------------
def fill(cell) -> str | None:
    f = cell.fill
    return f.start_color.rgb[-6:] if f is not None and f.fill_type == "solid" else None


@pytest.fixture(scope="module")
def workbook(city, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "region.xlsx"
    run(city, "xlsx", out=out)
    return load_workbook(out)


def test_the_workbook_has_the_region_sheets_and_no_county_sheet_unasked(workbook):
    assert workbook.sheetnames == ["区域汇总", "县区一览", "年度变化"]


def test_the_region_sheet_has_the_counts_and_the_targets_of_the_json(workbook, doc):
    rows = [list(r) for r in workbook["区域汇总"].iter_rows(values_only=True)]
    assert rows[0][0] == "区域汇总：8 个县区，2024–2025（16 份县区年度数据）"
    head = rows.index(["年度", "达到", "未达到", "不能判定", "县区数", *[None] * 10])
    by_year = {e["year"]: e["verdicts"] for e in doc["region"]["by_year"]}
    for row in rows[head + 1 : head + 3]:
        v = by_year[row[0]]
        assert row[1:5] == [v["pass"], v["fail"], v["unknown"], 8]
    head = next(k for k, r in enumerate(rows) if r[0] == "规则")
    assert rows[head][:7] == ["规则", "区域目标", "状态", "已达到", "需达到", "计入县区", "还差"]
    ws = workbook["区域汇总"]
    for k, x in enumerate(doc["region"]["targets"], start=head + 1):
        row = rows[k]
        assert row[0] == x["rule"] and row[2] == t(f"status.{x['status']}", "zh")
        assert row[3:10] == [x["recognised"], x["needed"], x["total"], x["gap"], x["undecided"],
                             x["target_year"], x["year"]]  # fmt: skip
        assert row[13] == f"{x['citation']['document']} {x['citation']['clause']}"
        status = ws.cell(k + 1, 3)
        assert fill(status) == VERDICT_FILLS.get(x["status"])
    assert any(r[0] == t("region.county.hint", "zh") for r in rows)


def test_the_counties_sheet_is_the_ranked_rows_with_filters(workbook, doc):
    ws = workbook["县区一览"]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == f"A1:U{len(doc['region']['rows']) + 1}"
    head = [c.value for c in ws[1]]
    assert head[:6] == ["序", "县区", "代码", "年度", "结论", "A 资源配置"]
    for row, r in zip(ws.iter_rows(min_row=2), doc["region"]["rows"], strict=True):
        cells = dict(zip(head, row, strict=True))
        assert cells["序"].value == r["rank"] and cells["代码"].value == r["county_code"]
        assert cells["结论"].value == VERDICT[r["verdict"]]
        assert fill(cells["结论"]) == VERDICT_FILLS[r["verdict"]]
        assert cells["未达标规则"].value == r["rules"]["fail"]
        assert cells["未达标学校部分"].value == r["failing_parts"]
        assert cells["小学差异系数余量"].value == pytest.approx(
            r["cv_margins"]["primary"]["margin"]
        )
        assert cells["阻碍达到"].value == (" ".join(r["blocking"]["fail"]) or None)
        assert cells["计划申报年度"].value == r["planned_year"]


def test_the_trend_sheet_has_a_row_per_county_and_year_with_each_cv(workbook, doc):
    ws = workbook["年度变化"]
    head = [c.value for c in ws[1]]
    assert head == ["序", "县区", "代码", "年度", "结论", "未达标规则", "无法判定规则",
                    "未达标学校部分", "小学 A1 差异系数", "初中 A1 差异系数"]  # fmt: skip
    rows = list(ws.iter_rows(min_row=2))
    expected = [
        (r["county_code"], year, r["series"]["verdicts"][k], r["series"]["failing_parts"][k])
        for r in doc["region"]["rows"]
        for k, year in enumerate(r["series"]["years"])
    ]
    assert [(c[2].value, c[3].value, c[4].value, c[7].value) for c in rows] == [
        (code, year, VERDICT[v], parts) for code, year, v, parts in expected
    ]
    shen = next(r for r in doc["region"]["rows"] if r["county_name"] == "莘县")
    primary = next(cv for cv in shen["series"]["cvs"] if cv["stage"] == "primary")["values"]
    mine = [c[8].value for c in rows if c[2].value == shen["county_code"]]
    assert mine == pytest.approx(primary)


def test_the_county_sheets_are_written_for_the_counties_asked_for(city, tmp_path):
    out = tmp_path / "one.xlsx"
    run(city, "xlsx", "--county", "茌平区", out=out)
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["区域汇总", "县区一览", "年度变化"]
    assert wb.sheetnames[3:] == ["371503 2024 汇总", "371503 2024 学校数据", "371503 2024 表Ⅲ",
                                 "371503 2025 汇总", "371503 2025 学校数据", "371503 2025 表Ⅲ",
                                 "问题清单"]  # fmt: skip
    counties = {r[0] for r in wb["问题清单"].iter_rows(min_row=2, values_only=True)}
    assert counties == {"茌平区（371503）"}


# --- text from the data ---------------------------------------------------------------------
HOSTILE = {
    "371502": "<script>x</script>",
    "371503": '=HYPERLINK("http://example.com","x")',
    "371521": "[bold]x[/]",
    "371522": "\x1b[31m红\x1b[0m",
}
LONG = "某某市某某区[试点]:*?/某某县" + "某" * 30  # no code: its sheets are named after it


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Four counties in one CSV export (a CSV holds any character), one more without a code in
    a workbook of its own."""
    folder = tmp_path_factory.mktemp("hostile")
    schools, names, codes = [], [], []
    for code, name in HOSTILE.items():
        mine = county_schools(code, code != "371502")
        schools += mine
        names += [name] * len(mine)
        codes += [code] * len(mine)
    extra = {"县区名称": names, "县区代码": codes}
    write_csv(folder / "province.csv", schools, extra=extra)
    info = {"县区名称": LONG}
    write_workbook(folder / "long.xlsx", county_schools("371599", False), county=info)
    return folder


def test_county_names_stay_text_in_the_page(hostile):
    text = run([hostile], "html", "--lang", "en", "--county", "all")
    assert "<script>x" not in text and "&lt;script&gt;x&lt;/script&gt;" in text
    assert "\x1b" not in text
    p = Page(text)
    names = [cells[1] for rid, cells in p.table("rows") if rid]
    assert "<script>x</script>" in names and "[bold]x[/]" in names
    assert '=HYPERLINK("http://example.com","x")' in names and "?[31m红?[0m" in names


def test_county_names_stay_text_in_the_workbook(hostile, tmp_path):
    out = tmp_path / "h.xlsx"
    run([hostile], "xlsx", "--county", "all", out=out)
    wb = load_workbook(out)
    titles = wb.sheetnames
    assert len(titles) == len({x.casefold() for x in titles})
    assert all(0 < len(x) <= 31 and not set(x) & set("[]:*?/\\") for x in titles)
    assert sum(x.endswith(" 汇总") for x in titles) == 5
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]  # no formula anywhere
    link = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert link and all(c.data_type == "s" and c.quotePrefix for c in link)
    names = {r[1] for r in wb["县区一览"].iter_rows(min_row=2, values_only=True)}
    assert {"<script>x</script>", "[bold]x[/]", LONG} <= names


# --- the golden page ------------------------------------------------------------------------
def test_the_region_page_golden(tmp_path, monkeypatch):
    """The region page of the fixed city, default options: any change shows up as a diff.
    File paths are relative to the run's folder; the inputs' hashes (their workbooks carry the
    time they were written) and the version are masked."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    make_city(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["audit", "2024", "2025", "--standard", STANDARD, "--format", "html", "--lang", "en"]
    )
    assert result.exit_code == 1, result.output
    text = result.stdout.replace(__version__, "<version>").replace(STANDARD, "city-test.yaml")
    text = re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text)
    # …and the one digest of the region's inputs, which changes with them.
    text = re.sub(r"(\d+ input files )[0-9a-f]{12}", r"\1<sha256>", text)
    text = re.sub(r"(\.xlsx|\.yaml) [0-9a-f]{12}\b", r"\1 <sha>", text)
    check("region.html", text)
    assert os.path.basename(STANDARD) in text and set(CITY.values()) <= set(
        re.findall(r"\d{6}", text)
    )
