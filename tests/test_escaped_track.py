"""Sorting 原建档立卡脱贫户 (domain.md §11, fanpin.rules.escaped): each continue rule on its
own, exit when none holds, no exit proposal on untrusted data, null for other households
and when the profile does not sort; the JSON shape, the summary, the 脱贫户分类 sheet and
the invariant that less income never turns 继续帮扶 into 有序退出."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli.commands import app
from fanpin.rules.assess import Parameters, assess
from fanpin.rules.elimination import assess_elimination
from fanpin.rules.escaped import assess_escaped_track
from fanpin.rules.households import build_households
from fanpin.rules.measures import assign_measures
from fanpin.rules.profiles import load_profile, with_lines
from tests.rosters import Row, header, household, write_xlsx

AS_OF = date(2026, 3, 31)
LINE = 7600
LINES = {2026: LINE}
NO_LABOUR = {"labour_skill": "无劳动力", "employment": "未务工"}
runner = CliRunner()
_first = iter(range(1, 999, 2))


def escaped(
    household_id: str, members: dict[int, dict[str, Any]] | None = None, **fields: Any
) -> list[Row]:
    """A two-person 脱贫户 that may leave assistance unless ``fields`` say not: per-capita
    income 15,000, no transfer income, both adults labour-capable and employed."""
    values: dict[str, Any] = {
        "household_type": "脱贫户",
        "recorded_category": "",
        "monitored_since": "",
        "wage_income": 30000,
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
        "measures_received": "",
        **fields,
    }
    rows = household(household_id, 2, first_order=next(_first), **values)
    for position, changes in (members or {}).items():
        rows[position].update({header(k): v for k, v in changes.items()})
    return rows


# household id -> (rows, proposal, reason codes)
CASES: dict[str, tuple[list[Row], str | None, list[str]]] = {
    "EXIT": (escaped("EXIT"), "exit", ["exit_conditions_met"]),
    "MONITORED": (
        escaped("MONITORED", recorded_category="脱贫不稳定户", monitored_since="202503"),
        "continue",
        ["monitored"],
    ),
    # 5,000 per person: below the line, and below it without transfers too
    "PROPOSED": (
        escaped("PROPOSED", wage_income=10000),
        "continue",
        ["proposed", "relies_on_transfers"],
    ),
    # 8,000 per person: above 7,600, below 1.2 × 7,600
    "WATCH": (escaped("WATCH", wage_income=16000), "continue", ["watch"]),
    "SAFETY_NET": (
        escaped(
            "SAFETY_NET",
            wage_income=0,
            transfer_income=24000,
            members={0: {**NO_LABOUR, "dibao": "是"}, 1: NO_LABOUR},
        ),
        "continue",
        ["safety_net", "relies_on_transfers"],
    ),
    # 11,000 per person of which 7,000 transfers: (22,000 − 14,000) / 2 = 4,000 < 7,600
    "TRANSFERS": (
        escaped("TRANSFERS", wage_income=8000, transfer_income=14000),
        "continue",
        ["relies_on_transfers"],
    ),
    # exactly the line without transfers is not below it
    "TRANSFERS_AT_LINE": (
        escaped("TRANSFERS_AT_LINE", wage_income=2 * LINE, transfer_income=8000),
        "exit",
        ["exit_conditions_met"],
    ),
    "RETURNED": (
        escaped(
            "RETURNED",
            wage_income=9000,
            transfer_income=1000,
            recorded_category="脱贫不稳定户",
            monitored_since="202103",
            risk_eliminated="是",
            elimination_method="帮扶消除",
            eliminated_month="202112",
        ),
        "continue",
        ["returned_to_risk", "relies_on_transfers"],
    ),
    "MARKED": (
        escaped(
            "MARKED",
            household_type="监测户",
            recorded_category="脱贫不稳定户",
            monitored_since="202503",
        ),
        "continue",
        ["monitored"],
    ),
    "DATA_ERROR": (
        escaped("DATA_ERROR", wage_income="三千", reported_per_capita_income=15000),
        "continue",
        ["data_error"],
    ),
    "ORDINARY": (escaped("ORDINARY", household_type="一般农户"), None, []),
    "ORDINARY_POOR": (
        escaped("ORDINARY_POOR", household_type="一般农户", wage_income=8000),
        None,
        [],
    ),
}


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [row for rows, _, _ in CASES.values() for row in rows]
    return write_xlsx(tmp_path_factory.mktemp("escaped") / "roster.xlsx", rows)


@pytest.fixture(scope="module")
def result(roster: Path) -> api.Classification:
    return api.classify(roster, profile="national-2026", as_of=AS_OF, lines=LINES)


@pytest.fixture(scope="module")
def records(result: api.Classification) -> dict[str, dict[str, Any]]:
    return {r["household_id"]: r for r in result.to_dict(everyone=True)["households"]}


@pytest.mark.parametrize("household_id", list(CASES))
def test_proposal_and_reasons(household_id: str, records: dict[str, dict[str, Any]]) -> None:
    _, proposal, reasons = CASES[household_id]
    track = records[household_id]["escaped_track"]

    if proposal is None:
        assert track is None
    else:
        assert track["proposal"] == proposal
        assert [r["code"] for r in track["reasons"]] == reasons


def test_every_rule_of_the_profile_is_covered_by_a_case() -> None:
    covered = {code for _, _, reasons in CASES.values() for code in reasons}
    rules = {r.code for r in load_profile("national-2026").escaped_track.continue_when}

    assert rules | {"data_error", "exit_conditions_met"} == covered


def test_reasons_carry_the_profile_labels(records: dict[str, dict[str, Any]]) -> None:
    (reason,) = records["WATCH"]["escaped_track"]["reasons"]
    (error,) = records["DATA_ERROR"]["escaped_track"]["reasons"]

    assert reason == {"code": "watch", "label": "收入接近监测线，跟踪观察"}
    assert error["label"].startswith("数据有误，核实前不作退出建议：数据错误：工资性收入")


def test_reasons_in_english(roster: Path) -> None:
    english = api.classify(roster, profile="national-2026", as_of=AS_OF, lines=LINES, lang="en")
    by_id = {r["household_id"]: r for r in english.to_dict(everyone=True)["households"]}

    assert by_id["WATCH"]["escaped_track"]["reasons"] == [
        {"code": "watch", "label": "income near the line: on the watch list"}
    ]
    assert by_id["EXIT"]["escaped_track"]["reasons"][0]["label"].startswith("stable income")


def test_summary_counts_exit_and_continue(result: api.Classification) -> None:
    summary = result.summary()["escaped_track"]
    expected_continue = [k for k, (_, p, _) in CASES.items() if p == "continue"]

    assert summary["exit"] == {"households": 2, "people": 4}
    assert summary["continue"] == {
        "households": len(expected_continue),
        "people": 2 * len(expected_continue),
    }
    assert summary["reasons"]["relies_on_transfers"] == 4
    assert summary["reasons"]["data_error"] == 1
    assert "exit_conditions_met" not in summary["reasons"]


def test_national_does_not_sort(roster: Path) -> None:
    result = api.classify(roster, as_of=AS_OF, lines=LINES)
    payload = result.to_dict(everyone=True)

    assert all(h["escaped_track"] is None for h in payload["households"])
    assert payload["summary"]["escaped_track"] is None


def test_a_county_changes_the_rules(roster: Path, tmp_path: Path) -> None:
    rules = load_profile("national").escaped_track.continue_when
    kept = [r for r in rules if r.code != "relies_on_transfers"]
    body = "".join(
        f'[[escaped_track.continue_when]]\ncode = "{r.code}"\nlabel = "{r.label}"\n'
        f'when = "{r.when}"\n'
        for r in kept
    )
    profile = tmp_path / "county.toml"
    profile.write_text(f'extends = "national-2026"\n{body}', encoding="utf-8")
    by_id = api.classify(roster, profile=profile, as_of=AS_OF, lines=LINES).households.set_index(
        "household_id"
    )

    assert by_id.loc["TRANSFERS", "escaped_track"] == "exit"
    assert by_id.loc["SAFETY_NET", "escaped_track"] == "continue"


def test_classify_workbook_has_the_sorting_sheet(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    result = runner.invoke(
        app,
        ["classify", str(roster), "--profile", "national-2026", "--line", "2026=7600"]
        + ["--as-of", "2026-03-31", "-o", str(target)],
    )

    assert result.exit_code == 1, result.output  # DATA_ERROR is a data error
    book = openpyxl.load_workbook(target)
    assert "脱贫户分类" in book.sheetnames
    rows = list(book["脱贫户分类"].iter_rows(values_only=True))
    header_row, body = rows[0], rows[1:]
    assert header_row[:4] == ("户编号", "乡(镇)", "行政村", "户主姓名")
    by_id = {row[0]: dict(zip(header_row, row, strict=True)) for row in body}
    assert set(by_id) == {k for k, (_, p, _) in CASES.items() if p is not None}
    assert by_id["EXIT"]["分类建议"] == "建议有序退出"
    assert by_id["TRANSFERS"]["分类建议"] == "建议继续帮扶"
    assert by_id["TRANSFERS"]["扣除转移性收入后人均(元)"] == 4000
    assert "扣除转移性收入后人均纯收入低于监测线" in by_id["TRANSFERS"]["依据"]


def test_classify_workbook_of_national_has_no_sorting_sheet(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    runner.invoke(
        app,
        ["classify", str(roster), "--line", "2026=7600", "--as-of", "2026-03-31"]
        + ["-o", str(target)],
    )

    assert "脱贫户分类" not in openpyxl.load_workbook(target).sheetnames


# -- property: less income never turns 继续帮扶 into 有序退出 ----------------------------

PROFILE = with_lines(load_profile("national-2026"), LINES, ("option", "--line"))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    path = write_xlsx(tmp_path_factory.mktemp("base") / "base.xlsx", escaped("B1"))
    validated = api.load_roster(path, as_of=AS_OF)
    return build_households(validated, AS_OF), validated.issues.iloc[0:0]


state = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["escaped", "ordinary"]),
        "wage": st.floats(0, 40000, allow_nan=False),
        "transfer": st.floats(0, 20000, allow_nan=False),
        "labour": st.integers(0, 2),
        "dibao": st.integers(0, 1),
        "recorded": st.sampled_from([None, "unstable_escaped"]),
        "eliminated": st.sampled_from([None, True]),
    }
)


def sort(base: pd.DataFrame, issues: pd.DataFrame, states: list[dict[str, Any]]) -> pd.DataFrame:
    frame = base.loc[[0] * len(states)].reset_index(drop=True)
    frame["household_id"] = [f"P{i}" for i in range(len(states))]
    frame["size"] = 2
    frame["household_type"] = [s["kind"] for s in states]
    frame["wage_income"] = [s["wage"] for s in states]
    frame["transfer_income"] = [s["transfer"] for s in states]
    frame["labour_count"] = [s["labour"] for s in states]
    frame["employed_count"] = [s["labour"] for s in states]
    frame["dibao_count"] = [s["dibao"] for s in states]
    frame["recorded_category"] = pd.Series([s["recorded"] for s in states], dtype=object)
    frame["monitored_since"] = pd.Series(
        ["202103" if s["recorded"] else None for s in states], dtype=object
    )
    frame["risk_eliminated"] = pd.array([s["eliminated"] for s in states], dtype="boolean")
    parameters = Parameters(PROFILE, 2026, AS_OF)
    assessed = assess(frame, issues, parameters)
    measured = assign_measures(assessed, PROFILE.catalogue, parameters.expression_parameters())
    return assess_escaped_track(assess_elimination(measured, parameters), parameters)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states=st.lists(state, min_size=1, max_size=30), cut=st.floats(0.0, 1.0))
def test_less_income_never_turns_continue_into_exit(
    base: tuple[pd.DataFrame, pd.DataFrame], states: list[dict[str, Any]], cut: float
) -> None:
    before = sort(*base, states)
    poorer = sort(*base, [{**s, "wage": s["wage"] * cut} for s in states])
    escaped_rows = before["household_type"].eq("escaped")

    assert before["escaped_track"].notna().eq(escaped_rows).all()
    reasons = before["escaped_track_reasons"]
    continuing = before["escaped_track"].eq("continue")
    assert continuing.eq(
        reasons.map(lambda rs: bool(rs) and rs[0]["code"] != "exit_conditions_met")
    ).all()
    assert not (continuing & poorer["escaped_track"].eq("exit")).any()
