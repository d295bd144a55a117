"""Audit results → JSON (codes), CSV (one flat table of findings) or a workbook for townships.

The workbook opens on a summary (indicators, counts by check), then counts by
township, then one sheet per finding code (Chinese sheet names), each sorted by
township and village with empty 核实情况 / 整改情况 columns for the township to
fill in, then every input problem and the parameters that produced the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from fanpin import __version__, labels
from fanpin.campaigns.audit import AuditResult
from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.outputs.classify import ISSUE_HEADERS
from fanpin.outputs.write import frame_to_csv, json_text, table_sheet, write_text, write_workbook

Format = Literal["json", "csv", "xlsx"]
SHEET_NAME_LIMIT = 31
_SHEET_UNSAFE = str.maketrans(
    {":": "：", "/": "／", "\\": "＼", "?": "？", "*": "＊", "[": "【", "]": "】"}
)
_ISSUE_HEADERS = {
    "zh": ["文件", "名单", *ISSUE_HEADERS["zh"]],
    "en": ["file", "list", *ISSUE_HEADERS["en"]],
}
_WIDTHS: dict[str, float] = {
    "依据": 60,
    "evidence": 60,
    "建议措施": 40,
    "suggested action": 40,
    "数据来源": 26,
    "source": 26,
    "核实情况": 24,
    "verification": 24,
    "整改情况": 24,
    "follow-up": 24,
    "说明": 60,
    "message": 60,
    "项目": 34,
    "item": 34,
    "值": 28,
    "value": 28,
}


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


def findings_table(
    result: AuditResult, code: str | None = None, *, flat: bool = False
) -> pd.DataFrame:
    """Findings as people read them: labelled columns, one code's rows or (flat) all of them."""
    zh = result.lang == "zh"
    position = 0 if zh else 1
    findings = result.findings
    if code is not None:
        findings = findings.loc[findings["code"].eq(code)]
    blank = pd.Series("", index=findings.index, dtype=object)
    risk_names = {
        c: (zh_name if zh else c.replace("_", " ")) for c, zh_name in schema.RISK_FACTORS.items()
    }
    columns: list[tuple[str, str, pd.Series]] = []
    if flat:
        columns += [
            ("类别", "group", findings["group"].map(lambda g: labels.AUDIT_GROUPS[g][position])),
            ("问题代码", "code", findings["code"]),
            ("问题", "finding", findings["code"].map(lambda c: code_label(result, c))),
        ]
    columns += [
        ("级别", "severity", findings["severity"].map(lambda s: labels.SEVERITY[s][position])),
        ("乡(镇)", "township", findings["township"]),
        ("行政村", "village", findings["village"]),
        ("户编号", "household ID", findings["household_id"]),
        ("户主姓名", "head", findings["head_name"]),
        ("帮扶责任人", "cadre", findings["cadre"]),
        ("联系电话", "cadre phone", findings["cadre_phone"]),
        ("依据", "evidence", findings["evidence"]),
        ("建议措施", "suggested action", findings["action"]),
        ("风险类型", "risk", findings["risk"].map(risk_names)),
        ("数据来源", "source", findings["source"]),
        ("花名册行号", "roster row", findings["roster_row"]),
    ]
    if not flat:
        columns += [("核实情况", "verification", blank), ("整改情况", "follow-up", blank)]
    return pd.DataFrame({(z if zh else e): values for z, e, values in columns})


