"""The terminal report an officer reads first.

Order: the verdict for the regime and what blocks it; the state of each part; county items
(figures, attestations, vetoes); the CVs per stage; the failing school parts with what closes each
gap; the undecided ones with the blank cells named. Laid out for an 80-column terminal.
"""

from __future__ import annotations

from typing import IO, Any, TextIO

import numpy as np
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import AT_RISK, ATTESTED, FAIL, PASS, STATUSES, UNKNOWN
from qbcheck.evaluate.engine import AuditResult
from qbcheck.kinds.cv_limit import CvLimit
from qbcheck.kinds.cv_mean import CvMean
from qbcheck.kinds.outcome import CountyResult, SchoolResult
from qbcheck.kinds.school_classes import SchoolClasses
from qbcheck.kinds.school_k_of_n import SchoolKofN
from qbcheck.kinds.school_threshold import SchoolThreshold
from qbcheck.model.fields import COMPULSORY
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_header
from qbcheck.results.model import Run
from qbcheck.rules.standards import Indicator

STYLE = {PASS: "green", FAIL: "bold red", UNKNOWN: "yellow", ATTESTED: "cyan", AT_RISK: "magenta"}
REMEDY_UNIT = {
    "teachers_above_degree": ("名", " teachers"),
    "backbone_teachers": ("名", " teachers"),
    "pe_arts_teachers": ("名", " teachers"),
    "trained_teachers": ("名", " teachers"),
    "certified_teachers": ("名", " teachers"),
    "teaching_area": (" 平方米", " m²"),
    "sports_ground_area": (" 平方米", " m²"),
    "equipment_value": (" 元", " yuan"),
    "public_funds": (" 元", " yuan"),
    "training_spend": (" 元", " yuan"),
    "multimedia_rooms": (" 间", " rooms"),
    "music_rooms": (" 间", " rooms"),
    "art_rooms": (" 间", " rooms"),
}


