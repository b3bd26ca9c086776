"""Each school part's value of an indicator, or each school's, against a threshold.

An indicator of level `part` is judged for every school stage part of each stage the threshold
names; one of level `school` once per school, against one number or a number per school type.
Ties at `>=` and `<=` pass at full precision.

Options:

- `indicator`: the indicator's key (level `part` or `school`);
- `op`: `>=` (the default), `<=`, `>` or `<`;
- `threshold`: per stage for a part-level indicator (`{primary: 4.2, junior: 5.3}`; a stage left
  out is not judged), one number for a school-level one;
- `threshold_by_type`: instead of `threshold`, for a school-level indicator: a number per school
  type; a school of a type not listed is not judged by the rule.

```yaml
- id: QB.A1
  kind: school_threshold
  indicator: A1
  op: ">="
  threshold: {primary: 4.2, junior: 5.3}
- id: QB.B4
  kind: school_threshold
  indicator: B4              # level: school
  op: "<="
  threshold_by_type: {小学: 2000, 初级中学: 2000, 九年一贯制学校: 2500}
```

Missing data: a school whose formula needs a blank cell (or a county figure not given) is
*unknown*, and the reason names the cells to fill; a column the file lacks makes every school
unknown for that one reason. A failing school gets its gap and, when the indicator has a
`remedy`, how much of that input closes it.

`rules show` prints the indicator, its formula and unit, and the threshold with its comparison:
per stage (`小学 ≥ 4.2；初中 ≥ 5.3`), per school type (`小学 ≤ 2000；…`) or one number for every
school (`每所学校 ≥ 1`); a share is shown as a percentage.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import model_validator

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import Status
from qbcheck.kinds.base import (
    EPS,
    SIGNS,
    WORDS,
    Context,
    Problems,
    RuleBase,
    number,
    per_stage,
    remedies,
    sparse,
)
from qbcheck.kinds.outcome import SchoolResult
from qbcheck.model.fields import COMPULSORY, SCHOOL_TYPES
from qbcheck.rules.formula import Formula
from qbcheck.rules.scope import Subjects, matches, subset
from qbcheck.rules.standards import (
    ByStage,
    Op,
    Standard,
    StandardBase,
    indicator_problems,
    stages_problems,
)


class SchoolThreshold(RuleBase):
    kind: Literal["school_threshold"]
    indicator: str
    op: Op = ">="
    threshold: ByStage | float | None = None
    threshold_by_type: dict[str, float] | None = None  # whole-school rules: by school type

    @model_validator(mode="after")
    def _one_threshold(self) -> SchoolThreshold:
        if (self.threshold is None) == (self.threshold_by_type is None):
            raise ValueError("give either threshold or threshold_by_type")
        for name in self.threshold_by_type or {}:
            if name not in SCHOOL_TYPES:
                raise ValueError(f"unknown school type '{name}'")
        return self

    def indicator_keys(self) -> tuple[str, ...]:
        return (self.indicator,)


ROWS = True  # each school part (or school) is judged from its own row
RULE = SchoolThreshold


def check(model: StandardBase, rule: SchoolThreshold) -> Problems:
    yield from indicator_problems(model, {rule.indicator: ("part", "school")})
    if rule.indicator in model.indicators:
        stages = model.indicators[rule.indicator].level == "part"
        yield from stages_problems(stages, rule.threshold)


def evaluate(ctx: Context, rule: SchoolThreshold) -> None:
    ind = ctx.std.model.indicators[rule.indicator]
    formula = ctx.std.formulas[rule.indicator]
    if ind.level == "part":
        assert isinstance(rule.threshold, ByStage)
        for stage in COMPULSORY:
            thr = rule.threshold.get(stage)
            if thr is None:
                continue
            values = ctx.indicator(rule.indicator, stage)
            keep = matches(ctx.ds, ctx.parts[stage], rule.where)
            subjects = subset(ctx.parts[stage], keep)
            if rule.where:
                values = values[[k is not False for k in keep]]
            res = _compare(ctx, rule, subjects, values, np.full(len(values), thr), formula)
            ctx.undecided(res, keep, rule.where)
            ctx.school_results.append(res)
            ctx.by_rule[(rule.id, stage)] = res
        return
    keep = matches(ctx.ds, ctx.whole, rule.where)
    subjects = subset(ctx.whole, keep)
    if rule.where:
        keep = [k for k in keep if k is not False]
    if isinstance(rule.threshold, float | int):
        thresholds = np.full(len(subjects), float(rule.threshold))
    else:
        by_type = rule.threshold_by_type or {}
        types = list(map(ctx.ds.columns["school_type"].__getitem__, subjects.school))
        listed = [by_type.get(t) for t in types]
        if None in listed:  # a school type the rule does not name is not judged by it
            typed = [t is not None for t in listed]
            subjects = subset(subjects, typed)  # type: ignore[arg-type]  # bools: no undecided row
            keep = [k for k, ok in zip(keep, typed, strict=True) if ok]
            listed = [t for t in listed if t is not None]
        thresholds = np.array(listed, dtype=np.float64)
    values = formula.evaluate(subjects.env, len(subjects))
    res = _compare(ctx, rule, subjects, values, thresholds, formula)
    ctx.undecided(res, keep, rule.where)
    ctx.school_results.append(res)
    ctx.by_rule[(rule.id, None)] = res


def _compare(
    ctx: Context,
    rule: SchoolThreshold,
    subjects: Subjects,
    values: np.ndarray,
    thresholds: np.ndarray,
    formula: Formula,
) -> SchoolResult:
    """Judge a whole column at once: NaN is unknown; ties pass (see EPS)."""
    known = ~np.isnan(values)
    if rule.op == ">=":
        ok = values >= thresholds * (1 - EPS * np.sign(thresholds))
    elif rule.op == "<=":
        ok = values <= thresholds * (1 + EPS * np.sign(thresholds))
    elif rule.op == ">":
        ok = values > thresholds
    else:
        ok = values < thresholds
    failing = known & ~ok
    codes = np.where(known, np.where(ok, 0, 1), 2)
    status: list[Status] = WORDS[codes].tolist()
    fails = np.flatnonzero(failing).tolist()
    gap = sparse(len(status), failing, np.abs(values - thresholds))
    if rule.target_year is not None:
        status = ctx.risks(rule, status)
    res = SchoolResult(rule, subjects.stage, subjects, thresholds, values, status, gap)
    res.need = [None] * len(status)
    res.detail = [None] * len(status)
    indicator = ctx.std.model.indicators[rule.indicator]
    if fails and indicator.remedy:
        remedies(formula, subjects, fails, indicator.remedy, res, res.need)
    if not known.all():
        shared = ctx.absent_reason(formula)
        if shared is not None:
            res.detail = sparse(len(status), ~known, shared)
        else:
            for k in np.flatnonzero(~known).tolist():
                res.detail[k] = ctx.missing(subjects, k, formula.names)
    return res


def describe(rule: SchoolThreshold, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    ind = std.model.indicators.get(rule.indicator)
    sign = SIGNS[rule.op]
    sep = "；" if lang == "zh" else "; "
    if isinstance(rule.threshold, ByStage):
        text = per_stage(rule.threshold, lang, lambda v: f"{sign} {number(v, ind)}")
    elif rule.threshold is not None:
        text = t("show.each_school", lang, threshold=f"{sign} {number(rule.threshold, ind)}")
    else:
        by_type = rule.threshold_by_type or {}
        text = sep.join(f"{name} {sign} {number(v, ind)}" for name, v in by_type.items())
    return [(t("show.threshold", lang), text)]
