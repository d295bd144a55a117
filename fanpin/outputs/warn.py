"""Early warnings (``fanpin warn``) as JSON, CSV or a workbook, and the county report's 预警
sheet.

JSON is exactly ``WarnResult.to_dict()`` (codes). CSV is one flat table of the
warnings. The workbook opens on 概览 (the window, counts by warning, households in
and out, what could not be compared), then 按乡镇, one sheet per warning with 核实情况 /
帮扶情况 columns for the township to fill in, 户数变化 (new, missing, missing in
between, repeated numbers), 快照 (each snapshot and what it lacks), 数据问题 and 参数.
Every word comes from ``labels`` in the run's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from fanpin import __version__, labels
from fanpin.campaigns.warn import ROSTER_CHANGE_COLUMNS, WARN_CODES, WarnResult
from fanpin.errors import FanpinError
from fanpin.io.files import deliver
from fanpin.io.messages import Lang
from fanpin.io.places import sort_by_place
from fanpin.outputs.tables import LabelledTable, sheet_title
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    table_sheet,
    write_workbook,
)

Format = Literal["json", "csv", "xlsx"]
SHEET_NAME_LIMIT = 31
YUAN = "#,##0.00"
PEOPLE = "0"
_MONEY_FIELDS = frozenset({"per_capita_income"})  # the rest of WARN_FIELDS count people
_FILL_IN = ("verification", "follow_up")
_ACTED_ON = (
    "township",
    "village",
    "household_id",
    "head_name",
    "cadre",
    "field",
    "before",
    "after",
    "since",
    "evidence",
    "action",
)
_REFERENCE = ("cadre_phone", "status", "before_snapshot", "after_snapshot", "roster_row")


def export_warn(result: WarnResult, fmt: Format, path: Path | None) -> str | None:
    """Write the result (JSON = the library's dict); without a path return JSON/CSV text."""
    if fmt == "json":
        return deliver(json_text(result.to_dict()), path)
    if fmt == "csv":
        return deliver(frame_to_csv(findings_table(result, flat=True)), path, "utf-8-sig")
    if path is None:
        raise FanpinError(
            "warn as xlsx needs an output file: add -o NAME.xlsx",
            zh="warn 写出工作簿需要输出文件：请加 -o 文件名.xlsx",
        )
    write_workbook(path, workbook_sheets(result))
    return None


def _headers(lang: Lang) -> dict[str, str]:
    return labels.labeller(labels.WARN_COLUMNS, lang)


def findings_table(
    result: WarnResult, code: str | None = None, *, flat: bool = False
) -> pd.DataFrame:
    """Warnings as people read them: one code's rows with two columns to fill in, or (flat:
    the CSV, the report) all of them, the warning's name first and its code last."""
    lang = result.lang
    findings = result.findings
    if code is not None:
        findings = findings.loc[findings["code"].eq(code)]
    values: dict[str, pd.Series] = {
        "finding": findings["code"].map(labels.labeller(labels.WARN_FINDINGS, lang)),
        "field": findings["field"].map(labels.labeller(labels.WARN_FIELDS, lang)),
        "status": findings["status"].map(labels.labeller(labels.STATUS, lang)),
        "roster_row": findings["roster_row"].astype("Int64"),
    }
    blank = pd.Series("", index=findings.index, dtype=object)
    keys = ["finding", *_ACTED_ON, *_REFERENCE, "code"] if flat else [*_ACTED_ON, *_FILL_IN]
    if not flat:
        keys += list(_REFERENCE)
    headers = _headers(lang)
    return pd.DataFrame(
        {
            headers[key]: values.get(key, blank if key in _FILL_IN else findings.get(key))
            for key in keys
        }
    ).reset_index(drop=True)


def roster_table(result: WarnResult) -> pd.DataFrame:
    """户数变化: households new in the window, missing from the latest snapshot, missing in
    between, or whose number repeats, with where they were last seen."""
    lang = result.lang
    changes = result.roster_changes
    values = {
        "change": changes["change"].map(labels.labeller(labels.WARN_ROSTER_CHANGES, lang)),
        "status": changes["status"].map(labels.labeller(labels.STATUS, lang)),
    }
    headers = _headers(lang)
    return pd.DataFrame(
        {headers[k]: values.get(k, changes.get(k)) for k in ROSTER_CHANGE_COLUMNS}
    ).reset_index(drop=True)


def snapshots_table(result: WarnResult) -> pd.DataFrame:
    """快照: each snapshot of the sequence, oldest first, and what it lacks."""
    lang = result.lang
    headers = _headers(lang)
    yes = labels.labeller(labels.YES_NO, lang)
    kinds = labels.labeller(labels.WARN_SNAPSHOT_KINDS, lang)
    names = labels.labeller(labels.WARN_FIGURE_NAMES, lang)
    listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
    rows = [
        {
            headers["position"]: item["position"],
            headers["label"]: item["label"],
            headers["file"]: item["file"],
            headers["kind"]: kinds[item["kind"]],
            headers["as_of"]: item["as_of"],
            headers["households"]: item["households"],
            headers["people"]: item["people"],
            headers["members"]: yes["yes" if item["members"] else "no"],
            headers["missing_figures"]: listing.join(names.get(m, m) for m in item["missing"]),
        }
        for item in result.snapshots
    ]
    return pd.DataFrame(rows)


def township_table(result: WarnResult) -> pd.DataFrame:
    """Warnings by township (the latest snapshot's order): total, households, each warning."""
    lang = result.lang
    headers = _headers(lang)
    none = labels.label(labels.WARN_SUMMARY, "no_township", lang)
    findings = result.findings
    township = findings["township"].fillna(none)
    counts = pd.crosstab(township, findings["code"]).reindex(columns=list(WARN_CODES), fill_value=0)
    households = findings.groupby(township)["household_id"].nunique()
    order = [str(t) for t in result.households["township"].dropna().unique() if t in counts.index]
    order += [none] if none in counts.index else []
    names = labels.labeller(labels.WARN_FINDINGS, lang)
    table = pd.DataFrame(
        {
            headers["township"]: order,
            headers["findings"]: counts.sum(axis=1).reindex(order).to_numpy(),
            headers["households_warned"]: households.reindex(order).to_numpy(),
            **{names[c]: counts[c].reindex(order).to_numpy() for c in WARN_CODES},
        }
    )
    total = [
        labels.label(labels.PRINT_TEXTS, "total", lang),
        *table.iloc[:, 1:].sum(axis=0).tolist(),
    ]
    total[2] = int(findings["household_id"].nunique())
    return pd.concat([table, pd.DataFrame([total], columns=table.columns)], ignore_index=True)


def summary_table(result: WarnResult) -> pd.DataFrame:
    """概览: the window, the run, counts by warning, households in and out, what could not
    be compared, unreadable snapshots and the rosters' problems."""
    lang = result.lang
    s = result.summary
    say = labels.labeller(labels.WARN_SUMMARY, lang)
    names = labels.labeller(labels.WARN_FINDINGS, lang)
    changes = labels.labeller(labels.WARN_ROSTER_CHANGES, lang)
    figures = labels.labeller(labels.WARN_FIGURE_NAMES, lang)
    listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
    profile = result.parameters.profile
    rows: list[tuple[str, Any, str]] = [
        (
            say["window"],
            say["window_value"].format(first=s["first"], latest=s["latest"], count=s["snapshots"]),
            say["window_note"],
        ),
        (say["profile"], f"{profile.name} {profile.version}", profile.hash),
        (say["year_line"], f"{result.parameters.year} / {s['line']:,.0f}", ""),
        (say["as_of"], result.parameters.as_of.isoformat(), ""),
        (say["households"], s["households"], ""),
        (say["people"], s["people"], ""),
        (say["findings"], s["findings"], ""),
        (say["households_with_findings"], s["households_with_findings"], ""),
    ]
    rows += [(names[code], count, "") for code, count in s["by_code"].items()]
    rows += [
        (say["roster_change"].format(label=changes[code]), count, "")
        for code, count in s["roster_changes"].items()
    ]
    for code, info in s["not_run"].items():
        note = say["not_run_note"].format(
            households=info["households"],
            names=listing.join(figures.get(m, m) for m in info["missing"]),
        )
        rows.append((say["not_run"].format(label=names[code]), info["households"], note))
    rows += [(say["skipped"], item["file"], item["why"]) for item in s["skipped"]]
    issues = s["issues"]
    if issues["errors"] or issues["warnings"]:
        note = say["input_problems_note"].format(**issues)
        rows.append((say["input_problems"], issues["errors"] + issues["warnings"], note))
    headers = _headers(lang)
    return pd.DataFrame(rows, columns=[headers["item"], headers["value"], headers["note"]])


def parameters_table(result: WarnResult) -> pd.DataFrame:
    """参数: the profile, the line, the warn settings and each rule's condition, with its key."""
    lang = result.lang
    say = labels.labeller(labels.WARN_SUMMARY, lang)
    parameters = result.parameters
    profile = parameters.profile
    settings = profile.warn
    rows: list[tuple[str, Any, str]] = [
        (say["profile"], f"{profile.name} {profile.version} ({profile.hash})", ""),
        (say["year_line"], f"{parameters.year} / {parameters.line:,.2f}", ""),
        (say["as_of"], parameters.as_of.isoformat(), ""),
        (say["fanpin_version"], __version__, ""),
        (say["watch_margin"], profile.category.watch_margin, "category.watch_margin"),
        (say["income_drop_share"], settings.income_drop_share, "warn.income_drop_share"),
        (say["slipping_margin"], settings.slipping_margin, "warn.slipping_margin"),
        (say["window_months"], settings.window_months, "warn.window_months"),
    ]
    names = labels.labeller(labels.WARN_FINDINGS, lang)
    rows += [
        (say["rule"].format(label=names[code]), settings.rules[code], f"warn.rules.{code}")
        for code in settings.conditions
    ]
    rows += [
        (say["input_file"], f"{item.path} sha256 {item.sha256}", "") for item in result.meta.inputs
    ]
    headers = _headers(lang)
    return pd.DataFrame(rows, columns=[headers["item"], headers["value"], headers["key"]])


def problems_table(result: WarnResult) -> pd.DataFrame:
    """The problems of the roster files read (archived snapshots have none)."""
    lang = result.lang
    headers = _headers(lang)
    issues = result.issues
    columns = {
        "file_issue": issues["file"],
        "severity": issues["severity"].map(labels.labeller(labels.SEVERITY, lang)),
        "sheet": issues["sheet"],
        "row": issues["row"].astype("Int64"),
        "column": issues["column"],
        "cell_value": issues["value"],
        "household_id": issues["household_id"],
        "message": issues["message"],
        "issue_code": issues["code"],
    }
    return pd.DataFrame({headers[k]: v for k, v in columns.items()}).reset_index(drop=True)


def sheet_names(lang: Lang) -> dict[str, str]:
    """code -> sheet name (the warning's label, ≤ 31 characters, unlike every fixed sheet)."""
    taken = {name.lower() for name in labels.labeller(labels.WARN_SHEETS, lang).values()}
    names = {}
    for code, label in labels.labeller(labels.WARN_FINDINGS, lang).items():
        name = label.replace("/", "／")[:SHEET_NAME_LIMIT]
        names[code] = name if name.lower() not in taken else f"{name[:27]}(2)"
    return names


def workbook_sheets(result: WarnResult) -> list[tuple[str, SheetWriter]]:
    """概览, 按乡镇, one sheet per warning that has rows, 户数变化, 快照, 数据问题, 参数."""
    lang = result.lang
    sheets = labels.labeller(labels.WARN_SHEETS, lang)
    headers = _headers(lang)
    names = sheet_names(lang)
    printed = [headers[k] for k in (*_ACTED_ON, *_FILL_IN)]
    wrap = [headers["evidence"], headers["action"]]
    money = {headers["per_capita_income"]: YUAN}
    written: list[tuple[str, SheetWriter]] = [
        (sheets["summary"], table_sheet(summary_table(result), wrap=[headers["note"]])),
        (sheets["by_township"], table_sheet(township_table(result))),
    ]
    present = set(result.findings["code"])
    for code in WARN_CODES:
        if code in present:
            frame = sort_by_place(
                findings_table(result, code), result.households, columns=_places(lang)
            )
            formats = _value_formats(result, code, headers)
            written.append(
                (
                    names[code],
                    table_sheet(frame, number_formats=formats, print_columns=printed, wrap=wrap),
                )
            )
    roster = sort_by_place(roster_table(result), result.households, columns=_places(lang))
    written += [
        (sheets["roster_changes"], table_sheet(roster, number_formats=money)),
        (sheets["snapshots"], table_sheet(snapshots_table(result))),
        (sheets["problems"], table_sheet(problems_table(result), wrap=[headers["message"]])),
        (
            sheets["parameters"],
            table_sheet(parameters_table(result), wrap=[headers["value"]]),
        ),
    ]
    return written


def _value_formats(result: WarnResult, code: str, headers: dict[str, str]) -> dict[str, str]:
    """之前 and 最新 of one warning's sheet as what its field holds: yuan with two decimals,
    or whole people (a warning over several kinds of field keeps Excel's own format)."""
    fields = set(result.findings.loc[result.findings["code"].eq(code), "field"])
    if fields <= _MONEY_FIELDS:
        number = YUAN
    elif fields.isdisjoint(_MONEY_FIELDS):
        number = PEOPLE
    else:
        return {}
    return {headers["before"]: number, headers["after"]: number}


def _places(lang: Lang) -> tuple[str, str]:
    headers = _headers(lang)
    return headers["township"], headers["village"]


# -- the county report ------------------------------------------------------------------------


def warn_figures(result: WarnResult) -> dict[str, int]:
    """The 概览 figures of the report's 预警 section: warnings by code (they add up), the
    households warned, new and missing."""
    summary = result.summary
    changes = summary["roster_changes"]
    return {
        "warn_findings": summary["findings"],
        **{f"warn_{code}": summary["by_code"].get(code, 0) for code in WARN_CODES},
        "warn_households": summary["households_with_findings"],
        "warn_new_households": changes["new"],
        "warn_missing_households": changes["missing"],
        "warn_snapshots": summary["snapshots"] - 1,  # the earlier months compared
    }


def warn_overview_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """The 概览 rows of the 预警 section (outputs.report's layout), when the run has warnings."""
    if "warn_findings" not in figures:
        return []
    rows = [("section", "warn"), ("headline", "warn_findings")]
    rows += [("part", f"warn_{code}") for code in WARN_CODES]
    rows += [("single", key) for key in ("warn_households", "warn_new_households")]
    return [*rows, ("single", "warn_missing_households")]


def report_sheet(result: WarnResult, county: str, era: labels.Era) -> tuple[str, SheetWriter]:
    """The report's 预警 sheet: every warning by township and village, then the households
    new in the window, missing from this run or in between (nothing dropped)."""
    lang = result.lang
    headers = _headers(lang)
    warnings = findings_table(result, flat=True)
    roster = roster_table(result)
    changed = pd.DataFrame(
        {
            headers["finding"]: roster[headers["change"]],
            headers["township"]: roster[headers["township"]],
            headers["village"]: roster[headers["village"]],
            headers["household_id"]: roster[headers["household_id"]],
            headers["head_name"]: roster[headers["head_name"]],
            headers["cadre"]: roster[headers["cadre"]],
            headers["field"]: labels.label(labels.WARN_FIELDS, "per_capita_income", lang),
            headers["after"]: roster[headers["per_capita_income"]],
            headers["before_snapshot"]: roster[headers["first_seen"]],
            headers["after_snapshot"]: roster[headers["last_seen"]],
            headers["code"]: result.roster_changes["change"].to_numpy(),
        }
    )
    places = _places(lang)
    frame = pd.concat(
        [
            sort_by_place(warnings, result.households, columns=places),
            sort_by_place(changed, result.households, columns=places),
        ],
        ignore_index=True,
    )
    printed = [
        headers[k]
        for k in ("finding", "township", "village", "household_id", "head_name", "cadre")
        + ("before", "after", "since", "evidence", "action")
    ]
    window = labels.label(labels.WARN_SUMMARY, "window_value", lang).format(
        first=result.summary["first"],
        latest=result.summary["latest"],
        count=result.summary["snapshots"],
    )
    title = labels.in_era(sheet_title("warn", lang, county, window=window), era)
    widths = {headers["evidence"]: 40.0, headers["action"]: 26.0}
    table = LabelledTable(frame, printed, widths=widths)
    return labels.label(labels.SHEETS, "warn", lang), table.sheet(title)
