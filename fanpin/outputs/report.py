"""The county workbook: what a county runs every night and sends to its superiors.

``write_report`` writes one styled workbook atomically from a classification
and the results the workspace adds (audit, fund, procedure): 概览 with key
figures and charts, the household sheets, 变化 and 说明. The run itself (the
lock, the archive, pruning old workbooks) is ``api.report``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import __version__, labels
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.procedure import ProcedureResult
from fanpin.io.issues import issue_counts
from fanpin.io.messages import Lang
from fanpin.outputs.audit import findings_table
from fanpin.outputs.classify import PERCENT, YUAN, escaped_track_sheets, issues_frame
from fanpin.outputs.fund import entries_table
from fanpin.outputs.procedure import cases_table
from fanpin.outputs.tables import (
    MONEY_COLUMNS,
    MONEY_COLUMNS_EN,
    elimination_table,
    households_table,
    measures_table,
)
from fanpin.outputs.write import CJK_FONT, SheetWriter, style_table, table_sheet, write_workbook
from fanpin.pipeline import Classification

TIERS = ("high", "medium", "low")


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
    other_errors: int = 0  # in the lists, ledger and cases: reported in their sheets


def report_name(as_of: date, county_name: str, lang: Lang) -> str:
    title = "监测报告" if lang == "zh" else "monitoring_report"
    return f"{as_of.isoformat()}_{county_name}_{title}.xlsx"


def prune_reports(folder: Path, county_name: str, lang: Lang, count: int, keep: Path) -> list[Path]:
    """Delete all but the newest ``count`` dated reports of a county (never ``keep``)."""
    pattern = report_name(date(1, 1, 1), county_name, lang).replace("0001-01-01", "*")
    reports = sorted(folder.glob(pattern))
    removed = [p for p in reports[:-count] if p.resolve() != keep.resolve()]
    for path in removed:
        path.unlink()
    return removed


@dataclass
class Extras:
    """The results a workspace's other inputs add: audit always, fund and cases if configured."""

    audit: AuditResult
    fund: FundResult | None
    procedure: ProcedureResult | None

    def figures(self) -> dict[str, Any]:
        findings = self.audit.findings
        figures: dict[str, Any] = {
            "findings": len(findings),
            "findings_errors": int(findings["severity"].eq("error").sum()),
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
                "cases_open": procedure.open,
                "cases_overdue": procedure.overdue,
            }
        return figures

    def errors(self) -> int:
        """Data errors in the other inputs (lists, ledger, cases), for the exit code."""
        lists = self.audit.issues.loc[self.audit.issues["kind"].ne("roster")]
        count = int(lists["severity"].eq("error").sum())
        if self.fund is not None:
            count += issue_counts(self.fund.issues)["errors"]
        if self.procedure is not None:
            count += self.procedure.summary.data_errors
        return count


def overview_figures(summary: dict[str, Any]) -> dict[str, Any]:
    """The key figures of 概览, from the classification summary (one source for both)."""

    def count(group: str, key: str, what: str) -> int:
        return int(summary[group].get(key, {}).get(what, 0))

    figures: dict[str, Any] = {
        "households": summary["households"],
        "people": summary["people"],
        "monitored_households": count("by_status", "monitored", "households"),
        "monitored_people": count("by_status", "monitored", "people"),
        "proposed_households": count("by_status", "proposed", "households"),
        "proposed_people": count("by_status", "proposed", "people"),
        "watch_households": count("by_status", "watch", "households"),
        "eliminated_households": count("by_status", "eliminated", "households"),
        "eliminated_people": count("by_status", "eliminated", "people"),
    }
    for code in labels.CATEGORY:
        figures[f"{code}_households"] = count("by_category", code, "households")
        figures[f"{code}_people"] = count("by_category", code, "people")
    for tier in TIERS:
        figures[f"{tier}_households"] = count("by_tier", tier, "households")
        figures[f"{tier}_people"] = count("by_tier", tier, "people")
    elimination = summary["elimination"]
    for status in ("eligible", "not_yet", "safety_net"):
        figures[f"elimination_{status}"] = int(elimination.get(status, 0))
    measures = summary["measures"]
    figures["measures_in_place"] = measures["measures_in_place"]
    figures["households_with_gap"] = measures["households_with_gap"]
    figures["monitored_without_measure"] = measures["monitored_without_measure"]
    figures["unassessed_households"] = summary["unassessed"]["households"]
    figures["data_errors"] = summary["issues"]["errors"]
    figures["data_warnings"] = summary["issues"]["warnings"]
    if summary.get("escaped_track") is not None:  # the profile sorts 脱贫户 (from 2026)
        for proposal in ("continue", "exit"):
            figures[f"escaped_{proposal}"] = summary["escaped_track"][proposal]["households"]
    return figures


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
    zh = parameters.lang == "zh"
    listed = result.listed()
    money = MONEY_COLUMNS if zh else MONEY_COLUMNS_EN
    formats = {c: YUAN for c in money} | {("同比变化" if zh else "change on last year"): PERCENT}
    era = parameters.profile.terminology
    return [
        ("概览" if zh else "overview", _overview(result, figures, county_name)),
        (
            labels.term("households_sheet", era, parameters.lang),
            table_sheet(households_table(listed, parameters), number_formats=formats),
        ),
        ("帮扶措施" if zh else "measures", table_sheet(measures_table(listed, parameters))),
        (
            "风险消除" if zh else "elimination",
            table_sheet(elimination_table(listed, parameters), number_formats=formats),
        ),
        *escaped_track_sheets(result),
        ("排查发现" if zh else "findings", table_sheet(findings_table(extras.audit, flat=True))),
        *_optional_sheets(extras, zh),
        ("变化" if zh else "changes", table_sheet(_changes_table(changes, previous, zh))),
        (
            "数据问题" if zh else "problems",
            table_sheet(issues_frame(result.issues, parameters.lang)),
        ),
        ("说明" if zh else "about", _about(result, meta, now)),
    ]


