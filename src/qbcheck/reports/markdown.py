"""Markdown for a pull request or a CI job summary: the verdict, the parts, what blocks
recognition, the county items, the CVs and the school parts that fail or are undecided, in
GitHub-flavoured tables. One county is a `## ` section; several are a `# ` run heading with a
`## ` section each, and one provenance line for the run.

Every piece of text is escaped (`md`): a school's name, a reason or a justification can hold
`|`, a line break, `*` or `<script>` and still be one inert table cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

from qbcheck.core.messages import Lang, t
from qbcheck.reports import present
from qbcheck.reports.base import Options
from qbcheck.results.model import CountyAudit, Finding, Provenance, Region, Run

ICON = {
    "pass": "✅",
    "fail": "❌",
    "unknown": "❔",
    "attested": "📝",
    "at-risk": "⚠️",
    "partial": "◐",
}

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Markdown punctuation that would start emphasis, a code span or a link (and the backslash
# that escapes them); `|` would end a table cell.
_SPECIAL = re.compile(r"[\\`*~\[\]|]")


def md(text: object) -> str:
    """Text as Markdown shows it literally, on one line: HTML characters as entities, Markdown
    punctuation and `|` backslash-escaped, line breaks as spaces."""
    s = str(text)
    s = "".join(_ENTITIES.get(c, c) for c in s) if any(c in s for c in "&<>") else s
    s = _SPECIAL.sub(lambda m: "\\" + m.group(0), s)
    return " ".join(s.splitlines()) if "\n" in s or "\r" in s else s


def code(text: str) -> str:
    """A code span that holds any text: fenced by more backticks than it contains."""
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


Write = Callable[[str], object]


def render(run: Run, out: IO[Any], options: Options) -> None:
    """One county's report; for a region (several counties or years), the region report and
    the full section of each county asked for with --county (else the hint); then the
    provenance once for the run."""
    lang = options.lang
    w: Write = out.write
    if run.region is not None:
        _region(run.region, w, lang, options.limit)
        chosen = present.selected_audits(run, options.counties)
        for audit in chosen:
            _county(audit, w, lang, options.limit)
        if not chosen:
            w(f"{md(t('region.county.hint', lang))}\n\n")
        w(f"<sub>{_provenance(run.provenance, lang)}</sub>\n")
        return
    if len(run.audits) > 1:
        first = run.audits[0]
        title = t(
            "report.md.run_title", lang, n=len(run.audits), standard=first.standard.title(lang)
        )
        w(f"# {md(title)}\n\n")
        for audit in run.audits:
            verdict = present.verdict_line(audit, lang)
            label = present.county_label(audit, lang)
            w(f"- {ICON[audit.verdict]} {md(label)}: {md(verdict)}\n")
        w("\n")
    for audit in run.audits:
        _county(audit, w, lang, options.limit)
    w(f"<sub>{_provenance(run.provenance, lang)}</sub>\n")


def _county(audit: CountyAudit, w: Write, lang: Lang, limit: int) -> None:
    w(f"## {md(present.title(audit, lang))}\n\n")
    verdict = present.verdict_line(audit, lang)
    w(f"**{ICON[audit.verdict]} {md(verdict)}**\n\n")
    w(f"{md(present.counts_line(audit, lang))}\n\n")
    _parts(audit, w, lang)
    _blocking(audit, w, lang)
    _county_items(audit, w, lang)
    _cvs(audit, w, lang)
    _failing(audit, w, lang, limit)
    _unknown(audit, w, lang, limit)
    _excluded(audit, w, lang)
    _waivers(audit, w, lang)


def _region(region: Region, w: Write, lang: Lang, limit: int) -> None:
    """The region as the table shows it: the counts per year, the targets, the counties ranked
    (a table), the year-on-year changes."""
    w(f"# {md(present.region_title(region, lang))}\n\n")
    for line in present.region_count_lines(region, lang):
        w(f"- {md(line)}\n")
    w("\n")
    if region.targets:
        judged = t("region.judged", lang, year=region.as_of)
        w(f"**{md(t('region.targets', lang))}** · {md(judged)}\n\n")
        for target in region.targets:
            w(f"- {ICON[target.status]} {md(present.target_line(target, lang))}\n")
        w("\n")
    if region.closest:
        w(f"{md(present.closest_line(region, lang))}\n\n")
    w(f"## {md(t('region.rows', lang))}\n\n")
    keys = ["rank", "county", "code", "year", "verdict", "parts", "rules", "schools", "cv",
            "blocking", "plan"]  # fmt: skip
    trends = any(r.series is not None for r in region.rows)
    if trends:
        keys.append("trend")
    _head(w, tuple(f"region.col.{k}" for k in keys), "rlllllrrlll" + "l" * trends, lang)
    rows = region.rows if limit <= 0 else region.rows[:limit]
    for r in rows:
        a = r.audit
        cells = [
            str(r.rank),
            present.row_county(r, lang),
            present.plain(a.county.code or "—"),
            str(a.county.year or "—"),
            f"{ICON[a.verdict]} {present.verdict_word(a.verdict, lang)}",
            present.parts_text(a),
            present.rules_text(r),
            str(r.distance.failing_parts),
            present.margins_text(r, lang),
            present.blocking_text(r),
            present.plan_text(r, lang),
        ]
        if trends:
            cells.append(present.trend_text(r, lang))
        _row(w, [md(c) for c in cells])
    _shown_line(w, len(rows), len(region.rows), lang)
    w("\n")
    moved, still = region.moved, region.unchanged
    if moved or still:
        w(f"## {md(t('region.trend.title', lang))}\n\n")
        for r in moved if limit <= 0 else moved[:limit]:
            assert r.series is not None
            years = present.years_text(r.series, lang)
            county = present.row_county(r, lang)
            w(f"- {md(t('region.trend.county', lang, county=county, years=years))}\n")
            for line in present.trend_lines(r, lang):
                w(f"  - {md(line)}\n")
        if still:
            w(f"- {md(t('region.trend.unchanged', lang, n=still))}\n")
        w("\n")


def _head(w: Write, keys: tuple[str, ...], align: str, lang: Lang) -> None:
    """A table's heading row and its alignment row (`align`: one l or r per column)."""
    w("| " + " | ".join(md(t(k, lang)) for k in keys) + " |\n")
    w("|" + "|".join("--:" if a == "r" else "---" for a in align) + "|\n")


