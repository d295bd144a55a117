"""Early warning across monthly exports (domain.md §8, Qianjiang: 早发现、早帮扶).

Counties export the roster every month; the county report archives a snapshot of
each run. ``run_warn`` turns a sequence of snapshots (oldest first) into warnings:
households whose situation is sliding before it falls under the line.

The window: each household's **first snapshot in the window** (``before``) against
the **latest** (``after``). A rule of the profile's ``[warn]`` section holds or not
for that pair; the snapshots in between tell ``since`` — the snapshot from which
the rule has held without a break — so a warning that held in March and went away
in May is not raised in December, and one that built up slowly over the year is.
Every rule runs on whole columns, once per snapshot: the work is linear in
households × snapshots.

Matching: households by 户编号, normalised (full-width digits, spaces, a number
written as 4310811010010001.0, leading zeros, case), so a number exported as a
number one month and as text the next still matches; members within a household by
a hash of the normalised ID number (a lower-case x matches), else by name.

Nothing is dropped: a household missing from the latest snapshot, missing from one
in between, new in the window, or whose normalised number repeats is listed in
``roster_changes``; a household only in the latest snapshot is new, not warned. A
rule needs its figures in both snapshots of a pair (a roster without 健康状况, an
archive written before format 2): where they are missing it does not run, and the
summary says for how many households and which figures.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.issues import ISSUE_COLUMNS, json_records
from fanpin.io.messages import Lang
from fanpin.io.models import InputFile, Meta
from fanpin.io.snapshots import (
    FIGURE_SOURCES,
    HOUSEHOLD_COLUMNS,
    MEMBER_SOURCES,
    WARN_FIGURES,
    Archived,
)
from fanpin.io.validate import HOUSEHOLD, REPEATED_MEMBER
from fanpin.pipeline import Classification
from fanpin.rules.assess import Parameters
from fanpin.rules.households import member_flags
from fanpin.rules.profiles import WARN_COMPARED, WARN_MEMBER_CHANGES

WARN_CODES = tuple(labels.WARN_FINDINGS)
FINDING_COLUMNS = [
    "code",
    "township",
    "village",
    "household_id",
    "head_name",
    "cadre",
    "cadre_phone",
    "status",
    "field",
    "before",
    "after",
    "before_snapshot",
    "after_snapshot",
    "since",
    "evidence",
    "action",
    "roster_row",
]
ROSTER_CHANGE_COLUMNS = [
    "change",
    "township",
    "village",
    "household_id",
    "head_name",
    "cadre",
    "first_seen",
    "last_seen",
    "seen",
    "status",
    "per_capita_income",
]
ROSTER_CHANGES = tuple(labels.WARN_ROSTER_CHANGES)
# The figure each warning's before and after values are of.
SUBJECT = {
    "income_falling": "per_capita_income",
    "near_line": "per_capita_income",
    "new_health_problem": "health_problem_count",
    "work_stopped": "employed_count",
    "labour_lost": "labour_count",
    "dibao_without_measure": "relief_count",
    "eliminated_slipping": "per_capita_income",
    "member_left": "size",
}
# What each member change is told from (beside the member table itself).
MEMBER_CHANGE_NEEDS = {
    "members_left": (),
    "members_joined": (),
    "new_health_count": ("health",),
    "work_stopped_count": ("employed",),
    "labour_changed_count": ("labour_skill",),
}
_SHOWN = (
    "household_id",
    "county",
    "township",
    "village",
    "head_name",
    "cadre",
    "cadre_phone",
    "first_row",
)
_HEALTH_BITS = {schema.SERIOUS: 1, schema.CHRONIC: 2, schema.DISABLED: 4}
_SPACE = re.compile(r"\s+")
_FLOAT_TEXT = re.compile(r"(\d+)\.0*")
Kind = Literal["roster", "archive"]


@dataclass
class Snapshot:
    """One point of the sequence: households (``io.snapshots.HOUSEHOLD_COLUMNS`` it has)
    and members (``MEMBER_COLUMNS`` it has, or their ``compact_members`` form, which
    ``from_archive`` and ``from_classification`` make; None for an archive of format 1)."""

    label: str  # as people see it: an archive's as-of date, a roster's file name
    kind: Kind
    input: InputFile
    households: pd.DataFrame
    members: pd.DataFrame | None
    as_of: str | None = None
    issues: pd.DataFrame | None = None  # a roster's problems (ISSUE_COLUMNS)

    def available(self) -> frozenset[str]:
        """What this snapshot can be compared on: figures, and member fields when it has
        members ("members", "health", "labour_skill", "employed")."""
        names = {c for c in WARN_COMPARED if c in self.households.columns}
        if self.members is not None:
            names |= {"members", *(c for c in MEMBER_SOURCES if c in self.members.columns)}
        return frozenset(names)


def snapshot_tables(classification: Classification) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the archive keeps of a classification: per household the key columns and the
    figures the warnings compare, per member the compact table. A figure (or member
    field) whose roster columns were all missing is left out, never stored as zero."""
    households = classification.households
    members = classification.validated.members
    read = set(members.columns)
    members = members.loc[members[HOUSEHOLD].to_numpy() >= 0]
    if REPEATED_MEMBER in members:
        members = members.loc[~members[REPEATED_MEMBER].to_numpy(dtype=bool)]
    flags = member_flags(members, classification.parameters.as_of)

    def has(sources: Sequence[str]) -> bool:
        return any(s in read for s in sources)

    frame = households[[c for c in HOUSEHOLD_COLUMNS if c in households.columns]].copy()
    problem = flags["ill"] | flags["disabled"]
    frame["health_problem_count"] = (
        frame["household_id"]
        .map(problem.groupby(members["household_id"]).sum())
        .fillna(0)
        .astype("int64")
    )
    frame["measure_count"] = households["measures_received_codes"].map(len).astype("int64")
    measured = has([f for f in read if f.startswith("measure")])
    absent = [
        name
        for name in (*WARN_FIGURES, "cadre", "cadre_phone")
        if (name == "measure_count" and not measured)
        or (name in FIGURE_SOURCES and not has(FIGURE_SOURCES[name]))
    ]
    frame = frame.drop(columns=[c for c in absent if c in frame.columns])
    table = pd.DataFrame(
        {
            "household_id": members["household_id"].astype(object),
            "person": person_keys(members["id_number"]) if "id_number" in members else None,
            "name": members["name"] if "name" in members else None,
        }
    )
    for name, sources in MEMBER_SOURCES.items():
        if has(sources):
            table[name] = flags["employed"] if name == "employed" else members[name]
    return frame.reset_index(drop=True), table.reset_index(drop=True)


