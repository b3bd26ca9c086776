"""Time the audit against merely reading the same workbook, in one run, and print the ratios.

    python benchmarks/run.py [county|national|city|region|all] [--repeat N] [--no-json]

Every command runs as a fresh process (interpreter start-up included), so the figures are what a
user waits for; each process's peak memory (its maximum resident set) is read from the kernel
when it ends. The bare read is python-calamine opening the workbook and reading sheet 学校 to
Python values: the floor no audit can beat. Goals (docs/performance.md):

- county: the audit ≤ 0.5 s end to end;
- national: the audit ≤ 2 × the bare read;
- city (8 counties × 150 schools): the region audit ≤ 0.6 s end to end, table and JSON;
- region (200,000 schools in 2,772 counties): the region audit, table and JSON, within 1.5 × the
  same schools audited as one county (the national file: the generator draws the same schools)
  and the table within 2 × the region file's bare read; peak memory within 1.5 × the bare read's.

`all` runs county, city and national; `region` also times the national file beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = {"county": 300, "national": 200_000, "city": 1_200, "region": 200_000}

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


def measured(cmd: list[str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """One fresh process: its wall time (s) and its peak resident memory (MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok_codes:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {err.decode()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


class Sample:
    """Medians of repeated runs of one command."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.peaks: list[float] = []

    def add(self, cmd: list[str], ok_codes: tuple[int, ...] = (0,)) -> None:
        t, m = measured(cmd, ok_codes)
        self.times.append(t)
        self.peaks.append(m)

    @property
    def time(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> float:
        return statistics.median(self.peaks)


AUDIT_CODES = (0, 1, 3)


def run_all(path: Path, repeat: int, with_json: bool, extra: tuple[str, ...] = ()) -> dict:
    """The bare read, the table audit and the JSON audit of one workbook, alternating, so that a
    slow moment of the machine hits every side alike."""
    audit = [sys.executable, "-m", "qbcheck", "audit", str(path), *extra]
    out = {"read": Sample(), "table": Sample(), "json": Sample()}
    for _ in range(repeat):
        out["read"].add([sys.executable, "-c", BARE_READ, str(path)])
        out["table"].add([*audit, "--output", "/dev/null"], AUDIT_CODES)
        if with_json:
            out["json"].add([*audit, "--format", "json", "--output", "/dev/null"], AUDIT_CODES)
    return out


def line(label: str, s: Sample, base: Sample | None = None, versus: str = "read") -> str:
    ratio = f"   {s.time / base.time:5.2f} × {versus}" if base is not None else ""
    return f"  {label:<22}{s.time:8.3f} s  {s.peak:7.0f} MB{ratio}"


def goal(text: str, value: float, limit: float, unit: str) -> bool:
    met = value <= limit
    print(f"  goal: {text} ≤ {limit}{unit}: {'met' if met else 'NOT met'} ({value:.2f}{unit})")
    return met


def bench(kind: str, repeat: int, with_json: bool = True) -> bool:
    path = workbook(kind)
    size = path.stat().st_size / 1e6
    got = run_all(path, repeat, with_json)
    read, table, js = got["read"], got["table"], got["json"]
    print(f"{kind}: {SIZES[kind]:,} schools, {size:.1f} MB, median of {repeat}")
    print(line("bare calamine read", read))
    print(line("audit (table)", table, read))
    if with_json:
        print(line("audit (json)", js, read))
    if kind == "county":
        return goal("table audit, seconds", table.time, 0.5, " s")
    if kind == "national":
        return goal("table audit ÷ bare read", table.time / read.time, 2.0, "×")
    if kind == "city":
        ok = goal("table audit, seconds", table.time, 0.6, " s")
        if with_json:
            ok &= goal("JSON audit, seconds", js.time, 0.6, " s")
        return ok
    # region: the same schools as one county, measured in the same run
    one = run_all(workbook("national"), repeat, with_json)
    print(f"  the same schools as one county ({workbook('national').name}):")
    print(line("one county (table)", one["table"], one["read"]))
    if with_json:
        print(line("one county (json)", one["json"], one["read"]))
    ok = goal("region table ÷ one county", table.time / one["table"].time, 1.5, "×")
    if with_json:
        ok &= goal("region JSON ÷ one county", js.time / one["json"].time, 1.5, "×")
    ok &= goal("region table ÷ bare read", table.time / read.time, 2.0, "×")
    peak = max(table.peak, js.peak) if with_json else table.peak
    ok &= goal("region peak memory ÷ bare read's", peak / read.peak, 1.5, "×")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", default="all", choices=[*SIZES, "all"])
    parser.add_argument(
        "--repeat", type=int, default=0, help="runs per command (default 5; 3 for the big files)"
    )
    parser.add_argument("--no-json", action="store_true", help="time the table report only")
    args = parser.parse_args()
    kinds = ["county", "city", "national"] if args.which == "all" else [args.which]
    small = ("county", "city")
    results = [bench(k, args.repeat or (5 if k in small else 3), not args.no_json) for k in kinds]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
