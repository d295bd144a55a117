"""Identification and elimination procedure (识别程序, domain.md §5): where each case stands.

A cases file has one row per case (识别 or 消除) with the date of each step:
lead → 入户核实 → 信息比对 → 村级评议 → 公示 (start, end) → 乡镇审核 → 县级审定, and
when help began. ``read_cases`` reads and types it (dates in any common spelling,
every unreadable cell an issue); ``check_procedure`` finds, as of a date, each
case's current step, the days used against the profile's limit and the findings:

- ``overdue``: identification not approved within ``deadline_days`` of the lead
  (approved late, or still open past the limit on the as-of date); elimination
  only when the profile sets ``elimination_deadline_days``;
- ``home_check_late``: when the profile sets ``home_check_days`` (identification);
- ``out_of_order``: a step dated before the step before it;
- ``missing_step``: a step without a date while a later step has one;
- ``notice_too_short``: a notice of fewer than ``notice_min_days`` days, first and
  last day included (3/1 to 3/5 is 5 days);
- ``future_date``: a date after the as-of date (the planned end of a notice that
  has started is allowed);
- ``help_before_identification``: help began before county approval, for a case
  that is not a disaster fast-track (是否受灾 = 是, or a 风险类型 in the profile's
  ``fast_track_risks``): those may be helped first and are not flagged.

Every check is a mask over whole columns; messages are written only for the
rows a mask holds for. ``write_cases_template`` writes the blank, documented
cases workbook; ``write_example_cases`` the example workspace's cases file with
planted findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict

from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.messages import Lang, Severity, render
from fanpin.io.models import Issue, Meta
from fanpin.io.read import ROW, read_table
from fanpin.io.validate import ISSUE_COLUMNS, Validated, check_table
from fanpin.outputs.write import (
    CJK_FONT,
    frame_to_csv,
    save_reproducible,
    style_table,
    table_sheet,
    to_json,
    write_text,
    write_workbook,
)
from fanpin.rules.profiles import ProcedureSettings

Format = Literal["json", "csv", "xlsx"]
FailOn = Literal["error", "warning"]

STEPS: tuple[str, ...] = (
    "lead_date",
    "home_check_date",
    "comparison_date",
    "appraisal_date",
    "notice_start",
    "notice_end",
    "township_review_date",
    "county_approval_date",
)
DATE_FIELDS: tuple[str, ...] = (*STEPS, "help_start_date")
_NOTICE_START, _NOTICE_END = STEPS.index("notice_start"), STEPS.index("notice_end")
_APPROVAL = STEPS.index("county_approval_date")

# The step a case waits for, by the furthest step done (index into STEPS).
_PENDING = (
    "home_check",
    "comparison",
    "appraisal",
    "notice",
    "in_notice",
    "township_review",
    "county_approval",
    "approved",
)
UNKNOWN_STEP = "unknown"
STEP_LABELS: dict[str, tuple[str, str]] = {
    "home_check": ("待入户核实", "awaiting home verification"),
    "comparison": ("待信息比对", "awaiting data comparison"),
    "appraisal": ("待村级评议", "awaiting village appraisal"),
    "notice": ("待公示", "awaiting public notice"),
    "in_notice": ("公示中", "notice posted"),
    "township_review": ("待乡镇审核", "awaiting township review"),
    "county_approval": ("待县级审定", "awaiting county approval"),
    "approved": ("已审定", "approved"),
    UNKNOWN_STEP: ("无法判断", "unknown"),
}
KIND_LABELS = {"identification": ("识别", "identification"), "elimination": ("消除", "elimination")}
CHANNEL_LABELS = {code: (zh, code.replace("_", " ")) for zh, code in schema.LEAD_CHANNELS.items()}

# code -> (severity, label zh, label en, message zh, message en)
FINDINGS: dict[str, tuple[Severity, str, str, str, str]] = {
    "overdue": (
        "warning",
        "超期",
        "overdue",
        "{detail}，超过 {limit} {unit}时限（应于 {due} 前县级审定）",
        "{detail}, over the limit of {limit} {unit} (county approval due by {due})",
    ),
    "home_check_late": (
        "warning",
        "入户核实超时",
        "home check late",
        "{detail}，超过入户核实时限 {limit} {unit}（应于 {due} 前核实）",
        "{detail}, over the home-check limit of {limit} {unit} (due by {due})",
    ),
    "out_of_order": (
        "error",
        "环节顺序颠倒",
        "steps out of order",
        "{column} {value} 早于前一环节 {previous}（{previous_value}）；请核对日期",
        "{column} {value} is before the step before it, {previous} ({previous_value}); "
        "check the dates",
    ),
    "missing_step": (
        "error",
        "缺少环节",
        "missing step",
        "{column} 为空，但其后的 {later} 已有日期；请补填日期或核实是否漏走程序",
        "{column} is empty although the later step {later} is dated; fill in the date "
        "or check whether the step was skipped",
    ),
    "notice_too_short": (
        "error",
        "公示期不足",
        "notice too short",
        "公示 {start} 至 {value} 仅 {days} 天（首尾两天都计入），少于 {limit} 天",
        "the notice ran {days} days ({start} to {value}, both days counted), under {limit}",
    ),
    "future_date": (
        "error",
        "日期晚于统计日",
        "date in the future",
        "{column} {value} 晚于统计日期 {as_of}；请核对年份和月份",
        "{column} {value} is after the as-of date {as_of}; check the year and month",
    ),
    "help_before_identification": (
        "warning",
        "未审定先帮扶",
        "help before identification",
        "{column} {value} 早于县级审定（{approval}），且不是受灾先行帮扶；请核实",
        "help began {value}, before county approval ({approval}), and the case is not a "
        "disaster fast-track; check it",
    ),
}
FINDING_COLUMNS = [
    "code",
    "severity",
    "sheet",
    "row",
    "column",
    "field",
    "value",
    "household_id",
    "kind",
    "township",
    "village",
    "message",
]

_DATE_TEXT = re.compile(
    r"^(?:(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"|(?P<y8>\d{4})(?P<m8>\d{2})(?P<d8>\d{2}))"
    r"(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"
_FIRST_SERIAL, _LAST_SERIAL = 36526, 73050  # 2000-01-01 … 2099-12-31 as Excel serial numbers
_FIRST_YEAR, _LAST_YEAR = 2000, 2099


def parse_dates(text: pd.Series) -> pd.Series:
    """Dates from cell text: 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日, 20210305, 44260.

    ``text`` is a column as validation types it (Excel date cells already written
    as 2021-03-05). Blank, impossible (2021-02-30) or out-of-range (before 2000,
    after 2099) cells give NaT; the caller reports non-blank NaT cells.
    """
    text = text.astype(object).where(text.notna(), None)
    as_str = text.astype("string")
    parts = as_str.str.extract(_DATE_TEXT)
    numbers = pd.DataFrame(
        {
            "year": pd.to_numeric(parts["y"].fillna(parts["y8"]), errors="coerce"),
            "month": pd.to_numeric(parts["m"].fillna(parts["m8"]), errors="coerce"),
            "day": pd.to_numeric(parts["d"].fillna(parts["d8"]), errors="coerce"),
        },
        index=text.index,
    )
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    complete = numbers.notna().all(axis=1)
    if complete.any():
        parsed[complete] = pd.to_datetime(numbers[complete], errors="coerce")
    serial = pd.to_numeric(as_str.where(as_str.str.match(_EXCEL_SERIAL).fillna(False)))
    serial = serial.where((serial >= _FIRST_SERIAL) & (serial <= _LAST_SERIAL))
    if serial.notna().any():
        days = pd.to_datetime(serial, unit="D", origin="1899-12-30").dt.floor("D")
        parsed = parsed.where(serial.isna(), days)
    in_range = parsed.dt.year.between(_FIRST_YEAR, _LAST_YEAR)
    return parsed.where(in_range)


@dataclass
class Cases:
    """A cases file read and typed: text columns, parsed dates and the issues found."""

    validated: Validated
    frame: pd.DataFrame  # every CASES field (None where the file lacks the column) + ROW
    dates: pd.DataFrame  # DATE_FIELDS as datetime64 (NaT: blank or unreadable)
    bad_dates: pd.DataFrame  # DATE_FIELDS, True where a cell could not be read as a date
    issues: pd.DataFrame  # ISSUE_COLUMNS, in file order

    def header(self, name: str) -> str:
        return self.validated.table.header(name)


def read_cases(
    path: str | Path, *, sheet: str | None = None, lang: Lang = "zh", as_of: date | None = None
) -> Cases:
    """Read a cases file; every cell that is not a date in a date column is an issue."""
    validated = check_table(read_table(path, schema.CASES, sheet), lang=lang, as_of=as_of)
    typed = validated.members
    frame = typed.reindex(columns=[ROW, *(f.name for f in schema.CASES.fields)])
    frame = frame.astype(object).where(frame.notna(), None)
    stacked = parse_dates(pd.concat([frame[n] for n in DATE_FIELDS], ignore_index=True))
    parts = np.split(stacked.to_numpy(), len(DATE_FIELDS))
    dates = pd.DataFrame(dict(zip(DATE_FIELDS, parts, strict=True)), index=frame.index)
    bad = pd.DataFrame({name: frame[name].notna() & dates[name].isna() for name in DATE_FIELDS})
    table = validated.table
    records: list[dict[str, object]] = []
    for name in DATE_FIELDS:
        column = table.header(name)
        selected = frame.loc[bad[name], [ROW, name, "household_id"]]
        for row, cell, household in zip(*(selected[c].tolist() for c in selected), strict=True):
            value = str(cell)
            records.append(
                {
                    "code": "bad_date",
                    "severity": "error",
                    "sheet": table.sheet,
                    "row": int(row),
                    "column": column,
                    "field": name,
                    "value": value,
                    "household_id": household,
                    "message": render("bad_date", lang, column=column, value=value),
                }
            )
    issues = pd.concat(
        [validated.issues, pd.DataFrame(records, columns=ISSUE_COLUMNS)], ignore_index=True
    )
    position = {name: i for i, name in enumerate(table.frame.columns)}
    order = issues["field"].map(position).fillna(-1)
    issues = issues.assign(_position=order).sort_values(["row", "_position"], kind="stable")
    issues = issues.drop(columns="_position").reset_index(drop=True)
    return Cases(validated, frame, dates, bad, issues)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProcedureCase(_Model):
    """One case as of the as-of date (dates as ISO text; codes, not labels)."""

    row: int
    household_id: str | None
    head_name: str | None
    county: str | None
    township: str | None
    village: str | None
    kind: str | None  # identification / elimination
    channel: str | None  # self_application / cadre_screening / department_warning
    disaster: bool | None
    risk_type: str | None  # risk factor code
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


class ProcedureFinding(_Model):
    """One finding on one case, located at the cell to look at."""

    code: str
    severity: Severity
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


class TownshipSummary(_Model):
    cases: int
    open: int
    overdue: int
    findings: int
    by_step: dict[str, int]


class ProcedureSummary(_Model):
    cases: int
    by_kind: dict[str, int]
    by_step: dict[str, int]
    by_township: dict[str, TownshipSummary]  # "" for cases without 乡(镇)
    open: int
    overdue: int
    findings: dict[str, int]  # by code
    finding_errors: int
    finding_warnings: int
    unknown_step: int  # cases whose lead date is missing, unreadable or in the future
    data_errors: int
    data_warnings: int


class ProcedureResult(_Model):
    """``fanpin procedure``: every case, every finding, every data issue, the summary."""

    meta: Meta
    summary: ProcedureSummary
    cases: list[ProcedureCase]
    findings: list[ProcedureFinding]
    issues: list[Issue]

    def exit_code(self, fail_on: FailOn | None = None) -> int:
        """1 when the file has data errors, or findings at or above ``fail_on``; else 0."""
        if self.summary.data_errors:
            return 1
        if fail_on == "error" and self.summary.finding_errors:
            return 1
        if fail_on == "warning" and (self.summary.finding_errors or self.summary.finding_warnings):
            return 1
        return 0


def count_days(start: pd.Series, end: pd.Series, settings: ProcedureSettings) -> pd.Series:
    """Days after ``start`` up to and including ``end`` (NaN where either is missing).

    Calendar days, or with ``day_count = "working"`` Monday–Friday minus holidays.
    """
    if settings.day_count == "calendar":
        return (end - start).dt.days.astype("float64")
    result = pd.Series(np.nan, index=start.index)
    both = (start.notna() & end.notna()).to_numpy()
    if both.any():
        first = start[both].to_numpy().astype("datetime64[D]") + 1
        last = end[both].to_numpy().astype("datetime64[D]") + 1
        result[both] = np.busday_count(first, last, holidays=_holidays(settings))
    return result


def add_days(start: pd.Series, days: pd.Series, settings: ProcedureSettings) -> pd.Series:
    """The date ``days`` days after ``start`` in the profile's day count (NaT if unknown)."""
    result = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns]")
    known = (start.notna() & days.notna()).to_numpy()
    if not known.any():
        return result
    if settings.day_count == "calendar":
        result[known] = start[known] + pd.to_timedelta(days[known], unit="D")
        return result
    offsets = np.busday_offset(
        start[known].to_numpy().astype("datetime64[D]"),
        days[known].to_numpy().astype("int64"),
        roll="backward",
        holidays=_holidays(settings),
    )
    result[known] = pd.to_datetime(offsets)
    return result


