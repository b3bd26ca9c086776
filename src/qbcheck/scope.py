"""Who is judged: the schools in scope, their stage parts, and the columns formulas see.

A stage part is one school's share of one compulsory stage; a whole-school row is the school
itself (a stage it does not have counts 0). Both are built once, as columns, and shared by every
rule. `where:` filters pick the rows a rule applies to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from qbcheck.fields import (
    COMPULSORY,
    COUNTY_KEYS,
    FIELDS_BY_KEY,
    LABELS,
    SCHOOL_TYPES,
    STAGES,
    Field,
)
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
    labels: dict[str, list] | None = None  # word columns for filters, built on first use

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
    # Most schools are plainly in scope; only the rest are looked at one by one.
    plain = [
        t in types and o in owners and t not in scope.min_pupils
        for t, o in zip(cols["school_type"], cols["ownership"], strict=True)
    ]
    keep: list[int] = []
    excluded: list[Excluded] = []
    for i, ok in enumerate(plain):
        if ok:
            keep.append(i)
            continue
        stype, owner = cols["school_type"][i], cols["ownership"][i]
        if owner not in owners:
            excluded.append(Excluded(i, Phrase("X01", {"ownership": owner})))
            continue
        if stype not in types:
            excluded.append(Excluded(i, Phrase("X02", {"school_type": stype})))
            continue
        minimum = scope.min_pupils[stype]
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


class Columns(dict):
    """Formula columns built on first use: a standard touches a few dozen of the ~90 names, and
    building all of them for 200,000 schools would cost more than reading the file."""

    def __init__(self, build: Callable[[str], np.ndarray | float | None]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> np.ndarray | float | None:
        value = self._build(key)  # raises KeyError for a name it does not know
        self[key] = value
        return value

    def has(self, key: str) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True


_PART_FIELDS: dict[tuple[str, str], Field] = {
    (f.stage, f.part_name): f for f in FIELDS_BY_KEY.values() if f.stage and f.part_name
}


def numeric(ds: Dataset, key: str) -> np.ndarray:
    """A numeric column as a float array (NaN for blanks), converted once per dataset."""
    cache: dict[str, np.ndarray] = ds.__dict__.setdefault("_arrays", {})
    if key not in cache:
        if key in ds.absent:
            cache[key] = np.full(len(ds), np.nan)
        else:
            cache[key] = np.array(ds.columns[key], dtype=np.float64)
    return cache[key]


def _part_columns(
    ds: Dataset, stage: str, idx: np.ndarray, share: np.ndarray, county: Mapping[str, float | None]
) -> Columns:
    def build(name: str) -> np.ndarray | float | None:
        f = _PART_FIELDS.get((stage, name))
        if f is not None:
            return numeric(ds, f.key)[idx]
        f = FIELDS_BY_KEY.get(name)
        if f is not None and f.split:
            return numeric(ds, f.key)[idx] * share
        return county[name]

    return Columns(build)


def stage_masks(ds: Dataset) -> dict[str, np.ndarray]:
    """For each stage, which schools' types have it (computed once per dataset)."""
    cache: dict[str, np.ndarray] = ds.__dict__.setdefault("_stage_masks", {})
    if not cache:
        types = ds.columns["school_type"]
        for stage in ("primary", "junior", "senior"):
            has = {t: stage in st for t, st in SCHOOL_TYPES.items()}
            cache[stage] = np.fromiter((has.get(t, False) for t in types), bool, len(types))
    return cache


def stage_parts(
    ds: Dataset,
    std: Standard,
    schools: list[int],
    stage: str,
    excluded: list[Excluded],
    county: Mapping[str, float | None],
) -> Subjects:
    """One school part per in-scope school having `stage`, with its share of whole-school
    totals: w_s·P_s ÷ Σ w·P over the school's own stages (1 for a single-stage school)."""
    weights = std.model.parameters.split_weights
    masks = stage_masks(ds)
    pool = np.array(schools, dtype=np.intp)
    has = masks[stage][pool]
    pupils = numeric(ds, f"{stage}_pupils")[pool]
    zero = has & (pupils == 0)
    for i in pool[zero].tolist():
        excluded.append(Excluded(i, Phrase("X04", {"stage": Phrase(f"stage.{stage}")})))
    index = pool[has & ~zero]
    count = sum(masks[s][index].astype(int) for s in STAGES)
    pupils_by_stage = [
        np.where(masks[s][index], numeric(ds, f"{s}_pupils")[index], 0.0) for s in STAGES
    ]
    shares = split_shares(pupils_by_stage, [weights[s] for s in STAGES])  # type: ignore[index]
    share = np.where(count == 1, 1.0, shares[STAGES.index(stage)])
    idx = index.tolist()
    return Subjects(stage, idx, _part_columns(ds, stage, index, share, county), share)


