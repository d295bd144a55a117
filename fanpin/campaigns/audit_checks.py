"""The audit's checks as a registry: each a small named unit (selection, evidence, action).

A ``Check`` names its code and group, selects the rows it raises a finding for
(households, or cadres, or list IDs) from a ``Context``, and builds the
evidence, the suggested action and the severity of those rows column-wise.
``CHECKS`` holds the roster checks in report order, ``LIST_CHECKS`` the checks
that need department lists; the profile's department rules
(``[[audit.department_rules]]``) stay profile data and become checks at run
time (``rule_check``). ``run_audit`` runs them all through ``Check.run``, so
every finding has the one frame shape ``FINDING_COLUMNS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.campaigns.departments import Matched, headline
from fanpin.io import schema
from fanpin.io.messages import Lang
from fanpin.io.validate import mask_id
from fanpin.rules.assess import Parameters
from fanpin.rules.escaped import is_escaped
from fanpin.rules.profiles import AuditSettings

FINDING_COLUMNS = [
    "code",
    "group",
    "severity",
    "township",
    "village",
    "household_id",
    "head_name",
    "cadre",
    "cadre_phone",
    "risk",
    "kind",
    "evidence",
    "action",
    "source",
    "roster_row",
]
# Columns a finding takes from the rows a check selects, when they have them.
_SUBJECT_COLUMNS = ("township", "village", "household_id", "head_name", "cadre", "cadre_phone")


class Text:
    """Sentences from the templates of ``labels.AUDIT_PHRASES`` in one language and the
    profile's era (2026: 防止返贫致贫对象 where 2021 says 监测对象), column-wise."""

    def __init__(self, lang: Lang, era: labels.Era = "2021") -> None:
        self.lang = lang
        self.words = labels.era_labeller(labels.AUDIT_PHRASES, lang, era)
        self.separator = labels.label(labels.LIST_SEPARATOR, "clauses", lang)
        self.listing = labels.label(labels.LIST_SEPARATOR, "list", lang)

    def say(self, key: str, **values: object) -> str:
        """One phrase, with scalar values filled in."""
        return self.words[key].format(**values)

    def fill(self, key: str, **values: pd.Series | str) -> pd.Series:
        """One phrase per row: the template's text around the given columns (or scalars)."""
        return cast(pd.Series, labels.fill(self.words[key], **values))

    @staticmethod
    def yuan(values: pd.Series, places: int = 2) -> pd.Series:
        return values.map(lambda v: "" if pd.isna(v) else f"{v:,.{places}f}").astype(object)

    @staticmethod
    def number(values: pd.Series) -> pd.Series:
        return values.map(lambda v: "" if pd.isna(v) else f"{v:.0f}").astype(object)

    def percent(self, shares: pd.Series) -> pd.Series:
        """Shares (0.25) as percentages with one decimal (25.0%)."""
        template = self.words["percent"]
        return (
            (shares * 100)
            .map(lambda v: "" if pd.isna(v) else template.format(value=f"{v:.1f}"))
            .astype(object)
        )

    @staticmethod
    def text(values: pd.Series) -> pd.Series:
        return values.astype(object).where(values.notna(), "").astype(str)

    @staticmethod
    def when(mask: pd.Series, *pieces: pd.Series | str) -> pd.Series:
        out = pd.Series("", index=mask.index, dtype=object)
        for piece in pieces:
            out = out + piece
        return out.where(mask.fillna(False).astype(bool), "")

    def join(self, *parts: pd.Series) -> pd.Series:
        """Non-empty parts joined with the sentence separator."""
        out = parts[0].astype(object)
        for part in parts[1:]:
            gap = np.where(out.ne("") & part.ne(""), self.separator, "")
            out = out + gap + part
        return out

    def labels(self, values: pd.Series, table: labels.Labels) -> pd.Series:
        """Codes as their labels; missing or unknown as ''."""
        return values.map(labels.labeller(table, self.lang)).fillna("").astype(str)

    def factors(self, rows: pd.DataFrame) -> pd.Series:
        """Names of the risk factors a household has, joined."""
        names = labels.labeller(labels.RISK_FACTOR, self.lang)
        out = pd.Series("", index=rows.index, dtype=object)
        for code in schema.RISK_FACTORS:
            out = out + np.where(rows[f"risk_{code}"].to_numpy(dtype=bool), names[code] + "|", "")
        return out.str.rstrip("|").str.replace("|", self.listing, regex=False)

    def difficulties(self, rows: pd.DataFrame) -> pd.Series:
        """The outstanding difficulties (三保障 and water) a household has, joined."""
        return self.join(
            self.when(
                rows["dropout_count"].gt(0),
                self.fill("dropouts", count=self.number(rows["dropout_count"])),
            ),
            self.when(
                rows["uninsured_count"].gt(0),
                self.fill("uninsured", count=self.number(rows["uninsured_count"])),
            ),
            self.when(rows["housing_unsafe"], self.say("unsafe_housing")),
            self.when(rows["no_safe_water"], self.say("unsafe_water")),
        )


