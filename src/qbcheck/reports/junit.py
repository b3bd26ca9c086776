"""JUnit XML, the format every CI server reads: one test suite per rule, one test case per rule
and subject. A failure is <failure>; an undecided, at-risk or waived finding is <skipped> with
its reason; a pass or an attestation passes (an attestation says so in <system-out>)."""

from __future__ import annotations

from typing import IO, Any, TextIO
from xml.sax.saxutils import quoteattr

from qbcheck.core.messages import Lang, t
from qbcheck.evaluate.engine import AuditResult
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_header
from qbcheck.results.findings import iter_findings
from qbcheck.results.model import Run
from qbcheck.results.provenance import provenance


def _esc(text: object) -> str:
    """Element text: XML escapes, and no control characters XML 1.0 forbids."""
    s = str(text)
    s = "".join(ch for ch in s if ch in "\t\n\r" or ord(ch) >= 0x20)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: object) -> str:
    s = "".join(ch for ch in str(text) if ch in "\t\n\r" or ord(ch) >= 0x20)
    return quoteattr(s)


def render_result(result: AuditResult, out: TextIO, lang: Lang) -> None:
    std = result.standard
    suites: dict[str, list[dict[str, object]]] = {}
    for f in iter_findings(result, lang):
        suites.setdefault(str(f["rule"]), []).append(f)
    prov = provenance(result)
    total = sum(len(v) for v in suites.values())
    fails = sum(
        1 for v in suites.values() for f in v if f["status"] == "fail" and "waiver" not in f
    )
    skips = sum(
        1
        for v in suites.values()
        for f in v
        if f["status"] in ("unknown", "at-risk") or "waiver" in f
    )
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(
        f'<testsuites name={_attr("qbcheck " + std.id)} tests="{total}" failures="{fails}" '
        f'errors="0" skipped="{skips}" timestamp={_attr(prov["run_at"])}>\n'
    )
    # The provenance as a suite of its own: JUnit has no properties above the suites.
    w('  <testsuite name="qbcheck.provenance" tests="0" failures="0" errors="0" skipped="0">\n')
    w("    <properties>\n")
    facts = [("qbcheck_version", prov["qbcheck_version"]), ("standard", std.id),
             ("edition", std.model.edition), ("input", prov["input"]["file"]),  # type: ignore[index]
             ("input_sha256", prov["input"]["sha256"]), ("run_at", prov["run_at"])]  # type: ignore[index]  # fmt: skip
    facts += [(f"rule_file:{r['file']}", r["sha256"]) for r in prov["rule_files"]]  # type: ignore[union-attr]
    for key, value in facts:
        w(f"      <property name={_attr(key)} value={_attr(value)}/>\n")
    w("    </properties>\n  </testsuite>\n")
    for rid, findings in suites.items():
        rule = std.rules[rid]
        n_fail = sum(1 for f in findings if f["status"] == "fail" and "waiver" not in f)
        n_skip = sum(1 for f in findings if f["status"] in ("unknown", "at-risk") or "waiver" in f)
        w(
            f'  <testsuite name={_attr(rid)} tests="{len(findings)}" failures="{n_fail}" '
            f'errors="0" skipped="{n_skip}">\n'
        )
        w("    <properties>\n")
        for key, value in (
            ("title", rule.title(lang)),
            ("citation", f"{rule.citation.document} {rule.citation.clause}"),
            ("confidence", rule.confidence),
        ):
            w(f"      <property name={_attr(key)} value={_attr(value)}/>\n")
        w("    </properties>\n")
        for f in findings:
            name = " ".join(
                str(x) for x in (f["subject"], f.get("name") or "", f["stage"] or "") if x
            )
            w(f"    <testcase classname={_attr(rid)} name={_attr(name)}")
            body = _body(f, lang)
            w(">\n" + body + "    </testcase>\n" if body else "/>\n")
        w("  </testsuite>\n")
    w("</testsuites>\n")


def _body(f: dict[str, object], lang: Lang) -> str:
    status = str(f["status"])
    value, threshold = t("report.col.value", lang), t("report.col.threshold", lang)
    facts = f"{value} {f['value']} · {threshold} {f['threshold']}"
    where = f" · {f['location']}" if f.get("location") else ""
    reason = f" · {f['reason']}" if f.get("reason") else ""
    message = f"{t(f'status.{status}', lang)}: {facts}{where}{reason}"
    if "waiver" in f:
        waiver = f["waiver"]
        note = f"{t('report.waived.mark', lang)} {waiver['justification']}"  # type: ignore[index]
        return f"      <skipped message={_attr(note)}/>\n"
    if status == "fail":
        return f'      <failure message={_attr(message)} type="fail">{_esc(message)}</failure>\n'
    if status in ("unknown", "at-risk"):
        return f"      <skipped message={_attr(message)}/>\n"
    if status == "attested":
        return f"      <system-out>{_esc(message)}</system-out>\n"
    return ""


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Transitional: each county's engine result, until this format reads the result model."""
    for k, result in enumerate(run.legacy, start=1):
        if len(run.legacy) > 1 and "junit" != "xlsx":
            out.write(("\n" if k > 1 else "") + county_header(run, k, options.lang) + "\n")
        render_result(result, out, options.lang)
