"""The annotated Excel report an officer forwards to the director and the city inspectors.

Sheets, in order:
- 汇总 / Summary: county, year, standard, the regime's verdict, each part with its status and rule
  counts, the rules blocking recognition, the at-risk targets, what was left out, a colour legend.
- 学校数据 / School data: one row per school, the file's columns under their canonical headings
  with the values as read (money in 万元, as the heading says). Every cell behind a finding is
  filled (red fail, amber at risk, grey unknown) and carries a comment with the rule, value,
  threshold and gap, or the reason it is undecided. Several findings on one cell share one
  comment and take the worst colour. An undecided finding marks the blank cells it names.
- 表Ⅱ-2 per stage and 表Ⅲ, laid out like the national application tables (values rounded as the
  forms want them), only when the standard has the rules they report: a k-of-n school rule over
  per-stage thresholds (QB.A.school over QB.A1…A7) and CV rules (QB.A*.cv, or BB.cv's components).
- 问题清单 / Findings: every finding of `report/findings.py`, filterable, values full precision.

Sheets are written in openpyxl's write-only mode (rows stream to disk), so a provincial file does
not hold millions of cell objects. Text never becomes a formula: every string is stored as a
string, and one starting with = + - @ also gets Excel's quote prefix, so editing the cell keeps it
text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from copy import copy
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import islice
from typing import IO, Any

import numpy as np
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qbcheck import __version__
from qbcheck.core.messages import CATALOGUE, Lang, t
from qbcheck.core.stats import weighted_cv
from qbcheck.core.status import AT_RISK, ATTESTED, FAIL, PASS, STATUSES, UNKNOWN, Status, worst
from qbcheck.evaluate.engine import AuditResult
from qbcheck.kinds.county_threshold import CountyThreshold
from qbcheck.kinds.cv_limit import CvLimit
from qbcheck.kinds.cv_mean import CvMean
from qbcheck.kinds.outcome import CountyResult, SchoolResult
from qbcheck.kinds.school_classes import SchoolClasses
from qbcheck.kinds.school_k_of_n import SchoolKofN
from qbcheck.kinds.school_threshold import SchoolThreshold
from qbcheck.model.fields import (
    CLASS_BANDS,
    COMPULSORY,
    COUNTY_KEYS_BY_KEY,
    FIELDS_BY_KEY,
    SCHOOL_FIELDS,
    SCHOOL_TYPES,
    Field,
    canonical_heading,
)
from qbcheck.model.headings import parse, unit_factor
from qbcheck.reports.base import Options
from qbcheck.reports.present import county_header
from qbcheck.reports.table import REMEDY_UNIT, SECTIONS, driver_lines, fmt, num, waiver_lines
from qbcheck.results.findings import iter_findings
from qbcheck.results.model import Run
from qbcheck.rules.standards import Indicator, Standard

__all__ = ["FILLS", "render"]

# Cell fills (RGB) by status; pass cells stay plain.
FILLS: dict[str, str] = {FAIL: "FFC7CE", AT_RISK: "FFE699", UNKNOWN: "D9D9D9"}
VERDICT_FILLS: dict[str, str] = {**FILLS, PASS: "C6EFCE", ATTESTED: "DDEBF7"}
HEADER_FILL = "DDEBF7"
MARKED: tuple[Status, ...] = (FAIL, AT_RISK, UNKNOWN)
EXCEL_ROWS = 1_048_576  # a worksheet's last row
EXCEL_TEXT = 32_767  # the longest text a cell holds
FORMULA_START = ("=", "+", "-", "@")  # what Excel would read as the start of a formula
SIGN = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
SAMPLE = 2_000  # rows looked at to size a column
ID_KEYS = frozenset({"school_id", "parent_id", "county_code"})
_PART_KEY: dict[tuple[str, str], str] = {
    (f.stage, f.part_name): f.key for f in SCHOOL_FIELDS if f.stage and f.part_name
}


def render_result(result: AuditResult, out: IO[bytes], lang: Lang) -> None:
    """Write the report to `out` (through a temporary file, then a rename) and return it."""
    wb = Workbook(write_only=True)
    notes: list[str] = []
    passes, n_findings = _findings_plan(result, lang, notes)
    schools = _school_rows(result, notes, lang)
    _summary(_Sheet(wb, t("xlsx.sheet.summary", lang)), result, lang, notes)
    _school_sheet(_Sheet(wb, t("xlsx.sheet.schools", lang)), result, lang, schools)
    kofn = _school_table_rule(result.standard)
    if kofn is not None:
        for stage in COMPULSORY:
            if result.parts[stage].school:
                title = t("xlsx.sheet.table2", lang, stage=t(f"stage.{stage}", lang))
                _table2(_Sheet(wb, title), result, kofn, stage, lang)
    if any(isinstance(r, CvLimit | CvMean) for r in result.standard.rules.values()):
        _table3(_Sheet(wb, t("xlsx.sheet.table3", lang)), result, lang)
    sheet = _Sheet(wb, t("xlsx.sheet.findings", lang))
    _findings_sheet(sheet, result, lang, _listed(result, lang, passes, n_findings))
    wb.save(out)


# --- cells ---------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Text a cell can hold: no control characters, at most Excel's length."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:EXCEL_TEXT]


def _number(v: object) -> float | int | None:
    """A plain Python number Excel can store (NaN and infinities are blanks)."""
    if v is None or isinstance(v, bool):
        return None
    x = float(v)  # type: ignore[arg-type]
    if not math.isfinite(x):
        return None
    return v if isinstance(v, int) else x


def rounded(v: float | None, decimals: int) -> float | None:
    """Half away from zero on the shortest decimal form, as Excel's ROUND and the forms do
    (2.675 → 2.68, where binary round() gives 2.67)."""
    v = _number(v)  # type: ignore[assignment]
    if v is None:
        return None
    try:
        q = Decimal(repr(float(v))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except InvalidOperation:  # too many digits for the context: the value is huge, keep it
        return float(v)
    return float(q)


def _decimals_format(decimals: int) -> str:
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class _Sheet:
    """A write-only worksheet: widths and frozen panes are set before the first row, then rows
    stream in order. Cells are plain values unless they need a style, a comment or protecting."""

    def __init__(self, wb: Workbook, title: str) -> None:
        self.ws = wb.create_sheet(_sheet_title(title))
        self.rows = 0
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.header = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.fills = {
            s: PatternFill("solid", start_color=c, end_color=c) for s, c in VERDICT_FILLS.items()
        }
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.styles: dict[tuple[object, ...], object] = {}

    def setup(self, widths: Sequence[float], freeze: str | None = None) -> None:
        for j, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(j)].width = round(w, 1)
        if freeze:
            self.ws.freeze_panes = freeze

    def append(self, values: Iterable[object], height: float | None = None) -> None:
        """One row; bare strings and numbers go through cell(), so no text becomes a formula
        and no NaN reaches the file, whoever built the row."""
        self.rows += 1
        if height is not None:
            self.ws.row_dimensions[self.rows].height = height
        self.ws.append([self.cell(v) if isinstance(v, str | float) else v for v in values])

    def header_row(self, names: Sequence[str], height: float = 45) -> None:
        self.append([self.cell(n, header=True) for n in names], height)

    def cell(
        self,
        value: object,
        *,
        number_format: str | None = None,
        status: str | None = None,
        note: str | None = None,
        bold: bool = False,
        header: bool = False,
        wrap: bool = False,
        font: Font | None = None,
    ) -> object:
        if isinstance(value, str):
            value = _clean(value)
            risky = value[:1] in FORMULA_START or value in ERROR_CODES
        else:
            value = _number(value) if value is not None else None
            risky = False
        marked = status or note or header
        if value is None and not marked:
            return None
        if not (marked or number_format or bold or wrap or font or risky):
            return value
        text = isinstance(value, str)
        quote = text and value[:1] in FORMULA_START  # type: ignore[index]
        cell = WriteOnlyCell(self.ws, value)
        if text:
            cell.data_type = "s"  # never a formula or an error code, whatever the text
        number_format = None if text else number_format
        key = (number_format, status, bold, header, wrap, id(font), quote)
        style = self.styles.get(key)
        if style is not None:  # the style a cell like this had: copied, not built again
            cell._style = copy(style)
        else:
            if quote:
                cell.quotePrefix = True
            if number_format:
                cell.number_format = number_format
            if header:
                cell.font, cell.fill, cell.alignment = self.bold, self.header, self.centre
            elif font is not None:
                cell.font = font
            elif bold:
                cell.font = self.bold
            if status in self.fills:
                cell.fill = self.fills[status]
            if wrap:
                cell.alignment = self.wrap
            self.styles[key] = copy(cell._style)
        if note:
            cell.comment = _comment(note)
        return cell


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31]


def _comment(text: str) -> Comment:
    lines = text.split("\n")
    chars = max((_width(line) for line in lines), default=10)
    width = min(max(chars * 6 + 20, 220), 420)
    wrapped = sum(max(1, math.ceil(_width(line) * 6 / width)) for line in lines)
    comment = Comment(_clean(text), "qbcheck")
    comment.width, comment.height = width, min(wrapped * 16 + 16, 600)
    return comment


# --- finding → comment text ----------------------------------------------------------------


def _stage_word(stage: str | None, lang: Lang) -> str:
    return t(f"stage.{stage}", lang) if stage else t("stage.school", lang)


def _need_text(need: float | None, remedy: str | None, lang: Lang) -> str | None:
    if need is None or remedy is None:
        return None
    zh, en = REMEDY_UNIT.get(remedy, ("", ""))
    decimals = 0 if need >= 100 or float(need).is_integer() else 1
    return f"+{num(need, decimals)}{zh if lang == 'zh' else en}"


def school_note(result: AuditResult, r: SchoolResult, k: int, lang: Lang) -> str:
    """What one school finding says on a cell: rule, stage and status; the rule's title; value,
    requirement and gap (or why it is undecided); what closes the gap."""
    rule = r.rule
    status = r.status[k]
    head = t(
        "xlsx.note.head",
        lang,
        rule=rule.id,
        stage=_stage_word(r.stage, lang),
        status=t(f"status.{status}", lang),
    )
    waiver = _waiver_text(result, r.waived.get(k), lang)
    if waiver:
        head += f" {t('report.waived.mark', lang)}"
    lines = [head, rule.title(lang)]
    detail = r.detail[k] if r.detail else None
    if status == UNKNOWN:
        if detail is not None:
            lines.append(t("xlsx.note.reason", lang, reason=detail.render(lang)))
        if waiver:
            lines.append(waiver)
        return "\n".join(lines)
    need: str | None = None
    thr = r.threshold_at(k)
    if isinstance(rule, SchoolThreshold):
        ind = result.standard.model.indicators[rule.indicator]
        value = fmt(r.value(k), ind)
        threshold = f"{SIGN[rule.op]}{fmt(thr, ind)}"
        gap = fmt(r.gap[k], ind)
        need = _need_text(r.need[k] if r.need else None, ind.remedy, lang)
    elif isinstance(rule, SchoolKofN):
        n = len(rule.of)
        v = r.value(k)
        value = f"{v:.0f}/{n}" if v is not None else "—"
        threshold, gap = f"≥{rule.k}/{n}", num(r.gap[k], 0)
    else:
        value, threshold, gap = num(r.value(k), 0), f"≤{thr:g}", num(r.gap[k], 0)
    lines.append(t("xlsx.note.measure", lang, value=value, threshold=threshold, gap=gap))
    if need:
        lines.append(t("xlsx.note.need", lang, need=need))
    if detail is not None:
        lines.append(detail.render(lang))
    if waiver:
        lines.append(waiver)
    return "\n".join(lines)


def _waiver_text(result: AuditResult, n: int | None, lang: Lang) -> str | None:
    """A waiver covering a finding: why, who approved it and until when (never hidden)."""
    if n is None or result.waivers is None:
        return None
    w = result.waivers.items[n]
    return t(
        "xlsx.waiver",
        lang,
        justification=w.justification,
        approved_by=w.approved_by,
        expires=w.expires.isoformat(),
    )


def county_note(result: AuditResult, c: CountyResult, lang: Lang) -> str:
    """The comment on a county figure (a CV in 表Ⅲ)."""
    head = t(
        "xlsx.note.head",
        lang,
        rule=c.rule.id,
        stage=_stage_word(c.stage, lang),
        status=t(f"status.{c.status}", lang),
    )
    waiver = _waiver_text(result, c.waived, lang)
    if waiver:
        head += f" {t('report.waived.mark', lang)}"
    lines = [head, c.rule.title(lang)]
    if c.status == UNKNOWN:
        if c.reason is not None:
            lines.append(t("xlsx.note.reason", lang, reason=c.reason.render(lang)))
        if waiver:
            lines.append(waiver)
        return "\n".join(lines)
    decimals = result.standard.model.parameters.cv_decimals
    threshold = f"≤{c.limit:.2f}" if c.limit is not None else "—"
    lines.append(
        t(
            "xlsx.note.measure",
            lang,
            value=num(c.value, decimals),
            threshold=threshold,
            gap=num(c.gap, decimals),
        )
    )
    lines += [line.strip() for line in driver_lines(result, c, lang)[1:]]  # who moves it most
    if waiver:
        lines.append(waiver)
    return "\n".join(lines)


# --- finding → cells -----------------------------------------------------------------------


def _stages_of(result: AuditResult, i: int) -> tuple[str, ...]:
    return SCHOOL_TYPES.get(result.dataset.columns["school_type"][i], ())


def _pupil_keys(stages: Iterable[str]) -> list[str]:
    return [f"{s}_pupils" for s in stages if s in COMPULSORY]


def finding_cells(result: AuditResult, r: SchoolResult, k: int) -> tuple[list[str], list[str]]:
    """The field keys behind one school finding: the cells its formula reads, and (for an
    undecided one) further cells that may be the blank it names: the school's stage enrolments
    that split a whole-school total, and the columns of the rule's `where:`."""
    ds = result.dataset
    i = r.parts.school[k]
    stages = _stages_of(result, i)
    rule = r.rule
    keys: list[str] = []
    extra: list[str] = []
    if isinstance(rule, SchoolKofN):
        keys = ["name"]  # the school as a whole: its member rules mark their own cells
    elif isinstance(rule, SchoolClasses):
        stage = r.stage or ""
        limit = r.threshold_at(k)
        if ds.classes is None:
            for part, _, low, high in CLASS_BANDS:
                key = f"{stage}_{part}"
                if high is not None and high <= limit:
                    continue
                n = ds.columns[key][i]
                if r.status[k] == UNKNOWN or (n and low > limit):
                    keys.append(key)
        if not keys:  # a 班级 sheet, or no band in the file: the stage's class count
            keys = [f"{stage}_classes"]
    elif isinstance(rule, SchoolThreshold):
        formula = result.standard.formulas[rule.indicator]
        for name in formula.names:
            if name in COUNTY_KEYS_BY_KEY or name == "as_of_year":
                continue
            if name == "compulsory_pupils":
                keys.extend(_pupil_keys(COMPULSORY))
                continue
            key = _PART_KEY.get((r.stage, name), name) if r.stage else name
            f = FIELDS_BY_KEY.get(key)
            if f is None:
                continue
            keys.append(f.key)
            if f.split and r.stage:
                extra.extend(_pupil_keys(stages))
    for name in rule.where or {}:
        if name == "compulsory_pupils":
            extra.extend(_pupil_keys(COMPULSORY))
        elif name in FIELDS_BY_KEY:
            extra.append(name)

    def applies(key: str) -> bool:
        stage = FIELDS_BY_KEY[key].stage
        return stage is None or stage in stages

    keys = [key for key in dict.fromkeys(keys) if applies(key)]
    extra = [key for key in dict.fromkeys(extra) if applies(key) and key not in keys]
    return keys, extra


