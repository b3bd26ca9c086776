"""A region's inputs: several workbooks, or a folder of them, audited in one run. Each county keeps
its own sheets; the same county twice for one year is an error naming both files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from qbcheck.cli import app
from workbooks import good_junior, good_primary, write_workbook

runner = CliRunner()


def county(path: Path, name: str, code: str, year: int = 2025, **kw: object) -> Path:
    schools = [good_primary(f"{code}01"), good_junior(f"{code}02")]
    info = {"县区名称": name, "县区代码": code, "统计年度": year}
    return write_workbook(path, schools, county=info, **kw)  # type: ignore[arg-type]


def audit_json(*paths: Path, args: tuple[str, ...] = ()) -> tuple[int, dict]:
    result = runner.invoke(
        app, ["audit", *map(str, paths), "--format", "json", "--lang", "en", *args]
    )
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


def test_several_workbooks_are_one_run_each_county_with_its_own_sheets(tmp_path):
    figures = {"rotation_eligible": (100, ""), "rotated": (20, "")}
    a = county(tmp_path / "a.xlsx", "甲县", "371501", figures=figures)
    b = county(tmp_path / "b.xlsx", "乙县", "371502")
    code, doc = audit_json(a, b)
    assert code in (1, 3)
    assert [c["input"]["county_name"] for c in doc["counties"]] == ["甲县", "乙县"]
    assert doc["input"]["files"] == [str(a), str(b)]
    assert [c["input"]["file"] for c in doc["counties"]] == [str(a), str(b)]
    # 甲县's 县域指标 sheet is its own: 乙县 has none, so its county items are undecided.
    first, second = (
        {f["rule"]: f for f in c["findings"] if f["rule"] == "QB.B11"} for c in doc["counties"]
    )
    assert first["QB.B11"]["status"] == "pass"
    assert second["QB.B11"]["status"] == "unknown"
    assert [h["file"] for h in doc["provenance"]["inputs"]] == [str(a), str(b)]
    assert all(len(h["sha256"]) == 64 for h in doc["provenance"]["inputs"])


def test_a_folder_is_its_workbooks_in_name_order(tmp_path):
    folder = tmp_path / "city"
    folder.mkdir()
    county(folder / "2-乙县.xlsx", "乙县", "371502")
    county(folder / "1-甲县.xlsx", "甲县", "371501")
    (folder / "~$1-甲县.xlsx").write_bytes(b"lock")  # Excel's lock file while one is open
    (folder / "说明.txt").write_text("notes", encoding="utf-8")
    (folder / ".hidden.xlsx").write_bytes(b"")
    _, doc = audit_json(folder)
    assert [c["input"]["county_name"] for c in doc["counties"]] == ["甲县", "乙县"]


def test_the_same_county_twice_in_a_year_names_both_files(tmp_path):
    a = county(tmp_path / "a.xlsx", "甲县", "371501")
    b = county(tmp_path / "b.xlsx", "甲县", "371501")
    result = runner.invoke(app, ["audit", str(a), str(b), "--lang", "en"])
    assert result.exit_code == 2
    assert "[E143]" in result.output and str(a) in result.output and str(b) in result.output
    zh = runner.invoke(app, ["audit", str(a), str(b)])
    assert "[E143]" in zh.output and "出现了两次" in zh.output


def test_one_county_in_two_years_is_two_counties_of_the_panel(tmp_path):
    a = county(tmp_path / "2024.xlsx", "甲县", "371501", year=2024)
    b = county(tmp_path / "2025.xlsx", "甲县", "371501", year=2025)
    _, doc = audit_json(a, b)
    assert [c["input"]["year"] for c in doc["counties"]] == [2024, 2025]


def test_a_folder_without_data_files_is_an_error(tmp_path):
    (tmp_path / "readme.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert "[E142]" in result.output


def test_the_output_may_be_none_of_the_inputs(tmp_path):
    a = county(tmp_path / "a.xlsx", "甲县", "371501")
    b = county(tmp_path / "b.xlsx", "乙县", "371502")
    before = b.read_bytes()
    result = runner.invoke(app, ["audit", str(a), str(b), "-o", str(b)])
    assert result.exit_code == 2 and "E303" in result.output
    assert b.read_bytes() == before


def test_each_files_warnings_come_under_its_name(tmp_path):
    # A teaching point without a parent-school column draws a warning (W111).
    point = {**good_primary("371501002", 30), "school_type": "教学点"}
    schools = [good_primary("371501001"), point]
    a = write_workbook(
        tmp_path / "a.xlsx", schools, county={"县区名称": "甲县", "县区代码": "371501"}
    )
    b = county(tmp_path / "b.xlsx", "乙县", "371502")
    result = runner.invoke(app, ["audit", str(a), str(b), "--lang", "en"])
    assert f"{a} has 1 warning(s)" in result.stderr
    assert str(b) not in result.stderr


def test_region_warnings_name_the_files(tmp_path):
    """One code under two names, a county without a code, a file without a year: warnings that
    name the files, and the audit goes on."""
    a = county(tmp_path / "a.xlsx", "甲县", "371501", year=2025)
    b = county(tmp_path / "b.xlsx", "甲区", "371501", year=2024)
    no_code = write_workbook(
        tmp_path / "c.xlsx",
        [good_primary("9901"), good_junior("9902")],
        county={"县区名称": "丙县"},
    )
    result = runner.invoke(app, ["audit", str(a), str(b), str(no_code), "--lang", "en"])
    assert result.exit_code in (1, 3)
    err = result.stderr
    assert "Together, the files have 3 warning(s)" in err
    assert "[W122]" in err and str(a) in err and str(b) in err and "甲区" in err
    assert "[W123]" in err and "丙县" in err
    assert "[W124]" in err and str(no_code) in err
    zh = runner.invoke(app, ["audit", str(a), str(b), str(no_code)])
    assert "县区代码 371501" in zh.stderr


def test_files_that_agree_draw_no_region_warning(tmp_path):
    a = county(tmp_path / "a.xlsx", "甲县", "371501")
    b = county(tmp_path / "b.xlsx", "乙县", "371502")
    result = runner.invoke(app, ["audit", str(a), str(b), "--lang", "en"])
    assert "warning" not in result.stderr
