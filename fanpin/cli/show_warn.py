"""Terminal summary of early warnings (``fanpin warn``): the window, counts by warning and
township, the first warnings, households in and out, and what could not be compared."""

from __future__ import annotations

import pandas as pd
from rich.markup import escape
from rich.table import Table

from fanpin import labels
from fanpin.campaigns.warn import WarnResult
from fanpin.cli.terminal import console


def warn_summary(result: WarnResult, limit: int = 20) -> None:
    """What a county officer reads first, every word in the run's language."""
    lang = result.lang
    summary = result.summary
    say = labels.labeller(labels.WARN_TERMINAL, lang)
    names = labels.labeller(labels.WARN_FINDINGS, lang)
    figures = labels.labeller(labels.WARN_FIGURE_NAMES, lang)
    listing = labels.label(labels.WARN_PHRASES, "listing", lang)
    profile = result.parameters.profile
    headline = say["headline"].format(
        count=summary["snapshots"],
        first=summary["first"],
        latest=summary["latest"],
        households=f"{summary['households']:,}",
        people=f"{summary['people']:,}",
        profile=f"{profile.name} {profile.version}",
        year=result.parameters.year,
        line=f"{summary['line']:,.0f}",
    )
    console.print(escape(headline))
    by_code = Table(title=say["by_code"], title_justify="left")
    by_code.add_column(say["warning"])
    by_code.add_column(say["code"])
    by_code.add_column(say["count"], justify="right")
    for code, count in summary["by_code"].items():
        by_code.add_row(names[code], code, f"[bold]{count}[/]" if count else "[dim]0[/]")
    console.print(by_code)
    if summary["by_township"]:
        townships = Table(title=say["by_township"], title_justify="left")
        townships.add_column(say["township"])
        townships.add_column(say["count"], justify="right")
        townships.add_column(say["households"], justify="right")
        for township, counts in summary["by_township"].items():
            townships.add_row(escape(township), str(counts["findings"]), str(counts["households"]))
        console.print(townships)
    if limit and not result.findings.empty:
        console.print(_first(result, limit))
        if len(result.findings) > limit:
            console.print(say["more"].format(count=len(result.findings) - limit))
    console.print(say["roster_changes"].format(**summary["roster_changes"]), soft_wrap=True)
    for code, info in summary["not_run"].items():
        missing = listing.join(figures.get(m, m) for m in info["missing"])
        line = say["not_run"].format(
            label=names[code], households=info["households"], names=missing
        )
        console.print(f"[yellow]{escape(line)}[/]", soft_wrap=True)
    for skipped in summary["skipped"]:
        console.print(f"[yellow]{escape(say['skipped'].format(why=skipped['why']))}[/]")
    issues = summary["issues"]
    if issues["errors"] or issues["warnings"]:
        console.print(f"[red]{say['problems'].format(**issues)}[/]")
    if summary["findings"]:
        total = say["total"].format(
            findings=summary["findings"], households=summary["households_with_findings"]
        )
        console.print(f"[yellow]{total}[/]")
    else:
        console.print(f"[green]{say['none']}[/]")


def _first(result: WarnResult, limit: int) -> Table:
    """The first warnings: where, who, which, before → latest."""
    lang = result.lang
    say = labels.labeller(labels.WARN_TERMINAL, lang)
    headers = labels.labeller(labels.WARN_COLUMNS, lang)
    names = labels.labeller(labels.WARN_FINDINGS, lang)
    table = Table(title=say["first"].format(count=min(limit, len(result.findings))))
    for key in ("township", "village", "household_id", "head_name", "finding", "before", "after"):
        table.add_column(headers[key], overflow="fold")
    for row in result.findings.iloc[:limit].itertuples(index=False):
        table.add_row(
            *(escape(_text(v)) for v in (row.township, row.village, row.household_id)),
            escape(_text(row.head_name)),
            names.get(str(row.code), str(row.code)),
            _number(row.before, str(row.field)),
            _number(row.after, str(row.field)),
        )
    return table


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _number(value: object, field: str) -> str:
    if not isinstance(value, int | float) or pd.isna(value):
        return ""
    return f"{value:,.2f}" if field == "per_capita_income" else f"{value:,.0f}"
