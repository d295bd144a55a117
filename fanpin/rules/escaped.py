"""Sorting 原建档立卡脱贫户 after the transition period (domain.md §11): 有序退出 or 继续帮扶.

With the profile's ``[escaped_track]`` enabled, every household of type 脱贫户 (or a
监测户 recorded as 脱贫不稳定户) is proposed ``continue`` when any of the profile's
named rules holds — each rule that holds is a reason — and ``exit`` otherwise. A
household whose data cannot be trusted (``unassessed_reason``) is never proposed to
leave and no rule is drawn from its figures: it keeps being helped until its data is
checked (the one reason ``data_error``). Other households, and
every household when the sorting is off, get None. Rules run on whole columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.rules.assess import Parameters

PROPOSALS = tuple(labels.ESCAPED_TRACK)  # exit, continue


def is_escaped(frame: pd.DataFrame) -> pd.Series:
    """原建档立卡脱贫户: type 脱贫户, or a 监测户 recorded as 脱贫不稳定户."""
    kind = frame["household_type"]
    recorded = frame["recorded_category"]
    marked = kind.eq("monitored") & recorded.eq("unstable_escaped")
    return (kind.eq("escaped") | marked).fillna(False).astype(bool)


def assess_escaped_track(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """Add ``escaped_track`` (exit / continue / None) and ``escaped_track_reasons``
    ([{code, label}] in the run's language, None where there is no proposal)."""
    result = frame.copy(deep=False)  # copy-on-write: new columns only
    settings = parameters.profile.escaped_track
    count = len(frame)
    if not settings.enabled:
        result["escaped_track"] = pd.Series(None, index=frame.index, dtype=object)
        result["escaped_track_reasons"] = pd.Series(None, index=frame.index, dtype=object)
        return result
    lang = parameters.lang
    zh = lang == "zh"
    values = parameters.expression_parameters()
    conditions = parameters.profile.escaped_conditions
    rules = settings.continue_when
    escaped = is_escaped(frame).to_numpy()
    unassessed = frame["unassessed_reason"].notna().to_numpy()
    # one column per rule (an enabled profile has at least one, checked when it loads)
    fired = np.column_stack(
        [conditions[r.code].evaluate_mask(frame, values).to_numpy() for r in rules]
    )
    fired &= ~unassessed[:, None]  # no reason is drawn from figures that cannot be trusted
    keep = (fired.any(axis=1) | unassessed) & escaped
    proposal = np.full(count, None, dtype=object)
    proposal[escaped] = "exit"
    proposal[keep] = "continue"
    # the reasons of each combination of rules once, then a copy per household
    keys = fired.astype(np.int64) @ (np.int64(1) << np.arange(len(rules), dtype=np.int64))
    texts = [(r.code, r.label if zh or not r.label_en else r.label_en) for r in rules]
    combinations = {
        key: [{"code": code, "label": text} for i, (code, text) in enumerate(texts) if key >> i & 1]
        for key in np.unique(keys[escaped]).tolist()
    }
    data_error = labels.label(labels.ESCAPED_TRACK_BUILTIN_REASONS, "data_error", lang)
    met = [
        {
            "code": "exit_conditions_met",
            "label": labels.label(
                labels.ESCAPED_TRACK_BUILTIN_REASONS, "exit_conditions_met", lang
            ),
        }
    ]
    why = frame["unassessed_reason"].tolist()
    reasons: list[list[dict[str, str]] | None] = [None] * count
    for row, key in zip(np.flatnonzero(escaped).tolist(), keys[escaped].tolist(), strict=True):
        if unassessed[row]:
            text = data_error.format(unassessed_reason=why[row])
            reasons[row] = [{"code": "data_error", "label": text}]
        else:
            reasons[row] = [dict(reason) for reason in combinations[key] or met]
    result["escaped_track"] = pd.Series(proposal, index=frame.index, dtype=object)
    result["escaped_track_reasons"] = pd.Series(reasons, index=frame.index, dtype=object)
    return result
