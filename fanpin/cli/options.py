"""What every command shares: option types defined once, error handling, output choice.

Exit codes: 0 clean, 1 input errors or unprocessable input, 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fanpin import labels
from fanpin.cli import terminal
from fanpin.errors import FanpinError, UsageError
from fanpin.io import dates
from fanpin.io.files import check_inputs, check_outputs, reason_zh
from fanpin.io.schema import DEPARTMENT_KINDS
from fanpin.io.text import capped, printable
from fanpin.outputs import Format


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def parse_date(text: str) -> date | str:
    """--as-of, --start, --since: 2026-03-05, 2026/3/5, 20260305 or 2026年3月5日 (io.dates).

    Text that is no date is kept as it is, for ``checked_date`` (the option's callback)
    to refuse in the run's --lang: an eager option, so known by then."""
    try:
        return dates.parse_date(text)
    except ValueError:
        return text


def checked_date(context: typer.Context, value: date | str | None) -> date | None:
    """Refuse a date option that ``parse_date`` could not read, in the --lang given
    (Chinese by default); click's own words around the message stay English."""
    if value is None or isinstance(value, date):
        return value
    if context.params.get("lang") == Lang.en:
        try:
            dates.parse_date(value)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
    raise typer.BadParameter(
        f"'{printable(capped(value, 40))}' 不是日期：请写成 2021-12-31、2021/12/31、"
        "20211231 或 2021年12月31日"
    )


def usage(hint: str, en: str, zh: str) -> UsageError:
    """A usage error of fanpin's own option checks (exit 2), naming the option first."""
    return UsageError(f"{hint}: {en}", zh=f"{hint}：{zh}")


def needs_county(option: str) -> UsageError:
    """``option`` reads a workspace county: given without --county it is a usage error."""
    return usage(option, f"{option} needs --county", f"{option} 需要同时给出 --county")


RosterArg = Annotated[Path, typer.Argument(show_default=False)]
SheetOpt = Annotated[str | None, typer.Option("--sheet")]
OutputOpt = Annotated[Path | None, typer.Option("-o", "--output")]
FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f"),
]
LangOpt = Annotated[Lang, typer.Option("--lang", is_eager=True)]
ProfileOpt = Annotated[str, typer.Option("--profile", "-p")]
YearOpt = Annotated[
    int | None,
    typer.Option("--year"),
]
AsOfOpt = Annotated[
    date | None,
    typer.Option("--as-of", parser=parse_date, callback=checked_date, metavar="DATE"),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q")]
DebugOpt = Annotated[bool, typer.Option("--debug")]


@contextmanager
def handled(debug: bool, lang: Lang | str = "zh") -> Iterator[None]:
    """Turn what stops a run into one red line on stderr, in the run's ``lang``: exit 2
    for a usage error (fanpin's own option checks, an output path that would overwrite an
    input), exit 1 for input that cannot be processed and for ordinary failures of the
    machine (a full disk, a read-only folder, too little memory). Only a bug says
    "unexpected error"; no message ever carries file contents."""
    shown: Lang = Lang(str(lang))
    try:
        yield
    except UsageError as error:
        if debug:
            raise
        terminal.error(error.text(shown.value), shown.value)
        raise typer.Exit(2) from None
    except FanpinError as error:
        if debug:
            raise
        terminal.error(error.text(shown.value), shown.value)
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):
        raise
    except Exception as error:
        if debug:
            raise
        terminal.error(failure_message(error, shown.value), shown.value)
        raise typer.Exit(1) from None


def failure_message(error: BaseException, lang: str = "en") -> str:
    """One line for an exception that escaped the library: the machine's own failures in
    plain words, anything else as a bug to report. Never the exception's repr, which may
    hold the bytes of a file (an ID number in a UnicodeDecodeError)."""
    shown: Lang = Lang(lang)

    def say(key: str, **values: object) -> str:
        return labels.label(labels.ERRORS, key, shown.value).format(**values)

    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        reason = error.strerror or type(error).__name__
        return say(
            "cannot_access", where=where, reason=reason_zh(error) if lang == "zh" else reason
        )
    if isinstance(error, MemoryError):
        return say("memory")
    if isinstance(error, RecursionError):
        return say("recursion")
    if isinstance(error, UnicodeError):
        return say("unicode", kind=type(error).__name__)
    text = printable(capped(" ".join(str(error).split()), 200))
    return say("unexpected", kind=type(error).__name__, text=text)


def check_paths(
    inputs: list[Path | None], outputs: list[Path | None], *profiles: str | None
) -> None:
    """Before anything is read: every input exists (exit 1), and no output — the result
    file, the log — is an input of the run, a profile file included, nor a folder (exit 2)."""
    check_inputs(inputs)
    sources = list(inputs)
    for profile in profiles:
        if profile is not None and (profile.endswith(".toml") or "/" in profile):
            sources.append(Path(profile))
    check_outputs(outputs, sources)


