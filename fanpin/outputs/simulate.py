"""A simulation (``fanpin simulate``) as JSON, CSV or a workbook.

JSON is exactly ``SimulationResult.to_dict()``; CSV is the changed households; the
workbook has 概览 (before/after figures, changes, the fund exposure and a chart of
households in monitoring by township), 变化, 边界户 and 参数 (both parameter sets side
by side). Labels come from ``labels`` in the run's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import labels
from fanpin.campaigns.simulate import TIERS, SimulationResult
from fanpin.errors import FanpinError
from fanpin.io.files import deliver
from fanpin.io.messages import Lang
from fanpin.io.schema import FUND_CAUSE_LABELS
from fanpin.outputs.write import (
    CJK_FONT,
    HEADER_FILL,
    SheetWriter,
    frame_to_csv,
    json_text,
    table_sheet,
    write_workbook,
)
from fanpin.rules.assess import STATUSES, Parameters
from fanpin.rules.profiles import Profile, profile_items

Format = Literal["json", "csv", "xlsx"]
YUAN = "#,##0.00"
PERCENT = "0.0%"


def export_simulation(result: SimulationResult, fmt: Format, path: Path | None) -> str | None:
    """JSON (the library result), CSV (changed households) or the four-sheet workbook."""
    if fmt == "json":
        return deliver(json_text(result.to_dict()), path)
    if fmt == "csv":
        return deliver(frame_to_csv(changes_table(result)), path, "utf-8-sig")
    if path is None:
        raise FanpinError(
            "simulate as xlsx needs an output file: add -o NAME.xlsx",
            zh="simulate 写出工作簿需要输出文件：请加 -o 文件名.xlsx",
        )
    lang = result.lang
    sheet = labels.labeller(labels.SIMULATE_SHEETS, lang)
    column = labels.labeller(labels.SIMULATE_COLUMNS, lang)
    money = {column[c]: YUAN for c in ("per_capita_income", "line", "gap")}
    write_workbook(
        path,
        [
            (sheet["overview"], _overview(result)),
            (sheet["changes"], table_sheet(changes_table(result), number_formats=money)),
            (
                sheet["boundary"],
                table_sheet(
                    boundary_table(result), number_formats=money | {column["gap_ratio"]: PERCENT}
                ),
            ),
            (
                sheet["parameters"],
                table_sheet(
                    parameters_table(result),
                    widths={column["setting"]: 44, column["before"]: 48, column["after"]: 48},
                ),
            ),
        ],
    )
    return None


def _coded(series: pd.Series, table: labels.Labels, lang: Lang) -> pd.Series:
    return series.map(labels.labeller(table, lang), na_action="ignore")


def changes_table(result: SimulationResult) -> pd.DataFrame:
    """The 变化 sheet and the CSV: one labelled row per changed household."""
    lang = result.lang
    changes = result.changes
    change_names = labels.labeller(labels.SIMULATE_CHANGES, lang)
    listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
    columns: dict[str, pd.Series] = {
        "household_id": changes["household_id"],
        "township": changes["township"],
        "village": changes["village"],
        "head_name": changes["head_name"],
        "size": changes["size"],
        "change": changes["change"].map(change_names),
        "changes": changes["changes"].map(
            lambda codes: listing.join(change_names[c] for c in codes)
        ),
        "per_capita_income": changes["per_capita_income_after"],
    }
    for field, table in (
        ("status", labels.STATUS),
        ("category", labels.CATEGORY),
        ("tier", labels.TIER),
    ):
        for side in ("before", "after"):
            columns[f"{field}_{side}"] = _coded(changes[f"{field}_{side}"], table, lang)
    columns["score_before"] = changes["score_before"]
    columns["score_after"] = changes["score_after"]
    return _labelled(columns, lang)


def boundary_table(result: SimulationResult) -> pd.DataFrame:
    """The 边界户 sheet: households whose income is near the new line."""
    lang = result.lang
    near = result.boundary
    columns: dict[str, pd.Series] = {
        name: near[name]
        for name in ("household_id", "township", "village", "head_name", "size")
        + ("per_capita_income", "line", "gap", "gap_ratio")
    }
    columns["status_after"] = _coded(near["status"], labels.STATUS, lang)
    columns["category_after"] = _coded(near["category"], labels.CATEGORY, lang)
    columns["tier_after"] = _coded(near["tier"], labels.TIER, lang)
    return _labelled(columns, lang)


def _labelled(columns: dict[str, pd.Series], lang: Lang) -> pd.DataFrame:
    names = labels.labeller(labels.SIMULATE_COLUMNS, lang)
    return pd.DataFrame({names[k]: v.reset_index(drop=True) for k, v in columns.items()})


def parameters_table(result: SimulationResult) -> pd.DataFrame:
    """The 参数 sheet: the run, then every profile setting before and after, side by side."""
    lang = result.lang
    name = labels.labeller(labels.SIMULATE_PARAMETERS, lang)
    yes = labels.label(labels.YES_NO, "yes", lang)
    before, after = result.before.parameters, result.after.parameters
    meta = result.meta
    rows: list[tuple[str, Any, Any]] = [
        (name["profile"], _profile_text(before.profile), _profile_text(after.profile)),
        (name["year"], before.year, after.year),
        (name["line"], before.line, after.line),
        (name["as_of"], before.as_of.isoformat(), after.as_of.isoformat()),
        (name["overrides"], "", _overrides_text(result.overrides)),
        (name["band"], f"{result.band:.0%}", f"{result.band:.0%}"),
        (name["fanpin_version"], meta.fanpin_version, meta.fanpin_version),
    ]
    for source in meta.inputs:
        text = f"{source.path} sha256 {source.sha256}"
        rows.append((name["input"], text, text))
    old, new = profile_items(before.profile), profile_items(after.profile)
    keys = list(old) + [k for k in new if k not in old]
    changed = [k for k in keys if old.get(k) != new.get(k)]  # first: what the run changes
    keys = changed + [k for k in keys if k not in changed]
    rows += [(_setting(key, lang), _text(old.get(key)), _text(new.get(key))) for key in keys]
    column = labels.labeller(labels.SIMULATE_COLUMNS, lang)
    frame = pd.DataFrame(rows, columns=[column["setting"], column["before"], column["after"]])
    frame[column["differs"]] = [yes if b != a else "" for _, b, a in rows]
    return frame


def _setting(key: str, lang: Lang) -> str:
    """A profile setting's name: in words with its key (for --set) where fanpin names it,
    else the key as the profile writes it."""
    year = key.removeprefix("monitoring_line.")
    if year != key and year.isdigit():
        name = labels.label(labels.SIMULATE_SETTINGS, "monitoring_line", lang).format(year=year)
    elif key in labels.SIMULATE_SETTINGS:
        name = labels.label(labels.SIMULATE_SETTINGS, key, lang)
    else:
        return key
    return f"{name}（{key}）" if lang == "zh" else f"{name} ({key})"


def _profile_text(profile: Profile) -> str:
    return f"{profile.name} {profile.version} ({profile.hash})"


def _overrides_text(overrides: dict[str, Any]) -> str:
    return "；".join(f"{key}={_text(value)}" for key, value in overrides.items())


def _text(value: Any) -> Any:
    """A setting as a cell: numbers stay numbers, lists are joined, nothing is empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}={v}" for k, v in value.items())
    return value


