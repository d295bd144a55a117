"""Never harm the user's files, and survive hostile input (issue 17).

Every hostile input is generated here (tests/hostile.py). Expected of every case:
exit 0, 1 or 2 with one clear line, no traceback, no input touched, no half file
left, memory bounded by the limits (the workbooks that once asked for hundreds of
GB run in a subprocess capped at 2 GB of address space).
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli.commands import app
from fanpin.cli.options import failure_message
from fanpin.errors import FanpinError, OutputPathError, ProfileError
from fanpin.io import files
from fanpin.io.files import check_outputs, remove_stale_parts, safe_name
from fanpin.io.read import read_roster
from fanpin.io.text import mask_personal
from fanpin.outputs.fund import entries_table
from fanpin.outputs.write import csv_safe, frame_to_csv
from fanpin.rules.profiles import load_profile
from fanpin.scale import partition_value
from tests import hostile
from tests.rosters import header, household, issues_of, member, write_csv, write_xlsx

runner = CliRunner()
AS_OF = ["--year", "2021", "--as-of", "2021-12-31"]
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    """The CLI in English, the messages these tests read (Chinese: test_errors_lang.py)."""
    words = [str(a) for a in args]
    return runner.invoke(app, words if "--lang" in words else [*words, "--lang", "en"], env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parts_left(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def assert_one_clear_line(result: Any, code: int = 1) -> str:
    """Exit ``code``, one error line on stderr, no traceback, no 'unexpected error'."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return str(lines[0])


@pytest.fixture(scope="module")
def template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "ws"
    api.init_workspace(folder, households=1000, seed=5)
    return folder


@pytest.fixture
def workspace(template_workspace: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    shutil.copytree(template_workspace, folder)
    return folder


# -- 1. no output may be an input -----------------------------------------------------------


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return hostile.small_roster(tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["classify", *AS_OF],
        ["notice", "--village", "新市村", *AS_OF],
        ["diff", "{roster}"],
        ["audit", *AS_OF],
    ],
)
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(
    roster: Path, command: list[str]
) -> None:
    before = digest(roster)
    args = [part.replace("{roster}", str(roster)) for part in command]
    result = run(args[0], roster, *args[1:], "-o", roster)

    line = assert_one_clear_line(result, code=2)
    assert "is an input of this run" in line
    assert digest(roster) == before


def test_csv_procedure_and_fund_outputs_cannot_be_their_inputs(workspace: Path) -> None:
    data = workspace / "data" / "zixing"
    roster, cases, ledger = data / "roster.xlsx", data / "cases.xlsx", data / "fund_ledger.xlsx"
    csv_roster = data / "roster_gbk.csv"
    before = {p: digest(p) for p in (roster, cases, ledger, csv_roster)}
    results = [
        run("validate", csv_roster, "-o", csv_roster),
        run("procedure", cases, "-o", cases),
        run("fund", ledger, "--roster", roster, *AS_OF, "-o", ledger),
        run("fund", ledger, "--roster", roster, *AS_OF, "-o", roster),
        run(
            "audit",
            roster,
            "--dept",
            f"medical={data / 'dept' / 'medical.xlsx'}",
            "-o",
            data / "dept" / "medical.xlsx",
            "--format",
            "xlsx",
        ),
    ]
    for result in results:
        assert_one_clear_line(result, code=2)
    assert {p: digest(p) for p in before} == before


def test_symlinks_and_hard_links_to_an_input_are_refused(roster: Path, tmp_path: Path) -> None:
    soft, hard = tmp_path / "soft.xlsx", tmp_path / "hard.xlsx"
    soft.symlink_to(roster)
    os.link(roster, hard)
    before = digest(roster)
    for output in (soft, hard):
        assert_one_clear_line(run("classify", roster, *AS_OF, "-o", output), code=2)
    assert digest(roster) == before and soft.is_symlink()


