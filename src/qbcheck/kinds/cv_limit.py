"""The county's inter-school coefficient of variation (差异系数) of one indicator, per stage,
at most a limit.

The CV is enrolment-weighted over the stage's school parts in scope (X̄ = ΣPᵢXᵢ / ΣP,
S = √(Σ (Pᵢ/ΣP)(Xᵢ − X̄)²), CV = S / X̄), at full precision; ties at the limit pass. A failing CV
names the school parts that move it most: each one's share of the weighted variance and the CV
the county would have without it.

Options:

- `indicator`: the indicator's key (level `part`);
- `limit`: the highest CV allowed, per stage (`{primary: 0.50, junior: 0.45}`; a stage left out
  is not judged).

```yaml
- id: QB.A1.cv
  kind: cv_limit
  indicator: A1
  limit: {primary: 0.50, junior: 0.45}
```

Missing data: one school part without the indicator's value (or its pupils) makes the stage's CV
*unknown*, naming the first few such schools: a CV over part of the county is not the county's.
A stage without school parts, or with a mean of 0, is unknown too.

`rules show` prints the indicator, its formula and unit, and the limit per stage:
`小学 CV ≤ 0.50；初中 CV ≤ 0.45`.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from qbcheck.core.messages import Lang, t
from qbcheck.core.stats import exact_sum, weighted_cv
from qbcheck.core.status import FAIL, PASS, UNKNOWN
from qbcheck.kinds.base import EPS, Context, Problems, RuleBase, per_stage
from qbcheck.kinds.outcome import CountyResult, Driver
from qbcheck.model.fields import COMPULSORY
from qbcheck.rules.standards import ByStage, Standard, StandardBase, indicator_problems

# Its findings carry the stage's mean, number of school parts and pupils.
SPREAD = True


class CvLimit(RuleBase):
    kind: Literal["cv_limit"]
    indicator: str
    limit: ByStage

    def indicator_keys(self) -> tuple[str, ...]:
        return (self.indicator,)


RULE = CvLimit


def check(model: StandardBase, rule: CvLimit) -> Problems:
    yield from indicator_problems(model, {rule.indicator: ("part",)})


def evaluate(ctx: Context, rule: CvLimit) -> None:
    for stage in COMPULSORY:
        limit = rule.limit.get(stage)
        if limit is not None:
            ctx.county_results.append(_cv(ctx, rule, stage, limit))


def _cv(ctx: Context, rule: CvLimit, stage: str, limit: float) -> CountyResult:
    parts = ctx.parts[stage]
    values = ctx.indicator(rule.indicator, stage)
    stats, reason, pupils = ctx.weighted(rule.indicator, stage)
    if stats is None:
        return CountyResult(
            rule, stage, UNKNOWN, None, limit, None, len(parts), pupils, reason=reason
        )
    ok = stats.cv <= limit * (1 + EPS)  # type: ignore[operator]  # cv is set: weighted() gives no stats without
    result = CountyResult(
        rule,
        stage,
        PASS if ok else ctx.risk(rule, FAIL),
        stats.cv,
        limit,
        stats.mean,
        stats.n,
        stats.weight,
        None if ok else stats.cv - limit,  # type: ignore[operator]  # cv is set (above)
    )
    if not ok:
        result.drivers = cv_drivers(values, parts.env["pupils"], parts.school)
    return result


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


def describe(rule: CvLimit, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    return [(t("show.limit", lang), per_stage(rule.limit, lang, lambda v: f"CV ≤ {v:.2f}"))]
