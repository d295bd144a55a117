"""Procedure results as JSON, CSV (the cases) or a workbook: cases, findings, townships,
problems and parameters, labelled in the run's language, readable on A4.

Every sheet is ``write.table_sheet``'s print view, as in every workbook: the columns
people act on first and alone in the print area, long text wrapped, widths from the
content, totals outside the filter, "（无）" under an empty header, the county, date
and page on every page. Problems and parameters are the sheets every command writes
(``tables.problems_view``, ``tables.item_view``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd

from fanpin import labels
from fanpin.campaigns.procedure import DATE_FIELDS, PENDING_STEPS, UNKNOWN_STEP, ProcedureResult
from fanpin.errors import FanpinError
from fanpin.io.issues import issue_records
from fanpin.io.messages import Lang
from fanpin.outputs.paper import parameters_sheet, problem_text, within_budget
from fanpin.outputs.tables import DAY, input_rows, item_view, problems_view
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    table_sheet,
    write_text,
    write_workbook,
)

Format = Literal["json", "csv", "xlsx"]

# The cases as they print: where, who, what kind, how far and how late (the step dates
# beyond the lead stay on screen, to the right of the print area).
CASE_PRINT_COLUMNS = (
    "row",
    "township",
    "village",
    "household_id",
    "head_name",
    "kind",
    "lead_date",
    "current_step",
    "days_elapsed",
    "limit_days",
    "due_date",
    "overdue",
    "findings",
)
# Widths (column units) at which long text wraps instead of widening the sheet.
CASE_WRAP = {"findings": 24.0}
FINDING_WRAP = {"message": 50.0, "column": 14.0}


def language(result: ProcedureResult) -> Lang:
    return "en" if result.meta.lang == "en" else "zh"


def cases_table(result: ProcedureResult, as_dates: bool = False) -> pd.DataFrame:
    """One labelled row per case (Chinese headers, or English with ``lang="en"``)."""
    lang = language(result)
    header = labels.labeller(labels.PROCEDURE_COLUMNS, lang)
    yes_no = labels.labeller(labels.YES_NO, lang)
    listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
    finding = labels.labeller(labels.PROCEDURE_FINDINGS, lang)

    def when(text: str | None) -> object:
        if text is None or not as_dates:
            return text
        return date.fromisoformat(text)

    def coded(table: labels.Labels, code: str | None) -> str | None:
        return None if code is None else labels.label(table, code, lang)

    def yes(value: bool | None) -> str | None:
        return None if value is None else yes_no["yes" if value else "no"]

    rows = []
    for case in issue_records(result.cases):
        row: dict[str, object] = {
            header["row"]: case["row"],
            header["household_id"]: case["household_id"],
            header["head_name"]: case["head_name"],
            header["township"]: case["township"],
            header["village"]: case["village"],
            header["kind"]: coded(labels.PROCEDURE_KINDS, case["kind"]),
            header["channel"]: coded(labels.LEAD_CHANNELS, case["channel"]),
            header["risk_type"]: coded(labels.RISK_FACTOR, case["risk_type"]),
            header["fast_track"]: yes(case["fast_track"]),
        }
        for name in DATE_FIELDS:
            row[header[name]] = when(case[name])
        row |= {
            header["current_step"]: coded(labels.PROCEDURE_STEPS, case["current_step"]),
            header["days_elapsed"]: case["days_elapsed"],
            header["limit_days"]: case["limit_days"],
            header["due_date"]: when(case["due_date"]),
            header["overdue"]: yes(case["overdue"]),
            header["notice_days"]: case["notice_days"],
            header["findings"]: listing.join(finding[c] for c in case["findings"]),
        }
        rows.append(row)
    columns = [header[name] for name in _CASE_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


_CASE_COLUMNS = (
    "row",
    "household_id",
    "head_name",
    "township",
    "village",
    "kind",
    "channel",
    "risk_type",
    "fast_track",
    *DATE_FIELDS,
    "current_step",
    "days_elapsed",
    "limit_days",
    "due_date",
    "overdue",
    "notice_days",
    "findings",
)


def cases_sheet(result: ProcedureResult) -> SheetWriter:
    """The cases as a sheet for people: real dates, the print view of CASE_PRINT_COLUMNS.

    The procedure workbook's 程序进度 (the county report prints ``cases_table`` its way)."""
    header = labels.labeller(labels.PROCEDURE_COLUMNS, language(result))
    formats = {header[name]: DAY for name in (*DATE_FIELDS, "due_date")}
    wrapped = {header[name]: width for name, width in CASE_WRAP.items()}
    sheet = table_sheet(
        cases_table(result, as_dates=True),
        widths=wrapped,
        number_formats=formats,
        print_columns=[header[name] for name in CASE_PRINT_COLUMNS],
        wrap=list(wrapped),
    )
    return within_budget(sheet, [*wrapped, header["head_name"], header["village"]])


