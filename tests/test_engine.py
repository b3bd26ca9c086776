"""The audit on small workbooks made here: every rule kind passing, failing and unknown."""

import pytest

from qbcheck.evaluate.engine import evaluate
from qbcheck.files.reader import read_workbook
from qbcheck.kinds import load_standard
from qbcheck.model.dataset import load_dataset
from qbcheck.results.build import county_audit
from qbcheck.rules.standards import select_rules
from workbooks import good_junior, good_primary, school, write_workbook

# The resource part (QB.A…) on its own: these workbooks carry resource data only.
STD = select_rules(load_standard("quality-balance-2017"), ["QB.A"], [])


def audit(tmp_path, schools, std=STD):
    path = write_workbook(tmp_path / "county.xlsx", schools)
    return evaluate(load_dataset(read_workbook(path, ("学校", "基本信息"))), std)


def finding(result, rule, stage, school_id=None):
    if school_id is None:
        return next(c for c in result.county_results if c.rule.id == rule and c.stage == stage)
    for r in result.school_results:
        if r.rule.id == rule and r.stage == stage:
            ids = [result.dataset.columns["school_id"][i] for i in r.parts.school]
            k = ids.index(school_id)
            return r.status[k], r.value(k), r.gap[k], (r.need[k] if r.need else None), r.detail[k]
    raise KeyError(rule)


def test_all_good_county_passes(tmp_path):
    result = audit(tmp_path, [good_primary("P1"), good_primary("P2", 800), good_junior("J1")])
    assert county_audit(result).verdict == "pass"
    assert county_audit(result).exit_code() == 0


def test_threshold_fail_reports_value_gap_and_the_teachers_needed(tmp_path):
    result = audit(
        tmp_path, [good_primary("P1", 500, primary_teachers_above_degree=20), good_primary("P2")]
    )
    status, value, gap, need, _ = finding(result, "QB.A1", "primary", "P1")
    assert status == "fail"
    assert value == pytest.approx(4.0)
    assert gap == pytest.approx(0.2)
    assert need == 1  # one more teacher above the required degree: 21/500 = 4.2
    assert county_audit(result).exit_code() == 1


def test_exactly_at_the_threshold_passes(tmp_path):
    result = audit(tmp_path, [good_primary("P1", 500, primary_teachers_above_degree=21)])
    assert finding(result, "QB.A1", "primary", "P1")[0] == "pass"


def test_blank_input_is_unknown_with_the_cell_named(tmp_path):
    result = audit(
        tmp_path, [good_primary("P1", primary_backbone_teachers=None), good_primary("P2")]
    )
    status, value, _, _, detail = finding(result, "QB.A2", "primary", "P1")
    assert (status, value) == ("unknown", None)
    text = detail.render("en")
    assert "小学县级及以上骨干教师数" in text and "学校!T2" in text
    # …and the county CV of that indicator cannot be computed, rather than skipping the school.
    cv = finding(result, "QB.A2.cv", "primary")
    assert cv.status == "unknown" and cv.value is None
    assert "1 school part" in cv.reason.render("en")
    assert county_audit(result).verdict == "unknown"
    assert county_audit(result).exit_code() == 3


def test_six_of_seven_with_the_miss_above_85_percent_passes(tmp_path):
    # A4: (2100 - 0) / 500 = 4.2 m² ≥ 0.85 × 4.5 = 3.825, the only miss.
    result = audit(tmp_path, [good_primary("P1", 500, teaching_area=2100, indoor_sports_area=0)])
    assert finding(result, "QB.A4", "primary", "P1")[0] == "fail"
    assert finding(result, "QB.A.school", "primary", "P1")[0] == "pass"


def test_one_miss_below_85_percent_fails_the_school(tmp_path):
    result = audit(tmp_path, [good_primary("P1", 500, teaching_area=1800, indoor_sports_area=0)])
    status, _, _, _, detail = finding(result, "QB.A.school", "primary", "P1")
    assert status == "fail"
    assert "85%" in detail.render("en")


def test_two_misses_fail_the_school_even_when_both_are_close(tmp_path):
    result = audit(
        tmp_path,
        [
            good_primary(
                "P1",
                500,
                teaching_area=2200,
                indoor_sports_area=0,
                primary_teachers_above_degree=20,
            )
        ],
    )
    assert finding(result, "QB.A.school", "primary", "P1")[0] == "fail"


def test_school_rule_unknown_when_undecided_but_fail_when_already_decided(tmp_path):
    undecided = good_primary("P1", 500, equipment_value=None)
    decided = good_primary(
        "P2", 500, equipment_value=None, teaching_area=1000, indoor_sports_area=0
    )
    result = audit(tmp_path, [undecided, decided])
    assert finding(result, "QB.A.school", "primary", "P1")[0] == "unknown"
    assert finding(result, "QB.A.school", "primary", "P2")[0] == "fail"


