"""Read a file's cells as they are: workbooks with python-calamine, CSV with the csv module.

What a file is comes from its first bytes, not its name. Before calamine loads anything, guard.py
checks the container's shape against the limits (calamine aborts the process on a sheet it cannot
allocate), and reports the cells calamine shows as blank although they hold an Excel error or a
formula without a saved result. No interpretation of values here. The file is opened read-only
and never written to.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from qbcheck.errors import InputError, Problem
from qbcheck.guard import Limits, Mark, inspect_ole, inspect_zip, sniff
from qbcheck.messages import Phrase

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
NOT_A_WORKBOOK = {  # what sniff() found → how the message describes it
    "pdf": "file.pdf",
    "html": "file.html",
    "xml2003": "file.xml2003",
    "xml": "file.xml",
    "binary": "file.binary",
    "text": "file.text",
}


@dataclass
class RawSheet:
    name: str
    rows: list[list[object]]  # row 0 is sheet row 1; empty cells are ''
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)  # (row, col index) → mark
    csv: bool = False  # a CSV file: locations are file:row:column

    def ref(self, row: int, letter: str) -> str:
        return cell_ref(self.name, letter, row, self.csv)


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


def read_workbook(path: Path, sheets: tuple[str, ...], limits: Limits | None = None) -> RawWorkbook:
    """Read the named sheets (those present); the caller decides which are required.

    A CSV file is one table: it stands for the first sheet named.
    """
    limits = limits or Limits()
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
        from qbcheck.csvfile import read_csv

        sheet = read_csv(path, limits)
        return RawWorkbook(path, [path.name], {sheets[0]: sheet}, "csv")
    else:
        what = Phrase(NOT_A_WORKBOOK.get(kind, "file.binary"))
        raise InputError([Problem("E123", {"path": path.name, "what": what})])
    return _calamine(path, wanted, inspection.marks, inspection.kind)


def _calamine(path: Path, wanted: dict[str, str], marks: dict[str, dict], kind: str) -> RawWorkbook:
    import python_calamine
    from python_calamine import CalamineWorkbook

    password_error = getattr(python_calamine, "PasswordError", ())  # newer releases only

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        out: dict[str, RawSheet] = {}
        for name in names:
            asked = wanted.get(sheet_key(name))
            if asked is not None and asked not in out:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                out[asked] = RawSheet(name, rows, marks.get(name, {}))
    except (KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        what = Phrase("file.memory")
        raise InputError(
            [Problem("E127", {"path": path.name, "what": what, "detail": ""})]
        ) from None
    except password_error:
        raise InputError([Problem("E124", {"path": path.name})]) from None
    except BaseException as exc:  # calamine raises unrelated types; a Rust panic is BaseException
        text = str(exc).strip()
        detail = text.splitlines()[0][:200] if text else type(exc).__name__
        raise InputError([Problem("E102", {"path": str(path), "detail": detail})]) from None
    return RawWorkbook(path, names, out, kind)
