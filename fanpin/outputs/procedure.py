"""Procedure results as JSON, CSV (the cases) or a workbook: cases, findings, townships,
problems and parameters, labelled in the run's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd

from fanpin import labels
from fanpin.campaigns.procedure import (
    DATE_FIELDS,
    FINDINGS,
    PENDING_STEPS,
    UNKNOWN_STEP,
    ProcedureResult,
)
from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.issues import issue_records
from fanpin.outputs.classify import issues_frame
from fanpin.outputs.write import (
    frame_to_csv,
    json_text,
    table_sheet,
    write_text,
    write_workbook,
)

Format = Literal["json", "csv", "xlsx"]


def _label(table: dict[str, tuple[str, str]], code: object, zh: bool) -> object:
    if code is None:
        return None
    pair = table.get(str(code))
    return code if pair is None else pair[0 if zh else 1]


def _yes(value: object, zh: bool) -> object:
    if value is None:
        return None
    return ("是" if value else "否") if zh else ("yes" if value else "no")


def cases_table(result: ProcedureResult, as_dates: bool = False) -> pd.DataFrame:
    """One labelled row per case (Chinese headers, or English with ``lang="en"``)."""
    zh = result.meta.lang == "zh"
    risks = {code: (zh_name, code) for zh_name, code in schema.DECLARABLE_RISKS.items()}
    findings = {code: (v[1], v[2]) for code, v in FINDINGS.items()}
    headers = {f.name: f.header if zh else f.label_en for f in schema.CASES.fields}

    def when(text: str | None) -> object:
        if text is None or not as_dates:
            return text
        return date.fromisoformat(text)

    rows = []
    for case in issue_records(result.cases):
        row: dict[str, object] = {
            ("行号" if zh else "row"): case["row"],
            headers["household_id"]: case["household_id"],
            headers["head_name"]: case["head_name"],
            headers["township"]: case["township"],
            headers["village"]: case["village"],
            headers["kind"]: _label(labels.PROCEDURE_KINDS, case["kind"], zh),
            headers["channel"]: _label(labels.LEAD_CHANNELS, case["channel"], zh),
            headers["risk_type"]: _label(risks, case["risk_type"], zh),
            ("受灾先行帮扶" if zh else "disaster fast-track"): _yes(case["fast_track"], zh),
        }
        for name in DATE_FIELDS:
            row[headers[name]] = when(case[name])
        row |= {
            ("当前环节" if zh else "current step"): _label(
                labels.PROCEDURE_STEPS, case["current_step"], zh
            ),
            ("已用天数" if zh else "days elapsed"): case["days_elapsed"],
            ("时限" if zh else "limit"): case["limit_days"],
            ("应审定日期" if zh else "approval due"): when(case["due_date"]),
            ("是否超期" if zh else "overdue"): _yes(case["overdue"], zh),
            ("公示天数" if zh else "notice days"): case["notice_days"],
            ("发现问题" if zh else "findings"): "、".join(
                str(_label(findings, c, zh)) for c in case["findings"]
            ),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def findings_table(result: ProcedureResult) -> pd.DataFrame:
    zh = result.meta.lang == "zh"
    finding_labels = {code: (v[1], v[2]) for code, v in FINDINGS.items()}
    columns = (
        ["问题", "级别", "行号", "列", "值", "户编号", "类型", "乡(镇)", "行政村", "说明"]
        if zh
        else ["finding", "severity", "row", "column", "value", "household ID", "kind",
              "township", "village", "message"]
    )  # fmt: skip
    rows = [
        [
            _label(finding_labels, f["code"], zh),
            ("错误" if f["severity"] == "error" else "提醒") if zh else f["severity"],
            f["row"],
            f["column"],
            f["value"],
            f["household_id"],
            _label(labels.PROCEDURE_KINDS, f["kind"], zh),
            f["township"],
            f["village"],
            f["message"],
        ]
        for f in issue_records(result.findings)
    ]
    return pd.DataFrame(rows, columns=columns)


def township_table(result: ProcedureResult) -> pd.DataFrame:
    """Cases per township and current step, with open, overdue and finding counts."""
    zh = result.meta.lang == "zh"
    steps = [s for s in (*PENDING_STEPS, UNKNOWN_STEP) if s in result.summary.by_step]
    rows: list[list[object]] = []
    for name, town in result.summary.by_township.items():
        line: list[object] = [name or ("（未填）" if zh else "(blank)"), town.cases]
        line += [town.by_step.get(s, 0) for s in steps]
        rows.append([*line, town.open, town.overdue, town.findings])
    summary = result.summary
    total: list[object] = ["合计" if zh else "total", summary.cases]
    total += [summary.by_step.get(s, 0) for s in steps]
    rows.append([*total, summary.open, summary.overdue, len(result.findings)])
    columns = (
        ["乡(镇)" if zh else "township", "案件数" if zh else "cases"]
        + [str(_label(labels.PROCEDURE_STEPS, s, zh)) for s in steps]
        + (["未办结", "超期", "问题数"] if zh else ["open", "overdue", "findings"])
    )
    return pd.DataFrame(rows, columns=columns)


def parameters_table(result: ProcedureResult) -> pd.DataFrame:
    zh = result.meta.lang == "zh"
    meta = result.meta
    profile = meta.profile or {}
    settings = profile.get("procedure", {})
    items = [
        ("统计日期" if zh else "as of", meta.as_of),
        ("规则配置" if zh else "profile", f"{profile.get('name')} {profile.get('version')}"),
        ("配置指纹" if zh else "profile hash", profile.get("hash")),
        ("识别时限(天)" if zh else "identification limit (days)", settings.get("deadline_days")),
        (
            "消除时限(天)" if zh else "elimination limit (days)",
            settings.get("elimination_deadline_days") or ("不限" if zh else "none"),
        ),
        (
            "入户核实时限(天)" if zh else "home-check limit (days)",
            settings.get("home_check_days") or ("不限" if zh else "none"),
        ),
        ("计日方式" if zh else "day count", settings.get("day_count")),
        ("公示最少天数" if zh else "notice minimum (days)", settings.get("notice_min_days")),
        (
            "可先行帮扶的风险" if zh else "fast-track risks",
            "、".join(settings.get("fast_track_risks", [])),
        ),
        ("fanpin", meta.fanpin_version),
    ]
    for source in meta.inputs:
        items.append(("输入文件" if zh else "input file", f"{source.path} sha256 {source.sha256}"))
    return pd.DataFrame(items, columns=["项目", "值"] if zh else ["item", "value"])


def export_procedure(result: ProcedureResult, fmt: Format, path: Path | None) -> str | None:
    """JSON (exactly the library result), CSV (one row per case) or a workbook.

    Returns the text when ``path`` is None (for stdout); writes the file otherwise.
    """
    zh = result.meta.lang == "zh"
    if fmt in ("json", "csv"):
        text = json_text(result.to_dict()) if fmt == "json" else frame_to_csv(cases_table(result))
        if path is None:
            return text
        write_text(path, text, encoding="utf-8" if fmt == "json" else "utf-8-sig")
        return None
    if path is None:
        raise FanpinError("procedure as xlsx needs an output file: add -o NAME.xlsx")
    day = "yyyy-mm-dd"
    headers = {f.name: f.header if zh else f.label_en for f in schema.CASES.fields}
    formats = {headers[name]: day for name in DATE_FIELDS}
    formats["应审定日期" if zh else "approval due"] = day
    write_workbook(
        path,
        [
            (
                "程序进度" if zh else "cases",
                table_sheet(cases_table(result, as_dates=True), number_formats=formats),
            ),
            ("发现问题" if zh else "findings", table_sheet(findings_table(result))),
            ("乡镇汇总" if zh else "by township", table_sheet(township_table(result))),
            (
                "数据问题" if zh else "problems",
                table_sheet(issues_frame(result.issues, "zh" if zh else "en")),
            ),
            (
                "参数" if zh else "parameters",
                table_sheet(parameters_table(result), widths={"值": 90, "value": 90}),
            ),
        ],
    )
    return None