def _row(w: Write, cells: list[str]) -> None:
    w("| " + " | ".join(cells) + " |\n")


def _status(status: str, lang: Lang) -> str:
    return f"{ICON[status]} {md(present.status_word(status, lang))}"


def _parts(audit: CountyAudit, w: Write, lang: Lang) -> None:
    parts = audit.part_status
    if not parts:
        return
    _head(w, ("report.col.part", "report.col.verdict"), "ll", lang)
    for part, status in parts.items():
        name = audit.standard.parts[part].title(lang)
        _row(w, [f"{md(part)} {md(name)}", _status(status, lang)])
    w("\n")


def _blocking(audit: CountyAudit, w: Write, lang: Lang) -> None:
    for key, ids, _ in present.blocking_sections(audit):
        if ids:
            w(f"**{md(t(key, lang, n=len(ids)))}**\n\n")
            for rid in ids:
                w(f"- {code(rid)} {md(audit.rules[rid].title(lang))}\n")
            w("\n")


def _county_items(audit: CountyAudit, w: Write, lang: Lang) -> None:
    items = audit.county_items
    if not items:
        return
    if not audit.has_county_sheet:
        # Without the sheet every county item is undecided for the same reason: say it once.
        unknown = [f for f in items if f.status == "unknown"]
        w(f"{ICON['unknown']} {md(t('report.no_county_sheet', lang, n=len(unknown)))}\n\n")
        items = [f for f in items if f.status != "unknown"]
        if not items:
            return
    w(f"**{md(t('report.county.title', lang))}**\n\n")
    keys = ("report.col.rule", "report.col.item", "report.col.value", "report.col.threshold",
            "report.col.verdict", "report.col.reason")  # fmt: skip
    _head(w, keys, "llrrll", lang)
    for f in items:
        reason = present.reason_text(f, lang) if f.status != "pass" else ""
        _row(
            w,
            [
                md(f.rule.id),
                md(present.label(f, lang)),
                md(present.value_text(f, lang)),
                md(present.threshold_text(f, lang)),
                _status(f.status, lang),
                md(reason),
            ],
        )
    w("\n")


def _cvs(audit: CountyAudit, w: Write, lang: Lang) -> None:
    rows = audit.cv_findings
    if not rows:
        return
    std = audit.standard
    keys = ("report.col.stage", "report.col.indicator", "report.col.mean", "report.col.cv",
            "report.col.limit", "report.col.verdict")  # fmt: skip
    _head(w, keys, "llrrrl", lang)
    listed: list[Finding] = []
    for stage in audit.stages:
        for f in (f for f in rows if f.stage == stage):
            listed.append(f)
            ind = f.rule.indicator
            if f.rule.kind == "cv_mean" or ind is None:
                label, mean = f.rule.title(lang), ""
            else:
                label = f"{ind.key} {ind.short(lang)}"
                mean = present.num(f.mean, max(ind.decimals, 2) if ind.decimals else 0)
            limit = f"≤{f.threshold:.2f}" if f.threshold is not None else ""
            cells = [present.stage_word(stage, lang), label, mean,
                     present.num(f.value, std.cv_decimals), limit]  # fmt: skip
            _row(w, [md(c) for c in cells] + [_status(f.status, lang)])
    w("\n")
    for f in listed:
        if f.reason is not None:
            w(f"{ICON['unknown']} {code(f.rule.id)}: {md(f.reason.render(lang))}\n\n")
    for f in listed:
        lines = present.driver_lines(audit, f, lang)
        if lines:
            w(f"**{md(lines[0])}**\n\n")
            w("".join(f"- {md(line.strip())}\n" for line in lines[1:]) + "\n")
    line = present.schools_line(audit, lang)
    if line is not None:
        w(f"{md(line)}\n\n")


