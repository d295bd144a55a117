"""The archive: the classified households of each report run, saved as gzip-compressed JSON,
for the 变化 sheet, ``fanpin diff`` and the early warnings of ``fanpin warn``.

A snapshot (format 2) holds per household the key columns ``diff`` compares
(``SNAPSHOT_COLUMNS``) and the figures the warnings compare (``WARN_FIGURES``: labour,
health, work, 低保/特困, measures, cadre …), and a compact member table
(``MEMBER_COLUMNS``) for changes among the members: who fell ill, who stopped working,
who left; both one list per column. A member is keyed by a short hash of the normalised
ID number, never the number itself. A figure whose roster column was missing is left
out, so a rule that needs it knows it cannot run. Snapshots of format 1 (households as
records, the key columns only) stay readable.

A snapshot that cannot be read (damaged, truncated, edited by hand) is an error
when asked for by name (``fanpin diff``, ``fanpin warn FILE``); the county report and
``fanpin warn --county`` skip it for the newest good one and say so, so one bad file
never blocks later reports. The archive keeps the newest ``keep_snapshots`` of each
county (fanpin.toml) and, for the warnings' window, the newest snapshot of each of the
last months.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from fanpin.errors import FanpinError
from fanpin.io.files import atomic_path, remember_input, same_file
from fanpin.io.limits import current_limits
from fanpin.io.text import CONTROL, capped, printable

SNAPSHOT_SUFFIX = ".snapshot.json.gz"
# AS-OF_RUN-TIME.snapshot.json.gz, as api.report names them: 2021-12-31_20220105T090000000000
SNAPSHOT_NAME = re.compile(r"\d{4}-\d{2}-\d{2}_\d{8}T\d{12}" + re.escape(SNAPSHOT_SUFFIX))
SNAPSHOT_FORMAT = 2
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
# Per household, what the warnings compare (beside size, status … above), each kept only
# when the roster had the columns it is counted from (``FIGURE_SOURCES``).
WARN_FIGURES = (
    "labour_count",
    "ill_count",
    "serious_ill_count",
    "disabled_count",
    "health_problem_count",  # members with 患有大病, 长期慢性病 or 残疾 (a member counts once)
    "employed_count",
    "dibao_count",
    "tekun_count",
    "measure_count",  # assistance measures in place (recognised codes)
)
# Who to send and where the household sits in the roster: shown with a warning.
PLACE_COLUMNS = ("county", "cadre", "cadre_phone", "household_type", "first_row")
HOUSEHOLD_COLUMNS = (*SNAPSHOT_COLUMNS, *PLACE_COLUMNS, *WARN_FIGURES)
# Columns of text (the rest are numbers or yes/no), kept as Python objects when read.
TEXT_COLUMNS = frozenset(
    {
        "household_id",
        "county",
        "township",
        "village",
        "head_name",
        "status",
        "category",
        "tier",
        "elimination_status",
        "cadre",
        "cadre_phone",
        "household_type",
        "person",
        "name",
        "health",
        "labour_skill",
        "employment",
        "work_place",
    }
)
# Text columns with few distinct values: one object per value when read (JSON decoding
# makes a string per cell, which for twelve snapshots of a county is hundreds of MB).
REPEATED_TEXT = frozenset(
    {
        "county",
        "township",
        "village",
        "status",
        "category",
        "tier",
        "elimination_status",
        "cadre",
        "household_type",
        "health",
        "labour_skill",
        "employment",
        "work_place",
    }
)
# Canonical roster fields each figure is counted from: present when any of them was read.
FIGURE_SOURCES: dict[str, tuple[str, ...]] = {
    "labour_count": ("labour_skill",),
    "ill_count": ("health",),
    "serious_ill_count": ("health",),
    "disabled_count": ("health",),
    "health_problem_count": ("health",),
    "employed_count": ("employment", "work_months", "work_place", "working"),
    "dibao_count": ("dibao",),
    "tekun_count": ("tekun",),
    "cadre": ("cadre",),
    "cadre_phone": ("cadre_phone",),
}
# One row per member: the household, a key (hash of the ID number, else the name), the
# name for messages, and what member changes are told from.
MEMBER_KEYS = ("household_id", "person", "name")
MEMBER_FIELDS = ("health", "labour_skill", "employed", "employment", "work_months", "work_place")
MEMBER_COLUMNS = (*MEMBER_KEYS, *MEMBER_FIELDS)
MEMBER_SOURCES: dict[str, tuple[str, ...]] = {
    "health": ("health",),
    "labour_skill": ("labour_skill",),
    "employed": FIGURE_SOURCES["employed_count"],
    "employment": ("employment",),
    "work_months": ("work_months",),
    "work_place": ("work_place",),
}


def snapshot_frame(households: pd.DataFrame) -> pd.DataFrame:
    return households[list(SNAPSHOT_COLUMNS)].copy()


def write_snapshot(
    path: Path,
    households: pd.DataFrame,
    meta: dict[str, Any],
    members: pd.DataFrame | None = None,
) -> None:
    """Save a classification's households (the columns of ``HOUSEHOLD_COLUMNS`` they have)
    and, when given, its member table (``MEMBER_COLUMNS`` present), atomically, as gzip
    JSON with one list per column: a county of 300,000 people in a few MB."""
    meta_text = json.dumps({**meta, "snapshot_format": SNAPSHOT_FORMAT}, ensure_ascii=False)
    tables = [("households", households, [c for c in HOUSEHOLD_COLUMNS if c in households])]
    if members is not None:
        tables.append(("members", members, [c for c in MEMBER_COLUMNS if c in members]))
    with atomic_path(path) as temporary, temporary.open("wb") as raw:
        # Compressed as it is encoded, one column at a time: the text is never whole in
        # memory (a county's member table is tens of MB of JSON).
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as out:
            out.write(f'{{"meta":{meta_text}'.encode())
            for name, frame, columns in tables:
                out.write(f',"{name}":'.encode())
                _write_columns(out, frame, columns)
            out.write(b"}")


def _write_columns(out: gzip.GzipFile, frame: pd.DataFrame, columns: list[str]) -> None:
    """``columns`` of a frame as the JSON text {column: [values]}: missing values null,
    numbers as JSON numbers, each column encoded by pandas at once."""
    for position, name in enumerate(columns):
        key = json.dumps(str(name), ensure_ascii=False)
        values = cast(Any, frame[name]).to_json(orient="values", force_ascii=False)
        out.write(f"{',' if position else '{'}{key}:{values}".encode())
    out.write(b"}" if columns else b"{}")


@dataclass
class Archived:
    """A snapshot as read: households (the columns it holds), members (None before format 2)."""

    path: Path
    households: pd.DataFrame
    members: pd.DataFrame | None
    meta: dict[str, Any]

    @property
    def as_of(self) -> str | None:
        """The as-of date of the run that wrote it: from its name, else its meta."""
        if SNAPSHOT_NAME.fullmatch(self.path.name):
            return self.path.name[:10]
        value = self.meta.get("as_of")
        return value if isinstance(value, str) else None


def read_snapshot(path: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A snapshot's key columns (``SNAPSHOT_COLUMNS``) and meta; FanpinError naming the file
    when it is not one.

    Unpacking stops at the unzipped-size limit (a damaged or hostile file never
    fills the memory); text values lose control characters, as every input does.
    """
    archived = read_archived(path)
    return archived.households.reindex(columns=list(SNAPSHOT_COLUMNS)), archived.meta