@dataclass(frozen=True)
class Context:
    """What the checks of one run look at: the classified households, lists, profile."""

    households: pd.DataFrame
    parameters: Parameters
    matched: Matched
    files: Mapping[str, str]  # list kind -> its file name

    @cached_property
    def text(self) -> Text:
        return Text(self.parameters.lang, self.parameters.profile.terminology)

    @property
    def settings(self) -> AuditSettings:
        return self.parameters.profile.audit

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.files)

    @cached_property
    def with_lists(self) -> pd.DataFrame:
        """The households with the department figures of their members' list rows."""
        return self.households.join(self.matched.households, on="household_id")


Select = Callable[[Context], pd.DataFrame]
Phrase = Callable[[Context, pd.DataFrame], "pd.Series | str"]
Severity = Callable[[Context, pd.DataFrame], "pd.Series | np.ndarray | str"]


def _always(context: Context) -> bool:
    return True


@dataclass(frozen=True)
class Check:
    """One named audit check: the rows it selects, and per row its evidence and action.

    ``select`` returns the rows a finding is raised for; a row gives the finding
    its township, village, household, head, cadre and roster row when it has
    those columns. ``evidence``, ``action``, ``severity`` (and ``source``,
    ``kind``) are a constant or a function of the context and the selected
    rows, built column-wise. ``runs`` says whether the check applies to a run
    at all (a profile switch, a list given). ``label`` is (zh, en); None means
    ``labels.AUDIT_CHECKS[code]``.
    """

    code: str
    group: str
    select: Select
    evidence: Phrase
    action: Phrase
    severity: str | Severity = "warning"
    runs: Callable[[Context], bool] = _always
    source: Phrase | None = None
    kind: str | Phrase | None = None
    risk: str | None = None
    label: tuple[str, str] | None = None

    def title(self, lang: Lang) -> str:
        """The check's name in ``lang``."""
        names = {self.code: self.label or labels.AUDIT_CHECKS[self.code]}
        return labels.label(names, self.code, lang)

    def run(self, context: Context) -> pd.DataFrame:
        """The findings of this check, one per selected row (FINDING_COLUMNS)."""
        rows = self.select(context)

        def value(part: str | Phrase | Severity | None) -> object:
            return part(context, rows) if callable(part) else part

        columns: dict[str, object] = {"code": self.code, "group": self.group}
        columns["severity"] = value(self.severity)
        for name in _SUBJECT_COLUMNS:
            columns[name] = rows[name] if name in rows else None
        columns |= {"risk": self.risk, "kind": value(self.kind)}
        columns |= {"evidence": value(self.evidence), "action": value(self.action)}
        columns |= {"source": value(self.source)}
        columns["roster_row"] = rows["first_row"] if "first_row" in rows else None
        return pd.DataFrame(columns, index=rows.index, columns=FINDING_COLUMNS)


# -- helpers ------------------------------------------------------------------------------------


def blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(object).fillna("").astype(str).str.strip().eq("")


def month_index(values: pd.Series) -> pd.Series:
    """YYYYMM text as a month count (year × 12 + month); missing stays missing."""
    text = values.astype(object).where(values.notna(), None)
    year = pd.to_numeric(text.str[:4], errors="coerce")
    month = pd.to_numeric(text.str[4:6], errors="coerce")
    return year * 12 + month


def identified(households: pd.DataFrame) -> pd.Series:
    """Households identified for monitoring, their risk eliminated or not: marked by a
    监测对象类别, by 户类型 监测户 (with or without a category) or by 识别监测时间 with
    风险是否已消除 = 否 (domain.md §9) — the classification's ``is_monitored``, or its
    status ``eliminated``. A filled category alone misses 监测户 without one."""
    return households["is_monitored"].fillna(False).astype(bool) | households["status"].eq(
        "eliminated"
    )


