"""Print-ready sheets (outputs/write.py): read back what ``table_sheet`` writes — cells,
widths, wrapping, page setup, header and footer — and the orders and names it relies on."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import api
from fanpin.io.places import place_order, sort_by_place, township_order
from fanpin.outputs import export
from fanpin.outputs.write import (
    ACROSS_SCALE,
    DETAIL_FILL,
    HEADER_FILL,
    LEAST_POINTS,
    PORTRAIT_BUDGET,
    PRINT_BUDGET,
    TARGET_POINTS,
    lines_needed,
    print_context,
    safe_file_name,
    sheet_points,
    table_sheet,
    write_workbook,
)

WORKSPACE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
EXAMPLE = WORKSPACE / "data" / "zixing"
LONG = "因病：家庭成员患有大病；因病：人均合规自付医疗支出较大；因产业项目失败：致贫返贫风险申报"


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The county report of the example workspace (a copy), in a language, made once."""
    made: dict[str, Path] = {}

    def make(lang: str, county: str = "zixing") -> Path:
        key = f"{county}-{lang}"
        if key not in made:
            folder = tmp_path_factory.mktemp(f"example-{key}") / "ws"
            shutil.copytree(WORKSPACE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
            made[key] = api.report(county, workspace=folder, lang=lang).path  # type: ignore[arg-type]
        return made[key]

    return make


def written(tmp_path: Path, frame: pd.DataFrame, **options: Any) -> Worksheet:
    path = tmp_path / "book.xlsx"
    write_workbook(path, [("名单", table_sheet(frame, **options))])
    sheet = load_workbook(path)["名单"]
    return sheet


def widths(sheet: Worksheet, count: int) -> list[float]:
    letters = [sheet.cell(row=1, column=c).column_letter for c in range(1, count + 1)]
    return [float(sheet.column_dimensions[letter].width) for letter in letters]


def households(count: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "户编号": [f"43108110100100{n:02d}" for n in range(1, count + 1)],
            "户主姓名": ["张三"] * count,
            "风险依据": [LONG] * count,
            "人口数": list(range(1, count + 1)),
        }
    )