def _school_columns(ds: Dataset, schools: list[int], county: Mapping[str, float | None]) -> Columns:
    index = np.array(schools, dtype=np.intp)
    masks: dict[str, np.ndarray] = {}

    def has_stage(stage: str) -> np.ndarray:
        if stage not in masks:
            masks[stage] = stage_masks(ds)[stage][index]
        return masks[stage]

    def build(name: str) -> np.ndarray | float | None:
        if name == "compulsory_pupils":
            return env["primary_pupils"] + env["junior_pupils"]  # type: ignore[operator]
        f = FIELDS_BY_KEY.get(name)
        if f is None or f.kind not in ("count", "amount"):
            return county[name]
        picked = numeric(ds, f.key)[index]
        if f.stage is None:
            return picked
        return np.where(has_stage(f.stage), picked, 0.0)

    env = Columns(build)
    return env


def whole_schools(
    ds: Dataset, schools: list[int], county: Mapping[str, float | None] | None = None
) -> Subjects:
    """Whole-school columns: per-stage figures of a stage the school lacks count 0."""
    columns = _school_columns(ds, schools, county or {})
    return Subjects(None, list(schools), columns, np.ones(len(schools)))


def label_codes(ds: Dataset, subjects: Subjects, key: str) -> tuple[np.ndarray, dict]:
    """A word column as integer codes (-1 for blank) and its vocabulary, so that filters over
    200,000 schools are array operations."""
    cache = subjects.__dict__.setdefault("_codes", {})
    if key not in cache:
        words = labels(ds, subjects)[key]
        vocab: dict = {}
        codes = np.fromiter(
            (-1 if w is None else vocab.setdefault(w, len(vocab)) for w in words),
            np.int32,
            len(words),
        )
        cache[key] = (codes, vocab)
    return cache[key]


def labels(ds: Dataset, subjects: Subjects) -> Columns:
    """Word columns for filters, built on first use and kept; 是否寄宿制学校 reads as 是/否."""
    if subjects.labels is None:

        def build(key: str) -> list:
            if key not in LABELS:
                raise KeyError(key)
            src = ds.columns[key]
            if key == "boarding":
                return [
                    None if src[i] is None else ("是" if src[i] else "否") for i in subjects.school
                ]
            return [src[i] for i in subjects.school]

        subjects.labels = Columns(build)  # type: ignore[arg-type]
    return subjects.labels


def rows(ds: Dataset, subjects: Subjects) -> Rows:
    return Rows(
        subjects.env, labels(ds, subjects), len(subjects), lambda k: label_codes(ds, subjects, k)
    )


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
            env = subjects.env
            if not (isinstance(env, Columns) and env.has(key)) and key not in env:
                whole = whole or whole_schools(ds, subjects.school)  # a whole-school name
                env = whole.env
            col = np.asarray(env[key], dtype=np.float64)
            inside = np.ones(len(col), dtype=bool)
            if cond.min is not None:
                inside &= col >= cond.min
            if cond.max is not None:
                inside &= col <= cond.max
            if cond.below is not None:
                inside &= col < cond.below
            if cond.above is not None:
                inside &= col > cond.above
            known = ~np.isnan(col)
            hit = [h if k else None for h, k in zip(inside.tolist(), known.tolist(), strict=True)]
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
    rows = np.array(pick, dtype=np.intp)
    parent = subjects.env

    def build(name: str) -> np.ndarray | float | None:
        col = parent[name]
        return col[rows] if isinstance(col, np.ndarray) else col

    return Subjects(
        subjects.stage,
        [subjects.school[k] for k in pick],
        Columns(build),
        subjects.share[rows],
    )