def _status(context: Context, status: str) -> pd.Series:
    return context.households["status"].eq(status)


def _months_between(rows: pd.DataFrame) -> pd.Series:
    """Months from identification to elimination."""
    return month_index(rows["eliminated_month"]) - month_index(rows["monitored_since"])


def _relief(rows: pd.DataFrame) -> pd.Series:
    return rows["dibao_count"].add(rows["tekun_count"]).gt(0)


def _line_text(context: Context) -> str:
    return f"{context.parameters.line:,.0f}"


# -- should_monitor -----------------------------------------------------------------------------


def _proposed(c: Context) -> pd.DataFrame:
    return c.households.loc[_status(c, "proposed")]


def _should_monitor_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text, line = c.text, c.parameters.line
    change = rows["income_change_ratio"]
    dropped = change <= -c.parameters.profile.category.drop_ratio
    income = rows["per_capita_income"]
    return text.join(
        text.fill(
            "proposed_category", category=text.labels(rows["proposed_category"], labels.CATEGORY)
        ),
        text.fill("income", income=text.yuan(income))
        + text.when(income.lt(line), text.say("below_line", line=_line_text(c))),
        text.when(
            income.ge(line) & rows["adjusted_per_capita_income"].lt(line),
            text.fill(
                "adjusted_below_line", adjusted=text.yuan(rows["adjusted_per_capita_income"])
            ),
        ),
        text.when(dropped, text.fill("fell_by", percent=text.percent(-change))),
        text.when(
            rows["outstanding_difficulty"],
            text.fill("difficulty", difficulties=text.difficulties(rows)),
        ),
        text.when(rows["risk_count"].gt(0), text.fill("risks", risks=text.factors(rows))),
        text.when(
            rows["tier"].notna(),
            text.fill(
                "tier_points",
                tier=text.labels(rows["tier"], labels.TIER),
                score=text.number(rows["score"]),
            ),
        ),
    )


def _should_monitor_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("identify")


# -- measures_missing ---------------------------------------------------------------------------


def _without_measures(c: Context) -> pd.DataFrame:
    h = c.households
    received = h["measures_received_codes"].map(len)
    gap = h["measures_gap"].map(len)
    return h.loc[_status(c, "monitored") & (received.eq(0) | gap.gt(0))]


def _no_measure(rows: pd.DataFrame) -> pd.Series:
    return rows["measures_received_codes"].map(len).eq(0)


def _measure_names(c: Context) -> Callable[[Sequence[str]], str]:
    catalogue = c.parameters.profile.catalogue.by_code()
    return lambda codes: c.text.listing.join(catalogue[code].name for code in codes)


def _measures_missing_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    names = _measure_names(c)
    target_names = {
        **labels.labeller(labels.RISK_FACTOR, c.parameters.lang),
        **labels.labeller(labels.MEASURE_TARGETS, c.parameters.lang),
    }

    def targets(factors: Sequence[str]) -> str:
        return text.listing.join(target_names.get(f, f) for f in factors)

    none = _no_measure(rows)
    gap_names = rows["measures_gap"].map(names)
    return text.join(
        text.when(none, text.say("no_measure")),
        text.when(
            ~none, text.fill("in_place", measures=rows["measures_received_codes"].map(names))
        ),
        text.when(
            rows["uncovered"].map(len).gt(0),
            text.fill("not_covered", targets=rows["uncovered"].map(targets)),
        ),
        text.when(gap_names.ne(""), text.fill("options", measures=gap_names)),
    )


def _measures_missing_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    gap_names = rows["measures_gap"].map(_measure_names(c))
    return text.when(gap_names.ne(""), text.fill("provide_missing", measures=gap_names)).where(
        gap_names.ne(""), text.say("provide_one")
    )


def _measures_missing_severity(c: Context, rows: pd.DataFrame) -> np.ndarray:
    return np.where(_no_measure(rows), "error", "warning")


# -- elimination --------------------------------------------------------------------------------


def _eliminated_early(c: Context) -> pd.DataFrame:
    h = c.households
    early = _status(c, "eliminated") & (
        _months_between(h) < c.parameters.profile.elimination.min_months
    )
    return h.loc[early]


def _hurried(c: Context, rows: pd.DataFrame) -> pd.Series:
    """帮扶消除 sooner than the profile's assisted minimum."""
    settings = c.parameters.profile.elimination
    return rows["elimination_method"].eq("assisted") & (
        _months_between(rows) < settings.assisted_min_months
    )


