"""Benchmark: fanpin's read + validate against bare pandas reads of the same roster.

    .venv/bin/python benchmarks/read_validate.py [--households 100000] [--skip-openpyxl]
        [--layouts national,tidy]

Generates a Zixing-like county (``fanpin.samples.roster``) of N households into
benchmarks/data/ (kept between runs, git-ignored) as .xlsx in each layout asked for —
``national``: the national system's export (title rows, header on row 3, its
spellings and value lists, per-type measure columns, unknown columns);
``tidy``: fanpin's own layout, the one fanpin read before issue 14 — and as the GB18030
CSV twin (tidy), then times, each step in a fresh subprocess so every peak memory is
its own:

- xlsx, per layout: bare ``pandas.read_excel(engine="calamine", header=None)``,
  fanpin's ``api.load_roster`` (read + validate) and, unless skipped, bare
  ``pandas.read_excel(engine="openpyxl", header=None)``;
- csv: bare ``pandas.read_csv(dtype=str, encoding="gb18030")`` and ``api.load_roster``.

With both layouts the national export's read + validate is compared with the tidy
layout's, same run, same members. ``--baseline DIR`` also times another fanpin source
tree (e.g. ``git archive main fanpin | tar -x -C DIR``) on the tidy layout, same run.

Per xlsx layout it also times ``fanpin validate``'s stages apart — read, validate
(each cell) and national's quality rules (rules/quality.py) — and prints what the
quality rules add (target ≤ 15 % of read + validate).

Seconds exclude interpreter start-up and imports; peak memory is the subprocess's
``ru_maxrss`` (imports included, shown separately as the baseline; the driver
stays small because a child's ``ru_maxrss`` starts at its parent's size). Target:
fanpin's read + validate ≤ 1.3 × the bare calamine read. No assertions: it prints.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
SEED = 431081
AS_OF = date(2021, 12, 31)
XLSX_TARGET = 1.3
QUALITY_TARGET = 0.15  # the quality rules add at most this share to read + validate
LAYOUTS = ("national", "tidy")


def peak_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def input_paths(households: int, data: Path = DATA, seed: int = SEED) -> dict[str, Path]:
    """The xlsx of each layout and the (tidy) GB18030 CSV twin."""
    stem = f"roster_{households}_{seed}"
    paths = {layout: data / f"{stem}_{layout}.xlsx" for layout in LAYOUTS}
    return {**paths, "csv": data / f"{stem}_tidy.csv"}


def ensure_inputs(households: int, data: Path = DATA, seed: int = SEED) -> dict[str, Path]:
    """The generated roster as .xlsx and GB18030 .csv, made once (in a subprocess) and reused.

    The driver process never imports pandas or holds the data: a child's ``ru_maxrss``
    starts from its parent's resident size at fork, so a fat driver would inflate every
    step's peak.
    """
    paths = input_paths(households, data, seed)
    if all(p.exists() for p in paths.values()):
        return paths
    started = time.perf_counter()
    print(f"generating {households:,} households (seed {seed}) into {data} …", flush=True)
    script = Path(__file__).resolve()
    subprocess.run(
        [sys.executable, str(script), "--generate", "--households", str(households),
         "--seed", str(seed), "--data", str(data)],
        check=True,
    )  # fmt: skip
    print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return paths


def generate(households: int, data: Path, seed: int) -> None:
    """Write the roster files (atomically: a killed run leaves no half file)."""
    from fanpin.samples import roster as sample

    data.mkdir(parents=True, exist_ok=True)
    paths = input_paths(households, data, seed)
    members = sample.generate_members(households, seed)
    writers = {
        "national": sample.write_export_xlsx,
        "tidy": sample.write_tidy_xlsx,
        "csv": sample.write_gbk_csv,
    }
    for kind, writer in writers.items():
        partial = paths[kind].with_name(paths[kind].name + ".part")
        writer(members, partial)
        partial.replace(paths[kind])


# -- steps, each run alone in a subprocess -----------------------------------------------


def _calamine(path: Path) -> dict[str, Any]:
    import pandas as pd

    frame = pd.read_excel(path, engine="calamine", header=None)
    return {"rows": len(frame)}


def _openpyxl(path: Path) -> dict[str, Any]:
    import pandas as pd

    frame = pd.read_excel(path, engine="openpyxl", header=None)
    return {"rows": len(frame)}


def _read_csv(path: Path) -> dict[str, Any]:
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, encoding="gb18030")
    return {"rows": len(frame)}


def _fanpin(path: Path) -> dict[str, Any]:
    from fanpin import api

    validated = api.load_roster(path, as_of=AS_OF)
    severity = validated.issues["severity"]
    return {
        "rows": len(validated.members),
        "errors": int(severity.eq("error").sum()),
        "warnings": int(severity.eq("warning").sum()),
    }


def _quality(path: Path) -> dict[str, Any]:
    """``fanpin validate``'s stages timed apart: read, validate (each cell), quality rules."""
    from fanpin.io.read import read_roster
    from fanpin.io.validate import validate_table
    from fanpin.rules.profiles import load_profile
    from fanpin.rules.quality import check_quality

    profile = load_profile("national")
    started = time.perf_counter()
    table = read_roster(path)
    read = time.perf_counter()
    validated = validate_table(table, as_of=AS_OF)
    checked = time.perf_counter()
    found = check_quality(validated, profile, AS_OF)
    done = time.perf_counter()
    return {
        "rows": len(validated.members),
        "read_seconds": read - started,
        "validate_seconds": checked - read,
        "quality_seconds": done - checked,
        "quality_issues": len(found),
    }


