"""Results → files in the chosen format (json, csv, xlsx), written atomically.

Each ``export_*`` returns the text when no path is given (for stdout) and
writes the file otherwise. Workbooks are for people: labelled, frozen, filtered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from fanpin import labels
from fanpin.campaigns.diff import DiffResult
from fanpin.errors import FanpinError
from fanpin.io.issues import ISSUE_COLUMNS
from fanpin.io.models import ValidationResult
from fanpin.outputs.tables import (
    ESCAPED_MONEY_COLUMNS,
    MONEY_COLUMNS,
    MONEY_COLUMNS_EN,
    elimination_table,
    escaped_track_table,
    households_table,
    measures_table,
    parameters_table,
)
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    table_sheet,
    write_text,
    write_workbook,
)
from fanpin.pipeline import Classification

Format = Literal["json", "csv", "xlsx"]
YUAN = "#,##0.00"
PERCENT = "0.0%"
ISSUE_HEADERS = {
    "zh": ["问题代码", "级别", "工作表", "行号", "列", "字段", "值", "户编号", "说明"],
    "en": [
        "code",
        "severity",
        "sheet",
        "row",
        "column",
        "field",
        "value",
        "household ID",
        "message",
    ],
}


def issues_frame(issues: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Issues under labelled headers, for a sheet or CSV."""
    headers = ISSUE_HEADERS["zh" if lang == "zh" else "en"]
    frame = issues[list(ISSUE_COLUMNS)].set_axis(headers, axis=1)
    return frame.astype({headers[3]: "Int64"})


def _deliver(text: str, path: Path | None, encoding: str = "utf-8") -> str | None:
    if path is None:
        return text
    write_text(path, text, encoding=encoding)
    return None


def _need_path(path: Path | None, what: str) -> Path:
    if path is None:
        raise FanpinError(f"{what} as xlsx needs an output file: add -o NAME.xlsx")
    return path


def export_validation(result: ValidationResult, fmt: Format, path: Path | None) -> str | None:
    """The validation result as JSON (exactly the library result), CSV or a workbook."""
    lang = result.meta.lang
    if fmt == "json":
        return _deliver(json_text(result.to_dict()), path)
    frame = issues_frame(result.issues, lang)
    if fmt == "csv":
        return _deliver(frame_to_csv(frame), path, "utf-8-sig")
    write_workbook(
        _need_path(path, "validate"),
        [("数据问题" if lang == "zh" else "problems", table_sheet(frame))],
    )
    return None


def export_classification(
    result: Classification, fmt: Format, path: Path | None, everyone: bool = False
) -> str | None:
    """Households as JSON (codes), CSV or a workbook of households, problems, parameters."""
    parameters = result.parameters
    zh = parameters.lang == "zh"
    if fmt == "json":
        text = json_text(result.to_dict(everyone))
        return _deliver(text, path)
    table = households_table(result.listed(everyone), parameters)
    if fmt == "csv":
        return _deliver(frame_to_csv(table), path, "utf-8-sig")
    money = MONEY_COLUMNS if zh else MONEY_COLUMNS_EN
    formats = {c: YUAN for c in money} | {("同比变化" if zh else "change on last year"): PERCENT}
    listed = result.listed(everyone)
    era = parameters.profile.terminology
    sheets = [
        (
            labels.term("households_sheet", era, parameters.lang),
            table_sheet(table, number_formats=formats),
        ),
        ("帮扶措施" if zh else "measures", table_sheet(measures_table(listed, parameters))),
        (
            "风险消除" if zh else "elimination",
            table_sheet(elimination_table(listed, parameters), number_formats=formats),
        ),
        *escaped_track_sheets(result),
        (
            "数据问题" if zh else "problems",
            table_sheet(issues_frame(result.issues, parameters.lang)),
        ),
        (
            "参数" if zh else "parameters",
            table_sheet(
                parameters_table(parameters, result.meta.model_dump(mode="json")),
                widths={"项目": 28, "值": 90, "item": 28, "value": 90},
            ),
        ),
    ]
    write_workbook(_need_path(path, "classify"), sheets)
    return None


def escaped_track_sheets(result: Classification) -> list[tuple[str, SheetWriter]]:
    """The 脱贫户分类 sheet (every 脱贫户 sorted, listed or not) when the profile sorts them."""
    parameters = result.parameters
    if not parameters.profile.escaped_track.enabled:
        return []
    lang = parameters.lang
    table = escaped_track_table(result.households, parameters)
    money = {c: YUAN for c in ESCAPED_MONEY_COLUMNS["zh" if lang == "zh" else "en"]}
    name = labels.label(labels.ESCAPED_TRACK_SHEET, "sheet", lang)
    return [(name, table_sheet(table, number_formats=money))]


def export_diff(result: DiffResult, fmt: Format, path: Path | None) -> str | None:
    """Changes as JSON (codes), CSV or a one-sheet workbook."""
    if fmt == "json":
        return _deliver(json_text(result.to_dict()), path)
    if fmt == "csv":
        return _deliver(frame_to_csv(result.changes), path, "utf-8-sig")
    write_workbook(_need_path(path, "diff"), [("变化", table_sheet(result.changes))])
    return None
