"""The relief-fund result as JSON, CSV (its entries) or a workbook: summary, entries,
breakdowns, problems and parameters, labelled in the run's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import labels
from fanpin.campaigns.fund.checks import FundResult, cause_label
from fanpin.campaigns.fund.ledger import CHECKPOINTS, UNKNOWN, money_display, money_text
from fanpin.campaigns.fund.summary import amount_of, plain
from fanpin.errors import FanpinError
from fanpin.io.messages import Lang
from fanpin.io.text import mask_personal
from fanpin.io.validate import mask_id
from fanpin.outputs.classify import YUAN, issues_frame
from fanpin.outputs.write import (
    CJK_FONT,
    frame_to_csv,
    json_text,
    style_table,
    table_sheet,
    write_text,
    write_workbook,
)


def entries_table(
    entries: pd.DataFrame, issues: pd.DataFrame, lang: Lang, money: Literal["decimal", "text"]
) -> pd.DataFrame:
    """Entries labelled for people: Chinese (or English) headers and values, IDs masked."""
    zh = lang == "zh"
    located = issues.loc[issues["row"].notna()]
    messages = located.groupby(located["row"].astype(int))["message"].agg(list).to_dict()

    def amount(values: pd.Series) -> list[object]:
        amounts = [amount_of(v) for v in values.tolist()]
        if money == "decimal":
            return list(amounts)
        return [money_text(a) for a in amounts]

    def day(values: pd.Series) -> list[str | None]:
        return [None if plain(v) is None else v.isoformat() for v in values.tolist()]

    def labelled(values: pd.Series, table: dict[str, tuple[str, str]]) -> pd.Series:
        return values.map(lambda v: labels.label(table, v, lang), na_action="ignore")

    yes, no = ("是", "否") if zh else ("yes", "no")
    columns: dict[str, object] = {
        "row": entries["row"].astype("Int64"),
        "date": day(entries["date"]),
        "kind": labelled(entries["kind"], labels.FUND_ENTRY_TYPES),
        "township": entries["township"],
        "village": entries["village"],
        "household_id": entries["household_id"],
        "payee_name": entries["payee_name"],
        "payee_id": entries["payee_id"].map(lambda v: mask_id(str(v)), na_action="ignore"),
        "cause": entries["cause"].map(lambda c: cause_label(c, zh), na_action="ignore"),
        "amount": amount(entries["fen"]),
        "event_ref": entries["event_ref"],
    }
    for checkpoint in CHECKPOINTS:
        columns[f"{checkpoint}_result"] = labelled(
            entries[f"{checkpoint}_result"], labels.FUND_CHECK_RESULTS
        )
        columns[f"{checkpoint}_date"] = day(entries[f"{checkpoint}_date"])
    columns |= {
        "approver": entries["approver"],
        "roster_status": labelled(entries["roster_status"], labels.FUND_ROSTER_STATUS),
        "counted": entries["counted"].map(lambda c: yes if c else no),
        "balance": amount(entries["balance_fen"]),
        "problems": entries["row"].map(
            lambda r: "；".join(messages.get(int(r), [])) if plain(r) is not None else ""
        ),
        # 备注 is free text: an ID, bank card or phone typed into it is masked.
        "note": entries["note"].map(lambda v: mask_personal(str(v)), na_action="ignore"),
    }
    frame = pd.DataFrame(
        {k: (v.tolist() if isinstance(v, pd.Series) else v) for k, v in columns.items()}
    )
    frame.columns = [labels.FUND_ENTRY_COLUMNS[k][0 if zh else 1] for k in columns]
    return frame.astype(object).where(frame.notna(), None)


def breakdown_table(result: FundResult, key: Literal["cause", "township", "month"]) -> pd.DataFrame:
    """One of the summary's breakdowns as a labelled table, with a total row."""
    zh = result.lang == "zh"
    summary = result.summary
    total_label = "合计" if zh else "total"
    unknown = "(未知)" if zh else "(unknown)"
    if key == "month":
        rows = [
            {
                ("月份" if zh else "month"): month,
                ("支出笔数" if zh else "payments"): figures["payments"],
                ("支出(元)" if zh else "paid (yuan)"): Decimal(figures["paid"]),
                ("注资(元)" if zh else "paid in (yuan)"): Decimal(figures["paid_in"]),
                ("月末余额(元)" if zh else "closing balance (yuan)"): Decimal(
                    figures["closing_balance"]
                ),
            }
            for month, figures in summary["by_month"].items()
        ]
        return pd.DataFrame(rows)
    groups = summary["by_cause" if key == "cause" else "by_township"]
    name = ("救助原因" if zh else "cause") if key == "cause" else ("乡(镇)" if zh else "township")
    rows = []
    for code, figures in groups.items():
        shown = unknown if code == UNKNOWN else (cause_label(code, zh) if key == "cause" else code)
        row: dict[str, object] = {
            name: shown,
            ("支出笔数" if zh else "payments"): figures["payments"],
            ("救助户数" if zh else "households"): figures["households"],
        }
        if "people" in figures:
            row["救助人数" if zh else "people"] = figures["people"]
        row["金额(元)" if zh else "amount (yuan)"] = Decimal(figures["amount"])
        rows.append(row)
    total: dict[str, object] = {name: total_label}
    total["支出笔数" if zh else "payments"] = summary["payments"]
    total["救助户数" if zh else "households"] = summary["households_helped"]
    if key == "township":
        total["救助人数" if zh else "people"] = summary["people_helped"]
    total["金额(元)" if zh else "amount (yuan)"] = Decimal(summary["total_paid"])
    return pd.DataFrame([*rows, total])


