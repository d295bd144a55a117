"""Tests for the cross-field data-quality rules (rules/quality.py, national's [[quality_rules]]).

Each rule fires on a planted household and not on the neighbouring clean one; issues
are located like validation's (sheet, Excel row, the columns and values involved) with
a message that names the fix; ages come from the ID at the as-of date; a province's own
pack (a TOML extending national) runs without any Python; bad rules stop the profile.
"""

from __future__ import annotations

import gc
import json
import re
from dataclasses import dataclass
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.cli.commands import app
from fanpin.errors import ProfileError
from fanpin.io import schema
from fanpin.io.issues import ISSUE_COLUMNS
from fanpin.io.models import ValidationResult
from fanpin.io.read import read_roster
from fanpin.io.validate import validate_table
from fanpin.rules.households import MEMBER_COUNTS
from fanpin.rules.profiles import load_profile, with_overrides
from fanpin.rules.quality import DERIVED_NEEDS, PHONE, _phone_valid, check_quality
from fanpin.samples.roster import QUALITY_PLANTED_CODES, write_messy_roster
from tests.rosters import (
    OMIT,
    IssueRow,
    Row,
    header,
    issues_of,
    mask,
    member,
    national,
    valid_id,
    write_xlsx,
    wrong_check_id,
)

runner = CliRunner()
AS_OF = date(2021, 12, 31)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace" / "data" / "zixing"
QUALITY_CODES = tuple(labels.QUALITY_KINDS)


# -- building rosters ----------------------------------------------------------------------


class People:
    """Members of tiny households with valid IDs whose 17th digit gives the sex asked for."""

    def __init__(self) -> None:
        self.orders = count(11)

    def id_for(self, birth: str, male: bool) -> str:
        order = next(self.orders)
        while order % 2 != int(male):
            order = next(self.orders)
        return valid_id(birth, f"{order:03d}")

    def row(
        self,
        household_id: str,
        relation: str = "户主",
        *,
        birth: str = "19800101",
        male: bool = True,
        size: int = 1,
        **fields: Any,
    ) -> Row:
        values: dict[str, Any] = {
            "household_id": household_id,
            "declared_size": size,
            "name": f"{household_id}{relation}",
            "id_number": self.id_for(birth, male),
            "sex": "男" if male else "女",
            "relation": relation,
            "labour_skill": "普通劳动力",
            "health": "健康",
            "schooling": None,
            "education_level": "初中",
            "employment": OMIT,
            "work_months": 0,
            "work_place": None,
            "medical_insurance": "是",
            "employee_insurance": "否",
            "household_phone": "13812345678",
            "member_phone": None,
            "reported_per_capita_income": round(12000 / size, 2),
        }
        values |= fields
        return member(**values)


def pupil(birth: str = "20080301", grade: str = "八年级") -> dict[str, Any]:
    return {
        "birth": birth,
        "schooling": grade,
        "education_level": None,
        "labour_skill": "无劳动力",
    }


def working(months: int = 8, place: str = "广东省东莞市") -> dict[str, Any]:
    return {"work_months": months, "work_place": place}


@dataclass
class Case:
    household_id: str
    rows: list[Row]
    expected: set[tuple[str, int]]  # (code, member index within the household)


