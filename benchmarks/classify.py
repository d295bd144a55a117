"""Benchmark: `classify` end to end to JSON against a bare calamine read of the same file.

    .venv/bin/python benchmarks/classify.py [--households 100000] [--profile zixing] [--all]
        [--layouts national,tidy]

Uses the generated rosters of read_validate.py (benchmarks/data/, made once): the
national system's export layout and fanpin's own tidy layout of the same members;
the steps below run for each layout asked for, and the national one is compared with
the tidy one, same run. Each step runs in a fresh subprocess so its peak memory is
its own:

- bare ``pandas.read_excel(engine="calamine", header=None)`` of the xlsx;
- ``api.classify`` + ``Classification.to_dict`` + ``outputs.json_text`` (what
  ``fanpin classify --format json`` does), with the time of each part;
- the rules alone: ``rules.assess`` + ``measures.assign_measures`` +
  ``elimination.assess_elimination`` on households already built (read, validation
  and ``roster.build_households`` happen before the clock starts).

- the county CSV end to end as a user runs it: ``python -m fanpin classify
  roster.csv --format json`` against ``python -c "pandas.read_csv(...)"``, both
  whole processes (interpreter start included).

Targets: end to end ≤ 1.4 × the bare calamine read; the rules under 1 s for
300,000 people; the CSV command under 3 × the bare read_csv process. No
assertions: it prints.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from read_validate import (  # noqa: E402 - the sibling script, found through sys.path
    DATA,
    LAYOUTS,
    SEED,
    ensure_inputs,
    environment,
    measure,
    peak_mb,
    row,
)

AS_OF = date(2021, 12, 31)
YEAR = 2021
END_TO_END_TARGET = 1.4
RULES_TARGET_SECONDS = 1.0
RULES_TARGET_PEOPLE = 300_000
CSV_TARGET = 3.0


def _process_seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def csv_end_to_end(csv_path: Path, profile: str, output: Path) -> None:
    """Whole processes, as a user or cron runs them: fanpin's command against a bare read."""
    bare = _process_seconds(
        [
            sys.executable,
            "-c",
            f"import pandas; pandas.read_csv({str(csv_path)!r}, dtype=str, encoding='gb18030')",
        ]
    )
    command = [sys.executable, "-m", "fanpin", "classify", str(csv_path), "--profile", profile]
    command += ["--year", str(YEAR), "--as-of", AS_OF.isoformat(), "--format", "json"]
    fanpin = _process_seconds([*command, "-o", str(output), "--quiet"])
    ratio = fanpin / bare
    verdict = "met" if ratio < CSV_TARGET else "NOT met"
    print(f"\ncounty CSV end to end (whole processes): {csv_path.name}")
    print(f"  python -c 'pandas.read_csv(dtype=str, encoding=gb18030)'  {bare:7.2f} s")
    print(f"  python -m fanpin classify --format json                   {fanpin:7.2f} s")
    print(f"  command / bare read_csv process = {ratio:.2f} × (target < {CSV_TARGET} ×: {verdict})")


def _calamine(path: Path, options: argparse.Namespace) -> dict[str, Any]:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_excel(path, engine="calamine", header=None)
    return {"seconds": time.perf_counter() - started, "rows": len(frame)}


def _classify(path: Path, options: argparse.Namespace) -> dict[str, Any]:
    from fanpin import api
    from fanpin.outputs.write import json_text

    started = time.perf_counter()
    result = api.classify(path, profile=options.profile, year=YEAR, as_of=AS_OF)
    classified = time.perf_counter()
    data = result.to_dict(everyone=options.all)
    converted = time.perf_counter()
    text = json_text(data)
    finished = time.perf_counter()
    return {
        "seconds": finished - started,
        "classify_s": classified - started,
        "to_dict_s": converted - classified,
        "dumps_s": finished - converted,
        "households": len(result.households),
        "listed": len(data["households"]),
        "people": int(result.households["size"].sum()),
        "json_mb": len(text.encode()) / 1e6,
    }


def _rules(path: Path, options: argparse.Namespace) -> dict[str, Any]:
    from fanpin import api
    from fanpin.pipeline import cyclic_gc_paused
    from fanpin.rules.assess import Parameters, assess
    from fanpin.rules.elimination import assess_elimination
    from fanpin.rules.households import build_households
    from fanpin.rules.measures import assign_measures
    from fanpin.rules.profiles import load_profile

    profile = load_profile(options.profile)
    parameters = Parameters(profile, YEAR, AS_OF)
    validated = api.load_roster(path, as_of=AS_OF)
    households = build_households(validated, AS_OF)
    values = parameters.expression_parameters()
    catalogue = profile.catalogue
    before = peak_mb()

    # as api.classify_table runs them: with the cycle collector paused
    with cyclic_gc_paused():
        started = time.perf_counter()
        assessed = assess(households, validated.issues, parameters)
        assessed_at = time.perf_counter()
        measured = assign_measures(assessed, catalogue, values)
        measured_at = time.perf_counter()
        final = assess_elimination(measured, parameters)
        finished = time.perf_counter()
    return {
        "seconds": finished - started,
        "assess_s": assessed_at - started,
        "measures_s": measured_at - assessed_at,
        "elimination_s": finished - measured_at,
        "households": len(final),
        "people": int(final["size"].sum()),
        "before_mb": before,
    }


