"""Write the example workspace: a Zixing-like county as the national system exports it.

python examples/generate.py [--households N] [--seed S] [--out DIR]

Under data/zixing/: ``roster.xlsx`` (the county in one export file: title rows, header
on row 3, the system's spellings and value lists), ``roster_gbk.csv`` (the same
members in fanpin's own tidy layout, GB18030), ``messy_roster.xlsx`` (planted
problems), one township split the way the system exports it (``tangdong_members.xlsx``
+ ``tangdong_households.xlsx``, for ``--with``), the department lists, the relief-fund
ledger and the cases file. Under data/zixing_2026/: the same county as the system
exports it in 2026 (``roster.xlsx``: the same households and people, incomes of 2025,
monitoring as of 2026-03-31) and 民政's low-income list of that year
(``dept/low_income.xlsx``). Deterministic: the same seed writes the same bytes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fanpin.samples.workspace import write_workspace

DEFAULT_OUT = Path(__file__).resolve().parent / "workspace"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--households", type=int, default=2000, help="households (default 2000)")
    parser.add_argument("--seed", type=int, default=431081, help="random seed (default 431081)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="workspace directory")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = write_workspace(args.out, households=args.households, seed=args.seed)
    elapsed = time.perf_counter() - started
    for name, path in paths.items():
        print(f"{name:<20} {path}  {path.stat().st_size / 1024:,.0f} KiB")
    print(f"{args.households:,} households, seed {args.seed}, {elapsed:.1f} s")


if __name__ == "__main__":
    main()
