"""Terminal summaries of a roster's results: validation, classification, diff, profiles,
in the run's language (``--lang``); and the tables every summary shares: problems of an
input (``issues_overview``), a labelled frame (``frame_table``).

Every value that comes from a file (a path, a sheet, a name, a profile's name) is
escaped before rich prints it: a name such as ``[red]`` prints as written."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from rich.markup import escape
from rich.table import Table

from fanpin import labels
from fanpin.api import Classification
from fanpin.campaigns.diff import DiffResult
from fanpin.cli.terminal import console, say
from fanpin.io.issues import issue_records
from fanpin.io.messages import Lang
from fanpin.io.models import ValidationResult
from fanpin.outputs.classify import VillageFile
from fanpin.rules.profiles import BUILTIN_DIR, Profile


def _lang(value: str) -> Lang:
    return "zh" if value == "zh" else "en"


def text(key: str, lang: Lang, **values: Any) -> str:
    return labels.label(labels.TERMINAL, key, lang).format(**values)


def validation_summary(result: ValidationResult, limit: int = 20) -> None:
    """Counts per problem, then the first ``limit`` problems in a table."""
    lang = _lang(result.meta.lang)
    summary = result.summary
    source = result.meta.inputs[0]
    say(
        "read",
        lang,
        path=escape(source.path),
        sheet=escape(repr(source.sheet)),
        header_row=source.header_row,
        records=summary.records,
        households=summary.households,
    )
    if summary.unknown_columns:
        separator = labels.label(labels.LIST_SEPARATOR, "list", lang)
        columns = separator.join(summary.unknown_columns)
        console.print(escape(text("unknown_columns", lang, columns=columns)), soft_wrap=True)
    if result.issues.empty:
        console.print(f"[green]{text('no_problems', lang)}[/]")
        return
    where = text("where_validate", lang)
    issues_overview(result.issues, summary.by_code, limit, where, lang, kinds=result.kinds)
    colour = "red" if summary.errors else "yellow"
    counts = text("counts", lang, errors=summary.errors, warnings=summary.warnings)
    console.print(f"[{colour}]{counts}[/]")


def split_summary(files: Sequence[VillageFile], folder: Path, lang: Lang) -> None:
    """One line per village workbook written by ``validate --split-by village``."""
    say("split_written", lang, files=len(files), folder=escape(str(folder)))
    for written in files:
        line = text(
            "village_file",
            lang,
            township=written.township or "",
            village=written.village or "—",
            errors=written.errors,
            warnings=written.warnings,
            name=written.path.name,
        )
        console.print("  " + escape(line), soft_wrap=True)


def issues_overview(
    issues: pd.DataFrame,
    by_code: dict[str, int],
    limit: int,
    where_all: str,
    lang: Lang,
    era: labels.Era = "2021",
    kinds: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Counts per problem (its name in the profile's era, code and severity), then the
    first ``limit`` problems; says how to see the rest (``where_all``). ``kinds`` name
    the profile's own problem codes."""
    names = labels.era_labeller({**labels.ISSUE_KINDS, **(kinds or {})}, lang, era)
    counts = Table(title=text("problems_by_code", lang), title_justify="left")
    counts.add_column(text("problem", lang))
    counts.add_column(text("code", lang), no_wrap=True)  # whole, for grep
    counts.add_column(text("severity", lang))
    counts.add_column(text("count", lang), justify="right")
    severities = dict(zip(issues["code"], issues["severity"], strict=True))
    for code, count in by_code.items():
        counts.add_row(
            names.get(code, code), code, severity_text(severities[code], lang), str(count)
        )
    console.print(counts)
    if limit:
        issues_table(issues.iloc[:limit], lang)
        if len(issues) > limit:
            console.print(escape(text("more", lang, count=len(issues) - limit, where=where_all)))


def issues_table(issues: pd.DataFrame, lang: Lang) -> None:
    """Problems of an input with where they are (sheet, row, column, value) and the message,
    headed in ``lang``; every cell escaped."""
    table = Table(show_lines=False)
    columns = ("sheet", "row", "column", "value", "message")
    for column in columns:
        name = labels.label(labels.PROBLEM_COLUMNS, column, lang)
        table.add_column(name, overflow="fold", max_width=None if column == "message" else 20)
    for issue in issue_records(issues[list(columns)]):
        table.add_row(*(escape(str(issue[c])) for c in columns))
    console.print(table)


def severity_text(severity: str, lang: Lang) -> str:
    """The severity's word in ``lang`` (错误 / 提示), red or yellow."""
    word = labels.label(labels.SEVERITY, severity, lang)
    return f"[red]{word}[/]" if severity == "error" else f"[yellow]{word}[/]"


