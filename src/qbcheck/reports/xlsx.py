"""The annotated Excel report an officer forwards to the director and the city inspectors.

Sheets of a county, in order:
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
- 问题清单 / Findings: every finding of the audit, filterable, values full precision.

A region (several counties, or one county over several years) makes one workbook:
- 区域汇总 / Region: the counties by verdict year by year, the region's targets (status,
  recognised, needed, counted, gap, target year, the counties not recognised yet, citation), the
  counties closest to recognition, the provenance.
- 县区一览 / Counties: one row per county at its latest year, ranked nearest to recognition
  first, every column of the region's row (verdict and parts styled by status), with filters.
- 年度变化 / Year on year: one row per county and year: verdict, rules failing and undecided,
  failing school parts, then one column per CV (indicator × stage), coloured by that year's result.
- then, only for the counties asked for with --county, each one's sheets as above, titled with
  its code in front, and one findings list of them with a county column.

Everything shown comes from the result model (`results.model`): values per part, county means,
findings, counts and verdicts; the school data is the input as read, echoed. Which cells a
finding rests on is the results layer's (`results.cells`).

Sheets are written in openpyxl's write-only mode (rows stream to disk), so a provincial file does
not hold millions of cell objects. Text never becomes a formula: every string is stored as a
string, and one starting with = + - @ also gets Excel's quote prefix, so editing the cell keeps it
text. Characters XML cannot hold are dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import islice
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qbcheck.core.messages import CATALOGUE, Lang, t
from qbcheck.core.status import AT_RISK, ATTESTED, FAIL, PASS, STATUSES, UNKNOWN, Status, worst
from qbcheck.reports.base import Options
from qbcheck.reports.present import (
    SECTIONS,
    SIGN,
    closest_line,
    counts_line,
    county_label,
    cv_findings_of,
    cv_label,
    driver_lines,
    fmt,
    need_text,
    num,
    plan_text,
    provenance_line,
    region_count_lines,
    region_cvs,
    region_title,
    row_county,
    schools_line,
    selected_audits,
    stage_word,
    status_word,
    title,
    trend_lines,
    trend_text,
    verdict_line,
    verdict_word,
    waiver_lines,
    xml_text,
    year_label,
)
from qbcheck.results.cells import cells_for
from qbcheck.results.model import (
    VERDICTS,
    CountyAudit,
    DataColumn,
    Finding,
    Region,
    RuleInfo,
    Run,
    SchoolBlock,
    StageSummary,
    Waived,
)

__all__ = ["FILLS", "render", "rounded"]

# Cell fills (RGB) by status; pass cells stay plain.
FILLS: dict[str, str] = {FAIL: "FFC7CE", AT_RISK: "FFE699", UNKNOWN: "D9D9D9"}
VERDICT_FILLS: dict[str, str] = {**FILLS, PASS: "C6EFCE", ATTESTED: "DDEBF7"}
HEADER_FILL = "DDEBF7"
MARKED: tuple[Status, ...] = (FAIL, AT_RISK, UNKNOWN)
EXCEL_ROWS = 1_048_576  # a worksheet's last row
EXCEL_TEXT = 32_767  # the longest text a cell holds
EXCEL_TITLE = 31  # the longest sheet title
FORMULA_START = ("=", "+", "-", "@")  # what Excel would read as the start of a formula
TITLE_FORBIDDEN = "[]:*?/\\"  # characters Excel refuses in a sheet title
PREFIX = 12  # the longest county prefix of a sheet title
SAMPLE = 2_000  # rows looked at to size a column
ID_KEYS = frozenset({"school_id", "parent_id", "county_code"})
# XML 1.0 cannot hold C0 controls (but tab, newline, return), lone surrogates, U+FFFE, U+FFFF.


def render(run: Run, out: IO[Any], options: Options) -> None:
    """Write the workbook to the binary stream `out` (the caller makes the file atomic)."""
    lang = options.lang
    wb = Workbook(write_only=True)
    titles = _Titles()
    region = run.region
    audits = run.audits if region is None else selected_audits(run, options.counties)
    many = len(run.audits) > 1
    run_notes: list[str] = []
    passes, n_findings = _findings_plan(audits, lang, run_notes)
    if region is not None:
        names = [t(f"xlsx.sheet.{k}", lang) for k in ("region", "counties", "trend")]
        sheets = [_Sheet(wb, titles(name)) for name in names]
        _region_sheet(sheets[0], run, region, lang, run_notes, bool(audits), names)
        _rows_sheet(sheets[1], region, lang)
        _trend_sheet(sheets[2], run, region, lang)
    prefixes = _prefixes(audits) if many else [""]
    for audit, prefix in zip(audits, prefixes, strict=True):
        notes = [] if region is not None else list(run_notes)
        _county_sheets(wb, titles, prefix, run, audit, lang, notes)
    if audits:
        sheet = _Sheet(wb, titles(t("xlsx.sheet.findings", lang)))
        _findings_sheet(sheet, many, audits, lang, _listed(audits, passes, n_findings))
    wb.save(out)


def _county_sheets(
    wb: Workbook,
    titles: _Titles,
    prefix: str,
    run: Run,
    audit: CountyAudit,
    lang: Lang,
    notes: list[str],
) -> None:
    def sheet(key: str, **params: object) -> _Sheet:
        return _Sheet(wb, titles(t(key, lang, **params), prefix))

    shown = _school_rows(audit, notes, lang)
    _summary(sheet("xlsx.sheet.summary"), run, audit, lang, notes)
    _school_sheet(sheet("xlsx.sheet.schools"), audit, lang, shown)
    kofn = _school_table_rule(audit)
    if kofn is not None:
        for stage, summary in audit.stages.items():
            if summary.parts:
                ws = sheet("xlsx.sheet.table2", stage=stage_word(stage, lang))
                _table2(ws, audit, kofn, summary, lang)
    if any(r.spread for r in audit.rules.values()):
        _table3(sheet("xlsx.sheet.table3"), audit, lang)


# --- cells ---------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Text a cell can hold: no character XML forbids, at most Excel's length."""
    return xml_text(text)[:EXCEL_TEXT]