def person_keys(ids: pd.Series) -> pd.Series:
    """A member's key across snapshots: the first 8 hex digits of the SHA-256 of the ID
    number, normalised (full-width folded, spaces gone, upper case); None when blank.
    Members are matched within their household, where 32 bits do not collide in practice;
    the archive never holds the number itself, and the short hash fits many numbers."""
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    hashed = np.array(
        [
            hashlib.sha256(text.encode()).hexdigest()[:8] if text else None
            for text in (_normal_text(u) for u in uniques)
        ]
        + [None],
        dtype=object,
    )
    return pd.Series(hashed[codes], index=ids.index, dtype=object)


def household_keys(values: pd.Series) -> pd.Series:
    """户编号 as a matching key: full-width folded, spaces gone, upper case, a number
    written as 4310811010010001.0 as its digits, leading zeros dropped from all-digit
    numbers (a number cell loses them); None when blank."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    keys = np.array([_household_key(u) for u in uniques] + [None], dtype=object)
    return pd.Series(keys[codes], index=values.index, dtype=object)


def _normal_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACE.sub("", text).upper().lstrip("'")


def _household_key(value: object) -> str | None:
    if type(value) is str and value.isascii() and value.isdigit() and value[:1] != "0":
        return value  # the common case, already a key
    text = _normal_text(value)
    whole = _FLOAT_TEXT.fullmatch(text)
    if whole is not None:
        text = whole.group(1)
    if text.isdigit():
        text = text.lstrip("0") or "0"
    return text or None


@dataclass
class WarnResult:
    """Warnings, the households in and out of the sequence, and the summary."""

    meta: Meta
    parameters: Parameters
    snapshots: list[dict[str, Any]]  # position, label, file, kind, as_of, counts, missing
    findings: pd.DataFrame  # FINDING_COLUMNS, by township and village, household, code
    roster_changes: pd.DataFrame  # ROSTER_CHANGE_COLUMNS
    issues: pd.DataFrame  # file + ISSUE_COLUMNS: the problems of roster files read
    summary: dict[str, Any]
    households: pd.DataFrame  # the latest snapshot's households (the order of places)

    @property
    def lang(self) -> Lang:
        return self.parameters.lang

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: meta, summary, snapshots, findings, roster_changes, issues."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary,
            "snapshots": self.snapshots,
            "findings": json_records(self.findings),
            "roster_changes": json_records(self.roster_changes),
            "issues": json_records(self.issues),
        }


@dataclass
class _Sequence:
    """The snapshots taken apart once: per snapshot its households by normalised key and
    its members by (household, member) integer codes, and where each household starts."""

    snapshots: list[Snapshot]
    frames: list[pd.DataFrame]  # per snapshot: shown and compared columns, by key
    members: list[pd.DataFrame]  # per snapshot: hcode, member, name, fields (maybe empty)
    duplicates: pd.DataFrame  # rows whose key repeats within a snapshot (and _snap)
    first: pd.Series  # key -> position of the household's first snapshot
    last: pd.Series  # key -> position of its last snapshot
    seen: pd.Series  # key -> how many snapshots hold it
    starts: pd.DataFrame  # each household at its first snapshot, by key
    ends: pd.DataFrame  # each household at its last snapshot, by key
    member_starts: pd.DataFrame  # the members of each household at its first snapshot
    available: list[frozenset[str]] = field(default_factory=list)

    @property
    def latest(self) -> int:
        return len(self.snapshots) - 1


def run_warn(
    snapshots: Sequence[Snapshot],
    parameters: Parameters,
    meta: Meta,
    skipped: Sequence[tuple[str, str]] = (),
) -> WarnResult:
    """Warnings over ``snapshots`` (oldest first, at least two) under ``parameters``'s
    profile (``[warn]``) and line. ``skipped``: unreadable snapshots passed over (file,
    why), named in the summary."""
    if len(snapshots) < 2:
        raise FanpinError(
            "warnings compare two or more snapshots",
            zh="预警要比较至少两个月度快照：请再提供一个快照",
        )
    sequence = _stacked(list(snapshots))
    latest = sequence.latest
    after = sequence.frames[latest]
    keys = after.index[sequence.first.reindex(after.index).to_numpy() < latest]
    holds: dict[int, pd.DataFrame] = {}
    for k in range(1, latest):
        holds[k] = _evaluate(sequence, k, parameters)[2].reindex(keys, fill_value=False)
    pair, changes, masks, runnable = _evaluate(sequence, latest, parameters)
    holds[latest] = masks.reindex(keys, fill_value=False)
    conditions = parameters.profile.warn.conditions
    not_run = {code: int((~ran).sum()) for code, ran in runnable.items() if not ran.all()}
    needs = {code: _missing(sequence, pair["_first"], latest, conditions[code]) for code in not_run}
    since = _since(holds, keys, sequence, latest)
    findings = _findings(pair, changes, holds[latest], since, sequence, parameters)
    roster = _roster_changes(sequence)
    order = _place_order(after)
    findings = _in_order(findings, order, WARN_CODES)
    roster = _in_order(roster.rename(columns={"change": "code"}), order, ROSTER_CHANGES).rename(
        columns={"code": "change"}
    )
    issues = _issues(sequence.snapshots)
    summary = _summary(
        sequence, after, findings, roster, issues, not_run, needs, parameters, skipped
    )
    return WarnResult(
        meta=meta,
        parameters=parameters,
        snapshots=_snapshot_info(sequence),
        findings=findings[FINDING_COLUMNS].reset_index(drop=True),
        roster_changes=roster[ROSTER_CHANGE_COLUMNS].reset_index(drop=True),
        issues=issues,
        summary=summary,
        households=after.reset_index(drop=True),
    )


# -- stacking the snapshots ----------------------------------------------------------------------


def _stacked(snapshots: list[Snapshot]) -> _Sequence:
    frames, duplicates = [], []
    for position, snapshot in enumerate(snapshots):
        frame = snapshot.households
        keyed = _plain(frame.reindex(columns=[*_SHOWN, *WARN_COMPARED])).assign(
            key=household_keys(frame["household_id"]).to_numpy()
        )
        keyed = keyed.loc[keyed["key"].notna().to_numpy()]
        repeated = keyed["key"].duplicated().to_numpy()
        duplicates.append(keyed.loc[repeated].assign(_snap=position))
        frames.append(keyed.loc[~repeated].set_index("key"))
    presence = pd.concat(
        [pd.Series(position, index=frame.index) for position, frame in enumerate(frames)]
    )
    grouped = presence.groupby(level=0, sort=False)
    first, last, seen = grouped.min(), grouped.max(), grouped.count()
    keys = first.index
    members = []
    for snapshot, frame in zip(snapshots, frames, strict=True):
        rows = _member_rows(snapshot.members, frame)
        hcode = keys.get_indexer(pd.Index(rows.pop("key")))
        rows = rows.assign(hcode=hcode).loc[hcode >= 0]
        rows = rows.drop_duplicates(["hcode", "member"])  # a member listed twice counts once
        members.append(rows.assign(_start=first.to_numpy()[rows["hcode"].to_numpy()]))

    def at(which: pd.Series, tables: list[pd.DataFrame], column: str | None = None) -> pd.DataFrame:
        parts = []
        for position, table in enumerate(tables):
            if column is None:
                chosen = which.reindex(table.index).to_numpy() == position
            else:
                chosen = table[column].to_numpy() == position
            parts.append(table.loc[chosen])
        return pd.concat(parts)

    return _Sequence(
        snapshots=snapshots,
        frames=frames,
        members=members,
        duplicates=pd.concat(duplicates, ignore_index=True),
        first=first,
        last=last,
        seen=seen,
        starts=at(first, frames),
        ends=at(last, frames),
        member_starts=at(first, members, "_start"),
        available=[s.available() for s in snapshots],
    )


def _evaluate(
    sequence: _Sequence, k: int, parameters: Parameters
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, np.ndarray]]:
    """Every rule for the households of snapshot ``k`` seen before it: the pair frame, the
    member changes, a mask per rule (False where it cannot run) and where it could run."""
    settings = parameters.profile.warn
    values = {**parameters.expression_parameters(), **settings.parameters()}
    pair, changes = _pair(sequence, k)
    runnable = _runnable(sequence, pair["_first"].to_numpy(), k, settings.conditions)
    masks = pd.DataFrame(
        {
            code: condition.evaluate_mask(pair, values).to_numpy() & runnable[code]
            for code, condition in settings.conditions.items()
        },
        index=pair.index,
    )
    return pair, changes, masks, runnable


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects: every snapshot is taken apart by position many times,
    and numpy object arrays take faster than Arrow-backed text."""
    text = [
        c
        for c in frame.columns
        if pd.api.types.is_string_dtype(frame[c].dtype) and frame[c].dtype != object
    ]
    return frame.astype(dict.fromkeys(text, object)) if text else frame


