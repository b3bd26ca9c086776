"""Evaluate a standard's rules over a dataset, column-wise, into results with a status each.

Statuses: pass, fail, unknown (with the reason), attested (a declaration to be verified on site,
never a measured pass) and at-risk (a target not met yet whose year has not come). Every result
keeps its value, threshold and gap. The verdict: fail if any part fails or a veto applies,
unknown if anything required is missing, else pass.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from qbcheck.core import exitcodes
from qbcheck.core.messages import Joined, Phrase
from qbcheck.core.stats import exact_sum, weighted_cv
from qbcheck.core.status import (
    AT_RISK,
    ATTESTED,
    FAIL,
    PASS,
    UNKNOWN,
    Status,
    worst,
)
from qbcheck.kinds.outcome import CountyResult, Driver, SchoolResult
from qbcheck.model.dataset import Dataset
from qbcheck.model.fields import CLASS_BANDS, COMPULSORY, COUNTY_KEYS_BY_KEY, FIELDS_BY_KEY, Field
from qbcheck.rules.formula import Column, Formula, to_list
from qbcheck.rules.scope import (
    Excluded,
    Subjects,
    county_env,
    in_scope,
    matches,
    rows,
    stage_parts,
    subset,
    whole_schools,
)
from qbcheck.rules.standards import (
    AnyRule,
    Attestation,
    ByStage,
    CountyThreshold,
    CvLimit,
    CvMean,
    GroupCount,
    SchoolClasses,
    SchoolKofN,
    SchoolThreshold,
    Standard,
    Veto,
)
from qbcheck.rules.waivers import WAIVABLE, Waivers

_WORDS = np.array([PASS, FAIL, UNKNOWN], dtype=object)
# Ties are judged at full precision; this only absorbs binary floating-point noise (1e-12
# relative), far below any figure a report shows, so that 21 teachers for 500 pupils is 4.2.
_EPS = 1e-12

__all__ = ["ATTESTED", "AT_RISK", "FAIL", "PASS", "UNKNOWN", "AuditResult", "Excluded", "evaluate"]


@dataclass
class AuditResult:
    dataset: Dataset
    standard: Standard
    as_of: int
    parts: dict[str, Subjects]
    indicators: dict[tuple[str, str], Column]  # (indicator, stage) → values of part indicators
    school_results: list[SchoolResult]
    county_results: list[CountyResult]
    excluded: list[Excluded]
    _rule_status: dict[str, Status] | None = field(default=None, repr=False)
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

    def waived_count(self) -> int:
        return sum(len(r.waived) for r in self.school_results) + sum(
            1 for c in self.county_results if c.waived is not None
        )

    def _statuses(self, unwaived: bool) -> Iterator[tuple[str, Status]]:
        for r in self.school_results:
            if not r.status:
                continue
            if unwaived and r.waived:
                yield r.rule.id, worst({s for k, s in enumerate(r.status) if k not in r.waived})
            else:
                yield r.rule.id, worst(set(r.status))
        for c in self.county_results:
            yield c.rule.id, PASS if unwaived and c.waived is not None else c.status

    def rule_status(self, unwaived: bool = False) -> dict[str, Status]:
        """A rule's worst status over its subjects; rules with no subject are left out. With
        unwaived, findings covered by a waiver do not count (they still show in reports)."""
        if unwaived:
            out: dict[str, Status] = {}
            for rid, status in self._statuses(True):
                out[rid] = worst({out.get(rid, PASS), status})
            return out
        if self._rule_status is None:
            out = {}
            for rid, status in self._statuses(False):
                out[rid] = worst({out.get(rid, PASS), status})
            self._rule_status = out
        return dict(self._rule_status)

    def part_status(self) -> dict[str, Status]:
        """Per part with rules: fail or unknown as its rules; at-risk and attested do not block
        (they are listed apart). A rule that applies to nobody (no school matches its where:)
        is not applicable and does not count."""
        rules = self.rule_status()
        out: dict[str, Status] = {}
        for part in self.standard.model.parts:
            ids = [rid for rid, r in self.standard.rules.items() if r.part == part]
            if not ids:
                continue
            w = worst({rules[rid] for rid in ids if rid in rules})
            out[part] = w if w in (FAIL, UNKNOWN) else PASS
        return out

    def blocking(self) -> dict[str, list[str]]:
        """Rule ids by what they mean for recognition: failing or undecided in a part that
        decides the verdict, failing or undecided elsewhere (city targets), at risk."""
        parts = self.standard.model.parts
        out: dict[str, list[str]] = {"fail": [], "unknown": [], "other": [], "at-risk": []}
        for rid, status in self.rule_status().items():
            deciding = parts[self.standard.rules[rid].part].in_verdict
            if status in (FAIL, UNKNOWN):
                out[status if deciding else "other"].append(rid)
            elif status == AT_RISK:
                out["at-risk"].append(rid)
        return out

    def verdict(self) -> Status:
        """The regime's verdict over the parts that decide it (city targets may not)."""
        parts = self.standard.model.parts
        statuses = {s for p, s in self.part_status().items() if parts[p].in_verdict}
        return FAIL if FAIL in statuses else (UNKNOWN if UNKNOWN in statuses else PASS)

    def exit_code(self, fail_on: str = "unknown") -> int:
        """1 if any rule fails; 3 if any is undecided (unless fail_on is "fail"); with fail_on
        "at-risk", a target not met before its year is 1 too. Attested findings never count."""
        statuses = set(self.rule_status(unwaived=True).values())
        if FAIL in statuses or (fail_on == "at-risk" and AT_RISK in statuses):
            return exitcodes.FAILED
        if UNKNOWN in statuses and fail_on != "fail":
            return exitcodes.UNKNOWN
        return exitcodes.OK


