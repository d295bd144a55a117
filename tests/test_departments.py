"""Department lists in the audit: each kind's rules, unknown IDs, malformed rows.

One small roster (a plain 脱贫户 A1 of two, a monitored household B1, a household
C1 with a seriously ill member, D1 with a disabled member on 低保) meets one
list of every kind; each list holds rows that must raise a finding and rows
that must not (already recorded risks, monitored households for early
warnings, plain households for doubts, amounts under the thresholds).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin import api
from fanpin.campaigns.audit import AuditResult
from fanpin.errors import FanpinError
from fanpin.io.schema import DEPARTMENT_KINDS as KINDS
from tests.rosters import Row, household, member, valid_id, write_xlsx, wrong_check_id

AS_OF = date(2021, 12, 31)
A1_HEAD, A1_SPOUSE = valid_id(order="001"), valid_id(order="002")
B1, C1, D1 = valid_id(order="010"), valid_id(order="020"), valid_id(order="030")
NAMES = {A1_HEAD: "成员1", A1_SPOUSE: "成员2", B1: "王五", C1: "赵六", D1: "钱七"}


def roster_rows() -> list[Row]:
    common = {"cadre_phone": "13800000000"}
    return [
        *household("A1", 2),
        member(
            household_id="B1",
            name="王五",
            id_number=B1,
            recorded_category="脱贫不稳定户",
            monitored_since="202109",
            risk_eliminated="否",
            cadre="王干部",
            measures_received="小额信贷、技能培训",
            reported_per_capita_income=12000,
            **common,
        ),
        member(
            household_id="C1",
            name="赵六",
            id_number=C1,
            health="患有大病",
            reported_per_capita_income=12000,
        ),
        member(
            household_id="D1",
            name="钱七",
            id_number=D1,
            health="残疾",
            dibao="是",
            reported_per_capita_income=12000,
        ),
    ]


def listed(person: str, **cells: Any) -> dict[str, Any]:
    return {"姓名": NAMES.get(person, "外县人"), "证件号码": person, **cells}


LISTS: dict[str, list[dict[str, Any]]] = {
    "medical": [
        listed(A1_HEAD, **{"合规自付费用(元)": 2000, "住院次数": 1, "就诊日期": "2021-05-03"}),
        listed(A1_SPOUSE, **{"合规自付费用(元)": 1500, "住院次数": 0}),
        listed(B1, **{"合规自付费用(元)": 300}),
        listed(C1, **{"合规自付费用(元)": 50000, "住院次数": 3}),
    ],
    "civil": [
        listed(A1_HEAD, 救助类型="临时救助", **{"救助金额(元)": 3000}),
        listed(B1, 救助类型="临时救助", **{"救助金额(元)": 2000}),
        listed(A1_SPOUSE, 救助类型="低保", 起始年月="202106"),
        listed(C1, 救助类型="特困供养"),
        listed(D1, 救助类型="低保"),
    ],
    "disability": [
        listed(A1_HEAD, 残疾类别="肢体", 残疾等级="二级", 残疾人证号=A1_HEAD + "42"),
        listed(D1, 残疾类别="视力残疾", 残疾等级="1级"),
    ],
    "housing": [
        {"户主姓名": "成员1", "户主身份证号": A1_HEAD, "危房鉴定等级": "D级", "鉴定日期": "202108"},
        {"户主姓名": "王五", "户主身份证号": B1, "危房鉴定等级": "C", "是否已改造": "是"},
        {"户主姓名": "赵六", "户主身份证号": C1, "危房鉴定等级": "B"},
    ],
    "education": [
        {"学生姓名": "成员2", "学生身份证号": A1_SPOUSE, "学段": "初中", "学校名称": "兴宁中学"},
    ],
    "disaster": [
        listed(A1_HEAD, 受灾类型="洪涝", **{"损失金额(元)": 4000, "受灾日期": "2021-06-20"}),
        listed(B1, 受灾类型="干旱", **{"损失金额(元)": 500}),
    ],
    "employment": [
        listed(A1_HEAD, 务工地点="广东省深圳市", 务工月数=3, 月收入=4000),
        listed(B1, 务工地点="资兴市", 务工月数=10, 月收入=5000),
    ],
    "business": [
        listed(B1, 企业名称="资兴市王五养殖场", 登记状态="存续"),
        listed(A1_HEAD, 企业名称="资兴市成员1百货店", 登记状态="存续"),
        listed(C1, 企业名称="资兴市赵六建材经营部", 登记状态="注销"),
    ],
    "vehicle": [
        listed(B1, 车辆品牌="大众 帕萨特", 号牌号码="湘L·12345", 购置价格=100000),
        listed(A1_HEAD, 车辆品牌="本田 雅阁", 购置价格=200000),
        listed(C1, 车辆品牌="五菱之光", 购置价格=30000),
    ],
    "public_servant": [
        listed(B1, 单位="资兴市教育局", 财政供养="事业编制"),
        listed(A1_HEAD, 单位="资兴市人民医院", 财政供养="事业编制"),
    ],
    # 民政's low-income list: B1 monitored and A1 on the watch list (6,000 a head) are
    # covered and agree within 20 %; C1 and D1 are not monitored, and D1's bases disagree.
    "low_income": [
        listed(B1, 认定类型="低保", 家庭人均收入=11000, 认定时间="202103"),
        listed(A1_HEAD, 认定类型="低保边缘", 家庭人均收入=6500),
        listed(A1_SPOUSE, 认定类型="低保边缘家庭", 家庭人均收入=6500),
        listed(C1, 认定类型="刚性支出困难", 家庭人均收入=10500),
        listed(D1, 认定类型="特困人员", 家庭人均收入=4000, 认定时间="2020-06-01"),
    ],
}
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "medical": {("dept_medical_cost", "A1")},
    "civil": {
        ("dept_temporary_relief", "A1"),
        ("dept_dibao_unrecorded", "A1"),
        ("dept_tekun_unrecorded", "C1"),
    },
    "disability": {("dept_disability", "A1")},
    "housing": {("dept_unsafe_housing", "A1")},
    "education": {("dept_dropout", "A1")},
    "disaster": {("dept_disaster", "A1")},
    "employment": {("dept_unstable_employment", "A1"), ("dept_wage_understated", "B1")},
    "business": {("dept_business", "B1")},
    "vehicle": {("dept_vehicle", "B1")},
    "public_servant": {("dept_public_servant", "B1")},
    "low_income": {
        ("low_income_not_monitored", "C1"),
        ("low_income_not_monitored", "D1"),
        ("income_basis_differs", "D1"),
    },
}


def write_gbk_csv(path: Path, rows: list[dict[str, Any]], title: str) -> Path:
    """A department's CSV: a title line, then the header, in GB18030."""
    headers = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([title, *[""] * (len(headers) - 1)])
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return path


