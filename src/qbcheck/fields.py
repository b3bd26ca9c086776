"""The input format's field table: adding a column to the format is one entry here.

Each field has a canonical Chinese heading (what officers type), an English key (accepted as a
heading too, and the name formulas use), a kind, and where it has one a unit. Per-stage fields
carry the stage and the part-level name a formula sees (`pupils` is 小学在校生数 in a primary part).
Whole-school facility totals are marked `split`: each stage part gets its weighted share.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "text", "enum", "count", "amount", "ratio", "flag"
]  # ratio: 0–1 or "95%"; flag: 是/否
Stage = Literal["primary", "junior", "senior"]
STAGES: tuple[Stage, ...] = ("primary", "junior", "senior")
COMPULSORY: tuple[Stage, ...] = ("primary", "junior")

# Units a heading may carry, by dimension: written form (normalised) → factor to the base unit.
UNITS: dict[str, dict[str, float]] = {
    "area": {"平方米": 1.0, "m2": 1.0, "平米": 1.0},
    "money": {"元": 1.0, "万元": 10000.0},
}
BASE_UNIT = {"area": "平方米", "money": "元"}

SCHOOL_TYPES: dict[str, tuple[Stage, ...]] = {
    "小学": ("primary",),
    "初级中学": ("junior",),
    "九年一贯制学校": ("primary", "junior"),
    "十二年一贯制学校": ("primary", "junior", "senior"),
    "完全中学": ("junior", "senior"),
    "教学点": ("primary",),
}
LOCALES = ("城区", "镇区", "乡村")
OWNERSHIPS = ("公办", "民办")


@dataclass(frozen=True)
class Field:
    key: str
    heading: str
    kind: Kind
    required: bool = True
    stage: Stage | None = None
    part_name: str | None = None  # the name a formula uses inside a stage part
    dimension: str | None = None  # area / money: the heading's unit is honoured
    default_unit: str | None = None  # the unit assumed when the heading names none
    split: bool = False  # a whole-school total shared between stage parts
    choices: tuple[str, ...] = ()
    note_zh: str = ""
    note_en: str = ""


def _stage_fields(
    part_name: str, zh: str, kind: Kind, note_zh: str = "", note_en: str = ""
) -> list[Field]:
    prefix = {"primary": "小学", "junior": "初中", "senior": "高中"}
    stages: tuple[Stage, ...] = STAGES if part_name == "pupils" else COMPULSORY
    return [
        Field(
            key=f"{s}_{part_name}",
            heading=f"{prefix[s]}{zh}",
            kind=kind,
            required=s != "senior",
            stage=s,
            part_name=part_name,
            note_zh=note_zh,
            note_en=note_en,
        )
        for s in stages
    ]


SCHOOL_FIELDS: tuple[Field, ...] = (
    Field("school_id", "学校标识码", "text", note_zh="唯一标识", note_en="unique id"),
    Field("name", "学校名称", "text"),
    Field("school_type", "学校类型", "enum", choices=tuple(SCHOOL_TYPES)),
    Field("locale", "城乡分类", "enum", choices=LOCALES),
    Field("ownership", "办学性质", "enum", choices=OWNERSHIPS),
    *_stage_fields("pupils", "在校生数", "count", "无此学段留空", "blank where no such stage"),
    *_stage_fields("classes", "班级数", "count"),
    Field(
        "teaching_area",
        "教学及辅助用房面积",
        "amount",
        dimension="area",
        default_unit="平方米",
        split=True,
        note_zh="全校，含室内体育用房",
        note_en="whole school, including indoor sports rooms",
    ),
    Field(
        "indoor_sports_area",
        "室内体育用房面积",
        "amount",
        dimension="area",
        default_unit="平方米",
        split=True,
        note_zh="全校",
        note_en="whole school",
    ),
    Field(
        "sports_ground_area",
        "运动场地面积",
        "amount",
        dimension="area",
        default_unit="平方米",
        split=True,
        note_zh="全校室外运动场地",
        note_en="whole school, outdoor sports ground",
    ),
    Field(
        "equipment_value",
        "教学仪器设备值",
        "amount",
        dimension="money",
        split=True,
        note_zh="全校账面原值，表头须注明（元）或（万元）",
        note_en="whole school book value; the heading must name 元 or 万元",
    ),
    Field("multimedia_rooms", "网络多媒体教室数", "count", split=True, note_zh="全校"),
    *_stage_fields("teachers", "专任教师数", "count"),
    *_stage_fields(
        "teachers_above_degree",
        "高于规定学历教师数",
        "count",
        "小学：专科及以上；初中：本科及以上",
        "primary: 专科 and above; junior: 本科 and above",
    ),
    *_stage_fields("backbone_teachers", "县级及以上骨干教师数", "count"),
    *_stage_fields(
        "pe_arts_teachers", "体育艺术专任教师数", "count", "体育+音乐+美术", "PE+music+art"
    ),
    Field(
        "parent_id",
        "所属学校标识码",
        "text",
        required=False,
        note_zh="教学点填写所属学校的学校标识码，其他学校留空",
        note_en="teaching points: the school id of the school they belong to; others blank",
    ),
    # A file covering several counties has one of these; each county is audited on its own.
    Field(
        "county_name",
        "县区名称",
        "text",
        required=False,
        note_zh="多县文件",
        note_en="multi-county files",
    ),
    Field(
        "county_code",
        "县区代码",
        "text",
        required=False,
        note_zh="多县文件",
        note_en="multi-county files",
    ),
)

FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in SCHOOL_FIELDS}

# Names a formula may use inside a stage part, and what they stand for.
PART_NAMES: dict[str, str] = {
    **{f.part_name: f.part_name for f in SCHOOL_FIELDS if f.part_name},
    **{f.key: f.key for f in SCHOOL_FIELDS if f.split},
}

COUNTY_FIELDS: dict[str, tuple[str, str]] = {
    # heading → (key, kind)
    "县区名称": ("county_name", "text"),
    "县区代码": ("county_code", "text"),
    "统计年度": ("year", "year"),
}

SCHOOL_SHEET = "学校"
COUNTY_SHEET = "基本信息"

_UNIT_RE = re.compile(r"^(.*?)\((.*)\)$")
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold the ways one heading gets typed: full-width brackets, spaces, ㎡ vs m², case."""
    folded = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub("", folded).replace("m²", "m2").lower()


def split_unit(heading: str) -> tuple[str, str | None]:
    """'教学仪器设备值（万元）' → ('教学仪器设备值', '万元'), after normalising."""
    norm = normalise(heading)
    m = _UNIT_RE.match(norm)
    if m:
        return m.group(1), m.group(2)
    return norm, None


HEADING_INDEX: dict[str, Field] = {}
for _f in SCHOOL_FIELDS:
    HEADING_INDEX[normalise(_f.heading)] = _f
    HEADING_INDEX[normalise(_f.key)] = _f


def canonical_heading(f: Field) -> str:
    """The heading as the template writes it, unit included."""
    if f.dimension == "money":
        return f"{f.heading}（万元）"
    if f.dimension == "area":
        return f"{f.heading}（平方米）"
    return f.heading
