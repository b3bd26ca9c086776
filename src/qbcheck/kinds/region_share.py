"""A region's target: the share, or number, of its counties whose verdict is 达到 (recognised),
by a target year; or that named counties are recognised by then.

A city or province sets such targets (Liaocheng: at least 60% of its 8 counties at quality
balance by 2027, all 8 by 2030, 茌平区 and 东阿县 first). The rule is judged once per run over the
counties audited, each at its latest year in the run, when the run holds more than one county;
a single county's audit leaves region rules out. Region rules do not decide any county's
verdict; they enter the exit code like any other rule.

Options:

- `share`: the least share of the counties counted that must be recognised (0–1);
- `count`: the least number of them (with `share`, both must hold);
- `counties`: the counties it counts, by name or code (default: every county of the region);
- `total`: how many counties the region has; counties not in the run then count as not
  decided (default: the counties audited).

```yaml
- id: LC.R1
  kind: region_share
  part: R
  share: 0.60
  count: 5
  total: 8
  target_year: 2027
- id: LC.R3
  kind: region_share
  part: R
  counties: [茌平区, 东阿县]
  share: 1.0
  target_year: 2025
```

Missing data: a county whose verdict is undecided (or partial under a rule selection), or a
named or counted county not in the run, may still be recognised: while the recognised ones are
too few but the undecided ones could make up the difference, the rule is *unknown*. Too few even
if every undecided county were recognised fails, or is *at risk* before the target year.

`rules show` prints what it counts and the least share or number: `≥ 60%（至少 5 个）`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field

from qbcheck.core.messages import Joined, Lang, Phrase, t
from qbcheck.core.status import AT_RISK, FAIL, PASS, UNKNOWN, Status
from qbcheck.kinds.base import Context, Problems, RuleBase
from qbcheck.kinds.outcome import CountyState, RegionOutcome
from qbcheck.model.fields import normalise  # names and codes whatever the width or spacing
from qbcheck.rules.standards import Standard, StandardBase

REGION = True  # judged over the counties of a run, never inside one county's audit


class RegionShare(RuleBase):
    """Enough counties of the region recognised by the target year."""

    kind: Literal["region_share"]
    share: Annotated[float, Field(ge=0, le=1)] | None = None
    count: Annotated[int, Field(ge=1)] | None = None
    counties: list[str] = Field(default_factory=list)
    total: Annotated[int, Field(ge=1)] | None = None


RULE = RegionShare


def check(model: StandardBase, rule: RegionShare) -> Problems:
    if rule.share is None and rule.count is None:
        yield "E210", {"detail": Phrase("R40")}, "share"
    if rule.counties and rule.total is not None:
        yield "E210", {"detail": Phrase("R41")}, "total"
    if rule.total is not None and rule.count is not None and rule.count > rule.total:
        detail = Phrase("R42", {"count": rule.count, "total": rule.total})
        yield "E210", {"detail": detail}, "count"
    if rule.counties and rule.count is not None and rule.count > len(rule.counties):
        detail = Phrase("R42", {"count": rule.count, "total": len(rule.counties)})
        yield "E210", {"detail": detail}, "count"


def evaluate(ctx: Context, rule: RegionShare) -> None:
    """Nothing inside one county: a region rule is judged over the run's counties (`judge`)."""


def _name(c: CountyState) -> str:
    return c.name or c.code or "?"


def judge(rule: RegionShare, counties: Sequence[CountyState], year: int) -> RegionOutcome:
    """The rule over the run's counties (one state per county, its latest year), in `year`."""
    if rule.counties:
        index: dict[str, CountyState] = {}
        for c in counties:
            for k in (c.name, c.code):
                if k:
                    index.setdefault(normalise(k), c)
        counted = [index[normalise(n)] for n in rule.counties if normalise(n) in index]
        missing = tuple(n for n in rule.counties if normalise(n) not in index)
        total = len(rule.counties)
    else:
        counted = list(counties)
        total = max(rule.total or 0, len(counted))
        missing = ()
    absent = total - len(counted)  # counties the region has that the run does not hold
    recognised = [c for c in counted if c.verdict == "pass"]
    undecided = sum(1 for c in counted if c.verdict in ("unknown", "partial")) + absent
    needed = max(
        math.ceil(rule.share * total - 1e-9) if rule.share is not None else 0,
        rule.count or 0,
    )
    got = len(recognised)
    short = tuple(_name(c) for c in counted if c.verdict != "pass")
    status: Status
    reason: Phrase | None = None
    if got >= needed:
        status = PASS
    elif got + undecided >= needed:
        status = UNKNOWN
        reason = Phrase("G01", {"n": undecided, "short": needed - got})
    else:
        status = FAIL
        if rule.target_year is not None and year < rule.target_year:
            status = AT_RISK
    if missing:
        reason = Phrase("G02", {"names": Joined(missing)})
    return RegionOutcome(
        status=status,
        recognised=got,
        needed=needed,
        total=total,
        undecided=undecided,
        share=got / total if total else None,
        reason=reason,
        recognised_names=tuple(_name(c) for c in recognised),
        missing_names=missing,
        short_names=short,
    )


def describe(rule: RegionShare, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    counted = (
        Joined(tuple(rule.counties)).render(lang)
        if rule.counties
        else t("show.region.all", lang, total=rule.total or "—")
    )
    parts = []
    if rule.share is not None:
        parts.append(f"≥ {rule.share:.0%}")
    if rule.count is not None:
        parts.append(t("show.region.count", lang, n=rule.count))
    return [
        (t("show.threshold", lang), t("show.region.threshold", lang, what=" ".join(parts))),
        (t("show.region.counted", lang), counted),
    ]
