"""Write a synthetic workbook (input format v1) for the timing benchmarks in benchmarks/run.py.

    python benchmarks/generate.py county|national [--schools N] [--output PATH] [--seed S]

county = 300 schools, national = 200,000 schools, all in one sheet as if one huge county. The type,
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
SIZES = {"county": 300, "national": 200_000}
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(SIZES), help="county (300) or national (200,000)")
    parser.add_argument("--schools", type=int, help="number of schools (default: by kind)")
    parser.add_argument("--output", type=Path, help="default: benchmarks/data/<kind>-<N>.xlsx")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    count = args.schools or SIZES[args.kind]
    output = args.output or DATA / f"{args.kind}-{count}.xlsx"
    info = {"县区名称": f"基准测试县（合成，{count}所）", "县区代码": "379999", "统计年度": 2025}
    start = time.perf_counter()
    demo.write_workbook(output, rows(count, args.seed), info)
    elapsed = time.perf_counter() - start
    size = output.stat().st_size
    print(f"wrote {output}: {count:,} schools, {size:,} bytes, {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
