"""The county workbook: what a county runs every night and sends to its superiors.

``write_report`` writes one styled workbook atomically from a classification
and the results the workspace adds (audit, fund, procedure): 概览 with key
figures that add up and charts of the same numbers, the household sheets, the
campaigns' sheets, 变化, every problem of every input (数据问题) and 说明. Every
sheet prints on A4 at 8 pt or more with the county, the sheet, the as-of date
and 第 n 页 共 m 页 on each page. The run itself (the lock, the archive, pruning
old workbooks) is ``api.report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import __version__, labels
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.procedure import ProcedureResult
from fanpin.campaigns.warn import WarnResult
from fanpin.io import schema
from fanpin.io.issues import ISSUE_COLUMNS
from fanpin.io.messages import Lang
from fanpin.io.places import sort_by_place, township_order
from fanpin.outputs.audit import findings_table, income_basis_sheet
from fanpin.outputs.classify import escaped_track_sheets
from fanpin.outputs.fund import entries_table
from fanpin.outputs.procedure import cases_table
from fanpin.outputs.tables import (
    DAY,
    YUAN,
    LabelledTable,
    changes_view,
    elimination_view,
    households_view,
    input_rows,
    item_view,
    measures_view,
    problems_view,
    sheet_title,
)
from fanpin.outputs.tables import column as column_label
from fanpin.outputs.warn import report_sheet, warn_figures, warn_overview_rows
from fanpin.outputs.write import (
    CJK_FONT,
    TITLE_FONT,
    SheetWriter,
    StreamedSheet,
    print_context,
    print_ready,
    write_workbook,
)
from fanpin.pipeline import Classification
from fanpin.rules.quality import own_kinds

TIERS = ("high", "medium", "low")
STATUSES = ("monitored", "proposed", "eliminated", "watch", "none", "unassessed")
CATEGORIES = tuple(labels.CATEGORY)
ELIMINATION = ("eligible", "not_yet", "safety_net")
PROBLEM_SOURCES = ("roster", "lists", "fund", "cases")


@dataclass
class ReportResult:
    """Where the workbook went and the figures it shows."""

    path: Path
    county: str
    as_of: date
    figures: dict[str, Any]
    changes: dict[str, int]
    previous_snapshot: str | None
    removed_reports: list[Path] = field(default_factory=list)
    errors: int = 0  # data errors in the roster: the run's exit code
    other_errors: int = 0  # in the lists, ledger and cases: reported in 数据问题 too
    lang: Lang = "zh"
    era: labels.Era = "2021"  # the profile's terminology: the words of the terminal too


def report_name(as_of: date, county_name: str, lang: Lang) -> str:
    template = labels.label(labels.REPORT_FILE, "name", lang)
    return template.format(as_of=as_of.isoformat(), county=county_name)


@dataclass
class Extras:
    """The results a workspace's other inputs add: audit always, fund and cases if configured."""

    audit: AuditResult
    fund: FundResult | None
    procedure: ProcedureResult | None
    warn: WarnResult | None = None  # the 预警 sheet: when the archive holds earlier months

    def figures(self) -> dict[str, Any]:
        findings = self.audit.findings
        errors = int(findings["severity"].eq("error").sum())
        figures: dict[str, Any] = {
            "findings": len(findings),
            "findings_errors": errors,
            "findings_warnings": len(findings) - errors,
            "should_monitor": int(findings["code"].eq("should_monitor").sum()),
        }
        if self.fund is not None:
            summary = self.fund.summary
            figures |= {
                "fund_paid_in": float(summary["total_tranches"]),
                "fund_paid_out": float(summary["total_paid"]),
                "fund_balance": float(summary["balance"]),
                "fund_households_helped": summary["households_helped"],
            }
        if self.procedure is not None:
            procedure = self.procedure.summary
            figures |= {
                "cases": procedure.cases,
                "cases_approved": procedure.cases - procedure.open,
                "cases_open": procedure.open,
                "cases_overdue": procedure.overdue,
            }
        if self.warn is not None:
            figures |= warn_figures(self.warn)
        return figures

    def problems(self, roster: pd.DataFrame) -> pd.DataFrame:
        """Every problem of the run's inputs (``ISSUE_COLUMNS``) with ``source`` (roster,
        lists, fund, cases), ``list`` (a department list's kind) and ``file``."""
        issues = self.audit.issues
        inputs = self.audit.meta.inputs
        parts = [roster.assign(source="roster", list=None, file=inputs[0].path if inputs else None)]
        lists = issues.loc[issues["kind"].ne("roster")]
        parts.append(lists.assign(source="lists", list=lists["kind"]).drop(columns="kind"))
        if self.fund is not None:
            parts.append(self._tagged(self.fund.issues, "fund", self.fund.meta.inputs[0].path))
        if self.procedure is not None:
            path = self.procedure.meta.inputs[0].path
            parts.append(self._tagged(self.procedure.issues, "cases", path))
        columns = [*ISSUE_COLUMNS, "source", "list", "file"]
        return pd.concat([p[columns] for p in parts if not p.empty] or [parts[0][columns]])

    @staticmethod
    def _tagged(issues: pd.DataFrame, source: str, path: str) -> pd.DataFrame:
        return issues.assign(source=source, list=None, file=path)