def _too_early_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    settings = c.parameters.profile.elimination
    method = text.labels(rows["elimination_method"], labels.ELIMINATION_METHOD).replace(
        "", text.say("eliminated")
    )
    return text.join(
        text.fill(
            "too_early",
            since=text.text(rows["monitored_since"]),
            method=method,
            month=text.text(rows["eliminated_month"]),
            months=text.number(_months_between(rows)),
            minimum=str(settings.min_months),
        ),
        text.when(_hurried(c, rows), text.say("hurried", months=settings.assisted_min_months)),
    )


def _too_early_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("check_elimination")


def _too_early_severity(c: Context, rows: pd.DataFrame) -> np.ndarray:
    return np.where(_hurried(c, rows), "error", "warning")


def _income_period_start(c: Context) -> int:
    """The first month (year × 12 + month) of the 12 the roster's income covers."""
    as_of = c.parameters.as_of
    return as_of.year * 12 + as_of.month - 11


def _eliminated_on_these_figures(c: Context, rows: pd.DataFrame) -> pd.Series:
    """Eliminated within the 12 months the roster's income covers: the figures at hand are
    the ones the elimination rested on, so failing them means it was wrong (domain.md §6)."""
    return month_index(rows["eliminated_month"]).ge(_income_period_start(c))


def _below_line(c: Context, rows: pd.DataFrame) -> pd.Series:
    line = c.parameters.line
    return (rows["per_capita_income"] < line) | (rows["adjusted_per_capita_income"] < line)


def _wrongly_eliminated(c: Context, rows: pd.DataFrame) -> pd.Series:
    """Eliminated on these figures while below the line or with an open difficulty."""
    failed = _below_line(c, rows) | rows["outstanding_difficulty"].astype(bool)
    return _eliminated_on_these_figures(c, rows) & failed


def _eliminated_below(c: Context) -> pd.DataFrame:
    h = c.households
    chosen = _status(c, "eliminated") & _eliminated_on_these_figures(c, h) & _below_line(c, h)
    return h.loc[chosen]


def _below_line_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text, line = c.text, c.parameters.line
    adjusted = rows["adjusted_per_capita_income"]
    return text.join(
        text.fill(
            "income_against_line",
            income=text.yuan(rows["per_capita_income"]),
            line=_line_text(c),
        ),
        text.when(adjusted.lt(line), text.fill("adjusted", adjusted=text.yuan(adjusted))),
    )


def _below_line_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("reassess")


def _eliminated_with_difficulty(c: Context) -> pd.DataFrame:
    h = c.households
    chosen = _status(c, "eliminated") & _eliminated_on_these_figures(c, h)
    return h.loc[chosen & h["outstanding_difficulty"]]


def _returned(c: Context) -> pd.DataFrame:
    """Eliminated households that fail the tests now (the classification's returned_to_risk),
    unless the elimination itself was wrong on the same figures (the two checks above)."""
    h = c.households
    flagged = _status(c, "eliminated") & h["returned_to_risk"].astype(bool)
    return h.loc[flagged & ~_wrongly_eliminated(c, h)]


def _returned_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text, line = c.text, c.parameters.line
    method = text.labels(rows["elimination_method"], labels.ELIMINATION_METHOD).replace(
        "", text.say("eliminated")
    )
    income, adjusted = rows["per_capita_income"], rows["adjusted_per_capita_income"]
    change = rows["income_change_ratio"]
    return text.join(
        text.fill(
            "eliminated_in",
            method=method,
            month=text.text(rows["eliminated_month"]),
            since=text.text(rows["monitored_since"]),
        ),
        text.when(
            income.lt(line),
            text.fill("income", income=text.yuan(income)),
            text.say("below_line", line=_line_text(c)),
        ),
        text.when(
            income.ge(line) & adjusted.lt(line),
            text.fill("adjusted_below_line", adjusted=text.yuan(adjusted)),
        ),
        text.when(
            change <= -c.parameters.profile.category.drop_ratio,
            text.fill("fell_by", percent=text.percent(-change)),
        ),
        text.when(
            rows["outstanding_difficulty"],
            text.fill("difficulty", difficulties=text.difficulties(rows)),
        ),
        text.when(rows["risk_count"].gt(0), text.fill("risks", risks=text.factors(rows))),
        text.fill(
            "proposed_category", category=text.labels(rows["proposed_category"], labels.CATEGORY)
        ),
    )


