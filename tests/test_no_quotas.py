"""风险消除不设置比例要求 (domain.md §6): no output shows or implies a target elimination rate.

Every text part of the county workbooks (cells, sheet names and chart titles: all the
XML of the file) and the JSON of classify and audit, for both example counties, is
scanned for wording of an elimination rate, target, quota or progress towards one.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.cli.commands import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
ROSTER = EXAMPLE / "data" / "zixing" / "roster.xlsx"

QUOTA = re.compile(
    r"消除(?:率|比例|比率|占比|进度|目标|任务|指标|计划)"
    r"|(?:消除|退出)[^。；;\n<]{0,12}?\d+(?:\.\d+)?\s*[%％]"
    r"|清零"
    r"|eliminat\w*[ _](?:rate|ratio|share|progress|target|quota|goal|plan)"
    r"|(?:rate|ratio|share|percentage|target|quota)[ _]of[ _](?:risk[ _])?eliminat",
    re.IGNORECASE,
)


def quota_wording(text: str) -> list[str]:
    return sorted({match.group(0) for match in QUOTA.finditer(text)})


def workbook_text(path: Path) -> str:
    """Every XML part of an xlsx: cells (shared strings), sheet names, chart titles."""
    with zipfile.ZipFile(path) as book:
        return "\n".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")
        )


@pytest.mark.parametrize(
    "text",
    [
        "风险消除进度",
        "风险消除率 85%",
        "消除 90% 的监测户",
        "elimination progress",
        "elimination_rate",
        "share of eliminations",
    ],
)
def test_the_scanner_finds_quota_wording(text: str) -> None:
    assert quota_wording(text)


@pytest.mark.parametrize(
    "text",
    ["风险消除情况", "可消除风险(户)", "暂不能消除(户)", "elimination status", "risk elimination"],
)
def test_the_scanner_lets_plain_counts_through(text: str) -> None:
    assert quota_wording(text) == []


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quotas") / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
    return folder


@pytest.mark.parametrize("county", ["zixing", "zixing_2026"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_workbook_implies_no_elimination_rate(
    workspace: Path, county: str, lang: str
) -> None:
    target = workspace / f"{county}-{lang}.xlsx"
    api.report(county, workspace=workspace, output=target, lang=lang)  # type: ignore[arg-type]

    assert quota_wording(workbook_text(target)) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--profile", "zixing", "--year", "2021", "--as-of", "2021-12-31"],
        ["--profile", "national-2026", "--line", "2026=7600", "--as-of", "2026-03-31"],
    ],
)
@pytest.mark.parametrize("command", ["classify", "audit"])
def test_json_implies_no_elimination_rate(command: str, args: list[str]) -> None:
    extra = ["--all"] if command == "classify" else []
    result = runner.invoke(app, [command, str(ROSTER), *args, *extra, "--format", "json"])

    assert result.exit_code in (0, 1), result.output
    assert quota_wording(result.stdout) == []


def test_no_label_implies_an_elimination_rate() -> None:
    tables = [value for name, value in vars(labels).items() if name.isupper()]
    texts: list[str] = []
    for table in tables:
        if isinstance(table, dict):
            for value in table.values():
                pairs = value.values() if isinstance(value, dict) else [value]
                texts += [text for pair in pairs if isinstance(pair, tuple) for text in pair]

    assert quota_wording("\n".join(texts)) == []
