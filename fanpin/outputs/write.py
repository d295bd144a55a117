"""Writing results: JSON, CSV and styled Excel, always atomically (temp file, then rename).

A killed run leaves the previous output (or none), never a half-written file.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from fanpin import labels as texts
from fanpin.io.files import atomic_path, write_text
from fanpin.io.messages import Lang
from fanpin.io.text import CONTROL

CJK_FONT = "等线"  # ships with Office and WPS; renders Chinese labels
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def json_text(document: dict[str, Any]) -> str:
    """JSON for scripts and for people: each item of a top-level list on one line.

    Households and issues are one line each (easy to grep and to diff); other
    values are indented. Unlike ``json.dumps(indent=2)``, which falls back to the
    pure-Python encoder, the lists are encoded in C: 3 × faster on a county.
    """
    try:
        return _json_text(document)
    except ValueError:  # an infinite or NaN number: JSON has none, so it becomes null
        return _json_text(_finite(document))


def _json_text(document: dict[str, Any]) -> str:
    parts = []
    for key, value in document.items():
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value:
            items = ",\n".join(
                "    " + json.dumps(v, ensure_ascii=False, allow_nan=False) for v in value
            )
            parts.append(f"  {name}: [\n{items}\n  ]")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
            text = text.replace("\n", "\n  ")
            parts.append(f"  {name}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n" if parts else "{}\n"


# Text Excel (or WPS, LibreOffice) would take for a formula when it opens a CSV.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def _finite(value: Any) -> Any:
    """``value`` with every infinite or NaN float replaced by None, at any depth."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def frame_to_csv(frame: pd.DataFrame) -> str:
    """CSV text in which no text cell can act as a formula (see ``csv_safe``)."""
    return str(csv_safe(frame).to_csv(index=False, lineterminator="\n"))


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that start with =, +, -, @, a tab or a carriage return get a leading
    apostrophe, so a spreadsheet shows them as text instead of running them (OWASP's
    CSV injection advice); numbers, and text that is just a number such as -5, stay.
    The caller's frame is left as it was."""
    changed: dict[int, np.ndarray] = {}
    for position, (_, column) in enumerate(frame.items()):
        if column.dtype.kind not in "OSUT" and not isinstance(column.dtype, pd.StringDtype):
            continue
        values = column.to_numpy(dtype=object)
        risky = [
            i
            for i, v in enumerate(values)
            if type(v) is str and v.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.match(v)
        ]
        if risky:
            safe_values = values.copy()
            safe_values[risky] = ["'" + values[i] for i in risky]
            changed[position] = safe_values
    if not changed:
        return frame
    safe = frame.copy()
    for position, safe_values in changed.items():
        safe.isetitem(position, safe_values)
    return safe


def write_csv(target: Path, frame: pd.DataFrame) -> None:
    """CSV with a BOM, so Excel opens Chinese text correctly by double-click; no formulas."""
    write_text(target, frame_to_csv(frame), encoding="utf-8-sig")