def _returned_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    """风险再标注; when the elimination month is unknown, check whether to roll it back."""
    text = c.text
    unknown = month_index(rows["eliminated_month"]).isna()
    return pd.Series(
        np.where(unknown, text.say("verify_timing"), text.say("re_identify")),
        index=rows.index,
        dtype=object,
    )


def _with_difficulty_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    return c.text.fill("open_difficulty", difficulties=c.text.difficulties(rows))


def _with_difficulty_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("resolve_first")


def _eligible(c: Context) -> pd.DataFrame:
    h = c.households
    return h.loc[h["elimination_status"].eq("eligible")]


def _should_eliminate_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    return text.join(
        text.fill("months_monitored", months=text.number(rows["months_monitored"])),
        text.fill(
            "both_above_line",
            income=text.yuan(rows["per_capita_income"]),
            adjusted=text.yuan(rows["adjusted_per_capita_income"]),
            line=_line_text(c),
        ),
        pd.Series(text.say("no_difficulty"), index=rows.index),
        text.fill("measures_count", count=text.number(rows["measures_received_codes"].map(len))),
    )


def _should_eliminate_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    method = text.labels(rows["elimination_method_proposed"], labels.ELIMINATION_METHOD)
    return text.fill("may_eliminate", method=method)


# -- safety net and transfer income -------------------------------------------------------------


def _unflagged_safety_net(c: Context) -> pd.DataFrame:
    h = c.households
    flagged = h["safety_net"].astype("boolean").fillna(False).astype(bool)
    return h.loc[h["labour_count"].eq(0) & h["labour_known"] & ~flagged & h["size"].gt(0)]


def _on_relief(text: Text, rows: pd.DataFrame, key: str = "on_relief", **more: Any) -> pd.Series:
    return text.fill(
        key,
        dibao=text.number(rows["dibao_count"]),
        tekun=text.number(rows["tekun_count"]),
        **more,
    )


def _safety_net_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    relief = _relief(rows)
    recorded = rows["safety_net"].astype("boolean")
    no = labels.label(labels.YES_NO, "no", text.lang)
    flag = text.when(recorded.eq(False).fillna(False), no) + text.when(
        recorded.isna(), text.say("empty")
    )
    return text.join(
        text.fill("no_labour", size=text.number(rows["size"])),
        text.when(relief, _on_relief(text, rows)),
        text.when(~relief, text.say("no_relief")),
        text.fill("safety_net_flag", flag=flag),
    )


def _safety_net_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    return pd.Series(
        np.where(_relief(rows), text.say("flag_safety_net"), text.say("flag_and_relieve")),
        index=rows.index,
    )


def _safety_net_severity(c: Context, rows: pd.DataFrame) -> np.ndarray:
    return np.where(_relief(rows), "error", "warning")


def _relief_without_transfer(c: Context) -> pd.DataFrame:
    h = c.households
    transfer = h["transfer_income"]
    return h.loc[_relief(h) & (transfer.isna() | transfer.eq(0))]


def _zero_transfer_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    transfer = rows["transfer_income"]
    shown = text.when(transfer.isna(), text.say("blank_value")) + text.when(transfer.eq(0), "0")
    return _on_relief(text, rows, "zero_transfer", transfer=shown)


def _zero_transfer_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("record_transfer")


# -- income decline -----------------------------------------------------------------------------


def _income_fell(c: Context) -> pd.DataFrame:
    h = c.households
    scope = is_escaped(h) | identified(h)
    return h.loc[scope & (h["income_change_ratio"] < -c.settings.income_drop_ratio)]


def _income_decline_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    return text.fill(
        "income_fell",
        income=text.yuan(rows["per_capita_income"]),
        last=text.yuan(rows["last_year_per_capita_income"]),
        percent=text.percent(-rows["income_change_ratio"]),
    )


def _income_decline_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("raise_income")


# -- pairing ------------------------------------------------------------------------------------


def _monitored_without_cadre(c: Context) -> pd.DataFrame:
    h = c.households
    return h.loc[_status(c, "monitored") & blank(h["cadre"])]


def _no_cadre_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    return text.fill("no_cadre", category=text.labels(rows["recorded_category"], labels.CATEGORY))


def _no_cadre_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("name_cadre")


