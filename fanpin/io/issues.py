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


def issue_records(issues: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready dicts in column order: missing values as None, rows as integers."""
    plain = issues.astype(object).where(issues.notna(), None)
    records = [{str(k): v for k, v in r.items()} for r in plain.to_dict("records")]
    for record in records:
        for key, value in record.items():
            if isinstance(value, np.integer) or (key == "row" and isinstance(value, float)):
                record[key] = int(value)
            elif isinstance(value, np.floating):
                record[key] = float(value)
            elif isinstance(value, np.bool_):
                record[key] = bool(value)
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
