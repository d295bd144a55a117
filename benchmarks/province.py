"""Province benchmark: `fanpin province` over a generated province, county by county.

Generates (once, cached in benchmarks/data/province/) counties of about 100,000
people each (fanpin.samples.roster rosters, one seed and county code per county) as
Parquet partitioned by county (county=430121/part-0.parquet), then for each size
runs, each in a fresh process:

* the bare read: pandas.read_parquet of every county file, one after another;
* `python -m fanpin province DIR -o OUT -q` (the whole command: start, read,
  validate, classify, write every county's results and the summary).

It prints wall and CPU seconds, both per million people, the ratio to the bare
read (wall), peak memory (ru_maxrss: the largest single process of the run;
with psutil also the sum over its process tree, sampled) and the load average,
then checks the targets of issue 9: peak memory ≤ 4 GB and time growing
linearly — CPU seconds per million people at the largest size within 20 % of
the smallest (CPU time, because on a shared machine wall time also measures
the neighbours; both are printed) — and of issue 18: at most 6 CPU seconds per
million people at every size run.

    python benchmarks/province.py                    # 1,000,000 and 3,000,000 people
    python benchmarks/province.py --people 500000,2000000
    python benchmarks/province.py --full             # also the 10,000,000-people province
    python benchmarks/province.py --engine dask --workers 2
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
HOUSEHOLDS_PER_COUNTY = 32_000  # about 99,000 people: a county of 10⁵
FULL_PEOPLE = 10_000_000
MEMORY_TARGET_MB = 4 * 1024
CPU_TARGET = 6.0  # CPU seconds per million people (issue 18)
LINEAR_TOLERANCE = 0.20
SEED = 430000
YEAR, AS_OF = "2021", "2022-01-15"


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the process and its children
    peak_mb: float  # largest single process of the tree (ru_maxrss)
    tree_mb: float | None  # sum over the process tree, sampled (needs psutil)


def counties_cache(households: int) -> Path:
    return DATA / f"province-{households}"


def ensure_counties(count: int, households: int) -> list[tuple[Path, int]]:
    """The first ``count`` counties (file, people), generating the missing ones."""
    from fanpin.outputs.write import atomic_path
    from fanpin.samples.province import county_codes, example_county

    cache = counties_cache(households)
    manifest_path = cache / "people.json"
    manifest: dict[str, int] = (
        json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    )
    found = []
    for i, code in enumerate(county_codes(count)):
        path = cache / f"county={code}" / "part-0.parquet"
        if code not in manifest or not path.exists():
            started = time.perf_counter()
            members = example_county(households, code, SEED + i)
            with atomic_path(path) as temporary:
                members.to_parquet(temporary, index=False)
            manifest[code] = len(members)
            manifest_path.write_text(json.dumps(manifest, indent=0))
            print(
                f"  generated county {i + 1}/{count} ({code}, {len(members):,} people) "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        found.append((path, manifest[code]))
    return found


def province_view(people: int, households: int) -> tuple[Path, int, int]:
    """A folder holding (as links) the first counties that reach ``people``."""
    per_county = households * 3.1
    estimate = max(1, math.ceil(people / per_county))
    counties = ensure_counties(estimate + 1, households)
    chosen, total = [], 0
    for path, count in counties:
        if total >= people:
            break
        chosen.append(path)
        total += count
    view = DATA / f"view-{people}"
    shutil.rmtree(view, ignore_errors=True)
    for path in chosen:
        link = view / path.parent.name / path.name
        link.parent.mkdir(parents=True)
        link.symlink_to(path)
    return view, len(chosen), total


def measure(command: list[str]) -> Run:
    """Wall time and peak memory of a fresh process (and its children) running ``command``."""
    try:
        import psutil
    except ImportError:
        psutil = None
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    tree_peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        parent = psutil.Process(process.pid)
        while not stop.wait(0.2):
            try:
                members = [parent, *parent.children(recursive=True)]
                rss = 0
                for member in members:
                    try:
                        rss += member.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                return
            tree_peak[0] = max(tree_peak[0], rss / 2**20)

    sampler = threading.Thread(target=sample, daemon=True) if psutil else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stop.set()
    if sampler:
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0,):
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, tree_peak[0] if psutil else None)


BARE_READ = """
import sys
import pandas as pd
for path in sys.argv[1:]:
    frame = pd.read_parquet(path)
    del frame
