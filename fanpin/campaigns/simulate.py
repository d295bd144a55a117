"""What a new monitoring line or rule would change (规范标准调整机制, domain.md §11).

One roster read, classified twice — under the current parameters (before) and the
proposed ones (after) — and compared household by household: who would enter and
leave monitoring, whose tier or category would move, who sits near the new line
(a small error in income would move them), the same counts per township, and the
relief-fund exposure of the households entering.

"In monitoring" is what a county counts as its monitoring objects after a change:
monitored, proposed for monitoring, or eliminated but at risk again (风险再标注).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.errors import FanpinError
from fanpin.io.issues import issue_counts, json_records
from fanpin.io.messages import Lang
from fanpin.io.models import Meta
from fanpin.io.places import sort_by_place, township_order
from fanpin.pipeline import Classification
from fanpin.rules.assess import STATUSES
from fanpin.rules.profiles import FundSettings

MONITORING_STATUSES = ("monitored", "proposed")
TIERS = ("high", "medium", "low")
TIER_RANK = {"low": 1, "medium": 2, "high": 3}
CHANGES = tuple(labels.SIMULATE_CHANGES)  # in precedence: a household's ``change`` is the first
BOUNDARY_BAND = 0.10
# fund cause -> the risk factor that makes a household eligible for it
FUND_CAUSE_RISKS = {
    "illness": "illness",
    "disaster": "disaster",
    "housing": "unsafe_housing",
    "industry_failure": "industry_failure",
}
SIDE_FIELDS = ("status", "category", "tier", "score", "per_capita_income")


def in_monitoring(households: pd.DataFrame) -> pd.Series:
    """Monitored, proposed for monitoring, or eliminated but at risk again."""
    return households["status"].isin(MONITORING_STATUSES) | households["returned_to_risk"]


def boundary_band(line: float, band: float = BOUNDARY_BAND) -> tuple[float, float]:
    """The lowest and highest per-capita income near ``line``, in yuan and fen (incomes are
    rounded to fen, so 7,000 ± 10 % is 6,300.00 to 7,700.00, both included)."""
    return round(line * (1 - band), 2), round(line * (1 + band), 2)


def boundary_mask(households: pd.DataFrame, line: float, band: float = BOUNDARY_BAND) -> pd.Series:
    """Per-capita income within ±``band`` of ``line``, both ends included."""
    low, high = boundary_band(line, band)
    income = households["per_capita_income"]
    return ((income >= low) & (income <= high)).fillna(False)


def change_flags(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per change code (labels.SIMULATE_CHANGES), a row per household.

    Entering and leaving are moves in or out of monitoring; tier and category changes
    count among households in monitoring under both parameter sets; the watch list
    moves among households in monitoring under neither.
    """
    was, now = in_monitoring(before), in_monitoring(after)
    old_rank = before["tier"].map(TIER_RANK)
    new_rank = after["tier"].map(TIER_RANK)
    stayed = was & now
    outside = ~was & ~now
    old_watch = before["status"].eq("watch")
    new_watch = after["status"].eq("watch")
    flags = {
        "entering": ~was & now,
        "leaving": was & ~now,
        "tier_up": stayed & (new_rank > old_rank),
        "tier_down": stayed & (new_rank < old_rank),
        "category_changed": stayed
        & before["category"].notna()
        & after["category"].notna()
        & before["category"].ne(after["category"]),
        "watch_joined": outside & ~old_watch & new_watch,
        "watch_left": outside & old_watch & ~new_watch,
    }
    return pd.DataFrame({code: flags[code].fillna(False).astype(bool) for code in CHANGES})


@dataclass
class SimulationResult:
    """Two classifications of one roster and what differs between them."""

    meta: Meta
    before: Classification
    after: Classification
    overrides: dict[str, Any]  # dotted key -> value, applied to the after profile
    band: float
    changes: pd.DataFrame  # changed households: CHANGE_COLUMNS, codes
    boundary: pd.DataFrame  # households near the new line: BOUNDARY_COLUMNS
    summary: dict[str, Any]
    by_township: list[dict[str, Any]]
    cost: dict[str, Any] | None  # None: the after profile sets no fund caps

    @property
    def lang(self) -> Lang:
        return self.after.parameters.lang

    @property
    def era(self) -> labels.Era:
        """The after profile's terminology: from 2026 防止返贫致贫对象 (labels.in_era)."""
        return self.after.parameters.profile.terminology

    @property
    def errors(self) -> int:
        """Data errors in the roster (the run's exit code)."""
        return int(self.summary["issues"]["errors"])

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: meta, summary, households (changed), boundary, by_township, cost."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary,
            "households": change_records(self.changes),
            "boundary": json_records(self.boundary),
            "by_township": self.by_township,
            "cost": self.cost,
        }


CHANGE_COLUMNS = [
    "household_id",
    "township",
    "village",
    "head_name",
    "size",
    "change",
    "changes",
    *(f"{field}_{side}" for side in ("before", "after") for field in SIDE_FIELDS),
]
BOUNDARY_COLUMNS = [
    "household_id",
    "township",
    "village",
    "head_name",
    "size",
    "per_capita_income",
    "line",
    "gap",
    "gap_ratio",
    "status",
    "category",
    "tier",
]