def overview_figures(households: pd.DataFrame) -> dict[str, Any]:
    """The household figures of 概览: households and people by status, then each group
    split into parts that add up to it (categories, tiers, elimination assessment)."""
    figures: dict[str, Any] = {}

    def put(key: str, mask: pd.Series) -> None:
        figures[key] = int(mask.sum())
        figures[f"{key}_people"] = int(households.loc[mask, "size"].sum())

    status = households["status"]
    put("households", pd.Series(True, index=households.index))
    for name in STATUSES:
        put(f"{name}_households", status.eq(name))
    monitored = status.eq("monitored")
    proposed = status.eq("proposed")
    eliminated = status.eq("eliminated")
    category = households["category"]
    for code in CATEGORIES:
        put(f"{code}_monitored", monitored & category.eq(code))
        put(f"{code}_proposed", proposed & category.eq(code))
    put("uncategorised_monitored", monitored & ~category.isin(CATEGORIES))
    tier = households["tier"]
    put("monitored_by_tier", monitored)
    put("proposed_by_tier", proposed)
    put("proposed_by_category", proposed)
    for code in TIERS:
        put(f"{code}_monitored", monitored & tier.eq(code))
        put(f"{code}_proposed", proposed & tier.eq(code))
    put("unrated_monitored", monitored & ~tier.isin(TIERS))
    put("unrated_proposed", proposed & ~tier.isin(TIERS))
    elimination = households["elimination_status"]
    put("monitored_by_elimination", monitored)
    for code in ELIMINATION:
        put(f"elimination_{code}", monitored & elimination.eq(code))
    put("elimination_unassessed", monitored & ~elimination.isin(ELIMINATION))
    method = households["elimination_method"]
    put("eliminated_by_method", eliminated)
    put("assisted_eliminated", eliminated & method.eq("assisted"))
    put("natural_eliminated", eliminated & method.eq("natural"))
    put("unrecorded_eliminated", eliminated & ~method.isin(["assisted", "natural"]))
    scope = monitored | proposed
    gap = households["uncovered"].map(len).gt(0)
    put("measures_scope", scope)
    put("measures_covered", scope & ~gap)
    put("households_with_gap", scope & gap)
    received = households["measures_received_codes"].map(len)
    figures["measures_in_place"] = int(received[scope].sum())
    figures["monitored_without_measure"] = int((monitored & received.eq(0)).sum())
    track = households.get("escaped_track")
    if track is not None and track.notna().any():  # the profile sorts 脱贫户 (from 2026)
        put("escaped_sorted", track.notna())
        for proposal in ("continue", "exit"):
            put(f"escaped_{proposal}", track.eq(proposal))
    return figures


