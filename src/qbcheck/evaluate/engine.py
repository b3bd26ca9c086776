"""Evaluate a standard's rules over a dataset, column-wise, into results with a status each.

Statuses: pass, fail, unknown (with the reason), attested (a declaration to be verified on site,
never a measured pass) and at-risk (a target not met yet whose year has not come). Every result
keeps its value, threshold and gap. The verdict: fail if any part fails or a veto applies,
unknown if anything required is missing, else pass. How each rule is judged is its kind's
(`qbcheck.kinds.<kind>.evaluate`); this module builds what they share and runs them in order.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from qbcheck.core import exitcodes
from qbcheck.core.status import (
    AT_RISK,
    ATTESTED,
    FAIL,
    PASS,
    UNKNOWN,
    Status,
    worst,
)
from qbcheck.kinds import KINDS, evaluation_order
from qbcheck.kinds.base import Context
from qbcheck.kinds.outcome import CountyResult, SchoolResult
from qbcheck.model.dataset import Dataset
from qbcheck.model.fields import COMPULSORY
from qbcheck.rules.formula import Column
from qbcheck.rules.scope import (
    Excluded,
    Subjects,
    county_env,
    in_scope,
    stage_parts,
    whole_schools,
)
from qbcheck.rules.standards import Standard
from qbcheck.rules.waivers import WAIVABLE, Waivers

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
    """Every rule of the standard by its kind, in the registry's order (a rule after the rules
    whose results it combines)."""
    year = as_of or ds.county.year or _dt.date.today().year
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
