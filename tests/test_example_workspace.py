"""The committed example workspace: what fanpin finds in it is what the generator planted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from fanpin import api
from fanpin.samples.roster import generate_members, write_export_xlsx

ROSTER = Path(__file__).resolve().parents[1] / "examples/workspace/data/zixing/roster.xlsx"


@pytest.fixture(scope="module")
def households() -> pd.DataFrame:
    result = api.classify(ROSTER, profile="zixing", year=2021, as_of=date(2021, 12, 31))
    return result.households.set_index("household_id")


@pytest.fixture(scope="module")
def scenarios() -> dict[str, list[str]]:
    return generate_members(2000, 431081).attrs["scenarios"]


def test_committed_roster_is_what_the_generator_writes(tmp_path: Path) -> None:
    regenerated = tmp_path / "roster.xlsx"
    write_export_xlsx(generate_members(2000, 431081), regenerated)
    assert regenerated.read_bytes() == ROSTER.read_bytes()


def test_proposed_households_are_exactly_the_planted_misses(
    households: pd.DataFrame, scenarios: dict[str, list[str]]
) -> None:
    planted = {
        *scenarios["missed_low_income"],
        *scenarios["missed_sudden_drop"],
        *scenarios["missed_gap"],
    }
    proposed = set(households.index[households["status"].eq("proposed")])
    assert proposed == planted
    low_income = households.loc[list(scenarios["missed_low_income"]), "proposed_category"]
    assert set(low_income) <= {"unstable_escaped", "marginal"}
    sudden = households.loc[list(scenarios["missed_sudden_drop"]), "proposed_category"]
    assert set(sudden) == {"sudden_hardship"}


def test_watch_list_is_exactly_the_near_line_households(
    households: pd.DataFrame, scenarios: dict[str, list[str]]
) -> None:
    assert set(households.index[households["status"].eq("watch")]) == set(scenarios["near_line"])


def test_every_household_assessed_and_none_lost(households: pd.DataFrame) -> None:
    assert len(households) == 2000
    assert households["unassessed_reason"].isna().all()
    assert households["size"].sum() == 6204