def _number(v: object) -> float | int | None:
    """A plain Python number Excel can store (NaN and infinities are blanks)."""
    if v is None or isinstance(v, bool):
        return None
    x = float(v)  # type: ignore[arg-type]  # a value of the model: a number here
    if not math.isfinite(x):
        return None
    return v if isinstance(v, int) else x


def rounded(v: float | None, decimals: int) -> float | None:
    """Half away from zero on the shortest decimal form, as Excel's ROUND and the forms do
    (2.675 → 2.68, where binary round() gives 2.67)."""
    x = _number(v)
    if x is None:
        return None
    try:
        q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except InvalidOperation:  # too many digits for the context: the value is huge, keep it
        return float(x)
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
        self.ws = wb.create_sheet(title)
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
        quote = isinstance(value, str) and value[:1] in FORMULA_START
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
    """A title Excel accepts: none of []:*?/\\, no apostrophe at either end, 31 characters."""
    title = xml_text(title)
    for ch in TITLE_FORBIDDEN:
        title = title.replace(ch, " ")
    title = title[:EXCEL_TITLE].strip().strip("'").strip()
    return title or "-"


class _Titles:
    """The workbook's sheet titles: each made acceptable to Excel and unique (Excel compares
    them ignoring case), a county's prefixed with its code."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, name: str, prefix: str = "") -> str:
        base = _sheet_title(f"{prefix} {name}" if prefix else name)
        chosen, n = base, 1
        while chosen.casefold() in self.taken:
            n += 1
            tail = f" ({n})"
            chosen = base[: EXCEL_TITLE - len(tail)].rstrip() + tail
        self.taken.add(chosen.casefold())
        return chosen


def _prefixes(audits: Sequence[CountyAudit]) -> list[str]:
    """What each county's sheet titles start with: its code, else its name, else its place in
    the file, with the year for a county in several; cut short, and told apart when two read
    the same."""
    out: list[str] = []
    taken: set[str] = set()
    seen = Counter(a.county.code or a.county.name or "" for a in audits)
    for k, audit in enumerate(audits, start=1):
        c = audit.county
        text = _sheet_title(c.code or c.name or "")[:PREFIX].strip()
        if not text or text == "-":
            text = str(k)
        elif c.year and seen[c.code or c.name or ""] > 1:  # a county in several years
            text = f"{text[: PREFIX - 5]} {c.year}"
        chosen, n = text, 1
        while chosen.casefold() in taken:
            n += 1
            chosen = f"{text[: PREFIX - len(str(n)) - 1]}~{n}"
        taken.add(chosen.casefold())
        out.append(chosen)
    return out


def _comment(text: str) -> Comment:
    lines = text.split("\n")
    chars = max((_width(line) for line in lines), default=10)
    width = min(max(chars * 6 + 20, 220), 420)
    wrapped = sum(max(1, math.ceil(_width(line) * 6 / width)) for line in lines)
    comment = Comment(_clean(text), "qbcheck")
    comment.width, comment.height = width, min(wrapped * 16 + 16, 600)
    return comment


# --- finding → comment text ----------------------------------------------------------------


def _waiver_text(w: Waived | None, lang: Lang) -> str | None:
    """A waiver covering a finding: why, who approved it and until when (never hidden)."""
    if w is None:
        return None
    return t(
        "xlsx.waiver",
        lang,
        justification=w.justification,
        approved_by=w.approved_by,
        expires=w.expires.isoformat(),
    )


def school_note(block: SchoolBlock, k: int, lang: Lang) -> str:
    """What one school finding says on a cell: rule, stage and status; the rule's title; value,
    requirement and gap (or why it is undecided); what closes the gap."""
    rule = block.rule
    status = block.status[k]
    head = t(
        "xlsx.note.head",
        lang,
        rule=rule.id,
        stage=stage_word(block.stage, lang),
        status=status_word(status, lang),
    )
    waiver = _waiver_text(block.waived.get(k), lang)
    if waiver:
        head += f" {t('report.waived.mark', lang)}"
    lines = [head, rule.title(lang)]
    detail = block.reason[k]
    if status == UNKNOWN:
        if detail is not None:
            lines.append(t("xlsx.note.reason", lang, reason=detail.render(lang)))
        if waiver:
            lines.append(waiver)
        return "\n".join(lines)
    need: str | None = None
    thr = float(block.thresholds[k])
    ind = rule.indicator
    if rule.kind == "school_threshold" and ind is not None:
        value = fmt(block.value(k), ind)
        threshold = f"{SIGN[rule.op or '>=']}{fmt(thr, ind)}"
        gap = fmt(block.gap[k], ind)
        need = need_text(block.need[k], ind.remedy, lang) or None
    elif rule.kind == "school_k_of_n":
        n = len(rule.members)
        v = block.value(k)
        value = f"{v:.0f}/{n}" if v is not None else "—"
        threshold, gap = f"≥{rule.k}/{n}", num(block.gap[k], 0)
    else:
        value, threshold, gap = num(block.value(k), 0), f"≤{thr:g}", num(block.gap[k], 0)
    lines.append(t("xlsx.note.measure", lang, value=value, threshold=threshold, gap=gap))
    if need:
        lines.append(t("xlsx.note.need", lang, need=need))
    if detail is not None:
        lines.append(detail.render(lang))
    if waiver:
        lines.append(waiver)
    return "\n".join(lines)


def county_note(audit: CountyAudit, f: Finding, lang: Lang) -> str:
    """The comment on a county figure (a CV in 表Ⅲ)."""
    head = t(
        "xlsx.note.head",
        lang,
        rule=f.rule.id,
        stage=stage_word(f.stage, lang),
        status=status_word(f.status, lang),
    )
    waiver = _waiver_text(f.waiver, lang)
    if waiver:
        head += f" {t('report.waived.mark', lang)}"
    lines = [head, f.rule.title(lang)]
    if f.status == UNKNOWN:
        if f.reason is not None:
            lines.append(t("xlsx.note.reason", lang, reason=f.reason.render(lang)))
        if waiver:
            lines.append(waiver)
        return "\n".join(lines)
    decimals = audit.standard.cv_decimals
    threshold = f"≤{f.threshold:.2f}" if f.threshold is not None else "—"
    lines.append(
        t(
            "xlsx.note.measure",
            lang,
            value=num(f.value, decimals),
            threshold=threshold,
            gap=num(f.gap, decimals),
        )
    )
    lines += [line.strip() for line in driver_lines(audit, f, lang)[1:]]  # who moves it most
    if waiver:
        lines.append(waiver)
    return "\n".join(lines)


def cell_marks(audit: CountyAudit, lang: Lang) -> dict[tuple[int, str], list[tuple[Status, str]]]:
    """(school index, field key) → the findings on that cell, as (status, comment text).
    Fail and at-risk findings mark every cell the formula reads. An undecided one marks the
    blank cells it names; when the cause is off the row (a column the file lacks, a county
    figure) nothing on the row is marked: the summary names absent columns once."""
    out: dict[tuple[int, str], list[tuple[Status, str]]] = {}
    for b in audit.blocks:
        if not any(s in b.status for s in MARKED):  # list scans in C: most rules pass
            continue
        for k in b.rows_with(*MARKED).tolist():
            keys = cells_for(audit, b, k)
            if not keys:
                continue
            i = b.school[k]
            status = b.status[k]
            note = school_note(b, k, lang)
            for key in keys:
                out.setdefault((i, key), []).append((status, note))
    return out


# --- 学校数据 ------------------------------------------------------------------------------


def _field_format(c: DataColumn) -> str | None:
    if c.kind == "count":
        return "0"
    if c.dimension == "money":
        return "#,##0.00##"
    if c.kind == "amount":
        return "#,##0.00"
    if c.kind == "ratio":
        return "0.0%"
    if c.key in ID_KEYS:
        return "@"
    return None


def _school_rows(audit: CountyAudit, notes: list[str], lang: Lang) -> int:
    """How many schools the data sheet shows (all, unless Excel's row limit cuts them)."""
    n = len(audit.schools)
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


def _school_value(c: DataColumn, v: object) -> object:
    if v is None:
        return None
    if c.kind == "flag":
        return "是" if v else "否"  # as the input writes it, whatever the report's language
    if c.kind == "count":
        x = float(v)  # type: ignore[arg-type]  # a count column holds numbers
        return int(x) if x.is_integer() else x
    if c.kind in ("amount", "ratio"):
        factor = c.factor
        return round(float(v) / factor, 8) if factor != 1.0 else float(v)  # type: ignore[arg-type]  # numbers
    return v if isinstance(v, str) else str(v)


def _school_sheet(sh: _Sheet, audit: CountyAudit, lang: Lang, shown: int) -> None:
    ds = audit.data
    if ds is None:
        raise ValueError("the annotated workbook needs the school data as read")
    columns = [c for c in audit.data_columns if c.key in ds.letters]
    formats = {c.key: _field_format(c) for c in columns}
    marks = cell_marks(audit, lang)
    excluded: dict[int, list[str]] = {}
    for e in audit.excluded:
        excluded.setdefault(e.school, []).append(e.reason.render(lang))
    sep = "；" if lang == "zh" else "; "
    headings = [c.heading for c in columns]
    headings += [t("xlsx.schools.row", lang), t("xlsx.schools.note", lang)]
    sample = range(min(shown, SAMPLE))
    widths = []
    for c in columns:
        col = ds.columns[c.key]
        data = max((_width(_shown(_school_value(c, col[i]))) for i in sample), default=4)
        widths.append(_column_width(c.heading, data))
    widths += [10, 30]
    sh.setup(widths, "C2")
    sh.header_row(headings, height=48)
    values = [(c, ds.columns[c.key]) for c in columns]
    rows = ds.rows
    for i in range(shown):
        row: list[object] = []
        for c, col in values:
            value = _school_value(c, col[i])
            found = marks.get((i, c.key))
            if found:
                status = worst({s for s, _ in found})
                note = "\n\n".join(dict.fromkeys(text for _, text in found))
                row.append(sh.cell(value, number_format=formats[c.key], status=status, note=note))
            elif value is None:
                row.append(None)
            else:
                row.append(sh.cell(value, number_format=formats[c.key]))
        row.append(rows[i])
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


# --- the region ----------------------------------------------------------------------------


def _region_sheet(
    sh: _Sheet,
    run: Run,
    region: Region,
    lang: Lang,
    notes: list[str],
    chosen: bool,
    sheets: list[str],
) -> None:
    """The region as a whole: counts per year, the targets, the closest counties."""
    std = run.audits[0].standard
    sh.setup([16, 36, 12, 11, 11, 11, 11, 11, 11, 11, 36, 24, 40, 30, 40])
    sh.append([sh.cell(region_title(region, lang), font=sh.title_font)], height=24)
    for line in region_count_lines(region, lang):
        sh.append([sh.cell(line, bold=True)])
    sh.append([])
    value = t("xlsx.summary.standard.value", lang, title=std.title(lang), id=std.id,
              edition=std.edition)  # fmt: skip
    sh.append([sh.cell(t("xlsx.summary.standard", lang), bold=True), value])
    sh.append([sh.cell(t("xlsx.summary.as_of", lang), bold=True), region.as_of])
    sh.append([])

    sh.append([sh.cell(t("xlsx.r.counts", lang), bold=True)])
    # partial only when some county has it (a selection of rules)
    verdicts = [v for v in VERDICTS if v != "partial" or any(c[v] for c in region.by_year.values())]
    sh.header_row(
        [t("region.col.year", lang), *[verdict_word(v, lang) for v in verdicts],
         t("xlsx.r.counties", lang)],
        height=20,
    )  # fmt: skip
    for year, counts in reversed(region.by_year.items()):
        figures = [counts[v] for v in verdicts]
        sh.append([year or t("report.year_unknown", lang), *figures, sum(counts.values())])
    sh.append([])

    if region.targets:
        line = f"{t('region.targets', lang)}  {t('region.judged', lang, year=region.as_of)}"
        sh.append([sh.cell(line, bold=True)])
        keys = ("report.col.rule", "region.page.col.target", "report.col.status",
                "region.page.col.recognised", "region.page.col.needed", "region.page.col.total",
                "region.page.col.gap", "region.page.col.undecided", "region.page.col.target_year",
                "region.page.col.judged", "region.page.col.short", "region.page.col.missing",
                "report.col.reason", "region.page.col.citation", "xlsx.r.original")  # fmt: skip
        sh.header_row([t(k, lang) for k in keys], height=36)
        for x in region.targets:
            c = x.rule.citation
            sh.append(
                [
                    sh.cell(x.rule.id),
                    sh.cell(x.rule.title(lang), wrap=True),
                    sh.cell(status_word(x.status, lang), status=x.status),
                    x.recognised,
                    x.needed,
                    x.total,
                    x.gap,
                    x.undecided,
                    x.rule.target_year,
                    x.year,
                    sh.cell("、".join(x.short_names), wrap=True),
                    sh.cell("、".join(x.missing_names), wrap=True),
                    sh.cell(x.reason.render(lang) if x.reason is not None else None, wrap=True),
                    sh.cell(f"{c.document} {c.clause}", wrap=True),
                    sh.cell(c.text, wrap=True),
                ]
            )
        sh.append([])
    if region.closest:
        sh.append([sh.cell(closest_line(region, lang), bold=True)])
    sh.append([t("xlsx.r.rows", lang, sheet=sheets[1], trend=sheets[2])])
    if not chosen:
        sh.append([t("region.county.hint", lang)])
    for note in notes:
        sh.append([sh.cell(note, bold=True)])
    sh.append([])
    sh.append(
        [
            sh.cell(t("xlsx.summary.provenance", lang), bold=True),
            provenance_line(run.provenance, lang),
        ]
    )


def _stages(region: Region) -> list[str]:
    """The stages some county has a CV headroom in, in the standard's order."""
    found = dict.fromkeys(s for r in region.rows for s in r.cv_margins)
    order = list(dict.fromkeys([*region.rows[0].audit.stages, *found])) if region.rows else []
    return [s for s in order if s in found]


def _rows_sheet(sh: _Sheet, region: Region, lang: Lang) -> None:
    """One row per county, ranked: every column of the region's row, with filters."""
    first = region.rows[0].audit if region.rows else None
    parts = [p for p, info in first.standard.parts.items() if info.in_verdict] if first else []
    stages = _stages(region)
    cv_format = _decimals_format(first.standard.cv_decimals if first else 3)
    head = [
        t("region.col.rank", lang),
        t("region.col.county", lang),
        t("region.col.code", lang),
        t("region.col.year", lang),
        t("region.col.verdict", lang),
        *[t("region.page.col.part", lang, part=p, title=first.standard.parts[p].title(lang))
          for p in parts if first],
        t("report.col.rules_fail", lang),
        t("report.col.rules_unknown", lang),
        t("report.col.parts_fail", lang),
        t("report.col.parts_unknown", lang),
        t("xlsx.r.excess", lang),
    ]  # fmt: skip
    for stage in stages:
        word = stage_word(stage, lang)
        head += [t("region.page.col.margin", lang, stage=word),
                 t("region.page.col.margin_of", lang, stage=word)]  # fmt: skip
    head += [
        t("region.col.blocking", lang),
        t("region.page.col.planned_year", lang),
        t("region.page.col.plan", lang),
        t("region.col.trend", lang),
        t("region.page.col.changes", lang),
        t("region.col.file", lang),
    ]
    widths = [6, 16, 10, 8, 12, *[12] * len(parts), 10, 10, 10, 10, 10]
    widths += [12, 12] * len(stages) + [30, 10, 20, 12, 50, 36]
    sh.setup(widths, "C2")
    sh.header_row(head, height=48)
    for r in region.rows:
        a = r.audit
        d = r.distance
        cells: list[object] = [
            r.rank,
            sh.cell(row_county(r, lang)),
            sh.cell(a.county.code, number_format="@"),
            a.county.year,
            sh.cell(verdict_word(a.verdict, lang), status=a.verdict),
        ]
        for p in parts:
            status = a.part_status.get(p)
            cells.append(sh.cell(status_word(status, lang), status=status) if status else None)
        cells += [d.failing_rules, d.undecided_rules, d.failing_parts, len(a.unknown_parts)]
        cells.append(sh.cell(d.cv_excess, number_format=cv_format))
        for stage in stages:
            m = r.cv_margins.get(stage)
            if m is None:
                cells += [None, None]
            else:
                status = FAIL if m.margin < 0 else None
                cells.append(sh.cell(m.margin, number_format=cv_format, status=status))
                cells.append(sh.cell(m.indicator or m.rule))
        changes = (
            "；".join(trend_lines(r, lang)) if lang == "zh" else "; ".join(trend_lines(r, lang))
        )
        cells += [
            sh.cell(" ".join(r.blocking) or None),
            r.planned_year,
            sh.cell(plan_text(r, lang)),
            sh.cell(trend_text(r, lang)),
            sh.cell(changes or None),
            sh.cell(a.source.name),
        ]
        sh.append(cells)
    last = get_column_letter(len(head))
    sh.ws.auto_filter.ref = f"A1:{last}{sh.rows}"


def _trend_sheet(sh: _Sheet, run: Run, region: Region, lang: Lang) -> None:
    """One row per county and year (oldest first), the counties in their rank's order: the
    verdict, the rules and school parts, and each CV coloured by that year's result."""
    keys = region_cvs(region)
    decimals = region.rows[0].audit.standard.cv_decimals if region.rows else 3
    cv_format = _decimals_format(decimals)
    head = [
        t("region.col.rank", lang),
        t("region.col.county", lang),
        t("region.col.code", lang),
        t("region.col.year", lang),
        t("region.col.verdict", lang),
        t("report.col.rules_fail", lang),
        t("report.col.rules_unknown", lang),
        t("report.col.parts_fail", lang),
        *[t("region.page.col.cv", lang, label=cv_label(region, k, lang)) for k in keys],
    ]
    sh.setup([6, 16, 10, 8, 12, 10, 10, 10, *[12] * len(keys)], "E2")
    sh.header_row(head, height=36)
    for r in region.rows:
        a = r.audit
        for p, year_audit in zip(r.points, r.audits, strict=True):
            found = cv_findings_of(year_audit)
            cells: list[object] = [
                r.rank,
                sh.cell(row_county(r, lang)),
                sh.cell(a.county.code, number_format="@"),
                p.year,
                sh.cell(verdict_word(p.verdict, lang), status=p.verdict),
                p.failing_rules,
                p.undecided_rules,
                p.failing_parts,
            ]
            for k in keys:
                f = found.get(k)
                status = f.status if f is not None and f.status in MARKED else None
                cells.append(sh.cell(p.cvs.get(k), number_format=cv_format, status=status))
            sh.append(cells)
    last = get_column_letter(len(head))
    sh.ws.auto_filter.ref = f"A1:{last}{sh.rows}"


# --- 汇总 ----------------------------------------------------------------------------------


def _summary(sh: _Sheet, run: Run, audit: CountyAudit, lang: Lang, notes: list[str]) -> None:
    std = audit.standard
    rules = audit.rule_status
    sh.setup([30, 60, 10, 10, 10, 10, 10])
    sh.append([sh.cell(title(audit, lang), font=sh.title_font)], height=24)
    sh.append([])

    def pair(key: str, value: object, **style: object) -> None:
        sh.append([sh.cell(t(key, lang), bold=True), sh.cell(value, **style)])  # type: ignore[arg-type]  # cell()'s own options

    pair("xlsx.summary.county", county_label(audit, lang))
    pair("xlsx.summary.year", audit.county.year or t("report.year_unknown", lang))
    pair("xlsx.summary.as_of", audit.as_of)
    pair(
        "xlsx.summary.standard",
        t(
            "xlsx.summary.standard.value",
            lang,
            title=std.title(lang),
            id=std.id,
            edition=std.edition,
        ),
    )
    pair("xlsx.summary.document", std.document)
    pair("xlsx.summary.chain", " → ".join(std.chain))
    pair(
        "xlsx.summary.source",
        t("xlsx.summary.source.value", lang, file=audit.source.name, sheet=audit.sheet),
    )
    pair(
        "xlsx.summary.schools",
        t(
            "xlsx.summary.schools.value",
            lang,
            n=len(audit.schools),
            excluded=len({e.school for e in audit.excluded}),
        ),
    )
    pair("xlsx.summary.tool", f"qbcheck {run.provenance.qbcheck_version}")
    pair("xlsx.summary.provenance", provenance_line(run.provenance, lang))
    sh.append([])

    sh.append(
        [
            sh.cell(t("xlsx.summary.verdict", lang), bold=True),
            sh.cell(verdict_line(audit, lang), status=audit.verdict, bold=True),
        ],
        height=20,
    )
    sh.append([None, counts_line(audit, lang)])
    line = schools_line(audit, lang)
    if line is not None:
        sh.append([None, line])
    sh.append([])

    sh.header_row(
        [t("report.col.part", lang), t("report.col.verdict", lang)]
        + [status_word(s, lang) for s in STATUSES],
        height=20,
    )
    for part, status in audit.part_status.items():
        sh.append(
            [
                f"{part} {std.parts[part].title(lang)}",
                sh.cell(status_word(status, lang), status=status),
                *[audit.part_counts[part][s] or None for s in STATUSES],
            ]
        )
    sh.append([])

    groups = audit.blocking
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
                    sh.cell(audit.rules[rid].title(lang)),
                    sh.cell(status_word(status, lang), status=status),
                ]
            )
        sh.append([])

    reasons: dict[str, list[str]] = {}
    for e in audit.excluded:
        reasons.setdefault(e.reason.render(lang), []).append(e.name)
    for reason, names in reasons.items():
        listed = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
        sh.append([t("report.excluded", lang, n=len(names), reason=reason, names=listed)])
    gone = set(audit.absent_columns) - {"county_name", "county_code"}
    absent = [c.heading for c in audit.data_columns if c.key in gone]
    if absent:
        sh.append([t("xlsx.summary.absent", lang, headings="、".join(absent))])
    for note in notes:
        sh.append([sh.cell(note, bold=True)])
    waived = waiver_lines(audit, lang)
    for _, line in waived:
        sh.append([sh.cell(line.strip(), bold=not line.startswith(" "))])
    if reasons or absent or notes or waived:
        sh.append([])

    sh.append([sh.cell(t("xlsx.legend.title", lang), bold=True)])
    for status in MARKED:
        sh.append(
            [
                sh.cell(status_word(status, lang), status=status),
                t(f"xlsx.legend.{status}", lang),
            ]
        )
    sh.append([None, t("xlsx.legend.note", lang)])