_MEMBER_ROWS = ["key", "member", "name", *MEMBER_SOURCES]
_INTERNED = ("household_id", "head_name", "cadre_phone")
_NAME_SALT = np.uint64(0x9E3779B97F4A7C15)


def compact_members(table: pd.DataFrame) -> pd.DataFrame:
    """A member table as the warnings keep it: ``member`` a 64-bit key (of the ID hash,
    else of the name), repeated text shared (one object per distinct value), nothing else.
    A snapshot of 300,000 members then holds little more than its names."""
    if "member" in table:
        return table
    person = table["person"] if "person" in table else pd.Series(None, index=table.index)
    name = table["name"].astype(object) if "name" in table else pd.Series(None, index=table.index)
    by_person = pd.util.hash_array(person.astype(object).fillna("").to_numpy(dtype=object))
    by_name = pd.util.hash_array(name.fillna("").to_numpy(dtype=object)) ^ _NAME_SALT
    known = (person.notna() | name.notna()).to_numpy()
    columns: dict[str, Any] = {
        "household_id": _interned(table["household_id"]),
        "member": np.where(person.notna().to_numpy(), by_person, by_name),
        "name": _interned(name),
    }
    for field_name in MEMBER_SOURCES:
        if field_name in table:
            values = table[field_name]
            text = (
                values.dtype == object
                or pd.api.types.is_string_dtype(values.dtype)
                or isinstance(values.dtype, pd.CategoricalDtype)  # a vocabulary column
            )
            columns[field_name] = _shared(values) if text else values.to_numpy()
    frame = pd.DataFrame(columns).set_axis(table.index)
    return frame.loc[known].reset_index(drop=True)


