"""Each school stage part meets at least `k` of several school_threshold rules, and misses none
by much: every rule it misses it still reaches at `floor` × its threshold.

The 2017 standard's 7 resource indicators are judged so: a school part meets the standard as a
whole with 6 of the 7, the seventh at ≥ 85% of its threshold. The members are judged first, by
their own rules; this rule combines their outcomes, stage by stage. A member that does not apply
to a school (its `where:` leaves the school out) is not counted against it.

Options:

- `of`: the ids of the member rules (each a `school_threshold`);
- `k`: how many of them a school part must meet (at least 1);
- `floor`: the fraction of its threshold a missed member must still reach (0 to 1).

```yaml
- id: QB.A.school
  kind: school_k_of_n
  of: [QB.A1, QB.A2, QB.A3, QB.A4, QB.A5, QB.A6, QB.A7]
  k: 6
  floor: 0.85
```

Missing data: a part that already misses too many members, or one below the floor, fails
whatever the undecided members would give; otherwise a member left *unknown* makes the part
unknown, and the reason names the undecided rules. Selecting the rule (`--select`) selects its
members too.

`rules show` prints the members, `k` of their number and the floor: `at least 6 of the 7 rules
… met, each missed one at ≥ 85% of its threshold`.
"""

from __future__ import annotations

from itertools import repeat
from typing import Literal

import numpy as np
from pydantic import Field

from qbcheck.core.messages import Lang, Phrase, t
from qbcheck.core.status import AT_RISK, FAIL, PASS, UNKNOWN, Status
from qbcheck.kinds.base import Context, Problems, RuleBase
from qbcheck.kinds.outcome import SchoolResult
from qbcheck.kinds.school_threshold import SchoolThreshold
from qbcheck.model.fields import COMPULSORY
from qbcheck.rules.scope import Subjects
from qbcheck.rules.standards import Standard, StandardBase


class SchoolKofN(RuleBase):
    kind: Literal["school_k_of_n"]
    of: list[str]
    k: int = Field(ge=1)
    floor: float = Field(ge=0, le=1)  # the rest must reach this fraction of their threshold

    def requires(self) -> tuple[str, ...]:
        return tuple(self.of)


ROWS = True  # each row's verdict is its members' verdicts on that row
RULE = SchoolKofN


def check(model: StandardBase, rule: SchoolKofN) -> Problems:
    """Every member is a school_threshold rule of the standard (E207 at the rule's line)."""
    rules = {r.id: r for r in model.rules}
    for ref in rule.of:
        if not isinstance(rules.get(ref), SchoolThreshold):
            yield "E207", {"name": ref}, "id"


def evaluate(ctx: Context, rule: SchoolKofN) -> None:
    for stage in COMPULSORY:
        members = [ctx.by_rule[(r, stage)] for r in rule.of if (r, stage) in ctx.by_rule]
        if members:
            res = _k_of_n(rule, ctx.parts[stage], members)
            res.status = ctx.risks(rule, res.status)
            ctx.school_results.append(res)


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


def describe(rule: SchoolKofN, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    text = t(
        "show.k_of_n",
        lang,
        rules=", ".join(rule.of),
        k=rule.k,
        n=len(rule.of),
        floor=f"{rule.floor * 100:g}",
    )
    return [(t("show.threshold", lang), text)]