def evaluate(ds: Dataset, std: Standard, as_of: int | None = None) -> AuditResult:
    year = as_of or ds.county.year or _dt.date.today().year
    schools, excluded = in_scope(ds, std)
    county = county_env(ds, year)
    parts = {stage: stage_parts(ds, std, schools, stage, excluded, county) for stage in COMPULSORY}
    whole = whole_schools(ds, schools, county)
    ev = _Evaluator(ds, std, year, county, parts, whole)
    for rule in std.rules.values():
        ev.run(rule)
    for rule in std.rules.values():
        if isinstance(rule, SchoolKofN):
            ev.k_of_n(rule)
    indicators = {k: v for k, v in ev.indicator_cache.items() if k[1] in COMPULSORY}
    return AuditResult(
        ds, std, year, parts, indicators, ev.school_results, ev.county_results, excluded
    )


class _Evaluator:
    def __init__(
        self,
        ds: Dataset,
        std: Standard,
        year: int,
        county: dict[str, float | None],
        parts: dict[str, Subjects],
        whole: Subjects,
    ) -> None:
        self.ds, self.std, self.year, self.county = ds, std, year, county
        self.parts, self.whole = parts, whole
        self.school_results: list[SchoolResult] = []
        self.county_results: list[CountyResult] = []
        self.by_rule: dict[tuple[str, str | None], SchoolResult] = {}
        self.indicator_cache: dict[tuple[str, str], Column] = {}

    # --- helpers --------------------------------------------------------------------------
    def indicator(self, key: str, stage: str) -> Column:
        """Part-level indicator values for every part of a stage (computed once)."""
        if (key, stage) not in self.indicator_cache:
            p = self.parts[stage]
            self.indicator_cache[(key, stage)] = self.std.formulas[key].evaluate(p.env, len(p))
        return self.indicator_cache[(key, stage)]

    def _risk(self, rule: AnyRule, status: Status) -> Status:
        if status == FAIL and rule.target_year is not None and self.year < rule.target_year:
            return AT_RISK
        return status

    def _risks(self, rule: AnyRule, status: list[Status]) -> list[Status]:
        """_risk for a whole column: only a rule with a target year still ahead changes it."""
        if rule.target_year is None or self.year >= rule.target_year or FAIL not in status:
            return status
        return [AT_RISK if s == FAIL else s for s in status]

    def run(self, rule: AnyRule) -> None:
        if isinstance(rule, SchoolThreshold):
            self.school_threshold(rule)
        elif isinstance(rule, SchoolClasses):
            self.school_classes(rule)
        elif isinstance(rule, CvLimit):
            for stage in COMPULSORY:
                limit = rule.limit.get(stage)
                if limit is not None:
                    self.county_results.append(self.cv(rule, stage, limit))
        elif isinstance(rule, CvMean):
            for stage in COMPULSORY:
                limit = rule.limit.get(stage)
                if limit is not None:
                    self.county_results.append(self.cv_mean(rule, stage, limit))
        elif isinstance(rule, CountyThreshold):
            self.county_threshold(rule)
        elif isinstance(rule, Attestation | Veto):
            self.county_results.append(self.declaration(rule))
        elif isinstance(rule, GroupCount):
            self.group_count(rule)

    # --- school rules ---------------------------------------------------------------------
    def school_threshold(self, rule: SchoolThreshold) -> None:
        ind = self.std.model.indicators[rule.indicator]
        formula = self.std.formulas[rule.indicator]
        if ind.level == "part":
            assert isinstance(rule.threshold, ByStage)
            for stage in COMPULSORY:
                thr = rule.threshold.get(stage)
                if thr is None:
                    continue
                values = self.indicator(rule.indicator, stage)
                keep = matches(self.ds, self.parts[stage], rule.where)
                subjects = subset(self.parts[stage], keep)
                if rule.where:
                    values = values[[k is not False for k in keep]]
                res = self._compare(rule, subjects, values, np.full(len(values), thr), formula)
                self._undecided(res, keep, rule.where)
                self.school_results.append(res)
                self.by_rule[(rule.id, stage)] = res
            return
        keep = matches(self.ds, self.whole, rule.where)
        subjects = subset(self.whole, keep)
        if rule.where:
            keep = [k for k in keep if k is not False]
        if isinstance(rule.threshold, float | int):
            thresholds = np.full(len(subjects), float(rule.threshold))
        else:
            by_type = rule.threshold_by_type or {}
            types = list(map(self.ds.columns["school_type"].__getitem__, subjects.school))
            listed = [by_type.get(t) for t in types]
            if None in listed:  # a school type the rule does not name is not judged by it
                typed = [t is not None for t in listed]
                subjects = subset(subjects, typed)  # type: ignore[arg-type]
                keep = [k for k, ok in zip(keep, typed, strict=True) if ok]
                listed = [t for t in listed if t is not None]
            thresholds = np.array(listed, dtype=np.float64)
        values = formula.evaluate(subjects.env, len(subjects))
        res = self._compare(rule, subjects, values, thresholds, formula)
        self._undecided(res, keep, rule.where)
        self.school_results.append(res)
        self.by_rule[(rule.id, None)] = res

    def _compare(
        self,
        rule: SchoolThreshold,
        subjects: Subjects,
        values: np.ndarray,
        thresholds: np.ndarray,
        formula: Formula,
    ) -> SchoolResult:
        """Judge a whole column at once: NaN is unknown; ties pass (see _EPS)."""
        known = ~np.isnan(values)
        if rule.op == ">=":
            ok = values >= thresholds * (1 - _EPS * np.sign(thresholds))
        elif rule.op == "<=":
            ok = values <= thresholds * (1 + _EPS * np.sign(thresholds))
        elif rule.op == ">":
            ok = values > thresholds
        else:
            ok = values < thresholds
        failing = known & ~ok
        codes = np.where(known, np.where(ok, 0, 1), 2)
        status: list[Status] = _WORDS[codes].tolist()
        fails = np.flatnonzero(failing).tolist()
        gap = _sparse(len(status), failing, np.abs(values - thresholds))
        if rule.target_year is not None:
            status = self._risks(rule, status)
        res = SchoolResult(rule, subjects.stage, subjects, thresholds, values, status, gap)
        res.need = [None] * len(status)
        res.detail = [None] * len(status)
        indicator = self.std.model.indicators[rule.indicator]
        if fails and indicator.remedy:
            _remedies(formula, subjects, fails, indicator.remedy, res, res.need)
        if not known.all():
            shared = self._absent_reason(formula)
            if shared is not None:
                res.detail = _sparse(len(status), ~known, shared)
            else:
                for k in np.flatnonzero(~known).tolist():
                    res.detail[k] = self._missing(subjects, k, formula.names)
        return res

    def _undecided(self, res: SchoolResult, keep: list[bool | None], where: dict | None) -> None:
        """Rows a blank in a `where:` column leaves undecided are unknown, with that reason."""
        if not where or None not in keep:
            return
        kept = [k for k in keep if k is not False]
        for k, flag in enumerate(kept):
            if flag is None:
                res.status[k] = UNKNOWN
                res.gap[k] = None
                res.need[k] = None
                res.detail[k] = Phrase("U14", {"fields": ", ".join(where or {})})

    def _absent_reason(self, formula: Formula) -> Phrase | None:
        """When a formula needs a column the file lacks (or a county figure not given), every
        row is unknown for that one reason: build it once, not once per school."""
        blanks: list[str | Phrase] = []
        for n in formula.names:
            if n in COUNTY_KEYS_BY_KEY:
                if self.county.get(n) is None:
                    blanks.append(_county_blank(self.ds, n))
                continue
            keys = [f.key for f in FIELDS_BY_KEY.values() if f.key == n or f.part_name == n]
            absent = [k for k in keys if k in self.ds.absent and FIELDS_BY_KEY[k].stage != "senior"]
            if absent:
                blanks.append(Phrase("U07", {"heading": _heading_of(n)}))
        return Phrase("U01", {"fields": Joined(tuple(blanks))}) if blanks else None

    def _missing(self, subjects: Subjects, k: int, names: tuple[str, ...]) -> Phrase:
        """Name the blank cells behind an unknown, so the officer knows exactly what to fill."""
        ds = self.ds
        i = subjects.school[k]
        blanks: list[str | Phrase] = []
        keys: list[str] = []
        for n in names:
            if n in COUNTY_KEYS_BY_KEY:
                if self.county.get(n) is None:
                    blanks.append(_county_blank(ds, n))
                continue
            f = _field_for(n)
            if f is None:
                continue
            if f.split:
                stages = _stages_of(ds, i)
                keys.append(f.key)
                keys.extend(f"{s}_pupils" for s in stages)
            elif f.stage is None and subjects.stage is not None:
                keys.append(f"{subjects.stage}_{n}")
            else:
                keys.append(f.key if subjects.stage is None else f"{subjects.stage}_{n}")
        stages = _stages_of(ds, i)
        for key in dict.fromkeys(keys):
            if key not in ds.columns or ds.columns[key][i] is not None:
                continue
            stage = FIELDS_BY_KEY[key].stage
            if stage is not None and stage not in stages:
                continue  # a stage the school does not have counts 0, not blank
            heading = ds.headings.get(key) or FIELDS_BY_KEY[key].heading
            if key in ds.absent:
                blanks.append(Phrase("U07", {"heading": heading}))
            else:
                blanks.append(f"{heading} ({ds.cell(key, i)})")
        if not blanks:
            return Phrase("U02", {"detail": ", ".join(names)})
        return Phrase("U01", {"fields": Joined(tuple(blanks))})

    def school_classes(self, rule: SchoolClasses) -> None:
        ds = self.ds
        for stage in COMPULSORY:
            limit = rule.limit.get(stage)
            if limit is None:
                continue
            keep = matches(ds, self.parts[stage], rule.where)
            subjects = subset(self.parts[stage], keep)
            no_data = ds.classes is None and all(
                f"{stage}_{part}" in ds.absent for part, *_ in CLASS_BANDS
            )
            if no_data:  # one reason for every row: no per-row work
                n = len(subjects)
                values: Column = [None] * n
                status: list[Status] = [UNKNOWN] * n
                gap: Column = [None] * n
                need: Column = [None] * n
                detail: list[Phrase | None] = [Phrase("U12", {"sheet": "班级"})] * n
            else:
                values, status, gap, need, detail = self._class_rows(rule, subjects, stage, limit)
            res = SchoolResult(
                rule,
                stage,
                subjects,
                np.full(len(values), float(limit)),
                np.array(values, dtype=np.float64),
                status,
                gap,
                need,
                detail,
            )
            self._undecided(res, keep, rule.where)
            self.school_results.append(res)
            self.by_rule[(rule.id, stage)] = res

    def _class_rows(
        self, rule: SchoolClasses, subjects: Subjects, stage: str, limit: float
    ) -> tuple[Column, list[Status], Column, Column, list[Phrase | None]]:
        """School by school: the biggest class, the status, gap, classes over the limit, why."""
        values: Column = []
        status: list[Status] = []
        gap: Column = []
        need: Column = []
        detail: list[Phrase | None] = []
        for k, i in enumerate(subjects.school):
            biggest, over, reason = _class_check(self.ds, subjects, k, i, stage, limit)
            values.append(biggest)
            if reason is not None:
                status.append(UNKNOWN)
                gap.append(None)
                need.append(None)
            elif over:
                status.append(self._risk(rule, FAIL))
                gap.append(biggest - limit if biggest is not None else None)
                need.append(float(over))
            else:
                status.append(PASS)
                gap.append(None)
                need.append(None)
            detail.append(
                reason
                if reason is not None
                else (Phrase("D04", {"n": over, "limit": f"{limit:g}"}) if over else None)
            )
        return values, status, gap, need, detail

    def k_of_n(self, rule: SchoolKofN) -> None:
        for stage in COMPULSORY:
            members = [self.by_rule[(r, stage)] for r in rule.of if (r, stage) in self.by_rule]
            if members:
                res = _k_of_n(rule, self.parts[stage], members)
                res.status = self._risks(rule, res.status)
                self.school_results.append(res)

    # --- county rules ---------------------------------------------------------------------
    def cv(self, rule: CvLimit, stage: str, limit: float) -> CountyResult:
        parts = self.parts[stage]
        values = self.indicator(rule.indicator, stage)
        stats, reason, pupils = _weighted(self.ds, parts, values)
        if stats is None:
            return CountyResult(
                rule, stage, UNKNOWN, None, limit, None, len(parts), pupils, reason=reason
            )
        ok = stats.cv <= limit * (1 + _EPS)  # type: ignore[operator]
        result = CountyResult(
            rule,
            stage,
            PASS if ok else self._risk(rule, FAIL),
            stats.cv,
            limit,
            stats.mean,
            stats.n,
            stats.weight,
            None if ok else stats.cv - limit,  # type: ignore[operator]
        )
        if not ok:
            result.drivers = cv_drivers(values, parts.env["pupils"], parts.school)  # type: ignore[arg-type]
        return result

    def cv_mean(self, rule: CvMean, stage: str, limit: float) -> CountyResult:
        parts = self.parts[stage]
        components: dict[str, float | None] = {}
        reasons: list[str] = []
        pupils = 0.0
        for key in rule.indicators:
            stats, reason, pupils = _weighted(self.ds, parts, self.indicator(key, stage))
            components[key] = None if stats is None else stats.cv
            if reason is not None:
                reasons.append(key)
        if reasons or not components:
            reason = Phrase("U06", {"count": len(reasons), "rules": ", ".join(reasons)})
            return CountyResult(
                rule,
                stage,
                UNKNOWN,
                None,
                limit,
                None,
                len(parts),
                pupils,
                reason=reason,
                components=components,
            )
        mean = math.fsum(components.values()) / len(components)  # type: ignore[arg-type]
        ok = mean <= limit * (1 + _EPS)
        return CountyResult(
            rule,
            stage,
            PASS if ok else self._risk(rule, FAIL),
            mean,
            limit,
            None,
            len(parts),
            pupils,
            None if ok else mean - limit,
            components=components,
        )

    def county_threshold(self, rule: CountyThreshold) -> None:
        ind = self.std.model.indicators[rule.indicator]
        formula = self.std.formulas[rule.indicator]
        if isinstance(rule.threshold, ByStage):
            targets = [(s, rule.threshold.get(s)) for s in COMPULSORY]
        else:
            targets = [(None, float(rule.threshold))]
        for stage, thr in targets:
            if thr is None:
                continue
            subjects = self.parts[stage] if (stage and ind.over == "parts") else self.whole
            aggregate = rows(self.ds, subjects) if formula.aggregates else None
            value = formula.value(self.county, aggregate)
            if value is None:
                reason = self._county_missing(formula)
                self.county_results.append(
                    CountyResult(rule, stage, UNKNOWN, None, thr, reason=reason)
                )
                continue
            ok = _holds(value, rule.op, thr)
            self.county_results.append(
                CountyResult(
                    rule,
                    stage,
                    PASS if ok else self._risk(rule, FAIL),
                    value,
                    thr,
                    gap=None if ok else abs(value - thr),
                    location=self._cells(formula),
                )
            )

    def _cells(self, formula: Formula) -> str | None:
        cells = [self.ds.figures.cells[n] for n in formula.names if n in self.ds.figures.cells]
        return ", ".join(cells) or None

    def _county_missing(self, formula: Formula) -> Phrase:
        blanks = [
            _county_blank(self.ds, n)
            for n in formula.names
            if n != "as_of_year" and self.county.get(n) is None
        ]
        if blanks:
            return Phrase("U01", {"fields": Joined(tuple(blanks))})
        inner = [_heading_of(k) for k in formula.row_names]
        return Phrase("U08", {"fields": "、".join(inner) or "—"})

    def declaration(self, rule: Attestation | Veto) -> CountyResult:
        ds = self.ds
        ck = COUNTY_KEYS_BY_KEY[rule.key]
        value = ds.figures.get(rule.key)
        evidence = ds.figures.evidence.get(rule.key)
        cell = ds.figures.cells.get(rule.key)
        if value is None:
            return CountyResult(
                rule,
                None,
                UNKNOWN,
                None,
                None,
                reason=Phrase("U09", {"heading": ck.heading}),
                location=cell,
            )
        if isinstance(rule, Veto):
            status: Status = FAIL if value else ATTESTED
            reason = Phrase("D05", {"heading": ck.heading}) if value else None
        elif not value:
            status, reason = self._risk(rule, FAIL), Phrase("D06", {"heading": ck.heading})
        elif rule.evidence_required and not evidence:
            status, reason = UNKNOWN, Phrase("U10", {"heading": ck.heading})
        else:
            status, reason = ATTESTED, None
        return CountyResult(
            rule,
            None,
            status,
            1.0 if value else 0.0,
            None,
            reason=reason,
            evidence=evidence,
            location=cell,
        )

    def group_count(self, rule: GroupCount) -> None:
        ds = self.ds
        if rule.group_by in ds.absent:
            heading = FIELDS_BY_KEY[rule.group_by].heading
            self.county_results.append(
                CountyResult(
                    rule,
                    None,
                    UNKNOWN,
                    None,
                    float(rule.min),
                    reason=Phrase("U11", {"heading": heading}),
                )
            )
            return
        inside = matches(ds, self.whole, rule.where)
        population = subset(self.whole, inside)
        inside = [k for k in inside if k is not False]
        having = matches(ds, population, rule.having)
        groups: dict[str, list[int]] = {}
        blank: list[str] = []
        words, names = ds.columns[rule.group_by], ds.columns["name"]
        for k, i in enumerate(population.school):
            g = words[i]
            if g is None or inside[k] is None:
                blank.append(f"{names[i]} ({ds.cell('school_id', i)})")
                continue
            groups.setdefault(str(g), []).append(k)
        for g, members in sorted(groups.items()):
            n = sum(1 for k in members if having[k] is True)
            maybe = sum(1 for k in members if having[k] is None)
            if n >= rule.min:
                status: Status = PASS
            elif n + maybe >= rule.min:
                status = UNKNOWN
            else:
                status = self._risk(rule, FAIL)
            self.county_results.append(
                CountyResult(
                    rule,
                    None,
                    status,
                    float(n),
                    float(rule.min),
                    gap=None if status != FAIL and status != AT_RISK else float(rule.min - n),
                    subject=g,
                    scope=rule.group_by,
                    reason=None
                    if status == PASS
                    else Phrase("D07", {"group": g, "n": n, "min": rule.min}),
                )
            )
        if blank:
            self.county_results.append(
                CountyResult(
                    rule,
                    None,
                    UNKNOWN,
                    None,
                    float(rule.min),
                    subject="—",
                    scope=rule.group_by,
                    reason=Phrase("U03", {"count": len(blank), "examples": "、".join(blank[:3])}),
                )
            )


