"""Reports for a file of several counties: each county audited on its own, one report each.

The single-county renderers are reused unchanged; the JSON wraps each county's document in a
top-level `counties` array (docs/json-output.md). The exit code is the worst over counties.
"""

from __future__ import annotations

import io
import json
from typing import TextIO

from qbcheck import __version__
from qbcheck.core import exitcodes
from qbcheck.core.messages import Lang, t
from qbcheck.evaluate.engine import AuditResult

SEVERITY = {exitcodes.FAILED: 2, exitcodes.UNKNOWN: 1, exitcodes.OK: 0}  # 1 beats 3 beats 0


def exit_code(results: list[AuditResult], fail_on: str = "unknown") -> int:
    codes = (r.exit_code(fail_on) for r in results)
    return max(codes, key=SEVERITY.__getitem__, default=exitcodes.OK)


def _name(result: AuditResult, lang: Lang) -> str:
    c = result.dataset.county
    name = c.county_name or t("report.county_unnamed", lang)
    return (
        f"{name}（{c.county_code}）"
        if c.county_code and lang == "zh"
        else (f"{name} ({c.county_code})" if c.county_code else name)
    )


def render_table(results: list[AuditResult], out: TextIO, lang: Lang, limit: int) -> None:
    from qbcheck.reports import table

    for k, result in enumerate(results, start=1):
        if k > 1:
            out.write("\n")
        header = t(
            "report.county.header", lang, index=k, total=len(results), county=_name(result, lang)
        )
        out.write(header + "\n")
        table.render(result, out, lang, limit=limit)


def render_json(results: list[AuditResult], out: TextIO, lang: Lang) -> None:
    from qbcheck.reports import json as report

    docs = []
    for result in results:
        buf = io.StringIO()
        report.render(result, buf, lang)
        docs.append(json.loads(buf.getvalue()))
    code = exit_code(results)
    verdict = {exitcodes.FAILED: "fail", exitcodes.UNKNOWN: "unknown", exitcodes.OK: "pass"}[code]
    doc = {
        "schema_version": report.SCHEMA_VERSION,
        "qbcheck_version": __version__,
        "input": {
            "file": str(results[0].dataset.source),
            "counties": len(results),
            "schools": sum(len(r.dataset) for r in results),
        },
        "summary": {"verdict": verdict, "exit_code": code},
        "counties": docs,
    }
    json.dump(doc, out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")