def summary_rows(result: FundResult) -> list[tuple[str, object]]:
    """The key figures as (label, value) pairs; money values are Decimals."""
    zh = result.lang == "zh"
    s = result.summary
    rows: list[tuple[str, object]] = [
        ("截止日期" if zh else "as of", s["as_of"]),
        ("注资合计(元)" if zh else "paid in (yuan)", Decimal(s["total_tranches"])),
        ("支出合计(元)" if zh else "paid out (yuan)", Decimal(s["total_paid"])),
        ("基金余额(元)" if zh else "balance (yuan)", Decimal(s["balance"])),
        ("支出笔数" if zh else "payments", s["payments"]),
        ("救助户数" if zh else "households helped", s["households_helped"]),
        ("救助人数" if zh else "people helped", s["people_helped"]),
        ("注资来源" if zh else "tranches from", _tranche_source_label(s["tranche_source"], zh)),
        (
            "有错误的支出(笔)" if zh else "payments with errors",
            s["paid_with_errors"]["payments"],
        ),
        (
            "有错误的支出(元)" if zh else "amount paid with errors (yuan)",
            Decimal(s["paid_with_errors"]["amount"]),
        ),
        ("未计入余额的行" if zh else "rows not counted", s["not_counted"]["rows"]),
        ("错误" if zh else "errors", s["issues"]["errors"]),
        ("警告" if zh else "warnings", s["issues"]["warnings"]),
    ]
    if s["lowest_balance"] is not None:
        low = s["lowest_balance"]
        rows.append(
            (
                f"最低余额(元，{low['date']})" if zh else f"lowest balance (yuan, {low['date']})",
                Decimal(low["amount"]),
            )
        )
    for episode in s["negative_balance"]:
        restored = episode["restored_on"] or ("未恢复" if zh else "not restored")
        shown = money_display(Decimal(episode["balance"]))
        rows.append(
            (
                "余额为负" if zh else "balance below zero",
                f"{episode['date']}（第 {episode['row']} 行，{shown}；恢复：{restored}）"
                if zh
                else f"{episode['date']} (row {episode['row']}, {shown}; restored: {restored})",
            )
        )
    return rows


def _tranche_source_label(source: str, zh: bool) -> str:
    sources = {
        "ledger": ("台账注资行", "the ledger's 注资 rows"),
        "profile": ("规则方案 fund.tranches", "the profile's fund.tranches"),
        "none": ("无注资记录", "no tranche recorded"),
    }
    return labels.label(sources, source, "zh" if zh else "en")