def problem_figures(problems: pd.DataFrame, configured: Sequence[str]) -> dict[str, int]:
    """Errors and warnings of every input of the run, by input (``configured`` sources)."""
    figures: dict[str, int] = {}
    for severity, plural in (("error", "errors"), ("warning", "warnings")):
        chosen = problems.loc[problems["severity"].eq(severity)]
        figures[f"data_{plural}"] = len(chosen)
        for source in configured:
            figures[f"data_{plural}_{source}"] = int(chosen["source"].eq(source).sum())
    return figures


def configured_sources(extras: Extras) -> list[str]:
    sources = ["roster", "lists"]
    if extras.fund is not None:
        sources.append("fund")
    if extras.procedure is not None:
        sources.append("cases")
    return sources


# 概览 rows: (kind, figure key); a "part" belongs to the headline above it, and the
# parts of a headline add up to it. Optional parts appear only when not zero.
Row = tuple[str, str]


def overview_layout(figures: dict[str, Any], sources: Sequence[str]) -> list[Row]:
    """The rows of 概览, in order: sections, headlines and their parts, single figures."""
    rows: list[Row] = [("section", "all"), ("headline", "households")]
    rows += [("part", f"{s}_households") for s in STATUSES]
    rows += [("section", "monitored"), ("headline", "monitored_households")]
    rows += [("part", f"{c}_monitored") for c in CATEGORIES]
    rows += _optional(figures, "uncategorised_monitored")
    rows += [("headline", "monitored_by_tier")]
    rows += [("part", f"{t}_monitored") for t in TIERS] + _optional(figures, "unrated_monitored")
    rows += [("headline", "monitored_by_elimination")]
    rows += [("part", f"elimination_{e}") for e in ELIMINATION]
    rows += _optional(figures, "elimination_unassessed")
    rows += [("section", "proposed"), ("headline", "proposed_households")]
    rows += [("part", f"{c}_proposed") for c in CATEGORIES]
    rows += [("headline", "proposed_by_tier")]
    rows += [("part", f"{t}_proposed") for t in TIERS] + _optional(figures, "unrated_proposed")
    rows += [("section", "eliminated"), ("headline", "eliminated_by_method")]
    rows += [("part", "assisted_eliminated"), ("part", "natural_eliminated")]
    rows += _optional(figures, "unrecorded_eliminated")
    if "escaped_sorted" in figures:
        rows += [("section", "escaped"), ("headline", "escaped_sorted")]
        rows += [("part", "escaped_continue"), ("part", "escaped_exit")]
    rows += [("section", "measures"), ("headline", "measures_scope")]
    rows += [("part", "measures_covered"), ("part", "households_with_gap")]
    rows += [("single", "measures_in_place"), ("single", "monitored_without_measure")]
    rows += [("section", "audit"), ("headline", "findings")]
    rows += [("part", "findings_errors"), ("part", "findings_warnings")]
    rows += [("single", "should_monitor")]
    rows += warn_overview_rows(figures)
    if "fund_balance" in figures:
        rows += [("section", "fund")]
        rows += [("single", k) for k in ("fund_paid_in", "fund_paid_out", "fund_balance")]
        rows += [("single", "fund_households_helped")]
    if "cases" in figures:
        rows += [("section", "procedure"), ("headline", "cases")]
        rows += [("part", "cases_approved"), ("part", "cases_open"), ("single", "cases_overdue")]
    rows += [("section", "problems")]
    for plural in ("errors", "warnings"):
        rows += [("headline", f"data_{plural}")]
        rows += [("part", f"data_{plural}_{s}") for s in sources]
    rows += [("single", "unassessed_households")]
    return rows


def _optional(figures: dict[str, Any], key: str) -> list[Row]:
    return [("part", key)] if figures.get(key) else []


