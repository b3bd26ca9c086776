"""Every format an office produces reads into the same audit, with the same messages and
locations: xlsx built here, .xls / .ods committed fixtures (LibreOffice), CSV in UTF-8, UTF-8
with BOM and GBK, and a multi-county file audited county by county."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qbcheck.cli import app
from workbooks import good_junior, good_primary, sample_county, write_csv, write_workbook

FIXTURES = Path(__file__).parent / "fixtures"
COUNTY = {"县区名称": "样例县", "县区代码": "371599", "统计年度": 2025}
runner = CliRunner()


def audit_json(path, *args):
    result = runner.invoke(
        app, ["audit", str(path), "--format", "json", "--lang", "en", "--select", "QB.A", *args]
    )
    assert result.exit_code in (0, 1, 3), result.output
    return result.exit_code, json.loads(result.stdout)


def verdicts(doc):
    """What a user cares about: every finding's status and value, by rule, subject and stage."""
    return {
        (f["rule"], f["subject"], f["stage"]): (f["status"], f["value"], f.get("location"))
        for f in doc["findings"]
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = write_workbook(
        tmp_path_factory.mktemp("ref") / "county.xlsx", sample_county(), county=COUNTY
    )
    return audit_json(path)


def test_the_sample_county_has_a_bit_of_everything(reference):
    code, doc = reference
    assert code == 1
    statuses = {f["status"] for f in doc["findings"]}
    assert statuses == {"pass", "fail", "unknown"}
    assert doc["input"]["schools"] == 7


@pytest.mark.parametrize("name", ["county.xls", "county.ods"])
def test_xls_and_ods_audit_the_same_as_xlsx(name, reference):
    ref_code, ref = reference
    code, doc = audit_json(FIXTURES / name)
    assert code == ref_code
    assert doc["summary"] == ref["summary"]
    assert verdicts(doc).keys() == verdicts(ref).keys()
    for key, (status, value, loc) in verdicts(ref).items():
        got = verdicts(doc)[key]
        assert got[0] == status and got[2] == loc, key
        assert got[1] == pytest.approx(value), key
    assert (doc["input"]["county_name"], doc["input"]["year"]) == ("样例县", 2025)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_audits_the_same(tmp_path, encoding, reference):
    ref_code, ref = reference
    path = write_csv(tmp_path / "schools.csv", sample_county(), encoding=encoding)
    code, doc = audit_json(path)
    assert code == ref_code
    got, want = verdicts(doc), verdicts(ref)
    assert got.keys() == want.keys()
    for key, (status, value, loc) in want.items():
        assert got[key][0] == status, key
        assert got[key][1] == pytest.approx(value), key
        if loc:  # 学校!A4 in a workbook is schools.csv:4:A in a CSV file
            sheet_cell = loc.split("!")[1]
            assert got[key][2] == f"schools.csv:{sheet_cell[1:]}:{sheet_cell[0]}"


def test_tab_separated_export_is_read(tmp_path, reference):
    path = write_csv(tmp_path / "schools.txt", sample_county())
    path.write_text(path.read_text(encoding="utf-8").replace(",", "\t"), encoding="utf-8")
    code, doc = audit_json(path)
    assert code == reference[0] and doc["summary"] == reference[1]["summary"]


def test_bad_values_have_the_same_message_and_location_in_every_format():
    expected = (
        "[E107] 学校!F2 '小学在校生数': the value '很多' is not a number.",
        "[E130] 学校!P3 '小学专任教师数': the cell holds the Excel error #DIV/0! (a failed "
        "formula), not a figure.",
    )
    for name in ("bad-values.xls", "bad-values.ods"):
        result = runner.invoke(
            app, ["audit", str(FIXTURES / name), "--lang", "en", "--select", "QB.A"]
        )
        assert result.exit_code == 2
        for line in expected:
            assert line in result.output, (name, result.output)


def test_bad_values_in_csv_are_located_as_file_row_column(tmp_path):
    schools = [good_primary("P1", primary_pupils="很多"), good_primary("P2", primary_teachers=-3)]
    path = write_csv(tmp_path / "schools.csv", schools, encoding="gbk")
    result = runner.invoke(app, ["audit", str(path), "--lang", "en", "--select", "QB.A"])
    assert result.exit_code == 2
    assert (
        "[E107] schools.csv:2:F '小学在校生数': the value '很多' is not a number." in result.output
    )
    assert "[E108] schools.csv:3:P '小学专任教师数': the value -3 is negative" in result.output


def test_undecodable_csv_names_the_line(tmp_path):
    path = tmp_path / "schools.csv"
    path.write_bytes("学校标识码,学校名称\n".encode() + b"P1,\x81\x20bad\n")
    result = runner.invoke(app, ["audit", str(path), "--lang", "en", "--select", "QB.A"])
    assert result.exit_code == 2
    assert "[E128] schools.csv line 2 is neither UTF-8 nor GBK/GB18030" in result.output


def test_multi_county_file_is_audited_county_by_county(tmp_path):
    a = [good_primary("A1"), good_junior("A2")]
    b = [good_primary("B1", primary_teachers_above_degree=10), good_junior("B2")]
    path = write_csv(
        tmp_path / "province.csv",
        a + b,
        extra={"县区名称": ["甲县", "甲县", "乙县", "乙县"], "县区代码": ["1", "1", "2", "2"]},
    )
    args = ["audit", str(path), "--lang", "en", "--select", "QB.A"]
    table = runner.invoke(app, args)
    assert table.exit_code == 1  # the worst county: 乙县 fails
    # The region report: one row per county, the full reports only when asked for.
    assert "Region: 2 counties" in table.output and "County 1/2" not in table.output
    assert "甲县" in table.output and "乙县" in table.output
    full = runner.invoke(app, [*args, "--county", "all"]).output
    assert "County 1/2: 甲县 (1)" in full and "County 2/2: 乙县 (2)" in full
    one = runner.invoke(app, [*args, "--county", "2"]).output
    assert "County 2/2: 乙县 (2)" in one and "County 1/2" not in one
    doc = json.loads(
        runner.invoke(app, ["audit", str(path), "--format", "json", "--select", "QB.A"]).stdout
    )
    assert doc["summary"] == {"verdict": "fail", "exit_code": 1}
    assert [c["input"]["county_name"] for c in doc["counties"]] == ["甲县", "乙县"]
    # Only QB.A was selected: 甲县 passes it, which is a partial verdict, never 达到.
    assert [c["summary"]["verdict"] for c in doc["counties"]] == ["partial", "fail"]
    assert [c["input"]["schools"] for c in doc["counties"]] == [2, 2]
    # rows keep their place in the file: 乙县's school B1 is row 4
    b1 = next(f for f in doc["counties"][1]["findings"] if f["subject"] == "B1")
    assert b1["location"] == "province.csv:4:A"


def test_multi_county_row_without_a_county_is_an_error(tmp_path):
    path = write_csv(
        tmp_path / "p.csv",
        [good_primary("A1"), good_primary("B1"), good_primary("C1")],
        extra={"县区": ["甲县", "乙县", ""]},
    )
    result = runner.invoke(app, ["audit", str(path), "--lang", "en", "--select", "QB.A"])
    assert result.exit_code == 2
    assert "[E138]" in result.output and "p.csv:4:" in result.output


def test_exit_code_is_the_worst_over_counties(tmp_path):
    unknown = good_primary("B1", multimedia_rooms=None)
    path = write_csv(
        tmp_path / "p.csv",
        [good_primary("A1"), unknown],
        extra={"县区名称": ["甲县", "乙县"]},
    )
    assert runner.invoke(app, ["audit", str(path), "--select", "QB.A"]).exit_code == 3


def test_a_county_column_with_one_county_names_the_report(tmp_path):
    path = write_csv(
        tmp_path / "one.csv",
        [good_primary("A1"), good_junior("A2")],
        extra={"县区名称": ["甲县", "甲县"]},
    )
    code, doc = audit_json(path)
    assert code == 0 and doc["input"]["county_name"] == "甲县" and "counties" not in doc


def test_xlsm_and_odd_suffixes_are_read_by_content(tmp_path, reference):
    xlsm = write_workbook(tmp_path / "county.xlsm", sample_county(), county=COUNTY)
    assert audit_json(xlsm)[1]["summary"] == reference[1]["summary"]
    renamed = tmp_path / "county.dat"
    renamed.write_bytes((FIXTURES / "county.xls").read_bytes())
    assert audit_json(renamed)[1]["summary"] == reference[1]["summary"]


def test_no_input_is_ever_written_to(tmp_path):
    """Every format, through every command that reads a file: bytes and mtime unchanged."""
    import hashlib
    import shutil

    names = [n.name for n in sorted(FIXTURES.iterdir()) if n.suffix in (".xls", ".ods", ".xlsx")]
    inputs = [shutil.copy(FIXTURES / n, tmp_path / n) for n in names]
    inputs = [Path(p) for p in inputs]
    inputs.append(write_workbook(tmp_path / "c.xlsx", sample_county(), county=COUNTY))
    inputs.append(write_csv(tmp_path / "c.csv", sample_county(), encoding="gbk"))
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inputs}
    for p in inputs:
        runner.invoke(
            app,
            [
                "audit",
                str(p),
                "--format",
                "json",
                "--select",
                "QB.A",
                "-o",
                str(tmp_path / "r.json"),
            ],
        )
        runner.invoke(app, ["validate", str(p)])
        runner.invoke(app, ["template", str(tmp_path / "t.xlsx"), "--from", str(p)])
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inputs}
    assert after == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_streamed_json_is_the_document(tmp_path, lang):
    """The JSON writer puts each finding together from pre-encoded pieces; parsed, it must be
    exactly the document built the plain way, escapes and all."""
    import io

    from qbcheck.evaluate.engine import evaluate
    from qbcheck.kinds import load_standard
    from qbcheck.model.intake import load
    from qbcheck.reports import Options
    from qbcheck.reports import json as report
    from qbcheck.results.build import build_run

    schools = sample_county()
    schools[0]["name"] = '引号"学校\\反斜杠\t制表'
    schools[1]["primary_pupils"] = None  # an unknown, with its reason
    path = write_workbook(tmp_path / "c.xlsx", schools)
    result = evaluate(load(path).datasets[0], load_standard("quality-balance-2017"))
    run = build_run([result])
    out = io.StringIO()
    report.render(run, out, Options(lang=lang))
    streamed = json.loads(out.getvalue())
    plain = json.loads(json.dumps(report.document(run, run.audits[0], lang), ensure_ascii=False))
    for doc in (streamed, plain):
        doc["provenance"].pop("run_at", None)
    assert streamed == plain
    assert streamed["findings"][0]["scope"] == "county"
    assert any(f.get("name") == schools[0]["name"] for f in streamed["findings"])
    assert out.getvalue().count("\n") > len(streamed["findings"])  # one finding a line
