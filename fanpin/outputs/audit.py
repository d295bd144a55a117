"""Audit results → JSON (codes), CSV (one flat table of findings) or a workbook for townships.

The workbook opens on a summary (indicators, counts by check), then counts by
township, then one sheet per finding code (Chinese sheet names), each in the
roster's township and village order with empty 核实情况 / 整改情况 columns for
the township to fill in (``income_basis_differs`` as 收入口径比对, one row per
household with both incomes), then every input problem and the parameters that
produced the file. Every word comes from ``labels`` in the run's language;
codes stay only in columns named for scripts.

Printing (A4) is ``write.table_sheet``'s, as for every list sheet: a findings sheet
prints the columns people act on (through 整改情况) at ≥ 8 pt, with 依据 and 建议措施
wrapped and every width set from the content; the reference columns after them stay
on screen. The by-township sheet, one column per check, prints across as many pages
as it needs, the township column repeated on each, its 合计 row outside the filter.
Under a profile of the 2026 terms (``terminology = "2026"``) the words say
防止返贫致贫对象 where they say 监测对象 (``labels.era_labeller``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from fanpin import __version__, labels
from fanpin.campaigns.audit import AuditResult
from fanpin.errors import FanpinError
from fanpin.io.files import deliver
from fanpin.io.messages import Lang
from fanpin.outputs.paper import problem_text, within_budget
from fanpin.outputs.tables import PERCENT, YUAN, input_rows, problems_view
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    table_sheet,
    write_workbook,
)

Format = Literal["json", "csv", "xlsx"]
SHEET_NAME_LIMIT = 31
_SHEET_UNSAFE = str.maketrans(
    {":": "：", "/": "／", "\\": "＼", "?": "？", "*": "＊", "[": "【", "]": "】"}
)
WRAPPED = ("evidence", "action")  # the text an official acts on: wrapped, never cut off
_FILL_IN = ("verification", "follow_up")
INCOME_BASIS_CODE = "income_basis_differs"
_FILL_IN_WIDTH = 12.0


def export_audit(result: AuditResult, fmt: Format, path: Path | None) -> str | None:
    """Write the result (JSON = the library's dict); without a path return JSON/CSV text."""
    if fmt == "json":
        text = json_text(result.to_dict())
        return deliver(text, path)
    if fmt == "csv":
        return deliver(frame_to_csv(findings_table(result, flat=True)), path, "utf-8-sig")
    if path is None:
        raise FanpinError(
            "audit as xlsx needs an output file: add -o NAME.xlsx",
            zh="audit 写出工作簿需要输出文件：请加 -o 文件名.xlsx",
        )
    write_workbook(path, workbook_sheets(result))
    return None


def code_label(result: AuditResult, code: str) -> str:
    return result.checks.get(code, {}).get("label", code)


def _words(result: AuditResult, table: labels.Labels) -> dict[str, str]:
    """``table`` in the run's language and the profile's era (2026: 防止返贫致贫对象)."""
    return labels.era_labeller(table, result.lang, result.era)


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
    severity and gives its code in the last column, for scripts. Money and shares are
    numbers (``summary_formats`` says which rows take which number format).
    """
    return pd.DataFrame(
        [row[:4] for row in _summary_rows(result)], columns=_summary_columns(result)
    )


def summary_formats(result: AuditResult) -> list[str | None]:
    """The number format of each row's value in ``summary_table``: money, a share, or none."""
    return [row[4] for row in _summary_rows(result)]


def _summary_columns(result: AuditResult) -> list[str]:
    headers = _words(result, labels.AUDIT_COLUMNS)
    return [headers["item"], headers["value"], headers["note"], headers["check_code"]]


def _summary_rows(result: AuditResult) -> list[tuple[str, Any, str, str, str | None]]:
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
    rows: list[tuple[str, Any, str, str, str | None]] = [
        (say["roster"], meta.inputs[0].path, meta.inputs[0].sha256[:16], "", None),
        (
            say["profile"],
            f"{profile.get('name')} {profile.get('version')}",
            str(profile.get("hash", "")),
            "",
            None,
        ),
        (say["year_line"], f"{meta.year} / {s['line']:,.0f}", "", "", None),
        (say["as_of"], meta.as_of, "", "", None),
        (say["households"], s["households"], "", "", None),
        (say["people"], s["people"], "", "", None),
        (
            say["findings"],
            s["findings"],
            say["severity_counts"].format(errors=s["errors"], warnings=s["warnings"]),
            "",
            None,
        ),
        (say["households_with_findings"], s["households_with_findings"], "", "", None),
    ]
    for code, info in s["checks"].items():
        mine = findings.loc[findings["code"].eq(code), "severity"]
        counts = say["severity_counts"].format(
            errors=int(mine.eq("error").sum()), warnings=int(mine.eq("warning").sum())
        )
        item = say["check"].format(group=groups[info["group"]], label=info["label"])
        rows.append((item, info["count"], counts if info["count"] else "", code, None))
    rows += [
        (
            say["escaped_income"],
            income["escaped_per_capita"],
            say["households_people"].format(
                households=income["escaped_households"], people=income["escaped_people"]
            ),
            "",
            YUAN,
        ),
        (
            say["all_income"],
            income["all_per_capita"],
            say["all_income_note"].format(
                households=income["all_households"],
                people=income["all_people"],
                excluded=income["households_excluded"],
            ),
            "",
            YUAN,
        ),
        (say["income_ratio"], income["ratio"], say["income_ratio_note"], "", PERCENT),
    ]
    note = say["employment_counts"].format(
        employed=employment["employed"], capable=employment["labour_capable"]
    )
    note += say["employment_note"]
    target = employment["target"]
    if target is not None:
        reached = "target_met" if employment["met"] else "target_not_met"
        note += say[reached].format(target=f"{target:.0%}")
    rows.append((say["employment_rate"], employment["rate"], note, "", PERCENT))
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
                None,
            )
        )
    if s["rules_not_run"]:
        rules = {r.code: r for r in result.parameters.profile.audit.department_rules}
        names = [
            labels.label({c: (rules[c].label, rules[c].label_en or rules[c].label)}, c, lang)
            for c in s["rules_not_run"]
        ]
        listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
        rows.append(
            (say["rules_not_run"], listing.join(names), say["rules_not_run_note"], "", None)
        )
    rows += [
        (
            say["input_problems"],
            issues["errors"] + issues["warnings"],
            say["input_problems_note"].format(errors=issues["errors"], warnings=issues["warnings"]),
            "",
            None,
        ),
        (say["unassessed"], s["unassessed_households"], "", "", None),
        (
            say["timing_unchecked"],
            s["elimination_timing_unchecked"],
            say["timing_unchecked_note"],
            "",
            None,
        ),
    ]
    return rows