def _shared(values: pd.Series) -> pd.Series:
    """Values as objects, each distinct one held once (JSON decoding makes a new string for
    every cell: a county's 300,000 健康状况 cells become a handful of objects)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    pool = np.array([*uniques, None], dtype=object)
    return pd.Series(pool[codes], dtype=object)


def _interned(values: pd.Series) -> pd.Series:
    """Text held once for all snapshots: the same 户编号 or name in twelve months is one
    object, not twelve (``sys.intern``; other values as they are)."""
    return pd.Series(
        [sys.intern(v) if type(v) is str else v for v in values.tolist()], dtype=object
    )


def _held(households: pd.DataFrame) -> pd.DataFrame:
    """A snapshot's households as the sequence keeps them: text as Python objects, the
    numbers and names every month repeats held once."""
    frame = _plain(households)
    shared = {c: _interned(frame[c]).set_axis(frame.index) for c in _INTERNED if c in frame}
    return frame.assign(**shared) if shared else frame


def _member_rows(table: pd.DataFrame | None, households: pd.DataFrame) -> pd.DataFrame:
    """A snapshot's members keyed for matching: household key (as its household's, which
    ``households`` holds by key), member key, name, the fields compared."""
    if table is None or table.empty:
        return pd.DataFrame(columns=_MEMBER_ROWS).astype({"member": "uint64"})
    compact = compact_members(table)
    known = pd.Series(households.index, index=households["household_id"].to_numpy())
    known = known.loc[~known.index.duplicated()]
    key = compact["household_id"].map(known)
    unknown = key.isna().to_numpy() & compact["household_id"].notna().to_numpy()
    if unknown.any():
        key.loc[unknown] = household_keys(compact["household_id"].loc[unknown])
    rows = compact.reindex(columns=["member", "name", *MEMBER_SOURCES]).assign(key=key.to_numpy())
    return rows.loc[rows["key"].notna().to_numpy(), _MEMBER_ROWS]


def _pair(sequence: _Sequence, k: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Households of snapshot ``k`` seen before it: before_ (their first snapshot) and
    after_ (snapshot ``k``) figures, the member changes between the two, and ``_first``.
    Also the member rows of the comparison (for the evidence of the latest pair)."""
    after = sequence.frames[k]
    first = sequence.first.reindex(after.index)
    after = after.loc[first.to_numpy() < k]
    first = first.loc[after.index]
    before = sequence.starts.reindex(after.index)
    columns: dict[str, Any] = {"_first": first.to_numpy()}
    for name in WARN_COMPARED:
        columns[f"before_{name}"] = before[name].to_numpy()
        columns[f"after_{name}"] = after[name].to_numpy()
    pair = pd.DataFrame(columns, index=after.index)
    for side in ("before", "after"):
        relief = pair[[f"{side}_dibao_count", f"{side}_tekun_count"]].astype(float)
        pair[f"{side}_relief_count"] = relief.sum(axis=1, min_count=1)
    hcodes = sequence.first.index.get_indexer(after.index)
    changes = _member_changes(sequence, hcodes, k)
    counts = changes.groupby("hcode", sort=False)[list(WARN_MEMBER_CHANGES)].sum()
    for name in WARN_MEMBER_CHANGES:
        pair[name] = counts[name].reindex(hcodes, fill_value=0).to_numpy()
    return pair, changes


