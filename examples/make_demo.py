"""Build examples/demo-county.xlsx, a synthetic Shandong county (示范县) that fails on purpose.

    python examples/make_demo.py [--output PATH] [--check]

The demo exists so a new user sees every kind of finding on a realistic county. Everything is drawn
from random.Random(2025) and the workbook is written with fixed timestamps, so two runs give
byte-identical files. `--check` re-reads the written file and recomputes the audit with this
script's own small copy of the formulas, so qbcheck's report can be cross-checked against it.

This module is also the single source of the input-format headings and of the school-row
generator: benchmarks/generate.py imports it.

Planted findings (ids are assigned in roster order; `--check` prints the same list):

(a) School parts that fail the school rule (two indicators below threshold, at least one < 85%):
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
(c) County CV: primary A5 (sports area per pupil) CV 0.586 > 0.50, driven by four rural primary
    schools on former township-middle-school sites with very large grounds (41-58 m² per pupil):
    3715990039 清河镇黄土岗小学, 3715990040 双山乡北岭小学, 3715990041 白杨镇韩集小学,
    3715990042 东湖乡郭店小学. Every other CV is at most 0.28 (primary A2 0.217, junior A2 0.278).
(d) Out of scope: four teaching points under 50 pupils (3715990046-3715990049). One of them,
    3715990046 西沟教学点, has no backbone teacher and 900 yuan of equipment per pupil: it would
    fail, but it is out of scope and must neither be reported as failing nor enter any CV.
No required cell is blank (cells are empty only where a stage is absent), so the demo's verdict
is a clean fail: no rule is unknown.
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


def as_row(school: Mapping[str, Any]) -> tuple[Any, ...]:
    """The school as a 学校 row in heading order (None = empty cell)."""
    return tuple(school[key] for key in KEYS)


def _header_cell(ws: Any, value: str, font: Font, alignment: Alignment | None = None) -> Any:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def write_workbook(path: Path, rows: Iterable[tuple[Any, ...]], info: Mapping[str, object]) -> None:
    """Write sheets 学校 and 基本信息 in write-only mode (fast for 200,000 rows), reproducibly.

    openpyxl stamps the zip entries and the 'modified' property with the current time on save,
    so the saved archive is repacked with fixed times: the same rows give the same bytes.
    """
    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "qbcheck examples"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center")

    ws = wb.create_sheet(SCHOOL_SHEET)
    ws.freeze_panes = "A2"
    for i, heading in enumerate(HEADINGS, start=1):
        width = 24 if heading == "学校名称" else max(10, min(2 * len(heading) + 2, 16))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([_header_cell(ws, heading, bold, wrap) for heading in HEADINGS])
    for row in rows:
        ws.append(row)

    info_ws = wb.create_sheet(INFO_SHEET)
    info_ws.column_dimensions["A"].width = 12
    info_ws.column_dimensions["B"].width = 24
    info_ws.append([_header_cell(info_ws, heading, bold) for heading in ("项目", "值")])
    for key, value in info.items():
        info_ws.append((key, value))

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
    return schools


# --- --check: the audit re-implemented, to cross-check qbcheck's report ---
def read_schools(path: Path) -> list[dict[str, Any]]:
    """Read sheet 学校 back by heading, so the check sees what is on disk."""
    wb = load_workbook(path, read_only=True)
    rows = wb[SCHOOL_SHEET].iter_rows(values_only=True)
    header = tuple(next(rows))
    if header != HEADINGS:
        raise SystemExit(f"unexpected headings in {path}: {header}")
    width = len(KEYS)  # read-only mode drops trailing empty cells: pad them back
    schools = [dict(zip(KEYS, (*row, *(None,) * (width - len(row))), strict=True)) for row in rows]
    wb.close()
    return schools


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
    print(f"verdict: {'pass' if ok else 'fail'}")
    return ok


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
    write_workbook(args.output, (as_row(s) for s in schools), COUNTY_INFO)
    by_type = Counter(s["school_type"] for s in schools)
    private = sum(s["ownership"] == "民办" for s in schools)
    counts = ", ".join(f"{t} {by_type[t]}" for t in TYPE_MIX)
    print(f"wrote {args.output}: {len(schools)} schools ({counts}); 民办 {private}")
    if args.check:
        check(read_schools(args.output))


if __name__ == "__main__":
    main()
