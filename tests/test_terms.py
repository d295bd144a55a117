"""The words of each era (domain.md §11): 2021–2025 监测对象, from 2026 防止返贫致贫对象, in
sheet names, 概览 labels, column headers and notices; sub-categories stay."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.cli.commands import app
from tests.rosters import household, write_xlsx

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
POOR = {"wage_income": 3000, "business_income": 0, "transfer_income": 0, "business_expense": 0}


@pytest.mark.parametrize("code", list(labels.TERMS))
def test_every_term_has_both_eras_in_both_languages(code: str) -> None:
    for era in labels.ERAS:
        for lang in ("zh", "en"):
            assert labels.term(code, era, lang)


def test_the_2026_words_replace_monitoring_object() -> None:
    for code in ("households_sheet", "object_category", "notice_object"):
        old, new = labels.term(code, "2021", "zh"), labels.term(code, "2026", "zh")
        assert "监测对象" in old
        assert "防止返贫致贫对象" in new and "监测对象" not in new
    for pair in labels.report_figures("2026").values():
        assert "监测对象" not in pair[0]


def test_report_figures_keep_their_order_and_keys_in_both_eras() -> None:
    old, new = labels.report_figures("2021"), labels.report_figures("2026")

    assert list(old) == list(new)
    keys = list(new)
    assert keys.index("escaped_continue") == keys.index("elimination_safety_net") + 1
    assert old["monitored_households"][0] == "监测对象(户)"
    assert new["monitored_households"][0] == "防止返贫致贫对象(户)"
    assert old["unstable_escaped_households"] == new["unstable_escaped_households"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("terms") / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
    return {
        county: api.report(county, workspace=folder).path for county in ("zixing", "zixing_2026")
    }


def test_the_2026_report_says_fangzhi_fanpin_zhipin_duixiang(reports: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(reports["zixing_2026"])

    assert book.sheetnames[:2] == ["概览", "防止返贫致贫对象"]
    assert "脱贫户分类" in book.sheetnames
    assert not any("监测对象" in name for name in book.sheetnames)
    overview = [row[0] for row in book["概览"].iter_rows(max_col=1, values_only=True) if row[0]]
    assert overview[0] == "资兴市防止返贫致贫对象监测帮扶情况"
    assert "防止返贫致贫对象(户)" in overview
    assert "  其中脱贫不稳定户(户)" in overview  # the sub-categories stay
    assert "脱贫户·建议继续帮扶(户)" in overview and "脱贫户·建议有序退出(户)" in overview
    assert not any("监测对象" in str(text) for text in overview)
    headers = [cell.value for cell in book["风险消除"][1]]
    assert "防止返贫致贫对象类别" in headers and "监测对象类别" not in headers
    about = dict(book["说明"].iter_rows(min_row=2, values_only=True))
    assert about["用语"] == "防止返贫致贫对象（2026年起）"
    assert about["监测线来源"] == "工作区配置 fanpin.toml [counties.zixing_2026]"
    assert about["监测线(元/人·年)"] == 7600


def test_the_2021_report_keeps_its_words_and_has_no_sorting(reports: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(reports["zixing"])

    assert book.sheetnames[1] == "监测对象"
    assert "脱贫户分类" not in book.sheetnames
    overview = [row[0] for row in book["概览"].iter_rows(max_col=1, values_only=True) if row[0]]
    assert overview[0] == "资兴市防止返贫动态监测情况"
    assert "监测对象(户)" in overview
    assert not any(str(text).startswith("脱贫户·") for text in overview)
    about = dict(book["说明"].iter_rows(min_row=2, values_only=True))
    assert about["监测线来源"] == "规则方案 zixing"


def test_the_classify_workbook_names_its_sheet_by_era(tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "r.xlsx", household("H1", 2, monitored_since="", **POOR))
    for profile, sheet in (("national", "监测对象"), ("national-2026", "防止返贫致贫对象")):
        target = tmp_path / f"{profile}.xlsx"
        result = runner.invoke(
            app,
            ["classify", str(roster), "--profile", profile, "--year", "2021"]
            + ["--as-of", "2021-12-31", "-o", str(target)],
        )
        assert result.exit_code == 0, result.output
        assert openpyxl.load_workbook(target).sheetnames[0] == sheet
    english = tmp_path / "en.xlsx"
    runner.invoke(
        app,
        ["classify", str(roster), "--profile", "national-2026", "--year", "2021"]
        + ["--as-of", "2021-12-31", "--lang", "en", "-o", str(english)],
    )
    assert openpyxl.load_workbook(english).sheetnames[:4] == [
        "households",
        "measures",
        "elimination",
        "escaped households",
    ]


def test_the_2026_notice_says_fangzhi_fanpin_zhipin_duixiang(tmp_path: Path) -> None:
    rows = household("H001", 2, household_type="一般农户", monitored_since="", **POOR)
    roster = write_xlsx(tmp_path / "r.xlsx", rows)
    start = date(2026, 3, 2)

    new = api.notice(
        roster, village="新市村", start=start, profile="national-2026", lines={2026: 7600}
    )
    old = api.notice(roster, village="新市村", start=start, lines={2026: 7600})

    assert new.title == "资兴市唐洞街道新市村防止返贫致贫对象识别公示"
    assert "拟将以下 1 户纳入防止返贫致贫对象" in new.intro
    assert new.columns == ["序号", "户主姓名", "家庭人口数", "防止返贫致贫对象类别", "主要风险"]
    assert new.rows[0].category == "边缘易致贫户"  # the sub-category stays
    assert old.title == "资兴市唐洞街道新市村防止返贫监测对象识别公示"
    assert "{who}" not in new.intro and "{who}" not in old.intro


@pytest.mark.parametrize("kind", ["identification", "elimination"])
def test_an_empty_2026_notice_uses_the_2026_words(tmp_path: Path, kind: str) -> None:
    roster = write_xlsx(tmp_path / "r.xlsx", household("H001", 2, wage_income=40000))
    notice = api.notice(
        roster,
        village="新市村",
        kind=kind,  # type: ignore[arg-type]
        start=date(2026, 3, 2),
        profile="national-2026",
        lines={2026: 7600},
    )

    assert notice.rows == []
    assert "防止返贫致贫对象" in notice.intro and "监测对象" not in notice.intro
