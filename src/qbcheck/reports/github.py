"""GitHub Actions workflow commands: one annotation per failing, undecided or at-risk finding,
so a pull request that changes a county's workbook shows what it breaks. Passing and attested
findings are not annotated (the job summary, --format md, shows the whole picture)."""

from __future__ import annotations

from typing import IO, Any, TextIO

from qbcheck.core.messages import Lang, t
from qbcheck.evaluate.engine import AuditResult
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_header
from qbcheck.results.findings import iter_findings
from qbcheck.results.model import Run
from qbcheck.results.provenance import provenance

LEVEL = {"fail": "error", "unknown": "warning", "at-risk": "warning"}


def escape_data(text: str) -> str:
    """The message part of a workflow command (GitHub's escaping rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_result(result: AuditResult, out: TextIO, lang: Lang, limit: int = 0) -> None:
    std = result.standard
    path = str(result.dataset.source)
    shown = 0
    for f in iter_findings(result, lang):
        level = LEVEL.get(f["status"])  # type: ignore[arg-type]
        if level is None:
            continue
        if limit and shown >= limit:
            continue
        shown += 1
        rule = std.rules[f["rule"]]  # type: ignore[index]
        subject = f.get("name") or f["subject"]
        where = f" ({f['location']})" if f.get("location") else ""
        status = t(f"status.{f['status']}", lang)
        parts = [f"{status}: {rule.title(lang)}", f"{subject}{where}"]
        if f["value"] is not None:
            parts.append(f"{t('report.col.value', lang)} {f['value']:.6g}")
        if f["threshold"] is not None:
            parts.append(f"{t('report.col.threshold', lang)} {f['threshold']:.6g}")
        if f.get("reason"):
            parts.append(str(f["reason"]))
        title = f"{f['rule']} {f['subject']}" + (f" {f['stage']}" if f["stage"] else "")
        out.write(
            f"::{level} file={escape_property(path)},title={escape_property(title)}::"
            f"{escape_data(' · '.join(parts))}\n"
        )
    prov = provenance(result)
    files = "; ".join(
        [f"{prov['input']['file']} {prov['input']['sha256']}"]  # type: ignore[index]
        + [f"{r['file']} {r['sha256']}" for r in prov["rule_files"]]  # type: ignore[union-attr]
    )
    version, run_at = prov["qbcheck_version"], prov["run_at"]
    note = f"qbcheck {version} · {std.id} ({std.model.edition}) · {files} · {run_at}"
    out.write(f"::notice title=qbcheck provenance::{escape_data(note)}\n")


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Transitional: each county's engine result, until this format reads the result model."""
    for k, result in enumerate(run.legacy, start=1):
        if len(run.legacy) > 1 and "github" != "xlsx":
            out.write(("\n" if k > 1 else "") + county_header(run, k, options.lang) + "\n")
        render_result(result, out, options.lang, limit=options.limit)
