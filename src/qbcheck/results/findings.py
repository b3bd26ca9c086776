"""The flat list of findings every machine-readable format is built from.

One finding per rule, subject and stage. Values are full precision; rounding is for people.
"""

from __future__ import annotations

from collections.abc import Iterator

from qbcheck.core.messages import Lang
from qbcheck.evaluate.engine import AuditResult


def _waiver(result: AuditResult, n: int | None) -> dict[str, object] | None:
    if n is None or result.waivers is None:
        return None
    w = result.waivers.items[n]
    return {"justification": w.justification, "approved_by": w.approved_by,
            "expires": w.expires.isoformat()}  # fmt: skip


def iter_findings(
    result: AuditResult, lang: Lang, schools: bool = True
) -> Iterator[dict[str, object]]:
    ds = result.dataset
    ids, names = ds.columns["school_id"], ds.columns["name"]
    for c in result.county_results:
        finding: dict[str, object] = {
            "rule": c.rule.id,
            "scope": c.scope,
            "subject": c.subject,
            "stage": c.stage,
            "status": c.status,
            "value": c.value,
            "threshold": c.limit,
            "gap": c.gap,
            "reason": c.reason.render(lang) if c.reason else None,
        }
        if c.rule.kind in ("cv_limit", "cv_mean"):
            finding.update(mean=c.mean, schools=c.n, pupils=c.pupils)
        if c.components:
            finding["components"] = c.components
        if c.drivers:
            finding["drivers"] = [
                {
                    "subject": ids[d.school],
                    "name": names[d.school],
                    "share": d.share,
                    "cv_without": d.cv_without,
                }
                for d in c.drivers
            ]
        if c.location:
            finding["location"] = c.location
        if c.rule.kind in ("attestation", "veto"):
            finding["evidence"] = c.evidence
        if c.waived is not None:
            finding["waiver"] = _waiver(result, c.waived)
        yield finding
    if not schools:
        return
    for r in result.school_results:
        parts = r.parts
        for k, status in enumerate(r.status):
            i = parts.school[k]
            detail = r.detail[k]
            yield {
                "rule": r.rule.id,
                "scope": "school",
                "subject": ids[i],
                "name": names[i],
                "stage": r.stage,
                "status": status,
                "value": r.value(k),
                "threshold": r.threshold_at(k),
                "gap": r.gap[k],
                "need": r.need[k] if r.need else None,
                "location": ds.cell("school_id", i),
                "row": ds.rows[i],
                "reason": detail.render(lang) if detail else None,
                **({"waiver": _waiver(result, r.waived[k])} if k in r.waived else {}),
            }
