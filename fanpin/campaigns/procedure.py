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
- ``review_during_notice``: the township review dated on the notice's last day (the
  notice runs through it, so the review comes after; earlier is ``out_of_order``);
- ``future_date``: a date after the as-of date (the planned end of a notice that
  has started is allowed);
- ``help_before_identification``: help began before county approval, for a case
  that is not a disaster fast-track (是否受灾 = 是, or a 风险类型 in the profile's
  ``fast_track_risks``): those may be helped first and are not flagged.

Days are counted from the day after the lead (lead 3/1, approval 3/16 is 15 days).
Every check is a mask over whole columns; ``io.validate.IssueCollector`` locates
and words the findings (labels and messages: ``labels.PROCEDURE_FINDINGS`` and
``labels.PROCEDURE_FINDING_MESSAGES``) only for the rows a mask holds for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Formatter
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from fanpin import labels
from fanpin.io import schema
from fanpin.io.dates import parse_dates
from fanpin.io.issues import ISSUE_COLUMNS, issue_records
from fanpin.io.messages import Lang, Severity, render
from fanpin.io.models import Meta
from fanpin.io.places import township_order
from fanpin.io.read import ROW, read_table
from fanpin.io.validate import IssueCollector, Validated, check_table
from fanpin.rules.profiles import ProcedureSettings

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
# The step a case waits for, by the furthest step done (index into STEPS).
PENDING_STEPS = (
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

# Finding code -> severity; labels and messages are labels.PROCEDURE_FINDINGS and
# labels.PROCEDURE_FINDING_MESSAGES. The order is the summary's.
FINDING_SEVERITY: dict[str, Severity] = {
    "overdue": "warning",
    "home_check_late": "warning",
    "out_of_order": "error",
    "missing_step": "error",
    "notice_too_short": "error",
    "review_during_notice": "error",
    "future_date": "error",
    "help_before_identification": "warning",
}

# A finding is an issue of the cases file with the case's kind, township and village:
# ``ISSUE_COLUMNS`` with those three before the message (``IssueCollector``'s ``carry``).
FINDING_CARRY = ("kind", "township", "village")
FINDING_COLUMNS: dict[str, str] = {
    **{name: kind for name, kind in ISSUE_COLUMNS.items() if name != "message"},
    **dict.fromkeys(FINDING_CARRY, "text"),
    "message": "text",
}

# One row per case as of the as-of date: codes, not labels; dates as ISO text.
CASE_COLUMNS: dict[str, str] = {
    "row": "int",
    "household_id": "text",
    "head_name": "text",
    "county": "text",
    "township": "text",
    "village": "text",
    "kind": "text",  # identification / elimination
    "channel": "text",  # self_application / cadre_screening / department_warning
    "disaster": "bool",
    "risk_type": "text",  # risk factor code
    "fast_track": "bool",
    **dict.fromkeys(DATE_FIELDS, "date"),
    "current_step": "text",
    "approved": "bool",
    "days_elapsed": "int",
    "limit_days": "int",
    "due_date": "date",
    "overdue": "bool",
    "notice_days": "int",
    "findings": "list",  # finding codes, in the order found
}


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
        [validated.issues, pd.DataFrame(records, columns=list(ISSUE_COLUMNS))], ignore_index=True
    )
    position = {name: i for i, name in enumerate(table.frame.columns)}
    order = issues["field"].map(position).fillna(-1)
    issues = issues.assign(_position=order).sort_values(["row", "_position"], kind="stable")
    issues = issues.drop(columns="_position").reset_index(drop=True)
    return Cases(validated, frame, dates, bad, issues)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


@dataclass
class ProcedureResult:
    """``fanpin procedure``: every case, every finding, every data issue, the summary."""

    meta: Meta
    summary: ProcedureSummary
    cases: pd.DataFrame  # CASE_COLUMNS, in file order
    findings: pd.DataFrame  # FINDING_COLUMNS, in file order (row, then step)
    issues: pd.DataFrame  # issues.ISSUE_COLUMNS: problems of the cases file, in file order

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: meta, summary, cases, findings (codes, not labels), issues."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary.model_dump(mode="json"),
            "cases": issue_records(self.cases),
            "findings": issue_records(self.findings),
            "issues": issue_records(self.issues),
        }


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


