"""`qbcheck validate` and the sanity checks: figures that cannot all be right together are
errors (exit 2); figures that are only suspicious are warnings, shown without blocking."""

import hashlib
import json

import pytest
from typer.testing import CliRunner

from qbcheck.cli import app
from qbcheck.files.reader import column_letter
from qbcheck.model.fields import SCHOOL_FIELDS
from workbooks import good_junior, good_primary, sample_county, school, write_csv, write_workbook

# The column the test workbooks write 所属学校标识码 in (they follow the field table's order).
PARENT = column_letter([f.key for f in SCHOOL_FIELDS].index("parent_id"))

runner = CliRunner()
COUNTY = {"县区名称": "样例县", "县区代码": "371599", "统计年度": 2025}


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def validate_json(path):
    result = run("validate", path, "--format", "json", "--lang", "en")
    return result.exit_code, json.loads(result.stdout)


def test_a_valid_file_exits_0_with_a_summary(tmp_path):
    path = write_workbook(tmp_path / "ok.xlsx", sample_county(), county=COUNTY)
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Valid: 7 schools, 0 warning(s).")
    code, doc = validate_json(path)
    assert code == 0 and doc["valid"] is True and doc["exit_code"] == 0
    assert doc["format"] == "xlsx" and doc["schools"] == 7
    assert doc["counties"] == [
        {"county_name": "样例县", "county_code": "371599", "year": 2025, "schools": 7}
    ]
    assert doc["errors"] == [] and doc["warnings"] == []


def test_an_invalid_file_exits_2_and_json_carries_the_errors(tmp_path):
    path = write_workbook(tmp_path / "bad.xlsx", [good_primary("P1", primary_pupils="很多")])
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == 2 and "[E107] 学校!F2" in result.output
    code, doc = validate_json(path)
    assert code == 2 and doc["valid"] is False and doc["exit_code"] == 2
    assert doc["errors"] == [
        {
            "code": "E107",
            "location": "学校!F2",
            "message": "学校!F2 '小学在校生数': the value '很多' is not a number.",
        }
    ]
    missing = validate_json(tmp_path / "nope.xlsx")
    assert missing[0] == 2 and missing[1]["errors"][0]["code"] == "E101"


