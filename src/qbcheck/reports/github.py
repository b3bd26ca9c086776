"""GitHub Actions workflow commands: one annotation per failing, undecided or at-risk finding,
so a pull request that changes a county's workbook shows what it breaks. Passing and attested
findings are not annotated (the job summary, --format md, shows the whole picture).

With several counties each annotation's title starts with its county; the provenance is one
notice for the run. A region run (several counties or years) is a notice with its counts, an
annotation per region target not met and per county not recognised, and the full annotations
of the counties asked for with --county only. `--limit` caps the annotations per county (0: all
of them).
"""

from __future__ import annotations

from typing import IO, Any

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import AT_RISK, FAIL, UNKNOWN
from qbcheck.reports import present
from qbcheck.reports.base import Options
from qbcheck.results.model import CountyAudit, Finding, Provenance, Run

LEVEL = {"fail": "error", "unknown": "warning", "at-risk": "warning"}


def escape_data(text: str) -> str:
    """The message part of a workflow command (GitHub's escaping rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(run: Run, out: IO[Any], options: Options) -> None:
    lang = options.lang
    if run.region is not None:
        _region(run, out, options)
        out.write(
            f"::notice title=qbcheck provenance::{escape_data(_note(run.provenance, lang))}\n"
        )
        return
    many = len(run.audits) > 1
    for audit in run.audits:
        county = present.county_label(audit, lang) if many else None
        _county(audit, out, lang, options.limit, county)
    out.write(f"::notice title=qbcheck provenance::{escape_data(_note(run.provenance, lang))}\n")


def _region(run: Run, out: IO[Any], options: Options) -> None:
    """A notice with the region's counts, its targets and its counties ranked; an annotation
    per target not met (fail: error; undecided or at risk: warning), at the rule's definition,
    and per county not recognised, at its file; then the full annotations of the counties
    asked for with --county only."""
    region = run.region
    assert region is not None
    lang = options.lang
    lines = [present.region_title(region, lang), *present.region_count_lines(region, lang)]
    if region.targets:
        lines.append(
            t("region.targets", lang) + " · " + t("region.judged", lang, year=region.as_of)
        )
        lines += [present.target_line(target, lang) for target in region.targets]
    lines.append(t("region.rows", lang))
    for row in region.rows:
        label = present.plain(present.county_label(row.audit, lang))
        lines.append(f"{row.rank}. {label} · {present.verdict_word(row.audit.verdict, lang)}")
    chosen = present.selected_audits(run, options.counties)
    if not chosen:
        lines.append(t("region.county.hint", lang))
    title = escape_property(t("region.ci.notice", lang))
    out.write(f"::notice title={title}::{escape_data(chr(10).join(lines))}\n")
    for target in region.targets:
        if target.status not in LEVEL:
            continue
        file, _, line = target.rule.origin.rpartition(":")
        where = f"file={escape_property(file)},line={line}," if file and line.isdigit() else ""
        name = escape_property(f"{target.rule.id} {target.rule.title(lang)}")
        message = escape_data(present.target_line(target, lang))
        out.write(f"::{LEVEL[target.status]} {where}title={name}::{message}\n")
    for row in region.rows:
        if row.distance.recognised:
            continue
        a = row.audit
        path = escape_property(str(a.source))
        name = escape_property(present.plain(present.county_year_label(a, region, lang)))
        message = escape_data(present.row_problem(row, lang))
        out.write(f"::{LEVEL[present.row_status(row)]} file={path},title={name}::{message}\n")
    for audit in chosen:
        county = present.county_year_label(audit, region, lang)
        _county(audit, out, lang, options.limit, county)


def _county(audit: CountyAudit, out: IO[Any], lang: Lang, limit: int, county: str | None) -> None:
    path = escape_property(str(audit.source))
    for shown, f in enumerate(audit.findings(FAIL, UNKNOWN, AT_RISK)):
        if limit and shown >= limit:
            break
        title = f"{f.rule.id} {f.subject}" + (f" {f.stage}" if f.stage else "")
        if county is not None:
            title = f"{county} · {title}"
        out.write(
            f"::{LEVEL[f.status]} file={path},title={escape_property(title)}::"
            f"{escape_data(_message(f, lang))}\n"
        )


def _message(f: Finding, lang: Lang) -> str:
    """status: rule · subject (cell) · value · requirement · reason."""
    where = f" ({f.location})" if f.location else ""
    parts = [f"{present.status_word(f.status, lang)}: {f.rule.title(lang)}",
             f"{f.name or f.subject}{where}"]  # fmt: skip
    if f.value is not None:
        parts.append(f"{t('report.col.value', lang)} {f.value:.6g}")
    if f.threshold is not None:
        parts.append(f"{t('report.col.threshold', lang)} {f.threshold:.6g}")
    reason = present.reason_text(f, lang)
    if reason:
        parts.append(reason)
    return " · ".join(parts)


def _note(p: Provenance, lang: Lang) -> str:
    """The run's provenance, with the full SHA-256 of every file read."""
    files = "; ".join(f"{h.file} {h.sha256}" for h in (*p.inputs, *p.rule_files))
    note = f"qbcheck {p.qbcheck_version} · {p.standard} ({p.edition}) · {files} · {p.run_at_text}"
    if p.select or p.ignore:
        note += " · " + present.selection_line(p, lang)
    return note