def _collector(cases: Cases, kind: pd.Series, lang: Lang) -> IssueCollector:
    """Findings located like issues: a date cell shows its ISO date, a case carries its
    kind code, township and village."""
    located = cases.frame.assign(
        kind=kind, **{name: _iso(cases.dates[name]) for name in DATE_FIELDS}
    )
    messages = {
        code: (severity, *labels.PROCEDURE_FINDING_MESSAGES[code])
        for code, severity in FINDING_SEVERITY.items()
    }
    return IssueCollector(cases.validated.table, located, lang, messages, carry=FINDING_CARRY)


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


def _fill(template: str, index: pd.Index, **values: pd.Series | str) -> pd.Series:
    """``template`` with its ``{placeholders}`` filled from columns, for every row at once."""
    filled = pd.Series("", index=index, dtype=object)
    for literal, name, _, _ in Formatter().parse(template):
        filled = filled + literal
        if name is not None:
            filled = filled + values[name]
    return filled


@dataclass
class _Progress:
    """Where each case stands on the as-of date, column by column."""

    kind: pd.Series  # identification / elimination / None
    identification: pd.Series
    disaster: pd.Series  # True / False / None
    risk_type: pd.Series  # risk factor code
    fast_track: pd.Series
    done: pd.DataFrame  # STEPS: done by the as-of date (a notice through its last day)
    reached: pd.Series  # index into STEPS of the furthest step done, -1 for none
    lead_known: pd.Series  # a lead date on or before the as-of date
    current: pd.Series  # PENDING_STEPS code, or UNKNOWN_STEP
    approved: pd.Series


def _progress(cases: Cases, settings: ProcedureSettings, today: pd.Timestamp) -> _Progress:
    frame, steps = cases.frame, cases.dates[list(STEPS)]
    kind = frame["kind"].map(lambda v: schema.CASE_KINDS.get(v) if v else None)
    identification = kind.eq("identification")
    risk_type = frame["risk_type"].map(lambda v: schema.DECLARABLE_RISKS.get(v) if v else None)
    disaster = frame["disaster"].map(lambda v: None if v is None else bool(v))
    fast_track = identification & (disaster.eq(True) | risk_type.isin(settings.fast_track_risks))
    done = steps <= today
    done["notice_end"] = steps["notice_end"].lt(today)  # the notice runs through its last day
    lead = cases.dates["lead_date"]
    lead_known = lead.notna() & lead.le(today)
    positions = np.arange(len(STEPS))
    reached = pd.Series(
        np.where(done.to_numpy(), positions, -1).max(axis=1, initial=-1), index=frame.index
    )
    pending = reached.clip(lower=0).map(lambda i: PENDING_STEPS[i])
    current = pending.where(lead_known & reached.ge(0), UNKNOWN_STEP)
    approved = done["county_approval_date"]
    return _Progress(
        kind,
        identification,
        disaster,
        risk_type,
        fast_track,
        done,
        reached,
        lead_known,
        current,
        approved,
    )


@dataclass
class _Deadline:
    """Lead to county approval (or to the as-of date while open) against the limit."""

    elapsed: pd.Series  # days, NaN without a usable lead
    limit: pd.Series  # days, NaN where no limit applies
    due: pd.Series  # the last day for county approval
    overdue: pd.Series


def _deadline(
    cases: Cases, progress: _Progress, settings: ProcedureSettings, today: pd.Timestamp
) -> _Deadline:
    dates = cases.dates
    lead = dates["lead_date"]
    approval = dates["county_approval_date"].where(progress.approved, today)
    elapsed = count_days(lead, approval, settings).where(progress.lead_known)
    limit = pd.Series(np.nan, index=lead.index)
    limit[progress.identification] = settings.deadline_days
    if settings.elimination_deadline_days is not None:
        limit[progress.kind.eq("elimination")] = settings.elimination_deadline_days
    due = add_days(lead.where(progress.lead_known), limit, settings)
    overdue = progress.lead_known & limit.notna() & elapsed.gt(limit)
    return _Deadline(elapsed, limit, due, overdue)