def _cases() -> list[Case]:
    p = People()

    def one(hid: str, expected: set[tuple[str, int]] | None = None, **fields: Any) -> Case:
        return Case(hid, [p.row(hid, **fields)], expected or set())

    def family(
        hid: str, members: list[tuple[str, dict[str, Any]]], expected: set[tuple[str, int]]
    ) -> Case:
        size = len(members)
        return Case(
            hid, [p.row(hid, relation, size=size, **f) for relation, f in members], expected
        )

    return [
        family(
            "MANY_SPOUSES",
            [("户主", {}), ("配偶", {"male": False}), ("配偶", {"male": False})],
            {("many_spouses", 2)},
        ),
        family(
            "ONE_SPOUSE",
            [("户主", {}), ("配偶", {"male": False}), ("之女", {"male": False})],
            set(),
        ),
        family("SAME_SEX", [("户主", {}), ("配偶", {})], {("spouse_same_sex", 1)}),
        family("OPPOSITE_SEX", [("户主", {"male": False}), ("配偶", {})], set()),
        # an ID that cannot tell (wrong check digit: an error of its own): 性别 is used
        family(
            "SAME_SEX_BY_COLUMN",
            [("户主", {}), ("配偶", {"id_number": wrong_check_id("19800101", "991")[0]})],
            {("spouse_same_sex", 1)},
        ),
        one(
            "PUPIL_WITH_EDUCATION",
            {("education_and_schooling", 0)},
            **pupil() | {"education_level": "小学"},
        ),
        one("ADULT_WITHOUT_EITHER", {("education_and_schooling", 0)}, education_level=None),
        one("PUPIL", **pupil()),
        one("PRESCHOOL_CHILD", **pupil("20170501", "学龄前儿童")),
        one("PLACE_ONLY", {("work_place_months_mismatch", 0)}, work_place="广东省东莞市"),
        one("MONTHS_ONLY", {("work_place_months_mismatch", 0)}, work_months=6),
        one("PLACE_AND_MONTHS", **working()),
        one("PLACE_NONE", work_place="无"),
        one(
            "TWO_SCHEMES",
            {("two_medical_schemes", 0)},
            medical_insurance="是",
            employee_insurance="是",
        ),
        one("EMPLOYEE_SCHEME", medical_insurance="否", employee_insurance="是"),
        one("HEALTHY_NO_LABOUR", {("labour_implausible", 0)}, labour_skill="无劳动力"),
        one("HEALTHY_WEAK", {("labour_implausible", 0)}, labour_skill="弱劳动力或半劳动力"),
        one("AGED_59", {("labour_implausible", 0)}, birth="19620101", labour_skill="无劳动力"),
        one("AGED_16", {("labour_implausible", 0)}, birth="20050101", labour_skill="无劳动力"),
        one("AGED_60", birth="19610101", labour_skill="无劳动力"),
        one("AGED_15", birth="20060101", labour_skill="无劳动力", education_level="小学"),
        one("ILL_NO_LABOUR", labour_skill="无劳动力", health="长期慢性病"),
        one("LOST_LABOUR", labour_skill="丧失劳动力"),
        one("STUDENT_NO_LABOUR", **pupil("20050301", "普通高中一年级")),
        one(
            "STUDENT_WORKING",
            {("student_working", 0)},
            **pupil("20040301", "普通高中三年级") | working(3),
        ),
        one("PRESCHOOL_AGED_7", {("preschool_too_old", 0)}, **pupil("20140601", "学前教育")),
        one("PRESCHOOL_AGED_6", **pupil("20150601", "学前教育")),
        one("PRESCHOOL_DISABLED", **pupil("20130601", "学龄前儿童") | {"health": "残疾"}),
        one(
            "COLLEGE_AGED_17",
            {("schooling_too_advanced_for_age", 0)},
            **pupil("20040601", "本科一年级"),
        ),
        one(
            "TECHNICIAN_AGED_16",
            {("schooling_too_advanced_for_age", 0)},
            **pupil("20050601", "技师学院一年级"),
        ),
        one(
            "COARSE_DAZHUAN_AGED_16",
            {("schooling_too_advanced_for_age", 0)},
            **pupil("20050601", "大专"),
        ),
        one("COLLEGE_AGED_18", **pupil("20030601", "本科一年级")),
        one("SENIOR_AGED_17", **pupil("20040601", "普通高中三年级")),
        family(
            "BAD_HOUSEHOLD_PHONE",
            [
                ("户主", {"household_phone": "0735-123"}),
                ("配偶", {"male": False, "household_phone": "0735-123"}),
            ],
            {("phone_format", 0)},
        ),
        one("BAD_MEMBER_PHONE", {("phone_format", 0)}, member_phone="1381234567"),
        one("MOBILE_NOT_1X", {("phone_format", 0)}, member_phone="11812345678"),
        one("LANDLINE_HYPHEN", household_phone="0735-1234567", member_phone="13912345678"),
        one("LANDLINE_BRACKETS", household_phone="(0735)12345678"),
        one("LANDLINE_RUN_ON", household_phone="07351234567"),
        one("LANDLINE_BEIJING", household_phone="010-12345678"),
        one("FULL_WIDTH_PHONE", household_phone="（０７３５）１２３４５６７"),
        one("MOBILE_AS_NUMBER", household_phone=13812345678),
        # a landline stored as a number has lost its leading 0
        one("LANDLINE_AS_NUMBER", {("phone_format", 0)}, household_phone=7351234567),
        one(
            "WORKING_WITHOUT_LABOUR",
            {("working_without_labour", 0)},
            labour_skill="丧失劳动力",
            health="残疾",
            **working(),
        ),
        one("WORKING_WITH_LABOUR", **working()),
        one("SEX_AGAINST_ID", {("sex_mismatch", 0)}, sex="女"),
    ]


