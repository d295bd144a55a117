"""The terminal summaries (cli/show_*): values from files print as written (rich markup
escaped), the shared problem tables speak the run's language, classify and the report
count the 脱贫户 sorting, profile names are never broken."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from rich.console import Console
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli import show_roster
from fanpin.cli.commands import app
from tests import hostile
from tests.rosters import household, write_xlsx

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
DATA = EXAMPLE / "data" / "zixing"
AS_OF = ["--year", "2021", "--as-of", "2021-12-31"]
POOR = {"wage_income": 3000, "business_income": 0, "transfer_income": 0, "business_expense": 0}
TOWNSHIP = "[red]镇"  # rich would print 镇 in red and swallow the rest
VILLAGE = "[link=https://example.invalid]村"
HEAD = "[bold]张三"


def run(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args], terminal_width=240)


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A roster whose township, village and head look like rich markup; H001 is poor."""
    rows = household(
        "H001",
        2,
        household_type="一般农户",
        monitored_since="",
        township=TOWNSHIP,
        village=VILLAGE,
        **POOR,
    )
    rows[0]["姓名"] = HEAD
    rows += household(
        "H002", 1, first_order=3, township=TOWNSHIP, village=VILLAGE, monitored_since=""
    )
    return write_xlsx(tmp_path_factory.mktemp("marked") / "roster.xlsx", rows)


def test_names_print_as_written_in_audit_notice_and_simulate(marked: Path) -> None:
    audited = run("audit", marked, *AS_OF)
    assert audited.exit_code == 0, audited.output
    assert TOWNSHIP in audited.stdout  # 按乡镇

    notice = run("notice", marked, "--village", VILLAGE, "--start", "2021-12-01", *AS_OF)
    assert notice.exit_code == 0, notice.output
    assert HEAD in notice.stdout and VILLAGE in notice.stdout

    simulated = run("simulate", marked, "--line", "2021=20000", *AS_OF)
    assert simulated.exit_code == 0, simulated.output
    assert TOWNSHIP in simulated.stdout  # townships that change


def test_names_print_as_written_in_procedure_and_fund(tmp_path: Path) -> None:
    cases, ledger = tmp_path / "cases.xlsx", tmp_path / "ledger.xlsx"
    shutil.copy(DATA / "cases.xlsx", cases)
    shutil.copy(DATA / "fund_ledger.xlsx", ledger)
    hostile.plant_in_workbook(cases, {"乡(镇)": TOWNSHIP, "户编号": "[/]"}, rows=120)
    hostile.plant_in_workbook(ledger, {"乡(镇)": TOWNSHIP}, rows=80)

    procedure = run("procedure", cases, "--profile", "zixing", "--as-of", "2021-12-31")
    assert procedure.exit_code == 0, procedure.output
    assert TOWNSHIP in procedure.stdout and "[/]" in procedure.stdout

    fund = run("fund", ledger, "--roster", DATA / "roster.xlsx", "--profile", "zixing", *AS_OF)
    assert TOWNSHIP in fund.stdout, fund.output  # by township


def test_problem_tables_speak_the_runs_language(capsys: pytest.CaptureFixture[str]) -> None:
    """``issues_overview`` (every command's problems) heads and words its tables in the
    language given; the severity is 错误 / 提示."""
    result = api.validate(DATA / "messy_roster.xlsx")
    for lang, words, absent in (
        ("zh", ("按问题统计", "工作表", "行号", "说明", "错误"), ("sheet", "message", "error")),
        ("en", ("problems by code", "sheet", "row", "message", "error"), ("工作表", "错误")),
    ):
        with show_roster.console.capture() as captured:
            show_roster.issues_overview(
                result.issues,
                result.summary.by_code,
                5,
                "-o x.xlsx",
                lang,  # type: ignore[arg-type]
            )
        text = captured.get()
        for word in words:
            assert word in text, (lang, word)
        header = "\n".join(text.splitlines()[:4])
        for word in absent:
            assert word not in header, (lang, word)


def test_classify_counts_the_sorting_of_escaped_households(tmp_path: Path) -> None:
    rows = household("H001", 2, monitored_since="", wage_income=40000)  # 脱贫户, well off
    rows += household("H002", 1, first_order=3, monitored_since="", **POOR)  # 脱贫户, poor
    roster = write_xlsx(tmp_path / "roster.xlsx", rows)
    common = [roster, "--as-of", "2026-03-31", "--line", "2026=7600"]

    sorted_ = run("classify", *common, "--profile", "national-2026")
    plain = run("classify", *common)

    assert sorted_.exit_code == 0, sorted_.output
    text = sorted_.stdout
    exit_row = re.search(r"脱贫户·建议有序退出\D+(\d+)\D+(\d+)", text)
    keep_row = re.search(r"脱贫户·建议继续帮扶\D+(\d+)\D+(\d+)", text)
    assert exit_row and exit_row.groups() == ("1", "2")
    assert keep_row and keep_row.groups() == ("1", "1")
    assert "脱贫户·" not in plain.stdout  # national: no sorting


def test_the_2026_report_summary_counts_the_sorting(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
    result = api.report("zixing_2026", workspace=folder)
    figures = result.figures

    done = run("report", "--county", "zixing_2026", "--workspace", folder)

    keep, leave = figures["escaped_continue"], figures["escaped_exit"]
    line = f"脱贫户分类：建议继续帮扶 {keep} 户，建议有序退出 {leave} 户"
    assert line in done.stdout, done.output
    older = run("report", "--county", "zixing", "--workspace", folder)
    assert "脱贫户分类" not in older.stdout


def test_profile_names_are_never_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "a_rather_long_county_profile_name"
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "p.toml").write_text(
        f'extends = "national"\nname = "{name}"\nversion = "1"\n', encoding="utf-8"
    )
    console = Console(width=60, record=True)
    monkeypatch.setattr(show_roster, "console", console)
    show_roster.profiles_table(api.list_profiles(tmp_path), "zh")
    assert name in console.export_text()  # whole, on one line, in a narrow terminal
