"""The Excel report: sheets, coloured and commented cells, the national tables and the findings
list, checked against the audit's own JSON findings on the demo county and small workbooks."""

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qbcheck.cli import app
from qbcheck.evaluate.engine import evaluate
from qbcheck.kinds import load_standard
from qbcheck.model.fields import FIELDS_BY_KEY, canonical_heading
from qbcheck.model.intake import load
from qbcheck.reports import xlsx
from qbcheck.reports.base import Options
from qbcheck.reports.json import document
from qbcheck.results.build import build_run
from workbooks import good_junior, good_primary, write_csv, write_workbook

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"
RED, AMBER, GREY = (xlsx.FILLS[s] for s in ("fail", "at-risk", "unknown"))
SHUANGMIAO = "3715990026"  # 马坊乡双庙小学: A1 3.39 and A6 1,350 below their thresholds
QB = [f"A{n}" for n in range(1, 8)]


def audit(path, standard, as_of=None):
    return evaluate(load(path).datasets[0], load_standard(standard), as_of)


def report(result, path, lang="zh"):
    """The workbook of one county's result, through the result model, as the CLI writes it."""
    with path.open("wb") as fh:
        xlsx.render(build_run([result]), fh, Options(lang=lang))
    return path


def json_doc(result, lang="zh"):
    run = build_run([result])
    return document(run, run.audits[0], lang)


@pytest.fixture(scope="module")
def liaocheng(tmp_path_factory):
    result = audit(DEMO, "liaocheng-2025")
    out = report(result, tmp_path_factory.mktemp("lc") / "report.xlsx", "zh")
    return result, json_doc(result), load_workbook(out), out


@pytest.fixture(scope="module")
def basic(tmp_path_factory):
    result = audit(DEMO, "basic-balance-2012")
    out = report(result, tmp_path_factory.mktemp("bb") / "report.xlsx", "zh")
    return result, json_doc(result), load_workbook(out)


def fill(cell):
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def school_cell(wb, school_id, key, sheet="学校数据"):
    ws = wb[sheet]
    heading = canonical_heading(FIELDS_BY_KEY[key])
    column = [c.value for c in ws[1]].index(heading) + 1
    for row in ws.iter_rows(min_row=2):
        if row[0].value == school_id:
            return row[column - 1]
    raise AssertionError(f"{school_id} not on the sheet")


def finding(doc, rule, subject, stage=None):
    hits = [
        f
        for f in doc["findings"]
        if f["rule"] == rule and f["subject"] == subject and f["stage"] == stage
    ]
    assert len(hits) == 1, (rule, subject, stage)
    return hits[0]


def table(ws, header_row):
    """A national table as {first text column value: {heading: cell}}, under its header row."""
    headings = [c.value for c in ws[header_row]]
    rows = {}
    for row in ws.iter_rows(min_row=header_row + 1):
        if isinstance(row[0].value, int):
            rows[row[1].value] = dict(zip(headings, row, strict=False))
    return headings, rows


def test_the_report_has_every_sheet_in_order(liaocheng, basic):
    _, _, wb, _ = liaocheng
    assert wb.sheetnames == [
        "汇总",
        "学校数据",
        "表Ⅱ-2（小学）",
        "表Ⅱ-2（初中）",
        "表Ⅲ",
        "问题清单",
    ]
    # The 2012 standard has no per-school resource rule: no 表Ⅱ-2, but its 表Ⅲ.
    assert basic[2].sheetnames == ["汇总", "学校数据", "表Ⅲ", "问题清单"]


