"""Household rules on whole columns: income, risk factors, category, tier (domain.md §2–4).

Input is the household frame of roster.py; every function adds columns and
never drops a household. Households whose income or type cannot be trusted
(a blocking data error) keep a row with ``unassessed_reason`` and no category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.errors import ProfileError
from fanpin.io import schema
from fanpin.io.messages import Lang
from fanpin.rules.profiles import Profile

# Errors in these fields make a household's assessment untrustworthy.
BLOCKING_FIELDS = frozenset(
    {*schema.INCOME_COMPONENTS, "business_expense", "compliant_expense", "household_type"}
)
STATUSES = ("monitored", "eliminated", "proposed", "watch", "none", "unassessed")
IN_SCOPE = ("monitored", "proposed", "watch")


@dataclass(frozen=True)
class Parameters:
    """What one assessment run depends on besides the roster."""

    profile: Profile
    year: int
    as_of: date
    lang: Lang = "zh"

    @property
    def line(self) -> float:
        return self.profile.line_for(self.year)

    def expression_parameters(self) -> dict[str, object]:
        category = self.profile.category
        return {
            "line": self.line,
            "watch_margin": category.watch_margin,
            "drop_ratio": category.drop_ratio,
            "large_medical_cost": category.large_medical_cost,
        }


def assess(households: pd.DataFrame, issues: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """Income, risk factors, category, watch flag, tier, score and reasons for every household."""
    frame = households.copy(deep=False)  # copy-on-write: the caller's frame is untouched
    _add_income(frame)
    _add_flags(frame, parameters.as_of)
    frame["unassessed_reason"] = _unassessed_reasons(frame, issues, parameters.lang)
    _add_risk_factors(frame, parameters)
    _add_category(frame, parameters)
    _add_tier(frame, parameters)
    return frame


def _column(frame: pd.DataFrame, name: str, dtype: str = "float64") -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series(np.nan if dtype == "float64" else None, index=frame.index, dtype=dtype)


def _yes(frame: pd.DataFrame, name: str) -> pd.Series:
    """A yes/no column as plain booleans: missing counts as no."""
    return _column(frame, name, "boolean").astype("boolean").fillna(False).astype(bool)


def _add_income(frame: pd.DataFrame) -> None:
    """Per-capita and adjusted per-capita income (domain.md §2), last year's change."""
    components = pd.DataFrame({n: _column(frame, n) for n in schema.INCOME_COMPONENTS})
    has_components = components.notna().any(axis=1)
    expense = _column(frame, "business_expense").fillna(0)
    net = components.sum(axis=1) - expense
    size = frame["size"].astype("float64")
    reported = _column(frame, "reported_per_capita_income")
    per_capita = (net / size).where(has_components, reported)
    frame["net_income"] = net.where(has_components, reported * size)
    frame["per_capita_income"] = per_capita.round(2)
    compliant = _column(frame, "compliant_expense").fillna(0)
    frame["compliant_expense_per_capita"] = (compliant / size).round(2)
    frame["adjusted_per_capita_income"] = (per_capita - compliant / size).round(2)
    last = _column(frame, "last_year_per_capita_income")
    change = (per_capita - last) / last
    frame["income_change_ratio"] = change.where(last > 0).round(4)


def _add_flags(frame: pd.DataFrame, as_of: date) -> None:
    frame["housing_unsafe"] = _yes(frame, "unsafe_housing")
    frame["no_safe_water"] = _column(frame, "safe_water", "boolean").astype("boolean").eq(False)
    frame["no_safe_water"] = frame["no_safe_water"].fillna(False).astype(bool)
    frame["is_monitored"] = _monitored(frame)
    since = _column(frame, "monitored_since", "object")
    months = pd.to_numeric(since.str[:4], errors="coerce") * 12 + pd.to_numeric(
        since.str[4:6], errors="coerce"
    )
    frame["months_monitored"] = (as_of.year * 12 + as_of.month) - months


def _monitored(frame: pd.DataFrame) -> pd.Series:
    """Already monitored, risk not eliminated (domain.md §9).

    A household is marked as monitored by a filled 监测对象类别, by 户类型 监测户, or by
    a filled 识别监测时间 with 风险是否已消除 = 否; 风险是否已消除 = 是 ends it.
    """
    eliminated = _column(frame, "risk_eliminated", "boolean").astype("boolean")
    since = _column(frame, "monitored_since", "object").notna()
    marked = _ever_monitored(frame, since=False) | (since & eliminated.eq(False).fillna(False))
    return marked & ~eliminated.fillna(False).astype(bool)


def _ever_monitored(frame: pd.DataFrame, since: bool = True) -> pd.Series:
    """Identified at some time: a category, 户类型 监测户 or (with ``since``) 识别监测时间."""
    marked = _column(frame, "recorded_category", "object").notna() | frame["household_type"].eq(
        "monitored"
    )
    if since:
        marked |= _column(frame, "monitored_since", "object").notna()
    return marked.fillna(False).astype(bool)


