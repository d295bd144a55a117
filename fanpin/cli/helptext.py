"""``--help`` in the run's language: Chinese by default, English after ``--lang en``.

Every help text lives once, in ``labels.HELP`` (and typer's and click's own words in
``labels.HELP_WORDS``). The commands and the group are built with the classes below
(``cls=``): they take their Chinese texts from the table when typer builds them, and while
help is formatted they put in the texts of the language chosen — the command line's last
``--lang``, on the command or on ``fanpin`` itself, even after ``--help``
(``fanpin classify --help --lang en``) — and put the Chinese back after.

Usage errors (a missing argument, an unknown option, a value not among the choices) are
shown in the language of the command line too: click's message put in Chinese by the
patterns of ``labels.USAGE_ERRORS_ZH`` where it is raised, the panel's words around it
while the command line runs (``usage_errors_in``).
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
import typer.core
import typer.rich_utils

from fanpin import labels

# typer.rich_utils' module-level words, read when help is printed: name -> HELP_WORDS key.
RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "arguments",
    "OPTIONS_PANEL_TITLE": "options",
    "COMMANDS_PANEL_TITLE": "commands",
    "DEFAULT_STRING": "default",
    "REQUIRED_LONG_STRING": "required",
}


def help_key(parameter: Any) -> str:
    """What a parameter is called in ``labels.HELP``: its long option (``--output`` for
    ``-o/--output``), or an argument's name in capitals (``ROSTER``)."""
    if parameter.param_type_name == "argument":
        return str(parameter.name or "").upper()
    longs = [name for name in parameter.opts if name.startswith("--")]
    return str((longs or parameter.opts)[0])


def help_entry(command: str, parameter: Any) -> tuple[str, str] | None:
    """The (zh, en) help of ``parameter`` of ``command``: the command's own entry, else the
    one every command shares; None when the table has neither."""
    key = help_key(parameter)
    return labels.HELP.get(f"{command} {key}") or labels.HELP.get(f"* {key}")


def language(context: Any) -> str:
    """The --lang given so far on this command or on ``fanpin`` before it (zh if none); or
    the last --lang of the command line, which ``--help`` (acting as soon as click meets
    it) cannot wait for: ``fanpin classify --help --lang en``."""
    if context is not None and ASKED in context.meta:
        return str(context.meta[ASKED])
    while context is not None:
        value = context.params.get("lang")
        if value is not None:
            return "en" if str(getattr(value, "value", value)) == "en" else "zh"
        context = context.parent
    return "zh"


def _word(key: str, lang: str) -> str:
    return labels.HELP_WORDS[key][0 if lang == "zh" else 1]


def _texts(command: Any, lang: str) -> list[tuple[Any, str, str]]:
    """(object, "help", text in ``lang``): the command's help and its parameters'."""
    name = command.name or "fanpin"
    position = 0 if lang == "zh" else 1
    texts: list[tuple[Any, str, str]] = []
    if name in labels.HELP:
        texts.append((command, "help", labels.HELP[name][position]))
    for parameter in command.params:
        entry = help_entry(name, parameter)
        if entry is not None:
            texts.append((parameter, "help", entry[position]))
    return texts


def _folding(rich_utils: Any) -> Any:
    """typer's maker of a help text, whose text breaks anywhere when a line is full instead
    of ending in "…": Chinese has no spaces to break at."""
    make = rich_utils._make_rich_text

    def folding(*args: Any, **kwargs: Any) -> Any:
        text = make(*args, **kwargs)
        if getattr(text, "overflow", "") is None:
            text.overflow = "fold"
        return text

    return folding


@contextmanager
def shown_in(command: Any, context: Any, lang: str) -> Iterator[None]:
    """While help is printed: every text ``command``'s help shows in ``lang`` — its own and
    its parameters' (``--help`` included), its subcommands' one-line help, the usage line
    and typer's panel titles, [default: …] and [required], texts folded rather than cut;
    then everything as before."""
    changes = _texts(command, lang)
    for subcommand in getattr(command, "commands", {}).values():
        changes += [(sub, a, t) for sub, a, t in _texts(subcommand, lang) if sub is subcommand]
    changes.append((command, "usage_prefix", _word("usage", lang)))
    if command.options_metavar:
        changes.append((command, "options_metavar", _word("options_metavar", lang)))
    if getattr(command, "subcommand_metavar", None):
        changes.append((command, "subcommand_metavar", _word("subcommand_metavar", lang)))
    help_option = command.get_help_option(context)
    if help_option is not None:
        changes.append((help_option, "help", _word("--help", lang)))
    changes += [(typer.rich_utils, name, _word(key, lang)) for name, key in RICH_WORDS.items()]
    if hasattr(typer.rich_utils, "_make_rich_text"):
        changes.append((typer.rich_utils, "_make_rich_text", _folding(typer.rich_utils)))
    with _swapped(changes):
        yield


