"""The 县域指标 sheet: county figures and attestations, one key per row with its evidence.

Layout: column A the key (the Chinese heading in fields.COUNTY_KEYS, or its English key), column B
the value, column C the evidence (佐证材料) an inspector will ask for. Rows with an unknown key
(a header row, notes) are kept aside and listed, never guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from qbcheck.core.errors import Problem
from qbcheck.core.messages import Phrase
from qbcheck.files.reader import RawSheet
from qbcheck.model.fields import COUNTY_KEYS, CountyKey, normalise

_INDEX = {normalise(k.heading): k for k in COUNTY_KEYS} | {normalise(k.key): k for k in COUNTY_KEYS}
_LEVELS = {"ⅰ": 1, "ⅱ": 2, "ⅲ": 3, "ⅳ": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")


@dataclass
class CountyFigures:
    values: dict[str, float | bool | None] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # key → cell of its value
    ignored: list[str] = field(default_factory=list)
    sheet: str | None = None  # None: the file has no 县域指标 sheet

    def get(self, key: str) -> float | bool | None:
        return self.values.get(key)


def read_county_figures(sheet: RawSheet, problems: list[Problem]) -> CountyFigures:
    out = CountyFigures(sheet=sheet.name)
    for r, row in enumerate(sheet.rows, start=1):
        if not row or row[0] in ("", None):
            continue
        ck = _INDEX.get(normalise(str(row[0])))
        if ck is None:
            out.ignored.append(str(row[0]))
            continue
        cell = f"{sheet.name}!B{r}"
        if ck.key in out.cells:
            problems.append(
                Problem("E118", {"cell": cell, "key": ck.heading, "other": out.cells[ck.key]}, cell)
            )
            continue
        raw = row[1] if len(row) > 1 else ""
        evidence = row[2] if len(row) > 2 else ""
        out.cells[ck.key] = cell
        if evidence not in ("", None):
            out.evidence[ck.key] = str(evidence).strip()
        if raw in ("", None) or (isinstance(raw, str) and raw.strip() in ("", "-", "—", "/")):
            out.values[ck.key] = None
            continue
        value = parse_county_value(ck, raw)
        if value is None:
            problems.append(
                Problem(
                    "E117",
                    {
                        "cell": cell,
                        "key": ck.heading,
                        "value": raw,
                        "expected": Phrase(f"expect.{ck.kind}"),
                    },
                    cell,
                )
            )
        out.values[ck.key] = value
    return out


def parse_county_value(ck: CountyKey, raw: object) -> float | bool | None:
    """The value in the key's kind, or None when it cannot be read as one."""
    from qbcheck.model.values import parse_yes_no

    if ck.kind == "yesno":
        return parse_yes_no(raw)
    text = (
        unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
        if isinstance(raw, str)
        else None
    )
    if ck.kind == "level":
        if isinstance(raw, int | float) and not isinstance(raw, bool) and raw in (1, 2, 3, 4):
            return float(raw)
        key = (text or "").lower().removeprefix("水平").removesuffix("级")
        lvl = _LEVELS.get(key) or _LEVELS.get(str(raw).strip().lower())
        return float(lvl) if lvl else None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    elif text is not None:
        pct = text.endswith("%")
        body = text.rstrip("%").strip()
        if not _NUMBER.match(body):
            return None
        number = float(body) / (100 if pct else 1)
        if pct:
            return number if ck.kind == "ratio" and 0 <= number <= 1 else None
    else:
        return None
    if number < 0:
        return None
    if ck.kind == "ratio":
        # A ratio cannot exceed 1: 95 typed in a plain cell means 95%.
        if number > 1:
            number /= 100
        return number if number <= 1 else None
    if ck.kind == "year":
        return number if number.is_integer() and 1990 <= number <= 2100 else None
    return number