def cell_marks(result: AuditResult, lang: Lang) -> dict[tuple[int, str], list[tuple[Status, str]]]:
    """(school index, field key) → the findings on that cell, as (status, comment text).
    Fail and at-risk findings mark every cell the formula reads. An undecided one marks the
    blank cells it names; when the cause is off the row (a column the file lacks, a county
    figure) nothing on the row is marked: the summary names absent columns once."""
    ds = result.dataset
    present = set(ds.letters)
    out: dict[tuple[int, str], list[tuple[Status, str]]] = {}
    for r in result.school_results:
        if not any(s in r.status for s in MARKED):  # list scans in C: most rules pass
            continue
        for k, status in enumerate(r.status):
            if status not in MARKED:
                continue
            i = r.parts.school[k]
            keys, extra = finding_cells(result, r, k)
            keys = [key for key in keys if key in present]
            if status == UNKNOWN and not isinstance(r.rule, SchoolKofN):
                keys = [
                    key for key in (*keys, *extra) if key in present and ds.columns[key][i] is None
                ]
            if not keys:
                continue
            note = school_note(result, r, k, lang)
            for key in keys:
                out.setdefault((i, key), []).append((status, note))
    return out


# --- 学校数据 ------------------------------------------------------------------------------


def _field_format(f: Field) -> str | None:
    if f.kind == "count":
        return "0"
    if f.dimension == "money":
        return "#,##0.00##"
    if f.kind == "amount":
        return "#,##0.00"
    if f.kind == "ratio":
        return "0.0%"
    if f.key in ID_KEYS:
        return "@"
    return None


