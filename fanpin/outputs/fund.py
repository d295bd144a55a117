"""The relief-fund result as JSON, CSV (its entries) or a workbook: summary, entries,
breakdowns, problems and parameters, labelled in the run's language, readable on A4."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import labels
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.fund.ledger import CHECKPOINTS, UNKNOWN, money_display, money_text
from fanpin.campaigns.fund.summary import amount_of, plain
from fanpin.errors import FanpinError
from fanpin.io.messages import Lang
from fanpin.io.text import mask_personal
from fanpin.io.validate import mask_id
from fanpin.outputs.paper import parameters_sheet, problem_text, within_budget
from fanpin.outputs.tables import DAY, YUAN, LabelledTable, input_rows, problems_view
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    print_ready,
    table_sheet,
    write_text,
    write_workbook,
)

Breakdown = Literal["cause", "township", "month"]

# The entries as they print: when, where, who, why, how much, and what is wrong (the
# running balance, checkpoints, payee ID and the rest stay on screen).
ENTRY_PRINT_COLUMNS = (
    "row",
    "date",
    "kind",
    "township",
    "village",
    "household_id",
    "payee_name",
    "cause",
    "amount",
    "problems",
)
ENTRY_WRAP = {"problems": 40.0, "note": 24.0}
ENTRY_DATES = ("date", *(f"{c}_date" for c in CHECKPOINTS))


def entries_table(
    entries: pd.DataFrame,
    issues: pd.DataFrame,
    lang: Lang,
    money: Literal["decimal", "text"],
    era: labels.Era = "2021",
) -> pd.DataFrame:
    """Entries labelled for people: Chinese (or English) headers and values, IDs masked;
    the payee's roster status in the profile's era (2026: 防止返贫致贫对象).

    ``money="decimal"`` (for Excel) gives amounts as Decimals and dates as dates;
    ``"text"`` (for CSV) gives "0.00" amounts and ISO dates.
    """
    statuses = labels.era_labeller(labels.FUND_ROSTER_STATUS, lang, era)
    yes_no = labels.labeller(labels.YES_NO, lang)
    clauses = labels.label(labels.LIST_SEPARATOR, "clauses", lang)
    located = issues.loc[issues["row"].notna()]
    messages = located.groupby(located["row"].astype(int))["message"].agg(list).to_dict()

    def amount(values: pd.Series) -> list[object]:
        amounts = [amount_of(v) for v in values.tolist()]
        if money == "decimal":
            return list(amounts)
        return [money_text(a) for a in amounts]

    def day(values: pd.Series) -> list[object]:
        days = [None if plain(v) is None else v for v in values.tolist()]
        return days if money == "decimal" else [d and d.isoformat() for d in days]

    def labelled(values: pd.Series, table: labels.Labels) -> pd.Series:
        return values.map(lambda v: labels.label(table, v, lang), na_action="ignore")

    columns: dict[str, object] = {
        "row": entries["row"].astype("Int64"),
        "date": day(entries["date"]),
        "kind": labelled(entries["kind"], labels.FUND_ENTRY_TYPES),
        "township": entries["township"],
        "village": entries["village"],
        "household_id": entries["household_id"],
        "payee_name": entries["payee_name"],
        "payee_id": entries["payee_id"].map(lambda v: mask_id(str(v)), na_action="ignore"),
        "cause": labelled(entries["cause"], labels.FUND_CAUSES),
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
        "roster_status": entries["roster_status"].map(statuses, na_action="ignore"),
        "counted": entries["counted"].map(lambda c: yes_no["yes" if c else "no"]),
        "balance": amount(entries["balance_fen"]),
        "problems": entries["row"].map(
            lambda r: clauses.join(messages.get(int(r), [])) if plain(r) is not None else ""
        ),
        # 备注 is free text: an ID, bank card or phone typed into it is masked.
        "note": entries["note"].map(lambda v: mask_personal(str(v)), na_action="ignore"),
    }
    frame = pd.DataFrame(
        {k: (v.tolist() if isinstance(v, pd.Series) else v) for k, v in columns.items()}
    )
    frame.columns = [labels.label(labels.FUND_ENTRY_COLUMNS, k, lang) for k in columns]
    return frame.astype(object).where(frame.notna(), None)


def entries_sheet(result: FundResult) -> SheetWriter:
    """The entries as a sheet for people: real dates, amounts as money, the print view
    of ENTRY_PRINT_COLUMNS with the 问题 column wrapped, never cut off.

    The fund workbook's 收支明细 (the county report prints ``entries_table`` its way)."""
    lang = result.lang
    header = labels.labeller(labels.FUND_ENTRY_COLUMNS, lang)
    entries = entries_table(result.entries, result.issues, lang, "decimal", result.era)
    formats = {header["amount"]: YUAN, header["balance"]: YUAN}
    formats |= {header[name]: DAY for name in ENTRY_DATES}
    wrapped = {header[name]: width for name, width in ENTRY_WRAP.items()}
    sheet = table_sheet(
        entries,
        widths=wrapped,
        number_formats=formats,
        print_columns=[header[name] for name in ENTRY_PRINT_COLUMNS],
        wrap=list(wrapped),
    )
    return within_budget(sheet, [header[k] for k in ("cause", "payee_name", "village")])