def write_list(folder: Path, kind: str, rows: list[dict[str, Any]], as_csv: bool) -> Path:
    if as_csv:
        return write_gbk_csv(folder / f"{kind}.csv", rows, f"{kind} 名单")
    return write_xlsx(folder / f"{kind}.xlsx", rows, sheet="名单", title_rows=1)  # type: ignore[arg-type]


def run(folder: Path, lists: dict[str, Path], profile: str = "national") -> AuditResult:
    roster = write_xlsx(folder / "roster.xlsx", roster_rows())
    return api.audit(roster, lists, profile=profile, year=2021, as_of=AS_OF)


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lists")
    return {
        kind: write_list(folder, kind, rows, as_csv=i % 2 == 1)
        for i, (kind, rows) in enumerate(LISTS.items())
    }


@pytest.fixture(scope="module")
def result(lists: dict[str, Path]) -> AuditResult:
    return run(next(iter(lists.values())).parent, lists)


def department_findings(result: AuditResult, kind: str) -> set[tuple[str, str]]:
    chosen = result.findings.loc[result.findings["kind"].eq(kind)]
    return set(zip(chosen["code"], chosen["household_id"], strict=True))


def test_every_kind_has_a_list() -> None:
    assert set(LISTS) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_raises_its_findings_and_no_others(result: AuditResult, kind: str) -> None:
    assert department_findings(result, kind) == EXPECTED[kind]
    stats = result.summary["departments"][kind]
    assert stats["rows"] == len(LISTS[kind])
    assert stats["matched_rows"] == len(LISTS[kind])
    assert stats["unknown_ids"] == 0 and stats["issues"] == 0


def test_roster_checks_are_unaffected_and_nothing_else_is_found(result: AuditResult) -> None:
    expected = set().union(*EXPECTED.values())
    found = set(zip(result.findings["code"], result.findings["household_id"], strict=True))
    assert found == expected
    assert result.issues.empty, result.issues


