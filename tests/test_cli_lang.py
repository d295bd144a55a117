"""`--lang` on every command: the terminal speaks the chosen language (issue #16)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from fanpin.cli.commands import app

runner = CliRunner()
COMMANDS = dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_lang(name: str) -> None:
    options = {o for p in COMMANDS[name].params for o in getattr(p, "opts", [])}
    assert "--lang" in options, name


def test_profiles_in_chinese_and_english() -> None:
    chinese = runner.invoke(app, ["profiles"])
    english = runner.invoke(app, ["profiles", "--lang", "en"])

    assert chinese.exit_code == 0 and "规则方案" in chinese.stdout and "内置" in chinese.stdout
    assert english.exit_code == 0 and "built-in" in english.stdout
    assert "内置" not in english.stdout


def test_init_says_what_it_wrote_in_the_chosen_language(tmp_path: Path) -> None:
    chinese = runner.invoke(app, ["init", str(tmp_path / "zh"), "--households", "1000"])
    english = runner.invoke(
        app, ["init", str(tmp_path / "en"), "--households", "1000", "--lang", "en"]
    )

    assert chinese.exit_code == 0 and "已写入" in chinese.stdout and "下一步：" in chinese.stdout
    assert english.exit_code == 0 and "wrote" in english.stdout and "next:" in english.stdout
