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
    part_name: str,
    zh: str,
    kind: Kind,
    note_zh: str = "",
    note_en: str = "",
    *,
    required: bool = True,
) -> list[Field]:
    prefix = {"primary": "小学", "junior": "初中", "senior": "高中"}
    stages: tuple[Stage, ...] = STAGES if part_name == "pupils" else COMPULSORY
    return [
        Field(
            key=f"{s}_{part_name}",
            heading=f"{prefix[s]}{zh}",
            kind=kind,
            required=required and s != "senior",
            stage=s,
            part_name=part_name,
            note_zh=note_zh,
            note_en=note_en,
        )
        for s in stages
    ]


# Class-size bands of the national statistics (基础基 / 教基): (part name, heading, low, high).
CLASS_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
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


def _optional(
    key: str, heading: str, kind: Kind, note_zh: str = "", note_en: str = "", **kw: object
) -> Field:
    return Field(key, heading, kind, required=False, note_zh=note_zh, note_en=note_en, **kw)  # type: ignore[arg-type]  # Field's own options


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
    # --- optional: government guarantee, quality, basic balance, city targets -------------------
    _optional(
        "township", "乡镇", "text", "学校所在乡镇（街道）", "township (or street) of the school"
    ),
    _optional("boarding", "是否寄宿制学校", "flag", "是/否", "yes/no"),
    _optional("year_built", "建校年份", "count", "如 2021", "e.g. 2021"),
    _optional("music_rooms", "音乐专用教室数", "count", "全校", "whole school"),
    _optional(
        "music_rooms_standard",
        "面积不小于96平方米的音乐专用教室数",
        "count",
        "其中单间面积≥96㎡的间数",
        "of which at least 96 m² each",
    ),
    _optional("art_rooms", "美术专用教室数", "count", "全校", "whole school"),
    _optional(
        "art_rooms_standard",
        "面积不小于90平方米的美术专用教室数",
        "count",
        "其中单间面积≥90㎡的间数",
        "of which at least 90 m² each",
    ),
    _optional(
        "certified_teachers",
        "持有教师资格证的专任教师数",
        "count",
        "全校义务教育阶段",
        "whole school, compulsory stages",
    ),
    _optional(
        "trained_teachers",
        "五年内完成360学时培训的专任教师数",
        "count",
        "全校义务教育阶段",
        "whole school, compulsory stages",
    ),
    _optional(
        "public_budget",
        "公用经费预算总额",
        "amount",
        "学校年度公用经费预算",
        "the school's annual public-funds budget",
        dimension="money",
    ),
    _optional(
        "public_funds",
        "核定公用经费",
        "amount",
        "本年度核定（拨付）的公用经费",
        "public funds approved for the year",
        dimension="money",
    ),
    _optional(
        "training_spend",
        "教师培训经费",
        "amount",
        "年度预算安排的教师培训经费",
        "teacher-training funds in the annual budget",
        dimension="money",
    ),
    _optional("computers", "教学用计算机台数", "count", "全校", "whole school", split=True),
    _optional("books", "图书册数", "count", "全校", "whole school", split=True),
    *_stage_fields(
        "nearby_pupils",
        "就近划片入学学生数",
        "count",
        "家庭住址在划片范围内的在校生",
        "pupils living in the school's catchment",
        required=False,
    ),
    *_stage_fields(
        "senior_title_teachers",
        "中级及以上职称专任教师数",
        "count",
        "专任教师中具有中级及以上专业技术职务者",
        "full-time teachers with intermediate or higher titles",
        required=False,
    ),
    *_stage_fields(
        "bachelor_teachers",
        "本科及以上学历专任教师数",
        "count",
        "专任教师中本科及以上学历者",
        "full-time teachers with a bachelor's degree or higher",
        required=False,
    ),
    *(
        f
        for part, heading, _, _ in CLASS_BANDS
        for f in _stage_fields(
            part,
            heading,
            "count",
            "按教育事业统计班额分段，各段班数之和等于班级数",
            "classes in this size band (statistics bands); the bands add up to the classes",
            required=False,
        )
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
# Names a whole-school formula may use: every numeric column (a stage the school lacks counts 0).
SCHOOL_NAMES: frozenset[str] = frozenset(
    {f.key for f in SCHOOL_FIELDS if f.kind in ("count", "amount")} | {"compulsory_pupils"}
)
# Word columns that filters (where:, having:, sum(…, locale="城区")) and group_by may use.
LABELS: frozenset[str] = frozenset({"school_type", "locale", "ownership", "boarding", "township"})

COUNTY_FIELDS: dict[str, tuple[str, str]] = {
    # heading → (key, kind)
    "县区名称": ("county_name", "text"),
    "县区代码": ("county_code", "text"),
    "统计年度": ("year", "year"),
    "计划申报年度": ("planned_year", "year"),  # the year the county plans to apply
}

CountyKind = Literal["number", "ratio", "yesno", "year", "level"]


@dataclass(frozen=True)
class CountyKey:
    """One row of the 县域指标 sheet: a county figure or an attestation (是/否 plus evidence)."""

    key: str
    heading: str
    kind: CountyKind
    note_zh: str = ""
    note_en: str = ""


COUNTY_KEYS: tuple[CountyKey, ...] = (
    # 政府保障程度
    CountyKey("layout_reasonable", "学校规划布局合理", "yesno", "B1"),
    CountyKey("uniform_building_standard", "城乡学校建设标准统一", "yesno", "B2"),
    CountyKey("uniform_staffing_standard", "城乡教师编制标准统一", "yesno", "B2"),
    CountyKey("uniform_funding_norm", "城乡生均公用经费基准定额统一", "yesno", "B2"),
    CountyKey("uniform_equipment_standard", "城乡基本装备配置标准统一", "yesno", "B2"),
    CountyKey("primary_funding_norm", "小学生均公用经费基准定额（元）", "number", "B6"),
    CountyKey("junior_funding_norm", "初中生均公用经费基准定额（元）", "number", "B6"),
    CountyKey("special_ed_funding", "特殊教育学校生均公用经费（元）", "number", "B7"),
    CountyKey("teacher_pay", "教师年平均工资收入（元）", "number", "B8"),
    CountyKey("civil_servant_pay", "当地公务员年平均工资收入（元）", "number", "B8"),
    CountyKey("performance_pay_full", "足额核定教师绩效工资总量", "yesno", "B8"),
    CountyKey("staffing_coordinated", "县级统筹分配各校教职工编制和岗位", "yesno", "B10"),
    CountyKey("rotation_eligible", "符合交流条件教师数", "number", "B11"),
    CountyKey("rotated", "交流轮岗教师数", "number", "B11"),
    CountyKey("rotated_backbone", "交流轮岗教师中骨干教师数", "number", "B11"),
    CountyKey("quota_share", "优质高中招生名额分配比例", "ratio", "B14"),
    CountyKey("quota_rural_tilt", "名额分配向农村初中倾斜", "yesno", "B14"),
    CountyKey("left_behind_care", "留守儿童关爱体系健全", "yesno", "B15"),
    CountyKey("migrant_eligible", "符合条件的随迁子女数", "number", "B15"),
    CountyKey(
        "migrant_public", "在公办学校和政府购买服务民办学校就读的随迁子女数", "number", "B15"
    ),
    # 教育质量
    CountyKey("junior_retention", "初中三年巩固率", "ratio", "C1"),
    CountyKey("disabled_enrolment", "残疾儿童少年入学率", "ratio", "C2"),
    CountyKey("charters_and_it", "所有学校制定章程并实现管理与教学信息化", "yesno", "C3"),
    CountyKey("it_teaching", "教师熟练运用信息化手段组织教学", "yesno", "C5"),
    CountyKey("moral_education", "德育和校园文化建设达到良好以上", "yesno", "C6"),
    CountyKey("curriculum_complete", "课程开齐开足、教学秩序规范", "yesno", "C7"),
    CountyKey("no_excess_burden", "无过重课业负担", "yesno", "C8"),
    CountyKey("monitoring_level", "国家义务教育质量监测最低学业水平等级", "level", "C9：Ⅰ–Ⅳ"),
    CountyKey("monitoring_gap", "国家义务教育质量监测校际差异率", "number", "C9"),
    # 社会认可度、否决项、申报条件
    CountyKey("social_recognition", "社会认可度", "ratio", "D1"),
    CountyKey("veto_exam_admission", "存在以考试方式招生", "yesno", "V1"),
    CountyKey("veto_school_choice", "存在违规择校行为", "yesno", "V2"),
    CountyKey("veto_key_schools", "存在重点学校或重点班", "yesno", "V3"),
    CountyKey("veto_staffing", "存在有编不补或长期聘用编外教师", "yesno", "V4"),
    CountyKey("veto_incident", "发生重大安全责任事故或严重违纪违规事件", "yesno", "V5"),
    CountyKey("veto_falsified", "存在弄虚作假", "yesno", "V6"),
    CountyKey("basic_balance_year", "通过国家基本均衡认定年份", "year", "P1"),
    CountyKey("monitoring_maintained", "基本均衡认定后年度监测保持较高水平", "yesno", "P2"),
    # 基本均衡（2012）
    CountyKey("provincial_standard_met", "所有学校达到省定办学基本标准", "yesno", "BB.T"),
    CountyKey("government_score", "县级政府推进义务教育均衡发展工作评分", "number", "BB.G"),
    CountyKey("public_satisfaction", "公众满意度", "ratio", "BB.S"),
    # 聊城
    CountyKey(
        "provincial_class2_met", "所有义务教育学校达到省定II类以上办学条件标准", "yesno", "LC"
    ),
)
COUNTY_KEYS_BY_KEY: dict[str, CountyKey] = {k.key: k for k in COUNTY_KEYS}
COUNTY_INDICATOR_SHEET = "县域指标"
CLASS_SHEET = "班级"

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
