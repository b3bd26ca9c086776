"""JUnit XML, the format every CI server reads: one test suite per rule, one test case per rule
and subject. A failure is <failure>; an undecided, at-risk or waived finding is <skipped> with
its reason; a pass or an attestation passes (an attestation says so in <system-out>).

Several counties make one <testsuites> document: a suite per county and rule, named (and its
cases' class named) with the county's label in front, so no two counties' cases collide.
A region run (several counties or years) adds a suite `qbcheck.region`: a case per region
target (class: its rule id) and per county (class: its code; name: its verdict), a county not
recognised failing when a rule fails and skipped when undecided; the county suites are then only
those of the counties asked for with --county.
Every count is the model's (`CountyAudit.rule_tallies`); every text from data goes through
`_text` / `_attr`: escaped, and without the characters XML 1.0 cannot hold at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import AT_RISK, FAIL, PASS, UNKNOWN, Status
from qbcheck.reports import present
from qbcheck.reports.base import Options
from qbcheck.reports.present import (
    county_label,
    status_word,
    threshold_text,
    value_text,
    xml_text,
)
from qbcheck.results.model import (
    CountyAudit,
    FileHash,
    Finding,
    Provenance,
    Region,
    Run,
    SchoolBlock,
    Tally,
)


def _text(text: object) -> str:
    """Element text."""
    return escape(xml_text(text))


def _attr(text: object) -> str:
    """An attribute value, quoted."""
    return quoteattr(xml_text(text))


def failures(tally: Tally) -> int:
    """Cases that are <failure>: failing and not waived."""
    return tally.statuses[FAIL] - tally.waived[FAIL]


def skipped(tally: Tally) -> int:
    """Cases that are <skipped>: undecided, at risk, or waived (whatever their status)."""
    undecided = tally.statuses[UNKNOWN] + tally.statuses[AT_RISK]
    return undecided + sum(n for s, n in tally.waived.items() if s not in (UNKNOWN, AT_RISK))


def render(run: Run, out: IO[Any], options: Options) -> None:
    lang = options.lang
    prov = run.provenance
    region = run.region
    audits = run.audits if region is None else present.selected_audits(run, options.counties)
    tallies = [a.rule_tallies.values() for a in audits]
    total = sum(x.total for ts in tallies for x in ts)
    fails = sum(failures(x) for ts in tallies for x in ts)
    skips = sum(skipped(x) for ts in tallies for x in ts)
    cases = _region_cases(region, lang) if region is not None else []
    total += len(cases)
    fails += sum(1 for c in cases if c.status == FAIL)
    skips += sum(1 for c in cases if c.status in (UNKNOWN, AT_RISK))
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(
        f'<testsuites name={_attr("qbcheck " + prov.standard)} tests="{total}" '
        f'failures="{fails}" errors="0" skipped="{skips}" timestamp={_attr(prov.run_at_text)}>\n'
    )
    _provenance(prov, w)
    if region is not None:
        _region(region, cases, w, lang)
    several = len(run.audits) > 1
    for audit in audits:
        if region is not None:
            prefix = present.county_year_label(audit, region, lang) + " "
        else:
            prefix = county_label(audit, lang) + " " if several else ""
        for line in _county(audit, prefix, lang):
            w(line)
    w("</testsuites>\n")


class _Case(NamedTuple):
    """A case of the region's suite: a target, or a county at its latest year."""

    classname: str
    name: str
    status: Status
    message: str


def _region_cases(region: Region, lang: Lang) -> list[_Case]:
    """A case per region target (named by its rule), then per county, ranked (named by its
    code): a county not recognised fails when a rule fails, is skipped when undecided."""
    cases = [
        _Case(x.rule.id, x.rule.title(lang), x.status, present.target_line(x, lang))
        for x in region.targets
    ]
    for row in region.rows:
        a = row.audit
        name = t(
            "region.ci.case",
            lang,
            county=present.row_county(row, lang),
            year=present.year_label(a, lang),
            verdict=present.verdict_line(a, lang),
        )
        status = PASS if row.distance.recognised else present.row_status(row)
        cases.append(_Case(row.key, name, status, present.row_problem(row, lang)))
    return cases


