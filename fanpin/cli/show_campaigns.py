"""Terminal summaries of the campaigns: audit, procedure, notice, relief fund, in the run's
language; the problems of an input and labelled tables through ``show_roster``'s shared
functions. Values from files are escaped before rich prints them."""

from __future__ import annotations

from decimal import Decimal

from rich.markup import escape
from rich.table import Table

from fanpin import labels
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.notice import Notice
from fanpin.campaigns.procedure import FINDING_SEVERITY, ProcedureResult
from fanpin.cli.show_roster import frame_table, issues_overview, issues_table, money, severity_text
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
    word = labels.labeller(labels.TERMINAL, lang)
    column = labels.labeller(labels.PROBLEM_COLUMNS, lang)
    settings = (meta.profile or {}).get("procedure", {})
    words = labels.labeller(labels.CAMPAIGN_WORDS, lang)
    kind_names = labels.labeller(labels.PROCEDURE_KINDS, lang)
    kinds = labels.label(labels.LIST_SEPARATOR, "list", lang).join(
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
    console.print(frame_table(township_table(result), say["townships"]))
    if summary.unknown_step:
        console.print(f"[red]{say['unknown_step'].format(count=summary.unknown_step)}[/]")
    if result.findings.empty:
        console.print(f"[green]{say['no_findings']}[/]")
    else:
        counts = Table(title=say["findings"], title_justify="left")
        for name in (word["code"], word["problem"], word["severity"]):
            counts.add_column(name)
        counts.add_column(say["count"], justify="right")
        for code, count in summary.findings.items():
            name = labels.label(labels.PROCEDURE_FINDINGS, code, lang)
            counts.add_row(code, name, severity_text(FINDING_SEVERITY[code], lang), str(count))
        console.print(counts)
        if limit:
            shown = Table()
            for name in ("row", "household_id", "township"):
                shown.add_column(column[name], overflow="fold")
            shown.add_column(say["step"], overflow="fold")
            shown.add_column(column["message"], overflow="fold")
            steps = dict(zip(result.cases["row"], result.cases["current_step"], strict=True))
            for finding in issue_records(result.findings.iloc[:limit]):
                step = steps.get(finding["row"], "unknown")
                shown.add_row(
                    str(finding["row"]),
                    escape(finding["household_id"] or ""),
                    escape(finding["township"] or ""),
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
            issues_table(result.issues.iloc[:limit], lang)


def notice_summary(notice: Notice, lang: Lang) -> None:
    """What the notice lists, so the user can check it before printing; the notice itself
    is Chinese (as posted), the terminal's words are in ``lang``."""
    say = labels.labeller(labels.NOTICE_TERMINAL, lang)
    console.print(f"[bold]{escape(notice.title)}[/]")
    console.print(escape(notice.period))
    if not notice.rows:
        console.print(say["none_listed"])
    for row in notice.rows:
        line = say["row"].format(
            number=row.number,
            head=row.head_name,
            size=row.size,
            category=row.category or "",
            method=say["method"].format(method=row.method) if row.method else "",
            risks=row.risks,
        )
        console.print(escape(line))
    if notice.not_assessed:
        console.print(
            say["not_assessed"].format(village=escape(notice.village), count=notice.not_assessed)
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
        figures.add_row(escape(label), escape(money(value)))
    console.print(figures)
    for key in ("cause", "township", "month"):
        frame = breakdown_table(result, key)
        if not frame.empty:
            console.print(frame_table(frame, say[key]))
    for episode in summary["negative_balance"]:
        line = say["negative"].format(
            date=episode["date"],
            row=episode["row"],
            balance=money(Decimal(episode["balance"])),
            restored=episode["restored_on"] or say["not_restored"],
        )
        console.print(f"[red]{line}[/]")
    not_counted = summary["not_counted"]
    if not_counted["rows"]:
        console.print(f"[yellow]{say['not_counted'].format(**not_counted)}[/]")
    issues = summary["issues"]
    word = labels.labeller(labels.TERMINAL, lang)
    if result.issues.empty:
        console.print(f"[green]{word['no_problems']}[/]")
    else:
        where = "-o fund.xlsx"
        issues_overview(result.issues, issues["by_code"], limit, where, lang, result.era)
    colour = "red" if issues["errors"] else ("yellow" if issues["warnings"] else "green")
    totals = word["counts"].format(errors=issues["errors"], warnings=issues["warnings"])
    console.print(f"[{colour}]{totals}[/]")
    roster = summary.get("roster_issues") or {}
    if roster.get("errors") or roster.get("warnings"):
        console.print(say["roster"].format(errors=roster["errors"], warnings=roster["warnings"]))


def audit_summary(result: AuditResult) -> None:
    """Findings by check and township, the indicators, the department lists, input problems.

    Every header and word in the run's language (``labels.AUDIT_TERMINAL``).
    """
    summary = result.summary
    meta = result.meta
    lang = result.lang
    say = labels.era_labeller(labels.AUDIT_TERMINAL, lang, result.era)
    groups = labels.labeller(labels.AUDIT_GROUPS, lang)
    profile = meta.profile or {}
    console.print(
        say["headline"].format(
            roster=f"[bold]{escape(meta.inputs[0].path)}[/]",
            households=f"{summary['households']:,}",
            people=f"{summary['people']:,}",
            profile=escape(f"{profile.get('name')} {profile.get('version')}"),
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
            escape(info["label"]),  # a department rule's label comes from the profile
            escape(code),
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
                escape(township),
                str(counts["findings"]),
                str(counts["errors"]),
                str(counts["warnings"]),
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
                escape(stats["file"]),
                str(stats["rows"]),
                str(stats["matched_rows"]),
                str(stats["households"]),
                str(stats["unknown_ids"]),
                str(stats["issues"]),
            )
        console.print(lists)
    if summary["rules_not_run"]:
        listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
        rules = {r.code: r for r in result.parameters.profile.audit.department_rules}
        names = [
            labels.label({c: (rules[c].label, rules[c].label_en or rules[c].label)}, c, lang)
            if c in rules
            else c
            for c in summary["rules_not_run"]
        ]
        console.print(
            say["rules_not_run"].format(rules=escape(listing.join(names))), soft_wrap=True
        )
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
