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
            counts.add_row(code, label, severity_text(severity), str(count))
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
    """Findings by check and township, the indicators, the department lists, input problems.

    Every header and word in the run's language (``labels.AUDIT_TERMINAL``).
    """
    summary = result.summary
    meta = result.meta
    lang = result.lang
    say = labels.labeller(labels.AUDIT_TERMINAL, lang)
    groups = labels.labeller(labels.AUDIT_GROUPS, lang)
    profile = meta.profile or {}
    console.print(
        say["headline"].format(
            roster=f"[bold]{meta.inputs[0].path}[/]",
            households=f"{summary['households']:,}",
            people=f"{summary['people']:,}",
            profile=f"{profile.get('name')} {profile.get('version')}",
            year=meta.year,
            line=f"{summary['line']:,.0f}",
            as_of=meta.as_of,
        )
    )
    checks = Table(title=say["by_check"], title_justify="left")
    for column in ("group", "check", "code"):
        checks.add_column(say[column])
    checks.add_column(say["findings"], justify="right")
    for code, info in summary["checks"].items():
        count = info["count"]
        checks.add_row(
            groups[info["group"]],
            info["label"],
            code,
            f"[bold]{count}[/]" if count else "[dim]0[/]",
        )
    console.print(checks)
    if summary["by_township"]:
        townships = Table(title=say["by_township"], title_justify="left")
        townships.add_column(say["township"])
        for column in ("findings", "errors", "warnings"):
            townships.add_column(say[column], justify="right")
        for township, counts in summary["by_township"].items():
            townships.add_row(
                township, str(counts["findings"]), str(counts["errors"]), str(counts["warnings"])
            )
        if summary["without_township"]:
            none = labels.label(labels.AUDIT_SUMMARY, "no_township", lang)
            townships.add_row(none, str(summary["without_township"]), "", "")
        console.print(townships)
    income = summary["indicators"]["income_ratio"]
    if income["ratio"] is not None:
        console.print(
            say["income_ratio"].format(
                escaped=f"{income['escaped_per_capita']:,.2f}",
                all=f"{income['all_per_capita']:,.2f}",
                ratio=f"{income['ratio']:.1%}",
            )
        )
    employment = summary["indicators"]["employment_rate"]
    if employment["rate"] is not None:
        target = employment["target"]
        goal = ""
        if target is not None:
            reached = (
                f"[green]{say['met']}[/]" if employment["met"] else f"[red]{say['not_met']}[/]"
            )
            goal = say["target"].format(target=f"{target:.0%}") + reached
        console.print(
            say["employment"].format(
                rate=f"{employment['rate']:.1%}",
                employed=employment["employed"],
                capable=employment["labour_capable"],
            )
            + goal
        )
    if summary["departments"]:
        lists = Table(title=say["lists"], title_justify="left")
        for column in ("list", "file"):
            lists.add_column(say[column])
        for column in ("rows", "matched", "households", "unknown", "problems"):
            lists.add_column(say[column], justify="right")
        for kind, stats in summary["departments"].items():
            lists.add_row(
                labels.label(labels.DEPARTMENT_LISTS, kind, lang),
                stats["file"],
                str(stats["rows"]),
                str(stats["matched_rows"]),
                str(stats["households"]),
                str(stats["unknown_ids"]),
                str(stats["issues"]),
            )
        console.print(lists)
    if summary["rules_not_run"]:
        listing = labels.label(labels.AUDIT_PHRASES, "listing", lang)
        rules = {r.code: r for r in result.parameters.profile.audit.department_rules}
        names = [
            labels.label({c: (rules[c].label, rules[c].label_en or rules[c].label)}, c, lang)
            if c in rules
            else c
            for c in summary["rules_not_run"]
        ]
        console.print(say["rules_not_run"].format(rules=listing.join(names)), soft_wrap=True)
    issues = summary["issues"]
    if issues["errors"] or issues["warnings"]:
        console.print(say["input_problems"].format(**issues))
    if summary["unassessed_households"]:
        count = summary["unassessed_households"]
        console.print(f"[red]{say['unassessed'].format(count=count)}[/]")
    colour = "red" if summary["errors"] else "yellow" if summary["warnings"] else "green"
    total = say["total"].format(
        findings=summary["findings"],
        errors=summary["errors"],
        warnings=summary["warnings"],
        households=summary["households_with_findings"],
    )
    console.print(f"[{colour}]{total}[/]")
