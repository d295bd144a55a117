"""Terminal summaries of the campaigns: audit, procedure, notice, relief fund."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from rich.markup import escape
from rich.table import Table

from fanpin import labels
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.notice import Notice
from fanpin.campaigns.procedure import FINDING_SEVERITY, ProcedureResult
from fanpin.cli.terminal import console
from fanpin.io.issues import issue_records
from fanpin.io.messages import Lang
from fanpin.outputs.fund import breakdown_table, summary_rows
from fanpin.outputs.procedure import language, township_table


def procedure_summary(result: ProcedureResult, limit: int = 20) -> None:
    """Cases by township and current step, findings by code, then the first findings."""
    summary = result.summary
    meta = result.meta
    lang = language(result)
    say = labels.labeller(labels.PROCEDURE_TERMINAL, lang)
    severity = labels.labeller(labels.SEVERITY, lang)
    settings = (meta.profile or {}).get("procedure", {})
    words = labels.labeller(labels.CAMPAIGN_WORDS, lang)
    kind_names = labels.labeller(labels.PROCEDURE_KINDS, lang)
    kinds = words["list"].join(
        say["kind_count"].format(kind=kind_names.get(kind, words["unknown"]), count=n)
        for kind, n in summary.by_kind.items()
    )
    heading = say["heading"].format(
        path=meta.inputs[0].path,
        cases=summary.cases,
        kinds=kinds,
        as_of=meta.as_of,
        limit=settings.get("deadline_days"),
        unit=labels.label(labels.PROCEDURE_PHRASES, settings.get("day_count", "calendar"), lang),
        notice=settings.get("notice_min_days"),
    )
    console.print(f"[bold]{escape(heading)}[/]")
    console.print(_frame_table(township_table(result), say["townships"]))
    if summary.unknown_step:
        console.print(f"[red]{say['unknown_step'].format(count=summary.unknown_step)}[/]")
    if result.findings.empty:
        console.print(f"[green]{say['no_findings']}[/]")
    else:
        counts = Table(title=say["findings"], title_justify="left")
        for column in ("code", "label", "severity"):
            counts.add_column(say[column])
        counts.add_column(say["count"], justify="right")
        for code, count in summary.findings.items():
            level = FINDING_SEVERITY[code]
            colour = "red" if level == "error" else "yellow"
            name = labels.label(labels.PROCEDURE_FINDINGS, code, lang)
            counts.add_row(code, name, f"[{colour}]{severity[level]}[/]", str(count))
        console.print(counts)
        if limit:
            shown = Table()
            for column in ("row", "household", "township", "step", "message"):
                shown.add_column(say[column], overflow="fold")
            steps = dict(zip(result.cases["row"], result.cases["current_step"], strict=True))
            for finding in issue_records(result.findings.iloc[:limit]):
                step = steps.get(finding["row"], "unknown")
                shown.add_row(
                    str(finding["row"]),
                    finding["household_id"] or "",
                    finding["township"] or "",
                    labels.label(labels.PROCEDURE_STEPS, step, lang),
                    escape(finding["message"]),
                )
            console.print(shown)
            if len(result.findings) > limit:
                console.print(say["more"].format(count=len(result.findings) - limit))
    colour = "red" if summary.overdue else "green"
    totals = say["totals"].format(
        open=summary.open,
        overdue=summary.overdue,
        errors=summary.finding_errors,
        warnings=summary.finding_warnings,
    )
    console.print(f"[{colour}]{totals}[/]")
    if summary.data_errors or summary.data_warnings:
        problems = say["data_problems"].format(
            errors=summary.data_errors, warnings=summary.data_warnings
        )
        console.print(f"[red]{problems}[/]")
        if limit:
            console.print(_problems_table(result.issues.iloc[:limit], lang))


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
    lang = result.lang
    say = labels.labeller(labels.FUND_TERMINAL, lang)
    source = result.meta.inputs[0]
    profile = result.meta.profile or {}
    heading = say["heading"].format(
        path=source.path,
        sheet=source.sheet,
        rows=summary["rows"],
        payments=summary["payments"],
        tranches=summary["tranches"],
        profile=f"{profile.get('name')} {profile.get('version')}",
        as_of=summary["as_of"],
    )
    console.print(f"[bold]{escape(heading)}[/]")
    figures = Table(title=say["figures"], title_justify="left", show_header=False)
    figures.add_column("")
    figures.add_column("", justify="right")
    for label, value in summary_rows(result):
        figures.add_row(label, _money(value))
    console.print(figures)
    for key in ("cause", "township", "month"):
        frame = breakdown_table(result, key)
        if not frame.empty:
            console.print(_frame_table(frame, say[key]))
    for episode in summary["negative_balance"]:
        line = say["negative"].format(
            date=episode["date"],
            row=episode["row"],
            balance=_money(Decimal(episode["balance"])),
            restored=episode["restored_on"] or say["not_restored"],
        )
        console.print(f"[red]{line}[/]")
    not_counted = summary["not_counted"]
    if not_counted["rows"]:
        console.print(f"[yellow]{say['not_counted'].format(**not_counted)}[/]")
    issues = summary["issues"]
    if result.issues.empty:
        console.print(f"[green]{say['no_problems']}[/]")
    else:
        _problems_overview(result.issues, issues["by_code"], limit, "-o fund.xlsx", lang)
    colour = "red" if issues["errors"] else ("yellow" if issues["warnings"] else "green")
    totals = say["totals"].format(errors=issues["errors"], warnings=issues["warnings"])
    console.print(f"[{colour}]{totals}[/]")
    roster = summary.get("roster_issues") or {}
    if roster.get("errors") or roster.get("warnings"):
        console.print(say["roster"].format(errors=roster["errors"], warnings=roster["warnings"]))


def _money(value: object) -> str:
    return f"{value:,.2f}" if isinstance(value, Decimal) else str(value)


def _frame_table(frame: pd.DataFrame, title: str) -> Table:
    """A labelled table (first column left, figures right), money with two places."""
    table = Table(title=title, title_justify="left")
    for position, column in enumerate(frame.columns):
        table.add_column(str(column), justify="left" if position == 0 else "right")
    for values in frame.itertuples(index=False):
        table.add_row(*(escape(_money(v)) for v in values))
    return table


def _problems_table(issues: pd.DataFrame, lang: Lang) -> Table:
    """Problems of an input file with their location, headed in ``lang``."""
    say = labels.labeller(labels.FUND_TERMINAL, lang)
    columns = ("sheet", "row", "column", "value", "message")
    table = Table(show_lines=False)
    for column in columns:
        table.add_column(say[column], overflow="fold")
    for issue in issue_records(issues[list(columns)]):
        table.add_row(*(escape(str(issue[c])) for c in columns))
    return table


def _problems_overview(
    issues: pd.DataFrame, by_code: dict[str, int], limit: int, where: str, lang: Lang
) -> None:
    """Problems by code (with their severity), then the first ``limit`` of them."""
    say = labels.labeller(labels.FUND_TERMINAL, lang)
    severity = labels.labeller(labels.SEVERITY, lang)
    counts = Table(title=say["problems"], title_justify="left")
    for column in ("code", "severity"):
        counts.add_column(say[column])
    counts.add_column(say["count"], justify="right")
    levels = dict(zip(issues["code"], issues["severity"], strict=True))
    for code, count in by_code.items():
        colour = "red" if levels[code] == "error" else "yellow"
        counts.add_row(code, f"[{colour}]{severity[levels[code]]}[/]", str(count))
    console.print(counts)
    if limit:
        console.print(_problems_table(issues.iloc[:limit], lang))
        if len(issues) > limit:
            console.print(say["more"].format(count=len(issues) - limit, where=where))


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