def read_archived(path: Path) -> Archived:
    """Everything a snapshot holds: households with the columns of ``HOUSEHOLD_COLUMNS`` it
    has (those it lacks are absent, not empty), members when it has them, its meta.

    Format 1 (before the warnings) holds households as records; format 2 one list per
    column, for households and members alike.
    """
    not_one = f"{path.name}{_NOT_ONE}"
    payload = _payload(path, not_one)
    stored = payload["households"]
    if isinstance(stored, list):
        if not all(isinstance(r, dict) for r in stored):
            raise FanpinError(f"{not_one}: its households are not records", zh=_damaged_zh(path))
        keys = {key for record in stored[:1000] for key in record}
        columns = [c for c in HOUSEHOLD_COLUMNS if c in SNAPSHOT_COLUMNS or c in keys]
        frame = _cleaned(pd.DataFrame(stored, columns=columns))
    else:
        frame = _table(stored, HOUSEHOLD_COLUMNS, ("household_id",), not_one, "households")
    if frame["household_id"].isna().any():
        raise FanpinError(f"{not_one}: a household has no household_id", zh=_damaged_zh(path))
    frame["household_id"] = _id_texts(frame["household_id"])
    members = None
    if payload.get("members") is not None:
        members = _table(payload["members"], MEMBER_COLUMNS, MEMBER_KEYS, not_one, "members")
        members["household_id"] = _id_texts(members["household_id"])
    meta = payload.get("meta")
    return Archived(path, frame, members, meta if isinstance(meta, dict) else {})