def _holidays(settings: ProcedureSettings) -> np.ndarray:
    return np.array(settings.holidays, dtype="datetime64[D]")


class _Findings:
    """Collects findings as records: one per row where a mask holds."""

    def __init__(self, cases: Cases, lang: Lang) -> None:
        self.cases = cases
        self.lang = lang
        self.records: list[dict[str, Any]] = []

    def add(
        self,
        code: str,
        mask: pd.Series,
        field: str,
        value: pd.Series | None = None,
        **params: pd.Series | object,
    ) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        frame = self.cases.frame
        severity, _, _, zh, en = FINDINGS[code]
        template = zh if self.lang == "zh" else en
        column = self.cases.header(field)
        shown = (value if value is not None else _iso(self.cases.dates[field]))[mask]
        per_row = {k: v[mask].tolist() for k, v in params.items() if isinstance(v, pd.Series)}
        fixed = {k: v for k, v in params.items() if not isinstance(v, pd.Series)}
        located = frame.loc[mask, [ROW, "household_id", "kind", "township", "village"]]
        columns = [located[c].tolist() for c in located]
        for i, (row, household, kind, township, village, text) in enumerate(
            zip(*columns, shown.tolist(), strict=True)
        ):
            text = "" if text is None or text is pd.NaT else str(text)
            row_params = {k: ("" if v[i] is None else v[i]) for k, v in per_row.items()}
            self.records.append(
                {
                    "code": code,
                    "severity": severity,
                    "sheet": self.cases.validated.table.sheet,
                    "row": int(row),
                    "column": column,
                    "field": field,
                    "value": text,
                    "household_id": household,
                    "kind": schema.CASE_KINDS.get(kind or ""),
                    "township": township,
                    "village": village,
                    "message": template.format(column=column, value=text, **fixed, **row_params),
                }
            )

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.records, columns=FINDING_COLUMNS)
        order = frame["field"].map({name: i for i, name in enumerate(DATE_FIELDS)})
        frame = frame.assign(_position=order).sort_values(["row", "_position"], kind="stable")
        return frame.drop(columns="_position").reset_index(drop=True)


