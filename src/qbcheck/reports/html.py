"""One self-contained HTML file for a county office laptop: no script, no font, no request of
any kind leaves the file. Charts are inline SVG drawn here: each CV against its limit per stage,
and each indicator's spread across the school parts with the threshold marked.

Everything on the page is read from the result model: the findings, their counts and the
provenance. A run of several counties (or years) is one page about the region: the counts by
verdict per year, the region's targets, the counties ranked (one row each), a small panel per
county audited in several years (its CVs year by year against their limits, all panels on one
scale), then a section with the full report of each county asked for with --county (element ids
carry the county's number, so they stay unique). The region part has no per-school marks, so a
national run stays a page a browser opens.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import UNKNOWN
from qbcheck.reports.base import Options
from qbcheck.reports.present import (
    CvKey,
    blocking_sections,
    blocking_text,
    counts_line,
    county_label,
    cv_findings_of,
    cv_label,
    driver_lines,
    fix_text,
    fmt,
    gap_text,
    margins_text,
    num,
    part_entries,
    parts_text,
    plain,
    plan_text,
    provenance_line,
    reason_text,
    regime,
    region_count_lines,
    region_cvs,
    region_title,
    row_county,
    rules_text,
    schools_line,
    selected_audits,
    stage_word,
    status_word,
    subject_text,
    threshold_text,
    title,
    trend_lines,
    trend_text,
    value_text,
    verdict_line,
    verdict_word,
    waiver_lines,
)
from qbcheck.results.model import (
    CountyAudit,
    CountyRow,
    Finding,
    Provenance,
    Region,
    Run,
    SchoolBlock,
    StageSummary,
    Target,
)

Write = Callable[[str], object]

COLOUR = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#f9a825", "attested": "#00838f",
          "at-risk": "#8e24aa", "partial": "#546e7a"}  # fmt: skip
CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
h3{font-size:16px}section{margin-top:36px}
table{border-collapse:collapse;margin:8px 0}
caption{text-align:left;font-weight:bold;padding:4px 0}
td,th{border:1px solid #ddd;padding:3px 8px;font-size:13px}
th{background:#f3f6fa;text-align:left}td.n{text-align:right}tr.first td{border-top:2px solid #999}
.verdict{font-size:20px;font-weight:bold}
.small{color:#666;font-size:12px}svg text{font-size:12px}
.s-pass{color:#2e7d32}.s-fail{color:#c62828}.s-unknown{color:#b26a00}.s-attested{color:#00838f}
.s-at-risk{color:#8e24aa}.s-partial{color:#546e7a}.fail{color:#c62828}
.waived{color:#00838f}.warn{color:#b26a00}.b{font-weight:bold}
"""
# Only on a region's page (a county's page stays as it was).
REGION_CSS = """
.panels{display:flex;flex-wrap:wrap;gap:10px}
figure.panel{margin:0;border:1px solid #ddd;padding:4px 6px;width:300px}
figure.panel figcaption{font-size:12px}.hint{color:#555;font-style:italic}
td.tight{max-width:260px}
"""
# waiver_lines' styles as classes
_STYLE = {"bold cyan": "waived b", "cyan": "waived", "yellow": "warn"}


def e(text: object) -> str:
    """Text for the page: escaped, and no control or bidi character from the data (HTML has
    no use for them; a bidi override would reorder what a reader sees)."""
    return html.escape(plain(text), quote=True)


def _status(status: str, lang: Lang, extra: str = "") -> str:
    """A status cell: the word in its colour, and what follows it (a reason, a mark)."""
    return f'<td class="s-{e(status)}">{e(status_word(status, lang))}{extra}</td>'


def _cells(values: Iterable[object], numeric: Sequence[int] = ()) -> str:
    return "".join(
        f"<td class=n>{e(v)}</td>" if n in numeric else f"<td>{e(v)}</td>"
        for n, v in enumerate(values)
    )


def _head_row(w: Write, keys: Iterable[str], lang: Lang) -> None:
    w("<tr>" + "".join(f"<th>{e(t(key, lang))}</th>" for key in keys) + "</tr>")


