"""Turn raw cells into typed columns, collecting every problem with its cell reference.

Columns stay columns (one list per field): the engine evaluates whole columns at once, which is
what keeps a national file cheap. A blank cell becomes None, never 0.
"""

from __future__ import annotations

import difflib
import operator
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from qbcheck.classes import ClassSizes, read_class_sizes
from qbcheck.county import CountyFigures, read_county_figures
from qbcheck.errors import InputError, Problem
from qbcheck.fields import (
    BASE_UNIT,
    CLASS_SHEET,
    COUNTY_FIELDS,
    COUNTY_INDICATOR_SHEET,
    COUNTY_SHEET,
    HEADING_INDEX,
    SCHOOL_FIELDS,
    SCHOOL_SHEET,
    UNITS,
    Field,
    canonical_heading,
    normalise,
    split_unit,
)
from qbcheck.reader import RawSheet, RawWorkbook, column_letter

_NUMBER_TYPES = frozenset({float, int})
_NUMBER_OR_TEXT = frozenset({float, int, str})
_NUMBER_OR_NONE = frozenset({float, int, type(None)})
MISSING_MARKS = frozenset({"", "-", "—", "——", "－", "/", "无"})
COUNT_UNITS = frozenset({"人", "个", "间", "所", "名", "班"})


class CountyInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    county_name: str | None = None
    county_code: str | None = None
    year: int | None = None


@dataclass
class Dataset:
    source: Path
    county: CountyInfo
    columns: dict[str, list]  # field key → one value per school (None = blank)
    rows: list[int]  # sheet row number of each school
    letters: dict[str, str]  # field key → column letter in the sheet
    headings: dict[str, str]  # field key → heading as written in the file
    ignored: list[str] = field(default_factory=list)  # headings that matched no field
    sheet: str = SCHOOL_SHEET
    absent: frozenset[str] = frozenset()  # optional columns the file does not have
    figures: CountyFigures = field(default_factory=lambda: CountyFigures())
    classes: ClassSizes | None = None  # from the 班级 sheet, when the file has one

    def __len__(self) -> int:
        return len(self.rows)

    def cell(self, key: str, i: int) -> str:
        return f"{self.sheet}!{self.letters[key]}{self.rows[i]}"


SHEETS = (SCHOOL_SHEET, COUNTY_SHEET, COUNTY_INDICATOR_SHEET, CLASS_SHEET)


def load_dataset(raw: RawWorkbook) -> Dataset:
    """Build the dataset or raise one InputError listing every problem found."""
    if SCHOOL_SHEET not in raw.sheets:
        found = "、".join(raw.sheet_names) or "—"
        raise InputError([Problem("E103", {"sheet": SCHOOL_SHEET, "found": found})])
    problems: list[Problem] = []
    county = _county_info(raw.sheets.get(COUNTY_SHEET), problems)
    ds = _school_table(raw.path, raw.sheets[SCHOOL_SHEET], county, problems)
    if COUNTY_INDICATOR_SHEET in raw.sheets:
        ds.figures = read_county_figures(raw.sheets[COUNTY_INDICATOR_SHEET], problems)
    if CLASS_SHEET in raw.sheets:
        ds.classes = read_class_sizes(raw.sheets[CLASS_SHEET], problems)
    if problems:
        raise InputError(problems, header="E120")
    return ds


def _county_info(sheet: RawSheet | None, problems: list[Problem]) -> CountyInfo:
    if sheet is None:
        return CountyInfo()
    keys = {normalise(k): v for k, v in COUNTY_FIELDS.items()}
    values: dict[str, object] = {}
    for r, row in enumerate(sheet.rows, start=1):
        if len(row) < 2 or not isinstance(row[0], str):
            continue
        hit = keys.get(normalise(row[0]))
        if hit is None:
            continue
        key, kind = hit
        value = row[1]
        if value == "" or value is None:
            continue
        if kind == "year":
            year = _as_int(value)
            if year is None or not 1990 <= year <= 2100:
                problems.append(
                    Problem(
                        "E115",
                        {"key": row[0], "value": value, "expected": "1990–2100"},
                        f"{sheet.name}!B{r}",
                    )
                )
                continue
            values[key] = year
        else:
            values[key] = _text(value)
    return CountyInfo(**values)