def write_report(
    target: Path,
    result: Classification,
    extras: Extras,
    figures: dict[str, Any],
    changes: pd.DataFrame,
    previous: Path | None,
    meta: dict[str, Any],
    county_name: str,
    now: datetime,
) -> None:
    """The county workbook, written atomically to ``target``."""
    sheets = _sheets(result, extras, figures, changes, previous, meta, county_name, now)
    parameters = result.parameters
    with print_context(county_name, parameters.as_of.isoformat(), None, parameters.lang):
        write_workbook(target, sheets)


def _sheets(
    result: Classification,
    extras: Extras,
    figures: dict[str, Any],
    changes: pd.DataFrame,
    previous: Path | None,
    meta: dict[str, Any],
    county_name: str,
    now: datetime,
) -> list[tuple[str, SheetWriter]]:
    parameters = result.parameters
    lang = parameters.lang
    listed = result.listed()

    def name(key: str) -> str:
        return labels.label(labels.SHEETS, key, lang)

    era = parameters.profile.terminology

    def title(key: str) -> str:
        return labels.in_era(sheet_title(key, lang, county_name), era)

    note = labels.label(labels.CHANGE_NOTES, "first" if previous is None else "none", lang)
    problems = extras.problems(result.issues)
    return [
        (name("overview"), _overview(result, figures, configured_sources(extras), county_name)),
        (
            labels.term("households_sheet", era, lang),
            households_view(listed, parameters).sheet(title("households")),
        ),
        (name("measures"), measures_view(listed, parameters).sheet(title("measures"))),
        (name("elimination"), elimination_view(listed, parameters).sheet(title("elimination"))),
        *escaped_track_sheets(result, county_name),
        (
            name("findings"),
            _findings(extras.audit, lang, result.households).sheet(title("findings")),
        ),
        *_optional_sheets(extras, lang, title),
        (name("changes"), changes_view(changes, lang, note).sheet(title("changes"))),
        *([report_sheet(extras.warn, county_name, era)] if extras.warn is not None else []),
        (
            name("problems"),
            _problems(problems, lang, own_kinds(parameters.profile)).sheet(title("problems")),
        ),
        (name("about"), _about(result, meta, now).sheet(title("about"))),
    ]


def _print_view(frame: pd.DataFrame, keys: Sequence[str], lang: Lang) -> list[str]:
    """The columns of a campaign's table (labels.REPORT_PRINT_COLUMNS keys) that it has."""
    wanted = [labels.label(labels.REPORT_PRINT_COLUMNS, k, lang) for k in keys]
    return [c for c in wanted if c in frame.columns]


def _findings(audit: AuditResult, lang: Lang, households: pd.DataFrame) -> LabelledTable:
    """The audit's findings, by township and village in administrative-code order."""
    frame = findings_table(audit, flat=True)
    places = (column_label("township", lang), column_label("village", lang))
    frame = sort_by_place(frame, households, columns=places)
    keys = ["finding", "severity", "township", "village", "household_id", "head", "evidence"]
    keys += ["action", "cadre"]
    text = {k: labels.label(labels.REPORT_PRINT_COLUMNS, k, lang) for k in ("evidence", "action")}
    widths = {text["evidence"]: 40.0, text["action"]: 26.0}
    finding = labels.label(labels.REPORT_PRINT_COLUMNS, "finding", lang)
    narrow = [text["evidence"], text["action"], finding, *places]  # place names may wrap
    return LabelledTable(frame, _print_view(frame, keys, lang), widths=widths, narrow=narrow)


