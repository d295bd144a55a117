"""Record what every command produces on the example workspace, to prove a refactor changes nothing.

Not a timing. ``dump DIR`` runs each command of the CLI (as a subprocess, so any
version of the package can be recorded) on a copy of ``examples/workspace`` and
writes, per run, its exit code, its terminal output and every file it wrote: JSON
and CSV as text, workbooks as the values of every cell of every sheet. ``compare
A B`` lists every difference between two recordings and exits 1 if there is one.

    .venv/bin/python benchmarks/golden.py dump /tmp/before     # on the old commit
    .venv/bin/python benchmarks/golden.py dump /tmp/after      # on the new one
    .venv/bin/python benchmarks/golden.py compare /tmp/before /tmp/after

Values that differ by nature between two runs (the report's generation time, the
temporary folder) are replaced by placeholders before they are recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
WORKSPACE = ROOT / "examples" / "workspace"
PINNED = ["--year", "2021", "--as-of", "2021-12-31"]
DEPARTMENTS = [
    "medical=data/zixing/dept/medical.xlsx",
    "civil=data/zixing/dept/civil.csv",
    "disability=data/zixing/dept/disability.csv",
    "housing=data/zixing/dept/housing.xlsx",
    "education=data/zixing/dept/education.csv",
    "disaster=data/zixing/dept/disaster.xlsx",
    "employment=data/zixing/dept/employment.xlsx",
    "business=data/zixing/dept/business.csv",
    "vehicle=data/zixing/dept/vehicle.xlsx",
    "public_servant=data/zixing/dept/public_servant.csv",
    "low_income=data/zixing/dept/low_income.xlsx",
]
ROSTER = "data/zixing/roster.xlsx"
MESSY = "data/zixing/messy_roster.xlsx"
SPLIT = ["data/zixing/tangdong_members.xlsx", "--with", "data/zixing/tangdong_households.xlsx"]


def _runs() -> dict[str, list[str]]:
    dept = [part for pair in DEPARTMENTS for part in ("--dept", pair)]
    zixing = ["--profile", "zixing", *PINNED]
    runs: dict[str, list[str]] = {"profiles": ["profiles"]}
    for name, roster in (("roster", ROSTER), ("messy", MESSY)):
        runs |= {
            f"validate-{name}-table": ["validate", roster],
            f"validate-{name}-json": ["validate", roster, "--format", "json"],
            f"validate-{name}-en": ["validate", roster, "--lang", "en", "--format", "json"],
            f"validate-{name}-xlsx": ["validate", roster, "-o", f"out/validate-{name}.xlsx"],
            f"validate-{name}-csv": ["validate", roster, "-o", f"out/validate-{name}.csv"],
            f"classify-{name}-table": ["classify", roster, *zixing],
            f"classify-{name}-json": ["classify", roster, *zixing, "--format", "json"],
            f"classify-{name}-all": ["classify", roster, *zixing, "--all", "--format", "json"],
            f"classify-{name}-national": ["classify", roster, *PINNED, "--format", "json"],
            f"classify-{name}-xlsx": ["classify", roster, *zixing, "-o", f"out/c-{name}.xlsx"],
            f"classify-{name}-en": [
                *("classify", roster, *zixing, "--lang", "en", "-o", f"out/c-{name}-en.xlsx"),
            ],
            f"classify-{name}-csv": ["classify", roster, *zixing, "-o", f"out/c-{name}.csv"],
        }
    runs |= {
        "audit-table": ["audit", ROSTER, *dept, *zixing],
        "audit-json": ["audit", ROSTER, *dept, *zixing, "--format", "json"],
        "audit-xlsx": ["audit", ROSTER, *dept, *zixing, "-o", "out/audit.xlsx"],
        "audit-en": ["audit", ROSTER, *dept, *zixing, "--lang", "en", "-o", "out/audit-en.xlsx"],
        "audit-csv": ["audit", ROSTER, *dept, *zixing, "-o", "out/audit.csv"],
        "audit-messy": ["audit", MESSY, *PINNED, "--format", "json", "--fail-on", "error"],
        "procedure-table": ["procedure", "data/zixing/cases.xlsx", "--profile", "zixing"]
        + ["--as-of", "2021-12-31"],
        "procedure-json": ["procedure", "data/zixing/cases.xlsx", "--profile", "zixing"]
        + ["--as-of", "2021-12-31", "--format", "json"],
        "procedure-xlsx": ["procedure", "data/zixing/cases.xlsx", "--profile", "zixing"]
        + ["--as-of", "2021-12-31", "-o", "out/procedure.xlsx"],
        "notice-xlsx": ["notice", ROSTER, "--village", "石岩村", *zixing, "-o", "out/notice.xlsx"],
        "notice-json": ["notice", ROSTER, "--village", "石岩村", *zixing, "--format", "json"],
        "notice-elimination": [
            *("notice", ROSTER, "--village", "石岩村", "--kind", "elimination", *zixing),
            *("-o", "out/notice-elimination.xlsx"),
        ],
        "fund-table": ["fund", "data/zixing/fund_ledger.xlsx", "--roster", ROSTER, *zixing],
        "fund-json": [
            *("fund", "data/zixing/fund_ledger.xlsx", "--roster", ROSTER, *zixing),
            *("--format", "json"),
        ],
        "fund-xlsx": [
            *("fund", "data/zixing/fund_ledger.xlsx", "--roster", ROSTER, *zixing),
            *("-o", "out/fund.xlsx"),
        ],
        "diff-json": ["diff", ROSTER, MESSY, *PINNED, "--format", "json"],
        "diff-xlsx": ["diff", ROSTER, MESSY, *PINNED, "-o", "out/diff.xlsx"],
        "report-first": ["report", "--county", "zixing", "--workspace", "."],
        "report-second": ["report", "--county", "zixing", "--workspace", ".", "--lang", "en"],
        "report-third": ["report", "--county", "zixing", "--workspace", "."],
        "report-2026": ["report", "--county", "zixing_2026", "--workspace", "."],
        "classify-split-json": ["classify", *SPLIT, *zixing, "--all", "--format", "json"],
        "classify-split-xlsx": ["classify", *SPLIT, *zixing, "-o", "out/c-split.xlsx"],
        "simulate-json": [
            *("simulate", ROSTER, *zixing, "--line", "2021=7000", "--format", "json"),
        ],
        "simulate-xlsx": [
            *("simulate", ROSTER, *zixing, "--line", "2021=7000", "-o", "out/simulate.xlsx"),
        ],
        "simulate-en": [
            *("simulate", ROSTER, *zixing, "--line", "2021=7000", "--lang", "en"),
        ],
        "province": ["province", "prov", "-o", "out/province", "--format", "csv", *PINNED],
    }
    return runs


def dump(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary) / "ws"
        shutil.copytree(WORKSPACE, work, ignore=shutil.ignore_patterns("reports", "archive"))
        for county, roster in (("431081", ROSTER), ("431082", MESSY)):
            folder = work / "prov" / f"county={county}"
            folder.mkdir(parents=True)
            shutil.copy(work / roster, folder / "roster.xlsx")
        env = {**os.environ, "COLUMNS": "140", "NO_COLOR": "1", "TERM": "dumb"}
        for name, arguments in _runs().items():
            before = _files(work)
            done = subprocess.run(
                [sys.executable, "-m", "fanpin", *arguments],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            written = sorted(p for p in _files(work) - before if not p.name.startswith("."))
            record = {
                "arguments": arguments,
                "exit": done.returncode,
                "stdout": _normal(done.stdout, work),
                "stderr": _normal(done.stderr, work),
                "files": {
                    _normal(str(p.relative_to(work)), work): _content(p, work) for p in written
                },
            }
            for path in written:  # each run starts from the inputs alone (reports stay)
                if "reports" not in path.parts and "archive" not in path.parts:
                    path.unlink()
            (target / f"{name}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
            )
            print(f"{name}: exit {done.returncode}, {len(written)} files")
        init = Path(temporary) / "init"
        subprocess.run([sys.executable, "-m", "fanpin", "init", str(init)], check=True, env=env)
        hashes = {
            str(p.relative_to(init)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(_files(init))
        }
        (target / "init.json").write_text(json.dumps(hashes, indent=1), encoding="utf-8")


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?|\d{8}T\d{6,12}")
_TODAY = dt.date.today().isoformat()


def _normal(text: str, work: Path) -> str:
    text = text.replace(str(work), "<ws>").replace(str(work.parent), "<tmp>")
    text = _TIME.sub("<time>", text)
    text = re.sub(r"\d+(\.\d+)? ?s\b", "<secs>", text)
    return text.replace(_TODAY, "<today>")


def _content(path: Path, work: Path) -> Any:
    if path.suffix == ".xlsx":
        workbook = load_workbook(path)
        return {
            sheet.title: [
                [_cell(value, work) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
            for sheet in workbook.worksheets
        }
    if path.suffix in (".json", ".csv", ".log", ".txt"):
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".json" and "seconds" in text:
            text = re.sub(r'"seconds": [0-9.e-]+', '"seconds": 0', text)
        if path.name == "counties.csv":  # its seconds column is a timing
            text = re.sub(r",[0-9.]+,([^,\n]*)$", r",<secs>,\1", text, flags=re.MULTILINE)
        return _normal(text, work)
    if path.name.endswith(".json.gz"):
        import gzip

        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        return _normal(text, work)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cell(value: Any, work: Path) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    if isinstance(value, str):
        return _normal(value, work)
    return value


def compare(before: Path, after: Path) -> int:
    differences = 0
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            print(f"{name}: only in {'after' if new.exists() else 'before'}")
            differences += 1
            continue
        found = list(_differences(json.loads(old.read_text()), json.loads(new.read_text()), name))
        for line in found[:20]:
            print(line)
        if len(found) > 20:
            print(f"{name}: … {len(found) - 20} more")
        differences += len(found)
    print(f"{differences} differences in {len(names)} recordings")
    return 1 if differences else 0


def _differences(old: Any, new: Any, where: str) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            if key not in old or key not in new:
                yield f"{where}/{key}: only in {'after' if key in new else 'before'}"
            else:
                yield from _differences(old[key], new[key], f"{where}/{key}")
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            yield f"{where}: {len(old)} items before, {len(new)} after"
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            yield from _differences(a, b, f"{where}[{index}]")
    elif isinstance(old, str) and isinstance(new, str) and "\n" in old + new and old != new:
        old_lines, new_lines = old.splitlines(), new.splitlines()
        for index, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)):
            if a != b:
                yield f"{where} line {index + 1}: {a!r} -> {b!r}"
        if len(old_lines) != len(new_lines):
            yield f"{where}: {len(old_lines)} lines before, {len(new_lines)} after"
    elif old != new:
        yield f"{where}: {old!r} -> {new!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_command = commands.add_parser("dump", help="record every command's output into DIR")
    dump_command.add_argument("directory", type=Path)
    compare_command = commands.add_parser("compare", help="list the differences of two records")
    compare_command.add_argument("before", type=Path)
    compare_command.add_argument("after", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "dump":
        dump(arguments.directory)
        return 0
    return compare(arguments.before, arguments.after)


if __name__ == "__main__":
    sys.exit(main())
