"""The example workspace: a county roster (clean and messy), department lists, a relief-fund
ledger and a cases file, generated for the same members with planted findings."""

from __future__ import annotations

from pathlib import Path

from fanpin.errors import FanpinError
from fanpin.samples.departments import example_paths, write_example_departments
from fanpin.samples.fund import write_example_ledger
from fanpin.samples.procedure import write_example_cases
from fanpin.samples.roster import (
    generate_members,
    write_export_xlsx,
    write_gbk_csv,
    write_messy_roster,
)

MIN_WORKSPACE_HOUSEHOLDS = 1000


def write_workspace(
    directory: Path | str, households: int = 2000, seed: int = 431081
) -> dict[str, Path]:
    """Write the example workspace under ``directory``; returns name → path.

    ``data/zixing/roster.xlsx`` (the clean export), ``data/zixing/roster_gbk.csv``
    (the same members), ``data/zixing/messy_roster.xlsx`` (planted problems), the
    department lists under ``data/zixing/dept/``, the relief-fund ledger and the
    procedure cases, each with planted findings for the same members.
    """
    if households < MIN_WORKSPACE_HOUSEHOLDS:
        raise FanpinError(
            f"the example workspace needs at least {MIN_WORKSPACE_HOUSEHOLDS:,} households to "
            f"plant its audit, fund and procedure cases (asked for {households:,})"
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
    write_example_departments(base / "dept", members, seed)
    paths |= {f"dept:{kind}": path for kind, path in example_paths(base / "dept").items()}
    paths["fund_ledger"] = base / "fund_ledger.xlsx"
    write_example_ledger(paths["fund_ledger"], members, seed=2021)
    paths["cases"] = base / "cases.xlsx"
    write_example_cases(paths["cases"], members, seed)
    return paths
