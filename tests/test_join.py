"""Tests for fanpin.io.join: several export files of one county read as one roster.

The main roster's rows are never dropped; the other files add columns to them; rows
that join no one, conflicting values and unusable keys are reported at their own
file, sheet and row (domain.md §10).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli.commands import app
from fanpin.errors import FanpinError
from fanpin.io.join import read_rosters
from fanpin.io.schema import HOUSEHOLD_FIELDS
from tests.rosters import Row, header, household, issues_of, mask, valid_id, write_xlsx

runner = CliRunner()
AS_OF = date(2021, 12, 31)
PERSON = ("household_id", "name", "id_number", "relation", "household_type", "labour_skill")
INCOME = (
    "household_id",
    "declared_size",
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
    "business_expense",
    "reported_per_capita_income",
)


def roster() -> list[Row]:
    """Two households, three people: the whole truth the files are cut from."""
    return household("H1", 2) + household("H2", 1, first_order=3, household_type="一般农户")


def cut(rows: list[Row], fields: tuple[str, ...], **written: str) -> list[Row]:
    """The columns of ``fields`` only, some headers written as ``written`` says."""
    headers = {header(f): written.get(f, header(f)) for f in fields}
    return [{headers[k]: v for k, v in row.items() if k in headers} for row in rows]


def heads(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row[header("relation")] == "户主"]


def write(folder: Path, name: str, rows: list[Row | None], **options: Any) -> Path:
    return write_xlsx(folder / name, rows, **options)


@pytest.fixture
def split(tmp_path: Path) -> tuple[Path, Path]:
    """监测对象信息 (people) and 户信息 (one row per household, no 证件号码)."""
    rows = roster()
    main = write(tmp_path, "members.xlsx", cut(rows, PERSON), sheet="监测对象信息", title_rows=2)
    other = write(tmp_path, "households.xlsx", cut(heads(rows), INCOME), sheet="户信息")
    return main, other


def test_a_household_file_joins_every_member_of_its_household(split: tuple[Path, Path]) -> None:
    main, other = split
    single = api.load_roster(write(main.parent, "single.xlsx", roster()), as_of=AS_OF)
    joined = api.load_roster(main, with_files=[other], as_of=AS_OF)

    assert joined.issues.empty, issues_of(joined)
    assert joined.members["wage_income"].tolist() == [10000.0, 10000.0, 10000.0]
    for name in ("household_id", "id_number", "relation", "declared_size", "wage_income"):
        assert joined.members[name].tolist() == single.members[name].tolist(), name
    assert [p.path.name for p in joined.table.parts] == ["members.xlsx", "households.xlsx"]


def test_classify_of_two_files_equals_classify_of_one(split: tuple[Path, Path]) -> None:
    main, other = split
    single = api.classify(write(main.parent, "single.xlsx", roster()), as_of=AS_OF)
    joined = api.classify(main, with_files=[other], as_of=AS_OF)

    columns = ["household_id", "status", "per_capita_income", "size", "labour_count"]
    assert joined.households[columns].equals(single.households[columns])
    assert [(i.path, i.sheet, i.header_row) for i in joined.meta.inputs] == [
        ("members.xlsx", "监测对象信息", 3),
        ("households.xlsx", "户信息", 1),
    ]


def test_a_person_file_joins_on_the_id(tmp_path: Path) -> None:
    rows = roster()
    main = write(tmp_path, "a.xlsx", cut(rows, PERSON))
    people = [
        {header("id_number"): row[header("id_number")], "务工时间（月）": 10 - n, "民族": "汉族"}
        for n, row in enumerate(reversed(rows))
    ]
    other = write(tmp_path, "work.xlsx", people)
    joined = api.load_roster(main, with_files=[other], as_of=AS_OF)

    assert joined.issues.empty, issues_of(joined)
    assert joined.members["work_months"].tolist() == [8.0, 9.0, 10.0]
    assert "民族 (work.xlsx)" in joined.table.unknown_columns


def test_rows_that_join_no_one_are_reported_with_file_sheet_and_row(tmp_path: Path) -> None:
    rows = roster()
    main = write(tmp_path, "a.xlsx", cut(rows, PERSON + INCOME[1:]))
    stranger = valid_id(order="099")
    people = [
        {header("id_number"): rows[0][header("id_number")], header("labour_skill"): "普通劳动力"},
        {header("id_number"): stranger, header("household_id"): "H9"},
        {header("id_number"): rows[0][header("id_number")], header("labour_skill"): "普通劳动力"},
        {header("name"): "无名"},
    ]
    other = write(tmp_path, "b.xlsx", people, sheet="务工", title_rows=1)
    result = api.validate(main, with_files=[other])
    found = [(i.code, i.severity, i.sheet, i.row, i.column, i.value) for i in issues_of(result)]

    assert found == [
        ("join_unmatched", "warning", "b.xlsx:务工", 4, "证件号码", mask(stranger)),
        ("join_duplicate", "warning", "b.xlsx:务工", 5, "证件号码", mask(rows[0]["证件号码"])),
        ("join_no_key", "error", "b.xlsx:务工", 6, "", ""),
    ]
    messages = [i.message for i in issues_of(result)]
    assert "a.xlsx" in messages[0] and "第 3 行" in messages[1]
    assert result.summary.records == 3  # the main roster's people, none dropped, none added


def test_a_household_file_row_for_no_household_is_reported(split: tuple[Path, Path]) -> None:
    main, other = split
    rows = cut(heads(roster()), INCOME) + [{header("household_id"): "H7", "工资性收入": 1}]
    write(other.parent, other.name, rows, sheet="户信息")
    result = api.validate(main, with_files=[other])

    assert [(i.code, i.sheet, i.row, i.value) for i in issues_of(result)] == [
        ("join_unmatched", "households.xlsx:户信息", 4, "H7")
    ]


def test_conflicts_keep_the_first_file_and_say_so(tmp_path: Path) -> None:
    rows = roster()
    main = write(tmp_path, "a.xlsx", cut(rows, PERSON + INCOME[1:]), title_rows=1)
    changed = cut(heads(rows), ("household_id", "household_type", "wage_income"))
    changed[0][header("household_type")] = "一般农户"  # the main roster says 脱贫户
    changed[1][header("wage_income")] = "10,000元"  # the same amount, written otherwise
    other = write(tmp_path, "b.xlsx", changed)
    joined = api.load_roster(main, with_files=[other], as_of=AS_OF)
    (issue,) = issues_of(joined)

    assert (issue.code, issue.severity, issue.sheet, issue.row) == (
        "join_conflict",
        "warning",
        "b.xlsx:花名册",
        2,
    )
    assert (issue.column, issue.value, issue.field) == ("户类型", "一般农户", "household_type")
    assert issue.message == "户类型 为“一般农户”，与 a.xlsx 第 3 行的“脱贫户”不同；以 a.xlsx 为准"
    assert joined.members["household_type"].tolist()[:2] == ["脱贫户", "脱贫户"]


def test_a_blank_cell_is_filled_from_a_later_file_and_its_problems_located_there(
    tmp_path: Path,
) -> None:
    rows = roster()
    first = cut(rows, PERSON + INCOME[1:])
    del first[2][header("household_type")]  # H2's type is not in the main roster
    main = write(tmp_path, "a.xlsx", first, sheet="监测对象信息", title_rows=2)
    other = write(
        tmp_path,
        "b.xlsx",
        [{"户编号": "H2", "户类型": "贫困户"}],
        sheet="户信息",
    )
    result = api.validate(main, with_files=[other])

    assert [(i.code, i.sheet, i.row, i.column, i.value) for i in issues_of(result)] == [
        ("not_in_vocabulary", "b.xlsx:户信息", 2, "户类型", "贫困户"),
    ]


def test_an_id_stored_as_a_number_joins_on_household_and_name(tmp_path: Path) -> None:
    rows = roster()
    main = write(tmp_path, "a.xlsx", cut(rows, PERSON + INCOME[1:]))
    as_number = int(rows[1][header("id_number")])
    other = write(
        tmp_path,
        "b.xlsx",
        [{"户编号": "H1", "姓名": rows[1]["姓名"], "证件号码": as_number, "务工时间(月)": 7}],
    )
    joined = api.load_roster(main, with_files=[other], as_of=AS_OF)

    assert joined.members["work_months"].isna().tolist() == [True, False, True]
    assert joined.members.loc[1, "work_months"] == 7
    assert [(i.code, i.row, i.field) for i in issues_of(joined)] == [
        ("join_by_name", 2, "id_number")
    ]
    assert joined.members["id_number"].tolist() == [r["证件号码"] for r in rows]


def test_an_id_that_differs_for_the_same_person_is_a_conflict(tmp_path: Path) -> None:
    rows = roster()
    main = write(tmp_path, "a.xlsx", cut(rows, PERSON + INCOME[1:]))
    typo = valid_id(order="077")
    other = write(tmp_path, "b.xlsx", [{"户编号": "H2", "姓名": rows[2]["姓名"], "证件号码": typo}])
    (issue,) = issues_of(api.validate(main, with_files=[other]))

    assert (issue.code, issue.field, issue.value) == ("join_conflict", "id_number", mask(typo))
    assert mask(rows[2]["证件号码"]) in issue.message and typo not in issue.message


def test_values_equal_in_meaning_are_no_conflict(tmp_path: Path) -> None:
    rows = roster()
    fields = PERSON + ("medical_insurance", "monitored_since", "health") + INCOME[1:]
    first = cut(rows, fields)
    for row in first:
        row.update({"参加城乡居民基本医疗保险": "是", "识别监测时间": "202103"})
        row["健康状况"] = "患有大病,残疾"
    again = [
        {
            "证件号码": row["证件号码"],
            "是否参加新型农村合作医疗（城乡居民基本医疗保险）": "Y",
            "识别监测时间": "2021-03",
            "健康状况": "残疾，患有大病",
            "工资性收入": "10,000元",
        }
        for row in first
    ]
    joined = api.load_roster(
        write(tmp_path, "a.xlsx", first), with_files=[write(tmp_path, "b.xlsx", again)]
    )
    assert joined.issues.empty, issues_of(joined)


def test_the_files_together_must_hold_the_required_columns(tmp_path: Path) -> None:
    rows = roster()
    main = write(tmp_path, "a.xlsx", cut(rows, ("household_id", "name", "id_number")))
    other = write(tmp_path, "b.xlsx", cut(heads(rows), ("household_id", "wage_income")))
    with pytest.raises(FanpinError, match=r"missing column 与户主关系 \(relation\), 户类型"):
        read_rosters([main, other])
    other = write(tmp_path, "b.xlsx", cut(rows, ("id_number", "relation", "household_type")))
    assert len(read_rosters([main, other]).frame) == 3


def test_another_file_needs_a_household_or_id_column(tmp_path: Path) -> None:
    main = write(tmp_path, "a.xlsx", roster())
    other = write(tmp_path, "b.xlsx", [{"姓名": "张三", "工资性收入": 1, "户类型": "脱贫户"}])
    with pytest.raises(FanpinError, match=r"b.xlsx.*户编号 \(household_id\) or 证件号码"):
        read_rosters([main, other])


def test_the_same_file_twice_is_an_error(tmp_path: Path) -> None:
    main = write(tmp_path, "a.xlsx", roster())
    with pytest.raises(FanpinError, match="a.xlsx is given twice"):
        read_rosters([main, tmp_path / "." / "a.xlsx"])


def test_a_main_roster_person_missing_elsewhere_is_kept_and_reported(
    split: tuple[Path, Path],
) -> None:
    main, other = split
    write(other.parent, other.name, cut(heads(roster())[:1], INCOME), sheet="户信息")
    result = api.classify(main, with_files=[other], as_of=AS_OF)
    households = result.households.set_index("household_id")

    assert list(households.index) == ["H1", "H2"]
    assert households.loc["H2", "status"] == "unassessed"
    assert households.loc["H2", "unassessed_reason"] == "无收入数据"


def test_the_cli_takes_with_files_and_exits_on_join_errors(split: tuple[Path, Path]) -> None:
    main, other = split
    result = runner.invoke(
        app,
        [
            "classify",
            str(main),
            "--with",
            str(other),
            "--year",
            "2021",
            "--format",
            "json",
            "--all",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [i["path"] for i in data["meta"]["inputs"]] == ["members.xlsx", "households.xlsx"]
    assert {h["household_id"] for h in data["households"]} == {"H1", "H2"}

    rows = cut(heads(roster()), INCOME) + [{header("wage_income"): 5}]
    write(other.parent, other.name, rows, sheet="户信息")
    result = runner.invoke(app, ["validate", str(main), "--with", str(other), "--quiet"])
    assert result.exit_code == 1
    result = runner.invoke(app, ["validate", str(main), "--with", str(main)])
    assert result.exit_code == 1 and "给了两次" in result.output


def test_audit_takes_with_files(split: tuple[Path, Path]) -> None:
    main, other = split
    command = ["audit", str(main), "--with", str(other), "--year", "2021", "--format", "json"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    inputs = [i["path"] for i in json.loads(result.stdout)["meta"]["inputs"]]
    assert inputs[:2] == ["members.xlsx", "households.xlsx"]


def test_a_workspace_county_lists_its_other_export_files(
    split: tuple[Path, Path], tmp_path: Path
) -> None:
    main, other = split
    (tmp_path / "fanpin.toml").write_text(
        '[counties.c]\nname = "县"\n'
        f'roster = "{main.name}"\nrosters = ["{other.name}", "{main.name}"]\n'
        "year = 2021\nas_of = 2021-12-31\n",
        encoding="utf-8",
    )
    result = api.report("c", workspace=tmp_path)
    assert result.errors == 0
    assert result.figures["households"] == 2
    assert result.figures["households_people"] == 3
    about = list(load_workbook(result.path)["说明"].iter_rows(min_row=2, values_only=True))
    inputs = [value for key, value in about if key == "输入文件"]
    assert [i.split()[0] for i in inputs] == [main.name, other.name]  # the main one once

    (tmp_path / "fanpin.toml").write_text(
        f'[counties.c]\nname = "县"\nroster = "{main.name}"\nrosters = ["nope.xlsx"]\n',
        encoding="utf-8",
    )
    with pytest.raises(FanpinError, match=r"counties.c.rosters\[0\] = 'nope.xlsx'"):
        api.report("c", workspace=tmp_path)


MOVABLE = (
    "county",
    "township",
    "village",
    "declared_size",
    "household_type",
    "wage_income",
    "business_income",
    "transfer_income",
    "reported_per_capita_income",
    "unsafe_housing",
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moved=st.sets(st.sampled_from(MOVABLE), min_size=1))
def test_household_columns_moved_to_another_file_read_the_same(
    tmp_path_factory: pytest.TempPathFactory, moved: set[str]
) -> None:
    assert set(MOVABLE) <= set(HOUSEHOLD_FIELDS)
    folder = tmp_path_factory.mktemp("moved")
    rows = roster()
    single = api.load_roster(write(folder, "single.xlsx", rows), as_of=AS_OF)
    kept = tuple(
        f
        for f in (*PERSON, *INCOME, "county", "township", "village", "unsafe_housing")
        if f not in moved or f == "household_id"
    )
    main = write(folder, "a.xlsx", cut(rows, tuple(dict.fromkeys(kept))))
    other = write(folder, "b.xlsx", cut(heads(rows), ("household_id", *sorted(moved))))
    joined = api.load_roster(main, with_files=[other], as_of=AS_OF)

    assert joined.issues.empty
    for name in moved:
        assert joined.members[name].tolist() == single.members[name].tolist(), name