def summary_table(result: AuditResult) -> pd.DataFrame:
    """The summary sheet: key figures, indicators, counts by check, lists, what went unchecked."""
    s = result.summary
    meta = result.meta
    zh = result.lang == "zh"
    position = 0 if zh else 1

    def t(zh_text: str, en_text: str) -> str:
        return zh_text if zh else en_text

    profile = meta.profile or {}
    income = s["indicators"]["income_ratio"]
    employment = s["indicators"]["employment_rate"]
    issues = s["issues"]
    rows: list[tuple[str, Any, str]] = [
        (t("花名册", "roster"), meta.inputs[0].path, meta.inputs[0].sha256[:16]),
        (
            t("规则方案", "profile"),
            f"{profile.get('name')} {profile.get('version')}",
            str(profile.get("hash", "")),
        ),
        (t("年度 / 监测线(元)", "year / line (yuan)"), f"{meta.year} / {s['line']:,.0f}", ""),
        (t("评估日期", "as of"), meta.as_of, ""),
        (t("户数", "households"), s["households"], ""),
        (t("人数", "people"), s["people"], ""),
        (
            t("发现问题", "findings"),
            s["findings"],
            t(
                f"错误 {s['errors']}，提示 {s['warnings']}",
                f"{s['errors']} errors, {s['warnings']} warnings",
            ),
        ),
        (t("涉及户数", "households with findings"), s["households_with_findings"], ""),
    ]
    for code, info in s["checks"].items():
        group = labels.AUDIT_GROUPS[info["group"]][position]
        rows.append((f"{group}{t('：', ': ')}{info['label']}", info["count"], code))
    rows += [
        (
            t("脱贫人口人均纯收入(元)", "脱贫 people's per-capita income"),
            _money(income["escaped_per_capita"]),
            t(
                f"{income['escaped_households']} 户 {income['escaped_people']} 人",
                f"{income['escaped_households']} households, {income['escaped_people']} people",
            ),
        ),
        (
            t("全部农户人均纯收入(元)", "all households' per-capita income"),
            _money(income["all_per_capita"]),
            t(
                f"{income['all_households']} 户 {income['all_people']} 人；"
                f"无收入数据未计入 {income['households_excluded']} 户",
                f"{income['all_households']} households, {income['all_people']} people; "
                f"{income['households_excluded']} without income left out",
            ),
        ),
        (
            t("脱贫人口与全部农户人均纯收入之比", "income ratio, 脱贫 to all"),
            _percent(income["ratio"]),
            t(
                "按人口加权：家庭纯收入之和 ÷ 人口之和",
                "people-weighted: sum of net income / sum of people",
            ),
        ),
    ]
    note = t(
        "脱贫户和监测对象中劳动力（技能/普通劳动力）务工就业的比例",
        "employed share of labour-capable members of 脱贫 households and monitoring objects",
    )
    target = employment["target"]
    if target is not None:
        reached = employment["met"]
        note += t(
            f"；目标 {target:.0%}，{'已达到' if reached else '未达到'}",
            f"; target {target:.0%}, {'met' if reached else 'not met'}",
        )
    rows.append(
        (
            t("劳动力务工就业率", "employment rate"),
            f"{_percent(employment['rate'])} ({employment['employed']}/"
            f"{employment['labour_capable']})",
            note,
        )
    )
    for kind, stats in s["departments"].items():
        rows.append(
            (
                labels.DEPARTMENT_LISTS[kind][position],
                stats["file"],
                t(
                    f"{stats['rows']} 行，匹配 {stats['matched_rows']} 行"
                    f" {stats['households']} 户；不在花名册 {stats['unknown_ids']} 人；"
                    f"数据问题 {stats['issues']} 条",
                    f"{stats['rows']} rows, {stats['matched_rows']} matched "
                    f"({stats['households']} households); {stats['unknown_ids']} IDs not in "
                    f"the roster; {stats['issues']} problems",
                ),
            )
        )
    if s["rules_not_run"]:
        rows.append(
            (
                t("未运行的部门规则", "department rules not run"),
                t("、", ", ").join(s["rules_not_run"]),
                t("未提供对应部门名单", "no list of their kind given"),
            )
        )
    rows += [
        (
            t("数据问题", "input problems"),
            issues["errors"] + issues["warnings"],
            t(
                f"错误 {issues['errors']}，提示 {issues['warnings']}（见“数据问题”表）",
                f"{issues['errors']} errors, {issues['warnings']} warnings (see 'problems')",
            ),
        ),
        (t("无法评估的户数", "households not assessed"), s["unassessed_households"], ""),
        (
            t("风险消除时间无法核查的户数", "eliminations whose timing is unknown"),
            s["elimination_timing_unchecked"],
            t("缺少识别监测时间或消除监测时间", "identification or elimination month missing"),
        ),
    ]
    return pd.DataFrame(rows, columns=[t("项目", "item"), t("值", "value"), t("说明", "note")])


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def township_table(result: AuditResult) -> pd.DataFrame:
    """Findings by township: totals, errors, warnings and one column per check."""
    zh = result.lang == "zh"
    findings = result.findings
    none_label = "（无乡镇）" if zh else "(no township)"
    township = findings["township"].fillna(none_label)
    codes = list(result.checks)
    counts = pd.crosstab(township, findings["code"]).reindex(columns=codes, fill_value=0)
    severity = pd.crosstab(township, findings["severity"]).reindex(
        columns=["error", "warning"], fill_value=0
    )
    order = sorted(t for t in counts.index if t != none_label)
    order += [none_label] if none_label in counts.index else []
    table = pd.DataFrame(
        {
            ("乡(镇)" if zh else "township"): order,
            ("合计" if zh else "total"): counts.sum(axis=1).reindex(order).to_numpy(),
            ("错误" if zh else "errors"): severity["error"].reindex(order).to_numpy(),
            ("提示" if zh else "warnings"): severity["warning"].reindex(order).to_numpy(),
            **{code_label(result, c): counts[c].reindex(order).to_numpy() for c in codes},
        }
    )
    total = ["合计" if zh else "total", *table.iloc[:, 1:].sum(axis=0).tolist()]
    return pd.concat([table, pd.DataFrame([total], columns=table.columns)], ignore_index=True)


