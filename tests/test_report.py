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
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.campaigns.diff import diff_snapshots
from fanpin.cli.commands import app
from fanpin.errors import FanpinError
from fanpin.init import CONFIG_TEMPLATE, PROFILE_TEMPLATE
from fanpin.outputs.report import overview_figures
from fanpin.outputs.tables import changes_table
from fanpin.rules.profiles import load_profile

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


@pytest.fixture(scope="module")
def example_reported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed example workspace (a copy) after `fanpin report`."""
    folder = tmp_path_factory.mktemp("example") / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
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
    assert "分乡镇监测对象风险等级（户）" in titles
    for chart in overview._charts:  # the data of each chart is 概览's own table (not a copy's)
        for series in chart.series:
            reference = series.val.numRef.f
            assert reference.split("!")[0] in ("'概览'", "概览"), reference
    households = workbook["监测对象"]
    assert households["A1"].value == "资兴市防止返贫监测对象名单"
    assert households.freeze_panes == "A3"
    assert households.auto_filter.ref is not None
    assert int(households.page_setup.paperSize) == 9  # A4
    rows = list(workbook["说明"].iter_rows(min_row=3, values_only=True))
    about = {row[0]: row[1] for row in rows}
    inputs = [value for key, value in rows if key == "输入文件"]
    assert about["规则方案"] == "zixing"
    assert about["收入年度"] == 2021
    assert about["监测线(元/人·年)"] == 6000
    assert about["评估日期"] == datetime(2021, 12, 31)  # a real date
    assert inputs[0].startswith("data/zixing/roster.xlsx  sha256 ")
    assert len(inputs) == 14  # roster, eleven department lists, ledger, cases


def overview_rows(sheet: Any) -> list[tuple[str, Any, Any]]:
    """概览's figure rows (label, value, people), from under its header to its last figure."""
    rows = []
    for label, value, people, _ in sheet.iter_rows(min_row=5, max_col=4, values_only=True):
        if label is None:
            break
        rows.append((label, value, people))
    return rows


@pytest.mark.parametrize("workspace_made", ["example_reported", "reported"])
def test_every_part_adds_up_to_its_headline(
    workspace_made: str, request: pytest.FixtureRequest
) -> None:
    folder: Path = request.getfixturevalue(workspace_made)
    sheet = openpyxl.load_workbook(folder / "reports" / "zixing" / REPORT_NAME)["概览"]
    rows = overview_rows(sheet)
    groups: list[tuple[tuple[str, Any, Any], list[tuple[str, Any, Any]]]] = []
    for row in rows:
        if row[0].lstrip().startswith("其中"):
            groups[-1][1].append(row)
        elif row[1] is not None:
            groups.append((row, []))
    checked = [(head, parts) for head, parts in groups if parts]
    assert len(checked) >= 10
    for (label, value, people), parts in checked:
        assert sum(p[1] for p in parts) == value, label
        if people is not None:
            assert sum(p[2] for p in parts) == people, label
    figures = {label.strip(): value for label, value, _ in rows if value is not None}
    assert figures["监测对象(户)"] > 0 and figures["建议纳入监测(户)"] > 0
    assert figures["监测对象(户)"] == figures["监测对象按风险等级(户)"]
    assert figures["监测对象(户)"] == figures["监测对象风险消除评估(户)"]
    assert figures["应纳未纳(户)"] == figures["建议纳入监测(户)"]