def _match_headings(
    sheet: RawSheet, problems: list[Problem]
) -> tuple[dict[str, tuple[int, float]], dict[str, str], list[str]]:
    """Map each field to (column index, unit factor); report unknown units and duplicates."""
    header = sheet.rows[0]
    found: dict[str, tuple[int, float]] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    for j, cell in enumerate(header):
        if cell == "" or cell is None:
            continue
        text = str(cell)
        base, unit = split_unit(text)
        f = HEADING_INDEX.get(base) or HEADING_INDEX.get(normalise(text))
        if f is None:
            ignored.append(text)
            continue
        if f.key in found:
            first = column_letter(found[f.key][0])
            problems.append(
                Problem(
                    "E106",
                    {"heading": text, "cells": f"{sheet.name}!{first}1, {column_letter(j)}1"},
                    f"{sheet.name}!{column_letter(j)}1",
                )
            )
            continue
        factor = _unit_factor(f, unit if HEADING_INDEX.get(base) else None)
        if factor is None:
            accepted = "、".join(UNITS[f.dimension]) if f.dimension else "、".join(COUNT_UNITS)
            problems.append(
                Problem(
                    "E113",
                    {"heading": text, "unit": unit or "—", "units": accepted},
                    f"{sheet.name}!{column_letter(j)}1",
                )
            )
            continue
        found[f.key] = (j, factor)
        written[f.key] = text
    return found, written, ignored


def _unit_factor(f: Field, unit: str | None) -> float | None:
    if f.dimension is None:
        return 1.0 if unit is None or unit in COUNT_UNITS else None
    if unit is None:
        unit = f.default_unit
        if unit is None:
            return None
    return UNITS[f.dimension].get(normalise(unit))


def _school_table(
    path: Path, sheet: RawSheet, county: CountyInfo, problems: list[Problem]
) -> Dataset:
    rows = sheet.rows
    if not rows or all(c == "" or c is None for c in rows[0]) or len(rows) < 2:
        raise InputError([Problem("E104", {"sheet": sheet.name}, f"{sheet.name}!A1")])
    found, written, ignored = _match_headings(sheet, problems)
    unmatched = [h for h in ignored]
    for f in SCHOOL_FIELDS:
        if f.required and f.key not in found and not any(p.code == "E113" for p in problems):
            close = difflib.get_close_matches(f.heading, unmatched, n=1, cutoff=0.5)
            params: dict[str, object] = {"heading": canonical_heading(f)}
            if close:
                params["close"] = close[0]
            problems.append(Problem("E105", params, hint="E105.hint" if close else None))
    if problems:
        raise InputError(problems, header="E120")

    # A row is data unless every cell is empty (list.count runs in C: cheap at 200,000 rows).
    width = max(map(len, rows))
    data = [(r, row) for r, row in enumerate(rows[1:], start=2) if row.count("") < len(row)]
    row_numbers = [r for r, _ in data]
    body = [row if len(row) == width else [*row, *[""] * (width - len(row))] for _, row in data]
    transposed = list(zip(*body, strict=True)) if body else [()] * width
    letters = {key: column_letter(j) for key, (j, _) in found.items()}
    columns: dict[str, list] = {}
    absent: set[str] = set()
    for f in SCHOOL_FIELDS:
        if f.key not in found:
            columns[f.key] = [None] * len(data)
            absent.add(f.key)
            continue
        j, factor = found[f.key]
        ctx = _Ctx(sheet.name, letters[f.key], row_numbers, written[f.key], problems)
        columns[f.key] = _convert(f, transposed[j], factor, ctx)
    _check_unique_ids(columns["school_id"], sheet.name, letters, row_numbers, problems)
    return Dataset(
        path, county, columns, row_numbers, letters, written, ignored, sheet.name, frozenset(absent)
    )


@dataclass
class _Ctx:
    sheet: str
    letter: str
    rows: list[int]
    heading: str
    problems: list[Problem]

    def add(self, code: str, i: int, **params: object) -> None:
        cell = f"{self.sheet}!{self.letter}{self.rows[i]}"
        self.problems.append(Problem(code, {"cell": cell, "heading": self.heading, **params}, cell))


