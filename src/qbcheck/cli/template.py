"""The data-entry workbook an officer fills in, built from the field table and a standard.

Headings stay in row 1, exactly as the reader expects, so a filled template audits without
edits; each heading's note is an Excel comment on it, and the 填表说明 sheet lists every field's
definition, unit, allowed values, source and the rules that use it. Drop-down lists and number
checks guard the typing. A field added to fields.py appears here without a change.
"""

from __future__ import annotations

from pathlib import Path

from qbcheck.core.messages import CATALOGUE, Lang, t
from qbcheck.model.dataset import Dataset
from qbcheck.model.fields import (
    CLASS_SHEET,
    COUNTY_FIELDS,
    COUNTY_INDICATOR_SHEET,
    COUNTY_KEYS,
    COUNTY_SHEET,
    SCHOOL_FIELDS,
    SCHOOL_SHEET,
    Field,
    canonical_heading,
)
from qbcheck.model.headings import parse, unit_factor
from qbcheck.rules.standards import Standard, rules_by_field

MULTI_COUNTY = frozenset({"county_name", "county_code"})  # only when the data span counties
VALIDATED_ROWS = 1_048_576  # validations cover the whole column below the heading
# Where each figure comes from, by the end of its key; a new field falls back to school records.
SOURCES: tuple[tuple[str, str], ...] = (
    ("school_id", "source.id"),
    ("parent_id", "source.id"),
    ("pupils", "source.census"),
    ("classes", "source.census"),
    ("teachers", "source.staff"),
    ("teachers_above_degree", "source.staff"),
    ("backbone_teachers", "source.backbone"),
    ("pe_arts_teachers", "source.staff"),
    ("_area", "source.buildings"),
    ("equipment_value", "source.assets"),
    ("multimedia_rooms", "source.census"),
    ("name", "source.census"),
    ("school_type", "source.census"),
    ("locale", "source.census"),
    ("ownership", "source.census"),
    ("county_name", "source.census"),
    ("county_code", "source.census"),
)
HEADER_FILL = "DDEBF7"
REQUIRED_FILL = "FCE4D6"


def template_fields(data: list[Dataset] | None = None) -> list[Field]:
    """Every field of the table; the county columns only for data of several counties."""
    multi = data is not None and len(data) > 1
    return [f for f in SCHOOL_FIELDS if multi or f.key not in MULTI_COUNTY]


def source_key(f: Field) -> str:
    for suffix, key in SOURCES:
        if f.key == suffix or f.key.endswith(suffix):
            return key
    return "source.records"


def write_template(out: Path, std: Standard, lang: Lang, data: list[Dataset] | None = None) -> Path:
    """Write the template (filled with `data` if given) via a temporary file, then rename."""
    from openpyxl import Workbook

    fields = template_fields(data)
    wb = Workbook()
    ws = wb.active
    ws.title = SCHOOL_SHEET
    _school_sheet(ws, fields, std, lang, data)
    _county_sheet(wb.create_sheet(COUNTY_SHEET), lang, data)
    # A blank template has every sheet; one filled from data keeps the sheets the data had,
    # so that it audits exactly as the data did.
    if data is None or any(ds.figures.sheet for ds in data):
        _figures_sheet(wb.create_sheet(COUNTY_INDICATOR_SHEET), std, lang, data)
    if data is None or any(ds.classes is not None for ds in data):
        _class_sheet(wb.create_sheet(CLASS_SHEET), lang, data)
    _guide_sheet(wb.create_sheet(t("template.sheet.guide", "zh")), fields, std, lang)
    from qbcheck.files.output import write_atomic

    return write_atomic(out, wb.save)


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def definition(f: Field, lang: Lang) -> str:
    """The field's note, or the catalogue's definition of it (by key, or by its stage name)."""
    note = f.note_zh if lang == "zh" else (f.note_en or f.note_zh)
    for key in (f"field.{f.key}", f"field.{f.part_name}"):
        if key in CATALOGUE:
            base = t(key, lang)
            return (
                f"{base}；{note}" if note and lang == "zh" else f"{base}; {note}" if note else base
            )
    return note