def _shown(w: Write, shown: int, total: int, lang: Lang) -> None:
    if shown < total:
        w(f"<p class=small>{e(t('report.shown', lang, shown=shown, total=total))}</p>\n")


def _limited(items: Sequence[Any], limit: int) -> Sequence[Any]:
    return items if limit <= 0 else items[:limit]


# --- the page ------------------------------------------------------------------------------
def render(run: Run, out: IO[Any], options: Options) -> None:
    lang = options.lang
    w: Write = out.write
    one = run.single
    region = run.region
    if region is not None:
        page = region_title(region, lang)
    else:
        page = title(one, lang) if one is not None else _run_title(run, lang)
    w(f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>')
    w('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" ')
    w("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
    css = CSS + (REGION_CSS if region is not None else "")
    w(f"<title>{e(page)}</title><style>{css}</style></head><body>\n")
    if region is not None:
        chosen = selected_audits(run, options.counties)
        _region(w, run, region, chosen, lang)
        for audit in chosen:
            _county(w, audit, run.audits.index(audit) + 1, options, level=2)
        if not chosen:
            w(f"<p class=hint>{e(t('region.county.hint', lang))}</p>\n")
    elif one is not None:
        _county(w, one, 1, options, level=1)
    else:
        w(f"<h1>{e(page)}</h1>\n")
        _run_summary(w, run, lang)
        for k, audit in enumerate(run.audits, start=1):
            _county(w, audit, k, options, level=2)
    _provenance(w, run.provenance, lang)
    w("</body></html>\n")


def _run_title(run: Run, lang: Lang) -> str:
    standard = run.audits[0].standard.title(lang) if run.audits else run.provenance.standard
    return t("report.html.run_title", lang, n=len(run.audits), standard=standard)


def _run_summary(w: Write, run: Run, lang: Lang) -> None:
    """One line per county: its verdict, rules failing and undecided, school parts."""
    if run.audits:
        word = verdict_word(run.verdict, lang)
        line = t("report.verdict", lang, regime=regime(run.audits[0], lang), verdict=word)
        w(f'<p class="verdict s-{e(run.verdict)}">{e(line)}</p>\n')
    w(f"<table id=summary><caption>{e(t('report.html.summary', lang))}</caption>")
    _head_row(w, ("report.col.county", "report.col.verdict", "report.col.rules_fail",
                  "report.col.rules_unknown", "report.col.parts_fail",
                  "report.col.parts_unknown"), lang)  # fmt: skip
    for k, audit in enumerate(run.audits, start=1):
        counts = audit.rule_counts
        w(f'<tr><td><a href="#c{k}">{e(county_label(audit, lang))}</a></td>')
        w(f'<td class="s-{e(audit.verdict)}">{e(verdict_word(audit.verdict, lang))}</td>')
        figures = (counts["fail"], counts["unknown"], len(audit.failing_parts),
                   len(audit.unknown_parts))  # fmt: skip
        w(_cells(figures, numeric=range(4)) + "</tr>")
    w("</table>\n")


def _county(w: Write, audit: CountyAudit, k: int, options: Options, level: int) -> None:
    """A county's full report in a section of its own; headings start at `level`."""
    lang = options.lang
    pid = f"c{k}"
    std = audit.standard
    w(f'<section id="{pid}">\n')
    w(f"<h{level}>{e(title(audit, lang))}</h{level}>")
    w(f"<p class=small>{e(std.document)} · {e(' → '.join(std.chain))}</p>\n")
    w(f'<p class="verdict s-{e(audit.verdict)}">{e(verdict_line(audit, lang))}</p>\n')
    w(f"<p class=small>{e(counts_line(audit, lang))}</p>\n")
    _parts(w, audit, lang)
    _blocking(w, audit, lang)
    sub = level + 1
    _county_items(w, audit, lang, pid, sub)
    _cvs(w, audit, lang, pid, sub)
    _spreads(w, audit, lang, pid, sub)
    _schools_line(w, audit, lang)
    _failing(w, audit, lang, options.limit, pid, sub)
    _unknown(w, audit, lang, options.limit, pid, sub)
    _excluded(w, audit, lang, options.limit, pid, sub)
    for style, line in waiver_lines(audit, lang):
        w(f'<p class="{_STYLE.get(style, "small")}">{e(line.strip())}</p>\n')
    _citations(w, audit, lang, pid, sub)
    w("</section>\n")


def _h(w: Write, level: int, text: str, id: str) -> None:
    w(f'<h{level} id="{id}">{e(text)}</h{level}>\n')


def _parts(w: Write, audit: CountyAudit, lang: Lang) -> None:
    parts = audit.standard.parts
    w("<table>")
    _head_row(w, ("report.col.part", "report.col.verdict"), lang)
    for part, status in audit.part_status.items():
        w(f"<tr><td>{e(part)} {e(parts[part].title(lang))}</td>{_status(status, lang)}</tr>")
    w("</table>\n")


def _blocking(w: Write, audit: CountyAudit, lang: Lang) -> None:
    for key, ids, _ in blocking_sections(audit):
        if ids:
            w(f"<p><b>{e(t(key, lang, n=len(ids)))}</b></p><ul>")
            rules = audit.rules
            w("".join(f"<li><code>{e(r)}</code> {e(rules[r].title(lang))}</li>" for r in ids))
            w("</ul>\n")


def _item(f: Finding, lang: Lang) -> str:
    """A county finding's item: the rule's title and its stage (the subject has a column)."""
    text = f.rule.title(lang)
    if f.stage:
        text += f"（{stage_word(f.stage, lang)}）" if lang == "zh" else f" ({f.stage})"
    return text


def _mark(f: Finding, lang: Lang) -> str:
    return f" {e(t('report.waived.mark', lang))}" if f.waiver is not None else ""


def _reason(f: Finding, lang: Lang) -> str:
    """Why a county finding is not a pass, under its status."""
    if f.reason is None or f.status == "pass":
        return ""
    return f"<br><span class=small>{e(reason_text(f, lang))}</span>"


def _county_items(w: Write, audit: CountyAudit, lang: Lang, pid: str, level: int) -> None:
    """County figures, attestations, vetoes and group counts: one row each, every status."""
    items = audit.county_items
    if not items:
        return
    _h(w, level, t("report.county.title", lang), f"{pid}-county")
    if not audit.has_county_sheet:
        n = sum(1 for f in items if f.status == UNKNOWN)
        w(f"<p class=warn>{e(t('report.no_county_sheet', lang, n=n))}</p>\n")
    w("<table>")
    _head_row(w, ("report.col.rule", "report.col.subject", "report.col.item", "report.col.value",
                  "report.col.threshold", "report.col.verdict", "report.col.evidence",
                  "report.col.location"), lang)  # fmt: skip
    decimals = audit.standard.cv_decimals
    for f in items:
        extra = _mark(f, lang) + _reason(f, lang)
        w(f"<tr><td><code>{e(f.rule.id)}</code></td>")
        w(_cells((subject_text(f, lang), _item(f, lang))))
        w(_cells((value_text(f, lang, decimals), threshold_text(f, lang)), numeric=(0, 1)))
        w(_status(f.status, lang, extra))
        w(_cells((f.evidence or "", f.location or "")) + "</tr>")
    w("</table>\n")


# --- CVs -----------------------------------------------------------------------------------
def _cvs(w: Write, audit: CountyAudit, lang: Lang, pid: str, level: int) -> None:
    """Per stage: a table of the CVs (with the county mean, the parts passing and why one is
    undecided), the chart, and what drives a failing one."""
    cvs = audit.cv_findings
    if not cvs:
        return
    _h(w, level, t("report.col.cv", lang), f"{pid}-cv")
    decimals = audit.standard.cv_decimals
    for stage in dict.fromkeys([*audit.stages, *(f.stage for f in cvs)]):
        rows = [f for f in cvs if f.stage == stage]
        if not rows:
            continue
        summary = audit.stages.get(stage) if stage is not None else None
        if summary is not None:
            caption = t("report.cv.title", lang, stage=stage_word(stage, lang), n=summary.parts,
                        pupils=f"{summary.pupils:,.0f}")  # fmt: skip
        else:
            caption = stage_word(stage, lang)
        _h(w, level + 1, caption, f"{pid}-cv-{stage or 'school'}")
        w("<table>")
        _head_row(w, ("report.col.rule", "report.col.indicator", "report.col.mean",
                      "report.col.cv", "report.col.limit", "report.col.passing",
                      "report.col.verdict"), lang)  # fmt: skip
        for f in rows:
            _cv_row(w, audit, f, summary, lang, decimals)
        w("</table>\n")
        w(_cv_chart(rows, lang, decimals))
        for f in rows:
            lines = driver_lines(audit, f, lang)
            if lines:
                w(f"<p class=fail>{e(lines[0])}</p><ul>")
                w("".join(f"<li>{e(x.strip())}</li>" for x in lines[1:]) + "</ul>\n")


def _cv_row(
    w: Write,
    audit: CountyAudit,
    f: Finding,
    summary: StageSummary | None,
    lang: Lang,
    decimals: int,
) -> None:
    limit = f"≤{f.threshold:.2f}" if f.threshold is not None else ""
    extra = _mark(f, lang) + _reason(f, lang)
    if f.rule.kind == "cv_mean":
        indicators = audit.standard.indicators
        for key, cv in (f.components or {}).items():
            ind = indicators.get(key)
            name = f"{key} {ind.short(lang)}" if ind is not None else key
            w(f"<tr><td></td>{_cells((name, '', num(cv, decimals)), numeric=(2,))}")
            w("<td></td><td></td><td></td></tr>")
        w(f"<tr><td><code>{e(f.rule.id)}</code></td><td><b>{e(f.rule.title(lang))}</b></td>")
        w(f"<td></td>{_cells((num(f.value, decimals), limit), numeric=(0, 1))}<td></td>")
        w(_status(f.status, lang, extra) + "</tr>")
        return
    ind = f.rule.indicator
    name = f"{ind.key} {ind.short(lang)}" if ind is not None else f.rule.title(lang)
    mean = f.mean
    if mean is None and ind is not None and summary is not None:
        mean = summary.mean(ind.key)
    mean_decimals = (max(ind.decimals, 2) if ind.decimals else 0) if ind is not None else 2
    passing = summary.passing.get(ind.key) if summary is not None and ind is not None else None
    ok = f"{passing[0]}/{passing[1]}" if passing is not None else ""
    w(f"<tr><td><code>{e(f.rule.id)}</code></td>")
    w(_cells((name, num(mean, mean_decimals), num(f.value, decimals), limit, ok), range(1, 5)))
    w(_status(f.status, lang, extra) + "</tr>")


def _cv_label(f: Finding, lang: Lang) -> str:
    ind = f.rule.indicator
    return f"{ind.key} {ind.short(lang)}" if ind is not None else f.rule.id


def _cv_chart(rows: list[Finding], lang: Lang, decimals: int) -> str:
    """Horizontal bars, one per CV, with its limit drawn as a dashed line."""
    limits = [f.threshold for f in rows if f.threshold is not None]
    top = max([1.0, *(f.value or 0.0 for f in rows), *limits])
    width, left, bar = 640, 150, 18
    height = 20 + len(rows) * (bar + 8)
    scale = (width - left - 60) / top
    parts = [
        f'<svg width="{width}" height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for n, f in enumerate(rows):
        y = 10 + n * (bar + 8)
        parts.append(f'<text x="0" y="{y + 13}">{e(_cv_label(f, lang))}</text>')
        if f.value is not None:
            parts.append(
                f'<rect x="{left}" y="{y}" width="{f.value * scale:.1f}" height="{bar}" '
                f'fill="{COLOUR[f.status]}"/>'
            )
            parts.append(
                f'<text x="{left + f.value * scale + 4:.1f}" y="{y + 13}">'
                f"{e(num(f.value, decimals))}</text>"
            )
        if f.threshold is not None:
            x = left + f.threshold * scale
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + bar + 3}" '
                'stroke="#000" stroke-dasharray="4 2"/>'
            )
    if limits:
        limit = limits[0]
        x = left + limit * scale + 3
        parts.append(f'<text x="{x:.1f}" y="{height - 2}">≤{limit:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --- spreads -------------------------------------------------------------------------------
def _spread_blocks(audit: CountyAudit) -> list[tuple[SchoolBlock, StageSummary]]:
    """The threshold rules judging every part of a stage on an indicator, with that stage:
    their parts are the stage's parts, so its values and their statuses line up."""
    out = []
    for b in audit.blocks:
        ind = b.rule.indicator
        summary = audit.stages.get(b.stage) if b.stage is not None else None
        if b.rule.kind != "school_threshold" or ind is None or summary is None:
            continue
        if ind.key not in summary.passing or ind.key not in summary.values:
            continue  # a rule with a filter judges some parts only
        if b.school is summary.school or list(b.school) == list(summary.school):
            out.append((b, summary))
    return out


def _spreads(w: Write, audit: CountyAudit, lang: Lang, pid: str, level: int) -> None:
    blocks = _spread_blocks(audit)
    charts = [c for c in (_spread(b, s, lang) for b, s in blocks) if c]
    if charts:
        _h(w, level, t("report.html.spread", lang), f"{pid}-spread")
        w("\n".join(charts) + "\n")


def _spread(b: SchoolBlock, summary: StageSummary, lang: Lang) -> str:
    """Every school part's value as a dot on one axis, the threshold as a red line."""
    ind = b.rule.indicator
    assert ind is not None
    values = summary.values[ind.key].tolist()
    known = [v for v in values if math.isfinite(v)]
    if not known:
        return ""
    thr = float(b.thresholds[0]) if len(b.thresholds) else 0.0
    top = max([*known, thr]) * 1.05 or 1.0
    width, left, height = 640, 150, 34
    scale = (width - left - 20) / top
    label = f"{ind.key} {ind.short(lang)} · {stage_word(b.stage, lang)}"
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    parts.append(f'<text x="0" y="20">{e(label)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="17" y2="17" stroke="#bbb"/>')
    for v, s in zip(values, b.status, strict=True):
        if not math.isfinite(v):
            continue
        cx = left + v * scale
        parts.append(f'<circle cx="{cx:.1f}" cy="17" r="3" fill="{COLOUR[s]}" fill-opacity="0.6"/>')
    x = left + thr * scale
    parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="30" stroke="#c62828"/>')
    parts.append(f'<text x="{x + 3:.1f}" y="31" fill="#c62828">{e(fmt(thr, ind))}</text>')
    parts.append("</svg><br>")
    return "".join(parts)


# --- school parts --------------------------------------------------------------------------
def _schools_line(w: Write, audit: CountyAudit, lang: Lang) -> None:
    line = schools_line(audit, lang)
    if line is not None:
        w(f"<p><b>{e(line)}</b></p>\n")


def _what(f: Finding, lang: Lang) -> str:
    """A school finding's indicator (the rule id has a column of its own)."""
    rule = f.rule
    if rule.kind == "school_classes":
        return t("report.class_size", lang)
    if rule.indicator is not None:
        return f"{rule.indicator.key} {rule.indicator.short(lang)}"
    return rule.title(lang)


def _school_cells(f: Finding, lang: Lang) -> str:
    return _cells((f.name or "", f.subject, stage_word(f.stage, lang)))


def _failing(w: Write, audit: CountyAudit, lang: Lang, limit: int, pid: str, level: int) -> None:
    """Failing and at-risk school parts, every finding of each with what closes the gap."""
    parts = audit.failing_parts
    if not parts:
        return
    _h(w, level, t("report.failing.title", lang, n=len(parts)), f"{pid}-failing")
    w("<table>")
    _head_row(w, ("report.col.school", "list.col.id", "report.col.stage", "report.col.rule",
                  "report.col.indicator", "report.col.value", "report.col.threshold",
                  "report.col.gap", "report.col.fix", "report.col.status"), lang)  # fmt: skip
    shown = parts.first(limit)
    for _, entries in shown:
        for n, (b, k) in enumerate(part_entries(entries)):  # the k-of-n verdict last
            f = b.finding(k)
            w('<tr class="first">' if n == 0 else "<tr>")
            w(_school_cells(f, lang))
            w(f"<td><code>{e(f.rule.id)}</code></td><td>{e(_what(f, lang))}{_mark(f, lang)}</td>")
            cells = (value_text(f, lang), threshold_text(f, lang), gap_text(f))
            w(_cells(cells, numeric=(0, 1, 2)) + _cells((fix_text(f, lang),)))
            w(_status(f.status, lang) + "</tr>")
    w("</table>\n")
    _shown(w, len(shown), len(parts), lang)
    w(f"<p class=small>{e(t('report.legend', lang))}</p>\n")


def _unknown(w: Write, audit: CountyAudit, lang: Lang, limit: int, pid: str, level: int) -> None:
    """Undecided school parts with the blank cells named; a rule undecided everywhere for one
    reason is one row."""
    parts = audit.unknown_parts
    if not parts:
        return
    _h(w, level, t("report.unknown.title", lang, n=len(parts)), f"{pid}-unknown")
    w("<table>")
    _head_row(w, ("report.col.school", "list.col.id", "report.col.stage", "report.col.rule",
                  "report.col.reason"), lang)  # fmt: skip
    for b, n, why in audit.shared_unknowns:
        w("<tr>" + _cells((t("report.all_parts", lang, n=n), "", stage_word(b.stage, lang))))
        w(f"<td><code>{e(b.rule.id)}</code></td>{_cells((why.render(lang),))}</tr>")
    listed = audit.listed_unknown_parts
    shown = listed.first(limit)
    for _, entries in shown:
        for n, (b, k) in enumerate(entries):
            f = b.finding(k)
            w('<tr class="first">' if n == 0 else "<tr>")
            w(_school_cells(f, lang))
            w(f"<td><code>{e(f.rule.id)}</code>{_mark(f, lang)}</td>")
            w(_cells((reason_text(f, lang),)) + "</tr>")
    w("</table>\n")
    _shown(w, len(shown), len(listed), lang)


def _excluded(w: Write, audit: CountyAudit, lang: Lang, limit: int, pid: str, level: int) -> None:
    items = audit.excluded
    if not items:
        return
    _h(w, level, t("report.html.excluded", lang, n=len(items)), f"{pid}-excluded")
    w("<table>")
    _head_row(w, ("report.col.school", "list.col.id", "report.col.location",
                  "report.col.reason"), lang)  # fmt: skip
    shown = _limited(items, limit)
    for x in shown:
        w("<tr>" + _cells((x.name, x.subject, x.location, x.reason.render(lang))) + "</tr>")
    w("</table>\n")
    _shown(w, len(shown), len(items), lang)


# --- the region ----------------------------------------------------------------------------
def _region(w: Write, run: Run, region: Region, chosen: list[CountyAudit], lang: Lang) -> None:
    """The region as a whole: counts per year, targets, the counties ranked, their years."""
    std = run.audits[0].standard
    w('<section id="region">\n')
    w(f"<h1>{e(region_title(region, lang))}</h1>\n")
    w(f"<p class=small>{e(std.title(lang))} · {e(std.document)} · {e(' → '.join(std.chain))}</p>\n")
    lines = region_count_lines(region, lang)
    w(f"<p class=verdict id=region-counts>{e(lines[0])}</p>\n")
    for line in lines[1:]:
        w(f"<p>{e(line)}</p>\n")
    if region.targets:
        _targets(w, region, lang)
    if region.closest:
        names = "、".join(
            f'<a href="#r{r.rank}">{e(row_county(r, lang))}</a>' for r in region.closest
        )
        line = e(t("region.closest", lang, names="\ue000")).replace("\ue000", names)
        w(f"<p><b>{line}</b></p>\n")
    sections = {id(a): k for k, a in enumerate(run.audits, start=1) if a in chosen}
    _rows(w, region, sections, lang)
    _panels(w, run, region, lang)
    w("</section>\n")


def _targets(w: Write, region: Region, lang: Lang) -> None:
    _h(w, 2, t("region.targets", lang), "region-targets")
    w(f"<p class=small>{e(t('region.judged', lang, year=region.as_of))}</p>\n<table>")
    _head_row(w, ("report.col.rule", "region.page.col.target", "report.col.status",
                  "region.page.col.recognised", "region.page.col.needed", "region.page.col.total",
                  "region.page.col.gap", "region.page.col.target_year", "region.page.col.short",
                  "report.col.reason", "region.page.col.citation"), lang)  # fmt: skip
    for x in region.targets:
        w(f'<tr id="target-{e(x.rule.id)}"><td><code>{e(x.rule.id)}</code></td>')
        w(_cells((x.rule.title(lang),)) + _status(x.status, lang))
        figures = (x.recognised, x.needed, x.total, x.gap or "", x.rule.target_year or "—")
        w(_cells(figures, numeric=range(5)))
        w(_cells((_short(x), x.reason.render(lang) if x.reason is not None else "")))
        c = x.rule.citation
        w(f"<td>{e(c.document)} {e(c.clause)}</td></tr>\n")
    w("</table>\n")


def _short(x: Target) -> str:
    """The counties a target names that are not recognised yet (a target over every county of
    the region names no one: its gap says how many)."""
    return "、".join(x.short_names) if x.counties else ""


def _rows(w: Write, region: Region, sections: dict[int, int], lang: Lang) -> None:
    """One row per county, nearest to recognition first; a county whose full report is on the
    page links to it."""
    _h(w, 2, t("region.rows", lang), "region-rows")
    trends = any(r.series is not None for r in region.rows)
    keys = ["region.col.rank", "region.col.county", "region.col.code", "region.col.year",
            "region.col.verdict", "region.col.parts", "region.col.rules", "region.col.schools",
            "region.col.cv", "region.col.blocking", "region.col.plan"]  # fmt: skip
    if trends:
        keys.append("region.col.trend")
    w("<table id=rows>")
    _head_row(w, keys, lang)
    for r in region.rows:
        a = r.audit
        name = e(row_county(r, lang))
        k = sections.get(id(a))
        if k is not None:
            name = f'<a href="#c{k}">{name}</a>'
        w(f'<tr id="r{r.rank}"><td class=n>{r.rank}</td><td>{name}</td>')
        w(_cells((a.county.code or "—", a.county.year or "—")))
        w(f'<td class="s-{e(a.verdict)}">{e(verdict_word(a.verdict, lang))}</td>')
        w(_cells((parts_text(a), rules_text(r), r.distance.failing_parts), numeric=(1, 2)))
        w(f"<td>{e(margins_text(r, lang))}</td><td class=tight>{e(blocking_text(r))}</td>")
        w(_cells((plan_text(r, lang), *([trend_text(r, lang)] if trends else []))) + "</tr>\n")
    w("</table>\n")


# Panel geometry: a label column, then the bars; every panel the same size and scale.
_PANEL_W, _LABEL_W, _BAR, _STEP = 288, 78, 6, 7


def _panels(w: Write, run: Run, region: Region, lang: Lang) -> None:
    """A small panel per county audited in several years: a row per CV, a bar per year coloured
    by that year's result, the limit dashed; the verdict year by year above it."""
    rows = [r for r in region.rows if r.series is not None]
    if not rows:
        return
    _h(w, 2, t("region.trend.title", lang), "region-trend")
    keys = region_cvs(region)
    labels = [cv_label(region, key, lang) for key in keys]
    values = [v for r in rows for p in r.points for v in p.cvs.values() if v is not None]
    limits = [
        f.threshold
        for r in rows
        for f in r.audit.cv_findings
        if f.threshold is not None and f.value is not None
    ]
    top = max([*values, *limits], default=0.0) * 1.05 or 1.0
    decimals = region.rows[0].audit.standard.cv_decimals
    note = t("region.page.panels.note", lang)
    scale = t("region.page.panel.scale", lang, top=num(top, 2))
    w(f"<p class=small>{e(note)} {e(scale)}</p>\n<div class=panels>\n")
    for r in rows:
        assert r.series is not None
        years = " → ".join(
            f'<span class="s-{e(p.verdict)}">{e(p.year or "—")} '
            f"{e(verdict_word(p.verdict, lang))}</span>"
            for p in r.series.points
        )
        w(f'<figure class=panel id="t{r.rank}"><figcaption><b>{e(row_county(r, lang))}</b> ')
        w(f"{years}</figcaption>")
        w(_panel(r, keys, labels, list(r.audits), top, decimals))
        lines = trend_lines(r, lang) or [t("region.trend.same", lang)]
        w("".join(f"<div class=small>{e(line)}</div>" for line in lines))
        w("</figure>\n")
    w("</div>\n")


def _panel(
    r: CountyRow,
    keys: list[CvKey],
    labels: list[str],
    audits: list[CountyAudit | None],
    top: float,
    decimals: int,
) -> str:
    points = r.points
    n = len(points)
    found = [cv_findings_of(a) for a in audits]
    latest = cv_findings_of(r.audit)
    row_h = n * _STEP + 6
    height = len(keys) * row_h + 4
    scale = (_PANEL_W - _LABEL_W - 40) / top
    out = [
        f'<svg width="{_PANEL_W}" height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (key, label) in enumerate(zip(keys, labels, strict=True)):
        y0 = 3 + i * row_h
        out.append(f'<text x="0" y="{y0 + n * _STEP / 2 + 4:.0f}" font-size="10">{e(label)}</text>')
        last: float | None = None
        for j, p in enumerate(points):
            v = p.cvs.get(key)
            if v is None:
                continue
            f = found[j].get(key)
            colour = COLOUR.get(f.status, "#999") if f is not None else "#999"
            opacity = 0.35 + 0.65 * (j + 1) / n
            out.append(
                f'<rect x="{_LABEL_W}" y="{y0 + j * _STEP}" width="{v * scale:.1f}" '
                f'height="{_BAR}" fill="{colour}" fill-opacity="{opacity:.2f}"/>'
            )
            last = v
        if last is not None:
            x = _LABEL_W + last * scale + 3
            out.append(
                f'<text x="{x:.1f}" y="{y0 + n * _STEP:.0f}" font-size="9">'
                f"{e(num(last, decimals))}</text>"
            )
        limit = latest.get(key)
        if limit is not None and limit.threshold is not None:
            x = _LABEL_W + limit.threshold * scale
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y0 - 1}" y2="{y0 + n * _STEP}" '
                'stroke="#000" stroke-dasharray="3 2"/>'
            )
    out.append("</svg>")
    return "".join(out)


# --- citations and provenance --------------------------------------------------------------
def _citations(w: Write, audit: CountyAudit, lang: Lang, pid: str, level: int) -> None:
    _h(w, level, t("show.citation", lang), f"{pid}-citations")
    w("<table>")
    _head_row(w, ("list.col.id", "list.col.title", "show.original", "show.confidence"), lang)
    for rid, rule in audit.rules.items():
        c = rule.citation
        w(f"<tr><td><code>{e(rid)}</code></td><td>{e(rule.title(lang))}</td>")
        w(f"<td>{e(c.document)} {e(c.clause)}：「{e(c.text)}」</td>")
        w(f"<td>{e(t(f'confidence.{rule.confidence}', lang))}</td></tr>")
    w("</table>\n")


def _provenance(w: Write, p: Provenance, lang: Lang) -> None:
    """The run's provenance line, and every file it read with its full SHA-256."""
    _h(w, 2, t("report.html.provenance", lang), "provenance")
    w("<table>")
    _head_row(w, ("report.col.file", "report.col.sha256"), lang)
    files = [*p.inputs, *p.rule_files, *([p.waivers] if p.waivers is not None else [])]
    for h in files:
        w(f"<tr><td>{e(h.file)}</td><td><code>{e(h.sha256)}</code></td></tr>")
    w("</table>\n")
    w(f"<p class=small>{e(provenance_line(p, lang))}</p>\n")