def _optional_sheets(extras: Extras, zh: bool) -> list[tuple[str, SheetWriter]]:
    sheets: list[tuple[str, SheetWriter]] = []
    if extras.fund is not None:
        fund = extras.fund
        entries = entries_table(fund.entries, fund.issues, fund.lang, "decimal")
        money = {c: YUAN for c in entries.columns if "元" in str(c) or "yuan" in str(c)}
        sheets.append(
            ("防贫基金" if zh else "relief fund", table_sheet(entries, number_formats=money))
        )
    if extras.procedure is not None:
        sheets.append(("程序" if zh else "procedure", table_sheet(cases_table(extras.procedure))))
    return sheets


def _overview(result: Classification, figures: dict[str, Any], county_name: str) -> SheetWriter:
    parameters = result.parameters
    zh = parameters.lang == "zh"
    households = result.households

    era = parameters.profile.terminology

    def fill(sheet: Worksheet) -> None:
        title = labels.term("report_title", era, parameters.lang).format(county=county_name)
        sheet["A1"] = title
        sheet["A1"].font = Font(name=CJK_FONT, bold=True, size=16)
        sheet["A2"] = (
            f"评估日期 {parameters.as_of.isoformat()}　收入年度 {parameters.year}　"
            f"监测线 {parameters.line:,.0f} 元/人·年"
            if zh
            else f"as of {parameters.as_of.isoformat()}, income year {parameters.year}, "
            f"line {parameters.line:,.0f} yuan/person/year"
        )
        sheet["A2"].font = Font(name=CJK_FONT, italic=True)
        header = 4
        sheet.cell(header, 1, "指标" if zh else "figure")
        sheet.cell(header, 2, "数值" if zh else "value")
        row = header
        for key, (zh_label, en_label) in labels.report_figures(era).items():
            if key not in figures:
                continue  # an input the workspace does not configure (fund, cases)
            row += 1
            sheet.cell(row, 1, zh_label if zh else en_label).font = Font(name=CJK_FONT)
            money = key.startswith("fund_") and key != "fund_households_helped"
            sheet.cell(row, 2, figures[key]).number_format = YUAN if money else "#,##0"
        style_table(sheet, ["指标" if zh else "figure", "数值" if zh else "value"], {}, {}, header)
        sheet.auto_filter.ref = None
        sheet.print_title_rows = None  # the overview prints on one page, no repeated header
        sheet.page_setup.fitToHeight = 1
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 12
        _charts(sheet, households, zh, start_row=row + 3, era=era)

    return fill