CASES = _cases()


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = national([row for case in CASES for row in case.rows])
    return write_xlsx(tmp_path_factory.mktemp("quality") / "export.xlsx", rows, title_rows=2)


@pytest.fixture(scope="module")
def checked(roster: Path) -> ValidationResult:
    return api.validate(roster, as_of=AS_OF)


def quality(result: Any) -> list[IssueRow]:
    return [i for i in issues_of(result) if i.code in QUALITY_CODES]


def excel_rows() -> dict[str, int]:
    """Each case's first Excel row (two title rows, the header on row 3)."""
    rows, line = {}, 4
    for case in CASES:
        rows[case.household_id] = line
        line += len(case.rows)
    return rows


# -- each rule fires, and not on the neighbouring case --------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.household_id for c in CASES])
def test_each_rule_fires_on_its_case_and_not_on_the_clean_neighbour(
    checked: ValidationResult, case: Case
) -> None:
    first = excel_rows()[case.household_id]
    found = {
        (i.code, i.row - first) for i in quality(checked) if i.household_id == case.household_id
    }
    assert found == case.expected


def test_every_built_in_rule_has_a_case_that_fires() -> None:
    fired = {code for case in CASES for code, _ in case.expected}
    assert fired == set(QUALITY_CODES)
    assert set(QUALITY_CODES) == {r.code for r in load_profile("national").quality_rules}


def test_nothing_but_the_planted_problems_is_reported(checked: ValidationResult) -> None:
    others = [i for i in issues_of(checked) if i.code not in QUALITY_CODES]
    assert [(i.code, i.household_id) for i in others] == [("id_checksum", "SAME_SEX_BY_COLUMN")]
    assert checked.summary.by_code["labour_implausible"] == 4  # counted like any issue
    planted = sum(len(case.expected) for case in CASES)
    assert checked.summary.warnings == planted


# -- where and how an issue is told ---------------------------------------------------------


def test_an_issue_names_sheet_row_columns_values_and_the_fix(checked: ValidationResult) -> None:
    (issue,) = [i for i in quality(checked) if i.household_id == "PUPIL_WITH_EDUCATION"]
    assert issue.severity == "warning"
    assert issue.sheet == "花名册"
    assert issue.row == excel_rows()["PUPIL_WITH_EDUCATION"]
    assert issue.column == "文化程度、在校生状况"
    assert issue.field == "education_level"
    assert issue.value == "小学、八年级"
    assert "文化程度（小学）" in issue.message and "在校生状况（八年级）" in issue.message
    assert "；在校生（含学龄前儿童）填在校生状况" in issue.message  # the fix


