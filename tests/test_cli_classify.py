"""Tests for `fanpin classify` through typer's CliRunner: formats, workbook, labels, errors,
inputs untouched and outputs atomic."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.cli import terminal
from fanpin.cli.commands import app
from fanpin.outputs.write import json_text
from tests.rosters import Row, household, write_xlsx

runner = CliRunner()
AS_OF = "2021-12-01"
ZH_SHEETS = ["监测对象", "帮扶措施", "风险消除", "数据问题", "参数"]
EN_SHEETS = ["households", "measures", "elimination", "problems", "parameters"]


def one(household_id: str, first: int, income: float, **fields: Any) -> list[Row]:
    amounts = {
        "wage_income": income,
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
    }
    return household(household_id, 1, first_order=first, **{**amounts, **fields})


def roster_rows() -> list[Row]:
    monitored = {
        "recorded_category": "边缘易致贫户",
        "monitored_since": "202103",
        "measures_received": "小额信贷",
    }
    return [
        *one("P1", 1, 5000, household_type="一般农户"),
        *one("P2", 2, 3000, household_type="脱贫户", unsafe_housing="是"),
        *one("W1", 3, 7000, household_type="一般农户"),
        *one("N1", 4, 20000, household_type="脱贫户"),
        *one("N2", 5, 15000, household_type="一般农户", declared_size=2),  # a warning
        *one("M1", 6, 10000, household_type="一般农户", **monitored),
        *one(
            "M2", 7, 10000, household_type="一般农户", **{**monitored, "monitored_since": "202110"}
        ),
        *one(
            "E1",
            8,
            9000,
            household_type="一般农户",
            risk_eliminated="是",
            elimination_method="帮扶消除",
            eliminated_month="202110",
            **monitored,
        ),
    ]


ALL_IDS = ["P1", "P2", "W1", "N1", "N2", "M1", "M2", "E1"]
LISTED_IDS = ["P1", "P2", "W1", "M1", "M2", "E1"]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("cli") / "roster.xlsx", roster_rows(), title_rows=1)


def invoke(*args: str | Path) -> Any:
    return runner.invoke(app, ["classify", *(str(a) for a in args)])


def classify_json(roster: Path, *extra: str) -> dict[str, Any]:
    result = invoke(roster, "--as-of", AS_OF, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def read_sheet(path: Path, title: str) -> list[list[Any]]:
    """A sheet's header and rows (the title row above the header left out)."""
    workbook = load_workbook(path)
    return [list(row) for row in workbook[title].iter_rows(min_row=2, values_only=True)]


def rows_as_dicts(table: list[list[Any]]) -> list[dict[str, Any]]:
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


def comparable(value: Any) -> Any:
    """JSON values with NaN made comparable (NaN != NaN would hide a real difference)."""
    if isinstance(value, float) and math.isnan(value):
        return "<NaN>"
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


