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

from fanpin import api
from fanpin.errors import FanpinError
from fanpin.io.schema import (
    BY_NAME,
    COARSE_SCHOOLING,
    FIELDS,
    HEAD,
    LABOUR_CAPABLE,
    MEASURE_TYPES,
    RELATIONS,
    SCHOOL_GRADES,
    Kind,
    match_header,
    normalize_text,
    yes_no_value,
)
from fanpin.io.validate import combined_value
from fanpin.samples.departments import EXAMPLE_FILES
from fanpin.samples.roster import (
    FIRST_DATA_ROW,
    HOUSEHOLD_HEADERS,
    NATIONAL_HEADER_OF,
    NATIONAL_HEADERS,
    PERSON_HEADERS,
    PLANTED_CODES,
    SCENARIOS,
    TIDY_HEADERS,
    coarse_schooling,
    generate_members,
    id_check_digit,
    write_export_xlsx,
    write_gbk_csv,
    write_messy_roster,
    write_split_export,
    write_tidy_xlsx,
)
from fanpin.samples.workspace import write_workspace

LINE = 6000.0
CHILDREN = ("之子", "之女", "之孙子", "之孙女", "之外孙子", "之外孙女", "之曾孙子", "之曾孙女")
PARENTS = ("之父", "之母", "之岳父", "之岳母", "之公公", "之婆婆", "之叔伯")
GRANDPARENTS = ("之祖父", "之祖母", "之外祖父", "之外祖母")
MALE = ("之子", "之父", "之孙子", "之女婿", "之外孙子", "之岳父", "之公公", "之祖父", "之侄儿")
FEMALE = ("之女", "之母", "之孙女", "之儿媳", "之外孙女", "之岳母", "之婆婆", "之祖母", "之侄女")
NATIONAL_FIELD_OF = {header: name for name, header in NATIONAL_HEADER_OF.items()}


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
            "uninsured": (members["medical_insurance"] == "否")
            & (members["employee_insurance"] != "是"),
            "relief": (members["dibao"] == "是") | (members["tekun"] == "是"),
            "serious": members["health"].str.contains("患有大病"),
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
            values = small[f.name].dropna()
            combined = pd.Series(
                [combined_value(v, f.combinable) is not None for v in values], index=values.index
            )
            assert (values.isin(f.allowed) | combined).all(), f.name
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
    assert set(MALE).isdisjoint(FEMALE)
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
    parents = county["relation"].isin(PARENTS)
    assert (born[parents] < head_born[parents]).all()
    grandparents = county["relation"].isin(GRANDPARENTS)
    assert grandparents.any() and (born[grandparents] < head_born[grandparents] - 400000).all()
    age = 2021 - born // 10_000
    school_age = (age >= 6) & (age <= 15)
    assert school_age.any()
    dropouts = county["schooling"] == "失学辍学"
    assert dropouts.any() and (school_age[dropouts]).all()
    assert (county.loc[age >= 23, "schooling"].isin(["非在校生", "失学辍学"])).all()
    assert (county.loc[age < 6, "schooling"].isin(["学龄前儿童", "学前教育"])).all()
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


