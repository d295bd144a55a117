"""The campaign workbooks' print budget, on top of ``write.table_sheet`` (to move there).

``write.print_ready`` fits a print view to one A4 width on Excel's measure (a
column-width unit is 7 px) and prints a wider one across pages at 75 %. LibreOffice
on a machine without Calibri (or its metric twin Carlito) draws a unit about a third
wider (7 pt), so the same sheet prints smaller there: a print view of 150 units
lands at 7.5 pt, and the 10-pt page header of a sheet at 75 % at 7.5 pt. The audit,
fund and procedure workbooks were checked page by page that way (issue 16), so
their print views keep within ``PRINT_BUDGET`` units — long-text columns narrow and
wrap, their rows grow — a portrait page holds ``PORTRAIT_BUDGET`` units (a wider
sheet turns landscape), and a sheet printed across pages does so at
``ACROSS_SCALE``: 11 pt prints at 8.8 pt and the page header at 8 pt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import labels
from fanpin.io.messages import Lang
from fanpin.outputs.tables import item_view
from fanpin.outputs.write import LINE_POINTS, MIN_WIDTH, SheetWriter, fit_rows, text_width

# Width units one A4 landscape page holds at 8 pt when a unit is drawn 7 pt wide:
# 734 pt between the margins / 7 pt / 0.73 (11 pt × 0.73 = 8 pt) ≈ 143; 138 leaves room.
PRINT_BUDGET = 138.0
PORTRAIT_BUDGET = 94.0  # the same on a portrait page (its 505 pt between the margins)
ACROSS_SCALE = 80  # percent, for a sheet too wide for one page (write.MIN_SCALE is 75)
LEAST_WIDTH = 12.0  # a column narrowed to fit is never narrower than this (5 characters)
_WRAPPED = Alignment(vertical="top", wrap_text=True)


def within_budget(
    fill: SheetWriter,
    narrow: Sequence[str] = (),
    *,
    header_row: int = 1,
    budget: float = PRINT_BUDGET,
) -> SheetWriter:
    """``fill`` (a ``write.table_sheet``), then its print view kept within ``budget``
    width units: first columns as wide as their header only (their header wraps onto a
    second line), then the ``narrow`` columns (by header), each in proportion to what it
    can give, down to ``LEAST_WIDTH``; their text wraps and rows grow to hold it. A
    sheet still printed across pages prints at ``ACROSS_SCALE``."""

    def written(sheet: Worksheet) -> None:
        fill(sheet)
        headers = [str(cell.value) for cell in sheet[header_row]]
        printed = _printed_columns(sheet, len(headers))
        widths = {
            column: float(sheet.column_dimensions[get_column_letter(column)].width or 8.43)
            for column in range(1, printed + 1)
        }
        over = sum(widths.values()) - budget
        narrowed: set[int] = set()
        for least in (_header_bound(sheet, header_row, widths), _narrowable(headers, narrow)):
            room = {c: widths[c] - w for c, w in least.items() if widths[c] > w}
            if over <= 0 or not room:
                continue
            share = min(1.0, over / sum(room.values()))
            for column, give in room.items():
                widths[column] = round(widths[column] - give * share, 1)
                sheet.column_dimensions[get_column_letter(column)].width = widths[column]
            narrowed |= set(room)
            over = sum(widths.values()) - budget
        if narrowed:
            _rewrap(sheet, header_row, len(headers), narrowed)
            if over <= 0:  # it fits one page width now
                _fit_to_width(sheet)
        portrait = sheet.page_setup.orientation == "portrait"
        if portrait and sum(widths.values()) > PORTRAIT_BUDGET:
            _fit_to_width(sheet)  # landscape: 8 pt where portrait would print smaller
        if not sheet.sheet_properties.pageSetUpPr.fitToPage:
            sheet.page_setup.scale = ACROSS_SCALE

    return written


def _narrowable(headers: Sequence[str], narrow: Sequence[str]) -> dict[int, float]:
    return {i: LEAST_WIDTH for i, text in enumerate(headers, start=1) if text in narrow}


def _header_bound(sheet: Worksheet, header_row: int, widths: dict[int, float]) -> dict[int, float]:
    """The width each printed column needs for its values, with its header on two lines:
    less than its width where the header alone made it that wide."""
    needed: dict[int, float] = {}
    for column in widths:
        values = (
            cell.value
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=column, max_col=column)
            if cell.value is not None
        )
        content = max((text_width(_shown(v)) for v in values), default=0.0)
        header = str(sheet.cell(row=header_row, column=column).value or "")
        half = text_width(header[: (len(header) + 1) // 2])  # the longer half, on a line
        needed[column] = max(content + 2, half + 2, MIN_WIDTH)
    return needed


def _shown(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float | Decimal):
        return f"{value:,.2f}"
    return str(value)


def _printed_columns(sheet: Worksheet, columns: int) -> int:
    """How many leading columns print: the print area's, else every column."""
    area = sheet.print_area
    if not area:
        return columns
    last = str(area).split("!")[-1].replace("$", "")
    _, _, max_column, _ = range_boundaries(last)
    return int(max_column or columns)


def _rewrap(sheet: Worksheet, header_row: int, columns: int, narrowed: set[int]) -> None:
    """Narrowed columns wrap; every wrapped row is as tall as its longest text."""
    first = header_row + 1
    if sheet.max_row < first:
        return
    wrapped = set(narrowed)
    for cell in sheet[first][:columns]:
        if cell.alignment is not None and cell.alignment.wrap_text:
            wrapped.add(cell.column)
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=columns):
        for cell in row:
            if cell.column in narrowed:
                cell.alignment = _WRAPPED
    fit_rows(sheet, header_row, header_row, range(1, columns + 1), line=LINE_POINTS + 1)
    fit_rows(sheet, first, sheet.max_row, sorted(wrapped))


def _fit_to_width(sheet: Worksheet) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    setup.scale = None
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # repeated columns: one page across


def problem_text(lang: Lang) -> list[str]:
    """The long-text columns of a problems sheet (``tables.problems_view``), to narrow."""
    keys = ("message", "value", "kind", "file", "source")
    return [labels.label(labels.PROBLEM_COLUMNS, key, lang) for key in keys]


def parameters_sheet(rows: Sequence[tuple[str, Any]], lang: Lang) -> SheetWriter:
    """The 参数 sheet every command writes (``tables.item_view``), within the budget."""
    view = item_view(rows, lang)
    return within_budget(view.sheet(), [str(c) for c in view.frame.columns])