def test_validate_writes_json_to_a_file_and_never_to_its_input(tmp_path):
    path = write_workbook(tmp_path / "ok.xlsx", sample_county())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path / "v.json"
    assert run("validate", path, "-f", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["valid"] is True
    assert run("validate", path, "-o", path).exit_code == 2
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def codes(doc, kind):
    return {(p["code"], p["location"]) for p in doc[kind]}


@pytest.mark.parametrize(
    ("over", "code", "where", "text"),
    [
        (
            {"primary_teachers": 30, "primary_teachers_above_degree": 31},
            "E139",
            "学校!R2",
            "学校!R2 '小学高于规定学历教师数': 31 is more than '小学专任教师数' 30 (学校!P2)",
        ),
        ({"primary_backbone_teachers": 99}, "E139", "学校!T2", "which cannot be"),
        (
            {"teaching_area": 300, "indoor_sports_area": 400},
            "E139",
            "学校!L2",
            "'室内体育用房面积（平方米）': 400 is more than '教学及辅助用房面积（平方米）' 300",
        ),
        ({"primary_classes": 0}, "E140", "学校!I2", "500 pupils (学校!F2) but 0 classes"),
    ],
)
def test_figures_that_cannot_be_right_are_errors(tmp_path, over, code, where, text):
    path = write_workbook(tmp_path / "e.xlsx", [good_primary("P1", 500, **over)])
    exit_code, doc = validate_json(path)
    assert exit_code == 2
    hit = [e for e in doc["errors"] if e["code"] == code]
    assert hit and hit[0]["location"] == where, doc["errors"]
    assert text in hit[0]["message"]


@pytest.mark.parametrize(
    ("row", "code", "where", "text"),
    [
        (good_primary("P1", 500, primary_classes=5), "W104", "学校!I2", "average 100.0 pupils"),
        (good_primary("P1", 0, primary_classes=3), "W103", "学校!F2", "3 classes but 0 pupils"),
        (good_primary("P1", 500, teaching_area=80_000), "W105", "学校!K2", "160.0 m² per pupil"),
        (
            good_primary("P1", 500, equipment_value=1_250_000),
            "W106",
            "学校!N2",
            "were yuan typed into a 万元 column?",
        ),
        (
            good_primary("P1", 500, equipment_value=0.001),
            "W106",
            "学校!N2",
            "were 万元 typed into a 元 column?",
        ),
        (good_primary("P1", 500, junior_pupils=40), "W107", "学校!G2", "no junior stage"),
        (
            school("N1", "九年一贯制学校", primary_pupils=0, junior_pupils=300),
            "W108",
            "学校!F2",
            "with 0 primary pupils",
        ),
        (
            good_primary("T1", 60) | {"school_type": "教学点"},
            "W109",
            f"学校!{PARENT}2",
            "names no parent",
        ),
        (
            good_primary("T1", 60, parent_id="X9") | {"school_type": "教学点"},
            "W110",
            f"学校!{PARENT}2",
            "'X9'",
        ),
    ],
)
def test_suspicious_figures_are_warnings_that_do_not_block(tmp_path, row, code, where, text):
    path = write_workbook(tmp_path / "w.xlsx", [row, good_junior("J1")])
    exit_code, doc = validate_json(path)
    assert exit_code == 0, doc["errors"]
    hit = [w for w in doc["warnings"] if w["code"] == code]
    assert hit and hit[0]["location"] == where, doc["warnings"]
    assert text in hit[0]["message"]
    audit = run("audit", path, "--lang", "en")
    assert audit.exit_code in (0, 1, 3)
    assert f"[{code}]" in audit.stderr and f"[{code}]" not in audit.stdout


def test_teaching_points_in_a_file_without_the_parent_column_get_one_note(tmp_path):
    points = [good_primary(f"T{i}", 60) | {"school_type": "教学点"} for i in range(3)]
    path = write_workbook(tmp_path / "tp.xlsx", [*points, good_junior("J1")], drop=["parent_id"])
    code, doc = validate_json(path)
    assert code == 0
    assert [(w["code"], w["location"]) for w in doc["warnings"]] == [("W111", None)]
    assert "3 teaching point(s) but no column '所属学校标识码'" in doc["warnings"][0]["message"]


def test_a_stage_the_type_does_not_have_is_not_checked(tmp_path):
    # a 小学's junior columns are not read, so their nonsense is not an error
    row = good_primary("P1", junior_teachers=1, junior_teachers_above_degree=5)
    exit_code, doc = validate_json(write_workbook(tmp_path / "s.xlsx", [row]))
    assert exit_code == 0, doc["errors"]


def test_duplicate_ids_are_an_error_with_both_cells(tmp_path):
    path = write_csv(tmp_path / "d.csv", [good_primary("P1"), good_primary("P1")])
    exit_code, doc = validate_json(path)
    assert exit_code == 2
    assert doc["errors"][0]["code"] == "E112"
    assert "d.csv:3:A" in doc["errors"][0]["message"] and "d.csv:2:A" in doc["errors"][0]["message"]


def test_sanity_errors_and_cell_errors_come_together(tmp_path):
    rows = [good_primary("P1", primary_pupils="很多"), good_primary("P2", primary_classes=0)]
    exit_code, doc = validate_json(write_workbook(tmp_path / "t.xlsx", rows))
    assert exit_code == 2
    assert {e["code"] for e in doc["errors"]} == {"E107", "E140"}


def test_validate_counts_counties(tmp_path):
    path = write_csv(
        tmp_path / "p.csv",
        [good_primary("A1"), good_primary("B1")],
        extra={"县区名称": ["甲县", "乙县"]},
    )
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == 0 and "Valid: 2 schools in 2 counties" in result.output


def test_a_bad_year_in_the_county_sheet_names_its_cell(tmp_path):
    county = {"县区名称": "样例县", "统计年度": "明年"}
    path = write_workbook(tmp_path / "y.xlsx", [good_primary("P1")], county=county)
    code, doc = validate_json(path)
    assert code == 2
    assert doc["errors"] == [
        {
            "code": "E115",
            "location": "基本信息!B3",
            "message": "基本信息!B3: the value '明年' of '统计年度' is not valid; "
            "expected 1990–2100.",
        }
    ]
