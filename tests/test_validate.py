"""Tests for fanpin.io.validate through fanpin.api: one roster per issue code, typing, masking."""

from __future__ import annotations

import json
import re
import string
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from fanpin import api, labels
from fanpin.io import schema
from fanpin.io.messages import ISSUE_CODES, ROSTER_CODES, render
from fanpin.io.models import ValidationResult
from fanpin.io.read import ROW
from fanpin.io.validate import _cell_texts, id_characters, id_check_digits, mask_id
from tests.conftest import MakeRoster
from tests.rosters import (
    OMIT,
    IssueRow,
    Row,
    check_digit,
    header,
    household,
    issues_of,
    mask,
    member,
    national,
    valid_id,
    write_csv,
    wrong_check_id,
)

ValidateRows = Callable[..., ValidationResult]
FULL_ID = re.compile(r"\d{17}[\dXx]")


def of_code(result: ValidationResult, code: str) -> list[IssueRow]:
    return [i for i in issues_of(result) if i.code == code]


def id_with_birth(birth: str) -> str:
    prefix = f"431081{birth}001"
    return prefix + check_digit(prefix)


BAD_CHECK_ID, RIGHT_CHECK_CHAR = wrong_check_id()
BAD_BIRTH_ID = id_with_birth("19801301")


def _disagreeing_household() -> list[Row]:
    rows = household("H001", 2)
    rows[1][header("household_type")] = "一般农户"
    return rows


def _duplicate_id() -> list[Row]:
    first = household("H001", 1)
    second = household("H002", 1, first_order=2)
    second[0][header("id_number")] = first[0][header("id_number")]
    return first + second


@dataclass
class Case:
    rows: Callable[[], list[Row]]
    row: int
    column: str
    value: str
    zh: str  # a fragment the Chinese message must contain
    en: str  # a fragment the English message must contain
    field: str  # canonical name of the column
    household_id: str | None = "H001"


CASES: dict[str, Case] = {
    "missing_value": Case(
        lambda: [member(name="")],
        2,
        "姓名",
        "",
        "姓名 为空；请补填",
        "姓名 is empty; fill it in",
        field="name",
    ),
    "id_as_number": Case(
        lambda: [member(id_number=int(valid_id()))],
        2,
        "证件号码",
        "4.31081E+17",
        "被 Excel 存成了数字（4.31081E+17）",
        "stored as a number (4.31081E+17)",
        field="id_number",
    ),
    "id_format": Case(
        lambda: [member(id_number="43108119800101001")],
        2,
        "证件号码",
        "4310*********1001",
        "不是 18 位身份证号码（长度为 17 位）",
        "not an 18-character resident ID (17 characters long)",
        field="id_number",
    ),
    "id_birth_date": Case(
        lambda: [member(id_number=BAD_BIRTH_ID)],
        2,
        "证件号码",
        mask(BAD_BIRTH_ID),
        "出生日期 19801301 不是有效日期",
        "birth date 19801301",
        field="id_number",
    ),
    "id_checksum": Case(
        lambda: [member(id_number=BAD_CHECK_ID)],
        2,
        "证件号码",
        mask(BAD_CHECK_ID),
        f"末位应为 {RIGHT_CHECK_CHAR}",
        f"should be {RIGHT_CHECK_CHAR}",
        field="id_number",
    ),
    "id_duplicate": Case(
        _duplicate_id,
        3,
        "证件号码",
        mask(valid_id(order="001")),
        "户编号 H001、H002",
        "households H001、H002",
        field="id_number",
        household_id="H002",
    ),
    "household_no_head": Case(
        lambda: household("H001", 2, relations=["配偶", "之子"]),
        2,
        "与户主关系",
        "配偶",
        "户 H001 没有户主",
        "household H001 has no head",
        field="relation",
    ),
    "household_many_heads": Case(
        lambda: household("H001", 2, relations=["户主", "户主"]),
        3,
        "与户主关系",
        "户主",
        "户 H001 有 2 个户主",
        "household H001 has 2 heads",
        field="relation",
    ),
    "size_mismatch": Case(
        lambda: household("H001", 2, declared_size=3),
        2,
        "家庭人口数",
        "3",
        "家庭人口数 填 3，但该户有 2 名成员",
        "says 3 but the household has 2 member rows",
        field="declared_size",
    ),
    "member_disagreement": Case(
        _disagreeing_household,
        3,
        "户类型",
        "一般农户",
        "（一般农户，户主行为 脱贫户）",
        "(一般农户, head's row 脱贫户)",
        field="household_type",
    ),
    "not_a_number": Case(
        lambda: [member(wage_income="一万")],
        2,
        "工资性收入",
        "一万",
        "工资性收入 不是数字：一万",
        "is not a number: 一万",
        field="wage_income",
    ),
    "negative_amount": Case(
        lambda: [member(property_income=-100, reported_per_capita_income=11900)],
        2,
        "财产性收入",
        "-100",
        "财产性收入 为负数：-100",
        "is negative: -100",
        field="property_income",
    ),
    "income_mismatch": Case(
        lambda: [member(reported_per_capita_income=9999)],
        2,
        "人均纯收入(元)",
        "9999",
        "填 9999，按收入构成计算为 12000.00（差 2001.00）",
        "components give 12000.00 (difference 2001.00)",
        field="reported_per_capita_income",
    ),
    "not_in_vocabulary": Case(
        lambda: [member(health="良好")],
        2,
        "健康状况",
        "良好",
        "健康状况 的值“良好”不在允许范围内；可填：健康、长期慢性病、患有大病、残疾",
        "value '良好' is not allowed",
        field="health",
    ),
    "bad_yyyymm": Case(
        lambda: [member(monitored_since="2021-13")],
        2,
        "识别监测时间",
        "2021-13",
        "应为年月 YYYYMM（如 202103），实际为 2021-13",
        "must be a month as YYYYMM",
        field="monitored_since",
    ),
}


