"""Read a CSV export as one table of text cells: UTF-8 with or without BOM, or GBK / GB18030.

Chinese offices export CSV in GBK more often than not; GB18030 is its superset, so a file that
is not valid UTF-8 is decoded as GB18030. The delimiter is the one the header line uses most
(comma, tab or semicolon). Cells stay text; the model reads numbers from them. Rows are counted
while reading, so an oversized file stops at the limit.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qbcheck.errors import InputError, Problem
from qbcheck.guard import MAX_CELL_TEXT, Limits
from qbcheck.reader import RawSheet


def decode(data: bytes, path: Path) -> str:
    """Text from bytes: BOMs first, then strict UTF-8, then GB18030; else say which line fails."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_fails_at = exc.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        at = max(exc.start, utf8_fails_at)  # name the line of the likelier encoding's error
    line = data.count(b"\n", 0, at) + 1
    raise InputError([Problem("E128", {"path": path.name, "line": line})])


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError([Problem("E128", {"path": path.name, "line": line})]) from None


def read_csv(path: Path, limits: Limits) -> RawSheet:
    size = path.stat().st_size
    if size > limits.max_xml_bytes:
        raise InputError(
            [
                Problem(
                    "E127", {"path": path.name, "what": _phrase("part"), "detail": f" ({size:,} B)"}
                )
            ]
        )
    text = decode(path.read_bytes(), path)
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    csv.field_size_limit(MAX_CELL_TEXT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    cells = 0
    try:
        for row in reader:
            rows.append([c.strip() for c in row])
            cells += len(row)
            if len(rows) - 1 > limits.max_rows:
                rows_ = f"> {limits.max_rows:,}"
                params = {"sheet": path.name, "rows": rows_, "limit": limits.max_rows}
                raise InputError([Problem("E125", {"path": path.name, **params})])
            if cells > limits.max_cells:
                cells_ = f"> {limits.max_cells:,}"
                params = {"sheet": path.name, "cells": cells_, "limit": limits.max_cells}
                raise InputError([Problem("E126", {"path": path.name, **params})])
    except csv.Error as exc:
        detail = str(exc).splitlines()[0][:120]
        raise InputError(
            [Problem("E129", {"path": path.name, "line": reader.line_num, "detail": detail})]
        ) from None
    return RawSheet(path.name, rows, csv=True)


def _phrase(what: str):
    from qbcheck.messages import Phrase

    return Phrase(f"file.{what}")
