"""Match the headings officers type to fields: canonical headings, English keys, and variants.

Matching is on a normalised form (full-width folded, spaces and 、· removed, every kind of
bracket made `()`, a few common rewordings such as 在校学生数 → 在校生数). A unit in brackets, after
a slash, or written on the end (`（万元）`, `/㎡`, `面积平方米`) is split off and applied; other
bracketed text (`（含室内体育用房）`) is a comment and ignored. Variants live here, keyed by field
key, so a field added to fields.py is matched by the generic rules at once, and its variants can
be added below without touching the field table.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from qbcheck.model.fields import SCHOOL_FIELDS, UNITS, Field

# Variants seen in officers' files and in the statistics system's exports, by field key.
ALIASES: dict[str, tuple[str, ...]] = {
    "school_id": ("学校代码", "学校识别码", "学校标识", "标识码", "学校编码", "学校编号"),
    "name": ("校名", "学校全称", "单位名称"),
    "school_type": ("办学类型", "学校类别", "学校办别"),
    "locale": ("城乡类型", "城乡属性", "城乡划分", "城乡分类代码", "城乡代码"),
    "ownership": ("举办性质", "公办民办", "办学体制"),
    "teaching_area": ("教学及辅助用房", "教学辅助用房面积", "教学及教辅用房面积", "教辅用房面积"),
    "indoor_sports_area": ("室内体育用房", "室内体育场馆面积", "室内体育馆面积"),
    "sports_ground_area": ("运动场面积", "体育运动场地面积", "室外运动场地面积", "运动场地"),
    "equipment_value": ("教学仪器设备资产值", "教学仪器设备总值", "仪器设备值", "教学仪器设备"),
    "multimedia_rooms": ("多媒体教室数", "网络多媒体教室", "多媒体教室"),
    "parent_id": ("所属学校", "所属学校代码", "所属学校识别码", "主校标识码", "上级学校标识码"),
    "county_name": ("县区", "区县", "县(市、区)", "县(区)", "所在县区", "县区名"),
    "county_code": ("区县代码", "县区划代码", "县级行政区划代码", "行政区划代码"),
}

# Rewordings applied to every heading and every known heading alike (normalised text).
REWORDINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"在校学生数"), "在校生数"),
    (re.compile(r"^(小学|初中|高中)(?:学生数|学生人数)$"), r"\1在校生数"),
    (re.compile(r"^(小学|初中|高中)(?:段|部|阶段)"), r"\1"),
    (re.compile(r"^(小学|初中)班数$"), r"\1班级数"),
    (re.compile(r"县级以上"), "县级及以上"),
    (re.compile(r"^学校(标识码|名称|类型)$"), r"学校\1"),
)

# Units accepted beyond fields.UNITS (normalised form → factor), and words that are units but
# not accepted for the dimension (so they are reported, never taken as a comment).
EXTRA_UNITS: dict[str, dict[str, float]] = {
    "area": {"sqm": 1.0, "m^2": 1.0, "平方": 1.0},
    "money": {"千元": 1000.0, "万": 10000.0, "yuan": 1.0, "rmb": 1.0},
}
COUNT_UNITS = frozenset({"人", "个", "间", "所", "名", "班", "个数", "间数"})
FOREIGN_UNITS = frozenset(
    {"亩", "公顷", "平方公里", "km2", "亿元", "美元", "ha", "平方分米", "cm2", "m", "米"}
)
UNIT_WORDS = sorted(
    {*(u for d in UNITS.values() for u in d), *(u for d in EXTRA_UNITS.values() for u in d)},
    key=len,
    reverse=True,
)

_SPACE = re.compile(r"\s+")
_PUNCT = str.maketrans({"、": "", "·": "", "•": "", "_": "", "*": "", "＊": ""})
_BRACKETS = str.maketrans(dict.fromkeys("【[〔{<《", "(") | dict.fromkeys("】]〕}>》", ")"))
_GROUP = re.compile(r"\(([^()]*)\)")
_UNIT_PREFIX = re.compile(r"^(?:单位|unit)[:：]?")


def normalise(text: str) -> str:
    """Fold the ways one heading gets typed: width, spaces, brackets, separators, case."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS).translate(_PUNCT)
    folded = _SPACE.sub("", folded).replace("m²", "m2").lower()
    return folded


