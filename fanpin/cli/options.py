"""What every command shares: option types defined once, error handling, output choice.

Exit codes: 0 clean, 1 input errors or unprocessable input, 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fanpin.cli import terminal
from fanpin.errors import FanpinError
from fanpin.io.schema import DEPARTMENT_KINDS
from fanpin.outputs import Format


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def parse_date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date like 2021-12-31") from None


RosterArg = Annotated[
    Path, typer.Argument(help="Roster file (.xlsx, .xls, .csv, .parquet).", show_default=False)
]
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", help="Sheet to read (default: first with a roster header).")
]
OutputOpt = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write the result to this file.")
]
FormatOpt = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", help="table (terminal), json, csv or xlsx; -o NAME.xlsx implies xlsx."
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of messages and labels.")]
ProfileOpt = Annotated[
    str, typer.Option("--profile", "-p", help="Built-in profile name or path to a .toml profile.")
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year", help="Income year whose monitoring line applies (default: the as-of year)."
    ),
]
AsOfOpt = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Assessment date (default: today).",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


@contextmanager
def handled(debug: bool) -> Iterator[None]:
    """Turn unprocessable input into one red line on stderr and exit 1."""
    try:
        yield
    except FanpinError as error:
        if debug:
            raise
        terminal.error(str(error))
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):
        raise
    except Exception as error:
        if debug:
            raise
        terminal.error(f"unexpected error: {error!r}; rerun with --debug and report it")
        raise typer.Exit(1) from None


def chosen_format(format: OutputFormat, output: Path | None) -> Format | None:
    """None means the terminal; with -o and no --format the file's suffix decides."""
    if format is not OutputFormat.table:
        return format.value  # type: ignore[return-value]
    if output is None:
        return None
    suffix = output.suffix.lower().lstrip(".")
    if suffix in ("json", "csv", "xlsx"):
        return suffix  # type: ignore[return-value]
    raise typer.BadParameter(
        "name the file .json, .csv or .xlsx, or pass --format", param_hint="-o"
    )


def summarise(
    quiet: bool, chosen: Format | None, output: Path | None, render: Callable[[], None]
) -> None:
    """The terminal summary: for the table format, or after writing -o; never over JSON/CSV
    printed to stdout, and never with --quiet."""
    if quiet or (chosen is not None and output is None):
        return
    render()
    if output is not None:
        terminal.wrote(output)


def print_text(text: str | None) -> None:
    if text is not None:
        sys.stdout.write(text)


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace", "-w", help="Workspace folder with fanpin.toml (default: the current folder)."
    ),
]


class FailOn(StrEnum):
    error = "error"
    warning = "warning"


class NoticeKindChoice(StrEnum):
    identification = "identification"
    elimination = "elimination"


CasesArg = Annotated[
    Path,
    typer.Argument(
        help="Cases file (.xlsx, .xls, .csv): one row per identification or elimination case.",
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
        help="A department list to cross-check, e.g. --dept medical=医保.xlsx (repeat for more). "
        "KIND: medical, civil, disability, housing, education, disaster, employment, business, "
        "vehicle, public_servant.",
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
            raise typer.BadParameter(
                f"'{value}' is not KIND=FILE (e.g. medical=医保.xlsx); kinds are: {kinds}",
                param_hint="--dept",
            )
        if kind not in DEPARTMENT_KINDS:
            raise typer.BadParameter(
                f"unknown kind '{kind}'; kinds are: {kinds}", param_hint="--dept"
            )
        if kind in chosen:
            raise typer.BadParameter(
                f"{kind} is given twice; give one file per kind", param_hint="--dept"
            )
        chosen[kind] = Path(file)
    return chosen


WithOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--with",
        metavar="FILE",
        help="Another export file of the same county (户信息, 务工 …), joined to the roster "
        "on 户编号 / 证件号码; repeat for more. The roster given first is the main one.",
        show_default=False,
    ),
]
