"""The example-data generator: determinism, validity of the clean roster, file layouts."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from stdnum.cn import ric

from fanpin.errors import FanpinError
from fanpin.io.schema import (
    BY_NAME,
    FIELDS,
    HEAD,
    LABOUR_CAPABLE,
    Kind,
    normalize_text,
    yes_no_value,
)
from fanpin.samples.roster import (
    EXPORT_HEADERS,
    PLANTED_CODES,
    SCENARIOS,
    generate_members,
    id_check_digit,
    write_export_xlsx,
    write_gbk_csv,
    write_messy_roster,
)
from fanpin.samples.workspace import write_workspace

LINE = 6000.0
CHILDREN = ("之子", "之女", "之孙子", "之孙女")
MALE = ("之子", "之父", "之孙子", "之女婿")
FEMALE = ("之女", "之母", "之孙女", "之儿媳")


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return generate_members(households=60, seed=1)


@pytest.fixture(scope="module")
def county() -> pd.DataFrame:
    return generate_members(households=2000)


def households(members: pd.DataFrame) -> pd.DataFrame:
    """One row per household: household fields, member count and member-derived flags."""
    flags = pd.DataFrame(
        {
            "labour": members["labour_skill"].isin(LABOUR_CAPABLE),
            "dropout": members["schooling"] == "失学辍学",
            "uninsured": members["medical_insurance"] == "否",
            "relief": (members["dibao"] == "是") | (members["tekun"] == "是"),
            "serious": members["health"] == "患有大病",
        }
    )
    out = members.groupby("household_id", sort=False).first()
    out["members"] = members.groupby("household_id", sort=False).size()
    return out.join(flags.groupby(members["household_id"], sort=False).any())


def month_index(yyyymm: str) -> int:
    return int(yyyymm[:4]) * 12 + int(yyyymm[4:]) - 1


def test_same_seed_same_roster_other_seed_other_roster() -> None:
    first, again = generate_members(60, seed=5), generate_members(60, seed=5)
    pd.testing.assert_frame_equal(first, again)
    assert first.attrs == again.attrs
    assert not first["id_number"].equals(generate_members(60, seed=6)["id_number"])


def test_columns_are_the_schema_fields_with_their_types(small: pd.DataFrame) -> None:
    assert list(small.columns) == [f.name for f in FIELDS]
    for f in FIELDS:
        if f.kind is Kind.MONEY:
            assert small[f.name].dtype == np.float64, f.name
        elif f.kind is Kind.ENUM:
            assert small[f.name].dropna().isin(f.allowed).all(), f.name
        elif f.kind is Kind.YES_NO:
            assert small[f.name].dropna().isin(["是", "否"]).all(), f.name
        elif f.kind is Kind.YYYYMM:
            assert small[f.name].dropna().str.fullmatch(r"2021(0[1-9]|1[0-2])").all(), f.name


def test_ids_are_valid_unique_and_match_sex(county: pd.DataFrame) -> None:
    ids = county["id_number"]
    assert ids.map(ric.is_valid).all()
    assert ids.is_unique
    assert ids.str.endswith("X").any()
    assert ids.map(lambda x: id_check_digit(x[:17]) == x[17]).all()
    order_digit = ids.str[16].astype(int)
    assert (order_digit[county["relation"].isin(MALE)] % 2 == 1).all()
    assert (order_digit[county["relation"].isin(FEMALE)] % 2 == 0).all()


def test_household_ids_are_digits_and_unique_per_household(county: pd.DataFrame) -> None:
    assert county["household_id"].str.fullmatch(r"431081\d{10}").all()
    firsts = county.drop_duplicates("household_id")
    assert firsts["household_id"].is_unique
    assert county["household_id"].is_monotonic_increasing


def test_head_first_exactly_once_and_family_ages_consistent(county: pd.DataFrame) -> None:
    born = county["id_number"].str[6:14].astype(int)
    head_born = (
        born.where(county["relation"] == HEAD).groupby(county["household_id"]).transform("max")
    )
    heads = (county["relation"] == HEAD).groupby(county["household_id"]).sum()
    assert (heads == 1).all()
    assert (county.groupby("household_id")["relation"].first() == HEAD).all()
    children = county["relation"].isin(CHILDREN)
    assert (born[children] > head_born[children]).all()
    parents = county["relation"].isin(["之父", "之母"])
    assert (born[parents] < head_born[parents]).all()
    age = 2021 - born // 10_000
    school_age = (age >= 6) & (age <= 15)
    assert school_age.any()
    dropouts = county["schooling"] == "失学辍学"
    assert dropouts.any() and (school_age[dropouts]).all()
    assert (county.loc[age >= 23, "schooling"].isin(["非在校生", "失学辍学"])).all()
    assert (county.loc[age < 16, "labour_skill"] == "无劳动力").all()


def test_declared_size_and_income_agree_with_members(county: pd.DataFrame) -> None:
    per_household = households(county)
    assert (per_household["declared_size"] == per_household["members"]).all()
    net = (
        per_household["wage_income"]
        + per_household["business_income"]
        + per_household["property_income"]
        + per_household["transfer_income"]
        - per_household["business_expense"]
    )
    gap = (net / per_household["members"] - per_household["reported_per_capita_income"]).abs()
    assert gap.max() <= 0.01
    assert (per_household[["wage_income", "business_income", "property_income"]] >= 0).all().all()


def test_shares_look_like_a_county(county: pd.DataFrame) -> None:
    per_household = households(county)
    assert 0.05 <= (per_household["household_type"] == "脱贫户").mean() <= 0.15
    assert 2.7 <= per_household["members"].mean() <= 3.5
    monitored = per_household["recorded_category"].notna()
    assert 0.01 <= monitored.mean() <= 0.06
    eliminated = per_household.loc[monitored, "risk_eliminated"] == "是"
    assert 0.15 <= eliminated.mean() <= 0.55
    assert 13_000 <= per_household["reported_per_capita_income"].median() <= 20_000
    escaped = per_household["household_type"] == "脱贫户"
    categories = per_household["recorded_category"]
    assert categories[escaped & monitored].isin(["脱贫不稳定户", "突发严重困难户"]).all()
    assert categories[~escaped & monitored].isin(["边缘易致贫户", "突发严重困难户"]).all()


def test_monitored_households_carry_their_follow_up(county: pd.DataFrame) -> None:
    per_household = households(county)
    monitored = per_household[per_household["recorded_category"].notna()]
    risks = monitored[["declared_risk_1", "declared_risk_2", "declared_risk_3"]]
    assert risks["declared_risk_1"].notna().all()
    assert monitored["declared_risk_4"].isna().all()
    assert monitored["cadre"].notna().all()
    assert monitored["cadre_phone"].str.fullmatch(r"1[358]\d{9}").all()
    assert monitored["leader"].notna().any()
    measures = monitored["measures_received"].str.split("、")
    assert measures.map(len).between(2, 4).all()
    months = monitored["monitored_since"].map(month_index)
    assert months.between(month_index("202103"), month_index("202112")).all()
    eliminated = monitored[monitored["risk_eliminated"] == "是"]
    assert eliminated["elimination_method"].isin(["帮扶消除", "自然消除"]).all()
    assert (eliminated["elimination_method"] == "帮扶消除").mean() > 0.5
    kept = monitored[monitored["risk_eliminated"] == "否"]
    assert kept[["elimination_method", "eliminated_month"]].isna().all().all()


def test_audit_scenarios_are_planted_and_nothing_else_fires(county: pd.DataFrame) -> None:
    per_household = households(county)
    scenarios = county.attrs["scenarios"]
    assert set(scenarios) == set(SCENARIOS)
    assert all(scenarios[name] for name in SCENARIOS), scenarios
    planted = {h: name for name, ids in scenarios.items() for h in ids}
    pc = per_household["reported_per_capita_income"]
    adjusted = (pc * per_household["members"] - per_household["compliant_expense"]) / per_household[
        "members"
    ]
    fell = pc <= 0.5 * per_household["last_year_per_capita_income"]
    gap = (
        per_household["dropout"]
        | per_household["uninsured"]
        | (per_household["unsafe_housing"] == "是")
        | (per_household["safe_water"] == "否")
    )
    monitored = per_household["recorded_category"].notna()
    scenario = per_household.index.map(lambda h: planted.get(h, ""))
    plain = ~monitored & (scenario == "")
    assert (pc[plain] >= 7300).all()
    assert (adjusted[plain] >= LINE).all()
    assert not fell[plain].any()
    assert not gap[plain].any()

    def rows(name: str) -> pd.Series:
        return pd.Series(scenario == name, index=per_household.index)

    assert (pc[rows("missed_low_income")] < LINE).all()
    assert (fell & per_household["serious"])[rows("missed_sudden_drop")].all()
    assert gap[rows("missed_gap")].all()
    assert pc[rows("near_line")].between(LINE, 1.2 * LINE).all()
    assert not per_household.loc[rows("safety_net_unflagged"), "labour"].any()
    assert (per_household.loc[rows("safety_net_unflagged"), "safety_net"] == "否").all()
    flagged = ~per_household["labour"] & ~rows("safety_net_unflagged")
    assert (per_household.loc[flagged, "safety_net"] == "是").all()
    assert (per_household.loc[per_household["labour"], "safety_net"] == "否").all()
    zero = per_household["relief"] & (per_household["transfer_income"] == 0)
    assert (zero == rows("zero_transfer")).all()

    eliminated = per_household[per_household["risk_eliminated"] == "是"]
    wait = eliminated["eliminated_month"].map(month_index) - eliminated["monitored_since"].map(
        month_index
    )
    hurried = eliminated.index.isin(scenarios["early_elimination"])
    assert (wait[~hurried] >= 6).all() and wait[hurried].between(1, 2).all()
    assert (eliminated["reported_per_capita_income"] >= LINE).all()
    assert (eliminated["last_year_per_capita_income"] >= LINE).all()
    assert (adjusted[eliminated.index] >= LINE).all()
    assert eliminated["labour"].all()
    assert not gap[eliminated.index].any()


def test_export_xlsx_layout(small: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_export_xlsx(small, path)
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "监测对象信息"
    assert ws["A1"].value == "资兴市防返贫监测信息采集表（2021年度）"
    assert ws["A2"].value.startswith("导出单位：资兴市乡村振兴局")
    assert ws.freeze_panes == "A5"
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = openpyxl.utils.get_column_letter(len(EXPORT_HEADERS))
    assert {f"A1:{last}1", f"A2:{last}2", "A3:A4", "E3:E4"} <= merged
    row_three = [r for r in ws.merged_cells.ranges if r.min_row == r.max_row == 3]
    group_labels = {ws.cell(3, r.min_col).value for r in row_three}
    assert group_labels == {"基本信息", "家庭情况", "收入情况（元）", "风险情况", "帮扶情况"}
    header_cells = [ws.cell(4, c).value or ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert header_cells == list(EXPORT_HEADERS)
    assert {f.header for f in FIELDS} | {"序号"} == set(header_cells)
    assert ws.cell(4, 5).value is None and ws.cell(3, 5).value == BY_NAME["household_id"].header
    assert ws["A3"].font.b and ws["F4"].font.b
    assert ws.max_row == 4 + len(small)
    column = {h: i for i, h in enumerate(EXPORT_HEADERS, start=1)}
    ids = [ws.cell(r, column["证件号码"]) for r in range(5, ws.max_row + 1)]
    assert all(isinstance(c.value, str) and c.number_format == "@" for c in ids)
    assert [c.value for c in ids] == small["id_number"].tolist()
    assert isinstance(ws.cell(5, column["户编号"]).value, str)
    assert isinstance(ws.cell(5, column["人均纯收入(元)"]).value, int | float)
    assert ws.cell(5, column["家庭人口数"]).value == small["declared_size"].iloc[0]
    typed_as_text = ws.cell(5 + 100, column["工资性收入"]).value
    assert isinstance(typed_as_text, str) and typed_as_text.isdigit()


def test_export_is_byte_identical_and_readable_by_calamine(
    small: pd.DataFrame, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    write_export_xlsx(small, one)
    write_export_xlsx(small, two)
    assert one.read_bytes() == two.read_bytes()
    rows = CalamineWorkbook.from_path(str(one)).get_sheet_by_name("监测对象信息").to_python()
    assert rows[3][5:8] == ["姓名", "证件号码", "与户主关系"]
    assert [r[6] for r in rows[4:]] == small["id_number"].tolist()


def test_gbk_csv_is_gb18030_not_utf8(small: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    write_gbk_csv(small, path)
    raw = path.read_bytes()
    raw.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    back = pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(EXPORT_HEADERS[1:])
    assert back["证件号码"].tolist() == small["id_number"].tolist()
    assert back["户编号"].tolist() == small["household_id"].tolist()
    income = back["人均纯收入(元)"].astype(float)
    assert np.allclose(income, small["reported_per_capita_income"])


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("messy") / "messy_roster.xlsx"
    return path, write_messy_roster(path)


def test_messy_roster_holds_every_planted_problem_where_the_manifest_says(
    messy: tuple[Path, list],
) -> None:
    path, planted = messy
    assert {p.code for p in planted} == set(PLANTED_CODES)
    ws = openpyxl.load_workbook(path).active
    column = {h: i for i, h in enumerate(EXPORT_HEADERS, start=1)}
    for p in planted:
        assert p.row >= 5
        assert ws.cell(p.row, column[p.column]).value == p.value, p
    as_numbers = [p for p in planted if p.code == "id_as_number" and isinstance(p.value, int)]
    assert len(as_numbers) == 2
    assert any(p.code == "id_as_number" and "E+17" in str(p.value) for p in planted)
    assert len({p.row for p in planted if p.code == "id_duplicate"}) == 2
    household_ids = [ws.cell(r, column["户编号"]).value for r in range(5, ws.max_row + 1)]
    assert household_ids.count(None) == 1  # a one-person household lost its 户编号
    assert len(set(household_ids) - {None}) == 39


def test_messy_roster_is_clean_apart_from_the_plants(messy: tuple[Path, list]) -> None:
    path, planted = messy
    ws = openpyxl.load_workbook(path).active
    spots = {(p.row, p.column) for p in planted}
    by_header = {f.header: f for f in FIELDS}
    members: dict[object, list[tuple[int, str]]] = {}
    accepted = 0
    for r in range(5, ws.max_row + 1):
        for c, header in enumerate(EXPORT_HEADERS[1:], start=2):
            value = ws.cell(r, c).value
            if (r, header) in spots or value is None:
                continue
            f = by_header[header]
            text = normalize_text(str(value))
            accepted += text != str(value)
            if f.kind is Kind.ID:
                assert isinstance(value, str) and ric.is_valid(text), (r, header, value)
            elif f.kind is Kind.YES_NO:
                assert yes_no_value(str(value)) is not None, (r, header, value)
                accepted += str(value) not in ("是", "否")
            elif f.kind is Kind.ENUM:
                assert text in f.allowed, (r, header, value)
            elif f.kind is Kind.YYYYMM:
                assert re.fullmatch(r"\d{4}(0[1-9]|1[0-2])", text), (r, header, value)
            elif f.kind in (Kind.MONEY, Kind.INTEGER):
                assert float(text) >= 0, (r, header, value)
        relation = normalize_text(str(ws.cell(r, 8).value))
        members.setdefault(ws.cell(r, 5).value, []).append((r, relation))
    assert accepted >= 8  # the odd-but-valid spellings are there
    odd_rows = {p.row for p in planted if p.code.startswith("household_")}
    for household, entries in members.items():
        if household is None or any(row in odd_rows for row, _ in entries):
            continue
        assert [relation for _, relation in entries].count(HEAD) == 1, household


def test_write_workspace_writes_every_example_file(tmp_path: Path) -> None:
    paths = write_workspace(tmp_path, households=1000, seed=3)
    assert {"roster", "roster_gbk", "messy_roster", "fund_ledger", "cases"} <= set(paths)
    assert {k for k in paths if k.startswith("dept:")} == {
        f"dept:{kind}" for kind in ("medical", "civil", "disability", "housing", "education")
    } | {f"dept:{kind}" for kind in ("disaster", "employment", "business", "vehicle")} | {
        "dept:public_servant"
    }
    for path in paths.values():
        assert path.is_file() and (tmp_path / "data" / "zixing") in path.parents


def test_write_workspace_refuses_too_small_a_county(tmp_path: Path) -> None:
    with pytest.raises(FanpinError, match="at least 1,000 households"):
        write_workspace(tmp_path, households=30, seed=3)
    assert not (tmp_path / "data").exists()