def test_log_and_report_outputs_cannot_be_inputs(workspace: Path) -> None:
    roster = workspace / "data" / "zixing" / "roster.xlsx"
    config = workspace / "fanpin.toml"
    before = digest(roster), digest(config)
    for extra in (["--log", roster], ["--log", config], ["-o", roster]):
        result = run("report", "--county", "zixing", "--workspace", workspace, *extra)
        assert "is an input of this run" in assert_one_clear_line(result, code=2)
    assert (digest(roster), digest(config)) == before
    assert not (workspace / "reports").exists()  # refused before anything was written


def test_an_output_folder_is_refused_with_exit_2(roster: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out.xlsx"
    folder.mkdir()
    line = assert_one_clear_line(run("classify", roster, *AS_OF, "-o", folder), code=2)
    assert "is a folder" in line


def test_the_library_never_writes_over_a_file_it_read(roster: Path, tmp_path: Path) -> None:
    result = api.classify(roster, year=2021, as_of=date(2021, 12, 31))
    before = digest(roster)
    link = tmp_path / "link.xlsx"
    link.symlink_to(roster)
    for target, fmt in ((roster, "xlsx"), (link, "csv")):
        with pytest.raises(OutputPathError, match="is an input"):
            api.export(result, fmt, target)  # type: ignore[arg-type]
    assert digest(roster) == before and parts_left(tmp_path) == []
    api.export(result, "xlsx", tmp_path / "fine.xlsx")


def test_the_guard_compares_real_files(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("x")
    check_outputs([tmp_path / "b.csv", None], [source, None])  # a new file: fine
    with pytest.raises(OutputPathError):
        check_outputs([tmp_path / "." / "a.csv"], [source])
    with pytest.raises(OutputPathError, match="twice"):
        check_outputs([tmp_path / "b.csv", tmp_path / "b.csv"], [])


# -- 2. values from inputs are text, never formulas ------------------------------------------


@pytest.fixture(scope="module")
def planted(template_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with formulas typed into names, notes and villages of the
    roster, ledger, cases and department lists."""
    folder = tmp_path_factory.mktemp("planted") / "ws"
    shutil.copytree(template_workspace, folder)
    data = folder / "data" / "zixing"
    names = {"姓名": hostile.FORMULA}
    village = {"行政村": "@SUM(1,2)", "村": "@SUM(1,2)"}  # tidy and national spellings
    hostile.plant_in_workbook(data / "roster.xlsx", names | village, rows=6000)
    hostile.plant_in_workbook(
        data / "fund_ledger.xlsx", {"收款人姓名": "+1+1", "备注": hostile.FORMULA}, rows=10
    )
    hostile.plant_in_workbook(data / "cases.xlsx", {"户主姓名": "-2+3", "行政村": "=1+1"}, 10)
    hostile.plant_in_workbook(data / "dept" / "medical.xlsx", names | {"备注": "=1+1"}, 20)
    hostile.plant_in_csv(data / "dept" / "civil.csv", names, rows=20)
    return folder


def test_no_output_holds_a_live_formula(planted: Path, tmp_path: Path) -> None:
    data = planted / "data" / "zixing"
    roster, out = data / "roster.xlsx", tmp_path / "out"
    depts = [
        f"--dept={k}={data / 'dept' / f}"
        for k, f in (("medical", "medical.xlsx"), ("civil", "civil.csv"))
    ]
    other = tmp_path / "roster2.xlsx"
    shutil.copy(data / "messy_roster.xlsx", other)
    village = "@SUM(1,2)"
    runs = {
        "validate": ["validate", roster],
        "classify": ["classify", roster, *AS_OF, "--all"],
        "audit": ["audit", roster, *depts, *AS_OF],
        "procedure": ["procedure", data / "cases.xlsx", "--as-of", "2021-12-31"],
        "fund": ["fund", data / "fund_ledger.xlsx", "--roster", roster, *AS_OF],
        "diff": ["diff", roster, other, *AS_OF],
        "notice": ["notice", roster, "--village", village, "--township", "唐洞街道", *AS_OF],
        "simulate": ["simulate", roster, *AS_OF, "--line", "2021=7000"],
    }
    written: list[Path] = []
    for name, args in runs.items():
        for suffix in ("xlsx", "csv"):
            target = out / f"{name}.{suffix}"
            result = run(*args, "-o", target)
            assert result.exit_code in (0, 1), (name, result.output)
            assert "Traceback" not in result.output
            written.append(target)
    result = run("report", "--county", "zixing", "--workspace", planted)
    assert result.exit_code in (0, 1), result.output
    written += sorted((planted / "reports").rglob("*.xlsx"))
    (tmp_path / "province").mkdir()
    shutil.copy(roster, tmp_path / "province" / "zixing.xlsx")
    run(
        "province",
        tmp_path / "province",
        "-o",
        tmp_path / "province_out",
        "--format",
        "csv",
        *AS_OF,
    )
    written += sorted((tmp_path / "province_out").rglob("*.csv"))

    assert all(p.is_file() for p in written), [p for p in written if not p.is_file()]
    planted_somewhere = False
    for path in written:
        if path.suffix == ".xlsx":
            assert hostile.formula_workbook_values(path) == [], path
            values = [
                c.value
                for sheet in openpyxl.load_workbook(path).worksheets
                for row in sheet.iter_rows()
                for c in row
            ]
            planted_somewhere |= hostile.FORMULA in values
        else:
            text = path.read_text(encoding="utf-8-sig")
            assert hostile.risky_csv_cells(text) == [], path
            planted_somewhere |= "'" + hostile.FORMULA in text
    assert planted_somewhere  # the text itself is kept, shown as text


def test_csv_cells_that_would_run_get_an_apostrophe_numbers_stay() -> None:
    frame = pd.DataFrame(
        {
            "text": [*hostile.FORMULAS, "-5", "张三", None, "+86 13800138000"],
            "number": [-1.5, 2, 3, 4, 5, 6, -7, 8, 9, 10],
        }
    )
    safe = csv_safe(frame)
    assert safe["text"].tolist()[: len(hostile.FORMULAS)] == ["'" + f for f in hostile.FORMULAS]
    tail = safe["text"].tolist()[-4:]
    assert tail[:2] == ["-5", "张三"] and pd.isna(tail[2]) and tail[3] == "'+86 13800138000"
    assert safe["number"].tolist() == frame["number"].tolist()
    assert frame["text"].tolist()[0] == hostile.FORMULA  # the caller's frame is not changed
    assert hostile.risky_csv_cells(frame_to_csv(frame)) == []


# -- 3. workbooks that ask for too much are refused before anything is allocated ------------


def _capped_process(args: list[str], env: dict[str, str] | None = None) -> Any:
    """Run the CLI in a subprocess whose address space is capped at 2 GB."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "fanpin", *args],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.mark.parametrize("builder", [hostile.far_cell, hostile.stray_row, hostile.ods_bomb])
def test_a_far_cell_is_refused_in_bounded_memory(tmp_path: Path, builder: Callable) -> None:
    path = builder(tmp_path)
    done = _capped_process(["validate", str(path)])
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "Ctrl+End" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_formatted_far_cell_is_harmless_and_read(tmp_path: Path) -> None:
    result = run("validate", hostile.formatted_far_cell(tmp_path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("builder", "env", "words"),
    [
        (hostile.zip_bomb, {"FANPIN_MAX_UNZIPPED_MB": "16"}, "FANPIN_MAX_UNZIPPED_MB"),
        (hostile.many_entries, {"FANPIN_MAX_ZIP_ENTRIES": "40"}, "FANPIN_MAX_ZIP_ENTRIES"),
        (hostile.lying_zip, {}, "damaged"),
        (hostile.truncated, {}, "cannot be read"),
        (hostile.mislabelled, {}, "cannot be read"),
        (hostile.fake_encrypted, {}, "password"),
    ],
)
def test_broken_and_oversized_workbooks_give_one_line(
    tmp_path: Path, builder: Callable, env: dict[str, str], words: str
) -> None:
    path = builder(tmp_path)
    assert words in assert_one_clear_line(run("classify", path, *AS_OF, env=env))


def test_the_limits_can_be_raised(tmp_path: Path) -> None:
    path = hostile.zip_bomb(tmp_path, megabytes=20)
    assert run("validate", path, env={"FANPIN_MAX_UNZIPPED_MB": "16"}).exit_code == 1
    assert run("validate", path, env={"FANPIN_MAX_UNZIPPED_MB": "64"}).exit_code == 0
    line = assert_one_clear_line(run("validate", path, env={"FANPIN_MAX_CELLS": "many"}))
    assert "FANPIN_MAX_CELLS" in line


def test_one_bad_county_fails_alone_in_a_province(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    hostile.small_roster(source, "good.xlsx")
    shutil.copy(hostile.far_cell(tmp_path), source / "bad.xlsx")
    done = _capped_process(
        ["province", str(source), "-o", str(tmp_path / "out"), "--format", "csv", *AS_OF]
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    by_key = {c["partition"]: c for c in summary["counties"]}
    assert "Ctrl+End" in by_key["bad"]["error"] and not by_key["good"].get("error")


# -- 4. control characters: removed when read, reported, never on the terminal --------------


@pytest.mark.parametrize(
    "builder", [hostile.control_characters_csv, hostile.control_characters_xlsx]
)
def test_control_characters_are_removed_and_reported(tmp_path: Path, builder: Callable) -> None:
    path = builder(tmp_path)
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 0, result.output
    issues = [i for i in json.loads(result.stdout)["issues"] if i["code"] == "control_characters"]
    assert [(i["row"], i["column"], i["severity"]) for i in issues] == [
        (2, "姓名", "warning"),
        (3, "行政村", "warning"),
        (4, "行政村", "warning"),
    ]
    assert issues[0]["value"] == "张[31m三" and "\\x1b" in issues[0]["message"]
    for command in (
        ["validate", path],
        ["classify", path, *AS_OF, "--all"],
        ["classify", path, *AS_OF, "-o", tmp_path / "c.xlsx"],
        ["notice", path, "--village", "新市村", *AS_OF, "-o", tmp_path / "n.xlsx"],
    ):
        result = run(*command)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", result.output)
    assert (tmp_path / "c.xlsx").is_file() and (tmp_path / "n.xlsx").is_file()


def test_names_that_look_like_markup_are_printed_as_they_are(tmp_path: Path) -> None:
    path = hostile.markup_names(tmp_path)
    result = run("notice", path, "--village", "[bold", *AS_OF)
    assert result.exit_code == 0, result.output
    assert "[bold识别公示" in result.stdout
    result = run("validate", path)
    assert result.exit_code == 1 and "[/red]" in result.stdout, result.output


def test_error_lines_carry_no_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "ro\x1b[2Jster.xlsx"
    result = run("validate", path)
    assert "\x1b" not in result.stderr and "file not found" in result.stderr


# -- 5. kill -9 mid-write leaves nothing behind ----------------------------------------------


def test_stale_part_files_of_killed_runs_are_removed(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".result.xlsx.999999999.abcdefgh.fanpin.part"  # no such process
    legacy = out / ".result.k2j3h4g5.xlsx.part"  # the pattern of earlier versions
    live = out / f".other.xlsx.{os.getpid()}.abcdefgh.fanpin.part"  # a write in progress
    foreign = out / "notes.part"  # not fanpin's: never touched
    for path in (dead, legacy, live, foreign):
        path.write_bytes(b"PK half a workbook with names and IDs")
    result = run("classify", roster, *AS_OF, "-o", out / "result.xlsx")

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([live.name, foreign.name, "result.xlsx"])
    assert remove_stale_parts(out) == []


def test_a_failed_write_leaves_no_part_file_and_says_why(
    roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: openpyxl.Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full_disk)
    line = assert_one_clear_line(run("classify", roster, *AS_OF, "-o", tmp_path / "r.xlsx"))
    assert "disk is full" in line
    assert parts_left(tmp_path) == [] and not (tmp_path / "r.xlsx").exists()


def test_a_read_only_folder_is_an_ordinary_failure(
    roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    line = assert_one_clear_line(run("validate", roster, "-o", tmp_path / "x.csv"))
    assert "Read-only file system" in line and "choose a folder" in line


# -- 6. ordinary failures are ordinary ----------------------------------------------------------


def test_utf16_of_odd_length_names_no_contents(tmp_path: Path) -> None:
    line = assert_one_clear_line(run("validate", hostile.utf16_odd(tmp_path)))
    assert "UTF-16" in line and hostile.HIDDEN_ID not in line and len(line) < 300


def test_an_unclosed_quote_is_an_error_naming_its_line(tmp_path: Path) -> None:
    line = assert_one_clear_line(run("validate", hostile.unclosed_quote(tmp_path)))
    assert "line 3" in line and "never closes" in line


def test_a_1200_deep_extends_chain_is_refused(roster: Path, tmp_path: Path) -> None:
    chain = tmp_path / "chain"
    chain.mkdir()
    top = hostile.extends_chain(chain)
    line = assert_one_clear_line(run("classify", roster, *AS_OF, "--profile", top))
    assert "FANPIN_MAX_EXTENDS" in line


@pytest.mark.parametrize("line", ["inf", "nan", "-6000", "0", "-inf"])
def test_a_nonsense_monitoring_line_is_refused(roster: Path, tmp_path: Path, line: str) -> None:
    profile = hostile.bad_line_profile(tmp_path, line)
    result = run("classify", roster, *AS_OF, "--profile", profile)
    assert "monitoring_line" in assert_one_clear_line(result)
    with pytest.raises(ProfileError, match="monitoring_line"):
        load_profile(profile)


def test_extends_is_found_beside_the_extending_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county = hostile.relative_extends(tmp_path / "ws")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "base.toml").write_text('name = "wrong"\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    assert load_profile(county).line_for(2021) == 6100


def test_a_damaged_snapshot_is_skipped_and_never_blocks_later_reports(workspace: Path) -> None:
    archive = workspace / "archive" / "zixing"
    archive.mkdir(parents=True)
    first = api.report("zixing", workspace=workspace)
    good = sorted(archive.iterdir())[-1]
    for name, data in (
        ("2021-12-31_29990101T000000000000.snapshot.json.gz", b"not gzip at all"),
        ("2021-12-30_29990101T000000000000.snapshot.json.gz", gzip.compress(b"[1]")),
    ):
        (archive / name).write_bytes(data)
    result = run("report", "--county", "zixing", "--workspace", workspace, "--quiet")
    assert result.exit_code == (1 if first.errors else 0), result.output
    assert "Traceback" not in result.output
    again = api.report("zixing", workspace=workspace)
    assert again.previous_snapshot is not None
    assert good.exists()


def test_absolute_and_symlinked_paths_in_the_workspace_work(
    workspace: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared_drive"
    shared.mkdir()
    roster = shared / "roster.xlsx"
    shutil.move(workspace / "data" / "zixing" / "roster.xlsx", roster)
    (workspace / "data" / "zixing" / "link.xlsx").symlink_to(roster)
    config = workspace / "fanpin.toml"
    text = config.read_text(encoding="utf-8")
    for value in (str(roster), "data/zixing/link.xlsx"):
        config.write_text(
            text.replace('roster = "data/zixing/roster.xlsx"', f'roster = "{value}"'),
            encoding="utf-8",
        )
        result = api.report("zixing", workspace=workspace, output=tmp_path / "r.xlsx")
        assert result.path.is_file()
    about = openpyxl.load_workbook(tmp_path / "r.xlsx")["说明"]
    assert any(str(roster) in str(c.value) for row in about.iter_rows() for c in row)


def test_input_that_is_a_folder_or_empty_gives_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "folder.xlsx").mkdir()
    for path in (tmp_path / "empty.csv", tmp_path / "folder.xlsx"):
        assert_one_clear_line(run("validate", path))


# -- 8. strictness -------------------------------------------------------------------------------


def test_an_infinite_income_is_not_a_number_and_json_stays_valid(tmp_path: Path) -> None:
    path = hostile.infinite_income(tmp_path)
    result = run("classify", path, *AS_OF, "--format", "json", "--all")

    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} in JSON")

    document = json.loads(result.stdout, parse_constant=no_constants)
    assert [i["code"] for i in document["issues"]] == ["not_a_number"]
    assert document["issues"][0]["value"] == "1e400"


def test_a_duplicated_person_counts_once(tmp_path: Path) -> None:
    path = hostile.duplicated_person(tmp_path)
    result = api.classify(path, year=2021, as_of=date(2021, 12, 31))
    (row,) = result.households.to_dict("records")
    assert row["size"] == 2
    once = api.classify(
        write_csv(tmp_path / "once.csv", household("H001", 2)), year=2021, as_of=date(2021, 12, 31)
    )
    assert row["per_capita_income"] == once.households["per_capita_income"].iloc[0]
    assert "id_duplicate" in set(result.issues["code"])
    assert "size_mismatch" not in set(result.issues["code"])


# -- 9. names from data never steer paths -------------------------------------------------------


def test_a_county_name_cannot_steer_the_report_or_the_pruning(workspace: Path) -> None:
    config = workspace / "fanpin.toml"
    text = config.read_text(encoding="utf-8").replace('name = "资兴市"', 'name = "../../*"')
    config.write_text(text.replace("keep_reports = 30", "keep_reports = 1"), encoding="utf-8")
    reports = workspace / "reports" / "zixing"
    reports.mkdir(parents=True)
    bystanders = [reports / "keep_me.xlsx", reports / "2020-01-01_other_监测报告.xlsx"]
    for path in bystanders:
        path.write_bytes(b"not fanpin's")
    for day in (date(2021, 12, 30), date(2021, 12, 31)):
        result = api.report("zixing", workspace=workspace, as_of=day)
    shown = safe_name("../../*")
    assert result.path.parent == reports and result.path.name == f"2021-12-31_{shown}_监测报告.xlsx"
    assert all(p.exists() for p in bystanders)
    assert [p.name for p in result.removed_reports] == [f"2021-12-30_{shown}_监测报告.xlsx"]
    assert sorted(p.name for p in workspace.iterdir()) == sorted(
        ["archive", "data", "fanpin.toml", "profiles", "reports", "templates"]
    )


def test_a_county_key_with_a_path_is_refused(workspace: Path) -> None:
    (workspace / "fanpin.toml").write_text(
        '[counties."../x"]\nname = "x"\nroster = "data/zixing/roster.xlsx"\n', encoding="utf-8"
    )
    result = run("report", "--county", "../x", "--workspace", workspace)
    assert "plain name" in assert_one_clear_line(result)


def test_names_from_data_are_safe_in_file_names() -> None:
    for hostile_name in ("../../etc/passwd", "a/b", "*", "?", "村\x1b[2J", "..", ".hidden", ""):
        name = safe_name(hostile_name)
        assert "/" not in name and ".." not in name and name.strip(". ") == name
        assert not re.search(r"[\x00-\x1f*?]", name) and name
    assert safe_name("香花村") == "香花村"
    assert partition_value("../../x") == "%2E.%2F..%2Fx"
    assert partition_value("资兴市") == "资兴市"


def test_the_notice_suggests_a_safe_file_and_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [member(village="../*村", household_id="H1")]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    monkeypatch.chdir(tmp_path)
    result = run("notice", path, "--village", "../*村", *AS_OF)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]
    assert f"-o {safe_name('../*村')}识别公示_20211231.xlsx" in result.stdout
    assert "/" not in safe_name("../*村")


# -- 10. smaller ones ----------------------------------------------------------------------------


def test_ids_in_other_columns_are_masked_and_long_values_capped(tmp_path: Path) -> None:
    path = hostile.huge_cell(tmp_path)
    result = run("validate", path, "--format", "json")
    text = result.stdout
    issues = json.loads(text)["issues"]
    assert "not_in_vocabulary" in {i["code"] for i in issues}
    assert hostile.HIDDEN_ID not in text and hostile.HIDDEN_ID[:4] + "**" in text
    for issue in issues:
        assert len(issue["value"]) <= 200 and len(issue["message"]) < 600
    table = run("validate", path)
    assert table.exit_code == 1 and len(table.stdout) < 20_000


def test_the_fund_note_masks_ids_cards_and_phones() -> None:
    note = f"身份证{hostile.HIDDEN_ID}，卡号6222 0212 3456 7890 123，电话13800138000"
    masked = mask_personal(note)
    assert hostile.HIDDEN_ID not in masked and "13800138000" not in masked
    assert "6222 0212 3456 7890 123" not in masked and masked.startswith("身份证4310")


def test_fund_note_in_outputs(workspace: Path, tmp_path: Path) -> None:
    data = workspace / "data" / "zixing"
    hostile.plant_in_workbook(
        data / "fund_ledger.xlsx", {"备注": f"联系 13800138000 证 {hostile.HIDDEN_ID}"}, rows=3
    )
    result = api.fund(
        data / "fund_ledger.xlsx", data / "roster.xlsx", year=2021, as_of=date(2021, 12, 31)
    )
    table = entries_table(result.entries, result.issues, "zh", "text")
    notes = " ".join(str(v) for v in table["备注"].dropna())
    assert "13800138000" not in notes and hostile.HIDDEN_ID not in notes and "138****8000" in notes


def test_snapshots_are_pruned_to_the_workspace_setting(workspace: Path) -> None:
    config = workspace / "fanpin.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'archive_dir = "archive"', 'archive_dir = "archive"\nkeep_snapshots = 2'
        ),
        encoding="utf-8",
    )
    for _ in range(3):
        api.report("zixing", workspace=workspace)
    assert len(list((workspace / "archive" / "zixing").iterdir())) == 2


def test_usage_errors_exit_2_and_a_missing_roster_comes_first(roster: Path) -> None:
    for command in ("validate", "classify", "audit", "fund", "diff"):
        extra = {"fund": ["--roster", roster], "diff": [roster]}.get(command, [])
        result = run(command, roster, *extra, "--format", "xlsx")
        assert result.exit_code == 2 and "-o NAME.xlsx" in result.output
    result = run("classify", "missing.xlsx", "--year", "1999")
    assert "file not found: missing.xlsx" in assert_one_clear_line(result)


@pytest.mark.parametrize("call", ["classify", "audit", "simulate"])
def test_the_library_names_a_missing_roster_before_a_missing_line(
    tmp_path: Path, call: str
) -> None:
    """As the CLI does: the file the user named comes first, then the profile's gaps."""
    missing = tmp_path / "missing.xlsx"
    with pytest.raises(FanpinError, match="file not found") as raised:
        getattr(api, call)(missing, year=1999)
    assert not isinstance(raised.value, ProfileError)


def test_paths_in_messages_do_not_wrap_without_a_terminal(tmp_path: Path) -> None:
    deep = tmp_path / ("long_folder_name_" * 6) / "roster_with_a_long_name.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "fanpin", "validate", str(deep)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"错误：找不到文件：{deep}"  # the default --lang zh


def test_the_log_says_why_a_run_failed_and_which_process(workspace: Path, tmp_path: Path) -> None:
    log = tmp_path / "cron.log"
    (workspace / "data" / "zixing" / "roster.xlsx").unlink()
    result = run("report", "--county", "zixing", "--workspace", workspace, "--log", log)
    assert result.exit_code == 1
    failed = [line for line in log.read_text(encoding="utf-8").splitlines() if "failed" in line]
    assert len(failed) == 1 and "roster" in failed[0] and "does not exist" in failed[0]
    assert re.search(r"\(pid \d+\)", failed[0])


# -- every hostile input through the CLI: the four promises --------------------------------------


HOSTILE_INPUTS = [
    hostile.formatted_far_cell,
    hostile.zip_bomb,
    hostile.lying_zip,
    hostile.many_entries,
    hostile.truncated,
    hostile.mislabelled,
    hostile.fake_encrypted,
    hostile.utf16_odd,
    hostile.unclosed_quote,
    hostile.huge_cell,
    hostile.infinite_income,
    hostile.duplicated_person,
    hostile.control_characters_csv,
    hostile.control_characters_xlsx,
    hostile.markup_names,
]


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "inputs"
    folder.mkdir()
    yield folder


@pytest.mark.parametrize("builder", HOSTILE_INPUTS, ids=lambda b: b.__name__)
def test_every_hostile_input_keeps_the_promises(
    hostile_folder: Path, tmp_path: Path, builder: Callable
) -> None:
    path = builder(hostile_folder)
    inputs = {p: digest(p) for p in hostile_folder.iterdir()}
    env = {"FANPIN_MAX_UNZIPPED_MB": "32", "FANPIN_MAX_ZIP_ENTRIES": "40"}
    out = tmp_path / "out"
    for args in (
        ["validate", path],
        ["validate", path, "--format", "json"],
        ["classify", path, *AS_OF, "-o", out / "c.xlsx"],
        ["classify", path, *AS_OF, "-o", out / "c.csv"],
        ["notice", path, "--village", "新市村", *AS_OF, "-o", out / "n.xlsx"],
        ["audit", path, *AS_OF, "-o", out / "a.xlsx"],
    ):
        result = run(*args, env=env)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output and "unexpected error" not in result.output
        if result.exit_code != 0 and result.stderr.strip():
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        if "--format" in args and result.stdout.strip():
            json.loads(result.stdout, parse_constant=lambda name: pytest.fail(name))
    assert {p: digest(p) for p in hostile_folder.iterdir()} == inputs
    assert parts_left(tmp_path) == []
    for written in out.glob("*.xlsx") if out.exists() else []:
        assert hostile.formula_workbook_values(written) == []


def test_read_roster_reports_control_characters_once_per_cell(tmp_path: Path) -> None:
    table = read_roster(hostile.control_characters_csv(tmp_path))
    assert "\x1b" in table.frame["name"].iloc[0]  # the reader keeps cells as read …
    validated = api.load_roster(table.path)
    assert "\x1b" not in validated.table.frame["name"].iloc[0]  # … validation cleans them
    codes = [i.code for i in issues_of(validated)]
    assert codes.count("control_characters") == 3


def test_failure_messages_never_hold_file_contents() -> None:
    error = UnicodeDecodeError("utf-16-le", hostile.HIDDEN_ID.encode() * 1000, 5, 6, "bad")
    assert hostile.HIDDEN_ID not in failure_message(error)
    assert "unexpected" not in failure_message(OSError(errno.ENOSPC, "No space left"))
    assert files.safe_name("x" * 500) == "x" * files.NAME_LIMIT
    assert header("name") == "姓名"
    with pytest.raises(FanpinError):
        check_outputs([Path("/")], [])
