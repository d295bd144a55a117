"""Example data for tests and benchmarks: a province of generated counties."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pandas as pd

from fanpin.io.files import atomic_path
from fanpin.samples.roster import REGION_CODE, generate_members
from fanpin.scale import PART_NAME

PROVINCE_CODE = "43"


def county_codes(counties: int) -> list[str]:
    """Made-up but well-formed county codes of one province: 43CCDD."""
    return [f"{PROVINCE_CODE}{1 + i // 20:02d}{21 + i % 20:02d}" for i in range(counties)]


def example_county(households: int, code: str, seed: int) -> pd.DataFrame:
    """A generated county roster (fanpin.samples.roster) moved to county ``code``.

    The county name becomes 样例县CODE and each 户编号 starts with ``code``, so
    households of different counties never share an ID.
    """
    members = generate_members(households, seed)
    members["county"] = f"样例县{code}"
    members["household_id"] = code + members["household_id"].str.slice(len(REGION_CODE))
    return members


def write_example_province(
    directory: Path,
    counties: int,
    households: int,
    *,
    seed: int = 430000,
    output_format: Literal["parquet", "csv"] = "parquet",
    on_county: Callable[[int, Path], None] | None = None,
) -> list[Path]:
    """Write ``counties`` generated counties as ``county=CODE/part-0.<format>``; deterministic.

    County i has ``households`` households and seed ``seed + i``; headers are the
    canonical field names. Returns the files written.
    """
    written = []
    for i, code in enumerate(county_codes(counties)):
        members = example_county(households, code, seed + i)
        target = directory / f"county={code}" / f"{PART_NAME}.{output_format}"
        with atomic_path(target) as temporary:
            if output_format == "parquet":
                members.to_parquet(temporary, index=False)
            else:
                temporary.write_text(members.to_csv(index=False), encoding="utf-8")
        written.append(target)
        if on_county is not None:
            on_county(i, target)
    return written