def _iso(values: pd.Series) -> pd.Series:
    """Dates as 2021-03-05 text, None where missing."""
    text = np.datetime_as_string(values.to_numpy(dtype="datetime64[D]")).astype(object)
    text[values.isna().to_numpy()] = None
    return pd.Series(text, index=values.index, dtype=object)


def _day_text(values: pd.Series) -> pd.Series:
    return values.map(lambda d: "" if pd.isna(d) else f"{d:.0f}")


def _headers(cases: Cases, positions: pd.Series) -> pd.Series:
    """The header of STEPS[position] for each row (empty where the position is NaN)."""
    names = [cases.header(name) for name in STEPS]
    return positions.map(lambda p: "" if pd.isna(p) else names[int(p)])


def _unit(settings: ProcedureSettings, lang: Lang) -> str:
    if settings.day_count == "calendar":
        return "天" if lang == "zh" else "days"
    return "个工作日" if lang == "zh" else "working days"


def check_procedure(
    cases: Cases, settings: ProcedureSettings, as_of: date, lang: Lang, meta: Meta
) -> ProcedureResult:
    """Every case as of ``as_of``: current step, days against the limit, findings; summary."""
    frame, dates = cases.frame, cases.dates
    today = pd.Timestamp(as_of)
    zh = lang == "zh"
    unit = _unit(settings, lang)
    findings = _Findings(cases, lang)
    kind = frame["kind"].map(lambda v: schema.CASE_KINDS.get(v) if v else None)
    identification = kind.eq("identification")
    risk_code = frame["risk_type"].map(lambda v: schema.DECLARABLE_RISKS.get(v) if v else None)
    disaster = frame["disaster"].map(lambda v: None if v is None else bool(v))
    fast_track = identification & (disaster.eq(True) | risk_code.isin(settings.fast_track_risks))

    steps = dates[list(STEPS)]
    done = steps <= today
    done["notice_end"] = steps["notice_end"].lt(today)  # the notice runs through its last day
    lead = dates["lead_date"]
    lead_known = lead.notna() & lead.le(today)
    positions = np.arange(len(STEPS))
    reached = pd.Series(
        np.where(done.to_numpy(), positions, -1).max(axis=1, initial=-1), index=frame.index
    )
    pending = reached.clip(lower=0).map(lambda i: _PENDING[i])
    current = pending.where(lead_known & reached.ge(0), UNKNOWN_STEP)
    step_text = current.map(lambda s: STEP_LABELS[s][0 if zh else 1])
    approved = done["county_approval_date"]

    # Lead to county approval (or to the as-of date while open) against the limit.
    elapsed = count_days(lead, dates["county_approval_date"].where(approved, today), settings)
    elapsed = elapsed.where(lead_known)
    limit = pd.Series(np.nan, index=frame.index)
    limit[identification] = settings.deadline_days
    if settings.elimination_deadline_days is not None:
        limit[kind.eq("elimination")] = settings.elimination_deadline_days
    due = add_days(lead.where(lead_known), limit, settings)
    overdue = lead_known & limit.notna() & elapsed.gt(limit)
    days = _day_text(elapsed)
    if zh:
        took = "从线索到县级审定用了 " + days + " " + unit
        still = "线索日期起已过 " + days + " " + unit + "仍未县级审定（" + step_text + "）"
    else:
        took = "lead to county approval took " + days + " " + unit
        still = days + " " + unit + " since the lead and not yet approved (" + step_text + ")"
    findings.add(
        "overdue",
        overdue,
        "county_approval_date",
        detail=took.where(approved, still),
        limit=_day_text(limit),
        due=_iso(due),
        unit=unit,
    )
    if settings.home_check_days is not None:
        _check_home(cases, findings, settings, today, identification, lead_known, done, reached)

    # Dates after the as-of date; a started notice may name its planned last day.
    for name in DATE_FIELDS:
        future = dates[name].gt(today)
        if name == "notice_end":
            future &= ~done["notice_start"]
        findings.add("future_date", future, name, as_of=as_of.isoformat())

    _check_order(cases, findings, steps)

    start, end = dates["notice_start"], dates["notice_end"]
    notice_days = ((end - start).dt.days + 1).where(end.ge(start))
    short = notice_days.lt(settings.notice_min_days)
    findings.add(
        "notice_too_short",
        short,
        "notice_end",
        days=_day_text(notice_days),
        start=_iso(start),
        limit=settings.notice_min_days,
    )

    help_start, approval = dates["help_start_date"], dates["county_approval_date"]
    early = help_start.notna() & (approval.isna() | help_start.lt(approval))
    findings.add(
        "help_before_identification",
        identification & early & ~fast_track,
        "help_start_date",
        approval=_iso(approval).fillna("未审定" if zh else "not yet approved"),
    )

    found = findings.frame()
    codes_by_row = found.groupby("row")["code"].agg(lambda c: list(dict.fromkeys(c)))
    out = pd.DataFrame(
        {
            "row": frame[ROW].astype(int),
            "household_id": frame["household_id"],
            "head_name": frame["head_name"],
            "county": frame["county"],
            "township": frame["township"],
            "village": frame["village"],
            "kind": kind,
            "channel": frame["channel"].map(lambda v: schema.LEAD_CHANNELS.get(v) if v else None),
            "disaster": disaster,
            "risk_type": risk_code,
            "fast_track": fast_track.astype(bool),
            **{name: _iso(dates[name]) for name in DATE_FIELDS},
            "current_step": current,
            "approved": approved.astype(bool),
            "days_elapsed": elapsed.astype("Int64"),
            "limit_days": limit.astype("Int64"),
            "due_date": _iso(due),
            "overdue": overdue.astype(bool),
            "notice_days": notice_days.astype("Int64"),
        }
    )
    records = out.astype(object).where(out.notna(), None).to_dict("records")
    case_models = [
        ProcedureCase.model_validate({**record, "findings": codes_by_row.get(record["row"], [])})
        for record in records
    ]
    finding_models = [
        ProcedureFinding.model_validate(r)
        for r in found.astype(object).where(found.notna(), None).to_dict("records")
    ]
    issues = cases.issues
    issue_models = [
        Issue.model_validate(r)
        for r in issues.astype(object).where(issues.notna(), None).to_dict("records")
    ]
    summary = _summary(out, found, issues)
    return ProcedureResult(
        meta=meta, summary=summary, cases=case_models, findings=finding_models, issues=issue_models
    )