def check_procedure(
    cases: Cases, settings: ProcedureSettings, as_of: date, lang: Lang, meta: Meta
) -> ProcedureResult:
    """Every case as of ``as_of``: current step, days against the limit, findings; summary."""
    today = pd.Timestamp(as_of)
    progress = _progress(cases, settings, today)
    deadline = _deadline(cases, progress, settings, today)
    findings = _collector(cases, progress.kind, lang)
    _check_overdue(findings, progress, deadline, settings)
    if settings.home_check_days is not None:
        _check_home(cases, findings, settings, today, progress)
    _check_future(cases, findings, progress, as_of)
    _check_order(cases, findings, cases.dates[list(STEPS)])
    notice_days = _check_notice(cases, findings, settings)
    _check_review_after_notice(cases, findings)
    _check_help(cases, findings, progress)
    found = findings.frame(order=DATE_FIELDS)
    out = _case_frame(cases, progress, deadline, notice_days, found)
    return ProcedureResult(meta, _summary(out, found, cases.issues), out, found, cases.issues)


def _check_overdue(
    findings: IssueCollector, progress: _Progress, deadline: _Deadline, settings: ProcedureSettings
) -> None:
    lang = findings.lang
    unit = labels.label(labels.PROCEDURE_PHRASES, settings.day_count, lang)
    days = _day_text(deadline.elapsed)
    step = progress.current.map(labels.labeller(labels.PROCEDURE_STEPS, lang))
    phrase = labels.labeller(labels.PROCEDURE_PHRASES, lang)
    took = _fill(phrase["approval_took"], days.index, days=days, unit=unit)
    still = _fill(phrase["approval_open"], days.index, days=days, unit=unit, step=step)
    findings.add(
        "overdue",
        deadline.overdue,
        "county_approval_date",
        detail=took.where(progress.approved, still),
        limit=_day_text(deadline.limit),
        due=_iso(deadline.due),
        unit=unit,
    )


def _check_future(cases: Cases, findings: IssueCollector, progress: _Progress, as_of: date) -> None:
    """Dates after the as-of date; a started notice may name its planned last day."""
    today = pd.Timestamp(as_of)
    for name in DATE_FIELDS:
        future = cases.dates[name].gt(today)
        if name == "notice_end":
            future &= ~progress.done["notice_start"]
        findings.add("future_date", future, name, as_of=as_of.isoformat())


def _check_notice(cases: Cases, findings: IssueCollector, settings: ProcedureSettings) -> pd.Series:
    """Notices of fewer than ``notice_min_days``, first and last day counted; the days."""
    start, end = cases.dates["notice_start"], cases.dates["notice_end"]
    notice_days = ((end - start).dt.days + 1).where(end.ge(start))
    findings.add(
        "notice_too_short",
        notice_days.lt(settings.notice_min_days),
        "notice_end",
        days=_day_text(notice_days),
        start=_iso(start),
        limit=settings.notice_min_days,
    )
    return notice_days


def _check_review_after_notice(cases: Cases, findings: IssueCollector) -> None:
    """A township review on the notice's last day: the notice runs through that day, so
    the review comes after it (an earlier review is ``out_of_order``)."""
    review, end = cases.dates["township_review_date"], cases.dates["notice_end"]
    findings.add(
        "review_during_notice", review.eq(end), "township_review_date", notice_end=_iso(end)
    )


def _check_help(cases: Cases, findings: IssueCollector, progress: _Progress) -> None:
    """Help before county approval, for identification cases that are not fast-tracked."""
    help_start = cases.dates["help_start_date"]
    approval = cases.dates["county_approval_date"]
    early = help_start.notna() & (approval.isna() | help_start.lt(approval))
    not_approved = labels.label(labels.PROCEDURE_PHRASES, "not_approved", findings.lang)
    findings.add(
        "help_before_identification",
        progress.identification & early & ~progress.fast_track,
        "help_start_date",
        approval=_iso(approval).fillna(not_approved),
    )


