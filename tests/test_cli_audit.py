"""`fanpin audit` through typer's CliRunner: --dept parsing, --fail-on exit codes, outputs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli.commands import app
from tests.rosters import Row, member, valid_id, write_xlsx

runner = CliRunner()
DATES = ["--year", "2021", "--as-of", "2021-12-31"]


def person(household_id: str, order: int, **fields: object) -> Row:
    values: dict[str, object] = {"wage_income": 10000, "business_income": 2000}
    values |= {"transfer_income": 1000, "business_expense": 1000}
    values |= fields
    net = sum(int(values[k]) for k in ("wage_income", "business_income", "transfer_income"))  # type: ignore[call-overload]
    return member(
        household_id=household_id,
        name=f"户主{order}",
        id_number=valid_id(order=f"{order:03d}"),
        reported_per_capita_income=net - int(values["business_expense"]),  # type: ignore[call-overload]
        **values,
    )


@pytest.fixture(scope="module")
def warnings_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 脱贫户 whose income fell: a warning, no error."""
    rows = [person("H1", 1, last_year_per_capita_income=15000)]
    return write_xlsx(tmp_path_factory.mktemp("warn") / "roster.xlsx", rows)


@pytest.fixture(scope="module")
def with_errors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two townships, an error (应纳未纳) and a warning; a civil list with an unknown ID."""
    low = {"household_type": "一般农户", "wage_income": 3000, "business_income": 0}
    rows = [
        person("H2", 2, township="州门镇", **low),
        person("H1", 1, township="三都镇", last_year_per_capita_income=15000),
    ]
    folder = tmp_path_factory.mktemp("errors")
    civil = [
        {"姓名": "外县人", "证件号码": valid_id(order="900", region="431021"), "救助类型": "低保"}
    ]
    write_xlsx(folder / "civil.xlsx", civil, title_rows=1)  # type: ignore[arg-type]
    return write_xlsx(folder / "roster.xlsx", rows)


def plain(text: str) -> str:
    """Usage errors come in a rich panel: drop its borders and line breaks."""
    return re.sub(r"[\s│╭╮╰╯─]+", " ", text)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("medical", "'medical' is not KIND=FILE"),
        ("=x.csv", "is not KIND=FILE"),
        ("tax=x.csv", "unknown kind 'tax'"),
    ],
)
def test_bad_dept_option_is_a_usage_error_listing_the_kinds(
    warnings_only: Path, value: str, message: str
) -> None:
    args = ["audit", str(warnings_only), "--dept", value, "--lang", "en"]
    result = runner.invoke(app, args, terminal_width=400)

    assert result.exit_code == 2
    text = plain(result.stderr)
    assert message in text
    assert "medical, civil, disability, housing, education, disaster, employment" in text


def test_a_kind_given_twice_is_a_usage_error(warnings_only: Path) -> None:
    args = ["audit", str(warnings_only), "--dept", "civil=a.csv", "--dept", "civil=b.csv"]
    result = runner.invoke(app, [*args, "--lang", "en"], terminal_width=400)

    assert result.exit_code == 2
    assert "civil is given twice" in plain(result.stderr)


def test_a_missing_list_is_one_line_and_exit_1(warnings_only: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["audit", str(warnings_only), "--dept", f"medical={tmp_path / 'none.xlsx'}", *DATES]
        + ["--lang", "en"],
    )

    assert result.exit_code == 1
    assert result.stderr.startswith("error: file not found")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("roster", "fail_on", "code"),
    [
        ("warnings_only", None, 0),
        ("warnings_only", "error", 0),
        ("warnings_only", "warning", 1),
        ("with_errors", "error", 1),
    ],
)
def test_fail_on_exit_codes(
    roster: str, fail_on: str | None, code: int, request: pytest.FixtureRequest
) -> None:
    path = request.getfixturevalue(roster)
    extra = ["--fail-on", fail_on] if fail_on else []
    result = runner.invoke(app, ["audit", str(path), *DATES, "--quiet", *extra])

    assert result.exit_code == code, result.output
    assert result.stdout == ""


def test_json_is_what_the_library_returns(with_errors: Path) -> None:
    civil = with_errors.parent / "civil.xlsx"
    result = runner.invoke(
        app, ["audit", str(with_errors), "--dept", f"civil={civil}", *DATES, "--format", "json"]
    )
    library = api.audit(with_errors, {"civil": civil}, year=2021, as_of=date(2021, 12, 31))

    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == json.loads(json.dumps(library.to_dict(), ensure_ascii=False))
    assert [f["code"] for f in printed["findings"]] == [  # 州门镇 comes first in the roster
        "should_monitor",
        "income_decline",
        "list_unknown_id",
    ]
    assert set(printed) == {"meta", "summary", "findings", "issues", "income_basis"}
    assert printed["income_basis"] == []  # no low-income list given


def test_workbook_has_a_summary_and_one_sheet_per_code(with_errors: Path, tmp_path: Path) -> None:
    civil = with_errors.parent / "civil.xlsx"
    out = tmp_path / "排查.xlsx"
    result = runner.invoke(
        app, ["audit", str(with_errors), "--dept", f"civil={civil}", *DATES, "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert f"已写入 {out}" in result.stdout  # the terminal speaks --lang, the last line too
    assert "按检查项" in result.stdout
    assert "发现问题 3 条：错误 1 条，提示 2 条，涉及 2 户" in result.stdout
    book = load_workbook(out)
    assert book.sheetnames == [
        "汇总",
        "按乡镇",
        "应纳未纳",
        "人均纯收入同比下降",
        "部门名单人员不在花名册",
        "数据问题",
        "参数",
    ]
    rows = list(book["汇总"].iter_rows(values_only=True))
    assert rows[0] == ("项目", "值", "说明", "检查代码（供程序使用）")
    summary = {row[0]: row[1:] for row in rows[1:]}
    assert summary["发现问题"][0] == 3
    assert summary["排查：应纳未纳"] == (1, "错误 1，提示 0", "should_monitor")
    assert summary["名单比对：部门名单人员不在花名册"][0] == 1
    sheet = book["应纳未纳"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["级别", "乡(镇)", "行政村", "户编号"]
    assert header[header.index("依据") : header.index("整改情况") + 1] == [
        "依据",
        "建议措施",
        "核实情况",
        "整改情况",
    ]
    assert [c.value for c in sheet[2]][:4] == ["错误", "州门镇", "新市村", "H2"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:N2"
    townships = [row[0] for row in book["按乡镇"].iter_rows(min_row=2, values_only=True)]
    assert townships == ["州门镇", "三都镇", "（无乡镇）", "合计"]  # roster order
    unknown = [c.value for c in book["部门名单人员不在花名册"][2]]
    assert "civil.xlsx 第 3 行" in unknown


def test_workbook_speaks_chinese_with_one_word_per_severity(
    with_errors: Path, tmp_path: Path
) -> None:
    """Codes only in the columns named for scripts; 错误 / 提示 and nothing else."""
    civil = with_errors.parent / "civil.xlsx"
    out = tmp_path / "排查.xlsx"
    result = runner.invoke(
        app, ["audit", str(with_errors), "--dept", f"civil={civil}", *DATES, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    machine = {"检查代码（供程序使用）", "参数名（供程序使用）", "问题代码（供程序使用）"}
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        kept = [i for i, h in enumerate(header) if h not in machine]
        for row in sheet.iter_rows(min_row=2, values_only=True):
            for i in kept:
                value = row[i]
                if isinstance(value, str):
                    assert value not in ("error", "warning", "提醒", "警告"), sheet.title
                    assert not re.fullmatch(r"[a-z]+(_[a-z]+)+", value), (sheet.title, value)
    # the problems sheet every command writes (tables.problems_view): which input, then
    # severity and problem in words; the code last, for scripts
    problems = [c.value for c in book["数据问题"][1]]
    assert problems[:4] == ["来源", "文件", "级别", "问题"]
    assert problems[-1] == "问题代码（供程序使用）"
    parameters = {row[2]: row[0] for row in book["参数"].iter_rows(min_row=2, values_only=True)}
    assert parameters["audit.cadre_max_households"] == "每名帮扶责任人结对户数上限(户)"
    assert parameters["dept_temporary_relief"] == "部门规则：民政：获临时救助"
    settings = {row[2]: row[1] for row in book["参数"].iter_rows(min_row=2, values_only=True)}
    assert settings["audit.require_leader_for_high"] == "否"
    assert settings["audit.employment_target"] == "（未设置）"


def test_workbook_prints_readably_on_a4(with_errors: Path, tmp_path: Path) -> None:
    """依据 wraps in a column as wide as its text needs; a findings sheet prints its acted-on
    columns within one page width at ≥ 8 pt (``paper.PRINT_BUDGET``); 按乡镇 prints across
    pages at 80 % with the township repeated, its 合计 outside the filter."""
    from fanpin.outputs.paper import ACROSS_SCALE, PRINT_BUDGET
    from fanpin.outputs.write import LINE_POINTS, lines_needed, text_width

    civil = with_errors.parent / "civil.xlsx"
    out = tmp_path / "排查.xlsx"
    result = runner.invoke(
        app, ["audit", str(with_errors), "--dept", f"civil={civil}", *DATES, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    sheet = book["应纳未纳"]
    header = [c.value for c in sheet[1]]
    evidence = sheet.cell(row=2, column=header.index("依据") + 1)
    letter = evidence.column_letter
    assert evidence.alignment.wrap_text
    width = sheet.column_dimensions[letter].width
    assert 16 <= width <= 40
    lines = lines_needed(evidence.value, width)
    assert lines == 1 or sheet.row_dimensions[2].height >= LINE_POINTS * lines  # the row grows
    assert sheet.column_dimensions["D"].width >= text_width("H2") + 2  # 户编号 whole
    area = str(sheet.print_area)
    assert area.endswith(f"$A$1:${chr(ord('A') + header.index('整改情况'))}$2")
    printed = sum(
        sheet.column_dimensions[chr(ord("A") + i)].width
        for i in range(header.index("整改情况") + 1)
    )
    assert printed <= PRINT_BUDGET
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    for each in book.worksheets:  # one page wide within the budget, or across pages at 80 %
        if not each.sheet_properties.pageSetUpPr.fitToPage:
            assert each.page_setup.scale == ACROSS_SCALE, each.title
    townships = book["按乡镇"]
    assert townships.auto_filter.ref == (
        f"A1:{townships.cell(1, townships.max_column).column_letter}{townships.max_row - 1}"
    )
    assert townships.cell(townships.max_row, 1).value == "合计"  # below the filtered rows


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are needed to render the workbook",
)
def test_workbook_renders_at_eight_points_or_more(with_errors: Path, tmp_path: Path) -> None:
    """Rendered to PDF by LibreOffice (A4), no page's text is smaller than 8 pt."""
    civil = with_errors.parent / "civil.xlsx"
    out = tmp_path / "audit.xlsx"
    result = runner.invoke(
        app, ["audit", str(with_errors), "--dept", f"civil={civil}", *DATES, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    html = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "audit.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = html.split("<page ")[1:]
    assert pages
    for number, page in enumerate(pages, start=1):
        boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        heights = [float(bottom) - float(top) for top, bottom in boxes]
        # a word box is about 1.3 × the font size (14.3 pt at 11 pt, 100 %)
        assert min(heights) / 1.3 >= 7.9, f"page {number}: text at {min(heights) / 1.3:.1f} pt"


def test_terminal_summary_in_english_under_lang_en(with_errors: Path) -> None:
    result = runner.invoke(app, ["audit", str(with_errors), *DATES, "--lang", "en"])

    assert result.exit_code == 0, result.output
    assert "findings by check" in result.stdout and "findings by township" in result.stdout
    assert "2 findings: 1 errors, 1 warnings in 2 households" in result.stdout
    assert "按检查项" not in result.stdout and "campaign check" in result.stdout


def test_terminal_summary_in_chinese_by_default(with_errors: Path) -> None:
    result = runner.invoke(app, ["audit", str(with_errors), *DATES], terminal_width=200)

    assert result.exit_code == 0, result.output
    out = result.stdout
    for words in ("按检查项", "类别", "检查项", "问题数", "按乡镇", "错误", "提示", "规则方案"):
        assert words in out, words
    assert "发现问题 2 条：错误 1 条，提示 1 条，涉及 2 户" in out
    for english in ("findings by", "households", "errors", "warnings", "profile", "as of"):
        assert english not in out, english


def test_english_csv_is_one_flat_table(with_errors: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    result = runner.invoke(app, ["audit", str(with_errors), *DATES, "--lang", "en", "-o", str(out)])

    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["should_monitor", "income_decline"]
    assert rows[0]["finding"] == "should be monitored"
    assert rows[0]["severity"] == "error"
    assert rows[0]["township"] == "州门镇"
    assert "proposed category: marginal" in rows[0]["evidence"]
    assert rows[0]["group"] == "campaign check"


@pytest.fixture(scope="module")
def with_low_income(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A monitored household (its bases 50 % apart) and a plain one, both on 民政's list."""
    monitored = {
        "recorded_category": "脱贫不稳定户",
        "monitored_since": "202109",
        "risk_eliminated": "否",
        "cadre": "王干部",
        "cadre_phone": "13800000001",
        "measures_received": "小额信贷、技能培训",
    }
    rows = [person("M1", 1, **monitored), person("P1", 2, township="州门镇")]
    folder = tmp_path_factory.mktemp("low_income")
    listed = [
        {
            "姓名": "户主1",
            "证件号码": valid_id(order="001"),
            "认定类型": "低保",
            "家庭人均收入": 6000,
        },
        {
            "姓名": "户主2",
            "证件号码": valid_id(order="002"),
            "认定类型": "低保边缘",
            "家庭人均收入": 12000,
        },
    ]
    low_income = write_xlsx(folder / "低收入人口.xlsx", listed, title_rows=1)  # type: ignore[arg-type]
    return write_xlsx(folder / "roster.xlsx", rows), low_income


def test_dept_low_income_on_the_command_line(
    with_low_income: tuple[Path, Path], tmp_path: Path
) -> None:
    roster, low_income = with_low_income
    out = tmp_path / "排查.xlsx"
    args = ["audit", str(roster), "--dept", f"low_income={low_income}", *DATES, "-o", str(out)]
    result = runner.invoke(app, args, terminal_width=200)

    assert result.exit_code == 0, result.output
    assert "low_income_not_monitored" in result.stdout and "income_basis_differs" in result.stdout
    assert "发现问题 2 条：错误 0 条，提示 2 条，涉及 2 户" in result.stdout
    book = load_workbook(out)
    assert book.sheetnames == [
        "汇总",
        "按乡镇",
        "预警·民政低收入人口未纳入监测",
        "收入口径比对",  # the sheet of income_basis_differs: one row per household
        "数据问题",
        "参数",
    ]
    sheet = book["收入口径比对"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "乡(镇)",
        "行政村",
        "户编号",
        "户主姓名",
        "民政认定类型",
        "花名册人均纯收入(元)",
        "民政口径人均收入(元/年)",
        "差额(元，花名册−民政)",
        "差额占较高者",
    )
    assert rows[1][:9] == ("唐洞街道", "新市村", "M1", "户主1", "低保", 12000, 6000, 6000, 0.5)
    assert rows[1][9:11] == ("王干部", "13800000001")
    assert sheet.cell(row=2, column=9).number_format == "0.0%"
    assert sheet.cell(row=2, column=6).number_format == "#,##0.00"
    assert len(rows) == 2

    as_json = runner.invoke(app, [*args[:-2], "--format", "json"])
    printed = json.loads(as_json.stdout)
    assert printed["income_basis"] == [
        {
            "township": "唐洞街道",
            "village": "新市村",
            "household_id": "M1",
            "head_name": "户主1",
            "recognition_types": ["dibao"],
            "roster_per_capita": 12000.0,
            "civil_per_capita": 6000.0,
            "difference": 6000.0,
            "gap": 0.5,
            "cadre": "王干部",
            "cadre_phone": "13800000001",
        }
    ]
    codes = {(f["code"], f["household_id"]) for f in printed["findings"]}
    assert codes == {("income_basis_differs", "M1"), ("low_income_not_monitored", "P1")}


def test_help_lists_the_low_income_kind() -> None:
    result = runner.invoke(app, ["audit", "--help"], terminal_width=400)
    assert "low_income" in plain(result.stdout)