def _unassessed_reasons(frame: pd.DataFrame, issues: pd.DataFrame, lang: Lang) -> pd.Series:
    """Why a household cannot be assessed: blocking data errors or no income at all."""
    blocking = issues[issues["severity"].eq("error") & issues["field"].isin(BLOCKING_FIELDS)]
    cell = labels.label(labels.UNASSESSED, "cell", lang)
    described = pd.Series(
        [
            cell.format(column=c, row=r if pd.isna(r) else int(r))
            for c, r in zip(blocking["column"], blocking["row"], strict=True)
        ],
        index=blocking.index,
        dtype=object,
    )
    separator = labels.label(labels.LIST_SEPARATOR, "list", lang)
    by_household = described.groupby(blocking["household_id"]).agg(separator.join)
    template = labels.label(labels.UNASSESSED, "data_error", lang)
    reasons = frame["household_id"].map(
        by_household.map(lambda cells: template.format(cells=cells))
    )
    no_income = frame["per_capita_income"].isna() & reasons.isna()
    no_type = frame["household_type"].isna() & reasons.isna()
    reasons = reasons.where(~no_type, labels.label(labels.UNASSESSED, "no_household_type", lang))
    return reasons.where(~no_income, labels.label(labels.UNASSESSED, "no_income", lang)).astype(
        object
    )


def _add_risk_factors(frame: pd.DataFrame, parameters: Parameters) -> None:
    """A ``risk_<code>`` column per factor and, per household, the evidence that fired."""
    profile = parameters.profile
    values = parameters.expression_parameters()
    evidence: list[list[tuple[str, str]]] = [[] for _ in range(len(frame))]
    for code in schema.RISK_FACTORS:
        frame[f"risk_{code}"] = False
    for index, rule in enumerate(profile.risk_rules):
        fired = _rule_mask(profile, f"risk_rules[{index}]", frame, values)
        frame[f"risk_{rule.factor}"] |= fired
        text = (
            rule.evidence if parameters.lang == "zh" or not rule.evidence_en else rule.evidence_en
        )
        for position in np.flatnonzero(fired.to_numpy()):
            evidence[position].append((rule.factor, text))
    frame["risk_count"] = frame[[f"risk_{c}" for c in schema.RISK_FACTORS]].sum(axis=1)
    frame["risk_evidence"] = pd.Series(evidence, index=frame.index, dtype=object)
    outstanding = _rule_mask(profile, "category.outstanding", frame, values)
    frame["outstanding_difficulty"] = outstanding


def _rule_mask(
    profile: Profile, where: str, frame: pd.DataFrame, values: dict[str, object]
) -> pd.Series:
    """Where the profile's rule at ``where`` holds; a rule that cannot be worked out
    names its profile and place, as one that cannot be parsed does."""
    try:
        return profile.expressions[where].evaluate_mask(frame, values)
    except ProfileError as error:
        raise ProfileError(
            f"profile '{profile.name}', {where}: {error}",
            zh=f"规则 '{profile.name}' 的 {where}：{error.text('zh')}",
        ) from None


def _add_category(frame: pd.DataFrame, parameters: Parameters) -> None:
    """Proposed category (domain.md §4), the recorded one kept, the watch list, the status."""
    settings = parameters.profile.category
    line = parameters.line
    per_capita = frame["per_capita_income"]
    recorded = _column(frame, "recorded_category", "object")
    assessable = frame["unassessed_reason"].isna()
    escaped = frame["household_type"].eq("escaped") | (
        frame["household_type"].eq("monitored") & recorded.eq("unstable_escaped")
    )
    below = assessable & (per_capita < line)
    sudden_event = frame[[f"risk_{c}" for c in settings.sudden_events]].any(axis=1)
    dropped = frame["income_change_ratio"] <= -settings.drop_ratio
    sudden = (
        assessable
        & ~below
        & (
            (frame["adjusted_per_capita_income"] < line)
            | (dropped & sudden_event)
            | frame["outstanding_difficulty"]
        )
    )
    proposed = pd.Series(None, index=frame.index, dtype=object)
    proposed[sudden] = "sudden_hardship"
    proposed[below & ~escaped] = "marginal"
    proposed[below & escaped] = "unstable_escaped"
    frame["proposed_category"] = proposed
    frame["watch"] = assessable & proposed.isna() & (per_capita < line * settings.watch_margin)
    frame["category"] = recorded.where(recorded.notna(), proposed)
    frame["category_differs"] = recorded.notna() & proposed.notna() & recorded.ne(proposed)
    eliminated = _ever_monitored(frame) & _yes(frame, "risk_eliminated")
    frame["returned_to_risk"] = eliminated & proposed.notna()
    status = pd.Series("none", index=frame.index, dtype=object)
    status[frame["watch"]] = "watch"
    status[proposed.notna()] = "proposed"
    status[eliminated] = "eliminated"
    status[frame["is_monitored"]] = "monitored"
    status[~assessable & ~frame["is_monitored"] & ~eliminated] = "unassessed"
    frame["status"] = status


def _add_tier(frame: pd.DataFrame, parameters: Parameters) -> None:
    """Points from named rules, cut into high / medium / low, with the rules that fired."""
    tiers = parameters.profile.tiers
    values = parameters.expression_parameters()
    score = np.zeros(len(frame), dtype=np.int64)
    reasons: list[list[str]] = [[] for _ in range(len(frame))]
    for rule in tiers.rules:
        fired = _rule_mask(parameters.profile, f"tiers.rules.{rule.name}", frame, values)
        mask = fired.to_numpy()
        score += mask * rule.points
        for position in np.flatnonzero(mask):
            reasons[position].append(rule.name)
    in_scope = (frame["status"].isin(IN_SCOPE) | frame["returned_to_risk"]) & frame[
        "unassessed_reason"
    ].isna()
    tier = np.where(score >= tiers.high, "high", np.where(score >= tiers.medium, "medium", "low"))
    frame["score"] = score
    frame["tier"] = pd.Series(tier, index=frame.index, dtype=object).where(in_scope, None)
    frame["reasons"] = pd.Series(reasons, index=frame.index, dtype=object)