def records_frame(records: Sequence[BaseModel], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([r.model_dump(mode="json") for r in records], columns=list(columns))


SheetWriter = Callable[[Worksheet], None]


class StreamedSheet:
    """A sheet writer that writes its rows in order, each styled as it is written, so it
    fills a write-only sheet (rows streamed to disk, constant memory) as well as a normal
    one. ``write_workbook`` streams a workbook whose writers all are such.

    ``replayed`` wraps a writer that needs a normal sheet (random access: a short page
    such as 概览): it fills a scratch sheet, whose cells, sizes, page setup and charts are
    then written in order to the streamed sheet.
    """

    def __init__(self, fill: Callable[[Any], None], replayed: bool = False) -> None:
        self.fill = fill
        self.replayed = replayed

    def __call__(self, sheet: Worksheet) -> None:
        """Fill a normal sheet (a workbook that is not streamed)."""
        self.fill(sheet)

    def write(self, workbook: Workbook, title: str) -> None:
        """Add sheet ``title`` to a write-only ``workbook`` and fill it."""
        scratch = None
        if self.replayed:
            # Made before the sheet it is replayed to, so that it keeps ``title`` (openpyxl
            # renames a sheet whose title is taken): its charts' data references name it.
            scratch = Worksheet(workbook, title)  # not one of the workbook's sheets
            self.fill(scratch)
        sheet = workbook.create_sheet(title)
        if hasattr(sheet, "_values_to_row"):  # openpyxl's per-value conversion, skipped
            setattr(sheet, "_values_to_row", partial(_placed, sheet))  # noqa: B010
        if scratch is None:
            self.fill(sheet)
        else:
            _replay(scratch, sheet)


def write_workbook(target: Path, sheets: Sequence[tuple[str, SheetWriter]]) -> None:
    """A workbook of the given sheets, each filled by its writer, saved atomically.

    When every writer is a ``StreamedSheet`` the workbook is write-only: each sheet's
    rows go to disk as they are written, so a county's long sheets cost no memory.
    """
    if all(isinstance(fill, StreamedSheet) for _, fill in sheets):
        workbook = Workbook(write_only=True)
        try:
            for title, fill in sheets:
                assert isinstance(fill, StreamedSheet)
                fill.write(workbook, title)
            save_workbook(workbook, target)
        except BaseException:
            _discard(workbook)
            raise
        return
    else:
        workbook = Workbook()
        workbook.remove(workbook.worksheets[0])
        for title, fill in sheets:
            fill(workbook.create_sheet(title))
    save_workbook(workbook, target)


# What a page set up on a normal sheet carries over to its streamed copy (``_replay``).
_REPLAYED = (
    "sheet_properties",
    "views",
    "sheet_format",
    "column_dimensions",
    "row_dimensions",
    "row_breaks",
    "col_breaks",
    "merged_cells",
    "auto_filter",
    "print_options",
    "page_margins",
    "page_setup",
    "HeaderFooter",
    "_print_rows",
    "_print_cols",
    "_print_area",
    "_charts",
    "_images",
)


def _placed(sheet: Any, values: Sequence[Any], row: int) -> Iterator[Cell]:
    """A streamed row's cells, placed: what openpyxl's ``_values_to_row`` gives, without
    trying each ``Cell`` as a value first (an exception and a repr per styled cell)."""
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        cell = value if isinstance(value, Cell) else _styled(sheet, value, StyleArray())
        cell.row, cell.column = row, column
        yield cell


def _discard(workbook: Workbook) -> None:
    """Close the streams of a write-only workbook that will not be saved (its rows
    already went to temporary files), so nothing writes to them later."""
    for sheet in workbook.worksheets:
        rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
        with suppress(Exception):
            if rows is not None:
                rows.close()
            if writer is not None:
                writer.close()
                Path(writer.out).unlink()


def _replay(source: Worksheet, target: WriteOnlyWorksheet) -> None:
    """The cells of ``source`` written in order to ``target``, with its page and charts."""
    for name in _REPLAYED:
        setattr(target, name, getattr(source, name))
    width = source.max_column
    for row in source.iter_rows(min_row=1, max_row=source.max_row, max_col=width):
        cells: list[Any] = []
        for cell in row:
            if isinstance(cell, MergedCell):
                cells.append(None if not cell.has_style else _styled(target, None, cell._style))
            elif cell.value is None and not cell.has_style:
                cells.append(None)
            else:
                if cell.data_type == "f":  # text from an input, as save_workbook keeps it
                    cell.data_type = "s"
                cells.append(cell)
        target.append(cells)


def _styled(sheet: Any, value: Any, style: StyleArray) -> Cell:
    """A cell holding ``value`` with ``style``; text is text, never a formula."""
    cell = Cell(sheet, row=1, column=1, value=value, style_array=style)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def save_workbook(workbook: Workbook, target: Path) -> None:
    """The one way fanpin saves a workbook: every cell text (no formula), then atomically."""
    as_text_only(workbook)
    with atomic_path(target) as temporary:
        workbook.save(temporary)


def as_text_only(workbook: Workbook) -> int:
    """Turn every formula cell into a text cell; return how many there were.

    fanpin writes values, never formulas, so a cell openpyxl took for a formula
    is text from an input that starts with '=' (``=HYPERLINK(…)`` in a name): it is
    kept as that text. Excel shows it, and never runs it.
    """
    count = 0
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():
            if cell.data_type == "f":
                cell.data_type = "s"
                count += 1
    return count


def table_sheet(
    frame: pd.DataFrame,
    headers: Sequence[str] | None = None,
    widths: dict[str, float] | None = None,
    number_formats: dict[str, str] | None = None,
    *,
    title: str | None = None,
    print_columns: Sequence[str] | None = None,
    totals: int | None = None,
    wrap: Sequence[str] = (),
    narrow: Sequence[str] = (),
) -> TableSheet:
    """A sheet writer for a table that reads on screen and prints on A4 (``print_ready``).

    Bold frozen header with filters over the data rows (never the totals),
    column widths from the content (``widths`` overrides a column), long text
    wrapped, ISO dates as Excel dates, "（无）" under the header of an empty table,
    header and footer with county, sheet, as-of date and page n of m.
    ``title`` adds a title row above the header; ``print_columns`` are the
    columns people act on: they move to the front and are all that prints
    (the rest stays on screen); ``totals`` is the number of trailing total rows
    (default: trailing rows whose first cell is 合计 / 总计 / total); ``wrap``
    names columns to wrap whatever their content; ``narrow`` names the long-text
    columns that may narrow (and wrap) to keep the print view within one page
    width at 8 pt or more (``within_budget``).

    Everything is worked out from the frame first (widths, wrapping, row heights),
    then the rows are written in order, each cell styled as it is written: the writer
    streams (``StreamedSheet``).
    """

    def fill(sheet: Any) -> None:
        labels = list(headers) if headers is not None else [str(c) for c in frame.columns]
        table = frame.set_axis(labels, axis=1)
        printed = [c for c in (print_columns or ()) if c in labels]
        if printed:
            table = table[printed + [c for c in labels if c not in printed]]
            labels = [str(c) for c in table.columns]
        formats = number_formats or {}
        measured = {label: _content_width(table[label], formats.get(label)) for label in labels}
        _write_table(
            sheet,
            table,
            labels,
            widths=widths or {},
            number_formats=formats,
            measured=measured,
            title=title,
            printed=len(printed),
            totals=_trailing_totals(table) if totals is None else totals,
            wrap=wrap,
            narrow=narrow,
        )

    def remade(more: Sequence[str]) -> TableSheet:
        return table_sheet(
            frame,
            headers,
            widths,
            number_formats,
            title=title,
            print_columns=print_columns,
            totals=totals,
            wrap=wrap,
            narrow=[*narrow, *more],
        )

    return TableSheet(fill, remade)


class TableSheet(StreamedSheet):
    """A ``table_sheet`` writer: it streams, and knows how it was made, so that
    ``within_budget`` can name more columns to narrow."""

    def __init__(
        self, fill: Callable[[Any], None], remade: Callable[[Sequence[str]], TableSheet]
    ) -> None:
        super().__init__(fill)
        self.remade = remade


def within_budget(fill: TableSheet, narrow: Sequence[str] = ()) -> TableSheet:
    """``fill`` (a ``table_sheet``) with the ``narrow`` columns (by header) also allowed
    to narrow and wrap to keep its print view within ``PRINT_BUDGET`` (see
    ``budget_widths``)."""
    return fill.remade(narrow) if narrow else fill


def _write_table(
    sheet: Any,
    table: pd.DataFrame,
    headers: list[str],
    *,
    widths: dict[str, float],
    number_formats: dict[str, str],
    measured: dict[str, _Measure],
    title: str | None,
    printed: int,
    totals: int,
    wrap: Sequence[str],
    narrow: Sequence[str] = (),
) -> None:
    """``table`` written row by row onto ``sheet`` (write-only or normal), laid out exactly
    as ``print_ready`` lays out a table already written."""
    header_row = 1 if title is None else 2
    first_data = header_row + 1
    empty = table.empty
    rows = [] if empty else [[_cell(v) for v in row] for row in _plain_rows(table)]
    last_row = header_row + max(len(rows), 1)  # an empty table: the "（无）" line
    last_data = last_row - totals
    has_rows = not empty and last_data >= first_data
    chosen, wrapped = _column_widths(headers, widths, measured, printed, wrap, has_rows)
    shown = printed or len(headers)
    needed = [_needed(text, measured.get(text)) for text in headers[:shown]]
    narrowing = [i for i, t in enumerate(headers[:shown]) if t in narrow]
    chosen[:shown], narrowed = budget_widths(
        chosen[:shown], needed, narrowing, _sample_texts(rows, narrowing)
    )
    if has_rows:
        wrapped |= {i + 1 for i in narrowed}
    for column, width in enumerate(chosen, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if title is not None:
        sheet.row_dimensions[1].height = 24
    _fit_heights(sheet, [headers], header_row, range(1, len(headers) + 1), chosen, LINE_POINTS + 1)
    if has_rows:
        _fit_heights(sheet, rows, first_data, sorted(wrapped), chosen)
    sheet.freeze_panes = f"A{first_data}"
    # Before the first row: a streamed sheet writes its properties (fit to page) with it.
    _page_setup(sheet, chosen[:shown], header_row, _id_column(headers[:shown]))

    if title is not None:
        sheet.append([_styled(sheet, title, _style(sheet, TITLE_FONT, _TITLE_ALIGNMENT))])
    sheet.append(
        [
            _styled(
                sheet,
                text,
                _style(
                    sheet,
                    _HEADER_FONT,
                    _HEADER_ALIGNMENT,
                    fill=DETAIL_FILL if printed and column > printed else HEADER_FILL,
                ),
            )
            for column, text in enumerate(headers, start=1)
        ]
    )
    if has_rows:
        every = len(rows) * len(headers) <= _ALIGN_ALL_LIMIT
        body = [
            _cell_style(sheet, column in wrapped, every, number_formats.get(text))
            for column, text in enumerate(headers, start=1)
        ]
        bold = [
            _cell_style(sheet, column in wrapped, every, number_formats.get(text), _BOLD)
            for column, text in enumerate(headers, start=1)
        ]
        formatted = [text in number_formats for text in headers]
        for number, row in enumerate(rows, start=first_data):
            styles = bold if number > max(last_data, header_row) else body
            sheet.append(
                [
                    _data_cell(sheet, value, style, keep)
                    for value, style, keep in zip(row, styles, formatted, strict=True)
                ]
            )
    elif empty:
        lang = _language(headers, current_print_context())
        none = texts.label(texts.PRINT_TEXTS, "none", lang)
        sheet.append([_styled(sheet, none, _style(sheet, _NONE_FONT, _CENTRED))])
        if len(headers) > 1:
            sheet.merged_cells.add(
                CellRange(min_col=1, min_row=first_data, max_col=len(headers), max_row=first_data)
            )
    else:  # only total rows: written as they are
        for row in rows:
            sheet.append([_data_cell(sheet, value, None, False) for value in row])
    if has_rows:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{last_data}"
    if printed:
        sheet.print_area = f"A1:{get_column_letter(shown)}{last_row}"
    page_header_footer(sheet, title, _language(headers, current_print_context()))


_BOLD = Font(bold=True)  # total rows
_HEADER_FONT = Font(name=CJK_FONT, bold=True)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TITLE_ALIGNMENT = Alignment(horizontal="left", vertical="center")
_NONE_FONT = Font(name=CJK_FONT, italic=True, color="808080")
_CENTRED = Alignment(horizontal="center")


def _style(
    sheet: Any,
    font: Font | None = None,
    alignment: Alignment | None = None,
    number_format: str | None = None,
    fill: PatternFill | None = None,
) -> StyleArray:
    """The style of a cell with these attributes, registered with the sheet's workbook."""
    cell = Cell(sheet)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell._style


def _cell_style(
    sheet: Any, wrapped: bool, every: bool, number_format: str | None, font: Font | None = None
) -> StyleArray | None:
    """A data cell's style: wrapped (and top) or top aligned, its column's number format,
    bold on a total row; None for a plain cell."""
    alignment = _WRAPPED if wrapped else _TOP if every else None
    if alignment is None and number_format is None and font is None:
        return None
    return _style(sheet, font, alignment, number_format)


def _data_cell(sheet: Any, value: Any, style: StyleArray | None, keep_format: bool) -> Any:
    """A data cell as ``print_ready`` leaves it: the value bound first (a date gets a date
    format), then the column's style (its number format, where it has one, wins)."""
    if style is None:
        if isinstance(value, str) and value.startswith("="):
            return _styled(sheet, value, StyleArray())
        return value
    cell = _styled(sheet, value, style)
    if keep_format and cell._style != style:
        cell._style = StyleArray(style)
    return cell


def _column_widths(
    headers: Sequence[str],
    widths: dict[str, float],
    measured: dict[str, _Measure],
    printed: int,
    wrap: Sequence[str],
    has_rows: bool,
) -> tuple[list[float], set[int]]:
    """Each column's width and the columns (1-based) whose cells wrap."""
    chosen: list[float] = []
    wrapped: set[int] = set()
    for column, text in enumerate(headers, start=1):
        measure = measured.get(text) or _Measure(0.0, True)
        width, wraps = _width(text, measure)
        if text in widths:
            width, wraps = widths[text], measure.width + 2 > widths[text]
        chosen.append(width)
        if has_rows and (wraps or text in wrap) and not (printed and column > printed):
            wrapped.add(column)  # columns off the print view stay one line high
    return chosen, wrapped


def _fit_heights(
    sheet: Any,
    rows: Sequence[Sequence[Any]],
    first: int,
    columns: Sequence[int] | range,
    widths: Sequence[float],
    line: float | None = None,
    padding: float = 3.0,
) -> None:
    """``fit_rows`` for rows not written yet: the heights of the rows from ``first`` whose
    wrapped cells (in ``columns``, 1-based) take more than one line."""
    if not columns or not rows:
        return
    line = line or LINE_POINTS
    lines = np.ones(len(rows), dtype=np.int64)
    for column in columns:
        width = widths[column - 1] or 8.43
        known: dict[str, int] = {}
        for index, row in enumerate(rows):
            value = row[column - 1] if column - 1 < len(row) else None
            if value is None:
                continue
            text = str(_cell(value))
            count = known.get(text)
            if count is None:
                count = known[text] = lines_needed(text, width)
            if count > lines[index]:
                lines[index] = count
    for index in np.flatnonzero(lines > 1).tolist():
        sheet.row_dimensions[first + index].height = int(lines[index]) * line + padding


def _cell(value: Any) -> Any:
    """A value as a cell takes it: lists joined, dicts as JSON, never a control character
    (openpyxl refuses them); a text starting with '=' stays text (``save_workbook``)."""
    if isinstance(value, list | tuple | set):
        value = "、".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and not value.isprintable():
        return CONTROL.sub("", value)
    return value


def style_table(
    sheet: Worksheet,
    labels: Sequence[str],
    widths: dict[str, float],
    number_formats: dict[str, str],
    header_row: int = 1,
) -> None:
    """Header styling, frozen header, auto-filter, column widths and number formats."""
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font = Font(name=CJK_FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = widths.get(label, _width_for(label))
        if label in number_formats:
            for (data_cell,) in sheet.iter_rows(
                min_row=header_row + 1, min_col=column, max_col=column
            ):
                data_cell.number_format = number_formats[label]
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if sheet.max_row > header_row:
        last = get_column_letter(max(len(labels), 1))
        sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _width_for(label: str) -> float:
    wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in label)
    return float(min(max(wide + 4, 10), 40))


@dataclass(frozen=True)
class PrintContext:
    """What every printed page names: the county, the as-of date, the file checked."""

    county: str | None = None
    as_of: str | date | None = None
    source: str | None = None
    lang: Lang | None = None  # None: from the headers (Chinese when any is Chinese)


_PRINT_CONTEXT: ContextVar[PrintContext | None] = ContextVar("print_context", default=None)


def current_print_context() -> PrintContext:
    """The context ``print_context`` set, or an empty one."""
    return _PRINT_CONTEXT.get() or PrintContext()


@contextmanager
def print_context(
    county: str | None = None,
    as_of: str | date | None = None,
    source: str | None = None,
    lang: Lang | None = None,
) -> Iterator[PrintContext]:
    """Within this block, sheets written by ``table_sheet`` name these on every page."""
    context = PrintContext(county, as_of, source, lang)
    token = _PRINT_CONTEXT.set(context)
    try:
        yield context
    finally:
        _PRINT_CONTEXT.reset(token)


# The print budget. LibreOffice on a machine without Calibri (or its metric twin
# Carlito) draws a column-width unit about 7 pt wide, a third wider than Excel's 7 px,
# so a sheet fitted to the page width prints smaller there; the budget is taken on
# that measure, so the sheet prints at 8 pt or more in both (issue 16: measured with
# LibreOffice, ``pdftotext -bbox``). A4 between side margins of 0.4 inch holds
# ``_PAGE_POINTS``; a print view within ``PRINT_BUDGET`` units on a landscape page
# (``PORTRAIT_BUDGET`` on a portrait one) prints 11-pt cells at ``TARGET_POINTS``:
# LibreOffice fits a sheet whose wrapped rows are tall 2–3 % smaller than that (a sheet
# of 148 units measured 8.0 pt, not 8.25), so the target keeps a margin over 8 pt. A
# sheet wider than that prints across pages at ``ACROSS_SCALE`` (8.8 pt).
FONT_POINTS = 11.0  # a cell's font (openpyxl's default Calibri 11)
LEAST_POINTS = 8.0  # the smallest size a printed cell may have
TARGET_POINTS = 8.5  # what the budget aims at
UNIT_POINTS = 7.05  # LibreOffice's column-width unit (Excel's is 5.25 pt: 7 px at 96 dpi)
SIDE_MARGIN = 0.4  # inch
_PAGE_POINTS = {
    "portrait": 595.3 - 2 * 72 * SIDE_MARGIN,
    "landscape": 841.9 - 2 * 72 * SIDE_MARGIN,
}
PRINT_BUDGET = 144.0  # 784 pt / 7.05 pt × 11 / 8.5
PORTRAIT_BUDGET = 98.0  # 538 pt / 7.05 pt × 11 / 8.5
ACROSS_SCALE = 80  # percent
LEAST_WIDTH = 8.3  # a column narrowed to fit is never narrower (3 Chinese characters a line)
MAX_TEXT_WIDTH = 40.0  # wider text wraps
MAX_WHOLE_WIDTH = 45.0  # IDs and codes are never cut or wrapped up to this width
MIN_WIDTH = 6.0
LINE_POINTS = 15.0  # one line of 11-pt text, Chinese fonts' taller lines included
TITLE_FONT = Font(name=CJK_FONT, bold=True, size=14)
DETAIL_FILL = PatternFill("solid", fgColor="EDEDED")  # header of columns that do not print
_TOP = Alignment(vertical="top")
_WRAPPED = Alignment(vertical="top", wrap_text=True)
_ALIGN_ALL_LIMIT = 300_000  # cells; above it only wrapped columns get an alignment (speed)
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_WHOLE = re.compile(r"[0-9A-Za-z*#._/\-]+")  # IDs, codes, masked IDs: one unbreakable word
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TOTAL_WORDS = frozenset({"合计", "总计", "total", "Total", "TOTAL"})


def text_width(text: str) -> float:
    """Width of ``text`` in column units: a Chinese character is about 2.1 digits wide."""
    return len(text) + 1.1 * len(_WIDE.findall(text))


def _display(value: Any, number_format: str | None) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if number_format and "%" in number_format:
            return f"{value:.1%}"
        if number_format and "0.00" in number_format:
            return f"{value:,.2f}"
        return f"{value:,}" if number_format and "," in number_format else f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(_cell(value))


@dataclass(frozen=True)
class _Measure:
    width: float  # widest value in column units (0 when empty)
    whole: bool  # every value one unbreakable word (IDs, codes, numbers, dates)


def _content_width(column: pd.Series, number_format: str | None) -> _Measure:
    values = column.dropna()
    if values.empty:
        return _Measure(0.0, True)
    if len(values) > 20_000:  # a county-size sheet: the widest of a large sample is enough
        values = values.sample(20_000, random_state=0)
    texts = values.map(lambda v: _display(v, number_format)).astype(str)
    widths = texts.str.len() + 1.1 * texts.str.count(_WIDE.pattern)
    whole = bool(texts.str.fullmatch(_WHOLE.pattern).all())
    return _Measure(float(widths.max()), whole)


def _width(label: str, measure: _Measure) -> tuple[float, bool]:
    """A column's width and whether its cells wrap: content-wide, the header on up to
    two lines, long text capped (and wrapped), IDs and numbers whole."""
    content = measure.width + 2
    header = text_width(label) + 2
    if header > content:  # the header wraps onto two lines before the column widens
        header = max(content, text_width(label) / 2 + 2, max(map(text_width, label.split())) + 2)
    width = max(content, header, MIN_WIDTH)
    cap = MAX_WHOLE_WIDTH if measure.whole else MAX_TEXT_WIDTH
    width = round(min(width, cap), 1)
    return width, content > width


def _plain_rows(table: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows of ``table`` as Python values; missing as None, ISO date strings as dates."""
    converted = table.astype(object).where(table.notna(), None)
    for name in converted.columns:
        column = converted[name]
        texts = column.map(lambda v: v if isinstance(v, str) else "")
        dated = texts.str.fullmatch(_ISO_DATE.pattern)
        if dated.any():
            days = pd.to_datetime(texts.where(dated), errors="coerce", format="%Y-%m-%d")
            good = dated & days.notna()
            column = column.where(~good, days.dt.date)
            converted[name] = column
    yield from converted.itertuples(index=False, name=None)


def _trailing_totals(table: pd.DataFrame) -> int:
    if table.empty:
        return 0
    first = table.iloc[:, 0].tolist()
    count = 0
    for value in reversed(first):
        if not (isinstance(value, str) and value.strip() in TOTAL_WORDS):
            break
        count += 1
    return min(count, len(first) - 1)  # a table of totals only keeps its rows filterable


def _language(labels: Sequence[str], context: PrintContext) -> Lang:
    if context.lang is not None:
        return context.lang
    return "zh" if any(_WIDE.search(str(label)) for label in labels) else "en"


def _none_row(sheet: Worksheet, header_row: int, columns: int) -> None:
    lang = _language([str(c.value) for c in sheet[header_row]], current_print_context())
    row = header_row + 1
    cell = sheet.cell(row=row, column=1, value=texts.label(texts.PRINT_TEXTS, "none", lang))
    cell.alignment = Alignment(horizontal="center")
    cell.font = Font(name=CJK_FONT, italic=True, color="808080")
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _escape(text: str) -> str:
    """Header and footer text: ``&`` starts a code there, so a literal one is doubled."""
    return text.replace("&", "&&")


def page_header_footer(
    sheet: Worksheet, title: str | None, lang: Lang, context: PrintContext | None = None
) -> None:
    """County (left), title or sheet name (centre), as-of date (right); file checked
    (left) and 第 n 页 共 m 页 (centre) below."""
    context = context or current_print_context()
    header = sheet.oddHeader
    if context.county:
        header.left.text = _escape(context.county)
    header.center.text = _escape(title) if title else "&A"
    header.center.font = f"{CJK_FONT},Bold"
    if context.as_of:
        as_of = str(context.as_of)
        header.right.text = _escape(
            texts.label(texts.PRINT_TEXTS, "as_of", lang).format(as_of=as_of)
        )
    footer = sheet.oddFooter
    if context.source:
        footer.left.text = _escape(context.source)
    footer.center.text = texts.label(texts.PRINT_TEXTS, "pages", lang)
    for part in (header.left, header.right, footer.left, footer.center):
        part.font = CJK_FONT
        part.size = FONT_POINTS  # as the cells: it prints as large as they do


def print_ready(
    sheet: Worksheet,
    headers: Sequence[str],
    *,
    header_row: int = 1,
    widths: dict[str, float] | None = None,
    number_formats: dict[str, str] | None = None,
    measured: dict[str, _Measure] | None = None,
    title: str | None = None,
    printed: int = 0,
    totals: int = 0,
    wrap: Sequence[str] = (),
    empty: bool | None = None,
    list_sheet: bool = True,
) -> None:
    """Style a table already written (its title in row 1 when ``title``) for the screen
    and for A4, as ``table_sheet`` describes. The ``printed`` leading columns are the
    print view (0: every column); ``measured`` holds content widths (else they are
    read from the cells); ``empty``: the row under the header is the "（无）" line;
    ``list_sheet`` False for a report page (no filter, frozen or repeated header, no
    gridlines)."""
    widths = widths or {}
    number_formats = number_formats or {}
    first_data = header_row + 1
    last_data = sheet.max_row - totals
    if empty is None:
        empty = sheet.max_row < first_data
    has_rows = not empty and last_data >= first_data
    chosen: list[float] = []
    wrapped: set[int] = set()
    for column, text in enumerate(headers, start=1):
        measure = (measured or {}).get(text) or _sheet_measure(sheet, column, first_data)
        width, wraps = _width(text, measure)
        if text in widths:
            width, wraps = widths[text], measure.width + 2 > widths[text]
        chosen.append(width)
        sheet.column_dimensions[get_column_letter(column)].width = width
        cell = sheet.cell(row=header_row, column=column)
        cell.font = Font(name=CJK_FONT, bold=True)
        cell.fill = DETAIL_FILL if printed and column > printed else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if has_rows and (wraps or text in wrap) and not (printed and column > printed):
            wrapped.add(column)  # columns off the print view stay one line high
        if has_rows and text in number_formats:
            for (data_cell,) in sheet.iter_rows(
                min_row=first_data, max_row=sheet.max_row, min_col=column, max_col=column
            ):
                data_cell.number_format = number_formats[text]
    fit_rows(sheet, header_row, header_row, range(1, len(headers) + 1), line=LINE_POINTS + 1)
    if has_rows:
        _align(sheet, first_data, sheet.max_row, len(headers), wrapped)
        fit_rows(sheet, first_data, sheet.max_row, sorted(wrapped))
    if has_rows and list_sheet:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{last_data}"
    for row in range(max(last_data, header_row) + 1, sheet.max_row + 1):
        if has_rows:
            for column in range(1, len(headers) + 1):
                sheet.cell(row=row, column=column).font = Font(bold=True)
    if title is not None:
        cell = sheet.cell(row=1, column=1)
        cell.font = TITLE_FONT
        cell.alignment = Alignment(horizontal="left", vertical="center")
        sheet.row_dimensions[1].height = 24
    if list_sheet:
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    shown = printed or len(headers)
    _page_setup(
        sheet, chosen[:shown], header_row if list_sheet else None, _id_column(headers[:shown])
    )
    if printed:
        sheet.print_area = f"A1:{get_column_letter(shown)}{sheet.max_row}"
    page_header_footer(sheet, title, _language(headers, current_print_context()))


def _sheet_measure(sheet: Worksheet, column: int, first_row: int) -> _Measure:
    values = [
        cell.value
        for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column)
        if cell.value is not None
    ]
    return _content_width(pd.Series(values, dtype=object), None)


_TOKEN = re.compile(r"[0-9A-Za-z_.,:;%*#/()+\-]+|.", re.S)  # unbreakable Latin runs, else a char


def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` units wide, wrapped as a
    spreadsheet does (between Chinese characters, not inside a number or a Latin
    word), with a margin so that a row never clips its last line."""
    usable = max(width - 1.5, 2.0)
    lines = 0
    for part in text.split("\n"):
        if text_width(part) <= usable:
            lines += 1
            continue
        count, used = 1, 0.0
        for token in _TOKEN.findall(part):
            size = text_width(token)
            if used and used + size > usable:
                count, used = count + 1, 0.0
            if size > usable:  # longer than a line: it breaks anyway
                count += math.ceil(size / usable) - 1
                size = size % usable
            used += size
        lines += count
    return max(lines, 1)


def fit_rows(
    sheet: Worksheet,
    first: int,
    last: int,
    columns: Sequence[int] | range,
    line: float | None = None,
    padding: float = 3.0,
) -> None:
    """Give rows whose wrapped cells take more than one line the height they need.

    Excel and LibreOffice keep a row's stored height when a file opens (LibreOffice
    does not grow a row for wrapped text), so the height is computed here, generously
    (``line`` points a line, default ``LINE_POINTS``); rows of one line keep the default.
    """
    line = line or LINE_POINTS
    widths = {
        column: sheet.column_dimensions[get_column_letter(column)].width or 8.43
        for column in columns
    }
    for row in sheet.iter_rows(min_row=first, max_row=last):
        lines = 1
        for cell in row:
            width = widths.get(cell.column)
            if width is None or cell.value is None:
                continue
            lines = max(lines, lines_needed(str(_cell(cell.value)), width))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = lines * line + padding


def _align(sheet: Worksheet, first: int, last: int, columns: int, wrapped: set[int]) -> None:
    """Cells at the top of their row; wrapped columns wrap (rows then grow to fit)."""
    every = (last - first + 1) * columns <= _ALIGN_ALL_LIMIT
    for row in sheet.iter_rows(min_row=first, max_row=last, max_col=columns):
        for cell in row:
            if cell.column in wrapped:
                cell.alignment = _WRAPPED
            elif every:
                cell.alignment = _TOP


ID_HEADERS = ("户编号", "household ID")


def _id_column(headers: Sequence[str]) -> int:
    """The column (1-based) that names a row on paper: 户编号 among the first columns, else
    the first."""
    for position, text in enumerate(headers[:6], start=1):
        if text in ID_HEADERS:
            return position
    return 1


def _page_setup(
    sheet: Worksheet, widths: Sequence[float], header_row: int | None, id_column: int = 1
) -> None:
    """A4 portrait when the printed columns fit ``PORTRAIT_BUDGET``, else landscape; fit
    to the page width when they fit ``PRINT_BUDGET`` (8 pt or more, ``printed_points``),
    else ``ACROSS_SCALE`` across pages with the columns up to the row's ID repeated on
    each. A list's ``header_row`` repeats on every page and gridlines print."""
    units = sum(widths)
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    portrait = units <= PORTRAIT_BUDGET + 0.05  # a sum of widths rounded to 0.1
    setup.orientation = "portrait" if portrait else "landscape"
    if units <= PRINT_BUDGET + 0.05:
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        setup.scale = None
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        setup.scale = ACROSS_SCALE
        setup.pageOrder = "overThenDown"
        sheet.sheet_properties.pageSetUpPr.fitToPage = False
        page = _PAGE_POINTS["landscape"] / UNIT_POINTS / (ACROSS_SCALE / 100)
        if sum(widths[:id_column]) > page / 3:  # too wide to repeat on each page
            id_column = 1
        sheet.print_title_cols = f"A:{get_column_letter(id_column)}"
    if header_row is not None:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    margins = sheet.page_margins
    margins.left = margins.right = SIDE_MARGIN
    margins.top = margins.bottom = 0.6  # inch: the header and footer fit above and below
    margins.header = margins.footer = 0.25
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = header_row is not None


def printed_points(units: float, orientation: str, fit: bool, scale: float | None) -> float:
    """The size 11-pt cells print at under LibreOffice (its wider column unit,
    ``UNIT_POINTS``), for a print view ``units`` wide set up this way: fitted to the
    page width (``fit``), or at ``scale`` percent."""
    if fit:
        page = _PAGE_POINTS["portrait" if orientation == "portrait" else "landscape"]
        return FONT_POINTS * min(1.0, page / (max(units, 1e-9) * UNIT_POINTS))
    return FONT_POINTS * (scale or 100) / 100


def sheet_points(sheet: Worksheet) -> float:
    """The size a written sheet's cells print at under LibreOffice (``printed_points``),
    read back from its print area's column widths and its page setup."""
    columns = sheet.max_column
    if sheet.print_area:
        last = str(sheet.print_area).split(",")[0].split("!")[-1].replace("$", "")
        columns = int(range_boundaries(last)[2] or columns)
    units = sum(
        float(sheet.column_dimensions[get_column_letter(c)].width or 8.43)
        for c in range(1, columns + 1)
    )
    setup = sheet.page_setup
    fit = bool(sheet.sheet_properties.pageSetUpPr.fitToPage)
    scale = float(setup.scale) if setup.scale else None
    return printed_points(units, str(setup.orientation), fit, scale)


def budget_widths(
    widths: Sequence[float],
    needed: Sequence[float],
    narrow: Sequence[int],
    texts: dict[int, list[str]] | None = None,
) -> tuple[list[float], set[int]]:
    """Print-view widths kept within ``PRINT_BUDGET`` where they can be: first columns
    wider than ``needed`` (their values, the header on two lines) narrow towards it, each
    in proportion to what it can give; then the ``narrow`` columns (0-based; long text
    that wraps), down to ``LEAST_WIDTH``: the width left is shared out a unit at a time
    to the column that saves the most lines over the rows of ``texts`` (a sample of each
    narrow column's cells, row by row), so the rows, and the pages, are as few as they
    can be; without texts, in proportion to what each can give. Return the widths and
    the columns narrowed to under what their values need (their cells wrap)."""
    chosen = [float(w) for w in widths]
    over = sum(chosen) - PRINT_BUDGET
    room = {c: chosen[c] - w for c, w in enumerate(needed) if chosen[c] > w}
    if over > 0 and room:
        share = min(1.0, over / sum(room.values()))
        for column, give in room.items():
            chosen[column] = math.floor((chosen[column] - give * share) * 10) / 10
        over = sum(chosen) - PRINT_BUDGET
    narrowing = [c for c in dict.fromkeys(narrow) if chosen[c] > LEAST_WIDTH]
    if over > 0 and narrowing:
        if texts and all(texts.get(c) for c in narrowing):
            _share_by_lines(chosen, narrowing, over, texts)
        else:
            room = {c: chosen[c] - LEAST_WIDTH for c in narrowing}
            share = min(1.0, over / sum(room.values()))
            for column, give in room.items():
                chosen[column] = math.floor((chosen[column] - give * share) * 10) / 10
    narrowed = {c for c, w in enumerate(chosen) if w < needed[c] - 0.1}  # not a rounding
    return chosen, narrowed


def _share_by_lines(
    chosen: list[float], columns: list[int], over: float, texts: dict[int, list[str]]
) -> None:
    """Narrow ``columns`` by ``over`` units in all (none under ``LEAST_WIDTH``): first each
    in proportion to what it can give, then width moves between them while that saves
    lines, rows counted by their tallest cell (``lines_needed``) over the sample."""
    widest = {c: chosen[c] for c in columns}
    least = {c: min(LEAST_WIDTH, widest[c]) for c in columns}
    room = {c: widest[c] - least[c] for c in columns}
    share = min(1.0, over / sum(room.values()))
    width = {c: math.floor((widest[c] - room[c] * share) * 10) / 10 for c in columns}
    rows = len(texts[columns[0]])
    distinct = {
        c: np.unique(np.array(texts[c], dtype=object), return_inverse=True) for c in columns
    }
    known: dict[tuple[int, float], np.ndarray] = {}

    def lines(column: int, at: float) -> np.ndarray:
        key = (column, round(at, 1))
        if key not in known:
            values, where = distinct[column]
            counts = np.array([lines_needed(t, at) if t else 1 for t in values], dtype=np.int64)
            known[key] = counts[where]
        return known[key]

    def total(widths: dict[int, float]) -> int:
        stacked = np.stack([lines(c, widths[c]) for c in columns])
        return int(stacked.max(axis=0).sum()) * 1000 + int(stacked.sum())  # rows, then lines

    best = total(width) if rows else 0
    for _ in range(200):  # moves of width from one column to another while they save lines
        improved = False
        for size in (8.0, 4.0, 2.0, 1.0):
            for give in columns:
                for take in columns:
                    if give == take or width[give] - size < least[give]:
                        continue
                    if width[take] + size > widest[take]:
                        continue
                    trial = {**width, give: width[give] - size, take: width[take] + size}
                    cost = total(trial)
                    if cost < best:
                        best, width, improved = cost, trial, True
        if not improved:
            break
    for c in columns:
        chosen[c] = math.floor(width[c] * 10) / 10


SAMPLE_ROWS = 300  # rows of a long sheet that share out its print width


def _sample_texts(rows: Sequence[Sequence[Any]], columns: Sequence[int]) -> dict[int, list[str]]:
    """The cells of ``columns`` (0-based) as text, for up to ``SAMPLE_ROWS`` rows spread
    evenly over ``rows``."""
    step = max(1, math.ceil(len(rows) / SAMPLE_ROWS))
    sample = rows[::step]
    return {c: ["" if row[c] is None else str(_cell(row[c])) for row in sample] for c in columns}


def _needed(header: str, measure: _Measure | None) -> float:
    """The least width a column shows its values in whole, its header on two lines."""
    content = measure.width if measure is not None else 0.0
    half = text_width(header[: (len(header) + 1) // 2])  # the longer half, on a line
    return max(content + 2, half + 2, MIN_WIDTH)


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\s]+')
_RESERVED_NAMES = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{n}" for n in range(1, 10)),
        *(f"lpt{n}" for n in range(1, 10)),
    }
)


def safe_file_name(text: str, limit: int = 40) -> str:
    """``text`` (a value from an input file) as one safe part of a file name: no path
    separators, control or reserved characters, no leading dot, not a device name."""
    name = _UNSAFE_NAME.sub("_", text).strip("._ ")[:limit].strip("._ ")
    if not name:
        return "_"
    return f"_{name}" if name.split(".")[0].lower() in _RESERVED_NAMES else name


EXAMPLE_STAMP = datetime(2022, 1, 5, 9, 0, 0)  # the example data's "export time"


def save_reproducible(workbook: Workbook, target: Path, stamp: datetime = EXAMPLE_STAMP) -> None:
    """Save atomically with fixed timestamps (zip entries, created, modified).

    The same content then gives the same bytes, so regenerated example files do
    not churn in git and tests can compare them with the committed ones.
    """
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    as_text_only(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer) as source, atomic_path(target) as temporary:
        with zipfile.ZipFile(temporary, "w") as archive:
            for entry in source.infolist():
                data = source.read(entry.filename)
                if entry.filename == "docProps/core.xml":
                    data = re.sub(
                        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                        rb"\g<1>" + text + rb"\g<2>",
                        data,
                    )
                info = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