def test_a_failing_cell_is_red_with_the_rule_value_threshold_and_gap(liaocheng):
    _, doc, wb, _ = liaocheng
    cell = school_cell(wb, SHUANGMIAO, "primary_teachers_above_degree")
    assert cell.value == 8 and cell.data_type == "n"  # the value as read, a number
    assert fill(cell) == RED
    f = finding(doc, "QB.A1", SHUANGMIAO, "primary")
    assert f["status"] == "fail" and f["threshold"] == 4.2
    text = cell.comment.text
    assert "QB.A1" in text
    assert f"{f['value']:.2f}" == "3.39" and "3.39" in text
    assert "4.20" in text and f"{f['gap']:.2f}" in text and "0.81" in text
    assert "+2" in text  # what closes the gap: two more teachers


def test_findings_on_one_cell_share_a_comment(liaocheng):
    _, _, wb, _ = liaocheng
    cell = school_cell(wb, SHUANGMIAO, "primary_pupils")  # every per-pupil formula reads it
    assert fill(cell) == RED
    assert "QB.A1" in cell.comment.text and "QB.A6" in cell.comment.text
    name = school_cell(wb, SHUANGMIAO, "name")  # the school rule as a whole sits on the name
    assert fill(name) == RED and "QB.A.school" in name.comment.text
    passing = school_cell(wb, SHUANGMIAO, "primary_backbone_teachers")
    assert fill(passing) is None and passing.comment is None


def test_money_is_in_the_headings_unit_and_areas_keep_theirs(liaocheng):
    result, _, wb, _ = liaocheng
    ds = result.dataset
    i = ds.columns["school_id"].index(SHUANGMIAO)
    money = school_cell(wb, SHUANGMIAO, "equipment_value")
    assert money.value == pytest.approx(ds.columns["equipment_value"][i] / 10000)
    assert "万元" in canonical_heading(FIELDS_BY_KEY["equipment_value"])
    assert fill(money) == RED and "QB.A6" in money.comment.text
    area = school_cell(wb, SHUANGMIAO, "teaching_area")
    assert area.value == pytest.approx(ds.columns["teaching_area"][i])
    assert area.number_format == "#,##0.00"
    ws = wb["学校数据"]
    assert (
        ws.freeze_panes == "C2"
        and ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{len(ds) + 1}"
    )


def test_a_target_at_risk_is_amber_and_the_worst_colour_wins(tmp_path):
    # QB.A1 with a target year after the statistics year: 双庙's miss is at risk, not a failure.
    (tmp_path / "later.yaml").write_text(
        "schema: qbcheck/standard/v1\nid: later\nextends: quality-balance-2017\n"
        "title: {zh: 测试, en: test}\ndocument: test\nedition: '1'\neffective: 2025-01-01\n"
        "rules:\n  - id: QB.A1\n    target_year: 2030\n",
        encoding="utf-8",
    )
    result = audit(DEMO, tmp_path / "later.yaml")
    wb = load_workbook(report(result, tmp_path / "r.xlsx", "zh"))
    degree = school_cell(wb, SHUANGMIAO, "primary_teachers_above_degree")
    assert fill(degree) == AMBER and "QB.A1" in degree.comment.text
    assert "存在风险" in degree.comment.text
    pupils = school_cell(wb, SHUANGMIAO, "primary_pupils")  # A1 at risk, A6 failing: red
    assert fill(pupils) == RED
    assert "QB.A1" in pupils.comment.text and "QB.A6" in pupils.comment.text
    _, rows = table(wb["表Ⅱ-2（小学）"], 2)
    a1 = next(cell for h, cell in rows["马坊乡双庙小学"].items() if h.startswith("A1 "))
    assert fill(a1) == AMBER and "存在风险" in a1.comment.text


