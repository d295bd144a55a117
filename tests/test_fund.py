"""The relief-fund ledger: each check on a ledger made for it, exact money, outputs, CLI."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.campaigns.fund.checks import FundResult, check_fund
from fanpin.campaigns.fund.ledger import parse_amount, parse_date, read_ledger
from fanpin.cli.commands import app
from fanpin.errors import FanpinError, ProfileError
from fanpin.io import schema
from fanpin.io.messages import Lang
from fanpin.outputs.fund import ENTRY_PRINT_COLUMNS, breakdown_table, export_fund
from fanpin.outputs.templates import write_ledger_template
from fanpin.outputs.write import print_context
from fanpin.rules.profiles import Profile, load_profile
from fanpin.samples.fund import EXAMPLE_AS_OF, write_example_ledger
from tests.rosters import OMIT, Row, household, issues_of, mask, valid_id, write_csv, write_xlsx
from tests.test_procedure import header_row, printed_columns, printed_points, rows_of

AS_OF = date(2021, 12, 31)
NUMERIC_ID = "4310811010010001"
EXAMPLE_DIR = Path(__file__).parent.parent / "examples" / "workspace" / "data" / "zixing"
FIRST_ROW = 3  # one title row, the header, then data

PROFILE = """
extends = "national"
name = "fund_test"
version = "0.1"

[fund]
causes = ["illness", "disaster", "housing"]
yearly_cap = 20000

[fund.caps]
illness = 10000
disaster = 5000