def test_every_roster_issue_code_has_a_case() -> None:
    assert set(CASES) == set(ROSTER_CODES)
    assert set(ROSTER_CODES) <= set(ISSUE_CODES)


@pytest.mark.parametrize("code", list(CASES))
def test_issue_code(validate_rows: ValidateRows, code: str) -> None:
    case = CASES[code]
    result = validate_rows(case.rows())

    assert [i.code for i in issues_of(result)] == [code], issues_of(result)
    (issue,) = issues_of(result)
    assert issue.severity == ISSUE_CODES[code][0]
    assert issue.sheet == "花名册"
    assert issue.row == case.row
    assert issue.column == case.column
    assert issue.field == case.field
    assert issue.value == case.value
    assert issue.household_id == case.household_id
    assert case.zh in issue.message
    assert result.summary.by_code == {code: 1}
    assert result.ok is (issue.severity == "warning")


def test_english_messages_per_code(validate_rows: ValidateRows) -> None:
    # Cases whose rows can share one roster: own 户编号 each, default IDs made distinct.
    codes = ["missing_value", "id_checksum", "not_a_number", "not_in_vocabulary", "bad_yyyymm"]
    rows = [row for code in codes for row in CASES[code].rows()]
    for n, row in enumerate(rows):
        row[header("household_id")] = f"H{n}"
        if row[header("id_number")] == valid_id():
            row[header("id_number")] = valid_id(order=f"{n + 100:03d}")
    result = validate_rows(rows, lang="en")

    assert [i.code for i in issues_of(result)] == codes
    for issue in issues_of(result):
        case = CASES[issue.code]
        assert case.en in issue.message
        assert case.zh not in issue.message
        assert issue.column == case.column  # the header as written, in either language
        assert issue.field == case.field


def test_every_issue_code_has_a_name_people_read() -> None:
    """The 问题 column and the terminal name each problem in words, never by its code."""
    assert [code for code in ISSUE_CODES if code not in labels.ISSUE_KINDS] == []


@pytest.mark.parametrize("code", list(ISSUE_CODES))
def test_both_languages_carry_the_same_facts(code: str) -> None:
    _, zh, en = ISSUE_CODES[code]
    fields = {name for _, name, _, _ in string.Formatter().parse(zh) if name}
    assert fields == {name for _, name, _, _ in string.Formatter().parse(en) if name}
    params = {
        name: f"<{name}>"
        for name in ("column", "value", "allowed", "expected", "found", "detail", "object")
    }
    for lang in ("zh", "en"):
        message = render(code, lang, **params)  # type: ignore[arg-type]
        assert all(f"<{name}>" in message for name in fields)