def reword(text: str) -> str:
    for pattern, repl in REWORDINGS:
        text = pattern.sub(repl, text)
    return text


@dataclass(frozen=True)
class Parsed:
    base: str  # normalised, reworded, without unit or comments
    unit: str | None  # the unit as written (normalised), if any


def parse(heading: str) -> Parsed:
    """Split a heading into its name and its unit; bracketed comments are dropped."""
    norm = normalise(heading)
    unit: str | None = None
    for group in _GROUP.findall(norm):
        word = _UNIT_PREFIX.sub("", group)
        if _is_unit(word):
            unit = word  # the last unit-like group wins
    base = _GROUP.sub("", norm)
    if unit is None:
        for sep in ("/", ":", "："):
            if sep in base:
                head, _, tail = base.rpartition(sep)
                tail = _UNIT_PREFIX.sub("", tail)
                if _is_unit(tail):
                    base, unit = head, tail
                    break
    if unit is None:
        for word in UNIT_WORDS:
            if base.endswith(word) and len(base) > len(word) + 1 and _known(base[: -len(word)]):
                base, unit = base[: -len(word)], word
                break
    return Parsed(reword(base), unit)


def _is_unit(word: str) -> bool:
    return word in UNIT_WORDS or word in COUNT_UNITS or word in FOREIGN_UNITS or word == ""


def unit_factor(f: Field, unit: str | None) -> float | None:
    """The factor that brings a value written in `unit` to the field's base unit, or None."""
    if f.dimension is None:
        return 1.0 if unit in (None, "") or unit in COUNT_UNITS else None
    if unit in (None, ""):
        unit = f.default_unit
        if unit is None:
            return None
    table = {**UNITS[f.dimension], **EXTRA_UNITS.get(f.dimension, {})}
    return table.get(normalise(unit))


def accepted_units(f: Field) -> list[str]:
    if f.dimension is None:
        return sorted(COUNT_UNITS)
    return [*UNITS[f.dimension], *EXTRA_UNITS.get(f.dimension, {})]


def _build_index(fields: tuple[Field, ...]) -> dict[str, Field]:
    index: dict[str, Field] = {}
    for f in fields:
        for name in (f.heading, f.key, *ALIASES.get(f.key, ())):
            index.setdefault(reword(_GROUP.sub("", normalise(name))), f)
    return index


@lru_cache(maxsize=8)
def index_for(fields: tuple[Field, ...] = SCHOOL_FIELDS) -> dict[str, Field]:
    return _build_index(fields)


def _known(base: str) -> bool:
    return reword(base) in index_for()


def lookup(
    heading: str, fields: tuple[Field, ...] = SCHOOL_FIELDS
) -> tuple[Field, str | None] | None:
    """The field a heading names and the unit it carries, or None for an unknown heading."""
    index = index_for(fields)
    parsed = parse(heading)
    f = index.get(parsed.base)
    if f is not None:
        return f, parsed.unit
    whole = reword(normalise(heading))  # a heading whose brackets are part of its name
    f = index.get(whole)
    return (f, None) if f is not None else None


def closest(f: Field, candidates: list[str]) -> str | None:
    """The unmatched heading that most resembles a missing field's, to suggest it."""
    if not candidates:
        return None
    target = reword(normalise(f.heading))
    scored = [(difflib.SequenceMatcher(None, target, parse(c).base).ratio(), c) for c in candidates]
    score, best = max(scored)
    return best if score >= 0.6 else None