[fund.standards]
housing = 8000
"""


def ledger_header(name: str) -> str:
    return schema.FUND_LEDGER.by_name[name].header


_PAYMENT: dict[str, Any] = {
    "date": date(2021, 6, 10),
    "entry_type": "支出",
    "household_id": "H001",
    "payee_name": "成员1",
    "payee_id": valid_id(order="001"),
    "cause": "因病",
    "amount": 3000,
    "event_ref": "E001",
    "village_check_result": "通过",
    "village_check_date": date(2021, 6, 1),
    "data_check_result": "通过",
    "data_check_date": date(2021, 6, 3),
    "industry_audit_result": "通过",
    "industry_audit_date": date(2021, 6, 5),
    "approver": "刘建国",
}


def payment(**overrides: Any) -> Row:
    """A clean payment to monitored household H001 (keyed by the ledger's headers)."""
    values = {**_PAYMENT, **overrides}
    return {ledger_header(k): v for k, v in values.items() if v is not OMIT}


def tranche(when: date = date(2021, 3, 1), amount: Any = 5_000_000) -> Row:
    return {
        ledger_header("date"): when,
        ledger_header("entry_type"): "注资",
        ledger_header("amount"): amount,
    }


@pytest.fixture(scope="module")
def roster_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """H001 monitored (2 people), H002 eliminated 202109, H003 not monitored, H004 since
    202108, and a monitored household with a national-style 16-digit 户编号."""
    monitored = {"recorded_category": "脱贫不稳定户", "monitored_since": "202103"}
    rows = [
        *household("H001", size=2, first_order=1, **monitored),
        *household(
            "H002",
            size=1,
            first_order=3,
            risk_eliminated="是",
            elimination_method="帮扶消除",
            eliminated_month="202109",
            **monitored,
        ),
        *household("H003", size=1, first_order=4, monitored_since=""),
        *household(
            "H004",
            size=1,
            first_order=5,
            township="州门镇",
            **{**monitored, "monitored_since": "202108"},
        ),
        *household(NUMERIC_ID, size=1, first_order=6, **monitored),
    ]
    return write_xlsx(tmp_path_factory.mktemp("roster") / "roster.xlsx", rows)


@pytest.fixture(scope="module")
def profile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("profile") / "fund_test.toml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def roster_frames(roster_path: Path, profile_path: Path) -> Any:
    """The test roster read and classified once: (profile, classification, members)."""
    profile = load_profile(profile_path)
    classification = api.classify(roster_path, profile=profile, as_of=AS_OF)
    members = api.load_roster(roster_path, as_of=AS_OF)
    return profile, classification, members


def write_ledger(path: Path, rows: Sequence[Row]) -> Path:
    if path.suffix == ".csv":
        return write_csv(path, rows)
    return write_xlsx(path, rows, sheet="台账", title_rows=1)


def check(path: Path, frames: Any, profile: Profile | None = None, lang: Lang = "zh") -> FundResult:
    """What ``api.fund`` does, with the roster read and classified once per module."""
    base, classification, members = frames
    ledger = read_ledger(path, as_of=AS_OF, lang=lang)
    meta = api.meta_for("fund", lang, [ledger, members], as_of=AS_OF.isoformat())
    return check_fund(
        ledger,
        classification.households,
        members.members,
        profile or base,
        AS_OF,
        meta,
        lang=lang,
        roster_issues=members.issues,
    )


def found(result: FundResult) -> set[tuple[str, int | None, str]]:
    return {(i.code, i.row, i.column) for i in issues_of(result)}


@pytest.fixture
def fund_of(tmp_path: Path, roster_frames: Any) -> Any:
    def make(
        rows: Sequence[Row], name: str = "ledger.xlsx", profile: Profile | None = None
    ) -> FundResult:
        return check(write_ledger(tmp_path / name, rows), roster_frames, profile)

    return make


# -- a clean ledger ------------------------------------------------------------------------


def test_clean_ledger_has_no_issue_and_exact_totals(
    tmp_path: Path, roster_path: Path, profile_path: Path
) -> None:
    path = write_ledger(
        tmp_path / "ledger.xlsx",
        [
            tranche(),
            payment(),
            payment(
                household_id="H004",
                payee_name="成员5",
                payee_id=valid_id(order="005"),
                date=date(2021, 9, 1),
                village_check_date=date(2021, 8, 20),
                data_check_date=date(2021, 8, 22),
                industry_audit_date=date(2021, 8, 25),
                cause="因灾",
                amount="1,200.50",
                event_ref="E002",
            ),
        ],
    )
    result = api.fund(path, roster_path, profile=profile_path, as_of=AS_OF)
    assert issues_of(result) == []
    assert result.ok
    s = result.summary
    assert (s["total_tranches"], s["total_paid"], s["balance"]) == (
        "5000000.00",
        "4200.50",
        "4995799.50",
    )
    assert s["households_helped"] == 2 and s["people_helped"] == 3
    assert s["by_cause"] == {
        "illness": {"payments": 1, "households": 1, "amount": "3000.00"},
        "disaster": {"payments": 1, "households": 1, "amount": "1200.50"},
    }
    assert s["by_township"]["州门镇"] == {
        "payments": 1,
        "households": 1,
        "people": 1,
        "amount": "1200.50",
    }
    assert list(s["by_month"]) == ["2021-03", "2021-06", "2021-09"]
    assert s["by_month"]["2021-09"]["closing_balance"] == "4995799.50"
    assert s["tranche_source"] == "ledger"


# -- each error on a ledger made for it ------------------------------------------------------

_OTHER = {"household_id": "H003", "payee_name": "成员4", "payee_id": valid_id(order="004")}
WARNINGS = {
    "fund_payee_name_mismatch",
    "fund_after_elimination",
    "fund_before_identification",
    "fund_off_standard",
    "fund_after_as_of",
    "fund_zero_amount",
}
SCENARIOS = [
    pytest.param({"amount": 0}, {("fund_zero_amount", "金额(元)")}, id="zero-amount"),
    pytest.param({"entry_type": None}, {("missing_value", "类型")}, id="no-type-is-a-payment"),
    pytest.param({"cause": None}, {("missing_value", "救助原因")}, id="no-cause"),
    pytest.param({"data_check_result": "合格"}, set(), id="checkpoint-spelling"),
    pytest.param(
        {
            "household_id": int(NUMERIC_ID),
            "payee_name": "成员6",
            "payee_id": valid_id(order="006"),
        },
        set(),
        id="household-id-typed-as-number",
    ),
    pytest.param(
        {"household_id": "H999"},
        {("fund_unknown_household", "户编号")},
        id="household-not-in-roster",
    ),
    pytest.param(_OTHER, {("fund_not_monitored", "户编号")}, id="household-not-monitored"),
    pytest.param(
        {"payee_id": valid_id(order="004"), "payee_name": "成员4"},
        {("fund_payee_not_member", "收款人证件号码")},
        id="id-of-another-household",
    ),
    pytest.param(
        {"payee_id": valid_id(order="777")},
        {("fund_payee_not_member", "收款人证件号码")},
        id="id-not-in-roster",
    ),
    pytest.param(
        {"payee_name": "张三"},
        {("fund_payee_name_mismatch", "收款人姓名")},
        id="name-differs",
    ),
    pytest.param(
        {"payee_name": "成员2", "payee_id": valid_id(order="002")}, set(), id="spouse-is-fine"
    ),
    pytest.param(
        {"data_check_result": None, "data_check_date": None},
        {("fund_checkpoint_missing", "部门数据比对结果")},
        id="checkpoint-missing",
    ),
    pytest.param(
        {"village_check_date": None},
        {("fund_checkpoint_missing", "乡村核实日期")},
        id="checkpoint-date-missing",
    ),
    pytest.param(
        {"industry_audit_result": "不通过"},
        {("fund_checkpoint_failed", "行业扶贫单位稽核结果")},
        id="checkpoint-failed",
    ),
    pytest.param(
        {"industry_audit_date": date(2021, 6, 11)},
        {("fund_paid_before_check", "行业扶贫单位稽核日期")},
        id="paid-before-checkpoint",
    ),
    pytest.param({"industry_audit_date": date(2021, 6, 10)}, set(), id="checked-on-payment-day"),
    pytest.param(
        {"amount": 10000.01},
        {("fund_over_cap", "金额(元)")},
        id="over-cause-cap",
    ),
    pytest.param({"amount": 10000}, set(), id="at-cause-cap"),
    pytest.param(
        {"cause": "因房", "amount": 7000},
        {("fund_off_standard", "金额(元)")},
        id="off-standard",
    ),
    pytest.param(
        {"cause": "因产业"},
        {("fund_cause_not_covered", "救助原因")},
        id="cause-not-covered",
    ),
    pytest.param({"cause": "因学"}, {("not_in_vocabulary", "救助原因")}, id="not-a-fund-cause"),
    pytest.param(
        {"amount": "3000.005"},
        {("fund_amount_precision", "金额(元)")},
        id="three-decimals",
    ),
    pytest.param({"amount": "三千"}, {("not_a_number", "金额(元)")}, id="amount-words"),
    pytest.param({"amount": -3000}, {("negative_amount", "金额(元)")}, id="negative-amount"),
    pytest.param({"date": "2021-02-30"}, {("bad_date", "日期")}, id="bad-date"),
    pytest.param({"date": date(2022, 1, 3)}, {("fund_after_as_of", "日期")}, id="after-as-of"),
    pytest.param({"approver": None}, {("missing_value", "审批人")}, id="no-approver"),
    pytest.param({"event_ref": None}, {("missing_value", "事件编号")}, id="no-event-reference"),
    pytest.param(
        {"payee_id": valid_id(order="001")[:17] + "Y"},
        {("id_format", "收款人证件号码")},
        id="malformed-id",
    ),
    pytest.param(
        {"household_id": "H002", "payee_name": "成员3", "payee_id": valid_id(order="003")},
        set(),
        id="eliminated-paid-before-elimination",
    ),
    pytest.param(
        {
            "household_id": "H002",
            "payee_name": "成员3",
            "payee_id": valid_id(order="003"),
            "date": date(2021, 10, 8),
            "village_check_date": date(2021, 10, 1),
            "data_check_date": date(2021, 10, 2),
            "industry_audit_date": date(2021, 10, 3),
        },
        {("fund_after_elimination", "户编号")},
        id="paid-after-elimination",
    ),
    pytest.param(
        {"household_id": "H004", "payee_name": "成员5", "payee_id": valid_id(order="005")},
        {("fund_before_identification", "日期")},
        id="paid-before-identification",
    ),
    pytest.param(
        {
            "household_id": "H004",
            "payee_name": "成员5",
            "payee_id": valid_id(order="005"),
            "cause": "因灾",
        },
        set(),
        id="disaster-may-precede-identification",
    ),
]


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory, roster_frames: Any) -> FundResult:
    """One ledger: a tranche, then one payment row per scenario (each its own event).

    The yearly cap is lifted here so that the rows of H001 do not add up against it;
    it has its own ledger below.
    """
    profile = roster_frames[0]
    profile = profile.model_copy(
        update={"fund": profile.fund.model_copy(update={"yearly_cap": None})}
    )
    rows = [tranche()]
    for index, scenario in enumerate(SCENARIOS):
        overrides: dict[str, Any] = {"event_ref": f"S{index}"}
        overrides.update(scenario.values[0])  # type: ignore[call-overload]
        rows.append(payment(**overrides))
    path = write_ledger(tmp_path_factory.mktemp("scenarios") / "ledger.xlsx", rows)
    return check(path, roster_frames, profile)


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[s.id for s in SCENARIOS])
def test_each_payment_error(scenarios: FundResult, index: int) -> None:
    """Each row made for one problem shows exactly that problem, at that row and column."""
    expected = SCENARIOS[index].values[1]
    row = FIRST_ROW + 1 + index
    on_row = [i for i in issues_of(scenarios) if i.row == row]
    assert {(i.code, i.column) for i in on_row} == expected
    for issue in on_row:
        assert issue.sheet == "台账"
        assert issue.severity == ("warning" if issue.code in WARNINGS else "error")