def issues_table(result: AuditResult) -> pd.DataFrame:
    frame = result.issues.copy()
    frame["kind"] = frame["kind"].map(
        lambda k: (
            ("花名册" if result.lang == "zh" else "roster")
            if k == "roster"
            else labels.DEPARTMENT_LISTS[k][0 if result.lang == "zh" else 1]
        )
    )
    frame.columns = _ISSUE_HEADERS["zh" if result.lang == "zh" else "en"]
    return frame


def parameters_table(result: AuditResult) -> pd.DataFrame:
    """What produced the workbook: profile, dates, inputs with hashes, audit settings, rules."""
    profile = result.parameters.profile
    zh = result.lang == "zh"
    rows: list[tuple[str, Any]] = [
        ("规则方案" if zh else "profile", f"{profile.name} {profile.version} ({profile.hash})"),
        ("年度" if zh else "year", result.parameters.year),
        ("监测线(元/人·年)" if zh else "monitoring line", result.parameters.line),
        ("评估日期" if zh else "as of", result.parameters.as_of.isoformat()),
        ("fanpin 版本" if zh else "fanpin version", __version__),
    ]
    for source in result.meta.inputs:
        rows.append(("输入文件" if zh else "input file", f"{source.path} sha256 {source.sha256}"))
    settings = profile.audit.model_dump(exclude={"department_rules"})
    for key, value in settings.items():
        rows.append((f"audit.{key}", value))
    for rule in profile.audit.department_rules:
        risk = f", risk {rule.risk}" if rule.risk else ""
        rows.append(
            (
                f"{'部门规则' if zh else 'rule'} {rule.code}",
                f"{rule.kind} · {rule.raises}{risk} · {rule.severity}: {rule.when}",
            )
        )
    headers = ("项目", "值") if zh else ("item", "value")
    return pd.DataFrame(rows, columns=list(headers))


def sheet_names(result: AuditResult) -> dict[str, str]:
    """code → sheet name, ≤ 31 characters: the check's label; a department rule's label
    prefixed 预警/疑点 (in English, its code)."""
    taken = {
        name.lower()
        for name in (
            ("汇总", "按乡镇", "数据问题", "参数")
            if result.lang == "zh"
            else ("summary", "by township", "problems", "parameters")
        )
    }
    names: dict[str, str] = {}
    for code, info in result.checks.items():
        label = info["label"]
        if info["group"] in ("early_warning", "doubt"):
            # English labels run long: the rule's code names the sheet instead
            label = (
                labels.AUDIT_GROUPS[info["group"]][0] + "·" + label if result.lang == "zh" else code
            )
        name = label.translate(_SHEET_UNSAFE).strip("'")[:SHEET_NAME_LIMIT]
        candidate, number = name, 2
        while candidate.lower() in taken:
            suffix = f"({number})"
            candidate = name[: SHEET_NAME_LIMIT - len(suffix)] + suffix
            number += 1
        taken.add(candidate.lower())
        names[code] = candidate
    return names


def workbook_sheets(result: AuditResult) -> list[tuple[str, Any]]:
    """Summary, by township, one sheet per finding code that has findings, problems, parameters."""
    zh = result.lang == "zh"
    names = sheet_names(result)
    sheets: list[tuple[str, Any]] = [
        ("汇总" if zh else "summary", table_sheet(summary_table(result), widths=_WIDTHS)),
        ("按乡镇" if zh else "by township", table_sheet(township_table(result))),
    ]
    present = set(result.findings["code"])
    for code in result.checks:
        if code in present:
            sheets.append((names[code], table_sheet(findings_table(result, code), widths=_WIDTHS)))
    sheets.append(
        ("数据问题" if zh else "problems", table_sheet(issues_table(result), widths=_WIDTHS))
    )
    sheets.append(
        ("参数" if zh else "parameters", table_sheet(parameters_table(result), widths=_WIDTHS))
    )
    return sheets
