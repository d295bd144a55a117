"""One order of places everywhere: townships and villages in administrative-code order.

A national export's 户编号 starts with the household's region code (county, township,
village), so ordering places by that code lists them as the administration does,
whatever the characters of their names. Every table, sheet, terminal summary and
JSON summary that lists townships or villages uses these functions: campaigns
(audit, procedure, fund) and outputs alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

TOWNSHIP_DIGITS = 9  # county (6) + township (3)
VILLAGE_DIGITS = 12  # + village (3)


def place_order(frame: pd.DataFrame, columns: Sequence[str], code_digits: int) -> dict[Any, int]:
    """Rank of each place (a township, or a township and village) in administrative-code
    order: by the region code that starts its households' 户编号 (``code_digits`` long:
    9 for a township, 12 for a village), then by first appearance; places whose
    households have no such code come after, in order of first appearance."""
    ids = frame["household_id"].astype("string")
    code = ids.str.slice(0, code_digits).where(ids.str.fullmatch(rf"\d{{{code_digits},}}"))
    keys = pd.Series(list(zip(*(frame[c] for c in columns), strict=True)), index=frame.index)
    keyed = pd.DataFrame({"key": keys, "code": code, "seen": range(len(frame))})
    keyed = keyed.loc[frame[columns[-1]].notna().to_numpy()]
    first = keyed.groupby("key", sort=False).agg(code=("code", "min"), seen=("seen", "min"))
    first["missing"] = first["code"].isna()
    ranked = first.sort_values(["missing", "code", "seen"])
    ranks = {key: rank for rank, key in enumerate(ranked.index)}
    return {key[0]: rank for key, rank in ranks.items()} if len(columns) == 1 else ranks


def township_order(frame: pd.DataFrame, blank: str | None = None) -> list[str]:
    """Townships of ``frame`` (with household_id and township) in administrative-code
    order. With ``blank``, rows without a township count as a township of that name,
    listed last when there are any."""
    order = place_order(frame, ["township"], TOWNSHIP_DIGITS)
    names = [str(name) for name in sorted(order, key=order.__getitem__)]
    if blank is not None:
        names = [name for name in names if name != blank]
        if frame["township"].isna().any() or frame["township"].eq(blank).any():
            names.append(blank)
    return names


def sort_by_place(
    frame: pd.DataFrame,
    order_from: pd.DataFrame | None = None,
    then: Sequence[str] = (),
    columns: tuple[str, str] = ("township", "village"),
) -> pd.DataFrame:
    """``frame`` by township and village in administrative-code order (``place_order`` of
    ``order_from``, default the frame itself), then by ``then``, else in its own order
    (a roster's); blank places last. ``columns`` name the frame's township and village
    (a labelled table's 乡(镇) and 行政村); ``order_from`` has household_id, township
    and village."""
    source = frame if order_from is None else order_from
    towns = place_order(source, ["township"], TOWNSHIP_DIGITS)
    villages = place_order(source, ["township", "village"], VILLAGE_DIGITS)
    town, village = (frame[c] for c in columns)
    pairs = pd.Series(list(zip(town, village, strict=True)), index=frame.index)
    keys = frame.assign(
        _town=town.map(towns).fillna(len(towns)),
        _village=pairs.map(villages).fillna(len(villages)),
    )
    ordered = keys.sort_values(["_town", "_village", *then], kind="stable")
    return ordered.drop(columns=["_town", "_village"])
