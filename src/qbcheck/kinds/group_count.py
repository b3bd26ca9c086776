"""Every group of schools (e.g. each township) has at least `min` schools matching `having`.

The schools in scope (and in the rule's `where:`) are grouped by a word column; each group is a
finding of its own: it passes with `min` schools that match `having`, fails with fewer. Liaocheng's
"a junior school in every township" is `group_by: township`, `having: {has_stage: [junior]}`.

Options:

- `group_by`: the word column to group by (`township`, `locale`, `school_type`, `ownership`,
  `boarding`);
- `having`: a filter as `where:` writes one: a word column or `has_stage` to a list of words, a
  numeric whole-school name to a range (`{min: 100, below: 200}`);
- `min`: the fewest matching schools a group needs (at least 1).

```yaml
- id: LC.T2
  kind: group_count
  part: L
  where: {locale: [镇区, 乡村]}
  group_by: township
  having: {has_stage: [junior]}
  min: 1
```

Missing data: a file without the `group_by` column makes the rule *unknown*; schools whose group
cell is blank are listed in one unknown finding (they belong to no group); a group that could
reach `min` only with schools whose `having` cells are blank is unknown.

`rules show` prints the group, the filter and the minimum,
`每个乡镇中满足 设有学段 ∈ {初中} 的学校 ≥ 1 所`, and the rule's own `where:` under 适用.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qbcheck.core.messages import Lang, Phrase, t
from qbcheck.core.status import AT_RISK, FAIL, PASS, UNKNOWN, Status
from qbcheck.kinds.base import Context, Problems, RuleBase, column_name, filter_text
from qbcheck.kinds.outcome import CountyResult
from qbcheck.model.fields import FIELDS_BY_KEY, LABELS
from qbcheck.rules.scope import matches, subset
from qbcheck.rules.standards import Standard, StandardBase, WhereValue, where_problems


class GroupCount(RuleBase):
    """Every group (e.g. township) has at least `min` schools matching `having`."""

    kind: Literal["group_count"]
    group_by: str
    having: dict[str, WhereValue]
    min: int = Field(ge=1)

    def input_keys(self) -> tuple[str, ...]:
        return (self.group_by, *self.having)


RULE = GroupCount


def check(model: StandardBase, rule: GroupCount) -> Problems:
    if rule.group_by not in LABELS:
        yield "E210", {"detail": Phrase("R21", {"name": rule.group_by})}, "group_by"
    for key, value in rule.having.items():
        yield from where_problems(key, value, "having")


def evaluate(ctx: Context, rule: GroupCount) -> None:
    ds = ctx.ds
    if rule.group_by in ds.absent:
        heading = FIELDS_BY_KEY[rule.group_by].heading
        ctx.county_results.append(
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
    inside = matches(ds, ctx.whole, rule.where)
    population = subset(ctx.whole, inside)
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
            status = ctx.risk(rule, FAIL)
        ctx.county_results.append(
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
        ctx.county_results.append(
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


def describe(rule: GroupCount, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    group = column_name(rule.group_by, lang)
    having = filter_text(rule.having, lang)
    text = t("show.group_count", lang, group=group, min=rule.min, having=having)
    return [(t("show.threshold", lang), text)]