def test_an_undecided_school_marks_the_blank_cell_grey_with_the_reason(tmp_path):
    path = write_workbook(
        tmp_path / "blank.xlsx",
        [
            good_primary("3715990001", 500),
            good_primary("3715990002", 400, primary_teachers_above_degree=None),
        ],
        county={"县区名称": "样例县", "统计年度": 2025},
    )
    result = audit(path, "quality-balance-2017")
    wb = load_workbook(report(result, tmp_path / "r.xlsx", "zh"))
    cell = school_cell(wb, "3715990002", "primary_teachers_above_degree")
    assert cell.value is None and fill(cell) == GREY
    where = result.dataset.cell("primary_teachers_above_degree", 1)
    assert "QB.A1" in cell.comment.text and "无法判定" in cell.comment.text
    assert where in cell.comment.text  # the reason names the blank cell
    pupils = school_cell(wb, "3715990002", "primary_pupils")
    assert pupils.comment is None  # filled and not behind any miss: left plain
    _, rows = table(wb["表Ⅱ-2（小学）"], 2)
    row = rows["学校3715990002"]
    assert row["该校综合评估是否达标"].value == "无法判定"
    assert fill(row["该校综合评估是否达标"]) == GREY


def test_table_ii_2_has_the_findings_rounded_to_two_decimals(liaocheng):
    result, doc, wb, _ = liaocheng
    ds = result.dataset
    names = dict(zip(ds.columns["school_id"], ds.columns["name"], strict=True))
    for stage, word in (("primary", "小学"), ("junior", "初中")):
        ws = wb[f"表Ⅱ-2（{word}）"]
        assert ws.freeze_panes == "C3"
        headings, rows = table(ws, 2)
        assert headings[:5] == ["序号", "学校名称", "举办者类型", "在校生数", "班级数"]
        assert headings[-1] == "该校综合评估是否达标"
        assert len(rows) == len(result.parts[stage])
        columns = {h.split(" ")[0]: h for h in headings[5:-1]}
        assert list(columns) == QB
        checked = 0
        for f in doc["findings"]:
            if f["stage"] != stage or f["scope"] != "school":
                continue
            row = rows[names[f["subject"]]]
            if f["rule"] == "QB.A.school":
                word_ = {"pass": "是", "fail": "否", "unknown": "无法判定"}[f["status"]]
                assert row["该校综合评估是否达标"].value == word_
                continue
            key = f["rule"].removeprefix("QB.")
            if key not in columns:
                continue
            cell = row[columns[key]]
            assert cell.value == xlsx.rounded(f["value"], 2)
            assert cell.value == pytest.approx(f["value"], abs=0.005)
            assert cell.number_format == "0.00"
            assert fill(cell) == (RED if f["status"] == "fail" else None)
            checked += 1
        assert checked == 7 * len(rows)
        if stage == "primary":
            i = ds.columns["school_id"].index(SHUANGMIAO)
            row = rows["马坊乡双庙小学"]
            assert row["在校生数"].value == ds.columns["primary_pupils"][i]
            assert row["举办者类型"].value == "公办"
            assert row["该校综合评估是否达标"].value == "否"
            assert rows["示范县启明小学"]["举办者类型"].value == "民办"


def test_table_iii_has_the_county_means_and_cvs(liaocheng):
    _, doc, wb, _ = liaocheng
    ws = wb["表Ⅲ"]
    headings, rows = table(ws, 2)
    assert headings[3:] == ["小学全县平均值", "小学差异系数", "初中全县平均值", "初中差异系数"]
    by_key = {name.split(" ")[0]: row for name, row in rows.items()}
    assert list(by_key) == QB
    for key in QB:
        for stage, word in (("primary", "小学"), ("junior", "初中")):
            f = finding(doc, f"QB.{key}.cv", "county", stage)
            cv = by_key[key][f"{word}差异系数"]
            mean = by_key[key][f"{word}全县平均值"]
            assert cv.value == xlsx.rounded(f["value"], 3) and cv.number_format == "0.000"
            assert mean.value == xlsx.rounded(f["mean"], 2)
            assert fill(cv) == (RED if f["status"] == "fail" else None)
    a5 = by_key["A5"]["小学差异系数"]
    assert a5.value == 0.586 and "QB.A5.cv" in a5.comment.text and "≤0.50" in a5.comment.text
    assert by_key["A5"]["小学全县平均值"].value == 11.17


