"""The command line as users and pipelines meet it: exit codes, languages, errors, outputs."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from qbcheck.cli import app
from workbooks import good_junior, good_primary, write_workbook

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
COUNTY = {"县区名称": "测试县", "县区代码": "371500", "统计年度": 2025}


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def audit_a(*args):
    """The resource part only: these workbooks carry resource data and no county sheet."""
    return run("audit", *args, "--select", "QB.A")


@pytest.fixture
def passing(tmp_path):
    return write_workbook(
        tmp_path / "ok.xlsx", [good_primary("P1"), good_junior("J1")], county=COUNTY
    )


@pytest.fixture
def failing(tmp_path):
    schools = [
        good_primary("P1", primary_teachers_above_degree=10, name="东关小学"),
        good_junior("J1"),
    ]
    return write_workbook(tmp_path / "bad.xlsx", schools, county=COUNTY)


def test_exit_0_when_every_rule_passes(passing):
    result = audit_a(passing)
    assert result.exit_code == 0, result.output
    # Only QB.A was checked: passing a subset of the criteria never establishes recognition.
    assert "优质均衡：部分评估" in result.output and "优质均衡：达到" not in result.output
    assert "规则选择：--select QB.A" in result.output  # the provenance records the selection


def test_exit_1_and_the_failing_school_in_both_languages(failing):
    zh = audit_a(failing)
    assert zh.exit_code == 1
    assert "优质均衡：未达到" in zh.output
    assert "东关小学" in zh.output and "高学历教师" in zh.output
    en = audit_a(failing, "--lang", "en")
    assert en.exit_code == 1
    assert "quality balance: not achieved" in en.output and "Degree teachers" in en.output


def test_exit_3_when_nothing_fails_but_something_is_unknown(tmp_path):
    path = write_workbook(
        tmp_path / "u.xlsx", [good_primary("P1", multimedia_rooms=None)], county=COUNTY
    )
    result = audit_a(path)
    assert result.exit_code == 3
    assert "优质均衡：部分评估" in result.output  # a selection: partial, not 不能判定
    assert "无法判定的学校部分（1）" in result.output and "P1" in result.output


def test_json_output_is_versioned_with_flat_findings(failing, tmp_path):
    out = tmp_path / "r.json"
    result = audit_a(failing, "--format", "json", "--output", out)
    assert result.exit_code == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema_version"] == "1.3"
    assert doc["summary"]["verdict"] == "fail"
    keys = {"rule", "scope", "subject", "stage", "status", "value", "threshold"}
    assert all(keys <= set(f) for f in doc["findings"])
    fail = [f for f in doc["findings"] if f["status"] == "fail"]
    assert {(f["rule"], f["subject"], f["stage"]) for f in fail} >= {("QB.A1", "P1", "primary")}
    county = [f for f in doc["findings"] if f["scope"] == "county"]
    assert len(county) == 14 and all(f["subject"] == "county" for f in county)


def test_input_file_is_never_modified(failing, tmp_path):
    before = hashlib.sha256(failing.read_bytes()).hexdigest()
    mtime = failing.stat().st_mtime_ns
    run("audit", failing, "--format", "json", "--output", tmp_path / "x.json")
    assert hashlib.sha256(failing.read_bytes()).hexdigest() == before
    assert failing.stat().st_mtime_ns == mtime
    refused = run("audit", failing, "--output", failing)
    assert refused.exit_code == 2
    assert hashlib.sha256(failing.read_bytes()).hexdigest() == before


def test_bad_values_are_listed_with_sheet_and_cell_in_the_users_language(tmp_path):
    schools = [good_primary("P1", primary_pupils="很多"), good_primary("P2", primary_teachers=-3)]
    schools[1]["school_type"] = "幼儿园"
    path = write_workbook(tmp_path / "bad.xlsx", schools)
    zh = run("audit", path)
    assert zh.exit_code == 2
    assert "学校!F2" in zh.output and "很多" in zh.output and "不是数字" in zh.output
    assert "学校!P3" in zh.output and "负数" in zh.output
    assert "学校!C3" in zh.output and "幼儿园" in zh.output
    assert "Traceback" not in zh.output
    en = run("audit", path, "--lang", "en")
    assert "is not a number" in en.output and "学校!F2" in en.output


def test_missing_column_is_named_with_a_suggestion(tmp_path):
    path = write_workbook(
        tmp_path / "m.xlsx", [good_primary("P1")], rename={"primary_teachers": "小学专任教师人数"}
    )
    result = run("audit", path, "--lang", "en")
    assert result.exit_code == 2
    assert "小学专任教师数" in result.output and "小学专任教师人数" in result.output


def test_units_in_headings_are_honoured(tmp_path):
    in_wan = good_primary("P1", 500, equipment_value=100)  # 100 万元 = 2,000 yuan per pupil
    in_yuan = dict(in_wan, equipment_value=1_000_000)
    a = write_workbook(tmp_path / "a.xlsx", [in_wan])
    b = write_workbook(
        tmp_path / "b.xlsx", [in_yuan], rename={"equipment_value": "教学仪器设备值(元)"}
    )
    for path in (a, b):
        doc = json.loads(audit_a(path, "--format", "json").output)
        a6 = next(f for f in doc["findings"] if f["rule"] == "QB.A6")
        assert a6["value"] == pytest.approx(2000) and a6["status"] == "pass"


def test_not_a_workbook_is_a_clear_error(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("this is not a workbook", encoding="utf-8")
    result = run("audit", fake)
    assert result.exit_code == 2
    assert "无法读取工作簿" in result.output and "Traceback" not in result.output
    missing = run("audit", tmp_path / "nope.xlsx", "--lang", "en")
    assert missing.exit_code == 2 and "File not found" in missing.output


def test_workbook_without_the_school_sheet(tmp_path):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "w.xlsx")
    result = run("audit", tmp_path / "w.xlsx")
    assert result.exit_code == 2 and "学校" in result.output and "Sheet1" in result.output


def test_invalid_rule_file_exits_2_with_line(tmp_path, passing):
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "schema: qbcheck/standard/v1\nid: r\nextends: quality-balance-2017\nbogus: 1\n",
        encoding="utf-8",
    )
    result = run("audit", passing, "--standard", rules, "--lang", "en")
    assert result.exit_code == 2
    assert "r.yaml:4" in result.output and "bogus" in result.output


def test_rules_show_gives_text_thresholds_and_citation():
    result = run("rules", "show", "QB.A1", "--lang", "en")
    assert result.exit_code == 0
    for needle in ("4.2", "5.3", "教督〔2017〕6号", "每百名学生拥有高于规定学历教师数", "C2"):
        assert needle in result.output
    assert run("rules", "show", "QB.Z9").exit_code == 2


def test_rules_list_and_standards_list():
    listing = run("rules", "list")
    assert (
        listing.exit_code == 0 and "QB.A.school" in listing.output and "QB.A7.cv" in listing.output
    )
    standards = run("standards", "list", "--lang", "en")
    assert standards.exit_code == 0 and "quality-balance-2017" in standards.output


def test_bad_usage_exits_2():
    assert run("audit").exit_code == 2
    assert run("audit", "x.xlsx", "--format", "pdf").exit_code == 2


def test_python_dash_m_and_version(passing):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "qbcheck", "--version"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0 and proc.stdout.startswith("qbcheck ")
    proc = subprocess.run(
        [sys.executable, "-m", "qbcheck", "audit", str(passing), "--select", "QB.A"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr


def test_table_fits_an_80_column_terminal(failing):
    result = run("audit", failing, "--standard", "liaocheng-2025")
    from rich.cells import cell_len

    assert max(cell_len(line) for line in result.output.splitlines()) <= 80


def test_piping_into_a_reader_that_stops_early_keeps_the_exit_code():
    """`qbcheck audit … | head -1`: a closed pipe is not an internal error."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = f"{sys.executable} -m qbcheck audit examples/demo-county.xlsx --lang en | head -1"
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert proc.returncode == 1, proc.stderr  # the demo fails; pipefail reports qbcheck's code
    assert "Internal error" not in proc.stderr


