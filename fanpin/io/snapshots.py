"""The archive: the classified household table (a few key columns) of each report run,
saved as gzip-compressed JSON, for the 变化 sheet and ``fanpin diff``.

A snapshot that cannot be read (damaged, truncated, edited by hand) is an error
when asked for by name (``fanpin diff``); the county report skips it for the
newest good one and says so, so one bad file never blocks later reports. The
archive keeps the newest ``keep_snapshots`` of each county (fanpin.toml).
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from fanpin.errors import FanpinError
from fanpin.io.files import atomic_path, prune_dated, remember_input
from fanpin.io.limits import current_limits
from fanpin.io.text import CONTROL, capped, printable

SNAPSHOT_SUFFIX = ".snapshot.json.gz"
# AS-OF_RUN-TIME.snapshot.json.gz, as api.report names them: 2021-12-31_20220105T090000000000
SNAPSHOT_NAME = re.compile(r"\d{4}-\d{2}-\d{2}_\d{8}T\d{12}" + re.escape(SNAPSHOT_SUFFIX))
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
    """A snapshot's households and meta; FanpinError naming the file when it is not one.

    Unpacking stops at the unzipped-size limit (a damaged or hostile file never
    fills the memory); text values lose control characters, as every input does.
    """
    not_one = f"{path.name} is not a readable fanpin snapshot"
    remember_input(path)
    try:
        packed = path.read_bytes()
    except OSError as error:
        raise FanpinError(f"{not_one}: {error.strerror or error}") from None
    limit = current_limits().unzipped_bytes
    try:
        unpacker = zlib.decompressobj(wbits=31)  # gzip
        text = unpacker.decompress(packed, limit + 1)
        if len(text) > limit or unpacker.unconsumed_tail:
            raise FanpinError(f"{not_one}: it unpacks to more than {limit // 2**20:,} MB")
        if not unpacker.eof:
            raise ValueError("the file is cut short")
        payload = json.loads(text.decode("utf-8"))
    except (zlib.error, ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise FanpinError(f"{not_one}: {printable(capped(reason, 120))}") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("households"), list):
        raise FanpinError(f"{not_one}: it holds no households list")
    records = payload["households"]
    if not all(isinstance(r, dict) for r in records):
        raise FanpinError(f"{not_one}: its households are not records")
    frame = pd.DataFrame(records, columns=list(SNAPSHOT_COLUMNS))
    if frame["household_id"].isna().any():
        raise FanpinError(f"{not_one}: a household has no household_id")
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(_clean, na_action="ignore")
    frame["household_id"] = frame["household_id"].astype(str)
    meta = payload.get("meta")
    return frame, meta if isinstance(meta, dict) else {}


def _clean(value: object) -> object:
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def latest_snapshot(folder: Path, before: str | None = None) -> Path | None:
    """The newest snapshot in ``folder`` whose name sorts before ``before`` (if given)."""
    names = _snapshots(folder)
    if before is not None:
        names = [p for p in names if p.name < before]
    return names[-1] if names else None


@dataclass
class Previous:
    """The newest readable snapshot before a run, and the unreadable ones passed over."""

    path: Path | None = None
    frame: pd.DataFrame | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)


def latest_readable_snapshot(folder: Path, before: str | None = None) -> Previous:
    """The newest snapshot before ``before`` that can be read; unreadable ones are skipped
    and listed, so a damaged file never blocks the reports that follow it."""
    found = Previous()
    names = _snapshots(folder)
    if before is not None:
        names = [p for p in names if p.name < before]
    for path in reversed(names):
        try:
            frame, meta = read_snapshot(path)
        except FanpinError as error:
            found.skipped.append((path, str(error)))
            continue
        found.path, found.frame, found.meta = path, frame, meta
        break
    return found


def prune_snapshots(folder: Path, keep: int, protect: Path) -> list[Path]:
    """Delete all but the newest ``keep`` snapshots of ``folder`` (never ``protect``); only
    files named exactly as fanpin names snapshots are touched."""
    return prune_dated(folder, SNAPSHOT_NAME, keep, protect)


def _snapshots(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    try:
        return sorted(
            p for p in folder.glob(f"*{SNAPSHOT_SUFFIX}") if SNAPSHOT_NAME.fullmatch(p.name)
        )
    except OSError:
        return []