def test_scenarios_leave_the_tranche_row_alone(scenarios: FundResult) -> None:
    assert all(i.row is not None and i.row > FIRST_ROW for i in issues_of(scenarios))
    assert not scenarios.ok


def test_messages_name_the_problem_and_mask_ids(fund_of: Any) -> None:
    other = valid_id(order="004")
    result = fund_of([tranche(), payment(payee_id=other, payee_name="成员4")])
    (issue,) = issues_of(result)
    assert issue.value == mask(other)
    assert "H001" in issue.message and "H003" in issue.message
    assert other not in json.dumps(result.to_dict(), ensure_ascii=False)


def test_yearly_cap_counts_a_household_calendar_year(fund_of: Any) -> None:
    first = payment(amount=9000, event_ref="E1")
    second = payment(
        amount=9000,
        event_ref="E2",
        date=date(2021, 7, 10),
        village_check_date=date(2021, 7, 1),
        data_check_date=date(2021, 7, 2),
        industry_audit_date=date(2021, 7, 3),
    )
    third = payment(
        amount=2000.01,
        event_ref="E3",
        date=date(2021, 8, 10),
        village_check_date=date(2021, 8, 1),
        data_check_date=date(2021, 8, 2),
        industry_audit_date=date(2021, 8, 3),
    )
    # Rows out of date order: the cap follows the dates, not the file.
    result = fund_of([tranche(), third, second, first])
    assert found(result) == {("fund_over_yearly_cap", FIRST_ROW + 1, "金额(元)")}
    (issue,) = issues_of(result)
    assert "20,000.01" in issue.message and "20,000.00" in issue.message


def test_same_event_paid_twice_flags_the_later(fund_of: Any) -> None:
    later = payment(
        date=date(2021, 7, 10),
        village_check_date=date(2021, 7, 1),
        data_check_date=date(2021, 7, 2),
        industry_audit_date=date(2021, 7, 3),
    )
    other_household = payment(
        household_id="H004", payee_name="成员5", payee_id=valid_id(order="005"), cause="因灾"
    )
    result = fund_of([tranche(), later, payment(), other_household])
    # H004 (a different household) may use the same reference.
    assert found(result) == {("fund_duplicate_event", FIRST_ROW + 1, "事件编号")}
    assert f"第 {FIRST_ROW + 2} 行" in issues_of(result)[0].message


