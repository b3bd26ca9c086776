"""Turn raw cells into typed columns, collecting every problem with its cell reference.

Columns stay columns: the engine evaluates whole columns at once, which is what keeps a national
file cheap. Numbers become float arrays (NaN for a blank), words lists (None for a blank); a blank
is never 0.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from qbcheck.core.errors import InputError, Problem
from qbcheck.files.reader import RawSheet, RawWorkbook, cell_ref, column_letter, filled
from qbcheck.model import headings, values
from qbcheck.model.classes import ClassSizes, read_class_sizes
from qbcheck.model.county import CountyFigures, read_county_figures
from qbcheck.model.fields import (
    BASE_UNIT,
    CLASS_SHEET,
    COUNTY_FIELDS,
    COUNTY_INDICATOR_SHEET,
    COUNTY_SHEET,
    SCHOOL_FIELDS,
    SCHOOL_SHEET,
    Field,
    canonical_heading,
    normalise,
)

MISSING_MARKS = values.MISSING_MARKS
SHEETS = (SCHOOL_SHEET, COUNTY_SHEET, COUNTY_INDICATOR_SHEET, CLASS_SHEET)
ID_KEYS = frozenset({"school_id", "parent_id", "county_code"})  # compared, so width-folded
NUMBER_KINDS = frozenset({"count", "amount", "ratio"})
HEADER_SEARCH_ROWS = 6  # a title row or two above the headings is common in officers' files


class CountyInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    county_name: str | None = None
    county_code: str | None = None
    year: int | None = None
    planned_year: int | None = None  # 计划申报年度: when the county plans to apply


def word_codes(words: Sequence) -> tuple[np.ndarray, dict]:
    """Words as integer codes (-1 for a blank, None) and the vocabulary, word → code."""
    vocab = {w: k for k, w in enumerate(w for w in dict.fromkeys(words) if w is not None)}
    lookup = {**vocab, None: -1}
    return np.array(list(map(lookup.__getitem__, words)), dtype=np.intp), vocab


def code_mask(codes: np.ndarray, vocab: Mapping, wanted: list[int]) -> np.ndarray:
    """Which codes (of `word_codes`) are among `wanted`: np.isin by a lookup table, which costs
    a tenth as much on the few dozen schools of a county (a blank, -1, is never wanted)."""
    table = np.zeros(len(vocab) + 1, dtype=bool)
    table[wanted] = True
    return table[codes]


class Columns(Mapping[str, list]):
    """Field key → one value per school, None for a blank.

    Number fields are held as float arrays (NaN for a blank), the form the checks and the engine
    compute with; the list form, which reports index school by school, is made on first use.
    """

    __slots__ = ("_arrays", "_keys", "_lists")

    def __init__(
        self,
        lists: Mapping[str, list] | None = None,
        arrays: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        self._lists: dict[str, list] = dict(lists or {})
        self._arrays: dict[str, np.ndarray] = {}
        self._keys: dict[str, None] = dict.fromkeys(self._lists)
        for key, arr in (arrays or {}).items():
            self.set_array(key, arr)

    def set_array(self, key: str, arr: np.ndarray) -> None:
        arr = np.asarray(arr, dtype=np.float64)
        arr.flags.writeable = False  # shared by every rule: nobody may change it in place
        self._arrays[key] = arr
        self._lists.pop(key, None)
        self._keys[key] = None

    def set_list(self, key: str, values: list) -> None:
        self._lists[key] = values
        self._arrays.pop(key, None)
        self._keys[key] = None

    def __getitem__(self, key: str) -> list:
        got = self._lists.get(key)
        if got is None:
            arr = self._arrays[key]  # KeyError for a key the table does not have
            got = arr.tolist()
            if np.isnan(arr).any():
                got = [None if v != v else v for v in got]
            self._lists[key] = got
        return got

    def array(self, key: str) -> np.ndarray:
        """A number column as floats, NaN for a blank."""
        arr = self._arrays.get(key)
        if arr is None:
            self.set_array(key, np.array(self._lists[key], dtype=np.float64))
            arr = self._arrays[key]
        return arr

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def take(self, indices: list[int]) -> Columns:
        words = {k: col for k, col in self._lists.items() if k not in self._arrays}
        index = np.array(indices, dtype=np.intp)
        if len(index) and bool(np.all(np.diff(index) == 1)):
            # Rows that are together (a provincial export lists its counties one after
            # another): the arrays are views of the file's, not copies of them.
            rows = slice(indices[0], indices[-1] + 1)
            out = Columns({k: col[rows] for k, col in words.items()})
            # Views of float arrays already read-only: set_array's checks, without its cost
            # (56 columns × 2,772 counties of a region).
            out._arrays = {k: arr[rows] for k, arr in self._arrays.items()}
            out._keys.update(dict.fromkeys(out._arrays))
            return out
        return Columns(
            {k: [col[i] for i in indices] for k, col in words.items()},
            {k: arr[index] for k, arr in self._arrays.items()},
        )


@dataclass
class Dataset:
    source: Path
    county: CountyInfo
    columns: Columns  # field key → one value per school (None = blank)
    rows: list[int]  # sheet row number of each school
    letters: dict[str, str]  # field key → column letter in the sheet
    headings: dict[str, str]  # field key → heading as written in the file
    ignored: list[str] = field(default_factory=list)  # headings that matched no field
    sheet: str = SCHOOL_SHEET
    csv: bool = False  # locations read schools.csv:12:H rather than 学校!H12
    warnings: list[Problem] = field(default_factory=list)  # reading notes that do not block
    absent: frozenset[str] = frozenset()  # optional columns the file does not have
    figures: CountyFigures = field(default_factory=lambda: CountyFigures())
    classes: ClassSizes | None = None  # from the 班级 sheet, when the file has one
    # One county of a file of several (model.intake.split_counties): the split and this county's
    # number in it, so that what is judged school by school is judged once for the whole file.
    part_of: tuple[CountySplit, int] | None = field(default=None, repr=False, compare=False)
    # A county taken from a file: the file's dataset and this county's rows of it, whose word
    # codes it takes instead of coding its own words again.
    codes_of: tuple[Dataset, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def mask(self, key: str, words: frozenset[str] | set[str]) -> np.ndarray:
        """Which schools' word column `key` holds one of these words, as a boolean array."""
        codes, vocab = self.codes(key)
        return code_mask(codes, vocab, [code for word, code in vocab.items() if word in words])

    def codes(self, key: str) -> tuple[np.ndarray, dict]:
        """A word column as integer codes (-1 for a blank) and its vocabulary, made once, so
        that questions about 200,000 schools' words are array operations. A county taken from a
        file shares the file's codes, so its vocabulary may hold words only other counties use:
        ask which codes are a word's, never how many words there are."""
        cache = self.__dict__.setdefault("_word_codes", {})
        if key not in cache:
            if self.codes_of is not None:
                whole, rows = self.codes_of
                codes, vocab = whole.codes(key)
                cache[key] = (codes[rows], vocab)
            else:
                cache[key] = word_codes(self.columns[key])
        return cache[key]

    def cell(self, key: str, i: int) -> str:
        return cell_ref(self.sheet, self.letters[key], self.rows[i], self.csv)

    def ref(self, key: str, row: int) -> str:
        """The location of a field's cell in a sheet row (the heading if the column is absent)."""
        if key not in self.letters:
            return self.headings.get(key, key)
        return cell_ref(self.sheet, self.letters[key], row, self.csv)

    def take(self, indices: list[int], county: CountyInfo) -> Dataset:
        """The schools at these indices as a dataset of their own (one county of several)."""
        out = Dataset(
            self.source,
            county,
            self.columns.take(indices),
            [self.rows[i] for i in indices],
            self.letters,
            self.headings,
            self.ignored,
            self.sheet,
            self.csv,
            [],
            self.absent,
            self.figures,
            self.classes,
        )
        out.codes_of = (self, np.array(indices, dtype=np.intp))
        return out


