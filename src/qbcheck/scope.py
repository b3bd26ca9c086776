"""Who is judged: the schools in scope, their stage parts, and the columns formulas see.

A stage part is one school's share of one compulsory stage; a whole-school row is the school
itself (a stage it does not have counts 0). Both are built once, as columns, and shared by every
rule. `where:` filters pick the rows a rule applies to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qbcheck.fields import COMPULSORY, COUNTY_KEYS, FIELDS_BY_KEY, LABELS, SCHOOL_TYPES
from qbcheck.formula import Column, Rows
from qbcheck.messages import Phrase
from qbcheck.model import Dataset
from qbcheck.standards import Range, Standard
from qbcheck.stats import split_shares


@dataclass
class Subjects:
    """Rows a rule judges, as columns: stage parts (stage set) or whole schools (stage None)."""

    stage: str | None
    school: list[int]  # index into the dataset
    env: dict[str, Column]  # the names formulas use, one value per row
    share: Column  # the stage's share of whole-school totals (1.0 for whole schools)

    def __len__(self) -> int:
        return len(self.school)


@dataclass
class Excluded:
    school: int
    reason: Phrase


def in_scope(ds: Dataset, std: Standard) -> tuple[list[int], list[Excluded]]:
    scope = std.model.scope
    types, owners = set(scope.school_types), set(scope.ownership)
    cols = ds.columns
    keep: list[int] = []
    excluded: list[Excluded] = []
    for i, (stype, owner) in enumerate(zip(cols["school_type"], cols["ownership"], strict=True)):
        if owner not in owners:
            excluded.append(Excluded(i, Phrase("X01", {"ownership": owner})))
            continue
        if stype not in types:
            excluded.append(Excluded(i, Phrase("X02", {"school_type": stype})))
            continue
        minimum = scope.min_pupils.get(stype)
        if minimum is not None:
            pupils = [cols[f"{s}_pupils"][i] for s in SCHOOL_TYPES[stype] if s in COMPULSORY]
            if None not in pupils and sum(pupils) < minimum:  # type: ignore[arg-type]
                excluded.append(Excluded(i, Phrase("X03", {"school_type": stype, "min": minimum})))
                continue
        keep.append(i)
    return keep, excluded


def county_env(ds: Dataset, as_of: int) -> dict[str, float | None]:
    """County figures as scalars (attestations are not numbers and stay out)."""
    env: dict[str, float | None] = {"as_of_year": float(as_of)}
    for k in COUNTY_KEYS:
        if k.kind != "yesno":
            v = ds.figures.get(k.key)
            env[k.key] = None if v is None else float(v)
    return env


def stage_parts(
    ds: Dataset, std: Standard, schools: list[int], stage: str, excluded: list[Excluded]
) -> Subjects:
    cols = ds.columns
    weights = std.model.parameters.split_weights
    idx: list[int] = []
    share: Column = []
    for i in schools:
        stages = SCHOOL_TYPES[cols["school_type"][i]]
        if stage not in stages:
            continue
        if cols[f"{stage}_pupils"][i] == 0:
            excluded.append(Excluded(i, Phrase("X04", {"stage": Phrase(f"stage.{stage}")})))
            continue
        idx.append(i)
        if len(stages) == 1:
            share.append(1.0)
        else:
            pupils = [cols[f"{s}_pupils"][i] for s in stages]
            shares = split_shares(pupils, [weights[s] for s in stages])  # type: ignore[index]
            share.append(shares[stages.index(stage)])
    env: dict[str, Column] = {}
    for f in FIELDS_BY_KEY.values():
        if f.stage == stage and f.part_name:
            src = cols[f.key]
            env[f.part_name] = [src[i] for i in idx]
        elif f.split:
            src = cols[f.key]
            env[f.key] = [
                None if (v := src[i]) is None or s is None else v * s
                for i, s in zip(idx, share, strict=True)
            ]
    return Subjects(stage, idx, env, share)


def whole_schools(ds: Dataset, schools: list[int]) -> Subjects:
    """Whole-school columns: per-stage figures of a stage the school lacks count 0."""
    cols = ds.columns
    stages_of = [SCHOOL_TYPES[cols["school_type"][i]] for i in schools]
    env: dict[str, Column] = {}
    for f in FIELDS_BY_KEY.values():
        if f.kind not in ("count", "amount"):
            continue
        src = cols[f.key]
        if f.stage is None:
            env[f.key] = [src[i] for i in schools]
        else:
            env[f.key] = [
                src[i] if f.stage in st else 0.0 for i, st in zip(schools, stages_of, strict=True)
            ]
    env["compulsory_pupils"] = [
        None if p is None or j is None else p + j
        for p, j in zip(env["primary_pupils"], env["junior_pupils"], strict=True)
    ]
    return Subjects(None, list(schools), env, [1.0] * len(schools))


def labels(ds: Dataset, subjects: Subjects) -> dict[str, list]:
    """Word columns for filters; 是否寄宿制学校 reads as 是/否."""
    out: dict[str, list] = {}
    for key in LABELS:
        src = ds.columns[key]
        if key == "boarding":
            out[key] = [
                None if src[i] is None else ("是" if src[i] else "否") for i in subjects.school
            ]
        else:
            out[key] = [src[i] for i in subjects.school]
    return out


def rows(ds: Dataset, subjects: Subjects) -> Rows:
    return Rows(subjects.env, labels(ds, subjects), len(subjects))


def matches(
    ds: Dataset, subjects: Subjects, where: Mapping[str, list | Range] | None
) -> list[bool | None]:
    """Which rows a `where:` keeps: True, False, or None when a blank makes it undecidable
    (such a row is judged unknown, never silently left out)."""
    n = len(subjects)
    keep: list[bool | None] = [True] * n
    if not where:
        return keep
    words = labels(ds, subjects)
    whole: Subjects | None = None
    for key, cond in where.items():
        hit: list[bool | None]
        if key == "has_stage":
            wanted = set(cond)  # type: ignore[arg-type]
            types = [ds.columns["school_type"][i] for i in subjects.school]
            hit = [bool(wanted & set(SCHOOL_TYPES[t])) for t in types]
        elif isinstance(cond, Range):
            col = subjects.env.get(key)
            if col is None:  # a whole-school name asked of stage parts
                whole = whole or whole_schools(ds, subjects.school)
                col = whole.env[key]
            hit = [None if v is None else v in cond for v in col]
        else:
            allowed = {str(c) for c in cond}
            hit = [None if v is None else str(v) in allowed for v in words[key]]
        keep = [
            False if a is False or b is False else (None if a is None or b is None else True)
            for a, b in zip(keep, hit, strict=True)
        ]
    return keep


def subset(subjects: Subjects, keep: list[bool | None]) -> Subjects:
    """The rows not ruled out (True or undecidable)."""
    if all(k is not False for k in keep):
        return subjects
    pick = [k for k, ok in enumerate(keep) if ok is not False]
    return Subjects(
        subjects.stage,
        [subjects.school[k] for k in pick],
        {
            name: [col[k] for k in pick] if isinstance(col, list) else col
            for name, col in subjects.env.items()
        },
        [subjects.share[k] for k in pick],
    )
