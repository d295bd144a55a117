"""What changed between two snapshots of a county: monitoring, elimination, tiers, roster.

Snapshots (``io.snapshots``) are the classified key columns of each report run,
or of a roster file classified on the fly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fanpin import __version__, labels
from fanpin.io.messages import Lang

TIER_RANK = {"low": 1, "medium": 2, "high": 3}
DIFF_COLUMNS = ["household_id", "township", "village", "head_name", "change", "before", "after"]


def diff_snapshots(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per household and change (codes of labels.CHANGES), by township and village."""
    merged = old.merge(
        new, on="household_id", how="outer", suffixes=("_old", "_new"), indicator=True
    )
    both = merged["_merge"].eq("both")
    old_status, new_status = merged["status_old"], merged["status_new"]
    old_rank = merged["tier_old"].map(TIER_RANK)
    new_rank = merged["tier_new"].map(TIER_RANK)
    masks = {
        "joined": merged["_merge"].eq("right_only"),
        "left": merged["_merge"].eq("left_only"),
        "newly_monitored": both
        & new_status.eq("monitored")
        & ~old_status.isin(["monitored", "eliminated"]),
        "newly_proposed": both & new_status.eq("proposed") & ~old_status.eq("proposed"),
        "eliminated": both & old_status.eq("monitored") & new_status.eq("eliminated"),
        "returned_to_risk": both
        & old_status.eq("eliminated")
        & new_status.isin(["monitored", "proposed"]),
        "tier_up": both & (new_rank > old_rank),
        "tier_down": both & (new_rank < old_rank),
        "category_changed": both
        & merged["category_old"].notna()
        & merged["category_new"].notna()
        & merged["category_old"].ne(merged["category_new"]),
    }
    value_of = {
        "joined": ("status", "status"),
        "left": ("status", "status"),
        "newly_monitored": ("status", "status"),
        "newly_proposed": ("status", "status"),
        "eliminated": ("status", "status"),
        "returned_to_risk": ("status", "status"),
        "tier_up": ("tier", "tier"),
        "tier_down": ("tier", "tier"),
        "category_changed": ("category", "category"),
    }
    parts = []
    for code, mask in masks.items():
        chosen = merged.loc[mask.fillna(False).astype(bool)]
        if chosen.empty:
            continue
        before_column, after_column = value_of[code]
        parts.append(
            pd.DataFrame(
                {
                    "household_id": chosen["household_id"],
                    "township": chosen["township_new"].fillna(chosen["township_old"]),
                    "village": chosen["village_new"].fillna(chosen["village_old"]),
                    "head_name": chosen["head_name_new"].fillna(chosen["head_name_old"]),
                    "change": code,
                    "before": chosen[f"{before_column}_old"],
                    "after": chosen[f"{after_column}_new"],
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    changes = pd.concat(parts, ignore_index=True)
    order = {code: i for i, code in enumerate(labels.CHANGES)}
    changes["_order"] = changes["change"].map(order)
    changes = changes.sort_values(["township", "village", "household_id", "_order"], kind="stable")
    return changes.drop(columns="_order").reset_index(drop=True).replace({np.nan: None})


def diff_summary(changes: pd.DataFrame) -> dict[str, int]:
    counts = changes["change"].value_counts()
    return {code: int(counts.get(code, 0)) for code in labels.CHANGES}


@dataclass
class DiffResult:
    """What changed between two snapshots: one row per household and change, and counts."""

    old: str
    new: str
    changes: pd.DataFrame
    summary: dict[str, int]
    lang: Lang = "zh"  # of the CSV and workbook; JSON keeps the codes

    def to_dict(self) -> dict[str, Any]:
        records = self.changes.astype(object).where(self.changes.notna(), None)
        return {
            "meta": {
                "fanpin_version": __version__,
                "command": "diff",
                "lang": self.lang,
                "old": self.old,
                "new": self.new,
            },
            "changes": records.to_dict("records"),
            "summary": self.summary,
        }
