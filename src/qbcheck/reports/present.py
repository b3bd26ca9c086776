"""How every report writes the same things: numbers, units, signs, county labels, a finding's
value and requirement, the provenance line and the order of sections. A format decides layout
and markup only; what a figure reads as is decided here, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from qbcheck.core.messages import Lang, t
from qbcheck.core.status import AT_RISK, ATTESTED, FAIL, UNKNOWN, Status, Verdict
from qbcheck.results.model import (
    Change,
    CountyAudit,
    CountyRow,
    CvMargin,
    Excluded,
    Finding,
    IndicatorInfo,
    Provenance,
    Region,
    Run,
    SchoolBlock,
    Series,
    Target,
)

# What blocks recognition, in the order every format lists it: (catalogue key, group, style).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("report.blocking", "fail", "red"),
    ("report.missing", "unknown", "yellow"),
    ("report.other_targets", "other", "red"),
    ("report.at_risk", "at-risk", "magenta"),
)

SIGN = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}

# The unit of what a school part must add, by the input it raises (a formula name).
REMEDY_UNIT: dict[str, tuple[str, str]] = {
    "teachers_above_degree": ("名", " teachers"),
    "backbone_teachers": ("名", " teachers"),
    "pe_arts_teachers": ("名", " teachers"),
    "trained_teachers": ("名", " teachers"),
    "certified_teachers": ("名", " teachers"),
    "teaching_area": (" 平方米", " m²"),
    "sports_ground_area": (" 平方米", " m²"),
    "equipment_value": (" 元", " yuan"),
    "public_funds": (" 元", " yuan"),
    "training_spend": (" 元", " yuan"),
    "multimedia_rooms": (" 间", " rooms"),
    "music_rooms": (" 间", " rooms"),
    "art_rooms": (" 间", " rooms"),
}

# Findings a report lists (every status but pass), most serious first.
LISTED: tuple[Status, ...] = (FAIL, UNKNOWN, AT_RISK, ATTESTED)


# What XML 1.0 has no way to write, not even as a character reference: C0 controls but tab,
# newline and carriage return, surrogates (a str holds them only unpaired) and U+FFFE/U+FFFF.
# Every format that is XML underneath (JUnit, the Excel workbook) drops them from data.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: object) -> str:
    """Text XML can hold: the characters it forbids removed."""
    s = str(text)
    return XML_FORBIDDEN.sub("", s) if XML_FORBIDDEN.search(s) else s


def num(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def fmt(value: float | None, ind: IndicatorInfo | None, decimals: int | None = None) -> str:
    """A value as its indicator shows it: a share as a percentage, others to its decimals."""
    if value is None:
        return "—"
    if ind is not None and ind.percent:
        return f"{value * 100:.1f}%"
    return num(value, ind.decimals if decimals is None and ind is not None else (decimals or 0))


def need_text(need: float | None, remedy: str | None, lang: Lang) -> str:
    """What a school part must add: +1,824 平方米, +7 teachers."""
    if need is None or remedy is None:
        return ""
    zh, en = REMEDY_UNIT.get(remedy, ("", ""))
    decimals = 0 if need >= 100 or float(need).is_integer() else 1
    return f"+{num(need, decimals)}{zh if lang == 'zh' else en}"


def status_word(status: str, lang: Lang) -> str:
    return t(f"status.{status}", lang)


def verdict_word(verdict: str, lang: Lang) -> str:
    return t(f"verdict.{verdict}", lang)


def stage_word(stage: str | None, lang: Lang) -> str:
    return t(f"stage.{stage or 'school'}", lang)


def county_label(audit: CountyAudit, lang: Lang) -> str:
    """县名（代码）, or the placeholder for a file that names no county."""
    c = audit.county
    name = c.name or t("report.county_unnamed", lang)
    if not c.code:
        return name
    return f"{name}（{c.code}）" if lang == "zh" else f"{name} ({c.code})"


def year_label(audit: CountyAudit, lang: Lang) -> str:
    year = audit.county.year
    return str(year) if year else t("report.year_unknown", lang)


def title(audit: CountyAudit, lang: Lang) -> str:
    return t(
        "report.title",
        lang,
        county=county_label(audit, lang),
        year=year_label(audit, lang),
        standard=audit.standard.title(lang),
    )


def regime(audit: CountyAudit, lang: Lang) -> str:
    std = audit.standard
    return std.regime(lang) if std.regime else std.title(lang)


def verdict_line(audit: CountyAudit, lang: Lang) -> str:
    word = verdict_word(audit.verdict, lang)
    return t("report.verdict", lang, regime=regime(audit, lang), verdict=word)


def counts_line(audit: CountyAudit, lang: Lang) -> str:
    c = audit.rule_counts
    return t(
        "report.verdict.counts",
        lang,
        fail=c["fail"],
        unknown=c["unknown"],
        passed=c["pass"],
        attested=c["attested"],
        at_risk=c["at-risk"],
        as_of=audit.as_of,
    )


def schools_line(audit: CountyAudit, lang: Lang) -> str | None:
    """How many school parts of each stage meet the k-of-n rule, if the standard has one."""
    meeting = {s: m.meeting for s, m in audit.stages.items() if m.meeting is not None}
    if not meeting:
        return None
    p_ok, p_n = meeting.get("primary") or (0, 0)
    j_ok, j_n = meeting.get("junior") or (0, 0)
    return t("report.schools.title", lang, p_ok=p_ok, p_n=p_n, j_ok=j_ok, j_n=j_n)


def blocking_sections(audit: CountyAudit) -> list[tuple[str, list[str], str]]:
    """(catalogue key, rule ids, style) for each group that blocks recognition."""
    groups = audit.blocking
    return [(key, groups[group], style) for key, group, style in SECTIONS]


def label(f: Finding, lang: Lang) -> str:
    """A finding's item: the rule's title, its stage, and its group when it has one."""
    text = f.rule.title(lang)
    if f.stage:
        text += f"（{stage_word(f.stage, lang)}）" if lang == "zh" else f" ({f.stage})"
    if f.scope not in ("county", "school"):
        text = f"{f.subject}: {text}"
    return text


def indicator_label(f: Finding, lang: Lang) -> str:
    """A school finding's indicator as the failing-schools table names it."""
    rule = f.rule
    ind = rule.indicator
    if rule.kind == "school_threshold" and ind is not None:
        # The rule id, always: it is what `rules show`, the JSON and every other format name.
        return f"{rule.id} {ind.short(lang)}"
    if rule.kind == "school_classes":
        return f"{rule.id} {t('report.class_size', lang)}"
    return rule.id


