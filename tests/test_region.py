"""The region: a generated city of 8 counties over two years, audited as one run.

The counts of recognised counties, the city's targets (60% by 2027, all by 2030, two named
counties by 2025) at risk, failing and passing as the year and the counties say, the ranking,
the trends, the planned application year, --county, and the region rules of liaocheng-2025
itself judged with its own options.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from region_city import CITY, STANDARD, audit, audit_json, write_city

from qbcheck.kinds import KINDS, load_standard
from qbcheck.kinds.outcome import CountyState
from workbooks import good_junior, good_primary, write_workbook

FIVE = ["茌平区", "东阿县", "莘县", "冠县", "临清市"]


def targets(doc: dict) -> dict[str, dict]:
    return {t["rule"]: t for t in doc["region"]["targets"]}


@pytest.mark.parametrize("n", [0, 5, 8])
def test_the_counts_follow_the_counties_that_pass(tmp_path, n):
    passing = list(CITY)[:n]
    code, doc = audit_json(write_city(tmp_path / "city", 2025, passing))
    region = doc["region"]
    assert region["counties"] == 8
    assert region["verdicts"] == {"pass": n, "fail": 8 - n, "unknown": 0, "partial": 0}
    recognised = [r["county_name"] for r in region["rows"] if r["verdict"] == "pass"]
    assert sorted(recognised) == sorted(passing)
    t = targets(doc)
    # 60% (5 of 8) by 2027, judged in 2025: at risk when short, passed from 5.
    assert t["T.R1"]["status"] == ("pass" if n >= 5 else "at-risk")
    assert t["T.R1"]["recognised"] == n and t["T.R1"]["needed"] == 5
    assert t["T.R1"]["gap"] == max(0, 5 - n)
    assert t["T.R2"]["status"] == ("pass" if n == 8 else "at-risk")
    # A failing county fails the run (exit 1); all 8 recognised and every target met: 0.
    assert code == (0 if n == 8 else 1)
    assert doc["summary"]["exit_code"] == code


def test_the_60_percent_target_fails_as_of_2027_with_four_counties(tmp_path):
    city = write_city(tmp_path / "city", 2025, FIVE[:4])
    _, doc = audit_json(city)
    assert targets(doc)["T.R1"]["status"] == "at-risk"
    code, doc = audit_json(city, args=["--as-of", "2027"])
    t = targets(doc)["T.R1"]
    assert t["status"] == "fail" and t["year"] == 2027
    assert t["recognised"] == 4 and t["gap"] == 1
    assert doc["region"]["as_of"] == 2027
    assert code == 1


def test_the_60_percent_target_alone_decides_the_exit_code(tmp_path):
    """Every county passes its own audit; only the region target can fail the run."""
    city = write_city(tmp_path / "city", 2025, list(CITY)[:4], only=list(CITY)[:4])
    code, doc = audit_json(city)  # 4 of a region of 8, the other 4 not in the run
    t = targets(doc)["T.R1"]
    # 4 recognised, 4 not in the run (undecided): 5 may still be reached.
    assert t["status"] == "unknown" and t["undecided"] == 4
    assert code == 3
    code, doc = audit_json(city, args=["--fail-on", "fail"])
    assert code == 0


def test_named_counties_by_2025(tmp_path):
    both = write_city(tmp_path / "both", 2025, ["茌平区", "东阿县"])
    _, doc = audit_json(both)
    assert targets(doc)["T.R3"]["status"] == "pass"
    one = write_city(tmp_path / "one", 2025, ["茌平区"])
    _, doc = audit_json(one)
    t = targets(doc)["T.R3"]
    assert t["status"] == "fail"  # the target year has come
    assert t["not_recognised"] == ["东阿县"] and t["recognised_counties"] == ["茌平区"]
    early = write_city(tmp_path / "early", 2024, ["茌平区"])
    _, doc = audit_json(early)
    assert targets(doc)["T.R3"]["status"] == "at-risk"  # judged in 2024: before its year


def test_a_named_county_not_in_the_run_is_undecided_and_named(tmp_path):
    city = write_city(tmp_path / "city", 2025, ["茌平区"], only=["茌平区", "莘县"])
    _, out = audit(city, fmt="table", args=["--lang", "en"])
    _, doc = audit_json(city)
    t = targets(doc)["T.R3"]
    assert t["status"] == "unknown" and t["not_in_run"] == ["东阿县"]
    assert "not in this run: 东阿县" in out


def test_rows_are_ranked_nearest_to_recognition_first(tmp_path):
    city = write_city(tmp_path / "city", 2025, ["莘县", "冠县"])
    # 高唐县 fails in two schools, the others in one: it comes last.
    code = CITY["高唐县"]
    schools = [
        good_primary(f"{code}0001", 500, primary_teachers_above_degree=10),
        good_primary(f"{code}0002", 500, primary_teachers_above_degree=10),
        good_junior(f"{code}0004", 600),
    ]
    info = {"县区名称": "高唐县", "县区代码": code, "统计年度": 2025}
    write_workbook(city / f"2025-{code}-高唐县.xlsx", schools, county=info)
    _, doc = audit_json(city)
    rows = doc["region"]["rows"]
    assert [r["rank"] for r in rows] == list(range(1, 9))
    assert {r["county_name"] for r in rows[:2]} == {"莘县", "冠县"}
    assert rows[-1]["county_name"] == "高唐县" and rows[-1]["failing_parts"] == 2
    assert rows[2]["failing_parts"] == 1 and rows[2]["blocking"]["fail"] == ["T.A1"]
    assert doc["region"]["closest"] == [r["key"] for r in rows[2:5]]


def test_trends_show_an_improved_and_a_worsened_cv(tmp_path):
    # 冠县's A1 values spread wider in 2025 (CV up), 莘县's narrower (CV down); both pass.
    write_city(tmp_path / "2024", 2024, list(CITY), spread={"莘县": 0.7})
    write_city(tmp_path / "2025", 2025, list(CITY), spread={"冠县": 0.7})
    _, doc = audit_json(tmp_path / "2024", tmp_path / "2025")
    region = doc["region"]
    assert region["years"] == [2024, 2025] and region["counties"] == 8
    assert region["county_years"] == 16
    assert [y["year"] for y in region["by_year"]] == [2024, 2025]
    rows = {r["county_name"]: r for r in region["rows"]}
    cv = {
        name: next(c for c in rows[name]["series"]["changes"] if c["what"] == "cv")
        for name in ("莘县", "冠县")
    }
    assert cv["莘县"]["better"] is True and cv["莘县"]["after"] < cv["莘县"]["before"]
    assert cv["冠县"]["better"] is False and cv["冠县"]["after"] > cv["冠县"]["before"]
    assert rows["东昌府区"]["series"]["changes"] == []
    series = rows["冠县"]["series"]
    assert series["years"] == [2024, 2025] and series["verdicts"] == ["pass", "pass"]
    values = next(
        c["values"] for c in series["cvs"] if c["rule"] == "T.A1.cv" and c["stage"] == "primary"
    )
    assert values[1] > values[0]
    _, table = audit(tmp_path / "2024", tmp_path / "2025", fmt="table", args=["--lang", "en"])
    assert "better: primary A1" in table and "worse: primary A1" in table


def test_a_verdict_that_improves_is_better(tmp_path):
    write_city(tmp_path / "2024", 2024, [])
    write_city(tmp_path / "2025", 2025, ["莘县"])
    _, doc = audit_json(tmp_path / "2024", tmp_path / "2025")
    row = next(r for r in doc["region"]["rows"] if r["county_name"] == "莘县")
    verdict = next(c for c in row["series"]["changes"] if c["what"] == "verdict")
    assert (verdict["before"], verdict["after"], verdict["better"]) == ("fail", "pass", True)
    assert doc["region"]["by_year"][0]["verdicts"]["pass"] == 0
    assert doc["region"]["verdicts"]["pass"] == 1


def test_the_planned_application_year(tmp_path):
    city = write_city(
        tmp_path / "city",
        2025,
        ["茌平区"],
        planned={"茌平区": 2025, "高唐县": 2025, "阳谷县": 2027},
    )
    _, doc = audit_json(city)
    rows = {r["county_name"]: r for r in doc["region"]["rows"]}
    assert (rows["茌平区"]["planned_year"], rows["茌平区"]["plan"]) == (2025, "ready")
    assert rows["高唐县"]["plan"] == "behind"  # planned for 2025, not recognised in 2025
    assert rows["阳谷县"]["plan"] == "at-risk"
    assert rows["莘县"]["plan"] == "none"
    _, table = audit(city, fmt="table", args=["--lang", "en"])
    assert "behind its 2025 plan" in table and "at risk for 2027" in table


def test_the_table_shows_the_region_and_full_reports_only_when_asked(tmp_path):
    city = write_city(tmp_path / "city", 2025, FIVE)
    _, table = audit(city, fmt="table", args=["--lang", "en"])
    assert "Region: 8 counties" in table
    assert "2025 quality balance: 5 recognised, 3 not, 0 undecided" in table
    assert "T.R1" in table and "T.R3" in table
    for name, code in CITY.items():
        assert name in table and code in table
    assert "County 1/8" not in table and "--county" in table
    _, one = audit(city, fmt="table", args=["--lang", "en", "--county", "371503"])
    assert one.count("══ County") == 1 and "茌平区 (371503)" in one
    _, named = audit(city, fmt="table", args=["--lang", "en", "--county", "莘县"])
    assert "莘县 (371522)" in named
    _, every = audit(city, fmt="table", args=["--lang", "en", "--county", "all"])
    assert every.count("══ County") == 8


def test_an_unknown_county_is_a_usage_error(tmp_path):
    city = write_city(tmp_path / "city", 2025, FIVE)
    from typer.testing import CliRunner

    from qbcheck.cli import app

    args = ["audit", str(city), "--standard", STANDARD, "--lang", "en", "--county", "999999"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "No county '999999' in this run" in result.output and "371503" in result.output


def test_table_and_json_agree(tmp_path):
    write_city(tmp_path / "2024", 2024, ["茌平区"])
    write_city(tmp_path / "2025", 2025, FIVE, planned={"高唐县": 2025})
    _, doc = audit_json(tmp_path / "2024", tmp_path / "2025")
    _, table = audit(tmp_path / "2024", tmp_path / "2025", fmt="table", args=["--lang", "en"])
    v = doc["region"]["verdicts"]
    assert f"{v['pass']} recognised, {v['fail']} not, {v['unknown']} undecided" in table
    for t in doc["region"]["targets"]:
        word = {"pass": "pass", "fail": "FAIL", "at-risk": "at risk", "unknown": "unknown"}
        assert f"{t['rule']} " in table
        line = next(x for x in table.splitlines() if x.strip().startswith(t["rule"] + " "))
        assert word[t["status"]] in line and f"{t['recognised']} of {t['total']}" in line
    body = table.split("Counties, nearest to recognition first\n")[1].split("\n\n")[0]
    names = [x.split()[1] for x in body.splitlines()[1:] if not x.startswith(" ")]
    assert names == [r["county_name"] for r in doc["region"]["rows"]]


def test_a_single_county_has_no_region(tmp_path):
    city = write_city(tmp_path / "city", 2025, ["茌平区"], only=["茌平区"])
    code, doc = audit_json(city)
    assert "region" not in doc and code == 0
    assert not any(r["rule"].startswith("T.R") for r in doc["rules"])


def test_county_names_are_inert_in_the_table(tmp_path):
    folder = tmp_path / "city"
    folder.mkdir()
    # U+009B is the one-byte CSI: a terminal takes "\x9b31m" as "set red" like ESC [ 31 m.
    for k, name in enumerate(["[bold]甲[/bold]", "乙\x9b31m县", "丙县"]):
        code = f"37150{k}"
        info = {"县区名称": name, "县区代码": code, "统计年度": 2025}
        write_workbook(folder / f"{k}.xlsx", [good_primary(f"{code}01")], county=info)
    _, table = audit(folder, fmt="table", args=["--lang", "en"])
    assert "[bold]甲[/bold]" in table
    assert "\x9b" not in table and "乙?31m县" in table


def test_a_file_without_the_columns_the_others_have_is_warned(tmp_path):
    city = write_city(tmp_path / "city", 2025, FIVE, only=["茌平区", "东阿县", "莘县"])
    code = CITY["冠县"]
    info = {"县区名称": "冠县", "县区代码": code, "统计年度": 2025}
    drop = ["music_rooms", "art_rooms"]
    write_workbook(city / "冠县.xlsx", [good_primary(f"{code}01")], county=info, drop=drop)
    result = audit(city, fmt="json", args=["--lang", "en"])
    from typer.testing import CliRunner

    from qbcheck.cli import app

    out = CliRunner().invoke(app, ["audit", str(city), "--standard", STANDARD, "--lang", "en"])
    assert "[W126]" in out.output and "冠县.xlsx" in out.output
    assert "lacks 2 column(s)" in out.output
    assert result[0] in (0, 1, 3)


# --- the region rules of liaocheng-2025, judged with the standard's own options -------------


def states(recognised: set[str], names: list[str] | None = None) -> list[CountyState]:
    return [
        CountyState(n, CITY[n], "pass" if n in recognised else "fail", 2025)
        for n in (names or list(CITY))
    ]


def judge(rule_id: str, counties: list[CountyState], year: int):
    std = load_standard("liaocheng-2025")
    rule = std.rules[rule_id]
    judge = KINDS[rule.kind].judge
    assert judge is not None
    return judge(rule, counties, year)


def test_liaocheng_60_percent_by_2027():
    assert judge("LC.R1", states(set(FIVE)), 2025).status == "pass"
    four = states(set(FIVE[:4]))
    assert judge("LC.R1", four, 2025).status == "at-risk"
    assert judge("LC.R1", four, 2027).status == "fail"
    assert judge("LC.R1", four, 2027).needed == 5


def test_liaocheng_all_by_2030_and_the_two_named_by_2025():
    assert judge("LC.R2", states(set(CITY)), 2030).status == "pass"
    assert judge("LC.R2", states(set(FIVE)), 2029).status == "at-risk"
    assert judge("LC.R2", states(set(FIVE)), 2030).status == "fail"
    assert judge("LC.R3", states({"茌平区", "东阿县"}), 2025).status == "pass"
    assert judge("LC.R3", states({"茌平区"}), 2025).status == "fail"
    assert judge("LC.R3", states({"茌平区"}), 2024).status == "at-risk"
    # Named counties are matched whatever the spacing: the seeds write 冠 县.
    spaced = [CountyState("茌 平区", None, "pass"), CountyState("东阿县", None, "pass")]
    assert judge("LC.R3", spaced, 2025).status == "pass"


def test_undecided_counties_make_a_target_undecided_not_passed():
    counties = states(set(FIVE[:4]))
    counties[-1] = CountyState("临清市", CITY["临清市"], "unknown")
    outcome = judge("LC.R1", counties, 2027)
    assert outcome.status == "unknown" and outcome.undecided == 1
    partial = [CountyState(n, c, "partial") for n, c in CITY.items()]
    assert judge("LC.R1", partial, 2027).status == "unknown"


def test_a_region_rule_needs_a_share_or_a_count(tmp_path):
    text = Path(STANDARD).read_text(encoding="utf-8").replace("    share: 0.60\n    count: 5\n", "")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    from typer.testing import CliRunner

    from qbcheck.cli import app

    result = CliRunner().invoke(app, ["rules", "list", "--standard", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "bad.yaml:" in result.output and "needs 'share' or 'count'" in result.output


def test_rules_show_prints_a_region_target():
    from typer.testing import CliRunner

    from qbcheck.cli import app

    result = CliRunner().invoke(
        app, ["rules", "show", "LC.R1", "--standard", "liaocheng-2025", "--lang", "en"]
    )
    assert result.exit_code == 0
    assert "≥ 60%" in result.output and "at least 5" in result.output
    assert "力争60%以上" in result.output


def test_json_region_is_documented():
    doc = (Path(__file__).parents[1] / "docs" / "json-output.md").read_text(encoding="utf-8")
    for key in ("region", "targets", "rows", "series", "cv_margins", "by_year", "closest"):
        assert f"`{key}`" in doc, key


def test_per_county_writes_each_county_beside_the_region_report(tmp_path):
    write_city(tmp_path / "2024", 2024, ["茌平区"])
    write_city(tmp_path / "2025", 2025, FIVE)
    out = tmp_path / "out" / "city.json"
    out.parent.mkdir()
    code, _ = audit(
        tmp_path / "2024", tmp_path / "2025", fmt="json", args=["-o", str(out), "--per-county"]
    )
    assert code == 1
    written = sorted(p.name for p in out.parent.iterdir())
    assert len(written) == 17 and "city.json" in written
    assert "city-371503-2025.json" in written and "city-371503-2024.json" in written
    import json

    one = json.loads((out.parent / "city-371503-2025.json").read_text(encoding="utf-8"))
    assert one["input"]["county_name"] == "茌平区" and "region" not in one
    assert [h["file"] for h in one["provenance"]["inputs"]] == [one["input"]["file"]]
    region = json.loads(out.read_text(encoding="utf-8"))
    assert region["region"]["counties"] == 8


def test_per_county_needs_an_output_and_never_writes_over_an_input(tmp_path):
    from typer.testing import CliRunner

    from qbcheck.cli import app

    city = write_city(tmp_path / "city", 2025, FIVE, only=["茌平区", "东阿县"])
    base = ["audit", str(city), "--standard", STANDARD, "--lang", "en", "--per-county"]
    result = CliRunner().invoke(app, base)
    assert result.exit_code == 2 and "--per-county needs -o" in result.output
    # An input named like a county's report: refused before anything is written.
    # 冠县's workbook, named as 茌平区's report would be: refused before anything is written.
    code = CITY["冠县"]
    info = {"县区名称": "冠县", "县区代码": code, "统计年度": 2025}
    victim = write_workbook(city / "r-371503.xlsx", [good_primary(f"{code}01")], county=info)
    before = victim.read_bytes()
    result = CliRunner().invoke(app, [*base, "-o", str(city / "r.xlsx"), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "E303" in result.output
    assert victim.read_bytes() == before and not (city / "r.xlsx").exists()
    assert sorted(p.name for p in city.iterdir()) == [
        "2025-371503-茌平区.xlsx",
        "2025-371524-东阿县.xlsx",
        "r-371503.xlsx",
    ]


def test_each_county_document_names_its_own_input(tmp_path):
    """A province's folder has thousands of files: each county's document names its own, the
    run's provenance every one (a county's document is what --per-county writes)."""
    city = write_city(tmp_path / "city", 2025, FIVE, only=["茌平区", "东阿县", "莘县"])
    _, doc = audit_json(city)
    files = [h["file"] for h in doc["provenance"]["inputs"]]
    assert len(files) == 3
    for county in doc["counties"]:
        own = [h["file"] for h in county["provenance"]["inputs"]]
        assert own == [county["input"]["file"]]
        assert county["provenance"]["input"]["file"] == county["input"]["file"]


def test_a_folder_or_missing_file_where_one_file_is_needed_says_so(tmp_path):
    from typer.testing import CliRunner

    from qbcheck.cli import app

    folder = write_city(tmp_path / "city", 2025, FIVE, only=["茌平区"])
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(folder), "--lang", "en"])
    assert result.exit_code == 2 and "[E144]" in result.output and "is a folder" in result.output
    county = next(folder.iterdir())
    for path, code, words in (
        (tmp_path / "nope.yaml", "E213", "No such waivers file"),
        (tmp_path, "E214", "is a folder; --waivers takes a YAML file"),
    ):
        result = runner.invoke(app, ["audit", str(county), "--waivers", str(path), "--lang", "en"])
        assert result.exit_code == 2 and f"[{code}]" in result.output, result.output
        assert words in result.output and "YAML syntax error" not in result.output
