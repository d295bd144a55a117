"""Shared fixtures: tiny rosters written to tmp_path and validated through the library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from fanpin import api
from fanpin.io.models import ValidationResult
from tests.rosters import Row, write_csv, write_xlsx

MakeRoster = Callable[..., Path]


@pytest.fixture
def make_roster(tmp_path: Path) -> MakeRoster:
    """Write rows to ``tmp_path``: ``make_roster(rows, name="roster.xlsx", **writer_options)``.

    The suffix of ``name`` picks the writer (.xlsx → openpyxl, .csv → CSV; pass
    ``encoding=`` for CSV, ``title_rows=``/``group_header=``/``sheet=`` for xlsx).
    """

    def make(rows: Sequence[Row | None], name: str = "roster.xlsx", **options: Any) -> Path:
        path = tmp_path / name
        if path.suffix == ".csv":
            return write_csv(path, rows, **options)
        return write_xlsx(path, rows, **options)

    return make


@pytest.fixture
def validate_rows(make_roster: MakeRoster) -> Callable[..., ValidationResult]:
    """Write rows as an xlsx roster and return ``api.validate`` of it."""

    def run(
        rows: Sequence[Row | None], lang: str = "zh", name: str = "roster.xlsx", **options: Any
    ) -> ValidationResult:
        return api.validate(make_roster(rows, name, **options), lang=lang)  # type: ignore[arg-type]

    return run