def _note(f: Field, lang: Lang) -> str:
    """The comment on a heading: definition, kind, unit and allowed values."""
    parts = [definition(f, lang)]
    parts.append(t(f"template.kind.{f.kind}", lang))
    unit = parse(canonical_heading(f)).unit
    if unit:
        parts.append(f"{t('template.col.unit', lang)}: {unit}")
    if f.choices:
        parts.append("/".join(f.choices))
    if f.stage:
        parts.append(t("template.stage_note", lang))
    return "\n".join(p for p in parts if p)


def _school_sheet(ws, fields: list[Field], std: Standard, lang: Lang, data) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for j, f in enumerate(fields, start=1):
        heading = canonical_heading(f)
        cell = ws.cell(row=1, column=j, value=heading)
        cell.font = bold
        cell.alignment = wrap
        fill = REQUIRED_FILL if f.required else HEADER_FILL
        cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        comment = Comment(_note(f, lang), "qbcheck")
        comment.width, comment.height = 260, 110
        cell.comment = comment
        letter = get_column_letter(j)
        dim = ws.column_dimensions[letter]
        dim.width = min(max(_width(heading) / 1.6 + 2, 10), 24)
        if f.kind == "text":
            dim.number_format = "@"  # ids typed into it stay text, all their digits kept
        dv = _validation(f, lang, DataValidation)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"
    if data:
        _fill(ws, fields, data)


def _validation(f: Field, lang: Lang, DataValidation):
    title = t("template.error.title", lang)
    if f.kind in ("enum", "flag"):
        words = f.choices if f.kind == "enum" else ("是", "否")
        dv = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
        error = t("template.error.choice", lang)
    elif f.kind == "count":
        dv = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        error = t("template.error.count", lang)
    elif f.kind == "amount":
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        error = t("template.error.amount", lang)
    elif f.kind == "ratio":
        dv = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True
        )
        error = t("template.error.ratio", lang)
    else:
        return None
    dv.error, dv.errorTitle, dv.showErrorMessage = error, title, True
    dv.prompt, dv.promptTitle, dv.showInputMessage = _note(f, lang)[:255], f.heading[:32], True
    return dv


def _fill(ws, fields: list[Field], data: list[Dataset]) -> None:
    """Write the datasets' values in the template's units (万元 for money, as its heading says)."""
    factors = {f.key: unit_factor(f, parse(canonical_heading(f)).unit) or 1.0 for f in fields}
    row = 2
    for ds in data:
        columns = [ds.columns.get(f.key) or [None] * len(ds) for f in fields]
        for i in range(len(ds)):
            for j, (f, col) in enumerate(zip(fields, columns, strict=True), start=1):
                v = col[i]
                if f.key == "county_name" and v is None:
                    v = ds.county.county_name
                elif f.key == "county_code" and v is None:
                    v = ds.county.county_code
                if v is None:
                    continue
                if f.kind == "flag":
                    v = "是" if v else "否"
                elif f.kind == "count":
                    v = int(v)
                elif f.kind in ("amount", "ratio"):
                    v = v / factors[f.key]
                    v = int(v) if float(v).is_integer() else v
                cell = ws.cell(row=row, column=j, value=v)
                if f.kind == "text":
                    cell.number_format = "@"
            row += 1


