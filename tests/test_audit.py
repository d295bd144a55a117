"""fanpin.campaigns.audit through the library: each roster check on a tiny roster made for it.

Every test states the exact set of findings its households must get, so a check
that fires too widely fails as surely as one that does not fire.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.audit_checks import CHECKS, FINDING_COLUMNS, LIST_CHECKS
from fanpin.cli.commands import app
from fanpin.errors import ProfileError
from fanpin.io.places import township_order
from fanpin.rules.profiles import load_profile
from tests.rosters import OMIT, Row, member, valid_id, write_xlsx

runner = CliRunner()
AS_OF = date(2021, 12, 31)
PHONE = "13800000000"  # replaced by a phone per household (see person)
MONITORED: dict[str, Any] = {
    "recorded_category": "脱贫不稳定户",
    "monitored_since": "202109",  # three months: not yet eligible for elimination
    "risk_eliminated": "否",
    "cadre": "王干部",
    "cadre_phone": PHONE,
    "measures_received": "小额信贷、技能培训",
}
ELIMINATED: dict[str, Any] = {
    "recorded_category": "脱贫不稳定户",
    "monitored_since": "202103",
    "risk_eliminated": "是",
    "elimination_method": "帮扶消除",
    "eliminated_month": "202110",
    "cadre": "王干部",
    "cadre_phone": PHONE,
    "measures_received": "小额信贷、技能培训",
}
EARLIER = {"monitored_since": "201912", "eliminated_month": "202006"}
INCOME = ("wage_income", "business_income", "property_income", "transfer_income")


def person(household_id: str, order: int, **fields: Any) -> Row:
    """A one-person household whose 人均纯收入 agrees with its components.

    A household with a cadre gets a phone of its own, so that cadres only pair
    several households where a test says so.
    """
    defaults = {"wage_income": 10000, "business_income": 2000, "property_income": 0}
    defaults |= {"transfer_income": 1000, "business_expense": 1000}
    values = {**defaults, **fields}
    if "reported_per_capita_income" not in fields:
        net = sum(values[n] or 0 for n in INCOME if values[n] is not OMIT)
        values["reported_per_capita_income"] = net - (values["business_expense"] or 0)
    if values.get("cadre") not in (None, OMIT) and values.get("cadre_phone") == PHONE:
        values["cadre_phone"] = f"138{order:08d}"
    return member(
        household_id=household_id,
        name=f"户主{order}",
        id_number=valid_id(order=f"{order:03d}"),
        **values,
    )


def audit(
    path: Path,
    rows: list[Row],
    departments: dict[str, Path] | None = None,
    profile: str = "national",
    lang: str = "zh",
) -> AuditResult:
    write_xlsx(path, rows)
    return api.audit(
        path,
        departments or {},
        profile=profile,
        year=2021,
        as_of=AS_OF,
        lang=lang,  # type: ignore[arg-type]
    )


def found(result: AuditResult, prefix: str = "") -> dict[str, set[str]]:
    """household_id (starting with ``prefix``) → the codes found for it."""
    table: dict[str, set[str]] = {}
    for code, household in zip(
        result.findings["code"], result.findings["household_id"], strict=True
    ):
        if str(household).startswith(prefix):
            table.setdefault(str(household), set()).add(code)
    return table


def finding(result: AuditResult, code: str, household: str | None = None) -> dict[str, Any]:
    rows = result.findings.loc[result.findings["code"].eq(code)]
    if household is not None:
        rows = rows.loc[rows["household_id"].eq(household)]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


LOW = {"household_type": "一般农户", "wage_income": 3000, "business_income": 0}
NO_LABOUR = {"labour_skill": "丧失劳动力", "employment": "未务工", "wage_income": 0}
NO_LABOUR |= {"business_income": 0, "business_expense": 0, "transfer_income": 9000}


def cases() -> list[Row]:
    """One household per case, each named for the check it is made for."""
    rows = [
        person("OK1", 1),
        person("OK2", 2, **MONITORED),
        person("SM1", 3, **LOW),
        person("MM1", 4, **{**MONITORED, "measures_received": OMIT}),
        person("MM2", 5, **MONITORED, health="患有大病"),
        person("ET1", 6, **{**ELIMINATED, "eliminated_month": "202104"}),  # assisted, 1 month
        person(
            "ET2",
            7,
            **{**ELIMINATED, "elimination_method": "自然消除", "eliminated_month": "202106"},
        ),
        person("ET3", 8, **{**ELIMINATED, "eliminated_month": "202105"}),  # assisted, 2 months
        person("ET4", 9, **ELIMINATED),  # seven months: in time
        person("EB1", 10, **ELIMINATED, wage_income=3000, business_income=0),
        person("EB2", 11, **ELIMINATED, compliant_expense=9000),  # adjusted income below
        person("ED1", 12, **ELIMINATED, unsafe_housing="是"),
        # eliminated before the income year (2021): at risk again → re-identification
        person("RR0", 60, **{**ELIMINATED, **EARLIER}),  # still fine: nothing
        person("RR1", 61, **{**ELIMINATED, **EARLIER}, wage_income=3000, business_income=0),
        person(
            "RR2",
            62,
            **{**ELIMINATED, **EARLIER, "eliminated_month": "202012"},
            unsafe_housing="是",
        ),
        person(
            "RR3",
            63,
            **{**ELIMINATED, "eliminated_month": OMIT},
            wage_income=3000,
            business_income=0,
        ),
        person(  # eliminated this year on sound figures; income then halved with an illness
            "RR4", 64, **ELIMINATED, health="患有大病", last_year_per_capita_income=30000
        ),
        person("SE1", 13, **{**MONITORED, "monitored_since": "202103"}),
        person("SN1", 14, **NO_LABOUR, dibao="是", safety_net="否"),
        person("SN2", 15, **NO_LABOUR),  # no 低保 and the flag left empty
        person("SN3", 16, **NO_LABOUR, dibao="是", safety_net="是"),
        person("ZT1", 17, dibao="是", transfer_income=0),
        person("ZT2", 18, tekun="是", transfer_income=OMIT),
        person("ZT3", 19, dibao="是"),
        person("ID1", 20, last_year_per_capita_income=15000),  # 脱贫户
        person(
            "ID2", 21, **MONITORED, household_type="一般农户", last_year_per_capita_income=13000
        ),
        person("ID3", 22, household_type="一般农户", last_year_per_capita_income=20000),
        person("ID4", 23, last_year_per_capita_income=11000),  # rose
        person("NC1", 24, **{**MONITORED, "cadre": OMIT, "cadre_phone": OMIT}),
    ]
    towns = ["州门镇", "州门镇", "州门镇", "唐洞街道", "唐洞街道", "州门镇"]
    rows += [
        person(f"CB{i}", 30 + i, cadre="刘帮扶", cadre_phone="13900000000", township=town)
        for i, town in enumerate(towns)
    ]
    rows += [
        person(f"CN{i}", 40 + i, cadre="刘帮扶", cadre_phone=f"1390000001{i}") for i in range(6)
    ]
    rows += [
        person("SO3", 50, **LOW, township="州门镇", village="二村"),
        person("SO1", 51, **LOW, township="州门镇", village="一村"),
        person("SO2", 52, **LOW, township="三都镇", village="丙村"),
    ]
    return rows


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    return audit(tmp_path_factory.mktemp("national") / "roster.xlsx", cases())


def test_clean_and_monitored_households_have_no_findings(national: AuditResult) -> None:
    assert found(national, "OK") == {}
    assert set(national.summary["checks"]) == set(labels.AUDIT_CHECKS) - {
        "list_unknown_id",
        "low_income_not_monitored",  # these need lists
        "income_basis_differs",
        "pairing_incomplete",  # zixing's 1+1 only
    }
    assert national.issues.empty, national.issues


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    """The cases under zixing (1+1 pairing) with a low-income list: every check runs."""
    folder = tmp_path_factory.mktemp("everything")
    row = {"姓名": "户主1", "证件号码": valid_id(order="001"), "认定类型": "低保"}
    path = write_xlsx(folder / "low_income.xlsx", [row], title_rows=1)  # type: ignore[list-item]
    return audit(folder / "roster.xlsx", cases(), {"low_income": path}, profile="zixing")


def test_every_registered_check_has_a_label_a_group_and_runs(everything: AuditResult) -> None:
    registry = [*CHECKS, *LIST_CHECKS]
    codes = [check.code for check in registry]
    assert len(set(codes)) == len(codes)
    assert set(codes) == set(labels.AUDIT_CHECKS)
    for check in registry:
        assert check.group in labels.AUDIT_GROUPS, check.code
        zh, en = labels.AUDIT_CHECKS[check.code]
        assert zh and en and (check.title("zh"), check.title("en")) == (zh, en)
    assert list(everything.summary["checks"])[: len(CHECKS)] == [c.code for c in CHECKS]
    assert set(codes) <= set(everything.summary["checks"])  # every one ran
    assert set(everything.findings.columns) == set(FINDING_COLUMNS)
    counts = everything.findings["code"].value_counts()
    for code, info in everything.summary["checks"].items():
        assert info["count"] == counts.get(code, 0)


def test_should_monitor_is_an_error_with_the_proposed_category(national: AuditResult) -> None:
    assert found(national, "SM") == {"SM1": {"should_monitor"}}
    row = finding(national, "should_monitor", "SM1")
    assert row["severity"] == "error"
    assert row["group"] == "campaign"
    assert "边缘易致贫户" in row["evidence"]
    assert "低于监测线 6,000 元" in row["evidence"]
    assert row["township"] == "唐洞街道" and row["village"] == "新市村"
    assert row["roster_row"] == 4
    assert "纳入监测" in row["action"]


def test_measures_missing_none_is_an_error_a_gap_a_warning(national: AuditResult) -> None:
    assert found(national, "MM") == {"MM1": {"measures_missing"}, "MM2": {"measures_missing"}}
    none = finding(national, "measures_missing", "MM1")
    assert none["severity"] == "error"
    assert "未落实任何帮扶措施" in none["evidence"]
    gap = finding(national, "measures_missing", "MM2")
    assert gap["severity"] == "warning"
    assert "因病" in gap["evidence"]
    assert gap["action"].startswith("按“缺什么、补什么”落实：")
    assert "大病保险" in gap["action"]
    assert gap["cadre"] == "王干部" and gap["cadre_phone"] == "13800000005"


def test_elimination_too_early(national: AuditResult) -> None:
    assert found(national, "ET") == {
        "ET1": {"elimination_too_early"},
        "ET2": {"elimination_too_early"},
        "ET3": {"elimination_too_early"},
    }
    hurried = finding(national, "elimination_too_early", "ET1")
    assert hurried["severity"] == "error"
    assert "帮扶消除不足 2 个月" in hurried["evidence"]
    natural = finding(national, "elimination_too_early", "ET2")
    assert natural["severity"] == "warning"
    assert "自然消除 于 202106，相隔 3 个月（应不少于 6 个月）" in natural["evidence"]
    assert finding(national, "elimination_too_early", "ET3")["severity"] == "warning"
    assert national.summary["elimination_timing_unchecked"] == 1  # RR3


def test_eliminated_below_line_and_with_difficulty(national: AuditResult) -> None:
    assert found(national, "EB") == {
        "EB1": {"eliminated_below_line"},
        "EB2": {"eliminated_below_line"},
    }
    assert found(national, "ED") == {"ED1": {"eliminated_with_difficulty"}}
    assert finding(national, "eliminated_below_line", "EB1")["severity"] == "error"
    adjusted = finding(national, "eliminated_below_line", "EB2")["evidence"]
    assert "扣除合规自付支出后 3,000.00 元" in adjusted
    assert "住房不安全" in finding(national, "eliminated_with_difficulty")["evidence"]
    # eliminated in the income year on the same figures: the elimination was wrong
    assert finding(national, "eliminated_below_line", "EB1")["action"].startswith("风险消除回退")
    assert finding(national, "eliminated_with_difficulty")["action"].startswith("风险消除回退")


def test_returned_to_risk_after_an_earlier_elimination_is_re_identified(
    national: AuditResult,
) -> None:
    """domain.md §6: an elimination before the income year was made on other figures; failing
    the tests now means the risk returned (风险再标注), not that the elimination was wrong."""
    assert found(national, "RR") == {
        "RR1": {"returned_to_risk"},
        "RR2": {"returned_to_risk"},
        "RR3": {"returned_to_risk"},
        "RR4": {"returned_to_risk", "income_decline"},
    }
    flagged = national.households.set_index("household_id")["returned_to_risk"]
    assert flagged[["EB1", "EB2", "ED1", "RR1", "RR2", "RR3", "RR4"]].all()
    assert not flagged["RR0"]
    below = finding(national, "returned_to_risk", "RR1")
    assert below["severity"] == "error"
    assert below["evidence"].startswith("帮扶消除 202006（识别监测 201912）")
    assert "人均纯收入 3,000.00 元，低于监测线 6,000 元" in below["evidence"]
    assert "建议类别：脱贫不稳定户" in below["evidence"]
    assert below["action"].startswith("风险再标注")
    assert "住房不安全" in finding(national, "returned_to_risk", "RR2")["evidence"]
    unknown = finding(national, "returned_to_risk", "RR3")["action"]
    assert "风险消除回退" in unknown and "风险再标注" in unknown
    sudden = finding(national, "returned_to_risk", "RR4")
    assert "同比下降 60.0%" in sudden["evidence"] and "因病" in sudden["evidence"]
    assert sudden["action"].startswith("风险再标注")


def test_should_eliminate_is_a_hint(national: AuditResult) -> None:
    assert found(national, "SE") == {"SE1": {"should_eliminate"}}
    row = finding(national, "should_eliminate", "SE1")
    assert row["severity"] == "warning"
    assert "已监测 9 个月" in row["evidence"]
    assert "帮扶消除" in row["action"]


def test_safety_net_unflagged(national: AuditResult) -> None:
    assert found(national, "SN") == {
        "SN1": {"safety_net_unflagged"},
        "SN2": {"safety_net_unflagged"},
    }
    first = finding(national, "safety_net_unflagged", "SN1")
    assert first["severity"] == "error"
    assert "享受低保 1 人" in first["evidence"] and "兜底保障户：否" in first["evidence"]
    second = finding(national, "safety_net_unflagged", "SN2")
    assert second["severity"] == "warning"
    assert "未享受低保或特困供养" in second["evidence"] and "未填" in second["evidence"]


def test_zero_transfer_income(national: AuditResult) -> None:
    assert found(national, "ZT") == {
        "ZT1": {"zero_transfer_income"},
        "ZT2": {"zero_transfer_income"},
    }
    assert "转移性收入为0" in finding(national, "zero_transfer_income", "ZT1")["evidence"]
    assert "转移性收入为空" in finding(national, "zero_transfer_income", "ZT2")["evidence"]
    assert finding(national, "zero_transfer_income", "ZT1")["severity"] == "error"


def test_income_decline_for_escaped_and_monitored_only(national: AuditResult) -> None:
    assert found(national, "ID") == {"ID1": {"income_decline"}, "ID2": {"income_decline"}}
    row = finding(national, "income_decline", "ID1")
    assert row["severity"] == "warning"
    assert row["evidence"] == "人均纯收入 12,000.00 元，上年 15,000.00 元，下降 20.0%"


def test_no_cadre(national: AuditResult) -> None:
    assert found(national, "NC") == {"NC1": {"no_cadre"}}
    assert finding(national, "no_cadre")["severity"] == "error"


def test_cadre_overloaded_counts_by_name_and_phone(national: AuditResult) -> None:
    assert found(national, "C") == {}  # per cadre, not per household
    row = finding(national, "cadre_overloaded")
    assert row["household_id"] is None
    assert row["township"] == "州门镇"  # where most of the cadre's households are
    assert row["cadre"] == "刘帮扶" and row["cadre_phone"] == "13900000000"
    assert row["evidence"].startswith("结对帮扶 6 户，超过上限 5 户")
    assert "唐洞街道 2 户：CB3、CB4" in row["evidence"]


def test_no_pairing_check_under_national(national: AuditResult) -> None:
    assert "pairing_incomplete" not in national.summary["checks"]
    assert "pairing_incomplete" not in set(national.findings["code"])


def test_findings_follow_the_rosters_township_and_village_order(national: AuditResult) -> None:
    """Townships and villages in roster order (administrative-code order), not by character."""
    chosen = national.findings.loc[
        national.findings["household_id"].fillna("").str.startswith("SO")
    ]
    # 州门镇 appears before 三都镇 in the roster, and its 二村 before its 一村
    assert list(chosen["household_id"]) == ["SO3", "SO1", "SO2"]
    order = township_order(national.households)
    assert order.index("州门镇") < order.index("三都镇")
    ranks = national.findings["township"].map({t: i for i, t in enumerate(order)})
    assert ranks.dropna().is_monotonic_increasing
    assert list(national.summary["by_township"]) == [
        t for t in order if t in set(national.findings["township"])
    ]
    assert national.summary["by_township"]["三都镇"] == {"findings": 1, "errors": 1, "warnings": 0}


def test_summary_counts_agree_with_the_findings(national: AuditResult) -> None:
    summary = national.summary
    findings = national.findings
    assert summary["findings"] == len(findings)
    assert summary["errors"] + summary["warnings"] == len(findings)
    assert {c: i["count"] for c, i in summary["checks"].items() if i["count"]} == dict(
        findings["code"].value_counts()
    )
    assert sum(t["findings"] for t in summary["by_township"].values()) == len(findings)


def test_income_drop_ratio_comes_from_the_profile(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('extends = "national"\nname = "p"\n[audit]\nincome_drop_ratio = 0.25\n')
    rows = [person("H1", 1, last_year_per_capita_income=15000)]
    result = audit(tmp_path / "roster.xlsx", rows, profile=str(profile))

    assert result.findings.empty


def test_zixing_pairing_and_indicators(tmp_path: Path) -> None:
    poor = {**MONITORED, "wage_income": 2000, "business_income": 0}
    rows = [
        person("E1", 1),  # 脱贫户, 12,000
        person("O1", 2, household_type="一般农户", wage_income=22000),  # 24,000
        person("M1", 3, **MONITORED, household_type="一般农户", employment="未务工"),
        person("P1", 4, **poor),  # high tier, no city leader
        person("P2", 5, **poor, leader="李领导"),
    ]
    result = audit(tmp_path / "roster.xlsx", rows, profile="zixing")

    assert found(result) == {"P1": {"pairing_incomplete"}}
    row = finding(result, "pairing_incomplete")
    assert "联系领导 未明确" in row["evidence"] and "帮扶责任人 王干部" in row["evidence"]
    income = result.summary["indicators"]["income_ratio"]
    assert income["escaped_per_capita"] == pytest.approx(16000 / 3, abs=0.01)
    assert income["all_per_capita"] == 10400
    assert income["ratio"] == pytest.approx(16000 / 3 / 10400, abs=1e-4)
    assert (income["escaped_people"], income["all_people"]) == (3, 5)
    employment = result.summary["indicators"]["employment_rate"]
    assert (employment["labour_capable"], employment["employed"]) == (4, 3)
    assert employment["rate"] == 0.75
    assert employment["target"] == 1.0 and employment["met"] is False
    assert employment["escaped"]["rate"] == 1.0
    assert employment["monitoring_objects"]["rate"] == pytest.approx(2 / 3, abs=1e-4)


def test_english_findings(tmp_path: Path) -> None:
    result = audit(tmp_path / "roster.xlsx", [person("H1", 1, **LOW)], lang="en")

    row = finding(result, "should_monitor")
    assert "proposed category: marginal" in row["evidence"]
    assert "below the line 6,000" in row["evidence"]
    assert result.checks["should_monitor"]["label"] == "should be monitored"


def test_department_rules_are_checked_when_the_profile_loads(tmp_path: Path) -> None:
    def rule(**fields: str) -> Path:
        values = {"kind": "medical", "code": "x_rule", "raises": "doubt", "label": "x"}
        values |= {"when": "medical_cost > 0"} | fields
        body = "\n".join(f'{k} = "{v}"' for k, v in values.items())
        path = tmp_path / "bad.toml"
        path.write_text(f'extends = "national"\nname = "bad"\n[[audit.department_rules]]\n{body}\n')
        return path

    load_profile(rule())  # a valid rule replaces the list
    for fields, message in (
        ({"kind": "tax"}, "unknown kind 'tax'"),
        ({"when": "vehicle_price_max > 0"}, "unknown field 'vehicle_price_max'"),
        ({"code": "should_monitor"}, "already used"),
        ({"code": "Bad-Code"}, "snake_case"),
        ({"risk": "poverty"}, "unknown risk 'poverty'"),
        ({"raises": "alarm"}, "raises"),
    ):
        with pytest.raises(ProfileError, match=message):
            load_profile(rule(**fields))


# -- households identified by any marker (domain.md §9), the 2026 terms ----------------------

UNCATEGORISED = {  # 户类型 监测户 without a 监测对象类别: identified all the same
    **MONITORED,
    "household_type": "监测户",
    "recorded_category": "",
}


def test_income_decline_covers_a_monitored_household_without_a_category(tmp_path: Path) -> None:
    rows = [
        person("MC1", 1, **UNCATEGORISED, last_year_per_capita_income=15000),
        person("OR1", 2, household_type="一般农户", last_year_per_capita_income=15000),
    ]
    result = audit(tmp_path / "roster.xlsx", rows)

    assert result.households.set_index("household_id")["recorded_category"].isna().all()
    assert found(result, "MC1") == {"MC1": {"income_decline"}}
    assert found(result, "OR1") == {}  # an ordinary household is not in scope


def test_employment_rate_counts_a_monitored_household_without_a_category(
    tmp_path: Path,
) -> None:
    rows = [
        person("MC1", 1, **UNCATEGORISED, employment="未务工"),
        person("OR1", 2, household_type="一般农户", monitored_since="", wage_income=22000),
    ]
    result = audit(tmp_path / "roster.xlsx", rows)

    employment = result.summary["indicators"]["employment_rate"]
    assert employment["monitoring_objects"]["labour_capable"] == 1  # MC1's member
    assert employment["monitoring_objects"]["employed"] == 0
    assert (employment["labour_capable"], employment["employed"]) == (1, 0)  # OR1 is out


def test_2026_terms_in_the_audit_texts(tmp_path: Path) -> None:
    """Under national-2026 the households are 防止返贫致贫对象 wherever 2021 says 监测对象:
    findings, the summary's notes, parameters and the terminal (labels.era_labeller)."""
    from fanpin.outputs.audit import parameters_table, summary_table

    rows = [person("NC1", 1, **{**MONITORED, "cadre": OMIT, "cadre_phone": OMIT})]
    path = tmp_path / "roster.xlsx"
    write_xlsx(path, rows)
    results = {
        profile: api.audit(
            path, profile=profile, year=2026, as_of=date(2026, 3, 31), lines={2026: 7600}
        )  # fmt: skip
        for profile in ("national", "national-2026")
    }
    old, new = (finding(results[p], "no_cadre", "NC1")["evidence"] for p in results)
    assert old.startswith("监测对象（脱贫不稳定户）")
    assert new.startswith("防止返贫致贫对象（脱贫不稳定户）") and "监测对象" not in new
    for table in (summary_table, parameters_table):
        text = table(results["national-2026"]).to_string()
        assert "防止返贫致贫对象" in text and "监测对象" not in text, table.__name__
        assert "监测对象" in table(results["national"]).to_string(), table.__name__
    terminal = runner.invoke(
        app,
        ["audit", str(path), "-p", "national-2026", "--line", "2026=7600", "--as-of", "2026-03-31"],
        terminal_width=200,
    )
    assert "防止返贫致贫对象劳动力务工就业率" in terminal.stdout
    assert "监测对象" not in terminal.stdout.replace("防止返贫致贫对象", "")


