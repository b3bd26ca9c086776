"""Evaluate a standard's rules over a dataset, column-wise, into results with a status each.

Statuses: pass, fail, unknown (with the reason), attested (a declaration to be verified on site,
never a measured pass) and at-risk (a target not met yet whose year has not come). Every result
keeps its value, threshold and gap. The verdict: fail if any part fails or a veto applies,
unknown if anything required is missing, else pass. How each rule is judged is its kind's
(`qbcheck.kinds.<kind>.evaluate`); this module builds what they share and runs them in order.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

from qbcheck.core.status import (
    AT_RISK,
    ATTESTED,
    FAIL,
    PASS,
    UNKNOWN,
    WAIVABLE,
)
from qbcheck.kinds import KINDS, evaluation_order
from qbcheck.kinds.base import Context, FileCounties
from qbcheck.kinds.outcome import CountyResult, SchoolResult
from qbcheck.model.dataset import CountySplit, Dataset
from qbcheck.model.fields import COMPULSORY
from qbcheck.rules.formula import Column
from qbcheck.rules.scope import Columns as FormulaColumns
from qbcheck.rules.scope import (
    Excluded,
    Subjects,
    county_env,
    in_scope,
    stage_parts,
    whole_schools,
)
from qbcheck.rules.standards import RuleBase, Standard
from qbcheck.rules.waivers import Waivers

__all__ = ["ATTESTED", "AT_RISK", "FAIL", "PASS", "UNKNOWN", "AuditResult", "Excluded", "evaluate"]


@dataclass
class AuditResult:
    """What evaluating one county produced, before it becomes findings (results.build): its
    verdicts, counts and exit code are the result model's to work out, once."""

    dataset: Dataset
    standard: Standard
    as_of: int
    parts: dict[str, Subjects]
    indicators: dict[tuple[str, str], Column]  # (indicator, stage) → values of part indicators
    school_results: list[SchoolResult]
    county_results: list[CountyResult]
    excluded: list[Excluded]
    waivers: Waivers | None = None

    def apply_waivers(self, waivers: Waivers, today: _dt.date) -> None:
        """Mark the failing, undecided and at-risk findings that a waiver in force covers."""
        self.waivers = waivers
        ids = self.dataset.columns["school_id"]
        for r in self.school_results:
            for k, status in enumerate(r.status):
                if status in WAIVABLE:
                    n = waivers.find(r.rule.id, ids[r.parts.school[k]], r.stage, today)
                    if n is not None:
                        r.waived[k] = n
        for c in self.county_results:
            if c.status in WAIVABLE:
                c.waived = waivers.find(c.rule.id, c.subject, c.stage, today)


def evaluate(ds: Dataset, std: Standard, as_of: int | None = None) -> AuditResult:
    """Every rule of the standard by its kind, in the registry's order (a rule after the rules
    whose results it combines). A county of a file of several takes its rows of what was judged
    row by row over the whole file (once for all its counties) and is judged by the rest."""
    year = as_of or ds.county.year or _dt.date.today().year
    if ds.part_of is not None:
        split, c = ds.part_of
        ds.part_of = None  # served: evaluating this county again takes the path below
        key = (id(std), year)
        whole_file = split.memo.get(key)
        if whole_file is None or whole_file.std is not std:
            whole_file = split.memo[key] = _WholeFile(split, std, year)
        try:
            return whole_file.county(ds, c)
        finally:
            whole_file.served.add(c)
            if len(whole_file.served) == split.counties:
                del split.memo[key]  # every county has its rows: free the file's results
    schools, excluded = in_scope(ds, std)
    county = county_env(ds, year)
    parts: dict[str, Subjects] = {
        stage: stage_parts(ds, std, schools, stage, excluded, county) for stage in COMPULSORY
    }
    whole = whole_schools(ds, schools, county)
    ctx = Context(ds, std, year, county, parts, whole)
    for rule in evaluation_order(std.rules.values()):
        KINDS[rule.kind].evaluate(ctx, rule)
    indicators = {k: v for k, v in ctx.indicator_cache.items() if k[1] in COMPULSORY}
    return AuditResult(
        ds, std, year, parts, indicators, ctx.school_results, ctx.county_results, excluded
    )