def _heading_of(name: str) -> str:
    """The heading behind a formula name; a stage part's name without its 小学/初中 prefix."""
    f = _field_for(name)
    if f is None:
        return name
    return f.heading[2:] if f.part_name == name and f.stage else f.heading


def _holds(v: float, op: str, t: float) -> bool:
    if op == ">=":
        return v >= t * (1 - _EPS) if t >= 0 else v >= t
    if op == "<=":
        return v <= t * (1 + _EPS) if t >= 0 else v <= t
    if op == ">":
        return v > t
    return v < t


def _stages_of(ds: Dataset, i: int) -> tuple[str, ...]:
    from qbcheck.model.fields import SCHOOL_TYPES

    return SCHOOL_TYPES[ds.columns["school_type"][i]]


def _county_blank(ds: Dataset, key: str) -> str | Phrase:
    ck = COUNTY_KEYS_BY_KEY[key]
    cell = ds.figures.cells.get(key)
    if cell is None:
        return Phrase("U09", {"heading": ck.heading})
    return f"{ck.heading} ({cell})"


def _remedies(
    formula: Formula,
    subjects: Subjects,
    rows: list[int],
    name: str,
    res: SchoolResult,
    need: list[float | None],
) -> None:
    """How much of `name` each failing row must add to close its gap. Formulas are linear in
    it, so one evaluation with `name` raised by 1 gives every row's slope at once."""
    pick = np.array(rows, dtype=np.intp)
    env: dict[str, object] = {}
    for n in {*formula.names, name}:  # only the failing rows: a few percent of the county
        col = subjects.env[n]
        env[n] = col[pick] if isinstance(col, np.ndarray) else col
    base_col = env[name]
    if not isinstance(base_col, np.ndarray):
        return
    env[name] = base_col + 1.0
    bumped = to_list(formula.evaluate(env, len(rows)))
    f = _field_for(name)
    whole = f is not None and f.kind == "count"
    for j, k in enumerate(rows):
        b, v, g = bumped[j], res.value(k), res.gap[k]
        if b is None or v is None or g is None or b == v:
            continue
        amount = abs(g / (b - v))
        need[k] = float(math.ceil(amount - 1e-9)) if whole else amount