def _school(audit: CountyAudit, i: int) -> list[str]:
    return [md(audit.schools.names[i]), md(audit.schools.ids[i])]


def _rule_cell(f: Finding, lang: Lang) -> str:
    mark = f" {t('report.waived.mark', lang)}" if f.waiver is not None else ""
    return md(f.rule.id + mark)


def _shown_line(w: Write, shown: int, total: int, lang: Lang) -> None:
    if shown < total:
        w(f"\n{md(t('report.shown', lang, shown=shown, total=total))}\n")


def _failing(audit: CountyAudit, w: Write, lang: Lang, limit: int) -> None:
    """Every failing or at-risk finding of a school part, part by part (the heading counts
    parts, as every format does), with what closes its gap."""
    parts = audit.failing_parts
    if not parts:
        return
    w(f"**{md(t('report.failing.title', lang, n=len(parts)))}**\n\n")
    keys = ("report.col.school", "list.col.id", "report.col.stage", "report.col.rule",
            "report.col.value", "report.col.threshold", "report.col.fix")  # fmt: skip
    _head(w, keys, "llllrrl", lang)
    shown = parts if limit <= 0 else parts[:limit]
    for key, entries in shown:
        stage = md(present.stage_word(key.stage, lang))
        for block, k in present.part_entries(entries):
            f = block.finding(k)
            _row(
                w,
                [
                    *_school(audit, key.school),
                    stage,
                    _rule_cell(f, lang),
                    md(present.value_text(f, lang)),
                    md(present.threshold_text(f, lang)),
                    md(present.fix_text(f, lang)),
                ],
            )
    _shown_line(w, len(shown), len(parts), lang)
    w("\n")


def _unknown(audit: CountyAudit, w: Write, lang: Lang, limit: int) -> None:
    """Undecided school parts: a rule undecided everywhere for one reason is one row."""
    if not audit.unknown_parts:
        return
    shared, parts = audit.shared_unknowns, audit.listed_unknown_parts
    w(f"**{md(t('report.unknown.title', lang, n=len(audit.unknown_parts)))}**\n\n")
    keys = ("report.col.school", "list.col.id", "report.col.stage", "report.col.rule",
            "report.col.reason")  # fmt: skip
    _head(w, keys, "lllll", lang)
    for block, n, why in shared:
        stage = present.stage_word(block.stage, lang)
        cells = [t("report.all_parts", lang, n=n), "", stage, block.rule.id, why.render(lang)]
        _row(w, [md(c) for c in cells])
    shown = parts if limit <= 0 else parts[:limit]
    for key, entries in shown:
        stage = md(present.stage_word(key.stage, lang))
        for block, k in entries:
            reason = block.reason[k]
            text = reason.render(lang) if reason is not None else ""
            _row(w, [*_school(audit, key.school), stage, md(block.rule.id), md(text)])
    _shown_line(w, len(shown), len(parts), lang)
    w("\n")


def _excluded(audit: CountyAudit, w: Write, lang: Lang) -> None:
    groups = present.excluded_groups(audit, lang)
    for reason, schools in groups:
        names = present.excluded_names(schools)
        w(f"- {md(t('report.excluded', lang, n=len(schools), reason=reason, names=names))}\n")
    if groups:
        w("\n")


def _waivers(audit: CountyAudit, w: Write, lang: Lang) -> None:
    lines = present.waiver_lines(audit, lang)
    for style, line in lines:
        if style.startswith("bold"):
            w(f"**{md(line)}**\n\n")
        else:
            w(f"- {md(line.strip())}\n")
    if lines:
        w("\n")


def _provenance(p: Provenance, lang: Lang) -> str:
    """The provenance line with every name escaped: files as code spans, the rest as text."""
    plain = p._replace(
        qbcheck_version=md(p.qbcheck_version),
        standard=md(p.standard),
        edition=md(p.edition),
        select=(),
        ignore=(),
    )
    line = present.provenance_line(plain, lang, wrap=code)
    if p.select or p.ignore:
        line += " " + md(present.selection_line(p, lang))
    return line
