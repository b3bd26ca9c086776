"""Who is judged: the schools in scope, their stage parts, and the columns formulas see.

A stage part is one school's share of one compulsory stage; a whole-school row is the school
itself (a stage it does not have counts 0). Both are built once, as columns, and shared by every
rule. `where:` filters pick the rows a rule applies to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qbcheck.core.messages import Phrase
from qbcheck.core.stats import split_shares
from qbcheck.model.dataset import Dataset, code_mask, word_codes
from qbcheck.model.fields import (
    COMPULSORY,
    COUNTY_KEYS,
    FIELDS_BY_KEY,
    LABELS,
    SCHOOL_TYPES,
    STAGES,
    Field,
)
from qbcheck.rules.formula import Column, Rows
from qbcheck.rules.standards import Range, Standard


@dataclass
class Subjects:
    """Rows a rule judges, as columns: stage parts (stage set) or whole schools (stage None)."""

    stage: str | None
    school: list[int]  # index into the dataset
    env: dict[str, Column]  # the names formulas use, one value per row
    share: Column  # the stage's share of whole-school totals (1.0 for whole schools)
    labels: Columns | None = None  # word columns for filters, built on first use

    def __len__(self) -> int:
        return len(self.school)

    @cached_property
    def index(self) -> np.ndarray:
        """`school` as an array, for picking many rows at once."""
        return np.array(self.school, dtype=np.intp)


@dataclass
class Excluded:
    school: int
    reason: Phrase


def in_scope(ds: Dataset, std: Standard) -> tuple[list[int], list[Excluded]]:
    scope = std.model.scope
    types, owners = set(scope.school_types), set[str](scope.ownership)
    # Array operations over the whole file; one reason object is shared by the schools it
    # applies to (a national file has 20,000 small teaching points).
    own_ok = ds.mask("ownership", owners)
    type_ok = ds.mask("school_type", types)
    keep = own_ok & type_ok
    reason: dict[int, Phrase] = {}
    for key, code, where in (
        ("ownership", "X01", ~own_ok),
        ("school_type", "X02", own_ok & ~type_ok),
    ):
        col, phrases = ds.columns[key], {}
        for i in np.flatnonzero(where).tolist():
            word = col[i]
            if word not in phrases:
                phrases[word] = Phrase(code, {key: word})
            reason[i] = phrases[word]
    for stype, minimum in scope.min_pupils.items():
        these = keep & ds.mask("school_type", {stype})
        if not these.any():
            continue
        stages = [s for s in SCHOOL_TYPES[stype] if s in COMPULSORY]
        pupils = sum(ds.columns.array(f"{s}_pupils") for s in stages)
        small = these & (pupils < minimum)  # a blank enrolment is not known to be small
        keep &= ~small
        phrase = Phrase("X03", {"school_type": stype, "min": minimum})
        for i in np.flatnonzero(small).tolist():
            reason[i] = phrase
    excluded = [Excluded(i, reason[i]) for i in sorted(reason)]
    return np.flatnonzero(keep).tolist(), excluded


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
    """A number column as a float array (NaN for blanks), as the model made it."""
    return ds.columns.array(key)


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
        for stage in STAGES:
            cache[stage] = ds.mask(
                "school_type", {t for t, st in SCHOOL_TYPES.items() if stage in st}
            )
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
    shares = split_shares(pupils_by_stage, [weights[s] for s in STAGES])
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
            return env["primary_pupils"] + env["junior_pupils"]
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
        if key not in LABELS:
            raise KeyError(key)
        if key == "boarding":  # 是/否 from a yes/no column
            cache[key] = word_codes(labels(ds, subjects)[key])
        else:
            codes, vocab = ds.codes(key)
            cache[key] = (codes[subjects.index], vocab)
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
            return list(map(src.__getitem__, subjects.school))

        subjects.labels = Columns(build)  # type: ignore[arg-type]  # word columns: lists, not arrays
    return subjects.labels


def rows(ds: Dataset, subjects: Subjects) -> Rows:
    return Rows(
        subjects.env, labels(ds, subjects), len(subjects), lambda k: label_codes(ds, subjects, k)
    )


_KEEP = np.array([True, False, None], dtype=object)  # by code: kept, ruled out, undecidable


def matches(
    ds: Dataset, subjects: Subjects, where: Mapping[str, list | Range] | None
) -> list[bool | None]:
    """Which rows a `where:` keeps: True, False, or None when a blank makes it undecidable
    (such a row is judged unknown, never silently left out)."""
    n = len(subjects)
    if not where:
        return [True] * n
    out = np.zeros(n, dtype=bool)  # a known value outside the condition
    undecided = np.zeros(n, dtype=bool)  # a blank the condition needs
    whole: Subjects | None = None
    for key, cond in where.items():
        if key == "has_stage":
            wanted = set(cond)
            having = {t for t, st in SCHOOL_TYPES.items() if wanted & set(st)}
            hit = ds.mask("school_type", having)[subjects.index]
            known = np.ones(n, dtype=bool)
        elif isinstance(cond, Range):
            env = subjects.env
            if not (isinstance(env, Columns) and env.has(key)) and key not in env:
                whole = whole or whole_schools(ds, subjects.school)  # a whole-school name
                env = whole.env
            col = np.asarray(env[key], dtype=np.float64)
            hit = np.ones(len(col), dtype=bool)
            if cond.min is not None:
                hit &= col >= cond.min
            if cond.max is not None:
                hit &= col <= cond.max
            if cond.below is not None:
                hit &= col < cond.below
            if cond.above is not None:
                hit &= col > cond.above
            known = ~np.isnan(col)
        else:
            allowed = {str(c) for c in cond}
            codes, vocab = label_codes(ds, subjects, key)
            hit = code_mask(codes, vocab, [c for w, c in vocab.items() if str(w) in allowed])
            known = codes >= 0
        out |= known & ~hit
        undecided |= ~known
    return _KEEP[np.where(out, 1, np.where(undecided, 2, 0))].tolist()


def subset(subjects: Subjects, keep: list[bool | None]) -> Subjects:
    """The rows not ruled out (True or undecidable)."""
    if False not in keep:  # checked in C
        return subjects
    pick = [k for k, ok in enumerate(keep) if ok is not False]
    rows = np.array(pick, dtype=np.intp)
    parent = subjects.env

    def build(name: str) -> np.ndarray | float | None:
        col: np.ndarray | float | None = parent[name]
        return col[rows] if isinstance(col, np.ndarray) else col

    return Subjects(
        subjects.stage,
        [subjects.school[k] for k in pick],
        Columns(build),
        subjects.share[rows],
    )
