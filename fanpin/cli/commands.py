"""The fanpin command line: parse options, call one library function, render, exit.

Exit codes: 0 clean, 1 input errors or unprocessable input, 2 usage error.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from fanpin import __version__, api
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.procedure import ProcedureResult
from fanpin.cli import show_campaigns, show_county, show_roster, show_simulate, show_warn, terminal
from fanpin.cli.helptext import HelpCommand, HelpGroup
from fanpin.cli.options import (
    AsOfOpt,
    CasesArg,
    DebugOpt,
    DeptOpt,
    EngineChoice,
    FailOn,
    FormatOpt,
    Lang,
    LangOpt,
    LineOpt,
    NoticeKindChoice,
    OptionalCountyOpt,
    OutputFormat,
    OutputOpt,
    ProfileOpt,
    QuietOpt,
    RosterArg,
    RunLineOpt,
    SetOpt,
    SheetOpt,
    SplitOpt,
    TableFormat,
    WithOpt,
    WithProfileOpt,
    WorkspaceOpt,
    YearOpt,
    check_paths,
    checked_date,
    chosen_format,
    departments_option,
    handled,
    lines_option,
    needs_county,
    overrides_option,
    parse_date,
    print_text,
    summarise,
    usage,
)
from fanpin.rules.profiles import OverrideError

app = typer.Typer(
    name="fanpin",
    cls=HelpGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def version_callback(value: bool) -> None:
    if value:
        print(f"fanpin {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    context: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True),
    ] = False,
    lang: LangOpt = Lang.zh,
) -> None:
    # The app's help is labels.HELP["fanpin"] (cli.helptext). `fanpin --lang en COMMAND`:
    # the command's --lang defaults to en.
    if lang is Lang.en:
        commands = getattr(context.command, "commands", {})
        context.default_map = {name: {"lang": lang.value} for name in commands}


@app.command(cls=HelpCommand)
def validate(
    roster: RosterArg,
    with_files: WithOpt = None,
    profile: ProfileOpt = "national",
    as_of: AsOfOpt = None,
    sheet: SheetOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    split_by: SplitOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        if split_by is not None:
            if output is None or output.suffix.lower() in (".json", ".csv", ".xlsx"):
                raise usage(
                    "-o",
                    "with --split-by village, -o names a folder for the village workbooks",
                    "用 --split-by village 时，-o 应是存放各村工作簿的文件夹",
                )
            if format not in (OutputFormat.table, OutputFormat.xlsx):
                raise usage(
                    "--format",
                    "--split-by writes workbooks (xlsx)",
                    "--split-by 写出的是工作簿（xlsx）",
                )
            chosen = None
        else:
            chosen = chosen_format(format, output)
        check_paths([roster, *(with_files or [])], [output], profile)
        with terminal.working(f"validate {roster.name}", not quiet, lang=lang.value) as stages:
            result = api.validate(
                roster,
                sheet=sheet,
                lang=lang.value,
                stages=stages,
                with_files=with_files or [],
                profile=profile,
                as_of=as_of,
            )
        if split_by is not None and output is not None:
            files = api.export_split(result, output)
        elif chosen is not None:
            print_text(api.export(result, chosen, output))
    if split_by is not None and output is not None:
        if not quiet:
            show_roster.validation_summary(result, limit=0)
            show_roster.split_summary(files, output, lang.value)
        raise typer.Exit(0 if result.ok else 1)
    summarise(
        quiet,
        chosen,
        output,
        lambda: show_roster.validation_summary(result, limit=20 if chosen is None else 0),
        lang,
    )
    raise typer.Exit(0 if result.ok else 1)


@app.command(cls=HelpCommand)
def classify(
    roster: RosterArg,
    with_files: WithOpt = None,
    profile: ProfileOpt = "national",
    year: YearOpt = None,
    line: RunLineOpt = None,
    as_of: AsOfOpt = None,
    sheet: SheetOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    everyone: Annotated[bool, typer.Option("--all")] = False,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        lines = lines_option(line or [])
        check_paths([roster, *(with_files or [])], [output], profile)
        with terminal.working(f"classify {roster.name}", not quiet, lang=lang.value) as stages:
            result = api.classify(
                roster,
                profile=profile,
                year=year,
                as_of=as_of,
                sheet=sheet,
                lang=lang.value,
                stages=stages,
                with_files=with_files or [],
                lines=lines,
            )
        if chosen is not None:
            print_text(api.export(result, chosen, output, everyone=everyone))
    summarise(quiet, chosen, output, lambda: show_roster.classification_summary(result), lang)
    raise typer.Exit(1 if result.summary()["issues"]["errors"] else 0)


@app.command(cls=HelpCommand)
def profiles(lang: LangOpt = Lang.zh, debug: DebugOpt = False) -> None:
    with handled(debug, lang):
        show_roster.profiles_table(api.list_profiles(), lang.value)


@app.command(cls=HelpCommand)
def report(
    county: Annotated[str, typer.Option("--county", "-c")],
    workspace: WorkspaceOpt = None,
    as_of: AsOfOpt = None,
    year: YearOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    log: Annotated[Path | None, typer.Option("--log")] = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        protected = api.report_inputs(county, workspace=workspace)
        check_paths([], [output, log], None)
        with (
            terminal.run_log(log, f"report --county {county}", protected),
            terminal.working(f"report --county {county}", not quiet, lang=lang.value),
        ):
            result = api.report(
                county, workspace=workspace, as_of=as_of, year=year, output=output, lang=lang.value
            )
    if not quiet:
        show_county.report_summary(result)
    raise typer.Exit(1 if result.errors else 0)


@app.command(cls=HelpCommand)
def diff(
    old: Annotated[Path, typer.Argument()],
    new: Annotated[Path, typer.Argument()],
    profile: ProfileOpt = "national",
    year: YearOpt = None,
    line: RunLineOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        lines = lines_option(line or [])
        check_paths([old, new], [output], profile)
        with terminal.working(f"diff {old.name} {new.name}", not quiet, lang=lang.value):
            result = api.diff(
                old, new, profile=profile, year=year, as_of=as_of, lines=lines, lang=lang.value
            )
        if chosen is not None:
            print_text(api.export(result, chosen, output))
    summarise(quiet, chosen, output, lambda: show_roster.diff_summary(result), lang)


@app.command(cls=HelpCommand)
def init(
    directory: Annotated[Path, typer.Argument()] = Path("."),
    households: Annotated[int, typer.Option(min=1000)] = 2000,
    line: Annotated[
        list[str] | None,
        typer.Option(
            "--line",
            metavar="YEAR=YUAN",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = Lang.zh,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        lines = lines_option(line or [])
        written = api.init_workspace(directory, households=households, lines=lines)
    for path in written.values():
        terminal.wrote(path, lang.value)
    terminal.say("next", lang.value, directory=escape(str(directory)))
    terminal.say("next_2026", lang.value, directory=escape(str(directory)))


@app.command(cls=HelpCommand)
def procedure(
    cases: CasesArg,
    profile: ProfileOpt = "national",
    as_of: AsOfOpt = None,
    sheet: SheetOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on"),
    ] = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        check_paths([cases], [output], profile)
        result = api.procedure(cases, profile=profile, as_of=as_of, sheet=sheet, lang=lang.value)
        if chosen is not None:
            print_text(api.export(result, chosen, output))
    summarise(
        quiet,
        chosen,
        output,
        lambda: show_campaigns.procedure_summary(result, limit=20 if chosen is None else 0),
        lang,
    )
    raise typer.Exit(procedure_exit_code(result, fail_on))


@app.command(cls=HelpCommand)
def notice(
    roster: RosterArg,
    village: Annotated[str, typer.Option("--village", "-v")],
    with_files: WithOpt = None,
    township: Annotated[str | None, typer.Option("--township")] = None,
    kind: Annotated[NoticeKindChoice, typer.Option("--kind")] = NoticeKindChoice.identification,
    start: Annotated[
        date | None,
        typer.Option("--start", parser=parse_date, callback=checked_date, metavar="DATE"),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option("--days", min=1),
    ] = None,
    profile: ProfileOpt = "national",
    year: YearOpt = None,
    line: RunLineOpt = None,
    as_of: AsOfOpt = None,
    sheet: SheetOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        lines = lines_option(line or [])
        check_paths([roster, *(with_files or [])], [output], profile)
        with terminal.working(f"notice {village}", not quiet, lang=lang.value):
            result = api.notice(
                roster,
                village=village,
                township=township,
                kind=kind.value,
                start=start,
                days=days,
                profile=profile,
                year=year,
                as_of=as_of,
                sheet=sheet,
                lines=lines,
                with_files=with_files or [],
            )
        if chosen is not None:
            print_text(api.export(result, chosen, output))
    if chosen is None and not quiet:  # no -o: the list on the terminal, no file written
        show_campaigns.notice_summary(result, lang.value)
        terminal.say(
            "notice_to_print", lang.value, path=escape(str(api.default_notice_path(result)))
        )
    elif output is not None and not quiet:
        show_campaigns.notice_summary(result, lang.value)
        terminal.wrote(output, lang.value)


@app.command(cls=HelpCommand)
def fund(
    ledger: Annotated[
        Path,
        typer.Argument(show_default=False),
    ],
    roster: Annotated[
        Path,
        typer.Option("--roster", "-r", show_default=False),
    ],
    with_files: WithOpt = None,
    profile: ProfileOpt = "national",
    year: YearOpt = None,
    line: RunLineOpt = None,
    as_of: AsOfOpt = None,
    sheet: Annotated[str | None, typer.Option("--sheet")] = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        lines = lines_option(line or [])
        check_paths([ledger, roster, *(with_files or [])], [output], profile)
        with terminal.working(f"fund {ledger.name}", not quiet, lang=lang.value):
            result = api.fund(
                ledger,
                roster,
                profile=profile,
                year=year,
                as_of=as_of,
                sheet=sheet,
                lang=lang.value,
                lines=lines,
                with_files=with_files or [],
            )
        if chosen is not None:
            print_text(api.export(result, chosen, output))
    summarise(
        quiet,
        chosen,
        output,
        lambda: show_campaigns.fund_summary(result, limit=20 if chosen is None else 0),
        lang,
    )
    raise typer.Exit(0 if result.ok else 1)


@app.command(cls=HelpCommand)
def province(
    directory: Annotated[
        Path,
        typer.Argument(
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            show_default=False,
        ),
    ],
    engine: Annotated[
        EngineChoice | None,
        typer.Option("--engine"),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler"),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1),
    ] = None,
    table_format: Annotated[
        TableFormat | None,
        typer.Option("--format"),
    ] = None,
    profile: ProfileOpt = "national",
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    chosen = engine or (
        EngineChoice.dask if scheduler is not None or workers is not None else EngineChoice.pandas
    )
    with handled(debug, lang), terminal.province_progress(not quiet) as progress:
        if chosen is EngineChoice.pandas and (scheduler is not None or workers is not None):
            raise usage(
                "--engine",
                "--scheduler and --workers need --engine dask",
                "--scheduler 和 --workers 需要 --engine dask",
            )
        if scheduler is not None and workers is not None:
            raise usage(
                "--workers",
                "--workers starts a local cluster; leave it out with --scheduler",
                "--workers 会启动本机集群：用 --scheduler 时请不要再加 --workers",
            )
        result = api.province(
            directory,
            output,
            profile=profile,
            year=year,
            as_of=as_of,
            lang=lang.value,
            engine=chosen.value,
            scheduler=scheduler,
            workers=workers,
            output_format=None if table_format is None else table_format.value,
            progress=progress,
        )
    if not quiet:
        show_county.province_summary(result)
    else:
        show_county.province_failures(result)
    raise typer.Exit(0 if result.ok else 1)


@app.command(cls=HelpCommand)
def audit(
    roster: RosterArg,
    with_files: WithOpt = None,
    dept: DeptOpt = None,
    profile: ProfileOpt = "national",
    year: YearOpt = None,
    line: RunLineOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on"),
    ] = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        departments = departments_option(dept or [])
        lines = lines_option(line or [])
        check_paths([roster, *(with_files or []), *departments.values()], [output], profile)
        with terminal.working(f"audit {roster.name}", not quiet, lang=lang.value):
            result = api.audit(
                roster,
                departments,
                profile=profile,
                year=year,
                as_of=as_of,
                lang=lang.value,
                with_files=with_files or [],
                lines=lines,
            )
        if chosen is not None:
            print_text(api.export(result, chosen, output))
    summarise(quiet, chosen, output, lambda: show_campaigns.audit_summary(result), lang)
    raise typer.Exit(audit_exit_code(result, fail_on))


@app.command(cls=HelpCommand)
def simulate(
    roster: RosterArg,
    profile: Annotated[
        str | None,
        typer.Option("--profile", "-p"),
    ] = None,
    county: OptionalCountyOpt = None,
    workspace: WorkspaceOpt = None,
    with_profile: WithProfileOpt = None,
    line: LineOpt = None,
    set_: SetOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    sheet: SheetOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        if with_profile is None and not line and not set_:
            raise usage(
                "--line",
                "say what changes: --line YEAR=VALUE, --set KEY=VALUE or --with-profile OTHER",
                "请说明要改变什么：--line 年份=元、--set 设置项=值 或 --with-profile 另一规则",
            )
        if workspace is not None and county is None:
            raise needs_county("--workspace")
        lines = lines_option(line or [])
        overrides = overrides_option(set_ or [])
        check_paths([roster], [output], profile, with_profile)
        with terminal.working(f"simulate {roster.name}", not quiet, lang=lang.value) as stages:
            try:
                result = api.simulate(
                    roster,
                    profile=profile,
                    county=county,
                    workspace=workspace,
                    with_profile=with_profile,
                    lines=lines,
                    overrides=overrides,
                    year=year,
                    as_of=as_of,
                    sheet=sheet,
                    lang=lang.value,
                    stages=stages,
                )
            except OverrideError as error:
                raise usage("--set/--line", str(error), error.text("zh")) from None
        if chosen is not None:
            print_text(api.export(result, chosen, output))
    summarise(quiet, chosen, output, lambda: show_simulate.simulation_summary(result), lang)
    raise typer.Exit(1 if result.errors else 0)


@app.command(cls=HelpCommand)
def warn(
    snapshots: Annotated[
        list[Path] | None,
        typer.Argument(
            show_default=False,
        ),
    ] = None,
    county: OptionalCountyOpt = None,
    workspace: WorkspaceOpt = None,
    since: Annotated[
        date | None,
        typer.Option("--since", parser=parse_date, callback=checked_date, metavar="DATE"),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", "-p"),
    ] = None,
    year: YearOpt = None,
    line: RunLineOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    files = snapshots or []
    with handled(debug, lang):
        chosen = chosen_format(format, output)
        if county is None:
            if len(files) < 2:
                raise usage(
                    "SNAPSHOTS",
                    "give two or more snapshots (roster files or archived .snapshot.json.gz), "
                    "oldest first, or --county NAME for the workspace archive",
                    "请给出两个或更多快照（花名册文件或存档的 .snapshot.json.gz），按时间从早到晚，"
                    "或用 --county 县名 读取工作区存档",
                )
            for option, value in (("--since", since), ("--workspace", workspace)):
                if value is not None:
                    raise needs_county(option)
        lines = lines_option(line or [])
        check_paths(list(files), [output], profile)
        with terminal.working("warn", not quiet, lang=lang.value) as stages:
            result = api.warn(
                files,
                county=county,
                workspace=workspace,
                since=since,
                profile=profile,
                year=year,
                as_of=as_of,
                lines=lines,
                lang=lang.value,
                stages=stages,
            )
        if chosen is not None:
            print_text(api.export(result, chosen, output))
    summarise(
        quiet,
        chosen,
        output,
        lambda: show_warn.warn_summary(result, limit=20 if chosen is None else 0),
        lang,
    )
    raise typer.Exit(1 if result.summary["issues"]["errors"] else 0)


def main() -> None:
    app()


def procedure_exit_code(result: ProcedureResult, fail_on: FailOn | None) -> int:
    """1 when the cases file has data errors, or findings at or above ``--fail-on``."""
    summary = result.summary
    if summary.data_errors:
        return 1
    if fail_on is FailOn.error and summary.finding_errors:
        return 1
    if fail_on is FailOn.warning and (summary.finding_errors or summary.finding_warnings):
        return 1
    return 0


def audit_exit_code(result: AuditResult, fail_on: FailOn | None) -> int:
    """1 when ``--fail-on`` trips: a finding or an input problem at least that severe."""
    if fail_on is None:
        return 0
    levels = ("error",) if fail_on is FailOn.error else ("error", "warning")
    severe = result.findings["severity"].isin(levels) | False
    return int(bool(severe.any() or result.issues["severity"].isin(levels).any()))