def value_text(f: Finding, lang: Lang, cv_decimals: int = 3) -> str:
    """The value as a person reads it, by the rule's kind."""
    kind = f.rule.kind
    if kind in ("attestation", "veto"):
        if f.value is None:
            return "—"
        return t("word.yes" if f.value else "word.no", lang)
    if kind in ("cv_limit", "cv_mean"):
        return num(f.value, cv_decimals)
    if kind in ("group_count", "school_classes"):
        return num(f.value, 0)
    if kind == "school_k_of_n":
        n = len(f.rule.members)
        return f"{f.value:.0f}/{n}" if f.value is not None else "—"
    return fmt(f.value, f.rule.indicator)


def threshold_text(f: Finding, lang: Lang) -> str:
    """What the rule requires, with its comparison."""
    kind = f.rule.kind
    if kind == "attestation":
        return t("word.yes", lang)
    if kind == "veto":
        return t("word.no", lang)
    if f.threshold is None:
        return ""
    if kind in ("cv_limit", "cv_mean"):
        return f"≤{f.threshold:.2f}"
    if kind == "group_count":
        return f"≥{f.threshold:g}"
    if kind == "school_classes":
        return f"≤{f.threshold:g}"
    if kind == "school_k_of_n":
        return f"{f.rule.k}/{len(f.rule.members)}"
    sign = SIGN.get(f.rule.op or ">=", "≥")
    return f"{sign}{fmt(f.threshold, f.rule.indicator)}"


