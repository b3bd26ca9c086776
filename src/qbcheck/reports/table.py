"""The terminal report an officer reads first.

Order: the verdict for the regime and what blocks it; the state of each part; county items
(figures, attestations, vetoes); the CVs per stage; the failing school parts with what closes each
gap; the undecided ones with the blank cells named. Laid out for an 80-column terminal.

Everything printed is read from the result model. Text that comes from the data (school names,
reasons, justifications) is always put in a `rich.text.Text`, never in a markup string, so a
school called `[bold]x[/]` prints as written.
"""

from __future__ import annotations

from typing import IO, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import AT_RISK, ATTESTED, FAIL, PASS, STATUSES, UNKNOWN
from qbcheck.reports import present
from qbcheck.reports.base import Options
from qbcheck.reports.present import (
    county_header,
    num,
)
from qbcheck.results.model import CountyAudit, Finding, PartKey, Region, Run, SchoolBlock

STYLE = {
    PASS: "green",
    FAIL: "bold red",
    UNKNOWN: "yellow",
    ATTESTED: "cyan",
    AT_RISK: "magenta",
    "partial": "yellow",
}


def render(run: Run, out: IO[Any], options: Options) -> None:
    """One county's report; for a region (several counties or years), the region report and
    the full report of each county asked for with --county; then the legend and the
    provenance once for the run."""
    lang = options.lang
    console = Console(file=out, width=options.width, highlight=False, soft_wrap=False)
    if run.region is None:
        _county(console, run.audits[0], lang, options.limit)
    else:
        _region(out, run.region, lang, options.limit)
        chosen = present.selected_audits(run, options.counties)
        for audit in chosen:
            k = run.audits.index(audit) + 1
            out.write("\n" + county_header(run, k, lang) + "\n")
            _county(console, audit, lang, options.limit)
        if not chosen:
            out.write(t("region.county.hint", lang) + "\n")
    console.print(Text(t("report.legend", lang), style="dim"))
    console.print(Text(present.provenance_line(run.provenance, lang), style="dim"))


def _county(console: Console, audit: CountyAudit, lang: Lang, limit: int) -> None:
    std = audit.standard
    console.print(Text(present.title(audit, lang), style="bold"))
    console.print(Text(f"{std.document} · {' → '.join(std.chain)}", style="dim"))
    _verdict(console, audit, lang)
    _parts(console, audit, lang)
    _blocking(console, audit, lang)
    _county_items(console, audit, lang)
    for stage in audit.stages:
        _cv_table(console, audit, stage, lang)
    _schools_line(console, audit, lang)
    _failing(console, audit, lang, limit)
    _unknown(console, audit, lang, limit)
    _excluded(console, audit, lang)
    for style, line in present.waiver_lines(audit, lang):
        console.print(Text(line, style=style))


