"""Tests for `fanpin procedure`: findings, limits, date formats, fast-track, exit codes, files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.campaigns.procedure import (
    CASE_COLUMNS,
    DATE_FIELDS,
    FINDING_COLUMNS,
    FINDING_SEVERITY,
    STEPS,
    ProcedureResult,
    add_days,
    count_days,
    parse_dates,
)
from fanpin.cli.commands import app, procedure_exit_code
from fanpin.cli.options import FailOn
from fanpin.errors import FanpinError, ProfileError
from fanpin.io.issues import issue_records
from fanpin.io.schema import CASES
from fanpin.outputs.procedure import CASE_PRINT_COLUMNS, export_procedure, township_table
from fanpin.outputs.templates import write_cases_template
from fanpin.rules.profiles import ProcedureSettings, load_profile
from fanpin.samples.procedure import write_example_cases
from tests.rosters import issues_of

runner = CliRunner()
AS_OF = date(2021, 12, 31)
LEAD = date(2021, 3, 1)  # a Monday
HEADER = {f.name: f.header for f in CASES.fields}
EXAMPLE = Path(__file__).parents[1] / "examples" / "workspace" / "data" / "zixing" / "cases.xlsx"


def case(lead: date = LEAD, home: date | None = None, **overrides: Any) -> dict[str, Any]:
    """A clean identification case: every step done in order, approved in 11 days.

    ``home`` moves the home check and every later step with it. Overrides use
    canonical names; a date step given as None is left blank.
    """
    shift = (home - lead - timedelta(days=1)) if home else timedelta(0)
    steps = {
        "lead_date": lead,
        "home_check_date": lead + timedelta(days=1) + shift,
        "comparison_date": lead + timedelta(days=2) + shift,
        "appraisal_date": lead + timedelta(days=3) + shift,
        "notice_start": lead + timedelta(days=4) + shift,
        "notice_end": lead + timedelta(days=8) + shift,  # 5 days, both ends counted
        "township_review_date": lead + timedelta(days=9) + shift,
        "county_approval_date": lead + timedelta(days=11) + shift,
        "help_start_date": lead + timedelta(days=12) + shift,
    }
    values = {
        "township": "唐洞街道",
        "village": "香花村",
        "household_id": "4310811010010001",
        "head_name": "张三",
        "kind": "识别",
        "channel": "基层干部排查",
        "disaster": "否",
        "risk_type": "因病",
        **steps,
    }
    values.update(overrides)
    return values


def write_cases(path: Path, rows: Sequence[dict[str, Any]], title: bool = True) -> Path:
    """An xlsx cases file (a title row above the header when ``title``); dates as given."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append(["程序台账"])
    sheet.append([HEADER[n] for n in names])
    for row in rows:
        sheet.append([row.get(n) for n in names])
    workbook.save(path)
    return path