def compare(
    before: Classification,
    after: Classification,
    meta: Meta,
    overrides: dict[str, Any],
    band: float = BOUNDARY_BAND,
) -> SimulationResult:
    """Compare two classifications of the same validated roster, household by household."""
    old, new = before.households, after.households
    if not old["household_id"].equals(new["household_id"]):
        raise FanpinError(
            "simulate needs two classifications of the same roster read",
            zh="模拟测算须比较同一次读入的花名册的两次分类",
        )
    flags = change_flags(old, new)
    line = after.parameters.line
    near = boundary_mask(new, line, band)
    changed = flags.any(axis=1)
    matrix = _count_matrix(old, new, flags, changed, near)
    size = new["size"].to_numpy(dtype=np.int64)
    summary = _nest(matrix, size)
    summary = {
        "households": len(new),
        "people": int(size.sum()),
        "line": {"before": before.parameters.line, "after": line},
        **summary,
        "issues": issue_counts(after.issues),
    }
    return SimulationResult(
        meta=meta,
        before=before,
        after=after,
        overrides=overrides,
        band=band,
        changes=_changes(old, new, flags, changed),
        boundary=_boundary(new, near, line),
        summary=summary,
        by_township=_by_township(new, matrix, size),
        cost=fund_exposure(
            new, flags["entering"], after.parameters.profile.fund, after.parameters.lang
        ),
    )


def _count_matrix(
    old: pd.DataFrame,
    new: pd.DataFrame,
    flags: pd.DataFrame,
    changed: pd.Series,
    near: pd.Series,
) -> pd.DataFrame:
    """A boolean column per counted thing, named by its dotted place in the summary."""
    columns: dict[str, pd.Series] = {}
    for side, frame in (("before", old), ("after", new)):
        monitoring = in_monitoring(frame)
        columns[f"{side}.monitoring"] = monitoring
        for code in STATUSES:
            columns[f"{side}.by_status.{code}"] = frame["status"].eq(code)
        for code in labels.CATEGORY:
            columns[f"{side}.by_category.{code}"] = monitoring & frame["category"].eq(code)
        for code in TIERS:
            columns[f"{side}.by_tier.{code}"] = frame["tier"].eq(code)
    for code in CHANGES:
        columns[code] = flags[code]
    columns["changed"] = changed
    columns["boundary"] = near
    columns["unassessed"] = new["status"].eq("unassessed")
    return pd.DataFrame({k: v.fillna(False).astype(bool) for k, v in columns.items()})


def _nest(matrix: pd.DataFrame, size: np.ndarray) -> dict[str, Any]:
    """Households and people per column of ``matrix``, nested by the dotted names."""
    values = matrix.to_numpy(dtype=np.int64)
    households = values.sum(axis=0)
    people = size @ values
    return _nest_counts(list(matrix.columns), households, people)


def _nest_counts(names: list[str], households: np.ndarray, people: np.ndarray) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for name, count, persons in zip(names, households, people, strict=True):
        if name == "boundary":  # a count, with its people beside it
            nested["boundary"] = int(count)
            nested["boundary_people"] = int(persons)
            continue
        *path, last = name.split(".")
        place = nested
        for part in path:
            place = place.setdefault(part, {})
        place[last] = {"households": int(count), "people": int(persons)}
    return nested


def _by_township(households: pd.DataFrame, matrix: pd.DataFrame, size: np.ndarray) -> list[dict]:
    """The summary's counts per township, in administrative-code order as every output
    lists them (``io.places``); a missing township last."""
    township = households["township"]
    names = township.astype(object).where(township.notna(), None)
    key = names.fillna("\uffff")  # sorts after every name
    values = matrix.to_numpy(dtype=np.int64)
    frame = pd.DataFrame(values, columns=matrix.columns)
    people = pd.DataFrame(values * size[:, None], columns=matrix.columns)
    by_households = frame.groupby(key.to_numpy(), sort=False).sum()
    by_people = people.groupby(key.to_numpy(), sort=False).sum()
    totals = pd.Series(size).groupby(key.to_numpy(), sort=False).agg(["count", "sum"])
    result = []
    counts, persons = totals["count"].to_dict(), totals["sum"].to_dict()
    order = [*township_order(households), "\uffff"]
    for name in [t for t in order if t in counts]:
        entry: dict[str, Any] = {
            "township": None if name == "\uffff" else name,
            "households": int(counts[name]),
            "people": int(persons[name]),
        }
        entry |= _nest_counts(
            list(matrix.columns),
            by_households.loc[name].to_numpy(),
            by_people.loc[name].to_numpy(),
        )
        result.append(entry)
    return result