def _member_changes(sequence: _Sequence, hcodes: np.ndarray, k: int) -> pd.DataFrame:
    """Members of each household at its first snapshot matched with snapshot ``k``'s:
    one row per member on either side, with a flag per change (``WARN_MEMBER_CHANGES``)."""
    starts = sequence.member_starts
    now = sequence.members[k]
    before = starts.loc[starts["hcode"].isin(hcodes).to_numpy()].drop(columns="_start")
    after = now.loc[now["hcode"].isin(hcodes).to_numpy()].drop(columns="_start")
    merged = before.merge(
        after, on=["hcode", "member"], how="outer", suffixes=("_before", "_after"), indicator=True
    )
    both = merged["_merge"].eq("both").to_numpy()
    left = merged["_merge"].eq("left_only").to_numpy()
    gained = _health_bits(merged["health_after"]) & ~_health_bits(merged["health_before"])
    worked = _flag(merged["employed_before"])
    capable_before = merged["labour_skill_before"].isin(schema.LABOUR_CAPABLE).to_numpy()
    capable_after = merged["labour_skill_after"].isin(schema.LABOUR_CAPABLE).to_numpy()
    merged["members_left"] = left
    merged["members_joined"] = merged["_merge"].eq("right_only").to_numpy()
    merged["new_health_count"] = both & (gained > 0)
    merged["work_stopped_count"] = both & worked & ~_flag(merged["employed_after"])
    merged["labour_changed_count"] = both & capable_before & ~capable_after
    merged["labour_left"] = left & capable_before
    return merged


def _flag(values: pd.Series) -> np.ndarray:
    return values.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _health_bits(values: pd.Series) -> np.ndarray:
    """Per value, a bit per watched part it names (患有大病 1, 长期慢性病 2, 残疾 4); each
    part of a combined value counts."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    bits = [
        sum(_HEALTH_BITS.get(part, 0) for part in set(str(u).split(schema.COMBINED_SEPARATOR)))
        for u in uniques
    ]
    return np.array([*bits, 0], dtype=np.int64)[codes]


def _needs(names: frozenset[str]) -> set[str]:
    """What a condition needs from both snapshots: figures, the member table, member fields."""
    needed: set[str] = set()
    for name in names:
        if name.startswith("before_") or name.startswith("after_"):
            figure = name.split("_", 1)[1]
            if figure == "relief_count":
                needed |= {"dibao_count", "tekun_count"}
            else:
                needed.add(figure)
        elif name in MEMBER_CHANGE_NEEDS:
            needed |= {"members", *MEMBER_CHANGE_NEEDS[name]}
    return needed


def _runnable(
    sequence: _Sequence, first: np.ndarray, k: int, conditions: dict[str, Any]
) -> dict[str, np.ndarray]:
    """Per rule, whether it can run for each household of the pair: what it needs is in
    both its first snapshot and snapshot ``k``."""
    runnable = {}
    for code, condition in conditions.items():
        needed = _needs(condition.names)
        per_first = np.array(
            [needed <= (available & sequence.available[k]) for available in sequence.available]
        )
        runnable[code] = per_first[first.astype(np.int64)] if len(first) else np.array([], bool)
    return runnable


def _missing(sequence: _Sequence, first: pd.Series, k: int, condition: Any) -> list[str]:
    """The figures a rule lacked, over the households it could not run for."""
    needed = _needs(condition.names)
    starts = set(first.to_numpy().astype(np.int64).tolist())
    lacking: set[str] = set()
    for position in starts:
        lacking |= needed - (sequence.available[position] & sequence.available[k])
    return sorted(lacking)


def _since(
    holds: dict[int, pd.DataFrame], keys: pd.Index, sequence: _Sequence, latest: int
) -> pd.DataFrame:
    """Per household and rule holding now: the first snapshot from which it has held in
    every snapshot up to the latest (a snapshot where the household is missing breaks it)."""
    current = holds[latest].to_numpy().copy()
    since = np.where(current, latest, -1)
    for k in range(latest - 1, 0, -1):
        current &= holds[k].to_numpy()
        since[current] = k
    return pd.DataFrame(since, index=keys, columns=holds[latest].columns)


# -- findings ---------------------------------------------------------------------------------


def _findings(
    pair: pd.DataFrame,
    changes: pd.DataFrame,
    holds: pd.DataFrame,
    since: pd.DataFrame,
    sequence: _Sequence,
    parameters: Parameters,
) -> pd.DataFrame:
    latest = sequence.latest
    after = sequence.frames[latest]
    words = _Words(parameters)
    member_text = _member_texts(changes, words)
    households = sequence.first.index
    label = np.array([s.label for s in sequence.snapshots], dtype=object)
    parts = []
    for code in holds.columns:
        keys = holds.index[holds[code].to_numpy()]
        if keys.empty:
            continue
        rows = pair.loc[keys]
        shown = after.loc[keys]
        subject = SUBJECT.get(code, "per_capita_income")
        parts.append(
            pd.DataFrame(
                {
                    "code": code,
                    "township": shown["township"],
                    "village": shown["village"],
                    "household_id": shown["household_id"],
                    "head_name": shown["head_name"],
                    "cadre": shown["cadre"],
                    "cadre_phone": shown["cadre_phone"],
                    "status": shown["status"],
                    "field": subject,
                    "before": _figure(rows[f"before_{subject}"], subject),
                    "after": _figure(rows[f"after_{subject}"], subject),
                    "before_snapshot": label[rows["_first"].to_numpy(dtype=np.int64)],
                    "after_snapshot": label[latest],
                    "since": label[since.loc[keys, code].to_numpy(dtype=np.int64)],
                    "evidence": _evidence(
                        code,
                        rows,
                        member_text.reindex(households.get_indexer(keys)).set_axis(keys),
                        words,
                    ),
                    "action": labels.label(labels.WARN_ACTIONS, code, parameters.lang),
                    "roster_row": shown["first_row"],
                },
                index=keys,
            )
        )
    if not parts:
        return pd.DataFrame(columns=[*FINDING_COLUMNS, "key"])
    found = pd.concat(parts)
    found.index.name = "key"
    return found.reset_index()


def _figure(values: pd.Series, subject: str) -> pd.Series:
    """Incomes to the fen, counts whole; missing as None."""
    numbers = pd.to_numeric(values, errors="coerce")
    if subject == "per_capita_income":
        shown = numbers.round(2).astype(object)
    else:
        shown = numbers.map(lambda v: None if pd.isna(v) else int(v)).astype(object)
    return shown.where(numbers.notna(), None)


class _Words:
    """The run's phrases (``labels.WARN_PHRASES``) and number formats, column-wise."""

    def __init__(self, parameters: Parameters) -> None:
        self.lang = parameters.lang
        self.words = labels.labeller(labels.WARN_PHRASES, parameters.lang)
        self.line = parameters.line
        settings = parameters.profile.warn
        self.watch_margin = parameters.profile.category.watch_margin
        self.slipping_margin = settings.slipping_margin
        self.drop_share = settings.income_drop_share

    def fill(self, key: str, **values: pd.Series | str) -> pd.Series:
        return pd.Series(labels.fill(self.words[key], **values), dtype=object)

    @staticmethod
    def yuan(values: pd.Series) -> pd.Series:
        return values.map(lambda v: "" if pd.isna(v) else f"{v:,.2f}").astype(object)

    @staticmethod
    def count(values: pd.Series) -> pd.Series:
        return values.map(lambda v: "" if pd.isna(v) else f"{v:.0f}").astype(object)

    def percent(self, share: float | pd.Series) -> Any:
        template = self.words["percent"]
        if isinstance(share, pd.Series):
            return share.map(
                lambda v: "" if pd.isna(v) else template.format(value=f"{v * 100:.1f}")
            ).astype(object)
        return template.format(value=f"{share * 100:.0f}")

    def money(self, value: float) -> str:
        return f"{value:,.2f}"

    def times(self, value: float) -> str:
        return f"{value:g}"


