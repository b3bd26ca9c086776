"""Read one cell that is not a plain number: the slow path, reached only for text and odd cells.

Each function returns the value, or a catalogue code (E1xx) with its parameters that says
precisely what is wrong. Missing is None, never 0.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from qbcheck.model.fields import UNITS
from qbcheck.model.headings import COUNT_UNITS, EXTRA_UNITS, normalise

# Blank, or a mark officers use for "no figure": missing, never 0.
MISSING_MARKS = frozenset(
    {"", "-", "--", "—", "——", "－", "―", "/", "\\", "无", "空", "n/a", "na", "null", "none", "缺"}
)
# Excel's and LibreOffice's error values, as a CSV export or a string cell shows them.
_ERROR_LITERAL = re.compile(
    r"^(?:#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|"
    r"UNKNOWN!|CONNECT!|BUSY!|GETTING_DATA)|Err:\d{3}|#ERR\d*)$",
    re.IGNORECASE,
)
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_TRAILING_UNIT = re.compile(r"^(.*?\d)\s*([^\d\s.,%]+)$")
YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有", "t", "对"})
NO = frozenset({"否", "n", "no", "false", "0", "×", "✗", "无", "f", "不是", "没有"})

Result = tuple[object, str | None, dict[str, object]]


def fold(text: str) -> str:
    """Full-width digits, commas, percent and minus signs to their ASCII forms."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


def number(v: object, kind: str, factor: float) -> Result:
    """A number cell's value in the heading's unit, or the code of what is wrong with it."""
    if v is None or v == "":
        return None, None, {}
    if isinstance(v, bool):
        return None, "E107", {"value": "TRUE" if v else "FALSE"}
    if isinstance(v, dt.datetime | dt.date | dt.time | dt.timedelta):
        return None, "E132", {"value": str(v)}
    if isinstance(v, float | int):  # reached only from callers outside the fast path
        return float(v), None, {}
    if not isinstance(v, str):
        return None, "E107", {"value": v}
    s = fold(v)
    if s.lower() in MISSING_MARKS:
        return None, None, {}
    if _ERROR_LITERAL.match(s):
        return None, "E130", {"value": s}
    if s.startswith("="):
        return None, "E136", {"value": v}
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    scale = 1.0
    m = _TRAILING_UNIT.match(s)
    if m and not percent:
        s, unit = m.group(1), normalise(m.group(2))
        unit_scale = _value_unit_scale(unit, kind, factor)
        if unit_scale is None:
            return None, "E107", {"value": v}
        scale = unit_scale
    if "," in s:
        if not _THOUSANDS.match(s):
            return None, "E107", {"value": v}
        s = s.replace(",", "")
    if not _PLAIN.match(s):
        return None, "E107", {"value": v}
    f = float(s)
    if not math.isfinite(f):
        return None, "E107", {"value": v}
    if percent:
        if kind != "ratio":
            return None, "E134", {"value": v}
        return f / 100, None, {}
    return f * scale, None, {}


def _value_unit_scale(unit: str, kind: str, factor: float) -> float | None:
    """A value written with its own unit ('500人', '12万元'): the scale to the heading's unit."""
    if kind == "count":
        return 1.0 if unit in COUNT_UNITS else None
    if kind != "amount":
        return None
    for dim, table in UNITS.items():
        merged = {**table, **EXTRA_UNITS.get(dim, {})}
        if unit in merged:
            return merged[unit] / factor
    return None


def flag(v: object) -> Result:
    """是/否, Y/N, TRUE/FALSE, 1/0 and ✓/× as True/False."""
    if v is None or v == "":
        return None, None, {}
    if isinstance(v, bool):
        return v, None, {}
    if isinstance(v, float | int) and v in (0, 1):
        return bool(v), None, {}
    if isinstance(v, str):
        s = fold(v).lower()
        if s in YES:
            return True, None, {}
        if s in NO:
            return False, None, {}
        if s in MISSING_MARKS:
            return None, None, {}
        if _ERROR_LITERAL.match(s):
            return None, "E130", {"value": fold(v)}
    return None, "E135", {"value": v}


def is_error_literal(text: str) -> bool:
    return bool(_ERROR_LITERAL.match(fold(text)))


def parse_yes_no(v: object) -> bool | None:
    """是/否, Y/N, yes/no, 1/0 and ticks; anything else is None (the caller reports it)."""
    value, code, _ = flag(v)
    return None if code else value  # type: ignore[return-value]  # flag() gives a bool
