"""From what the rule kinds produced to the one result model: findings, counts, provenance.

This is the only place that looks at the evaluation's own objects; every report reads the model
it builds (`results.model`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from qbcheck import __version__
from qbcheck.core.stats import exact_sum
from qbcheck.core.status import PASS
from qbcheck.evaluate.engine import AuditResult
from qbcheck.kinds import KINDS
from qbcheck.kinds.outcome import CountyResult, CountyState, SchoolResult
from qbcheck.model.dataset import Dataset
from qbcheck.model.fields import COMPULSORY, SCHOOL_FIELDS, canonical_heading
from qbcheck.model.headings import parse, unit_factor
from qbcheck.results.cells import block_fields
from qbcheck.results.model import (
    Citation,
    CountyAudit,
    CountyInfo,
    DataColumn,
    Driver,
    Excluded,
    FileHash,
    Finding,
    IndicatorInfo,
    PartInfo,
    Provenance,
    RuleInfo,
    Run,
    SchoolBlock,
    SchoolTable,
    StageSummary,
    StandardInfo,
    Text,
    Waived,
    WaiverReport,
)
from qbcheck.results.region import Target, build_region
from qbcheck.rules.standards import Standard, display_path
from qbcheck.rules.waivers import Waivers


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention: fixed reports)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


class _Bilingual(Protocol):
    zh: str
    en: str


def _text(t: _Bilingual) -> Text:
    return Text(t.zh, t.en)


def standard_info(std: Standard) -> StandardInfo:
    m = std.model
    indicators = {
        key: IndicatorInfo(
            key,
            _text(ind.name),
            _text(ind.short),
            _text(ind.unit),
            ind.formula,
            ind.decimals,
            ind.percent,
            ind.remedy,
            ind.level,
        )
        for key, ind in m.indicators.items()
    }
    return StandardInfo(
        id=m.id,
        title=_text(m.title),
        regime=_text(m.regime) if m.regime else None,
        document=m.document,
        edition=m.edition,
        chain=tuple(std.chain),
        parts={k: PartInfo(k, Text(p.zh, p.en), p.in_verdict) for k, p in m.parts.items()},
        cv_decimals=m.parameters.cv_decimals,
        indicators=indicators,
    )


def rule_infos(std: Standard, info: StandardInfo) -> dict[str, RuleInfo]:
    out: dict[str, RuleInfo] = {}
    for rid, rule in std.rules.items():
        c = rule.citation
        indicator = getattr(rule, "indicator", None)
        out[rid] = RuleInfo(
            id=rid,
            kind=rule.kind,
            part=rule.part,
            title=_text(rule.title),
            citation=Citation(c.document, c.clause, c.text, c.url),
            confidence=rule.confidence,
            origin=std.rule_origin.get(rid, ""),
            target_year=rule.target_year,
            note=_text(rule.note) if rule.note else None,
            indicator=info.indicators.get(indicator) if isinstance(indicator, str) else None,
            op=getattr(rule, "op", None),
            members=tuple(getattr(rule, "of", ()) or ()),
            k=getattr(rule, "k", None),
            floor=getattr(rule, "floor", None),
            components=tuple(getattr(rule, "indicators", ()) or ()),
            spread=KINDS[rule.kind].spread,
        )
    return out


def _waived(w: Waivers | None, n: int | None) -> Waived | None:
    if w is None or n is None:
        return None
    item = w.items[n]
    line = w.lines[n] if n < len(w.lines) else None
    return Waived(
        n, item.rule, item.subject, item.justification, item.approved_by, item.expires, line
    )


def _school_table(result: AuditResult) -> SchoolTable:
    ds = result.dataset
    cells = _Cells(ds)
    return SchoolTable(
        ids=ds.columns["school_id"],
        names=ds.columns["name"],
        rows=ds.rows,
        cells=cells,
        types=ds.columns["school_type"],
    )


class _Cells(Sequence[str]):
    """Each school's id cell, made on request (a national file has 200,000 schools and a
    report names a few hundred of them)."""

    def __init__(self, ds: Dataset) -> None:
        self._ds = ds

    def __len__(self) -> int:
        return len(self._ds)

    def __getitem__(self, i):  # an index, never a slice
        return self._ds.cell("school_id", i)


def _county_finding(
    c: CountyResult, rules: dict[str, RuleInfo], table: SchoolTable, waivers: Waivers | None
) -> Finding:
    drivers = (
        tuple(
            Driver(d.school, table.ids[d.school], table.names[d.school], d.share, d.cv_without)
            for d in c.drivers
        )
        if c.drivers
        else ()
    )
    cv = KINDS[c.rule.kind].spread  # a CV: the stage's mean, schools and pupils
    # Positional, in Finding's field order: a region makes 100,000s of these, and keyword
    # construction of a 21-field tuple is the cost (the JSON goldens hold every field).
    return tuple.__new__(
        Finding,
        (
            rules[c.rule.id],  # rule
            c.scope,  # scope
            c.subject,  # subject
            c.stage,  # stage
            c.status,  # status
            c.value,  # value
            c.limit,  # threshold
            c.gap,  # gap
            None,  # need
            c.reason,  # reason
            c.location,  # location
            _waived(waivers, c.waived) if waivers is not None else None,  # waiver
            None,  # name
            None,  # school
            None,  # row
            c.mean if cv else None,  # mean
            c.n if cv else None,  # schools
            c.pupils if cv else None,  # pupils
            dict(c.components) if c.components else None,  # components
            drivers,  # drivers
            c.evidence,  # evidence
        ),
    )


def _block(
    r: SchoolResult, rules: dict[str, RuleInfo], table: SchoolTable, waivers: Waivers | None
) -> SchoolBlock:
    n = len(r.status)
    waived = {k: w for k, i in r.waived.items() if (w := _waived(waivers, i)) is not None}
    return SchoolBlock(
        rule=rules[r.rule.id],
        stage=r.stage,
        school=r.parts.school,
        status=r.status,
        values=np.asarray(r.values, dtype=np.float64),
        thresholds=np.asarray(r.thresholds, dtype=np.float64),
        gap=_column(r.gap, n),
        need=_column(r.need, n),
        reason=r.detail if len(r.detail) == n else [None] * n,
        waived=waived,
        table=table,
        shared_index=r.parts.index,
    )


def _column(values: list[float | None], n: int) -> list[float | None]:
    """A per-row column; one the rule left empty (no remedy amounts) is all None."""
    return values if len(values) == n else [None] * n


def _stages(result: AuditResult, blocks: list[SchoolBlock]) -> dict[str, StageSummary]:
    out: dict[str, StageSummary] = {}
    for stage in COMPULSORY:
        parts = result.parts[stage]
        pupils = np.asarray(parts.env["pupils"], dtype=np.float64) if len(parts) else np.zeros(0)
        known = pupils[~np.isnan(pupils)]
        passing = {
            b.rule.indicator.key: (b.status.count(PASS), len(b.status))
            for b in blocks
            if b.stage == stage
            and b.rule.indicator is not None  # a school rule judging an indicator
            and not _filtered(result, b.rule.id)
        }
        meeting = next(
            (
                (b.status.count(PASS), len(b.status))
                for b in blocks
                if b.stage == stage and b.rule.members  # the rule combining the indicators
            ),
            None,
        )
        values = {
            key: np.asarray(v, dtype=np.float64)
            for (key, s), v in result.indicators.items()
            if s == stage
        }
        out[stage] = StageSummary(
            stage,
            len(parts),
            exact_sum(known) if len(known) else 0.0,  # correctly rounded, in any order
            passing,
            meeting,
            parts.school,
            values,
            pupils,
        )
    return out


@cache
def data_columns() -> tuple[DataColumn, ...]:
    """Every school field as the annotated workbook heads it, with the factor from its base
    unit to the unit of its canonical heading (the same for every file)."""
    out = []
    for f in SCHOOL_FIELDS:
        heading = canonical_heading(f)
        factor = unit_factor(f, parse(heading).unit) or 1.0
        out.append(DataColumn(f.key, heading, f.heading, f.kind, f.dimension, f.stage, factor))
    return tuple(out)


def _filtered(result: AuditResult, rid: str) -> bool:
    """A rule with a where: filter judges only some parts: its pass count is not the stage's."""
    return bool(getattr(result.standard.rules[rid], "where", None))


