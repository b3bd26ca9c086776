"""Figures that read fine one by one but cannot all be right together.

Errors (E1xx) are figures that cannot be right: a subset larger than its total, pupils without
a class. They block the audit like a bad cell. Warnings (W1xx) are figures that are possible but
usually a typing or unit mistake (an average class of 80, 300 m² of classrooms per pupil, a
teaching point whose parent school is not in the file); they are shown and the audit goes on.
Per-stage figures are checked only for the stages the school's type has, as the audit reads them.
"""

from __future__ import annotations

import numpy as np

from qbcheck.core.errors import Problem
from qbcheck.core.messages import Phrase
from qbcheck.model.dataset import Dataset
from qbcheck.model.fields import COMPULSORY, FIELDS_BY_KEY, SCHOOL_TYPES, STAGES

# (part, whole): the first counts some of what the second counts, by stage (None: whole school).
SUBSETS: tuple[tuple[str, str, bool], ...] = (
    ("teachers_above_degree", "teachers", True),
    ("backbone_teachers", "teachers", True),
    ("pe_arts_teachers", "teachers", True),
    ("indoor_sports_area", "teaching_area", False),  # 教学及辅助用房 includes indoor sports rooms
)
MAX_CLASS_SIZE = 66  # 超大班额: more than 66 pupils a class
AREA_PER_PUPIL_MAX = {
    "teaching_area": 100.0,
    "indoor_sports_area": 50.0,
    "sports_ground_area": 500.0,
}
EQUIPMENT_PER_PUPIL = (10.0, 100_000.0)  # yuan: outside this, the heading's unit is likely wrong
TEACHING_POINT = "教学点"


