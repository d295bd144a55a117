"""Terminal summary of a simulation: before and after, the changes, the boundary group, the
fund exposure and the townships that change most, in the run's language."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from fanpin import labels
from fanpin.campaigns.simulate import SimulationResult, boundary_band
from fanpin.cli.terminal import console
from fanpin.outputs.simulate import figure_rows, run_lines

TOWNSHIPS_SHOWN = 10


def simulation_summary(result: SimulationResult) -> None:
    """What the new line or rule would change, as the workbook's 概览 has it."""
    lang = result.lang
    text = labels.era_labeller(labels.SIMULATE_TEXT, lang, result.era)
    column = labels.labeller(labels.SIMULATE_COLUMNS, lang)
    figure = labels.era_labeller(labels.SIMULATE_FIGURES, lang, result.era)
    change = labels.labeller(labels.SIMULATE_CHANGES, lang)
    summary = result.summary
    console.print(f"[bold]{escape(text['title'])}[/] · {escape(result.meta.inputs[0].path)}")
    console.print(escape(run_lines(result)), soft_wrap=True)

    table = Table(title=text["summary_title"], title_justify="left")
    table.add_column(column["item"], overflow="fold")
    for key in ("before_both", "after_both", "delta_households"):
        table.add_column(column[key], justify="right", no_wrap=True)
    for item, before, after in figure_rows(result):
        delta = after["households"] - before["households"]
        table.add_row(
            item,
            f"{before['households']:,} ({before['people']:,})",
            f"{after['households']:,} ({after['people']:,})",
            f"{delta:+,}" if delta else "0",
        )
    console.print(table)

    changes = Table(title=text["changes_title"], title_justify="left")
    changes.add_column(column["change"])
    changes.add_column(column["households"], justify="right")
    changes.add_column(column["people"], justify="right")
    for code in labels.SIMULATE_CHANGES:
        changes.add_row(
            change[code], f"{summary[code]['households']:,}", f"{summary[code]['people']:,}"
        )
    changes.add_row(
        figure["changed"],
        f"{summary['changed']['households']:,}",
        f"{summary['changed']['people']:,}",
    )
    console.print(changes)

    low, high = boundary_band(summary["line"]["after"], result.band)
    console.print(
        text["boundary_line"].format(
            low=low,
            high=high,
            households=summary["boundary"],
            people=summary["boundary_people"],
        )
    )
    _cost(result)
    _townships(result)
    if summary["unassessed"]["households"]:
        console.print(
            f"[red]{escape(text['unassessed_line'].format(**summary['unassessed']))}[/]",
            soft_wrap=True,
        )
    issues = summary["issues"]
    if issues["errors"] or issues["warnings"]:
        console.print(escape(text["issues_line"].format(**issues)))
    if not summary["changed"]["households"]:
        console.print(f"[green]{escape(text['no_change'])}[/]")


def _cost(result: SimulationResult) -> None:
    text = labels.era_labeller(labels.SIMULATE_TEXT, result.lang, result.era)
    cost = result.cost
    if cost is None:
        console.print(f"[bold]{escape(text['cost'])}[/]")
        console.print(escape(text["cost_none"]), soft_wrap=True)
        return
    console.print(f"[bold]{escape(text['cost'])}[/]")
    console.print(
        text["cost_range"].format(
            low=f"{float(cost['low']):,.2f}",
            high=f"{float(cost['high']):,.2f}",
            matching=cost["matching_households"],
            entering=cost["entering_households"],
        ),
        soft_wrap=True,
    )
    if cost["unbounded_households"]:
        console.print(text["unbounded"].format(count=cost["unbounded_households"]))
    console.print(f"[dim]{escape(cost['assumption'])}[/]", soft_wrap=True)


def _townships(result: SimulationResult) -> None:
    """The townships with the most changed households, most first."""
    lang = result.lang
    text = labels.era_labeller(labels.SIMULATE_TEXT, lang, result.era)
    column = labels.labeller(labels.SIMULATE_COLUMNS, lang)
    change = labels.labeller(labels.SIMULATE_CHANGES, lang)
    figure = labels.era_labeller(labels.SIMULATE_FIGURES, lang, result.era)
    ranked = sorted(
        (t for t in result.by_township if t["changed"]["households"]),
        key=lambda t: -t["changed"]["households"],
    )[:TOWNSHIPS_SHOWN]
    if not ranked:
        return
    table = Table(title=text["townships_title"], title_justify="left")
    table.add_column(column["township"], no_wrap=True)
    for name in (
        column["before"],
        column["after"],
        change["entering"],
        change["leaving"],
        figure["changed"],
        column["boundary"],
    ):
        table.add_column(name, justify="right", no_wrap=True)
    for entry in ranked:
        table.add_row(
            escape(entry["township"] or text["missing_township"]),
            f"{entry['before']['monitoring']['households']:,}",
            f"{entry['after']['monitoring']['households']:,}",
            f"{entry['entering']['households']:,}",
            f"{entry['leaving']['households']:,}",
            f"{entry['changed']['households']:,}",
            f"{entry['boundary']:,}",
        )
    console.print(table)
