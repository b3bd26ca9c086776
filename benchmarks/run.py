"""Time the audit against merely reading the same workbook, in one run, and print the ratios.

    python benchmarks/run.py [county|national|city|region|all] [--repeat N] [--no-json]

Both sides run as fresh processes (interpreter start-up included), so the ratio is what a user
waits for. The bare read is python-calamine opening the workbook and reading sheet 学校 to Python
values: the floor no audit can beat. Goals (docs/performance.md): county audit ≤ 0.5 s end to end;
national audit ≤ 2 × the bare read; a city of 8 counties × 150 schools ≤ 0.6 s; the region file
(200,000 schools in 2,772 counties) ≤ 2 × its bare read. `all` leaves the region out: until
the region report exists it pays a full report per county and takes minutes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = {"county": 300, "national": 200_000, "city": 1_200, "region": 200_000}
GOALS = {
    "county": ("seconds", 0.5),
    "national": ("ratio", 2.0),
    "city": ("seconds", 0.6),
    "region": ("ratio", 2.0),
}

BARE_READ = (
    "import sys, python_calamine as c\n"
    "wb = c.CalamineWorkbook.from_path(sys.argv[1])\n"
    "rows = wb.get_sheet_by_name('学校').to_python(skip_empty_area=False)\n"
    "print(len(rows))\n"
)


def workbook(kind: str) -> Path:
    path = DATA / f"{kind}-{SIZES[kind]}.xlsx"
    if not path.exists():
        print(f"generating {path.name} …", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), kind, "--output", str(path)], check=True
        )
    return path


def timed(cmd: list[str], repeat: int, ok_codes: tuple[int, ...] = (0,)) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if proc.returncode not in ok_codes:
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return times


def bench(kind: str, repeat: int, with_json: bool = True) -> bool:
    path = workbook(kind)
    audit = [sys.executable, "-m", "qbcheck", "audit", str(path)]
    # Alternate the commands, so that a slow moment of the machine hits both sides alike.
    read: list[float] = []
    table: list[float] = []
    for _ in range(repeat):
        read += timed([sys.executable, "-c", BARE_READ, str(path)], 1)
        table += timed([*audit, "--output", "/dev/null"], 1, (0, 1, 3))
    r, a = statistics.median(read), statistics.median(table)
    size = path.stat().st_size / 1e6
    print(f"{kind}: {SIZES[kind]:,} schools, {size:.1f} MB, median of {repeat}")
    print(f"  bare calamine read   {r:8.3f} s")
    print(f"  audit (table)        {a:8.3f} s   ratio {a / r:5.2f}")
    if with_json:
        as_json = timed([*audit, "--format", "json", "--output", "/dev/null"], repeat, (0, 1, 3))
        j = statistics.median(as_json)
        print(f"  audit (json)         {j:8.3f} s   ratio {j / r:5.2f}")
    goal_kind, goal = GOALS[kind]
    measured = a if goal_kind == "seconds" else a / r
    met = measured <= goal
    unit = " s" if goal_kind == "seconds" else "×"
    print(
        f"  goal: {goal_kind} ≤ {goal}{unit}: {'met' if met else 'NOT met'} ({measured:.2f}{unit})"
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", default="all", choices=[*SIZES, "all"])
    parser.add_argument("--repeat", type=int, default=0, help="runs per command (default 5 / 3)")
    parser.add_argument("--no-json", action="store_true", help="time the table report only")
    args = parser.parse_args()
    kinds = ["county", "city", "national"] if args.which == "all" else [args.which]
    small = ("county", "city")
    results = [bench(k, args.repeat or (5 if k in small else 3), not args.no_json) for k in kinds]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
