"""The village public notice (公示名单) as a printable A4 workbook, JSON or CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fanpin.campaigns.notice import KIND_WORDS, Notice
from fanpin.errors import FanpinError
from fanpin.io.files import safe_name, write_text
from fanpin.labels import Era, term
from fanpin.outputs.write import frame_to_csv, json_text, lines_needed, save_workbook

Format = Literal["json", "csv", "xlsx"]
NOTICE_FONT = "宋体"  # ships with Windows, WPS and most Chinese printers' drivers
_WIDTHS = {
    "序号": 7,
    "户主姓名": 14,
    "家庭人口数": 11,
    "监测对象类别": 16,
    "防止返贫致贫对象类别": 16,  # the 2026 terms' header of the same column
    "风险消除方式": 14,
}
_RISK_WIDTH = 30
NO_PHONE = "＿＿＿＿＿＿＿＿"  # a line to write the number on by hand
_PAGE_UNITS = 88.0  # A4 portrait with 1.5 cm margins, in column-width units
_LINE = 1.45  # line height / font size of the Chinese fonts LibreOffice and WPS use
_TABLE_HEADER_ROW = 4
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def notice_table(notice: Notice) -> pd.DataFrame:
    """The rows as printed, under the printed column labels."""
    values = []
    for row in notice.rows:
        line: list[object] = [row.number, row.head_name, row.size, row.category]
        if notice.kind == "elimination":
            line.append(row.method)
        if "主要风险" in notice.columns:
            line.append(row.risks)
        values.append(line)
    return pd.DataFrame(values, columns=notice.columns)


def default_notice_path(notice: Notice, folder: Path = Path(".")) -> Path:
    """``folder``/VILLAGE识别公示_YYYYMMDD.xlsx; the village name made safe for a file name."""
    village = safe_name(notice.village, fallback="village")
    return folder / f"{village}{KIND_WORDS[notice.kind]}公示_{notice.start:%Y%m%d}.xlsx"


def export_notice(notice: Notice, fmt: Format, path: Path | None) -> str | None:
    """JSON (the library result), CSV (the rows) or the printable workbook; the workbook
    needs a path (``default_notice_path`` suggests one), as every writer's does."""
    if fmt in ("json", "csv"):
        text = json_text(notice.to_dict()) if fmt == "json" else frame_to_csv(notice_table(notice))
        if path is None:
            return text
        write_text(path, text, encoding="utf-8" if fmt == "json" else "utf-8-sig")
        return None
    if path is None:
        raise FanpinError(
            "notice as xlsx needs an output file: add -o NAME.xlsx",
            zh="notice 写出工作簿需要输出文件：请加 -o 文件名.xlsx",
        )
    write_notice(notice, path)
    return None


def _era(notice: Notice) -> Era:
    """The terms of the profile the notice was made with (2021 or 2026)."""
    era = (notice.meta.profile or {}).get("terminology")
    return "2026" if era == "2026" else "2021"


def write_notice(notice: Notice, path: Path) -> None:
    """The notice as an A4 portrait workbook: the title on every page, the table header
    repeated, rows as tall as their wrapped text, the objection contact and phone, and
    room for the committee's seal under its name."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "公示名单"
    width = len(notice.columns)
    last_column = get_column_letter(width)
    widths = [float(_WIDTHS.get(label, _RISK_WIDTH)) for label in notice.columns]
    stretch = max(1.0, _PAGE_UNITS / sum(widths))  # the table spans the page's width
    widths = [round(w * stretch, 1) for w in widths]
    for position, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = value
    total_width = sum(widths)

    def line(row: int, text: str, size: int = 12, bold: bool = False, align: str = "left") -> None:
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(name=NOTICE_FONT, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        lines = lines_needed(text, total_width * 11 / size)  # widths are in 11-pt units
        sheet.row_dimensions[row].height = lines * size * _LINE + 6

    line(1, notice.title, size=18, bold=True, align="center")
    line(2, "　　" + notice.intro)
    line(3, notice.period)
    for position, label in enumerate(notice.columns, start=1):
        cell = sheet.cell(row=_TABLE_HEADER_ROW, column=position, value=label)
        cell.font = Font(name=NOTICE_FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    row = _TABLE_HEADER_ROW + 1
    for values in notice_table(notice).itertuples(index=False):
        lines = 1
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=position, value=value)
            cell.font = Font(name=NOTICE_FONT, size=12)
            cell.border = _BORDER
            left = notice.columns[position - 1] == "主要风险"
            cell.alignment = Alignment(
                horizontal="left" if left else "center", vertical="center", wrap_text=True
            )
            if value is not None:
                lines = max(lines, lines_needed(str(value), widths[position - 1] * 11 / 12))
        sheet.row_dimensions[row].height = lines * 12 * _LINE + 8  # grows with wrapped text
        row += 1
    if not notice.rows:
        cell = sheet.cell(row=row, column=1, value="（无）")
        cell.font = Font(name=NOTICE_FONT, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        for position in range(1, width + 1):
            sheet.cell(row=row, column=position).border = _BORDER
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    row += 1
    line(row, "　　" + notice.contact)
    line(row + 1, f"　　联系电话：{notice.phone or NO_PHONE}")
    line(row + 3, notice.signature, align="right")
    line(row + 4, "（盖章）", align="right")
    sheet.row_dimensions[row + 4].height = 60  # room for the committee's seal
    line(row + 5, notice.signed_on, align="right")
    _print_setup(sheet, f"A1:{last_column}{row + 5}", notice.title)
    workbook.properties.title = notice.title
    workbook.properties.subject = f"{term('notice_object', _era(notice), 'zh')}公示名单"
    workbook.properties.creator = "fanpin"
    workbook.properties.description = json.dumps(
        notice.meta.model_dump(mode="json"), ensure_ascii=False
    )
    save_workbook(workbook, path)


def _print_setup(sheet: Worksheet, area: str, title: str) -> None:
    """A4 portrait, fit to the width; the table header repeats and pages after the
    first carry the title in their header (the first has it as its title row)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{_TABLE_HEADER_ROW}:{_TABLE_HEADER_ROW}"
    sheet.print_area = area
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = 0.9
    sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = 0.35
    sheet.HeaderFooter.differentFirst = True
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.center.font = f"{NOTICE_FONT},Bold"
    sheet.oddHeader.center.size = 14
    for footer in (sheet.oddFooter, sheet.firstFooter):
        footer.center.text = "第 &P 页，共 &N 页"
        footer.center.font = f"{NOTICE_FONT},Regular"