def test_negative_balance_names_the_day_and_the_payment(fund_of: Any) -> None:
    early = payment(
        cause="因灾",
        amount=4500,
        date=date(2021, 2, 20),
        village_check_date=date(2021, 2, 10),
        data_check_date=date(2021, 2, 12),
        industry_audit_date=date(2021, 2, 14),
    )
    still_negative = payment(
        cause="因灾",
        amount=500,
        event_ref="E2",
        date=date(2021, 2, 25),
        village_check_date=date(2021, 2, 10),
        data_check_date=date(2021, 2, 12),
        industry_audit_date=date(2021, 2, 14),
    )
    result = fund_of([early, still_negative, tranche(), payment(event_ref="E3")])
    assert found(result) == {("fund_negative_balance", FIRST_ROW, "金额(元)")}
    (issue,) = issues_of(result)
    assert "2021-02-20" in issue.message and "2021-03-01" in issue.message
    assert "-4,500.00" in issue.message
    assert result.summary["negative_balance"] == [
        {
            "date": "2021-02-20",
            "row": FIRST_ROW,
            "balance": "-4500.00",
            "lowest": "-5000.00",
            "restored_on": "2021-03-01",
        }
    ]
    assert result.summary["lowest_balance"] == {"amount": "-5000.00", "date": "2021-02-25"}
    assert result.summary["balance"] == "4992000.00"


def test_tranche_on_the_payment_day_comes_first(fund_of: Any) -> None:
    result = fund_of([payment(), tranche(date(2021, 6, 10), 3000)])
    assert issues_of(result) == []
    assert result.summary["balance"] == "0.00"


def test_balance_still_negative_at_as_of(fund_of: Any) -> None:
    result = fund_of([payment()])
    (issue,) = issues_of(result)
    assert issue.code == "fund_negative_balance"
    assert "截至 2021-12-31 仍为负" in issue.message
    assert result.summary["negative_balance"][0]["restored_on"] is None


def test_profile_tranches_stand_in_when_the_ledger_has_none(tmp_path: Path, fund_of: Any) -> None:
    path = tmp_path / "with_tranche.toml"
    path.write_text(
        PROFILE + '\n[fund.tranches]\n"2021-01-01" = 100000\n"2022-01-01" = 50000\n',
        encoding="utf-8",
    )
    profile = load_profile(path)
    without_type = {k: v for k, v in payment().items() if k != ledger_header("entry_type")}
    result = fund_of([without_type], profile=profile)
    assert issues_of(result) == []
    s = result.summary
    # The 2022 tranche is after the as-of date.
    assert (s["tranche_source"], s["total_tranches"], s["balance"]) == (
        "profile",
        "100000.00",
        "97000.00",
    )
    records = result.to_dict()["entries"]
    assert [r["source"] for r in records] == ["ledger", "profile"]
    assert records[1]["balance_after"] == "100000.00"

    result = fund_of([tranche(date(2021, 1, 1), 90000), payment()], profile=profile)
    assert found(result) == {("fund_tranches_differ", None, "金额(元)")}
    assert result.summary["balance"] == "87000.00"


# -- exact money -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (0.1, Decimal("0.1")),
        (0.30000000000000004, Decimal("0.3")),  # =0.1+0.2 in Excel, shown as 0.3
        (3000, Decimal(3000)),
        (3000.0, Decimal(3000)),
        ("1,200.50", Decimal("1200.50")),
        ("3000元", Decimal(3000)),
        ("¥3,000.00", Decimal("3000.00")),
        ("３０００", Decimal(3000)),
        (" 12.5 ", Decimal("12.5")),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_amount_is_exact(cell: object, expected: Decimal | None) -> None:
    assert parse_amount(cell) == expected
    if expected is not None:
        assert str(parse_amount(cell)) == str(expected)


@pytest.mark.parametrize("cell", ["三千", "1e3", "inf", float("inf"), True, "12.3.4", "--5"])
def test_parse_amount_rejects(cell: object) -> None:
    with pytest.raises(ValueError):
        parse_amount(cell)


@pytest.mark.parametrize(
    "cell",
    [
        date(2021, 3, 5),
        pd.Timestamp("2021-03-05 10:30"),
        "2021-03-05",
        "2021/3/5",
        "2021.03.05",
        "2021年3月5日",
        "20210305",
        20210305,
        44260,  # Excel's day number of 2021-03-05
        "2021-03-05 00:00:00",
    ],
)
def test_parse_date(cell: object) -> None:
    assert parse_date(cell) == date(2021, 3, 5)


@pytest.mark.parametrize("cell", ["2021-02-30", "2021-13-01", "三月五日", 3.5, "05/03/2021"])
def test_parse_date_rejects(cell: object) -> None:
    with pytest.raises(ValueError):
        parse_date(cell)