# How a county's rows sit in a whole-file column: a slice when its schools are together in
# the file (a provincial export lists them county by county), else their positions.
Picked = slice | tuple[np.ndarray, list[int]]


class _Step:
    """One rule of the whole-file pass: what it added, for the counties to take their part of."""

    __slots__ = ("indicators", "rule", "school", "shared")

    def __init__(self, rule: RuleBase) -> None:
        self.rule = rule
        self.school: list[SchoolResult] | None = None  # judged row by row over the file
        self.shared: list[CountyResult] | None = None  # the same for every county
        self.indicators: list[tuple[str, str]] = []  # indicator values it computed, in order


class _WholeFile:
    """The rules judged row by row (kinds with ROWS), and those reading only the county figures
    (kinds whose shared() says so), evaluated once over a whole file of counties; each county
    takes its rows. Per row the arithmetic is the same as over the county alone, so every
    value, status and reason is the one the county's own evaluation gives."""

    def __init__(self, split: CountySplit, std: Standard, year: int) -> None:
        fds = split.file
        self.split, self.std, self.year = split, std, year
        self.served: set[int] = set()
        schools, excluded = in_scope(fds, std)
        self.county_env = county_env(fds, year)
        self.parts: dict[str, Subjects] = {
            stage: stage_parts(fds, std, schools, stage, excluded, self.county_env)
            for stage in COMPULSORY
        }
        self.whole = whole_schools(fds, schools, self.county_env)
        ctx = Context(fds, std, year, self.county_env, self.parts, self.whole)
        self.steps: list[_Step] = []
        for rule in evaluation_order(std.rules.values()):
            kind = KINDS[rule.kind]
            step = _Step(rule)
            known, schools_before = len(ctx.indicator_cache), len(ctx.school_results)
            counties_before = len(ctx.county_results)
            if kind.rows:
                kind.evaluate(ctx, rule)
                step.school = ctx.school_results[schools_before:]
            elif kind.shared is not None and kind.shared(rule, std):
                kind.evaluate(ctx, rule)
                step.shared = ctx.county_results[counties_before:]
            step.indicators = list(ctx.indicator_cache)[known:]
            self.steps.append(step)
        self.indicators = ctx.indicator_cache
        self.by_rule = {id(r): key for key, r in ctx.by_rule.items()}
        # Each county's exclusions, in the order the file's evaluation found them.
        self.excluded: list[list[Excluded]] = [[] for _ in range(split.counties)]
        county_of, local = split.county_of.tolist(), split.local.tolist()
        for e in excluded:
            self.excluded[county_of[e.school]].append(Excluded(local[e.school], e.reason))
        self._groups: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        # What the rules left to each county (CVs) take from the file's evaluation instead.
        self.file = FileCounties(
            ctx, self._grouping, lambda v, subjects, c: _take_array(v, self._picked(subjects, c))
        )

    def _grouping(self, subjects: Subjects) -> tuple[np.ndarray, np.ndarray]:
        """The subjects' rows county by county (each county's in order), and where each
        county's end in that order."""
        got = self._groups.get(id(subjects))
        if got is None:
            labels = self.split.county_of[subjects.index]
            order = np.argsort(labels, kind="stable")
            ends = np.cumsum(np.bincount(labels, minlength=self.split.counties))
            got = self._groups[id(subjects)] = (order, ends)
        return got

    def _picked(self, subjects: Subjects, c: int) -> Picked:
        """Where county c's rows are among the subjects' rows (in order)."""
        order, ends = self._grouping(subjects)
        a, b = (int(ends[c - 1]) if c else 0), int(ends[c])
        if a == b:
            return slice(0, 0)
        first, last = int(order[a]), int(order[b - 1])
        if last - first == b - a - 1:
            return slice(first, last + 1)
        pos = order[a:b]
        return pos, pos.tolist()

    def county(self, ds: Dataset, c: int) -> AuditResult:
        cut: dict[int, tuple[Subjects, Picked]] = {}  # the file's subjects → this county's

        def subjects_of(subjects: Subjects) -> tuple[Subjects, Picked]:
            got = cut.get(id(subjects))
            if got is None:
                got = cut[id(subjects)] = (self._cut(subjects, c), self._picked(subjects, c))
            return got

        parts: dict[str, Subjects] = {s: subjects_of(p)[0] for s, p in self.parts.items()}
        whole = subjects_of(self.whole)[0]
        ctx = Context(ds, self.std, self.year, self.county_env, parts, whole)
        ctx.file, ctx.county_at = self.file, c
        cache = ctx.indicator_cache
        for step in self.steps:
            if step.school is not None:
                for r in step.school:
                    sub, picked = subjects_of(r.parts)
                    if isinstance(picked, slice):  # the usual case, inline: 75,000 a region
                        n = len(r.status)
                        mine = SchoolResult(
                            r.rule,
                            r.stage,
                            sub,
                            r.thresholds[picked],
                            r.values[picked],
                            r.status[picked],
                            r.gap[picked],
                            r.need[picked] if len(r.need) == n else [],
                            r.detail[picked] if len(r.detail) == n else [],
                        )
                    else:
                        mine = _cut_result(r, sub, picked)
                    ctx.school_results.append(mine)
                    if id(r) in self.by_rule:
                        ctx.by_rule[self.by_rule[id(r)]] = mine
            elif step.shared is not None:
                ctx.county_results += map(_copy, step.shared)
            else:
                KINDS[step.rule.kind].evaluate(ctx, step.rule)
            for key in step.indicators:
                if key not in cache:
                    _, picked = subjects_of(self.parts[key[1]])
                    cache[key] = _take_array(self.indicators[key], picked)
        indicators = {k: v for k, v in cache.items() if k[1] in COMPULSORY}
        return AuditResult(
            ds,
            self.std,
            self.year,
            parts,
            indicators,
            ctx.school_results,
            ctx.county_results,
            list(self.excluded[c]),
        )

    def _cut(self, subjects: Subjects, c: int) -> Subjects:
        """County c's rows of the file's subjects, their columns cut from the file's on first
        use (views when the county's rows are together)."""
        picked = self._picked(subjects, c)
        index = self.split.local[_take_array(subjects.index, picked)]
        env = subjects.env

        def build(name: str) -> Column | float | None:
            col: Column | float | None = env[name]  # KeyError for a name it does not know
            return _take_array(col, picked) if isinstance(col, np.ndarray) else col

        share = _take_array(subjects.share, picked)
        out = Subjects(subjects.stage, index.tolist(), FormulaColumns(build), share)
        out.__dict__["index"] = index  # the cached `index`: already an array
        return out


def _copy(result: CountyResult) -> CountyResult:
    """A county's own copy of a result every county shares (copy.copy, at a third the cost)."""
    out = object.__new__(CountyResult)
    out.__dict__.update(result.__dict__)
    return out


def _take_array(values: np.ndarray, picked: Picked) -> np.ndarray:
    return values[picked] if isinstance(picked, slice) else values[picked[0]]


def _take_list(values: list, picked: Picked) -> list:
    if isinstance(picked, slice):
        return values[picked]
    return [values[k] for k in picked[1]]


def _cut_result(r: SchoolResult, parts: Subjects, picked: Picked) -> SchoolResult:
    n = len(r.status)
    return SchoolResult(
        r.rule,
        r.stage,
        parts,
        _take_array(r.thresholds, picked),
        _take_array(r.values, picked),
        _take_list(r.status, picked),
        _take_list(r.gap, picked),
        _take_list(r.need, picked) if len(r.need) == n else [],
        _take_list(r.detail, picked) if len(r.detail) == n else [],
    )