# --- 表Ⅱ-2 ---------------------------------------------------------------------------------


def _school_table_rule(audit: CountyAudit) -> RuleInfo | None:
    """The k-of-n school rule whose members are per-stage thresholds (QB.A.school): 表Ⅱ-2 lists
    its members' indicators per school part."""
    for rule in audit.rules.values():
        if rule.kind != "school_k_of_n":
            continue
        members = [audit.rules.get(m) for m in rule.members]
        if all(
            m is not None
            and m.kind == "school_threshold"
            and m.indicator is not None
            and m.indicator.level == "part"
            for m in members
        ):
            return rule
    return None


def _part_values(summary: StageSummary, key: str) -> list[float | None]:
    """A part-level indicator over every part of a stage, as the audit computed it."""
    values = summary.values.get(key)
    if values is None:  # not computed for this stage: no rule of the selection needed it
        return [None] * summary.parts
    return [_number(v) for v in values.tolist()]


def _by_school(audit: CountyAudit, rule_id: str, stage: str) -> dict[int, tuple[SchoolBlock, int]]:
    for b in audit.blocks:
        if b.rule.id == rule_id and b.stage == stage:
            return {i: (b, k) for k, i in enumerate(b.school)}
    return {}


def _table2(
    sh: _Sheet, audit: CountyAudit, kofn: RuleInfo, summary: StageSummary, lang: Lang
) -> None:
    ds = audit.data
    if ds is None:
        raise ValueError("the annotated workbook needs the school data as read")
    stage = summary.stage
    members = [audit.rules[m] for m in kofn.members]
    indicators = [m.indicator for m in members if m.indicator is not None]
    headings = [
        t("xlsx.col.seq", lang),
        t("xlsx.col.name", lang),
        t("xlsx.col.ownership", lang),
        t("xlsx.col.pupils", lang),
        t("xlsx.col.classes", lang),
        *[
            t("xlsx.col.indicator", lang, key=ind.key, name=ind.name(lang), unit=ind.unit(lang))
            for ind in indicators
        ],
        t("xlsx.col.school_ok", lang),
    ]
    names = audit.schools.names
    schools = summary.school
    longest = max((_width(names[i] or "") for i in schools[:SAMPLE]), default=10)
    widths = [6, min(max(longest + 2, 16), 40), 10, 10, 8, *[14] * len(indicators), 14]
    sh.setup(widths, "C3")
    heading = t(
        "xlsx.t2.title",
        lang,
        stage=stage_word(stage, lang),
        county=county_label(audit, lang),
        year=year_label(audit, lang),
    )
    sh.append([sh.cell(heading, font=sh.title_font)], height=24)
    sh.header_row(headings, height=75)
    values = [_part_values(summary, ind.key) for ind in indicators]
    member_rows = [_by_school(audit, m.id, stage) for m in members]
    overall = _by_school(audit, kofn.id, stage)
    owners = {"公办": t("xlsx.owner.public", lang), "民办": t("xlsx.owner.private", lang)}
    ownership = ds.columns["ownership"]
    pupils = ds.columns[f"{stage}_pupils"]
    classes = ds.columns[f"{stage}_classes"]
    for k, i in enumerate(schools):
        row: list[object] = [
            k + 1,
            sh.cell(names[i]),
            owners.get(ownership[i], ownership[i]),
            sh.cell(_count(pupils[i]), number_format="0"),
            sh.cell(_count(classes[i]), number_format="0"),
        ]
        for column, by_school in zip(values, member_rows, strict=True):
            value = rounded(column[k], 2)
            hit = by_school.get(i)
            status = hit[0].status[hit[1]] if hit else None
            note = school_note(*hit, lang) if hit and status in MARKED else None
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
            note = school_note(*hit, lang) if status in MARKED else None
            row.append(
                sh.cell(t(word, lang), status=status if status in MARKED else None, note=note)
            )
        sh.append(row)