def money(value: object) -> str:
    """A figure as the terminal shows it: money (Decimal) with two places and separators."""
    return f"{value:,.2f}" if isinstance(value, Decimal) else str(value)


def frame_table(frame: pd.DataFrame, title: str) -> Table:
    """A labelled table (first column left, figures right), money with two places; every
    cell escaped (townships and causes come from files)."""
    table = Table(title=title, title_justify="left")
    for position, column in enumerate(frame.columns):
        table.add_column(str(column), justify="left" if position == 0 else "right")
    for values in frame.itertuples(index=False):
        table.add_row(*(escape(money(v)) for v in values))
    return table


def classification_summary(result: Classification) -> None:
    """Households and people by status, category and tier; what could not be assessed."""
    summary = result.summary()
    meta = result.meta
    lang = _lang(meta.lang)
    profile = meta.profile or {}
    say(
        "classified",
        lang,
        path=escape(meta.inputs[0].path),
        households=summary["households"],
        people=summary["people"],
        profile=escape(str(profile.get("name"))),
        version=escape(str(profile.get("version"))),
        year=meta.year,
        line=profile.get("line"),
        as_of=meta.as_of,
    )
    table = Table(title=text("households_people", lang), title_justify="left")
    table.add_column("")
    table.add_column(text("households", lang), justify="right")
    table.add_column(text("people", lang), justify="right")
    era = result.parameters.profile.terminology
    for table_labels, counts in (
        (labels.STATUS, summary["by_status"]),
        (labels.CATEGORY, summary["by_category"]),
        (labels.TIER, summary["by_tier"]),
    ):
        # in the labels' order (monitored first, high first); the words only, as 概览 has them
        names = labels.era_labeller(table_labels, lang, era)
        for code in [c for c in table_labels if c in counts] + [
            c for c in counts if c not in table_labels
        ]:
            count = counts[code]
            table.add_row(names.get(code, code), str(count["households"]), str(count["people"]))
        table.add_section()
    track = summary.get("escaped_track")
    if track:  # the profile sorts 脱贫户 (domain.md §11): exit / continue
        row = labels.label(labels.ESCAPED_TRACK_TERMINAL, "row", lang)
        for code in ("exit", "continue"):
            proposal = labels.label(labels.ESCAPED_TRACK, code, lang)
            name = row.format(proposal=proposal)
            table.add_row(name, str(track[code]["households"]), str(track[code]["people"]))
    console.print(table)
    for key in ("proposed_not_monitored", "category_differs", "returned_to_risk"):
        if summary[key]:
            console.print(f"[yellow]{text(key, lang, count=summary[key])}[/]")
    unassessed = summary["unassessed"]
    if unassessed["households"]:
        separator = labels.label(labels.LIST_SEPARATOR, "list", lang)
        colon = labels.label(labels.LIST_SEPARATOR, "colon", lang)
        why = separator.join(f"{reason}{colon}{n}" for reason, n in unassessed["reasons"].items())
        say("unassessed", lang, count=unassessed["households"], why=escape(why))
    else:
        say("all_assessed", lang)
    issues = summary["issues"]
    if issues["errors"] or issues["warnings"]:
        say("data_problems", lang, errors=issues["errors"], warnings=issues["warnings"])


def profiles_table(profiles: Sequence[Profile], lang: Lang = "zh") -> None:
    table = Table(title=text("profiles", lang), title_justify="left")
    for key in (
        "profile_name",
        "profile_version",
        "profile_lines",
        "profile_tiers",
        "profile_rules",
        "profile_source",
    ):
        names = key == "profile_name"  # a name is never broken across lines
        table.add_column(text(key, lang), overflow="fold", no_wrap=names)
    for profile in profiles:
        lines = ", ".join(
            f"{year}: {line:,.0f}" for year, line in sorted(profile.monitoring_line.items())
        )
        table.add_row(
            escape(profile.name),
            escape(profile.version),
            lines,
            f"{profile.tiers.high}/{profile.tiers.medium}",
            text(
                "profile_rule_counts",
                lang,
                risk=len(profile.risk_rules),
                tier=len(profile.tiers.rules),
            ),
            text("built_in", lang)
            if Path(profile.source).parent == BUILTIN_DIR
            else escape(profile.source),
        )
    console.print(table)


def diff_summary(result: DiffResult) -> None:
    lang = result.lang
    console.print(escape(text("diff_files", lang, old=result.old, new=result.new)))
    table = Table()
    table.add_column(text("change", lang))
    table.add_column(text("code", lang))
    table.add_column(text("households", lang), justify="right")
    for code, count in result.summary.items():
        table.add_row(labels.label(labels.CHANGES, code, lang), code, str(count))
    console.print(table)