def _check_home(
    cases: Cases,
    findings: _Findings,
    settings: ProcedureSettings,
    today: pd.Timestamp,
    identification: pd.Series,
    lead_known: pd.Series,
    done: pd.DataFrame,
    reached: pd.Series,
) -> None:
    """Home verification within ``home_check_days`` of the lead (identification cases).

    An open case is late only while nothing after the lead is done: a later step
    without a home-check date is a ``missing_step`` instead.
    """
    limit = settings.home_check_days
    assert limit is not None
    lead, home = cases.dates["lead_date"], cases.dates["home_check_date"]
    home_done = done["home_check_date"]
    elapsed = count_days(lead, home.where(home_done, today), settings)
    late = (
        identification
        & lead_known
        & elapsed.gt(limit)
        & (home_done | reached.eq(STEPS.index("lead_date")))
    )
    unit = _unit(settings, findings.lang)
    days = _day_text(elapsed)
    if findings.lang == "zh":
        detail = ("线索后 " + days + " " + unit + "才入户核实").where(
            home_done, "线索日期起已过 " + days + " " + unit + "仍未入户核实"
        )
    else:
        detail = ("home check " + days + " " + unit + " after the lead").where(
            home_done, days + " " + unit + " since the lead and no home check yet"
        )
    due = add_days(lead, pd.Series(float(limit), index=lead.index), settings)
    findings.add(
        "home_check_late",
        late,
        "home_check_date",
        detail=detail,
        limit=limit,
        unit=unit,
        due=_iso(due),
    )


def _check_order(cases: Cases, findings: _Findings, steps: pd.DataFrame) -> None:
    """Steps dated before the dated step before them; empty steps before a dated one."""
    epoch = pd.Timestamp("1970-01-01")
    day_numbers = pd.DataFrame({n: (steps[n] - epoch).dt.days for n in STEPS}, dtype="float64")
    dated = day_numbers.notna().to_numpy()
    positions = np.arange(len(STEPS), dtype="float64")
    where_dated = pd.DataFrame(np.where(dated, positions, np.nan), index=steps.index)
    previous_day = day_numbers.ffill(axis=1).shift(1, axis=1)
    previous_position = where_dated.ffill(axis=1).shift(1, axis=1)
    present = dated | cases.bad_dates[list(STEPS)].to_numpy()  # unreadable: reported already
    where_present = pd.DataFrame(np.where(present, positions, np.nan), index=steps.index)
    later_position = where_present.bfill(axis=1).shift(-1, axis=1)
    for j, name in enumerate(STEPS):
        before = day_numbers[name].lt(previous_day[name])
        if before.any():
            previous = previous_position[j]
            findings.add(
                "out_of_order",
                before,
                name,
                previous=_headers(cases, previous),
                previous_value=_iso(epoch + pd.to_timedelta(previous_day[name], unit="D")),
            )
        if j == 0:
            continue  # a blank lead date is a missing_value issue of the file
        missing = pd.Series(~present[:, j], index=steps.index) & later_position[j].notna()
        if missing.any():
            findings.add(
                "missing_step",
                missing,
                name,
                pd.Series("", index=steps.index),
                later=_headers(cases, later_position[j]),
            )