def test_early_warnings_carry_the_new_risk_and_doubts_none(result: AuditResult) -> None:
    findings = result.findings.set_index("code")
    assert findings.loc["dept_medical_cost", "risk"] == "illness"
    assert findings.loc["dept_medical_cost", "group"] == "early_warning"
    assert findings.loc["dept_disaster", "risk"] == "disaster"
    assert findings.loc["dept_vehicle", "group"] == "doubt"
    assert findings.loc["dept_vehicle", "risk"] is None
    assert findings.loc["dept_temporary_relief", "risk"] is None


def test_evidence_names_the_list_rows_and_figures(result: AuditResult) -> None:
    findings = result.findings.set_index("code")
    medical = findings.loc["dept_medical_cost"]
    assert medical["evidence"].startswith("医保：合规自付医疗费用高：合计 3,500 元，人均 1,750 元")
    assert "成员1：合规自付 2,000 元，住院 1 次（202105）" in medical["evidence"]
    assert medical["source"] == "medical.xlsx 第 3、4 行"  # title row 1, header row 2
    wages = findings.loc["dept_wage_understated"]
    assert "务工收入合计 50,000 元，花名册工资性收入 10,000 元" in wages["evidence"]
    assert wages["source"] == "employment.xlsx 第 4 行"
    disability = findings.loc["dept_disability"]
    assert "肢体残疾 二级" in disability["evidence"]
    assert A1_HEAD not in disability["evidence"]  # the certificate number holds the ID: masked
    assert findings.loc["dept_business", "source"] == "business.csv 第 3 行"


def test_thresholds_come_from_the_profile(lists: dict[str, Path], tmp_path: Path) -> None:
    profile = tmp_path / "dear.toml"
    profile.write_text(
        'extends = "national"\nname = "dear"\n[audit]\nvehicle_price_threshold = 150000\n'
        "medical_cost_share = 0.5\n"
    )
    chosen = {k: lists[k] for k in ("vehicle", "medical")}
    outcome = run(tmp_path, chosen, profile=str(profile))

    assert outcome.findings.loc[outcome.findings["group"].ne("campaign")].empty
    assert "dept_disaster" in outcome.summary["rules_not_run"]
    assert set(outcome.summary["departments"]) == {"vehicle", "medical"}


def test_unknown_ids_and_malformed_rows(tmp_path: Path) -> None:
    stranger = valid_id(birth="19750505", order="901", region="431021")
    mistyped, _ = wrong_check_id(order="001")
    rows = [
        listed(stranger, 救助类型="低保"),  # row 3: not in the roster
        listed(mistyped, 救助类型="低保"),  # row 4: check digit wrong → an issue only
        listed(A1_HEAD, 救助类型="救济"),  # row 5: not a type
        {"姓名": "李四", "证件号码": B1, "救助类型": "低保"},  # row 6: name differs
        listed(D1, 救助类型="低保"),  # row 7: fine
        {"姓名": "无证件", "证件号码": None, "救助类型": "低保"},  # row 8: ID empty
        listed(A1_SPOUSE, 救助类型="临时救助"),  # row 9: ID stored as a number
    ]
    rows[-1]["证件号码"] = int(A1_SPOUSE)
    path = write_list(tmp_path, "civil", rows, as_csv=False)
    outcome = run(tmp_path, {"civil": path})

    unknown = outcome.findings.loc[outcome.findings["code"].eq("list_unknown_id")]
    assert len(unknown) == 1
    row = unknown.iloc[0]
    assert row["household_id"] is None and row["township"] is None
    assert row["kind"] == "civil" and row["severity"] == "warning"
    assert row["source"] == "civil.xlsx 第 3 行"
    assert "4310**********" in row["evidence"] and stranger not in row["evidence"]
    issues = outcome.issues.loc[outcome.issues["kind"].eq("civil")]
    located = set(
        zip(issues["code"], issues["row"], issues["column"], issues["value"], strict=True)
    )
    assert located == {
        ("id_checksum", 4, "证件号码", mistyped[:4] + "**********" + mistyped[-4:]),
        ("not_in_vocabulary", 5, "救助类型", "救济"),
        ("list_name_mismatch", 6, "姓名", "李四"),
        ("missing_value", 8, "证件号码", ""),
        ("id_as_number", 9, "证件号码", f"{int(A1_SPOUSE):.5E}"),
    }
    assert set(issues["file"]) == {"civil.xlsx"} and set(issues["sheet"]) == {"名单"}
    mismatch = issues.loc[issues["code"].eq("list_name_mismatch")].iloc[0]
    assert "王五" in mismatch["message"] and mismatch["severity"] == "warning"
    # B1 is on 低保 per the list but not per the roster: a doubt, in spite of the name
    assert ("dept_dibao_unrecorded", "B1") in set(
        zip(outcome.findings["code"], outcome.findings["household_id"], strict=True)
    )
    stats = outcome.summary["departments"]["civil"]
    assert (stats["rows"], stats["matched_rows"], stats["unknown_ids"]) == (7, 3, 1)
    assert stats["issues"] == 5
    # the row whose ID Excel turned into a number matches nobody: no temporary relief for A1
    assert "dept_temporary_relief" not in set(outcome.findings["code"])


