"""Dates as people write them: 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305.

One parser for every place fanpin reads a date: cells of a cases file or a
ledger (``parse_dates``, whole columns, Excel serial numbers too) and the
``--as-of`` / ``--start`` options (``parse_date``, one text, no serial numbers).
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

DATE_TEXT = re.compile(
    r"^(?:(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"|(?P<y8>\d{4})(?P<m8>\d{2})(?P<d8>\d{2}))"
    r"(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"
FIRST_SERIAL, LAST_SERIAL = 36526, 73050  # 2000-01-01 … 2099-12-31 as Excel serial numbers
FIRST_YEAR, LAST_YEAR = 2000, 2099
DATE_FORMS = "also 2021/12/31, 20211231 or 2021年12月31日"


def parse_dates(text: pd.Series, *, excel_serials: bool = True) -> pd.Series:
    """Dates from cell text: 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日, 20210305, 44260.

    ``text`` is a column as validation types it (Excel date cells already written
    as 2021-03-05). Blank, impossible (2021-02-30) or out-of-range (before 2000,
    after 2099) cells give NaT; the caller reports non-blank NaT cells. Excel
    serial numbers (44260) are read unless ``excel_serials`` is false.
    """
    text = text.astype(object).where(text.notna(), None)
    as_str = text.astype("string").str.strip()
    parts = as_str.str.extract(DATE_TEXT)
    numbers = pd.DataFrame(
        {
            "year": pd.to_numeric(parts["y"].fillna(parts["y8"]), errors="coerce"),
            "month": pd.to_numeric(parts["m"].fillna(parts["m8"]), errors="coerce"),
            "day": pd.to_numeric(parts["d"].fillna(parts["d8"]), errors="coerce"),
        },
        index=text.index,
    )
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    complete = numbers.notna().all(axis=1)
    if complete.any():
        parsed[complete] = pd.to_datetime(numbers[complete], errors="coerce")
    if excel_serials:
        serial = pd.to_numeric(as_str.where(as_str.str.match(EXCEL_SERIAL).fillna(False)))
        serial = serial.where((serial >= FIRST_SERIAL) & (serial <= LAST_SERIAL))
        if serial.notna().any():
            days = pd.to_datetime(serial, unit="D", origin="1899-12-30").dt.floor("D")
            parsed = parsed.where(serial.isna(), days)
    in_range = parsed.dt.year.between(FIRST_YEAR, LAST_YEAR)
    return parsed.where(in_range)


def parse_date(text: str) -> date:
    """One date as a person types it; a ValueError names the forms accepted."""
    parsed = parse_dates(pd.Series([text], dtype=object), excel_serials=False).iloc[0]
    if pd.isna(parsed):
        raise ValueError(f"'{text}' is not a date like 2021-12-31 ({DATE_FORMS})")
    return date(parsed.year, parsed.month, parsed.day)
