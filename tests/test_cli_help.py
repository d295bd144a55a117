"""`--help` speaks the run's language: Chinese by default (typer's and click's own words
too), English after an eager `--lang en`; every help text lives once in labels.HELP."""

from __future__ import annotations

import re

import pytest
import typer
import typer.rich_utils
from typer.testing import CliRunner

from fanpin import labels
from fanpin.cli.commands import app
from fanpin.cli.helptext import help_entry, help_key

runner = CliRunner()
ROOT = typer.main.get_command(app)
COMMANDS = dict(ROOT.commands)  # type: ignore[attr-defined]
ENGLISH_WORDS = ("Usage", "Options", "Arguments", "Commands", "Show this message", "[default:")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def flat(text: str) -> str:
    """The help without rich's borders and line breaks: the words as one line."""
    return re.sub(r"[\s│╭╮╰╯─]+", "", text)


def shown(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_commands_help_is_chinese_by_default(command: str) -> None:
    text = shown(command, "--help")
    zh, _ = labels.HELP[command]
    assert flat(zh.split("\n\n")[0]) in flat(text)
    assert "用法：" in text and "选项" in text and "显示本帮助并退出。" in text
    assert not [word for word in ENGLISH_WORDS if word in text]
    for parameter in COMMANDS[command].params:
        entry = help_entry(command, parameter)
        assert entry is not None
        assert flat(entry[0]) in flat(text), f"{command} {help_key(parameter)}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_commands_help_is_english_after_lang_en(command: str) -> None:
    text = shown(command, "--lang", "en", "--help")
    _, en = labels.HELP[command]
    assert flat(en.split("\n\n")[0]) in flat(text)
    assert "Usage: " in text and "Options" in text and "Show this message and exit." in text
    assert "用法" not in text and "选项" not in text and "[默认" not in text
    for parameter in COMMANDS[command].params:
        entry = help_entry(command, parameter)
        assert entry is not None
        assert flat(entry[1]) in flat(text), f"{command} {help_key(parameter)}"


def test_defaults_and_required_in_the_runs_language() -> None:
    zh = shown("classify", "--help")
    assert "[默认：national]" in zh and "[必填]" in zh and "参数" in zh
    en = shown("classify", "--lang", "en", "--help")
    assert "[default: national]" in en and "[required]" in en and "Arguments" in en


def test_the_apps_help_lists_the_commands_in_the_runs_language() -> None:
    zh = shown("--help")
    assert "用法：fanpin [选项] 命令 [参数]..." in zh and "命令" in zh
    assert flat(labels.HELP["fanpin"][0]) in flat(zh)
    for command in COMMANDS:
        assert flat(labels.HELP[command][0].split("\n\n")[0]) in flat(zh)
    assert not [word for word in ENGLISH_WORDS if word in zh]
    en = shown("--lang", "en", "--help")
    assert "Usage: fanpin [OPTIONS] COMMAND [ARGS]..." in en and "Commands" in en
    for command in COMMANDS:
        assert flat(labels.HELP[command][1].split("\n\n")[0]) in flat(en)


def test_lang_en_before_the_command_reaches_the_command() -> None:
    assert "Usage: fanpin classify" in shown("--lang", "en", "classify", "--help")
    assert "用法：fanpin classify" in shown("--lang", "en", "classify", "--lang", "zh", "--help")
    assert shown("--lang", "en", "profiles") == shown("profiles", "--lang", "en")
    assert shown("profiles") != shown("profiles", "--lang", "en")


def test_lang_en_after_help_is_heard_too() -> None:
    """--help acts as soon as click meets it; a --lang written after it still counts (the
    command line's last --lang decides)."""
    assert "Usage: fanpin classify" in shown("classify", "--help", "--lang", "en")
    assert "Usage: fanpin classify" in shown("classify", "--help", "--lang=en")
    assert "Usage: fanpin [OPTIONS]" in shown("--help", "--lang", "en")
    assert "用法：fanpin classify" in shown("classify", "--lang", "en", "--help", "--lang", "zh")
    assert "用法：fanpin classify" in shown("classify", "--help")


def test_english_help_leaves_nothing_behind() -> None:
    """The texts swapped in for an English help are put back: the next help is Chinese,
    and typer's own words are typer's again for any other app in the process."""
    shown("audit", "--lang", "en", "--help")
    assert typer.rich_utils.OPTIONS_PANEL_TITLE == "Options"
    assert typer.rich_utils.DEFAULT_STRING == "[default: {}]"
    assert "选项" in shown("audit", "--help")
    assert typer.rich_utils.OPTIONS_PANEL_TITLE == "Options"


def test_long_chinese_help_is_folded_not_cut() -> None:
    """Chinese has no spaces to break at: on an 80-column terminal a long help wraps
    instead of ending in "…" (the only "…" shown are the texts' own)."""
    result = runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "80"})
    texts = [help_entry("audit", p) for p in COMMANDS["audit"].params]
    assert result.stdout.count("…") == sum(entry[0].count("…") for entry in texts if entry)
    for entry in texts:
        assert entry is not None and flat(entry[0]) in flat(result.stdout)