def gap_text(f: Finding) -> str:
    if f.gap is None:
        return ""
    if f.rule.kind in ("school_classes", "group_count", "school_k_of_n"):
        return num(f.gap, 0)
    if f.rule.kind in ("cv_limit", "cv_mean"):
        return num(f.gap, 3)
    return fmt(f.gap, f.rule.indicator)


def fix_text(f: Finding, lang: Lang) -> str:
    """What closes the gap: the remedy amount with its unit, or the rule's own detail."""
    if f.rule.kind == "school_threshold":
        return need_text(f.need, f.remedy, lang)
    if f.reason is not None:
        return f.reason.render(lang)
    return ""


def reason_text(f: Finding, lang: Lang) -> str:
    return f.reason.render(lang) if f.reason is not None else ""


def subject_text(f: Finding, lang: Lang) -> str:
    """Who a finding is about: 'name (id) · stage' for a school part, the county, a group."""
    if f.scope == "school":
        return f"{f.name} ({f.subject}) · {stage_word(f.stage, lang)}"
    if f.scope == "county":
        return county_word(lang)
    return f.subject


def county_word(lang: Lang) -> str:
    return t("scope.county", lang)


def driver_lines(audit: CountyAudit, f: Finding, lang: Lang) -> list[str]:
    """Why a CV fails: the school parts with the largest share of its weighted variance."""
    if not f.drivers or f.threshold is None:
        return []
    decimals = audit.standard.cv_decimals
    head = t(
        "report.cv.drivers",
        lang,
        rule=f.rule.id,
        stage=stage_word(f.stage, lang),
        cv=num(f.value, decimals),
        limit=f"{f.threshold:.2f}",
    )
    lines = [head]
    for d in f.drivers:
        line = t(
            "report.cv.driver",
            lang,
            name=d.name,
            id=d.subject,
            share=f"{d.share * 100:.1f}%",
            without=num(d.cv_without, decimals),
        )
        lines.append(f"  {line}")
    return lines


def waiver_lines(audit: CountyAudit, lang: Lang) -> list[tuple[str, str]]:
    """(style, line): the waived findings (never hidden), then expired and unused waivers."""
    report = audit.waivers
    if report is None:
        return []
    items = [f for f in audit.findings(*LISTED) if f.waiver is not None]
    lines: list[tuple[str, str]] = []
    if items:
        lines.append(("bold cyan", t("report.waived.title", lang, n=len(items))))
        for f in items:
            w = f.waiver
            assert w is not None
            line = t(
                "report.waived.item",
                lang,
                rule=f.rule.id,
                subject=f.subject,
                status=status_word(f.status, lang),
                justification=w.justification,
                approved_by=w.approved_by,
                expires=w.expires.isoformat(),
            )
            lines.append(("cyan", f"  {line}"))
    for key, waivers in (("expired", report.expired), ("unused", report.unused)):
        for w in waivers:
            where = f"{report.file.name}:{w.line}" if w.line is not None else ""
            line = t(
                f"report.waiver.{key}",
                lang,
                rule=w.rule,
                subject=w.subject,
                where=where,
                expires=w.expires.isoformat(),
            )
            lines.append(("yellow", line))
    return lines


def provenance_line(
    p: Provenance, lang: Lang, quote: str = "", wrap: Callable[[str], str] | None = None
) -> str:
    """The one line every human-readable report ends with; `quote` wraps file names (` in md),
    or `wrap` writes each of them (a format that must escape a name)."""
    name = wrap if wrap is not None else (lambda file: f"{quote}{file}{quote}")
    if len(p.inputs) > 3:  # a region's folder: one digest for its files (each is in the JSON)
        inputs = [t("report.provenance.inputs", lang, n=len(p.inputs), digest=p.inputs_digest[:12])]
    else:
        inputs = [f"{name(h.file)} {h.sha256[:12]}" for h in p.inputs]
    files = inputs + [f"{name(h.file)} {h.sha256[:12]}" for h in p.rule_files]
    line = t(
        "report.provenance",
        lang,
        version=p.qbcheck_version,
        standard=f"{p.standard} ({p.edition})",
        files="; ".join(files),
        run_at=p.run_at_text,
    )
    if p.select or p.ignore:
        line += " " + selection_line(p, lang)
    return line


