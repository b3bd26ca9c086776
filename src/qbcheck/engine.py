"""Evaluate a standard's rules over a dataset, column-wise, into pass / fail / unknown results.

The unit checked is a school part: one school's share of one compulsory stage. Teacher counts come
per stage from the data; whole-school facility totals are split by weighted enrolment. Every
result keeps its value, threshold and gap; an unknown keeps the reason it is unknown.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from qbcheck import exitcodes
from qbcheck.fields import COMPULSORY, FIELDS_BY_KEY, SCHOOL_TYPES, Field
from qbcheck.formula import Column
from qbcheck.messages import Phrase
from qbcheck.model import Dataset
from qbcheck.standards import CvLimit, SchoolKofN, SchoolThreshold, Standard
from qbcheck.stats import split_shares, weighted_cv

Status = Literal["pass", "fail", "unknown"]
PASS: Status = "pass"
FAIL: Status = "fail"
UNKNOWN: Status = "unknown"
# Ties are judged at full precision; this only absorbs binary floating-point noise (1e-12
# relative), far below any figure a report shows, so that 21 teachers for 500 pupils is 4.2.
_EPS = 1e-12


@dataclass
class Parts:
    """All school parts of one stage, as columns."""

    stage: str
    school: list[int]  # index into the dataset
    env: dict[str, Column]  # the names formulas use, one value per part
    share: Column  # the stage's share of whole-school totals

    def __len__(self) -> int:
        return len(self.school)


@dataclass
class Excluded:
    school: int
    reason: Phrase


@dataclass
class SchoolResult:
    rule: SchoolThreshold | SchoolKofN
    stage: str
    parts: Parts
    threshold: float | None
    values: Column
    status: list[Status]
    gap: Column  # how far below (or above, for ≤) the threshold; None when passing or unknown
    need: Column = field(default_factory=list)  # the remedy amount, where the rule has one
    detail: list[Phrase | None] = field(default_factory=list)


@dataclass
class CountyResult:
    rule: CvLimit
    stage: str
    status: Status
    value: float | None  # the CV
    limit: float
    mean: float | None
    n: int
    pupils: float
    gap: float | None
    reason: Phrase | None = None


@dataclass
class AuditResult:
    dataset: Dataset
    standard: Standard
    parts: dict[str, Parts]
    indicators: dict[tuple[str, str], Column]  # (indicator, stage) → values
    school_results: list[SchoolResult]
    county_results: list[CountyResult]
    excluded: list[Excluded]

    def rule_status(self) -> dict[str, Status]:
        """A rule fails if any subject fails; else it is unknown if any subject is unknown."""
        out: dict[str, Status] = {}
        for rid, status in self._statuses():
            prev = out.get(rid, PASS)
            if status == FAIL or prev == FAIL:
                out[rid] = FAIL
            elif status == UNKNOWN or prev == UNKNOWN:
                out[rid] = UNKNOWN
            else:
                out[rid] = PASS
        return out

    def _statuses(self) -> Iterator[tuple[str, Status]]:
        for r in self.school_results:
            if not r.status:
                continue
            has_fail = FAIL in r.status
            yield r.rule.id, FAIL if has_fail else (UNKNOWN if UNKNOWN in r.status else PASS)
        for c in self.county_results:
            yield c.rule.id, c.status

    def verdict(self) -> Status:
        statuses = set(self.rule_status().values())
        if FAIL in statuses:
            return FAIL
        return UNKNOWN if UNKNOWN in statuses else PASS

    def exit_code(self) -> int:
        return {PASS: exitcodes.OK, FAIL: exitcodes.FAILED, UNKNOWN: exitcodes.UNKNOWN}[
            self.verdict()
        ]


def evaluate(ds: Dataset, std: Standard) -> AuditResult:
    in_scope, excluded = _scope(ds, std)
    parts = {stage: _parts(ds, std, in_scope, stage, excluded) for stage in COMPULSORY}
    indicators: dict[tuple[str, str], Column] = {}
    for key, formula in std.formulas.items():
        for stage, p in parts.items():
            indicators[(key, stage)] = formula.evaluate(p.env) if len(p) else []

    school_results: list[SchoolResult] = []
    by_rule: dict[tuple[str, str], SchoolResult] = {}
    for rule in std.rules.values():
        if isinstance(rule, SchoolThreshold):
            for stage, p in parts.items():
                thr = rule.threshold.get(stage)
                if thr is None:
                    continue
                res = _threshold(ds, std, rule, p, indicators[(rule.indicator, stage)], thr)
                school_results.append(res)
                by_rule[(rule.id, stage)] = res
    for rule in std.rules.values():
        if isinstance(rule, SchoolKofN):
            for stage, p in parts.items():
                members = [by_rule[(r, stage)] for r in rule.of if (r, stage) in by_rule]
                if members:
                    school_results.append(_k_of_n(rule, p, members))
    county_results = [
        _cv(ds, rule, stage, parts[stage], indicators[(rule.indicator, stage)], limit)
        for rule in std.rules.values()
        if isinstance(rule, CvLimit)
        for stage in COMPULSORY
        if (limit := rule.limit.get(stage)) is not None
    ]
    return AuditResult(ds, std, parts, indicators, school_results, county_results, excluded)


def _scope(ds: Dataset, std: Standard) -> tuple[list[int], list[Excluded]]:
    scope = std.model.scope
    types, owners = set(scope.school_types), set(scope.ownership)
    cols = ds.columns
    in_scope: list[int] = []
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
        in_scope.append(i)
    return in_scope, excluded


def _parts(
    ds: Dataset, std: Standard, schools: list[int], stage: str, excluded: list[Excluded]
) -> Parts:
    cols = ds.columns
    weights_by_stage = std.model.parameters.split_weights
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
            shares = split_shares(pupils, [weights_by_stage[s] for s in stages])  # type: ignore[index]
            share.append(shares[stages.index(stage)])  # type: ignore[arg-type]
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
    return Parts(stage, idx, env, share)


def _threshold(
    ds: Dataset,
    std: Standard,
    rule: SchoolThreshold,
    parts: Parts,
    values: Column,
    thr: float,
) -> SchoolResult:
    if rule.op == ">=":
        lo = thr * (1 - _EPS)
        status: list[Status] = [
            UNKNOWN if v is None else (PASS if v >= lo else FAIL) for v in values
        ]
        gap = [thr - v if s == FAIL else None for v, s in zip(values, status, strict=True)]  # type: ignore[operator]
    else:
        hi = thr * (1 + _EPS)
        status = [UNKNOWN if v is None else (PASS if v <= hi else FAIL) for v in values]
        gap = [v - thr if s == FAIL else None for v, s in zip(values, status, strict=True)]  # type: ignore[operator]
    res = SchoolResult(rule, parts.stage, parts, thr, values, status, gap)
    res.need = [None] * len(values)
    res.detail = [None] * len(values)
    indicator = std.model.indicators[rule.indicator]
    formula = std.formulas[rule.indicator]
    for k, s in enumerate(status):
        if s == FAIL and indicator.remedy:
            res.need[k] = _remedy(formula, parts, k, indicator.remedy, gap[k])  # type: ignore[arg-type]
        elif s == UNKNOWN:
            res.detail[k] = _missing_reason(ds, parts, k, formula.names)
    return res


def _remedy(formula, parts: Parts, k: int, name: str, gap: float) -> float | None:
    """How much of `name` this part must add to close the gap (formulas are linear in it)."""
    row = {n: col[k] for n, col in parts.env.items()}
    base = formula.scalar(row)
    if base is None or row.get(name) is None:
        return None
    row[name] = row[name] + 1.0  # type: ignore[operator]
    bumped = formula.scalar(row)
    slope = None if bumped is None else bumped - base
    if not slope:
        return None
    need = abs(gap / slope)
    field_ = _field_for(name)
    if field_ is not None and field_.kind == "count":
        return float(math.ceil(need - 1e-9))
    return need


def _field_for(part_name: str) -> Field | None:
    for f in FIELDS_BY_KEY.values():
        if f.part_name == part_name or f.key == part_name:
            return f
    return None


def _missing_reason(ds: Dataset, parts: Parts, k: int, names: tuple[str, ...]) -> Phrase:
    """Name the blank cells behind an unknown, so the officer knows exactly what to fill in."""
    i = parts.school[k]
    blanks: list[str] = []
    keys: list[str] = []
    for n in names:
        f = _field_for(n)
        if f is None:
            continue
        if f.split:
            stages = SCHOOL_TYPES[ds.columns["school_type"][i]]
            keys.append(f.key)
            keys.extend(f"{s}_pupils" for s in stages)
        else:
            keys.append(f"{parts.stage}_{n}")
    for key in dict.fromkeys(keys):
        if ds.columns[key][i] is None:
            where = ds.cell(key, i) if key in ds.letters else ds.headings.get(key, key)
            heading = ds.headings.get(key) or FIELDS_BY_KEY[key].heading
            blanks.append(f"{heading} ({where})")
    if not blanks:
        return Phrase("U02", {"detail": ", ".join(names)})
    return Phrase("U01", {"fields": "、".join(blanks)})


def _k_of_n(rule: SchoolKofN, parts: Parts, members: list[SchoolResult]) -> SchoolResult:
    n = len(members)
    allowed_misses = n - rule.k
    status: list[Status] = []
    detail: list[Phrase | None] = []
    gap: Column = []
    for k in range(len(parts)):
        missed: list[str] = []
        below_floor: list[str] = []
        unknown: list[str] = []
        for m in members:
            s = m.status[k]
            if s == UNKNOWN:
                unknown.append(m.rule.id)
            elif s == FAIL:
                missed.append(m.rule.id)
                v, thr = m.values[k], m.threshold
                ok = v >= rule.floor * thr if m.rule.op == ">=" else v * rule.floor <= thr  # type: ignore[operator]
                if not ok:
                    below_floor.append(m.rule.id)
        if len(missed) > allowed_misses or below_floor:
            status.append(FAIL)
            detail.append(
                Phrase(
                    "D01",
                    {
                        "n": len(missed),
                        "missed": ", ".join(missed) or "—",
                        "floor": Phrase(
                            "D02", {"rules": ", ".join(below_floor), "pct": round(rule.floor * 100)}
                        )
                        if below_floor
                        else "",
                    },
                )
            )
            gap.append(float(len(missed) - allowed_misses) if len(missed) > allowed_misses else 0.0)
        elif unknown:
            status.append(UNKNOWN)
            detail.append(Phrase("U06", {"count": len(unknown), "rules": ", ".join(unknown)}))
            gap.append(None)
        else:
            status.append(PASS)
            pct = round(rule.floor * 100)
            detail.append(
                Phrase("D03", {"missed": ", ".join(missed), "pct": pct}) if missed else None
            )
            gap.append(None)
    met = [float(sum(m.status[k] == PASS for m in members)) for k in range(len(parts))]
    return SchoolResult(
        rule, parts.stage, parts, float(rule.k), met, status, gap, [None] * len(parts), detail
    )


def _cv(
    ds: Dataset, rule: CvLimit, stage: str, parts: Parts, values: Column, limit: float
) -> CountyResult:
    pupils = parts.env["pupils"]
    if not len(parts):
        return CountyResult(rule, stage, UNKNOWN, None, limit, None, 0, 0.0, None, Phrase("U04"))
    missing = [
        k for k, (v, p) in enumerate(zip(values, pupils, strict=True)) if v is None or p is None
    ]
    known_pupils = math.fsum(p for p in pupils if p is not None)
    if missing:
        examples = "、".join(
            f"{ds.columns['name'][parts.school[k]]} ({ds.cell('school_id', parts.school[k])})"
            for k in missing[:3]
        )
        reason = Phrase("U03", {"count": len(missing), "examples": examples})
        return CountyResult(
            rule, stage, UNKNOWN, None, limit, None, len(parts), known_pupils, None, reason
        )
    stats = weighted_cv(values, pupils)  # type: ignore[arg-type]
    if stats.cv is None:
        return CountyResult(
            rule,
            stage,
            UNKNOWN,
            None,
            limit,
            stats.mean,
            stats.n,
            stats.weight,
            None,
            Phrase("U05"),
        )
    ok = stats.cv <= limit * (1 + _EPS)
    return CountyResult(
        rule,
        stage,
        PASS if ok else FAIL,
        stats.cv,
        limit,
        stats.mean,
        stats.n,
        stats.weight,
        None if ok else stats.cv - limit,
    )
