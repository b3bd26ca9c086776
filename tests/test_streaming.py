"""The school sheet is read as a stream, a batch of rows at a time. However the rows fall into
batches, the dataset and every problem (its cell, its order) must be what reading the whole
sheet at once gives."""

from __future__ import annotations

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook

from qbcheck.core.errors import InputError
from qbcheck.files import reader
from qbcheck.files.reader import read_workbook
from qbcheck.model.dataset import SHEETS, build_dataset
from qbcheck.model.fields import SCHOOL_FIELDS, SCHOOL_SHEET
from qbcheck.model.intake import load
from workbooks import good_junior, good_primary, write_workbook


def _schools() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n in range(23):
        if n % 2:
            rows.append(good_primary(f"P{n:03d}", pupils=300 + n))
        else:
            rows.append(good_junior(f"J{n:03d}", pupils=400 + n))
    # Problems spread over several batches, in several columns.
    rows[2]["primary_pupils"] = "三百"  # text in a number column
    rows[7]["junior_teachers"] = -4  # negative
    rows[11]["primary_classes"] = 2.5  # a count with a fraction
    rows[15]["school_type"] = "大学"  # not a school type
    rows[19]["teaching_area"] = "1,234.5"  # thousands separators: fine
    rows[20]["multimedia_rooms"] = None  # blank
    return rows


def _read(path, stream: bool):
    raw = read_workbook(path, SHEETS, stream=SCHOOL_SHEET if stream else None)
    return build_dataset(raw, SCHOOL_FIELDS)


@pytest.mark.parametrize("batch", [1, 2, 3, 5, 1024])
def test_batches_give_the_dataset_and_problems_of_the_whole_sheet(tmp_path, monkeypatch, batch):
    path = write_workbook(tmp_path / "county.xlsx", _schools())
    whole, whole_problems = _read(path, stream=False)
    monkeypatch.setattr(reader, "BATCH", batch)
    ds, problems = _read(path, stream=True)
    assert [(p.code, p.location) for p in problems] == [
        (p.code, p.location) for p in whole_problems
    ]
    assert {p.location for p in problems} >= {"学校!F4", "学校!Q9", "学校!I13", "学校!C17"}
    assert ds.rows == whole.rows == list(range(2, 25))
    for f in SCHOOL_FIELDS:
        a, b = ds.columns[f.key], whole.columns[f.key]
        assert a == b or np.allclose(
            np.array(a, dtype=float), np.array(b, dtype=float), equal_nan=True
        ), f.key


def test_blank_rows_between_batches_are_skipped_and_rows_keep_their_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "BATCH", 2)
    src = write_workbook(tmp_path / "src.xlsx", [good_primary("P1"), good_primary("P2")])
    rows = list(load_workbook(src).active.iter_rows(values_only=True))
    wb = Workbook()
    ws = wb.active
    ws.title = "学校"
    ws.append(rows[0])
    ws.append(rows[1])
    for _ in range(5):
        ws.append([None] * len(rows[0]))
    ws.append(rows[2])
    path = tmp_path / "gaps.xlsx"
    wb.save(path)
    ds = load(path).datasets[0]
    assert ds.rows == [2, 8]
    assert ds.columns["school_id"] == ["P1", "P2"]


def test_a_sheet_of_headings_and_blank_rows_has_no_data(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "BATCH", 2)
    path = write_workbook(tmp_path / "empty.xlsx", [])
    wb = load_workbook(path)
    for _ in range(40):
        wb.active.append([None, None, ""])
    wb.save(path)
    with pytest.raises(InputError) as err:
        load(path)
    assert [p.code for p in err.value.problems] == ["E104"]


def test_a_table_that_starts_in_column_b_keeps_its_cell_references(tmp_path):
    src = write_workbook(tmp_path / "src.xlsx", [good_primary("P1"), good_primary("P2")])
    rows = list(load_workbook(src).active.iter_rows(values_only=True))
    wb = Workbook()
    ws = wb.active
    ws.title = "学校"
    for row in rows:
        ws.append([None, *row])
    ws["G3"] = "x"  # 小学在校生数 of the second school, one column right of F
    path = tmp_path / "shifted.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as err:
        load(path)
    assert [p.location for p in err.value.problems] == ["学校!G3"]