def selection_line(p: Provenance, lang: Lang) -> str:
    return t(
        "report.selection",
        lang,
        select=", ".join(p.select) or "—",
        ignore=", ".join(p.ignore) or "—",
    )


def county_header(run: Run, k: int, lang: Lang) -> str:
    """The heading of the k-th county (from 1) in a run of several."""
    audit = run.audits[k - 1]
    return t(
        "report.county.header",
        lang,
        index=k,
        total=len(run.audits),
        county=county_label(audit, lang),
    )


# --- school parts --------------------------------------------------------------------------
Entries = list[tuple[SchoolBlock, int]]


def part_entries(entries: Entries) -> Entries:
    """A school part's findings as a report lists them: its k-of-n verdict last."""
    return sorted(entries, key=lambda e: e[0].rule.kind == "school_k_of_n")


def below_floor(audit: CountyAudit, block: SchoolBlock, k: int) -> list[str]:
    """A k-of-n row's members that fail (or are at risk) by more than the rule's floor allows:
    the member blocks of the same stage whose value is below floor × threshold, by indicator."""
    rule = block.rule
    if rule.kind != "school_k_of_n" or rule.floor is None:
        return []
    members = {b.rule.id: b for b in audit.blocks if b.stage == block.stage}
    school = block.school[k]
    out: list[str] = []
    for rid in rule.members:
        m = members.get(rid)
        if m is None:
            continue
        if m.school is block.school:  # the same parts: the same row
            mk = k
        elif school in m.school:
            mk = m.school.index(school)
        else:
            continue
        value = m.value(mk)
        if value is None or m.status[mk] not in (FAIL, AT_RISK):
            continue
        if value < rule.floor * float(m.thresholds[mk]):
            out.append(m.rule.indicator.key if m.rule.indicator is not None else rid)
    return out


def floor_text(block: SchoolBlock, below: list[str]) -> str:
    """<85%: A4, A5 — the members below a k-of-n rule's floor."""
    floor = block.rule.floor
    if not below or floor is None:
        return ""
    return f"<{round(floor * 100)}%: {', '.join(below)}"


def excluded_groups(audit: CountyAudit, lang: Lang) -> list[tuple[str, list[Excluded]]]:
    """The schools outside the standard's scope, by reason (in the order reasons first occur)."""
    groups: dict[str, list[Excluded]] = {}
    for e in audit.excluded:
        groups.setdefault(e.reason.render(lang), []).append(e)
    return list(groups.items())


def excluded_names(schools: list[Excluded], shown: int = 5) -> str:
    """The first few names of a reason's schools, as the summary line lists them."""
    return "、".join(e.name for e in schools[:shown]) + ("…" if len(schools) > shown else "")


# --- the region ----------------------------------------------------------------------------
# A terminal, a Markdown page and a workbook cell all show a county's name as written, but
# never a control character from the data (an escape sequence would take effect in a terminal).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """Data text made inert for plain-text output: control and bidi characters become '?'."""
    return _CONTROL.sub("?", str(text))


def selected_audits(run: Run, wanted: tuple[str, ...]) -> list[CountyAudit]:
    """The county audits whose full report a region run shows: those named by --county (code
    or name; every year of them), or all with `all`."""
    if not wanted:
        return []
    if "all" in wanted:
        return list(run.audits)
    names = set(wanted)
    return [a for a in run.audits if a.county.code in names or a.county.name in names]


def region_title(region: Region, lang: Lang) -> str:
    if len(region.years) > 1:
        years = f"{region.years[0]}–{region.years[-1]}"
        return t("region.title.years", lang, n=region.counties, years=years, audits=region.audits)
    return t("region.title", lang, n=region.counties)


