"""The prevention relief fund (防贫帮扶基金): the ledger: reading it, exact amounts and dates.

A ledger is one sheet with one row per movement of money: payments (支出) and
tranches paid into the fund (注资), told apart by 类型 as in a county's cash
journal; a ledger without a 类型 column holds payments only, and the profile's
``fund.tranches`` then stand for the money paid in.

Money is exact. Amounts are read from the raw cells (not the float column that
``check_table`` types): numbers through their shortest decimal form, text with
thousands separators, a 元 suffix or full-width digits, each to a ``Decimal``
with at most two places (yuan and fen). Sums are integer fen, so every total is
exact and by-cause, by-township and by-month figures add up to it by
construction; outputs show yuan with two places (JSON as strings, "3000.00";
Excel as numbers formatted #,##0.00).

Every payment is checked against the roster (as ``api.classify`` sees it): the
household is in the roster and monitored (paid after its risk was eliminated is
a warning), the payee's ID is a member of that household, the three checkpoints
(乡村核实, 部门数据比对, 行业扶贫单位稽核) passed and are dated no later than the
payment, the amount is within the cause's cap and the household's yearly cap, one
event is paid once, and the balance never goes below zero.

Rules where policy is silent (fanpin's choices):
- payments to an eliminated household are fine up to its elimination month and a
  warning after it; payments in a month before identification are a warning
  except for causes in ``fund.pay_before_identification`` (disaster, domain.md §5);
- a payment exactly on a checkpoint's day is in order; the yearly cap counts
  calendar years by payment date; a repeated (户编号, 事件编号) is reported on
  the later payment; a negative balance is one error per episode, on the payment
  that made it negative, naming the day it recovered;
- the running balance orders rows by date, tranches before payments on the same
  day, then by row; every payment with a valid date and amount moves it, errors or
  not (the money left the fund), rows dated after ``as_of`` or without a valid
  date or amount (more than two decimals included) are reported and not counted;
- 注资 rows of the ledger are the tranches; the profile's ``fund.tranches`` are
  used only when the ledger has none (a different total is a warning).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

from fanpin.io import schema
from fanpin.io.dates import DATE_TEXT
from fanpin.io.messages import Lang
from fanpin.io.read import read_table
from fanpin.io.validate import Validated, check_table

PAYMENT = "payment"

TRANCHE = "tranche"

PAID_STATUSES = ("monitored", "eliminated")

CHECKPOINTS = tuple(schema.FUND_CHECKPOINTS)

# Columns a ledger must have; 类型, 乡(镇), 行政村 and 备注 are optional.
LEDGER_REQUIRED = (
    "date",
    "household_id",
    "payee_name",
    "payee_id",
    "cause",
    "amount",
    "event_ref",
    *(f"{c}_{part}" for c in CHECKPOINTS for part in ("result", "date")),
    "approver",
)

# Every payment needs these cells filled (blank → missing_value); checkpoints have their own code.
PAYMENT_REQUIRED = ("household_id", "payee_name", "payee_id", "cause", "event_ref", "approver")

ID_PROBLEMS = frozenset({"id_as_number", "id_format", "id_birth_date", "id_checksum"})

_AMOUNT_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")

_EXCEL_EPOCH = date(1899, 12, 30)

_SERIAL_RANGE = (18264, 73050)  # Excel day numbers of 1950-01-01 … 2099-12-31

UNKNOWN = "unknown"


def yuan(fen: int) -> Decimal:
    """Integer fen as yuan with exactly two places: 30 → Decimal('0.30')."""
    return Decimal(int(fen)).scaleb(-2)


def money_text(amount: Decimal | None) -> str | None:
    """An amount for JSON: "3000.00" (exact, two places, no separators)."""
    return None if amount is None else f"{amount:.2f}"


def money_display(amount: Decimal) -> str:
    """An amount for people: 5,000,000.00."""
    return f"{amount:,.2f}"


def parse_amount(value: object) -> Decimal | None:
    """A cell as an exact Decimal; None when blank; ValueError when it is not a number.

    Excel numbers go through their shortest decimal form to 15 significant digits,
    which is what Excel itself shows, so 0.1 is Decimal('0.1') and never
    0.1000000000000000055…; text may carry thousands separators (1,200.50), a 元
    suffix, a ¥ sign and full-width digits. Places beyond the fen are kept, for
    the caller to report.
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        raise ValueError("a yes/no cell is not an amount")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("not a finite number")
        return value
    if isinstance(value, int | np.integer):
        return Decimal(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return Decimal(format(float(value), ".15g"))
    text = schema.normalize_text(str(value))
    if not text:
        return None
    text = text.removeprefix("¥").removesuffix("元").replace(",", "")
    if not _AMOUNT_TEXT.fullmatch(text):
        raise ValueError(f"'{value}' is not an amount")
    return Decimal(text)


def parse_date(value: object) -> date | None:
    """A cell as a date; None when blank; ValueError when it is not one.

    Accepts Excel dates, every form ``io.dates`` reads (2021-03-05, 2021/3/5,
    2021.3.5, 2021年3月5日, 20210305; a time of day after it is ignored), 20210305
    as a number too, and Excel day numbers of a date cell that lost its format
    (1950–2099). A ledger's cell is one value: its text, full-width digits and
    spaces removed, is matched against ``io.dates.DATE_TEXT``, any year.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | np.bool_):
        raise ValueError("a yes/no cell is not a date")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isnan(number):
            return None
        if not number.is_integer():
            raise ValueError(f"{value} is not a date")
        whole = int(number)
        if _SERIAL_RANGE[0] <= whole <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + timedelta(days=whole)
        return parse_date(str(whole))
    text = schema.normalize_text(str(value))
    if not text:
        return None
    match = DATE_TEXT.fullmatch(text)
    if match is None:
        raise ValueError(f"'{value}' is not a date")
    year, month, day = (match[part] or match[f"{part}8"] for part in ("y", "m", "d"))
    return date(int(year), int(month), int(day))


def parse_cells(
    values: pd.Series, parse: Callable[[object], object]
) -> tuple[pd.Series, pd.Series]:
    """Each distinct cell parsed once: (parsed values, True where the cell is not valid)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results: list[object] = []
    invalid: list[bool] = []
    for unique in uniques:
        try:
            results.append(parse(unique))
            invalid.append(False)
        except (ValueError, InvalidOperation, OverflowError):
            results.append(None)
            invalid.append(True)
    results.append(None)
    invalid.append(False)
    parsed = pd.Series(np.array(results, dtype=object)[codes], index=values.index, dtype=object)
    bad = pd.Series(np.array(invalid, dtype=bool)[codes], index=values.index)
    return parsed, bad


def read_ledger(
    path: str | Path, *, sheet: str | None = None, lang: Lang = "zh", as_of: date | None = None
) -> Validated:
    """Read a fund ledger and type its columns (IDs, causes, checkpoint results checked)."""
    table = read_table(path, schema.FUND_LEDGER, sheet, required=LEDGER_REQUIRED)
    return check_table(table, lang=lang, as_of=as_of)