def test_no_full_id_appears_in_issues(validate_rows: ValidateRows) -> None:
    duplicated = valid_id(order="007")
    rows = [
        member(household_id="H1", id_number=BAD_CHECK_ID),
        member(household_id="H2", id_number=BAD_BIRTH_ID),
        member(household_id="H3", id_number=duplicated),
        member(household_id="H4", id_number=duplicated),
        member(household_id="H5", id_number=valid_id(order="009")[:17]),
        member(household_id="H6", id_number=id_with_birth("20991231")),
    ]
    result = validate_rows(rows)

    assert [(i.row, i.code) for i in issues_of(result)] == [
        (2, "id_checksum"),
        (3, "id_birth_date"),
        (5, "id_duplicate"),
        (6, "id_format"),
        (7, "id_birth_date"),  # born in the future
    ]
    assert "20991231" in issues_of(result)[-1].message
    dumped = json.dumps(result.to_dict()["issues"], ensure_ascii=False)
    assert not FULL_ID.search(dumped)
    for issue in issues_of(result):
        assert re.fullmatch(r"\d{4}\*+[\dX]{4}", issue.value), issue.value
    assert of_code(result, "id_checksum")[0].value == "4310**********" + BAD_CHECK_ID[-4:]


def test_old_fifteen_digit_id(validate_rows: ValidateRows) -> None:
    (issue,) = issues_of(validate_rows([member(id_number="431081800101001")]))

    assert issue.code == "id_format"
    assert "15 位旧号码" in issue.message
    assert issue.value == "4310*******1001"


@pytest.mark.parametrize("kind", ["number", "text", "csv_text"])
def test_id_as_number_is_one_issue(make_roster: MakeRoster, kind: str) -> None:
    number = int(valid_id())
    if kind == "number":
        path = make_roster([member(id_number=number), member(id_number=number)])
    elif kind == "text":
        path = make_roster([member(id_number="4.31081E+17"), member(id_number="4.31081E+17")])
    else:
        rows = [member(id_number="4.31081E+17"), member(id_number="4.31081E+17")]
        path = make_roster(rows, "roster.csv")
    result = api.validate(path)

    # Only id_as_number: no missing_value, id_format or id_duplicate for the same cells.
    codes = [(i.code, i.row) for i in issues_of(result) if i.column == "证件号码"]
    assert codes == [("id_as_number", 2), ("id_as_number", 3)]
    assert all(i.value == "4.31081E+17" for i in of_code(result, "id_as_number"))


def test_id_as_number_beside_good_ids(validate_rows: ValidateRows) -> None:
    rows = household("H001", 3)
    rows[1][header("id_number")] = int(rows[1][header("id_number")])
    result = validate_rows(rows)

    assert [(i.code, i.row) for i in issues_of(result)] == [("id_as_number", 3)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text("0123456789", min_size=17, max_size=17), min_size=1, max_size=12))
def test_check_digit_agrees_with_stdnum(prefixes: list[str]) -> None:
    index = [10 * i + 7 for i in range(len(prefixes))][::-1]
    ids = pd.Series([p + "0" for p in prefixes], index=index, dtype=object)
    digits = id_check_digits(ids)

    assert digits.index.tolist() == index
    assert digits.tolist() == [ric.calc_check_digit(p + "0") for p in prefixes]


def test_check_digit_of_empty_series() -> None:
    assert id_check_digits(pd.Series([], dtype=object)).tolist() == []


ID_CHARACTERS = st.sampled_from(list("0123456789X x٣０Ｘ-"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(ID_CHARACTERS, min_size=15, max_size=19) | st.none(), max_size=12))
def test_well_formed_ids_are_exactly_seventeen_ascii_digits_then_digit_or_x(
    values: list[str | None],
) -> None:
    chars, well_formed = id_characters(pd.Series(values, dtype=object))

    expected = [v is not None and re.fullmatch("[0-9]{17}[0-9X]", v) is not None for v in values]
    assert well_formed.tolist() == expected
    for row, value in zip(chars, values, strict=True):
        if value is not None and len(value) == 18 and value.isascii():
            assert bytes(row).decode("ascii") == value