def region_regime(region: Region, lang: Lang) -> str:
    return region.regime(lang) if region.regime else ""


def counts_text(counts: Mapping[Verdict, int], year: int | None, region: Region, lang: Lang) -> str:
    partial = counts.get("partial", 0)
    return t(
        "region.counts",
        lang,
        year=t("region.counts.year", lang, year=year) if year else "",
        regime=region_regime(region, lang),
        **{"pass": counts["pass"], "fail": counts["fail"], "unknown": counts["unknown"]},
        partial=t("region.counts.partial", lang, n=partial) if partial else "",
    )


def region_count_lines(region: Region, lang: Lang) -> list[str]:
    """The counties by verdict: at the latest year, then each earlier year of the run."""
    lines = [counts_text(region.counts, region.year, region, lang)]
    if len(region.by_year) > 1:
        for year, counts in reversed(region.by_year.items()):
            if year != region.year:
                lines.append(counts_text(counts, year, region, lang))
    return lines


def closest_line(region: Region, lang: Lang) -> str:
    """The counties not recognised that are nearest to it, named."""
    names = "、".join(row_county(r, lang) for r in region.closest)
    return t("region.closest", lang, names=names)


def target_line(target: Target, lang: Lang) -> str:
    """One region target: its state, how many are recognised of how many needed."""
    line = t(
        "region.target.line",
        lang,
        id=target.rule.id,
        title=target.rule.title(lang),
        status=status_word(target.status, lang),
        recognised=target.recognised,
        total=target.total,
        needed=target.needed,
    )
    extra = []
    if target.gap:
        extra.append(t("region.target.gap", lang, n=target.gap))
    if target.rule.target_year:
        extra.append(t("region.target.year", lang, year=target.rule.target_year))
    if target.short_names and target.counties:
        names = "、".join(plain(n) for n in target.short_names)
        extra.append(t("region.target.short", lang, names=names))
    if target.reason is not None:
        extra.append(plain(target.reason.render(lang)))
    sep = "；" if lang == "zh" else "; "
    return line + (sep + sep.join(extra) if extra else "")


def row_county(row: CountyRow, lang: Lang) -> str:
    return plain(row.audit.county.name or t("report.county_unnamed", lang))


def parts_text(audit: CountyAudit) -> str:
    """Each part that decides the verdict, by its letter: ✓ pass, ✗ fail, ? undecided."""
    marks = {"pass": "✓", "fail": "✗", "unknown": "?"}
    parts = audit.standard.parts
    return " ".join(
        f"{p}{marks.get(s, '?')}" for p, s in audit.part_status.items() if parts[p].in_verdict
    )


def rules_text(row: CountyRow) -> str:
    """Rules failing / undecided in the parts that decide the verdict."""
    return f"{row.distance.failing_rules}/{row.distance.undecided_rules}"


def margin_text(margin: CvMargin | None, lang: Lang, decimals: int = 3) -> str:
    """A stage's tightest CV: its headroom under the limit (negative: over it), and whose."""
    if margin is None:
        return "—"
    sign = "+" if margin.margin >= 0 else "−"
    which = margin.indicator or margin.rule
    return f"{sign}{abs(margin.margin):.{decimals}f} {which}"


def margins_text(row: CountyRow, lang: Lang) -> str:
    decimals = row.audit.standard.cv_decimals
    return (
        "  ".join(
            f"{stage_word(stage, lang)} {margin_text(m, lang, decimals)}"
            for stage, m in row.cv_margins.items()
        )
        or "—"
    )


def plan_text(row: CountyRow, lang: Lang) -> str:
    return t(f"plan.{row.plan}", lang, year=row.planned_year)