Run = Callable[..., ProcedureResult]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Write the cases and return ``api.procedure`` of them as of ``as_of``."""

    def go(
        *rows: dict[str, Any], as_of: date = AS_OF, profile: Any = "national", lang: str = "zh"
    ) -> ProcedureResult:
        path = write_cases(tmp_path / "cases.xlsx", rows)
        return api.procedure(path, profile=profile, as_of=as_of, lang=lang)  # type: ignore[arg-type]

    return go


def codes(result: ProcedureResult) -> list[str]:
    return list(result.findings["code"])


def cases_of(result: ProcedureResult) -> list[SimpleNamespace]:
    """The cases as their JSON records, with attribute access."""
    return [SimpleNamespace(**record) for record in issue_records(result.cases)]


def findings_of(result: ProcedureResult) -> list[SimpleNamespace]:
    return [SimpleNamespace(**record) for record in issue_records(result.findings)]


# -- clean cases and current step --------------------------------------------------------


def test_clean_case_has_no_findings_and_is_approved(run: Run) -> None:
    result = run(case())

    assert findings_of(result) == [] and issues_of(result) == []
    (only,) = cases_of(result)
    assert only.current_step == "approved" and only.approved
    assert only.days_elapsed == 11 and only.limit_days == 15
    assert only.due_date == "2021-03-16" and only.notice_days == 5
    assert only.kind == "identification" and only.channel == "cadre_screening"
    assert procedure_exit_code(result, FailOn.warning) == 0


def test_current_step_follows_the_as_of_date(run: Run) -> None:
    # Each case is seen ``days`` after its lead; steps after as_of are blank, as in
    # the file on that day (a started notice keeps its planned last day).
    as_of = date(2021, 6, 30)
    expected = {0: "home_check", 1: "comparison", 3: "notice", 4: "in_notice", 8: "in_notice"}
    expected |= {9: "county_approval", 11: "approved"}
    rows = []
    for days in expected:
        row = case(lead=as_of - timedelta(days=days), household_id=f"H{days}")
        started = row["notice_start"] <= as_of
        for name in STEPS:
            if row[name] > as_of and not (name == "notice_end" and started):
                row[name] = None
        row["help_start_date"] = None
        rows.append(row)
    result = run(*rows, as_of=as_of)

    assert [c.current_step for c in cases_of(result)] == list(expected.values())
    assert findings_of(result) == []


# -- the 15-day limit ----------------------------------------------------------------------


def test_approved_cases_are_overdue_only_past_15_days(run: Run) -> None:
    took = (14, 15, 16, 30)
    rows = [
        case(
            household_id=f"H{days}",
            county_approval_date=LEAD + timedelta(days=days),
            help_start_date=LEAD + timedelta(days=days),
        )
        for days in took
    ]
    result = run(*rows)

    assert [c.days_elapsed for c in cases_of(result)] == list(took)
    assert [c.overdue for c in cases_of(result)] == [False, False, True, True]
    assert [(f.household_id, f.code) for f in findings_of(result)] == [
        ("H16", "overdue"),
        ("H30", "overdue"),
    ]
    finding = findings_of(result)[0]
    assert finding.severity == "warning" and finding.column == "县级审定日期"
    assert "用了 16 天" in finding.message and "应于 2021-03-16" in finding.message


def test_open_cases_become_overdue_after_15_days(run: Run) -> None:
    as_of = date(2021, 6, 30)
    rows = [  # waiting for village appraisal, the lead 15 and 16 days before as_of
        case(
            lead=as_of - timedelta(days=days),
            household_id=f"H{days}",
            **{n: None for n in STEPS[3:]},
            help_start_date=None,
        )
        for days in (15, 16)
    ]
    result = run(*rows, as_of=as_of)

    assert [c.current_step for c in cases_of(result)] == ["appraisal", "appraisal"]
    assert [c.days_elapsed for c in cases_of(result)] == [15, 16]
    assert [c.overdue for c in cases_of(result)] == [False, True]
    (finding,) = findings_of(result)
    assert finding.household_id == "H16" and finding.value == ""
    assert "已过 16 天仍未县级审定（待村级评议）" in finding.message


def test_elimination_has_no_limit_unless_the_profile_sets_one(run: Run, tmp_path: Path) -> None:
    slow = case(kind="消除", county_approval_date=LEAD + timedelta(days=20), help_start_date=None)
    assert codes(run(slow)) == []

    strict = tmp_path / "strict.toml"
    strict.write_text(
        'extends = "national"\nname = "strict"\nversion = "1"\n'
        "[procedure]\nelimination_deadline_days = 15\n",
        encoding="utf-8",
    )
    result = run(slow, profile=strict)
    assert codes(result) == ["overdue"] and cases_of(result)[0].limit_days == 15


def test_deadline_comes_from_the_profile(run: Run, tmp_path: Path) -> None:
    loose = tmp_path / "loose.toml"
    loose.write_text(
        'extends = "national"\nname = "loose"\nversion = "1"\n[procedure]\ndeadline_days = 20\n',
        encoding="utf-8",
    )
    late = case(county_approval_date=LEAD + timedelta(days=18), help_start_date=None)

    assert codes(run(late)) == ["overdue"]
    assert codes(run(late, profile=loose)) == []


# -- the notice ----------------------------------------------------------------------------


def test_notice_of_5_days_counting_both_ends_is_enough(run: Run) -> None:
    start = LEAD + timedelta(days=4)
    after = {
        "township_review_date": LEAD + timedelta(days=12),
        "county_approval_date": LEAD + timedelta(days=13),
        "help_start_date": LEAD + timedelta(days=13),
    }
    rows = [
        case(
            household_id=f"H{d}", notice_start=start, notice_end=start + timedelta(days=d), **after
        )
        for d in (3, 4, 6)
    ]
    result = run(*rows)

    assert [c.notice_days for c in cases_of(result)] == [4, 5, 7]
    (finding,) = findings_of(result)
    assert (finding.code, finding.household_id) == ("notice_too_short", "H3")
    assert finding.severity == "error" and finding.column == "公示结束日期"
    assert "公示 2021-03-05 至 2021-03-08 仅 4 天" in finding.message


def test_township_review_on_the_last_notice_day_is_during_the_notice(run: Run) -> None:
    # The notice counts its last day, so a review that day cuts it short (domain.md §5).
    end = LEAD + timedelta(days=8)
    on_last_day = case(household_id="H1", township_review_date=end)
    day_after = case(household_id="H2", township_review_date=end + timedelta(days=1))
    before = case(household_id="H3", township_review_date=end - timedelta(days=1))
    result = run(on_last_day, day_after, before)

    assert [(f.household_id, f.code) for f in findings_of(result)] == [
        ("H1", "review_during_notice"),
        ("H3", "out_of_order"),
    ]
    finding = findings_of(result)[0]
    assert finding.severity == "error" and finding.column == "乡镇审核日期"
    assert finding.value == "2021-03-09" and "公示期满后" in finding.message
    english = run(on_last_day, lang="en")
    assert "after the notice has ended" in findings_of(english)[0].message


# -- order, gaps, future dates -------------------------------------------------------------


def test_step_dated_before_the_previous_step_is_out_of_order(run: Run) -> None:
    result = run(case(comparison_date=LEAD))  # before the home check of 3/2

    assert codes(result) == ["out_of_order"]
    finding = findings_of(result)[0]
    assert finding.column == "信息比对日期" and finding.value == "2021-03-01"
    assert "入户核实日期（2021-03-02）" in finding.message
    assert finding.row == 3  # title row, header row, then the case


def test_order_compares_with_the_last_dated_step_before(run: Run) -> None:
    # Appraisal is blank: the notice is compared with the comparison date.
    result = run(case(appraisal_date=None, notice_start=LEAD + timedelta(days=1)))

    assert sorted(codes(result)) == ["missing_step", "out_of_order"]
    disorder = next(f for f in findings_of(result) if f.code == "out_of_order")
    assert disorder.column == "公示开始日期" and "信息比对日期" in disorder.message


def test_blank_step_before_a_dated_one_is_missing(run: Run) -> None:
    result = run(case(appraisal_date=None))

    assert codes(result) == ["missing_step"]
    finding = findings_of(result)[0]
    assert finding.column == "村级评议日期" and finding.value == ""
    assert "公示开始日期" in finding.message


def test_trailing_blank_steps_are_not_missing(run: Run) -> None:
    row = case(**{n: None for n in STEPS[2:]}, help_start_date=None)
    assert codes(run(row, as_of=LEAD + timedelta(days=3))) == []


def test_dates_after_as_of_are_flagged(run: Run) -> None:
    row = case(county_approval_date=date(2022, 3, 12), help_start_date=None)
    result = run(row, as_of=LEAD + timedelta(days=10))

    assert codes(result) == ["future_date"]
    assert findings_of(result)[0].value == "2022-03-12"
    assert "晚于统计日期 2021-03-11" in findings_of(result)[0].message
    assert cases_of(result)[0].current_step == "county_approval"  # not approved on as_of
    # Still not approved by the end of the year: overdue as well.
    assert codes(run(row)) == ["overdue", "future_date"]


def test_planned_end_of_a_running_notice_is_not_future(run: Run) -> None:
    row = case(
        **{n: None for n in ("township_review_date", "county_approval_date", "help_start_date")}
    )
    result = run(row, as_of=LEAD + timedelta(days=5))  # notice from day 4 to day 8

    assert codes(result) == [] and cases_of(result)[0].current_step == "in_notice"
    # A notice that has not started yet may not name dates to come.
    result = run(row, as_of=LEAD + timedelta(days=3))
    assert codes(result) == ["future_date", "future_date"]


# -- help before identification ------------------------------------------------------------


def test_help_before_approval_is_flagged_for_ordinary_cases(run: Run) -> None:
    result = run(case(help_start_date=LEAD + timedelta(days=2)))

    assert codes(result) == ["help_before_identification"]
    assert "2021-03-12" in findings_of(result)[0].message
    assert not cases_of(result)[0].fast_track


def test_help_while_not_yet_approved_is_flagged(run: Run) -> None:
    row = case(
        **{n: None for n in ("township_review_date", "county_approval_date")},
        help_start_date=LEAD + timedelta(days=9),
    )
    result = run(row, as_of=LEAD + timedelta(days=10))
    assert codes(result) == ["help_before_identification"]
    assert "未审定" in findings_of(result)[0].message


def test_disaster_fast_track_may_help_first(run: Run) -> None:
    marks = [{"disaster": "是"}, {"disaster": "Y"}, {"disaster": None, "risk_type": "因自然灾害"}]
    rows = [
        case(household_id=f"H{i}", help_start_date=LEAD + timedelta(days=1), **m)
        for i, m in enumerate(marks)
    ]
    result = run(*rows)

    assert codes(result) == []
    assert all(c.fast_track for c in cases_of(result))


def test_fast_track_risks_come_from_the_profile(run: Run, tmp_path: Path) -> None:
    accident = tmp_path / "accident.toml"
    accident.write_text(
        'extends = "national"\nname = "a"\nversion = "1"\n'
        '[procedure]\nfast_track_risks = ["disaster", "accident"]\n',
        encoding="utf-8",
    )
    row = case(risk_type="因意外事故", help_start_date=LEAD + timedelta(days=1))

    assert codes(run(row)) == ["help_before_identification"]
    assert codes(run(row, profile=accident)) == []


def test_elimination_cases_are_not_checked_for_early_help(run: Run) -> None:
    assert codes(run(case(kind="消除", help_start_date=LEAD))) == []


# -- working days, home check ----------------------------------------------------------------


def anhui(tmp_path: Path, holidays: str = "[]") -> Path:
    path = tmp_path / "anhui.toml"
    path.write_text(
        'extends = "national"\nname = "anhui"\nversion = "1"\n'
        '[procedure]\nday_count = "working"\ndeadline_days = 20\nhome_check_days = 2\n'
        f"holidays = {holidays}\n",
        encoding="utf-8",
    )
    return path


def test_home_check_within_2_working_days(run: Run, tmp_path: Path) -> None:
    friday = date(2021, 3, 5)  # Monday 8th and Tuesday 9th are the two working days after
    rows = [case(lead=friday, home=date(2021, 3, d), household_id=f"H{d}") for d in (9, 10)]
    result = run(*rows, profile=anhui(tmp_path))

    (finding,) = findings_of(result)
    assert (finding.code, finding.household_id) == ("home_check_late", "H10")
    assert "线索后 3 个工作日才入户核实" in finding.message
    assert "2021-03-09" in finding.message


def test_holidays_are_not_working_days(run: Run, tmp_path: Path) -> None:
    row = case(lead=date(2021, 3, 5), home=date(2021, 3, 10))
    result = run(row, profile=anhui(tmp_path, '["2021-03-08"]'))
    assert codes(result) == []


def test_open_case_without_home_check_is_late_after_the_limit(run: Run, tmp_path: Path) -> None:
    row = case(lead=date(2021, 3, 5), **{n: None for n in STEPS[1:]}, help_start_date=None)
    profile = anhui(tmp_path)

    assert codes(run(row, as_of=date(2021, 3, 9), profile=profile)) == []
    assert codes(run(row, as_of=date(2021, 3, 10), profile=profile)) == ["home_check_late"]


def test_working_day_deadline(run: Run, tmp_path: Path) -> None:
    # 20 working days after Monday 2021-03-01 is Monday 2021-03-29.
    on_time = case(county_approval_date=date(2021, 3, 29), help_start_date=None)
    late = case(county_approval_date=date(2021, 3, 30), help_start_date=None)
    profile = anhui(tmp_path)

    assert cases_of(run(on_time, profile=profile))[0].days_elapsed == 20
    assert codes(run(on_time, profile=profile)) == []
    assert codes(run(late, profile=profile)) == ["overdue"]
    assert cases_of(run(late, profile=profile))[0].due_date == "2021-03-29"


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(date(2020, 1, 1), date(2023, 12, 31)),
    days=st.integers(1, 60),
    working=st.booleans(),
)
def test_add_days_then_count_days_gives_the_days_back(
    start: date, days: int, working: bool
) -> None:
    settings_ = ProcedureSettings(day_count="working" if working else "calendar")
    starts = pd.Series([pd.Timestamp(start)])
    due = add_days(starts, pd.Series([float(days)]), settings_)
    assert count_days(starts, due, settings_).iloc[0] == days
    # One more day is always over the limit.
    later = due + pd.Timedelta(days=1)
    while working and later.dt.day_of_week.iloc[0] >= 5:
        later += pd.Timedelta(days=1)
    assert count_days(starts, later, settings_).iloc[0] == days + 1


# -- dates ---------------------------------------------------------------------------------


SPELLINGS = (
    datetime(2021, 3, 5),
    "2021-03-05",
    "2021/3/5",
    "2021.3.5",
    "20210305",
    20210305,
    "2021年3月5日",
    44260,
    "２０２１－０３－０５",
    " 2021-3-5 ",
)


def test_date_spellings_are_read(run: Run) -> None:
    rows = [case(household_id=f"H{i}", home_check_date=w) for i, w in enumerate(SPELLINGS)]
    result = run(*rows)

    assert issues_of(result) == []
    assert [c.home_check_date for c in cases_of(result)] == ["2021-03-05"] * len(SPELLINGS)


def test_unreadable_dates_are_issues_with_location(run: Run) -> None:
    written = ["2021-02-30", "2021-13-01", "明天", "1921-03-05", "2021-3"]
    rows = [case(household_id=f"H{i}", home_check_date=w) for i, w in enumerate(written)]
    result = run(*rows)

    assert [(i.code, i.row, i.column, i.value) for i in issues_of(result)] == [
        ("bad_date", 3 + n, "入户核实日期", w) for n, w in enumerate(written)
    ]
    issue = issues_of(result)[0]
    assert issue.severity == "error" and issue.household_id == "H0"
    assert "2021-03-05" in issue.message  # names the expected spelling
    assert procedure_exit_code(result, None) == 1
    assert codes(result) == []  # reported once, as data issues, not as missing steps


def test_parse_dates_is_vectorised_over_mixed_spellings() -> None:
    text = pd.Series(["2021-03-05", "2021/3/5", "20210305", "44260", None, "x", "2021-02-29"])
    parsed = parse_dates(text)

    assert parsed.iloc[:4].eq(pd.Timestamp(2021, 3, 5)).all()
    assert parsed.iloc[4:].isna().all()


def test_csv_cases_file_reads_the_same(tmp_path: Path) -> None:
    row = case()
    path = tmp_path / "cases.csv"
    frame = pd.DataFrame([{HEADER[k]: v for k, v in row.items()}])
    frame.to_csv(path, index=False, encoding="gbk")
    result = api.procedure(path, as_of=AS_OF)

    assert issues_of(result) == [] and findings_of(result) == []
    assert cases_of(result)[0].row == 2


def test_missing_required_column_names_the_columns_found(tmp_path: Path) -> None:
    row = {k: v for k, v in case().items() if k != "lead_date"}
    with pytest.raises(
        FanpinError, match=r"missing column 线索日期 \(lead_date\); found: .*户编号"
    ):
        api.procedure(write_cases(tmp_path / "cases.xlsx", [row]), as_of=AS_OF)


def test_unknown_kind_is_a_data_issue(run: Run) -> None:
    result = run(case(kind="纳入"))
    assert [i.code for i in issues_of(result)] == ["not_in_vocabulary"]
    assert cases_of(result)[0].limit_days is None


# -- summary and outputs ---------------------------------------------------------------------


def test_summary_by_township_and_step(run: Run) -> None:
    open_case = case(household_id="H2", **{n: None for n in STEPS[4:]}, help_start_date=None)
    late = case(
        household_id="H3",
        township="兴宁镇",
        county_approval_date=LEAD + timedelta(days=17),
        help_start_date=None,
    )
    result = run(case(household_id="H1"), open_case, late, as_of=LEAD + timedelta(days=20))
    summary = result.summary

    assert summary.cases == 3 and summary.open == 1 and summary.overdue == 2
    assert summary.by_step == {"notice": 1, "approved": 2}
    town = summary.by_township["唐洞街道"]
    assert (town.cases, town.open, town.overdue, town.findings) == (2, 1, 1, 1)
    assert town.by_step == {"notice": 1, "approved": 1}
    assert summary.by_township["兴宁镇"].overdue == 1
    assert summary.findings == {"overdue": 2}
    assert (summary.finding_errors, summary.finding_warnings) == (0, 2)


def test_english_messages(run: Run) -> None:
    result = run(case(comparison_date=LEAD), lang="en")
    assert "is before the step before it" in findings_of(result)[0].message


def test_every_finding_code_has_a_severity_labels_and_both_messages() -> None:
    assert set(FINDING_SEVERITY) == set(labels.PROCEDURE_FINDINGS)
    assert set(FINDING_SEVERITY) == set(labels.PROCEDURE_FINDING_MESSAGES)
    for code, severity in FINDING_SEVERITY.items():
        assert severity in ("error", "warning")
        assert all(labels.PROCEDURE_FINDINGS[code]) and all(labels.PROCEDURE_FINDING_MESSAGES[code])


# -- CLI -------------------------------------------------------------------------------------


def invoke(*args: str | Path):
    return runner.invoke(app, ["procedure", *(str(a) for a in args)])


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    late = case(county_approval_date=LEAD + timedelta(days=16), help_start_date=None)
    short = case(notice_end=LEAD + timedelta(days=5))
    return {
        "clean": write_cases(tmp_path / "clean.xlsx", [case()]),
        "warning": write_cases(tmp_path / "warning.xlsx", [late]),
        "error": write_cases(tmp_path / "error.xlsx", [short]),
        "bad": write_cases(tmp_path / "bad.xlsx", [case(home_check_date="2021-02-30")]),
    }


@pytest.mark.parametrize(
    ("name", "fail_on", "code"),
    [
        ("clean", None, 0),
        ("warning", None, 0),
        ("warning", "error", 0),
        ("warning", "warning", 1),
        ("error", None, 0),
        ("error", "error", 1),
        ("bad", None, 1),
    ],
)
def test_exit_codes(files: dict[str, Path], name: str, fail_on: str | None, code: int) -> None:
    extra = ["--fail-on", fail_on] if fail_on else []
    result = invoke(files[name], "--as-of", "2021-12-31", *extra)
    assert result.exit_code == code, result.output


def test_terminal_summary_lists_findings(files: dict[str, Path]) -> None:
    result = invoke(files["warning"], "--as-of", "2021-12-31")

    assert result.exit_code == 0
    assert "overdue" in result.stdout and "超过 15 天时限" in result.stdout
    assert "超期 1 件" in result.stdout


def test_terminal_summary_in_chinese(files: dict[str, Path]) -> None:
    # Everything a person reads is Chinese under --lang zh (the default): headings,
    # table headers, step and finding names, severities, counts; codes stay as codes.
    result = invoke(files["warning"], "--as-of", "2021-12-31", "--lang", "zh")
    out = result.stdout

    assert result.exit_code == 0
    for text in (
        "warning.xlsx：1 件（识别 1）· 统计日期 2021-12-31 · 时限 15 天，公示不少于 5 天",
        "各乡镇案件及当前环节",
        "案件数",
        "已审定",
        "合计",
        "代码",
        "未办结 0 件，超期 1 件；发现问题：错误 0 条，提示 1 条",
    ):
        assert text in out
    assert "│ overdue " in out and "│ 超期 " in out and "│ 提示 " in out  # code, label, level
    english = re.findall(r"[A-Za-z]{3,}", out.replace("warning.xlsx", "").replace("overdue", ""))
    assert english == []


def test_terminal_summary_in_english(files: dict[str, Path]) -> None:
    result = invoke(files["error"], "--as-of", "2021-12-31", "--lang", "en")
    out = result.stdout

    assert result.exit_code == 0
    assert "error.xlsx: 1 cases (identification 1) · as of 2021-12-31 · limit 15 days" in out
    assert "cases by township and current step" in out and "total" in out
    assert "notice too short" in out and "error" in out
    assert "0 open, 0 overdue; findings: 1 errors, 0 warnings" in out
    assert not re.search(r"[\u4e00-\u9fff]", out.replace("唐洞街道", ""))


def test_bad_fail_on_is_a_usage_error(files: dict[str, Path]) -> None:
    assert invoke(files["clean"], "--fail-on", "info").exit_code == 2


def test_missing_file_is_one_line_exit_1(tmp_path: Path) -> None:
    result = invoke(tmp_path / "nope.xlsx")
    assert result.exit_code == 1
    assert "找不到文件" in result.stderr and "Traceback" not in result.output


def test_json_output_is_the_library_result(files: dict[str, Path]) -> None:
    result = invoke(files["warning"], "--as-of", "2021-12-31", "--format", "json")
    library = api.procedure(files["warning"], as_of=AS_OF)

    assert result.exit_code == 0
    assert json.loads(result.stdout) == library.to_dict()
    assert json.loads(result.stdout)["cases"][0]["current_step"] == "approved"


class _CaseBefore(BaseModel):
    """A case's JSON as the pydantic ProcedureCase wrote it, before cases became a frame."""

    model_config = ConfigDict(extra="forbid", strict=True)
    row: int
    household_id: str | None
    head_name: str | None
    county: str | None
    township: str | None
    village: str | None
    kind: str | None
    channel: str | None
    disaster: bool | None
    risk_type: str | None
    fast_track: bool
    lead_date: str | None
    home_check_date: str | None
    comparison_date: str | None
    appraisal_date: str | None
    notice_start: str | None
    notice_end: str | None
    township_review_date: str | None
    county_approval_date: str | None
    help_start_date: str | None
    current_step: str
    approved: bool
    days_elapsed: int | None
    limit_days: int | None
    due_date: str | None
    overdue: bool
    notice_days: int | None
    findings: list[str]