def test_ids_are_masked_and_empty_values_said(checked: ValidationResult) -> None:
    (issue,) = [i for i in quality(checked) if i.household_id == "HEALTHY_NO_LABOUR"]
    row = next(c for c in CASES if c.household_id == "HEALTHY_NO_LABOUR").rows[0]
    assert issue.value == f"无劳动力、健康、{mask(row[header('id_number')])}"
    assert issue.message.startswith("41 岁、身体健康、不在校")
    (issue,) = [i for i in quality(checked) if i.household_id == "MONTHS_ONLY"]
    assert issue.value == "空、6"
    assert "务工所在地填“空”" in issue.message


def test_a_household_phone_is_checked_once_per_household(checked: ValidationResult) -> None:
    found = [i for i in quality(checked) if i.household_id == "BAD_HOUSEHOLD_PHONE"]
    assert [(i.code, i.row, i.column) for i in found] == [
        ("phone_format", excel_rows()["BAD_HOUSEHOLD_PHONE"], "户联系电话、成员联系电话")
    ]
    assert "0735-1234567" in found[0].message  # the accepted forms, in the fix


def test_many_spouses_is_reported_on_the_extra_spouse(checked: ValidationResult) -> None:
    (issue,) = [i for i in quality(checked) if i.code == "many_spouses"]
    assert issue.row == excel_rows()["MANY_SPOUSES"] + 2
    assert "户 MANY_SPOUSES 有 3 人" not in issue.message
    assert "户 MANY_SPOUSES 有 2 人的与户主关系为“配偶”" in issue.message


def test_english_messages_under_lang_en(roster: Path) -> None:
    result = api.validate(roster, as_of=AS_OF, lang="en")
    (issue,) = [i for i in quality(result) if i.household_id == "TWO_SCHEMES"]
    assert issue.message.startswith("in both the residents' and the employees'")
    assert "; a person is in one scheme" in issue.message
    (issue,) = [i for i in quality(result) if i.household_id == "MONTHS_ONLY"]
    assert issue.column == "务工所在地, 务工时间（月）" and issue.value == "empty, 6"


def test_ages_are_taken_at_the_as_of_date(roster: Path) -> None:
    later = api.validate(roster, as_of=date(2022, 6, 1))
    aged = {(i.code, i.household_id) for i in quality(later)}
    assert ("preschool_too_old", "PRESCHOOL_AGED_6") in aged  # 7 since 2022-06-01
    assert ("labour_implausible", "AGED_59") not in aged  # 60 since 2022-01-01
    assert ("schooling_too_advanced_for_age", "COLLEGE_AGED_17") not in aged  # 18 now
    assert later.meta.as_of == "2022-06-01"
    assert later.meta.profile is not None and later.meta.profile["name"] == "national"


def test_a_rule_is_skipped_when_the_roster_lacks_its_columns(tmp_path: Path) -> None:
    # fanpin's own layout: no 文化程度, 务工所在地, phones or 性别
    path = write_xlsx(tmp_path / "tidy.xlsx", [member(labour_skill="无劳动力")])
    result = api.validate(path, as_of=AS_OF)
    assert [i.code for i in quality(result)] == ["labour_implausible"]


def test_quality_issues_are_in_classify_and_its_problems_sheet(
    roster: Path, tmp_path: Path
) -> None:
    result = api.classify(roster, as_of=AS_OF, year=2021)
    codes = {i.code for i in quality(result)}
    assert codes == set(QUALITY_CODES)
    assert result.summary()["issues"]["warnings"] == len(quality(result))
    assert result.validated.issues.equals(result.issues)
    path = tmp_path / "result.xlsx"
    api.export(result, "xlsx", path)
    sheet = load_workbook(path)[labels.label(labels.SHEETS, "problems", "zh")]
    texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "一户多个配偶" in texts and "many_spouses" in texts


