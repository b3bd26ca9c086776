"""Build examples/demo-county.xlsx, a synthetic Shandong county (示范县) that fails on purpose.

    python examples/make_demo.py [--output PATH] [--check]

The demo exists so a new user sees every kind of finding on a realistic county. The v1 columns
are drawn from random.Random(2025), the optional columns from a separate random.Random(2026), and
the workbook is written with fixed timestamps, so two runs give byte-identical files. `--check`
re-reads the written file and recomputes the audit with this script's own small copy of the
formulas, so qbcheck's report can be cross-checked against it.

This module is also the single source of the input-format headings and of the school-row
generator: benchmarks/generate.py imports it.

Planted findings (school ids follow the roster order; `--check` recomputes every item below):

A 资源配置 (the v1 columns, drawn from random.Random(2025))
(a) School parts that fail the school rule QB.A.school (two indicators below threshold, one < 85%):
    3715990005 示范县城关第二小学, primary: A4 teaching area 3.70 m² (82% of 4.5) and
               A5 sports area 4.90 m² (65% of 7.5): an overcrowded town-centre school.
    3715990012 示范县启明小学 (民办), primary: A2 backbone 0.43/100 (43% of 1.0) and
               A3 PE/arts 0.70/100 (77% of 0.9): a private school without county backbone staff.
    3715990026 马坊乡双庙小学, primary: A1 degree teachers 3.39/100 (81% of 4.2) and
               A6 equipment 1,350 yuan (68% of 2,000): a poor rural school.
    3715990060 高桥镇初级中学, junior: A2 backbone 0.61/100 (61% of 1.0) and
               A7 multimedia 1.94/100 (81% of 2.4).
    3715990069 石桥镇九年一贯制学校, junior part only: A1 4.26/100 (80% of 5.3) and
               A3 0.49/100 (55% of 0.9); its primary part passes.
(b) Parts that miss exactly one indicator but stay at >= 85%, so they still pass the school rule:
    3715990015 柳河镇中心小学, primary: A7 multimedia 2.11/100 (92% of 2.3).
    3715990079 示范县第二中学 (完全中学), junior part: A5 sports area 9.30 m² (91% of 10.2).
(c) County CV QB.A5.cv: primary A5 (sports area per pupil) CV 0.586 > 0.50, driven by four rural
    primary schools on former township-middle-school sites with very large grounds (41-58 m² per
    pupil): 3715990039 清河镇黄土岗小学, 3715990040 双山乡北岭小学, 3715990041 白杨镇韩集小学,
    3715990042 东湖乡郭店小学. Every other CV is at most 0.28 (primary A2 0.217, junior A2 0.278).
(d) Out of scope: four teaching points under 50 pupils (3715990046-3715990049). One of them,
    3715990046 西沟教学点, has no backbone teacher and 900 yuan of equipment per pupil: it would
    fail, but it is out of scope and must neither be reported as failing nor enter any CV.

The optional 学校 columns and sheet 县域指标 (random.Random(2026), so the values above never move):
B 政府保障程度
    QB.B3.art 每12个班级配备美术专用教室1间以上: 3715990025 东湖乡中心小学, 14 classes, 1 art
               room where 2 are needed.
    QB.B3.music_area 每间音乐专用教室面积不小于96平方米: 3715990007 示范县人民路小学, 1 of its
               3 music rooms under 96 m².
    QB.B4 学校规模不超过2000人: not planted but implied by the v1 enrolments: 3715990001
               示范县实验小学 2242, 3715990005 示范县城关第二小学 2280, 3715990006
               示范县城关第三小学 2187, 3715990055 示范县实验中学 (junior) 2482.
    QB.B5 所有班级学生数小学不超过45人、初中不超过50人 (per class, from the size bands):
               3715990004 示范县城关第一小学, 2 primary classes of 46-50 (mean 42.1: the rule is
               per class, not the average); 3715990061 李庄镇初级中学, 1 junior class of 56-60;
               and 3715990005 示范县城关第二小学, whose 41 classes of 56 pupils (v1) are all
               over 45.
    QB.B11 交流轮岗教师比例不低于10%: 34 of 420 eligible teachers = 8.1%.
    QB.B14.rural 名额分配向农村初中倾斜: 是 without evidence: undecided, not a pass.
    Everything else passes: B3 music rooms, B6 (village schools under 100 pupils funded as 100),
    B7 8000 yuan, B8 pay 1.025, B9 and B12 100%, B11 backbone 26.5%, B13 nearby enrolment 100% /
    98.0%, B14 55%, B15 92.0%, and the attestations B1, B2, B8, B10, B15.
C 教育质量
    QB.C4 教师培训经费不低于公用经费预算的5%: 3715990064 清河镇中学, 3.0% (every other school
               6-9%). C1 97.2%, C2 97.0%, C9 level Ⅲ and difference rate 0.12 pass.
D 社会认可度: QB.D1 88%, passes.
V 一票否决: QB.V1-V6 all declared 否 with evidence.
P 申报条件: QB.P1 basic balance in 2016 (9 years), QB.P2 是: pass.
Basic balance (2012): BB.T1 是, BB.G1 score 91, BB.S1 92%: pass.
Shandong
    SD.B4.new 2020年及以后建设的学校班级数不超过36个: 3715990002 示范县第二实验小学, built
               2021, 38 classes. The other two new schools (示范县第六中学 2020, 33 classes;
               王集镇第二小学 2022, 34 classes) pass.
Liaocheng targets (part L, outside the verdict; a 2027 target is "at risk" before 2027)
    LC.T2 每个乡镇至少保留一所初中学校: 梁山乡 (李庄村小学 and three teaching points) has no
               school with a junior stage; the other 11 townships with 镇区/乡村 schools have one.
    LC.B6b 农村100至199人的学校按200人核定公用经费: 3715990032 张店镇大刘庄小学, 133 pupils,
               funded 12.00 万元 (as for 150) instead of 16.00.
    LC.T1 城乡专任教师本科以上学历比例之比降至1.03以下 (2027): 城区 90.9% : 乡村 74.6% = 1.218.
    LC.C2 残疾儿童义务教育入学率99%以上 (2027): 97.0%.
    LC.T3 所有义务教育学校达到省定II类以上办学条件标准 (2027): declared 否.
    LC.B6a (rural schools under 100 pupils funded as 100) passes.

No required cell is blank (cells are empty only where a stage is absent, in the v1 columns and
in the per-stage optional ones alike), so no rule is unknown for want of data; the one undecided
item is QB.B14.rural, by design. To let every class be at most 45 pupils, the demo raises the
primary class count of eight urban schools that the generator left at 45.5-46.7 pupils a class
(PRIMARY_CLASSES); no A1-A7 value depends on class counts.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "demo-county.xlsx"
SEED = 2025
FIXED_TIME = datetime(2025, 9, 1)  # workbook properties and zip entries: byte-identical reruns

# --- input format, version 1 (docs/data-format.md): English key and heading, in column order ---
FIELDS: tuple[tuple[str, str], ...] = (
    ("school_id", "学校标识码"),
    ("name", "学校名称"),
    ("school_type", "学校类型"),
    ("locale", "城乡分类"),
    ("ownership", "办学性质"),
    ("primary_pupils", "小学在校生数"),
    ("junior_pupils", "初中在校生数"),
    ("senior_pupils", "高中在校生数"),
    ("primary_classes", "小学班级数"),
    ("junior_classes", "初中班级数"),
    ("teaching_area", "教学及辅助用房面积（平方米）"),
    ("indoor_sports_area", "室内体育用房面积（平方米）"),
    ("sports_ground_area", "运动场地面积（平方米）"),
    ("equipment_value", "教学仪器设备值（万元）"),
    ("multimedia_rooms", "网络多媒体教室数"),
    ("primary_teachers", "小学专任教师数"),
    ("junior_teachers", "初中专任教师数"),
    ("primary_teachers_above_degree", "小学高于规定学历教师数"),
    ("junior_teachers_above_degree", "初中高于规定学历教师数"),
    ("primary_backbone_teachers", "小学县级及以上骨干教师数"),
    ("junior_backbone_teachers", "初中县级及以上骨干教师数"),
    ("primary_pe_arts_teachers", "小学体育艺术专任教师数"),
    ("junior_pe_arts_teachers", "初中体育艺术专任教师数"),
)
KEYS: tuple[str, ...] = tuple(key for key, _ in FIELDS)
HEADINGS: tuple[str, ...] = tuple(heading for _, heading in FIELDS)
SCHOOL_SHEET = "学校"
INFO_SHEET = "基本信息"
COUNTY_SHEET = "县域指标"
COUNTY_HEADINGS = ("指标", "值", "佐证材料")

# --- optional columns of sheet 学校 (government guarantee, quality, city targets), in order ---
# The demo writes them after the v1 columns; the benchmarks keep to v1 (FIELDS).
CLASS_BANDS: tuple[tuple[str, str, int, int | None], ...] = (  # part, heading, low, high
    ("band_le25", "25人及以下班数", 0, 25),
    ("band_26_30", "26-30人班数", 26, 30),
    ("band_31_35", "31-35人班数", 31, 35),
    ("band_36_40", "36-40人班数", 36, 40),
    ("band_41_45", "41-45人班数", 41, 45),
    ("band_46_50", "46-50人班数", 46, 50),
    ("band_51_55", "51-55人班数", 51, 55),
    ("band_56_60", "56-60人班数", 56, 60),
    ("band_61_65", "61-65人班数", 61, 65),
    ("band_ge66", "66人及以上班数", 66, None),
)
OPTIONAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("township", "乡镇"),
    ("boarding", "是否寄宿制学校"),
    ("year_built", "建校年份"),
    ("music_rooms", "音乐专用教室数"),
    ("music_rooms_standard", "面积不小于96平方米的音乐专用教室数"),
    ("art_rooms", "美术专用教室数"),
    ("art_rooms_standard", "面积不小于90平方米的美术专用教室数"),
    ("certified_teachers", "持有教师资格证的专任教师数"),
    ("trained_teachers", "五年内完成360学时培训的专任教师数"),
    ("public_budget", "公用经费预算总额（万元）"),
    ("public_funds", "核定公用经费（万元）"),
    ("training_spend", "教师培训经费（万元）"),
    ("computers", "教学用计算机台数"),
    ("books", "图书册数"),
    ("primary_nearby_pupils", "小学就近划片入学学生数"),
    ("junior_nearby_pupils", "初中就近划片入学学生数"),
    ("primary_senior_title_teachers", "小学中级及以上职称专任教师数"),
    ("junior_senior_title_teachers", "初中中级及以上职称专任教师数"),
    ("primary_bachelor_teachers", "小学本科及以上学历专任教师数"),
    ("junior_bachelor_teachers", "初中本科及以上学历专任教师数"),
    *(
        (f"{stage}_{part}", f"{zh}{heading}")
        for part, heading, _, _ in CLASS_BANDS
        for stage, zh in (("primary", "小学"), ("junior", "初中"))
    ),
    ("parent_id", "所属学校标识码"),
)
DEMO_FIELDS = FIELDS + OPTIONAL_FIELDS
DEMO_KEYS: tuple[str, ...] = tuple(key for key, _ in DEMO_FIELDS)
DEMO_HEADINGS: tuple[str, ...] = tuple(heading for _, heading in DEMO_FIELDS)

STAGES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "小学": ("primary",),
    "教学点": ("primary",),
    "初级中学": ("junior",),
    "九年一贯制学校": ("primary", "junior"),
    "十二年一贯制学校": ("primary", "junior", "senior"),
    "完全中学": ("junior", "senior"),
}
COMPULSORY = ("primary", "junior")
STAGE_ZH = {"primary": "小学", "junior": "初中", "senior": "高中"}

# --- the 2017 quality-balance resource criteria, as the audit applies them ---
SPLIT_WEIGHTS = {"primary": 1.0, "junior": 1.1, "senior": 1.32}
INDICATORS = ("A1", "A2", "A3", "A4", "A5", "A6", "A7")
THRESHOLDS: dict[str, dict[str, float]] = {
    "A1": {"primary": 4.2, "junior": 5.3},
    "A2": {"primary": 1.0, "junior": 1.0},
    "A3": {"primary": 0.9, "junior": 0.9},
    "A4": {"primary": 4.5, "junior": 5.8},
    "A5": {"primary": 7.5, "junior": 10.2},
    "A6": {"primary": 2000.0, "junior": 2500.0},
    "A7": {"primary": 2.3, "junior": 2.4},
}
CV_LIMITS = {"primary": 0.50, "junior": 0.45}
K_OF_N, FLOOR = 6, 0.85
MIN_TEACHING_POINT_PUPILS = 50
TEACHER_FIELDS = {
    "A1": "teachers_above_degree",
    "A2": "backbone_teachers",
    "A3": "pe_arts_teachers",
}

# --- what a realistic county looks like (also the benchmark's mix) ---
TYPE_MIX: dict[str, int] = {  # the demo's school counts; the benchmarks draw in these proportions
    "小学": 45,
    "教学点": 8,
    "初级中学": 14,
    "九年一贯制学校": 8,
    "十二年一贯制学校": 2,
    "完全中学": 3,
}
LOCALES = ("城区", "镇区", "乡村")
LOCALE_MIX: dict[str, tuple[float, float, float]] = {  # share of 城区, 镇区, 乡村 per type
    "小学": (0.25, 0.3, 0.45),
    "教学点": (0.0, 0.1, 0.9),
    "初级中学": (0.3, 0.5, 0.2),
    "九年一贯制学校": (0.3, 0.3, 0.4),
    "十二年一贯制学校": (0.8, 0.2, 0.0),
    "完全中学": (0.7, 0.3, 0.0),
}
PRIVATE_SHARE = {
    "小学": 0.04,
    "教学点": 0.0,
    "初级中学": 0.08,
    "九年一贯制学校": 0.2,
    "十二年一贯制学校": 0.7,
    "完全中学": 0.1,
}
# Pupils per stage by (type, locale): (low, high), drawn uniformly.
PUPILS: dict[str, dict[str, dict[str, tuple[int, int]]]] = {
    "小学": {
        "城区": {"primary": (1100, 2300)},
        "镇区": {"primary": (450, 1400)},
        "乡村": {"primary": (60, 480)},
    },
    "教学点": {loc: {"primary": (15, 120)} for loc in LOCALES},
    "初级中学": {
        "城区": {"junior": (1200, 2600)},
        "镇区": {"junior": (600, 1500)},
        "乡村": {"junior": (250, 800)},
    },
    "九年一贯制学校": {
        "城区": {"primary": (800, 1600), "junior": (500, 1100)},
        "镇区": {"primary": (400, 1100), "junior": (300, 800)},
        "乡村": {"primary": (200, 600), "junior": (150, 450)},
    },
    "十二年一贯制学校": {
        loc: {"primary": (600, 1500), "junior": (500, 1200), "senior": (600, 1500)}
        for loc in LOCALES
    },
    "完全中学": {
        "城区": {"junior": (900, 1800), "senior": (1200, 2600)},
        "镇区": {"junior": (700, 1400), "senior": (800, 1800)},
        "乡村": {"junior": (500, 1000), "senior": (500, 1200)},
    },
}
CLASS_SIZE = {  # pupils per class, (low, high)
    "primary": {"城区": (42, 48), "镇区": (36, 46), "乡村": (22, 40)},
    "junior": {"城区": (44, 50), "镇区": (40, 49), "乡村": (32, 46)},
}
PUPILS_PER_TEACHER = {"primary": (15.0, 19.0), "junior": (12.5, 16.0)}
# Facility totals per weighted pupil, as multiples of what the strictest stage needs, per locale.
FACILITY_MARGIN: dict[str, dict[str, tuple[float, float]]] = {
    "城区": {"A4": (1.05, 1.35), "A5": (1.05, 1.4), "A6": (1.15, 1.9), "A7": (1.1, 1.5)},
    "镇区": {"A4": (1.1, 1.5), "A5": (1.15, 1.7), "A6": (1.1, 1.7), "A7": (1.1, 1.5)},
    "乡村": {"A4": (1.1, 1.6), "A5": (1.2, 2.0), "A6": (1.05, 1.6), "A7": (1.05, 1.5)},
}


def stages(school: Mapping[str, Any]) -> list[str]:
    """The school's stages that have pupils (a stage with 0 or no pupils yields no part)."""
    return [s for s in STAGES_BY_TYPE[school["school_type"]] if school.get(f"{s}_pupils")]