def parameters_rows(result: FundResult) -> list[tuple[str, str]]:
    """What produced the result: profile, fund settings, inputs, versions."""
    zh = result.lang == "zh"
    meta = result.meta
    settings = result.settings
    profile = meta.profile or {}
    rows: list[tuple[str, str]] = [
        (
            "规则方案" if zh else "profile",
            f"{profile.get('name')} {profile.get('version')} ({profile.get('hash')})",
        ),
        ("截止日期" if zh else "as of", str(meta.as_of)),
        ("年度" if zh else "year", str(meta.year)),
        (
            "救助原因" if zh else "causes paid",
            "、".join(cause_label(c, zh) for c in settings.causes),
        ),
    ]
    for cause, cap in settings.caps.items():
        rows.append(
            (f"{'单笔上限' if zh else 'cap'}: {cause_label(cause, zh)}", money_display(cap))
        )
    for cause, standard in settings.standards.items():
        rows.append(
            (
                f"{'救助标准' if zh else 'standard'}: {cause_label(cause, zh)}",
                money_display(standard),
            )
        )
    if settings.yearly_cap is not None:
        rows.append(
            (
                "每户年度上限" if zh else "yearly cap per household",
                money_display(settings.yearly_cap),
            )
        )
    for when, amount in sorted(settings.tranches.items()):
        rows.append(
            (f"{'方案注资' if zh else 'profile tranche'} {when.isoformat()}", money_display(amount))
        )
    rows.append(("fanpin 版本" if zh else "fanpin version", meta.fanpin_version))
    for source in meta.inputs:
        rows.append(("输入文件" if zh else "input file", f"{source.path} sha256 {source.sha256}"))
    return rows


def _summary_sheet(
    title: str, rows: Sequence[tuple[str, object]], lang: Lang
) -> Callable[[Worksheet], None]:
    def fill(sheet: Worksheet) -> None:
        sheet.cell(row=1, column=1, value=title).font = Font(name=CJK_FONT, bold=True, size=14)
        header = ["项目", "值"] if lang == "zh" else ["item", "value"]
        for column, text in enumerate(header, start=1):
            sheet.cell(row=3, column=column, value=text)
        for offset, (label, value) in enumerate(rows):
            sheet.cell(row=4 + offset, column=1, value=label)
            cell = sheet.cell(row=4 + offset, column=2, value=value)
            if isinstance(value, Decimal):
                cell.number_format = YUAN
            cell.alignment = Alignment(
                horizontal="right" if isinstance(value, Decimal | int) else "left"
            )
        style_table(sheet, header, {header[0]: 30, header[1]: 50}, {}, header_row=3)

    return fill


def export_fund(
    result: FundResult, fmt: Literal["json", "csv", "xlsx"], path: Path | None
) -> str | None:
    """JSON (the library result), CSV (the checked entries) or a workbook; text when no path."""
    lang = result.lang
    zh = lang == "zh"
    if fmt == "json":
        text = json_text(result.to_dict())
        if path is None:
            return text
        write_text(path, text)
        return None
    if fmt == "csv":
        text = frame_to_csv(entries_table(result.entries, result.issues, lang, "text"))
        if path is None:
            return text
        write_text(path, text, encoding="utf-8-sig")
        return None
    if path is None:
        raise FanpinError("fund as xlsx needs an output file: add -o NAME.xlsx")
    entries = entries_table(result.entries, result.issues, lang, "decimal")
    money = {c: YUAN for c in entries.columns if "(元)" in str(c) or "(yuan)" in str(c)}
    title = (
        f"防贫帮扶基金收支情况（截至 {result.summary['as_of']}）"
        if zh
        else f"Relief fund as of {result.summary['as_of']}"
    )

    def breakdown(key: Literal["cause", "township", "month"]) -> Callable[[Worksheet], None]:
        table = breakdown_table(result, key)
        formats = {c: YUAN for c in table.columns if "(元)" in str(c) or "(yuan)" in str(c)}
        return table_sheet(table, number_formats=formats)

    params = pd.DataFrame(
        parameters_rows(result), columns=["项目", "值"] if zh else ["item", "value"]
    )
    sheets = [
        ("汇总" if zh else "summary", _summary_sheet(title, summary_rows(result), lang)),
        ("收支明细" if zh else "entries", table_sheet(entries, number_formats=money)),
        ("按救助原因" if zh else "by cause", breakdown("cause")),
        ("按乡镇" if zh else "by township", breakdown("township")),
        ("按月份" if zh else "by month", breakdown("month")),
        ("数据问题" if zh else "problems", table_sheet(issues_frame(result.issues, lang))),
        (
            "参数" if zh else "parameters",
            table_sheet(params, widths={"项目": 28, "值": 90, "item": 28, "value": 90}),
        ),
    ]
    write_workbook(path, sheets)
    return None
