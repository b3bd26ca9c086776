"""SARIF 2.1.0, for code-scanning dashboards: each rule with its help text and citation, each
failing, undecided or at-risk finding as a result located at the workbook and, where known, the
cell (as a logical location such as 学校!A27: a workbook has no text lines to point at). A
waived finding carries an external suppression with its justification."""

from __future__ import annotations

import json
from typing import IO, Any, TextIO

from qbcheck import __version__
from qbcheck.core.messages import Lang, t
from qbcheck.evaluate.engine import AuditResult
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_header
from qbcheck.results.findings import iter_findings
from qbcheck.results.model import Run
from qbcheck.results.provenance import provenance

LEVEL = {"fail": "error", "unknown": "warning", "at-risk": "warning"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(result: AuditResult, rid: str, lang: Lang) -> dict[str, object]:
    rule = result.standard.rules[rid]
    c = rule.citation
    help_text = f"{c.document} {c.clause}: 「{c.text}」"
    if rule.note:
        help_text += f"\n{rule.note(lang)}"
    return {
        "id": rid,
        "shortDescription": {"text": rule.title(lang)},
        "fullDescription": {"text": c.text},
        "help": {"text": help_text},
        "properties": {
            "part": rule.part,
            "kind": rule.kind,
            "confidence": rule.confidence,
            "citation": {"document": c.document, "clause": c.clause, "text": c.text},
            **({"targetYear": rule.target_year} if rule.target_year else {}),
        },
    }


def document(result: AuditResult, lang: Lang) -> dict[str, object]:
    ids = list(result.standard.rules)
    index = {rid: n for n, rid in enumerate(ids)}
    prov = provenance(result)
    uri = prov["input"]["file"]  # type: ignore[index]
    results = []
    for f in iter_findings(result, lang):
        level = LEVEL.get(f["status"])  # type: ignore[arg-type]
        if level is None:
            continue
        rid = str(f["rule"])
        subject = f.get("name") or f["subject"]
        status = t(f"status.{f['status']}", lang)
        text = f"{status}: {result.standard.rules[rid].title(lang)} · {subject}"
        if f.get("reason"):
            text += f" · {f['reason']}"
        artifact = {"artifactLocation": {"uri": uri, "index": 0}}
        location: dict[str, object] = {"physicalLocation": artifact}
        if f.get("location"):
            location["logicalLocations"] = [
                {"fullyQualifiedName": str(f["location"]).split(", ")[0], "kind": "element"}
            ]
        entry: dict[str, object] = {
            "ruleId": rid,
            "ruleIndex": index[rid],
            "level": level,
            "message": {"text": text},
            "locations": [location],
            "properties": {
                k: f[k]
                for k in (
                    "scope",
                    "subject",
                    "stage",
                    "status",
                    "value",
                    "threshold",
                    "gap",
                    "need",
                )
                if k in f
            },
        }
        if f.get("waiver"):
            waiver = f["waiver"]
            entry["suppressions"] = [
                {"kind": "external", "justification": waiver["justification"]}  # type: ignore[index]
            ]
        results.append(entry)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "qbcheck",
                        "version": __version__,
                        "rules": [_rule(result, rid, lang) for rid in ids],
                    }
                },
                "artifacts": [
                    {
                        "location": {"uri": uri},
                        "hashes": {"sha-256": prov["input"]["sha256"]},  # type: ignore[index]
                    }
                ],
                "invocations": [
                    {"executionSuccessful": True, "endTimeUtc": _utc(str(prov["run_at"]))}
                ],
                "properties": {
                    "standard": prov["standard"],
                    "verdict": result.verdict(),
                    "asOf": result.as_of,
                    "provenance": prov,
                },
                "results": results,
            }
        ],
    }


def _utc(iso: str) -> str:
    """SARIF dates are UTC with a Z."""
    return iso.replace("+00:00", "Z")


def render_result(result: AuditResult, out: TextIO, lang: Lang) -> None:
    json.dump(document(result, lang), out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Transitional: each county's engine result, until this format reads the result model."""
    for k, result in enumerate(run.legacy, start=1):
        if len(run.legacy) > 1 and "sarif" != "xlsx":
            out.write(("\n" if k > 1 else "") + county_header(run, k, options.lang) + "\n")
        render_result(result, out, options.lang)
