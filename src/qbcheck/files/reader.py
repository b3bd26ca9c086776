"""Read a file's cells as they are: workbooks with python-calamine, CSV with the csv module.

What a file is comes from its first bytes, not its name. Before calamine loads anything, guard.py
checks the container's shape against the limits (calamine aborts the process on a sheet it cannot
allocate), and reports the cells calamine shows as blank although they hold an Excel error or a
formula without a saved result. No interpretation of values here. The file is opened read-only
and never written to.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import cast

from qbcheck.core.errors import InputError, Problem
from qbcheck.core.messages import Phrase
from qbcheck.files.guard import Limits, Mark, inspect_ole, inspect_zip, sniff

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
NOT_A_WORKBOOK = {  # what sniff() found → how the message describes it
    "pdf": "file.pdf",
    "html": "file.html",
    "xml2003": "file.xml2003",
    "xml": "file.xml",
    "binary": "file.binary",
    "text": "file.text",
}


BATCH = 1024  # rows handed on at a time from a streamed sheet (measured: 256-4096 similar)
HEAD = 16  # rows of a streamed sheet read ahead, where the headings are looked for


def filled(row: list[object]) -> bool:
    """A row is data unless every cell is empty. any() stops at the first non-zero cell (the
    id, as a rule); only a row of blanks and zeros needs the counts (in C)."""
    return any(row) or row.count("") + row.count(None) < len(row)


@dataclass
class RawSheet:
    name: str
    rows: list[list[object]]  # row 0 is sheet row 1; empty cells are ''
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)  # (row, col index) → mark
    csv: bool = False  # a CSV file: locations are file:row:column
    more: Iterator[list[object]] | None = None  # a streamed sheet: the rows after `rows`
    path: Path | None = None  # the file a streamed sheet comes from, for its read errors

    def ref(self, row: int, letter: str) -> str:
        return cell_ref(self.name, letter, row, self.csv)

    def has_data(self, start: int) -> bool:
        """Whether any row from index `start` on has a cell that is not empty (a streamed sheet
        is read ahead only as far as the first such row)."""
        if any(map(filled, self.rows[start:])):
            return True
        while self.more is not None:
            got = self._read(1)
            if not got:
                self.more = None
                return False
            self.rows.append(got[0])
            if len(self.rows) > start and filled(got[0]):
                return True
        return False

    def batches(self, start: int, size: int = 0) -> Iterator[tuple[int, list[list[object]]]]:
        """(index of the first row, rows) from row index `start` on, a batch at a time.

        A streamed sheet is read once, batch by batch, so that its cells become columns while
        they are fresh in the processor's cache and are never all held as Python objects at
        once: at 200,000 schools this costs a third less than reading the whole sheet first."""
        size = size or BATCH
        rows = self.rows
        for k in range(start, len(rows), size):
            yield k, rows[k : k + size]
        if self.more is not None:
            k = len(rows)
            while k < start and self._read(1):  # skip what precedes `start`
                k += 1
            while batch := self._read(size):
                yield k, batch
                k += len(batch)
            self.more = None

    def _read(self, n: int) -> list[list[object]]:
        """The next n rows of a stream; calamine's failures become messages, as on opening."""
        try:
            return list(islice(self.more or (), n))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise _calamine_error(exc, self.path or Path("?")) from None


@dataclass
class RawWorkbook:
    path: Path
    sheet_names: list[str]
    sheets: dict[str, RawSheet]  # by the name asked for (the sheet's own name is RawSheet.name)
    kind: str = "xlsx"  # xlsx / ods / xls / csv


def column_letter(index: int) -> str:
    """0 → A, 26 → AA: cell references must look like the ones Excel shows."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str, letter: str, row: int, csv: bool = False) -> str:
    """学校!H12 in a workbook; schools.csv:12:H in a CSV file (what editors and grep show)."""
    return f"{sheet}:{row}:{letter}" if csv else f"{sheet}!{letter}{row}"


def sheet_key(name: str) -> str:
    """Sheet names match after folding width, case and stray spaces ('学校 ' is 学校)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


def read_workbook(
    path: Path, sheets: tuple[str, ...], limits: Limits | None = None, stream: str | None = None
) -> RawWorkbook:
    """Read the named sheets (those present); the caller decides which are required.

    A CSV file is one table: it stands for the first sheet named. The sheet named by `stream`
    (the big one) may come as a stream: its first rows in `rows`, the rest from `batches`.
    """
    limits = limits or Limits()
    if path.is_dir():  # audit gathers a folder's files; one that reaches here was named alone
        raise InputError([Problem("E144", {"path": str(path)})])
    if not path.is_file():
        raise InputError([Problem("E101", {"path": str(path)})])
    if path.stat().st_size == 0:
        raise InputError([Problem("E122", {"path": path.name})])
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = sniff(head)
    wanted = {sheet_key(s): s for s in sheets}

    def want(name: str) -> bool:
        return sheet_key(name) in wanted

    if kind == "zip":
        inspection = inspect_zip(path, want, limits)
    elif kind == "ole":
        inspection = inspect_ole(path, want, limits)
    elif kind == "text" and path.suffix.lower() in CSV_SUFFIXES:
        from qbcheck.files.csvfile import read_csv

        sheet = RawSheet(path.name, read_csv(path, limits), csv=True)
        return RawWorkbook(path, [path.name], {sheets[0]: sheet}, "csv")
    else:
        what = Phrase(NOT_A_WORKBOOK.get(kind, "file.binary"))
        raise InputError([Problem("E123", {"path": path.name, "what": what})])
    return _calamine(path, wanted, inspection.marks, inspection.kind, stream)


def _calamine(
    path: Path, wanted: dict[str, str], marks: dict[str, dict], kind: str, stream: str | None = None
) -> RawWorkbook:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        out: dict[str, RawSheet] = {}
        for name in names:
            asked = wanted.get(sheet_key(name))
            if asked is None or asked in out:
                continue
            sheet = wb.get_sheet_by_name(name)
            # iter_rows() starts at column A only when the sheet's first cell is there (it
            # drops empty leading columns that to_python keeps): stream only then.
            if asked == stream and sheet.start is not None and sheet.start[1] == 0:
                # calamine's cells are plain Python values: lists of them are rows of objects
                stream_rows = cast(Iterator[list[object]], iter(sheet.iter_rows()))
                head = list(islice(stream_rows, HEAD))
                out[asked] = RawSheet(name, head, marks.get(name, {}), more=stream_rows, path=path)
            else:
                rows = cast(list[list[object]], sheet.to_python(skip_empty_area=False))
                out[asked] = RawSheet(name, rows, marks.get(name, {}))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        raise _calamine_error(exc, path) from None
    return RawWorkbook(path, names, out, kind)


def _calamine_error(exc: BaseException, path: Path) -> InputError:
    """What a failure inside python-calamine means for the user (it raises unrelated types, and
    a Rust panic arrives as a BaseException)."""
    import python_calamine

    password_error = getattr(python_calamine, "PasswordError", None)  # newer releases only
    if isinstance(exc, MemoryError):
        what = Phrase("file.memory")
        return InputError([Problem("E127", {"path": path.name, "what": what, "detail": ""})])
    if password_error is not None and isinstance(exc, password_error):
        return InputError([Problem("E124", {"path": path.name})])
    text = str(exc).strip()
    detail = text.splitlines()[0][:200] if text else type(exc).__name__
    return InputError([Problem("E102", {"path": str(path), "detail": detail})])