@contextmanager
def _swapped(changes: Sequence[tuple[Any, str, Any]]) -> Iterator[None]:
    """Each (object, attribute, value) set for the block, then put back as it was."""
    saved = [(target, attribute, getattr(target, attribute)) for target, attribute, _ in changes]
    try:
        for target, attribute, value in changes:
            setattr(target, attribute, value)
        yield
    finally:
        for target, attribute, value in reversed(saved):
            setattr(target, attribute, value)


# The typer class each class below is mixed into (TyperCommand, TyperGroup), for mypy.
_Typer: Any = object


# click's UsageError, of the click typer runs on (its own copy since typer 0.20).
ClickUsageError: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def usage_error_zh(message: str) -> str:
    """Click's usage error (as click words it) in Chinese, where ``labels.USAGE_ERRORS_ZH``
    knows it; else as it is."""
    for pattern, chinese in labels.USAGE_ERRORS_ZH:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found is not None:
            parts = found.groupdict()
            if "why" in parts:
                parts["why"] = _invalid_value_zh(parts["why"])
            return chinese.format(**parts)
    return message


def _invalid_value_zh(why: str) -> str:
    for pattern, chinese in labels.INVALID_VALUES_ZH:
        found = re.fullmatch(pattern, why, re.DOTALL)
        if found is not None:
            return chinese.format(**found.groupdict())
    return why.removeprefix("Value error, ")


# Where a command line's last --lang is kept for its contexts (click shares ``meta``).
ASKED = "fanpin.lang"


def _asked(args: Sequence[str]) -> str | None:
    """The language a command line's last --lang names (en, or zh for any other value), read
    before it is parsed: a usage error or --help can come first; None without one."""
    asked = None
    for before, argument in itertools.pairwise(["", *args]):
        if before == "--lang":
            asked = argument
        elif argument.startswith("--lang="):
            asked = argument.removeprefix("--lang=")
    return None if asked is None else "en" if asked == "en" else "zh"


@contextmanager
def usage_errors_in(lang: str) -> Iterator[None]:
    """While a command line runs: a usage error's words (the panel's title, the pointer to
    the help, the usage line) in ``lang``; its message is put in Chinese where it is raised
    (``Localized.parse_args``)."""
    changes = [
        (typer.rich_utils, "ERRORS_PANEL_TITLE", _usage_word("title", lang)),
        (typer.rich_utils, "RICH_HELP", _usage_word("help", lang)),
        (Localized, "usage_prefix", _word("usage", lang) if lang == "zh" else None),
    ]
    with _swapped(changes):
        yield


def _usage_word(key: str, lang: str) -> str:
    return labels.USAGE_ERROR_WORDS[key][0 if lang == "zh" else 1]


class Localized(_Typer):
    """What HelpCommand and HelpGroup share: Chinese texts from ``labels.HELP`` when typer
    builds the command, the --lang language's while its help is printed (its usage line
    too), and usage errors in the language of the command line."""

    usage_prefix: str | None = None  # "用法：" while help is printed; else click's "Usage: "

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for target, attribute, text in _texts(self, "zh"):
            setattr(target, attribute, text)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with shown_in(self, ctx, language(ctx)):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=self.usage_prefix)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        asked = _asked(args)
        if asked is not None:
            ctx.meta[ASKED] = asked
        english = language(ctx) == "en"  # nothing parsed here yet: the line's, or fanpin's
        try:
            parsed: list[str] = super().parse_args(ctx, args)
        except ClickUsageError as error:
            if english:
                raise
            raise ClickUsageError(usage_error_zh(error.format_message()), ctx=error.ctx) from None
        return parsed


class HelpCommand(Localized, typer.core.TyperCommand):
    """A fanpin command (``@app.command(cls=HelpCommand)``)."""


class HelpGroup(Localized, typer.core.TyperGroup):
    """``fanpin`` itself (``typer.Typer(cls=HelpGroup)``): its help and its list of
    commands; a command line's usage errors in its language."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        with usage_errors_in(_asked(given) or "zh"):
            return super().main(args, *rest, **options)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as error:
            if language(ctx) == "en":
                raise
            raise ClickUsageError(usage_error_zh(error.format_message()), ctx=error.ctx) from None
