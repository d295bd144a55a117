"""Tests for fanpin.rules.measures: catalogue checks, the shipped catalogues, received-measure
matching, and what a household needs and still lacks ("缺什么补什么")."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from fanpin import api
from fanpin.errors import ProfileError
from fanpin.io import schema
from fanpin.rules.measures import (
    CATALOGUE_COLUMNS,
    DEVELOPMENT,
    SAFETY_NET,
    TYPE_PREFIX,
    Catalogue,
    distinct_rows,
    load_catalogue,
    received_measures,
    row_lists,
)
from fanpin.rules.profiles import BUILTIN_DIR
from tests.rosters import Row, household, write_xlsx

AS_OF = date(2021, 12, 1)
HEADER = ",".join(CATALOGUE_COLUMNS)
GOOD = (
    "X01,产业帮扶,产业帮扶,产业奖补,奖补|产业补贴,industry_failure,labour_count > 0,是,500,"
    "农业农村局"
)


def catalogue_file(folder: Path, *lines: str, header: str = HEADER) -> Path:
    path = folder / "measures.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalogue]:
    return {n: load_catalogue(BUILTIN_DIR / f"{n}_measures.csv") for n in ("national", "zixing")}


# -- catalogue validation ----------------------------------------------------------------


def test_a_good_catalogue_loads_every_column(tmp_path: Path) -> None:
    (measure,) = load_catalogue(catalogue_file(tmp_path, GOOD)).measures

    assert measure.code == "X01"
    assert measure.aliases == ("奖补", "产业补贴")
    assert measure.risks == ("industry_failure",)
    assert measure.development is True
    assert measure.amount == 500
    assert measure.department == "农业农村局"
    assert measure.row == 2
    assert measure.condition is not None and measure.condition.source == "labour_count > 0"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [GOOD, "X02,就业帮扶,就业补贴,就业补贴,,poverty,,是,,人社局"],
            "line 3: unknown risk code poverty",
        ),
        (
            [GOOD, "X01,就业帮扶,就业补贴,就业补贴,,unstable_employment,,是,,人社局"],
            "line 3: 'X01' already used on line 2",
        ),
        (
            [GOOD, "X02,就业帮扶,就业补贴,产业奖补,,unstable_employment,,是,,人社局"],
            "line 3: '产业奖补' already used on line 2",
        ),
        (
            [GOOD, "X02,就业帮扶,就业补贴,就业补贴,产业补贴,unstable_employment,,是,,人社局"],
            "line 3: '产业补贴' already used on line 2",
        ),
        (
            [GOOD, "X02,就业帮扶,就业补贴,就业补贴,,unstable_employment,labour_count >,是,,人社局"],
            "line 3: cannot parse",
        ),
        (
            [
                GOOD,
                "X02,就业帮扶,就业补贴,就业补贴,,unstable_employment,labor_count > 0,是,,人社局",
            ],
            "line 3: unknown field 'labor_count' in \"labor_count > 0\"; did you mean labour_count",
        ),
        (
            [GOOD, "X02,就业帮扶,就业补贴,就业补贴,,unstable_employment,,也许,,人社局"],
            "line 3: development must be 是 or 否, not '也许'",
        ),
        ([GOOD, ",就业帮扶,就业补贴,,,unstable_employment,,是,,人社局"], "line 3: code and name"),
    ],
    ids=[
        "unknown-risk",
        "duplicate-code",
        "duplicate-name",
        "duplicate-alias",
        "bad-condition",
        "unknown-field",
        "bad-development",
        "missing-code",
    ],
)
def test_catalogue_problem_is_an_error_with_its_line(
    tmp_path: Path, lines: list[str], expected: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        load_catalogue(catalogue_file(tmp_path, *lines))
    message = str(caught.value)

    assert "measures.csv is not valid" in message
    assert expected in message


def test_every_problem_of_a_catalogue_is_listed_at_once(tmp_path: Path) -> None:
    lines = [
        GOOD,
        "X02,就业帮扶,就业补贴,就业补贴,,poverty,,是,,人社局",
        "X01,就业帮扶,就业补贴,务工补贴,,unstable_employment,,是,,人社局",
        "X04,就业帮扶,就业补贴,交通补贴,,unstable_employment,labour_count >,是,,人社局",
    ]
    with pytest.raises(ProfileError) as caught:
        load_catalogue(catalogue_file(tmp_path, *lines))
    message = str(caught.value)

    assert "line 3:" in message and "line 4:" in message and "line 5:" in message
    assert "line 2:" not in message


def test_non_numeric_amount_names_the_column(tmp_path: Path) -> None:
    line = "X02,就业帮扶,就业补贴,就业补贴,,unstable_employment,,是,三百,人社局"
    with pytest.raises(ProfileError) as caught:
        load_catalogue(catalogue_file(tmp_path, GOOD, line))
    message = str(caught.value)

    assert "line 3:" in message
    assert "amount" in message


def test_missing_column_is_named_with_the_expected_ones(tmp_path: Path) -> None:
    header = HEADER.replace(",risks", "")
    with pytest.raises(ProfileError) as caught:
        load_catalogue(catalogue_file(tmp_path, header=header))
    message = str(caught.value)

    assert "missing columns risks" in message
    assert "expected code, category, subcategory, name" in message


def test_empty_catalogue_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="has no measures"):
        load_catalogue(catalogue_file(tmp_path))


def test_gbk_catalogue_saved_by_excel_loads(tmp_path: Path) -> None:
    path = tmp_path / "measures.csv"
    path.write_bytes(f"{HEADER}\r\n{GOOD}\r\n".encode("gb18030"))

    assert load_catalogue(path).measures[0].name == "产业奖补"


def test_bad_catalogue_beside_a_profile_fails_the_profile(tmp_path: Path) -> None:
    from fanpin.rules.profiles import load_profile

    catalogue_file(tmp_path, "X02,就业帮扶,就业补贴,就业补贴,,poverty,,是,,人社局")
    profile = tmp_path / "county.toml"
    profile.write_text('extends = "national"\n[measures]\ncatalogue = "measures.csv"\n')

    with pytest.raises(ProfileError, match="line 2: unknown risk code poverty"):
        load_profile(profile)


# -- shipped catalogues ------------------------------------------------------------------


def test_zixing_catalogue_has_5_categories_13_subcategories_55_measures(
    catalogues: dict[str, Catalogue],
) -> None:
    measures = catalogues["zixing"].measures

    assert len(measures) == 55
    assert len({m.category for m in measures}) == 5
    assert len({(m.category, m.subcategory) for m in measures}) == 13
    assert len({m.subcategory for m in measures}) == 13
    assert len({m.code for m in measures}) == 55


def test_national_catalogue_has_the_national_categories(catalogues: dict[str, Catalogue]) -> None:
    categories = {m.category for m in catalogues["national"].measures}

    assert {
        "产业帮扶",
        "就业帮扶",
        "金融帮扶",
        "公益岗位帮扶",
        "健康帮扶",
        "义务教育保障",
        "其他教育帮扶",
        "综合保障",
        "住房安全保障",
        "饮水安全保障",
        "社会帮扶",
        "搬迁",
        "生产生活条件改善",
        "基础设施建设",
    } <= categories


@pytest.mark.parametrize("name", ["national", "zixing"])
def test_every_risk_factor_is_addressed_by_some_measure(
    catalogues: dict[str, Catalogue], name: str
) -> None:
    measures = catalogues[name].measures
    addressed = {risk for m in measures for risk in m.risks}

    assert addressed == set(schema.RISK_FACTORS)
    assert any(m.development for m in measures)
    assert any(m.safety_net for m in measures)


@pytest.mark.parametrize("name", ["national", "zixing"])
def test_seed_measures_are_in_the_catalogue(catalogues: dict[str, Catalogue], name: str) -> None:
    lookup = catalogues[name].lookup()

    for seed in ("小额信贷", "雨露计划", "帮扶车间", "防贫救助金", "公益岗位", "低保", "医保"):
        assert seed in lookup, seed


def test_zixing_names_the_seed_specific_measures(catalogues: dict[str, Catalogue]) -> None:
    by_code = catalogues["zixing"].by_code()
    lookup = catalogues["zixing"].lookup()

    assert by_code[lookup["吸纳脱贫劳动力就业一次性补贴"]].amount == 300
    for seed in ("土地流转", "按需技能培训", "务工免费专车", "因产业防贫救助金"):
        assert seed in lookup, seed


def test_safety_net_measures_agree_between_the_catalogues(
    catalogues: dict[str, Catalogue],
) -> None:
    national = {m.name: m.safety_net for m in catalogues["national"].measures}
    zixing = {m.name: m.safety_net for m in catalogues["zixing"].measures}
    shared = sorted(set(national) & set(zixing))

    assert {n: zixing[n] for n in shared} == {n: national[n] for n in shared}
    assert zixing["土地流转入股村集体农场"] is False


# -- received measures -------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["、", ";", "；", "，", ",", " 、 "])
def test_received_measures_split_on_every_separator(
    catalogues: dict[str, Catalogue], separator: str
) -> None:
    text = pd.Series([f"小额信贷{separator}医保{separator}SEC01"])
    received, unrecognised = received_measures(text, catalogues["national"])

    assert received.tolist() == [["FIN01", "HLT01", "SEC01"]]
    assert unrecognised.tolist() == [[]]


def test_received_measures_by_name_alias_and_code(catalogues: dict[str, Catalogue]) -> None:
    text = pd.Series(
        [
            "城乡居民基本医疗保险参保资助",  # name
            "医保",  # alias
            "HLT01",  # code
            "hlt01",  # code, any case
            "ＨＬＴ０１",  # code, full width
            " 医保　",  # spaces around, full-width too
        ]
    )
    received, unrecognised = received_measures(text, catalogues["national"])

    assert received.tolist() == [["HLT01"]] * len(text)
    assert unrecognised.map(len).sum() == 0


def test_unknown_measure_names_are_reported_not_dropped(catalogues: dict[str, Catalogue]) -> None:
    text = pd.Series(
        ["小额信贷、送温暖活动、低保", None, "", "神秘措施；医保"], index=[10, 11, 12, 13]
    )
    received, unrecognised = received_measures(text, catalogues["national"])

    assert received.to_dict() == {10: ["FIN01", "SEC01"], 11: [], 12: [], 13: ["HLT01"]}
    assert unrecognised.to_dict() == {10: ["送温暖活动"], 11: [], 12: [], 13: ["神秘措施"]}


def test_a_measure_named_twice_is_received_once(catalogues: dict[str, Catalogue]) -> None:
    received, _ = received_measures(pd.Series(["低保、农村低保、SEC01"]), catalogues["national"])

    assert received.tolist() == [["SEC01"]]


# -- needs and gaps on classified households ---------------------------------------------

NO_LABOUR = {"labour_skill": "丧失劳动力", "employment": "未务工"}


def monitored(household_id: str, first: int, measures: str, **fields: Any) -> list[Row]:
    """A one-person monitored 一般农户 household with per-capita income 5,000."""
    values: dict[str, Any] = {
        "household_type": "一般农户",
        "recorded_category": "边缘易致贫户",
        "monitored_since": "202103",
        "wage_income": 5000,
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
        "measures_received": measures,
        **fields,
    }
    return household(household_id, 1, first_order=first, **values)


ROWS: list[Row] = [
    *monitored("LABOUR_NO_DEV", 1, "医保"),
    *monitored("LABOUR_DEV", 2, "小额信贷"),
    *monitored("NO_LABOUR", 3, "", **NO_LABOUR),
    *monitored("NO_LABOUR_DIBAO", 4, "低保", **NO_LABOUR),
    *monitored("NO_LABOUR_RELIEF", 5, "临时救助", **NO_LABOUR),
    *monitored("ILL_COVERED", 6, "大病救助、小额信贷", health="患有大病"),
    *monitored("ILL_OPEN", 7, "小额信贷", health="患有大病"),
    *monitored("HOUSE_WATER", 8, "危房改造、小额信贷", unsafe_housing="是", safe_water="否"),
    *monitored("UNKNOWN_NAMES", 9, "小额信贷、送温暖活动"),
    *household(
        "NOT_AT_RISK",
        1,
        first_order=10,
        household_type="一般农户",
        wage_income=30000,
        measures_received="小额信贷",
    ),
]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("measures") / "measures.xlsx", ROWS)


@pytest.fixture(scope="module")
def national(roster: Path) -> pd.DataFrame:
    return api.classify(roster, as_of=AS_OF, year=2021).households.set_index("household_id")


@pytest.fixture(scope="module")
def zixing(roster: Path) -> pd.DataFrame:
    households = api.classify(roster, profile="zixing", as_of=AS_OF, year=2021).households
    return households.set_index("household_id")


def development_codes(catalogue: Catalogue) -> set[str]:
    return {m.code for m in catalogue.measures if m.development}


@pytest.mark.parametrize("name", ["national", "zixing"])
def test_labour_capable_household_without_development_measure_has_a_gap(
    request: pytest.FixtureRequest, catalogues: dict[str, Catalogue], name: str
) -> None:
    households = request.getfixturevalue(name)
    row = households.loc["LABOUR_NO_DEV"]
    development = development_codes(catalogues[name])

    assert DEVELOPMENT in row["uncovered"]
    assert set(row["measures_gap"]) & development
    assert set(row["measures_needed"]) & development == set(row["measures_gap"]) & development
    assert SAFETY_NET not in row["measures_needed"]
    covered = households.loc["LABOUR_DEV"]
    assert DEVELOPMENT not in covered["uncovered"]
    assert not set(covered["measures_gap"]) & development


@pytest.mark.parametrize("name", ["national", "zixing"])
def test_household_without_labour_needs_a_safety_net_measure(
    request: pytest.FixtureRequest, catalogues: dict[str, Catalogue], name: str
) -> None:
    households = request.getfixturevalue(name)
    row = households.loc["NO_LABOUR"]
    by_code = catalogues[name].by_code()
    dibao = catalogues[name].lookup()["低保"]

    assert SAFETY_NET in row["uncovered"]
    assert DEVELOPMENT not in row["uncovered"]
    assert dibao in row["measures_gap"]
    assert not any(by_code[c].development for c in row["measures_needed"])
    covered = households.loc["NO_LABOUR_DIBAO"]
    assert covered["measures_received_codes"] == [dibao]
    assert SAFETY_NET not in covered["uncovered"]
    assert "lack_of_labour" not in covered["uncovered"]


def test_national_relief_is_a_safety_net_measure(national: pd.DataFrame) -> None:
    assert SAFETY_NET not in national.loc["NO_LABOUR_RELIEF", "uncovered"]


def test_zixing_relief_is_a_safety_net_measure(zixing: pd.DataFrame) -> None:
    assert SAFETY_NET not in zixing.loc["NO_LABOUR_RELIEF", "uncovered"]


@pytest.mark.parametrize("name", ["national", "zixing"])
def test_a_received_measure_covers_its_factor(request: pytest.FixtureRequest, name: str) -> None:
    households = request.getfixturevalue(name)

    assert "illness" not in households.loc["ILL_COVERED", "uncovered"]
    assert "illness" in households.loc["ILL_OPEN", "uncovered"]
    house = households.loc["HOUSE_WATER"]
    assert "unsafe_housing" not in house["uncovered"]
    assert "unsafe_water" in house["uncovered"]


@pytest.mark.parametrize("name", ["national", "zixing"])
def test_gap_is_needed_for_uncovered_factors_minus_received(
    request: pytest.FixtureRequest, catalogues: dict[str, Catalogue], name: str
) -> None:
    """Recomputed independently: a needed measure is in the gap iff it addresses a factor
    of the household that no received measure addresses."""
    households = request.getfixturevalue(name)
    by_code = catalogues[name].by_code()

    def factors(code: str, row: pd.Series) -> set[str]:
        measure = by_code[code]
        found = {r for r in measure.risks if row[f"risk_{r}"]}
        if measure.development and row["labour_count"] > 0:
            found.add(DEVELOPMENT)
        if measure.safety_net and row["labour_count"] == 0:
            found.add(SAFETY_NET)
        return found

    checked = 0
    for household_id, row in households.iterrows():
        needed, received = row["measures_needed"], row["measures_received_codes"]
        if row["status"] not in ("monitored", "proposed"):
            assert needed == [] and row["measures_gap"] == [], household_id
            continue
        covered = {f for code in received if code in needed for f in factors(code, row)}
        open_factors = {f for code in needed for f in factors(code, row)} - covered
        expected = [c for c in needed if factors(c, row) & open_factors]

        assert row["measures_gap"] == expected, household_id
        assert not set(row["measures_gap"]) & set(received), household_id
        assert set(row["uncovered"]) == open_factors, household_id
        checked += 1
    assert checked == len(households) - 1


def test_household_not_at_risk_keeps_received_measures_without_needs(
    national: pd.DataFrame,
) -> None:
    row = national.loc["NOT_AT_RISK"]

    assert row["status"] == "none"
    assert row["measures_received_codes"] == ["FIN01"]
    assert row["measures_needed"] == [] and row["measures_gap"] == [] and row["uncovered"] == []


def test_unrecognised_measure_names_reach_the_json(roster: Path) -> None:
    result = api.classify(roster, as_of=AS_OF, year=2021)
    records = {r["household_id"]: r for r in result.to_dict()["households"]}

    measures = records["UNKNOWN_NAMES"]["measures"]
    assert measures["received"] == ["FIN01"]
    assert measures["unrecognised"] == ["送温暖活动"]
    assert set(measures) == {"needed", "received", "unrecognised", "gap", "uncovered"}


# -- the export's per-type measure columns (domain.md §10) ----------------------------------------

EXPORT_TYPES = (
    "industry",
    "employment",
    "finance",
    "public_job",
    "health",
    "education",
    "social_security",
    "housing",
    "water",
    "social",
)


@pytest.mark.parametrize("name", ["national", "zixing"])
@pytest.mark.parametrize("code", EXPORT_TYPES)
def test_each_type_of_the_export_stands_for_catalogue_measures(
    catalogues: dict[str, Catalogue], name: str, code: str
) -> None:
    catalogue = catalogues[name]
    members = catalogue.members[f"{TYPE_PREFIX}{code}"]
    by_code = catalogue.by_code()
    measure_type = next(t for t in schema.MEASURE_TYPES if t.code == code)

    assert members
    for member in members:
        measure = by_code[member]
        named = {measure.category, measure.subcategory} & set(measure_type.names)
        assert named or (set(measure.risks) & set(measure_type.risks)), member
    stand_in = by_code[f"{TYPE_PREFIX}{code}"]
    assert set(stand_in.risks) == {r for m in members for r in by_code[m].risks}


def test_zixing_housing_and_water_share_a_subcategory_but_not_a_type(
    catalogues: dict[str, Catalogue],
) -> None:
    zixing = catalogues["zixing"]
    assert zixing.members["type:housing"] == ("HWS01",)
    assert zixing.members["type:water"] == ("HWS02", "HWS03")
    assert zixing.members["type:finance"] == ("IND06", "IND07", "IND08")


def test_type_names_are_looked_up_unless_a_measure_has_that_name(
    catalogues: dict[str, Catalogue],
) -> None:
    national = catalogues["national"]
    received, unrecognised = received_measures(
        pd.Series(["产业帮扶、综合保障", "公益岗位", "公益性岗位帮扶"]), national
    )
    assert received.tolist() == [
        ["type:industry", "type:social_security"],
        ["PUB01"],  # the catalogue's own measure wins
        ["type:public_job"],
    ]
    assert unrecognised.tolist() == [[], [], []]


TYPE_ROWS: list[Row] = [
    *monitored("HEALTH_YES", 21, "小额信贷", health="患有大病", measure_health="是"),
    *monitored("HEALTH_NO", 22, "小额信贷", health="患有大病", measure_health="否"),
    *monitored("HEALTH_NAMED", 23, "小额信贷", health="患有大病", measure_health="大病救助"),
    *monitored("INDUSTRY_AMOUNT", 24, "", measure_industry="2000元"),
    *monitored("DEVELOPED", 25, "", development_measures="已实施"),
    *monitored("NOT_DEVELOPED", 26, "", development_measures="尚未实施"),
    *monitored(
        "HOUSING",
        27,
        "",
        unsafe_housing="是",
        safe_water="否",
        measure_housing="已改造",
        measure_industry="是",
    ),
    *monitored("TEXT_TYPE", 28, "综合保障", **NO_LABOUR),
    *monitored("TEXT_AND_TYPES", 29, "医保", measure_employment="就业补贴、技能培训"),
    *monitored("RECOVERED_TYPE", 30, "", wage_income=9000, measure_industry="是"),
    *monitored("RECOVERED_NONE", 31, "", wage_income=9000),
]


@pytest.fixture(scope="module", params=["national", "zixing"])
def typed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    path = write_xlsx(tmp_path_factory.mktemp("types") / "types.xlsx", TYPE_ROWS)
    result = api.classify(path, profile=request.param, as_of=AS_OF, year=2021)
    assert result.issues.empty
    return result.households.set_index("household_id")


def test_a_filled_type_cell_covers_its_factors(typed: pd.DataFrame) -> None:
    row = typed.loc["HEALTH_YES"]
    assert "type:health" in row["measures_received_codes"]
    assert "illness" not in row["uncovered"]
    assert "illness" in typed.loc["HEALTH_NO", "uncovered"]
    assert "type:health" not in typed.loc["HEALTH_NO", "measures_received_codes"]


def test_a_type_cell_naming_measures_gives_those_measures(
    typed: pd.DataFrame, catalogues: dict[str, Catalogue]
) -> None:
    row = typed.loc["HEALTH_NAMED"]
    assert "type:health" not in row["measures_received_codes"]
    assert "illness" not in row["uncovered"]
    received = typed.loc["TEXT_AND_TYPES", "measures_received_codes"]
    assert not any(c.startswith(TYPE_PREFIX) for c in received)
    assert len(received) == 3  # 医保 from the text column, the two named in 就业帮扶


def test_a_type_cell_with_other_text_means_the_type(typed: pd.DataFrame) -> None:
    row = typed.loc["INDUSTRY_AMOUNT"]
    assert row["measures_received_codes"] == ["type:industry"]
    assert DEVELOPMENT not in row["uncovered"]
    assert row["measures_unrecognised"] == []


def test_development_measures_in_place_cover_the_development_need(typed: pd.DataFrame) -> None:
    developed = typed.loc["DEVELOPED"]
    assert developed["measures_received_codes"] == ["type:development"]
    assert DEVELOPMENT not in developed["uncovered"]
    not_yet = typed.loc["NOT_DEVELOPED"]
    assert not_yet["measures_received_codes"] == []
    assert DEVELOPMENT in not_yet["uncovered"]


def test_housing_type_covers_housing_and_not_water(typed: pd.DataFrame) -> None:
    row = typed.loc["HOUSING"]
    assert "unsafe_housing" not in row["uncovered"]
    assert "unsafe_water" in row["uncovered"]


def test_a_type_named_in_the_text_column_is_that_type(typed: pd.DataFrame) -> None:
    row = typed.loc["TEXT_TYPE"]
    assert row["measures_received_codes"] == ["type:social_security"]
    assert SAFETY_NET not in row["uncovered"]


def test_a_type_in_place_is_a_measure_for_elimination(typed: pd.DataFrame) -> None:
    helped, unaided = typed.loc["RECOVERED_TYPE"], typed.loc["RECOVERED_NONE"]
    assert helped["elimination_status"] == unaided["elimination_status"] == "eligible"
    assert helped["elimination_method_proposed"] == "assisted"  # 帮扶消除
    assert unaided["elimination_method_proposed"] == "natural"  # 自然消除


def test_type_stand_ins_reach_the_measures_table(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "types.xlsx", TYPE_ROWS)
    result = api.classify(path, as_of=AS_OF, year=2021)
    output = tmp_path / "out.xlsx"
    api.export(result, "xlsx", output)
    table = pd.read_excel(output, sheet_name="帮扶措施", engine="openpyxl", header=1)
    in_place = table.loc[table["户编号"].notna(), "已落实措施"].dropna().astype(str)
    assert in_place.str.contains("健康帮扶").any()


@given(
    hnp.arrays(
        np.int64,
        st.tuples(st.integers(1, 40), st.integers(1, 6)),
        elements=st.sampled_from([0, 1, 2, 3, 2**40]),  # 2**40: no one number per row fits
    )
)
def test_distinct_rows_name_each_row_by_its_distinct_row(table: np.ndarray) -> None:
    which, rows = distinct_rows(table)

    assert (rows[which] == table).all()
    assert len(np.unique(rows, axis=0)) == len(rows)  # each row once


@given(hnp.arrays(np.bool_, st.tuples(st.integers(0, 30), st.integers(1, 70))))
def test_row_lists_are_each_rows_labels_and_its_own(matrix: np.ndarray) -> None:
    labels = np.array([f"m{i}" for i in range(matrix.shape[1])], dtype=object)
    lists = row_lists(matrix, labels)

    assert lists == [[labels[j] for j in np.flatnonzero(row)] for row in matrix]
    assert len({id(listed) for listed in lists}) == len(lists)  # no list shared