@pytest.fixture(scope="module")
def outputs(roster: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same classification as JSON (stdout), CSV and xlsx (-o), and the roster's state."""
    before = (hashlib.sha256(roster.read_bytes()).hexdigest(), roster.stat().st_mtime_ns)
    listing = sorted(os.listdir(roster.parent))
    folder = tmp_path_factory.mktemp("outputs")
    as_json = classify_json(roster)
    as_csv = invoke(roster, "--as-of", AS_OF, "-o", folder / "classify.csv", "--quiet")
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout == ""
    xlsx = folder / "classify.xlsx"
    as_xlsx = invoke(roster, "--as-of", AS_OF, "-o", xlsx)
    assert as_xlsx.exit_code == 0, as_xlsx.output
    csv_bytes = (folder / "classify.csv").read_bytes()
    return {
        "json": as_json,
        "csv": list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig")))),
        "csv_bytes": csv_bytes,
        "xlsx": xlsx,
        "xlsx_stdout": as_xlsx.stdout,
        "folder": folder,
        "roster_before": before,
        "roster_after": (
            hashlib.sha256(roster.read_bytes()).hexdigest(),
            roster.stat().st_mtime_ns,
        ),
        "listing_before": listing,
        "listing_after": sorted(os.listdir(roster.parent)),
    }


def test_formats_agree_on_households_status_and_tiers(outputs: dict[str, Any]) -> None:
    tier_codes = {zh: code for code, (zh, _) in labels.TIER.items()}
    status_codes = {zh: code for code, (zh, _) in labels.STATUS.items()}
    from_json = [(h["household_id"], h["status"], h["tier"]) for h in outputs["json"]["households"]]
    from_csv = [
        (r["户编号"], status_codes[r["监测状态"]], tier_codes.get(r["风险等级"]))
        for r in outputs["csv"]
    ]
    from_xlsx = [
        (r["户编号"], status_codes[r["监测状态"]], tier_codes.get(r["风险等级"]))
        for r in rows_as_dicts(read_sheet(outputs["xlsx"], "监测对象"))
    ]

    assert [h for h, _, _ in from_json] == LISTED_IDS
    assert from_csv == from_json
    assert from_xlsx == from_json
    assert {t for _, _, t in from_json} >= {"high", "low"}


def test_formats_agree_on_income(outputs: dict[str, Any]) -> None:
    from_json = {h["household_id"]: h["per_capita_income"] for h in outputs["json"]["households"]}
    from_csv = {
        r["户编号"]: float(r["人均纯收入(元)"]) if r["人均纯收入(元)"] else None
        for r in outputs["csv"]
    }
    from_xlsx = {
        r["户编号"]: r["人均纯收入(元)"]
        for r in rows_as_dicts(read_sheet(outputs["xlsx"], "监测对象"))
    }

    assert from_csv == from_json == from_xlsx
    assert from_json["P1"] == 5000


def test_json_stdout_equals_the_library_result(roster: Path) -> None:
    from_cli = classify_json(roster, "--profile", "zixing", "--year", "2021")
    library = api.classify(roster, profile="zixing", year=2021, as_of=date(2021, 12, 1))
    expected = json.loads(json.dumps(library.to_dict(), ensure_ascii=False))

    assert comparable(from_cli) == comparable(expected)
    assert set(from_cli) == {"meta", "households", "issues", "summary"}
    assert from_cli["meta"]["profile"]["name"] == "zixing"
    assert from_cli["meta"]["as_of"] == AS_OF
    assert from_cli["meta"]["inputs"][0]["path"] == "roster.xlsx"


def test_json_uses_codes_and_design_keys(outputs: dict[str, Any]) -> None:
    households = {h["household_id"]: h for h in outputs["json"]["households"]}
    required = {
        "household_id", "county", "township", "village", "household_type", "size",
        "per_capita_income", "adjusted_per_capita_income", "category", "tier", "score",
        "reasons", "risk_factors", "measures", "elimination",
    }  # fmt: skip

    assert all(required <= set(h) for h in households.values())
    assert households["P1"]["category"] == "marginal"
    assert households["P2"]["category"] == "unstable_escaped"
    assert households["P2"]["household_type"] == "escaped"
    assert {"code": "unsafe_housing", "evidence": ["危房户"]} in households["P2"]["risk_factors"]
    assert outputs["json"]["summary"]["unassessed"]["households"] == 0
    assert outputs["json"]["summary"]["issues"] == {"errors": 0, "warnings": 1}


def test_roster_with_errors_exits_1_and_still_lists_every_household(tmp_path: Path) -> None:
    rows = [
        *roster_rows(),
        *household("U1", 1, first_order=9, household_type="一般农户", wage_income="三千",
                   reported_per_capita_income=3000),
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "errors.xlsx", rows)
    result = invoke(path, "--as-of", AS_OF, "--format", "json", "--all")

    assert result.exit_code == 1
    data = json.loads(result.stdout)
    households = {h["household_id"]: h for h in data["households"]}
    assert list(households) == [*ALL_IDS, "U1"]
    assert households["U1"]["status"] == "unassessed"
    assert households["U1"]["unassessed_reason"].startswith("数据错误：工资性收入 第")
    assert households["U1"]["tier"] is None
    assert data["summary"]["unassessed"] == {"households": 1, "reasons": {"数据错误": 1}}
    assert [i["value"] for i in data["issues"] if i["severity"] == "error"] == ["三千"]


def test_json_output_is_strict_json(roster: Path) -> None:
    result = invoke(roster, "--as-of", AS_OF, "--format", "json", "--all")

    def reject(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    data = json.loads(result.stdout, parse_constant=reject)
    assert data["households"][0]["elimination"] is None


def test_json_has_one_household_per_line(roster: Path) -> None:
    text = invoke(roster, "--as-of", AS_OF, "--format", "json", "--all").stdout
    lines = text.splitlines()

    start = lines.index('  "households": [') + 1
    end = lines.index("  ],", start)
    assert [json.loads(line.strip().rstrip(","))["household_id"] for line in lines[start:end]] == [
        h["household_id"] for h in json.loads(text)["households"]
    ]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), JSON_VALUES, max_size=5))