class _StandardView:
    """What every county of a run shares of its standard, made once per run (a region has
    thousands of counties): the standard and rule facts reports read, and the cells each rule
    and stage rests on."""

    def __init__(self, std: Standard) -> None:
        self.std = std
        self.info = standard_info(std)
        every = rule_infos(std, self.info)
        # Region rules are judged over the run's counties (results.region), not in a county.
        self.region_rules = [r for r in std.rules.values() if KINDS[r.kind].judge is not None]
        region = {r.id for r in self.region_rules}
        self.rules = {rid: r for rid, r in every.items() if rid not in region}
        self.region_infos = {rid: r for rid, r in every.items() if rid in region}
        self._fields: dict[tuple[str, str | None], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def fields(self, r: SchoolResult) -> tuple[tuple[str, ...], tuple[str, ...]]:
        key = (r.rule.id, r.stage)
        if key not in self._fields:
            self._fields[key] = block_fields(r.rule, self.std, r.stage)
        return self._fields[key]


def county_audit(
    result: AuditResult, partial: bool = False, view: _StandardView | None = None
) -> CountyAudit:
    """One county's evaluation as findings, with every count computed once."""
    view = view or _StandardView(result.standard)
    info, rules = view.info, view.rules
    table = _school_table(result)
    waivers = result.waivers
    ds = result.dataset
    blocks = [_block(r, rules, table, waivers) for r in result.school_results]
    for b, r in zip(blocks, result.school_results, strict=True):  # the cells findings rest on
        b.fields, b.blank_fields = view.fields(r)
    report = None
    if waivers is not None:
        today = dt.date.today()
        report = WaiverReport(
            waivers.path,
            len(waivers.items),
            tuple(w for n in waivers.expired(today) if (w := _waived(waivers, n))),
            tuple(w for n in waivers.unused(today) if (w := _waived(waivers, n))),
        )
    c = ds.county
    return CountyAudit(
        county=CountyInfo(c.county_name, c.county_code, c.year, c.planned_year),
        source=ds.source,
        sheet=ds.sheet,
        standard=info,
        rules=rules,
        as_of=result.as_of,
        county_findings=[_county_finding(x, rules, table, waivers) for x in result.county_results],
        blocks=blocks,
        schools=table,
        excluded=[
            Excluded(
                e.school,
                table.ids[e.school],
                table.names[e.school],
                table.cells[e.school],
                e.reason,
            )
            for e in result.excluded
        ],
        stages=_stages(result, blocks),
        ignored_columns=list(ds.ignored),
        absent_columns=sorted(ds.absent),
        has_county_sheet=ds.figures.sheet is not None,
        waivers=report,
        partial=partial,
        data=ds,
        data_columns=data_columns(),
    )


def provenance(
    std: Standard,
    inputs: Sequence[Path],
    waivers: Waivers | None,
    as_of: int | None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    run_at: dt.datetime | None = None,
) -> Provenance:
    return Provenance(
        qbcheck_version=__version__,
        standard=std.id,
        edition=std.model.edition,
        chain=tuple(std.chain),
        inputs=tuple(FileHash(str(p), sha256(p)) for p in dict.fromkeys(inputs)),
        rule_files=tuple(FileHash(display_path(p), sha256(p)) for p in std.files),
        waivers=FileHash(str(waivers.path), sha256(waivers.path)) if waivers else None,
        run_at=run_at or run_time(),
        as_of=as_of,
        select=tuple(select),
        ignore=tuple(ignore),
    )


def build_run(
    results: Sequence[AuditResult],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str = "unknown",
    run_at: dt.datetime | None = None,
    judged_in: int | None = None,
) -> Run:
    """The run: every county's audit and one provenance for all of them; with more than one
    county (or year), the region with its targets judged in `judged_in` (--as-of) or the
    latest year of the data."""
    partial = bool(select or ignore)
    views: dict[int, _StandardView] = {}  # by standard: every county of a run has the same one
    for r in results:
        if id(r.standard) not in views:
            views[id(r.standard)] = _StandardView(r.standard)
    audits = [county_audit(r, partial, views[id(r.standard)]) for r in results]
    first = results[0]
    region = None
    if len(audits) > 1:
        years = [a.county.year for a in audits if a.county.year is not None]
        # Targets are judged in the year asked for, else the latest year of the data.
        as_of = judged_in or max(years, default=first.as_of)
        view = views[id(first.standard)]
        region = build_region(audits, as_of, lambda latest: _targets(view, latest, as_of))
    prov = provenance(
        first.standard,
        [r.dataset.source for r in results],
        first.waivers,
        first.as_of,
        select,
        ignore,
        run_at,
    )
    return Run(audits, prov, fail_on, region)


def _targets(view: _StandardView, latest: Sequence[CountyAudit], year: int) -> list[Target]:
    """Each region rule judged over the counties, each at its latest audit in the run."""
    states = [CountyState(a.county.name, a.county.code, a.verdict, a.county.year) for a in latest]
    out = []
    for rule in view.region_rules:
        judge = KINDS[rule.kind].judge
        assert judge is not None  # region_rules holds only region kinds
        o = judge(rule, states, year)
        out.append(
            Target(
                rule=view.region_infos[rule.id],
                status=o.status,
                year=year,
                recognised=o.recognised,
                needed=o.needed,
                total=o.total,
                undecided=o.undecided,
                share=o.share,
                threshold_share=getattr(rule, "share", None),
                threshold_count=getattr(rule, "count", None),
                counties=tuple(getattr(rule, "counties", ()) or ()),
                recognised_names=o.recognised_names,
                short_names=o.short_names,
                missing_names=o.missing_names,
                reason=o.reason,
            )
        )
    return out