@pytest.mark.parametrize(
    ("birth", "code"),
    [
        ("19810229", "id_birth_date"),
        ("19840229", None),
        ("19801301", "id_birth_date"),
        ("19000229", "id_birth_date"),
    ],
)
def test_birth_date_in_id_is_a_real_day(
    validate_rows: ValidateRows, birth: str, code: str | None
) -> None:
    issues = issues_of(validate_rows([member(id_number=valid_id(birth=birth))]))

    assert [i.code for i in issues] == ([code] if code else [])


def test_id_with_non_ascii_digits_is_a_format_problem(validate_rows: ValidateRows) -> None:
    arabic_indic = valid_id()[:-1] + "٣"  # a digit to Python's \d, not to an ID

    (issue,) = issues_of(validate_rows([member(id_number=arabic_indic)]))

    assert issue.code == "id_format"


CELL_TEXT = st.text(st.sampled_from(list("ab 1,元户主\u3000\tＡ１\u0301é\x1f")), max_size=6)


@given(
    st.text()
    | st.text(st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2000\u2028\u202f\u3000a户")))
)
def test_normalized_text_has_no_character_a_regex_space_matches(text: str) -> None:
    expected = re.sub(r"\s", "", unicodedata.normalize("NFKC", text))

    assert schema.normalize_text(text) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(CELL_TEXT | st.floats(allow_nan=False) | st.booleans(), max_size=10, unique_by=repr)
)
def test_cells_normalised_together_equal_cells_normalised_alone(values: list[object]) -> None:
    together = _cell_texts(np.array(values, dtype=object)).tolist()

    alone = [
        None if isinstance(v, bool | float) else (schema.normalize_text(v) or None)
        for v in values
        if isinstance(v, str)
    ]
    assert [t for t, v in zip(together, values, strict=True) if isinstance(v, str)] == alone
    floats = [t for t, v in zip(together, values, strict=True) if type(v) is float]
    assert all(isinstance(t, str) for t in floats)


def test_lowercase_x_check_digit_accepted(make_roster: MakeRoster) -> None:
    with_x = next(i for i in (valid_id(order=f"{n:03d}") for n in range(1000)) if i.endswith("X"))
    validated = api.load_roster(make_roster([member(id_number=with_x.lower())]))

    assert validated.issues.empty, issues_of(validated)
    assert validated.members["id_number"].tolist() == [with_x]


def test_mask_id() -> None:
    assert mask_id("43108119800101123X") == "4310**********123X"
    assert mask_id("12345678") == "********"


def one_person_households(field: str, values: list[object]) -> list[Row]:
    """One valid one-person household per value, each with its own 户编号 and ID."""
    return [
        member(household_id=f"H{n:03d}", id_number=valid_id(order=f"{n:03d}"), **{field: v})
        for n, v in enumerate(values, start=1)
    ]