def test_one_through_school_yields_two_parts_with_facilities_split(tmp_path):
    nine = school(
        "N1",
        "九年一贯制学校",
        primary_pupils=166,
        junior_pupils=210,
        primary_classes=4,
        junior_classes=5,
        teaching_area=23226,  # the split oracle's 23,226, here as m²
        indoor_sports_area=0,
        sports_ground_area=6000,
        equipment_value=100,
        multimedia_rooms=12,
        primary_teachers=12,
        junior_teachers=18,
        primary_teachers_above_degree=10,
        junior_teachers_above_degree=15,
        primary_backbone_teachers=2,
        junior_backbone_teachers=3,
        primary_pe_arts_teachers=2,
        junior_pe_arts_teachers=2,
    )
    result = audit(tmp_path, [nine])
    a4p = result.indicators[("A4", "primary")][0]
    a4j = result.indicators[("A4", "junior")][0]
    assert a4p * 166 == pytest.approx(9711.63, abs=0.005)
    assert a4j * 210 == pytest.approx(13514.37, abs=0.005)
    # Teacher counts are per stage, never split.
    assert result.indicators[("A1", "junior")][0] == pytest.approx(100 * 15 / 210)
    assert len(result.parts["primary"]) == 1 and len(result.parts["junior"]) == 1


def test_complete_middle_school_junior_part_gets_b_over_b_plus_1_2_c(tmp_path):
    full = good_junior("W1", 600, teaching_area=10000, indoor_sports_area=0)
    full.update(school_type="完全中学", senior_pupils=900)
    result = audit(tmp_path, [full])
    assert result.indicators[("A4", "junior")][0] * 600 == pytest.approx(
        10000 * 600 / (600 + 1.2 * 900)
    )
    assert len(result.parts["primary"]) == 0


def test_small_teaching_points_are_out_of_scope_and_reported(tmp_path):
    small = good_primary("T1", 30)
    small["school_type"] = "教学点"
    big = good_primary("T2", 60)
    big["school_type"] = "教学点"
    result = audit(tmp_path, [good_primary("P1"), small, big])
    assert [result.dataset.columns["school_id"][e.school] for e in result.excluded] == ["T1"]
    assert "50" in result.excluded[0].reason.render("en")
    assert len(result.parts["primary"]) == 2


def test_private_schools_count_in_quality_balance(tmp_path):
    result = audit(tmp_path, [good_primary("P1"), good_primary("M1", ownership="民办")])
    assert len(result.parts["primary"]) == 2 and not result.excluded


def test_a_school_with_zero_of_something_counts_as_zero_in_the_cv(tmp_path):
    schools = [good_primary(f"P{i}", 500) for i in range(4)] + [
        good_primary("Z", 500, primary_backbone_teachers=0)
    ]
    result = audit(tmp_path, schools)
    cv = finding(result, "QB.A2.cv", "primary")
    # Values 2, 2, 2, 2, 0 per 100 pupils: mean 1.6, SD 0.8, CV exactly 0.5. Skipping the zero
    # school (a known peer defect) would give 0.
    assert cv.n == 5
    assert cv.value == pytest.approx(0.5, rel=1e-12)
    assert cv.status == "pass"  # ≤ 0.50 holds at the boundary


def test_each_cv_is_tested_on_its_own_not_averaged(tmp_path):
    """Six indicators perfectly balanced (CV 0) and one at 0.6: the mean CV (0.086) would pass,
    the 2017 rule must fail on the one indicator."""
    schools = [
        good_primary("P1", 500, sports_ground_area=500 * 3.0),
        good_primary("P2", 500, sports_ground_area=500 * 12.0),
    ]
    for s in schools:
        s["indoor_sports_area"] = 0
        s["teaching_area"] = 3000
    result = audit(tmp_path, schools)
    cvs = {c.rule.indicator: c.value for c in result.county_results if c.stage == "primary"}
    assert sum(cvs.values()) / 7 < 0.5
    assert cvs["A5"] == pytest.approx(0.6)
    assert finding(result, "QB.A5.cv", "primary").status == "fail"
    assert finding(result, "QB.A4.cv", "primary").status == "pass"


def test_a_failing_cv_names_the_school_parts_that_move_it(tmp_path):
    """The demo's primary A5 CV fails because of four rural schools with very large grounds."""
    from pathlib import Path

    from qbcheck.model.intake import load

    demo = Path(__file__).resolve().parents[1] / "examples" / "demo-county.xlsx"
    result = evaluate(load(demo).datasets[0], STD)
    cv = finding(result, "QB.A5.cv", "primary")
    ids = [result.dataset.columns["school_id"][d.school] for d in cv.drivers]
    assert set(ids[:4]) == {"3715990039", "3715990040", "3715990041", "3715990042"}
    assert all(d.cv_without < cv.value for d in cv.drivers)
    assert finding(result, "QB.A4.cv", "primary").drivers == []  # passing CVs carry none