def breakdown_table(result: FundResult, key: Breakdown) -> pd.DataFrame:
    """One of the summary's breakdowns as a labelled table; causes and townships end
    with a total row. Townships in administrative-code order."""
    lang = result.lang
    column = labels.labeller(labels.FUND_BREAKDOWN_COLUMNS, lang)
    unknown = labels.label(labels.CAMPAIGN_WORDS, "unknown", lang)
    total_word = labels.label(labels.PRINT_TEXTS, "total", lang)
    summary = result.summary
    if key == "month":
        names = ("payments", "paid", "paid_in", "closing_balance")
        rows = [
            {
                column["month"]: month,
                **{
                    column[name]: figures[name] if name == "payments" else Decimal(figures[name])
                    for name in names
                },
            }
            for month, figures in summary["by_month"].items()
        ]
        return pd.DataFrame(rows, columns=[column["month"], *(column[n] for n in names)])
    groups = summary["by_cause" if key == "cause" else "by_township"]
    rows = []
    for code, figures in groups.items():
        if code == UNKNOWN:
            shown = unknown
        else:
            shown = labels.label(labels.FUND_CAUSES, code, lang) if key == "cause" else code
        row: dict[str, object] = {
            column[key]: shown,
            column["payments"]: figures["payments"],
            column["households"]: figures["households"],
        }
        if "people" in figures:
            row[column["people"]] = figures["people"]
        row[column["amount"]] = Decimal(figures["amount"])
        rows.append(row)
    total: dict[str, object] = {
        column[key]: total_word,
        column["payments"]: summary["payments"],
        column["households"]: summary["households_helped"],
    }
    if key == "township":
        total[column["people"]] = summary["people_helped"]
    total[column["amount"]] = Decimal(summary["total_paid"])
    return pd.DataFrame([*rows, total])


def summary_rows(result: FundResult) -> list[tuple[str, object]]:
    """The key figures as (label, value) pairs; money values are Decimals."""
    lang = result.lang
    figure = labels.labeller(labels.FUND_FIGURES, lang)
    s = result.summary
    source = labels.label(labels.FUND_TRANCHE_SOURCES, s["tranche_source"], lang)
    rows: list[tuple[str, object]] = [
        (figure["as_of"], s["as_of"]),
        (figure["total_tranches"], Decimal(s["total_tranches"])),
        (figure["total_paid"], Decimal(s["total_paid"])),
        (figure["balance"], Decimal(s["balance"])),
        (figure["payments"], s["payments"]),
        (figure["households_helped"], s["households_helped"]),
        (figure["people_helped"], s["people_helped"]),
        (figure["tranche_source"], source),
        (figure["paid_with_errors"], s["paid_with_errors"]["payments"]),
        (figure["paid_with_errors_amount"], Decimal(s["paid_with_errors"]["amount"])),
        (figure["not_counted"], s["not_counted"]["rows"]),
        (figure["errors"], s["issues"]["errors"]),
        (figure["warnings"], s["issues"]["warnings"]),
    ]
    if s["lowest_balance"] is not None:
        low = s["lowest_balance"]
        rows.append((figure["lowest_balance"].format(date=low["date"]), Decimal(low["amount"])))
    for episode in s["negative_balance"]:
        restored = episode["restored_on"] or figure["not_restored"]
        shown = figure["negative_episode"].format(
            date=episode["date"],
            row=episode["row"],
            balance=money_display(Decimal(episode["balance"])),
            restored=restored,
        )
        rows.append((figure["negative_balance"], shown))
    return rows