# A formula name → its field: a column key, or a stage part's name (its first stage's field).
_NAMED_FIELDS: dict[str, Field] = {}
for _f in FIELDS_BY_KEY.values():
    if _f.part_name:
        _NAMED_FIELDS.setdefault(_f.part_name, _f)
_NAMED_FIELDS.update(FIELDS_BY_KEY)


def _field_for(name: str) -> Field | None:
    return _NAMED_FIELDS.get(name)


def _class_check(
    ds: Dataset, subjects: Subjects, k: int, i: int, stage: str, limit: float
) -> tuple[float | None, int, Phrase | None]:
    """(largest class or band bound, classes over the limit, reason if undecidable)."""
    sid = ds.columns["school_id"][i]
    if ds.classes is not None:
        sizes = ds.classes.sizes.get((sid, stage))
        if not sizes:
            return None, 0, Phrase("U12", {"sheet": ds.classes.sheet})
        return float(max(sizes)), sum(1 for s in sizes if s > limit), None
    over = 0
    biggest: float | None = 0.0
    blanks: list[str] = []
    for part, heading, low, high in CLASS_BANDS:
        n = float(subjects.env[part][k])  # type: ignore[index]
        key = f"{stage}_{part}"
        if n != n:  # NaN: a blank cell
            if high is None or high > limit:
                blanks.append(key)
            continue
        if not n:
            continue
        if high is not None and high <= limit:
            biggest = max(biggest or 0.0, float(high))
            continue
        if low > limit:
            over += int(n)
            biggest = max(biggest or 0.0, float(high if high is not None else low))
            continue
        return None, 0, Phrase("U13", {"band": heading, "limit": f"{limit:g}"})
    if blanks:
        if all(b in ds.absent for b in blanks):
            return None, 0, Phrase("U12", {"sheet": "班级"})
        cells = [
            Phrase("U07", {"heading": FIELDS_BY_KEY[b].heading})
            if b in ds.absent
            else f"{FIELDS_BY_KEY[b].heading} ({ds.cell(b, i)})"
            for b in blanks
        ]
        return None, 0, Phrase("U01", {"fields": Joined(tuple(cells[:3]))})
    return biggest, over, None


