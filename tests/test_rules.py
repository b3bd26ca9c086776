"""Every rule of every built-in standard, on small workbooks made here: passing (or attested, for
a declaration), failing, and unknown. One baseline county meets everything; each case changes
the one figure the rule reads."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from qbcheck.evaluate.engine import evaluate
from qbcheck.kinds import load_standard
from qbcheck.model.intake import load
from qbcheck.results.build import county_audit
from workbooks import school, write_workbook

COUNTY = {"县区名称": "基准县", "县区代码": "379901", "统计年度": 2025}


def full(sid: str, kind: str, locale: str, town: str, p: int = 0, j: int = 0, **over) -> dict:
    """A school that meets every rule, with every optional column filled."""
    weight = p + 1.1 * j
    pt, jt = p // 15, j // 12
    pc, jc = (p // 40 + 1 if p else 0), (j // 45 + 1 if j else 0)
    rooms = max(1, math.ceil((pc + jc) / 12))
    budget = round(0.1 * (p + j) + 2, 2)
    values: dict[str, object] = dict(
        teaching_area=6.5 * weight,
        indoor_sports_area=0,
        sports_ground_area=11 * weight,
        equipment_value=round(0.3 * weight, 2),
        multimedia_rooms=math.ceil(0.03 * weight) + 1,
        township=town,
        boarding="否",
        year_built=2000,
        music_rooms=rooms,
        music_rooms_standard=rooms,
        art_rooms=rooms,
        art_rooms_standard=rooms,
        certified_teachers=pt + jt,
        trained_teachers=pt + jt,
        public_budget=budget,
        training_spend=round(budget * 0.07, 2),
        public_funds=max(budget, 20.0),
        computers=math.ceil(0.15 * (p + j)),
        books=30 * (p + j),
    )
    for stage, pupils, teachers, classes, band in (
        ("primary", p, pt, pc, "band_41_45"),
        ("junior", j, jt, jc, "band_46_50"),
    ):
        if not pupils:
            continue
        values.update(
            {
                f"{stage}_pupils": pupils,
                f"{stage}_classes": classes,
                f"{stage}_teachers": teachers,
                f"{stage}_teachers_above_degree": math.ceil(
                    pupils * (0.06 if stage == "primary" else 0.07)
                ),
                f"{stage}_backbone_teachers": math.ceil(pupils * 0.02),
                f"{stage}_pe_arts_teachers": math.ceil(pupils * 0.015),
                f"{stage}_nearby_pupils": pupils,
                f"{stage}_senior_title_teachers": teachers // 2,
                f"{stage}_bachelor_teachers": round(teachers * 0.8),
                **{f"{stage}_{b}": 0 for b in BANDS},
                f"{stage}_{band}": classes,
            }
        )
    values.update(over)
    return school(sid, kind, locale=locale, **values)


BANDS = ("band_le25", "band_26_30", "band_31_35", "band_36_40", "band_41_45", "band_46_50",
         "band_51_55", "band_56_60", "band_61_65", "band_ge66")  # fmt: skip


def baseline() -> tuple[dict[str, dict], dict[str, tuple[object, object]]]:
    schools = {
        "U1": full("U1", "小学", "城区", "城关街道", p=500, year_built=2021),
        "U2": full("U2", "初级中学", "城区", "城关街道", j=600),
        "T1": full("T1", "九年一贯制学校", "镇区", "王集镇", p=300, j=300),
        "R1": full("R1", "小学", "乡村", "王集镇", p=80),
        "R2": full("R2", "小学", "乡村", "王集镇", p=150),
        "R3": full("R3", "初级中学", "乡村", "王集镇", j=400),
    }
    yes = ("是", "《示范文件》")
    no = ("否", "《示范文件》")
    figures: dict[str, tuple[object, object]] = {
        **{k: yes for k in ATTESTED},
        **{k: no for k in VETOES},
        "primary_funding_norm": (800, "财政文件"),
        "junior_funding_norm": (1000, "财政文件"),
        "special_ed_funding": (7000, "决算表"),
        "teacher_pay": (100000, "工资表"),
        "civil_servant_pay": (95000, "工资表"),
        "rotation_eligible": (400, "名单"),
        "rotated": (50, "名单"),
        "rotated_backbone": (12, "名单"),
        "quota_share": ("55%", "招生文件"),
        "migrant_eligible": (1000, "统计"),
        "migrant_public": (900, "统计"),
        "junior_retention": (0.97, "统计"),
        "disabled_enrolment": (0.995, "统计"),
        "monitoring_level": ("Ⅳ", "监测报告"),
        "monitoring_gap": (0.1, "监测报告"),
        "social_recognition": (0.9, "调查报告"),
        "basic_balance_year": (2015, "认定文件"),
        "government_score": (90, "评估报告"),
        "public_satisfaction": (0.9, "调查报告"),
    }
    return schools, figures


ATTESTED = (
    "layout_reasonable", "uniform_building_standard", "uniform_staffing_standard",
    "uniform_funding_norm", "uniform_equipment_standard", "performance_pay_full",
    "staffing_coordinated", "quota_rural_tilt", "left_behind_care", "charters_and_it",
    "it_teaching", "moral_education", "curriculum_complete", "no_excess_burden",
    "monitoring_maintained", "provincial_standard_met", "provincial_class2_met",
)  # fmt: skip
VETOES = (
    "veto_exam_admission", "veto_school_choice", "veto_key_schools", "veto_staffing",
    "veto_incident", "veto_falsified",
)  # fmt: skip

Change = Callable[[dict, dict], None]


def set_school(sid: str, **values: object) -> Change:
    def change(schools: dict, figures: dict) -> None:
        schools[sid].update(values)

    return change


def scale(sid: str, key: str, factor: float) -> Change:
    """Multiply a figure; counts stay whole numbers."""

    def change(schools: dict, figures: dict) -> None:
        v = schools[sid][key]
        schools[sid][key] = round(v * factor) if isinstance(v, int) else round(v * factor, 2)

    return change


TEACHER_COUNTS = (
    "primary_teachers", "primary_teachers_above_degree", "primary_backbone_teachers",
    "primary_pe_arts_teachers", "primary_senior_title_teachers", "primary_bachelor_teachers",
    "certified_teachers", "trained_teachers",
)  # fmt: skip


def set_figure(key: str, value: object) -> Change:
    def change(schools: dict, figures: dict) -> None:
        figures[key] = (value, figures.get(key, (None, "文件"))[1])

    return change


def drop_figure(key: str) -> Change:
    def change(schools: dict, figures: dict) -> None:
        figures.pop(key, None)

    return change


def both(*changes: Change) -> Change:
    def change(schools: dict, figures: dict) -> None:
        for c in changes:
            c(schools, figures)

    return change


A_FIELDS = {
    "A1": "primary_teachers_above_degree",
    "A2": "primary_backbone_teachers",
    "A3": "primary_pe_arts_teachers",
    "A4": "teaching_area",
    "A5": "sports_ground_area",
    "A6": "equipment_value",
    "A7": "multimedia_rooms",
}

# rule → (a change that makes it fail, a change that makes it unknown)
CASES: dict[str, tuple[Change, Change]] = {
    **{
        f"QB.{a}": (scale("U1", key, 0.3), set_school("U1", **{key: None}))
        for a, key in A_FIELDS.items()
    },
    **{
        f"QB.{a}.cv": (scale("U1", key, 0.1), set_school("U1", **{key: None}))
        for a, key in A_FIELDS.items()
    },
    "QB.A.school": (
        both(scale("U1", "primary_backbone_teachers", 0.3), scale("U1", "multimedia_rooms", 0.3)),
        set_school("U1", primary_backbone_teachers=None),
    ),
    **{
        rid: (set_figure(key, "否"), drop_figure(key))
        for rid, key in (
            ("QB.B1", "layout_reasonable"),
            ("QB.B2.building", "uniform_building_standard"),
            ("QB.B2.staffing", "uniform_staffing_standard"),
            ("QB.B2.funding", "uniform_funding_norm"),
            ("QB.B2.equipment", "uniform_equipment_standard"),
            ("QB.B8.performance", "performance_pay_full"),
            ("QB.B10", "staffing_coordinated"),
            ("QB.B14.rural", "quota_rural_tilt"),
            ("QB.B15.care", "left_behind_care"),
            ("QB.C3", "charters_and_it"),
            ("QB.C5", "it_teaching"),
            ("QB.C6", "moral_education"),
            ("QB.C7", "curriculum_complete"),
            ("QB.C8", "no_excess_burden"),
            ("QB.P2", "monitoring_maintained"),
            ("BB.T1", "provincial_standard_met"),
        )
    },
    **{
        f"QB.V{n}": (set_figure(key, "是"), drop_figure(key))
        for n, key in enumerate(VETOES, start=1)
    },
    "QB.B3.music": (
        set_school("U1", music_rooms=0, music_rooms_standard=0),
        set_school("U1", music_rooms=None),
    ),
    "QB.B3.art": (
        set_school("U1", art_rooms=0, art_rooms_standard=0),
        set_school("U1", art_rooms=None),
    ),
    "QB.B3.music_area": (
        set_school("U1", music_rooms_standard=0),
        set_school("U1", music_rooms_standard=None),
    ),
    "QB.B3.art_area": (
        set_school("U1", art_rooms_standard=0),
        set_school("U1", art_rooms_standard=None),
    ),
    "QB.B4": (set_school("U1", primary_pupils=2100), set_school("U1", primary_pupils=None)),
    "QB.B5": (
        set_school("U1", primary_band_41_45=12, primary_band_46_50=1),
        set_school("U1", primary_band_46_50=None),
    ),
    "QB.B6": (set_school("R1", public_funds=5), set_school("R1", public_funds=None)),
    "QB.B7": (set_figure("special_ed_funding", 5000), drop_figure("special_ed_funding")),
    "QB.B8": (set_figure("teacher_pay", 90000), drop_figure("civil_servant_pay")),
    "QB.B9": (scale("U1", "trained_teachers", 0.9), set_school("U1", trained_teachers=None)),
    "QB.B11": (set_figure("rotated", 30), drop_figure("rotation_eligible")),
    "QB.B11.backbone": (set_figure("rotated_backbone", 5), drop_figure("rotated_backbone")),
    "QB.B12": (scale("U1", "certified_teachers", 0.9), set_school("U1", certified_teachers=None)),
    # A blank 是否寄宿制学校 leaves U1's membership open: the ratio is unknown, not short of U1.
    "QB.B13": (set_school("U1", primary_nearby_pupils=400), set_school("U1", boarding=None)),
    "QB.B14": (set_figure("quota_share", 0.4), drop_figure("quota_share")),
    "QB.B15": (set_figure("migrant_public", 800), drop_figure("migrant_public")),
    "QB.C1": (set_figure("junior_retention", 0.9), drop_figure("junior_retention")),
    "QB.C2": (set_figure("disabled_enrolment", 0.9), drop_figure("disabled_enrolment")),
    "QB.C4": (set_school("U1", training_spend=0.1), set_school("U1", training_spend=None)),
    "QB.C9.level": (set_figure("monitoring_level", "Ⅱ"), drop_figure("monitoring_level")),
    "QB.C9.gap": (set_figure("monitoring_gap", 0.2), drop_figure("monitoring_gap")),
    "QB.D1": (set_figure("social_recognition", 0.8), drop_figure("social_recognition")),
    "QB.P1": (set_figure("basic_balance_year", 2024), drop_figure("basic_balance_year")),
    "SD.B4.new": (
        set_school("U1", year_built=2021, primary_classes=40),
        set_school("U1", year_built=None),
    ),
    "LC.T2": (set_school("R1", township="马坊乡"), set_school("R1", township=None)),
    "LC.B6a": (set_school("R1", public_funds=5), set_school("R1", public_funds=None)),
    "LC.B6b": (set_school("R2", public_funds=12), set_school("R2", public_funds=None)),
    "BB.G1": (set_figure("government_score", 80), drop_figure("government_score")),
    "BB.S1": (set_figure("public_satisfaction", 0.8), drop_figure("public_satisfaction")),
    # Five of the eight indicators far apart (CV ≈ 0.98 each): the mean passes 0.65 only
    # because single CVs are averaged, and fails once enough of them are wide.
    "BB.cv": (
        both(
            *(
                scale("U1", k, 40)
                for k in ("teaching_area", "sports_ground_area", "equipment_value", "computers")
            ),
            scale("U1", "books", 40),
            *(scale("U1", k, 0.05) for k in TEACHER_COUNTS),
        ),
        set_school("U1", books=None),
    ),
}
# Targets with a year: at risk before it, failing from it.
TARGETS: dict[str, tuple[Change, Change]] = {
    "LC.C2": (set_figure("disabled_enrolment", 0.98), drop_figure("disabled_enrolment")),
    "LC.T1": (
        scale("R3", "junior_bachelor_teachers", 0.5),
        set_school("R3", junior_bachelor_teachers=None),
    ),
    "LC.T3": (set_figure("provincial_class2_met", "否"), drop_figure("provincial_class2_met")),
}
# Region targets are judged over a run's counties, never in one county: tests/test_region.py
# judges each of these with the standard's own options.
REGION_RULES = {"LC.R1", "LC.R2", "LC.R3"}
STANDARDS = {
    "QB": "liaocheng-2025",
    "SD": "liaocheng-2025",
    "LC": "liaocheng-2025",
    "BB": "basic-balance-2012",
}


def statuses(
    tmp_path: Path, change: Change | None, standard: str, as_of: int | None = None
) -> dict:
    schools, figures = baseline()
    schools, figures = copy.deepcopy(schools), dict(figures)
    if change is not None:
        change(schools, figures)
    path = write_workbook(
        tmp_path / "county.xlsx", schools.values(), county=COUNTY, figures=figures
    )
    ds = load(path).datasets[0]
    return county_audit(evaluate(ds, load_standard(standard), as_of)).rule_status


@pytest.mark.parametrize("standard", sorted(set(STANDARDS.values())))
def test_the_baseline_county_passes_every_rule(tmp_path, standard):
    got = statuses(tmp_path, None, standard)
    std = load_standard(standard)
    county_rules = set(std.rules) - REGION_RULES
    assert set(got) == county_rules, "every county rule judges at least one subject"
    for rid, status in got.items():
        want = {"attestation": "attested", "veto": "attested"}.get(std.rules[rid].kind, "pass")
        assert status == want, (rid, status)


def test_every_rule_of_every_standard_has_a_case():
    covered = set(CASES) | set(TARGETS) | REGION_RULES
    for standard in set(STANDARDS.values()) | {"quality-balance-2017", "shandong"}:
        missing = set(load_standard(standard).rules) - covered
        assert not missing, (standard, sorted(missing))


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails_and_is_unknown(tmp_path, rule):
    standard = STANDARDS[rule.split(".")[0]]
    make_fail, make_unknown = CASES[rule]
    assert statuses(tmp_path, make_fail, standard)[rule] == "fail"
    assert statuses(tmp_path, make_unknown, standard)[rule] == "unknown"


@pytest.mark.parametrize("rule", sorted(TARGETS))
def test_a_target_is_at_risk_before_its_year_and_fails_from_it(tmp_path, rule):
    make_fail, make_unknown = TARGETS[rule]
    assert statuses(tmp_path, make_fail, "liaocheng-2025")[rule] == "at-risk"
    assert statuses(tmp_path, make_fail, "liaocheng-2025", as_of=2027)[rule] == "fail"
    assert statuses(tmp_path, make_unknown, "liaocheng-2025")[rule] == "unknown"


def verdict(tmp_path: Path, change: Change | None, standard: str = "liaocheng-2025"):
    schools, figures = baseline()
    schools, figures = copy.deepcopy(schools), dict(figures)
    if change is not None:
        change(schools, figures)
    path = write_workbook(tmp_path / "v.xlsx", schools.values(), county=COUNTY, figures=figures)
    result = evaluate(load(path).datasets[0], load_standard(standard))
    audit = county_audit(result)
    return audit.verdict, audit.part_status, audit.exit_code()


def test_verdict_is_achieved_when_every_part_passes(tmp_path):
    assert verdict(tmp_path, None) == ("pass", dict.fromkeys("ABCDVPL", "pass"), 0)


def test_one_failing_part_or_one_veto_means_not_achieved(tmp_path):
    assert verdict(tmp_path, set_figure("social_recognition", 0.8))[0] == "fail"
    v, parts, code = verdict(tmp_path, set_figure("veto_key_schools", "是"))
    assert (v, parts["V"], code) == ("fail", "fail", 1)
    assert all(s == "pass" for p, s in parts.items() if p != "V")


def test_missing_data_and_nothing_failing_cannot_be_decided(tmp_path):
    v, parts, code = verdict(tmp_path, drop_figure("junior_retention"))
    assert (v, parts["C"], code) == ("unknown", "unknown", 3)
    # …but a failure anywhere wins over missing data elsewhere.
    both_ = both(drop_figure("junior_retention"), set_figure("quota_share", 0.3))
    assert verdict(tmp_path, both_)[0] == "fail"


def test_a_city_target_does_not_decide_the_national_verdict_but_fails_the_run(tmp_path):
    v, parts, code = verdict(tmp_path, set_school("R1", township="马坊乡"))
    assert (v, parts["L"], code) == ("pass", "fail", 1)


def test_2012_composite_against_hand_computed_values(tmp_path):
    """Two public primary schools of 100 and 300 pupils (weights 1/4 and 3/4). With per-pupil
    values in ratio r, each CV is |r − 1|·√(¼·¾) ÷ (¼r + ¾): r = 2 → 0.34641016,
    r = 3 → 0.57735027, r = ½ → 0.24743583, r = 1 → 0. The composite is their mean."""
    base = dict(indoor_sports_area=0, primary_backbone_teachers=1, primary_pe_arts_teachers=1,
                multimedia_rooms=3, primary_classes=3)  # fmt: skip
    b = school("B", "小学", **base, primary_pupils=300, teaching_area=1500, sports_ground_area=3000,
               equipment_value=60, computers=30, books=6000, primary_teachers=15,
               primary_teachers_above_degree=12, primary_senior_title_teachers=9)  # fmt: skip
    a = school("A", "小学", **base, primary_pupils=100, teaching_area=1000, sports_ground_area=1000,
               equipment_value=60, computers=5, books=4000, primary_teachers=5,
               primary_teachers_above_degree=2, primary_senior_title_teachers=3)  # fmt: skip
    figures = {"government_score": (90, "x"), "public_satisfaction": (0.9, "x")}
    path = write_workbook(tmp_path / "bb.xlsx", [a, b], county=COUNTY, figures=figures)
    result = evaluate(load(path).datasets[0], load_standard("basic-balance-2012"))
    composite = next(c for c in result.county_results if c.rule.id == "BB.cv")
    want = {"E1": 0.34641016, "E2": 0.0, "E3": 0.57735027, "E4": 0.24743583,
            "E5": 0.34641016, "E6": 0.0, "E7": 0.24743583, "E8": 0.0}  # fmt: skip
    assert composite.components == pytest.approx(want, abs=1e-8)
    assert composite.value == pytest.approx(1.76504225 / 8, abs=1e-8)
    assert composite.status == "pass"
