"""Read a workbook's cells as they are, with python-calamine; no interpretation here.

The file is opened read-only and never written to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qbcheck.errors import InputError, Problem


@dataclass
class RawSheet:
    name: str
    rows: list[list[object]]  # row 0 is sheet row 1; empty cells are ''


@dataclass
class RawWorkbook:
    path: Path
    sheet_names: list[str]
    sheets: dict[str, RawSheet]


def column_letter(index: int) -> str:
    """0 → A, 26 → AA: cell references must look like the ones Excel shows."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_workbook(path: Path, sheets: tuple[str, ...]) -> RawWorkbook:
    """Read the named sheets (those present); the caller decides which are required."""
    if not path.is_file():
        raise InputError([Problem("E101", {"path": str(path)})])
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        out: dict[str, RawSheet] = {}
        for name in sheets:
            if name in names:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                out[name] = RawSheet(name, rows)
    except Exception as exc:  # calamine raises several unrelated types for unreadable files
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError([Problem("E102", {"path": str(path), "detail": detail})]) from None
    return RawWorkbook(path, names, out)
