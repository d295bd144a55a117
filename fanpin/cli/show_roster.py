"""Terminal summaries of a roster's results: validation, classification, diff, profiles."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from rich.table import Table

from fanpin import labels
from fanpin.api import Classification
from fanpin.campaigns.diff import DiffResult
from fanpin.cli.terminal import console
from fanpin.io.issues import issue_records
from fanpin.io.models import ValidationResult
from fanpin.rules.profiles import BUILTIN_DIR, Profile


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
    if result.issues.empty:
        console.print("[green]no problems found[/]")
        return
    issues_overview(result.issues, summary.by_code, limit, "--format csv or -o issues.xlsx")
    colour = "red" if summary.errors else "yellow"
    console.print(f"[{colour}]{summary.errors} errors, {summary.warnings} warnings[/]")


def issues_overview(
    issues: pd.DataFrame, by_code: dict[str, int], limit: int, where_all: str
) -> None:
    """Counts per issue code, then the first ``limit`` issues; says how to see the rest."""
    counts = Table(title="problems by code", title_justify="left")
    counts.add_column("code")
    counts.add_column("severity")
    counts.add_column("count", justify="right")
    severities = dict(zip(issues["code"], issues["severity"], strict=True))
    for code, count in by_code.items():
        counts.add_row(code, severity_text(severities[code]), str(count))
    console.print(counts)
    if limit:
        issues_table(issues.iloc[:limit])
        if len(issues) > limit:
            console.print(f"… {len(issues) - limit} more; use {where_all} for all")


def issues_table(issues: pd.DataFrame) -> None:
    table = Table(show_lines=False)
    columns = ("sheet", "row", "column", "value", "message")
    for column in columns:
        table.add_column(column, overflow="fold")
    for issue in issue_records(issues[list(columns)]):
        table.add_row(*(str(issue[c]) for c in columns))
    console.print(table)


def severity_text(severity: str) -> str:
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


def diff_summary(result: DiffResult) -> None:
    console.print(f"{result.old} → {result.new}")
    table = Table()
    table.add_column("change")
    table.add_column("households", justify="right")
    for code, count in result.summary.items():
        table.add_row(code, str(count))
    console.print(table)
