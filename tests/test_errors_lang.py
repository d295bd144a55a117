"""Errors in the run's language (issue #16, item 3): under the default --lang zh the one
red line starts with 错误： and is Chinese; under --lang en it is the English text."""

from __future__ import annotations

import ast
import errno
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fanpin.cli.commands import app
from fanpin.cli.options import failure_message
from fanpin.errors import FanpinError, OutputPathError, ProfileError, UsageError
from tests.rosters import household, write_xlsx

runner = CliRunner()
PACKAGE = Path(__file__).resolve().parents[1] / "fanpin"
FAMILY = {"FanpinError", "ProfileError", "OutputPathError", "UsageError", "OverrideError"}


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("lang") / "r.xlsx", household())


def both(args: list[str]) -> tuple[str, str, int, int]:
    """stderr and exit code of ``args`` under the default language and under --lang en."""
    chinese = runner.invoke(app, args)
    english = runner.invoke(app, [*args, "--lang", "en"])
    return chinese.stderr, english.stderr, chinese.exit_code, english.exit_code


def test_a_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nonexist.xlsx")
    zh, en, zh_code, en_code = both(["validate", missing])

    assert zh.startswith(f"错误：找不到文件：{missing}") and (zh_code, en_code) == (1, 1)
    assert en.startswith(f"error: file not found: {missing}")
    assert "error" not in zh


def test_an_output_that_is_the_input(roster: Path) -> None:
    zh, en, zh_code, en_code = both(["classify", str(roster), "-o", str(roster)])

    assert zh.startswith("错误：输出文件不能是本次读取的输入文件") and str(roster) in zh
    assert "-o" in zh and (zh_code, en_code) == (2, 2)
    assert en.startswith("error:") and "is an input of this run" in en


def test_a_missing_monitoring_line(roster: Path) -> None:
    args = ["classify", str(roster), "-p", "national-2026", "--as-of", "2026-03-31", "-q"]
    zh, en, zh_code, en_code = both(args)

    assert zh.startswith("错误：规则 'national-2026' 没有 2026 年的监测线")
    assert "--line 2026=<元>" in zh and (zh_code, en_code) == (1, 1)
    assert en.startswith("error: profile 'national-2026' has no monitoring line for 2026")


def test_a_missing_line_in_a_workspace_names_fanpin_toml(tmp_path: Path, roster: Path) -> None:
    (tmp_path / "fanpin.toml").write_text(
        f'[counties.a]\nname = "A"\nprofile = "national-2026"\nroster = "{roster}"\n'
        'as_of = "2026-03-31"\n',
        encoding="utf-8",
    )
    zh, en, zh_code, _ = both(["report", "--county", "a", "-w", str(tmp_path)])

    assert zh.startswith("错误：规则 'national-2026' 没有 2026 年的监测线") and zh_code == 1
    assert "[counties.a]" in zh and "monitoring_line = { 2026 = <元> }" in zh
    assert str(tmp_path / "fanpin.toml") in zh
    assert "under [counties.a]" in en


def test_an_unknown_county_and_no_workspace(tmp_path: Path, roster: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "fanpin.toml").write_text(
        f'[counties.a]\nname = "A"\nroster = "{roster}"\n', encoding="utf-8"
    )
    zh, en, zh_code, en_code = both(["report", "--county", "nope", "-w", str(workspace)])
    assert zh.startswith("错误：") and "没有县 'nope'" in zh and (zh_code, en_code) == (1, 1)
    assert en.startswith("error:") and "no county 'nope'" in en

    empty = tmp_path / "empty"
    empty.mkdir()
    zh, en, zh_code, _ = both(["report", "--county", "a", "-w", str(empty)])
    assert zh.startswith("错误：") and "找不到 fanpin.toml" in zh and "fanpin init" in zh
    assert zh_code == 1 and "no fanpin.toml" in en


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (
            ["--format", "xlsx"],
            "错误：-o：--format xlsx 写出的是工作簿",
            "error: -o: --format xlsx",
        ),
        (["--line", "2026=x"], "错误：--line：'2026=x' 不是 年份=元", "error: --line: '2026=x' is"),
        (["-o", "out.txt"], "错误：-o：输出文件名请以 .json", "error: -o: name the file"),
    ],
)
def test_fanpins_own_usage_errors(
    roster: Path, args: list[str], chinese: str, english: str
) -> None:
    zh, en, zh_code, en_code = both(["classify", str(roster), *args])

    assert zh.startswith(chinese) and en.startswith(english), (zh, en)
    assert (zh_code, en_code) == (2, 2)


