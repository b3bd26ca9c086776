"""The mean of several indicators' coefficients of variation, per stage, at most a limit: the
2012 basic-balance composite (综合差异系数).

Each indicator's CV is computed as `cv_limit` computes it; the rule judges their plain mean, and
its findings carry each single CV (the reports list them).

Options:

- `indicators`: the indicators' keys (each of level `part`);
- `limit`: the highest mean CV allowed, per stage (`{primary: 0.65, junior: 0.55}`).

```yaml
- id: BB.cv
  kind: cv_mean
  part: E
  indicators: [E1, E2, E3, E4, E5, E6, E7, E8]
  limit: {primary: 0.65, junior: 0.55}
```

Missing data: a stage is *unknown* as soon as one of the CVs is (a school part without a value,
no parts, a mean of 0); the reason names the indicators whose CV could not be computed, and the
CVs that could be are still reported.

`rules show` prints each indicator with its formula and unit, and the limit per stage:
`小学 差异系数平均值 ≤ 0.65；初中 差异系数平均值 ≤ 0.55`.
"""

from __future__ import annotations

import math
from typing import Literal

from qbcheck.core.messages import Lang, Phrase, t
from qbcheck.core.status import FAIL, PASS, UNKNOWN
from qbcheck.kinds.base import EPS, Context, Problems, RuleBase, per_stage
from qbcheck.kinds.outcome import CountyResult
from qbcheck.model.fields import COMPULSORY
from qbcheck.rules.standards import ByStage, Standard, StandardBase, indicator_problems

# Its findings carry the stage's number of school parts and pupils (and each single CV).
SPREAD = True


class CvMean(RuleBase):
    """The 2012 composite: the mean of several indicators' CVs against one limit per stage."""

    kind: Literal["cv_mean"]
    indicators: list[str]
    limit: ByStage

    def indicator_keys(self) -> tuple[str, ...]:
        return tuple(self.indicators)


RULE = CvMean


def check(model: StandardBase, rule: CvMean) -> Problems:
    yield from indicator_problems(model, dict.fromkeys(rule.indicators, ("part",)))


def evaluate(ctx: Context, rule: CvMean) -> None:
    for stage in COMPULSORY:
        limit = rule.limit.get(stage)
        if limit is not None:
            ctx.county_results.append(_cv_mean(ctx, rule, stage, limit))


def _cv_mean(ctx: Context, rule: CvMean, stage: str, limit: float) -> CountyResult:
    parts = ctx.parts[stage]
    components: dict[str, float | None] = {}
    reasons: list[str] = []
    pupils = 0.0
    for key in rule.indicators:
        stats, reason, pupils = ctx.weighted(key, stage)
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
    mean = math.fsum(components.values()) / len(components)  # type: ignore[arg-type]  # none is None here
    ok = mean <= limit * (1 + EPS)
    return CountyResult(
        rule,
        stage,
        PASS if ok else ctx.risk(rule, FAIL),
        mean,
        limit,
        None,
        len(parts),
        pupils,
        None if ok else mean - limit,
        components=components,
    )


def describe(rule: CvMean, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    text = per_stage(rule.limit, lang, lambda v: t("show.cv_mean", lang, limit=f"{v:.2f}"))
    return [(t("show.limit", lang), text)]
