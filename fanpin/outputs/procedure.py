"""Procedure results as JSON, CSV (the cases) or a workbook: cases, findings, townships,
problems and parameters, labelled in the run's language, readable on A4.

Also home to ``readable_sheet``, the print view the procedure and fund writers share:
the columns people act on first and alone in the print area, long text wrapped,
widths from the content, totals outside the filter, "（无）" under an empty header.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import labels
from fanpin.campaigns.procedure import DATE_FIELDS, PENDING_STEPS, UNKNOWN_STEP, ProcedureResult
from fanpin.errors import FanpinError
from fanpin.io.issues import ISSUE_COLUMNS, issue_records
from fanpin.io.messages import Lang
from fanpin.outputs.classify import ISSUE_HEADERS, issues_frame
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    table_sheet,
    write_text,
    write_workbook,
)

Format = Literal["json", "csv", "xlsx"]
DAY = "yyyy-mm-dd"

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
PROBLEM_PRINT_COLUMNS = ("severity", "row", "column", "value", "household_id", "message")
PROBLEM_WRAP = 60.0
MIN_WIDTH = 5.0
LINE_POINTS = 15.0  # the height of one line of 11 pt text
WIDE_TEXT = 1.1  # text renders up to a tenth wider than its column units suggest
SIDE_MARGIN = 0.4  # inches: A4 landscape then holds about 150 column units at 8 pt


def language(result: ProcedureResult) -> Lang:
    return "en" if result.meta.lang == "en" else "zh"


def cases_table(result: ProcedureResult, as_dates: bool = False) -> pd.DataFrame:
    """One labelled row per case (Chinese headers, or English with ``lang="en"``)."""
    lang = language(result)
    header = labels.labeller(labels.PROCEDURE_COLUMNS, lang)
    words = labels.labeller(labels.CAMPAIGN_WORDS, lang)
    finding = labels.labeller(labels.PROCEDURE_FINDINGS, lang)

    def when(text: str | None) -> object:
        if text is None or not as_dates:
            return text
        return date.fromisoformat(text)

    def coded(table: labels.Labels, code: str | None) -> str | None:
        return None if code is None else labels.label(table, code, lang)

    def yes(value: bool | None) -> str | None:
        return None if value is None else words["yes" if value else "no"]

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
            header["risk_type"]: coded(labels.CASE_RISKS, case["risk_type"]),
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
            header["findings"]: words["list"].join(finding[c] for c in case["findings"]),
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

    The procedure workbook's 程序进度 and the county report's 程序 sheet."""
    header = labels.labeller(labels.PROCEDURE_COLUMNS, language(result))
    formats = {header[name]: DAY for name in (*DATE_FIELDS, "due_date")}
    return readable_sheet(
        cases_table(result, as_dates=True),
        print_columns=[header[name] for name in CASE_PRINT_COLUMNS],
        wrap={header[name]: width for name, width in CASE_WRAP.items()},
        number_formats=formats,
        lang=language(result),
    )


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
    header = labels.labeller(labels.PROCEDURE_COLUMNS, lang)
    summary = result.summary
    steps = [s for s in (*PENDING_STEPS, UNKNOWN_STEP) if s in summary.by_step]
    rows: list[list[object]] = []
    for name, town in summary.by_township.items():
        line: list[object] = [name or words["blank"], town.cases]
        line += [town.by_step.get(s, 0) for s in steps]
        rows.append([*line, town.open, town.overdue, town.findings])
    total: list[object] = [words["total"], summary.cases]
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
    """What produced the result: labelled keys, values in the run's language."""
    lang = language(result)
    meta = result.meta
    key = labels.labeller(labels.PROCEDURE_PARAMETERS, lang)
    words = labels.labeller(labels.CAMPAIGN_WORDS, lang)
    profile = meta.profile or {}
    settings = profile.get("procedure", {})
    day_count = settings.get("day_count", "calendar")
    unit = labels.label(labels.PROCEDURE_PHRASES, day_count, lang)

    def days(name: str) -> str:
        value = settings.get(name)
        return words["no_limit"] if value is None else f"{value} {unit}"

    risks = [labels.label(labels.CASE_RISKS, r, lang) for r in settings.get("fast_track_risks", [])]
    items: list[tuple[str, object]] = [
        (key["as_of"], meta.as_of),
        (key["profile"], f"{profile.get('name')} {profile.get('version')}"),
        (key["hash"], profile.get("hash")),
        (key["deadline_days"], days("deadline_days")),
        (key["elimination_deadline_days"], days("elimination_deadline_days")),
        (key["home_check_days"], days("home_check_days")),
        (key["day_count"], labels.label(labels.DAY_COUNTS, day_count, lang)),
        (key["notice_min_days"], settings.get("notice_min_days")),
        (key["fast_track_risks"], words["list"].join(risks) or words["none"]),
        (key["fanpin"], meta.fanpin_version),
    ]
    for source in meta.inputs:
        shown = key["input_value"].format(path=source.path, sha256=source.sha256)
        items.append((key["input"], shown))
    return pd.DataFrame(items, columns=[words["item"], words["value"]])


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
        raise FanpinError("procedure as xlsx needs an output file: add -o NAME.xlsx")
    sheet = labels.labeller(labels.PROCEDURE_SHEETS, lang)
    header = labels.labeller(labels.PROCEDURE_COLUMNS, lang)
    write_workbook(
        path,
        [
            (sheet["cases"], cases_sheet(result)),
            (
                sheet["findings"],
                readable_sheet(
                    findings_table(result),
                    wrap={header[name]: width for name, width in FINDING_WRAP.items()},
                    lang=lang,
                ),
            ),
            (sheet["townships"], readable_sheet(township_table(result), totals=1, lang=lang)),
            (sheet["problems"], problems_sheet(result.issues, lang)),
            (sheet["parameters"], parameters_sheet(parameters_table(result), lang)),
        ],
    )
    return None


