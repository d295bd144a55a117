"""What a checked ledger adds up to: totals, balance, by cause, township and month; the
JSON records of its entries. Amounts are exact: integer fen, shown as "0.00" yuan."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from fanpin.campaigns.fund.ledger import CHECKPOINTS, PAYMENT, TRANCHE, UNKNOWN, money_text, yuan
from fanpin.io import schema
from fanpin.io.places import township_order
from fanpin.io.validate import mask_id


def ledger_summary(
    entries: pd.DataFrame,
    issues: pd.DataFrame,
    *,
    as_of: date,
    movements: pd.DataFrame,
    tranche_source: str,
    negative_episodes: list[dict[str, Any]],
) -> dict[str, Any]:
    """Totals as exact "0.00" strings; by-cause, township and month figures add up to them."""
    counted = entries.loc[entries["counted"].astype(bool)]
    paid = counted.loc[counted["kind"].eq(PAYMENT)]
    tranches = counted.loc[counted["kind"].eq(TRANCHE)]
    total_paid = int(paid["fen"].sum())
    total_tranches = int(tranches["fen"].sum())
    ledger = entries.loc[entries["source"].eq("ledger")]
    not_counted = ledger.loc[~ledger["counted"].astype(bool)]
    helped = paid.loc[paid["household_id"].notna()].drop_duplicates("household_id")
    sizes = pd.to_numeric(helped["roster_size"], errors="coerce")
    flagged = paid.loc[paid["has_error"].astype(bool)]
    severity = issues["severity"]
    by_code = issues["code"].value_counts().sort_index()
    lowest: dict[str, Any] | None = None
    if not movements.empty:
        position = int(np.argmin(movements["balance"].to_numpy()))
        lowest = {
            "amount": money_text(yuan(int(movements["balance"].iloc[position]))),
            "date": movements["date"].iloc[position].isoformat(),
        }
    return {
        "as_of": as_of.isoformat(),
        "rows": len(ledger),
        "payments": len(paid),
        "tranches": len(tranches),
        "tranche_source": tranche_source,
        "total_tranches": money_text(yuan(total_tranches)),
        "total_paid": money_text(yuan(total_paid)),
        "balance": money_text(yuan(total_tranches - total_paid)),
        "lowest_balance": lowest,
        "negative_balance": negative_episodes,
        "households_helped": len(helped),
        "people_helped": int(sizes.sum()),
        "households_not_in_roster": int(helped["roster_status"].isna().sum()),
        "paid_with_errors": {
            "payments": len(flagged),
            "amount": money_text(yuan(int(flagged["fen"].sum()))),
        },
        "not_counted": {
            "rows": len(not_counted),
            "after_as_of": int(not_counted["after_as_of"].astype(bool).sum()),
            "no_date": int(not_counted["date"].isna().sum()),
            "no_amount": int(not_counted["fen"].isna().sum()),
        },
        "by_cause": _grouped(
            paid, paid["cause"].fillna(UNKNOWN), order=tuple(schema.FUND_CAUSE_LABELS)
        ),
        "by_township": _grouped(
            paid,
            paid["township"].fillna(UNKNOWN),
            people=True,
            order=township_order(paid[["township", "household_id"]], blank=UNKNOWN),
        ),
        "by_month": _by_month(counted, movements),
        "issues": {
            "errors": int(severity.eq("error").sum()),
            "warnings": int(severity.eq("warning").sum()),
            "by_code": {str(code): int(n) for code, n in by_code.items()},
        },
    }


def _by_month(counted: pd.DataFrame, movements: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per month: payments, paid, paid in, balance at the month's end."""
    if counted.empty:
        return {}
    month = counted["date"].map(lambda d: f"{d.year:04d}-{d.month:02d}")
    is_payment = counted["kind"].eq(PAYMENT)
    fen = counted["fen"].astype("int64")
    paid = fen.where(is_payment, 0).groupby(month).sum()
    paid_in = fen.where(~is_payment, 0).groupby(month).sum()
    payments = is_payment.groupby(month).sum()
    moves = movements
    closing = (
        moves["balance"]
        .groupby(moves["date"].map(lambda d: f"{d.year:04d}-{d.month:02d}").to_numpy())
        .last()
    )
    return {
        str(key): {
            "payments": int(payments[key]),
            "paid": money_text(yuan(int(paid[key]))),
            "paid_in": money_text(yuan(int(paid_in[key]))),
            "closing_balance": money_text(yuan(int(closing[key]))),
        }
        for key in sorted(paid.index)
    }


def _grouped(
    paid: pd.DataFrame, keys: pd.Series, people: bool = False, order: Sequence[str] = ()
) -> dict[str, Any]:
    """Payments, households (and people) and amount per key, keys in ``order`` (then by
    name, unknown last); amounts add up to the total."""
    result: dict[str, Any] = {}
    rank = {key: position for position, key in enumerate(order)}

    def position(key: object) -> tuple[int, int, str]:
        return (key == UNKNOWN, rank.get(str(key), len(rank)), str(key))

    groups = sorted(paid.groupby(keys, sort=False), key=lambda item: position(item[0]))
    for key, rows in groups:
        households = rows.loc[rows["household_id"].notna()].drop_duplicates("household_id")
        entry: dict[str, Any] = {"payments": len(rows), "households": len(households)}
        if people:
            sizes = pd.to_numeric(households["roster_size"], errors="coerce")
            entry["people"] = int(sizes.sum())
        entry["amount"] = money_text(yuan(int(rows["fen"].sum())))
        result[str(key)] = entry
    return result


def plain(value: object) -> Any:
    """A frame cell as a plain Python value: None for any missing value, int and bool
    for numpy's."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def amount_of(fen: object) -> Decimal | None:
    """A fen cell as yuan (None when missing)."""
    value = plain(fen)
    return None if value is None else yuan(int(value))


def entry_records(entries: pd.DataFrame) -> list[dict[str, Any]]:
    """One JSON-ready dict per entry: codes, ISO dates, amounts as "0.00", payee ID masked."""
    records = []
    for entry in entries.to_dict("records"):
        when = plain(entry.get("date"))
        payee = plain(entry.get("payee_id"))
        checks = {
            checkpoint: {
                "result": plain(entry.get(f"{checkpoint}_result")),
                "date": None
                if plain(entry.get(f"{checkpoint}_date")) is None
                else entry[f"{checkpoint}_date"].isoformat(),
            }
            for checkpoint in CHECKPOINTS
        }
        records.append(
            {
                "row": plain(entry.get("row")),
                "source": entry["source"],
                "type": entry["kind"],
                "date": None if when is None else when.isoformat(),
                "household_id": plain(entry.get("household_id")),
                "township": plain(entry.get("township")),
                "village": plain(entry.get("village")),
                "payee_name": plain(entry.get("payee_name")),
                "payee_id": None if payee is None else mask_id(str(payee)),
                "cause": plain(entry.get("cause")),
                "amount": money_text(amount_of(entry.get("fen"))),
                "event_ref": plain(entry.get("event_ref")),
                "checks": checks,
                "approver": plain(entry.get("approver")),
                "note": plain(entry.get("note")),
                "roster_status": plain(entry.get("roster_status")),
                "counted": bool(entry["counted"]),
                "balance_after": money_text(amount_of(entry.get("balance_fen"))),
                "issues": list(entry.get("issues") or []),
            }
        )
    return records
