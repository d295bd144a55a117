"""A line for this year, set where a county expects it (issue 15): the workspace's
fanpin.toml by county and year, `fanpin init --line`, `report --year`, a one-off
`--line YEAR=YUAN` on the assessing commands, and "no line" errors that name the file,
the line to add and the command to run."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli.commands import app
from fanpin.errors import FanpinError, ProfileError
from fanpin.init import CONFIG_TEMPLATE, TEMPLATE_LINE, config_text
from tests.rosters import household, write_xlsx

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
POOR = {"wage_income": 14000, "business_income": 0, "transfer_income": 0, "business_expense": 0}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The example workspace (two counties), without its department lists, ledger and cases."""
    folder = tmp_path / "ws"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("reports", "archive"))
    text = (folder / "fanpin.toml").read_text(encoding="utf-8")
    text = text.replace(text[text.index("[counties.zixing.departments]") :].split("\n\n")[0], "")
    kept = [line for line in text.splitlines() if not line.startswith(("fund_ledger", "cases"))]
    (folder / "fanpin.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


def set_county_line(workspace: Path, old: str, new: str) -> Path:
    config = workspace / "fanpin.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 7,000 per person: above a 6,000 line, below a 7,600 one
    rows = household("H001", 2, household_type="一般农户", monitored_since="", **POOR)
    return write_xlsx(tmp_path_factory.mktemp("lines") / "roster.xlsx", rows)


# -- the workspace -----------------------------------------------------------------------


def test_the_example_workspace_sets_the_2026_line_in_fanpin_toml() -> None:
    config = tomllib.loads((EXAMPLE / "fanpin.toml").read_text(encoding="utf-8"))
    county = config["counties"]["zixing_2026"]

    assert county["profile"] == "national-2026"
    assert county["monitoring_line"] == {"2026": 7600}
    assert county["as_of"].year == 2026


def test_the_report_uses_the_workspace_line_and_records_where_it_is_set(workspace: Path) -> None:
    result = api.report("zixing_2026", workspace=workspace)

    book = openpyxl.load_workbook(result.path)
    about = dict(book["说明"].iter_rows(min_row=2, values_only=True))
    assert about["监测线(元/人·年)"] == 7600
    assert about["监测线来源"] == "工作区配置 fanpin.toml [counties.zixing_2026]"
    assert about["收入年度"] == 2026


def test_a_workspace_line_replaces_the_profiles_for_that_year(workspace: Path) -> None:
    set_county_line(workspace, "year = 2021\n", "year = 2021\nmonitoring_line = { 2021 = 6500 }\n")

    result = api.report("zixing", workspace=workspace)

    about = dict(openpyxl.load_workbook(result.path)["说明"].iter_rows(min_row=2, values_only=True))
    assert about["监测线(元/人·年)"] == 6500
    assert about["方案校验值"] != api.list_profiles()[2].hash  # the line is in the hash


def test_report_year_overrides_the_county_year(workspace: Path) -> None:
    set_county_line(workspace, TEMPLATE_LINE, "monitoring_line = { 2025 = 7200, 2026 = 7600 }")

    result = runner.invoke(
        app, ["report", "--county", "zixing_2026", "--workspace", str(workspace), "--year", "2025"]
    )

    assert result.exit_code == 0, result.output
    about = dict(
        openpyxl.load_workbook(next((workspace / "reports" / "zixing_2026").glob("*.xlsx")))[
            "说明"
        ].iter_rows(min_row=2, values_only=True)
    )
    assert about["收入年度"] == 2025 and about["监测线(元/人·年)"] == 7200


def test_no_line_for_the_year_names_fanpin_toml_and_the_line_to_add(workspace: Path) -> None:
    set_county_line(workspace, TEMPLATE_LINE + "\n", "")

    result = runner.invoke(
        app, ["report", "--county", "zixing_2026", "--workspace", str(workspace), "--lang", "en"]
    )

    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "no monitoring line for 2026" in message
    assert "add the line `monitoring_line = { 2026 = <yuan> }`" in message
    assert f"under [counties.zixing_2026] in {workspace.resolve() / 'fanpin.toml'}" in message
    assert "then run `fanpin report --county zixing_2026` again" in message
    assert not (workspace / "reports" / "zixing_2026").exists()  # nothing done before


def test_no_line_for_another_year_says_to_add_it_to_the_county_lines(workspace: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        api.report("zixing_2026", workspace=workspace, year=2027)
    message = str(caught.value)

    assert "add `2027 = <yuan>` to the monitoring_line under [counties.zixing_2026]" in message
    assert str(workspace.resolve() / "fanpin.toml") in message


@pytest.mark.parametrize("line", ["{ 2026 = -1 }", "{ 2026 = 0 }", '{ 2026 = "七千" }'])
def test_a_bad_workspace_line_is_an_error_naming_it(workspace: Path, line: str) -> None:
    set_county_line(workspace, TEMPLATE_LINE, f"monitoring_line = {line}")

    with pytest.raises(FanpinError, match=r"counties\.zixing_2026\.monitoring_line\.2026"):
        api.report("zixing_2026", workspace=workspace)


# -- fanpin init --line ------------------------------------------------------------------


def test_init_template_is_the_example_and_its_line_is_replaceable() -> None:
    assert CONFIG_TEMPLATE.count(TEMPLATE_LINE) == 1
    assert config_text() == CONFIG_TEMPLATE
    written = tomllib.loads(config_text({2026: 8200, 2027: 8450.5}))

    assert written["counties"]["zixing_2026"]["monitoring_line"] == {"2026": 8200, "2027": 8450.5}
    assert "monitoring_line" not in written["counties"]["zixing"]
    kept = tomllib.loads(config_text({2027: 8000}))["counties"]["zixing_2026"]
    assert kept["monitoring_line"] == {"2026": 7600, "2027": 8000}  # the demo's year stays


def test_cli_init_line_writes_it_and_the_report_uses_it(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    result = runner.invoke(
        app, ["init", str(folder), "--households", "1000", "--line", "2026=8200"]
    )
    assert result.exit_code == 0, result.output
    config = tomllib.loads((folder / "fanpin.toml").read_text(encoding="utf-8"))
    assert config["counties"]["zixing_2026"]["monitoring_line"] == {"2026": 8200}

    report = api.report("zixing_2026", workspace=folder)

    assert report.figures["households"] == 1000
    about = dict(openpyxl.load_workbook(report.path)["说明"].iter_rows(min_row=2, values_only=True))
    assert about["监测线(元/人·年)"] == 8200


@pytest.mark.parametrize("value", ["2026", "2026=", "26=7600", "2026=-5", "2026=abc", "x=1"])
def test_cli_init_refuses_a_bad_line(tmp_path: Path, value: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--line", value, "--lang", "en"])

    assert result.exit_code == 2
    assert "is not YEAR=VALUE" in result.stderr
    assert not (tmp_path / "ws").exists()


# -- --line for one run ------------------------------------------------------------------


def test_classify_line_is_used_and_recorded(roster: Path) -> None:
    result = runner.invoke(
        app,
        ["classify", str(roster), "--profile", "national-2026", "--as-of", "2026-03-31"]
        + ["--line", "2026=7600", "--all", "-f", "json"],
    )

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    profile = payload["meta"]["profile"]
    assert profile["line"] == 7600
    assert profile["line_source"] == "option" and profile["line_set_in"] == "--line"
    assert profile["terminology"] == "2026"
    assert payload["households"][0]["status"] == "proposed"


def test_classify_workbook_records_the_line_source(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    runner.invoke(
        app,
        [
            "classify",
            str(roster),
            "--as-of",
            "2026-03-31",
            "--line",
            "2026=7600",
            "-o",
            str(target),
        ],
    )

    rows = dict(openpyxl.load_workbook(target)["参数"].iter_rows(min_row=2, values_only=True))
    assert rows["监测线来源"] == "命令行 --line（仅本次运行）"


def test_the_profile_line_is_recorded_as_the_profiles(roster: Path) -> None:
    result = runner.invoke(
        app, ["classify", str(roster), "--year", "2021", "--as-of", "2021-12-31", "-f", "json"]
    )

    profile = json.loads(result.stdout)["meta"]["profile"]
    assert (profile["line_source"], profile["line_set_in"]) == ("profile", "national")
    assert profile["terminology"] == "2021"


def test_without_a_line_the_error_names_the_option(roster: Path) -> None:
    result = runner.invoke(
        app,
        ["classify", str(roster), "--profile", "national-2026", "--as-of", "2026-03-31"]
        + ["--lang", "en"],
    )

    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "no monitoring line for 2026" in message
    assert "--line 2026=<yuan>" in message


@pytest.mark.parametrize(
    "values", [["2026"], ["2026=abc"], ["26=7600"], ["2026=0"], ["2026=7600", "2026=7700"]]
)
def test_a_bad_line_is_a_usage_error(roster: Path, values: list[str]) -> None:
    options = [part for value in values for part in ("--line", value)]
    result = runner.invoke(app, ["classify", str(roster), *options])

    assert result.exit_code == 2
    assert "--line" in result.stderr


@pytest.mark.parametrize("command", ["audit", "notice", "fund", "diff"])
def test_every_assessing_command_takes_a_line(roster: Path, tmp_path: Path, command: str) -> None:
    common = ["--as-of", "2026-03-31", "--line", "2026=7600"]
    arguments = {
        "audit": ["audit", str(roster), *common, "-f", "json"],
        "notice": [
            "notice",
            str(roster),
            "--village",
            "新市村",
            *common,
            "-o",
            str(tmp_path / "n.json"),
        ],
        "fund": [
            *("fund", str(EXAMPLE / "data" / "zixing" / "fund_ledger.xlsx")),
            *("--roster", str(roster), *common, "-f", "json"),
        ],
        "diff": ["diff", str(roster), str(roster), *common, "-f", "json"],
    }[command]
    without = [a for a in arguments if a not in ("--line", "2026=7600")]

    result = runner.invoke(app, arguments)
    missing = runner.invoke(app, [*without, "--lang", "en"])

    assert result.exit_code in (0, 1), result.output
    assert "no monitoring line" not in result.stderr
    assert missing.exit_code == 1 and "no monitoring line for 2026" in missing.stderr
