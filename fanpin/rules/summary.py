"""Assessed household frames → JSON-ready records and summaries (codes, never labels).

``household_records`` gives the household objects of design.md's JSON shape;
``assessment_summary`` the counts every output and the report's 概览 share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from fanpin.io import schema
from fanpin.io.issues import issue_counts
from fanpin.rules.assess import Parameters

RECORD_FIELDS = (
    "household_id",
    "county",
    "township",
    "village",
    "head_name",
    "household_type",
    "size",
    "status",
    "recorded_category",
    "proposed_category",
    "category",
    "category_differs",
    "watch",
    "returned_to_risk",
    "per_capita_income",
    "adjusted_per_capita_income",
    "last_year_per_capita_income",
    "income_change_ratio",
    "tier",
    "score",
    "monitored_since",
    "cadre",
    "unassessed_reason",
    "first_row",
)


def _plain(value: Any) -> Any:
    """numpy / pandas scalars to JSON-ready Python values; missing to None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def household_records(frame: pd.DataFrame, parameters: Parameters) -> list[dict[str, Any]]:
    """One JSON-ready dict per household with the keys of design.md (codes, not labels)."""
    tiers = parameters.profile.tiers.rules
    rule_labels = {r.name: (r.label, r.points) for r in tiers}
    present = [f for f in RECORD_FIELDS if f in frame]
    columns = {f: frame[f].tolist() for f in present}
    reasons = frame["reasons"].tolist()
    evidence = frame["risk_evidence"].tolist()
    needed = frame["measures_needed"].tolist()
    received = frame["measures_received_codes"].tolist()
    unrecognised = frame["measures_unrecognised"].tolist()
    gap = frame["measures_gap"].tolist()
    uncovered = frame["uncovered"].tolist()
    status = frame["elimination_status"].tolist()
    method = frame["elimination_method_proposed"].tolist()
    blockers = frame["elimination_blockers"].tolist()
    recorded_method = frame["elimination_method"].tolist()
    eliminated_month = frame["eliminated_month"].tolist()
    action = frame["elimination_action"].tolist()
    track = frame["escaped_track"].tolist()
    track_reasons = frame["escaped_track_reasons"].tolist()
    records = []
    for index in range(len(frame)):
        record = {f: _plain(columns[f][index]) for f in present}
        record["reasons"] = [
            {"rule": name, "label": rule_labels[name][0], "points": rule_labels[name][1]}
            for name in reasons[index]
        ]
        record["risk_factors"] = _risk_factors(evidence[index])
        record["measures"] = {
            "needed": needed[index],
            "received": received[index],
            "unrecognised": unrecognised[index],
            "gap": gap[index],
            "uncovered": uncovered[index],
        }
        record["elimination"] = (
            None
            if _plain(status[index]) is None
            else {
                "status": status[index],
                "method": _plain(method[index]),
                "blockers": blockers[index],
                "recorded_method": _plain(recorded_method[index]),
                "eliminated_month": _plain(eliminated_month[index]),
                "action": _plain(action[index]),
            }
        )
        record["escaped_track"] = (
            None
            if _plain(track[index]) is None
            else {"proposal": track[index], "reasons": track_reasons[index]}
        )
        records.append(record)
    return records


def _risk_factors(evidence: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    grouped: dict[str, list[str]] = {}
    for factor, text in evidence:
        grouped.setdefault(factor, []).append(text)
    order = list(schema.RISK_FACTORS)
    return [{"code": code, "evidence": grouped[code]} for code in sorted(grouped, key=order.index)]


def _count(frame: pd.DataFrame, key: str, mask: pd.Series) -> dict[str, dict[str, int]]:
    """Households and people per value of ``key`` on the rows of ``mask``, in sorted order
    of the values; blank values are not counted."""
    chosen = mask.to_numpy(dtype=bool)
    codes, values = pd.factorize(frame[key].to_numpy()[chosen], sort=True)
    sizes = frame["size"].to_numpy()[chosen]
    counted = codes >= 0
    households = np.bincount(codes[counted], minlength=len(values))
    people = np.bincount(codes[counted], weights=sizes[counted], minlength=len(values))
    return {
        str(value): {"households": int(households[i]), "people": int(people[i])}
        for i, value in enumerate(values)
    }


def assessment_summary(
    frame: pd.DataFrame, issues: pd.DataFrame, escaped_track: bool = False
) -> dict[str, Any]:
    """Households and people by status, category and tier; what could not be assessed.

    With ``escaped_track`` (the profile sorts 脱贫户), the exit / continue counts; else None.
    """
    status = frame["status"]
    active = status.isin(["monitored", "proposed"])
    unassessed = frame["unassessed_reason"].notna()
    reasons = frame.loc[unassessed, "unassessed_reason"].str.split("：|: ", n=1, regex=True).str[0]
    return {
        "households": len(frame),
        "people": int(frame["size"].sum()),
        "by_status": _count(frame, "status", pd.Series(True, index=frame.index)),
        "by_category": _count(frame, "category", active),
        "by_tier": _count(frame, "tier", frame["tier"].notna()),
        "proposed_not_monitored": int(status.eq("proposed").sum()),
        "category_differs": int(frame["category_differs"].sum()),
        "returned_to_risk": int(frame["returned_to_risk"].sum()),
        "watch": int(frame["watch"].sum()),
        "measures": measures_summary(frame),
        "elimination": elimination_summary(frame),
        "escaped_track": escaped_track_summary(frame) if escaped_track else None,
        "unassessed": {
            "households": int(unassessed.sum()),
            "reasons": {str(k): int(v) for k, v in reasons.value_counts().items()},
        },
        "issues": issue_counts(issues),
    }


def measures_summary(frame: pd.DataFrame) -> dict[str, Any]:
    scope = frame["status"].isin(["monitored", "proposed"]).to_numpy()
    monitored = frame["status"].eq("monitored").to_numpy()
    gap = _lengths(frame["measures_gap"])
    received = _lengths(frame["measures_received_codes"])
    return {
        "households_in_scope": int(scope.sum()),
        "households_with_gap": int(((gap > 0) & scope).sum()),
        "monitored_without_measure": int((monitored & (received == 0)).sum()),
        "measures_in_place": int(received[scope].sum()),
        "measures_missing": int(gap[scope].sum()),
    }


def _lengths(lists: pd.Series) -> np.ndarray:
    """The length of each household's list, counted in C."""
    values = lists.to_numpy(dtype=object)
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def elimination_summary(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["elimination_status"].dropna().value_counts()
    return {str(k): int(v) for k, v in counts.sort_index().items()}


def escaped_track_summary(frame: pd.DataFrame) -> dict[str, Any]:
    """脱贫户 proposed to exit and to continue (households, people), and households per reason."""
    proposed = frame["escaped_track"]
    counts = {
        code: {
            "households": int(proposed.eq(code).sum()),
            "people": int(frame.loc[proposed.eq(code), "size"].sum()),
        }
        for code in ("exit", "continue")
    }
    codes = frame.loc[proposed.eq("continue"), "escaped_track_reasons"].explode().dropna()
    by_reason = codes.map(lambda reason: reason["code"]).value_counts()
    return {**counts, "reasons": {str(k): int(v) for k, v in by_reason.sort_index().items()}}
