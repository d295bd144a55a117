"""Tests for `fanpin validate` through typer's CliRunner: exit codes, messages, outputs."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fanpin import __version__, api
from fanpin.cli.commands import app
from fanpin.errors import FanpinError
from fanpin.io.models import ValidationResult
from tests.conftest import MakeRoster
from tests.rosters import header, household, issues_of, member, valid_id, write_xlsx

runner = CliRunner()
ZH_HEADERS = [
    "乡(镇)",
    "行政村",
    "户编号",
    "户主姓名",
    "级别",
    "问题",
    "行号",
    "列",
    "值",
    "说明",
    "整改情况（村填写）",
    "工作表",
    "问题代码（供程序使用）",
]
EN_HEADERS = ["township", "village", "household ID", "head of household", "severity", "problem"]


def errors_roster() -> list[dict[str, object]]:
    """Two households with three errors and one warning."""
    rows = household("H001", 2) + household("H002", 2, first_order=3, declared_size=3)
    rows[0][header("name")] = ""
    rows[1][header("health")] = "良好"
    rows[3][header("id_number")] = int(valid_id(order="004"))
    return rows


@pytest.fixture(scope="module")
def errors_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("errors") / "roster.xlsx", errors_roster())


@pytest.fixture(scope="module")
def errors_result(errors_file: Path) -> ValidationResult:
    """What the library returns for errors_file, to compare the CLI's outputs with."""
    return api.validate(errors_file)


def invoke(*args: str | Path):
    return runner.invoke(app, ["validate", *(str(a) for a in args)])


def test_clean_roster_exits_0_with_summary(make_roster: MakeRoster) -> None:
    path = make_roster(household("H001", 2) + household("H002", 1, first_order=3), title_rows=1)
    result = invoke(path)

    assert result.exit_code == 0, result.output
    assert "roster.xlsx 工作表 '花名册'，表头在第 2 行：3 条记录，2 户" in result.stdout
    assert "未发现问题" in result.stdout
    assert result.stderr == ""
    english = invoke(path, "--lang", "en")
    assert "roster.xlsx sheet '花名册', header row 2: 3 records, 2 households" in english.stdout
    assert "no problems found" in english.stdout


def test_errors_exit_1_and_are_listed(errors_file: Path) -> None:
    result = invoke(errors_file)

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for code in ("missing_value", "not_in_vocabulary", "id_as_number", "size_mismatch"):
        assert code in result.stdout
    for name in (
        "必填项为空",
        "填写值不在允许范围",
        "证件号码被存成数字",
        "家庭人口数与成员数不符",
    ):
        assert name in result.stdout
    assert "错误 3 条，提示 1 条" in result.stdout
    assert "error" not in result.stdout.replace("errors.xlsx", "")  # one word: 错误
    english = invoke(errors_file, "--lang", "en")
    assert "3 errors, 1 warnings" in english.stdout and "ID stored as a number" in english.stdout


def test_warnings_only_exit_0(make_roster: MakeRoster) -> None:
    rows = household("H001", 2, declared_size=4, reported_per_capita_income=1)
    result = invoke(make_roster(rows))

    assert result.exit_code == 0, result.output
    assert "size_mismatch" in result.stdout and "income_mismatch" in result.stdout
    assert "错误 0 条，提示 2 条" in result.stdout


def test_quiet_prints_nothing(errors_file: Path) -> None:
    result = invoke(errors_file, "--quiet")

    assert result.exit_code == 1
    assert result.stdout == ""


def test_missing_file_one_line_on_stderr(tmp_path: Path) -> None:
    result = invoke(tmp_path / "nope.xlsx", "--lang", "en")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "file not found" in lines[0] and "nope.xlsx" in lines[0]
    assert result.stdout == ""