def _changes(
    old: pd.DataFrame, new: pd.DataFrame, flags: pd.DataFrame, changed: pd.Series
) -> pd.DataFrame:
    """One row per changed household: its primary change, all its changes, both sides."""
    rows = np.flatnonzero(changed.to_numpy())
    chosen = flags.to_numpy()[rows]
    codes = np.array(CHANGES, dtype=object)
    frame = pd.DataFrame(
        {
            "household_id": new["household_id"].to_numpy()[rows],
            "township": new["township"].to_numpy()[rows],
            "village": new["village"].to_numpy()[rows],
            "head_name": new["head_name"].to_numpy()[rows],
            "size": new["size"].to_numpy()[rows],
            "change": codes[chosen.argmax(axis=1)] if len(rows) else [],
            "changes": [list(codes[mask]) for mask in chosen],
        }
    )
    for side, source in (("before", old), ("after", new)):
        for field in SIDE_FIELDS:
            frame[f"{field}_{side}"] = source[field].to_numpy()[rows]
    return _sorted(frame, new)[CHANGE_COLUMNS]


def _boundary(new: pd.DataFrame, near: pd.Series, line: float) -> pd.DataFrame:
    chosen = new.loc[near.to_numpy()]
    income = chosen["per_capita_income"]
    frame = pd.DataFrame(
        {
            "household_id": chosen["household_id"],
            "township": chosen["township"],
            "village": chosen["village"],
            "head_name": chosen["head_name"],
            "size": chosen["size"],
            "per_capita_income": income,
            "line": line,
            "gap": (income - line).round(2),
            "gap_ratio": (income / line - 1).round(4),
            "status": chosen["status"],
            "category": chosen["category"],
            "tier": chosen["tier"],
        }
    )
    return _sorted(frame, new)[BOUNDARY_COLUMNS]


def _sorted(frame: pd.DataFrame, households: pd.DataFrame) -> pd.DataFrame:
    """By township and village in administrative-code order (``io.places``), then 户编号."""
    return sort_by_place(frame, households, then=["household_id"]).reset_index(drop=True)


def change_records(changes: pd.DataFrame) -> list[dict[str, Any]]:
    """Changed households as JSON objects, each side's values under ``before``/``after``."""
    records = []
    for row in json_records(changes):
        record = {k: row[k] for k in CHANGE_COLUMNS[:7]}
        for side in ("before", "after"):
            record[side] = {field: row[f"{field}_{side}"] for field in SIDE_FIELDS}
        records.append(record)
    return records


def fund_exposure(
    households: pd.DataFrame, entering: pd.Series, fund: FundSettings, lang: Lang
) -> dict[str, Any] | None:
    """The relief-fund exposure of households entering monitoring, as a low-high range.

    A household counts when one of its risk factors matches a cause the fund pays
    (FUND_CAUSE_RISKS), for one payment: low, the smallest standard among its
    causes (nothing for a cause without a standard); high, the largest cap among
    them (the standard where no cap is set), within the yearly cap per household.
    None when the profile sets no caps per cause. Amounts are "0.00" strings.
    """
    if not fund.caps:
        return None
    causes = [c for c in fund.causes if c in FUND_CAUSE_RISKS]
    entering_mask = entering.to_numpy(dtype=bool)
    matched = np.column_stack(
        [households[f"risk_{FUND_CAUSE_RISKS[c]}"].to_numpy(dtype=bool) for c in causes]
        or [np.zeros(len(households), dtype=bool)]
    )
    matched &= entering_mask[:, None]
    any_cause = matched.any(axis=1)

    def fen(amount: Decimal | None) -> int:
        return -1 if amount is None else int(amount * 100)

    standards = np.array([fen(fund.standards.get(c)) for c in causes], dtype=np.int64)
    bounds = np.array(
        [fen(fund.caps.get(c, fund.standards.get(c))) for c in causes], dtype=np.int64
    )
    low_each = np.where(matched, np.maximum(standards, 0), np.iinfo(np.int64).max).min(axis=1)
    low_each = np.where(any_cause, low_each, 0)
    high_each = np.where(matched, np.maximum(bounds, 0), 0).max(axis=1)
    if fund.yearly_cap is not None:
        high_each = np.minimum(high_each, fen(fund.yearly_cap))
    unbounded = (matched & (bounds < 0)).any(axis=1)
    by_cause = [
        {
            "cause": cause,
            "risk_factor": FUND_CAUSE_RISKS[cause],
            "households": int(matched[:, i].sum()),
            "standard": _yuan(fund.standards.get(cause)),
            "cap": _yuan(fund.caps.get(cause)),
        }
        for i, cause in enumerate(causes)
    ]
    return {
        "entering_households": int(entering_mask.sum()),
        "matching_households": int(any_cause.sum()),
        "unbounded_households": int(unbounded.sum()),
        "low": _yuan(Decimal(int(low_each.sum())) / 100),
        "high": _yuan(Decimal(int(high_each.sum())) / 100),
        "yearly_cap": _yuan(fund.yearly_cap),
        "by_cause": by_cause,
        "assumption": labels.label(labels.SIMULATE_TEXT, "cost_assumption", lang),
    }


def _yuan(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"