def _parameters() -> list[tuple[str, str]]:
    found = [("fanpin", help_key(p)) for p in ROOT.params]
    found += [(name, help_key(p)) for name, c in COMMANDS.items() for p in c.params]
    return found


@pytest.mark.parametrize(("command", "key"), _parameters())
def test_every_option_has_its_help_in_both_languages(command: str, key: str) -> None:
    """A new option without a Chinese (or English) help text fails here."""
    entry = labels.HELP.get(f"{command} {key}") or labels.HELP.get(f"* {key}")
    assert entry is not None, f"labels.HELP has no '{command} {key}' nor '* {key}'"
    zh, en = entry
    assert CHINESE.search(zh), f"{command} {key}: no Chinese help"
    assert en.strip() and en != zh


def test_every_command_has_its_help_in_both_languages() -> None:
    for command in ("fanpin", *COMMANDS):
        zh, en = labels.HELP[command]
        assert CHINESE.search(zh) and en.strip() and en != zh


def test_no_help_text_without_a_command_or_option() -> None:
    """labels.HELP holds no entry that nothing shows (a renamed option's old text)."""
    used = {"fanpin", *COMMANDS} | {f"{c} {k}" for c, k in _parameters()}
    used |= {f"* {k}" for _, k in _parameters()}
    assert set(labels.HELP) - used == set()


def test_help_texts_are_not_written_in_the_cli() -> None:
    """The CLI takes every help text from labels.HELP: no help= and no docstring help."""
    for parameter in [*ROOT.params, *(p for c in COMMANDS.values() for p in c.params)]:
        assert parameter.help in {text for pair in labels.HELP.values() for text in pair}


USAGE_ERRORS = {
    "missing argument": (["classify"], "缺少参数 'roster'。", "Missing argument 'roster'."),
    "unknown option": (["classify", "r.xlsx", "--bogus"], "没有选项 --bogus", "No such option"),
    "choice": (
        ["classify", "r.xlsx", "--format", "pdf"],
        "'--format' / '-f' 的取值无效：'pdf' 不是 'table', 'json', 'csv', 'xlsx' 之一。",
        "is not one of",
    ),
    "integer": (
        ["classify", "r.xlsx", "--year", "abc"],
        "'--year' 的取值无效：须是整数。",
        "--year",
    ),
    "no value": (["classify", "r.xlsx", "--sheet"], "选项 '--sheet' 需要一个值。", "requires"),
    "extra": (["classify", "a.xlsx", "b.xlsx"], "多余的参数（b.xlsx）", "unexpected extra"),
    "command": (["bogus"], "没有命令 'bogus'。", "No such command 'bogus'."),
}


@pytest.mark.parametrize("case", USAGE_ERRORS)
def test_a_usage_error_in_the_language_of_the_command_line(case: str) -> None:
    args, chinese, english_words = USAGE_ERRORS[case]
    zh = runner.invoke(app, args)
    # --lang en first: after --sheet it would be the sheet's name
    english = ["--lang", "en", *args] if case == "command" else [args[0], "--lang", "en", *args[1:]]
    en = runner.invoke(app, english)

    assert (zh.exit_code, en.exit_code) == (2, 2)
    assert _squeezed(chinese) in _squeezed(zh.stderr), zh.stderr
    assert "错误" in zh.stderr
    words = {"Usage:", "Error", "Try", "Missing", "Invalid", "Got", "No"}
    assert not words & set(zh.stderr.split()), zh.stderr
    assert _squeezed(english_words) in _squeezed(en.stderr) and "Error" in en.stderr, en.stderr


def _squeezed(text: str) -> str:
    """Text without the spaces and box lines a terminal panel wraps it in."""
    return re.sub(r"[\s│]+", "", text)