def test_table_iii_of_the_2012_standard_has_the_eight_cvs_and_the_composite(basic):
    _, doc, wb = basic
    _, rows = table(wb["表Ⅲ"], 2)
    keys = [name.split(" ")[0] for name in rows]
    assert keys == [f"E{n}" for n in range(1, 9)] + ["校际间八项指标综合差异系数"]
    for stage, word in (("primary", "小学"), ("junior", "初中")):
        f = finding(doc, "BB.cv", "county", stage)
        for key, cv in f["components"].items():
            row = rows[next(n for n in rows if n.startswith(f"{key} "))]
            assert row[f"{word}差异系数"].value == xlsx.rounded(cv, 3)
            assert isinstance(row[f"{word}全县平均值"].value, float)
        composite = rows["校际间八项指标综合差异系数"]
        assert composite[f"{word}差异系数"].value == xlsx.rounded(f["value"], 3)
    composite = rows["校际间八项指标综合差异系数"]
    assert (composite["小学差异系数"].value, composite["初中差异系数"].value) == (0.185, 0.123)


def test_the_findings_sheet_lists_every_finding_with_a_filter(liaocheng, basic):
    for _, doc, wb, *_ in (liaocheng, basic):
        ws = wb["问题清单"]
        assert ws.max_row == len(doc["findings"]) + 1
        assert ws.auto_filter.ref == f"A1:M{ws.max_row}"
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]][:7] == [
            "规则编号",
            "规则名称",
            "范围",
            "对象",
            "学校名称",
            "学段",
            "结论",
        ]
    _, doc, wb, _ = liaocheng
    rows = [[c.value for c in r] for r in wb["问题清单"].iter_rows(min_row=2)]
    statuses = {
        "pass": "达标",
        "fail": "未达标",
        "unknown": "无法判定",
        "attested": "自评承诺",
        "at-risk": "存在风险",
    }
    for f, row in zip(doc["findings"], rows, strict=True):
        assert row[0] == f["rule"] and row[6] == statuses[f["status"]]
        if f["scope"] == "school":
            assert row[3] == f["subject"] and row[4] == f["name"] and row[12] == f["location"]
        if isinstance(f["value"], float) and not isinstance(row[7], str):
            assert row[7] == pytest.approx(f["value"])  # full precision, a number
    a1 = next(
        r
        for r in wb["问题清单"].iter_rows(min_row=2)
        if r[0].value == "QB.A1" and r[3].value == SHUANGMIAO
    )
    assert a1[7].data_type == "n" and a1[7].number_format == "#,##0.00"
    assert fill(a1[6]) == RED and a1[9].value == pytest.approx(
        finding(doc, "QB.A1", SHUANGMIAO, "primary")["gap"]
    )


