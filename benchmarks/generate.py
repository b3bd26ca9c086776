"""Write a synthetic workbook (input format v1) for the timing benchmarks in benchmarks/run.py.

    python benchmarks/generate.py county|national|city|region [--schools N] [--output PATH]

county = 300 schools, national = 200,000 schools, all in one sheet as if one huge county. city =
a city of 8 counties of 150 schools (Liaocheng's eight), region = 200,000 schools in counties of
realistic size (2 to 400 schools, median about 60: 2,772 counties), each school
row naming its county in 县区代码 / 县区名称 as a provincial export does. The type,
locale and ownership mix and every row's values come from examples/make_demo.py (the single source
of the headings and the school generator), so the benchmark reads the same kind of data as the
demo. About 3% of schools get one indicator pushed below its threshold, so the audit also has
failing parts to report, as it would on real national data. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "examples"))

import make_demo as demo  # noqa: E402

DATA = HERE / "data"
SIZES = {"county": 300, "national": 200_000, "city": 1_200, "region": 200_000}
CITY = ("东昌府区", "茌平区", "阳谷县", "莘县", "东阿县", "冠县", "高唐县", "临清市")
COUNTY_HEADINGS = ("县区代码", "县区名称")
DEFAULT_SEED = 2025
SHORTFALL_RATE = 0.03  # share of schools with one indicator below its threshold
# Place-name parts for school names; names need not be unique, ids are.
PLACES = ("王集", "李庄", "柳河", "高桥", "张店", "石桥", "清河", "白杨", "马坊", "东湖", "双山")
VILLAGES = ("后屯", "前营", "杨楼", "孙家洼", "赵桥", "南王", "东沟", "北岭", "韩集", "郭店")
SUFFIX = {
    "小学": "小学",
    "教学点": "教学点",
    "初级中学": "初级中学",
    "九年一贯制学校": "学校",
    "十二年一贯制学校": "学校",
    "完全中学": "中学",
}


def rows(count: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """Yield `count` school rows; a generator so 200,000 rows never sit in memory at once."""
    rng = random.Random(seed)
    types = list(demo.TYPE_MIX)
    type_weights = list(demo.TYPE_MIX.values())
    for n in range(1, count + 1):
        school_type = rng.choices(types, type_weights)[0]
        locale = rng.choices(demo.LOCALES, demo.LOCALE_MIX[school_type])[0]
        ownership = "民办" if rng.random() < demo.PRIVATE_SHARE[school_type] else "公办"
        school = demo.make_school(rng, school_type, locale, ownership)
        if rng.random() < SHORTFALL_RATE:
            stage = rng.choice([s for s in demo.stages(school) if s in demo.COMPULSORY])
            code = rng.choice(demo.INDICATORS)
            value = demo.THRESHOLDS[code][stage] * rng.uniform(0.5, 0.97)
            demo.set_indicator(school, stage, code, value)
        school["school_id"] = f"37{n:08d}"
        place = rng.choice(PLACES)
        village = rng.choice(VILLAGES) if locale == "乡村" else ""
        school["name"] = f"{place}{village}第{n}{SUFFIX[school_type]}"
        yield demo.as_row(school)


def county_sizes(kind: str, total: int, rng: random.Random) -> list[int]:
    """How many schools each county has: 8 × 150 for the city; for a region, sizes drawn from a
    log-normal (median about 60, between 2 and 400) until `total` schools are placed."""
    if kind == "city":
        return [total // len(CITY)] * len(CITY)
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(min(400, max(2, round(rng.lognormvariate(4.1, 0.6)))))
    sizes[-1] -= sum(sizes) - total
    if sizes[-1] < 2:
        sizes[-2] += sizes.pop()
    return sizes


def region_rows(kind: str, total: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """The school rows of a region, each with its county's code and name, county by county."""
    sizes = county_sizes(kind, total, random.Random(seed + 1))
    schools = rows(total, seed)
    for k, size in enumerate(sizes):
        code = f"37{1501 + k:04d}" if kind == "city" else f"{370001 + k}"
        name = CITY[k] if kind == "city" else f"合成县{k + 1:04d}"
        for _ in range(size):
            yield (*next(schools), code, name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "kind",
        choices=sorted(SIZES),
        help="county (300), national (200,000), city (8 × 150) or region (200,000 in counties)",
    )
    parser.add_argument("--schools", type=int, help="number of schools (default: by kind)")
    parser.add_argument("--output", type=Path, help="default: benchmarks/data/<kind>-<N>.xlsx")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    count = args.schools or SIZES[args.kind]
    output = args.output or DATA / f"{args.kind}-{count}.xlsx"
    start = time.perf_counter()
    if args.kind in ("city", "region"):
        info: dict[str, object] = {"统计年度": 2025}
        headings = (*demo.HEADINGS, *COUNTY_HEADINGS)
        demo.write_workbook(
            output, region_rows(args.kind, count, args.seed), info, headings=headings
        )
    else:
        info = {
            "县区名称": f"基准测试县（合成，{count}所）",
            "县区代码": "379999",
            "统计年度": 2025,
        }
        demo.write_workbook(output, rows(count, args.seed), info)
    elapsed = time.perf_counter() - start
    size = output.stat().st_size
    print(f"wrote {output}: {count:,} schools, {size:,} bytes, {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