def _sparse(n: int, where: np.ndarray, values: object) -> list:
    """A per-row list holding values (an array, or one object for all) where the mask is set
    and None elsewhere, built by numpy rather than row by row."""
    out = np.full(n, None, dtype=object)
    out[where] = values[where] if isinstance(values, np.ndarray) else values
    return out.tolist()


_MET, _MISSED, _BELOW_FLOOR, _UNDECIDED, _NOT_APPLIED = range(5)
_MEMBER_CODE = {FAIL: _MISSED, AT_RISK: _MISSED, UNKNOWN: _UNDECIDED}  # others count as met


def _k_of_n(rule: SchoolKofN, parts: Subjects, members: list[SchoolResult]) -> SchoolResult:
    """At least k of the member rules met and every miss at ≥ floor × its threshold.

    Each row's outcome depends only on which members it met, missed (above or below the floor)
    or left undecided. Rows are grouped by that pattern (a few dozen kinds among 200,000 rows),
    each kind is judged once, and the verdicts are spread back by numpy."""
    rows = len(parts)
    codes = np.empty((rows, len(members)), dtype=np.int8)
    for j, m in enumerate(members):
        own = np.fromiter(map(_MEMBER_CODE.get, m.status, repeat(_MET)), np.int8, len(m.status))
        op = m.rule.op if isinstance(m.rule, SchoolThreshold) else ">="
        with np.errstate(invalid="ignore"):
            if op in (">=", ">"):
                floor_ok = m.values >= rule.floor * m.thresholds
            else:
                floor_ok = m.values * rule.floor <= m.thresholds
        own[(own == _MISSED) & ~floor_ok] = _BELOW_FLOOR
        if m.parts.school is parts.school or m.parts.school == parts.school:
            codes[:, j] = own
        else:  # a member that skips a school (where:) does not apply to it
            pos = {sch: k for k, sch in enumerate(m.parts.school)}
            at = np.array([pos.get(sch, -1) for sch in parts.school], dtype=np.intp)
            codes[:, j] = np.where(at >= 0, own[at] if len(own) else _NOT_APPLIED, _NOT_APPLIED)
    if len(members) <= 27:  # one int64 per row (5**27 < 2**63): a flat sort, not a row sort
        packed = codes.astype(np.int64) @ (5 ** np.arange(len(members), dtype=np.int64))
        first, which = np.unique(packed, return_index=True, return_inverse=True)[1:]
        kinds = codes[first]
    else:
        kinds, which = np.unique(codes, axis=0, return_inverse=True)
    verdicts = [_k_of_n_kind(rule, members, kind.tolist()) for kind in kinds]
    which = which.reshape(-1)
    status, detail, gap, met = (
        np.array([v[field] for v in verdicts] or [None], dtype=object)[which].tolist()
        for field in range(4)
    )
    return SchoolResult(
        rule,
        parts.stage,
        parts,
        np.full(rows, float(rule.k)),
        np.array(met, dtype=np.float64),
        status,
        gap,
        [None] * rows,
        detail,
    )