@dataclass(eq=False)
class CountySplit:
    """How a file of several counties was split: each school's county (by order of first
    appearance, -1 for none) and its index in that county's dataset. `memo` holds what the
    engine evaluates once for the whole file (evaluate.engine)."""

    file: Dataset
    county_of: np.ndarray
    local: np.ndarray
    counties: int
    memo: dict = field(default_factory=dict)


def load_dataset(raw: RawWorkbook, fields: tuple[Field, ...] = SCHOOL_FIELDS) -> Dataset:
    """Build the dataset or raise one InputError listing every problem found."""
    ds, problems = build_dataset(raw, fields)
    if problems:
        raise InputError(problems, header="E120")
    return ds


def build_dataset(
    raw: RawWorkbook, fields: tuple[Field, ...] = SCHOOL_FIELDS
) -> tuple[Dataset, list[Problem]]:
    """The dataset and the problems of its cells (a bad cell reads as None, so later checks can
    still look at the rest); raises at once only when there is no table to read."""
    if SCHOOL_SHEET not in raw.sheets:
        found = "、".join(raw.sheet_names) or "—"
        raise InputError([Problem("E103", {"sheet": SCHOOL_SHEET, "found": found})])
    problems: list[Problem] = []
    county = _county_info(raw.sheets.get(COUNTY_SHEET), problems)
    ds = _school_table(raw.path, raw.sheets[SCHOOL_SHEET], county, problems, fields)
    if COUNTY_INDICATOR_SHEET in raw.sheets:
        ds.figures = read_county_figures(raw.sheets[COUNTY_INDICATOR_SHEET], problems)
    if CLASS_SHEET in raw.sheets:
        ds.classes = read_class_sizes(raw.sheets[CLASS_SHEET], problems)
    return ds, problems


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
                where = sheet.ref(r, "B")
                problems.append(
                    Problem(
                        "E115",
                        {"cell": where, "key": row[0], "value": value, "expected": "1990–2100"},
                        where,
                    )
                )
                continue
            values[key] = year
        else:
            values[key] = _text(value)
    return CountyInfo.model_validate(values)