def _summary(out: pd.DataFrame, found: pd.DataFrame, issues: pd.DataFrame) -> ProcedureSummary:
    order = [*_PENDING, UNKNOWN_STEP]

    def steps(values: pd.Series) -> dict[str, int]:
        counts = values.value_counts()
        return {s: int(counts[s]) for s in order if s in counts}

    township = out["township"].fillna("")
    found_township = found["township"].fillna("")
    is_open = out["current_step"].ne("approved")
    by_township = {
        str(name): TownshipSummary(
            cases=len(group),
            open=int(is_open[group.index].sum()),
            overdue=int(group["overdue"].sum()),
            findings=int(found_township.eq(name).sum()),
            by_step=steps(group["current_step"]),
        )
        for name, group in out.groupby(township, sort=False)
    }
    severity = found["severity"]
    by_code = found["code"].value_counts()
    return ProcedureSummary(
        cases=len(out),
        by_kind={str(k): int(v) for k, v in out["kind"].fillna("unknown").value_counts().items()},
        by_step=steps(out["current_step"]),
        by_township=by_township,
        open=int(is_open.sum()),
        overdue=int(out["overdue"].sum()),
        findings={code: int(by_code[code]) for code in FINDINGS if code in by_code},
        finding_errors=int(severity.eq("error").sum()),
        finding_warnings=int(severity.eq("warning").sum()),
        unknown_step=int(out["current_step"].eq(UNKNOWN_STEP).sum()),
        data_errors=int(issues["severity"].eq("error").sum()),
        data_warnings=int(issues["severity"].eq("warning").sum()),
    )


def _label(labels: dict[str, tuple[str, str]], code: object, zh: bool) -> object:
    if code is None:
        return None
    pair = labels.get(str(code))
    return code if pair is None else pair[0 if zh else 1]


def _yes(value: object, zh: bool) -> object:
    if value is None:
        return None
    return ("是" if value else "否") if zh else ("yes" if value else "no")