def test_overview_counts_every_data_error_the_terminal_and_sheet_show(
    template_workspace: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(template_workspace, folder)
    result = runner.invoke(app, ["report", "--county", "zixing", "--workspace", str(folder)])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(folder / "reports" / "zixing" / REPORT_NAME)
    figures = {label.strip(): value for label, value, _ in overview_rows(workbook["概览"])}
    problems = list(workbook["数据问题"].iter_rows(min_row=3, values_only=True))
    errors = sum(1 for row in problems if row[2] == "错误")
    warnings = sum(1 for row in problems if row[2] == "提示")

    assert figures["数据错误(条)"] == errors > 0
    assert figures["数据提示(条)"] == warnings
    assert {row[0] for row in problems} >= {"防贫基金台账"}
    assert any(str(row[0]).startswith("部门名单：") for row in problems)
    assert f"数据问题：错误 {errors} 条" in result.stdout and f"提示 {warnings} 条" in result.stdout
    assert "error" not in result.stdout and "warning" not in result.stdout


def test_the_report_compares_the_two_income_bases_per_household(reported: Path) -> None:
    """With the 民政 low-income list, the county report carries the audit's 收入口径比对
    (one row per household whose two incomes disagree), as `fanpin audit` does (§11)."""
    book = openpyxl.load_workbook(reported / "reports" / "zixing" / REPORT_NAME)
    names = book.sheetnames
    assert names.index("收入口径比对") == names.index("排查发现") + 1
    sheet = book["收入口径比对"]
    assert sheet["A1"].value == "资兴市防止返贫监测与民政低收入人口收入口径比对"
    header = [c.value for c in sheet[2]]
    assert {"户编号", "花名册人均纯收入(元)", "民政口径人均收入(元/年)", "核实情况"} <= set(header)
    ids = [row[header.index("户编号")] for row in sheet.iter_rows(min_row=3, values_only=True)]
    findings = book["排查发现"]
    flagged = {
        row[[c.value for c in findings[2]].index("户编号")]
        for row in findings.iter_rows(min_row=3, values_only=True)
        if "收入口径" in str(row)
    }
    assert ids and set(ids) == flagged


def test_charts_show_the_figures(reported: Path) -> None:
    sheet = openpyxl.load_workbook(reported / "reports" / "zixing" / REPORT_NAME)["概览"]
    figures = {label.strip(): value for label, value, _ in overview_rows(sheet)}
    cells = list(sheet.iter_rows(values_only=True))
    blocks = {}
    for index, row in enumerate(cells):
        if row[0] in (
            "分乡镇监测对象风险等级（户）",
            "监测对象类别（户）",
            "监测对象风险消除评估（户）",
        ):
            header = cells[index + 1]
            body = []
            for values in cells[index + 2 :]:
                body.append(values)
                if values[0] == "合计":
                    break
            blocks[row[0]] = (header, body)
    header, body = blocks["分乡镇监测对象风险等级（户）"]
    assert header[:4] == ("乡(镇)", "高风险", "中风险", "低风险")
    *towns, total = body
    assert total[1:4] == (
        figures["其中：高风险·重点监测帮扶"],
        figures["其中：中风险·常态化监测帮扶"],
        figures["其中：低风险·跟踪监测"],
    )
    assert [sum(t[c] for t in towns) for c in (1, 2, 3)] == list(total[1:4])
    assert sum(total[1:4]) == figures["监测对象(户)"]
    order = [t[0] for t in towns]
    codes = {t: min(h for h in township_ids(reported, t)) for t in order}
    assert order == sorted(order, key=codes.__getitem__)  # administrative-code order
    for title in ("监测对象类别（户）", "监测对象风险消除评估（户）"):
        _, (*parts, total) = blocks[title]
        assert sum(p[1] for p in parts) == total[1] == figures["监测对象(户)"], title


def township_ids(reported: Path, township: str) -> list[str]:
    sheet = openpyxl.load_workbook(reported / "reports" / "zixing" / REPORT_NAME)["监测对象"]
    return [r[0][:9] for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == township]


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
    monitored = [h for h in households if h["status"] == "monitored"]
    categories = Counter(h["category"] for h in monitored)
    tiers = Counter(h["tier"] for h in monitored)
    elimination = Counter(h["elimination"]["status"] for h in monitored)
    active = [h for h in households if h["status"] in ("monitored", "proposed")]
    expected = {
        "households": len(households),
        "monitored_households": status["monitored"],
        "proposed_households": status["proposed"],
        "watch_households": status["watch"],
        "eliminated_households": status["eliminated"],
        "unstable_escaped_monitored": categories["unstable_escaped"],
        "marginal_monitored": categories["marginal"],
        "sudden_hardship_monitored": categories["sudden_hardship"],
        "high_monitored": tiers["high"],
        "medium_monitored": tiers["medium"],
        "low_monitored": tiers["low"],
        "elimination_eligible": elimination["eligible"],
        "elimination_not_yet": elimination["not_yet"],
        "elimination_safety_net": elimination["safety_net"],
        "households_with_gap": sum(1 for h in active if h["measures"]["uncovered"]),
        "measures_in_place": sum(len(h["measures"]["received"]) for h in active),
    }
    workbook = openpyxl.load_workbook(reported / "reports" / "zixing" / REPORT_NAME)
    rows = overview_rows(workbook["概览"])
    by_label: dict[str, list[str]] = {}
    for key, (zh, _) in labels.REPORT_FIGURES.items():
        by_label.setdefault(zh, []).append(key)
    shown = [(label.strip().removeprefix("其中："), value) for label, value, _ in rows]
    seen = set()
    for label, value in shown:
        for key in by_label.get(label, []):
            if key in expected and key not in seen:
                assert value == expected[key], key
                seen.add(key)
                break
    assert {"households", "monitored_households", "proposed_households"} <= seen
    assert people["monitored"] == dict((r[0], r[2]) for r in rows)["监测对象(户)"]
    assert expected["monitored_households"] > 0 and expected["proposed_households"] > 0
    assert "防贫基金余额(元)" in {label for label, _, _ in rows}


def test_second_run_compares_with_the_archived_snapshot(workspace: Path) -> None:
    first = api.report("zixing", workspace=workspace)
    assert first.previous_snapshot is None
    second = api.report("zixing", workspace=workspace)
    assert second.previous_snapshot is not None
    assert sum(second.changes.values()) == 0
    changes = openpyxl.load_workbook(second.path)["变化"]
    assert changes.cell(3, 1).value == "与上期相比无变化"


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
    table = changes_table(diff_snapshots(old, new), "zh")

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
    assert result.exit_code == 1 and "已有的县：zixing" in result.output
    config.write_text(CONFIG_TEMPLATE + "colour = 'red'\n", encoding="utf-8")
    with pytest.raises(FanpinError, match="colour"):
        api.report("zixing", workspace=workspace)


def _uncommented(text: str, start: str) -> str:
    """``text`` with the commented block that begins at the line ``start`` switched on."""
    lines, inside = [], False
    for line in text.splitlines():
        inside = inside or line == start
        if inside and not line.startswith("# "):
            inside = False
        lines.append(line[2:] if inside else line)
    return "\n".join(lines) + "\n"


def test_init_writes_the_split_township_and_its_commented_county_runs(
    template_workspace: Path, tmp_path: Path
) -> None:
    """``fanpin init`` writes one township as the system's two export files; the template's
    commented county that joins them (``rosters``) and the profile's commented
    ``procedure.objection_phone`` work once switched on."""
    folder = tmp_path / "ws"
    shutil.copytree(template_workspace, folder)
    data = folder / "data" / "zixing"
    assert (data / "tangdong_members.xlsx").is_file()
    assert (data / "tangdong_households.xlsx").is_file()
    config = folder / "fanpin.toml"
    assert "# rosters = [" in CONFIG_TEMPLATE and "# objection_phone = " in PROFILE_TEMPLATE
    config.write_text(_uncommented(CONFIG_TEMPLATE, "# [counties.tangdong]"), encoding="utf-8")
    profile = folder / "profiles" / "my_county.toml"
    profile.write_text(_uncommented(PROFILE_TEMPLATE, "# [procedure]"), encoding="utf-8")

    inputs = api.report_inputs("tangdong", workspace=folder)
    assert (data / "tangdong_households.xlsx").resolve() in inputs  # joined as --with
    result = runner.invoke(app, ["report", "--county", "tangdong", "--workspace", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "reports" / "tangdong").is_dir()
    assert load_profile(profile).procedure.objection_phone == "0735-3322110"


def test_the_profile_templates_quality_rules_switch_on(tmp_path: Path) -> None:
    """The commented [[quality_rules]] of my_county.toml, switched on, change a built-in
    rule and turn another off, as the README says."""
    profile = tmp_path / "my_county.toml"
    start = "# [[quality_rules]]"
    profile.write_text(_uncommented(PROFILE_TEMPLATE, start), encoding="utf-8")
    rules = {rule.code: rule for rule in load_profile(profile).quality_rules}
    assert rules["phone_format"].severity == "error"
    assert "sex_mismatch" not in rules or not rules["sex_mismatch"].enabled
    built_in = {rule.code: rule for rule in load_profile("national").quality_rules}
    assert built_in["phone_format"].severity == "warning" and "sex_mismatch" in built_in


def test_no_workspace_says_how_to_make_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--county", "zixing", "--workspace", str(tmp_path)])
    assert result.exit_code == 1
    assert "fanpin init" in result.output


def test_init_refuses_an_existing_workspace(workspace: Path) -> None:
    result = runner.invoke(app, ["init", str(workspace)])
    assert result.exit_code == 1
    assert "已存在" in result.output


def test_lock_keeps_a_second_run_out(workspace: Path) -> None:
    folder = workspace / "reports" / "zixing"
    folder.mkdir(parents=True)
    with (folder / ".fanpin.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = runner.invoke(app, ["report", "--county", "zixing", "-w", str(workspace)])
    assert result.exit_code == 1
    assert "另一个 fanpin report 正在为" in result.output
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


def test_figures_split_each_group_into_parts() -> None:
    households = pd.DataFrame(
        {
            "status": ["monitored", "monitored", "proposed", "watch", "eliminated", "none"],
            "size": [2, 3, 4, 1, 2, 5],
            "category": ["marginal", "unstable_escaped", "marginal", None, "marginal", None],
            "tier": ["high", None, "low", "low", None, None],
            "elimination_status": ["not_yet", None, None, None, "eliminated", None],
            "elimination_method": [None, None, None, None, "natural", None],
            "uncovered": [["illness"], [], [], [], [], []],
            "measures_received_codes": [[], ["A"], [], [], [], []],
        }
    )
    figures = overview_figures(households)

    assert figures["monitored_households"] == 2 and figures["monitored_households_people"] == 5
    assert figures["high_monitored"] == 1 and figures["unrated_monitored"] == 1
    assert figures["low_monitored"] == 0  # the watch-list household has no tier among monitored
    assert figures["elimination_not_yet"] == 1 and figures["elimination_unassessed"] == 1
    assert figures["natural_eliminated"] == 1
    assert figures["measures_scope"] == 3 and figures["households_with_gap"] == 1
    assert figures["monitored_without_measure"] == 1
    total = sum(figures[f"{s}_households"] for s in ("monitored", "proposed", "eliminated"))
    total += sum(figures[f"{s}_households"] for s in ("watch", "none", "unassessed"))
    assert total == figures["households"] == 6


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_workbook_converts_to_pdf(example_reported: Path, tmp_path: Path) -> None:
    source = example_reported / "reports" / "zixing" / REPORT_NAME
    completed = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert completed.returncode == 0, completed.stderr
    pdf = tmp_path / source.with_suffix(".pdf").name
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        return  # poppler-utils reads the pages
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, timeout=60
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size: .*", info)
    assert sizes and all(size.endswith("(A4)") for size in sizes)  # every page A4
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=120
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) < 60  # the measures no longer take 38 pages
    assert "监测对象(户)" in pages[0] and "其中：暂不能消除" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {len(pages)} 页" in page  # the footer of every page
        assert "资兴市" in page and "截至 2021-12-31" in page  # the header of every page


def test_diff_outputs_are_labelled_like_the_changes_sheet(tmp_path: Path) -> None:
    from fanpin.samples.roster import generate_members, write_export_xlsx

    members = generate_members(40, seed=3)
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    write_export_xlsx(members, old)
    first = members["household_id"].iloc[0]
    write_export_xlsx(members[members["household_id"] != first], new)
    dates = ["--year", "2021", "--as-of", "2021-12-31"]
    table = runner.invoke(app, ["diff", str(old), str(new), *dates])
    workbook = tmp_path / "changes.xlsx"
    written = runner.invoke(app, ["diff", str(old), str(new), *dates, "-o", str(workbook)])
    as_csv = runner.invoke(app, ["diff", str(old), str(new), *dates, "--format", "csv"])
    english = runner.invoke(app, ["diff", str(old), str(new), *dates, "--lang", "en", "-f", "csv"])

    assert "减少户" in table.stdout and "变化" in table.stdout
    assert written.exit_code == 0 and f"已写入 {workbook}" in written.stdout
    sheet = openpyxl.load_workbook(workbook)["变化"]
    assert sheet["A1"].value == "变化：old.xlsx → new.xlsx"
    header = [c.value for c in sheet[2]]
    assert header == ["户编号", "乡(镇)", "行政村", "户主姓名", "变化", "之前", "之后"] + [
        "变化代码（供程序使用）"
    ]
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert (first, "减少户", "left") in {(r[0], r[4], r[7]) for r in rows}
    lines = as_csv.stdout.splitlines()
    assert lines[0].split(",")[:5] == ["户编号", "乡(镇)", "行政村", "户主姓名", "变化"]
    assert any(line.startswith(first) and "减少户" in line for line in lines)
    assert english.stdout.splitlines()[0].startswith("household ID,township,village")
