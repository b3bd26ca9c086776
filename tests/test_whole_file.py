"""A file of many counties is judged row by row once over the whole file and cut into counties
(evaluate.engine): every county's result must be the one evaluating that county alone gives."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from qbcheck.evaluate.engine import evaluate
from qbcheck.kinds import load_standard
from qbcheck.model.intake import load_all
from qbcheck.reports import FORMATS, Options
from qbcheck.results.build import build_run
from workbooks import split_into_counties

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"
RUN_AT = dt.datetime(2025, 11, 25, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def interleaved(tmp_path_factory) -> Path:
    """The demo's schools (with its 县域指标 sheet) in five counties whose rows are mixed."""
    wb = load_workbook(DEMO)
    ws = wb["学校"]
    rng = random.Random(3)
    split_into_counties(ws, lambda r: rng.randrange(5), "{}县".format)
    path = tmp_path_factory.mktemp("mixed") / "mixed.xlsx"
    wb.save(path)
    return path


def as_json(results: list) -> str:
    out = io.StringIO()
    run = build_run(results, run_at=RUN_AT)
    FORMATS["json"].render(run, out, Options(lang="en", limit=0))
    return out.getvalue()


@pytest.fixture(scope="module")
def in_blocks(tmp_path_factory) -> Path:
    """The demo's schools in four counties listed one after the other (a county's rows are a
    slice of the file), one county with a blank cell a CV needs, one whose multimedia rooms
    are all 0 (a CV of mean 0), and one of a single school."""
    wb = load_workbook(DEMO)
    ws = wb["学校"]
    n = ws.max_row
    heads = [c.value for c in ws[1]]
    degree = heads.index("小学高于规定学历教师数") + 1
    rooms = heads.index("网络多媒体教室数") + 1
    pupils = heads.index("小学在校生数") + 1
    col = split_into_counties(
        ws, lambda r: 0 if r == 2 else 1 + (r - 3) * 3 // (n - 2), "{}县".format
    )
    for r in range(2, n + 1):
        if ws.cell(r, col).value == "371592":
            ws.cell(r, rooms, 0)
    for r in range(2, n + 1):
        if ws.cell(r, col).value == "371591" and ws.cell(r, pupils).value:
            ws.cell(r, degree).value = None
            break
    path = tmp_path_factory.mktemp("blocks") / "blocks.xlsx"
    wb.save(path)
    return path


def county_figures(result) -> list[tuple]:
    """Every figure of a county's rule results, as exact floats (JSON rounds none away, but
    compare the floats themselves too)."""
    return [
        (
            c.rule.id,
            c.stage,
            c.subject,
            c.status,
            c.value,
            c.mean,
            c.n,
            c.pupils,
            c.gap,
            None if c.reason is None else (c.reason.key, repr(c.reason.params)),
            tuple(sorted(c.components.items())),
            tuple((d.school, d.share, d.cv_without) for d in c.drivers),
        )
        for c in result.county_results
    ]


STANDARDS = ["quality-balance-2017", "shandong", "liaocheng-2025", "basic-balance-2012"]


@pytest.mark.parametrize("layout", ["interleaved", "in_blocks"])
@pytest.mark.parametrize("standard", STANDARDS)
def test_each_county_cut_from_the_whole_file_is_the_county_judged_alone(request, layout, standard):
    std = load_standard(standard)
    intake, _ = load_all([request.getfixturevalue(layout)])
    counties = 5 if layout == "interleaved" else 4
    assert len(intake.datasets) == counties and all(ds.part_of for ds in intake.datasets)
    cut = [evaluate(ds, std) for ds in intake.datasets]
    assert not any(ds.part_of for ds in intake.datasets)  # each served once
    alone = [evaluate(ds, std) for ds in intake.datasets]  # now the county on its own
    assert [county_figures(r) for r in cut] == [county_figures(r) for r in alone]
    for a, b in zip(cut, alone, strict=True):
        assert list(a.indicators) == list(b.indicators)
        for key, values in a.indicators.items():
            assert np.array_equal(values, b.indicators[key], equal_nan=True), key
    assert as_json(cut) == as_json(alone)


def test_the_blocks_reach_every_path_of_the_grouped_cvs(in_blocks):
    """The CVs of the file in blocks include a county with a blank (U03), a mean of 0 (U05),
    one school (a CV of 0) and failing CVs with their drivers."""
    std = load_standard("quality-balance-2017")
    intake, _ = load_all([in_blocks])
    cvs = [
        c
        for ds in intake.datasets
        for c in evaluate(ds, std).county_results
        if c.rule.kind == "cv_limit"
    ]
    reasons = {c.reason.key for c in cvs if c.reason is not None}
    assert {"U03", "U05"} <= reasons
    assert any(c.value == 0.0 for c in cvs)
    assert any(c.drivers for c in cvs)