def test_yes_no_spellings_accepted(make_roster: MakeRoster) -> None:
    spellings = [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("N", False),
        ("y", True),
        ("yes", True),
        ("NO", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (True, True),
        (False, False),
        ("√", True),
        ("×", False),
        ("ｙｅｓ", True),
        ("Ｙ", True),
        (" 是 ", True),
    ]
    rows = one_person_households("medical_insurance", [written for written, _ in spellings])
    validated = api.load_roster(make_roster(rows))

    assert validated.issues.empty, issues_of(validated)
    assert validated.members["medical_insurance"].tolist() == [meaning for _, meaning in spellings]


def test_yes_no_other_values_listed(validate_rows: ValidateRows) -> None:
    spellings = ["可能", "是的吧", "2", "ok"]
    result = validate_rows(one_person_households("medical_insurance", spellings))

    assert [(i.code, i.row, i.value) for i in issues_of(result)] == [
        ("not_in_vocabulary", row, value) for row, value in enumerate(spellings, start=2)
    ]
    assert all(i.column == "参加城乡居民基本医疗保险" for i in issues_of(result))
    assert all("是, 否" in i.message for i in issues_of(result))


def test_money_spellings_accepted(make_roster: MakeRoster) -> None:
    written = ["１００００", "10,000", "10000元", " 10000 ", "１０，０００", 10000.0, "10000.00"]
    validated = api.load_roster(make_roster(one_person_households("wage_income", written)))

    assert validated.issues.empty, issues_of(validated)
    assert validated.members["wage_income"].tolist() == [10000.0] * len(written)


def test_full_width_and_spaced_vocabulary_accepted(make_roster: MakeRoster) -> None:
    rows = [member(relation="户　主", household_type="脱贫户 ", declared_size="１", health="健 康")]
    validated = api.load_roster(make_roster(rows))

    assert validated.issues.empty, issues_of(validated)
    members = validated.members
    assert members["relation"].tolist() == ["户主"]
    assert members["household_type"].tolist() == ["脱贫户"]
    assert members["health"].tolist() == ["健康"]
    assert members["declared_size"].tolist() == [1.0]


def test_vocabulary_columns_are_categorical_and_households_get_plain_text(
    make_roster: MakeRoster,
) -> None:
    """Enumerated member columns are categorical (rules compare their small codes); the
    households, rules and outputs see plain text with None for a blank, as before."""
    rows = [
        *household("H001", 2, household_type="脱贫户"),
        *household("H002", 2, first_order=3, relations=["户　主", "之子"], household_type=""),
        *household("H003", 1, first_order=5, household_type="不知道"),
    ]
    path = make_roster(rows)
    validated = api.load_roster(path)

    relation = validated.members["relation"]
    assert isinstance(relation.dtype, pd.CategoricalDtype)
    assert list(relation.cat.categories) == ["户主", "配偶", "之子"]  # 户　主 is 户主
    assert relation.astype(object).tolist() == ["户主", "配偶", "户主", "之子", "户主"]
    household_type = validated.members["household_type"]
    assert household_type.isna().tolist() == [False, False, True, True, True]

    households = api.classify(path, year=2021, as_of=date(2021, 12, 31)).households
    assert not any(isinstance(t, pd.CategoricalDtype) for t in households.dtypes)
    assert households["household_type"].isna().tolist() == [False, True, True]
    assert households["household_type"].iloc[0] == "escaped"


def test_month_forms_accepted(make_roster: MakeRoster) -> None:
    written = ["202103", 202103, "2021-03", "2021年3月", "2021.03", "2021/3", datetime(2021, 3, 15)]
    validated = api.load_roster(make_roster(one_person_households("monitored_since", written)))

    assert validated.issues.empty, issues_of(validated)
    assert validated.members["monitored_since"].tolist() == ["202103"] * len(written)


def test_bad_months(validate_rows: ValidateRows) -> None:
    written = ["2021-13", "三月", "2021", "1800-01", "202100", "03/2021"]
    result = validate_rows(one_person_households("monitored_since", written))

    assert [(i.code, i.row, i.column, i.value) for i in issues_of(result)] == [
        ("bad_yyyymm", row, "识别监测时间", value) for row, value in enumerate(written, start=2)
    ]


def test_fractional_number_month_is_not_guessed(validate_rows: ValidateRows) -> None:
    result = validate_rows([member(monitored_since=2021.1)])

    assert [i.code for i in issues_of(result)] == ["bad_yyyymm"]


def test_warnings_only_is_ok(validate_rows: ValidateRows) -> None:
    rows = household("H001", 2, declared_size=5, reported_per_capita_income=1)
    result = validate_rows(rows)

    assert {i.code for i in issues_of(result)} == {"size_mismatch", "income_mismatch"}
    assert {i.severity for i in issues_of(result)} == {"warning"}
    assert result.summary.errors == 0
    assert result.summary.warnings == 2
    assert result.ok


def test_income_tolerance_uses_member_rows(validate_rows: ValidateRows) -> None:
    # (10000 + 2000 + 0 + 1000 - 1000) / 3 members = 4000; within 1 % is accepted.
    rows = household("H001", 3, reported_per_capita_income=4030) + household(
        "H002", 3, first_order=4, reported_per_capita_income=4050
    )
    (issue,) = issues_of(validate_rows(rows))

    assert issue.code == "income_mismatch"
    assert (issue.row, issue.household_id) == (5, "H002")  # once, on the head's row
    assert "4000.00" in issue.message


Amounts = tuple[int, int, int, int, int]  # four income components, business expense


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.tuples(*[st.integers(0, 200_000)] * 4, st.integers(0, 30_000)),
            st.integers(-5000, 5000),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_income_mismatch_iff_beyond_tolerance(households: list[tuple[Amounts, int]]) -> None:
    rows, expected = [], set()
    for n, (amounts, offset) in enumerate(households):
        reported = sum(amounts[:4]) - amounts[4] + offset
        tolerance = max(1.0, 0.01 * abs(reported))
        assume(reported >= 0 and abs(abs(offset) - tolerance) > 0.5)  # off the exact boundary
        if abs(offset) > tolerance:
            expected.add(n + 2)
        wage, business, property_, transfer, expense = amounts
        rows.append(
            member(
                household_id=f"H{n}",
                id_number=valid_id(order=f"{n:03d}"),
                wage_income=wage,
                business_income=business,
                property_income=property_,
                transfer_income=transfer,
                business_expense=expense,
                reported_per_capita_income=reported,
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        issues = api.load_roster(write_csv(Path(folder) / "r.csv", rows)).issues

    assert set(issues.loc[issues["code"] == "income_mismatch", "row"]) == expected
    assert set(issues["code"]) <= {"income_mismatch"}


def test_household_with_two_heads_flags_the_second(validate_rows: ValidateRows) -> None:
    rows = household("H001", 3, relations=["户主", "配偶", "户主"]) + household(
        "H002", 1, first_order=4
    )
    result = validate_rows(rows)

    (issue,) = issues_of(result)
    assert (issue.code, issue.row, issue.household_id) == ("household_many_heads", 4, "H001")


def test_same_id_in_two_households(validate_rows: ValidateRows) -> None:
    shared = valid_id(order="556")  # a woman's: both spouses of men
    rows = household("H001", 2) + household("H002", 2, first_order=3)
    rows[1][header("id_number")] = shared
    rows[3][header("id_number")] = shared
    result = validate_rows(rows)

    (issue,) = issues_of(result)
    assert issue.code == "id_duplicate"
    assert issue.row == 5  # the later record; the first keeps its place
    assert issue.household_id == "H002"
    assert "H001、H002" in issue.message
    assert result.summary.people == 3
    assert result.summary.households == 2


def test_member_disagreement_on_money_field(validate_rows: ValidateRows) -> None:
    rows = household("H001", 3)
    rows[2][header("wage_income")] = 9000
    result = validate_rows(rows)

    (issue,) = issues_of(result)
    assert issue.code == "member_disagreement"
    assert issue.severity == "warning"
    assert (issue.row, issue.column, issue.value) == (4, "工资性收入", "9000")
    assert "户主行为 10000" in issue.message
    assert result.ok


def test_missing_household_type_on_head_row(validate_rows: ValidateRows) -> None:
    (issue,) = issues_of(validate_rows([member(household_type="")]))

    assert (issue.code, issue.row, issue.column) == ("missing_value", 2, "户类型")


def test_blank_household_id_is_missing_value(validate_rows: ValidateRows) -> None:
    rows = household("H001", 2)
    rows[1][header("household_id")] = ""
    result = validate_rows(rows)

    missing = of_code(result, "missing_value")
    assert [(i.row, i.column, i.value, i.household_id) for i in missing] == [
        (3, "户编号", "", None)
    ]
    # The person without 户编号 belongs to no household: H001 counts one member row.
    assert sorted((i.row, i.code) for i in issues_of(result)) == [
        (2, "income_mismatch"),
        (2, "size_mismatch"),
        (3, "missing_value"),
    ]


def test_issues_in_file_order(validate_rows: ValidateRows) -> None:
    rows = [
        *household("H001", 2),
        member(household_id="H002", id_number=valid_id(order="003"), health="良好"),
        member(household_id="H003", id_number=valid_id(order="004"), name=""),
        member(household_id="H004", id_number=valid_id(order="005"), monitored_since="三月"),
    ]
    rows[0][header("wage_income")] = "一万"
    result = validate_rows(rows)

    assert [(i.row, i.code) for i in issues_of(result)] == [
        (2, "not_a_number"),
        (3, "member_disagreement"),
        (4, "not_in_vocabulary"),
        (5, "missing_value"),
        (6, "bad_yyyymm"),
    ]


def test_issues_within_a_row_in_column_order(validate_rows: ValidateRows) -> None:
    rows = [member(name="", monitored_since="三月", health="良好")]
    result = validate_rows(rows)

    assert [i.column for i in issues_of(result)] == ["姓名", "识别监测时间", "健康状况"]


def test_english_and_chinese_messages_differ_only_in_wording(validate_rows: ValidateRows) -> None:
    rows = [member(name="", health="良好")]
    zh = validate_rows(rows, name="zh.xlsx")
    en = validate_rows(rows, lang="en", name="en.xlsx")

    strip = ("message",)
    assert [i.as_dict(exclude=strip) for i in issues_of(zh)] == [
        i.as_dict(exclude=strip) for i in issues_of(en)
    ]
    assert {i.column: i.message for i in issues_of(en)} == {
        "姓名": "姓名 is empty; fill it in",
        "健康状况": "健康状况 value '良好' is not allowed; "
        "use one of: 健康、长期慢性病、患有大病、残疾 (长期慢性病、患有大病、残疾 may be "
        "combined with a comma, e.g. 患有大病,残疾)",
    }
    assert en.meta.lang == "en" and zh.meta.lang == "zh"


def test_load_roster_types_columns(make_roster: MakeRoster) -> None:
    rows = household(
        "H001", 2, medical_insurance="否", wage_income="３０００", reported_per_capita_income=2500
    )
    validated = api.load_roster(make_roster(rows))
    members = validated.members

    assert validated.issues.empty
    assert members[ROW].tolist() == [2, 3]
    assert members["wage_income"].dtype == "float64"
    assert members["wage_income"].tolist() == [3000.0, 3000.0]
    assert members["medical_insurance"].tolist() == [False, False]
    assert str(members["medical_insurance"].dtype) == "boolean"
    assert members["monitored_since"].tolist() == ["202103", "202103"]
    assert members["birth_date"].tolist() == [pd.Timestamp(1980, 1, 1)] * 2


def test_summary_counts(validate_rows: ValidateRows) -> None:
    rows = household("H001", 2) + household("H002", 3, first_order=3, declared_size=4)
    rows[0][header("name")] = ""
    result = validate_rows(rows)

    summary = result.summary
    assert (summary.records, summary.people, summary.households) == (5, 5, 2)
    assert (summary.errors, summary.warnings) == (1, 1)
    assert summary.by_code == {"missing_value": 1, "size_mismatch": 1}
    assert result.meta.inputs[0].path == "roster.xlsx"
    assert result.meta.inputs[0].rows == 5


def test_roster_without_any_household_id_reports_each_row(validate_rows: ValidateRows) -> None:
    rows = household("H001", 2)
    for row in rows:
        row[header("household_id")] = ""
    result = validate_rows(rows)

    missing = of_code(result, "missing_value")
    assert [(i.row, i.column) for i in missing] == [(2, "户编号"), (3, "户编号")]


# -- the national export's value lists (domain.md §9) -------------------------------------------


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("labour_skill", list(schema.LABOUR_SKILLS)),
        ("health", list(schema.HEALTH)),
        ("schooling", list(schema.SCHOOL_GRADES)),
        ("schooling", list(schema.COARSE_SCHOOLING)),
        ("education_level", list(schema.EDUCATION_LEVELS)),
        ("household_type", list(schema.HOUSEHOLD_TYPES)),
        ("development_measures", list(schema.DEVELOPMENT_STATES)),
        ("declared_risk_1", list(schema.DECLARABLE_RISKS)),
    ],
)
def test_every_value_of_the_national_lists_is_accepted(
    make_roster: MakeRoster, field: str, values: list[str]
) -> None:
    validated = api.load_roster(make_roster(one_person_households(field, values)))

    assert validated.issues.empty, issues_of(validated)
    assert validated.members[field].tolist() == values


def test_the_28_relations_are_accepted(make_roster: MakeRoster) -> None:
    assert len(schema.RELATIONS) == 28
    rows = household("H001", 28, relations=list(schema.RELATIONS))
    validated = api.load_roster(make_roster(rows))

    assert validated.issues.empty, issues_of(validated)
    assert validated.members["relation"].tolist() == list(schema.RELATIONS)


def test_grade_values_not_on_the_list_are_reported(validate_rows: ValidateRows) -> None:
    rows = one_person_households("schooling", ["十年级", "本科六年级", "初三"])
    found = issues_of(validate_rows(rows))

    assert [(i.code, i.value) for i in found] == [
        ("not_in_vocabulary", "十年级"),
        ("not_in_vocabulary", "本科六年级"),
        ("not_in_vocabulary", "初三"),
    ]
    assert "七年级" in found[0].message and "失学辍学" in found[0].message


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("患有大病,残疾", "患有大病,残疾"),
        ("残疾,患有大病", "患有大病,残疾"),
        ("残疾，长期慢性病", "长期慢性病,残疾"),
        ("长期慢性病、残疾", "长期慢性病,残疾"),
        (" 残疾 , 患有大病 ", "患有大病,残疾"),
        ("残疾,长期慢性病,患有大病", "长期慢性病,患有大病,残疾"),
    ],
)
def test_combined_health_is_accepted_in_either_order(
    make_roster: MakeRoster, written: str, typed: str
) -> None:
    validated = api.load_roster(make_roster([member(health=written)]))

    assert validated.issues.empty, issues_of(validated)
    assert validated.members["health"].tolist() == [typed]


