"""A county figure against a threshold: one value for the county, or one per stage.

The indicator is of level `county`: a formula over the numeric figures of the 县域指标 sheet
(`teacher_pay`, `primary_funding_norm` …, and `as_of_year`), and over the schools in scope with
`sum(…)` and `count(…)`; with `over: parts` it is computed per stage over that stage's parts and
the threshold is then given per stage. Ties at `>=` and `<=` pass at full precision.

Options:

- `indicator`: the indicator's key (level `county`);
- `op`: `>=` (the default), `<=`, `>` or `<`;
- `threshold`: one number, or per stage (`{primary: 1.0, junior: 0.95}`) for an indicator
  `over: parts`.

```yaml
- id: QB.B7
  kind: county_threshold
  part: B
  indicator: B7
  threshold: 6000
- id: QB.C9.gap
  kind: county_threshold
  part: C
  indicator: C9g
  op: "<"
  threshold: 0.15
```

Missing data: a blank county figure the formula needs makes the rule *unknown*, naming the
figure (and its cell in 县域指标); a sum over schools whose inputs are blank, or a division by
zero, makes it unknown too, naming the inputs.

`rules show` prints the indicator, its formula and unit, and the county's figure with its
comparison: `县域 ≥ 6000`, or per stage `小学 ≥ 100%；初中 ≥ 95%` (a share as a percentage).
"""

from __future__ import annotations

from typing import Literal

from qbcheck.core.messages import Joined, Lang, Phrase, t
from qbcheck.core.status import FAIL, PASS, UNKNOWN
from qbcheck.kinds.base import (
    EPS,
    SIGNS,
    Context,
    Problems,
    RuleBase,
    county_blank,
    heading_of,
    number,
    per_stage,
)
from qbcheck.kinds.outcome import CountyResult
from qbcheck.model.fields import COMPULSORY
from qbcheck.rules.formula import Formula
from qbcheck.rules.scope import rows
from qbcheck.rules.standards import (
    ByStage,
    Op,
    Standard,
    StandardBase,
    indicator_problems,
    stages_problems,
)


class CountyThreshold(RuleBase):
    kind: Literal["county_threshold"]
    indicator: str
    op: Op = ">="
    threshold: ByStage | float

    def indicator_keys(self) -> tuple[str, ...]:
        return (self.indicator,)


RULE = CountyThreshold


def check(model: StandardBase, rule: CountyThreshold) -> Problems:
    yield from indicator_problems(model, {rule.indicator: ("county",)})
    if rule.indicator in model.indicators:
        stages = model.indicators[rule.indicator].over == "parts"
        yield from stages_problems(stages, rule.threshold)


def shared(rule: CountyThreshold, std: Standard) -> bool:
    """A formula over county figures alone (no sum or count over schools) is the same for
    every county of a file."""
    return not std.formulas[rule.indicator].aggregates


def evaluate(ctx: Context, rule: CountyThreshold) -> None:
    ind = ctx.std.model.indicators[rule.indicator]
    formula = ctx.std.formulas[rule.indicator]
    targets: list[tuple[str | None, float | None]]
    if isinstance(rule.threshold, ByStage):
        targets = [(s, rule.threshold.get(s)) for s in COMPULSORY]
    else:
        targets = [(None, float(rule.threshold))]
    for stage, thr in targets:
        if thr is None:
            continue
        over = stage if (stage and ind.over == "parts") else None
        if not formula.aggregates:
            aggregate = None
        elif ctx.file is not None:  # a county of a file: its sums, made for every county
            aggregate = ctx.file.rows(formula, over, ctx.county_at)
        else:
            aggregate = rows(ctx.ds, ctx.whole if over is None else ctx.parts[over])
        value = formula.value(ctx.county, aggregate)
        if value is None:
            reason = _county_missing(ctx, formula)
            ctx.county_results.append(CountyResult(rule, stage, UNKNOWN, None, thr, reason=reason))
            continue
        ok = _holds(value, rule.op, thr)
        ctx.county_results.append(
            CountyResult(
                rule,
                stage,
                PASS if ok else ctx.risk(rule, FAIL),
                value,
                thr,
                gap=None if ok else abs(value - thr),
                location=_cells(ctx, formula),
            )
        )


def _cells(ctx: Context, formula: Formula) -> str | None:
    cells = [ctx.ds.figures.cells[n] for n in formula.names if n in ctx.ds.figures.cells]
    return ", ".join(cells) or None


def _county_missing(ctx: Context, formula: Formula) -> Phrase:
    blanks = [
        county_blank(ctx.ds, n)
        for n in formula.names
        if n != "as_of_year" and ctx.county.get(n) is None
    ]
    if blanks:
        return Phrase("U01", {"fields": Joined(tuple(blanks))})
    inner = [heading_of(k) for k in formula.row_names]
    return Phrase("U08", {"fields": "、".join(inner) or "—"})


def _holds(v: float, op: str, t: float) -> bool:
    if op == ">=":
        return v >= t * (1 - EPS) if t >= 0 else v >= t
    if op == "<=":
        return v <= t * (1 + EPS) if t >= 0 else v <= t
    if op == ">":
        return v > t
    return v < t


def describe(rule: CountyThreshold, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    ind = std.model.indicators.get(rule.indicator)
    sign = SIGNS[rule.op]
    if isinstance(rule.threshold, ByStage):
        text = per_stage(rule.threshold, lang, lambda v: f"{sign} {number(v, ind)}")
    else:
        text = t("show.county", lang, threshold=f"{sign} {number(rule.threshold, ind)}")
    return [(t("show.threshold", lang), text)]