def _evidence(code: str, rows: pd.DataFrame, members: pd.DataFrame, w: _Words) -> pd.Series:
    """One sentence per household: the values before and after, and who changed."""
    index = rows.index
    before_income = w.yuan(rows["before_per_capita_income"])
    after_income = w.yuan(rows["after_per_capita_income"])

    def listing(column: str, key: str = "members") -> pd.Series:
        names = members[column].fillna("").astype(str) if column in members else _blank(index)
        text = w.fill(key, members=names).set_axis(index)
        return text.where(names.ne("").to_numpy(), "")

    if code == "income_falling":
        share = (rows["before_per_capita_income"] - rows["after_per_capita_income"]) / rows[
            "before_per_capita_income"
        ]
        return w.fill(
            "income_falling",
            before=before_income,
            after=after_income,
            share=w.percent(share),
            threshold=w.percent(w.drop_share),
            line=w.money(w.line),
        ).set_axis(index)
    if code in ("near_line", "eliminated_slipping"):
        margin = w.watch_margin if code == "near_line" else w.slipping_margin
        text = w.fill(
            code,
            before=before_income,
            after=after_income,
            margin=w.times(margin),
            band=w.money(margin * w.line),
        ).set_axis(index)
        below = rows["after_per_capita_income"].lt(w.line).fillna(False).to_numpy()
        suffix = w.words["below_line"].format(line=w.money(w.line))
        return text + np.where(below, suffix, "")
    if code in ("new_health_problem", "work_stopped"):
        names = members[code] if code in members else _blank(index)
        return w.fill(code, members=names.fillna("").astype(str)).set_axis(index)
    if code == "labour_lost":
        text = w.fill(
            "labour_lost",
            before=w.count(rows["before_labour_count"]),
            after=w.count(rows["after_labour_count"]),
        ).set_axis(index)
        return text + listing("labour_lost")
    if code == "dibao_without_measure":
        return w.fill(
            "dibao_without_measure",
            before=w.count(rows["before_relief_count"]),
            after=w.count(rows["after_relief_count"]),
        ).set_axis(index)
    if code == "member_left":
        text = w.fill(
            "member_left",
            before=w.count(rows["before_size"]),
            after=w.count(rows["after_size"]),
            income_before=before_income,
            income_after=after_income,
        ).set_axis(index)
        return text + listing("member_left", "left_members") + listing("joined", "joined_members")
    return _blank(index)


def _blank(index: pd.Index) -> pd.Series:
    return pd.Series("", index=index, dtype=object)