@pytest.mark.parametrize("name", ["ledger.xlsx", "ledger.csv"])
def test_point_one_plus_point_two_is_point_three(fund_of: Any, name: str) -> None:
    result = fund_of(
        [
            tranche(amount=0.3),
            payment(amount=0.1),
            payment(amount=0.2, event_ref="E2", date=date(2021, 6, 11)),
        ],
        name=name,
    )
    s = result.summary
    assert issues_of(result) == []
    assert (s["total_paid"], s["total_tranches"], s["balance"]) == ("0.30", "0.30", "0.00")
    assert s["by_month"]["2021-06"]["paid"] == "0.30"


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.integers(min_value=1, max_value=99_999_999), min_size=1, max_size=12),
    st.sampled_from(["number", "text", "thousands"]),
)
def test_totals_are_exact_and_add_up(
    tmp_path: Path, roster_frames: Any, fens: list[int], spelling: str
) -> None:
    """Whatever the amounts, the total is their exact sum and every breakdown adds up to it."""
    causes = ["因病", "因灾", "因房"]
    rows = [tranche(amount=10**9)]
    for index, fen in enumerate(fens):
        amount: object = fen / 100
        if spelling == "text":
            amount = f"{Decimal(fen).scaleb(-2)}元"
        elif spelling == "thousands":
            amount = f"{Decimal(fen).scaleb(-2):,}"
        rows.append(
            payment(
                amount=amount,
                event_ref=f"E{index}",
                cause=causes[index % 3],
                household_id=["H001", "H004"][index % 2],
                date=date(2021, 9 + index % 3, 10),
                village_check_date=date(2021, 1, 1),
                data_check_date=date(2021, 1, 2),
                industry_audit_date=date(2021, 1, 3),
            )
        )
    result = check(write_xlsx(tmp_path / "ledger.xlsx", rows), roster_frames)
    s = result.summary
    expected = sum((Decimal(f).scaleb(-2) for f in fens), Decimal(0))
    assert Decimal(s["total_paid"]) == expected
    assert s["total_paid"] == f"{expected:.2f}"
    assert Decimal(s["balance"]) == Decimal(10**9) - expected
    for key in ("by_cause", "by_township"):
        assert sum(Decimal(g["amount"]) for g in s[key].values()) == expected
    assert sum(Decimal(m["paid"]) for m in s["by_month"].values()) == expected
    assert s["payments"] == len(fens)


# -- outputs ---------------------------------------------------------------------------------


def test_exports_json_csv_and_xlsx(fund_of: Any, tmp_path: Path) -> None:
    result = fund_of([tranche(), payment(amount=0.1), payment(amount=1234.56, event_ref="E2")])
    text = export_fund(result, "json", None)
    assert text is not None
    data = json.loads(text)
    assert data == json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert [e["amount"] for e in data["entries"]] == ["5000000.00", "0.10", "1234.56"]
    assert data["entries"][1]["payee_id"] == mask(valid_id(order="001"))
    assert data["entries"][2]["balance_after"] == "4998765.34"
    assert data["entries"][1]["checks"]["data_check"] == {"result": "passed", "date": "2021-06-03"}

    csv_text = export_fund(result, "csv", None)
    assert csv_text is not None and valid_id(order="001") not in csv_text
    assert "1234.56" in csv_text and "4998765.34" in csv_text

    path = tmp_path / "fund.xlsx"
    assert export_fund(result, "xlsx", path) is None
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "汇总",
        "收支明细",
        "按救助原因",
        "按乡镇",
        "按月份",
        "数据问题",
        "参数",
    ]
    entries = workbook["收支明细"]
    headers = [c.value for c in entries[1]]
    amount = headers.index("金额(元)") + 1
    cells = [entries.cell(row=r, column=amount) for r in range(2, 5)]
    assert [c.value for c in cells] == [5000000, 0.1, 1234.56]
    assert {c.number_format for c in cells} == {"#,##0.00"}
    summary = {r[0]: r[1] for r in workbook["汇总"].iter_rows(min_row=4, values_only=True)}
    assert summary["基金余额(元)"] == pytest.approx(4998765.34)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert valid_id(order="001") not in [str(v) for v in row]
    with pytest.raises(FanpinError, match="-o NAME.xlsx"):
        export_fund(result, "xlsx", None)