def test_json_text_reads_back_as_the_same_document(document: dict[str, Any]) -> None:
    assert json.loads(json_text(document)) == document


def test_xlsx_has_every_sheet_with_chinese_headers_frozen_and_filtered(
    outputs: dict[str, Any],
) -> None:
    workbook = load_workbook(outputs["xlsx"])

    assert workbook.sheetnames == ZH_SHEETS
    headers = {ws.title: [c.value for c in ws[2]] for ws in workbook.worksheets}
    assert workbook["监测对象"]["A1"].value == "资兴市防止返贫监测对象名单"
    assert headers["监测对象"][:4] == ["户编号", "乡(镇)", "行政村", "户主姓名"]
    assert {"监测状态", "建议类别", "风险等级", "风险分值", "人均纯收入(元)"} <= set(
        headers["监测对象"]
    )
    assert {"已落实措施", "尚未覆盖", "可选措施（责任部门）", "落实情况"} <= set(
        headers["帮扶措施"]
    )
    assert {"消除评估", "建议消除方式", "不能消除的原因"} <= set(headers["风险消除"])
    assert headers["数据问题"][:2] == ["级别", "问题"]
    assert headers["数据问题"][-1] == "问题代码（供程序使用）"
    assert headers["参数"] == ["项目", "内容"]
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A3", ws.title
        last = ws.cell(row=2, column=ws.max_column).column_letter
        assert ws.auto_filter.ref == f"A2:{last}{ws.max_row}", ws.title
        assert ws.max_row > 2, ws.title


def test_xlsx_content_in_its_sheets(outputs: dict[str, Any]) -> None:
    households = rows_as_dicts(read_sheet(outputs["xlsx"], "监测对象"))
    elimination = {r["户编号"]: r for r in rows_as_dicts(read_sheet(outputs["xlsx"], "风险消除"))}
    problems = rows_as_dicts(read_sheet(outputs["xlsx"], "数据问题"))
    parameters = {r["项目"]: r["内容"] for r in rows_as_dicts(read_sheet(outputs["xlsx"], "参数"))}

    assert [r["户编号"] for r in households] == LISTED_IDS
    assert set(elimination) == {"M1", "M2", "E1"}
    assert elimination["M1"]["消除评估"] == "可消除"
    assert elimination["M1"]["建议消除方式"] == "帮扶消除"
    assert elimination["M2"]["消除评估"] == "暂不能消除"
    assert elimination["M2"]["识别监测时间"] == datetime(2021, 10, 1)  # a real date
    assert "不足 6 个月" in elimination["M2"]["不能消除的原因"]
    assert [(p["问题代码（供程序使用）"], p["户编号"]) for p in problems] == [
        ("size_mismatch", "N2")
    ]
    assert [(p["级别"], p["问题"]) for p in problems] == [("提示", "家庭人口数与成员数不符")]
    assert parameters["监测线(元/人·年)"] == 6000
    assert parameters["评估日期"] == datetime(2021, 12, 1)
    assert parameters["评分规则：人均纯收入低于监测线"].startswith("per_capita_income < line → +")
    assert "已写入" in outputs["xlsx_stdout"]