def _optional_sheets(extras: Extras, lang: Lang, title: Any) -> list[tuple[str, SheetWriter]]:
    sheets: list[tuple[str, SheetWriter]] = []
    if extras.audit is not None and not extras.audit.income_basis.empty:  # 民政 list (§11)
        name = labels.label(labels.AUDIT_SHEETS, "income_basis", lang)
        sheets.append((name, income_basis_sheet(extras.audit, title("income_basis"))))
    if extras.fund is not None:
        fund = extras.fund
        entries = entries_table(fund.entries, fund.issues, fund.lang, "decimal", fund.era)
        money = {c: YUAN for c in entries.columns if "元" in str(c) or "yuan" in str(c)}
        keys = ["date", "kind", "township", "village", "household_id", "payee_name", "cause"]
        keys += ["amount", "balance", "problems"]
        wanted = [labels.label(labels.FUND_ENTRY_COLUMNS, k, lang) for k in keys]
        problems = labels.label(labels.FUND_ENTRY_COLUMNS, "problems", lang)
        printed = [c for c in wanted if c in entries.columns]
        cause = labels.label(labels.FUND_ENTRY_COLUMNS, "cause", lang)
        table = LabelledTable(entries, printed, money, {problems: 40}, [problems, cause])
        sheets.append((labels.label(labels.SHEETS, "fund", lang), table.sheet(title("fund"))))
    if extras.procedure is not None:
        cases = cases_table(extras.procedure, as_dates=True)
        headers = {f.name: f.header if lang == "zh" else f.label_en for f in schema.CASES.fields}
        keys = ["household_id", "head_name", "township", "village", "kind", "lead_date"]
        steps = ["current_step", "days_elapsed", "approval_due", "overdue", "case_findings"]
        printed = [headers[k] for k in keys] + _print_view(cases, steps, lang)
        dates = {c: DAY for c in cases.columns if "日期" in str(c) or "date" in str(c)}
        found = _print_view(cases, ["case_findings"], lang)
        table = LabelledTable(
            cases, [c for c in printed if c in cases.columns], dates, narrow=found
        )
        sheets.append(
            (labels.label(labels.SHEETS, "procedure", lang), table.sheet(title("procedure")))
        )
    return sheets


def _problems(
    problems: pd.DataFrame, lang: Lang, kinds: dict[str, tuple[str, str]]
) -> LabelledTable:
    """Every problem of every input of the run, with the input it came from."""
    sources = [
        labels.label(labels.ISSUE_SOURCES, "list" if s == "lists" else s, lang).format(
            list=labels.label(labels.DEPARTMENT_LISTS, k, lang) if isinstance(k, str) else ""
        )
        for s, k in zip(problems["source"], problems["list"], strict=True)
    ]
    return problems_view(
        problems[list(ISSUE_COLUMNS)],
        lang,
        sources=pd.Series(sources, dtype=object),
        files=problems["file"],
        kinds=kinds,
    )


def _about(result: Classification, meta: dict[str, Any], now: datetime) -> LabelledTable:
    parameters = result.parameters
    profile = parameters.profile
    lang = parameters.lang

    def item(key: str) -> str:
        return labels.label(labels.PARAMETERS, key, lang)

    rows: list[tuple[str, Any]] = [
        (item("profile"), profile.name),
        (item("profile_version"), profile.version),
        (item("profile_hash"), profile.hash),
        (item("year"), parameters.year),
        (item("line"), parameters.line),
        (item("line_source"), labels.line_source(*profile.line_origin(parameters.year), lang)),
        (item("terminology"), labels.label(labels.TERMINOLOGY, profile.terminology, lang)),
        (item("as_of"), parameters.as_of),
        (item("fanpin_version"), __version__),
        (item("generated"), now.replace(microsecond=0)),
        *input_rows(meta["inputs"], lang),
    ]
    return item_view(rows, lang)