def test_missing_column_one_line_listing_found_columns(make_roster: MakeRoster) -> None:
    rows = [{k: v for k, v in member().items() if k != header("relation")}]
    result = invoke(make_roster(rows), "--lang", "en")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "missing column 与户主关系 (relation)" in line
    found = line.split("found:", 1)[1]
    for present in ("户编号", "姓名", "证件号码", "工资性收入"):
        assert present in found


def test_debug_lets_the_exception_through(tmp_path: Path) -> None:
    result = invoke(tmp_path / "nope.xlsx", "--debug")

    assert result.exit_code == 1
    assert isinstance(result.exception, FanpinError)
    assert "file not found" in str(result.exception)


def test_bad_option_value_exits_2(make_roster: MakeRoster) -> None:
    result = invoke(make_roster([member()]), "--format", "yaml")

    assert result.exit_code == 2
    assert "yaml" in result.stderr
    assert result.stdout == ""


def test_bad_lang_exits_2(make_roster: MakeRoster) -> None:
    result = invoke(make_roster([member()]), "--lang", "fr")

    assert result.exit_code == 2


def test_missing_argument_exits_2() -> None:
    result = runner.invoke(app, ["validate"])

    assert result.exit_code == 2


def test_output_name_without_known_suffix_exits_2(make_roster: MakeRoster, tmp_path: Path) -> None:
    result = invoke(make_roster([member()]), "-o", tmp_path / "issues.txt")

    assert result.exit_code == 2
    assert "unexpected error" not in result.output
    assert not (tmp_path / "issues.txt").exists()


def test_xlsx_to_stdout_is_refused_clearly(make_roster: MakeRoster) -> None:
    result = invoke(make_roster([member()]), "--format", "xlsx")

    assert result.exit_code in (1, 2)
    assert "-o" in result.stderr
    assert "unexpected error" not in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_json_equals_library_result(errors_file: Path, errors_result: ValidationResult) -> None:
    result = invoke(errors_file, "--format", "json")

    assert result.exit_code == 1
    assert json.loads(result.stdout) == errors_result.to_dict()


def test_json_in_english(errors_file: Path) -> None:
    result = invoke(errors_file, "--format", "json", "--lang", "en")

    assert json.loads(result.stdout) == api.validate(errors_file, lang="en").to_dict()
    assert json.loads(result.stdout)["meta"]["lang"] == "en"


def test_json_of_clean_roster_exits_0(make_roster: MakeRoster) -> None:
    result = invoke(make_roster([member()]), "--format", "json")

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["issues"] == []
    assert data["summary"]["errors"] == 0


def test_csv_one_line_per_issue(errors_file: Path, errors_result: ValidationResult) -> None:
    result = invoke(errors_file, "--format", "csv")
    expected = issues_of(errors_result)

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + len(expected)
    records = list(csv.reader(io.StringIO(result.stdout)))
    assert records[0] == ZH_HEADERS
    assert [(r[12], int(r[6]), r[7]) for r in records[1:]] == [
        (i.code, i.row, i.column) for i in expected
    ]


def test_csv_headers_follow_lang(errors_file: Path) -> None:
    result = invoke(errors_file, "--format", "csv", "--lang", "en")

    header_line = result.stdout.splitlines()[0].split(",")
    assert header_line[:6] == EN_HEADERS
    assert "is empty; fill it in" in result.stdout