def test_the_summary_names_the_verdict_the_blocking_rules_and_the_targets_at_risk(liaocheng):
    _, doc, wb, _ = liaocheng
    texts = [c.value for row in wb["汇总"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "优质均衡：未达到" in texts
    assert (
        "示范县（371599）" in texts and "liaocheng-2025 → shandong → quality-balance-2017" in texts
    )
    for part in doc["summary"]["parts"]:
        assert f"{part['part']} {part['title']}" in texts
    assert any(t.startswith("阻碍认定的未达标项") for t in texts)
    assert any(t.startswith("目标年度前尚未达到") for t in texts)
    for rule in ("QB.A5.cv", "QB.B11", "LC.T1", "LC.C2", "LC.T3"):
        assert rule in texts
    verdict = next(
        c for row in wb["汇总"].iter_rows() for c in row if c.value == "优质均衡：未达到"
    )
    assert fill(verdict) == RED


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    evil = '=HYPERLINK("http://example.com","点我")'
    path = write_workbook(
        tmp_path / "evil.xlsx",
        [
            good_primary("3715990001", name="PLACEHOLDER"),
            good_primary("3715990002", name="@SUM(1)", primary_teachers_above_degree=1),
            good_primary("3715990003", name="-1+2"),
        ],
    )
    wb = load_workbook(path)  # openpyxl would write "=…" as a formula: store it as text
    for row in wb["学校"].iter_rows():
        for cell in row:
            if cell.value == "PLACEHOLDER":
                cell.value, cell.data_type = evil, "s"
    wb.save(path)
    result = audit(path, "quality-balance-2017")
    assert result.dataset.columns["name"][0] == evil
    out = report(result, tmp_path / "r.xlsx", "zh")
    book = load_workbook(out)
    seen = 0
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (evil, "@SUM(1)", "-1+2"):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
                    seen += 1
    assert seen >= 3 * 3  # school data, 表Ⅱ-2 and the findings list
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    assert school_cell(book, "3715990002", "name").comment is not None  # 1 teacher: fails


def test_an_english_report_has_english_sheets_and_headings(tmp_path):
    result = audit(DEMO, "liaocheng-2025")
    wb = load_workbook(report(result, tmp_path / "en.xlsx", "en"))
    assert wb.sheetnames == [
        "Summary",
        "School data",
        "Table II-2 (primary)",
        "Table II-2 (junior)",
        "Table III",
        "Findings",
    ]
    assert [c.value for c in wb["Findings"][1]][:3] == ["Rule", "Title", "Scope"]
    texts = [c.value for row in wb["Summary"].iter_rows() for c in row]
    assert "quality balance: not achieved" in texts
    cell = school_cell(wb, SHUANGMIAO, "primary_teachers_above_degree", "School data")
    assert "QB.A1 (primary): FAIL" in cell.comment.text
    assert wb["Table II-2 (primary)"]["F2"].value.startswith(
        "A1 Teachers above the required degree"
    )


def test_too_many_findings_for_a_sheet_list_failures_first_and_leave_out_passes(
    monkeypatch, tmp_path
):
    result = audit(DEMO, "liaocheng-2025")
    doc = json_doc(result)
    failing = [f for f in doc["findings"] if f["status"] in ("fail", "at-risk")]
    others = [f for f in doc["findings"] if f["status"] in ("unknown", "attested")]
    monkeypatch.setattr(xlsx, "EXCEL_ROWS", len(failing) + 11)  # room for 10 of the others
    wb = load_workbook(report(result, tmp_path / "r.xlsx", "zh"))
    rows = [[c.value for c in r] for r in wb["问题清单"].iter_rows(min_row=2)]
    listed = failing + others[:10]
    assert [(r[0], r[6]) for r in rows] == [
        (
            f["rule"],
            {
                "fail": "未达标",
                "at-risk": "存在风险",
                "unknown": "无法判定",
                "attested": "自评承诺",
            }[f["status"]],
        )
        for f in listed
    ]
    texts = [c.value for row in wb["汇总"].iter_rows() for c in row if isinstance(c.value, str)]
    note = f"仅列出 {len(listed)} 行（共 {len(doc['findings'])} 行"
    assert any(note in t for t in texts)


def test_a_waived_finding_stays_marked_and_says_who_waived_it(tmp_path):
    import datetime as dt

    from qbcheck.rules.waivers import load_waivers

    path = tmp_path / "waivers.yaml"
    path.write_text(
        f"- rule: QB.A1\n  subject: '{SHUANGMIAO}'\n  stage: primary\n"
        "  justification: 2名专科教师9月到岗\n  approved_by: 县教育局人事股\n"
        "  expires: 2099-09-01\n",
        encoding="utf-8",
    )
    result = audit(DEMO, "liaocheng-2025")
    result.apply_waivers(load_waivers(path), dt.date.today())
    wb = load_workbook(report(result, tmp_path / "r.xlsx", "zh"))
    cell = school_cell(wb, SHUANGMIAO, "primary_teachers_above_degree")
    assert fill(cell) == RED  # still failing: a waiver never hides a finding
    assert "[已豁免]" in cell.comment.text and "县教育局人事股" in cell.comment.text
    ws = wb["问题清单"]
    assert ws[1][13].value == "豁免" and ws.auto_filter.ref.startswith("A1:N")
    row = next(
        r for r in ws.iter_rows(min_row=2) if r[0].value == "QB.A1" and r[3].value == SHUANGMIAO
    )
    assert "2名专科教师9月到岗" in row[13].value
    texts = [c.value for r in wb["汇总"].iter_rows() for c in r if isinstance(c.value, str)]
    assert any("2名专科教师9月到岗" in t for t in texts)


def test_a_failing_cv_names_the_schools_that_move_it_and_the_summary_has_provenance(liaocheng):
    result, _, wb, _ = liaocheng
    _, rows = table(wb["表Ⅲ"], 2)
    a5 = next(row for name, row in rows.items() if name.startswith("A5 "))["小学差异系数"]
    c = next(c for c in result.county_results if c.rule.id == "QB.A5.cv" and c.stage == "primary")
    assert c.drivers
    for d in c.drivers:
        assert result.dataset.columns["name"][d.school] in a5.comment.text
    texts = [c.value for r in wb["汇总"].iter_rows() for c in r if isinstance(c.value, str)]
    assert any("SHA-256" in t and "demo-county.xlsx" in t for t in texts)


def test_rounding_is_half_away_from_zero_on_the_decimal_value():
    assert xlsx.rounded(2.675, 2) == 2.68  # round() gives 2.67 (binary 2.67499…)
    assert xlsx.rounded(0.5855, 3) == 0.586
    assert xlsx.rounded(-1.005, 2) == -1.01
    assert xlsx.rounded(None, 2) is None and xlsx.rounded(float("nan"), 2) is None


def three_counties(tmp_path):
    """A provincial CSV of three counties: 甲县 passes, 乙县 fails QB.A1 at B1, 丙县 has an
    undecided school (a blank) and a name that looks like a formula."""
    schools = [
        good_primary("A1"),
        good_junior("A2"),
        good_primary("B1", primary_teachers_above_degree=10),
        good_junior("B2"),
        good_primary("C1", name="=1+1", multimedia_rooms=None),
        good_junior("C2", sports_ground_area=2000),
    ]
    return write_csv(
        tmp_path / "province.csv",
        schools,
        extra={
            "县区名称": ["甲县", "甲县", "乙县", "乙县", "丙县", "丙县"],
            "县区代码": ["371501", "371501", "371502", "371502", "371503", "371503"],
        },
    )


def test_several_counties_make_one_workbook_with_every_finding_of_the_json(tmp_path):
    path = three_counties(tmp_path)
    out = tmp_path / "province.xlsx"
    runner = CliRunner()
    args = ["audit", str(path), "--county", "all"]
    made = runner.invoke(app, [*args, "-o", str(out), "--format", "xlsx"])
    assert made.exit_code == 1, made.output  # the worst county fails
    doc = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    wb = load_workbook(out)
    titles = wb.sheetnames
    assert len(titles) == len({t.casefold() for t in titles})
    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
    assert titles[:3] == ["区域汇总", "县区一览", "年度变化"] and titles[-1] == "问题清单"
    for code in ("371501", "371502", "371503"):
        mine = [t for t in titles if t.startswith(f"{code} ")]
        assert mine[:2] == [f"{code} 汇总", f"{code} 学校数据"] and f"{code} 表Ⅲ" in mine
    # The counties sheet: each county with its verdict and counts, as the JSON has them.
    head, *rows = wb["县区一览"].iter_rows(values_only=True)
    listed = {r[2]: dict(zip(head, r, strict=True)) for r in rows}
    assert sorted(listed) == ["371501", "371502", "371503"]
    for row in doc["region"]["rows"]:
        cells = listed[row["county_code"]]
        assert (cells["序"], cells["县区"]) == (row["rank"], row["county_name"])
        assert (
            cells["结论"]
            == {"pass": "达到", "fail": "未达到", "unknown": "不能判定"}[row["verdict"]]
        )
        assert (cells["未达标规则"], cells["无法判定规则"]) == tuple(row["rules"].values())
        assert cells["未达标学校部分"] == row["failing_parts"]
    # The findings sheet: every finding of every county, in the JSON's order, with its county.
    ws = wb["问题清单"]
    assert [c.value for c in ws[1]][:5] == ["县区", "规则编号", "规则名称", "范围", "对象"]
    words = {
        "pass": "达标",
        "fail": "未达标",
        "unknown": "无法判定",
        "attested": "自评承诺",
        "at-risk": "存在风险",
    }
    listed = []
    for r in ws.iter_rows(min_row=2):
        county, rule, subject, status = r[0].value, r[1].value, r[4].value, r[7].value
        listed.append((county, rule, "county" if subject == county else subject, status))
    expected = [
        (
            f"{c['input']['county_name']}（{c['input']['county_code']}）",
            f["rule"],
            f["subject"],
            words[f["status"]],
        )
        for c in doc["counties"]
        for f in c["findings"]
    ]
    assert listed == expected
    non_pass = [e for e in expected if e[3] != "达标"]
    assert ("乙县（371502）", "QB.A1", "B1", "未达标") in non_pass
    assert ("丙县（371503）", "QB.A7", "C1", "无法判定") in non_pass
    assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
    # A county's sheets are that county's: 乙县's B1 is red on its own data sheet, not 甲县's.
    b1 = school_cell(wb, "B1", "primary_teachers_above_degree", "371502 学校数据")
    assert fill(b1) == RED and "QB.A1" in b1.comment.text
    with pytest.raises(AssertionError):
        school_cell(wb, "B1", "name", "371501 学校数据")
    rooms = school_cell(wb, "C1", "multimedia_rooms", "371503 学校数据")
    assert rooms.value is None and fill(rooms) == GREY and "QB.A7" in rooms.comment.text
    # Text from the data stays text in every sheet.
    seen = [
        cell for sheet in wb for row in sheet.iter_rows() for cell in row if cell.value == "=1+1"
    ]
    assert seen and all(c.data_type == "s" and c.quotePrefix for c in seen)


def test_sheet_titles_of_several_counties_stay_unique_and_short(tmp_path):
    """Counties without a code are prefixed by name; a long or odd name is cut and cleaned."""
    schools = [good_primary("A1"), good_primary("B1"), good_primary("C1")]
    path = write_csv(
        tmp_path / "p.csv",
        schools,
        extra={
            "县区名称": ["某某市某某区[试点]:*?/\\某某县", "某某市某某区[试点]:*?/\\某某县乙", "Ab"]
        },
    )
    out = tmp_path / "p.xlsx"
    args = ["audit", str(path), "-o", str(out), "--select", "QB.A", "--county", "all"]
    made = CliRunner().invoke(app, args)
    assert made.exit_code in (0, 1, 3), made.output
    titles = load_workbook(out).sheetnames
    assert len(titles) == len({t.casefold() for t in titles})
    assert all(0 < len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
    assert sum(t.endswith(" 汇总") for t in titles) == 3  # and 区域汇总


def test_text_from_the_data_loses_characters_xml_cannot_hold(tmp_path):
    path = write_workbook(tmp_path / "c.xlsx", [good_primary("3715990001")])
    result = audit(path, "quality-balance-2017")
    result.dataset.columns.set_list("name", ["学校\x01\ufffe\uffff甲"])
    wb = load_workbook(report(result, tmp_path / "r.xlsx", "zh"))
    assert school_cell(wb, "3715990001", "name").value == "学校甲"
