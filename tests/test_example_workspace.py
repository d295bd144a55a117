"""The committed example workspace: what fanpin finds in it is what the generator planted.

The county is written as the national system exports it (roster.xlsx, one file), one
township as its two separate export files (tangdong_members.xlsx + …_households.xlsx,
joined with ``--with``); fanpin's own tidy layout of the same members (roster_gbk.csv)
is git-ignored and written here when needed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from fanpin import api
from fanpin.samples.roster import (
    TOWNSHIPS,
    generate_members,
    write_export_xlsx,
    write_gbk_csv,
    write_split_export,
)

DATA = Path(__file__).resolve().parents[1] / "examples/workspace/data/zixing"
ROSTER = DATA / "roster.xlsx"
SPLIT = {"members": DATA / "tangdong_members.xlsx", "households": DATA / "tangdong_households.xlsx"}
TOWNSHIP = TOWNSHIPS[0][0]
PINNED = {"profile": "zixing", "year": 2021, "as_of": date(2021, 12, 31)}
COMPARED = [
    "status",
    "category",
    "proposed_category",
    "tier",
    "score",
    "per_capita_income",
    "adjusted_per_capita_income",
    "elimination_status",
    "labour_count",
    "ill_count",
    "disabled_count",
    "uninsured_count",
    "employed_count",
    "dropout_count",
    "student_count",
]


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return generate_members(2000, 431081)


@pytest.fixture(scope="module")
def classified() -> api.Classification:
    return api.classify(ROSTER, **PINNED)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def households(classified: api.Classification) -> pd.DataFrame:
    return classified.households.set_index("household_id")


@pytest.fixture(scope="module")
def scenarios(members: pd.DataFrame) -> dict[str, list[str]]:
    return members.attrs["scenarios"]


def test_committed_roster_is_what_the_generator_writes(
    members: pd.DataFrame, tmp_path: Path
) -> None:
    regenerated = tmp_path / "roster.xlsx"
    write_export_xlsx(members, regenerated)
    assert regenerated.read_bytes() == ROSTER.read_bytes()


def test_committed_split_township_is_what_the_generator_writes(
    members: pd.DataFrame, tmp_path: Path
) -> None:
    township = members.loc[members["township"].eq(TOWNSHIP)].reset_index(drop=True)
    regenerated = write_split_export(township, tmp_path, "tangdong")
    for kind, path in SPLIT.items():
        assert regenerated[kind].read_bytes() == path.read_bytes(), kind
        assert path.stat().st_size < 150_000


def test_the_clean_national_export_validates_with_no_error_and_no_warning() -> None:
    result = api.validate(ROSTER, profile="zixing", as_of=PINNED["as_of"])
    assert result.summary.errors == 0 and result.summary.warnings == 0, result.issues
    assert result.summary.households == 2000
    # columns fanpin does not use are kept aside and named, never an error
    assert {"省", "人口编号", "民族"} <= set(result.summary.unknown_columns)


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


def test_every_household_assessed_and_none_lost(
    households: pd.DataFrame, members: pd.DataFrame
) -> None:
    assert len(households) == 2000
    assert households["unassessed_reason"].isna().all()
    assert households["size"].sum() == len(members)


def test_employee_insured_members_are_no_gap(
    households: pd.DataFrame, members: pd.DataFrame
) -> None:
    at_work = members["medical_insurance"].eq("否") & members["employee_insurance"].eq("是")
    ids = set(members.loc[at_work, "household_id"])
    assert len(ids) >= 20
    assert households.loc[list(ids), "uninsured_count"].eq(0).all()
    assert households.loc[list(ids), "status"].isin(["none", "watch"]).all()


def test_households_marked_monitored_without_a_category_are_monitored(
    households: pd.DataFrame, scenarios: dict[str, list[str]]
) -> None:
    marked = households.loc[scenarios["monitored_no_category"]]
    assert list(marked["household_type"]) == ["monitored", "ordinary"]  # 监测户; 识别监测时间
    assert marked["recorded_category"].isna().all()
    assert marked["status"].eq("monitored").all()
    # below the line: as a household nobody monitors, each would be a new proposal
    assert marked["proposed_category"].notna().all()


def test_audit_and_notice_do_not_take_them_for_new_cases(
    households: pd.DataFrame, scenarios: dict[str, list[str]]
) -> None:
    marked = households.loc[scenarios["monitored_no_category"]]
    audited = api.audit(ROSTER, **PINNED)  # type: ignore[arg-type]
    should = audited.findings.loc[audited.findings["code"].eq("should_monitor"), "household_id"]
    assert set(should).isdisjoint(marked.index)
    for household_id, row in marked.iterrows():
        notice = api.notice(
            ROSTER,
            village=row["village"],
            township=row["township"],
            start=date(2021, 12, 31),
            **PINNED,  # type: ignore[arg-type]
        )
        listed = {r.head_name for r in notice.rows}
        if row["monitored_since"] == "202112":  # identified this month: its notice, again
            assert row["head_name"] in listed, household_id
        else:
            assert row["head_name"] not in listed, household_id
        village = households.loc[households["village"].eq(row["village"])]
        proposed = village.loc[village["status"].eq("proposed"), "head_name"]
        assert set(proposed) <= listed


def test_the_split_township_joins_into_what_the_single_file_says(
    households: pd.DataFrame,
) -> None:
    joined = api.classify(SPLIT["members"], with_files=[SPLIT["households"]], **PINNED)  # type: ignore[arg-type]
    assert joined.issues.empty, joined.issues
    assert [i.path for i in joined.meta.inputs] == [p.name for p in SPLIT.values()]
    split = joined.households.set_index("household_id")
    single = households.loc[households["township"].eq(TOWNSHIP)]
    assert list(split.index) == list(single.index)
    pd.testing.assert_frame_equal(split[COMPARED], single[COMPARED], check_dtype=False)
    received = split["measures_received_codes"].map(sorted)
    assert received.equals(single["measures_received_codes"].map(sorted))


def test_the_same_county_in_fanpins_tidy_layout_classifies_the_same(
    households: pd.DataFrame, members: pd.DataFrame, tmp_path: Path
) -> None:
    tidy = tmp_path / "roster_gbk.csv"
    write_gbk_csv(members, tidy)
    result = api.classify(tidy, **PINNED)  # type: ignore[arg-type]
    assert result.issues.empty
    other = result.households.set_index("household_id")
    pd.testing.assert_frame_equal(other[COMPARED], households[COMPARED], check_dtype=False)
    received = other["measures_received_codes"].map(sorted)
    assert received.equals(households["measures_received_codes"].map(sorted))