def test_issues_of_a_joined_file_are_at_that_files_row(tmp_path: Path) -> None:
    p = People()
    rows = [p.row("H1", **pupil()), p.row("H2")]
    main_rows = [{k: v for k, v in r.items() if k != header("education_level")} for r in rows]
    main = write_xlsx(tmp_path / "members.xlsx", main_rows, sheet="监测对象信息")
    extra = [
        {header("id_number"): r[header("id_number")], header("education_level"): "小学"}
        for r in reversed(rows)
    ]
    other = write_xlsx(tmp_path / "education.xlsx", extra, sheet="文化程度")
    result = api.validate(main, with_files=[other], as_of=AS_OF)
    (issue,) = quality(result)
    assert (issue.code, issue.sheet, issue.row) == (
        "education_and_schooling",
        "education.xlsx:文化程度",
        3,
    )


# -- the example workspace ------------------------------------------------------------------


def test_the_example_export_raises_none_of_the_rules() -> None:
    result = api.validate(EXAMPLE / "roster.xlsx", as_of=AS_OF)
    assert quality(result) == []


def test_the_messy_roster_has_each_rule_planted_once_where_the_manifest_says(
    tmp_path: Path,
) -> None:
    path = tmp_path / "messy_roster.xlsx"
    planted = write_messy_roster(path)
    assert path.read_bytes() == (EXAMPLE / "messy_roster.xlsx").read_bytes()
    expected = {(p.code, p.row) for p in planted if p.code in QUALITY_PLANTED_CODES}
    assert {code for code, _ in expected} == set(QUALITY_PLANTED_CODES) == set(QUALITY_CODES)
    found = {(i.code, i.row) for i in quality(api.validate(path, as_of=AS_OF))}
    assert found == expected


# -- a province's own pack ------------------------------------------------------------------

PROVINCE = """
extends = "national"
name = "hunan"
version = "1.0.0"

[quality]
pension_age = 60

[[quality_rules]]
code = "elderly_alone_no_phone"
level = "household"
when = "size == 1 and age >= pension_age and not has_household_phone"
columns = ["household_phone", "id_number"]
label = "独居老人无联系电话"
label_en = "elderly living alone without a phone"
message = "{age} 岁独居，户联系电话为空（独居标准 {pension_age} 岁）"
message_en = "aged {age} and alone, no household phone"
fix = "请补录可联系的电话"

[[quality_rules]]
code = "phone_format"
severity = "error"

[[quality_rules]]
code = "sex_mismatch"
enabled = false
"""


@pytest.fixture
def province(tmp_path: Path) -> Path:
    path = tmp_path / "hunan.toml"
    path.write_text(PROVINCE, encoding="utf-8")
    return path


def test_a_province_pack_adds_rules_and_changes_the_national_ones(
    province: Path, tmp_path: Path
) -> None:
    p = People()
    rows = [
        p.row("ALONE", birth="19500101", household_phone=None, labour_skill="无劳动力"),
        p.row("ALONE_WITH_PHONE", birth="19500101", labour_skill="无劳动力"),
        p.row("YOUNG_ALONE", household_phone=None),
        p.row("BAD_PHONE", member_phone="12345"),
        p.row("SEX", sex="女"),
        p.row("TWO", male=True, size=2, household_phone=None, birth="19500101"),
        p.row("TWO", "配偶", male=False, size=2, household_phone=None, birth="19500101"),
    ]
    path = write_xlsx(tmp_path / "roster.xlsx", national(rows))
    result = api.validate(path, profile=province, as_of=AS_OF)
    found = {(i.code, i.severity, i.household_id) for i in quality(result)} | {
        (i.code, i.severity, i.household_id)
        for i in issues_of(result)
        if i.code == "elderly_alone_no_phone"
    }
    assert found == {
        ("elderly_alone_no_phone", "warning", "ALONE"),
        ("phone_format", "error", "BAD_PHONE"),
    }
    (issue,) = [i for i in issues_of(result) if i.code == "elderly_alone_no_phone"]
    assert issue.message == "71 岁独居，户联系电话为空（独居标准 60 岁）；请补录可联系的电话"
    assert issue.column == "户联系电话、证件号码"
    assert not result.ok  # the province made phone_format an error
    profile = load_profile(province)
    assert [r.code for r in profile.quality_rules][: len(QUALITY_CODES)] == list(QUALITY_CODES)
    phone = next(r for r in profile.quality_rules if r.code == "phone_format")
    assert phone.severity == "error" and phone.when.startswith("(is_head_row")  # merged