def _county_sheet(ws, lang: Lang, data: list[Dataset] | None) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.append(
        [
            t("template.info.key", "zh"),
            t("template.info.value", "zh"),
            t("template.info.note", lang),
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    county = data[0].county if data and len(data) == 1 else None
    values = {
        "county_name": county.county_name if county else None,
        "county_code": county.county_code if county else None,
        "year": county.year if county else (data[0].county.year if data else None),
        "planned_year": county.planned_year if county else None,
    }
    for heading, (key, _) in COUNTY_FIELDS.items():
        ws.append([heading, values.get(key), t(f"template.info.{key}", lang)])
    ws["B3"].number_format = "@"
    year = DataValidation(
        type="whole", operator="between", formula1="1990", formula2="2100", allow_blank=True
    )
    year.error, year.errorTitle, year.showErrorMessage = (
        t("template.error.year", lang),
        t("template.error.title", lang),
        True,
    )
    year.add("B4")
    year.add("B5")
    ws.add_data_validation(year)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 36


def _figures_sheet(ws, std: Standard, lang: Lang, data: list[Dataset] | None) -> None:
    """县域指标: one row per county figure or attestation, with its value and its evidence.
    Yes/no items get a 是/否 list; ratios and numbers get number checks."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.append([t("template.figures.key", "zh"), t("template.info.value", "zh"), "佐证材料"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    figures = data[0].figures if data and len(data) == 1 else None
    used = rules_by_field(std)
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    ratio = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True
    )
    number = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    for dv in (yes_no, ratio, number):
        dv.errorTitle, dv.showErrorMessage = t("template.error.title", lang), True
    yes_no.error = t("template.error.choice", lang)
    ratio.error = t("template.error.ratio", lang)
    number.error = t("template.error.amount", lang)
    for r, ck in enumerate(COUNTY_KEYS, start=2):
        value: object = figures.values.get(ck.key) if figures else None
        if isinstance(value, bool):
            value = "是" if value else "否"
        elif ck.kind == "level" and value is not None:
            value = "ⅠⅡⅢⅣ"[int(value) - 1]  # type: ignore[call-overload]  # a level is 1–4
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        evidence = figures.evidence.get(ck.key) if figures else None
        ws.append([ck.heading, value, evidence])
        note = ck.note_zh if lang == "zh" else (ck.note_en or ck.note_zh)
        rules = ", ".join(used.get(ck.key, []))
        text = "\n".join(p for p in (note, t(f"template.figure.{ck.kind}", lang), rules) if p)
        ws.cell(row=r, column=1).comment = Comment(text, "qbcheck")
        target = {"yesno": yes_no, "ratio": ratio, "number": number}.get(ck.kind)
        if target is not None:
            target.add(f"B{r}")
    for dv in (yes_no, ratio, number):
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 44


def _class_sheet(ws, lang: Lang, data: list[Dataset] | None) -> None:
    """班级: optional, one row per class. Filled only when the data came with one."""
    from openpyxl.styles import Font, PatternFill

    ws.append(["学校标识码", "学段", "班级名称", "学生数"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    classes = data[0].classes if data and len(data) == 1 else None
    if classes is not None:
        words = {"primary": "小学", "junior": "初中"}
        for (sid, stage), sizes in classes.sizes.items():
            names = classes.names.get((sid, stage), [])
            for k, size in enumerate(sizes):
                name = names[k].split(" (")[0] if k < len(names) else ""
                ws.append([sid, words[stage], name, size])
    ws.freeze_panes = "A2"
    for col, width in zip("ABCD", (16, 8, 16, 10), strict=True):
        ws.column_dimensions[col].width = width


def _guide_sheet(ws, fields: list[Field], std: Standard, lang: Lang) -> None:
    from openpyxl.styles import Alignment, Font

    used = rules_by_field(std)
    ws.append([t("template.guide.title", lang, standard=std.model.title(lang))])
    ws["A1"].font = Font(bold=True, size=14)
    for line in t("template.guide.rules", lang).split("|"):
        ws.append([line])
    ws.append([])
    cols = (
        "heading",
        "key",
        "kind",
        "unit",
        "required",
        "choices",
        "definition",
        "source",
        "rules",
    )
    ws.append([t(f"template.col.{c}", lang) for c in cols])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for f in fields:
        unit = parse(canonical_heading(f)).unit or ""
        required = (
            "id"
            if f.key == "school_id" or (f.required and f.kind in ("text", "enum"))
            else ("yes" if f.required else "no")
        )
        ws.append(
            [
                canonical_heading(f),
                f.key,
                t(f"template.kind.{f.kind}", lang),
                unit,
                t(f"template.required.{required}", lang),
                "、".join(f.choices),
                definition(f, lang),
                t(source_key(f), lang),
                ", ".join(used.get(f.key, [])),
            ]
        )
    widths = (30, 26, 16, 8, 18, 40, 40, 36, 30)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + j)].width = w
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def demo_path() -> Path:
    """The example county's workbook: packaged with qbcheck, or in a source checkout."""
    from importlib.resources import files

    packaged = files("qbcheck") / "examples" / "demo-county.xlsx"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "examples" / "demo-county.xlsx"