def _high_without_pair(c: Context) -> pd.DataFrame:
    h = c.households
    unpaired = blank(h["leader"]) | blank(h["cadre"])
    return h.loc[_status(c, "monitored") & h["tier"].eq("high") & unpaired]


def _pairing_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    unnamed = text.say("unnamed")
    return text.fill(
        "unpaired",
        score=text.number(rows["score"]),
        leader=text.text(rows["leader"]).replace("", unnamed),
        cadre=text.text(rows["cadre"]).replace("", unnamed),
    )


def _pairing_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("pair_one_plus_one")


def _pairing_required(c: Context) -> bool:
    return c.settings.require_leader_for_high


def _overloaded_cadres(c: Context) -> pd.DataFrame:
    """One row per cadre (name and phone) pairing more households than the profile allows.

    The row's township is where most of the cadre's households are; ``households``
    counts them and ``by_township`` lists their IDs per township.
    """
    h = c.households
    named = h.loc[~blank(h["cadre"])]
    key = (
        named["cadre"].astype(str)
        + "|"
        + named["cadre_phone"].astype(object).fillna("").astype(str)
    )
    counts = key.value_counts()
    over = key.isin(counts.index[counts > c.settings.cadre_max_households])
    records = []
    for _, mine in named.loc[over].groupby(key[over], sort=True):
        by_township = mine.groupby("township", sort=True)["household_id"].agg(list)
        main = mine["township"].value_counts().sort_index(kind="stable")
        records.append(
            {
                "township": main.idxmax() if len(main) else None,
                "cadre": mine["cadre"].iloc[0],
                "cadre_phone": mine["cadre_phone"].iloc[0],
                "households": len(mine),
                "by_township": list(by_township.items()),
            }
        )
    columns = ["township", "cadre", "cadre_phone", "households", "by_township"]
    return pd.DataFrame(records, columns=columns)


def _overload_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text, limit = c.text, c.settings.cadre_max_households

    def sentence(count: int, by_township: list[tuple[str, list[str]]]) -> str:
        parts = [
            text.say(
                "cadre_township",
                township=township,
                count=len(ids),
                households=text.listing.join(ids),
            )
            for township, ids in by_township
        ]
        head = text.say("overloaded", count=count, limit=limit)
        return text.separator.join([head, *parts])

    return pd.Series(
        [sentence(n, t) for n, t in zip(rows["households"], rows["by_township"], strict=True)],
        index=rows.index,
        dtype=object,
    )


def _overload_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("reassign", limit=c.settings.cadre_max_households)


# -- department lists ---------------------------------------------------------------------------


def _lists_given(c: Context) -> bool:
    return bool(c.files)


def _unknown_ids(c: Context) -> pd.DataFrame:
    return c.matched.unknown


def _unknown_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    names = rows["name"]
    return text.fill(
        "unknown_id",
        list=text.labels(rows["kind"], labels.DEPARTMENT_LISTS),
        id=rows["id_number"].map(lambda v: mask_id(str(v))).astype(object),
        name=text.when(names.notna(), text.fill("listed_name", name=text.text(names))),
    )


def _unknown_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("check_id")