def test_an_unknown_kind_or_unreadable_list_stops_the_run(tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "roster.xlsx", roster_rows())
    with pytest.raises(FanpinError, match="unknown department list kind 'tax'; kinds are: medical"):
        api.audit(roster, {"tax": roster}, year=2021, as_of=AS_OF)
    with pytest.raises(FanpinError, match="file not found"):
        api.audit(roster, {"medical": tmp_path / "missing.xlsx"}, year=2021, as_of=AS_OF)
    wrong = write_xlsx(tmp_path / "wrong.xlsx", [{"姓名": "张三", "证件号码": A1_HEAD}])
    with pytest.raises(FanpinError, match="missing column 合规自付费用"):
        api.audit(roster, {"medical": wrong}, year=2021, as_of=AS_OF)


def test_sheet_names_are_short_unique_and_legal(result: AuditResult) -> None:
    from fanpin.outputs.audit import sheet_names

    names = sheet_names(result)
    assert names["dept_unsafe_housing"] == "预警·住建：C／D级危房"
    assert names["dept_vehicle"] == "疑点·公安：有高价机动车"
    assert names["should_monitor"] == "应纳未纳"
    assert len(set(names.values())) == len(names)
    for name in names.values():
        assert len(name) <= 31
        assert not set(name) & set(":/\\?*[]")


def test_low_income_findings_name_both_incomes_and_the_status(result: AuditResult) -> None:
    findings = result.findings.loc[result.findings["kind"].eq("low_income")]
    uncovered = findings.loc[
        findings["household_id"].eq("D1") & findings["code"].eq("low_income_not_monitored")
    ].iloc[0]
    assert uncovered["group"] == "early_warning" and uncovered["severity"] == "warning"
    assert uncovered["evidence"].startswith("民政认定特困 1 人：钱七：特困，家庭人均收入 4,000 元")
    assert "花名册状态：无需监测" in uncovered["evidence"]
    assert uncovered["action"].startswith("与民政共同入户核实一次")
    assert uncovered["source"].startswith("low_income.") and uncovered["source"].endswith("第 7 行")
    apart = findings.loc[findings["code"].eq("income_basis_differs")].iloc[0]
    assert apart["group"] == "list"
    assert "花名册人均纯收入 12,000.00 元，民政口径家庭人均收入 4,000.00 元" in apart["evidence"]
    assert "相差 8,000.00 元（占较高者 66.7%，容差 20%）" in apart["evidence"]
    table = result.income_basis
    assert list(table["household_id"]) == ["D1"]
    row = table.iloc[0]
    assert row["recognition_types"] == ["tekun"]
    assert (row["roster_per_capita"], row["civil_per_capita"], row["difference"]) == (
        12000,
        4000,
        8000,
    )
    assert row["gap"] == pytest.approx(0.6667)
    figures = result.summary["departments"]["low_income"]
    assert figures["rules"] == ["low_income_not_monitored", "income_basis_differs"]


def low_income_roster() -> list[Row]:
    """E1 eliminated in 2020 and fine now; F1 not monitored with 9,000 a head; G1 proposed."""
    return [
        *roster_rows(),
        member(
            household_id="E1",
            name="孙八",
            id_number=valid_id(order="040"),
            recorded_category="边缘易致贫户",
            household_type="一般农户",
            monitored_since="201903",
            risk_eliminated="是",
            elimination_method="帮扶消除",
            eliminated_month="202006",
            cadre="王干部",
            cadre_phone="13800000001",
        ),
        member(
            household_id="F1",
            name="周九",
            id_number=valid_id(order="050"),
            wage_income=7000,
            reported_per_capita_income=9000,
        ),
        member(  # proposed for monitoring (3,000 a head): covered
            household_id="G1",
            name="吴十",
            id_number=valid_id(order="060"),
            wage_income=3000,
            business_income=0,
            reported_per_capita_income=3000,
        ),
    ]


