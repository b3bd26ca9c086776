"""Versioned JSON for pipelines. docs/json-output.md is the contract; bump SCHEMA_VERSION on any
change that could break a reader (removing or renaming a key, changing a meaning)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TextIO

from qbcheck import __version__
from qbcheck.engine import STATUSES, AuditResult
from qbcheck.messages import Lang
from qbcheck.provenance import provenance
from qbcheck.report.findings import iter_findings

SCHEMA_VERSION = "1.1"


def document(
    result: AuditResult, lang: Lang, run_at: dt.datetime | None = None
) -> dict[str, object]:
    std = result.standard.model
    ds = result.dataset
    rules = result.rule_status()
    findings = list(iter_findings(result, lang))
    counts = dict.fromkeys(STATUSES, 0)
    for f in findings:
        counts[f["status"]] += 1  # type: ignore[index]
    return {
        "schema_version": SCHEMA_VERSION,
        "qbcheck_version": __version__,
        "standard": {
            "id": std.id,
            "title": std.title(lang),
            "regime": std.regime(lang) if std.regime else None,
            "document": std.document,
            "edition": std.edition,
            "extends": result.standard.chain[1:],
        },
        "input": {
            "file": str(ds.source),
            "sheet": ds.sheet,
            "county_name": ds.county.county_name,
            "county_code": ds.county.county_code,
            "year": ds.county.year,
            "as_of": result.as_of,
            "schools": len(ds),
            "ignored_columns": ds.ignored,
            "absent_columns": sorted(ds.absent),
        },
        "summary": {
            "verdict": result.verdict(),
            "exit_code": result.exit_code(),
            "parts": [
                {"part": p, "title": std.parts[p](lang), "status": s}
                for p, s in result.part_status().items()
            ],
            "rules": {s: sum(1 for v in rules.values() if v == s) for s in STATUSES},
            "findings": counts,
            "waived": result.waived_count(),
        },
        "rules": [
            {
                "rule": rid,
                "part": result.standard.rules[rid].part,
                "status": status,
                "title": result.standard.rules[rid].title(lang),
                "confidence": result.standard.rules[rid].confidence,
                "target_year": result.standard.rules[rid].target_year,
            }
            for rid, status in rules.items()
        ],
        "excluded": [
            {
                "subject": ds.columns["school_id"][e.school],
                "name": ds.columns["name"][e.school],
                "location": ds.cell("school_id", e.school),
                "reason": e.reason.render(lang),
            }
            for e in result.excluded
        ],
        "waivers": _waivers(result),
        "provenance": provenance(result, run_at),
        "findings": findings,
    }


def _waivers(result: AuditResult) -> dict[str, object] | None:
    """Expired and unused waivers, by their place in the file, so stale ones get removed."""
    w = result.waivers
    if w is None:
        return None
    today = dt.date.today()

    def items(indices: list[int]) -> list[dict[str, object]]:
        return [
            {"rule": w.items[n].rule, "subject": w.items[n].subject, "line": w.lines[n]}
            for n in indices
        ]

    return {
        "file": str(w.path),
        "count": len(w.items),
        "expired": items(w.expired(today)),
        "unused": items(w.unused(today)),
    }


def render(result: AuditResult, out: TextIO, lang: Lang) -> None:
    json.dump(document(result, lang), out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")