def _header_row(sheet: RawSheet, fields: tuple[Field, ...]) -> int:
    """Row 1 holds the headings; a title row or two above them is skipped (with a warning)."""
    best, best_hits = 0, 0
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        hits = sum(
            1 for c in row if isinstance(c, str) and c.strip() and headings.lookup(c, fields)
        )
        if r == 0 and hits >= 3:
            return 0
        if hits > best_hits:
            best, best_hits = r, hits
    return best if best_hits >= 3 else 0


def _match_headings(
    sheet: RawSheet, problems: list[Problem], fields: tuple[Field, ...], header: int = 0
) -> tuple[dict[str, tuple[int, float]], dict[str, str], list[str]]:
    """Map each field to (column index, unit factor); report unknown units and duplicates."""
    found: dict[str, tuple[int, float]] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    hr = header + 1
    for j, cell in enumerate(sheet.rows[header]):
        if cell == "" or cell is None:
            continue
        text = values.fold(str(cell)) if not isinstance(cell, str) else cell.strip()
        hit = headings.lookup(text, fields)
        if hit is None:
            ignored.append(text)
            continue
        f, unit = hit
        where = sheet.ref(hr, column_letter(j))
        if f.key in found:
            first = column_letter(found[f.key][0])
            cells = f"{sheet.ref(hr, first)}, {sheet.ref(hr, column_letter(j))}"
            problems.append(Problem("E106", {"heading": text, "cells": cells}, where))
            continue
        factor = headings.unit_factor(f, unit)
        if factor is None:
            accepted = "、".join(headings.accepted_units(f))
            problems.append(
                Problem("E113", {"heading": text, "unit": unit or "—", "units": accepted}, where)
            )
            continue
        found[f.key] = (j, factor)
        written[f.key] = text
    return found, written, ignored