def _count(v: object) -> int | float | None:
    if v is None:
        return None
    x = float(v)  # type: ignore[arg-type]  # a count from the model
    return int(x) if x.is_integer() else x


# --- 表Ⅲ -----------------------------------------------------------------------------------


def _table3(sh: _Sheet, audit: CountyAudit, lang: Lang) -> None:
    std = audit.standard
    cv_decimals = std.cv_decimals
    cv_rules = [r for r in audit.rules.values() if r.spread]
    found = {(f.rule.id, f.stage): f for f in audit.cv_findings}
    stages = [s for s in audit.stages if any(f.stage == s for f in audit.cv_findings)]
    headings = [
        t("xlsx.col.seq", lang),
        t("report.col.indicator", lang),
        t("template.col.unit", lang),
    ]
    for stage in stages:
        word = stage_word(stage, lang)
        headings += [t("xlsx.t3.mean", lang, stage=word), t("xlsx.t3.cv", lang, stage=word)]
    sh.setup([6, 44, 12, *[14] * (2 * len(stages))], "D3")
    heading = t(
        "xlsx.t3.title", lang, county=county_label(audit, lang), year=year_label(audit, lang)
    )
    sh.append([sh.cell(heading, font=sh.title_font)], height=24)
    sh.header_row(headings, height=36)
    cv_format = "0." + "0" * cv_decimals if cv_decimals > 0 else "0"
    seq = 0

    def cv_cell(f: Finding | None, value: float | None, bold: bool = False) -> object:
        status = f.status if f is not None and f.status in MARKED else None
        return sh.cell(
            rounded(value, cv_decimals),
            number_format=cv_format,
            status=status,
            note=county_note(audit, f, lang) if f is not None and status else None,
            bold=bold,
        )

    for rule in cv_rules:
        results = {s: found.get((rule.id, s)) for s in stages}
        limit = rule.kind == "cv_limit"
        if limit:
            keys = [rule.indicator.key] if rule.indicator is not None else []
        else:
            keys = list(rule.components)
        for key in keys:
            seq += 1
            ind = std.indicators[key]
            decimals = max(2, ind.decimals)
            row: list[object] = [seq, sh.cell(f"{key} {ind.name(lang)}", wrap=True), ind.unit(lang)]
            for stage in stages:
                f = results[stage]
                mean = f.mean if limit and f else audit.stages[stage].mean(key)
                row.append(
                    sh.cell(rounded(mean, decimals), number_format=_decimals_format(decimals))
                )
                if limit:
                    row.append(cv_cell(f, f.value if f else None))
                else:  # a component of the composite: reported, not judged on its own
                    cv = f.components.get(key) if f and f.components else None
                    row.append(sh.cell(rounded(cv, cv_decimals), number_format=cv_format))
            sh.append(row)
        if not limit:
            seq += 1
            row = [seq, sh.cell(rule.title(lang), bold=True, wrap=True), None]
            for stage in stages:
                f = results[stage]
                row += [None, cv_cell(f, f.value if f else None, bold=True)]
            sh.append(row)
    sh.append([])
    for stage in stages:
        summary = audit.stages[stage]
        sh.append(
            [
                None,
                t(
                    "report.cv.title",
                    lang,
                    stage=stage_word(stage, lang),
                    n=summary.parts,
                    pupils=f"{summary.pupils:,.0f}",
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
    audits: Sequence[CountyAudit], lang: Lang, notes: list[str]
) -> tuple[tuple[tuple[Status, ...], ...], int]:
    """Which findings the list shows, as passes over them by status, and how many rows: every
    finding while Excel has room; else failures and targets at risk first, then the undecided
    and attested ones, as many as fit. Counted from the model, without building a finding."""
    room = EXCEL_ROWS - 1
    counts = dict.fromkeys(STATUSES, 0)
    for audit in audits:
        for s, n in audit.finding_counts.items():
            counts[s] += n
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


def _listed(
    audits: Sequence[CountyAudit], passes: tuple[tuple[Status, ...], ...], n: int
) -> Iterator[tuple[CountyAudit, Finding]]:
    """The findings to list with their county, in the order of `passes`, at most n."""
    if len(passes) == 1:
        every = ((a, f) for a in audits for f in a.findings())
        return islice(every, n)
    chosen = ((a, f) for wanted in passes for a in audits for f in a.findings(*wanted))
    return islice(chosen, n)


def _value_format(audit: CountyAudit, rule: RuleInfo) -> str:
    if rule.spread:
        return _decimals_format(audit.standard.cv_decimals)
    ind = rule.indicator
    if rule.kind in ("school_threshold", "county_threshold") and ind is not None:
        return "0.0%" if ind.percent else _decimals_format(ind.decimals)
    return "0"


def _scope_word(audit: CountyAudit, scope: str, lang: Lang) -> str:
    for key in (f"scope.{scope}", f"xlsx.scope.{scope}"):
        if key in CATALOGUE:
            return t(key, lang)
    column = next((c for c in audit.data_columns if c.key == scope), None)
    if column is None:
        return scope
    return column.name if lang == "zh" else column.key


def _findings_sheet(
    sh: _Sheet,
    many: bool,
    audits: Sequence[CountyAudit],
    lang: Lang,
    findings: Iterable[tuple[CountyAudit, Finding]],
) -> None:
    columns = list(_FINDING_COLUMNS)
    if many:
        columns.insert(0, ("county", 20))
    waivers = any(a.waivers is not None for a in audits)
    if waivers:
        columns.append(("waiver", 40))
    sh.setup([w for _, w in columns], "A2")
    sh.header_row([t(f"xlsx.f.{name}", lang) for name, _ in columns], height=20)
    labels: dict[int, str] = {}
    formats: dict[tuple[int, str], str] = {}
    scopes: dict[tuple[int, str], str] = {}
    for audit, f in findings:
        a = id(audit)
        county = labels.get(a)
        if county is None:
            county = labels[a] = county_label(audit, lang)
        rule = f.rule
        number_format = formats.get((a, rule.id))
        if number_format is None:
            number_format = formats[(a, rule.id)] = _value_format(audit, rule)
        status = f.status
        scope = scopes.get((a, f.scope))
        if scope is None:
            scope = scopes[(a, f.scope)] = _scope_word(audit, f.scope, lang)
        subject: str | None = f.subject
        if f.scope == "county" and subject == "county":
            subject = county
        stage = stage_word(f.stage, lang) if f.stage or f.scope == "school" else None
        value: object = f.value
        threshold: object = f.threshold
        if rule.kind in ("attestation", "veto"):
            value = None if value is None else t("word.yes" if value else "word.no", lang)
            threshold = t("word.no" if rule.kind == "veto" else "word.yes", lang)
        need = _number(f.need)
        whole = need is None or float(need).is_integer()
        row = [sh.cell(county)] if many else []
        row += [
            sh.cell(rule.id),
            sh.cell(rule.title(lang)),
            sh.cell(scope),
            sh.cell(subject),
            sh.cell(f.name),
            sh.cell(stage),
            sh.cell(status_word(status, lang), status=status if status in MARKED else None),
            sh.cell(value, number_format=number_format),
            sh.cell(threshold, number_format=number_format),
            sh.cell(f.gap, number_format=number_format),
            sh.cell(need, number_format="#,##0" if whole else "#,##0.0"),
            sh.cell(f.reason.render(lang) if f.reason is not None else None),
            sh.cell(f.location),
        ]
        if waivers:
            row.append(sh.cell(_waiver_text(f.waiver, lang)))
        sh.append(row)
    last = get_column_letter(len(columns))
    sh.ws.auto_filter.ref = f"A1:{last}{sh.rows}"