def findings_table(result: ProcedureResult) -> pd.DataFrame:
    lang = language(result)
    header = labels.labeller(labels.PROCEDURE_COLUMNS, lang)
    finding = labels.labeller(labels.PROCEDURE_FINDINGS, lang)
    severity = labels.labeller(labels.SEVERITY, lang)
    kinds = labels.labeller(labels.PROCEDURE_KINDS, lang)
    found = result.findings
    columns = {
        "finding": found["code"].map(finding),
        "severity": found["severity"].map(severity),
        "row": found["row"],
        "column": found["column"],
        "value": found["value"],
        "household_id": found["household_id"],
        "kind": found["kind"].map(kinds),
        "township": found["township"],
        "village": found["village"],
        "message": found["message"],
    }
    return pd.DataFrame({header[name]: values for name, values in columns.items()})


def township_table(result: ProcedureResult) -> pd.DataFrame:
    """Cases per township and current step, with open, overdue and finding counts; a
    total row last. Townships in administrative-code order (``township_order``)."""
    lang = language(result)
    words = labels.labeller(labels.CAMPAIGN_WORDS, lang)
    total_word = labels.label(labels.PRINT_TEXTS, "total", lang)
    header = labels.labeller(labels.PROCEDURE_COLUMNS, lang)
    summary = result.summary
    steps = [s for s in (*PENDING_STEPS, UNKNOWN_STEP) if s in summary.by_step]
    rows: list[list[object]] = []
    for name, town in summary.by_township.items():
        line: list[object] = [name or words["blank"], town.cases]
        line += [town.by_step.get(s, 0) for s in steps]
        rows.append([*line, town.open, town.overdue, town.findings])
    total: list[object] = [total_word, summary.cases]
    total += [summary.by_step.get(s, 0) for s in steps]
    rows.append([*total, summary.open, summary.overdue, len(result.findings)])
    columns = [
        header["township"],
        header["cases"],
        *(labels.label(labels.PROCEDURE_STEPS, s, lang) for s in steps),
        header["open"],
        header["overdue_count"],
        header["finding_count"],
    ]
    return pd.DataFrame(rows, columns=columns)


def parameters_table(result: ProcedureResult) -> pd.DataFrame:
    """What produced the result: labelled keys, values in the run's language (the 参数
    sheet of every command: 项目, 内容)."""
    return item_view(parameters_rows(result), language(result)).frame


def parameters_rows(result: ProcedureResult) -> list[tuple[str, object]]:
    lang = language(result)
    meta = result.meta
    key = labels.labeller(labels.PROCEDURE_PARAMETERS, lang)
    item = labels.labeller(labels.PARAMETERS, lang)
    words = labels.labeller(labels.CAMPAIGN_WORDS, lang)
    profile = meta.profile or {}
    settings = profile.get("procedure", {})
    day_count = settings.get("day_count", "calendar")
    unit = labels.label(labels.PROCEDURE_PHRASES, day_count, lang)

    def days(name: str) -> str:
        value = settings.get(name)
        return words["no_limit"] if value is None else f"{value} {unit}"

    risks = [
        labels.label(labels.RISK_FACTOR, r, lang) for r in settings.get("fast_track_risks", [])
    ]
    listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
    none = labels.label(labels.PRINT_TEXTS, "none", lang)
    items: list[tuple[str, object]] = [
        (key["as_of"], meta.as_of),
        (key["profile"], f"{profile.get('name')} {profile.get('version')}"),
        (key["hash"], profile.get("hash")),
        (key["deadline_days"], days("deadline_days")),
        (key["elimination_deadline_days"], days("elimination_deadline_days")),
        (key["home_check_days"], days("home_check_days")),
        (key["day_count"], labels.label(labels.DAY_COUNTS, day_count, lang)),
        (key["notice_min_days"], settings.get("notice_min_days")),
        (key["fast_track_risks"], listing.join(risks) or none),
        (item["fanpin_version"], meta.fanpin_version),
    ]
    inputs = [source.model_dump(mode="json") for source in meta.inputs]
    return items + list(input_rows(inputs, lang))


def export_procedure(result: ProcedureResult, fmt: Format, path: Path | None) -> str | None:
    """JSON (exactly the library result), CSV (one row per case) or a workbook.

    Returns the text when ``path`` is None (for stdout); writes the file otherwise.
    """
    lang = language(result)
    if fmt in ("json", "csv"):
        text = json_text(result.to_dict()) if fmt == "json" else frame_to_csv(cases_table(result))
        if path is None:
            return text
        write_text(path, text, encoding="utf-8" if fmt == "json" else "utf-8-sig")
        return None
    if path is None:
        raise FanpinError(
            "procedure as xlsx needs an output file: add -o NAME.xlsx",
            zh="procedure 写出工作簿需要输出文件：请加 -o 文件名.xlsx",
        )
    sheet = labels.labeller(labels.PROCEDURE_SHEETS, lang)
    header = labels.labeller(labels.PROCEDURE_COLUMNS, lang)
    wrapped = {header[name]: width for name, width in FINDING_WRAP.items()}
    write_workbook(
        path,
        [
            (sheet["cases"], cases_sheet(result)),
            (
                sheet["findings"],
                within_budget(
                    table_sheet(findings_table(result), widths=wrapped, wrap=list(wrapped)),
                    list(wrapped),
                ),
            ),
            (sheet["townships"], within_budget(table_sheet(township_table(result), totals=1))),
            (
                sheet["problems"],
                within_budget(problems_view(result.issues, lang).sheet(), problem_text(lang)),
            ),
            (sheet["parameters"], parameters_sheet(parameters_rows(result), lang)),
        ],
    )
    return None