def township_table(result: AuditResult) -> pd.DataFrame:
    """Findings by township (administrative-code order, as the summary has them): totals,
    errors, warnings and one column per check; a 合计 row last."""
    headers = _words(result, labels.AUDIT_COLUMNS)
    none_label = labels.label(labels.AUDIT_SUMMARY, "no_township", result.lang)
    findings = result.findings
    township = findings["township"].fillna(none_label)
    codes = list(result.checks)
    counts = pd.crosstab(township, findings["code"]).reindex(columns=codes, fill_value=0)
    severity = pd.crosstab(township, findings["severity"]).reindex(
        columns=["error", "warning"], fill_value=0
    )
    order = [t for t in result.summary["by_township"] if t in counts.index]
    order += [none_label] if none_label in counts.index else []
    total_word = labels.label(labels.PRINT_TEXTS, "total", result.lang)
    table = pd.DataFrame(
        {
            headers["township"]: order,
            total_word: counts.sum(axis=1).reindex(order).to_numpy(),
            headers["errors"]: severity["error"].reindex(order).to_numpy(),
            headers["warnings"]: severity["warning"].reindex(order).to_numpy(),
            **{code_label(result, c): counts[c].reindex(order).to_numpy() for c in codes},
        }
    )
    total = [total_word, *table.iloc[:, 1:].sum(axis=0).tolist()]
    return pd.concat([table, pd.DataFrame([total], columns=table.columns)], ignore_index=True)


def income_basis_table(result: AuditResult) -> pd.DataFrame:
    """收入口径比对: per household whose roster and 民政 per-capita incomes disagree, both
    figures, the difference and who to visit with, and two columns for the visit's result."""
    lang = result.lang
    headers = _words(result, labels.AUDIT_INCOME_BASIS)
    basis = result.income_basis
    names = labels.labeller(labels.LOW_INCOME_TYPE, lang)
    listing = labels.label(labels.LIST_SEPARATOR, "list", lang)
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
    """Every input problem as every problems sheet has it (``tables.problems_view``): the
    input it came from, severity and problem in words, where it is; the code last."""
    return _problems(result).frame


