"""`qbcheck template`: the workbook an officer fills in. Checked by opening it (no screenshot):
headings in row 1 with a note on each, drop-downs and number checks, a frozen header, widths, the
填表说明 sheet; and, filled in, it audits to the same findings as the data it was filled with."""

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qbcheck.cli import app
from qbcheck.cli.template import template_fields
from qbcheck.model.fields import SCHOOL_FIELDS, canonical_heading
from workbooks import sample_county, write_workbook

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"
FIXTURES = Path(__file__).parent / "fixtures"
COUNTY = {"县区名称": "样例县", "县区代码": "371599", "统计年度": 2025}
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("t") / "template.xlsx"
    result = run("template", out)
    assert result.exit_code == 0, result.output
    return out


def findings(path):
    result = run("audit", path, "--format", "json", "--lang", "en")
    assert result.exit_code in (0, 1, 3), result.output
    doc = json.loads(result.stdout)
    return result.exit_code, {
        (f["rule"], f["subject"], f["stage"]): (f["status"], f["value"], f.get("location"))
        for f in doc["findings"]
    }


def same(a, b):
    """Same exit code and the same finding for every rule and subject. A county item left
    blank in the template names its blank cell (县域指标!B2) where a file without the sheet
    has no cell to name, so county locations are compared only when both have one."""
    assert a[0] == b[0]
    assert a[1].keys() == b[1].keys()
    for key, (status, value, loc) in a[1].items():
        other = b[1][key][2]
        assert b[1][key][0] == status, key
        assert other == loc or (key[1] == "county" and None in (loc, other)), key
        assert b[1][key][1] == pytest.approx(value), key


def test_headings_are_in_row_1_with_a_note_on_each(template):
    wb = load_workbook(template)
    assert wb.sheetnames == ["学校", "基本信息", "县域指标", "班级", "填表说明"]
    ws = wb["学校"]
    fields = template_fields()
    assert [c.value for c in ws[1]] == [canonical_heading(f) for f in fields]
    assert {f.key for f in fields} >= {f.key for f in SCHOOL_FIELDS if f.required}
    for cell in ws[1]:
        assert cell.comment is not None and cell.comment.text.strip(), cell.value
    assert "全校，含室内体育用房" in ws["K1"].comment.text  # the field's own note
    assert "万元" in ws["N1"].value and "万元" in ws["N1"].comment.text
    assert ws.freeze_panes == "A2"
    assert all(ws.column_dimensions[c.column_letter].width >= 10 for c in ws[1])
    assert ws.column_dimensions["A"].number_format == "@"  # ids stay text


def test_drop_downs_and_number_checks(template):
    ws = load_workbook(template)["学校"]
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_column[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    heading = {c.value: c.column_letter for c in ws[1]}
    school_type = by_column[heading["学校类型"]]
    assert school_type.type == "list"
    assert school_type.formula1 == '"小学,初级中学,九年一贯制学校,十二年一贯制学校,完全中学,教学点"'
    assert by_column[heading["城乡分类"]].formula1 == '"城区,镇区,乡村"'
    assert by_column[heading["办学性质"]].formula1 == '"公办,民办"'
    pupils = by_column[heading["小学在校生数"]]
    assert (pupils.type, pupils.operator, pupils.formula1) == ("whole", "greaterThanOrEqual", "0")
    area = by_column[heading["教学及辅助用房面积（平方米）"]]
    assert (area.type, area.formula1) == ("decimal", "0")
    assert all(dv.showErrorMessage and dv.error for dv in by_column.values())
    assert all(dv.allow_blank for dv in by_column.values())  # blank stays allowed: missing


def test_the_guide_sheet_defines_every_field(template):
    wb = load_workbook(template)
    rows = list(wb["填表说明"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "表头")
    table = {r[0]: r for r in rows[header + 1 :]}
    for f in template_fields():
        row = table[canonical_heading(f)]
        assert row[1] == f.key
        assert row[6], f"no definition for {f.key}"
        assert row[7], f"no source for {f.key}"
    assert table["教学仪器设备值（万元）"][3] == "万元"
    assert "QB.A6" in table["教学仪器设备值（万元）"][8]
    info = wb["基本信息"]
    assert [info.cell(r, 1).value for r in range(2, 5)] == ["县区名称", "县区代码", "统计年度"]
    assert info.data_validations.dataValidation[0].formula1 == "1990"


def test_a_template_filled_by_hand_audits_like_the_data(template, tmp_path):
    """A test plays the officer: it opens the template, types the rows in, saves, audits."""
    reference = write_workbook(tmp_path / "ref.xlsx", sample_county(), county=COUNTY)
    wb = load_workbook(template)
    ws = wb["学校"]
    keys = [f.key for f in template_fields()]
    for r, s in enumerate(sample_county(), start=2):
        for j, key in enumerate(keys, start=1):
            if s.get(key) is not None:
                ws.cell(row=r, column=j, value=s[key])
    info = wb["基本信息"]
    for r in range(2, 5):
        info.cell(r, 2, COUNTY[info.cell(r, 1).value])
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    same(findings(reference), findings(filled))
    assert run("validate", filled).exit_code == 0


@pytest.mark.parametrize("source", ["county.xls", "county.ods"])
def test_template_from_an_old_file_audits_the_same(source, tmp_path):
    out = tmp_path / "converted.xlsx"
    result = run("template", out, "--from", FIXTURES / source)
    assert result.exit_code == 0, result.output
    same(findings(FIXTURES / source), findings(out))
    info = load_workbook(out)["基本信息"]
    assert (info["B2"].value, info["B3"].value, info["B4"].value) == ("样例县", "371599", 2025)


@pytest.mark.skipif(not DEMO.exists(), reason="the demo workbook lands on main separately")
def test_template_example_audits_to_the_demo_findings(tmp_path):
    out = tmp_path / "example.xlsx"
    assert run("template", out, "--example").exit_code == 0
    same(findings(DEMO), findings(out))


def test_template_in_english_and_its_refusals(tmp_path):
    out = tmp_path / "en.xlsx"
    assert run("template", out, "--lang", "en").exit_code == 0
    wb = load_workbook(out)
    assert wb["学校"]["A1"].value == "学校标识码"  # headings stay canonical
    assert "unique id" in wb["学校"]["A1"].comment.text
    src = FIXTURES / "county.xls"
    assert run("template", src, "--from", src).exit_code == 2  # never writes its input
    if not DEMO.exists():
        result = run("template", tmp_path / "x.xlsx", "--example", "--lang", "en")
        assert result.exit_code == 2 and "[E141]" in result.output
