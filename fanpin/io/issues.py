"""Issues: problems in an input file, one row each, in one frame shape for every input.

Every stage that finds a problem in a file (validation, department lists, the
relief-fund ledger, the cases file) returns a DataFrame with ``ISSUE_COLUMNS``,
located where the user will look: the sheet, the 1-based Excel row, the header
as written, the cell's value and a message that names the fix. Results keep
them as such; JSON gets ``issue_records``. ``validate.IssueCollector`` builds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

# column -> its type in tables written for machines (Parquet, CSV)
ISSUE_COLUMNS: dict[str, str] = {
    "code": "text",
    "severity": "text",  # error | warning
    "sheet": "text",
    "row": "int",  # Excel row (CSV line), counting title and header rows; None: the whole file
    "column": "text",  # the header as written in the file
    "field": "text",  # fanpin's canonical name of that column
    "value": "text",
    "household_id": "text",
    "message": "text",
}


def issue_frame(records: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Issue records as a frame with exactly ``ISSUE_COLUMNS`` (empty when there are none)."""
    return pd.DataFrame(list(records), columns=list(ISSUE_COLUMNS))


def in_file_order(issues: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """By Excel row, then by the position of the issue's field among ``columns``."""
    position = {name: i for i, name in enumerate(columns)}
    order = issues["field"].map(position).fillna(-1)
    ordered = issues.assign(_position=order).sort_values(["row", "_position"], kind="stable")
    return ordered.drop(columns="_position").reset_index(drop=True)


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as JSON-ready dicts in column order: numpy scalars as Python values,
    missing values as None."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [
        {str(k): (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in plain.to_dict("records")
    ]


def issue_records(issues: pd.DataFrame) -> list[dict[str, Any]]:
    """Issues as JSON-ready dicts (``json_records``), Excel rows as integers."""
    records = json_records(issues)
    for record in records:
        if isinstance(record.get("row"), float):
            record["row"] = int(record["row"])
    return records


def issue_counts(issues: pd.DataFrame) -> dict[str, int]:
    """How many errors and warnings."""
    severity = issues["severity"]
    return {
        "errors": int(severity.eq("error").sum()),
        "warnings": int(severity.eq("warning").sum()),
    }


def has_errors(issues: pd.DataFrame) -> bool:
    return bool(issues["severity"].eq("error").any())