def test_a_province_pack_runs_from_the_cli_with_its_exit_code(province: Path, roster: Path) -> None:
    common = [str(roster), "--as-of", "2021-12-31", "--format", "json"]
    plain = runner.invoke(app, ["validate", *common, "--quiet"])
    strict = runner.invoke(app, ["validate", *common, "--profile", str(province), "--quiet"])
    assert plain.exit_code == 1  # SAME_SEX_BY_COLUMN's wrong check digit
    payload = json.loads(strict.stdout)
    codes = [i["code"] for i in payload["issues"]]
    assert "sex_mismatch" not in codes and "phone_format" in codes
    assert payload["meta"]["profile"]["name"] == "hunan"
    assert payload["summary"]["by_code"]["phone_format"] == 4


def test_a_province_rule_is_named_by_its_label(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 问题 column and the terminal show the label the province gave its rule (the
    code stays in the code column, for scripts), in the workbooks of validate, classify
    and the terminal alike."""
    p = People()
    rows = [p.row("ALONE", birth="19500101", household_phone=None, labour_skill="无劳动力")]
    roster = write_xlsx(tmp_path / "roster.xlsx", national(rows))
    monkeypatch.chdir(tmp_path)
    dates = ["--as-of", "2021-12-31"]
    shown = runner.invoke(
        app, ["validate", str(roster), *dates, "-p", str(province), "-o", "v.xlsx"]
    )
    assert "独居老人无联系电话" in shown.output, shown.output
    done = runner.invoke(
        app, ["classify", str(roster), *dates, "-p", str(province), "-o", "c.xlsx", "-q"]
    )
    assert done.exit_code == 0, done.output
    for book, sheet in (("v.xlsx", "数据问题"), ("c.xlsx", "数据问题")):
        cells = [
            c
            for row in openpyxl.load_workbook(book)[sheet].iter_rows(values_only=True)
            for c in row
        ]
        assert "独居老人无联系电话" in cells, book
        assert "elderly_alone_no_phone" in cells, book  # the code column


def test_quality_rules_change_by_override(roster: Path) -> None:
    strict = with_overrides(
        load_profile("national"), {"quality_rules.phone_format.severity": "error"}
    )
    result = api.validate(roster, profile=strict, as_of=AS_OF)
    assert {i.severity for i in issues_of(result) if i.code == "phone_format"} == {"error"}
    off = with_overrides(load_profile("national"), {"quality_rules.phone_format.enabled": "false"})
    assert "phone_format" not in off.quality_conditions


def test_warnings_only_exit_zero(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", national([People().row("H", labour_skill="无劳动力")]))
    result = runner.invoke(app, ["validate", str(path), "--as-of", "2021-12-31", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "labour" in result.output


# -- profile errors -------------------------------------------------------------------------


def profile_with(tmp_path: Path, rule: str, quality: str = "") -> Path:
    text = (
        f'extends = "national"\nname = "bad"\nversion = "1"\n{quality}\n[[quality_rules]]\n{rule}\n'
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    'code = "mine"\nlabel = "我的"\nwhen = "age > 100"\ncolumns = ["id_number"]\n'
    'message = "{age} 岁"'
)


@pytest.mark.parametrize(
    ("rule", "quality", "says"),
    [
        (GOOD.replace("age > 100", "agee > 100"), "", "unknown field 'agee'.*did you mean age"),
        (GOOD.replace("age > 100", "age >"), "", "cannot parse"),
        (GOOD.replace("age > 100", "__import__('os')"), "", "function calls are not allowed"),
        (GOOD.replace('["id_number"]', '["id_numbr"]'), "", "not roster fields.*id_number"),
        (GOOD.replace('"mine"', '"Mine!"'), "", "snake_case"),
        (GOOD.replace('"mine"', '"id_checksum"'), "", "validation's own"),
        (GOOD.replace('label = "我的"\n', ""), "", "needs a label"),
        (GOOD.replace("{age} 岁", "{agee} 岁"), "", r"unknown placeholder \{agee\}"),
        (GOOD.replace("{age} 岁", "{age:.1f} 岁"), "", "without format"),
        (GOOD + '\nlevel = "village"', "", "level"),
        (GOOD + '\nseverity = "fatal"', "", "severity"),
        (GOOD + "\nwhatever = 1", "", "whatever"),
        (GOOD, "[quality]\nage = 3", "'age' is a name of its own"),
        (GOOD, "[quality]\nvalue = 3", "'value' is a name of its own"),
        (GOOD, '[quality]\nlimit = "old"', "a threshold is a number"),
        (GOOD, "[quality]\nworking_age_min = 70", "working_age_min must not be above"),
    ],
)
def test_a_bad_rule_is_a_profile_error(tmp_path: Path, rule: str, quality: str, says: str) -> None:
    with pytest.raises(ProfileError, match=says):
        load_profile(profile_with(tmp_path, rule, quality))


def test_two_rules_with_one_code_are_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="'mine' is used by another rule"):
        load_profile(profile_with(tmp_path, f"{GOOD}\n\n[[quality_rules]]\n{GOOD}"))


def test_a_rule_that_cannot_be_evaluated_names_itself(tmp_path: Path, roster: Path) -> None:
    path = profile_with(tmp_path, GOOD.replace("age > 100", "health > 3"))
    with pytest.raises(ProfileError, match="profile 'bad', quality rule mine: cannot evaluate"):
        api.validate(roster, profile=path, as_of=AS_OF)


def test_a_bad_profile_from_the_cli_is_one_line(tmp_path: Path, roster: Path) -> None:
    path = profile_with(tmp_path, GOOD.replace("age > 100", "agee > 100"))
    result = runner.invoke(app, ["validate", str(roster), "--profile", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "是不是要写 age" in result.output


# -- names and phones -----------------------------------------------------------------------


def test_every_name_a_rule_may_use_is_computed() -> None:
    derived = set(schema.MEMBER_DERIVED_FIELDS) | set(schema.QUALITY_HOUSEHOLD_COUNTS)
    assert set(DERIVED_NEEDS) == derived
    assert set(schema.QUALITY_HOUSEHOLD_COUNTS) <= set(schema.DERIVED_FIELDS)
    assert set(schema.QUALITY_HOUSEHOLD_COUNTS) - {"size"} == set(MEMBER_COUNTS)
    assert not set(schema.QUALITY_NAMES) & set(load_profile("national").quality.parameters())
    assert len(set(schema.QUALITY_NAMES)) == len(schema.QUALITY_NAMES)
    for needs in DERIVED_NEEDS.values():
        assert all(f in schema.BY_NAME for group in needs for f in group)


def test_household_counts_and_flags_can_be_named(tmp_path: Path) -> None:
    rule = (
        'code = "no_labour_no_net"\nlevel = "household"\nlabel = "无劳动力户未兜底"\n'
        'when = "labour_count == 0 and size >= 1 and elderly_count == 0 and not employed"\n'
        'columns = ["labour_skill"]\nmessage = "{size} 人，劳动力 {labour_count} 人"'
    )
    p = People()
    rows = [
        p.row("NONE", labour_skill="丧失劳动力", size=2),
        p.row("NONE", "配偶", male=False, labour_skill="丧失劳动力", size=2),
        p.row("SOME", size=2),
        p.row("SOME", "配偶", male=False, labour_skill="丧失劳动力", size=2),
    ]
    path = write_xlsx(tmp_path / "r.xlsx", national(rows))
    result = api.validate(path, profile=profile_with(tmp_path, rule), as_of=AS_OF)
    found = [i for i in issues_of(result) if i.code == "no_labour_no_net"]
    assert [(i.household_id, i.row, i.message) for i in found] == [("NONE", 2, "2 人，劳动力 0 人")]


@pytest.mark.parametrize(
    "phone",
    ["13812345678", "19912345678", "0735-1234567", "0735-12345678", "(0735)12345678",
     "07351234567", "010-12345678", "02012345678", "(020)1234567"],
)  # fmt: skip
def test_accepted_phone_forms(phone: str) -> None:
    assert PHONE.fullmatch(phone)
    assert _phone_valid(pd.Series([phone, None], dtype=object)).tolist() == [True, pd.NA]


@pytest.mark.parametrize(
    "phone",
    ["1381234567", "138123456789", "12812345678", "0735-123", "735-1234567", "1234567",
     "13812345678/13912345678", "0735-0123456", "+8613812345678", "138-1234-5678"],
)  # fmt: skip
def test_rejected_phone_forms(phone: str) -> None:
    assert not PHONE.fullmatch(phone)
    assert _phone_valid(pd.Series([phone], dtype=object)).tolist() == [False]


@given(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_every_11_digit_mobile_is_accepted_and_a_digit_short_is_not(second: str, rest: str) -> None:
    mobile = f"1{second}{rest}"
    assert PHONE.fullmatch(mobile)
    assert not PHONE.fullmatch(mobile[:-1])
    assert not PHONE.fullmatch(mobile + "0")
    found = _phone_valid(pd.Series([mobile, mobile[:-1], mobile + "0"], dtype=object))
    assert found.tolist() == [True, False, False]  # pandas' string engine agrees


def test_issue_frame_shape_is_the_one_of_every_input(checked: ValidationResult) -> None:
    assert list(checked.issues.columns) == list(ISSUE_COLUMNS)
    rows = checked.issues["row"].tolist()
    assert rows == sorted(rows)  # file order, quality and cell issues together


def test_rules_are_listed_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### validate", 1)[1].split("### classify", 1)[0]
    for code in QUALITY_CODES:
        assert f"`{code}`" in section, code
    assert re.search(r"0735-1234567", section) and "[[quality_rules]]" in section


def test_a_rule_whose_columns_the_roster_lacks_still_locates_its_issue(tmp_path: Path) -> None:
    rule = (
        'code = "very_old"\nlabel = "高龄"\nwhen = "age >= 100"\n'
        'columns = ["pension_insurance"]\nmessage = "{age} 岁"'
    )
    path = write_xlsx(tmp_path / "r.xlsx", national([People().row("H", birth="19200101")]))
    result = api.validate(path, profile=profile_with(tmp_path, rule), as_of=AS_OF)
    (issue,) = [i for i in issues_of(result) if i.code == "very_old"]
    assert (issue.row, issue.column, issue.field, issue.value) == (2, "", None, "")
    assert issue.message == "101 岁"


def test_the_rules_leave_no_reference_cycle(roster: Path) -> None:
    # A cycle through the rules' own objects would keep a whole county's members in
    # memory until the cycle collector runs, which the county pipeline pauses.
    validated = validate_table(read_roster(roster), as_of=AS_OF)
    profile = load_profile("national")
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a pass finds unreachable stays in gc.garbage
    try:
        assert not check_quality(validated, profile, AS_OF).empty
        gc.collect()
        cyclic = {type(o).__module__ + "." + type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    ours = {name for name in cyclic if name.startswith(("fanpin.", "pandas.core.frame"))}
    assert ours == set(), ours