def check(ds: Dataset) -> tuple[list[Problem], list[Problem]]:
    """Return (errors, warnings) for the whole file.

    Each check first picks the suspect rows with array operations on the number columns (a
    national file has 200,000 rows; NaN, a blank, compares false), then builds messages for
    those rows only.
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    types = ds.columns["school_type"]
    _subsets(ds, types, errors)
    _classes(ds, types, errors, warnings)
    _per_pupil(ds, warnings)
    _type_vs_stages(ds, types, warnings)
    _teaching_points(ds, types, warnings)
    return errors, warnings


def _has(ds: Dataset, key: str) -> bool:
    return key in ds.letters and key in FIELDS_BY_KEY


def _without(stage: str) -> frozenset[str]:
    """School types that have no such stage (their figures for it are not read)."""
    return frozenset(t for t, stages in SCHOOL_TYPES.items() if stage not in stages)


def _subsets(ds: Dataset, types: list, errors: list[Problem]) -> None:
    cols = ds.columns
    for part, whole, by_stage in SUBSETS:
        for stage in COMPULSORY if by_stage else (None,):
            pk, wk = (f"{stage}_{part}", f"{stage}_{whole}") if stage else (part, whole)
            if not (_has(ds, pk) and _has(ds, wk)):
                continue
            skip = _without(stage) if stage else frozenset()
            suspects = np.flatnonzero(cols.array(pk) > cols.array(wk)).tolist()
            for i in suspects:
                if types[i] in skip:
                    continue
                row = ds.rows[i]
                cell = ds.ref(pk, row)
                params = {
                    "cell": cell,
                    "heading": ds.headings.get(pk, pk),
                    "value": _fmt(cols.array(pk)[i]),
                    "total_heading": ds.headings.get(wk, wk),
                    "total": _fmt(cols.array(wk)[i]),
                    "total_cell": ds.ref(wk, row),
                }
                errors.append(Problem("E139", params, cell))


def _classes(ds: Dataset, types: list, errors: list[Problem], warnings: list[Problem]) -> None:
    cols = ds.columns
    for stage in COMPULSORY:
        pk, ck = f"{stage}_pupils", f"{stage}_classes"
        if not (_has(ds, pk) and _has(ds, ck)):
            continue
        skip = _without(stage)
        pupils, classes = cols.array(pk), cols.array(ck)
        odd = (classes == 0) & (pupils > 0)
        odd |= (pupils == 0) & (classes > 0)
        odd |= pupils > MAX_CLASS_SIZE * classes
        for i in np.flatnonzero(odd).tolist():
            if types[i] in skip:
                continue
            p, c, row = float(pupils[i]), float(classes[i]), ds.rows[i]
            if p > 0 and c == 0:
                cell = ds.ref(ck, row)
                params: dict[str, object] = {
                    "cell": cell,
                    "heading": ds.headings[ck],
                    "pupils": _fmt(p),
                }
                errors.append(Problem("E140", {**params, "pupils_cell": ds.ref(pk, row)}, cell))
            elif c > 0 and p == 0:
                cell = ds.ref(pk, row)
                params = {"cell": cell, "heading": ds.headings[pk], "classes": _fmt(c)}
                warnings.append(Problem("W103", params, cell))
            else:
                cell = ds.ref(ck, row)
                stage_name = Phrase(f"stage.{stage}")
                params = {"cell": cell, "stage": stage_name, "size": f"{p / c:.1f}"}
                warnings.append(Problem("W104", {**params, "max": MAX_CLASS_SIZE}, cell))


def _per_pupil(ds: Dataset, warnings: list[Problem]) -> None:
    cols = ds.columns
    keys = (*AREA_PER_PUPIL_MAX, "equipment_value")
    present = [k for k in keys if _has(ds, k)]
    pupil_cols = [cols.array(k) for s in STAGES if (k := f"{s}_pupils") in ds.letters]
    if not present or not pupil_cols:
        return
    total = sum(np.nan_to_num(col) for col in pupil_cols)  # a blank stage counts no pupils
    low, high = EQUIPMENT_PER_PUPIL
    for key in present:
        top = high if key == "equipment_value" else AREA_PER_PUPIL_MAX[key]
        bottom = low if key == "equipment_value" else 0.0
        v = cols.array(key)
        given = (v != 0) & ~np.isnan(v) & (total > 0)
        suspects = np.flatnonzero(given & ~((bottom * total <= v) & (v <= top * total)))
        for i in suspects.tolist():
            per = float(v[i] / total[i])
            cell = ds.ref(key, ds.rows[i])
            if key == "equipment_value":
                why = Phrase("W106.high" if per > high else "W106.low")
                params = {"cell": cell, "heading": ds.headings[key], "value": f"{per:,.2f}"}
                warnings.append(Problem("W106", {**params, "why": why}, cell))
            else:
                params = {"cell": cell, "heading": ds.headings[key], "value": f"{per:,.1f}"}
                warnings.append(Problem("W105", {**params, "limit": f"{top:g}"}, cell))


def _type_vs_stages(ds: Dataset, types: list, warnings: list[Problem]) -> None:
    for stage in STAGES:
        key = f"{stage}_pupils"
        if key not in ds.letters:
            continue
        lacking = _without(stage)
        one_through = (
            frozenset(t for t, has in SCHOOL_TYPES.items() if stage in has and len(has) > 1)
            if stage in COMPULSORY
            else frozenset()
        )
        pupils = ds.columns.array(key)
        odd = (pupils != 0) & ~np.isnan(pupils) & ds.mask("school_type", lacking)
        if one_through:
            odd |= (pupils == 0) & ds.mask("school_type", one_through)
        phrase = Phrase(f"stage.{stage}")
        for i in np.flatnonzero(odd).tolist():
            stype, v = types[i], float(pupils[i])
            cell = ds.ref(key, ds.rows[i])
            params = {"cell": cell, "school_type": stype, "stage": phrase}
            if v:
                warnings.append(Problem("W107", {**params, "value": _fmt(v)}, cell))
            else:
                warnings.append(Problem("W108", params, cell))


def _teaching_points(ds: Dataset, types: list, warnings: list[Problem]) -> None:
    if TEACHING_POINT not in types:
        return
    cols = ds.columns
    if "parent_id" not in ds.letters:  # one note for the file, not one per teaching point
        n = types.count(TEACHING_POINT)
        warnings.append(
            Problem("W111", {"count": n, "heading": FIELDS_BY_KEY["parent_id"].heading})
        )
        return
    ids = {v for v in cols["school_id"] if v is not None}
    parents = cols["parent_id"]
    for i, stype in enumerate(types):
        if stype != TEACHING_POINT:
            continue
        row = ds.rows[i]
        parent = parents[i]
        name = cols["name"][i] or cols["school_id"][i]
        if parent is None:
            cell = (
                ds.ref("parent_id", row) if "parent_id" in ds.letters else ds.ref("school_id", row)
            )
            warnings.append(Problem("W109", {"cell": cell, "name": name}, cell))
        elif parent not in ids or parent == cols["school_id"][i]:
            cell = ds.ref("parent_id", row)
            warnings.append(Problem("W110", {"cell": cell, "name": name, "value": parent}, cell))


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
