"""SARIF 2.1.0, for code-scanning dashboards: each rule with its help text and citation, each
failing, undecided or at-risk finding as a result located at the workbook and, where known, the
cell (as a logical location such as 学校!A27: a workbook has no text lines to point at). A
waived finding carries an external suppression with its justification.

Several counties make one log with ONE run, each result naming its county in `properties`
(and in its message), the run listing the counties with their verdicts. Not a run per county:
GitHub code scanning refuses an upload with several runs of the same tool and category (since
June 2025; it used to merge them) and takes at most 20 runs a file, where a province has 100s
of counties; one category per county would split one audit into as many analyses.

A region run (several counties or years) adds a result per region target not met (at its
definition in the rule file) and per county not recognised (rule `qbcheck.verdict`, at the
county's file), and the region's counts in the run's properties; the findings are then results
only for the counties asked for with --county."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import IO, Any

from qbcheck import __version__
from qbcheck.core.messages import Lang, t
from qbcheck.core.status import AT_RISK, FAIL, UNKNOWN
from qbcheck.reports.base import Options
from qbcheck.reports.present import (
    county_label,
    county_year_label,
    row_problem,
    row_status,
    selected_audits,
    status_word,
    target_line,
)
from qbcheck.results.model import CountyAudit, Finding, Region, RuleInfo, Run

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


def document(run: Run, lang: Lang, counties: tuple[str, ...] = ()) -> dict[str, object]:
    """The log: one run, whatever the number of counties. For a region run, `counties` are the
    ones (code, name or all) whose findings are results too (--county)."""
    prov = run.provenance
    region = run.region
    rules: dict[str, RuleInfo] = {}
    for audit in run.audits:
        for rid, rule in audit.rules.items():
            rules.setdefault(rid, rule)
    descriptors = [_rule(rule, lang) for rule in rules.values()]
    if region is not None:
        for target in region.targets:
            if target.rule.id not in rules:
                rules[target.rule.id] = target.rule
                descriptors.append(_rule(target.rule, lang))
        descriptors.append(_verdict_rule(lang))
    index = {rid: n for n, rid in enumerate(rules)}
    # The input files, as the provenance lists them (each once), then any a county names.
    hashes = {h.file: h.sha256 for h in prov.inputs}
    uris = list(hashes)

    def artifact(uri: str) -> tuple[str, int]:
        if uri not in uris:
            uris.append(uri)
        return _str(uri), uris.index(uri)

    several = len(run.audits) > 1
    listed = run.audits if region is None else selected_audits(run, counties)
    results: list[dict[str, object]] = []
    entries: list[dict[str, object]] = []
    for k, audit in enumerate(run.audits, start=1):
        county = None
        if several:
            county = (_str(_label(run, audit, lang)), _county(audit, k))
            entries.append(
                {
                    **county[1],
                    "year": audit.county.year,
                    "schools": len(audit.schools),
                    "verdict": audit.verdict,
                    "exitCode": audit.exit_code(run.fail_on),
                    "asOf": audit.as_of,
                }
            )
        if audit not in listed:
            continue
        where = artifact(str(audit.source))
        for f in audit.findings(FAIL, UNKNOWN, AT_RISK):
            results.append(_result(f, index[f.rule.id], where, lang, county))
    if region is not None:
        hashes.update((h.file, h.sha256) for h in prov.rule_files)
        regional = _region_results(run, region, index, artifact, lang)
        results[:0] = regional
    provenance = prov.as_dict()
    single = run.single
    properties: dict[str, object] = {
        "standard": provenance["standard"],
        "verdict": single.verdict if single is not None else run.verdict,
        "asOf": single.as_of if single is not None else prov.as_of,
    }
    if several:
        properties["counties"] = entries
    if region is not None:
        properties["region"] = _region(region)
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
                        "rules": descriptors,
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


# --- the region --------------------------------------------------------------------------
VERDICT_RULE = "qbcheck.verdict"


def _label(run: Run, audit: CountyAudit, lang: Lang) -> str:
    if run.region is not None:
        return county_year_label(audit, run.region, lang)
    return county_label(audit, lang)


def _verdict_rule(lang: Lang) -> dict[str, object]:
    """The descriptor of a county's verdict: a county not recognised is a result of it."""
    return {
        "id": VERDICT_RULE,
        "shortDescription": {"text": t("region.ci.verdict.title", lang)},
        "fullDescription": {"text": t("region.ci.verdict.help", lang)},
        "help": {"text": t("region.ci.verdict.help", lang)},
        "properties": {"kind": "verdict"},
    }


def _region_results(
    run: Run,
    region: Region,
    index: dict[str, int],
    artifact: Callable[[str], tuple[str, int]],
    lang: Lang,
) -> list[dict[str, object]]:
    """A result per region target not met, at its definition in the rule file, then per county
    not recognised (nearest to recognition first), at the county's file."""
    out: list[dict[str, object]] = []
    for x in region.targets:
        if x.status not in LEVEL:
            continue
        file, _, line = x.rule.origin.rpartition(":")
        uri, n = artifact(file or x.rule.origin)
        physical: dict[str, object] = {"artifactLocation": {"uri": uri, "index": n}}
        if line.isdigit():
            physical["region"] = {"startLine": int(line)}
        out.append(
            {
                "ruleId": x.rule.id,
                "ruleIndex": index[x.rule.id],
                "level": LEVEL[x.status],
                "message": {"text": _str(target_line(x, lang))},
                "locations": [{"physicalLocation": physical}],
                "properties": {
                    "scope": "region",
                    "status": x.status,
                    "year": x.year,
                    "recognised": x.recognised,
                    "needed": x.needed,
                    "total": x.total,
                    "undecided": x.undecided,
                    "gap": x.gap,
                    "notRecognised": [_str(name) for name in x.short_names],
                    "notInRun": [_str(name) for name in x.missing_names],
                },
            }
        )
    for row in region.rows:
        if row.distance.recognised:
            continue
        a = row.audit
        uri, n = artifact(str(a.source))
        d = row.distance
        label = _str(county_year_label(a, region, lang))
        out.append(
            {
                "ruleId": VERDICT_RULE,
                "ruleIndex": len(index),
                "level": LEVEL[row_status(row)],
                "message": {"text": f"{label} · {row_problem(row, lang)}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "index": n}}}],
                "properties": {
                    "scope": "county",
                    "county": _county(a, run.audits.index(a) + 1),
                    "year": a.county.year,
                    "verdict": a.verdict,
                    "rank": row.rank,
                    "rules": {"fail": d.failing_rules, "unknown": d.undecided_rules},
                    "failingParts": d.failing_parts,
                    "unknownParts": len(a.unknown_parts),
                    "blocking": {"fail": a.blocking["fail"], "unknown": a.blocking["unknown"]},
                    "plannedYear": row.planned_year,
                    "plan": row.plan,
                },
            }
        )
    return out


def _region(region: Region) -> dict[str, object]:
    """The region's counts in the run's properties: per verdict, per year, and the targets."""
    return {
        "counties": region.counties,
        "countyYears": region.audits,
        "years": list(region.years),
        "year": region.year,
        "asOf": region.as_of,
        "verdicts": region.counts,
        "byYear": [{"year": y, "verdicts": counts} for y, counts in region.by_year.items()],
        "targets": [
            {
                "rule": x.rule.id,
                "status": x.status,
                "recognised": x.recognised,
                "needed": x.needed,
                "total": x.total,
            }
            for x in region.targets
        ],
        "ranked": [_str(r.key) for r in region.rows],
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
    doc = document(run, options.lang, options.counties)
    json.dump(doc, out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")