def test_demo_with_the_liaocheng_targets_shows_every_part_and_the_targets_at_risk():
    result = runner.invoke(
        app,
        ["audit", str(ROOT / "examples" / "demo-county.xlsx"), "-s", "liaocheng-2025", "-l", "en"],
    )
    assert result.exit_code == 1
    out = result.output
    for part in ("Resource allocation", "Government guarantee", "Education quality",
                 "Social recognition", "Vetoes", "Preconditions", "Liaocheng targets"):  # fmt: skip
        assert part in out
    assert "quality balance: not achieved" in out
    assert "Targets not yet met before their year (3)" in out
    for rule in ("LC.C2", "LC.T1", "LC.T3"):
        assert rule in out
    assert "Other targets failing or undecided, outside the verdict (2)" in out
    demo = str(ROOT / "examples" / "demo-county.xlsx")
    later = runner.invoke(
        app, ["audit", demo, "-s", "liaocheng-2025", "--as-of", "2027", "--format", "json"]
    )
    statuses = {r["rule"]: r["status"] for r in json.loads(later.stdout)["rules"]}
    assert statuses["LC.T1"] == statuses["LC.C2"] == statuses["LC.T3"] == "fail"


@pytest.mark.parametrize(
    ("fail_on", "ignore_target", "expected"),
    [("fail", False, 0), ("unknown", False, 3), ("at-risk", False, 1), ("at-risk", True, 3)],
)
def test_fail_on_sets_what_makes_the_exit_code_non_zero(tmp_path, fail_on, ignore_target, expected):
    """A county whose only misses are an undecided item (QB.C1) and a 2027 target at risk
    (LC.C2): --fail-on decides which of them make the exit code non-zero."""
    from test_rules import COUNTY, baseline, drop_figure, set_figure

    schools, figures = baseline()
    drop_figure("junior_retention")(schools, figures)
    set_figure("disabled_enrolment", 0.98)(schools, figures)
    path = write_workbook(tmp_path / "c.xlsx", schools.values(), county=COUNTY, figures=figures)
    args = ["audit", path, "-s", "liaocheng-2025", "--fail-on", fail_on]
    if ignore_target:
        args += ["--ignore", "LC.C2"]
    assert run(*args).exit_code == expected


