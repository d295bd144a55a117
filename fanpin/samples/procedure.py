"""The example cases file: identification and elimination cases of 2021 and the planted problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook

from fanpin.campaigns.procedure import DATE_FIELDS, STEPS
from fanpin.io import schema
from fanpin.outputs.templates import (
    SERIAL_HEADER,
    TEMPLATE_FIELDS,
    TEMPLATE_SHEET,
    TEMPLATE_TITLE,
    title_and_header,
)
from fanpin.outputs.write import (
    save_reproducible,
)


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
    # the first approved case not planted yet (no draw: the other plants stay where they are)
    review = next(c for c in approved if c["_planted"] is None)
    review["township_review_date"] = review["notice_end"]
    review["_planted"] = (("review_during_notice",), "乡镇审核日期是公示的最后一天（公示期内）")

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
    headers = [SERIAL_HEADER, *(schema.CASES.by_name[n].header for n in TEMPLATE_FIELDS)]
    title_and_header(sheet, f"资兴市{TEMPLATE_TITLE}（2021年）", headers)
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