def _member_texts(changes: pd.DataFrame, w: _Words) -> pd.DataFrame:
    """Per household, who changed, as text: one column per warning that names members."""
    flags = ["new_health_count", "work_stopped_count", "labour_changed_count", "labour_left"]
    flags += ["members_left", "members_joined"]
    changes = changes.loc[changes[flags].any(axis=1).to_numpy()]
    name = changes["name_before"].fillna(changes["name_after"])
    name = name.astype(object).where(name.notna(), w.words["no_name"]).astype(str)
    health_before = _text(changes["health_before"], w.words["healthy"])
    health_after = _text(changes["health_after"], w.words["unknown"])
    skill_before = _text(changes["labour_skill_before"], w.words["unknown"])
    skill_after = _text(changes["labour_skill_after"], w.words["unknown"])
    texts = {
        "new_health_problem": (
            changes["new_health_count"],
            _change(w, name, health_before, health_after),
        ),
        "work_stopped": (
            changes["work_stopped_count"],
            _change(w, name, _work(changes, "before", w), _work(changes, "after", w)),
        ),
        "labour_lost": (
            changes["labour_changed_count"] | changes["labour_left"],
            pd.Series(
                np.where(
                    changes["labour_left"].to_numpy(),
                    labels.fill(w.words["member_gone"], name=name),
                    _change(w, name, skill_before, skill_after),
                ),
                index=changes.index,
                dtype=object,
            ),
        ),
        "member_left": (changes["members_left"], name),
        "joined": (changes["members_joined"], name),
    }
    listing = labels.label(labels.LIST_SEPARATOR, "list", w.lang)
    columns = {}
    for column, (chosen, text) in texts.items():
        mask = pd.Series(chosen, index=changes.index).fillna(False).astype(bool).to_numpy()
        picked = text.loc[mask].groupby(changes["hcode"].loc[mask], sort=False)
        columns[column] = picked.agg(listing.join)
    return pd.DataFrame(columns)


def _text(values: pd.Series, blank: str) -> pd.Series:
    return values.astype(object).where(values.notna(), blank).astype(str)


def _change(w: _Words, name: pd.Series, before: pd.Series, after: pd.Series) -> pd.Series:
    return pd.Series(
        labels.fill(w.words["member_change"], name=name, before=before, after=after),
        index=name.index,
        dtype=object,
    )


def _work(changes: pd.DataFrame, side: str, w: _Words) -> pd.Series:
    """What a member's work looked like: 务工状况 when filled, else months and place."""
    status = changes[f"employment_{side}"]
    months = pd.to_numeric(changes[f"work_months_{side}"], errors="coerce")
    place = changes[f"work_place_{side}"].astype(object)
    worked = _flag(changes[f"employed_{side}"])
    month_text = months.map(
        lambda v: "" if pd.isna(v) or v <= 0 else w.words["months"].format(months=f"{v:g}")
    ).astype(str)
    place_text = place.where(place.notna(), "").astype(str)
    detail: pd.Series = (
        w.words["worked"] + month_text + np.where(place_text.ne(""), " " + place_text, "")
    )
    fallback = np.where(worked, detail, w.words["not_working"])
    return status.astype(object).where(status.notna(), pd.Series(fallback, index=status.index))


# -- households in and out ----------------------------------------------------------------------


def _roster_changes(sequence: _Sequence) -> pd.DataFrame:
    """New in the window, missing from the latest, missing in between, repeated numbers."""
    latest = sequence.latest
    label = np.array([s.label for s in sequence.snapshots], dtype=object)
    first, last, seen = sequence.first, sequence.last, sequence.seen
    last_rows = sequence.ends
    in_latest = last.eq(latest)
    masks = {
        "new": in_latest & first.gt(0),
        "missing": ~in_latest,
        "absent_between": in_latest & seen.lt(latest - first + 1),
    }
    count = len(sequence.snapshots)
    parts = []
    for code, mask in masks.items():
        keys = mask.index[mask.to_numpy()]
        rows = last_rows.loc[keys]
        parts.append(
            pd.DataFrame(
                {
                    "change": code,
                    "township": rows["township"],
                    "village": rows["village"],
                    "household_id": rows["household_id"],
                    "head_name": rows["head_name"],
                    "cadre": rows["cadre"],
                    "first_seen": label[first.loc[keys].to_numpy(dtype=np.int64)],
                    "last_seen": label[last.loc[keys].to_numpy(dtype=np.int64)],
                    "seen": [f"{n}/{count}" for n in seen.loc[keys]],
                    "status": rows["status"],
                    "per_capita_income": rows["per_capita_income"],
                },
                index=keys,
            )
        )
    repeated = sequence.duplicates
    if not repeated.empty:
        at = label[repeated["_snap"].to_numpy(dtype=np.int64)]
        parts.append(
            pd.DataFrame(
                {
                    "change": "duplicate",
                    "township": repeated["township"].to_numpy(),
                    "village": repeated["village"].to_numpy(),
                    "household_id": repeated["household_id"].to_numpy(),
                    "head_name": repeated["head_name"].to_numpy(),
                    "cadre": repeated["cadre"].to_numpy(),
                    "first_seen": at,
                    "last_seen": at,
                    "seen": "",
                    "status": repeated["status"].to_numpy(),
                    "per_capita_income": repeated["per_capita_income"].to_numpy(),
                },
                index=pd.Index(repeated["key"].to_numpy(), name="key"),
            )
        )
    found = pd.concat([p for p in parts if not p.empty] or [parts[0]])
    found.index.name = "key"
    return found.reset_index()


# -- order, issues, summary ---------------------------------------------------------------------