def _case_frame(
    cases: Cases,
    progress: _Progress,
    deadline: _Deadline,
    notice_days: pd.Series,
    found: pd.DataFrame,
) -> pd.DataFrame:
    """One row per case with CASE_COLUMNS, the codes of its findings included."""
    frame = cases.frame
    codes_by_row = found.groupby("row")["code"].agg(lambda c: list(dict.fromkeys(c)))
    rows = frame[ROW].astype(int)
    return pd.DataFrame(
        {
            "row": rows,
            "household_id": frame["household_id"],
            "head_name": frame["head_name"],
            "county": frame["county"],
            "township": frame["township"],
            "village": frame["village"],
            "kind": progress.kind,
            "channel": frame["channel"].map(lambda v: schema.LEAD_CHANNELS.get(v) if v else None),
            "disaster": progress.disaster,
            "risk_type": progress.risk_type,
            "fast_track": progress.fast_track.astype(bool),
            **{name: _iso(cases.dates[name]) for name in DATE_FIELDS},
            "current_step": progress.current,
            "approved": progress.approved.astype(bool),
            "days_elapsed": deadline.elapsed.astype("Int64"),
            "limit_days": deadline.limit.astype("Int64"),
            "due_date": _iso(deadline.due),
            "overdue": deadline.overdue.astype(bool),
            "notice_days": notice_days.astype("Int64"),
            "findings": rows.map(lambda r: codes_by_row.get(r, [])),
        },
        columns=list(CASE_COLUMNS),
    )


def _check_home(
    cases: Cases,
    findings: IssueCollector,
    settings: ProcedureSettings,
    today: pd.Timestamp,
    progress: _Progress,
) -> None:
    """Home verification within ``home_check_days`` of the lead (identification cases).

    An open case is late only while nothing after the lead is done: a later step
    without a home-check date is a ``missing_step`` instead.
    """
    limit = settings.home_check_days
    assert limit is not None
    lead, home = cases.dates["lead_date"], cases.dates["home_check_date"]
    home_done = progress.done["home_check_date"]
    elapsed = count_days(lead, home.where(home_done, today), settings)
    late = (
        progress.identification
        & progress.lead_known
        & elapsed.gt(limit)
        & (home_done | progress.reached.eq(STEPS.index("lead_date")))
    )
    lang = findings.lang
    unit = labels.label(labels.PROCEDURE_PHRASES, settings.day_count, lang)
    days = _day_text(elapsed)
    phrase = labels.labeller(labels.PROCEDURE_PHRASES, lang)
    took = _fill(phrase["home_check_took"], days.index, days=days, unit=unit)
    still = _fill(phrase["home_check_open"], days.index, days=days, unit=unit)
    due = add_days(lead, pd.Series(float(limit), index=lead.index), settings)
    findings.add(
        "home_check_late",
        late,
        "home_check_date",
        detail=took.where(home_done, still),
        limit=limit,
        unit=unit,
        due=_iso(due),
    )


def _check_order(cases: Cases, findings: IssueCollector, steps: pd.DataFrame) -> None:
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
    step_order = [*PENDING_STEPS, UNKNOWN_STEP]

    def steps(values: pd.Series) -> dict[str, int]:
        counts = values.value_counts()
        return {s: int(counts[s]) for s in step_order if s in counts}

    township = out["township"].fillna("")
    order = township_order(out.assign(township=township), blank="")
    rank = {name: position for position, name in enumerate(order)}
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
        for name, group in sorted(
            out.groupby(township, sort=False), key=lambda item: rank[str(item[0])]
        )
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
        findings={code: int(by_code[code]) for code in FINDING_SEVERITY if code in by_code},
        finding_errors=int(severity.eq("error").sum()),
        finding_warnings=int(severity.eq("warning").sum()),
        unknown_step=int(out["current_step"].eq(UNKNOWN_STEP).sum()),
        data_errors=int(issues["severity"].eq("error").sum()),
        data_warnings=int(issues["severity"].eq("warning").sum()),
    )