def weighted_pupils(school: Mapping[str, Any]) -> float:
    """Σ w·P over all stages, senior included: the denominator of the facility split."""
    return sum(SPLIT_WEIGHTS[s] * (school.get(f"{s}_pupils") or 0) for s in SPLIT_WEIGHTS)


def part_values(school: Mapping[str, Any], stage: str) -> dict[str, float]:
    """The seven indicators of one stage part, by the formulas the audit uses."""
    pupils = school[f"{stage}_pupils"]
    per_pupil_share = SPLIT_WEIGHTS[stage] / weighted_pupils(school)  # share_s / P_s
    indoor = school["indoor_sports_area"]
    return {
        "A1": 100 * school[f"{stage}_teachers_above_degree"] / pupils,
        "A2": 100 * school[f"{stage}_backbone_teachers"] / pupils,
        "A3": 100 * school[f"{stage}_pe_arts_teachers"] / pupils,
        "A4": per_pupil_share * (school["teaching_area"] - indoor),
        "A5": per_pupil_share * (school["sports_ground_area"] + indoor),
        "A6": per_pupil_share * school["equipment_value"] * 10000,
        "A7": 100 * per_pupil_share * school["multimedia_rooms"],
    }


def set_indicator(school: dict[str, Any], stage: str, code: str, value: float) -> None:
    """Rewrite the data behind one indicator of one stage part so that it reads about `value`.

    Used to plant findings in the demo and random shortfalls in the benchmarks; for facility
    indicators it changes the whole-school total, so a one-through school's other parts move too.
    """
    pupils = school[f"{stage}_pupils"]
    if code in TEACHER_FIELDS:
        count = max(0, round(value * pupils / 100))
        school[f"{stage}_{TEACHER_FIELDS[code]}"] = count
        school[f"{stage}_teachers"] = max(school[f"{stage}_teachers"], count)
        return
    total = value * weighted_pupils(school) / SPLIT_WEIGHTS[stage]  # whole-school amount
    indoor = school["indoor_sports_area"]
    if code == "A4":
        school["teaching_area"] = round(total + indoor, 1)
    elif code == "A5":
        new_indoor = round(min(indoor, 0.3 * total), 1)  # the ground cannot be negative
        school["teaching_area"] = round(school["teaching_area"] - indoor + new_indoor, 1)
        school["indoor_sports_area"] = new_indoor
        school["sports_ground_area"] = round(total - new_indoor, 1)
    elif code == "A6":
        school["equipment_value"] = round(total / 10000, 2)
    elif code == "A7":
        school["multimedia_rooms"] = max(0, round(total / 100))
    else:
        raise ValueError(f"unknown indicator {code}")


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def make_school(
    rng: random.Random,
    school_type: str,
    locale: str,
    ownership: str,
    pupils: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """One school's values by English key (id and name left empty), passing every indicator.

    Teachers are drawn per stage from realistic ratios, facilities per weighted pupil with a
    locale-dependent margin over the strictest stage's threshold, so a plain school passes with
    room to spare and the spread between schools stays within the CV limits.
    """
    school: dict[str, Any] = dict.fromkeys(KEYS)
    school.update(school_type=school_type, locale=locale, ownership=ownership)
    teaching_point = school_type == "教学点"
    private = ownership == "民办"
    for stage in STAGES_BY_TYPE[school_type]:
        if pupils and stage in pupils:
            count = pupils[stage]
        else:
            count = rng.randint(*PUPILS[school_type][locale][stage])
        school[f"{stage}_pupils"] = count
        if stage == "senior":
            continue
        size = rng.uniform(*CLASS_SIZE[stage][locale])
        grades = 4 if teaching_point else (6 if stage == "primary" else 3)
        classes = max(math.ceil(count / size), min(grades, math.ceil(count / 8)))
        ratio = rng.uniform(*PUPILS_PER_TEACHER[stage])
        per_class = 1.1 if teaching_point else (1.3 if stage == "primary" else 2.2)
        teachers = max(math.ceil(count / ratio), math.ceil(classes * per_class))
        floor = {
            code: math.ceil(count * THRESHOLDS[code][stage] * 1.05 / 100) for code in TEACHER_FIELDS
        }
        backbone_rate = rng.uniform(0.12, 0.2) if private else rng.uniform(0.16, 0.3)
        school[f"{stage}_classes"] = classes
        school[f"{stage}_teachers"] = teachers
        school[f"{stage}_teachers_above_degree"] = _clamp(
            round(teachers * rng.uniform(0.9, 1.0)), floor["A1"], teachers
        )
        school[f"{stage}_backbone_teachers"] = _clamp(
            round(teachers * backbone_rate), floor["A2"], teachers
        )
        school[f"{stage}_pe_arts_teachers"] = _clamp(
            round(teachers * rng.uniform(0.12, 0.2)), floor["A3"], teachers
        )

    parts = [s for s in STAGES_BY_TYPE[school_type] if s in COMPULSORY]
    need = {code: max(THRESHOLDS[code][s] / SPLIT_WEIGHTS[s] for s in parts) for code in THRESHOLDS}
    margin = FACILITY_MARGIN[locale]
    wp = weighted_pupils(school)
    net_teaching = need["A4"] * rng.uniform(*margin["A4"]) * wp
    sports = need["A5"] * rng.uniform(*margin["A5"]) * wp
    if locale == "城区" and wp >= 900:
        indoor = rng.uniform(0.25, 0.6) * wp  # a gymnasium
    elif locale != "乡村" and rng.random() < 0.5:
        indoor = rng.uniform(0.15, 0.45) * wp
    elif rng.random() < 0.2:
        indoor = rng.uniform(60, 250)  # a converted classroom
    else:
        indoor = 0.0
    indoor = round(min(indoor, 0.3 * sports), 1)
    school["indoor_sports_area"] = indoor
    school["teaching_area"] = round(net_teaching + indoor, 1)
    school["sports_ground_area"] = round(sports - indoor, 1)
    school["equipment_value"] = round(need["A6"] * rng.uniform(*margin["A6"]) * wp / 10000, 2)
    school["multimedia_rooms"] = math.ceil(need["A7"] * rng.uniform(*margin["A7"]) * wp / 100)
    return school


def as_row(school: Mapping[str, Any], keys: tuple[str, ...] = KEYS) -> tuple[Any, ...]:
    """The school as a 学校 row in heading order (None = empty cell)."""
    return tuple(school.get(key) for key in keys)


def _header_cell(ws: Any, value: str, font: Font, alignment: Alignment | None = None) -> Any:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def write_workbook(
    path: Path,
    rows: Iterable[tuple[Any, ...]],
    info: Mapping[str, object],
    *,
    headings: tuple[str, ...] = HEADINGS,
    county: Iterable[tuple[str, object, str]] | None = None,
) -> None:
    """Write sheets 学校 and 基本信息 in write-only mode (fast for 200,000 rows), reproducibly.

    `headings` are the 学校 columns (the v1 set unless told); `county`, when given, becomes sheet
    县域指标 (指标 | 值 | 佐证材料). openpyxl stamps the zip entries and the 'modified' property
    with the current time on save, so the saved archive is repacked with fixed times: the same
    rows give the same bytes.
    """
    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "qbcheck examples"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center")

    ws = wb.create_sheet(SCHOOL_SHEET)
    ws.freeze_panes = "A2"
    for i, heading in enumerate(headings, start=1):
        width = 24 if heading == "学校名称" else max(10, min(2 * len(heading) + 2, 16))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([_header_cell(ws, heading, bold, wrap) for heading in headings])
    for row in rows:
        ws.append(row)

    info_ws = wb.create_sheet(INFO_SHEET)
    info_ws.column_dimensions["A"].width = 12
    info_ws.column_dimensions["B"].width = 24
    info_ws.append([_header_cell(info_ws, heading, bold) for heading in ("项目", "值")])
    for key, value in info.items():
        info_ws.append((key, value))

    if county is not None:
        county_ws = wb.create_sheet(COUNTY_SHEET)
        county_ws.freeze_panes = "A2"
        for column, width in zip("ABC", (44, 12, 60), strict=True):
            county_ws.column_dimensions[column].width = width
        county_ws.append([_header_cell(county_ws, h, bold) for h in COUNTY_HEADINGS])
        for heading, value, evidence in county:
            county_ws.append((heading, value, evidence or None))

    buffer = io.BytesIO()
    wb.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = FIXED_TIME.timetuple()[:6]
    wb.properties.modified = FIXED_TIME  # save() has just set it to now
    core_xml = tostring(wb.properties.to_tree())
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            if item.filename == ARC_CORE:
                dst.writestr(entry, core_xml)
                continue
            with src.open(item) as fin, dst.open(entry, "w") as fout:
                while chunk := fin.read(1 << 20):
                    fout.write(chunk)


# --- the demo county ---
COUNTY_INFO: dict[str, object] = {"县区名称": "示范县", "县区代码": "371599", "统计年度": 2025}
ID_PREFIX = "371599"

Plant = tuple[str, str, float]  # stage, indicator, value it should read


def _e(
    name: str,
    school_type: str,
    locale: str,
    ownership: str = "公办",
    pupils: dict[str, int] | None = None,
    *plant: Plant,
) -> tuple[str, str, str, str, dict[str, int] | None, tuple[Plant, ...]]:
    return name, school_type, locale, ownership, pupils, plant


P, J = "primary", "junior"
ROSTER = (
    # 小学, 城区
    _e("示范县实验小学", "小学", "城区"),
    _e("示范县第二实验小学", "小学", "城区"),
    _e("示范县第三实验小学", "小学", "城区"),
    _e("示范县城关第一小学", "小学", "城区"),
    _e("示范县城关第二小学", "小学", "城区", "公办", {P: 2280}, (P, "A4", 3.7), (P, "A5", 4.9)),
    _e("示范县城关第三小学", "小学", "城区"),
    _e("示范县人民路小学", "小学", "城区"),
    _e("示范县文化路小学", "小学", "城区"),
    _e("示范县育英小学", "小学", "城区"),
    _e("示范县新华路小学", "小学", "城区"),
    _e("示范县博雅小学", "小学", "城区", "民办", {P: 980}),
    _e("示范县启明小学", "小学", "城区", "民办", {P: 1150}, (P, "A2", 0.4), (P, "A3", 0.7)),
    # 小学, 镇区
    _e("王集镇中心小学", "小学", "镇区"),
    _e("李庄镇中心小学", "小学", "镇区"),
    _e("柳河镇中心小学", "小学", "镇区", "公办", {P: 1090}, (P, "A7", 2.1)),
    _e("高桥镇中心小学", "小学", "镇区"),
    _e("张店镇中心小学", "小学", "镇区"),
    _e("石桥镇中心小学", "小学", "镇区"),
    _e("清河镇中心小学", "小学", "镇区"),
    _e("白杨镇中心小学", "小学", "镇区"),
    _e("王集镇第二小学", "小学", "镇区"),
    _e("李庄镇第二小学", "小学", "镇区"),
    _e("张店镇第二小学", "小学", "镇区"),
    # 小学, 乡村
    _e("马坊乡中心小学", "小学", "乡村", "公办", {P: 520}),
    _e("东湖乡中心小学", "小学", "乡村", "公办", {P: 470}),
    _e("马坊乡双庙小学", "小学", "乡村", "公办", {P: 236}, (P, "A1", 3.4), (P, "A6", 1350)),
    _e("双山乡前岭小学", "小学", "乡村"),
    _e("李庄村小学", "小学", "乡村"),
    _e("王集镇后屯小学", "小学", "乡村"),
    _e("柳河镇前营小学", "小学", "乡村"),
    _e("高桥镇杨楼小学", "小学", "乡村"),
    _e("张店镇大刘庄小学", "小学", "乡村"),
    _e("石桥镇孙家洼小学", "小学", "乡村"),
    _e("清河镇赵桥小学", "小学", "乡村"),
    _e("白杨镇南王小学", "小学", "乡村"),
    _e("马坊乡东沟小学", "小学", "乡村"),
    _e("东湖乡西河崖小学", "小学", "乡村"),
    _e("双山乡小辛庄小学", "小学", "乡村"),
    # former township middle schools: huge grounds, the primary A5 CV outliers
    _e("清河镇黄土岗小学", "小学", "乡村", "公办", {P: 310}, (P, "A5", 46.0)),
    _e("双山乡北岭小学", "小学", "乡村", "公办", {P: 265}, (P, "A5", 52.0)),
    _e("白杨镇韩集小学", "小学", "乡村", "公办", {P: 380}, (P, "A5", 41.0)),
    _e("东湖乡郭店小学", "小学", "乡村", "公办", {P: 240}, (P, "A5", 58.0)),
    _e("王集镇周家庄小学", "小学", "乡村"),
    _e("高桥镇姜庄小学", "小学", "乡村"),
    _e("柳河镇崔楼小学", "小学", "乡村"),
    # 教学点: four under 50 pupils (out of scope), four of 50-120
    _e("西沟教学点", "教学点", "乡村", "公办", {P: 27}, (P, "A2", 0.0), (P, "A6", 900)),
    _e("王集教学点", "教学点", "乡村", "公办", {P: 38}),
    _e("何庄教学点", "教学点", "乡村", "公办", {P: 44}),
    _e("梁山口教学点", "教学点", "乡村", "公办", {P: 19}),
    _e("马坊乡北洼教学点", "教学点", "乡村", "公办", {P: 58}),
    _e("石桥镇石门教学点", "教学点", "乡村", "公办", {P: 73}),
    _e("清河镇桃园教学点", "教学点", "乡村", "公办", {P: 95}),
    _e("双山乡枣林教学点", "教学点", "乡村", "公办", {P: 116}),
    # 初级中学
    _e("示范县第三中学", "初级中学", "城区"),
    _e("示范县实验中学", "初级中学", "城区"),
    _e("示范县第五中学", "初级中学", "城区"),
    _e("示范县第六中学", "初级中学", "城区"),
    _e("示范县外国语实验中学", "初级中学", "城区", "民办", {J: 1320}),
    _e("王集镇中学", "初级中学", "镇区"),
    _e("高桥镇初级中学", "初级中学", "镇区", "公办", {J: 980}, (J, "A2", 0.6), (J, "A7", 1.9)),
    _e("李庄镇初级中学", "初级中学", "镇区"),
    _e("柳河镇初级中学", "初级中学", "镇区"),
    _e("张店镇中学", "初级中学", "镇区"),
    _e("清河镇中学", "初级中学", "镇区"),
    _e("白杨镇初级中学", "初级中学", "镇区"),
    _e("马坊乡初级中学", "初级中学", "乡村"),
    _e("东湖乡初级中学", "初级中学", "乡村"),
    # 九年一贯制学校
    _e("示范县育才学校", "九年一贯制学校", "城区", "民办"),
    _e(
        "石桥镇九年一贯制学校",
        "九年一贯制学校",
        "镇区",
        "公办",
        {P: 860, J: 610},
        (J, "A1", 4.3),
        (J, "A3", 0.5),
    ),
    _e("示范县城东学校", "九年一贯制学校", "城区"),
    _e("示范县开发区实验学校", "九年一贯制学校", "城区"),
    _e("示范县明德学校", "九年一贯制学校", "镇区", "民办"),
    _e("双山乡中心学校", "九年一贯制学校", "乡村"),
    _e("李庄镇北辛庄学校", "九年一贯制学校", "乡村"),
    _e("高桥镇新庄学校", "九年一贯制学校", "乡村"),
    # 十二年一贯制学校 (both private) and 完全中学
    _e("示范县博文学校", "十二年一贯制学校", "城区", "民办"),
    _e("示范县英才学校", "十二年一贯制学校", "城区", "民办"),
    _e("示范县第一中学", "完全中学", "城区"),
    _e("示范县第二中学", "完全中学", "城区", "公办", {J: 1480, "senior": 2150}, (J, "A5", 9.3)),
    _e("示范县第四中学", "完全中学", "镇区"),
)


def build_demo(seed: int = SEED) -> list[dict[str, Any]]:
    """The demo county's schools, with the findings listed at the top of this file planted."""
    rng = random.Random(seed)
    schools = []
    for n, (name, school_type, locale, ownership, pupils, plant) in enumerate(ROSTER, start=1):
        school = make_school(rng, school_type, locale, ownership, pupils)
        school["school_id"] = f"{ID_PREFIX}{n:04d}"
        school["name"] = name
        for stage, code, value in plant:
            set_indicator(school, stage, code, value)
        schools.append(school)
    crowded = next(s for s in schools if s["name"] == "示范县城关第二小学")
    crowded["primary_classes"] = 41  # 56 pupils a class: the building is too small
    add_optional_columns(schools, random.Random(OPTIONAL_SEED))
    add_parent_schools(schools)
    return schools


# --- optional columns and 县域指标: drawn from their own stream, so v1 values never move ---
OPTIONAL_SEED = 2026


def add_parent_schools(schools: list[dict[str, Any]]) -> None:
    """A teaching point belongs to a primary school of its township (its 中心小学 if any)."""
    for school in schools:
        school.setdefault("parent_id", None)
        if school["school_type"] != "教学点":
            continue
        town = [
            s for s in schools if s["township"] == school["township"] and s["school_type"] == "小学"
        ]
        town.sort(key=lambda s: ("中心小学" not in s["name"], s["school_id"]))
        school["parent_id"] = town[0]["school_id"]


# Townships (乡镇/街道) of schools whose name names none; the rest take the one in their name,
# and other 城区 schools are in 城关街道. 梁山乡 has village schools only (planted: LC.T2).
TOWNSHIPS = (
    "王集镇", "李庄镇", "柳河镇", "高桥镇", "张店镇", "石桥镇",
    "清河镇", "白杨镇", "马坊乡", "东湖乡", "双山乡",
)  # fmt: skip
TOWNSHIP_OF = {
    "示范县第二实验小学": "城东街道",
    "示范县新华路小学": "城东街道",
    "示范县第六中学": "城东街道",
    "示范县城东学校": "城东街道",
    "示范县开发区实验学校": "城东街道",
    "示范县英才学校": "城东街道",
    "示范县明德学校": "高桥镇",
    "示范县第四中学": "王集镇",
    "王集教学点": "王集镇",
    "李庄村小学": "梁山乡",
    "西沟教学点": "梁山乡",
    "何庄教学点": "梁山乡",
    "梁山口教学点": "梁山乡",
}
BOARDING = {
    "马坊乡初级中学",
    "东湖乡初级中学",
    "双山乡中心学校",
    "李庄镇北辛庄学校",
    "高桥镇新庄学校",
}
BUILT_SINCE_2020 = {"示范县第二实验小学": 2021, "示范县第六中学": 2020, "王集镇第二小学": 2022}
# Primary class counts the demo sets so that every class can be at most 45 (the generator's
# urban class sizes run to 48 a class). Only 小学班级数 changes: no A1-A7 value depends on it.
# 示范县第二实验小学 is the new school of 38 classes (planted: SD.B4.new); 示范县城关第二小学
# keeps its 41 classes of 56 pupils, so it has large classes (QB.B5) as well.
PRIMARY_CLASSES = {
    "示范县第二实验小学": 38,
    "示范县第三实验小学": 44,
    "示范县城关第三小学": 50,
    "示范县文化路小学": 40,
    "示范县新华路小学": 40,
    "示范县博雅小学": 23,
    "示范县育才学校": 24,
    "示范县英才学校": 25,
}
CLASS_LIMIT = {"primary": 45, "junior": 50}
# Planted on the optional columns (see the module docstring).
ART_ROOM_SHORT = "东湖乡中心小学"  # one art room too few: QB.B3.art
SMALL_MUSIC_ROOM = "示范县人民路小学"  # one music room under 96 m²: QB.B3.music_area
LOW_TRAINING = "清河镇中学"  # training 3% of the budget: QB.C4
FUNDED_AS_150 = "张店镇大刘庄小学"  # 133 pupils funded as 150, not 200: LC.B6b
BIG_CLASSES = {  # school → (stage, sizes of its classes over the limit)
    "示范县城关第一小学": ("primary", (47, 48)),  # QB.B5: 2 classes of 46-50
    "李庄镇初级中学": ("junior", (57,)),  # QB.B5: 1 class of 56-60
}
BACHELOR_SHARE = {"城区": (0.85, 0.92), "镇区": (0.75, 0.85), "乡村": (0.65, 0.78)}  # primary
CLASS_SPREAD = {"城区": 2.5, "镇区": 3.0, "乡村": 4.0}  # SD of class sizes around the mean


def class_sizes(
    rng: random.Random,
    pupils: int,
    classes: int,
    high: int,
    spread: float,
    fixed: tuple[int, ...] = (),
) -> list[int]:
    """`classes` class sizes summing to `pupils`, each 1..high, spread about the mean (small
    classes less); the `fixed` sizes come first and count towards both totals."""
    n = classes - len(fixed)
    rest = pupils - sum(fixed)
    if n < 1 or not n <= rest <= n * high:
        raise ValueError(f"cannot split {rest} pupils into {n} classes of at most {high}")
    mean = rest / n
    spread = min(spread, max(1.0, mean / 6))
    sizes = [_clamp(round(rng.gauss(mean, spread)), 1, high) for _ in range(n)]
    while (diff := rest - sum(sizes)) != 0:
        i = rng.randrange(n)
        step = 1 if diff > 0 else -1
        if 1 <= sizes[i] + step <= high:
            sizes[i] += step
    return [*fixed, *sizes]


def band_counts(sizes: Iterable[int]) -> dict[str, int]:
    """Class sizes → the statistics' class-size bands (part name → number of classes)."""
    counts = dict.fromkeys((part for part, _, _, _ in CLASS_BANDS), 0)
    for size in sizes:
        part = next(
            p for p, _, low, high in CLASS_BANDS if low <= size and (high is None or size <= high)
        )
        counts[part] += 1
    return counts


def township_of(name: str, locale: str) -> str:
    if name in TOWNSHIP_OF:
        return TOWNSHIP_OF[name]
    town = next((t for t in TOWNSHIPS if t in name), None)
    if town is None and locale == "城区":
        return "城关街道"
    if town is None:
        raise ValueError(f"no township for {name}")
    return town


def add_optional_columns(schools: list[dict[str, Any]], rng: random.Random) -> None:
    """Fill the optional 学校 columns for every school, with the planted findings."""
    for school in schools:
        name, locale = school["name"], school["locale"]
        public = school["ownership"] == "公办"
        if name in PRIMARY_CLASSES:
            school["primary_classes"] = PRIMARY_CLASSES[name]
        parts = [s for s in stages(school) if s in COMPULSORY]
        pupils = {s: school[f"{s}_pupils"] or 0 for s in ("primary", "junior", "senior")}
        classes = sum(school[f"{s}_classes"] for s in parts)
        teachers = sum(school[f"{s}_teachers"] for s in parts)
        boarding = name in BOARDING
        school["township"] = township_of(name, locale)
        school["boarding"] = "是" if boarding else "否"
        school["year_built"] = BUILT_SINCE_2020.get(name) or rng.randint(1950, 2019)

        rooms_needed = max(1, math.ceil(classes / 12))
        extra = 0 if school["school_type"] == "教学点" else 1
        music = rooms_needed + (extra if rng.random() < 0.25 else 0)
        art = rooms_needed + (extra if rng.random() < 0.25 else 0)
        if name == ART_ROOM_SHORT:
            art = rooms_needed - 1
        school["music_rooms"] = music
        school["music_rooms_standard"] = music - (name == SMALL_MUSIC_ROOM)
        school["art_rooms"] = art
        school["art_rooms_standard"] = art
        school["certified_teachers"] = school["trained_teachers"] = teachers

        # 万元: 800 yuan a primary pupil, 1000 a junior, 1200 a senior; small rural schools are
        # funded as for 100 (under 100 compulsory pupils) or 200 (100-199) pupils.
        norm = 0.08 * pupils["primary"] + 0.10 * pupils["junior"] + 0.12 * pupils["senior"]
        budget = round(norm * rng.uniform(1.0, 1.12), 2)
        compulsory = pupils["primary"] + pupils["junior"]
        if locale == "乡村" and compulsory < 200:
            per_pupil = (0.08 * pupils["primary"] + 0.10 * pupils["junior"]) / compulsory
            floor_pupils = 150 if name == FUNDED_AS_150 else (100 if compulsory < 100 else 200)
            budget = round(max(budget, floor_pupils * per_pupil), 2)
        school["public_budget"] = school["public_funds"] = budget
        share = 0.03 if name == LOW_TRAINING else rng.uniform(0.06, 0.09)
        school["training_spend"] = math.ceil(budget * share * 100) / 100

        everyone = sum(pupils.values())
        school["computers"] = round(everyone * rng.uniform(0.12, 0.2))
        school["books"] = round(
            pupils["primary"] * rng.uniform(25, 40)
            + (pupils["junior"] + pupils["senior"]) * rng.uniform(35, 50)
        )

        for stage in parts:
            count, staff = pupils[stage], school[f"{stage}_teachers"]
            if public and not boarding and locale in ("城区", "镇区"):
                nearby = count if stage == "primary" else math.ceil(count * rng.uniform(0.96, 1))
            elif public:
                nearby = round(count * rng.uniform(0.9, 1))
            else:
                nearby = round(count * rng.uniform(0.45, 0.75))
            school[f"{stage}_nearby_pupils"] = min(nearby, count)
            school[f"{stage}_senior_title_teachers"] = round(staff * rng.uniform(0.4, 0.6))
            above = school[f"{stage}_teachers_above_degree"]  # junior: 本科 and above already
            bachelor = round(staff * rng.uniform(*BACHELOR_SHARE[locale]))
            school[f"{stage}_bachelor_teachers"] = (
                above if stage == "junior" else min(bachelor, above)
            )

            n = school[f"{stage}_classes"]
            planted_stage, fixed = BIG_CLASSES.get(name, (None, ()))
            fixed = fixed if planted_stage == stage else ()
            limit = CLASS_LIMIT[stage]
            high = limit if count <= n * limit else math.ceil(count / n) + 6  # 城关第二小学
            sizes = class_sizes(rng, count, n, high, CLASS_SPREAD[locale], fixed)
            for part, value in band_counts(sizes).items():
                school[f"{stage}_{part}"] = value


def _yes(evidence: str) -> tuple[str, str]:
    return "是", evidence


def _no(evidence: str) -> tuple[str, str]:
    return "否", evidence


STATS = "2024年度教育统计年报"
ROTATION = "2025年度义务教育学校教师交流轮岗名册及审批表"
ADMISSION = "2025年义务教育招生入学工作专项督导报告"
PAY = "2024年度教师与公务员工资收入对比表（县人社局、财政局）"
MONITORING = "2024年国家义务教育质量监测示范县结果报告"
BUDGET = "示范县2025年教育经费预算批复（示财教〔2025〕3号）"
# Sheet 县域指标: (heading, value, evidence). Planted: QB.B11 (34 of 420 = 8.1% < 10%),
# QB.B14.rural (是 without evidence: undecided), LC.C2 (97% < 99%), LC.T3 (否).
COUNTY_FIGURES: tuple[tuple[str, object, str], ...] = (
    ("学校规划布局合理", *_yes("《示范县中小学布局规划（2021—2035年）》")),
    ("城乡学校建设标准统一", *_yes("《示范县义务教育学校建设标准》（示政办发〔2019〕12号）")),
    (
        "城乡教师编制标准统一",
        *_yes("《关于统一城乡中小学教职工编制标准的通知》（示编发〔2018〕5号）"),
    ),
    ("城乡生均公用经费基准定额统一", *_yes("《示范县城乡义务教育经费保障机制实施办法》")),
    ("城乡基本装备配置标准统一", *_yes("《示范县中小学教育技术装备配置标准》")),
    ("小学生均公用经费基准定额（元）", 800, BUDGET),
    ("初中生均公用经费基准定额（元）", 1000, BUDGET),
    ("特殊教育学校生均公用经费（元）", 8000, "示范县特殊教育学校2025年部门预算"),
    ("教师年平均工资收入（元）", 98600, PAY),
    ("当地公务员年平均工资收入（元）", 96200, PAY),
    ("足额核定教师绩效工资总量", *_yes("2025年度义务教育学校绩效工资总量核定表")),
    ("县级统筹分配各校教职工编制和岗位", *_yes("《示范县中小学教师“县管校聘”管理改革实施方案》")),
    ("符合交流条件教师数", 420, ROTATION),
    ("交流轮岗教师数", 34, ROTATION),
    ("交流轮岗教师中骨干教师数", 9, ROTATION),
    ("优质高中招生名额分配比例", 0.55, "《示范县2025年高中阶段学校招生工作实施意见》"),
    ("名额分配向农村初中倾斜", "是", ""),
    ("留守儿童关爱体系健全", *_yes("《示范县农村留守儿童关爱保护工作实施方案》")),
    ("符合条件的随迁子女数", 1850, STATS),
    ("在公办学校和政府购买服务民办学校就读的随迁子女数", 1702, STATS),
    ("初中三年巩固率", "97.2%", STATS),
    ("残疾儿童少年入学率", 0.97, "2025年适龄残疾儿童少年入学情况核查表（县教体局、县残联）"),
    ("所有学校制定章程并实现管理与教学信息化", *_yes("学校章程核准文件汇编；智慧校园建设验收报告")),
    ("教师熟练运用信息化手段组织教学", *_yes("教师信息技术应用能力提升工程2.0考核结果（2025）")),
    ("德育和校园文化建设达到良好以上", *_yes("2025年中小学德育工作和校园文化建设评估报告")),
    ("课程开齐开足、教学秩序规范", *_yes("2025年课程实施情况专项督导报告")),
    ("无过重课业负担", *_yes("“双减”工作专项督导报告（2025）")),
    ("国家义务教育质量监测最低学业水平等级", "Ⅲ", MONITORING),
    ("国家义务教育质量监测校际差异率", 0.12, MONITORING),
    ("社会认可度", 0.88, "2025年社会认可度第三方问卷调查报告"),
    ("存在以考试方式招生", *_no(ADMISSION)),
    ("存在违规择校行为", *_no(ADMISSION)),
    ("存在重点学校或重点班", *_no("2025年义务教育学校均衡编班情况检查记录")),
    ("存在有编不补或长期聘用编外教师", *_no("2025年教职工编制使用情况核查表（县委编办）")),
    ("发生重大安全责任事故或严重违纪违规事件", *_no("2023—2025年学校安全和师德师风情况说明")),
    ("存在弄虚作假", *_no("县人民政府关于申报材料真实性的承诺书")),
    ("通过国家基本均衡认定年份", 2016, "国务院教育督导委员会2016年基本均衡县认定结果通报"),
    ("基本均衡认定后年度监测保持较高水平", *_yes("2017—2024年义务教育均衡发展年度监测报告")),
    ("所有学校达到省定办学基本标准", *_yes("山东省义务教育学校办学条件标准达标验收材料")),
    (
        "县级政府推进义务教育均衡发展工作评分",
        91,
        "2016年县级人民政府推进义务教育均衡发展工作评估报告",
    ),
    ("公众满意度", "92%", "2016年义务教育均衡发展公众满意度调查报告"),
    (
        "所有义务教育学校达到省定II类以上办学条件标准",
        *_no("省定II类办学条件标准达标情况自查表（2025）"),
    ),
)


# --- --check: the audit re-implemented, to cross-check qbcheck's report ---
def read_schools(path: Path) -> list[dict[str, Any]]:
    """Read sheet 学校 back by heading, so the check sees what is on disk."""
    wb = load_workbook(path, read_only=True)
    rows = wb[SCHOOL_SHEET].iter_rows(values_only=True)
    header = tuple(next(rows))
    keys = {HEADINGS: KEYS, DEMO_HEADINGS: DEMO_KEYS}.get(header)
    if keys is None:
        raise SystemExit(f"unexpected headings in {path}: {header}")
    width = len(keys)  # read-only mode drops trailing empty cells: pad them back
    schools = [dict(zip(keys, (*row, *(None,) * (width - len(row))), strict=True)) for row in rows]
    wb.close()
    return schools


def read_county(path: Path) -> dict[str, tuple[Any, str]]:
    """Sheet 县域指标 as heading → (value, evidence); empty when the file has no such sheet."""
    wb = load_workbook(path, read_only=True)
    out: dict[str, tuple[Any, str]] = {}
    if COUNTY_SHEET in wb.sheetnames:
        for row in wb[COUNTY_SHEET].iter_rows(min_row=2, values_only=True):
            heading, value, evidence = (*row, None, None)[:3]
            if heading:
                out[str(heading)] = (value, str(evidence or "").strip())
    wb.close()
    return out


def in_scope(school: Mapping[str, Any]) -> bool:
    """Teaching points with fewer than 50 pupils are outside the 2017 quality-balance scope."""
    pupils = school["primary_pupils"] or 0
    return not (school["school_type"] == "教学点" and pupils < MIN_TEACHING_POINT_PUPILS)


def county_cv(parts: list[tuple[int, float]]) -> tuple[float, float]:
    """Enrolment-weighted mean and CV (population SD / mean) of (pupils, value) pairs."""
    total = sum(p for p, _ in parts)
    mean = sum(p * x for p, x in parts) / total
    sd = math.sqrt(sum(p / total * (x - mean) ** 2 for p, x in parts))
    return mean, sd / mean


def check(schools: list[dict[str, Any]]) -> bool:
    """Print county CVs and the failing parts; True when the county passes."""
    parts = [
        (school, stage, part_values(school, stage))
        for school in schools
        if in_scope(school)
        for stage in stages(school)
        if stage in COMPULSORY
    ]
    ok = True
    print(f"county CV per stage (limit: primary {CV_LIMITS[P]}, junior {CV_LIMITS[J]})")
    print("stage    " + "".join(f"{code:>8}" for code in INDICATORS))
    means: dict[str, list[str]] = {}
    for stage in COMPULSORY:
        cells, means[stage] = [], []
        for code in INDICATORS:
            pairs = [(s[f"{stage}_pupils"], v[code]) for s, st, v in parts if st == stage]
            mean, cv = county_cv(pairs)
            bad = round(cv, 3) > CV_LIMITS[stage]
            ok = ok and not bad
            cells.append(f"{cv:7.3f}{'!' if bad else ' '}")
            means[stage].append(f"{mean:8.2f}")
        print(f"{stage:8} " + "".join(cells))
    print("county mean (enrolment-weighted)")
    for stage in COMPULSORY:
        print(f"{stage:8} " + "".join(means[stage]))
    print("('!' = CV above the limit)")

    failing, near = [], []
    for school, stage, values in parts:
        below = [code for code in INDICATORS if values[code] < THRESHOLDS[code][stage]]
        if not below:
            continue
        detail = ", ".join(
            f"{c} {values[c]:.2f} < {THRESHOLDS[c][stage]:g} "
            f"({values[c] / THRESHOLDS[c][stage]:.0%})"
            for c in below
        )
        line = f"  {school['school_id']} {school['name']} [{stage}]: {detail}"
        passes = len(INDICATORS) - len(below) >= K_OF_N and all(
            values[c] >= FLOOR * THRESHOLDS[c][stage] for c in below
        )
        (near if passes else failing).append(line)
    ok = ok and not failing
    print(f"school parts failing the school rule ({len(failing)} of {len(parts)}):")
    print("\n".join(failing) or "  none")
    print("school parts below one threshold but passing (>= 85%):")
    print("\n".join(near) or "  none")
    print("out of scope (教学点 under 50 pupils):")
    for school in schools:
        if not in_scope(school):
            print(f"  {school['school_id']} {school['name']} ({school['primary_pupils']} pupils)")
    print(f"verdict on part A (resources): {'pass' if ok else 'fail'}")
    return ok


VETOES = {  # rule id → 县域指标 heading
    "QB.V1": "存在以考试方式招生",
    "QB.V2": "存在违规择校行为",
    "QB.V3": "存在重点学校或重点班",
    "QB.V4": "存在有编不补或长期聘用编外教师",
    "QB.V5": "发生重大安全责任事故或严重违纪违规事件",
    "QB.V6": "存在弄虚作假",
}
ATTESTATIONS = {  # rule id → 县域指标 heading (是/否 with evidence)
    "QB.B1": "学校规划布局合理",
    "QB.B2.building": "城乡学校建设标准统一",
    "QB.B2.staffing": "城乡教师编制标准统一",
    "QB.B2.funding": "城乡生均公用经费基准定额统一",
    "QB.B2.equipment": "城乡基本装备配置标准统一",
    "QB.B8.performance": "足额核定教师绩效工资总量",
    "QB.B10": "县级统筹分配各校教职工编制和岗位",
    "QB.B14.rural": "名额分配向农村初中倾斜",
    "QB.B15.care": "留守儿童关爱体系健全",
    "QB.C3": "所有学校制定章程并实现管理与教学信息化",
    "QB.C5": "教师熟练运用信息化手段组织教学",
    "QB.C6": "德育和校园文化建设达到良好以上",
    "QB.C7": "课程开齐开足、教学秩序规范",
    "QB.C8": "无过重课业负担",
    "QB.P2": "基本均衡认定后年度监测保持较高水平",
    "BB.T1": "所有学校达到省定办学基本标准",
    "LC.T3": "所有义务教育学校达到省定II类以上办学条件标准",  # a 2027 target
}


def _ratio(value: Any) -> float:
    """0.96, 96 or "96%" → 0.96 (the 县域指标 ways of writing a ratio)."""
    if isinstance(value, str):
        text = value.strip()
        return float(text.rstrip("%")) / 100 if text.endswith("%") else float(text)
    return value / 100 if value > 1 else float(value)


def _label(school: Mapping[str, Any]) -> str:
    return f"{school['school_id']} {school['name']}"


def check_more(schools: list[dict[str, Any]], county: Mapping[str, tuple[Any, str]]) -> list[str]:
    """Print the planted findings outside part A, recomputed from the file; the ids that fail.

    Every school counts here (teaching points under 50 pupils included); 'undecided' marks an
    attestation of 是 without evidence.
    """
    failed: list[str] = []
    fig = {heading: value for heading, (value, _) in county.items()}
    evidence = {heading: text for heading, (_, text) in county.items()}
    norm = {s: fig[f"{STAGE_ZH[s]}生均公用经费基准定额（元）"] / 10000 for s in COMPULSORY}  # 万元

    def compulsory(school: Mapping[str, Any]) -> int:
        return sum(school[f"{s}_pupils"] or 0 for s in COMPULSORY)

    def classes(school: Mapping[str, Any]) -> int:
        return sum(school[f"{s}_classes"] or 0 for s in COMPULSORY)

    def teachers(school: Mapping[str, Any], kind: str = "teachers") -> int:
        return sum(school[f"{s}_{kind}"] or 0 for s in COMPULSORY)

    def funded_as(school: Mapping[str, Any], pupils: int) -> float:  # 万元, stage norms weighted
        per_pupil = sum(norm[s] * (school[f"{s}_pupils"] or 0) for s in COMPULSORY)
        return pupils * per_pupil / compulsory(school)

    def county_rule(rule: str, bad: bool, text: str) -> None:
        print(f"  {rule}: {text}{'  FAIL' if bad else ''}")
        if bad:
            failed.append(rule)

    def school_rule(rule: str, title: str, lines: list[str]) -> None:
        print(f"  {rule} {title}:{'  FAIL' if lines else ' none fails'}")
        for line in lines:
            print(f"    {line}")
        if lines:
            failed.append(rule)

    print()
    print("part B 政府保障程度: school figures")
    for kind, zh, m2 in (("music", "音乐", 96), ("art", "美术", 90)):
        short = [
            f"{_label(s)}: {s[f'{kind}_rooms']} room(s) for {classes(s)} classes, "
            f"{max(1, math.ceil(classes(s) / 12))} needed"
            for s in schools
            if s[f"{kind}_rooms"] < max(1, math.ceil(classes(s) / 12))
        ]
        school_rule(f"QB.B3.{kind}", f"{zh}专用教室 1 per 12 classes", short)
        small = [
            f"{_label(s)}: {s[f'{kind}_rooms'] - s[f'{kind}_rooms_standard']} of "
            f"{s[f'{kind}_rooms']} under {m2} m²"
            for s in schools
            if s[f"{kind}_rooms_standard"] < s[f"{kind}_rooms"]
        ]
        school_rule(f"QB.B3.{kind}_area", f"every {zh}专用教室 at least {m2} m²", small)
    size = [
        f"{_label(s)} ({s['school_type']}): {compulsory(s)} > {limit}"
        for s in schools
        if compulsory(s) > (limit := 2500 if "一贯制" in s["school_type"] else 2000)
    ]
    school_rule("QB.B4", "compulsory pupils at most 2000 (one-through 2500)", size)
    big = []
    for school in schools:
        for stage in (s for s in stages(school) if s in COMPULSORY):
            over = {
                heading.removesuffix("班数"): school[f"{stage}_{part}"]
                for part, heading, low, _ in CLASS_BANDS
                if low > CLASS_LIMIT[stage] and school[f"{stage}_{part}"]
            }
            if over:
                n = school[f"{stage}_classes"]
                bands = ", ".join(f"{count} of {band}" for band, count in over.items())
                mean = school[f"{stage}_pupils"] / n
                big.append(
                    f"{_label(school)} [{stage}]: {sum(over.values())} of {n} classes over "
                    f"{CLASS_LIMIT[stage]} ({bands}; mean {mean:.1f})"
                )
    school_rule("QB.B5", "every class at most 45 (primary) / 50 (junior), by size band", big)
    village = [
        s
        for s in schools
        if s["locale"] == "乡村" and s["school_type"] in ("小学", "教学点") and compulsory(s) < 100
    ]
    unfunded = [
        f"{_label(s)}: {s['public_funds']:.2f} < {funded_as(s, 100):.2f} 万元"
        for s in village
        if s["public_funds"] < funded_as(s, 100) - 1e-9
    ]
    school_rule("QB.B6", f"{len(village)} village schools under 100 funded as for 100", unfunded)
    for rule, key in (("QB.B9", "trained_teachers"), ("QB.B12", "certified_teachers")):
        short = [f"{_label(s)}: {s[key]} of {teachers(s)}" for s in schools if s[key] < teachers(s)]
        school_rule(rule, f"{key.replace('_', ' ')} = all teachers", short)
    nearby = [
        s
        for s in schools
        if s["ownership"] == "公办" and s["boarding"] == "否" and s["locale"] in ("城区", "镇区")
    ]
    for stage, limit in (("primary", 1.0), ("junior", 0.95)):
        got = sum(s[f"{stage}_nearby_pupils"] or 0 for s in nearby)
        of = sum(s[f"{stage}_pupils"] or 0 for s in nearby)
        county_rule(
            f"QB.B13 [{stage}]",
            got / of < limit,
            f"nearby enrolment {got} / {of} = {got / of:.1%} (>= {limit:.0%}), "
            f"public non-boarding schools of 城区 and 镇区",
        )

    print("part B 政府保障程度: county figures")
    special = fig["特殊教育学校生均公用经费（元）"]
    county_rule("QB.B7", special < 6000, f"special education {special} yuan per pupil (>= 6000)")
    pay = fig["教师年平均工资收入（元）"] / fig["当地公务员年平均工资收入（元）"]
    county_rule("QB.B8", pay < 1, f"teacher : civil-servant pay {pay:.3f} (>= 1)")
    eligible, rotated = fig["符合交流条件教师数"], fig["交流轮岗教师数"]
    backbone = fig["交流轮岗教师中骨干教师数"]
    county_rule(
        "QB.B11",
        rotated / eligible < 0.10,
        f"rotated {rotated} of {eligible} eligible = {rotated / eligible:.1%} (>= 10%)",
    )
    county_rule(
        "QB.B11.backbone",
        backbone / rotated < 0.20,
        f"backbone {backbone} of {rotated} rotated = {backbone / rotated:.1%} (>= 20%)",
    )
    quota = _ratio(fig["优质高中招生名额分配比例"])
    county_rule("QB.B14", quota < 0.5, f"quality high-school places allocated {quota:.0%} (>= 50%)")
    migrant = fig["在公办学校和政府购买服务民办学校就读的随迁子女数"] / fig["符合条件的随迁子女数"]
    county_rule(
        "QB.B15", migrant < 0.85, f"migrant children in public/funded {migrant:.1%} (>= 85%)"
    )

    print("part C 教育质量")
    retention = _ratio(fig["初中三年巩固率"])
    county_rule("QB.C1", retention < 0.95, f"junior retention {retention:.1%} (>= 95%)")
    disabled = _ratio(fig["残疾儿童少年入学率"])
    county_rule("QB.C2", disabled < 0.95, f"disabled enrolment {disabled:.1%} (>= 95%)")
    low = [
        f"{_label(s)}: {s['training_spend']:.2f} of {s['public_budget']:.2f} 万元 = "
        f"{s['training_spend'] / s['public_budget']:.1%}"
        for s in schools
        if s["training_spend"] < 0.05 * s["public_budget"]
    ]
    school_rule("QB.C4", "teacher training at least 5% of the public-funds budget", low)
    level, gap = fig["国家义务教育质量监测最低学业水平等级"], fig["国家义务教育质量监测校际差异率"]
    county_rule("QB.C9.level", level not in ("Ⅲ", "Ⅳ"), f"lowest monitoring level {level} (>= Ⅲ)")
    county_rule("QB.C9.gap", gap >= 0.15, f"inter-school difference rate {gap} (< 0.15)")

    print("part D 社会认可度")
    recognition = _ratio(fig["社会认可度"])
    county_rule("QB.D1", recognition < 0.85, f"social recognition {recognition:.0%} (>= 85%)")
    print("part V 一票否决 (declared 否 with evidence)")
    for rule, heading in VETOES.items():
        county_rule(
            rule, fig[heading] != "否" or not evidence[heading], f"{heading}: {fig[heading]}"
        )
    print("part P 申报条件")
    since = fig["通过国家基本均衡认定年份"]
    years = int(COUNTY_INFO["统计年度"]) - since  # type: ignore[call-overload]
    county_rule("QB.P1", years < 3, f"{years} years since basic balance ({since}) (>= 3)")
    print("basic balance (2012)")
    score, satisfaction = fig["县级政府推进义务教育均衡发展工作评分"], _ratio(fig["公众满意度"])
    county_rule("BB.G1", score < 85, f"government work score {score} (>= 85)")
    county_rule("BB.S1", satisfaction < 0.85, f"public satisfaction {satisfaction:.0%} (>= 85%)")
    print("attestations (是 with evidence passes; 是 without evidence is undecided)")
    for rule, heading in ATTESTATIONS.items():
        value = fig[heading]
        if value == "是" and evidence[heading]:
            continue
        print(f"  {rule}: {heading}: {value}" + ("" if evidence[heading] else ": undecided"))
        if value != "是":
            failed.append(rule)
    passed = sum(fig[h] == "是" and bool(evidence[h]) for h in ATTESTATIONS.values())
    print(f"  ({passed} of {len(ATTESTATIONS)} attestations 是 with evidence)")

    print("Shandong")
    new = [
        f"{_label(s)} ({s['school_type']}, built {s['year_built']}): {classes(s)} classes > {limit}"
        for s in schools
        if s["year_built"] >= 2020
        and classes(s) > (limit := 45 if s["school_type"] == "九年一贯制学校" else 36)
    ]
    built = sum(s["year_built"] >= 2020 for s in schools)
    school_rule("SD.B4.new", f"{built} schools built from 2020: at most 36 classes", new)

    print("Liaocheng targets (part L, outside the verdict; a 2027 target is at risk before 2027)")
    towns: dict[str, list[dict[str, Any]]] = {}
    for school in schools:
        if school["locale"] in ("镇区", "乡村"):
            towns.setdefault(school["township"], []).append(school)
    no_junior = [
        f"{town}: {len(group)} schools, none with a junior stage "
        f"({', '.join(s['name'] for s in group)})"
        for town, group in towns.items()
        if not any("junior" in stages(s) for s in group)
    ]
    school_rule("LC.T2", f"{len(towns)} townships: a junior school in each", no_junior)
    for rule, low_n, high_n, floor in (("LC.B6a", 0, 100, 100), ("LC.B6b", 100, 200, 200)):
        group = [s for s in schools if s["locale"] == "乡村" and low_n <= compulsory(s) < high_n]
        short = [
            f"{_label(s)} ({compulsory(s)} pupils): {s['public_funds']:.2f} < "
            f"{funded_as(s, floor):.2f} 万元"
            for s in group
            if s["public_funds"] < funded_as(s, floor) - 1e-9
        ]
        title = f"{len(group)} rural schools of {low_n}-{high_n - 1} pupils funded as for {floor}"
        school_rule(rule, title, short)
    share = {}
    for locale in ("城区", "乡村"):
        group = [s for s in schools if s["locale"] == locale]
        degree, staff = (
            sum(teachers(s, k) for s in group) for k in ("bachelor_teachers", "teachers")
        )
        share[locale] = degree / staff
        print(f"    {locale}: {degree} of {staff} teachers 本科 or above = {degree / staff:.1%}")
    ratio = share["城区"] / share["乡村"]
    county_rule(
        "LC.T1", ratio > 1.03, f"urban : rural bachelor share {ratio:.3f} (<= 1.03 by 2027)"
    )
    county_rule("LC.C2", disabled < 0.99, f"disabled enrolment {disabled:.1%} (>= 99% by 2027)")
    return failed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="workbook to write")
    parser.add_argument(
        "--check",
        action="store_true",
        help="recompute the audit from the written file and print it",
    )
    args = parser.parse_args(argv)
    schools = build_demo()
    write_workbook(
        args.output,
        (as_row(s, DEMO_KEYS) for s in schools),
        COUNTY_INFO,
        headings=DEMO_HEADINGS,
        county=COUNTY_FIGURES,
    )
    by_type = Counter(s["school_type"] for s in schools)
    private = sum(s["ownership"] == "民办" for s in schools)
    counts = ", ".join(f"{t} {by_type[t]}" for t in TYPE_MIX)
    print(f"wrote {args.output}: {len(schools)} schools ({counts}); 民办 {private}")
    if args.check:
        schools = read_schools(args.output)
        ok = check(schools)
        failed = check_more(schools, read_county(args.output))
        national = [r for r in failed if not r.startswith(("SD.", "LC."))]
        shandong = [r for r in failed if r.startswith("SD.")]
        print()
        print(f"failing outside part A (national): {', '.join(national) or 'none'}")
        print(f"failing (Shandong): {', '.join(shandong) or 'none'}")
        liaocheng = [r for r in failed if r.startswith("LC.")]
        print(f"missed (Liaocheng, outside the verdict): {', '.join(liaocheng) or 'none'}")
        passes = ok and not national + shandong
        print(f"verdict (national and Shandong): {'pass' if passes else 'fail'}")


if __name__ == "__main__":
    main()
