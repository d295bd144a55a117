"""Audit results → JSON (codes), CSV (one flat table of findings) or a workbook for townships.

The workbook opens on a summary (indicators, counts by check), then counts by
township, then one sheet per finding code (Chinese sheet names), each in the
roster's township and village order with empty 核实情况 / 整改情况 columns for
the township to fill in (``income_basis_differs`` as 收入口径比对, one row per
household with both incomes), then every input problem and the parameters that
produced the file. Every word comes from ``labels`` in the run's language;
codes stay only in columns named for scripts.

Printing (A4, landscape): a findings sheet prints the columns people act on
(through 整改情况) on one page width at ≥ 8 pt, with 依据 and 建议措施 wrapped
and every width set from the content; the reference columns after them stay on
screen. The by-township sheet, one column per check, prints at 80 % across as
many pages as it needs, the township column repeated on each.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import __version__, labels
from fanpin.campaigns.audit import AuditResult, township_order
from fanpin.errors import FanpinError
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    table_sheet,
    write_text,
    write_workbook,
)

Format = Literal["json", "csv", "xlsx"]
SHEET_NAME_LIMIT = 31
_SHEET_UNSAFE = str.maketrans(
    {":": "：", "/": "／", "\\": "＼", "?": "？", "*": "＊", "[": "【", "]": "】"}
)
# Width units one A4 landscape page holds at 8 pt: LibreOffice draws a unit as 7 pt at
# 100 %, and 734 pt lie between the default margins; 11 pt × 0.73 = 8 pt, so at most
# 734 / 7 / 0.73 ≈ 143 units may be printed across; 138 leaves a margin (Excel packs
# the same more tightly).
PRINT_BUDGET = 138.0
WRAP_LIMITS = {"evidence": (24.0, 60.0), "action": (16.0, 40.0)}
NARROW_LIMIT = 40.0  # widest column that does not wrap
TOWNSHIP_SCALE = 80  # percent: 11 pt prints at 8.8 pt
_FILL_IN = ("verification", "follow_up")
INCOME_BASIS_CODE = "income_basis_differs"
_FILL_IN_WIDTH = 12.0
LINE_HEIGHT = 15.0  # points per line of 11 pt text


def export_audit(result: AuditResult, fmt: Format, path: Path | None) -> str | None:
    """Write the result (JSON = the library's dict); without a path return JSON/CSV text."""
    if fmt == "json":
        text = json_text(result.to_dict())
        return _deliver(text, path)
    if fmt == "csv":
        return _deliver(frame_to_csv(findings_table(result, flat=True)), path, "utf-8-sig")
    if path is None:
        raise FanpinError("audit as xlsx needs an output file: add -o NAME.xlsx")
    write_workbook(path, workbook_sheets(result))
    return None


def _deliver(text: str, path: Path | None, encoding: str = "utf-8") -> str | None:
    if path is None:
        return text
    write_text(path, text, encoding=encoding)
    return None


def code_label(result: AuditResult, code: str) -> str:
    return result.checks.get(code, {}).get("label", code)


def _words(result: AuditResult, table: labels.Labels) -> dict[str, str]:
    return labels.labeller(table, result.lang)


def _finding_columns(flat: bool) -> list[str]:
    """The columns of a findings table in order, as keys of ``labels.AUDIT_COLUMNS``."""
    acted_on = ["severity", "township", "village", "household_id", "head_name", "cadre"]
    acted_on += ["evidence", "action"]
    reference = ["cadre_phone", "risk", "source", "roster_row"]
    if flat:
        return ["group", "finding", *acted_on, *reference, "code"]
    return [*acted_on, *_FILL_IN, *reference]


def findings_table(
    result: AuditResult, code: str | None = None, *, flat: bool = False
) -> pd.DataFrame:
    """Findings as people read them: labelled columns, one code's rows or (flat) all of them.

    A findings sheet ends with 核实情况 / 整改情况 for the township, then the
    reference columns; the flat table (CSV, the report) starts with the group and
    the finding's name and ends with the check's code for scripts.
    """
    lang = result.lang
    findings = result.findings
    if code is not None:
        findings = findings.loc[findings["code"].eq(code)]
    values: dict[str, pd.Series] = {
        "group": findings["group"].map(labels.labeller(labels.AUDIT_GROUPS, lang)),
        "finding": findings["code"].map(lambda c: code_label(result, c)),
        "severity": findings["severity"].map(labels.labeller(labels.SEVERITY, lang)),
        "risk": findings["risk"].map(labels.labeller(labels.RISK_FACTOR, lang)),
    }
    blank = pd.Series("", index=findings.index, dtype=object)
    headers = _words(result, labels.AUDIT_COLUMNS)
    return pd.DataFrame(
        {
            headers[key]: values.get(key, blank if key in _FILL_IN else findings.get(key))
            for key in _finding_columns(flat)
        }
    )


def summary_table(result: AuditResult) -> pd.DataFrame:
    """The summary sheet: key figures, indicators, counts by check, lists, what went unchecked.

    A check's row names it (group and label), counts its findings, splits them by
    severity and gives its code in the last column, for scripts.
    """
    s = result.summary
    meta = result.meta
    lang = result.lang
    say = _words(result, labels.AUDIT_SUMMARY)
    groups = labels.labeller(labels.AUDIT_GROUPS, lang)
    profile = meta.profile or {}
    income = s["indicators"]["income_ratio"]
    employment = s["indicators"]["employment_rate"]
    issues = s["issues"]
    findings = result.findings
    rows: list[tuple[str, Any, str, str]] = [
        (say["roster"], meta.inputs[0].path, meta.inputs[0].sha256[:16], ""),
        (
            say["profile"],
            f"{profile.get('name')} {profile.get('version')}",
            str(profile.get("hash", "")),
            "",
        ),
        (say["year_line"], f"{meta.year} / {s['line']:,.0f}", "", ""),
        (say["as_of"], meta.as_of, "", ""),
        (say["households"], s["households"], "", ""),
        (say["people"], s["people"], "", ""),
        (
            say["findings"],
            s["findings"],
            say["severity_counts"].format(errors=s["errors"], warnings=s["warnings"]),
            "",
        ),
        (say["households_with_findings"], s["households_with_findings"], "", ""),
    ]
    for code, info in s["checks"].items():
        mine = findings.loc[findings["code"].eq(code), "severity"]
        counts = say["severity_counts"].format(
            errors=int(mine.eq("error").sum()), warnings=int(mine.eq("warning").sum())
        )
        item = say["check"].format(group=groups[info["group"]], label=info["label"])
        rows.append((item, info["count"], counts if info["count"] else "", code))
    rows += [
        (
            say["escaped_income"],
            _money(income["escaped_per_capita"]),
            say["households_people"].format(
                households=income["escaped_households"], people=income["escaped_people"]
            ),
            "",
        ),
        (
            say["all_income"],
            _money(income["all_per_capita"]),
            say["all_income_note"].format(
                households=income["all_households"],
                people=income["all_people"],
                excluded=income["households_excluded"],
            ),
            "",
        ),
        (say["income_ratio"], _percent(income["ratio"]), say["income_ratio_note"], ""),
    ]
    note = say["employment_note"]
    target = employment["target"]
    if target is not None:
        reached = "target_met" if employment["met"] else "target_not_met"
        note += say[reached].format(target=f"{target:.0%}")
    rate = f"{_percent(employment['rate'])} ({employment['employed']}/"
    rows.append((say["employment_rate"], f"{rate}{employment['labour_capable']})", note, ""))
    for kind, stats in s["departments"].items():
        rows.append(
            (
                labels.label(labels.DEPARTMENT_LISTS, kind, lang),
                stats["file"],
                say["list_stats"].format(
                    rows=stats["rows"],
                    matched=stats["matched_rows"],
                    households=stats["households"],
                    unknown=stats["unknown_ids"],
                    issues=stats["issues"],
                ),
                "",
            )
        )
    if s["rules_not_run"]:
        rules = {r.code: r for r in result.parameters.profile.audit.department_rules}
        names = [
            labels.label({c: (rules[c].label, rules[c].label_en or rules[c].label)}, c, lang)
            for c in s["rules_not_run"]
        ]
        listing = labels.label(labels.AUDIT_PHRASES, "listing", lang)
        rows.append(
            (
                say["rules_not_run"],
                listing.join(names),
                say["rules_not_run_note"],
                "",
            )
        )
    rows += [
        (
            say["input_problems"],
            issues["errors"] + issues["warnings"],
            say["input_problems_note"].format(errors=issues["errors"], warnings=issues["warnings"]),
            "",
        ),
        (say["unassessed"], s["unassessed_households"], "", ""),
        (
            say["timing_unchecked"],
            s["elimination_timing_unchecked"],
            say["timing_unchecked_note"],
            "",
        ),
    ]
    headers = _words(result, labels.AUDIT_COLUMNS)
    columns = [headers["item"], headers["value"], headers["note"], headers["check_code"]]
    return pd.DataFrame(rows, columns=columns)


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def township_table(result: AuditResult) -> pd.DataFrame:
    """Findings by township (roster order): totals, errors, warnings and one column per check."""
    headers = _words(result, labels.AUDIT_COLUMNS)
    none_label = labels.label(labels.AUDIT_SUMMARY, "no_township", result.lang)
    findings = result.findings
    township = findings["township"].fillna(none_label)
    codes = list(result.checks)
    counts = pd.crosstab(township, findings["code"]).reindex(columns=codes, fill_value=0)
    severity = pd.crosstab(township, findings["severity"]).reindex(
        columns=["error", "warning"], fill_value=0
    )
    order = [t for t in township_order(result.households) if t in counts.index]
    order += [none_label] if none_label in counts.index else []
    table = pd.DataFrame(
        {
            headers["township"]: order,
            headers["total"]: counts.sum(axis=1).reindex(order).to_numpy(),
            headers["errors"]: severity["error"].reindex(order).to_numpy(),
            headers["warnings"]: severity["warning"].reindex(order).to_numpy(),
            **{code_label(result, c): counts[c].reindex(order).to_numpy() for c in codes},
        }
    )
    total = [headers["total"], *table.iloc[:, 1:].sum(axis=0).tolist()]
    return pd.concat([table, pd.DataFrame([total], columns=table.columns)], ignore_index=True)


def income_basis_table(result: AuditResult) -> pd.DataFrame:
    """收入口径比对: per household whose roster and 民政 per-capita incomes disagree, both
    figures, the difference and who to visit with, and two columns for the visit's result."""
    lang = result.lang
    headers = _words(result, labels.AUDIT_INCOME_BASIS)
    basis = result.income_basis
    names = labels.labeller(labels.LOW_INCOME_TYPE, lang)
    listing = labels.label(labels.AUDIT_PHRASES, "listing", lang)
    values = {
        **{column: basis[column] for column in basis.columns},
        "recognition_types": basis["recognition_types"].map(
            lambda codes: listing.join(names.get(c, c) for c in codes)
        ),
        "verified_income": pd.Series(None, index=basis.index, dtype=object),
        "verification": pd.Series("", index=basis.index, dtype=object),
    }
    return pd.DataFrame({headers[key]: values[key] for key in labels.AUDIT_INCOME_BASIS})


def issues_table(result: AuditResult) -> pd.DataFrame:
    """Every input problem: where it is and what to fix first, codes for scripts last."""
    lang = result.lang
    headers = _words(result, labels.AUDIT_COLUMNS)
    issues = result.issues
    lists = {"roster": labels.label(labels.AUDIT_SUMMARY, "roster", lang)}
    lists |= labels.labeller(labels.DEPARTMENT_LISTS, lang)
    columns = {
        "file": issues["file"],
        "list": issues["kind"].map(lists),
        "severity": issues["severity"].map(labels.labeller(labels.SEVERITY, lang)),
        "sheet": issues["sheet"],
        "row": issues["row"].astype("Int64"),
        "column": issues["column"],
        "cell_value": issues["value"],
        "household_id": issues["household_id"],
        "message": issues["message"],
        "issue_code": issues["code"],
        "field": issues["field"],
    }
    return pd.DataFrame({headers[key]: values for key, values in columns.items()})


def parameters_table(result: AuditResult) -> pd.DataFrame:
    """What produced the workbook: profile, dates, inputs, audit settings and rules, labelled.

    The last column gives each setting's key in the profile and each rule's code.
    """
    lang = result.lang
    say = _words(result, labels.AUDIT_SUMMARY)
    profile = result.parameters.profile
    rows: list[tuple[str, Any, str]] = [
        (say["profile"], f"{profile.name} {profile.version} ({profile.hash})", ""),
        (say["year"], result.parameters.year, ""),
        (say["line"], result.parameters.line, ""),
        (say["as_of"], result.parameters.as_of.isoformat(), ""),
        (say["fanpin_version"], __version__, ""),
    ]
    for source in result.meta.inputs:
        rows.append((say["input_file"], f"{source.path} sha256 {source.sha256}", ""))
    settings = profile.audit.model_dump(exclude={"department_rules"})
    for key, value in settings.items():
        name = labels.label(labels.AUDIT_PARAMETERS, key, lang)
        rows.append((name, _setting(value, say), f"audit.{key}"))
    groups = labels.labeller(labels.AUDIT_GROUPS, lang)
    severities = labels.labeller(labels.SEVERITY, lang)
    for rule in profile.audit.department_rules:
        title = labels.label(
            {rule.code: (rule.label, rule.label_en or rule.label)}, rule.code, lang
        )
        risk = (
            say["rule_risk"].format(risk=labels.label(labels.RISK_FACTOR, rule.risk, lang))
            if rule.risk
            else ""
        )
        text = say["rule"].format(
            list=labels.label(labels.DEPARTMENT_LISTS, rule.kind, lang),
            group=groups[rule.raises],
            risk=risk,
            severity=severities[rule.severity],
            when=rule.when,
        )
        rows.append((say["department_rule"].format(label=title), text, rule.code))
    headers = _words(result, labels.AUDIT_COLUMNS)
    return pd.DataFrame(rows, columns=[headers["item"], headers["value"], headers["key"]])


def _setting(value: Any, say: dict[str, str]) -> Any:
    if value is None:
        return say["not_set"]
    if isinstance(value, bool):
        return say["yes"] if value else say["no"]
    return value


def sheet_names(result: AuditResult) -> dict[str, str]:
    """code → sheet name, ≤ 31 characters: the check's label; a department rule's label
    prefixed 预警/疑点 (in English, its code)."""
    sheets = _words(result, labels.AUDIT_SHEETS)
    taken = {name.lower() for name in sheets.values()}
    names: dict[str, str] = {}
    groups = labels.labeller(labels.AUDIT_GROUPS, result.lang)
    rule_sheet = labels.label(labels.AUDIT_SHEET_NAMES, "rule", result.lang)
    for code, info in result.checks.items():
        label = info["label"]
        if info["group"] in ("early_warning", "doubt"):
            label = rule_sheet.format(group=groups[info["group"]], label=label, code=code)
        name = label.translate(_SHEET_UNSAFE).strip("'")[:SHEET_NAME_LIMIT]
        candidate, number = name, 2
        while candidate.lower() in taken:
            suffix = f"({number})"
            candidate = name[: SHEET_NAME_LIMIT - len(suffix)] + suffix
            number += 1
        taken.add(candidate.lower())
        names[code] = candidate
    return names


def workbook_sheets(result: AuditResult) -> list[tuple[str, SheetWriter]]:
    """Summary, by township, one sheet per finding code that has findings, problems, parameters.

    The sheet of ``income_basis_differs`` is 收入口径比对: per household both incomes, the
    difference and who to visit with, so that one home visit settles both bases.
    """
    sheets = _words(result, labels.AUDIT_SHEETS)
    headers = _words(result, labels.AUDIT_COLUMNS)
    names = sheet_names(result)
    wrap = {headers[k]: limits for k, limits in WRAP_LIMITS.items()}
    summary = summary_table(result)
    summary_wrap = {headers["item"]: (20.0, 40.0), headers["value"]: (12.0, 40.0)}
    summary_wrap |= {headers["note"]: (20.0, 60.0)}
    written: list[tuple[str, SheetWriter]] = [
        (sheets["summary"], _sheet(summary, summary_wrap, print_through=headers["check_code"])),
        (sheets["by_township"], _township_sheet(township_table(result))),
    ]
    present = set(result.findings["code"])
    fixed = {headers[k]: _FILL_IN_WIDTH for k in _FILL_IN}
    for code in result.checks:
        if code == INCOME_BASIS_CODE and not result.income_basis.empty:
            # one row per household with both incomes: its sheet is the comparison table
            written.append((sheets["income_basis"], _income_basis_sheet(result)))
        elif code in present:
            frame = findings_table(result, code)
            sheet = _sheet(frame, wrap, fixed, print_through=headers["follow_up"])
            written.append((names[code], sheet))
    problems = {headers["message"]: (30.0, 60.0), headers["cell_value"]: (6.0, 30.0)}
    problems |= {headers["list"]: (10.0, 20.0), headers["file"]: (10.0, 20.0)}
    written.append(
        (
            sheets["problems"],
            _sheet(issues_table(result), problems, print_through=headers["message"]),
        )
    )
    parameters = {headers["item"]: (20.0, 50.0), headers["value"]: (30.0, 70.0)}
    written.append(
        (
            sheets["parameters"],
            _sheet(parameters_table(result), parameters, print_through=headers["key"]),
        )
    )
    return written


# -- print-ready sheets (on top of write.table_sheet) ---------------------------------------------


def display_width(value: object) -> int:
    """Width of a value as shown: East Asian wide characters count two."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return 0
    text = f"{value:,.2f}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def content_widths(
    frame: pd.DataFrame,
    wrap: dict[str, tuple[float, float]],
    fixed: dict[str, float] | None = None,
    *,
    budget: float | None = None,
    printed: Sequence[str] | None = None,
) -> dict[str, float]:
    """Column widths from the header and the longest value, so nothing is cut off.

    Wrapped columns get their content width within (least, most); with a
    ``budget``, the wrapped columns among ``printed`` shrink (not below least)
    until the printed columns fit it.
    """
    widths: dict[str, float] = {}
    for column in frame.columns:
        name = str(column)
        if fixed and name in fixed:
            widths[name] = fixed[name]
            continue
        longest = max([display_width(v) for v in frame[column].tolist()] or [0])
        header = display_width(name)
        if name in wrap:
            least, most = wrap[name]
            widths[name] = max(least, min(most, longest + 2))
        else:
            widths[name] = float(min(max(6, longest + 2, min(header + 2, 8)), NARROW_LIMIT))
    if budget is not None and printed:
        flexible = [c for c in printed if c in wrap]
        over = sum(widths[c] for c in printed) - budget
        room = {c: widths[c] - wrap[c][0] for c in flexible}
        total_room = sum(room.values())
        if over > 0 and total_room > 0:
            share = min(1.0, over / total_room)
            for c in flexible:
                widths[c] = round(widths[c] - room[c] * share, 1)
    return widths


def _sheet(
    frame: pd.DataFrame,
    wrap: dict[str, tuple[float, float]],
    fixed: dict[str, float] | None = None,
    *,
    print_through: str | None = None,
    number_formats: dict[str, str] | None = None,
) -> SheetWriter:
    """A table sheet with widths from content, long text wrapped, cells aligned to the top.

    With ``print_through``, the print area ends at that column and is fitted to
    one page width at no less than 8 pt (``PRINT_BUDGET``).
    """
    columns = [str(c) for c in frame.columns]
    printed = columns[: columns.index(print_through) + 1] if print_through in columns else None
    budget = PRINT_BUDGET if printed else None
    widths = content_widths(frame, wrap, fixed, budget=budget, printed=printed)
    base = table_sheet(frame, widths=widths, number_formats=number_formats)
    wrapped = [i for i, c in enumerate(columns, start=1) if c in wrap or (fixed and c in fixed)]

    def fill(sheet: Worksheet) -> None:
        base(sheet)
        _align(sheet, wrapped)
        _grow_rows(sheet, [widths[c] for c in columns], wrapped)
        if printed:
            last = get_column_letter(len(printed))
            sheet.print_area = f"A1:{last}{max(sheet.max_row, 1)}"

    return fill


def _align(sheet: Worksheet, wrapped: Sequence[int]) -> None:
    top = Alignment(vertical="top")
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap if cell.column in wrapped else top


def _lines(value: object, width: float) -> int:
    """Lines a value takes wrapped in a column ``width`` units wide.

    Rather too many than too few: a wide character counts two units, as Excel
    draws it (LibreOffice draws it narrower).
    """
    if value is None:
        return 1
    room = max(1, int(width) - 1)
    parts = str(value).split("\n")
    return sum(max(1, -(-int(display_width(part) * 1.05) // room)) for part in parts)


def _grow_rows(sheet: Worksheet, widths: Sequence[float], wrapped: Sequence[int]) -> None:
    """Row heights from the wrapped text they hold, header included.

    Spreadsheet programs do not all grow rows when a file opens (LibreOffice
    prints them one line high), so every row that wraps gets its height.
    """
    for row in sheet.iter_rows():
        cells = row if row[0].row == 1 else [c for c in row if c.column in wrapped]
        lines = max([_lines(c.value, widths[c.column - 1]) for c in cells] or [1])
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines + 2


def _income_basis_sheet(result: AuditResult) -> SheetWriter:
    headers = _words(result, labels.AUDIT_INCOME_BASIS)
    frame = income_basis_table(result)
    wrap = {headers["recognition_types"]: (8.0, 16.0), headers["verification"]: (10.0, 16.0)}
    money = "#,##0.00"
    formats = {headers[k]: money for k in ("roster_per_capita", "civil_per_capita", "difference")}
    formats |= {headers["verified_income"]: money, headers["gap"]: "0.0%"}
    return _sheet(frame, wrap, print_through=headers["verification"], number_formats=formats)


def _township_sheet(frame: pd.DataFrame) -> SheetWriter:
    """The by-township counts: narrow number columns under wrapped headers, printed at 80 %
    across pages with the township column repeated; the 合计 row outside the filter."""
    columns = [str(c) for c in frame.columns]
    first = columns[0]
    widths = {first: float(max(10, *(display_width(v) + 2 for v in frame[first])))}
    widths |= {c: 9.0 for c in columns[1:]}
    base = table_sheet(frame, widths=widths)
    lines = max([_lines(c, widths[c]) for c in columns] or [1])

    def fill(sheet: Worksheet) -> None:
        base(sheet)
        sheet.row_dimensions[1].height = LINE_HEIGHT * lines + 2
        if sheet.max_row > 2:  # the 合计 row stays out of the filter
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{sheet.max_row - 1}"
        sheet.sheet_properties.pageSetUpPr.fitToPage = False
        sheet.page_setup.scale = TOWNSHIP_SCALE
        sheet.print_title_cols = "A:A"

    return fill