_NOT_ONE = " is not a readable fanpin snapshot"


def _damaged_zh(path: Path | str) -> str:
    """Any damage of an archived snapshot, in Chinese (``path`` or the English message,
    which starts with its name)."""
    name = path.name if isinstance(path, Path) else path.removesuffix(_NOT_ONE)
    return f"{name} 不是可读取的 fanpin 快照（已损坏或不完整）：请删除或换掉这个存档文件"


def _payload(path: Path, not_one: str) -> dict[str, Any]:
    remember_input(path)
    try:
        packed = path.read_bytes()
    except OSError as error:
        raise FanpinError(f"{not_one}: {error.strerror or error}", zh=_damaged_zh(path)) from None
    limit = current_limits().unzipped_bytes
    try:
        unpacker = zlib.decompressobj(wbits=31)  # gzip
        text = unpacker.decompress(packed, limit + 1)
        if len(text) > limit or unpacker.unconsumed_tail:
            raise FanpinError(
                f"{not_one}: it unpacks to more than {limit // 2**20:,} MB", zh=_damaged_zh(path)
            )
        if not unpacker.eof:
            raise ValueError("the file is cut short")
        payload = json.loads(text.decode("utf-8"))
    except (zlib.error, ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise FanpinError(
            f"{not_one}: {printable(capped(reason, 120))}", zh=_damaged_zh(path)
        ) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("households"), list | dict):
        raise FanpinError(f"{not_one}: it holds no households list", zh=_damaged_zh(path))
    return payload


def _table(
    stored: object,
    known: Sequence[str],
    required: Sequence[str],
    not_one: str,
    what: str,
) -> pd.DataFrame:
    """A table stored as one list per column: the ``known`` columns it has."""
    if not isinstance(stored, dict) or not all(isinstance(v, list) for v in stored.values()):
        raise FanpinError(
            f"{not_one}: its {what} are not a table of columns", zh=_damaged_zh(not_one)
        )
    if len({len(v) for v in stored.values()}) > 1:
        raise FanpinError(
            f"{not_one}: its {what} columns differ in length", zh=_damaged_zh(not_one)
        )
    if not all(key in stored for key in required):
        raise FanpinError(
            f"{not_one}: its {what} lack {', '.join(required)}", zh=_damaged_zh(not_one)
        )
    return pd.DataFrame(
        {
            c: _text(stored[c], shared=c in REPEATED_TEXT) if c in TEXT_COLUMNS else stored[c]
            for c in known
            if c in stored
        }
    )


def _text(values: list[Any], shared: bool = False) -> pd.Series:
    """A stored text column as Python objects, control characters removed (one search over
    the whole column; cells are cleaned one by one only where it finds any); ``shared``:
    each distinct value held once."""
    column = pd.Series(values, dtype=object)
    try:
        joined = "\n".join(filter(None, values))
    except TypeError:  # a cell that is not text (a number, a list): each is looked at
        column = column.map(_clean, na_action="ignore")
    else:
        if CONTROL.search(joined):
            column = column.map(_clean, na_action="ignore")
    if not shared:
        return column
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return pd.Series(np.array([*uniques, None], dtype=object)[codes], dtype=object)