def test_github_annotations_one_per_problem_finding():
    result = run("audit", ROOT / "examples" / "demo-county.xlsx", "--format", "github", "-l", "en")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines.pop().startswith("::notice title=qbcheck provenance::qbcheck ")
    doc = json.loads(
        run("audit", ROOT / "examples" / "demo-county.xlsx", "--format", "json").output
    )
    problems = [f for f in doc["findings"] if f["status"] in ("fail", "unknown", "at-risk")]
    assert len(lines) == len(problems)
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    a1 = next(line for line in lines if "title=QB.A1 3715990026 primary" in line)
    assert a1.startswith("::error") and "学校!A27" in a1 and "Required 4.2" in a1
    assert any("10%25 of eligible" in line for line in lines)  # '%' escaped per GitHub's rules


def test_school_names_are_printed_as_written_never_as_markup(tmp_path):
    """A name that looks like rich markup or HTML is data: the table prints it as it is, and
    Markdown escapes it so that it renders as it is (never a tag or a style)."""
    from markdown_it import MarkdownIt

    schools = [
        good_primary("P1", primary_teachers_above_degree=10, name="[bold red]x[/]"),
        good_junior("J1", junior_backbone_teachers=1, name="<script>"),
        good_primary("P2", multimedia_rooms=None, name="a|b *c* &amp;"),
    ]
    path = write_workbook(tmp_path / "names.xlsx", schools, county=COUNTY)
    table = audit_a(path, "--lang", "en").output
    assert "[bold red]x[/]" in table and "<script>" in table and "a|b *c* &amp;" in table
    result = audit_a(path, "--lang", "en", "--format", "md")
    assert result.exit_code == 1
    text = result.stdout
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[bold red\\]x\\[/\\]" in text and "a\\|b \\*c\\* &amp;amp;" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "<strong>c</strong>" not in html and "<em>c</em>" not in html
    rendered = html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for name in ("[bold red]x[/]", "<script>", "a|b *c* &amp;"):
        assert f"<td>{name}</td>" in rendered, name