def _overview(result: SimulationResult) -> SheetWriter:
    lang = result.lang
    text = labels.era_labeller(labels.SIMULATE_TEXT, lang, result.era)
    column = labels.labeller(labels.SIMULATE_COLUMNS, lang)
    figure = labels.era_labeller(labels.SIMULATE_FIGURES, lang, result.era)
    summary = result.summary

    def fill(sheet: Worksheet) -> None:
        sheet["A1"] = text["title"]
        sheet["A1"].font = Font(name=CJK_FONT, bold=True, size=16)
        row = 2
        for line in run_lines(result).splitlines():
            sheet.cell(row, 1, line).font = Font(name=CJK_FONT, italic=True)
            row += 1
        row += 1
        header = [
            column[c]
            for c in (
                "item",
                "before_households",
                "before_people",
                "after_households",
                "after_people",
                "delta_households",
                "delta_people",
            )
        ]
        _header(sheet, row, header)
        for item, before, after in figure_rows(result):
            row += 1
            values = [
                item,
                before["households"],
                before["people"],
                after["households"],
                after["people"],
                after["households"] - before["households"],
                after["people"] - before["people"],
            ]
            for position, value in enumerate(values, start=1):
                cell = sheet.cell(row, position, value)
                cell.font = Font(name=CJK_FONT)
                if position > 1:
                    cell.number_format = "#,##0;-#,##0;0"
        row += 2
        _header(sheet, row, [column["change"], column["households"], column["people"]])
        change_names = labels.labeller(labels.SIMULATE_CHANGES, lang)
        counted = [(change_names[c], summary[c]) for c in labels.SIMULATE_CHANGES]
        counted.append((figure["changed"], summary["changed"]))
        counted.append(
            (
                figure["boundary"].format(band=result.band),
                {"households": summary["boundary"], "people": summary["boundary_people"]},
            )
        )
        counted.append((figure["unassessed"], summary["unassessed"]))
        for item, counts in counted:
            row += 1
            sheet.cell(row, 1, item).font = Font(name=CJK_FONT)
            sheet.cell(row, 2, counts["households"]).number_format = "#,##0"
            sheet.cell(row, 3, counts["people"]).number_format = "#,##0"
        row += 2
        sheet.cell(row, 1, text["cost"]).font = Font(name=CJK_FONT, bold=True)
        cost = result.cost
        if cost is None:
            row += 1
            sheet.cell(row, 1, text["cost_none"]).font = Font(name=CJK_FONT)
        else:
            for key, value, money in (
                ("cost_low", float(cost["low"]), True),
                ("cost_high", float(cost["high"]), True),
                ("cost_matching", cost["matching_households"], False),
            ):
                row += 1
                sheet.cell(row, 1, figure[key]).font = Font(name=CJK_FONT)
                sheet.cell(row, 2, value).number_format = YUAN if money else "#,##0"
            row += 1
            _header(
                sheet,
                row,
                [column["cause"], column["households"], column["standard"], column["cap"]],
            )
            for entry in cost["by_cause"]:
                row += 1
                cause = labels.label(FUND_CAUSE_LABELS, entry["cause"], lang)
                sheet.cell(row, 1, cause).font = Font(name=CJK_FONT)
                sheet.cell(row, 2, entry["households"]).number_format = "#,##0"
                for position, key in ((3, "standard"), (4, "cap")):
                    amount = None if entry[key] is None else float(entry[key])
                    sheet.cell(row, position, amount).number_format = YUAN
            row += 1
            note = sheet.cell(row, 1, cost["assumption"])
            note.font = Font(name=CJK_FONT, size=9)
            note.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
            sheet.row_dimensions[row].height = 75
        _townships(sheet, result, row + 2)
        sheet.column_dimensions["A"].width = 40
        for letter in "BCDEFG":
            sheet.column_dimensions[letter].width = 13
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    return fill


