"""The fanpin command line: parse options, call one library function, render, exit.

Exit codes: 0 clean, 1 input errors or unprocessable input, 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fanpin import __version__, api, terminal
from fanpin.errors import FanpinError
from fanpin.export import Format, export_classification, export_validation

app = typer.Typer(
    name="fanpin",
    help="防止返贫动态监测 — household-roster toolkit for dynamic poverty-prevention monitoring.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def _parse_date(text: str) -> date:
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
    typer.Option("--year", help="Income year whose monitoring line applies [default: as-of year]."),
]
AsOfOpt = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=_parse_date,
        metavar="YYYY-MM-DD",
        help="Assessment date [default: today].",
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


def _chosen_format(format: OutputFormat, output: Path | None) -> Format | None:
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


def _print(text: str | None) -> None:
    if text is not None:
        sys.stdout.write(text)


def version_callback(value: bool) -> None:
    if value:
        print(f"fanpin {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = False,
) -> None:
    """防止返贫动态监测 — household-roster toolkit."""


@app.command()
def validate(
    roster: RosterArg,
    sheet: SheetOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Read and check a roster; list every problem with sheet, Excel row, column and value."""
    chosen = _chosen_format(format, output)
    with handled(debug):
        result = api.validate(roster, sheet=sheet, lang=lang.value)
        if chosen is not None:
            _print(export_validation(result, chosen, output))
    if not quiet and (chosen is None or output is not None):
        terminal.validation_summary(result, limit=20 if chosen is None else 0)
        if output is not None:
            terminal.wrote(output)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def classify(
    roster: RosterArg,
    profile: ProfileOpt = "national",
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    sheet: SheetOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="List every household, not only those at risk.")
    ] = False,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Per household: income, proposed category, risk factors, tier with reasons."""
    chosen = _chosen_format(format, output)
    with handled(debug):
        result = api.classify(
            roster, profile=profile, year=year, as_of=as_of, sheet=sheet, lang=lang.value
        )
        if chosen is not None:
            _print(export_classification(result, chosen, output, everyone))
    if not quiet and (chosen is None or output is not None):
        terminal.classification_summary(result)
        if output is not None:
            terminal.wrote(output)


@app.command()
def profiles(debug: DebugOpt = False) -> None:
    """List the built-in profiles and their key parameters."""
    with handled(debug):
        terminal.profiles_table(api.list_profiles())


def main() -> None:
    app()
