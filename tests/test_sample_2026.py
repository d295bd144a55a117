"""The same county five years on: ``generate_members(year=2026)`` and the example
workspace's 2026 county (data/zixing_2026: the roster, 民政's low-income list)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from fanpin import api
from fanpin.samples.departments import write_low_income_list
from fanpin.samples.roster import (
    INCOME_YEAR,
    LATER_AS_OF,
    LATER_LINE,
    LATER_YEAR,
    MONITORING_LINE,
    generate_members,
    roster_year,
    write_export_xlsx,
)

WORKSPACE = Path(__file__).resolve().parents[1] / "examples/workspace"
DATA = WORKSPACE / "data/zixing_2026"
ROSTER = DATA / "roster.xlsx"
LOW_INCOME = DATA / "dept" / "low_income.xlsx"
PINNED = {"profile": "national-2026", "year": 2026, "as_of": LATER_AS_OF}
LINES = {2026: LATER_LINE}


@pytest.fixture(scope="module")
def earlier() -> pd.DataFrame:
    return generate_members(2000, 431081)


@pytest.fixture(scope="module")
def later() -> pd.DataFrame:
    return generate_members(2000, 431081, year=LATER_YEAR)


@pytest.fixture(scope="module")
def classified() -> api.Classification:
    return api.classify(ROSTER, lines=LINES, **PINNED)  # type: ignore[arg-type]


def first_rows(members: pd.DataFrame) -> pd.DataFrame:
    return members.drop_duplicates("household_id").set_index("household_id")


def test_committed_2026_files_are_what_the_generator_writes(
    later: pd.DataFrame, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.xlsx"
    write_export_xlsx(later, roster)
    assert roster.read_bytes() == ROSTER.read_bytes()
    low_income = tmp_path / "low_income.xlsx"
    write_low_income_list(low_income, later, 431081, line=LATER_LINE)
    assert low_income.read_bytes() == LOW_INCOME.read_bytes()


def test_same_seed_same_2026_roster(later: pd.DataFrame) -> None:
    again = generate_members(2000, 431081, year=LATER_YEAR)
    pd.testing.assert_frame_equal(later, again)
    assert later.attrs == again.attrs
    small = generate_members(60, 5, year=LATER_YEAR)
    assert not small["reported_per_capita_income"].equals(
        generate_members(60, 6, year=LATER_YEAR)["reported_per_capita_income"]
    )


def test_only_the_example_years_exist() -> None:
    with pytest.raises(ValueError, match="the example years are 2021, 2026"):
        generate_members(60, 5, year=2030)
    assert roster_year(generate_members(60, 5, year=LATER_YEAR)) == LATER_YEAR


def test_the_2026_roster_is_of_2026(later: pd.DataFrame, earlier: pd.DataFrame) -> None:
    assert later.attrs["year"] == LATER_YEAR and earlier.attrs["year"] == INCOME_YEAR
    sheet = openpyxl.load_workbook(ROSTER, read_only=True).worksheets[0]
    top = [row for row in sheet.iter_rows(min_row=1, max_row=4, values_only=True)]
    assert "资兴市农业农村局" in str(top[1][0]) and "2026-04-01" in str(top[1][0])
    year_column = list(top[2]).index("年度")
    assert top[3][year_column] == LATER_YEAR


def test_the_same_households_and_people_five_years_older(
    later: pd.DataFrame, earlier: pd.DataFrame
) -> None:
    for column in ("household_id", "name", "id_number", "sex", "relation", "township"):
        assert later[column].tolist() == earlier[column].tolist(), column
    assert (first_rows(later)["household_type"] == "脱贫户").equals(
        first_rows(earlier)["household_type"] == "脱贫户"
    )
    # a child at primary school in 2021 is at secondary school or beyond in 2026
    pupils = earlier["schooling"].isin(["小学"]) & earlier["id_number"].str[6:10].astype(
        int
    ).between(2010, 2012)
    assert pupils.sum() > 20
    assert not later.loc[pupils, "schooling"].isin(["小学", "学前教育", "学龄前儿童"]).any()


def test_incomes_grew_by_about_29_percent_and_as_many_fall_under_the_line(
    later: pd.DataFrame, earlier: pd.DataFrame
) -> None:
    before = first_rows(earlier)["reported_per_capita_income"]
    after = first_rows(later)["reported_per_capita_income"]
    assert 1.24 <= (after / before).median() <= 1.34
    assert after.quantile(0.1) > before.quantile(0.1) * 1.2
    share_before = (before < MONITORING_LINE).mean()
    share_after = (after < LATER_LINE).mean()
    assert abs(share_after - share_before) <= 0.003
    # the amounts add up, to the cent, as in 2021
    h = first_rows(later)
    net = (
        h["wage_income"]
        + h["business_income"]
        + h["property_income"]
        + h["transfer_income"]
        - h["business_expense"]
    )
    assert (
        (net / h["declared_size"]).round(2) - h["reported_per_capita_income"]
    ).abs().max() < 0.01


def test_monitoring_as_of_2026(later: pd.DataFrame) -> None:
    h = first_rows(later)
    monitored = h["monitored_since"].notna()
    since = h.loc[monitored, "monitored_since"]
    eliminated = h["risk_eliminated"].eq("是")
    # most households identified in 2021 are eliminated by now, in 2022–2025
    old = monitored & since.str.startswith("2021").reindex(h.index, fill_value=False)
    assert eliminated[old].mean() >= 0.5
    early = set(later.attrs["scenarios"]["early_elimination"])
    months = h.loc[eliminated & ~h.index.isin(early), "eliminated_month"]
    assert months.str[:4].isin(["2022", "2023", "2024", "2025"]).all()
    assert months.str[:4].nunique() == 4
    # a few newly identified in 2025-03 … 2026-02, still monitored
    fresh = later.attrs["identified_later"]
    assert 3 <= len(fresh) <= 30
    assert h.loc[fresh, "monitored_since"].between("202503", "202602").all()
    assert h.loc[fresh, "risk_eliminated"].eq("否").all()
    assert set(h.index[monitored & ~old]) == set(fresh)


def test_the_2026_roster_validates_clean_as_of_2026() -> None:
    result = api.validate(ROSTER, profile="national-2026", as_of=LATER_AS_OF)
    assert result.summary.errors == 0 and result.summary.warnings == 0, result.issues
    assert result.summary.households == 2000


def test_the_2026_county_proposes_the_planted_misses_only(
    classified: api.Classification, later: pd.DataFrame
) -> None:
    households = classified.households.set_index("household_id")
    scenarios = later.attrs["scenarios"]
    planted = {
        *scenarios["missed_low_income"],
        *scenarios["missed_sudden_drop"],
        *scenarios["missed_gap"],
    }
    assert set(households.index[households["status"].eq("proposed")]) == planted
    assert set(households.index[households["status"].eq("watch")]) == set(scenarios["near_line"])
    assert households["unassessed_reason"].isna().all()
    # every 脱贫户 is sorted, into both tracks
    escaped = first_rows(later)["household_type"].eq("脱贫户")
    tracks = households["escaped_track"].dropna()
    assert set(tracks.index) == set(escaped.index[escaped])
    assert set(tracks) == {"exit", "continue"}


def test_the_workspace_reports_the_2026_county_without_data_problems(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(WORKSPACE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
    result = api.report("zixing_2026", workspace=folder)
    assert result.as_of == LATER_AS_OF
    figures = result.figures
    assert figures["data_errors"] == 0 and figures["data_warnings"] == 0
    assert figures["proposed_households"] == 24  # the planted misses, as in the 2021 demo
    assert figures["escaped_exit"] > figures["escaped_continue"] > 0
    assert figures["eliminated_households"] > figures["monitored_households"]
