"""Benchmark: the county commands against the bare read of their roster (issue 18).

    .venv/bin/python benchmarks/report.py [--households 100000] [--stages]
        [--baseline DIR] [--province 1000000] [--dask-workers 2]

Generates (once, cached in benchmarks/data/, git-ignored) a county workspace of N
households in the national-export layout: the roster of read_validate.py
(``fanpin.samples.roster``, the same members and file), the eleven department lists,
the relief-fund ledger and the cases file for those members
(``fanpin.samples.departments/fund/procedure``) and a ``fanpin.toml`` naming them, as
the example workspace does. Then, each step in a fresh subprocess so that every peak
memory (``ru_maxrss``) is its own, times:

- the bare read: ``pandas.read_excel(path, engine="calamine", header=None)``;
- ``fanpin report --county bench`` (the nightly job: roster, lists, ledger, cases,
  the workbook and the snapshot; the archive is emptied first, so every run is a
  first run);
- ``fanpin classify ROSTER -o classified.xlsx``;
- ``fanpin classify ROSTER --format json -o classified.json``;
- ``fanpin validate ROSTER --format json -o validated.json``;

each command run in-process through the CLI (``fanpin.cli.app``), imports excluded
from the clock, and prints each one's ratio to the bare read. Targets: report ≤ 1.5 ×
and peak ≤ 1.2 GB; classify to xlsx ≤ 1.3 ×; classify and validate to JSON ≤ 0.6 ×.

``--stages`` also prints where the time goes inside each command (reading, each
check stage, the rules, each sheet written), measured by wrapping fanpin's stage
functions in the subprocess (timings nest: a stage's time includes the stages under
it). ``--baseline DIR`` runs the same steps with another fanpin source tree (for
instance ``git archive main fanpin | tar -x -C DIR``), same run, for before/after.
``--province PEOPLE`` runs ``benchmarks/province.py`` at that size with both engines
(the Dask engine on a local cluster of ``--dask-workers`` processes) and compares
their outputs. No assertions: it prints.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from read_validate import (  # noqa: E402 - the sibling script, found through sys.path
    DATA,
    SEED,
    ensure_inputs,
    environment,
    peak_mb,
)

YEAR, AS_OF = "2021", "2021-12-31"
PROFILE = "zixing"
REPORT_TARGET = 1.5
REPORT_MEMORY_MB = 1200
XLSX_TARGET = 1.3
JSON_TARGET = 0.6
COUNTY = "bench"


def workspace_path(households: int, data: Path, seed: int) -> Path:
    return data / f"county_{households}_{seed}"


def ensure_workspace(households: int, data: Path, seed: int) -> Path:
    """The county workspace (roster shared with read_validate.py), generated once."""
    roster = ensure_inputs(households, data, seed)["national"]
    folder = workspace_path(households, data, seed)
    if (folder / "fanpin.toml").exists():
        return folder
    started = time.perf_counter()
    print(f"generating the workspace's lists, ledger and cases into {folder} …", flush=True)
    script = Path(__file__).resolve()
    subprocess.run(
        [sys.executable, str(script), "--generate", "--households", str(households),
         "--seed", str(seed), "--data", str(data), "--roster", str(roster)],
        check=True,
    )  # fmt: skip
    print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def generate(households: int, data: Path, seed: int, roster: Path) -> None:
    """Department lists, ledger and cases for the roster's members, then fanpin.toml last
    (its presence marks a complete workspace)."""
    from fanpin.samples import roster as sample
    from fanpin.samples.departments import EXAMPLE_FILES, write_example_departments
    from fanpin.samples.fund import write_example_ledger
    from fanpin.samples.procedure import write_example_cases

    folder = workspace_path(households, data, seed)
    files = folder / "data"
    shutil.rmtree(folder, ignore_errors=True)
    files.mkdir(parents=True)
    members = sample.generate_members(households, seed)
    write_example_departments(files / "dept", members, seed)
    write_example_ledger(files / "fund_ledger.xlsx", members, seed=2021)
    write_example_cases(files / "cases.xlsx", members, seed)
    departments = "\n".join(f'{kind} = "data/dept/{name}"' for kind, name in EXAMPLE_FILES.items())
    config = f"""archive_dir = "archive"

