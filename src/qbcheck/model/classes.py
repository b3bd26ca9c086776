"""The 班级 sheet: one row per class, so that "every class ≤45" is checked class by class.

Columns: 学校标识码, 学段 (小学/初中), 班级名称 (optional), 学生数. Without this sheet
the class-size bands of the 学校 sheet (小学46-50人班数 …) are used instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from qbcheck.core.errors import Problem
from qbcheck.files.reader import RawSheet, column_letter
from qbcheck.model.fields import normalise

STAGE_WORDS = {"小学": "primary", "初中": "junior", "primary": "primary", "junior": "junior"}
_HEADINGS = {
    "学校标识码": "school_id",
    "school_id": "school_id",
    "学段": "stage",
    "stage": "stage",
    "班级名称": "class_name",
    "班级": "class_name",
    "class_name": "class_name",
    "学生数": "size",
    "班额": "size",
    "size": "size",
}


@dataclass
class ClassSizes:
    sizes: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    names: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    sheet: str = "班级"


def read_class_sizes(sheet: RawSheet, problems: list[Problem]) -> ClassSizes:
    out = ClassSizes(sheet=sheet.name)
    if not sheet.rows:
        return out
    cols: dict[str, int] = {}
    for j, cell in enumerate(sheet.rows[0]):
        key = _HEADINGS.get(normalise(str(cell))) if cell not in ("", None) else None
        if key and key not in cols:
            cols[key] = j
    for needed, heading in (("school_id", "学校标识码"), ("stage", "学段"), ("size", "学生数")):
        if needed not in cols:
            problems.append(Problem("E105", {"heading": f"{sheet.name}!{heading}"}))
    if len(cols) < 3 or "size" not in cols:
        return out
    for r, row in enumerate(sheet.rows[1:], start=2):
        if not any(c not in ("", None) for c in row):
            continue
        sid_raw = row[cols["school_id"]]
        sid = (
            str(int(sid_raw))
            if isinstance(sid_raw, float) and sid_raw.is_integer()
            else str(sid_raw).strip()
        )
        stage_cell = f"{sheet.name}!{column_letter(cols['stage'])}{r}"
        stage = STAGE_WORDS.get(str(row[cols["stage"]]).strip())
        if stage is None:
            problems.append(
                Problem(
                    "E119",
                    {"cell": stage_cell, "heading": "学段", "value": row[cols["stage"]]},
                    stage_cell,
                )
            )
            continue
        size = row[cols["size"]]
        size_cell = f"{sheet.name}!{column_letter(cols['size'])}{r}"
        if isinstance(size, str) and size.strip().isdigit():
            size = int(size.strip())
        if isinstance(size, bool) or not isinstance(size, int | float) or size < 0 or size % 1:
            problems.append(
                Problem("E109", {"cell": size_cell, "heading": "学生数", "value": size}, size_cell)
            )
            continue
        out.sizes[(sid, stage)].append(int(size))
        name = row[cols["class_name"]] if "class_name" in cols else f"{r}"
        out.names[(sid, stage)].append(f"{name} ({size_cell})")
    return out
