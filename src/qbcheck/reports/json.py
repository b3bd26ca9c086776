"""Versioned JSON for pipelines. docs/json-output.md is the contract; bump SCHEMA_VERSION on any
change that could break a reader (removing or renaming a key, changing a meaning)."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import TextIO

from qbcheck import __version__
from qbcheck.core.messages import Lang
from qbcheck.core.status import STATUSES
from qbcheck.evaluate.engine import AuditResult
from qbcheck.results.findings import _waiver, iter_findings
from qbcheck.results.provenance import provenance

SCHEMA_VERSION = "1.1"


def document(
    result: AuditResult, lang: Lang, run_at: dt.datetime | None = None, findings: bool = True
) -> dict[str, object]:
    """The whole document as a dict; without its findings (the writer streams those)."""
    std = result.standard.model
    ds = result.dataset
    rules = result.rule_status()
    counts = dict.fromkeys(STATUSES, 0)
    for c in result.county_results:
        counts[c.status] += 1
    for r in result.school_results:
        for status in set(r.status):
            counts[status] += r.status.count(status)
    doc = {
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
    }
    if findings:
        doc["findings"] = list(iter_findings(result, lang))
    return doc


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
    """The document, its findings one a line. A national file has millions of findings: each
    line is put together from pieces encoded once (a school's id, name and cell; a reason; a
    rule) rather than by the JSON encoder walking millions of dictionaries."""
    head = json.dumps(
        document(result, lang, findings=False), ensure_ascii=False, indent=1, allow_nan=False
    )
    out.write(head[: -len("\n}")])
    out.write(',\n "findings": [')
    first = True
    for lines in _finding_lines(result, lang):
        if lines:
            out.write("\n  " if first else ",\n  ")
            out.write(",\n  ".join(lines))
            first = False
    out.write("]\n}\n" if first else "\n ]\n}\n")


def _text(value: object) -> str:
    return "null" if value is None else encode_basestring(str(value))


def _number(value: object) -> str:
    """A number as json writes it; NaN and infinity are null (json would refuse them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or not math.isfinite(value):  # type: ignore[arg-type]
        return "null"
    return repr(value) if isinstance(value, int) else float.__repr__(float(value))  # type: ignore[arg-type]


def _finding_lines(result: AuditResult, lang: Lang) -> Iterator[list[str]]:
    """Batches of encoded findings, in the order of iter_findings (county, then school rows)."""
    yield [
        json.dumps(f, ensure_ascii=False, allow_nan=False)
        for f in iter_findings(result, lang, schools=False)
    ]
    ds = result.dataset
    ids, names = ds.columns["school_id"], ds.columns["name"]
    who: dict[int, tuple[str, str]] = {}  # school → (subject and name, location and row)
    reasons: dict[int, str] = {}  # id of a shared reason (alive in the result) → encoded text
    for r in result.school_results:
        head = f'{{"rule": {_text(r.rule.id)}, "scope": "school", '
        stage = f', "stage": {_text(r.stage)}, "status": "'
        values = [_number(v) for v in r.values.tolist()]
        thresholds = [_number(v) for v in r.thresholds.tolist()]
        lines = []
        for k, status in enumerate(r.status):
            i = r.parts.school[k]
            if i not in who:
                who[i] = (
                    f'"subject": {_text(ids[i])}, "name": {_text(names[i])}',
                    f'"location": {_text(ds.cell("school_id", i))}, "row": {ds.rows[i]}',
                )
            subject, location = who[i]
            detail = r.detail[k]
            if detail is None:
                reason = "null"
            else:
                reason = reasons.get(id(detail))
                if reason is None:
                    reason = reasons[id(detail)] = _text(detail.render(lang))
            gap = r.gap[k]
            need = r.need[k] if r.need else None
            line = (
                f'{head}{subject}{stage}{status}", "value": {values[k]}, '
                f'"threshold": {thresholds[k]}, "gap": {_number(gap)}, "need": {_number(need)}, '
                f'{location}, "reason": {reason}'
            )
            if k in r.waived:
                waiver = json.dumps(_waiver(result, r.waived[k]), ensure_ascii=False)
                line += f', "waiver": {waiver}'
            lines.append(line + "}")
        yield lines