def _school_rows(result: AuditResult, notes: list[str], lang: Lang) -> int:
    """How many schools the data sheet shows (all, unless Excel's row limit cuts them)."""
    n = len(result.dataset)
    if n + 1 > EXCEL_ROWS:
        notes.append(
            t(
                "xlsx.summary.truncated",
                lang,
                sheet=t("xlsx.sheet.schools", lang),
                shown=EXCEL_ROWS - 1,
                total=n,
            )
        )
        return EXCEL_ROWS - 1
    return n


def _school_value(f: Field, v: object, factor: float) -> object:
    if v is None:
        return None
    if f.kind == "flag":
        return "是" if v else "否"  # as the input writes it, whatever the report's language
    if f.kind == "count":
        x = float(v)  # type: ignore[arg-type]
        return int(x) if x.is_integer() else x
    if f.kind in ("amount", "ratio"):
        return round(float(v) / factor, 8) if factor != 1.0 else float(v)  # type: ignore[arg-type]
    return v if isinstance(v, str) else str(v)


def _school_sheet(sh: _Sheet, result: AuditResult, lang: Lang, shown: int) -> None:
    ds = result.dataset
    fields = [f for f in SCHOOL_FIELDS if f.key in ds.letters]
    factors = {f.key: unit_factor(f, parse(canonical_heading(f)).unit) or 1.0 for f in fields}
    formats = {f.key: _field_format(f) for f in fields}
    marks = cell_marks(result, lang)
    excluded: dict[int, list[str]] = {}
    for e in result.excluded:
        excluded.setdefault(e.school, []).append(e.reason.render(lang))
    sep = "；" if lang == "zh" else "; "
    headings = [canonical_heading(f) for f in fields]
    headings += [t("xlsx.schools.row", lang), t("xlsx.schools.note", lang)]
    sample = range(min(shown, SAMPLE))
    widths = []
    for f, heading in zip(fields, headings, strict=False):
        col = ds.columns[f.key]
        data = max(
            (_width(_shown(_school_value(f, col[i], factors[f.key]))) for i in sample), default=4
        )
        widths.append(_column_width(heading, data))
    widths += [10, 30]
    sh.setup(widths, "C2")
    sh.header_row(headings, height=48)
    for i in range(shown):
        row: list[object] = []
        for f in fields:
            value = _school_value(f, ds.columns[f.key][i], factors[f.key])
            found = marks.get((i, f.key))
            if found:
                status = worst({s for s, _ in found})
                note = "\n\n".join(dict.fromkeys(text for _, text in found))
                row.append(sh.cell(value, number_format=formats[f.key], status=status, note=note))
            elif value is None:
                row.append(None)
            else:
                row.append(sh.cell(value, number_format=formats[f.key]))
        row.append(ds.rows[i])
        reasons = excluded.get(i)
        row.append(sh.cell(sep.join(reasons)) if reasons else None)
        sh.append(row)
    last = get_column_letter(len(headings))
    sh.ws.auto_filter.ref = f"A1:{last}{shown + 1}"


