"""Blank templates a county fills in, written by ``fanpin init``: the cases file (识别/消除
程序台账) and the relief-fund ledger (防贫基金收支台账), with the headers fanpin reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fanpin.campaigns.fund.ledger import CHECKPOINTS
from fanpin.campaigns.procedure import DATE_FIELDS
from fanpin.io import schema
from fanpin.outputs.write import (  # noqa
    CJK_FONT,
    frame_to_csv,
    save_reproducible,
    style_table,
    table_sheet,
    write_text,
    write_workbook,
)
from fanpin.rules.profiles import ProcedureSettings

LEDGER_SHEET = "基金收支台账"

LEDGER_FIRST_ROW = 4  # title, note, header, then data

LEDGER_FIELDS = (
    "date",
    "entry_type",
    "township",
    "village",
    "household_id",
    "payee_name",
    "payee_id",
    "cause",
    "amount",
    "event_ref",
    *(f"{c}_{part}" for c in CHECKPOINTS for part in ("result", "date")),
    "approver",
    "note",
)

LEDGER_HEADERS = ("序号", *(schema.FUND_LEDGER.by_name[n].header for n in LEDGER_FIELDS))

CellValue = str | int | float | date | datetime | None


def write_ledger_template(path: str | Path, county: str = "资兴市") -> None:
    """An empty ledger with the title, note and headers fanpin reads (for ``fanpin init``)."""
    workbook = ledger_workbook(f"{county}防贫帮扶基金收支台账", [])
    save_reproducible(workbook, Path(path))


def ledger_workbook(title: str, rows: Sequence[Sequence[CellValue]]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = LEDGER_SHEET
    width = len(LEDGER_HEADERS)
    sheet.cell(row=1, column=1, value=title).font = Font(name=CJK_FONT, bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    note = (
        "填报单位：市乡村振兴局    金额单位：元    类型：支出/注资；"
        "支出须经乡村核实、部门数据比对、行业扶贫单位稽核三关审核"
    )
    sheet.cell(row=2, column=1, value=note)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for column, header in enumerate(LEDGER_HEADERS, start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(name=CJK_FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    text_columns = {
        LEDGER_HEADERS.index(schema.FUND_LEDGER.by_name[n].header) + 1
        for n in ("household_id", "payee_id", "event_ref")
    }
    amount_column = LEDGER_HEADERS.index(schema.FUND_LEDGER.by_name["amount"].header) + 1
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=LEDGER_FIRST_ROW + offset, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif column in text_columns:
                cell.number_format = "@"
            elif column == amount_column and isinstance(value, int | float):
                cell.number_format = "#,##0.00"
    widths = {"序号": 6, "日期": 12, "户编号": 19, "收款人证件号码": 21, "备注": 22}
    for column, header in enumerate(LEDGER_HEADERS, start=1):
        letter = sheet.cell(row=3, column=column).column_letter
        sheet.column_dimensions[letter].width = widths.get(header, max(10, 2 * len(header) + 2))
    sheet.freeze_panes = f"A{LEDGER_FIRST_ROW}"
    workbook.properties.creator = "资兴市乡村振兴局"
    return workbook


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

SERIAL_HEADER = "序号"

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
    headers = [SERIAL_HEADER, *(schema.CASES.by_name[n].header for n in TEMPLATE_FIELDS)]
    title_and_header(sheet, TEMPLATE_TITLE, headers)
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


def title_and_header(sheet: Worksheet, title: str, headers: Sequence[str]) -> None:
    sheet.cell(row=1, column=1, value=title).font = Font(name=CJK_FONT, bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.row_dimensions[1].height = 28
    for position, text in enumerate(headers, start=1):
        sheet.cell(row=2, column=position, value=text)
    widths = {text: 12.0 for text in headers}
    widths.update({"户编号": 20.0, "序号": 6.0, "线索来源": 14.0, "备注": 20.0})
    style_table(sheet, headers, widths, {}, header_row=2)
