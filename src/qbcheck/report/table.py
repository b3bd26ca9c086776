"""The terminal report an officer reads first: county CVs per stage, then the failing school parts.

Laid out for an 80-column terminal: no vertical rules, short indicator names, wrapped names.
"""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qbcheck.engine import FAIL, PASS, UNKNOWN, AuditResult, SchoolResult
from qbcheck.fields import COMPULSORY
from qbcheck.messages import Lang, t
from qbcheck.standards import SchoolKofN, SchoolThreshold

STYLE = {PASS: "green", FAIL: "bold red", UNKNOWN: "yellow"}
REMEDY_UNIT = {
    "teachers_above_degree": ("名", " teachers"),
    "backbone_teachers": ("名", " teachers"),
    "pe_arts_teachers": ("名", " teachers"),
    "teaching_area": (" 平方米", " m²"),
    "sports_ground_area": (" 平方米", " m²"),
    "equipment_value": (" 元", " yuan"),
    "multimedia_rooms": (" 间", " rooms"),
}


def num(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def render(
    result: AuditResult, out: TextIO, lang: Lang, limit: int = 200, width: int | None = None
) -> None:
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    std = result.standard.model
    ds = result.dataset
    county = ds.county.county_name or t("report.county_unnamed", lang)
    if ds.county.county_code:
        county += f"（{ds.county.county_code}）" if lang == "zh" else f" ({ds.county.county_code})"
    year = str(ds.county.year) if ds.county.year else t("report.year_unknown", lang)
    console.print(
        Text(
            t("report.title", lang, county=county, year=year, standard=std.title(lang)),
            style="bold",
        )
    )
    console.print(Text(std.document, style="dim"))
    console.print(_verdict(result, lang))

    for stage in COMPULSORY:
        _cv_table(console, result, stage, lang)
    _schools_line(console, result, lang)
    _failing(console, result, lang, limit)
    _unknown(console, result, lang, limit)
    _excluded(console, result, lang)
    console.print(Text(t("report.legend", lang), style="dim"))


def _verdict(result: AuditResult, lang: Lang) -> Text:
    rules = result.rule_status()
    counts = {s: sum(1 for v in rules.values() if v == s) for s in (PASS, FAIL, UNKNOWN)}
    verdict = result.verdict()
    key = {
        PASS: "report.verdict.pass",
        FAIL: "report.verdict.fail",
        UNKNOWN: "report.verdict.unknown",
    }[verdict]
    return Text(
        t(key, lang, fail=counts[FAIL], unknown=counts[UNKNOWN], passed=counts[PASS]),
        style=STYLE[verdict],
    )


def _status(status: str, lang: Lang) -> Text:
    return Text(t(f"status.{status}", lang), style=STYLE[status])


def _cv_table(console: Console, result: AuditResult, stage: str, lang: Lang) -> None:
    std = result.standard.model
    rows = [c for c in result.county_results if c.stage == stage]
    parts = result.parts[stage]
    if not rows:
        return
    pupils = sum(p for p in parts.env.get("pupils", []) if p is not None)
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
        ind = std.indicators[c.rule.indicator]
        ok, n = passing.get(c.rule.indicator, (0, 0))
        verdict = _status(c.status, lang)
        if c.reason:
            notes.append(f"{c.rule.id}: {c.reason.render(lang)}")
        table.add_row(
            f"{c.rule.indicator} {ind.short(lang)}",
            num(c.mean, max(ind.decimals, 2) if ind.decimals else 0),
            num(c.value, decimals),
            f"≤{c.limit:.2f}",
            f"{ok}/{n}",
            verdict,
        )
    console.print(table)
    for note in notes:
        console.print(Text(note, style="yellow"))


def _passing_counts(result: AuditResult, stage: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for r in result.school_results:
        if r.stage == stage and isinstance(r.rule, SchoolThreshold):
            out[r.rule.indicator] = (r.status.count(PASS), len(r.status))
    return out


def _schools_line(console: Console, result: AuditResult, lang: Lang) -> None:
    counts = {}
    for r in result.school_results:
        if isinstance(r.rule, SchoolKofN):
            counts[r.stage] = (r.status.count(PASS), len(r.status))
    p_ok, p_n = counts.get("primary", (0, 0))
    j_ok, j_n = counts.get("junior", (0, 0))
    console.print(
        Text(t("report.schools.title", lang, p_ok=p_ok, p_n=p_n, j_ok=j_ok, j_n=j_n), style="bold")
    )


def _by_part(
    result: AuditResult, wanted: str
) -> dict[tuple[str, int], list[tuple[SchoolResult, int]]]:
    """Group school results by (stage, part index), keeping parts with a `wanted` status."""
    groups: dict[tuple[str, int], list[tuple[SchoolResult, int]]] = {}
    for r in result.school_results:
        for k, s in enumerate(r.status):
            if s == wanted:
                groups.setdefault((r.stage, k), []).append((r, k))
    return groups


def _part_table(lang: Lang) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.school", lang), max_width=18, overflow="fold")
    table.add_column(t("report.col.indicator", lang), overflow="fold")
    table.add_column(t("report.col.value", lang), justify="right")
    table.add_column(t("report.col.threshold", lang), justify="right")
    table.add_column(t("report.col.gap", lang), justify="right")
    table.add_column(t("report.col.fix", lang), overflow="fold")
    return table


def _school_cell(result: AuditResult, stage: str, k: int, lang: Lang) -> str:
    ds = result.dataset
    i = result.parts[stage].school[k]
    return f"{ds.columns['name'][i]}\n{ds.columns['school_id'][i]} · {t(f'stage.{stage}', lang)}"


def _failing(console: Console, result: AuditResult, lang: Lang, limit: int) -> None:
    groups = _by_part(result, FAIL)
    if not groups:
        return
    std = result.standard.model
    keys = sorted(groups, key=lambda sk: (COMPULSORY.index(sk[0]), sk[1]))
    shown = keys if limit <= 0 else keys[:limit]
    console.print(Text(t("report.failing.title", lang, n=len(keys)), style="bold red"))
    table = _part_table(lang)
    for stage, k in shown:
        rows: list[list[str | Text]] = []
        for r, kk in sorted(groups[(stage, k)], key=lambda e: isinstance(e[0].rule, SchoolKofN)):
            rule = r.rule
            if isinstance(rule, SchoolThreshold):
                ind = std.indicators[rule.indicator]
                rows.append(
                    [
                        Text(f"{rule.indicator} {ind.short(lang)}", style="red"),
                        num(r.values[kk], ind.decimals),
                        num(r.threshold, ind.decimals),
                        num(r.gap[kk], ind.decimals),
                        _fix(r.need[kk] if r.need else None, ind.remedy, lang),
                    ]
                )
            elif isinstance(rule, SchoolKofN):
                floor = [
                    m.rule.indicator
                    for m in result.school_results
                    if m.stage == stage
                    and m.rule.id in rule.of
                    and m.status[kk] == FAIL
                    and isinstance(m.rule, SchoolThreshold)
                    and m.values[kk] < rule.floor * m.threshold  # type: ignore[operator]
                ]
                n = len(rule.of)
                rows.append(
                    [
                        Text(rule.id, style="bold red"),
                        f"{r.values[kk]:.0f}/{n}",
                        f"{rule.k}/{n}",
                        "",
                        f"<{round(rule.floor * 100)}%: {', '.join(floor)}" if floor else "",
                    ]
                )
        for n_row, cells in enumerate(rows):
            table.add_row(_school_cell(result, stage, k, lang) if n_row == 0 else "", *cells)
        table.add_section()
    console.print(table)
    if len(shown) < len(keys):
        console.print(Text(t("report.shown", lang, shown=len(shown), total=len(keys)), style="dim"))


def _fix(need: float | None, remedy: str | None, lang: Lang) -> str:
    if need is None or remedy is None:
        return ""
    zh, en = REMEDY_UNIT.get(remedy, ("", ""))
    decimals = 0 if need >= 100 or float(need).is_integer() else 1
    return f"+{num(need, decimals)}{zh if lang == 'zh' else en}"


def _unknown(console: Console, result: AuditResult, lang: Lang, limit: int) -> None:
    groups = _by_part(result, UNKNOWN)
    if not groups:
        return
    keys = sorted(groups, key=lambda sk: (COMPULSORY.index(sk[0]), sk[1]))
    shown = keys if limit <= 0 else keys[:limit]
    console.print(Text(t("report.unknown.title", lang, n=len(keys)), style="bold yellow"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.school", lang), max_width=18, overflow="fold")
    table.add_column(t("report.col.rule", lang), overflow="fold")
    table.add_column(t("status.unknown", lang), overflow="fold")
    for stage, k in shown:
        first = True
        for r, kk in groups[(stage, k)]:
            detail = r.detail[kk]
            table.add_row(
                _school_cell(result, stage, k, lang) if first else "",
                r.rule.id,
                detail.render(lang) if detail else "",
            )
            first = False
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
        console.print(
            Text(
                f"{t('report.excluded', lang, n=len(names), reason=reason, names=listed)}",
                style="dim",
            )
        )
