"""Every class of a stage has at most `limit` pupils (大班额).

Judged per school stage part from the 班级 sheet (one row per class) when the workbook has it,
else from the class-size bands of the school sheet (`band_le25` … `band_ge66`: how many classes
of each size). The value is the biggest class (or the upper bound of the biggest band that has
classes); a failing part gets how many classes are over the limit.

Options:

- `limit`: the most pupils a class may have, per stage (`{primary: 45, junior: 50}`; a stage
  left out is not judged).

```yaml
- id: QB.B5
  kind: school_classes
  part: B
  limit: {primary: 45, junior: 50}
```

Missing data: a school with no row in the 班级 sheet, or without the class-size bands, is
*unknown*; so is a band that straddles the limit (`46-50人班数` with a limit of 48) while it
has classes, since the bands cannot tell whether a class in it is over. A blank band that could hold
classes over the limit makes the part unknown, naming the cell.

`rules show` prints the limit per stage: `小学 每个班 ≤ 45 人；初中 每个班 ≤ 50 人`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from qbcheck.core.messages import Joined, Lang, Phrase, t
from qbcheck.core.status import FAIL, PASS, UNKNOWN, Status
from qbcheck.kinds.base import Context, Problems, RuleBase, per_stage
from qbcheck.kinds.outcome import SchoolResult
from qbcheck.model.dataset import Dataset
from qbcheck.model.fields import CLASS_BANDS, COMPULSORY, FIELDS_BY_KEY, SCHOOL_FIELDS
from qbcheck.rules.scope import Subjects, matches, subset
from qbcheck.rules.standards import ByStage, Standard, StandardBase

# The school sheet's class-size bands: what the rule reads when there is no 班级 sheet.
_BANDS = tuple(f.key for f in SCHOOL_FIELDS if f.part_name and f.part_name.startswith("band_"))


class SchoolClasses(RuleBase):
    """Every class of a stage at most `limit` pupils: from the 班级 sheet or the size bands."""

    kind: Literal["school_classes"]
    limit: ByStage

    def input_keys(self) -> tuple[str, ...]:
        return _BANDS


ROWS = True  # each school part is judged from its own row and classes
RULE = SchoolClasses


def check(model: StandardBase, rule: SchoolClasses) -> Problems:
    yield from ()


def evaluate(ctx: Context, rule: SchoolClasses) -> None:
    ds = ctx.ds
    for stage in COMPULSORY:
        limit = rule.limit.get(stage)
        if limit is None:
            continue
        keep = matches(ds, ctx.parts[stage], rule.where)
        subjects = subset(ctx.parts[stage], keep)
        no_data = ds.classes is None and all(
            f"{stage}_{part}" in ds.absent for part, *_ in CLASS_BANDS
        )
        if no_data:  # one reason for every row: no per-row work
            n = len(subjects)
            values: list[float | None] = [None] * n
            status: list[Status] = [UNKNOWN] * n
            gap: list[float | None] = [None] * n
            need: list[float | None] = [None] * n
            detail: list[Phrase | None] = [Phrase("U12", {"sheet": "班级"})] * n
        else:
            values, status, gap, need, detail = _class_rows(ctx, rule, subjects, stage, limit)
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
        ctx.undecided(res, keep, rule.where)
        ctx.school_results.append(res)
        ctx.by_rule[(rule.id, stage)] = res


def _class_rows(
    ctx: Context, rule: SchoolClasses, subjects: Subjects, stage: str, limit: float
) -> tuple[
    list[float | None], list[Status], list[float | None], list[float | None], list[Phrase | None]
]:
    """School by school: the biggest class, the status, gap, classes over the limit, why."""
    values: list[float | None] = []
    status: list[Status] = []
    gap: list[float | None] = []
    need: list[float | None] = []
    detail: list[Phrase | None] = []
    for k, i in enumerate(subjects.school):
        biggest, over, reason = _class_check(ctx.ds, subjects, k, i, stage, limit)
        values.append(biggest)
        if reason is not None:
            status.append(UNKNOWN)
            gap.append(None)
            need.append(None)
        elif over:
            status.append(ctx.risk(rule, FAIL))
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
        n = float(subjects.env[part][k])
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


def describe(rule: SchoolClasses, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    text = per_stage(rule.limit, lang, lambda v: t("show.classes", lang, limit=f"{v:g}"))
    return [(t("show.limit", lang), text)]
