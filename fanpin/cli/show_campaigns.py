"""Terminal summaries of the campaigns: audit, procedure, notice, relief fund."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table

from fanpin import labels
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.notice import Notice
from fanpin.campaigns.procedure import FINDINGS, ProcedureResult
from fanpin.cli.show_roster import issues_overview, issues_table, severity_text
from fanpin.cli.terminal import console
from fanpin.io.issues import issue_records
from fanpin.outputs.fund import breakdown_table, summary_rows
from fanpin.outputs.procedure import township_table


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
    if result.findings.empty:
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
            counts.add_row(code, label, severity_text(severity), str(count))
        console.print(counts)
        if limit:
            shown = Table()
            for column in ("row", "household", "township", "step", "message"):
                shown.add_column(column, overflow="fold")
            steps = dict(zip(result.cases["row"], result.cases["current_step"], strict=True))
            for finding in issue_records(result.findings.iloc[:limit]):
                step = labels.PROCEDURE_STEPS[steps.get(finding["row"], "unknown")][
                    0 if meta.lang == "zh" else 1
                ]
                shown.add_row(
                    str(finding["row"]),
                    finding["household_id"] or "",
                    finding["township"] or "",
                    step,
                    finding["message"],
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
            issues_table(result.issues.iloc[:limit])


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
    if not result.issues.empty:
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