def test_export_xlsx_is_the_national_layout(small: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    write_export_xlsx(small, path)
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "监测对象信息"
    assert ws["A1"].value == "（自定义）监测对象信息"
    assert ws["A2"].value.startswith("导出单位：资兴市乡村振兴局")
    assert ws.freeze_panes == "A4"
    last = openpyxl.utils.get_column_letter(len(NATIONAL_HEADERS))
    assert {str(r) for r in ws.merged_cells.ranges} == {f"A1:{last}1", f"A2:{last}2"}
    assert [ws.cell(3, c).value for c in range(1, ws.max_column + 1)] == list(NATIONAL_HEADERS)
    assert ws["A3"].font.b
    assert ws.max_row == 3 + len(small)
    column = {h: i for i, h in enumerate(NATIONAL_HEADERS, start=1)}
    ids = [ws.cell(r, column["证件号码"]) for r in range(4, ws.max_row + 1)]
    assert all(isinstance(c.value, str) and c.number_format == "@" for c in ids)
    assert [c.value for c in ids] == small["id_number"].tolist()
    assert isinstance(ws.cell(4, column["户编号"]).value, str)
    assert isinstance(ws.cell(4, column["人均纯收入（元）"]).value, int | float)
    typed_as_text = ws.cell(4 + 100, column["工资性收入"]).value
    assert isinstance(typed_as_text, str) and typed_as_text.isdigit()


def test_national_headers_are_the_real_spellings_and_fanpin_reads_each() -> None:
    for header in (
        "乡",
        "村",
        "致贫/返贫风险1",
        "务工时间（月）",
        "人均纯收入（元）",
        "在校生状况",
    ):
        assert header in NATIONAL_HEADERS
    assert "是否参加新型农村合作医疗（城乡居民基本医疗保险）" in NATIONAL_HEADERS
    assert {"产业帮扶", "就业帮扶", "公益岗位帮扶", "实施开发式帮扶措施情况"} <= set(
        NATIONAL_HEADERS
    )
    assert "务工状况" not in NATIONAL_HEADERS and "帮扶措施" not in NATIONAL_HEADERS
    for header in NATIONAL_HEADERS:
        field = NATIONAL_FIELD_OF.get(header)
        assert match_header(header) == field, header  # unknown ones (省, 民族 …) match nothing
    assert {"省", "人口编号", "民族"} <= set(NATIONAL_HEADERS) - set(NATIONAL_FIELD_OF)


def test_the_county_has_the_real_value_mix(county: pd.DataFrame) -> None:
    assert set(county["relation"]) == set(RELATIONS)  # all 28
    assert set(county["schooling"]) - set(COARSE_SCHOOLING) <= set(SCHOOL_GRADES)
    assert {"七年级", "八年级", "九年级", "普通高中二年级", "学龄前儿童"} <= set(
        county["schooling"]
    )
    assert any(v.startswith("技师学院") for v in county["schooling"])
    assert (county["labour_skill"] == "弱劳动力或半劳动力").sum() >= 50
    combined = county["health"].map(lambda v: combined_value(v, BY_NAME["health"].combinable))
    assert combined.notna().sum() >= 3
    assert {"患有大病,残疾", "长期慢性病,残疾"} & set(combined.dropna())
    assert (county["household_type"] == "监测户").any()
    insured_at_work = (county["medical_insurance"] == "否") & (county["employee_insurance"] == "是")
    assert insured_at_work.sum() >= 20
    students = ~county["schooling"].isin(["非在校生", "失学辍学", "学龄前儿童"])
    assert (
        county.loc[~students & (county["schooling"] != "学龄前儿童"), "education_level"]
        .notna()
        .all()
    )
    assert county.loc[students, "education_level"].isna().all()
    working = county["employment"].isin(["省外务工", "省内县外务工", "县内务工", "公益岗位"])
    assert county.loc[working, "work_place"].notna().all()
    assert county.loc[~working, "work_place"].isna().all()
    assert (county.loc[working, "work_months"] > 0).all()
    typed = county[[t.field for t in MEASURE_TYPES]].notna().any(axis=1)
    assert (typed == county["measures_received"].notna()).all()


def test_monitored_without_category_households_are_marked_otherwise(county: pd.DataFrame) -> None:
    ids = county.attrs["scenarios"]["monitored_no_category"]
    heads = county.drop_duplicates("household_id").set_index("household_id").loc[ids]
    assert heads["recorded_category"].isna().all()
    assert heads["monitored_since"].notna().all() and heads["cadre"].notna().all()
    assert (heads["risk_eliminated"] == "否").all()
    assert list(heads["household_type"]) == ["监测户", "一般农户"]


def test_tidy_layout_is_fanpins_own(small: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "tidy.xlsx"
    write_tidy_xlsx(small, path)
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "监测对象信息"
    assert ws["A1"].value == "资兴市防返贫监测信息采集表（2021年度）"
    assert ws.freeze_panes == "A5"
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = openpyxl.utils.get_column_letter(len(TIDY_HEADERS))
    assert {f"A1:{last}1", f"A2:{last}2", "A3:A4", "E3:E4"} <= merged
    row_three = [r for r in ws.merged_cells.ranges if r.min_row == r.max_row == 3]
    group_labels = {ws.cell(3, r.min_col).value for r in row_three}
    assert group_labels == {"基本信息", "家庭情况", "收入情况（元）", "风险情况", "帮扶情况"}
    header_cells = [ws.cell(4, c).value or ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert header_cells == list(TIDY_HEADERS)
    assert {"务工状况", "帮扶措施", "在校生情况", "乡(镇)"} <= set(header_cells)
    assert "文化程度" not in header_cells and "产业帮扶" not in header_cells
    column = {h: i for i, h in enumerate(TIDY_HEADERS, start=1)}
    schooling = {ws.cell(r, column["在校生情况"]).value for r in range(5, ws.max_row + 1)}
    assert schooling <= set(COARSE_SCHOOLING)
    assert ws.max_row == 4 + len(small)


@pytest.mark.parametrize(
    ("grade", "coarse"),
    [
        ("七年级", "初中"),
        ("九年级", "初中"),
        ("普通高中三年级", "高中"),
        ("技师学院四年级", "中职"),
        ("高职高专二年级", "高职"),
        ("本科五年级", "本科及以上"),
        ("硕士研究生及以上", "本科及以上"),
        ("学龄前儿童", "非在校生"),
        ("小学", "小学"),
        ("失学辍学", "失学辍学"),
    ],
)
def test_coarse_schooling(grade: str, coarse: str) -> None:
    assert coarse_schooling(grade) == coarse


def test_split_export_is_two_files_joined_by_household(small: pd.DataFrame, tmp_path: Path) -> None:
    paths = write_split_export(small, tmp_path, "town")
    assert {p.name for p in paths.values()} == {"town_members.xlsx", "town_households.xlsx"}
    people = openpyxl.load_workbook(paths["members"]).active
    homes = openpyxl.load_workbook(paths["households"]).active
    assert people.title == "监测对象信息" and homes.title == "户信息"
    assert homes["A1"].value == "（乡村建设）户信息"
    assert [people.cell(3, c).value for c in range(1, people.max_column + 1)] == list(
        PERSON_HEADERS
    )
    assert [homes.cell(3, c).value for c in range(1, homes.max_column + 1)] == list(
        HOUSEHOLD_HEADERS
    )
    assert people.max_row == 3 + len(small)
    assert homes.max_row == 3 + small["household_id"].nunique()
    assert "证件号码" not in HOUSEHOLD_HEADERS and "人均纯收入（元）" not in PERSON_HEADERS
    assert set(PERSON_HEADERS) & set(HOUSEHOLD_HEADERS) == {
        "序号",
        "县",
        "乡",
        "村",
        "户编号",
        "户类型",
        "年度",
    }


def test_export_is_byte_identical_and_readable_by_calamine(
    small: pd.DataFrame, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    write_export_xlsx(small, one)
    write_export_xlsx(small, two)
    assert one.read_bytes() == two.read_bytes()
    rows = CalamineWorkbook.from_path(str(one)).get_sheet_by_name("监测对象信息").to_python()
    position = NATIONAL_HEADERS.index("证件号码")
    assert rows[2][position : position + 2] == ["证件号码", "民族"]
    assert [r[position] for r in rows[3:]] == small["id_number"].tolist()


def test_gbk_csv_is_gb18030_not_utf8(small: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    write_gbk_csv(small, path)
    raw = path.read_bytes()
    raw.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    back = pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(TIDY_HEADERS[1:])
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
    assert [ws.cell(3, c).value for c in range(1, ws.max_column + 1)] == list(NATIONAL_HEADERS)
    column = {h: i for i, h in enumerate(NATIONAL_HEADERS, start=1)}
    for p in planted:
        assert p.row >= FIRST_DATA_ROW
        assert ws.cell(p.row, column[p.column]).value == p.value, p
    as_numbers = [p for p in planted if p.code == "id_as_number" and isinstance(p.value, int)]
    assert len(as_numbers) == 2
    assert any(p.code == "id_as_number" and "E+17" in str(p.value) for p in planted)
    assert len({p.row for p in planted if p.code == "id_duplicate"}) == 2
    household_ids = [ws.cell(r, column["户编号"]).value for r in range(4, ws.max_row + 1)]
    assert household_ids.count(None) == 1  # a one-person household lost its 户编号
    assert len(set(household_ids) - {None}) == 39


def test_messy_roster_is_clean_apart_from_the_plants(messy: tuple[Path, list]) -> None:
    path, planted = messy
    ws = openpyxl.load_workbook(path).active
    spots = {(p.row, p.column) for p in planted}
    column = {h: i for i, h in enumerate(NATIONAL_HEADERS, start=1)}
    members: dict[object, list[tuple[int, str]]] = {}
    accepted = 0
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        for c, header in enumerate(NATIONAL_HEADERS, start=1):
            value = ws.cell(r, c).value
            name = NATIONAL_FIELD_OF.get(header)
            if (r, header) in spots or value is None or name is None:
                continue
            f = BY_NAME[name]
            text = normalize_text(str(value))
            accepted += text != str(value)
            if f.kind is Kind.ID:
                assert isinstance(value, str) and ric.is_valid(text), (r, header, value)
            elif f.kind is Kind.YES_NO:
                assert yes_no_value(str(value)) is not None, (r, header, value)
                accepted += str(value) not in ("是", "否")
            elif f.kind is Kind.ENUM:
                combined = combined_value(text, f.combinable)
                assert text in f.allowed or combined, (r, header, value)
            elif f.kind is Kind.YYYYMM:
                assert re.fullmatch(r"\d{4}(0[1-9]|1[0-2])", text), (r, header, value)
            elif f.kind in (Kind.MONEY, Kind.INTEGER):
                assert float(text) >= 0, (r, header, value)
        relation = normalize_text(str(ws.cell(r, column["与户主关系"]).value))
        members.setdefault(ws.cell(r, column["户编号"]).value, []).append((r, relation))
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
        "dept:public_servant",
        "dept:low_income",  # 民政's low-income list: an example file like the others
    }
    assert set(EXAMPLE_FILES) == {k.removeprefix("dept:") for k in paths if k.startswith("dept:")}
    # one township as the system splits it, for --with and a workspace's rosters
    assert {"split:members", "split:households"} <= set(paths)
    joined = api.validate(paths["split:members"], with_files=[paths["split:households"]])
    assert joined.summary.households > 0 and joined.summary.errors == 0
    # the same county in 2026: its roster and 民政's list of that year
    assert {"roster_2026", "low_income_2026"} <= set(paths)
    for key, path in paths.items():
        county = "zixing_2026" if key.endswith("_2026") else "zixing"
        assert path.is_file() and (tmp_path / "data" / county) in path.parents, key
    assert api.validate(paths["roster_2026"], profile="national-2026").summary.errors == 0


def test_write_workspace_refuses_too_small_a_county(tmp_path: Path) -> None:
    with pytest.raises(FanpinError, match="at least 1,000 households"):
        write_workspace(tmp_path, households=30, seed=3)
    assert not (tmp_path / "data").exists()