def _school_table(
    path: Path,
    sheet: RawSheet,
    county: CountyInfo,
    problems: list[Problem],
    fields: tuple[Field, ...] = SCHOOL_FIELDS,
) -> Dataset:
    rows = sheet.rows  # a streamed sheet holds its first rows here, the rest come in batches
    header = _header_row(sheet, fields) if rows else 0
    if (
        not rows
        or all(c == "" or c is None for c in rows[header])
        or not sheet.has_data(header + 1)
    ):
        raise InputError([Problem("E104", {"sheet": sheet.name}, sheet.ref(1, "A"))])
    if not any(isinstance(c, str) and headings.lookup(c, fields) for c in rows[header]):
        raise InputError([Problem("E104", {"sheet": sheet.name}, sheet.ref(1, "A"))])
    warnings: list[Problem] = []
    if header:
        warnings.append(
            Problem("W102", {"sheet": sheet.name, "row": header + 1, "skipped": header})
        )
    found, written, ignored = _match_headings(sheet, problems, fields, header)
    if ignored:
        warnings.append(Problem("W101", {"headings": "、".join(ignored)}))
    units_wrong = any(p.code == "E113" for p in problems)
    for f in fields:
        if f.required and f.key not in found and not units_wrong:
            close = headings.closest(f, ignored)
            params: dict[str, object] = {"heading": canonical_heading(f)}
            if close:
                params["close"] = close
            problems.append(Problem("E105", params, hint="E105.hint" if close else None))
    if problems:
        raise InputError(problems, header="E120")

    letters = {key: column_letter(j) for key, (j, _) in found.items()}
    wanted = [f for f in fields if f.key in found]
    # Each column's problems are kept apart, so that they are reported column by column
    # however the rows were batched.
    cell_problems: dict[str, list[Problem]] = {f.key: [] for f in wanted}
    pieces: dict[str, list] = {f.key: [] for f in wanted}
    row_numbers: list[int] = []
    least = max(j for j, _ in found.values()) + 1
    for first, batch in sheet.batches(header + 1):
        data = [(r, row) for r, row in enumerate(batch, start=first + 1) if filled(row)]
        if not data:
            continue
        numbers = [r for r, _ in data]
        row_numbers.extend(numbers)
        widths = set(map(len, (row for _, row in data)))
        body = [row for _, row in data]
        if len(widths) > 1 or min(widths) < least:  # calamine's rows are all alike; a CSV's not
            width = max(*widths, least)
            body = [row + [""] * (width - len(row)) for row in body]
        transposed = list(zip(*body, strict=True))
        for f in wanted:
            j, factor = found[f.key]
            ctx = _Ctx(
                sheet, letters[f.key], j, numbers, written[f.key], cell_problems[f.key], f, factor
            )
            convert = _number_column if f.kind in NUMBER_KINDS else _convert
            pieces[f.key].append(convert(f, transposed[j], factor, ctx))
    columns = Columns()
    absent: set[str] = set()
    n = len(row_numbers)
    blank = np.full(n, np.nan)  # shared, read-only: every column the file lacks
    for f in fields:
        if f.key in pieces:
            problems.extend(cell_problems[f.key])
            if f.kind in NUMBER_KINDS:
                columns.set_array(f.key, np.concatenate(pieces[f.key]))
            else:
                columns.set_list(f.key, list(chain.from_iterable(pieces[f.key])))
        else:
            if f.kind in NUMBER_KINDS:
                columns.set_array(f.key, blank)
            else:
                columns.set_list(f.key, [None] * n)
            absent.add(f.key)
    _check_unique_ids(columns["school_id"], sheet, letters, row_numbers, problems)
    return Dataset(
        path,
        county,
        columns,
        row_numbers,
        letters,
        written,
        ignored,
        sheet.name,
        sheet.csv,
        warnings,
        frozenset(absent),
    )


@dataclass
class _Ctx:
    sheet: RawSheet
    letter: str
    col: int
    rows: list[int]
    heading: str
    problems: list[Problem]
    field: Field
    factor: float = 1.0

    def add(self, code: str, i: int, **params: object) -> None:
        cell = self.sheet.ref(self.rows[i], self.letter)
        self.problems.append(Problem(code, {"cell": cell, "heading": self.heading, **params}, cell))

    def blank(self, i: int) -> bool:
        """A blank cell is missing, unless the file says it holds an error or a formula."""
        mark = self.sheet.marks.get((self.rows[i], self.col)) if self.sheet.marks else None
        if mark is None:
            return True
        kind, detail = mark
        if kind == "error":
            self.add("E130", i, value=detail)
        else:
            self.add("E131", i, formula=detail or "…")
        return False