STEPS: dict[str, Callable[[Path, argparse.Namespace], dict[str, Any]]] = {
    "calamine": _calamine,
    "classify": _classify,
    "rules": _rules,
}
IMPORTS = {
    "calamine": ("pandas", "python_calamine"),
    "classify": ("fanpin.api",),
    "rules": ("fanpin.api",),
}


def run_step(step: str, path: Path, options: argparse.Namespace) -> dict[str, Any]:
    for module in IMPORTS[step]:  # imported before the clock starts
        importlib.import_module(module)
    baseline = peak_mb()
    result = STEPS[step](path, options)
    return {**result, "peak_mb": peak_mb(), "baseline_mb": baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", default="zixing", help="built-in profile name or path")
    parser.add_argument("--all", action="store_true", help="list every household in the JSON")
    parser.add_argument("--data", type=Path, default=DATA, help="cache folder for inputs")
    parser.add_argument(
        "--layouts", default="national,tidy", help="xlsx layouts to time: national, tidy or both"
    )
    parser.add_argument(
        "--baseline", type=Path, help="another fanpin source tree to time on the tidy layout"
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.path, args)))
        return

    layouts = [layout for layout in args.layouts.split(",") if layout]
    unknown = set(layouts) - set(LAYOUTS)
    if unknown:
        parser.error(f"unknown layout {', '.join(sorted(unknown))}; use {', '.join(LAYOUTS)}")
    inputs = ensure_inputs(args.households, args.data, args.seed)
    script = Path(__file__).resolve()
    extra = ["--profile", args.profile, *(["--all"] if args.all else [])]
    print(f"classify benchmark: {environment()}, profile {args.profile}")
    timed: dict[str, dict[str, Any]] = {}
    for layout in layouts:
        timed[layout] = layout_run(script, layout, inputs[layout], extra)
    if args.baseline is not None:
        base = measure(script, "classify", inputs["tidy"], *extra, baseline=args.baseline)
        print(f"\nbaseline {args.baseline} on the tidy layout")
        print(row("baseline classify → to_dict → json_text", base, timed.get("tidy")))
    if {"national", "tidy"} <= set(timed):
        national, tidy = timed["national"], timed["tidy"]
        print(
            f"\nnational export / tidy layout: classify end to end "
            f"{national['seconds'] / tidy['seconds']:.2f} × the time "
            f"({national['seconds']:.2f} s against {tidy['seconds']:.2f} s), "
            f"peak {national['peak_mb']:.0f} MB against {tidy['peak_mb']:.0f} MB"
        )
    csv_end_to_end(inputs["csv"], args.profile, args.data / "classified_csv.json")


def layout_run(script: Path, layout: str, path: Path, extra: list[str]) -> dict[str, Any]:
    """The three steps on one layout's xlsx, printed; the end-to-end figures returned."""
    print(f"\n{layout} layout: {path.name} {path.stat().st_size / 1e6:.1f} MB")
    calamine = measure(script, "calamine", path, *extra)
    classify = measure(script, "classify", path, *extra)
    rules = measure(script, "rules", path, *extra)

    print(
        f"end to end, {classify['households']:,} households, {classify['people']:,} people "
        f"({classify['listed']:,} listed, JSON {classify['json_mb']:.1f} MB)"
    )
    print(row('pandas.read_excel(engine="calamine", header=None)', calamine, None))
    print(row("fanpin classify → to_dict → json_text", classify, calamine))
    print(
        f"    api.classify {classify['classify_s']:.2f} s, to_dict {classify['to_dict_s']:.2f} s, "
        f"json_text {classify['dumps_s']:.2f} s"
    )
    ratio = classify["seconds"] / calamine["seconds"]
    verdict = "met" if ratio <= END_TO_END_TARGET else "NOT met"
    print(f"classify / bare calamine = {ratio:.2f} × (target ≤ {END_TO_END_TARGET} ×: {verdict})")

    print(f"rules alone, {rules['households']:,} households, {rules['people']:,} people")
    print(
        f"  assess {rules['assess_s']:.2f} s + measures {rules['measures_s']:.2f} s + "
        f"elimination {rules['elimination_s']:.2f} s = {rules['seconds']:.2f} s; "
        f"peak {rules['peak_mb']:.0f} MB (households built: {rules['before_mb']:.0f} MB)"
    )
    per_target = rules["seconds"] * RULES_TARGET_PEOPLE / rules["people"]
    verdict = "met" if per_target < RULES_TARGET_SECONDS else "NOT met"
    print(
        f"  scaled to {RULES_TARGET_PEOPLE:,} people: {per_target:.2f} s "
        f"(target < {RULES_TARGET_SECONDS:.0f} s: {verdict})"
    )
    return classify


if __name__ == "__main__":
    main()
