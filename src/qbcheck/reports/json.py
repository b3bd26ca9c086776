"""Versioned JSON for pipelines. docs/json-output.md is the contract; bump SCHEMA_VERSION on any
change that could break a reader (removing or renaming a key, changing a meaning).

One county: one document. Several: a document with a `counties` array of the same documents,
streamed one after another (never rendered to a string and parsed back).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import IO, Any

import numpy as np

from qbcheck import __version__
from qbcheck.core.messages import Lang, Phrase
from qbcheck.reports.base import Options
from qbcheck.results.model import CountyAudit, CountyRow, Finding, Region, Run, Waived

SCHEMA_VERSION = "1.3"


def _waiver(w: Waived | None) -> dict[str, object] | None:
    if w is None:
        return None
    return {
        "justification": w.justification,
        "approved_by": w.approved_by,
        "expires": w.expires.isoformat(),
    }


def finding_dict(f: Finding, lang: Lang) -> dict[str, object]:
    """A finding as the JSON document holds it (the streamed writer below writes school
    findings in the same key order, from pieces; a test holds the two to the same document)."""
    if f.scope == "school":
        out: dict[str, object] = {
            "rule": f.rule.id,
            "scope": "school",
            "subject": f.subject,
            "name": f.name,
            "stage": f.stage,
            "status": f.status,
            "value": f.value,
            "threshold": f.threshold,
            "gap": f.gap,
            "need": f.need,
            "location": f.location,
            "row": f.row,
            "reason": f.reason.render(lang) if f.reason else None,
        }
        if f.waiver is not None:
            out["waiver"] = _waiver(f.waiver)
        return out
    out = {
        "rule": f.rule.id,
        "scope": f.scope,
        "subject": f.subject,
        "stage": f.stage,
        "status": f.status,
        "value": f.value,
        "threshold": f.threshold,
        "gap": f.gap,
        "reason": f.reason.render(lang) if f.reason else None,
    }
    if f.rule.kind in ("cv_limit", "cv_mean"):
        out.update(mean=f.mean, schools=f.schools, pupils=f.pupils)
    if f.components:
        out["components"] = f.components
    if f.drivers:
        out["drivers"] = [
            {"subject": d.subject, "name": d.name, "share": d.share, "cv_without": d.cv_without}
            for d in f.drivers
        ]
    if f.location:
        out["location"] = f.location
    if f.rule.kind in ("attestation", "veto"):
        out["evidence"] = f.evidence
    if f.waiver is not None:
        out["waiver"] = _waiver(f.waiver)
    return out


def document(run: Run, audit: CountyAudit, lang: Lang, findings: bool = True) -> dict[str, object]:
    """One county's document as a dict; without its findings (the writer streams those)."""
    std = audit.standard
    doc: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "qbcheck_version": __version__,
        "standard": {
            "id": std.id,
            "title": std.title(lang),
            "regime": std.regime(lang) if std.regime else None,
            "document": std.document,
            "edition": std.edition,
            "extends": list(std.chain[1:]),
        },
        "input": {
            "file": str(audit.source),
            "sheet": audit.sheet,
            "county_name": audit.county.name,
            "county_code": audit.county.code,
            "year": audit.county.year,
            "as_of": audit.as_of,
            "schools": len(audit.schools),
            "ignored_columns": audit.ignored_columns,
            "absent_columns": audit.absent_columns,
        },
        "summary": {
            "verdict": audit.verdict,
            "exit_code": audit.exit_code(run.fail_on),
            "parts": [
                {"part": p, "title": std.parts[p].title(lang), "status": s}
                for p, s in audit.part_status.items()
            ],
            "rules": audit.rule_counts,
            "findings": audit.finding_counts,
            "waived": audit.waived_count,
        },
        "rules": [
            {
                "rule": rid,
                "part": audit.rules[rid].part,
                "status": status,
                "title": audit.rules[rid].title(lang),
                "confidence": audit.rules[rid].confidence,
                "target_year": audit.rules[rid].target_year,
            }
            for rid, status in audit.rule_status.items()
        ],
        "excluded": [
            {
                "subject": e.subject,
                "name": e.name,
                "location": e.location,
                "reason": e.reason.render(lang),
            }
            for e in audit.excluded
        ],
        "waivers": _waivers(audit),
        "provenance": run.provenance.as_dict(),
    }
    if findings:
        doc["findings"] = [finding_dict(f, lang) for f in audit.findings()]
    return doc


