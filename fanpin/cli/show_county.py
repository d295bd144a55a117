"""Terminal summaries of a county report and a province run, in the run's language; values
from files (county names, paths) escaped before rich prints them."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from fanpin import labels
from fanpin.cli.terminal import console, error, say
from fanpin.io.messages import Lang
from fanpin.outputs.report import ReportResult
from fanpin.scale import ProvinceResult


def report_summary(result: ReportResult) -> None:
    """Households by status, changes since the last run, every data problem by input
    (the same counts as 概览 and the 数据问题 sheet), and where the workbook is."""
    figures = result.figures
    lang = result.lang
    head = labels.in_era(labels.label(labels.TERMINAL, "report_head", lang), result.era)
    console.print(
        head.format(
            county=escape(result.county),
            as_of=result.as_of,
            households=figures["households"],
            monitored=figures["monitored_households"],
            people=figures["monitored_households_people"],
            proposed=figures["proposed_households"],
            eliminated=figures["eliminated_households"],
            watch=figures["watch_households"],
        ),
        soft_wrap=True,
    )
    if "escaped_continue" in figures or "escaped_exit" in figures:  # 脱贫户 sorted (§11)
        line = labels.label(labels.ESCAPED_TRACK_TERMINAL, "report", lang)
        keep, leave = figures.get("escaped_continue", 0), figures.get("escaped_exit", 0)
        console.print(line.format(keep=keep, leave=leave), soft_wrap=True)
    separator = labels.label(labels.LIST_SEPARATOR, "list", lang)
    changed = {k: v for k, v in result.changes.items() if v}
    if result.previous_snapshot is None:
        say("first_run", lang)
    else:
        listing = separator.join(
            f"{labels.label(labels.CHANGES, k, lang)} {v}" for k, v in changed.items()
        )
        say(
            "since",
            lang,
            snapshot=escape(result.previous_snapshot),
            changes=listing or labels.label(labels.TERMINAL, "no_changes", lang),
        )
    if figures.get("warn_findings"):  # the 预警 sheet: earlier monthly snapshots archived
        line = labels.label(labels.TERMINAL, "report_warnings", lang).format(
            findings=figures["warn_findings"],
            households=figures["warn_households"],
            months=figures["warn_snapshots"],
        )
        console.print(f"[yellow]{line}[/]", soft_wrap=True)
    if figures["data_errors"] or figures["data_warnings"]:
        by_source = separator.join(
            f"{labels.label(labels.REPORT_FIGURES, key, lang)} {figures[key]}"
            for key in figures
            if key.startswith("data_errors_")
        )
        line = labels.label(labels.TERMINAL, "report_problems", lang).format(
            errors=figures["data_errors"], warnings=figures["data_warnings"], by_source=by_source
        )
        console.print(f"[{'red' if result.errors else 'yellow'}]{line}[/]", soft_wrap=True)
    for path in result.removed_reports:
        say("removed", lang, name=escape(path.name))
    say("workbook", lang, path=escape(str(result.path)))


PROVINCE_TABLE_LIMIT = 40  # more counties than this: totals only, the rest in counties.csv


def province_summary(result: ProvinceResult) -> None:
    """Counties with households and people by status, the totals, and counties that failed."""
    meta, total = result.meta, result.total
    lang: Lang = "en" if meta.get("lang") == "en" else "zh"
    say = labels.labeller(labels.PROVINCE_TERMINAL, lang)
    profile = meta.get("profile") or {}
    console.print(
        say["headline"].format(
            input=escape(str(meta["input"])),
            counties=total["counties"],
            households=f"{total.get('households', 0):,}",
            people=f"{total.get('people', 0):,}",
            profile=escape(str(profile.get("name"))),
            version=escape(str(profile.get("version"))),
            year=meta["year"],
            line=f"{profile.get('line'):,.0f}",
            as_of=meta["as_of"],
            engine=meta["engine"],
        ),
        soft_wrap=True,
    )
    statuses = ("monitored", "proposed", "eliminated", "watch", "unassessed")
    table = Table(title=say["by_status"], title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(say["county"])
    table.add_column(say["households"], justify="right")
    table.add_column(say["people"], justify="right")
    for status in statuses:
        table.add_column(labels.label(labels.STATUS, status, lang), justify="right")
    table.add_column(say["errors"], justify="right")

    def row(name: str, summary: dict[str, Any]) -> list[str]:
        by_status = summary.get("by_status") or {}
        cells = [name, f"{summary.get('households', 0):,}", f"{summary.get('people', 0):,}"]
        cells += [f"{by_status.get(s, {}).get('households', 0):,}" for s in statuses]
        cells.append(f"{(summary.get('issues') or {}).get('errors', 0):,}")
        return cells

    done = [c for c in result.counties if not c.get("error")]
    if len(done) <= PROVINCE_TABLE_LIMIT:
        for county in done:
            table.add_row(*row(escape(str(county.get("county") or county["partition"])), county))
        table.add_section()
    table.add_row(*row(labels.label(labels.PRINT_TEXTS, "total", lang), total), style="bold")
    console.print(table)
    if len(done) > PROVINCE_TABLE_LIMIT:
        console.print(say["per_county"].format(path=escape(str(result.output / "counties.csv"))))
    issues = total.get("issues") or {}
    if issues.get("errors") or issues.get("warnings"):
        console.print(
            say["problems"].format(
                errors=f"{issues.get('errors', 0):,}", warnings=f"{issues.get('warnings', 0):,}"
            )
        )
    province_failures(result)
    if meta.get("ignored"):
        names = labels.label(labels.LIST_SEPARATOR, "list", lang).join(meta["ignored"])
        console.print(say["skipped"].format(names=escape(names)), soft_wrap=True)
    console.print(say["wrote"].format(path=escape(str(result.output))), soft_wrap=True)


def province_failures(result: ProvinceResult) -> None:
    """One red line per county that could not be processed (shown even with --quiet)."""
    lang: Lang = "en" if result.meta.get("lang") == "en" else "zh"
    failed = labels.label(labels.PROVINCE_TERMINAL, "failed", lang)
    for county in result.failed:
        error(failed.format(partition=county["partition"], error=county["error"]), lang)
