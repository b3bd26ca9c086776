"""Build the region of a run: one row per county at its latest year, ranked by how far it is
from recognition; the counts per year; the series of counties audited in several years and
what changed in the last; the region's targets judged (results.build). The records are in
results.model, beside the county audit.

How far from recognition (`Distance`), nearest first: recognised counties, then by the rules
failing in the parts that decide the verdict, the failing school parts, how far the failing CVs
are over their limits (summed), and last the rules left undecided (missing data can be filled;
a failing rule has to be fixed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from qbcheck.core.status import FAIL, Verdict
from qbcheck.results.model import (
    VERDICT_RANK,
    VERDICTS,
    Change,
    CountyAudit,
    CountyRow,
    CvMargin,
    Distance,
    Point,
    Region,
    Series,
    Target,
    point_of,
)


def county_key(a: CountyAudit) -> str:
    return a.county.code or a.county.name or str(a.source)


def _distance(a: CountyAudit) -> Distance:
    excess = [
        f.value - f.threshold
        for f in a.cv_findings
        if f.status == FAIL and f.value is not None and f.threshold is not None
    ]
    return Distance(
        a.verdict == "pass",
        len(a.blocking["fail"]),
        len(a.failing_parts),
        math.fsum(excess),
        len(a.blocking["unknown"]),
    )


def _margins(a: CountyAudit) -> dict[str, CvMargin]:
    out: dict[str, CvMargin] = {}
    for f in a.cv_findings:
        if f.value is None or f.threshold is None or f.stage is None:
            continue
        m = CvMargin(
            f.rule.id,
            f.rule.indicator.key if f.rule.indicator else None,
            f.value,
            f.threshold,
            f.threshold - f.value,
        )
        if f.stage not in out or m.margin < out[f.stage].margin:
            out[f.stage] = m
    return out


def _plan(a: CountyAudit, planned: int | None, as_of: int) -> str:
    if planned is None:
        return "none"
    if a.verdict == "pass":
        return "ready"
    if as_of >= planned:
        return "behind"
    return "at-risk" if a.verdict == "fail" else "undecided"


def _changes(before: Point, after: Point, decimals: int) -> tuple[Change, ...]:
    """What moved from one year to the next, compared as printed (CVs at the standard's
    decimals), so a change a report cannot show is no change."""
    out: list[Change] = []
    rb, ra = VERDICT_RANK[before.verdict], VERDICT_RANK[after.verdict]
    if rb != ra:
        out.append(Change("verdict", None, None, before.verdict, after.verdict, ra < rb))
    for (rid, stage), now in after.cvs.items():
        then = before.cvs.get((rid, stage))
        if now is None or then is None:
            continue
        if round(now, decimals) != round(then, decimals):
            out.append(Change("cv", rid, stage, then, now, now < then))
    if before.failing_parts != after.failing_parts:
        better = after.failing_parts < before.failing_parts
        out.append(
            Change("failing_parts", None, None, before.failing_parts, after.failing_parts, better)
        )
    return tuple(out)


def _year_order(a: CountyAudit) -> int:
    return a.county.year if a.county.year is not None else -1


def build_region(
    audits: Sequence[CountyAudit],
    as_of: int,
    targets_of: Callable[[list[CountyAudit]], list[Target]],
) -> Region:
    """The region of a run's county audits (any order, several years per county allowed);
    `targets_of` judges the region's rules over each county's latest audit, in the order the
    counties first come."""
    by_county: dict[str, list[CountyAudit]] = {}
    for a in audits:
        by_county.setdefault(county_key(a), []).append(a)
    latest: list[tuple[str, CountyAudit, Series | None, Distance]] = []
    for key, group in by_county.items():
        group = sorted(group, key=_year_order)
        last = group[-1]
        series = None
        if len(group) > 1:
            points = tuple(point_of(a) for a in group)
            changes = _changes(points[-2], points[-1], last.standard.cv_decimals)
            series = Series(key, last.county.name, last.county.code, points, changes, tuple(group))
        latest.append((key, last, series, _distance(last)))
    targets = targets_of([a for _, a, _, _ in latest])
    latest.sort(key=lambda x: (x[3].key(), x[0]))
    rows = [
        CountyRow(
            rank,
            key,
            a,
            distance,
            _margins(a),
            a.county.planned_year,
            _plan(a, a.county.planned_year, as_of),
            series,
        )
        for rank, (key, a, series, distance) in enumerate(latest, start=1)
    ]
    years = sorted({a.county.year for a in audits if a.county.year is not None})
    by_year: dict[int | None, dict[Verdict, int]] = {}
    for a in audits:
        counts = by_year.setdefault(a.county.year, dict.fromkeys(VERDICTS, 0))
        counts[a.verdict] += 1
    first = audits[0]
    return Region(
        rows=rows,
        years=tuple(years),
        year=years[-1] if years else None,
        as_of=as_of,
        targets=targets,
        by_year=dict(sorted(by_year.items(), key=lambda kv: -1 if kv[0] is None else kv[0])),
        regime=first.standard.regime,
        audits=len(audits),
    )
