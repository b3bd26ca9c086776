"""Build real workbooks for tests: the readers are only tested on files a test wrote itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from qbcheck.model.fields import SCHOOL_FIELDS, canonical_heading

KEY_TO_HEADING = {f.key: canonical_heading(f) for f in SCHOOL_FIELDS}


def school(
    school_id: str,
    school_type: str = "小学",
    *,
    name: str | None = None,
    locale: str = "城区",
    ownership: str = "公办",
    **values: object,
) -> dict[str, object]:
    """A school row by English keys; equipment_value is in 万元 as the canonical heading says."""
    return {
        "school_id": school_id,
        "name": name or f"学校{school_id}",
        "school_type": school_type,
        "locale": locale,
        "ownership": ownership,
        **values,
    }


def good_primary(school_id: str, pupils: int = 500, **over: object) -> dict[str, object]:
    """A primary school that passes every resource indicator with room to spare."""
    base: dict[str, object] = dict(
        primary_pupils=pupils,
        primary_classes=pupils // 45 + 1,
        teaching_area=6.0 * pupils + 400,
        indoor_sports_area=400,
        sports_ground_area=9.0 * pupils,
        equipment_value=0.25 * pupils,  # 万元: 2,500 yuan per pupil
        multimedia_rooms=pupils * 3 // 100 + 1,
        primary_teachers=pupils // 15,
        primary_teachers_above_degree=pupils * 6 // 100,
        primary_backbone_teachers=pupils * 2 // 100,
        primary_pe_arts_teachers=pupils * 15 // 1000,
    )
    base.update(over)
    return school(school_id, "小学", **base)


def good_junior(school_id: str, pupils: int = 600, **over: object) -> dict[str, object]:
    base: dict[str, object] = dict(
        junior_pupils=pupils,
        junior_classes=pupils // 50 + 1,
        teaching_area=7.5 * pupils + 500,
        indoor_sports_area=500,
        sports_ground_area=12.0 * pupils,
        equipment_value=0.3 * pupils,
        multimedia_rooms=pupils * 3 // 100 + 1,
        junior_teachers=pupils // 12,
        junior_teachers_above_degree=pupils * 7 // 100,
        junior_backbone_teachers=pupils * 2 // 100,
        junior_pe_arts_teachers=pupils * 15 // 1000,
    )
    base.update(over)
    return school(school_id, "初级中学", **base)


def write_workbook(
    path: Path,
    schools: Iterable[Mapping[str, object]],
    *,
    county: Mapping[str, object] | None = None,
    drop: Iterable[str] = (),
    rename: Mapping[str, str] | None = None,
    sheet: str = "学校",
    figures: Mapping[str, tuple[object, object]] | None = None,
    classes: Iterable[tuple[str, str, int]] | None = None,
) -> Path:
    """Write schools (by English key) under the canonical headings; `drop` leaves columns out by
    key, `rename` writes a column under another heading (by key), as officers' files do.
    `figures` (county key → (value, evidence)) writes a 县域指标 sheet; `classes` a 班级 sheet."""
    rename = rename or {}
    keys = [f.key for f in SCHOOL_FIELDS if f.key not in set(drop)]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([rename.get(k, KEY_TO_HEADING[k]) for k in keys])
    for s in schools:
        ws.append([s.get(k) for k in keys])
    if county is not None:
        info = wb.create_sheet("基本信息")
        info.append(["项目", "值"])
        for k, v in county.items():
            info.append([k, v])
    if figures is not None:
        from qbcheck.model.fields import COUNTY_KEYS_BY_KEY

        sheet_ = wb.create_sheet("县域指标")
        sheet_.append(["指标", "值", "佐证材料"])
        for key, (value, evidence) in figures.items():
            sheet_.append([COUNTY_KEYS_BY_KEY[key].heading, value, evidence])
    if classes is not None:
        sheet_ = wb.create_sheet("班级")
        sheet_.append(["学校标识码", "学段", "班级名称", "学生数"])
        for n, (sid, stage, size) in enumerate(classes, start=1):
            sheet_.append([sid, stage, f"{n}班", size])
    wb.save(path)
    return path


def sample_county() -> list[dict[str, object]]:
    """A small county with a bit of everything: passing, failing and undecided parts, a
    one-through school, a 完全中学 and a teaching point. The committed .xls / .ods fixtures
    (tests/fixtures/make_fixtures.py) hold exactly these rows."""
    return [
        good_primary("3715990001", 620, name="城关第一小学"),
        good_primary("3715990002", 480, name="东关小学", primary_teachers_above_degree=12),
        good_primary("3715990003", 300, name="李庄小学", locale="乡村", multimedia_rooms=None),
        good_junior("3715990004", 900, name="城关中学"),
        good_junior("3715990005", 400, name="镇中学", locale="镇区", sports_ground_area=2000),
        school(
            "3715990006",
            "九年一贯制学校",
            name="实验学校",
            primary_pupils=450,
            junior_pupils=300,
            primary_classes=10,
            junior_classes=6,
            teaching_area=6000,
            indoor_sports_area=600,
            sports_ground_area=9000,
            equipment_value=230,
            multimedia_rooms=25,
            primary_teachers=30,
            junior_teachers=26,
            primary_teachers_above_degree=28,
            junior_teachers_above_degree=22,
            primary_backbone_teachers=9,
            junior_backbone_teachers=6,
            primary_pe_arts_teachers=7,
            junior_pe_arts_teachers=5,
        ),
        good_primary("3715990007", 60, name="王村教学点", locale="乡村", parent_id="3715990003")
        | {"school_type": "教学点"},
    ]


def write_csv(
    path: Path,
    schools: Iterable[Mapping[str, object]],
    *,
    encoding: str = "utf-8",
    drop: Iterable[str] = ("county_name", "county_code"),
    rename: Mapping[str, str] | None = None,
    extra: Mapping[str, Iterable[object]] | None = None,
) -> Path:
    """The same table as write_workbook, as a CSV export in the given encoding."""
    import csv
    import io

    rename = rename or {}
    keys = [f.key for f in SCHOOL_FIELDS if f.key not in set(drop)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    heads = [rename.get(k, KEY_TO_HEADING[k]) for k in keys]
    extra = {k: list(v) for k, v in (extra or {}).items()}
    w.writerow([*heads, *extra])
    for n, s in enumerate(schools):
        cells = ["" if s.get(k) is None else _plain(s.get(k)) for k in keys]
        w.writerow([*cells, *(col[n] for col in extra.values())])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _plain(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def split_into_counties(
    ws: Any, county_of: Callable[[int], int], name_of: Callable[[int], str]
) -> int:
    """Add 县区代码 and 县区名称 columns to a school sheet, as a provincial export has them: the
    row r (from 2) goes to county k = county_of(r), coded 37159k and named name_of(k). Returns
    the code column."""
    col = ws.max_column + 1
    ws.cell(1, col, "县区代码")
    ws.cell(1, col + 1, "县区名称")
    for r in range(2, ws.max_row + 1):
        k = county_of(r)
        ws.cell(r, col, f"37159{k}")
        ws.cell(r, col + 1, name_of(k))
    return col