def test_workbook_prints_readably_on_a4(example: Any, tmp_path: Path) -> None:
    # 收支明细 printed at ~4 pt with its 23 columns on one A4 width and cut the 问题 text
    # off (issue 16): its print view holds the columns people act on, at ≥ 8 pt.
    result, _, _ = example
    path = tmp_path / "fund.xlsx"
    export_fund(result, "xlsx", path)
    book = load_workbook(path)

    entries = book["收支明细"]
    header = labels.labeller(labels.FUND_ENTRY_COLUMNS, "zh")
    assert printed_columns(entries) == [header[name] for name in ENTRY_PRINT_COLUMNS]
    for sheet in book.worksheets:
        if sheet.print_area is not None:
            assert printed_points(sheet) >= 8, sheet.title
    top = header_row(entries)
    names = [c.value for c in entries[top]]
    rows = rows_of(entries)

    def column(name: str) -> tuple[float, list[Any]]:
        position = names.index(name) + 1
        width = entries.column_dimensions[get_column_letter(position)].width
        below = entries.iter_rows(min_row=top + 1, min_col=position, max_col=position)
        return width, [cell for (cell,) in below]

    width, cells = column("问题")
    assert width >= 40 and all(c.alignment.wrap_text for c in cells if c.value)
    for cell in cells:  # a row holds all its lines: Chinese is two units a character
        units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(cell.value or ""))
        lines = -(-units // int(width))
        if lines > 1:
            assert (entries.row_dimensions[cell.row].height or 15) >= 15 * lines, cell.value
    width, _ = column("户编号")
    assert width >= max(len(str(r["户编号"])) for r in rows if r["户编号"]) + 1
    for name in ("日期", "乡村核实日期"):
        _, cells = column(name)
        dated = [c for c in cells if c.value is not None]
        assert dated and all(isinstance(c.value, datetime) for c in dated)
        assert {c.number_format for c in dated} == {"yyyy-mm-dd"}
    for name in ("按救助原因", "按乡镇"):
        sheet = book[name]
        assert sheet.cell(row=sheet.max_row, column=1).value == "合计"
        assert str(sheet.auto_filter.ref).endswith(str(sheet.max_row - 1)), name
    figures = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=4, values_only=True)}
    assert "提示(条)" in figures and not any("警告" in str(k) for k in figures)


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice"
)
def test_entries_on_paper(example: Any, tmp_path: Path) -> None:
    # Rendered by LibreOffice (as issue 16 was found): 收支明细 prints at 8 pt or more
    # and every 问题 message is on the page in full, not cut off by a one-line row.
    result, _, _ = example
    path = tmp_path / "fund.xlsx"
    export_fund(result, "xlsx", path)
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), path],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / "fund.pdf"
    boxes = subprocess.run(
        ["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = boxes.split("<page ")[1:]
    word = r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>'

    def height(page: str) -> float:
        return statistics.median(float(b) - float(a) for a, b, _ in re.findall(word, page))

    unscaled = next(p for p in pages if "救助原因" in p and "因病" in p and "行号" not in p)
    entries = [n for n, p in enumerate(pages, start=1) if "行号" in p and "收款人姓名" in p]
    assert entries
    for number in entries:
        assert 11 * height(pages[number - 1]) / height(unscaled) >= 8
    only_entries = ["-f", str(entries[0]), "-l", str(entries[-1])]
    printed = subprocess.run(
        ["pdftotext", *only_entries, pdf, "-"], check=True, capture_output=True, text=True
    )
    # pdftotext joins a line broken after a hyphen without it (2021- / 05 → 202105)
    text = re.sub(r"[\s-]", "", printed.stdout)
    for message in result.issues.loc[result.issues["row"].notna(), "message"]:
        assert re.sub(r"[\s-]", "", message) in text, message


def test_workbook_townships_parameters_and_empty_sheets(fund_of: Any, tmp_path: Path) -> None:
    result = fund_of([tranche(), payment(), payment(event_ref="E2")])
    assert result.issues.empty
    path = tmp_path / "fund.xlsx"
    export_fund(result, "xlsx", path)
    book = load_workbook(path)

    problems = book["数据问题"]
    assert problems.cell(row=header_row(problems) + 1, column=1).value == "（无）"
    parameters = {r["项目"]: r["内容"] for r in rows_of(book["参数"])}  # as every 参数 sheet
    assert parameters["单笔上限：因病"] == "10,000.00" and "救助原因" in parameters
    assert not any(re.fullmatch(r"[a-z_ ]+", str(key)) for key in parameters)


def test_townships_in_administrative_code_order(fund_of: Any) -> None:
    # H001 is 唐洞街道 in the roster; H004 州门镇; a 16-digit 户编号 orders by its code.
    rows = [
        tranche(),
        payment(household_id="H004", event_ref="E1"),
        payment(household_id="H001", event_ref="E2"),
        payment(household_id=NUMERIC_ID, event_ref="E3", payee_id=valid_id(order="006")),
        payment(household_id="H999", event_ref="E4"),  # not in the roster: no township
    ]
    result = fund_of(rows)

    towns = list(result.summary["by_township"])
    assert towns[0] == "唐洞街道"  # the only one with a region code (4310811010…)
    assert towns[-1] == "unknown"
    table = breakdown_table(result, "township")
    assert list(table.iloc[:, 0])[-2:] == ["（未知）", "合计"]


def test_terminal_summary_in_chinese_and_english(
    tmp_path: Path, roster_path: Path, profile_path: Path
) -> None:
    ledger = write_ledger(
        tmp_path / "l.xlsx", [tranche(), payment(payee_name="张三"), payment(household_id="H999")]
    )
    common = ["--roster", str(roster_path), "-p", str(profile_path), "--as-of", "2021-12-31"]
    zh = runner.invoke(app, ["fund", str(ledger), *common, "--lang", "zh"]).stdout
    for text in (
        "l.xlsx 工作表“台账”：3 行，计入支出 2 笔、注资 1 笔",
        "基金余额(元)",
        "按救助原因",
        "按乡镇",
        "按月份",
        "按问题统计",
        "级别",
        "错误",
        "提示",
        "错误 1 条，提示 1 条",
    ):
        assert text in zh, text
    words = re.findall(r"[A-Za-z]{3,}", re.sub(r"fund_[a-z_]+|l\.xlsx|fund_test", "", zh))
    assert words == []

    en = runner.invoke(app, ["fund", str(ledger), *common, "--lang", "en"]).stdout
    for text in (
        "l.xlsx sheet '台账': 3 rows, 2 payments counted, 1 tranches",
        "balance (yuan)",
        "by cause",
        "problems by code",
        "1 errors, 1 warnings",
    ):
        assert text in en, text
    assert not re.search(r"提示|错误|基金|按乡镇", en)


def test_english_labels(tmp_path: Path, roster_frames: Any) -> None:
    path = write_ledger(tmp_path / "ledger.xlsx", [tranche(), payment(payee_name="张三")])
    result = check(path, roster_frames, lang="en")
    (issue,) = issues_of(result)
    assert "the roster names the holder of this ID '成员1'" in issue.message
    export_fund(result, "xlsx", tmp_path / "en.xlsx")
    assert load_workbook(tmp_path / "en.xlsx").sheetnames[:2] == ["summary", "entries"]


def test_missing_column_names_what_was_found(tmp_path: Path, roster_path: Path) -> None:
    rows = [{k: v for k, v in payment().items() if k != "事件编号"}]
    path = write_xlsx(tmp_path / "ledger.xlsx", rows)
    with pytest.raises(FanpinError, match=r"missing column 事件编号 \(event_ref\); found: 日期"):
        api.fund(path, roster_path, as_of=AS_OF)


def test_fund_settings_are_checked(tmp_path: Path) -> None:
    for body, message in (
        ("[fund.caps]\nschooling = 100\n", "unknown causes"),
        ("[fund.caps]\nillness = 100.005\n", "yuan and fen"),
        ("[fund.caps]\nillness = 100\n[fund.standards]\nillness = 200\n", "over its cap"),
        ("[fund]\nyearly_cap = -1\n", "greater than 0"),
    ):
        path = tmp_path / "bad.toml"
        path.write_text(f'extends = "national"\nname = "bad"\n{body}', encoding="utf-8")
        with pytest.raises(ProfileError, match=message):
            load_profile(path)


def test_zixing_profile_fund() -> None:
    fund = load_profile("zixing").fund
    assert fund.caps["industry_failure"] == Decimal(5000)
    assert fund.yearly_cap == Decimal(20000)
    assert sum(fund.tranches.values()) == Decimal(5_000_000)


# -- the CLI ---------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_exit_codes(tmp_path: Path, roster_path: Path, profile_path: Path) -> None:
    clean = write_ledger(tmp_path / "clean.xlsx", [tranche(), payment(payee_name="张三")])
    common = ["--roster", str(roster_path), "-p", str(profile_path), "--as-of", "2021-12-31"]
    ok = runner.invoke(app, ["fund", str(clean), *common])
    assert ok.exit_code == 0, ok.output  # a warning does not fail the run
    assert "4,997,000.00" in ok.output and "错误 0 条，提示 1 条" in ok.output

    bad = write_ledger(tmp_path / "bad.xlsx", [tranche(), payment(household_id="H999")])
    as_json = runner.invoke(app, ["fund", str(bad), *common, "--format", "json"])
    assert as_json.exit_code == 1
    library = api.fund(bad, roster_path, profile=profile_path, as_of=AS_OF)
    assert json.loads(as_json.stdout) == json.loads(
        json.dumps(library.to_dict(), ensure_ascii=False)
    )

    out = tmp_path / "out.xlsx"
    written = runner.invoke(app, ["fund", str(bad), *common, "-o", str(out)])
    assert written.exit_code == 1 and out.exists()
    assert "fund_unknown_household" in written.output and "已写入" in written.output

    assert runner.invoke(app, ["fund", str(clean)]).exit_code == 2  # --roster is required
    missing = runner.invoke(app, ["fund", str(tmp_path / "nope.xlsx"), *common])
    assert missing.exit_code == 1 and "找不到文件" in missing.output


# -- the example workspace ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[FundResult, list[Any], Path]:
    from fanpin.samples.roster import generate_members

    regenerated = tmp_path_factory.mktemp("example") / "fund_ledger.xlsx"
    manifest = write_example_ledger(regenerated, generate_members(2000, 431081), seed=2021)
    result = api.fund(
        EXAMPLE_DIR / "fund_ledger.xlsx",
        EXAMPLE_DIR / "roster.xlsx",
        profile="zixing",
        as_of=EXAMPLE_AS_OF,
    )
    return result, manifest, regenerated


def test_example_ledger_is_reproducible_and_small(example: Any) -> None:
    _, _, regenerated = example
    committed = EXAMPLE_DIR / "fund_ledger.xlsx"
    assert regenerated.read_bytes() == committed.read_bytes()
    assert committed.stat().st_size < 100_000


def test_example_ledger_finds_every_planted_problem_and_nothing_else(example: Any) -> None:
    result, manifest, _ = example
    planted = {(p.code, p.row, p.column) for p in manifest}
    kinds = {p.code for p in manifest}
    assert {
        "fund_unknown_household",
        "fund_not_monitored",
        "fund_after_elimination",
        "fund_payee_not_member",
        "fund_checkpoint_missing",
        "fund_checkpoint_failed",
        "fund_paid_before_check",
        "fund_over_cap",
        "fund_over_yearly_cap",
        "fund_duplicate_event",
        "fund_negative_balance",
    } <= kinds
    assert found(result) == planted
    assert len(issues_of(result)) == len(manifest)


def test_example_ledger_totals_against_an_independent_sum(example: Any) -> None:
    """Sum the ledger's cells with Decimal straight from openpyxl, skipping planted bad rows."""
    result, manifest, _ = example
    skipped = {
        p.row
        for p in manifest
        if p.code in {"bad_date", "fund_amount_precision", "fund_after_as_of"}
    }
    sheet = load_workbook(EXAMPLE_DIR / "fund_ledger.xlsx").active
    assert sheet is not None
    headers = [c.value for c in sheet[3]]
    kind_at, amount_at = headers.index("类型"), headers.index("金额(元)")
    paid = paid_in = Decimal(0)
    payments = 0
    for number, row in enumerate(sheet.iter_rows(min_row=4, values_only=True), start=4):
        if number in skipped:
            continue
        text = str(row[amount_at]).replace(",", "").replace("元", "")
        amount = Decimal(text)
        if row[kind_at] == "注资":
            paid_in += amount
        else:
            paid += amount
            payments += 1
    s = result.summary
    assert Decimal(s["total_paid"]) == paid
    assert Decimal(s["total_tranches"]) == paid_in == Decimal(5_000_000)
    assert Decimal(s["balance"]) == paid_in - paid
    assert s["payments"] == payments
    assert s["not_counted"]["rows"] == len(skipped)
    assert sum(Decimal(g["amount"]) for g in s["by_cause"].values()) == paid
    assert sum(Decimal(g["amount"]) for g in s["by_township"].values()) == paid
    assert s["by_month"]["2021-12"]["closing_balance"] == s["balance"]
    (episode,) = s["negative_balance"]
    negative = next(p for p in manifest if p.code == "fund_negative_balance")
    assert (episode["row"], episode["restored_on"]) == (negative.row, "2021-03-01")


def test_template_has_every_column(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_ledger_template(path)
    # Every required header is recognised: the only complaint is that it holds no rows yet.
    with pytest.raises(FanpinError, match="has a header but no data rows"):
        read_ledger(path)


# -- the 2026 terms, several roster files, the summary sheet's page texts ------------------


def test_2026_terms_in_the_fund_labels_and_messages(
    tmp_path: Path, roster_path: Path, profile_path: Path
) -> None:
    """Under a profile of the 2026 terms the payee's roster status, the message and the
    problem's name say 防止返贫致贫对象 where 2021 says 监测对象."""
    path = write_ledger(tmp_path / "l.xlsx", [tranche(), payment(household_id="H003")])
    text = PROFILE.replace('extends = "national"', 'extends = "national-2026"')
    newer = tmp_path / "fund_2026.toml"
    newer.write_text(text.replace("[fund]", "[monitoring_line]\n2021 = 6000\n\n[fund]"))
    results = {
        era: api.fund(path, roster_path, profile=profile, as_of=AS_OF)
        for era, profile in (("2021", profile_path), ("2026", newer))
    }
    old, new = (r.issues.set_index("code").loc["fund_not_monitored", "message"] for r in
                results.values())  # fmt: skip
    assert "不是监测对象（花名册中为：非监测对象）" in old and "只救助监测对象" in old
    assert "不是防止返贫致贫对象（花名册中为：非防止返贫致贫对象）" in new
    assert "监测对象" not in new.replace("防止返贫致贫对象", "")
    book = tmp_path / "fund.xlsx"
    export_fund(results["2026"], "xlsx", book)
    workbook = load_workbook(book)
    statuses = {r["花名册状态"] for r in rows_of(workbook["收支明细"])}
    assert "非防止返贫致贫对象" in statuses and "非监测对象" not in statuses
    problems = {r["问题"] for r in rows_of(workbook["数据问题"])}
    assert "救助对象不是防止返贫致贫对象" in problems


def test_cli_fund_joins_another_roster_file_with_with(tmp_path: Path, profile_path: Path) -> None:
    """``--with`` as for classify: the payee's status comes from the joined 户信息 file."""
    from tests.rosters import header

    marks = ("recorded_category", "monitored_since")
    rows = household("H001", size=2, first_order=1, household_type="一般农户")
    main = [{k: v for k, v in row.items() if k not in {header(m) for m in marks}} for row in rows]
    roster = write_xlsx(tmp_path / "members.xlsx", main)
    info = [{header("household_id"): "H001", header(marks[0]): "脱贫不稳定户",
             header(marks[1]): "202103"}]  # fmt: skip
    extra = write_xlsx(tmp_path / "households.xlsx", info)
    ledger = write_ledger(tmp_path / "l.xlsx", [tranche(), payment()])
    common = [str(ledger), "--roster", str(roster), "-p", str(profile_path)]
    common += ["--as-of", "2021-12-31", "-f", "json"]
    alone = runner.invoke(app, ["fund", *common])
    joined = runner.invoke(app, ["fund", *common, "--with", str(extra)])

    assert alone.exit_code == 1  # without 户信息 H001 is not monitored
    assert "fund_not_monitored" in {i["code"] for i in json.loads(alone.stdout)["issues"]}
    assert joined.exit_code == 0, joined.output
    result = json.loads(joined.stdout)
    assert result["issues"] == []
    assert [i["path"] for i in result["meta"]["inputs"]] == [
        "l.xlsx",
        "members.xlsx",
        "households.xlsx",
    ]


def test_the_summary_sheet_names_the_county_date_and_page(example: Any, tmp_path: Path) -> None:
    """汇总 goes through write.print_ready like every sheet: page header and footer."""
    result, _, _ = example
    path = tmp_path / "fund.xlsx"
    with print_context(county="资兴市", as_of=result.summary["as_of"]):
        export_fund(result, "xlsx", path)
    summary = load_workbook(path)["汇总"]
    assert summary.oddHeader.left.text == "资兴市"
    assert summary.oddHeader.right.text == f"截至 {result.summary['as_of']}"
    assert summary.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert summary["A1"].value.startswith("防贫帮扶基金收支情况")  # its title row
    assert [c.value for c in summary[3]][:2] == ["项目", "值"]