def num(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def fmt(value: float | None, ind: Indicator | None, decimals: int | None = None) -> str:
    """A value as its indicator shows it: a share as a percentage, others to its decimals."""
    if value is None:
        return "—"
    if ind is not None and ind.percent:
        return f"{value * 100:.1f}%"
    return num(value, ind.decimals if decimals is None and ind is not None else (decimals or 0))


def render_result(
    result: AuditResult, out: TextIO, lang: Lang, limit: int = 200, width: int | None = None
) -> None:
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    std = result.standard.model
    ds = result.dataset
    county = ds.county.county_name or t("report.county_unnamed", lang)
    if ds.county.county_code:
        county += f"（{ds.county.county_code}）" if lang == "zh" else f" ({ds.county.county_code})"
    year = str(ds.county.year) if ds.county.year else t("report.year_unknown", lang)
    title = t("report.title", lang, county=county, year=year, standard=std.title(lang))
    console.print(Text(title, style="bold"))
    chain = " → ".join(result.standard.chain)
    console.print(Text(f"{std.document} · {chain}", style="dim"))
    _verdict(console, result, lang)
    _parts(console, result, lang)
    _blocking(console, result, lang)
    _county_items(console, result, lang)
    for stage in COMPULSORY:
        _cv_table(console, result, stage, lang)
    _schools_line(console, result, lang)
    _failing(console, result, lang, limit)
    _unknown(console, result, lang, limit)
    _excluded(console, result, lang)
    for style, line in waiver_lines(result, lang):
        console.print(Text(line, style=style))
    console.print(Text(t("report.legend", lang), style="dim"))
    _provenance(console, result, lang)


def waiver_lines(result: AuditResult, lang: Lang) -> list[tuple[str, str]]:
    """The waived findings (never hidden), then the expired and unused waivers."""
    import datetime as dt

    waivers = result.waivers
    if waivers is None:
        return []
    ds = result.dataset
    items: list[tuple[str, str, str, int]] = []  # rule, subject, status, waiver index
    for r in result.school_results:
        for k, n in r.waived.items():
            items.append((r.rule.id, ds.columns["school_id"][r.parts.school[k]], r.status[k], n))
    for c in result.county_results:
        if c.waived is not None:
            items.append((c.rule.id, c.subject, c.status, c.waived))
    lines: list[tuple[str, str]] = []
    if items:
        lines.append(("bold cyan", t("report.waived.title", lang, n=len(items))))
        for rule, subject, status, n in items:
            w = waivers.items[n]
            line = t(
                "report.waived.item",
                lang,
                rule=rule,
                subject=subject,
                status=t(f"status.{status}", lang),
                justification=w.justification,
                approved_by=w.approved_by,
                expires=w.expires.isoformat(),
            )
            lines.append(("cyan", f"  {line}"))
    today = dt.date.today()
    for key, indices in (("expired", waivers.expired(today)), ("unused", waivers.unused(today))):
        for n in indices:
            w = waivers.items[n]
            where = f"{waivers.path.name}:{waivers.lines[n]}" if n < len(waivers.lines) else ""
            line = t(
                f"report.waiver.{key}",
                lang,
                rule=w.rule,
                subject=w.subject,
                where=where,
                expires=w.expires.isoformat(),
            )
            lines.append(("yellow", line))
    return lines


def _provenance(console: Console, result: AuditResult, lang: Lang) -> None:
    """Enough to reproduce the run: version, standard, and the hashes of every file read."""
    from qbcheck.results.provenance import provenance

    p = provenance(result)
    files = [f"{p['input']['file']} {p['input']['sha256'][:12]}"]  # type: ignore[index]
    files += [f"{r['file']} {r['sha256'][:12]}" for r in p["rule_files"]]  # type: ignore[union-attr]
    line = t(
        "report.provenance",
        lang,
        version=p["qbcheck_version"],
        standard=f"{result.standard.id} ({result.standard.model.edition})",
        files="; ".join(files),
        run_at=p["run_at"],
    )
    console.print(Text(line, style="dim"))


def _verdict(console: Console, result: AuditResult, lang: Lang) -> None:
    rules = result.rule_status()
    counts = {s: sum(1 for v in rules.values() if v == s) for s in STATUSES}
    verdict = result.verdict()
    std = result.standard.model
    regime = std.regime(lang) if std.regime else std.title(lang)
    word = t(f"verdict.{verdict}", lang)
    line = Text(t("report.verdict", lang, regime=regime, verdict=word), style=STYLE[verdict])
    console.print(line)
    summary = t(
        "report.verdict.counts",
        lang,
        fail=counts[FAIL],
        unknown=counts[UNKNOWN],
        passed=counts[PASS],
        attested=counts[ATTESTED],
        at_risk=counts[AT_RISK],
        as_of=result.as_of,
    )
    console.print(Text(summary, style="dim"))


def _status(status: str, lang: Lang) -> Text:
    return Text(t(f"status.{status}", lang), style=STYLE[status])


def _parts(console: Console, result: AuditResult, lang: Lang) -> None:
    parts = result.part_status()
    if len(parts) <= 1:
        return
    std = result.standard.model
    rules = result.rule_status()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.part", lang))
    table.add_column(t("report.col.verdict", lang))
    for s in STATUSES:
        table.add_column(t(f"status.{s}", lang), justify="right")
    for part, status in parts.items():
        ids = [rid for rid, r in result.standard.rules.items() if r.part == part]
        counts = [sum(1 for rid in ids if rules.get(rid) == s) for s in STATUSES]
        table.add_row(
            f"{part} {std.parts[part](lang)}",
            _status(status, lang),
            *[str(c) if c else "" for c in counts],
        )
    console.print(table)


def _blocking(console: Console, result: AuditResult, lang: Lang) -> None:
    """What stands between the county and recognition: failures first, then missing data."""
    std = result.standard
    for key, ids, style in blocking_sections(result):
        if not ids:
            continue
        console.print(Text(t(key, lang, n=len(ids)), style=f"bold {style}"))
        for rid in ids:
            console.print(Text(f"  {rid}  {std.rules[rid].title(lang)}", style=style))


# What blocks recognition, in the order every format lists it: (catalogue key, group, style).
SECTIONS = (
    ("report.blocking", "fail", "red"),
    ("report.missing", "unknown", "yellow"),
    ("report.other_targets", "other", "red"),
    ("report.at_risk", "at-risk", "magenta"),
)


def blocking_sections(result: AuditResult) -> list[tuple[str, list[str], str]]:
    groups = result.blocking()
    return [(key, groups[group], style) for key, group, style in SECTIONS]


def _county_items(console: Console, result: AuditResult, lang: Lang) -> None:
    items = [c for c in result.county_results if not isinstance(c.rule, CvLimit | CvMean)]
    if not items:
        return
    if result.dataset.figures.sheet is None:
        # Without the sheet every county item is undecided for the same reason: say it once.
        unknown = [c for c in items if c.status == UNKNOWN]
        console.print(Text(t("report.no_county_sheet", lang, n=len(unknown)), style="yellow"))
        items = [c for c in items if c.status != UNKNOWN]
        if not items:
            return
    std = result.standard.model
    table = Table(
        title=t("report.county.title", lang),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
    )
    table.add_column(t("report.col.rule", lang), no_wrap=True)
    table.add_column(t("report.col.item", lang), overflow="fold", ratio=3)
    table.add_column(t("report.col.value", lang), justify="right")
    table.add_column(t("report.col.threshold", lang), justify="right")
    table.add_column(t("report.col.verdict", lang), overflow="fold", ratio=2)
    for c in items:
        ind = std.indicators.get(getattr(c.rule, "indicator", ""), None)
        value, threshold = _county_value(c, ind, lang)
        verdict = _status(c.status, lang)
        if c.reason and c.status != PASS:
            verdict.append(f" {c.reason.render(lang)}", style="dim")
        label = c.rule.title(lang)
        if c.stage:
            label += f"（{t(f'stage.{c.stage}', lang)}）" if lang == "zh" else f" ({c.stage})"
        if c.subject != "county":
            label = f"{c.subject}: {label}"
        table.add_row(c.rule.id, label, value, threshold, verdict)
    console.print(table)


def _county_value(c: CountyResult, ind: Indicator | None, lang: Lang) -> tuple[str, str]:
    rule = c.rule
    if rule.kind in ("attestation", "veto"):
        if c.value is None:
            return "—", ""
        word = t("word.yes" if c.value else "word.no", lang)
        want = t("word.no" if rule.kind == "veto" else "word.yes", lang)
        return word, want
    if isinstance(rule, CvMean):
        return num(c.value, 3), f"≤{c.limit:.2f}"
    op = getattr(rule, "op", ">=")
    sign = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[op]
    if rule.kind == "group_count":
        return num(c.value, 0), f"≥{c.limit:g}"
    return fmt(c.value, ind), f"{sign}{fmt(c.limit, ind)}"


def _cv_table(console: Console, result: AuditResult, stage: str, lang: Lang) -> None:
    std = result.standard.model
    rows = [
        c
        for c in result.county_results
        if c.stage == stage and isinstance(c.rule, CvLimit | CvMean)
    ]
    parts = result.parts[stage]
    if not rows:
        return
    pupils = float(np.nansum(parts.env["pupils"]))  # type: ignore[arg-type]
    title = t(
        "report.cv.title",
        lang,
        stage=t(f"stage.{stage}", lang),
        n=len(parts),
        pupils=f"{pupils:,.0f}",
    )
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1)
    )
    table.add_column(t("report.col.indicator", lang), overflow="fold")
    table.add_column(t("report.col.mean", lang), justify="right")
    table.add_column(t("report.col.cv", lang), justify="right")
    table.add_column(t("report.col.limit", lang), justify="right")
    table.add_column(t("report.col.passing", lang), justify="right")
    table.add_column(t("report.col.verdict", lang))
    passing = _passing_counts(result, stage)
    decimals = std.parameters.cv_decimals
    notes: list[str] = []
    for c in rows:
        if c.reason:
            notes.append(f"{c.rule.id}: {c.reason.render(lang)}")
        if isinstance(c.rule, CvMean):
            for key, cv in c.components.items():
                ind = std.indicators[key]
                table.add_row(f"{key} {ind.short(lang)}", "", num(cv, decimals), "", "", "")
            table.add_row(
                Text(c.rule.title(lang), style="bold"),
                "",
                Text(num(c.value, decimals), style="bold"),
                f"≤{c.limit:.2f}",
                "",
                _status(c.status, lang),
            )
            continue
        ind = std.indicators[c.rule.indicator]
        ok, n = passing.get(c.rule.indicator, (None, None))
        table.add_row(
            f"{c.rule.indicator} {ind.short(lang)}",
            num(c.mean, max(ind.decimals, 2) if ind.decimals else 0),
            num(c.value, decimals),
            f"≤{c.limit:.2f}",
            f"{ok}/{n}" if n is not None else "",
            _status(c.status, lang),
        )
    console.print(table)
    for note in notes:
        console.print(Text(note, style="yellow"))
    for c in rows:
        for line in driver_lines(result, c, lang):
            console.print(Text(line, style="red" if line[0] != " " else ""))