def _aligned(rows: list[list[str]], right: frozenset[int], indent: str = "") -> list[str]:
    """Rows as plain text in columns, by display width (a Chinese character is two columns).
    Written without rich: a region has thousands of rows and rich's layout is the cost."""
    widths = [max(cell_len(r[c]) for r in rows) for c in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = []
        for c, text in enumerate(r):
            pad = " " * (widths[c] - cell_len(text))
            cells.append(pad + text if c in right else text + pad)
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def _region(out: IO[Any], region: Region, lang: Lang, limit: int) -> None:
    """The region: counts per year, the targets, the counties ranked, the year-on-year changes."""
    w = out.write
    w(present.region_title(region, lang) + "\n")
    for line in present.region_count_lines(region, lang):
        w(line + "\n")
    if region.targets:
        w("\n" + t("region.targets", lang) + "  " + t("region.judged", lang, year=region.as_of))
        w("\n")
        for target in region.targets:
            w("  " + present.target_line(target, lang) + "\n")
    if region.closest:
        w(present.closest_line(region, lang) + "\n")
    w("\n" + t("region.rows", lang) + "\n")
    # The row fits an 80-column terminal; what is long or only sometimes there (the CV
    # headroom, the blocking rules, the plan, the change since last year) goes on a line below.
    keys = ("rank", "county", "code", "year", "verdict", "parts", "rules", "schools")
    head = [t(f"region.col.{k}", lang) for k in keys]
    rows = region.rows if limit <= 0 else region.rows[:limit]
    sep = "；" if lang == "zh" else "; "
    table = [head]
    details: list[str] = []
    for r in rows:
        a = r.audit
        cells = [
            str(r.rank),
            present.row_county(r, lang),
            present.plain(a.county.code or "—"),
            str(a.county.year or "—"),
            present.verdict_word(a.verdict, lang),
            present.parts_text(a),
            present.rules_text(r),
            str(r.distance.failing_parts),
        ]
        table.append(cells)
        detail = t("region.detail.cv", lang, cv=present.margins_text(r, lang))
        if r.blocking:
            detail += sep + t("region.detail.blocking", lang, blocking=present.blocking_text(r))
        if r.plan != "none":
            detail += sep + t("region.detail.plan", lang, plan=present.plan_text(r, lang))
        if r.series is not None:
            detail += sep + t("region.detail.trend", lang, trend=present.trend_text(r, lang))
        details.append(detail)
    lines = _aligned(table, frozenset({0, 6, 7}))
    w(lines[0] + "\n")
    for line, detail in zip(lines[1:], details, strict=True):
        w(line + "\n")
        w("      " + detail + "\n")
    if len(rows) < len(region.rows):
        w(t("report.shown", lang, shown=len(rows), total=len(region.rows)) + "\n")
    moved, still = region.moved, region.unchanged
    if moved or still:
        w("\n" + t("region.trend.title", lang) + "\n")
        for r in moved if limit <= 0 else moved[:limit]:
            assert r.series is not None
            years = present.years_text(r.series, lang)
            county = present.row_county(r, lang)
            w("  " + t("region.trend.county", lang, county=county, years=years) + "\n")
            for line in present.trend_lines(r, lang):
                w("    " + line + "\n")
        if still:
            w("  " + t("region.trend.unchanged", lang, n=still) + "\n")
    w("\n")


def _verdict(console: Console, audit: CountyAudit, lang: Lang) -> None:
    console.print(Text(present.verdict_line(audit, lang), style=STYLE[audit.verdict]))
    console.print(Text(present.counts_line(audit, lang), style="dim"))


def _status(status: str, lang: Lang) -> Text:
    return Text(present.status_word(status, lang), style=STYLE[status])


def _parts(console: Console, audit: CountyAudit, lang: Lang) -> None:
    parts = audit.part_status
    if len(parts) <= 1:
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.part", lang))
    table.add_column(t("report.col.verdict", lang))
    for s in STATUSES:
        table.add_column(t(f"status.{s}", lang), justify="right")
    for part, status in parts.items():
        counts = [audit.part_counts[part][s] for s in STATUSES]
        table.add_row(
            Text(f"{part} {audit.standard.parts[part].title(lang)}"),
            _status(status, lang),
            *[Text(str(c) if c else "") for c in counts],
        )
    console.print(table)


def _blocking(console: Console, audit: CountyAudit, lang: Lang) -> None:
    """What stands between the county and recognition: failures first, then missing data."""
    for key, ids, style in present.blocking_sections(audit):
        if not ids:
            continue
        console.print(Text(t(key, lang, n=len(ids)), style=f"bold {style}"))
        for rid in ids:
            console.print(Text(f"  {rid}  {audit.rules[rid].title(lang)}", style=style))


def _county_items(console: Console, audit: CountyAudit, lang: Lang) -> None:
    items = audit.county_items
    if not items:
        return
    if not audit.has_county_sheet:
        # Without the sheet every county item is undecided for the same reason: say it once.
        unknown = [f for f in items if f.status == UNKNOWN]
        console.print(Text(t("report.no_county_sheet", lang, n=len(unknown)), style="yellow"))
        items = [f for f in items if f.status != UNKNOWN]
        if not items:
            return
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
    for f in items:
        verdict = _status(f.status, lang)
        if f.reason is not None and f.status != PASS:
            verdict.append(f" {f.reason.render(lang)}", style="dim")
        table.add_row(
            Text(f.rule.id),
            Text(present.label(f, lang)),
            Text(present.value_text(f, lang)),
            Text(present.threshold_text(f, lang)),
            verdict,
        )
    console.print(table)


def _cv_table(console: Console, audit: CountyAudit, stage: str, lang: Lang) -> None:
    rows = [f for f in audit.cv_findings if f.stage == stage]
    if not rows:
        return
    std = audit.standard
    summary = audit.stages[stage]
    title = t(
        "report.cv.title",
        lang,
        stage=present.stage_word(stage, lang),
        n=summary.parts,
        pupils=f"{summary.pupils:,.0f}",
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
    decimals = std.cv_decimals
    notes: list[str] = []
    for f in rows:
        if f.reason is not None:
            notes.append(f"{f.rule.id}: {f.reason.render(lang)}")
        limit = Text(f"≤{f.threshold:.2f}" if f.threshold is not None else "")
        if f.rule.kind == "cv_mean":
            for key, cv in (f.components or {}).items():
                short = std.indicators[key].short(lang)
                blank = Text("")
                table.add_row(Text(f"{key} {short}"), blank, Text(num(cv, decimals)), "", "", "")
            table.add_row(
                Text(f.rule.title(lang), style="bold"),
                "",
                Text(num(f.value, decimals), style="bold"),
                limit,
                "",
                _status(f.status, lang),
            )
            continue
        ind = f.rule.indicator
        assert ind is not None  # a CV limit is over an indicator
        ok, n = summary.passing.get(ind.key, (None, None))
        table.add_row(
            Text(f"{ind.key} {ind.short(lang)}"),
            Text(num(f.mean, max(ind.decimals, 2) if ind.decimals else 0)),
            Text(num(f.value, decimals)),
            limit,
            Text(f"{ok}/{n}" if n is not None else ""),
            _status(f.status, lang),
        )
    console.print(table)
    for note in notes:
        console.print(Text(note, style="yellow"))
    for f in rows:
        for line in present.driver_lines(audit, f, lang):
            console.print(Text(line, style="red" if line[0] != " " else ""))


def _schools_line(console: Console, audit: CountyAudit, lang: Lang) -> None:
    line = present.schools_line(audit, lang)
    if line is not None:
        console.print(Text(line, style="bold"))


def _school_cell(audit: CountyAudit, key: PartKey, lang: Lang) -> Text:
    """The school part a group of rows is about: its name, then its id and stage."""
    i = key.school
    where = present.stage_word(key.stage, lang)
    return Text(f"{audit.schools.names[i]}\n{audit.schools.ids[i]} · {where}")


def _part_table(lang: Lang, ids: int = 0) -> Table:
    """The failing parts' table; `ids` is the longest rule id shown, so no id is ever split
    across lines (the indicator column wraps at spaces after it)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.school", lang), max_width=18, overflow="fold")
    table.add_column(t("report.col.indicator", lang), overflow="fold", min_width=ids or None)
    table.add_column(t("report.col.value", lang), justify="right")
    table.add_column(t("report.col.threshold", lang), justify="right")
    table.add_column(t("report.col.gap", lang), justify="right")
    table.add_column(t("report.col.fix", lang), overflow="fold")
    return table


def _failing(console: Console, audit: CountyAudit, lang: Lang, limit: int) -> None:
    parts = audit.failing_parts
    if not parts:
        return
    console.print(Text(t("report.failing.title", lang, n=len(parts)), style="bold red"))
    shown = parts.first(limit)
    table = _part_table(lang, max(len(b.rule.id) for _, e in shown for b, _ in e))
    for key, entries in shown:
        for n_row, (block, k) in enumerate(present.part_entries(entries)):
            cell = _school_cell(audit, key, lang) if n_row == 0 else Text("")
            table.add_row(cell, *_school_row(audit, block, k, lang))
        table.add_section()
    console.print(table)
    if len(shown) < len(parts):
        line = t("report.shown", lang, shown=len(shown), total=len(parts))
        console.print(Text(line, style="dim"))


def _school_row(audit: CountyAudit, block: SchoolBlock, k: int, lang: Lang) -> list[Text]:
    f = block.finding(k)
    style = "magenta" if f.status == AT_RISK else "red"
    if f.waiver is not None:
        style = "cyan"
    kind = f.rule.kind
    label = present.indicator_label(f, lang)
    if kind == "school_k_of_n":
        below = present.below_floor(audit, block, k)
        return [
            Text(label, style=f"bold {style}"),
            Text(present.value_text(f, lang)),
            Text(present.threshold_text(f, lang)),
            Text(""),
            Text(present.floor_text(block, below)),
        ]
    if kind == "school_threshold" and f.waiver is not None:
        label += f" {t('report.waived.mark', lang)}"
    return [
        Text(label, style=style),
        Text(present.value_text(f, lang)),
        Text(present.threshold_text(f, lang)),
        Text(_gap(f)),
        Text(present.fix_text(f, lang)),
    ]


def _gap(f: Finding) -> str:
    """The gap column: a dash where a failing part's gap is not known."""
    return present.gap_text(f) if f.gap is not None else "—"


def _unknown(console: Console, audit: CountyAudit, lang: Lang, limit: int) -> None:
    """Undecided school rows. A rule whose rows are all undecided for one reason (a column the
    file lacks) is one line; blank cells are listed school by school, naming the cell."""
    if not audit.unknown_parts:
        return
    shared, parts = audit.shared_unknowns, audit.listed_unknown_parts
    line = t("report.unknown.title", lang, n=len(audit.unknown_parts))
    console.print(Text(line, style="bold yellow"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.school", lang), max_width=18, overflow="fold")
    table.add_column(t("report.col.rule", lang), no_wrap=True)
    table.add_column(t("status.unknown", lang), overflow="fold")
    for block, n, why in shared:
        table.add_row(
            Text(t("report.all_parts", lang, n=n)), Text(block.rule.id), Text(why.render(lang))
        )
    if shared:
        table.add_section()
    shown = parts.first(limit)
    for key, entries in shown:
        for n_row, (block, k) in enumerate(entries):
            reason = block.reason[k]
            table.add_row(
                _school_cell(audit, key, lang) if n_row == 0 else Text(""),
                Text(block.rule.id),
                Text(reason.render(lang) if reason is not None else ""),
            )
        table.add_section()
    console.print(table)
    if len(shown) < len(parts):
        line = t("report.shown", lang, shown=len(shown), total=len(parts))
        console.print(Text(line, style="dim"))


def _excluded(console: Console, audit: CountyAudit, lang: Lang) -> None:
    for reason, schools in present.excluded_groups(audit, lang):
        names = present.excluded_names(schools)
        line = t("report.excluded", lang, n=len(schools), reason=reason, names=names)
        console.print(Text(line, style="dim"))
