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

from qbcheck.core.status import (
    AT_RISK,
    ATTESTED,
    FAIL,
    PASS,
    UNKNOWN,
    WAIVABLE,
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
