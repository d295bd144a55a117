"""The archive: the classified household table (a few key columns) of each report run,
saved as gzip-compressed JSON, for the 变化 sheet and ``fanpin diff``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pandas as pd

from fanpin.errors import FanpinError
from fanpin.io.files import atomic_path

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