def test_low_income_list_as_civil_affairs_writes_it(tmp_path: Path) -> None:
    """Header spellings of a real list (公民身份号码, 低收入人口类型, a monthly income, 认定日期);
    an eliminated household on the list; an ID not in the roster; the tolerance's edge."""
    roster = write_xlsx(tmp_path / "roster.xlsx", low_income_roster())
    stranger = valid_id(birth="19680808", order="911", region="431021")
    rows = [
        {
            "姓名": "孙八",
            "公民身份号码": valid_id(order="040"),
            "低收入人口类型": "低保",
            "家庭人均收入（元/月）": 1000,
            "认定日期": "2021-02-01",
        },  # 12,000 a year: agrees
        {
            "姓名": "周九",
            "公民身份号码": valid_id(order="050"),
            "低收入人口类型": "低保边缘家庭",
            "家庭人均收入（元/月）": 600,
        },  # 7,200 against 9,000: exactly 20 % apart
        {"姓名": "外县人", "公民身份号码": stranger, "低收入人口类型": "特困"},
        {"姓名": "王五", "公民身份号码": B1, "低收入人口类型": "优抚对象"},  # not a type
        {
            "姓名": "吴十",
            "公民身份号码": valid_id(order="060"),
            "低收入人口类型": "低保",
            "家庭人均收入（元/月）": 260,
        },  # 3,120 a year against 3,000: agrees
    ]
    path = write_gbk_csv(tmp_path / "低收入人口.csv", rows, "资兴市低收入人口动态监测名单")
    outcome = api.audit(roster, {"low_income": path}, year=2021, as_of=AS_OF)

    found = set(zip(outcome.findings["code"], outcome.findings["household_id"], strict=True))
    assert {(c, h) for c, h in found if c in _LOW_INCOME_CODES} == {
        ("low_income_not_monitored", "E1"),
        ("low_income_not_monitored", "F1"),
        ("list_unknown_id", None),
    }
    eliminated = outcome.findings.loc[outcome.findings["household_id"].eq("E1")].iloc[0]
    assert eliminated["evidence"] == (
        "民政认定低保 1 人：孙八：低保，家庭人均收入 12,000 元，202102 认定；"
        "花名册状态：已消除风险；人均纯收入 12,000.00 元"
    )
    assert "风险再标注" in eliminated["action"]
    assert eliminated["source"] == "低收入人口.csv 第 3 行"
    unknown = outcome.findings.loc[outcome.findings["code"].eq("list_unknown_id")].iloc[0]
    assert unknown["kind"] == "low_income"
    assert unknown["evidence"].startswith("民政部门·低收入人口：证件号码 4310**********")
    issues = outcome.issues.loc[outcome.issues["kind"].eq("low_income")]
    assert set(zip(issues["code"], issues["row"], strict=True)) == {("not_in_vocabulary", 6)}
    assert outcome.income_basis.empty  # 20 % is within the tolerance

    stricter = tmp_path / "strict.toml"
    stricter.write_text('extends = "national"\nname = "s"\n[audit]\nincome_basis_tolerance = 0.1\n')
    strict = api.audit(roster, {"low_income": path}, profile=str(stricter), year=2021, as_of=AS_OF)
    assert list(strict.income_basis["household_id"]) == ["F1"]
    assert strict.income_basis.iloc[0]["civil_per_capita"] == 7200


_LOW_INCOME_CODES = {"low_income_not_monitored", "income_basis_differs", "list_unknown_id"}


def test_income_gap_is_a_share_of_the_higher_income() -> None:
    from fanpin.campaigns.departments import income_gap

    roster = pd.Series([12000.0, 7200.0, 0.0, None, -500.0])
    civil = pd.Series([4000.0, 9000.0, 0.0, 5000.0, 500.0])
    gap = income_gap(roster, civil)
    assert list(gap[:3]) == [pytest.approx(0.6667), pytest.approx(0.2), 0.0]
    assert pd.isna(gap[3])
    assert gap[4] == 2.0  # a negative net income against a positive one


@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_income_gap_is_symmetric_and_bounded(a: float, b: float) -> None:
    from fanpin.campaigns.departments import income_gap

    forth = income_gap(pd.Series([a]), pd.Series([b]))[0]
    back = income_gap(pd.Series([b]), pd.Series([a]))[0]
    assert forth == back
    assert 0 <= forth <= 1
