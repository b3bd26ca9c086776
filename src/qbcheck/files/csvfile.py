"""Read a CSV export as one table of text cells: UTF-8 with or without BOM, or GBK / GB18030.

Chinese offices export CSV in GBK more often than not; GB18030 is its superset, so a file that
is not valid UTF-8 is read as GB18030. The delimiter is the one the header line uses most
(comma, tab or semicolon). Cells stay text; the model reads numbers from them. The file is
streamed and rows are counted as they are read, so an oversized file stops at the limit and
memory stays bounded.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qbcheck.core.errors import InputError, Problem
from qbcheck.files.guard import MAX_CELL_TEXT, Limits


def encodings(head: bytes) -> list[str]:
    """The encodings to try, in order: a BOM decides; else UTF-8, then GB18030."""
    if head.startswith(b"\xef\xbb\xbf"):
        return ["utf-8-sig"]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ["utf-16"]
    return ["utf-8", "gb18030"]


def read_csv(path: Path, limits: Limits) -> list[list[object]]:
    """The rows of a CSV file, in the encoding and with the delimiter it most likely uses."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    tried = encodings(head)
    first = head.decode(tried[0], "replace").lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    for encoding in tried:
        try:
            return _rows(path, encoding, delimiter, limits)
        except UnicodeDecodeError:
            continue
    line = max(_bad_line(path, e) for e in tried)  # the likelier encoding got further
    raise InputError([Problem("E128", {"path": path.name, "line": line})])


def _rows(path: Path, encoding: str, delimiter: str, limits: Limits) -> list[list[object]]:
    csv.field_size_limit(MAX_CELL_TEXT)
    rows: list[list[object]] = []
    cells = 0
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for row in reader:
                rows.append([c.strip() for c in row])
                cells += len(row)
                if len(rows) - 1 > limits.max_rows:
                    many = f"> {limits.max_rows:,}"
                    params = {"sheet": path.name, "rows": many, "limit": limits.max_rows}
                    raise InputError([Problem("E125", {"path": path.name, **params})])
                if cells > limits.max_cells:
                    many = f"> {limits.max_cells:,}"
                    params = {"sheet": path.name, "cells": many, "limit": limits.max_cells}
                    raise InputError([Problem("E126", {"path": path.name, **params})])
        except csv.Error as exc:
            detail = str(exc).splitlines()[0][:120]
            raise InputError(
                [Problem("E129", {"path": path.name, "line": reader.line_num, "detail": detail})]
            ) from None
    return rows


def _bad_line(path: Path, encoding: str) -> int:
    """The first line that does not decode (multi-byte characters never contain a newline)."""
    codec = encoding.removesuffix("-sig")
    with path.open("rb") as fh:
        for n, line in enumerate(fh, start=1):
            try:
                line.decode(codec)
            except UnicodeDecodeError:
                return n
    return 1