def _convert(f: Field, raw: Sequence, factor: float, ctx: _Ctx) -> list:
    if f.kind == "text":
        return _text_column(f, raw, ctx)
    if f.kind == "enum":
        choices = set(f.choices)
        if set(raw) <= choices:  # the common case: every cell an exact word (checked in C)
            return list(raw)
        fast = [v if v in choices else None for v in raw]
        out = []
        for i, v in enumerate(raw):
            if fast[i] is not None:
                out.append(fast[i])
                continue
            s = None if v == "" else choice(f, v)
            if s is None and (v == "" or values.fold(str(v)) == ""):
                if ctx.blank(i) and f.required:
                    ctx.add("E111", i)
                out.append(None)
            elif s is None:
                if isinstance(v, str) and values.is_error_literal(v):
                    ctx.add("E130", i, value=values.fold(v))
                else:
                    ctx.add("E110", i, value=v, choices="、".join(f.choices))
                out.append(None)
            else:
                out.append(s)
        return out
    if f.kind == "flag":
        out = []
        for i, v in enumerate(raw):
            value, code, params = values.flag(v)
            if code:
                ctx.add(code, i, **params)
            elif value is None and v == "":
                ctx.blank(i)
            out.append(value)
        return out
    raise ValueError(f"not a word field: {f.key} ({f.kind})")


def _number_column(f: Field, raw: Sequence, factor: float, ctx: _Ctx) -> np.ndarray:
    """A number column as floats (NaN for a blank).

    One pass over the cells feeds numpy numbers and blanks; at the first cell of anything else
    (text, a date, TRUE) or in a sheet with error or formula marks, the column is read again cell
    by cell, with every problem reported. The range checks run on the array.
    """
    out: np.ndarray | None = None
    if not ctx.sheet.marks:
        try:
            out = np.fromiter(_plain_numbers(raw), np.float64, len(raw))
        except _NotPlain:
            out = None
    if out is None:
        cells = [
            v if (tv := type(v)) is float or tv is int else _slow_number(v, i, ctx)
            for i, v in enumerate(raw)
        ]
        out = np.array(cells, dtype=np.float64)  # None becomes NaN
    if len(out) == 0:
        return out
    with np.errstate(invalid="ignore"):
        bad = out < 0
        if f.kind == "count":
            bad |= np.mod(out, 1) > 0
    if bad.any():
        for i in np.flatnonzero(bad).tolist():
            v = float(out[i])
            ctx.add("E108" if v < 0 else "E109", i, value=_fmt(v))
        out[bad] = np.nan
    if f.kind == "ratio":
        for i in np.flatnonzero(out > 1).tolist():
            percent = isinstance(raw[i], str) and values.fold(raw[i]).endswith("%")
            if not percent:  # 120% may be meant; 95 is ambiguous
                ctx.add("E133", i, value=_fmt(float(out[i])))
                out[i] = np.nan
    if factor != 1.0:
        out *= factor
    return out


class _NotPlain(Exception):
    """A cell that is neither a number nor blank: the column takes the careful path."""


def _plain_numbers(raw: Sequence) -> Iterator[float]:
    nan = math.nan
    for v in raw:
        if type(v) is float:
            yield v
        elif v == "":
            yield nan
        elif type(v) is int:
            yield v
        else:
            raise _NotPlain


def _slow_number(v: object, i: int, ctx: _Ctx) -> float | None:
    """Anything but a plain number cell: blanks, numbers typed as text, and errors."""
    if v == "":
        ctx.blank(i)
        return None
    if type(v) is str:
        try:  # most text numbers are plain ("1234"): skip the folding
            f = float(v)
            if f == f and abs(f) != float("inf") and "_" not in v:
                return f
        except ValueError:
            pass
    value, code, params = values.number(v, ctx.field.kind, ctx.factor)
    if code:
        ctx.add(code, i, **params)
    return value  # type: ignore[return-value]  # number() gives a float or None here