def _convert(f: Field, raw: Sequence, factor: float, ctx: _Ctx) -> list:
    if f.kind == "text":
        out = [
            None if v == "" else ((v.strip() or None) if type(v) is str else _text(v)) for v in raw
        ]
        if f.required:
            for i, v in enumerate(out):
                if v is None:
                    ctx.add("E111", i)
        return out
    if f.kind == "yesno":
        out = []
        for i, v in enumerate(raw):
            flag = parse_yes_no(v)
            if flag is None and not _blank(v):
                ctx.add("E116", i, value=v)
            out.append(flag)
        return out
    if f.kind == "enum":
        choices = set(f.choices)
        out = [v if v in choices else None for v in raw]  # the common case: an exact word
        if None not in out:
            return out
        for i, v in enumerate(raw):
            if out[i] is not None:
                continue
            s = None if v == "" else unicodedata.normalize("NFKC", str(v)).strip()
            if s is None or s == "":
                if f.required:
                    ctx.add("E111", i)
            elif s not in choices:
                ctx.add("E110", i, value=v, choices="、".join(f.choices))
            else:
                out[i] = s
        return out
    # Numbers. The type census runs in C; a column of plain numbers (and blanks) never goes
    # through Python code cell by cell, and only a column with a bad value is looked at closely.
    types = set(map(type, raw))
    if types <= _NUMBER_TYPES:
        out = list(raw)
    else:
        out = [None if v == "" else v for v in raw] if types <= _NUMBER_OR_TEXT else list(raw)
        if not set(map(type, out)) <= _NUMBER_OR_NONE:
            out = [
                v if (tv := type(v)) is float or tv is int else _slow_number(v, i, ctx)
                for i, v in enumerate(out)
            ]
    present = list(compress(out, map(operator.is_not, out, repeat(None))))
    if present and (
        min(present) < 0 or (f.kind == "count" and any(map(operator.mod, present, repeat(1))))
    ):
        if f.kind == "count":
            bad = [i for i, v in enumerate(out) if v is not None and (v < 0 or v % 1)]
        else:
            bad = [i for i, v in enumerate(out) if v is not None and v < 0]
        for i in bad:
            v = out[i]
            ctx.add("E108" if v < 0 else "E109", i, value=_fmt(v))  # type: ignore[operator]
            out[i] = None
    if factor != 1.0:
        out = [None if v is None else v * factor for v in out]
    return out


def _slow_number(v: object, i: int, ctx: _Ctx) -> float | None:
    """Anything but a plain number cell: blanks, numbers typed as text, and errors."""
    if v is None:
        return None
    if isinstance(v, bool):
        ctx.add("E107", i, value=v)
        return None
    if isinstance(v, str):
        s = unicodedata.normalize("NFKC", v).strip().replace(",", "")
        if s in MISSING_MARKS:
            return None
        try:
            return float(s)
        except ValueError:
            pass
    ctx.add("E107", i, value=v)
    return None


YES = frozenset({"是", "y", "yes", "true", "1", "有", "√"})
NO = frozenset({"否", "n", "no", "false", "0", "无", "×"})


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and v.strip() in MISSING_MARKS - {"无"})


def parse_yes_no(v: object) -> bool | None:
    """是/否, Y/N, yes/no, 1/0 and ticks; anything else is None (the caller reports it)."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return {1: True, 0: False}.get(v)  # type: ignore[call-overload]
    if isinstance(v, str):
        s = unicodedata.normalize("NFKC", v).strip().lower()
        if s in YES:
            return True
        if s in NO:
            return False
    return None


def _check_unique_ids(
    ids: list, sheet: str, letters: dict[str, str], rows: list[int], problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    letter = letters.get("school_id", "A")
    for i, v in enumerate(ids):
        if v is None:
            continue
        if v in seen:
            cell = f"{sheet}!{letter}{rows[i]}"
            problems.append(
                Problem(
                    "E112",
                    {
                        "cell": cell,
                        "heading": "学校标识码",
                        "value": v,
                        "other": f"{sheet}!{letter}{rows[seen[v]]}",
                    },
                    cell,
                )
            )
        else:
            seen[v] = i


def _text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _as_int(v: object) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float) and float(v).is_integer():
        return int(v)
    if isinstance(v, str):
        s = unicodedata.normalize("NFKC", v).strip().removesuffix("年")
        return int(s) if s.isdigit() else None
    return None


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


__all__ = ["BASE_UNIT", "CountyInfo", "Dataset", "load_dataset"]