def test_measures_sheet_has_one_row_per_household_in_place_and_missing(
    outputs: dict[str, Any],
) -> None:
    measures = {r["户编号"]: r for r in rows_as_dicts(read_sheet(outputs["xlsx"], "帮扶措施"))}
    by_id = {h["household_id"]: h for h in outputs["json"]["households"]}

    assert sorted(measures) == sorted(
        h for h, v in by_id.items() if v["status"] in ("monitored", "proposed")
    )
    assert measures["M1"]["已落实措施"] == "小额信贷"
    for household_id, row in measures.items():
        uncovered = by_id[household_id]["measures"]["uncovered"]
        assert (row["落实情况"] == "有缺口") == bool(uncovered), household_id
        assert bool(row["可选措施（责任部门）"]) == bool(uncovered), household_id


def test_lang_en_labels(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "en.xlsx"
    result = invoke(roster, "--as-of", AS_OF, "--lang", "en", "-o", target)
    as_csv = invoke(roster, "--as-of", AS_OF, "--lang", "en", "--format", "csv")

    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and "households (people)" in result.stdout
    workbook = load_workbook(target)
    assert workbook.sheetnames == EN_SHEETS
    rows = rows_as_dicts(read_sheet(target, "households"))
    assert rows[0]["household ID"] == "P1"
    assert rows[0]["tier"] == labels.TIER["high"][1]
    assert rows[0]["status"] == "proposed for monitoring"
    assert rows[0]["proposed category"] == "marginal"
    problems = rows_as_dicts(read_sheet(target, "problems"))
    assert [(p["severity"], p["problem"]) for p in problems] == [
        ("warning", "household size differs")
    ]
    assert workbook["households"].oddFooter.center.text == "page &P of &N"
    header = next(csv.reader(io.StringIO(as_csv.stdout)))
    assert header[0] == "household ID" and "per-capita income (yuan)" in header


def test_all_lists_every_household(roster: Path, tmp_path: Path) -> None:
    everyone = classify_json(roster, "--all")
    target = tmp_path / "all.xlsx"
    assert invoke(roster, "--as-of", AS_OF, "--all", "-o", target).exit_code == 0

    assert [h["household_id"] for h in everyone["households"]] == ALL_IDS
    assert [r["户编号"] for r in rows_as_dicts(read_sheet(target, "监测对象"))] == ALL_IDS
    assert everyone["summary"]["households"] == len(ALL_IDS)


def test_default_lists_only_households_with_something_to_report(outputs: dict[str, Any]) -> None:
    statuses = [h["status"] for h in outputs["json"]["households"]]

    assert "none" not in statuses
    assert [h["household_id"] for h in outputs["json"]["households"]] == LISTED_IDS
    assert outputs["json"]["summary"]["households"] == len(ALL_IDS)  # summary counts everyone
    assert outputs["json"]["summary"]["by_status"]["none"] == {"households": 2, "people": 2}


def test_missing_year_line_exits_1_with_the_message(roster: Path) -> None:
    result = invoke(roster, "--as-of", "2023-06-30", "--format", "json", "--lang", "en")

    assert result.exit_code == 1
    assert "no monitoring line for 2023" in result.stderr
    assert "`2023 = <yuan>` under" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_error_message_keeps_square_brackets(roster: Path) -> None:
    result = invoke(roster, "--as-of", "2023-06-30", "--lang", "en")

    assert "under [monitoring_line] in a profile" in result.stderr


def test_explicit_year_without_line_exits_1(roster: Path) -> None:
    result = invoke(roster, "--as-of", AS_OF, "--year", "2019", "--lang", "en")

    assert result.exit_code == 1
    assert "no monitoring line for 2019" in result.stderr


def test_bad_date_is_a_usage_error(roster: Path) -> None:
    result = invoke(roster, "--as-of", "2021-13-01", "--lang", "en")

    assert result.exit_code == 2
    assert "'2021-13-01' is not a date like 2021-12-31" in result.stderr


def test_unknown_profile_exits_1(roster: Path) -> None:
    result = invoke(roster, "--as-of", AS_OF, "--profile", "nowhere", "--lang", "en")

    assert result.exit_code == 1
    assert "no profile 'nowhere'" in result.stderr


def test_output_name_without_known_suffix_is_a_usage_error(roster: Path, tmp_path: Path) -> None:
    result = invoke(roster, "--as-of", AS_OF, "-o", tmp_path / "out.txt")

    assert result.exit_code == 2
    assert not (tmp_path / "out.txt").exists()


def test_xlsx_to_stdout_asks_for_an_output_file(roster: Path) -> None:
    result = invoke(roster, "--as-of", AS_OF, "--format", "xlsx", "--lang", "en")

    assert result.exit_code == 2  # a usage error
    assert "-o NAME.xlsx" in result.stderr


def test_input_unchanged_and_no_temp_files_left(outputs: dict[str, Any]) -> None:
    assert outputs["roster_after"] == outputs["roster_before"]
    assert outputs["listing_after"] == outputs["listing_before"]
    assert sorted(os.listdir(outputs["folder"])) == ["classify.csv", "classify.xlsx"]
    assert outputs["csv_bytes"].startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it right


def test_json_written_to_a_file_leaves_no_temp_file(roster: Path, tmp_path: Path) -> None:
    result = invoke(roster, "--as-of", AS_OF, "-o", tmp_path / "out.json")

    assert result.exit_code == 0, result.output
    assert os.listdir(tmp_path) == ["out.json"]
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["households"]


def test_failed_run_leaves_the_previous_output(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    result = invoke(roster, "--as-of", "2023-01-01", "-o", target)

    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["out.json"]


def test_library_tells_each_stage_in_order(roster: Path) -> None:
    told: list[str] = []
    api.classify(roster, as_of=date(2021, 12, 1), stages=told.append)

    assert told == [
        "read",
        "validate",
        "quality",
        "households",
        "rules",
        "measures",
        "elimination",
    ]
    assert set(told) == set(labels.STAGES)


def forced_terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    screen = io.StringIO()
    monkeypatch.setattr(terminal, "err_console", Console(file=screen, force_terminal=True))
    return screen


def test_spinner_shows_the_stage_on_a_terminal_after_the_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = forced_terminal(monkeypatch)
    with terminal.working("classify roster.xlsx", enabled=True, delay=0) as stage:
        stage("rules")
        time.sleep(0.5)

    assert "classify roster.xlsx: assessing risk" in screen.getvalue()


@pytest.mark.parametrize(("enabled", "delay"), [(False, 0), (True, 5)])
def test_spinner_silent_when_quiet_or_quick(
    monkeypatch: pytest.MonkeyPatch, enabled: bool, delay: float
) -> None:
    screen = forced_terminal(monkeypatch)
    with terminal.working("classify roster.xlsx", enabled=enabled, delay=delay) as stage:
        stage("rules")
        time.sleep(0.3)

    assert screen.getvalue() == ""


def test_spinner_silent_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(terminal, "err_console", Console(file=screen))  # a pipe, as under cron
    with terminal.working("classify roster.xlsx", enabled=True, delay=0) as stage:
        stage("rules")
        time.sleep(0.3)

    assert screen.getvalue() == ""


def test_the_terminal_summary_speaks_words_in_their_order(roster: Path) -> None:
    """Under --lang zh the summary names statuses and tiers in words only (no code in
    brackets), monitored before eliminated and high before medium and low, as 概览 does."""
    done = runner.invoke(app, ["classify", str(roster), "--year", "2021", "--as-of", "2021-12-31"])
    assert done.exit_code in (0, 1), done.output
    out = done.output
    for code in ("(monitored)", "(eliminated)", "(none)", "(high)", "(medium)", "(low)"):
        assert code not in out
    assert out.index("监测中") < out.index("已消除风险") < out.index("无需监测")
    tiers = [out.index(t) for t in ("高风险", "中风险", "低风险") if t in out]
    assert len(tiers) >= 2 and tiers == sorted(tiers)