def _overview(
    result: Classification, figures: dict[str, Any], sources: Sequence[str], county_name: str
) -> SheetWriter:
    parameters = result.parameters
    lang = parameters.lang
    households = result.households
    era = parameters.profile.terminology

    def text(key: str, **values: Any) -> str:
        return labels.label(labels.OVERVIEW_TEXTS, key, lang).format(**values)

    def fill(sheet: Worksheet) -> None:
        title = labels.term("report_title", era, lang).format(county=county_name)
        sheet["A1"] = title
        sheet["A1"].font = TITLE_FONT
        sheet["A2"] = text(
            "subtitle",
            as_of=parameters.as_of.isoformat(),
            year=parameters.year,
            line=parameters.line,
        )
        sheet["A2"].font = Font(name=CJK_FONT, italic=True)
        header = 4
        headers = [labels.label(labels.OVERVIEW_COLUMNS, k, lang) for k in labels.OVERVIEW_COLUMNS]
        for column, value in enumerate(headers, start=1):
            sheet.cell(header, column, value)
        row = _figure_rows(sheet, header + 1, figures, sources, lang, parameters)
        print_ready(
            sheet,
            headers,
            header_row=header,
            widths=dict(zip(headers, (33.0, 13.0, 9.0, 43.0), strict=True)),
            title=title,
            empty=False,
            list_sheet=False,
        )
        end = _charts(sheet, households, figures, lang, start_row=row + 1, era=era)
        sheet.print_area = f"A1:D{max(end, sheet.max_row)}"  # every chart on a page

    return StreamedSheet(fill, replayed=True)  # a short page: laid out, then streamed


def _figure_rows(
    sheet: Worksheet,
    row: int,
    figures: dict[str, Any],
    sources: Sequence[str],
    lang: Lang,
    parameters: Any,
) -> int:
    """Write 概览's rows from ``row``, in the profile's era's words; return the row after
    the last."""
    sections = 0
    note_values = {"watch_margin": parameters.profile.category.watch_margin}
    era = parameters.profile.terminology
    words = labels.report_figures(era)

    def label(table: labels.Labels, key: str) -> str:
        return labels.in_era(labels.label(table, key, lang), era)

    for kind, key in overview_layout(figures, sources):
        if kind == "section":
            heading = label(labels.REPORT_SECTIONS, key)
            number = labels.SECTION_NUMBERS[sections]
            sections += 1
            template = labels.label(labels.REPORT_SECTION_HEADING, "heading", lang)
            cell = sheet.cell(row, 1, template.format(number=number, heading=heading))
            cell.font = Font(name=CJK_FONT, bold=True)
            row += 1
            continue
        name = label(words, key)
        if kind == "part":
            name = labels.label(labels.OVERVIEW_TEXTS, "part_of", lang).format(label=name)
        sheet.cell(row, 1, name).font = Font(name=CJK_FONT, bold=kind == "headline")
        value = sheet.cell(row, 2, figures.get(key, 0))
        money = key.startswith("fund_") and key != "fund_households_helped"
        value.number_format = YUAN if money else "#,##0"
        if f"{key}_people" in figures:
            sheet.cell(row, 3, figures[f"{key}_people"]).number_format = "#,##0"
        if key in labels.REPORT_FIGURE_NOTES:
            note = label(labels.REPORT_FIGURE_NOTES, key).format(**note_values)
            cell = sheet.cell(row, 4, note)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    return row


# Heights on paper, for page breaks between the charts of 概览 (cm).
_PAGE_HEIGHT = 25.0
_ROW_HEIGHT = 0.53
_CHART_HEIGHT = 7.5