def _shown(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def _column_width(heading: str, data: int, cap: int = 40) -> float:
    """Wide enough for the data; a long heading wraps over up to three lines."""
    head = _width(heading)
    return float(min(max(data + 2, min(head, max(math.ceil(head / 3) + 2, 10)), 6), cap))


# --- 汇总 ----------------------------------------------------------------------------------


def county_label(result: AuditResult, lang: Lang) -> str:
    county = result.dataset.county
    name = county.county_name or t("report.county_unnamed", lang)
    if county.county_code:
        name += f"（{county.county_code}）" if lang == "zh" else f" ({county.county_code})"
    return name


def _year_label(result: AuditResult, lang: Lang) -> str:
    year = result.dataset.county.year
    return str(year) if year else t("report.year_unknown", lang)


def _summary(sh: _Sheet, result: AuditResult, lang: Lang, notes: list[str]) -> None:
    std = result.standard
    model = std.model
    ds = result.dataset
    rules = result.rule_status()
    sh.setup([30, 60, 10, 10, 10, 10, 10])
    title = t(
        "report.title",
        lang,
        county=county_label(result, lang),
        year=_year_label(result, lang),
        standard=model.title(lang),
    )
    sh.append([sh.cell(title, font=sh.title_font)], height=24)
    sh.append([])

    def pair(key: str, value: object, **style: object) -> None:
        sh.append([sh.cell(t(key, lang), bold=True), sh.cell(value, **style)])  # type: ignore[arg-type]

    pair("xlsx.summary.county", county_label(result, lang))
    pair("xlsx.summary.year", ds.county.year or t("report.year_unknown", lang))
    pair("xlsx.summary.as_of", result.as_of)
    pair(
        "xlsx.summary.standard",
        t(
            "xlsx.summary.standard.value",
            lang,
            title=model.title(lang),
            id=model.id,
            edition=model.edition,
        ),
    )
    pair("xlsx.summary.document", model.document)
    pair("xlsx.summary.chain", " → ".join(std.chain))
    pair(
        "xlsx.summary.source",
        t("xlsx.summary.source.value", lang, file=ds.source.name, sheet=ds.sheet),
    )
    pair(
        "xlsx.summary.schools",
        t(
            "xlsx.summary.schools.value",
            lang,
            n=len(ds),
            excluded=len({e.school for e in result.excluded}),
        ),
    )
    pair("xlsx.summary.tool", f"qbcheck {__version__}")
    line = _provenance_line(result, lang)
    if line:
        pair("xlsx.summary.provenance", line)
    sh.append([])

    verdict = result.verdict()
    regime = model.regime(lang) if model.regime else model.title(lang)
    line = t("report.verdict", lang, regime=regime, verdict=t(f"verdict.{verdict}", lang))
    sh.append(
        [
            sh.cell(t("xlsx.summary.verdict", lang), bold=True),
            sh.cell(line, status=verdict, bold=True),
        ],
        height=20,
    )
    counts = {s: sum(1 for v in rules.values() if v == s) for s in STATUSES}
    sh.append(
        [
            None,
            t(
                "report.verdict.counts",
                lang,
                fail=counts[FAIL],
                unknown=counts[UNKNOWN],
                passed=counts[PASS],
                attested=counts[ATTESTED],
                at_risk=counts[AT_RISK],
                as_of=result.as_of,
            ),
        ]
    )
    schools = {r.stage: r for r in result.school_results if isinstance(r.rule, SchoolKofN)}
    if schools:
        p = schools.get("primary")
        j = schools.get("junior")
        line = t(
            "report.schools.title",
            lang,
            p_ok=p.status.count(PASS) if p else 0,
            p_n=len(p.status) if p else 0,
            j_ok=j.status.count(PASS) if j else 0,
            j_n=len(j.status) if j else 0,
        )
        sh.append([None, line])
    sh.append([])

    sh.header_row(
        [t("report.col.part", lang), t("report.col.verdict", lang)]
        + [t(f"status.{s}", lang) for s in STATUSES],
        height=20,
    )
    for part, status in result.part_status().items():
        ids = [rid for rid, r in std.rules.items() if r.part == part]
        sh.append(
            [
                f"{part} {model.parts[part](lang)}",
                sh.cell(t(f"status.{status}", lang), status=status),
                *[sum(1 for rid in ids if rules.get(rid) == s) or None for s in STATUSES],
            ]
        )
    sh.append([])

    groups = result.blocking()
    if not groups["fail"] and not groups["unknown"]:
        sh.append([sh.cell(t("xlsx.summary.nothing_blocking", lang), bold=True)])
    for key, group, _ in SECTIONS:
        ids = groups[group]
        if not ids:
            continue
        sh.append([sh.cell(t(key, lang, n=len(ids)), bold=True)])
        for rid in ids:
            status = rules[rid]
            sh.append(
                [
                    sh.cell(rid),
                    sh.cell(std.rules[rid].title(lang)),
                    sh.cell(t(f"status.{status}", lang), status=status),
                ]
            )
        sh.append([])

    reasons: dict[str, list[str]] = {}
    for e in result.excluded:
        reasons.setdefault(e.reason.render(lang), []).append(ds.columns["name"][e.school])
    for reason, names in reasons.items():
        listed = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
        sh.append([t("report.excluded", lang, n=len(names), reason=reason, names=listed)])
    absent = [
        canonical_heading(f)
        for f in SCHOOL_FIELDS
        if f.key in ds.absent and f.key not in ("county_name", "county_code")
    ]
    if absent:
        sh.append([t("xlsx.summary.absent", lang, headings="、".join(absent))])
    for note in notes:
        sh.append([sh.cell(note, bold=True)])
    waived = waiver_lines(result, lang)
    for _, line in waived:
        sh.append([sh.cell(line.strip(), bold=not line.startswith(" "))])
    if reasons or absent or notes or waived:
        sh.append([])

    sh.append([sh.cell(t("xlsx.legend.title", lang), bold=True)])
    for status in MARKED:
        sh.append(
            [
                sh.cell(t(f"status.{status}", lang), status=status),
                t(f"xlsx.legend.{status}", lang),
            ]
        )
    sh.append([None, t("xlsx.legend.note", lang)])


def _provenance_line(result: AuditResult, lang: Lang) -> str | None:
    """Version, standard, the SHA-256 of every file read and the run time, as the other formats
    give them (None when the input cannot be read again, e.g. it was a pipe)."""
    from qbcheck.results.provenance import provenance

    try:
        p = provenance(result)
    except OSError:
        return None
    files = [f"{p['input']['file']} {p['input']['sha256'][:12]}"]  # type: ignore[index]
    files += [f"{r['file']} {r['sha256'][:12]}" for r in p["rule_files"]]  # type: ignore[union-attr]
    return t(
        "report.provenance",
        lang,
        version=p["qbcheck_version"],
        standard=f"{result.standard.id} ({result.standard.model.edition})",
        files="; ".join(files),
        run_at=p["run_at"],
    )


# --- 表Ⅱ-2 ---------------------------------------------------------------------------------


def _school_table_rule(std: Standard) -> SchoolKofN | None:
    """The k-of-n school rule whose members are per-stage thresholds (QB.A.school): 表Ⅱ-2 lists
    its members' indicators per school part."""
    for rule in std.rules.values():
        if not isinstance(rule, SchoolKofN):
            continue
        members = [std.rules.get(m) for m in rule.of]
        if all(
            isinstance(m, SchoolThreshold) and std.model.indicators[m.indicator].level == "part"
            for m in members
        ):
            return rule
    return None


def _part_values(result: AuditResult, key: str, stage: str) -> list[float | None]:
    """A part-level indicator over every part of a stage (from the audit, else computed)."""
    parts = result.parts[stage]
    values = result.indicators.get((key, stage))
    if values is None:
        values = result.standard.formulas[key].evaluate(parts.env, len(parts))
    return [_number(v) for v in np.asarray(values, dtype=np.float64).tolist()]


def _by_school(
    result: AuditResult, rule_id: str, stage: str
) -> dict[int, tuple[SchoolResult, int]]:
    for r in result.school_results:
        if r.rule.id == rule_id and r.stage == stage:
            return {i: (r, k) for k, i in enumerate(r.parts.school)}
    return {}


def _table2(sh: _Sheet, result: AuditResult, kofn: SchoolKofN, stage: str, lang: Lang) -> None:
    ds = result.dataset
    std = result.standard
    parts = result.parts[stage]
    members = [std.rules[m] for m in kofn.of]
    indicators: list[tuple[str, Indicator]] = [
        (m.indicator, std.model.indicators[m.indicator])  # type: ignore[union-attr]
        for m in members
    ]
    headings = [
        t("xlsx.col.seq", lang),
        t("xlsx.col.name", lang),
        t("xlsx.col.ownership", lang),
        t("xlsx.col.pupils", lang),
        t("xlsx.col.classes", lang),
        *[
            t("xlsx.col.indicator", lang, key=key, name=ind.name(lang), unit=ind.unit(lang))
            for key, ind in indicators
        ],
        t("xlsx.col.school_ok", lang),
    ]
    names = ds.columns["name"]
    longest = max((_width(names[i] or "") for i in parts.school[:SAMPLE]), default=10)
    widths = [6, min(max(longest + 2, 16), 40), 10, 10, 8, *[14] * len(indicators), 14]
    sh.setup(widths, "C3")
    title = t(
        "xlsx.t2.title",
        lang,
        stage=t(f"stage.{stage}", lang),
        county=county_label(result, lang),
        year=_year_label(result, lang),
    )
    sh.append([sh.cell(title, font=sh.title_font)], height=24)
    sh.header_row(headings, height=75)
    values = [_part_values(result, key, stage) for key, _ in indicators]
    member_rows = [_by_school(result, m.id, stage) for m in members]
    overall = _by_school(result, kofn.id, stage)
    owners = {"公办": t("xlsx.owner.public", lang), "民办": t("xlsx.owner.private", lang)}
    for k, i in enumerate(parts.school):
        row: list[object] = [
            k + 1,
            sh.cell(names[i]),
            owners.get(ds.columns["ownership"][i], ds.columns["ownership"][i]),
            sh.cell(_count(ds.columns[f"{stage}_pupils"][i]), number_format="0"),
            sh.cell(_count(ds.columns[f"{stage}_classes"][i]), number_format="0"),
        ]
        for column, by_school in zip(values, member_rows, strict=True):
            value = rounded(column[k], 2)
            hit = by_school.get(i)
            status = hit[0].status[hit[1]] if hit else None
            note = school_note(result, *hit, lang) if hit and status in MARKED else None
            row.append(
                sh.cell(
                    value,
                    number_format="0.00",
                    status=status if status in MARKED else None,
                    note=note,
                )
            )
        hit = overall.get(i)
        if hit is None:
            row.append(None)
        else:
            status = hit[0].status[hit[1]]
            word = {PASS: "word.yes", FAIL: "word.no", AT_RISK: "word.no"}.get(
                status, "status.unknown"
            )
            note = school_note(result, *hit, lang) if status in MARKED else None
            row.append(
                sh.cell(t(word, lang), status=status if status in MARKED else None, note=note)
            )
        sh.append(row)


def _count(v: object) -> int | float | None:
    if v is None:
        return None
    x = float(v)  # type: ignore[arg-type]
    return int(x) if x.is_integer() else x


# --- 表Ⅲ -----------------------------------------------------------------------------------


def _mean(result: AuditResult, key: str, stage: str) -> float | None:
    """The enrolment-weighted county mean of a part indicator, as the CV uses it."""
    parts = result.parts[stage]
    if not len(parts):
        return None
    values = np.asarray(_part_values(result, key, stage), dtype=np.float64)
    pupils = np.asarray(parts.env["pupils"], dtype=np.float64)
    if np.isnan(values).any() or np.isnan(pupils).any() or pupils.sum() <= 0:
        return None
    return weighted_cv(values, pupils).mean


def _table3(sh: _Sheet, result: AuditResult, lang: Lang) -> None:
    std = result.standard
    model = std.model
    cv_decimals = model.parameters.cv_decimals
    cv_rules = [r for r in std.rules.values() if isinstance(r, CvLimit | CvMean)]
    stages = [s for s in COMPULSORY if any(r.limit.get(s) is not None for r in cv_rules)]
    found = {
        (c.rule.id, c.stage): c
        for c in result.county_results
        if isinstance(c.rule, CvLimit | CvMean)
    }
    headings = [
        t("xlsx.col.seq", lang),
        t("report.col.indicator", lang),
        t("template.col.unit", lang),
    ]
    for stage in stages:
        word = t(f"stage.{stage}", lang)
        headings += [t("xlsx.t3.mean", lang, stage=word), t("xlsx.t3.cv", lang, stage=word)]
    sh.setup([6, 44, 12, *[14] * (2 * len(stages))], "D3")
    title = t(
        "xlsx.t3.title", lang, county=county_label(result, lang), year=_year_label(result, lang)
    )
    sh.append([sh.cell(title, font=sh.title_font)], height=24)
    sh.header_row(headings, height=36)
    cv_format = "0." + "0" * cv_decimals if cv_decimals > 0 else "0"
    seq = 0

    def cv_cell(c: CountyResult | None, value: float | None, bold: bool = False) -> object:
        status = c.status if c is not None and c.status in MARKED else None
        return sh.cell(
            rounded(value, cv_decimals),
            number_format=cv_format,
            status=status,
            note=county_note(result, c, lang) if c is not None and status else None,
            bold=bold,
        )

    for rule in cv_rules:
        results = {s: found.get((rule.id, s)) for s in stages}
        keys = [rule.indicator] if isinstance(rule, CvLimit) else rule.indicators
        for key in keys:
            seq += 1
            ind = model.indicators[key]
            decimals = max(2, ind.decimals)
            row: list[object] = [seq, sh.cell(f"{key} {ind.name(lang)}", wrap=True), ind.unit(lang)]
            for stage in stages:
                c = results[stage]
                mean = c.mean if isinstance(rule, CvLimit) and c else _mean(result, key, stage)
                row.append(
                    sh.cell(rounded(mean, decimals), number_format=_decimals_format(decimals))
                )
                if isinstance(rule, CvLimit):
                    row.append(cv_cell(c, c.value if c else None))
                else:  # a component of the composite: reported, not judged on its own
                    cv = c.components.get(key) if c else None
                    row.append(sh.cell(rounded(cv, cv_decimals), number_format=cv_format))
            sh.append(row)
        if isinstance(rule, CvMean):
            seq += 1
            row = [seq, sh.cell(rule.title(lang), bold=True, wrap=True), None]
            for stage in stages:
                c = results[stage]
                row += [None, cv_cell(c, c.value if c else None, bold=True)]
            sh.append(row)
    sh.append([])
    for stage in stages:
        parts = result.parts[stage]
        pupils = (
            float(np.nansum(np.asarray(parts.env["pupils"], dtype=np.float64)))
            if len(parts)
            else 0.0
        )
        sh.append(
            [
                None,
                t(
                    "report.cv.title",
                    lang,
                    stage=t(f"stage.{stage}", lang),
                    n=len(parts),
                    pupils=f"{pupils:,.0f}",
                ),
            ]
        )


# --- 问题清单 ------------------------------------------------------------------------------

_FINDING_COLUMNS = (
    ("rule", 16),
    ("title", 40),
    ("scope", 8),
    ("subject", 14),
    ("name", 24),
    ("stage", 8),
    ("status", 10),
    ("value", 12),
    ("threshold", 12),
    ("gap", 12),
    ("need", 12),
    ("reason", 60),
    ("location", 16),
)


def _findings_plan(
    result: AuditResult, lang: Lang, notes: list[str]
) -> tuple[tuple[tuple[Status, ...], ...], int]:
    """Which findings the list shows, as passes over them by status, and how many rows: every
    finding while Excel has room; else failures and targets at risk first, then the undecided
    and attested ones, as many as fit. Counted without building a finding."""
    room = EXCEL_ROWS - 1
    counts = dict.fromkeys(STATUSES, 0)
    for c in result.county_results:
        counts[c.status] += 1
    for r in result.school_results:
        for s in STATUSES:
            counts[s] += r.status.count(s)
    total = sum(counts.values())
    if total <= room:
        return (STATUSES,), total
    shown = min(room, total - counts[PASS])
    notes.append(
        t(
            "xlsx.summary.truncated",
            lang,
            sheet=t("xlsx.sheet.findings", lang),
            shown=shown,
            total=total,
        )
    )
    return ((FAIL, AT_RISK), (UNKNOWN, ATTESTED)), shown


def _listed(result: AuditResult, lang: Lang, passes: tuple[tuple[Status, ...], ...], n: int):
    """The findings to list, in the order of `passes`, at most n."""
    if len(passes) == 1:
        return islice(iter_findings(result, lang), n)
    chosen = (f for wanted in passes for f in iter_findings(result, lang) if f["status"] in wanted)
    return islice(chosen, n)


def _value_format(result: AuditResult, rule: object) -> str:
    model = result.standard.model
    if isinstance(rule, CvLimit | CvMean):
        return _decimals_format(model.parameters.cv_decimals)
    if isinstance(rule, SchoolThreshold | CountyThreshold):
        ind = model.indicators[rule.indicator]
        return "0.0%" if ind.percent else _decimals_format(ind.decimals)
    return "0"


def _scope_word(scope: str, lang: Lang) -> str:
    for key in (f"scope.{scope}", f"xlsx.scope.{scope}"):
        if key in CATALOGUE:
            return t(key, lang)
    f = FIELDS_BY_KEY.get(scope)
    return (f.heading if lang == "zh" else f.key) if f else scope


def _findings_sheet(
    sh: _Sheet, result: AuditResult, lang: Lang, findings: Iterable[dict[str, object]]
) -> None:
    rules = result.standard.rules
    county = county_label(result, lang)
    columns = list(_FINDING_COLUMNS)
    if result.waivers is not None:
        columns.append(("waiver", 40))
    sh.setup([w for _, w in columns], "A2")
    sh.header_row([t(f"xlsx.f.{name}", lang) for name, _ in columns], height=20)
    formats: dict[str, str] = {}
    for f in findings:
        rid = str(f["rule"])
        rule = rules[rid]
        if rid not in formats:
            formats[rid] = _value_format(result, rule)
        number_format = formats[rid]
        status = str(f["status"])
        scope = str(f["scope"])
        subject = f.get("subject")
        if scope == "county" and subject == "county":
            subject = county
        stage = f.get("stage")
        stage_word = (
            t(f"stage.{stage}", lang)
            if stage
            else (t("stage.school", lang) if scope == "school" else None)
        )
        value: object = f.get("value")
        threshold: object = f.get("threshold")
        if rule.kind in ("attestation", "veto"):
            value = None if value is None else t("word.yes" if value else "word.no", lang)
            threshold = t("word.no" if rule.kind == "veto" else "word.yes", lang)
        need = _number(f.get("need"))
        whole = need is None or float(need).is_integer()
        row = [
            sh.cell(rid),
            sh.cell(rule.title(lang)),
            sh.cell(_scope_word(scope, lang)),
            sh.cell(subject),
            sh.cell(f.get("name")),
            sh.cell(stage_word),
            sh.cell(t(f"status.{status}", lang), status=status if status in MARKED else None),
            sh.cell(value, number_format=number_format),
            sh.cell(threshold, number_format=number_format),
            sh.cell(f.get("gap"), number_format=number_format),
            sh.cell(need, number_format="#,##0" if whole else "#,##0.0"),
            sh.cell(f.get("reason")),
            sh.cell(f.get("location")),
        ]
        if result.waivers is not None:
            waiver = f.get("waiver")
            row.append(
                sh.cell(
                    t("xlsx.waiver", lang, **waiver)  # type: ignore[arg-type]
                    if isinstance(waiver, dict)
                    else None
                )
            )
        sh.append(row)
    last = get_column_letter(len(columns))
    sh.ws.auto_filter.ref = f"A1:{last}{sh.rows}"


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Transitional: each county's engine result, until this format reads the result model."""
    for k, result in enumerate(run.legacy, start=1):
        if len(run.legacy) > 1 and "xlsx" != "xlsx":
            out.write(("\n" if k > 1 else "") + county_header(run, k, options.lang) + "\n")
        render_result(result, out, options.lang)
