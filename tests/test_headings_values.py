"""Headings as officers type them, and values as offices store them: each variant is read the
same as the canonical form, each bad value gets its own message with its cell."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from qbcheck.cli import app
from qbcheck.files.reader import read_workbook
from qbcheck.model import values
from qbcheck.model.dataset import build_dataset
from qbcheck.model.fields import SCHOOL_FIELDS, Field
from qbcheck.model.headings import lookup, parse
from workbooks import KEY_TO_HEADING, good_junior, good_primary, write_workbook

runner = CliRunner()
PAIR = [good_primary("P1", 500), good_junior("J1", 600)]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def findings(path):
    result = run("audit", path, "--format", "json", "--lang", "en", "--select", "QB.A")
    assert result.exit_code in (0, 1, 3), result.output
    doc = json.loads(result.stdout)
    return doc, {(f["rule"], f["subject"], f["stage"]): f["value"] for f in doc["findings"]}


@pytest.mark.parametrize(
    ("heading", "key", "unit"),
    [
        ("教学及辅助用房面积(平方米)", "teaching_area", "平方米"),
        ("教学及辅助用房面积 （ ㎡ ）", "teaching_area", "m2"),
        ("教学及辅助用房面积【m²】", "teaching_area", "m2"),
        ("运动场地面积/平米", "sports_ground_area", "平米"),
        ("教学仪器设备值（单位：元）", "equipment_value", "元"),
        ("教学仪器设备值万元", "equipment_value", "万元"),
        ("教学仪器设备值（账面原值）（万元）", "equipment_value", "万元"),
        ("小学在校学生数", "primary_pupils", None),
        ("初中学生数（人）", "junior_pupils", "人"),
        ("小学县级以上骨干教师数", "primary_backbone_teachers", None),
        ("初中体育、艺术专任教师数", "junior_pe_arts_teachers", None),
        ("体育艺术专任教师数", None, None),
        ("School_ID", "school_id", None),
        ("学校标识码*", "school_id", None),
        ("办学类型", "school_type", None),
        ("多媒体教室数（间）", "multimedia_rooms", "间"),
        ("县(市、区)", "county_name", None),
    ],
)
def test_heading_variants_match_their_field(heading, key, unit):
    hit = lookup(heading)
    if key is None:
        assert hit is None
    else:
        assert hit is not None and hit[0].key == key and hit[1] == unit


def test_a_bracketed_comment_is_not_a_unit():
    assert parse("教学及辅助用房面积（含室内体育用房）").unit is None


def test_variant_headings_audit_the_same_as_canonical(tmp_path):
    canonical = write_workbook(tmp_path / "a.xlsx", PAIR)
    wan = dict(PAIR[0], equipment_value=PAIR[0]["equipment_value"] * 10000)
    variants = write_workbook(
        tmp_path / "b.xlsx",
        [wan, dict(PAIR[1], equipment_value=PAIR[1]["equipment_value"] * 10000)],
        rename={
            "teaching_area": "教学及辅助用房面积 (㎡)",
            "sports_ground_area": "运动场地面积【m²】",
            "equipment_value": "教学仪器设备值(元)",
            "primary_pupils": "小学在校学生数",
            "junior_pupils": "初中在校学生数",
            "primary_backbone_teachers": "小学县级以上骨干教师数",
            "school_id": "school_id",
        },
    )
    assert findings(canonical)[1] == pytest.approx(findings(variants)[1])


def test_unknown_columns_are_listed_as_ignored(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", PAIR, rename={"parent_id": "备注"})
    result = run("audit", path, "--format", "json", "--select", "QB.A")
    assert json.loads(result.stdout)["input"]["ignored_columns"] == ["备注"]
    assert "[W101]" in result.stderr and "备注" in result.stderr


def test_a_foreign_unit_is_an_error_not_a_silent_square_metre(tmp_path):
    path = write_workbook(
        tmp_path / "mu.xlsx", PAIR, rename={"sports_ground_area": "运动场地面积（亩）"}
    )
    result = run("audit", path, "--lang", "en", "--select", "QB.A")
    assert result.exit_code == 2
    assert "[E113] Column '运动场地面积（亩）': unit '亩' is not recognised" in result.output


def test_missing_column_suggests_the_closest_heading(tmp_path):
    path = write_workbook(
        tmp_path / "m.xlsx", PAIR, rename={"teaching_area": "教学及辅助房屋面积（平方米）"}
    )
    result = run("audit", path, "--lang", "en", "--select", "QB.A")
    assert result.exit_code == 2
    assert "Required column '教学及辅助用房面积（平方米）' is missing." in result.output
    assert "The sheet has '教学及辅助房屋面积（平方米）': is that the column?" in result.output


def test_a_title_row_above_the_headings_is_skipped_with_a_warning(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", PAIR)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["学校"].insert_rows(1)
    wb["学校"]["A1"] = "2025年某县义务教育学校基本情况表"
    wb.save(path)
    result = run("audit", path, "--lang", "en", "--select", "QB.A")
    assert result.exit_code == 0, result.output
    assert "[W102] Sheet '学校' has its headings in row 2" in result.stderr


# --- values --------------------------------------------------------------------------------


def cells(tmp_path, overrides, fields=SCHOOL_FIELDS, extra_headings=()):
    """A workbook of one primary school whose cells are replaced by `overrides` (key → value);
    returns (dataset, problems) as the model reads them."""
    keys = [f.key for f in fields if f.key in KEY_TO_HEADING]
    s = good_primary("P1", 500)
    wb = Workbook()
    ws = wb.active
    ws.title = "学校"
    ws.append([KEY_TO_HEADING[k] for k in keys] + list(extra_headings))
    ws.append(
        [overrides.get(k, s.get(k)) for k in keys] + [overrides.get(h) for h in extra_headings]
    )
    path = tmp_path / "v.xlsx"
    wb.save(path)
    return build_dataset(read_workbook(path, ("学校",)), fields)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("１２３", 123),
        ("1,234", 1234),
        ("１，２３４", 1234),
        (" 56 ", 56),
        ("56人", 56),
        ("−0", 0),
        ("", None),
        ("—", None),
        ("-", None),
        ("/", None),
        ("无", None),
    ],
)
def test_numbers_as_offices_type_them(tmp_path, raw, value):
    ds, problems = cells(tmp_path, {"primary_teachers": raw})
    assert problems == []
    assert ds.columns["primary_teachers"][0] == value


def test_money_written_with_its_own_unit_is_converted(tmp_path):
    ds, problems = cells(tmp_path, {"equipment_value": "12万元"})  # heading is in 万元
    assert problems == [] and ds.columns["equipment_value"][0] == pytest.approx(120_000)
    ds, problems = cells(tmp_path, {"equipment_value": "5000元"})
    assert problems == [] and ds.columns["equipment_value"][0] == pytest.approx(5000)


def test_blank_and_dash_are_missing_never_zero(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", [dict(PAIR[0], multimedia_rooms="—"), PAIR[1]])
    doc, _values = findings(path)
    a7 = next(f for f in doc["findings"] if f["rule"] == "QB.A7" and f["subject"] == "P1")
    assert a7["status"] == "unknown" and a7["value"] is None
    assert "学校!O2" in a7["reason"]


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("很多", "E107", "学校!P2 '小学专任教师数': the value '很多' is not a number."),
        ("1,23", "E107", "the value '1,23' is not a number"),
        ("#DIV/0!", "E130", "学校!P2 '小学专任教师数': the cell holds the Excel error #DIV/0!"),
        ("=SUM(A1:A3)", "E131", "the cell is a formula (=SUM(A1:A3)) saved without its result"),
        (dt.date(2025, 3, 5), "E132", "the cell holds a date (2025-03-05), not a number"),
        (True, "E107", "the value 'TRUE' is not a number"),
        ("95%", "E134", "'95%' is a percentage, but this column takes an amount"),
        (12.5, "E109", "the value 12.5 must be a whole number"),
        (-3, "E108", "the value -3 is negative"),
    ],
)
def test_each_bad_value_gets_a_precise_message_and_cell(tmp_path, raw, code, message):
    ds, problems = cells(tmp_path, {"primary_teachers": raw})
    assert [p.code for p in problems] == [code]
    assert message in problems[0].message("en")
    assert problems[0].location == "学校!P2"
    assert ds.columns["primary_teachers"][0] is None


def test_a_long_id_stored_as_a_number_lost_digits(tmp_path):
    _ds, problems = cells(tmp_path, {"school_id": 371599000100012345.0})
    assert [p.code for p in problems] == ["E137"]
    assert "more than 15 digits" in problems[0].message("en")


def test_ids_are_read_as_text_and_width_folded(tmp_path):
    ds, problems = cells(tmp_path, {"school_id": 3715990001.0})
    assert problems == [] and ds.columns["school_id"] == ["3715990001"]
    ds, _problems = cells(tmp_path, {"school_id": "３７１５９９０００１"})
    assert ds.columns["school_id"] == ["3715990001"]


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ("school_type", "九年一贯制", "九年一贯制学校"),
        ("school_type", "初中", "初级中学"),
        ("locale", 220, "乡村"),
        ("locale", "121", "镇区"),
        ("locale", "主城区", "城区"),
        ("ownership", "公办 ", "公办"),
    ],
)
def test_choices_accept_the_usual_words_and_codes(tmp_path, field, raw, value):
    ds, problems = cells(tmp_path, {field: raw})
    assert problems == [] and ds.columns[field][0] == value


RATE = Field("boarding_rate", "寄宿生比例", "ratio", required=False)
FLAG = Field("test_flag", "测试是否", "flag", required=False)
WITH_KINDS = (*SCHOOL_FIELDS, RATE, FLAG)


@pytest.mark.parametrize(
    ("rate", "flag", "want"),
    [
        ("95%", "是", (0.95, True)),
        (0.5, "否", (0.5, False)),
        ("９５％", "Y", (0.95, True)),
        ("", "N", (None, False)),
        ("—", "", (None, None)),
        (0.25, True, (0.25, True)),
    ],
)
def test_ratios_and_yes_no(tmp_path, rate, flag, want):
    ds, problems = cells(
        tmp_path, {RATE.heading: rate, FLAG.heading: flag}, WITH_KINDS, (RATE.heading, FLAG.heading)
    )
    assert problems == []
    assert (ds.columns["boarding_rate"][0], ds.columns["test_flag"][0]) == pytest.approx(want)


@pytest.mark.parametrize("raw", [95, "95", "1.5"])
def test_a_ratio_above_1_without_a_percent_sign_is_ambiguous(tmp_path, raw):
    _ds, problems = cells(tmp_path, {RATE.heading: raw}, WITH_KINDS, (RATE.heading,))
    assert [p.code for p in problems] == ["E133"]


def test_bad_ratio_and_yes_no_values(tmp_path):
    _ds, problems = cells(
        tmp_path, {RATE.heading: 95, FLAG.heading: "也许"}, WITH_KINDS, (RATE.heading, FLAG.heading)
    )
    messages = {p.code: p.message("en") for p in problems}
    assert "95 is not a valid ratio" in messages["E133"]
    assert "'也许' must be 是 or 否" in messages["E135"]


def test_every_problem_is_reported_at_once_grouped_with_a_count(tmp_path):
    schools = [good_primary(f"P{i}", primary_pupils="很多") for i in range(30)]
    schools[0]["school_type"] = "幼儿园"
    path = write_workbook(tmp_path / "many.xlsx", schools)
    result = run("audit", path, "--lang", "en", "--select", "QB.A")
    assert result.exit_code == 2
    assert "The input file has 31 problem(s)" in result.output
    assert result.output.count("[E107]") == 20
    assert "… and 10 more of the same kind (E107)." in result.output
    assert "[E110] 学校!C2" in result.output
    assert "Traceback" not in result.output


FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


@given(st.integers(min_value=0, max_value=10**12))
def test_any_whole_number_reads_back_however_it_was_typed(n):
    for text in (str(n), f"{n:,}", f"{n:,}".translate(FULL_WIDTH), f" {n} ", f"{n}人"):
        value, code, _ = values.number(text, "count", 1.0)
        assert code is None and value == n, text


@given(st.sampled_from(sorted(values.MISSING_MARKS)), st.sampled_from(["", " ", "\u3000"]))
def test_a_missing_mark_is_never_zero(mark, pad):
    assert values.number(pad + mark + pad, "count", 1.0) == (None, None, {})