@pytest.mark.parametrize(
    "written", ["健康,残疾", "残疾,残疾", "患有大病,良好", "患有大病,", "大病"]
)
def test_combinations_of_other_values_are_reported(
    validate_rows: ValidateRows, written: str
) -> None:
    found = issues_of(validate_rows([member(health=written)]))

    assert [(i.code, i.field) for i in found] == [("not_in_vocabulary", "health")]
    assert "可用逗号组合" in found[0].message


def test_yes_no_columns_of_the_national_export_are_typed(make_roster: MakeRoster) -> None:
    fields = [
        "employee_insurance",
        "serious_illness_insurance",
        "pension_insurance",
        "compulsory_dropout",
        "working",
    ]
    rows = [member(**dict.fromkeys(fields, "是")), member(**dict.fromkeys(fields, "N"))]
    rows[1][header("household_id")] = "H002"
    rows[1][header("id_number")] = valid_id(order="002")
    validated = api.load_roster(make_roster(rows))

    assert validated.issues.empty, issues_of(validated)
    for field in fields:
        assert validated.members[field].tolist() == [True, False], field


def national_household() -> list[Row]:
    """A monitored household as the national export has it: its spellings and values."""
    rows = household(
        "4310811010010001",
        4,
        relations=["户主", "配偶", "之外孙女", "之岳母"],
        household_type="监测户",
        monitored_since="202105",
        risk_eliminated="否",
        declared_risk_1="因病",
        measure_industry="产业奖补",
        measure_health="是",
        development_measures="已实施",
        cadre="李伟",
        cadre_phone="13912345678",
        employment=OMIT,
        schooling=OMIT,
    )
    extra: list[dict[str, object]] = [
        {
            "labour_skill": "弱劳动力或半劳动力",
            "health": "患有大病,残疾",
            "education_level": "初中",
        },
        {
            "medical_insurance": "否",
            "employee_insurance": "是",
            "work_months": 12,
            "education_level": "高中",
        },
        {"schooling": "八年级", "labour_skill": "无劳动力", "compulsory_dropout": "否"},
        {
            "labour_skill": "无劳动力",
            "health": "残疾，长期慢性病",
            "education_level": "文盲或半文盲",
        },
    ]
    for row, changes in zip(rows, extra, strict=True):
        row.update({header(k): v for k, v in changes.items()})
        row[header("work_place")] = "广东省东莞市" if changes.get("work_months") else None
    return rows


def test_a_clean_export_in_the_national_layout_has_no_error_and_no_warning(
    make_roster: MakeRoster,
) -> None:
    rows = [
        {"省": "湖南省", **row, "人口编号": f"P{i}", "民族": "汉族"}
        for i, row in enumerate(national(national_household()))
        if row is not None
    ]
    result = api.validate(make_roster(rows, title_rows=2))

    assert result.summary.errors == 0 and result.summary.warnings == 0, issues_of(result)
    assert result.summary.records == 4
    assert result.summary.unknown_columns == ["省", "人口编号", "民族"]