def _text_column(f: Field, raw: Sequence, ctx: _Ctx) -> list:
    fold = f.key in ID_KEYS
    # The common case, checked in C: every cell a non-blank string, none an error literal, and
    # ids plain ASCII (nothing to fold).
    if set(map(type, raw)) == {str}:
        stripped = [v.strip() for v in raw]
        # One joined string answers every question with a substring search: an empty cell
        # shows as two separators in a row, a cell starting with # as a separator and #. A
        # separator inside a cell can only add matches, which sends the column the slow way.
        joined = "\x00".join(stripped)
        wrapped = f"\x00{joined}\x00"
        if (
            "\x00\x00" not in wrapped
            and "\x00#" not in wrapped
            and (
                not fold
                or (
                    joined.isascii()
                    and not any(f"\x00{m}\x00" in wrapped for m in MISSING_MARKS if m)
                )
            )
        ):
            return stripped
    out: list = []
    for i, v in enumerate(raw):
        if type(v) is str and v and (s := v.strip()) and (s.isascii() or not fold):
            if s[0] == "#" and values.is_error_literal(s):
                ctx.add("E130", i, value=s)
                out.append(None)
            elif fold and s in MISSING_MARKS:
                out.append(None)
                if f.required:
                    ctx.add("E111", i)
            else:
                out.append(s)
            continue
        if v == "" or v is None:
            out.append(None)
            if ctx.blank(i) and f.required:
                ctx.add("E111", i)
            continue
        if type(v) is float and v >= 1e15 and fold:
            ctx.add("E137", i, value=f"{v:.15g}")
            out.append(None)
            continue
        s = values.fold(_text(v)) if fold else _text(v)
        if s == "" or (fold and s in MISSING_MARKS):
            out.append(None)
            if f.required:
                ctx.add("E111", i)
        elif isinstance(v, str) and values.is_error_literal(v):
            ctx.add("E130", i, value=values.fold(v))
            out.append(None)
        else:
            out.append(s)
    return out


# Words officers write for the allowed values, by field key (normalised form → allowed value).
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "school_type": {
        "初中": "初级中学",
        "九年一贯制": "九年一贯制学校",
        "十二年一贯制": "十二年一贯制学校",
        "完中": "完全中学",
        "小学教学点": "教学点",
    },
    "locale": {
        # 统计用城乡划分代码: 111 主城区, 112 城乡结合区 (城区); 121 镇中心区, 122 镇乡结合区,
        # 123 特殊区域 (镇区); 210 乡中心区, 220 村庄 (乡村).
        **dict.fromkeys(("111", "112", "主城区", "城乡结合区", "城市"), "城区"),
        **dict.fromkeys(("121", "122", "123", "镇中心区", "镇乡结合区", "特殊区域", "镇"), "镇区"),
        **dict.fromkeys(("210", "220", "乡中心区", "村庄", "农村", "乡镇"), "乡村"),
    },
    "ownership": {"公立": "公办", "私立": "民办", "民办学校": "民办", "公办学校": "公办"},
}


def choice(f: Field, v: object) -> str | None:
    """The allowed value a cell names, after folding width and the usual variants."""
    if v in f.choices:
        return str(v)
    s = _text(v)
    s = unicodedata.normalize("NFKC", s).strip().replace(" ", "")
    if s in f.choices:
        return s
    return CHOICE_ALIASES.get(f.key, {}).get(s)


def _check_unique_ids(
    ids: list, sheet: RawSheet, letters: dict[str, str], rows: list[int], problems: list[Problem]
) -> None:
    present = len(ids) - ids.count(None)
    if len(set(ids)) - (present < len(ids)) == present:  # no id twice (checked in C)
        return
    seen: dict[str, int] = {}
    letter = letters.get("school_id", "A")
    for i, v in enumerate(ids):
        if v is None:
            continue
        if v in seen:
            cell = sheet.ref(rows[i], letter)
            problems.append(
                Problem(
                    "E112",
                    {
                        "cell": cell,
                        "heading": "学校标识码",
                        "value": v,
                        "other": sheet.ref(rows[seen[v]], letter),
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


__all__ = ["BASE_UNIT", "SHEETS", "CountyInfo", "Dataset", "load_dataset"]
