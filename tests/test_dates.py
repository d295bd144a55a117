"""Dates as people write them (fanpin.io.dates): --as-of and --start take 2026-03-05,
2026/3/5, 20260305 and 2026年3月5日, like the cells of a cases file."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from fanpin.campaigns import procedure
from fanpin.campaigns.fund import ledger
from fanpin.cli.commands import app
from fanpin.io.dates import parse_date, parse_dates
from tests.rosters import household, write_xlsx

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
FORMS = [
    "2026-03-05",
    "2026/3/5",
    "20260305",
    "2026年3月5日",
    "2026.3.5",
    "2026/03/05",
    " 2026-3-5 ",
]


@pytest.mark.parametrize("text", FORMS)
def test_every_form_is_the_same_day(text: str) -> None:
    assert parse_date(text) == date(2026, 3, 5)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "44260", "tomorrow", "1999-12-31", "2026-3", ""]
)
def test_other_text_is_refused_naming_the_forms(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert "is not a date like 2021-12-31" in str(caught.value)
    assert "2021年12月31日" in str(caught.value)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_any_day_in_any_form(day: date) -> None:
    for text in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        day.strftime("%Y%m%d"),
        f"{day.year}年{day.month}月{day.day}日",
    ):
        assert parse_date(text) == day


def test_the_cases_file_reads_its_cells_with_this_parser() -> None:
    assert procedure.parse_dates is parse_dates  # one parser, not a copy


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_ledger_cell_is_the_day_this_parser_reads(day: date) -> None:
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        day.strftime("%Y%m%d"),
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.isoformat()}T08:30",
    ]
    cells = parse_dates(pd.Series(forms, dtype=object), excel_serials=False)
    assert all(cell.date() == day for cell in cells)
    assert all(ledger.parse_date(text) == day for text in forms)


def test_a_ledger_keeps_its_own_range_and_cell_types() -> None:
    """A ledger cell is read as ``io.dates`` reads text, but any year stays a date and
    Excel day numbers count from 1950 (a cases file refuses both)."""
    assert ledger.parse_date("1999-12-31") == date(1999, 12, 31)
    assert pd.isna(parse_dates(pd.Series(["1999-12-31"])).iloc[0])
    assert ledger.parse_date(18264) == date(1950, 1, 1)
    assert ledger.parse_date("２０２１－０３－０５") == date(2021, 3, 5)  # full-width
    assert ledger.parse_date(" ") is None
    with pytest.raises(ValueError):
        ledger.parse_date("44260")  # a day number typed as text is not a date


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dates") / "roster.xlsx"
    return write_xlsx(path, household("H001", 2, monitored_since=""))


@pytest.mark.parametrize("text", ["2026-03-05", "2026/3/5", "20260305", "2026年3月5日"])
def test_as_of_takes_every_form(roster: Path, text: str) -> None:
    result = runner.invoke(
        app, ["classify", str(roster), "--as-of", text, "--line", "2026=7600", "-f", "json"]
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["as_of"] == "2026-03-05"


def test_a_bad_as_of_is_a_usage_error_naming_the_forms(roster: Path) -> None:
    result = runner.invoke(app, ["classify", str(roster), "--as-of", "2026-3-32"])

    assert result.exit_code == 2
    assert "20211231" in result.stderr


def test_notice_start_takes_a_chinese_date(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "notice.json"
    result = runner.invoke(
        app,
        ["notice", str(roster), "--village", "新市村", "--start", "2026年3月2日"]
        + ["--line", "2026=7600", "-o", str(target)],
    )

    assert result.exit_code == 0, result.output
    notice = json.loads(target.read_text(encoding="utf-8"))
    assert notice["start"] == "2026-03-02" and notice["end"] == "2026-03-06"


def test_report_as_of_takes_a_compact_date(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
    result = runner.invoke(
        app,
        ["report", "--county", "zixing_2026", "--workspace", str(folder), "--as-of", "20260430"],
    )

    assert result.exit_code == 0, result.output
    assert (folder / "reports" / "zixing_2026" / "2026-04-30_资兴市_监测报告.xlsx").is_file()