def _problems(result: AuditResult) -> Any:
    lang = result.lang
    issues = result.issues
    lists = labels.labeller(labels.DEPARTMENT_LISTS, lang)
    template = labels.label(labels.ISSUE_SOURCES, "list", lang)
    roster = labels.label(labels.ISSUE_SOURCES, "roster", lang)
    sources = issues["kind"].map(
        lambda kind: roster if kind == "roster" else template.format(list=lists.get(kind, kind))
    )
    return problems_view(issues, lang, sources=sources, files=issues["file"])


def parameters_table(result: AuditResult) -> pd.DataFrame:
    """What produced the workbook: profile, dates, inputs, audit settings and rules, labelled.

    The last column gives each setting's key in the profile and each rule's code.
    """
    lang = result.lang
    say = _words(result, labels.AUDIT_SUMMARY)
    item = labels.labeller(labels.PARAMETERS, lang)
    setting = _words(result, labels.AUDIT_PARAMETERS)
    profile = result.parameters.profile
    rows: list[tuple[str, Any, str]] = [
        (item["profile"], f"{profile.name} {profile.version} ({profile.hash})", ""),
        (item["year"], result.parameters.year, ""),
        (item["line"], result.parameters.line, ""),
        (item["as_of"], result.parameters.as_of.isoformat(), ""),
        (item["fanpin_version"], __version__, ""),
    ]
    inputs = [source.model_dump(mode="json") for source in result.meta.inputs]
    rows += [(name, value, "") for name, value in input_rows(inputs, lang)]
    settings = profile.audit.model_dump(exclude={"department_rules"})
    for key, value in settings.items():
        rows.append((setting.get(key, key), _setting(value, say, lang), f"audit.{key}"))
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
    return pd.DataFrame(rows, columns=[item["item"], item["value"], headers["key"]])


def _setting(value: Any, say: dict[str, str], lang: Lang) -> Any:
    if value is None:
        return say["not_set"]
    if isinstance(value, bool):
        return labels.label(labels.YES_NO, "yes" if value else "no", lang)
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
    written: list[tuple[str, SheetWriter]] = [
        (sheets["summary"], _summary_sheet(result)),
        (sheets["by_township"], within_budget(table_sheet(township_table(result), totals=1))),
    ]
    present = set(result.findings["code"])
    acted_on = _finding_columns(flat=False)
    printed = [headers[k] for k in acted_on[: acted_on.index("follow_up") + 1]]
    fill_in = {headers[k]: _FILL_IN_WIDTH for k in _FILL_IN}
    for code in result.checks:
        if code == INCOME_BASIS_CODE and not result.income_basis.empty:
            # one row per household with both incomes: its sheet is the comparison table
            written.append((sheets["income_basis"], income_basis_sheet(result)))
        elif code in present:
            wrapped = [headers[k] for k in WRAPPED]
            sheet = table_sheet(
                findings_table(result, code), widths=fill_in, print_columns=printed, wrap=wrapped
            )
            written.append((names[code], within_budget(sheet, wrapped)))
    problems = within_budget(_problems(result).sheet(), problem_text(result.lang))
    written.append((sheets["problems"], problems))
    parameters = parameters_table(result)
    written.append(
        (
            sheets["parameters"],
            within_budget(table_sheet(parameters), [str(c) for c in parameters.columns[:2]]),
        )
    )
    return written


def _summary_sheet(result: AuditResult) -> SheetWriter:
    """汇总: the figures; money and shares are numbers, each row with its number format."""
    frame = summary_table(result)
    formats = summary_formats(result)
    headers = [str(c) for c in frame.columns]
    base = within_budget(table_sheet(frame, wrap=headers[2:3]), headers[:3])

    def fill(sheet: Worksheet) -> None:
        base(sheet)
        for row, number_format in enumerate(formats, start=2):
            if number_format is not None:
                sheet.cell(row=row, column=2).number_format = number_format

    return fill


def income_basis_sheet(result: AuditResult, title: str | None = None) -> SheetWriter:
    """收入口径比对: per household both per-capita incomes (roster and 民政), the gap, and
    a column for the verified figure, so that one home visit settles both bases."""
    headers = _words(result, labels.AUDIT_INCOME_BASIS)
    money = ("roster_per_capita", "civil_per_capita", "difference", "verified_income")
    formats = {headers[k]: YUAN for k in money} | {headers["gap"]: PERCENT}
    keys = list(labels.AUDIT_INCOME_BASIS)
    printed = [headers[k] for k in keys[: keys.index("verification") + 1]]
    sheet = table_sheet(
        income_basis_table(result),
        number_formats=formats,
        print_columns=printed,
        widths={headers["verification"]: _FILL_IN_WIDTH},
        title=title,
    )
    return within_budget(sheet, [headers["recognition_types"], headers["head_name"]])