STEPS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "calamine": _calamine,
    "openpyxl": _openpyxl,
    "read_csv": _read_csv,
    "fanpin": _fanpin,
    "quality": _quality,
}
IMPORTS = {
    "calamine": ("pandas", "python_calamine"),
    "openpyxl": ("pandas", "openpyxl"),
    "read_csv": ("pandas",),
    "fanpin": ("fanpin.api",),
    "quality": ("fanpin.api",),
}


def run_step(step: str, path: Path) -> dict[str, Any]:
    """Inside the subprocess: import, note the baseline, time the step, report as JSON."""
    for module in IMPORTS[step]:  # imported before the clock starts
        importlib.import_module(module)
    baseline = peak_mb()
    started = time.perf_counter()
    details = STEPS[step](path)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb(), "baseline_mb": baseline, **details}


def measure(
    script: Path, step: str, path: Path, *extra: str, baseline: Path | None = None
) -> dict[str, Any]:
    """Run one step of ``script`` in a fresh interpreter and return what it reports.

    With ``baseline``, the fanpin imported is that source tree's (nothing written there).
    """
    env = None
    if baseline is not None:
        env = {**os.environ, "PYTHONPATH": str(baseline), "PYTHONDONTWRITEBYTECODE": "1"}
    completed = subprocess.run(
        [sys.executable, str(script), "--step", step, "--path", str(path), *extra],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if completed.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{completed.stderr}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def environment() -> str:
    from importlib.metadata import version

    return (
        f"python {platform.python_version()}, pandas {version('pandas')}, "
        f"numpy {version('numpy')}, python-calamine {version('python-calamine')}, "
        f"{platform.machine()} × {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )


def row(label: str, result: dict[str, Any], reference: dict[str, Any] | None) -> str:
    ratio = f"{result['seconds'] / reference['seconds']:5.2f} ×" if reference else "      "
    memory = f"{result['peak_mb']:8.0f} MB (imports {result['baseline_mb']:4.0f} MB)"
    return f"  {label:<50} {result['seconds']:8.2f} s  {ratio}  {memory}"


def quality_line(result: dict[str, Any]) -> str:
    """The quality rules' share of ``fanpin validate`` (read + validate each cell)."""
    base = result["read_seconds"] + result["validate_seconds"]
    share = result["quality_seconds"] / base
    verdict = "met" if share <= QUALITY_TARGET else "NOT met"
    return (
        f"  national's quality rules: {result['quality_seconds']:.2f} s after "
        f"{result['read_seconds']:.2f} s read + {result['validate_seconds']:.2f} s validate = "
        f"+{share:.1%} (target ≤ {QUALITY_TARGET:.0%}: {verdict}; "
        f"{result['quality_seconds'] / result['validate_seconds']:.0%} of validate alone); "
        f"{result['quality_issues']} issues"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the slow openpyxl read")
    parser.add_argument("--data", type=Path, default=DATA, help="cache folder for inputs")
    parser.add_argument(
        "--layouts", default="national,tidy", help="xlsx layouts to time: national, tidy or both"
    )
    parser.add_argument(
        "--baseline", type=Path, help="another fanpin source tree to time on the tidy layout"
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.path)))
        return
    if args.generate:
        generate(args.households, args.data, args.seed)
        return

    layouts = [layout for layout in args.layouts.split(",") if layout]
    unknown = set(layouts) - set(LAYOUTS)
    if unknown:
        parser.error(f"unknown layout {', '.join(sorted(unknown))}; use {', '.join(LAYOUTS)}")
    paths = ensure_inputs(args.households, args.data, args.seed)
    script = Path(__file__).resolve()
    print(f"read + validate benchmark: {environment()}")
    for kind, path in paths.items():
        print(f"  {kind}: {path.name} {path.stat().st_size / 1e6:.1f} MB")

    timed: dict[str, dict[str, Any]] = {}
    for layout in layouts:
        calamine = measure(script, "calamine", paths[layout])
        fanpin_xlsx = measure(script, "fanpin", paths[layout])
        openpyxl = None if args.skip_openpyxl else measure(script, "openpyxl", paths[layout])
        timed[layout] = fanpin_xlsx
        print(
            f"\nxlsx, {layout} layout, {fanpin_xlsx['rows']:,} member rows "
            f"({args.households:,} households)"
        )
        print(row('pandas.read_excel(engine="calamine", header=None)', calamine, None))
        print(row("fanpin api.load_roster (read + validate)", fanpin_xlsx, calamine))
        if openpyxl is not None:
            print(row('pandas.read_excel(engine="openpyxl", header=None)', openpyxl, calamine))
            faster = openpyxl["seconds"] / fanpin_xlsx["seconds"]
            print(f"  fanpin read + validate is {faster:.1f} × faster than the openpyxl read")
        ratio = fanpin_xlsx["seconds"] / calamine["seconds"]
        verdict = "met" if ratio <= XLSX_TARGET else "NOT met"
        print(
            f"  read + validate / bare calamine = {ratio:.2f} × "
            f"(target ≤ {XLSX_TARGET} ×: {verdict}); issues: {fanpin_xlsx['errors']} errors / "
            f"{fanpin_xlsx['warnings']} warnings"
        )
        print(quality_line(measure(script, "quality", paths[layout])))
    if args.baseline is not None:
        base = measure(script, "fanpin", paths["tidy"], baseline=args.baseline)
        print(f"\nbaseline {args.baseline} on the tidy layout")
        print(row("baseline api.load_roster (read + validate)", base, timed.get("tidy")))
        print(f"  issues: {base['errors']} errors / {base['warnings']} warnings")
    if {"national", "tidy"} <= set(timed):
        national, tidy = timed["national"], timed["tidy"]
        print(
            f"\nnational export / tidy layout, read + validate: "
            f"{national['seconds'] / tidy['seconds']:.2f} × the time "
            f"({national['seconds']:.2f} s against {tidy['seconds']:.2f} s), "
            f"peak {national['peak_mb']:.0f} MB against {tidy['peak_mb']:.0f} MB"
        )

    read_csv = measure(script, "read_csv", paths["csv"])
    fanpin_csv = measure(script, "fanpin", paths["csv"])
    print(f"\ncsv (GB18030, tidy layout), {fanpin_csv['rows']:,} member rows")
    print(row('pandas.read_csv(dtype=str, encoding="gb18030")', read_csv, None))
    print(row("fanpin api.load_roster (read + validate)", fanpin_csv, read_csv))
    print(f"  issues: {fanpin_csv['errors']} errors / {fanpin_csv['warnings']} warnings")


if __name__ == "__main__":
    main()
