"""A file of many counties is judged row by row once over the whole file and cut into counties
(evaluate.engine): every county's result must be the one evaluating that county alone gives."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qbcheck.evaluate.engine import evaluate
from qbcheck.kinds import load_standard
from qbcheck.model.intake import load_all
from qbcheck.reports import FORMATS, Options
from qbcheck.results.build import build_run

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"
RUN_AT = dt.datetime(2025, 11, 25, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def interleaved(tmp_path_factory) -> Path:
    """The demo's schools (with its 县域指标 sheet) in five counties whose rows are mixed."""
    wb = load_workbook(DEMO)
    ws = wb["学校"]
    n, col = ws.max_row, ws.max_column + 1
    ws.cell(1, col, "县区代码")
    ws.cell(1, col + 1, "县区名称")
    rng = random.Random(3)
    for r in range(2, n + 1):
        k = rng.randrange(5)
        ws.cell(r, col, f"37159{k}")
        ws.cell(r, col + 1, f"{k}县")
    path = tmp_path_factory.mktemp("mixed") / "mixed.xlsx"
    wb.save(path)
    return path


def as_json(results: list) -> str:
    out = io.StringIO()
    run = build_run(results, run_at=RUN_AT)
    FORMATS["json"].render(run, out, Options(lang="en", limit=0))
    return out.getvalue()


@pytest.mark.parametrize("standard", ["quality-balance-2017", "shandong", "liaocheng-2025"])
def test_each_county_cut_from_the_whole_file_is_the_county_judged_alone(interleaved, standard):
    std = load_standard(standard)
    intake, _ = load_all([interleaved])
    assert len(intake.datasets) == 5 and all(ds.part_of for ds in intake.datasets)
    cut = [evaluate(ds, std) for ds in intake.datasets]
    assert not any(ds.part_of for ds in intake.datasets)  # each served once
    alone = [evaluate(ds, std) for ds in intake.datasets]  # now the county on its own
    assert as_json(cut) == as_json(alone)
