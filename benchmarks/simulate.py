"""Benchmark: `simulate` (one read, the rules twice, the comparison) against one `classify`.

    .venv/bin/python benchmarks/simulate.py [--households 100000] [--profile zixing]
                                            [--line 2021=7000] [--repeat 1]

Uses the generated roster of read_validate.py (``fanpin.samples.roster``, cached in
benchmarks/data/, made once). Each step runs in a fresh subprocess, so its peak memory
is its own; seconds exclude interpreter start-up and imports:

- ``api.classify`` of the xlsx (the reference: one read, validation, the rules once);
- ``api.simulate`` of the same file with the line raised (one read and validation,
  the rules under both parameter sets, the household-by-household comparison), and
  then ``to_dict`` + ``outputs.json_text`` (what ``fanpin simulate --format json``
  adds), timed apart.

Target: ``api.simulate`` ≤ 1.3 × ``api.classify``. With ``--repeat N`` each step runs N
times and the fastest run counts (the machine is shared). No assertions: it prints.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from read_validate import (  # noqa: E402 - the sibling script, found through sys.path
    DATA,
    SEED,
    ensure_inputs,
    environment,
    measure,
    peak_mb,
    row,
)

AS_OF = date(2021, 12, 31)
YEAR = 2021
TARGET = 1.3


def _lines(text: str) -> dict[int, float]:
    year, _, value = text.partition("=")
    return {int(year): float(value)}


def _classify(path: Path, options: argparse.Namespace) -> dict[str, Any]:
    from fanpin import api

    started = time.perf_counter()
    result = api.classify(path, profile=options.profile, year=YEAR, as_of=AS_OF)
    return {
        "seconds": time.perf_counter() - started,
        "households": len(result.households),
        "people": int(result.households["size"].sum()),
    }


def _simulate(path: Path, options: argparse.Namespace) -> dict[str, Any]:
    from fanpin import api
    from fanpin.outputs.write import json_text

    started = time.perf_counter()
    result = api.simulate(
        path, profile=options.profile, lines=_lines(options.line), year=YEAR, as_of=AS_OF
    )
    simulated = time.perf_counter()
    text = json_text(result.to_dict())
    finished = time.perf_counter()
    summary = result.summary
    return {
        "seconds": simulated - started,
        "json_s": finished - simulated,
        "households": summary["households"],
        "changed": summary["changed"]["households"],
        "entering": summary["entering"]["households"],
        "leaving": summary["leaving"]["households"],
        "boundary": summary["boundary"],
        "json_mb": len(text.encode()) / 1e6,
    }


STEPS: dict[str, Callable[[Path, argparse.Namespace], dict[str, Any]]] = {
    "classify": _classify,
    "simulate": _simulate,
}


def run_step(step: str, path: Path, options: argparse.Namespace) -> dict[str, Any]:
    importlib.import_module("fanpin.api")  # imported before the clock starts
    baseline = peak_mb()
    result = STEPS[step](path, options)
    return {**result, "peak_mb": peak_mb(), "baseline_mb": baseline}


def fastest(script: Path, step: str, path: Path, extra: list[str], repeat: int) -> dict[str, Any]:
    runs = [measure(script, step, path, *extra) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", default="zixing", help="built-in profile name or path")
    parser.add_argument("--line", default="2021=7000", help="the new line, YEAR=VALUE")
    parser.add_argument("--repeat", type=int, default=1, help="runs per step; the fastest counts")
    parser.add_argument("--data", type=Path, default=DATA, help="cache folder for inputs")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.path, args)))
        return

    path = ensure_inputs(args.households, args.data, args.seed)["xlsx"]
    script = Path(__file__).resolve()
    extra = ["--profile", args.profile, "--line", args.line]
    print(f"simulate benchmark: {environment()}")
    print(f"  {path.name} {path.stat().st_size / 1e6:.1f} MB, profile {args.profile}, "
          f"year {YEAR} line → {args.line}")  # fmt: skip

    classify = fastest(script, "classify", path, extra, args.repeat)
    simulate = fastest(script, "simulate", path, extra, args.repeat)

    print(f"\n{classify['households']:,} households, {classify['people']:,} people")
    print(row("api.classify (read, validate, rules once)", classify, None))
    print(row("api.simulate (read, validate, rules twice, compare)", simulate, classify))
    print(
        f"    then to_dict + json_text {simulate['json_s']:.2f} s "
        f"(JSON {simulate['json_mb']:.1f} MB): {simulate['changed']:,} households change "
        f"({simulate['entering']:,} entering, {simulate['leaving']:,} leaving), "
        f"{simulate['boundary']:,} near the new line"
    )
    ratio = simulate["seconds"] / classify["seconds"]
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"simulate / classify = {ratio:.2f} × (target ≤ {TARGET} ×: {verdict})")


if __name__ == "__main__":
    main()
