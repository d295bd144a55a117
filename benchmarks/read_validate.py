"""Benchmark: fanpin's read + validate against bare pandas reads of the same roster.

    .venv/bin/python benchmarks/read_validate.py [--households 100000] [--skip-openpyxl]

Generates a Zixing-like export (``fanpin.samples.roster``) of N households as .xlsx and as
its GB18030 CSV twin into benchmarks/data/ (kept between runs, git-ignored), then
times, each step in a fresh subprocess so every peak memory is its own:

- xlsx: bare ``pandas.read_excel(engine="calamine", header=None)``, fanpin's
  ``api.load_roster`` (read + validate) and, unless skipped, bare
  ``pandas.read_excel(engine="openpyxl", header=None)``;
- csv: bare ``pandas.read_csv(dtype=str, encoding="gb18030")`` and ``api.load_roster``.

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


def peak_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def input_paths(households: int, data: Path = DATA, seed: int = SEED) -> dict[str, Path]:
    stem = data / f"roster_{households}_{seed}"
    return {"xlsx": stem.with_suffix(".xlsx"), "csv": stem.with_suffix(".csv")}


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
    for kind, writer in (("xlsx", sample.write_export_xlsx), ("csv", sample.write_gbk_csv)):
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


STEPS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "calamine": _calamine,
    "openpyxl": _openpyxl,
    "read_csv": _read_csv,
    "fanpin": _fanpin,
}
IMPORTS = {
    "calamine": ("pandas", "python_calamine"),
    "openpyxl": ("pandas", "openpyxl"),
    "read_csv": ("pandas",),
    "fanpin": ("fanpin.api",),
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


def measure(script: Path, step: str, path: Path, *extra: str) -> dict[str, Any]:
    """Run one step of ``script`` in a fresh interpreter and return what it reports."""
    completed = subprocess.run(
        [sys.executable, str(script), "--step", step, "--path", str(path), *extra],
        capture_output=True,
        text=True,
        check=False,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the slow openpyxl read")
    parser.add_argument("--data", type=Path, default=DATA, help="cache folder for inputs")
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

    paths = ensure_inputs(args.households, args.data, args.seed)
    script = Path(__file__).resolve()
    print(f"read + validate benchmark: {environment()}")
    for kind, path in paths.items():
        print(f"  {kind}: {path.name} {path.stat().st_size / 1e6:.1f} MB")

    calamine = measure(script, "calamine", paths["xlsx"])
    fanpin_xlsx = measure(script, "fanpin", paths["xlsx"])
    openpyxl = None if args.skip_openpyxl else measure(script, "openpyxl", paths["xlsx"])
    read_csv = measure(script, "read_csv", paths["csv"])
    fanpin_csv = measure(script, "fanpin", paths["csv"])

    print(f"\nxlsx, {fanpin_xlsx['rows']:,} member rows ({args.households:,} households)")
    print(row('pandas.read_excel(engine="calamine", header=None)', calamine, None))
    print(row("fanpin api.load_roster (read + validate)", fanpin_xlsx, calamine))
    if openpyxl is not None:
        print(row('pandas.read_excel(engine="openpyxl", header=None)', openpyxl, calamine))
    print(f"\ncsv (GB18030), {fanpin_csv['rows']:,} member rows")
    print(row('pandas.read_csv(dtype=str, encoding="gb18030")', read_csv, None))
    print(row("fanpin api.load_roster (read + validate)", fanpin_csv, read_csv))

    ratio = fanpin_xlsx["seconds"] / calamine["seconds"]
    verdict = "met" if ratio <= XLSX_TARGET else "NOT met"
    print(
        f"\nread + validate / bare calamine = {ratio:.2f} × (target ≤ {XLSX_TARGET} ×: {verdict})"
    )
    if openpyxl is not None:
        faster = openpyxl["seconds"] / fanpin_xlsx["seconds"]
        print(f"fanpin read + validate is {faster:.1f} × faster than the openpyxl read")
    print(
        f"issues found: xlsx {fanpin_xlsx['errors']} errors / {fanpin_xlsx['warnings']} "
        f"warnings; csv {fanpin_csv['errors']} errors / {fanpin_csv['warnings']} warnings"
    )


if __name__ == "__main__":
    main()
