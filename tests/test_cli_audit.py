"""`fanpin audit` through typer's CliRunner: --dept parsing, --fail-on exit codes, outputs."""

from __future__ import annotations

import csv
import io
import json
import re
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
    result = runner.invoke(app, ["audit", str(warnings_only), "--dept", value], terminal_width=400)

    assert result.exit_code == 2
    text = plain(result.stderr)
    assert message in text
    assert "medical, civil, disability, housing, education, disaster, employment" in text


def test_a_kind_given_twice_is_a_usage_error(warnings_only: Path) -> None:
    args = ["audit", str(warnings_only), "--dept", "civil=a.csv", "--dept", "civil=b.csv"]
    result = runner.invoke(app, args, terminal_width=400)

    assert result.exit_code == 2
    assert "civil is given twice" in plain(result.stderr)


def test_a_missing_list_is_one_line_and_exit_1(warnings_only: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["audit", str(warnings_only), "--dept", f"medical={tmp_path / 'none.xlsx'}", *DATES]
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
    assert [f["code"] for f in printed["findings"]] == [
        "income_decline",
        "should_monitor",
        "list_unknown_id",
    ]
    assert set(printed) == {"meta", "summary", "findings", "issues"}


def test_workbook_has_a_summary_and_one_sheet_per_code(with_errors: Path, tmp_path: Path) -> None:
    civil = with_errors.parent / "civil.xlsx"
    out = tmp_path / "排查.xlsx"
    result = runner.invoke(
        app, ["audit", str(with_errors), "--dept", f"civil={civil}", *DATES, "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    assert "findings by check" in result.stdout
    assert "3 findings: 1 errors, 2 warnings in 2 households" in result.stdout
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
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["发现问题"] == 3
    assert summary["排查：应纳未纳"] == 1
    assert summary["名单比对：部门名单人员不在花名册"] == 1
    sheet = book["应纳未纳"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["级别", "乡(镇)", "行政村", "户编号"]
    assert header[-2:] == ["核实情况", "整改情况"]
    assert [c.value for c in sheet[2]][:4] == ["错误", "州门镇", "新市村", "H2"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:N2"
    townships = [row[0] for row in book["按乡镇"].iter_rows(min_row=2, values_only=True)]
    assert townships == ["三都镇", "州门镇", "（无乡镇）", "合计"]
    unknown = [c.value for c in book["部门名单人员不在花名册"][2]]
    assert "civil.xlsx 第 3 行" in unknown


def test_english_csv_is_one_flat_table(with_errors: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    result = runner.invoke(app, ["audit", str(with_errors), *DATES, "--lang", "en", "-o", str(out)])

    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["income_decline", "should_monitor"]
    assert rows[1]["finding"] == "should be monitored"
    assert rows[1]["severity"] == "error"
    assert rows[1]["township"] == "州门镇"
    assert "proposed category: marginal" in rows[1]["evidence"]
