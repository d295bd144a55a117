"""Limits on what one input may make fanpin allocate, with defaults a county never reaches.

A workbook is checked against them before any cell is read: the zip's entry
count and unzipped size, and each sheet's used area (the cells from A1 to the
last cell that holds a value). A CSV or Parquet file is checked the same way by
its size and its rows × columns. Each limit can be raised (or lowered) through an
environment variable, so a cron job or a province server sets it once:

    FANPIN_MAX_CELLS=60000000 fanpin classify big.xlsx
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from fanpin.errors import FanpinError

# name -> environment variable
ENVIRONMENT = {
    "cells": "FANPIN_MAX_CELLS",
    "unzipped_mb": "FANPIN_MAX_UNZIPPED_MB",
    "zip_entries": "FANPIN_MAX_ZIP_ENTRIES",
    "extends_depth": "FANPIN_MAX_EXTENDS",
}


@dataclass(frozen=True)
class Limits:
    """How much one input may hold. About 100 bytes of memory per cell are needed to read."""

    cells: int = 30_000_000  # one sheet's used area or one CSV's rows × columns
    unzipped_mb: int = 1024  # one workbook unzipped, or one CSV/Parquet file's text or data
    zip_entries: int = 10_000  # files inside one workbook
    extends_depth: int = 16  # profiles extending profiles

    @property
    def unzipped_bytes(self) -> int:
        return self.unzipped_mb * 1024 * 1024

    def variable(self, name: str) -> str:
        return ENVIRONMENT[name]


def current_limits() -> Limits:
    """The defaults, overridden by any FANPIN_MAX_* environment variable that is set."""
    values: dict[str, int] = {}
    for field in fields(Limits):
        variable = ENVIRONMENT[field.name]
        text = os.environ.get(variable, "").strip().replace("_", "").replace(",", "")
        if not text:
            continue
        if not text.isdigit() or int(text) < 1:
            raise FanpinError(
                f"{variable}={os.environ[variable]!r} is not a whole number above 0; "
                f"unset it for the default ({getattr(Limits, field.name):,})",
                zh=f"环境变量 {variable} 的值不是大于 0 的整数：请改正，或删除它以使用默认值"
                f"（{getattr(Limits, field.name):,}）",
            )
        values[field.name] = int(text)
    return Limits(**values)