def cases_table(result: ProcedureResult, as_dates: bool = False) -> pd.DataFrame:
    """One labelled row per case (Chinese headers, or English with ``lang="en"``)."""
    zh = result.meta.lang == "zh"
    risks = {code: (zh_name, code) for zh_name, code in schema.DECLARABLE_RISKS.items()}
    findings = {code: (v[1], v[2]) for code, v in FINDINGS.items()}
    headers = {f.name: f.header if zh else f.label_en for f in schema.CASES.fields}

    def when(text: str | None) -> object:
        if text is None or not as_dates:
            return text
        return date.fromisoformat(text)

    rows = []
    for case in result.cases:
        row: dict[str, object] = {
            ("行号" if zh else "row"): case.row,
            headers["household_id"]: case.household_id,
            headers["head_name"]: case.head_name,
            headers["township"]: case.township,
            headers["village"]: case.village,
            headers["kind"]: _label(KIND_LABELS, case.kind, zh),
            headers["channel"]: _label(CHANNEL_LABELS, case.channel, zh),
            headers["risk_type"]: _label(risks, case.risk_type, zh),
            ("受灾先行帮扶" if zh else "disaster fast-track"): _yes(case.fast_track, zh),
        }
        for name in DATE_FIELDS:
            row[headers[name]] = when(getattr(case, name))
        row |= {
            ("当前环节" if zh else "current step"): _label(STEP_LABELS, case.current_step, zh),
            ("已用天数" if zh else "days elapsed"): case.days_elapsed,
            ("时限" if zh else "limit"): case.limit_days,
            ("应审定日期" if zh else "approval due"): when(case.due_date),
            ("是否超期" if zh else "overdue"): _yes(case.overdue, zh),
            ("公示天数" if zh else "notice days"): case.notice_days,
            ("发现问题" if zh else "findings"): "、".join(
                str(_label(findings, c, zh)) for c in case.findings
            ),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def findings_table(result: ProcedureResult) -> pd.DataFrame:
    zh = result.meta.lang == "zh"
    labels = {code: (v[1], v[2]) for code, v in FINDINGS.items()}
    columns = (
        ["问题", "级别", "行号", "列", "值", "户编号", "类型", "乡(镇)", "行政村", "说明"]
        if zh
        else ["finding", "severity", "row", "column", "value", "household ID", "kind",
              "township", "village", "message"]
    )  # fmt: skip
    rows = [
        [
            _label(labels, f.code, zh),
            ("错误" if f.severity == "error" else "提醒") if zh else f.severity,
            f.row,
            f.column,
            f.value,
            f.household_id,
            _label(KIND_LABELS, f.kind, zh),
            f.township,
            f.village,
            f.message,
        ]
        for f in result.findings
    ]
    return pd.DataFrame(rows, columns=columns)


def township_table(result: ProcedureResult) -> pd.DataFrame:
    """Cases per township and current step, with open, overdue and finding counts."""
    zh = result.meta.lang == "zh"
    steps = [s for s in (*_PENDING, UNKNOWN_STEP) if s in result.summary.by_step]
    rows: list[list[object]] = []
    for name, town in result.summary.by_township.items():
        line: list[object] = [name or ("（未填）" if zh else "(blank)"), town.cases]
        line += [town.by_step.get(s, 0) for s in steps]
        rows.append([*line, town.open, town.overdue, town.findings])
    summary = result.summary
    total: list[object] = ["合计" if zh else "total", summary.cases]
    total += [summary.by_step.get(s, 0) for s in steps]
    rows.append([*total, summary.open, summary.overdue, len(result.findings)])
    columns = (
        ["乡(镇)" if zh else "township", "案件数" if zh else "cases"]
        + [str(_label(STEP_LABELS, s, zh)) for s in steps]
        + (["未办结", "超期", "问题数"] if zh else ["open", "overdue", "findings"])
    )
    return pd.DataFrame(rows, columns=columns)


def parameters_table(result: ProcedureResult) -> pd.DataFrame:
    zh = result.meta.lang == "zh"
    meta = result.meta
    profile = meta.profile or {}
    settings = profile.get("procedure", {})
    items = [
        ("统计日期" if zh else "as of", meta.as_of),
        ("规则配置" if zh else "profile", f"{profile.get('name')} {profile.get('version')}"),
        ("配置指纹" if zh else "profile hash", profile.get("hash")),
        ("识别时限(天)" if zh else "identification limit (days)", settings.get("deadline_days")),
        (
            "消除时限(天)" if zh else "elimination limit (days)",
            settings.get("elimination_deadline_days") or ("不限" if zh else "none"),
        ),
        (
            "入户核实时限(天)" if zh else "home-check limit (days)",
            settings.get("home_check_days") or ("不限" if zh else "none"),
        ),
        ("计日方式" if zh else "day count", settings.get("day_count")),
        ("公示最少天数" if zh else "notice minimum (days)", settings.get("notice_min_days")),
        (
            "可先行帮扶的风险" if zh else "fast-track risks",
            "、".join(settings.get("fast_track_risks", [])),
        ),
        ("fanpin", meta.fanpin_version),
    ]
    for source in meta.inputs:
        items.append(("输入文件" if zh else "input file", f"{source.path} sha256 {source.sha256}"))
    return pd.DataFrame(items, columns=["项目", "值"] if zh else ["item", "value"])


def export_procedure(result: ProcedureResult, fmt: Format, path: Path | None) -> str | None:
    """JSON (exactly the library result), CSV (one row per case) or a workbook.

    Returns the text when ``path`` is None (for stdout); writes the file otherwise.
    """
    from fanpin.outputs.classify import issues_frame

    zh = result.meta.lang == "zh"
    if fmt in ("json", "csv"):
        text = to_json(result) if fmt == "json" else frame_to_csv(cases_table(result))
        if path is None:
            return text
        write_text(path, text, encoding="utf-8" if fmt == "json" else "utf-8-sig")
        return None
    if path is None:
        raise FanpinError("procedure as xlsx needs an output file: add -o NAME.xlsx")
    day = "yyyy-mm-dd"
    headers = {f.name: f.header if zh else f.label_en for f in schema.CASES.fields}
    formats = {headers[name]: day for name in DATE_FIELDS}
    formats["应审定日期" if zh else "approval due"] = day
    write_workbook(
        path,
        [
            (
                "程序进度" if zh else "cases",
                table_sheet(cases_table(result, as_dates=True), number_formats=formats),
            ),
            ("发现问题" if zh else "findings", table_sheet(findings_table(result))),
            ("乡镇汇总" if zh else "by township", table_sheet(township_table(result))),
            (
                "数据问题" if zh else "problems",
                table_sheet(issues_frame(result.issues, "zh" if zh else "en")),
            ),
            (
                "参数" if zh else "parameters",
                table_sheet(parameters_table(result), widths={"值": 90, "value": 90}),
            ),
        ],
    )
    return None


TEMPLATE_SHEET = "案件台账"
TEMPLATE_TITLE = "防止返贫监测对象识别和风险消除程序台账"
TEMPLATE_FIELDS: tuple[str, ...] = (
    "county",
    "township",
    "village",
    "household_id",
    "head_name",
    "kind",
    "channel",
    "disaster",
    "risk_type",
    *DATE_FIELDS,
    "note",
)
_SERIAL_HEADER = "序号"
_TEMPLATE_ROWS = 500
# field -> (required, how to fill it in, example)
_EXPLANATIONS: dict[str, tuple[str, str, str]] = {
    "county": ("否", "县(市、区)名称", "资兴市"),
    "township": ("建议填", "乡镇或街道名称；按乡镇汇总进度时使用", "唐洞街道"),
    "village": ("建议填", "行政村名称", "香花村"),
    "household_id": ("必填", "防止返贫监测信息系统中的户编号，按文本填写", "4310811010010001"),
    "head_name": ("建议填", "户主姓名", "张三"),
    "kind": ("必填", "识别（纳入监测对象）或 消除（风险消除）", "识别"),
    "channel": (
        "识别案件填写",
        "线索来源：农户自主申报、基层干部排查、部门筛查预警",
        "基层干部排查",
    ),
    "disaster": ("否", "是否因自然灾害受灾：是/否；受灾户可在县级审定前先行帮扶", "否"),
    "risk_type": ("建议填", "主要风险类型，与“致贫返贫风险”同一口径", "因病"),
    "lead_date": ("必填", "发现线索或农户申报的日期；时限从次日起算", "2021-03-01"),
    "home_check_date": ("办理后填", "完成入户核实的日期", "2021-03-02"),
    "comparison_date": ("办理后填", "完成部门信息比对的日期", "2021-03-03"),
    "appraisal_date": ("办理后填", "村级民主评议的日期", "2021-03-04"),
    "notice_start": ("办理后填", "村内公示的第一天", "2021-03-05"),
    "notice_end": (
        "办理后填",
        "村内公示的最后一天（计划结束日也可先填）；公示期首尾两天都计入",
        "2021-03-09",
    ),
    "township_review_date": ("办理后填", "乡镇审核的日期", "2021-03-10"),
    "county_approval_date": ("办理后填", "县级审定的日期", "2021-03-12"),
    "help_start_date": ("办理后填", "开始落实帮扶措施的日期", "2021-03-15"),
    "note": ("否", "其他说明", ""),
}


def write_cases_template(path: str | Path, settings: ProcedureSettings | None = None) -> None:
    """A blank cases workbook: titled sheet with every header, drop-down lists and date
    formats, and a 填表说明 sheet explaining each column and the limits that apply."""
    settings = settings or ProcedureSettings()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = TEMPLATE_SHEET
    headers = [_SERIAL_HEADER, *(schema.CASES.by_name[n].header for n in TEMPLATE_FIELDS)]
    _title_and_header(sheet, TEMPLATE_TITLE, headers)
    last = 2 + _TEMPLATE_ROWS
    lists = {
        "kind": ("识别", "消除"),
        "channel": tuple(schema.LEAD_CHANNELS),
        "disaster": (schema.YES, schema.NO),
        "risk_type": tuple(schema.DECLARABLE_RISKS),
    }
    for position, name in enumerate(TEMPLATE_FIELDS, start=2):
        letter = get_column_letter(position)
        if name in lists:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(lists[name]) + '"', allow_blank=True
            )
            validation.error = "请从下拉列表中选择"
            validation.add(f"{letter}3:{letter}{last}")
            sheet.add_data_validation(validation)
        number_format = "yyyy-mm-dd" if name in DATE_FIELDS else "@"
        if name in DATE_FIELDS or name == "household_id":
            for row in range(3, last + 1):
                sheet.cell(row=row, column=position).number_format = number_format
    guide = workbook.create_sheet("填表说明")
    guide.append(["列名", "是否必填", "填写说明", "示例"])
    for name in TEMPLATE_FIELDS:
        required, text, example = _EXPLANATIONS[name]
        guide.append([schema.CASES.by_name[name].header, required, text, example])
    guide.append([])
    unit = "个工作日" if settings.day_count == "working" else "天"
    notes = [
        "每行一个案件；同一户既有识别又有风险消除的，分两行填写。",
        "日期可填 2021-03-05、2021/3/5、20210305、2021年3月5日 或 Excel 日期；未办理的环节留空。",
        "程序顺序：线索 → 入户核实 → 信息比对 → 村级评议 → 村内公示 → 乡镇审核 → 县级审定。",
        f"识别时限：从线索日期次日起算，{settings.deadline_days} {unit}内完成县级审定。",
        f"公示期不少于 {settings.notice_min_days} 天，首尾两天都计入（如 3月5日至3月9日为5天）。",
        "受灾户可在县级审定前先行帮扶；其他案件先帮扶后审定的，检查时会提示核实。",
        "本表不填写身份证号码、联系电话、银行账号和健康状况。",
    ]
    if settings.home_check_days is not None:
        notes.insert(4, f"入户核实时限：线索日期后 {settings.home_check_days} {unit}内。")
    for note in notes:
        guide.append(["说明", "", note, ""])
    style_table(guide, ["列名", "是否必填", "填写说明", "示例"], {"填写说明": 70, "示例": 20}, {})
    guide.auto_filter.ref = None
    save_reproducible(workbook, Path(path))


