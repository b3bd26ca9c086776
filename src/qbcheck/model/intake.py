"""From a file to the datasets an audit evaluates: read, type, check, and split by county.

One call so that `audit`, `validate` and `template --from` read a file the same way. Every
problem of the file (cells, sanity errors, counties) is raised at once; warnings come back.
A region is several files, or folders of them (`load_all`): each file's counties keep their own
基本信息, 县域指标 and 班级 sheets, and one county may not come twice for the same year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qbcheck.core.errors import InputError, Problem
from qbcheck.files.guard import Limits
from qbcheck.model.dataset import (
    SCHOOL_SHEET,
    SHEETS,
    CountyInfo,
    CountySplit,
    Dataset,
    build_dataset,
)
from qbcheck.model.fields import FIELDS_BY_KEY, SCHOOL_FIELDS, Field


@dataclass
class Intake:
    datasets: list[Dataset]  # one per county, in the order they first appear
    warnings: list[Problem] = field(default_factory=list)
    kind: str = "xlsx"  # the file's format, as found from its bytes

    @property
    def schools(self) -> int:
        return sum(len(ds) for ds in self.datasets)


# What a folder of a region's workbooks may hold; anything else in it is left alone.
DATA_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def gather(paths: list[Path]) -> list[Path]:
    """The files to read: each path as given, a folder as the workbooks directly in it (by name;
    hidden files and Excel's ~$ lock files skipped). A folder without any is E142."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        found = sorted(
            p
            for p in path.iterdir()
            if p.is_file()
            and p.suffix.lower() in DATA_SUFFIXES
            and not p.name.startswith((".", "~$"))
        )
        if not found:
            suffixes = " ".join(DATA_SUFFIXES)
            raise InputError([Problem("E142", {"path": str(path), "suffixes": suffixes})])
        out += found
    return list(dict.fromkeys(out))  # a file named twice is read once


def load_all(
    paths: list[Path],
    limits: Limits | None = None,
    fields: tuple[Field, ...] = SCHOOL_FIELDS,
    sanity: bool = True,
) -> tuple[Intake, list[tuple[Path | None, list[Problem]]]]:
    """Every county of every file (`paths` as `gather` gives them), in order; with each file's
    warnings, and those of the files together under None. The same county (by code, else by
    name) for the same year in two places is E143, naming both."""
    datasets: list[Dataset] = []
    warnings: list[tuple[Path | None, list[Problem]]] = []
    kinds: list[str] = []
    for path in paths:
        intake = load(path, limits, fields, sanity)
        datasets += intake.datasets
        kinds.append(intake.kind)
        if intake.warnings:
            warnings.append((path, intake.warnings))
    seen: dict[tuple[str, int | None], Dataset] = {}
    problems: list[Problem] = []
    for ds in datasets:
        who = ds.county.county_code or ds.county.county_name
        if who is None:
            continue  # a file that names no county is a county of its own
        key = (who, ds.county.year)
        if key in seen:
            first = seen[key]
            params = {
                "county": who,
                "year": ds.county.year or "—",
                "first": str(first.source),
                "second": str(ds.source),
            }
            problems.append(Problem("E143", params, str(ds.source)))
        else:
            seen[key] = ds
    if problems:
        raise InputError(problems, header="E120")
    if len({ds.source for ds in datasets}) > 1:
        region = _region_warnings(datasets)
        if region:
            warnings.append((None, region))
    kind = kinds[0] if len(set(kinds)) == 1 else "mixed"
    all_warnings = [w for _, ws in warnings for w in ws]
    return Intake(datasets, all_warnings, kind), warnings


def _region_warnings(datasets: list[Dataset]) -> list[Problem]:
    """What makes the counties of several files hard to tell apart or to line up by year: one
    code under two names (W122), a county without a code among coded ones (W123), a file that
    names no statistics year among files that do (W124), a file without columns most of the
    other files have, so its county is judged on less (W126)."""
    out: list[Problem] = []
    names: dict[str, tuple[str, Dataset]] = {}
    for ds in datasets:
        code, name = ds.county.county_code, ds.county.county_name
        if code is None or name is None:
            continue
        if code in names and names[code][0] != name:
            first_name, first = names[code]
            params = {
                "code": code,
                "name": first_name,
                "first": str(first.source),
                "other": name,
                "second": str(ds.source),
            }
            out.append(Problem("W122", params, str(ds.source)))
        names.setdefault(code, (name, ds))
    if any(ds.county.county_code for ds in datasets):
        for ds in datasets:
            if not ds.county.county_code:
                who = ds.county.county_name or "—"
                out.append(Problem("W123", {"path": str(ds.source), "county": who}))
    if any(ds.county.year for ds in datasets):
        for path in dict.fromkeys(ds.source for ds in datasets if not ds.county.year):
            out.append(Problem("W124", {"path": str(path)}))
    out += _uneven_columns(datasets)
    return out


def _uneven_columns(datasets: list[Dataset]) -> list[Problem]:
    """Files lacking columns that more than half of the files have (W126): a county sent in
    another form (the basic-balance columns only, an older template) is judged on less, and its
    rules on those columns are undecided; say so before the region report compares counties."""
    files = {ds.source: ds for ds in datasets}  # counties of one workbook share its columns
    if len(files) < 3:
        return []
    absent: dict[str, int] = {}
    for ds in files.values():
        for key in ds.absent:
            absent[key] = absent.get(key, 0) + 1
    out = []
    for path, ds in files.items():
        lacking = [k for k in sorted(ds.absent) if len(files) - absent[k] > len(files) / 2]
        if lacking:
            shown = "、".join(FIELDS_BY_KEY[k].heading for k in lacking[:6])
            shown += "…" if len(lacking) > 6 else ""
            params = {"path": str(path), "n": len(lacking), "columns": shown}
            out.append(Problem("W126", params, str(path)))
    return out


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
    county_of = np.full(len(keys), -1, dtype=np.intp)
    local = np.zeros(len(keys), dtype=np.intp)
    for c, idx in enumerate(groups.values()):
        county_of[idx] = c
        local[idx] = np.arange(len(idx), dtype=np.intp)
    split = CountySplit(ds, county_of, local, len(groups))
    out = []
    for c, idx in enumerate(groups.values()):
        first = idx[0]
        info = CountyInfo(county_name=names[first], county_code=codes[first], year=ds.county.year)
        county = ds.take(idx, info)
        county.part_of = (split, c)
        out.append(county)
    return out, problems
