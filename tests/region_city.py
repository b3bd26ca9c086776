"""A generated city for the region tests: 8 counties (Liaocheng's names), one workbook per
county and year, each county passing or failing as the test says.

The standard is tests/fixtures/city-test.yaml: rule T.A1 (every school's degree teachers) and
T.A1.cv (their CV), which good schools pass, and the city's targets as liaocheng-2025 states
them. A failing county has one school under the A1 threshold; `spread` widens a county's A1
values between its schools (below 1: wider), so its CV can improve or worsen from one year to the
next.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from typer.testing import CliRunner

from qbcheck.cli import app
from workbooks import good_junior, good_primary, write_workbook

STANDARD = str(Path(__file__).parent / "fixtures" / "city-test.yaml")

# The city's 8 counties with their administrative codes.
CITY: dict[str, str] = {
    "东昌府区": "371502",
    "茌平区": "371503",
    "阳谷县": "371521",
    "莘县": "371522",
    "东阿县": "371524",
    "冠县": "371525",
    "高唐县": "371526",
    "临清市": "371581",
}

runner = CliRunner()


def county_schools(code: str, passing: bool, spread: float = 1.0) -> list[dict[str, object]]:
    """Four schools; `spread` < 1 gives the second primary school fewer degree teachers (still
    passing down to 0.7: a wider CV); a failing county's third school has too few (A1 3.0 < 4.2)."""
    degree = round(500 * 0.06 * spread)
    low: dict[str, object] = {} if passing else {"primary_teachers_above_degree": 12}
    schools = [
        good_primary(f"{code}0001", 500),
        good_primary(f"{code}0002", 500, primary_teachers_above_degree=degree),
        good_primary(f"{code}0003", 400, **low),
        good_junior(f"{code}0004", 600),
    ]
    return schools


def write_city(
    folder: Path,
    year: int,
    passing: Iterable[str],
    spread: Mapping[str, float] | None = None,
    planned: Mapping[str, int] | None = None,
    only: Iterable[str] | None = None,
) -> Path:
    """One workbook per county for `year` in `folder` (made if needed); counties in `passing`
    pass every part of the test standard, the others fail T.A1."""
    folder.mkdir(parents=True, exist_ok=True)
    passing = set(passing)
    spread = spread or {}
    planned = planned or {}
    names = list(only) if only is not None else list(CITY)
    for name in names:
        code = CITY[name]
        info: dict[str, object] = {"县区名称": name, "县区代码": code, "统计年度": year}
        if name in planned:
            info["计划申报年度"] = planned[name]
        schools = county_schools(code, name in passing, spread.get(name, 1.0))
        write_workbook(folder / f"{year}-{code}-{name}.xlsx", schools, county=info)
    return folder


def audit(*paths: Path, fmt: str = "json", args: Iterable[str] = ()) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["audit", *map(str, paths), "--standard", STANDARD, "--format", fmt, *args],
    )
    return result.exit_code, result.stdout


def audit_json(*paths: Path, args: Iterable[str] = ()) -> tuple[int, dict]:
    code, out = audit(*paths, args=args)
    return code, json.loads(out)