def run_lines(result: SimulationResult) -> str:
    """The run in words: both profiles, year, as-of date, households, the overrides."""
    lang = result.lang
    text = labels.era_labeller(labels.SIMULATE_TEXT, lang, result.era)

    def profile(parameters: Parameters) -> str:
        p = parameters.profile
        return text["profile"].format(
            name=p.name, version=p.version, hash=p.hash, line=parameters.line
        )

    before, after = result.before.parameters, result.after.parameters
    lines = text["run"].format(
        before=profile(before),
        after=profile(after),
        year=after.year,
        as_of=after.as_of.isoformat(),
        households=result.summary["households"],
        people=result.summary["people"],
    )
    if result.overrides:
        return lines + "\n" + text["overrides"].format(overrides=_overrides_text(result.overrides))
    return lines + "\n" + text["no_overrides"]


def figure_rows(result: SimulationResult) -> list[tuple[str, dict, dict]]:
    lang = result.lang
    summary = result.summary
    before, after = summary["before"], summary["after"]
    figure = labels.era_labeller(labels.SIMULATE_FIGURES, lang, result.era)
    total = {"households": summary["households"], "people": summary["people"]}
    rows = [
        (figure["households"], total, total),
        (figure["monitoring"], before["monitoring"], after["monitoring"]),
    ]
    for group, table, codes in (
        ("by_status", labels.STATUS, STATUSES),
        ("by_category", labels.CATEGORY, tuple(labels.CATEGORY)),
        ("by_tier", labels.TIER, TIERS),
    ):
        rows += [
            ("  " + labels.label(table, code, lang), before[group][code], after[group][code])
            for code in codes
        ]
    return rows


def _header(sheet: Worksheet, row: int, names: list[str]) -> None:
    for position, name in enumerate(names, start=1):
        cell = sheet.cell(row, position, name)
        cell.font = Font(name=CJK_FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _townships(sheet: Worksheet, result: SimulationResult, start: int) -> None:
    """Households in monitoring per township before and after, and the chart beside."""
    lang = result.lang
    text = labels.era_labeller(labels.SIMULATE_TEXT, lang, result.era)
    column = labels.labeller(labels.SIMULATE_COLUMNS, lang)
    change = labels.labeller(labels.SIMULATE_CHANGES, lang)
    figure = labels.era_labeller(labels.SIMULATE_FIGURES, lang, result.era)
    _header(
        sheet,
        start,
        [
            column["township"],
            column["before"],
            column["after"],
            change["entering"],
            change["leaving"],
            figure["boundary"].format(band=result.band),
        ],
    )
    row = start
    for entry in result.by_township:
        row += 1
        name = entry["township"] or text["missing_township"]
        values = [
            name,
            entry["before"]["monitoring"]["households"],
            entry["after"]["monitoring"]["households"],
            entry["entering"]["households"],
            entry["leaving"]["households"],
            entry["boundary"],
        ]
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row, position, value)
            cell.font = Font(name=CJK_FONT)
    if row == start:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = text["chart"]
    chart.y_axis.title = column["households"]
    chart.add_data(
        Reference(sheet, min_col=2, max_col=3, min_row=start, max_row=row), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=start + 1, max_row=row))
    chart.height, chart.width = 9, 16
    sheet.add_chart(chart, "I4")