def _region(region: Region, cases: list[_Case], w: Callable[[str], object], lang: Lang) -> None:
    """The region as one suite: its counts as properties, a case per target and per county."""
    fails = sum(1 for c in cases if c.status == FAIL)
    skips = sum(1 for c in cases if c.status in (UNKNOWN, AT_RISK))
    w(
        f'  <testsuite name="qbcheck.region" tests="{len(cases)}" failures="{fails}" '
        f'errors="0" skipped="{skips}">\n'
    )
    w("    <properties>\n")
    facts = [("title", present.region_title(region, lang))]
    facts += [("counts", line) for line in present.region_count_lines(region, lang)]
    facts += [("years", " ".join(map(str, region.years))), ("as_of", str(region.as_of))]
    for key, value in facts:
        w(f"      <property name={_attr(key)} value={_attr(value)}/>\n")
    w("    </properties>\n")
    for c in cases:
        message = _attr(c.message)
        w(f"    <testcase classname={_attr(c.classname)} name={_attr(c.name)}>\n")
        if c.status == FAIL:
            w(f'      <failure message={message} type="fail">{_text(c.message)}</failure>\n')
        elif c.status in (UNKNOWN, AT_RISK):
            w(f"      <skipped message={message}/>\n")
        else:
            w(f"      <system-out>{_text(c.message)}</system-out>\n")
        w("    </testcase>\n")
    w("  </testsuite>\n")


def _provenance(prov: Provenance, w: Callable[[str], object]) -> None:
    """The provenance as a suite of its own: JUnit has no properties above the suites."""
    w('  <testsuite name="qbcheck.provenance" tests="0" failures="0" errors="0" skipped="0">\n')
    w("    <properties>\n")
    first, *more = prov.inputs or (FileHash("", ""),)
    facts: list[tuple[str, str]] = [
        ("qbcheck_version", prov.qbcheck_version),
        ("standard", prov.standard),
        ("edition", prov.edition),
        ("input", first.file),
        ("input_sha256", first.sha256),
        ("run_at", prov.run_at_text),
    ]
    facts += [(f"input:{h.file}", h.sha256) for h in more]
    facts += [(f"rule_file:{r.file}", r.sha256) for r in prov.rule_files]
    if prov.waivers is not None:
        facts.append((f"waivers:{prov.waivers.file}", prov.waivers.sha256))
    if prov.select or prov.ignore:  # a partial run says so, as in every other format
        facts += [("select", ",".join(prov.select)), ("ignore", ",".join(prov.ignore))]
    for key, value in facts:
        w(f"      <property name={_attr(key)} value={_attr(value)}/>\n")
    w("    </properties>\n  </testsuite>\n")


def _county(audit: CountyAudit, prefix: str, lang: Lang) -> Iterator[str]:
    """One county's suites, a rule each, in the order its findings come."""
    groups: dict[str, list[Finding | SchoolBlock]] = {}
    for f in audit.county_findings:
        groups.setdefault(f.rule.id, []).append(f)
    for b in audit.blocks:
        if b.status:
            groups.setdefault(b.rule.id, []).append(b)
    for rid, tally in audit.rule_tallies.items():
        rule = audit.rules[rid]
        name = _attr(prefix + rid)
        yield (
            f'  <testsuite name={name} tests="{tally.total}" failures="{failures(tally)}" '
            f'errors="0" skipped="{skipped(tally)}">\n'
        )
        yield "    <properties>\n"
        props = [
            ("title", rule.title(lang)),
            ("citation", f"{rule.citation.document} {rule.citation.clause}"),
            ("confidence", rule.confidence),
        ]
        if prefix:
            props.append(("county", county_label(audit, lang)))
        for key, value in props:
            yield f"      <property name={_attr(key)} value={_attr(value)}/>\n"
        yield "    </properties>\n"
        for f in _findings(groups.get(rid, ())):
            case = " ".join(x for x in (f.subject, f.name or "", f.stage or "") if x)
            body = _body(f, lang)
            yield f"    <testcase classname={name} name={_attr(case)}"
            yield ">\n" + body + "    </testcase>\n" if body else "/>\n"
        yield "  </testsuite>\n"


def _findings(items: Iterable[Finding | SchoolBlock]) -> Iterator[Finding]:
    for item in items:
        if isinstance(item, Finding):
            yield item
        else:
            yield from item


def _body(f: Finding, lang: Lang) -> str:
    status = f.status
    if f.waiver is not None:
        note = f"{t('report.waived.mark', lang)} {f.waiver.justification}"
        return f"      <skipped message={_attr(note)}/>\n"
    if status not in (FAIL, UNKNOWN, AT_RISK, "attested"):
        return ""
    value, threshold = t("report.col.value", lang), t("report.col.threshold", lang)
    # As a person reads them (present.py), not Python's repr: an undecided value is "—".
    required = threshold_text(f, lang)
    facts = f"{value} {value_text(f, lang)}" + (f" · {threshold} {required}" if required else "")
    where = f" · {f.location}" if f.location else ""
    said = f.reason.render(lang) if f.reason is not None else ""
    reason = f" · {said}" if said else ""
    message = f"{status_word(status, lang)}: {facts}{where}{reason}"
    if status == FAIL:
        return f'      <failure message={_attr(message)} type="fail">{_text(message)}</failure>\n'
    if status in (UNKNOWN, AT_RISK):
        return f"      <skipped message={_attr(message)}/>\n"
    return f"      <system-out>{_text(message)}</system-out>\n"
