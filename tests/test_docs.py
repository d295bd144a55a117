"""The README cannot drift from the CLI: every command and option is documented, and the
README names no command or option the CLI does not have (sqlite-utils' test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from fanpin.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
OTHER_TOOLS = (
    *("ruff", "mypy", "pytest", "pip", "python", ".venv/bin/python", "make", "git", "soffice"),
    *("from ", "import "),  # Python code of the library section
)


def _code(text: str) -> list[str]:
    """The README's code: each line of a fenced block and each inline `span`, not other tools'."""
    fenced = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    pieces = [line for block in fenced for line in block.splitlines()]
    pieces += re.findall(r"`([^`\n]+)`", prose)
    return [p for p in pieces if not p.strip().startswith(OTHER_TOOLS)]


CODE = "\n".join(_code(README))
ROOT = typer.main.get_command(app)
COMMANDS = dict(ROOT.commands)  # type: ignore[attr-defined]
OPTIONS = {
    (name, option)
    for name, command in COMMANDS.items()
    for parameter in command.params
    if parameter.param_type_name == "option"
    for option in parameter.opts
    if option.startswith("--")
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"fanpin {command}" in README


@pytest.mark.parametrize(("command", "option"), sorted(OPTIONS))
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert re.search(rf"{re.escape(option)}(?![\w-])", README), f"{command} {option}"


def test_the_readme_names_only_real_commands() -> None:
    named = set(re.findall(r"\bfanpin ([a-z][a-z-]+)\b", CODE))
    assert named - set(COMMANDS) == set()


def test_the_readme_names_only_real_options() -> None:
    real = {option for _, option in OPTIONS} | {"--version", "--help"}
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", CODE))
    assert named - real == set()