def _place_order(after: pd.DataFrame) -> dict[str, dict[Any, int]]:
    """Ranks of townships, villages and households as the latest snapshot lists them (a
    roster's order: the national export is sorted by 户编号, i.e. administrative code)."""
    position = pd.Series(np.arange(len(after)), index=after.index)
    towns = after["township"].drop_duplicates()
    villages = after[["township", "village"]].drop_duplicates()
    return {
        "township": {t: i for i, t in enumerate(towns)},
        "village": {(t, v): i for i, (t, v) in enumerate(villages.itertuples(index=False))},
        "household": position.to_dict(),
    }


def _in_order(
    frame: pd.DataFrame, order: dict[str, dict[Any, int]], codes: Sequence[str]
) -> pd.DataFrame:
    """By township and village in the latest snapshot's order (unknown last), household,
    then code."""
    rank = {code: i for i, code in enumerate(codes)}
    towns, villages, households = order["township"], order["village"], order["household"]
    pairs = pd.Series(list(zip(frame["township"], frame["village"], strict=True)), dtype=object)
    keyed = frame.reset_index(drop=True).assign(
        _town=frame["township"].map(towns).fillna(len(towns)).to_numpy(),
        _village=pairs.map(villages).fillna(len(villages)).to_numpy(),
        _household=frame["key"].map(households).fillna(len(households)).to_numpy(),
        _key=frame["key"].to_numpy(),
        _code=frame["code"].map(rank).fillna(len(rank)).to_numpy(),
    )
    keyed = keyed.sort_values(["_town", "_village", "_household", "_key", "_code"], kind="stable")
    return keyed.drop(columns=["_town", "_village", "_household", "_key", "_code", "key"])


def _issues(snapshots: Sequence[Snapshot]) -> pd.DataFrame:
    parts = [
        s.issues.assign(file=s.input.path)
        for s in snapshots
        if s.issues is not None and not s.issues.empty
    ]
    columns = ["file", *ISSUE_COLUMNS]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def _snapshot_info(sequence: _Sequence) -> list[dict[str, Any]]:
    info = []
    for position, snapshot in enumerate(sequence.snapshots):
        available = sequence.available[position]
        missing = [
            name
            for name in (*WARN_FIGURES, "members", "health", "labour_skill", "employed")
            if name not in available
        ]
        info.append(
            {
                "position": position + 1,
                "label": snapshot.label,
                "file": snapshot.input.path,
                "kind": snapshot.kind,
                "as_of": snapshot.as_of,
                "sha256": snapshot.input.sha256,
                "households": len(sequence.frames[position]),
                "people": int(pd.to_numeric(sequence.frames[position]["size"]).fillna(0).sum()),
                "members": snapshot.members is not None,
                "missing": missing,
            }
        )
    return info


def _summary(
    sequence: _Sequence,
    after: pd.DataFrame,
    findings: pd.DataFrame,
    roster: pd.DataFrame,
    issues: pd.DataFrame,
    not_run: dict[str, int],
    needs: dict[str, list[str]],
    parameters: Parameters,
    skipped: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    by_code = findings["code"].value_counts()
    townships: dict[str, dict[str, int]] = {}
    placed = findings.loc[findings["township"].notna()]
    for township, group in placed.groupby("township", sort=False):
        townships[str(township)] = {
            "findings": len(group),
            "households": int(group["household_id"].nunique()),
        }
    changes = roster["change"].value_counts()
    snapshots = sequence.snapshots
    return {
        "snapshots": len(snapshots),
        "first": snapshots[0].label,
        "latest": snapshots[-1].label,
        "households": len(after),
        "people": int(after["size"].fillna(0).sum()),
        "line": parameters.line,
        "findings": len(findings),
        "households_with_findings": int(findings["household_id"].nunique()),
        "by_code": {code: int(by_code.get(code, 0)) for code in parameters.profile.warn.conditions},
        "by_township": townships,
        "without_township": int(findings["township"].isna().sum()),
        "roster_changes": {code: int(changes.get(code, 0)) for code in ROSTER_CHANGES},
        "not_run": {
            code: {"households": count, "missing": needs[code]} for code, count in not_run.items()
        },
        "skipped": [{"file": file, "why": why} for file, why in skipped],
        "issues": {
            "errors": int(issues["severity"].eq("error").sum()),
            "warnings": int(issues["severity"].eq("warning").sum()),
        },
    }


def from_archive(archived: Archived, label: str | None = None, sha256: str = "") -> Snapshot:
    """A snapshot read from the archive (``io.snapshots.read_archived``)."""
    return Snapshot(
        label=label or archived.as_of or archived.path.name,
        kind="archive",
        input=InputFile(path=archived.path.name, sha256=sha256),
        households=_held(archived.households),
        members=None if archived.members is None else compact_members(archived.members),
        as_of=archived.as_of,
    )


def from_classification(
    classification: Classification,
    label: str | None = None,
    kind: Kind = "roster",
    tables: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> Snapshot:
    """A snapshot of a roster classified on the fly (or of the county report's own run);
    ``tables``: its ``snapshot_tables`` when already made (the report archives them)."""
    households, members = tables if tables is not None else snapshot_tables(classification)
    source = classification.meta.inputs[0]
    return Snapshot(
        label=label or source.path,
        kind=kind,
        input=source,
        households=_held(households),
        members=compact_members(members),
        as_of=classification.parameters.as_of.isoformat(),
        issues=classification.issues,
    )