def region_dict(region: Region, lang: Lang) -> dict[str, object]:
    """The region as JSON (docs/json-output.md, "The region"): counts, targets, the ranked
    county rows and, for counties in several years, their series."""
    return {
        "counties": region.counties,
        "county_years": region.audits,
        "years": list(region.years),
        "year": region.year,
        "as_of": region.as_of,
        "regime": region.regime(lang) if region.regime else None,
        "verdicts": region.counts,
        "by_year": [{"year": year, "verdicts": counts} for year, counts in region.by_year.items()],
        "targets": [
            {
                "rule": x.rule.id,
                "title": x.rule.title(lang),
                "status": x.status,
                "year": x.year,
                "target_year": x.rule.target_year,
                "recognised": x.recognised,
                "needed": x.needed,
                "total": x.total,
                "undecided": x.undecided,
                "share": x.share,
                "threshold": {"share": x.threshold_share, "count": x.threshold_count},
                "gap": x.gap,
                "counties": list(x.counties),
                "recognised_counties": list(x.recognised_names),
                "not_recognised": list(x.short_names),
                "not_in_run": list(x.missing_names),
                "reason": x.reason.render(lang) if x.reason else None,
                "citation": {
                    "document": x.rule.citation.document,
                    "clause": x.rule.citation.clause,
                    "text": x.rule.citation.text,
                },
                "confidence": x.rule.confidence,
            }
            for x in region.targets
        ],
        "closest": [r.key for r in region.closest],
        "rows": [_row(r) for r in region.rows],
    }


def _row(r: CountyRow) -> dict[str, object]:
    a = r.audit
    d = r.distance
    out: dict[str, object] = {
        "rank": r.rank,
        "key": r.key,
        "county_name": a.county.name,
        "county_code": a.county.code,
        "year": a.county.year,
        "file": str(a.source),
        "verdict": a.verdict,
        "parts": dict(a.part_status),
        "rules": {"fail": d.failing_rules, "unknown": d.undecided_rules},
        "failing_parts": d.failing_parts,
        "unknown_parts": len(a.unknown_parts),
        "cv_excess": d.cv_excess,
        "cv_margins": {
            stage: {
                "rule": m.rule,
                "indicator": m.indicator,
                "value": m.value,
                "limit": m.limit,
                "margin": m.margin,
            }
            for stage, m in r.cv_margins.items()
        },
        "blocking": {"fail": a.blocking["fail"], "unknown": a.blocking["unknown"]},
        "planned_year": r.planned_year,
        "plan": r.plan,
    }
    if r.series is not None:
        out["series"] = {
            "years": [p.year for p in r.series.points],
            "verdicts": [p.verdict for p in r.series.points],
            "failing_rules": [p.failing_rules for p in r.series.points],
            "undecided_rules": [p.undecided_rules for p in r.series.points],
            "failing_parts": [p.failing_parts for p in r.series.points],
            "cvs": [
                {
                    "rule": rid,
                    "stage": stage,
                    "values": [p.cvs.get((rid, stage)) for p in r.series.points],
                }
                for rid, stage in dict.fromkeys(k for p in r.series.points for k in p.cvs)
            ],
            "changes": [
                {
                    "what": c.what,
                    "rule": c.rule,
                    "stage": c.stage,
                    "before": c.before,
                    "after": c.after,
                    "better": c.better,
                }
                for c in r.series.changes
            ],
        }
    return out


def _waivers(audit: CountyAudit) -> dict[str, object] | None:
    """Expired and unused waivers, by their place in the file, so stale ones get removed."""
    w = audit.waivers
    if w is None:
        return None

    def items(ws: tuple[Waived, ...]) -> list[dict[str, object]]:
        return [{"rule": x.rule, "subject": x.subject, "line": x.line} for x in ws]

    return {
        "file": str(w.file),
        "count": w.items,
        "expired": items(w.expired),
        "unused": items(w.unused),
    }


def render(run: Run, out: IO[Any], options: Options) -> None:
    lang = options.lang
    if len(run.audits) == 1:
        _write_county(run, run.audits[0], out, lang, indent="")
        out.write("\n")
        return
    head = {
        "schema_version": SCHEMA_VERSION,
        "qbcheck_version": __version__,
        "input": {
            "files": [h.file for h in run.provenance.inputs],
            "file": run.provenance.inputs[0].file if run.provenance.inputs else None,
            "counties": len(run.audits),
            "schools": run.schools,
        },
        "summary": {"verdict": run.verdict, "exit_code": run.exit_code},
        "provenance": run.provenance.as_dict(),
    }
    if run.region is not None:
        head["region"] = region_dict(run.region, lang)
    text = json.dumps(head, ensure_ascii=False, indent=1, allow_nan=False)
    out.write(text[: -len("\n}")])
    out.write(',\n "counties": [\n  ')
    memo: dict[tuple, str] = {}  # what the counties' documents share, encoded once
    for k, audit in enumerate(run.audits):
        if k:
            out.write(",\n  ")
        # Each county's document is its own, as --per-county writes it: its provenance names
        # its input, not the thousands of a province's folder (the run's provenance is above).
        _write_county(run.county_run(audit), audit, out, lang, indent="  ", memo=memo)
    out.write("\n ]\n}\n")


def _write_county(
    run: Run,
    audit: CountyAudit,
    out: IO[Any],
    lang: Lang,
    indent: str,
    memo: dict[tuple, str] | None = None,
) -> None:
    """The document, its findings one a line. A national file has millions of findings: each
    line is put together from pieces encoded once (a school's id, name and cell; a reason; a
    rule) rather than by the JSON encoder walking millions of dictionaries."""
    head = _head(document(run, audit, lang, findings=False), {} if memo is None else memo)
    if indent:
        head = head.replace("\n", "\n" + indent)
    out.write(head[: -len("\n}") - len(indent)])
    out.write(f',\n{indent} "findings": [')
    first = True
    sep = f",\n{indent}  "
    for lines in _finding_lines(audit, lang):
        if lines:
            out.write(f"\n{indent}  " if first else sep)
            out.write(sep.join(lines))
            first = False
        del lines  # not kept while the next batch is made
    out.write(f"]\n{indent}}}" if first else f"\n{indent} ]\n{indent}}}")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)


