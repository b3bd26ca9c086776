"""Accepted exceptions: a waiver changes the exit code only for its finding, expires on its
date, and is never silent (waived, expired and unused waivers are all reported)."""

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qbcheck.cli import app
from workbooks import good_junior, good_primary, write_workbook

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def county(tmp_path):
    """One failure only: 东关小学 has too few teachers above the required degree (QB.A1)."""
    schools = [
        good_primary("P1", primary_teachers_above_degree=10, name="东关小学"),
        good_junior("J1"),
    ]
    return write_workbook(tmp_path / "c.xlsx", schools)


def waivers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def audit(county, *args):
    return run("audit", county, "--select", "QB.A1", "--format", "json", "--lang", "en", *args)


def test_a_waiver_takes_its_finding_out_of_the_exit_code_but_not_out_of_the_report(
    county, tmp_path
):
    assert audit(county).exit_code == 1
    w = waivers(
        tmp_path,
        """\
        - rule: QB.A1
          subject: P1
          stage: primary
          justification: 2名本科教师9月到岗
          approved_by: 县教育局人事股
          expires: 2099-09-01
        """,
    )
    result = audit(county, "--waivers", w)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    f = next(f for f in doc["findings"] if f["rule"] == "QB.A1" and f["subject"] == "P1")
    assert f["status"] == "fail"  # still reported as it is
    assert f["waiver"]["approved_by"] == "县教育局人事股"
    assert doc["summary"]["waived"] == 1 and doc["summary"]["verdict"] == "fail"
    assert doc["waivers"]["unused"] == [] and doc["waivers"]["expired"] == []
    assert doc["provenance"]["waivers"]["sha256"]


def test_a_waiver_covers_only_its_own_finding(county, tmp_path):
    other = waivers(
        tmp_path,
        """\
        - {rule: QB.A1, subject: J1, justification: x, approved_by: y, expires: 2099-01-01}
        """,
    )
    doc = json.loads(audit(county, "--waivers", other).stdout)
    assert audit(county, "--waivers", other).exit_code == 1
    assert doc["waivers"]["unused"] == [{"rule": "QB.A1", "subject": "J1", "line": 1}]


def test_a_waiver_expires_on_its_date(county, tmp_path):
    today = dt.date.today()
    for expires, code in ((today, 1), (today + dt.timedelta(days=1), 0)):
        w = waivers(
            tmp_path,
            f"""\
            - rule: QB.A1
              subject: P1
              justification: 临时
              approved_by: 某人
              expires: {expires.isoformat()}
            """,
        )
        result = audit(county, "--waivers", w)
        assert result.exit_code == code, expires
    doc = json.loads(audit(county, "--waivers", w).stdout)
    assert doc["waivers"]["expired"] == []
    table = run("audit", county, "--select", "QB.A1", "--waivers", w, "--lang", "en")
    assert "Waived (1, not counted in the exit code)" in table.output and "[waived]" in table.output


def test_an_expired_waiver_is_reported(county, tmp_path):
    w = waivers(
        tmp_path,
        """\
        - {rule: QB.A1, subject: P1, justification: x, approved_by: y, expires: 2020-01-01}
        """,
    )
    table = run("audit", county, "--select", "QB.A1", "--waivers", w, "--lang", "en")
    assert table.exit_code == 1
    assert "Waiver expired: QB.A1 P1 (waivers.yaml:1, expired 2020-01-01)" in table.output


def test_a_bad_waivers_file_is_an_error_with_its_line(county, tmp_path):
    w = waivers(
        tmp_path,
        """\
        - rule: QB.A1
          subject: P1
          justification: x
          approved_by: y
          expires: 2099-01-01
        - rule: QB.A2
          subject: P1
          expires: someday
        """,
    )
    result = run("audit", county, "--waivers", w, "--lang", "en")
    assert result.exit_code == 2
    assert "waivers.yaml:6" in result.output and "approved_by" in result.output
    assert "Traceback" not in result.output


def test_the_json_is_the_same_whatever_rows_are_encoded_together(tmp_path, monkeypatch):
    """School findings are encoded a chunk of rows at a time; chunks of 2 rows, cutting through
    blocks and past the waived row (the 5th school), give the document a single chunk gives."""
    import qbcheck.reports.json as writer

    schools = [good_primary(f"P{k}", primary_teachers_above_degree=10 + k) for k in range(7)]
    county = write_workbook(tmp_path / "c.xlsx", [*schools, good_junior("J1")])
    w = waivers(
        tmp_path,
        """\
        - rule: QB.A1
          subject: P4
          stage: primary
          justification: 2名本科教师9月到岗
          approved_by: 县教育局人事股
          expires: 2099-09-01
        """,
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    whole = audit(county, "--waivers", w).stdout
    monkeypatch.setattr(writer, "_CHUNK", 2)
    chunked = audit(county, "--waivers", w).stdout
    assert chunked == whole
    doc = json.loads(chunked)
    waived = [f["subject"] for f in doc["findings"] if "waiver" in f]
    assert waived == ["P4"]
