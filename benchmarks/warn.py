"""Benchmark: `fanpin warn` over 12 monthly archived snapshots of a county.

    .venv/bin/python benchmarks/warn.py [--households 100000] [--months 12] [--repeat 1]

Makes, once (cached in benchmarks/data/warn_N_SEED/): the generated county of
``fanpin.samples.roster`` (the roster of read_validate.py), classified once in memory
with ``zixing`` (year 2021), then 12 monthly snapshots as ``fanpin report`` archives
them (``snapshot_tables`` + ``write_snapshot``), each month changed from the last by
deterministic rules — incomes drift ±3 % and 1 % of households lose a third, 0.3 %
of members fall ill, 1 % of workers stop, 0.2 % lose their labour, 0.2 % of households
lose a member, 0.1 % start 低保, 0.1 % leave the roster and 0.1 % join it, and every
other month a tenth of the 户编号 are written as 4310….0 (a number the export turned into
a float). Prints the size of one snapshot file and the time to write it.

Then times, each in a fresh subprocess (seconds exclude start-up and imports; peak
memory is the subprocess's ``ru_maxrss``):

- reading the 12 snapshots (``io.snapshots.read_archived``), the reference;
- ``api.warn`` over the 12 files (read, stack, every rule against every month),
  and ``to_dict`` + ``json_text`` (what ``--format json`` adds), timed apart.

No assertions: it prints, with the time per million household-snapshots (the work
is linear in households × snapshots).
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from read_validate import DATA, SEED, environment, measure, peak_mb  # noqa: E402

AS_OF = date(2021, 12, 31)
YEAR = 2021
PROFILE = "zixing"


def folder_for(households: int, months: int, data: Path, seed: int) -> Path:
    return data / f"warn_{households}_{months}_{seed}"


def month_ends(months: int) -> list[date]:
    """The last day of each of ``months`` months ending in December 2021."""
    ends = []
    for offset in range(months):
        index = 2021 * 12 + 11 - (months - 1 - offset)  # zero-based month index
        year, month = divmod(index, 12)
        following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
    return ends


def make(households: int, months: int, data: Path, seed: int) -> dict[str, Any]:
    """Classify the generated county once and write ``months`` changed snapshots."""
    import numpy as np
    import pandas as pd

    from fanpin.campaigns.warn import snapshot_tables
    from fanpin.io.snapshots import write_snapshot
    from fanpin.samples import roster as sample
    from fanpin.scale import classify_frame

    folder = folder_for(households, months, data, seed)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    classified = classify_frame(
        sample.generate_members(households, seed), profile=PROFILE, year=YEAR, as_of=AS_OF
    )
    frame, members = snapshot_tables(classified)
    del classified
    made = time.perf_counter() - started
    rng = np.random.default_rng(seed)
    next_id = 9_000_000_000_000_000
    written: list[float] = []
    sizes: list[int] = []
    for position, end in enumerate(month_ends(months)):
        if position:
            frame, members, next_id = _next_month(frame, members, rng, next_id)
        shown = frame
        if position % 2:  # a tenth of the numbers as the float an export made of them
            shown = frame.copy()
            chosen = rng.random(len(shown)) < 0.1
            shown.loc[chosen, "household_id"] = shown.loc[chosen, "household_id"] + ".0"
        target = folder / f"{end.isoformat()}_{end:%Y%m%d}T020000000000.snapshot.json.gz"
        clock = time.perf_counter()
        write_snapshot(target, shown, {"as_of": end.isoformat(), "year": YEAR}, members)
        written.append(time.perf_counter() - clock)
        sizes.append(target.stat().st_size)
    return {
        "classify_s": made,
        "write_s": float(np.mean(written)),
        "size_mb": max(sizes) / 1e6,
        "households": len(frame),
        "members": len(members),
        "pandas": pd.__version__,
    }


def _next_month(frame: Any, members: Any, rng: Any, next_id: int) -> tuple[Any, Any, int]:
    """Deterministic month-to-month changes (see the module docstring)."""
    import numpy as np
    import pandas as pd

    frame = frame.copy()
    members = members.copy()
    count = len(frame)
    income = frame["per_capita_income"].to_numpy(dtype=float)
    drift = 1 + rng.uniform(-0.03, 0.03, count)
    drift[rng.random(count) < 0.01] = 0.66
    frame["per_capita_income"] = np.round(income * drift, 2)
    people = len(members)
    ill = rng.random(people) < 0.003
    members.loc[ill, "health"] = np.where(
        rng.random(int(ill.sum())) < 0.5, "长期慢性病", "患有大病"
    )
    working = members["employed"].to_numpy(dtype=bool)
    stop = working & (rng.random(people) < 0.01)
    members.loc[stop, "employed"] = False
    members.loc[stop, "work_months"] = 0
    members.loc[stop, "work_place"] = None
    lost = (rng.random(people) < 0.002) & members["labour_skill"].isin(
        ["技能劳动力", "普通劳动力"]
    ).to_numpy()
    members.loc[lost, "labour_skill"] = "丧失劳动力"
    per_household = members.loc[lost, "household_id"].value_counts()
    frame["labour_count"] = frame["labour_count"] - frame["household_id"].map(per_household).fillna(
        0
    ).astype(int)
    # a member leaves: the last member of 0.2 % of households with more than one
    leaving = frame["household_id"][(rng.random(count) < 0.002) & frame["size"].gt(1).to_numpy()]
    last = members.loc[members["household_id"].isin(leaving)].drop_duplicates(
        "household_id", keep="last"
    )
    members = members.drop(index=last.index)
    chosen = frame["household_id"].isin(leaving).to_numpy()
    size = frame.loc[chosen, "size"].to_numpy()
    frame.loc[chosen, "per_capita_income"] = np.round(
        frame.loc[chosen, "per_capita_income"].to_numpy() * size / (size - 1), 2
    )
    frame.loc[chosen, "size"] = size - 1
    dibao = (rng.random(count) < 0.001) & frame["dibao_count"].eq(0).to_numpy()
    frame.loc[dibao, "dibao_count"] = 1
    # 0.1 % leave the roster, 0.1 % join it (copies under new numbers)
    leave = rng.random(count) < 0.001
    gone = set(frame.loc[leave, "household_id"])
    frame = frame.loc[~leave]
    members = members.loc[~members["household_id"].isin(gone)]
    joining = frame.sample(n=max(1, count // 1000), random_state=int(rng.integers(1 << 31)))
    numbers = [str(next_id + i) for i in range(len(joining))]
    renamed = dict(zip(joining["household_id"], numbers, strict=True))
    new_members = members.loc[members["household_id"].isin(renamed)].copy()
    new_members["household_id"] = new_members["household_id"].map(renamed)
    new_members["person"] = new_members["person"].astype(str) + "n" + str(next_id)
    frame = pd.concat([frame, joining.assign(household_id=numbers)], ignore_index=True)
    members = pd.concat([members, new_members], ignore_index=True)
    return frame.reset_index(drop=True), members.reset_index(drop=True), next_id + len(numbers)


# -- steps, each run alone in a subprocess -----------------------------------------------


def _read(folder: Path) -> dict[str, Any]:
    from fanpin.io.snapshots import read_archived

    files = sorted(folder.glob("*.snapshot.json.gz"))
    households = sum(len(read_archived(path).households) for path in files)
    return {"snapshots": len(files), "household_snapshots": households}


def _warn(folder: Path) -> dict[str, Any]:
    from fanpin import api
    from fanpin.outputs.write import json_text

    files = sorted(folder.glob("*.snapshot.json.gz"))
    started = time.perf_counter()
    result = api.warn(files, profile=PROFILE, year=YEAR, as_of=AS_OF)
    warned = time.perf_counter()
    text = json_text(result.to_dict())
    finished = time.perf_counter()
    summary = result.summary
    return {
        "seconds_warn": warned - started,
        "json_s": finished - warned,
        "json_mb": len(text.encode()) / 1e6,
        "households": summary["households"],
        "findings": summary["findings"],
        "warned": summary["households_with_findings"],
        "by_code": summary["by_code"],
        "changes": summary["roster_changes"],
    }


STEPS = {"read": _read, "warn": _warn}


def run_step(step: str, folder: Path) -> dict[str, Any]:
    importlib.import_module("fanpin.api")  # imported before the clock starts
    baseline = peak_mb()
    started = time.perf_counter()
    details = STEPS[step](folder)
    seconds = details.pop("seconds_warn", time.perf_counter() - started)
    return {"seconds": seconds, "peak_mb": peak_mb(), "baseline_mb": baseline, **details}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeat", type=int, default=1, help="runs per step; the fastest counts")
    parser.add_argument("--data", type=Path, default=DATA, help="cache folder for inputs")
    parser.add_argument("--step", choices=sorted([*STEPS, "make"]), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "make":
        print(json.dumps(make(args.households, args.months, args.data, args.seed)))
        return
    if args.step:
        print(json.dumps(run_step(args.step, args.path)))
        return

    script = Path(__file__).resolve()
    folder = folder_for(args.households, args.months, args.data, args.seed)
    print(f"warn benchmark: {environment()}")
    made_file = folder / "made.json"
    if not made_file.exists():
        print(f"making {args.months} monthly snapshots of {args.households:,} households …")
        done = subprocess.run(
            [sys.executable, str(script), "--step", "make", "--households",
             str(args.households), "--months", str(args.months), "--seed", str(args.seed),
             "--data", str(args.data)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        made_file.write_text(done.stdout.strip().splitlines()[-1], encoding="utf-8")
    made = json.loads(made_file.read_text(encoding="utf-8"))
    print(
        f"  one snapshot: {made['households']:,} households, {made['members']:,} members: "
        f"{made['size_mb']:.1f} MB (gzip JSON), written in {made['write_s']:.2f} s "
        f"(the county classified once in {made['classify_s']:.1f} s to make them)"
    )
    runs = {
        step: min(
            (measure(script, step, folder) for _ in range(args.repeat)),
            key=lambda r: r["seconds"],
        )
        for step in ("read", "warn")
    }
    read, warn = runs["read"], runs["warn"]
    cells = read["household_snapshots"] / 1e6
    for label, result in (
        (f"read {read['snapshots']} snapshots (read_archived)", read),
        (f"api.warn over {read['snapshots']} snapshots", warn),
    ):
        print(
            f"  {label:<48} {result['seconds']:7.2f} s  "
            f"{result['seconds'] / cells:6.2f} s per million household-snapshots  "
            f"peak {result['peak_mb']:6.0f} MB (imports {result['baseline_mb']:.0f} MB)"
        )
    print(
        f"    then to_dict + json_text {warn['json_s']:.2f} s (JSON {warn['json_mb']:.1f} MB): "
        f"{warn['findings']:,} warnings in {warn['warned']:,} of {warn['households']:,} "
        f"households; {warn['by_code']}; households in and out {warn['changes']}"
    )
    print(f"  compare (warn − read) {warn['seconds'] - read['seconds']:.2f} s")


if __name__ == "__main__":
    main()