[counties.{COUNTY}]
name = "资兴市"
profile = "{PROFILE}"
roster = "{os.path.relpath(roster, folder)}"
year = {YEAR}
as_of = {AS_OF}
fund_ledger = "data/fund_ledger.xlsx"
cases = "data/cases.xlsx"
output_dir = "reports"
keep_reports = 2

[counties.{COUNTY}.departments]
{departments}
"""
    (folder / "fanpin.toml").write_text(config, encoding="utf-8")


# -- stage timings (--stages): fanpin's own functions wrapped in the subprocess ----------

# (module, attribute, label): every place a stage function is looked up from. Missing
# ones are skipped, so the same list times an older source tree.
TIMED = [
    ("fanpin.api", "read_rosters", "read roster"),
    ("fanpin.pipeline", "validate_table", "validate"),
    ("fanpin.api", "validate_table", "validate"),
    ("fanpin.pipeline", "build_households", "households"),
    ("fanpin.pipeline", "assess", "rules: assess"),
    ("fanpin.pipeline", "assign_measures", "rules: measures"),
    ("fanpin.pipeline", "assess_elimination", "rules: elimination"),
    ("fanpin.pipeline", "assess_escaped_track", "rules: escaped track"),
    ("fanpin.api", "_county_extras", "audit, fund, cases"),
    ("fanpin.api", "audit", "audit (department lists)"),
    ("fanpin.api", "fund", "fund ledger"),
    ("fanpin.api", "procedure", "cases"),
    ("fanpin.api", "latest_readable_snapshot", "previous snapshot"),
    ("fanpin.api", "write_snapshot", "write snapshot"),
    ("fanpin.api", "overview_figures", "overview figures"),
    ("fanpin.api", "write_report", "report workbook"),
    ("fanpin.api", "_places", "validate: places"),
    ("fanpin.outputs.classify", "export_classification", "export"),
    ("fanpin.outputs.classify", "export_validation", "export"),
    ("fanpin.pipeline.Classification", "to_dict", "to_dict"),
    ("fanpin.io.models.ValidationResult", "to_dict", "to_dict"),
    ("fanpin.outputs.classify", "json_text", "json_text"),
    ("fanpin.outputs.classify", "write_text", "write file"),
]
WORKBOOK_WRITERS = [
    ("fanpin.outputs.report", "write_workbook"),
    ("fanpin.outputs.classify", "write_workbook"),
]


class Stages:
    """Wall seconds of named stages, in the order they start, with their nesting depth
    and the process's peak memory when each ends."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []
        self.depth = 0

    def wrap(self, function: Callable[..., Any], label: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            row = [self.depth, label, 0.0, 0.0]
            self.rows.append(row)
            self.depth += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                row[2] = time.perf_counter() - started
                row[3] = peak_mb()  # the process's peak so far, when the stage ends
                self.depth -= 1

        return timed

    def install(self) -> None:
        for module_name, attribute, label in TIMED:
            owner = _lookup(module_name)
            if owner is not None and hasattr(owner, attribute):
                original = getattr(owner, attribute)
                if not getattr(original, "_timed", False):
                    wrapped = self.wrap(original, label)
                    wrapped._timed = True  # type: ignore[attr-defined]
                    setattr(owner, attribute, wrapped)
        for module_name, attribute in WORKBOOK_WRITERS:
            owner = _lookup(module_name)
            if owner is not None and hasattr(owner, attribute):
                setattr(owner, attribute, self._workbook(getattr(owner, attribute)))

    def _workbook(self, write_workbook: Callable[..., Any]) -> Callable[..., Any]:
        """Each sheet's writer timed (its table built before: in the caller's time)."""

        def timed(target: Any, sheets: Any, *args: Any, **kwargs: Any) -> Any:
            sheets = [(title, self._sheet(fill, f"sheet {title}")) for title, fill in sheets]
            return self.wrap(write_workbook, "write workbook")(target, sheets, *args, **kwargs)

        return timed

    def _sheet(self, fill: Any, label: str) -> Any:
        """A sheet writer timed, still of its kind: a streamed writer stays one (a plain
        function in its place would make write_workbook fall back to a normal workbook)."""
        if hasattr(fill, "fill") and hasattr(fill, "write"):  # write.StreamedSheet
            timed = copy.copy(fill)
            timed.fill = self.wrap(fill.fill, label)
            return timed
        return self.wrap(fill, label)


def _lookup(name: str) -> Any:
    """A module, or a class inside one (``package.module.Class``)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        module, _, attribute = name.rpartition(".")
        try:
            return getattr(importlib.import_module(module), attribute, None)
        except ImportError:
            return None


# -- steps, each run alone in a subprocess ------------------------------------------------


def _command(step: str, folder: Path, roster: Path) -> list[str]:
    out = folder / "out"
    pinned = ["--profile", PROFILE, "--year", YEAR, "--as-of", AS_OF, "--quiet"]
    commands = {
        "report": ["report", "--county", COUNTY, "--workspace", str(folder), "--quiet"],
        "classify_xlsx": ["classify", str(roster), *pinned, "-o", str(out / "classified.xlsx")],
        "classify_json": [
            "classify", str(roster), *pinned, "--format", "json", "-o", str(out / "classified.json")
        ],
        "validate_json": [
            "validate", str(roster), "--format", "json", "--quiet",
            "-o", str(out / "validated.json"),
        ],
    }  # fmt: skip
    return commands[step]


def run_step(step: str, folder: Path, roster: Path, stages: bool) -> dict[str, Any]:
    """Inside the subprocess: import, note the baseline, time the step, report as JSON."""
    if step == "calamine":
        import pandas as pd
        import python_calamine  # noqa: F401

        baseline = peak_mb()
        started = time.perf_counter()
        frame = pd.read_excel(roster, engine="calamine", header=None)
        seconds = time.perf_counter() - started
        rows = len(frame)
        return {"seconds": seconds, "peak_mb": peak_mb(), "baseline_mb": baseline, "rows": rows}
    if step == "fastexcel":
        import fastexcel

        baseline = peak_mb()
        started = time.perf_counter()
        sheet = fastexcel.read_excel(str(roster)).load_sheet(0, header_row=None)
        rows = sheet.to_arrow().num_rows
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "peak_mb": peak_mb(), "baseline_mb": baseline, "rows": rows}
    from fanpin.cli import app
    from fanpin.outputs import report as _report  # noqa: F401 - imported before the clock

    timer = Stages()
    if stages:
        timer.install()
    (folder / "out").mkdir(exist_ok=True)
    if step == "report":
        shutil.rmtree(folder / "archive", ignore_errors=True)  # every run a first run
        shutil.rmtree(folder / "reports", ignore_errors=True)
    baseline = peak_mb()
    started = time.perf_counter()
    try:
        app(_command(step, folder, roster), prog_name="fanpin")
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
        "exit_code": code,
        "stages": timer.rows,
    }


def measure(
    script: Path, step: str, folder: Path, roster: Path, stages: bool, baseline: Path | None
) -> dict[str, Any]:
    env = None
    if baseline is not None:
        env = {**os.environ, "PYTHONPATH": str(baseline), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, str(script), "--step", step, "--folder", str(folder)]
    command += ["--roster", str(roster), *(["--stages"] if stages else [])]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if completed.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{completed.stderr}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


LABELS = {
    "calamine": 'bare pandas.read_excel(engine="calamine", header=None)',
    "fastexcel": "bare fastexcel read (header=None, to Arrow)",
    "report": "fanpin report --county (nightly job)",
    "classify_xlsx": "fanpin classify -o .xlsx",
    "classify_json": "fanpin classify --format json",
    "validate_json": "fanpin validate --format json",
}
TARGETS = {"report": REPORT_TARGET, "classify_xlsx": XLSX_TARGET}
TARGETS |= {"classify_json": JSON_TARGET, "validate_json": JSON_TARGET}


def print_row(label: str, result: dict[str, Any], reference: dict[str, Any] | None) -> None:
    ratio = f"{result['seconds'] / reference['seconds']:5.2f} ×" if reference else "       "
    memory = f"{result['peak_mb']:7.0f} MB (imports {result['baseline_mb']:4.0f} MB)"
    code = f"  exit {result['exit_code']}" if result.get("exit_code") else ""
    print(f"  {label:<58} {result['seconds']:7.2f} s  {ratio}  {memory}{code}", flush=True)


def print_stages(result: dict[str, Any]) -> None:
    for depth, label, seconds, peak in result.get("stages", []):
        name = f"{'  ' * depth}{label}"
        print(f"      {name:<44} {seconds:7.2f} s  peak {peak:6.0f} MB")


def county_run(args: argparse.Namespace, tree: Path | None, title: str) -> dict[str, Any]:
    script = Path(__file__).resolve()
    folder = ensure_workspace(args.households, args.data, args.seed)
    roster = ensure_inputs(args.households, args.data, args.seed)["national"]
    print(f"\n{title}", flush=True)
    calamine = measure(script, "calamine", folder, roster, False, None)
    print_row(LABELS["calamine"], calamine, None)
    results = {"calamine": calamine}
    if args.fastexcel:
        results["fastexcel"] = measure(script, "fastexcel", folder, roster, False, None)
        print_row(LABELS["fastexcel"], results["fastexcel"], calamine)
    for step in ("report", "classify_xlsx", "classify_json", "validate_json"):
        results[step] = measure(script, step, folder, roster, args.stages, tree)
        print_row(LABELS[step], results[step], calamine)
        print_stages(results[step])
    print()
    for step, target in TARGETS.items():
        ratio = results[step]["seconds"] / calamine["seconds"]
        verdict = "met" if ratio <= target else "NOT met"
        print(f"  {LABELS[step]:<40} {ratio:5.2f} × the bare read (target ≤ {target} ×: {verdict})")
    peak = results["report"]["peak_mb"]
    verdict = "met" if peak <= REPORT_MEMORY_MB else "NOT met"
    print(f"  report peak memory {peak:,.0f} MB (target ≤ {REPORT_MEMORY_MB:,} MB: {verdict})")
    return results


def province_run(args: argparse.Namespace) -> None:
    """benchmarks/province.py at one size, both engines, then their outputs compared."""
    script = Path(__file__).resolve().parent / "province.py"
    common = [sys.executable, str(script), "--people", str(args.province), "--compare-engines"]
    common += ["--workers", str(args.dask_workers)]
    print(f"\nprovince, {args.province:,} people: pandas engine, then a Dask local cluster")
    subprocess.run(common, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data", type=Path, default=DATA, help="cache folder for inputs")
    parser.add_argument("--stages", action="store_true", help="time each stage inside")
    parser.add_argument("--baseline", type=Path, help="another fanpin source tree, same run")
    parser.add_argument("--fastexcel", action="store_true", help="also a bare fastexcel read")
    parser.add_argument("--province", type=int, help="also the province at this many people")
    parser.add_argument("--dask-workers", type=int, default=2)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--roster", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.folder, args.roster, args.stages)))
        return
    if args.generate:
        generate(args.households, args.data, args.seed, args.roster)
        return
    print(f"county benchmark: {environment()}, profile {PROFILE}")
    if args.baseline is not None:
        county_run(args, args.baseline, f"baseline: {args.baseline}")
    county_run(args, None, "this tree")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.province:
        province_run(args)


if __name__ == "__main__":
    main()