def _charts(
    sheet: Worksheet,
    households: pd.DataFrame,
    figures: dict[str, Any],
    lang: Lang,
    start_row: int,
    era: labels.Era = "2021",
) -> int:
    """Three charts on the pages after the figures, each under the table of its numbers:
    monitored households by township and tier, by category, by elimination assessment.
    The tables' totals are 概览's figures. Return the row below the last chart."""

    def text(key: str) -> str:
        return labels.in_era(labels.label(labels.OVERVIEW_TEXTS, key, lang), era)

    total_word = labels.label(labels.PRINT_TEXTS, "total", lang)
    monitored = households.loc[households["status"].eq("monitored")]
    order = township_order(households)
    tiers = [*TIERS, "unrated"] if figures["unrated_monitored"] else list(TIERS)
    rated = monitored["tier"].where(monitored["tier"].isin(TIERS), "unrated")
    counts = pd.crosstab(monitored["township"].fillna(""), rated)
    counts = counts.reindex(index=[*order, ""], columns=tiers, fill_value=0)
    counts = counts.loc[counts.sum(axis=1).gt(0)]
    tier_names = [labels.label(labels.REPORT_FIGURES, f"{t}_proposed", lang) for t in TIERS]
    if "unrated" in tiers:
        tier_names.append(labels.label(labels.OVERVIEW_TEXTS, "unassessed", lang))
    township_rows = [[str(t), *(int(v) for v in values)] for t, values in counts.iterrows()]
    blocks = [
        (
            text("tier_chart"),
            [text("township"), *tier_names],
            township_rows,
            [total_word, *(figures[f"{t}_monitored"] for t in tiers)],
            "bar",
        ),
        (
            text("category_chart"),
            [text("category"), text("households")],
            [
                [labels.label(labels.CATEGORY, c, lang), figures[f"{c}_monitored"]]
                for c in CATEGORIES
            ],
            [total_word, figures["monitored_households"]],
            "pie",
        ),
        (
            text("elimination_chart"),
            [text("assessment"), text("households")],
            [
                [
                    labels.label(labels.REPORT_FIGURES, f"elimination_{e}", lang),
                    figures[f"elimination_{e}"],
                ]
                for e in ELIMINATION
            ],
            [total_word, figures["monitored_by_elimination"]],
            "column",
        ),
    ]
    row = start_row
    used = _PAGE_HEIGHT  # the figures fill the first page: the charts start a new one
    for title, header, rows, total, kind in blocks:
        height = (len(rows) + 3) * _ROW_HEIGHT + _CHART_HEIGHT + 0.5
        if used + height > _PAGE_HEIGHT:
            sheet.row_breaks.append(Break(id=row - 1))
            used = 0.0
        used += height
        sheet.cell(row, 1, title).font = Font(name=CJK_FONT, bold=True)
        first = row + 1
        last = _data_block(sheet, first, header, rows, total)
        chart = _chart(sheet, kind, title, first, last - 2, len(header), lang)
        sheet.add_chart(chart, f"A{last + 1}")
        row = last + int(_CHART_HEIGHT / _ROW_HEIGHT) + 2
    return row


def _chart(
    sheet: Worksheet,
    kind: str,
    title: str,
    header_row: int,
    last_row: int,
    columns: int,
    lang: Lang,
) -> BarChart | PieChart:
    """A chart of the block from ``header_row`` (series names) to ``last_row`` (no total)."""
    data = Reference(sheet, min_col=2, max_col=columns, min_row=header_row, max_row=last_row)
    categories = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row)
    chart: BarChart | PieChart
    if kind == "pie":
        chart = PieChart()
    else:
        chart = BarChart()
        chart.type = "col"
        if kind == "bar":
            chart.grouping = "stacked"
            chart.overlap = 100
        else:
            chart.legend = None
        chart.y_axis.title = labels.label(labels.OVERVIEW_TEXTS, "households", lang)
        chart.y_axis.delete = False
        chart.x_axis.delete = False
    chart.title = title
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    if kind == "bar":
        for series, colour in zip(chart.series, _TIER_COLOURS, strict=False):
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
    else:
        chart.dataLabels = DataLabelList(
            showVal=True, showSerName=False, showCatName=False, showPercent=False
        )
        chart.dataLabels.showLegendKey = False
    chart.height, chart.width = _CHART_HEIGHT, 17.0
    return chart


_TIER_COLOURS = ("C00000", "F4B183", "A9D18E", "BFBFBF")  # high, medium, low, not rated


def _data_block(
    sheet: Worksheet, row: int, header: list[str], rows: list[list[Any]], total: list[Any]
) -> int:
    """A small table at ``row`` with its total; return the row after it."""
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row, column, text)
        cell.font = Font(name=CJK_FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for offset, values in enumerate([*rows, total], start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row + offset, column, value)
            cell.font = Font(name=CJK_FONT, bold=offset == len(rows) + 1)
    return row + len(rows) + 2