def parameters_rows(result: FundResult) -> list[tuple[str, str]]:
    """What produced the result: profile, fund settings, inputs, versions."""
    lang = result.lang
    key = labels.labeller(labels.FUND_PARAMETERS, lang)
    listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
    meta = result.meta
    settings = result.settings
    profile = meta.profile or {}

    def cause(code: str) -> str:
        return labels.label(labels.FUND_CAUSES, code, lang)

    rows: list[tuple[str, str]] = [
        (
            key["profile"],
            key["profile_value"].format(
                name=profile.get("name"), version=profile.get("version"), hash=profile.get("hash")
            ),
        ),
        (key["as_of"], str(meta.as_of)),
        (key["year"], str(meta.year)),
        (key["causes"], listing.join(cause(c) for c in settings.causes)),
    ]
    for code, cap in settings.caps.items():
        rows.append((key["cap"].format(cause=cause(code)), money_display(cap)))
    for code, standard in settings.standards.items():
        rows.append((key["standard"].format(cause=cause(code)), money_display(standard)))
    if settings.yearly_cap is not None:
        rows.append((key["yearly_cap"], money_display(settings.yearly_cap)))
    for when, amount in sorted(settings.tranches.items()):
        rows.append((key["tranche"].format(date=when.isoformat()), money_display(amount)))
    rows.append((labels.label(labels.PARAMETERS, "fanpin_version", lang), meta.fanpin_version))
    inputs = [source.model_dump(mode="json") for source in meta.inputs]
    return rows + input_rows(inputs, lang)


def _summary_sheet(title: str, rows: Sequence[tuple[str, object]], lang: Lang) -> SheetWriter:
    """汇总: the title, then the figures (money as numbers), printed portrait with the page
    header and footer of every sheet (``write.print_ready``)."""
    header = [labels.label(labels.CAMPAIGN_WORDS, k, lang) for k in ("item", "value")]

    def fill(sheet: Worksheet) -> None:
        sheet.cell(row=1, column=1, value=title)
        for column, text in enumerate(header, start=1):
            sheet.cell(row=3, column=column, value=text)
        for offset, (label, value) in enumerate(rows):
            sheet.cell(row=4 + offset, column=1, value=label)
            cell = sheet.cell(row=4 + offset, column=2, value=value)
            if isinstance(value, Decimal):
                cell.number_format = YUAN
        print_ready(sheet, header, header_row=3, title=title, list_sheet=False)

    return fill


def _problems(result: FundResult) -> LabelledTable:
    """The problems sheet every command writes; each problem's name in the profile's era
    (2026: 救助对象不是防止返贫致贫对象)."""
    view = problems_view(result.issues, result.lang)
    kind = labels.label(labels.PROBLEM_COLUMNS, "kind", result.lang)
    names = labels.era_labeller(labels.ISSUE_KINDS, result.lang, result.era)
    view.frame[kind] = result.issues["code"].map(names).fillna(view.frame[kind]).to_numpy()
    return view


def _breakdown_sheet(result: FundResult, key: Breakdown) -> SheetWriter:
    table = breakdown_table(result, key)
    money = labels.labeller(labels.FUND_BREAKDOWN_COLUMNS, result.lang)
    names = ("amount", "paid", "paid_in", "closing_balance")
    formats = {money[n]: YUAN for n in names if money[n] in table.columns}
    return within_budget(
        table_sheet(table, number_formats=formats, totals=0 if key == "month" else 1)
    )


def export_fund(
    result: FundResult, fmt: Literal["json", "csv", "xlsx"], path: Path | None
) -> str | None:
    """JSON (the library result), CSV (the checked entries) or a workbook; text when no path."""
    lang = result.lang
    if fmt == "json":
        text = json_text(result.to_dict())
        if path is None:
            return text
        write_text(path, text)
        return None
    if fmt == "csv":
        entries = entries_table(result.entries, result.issues, lang, "text", result.era)
        text = frame_to_csv(entries)
        if path is None:
            return text
        write_text(path, text, encoding="utf-8-sig")
        return None
    if path is None:
        raise FanpinError(
            "fund as xlsx needs an output file: add -o NAME.xlsx",
            zh="fund 写出工作簿需要输出文件：请加 -o 文件名.xlsx",
        )
    sheet = labels.labeller(labels.FUND_SHEETS, lang)
    title = sheet["title"].format(as_of=result.summary["as_of"])
    write_workbook(
        path,
        [
            (sheet["summary"], _summary_sheet(title, summary_rows(result), lang)),
            (sheet["entries"], entries_sheet(result)),
            (sheet["cause"], _breakdown_sheet(result, "cause")),
            (sheet["township"], _breakdown_sheet(result, "township")),
            (sheet["month"], _breakdown_sheet(result, "month")),
            (sheet["problems"], within_budget(_problems(result).sheet(), problem_text(lang))),
            (sheet["parameters"], parameters_sheet(parameters_rows(result), lang)),
        ],
    )
    return None