def _head(doc: dict[str, object], memo: dict[tuple, str]) -> str:
    """_dumps(doc), key by key; each entry of `rules` (the same few hundred texts in every
    county of a region: a rule and its status) is encoded once and looked up after."""
    pieces = []
    for key, value in doc.items():
        if key == "rules" and isinstance(value, list) and value:
            items = []
            for item in value:
                values = tuple(item.values())
                seen = (*item, *values, *map(type, values))  # 1 and 1.0 encode differently
                text = memo.get(seen)
                if text is None:
                    text = memo[seen] = _dumps(item).replace("\n", "\n  ")
                items.append(text)
            text = "[\n  " + ",\n  ".join(items) + "\n ]"
        else:
            text = _dumps(value).replace("\n", "\n ")
        pieces.append(f" {_dumps(key)}: {text}")
    return "{\n" + ",\n".join(pieces) + "\n}"


def _text(value: object) -> str:
    return "null" if value is None else encode_basestring(str(value))


def _number(value: float | None) -> str:
    """A number as json writes it; NaN and infinity are null (json would refuse them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or not math.isfinite(value):
        return "null"
    return repr(value) if isinstance(value, int) else float.__repr__(float(value))


def _numbers(values: np.ndarray) -> list[str]:
    """`_number` of each float of an array, in C but for the few that are not finite."""
    if len(values) < 512:  # a county's block of a region: numpy's checks cost more than this
        return [float.__repr__(v) if v - v == 0.0 else "null" for v in values.tolist()]
    out = list(map(float.__repr__, values.tolist()))
    bad = ~np.isfinite(values)
    if bad.any():
        for k in np.flatnonzero(bad).tolist():
            out[k] = "null"
    return out


def _column(values: list[float | None]) -> list[str]:
    """`_number` of each item: None and finite floats (nearly all) without a call."""
    return [
        "null"
        if v is None
        else (float.__repr__(v) if type(v) is float and v - v == 0.0 else _number(v))
        for v in values
    ]


_CHUNK = 8192  # school findings encoded at a time


def _finding_lines(audit: CountyAudit, lang: Lang) -> Iterator[list[str]]:
    """Batches of encoded findings, in the order of audit.findings() (county, then schools)."""
    yield [
        json.dumps(finding_dict(f, lang), ensure_ascii=False, allow_nan=False)
        for f in audit.county_findings
    ]
    table = audit.schools
    ids, names, cells, rows = table.ids, table.names, table.cells, table.rows
    who: dict[int, tuple[str, str]] = {}  # school → (subject and name, location and row)
    reasons: dict[int, str] = {}  # id of a reason shared in a block → its encoded text

    def school(i: int) -> tuple[str, str]:
        got = who[i] = (
            f'"subject": {_text(ids[i])}, "name": {_text(names[i])}',
            f'"location": {_text(cells[i])}, "row": {rows[i]}',
        )
        return got

    def reason(detail: Phrase) -> str:
        got = reasons[id(detail)] = _text(detail.render(lang))
        return got

    for b in audit.blocks:
        # Per block: a national file's undecided rows each have a reason of their own, and a
        # cache kept over every block would hold millions of encoded sentences at once.
        reasons.clear()
        head = f'{{"rule": {_text(b.rule.id)}, "scope": "school", '
        stage = f', "stage": {_text(b.stage)}, "status": "'
        waived = sorted(b.waived)
        # A chunk of rows at a time: a block of 200,000 rows encoded at once would hold 130 MB
        # of lines, and the writer the block before it.
        for a in range(0, len(b.status), _CHUNK):
            z = a + _CHUNK
            schools = [who[i] if i in who else school(i) for i in b.school[a:z]]
            texts = [
                "null" if d is None else (reasons[id(d)] if id(d) in reasons else reason(d))
                for d in b.reason[a:z]
            ]
            lines = [
                f'{head}{subject}{stage}{status}", "value": {value}, "threshold": {threshold}, '
                f'"gap": {gap}, "need": {need}, {location}, "reason": {text}}}'
                for (subject, location), status, value, threshold, gap, need, text in zip(
                    schools,
                    b.status[a:z],
                    _numbers(b.values[a:z]),
                    _numbers(b.thresholds[a:z]),
                    _column(b.gap[a:z]),
                    _column(b.need[a:z]),
                    texts,
                    strict=True,
                )
            ]
            for k in waived:
                if a <= k < z:
                    waiver = json.dumps(_waiver(b.waived[k]), ensure_ascii=False)
                    lines[k - a] = f'{lines[k - a][:-1]}, "waiver": {waiver}}}'
            yield lines