def chosen_format(format: OutputFormat, output: Path | None) -> Format | None:
    """None means the terminal; with -o and no --format the file's suffix decides.

    A workbook needs a file: ``--format xlsx`` without ``-o`` is a usage error (exit 2).
    """
    if format is OutputFormat.xlsx and output is None:
        raise usage(
            "-o",
            "--format xlsx writes a workbook: add -o NAME.xlsx",
            "--format xlsx 写出的是工作簿：请加 -o 文件名.xlsx",
        )
    if format is not OutputFormat.table:
        return format.value  # type: ignore[return-value]
    if output is None:
        return None
    suffix = output.suffix.lower().lstrip(".")
    if suffix in ("json", "csv", "xlsx"):
        return suffix  # type: ignore[return-value]
    raise usage(
        "-o",
        "name the file .json, .csv or .xlsx, or pass --format",
        "输出文件名请以 .json、.csv 或 .xlsx 结尾，或加 --format 指定格式",
    )


def summarise(
    quiet: bool,
    chosen: Format | None,
    output: Path | None,
    render: Callable[[], None],
    lang: Lang | None = None,
) -> None:
    """The terminal summary: for the table format, or after writing -o; never over JSON/CSV
    printed to stdout, and never with --quiet. ``lang``: of the "wrote" line (English
    when not given)."""
    if quiet or (chosen is not None and output is None):
        return
    render()
    if output is not None:
        terminal.wrote(output, "en" if lang is None else lang.value)


def print_text(text: str | None) -> None:
    if text is not None:
        sys.stdout.write(text)


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w"),
]
# A workspace county, where a command may also run without one (simulate, warn).
OptionalCountyOpt = Annotated[str | None, typer.Option("--county", "-c")]


class FailOn(StrEnum):
    error = "error"
    warning = "warning"


class NoticeKindChoice(StrEnum):
    identification = "identification"
    elimination = "elimination"


CasesArg = Annotated[
    Path,
    typer.Argument(
        show_default=False,
    ),
]


class EngineChoice(StrEnum):
    pandas = "pandas"
    dask = "dask"


class TableFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


DeptOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--dept",
        metavar="KIND=FILE",
        show_default=False,
    ),
]


def departments_option(values: list[str]) -> dict[str, Path]:
    """--dept KIND=FILE pairs; a bad kind, a missing '=' or a repeated kind is a usage error."""
    kinds = ", ".join(DEPARTMENT_KINDS)
    chosen: dict[str, Path] = {}
    for value in values:
        kind, equals, file = (part.strip() for part in value.partition("="))
        if not equals or not kind or not file:
            raise usage(
                "--dept",
                f"'{value}' is not KIND=FILE (e.g. medical=医保.xlsx); kinds are: {kinds}",
                f"'{value}' 不是 部门=文件 的写法（例如 medical=医保.xlsx）；部门有：{kinds}",
            )
        if kind not in DEPARTMENT_KINDS:
            raise usage(
                "--dept",
                f"unknown kind '{kind}'; kinds are: {kinds}",
                f"没有部门 '{kind}'；部门有：{kinds}",
            )
        if kind in chosen:
            raise usage(
                "--dept",
                f"{kind} is given twice; give one file per kind",
                f"{kind} 给了两次：每个部门只给一个文件",
            )
        chosen[kind] = Path(file)
    return chosen


WithOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--with",
        metavar="FILE",
        show_default=False,
    ),
]


WithProfileOpt = Annotated[
    str | None,
    typer.Option("--with-profile"),
]
LineOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--line",
        metavar="YEAR=VALUE",
        show_default=False,
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=VALUE",
        show_default=False,
    ),
]


def lines_option(values: list[str]) -> dict[int, float]:
    """--line YEAR=VALUE pairs; a malformed pair, a line that is not a positive number or a
    repeated year is a usage error."""
    chosen: dict[int, float] = {}
    for value in values:
        year, equals, amount = (part.strip() for part in value.partition("="))
        try:
            line = float(amount.replace(",", "").replace("，", ""))
        except ValueError:
            line = float("nan")
        if not equals or not (year.isdigit() and len(year) == 4) or not 0 < line < float("inf"):
            raise usage(
                "--line",
                f"'{value}' is not YEAR=VALUE with a positive line in yuan (e.g. 2026=8000)",
                f"'{value}' 不是 年份=元 的写法，监测线须为正数（例如 2026=8000）",
            )
        if int(year) in chosen:
            raise usage("--line", f"{year} is given twice", f"{year} 年给了两次")
        chosen[int(year)] = line
    return chosen


def overrides_option(values: list[str]) -> dict[str, str]:
    """--set KEY=VALUE pairs, in order; a missing '=' or key, or a repeated key, is a usage
    error (whether the key and value fit the profile is checked when it is applied)."""
    chosen: dict[str, str] = {}
    for value in values:
        key, equals, setting = value.partition("=")
        key = key.strip()
        if not equals or not key:
            raise usage(
                "--set",
                f"'{value}' is not KEY=VALUE (e.g. category.watch_margin=1.3)",
                f"'{value}' 不是 设置项=值 的写法（例如 category.watch_margin=1.3）",
            )
        if key in chosen:
            raise usage("--set", f"{key} is given twice", f"{key} 给了两次")
        chosen[key] = setting.strip()
    return chosen


RunLineOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--line",
        metavar="YEAR=YUAN",
        show_default=False,
    ),
]


class SplitBy(StrEnum):
    village = "village"


SplitOpt = Annotated[
    SplitBy | None,
    typer.Option("--split-by"),
]