def problems_sheet(issues: pd.DataFrame, lang: Lang) -> SheetWriter:
    """The data problems of an input: severity, row, column, value, household and the
    message (wrapped) print; the code, sheet and field stay on screen."""
    frame = issues_frame(issues, lang)
    header = dict(zip(ISSUE_COLUMNS, ISSUE_HEADERS[lang], strict=True))
    return readable_sheet(
        frame,
        print_columns=[header[name] for name in PROBLEM_PRINT_COLUMNS],
        wrap={header["message"]: PROBLEM_WRAP, header["value"]: 24.0},
        lang=lang,
    )


def parameters_sheet(frame: pd.DataFrame, lang: Lang) -> SheetWriter:
    """Two columns, labelled key and value; long values wrap."""
    return readable_sheet(frame, wrap={str(frame.columns[1]): 80.0}, lang=lang)


def readable_sheet(
    frame: pd.DataFrame,
    *,
    lang: Lang,
    print_columns: Sequence[str] = (),
    wrap: Mapping[str, float] | None = None,
    number_formats: Mapping[str, str] | None = None,
    totals: int = 0,
) -> SheetWriter:
    """``write.table_sheet`` of ``frame``, made readable on A4 at ≥ 8 pt.

    ``print_columns`` (the columns people act on) move to the front and are the
    print area; the others stay on screen. Widths come from the content (a
    Chinese character counts two); a column of ``wrap`` stops at its width and
    wraps, every other column is as wide as its widest value, so IDs print whole.
    The ``totals`` last rows stay outside the autofilter; an empty table shows
    "（无）" under its header. Landscape A4, one page wide.
    """
    wrap = dict(wrap or {})
    formats = dict(number_formats or {})
    printed = [str(c) for c in print_columns if c in frame.columns]
    if printed:
        frame = frame[[*printed, *(c for c in frame.columns if c not in printed)]]
    widths = {str(c): content_width(frame[c], str(c), formats.get(str(c))) for c in frame.columns}
    widths |= {c: min(width, wrap[c]) for c, width in widths.items() if c in wrap}
    fill = table_sheet(frame, widths=widths, number_formats=formats)

    def styled(sheet: Worksheet) -> None:
        fill(sheet)
        header_row = _header_row(sheet)
        last_column = get_column_letter(max(len(frame.columns), 1))
        if frame.empty:
            _none_row(sheet, header_row, len(frame.columns), lang)
        else:
            wrapped = [i for i, c in enumerate(frame.columns, start=1) if str(c) in wrap]
            for column in wrapped:
                for (cell,) in sheet.iter_rows(
                    min_row=header_row + 1, min_col=column, max_col=column
                ):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            _grow_rows(sheet, header_row, {c: widths[str(frame.columns[c - 1])] for c in wrapped})
            if totals:
                last = sheet.max_row - totals
                sheet.auto_filter.ref = f"A{header_row}:{last_column}{last}"
        setup = sheet.page_setup
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.orientation = "landscape"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        margins = sheet.page_margins
        margins.left = margins.right = SIDE_MARGIN
        print_last = get_column_letter(len(printed)) if printed else last_column
        sheet.print_area = f"A1:{print_last}{sheet.max_row}"

    return styled


def _grow_rows(sheet: Worksheet, header_row: int, wrapped: Mapping[int, float]) -> None:
    """Rows as tall as their wrapped text: Excel and LibreOffice keep a row written
    without a height at one line, which would cut the text off on paper."""
    if not wrapped:
        return
    for row in range(header_row + 1, sheet.max_row + 1):
        lines = 1
        for column, width in wrapped.items():
            value = sheet.cell(row=row, column=column).value
            units, room = text_width(str(value or "")), max(width - 2, 1)
            if units > room:  # it wraps: allow for a renderer that draws text wider
                lines = max(lines, math.ceil(WIDE_TEXT * units / room))
        if lines > 1:
            sheet.row_dimensions[row].height = LINE_POINTS * lines
            for cell in sheet[row]:
                if cell.column not in wrapped:
                    cell.alignment = Alignment(vertical="top")  # level with the wrapped text


def _header_row(sheet: Worksheet) -> int:
    """The header's row: the one above the frozen pane that ``table_sheet`` sets."""
    pane = sheet.freeze_panes or "A2"
    return int(re.sub(r"\D", "", pane)) - 1


def _none_row(sheet: Worksheet, header_row: int, columns: int, lang: Lang) -> None:
    row = header_row + 1
    cell = sheet.cell(row=row, column=1, value=labels.label(labels.CAMPAIGN_WORDS, "none", lang))
    cell.alignment = Alignment(horizontal="center")
    cell.font = Font(italic=True, color="808080")
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def text_width(text: str) -> int:
    """Width in column units: a Chinese character is two digits wide."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def content_width(values: pd.Series, header: str, number_format: str | None = None) -> float:
    """The column's width: its widest value as shown, the header on up to two lines."""
    shown = values.dropna().map(lambda v: _shown(v, number_format))
    content = max((text_width(t) for t in shown), default=0)
    heading = text_width(header)
    if heading > content:  # a long header wraps onto two lines before the column widens
        heading = max(content, (heading + 1) // 2)
    return float(max(content, heading, MIN_WIDTH - 2) + 2)


def _shown(value: Any, number_format: str | None) -> str:
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, Decimal | float) and number_format and "0.00" in number_format:
        return f"{value:,.2f}"
    return str(value)
