"""What changed between two snapshots of a county: monitoring, elimination, tiers, roster.

A snapshot is the classified household table (a few key columns) saved as
gzip-compressed JSON in the workspace archive after each report, or computed
on the fly from a roster file.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fanpin.errors import FanpinError
from fanpin.outputs.write import atomic_path

SNAPSHOT_SUFFIX = ".snapshot.json.gz"
SNAPSHOT_COLUMNS = (
    "household_id",
    "township",
    "village",
    "head_name",
    "size",
    "status",
    "category",
    "tier",
    "score",
    "per_capita_income",
    "elimination_status",
)
TIER_RANK = {"low": 1, "medium": 2, "high": 3}
# change code -> (Chinese, English) label
CHANGES: dict[str, tuple[str, str]] = {
    "joined": ("新增户", "joined the roster"),
    "left": ("减少户", "left the roster"),
    "newly_monitored": ("新纳入监测", "newly monitored"),
    "newly_proposed": ("新增建议纳入", "newly proposed for monitoring"),
    "eliminated": ("风险消除", "risk eliminated"),
    "returned_to_risk": ("返贫致贫风险重现", "returned to risk"),
    "tier_up": ("风险等级上升", "tier up"),
    "tier_down": ("风险等级下降", "tier down"),
    "category_changed": ("类别变化", "category changed"),
}
DIFF_COLUMNS = ["household_id", "township", "village", "head_name", "change", "before", "after"]


def snapshot_frame(households: pd.DataFrame) -> pd.DataFrame:
    return households[list(SNAPSHOT_COLUMNS)].copy()


def write_snapshot(path: Path, households: pd.DataFrame, meta: dict[str, Any]) -> None:
    """Save the key columns of a classification, atomically, as gzip JSON."""
    frame = snapshot_frame(households)
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    payload = json.dumps({"meta": meta, "households": records}, ensure_ascii=False)
    with atomic_path(path) as temporary:
        temporary.write_bytes(gzip.compress(payload.encode("utf-8"), mtime=0))


def read_snapshot(path: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    try:
        payload = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, ValueError) as error:
        raise FanpinError(f"{path.name} is not a fanpin snapshot: {error}") from None
    frame = pd.DataFrame(payload["households"], columns=list(SNAPSHOT_COLUMNS))
    frame["household_id"] = frame["household_id"].astype(str)
    return frame, payload.get("meta", {})


def latest_snapshot(folder: Path, before: str | None = None) -> Path | None:
    """The newest snapshot in ``folder`` whose name sorts before ``before`` (if given)."""
    if not folder.is_dir():
        return None
    names = sorted(p for p in folder.glob(f"*{SNAPSHOT_SUFFIX}"))
    if before is not None:
        names = [p for p in names if p.name < before]
    return names[-1] if names else None


def diff_snapshots(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per household and change, codes of CHANGES; ordered by township and village."""
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
    order = {code: i for i, code in enumerate(CHANGES)}
    changes["_order"] = changes["change"].map(order)
    changes = changes.sort_values(["township", "village", "household_id", "_order"], kind="stable")
    return changes.drop(columns="_order").reset_index(drop=True).replace({np.nan: None})


def diff_summary(changes: pd.DataFrame) -> dict[str, int]:
    counts = changes["change"].value_counts()
    return {code: int(counts.get(code, 0)) for code in CHANGES}
