"""One self-contained HTML file for a county office laptop: no script, no font, no request of
any kind leaves the file. Charts are inline SVG drawn here: each CV against its limit per stage,
and each indicator's spread across the school parts with the threshold marked."""

from __future__ import annotations

import html
import math
from typing import IO, Any, TextIO

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import FAIL
from qbcheck.evaluate.engine import AuditResult
from qbcheck.kinds.cv_limit import CvLimit
from qbcheck.kinds.school_threshold import SchoolThreshold
from qbcheck.model.fields import COMPULSORY
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_header
from qbcheck.reports.table import blocking_sections, driver_lines, fmt, num
from qbcheck.results.model import Run
from qbcheck.results.provenance import provenance

COLOUR = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#f9a825", "attested": "#00838f",
          "at-risk": "#8e24aa"}  # fmt: skip
CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ddd;padding:3px 8px;font-size:13px}
th{background:#f3f6fa;text-align:left}td.n{text-align:right}
.verdict{font-size:20px;font-weight:bold}
.small{color:#666;font-size:12px}svg text{font-size:12px}.fail{color:#c62828}.pass{color:#2e7d32}
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_result(result: AuditResult, out: TextIO, lang: Lang) -> None:
    std = result.standard
    ds = result.dataset
    county = ds.county.county_name or t("report.county_unnamed", lang)
    year = ds.county.year or t("report.year_unknown", lang)
    title = t("report.title", lang, county=county, year=year, standard=std.model.title(lang))
    verdict = result.verdict()
    regime = std.model.regime(lang) if std.model.regime else std.model.title(lang)
    w = out.write
    w(f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>')
    w('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" ')
    w("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
    w(f"<title>{e(title)}</title><style>{CSS}</style></head><body>\n")
    w(f"<h1>{e(title)}</h1><p class=small>{e(std.model.document)}</p>\n")
    word = t(f"verdict.{verdict}", lang)
    w(f'<p class="verdict" style="color:{COLOUR[verdict]}">')
    w(f"{e(t('report.verdict', lang, regime=regime, verdict=word))}</p>\n")

    head = f"<th>{e(t('report.col.part', lang))}</th><th>{e(t('report.col.verdict', lang))}</th>"
    w(f"<table><tr>{head}</tr>")
    for part, status in result.part_status().items():
        w(f"<tr><td>{e(part)} {e(std.model.parts[part](lang))}</td>")
        w(f'<td style="color:{COLOUR[status]}">{e(t(f"status.{status}", lang))}</td></tr>')
    w("</table>\n")
    for key, ids, _ in blocking_sections(result):
        if ids:
            w(f"<p><b>{e(t(key, lang, n=len(ids)))}</b></p><ul>")
            w("".join(f"<li><code>{e(r)}</code> {e(std.rules[r].title(lang))}</li>" for r in ids))
            w("</ul>\n")

    cvs = [c for c in result.county_results if isinstance(c.rule, CvLimit)]
    if cvs:
        w(f"<h2>{e(t('report.col.cv', lang))}</h2>\n")
        for stage in COMPULSORY:
            rows = [c for c in cvs if c.stage == stage]
            if rows:
                w(f"<h3>{e(t(f'stage.{stage}', lang))}</h3>")
                w(_cv_chart(result, rows, lang))
                for c in rows:
                    lines = driver_lines(result, c, lang)
                    if lines:
                        w(f"<p class=fail>{e(lines[0])}</p><ul>")
                        w("".join(f"<li>{e(x.strip())}</li>" for x in lines[1:]) + "</ul>")
        w(f"<h2>{e(t('report.html.spread', lang))}</h2>\n")
        for r in result.school_results:
            if isinstance(r.rule, SchoolThreshold) and r.stage and not r.rule.where:
                w(_spread(result, r, lang))

    _failing(result, w, lang)
    w(f"<h2>{e(t('show.citation', lang))}</h2><table>")
    w(f"<tr><th>{e(t('list.col.id', lang))}</th><th>{e(t('list.col.title', lang))}</th>")
    w(f"<th>{e(t('show.original', lang))}</th><th>{e(t('show.confidence', lang))}</th></tr>")
    for rid, rule in std.rules.items():
        c = rule.citation
        w(f"<tr><td><code>{e(rid)}</code></td><td>{e(rule.title(lang))}</td>")
        w(f"<td>{e(c.document)} {e(c.clause)}：「{e(c.text)}」</td>")
        w(f"<td>{e(t(f'confidence.{rule.confidence}', lang))}</td></tr>")
    w("</table>\n")
    p = provenance(result)
    w(f"<p class=small>qbcheck {e(p['qbcheck_version'])} · {e(std.id)} · SHA-256 ")
    w(f"{e(p['input']['file'])} {e(p['input']['sha256'])} · {e(p['run_at'])}</p>")  # type: ignore[index]
    w("</body></html>\n")


def _cv_chart(result: AuditResult, rows: list, lang: Lang) -> str:
    """Horizontal bars, one per indicator, with the limit drawn as a line."""
    std = result.standard.model
    top = max([1.0, *(c.value or 0 for c in rows), *(c.limit for c in rows)])
    width, left, bar = 640, 150, 18
    height = 20 + len(rows) * (bar + 8)
    scale = (width - left - 60) / top
    parts = [
        f'<svg width="{width}" height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for n, c in enumerate(rows):
        y = 10 + n * (bar + 8)
        ind = std.indicators[c.rule.indicator]
        label = f"{c.rule.indicator} {ind.short(lang)}"
        parts.append(f'<text x="0" y="{y + 13}">{e(label)}</text>')
        if c.value is not None:
            colour = COLOUR[c.status]
            parts.append(
                f'<rect x="{left}" y="{y}" width="{c.value * scale:.1f}" height="{bar}" '
                f'fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{left + c.value * scale + 4:.1f}" y="{y + 13}">'
                f"{num(c.value, std.parameters.cv_decimals)}</text>"
            )
        x = left + c.limit * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + bar + 3}" stroke="#000" '
            'stroke-dasharray="4 2"/>'
        )
    limit = rows[0].limit
    parts.append(f'<text x="{left + limit * scale + 3:.1f}" y="{height - 2}">≤{limit:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _spread(result: AuditResult, r, lang: Lang) -> str:
    """Every school part's value as a dot on one axis, the threshold as a red line."""
    std = result.standard.model
    ind = std.indicators[r.rule.indicator]
    values = [r.value(k) for k in range(len(r.status))]
    known = [v for v in values if v is not None]
    if not known:
        return ""
    thr = r.threshold or 0.0
    top = max([*known, thr]) * 1.05 or 1.0
    width, left, height = 640, 150, 34
    scale = (width - left - 20) / top
    label = f"{r.rule.indicator} {ind.short(lang)} · {t(f'stage.{r.stage}', lang)}"
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    parts.append(f'<text x="0" y="20">{e(label)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="17" y2="17" stroke="#bbb"/>')
    for v, s in zip(values, r.status, strict=True):
        if v is None or not math.isfinite(v):
            continue
        colour = COLOUR[s]
        cx = left + v * scale
        parts.append(f'<circle cx="{cx:.1f}" cy="17" r="3" fill="{colour}" fill-opacity="0.6"/>')
    x = left + thr * scale
    parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="30" stroke="#c62828"/>')
    parts.append(f'<text x="{x + 3:.1f}" y="31" fill="#c62828">{e(fmt(thr, ind))}</text>')
    parts.append("</svg><br>")
    return "".join(parts)


def _failing(result: AuditResult, w, lang: Lang) -> None:
    std = result.standard.model
    ds = result.dataset
    rows = []
    for r in result.school_results:
        if FAIL not in r.status or not isinstance(r.rule, SchoolThreshold):
            continue
        ind = std.indicators[r.rule.indicator]
        for k, s in enumerate(r.status):
            if s == FAIL:
                i = r.parts.school[k]
                stage = t(f"stage.{r.stage or 'school'}", lang)
                rows.append((ds.columns["name"][i], ds.columns["school_id"][i], stage, r.rule.id,
                             fmt(r.value(k), ind), fmt(r.threshold_at(k), ind)))  # fmt: skip
    if not rows:
        return
    w(f"<h2>{e(t('report.failing.title', lang, n=len(rows)))}</h2><table><tr>")
    for key in ("report.col.school", "list.col.id", "report.col.stage", "report.col.rule",
                "report.col.value", "report.col.threshold"):  # fmt: skip
        w(f"<th>{e(t(key, lang))}</th>")
    w("</tr>")
    for row in rows:
        w("<tr>" + "".join(f"<td>{e(x)}</td>" for x in row) + "</tr>")
    w("</table>\n")


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Transitional: each county's engine result, until this format reads the result model."""
    for k, result in enumerate(run.legacy, start=1):
        if len(run.legacy) > 1 and "html" != "xlsx":
            out.write(("\n" if k > 1 else "") + county_header(run, k, options.lang) + "\n")
        render_result(result, out, options.lang)
