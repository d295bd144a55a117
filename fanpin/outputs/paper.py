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
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import labels
from fanpin.io.messages import Lang
from fanpin.outputs.tables import item_view
from fanpin.outputs.write import LINE_POINTS, SheetWriter, fit_rows

# Width units one A4 landscape page holds at 8 pt when a unit is drawn 7 pt wide:
# 734 pt between the margins / 7 pt / 0.73 (11 pt × 0.73 = 8 pt) ≈ 143; 138 leaves room.
PRINT_BUDGET = 138.0
PORTRAIT_BUDGET = 94.0  # the same on a portrait page (its 505 pt between the margins)
ACROSS_SCALE = 80  # percent, for a sheet too wide for one page (write.MIN_SCALE is 75)
LEAST_WIDTH = 16.0  # a column narrowed to fit is never narrower than this
_WRAPPED = Alignment(vertical="top", wrap_text=True)


def within_budget(
    fill: SheetWriter,
    narrow: Sequence[str] = (),
    *,
    header_row: int = 1,
    budget: float = PRINT_BUDGET,
) -> SheetWriter:
    """``fill`` (a ``write.table_sheet``), then its print view kept within ``budget``
    width units by narrowing the ``narrow`` columns (by header) in proportion to what
    each can give, down to ``LEAST_WIDTH``; their text wraps and rows grow to hold it.
    A sheet still printed across pages prints at ``ACROSS_SCALE``."""

    def written(sheet: Worksheet) -> None:
        fill(sheet)
        headers = [cell.value for cell in sheet[header_row]]
        printed = _printed_columns(sheet, len(headers))
        widths = {
            column: float(sheet.column_dimensions[get_column_letter(column)].width or 8.43)
            for column in range(1, printed + 1)
        }
        over = sum(widths.values()) - budget
        shrinkable = {
            column: widths[column] - LEAST_WIDTH
            for column in range(1, printed + 1)
            if headers[column - 1] in narrow and widths[column] > LEAST_WIDTH
        }
        room = sum(shrinkable.values())
        if over > 0 and room > 0:
            share = min(1.0, over / room)
            for column, give in shrinkable.items():
                letter = get_column_letter(column)
                sheet.column_dimensions[letter].width = round(widths[column] - give * share, 1)
            _rewrap(sheet, header_row, len(headers), set(shrinkable))
            if over <= room:  # it fits one page width now
                _fit_to_width(sheet)
        portrait = sheet.page_setup.orientation == "portrait"
        if portrait and sum(widths.values()) > PORTRAIT_BUDGET:
            _fit_to_width(sheet)  # landscape: 8 pt where portrait would print smaller
        if not sheet.sheet_properties.pageSetUpPr.fitToPage:
            sheet.page_setup.scale = ACROSS_SCALE

    return written


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
