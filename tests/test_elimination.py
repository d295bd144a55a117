"""Tests for fanpin.rules.elimination: each blocker on its own, the 6-month boundary, methods
(帮扶消除 with a measure, 自然消除 without one, domain.md §6), the 兜底 safety net, the action
风险再标注 for a household at risk again, and the invariant that a household without labour
is never eligible."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanpin import api
from fanpin.outputs.tables import elimination_table
from fanpin.rules.assess import Parameters, assess
from fanpin.rules.elimination import BLOCKERS, assess_elimination
from fanpin.rules.households import build_households
from fanpin.rules.measures import assign_measures
from fanpin.rules.profiles import load_profile
from tests.rosters import Row, header, household, valid_id, write_xlsx

AS_OF = date(2021, 12, 1)
NO_LABOUR = {"labour_skill": "无劳动力", "employment": "未务工"}
_first = iter(range(1, 999, 2))


def case(
    household_id: str, members: dict[int, dict[str, Any]] | None = None, **fields: Any
) -> list[Row]:
    """A two-person monitored household that may leave monitoring unless ``fields`` say not.

    Per-capita income 10,000 (last year 9,000), identified 202103 (9 months before the
    as-of date), both adults labour-capable, employed and insured, a 小额信贷 in place.
    """
    values: dict[str, Any] = {
        "household_type": "一般农户",
        "recorded_category": "边缘易致贫户",
        "monitored_since": "202103",
        "wage_income": 20000,
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
        "last_year_per_capita_income": 9000,
        "measures_received": "小额信贷",
        **fields,
    }
    rows = household(household_id, 2, first_order=next(_first), **values)
    for position, changes in (members or {}).items():
        rows[position].update({header(k): v for k, v in changes.items()})
    return rows


BOTH_NO_LABOUR = {0: NO_LABOUR, 1: NO_LABOUR}
DROPOUT_CHILD = {
    "id_number": valid_id(birth="20110601", order="901"),
    "relation": "之子",
    "labour_skill": "无劳动力",
    "employment": "未务工",
    "schooling": "失学辍学",
}

# household id -> (rows, expected status, expected blocker codes)
CASES: dict[str, tuple[list[Row], str | None, list[str]]] = {
    "ELIGIBLE": (case("ELIGIBLE"), "eligible", []),
    "SIX_MONTHS": (case("SIX_MONTHS", monitored_since="202106"), "eligible", []),
    "FIVE_MONTHS": (
        case("FIVE_MONTHS", monitored_since="202107"),
        "not_yet",
        ["monitored_too_short"],
    ),
    "UNKNOWN_SINCE": (
        case("UNKNOWN_SINCE", monitored_since=""),
        "not_yet",
        ["identification_unknown"],
    ),
    # adjusted income is never above income, so income below the line brings both
    "INCOME_BELOW": (
        case("INCOME_BELOW", wage_income=11000),
        "not_yet",
        ["income_below_line", "adjusted_income_below_line"],
    ),
    "LAST_YEAR": (
        case("LAST_YEAR", last_year_per_capita_income=5999),
        "not_yet",
        ["last_year_below_line"],
    ),
    "ADJUSTED": (
        case("ADJUSTED", compliant_expense=9000),
        "not_yet",
        ["adjusted_income_below_line"],
    ),
    "DROPOUT": (case("DROPOUT", members={1: DROPOUT_CHILD}), "not_yet", ["dropout"]),
    "UNINSURED": (
        case("UNINSURED", members={1: {"medical_insurance": "否"}}),
        "not_yet",
        ["uninsured"],
    ),
    "HOUSING": (case("HOUSING", unsafe_housing="是"), "not_yet", ["unsafe_housing"]),
    "WATER": (case("WATER", safe_water="否"), "not_yet", ["unsafe_water"]),
    # §6: 自然消除 needs no measure; only a profile without natural elimination blocks these
    "NO_MEASURE": (case("NO_MEASURE", measures_received=""), "eligible", []),
    "UNKNOWN_MEASURE": (case("UNKNOWN_MEASURE", measures_received="送温暖活动"), "eligible", []),
    # …but 自然消除 needs the income and no-difficulty tests as much as 帮扶消除 does
    "NATURAL_BELOW": (
        case("NATURAL_BELOW", measures_received="", wage_income=11000),
        "not_yet",
        ["income_below_line", "adjusted_income_below_line"],
    ),
    "NATURAL_WATER": (
        case("NATURAL_WATER", measures_received="", safe_water="否"),
        "not_yet",
        ["unsafe_water"],
    ),
    "NATURAL_SHORT": (
        case("NATURAL_SHORT", measures_received="", monitored_since="202107"),
        "not_yet",
        ["monitored_too_short"],
    ),
    "NO_LABOUR": (case("NO_LABOUR", members=BOTH_NO_LABOUR), "not_yet", ["no_labour_no_security"]),
    "DATA_ERROR": (
        case(
            "DATA_ERROR",
            wage_income="三千",
            business_income=20000,
            reported_per_capita_income=10000,
        ),
        "not_yet",
        ["data_error"],
    ),
    "SAFETY_NET": (
        case("SAFETY_NET", members={0: {**NO_LABOUR, "dibao": "是"}, 1: NO_LABOUR}),
        "safety_net",
        [],
    ),
    "SAFETY_NET_TEKUN": (
        case("SAFETY_NET_TEKUN", members={0: NO_LABOUR, 1: {**NO_LABOUR, "tekun": "是"}}),
        "safety_net",
        [],
    ),
    "SAFETY_NET_HOUSING": (
        case(
            "SAFETY_NET_HOUSING",
            unsafe_housing="是",
            members={0: {**NO_LABOUR, "dibao": "是"}, 1: NO_LABOUR},
        ),
        "not_yet",
        ["unsafe_housing"],
    ),
    "ALREADY": (
        case(
            "ALREADY",
            risk_eliminated="是",
            elimination_method="帮扶消除",
            eliminated_month="202110",
        ),
        "eliminated",
        [],
    ),
    "ALREADY_LOW": (
        case(
            "ALREADY_LOW",
            wage_income=8000,
            risk_eliminated="是",
            elimination_method="自然消除",
            eliminated_month="202110",
        ),
        "eliminated",
        [],
    ),
    "NEVER_MONITORED": (
        case("NEVER_MONITORED", recorded_category="", monitored_since=""),
        None,
        [],
    ),
}


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [row for rows, _, _ in CASES.values() for row in rows]
    return write_xlsx(tmp_path_factory.mktemp("elimination") / "roster.xlsx", rows)


@pytest.fixture(scope="module")
def result(roster: Path) -> api.Classification:
    return api.classify(roster, as_of=AS_OF, year=2021)


@pytest.fixture(scope="module")
def by_id(result: api.Classification) -> pd.DataFrame:
    return result.households.set_index("household_id")


def blocker_codes(row: pd.Series) -> list[str]:
    return [b["code"] for b in row["elimination_blockers"]]


@pytest.mark.parametrize("household_id", list(CASES))
def test_elimination_status_and_blockers(household_id: str, by_id: pd.DataFrame) -> None:
    _, status, blockers = CASES[household_id]
    row = by_id.loc[household_id]

    assert (None if pd.isna(row["elimination_status"]) else row["elimination_status"]) == status
    assert blocker_codes(row) == blockers


def test_every_blocker_code_is_covered_by_a_case() -> None:
    covered = {code for _, _, blockers in CASES.values() for code in blockers}

    # no_measure holds only where the profile allows no 自然消除: test_no_natural_elimination…
    assert covered | {"no_measure"} == set(BLOCKERS)


def test_months_monitored_at_the_boundary(by_id: pd.DataFrame) -> None:
    assert by_id.loc["SIX_MONTHS", "months_monitored"] == 6
    assert by_id.loc["FIVE_MONTHS", "months_monitored"] == 5
    assert by_id.loc["ELIGIBLE", "months_monitored"] == 9


def test_blocker_sentences_state_the_figures(by_id: pd.DataFrame) -> None:
    (short,) = by_id.loc["FIVE_MONTHS", "elimination_blockers"]
    below = by_id.loc["INCOME_BELOW", "elimination_blockers"][0]
    (last,) = by_id.loc["LAST_YEAR", "elimination_blockers"]

    assert short["message"] == "纳入监测仅 5 个月（202107 起），不足 6 个月"
    assert below["message"] == "人均纯收入 5,500.00 元低于监测线 6,000 元"
    assert "5,999.00" in last["message"] and "6,000" in last["message"]


def test_blocker_sentences_in_english(roster: Path) -> None:
    households = api.classify(roster, as_of=AS_OF, year=2021, lang="en").households
    row = households.set_index("household_id").loc["FIVE_MONTHS"]

    assert row["elimination_blockers"] == [
        {
            "code": "monitored_too_short",
            "message": "monitored 5 months (since 202107), under 6",
        }
    ]


def test_eligible_households_are_assisted_with_a_measure_and_natural_without(
    by_id: pd.DataFrame,
) -> None:
    eligible = by_id.loc[by_id["elimination_status"].eq("eligible")]

    assert sorted(eligible.index) == ["ELIGIBLE", "NO_MEASURE", "SIX_MONTHS", "UNKNOWN_MEASURE"]
    assert eligible["elimination_method_proposed"].to_dict() == {
        "ELIGIBLE": "assisted",
        "SIX_MONTHS": "assisted",
        # nothing was done for them, so the cause went away by itself (§6)
        "NO_MEASURE": "natural",
        "UNKNOWN_MEASURE": "natural",
    }
    others = by_id.loc[by_id["elimination_status"].ne("eligible")]
    assert others["elimination_method_proposed"].isna().all()


def test_natural_elimination_needs_the_same_tests_as_assisted(by_id: pd.DataFrame) -> None:
    blocked = by_id.loc[["NATURAL_BELOW", "NATURAL_WATER", "NATURAL_SHORT"]]

    assert blocked["measures_received_codes"].map(len).eq(0).all()
    assert blocked["elimination_status"].eq("not_yet").all()
    assert blocked["elimination_method_proposed"].isna().all()
    codes = {
        code for blockers in by_id["elimination_blockers"] for code in blocker_codes_of(blockers)
    }
    assert "no_measure" not in codes


def blocker_codes_of(blockers: list[dict[str, str]]) -> list[str]:
    return [b["code"] for b in blockers]


def test_already_eliminated_keeps_the_recorded_method_in_json(result: api.Classification) -> None:
    records = {r["household_id"]: r for r in result.to_dict(everyone=True)["households"]}

    already = records["ALREADY"]["elimination"]

    assert already["status"] == "eliminated"
    assert already["blockers"] == []
    assert already["recorded_method"] == "assisted"
    assert already["eliminated_month"] == "202110"
    assert records["ALREADY_LOW"]["returned_to_risk"] is True
    assert records["ELIGIBLE"]["elimination"]["method"] == "assisted"
    assert records["NO_MEASURE"]["elimination"]["method"] == "natural"
    assert records["FIVE_MONTHS"]["elimination"]["blockers"][0]["code"] == "monitored_too_short"


def test_household_never_monitored_has_no_elimination_in_json(result: api.Classification) -> None:
    records = {r["household_id"]: r for r in result.to_dict(everyone=True)["households"]}

    assert records["NEVER_MONITORED"]["elimination"] is None


def test_elimination_method_is_null_in_json_when_not_eligible(result: api.Classification) -> None:
    records = {r["household_id"]: r for r in result.to_dict(everyone=True)["households"]}

    assert records["ALREADY"]["elimination"]["method"] is None
    assert records["FIVE_MONTHS"]["elimination"]["method"] is None


def write_profile(folder: Path, body: str) -> Path:
    path = folder / "county.toml"
    path.write_text(f'extends = "national"\n[elimination]\n{body}\n', encoding="utf-8")
    return path


def test_no_natural_elimination_blocks_a_household_without_a_measure(
    roster: Path, tmp_path: Path
) -> None:
    profile = write_profile(tmp_path, "allow_natural = false")
    households = api.classify(roster, profile=profile, as_of=AS_OF, year=2021).households
    by_id = households.set_index("household_id")

    assert by_id.loc["NO_MEASURE", "elimination_status"] == "not_yet"
    assert blocker_codes(by_id.loc["NO_MEASURE"]) == ["no_measure"]
    assert blocker_codes(by_id.loc["UNKNOWN_MEASURE"]) == ["no_measure"]
    assert by_id.loc["NO_MEASURE", "elimination_blockers"][0]["message"] == (
        "尚未落实任何帮扶措施（本方案不允许自然消除）"
    )
    assert by_id.loc["ELIGIBLE", "elimination_method_proposed"] == "assisted"
    assert blocker_codes(by_id.loc["NO_LABOUR"]) == ["no_labour_no_security"]


def test_no_natural_elimination_and_no_measure_required_proposes_assisted(
    roster: Path, tmp_path: Path
) -> None:
    profile = write_profile(tmp_path, "allow_natural = false\nrequire_measure = false")
    by_id = api.classify(roster, profile=profile, as_of=AS_OF, year=2021).households.set_index(
        "household_id"
    )

    assert by_id.loc["NO_MEASURE", "elimination_status"] == "eligible"
    assert by_id.loc["NO_MEASURE", "elimination_method_proposed"] == "assisted"


def test_returned_to_risk_carries_the_action_re_identify(result: api.Classification) -> None:
    records = {r["household_id"]: r for r in result.to_dict(everyone=True)["households"]}

    assert records["ALREADY_LOW"]["returned_to_risk"] is True
    assert records["ALREADY_LOW"]["elimination"]["action"] == "re_identify"
    assert records["ALREADY"]["elimination"]["action"] is None
    assert records["ELIGIBLE"]["elimination"]["action"] is None
    actions = result.households.set_index("household_id")["elimination_action"]
    assert actions.dropna().to_dict() == {"ALREADY_LOW": "re_identify"}


def test_the_elimination_sheet_says_re_identify(result: api.Classification) -> None:
    table = elimination_table(result.households, result.parameters).set_index("户编号")

    assert table.loc["ALREADY_LOW", "建议处理"].startswith("风险再标注")
    assert "风险消除回退" in table.loc["ALREADY_LOW", "建议处理"]
    assert pd.isna(table.loc["ALREADY", "建议处理"])


def test_profile_parameters_move_the_blockers(roster: Path, tmp_path: Path) -> None:
    profile = write_profile(tmp_path, "min_months = 5\ncheck_last_year = false")
    by_id = api.classify(roster, profile=profile, as_of=AS_OF, year=2021).households.set_index(
        "household_id"
    )

    assert by_id.loc["FIVE_MONTHS", "elimination_status"] == "eligible"
    assert by_id.loc["LAST_YEAR", "elimination_status"] == "eligible"


# -- property: no labour, never eligible -------------------------------------------------

PROFILE = load_profile("national")
MEASURE_TEXTS = ["", "小额信贷", "低保", "医保、公益岗位", "送温暖活动", "特困供养；危房改造"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    path = write_xlsx(tmp_path_factory.mktemp("base") / "base.xlsx", case("B1"))
    validated = api.load_roster(path, as_of=AS_OF)
    return build_households(validated, AS_OF), validated.issues.iloc[0:0]


state = st.fixed_dictionaries(
    {
        "labour": st.integers(0, 2),
        "dibao": st.integers(0, 2),
        "tekun": st.integers(0, 1),
        "per_capita": st.floats(3000, 20000, allow_nan=False),
        "last_year": st.none() | st.floats(3000, 20000, allow_nan=False),
        "compliant": st.sampled_from([0.0, 2000.0, 12000.0]),
        "since": st.sampled_from([None, "202001", "202103", "202106", "202107", "202111"]),
        "recorded": st.sampled_from([None, "marginal", "unstable_escaped", "sudden_hardship"]),
        "eliminated": st.sampled_from([None, True, False]),
        "measures": st.sampled_from(MEASURE_TEXTS),
        "gaps": st.sets(st.sampled_from(["dropout", "uninsured", "housing", "water"])),
    }
)


def eliminate(
    base: pd.DataFrame, issues: pd.DataFrame, states: list[dict[str, Any]]
) -> pd.DataFrame:
    frame = base.loc[[0] * len(states)].reset_index(drop=True)
    frame["household_id"] = [f"P{i}" for i in range(len(states))]
    frame["size"] = 2
    frame["wage_income"] = [2 * s["per_capita"] for s in states]
    frame["compliant_expense"] = [s["compliant"] for s in states]
    frame["last_year_per_capita_income"] = [
        np.nan if s["last_year"] is None else s["last_year"] for s in states
    ]
    frame["monitored_since"] = pd.Series([s["since"] for s in states], dtype=object)
    frame["recorded_category"] = pd.Series([s["recorded"] for s in states], dtype=object)
    frame["risk_eliminated"] = pd.array([s["eliminated"] for s in states], dtype="boolean")
    frame["measures_received"] = [s["measures"] for s in states]
    frame["labour_count"] = [s["labour"] for s in states]
    frame["employed_count"] = [s["labour"] for s in states]
    frame["dibao_count"] = [s["dibao"] for s in states]
    frame["tekun_count"] = [s["tekun"] for s in states]
    frame["dropout_count"] = [int("dropout" in s["gaps"]) for s in states]
    frame["uninsured_count"] = [int("uninsured" in s["gaps"]) for s in states]
    frame["unsafe_housing"] = pd.array(["housing" in s["gaps"] for s in states], dtype="boolean")
    frame["safe_water"] = pd.array(["water" not in s["gaps"] for s in states], dtype="boolean")
    parameters = Parameters(PROFILE, 2021, AS_OF)
    assessed = assess(frame, issues, parameters)
    measured = assign_measures(assessed, PROFILE.catalogue, parameters.expression_parameters())
    return assess_elimination(measured, parameters)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states=st.lists(state, min_size=1, max_size=40))
def test_household_without_labour_is_never_eligible(
    base: tuple[pd.DataFrame, pd.DataFrame], states: list[dict[str, Any]]
) -> None:
    frame = eliminate(*base, states)
    status = frame["elimination_status"]
    no_labour = frame["labour_count"].eq(0)
    security = frame["dibao_count"].gt(0) | frame["tekun_count"].gt(0)
    blockers = frame["elimination_blockers"].map(len)

    assert not (no_labour & status.eq("eligible")).any()
    assert (status.eq("safety_net") <= (no_labour & security)).all()
    assert status.eq("not_yet").eq(blockers.gt(0)).all()
    assert frame.loc[frame["recorded_category"].isna(), "elimination_status"].isna().all()
    assert frame["elimination_method_proposed"].notna().eq(status.eq("eligible")).all()
    # §6: the method says why; without a measure in place the risk went away by itself
    method = frame["elimination_method_proposed"]
    no_measure = frame["measures_received_codes"].map(len).eq(0)
    assert method[status.eq("eligible")].eq("natural").eq(no_measure[status.eq("eligible")]).all()
    assert (
        not frame["elimination_blockers"].map(lambda bs: "no_measure" in blocker_codes_of(bs)).any()
    )
    assert frame["elimination_action"].notna().eq(frame["returned_to_risk"]).all()