def _charts(
    sheet: Worksheet, households: pd.DataFrame, zh: bool, start_row: int, era: labels.Era = "2021"
) -> None:
    """Chart data tables below the figures, and the charts beside them."""
    tier_names = [labels.TIER[t][0 if zh else 1] for t in TIERS]
    scoped = households.loc[households["tier"].notna()]
    by_township = (
        scoped.groupby(["township", "tier"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(TIERS), fill_value=0)
    )
    row = start_row
    row = _data_block(
        sheet,
        row,
        ["乡(镇)" if zh else "township", *tier_names],
        [[str(t), *(int(v) for v in values)] for t, values in by_township.iterrows()],
    )
    township_rows = (start_row, row - 1)
    bar = BarChart()
    bar.type = "col"
    bar.grouping = "stacked"
    bar.overlap = 100
    bar.title = "分乡镇监测户风险等级" if zh else "households by township and tier"
    bar.y_axis.title = "户" if zh else "households"
    bar.add_data(
        Reference(sheet, min_col=2, max_col=4, min_row=township_rows[0], max_row=township_rows[1]),
        titles_from_data=True,
    )
    bar.set_categories(
        Reference(sheet, min_col=1, min_row=township_rows[0] + 1, max_row=township_rows[1])
    )
    bar.height, bar.width = 9, 18
    sheet.add_chart(bar, "F4")

    active = households["status"].isin(["monitored", "proposed"])
    categories = households.loc[active, "category"].value_counts()
    category_start = row + 1
    row = _data_block(
        sheet,
        category_start,
        ["类别" if zh else "category", "户数" if zh else "households"],
        [[labels.CATEGORY[c][0 if zh else 1], int(categories.get(c, 0))] for c in labels.CATEGORY],
    )
    pie = PieChart()
    pie.title = labels.term("object_category", era, "zh") if zh else "categories"
    pie.add_data(
        Reference(sheet, min_col=2, min_row=category_start, max_row=row - 1), titles_from_data=True
    )
    pie.set_categories(Reference(sheet, min_col=1, min_row=category_start + 1, max_row=row - 1))
    pie.height, pie.width = 9, 12
    sheet.add_chart(pie, "F23")

    lang: Lang = "zh" if zh else "en"
    progress_start = row + 1
    statuses = households["status"].value_counts()
    eliminations = households["elimination_status"].value_counts()
    progress = [
        (labels.STATUS["monitored"][0 if zh else 1], int(statuses.get("monitored", 0))),
        (labels.STATUS["eliminated"][0 if zh else 1], int(statuses.get("eliminated", 0))),
        ("可消除" if zh else "eligible", int(eliminations.get("eligible", 0))),
        ("兜底保障" if zh else "safety net", int(eliminations.get("safety_net", 0))),
    ]
    row = _data_block(
        sheet,
        progress_start,
        [labels.term("elimination_overview", era, lang), "户数" if zh else "households"],
        [list(p) for p in progress],
    )
    progress_chart = BarChart()
    progress_chart.type = "bar"
    progress_chart.title = labels.term("elimination_overview", era, lang)
    progress_chart.add_data(
        Reference(sheet, min_col=2, min_row=progress_start, max_row=row - 1),
        titles_from_data=True,
    )
    progress_chart.set_categories(
        Reference(sheet, min_col=1, min_row=progress_start + 1, max_row=row - 1)
    )
    progress_chart.legend = None
    progress_chart.height, progress_chart.width = 9, 12
    sheet.add_chart(progress_chart, "M23")


def _data_block(sheet: Worksheet, row: int, header: list[str], rows: list[list[Any]]) -> int:
    """Write a small table at ``row``; return the row after it."""
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row, column, text)
        cell.font = Font(name=CJK_FONT, bold=True)
        cell.alignment = Alignment(horizontal="center")
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row + offset, column, value).font = Font(name=CJK_FONT)
    return row + len(rows) + 1


def _changes_table(changes: pd.DataFrame, previous: Path | None, zh: bool) -> pd.DataFrame:
    change_labels = labels.labeller(labels.CHANGES, "zh" if zh else "en")
    headers = (
        ["户编号", "乡(镇)", "行政村", "户主姓名", "变化", "之前", "之后"]
        if zh
        else ["household ID", "township", "village", "head", "change", "before", "after"]
    )
    if changes.empty:
        note = (
            ("无上期快照，本期为首次" if zh else "no earlier snapshot: this is the first run")
            if previous is None
            else ("与上期相比无变化" if zh else "no change since the previous snapshot")
        )
        return pd.DataFrame([[note, None, None, None, None, None, None]], columns=headers)
    table = changes[
        ["household_id", "township", "village", "head_name", "change", "before", "after"]
    ]
    values = {
        code: names[0 if zh else 1]
        for named in (labels.STATUS, labels.TIER, labels.CATEGORY)
        for code, names in named.items()
    }  # status, tier and category codes are distinct, so one map labels before and after

    def labelled(column: pd.Series) -> pd.Series:  # object: a blank stays None, not NaN
        return pd.Series([values.get(v, v) for v in column], index=column.index, dtype=object)

    table = table.assign(
        change=table["change"].map(change_labels),
        before=labelled(table["before"]),
        after=labelled(table["after"]),
    )
    table.columns = headers
    return table


def _about(result: Classification, meta: dict[str, Any], now: datetime) -> SheetWriter:
    parameters = result.parameters
    profile = parameters.profile
    zh = parameters.lang == "zh"
    rows: list[tuple[str, Any]] = [
        ("规则方案" if zh else "profile", profile.name),
        ("方案版本" if zh else "profile version", profile.version),
        ("方案校验值" if zh else "profile hash", profile.hash),
        ("收入年度" if zh else "income year", parameters.year),
        ("监测线(元/人·年)" if zh else "monitoring line", parameters.line),
        (
            labels.label(labels.RUN_FIELDS, "line_source", parameters.lang),
            labels.line_source(*profile.line_origin(parameters.year), parameters.lang),
        ),
        (
            labels.label(labels.RUN_FIELDS, "terminology", parameters.lang),
            labels.label(labels.TERMINOLOGY, profile.terminology, parameters.lang),
        ),
        ("评估日期" if zh else "as of", parameters.as_of.isoformat()),
        ("fanpin 版本" if zh else "fanpin version", __version__),
        ("生成时间" if zh else "generated", now.strftime("%Y-%m-%d %H:%M:%S")),
    ]
    for source in meta["inputs"]:
        rows.append(
            ("输入文件" if zh else "input file", f"{source['path']}  sha256 {source['sha256']}")
        )
    frame = pd.DataFrame(rows, columns=["项目", "内容"] if zh else ["item", "value"])
    return table_sheet(frame, widths={"项目": 22, "内容": 100, "item": 22, "value": 100})