def _title_and_header(sheet: Worksheet, title: str, headers: Sequence[str]) -> None:
    sheet.cell(row=1, column=1, value=title).font = Font(name=CJK_FONT, bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.row_dimensions[1].height = 28
    for position, text in enumerate(headers, start=1):
        sheet.cell(row=2, column=position, value=text)
    widths = {text: 12.0 for text in headers}
    widths.update({"户编号": 20.0, "序号": 6.0, "线索来源": 14.0, "备注": 20.0})
    style_table(sheet, headers, widths, {}, header_row=2)


@dataclass(frozen=True)
class PlantedCase:
    """A case of the example cases file planted for a check: the findings it must get.

    ``findings`` empty means the case sits on a boundary or is allowed (15 days
    exactly, a 5-day notice, a disaster fast-track) and must get none.
    """

    household_id: str
    kind: str
    row: int
    findings: tuple[str, ...]
    note: str


EXAMPLE_AS_OF = date(2021, 12, 31)
_CHANNEL_WEIGHTS = (0.3, 0.5, 0.2)  # 农户自主申报, 基层干部排查, 部门筛查预警
_DATE_STYLES = ("date", "date", "date", "date", "date", "iso", "slash", "compact", "number", "zh")


def write_example_cases(
    path: str | Path, members: pd.DataFrame, seed: int = 431081
) -> list[PlantedCase]:
    """The example workspace's cases file for ``members`` (fanpin.samples.roster), as of 2021-12-31.

    One identification case per monitored household (approved in its 识别监测时间
    month), one elimination case per eliminated household (approved in its 消除监测时间
    month), and open 2021-12 cases for households the roster does not monitor yet.
    Normal cases pass every check; the planted ones of the returned manifest get
    exactly the findings listed there. Dates are written as Excel dates and, on some
    rows, as the texts counties type (2021/3/5, 20210305, 2021年3月5日, a number).
    """
    rng = np.random.default_rng(seed)
    heads = members.loc[members["relation"].eq(schema.HEAD)].drop_duplicates("household_id")
    declared = heads[list(schema.RISK_COLUMNS)]
    heads = heads.assign(
        is_disaster=(declared == "因自然灾害").any(axis=1),
        main_risk=declared.iloc[:, 0],
    )
    cases: list[dict[str, Any]] = []
    recorded = heads.loc[heads["recorded_category"].notna() & heads["monitored_since"].notna()]
    for head in recorded.itertuples():
        lead = _month_day(str(head.monitored_since), int(rng.integers(0, 13)))
        case = _case(head, "识别", _schedule(lead, rng), rng)
        if head.is_disaster:
            case["help_start_date"] = lead + timedelta(days=1)
            case["_planted"] = ((), "受灾户县级审定前先行帮扶（允许，不提示）")
        cases.append(case)
    eliminated = heads.loc[
        heads["risk_eliminated"].eq(schema.YES) & heads["eliminated_month"].notna()
    ]
    for head in eliminated.itertuples():
        lead = _month_day(str(head.eliminated_month), int(rng.integers(0, 13)))
        case = _case(head, "消除", _schedule(lead, rng), rng)
        case["channel"] = case["help_start_date"] = None
        cases.append(case)
    scenarios = members.attrs.get("scenarios", {})
    open_ids = [*scenarios.get("missed_low_income", []), *scenarios.get("missed_sudden_drop", [])]
    for household_id in open_ids:
        found = heads.loc[heads["household_id"].eq(household_id)]
        if found.empty:
            continue
        lead = pd.Timestamp(2021, 12, 16) + timedelta(days=int(rng.integers(0, 13)))
        case = _case(next(found.itertuples()), "识别", _schedule(lead, rng), rng)
        case["help_start_date"] = None
        _cut_at(case, pd.Timestamp(EXAMPLE_AS_OF))
        cases.append(case)
    _plant(cases, rng)
    frame = pd.DataFrame(cases)
    township_order = {name: i for i, name in enumerate(dict.fromkeys(members["township"]))}
    frame = frame.assign(
        _town=frame["township"].map(township_order), _kind=frame["kind"].map({"识别": 0, "消除": 1})
    )
    frame = frame.sort_values(["_town", "village", "household_id", "_kind"], kind="stable")
    frame = frame.reset_index(drop=True)
    styles = rng.choice(_DATE_STYLES, size=len(frame))
    _write_cases(frame, styles, Path(path))
    manifest = [
        PlantedCase(
            str(row["household_id"]),
            schema.CASE_KINDS[row["kind"]],
            3 + index,
            tuple(row["_planted"][0]),
            row["_planted"][1],
        )
        for index, row in enumerate(frame.to_dict("records"))
        if isinstance(row["_planted"], tuple)
    ]
    return manifest


def _month_day(month: str, offset: int) -> pd.Timestamp:
    return pd.Timestamp(int(month[:4]), int(month[4:6]), 1) + timedelta(days=offset)


def _schedule(lead: pd.Timestamp, rng: np.random.Generator) -> dict[str, pd.Timestamp]:
    """Step dates after ``lead`` that meet every default rule (at most 15 days in all)."""
    gaps: dict[str, int] = {
        "home_check_date": int(rng.integers(1, 3)),
        "comparison_date": int(rng.integers(1, 3)),
        "appraisal_date": int(rng.integers(1, 3)),
        "notice_start": 1,
        "notice_end": int(rng.integers(4, 7)),  # a notice of 5 to 7 days
        "township_review_date": 1,
        "county_approval_date": int(rng.integers(0, 2)),
    }
    dates = {"lead_date": lead}
    current = lead
    for name, gap in gaps.items():
        current = current + timedelta(days=gap)
        dates[name] = current
    dates["help_start_date"] = current + timedelta(days=int(rng.integers(0, 7)))
    return dates


def _case(
    head: Any, kind: str, dates: dict[str, pd.Timestamp], rng: np.random.Generator
) -> dict[str, Any]:
    channels = tuple(schema.LEAD_CHANNELS)
    case: dict[str, Any] = {
        "county": head.county,
        "township": head.township,
        "village": head.village,
        "household_id": head.household_id,
        "head_name": head.name,
        "kind": kind,
        "channel": channels[int(rng.choice(len(channels), p=_CHANNEL_WEIGHTS))],
        "disaster": schema.YES if head.is_disaster else schema.NO,
        "risk_type": head.main_risk if isinstance(head.main_risk, str) else None,
        **dates,
        "note": None,
        "_planted": None,
    }
    if case["help_start_date"] > pd.Timestamp(EXAMPLE_AS_OF):
        case["help_start_date"] = None
    return case


def _cut_at(case: dict[str, Any], as_of: pd.Timestamp) -> None:
    """Blank the steps not yet done on ``as_of`` (keeping a started notice's planned end)."""
    started = case["notice_start"] <= as_of
    for name in STEPS:
        if case[name] > as_of and not (name == "notice_end" and started):
            case[name] = None


def _plant(cases: list[dict[str, Any]], rng: np.random.Generator) -> None:
    """Turn chosen cases into the planted findings and boundaries of the manifest."""
    plain = [
        c for c in cases if c["kind"] == "识别" and c["_planted"] is None and c["disaster"] == "否"
    ]
    approved = [
        c for c in plain if c["county_approval_date"] is not None and c["lead_date"].month > 1
    ]
    chosen = [approved[int(i)] for i in rng.choice(len(approved), size=7, replace=False)]
    late, boundary, disorder, gap, short, five_days, early = chosen

    late["lead_date"] = late["county_approval_date"] - timedelta(days=18)
    late["_planted"] = (("overdue",), "从线索到县级审定用了 18 天")
    boundary["lead_date"] = boundary["county_approval_date"] - timedelta(days=15)
    boundary["_planted"] = ((), "从线索到县级审定恰好 15 天（不超期）")
    disorder["comparison_date"] = disorder["home_check_date"] - timedelta(days=1)
    disorder["_planted"] = (("out_of_order",), "信息比对日期早于入户核实日期")
    gap["appraisal_date"] = None
    gap["_planted"] = (("missing_step",), "缺村级评议日期，之后的环节都已办理")
    short["notice_end"] = short["notice_start"] + timedelta(days=3)
    short["_planted"] = (("notice_too_short",), "公示仅 4 天")
    five_days["notice_end"] = five_days["notice_start"] + timedelta(days=4)
    five_days["_planted"] = ((), "公示恰好 5 天（首尾计入，合规）")
    early["help_start_date"] = early["lead_date"] + timedelta(days=2)
    early["_planted"] = (("help_before_identification",), "非受灾户县级审定前已开始帮扶")

    eliminations = [c for c in cases if c["kind"] == "消除" and c["lead_date"].month > 1]
    slow = eliminations[int(rng.integers(0, len(eliminations)))]
    slow["lead_date"] = slow["county_approval_date"] - timedelta(days=20)
    slow["_planted"] = ((), "风险消除用时 20 天：消除程序不设时限（profile 未设置）")

    open_cases = [c for c in cases if c["kind"] == "识别" and c["county_approval_date"] is None]
    stalled, typo = open_cases[0], open_cases[1]
    stalled |= {name: None for name in (*STEPS[1:], "help_start_date")}
    stalled["lead_date"] = pd.Timestamp(2021, 12, 1)
    stalled["home_check_date"] = pd.Timestamp(2021, 12, 3)
    stalled["comparison_date"] = pd.Timestamp(2021, 12, 6)
    stalled["_planted"] = (("overdue",), "12月1日的线索至年底仍未审定（停在待村级评议）")
    start = pd.Timestamp(2021, 12, 18)
    offsets = (0, 1, 2, 3, 4, 8, 9)
    typo |= {name: start + timedelta(days=d) for name, d in zip(STEPS, offsets, strict=False)}
    typo["county_approval_date"] = pd.Timestamp(2022, 12, 28)
    typo["help_start_date"] = None
    typo["_planted"] = (("future_date",), "县级审定日期误填为 2022-12-28")


def _write_cases(frame: pd.DataFrame, styles: np.ndarray, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = TEMPLATE_SHEET
    headers = [_SERIAL_HEADER, *(schema.CASES.by_name[n].header for n in TEMPLATE_FIELDS)]
    _title_and_header(sheet, f"资兴市{TEMPLATE_TITLE}（2021年）", headers)
    for index, (row, style) in enumerate(zip(frame.to_dict("records"), styles, strict=True)):
        line = 3 + index
        sheet.cell(row=line, column=1, value=index + 1)
        for position, name in enumerate(TEMPLATE_FIELDS, start=2):
            value = row[name]
            cell = sheet.cell(row=line, column=position)
            if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
                continue
            if name in DATE_FIELDS:
                cell.value, cell.number_format = _date_cell(pd.Timestamp(value), str(style))
            else:
                cell.value = value
                if name == "household_id":
                    cell.number_format = "@"
    save_reproducible(workbook, path)


def _date_cell(value: pd.Timestamp, style: str) -> tuple[object, str]:
    """A date the way a county clerk might have typed it in this row."""
    if style == "iso":
        return value.strftime("%Y-%m-%d"), "@"
    if style == "slash":
        return f"{value.year}/{value.month}/{value.day}", "@"
    if style == "compact":
        return value.strftime("%Y%m%d"), "@"
    if style == "number":
        return int(value.strftime("%Y%m%d")), "0"
    if style == "zh":
        return f"{value.year}年{value.month}月{value.day}日", "@"
    return value.to_pydatetime(), "yyyy-mm-dd"