def test_a_bad_date_in_the_chosen_language(roster: Path) -> None:
    """Parsed by click before the command runs: the text follows --lang, wherever it is
    given; click's frame around it stays English (out of scope)."""
    zh = runner.invoke(app, ["classify", str(roster), "--as-of", "2026-13-01"])
    before = runner.invoke(app, ["classify", str(roster), "--lang", "en", "--as-of", "2026-13-01"])
    after = runner.invoke(app, ["classify", str(roster), "--as-of", "2026-13-01", "--lang", "en"])

    assert {zh.exit_code, before.exit_code, after.exit_code} == {2}
    assert "不是日期" in zh.stderr
    for english in (before, after):
        assert "is not a date" in english.stderr and "不是日期" not in english.stderr


def test_the_machines_failures_in_both_languages() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/tmp/x")
    assert failure_message(full, "zh") == "无法访问 /tmp/x：磁盘已满：请腾出空间后重新运行"
    assert failure_message(full, "en") == "cannot access /tmp/x: No space left on device"
    assert failure_message(MemoryError(), "zh").startswith("内存不足")
    assert failure_message(ValueError("x"), "zh").startswith("意外错误（ValueError：x）")


def test_text_falls_back_to_english_and_survives_pickling() -> None:
    """Dask sends a county's error back from a worker: the Chinese text comes with it."""
    error = ProfileError("profile broken", zh="规则有误")
    copied = pickle.loads(pickle.dumps(error))
    assert (str(copied), copied.text("zh"), copied.text("en")) == (
        "profile broken",
        "规则有误",
        "profile broken",
    )
    assert FanpinError("only English").text("zh") == "only English"
    assert issubclass(OutputPathError, UsageError)


# Where a county user meets an error: every raise there carries its Chinese text. The
# others (profile authors' rule expressions and catalogues, the province engine's Dask
# options, internal guards) are English only; see the report of issue #16.
COMMON = [
    "errors.py",
    "init.py",
    "io/files.py",
    "io/read.py",
    "io/preflight.py",
    "io/limits.py",
    "io/workspace.py",
    "io/join.py",
    "io/snapshots.py",
    "campaigns/notice.py",
    "campaigns/departments.py",
    "outputs/audit.py",
    "outputs/classify.py",
    "outputs/fund.py",
    "outputs/notice.py",
    "outputs/procedure.py",
    "outputs/simulate.py",
    "outputs/warn.py",
    *(f"cli/{p.name}" for p in sorted((PACKAGE / "cli").glob("*.py"))),
]
COMMON_FUNCTIONS = {
    "rules/profiles.py": {"line_for", "_locate", "_load_merged", "catalogue"},
    "api.py": {"warn", "audit"},
    "scale.py": {"find_partitions", "_prepare_output"},
}


def _without_chinese(path: Path, functions: set[str] | None) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    scopes = (
        [tree]
        if functions is None
        else [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in functions
        ]
    )
    if functions is not None:
        assert {s.name for s in scopes if isinstance(s, ast.FunctionDef)} >= functions, path
    for scope in scopes:
        for node in ast.walk(scope):
            call = node.value if isinstance(node, ast.Return) else getattr(node, "exc", None)
            if not isinstance(call, ast.Call) or not isinstance(node, ast.Raise | ast.Return):
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name in FAMILY and not any(k.arg == "zh" for k in call.keywords):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_every_error_a_county_user_meets_has_its_chinese_text() -> None:
    missing = [m for name in COMMON for m in _without_chinese(PACKAGE / name, None)]
    for name, functions in COMMON_FUNCTIONS.items():
        missing += _without_chinese(PACKAGE / name, functions)
    assert missing == []
