"""The county workbook, the workspace, diff and cron behaviour (issue: report)."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.campaigns.diff import diff_snapshots
from fanpin.cli.commands import app
from fanpin.errors import FanpinError
from fanpin.init import CONFIG_TEMPLATE, PROFILE_TEMPLATE
from fanpin.outputs.report import _changes_table, overview_figures

runner = CliRunner()
REPORT_NAME = "2021-12-31_资兴市_监测报告.xlsx"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"


@pytest.fixture(scope="module")
def template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "ws"
    api.init_workspace(folder, households=1000, seed=5)
    return folder


@pytest.fixture
def workspace(template_workspace: Path, tmp_path: Path) -> Path:
    """A copy of the template workspace with the roster only (the full one is `reported`)."""
    folder = tmp_path / "ws"
    shutil.copytree(template_workspace, folder)
    config = folder / "fanpin.toml"
    kept = [
        line
        for line in config.read_text(encoding="utf-8")
        .split("[counties.zixing.departments]")[0]
        .splitlines()
        if not line.startswith(("fund_ledger", "cases"))
    ]
    config.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory, template_workspace: Path) -> Path:
    folder = tmp_path_factory.mktemp("reported") / "ws"
    shutil.copytree(template_workspace, folder)
    result = runner.invoke(app, ["report", "--county", "zixing", "--workspace", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_example_workspace_config_is_the_init_template() -> None:
    assert (EXAMPLE / "fanpin.toml").read_text(encoding="utf-8") == CONFIG_TEMPLATE
    assert (EXAMPLE / "profiles" / "my_county.toml").read_text(encoding="utf-8") == PROFILE_TEMPLATE


def test_report_has_every_sheet_and_the_charts(reported: Path) -> None:
    workbook = openpyxl.load_workbook(reported / "reports" / "zixing" / REPORT_NAME)
    assert workbook.sheetnames[:4] == ["概览", "监测对象", "帮扶措施", "风险消除"]
    assert {"排查发现", "防贫基金", "程序", "变化", "数据问题", "说明"} <= set(workbook.sheetnames)
    overview = workbook["概览"]
    assert len(overview._charts) == 3
    titles = {
        "".join(run.t for p in c.title.tx.rich.p for run in (p.r or [])) for c in overview._charts
    }
    assert "分乡镇监测户风险等级" in titles
    households = workbook["监测对象"]
    assert households.freeze_panes == "A2"
    assert households.auto_filter.ref is not None
    assert int(households.page_setup.paperSize) == 9  # A4
    rows = list(workbook["说明"].iter_rows(min_row=2, values_only=True))
    about = {row[0]: row[1] for row in rows}
    inputs = [value for key, value in rows if key == "输入文件"]
    assert about["规则方案"] == "zixing"
    assert about["收入年度"] == 2021
    assert about["监测线(元/人·年)"] == 6000
    assert about["评估日期"] == "2021-12-31"
    assert inputs[0].startswith("data/zixing/roster.xlsx  sha256 ")
    assert len(inputs) == 14  # roster, eleven department lists, ledger, cases


def test_overview_figures_equal_an_independent_recount_of_classify_json(reported: Path) -> None:
    roster = reported / "data" / "zixing" / "roster.xlsx"
    result = runner.invoke(
        app,
        ["classify", str(roster), "--profile", "zixing", "--year", "2021"]
        + ["--as-of", "2021-12-31", "--format", "json", "--all"],
    )
    households = json.loads(result.stdout)["households"]
    status = Counter(h["status"] for h in households)
    people = Counter()
    for h in households:
        people[h["status"]] += h["size"]
    active = [h for h in households if h["status"] in ("monitored", "proposed")]
    categories = Counter(h["category"] for h in active)
    tiers = Counter(h["tier"] for h in households if h["tier"])
    elimination = Counter(h["elimination"]["status"] for h in households if h["elimination"])
    expected = {
        "households": len(households),
        "people": sum(h["size"] for h in households),
        "monitored_households": status["monitored"],
        "monitored_people": people["monitored"],
        "proposed_households": status["proposed"],
        "watch_households": status["watch"],
        "eliminated_households": status["eliminated"],
        "eliminated_people": people["eliminated"],
        "unstable_escaped_households": categories["unstable_escaped"],
        "marginal_households": categories["marginal"],
        "sudden_hardship_households": categories["sudden_hardship"],
        "high_households": tiers["high"],
        "medium_households": tiers["medium"],
        "low_households": tiers["low"],
        "elimination_eligible": elimination["eligible"],
        "elimination_not_yet": elimination["not_yet"],
        "elimination_safety_net": elimination["safety_net"],
        "households_with_gap": sum(1 for h in active if h["measures"]["gap"]),
        "measures_in_place": sum(len(h["measures"]["received"]) for h in active),
    }
    sheet = openpyxl.load_workbook(reported / "reports" / "zixing" / REPORT_NAME)["概览"]
    shown = {}
    for label, value in sheet.iter_rows(
        min_row=5, max_row=4 + len(labels.REPORT_FIGURES), max_col=2, values_only=True
    ):
        shown[label] = value
    by_label = {zh: key for key, (zh, _) in labels.REPORT_FIGURES.items()}
    for label, value in shown.items():
        key = by_label[label]
        if key in expected:
            assert value == expected[key], key
    assert expected["monitored_households"] > 0 and expected["proposed_households"] > 0
    assert "防贫基金余额(元)" in shown and "排查发现问题(条)" in shown


def test_second_run_compares_with_the_archived_snapshot(workspace: Path) -> None:
    first = api.report("zixing", workspace=workspace)
    assert first.previous_snapshot is None
    second = api.report("zixing", workspace=workspace)
    assert second.previous_snapshot is not None
    assert sum(second.changes.values()) == 0
    changes = openpyxl.load_workbook(second.path)["变化"]
    assert changes.cell(2, 1).value == "与上期相比无变化"


SNAPSHOT_COLUMNS = ["household_id", "township", "village", "head_name", "size", "status"]
SNAPSHOT_COLUMNS += ["category", "tier", "score", "per_capita_income", "elimination_status"]


def frame(rows: list[tuple[str, str, str | None, str | None]]) -> pd.DataFrame:
    """A snapshot of households (id, status, category, tier), the rest fixed."""
    return pd.DataFrame(
        [(h, "唐洞街道", "香花村", "张三", 3, s, c, t, 0, 5000.0, None) for h, s, c, t in rows],
        columns=SNAPSHOT_COLUMNS,
    )


def test_changes_sheet_labels_before_and_after() -> None:
    old = frame([("D", "monitored", "marginal", "low"), ("F", "watch", None, "low")])
    new = frame([("D", "monitored", "sudden_hardship", "high"), ("H", "none", None, None)])
    table = _changes_table(diff_snapshots(old, new), Path("previous"), zh=True)

    rows = {(r[0], r[4]): (r[5], r[6]) for r in table.itertuples(index=False)}
    assert rows[("D", "风险等级上升")] == ("低风险·跟踪监测", "高风险·重点监测帮扶")
    assert rows[("D", "类别变化")] == ("边缘易致贫户", "突发严重困难户")
    assert rows[("F", "减少户")] == ("跟踪观察", None)
    assert rows[("H", "新增户")] == (None, "无需监测")


def test_diff_codes_on_snapshots_made_for_it() -> None:

    old = frame(
        [
            ("A", "none", None, None),
            ("B", "monitored", "marginal", "high"),
            ("C", "eliminated", "marginal", None),
            ("D", "monitored", "marginal", "low"),
            ("E", "monitored", "marginal", "high"),
            ("F", "watch", None, "low"),
            ("G", "none", None, None),
        ]
    )
    new = frame(
        [
            ("A", "monitored", "sudden_hardship", "medium"),
            ("B", "eliminated", "marginal", None),
            ("C", "monitored", "marginal", "medium"),
            ("D", "monitored", "marginal", "high"),
            ("E", "monitored", "sudden_hardship", "low"),
            ("F", "proposed", "marginal", "medium"),
            ("H", "none", None, None),
        ]
    )
    changes = diff_snapshots(old, new)
    found = {(r.household_id, r.change) for r in changes.itertuples()}
    assert found == {
        ("A", "newly_monitored"),
        ("B", "eliminated"),
        ("C", "returned_to_risk"),
        ("D", "tier_up"),
        ("E", "tier_down"),
        ("E", "category_changed"),
        ("F", "newly_proposed"),
        ("F", "tier_up"),
        ("G", "left"),
        ("H", "joined"),
    }


def test_diff_command_on_two_rosters(tmp_path: Path) -> None:
    from fanpin.samples.roster import generate_members, write_export_xlsx

    members = generate_members(40, seed=3)
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    write_export_xlsx(members, old)
    changed = members.copy()
    first = changed["household_id"].iloc[0]
    changed = changed[changed["household_id"] != first]
    write_export_xlsx(changed, new)
    result = runner.invoke(
        app, ["diff", str(old), str(new), "--year", "2021", "--as-of", "2021-12-31", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["summary"]["left"] == 1
    assert [c["household_id"] for c in payload["changes"] if c["change"] == "left"] == [first]


def test_workspace_errors_name_the_key_and_path(workspace: Path) -> None:
    config = workspace / "fanpin.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("data/zixing/roster.xlsx", "data/nope.xlsx"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["report", "--county", "zixing", "--workspace", str(workspace)])
    assert result.exit_code == 1
    assert "counties.zixing.roster" in result.output and "nope.xlsx" in result.output
    result = runner.invoke(app, ["report", "--county", "nowhere", "--workspace", str(workspace)])
    assert result.exit_code == 1 and "counties are: zixing" in result.output
    config.write_text(CONFIG_TEMPLATE + "colour = 'red'\n", encoding="utf-8")
    with pytest.raises(FanpinError, match="colour"):
        api.report("zixing", workspace=workspace)


def test_no_workspace_says_how_to_make_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--county", "zixing", "--workspace", str(tmp_path)])
    assert result.exit_code == 1
    assert "fanpin init" in result.output


def test_init_refuses_an_existing_workspace(workspace: Path) -> None:
    result = runner.invoke(app, ["init", str(workspace)])
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_lock_keeps_a_second_run_out(workspace: Path) -> None:
    folder = workspace / "reports" / "zixing"
    folder.mkdir(parents=True)
    with (folder / ".fanpin.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = runner.invoke(app, ["report", "--county", "zixing", "-w", str(workspace)])
    assert result.exit_code == 1
    assert "another fanpin report is running" in result.output
    assert not (folder / REPORT_NAME).exists()


def test_a_failed_write_leaves_no_partial_file(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(self: openpyxl.Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(FanpinError, match="disk full"):
        api.report("zixing", workspace=workspace)
    folder = workspace / "reports" / "zixing"
    assert [p.name for p in folder.iterdir()] == [".fanpin.lock"]


def test_keeps_only_the_last_reports(workspace: Path) -> None:
    config = workspace / "fanpin.toml"
    text = config.read_text(encoding="utf-8").replace("keep_reports = 30", "keep_reports = 2")
    config.write_text(text, encoding="utf-8")
    for day in (date(2021, 12, 29), date(2021, 12, 30), date(2021, 12, 31)):
        result = api.report("zixing", workspace=workspace, as_of=day)
    names = sorted(p.name for p in (workspace / "reports" / "zixing").glob("*.xlsx"))
    assert names == ["2021-12-30_资兴市_监测报告.xlsx", REPORT_NAME]
    assert [p.name for p in result.removed_reports] == ["2021-12-29_资兴市_监测报告.xlsx"]


def test_readme_crontab_line_works_without_tty_or_stdin(workspace: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("30 2 * * * "))
    command = line.removeprefix("30 2 * * * ")
    command = command.replace("/srv/fanpin", str(workspace))
    command = command.replace("/opt/fanpin/.venv/bin/fanpin", f"{sys.executable} -m fanpin")
    cron_env = {"PATH": "/usr/bin:/bin", "HOME": str(workspace), "SHELL": "/bin/sh"}
    cron_env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    completed = subprocess.run(
        ["/bin/sh", "-c", command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=cron_env,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "" and completed.stderr == ""
    log = (workspace / "reports" / "cron.log").read_text(encoding="utf-8").splitlines()
    assert re.search(r"start: fanpin report --county zixing", log[0])
    assert re.search(r"done: fanpin report --county zixing", log[-1])
    assert (workspace / "reports" / "zixing" / REPORT_NAME).exists()


def test_failed_run_prints_one_line_without_colour(workspace: Path) -> None:
    (workspace / "data" / "zixing" / "roster.xlsx").unlink()
    completed = subprocess.run(
        [sys.executable, "-m", "fanpin", "report", "--county", "zixing", "--quiet"],
        cwd=workspace,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert "\x1b[" not in completed.stderr and "Traceback" not in completed.stderr
    assert "counties.zixing.roster" in completed.stderr


def test_figures_come_from_the_summary() -> None:
    summary = {
        "households": 3,
        "people": 9,
        "by_status": {"monitored": {"households": 1, "people": 4}},
        "by_category": {"marginal": {"households": 1, "people": 4}},
        "by_tier": {"high": {"households": 1, "people": 4}},
        "elimination": {"not_yet": 1},
        "measures": {
            "measures_in_place": 2,
            "households_with_gap": 1,
            "monitored_without_measure": 0,
        },
        "unassessed": {"households": 0},
        "issues": {"errors": 0, "warnings": 1},
    }
    figures = overview_figures(summary)
    assert figures["monitored_households"] == 1
    assert figures["proposed_households"] == 0
    assert figures["marginal_people"] == 4
    assert figures["elimination_not_yet"] == 1
    optional = {
        k for k in labels.REPORT_FIGURES if k.startswith(("fund_", "cases_", "findings", "should_"))
    }
    assert set(labels.REPORT_FIGURES) - optional <= set(figures)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_workbook_converts_to_pdf(reported: Path, tmp_path: Path) -> None:
    source = reported / "reports" / "zixing" / REPORT_NAME
    completed = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert completed.returncode == 0, completed.stderr
    pdf = tmp_path / source.with_suffix(".pdf").name
    assert pdf.read_bytes().startswith(b"%PDF")
