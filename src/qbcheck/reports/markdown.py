"""Markdown for a pull request or a CI job summary: the verdict, the parts, what blocks
recognition, the CVs and the failing school parts, in GitHub-flavoured tables."""

from __future__ import annotations

from typing import IO, Any, TextIO

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import FAIL
from qbcheck.evaluate.engine import AuditResult
from qbcheck.kinds.cv_limit import CvLimit
from qbcheck.kinds.cv_mean import CvMean
from qbcheck.kinds.school_k_of_n import SchoolKofN
from qbcheck.kinds.school_threshold import SchoolThreshold
from qbcheck.model.fields import COMPULSORY
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_header
from qbcheck.reports.table import blocking_sections, driver_lines, fmt, num
from qbcheck.results.model import Run
from qbcheck.results.provenance import provenance

ICON = {"pass": "✅", "fail": "❌", "unknown": "❔", "attested": "📝", "at-risk": "⚠️"}


def cell(text: object) -> str:
    """A table cell: pipes and line breaks would break the row."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_result(result: AuditResult, out: TextIO, lang: Lang, limit: int = 200) -> None:
    std = result.standard
    ds = result.dataset
    county = ds.county.county_name or t("report.county_unnamed", lang)
    year = ds.county.year or t("report.year_unknown", lang)
    w = out.write
    title = t("report.title", lang, county=county, year=year, standard=std.model.title(lang))
    w(f"## {cell(title)}\n\n")
    verdict = result.verdict()
    regime = std.model.regime(lang) if std.model.regime else std.model.title(lang)
    word = t(f"verdict.{verdict}", lang)
    w(f"**{ICON[verdict]} {t('report.verdict', lang, regime=regime, verdict=word)}**\n\n")

    w(f"| {t('report.col.part', lang)} | {t('report.col.verdict', lang)} |\n|---|---|\n")
    for part, status in result.part_status().items():
        name = std.model.parts[part](lang)
        w(f"| {part} {cell(name)} | {ICON[status]} {t(f'status.{status}', lang)} |\n")
    w("\n")

    for key, ids, _ in blocking_sections(result):
        if ids:
            w(f"**{t(key, lang, n=len(ids))}**\n\n")
            for rid in ids:
                w(f"- `{rid}` {cell(std.rules[rid].title(lang))}\n")
            w("\n")

    _cvs(result, w, lang)
    _failing(result, w, lang, limit)
    p = provenance(result)
    files = ", ".join(
        [f"`{p['input']['file']}` {p['input']['sha256'][:12]}"]  # type: ignore[index]
        + [f"`{r['file']}` {r['sha256'][:12]}" for r in p["rule_files"]]  # type: ignore[union-attr]
    )
    line = t(
        "report.provenance",
        lang,
        version=p["qbcheck_version"],
        standard=f"{std.id} ({std.model.edition})",
        files=files,
        run_at=p["run_at"],
    )
    w(f"<sub>{line}</sub>\n")


def _cvs(result: AuditResult, w, lang: Lang) -> None:
    std = result.standard.model
    rows = [c for c in result.county_results if isinstance(c.rule, CvLimit | CvMean)]
    if not rows:
        return
    keys = ("stage", "indicator", "mean", "cv", "limit", "verdict")
    head = [t(f"report.col.{k}", lang) for k in keys]
    w("| " + " | ".join(head) + " |\n|---|---|--:|--:|--:|---|\n")
    for stage in COMPULSORY:
        for c in (c for c in rows if c.stage == stage):
            if isinstance(c.rule, CvMean):
                label = c.rule.title(lang)
                mean = ""
            else:
                ind = std.indicators[c.rule.indicator]
                label = f"{c.rule.indicator} {ind.short(lang)}"
                mean = num(c.mean, max(ind.decimals, 2) if ind.decimals else 0)
            w(
                f"| {t(f'stage.{stage}', lang)} | {cell(label)} | {mean} | "
                f"{num(c.value, std.parameters.cv_decimals)} | ≤{c.limit:.2f} | "
                f"{ICON[c.status]} {t(f'status.{c.status}', lang)} |\n"
            )
    w("\n")
    for c in rows:
        lines = driver_lines(result, c, lang)
        if lines:
            w(f"**{cell(lines[0])}**\n\n")
            w("".join(f"- {cell(line.strip())}\n" for line in lines[1:]) + "\n")


def _failing(result: AuditResult, w, lang: Lang, limit: int) -> None:
    std = result.standard.model
    ds = result.dataset
    rows = []
    for r in result.school_results:
        if isinstance(r.rule, SchoolKofN) or FAIL not in r.status:
            continue
        for k, s in enumerate(r.status):
            if s != FAIL:
                continue
            i = r.parts.school[k]
            stage = t(f"stage.{r.stage or 'school'}", lang)
            if isinstance(r.rule, SchoolThreshold):
                ind = std.indicators[r.rule.indicator]
                value, thr = fmt(r.value(k), ind), fmt(r.threshold_at(k), ind)
            else:
                value, thr = num(r.value(k), 0), f"{r.threshold_at(k):g}"
            rows.append(
                (ds.columns["name"][i], ds.columns["school_id"][i], stage, r.rule.id, value, thr)
            )
    if not rows:
        return
    w(f"**{t('report.failing.title', lang, n=len(rows))}**\n\n")
    keys = ("report.col.school", "list.col.id", "report.col.stage", "report.col.rule",
            "report.col.value", "report.col.threshold")  # fmt: skip
    head = [t(k, lang) for k in keys]
    w("| " + " | ".join(head) + " |\n|---|---|---|---|--:|--:|\n")
    shown = rows if limit <= 0 else rows[:limit]
    for row in shown:
        w("| " + " | ".join(cell(x) for x in row) + " |\n")
    if len(shown) < len(rows):
        w(f"\n{t('report.shown', lang, shown=len(shown), total=len(rows))}\n")
    w("\n")


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Transitional: each county's engine result, until this format reads the result model."""
    for k, result in enumerate(run.legacy, start=1):
        if len(run.legacy) > 1 and "markdown" != "xlsx":
            out.write(("\n" if k > 1 else "") + county_header(run, k, options.lang) + "\n")
        render_result(result, out, options.lang, limit=options.limit)