def _id_texts(values: pd.Series) -> pd.Series:
    if all(type(v) is str for v in values):  # as fanpin writes them
        return values.astype(object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = pd.array([*(id_text(u) for u in uniques), None], dtype=object)
    return pd.Series(texts[codes], index=values.index, dtype=object)


def id_text(value: object) -> str:
    """A household number as text, whatever JSON made of it: 4310811010010001.0 (a number
    written as a float) is 4310811010010001."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cleaned(frame: pd.DataFrame) -> pd.DataFrame:
    """Text without control characters, as plain Python objects (whole columns of text at
    once; a cell holding a list or a table becomes its JSON text)."""
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object:
            frame[column] = values.map(_clean, na_action="ignore")
        elif pd.api.types.is_string_dtype(values.dtype):
            cleaned = values.str.replace(CONTROL.pattern, "", regex=True)
            frame[column] = cleaned.astype(object).where(cleaned.notna(), None)
    return frame


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


@dataclass
class Monthly:
    """One readable snapshot per as-of month, oldest first, and the unreadable ones passed
    over (file, why)."""

    snapshots: list[Archived] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def monthly_snapshots(
    folder: Path,
    *,
    since: date | None = None,
    months: int | None = None,
    before: str | None = None,
    until_month: str | None = None,
) -> Monthly:
    """The newest readable snapshot of each as-of month in ``folder``, oldest month first.

    ``before``: only snapshots whose name sorts before it (a run's own snapshot); with
    ``until_month`` (YYYY-MM), only months before it. The window: as-of dates from
    ``since`` when given, else the newest month kept and the ``months`` months before it
    (all months when None). In each month the newest snapshot that can be read counts;
    unreadable ones are listed in ``skipped``.
    """
    names = _snapshots(folder)
    if before is not None:
        names = [p for p in names if p.name < before]
    by_month: dict[str, list[Path]] = {}
    for path in names:
        as_of = _as_of(path)
        if as_of is None or (until_month is not None and path.name[:7] >= until_month):
            continue
        if since is not None and as_of < since:
            continue
        by_month.setdefault(path.name[:7], []).append(path)
    chosen = sorted(by_month)
    if since is None and months is not None and chosen:
        first = month_before(until_month or chosen[-1], months)
        chosen = [m for m in chosen if m >= first]
    found = Monthly()
    for month in chosen:
        for path in reversed(by_month[month]):
            try:
                found.snapshots.append(read_archived(path))
            except FanpinError as error:
                found.skipped.append((path, str(error)))
                continue
            break
    return found


def month_before(month: str, count: int) -> str:
    """The month (YYYY-MM) ``count`` months before ``month``."""
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _as_of(path: Path) -> date | None:
    try:
        return date.fromisoformat(path.name[:10])
    except ValueError:
        return None


def prune_snapshots(folder: Path, keep: int, protect: Path, months: int = 0) -> list[Path]:
    """Delete all but the newest ``keep`` snapshots of ``folder`` (never ``protect``), and
    keep too the newest snapshot of each of the last ``months`` as-of months before the
    newest (the warnings' window: nightly runs would otherwise leave only the last weeks).
    Only files named exactly as fanpin names snapshots are touched."""
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if SNAPSHOT_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
        )
    except OSError:
        return []
    monthly: dict[str, str] = {name[:7]: name for name in names}  # the newest of each month
    first = month_before(max(monthly), months) if months and monthly else "9999-99"
    removed: list[Path] = []
    for name in names[: max(len(names) - keep, 0)]:
        path = folder / name
        if (name[:7] >= first and monthly[name[:7]] == name) or same_file(path, protect):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _snapshots(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    try:
        return sorted(
            p for p in folder.glob(f"*{SNAPSHOT_SUFFIX}") if SNAPSHOT_NAME.fullmatch(p.name)
        )
    except OSError:
        return []
