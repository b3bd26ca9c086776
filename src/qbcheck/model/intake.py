"""From a file to the datasets an audit evaluates: read, type, check, and split by county.

One call so that `audit`, `validate` and `template --from` read a file the same way. Every
problem of the file (cells, sanity errors, counties) is raised at once; warnings come back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qbcheck.core.errors import InputError, Problem
from qbcheck.files.guard import Limits
from qbcheck.model.dataset import SCHOOL_SHEET, SHEETS, CountyInfo, Dataset, build_dataset
from qbcheck.model.fields import SCHOOL_FIELDS, Field


@dataclass
class Intake:
    datasets: list[Dataset]  # one per county, in the order they first appear
    warnings: list[Problem] = field(default_factory=list)
    kind: str = "xlsx"  # the file's format, as found from its bytes

    @property
    def schools(self) -> int:
        return sum(len(ds) for ds in self.datasets)


def load(
    path: Path,
    limits: Limits | None = None,
    fields: tuple[Field, ...] = SCHOOL_FIELDS,
    sanity: bool = True,
) -> Intake:
    from qbcheck.files.reader import read_workbook
    from qbcheck.model import sanity as checks

    raw = read_workbook(path, SHEETS, limits, stream=SCHOOL_SHEET)
    ds, problems = build_dataset(raw, fields)
    warnings = list(ds.warnings)
    if sanity:
        errors, more = checks.check(ds)
        problems += errors
        warnings += more
    datasets, county_problems = split_counties(ds)
    problems += county_problems
    if problems:
        raise InputError(problems, header="E120")
    return Intake(datasets, warnings, raw.kind)


def split_counties(ds: Dataset) -> tuple[list[Dataset], list[Problem]]:
    """A file with a 县区代码 or 县区名称 column is one dataset per county; else the file is one."""
    key_col = next((k for k in ("county_code", "county_name") if k in ds.letters), None)
    if key_col is None:
        return [ds], []
    keys = ds.columns[key_col]
    present = [k for k in keys if k is not None]
    if not present:
        return [ds], []
    order = list(dict.fromkeys(present))
    names = ds.columns.get("county_name", [None] * len(ds))
    codes = ds.columns.get("county_code", [None] * len(ds))
    if len(order) == 1 and len(present) == len(keys):
        info = ds.county.model_copy(
            update={
                "county_name": ds.county.county_name or names[0],
                "county_code": ds.county.county_code or codes[0],
            }
        )
        ds.county = info
        return [ds], []
    problems: list[Problem] = []
    shown = "、".join(str(k) for k in order[:5]) + ("…" if len(order) > 5 else "")
    for i, k in enumerate(keys):
        if k is None:
            cell = ds.cell(key_col, i)
            problems.append(Problem("E138", {"cell": cell, "counties": shown}, cell))
    groups: dict[object, list[int]] = {k: [] for k in order}
    for i, k in enumerate(keys):
        if k is not None:
            groups[k].append(i)
    out = []
    for idx in groups.values():
        first = idx[0]
        info = CountyInfo(county_name=names[first], county_code=codes[first], year=ds.county.year)
        out.append(ds.take(idx, info))
    return out, problems