# -- the workbook: 按乡镇 in administrative-code order, 汇总 figures as numbers ---------------


def test_workbook_townships_by_code_and_figures_as_numbers(tmp_path: Path) -> None:
    """A roster listing 州门镇 (region code …102) before 唐洞街道 (…101): 按乡镇 lists
    唐洞街道 first, as every sheet does; 汇总's incomes and rates are numbers with a
    number format, not text; 参数 names each setting and keeps its key for scripts."""
    from openpyxl import load_workbook

    from fanpin.outputs import export

    poor = {"household_type": "一般农户", "wage_income": 3000, "business_income": 0}
    rows = [
        person("4310811020010001", 1, township="州门镇", **poor),
        person("4310811010010001", 2, township="唐洞街道", **poor),
        person("4310811010010002", 3, township="唐洞街道"),  # 脱贫户 at work: a rate
    ]
    result = audit(tmp_path / "roster.xlsx", rows, profile="zixing")
    assert list(result.summary["by_township"]) == ["唐洞街道", "州门镇"]
    path = tmp_path / "audit.xlsx"
    export(result, "xlsx", path)
    book = load_workbook(path)

    towns = [row[0] for row in book["按乡镇"].iter_rows(min_row=2, values_only=True)]
    assert towns == ["唐洞街道", "州门镇", "合计"]
    summary = {row[0].value: row[1] for row in book["汇总"].iter_rows(min_row=2)}
    income = summary["全部农户人均纯收入(元)"]
    assert isinstance(income.value, int | float) and income.number_format == "#,##0.00"
    ratio = summary["脱贫人口与全部农户人均纯收入之比"]
    assert ratio.value is None or ratio.number_format == "0.0%"
    rate = summary["劳动力务工就业率"]
    assert isinstance(rate.value, int | float) and 0 <= rate.value <= 1
    assert rate.number_format == "0.0%"
    parameters = list(book["参数"].iter_rows(values_only=True))
    assert parameters[0] == (
        "项目",
        "内容",
        "参数名（供程序使用）",
    )  # as every 参数 sheet, plus the key
    keys = {row[2]: row[0] for row in parameters[1:]}
    assert keys["audit.income_drop_ratio"].startswith("脱贫户、监测对象人均纯收入下降")