"""


def run_size(
    people: int, args: argparse.Namespace, engine: str | None = None, keep: bool = False
) -> dict[str, float]:
    engine = engine or args.engine
    view, counties, actual = province_view(people, args.households)
    files = sorted(str(p) for p in view.glob("*/*.parquet"))
    output = DATA / f"out-{people}-{engine}"
    shutil.rmtree(output, ignore_errors=True)
    bare = measure([sys.executable, "-c", BARE_READ, *files])
    command = [sys.executable, "-m", "fanpin", "province", str(view), "-o", str(output)]
    command += ["--year", YEAR, "--as-of", AS_OF, "-q"]
    if engine == "dask":
        command += ["--engine", "dask"] + (["--workers", str(args.workers)] if args.workers else [])
    run = measure(command)
    total = json.loads((output / "summary.json").read_text(encoding="utf-8"))["total"]
    if total["people"] != actual or total["counties_failed"]:
        raise SystemExit(f"the run processed {total['people']:,} of {actual:,} people")
    if not (args.keep_output or keep):
        shutil.rmtree(output)
    shutil.rmtree(view)
    row = {
        "people": actual,
        "counties": counties,
        "households": total["households"],
        "seconds": run.seconds,
        "cpu": run.cpu,
        "per_million": run.seconds / (actual / 1e6),
        "cpu_per_million": run.cpu / (actual / 1e6),
        "bare_read": bare.seconds,
        "ratio": run.seconds / bare.seconds,
        "peak_mb": run.peak_mb,
        "tree_mb": run.tree_mb if run.tree_mb is not None else float("nan"),
    }
    print(
        f"{actual:>12,} {counties:>8} {run.seconds:>8.1f} {row['per_million']:>8.1f} "
        f"{run.cpu:>8.1f} {row['cpu_per_million']:>8.1f} {bare.seconds:>8.1f} "
        f"{row['ratio']:>6.1f} {run.peak_mb:>8.0f} {row['tree_mb']:>8.0f} "
        f"{os.getloadavg()[0]:>5.1f}",
        flush=True,
    )
    return row


def compare_engines(people: int, args: argparse.Namespace) -> int:
    """The same province through both engines: their figures, then whether the households
    and issues tables (sorted) and the totals are identical."""
    import pandas as pd

    runs = {engine: run_size(people, args, engine, keep=True) for engine in ("pandas", "dask")}
    outputs = {engine: DATA / f"out-{people}-{engine}" for engine in runs}
    same = True
    for table, keys in (
        ("households", ["partition", "household_id"]),
        ("issues", ["partition", "sheet", "row", "code", "field"]),
    ):
        frames = {}
        for engine, output in outputs.items():
            frame = pd.read_parquet(output / table)
            frame["partition"] = frame["partition"].astype(str)
            frames[engine] = frame.sort_values(keys, kind="stable").reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(frames["pandas"], frames["dask"])
            print(f"{table}: {len(frames['pandas']):,} rows, identical")
        except AssertionError as difference:
            same = False
            print(f"{table}: DIFFERENT\n{difference}")
    totals = {
        engine: json.loads((output / "summary.json").read_text(encoding="utf-8"))["total"]
        for engine, output in outputs.items()
    }
    if totals["pandas"] == totals["dask"]:
        print("summary totals: identical")
    else:
        same = False
        print("summary totals: DIFFERENT")
    workers = args.workers or os.cpu_count()
    print(
        f"dask engine on a local cluster of {workers} worker processes: "
        f"{runs['dask']['seconds']:.1f} s wall, {runs['dask']['cpu']:.1f} CPU s (the command "
        f"and the worker processes it reaped); pandas engine "
        f"{runs['pandas']['seconds']:.1f} s — results {'identical' if same else 'DIFFER'}"
    )
    if not args.keep_output:
        for output in outputs.values():
            shutil.rmtree(output)
    return 0 if same else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--people",
        default="1000000,3000000",
        help="comma-separated province sizes in people [default: 1000000,3000000]",
    )
    parser.add_argument(
        "--full", action="store_true", help=f"also the {FULL_PEOPLE:,}-people province"
    )
    parser.add_argument("--engine", choices=("pandas", "dask"), default="pandas")
    parser.add_argument("--workers", type=int, default=None, help="local Dask workers")
    parser.add_argument(
        "--households",
        type=int,
        default=HOUSEHOLDS_PER_COUNTY,
        help="households per county [default: %(default)s]",
    )
    parser.add_argument("--keep-output", action="store_true", help="keep the results folders")
    parser.add_argument(
        "--compare-engines",
        action="store_true",
        help="run the largest size with the pandas engine and on a local Dask cluster "
        "(--workers processes) and compare the two outputs",
    )
    args = parser.parse_args()
    sizes = sorted(
        {int(p) for p in args.people.split(",")} | ({FULL_PEOPLE} if args.full else set())
    )

    import fanpin

    needed = math.ceil(max(sizes) / (args.households * 3.1)) + 1
    print(f"input: {needed} counties cached in {counties_cache(args.households)}")
    ensure_counties(needed, args.households)
    print(
        f"fanpin {fanpin.__version__} · python {sys.version.split()[0]} · {os.cpu_count()} CPUs · "
        f"engine {args.engine}{f' ({args.workers} workers)' if args.workers else ''} · "
        f"{args.households:,} households per county"
    )
    print(
        f"{'people':>12} {'counties':>8} {'wall s':>8} {'s/M':>8} {'CPU s':>8} {'CPU s/M':>8} "
        f"{'bare rd':>8} {'ratio':>6} {'peak MB':>8} {'tree MB':>8} {'load':>5}"
    )
    if args.compare_engines:
        return compare_engines(sizes[-1], args)
    rows = [run_size(size, args) for size in sizes]
    first, last = rows[0], rows[-1]
    # CPU time judges linearity: on a shared machine wall time also measures the neighbours.
    growth = last["cpu_per_million"] / first["cpu_per_million"]
    wall_growth = last["per_million"] / first["per_million"]
    peak = max(max(r["peak_mb"], 0 if math.isnan(r["tree_mb"]) else r["tree_mb"]) for r in rows)
    linear = abs(growth - 1) <= LINEAR_TOLERANCE
    within = peak <= MEMORY_TARGET_MB
    print()
    print(
        f"time: {last['people'] / first['people']:.1f}× the people took "
        f"{last['cpu'] / first['cpu']:.2f}× the CPU time "
        f"({last['seconds'] / first['seconds']:.2f}× the wall time); "
        f"CPU seconds per million people {first['cpu_per_million']:.1f} → "
        f"{last['cpu_per_million']:.1f} ({growth:.2f}×), wall {first['per_million']:.1f} → "
        f"{last['per_million']:.1f} ({wall_growth:.2f}×) — "
        f"{'linear' if linear else 'NOT linear'} (target: CPU s/M within ±{LINEAR_TOLERANCE:.0%})"
    )
    print(
        f"memory: peak {peak:,.0f} MB (target ≤ {MEMORY_TARGET_MB:,} MB) — "
        f"{'met' if within else 'MISSED'}"
    )
    slowest = max(r["cpu_per_million"] for r in rows)
    print(
        f"speed: at most {slowest:.1f} CPU s per million people over the sizes run "
        f"(target ≤ {CPU_TARGET:.0f}) — {'met' if slowest <= CPU_TARGET else 'MISSED'}"
    )
    if FULL_PEOPLE not in sizes:
        estimate = last["per_million"] * FULL_PEOPLE / 1e6
        print(
            f"extrapolated: {FULL_PEOPLE:,} people ≈ {estimate / 60:.1f} min at "
            f"{last['per_million']:.1f} s per million (run with --full to measure)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
