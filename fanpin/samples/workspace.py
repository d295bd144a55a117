"""The example workspace: a county roster (clean and messy), one township of it split the way
the national system exports it, department lists, a relief-fund ledger and a cases file,
generated for the same members with planted findings; and the same county five years on
(its 2026 roster and 民政's 2026 low-income list)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from fanpin.errors import FanpinError
from fanpin.samples.departments import (
    example_paths,
    write_example_departments,
    write_low_income_list,
)
from fanpin.samples.fund import write_example_ledger
from fanpin.samples.procedure import write_example_cases
from fanpin.samples.roster import (
    LATER_LINE,
    LATER_YEAR,
    TOWNSHIPS,
    generate_members,
    write_export_xlsx,
    write_gbk_csv,
    write_messy_roster,
    write_split_export,
)

MIN_WORKSPACE_HOUSEHOLDS = 1000
SPLIT_TOWNSHIP = TOWNSHIPS[0][0]  # 唐洞街道: a township office's two export files
SPLIT_STEM = "tangdong"


def write_workspace(
    directory: Path | str, households: int = 2000, seed: int = 431081
) -> dict[str, Path]:
    """Write the example workspace under ``directory``; returns name → path.

    ``data/zixing/roster.xlsx`` (the clean export), ``data/zixing/roster_gbk.csv``
    (the same members), ``data/zixing/messy_roster.xlsx`` (planted problems),
    ``data/zixing/tangdong_members.xlsx`` + ``tangdong_households.xlsx`` (one township as
    two export files, for ``--with``: keys ``split:members``, ``split:households``), the
    department lists under ``data/zixing/dept/``, the relief-fund ledger and the
    procedure cases, each with planted findings for the same members. Under
    ``data/zixing_2026/``: the same county as the system exports it in 2026
    (``roster_2026``, ``generate_members(year=2026)``) and 民政's low-income list of
    that year (``low_income_2026``, under ``dept/``).
    """
    if households < MIN_WORKSPACE_HOUSEHOLDS:
        raise FanpinError(
            f"the example workspace needs at least {MIN_WORKSPACE_HOUSEHOLDS:,} households to "
            f"plant its audit, fund and procedure cases (asked for {households:,})",
            zh=f"示例工作区至少需要 {MIN_WORKSPACE_HOUSEHOLDS:,} 户，才能安排排查、防贫基金和"
            f"程序的示例情形（本次要求 {households:,} 户）",
        )
    base = Path(directory) / "data" / "zixing"
    base.mkdir(parents=True, exist_ok=True)
    members = generate_members(households, seed)
    paths = {
        "roster": base / "roster.xlsx",
        "roster_gbk": base / "roster_gbk.csv",
        "messy_roster": base / "messy_roster.xlsx",
    }
    write_export_xlsx(members, paths["roster"])
    write_gbk_csv(members, paths["roster_gbk"])
    write_messy_roster(paths["messy_roster"])
    split = write_split_township(base, members)
    paths |= {f"split:{kind}": path for kind, path in split.items()}
    write_example_departments(base / "dept", members, seed)
    paths |= {f"dept:{kind}": path for kind, path in example_paths(base / "dept").items()}
    paths["fund_ledger"] = base / "fund_ledger.xlsx"
    write_example_ledger(paths["fund_ledger"], members, seed=2021)
    paths["cases"] = base / "cases.xlsx"
    write_example_cases(paths["cases"], members, seed)
    paths |= write_later_county(Path(directory) / "data" / f"zixing_{LATER_YEAR}", households, seed)
    return paths


def write_later_county(directory: Path, households: int, seed: int) -> dict[str, Path]:
    """The same county in 2026: ``roster.xlsx`` and ``dept/low_income.xlsx`` in ``directory``."""
    (directory / "dept").mkdir(parents=True, exist_ok=True)
    later = generate_members(households, seed, year=LATER_YEAR)
    paths = {
        f"roster_{LATER_YEAR}": directory / "roster.xlsx",
        f"low_income_{LATER_YEAR}": directory / "dept" / "low_income.xlsx",
    }
    write_export_xlsx(later, paths[f"roster_{LATER_YEAR}"])
    write_low_income_list(paths[f"low_income_{LATER_YEAR}"], later, seed, line=LATER_LINE)
    return paths


def write_split_township(directory: Path, members: pd.DataFrame) -> dict[str, Path]:
    """One township of ``members`` as 监测对象信息 + 户信息 (``SPLIT_STEM``_members.xlsx and
    _households.xlsx in ``directory``), the two files the system exports, joined with
    ``--with`` or a workspace's ``rosters``."""
    township = members.loc[members["township"].eq(SPLIT_TOWNSHIP)].reset_index(drop=True)
    return write_split_export(township, directory, SPLIT_STEM)