def test_a_plain_call_keeps_its_layout_and_prints_on_a4(tmp_path: Path) -> None:
    sheet = written(tmp_path, households())

    assert [c.value for c in sheet[1]] == ["户编号", "户主姓名", "风险依据", "人口数"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D4"
    assert int(sheet.page_setup.paperSize) == 9 and sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == "&A"  # the sheet's name
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert sheet.print_options.gridLines is True
    english = written(tmp_path, households().set_axis(["ID", "head", "why", "size"], axis=1))
    assert english.oddFooter.center.text == "page &P of &N"


def test_title_row_and_the_county_and_date_on_every_page(tmp_path: Path) -> None:
    with print_context(county="资兴市 & 郴州", as_of="2021-12-31", source="roster.xlsx"):
        sheet = written(tmp_path, households(), title="资兴市防止返贫监测对象名单")

    assert sheet["A1"].value == "资兴市防止返贫监测对象名单" and sheet["A1"].font.b
    assert sheet["A2"].value == "户编号" and sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:D5" and sheet.print_title_rows == "$2:$2"
    assert sheet.oddHeader.left.text == "资兴市 && 郴州"  # '&' is a code in a header
    assert sheet.oddHeader.center.text == "资兴市防止返贫监测对象名单"
    assert sheet.oddHeader.right.text == "截至 2021-12-31"
    assert sheet.oddFooter.left.text == "roster.xlsx"


def test_widths_from_content_ids_whole_long_text_wrapped(tmp_path: Path) -> None:
    sheet = written(tmp_path, households())
    id_width, name_width, text_width, size_width = widths(sheet, 4)

    assert id_width >= 16 + 2  # 16 digits, never cut
    assert name_width < 12 and size_width < 10
    assert text_width == 40  # capped: the text wraps
    cell = sheet["C2"]
    assert cell.alignment.wrap_text is True and cell.alignment.vertical == "top"
    lines = lines_needed(LONG, text_width)
    assert lines >= 2 and sheet.row_dimensions[2].height >= lines * 15
    assert sheet["A2"].alignment.wrap_text is not True


def test_totals_stay_outside_the_filter(tmp_path: Path) -> None:
    frame = pd.DataFrame({"乡(镇)": ["三都镇", "兴宁镇", "合计"], "户数": [2, 3, 5]})
    sheet = written(tmp_path, frame)

    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet["A4"].value == "合计" and sheet["A4"].font.b


def test_iso_dates_are_excel_dates(tmp_path: Path) -> None:
    frame = pd.DataFrame({"日期": ["2021-03-05", None, "not a date"], "值": ["2021-02-30", 1, 2]})
    sheet = written(tmp_path, frame)

    assert sheet["A2"].value == datetime(2021, 3, 5) and sheet["A2"].is_date
    assert sheet["A4"].value == "not a date"
    assert sheet["B2"].value == "2021-02-30"  # not a real day: left as written


def test_an_empty_table_says_none(tmp_path: Path) -> None:
    sheet = written(tmp_path, households().iloc[0:0])

    assert sheet["A2"].value == "（无）" and sheet.auto_filter.ref is None
    assert "A2:D2" in {str(r) for r in sheet.merged_cells.ranges}


def test_a_wide_sheet_prints_the_columns_people_act_on(tmp_path: Path) -> None:
    frame = households()
    for n in range(12):
        frame[f"备用{n}"] = LONG
    sheet = written(tmp_path, frame, print_columns=["户主姓名", "户编号", "风险依据"])

    assert [c.value for c in sheet[1]][:3] == ["户主姓名", "户编号", "风险依据"]
    assert sheet.print_area == "'名单'!$A$1:$C$4"
    assert sheet["A1"].fill.fgColor.rgb == HEADER_FILL.fgColor.rgb
    assert sheet["D1"].fill.fgColor.rgb == DETAIL_FILL.fgColor.rgb  # on screen only
    assert sheet.page_setup.orientation == "portrait" and int(sheet.page_setup.fitToWidth) == 1
    assert sum(widths(sheet, 3)) <= PORTRAIT_BUDGET


def test_too_wide_to_fit_prints_at_80_percent_with_the_id_repeated(tmp_path: Path) -> None:
    frame = households().rename(columns={"户主姓名": "乡(镇)"})
    frame = frame[["乡(镇)", "户编号", "风险依据", "人口数"]]
    for n in range(6):
        frame[f"依据{n}"] = LONG
    sheet = written(tmp_path, frame)

    assert sum(widths(sheet, frame.shape[1])) > PRINT_BUDGET
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is False
    assert int(sheet.page_setup.scale) == ACROSS_SCALE  # 11-pt cells print at 8.8 pt
    assert sheet.print_title_cols == "$A:$B"  # up to 户编号, on every page
    assert sheet.page_setup.pageOrder == "overThenDown"


def test_place_order_follows_the_region_code_in_the_household_id() -> None:
    frame = pd.DataFrame(
        {
            "household_id": ["4310811050010001", "4310811010020001", "H9", "4310811010010002"],
            "township": ["蓼江镇", "唐洞街道", "无编码乡", "唐洞街道"],
            "village": ["蓼江村", "江背村", "某村", "新市村"],
        }
    )

    assert place_order(frame, ["township"], 9) == {"唐洞街道": 0, "蓼江镇": 1, "无编码乡": 2}
    ordered = sort_by_place(frame)
    assert ordered["village"].tolist() == ["新市村", "江背村", "蓼江村", "某村"]


TOWNS = st.lists(
    st.tuples(st.integers(101, 199), st.sampled_from("甲乙丙丁戊")), min_size=1, max_size=12
)


@settings(max_examples=60, deadline=None)
@given(TOWNS, st.randoms())
def test_sorting_by_place_keeps_every_row_and_orders_by_code(
    towns: list[tuple[int, str]], random: Any
) -> None:
    rows = [
        {"household_id": f"431081{code}{n:03d}0001", "township": f"{name}{code}", "village": "村"}
        for n, (code, name) in enumerate(towns)
    ]
    random.shuffle(rows)
    frame = pd.DataFrame(rows)
    ordered = sort_by_place(frame)

    assert sorted(ordered.index) == sorted(frame.index)
    codes = ordered["household_id"].str.slice(6, 9).astype(int).tolist()
    assert codes == sorted(codes)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_safe_file_names_cannot_leave_the_folder(text: str) -> None:
    name = safe_file_name(text)

    assert name and len(name) <= 41
    assert not re.search(r'[\x00-\x1f\x7f<>:"/\\|?*\s]', name)
    assert not name.startswith(".") and name not in (".", "..")
    assert name.split(".")[0].lower() not in ("con", "prn", "aux", "nul", "com1", "lpt1")


def test_campaign_workbooks_name_the_county_and_date_on_every_page(tmp_path: Path) -> None:
    """The audit's workbook (another module's sheets) gets the page texts through
    ``outputs.export`` and the totals of 按乡镇 stay outside its filter."""
    result = api.audit(
        EXAMPLE / "roster.xlsx",
        {"civil": EXAMPLE / "dept" / "civil.csv"},
        profile="zixing",
        year=2021,
        as_of=date(2021, 12, 31),
    )
    path = tmp_path / "audit.xlsx"
    export(result, "xlsx", path)
    workbook = load_workbook(path)

    for sheet in workbook.worksheets:
        assert sheet.oddHeader.left.text == "资兴市", sheet.title
        assert sheet.oddHeader.right.text == "截至 2021-12-31", sheet.title
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页", sheet.title
    towns = workbook["按乡镇"]
    assert towns.cell(towns.max_row, 1).value == "合计"
    assert towns.auto_filter.ref.endswith(str(towns.max_row - 1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_list_sheet_of_the_report_prints_at_8_pt_or_more(
    lang: str, tmp_path: Path, example_report: Any
) -> None:
    workbook = load_workbook(example_report(lang))
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        # the budget's own measure (LibreOffice's wider column unit), with its margin:
        # LibreOffice was measured 2-3 % under it where wrapped rows are tall
        assert sheet_points(sheet) >= TARGET_POINTS - 0.05, sheet.title
        assert int(setup.paperSize) == 9, sheet.title
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        assert sheet.oddHeader.left.text == "资兴市", sheet.title
        assert "2021-12-31" in sheet.oddHeader.right.text, sheet.title
        assert sheet["A1"].value and sheet["A1"].font.sz >= 14, sheet.title  # a title row
        ids = [c for c in sheet[2] if c.value in ("户编号", "household ID")]
        for cell in ids:  # 户编号 whole: as wide as its longest value
            longest = max(
                (len(r[0].value) for r in sheet.iter_rows(min_row=3, min_col=cell.column,
                                                         max_col=cell.column)
                 if re.fullmatch(r"[0-9A-Za-z*]+", str(r[0].value or ""))),
                default=0,
            )  # fmt: skip
            assert sheet.column_dimensions[cell.column_letter].width >= longest + 1, sheet.title


def test_the_print_budget_keeps_a_margin_over_8_pt() -> None:
    """LibreOffice fits a sheet with tall wrapped rows 2-3 % smaller than the budget's
    measure (issue 16: 8.21 pt where it says 8.5): the target leaves room for that."""
    assert TARGET_POINTS * 0.96 >= LEAST_POINTS
    assert ACROSS_SCALE / 100 * 11 >= LEAST_POINTS


@pytest.mark.parametrize("county", ["zixing", "zixing_2026"])
def test_every_sheet_of_both_example_reports_is_within_the_print_budget(
    county: str, example_report: Any
) -> None:
    """Every sheet of the report (the 2026 one with 脱贫户分类 too) prints at 8 pt or
    more under LibreOffice; each titles its county; 概览 prints every chart."""
    workbook = load_workbook(example_report("zh", county))
    for sheet in workbook.worksheets:
        assert sheet_points(sheet) >= TARGET_POINTS - 0.05, (county, sheet.title)
        assert sheet_points(sheet) >= LEAST_POINTS, (county, sheet.title)
        assert str(sheet["A1"].value).startswith("资兴市"), (county, sheet.title)
        assert sheet.oddHeader.left.text == "资兴市", (county, sheet.title)
    if county == "zixing_2026":
        sorted_sheet = workbook["脱贫户分类"]
        assert sorted_sheet["A1"].value == "资兴市脱贫户分类"
        assert sorted_sheet.oddHeader.center.text == "资兴市脱贫户分类"
    overview = workbook["概览"]
    charts = overview._charts
    assert len(charts) == 3
    last_row = int(str(overview.print_area).rsplit("$", 1)[-1])
    for chart in charts:
        top = chart.anchor._from.row + 1  # 0-based in the drawing
        rows = chart.anchor.ext.height / 12700 / 15  # EMU → points → 15-pt rows
        assert last_row >= top + rows, overview.print_area  # the whole chart prints


def test_the_classify_workbook_prints_at_8_pt_or_more(tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    result = api.classify(EXAMPLE / "roster.xlsx", profile="zixing", as_of=date(2021, 12, 31))
    export(result, "xlsx", target)
    workbook = load_workbook(target)
    for sheet in workbook.worksheets:
        assert sheet_points(sheet) >= TARGET_POINTS - 0.05, sheet.title


def test_long_text_narrows_to_save_rows_and_wraps_whole(tmp_path: Path) -> None:
    """Over the budget, the narrow columns share the width where it saves the most
    rows: the long text gets it, short words wrap; nothing is cut (rows grow)."""
    frame = pd.DataFrame(
        {
            "户编号": ["4310811010010001"] * 4,
            "乡(镇)": ["唐洞街道"] * 4,
            "监测状态": ["建议纳入监测"] * 4,
            "依据": [LONG * 3] * 4,
            "说明": [LONG * 2] * 4,
            **{f"备注{n}": ["1234567890"] * 4 for n in range(6)},
        }
    )
    sheet = written(tmp_path, frame, narrow=["乡(镇)", "监测状态", "依据", "说明"])
    shown = widths(sheet, frame.shape[1])
    assert sum(shown) <= PRINT_BUDGET + 0.05
    assert shown[0] >= 17  # the ID whole
    assert shown[3] > shown[2] and shown[3] > shown[1]  # the longest text gets the width
    for column, text in ((2, "建议纳入监测"), (4, LONG * 3), (5, LONG * 2)):
        cell = sheet.cell(row=2, column=column)
        assert cell.alignment.wrap_text or lines_needed(text, shown[column - 1]) == 1
    tallest = max(lines_needed(v, w) for v, w in zip(frame.iloc[0, :6], shown, strict=False))
    assert (sheet.row_dimensions[2].height or 0) >= tallest * 15
    assert sheet_points(sheet) >= TARGET_POINTS - 0.05


def test_one_township_order_in_every_sheet_of_the_report(example_report: Any) -> None:
    workbook = load_workbook(example_report("zh"))
    roster = api.classify(EXAMPLE / "roster.xlsx", profile="zixing", as_of=date(2021, 12, 31))
    rank = {name: n for n, name in enumerate(township_order(roster.households))}
    assert list(rank)[:2] == ["唐洞街道", "州门镇"]  # 4310811010…, 4310811020…: by code

    for title in ("监测对象", "帮扶措施", "风险消除", "排查发现"):
        sheet = workbook[title]
        header = [c.value for c in sheet[2]]
        towns = [r[header.index("乡(镇)")] for r in sheet.iter_rows(min_row=3, values_only=True)]
        ranks = [rank.get(t, len(rank)) for t in towns]
        assert ranks == sorted(ranks), title
    overview = [r[0] for r in workbook["概览"].iter_rows(values_only=True)]
    start = overview.index("乡(镇)") + 1
    chart_towns = overview[start : overview.index("合计", start)]
    assert chart_towns == sorted(chart_towns, key=rank.__getitem__)


def _sheet_facts(sheet: Worksheet) -> dict[str, Any]:
    """Everything a person sees of a sheet: cells with their styles, sizes, page setup."""
    cells = {
        cell.coordinate: (
            cell.value,
            cell.data_type,
            cell.number_format,
            (cell.font.name, cell.font.b, cell.font.i, cell.font.sz, str(cell.font.color)),
            (cell.fill.fgColor.rgb, cell.fill.fill_type),
            (cell.alignment.horizontal, cell.alignment.vertical, cell.alignment.wrap_text),
        )
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None or cell.has_style
    }
    setup = sheet.page_setup
    return {
        "cells": cells,
        "widths": {k: v.width for k, v in sheet.column_dimensions.items()},
        "heights": {k: v.height for k, v in sheet.row_dimensions.items() if v.height},
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "freeze": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "setup": (setup.orientation, setup.fitToWidth, setup.fitToHeight, setup.scale),
        "fit": sheet.sheet_properties.pageSetUpPr.fitToPage,
        "titles": (sheet.print_title_rows, sheet.print_title_cols, sheet.print_area),
        "header": (sheet.oddHeader.left.text, sheet.oddHeader.center.text),
        "footer": (sheet.oddFooter.left.text, sheet.oddFooter.center.text),
    }


@pytest.mark.parametrize("rows", [0, 3])
def test_a_streamed_sheet_is_the_sheet_a_normal_workbook_gets(tmp_path: Path, rows: int) -> None:
    """write_workbook streams (write-only) when every writer can; the sheet is the same,
    style for style, as the one written into a normal workbook."""
    frame = households(rows).assign(
        日期=[f"2021-03-0{n + 1}" for n in range(rows)],
        金额=[1234.5 + n for n in range(rows)],
        备注=['=HYPERLINK("x")', None, "好"][:rows],
    )
    if rows:
        frame.loc[len(frame)] = ["合计", None, None, 6, None, 3703.5, None]
    fill = table_sheet(
        frame,
        number_formats={"金额": "#,##0.00"},
        title="名单标题",
        print_columns=["户主姓名", "户编号"],
    )
    streamed, normal = tmp_path / "streamed.xlsx", tmp_path / "normal.xlsx"
    with print_context("资兴市", "2021-12-31", "roster.xlsx"):
        write_workbook(streamed, [("名单", fill)])
        write_workbook(normal, [("名单", lambda sheet: fill(sheet))])  # not streamable

    facts = _sheet_facts(load_workbook(streamed)["名单"])
    assert facts == _sheet_facts(load_workbook(normal)["名单"])
    if rows:
        assert facts["cells"]["G3"][:2] == ('=HYPERLINK("x")', "s")  # text, not a formula