def _k_of_n_kind(
    rule: SchoolKofN, members: list[SchoolResult], kind: list[int]
) -> tuple[Status, Phrase | None, float | None, float]:
    """The verdict for one pattern of member outcomes: status, detail, gap, members met."""
    pct = round(rule.floor * 100)
    ids = [m.rule.id for m in members]
    missed = [r for r, c in zip(ids, kind, strict=True) if c in (_MISSED, _BELOW_FLOOR)]
    below_floor = [r for r, c in zip(ids, kind, strict=True) if c == _BELOW_FLOOR]
    unknown = [r for r, c in zip(ids, kind, strict=True) if c == _UNDECIDED]
    met = float(kind.count(_MET))
    allowed_misses = len(members) - rule.k
    if len(missed) > allowed_misses or below_floor:
        floor = Phrase("D02", {"rules": ", ".join(below_floor), "pct": pct}) if below_floor else ""
        detail = Phrase("D01", {"n": len(missed), "missed": ", ".join(missed), "floor": floor})
        return FAIL, detail, float(max(len(missed) - allowed_misses, 0)), met
    if unknown:
        return (
            UNKNOWN,
            Phrase("U06", {"count": len(unknown), "rules": ", ".join(unknown)}),
            None,
            met,
        )
    if missed:
        return PASS, Phrase("D03", {"missed": ", ".join(missed), "pct": pct}), None, met
    return PASS, None, None, met