def test_output_xlsx_reads_back(
    errors_file: Path, errors_result: ValidationResult, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "issues.xlsx"
    result = invoke(errors_file, "-o", target)

    assert result.exit_code == 1
    assert target.exists()
    assert f"已写入 {target}" in result.stdout
    workbook = load_workbook(target)
    sheet = workbook.active
    assert sheet.title == "数据问题"
    assert sheet["A1"].value == "花名册数据问题清单：roster.xlsx"  # the file checked
    cells = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells[0] == ZH_HEADERS
    expected = issues_of(errors_result)
    assert [(r[12], r[4], r[6], r[7], r[8]) for r in cells[1:]] == [
        (i.code, "错误" if i.severity == "error" else "提示", i.row, i.column, i.value or None)
        for i in expected
    ]
    assert {(r[0], r[1], r[2], r[3]) for r in cells[1:]} == {
        ("唐洞街道", "新市村", "H001", None),  # the head's name is the missing value
        ("唐洞街道", "新市村", "H002", "成员3"),
    }
    about = {r[0]: r[1] for r in workbook["说明"].iter_rows(min_row=2, values_only=True)}
    assert about["检查的文件"] == "roster.xlsx"
    assert about["错误(条)"] == 3 and about["提示(条)"] == 1
    assert sheet.oddFooter.left.text == "roster.xlsx"
    assert not list(tmp_path.rglob("*.part"))


def test_split_by_village_one_workbook_per_village(tmp_path: Path) -> None:
    rows = household("H001", 2) + household("H002", 1, first_order=3, village="东坪村")
    rows += household("H003", 1, first_order=4, township="兴宁镇", village="a/b:c")
    rows[0][header("health")] = "良好"
    rows[2][header("health")] = "良好"
    rows[3][header("health")] = "良好"
    path = write_xlsx(tmp_path / "roster.xlsx", rows)
    folder = tmp_path / "villages"

    result = invoke(path, "--split-by", "village", "-o", folder)

    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "兴宁镇_a_b_c_数据问题.xlsx",  # a village name is made safe as a file name
        "唐洞街道_东坪村_数据问题.xlsx",
        "唐洞街道_新市村_数据问题.xlsx",
    ]
    book = load_workbook(folder / "唐洞街道_东坪村_数据问题.xlsx")
    sheet = book["数据问题"]
    assert sheet["A1"].value == "唐洞街道东坪村花名册数据问题清单：roster.xlsx"
    rows_read = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows_read] == [("唐洞街道", "东坪村", "H002")]
    assert "按村拆分：3 个工作簿" in result.stdout
    usage = invoke(path, "--split-by", "village", "-o", tmp_path / "one.xlsx")
    assert usage.exit_code == 2 and "文件夹" in usage.stderr


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_output_by_suffix(
    errors_file: Path, errors_result: ValidationResult, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"issues.{suffix}"
    result = invoke(errors_file, "-o", target)

    assert result.exit_code == 1
    expected = errors_result
    if suffix == "json":
        assert json.loads(target.read_text(encoding="utf-8")) == expected.to_dict()
    else:
        text = target.read_text(encoding="utf-8-sig")
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
        assert [r[12] for r in csv.reader(io.StringIO(text))][1:] == [
            i.code for i in issues_of(expected)
        ]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_output_replaces_previous_file(make_roster: MakeRoster, tmp_path: Path) -> None:
    target = tmp_path / "issues.json"
    target.write_text("old", encoding="utf-8")
    result = invoke(make_roster([member()]), "-o", target)

    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["issues"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issues.json", "roster.xlsx"]


def test_input_file_unchanged(errors_file: Path, tmp_path: Path) -> None:
    before = (errors_file.read_bytes(), errors_file.stat().st_mtime_ns)
    result = invoke(errors_file, "-o", tmp_path / "issues.xlsx")

    assert result.exit_code == 1
    assert (errors_file.read_bytes(), errors_file.stat().st_mtime_ns) == before


def test_sheet_option(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx", [member()], sheet="花名册", sheets_before={"说明": [["说明"]]}
    )
    assert invoke(path, "--sheet", "花名册").exit_code == 0
    result = invoke(path, "--sheet", "Sheet9")
    assert result.exit_code == 1
    assert "Sheet9" in result.stderr and "花名册" in result.stderr


def test_version_via_python_m() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "fanpin", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"fanpin {__version__}"


def test_library_does_not_import_cli_stack() -> None:
    code = (
        "import sys, fanpin.api, fanpin.io.read, fanpin.io.validate\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'typer', 'rich', 'click'}"
        " or m in {'fanpin.cli.commands', 'fanpin.cli.terminal'})\n"
        "print(','.join(loaded))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == ""