def _unknown_source(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    numbers = rows["rows"].map(lambda found: text.listing.join(str(r) for r in found))
    return text.fill("list_rows", file=rows["file"], rows=numbers.astype(object))


def _unknown_kind(c: Context, rows: pd.DataFrame) -> pd.Series:
    return rows["kind"]


def rule_check(rule: AuditSettings.DepartmentRule) -> Check:
    """A profile's department rule as a check: its ``when`` over the household's list figures.

    An ``early_warning`` with a ``risk`` fires only where the household does not
    have that risk factor yet.
    """
    title = (rule.label, rule.label_en or rule.label)
    action = (rule.action, rule.action_en or rule.action)

    def select(c: Context) -> pd.DataFrame:
        frame = c.with_lists
        values = {**c.parameters.expression_parameters(), **c.settings.parameters()}
        fired = c.settings.condition(rule).evaluate_mask(frame, values)
        if rule.raises == "early_warning" and rule.risk is not None:
            fired &= ~frame[f"risk_{rule.risk}"].astype(bool)
        return frame.loc[fired]

    def evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
        text = c.text
        figures = headline(rule.kind, rows, c.parameters.lang)
        details = text.text(rows[f"evidence_{rule.kind}"])
        if figures is not None:
            details = figures + text.separator + details
        label = labels.label({rule.code: title}, rule.code, c.parameters.lang)
        return text.fill("rule_evidence", label=label, details=details)

    def suggested(c: Context, rows: pd.DataFrame) -> str:
        chosen = labels.label({rule.code: action}, rule.code, c.parameters.lang)
        return chosen or _default_rule_action(rule, c.text)

    def source(c: Context, rows: pd.DataFrame) -> pd.Series:
        text = c.text
        numbers = text.text(rows[f"rows_{rule.kind}"]).str.replace("、", text.listing)
        return text.fill("list_rows", file=c.files[rule.kind], rows=numbers)

    return Check(
        code=rule.code,
        group=rule.raises,
        select=select,
        evidence=evidence,
        action=suggested,
        severity=rule.severity,
        source=source,
        kind=rule.kind,
        risk=rule.risk,
        label=title,
    )


def _default_rule_action(rule: AuditSettings.DepartmentRule, text: Text) -> str:
    if rule.raises == "doubt":
        return text.say("verify_doubt")
    if rule.risk is None:
        return text.say("verify_warning")
    return text.say(
        "verify_warning_risk", risk=labels.label(labels.RISK_FACTOR, rule.risk, text.lang)
    )


# -- 民政's low-income list (domain.md §11) ---------------------------------------------------

_COVERED = ("monitored", "proposed", "watch")


def _low_income_given(c: Context) -> bool:
    return "low_income" in c.kinds


def _low_income_uncovered(c: Context) -> pd.DataFrame:
    """Households with a member on 民政's list that are neither monitored, proposed nor
    watched (risk eliminated, not at risk, or not assessable)."""
    frame = c.with_lists
    listed = frame["low_income_people"].fillna(0).gt(0)
    return frame.loc[listed & ~frame["status"].isin(_COVERED)]


def _type_names(c: Context, rows: pd.DataFrame) -> pd.Series:
    names = labels.labeller(labels.LOW_INCOME_TYPE, c.parameters.lang)
    return rows["low_income_types"].map(
        lambda codes: (
            c.text.listing.join(names[code] for code in codes) if isinstance(codes, tuple) else ""
        )
    )


def _low_income_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    income = rows["per_capita_income"]
    return text.join(
        text.fill(
            "low_income_listed",
            types=_type_names(c, rows),
            people=text.number(rows["low_income_people"]),
            details=text.text(rows["evidence_low_income"]),
        ),
        text.fill("household_status", status=text.labels(rows["status"], labels.STATUS)),
        text.when(income.notna(), text.fill("income", income=text.yuan(income))),
    )


def _low_income_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    eliminated = rows["status"].eq("eliminated")
    return pd.Series(
        np.where(eliminated, text.say("low_income_eliminated"), text.say("low_income_verify")),
        index=rows.index,
        dtype=object,
    )


def _low_income_source(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    numbers = text.text(rows["rows_low_income"]).str.replace("、", text.listing)
    return text.fill("list_rows", file=c.files["low_income"], rows=numbers)


def _bases_apart(c: Context) -> pd.DataFrame:
    """Households whose roster and 民政 per-capita incomes differ beyond the tolerance."""
    frame = c.with_lists
    return frame.loc[frame["income_basis_gap"] > c.settings.income_basis_tolerance]


def _bases_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    roster, civil = rows["per_capita_income"], rows["low_income_per_capita"]
    return text.join(
        text.fill(
            "incomes_apart",
            roster=text.yuan(roster),
            civil=text.yuan(civil),
            difference=text.yuan((roster - civil).abs()),
            percent=text.percent(rows["income_basis_gap"]),
            tolerance=f"{c.settings.income_basis_tolerance:.0%}",
        ),
        text.fill("recognised_as", types=_type_names(c, rows)),
    )


def _bases_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.say("settle_income")


def income_basis_table(c: Context) -> pd.DataFrame:
    """One row per household whose two per-capita incomes disagree (``income_basis_differs``):
    where it is, who heads and pairs it, 民政's recognition types (codes) and both figures."""
    if not _low_income_given(c):
        return pd.DataFrame(columns=INCOME_BASIS_COLUMNS)
    rows = _bases_apart(c)
    roster, civil = rows["per_capita_income"], rows["low_income_per_capita"]
    table = pd.DataFrame(
        {
            "township": rows["township"],
            "village": rows["village"],
            "household_id": rows["household_id"],
            "head_name": rows["head_name"],
            "recognition_types": rows["low_income_types"].map(
                lambda codes: list(codes) if isinstance(codes, tuple) else []
            ),
            "roster_per_capita": roster,
            "civil_per_capita": civil,
            "difference": (roster - civil).round(2),
            "gap": rows["income_basis_gap"],
            "cadre": rows["cadre"],
            "cadre_phone": rows["cadre_phone"],
        },
        columns=INCOME_BASIS_COLUMNS,
    )
    return table


INCOME_BASIS_COLUMNS = [
    "township",
    "village",
    "household_id",
    "head_name",
    "recognition_types",
    "roster_per_capita",
    "civil_per_capita",
    "difference",  # roster − 民政
    "gap",  # |difference| / the higher of the two
    "cadre",
    "cadre_phone",
]


# -- the registry -------------------------------------------------------------------------------

CHECKS: tuple[Check, ...] = (
    Check(
        "should_monitor",
        "campaign",
        _proposed,
        _should_monitor_evidence,
        _should_monitor_action,
        "error",
    ),
    Check(
        "measures_missing",
        "campaign",
        _without_measures,
        _measures_missing_evidence,
        _measures_missing_action,
        _measures_missing_severity,
    ),
    Check(
        "elimination_too_early",
        "campaign",
        _eliminated_early,
        _too_early_evidence,
        _too_early_action,
        _too_early_severity,
    ),
    Check(
        "eliminated_below_line",
        "campaign",
        _eliminated_below,
        _below_line_evidence,
        _below_line_action,
        "error",
    ),
    Check(
        "eliminated_with_difficulty",
        "campaign",
        _eliminated_with_difficulty,
        _with_difficulty_evidence,
        _with_difficulty_action,
        "error",
    ),
    Check(
        "returned_to_risk",
        "campaign",
        _returned,
        _returned_evidence,
        _returned_action,
        "error",
    ),
    Check(
        "should_eliminate",
        "campaign",
        _eligible,
        _should_eliminate_evidence,
        _should_eliminate_action,
        "warning",
    ),
    Check(
        "safety_net_unflagged",
        "campaign",
        _unflagged_safety_net,
        _safety_net_evidence,
        _safety_net_action,
        _safety_net_severity,
    ),
    Check(
        "zero_transfer_income",
        "campaign",
        _relief_without_transfer,
        _zero_transfer_evidence,
        _zero_transfer_action,
        "error",
    ),
    Check(
        "income_decline",
        "campaign",
        _income_fell,
        _income_decline_evidence,
        _income_decline_action,
        "warning",
    ),
    Check(
        "no_cadre",
        "campaign",
        _monitored_without_cadre,
        _no_cadre_evidence,
        _no_cadre_action,
        "error",
    ),
    Check(
        "pairing_incomplete",
        "campaign",
        _high_without_pair,
        _pairing_evidence,
        _pairing_action,
        "warning",
        runs=_pairing_required,
    ),
    Check(
        "cadre_overloaded",
        "campaign",
        _overloaded_cadres,
        _overload_evidence,
        _overload_action,
        "warning",
    ),
)
"""The roster checks, in report order (domain.md §5–8, Guizhou's and Guangxi's checks)."""

LIST_CHECKS: tuple[Check, ...] = (
    Check(
        "low_income_not_monitored",
        "early_warning",
        _low_income_uncovered,
        _low_income_evidence,
        _low_income_action,
        "warning",
        runs=_low_income_given,
        source=_low_income_source,
        kind="low_income",
    ),
    Check(
        "income_basis_differs",
        "list",
        _bases_apart,
        _bases_evidence,
        _bases_action,
        "warning",
        runs=_low_income_given,
        source=_low_income_source,
        kind="low_income",
    ),
    Check(
        "list_unknown_id",
        "list",
        _unknown_ids,
        _unknown_evidence,
        _unknown_action,
        "warning",
        runs=_lists_given,
        source=_unknown_source,
        kind=_unknown_kind,
    ),
)
"""Checks that need department lists, after the profile's department rules: 民政's
low-income list against the roster (domain.md §11), IDs on any list not in the roster."""


def checks_for(settings: AuditSettings, kinds: frozenset[str]) -> list[Check]:
    """Every check of a run in report order: roster checks, department rules, list checks.

    Department rules run only for the kinds of list given.
    """
    rules = [rule_check(r) for r in settings.department_rules if r.kind in kinds]
    return [*CHECKS, *rules, *LIST_CHECKS]