def cv_drivers(
    values: np.ndarray, pupils: np.ndarray, schools: list[int], top: int = 5
) -> list[Driver]:
    """The parts that contribute most to a CV: (P_i/P)(X_i − X̄)² ÷ Σ, largest first, with the CV
    recomputed without each of the top few (what the county would have if that school matched)."""
    # fsum, not np.dot or .sum(): their result depends on the CPU's kernels, and a share is a
    # number the reports print.
    w = pupils / exact_sum(pupils)
    mean = math.fsum((w * values).tolist())
    terms = w * (values - mean) ** 2
    total = math.fsum(terms.tolist())
    if total <= 0:
        return []
    order = np.argsort(-terms, kind="stable")[:top]
    out: list[Driver] = []
    for k in order.tolist():
        keep = np.ones(len(values), dtype=bool)
        keep[k] = False
        without = weighted_cv(values[keep], pupils[keep]).cv if keep.any() else None
        out.append(Driver(schools[k], float(terms[k]) / total, without))
    return out


def _weighted(ds: Dataset, parts: Subjects, values: Column):
    """The weighted CV of a stage's parts, or why it cannot be computed."""
    pupils = parts.env["pupils"]
    if not len(parts):
        return None, Phrase("U04"), 0.0
    missing = np.flatnonzero(np.isnan(values) | np.isnan(pupils)).tolist()  # type: ignore[arg-type]
    if missing:
        known_pupils = exact_sum(pupils[~np.isnan(pupils)])  # type: ignore[index]
        examples = "、".join(
            f"{ds.columns['name'][parts.school[k]]} ({ds.cell('school_id', parts.school[k])})"
            for k in missing[:3]
        )
        return None, Phrase("U03", {"count": len(missing), "examples": examples}), known_pupils
    stats = weighted_cv(values, pupils)  # type: ignore[arg-type]
    if stats.cv is None:
        return None, Phrase("U05"), stats.weight
    return stats, None, stats.weight
