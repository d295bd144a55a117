"""The print budget every workbook shares (write.table_sheet; paper.within_budget names
more columns to narrow): a print view wider than PRINT_BUDGET narrows — columns sized
by their header first, then the long-text ones — its text wraps and rows grow; a sheet
too wide for one page prints at ACROSS_SCALE. The sheet still streams."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fanpin.outputs.paper import ACROSS_SCALE, LEAST_WIDTH, PRINT_BUDGET, within_budget
from fanpin.outputs.write import (
    LINE_POINTS,
    TableSheet,
    lines_needed,
    table_sheet,
    write_workbook,
)

LONG = "入户核实疑点；情况属实的，经民主评议按程序处理，不符合条件的不得纳入监测" * 2


def written(tmp_path: Path, frame: pd.DataFrame, narrow: list[str], **options: object) -> Worksheet:
    path = tmp_path / "book.xlsx"
    write_workbook(path, [("表", within_budget(table_sheet(frame, **options), narrow))])  # type: ignore[arg-type]
    return load_workbook(path)["表"]


def widths(sheet: Worksheet) -> list[float]:
    return [
        float(sheet.column_dimensions[get_column_letter(c)].width)
        for c in range(1, sheet.max_column + 1)
    ]


def test_a_wide_print_view_narrows_to_the_budget_and_its_rows_grow(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "户编号": ["4310811010010001"] * 3,
            "是否已纳入监测对象": ["是"] * 3,  # a header far wider than its values
            "依据": [LONG] * 3,
            "建议措施": [LONG] * 3,
            "核实情况": [LONG] * 3,
        }
    )
    sheet = written(tmp_path, frame, ["依据", "建议措施", "核实情况"])

    shown = widths(sheet)
    assert sum(shown) <= PRINT_BUDGET
    assert shown[0] >= len("4310811010010001") + 1  # IDs stay whole
    assert shown[1] < 20  # the header wraps instead
    assert all(w >= LEAST_WIDTH for w in shown[2:])
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    cell = sheet["C2"]
    assert cell.alignment.wrap_text
    needed = lines_needed(LONG, shown[2])
    assert (sheet.row_dimensions[2].height or 0) >= needed * LINE_POINTS


def test_a_sheet_too_wide_for_a_page_prints_across_at_80_percent(tmp_path: Path) -> None:
    frame = pd.DataFrame({f"第{n}项检查的问题数": [n] for n in range(30)})
    sheet = written(tmp_path, frame, [])

    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.scale == ACROSS_SCALE


def test_a_narrow_sheet_is_left_as_write_made_it(tmp_path: Path) -> None:
    frame = pd.DataFrame({"户编号": ["H1"], "户主姓名": ["张三"]})
    plain = tmp_path / "plain.xlsx"
    write_workbook(plain, [("表", table_sheet(frame))])
    sheet = written(tmp_path, frame, ["户主姓名"])

    assert widths(sheet) == widths(load_workbook(plain)["表"])
    assert sheet.page_setup.orientation == "portrait"


def test_a_sheet_within_the_budget_still_streams() -> None:
    """``within_budget`` gives a ``table_sheet`` writer again (no post-processing of a
    normal sheet), so a workbook of such sheets is written row by row."""
    frame = pd.DataFrame({"户编号": ["H1"], "依据": [LONG]})
    sheet = within_budget(table_sheet(frame), ["依据"])
    assert isinstance(sheet, TableSheet)
    assert within_budget(sheet) is sheet
