"""SARIF 2.1.0, for code-scanning dashboards: each rule with its help text and citation, each
failing, undecided or at-risk finding as a result located at the workbook and, where known, the
cell (as a logical location such as 学校!A27: a workbook has no text lines to point at). A
waived finding carries an external suppression with its justification.

Several counties make one log with ONE run, each result naming its county in `properties`
(and in its message), the run listing the counties with their verdicts. Not a run per county:
GitHub code scanning refuses an upload with several runs of the same tool and category (since
June 2025; it used to merge them) and takes at most 20 runs a file, where a province has 100s
of counties; one category per county would split one audit into as many analyses."""

from __future__ import annotations

import json
import math
import re
from typing import IO, Any

from qbcheck import __version__
from qbcheck.core.messages import Lang
from qbcheck.core.status import AT_RISK, FAIL, UNKNOWN
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_label, status_word
from qbcheck.results.model import CountyAudit, Finding, RuleInfo, Run

LEVEL = {FAIL: "error", UNKNOWN: "warning", AT_RISK: "warning"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# A str can hold an unpaired surrogate (an Excel _xD800_ escape), which no UTF-8 file can.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _str(text: str) -> str:
    """Text from data as UTF-8 can write it (JSON escapes the rest)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _num(value: float | None) -> float | None:
    """A number JSON can hold: NaN and infinity are null."""
    if value is None or not math.isfinite(value):
        return None
    return value


def _rule(rule: RuleInfo, lang: Lang) -> dict[str, object]:
    c = rule.citation
    help_text = f"{c.document} {c.clause}: 「{c.text}」"
    if rule.note:
        help_text += f"\n{rule.note(lang)}"
    return {
        "id": rule.id,
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


def _county(audit: CountyAudit, k: int) -> dict[str, object]:
    """Which county a result or a run's entry is about: its place in the file, code and name."""
    c = audit.county
    return {"index": k, "code": _opt(c.code), "name": _opt(c.name)}


def _opt(text: str | None) -> str | None:
    return None if text is None else _str(text)


def _result(
    f: Finding,
    index: int,
    artifact: tuple[str, int],
    lang: Lang,
    county: tuple[str, dict[str, object]] | None,
) -> dict[str, object]:
    rule = f.rule
    subject = _str(f.name or f.subject)
    text = f"{status_word(f.status, lang)}: {rule.title(lang)} · {subject}"
    reason = f.reason.render(lang) if f.reason is not None else ""
    if reason:
        text += f" · {_str(reason)}"
    if county is not None:
        text = f"{county[0]} · {text}"
    uri, n = artifact
    location: dict[str, object] = {
        "physicalLocation": {"artifactLocation": {"uri": uri, "index": n}}
    }
    if f.location:
        location["logicalLocations"] = [
            {"fullyQualifiedName": _str(f.location.split(", ")[0]), "kind": "element"}
        ]
    props: dict[str, object] = {
        "scope": f.scope,
        "subject": _str(f.subject),
        "stage": f.stage,
        "status": f.status,
        "value": _num(f.value),
        "threshold": _num(f.threshold),
        "gap": _num(f.gap),
    }
    if f.scope == "school":
        props["need"] = _num(f.need)
    if county is not None:
        props["county"] = county[1]
    entry: dict[str, object] = {
        "ruleId": rule.id,
        "ruleIndex": index,
        "level": LEVEL[f.status],
        "message": {"text": text},
        "locations": [location],
        "properties": props,
    }
    if f.waiver is not None:
        justification = _str(f.waiver.justification)
        entry["suppressions"] = [{"kind": "external", "justification": justification}]
    return entry


def document(run: Run, lang: Lang) -> dict[str, object]:
    """The log: one run, whatever the number of counties."""
    prov = run.provenance
    rules: dict[str, RuleInfo] = {}
    for audit in run.audits:
        for rid, rule in audit.rules.items():
            rules.setdefault(rid, rule)
    index = {rid: n for n, rid in enumerate(rules)}
    # The input files, as the provenance lists them (each once), then any a county names.
    hashes = {h.file: h.sha256 for h in prov.inputs}
    uris = list(hashes)
    several = len(run.audits) > 1
    results: list[dict[str, object]] = []
    counties: list[dict[str, object]] = []
    for k, audit in enumerate(run.audits, start=1):
        source = str(audit.source)
        if source not in uris:
            uris.append(source)
        artifact = (_str(source), uris.index(source))
        county = None
        if several:
            county = (_str(county_label(audit, lang)), _county(audit, k))
            counties.append(
                {
                    **county[1],
                    "year": audit.county.year,
                    "schools": len(audit.schools),
                    "verdict": audit.verdict,
                    "exitCode": audit.exit_code(run.fail_on),
                    "asOf": audit.as_of,
                }
            )
        for f in audit.findings(FAIL, UNKNOWN, AT_RISK):
            results.append(_result(f, index[f.rule.id], artifact, lang, county))
    provenance = prov.as_dict()
    single = run.single
    properties: dict[str, object] = {
        "standard": provenance["standard"],
        "verdict": single.verdict if single is not None else run.verdict,
        "asOf": single.as_of if single is not None else prov.as_of,
    }
    if several:
        properties["counties"] = counties
    properties["provenance"] = provenance
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "qbcheck",
                        "version": __version__,
                        "rules": [_rule(rule, lang) for rule in rules.values()],
                    }
                },
                "artifacts": [_artifact(_str(uri), hashes.get(uri)) for uri in uris],
                "invocations": [
                    {"executionSuccessful": True, "endTimeUtc": _utc(prov.run_at_text)}
                ],
                "properties": properties,
                "results": results,
            }
        ],
    }


def _artifact(uri: str, sha256: str | None) -> dict[str, object]:
    out: dict[str, object] = {"location": {"uri": uri}}
    if sha256 is not None:
        out["hashes"] = {"sha-256": sha256}
    return out


def _utc(iso: str) -> str:
    """SARIF dates are UTC with a Z."""
    return iso.replace("+00:00", "Z")


def render(run: Run, out: IO[Any], options: Options) -> None:
    json.dump(document(run, options.lang), out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")