class _FindingBefore(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    code: str
    severity: Literal["error", "warning"]
    sheet: str
    row: int
    column: str
    field: str | None
    value: str
    household_id: str | None
    kind: str | None
    township: str | None
    village: str | None
    message: str


def test_frames_give_the_json_the_models_gave(example: tuple[Path, list[Any]]) -> None:
    # Cases and findings became frames of declared columns; their JSON must be what
    # the pydantic models dumped: the same keys in the same order, the same types.
    path, _ = example
    document = json.loads(json.dumps(api.procedure(path, profile="zixing", as_of=AS_OF).to_dict()))

    assert document["cases"] and document["findings"]
    for record in document["cases"]:
        assert list(record) == list(CASE_COLUMNS)
        assert _CaseBefore.model_validate(record).model_dump(mode="json") == record
    for record in document["findings"]:
        assert list(record) == list(FINDING_COLUMNS)
        assert _FindingBefore.model_validate(record).model_dump(mode="json") == record


def test_csv_output_has_one_row_per_case(files: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = invoke(files["warning"], "--as-of", "2021-12-31", "-o", target)

    assert result.exit_code == 0
    frame = pd.read_csv(target, encoding="utf-8-sig", dtype=str)
    assert len(frame) == 1 and frame.loc[0, "是否超期"] == "是"
    assert frame.loc[0, "当前环节"] == "已审定" and frame.loc[0, "发现问题"] == "超期"


def header_row(sheet: Worksheet) -> int:
    """The header's row: the one above the frozen pane (a title row may sit above it)."""
    pane = sheet.freeze_panes
    assert pane is not None
    return int(re.sub(r"\D", "", pane)) - 1


def rows_of(sheet: Worksheet) -> list[dict[str, Any]]:
    """The data rows of a table sheet as dicts keyed by its header."""
    top = header_row(sheet)
    header = [c.value for c in sheet[top]]
    values = sheet.iter_rows(min_row=top + 1, values_only=True)
    return [dict(zip(header, row, strict=False)) for row in values]


def printed_columns(sheet: Worksheet) -> list[str]:
    """The headers of the columns inside the print area."""
    area = str(sheet.print_area)
    match = re.search(r"\$?([A-Z]+)\$?\d+$", area)
    assert match, area
    last = column_index_from_string(match.group(1))
    return [str(sheet.cell(row=header_row(sheet), column=c).value) for c in range(1, last + 1)]


def printed_points(sheet: Worksheet, font_points: float = 11.0) -> float:
    """The size cells print at on A4 when the print area is fitted to one page width.

    A column of width w is about 7w + 5 pixels at 96 dpi with Calibri 11, and 9.2w + 5
    where the renderer lacks Calibri and falls back to a wider font (LibreOffice with
    DejaVu Sans, measured on a PDF of the example workbooks); the wider one counts.
    The page holds its width less the margins; the font shrinks by the same ratio.
    """
    setup = sheet.page_setup
    assert str(setup.paperSize) == sheet.PAPERSIZE_A4
    if not sheet.sheet_properties.pageSetUpPr.fitToPage:  # across pages, at its scale
        return font_points * int(setup.scale) / 100
    assert setup.fitToWidth == 1
    paper = 11.69 if setup.orientation == "landscape" else 8.27
    margins = sheet.page_margins
    available = (paper - margins.left - margins.right) * 96
    count = len(printed_columns(sheet)) if sheet.print_area else sheet.max_column
    pixels = sum(
        9.2 * (sheet.column_dimensions[get_column_letter(c)].width or 8.43) + 5
        for c in range(1, count + 1)
    )
    return font_points * min(1.0, available / pixels)


def test_xlsx_output_sheets(files: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    result = invoke(files["error"], "--as-of", "2021-12-31", "-o", target, "--quiet")

    assert result.exit_code == 0 and result.stdout == ""
    book = load_workbook(target)
    assert book.sheetnames == ["程序进度", "发现问题", "乡镇汇总", "数据问题", "参数"]
    (found,) = rows_of(book["发现问题"])
    assert found["问题"] == "公示期不足" and found["列"] == "公示结束日期"
    assert found["级别"] == "错误"
    towns = rows_of(book["乡镇汇总"])
    assert list(towns[0])[:2] == ["乡(镇)", "案件数"] and towns[-1]["乡(镇)"] == "合计"
    (case_row,) = rows_of(book["程序进度"])
    assert case_row["线索日期"] == datetime(2021, 3, 1)
    assert (
        book["程序进度"].print_title_rows
        == f"${header_row(book['程序进度'])}:${header_row(book['程序进度'])}"
    )


def test_workbook_prints_readably_on_a4(example: tuple[Path, list[Any]], tmp_path: Path) -> None:
    # The cases sheet printed at ~4 pt when its 26 columns were squeezed onto one A4
    # width (issue 16): the print view holds the columns people act on, at ≥ 8 pt.
    path, _ = example
    result = api.procedure(path, profile="zixing", as_of=AS_OF)
    target = tmp_path / "procedure.xlsx"
    export_procedure(result, "xlsx", target)
    book = load_workbook(target)

    cases = book["程序进度"]
    header = labels.labeller(labels.PROCEDURE_COLUMNS, "zh")
    assert printed_columns(cases) == [header[name] for name in CASE_PRINT_COLUMNS]
    for sheet in book.worksheets:  # portrait or landscape, one page wide or across pages
        assert printed_points(sheet) >= 8, sheet.title
    rows = rows_of(cases)
    assert len(rows) == len(result.cases)
    top = header_row(cases)
    for column, name in enumerate(c.value for c in cases[top]):
        letter = get_column_letter(column + 1)
        width = cases.column_dimensions[letter].width
        if name == "户编号":  # every ID whole: 16 digits and a margin
            assert width >= max(len(str(r[name])) for r in rows) + 1
        if name in ("线索日期", "县级审定日期", "应审定日期"):  # real dates, shown as such
            cells = [
                c
                for (c,) in cases.iter_rows(min_row=top + 1, min_col=column + 1, max_col=column + 1)
            ]
            assert all(c.value is None or isinstance(c.value, datetime) for c in cells)
            assert {c.number_format for c in cells if c.value} == {"yyyy-mm-dd"}
            assert width >= 11
    findings = book["发现问题"]
    message = [c.value for c in findings[header_row(findings)]].index("说明") + 1
    wrapped = findings.cell(row=header_row(findings) + 1, column=message)
    assert wrapped.alignment.wrap_text


def test_workbook_totals_outside_the_filter_and_none_on_empty_sheets(
    files: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "clean_procedure.xlsx"  # not the input, which is clean.xlsx
    assert invoke(files["clean"], "--as-of", "2021-12-31", "-o", target, "-q").exit_code == 0
    book = load_workbook(target)

    towns = book["乡镇汇总"]
    last = towns.max_row
    assert towns.cell(row=last, column=1).value == "合计"
    assert towns.auto_filter.ref is not None and towns.auto_filter.ref.endswith(str(last - 1))
    for name in ("发现问题", "数据问题"):
        sheet = book[name]
        assert sheet.cell(row=header_row(sheet) + 1, column=1).value == "（无）", name
    parameters = {r["项目"]: r["内容"] for r in rows_of(book["参数"])}  # as every 参数 sheet
    assert parameters["识别时限"] == "15 天" and parameters["计日方式"] == "自然日"
    assert parameters["可先行帮扶的风险"] == "因自然灾害"
    assert parameters["消除时限"] == "不限"
    assert not any(re.fullmatch(r"[a-z_]+", str(key)) for key in parameters)  # no raw keys


def test_english_workbook(files: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "en.xlsx"
    assert (
        invoke(files["error"], "--as-of", "2021-12-31", "--lang", "en", "-o", target).exit_code == 0
    )
    book = load_workbook(target)
    assert book.sheetnames == ["cases", "findings", "by township", "problems", "parameters"]
    (found,) = rows_of(book["findings"])
    assert (found["finding"], found["severity"]) == ("notice too short", "error")
    parameters = {r["item"]: r["value"] for r in rows_of(book["parameters"])}
    assert (
        parameters["day count"] == "calendar days" and parameters["fast-track risks"] == "disaster"
    )


def test_townships_in_administrative_code_order(run: Run) -> None:
    # File order 兴宁镇 (103), 唐洞街道 (101), no township, 外乡 (no numeric 户编号), 唐洞街道:
    # the summary and its sheet list 唐洞街道, 兴宁镇, 外乡, then the blank township.
    rows = [
        case(household_id="4310811030010001", township="兴宁镇"),
        case(household_id="4310811010010002", township="唐洞街道"),
        case(household_id="4310811020010003", township=None),
        case(household_id="H4", township="外乡"),
        case(household_id="4310811010010005", township="唐洞街道"),
    ]
    result = run(*rows)

    assert list(result.summary.by_township) == ["唐洞街道", "兴宁镇", "外乡", ""]
    table = township_table(result)
    assert list(table.iloc[:, 0]) == ["唐洞街道", "兴宁镇", "外乡", "（未填）", "合计"]


def test_xlsx_needs_a_path(files: dict[str, Path]) -> None:
    result = invoke(files["clean"], "--format", "xlsx", "--lang", "en")
    assert result.exit_code == 2 and "-o NAME.xlsx" in result.stderr  # a usage error


# -- template and example --------------------------------------------------------------------


def test_template_has_every_header_and_an_explanation_sheet(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_cases_template(path)

    book = load_workbook(path)
    assert book.sheetnames == ["案件台账", "填表说明"]
    sheet = book["案件台账"]
    headers = [c.value for c in sheet[2]]
    assert "防止返贫" in str(sheet["A1"].value)
    for name in ("household_id", "kind", "channel", "disaster", "risk_type", *DATE_FIELDS):
        assert HEADER[name] in headers
    lists = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert any("识别,消除" in formula for formula in lists.values())
    explained = [row[0] for row in book["填表说明"].iter_rows(min_row=2, values_only=True)]
    assert all(HEADER[name] in explained for name in DATE_FIELDS)
    notes = " ".join(str(r[2]) for r in book["填表说明"].iter_rows(values_only=True))
    assert "15 天" in notes and "不少于 5 天" in notes and "身份证号码" in notes


def test_filled_template_is_read(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_cases_template(path)
    book = load_workbook(path)
    sheet = book["案件台账"]
    headers = [c.value for c in sheet[2]]
    row = case()
    for name, value in row.items():
        sheet.cell(row=3, column=headers.index(HEADER[name]) + 1, value=value)
    book.save(path)

    result = api.procedure(path, as_of=AS_OF)
    assert issues_of(result) == [] and findings_of(result) == [] and cases_of(result)[0].row == 3


def test_blank_template_says_it_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_cases_template(path)
    with pytest.raises(FanpinError, match="no data rows"):
        api.procedure(path, as_of=AS_OF)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    from fanpin.samples.roster import generate_members

    path = tmp_path_factory.mktemp("example") / "cases.xlsx"
    manifest = write_example_cases(path, generate_members(2000, 431081), 431081)
    return path, manifest


def test_example_finds_every_planted_case_and_nothing_else(
    example: tuple[Path, list[Any]],
) -> None:
    path, manifest = example
    result = api.procedure(path, profile="zixing", as_of=AS_OF)

    assert issues_of(result) == []
    found: dict[int, list[str]] = {}
    for finding in findings_of(result):
        found.setdefault(finding.row, []).append(finding.code)
    planted = {p.row: list(p.findings) for p in manifest if p.findings}
    assert found == planted
    by_row = {c.row: c for c in cases_of(result)}
    for entry in manifest:
        assert by_row[entry.row].household_id == entry.household_id
        assert by_row[entry.row].kind == entry.kind
    every = {code for p in manifest for code in p.findings}
    assert every == set(FINDING_SEVERITY) - {"home_check_late"}  # zixing sets no home-check limit
    (review,) = [p for p in manifest if p.findings == ("review_during_notice",)]
    case = by_row[review.row]
    assert case.township_review_date == case.notice_end  # on the notice's last day
    assert any(not p.findings and by_row[p.row].fast_track for p in manifest)


def test_example_writes_dates_the_ways_clerks_do(example: tuple[Path, list[Any]]) -> None:
    path, _ = example
    sheet = load_workbook(path)["案件台账"]
    lead = [c.value for c in sheet[2]].index("线索日期") + 1
    values = [sheet.cell(row=r, column=lead).value for r in range(3, sheet.max_row + 1)]
    kinds = {type(v).__name__ for v in values}
    assert {"datetime", "str", "int"} <= kinds
    assert any(isinstance(v, str) and "/" in v for v in values)
    assert path.stat().st_size < 100_000


def test_example_is_deterministic_and_committed(example: tuple[Path, list[Any]]) -> None:
    path, _ = example
    assert EXAMPLE.read_bytes() == path.read_bytes()


def test_profile_rejects_a_mobile_number_in_the_objection_contact(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'extends = "national"\nname = "p"\nversion = "1"\n'
        '[procedure]\nobjection_contact = "请拨打13812345678"\n',
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="mobile number"):
        load_profile(path)