def driver_lines(result: AuditResult, c: CountyResult, lang: Lang) -> list[str]:
    """Why a CV fails: the school parts with the largest share of its weighted variance."""
    if not c.drivers:
        return []
    ds = result.dataset
    decimals = result.standard.model.parameters.cv_decimals
    head = t(
        "report.cv.drivers",
        lang,
        rule=c.rule.id,
        stage=t(f"stage.{c.stage}", lang),
        cv=num(c.value, decimals),
        limit=f"{c.limit:.2f}",
    )
    lines = [head]
    for d in c.drivers:
        line = t(
            "report.cv.driver",
            lang,
            name=ds.columns["name"][d.school],
            id=ds.columns["school_id"][d.school],
            share=f"{d.share * 100:.1f}%",
            without=num(d.cv_without, decimals),
        )
        lines.append(f"  {line}")
    return lines


def _passing_counts(result: AuditResult, stage: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for r in result.school_results:
        if r.stage == stage and isinstance(r.rule, SchoolThreshold) and not r.rule.where:
            out[r.rule.indicator] = (r.status.count(PASS), len(r.status))
    return out


def _schools_line(console: Console, result: AuditResult, lang: Lang) -> None:
    counts = {}
    for r in result.school_results:
        if isinstance(r.rule, SchoolKofN):
            counts[r.stage] = (r.status.count(PASS), len(r.status))
    if not counts:
        return
    p_ok, p_n = counts.get("primary", (0, 0))
    j_ok, j_n = counts.get("junior", (0, 0))
    line = t("report.schools.title", lang, p_ok=p_ok, p_n=p_n, j_ok=j_ok, j_n=j_n)
    console.print(Text(line, style="bold"))


_ORDER = {"primary": 0, "junior": 1, "school": 2}
_STAGE_AT = {v: k for k, v in _ORDER.items()}

Group = tuple[tuple[str, int], list[tuple[SchoolResult, int]]]


def _by_part(result: AuditResult, wanted: tuple[str, ...], limit: int) -> tuple[int, list[Group]]:
    """School parts (stage or 'school', school index) with a `wanted` status: how many there
    are, and the first `limit` of them (by stage, then file order) with their (result, row)
    entries. Found with array operations: a national file has 100,000s of failing rows."""
    hits = []
    size = len(result.dataset) + 1
    for r in result.school_results:
        if not any(w in r.status for w in wanted):  # a C-level scan: most rules pass
            continue
        rows = r.rows_with(*wanted)  # type: ignore[arg-type]
        hits.append((r, rows, _ORDER[r.stage or "school"] * size + r.parts.index[rows]))
    if not hits:
        return 0, []
    keys = np.unique(np.concatenate([key for *_, key in hits]))
    shown = keys if limit <= 0 else keys[:limit]
    groups: dict[int, list[tuple[SchoolResult, int]]] = {key: [] for key in shown.tolist()}
    for r, rows, key in hits:
        pick = np.isin(key, shown)
        for k, g in zip(rows[pick].tolist(), key[pick].tolist(), strict=True):
            groups[g].append((r, k))
    return len(keys), [((_STAGE_AT[g // size], g % size), e) for g, e in groups.items()]


def _school_cell(result: AuditResult, stage: str, i: int, lang: Lang) -> str:
    ds = result.dataset
    where = t(f"stage.{stage}", lang) if stage != "school" else t("stage.school", lang)
    return f"{ds.columns['name'][i]}\n{ds.columns['school_id'][i]} · {where}"


def _part_table(lang: Lang) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.school", lang), max_width=18, overflow="fold")
    table.add_column(t("report.col.indicator", lang), overflow="fold")
    table.add_column(t("report.col.value", lang), justify="right")
    table.add_column(t("report.col.threshold", lang), justify="right")
    table.add_column(t("report.col.gap", lang), justify="right")
    table.add_column(t("report.col.fix", lang), overflow="fold")
    return table


def _failing(console: Console, result: AuditResult, lang: Lang, limit: int) -> None:
    total, shown = _by_part(result, (FAIL, AT_RISK), limit)
    if not total:
        return
    console.print(Text(t("report.failing.title", lang, n=total), style="bold red"))
    table = _part_table(lang)
    for (stage, i), group in shown:
        entries = sorted(group, key=lambda e: isinstance(e[0].rule, SchoolKofN))
        for n_row, (r, k) in enumerate(entries):
            cells = _school_row(result, r, k, lang)
            table.add_row(_school_cell(result, stage, i, lang) if n_row == 0 else "", *cells)
        table.add_section()
    console.print(table)
    if len(shown) < total:
        console.print(Text(t("report.shown", lang, shown=len(shown), total=total), style="dim"))


def _school_row(result: AuditResult, r: SchoolResult, k: int, lang: Lang) -> list[str | Text]:
    std = result.standard.model
    rule = r.rule
    style = "magenta" if r.status[k] == AT_RISK else "red"
    if k in r.waived:
        style = "cyan"
    if isinstance(rule, SchoolThreshold):
        ind = std.indicators[rule.indicator]
        sign = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[rule.op]
        label = (
            f"{rule.id} {ind.short(lang)}"
            if "." in rule.id[3:]
            else f"{rule.indicator} {ind.short(lang)}"
        )
        if k in r.waived:
            label += f" {t('report.waived.mark', lang)}"
        return [
            Text(label, style=style),
            fmt(r.value(k), ind),
            f"{sign}{fmt(r.threshold_at(k), ind)}",
            fmt(r.gap[k], ind),
            _fix(r.need[k] if r.need else None, ind.remedy, lang),
        ]
    if isinstance(rule, SchoolClasses):
        detail = r.detail[k]
        return [
            Text(f"{rule.id} {t('report.class_size', lang)}", style=style),
            num(r.value(k), 0),
            f"≤{r.threshold_at(k):g}",
            num(r.gap[k], 0),
            detail.render(lang) if detail else "",
        ]
    assert isinstance(rule, SchoolKofN)
    members = {m.rule.id: m for m in result.school_results if m.stage == r.stage}
    school = r.parts.school[k]
    floor = []
    for rid in rule.of:
        m = members.get(rid)
        if m is None:
            continue
        if m.parts.school is r.parts.school:  # the same parts: the same row
            mk = k
        elif school in m.parts.school:
            mk = m.parts.school.index(school)
        else:
            continue
        v, thr = m.value(mk), m.threshold_at(mk)
        if m.status[mk] in (FAIL, AT_RISK) and v is not None and v < rule.floor * thr:  # type: ignore[operator]
            floor.append(getattr(m.rule, "indicator", rid))
    n = len(rule.of)
    return [
        Text(rule.id, style=f"bold {style}"),
        f"{r.value(k):.0f}/{n}",
        f"{rule.k}/{n}",
        "",
        f"<{round(rule.floor * 100)}%: {', '.join(floor)}" if floor else "",
    ]


def _fix(need: float | None, remedy: str | None, lang: Lang) -> str:
    if need is None or remedy is None:
        return ""
    zh, en = REMEDY_UNIT.get(remedy, ("", ""))
    decimals = 0 if need >= 100 or float(need).is_integer() else 1
    return f"+{num(need, decimals)}{zh if lang == 'zh' else en}"


def _unknown(console: Console, result: AuditResult, lang: Lang, limit: int) -> None:
    """Undecided school rows. A rule whose rows are all undecided for one reason (a column the
    file lacks) is one line; blank cells are listed school by school, naming the cell."""
    shared: list[tuple[str, int, str]] = []
    per_school: list[tuple[SchoolResult, int]] = []
    for r in result.school_results:
        if UNKNOWN not in r.status:
            continue
        rows = r.rows_with(UNKNOWN).tolist()
        # The engine shares one reason object between rows undecided for the same cause
        # (list.count compares by identity first, in C).
        first = r.detail[rows[0]]
        if len(rows) > 1 and first is not None and r.detail.count(first) == len(rows):
            shared.append((r.rule.id, len(rows), first.render(lang)))
        else:
            per_school.extend((r, k) for k in rows)
    if not shared and not per_school:
        return
    total = len({(r.stage, r.parts.school[k]) for r, k in per_school}) + sum(
        n for _, n, _ in shared
    )
    console.print(Text(t("report.unknown.title", lang, n=total), style="bold yellow"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.school", lang), max_width=18, overflow="fold")
    table.add_column(t("report.col.rule", lang), no_wrap=True)
    table.add_column(t("status.unknown", lang), overflow="fold")
    for rid, n, reason in shared:
        table.add_row(t("report.all_parts", lang, n=n), rid, reason)
    if shared:
        table.add_section()
    groups: dict[tuple[str, int], list[tuple[SchoolResult, int]]] = {}
    for r, k in per_school:
        groups.setdefault((r.stage or "school", r.parts.school[k]), []).append((r, k))
    keys = sorted(groups, key=lambda sk: (_ORDER[sk[0]], sk[1]))
    shown = keys if limit <= 0 else keys[:limit]
    for stage, i in shown:
        for n_row, (r, kk) in enumerate(groups[(stage, i)]):
            detail = r.detail[kk]
            table.add_row(
                _school_cell(result, stage, i, lang) if n_row == 0 else "",
                r.rule.id,
                detail.render(lang) if detail else "",
            )
        table.add_section()
    console.print(table)
    if len(shown) < len(keys):
        console.print(Text(t("report.shown", lang, shown=len(shown), total=len(keys)), style="dim"))


def _excluded(console: Console, result: AuditResult, lang: Lang) -> None:
    if not result.excluded:
        return
    ds = result.dataset
    reasons: dict[str, list[str]] = {}
    for e in result.excluded:
        reasons.setdefault(e.reason.render(lang), []).append(ds.columns["name"][e.school])
    for reason, names in reasons.items():
        listed = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
        line = t("report.excluded", lang, n=len(names), reason=reason, names=listed)
        console.print(Text(line, style="dim"))


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Transitional: each county's engine result, until this format reads the result model."""
    for k, result in enumerate(run.legacy, start=1):
        if len(run.legacy) > 1 and "table" != "xlsx":
            out.write(("\n" if k > 1 else "") + county_header(run, k, options.lang) + "\n")
        render_result(result, out, options.lang, limit=options.limit, width=options.width)
