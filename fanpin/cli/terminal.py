"""Terminal rendering with rich, for the CLI only (the library never imports this).

Colour and layout follow the terminal: piped or under cron, rich prints plain text.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from fanpin import labels
from fanpin.api import Classification, StageCallback
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.diff import DiffResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.notice import Notice
from fanpin.campaigns.procedure import FINDINGS, ProcedureResult
from fanpin.errors import FanpinError
from fanpin.io.models import Issue, ValidationResult
from fanpin.outputs.fund import breakdown_table, summary_rows
from fanpin.outputs.procedure import township_table
from fanpin.outputs.report import ReportResult
from fanpin.rules.profiles import BUILTIN_DIR, Profile
from fanpin.scale import Progress as ScaleProgress
from fanpin.scale import ProgressCallback, ProvinceResult

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def error(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def wrote(path: Path) -> None:
    console.print(f"wrote {path}")


def validation_summary(result: ValidationResult, limit: int = 20) -> None:
    """Counts per issue code, then the first ``limit`` issues in a table."""
    summary = result.summary
    source = result.meta.inputs[0]
    console.print(
        f"[bold]{source.path}[/] sheet {source.sheet!r}, header row {source.header_row}: "
        f"{summary.records} records, {summary.households} households"
    )
    if summary.unknown_columns:
        console.print(f"columns not used: {', '.join(summary.unknown_columns)}", soft_wrap=True)
    if not result.issues:
        console.print("[green]no problems found[/]")
        return
    issues_overview(result.issues, summary.by_code, limit, "--format csv or -o issues.xlsx")
    colour = "red" if summary.errors else "yellow"
    console.print(f"[{colour}]{summary.errors} errors, {summary.warnings} warnings[/]")


def issues_overview(
    issues: Sequence[Issue], by_code: dict[str, int], limit: int, where_all: str
) -> None:
    """Counts per issue code, then the first ``limit`` issues; says how to see the rest."""
    counts = Table(title="problems by code", title_justify="left")
    counts.add_column("code")
    counts.add_column("severity")
    counts.add_column("count", justify="right")
    severities = {i.code: i.severity for i in issues}
    for code, count in by_code.items():
        counts.add_row(code, _severity(severities[code]), str(count))
    console.print(counts)
    if limit:
        issues_table(issues[:limit])
        if len(issues) > limit:
            console.print(f"… {len(issues) - limit} more; use {where_all} for all")


def issues_table(issues: Sequence[Issue]) -> None:
    table = Table(show_lines=False)
    for column in ("sheet", "row", "column", "value", "message"):
        table.add_column(column, overflow="fold")
    for issue in issues:
        table.add_row(issue.sheet, str(issue.row), issue.column, issue.value, issue.message)
    console.print(table)


def _severity(severity: str) -> str:
    return "[red]error[/]" if severity == "error" else "[yellow]warning[/]"


def classification_summary(result: Classification) -> None:
    """Households and people by status, category and tier; what could not be assessed."""
    summary = result.summary()
    meta = result.meta
    profile = meta.profile or {}
    console.print(
        f"[bold]{meta.inputs[0].path}[/]: {summary['households']} households, "
        f"{summary['people']} people · profile {profile.get('name')} {profile.get('version')} · "
        f"year {meta.year}, line {profile.get('line'):,.0f} yuan · as of {meta.as_of}"
    )
    table = Table(title="households (people)", title_justify="left")
    table.add_column("")
    table.add_column("households", justify="right")
    table.add_column("people", justify="right")
    position = 0 if meta.lang == "zh" else 1
    for table_labels, counts in (
        (labels.STATUS, summary["by_status"]),
        (labels.CATEGORY, summary["by_category"]),
        (labels.TIER, summary["by_tier"]),
    ):
        for code, count in counts.items():
            name = f"{table_labels[code][position]} ({code})"
            table.add_row(name, str(count["households"]), str(count["people"]))
    console.print(table)
    for key, text in (
        ("proposed_not_monitored", "proposed for monitoring but not monitored"),
        ("category_differs", "monitored under a category other than the one proposed"),
        ("returned_to_risk", "risk eliminated but at risk again"),
    ):
        if summary[key]:
            console.print(f"[yellow]{summary[key]}[/] {text}")
    unassessed = summary["unassessed"]
    if unassessed["households"]:
        why = ", ".join(f"{reason}: {n}" for reason, n in unassessed["reasons"].items())
        console.print(
            f"[red]{unassessed['households']} households could not be assessed[/] ({why})"
        )
    else:
        console.print("every household was assessed")
    issues = summary["issues"]
    if issues["errors"] or issues["warnings"]:
        console.print(
            f"data problems: {issues['errors']} errors, {issues['warnings']} warnings "
            "(see the 数据问题 sheet or `fanpin validate`)"
        )


def profiles_table(profiles: Sequence[Profile]) -> None:
    table = Table(title="profiles", title_justify="left")
    for column in (
        "name",
        "version",
        "monitoring line by year",
        "tiers (high/medium)",
        "rules",
        "source",
    ):
        table.add_column(column, overflow="fold")
    for profile in profiles:
        lines = ", ".join(
            f"{year}: {line:,.0f}" for year, line in sorted(profile.monitoring_line.items())
        )
        table.add_row(
            profile.name,
            profile.version,
            lines,
            f"{profile.tiers.high}/{profile.tiers.medium}",
            f"{len(profile.risk_rules)} risk, {len(profile.tiers.rules)} tier",
            "built-in" if Path(profile.source).parent == BUILTIN_DIR else profile.source,
        )
    console.print(table)


@contextmanager
def run_log(path: Path | None, command: str) -> Iterator[None]:
    """With --log, append one line per run (start, end, outcome); cron reads it later."""
    if path is None:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        raise FanpinError(f"cannot write the log file {path}: {error}") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("fanpin")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.info("start: fanpin %s", command)
    outcome = "failed"
    try:
        yield
        outcome = "done"
    finally:
        logger.info("%s: fanpin %s", outcome, command)
        logger.removeHandler(handler)
        handler.close()


def report_summary(result: ReportResult) -> None:
    figures = result.figures
    console.print(
        f"[bold]{result.county}[/] as of {result.as_of}: {figures['households']} households, "
        f"{figures['monitored_households']} monitored ({figures['monitored_people']} people), "
        f"{figures['proposed_households']} proposed, {figures['eliminated_households']} eliminated"
    )
    changed = {k: v for k, v in result.changes.items() if v}
    if result.previous_snapshot is None:
        console.print("first run: no earlier snapshot to compare with")
    else:
        listing = ", ".join(f"{k} {v}" for k, v in changed.items()) or "no changes"
        console.print(f"since {result.previous_snapshot}: {listing}")
    if result.errors:
        console.print(f"[red]{result.errors} data errors in the roster[/] (see the 数据问题 sheet)")
    if result.other_errors:
        console.print(
            f"[yellow]{result.other_errors} data errors in the department lists, fund ledger "
            "or cases[/] (see the 排查发现, 防贫基金 and 程序 sheets)"
        )
    for path in result.removed_reports:
        console.print(f"removed old report {path.name}")
    console.print(f"workbook: {result.path}")


def diff_summary(result: DiffResult) -> None:
    console.print(f"{result.old} → {result.new}")
    table = Table()
    table.add_column("change")
    table.add_column("households", justify="right")
    for code, count in result.summary.items():
        table.add_row(code, str(count))
    console.print(table)


def procedure_summary(result: ProcedureResult, limit: int = 20) -> None:
    """Cases by township and current step, findings by code, then the first findings."""
    summary = result.summary
    meta = result.meta
    settings = (meta.profile or {}).get("procedure", {})
    console.print(
        f"[bold]{meta.inputs[0].path}[/]: {summary.cases} cases "
        f"({', '.join(f'{k} {v}' for k, v in summary.by_kind.items())}) · as of {meta.as_of} · "
        f"limit {settings.get('deadline_days')} {settings.get('day_count')} days, "
        f"notice ≥ {settings.get('notice_min_days')} days"
    )
    frame = township_table(result)
    table = Table(title="cases by township and current step", title_justify="left")
    for position, column in enumerate(frame.columns):
        table.add_column(str(column), justify="left" if position == 0 else "right")
    for values in frame.itertuples(index=False):
        table.add_row(*(str(v) for v in values))
    console.print(table)
    if summary.unknown_step:
        console.print(
            f"[red]{summary.unknown_step} cases have no usable 线索日期[/]: their step is unknown"
        )
    if not result.findings:
        console.print("[green]no findings: every case is in order and on time[/]")
    else:
        counts = Table(title="findings", title_justify="left")
        counts.add_column("code")
        counts.add_column("label")
        counts.add_column("severity")
        counts.add_column("cases", justify="right")
        for code, count in summary.findings.items():
            severity, zh, en = FINDINGS[code][:3]
            label = zh if meta.lang == "zh" else en
            counts.add_row(code, label, _severity(severity), str(count))
        console.print(counts)
        if limit:
            shown = Table()
            for column in ("row", "household", "township", "step", "message"):
                shown.add_column(column, overflow="fold")
            steps = {c.row: c.current_step for c in result.cases}
            for finding in result.findings[:limit]:
                step = labels.PROCEDURE_STEPS[steps.get(finding.row, "unknown")][
                    0 if meta.lang == "zh" else 1
                ]
                shown.add_row(
                    str(finding.row),
                    finding.household_id or "",
                    finding.township or "",
                    step,
                    finding.message,
                )
            console.print(shown)
            if len(result.findings) > limit:
                console.print(
                    f"… {len(result.findings) - limit} more; use -o procedure.xlsx for all"
                )
    console.print(
        f"{summary.open} open, [{'red' if summary.overdue else 'green'}]{summary.overdue} "
        f"overdue[/]; findings: {summary.finding_errors} errors, "
        f"{summary.finding_warnings} warnings"
    )
    if summary.data_errors or summary.data_warnings:
        console.print(
            f"[red]data problems in the cases file: {summary.data_errors} errors, "
            f"{summary.data_warnings} warnings[/]"
        )
        if limit:
            issues_table(result.issues[:limit])


def notice_summary(notice: Notice) -> None:
    """What the notice lists, so the user can check it before printing."""
    console.print(f"[bold]{notice.title}[/]")
    console.print(notice.period)
    if not notice.rows:
        console.print("[yellow]no household to list: the notice says so (（无）)[/]")
    for row in notice.rows:
        extra = f" · {row.method}" if row.method else ""
        console.print(
            f"{row.number:>3}  {row.head_name}  {row.size}人  {row.category or ''}{extra}  "
            f"{row.risks}"
        )
    if notice.not_assessed:
        console.print(
            f"[red]{notice.not_assessed} households of {notice.village} could not be assessed "
            "(data errors) and are not listed[/]; run `fanpin validate` on the roster"
        )


def fund_summary(result: FundResult, limit: int = 20) -> None:
    """Totals and balance, spending by cause, township and month, then the problems found."""
    summary = result.summary
    meta = result.meta
    source = meta.inputs[0]
    profile = meta.profile or {}
    console.print(
        f"[bold]{source.path}[/] sheet {source.sheet!r}: {summary['rows']} rows, "
        f"{summary['payments']} payments counted, {summary['tranches']} tranches · "
        f"profile {profile.get('name')} {profile.get('version')} · as of {summary['as_of']}"
    )
    figures = Table(title="fund", title_justify="left", show_header=False)
    figures.add_column("")
    figures.add_column("", justify="right")
    for label, value in summary_rows(result):
        figures.add_row(label, f"{value:,.2f}" if isinstance(value, Decimal) else str(value))
    console.print(figures)
    for key in ("cause", "township", "month"):
        frame = breakdown_table(result, key)
        if frame.empty:
            continue
        table = Table(title=f"by {key}", title_justify="left")
        for position, column in enumerate(frame.columns):
            table.add_column(str(column), justify="left" if position == 0 else "right")
        for values in frame.itertuples(index=False):
            table.add_row(*(f"{v:,.2f}" if isinstance(v, Decimal) else str(v) for v in values))
        console.print(table)
    for episode in summary["negative_balance"]:
        restored = episode["restored_on"] or "not restored by the as-of date"
        console.print(
            f"[red]balance below zero on {episode['date']}[/] (row {episode['row']}, "
            f"{episode['balance']}; restored: {restored})"
        )
    not_counted = summary["not_counted"]
    if not_counted["rows"]:
        console.print(
            f"[yellow]{not_counted['rows']} rows not counted[/] (after as-of "
            f"{not_counted['after_as_of']}, no valid date {not_counted['no_date']}, "
            f"no valid amount {not_counted['no_amount']})"
        )
    issues = summary["issues"]
    if result.issues:
        issues_overview(result.issues, issues["by_code"], limit, "-o fund.xlsx or --format csv")
    else:
        console.print("[green]no problems found[/]")
    colour = "red" if issues["errors"] else ("yellow" if issues["warnings"] else "green")
    console.print(f"[{colour}]{issues['errors']} errors, {issues['warnings']} warnings[/]")
    roster = summary.get("roster_issues") or {}
    if roster.get("errors") or roster.get("warnings"):
        console.print(
            f"roster data problems: {roster['errors']} errors, {roster['warnings']} warnings "
            "(see `fanpin validate` on the roster)"
        )


PROVINCE_TABLE_LIMIT = 40  # more counties than this: totals only, the rest in counties.csv


@contextmanager
def working(what: str, enabled: bool, delay: float = 2.0) -> Iterator[StageCallback]:
    """A spinner on stderr (what, stage, time elapsed) once a command has run ``delay`` s.

    Yields the callback the library tells its stages to. Silent when disabled
    (--quiet) or when stderr is not a terminal (cron, pipes).
    """
    if not enabled or not err_console.is_terminal:
        yield lambda _: None
        return
    spinner = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = spinner.add_task(what)

    def stage(name: str) -> None:
        spinner.update(task, description=f"{what}: {labels.label(labels.STAGES, name, 'en')}")

    with _shown_after(spinner, delay):
        yield stage


@contextmanager
def province_progress(enabled: bool, delay: float = 2.0) -> Iterator[ProgressCallback]:
    """A progress callback that shows a bar on stderr once a run has lasted ``delay`` seconds.

    Silent when disabled (--quiet) or when stderr is not a terminal (cron, pipes).
    """
    if not enabled or not err_console.is_terminal:
        yield lambda _: None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[counties]}"),
        TextColumn("{task.fields[people]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task("counties", total=None, counties="", people="")

    def update(event: ScaleProgress) -> None:
        bar.update(
            task,
            total=event.bytes_total or None,
            completed=event.bytes_done,
            counties=f"{event.done}/{event.total} counties",
            people=f"{event.people_done:,} people",
        )

    with _shown_after(bar, delay):
        yield update


@contextmanager
def _shown_after(live: Progress, delay: float) -> Iterator[None]:
    """Start ``live`` after ``delay`` seconds (short runs show nothing); stop it at the end."""
    lock = threading.Lock()
    state = {"started": False, "stopped": False}

    def start() -> None:
        with lock:
            if not state["stopped"]:
                live.start()
                state["started"] = True

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["stopped"] = True
            if state["started"]:
                live.stop()


def province_summary(result: ProvinceResult) -> None:
    """Counties with households and people by status, the totals, and counties that failed."""
    meta, total = result.meta, result.total
    profile = meta.get("profile") or {}
    console.print(
        f"[bold]{meta['input']}[/]: {total['counties']} counties, "
        f"{total.get('households', 0):,} households, {total.get('people', 0):,} people · "
        f"profile {profile.get('name')} {profile.get('version')} · year {meta['year']}, "
        f"line {profile.get('line'):,.0f} yuan · as of {meta['as_of']} · engine {meta['engine']}",
        soft_wrap=True,
    )
    statuses = ("monitored", "proposed", "eliminated", "watch", "unassessed")
    table = Table(
        title="households by status", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column("county")
    for column in ("households", "people", *statuses, "errors"):
        table.add_column(column, justify="right")

    def row(name: str, summary: dict[str, Any]) -> list[str]:
        by_status = summary.get("by_status") or {}
        cells = [name, f"{summary.get('households', 0):,}", f"{summary.get('people', 0):,}"]
        cells += [f"{by_status.get(s, {}).get('households', 0):,}" for s in statuses]
        cells.append(f"{(summary.get('issues') or {}).get('errors', 0):,}")
        return cells

    done = [c for c in result.counties if not c.get("error")]
    if len(done) <= PROVINCE_TABLE_LIMIT:
        for county in done:
            table.add_row(*row(county.get("county") or county["partition"], county))
        table.add_section()
    table.add_row(*row("total", total), style="bold")
    console.print(table)
    if len(done) > PROVINCE_TABLE_LIMIT:
        console.print(f"per-county figures: {result.output / 'counties.csv'}")
    issues = total.get("issues") or {}
    if issues.get("errors") or issues.get("warnings"):
        console.print(
            f"data problems: {issues.get('errors', 0):,} errors, "
            f"{issues.get('warnings', 0):,} warnings (see issues/ in the output folder)"
        )
    province_failures(result)
    if meta.get("ignored"):
        console.print(f"not rosters, skipped: {', '.join(meta['ignored'])}", soft_wrap=True)
    console.print(
        f"wrote {result.output} (summary.json, counties.csv, households/, issues/)",
        soft_wrap=True,
    )


def audit_summary(result: AuditResult) -> None:
    """Findings by check and township, the indicators, the department lists, input problems."""
    summary = result.summary
    meta = result.meta
    profile = meta.profile or {}
    console.print(
        f"[bold]{meta.inputs[0].path}[/]: {summary['households']:,} households, "
        f"{summary['people']:,} people · profile {profile.get('name')} {profile.get('version')} · "
        f"year {meta.year}, line {summary['line']:,.0f} yuan · as of {meta.as_of}"
    )
    checks = Table(title="findings by check", title_justify="left")
    for column in ("group", "check", "code"):
        checks.add_column(column)
    checks.add_column("findings", justify="right")
    for code, info in summary["checks"].items():
        count = info["count"]
        checks.add_row(
            info["group"], info["label"], code, f"[bold]{count}[/]" if count else "[dim]0[/]"
        )
    console.print(checks)
    if summary["by_township"]:
        townships = Table(title="findings by township", title_justify="left")
        townships.add_column("township")
        for column in ("findings", "errors", "warnings"):
            townships.add_column(column, justify="right")
        for township, counts in summary["by_township"].items():
            townships.add_row(
                township, str(counts["findings"]), str(counts["errors"]), str(counts["warnings"])
            )
        if summary["without_township"]:
            townships.add_row("(no township)", str(summary["without_township"]), "", "")
        console.print(townships)
    income = summary["indicators"]["income_ratio"]
    if income["ratio"] is not None:
        console.print(
            f"脱贫 people's per-capita income {income['escaped_per_capita']:,.2f} against all "
            f"households' {income['all_per_capita']:,.2f}: ratio {income['ratio']:.1%} "
            "(people-weighted)"
        )
    employment = summary["indicators"]["employment_rate"]
    if employment["rate"] is not None:
        target = employment["target"]
        reached = "[green]met[/]" if employment["met"] else "[red]not met[/]"
        goal = "" if target is None else f" · target {target:.0%} {reached}"
        console.print(
            f"employment of labour-capable members of 脱贫 households and monitoring objects: "
            f"{employment['rate']:.1%} ({employment['employed']}/{employment['labour_capable']})"
            + goal
        )
    if summary["departments"]:
        lists = Table(title="department lists", title_justify="left")
        for column in ("kind", "file"):
            lists.add_column(column)
        for column in ("rows", "matched", "households", "not in roster", "problems"):
            lists.add_column(column, justify="right")
        for kind, stats in summary["departments"].items():
            lists.add_row(
                kind,
                stats["file"],
                str(stats["rows"]),
                str(stats["matched_rows"]),
                str(stats["households"]),
                str(stats["unknown_ids"]),
                str(stats["issues"]),
            )
        console.print(lists)
    if summary["rules_not_run"]:
        console.print(
            f"department rules not run (no list given): {', '.join(summary['rules_not_run'])}",
            soft_wrap=True,
        )
    issues = summary["issues"]
    if issues["errors"] or issues["warnings"]:
        console.print(
            f"input problems: {issues['errors']} errors, {issues['warnings']} warnings "
            f"({issues['roster']} in the roster, {issues['lists']} in the lists; "
            "see the 数据问题 sheet or --format json)"
        )
    if summary["unassessed_households"]:
        console.print(
            f"[red]{summary['unassessed_households']} households could not be assessed[/]"
        )
    colour = "red" if summary["errors"] else "yellow" if summary["warnings"] else "green"
    console.print(
        f"[{colour}]{summary['findings']} findings: {summary['errors']} errors, "
        f"{summary['warnings']} warnings[/] in {summary['households_with_findings']} households"
    )


def province_failures(result: ProvinceResult) -> None:
    """One red line per county that could not be processed (shown even with --quiet)."""
    for county in result.failed:
        error(escape(f"county {county['partition']} not processed: {county['error']}"))