def change_text(change: Change, audit: CountyAudit, lang: Lang) -> str:
    if change.what == "verdict":
        return t(
            "region.change.verdict",
            lang,
            before=verdict_word(str(change.before), lang),
            after=verdict_word(str(change.after), lang),
        )
    if change.what == "failing_parts":
        return t("region.change.failing_parts", lang, before=change.before, after=change.after)
    rule = audit.rules.get(change.rule or "")
    ind = rule.indicator if rule else None
    label = f"{stage_word(change.stage, lang)} {ind.key if ind else change.rule}"
    d = audit.standard.cv_decimals
    return t(
        "region.change.cv",
        lang,
        label=label,
        before=num(float(change.before), d),
        after=num(float(change.after), d),
    )


def trend_text(row: CountyRow, lang: Lang) -> str:
    """Since the year before: how many things got better (↑) and worse (↓)."""
    s = row.series
    if s is None:
        return "—"
    if not s.changes:
        return t("region.trend.same", lang)
    return t("region.trend.arrows", lang, better=len(s.better), worse=len(s.worse))


def trend_lines(row: CountyRow, lang: Lang) -> list[str]:
    """What got better and worse since the year before, named."""
    s = row.series
    if s is None:
        return []
    out = []
    for key, items in (("region.trend.better", s.better), ("region.trend.worse", s.worse)):
        if items:
            texts = ("、" if lang == "zh" else ", ").join(
                change_text(c, row.audit, lang) for c in items
            )
            out.append(t(key, lang, items=texts))
    return out


def years_text(series: Series, lang: Lang) -> str:
    """A county's verdict year by year: 2024 未达到 → 2025 达到."""
    return " → ".join(f"{p.year or '—'} {verdict_word(p.verdict, lang)}" for p in series.points)


def blocking_text(row: CountyRow, shown: int = 6) -> str:
    ids = row.blocking
    if not ids:
        return "—"
    more = f" +{len(ids) - shown}" if len(ids) > shown else ""
    return " ".join(ids[:shown]) + more


# --- region, md github junit sarif ---------------------------------------------------------
def county_year_label(audit: CountyAudit, region: Region, lang: Lang) -> str:
    """A county's label in a region run: 县名（代码）, and its year when the run has several
    (a county of two years is two audits that must not share a name)."""
    label = county_label(audit, lang)
    return f"{label} {year_label(audit, lang)}" if len(region.years) > 1 else label


def row_status(row: CountyRow) -> Status:
    """How a pipeline format rates a county not recognised: fail when a rule fails, else
    unknown (undecided, or partially assessed)."""
    return FAIL if row.audit.verdict == "fail" else UNKNOWN


def row_problem(row: CountyRow, lang: Lang) -> str:
    """Why a county is not recognised, in one line: its verdict, the rules failing/undecided,
    its failing school parts and the rules that block it."""
    return t(
        "region.ci.county",
        lang,
        verdict=verdict_line(row.audit, lang),
        rules=rules_text(row),
        schools=row.distance.failing_parts,
        blocking=blocking_text(row, shown=len(row.blocking) or 1),
    )


# --- region, html, xlsx ----------------------------------------------------------------------
CvKey = tuple[str, str | None]  # a CV: (rule, stage)


def region_cvs(region: Region) -> list[CvKey]:
    """Every CV (rule, stage) the region's counties have, in the order they first appear,
    stage by stage: the columns of a CV table, the rows of a panel, the same for all."""
    keys: dict[CvKey, None] = {}
    for r in region.rows:
        for p in r.points:
            keys.update(dict.fromkeys(p.cvs))
    order = {s: n for n, s in enumerate(("primary", "junior"))}
    return sorted(keys, key=lambda k: order.get(k[1] or "", len(order)))


def cv_label(region: Region, key: CvKey, lang: Lang) -> str:
    """A CV as a region table names it: 小学 A1 (the rule id for a composite CV)."""
    rid, stage = key
    rule = next((r.audit.rules[rid] for r in region.rows if rid in r.audit.rules), None)
    ind = rule.indicator if rule is not None else None
    return f"{stage_word(stage, lang)} {ind.key if ind else rid}"


def cv_findings_of(audit: CountyAudit | None) -> dict[CvKey, Finding]:
    if audit is None:
        return {}
    return {(f.rule.id, f.stage): f for f in audit.cv_findings}
