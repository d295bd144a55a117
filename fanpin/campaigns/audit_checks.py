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

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.campaigns.departments import Matched, headline
from fanpin.io import schema
from fanpin.io.messages import Lang
from fanpin.io.validate import mask_id
from fanpin.rules.assess import Parameters
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
    """Column-wise sentence building in the report language."""

    def __init__(self, lang: Lang) -> None:
        self.zh = lang == "zh"
        self.separator = "；" if self.zh else "; "
        self.listing = "、" if self.zh else ", "

    def t(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    @staticmethod
    def yuan(values: pd.Series, places: int = 2) -> pd.Series:
        return values.map(lambda v: "" if pd.isna(v) else f"{v:,.{places}f}").astype(object)

    @staticmethod
    def number(values: pd.Series) -> pd.Series:
        return values.map(lambda v: "" if pd.isna(v) else f"{v:.0f}").astype(object)

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

    def factors(self, rows: pd.DataFrame) -> pd.Series:
        """Names of the risk factors a household has, joined."""
        out = pd.Series("", index=rows.index, dtype=object)
        for code, name in schema.RISK_FACTORS.items():
            label = name if self.zh else code.replace("_", " ")
            out = out + np.where(rows[f"risk_{code}"].to_numpy(dtype=bool), label + "|", "")
        return out.str.rstrip("|").str.replace("|", self.listing, regex=False)

    def difficulties(self, rows: pd.DataFrame) -> pd.Series:
        """The outstanding difficulties (三保障 and water) a household has, joined."""
        return self.join(
            self.when(
                rows["dropout_count"].gt(0),
                self.t("义务教育阶段失学辍学 ", "school-age dropouts: "),
                self.number(rows["dropout_count"]),
                self.t(" 人", ""),
            ),
            self.when(
                rows["uninsured_count"].gt(0),
                self.t("未参加基本医保 ", "without medical insurance: "),
                self.number(rows["uninsured_count"]),
                self.t(" 人", ""),
            ),
            self.when(rows["housing_unsafe"], self.t("住房不安全（危房）", "unsafe housing")),
            self.when(
                rows["no_safe_water"], self.t("饮水安全未解决", "drinking water not secured")
            ),
        )

    def labels(self, values: pd.Series, mapping: Mapping[str, tuple[str, str]]) -> pd.Series:
        position = 0 if self.zh else 1
        return values.map({k: v[position] for k, v in mapping.items()}).fillna("").astype(str)


@dataclass(frozen=True)
class Context:
    """What the checks of one run look at: the classified households, lists, profile."""

    households: pd.DataFrame
    parameters: Parameters
    matched: Matched
    files: Mapping[str, str]  # list kind -> its file name

    @cached_property
    def text(self) -> Text:
        return Text(self.parameters.lang)

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


def escaped_households(households: pd.DataFrame) -> pd.Series:
    """脱贫户, including 监测户-marked rows recorded as 脱贫不稳定户."""
    kind = households["household_type"]
    return kind.eq("escaped") | (
        kind.eq("monitored") & households["recorded_category"].eq("unstable_escaped")
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
    text, line, line_text = c.text, c.parameters.line, _line_text(c)
    change = rows["income_change_ratio"]
    dropped = change <= -c.parameters.profile.category.drop_ratio
    return text.join(
        text.t("建议类别：", "proposed category: ")
        + text.labels(rows["proposed_category"], labels.CATEGORY),
        text.t("人均纯收入 ", "per-capita income ")
        + text.yuan(rows["per_capita_income"])
        + text.when(
            rows["per_capita_income"].lt(line),
            text.t(f" 元，低于监测线 {line_text} 元", f", below the line {line_text}"),
        )
        + text.when(rows["per_capita_income"].ge(line), text.t(" 元", "")),
        text.when(
            rows["per_capita_income"].ge(line) & rows["adjusted_per_capita_income"].lt(line),
            text.t("扣除合规自付支出后人均 ", "after compliant out-of-pocket costs "),
            text.yuan(rows["adjusted_per_capita_income"]),
            text.t(" 元，低于监测线", ", below the line"),
        ),
        text.when(
            dropped,
            text.t("同比下降 ", "fell by "),
            (-change * 100).map(lambda v: "" if pd.isna(v) else f"{v:.1f}%").astype(object),
        ),
        text.when(
            rows["outstanding_difficulty"],
            text.t("突出困难：", "outstanding difficulty: "),
            text.difficulties(rows),
        ),
        text.when(rows["risk_count"].gt(0), text.t("风险：", "risks: "), text.factors(rows)),
        text.when(
            rows["tier"].notna(),
            text.labels(rows["tier"], labels.TIER),
            text.t("（", " ("),
            text.number(rows["score"]),
            text.t(" 分）", " points)"),
        ),
    )


def _should_monitor_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "入户核实，按程序（民主评议、公示、乡镇审核、县级审定）纳入监测并落实帮扶措施",
        "verify at home, then identify through the procedure (appraisal, notice, "
        "township review, county approval) and start assistance",
    )


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

    def targets(factors: Sequence[str]) -> str:
        position = 0 if text.zh else 1
        return text.listing.join(
            labels.MEASURE_TARGETS[f][position]
            if f in labels.MEASURE_TARGETS
            else (schema.RISK_FACTORS[f] if text.zh else f.replace("_", " "))
            for f in factors
        )

    none = _no_measure(rows)
    gap_names = rows["measures_gap"].map(names)
    return text.join(
        text.when(none, text.t("未落实任何帮扶措施", "no assistance measure in place")),
        text.when(
            ~none, text.t("已落实：", "in place: "), rows["measures_received_codes"].map(names)
        ),
        text.when(
            rows["uncovered"].map(len).gt(0),
            text.t("未覆盖：", "not covered: "),
            rows["uncovered"].map(targets),
        ),
        text.when(gap_names.ne(""), text.t("可选措施：", "options: "), gap_names),
    )


def _measures_missing_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    gap_names = rows["measures_gap"].map(_measure_names(c))
    return text.when(
        gap_names.ne(""),
        text.t("按“缺什么、补什么”落实：", "provide what is missing: "),
        gap_names,
    ).where(gap_names.ne(""), text.t("落实至少一项帮扶措施", "provide at least one measure"))


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
        "", text.t("风险消除", "eliminated")
    )
    return text.join(
        text.t("识别监测 ", "identified ")
        + text.text(rows["monitored_since"])
        + text.t("，", ", ")
        + method
        + text.t(" 于 ", " in ")
        + text.text(rows["eliminated_month"])
        + text.t("，相隔 ", ", ")
        + text.number(_months_between(rows))
        + text.t(
            f" 个月（应不少于 {settings.min_months} 个月）",
            f" months apart (at least {settings.min_months})",
        ),
        text.when(
            _hurried(c, rows),
            text.t(
                f"帮扶消除不足 {settings.assisted_min_months} 个月",
                f"assisted elimination within {settings.assisted_min_months} months",
            ),
        ),
    )


def _too_early_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "核查风险消除的程序和依据；不符合条件的恢复监测",
        "check the elimination's procedure and grounds; resume monitoring if unmet",
    )


def _too_early_severity(c: Context, rows: pd.DataFrame) -> np.ndarray:
    return np.where(_hurried(c, rows), "error", "warning")


def _eliminated_below(c: Context) -> pd.DataFrame:
    h, line = c.households, c.parameters.line
    below = (h["per_capita_income"] < line) | (h["adjusted_per_capita_income"] < line)
    return h.loc[_status(c, "eliminated") & below]


def _below_line_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text, line, line_text = c.text, c.parameters.line, _line_text(c)
    return text.join(
        text.t("人均纯收入 ", "per-capita income ")
        + text.yuan(rows["per_capita_income"])
        + text.t(f" 元（监测线 {line_text} 元）", f" (line {line_text})"),
        text.when(
            rows["adjusted_per_capita_income"].lt(line),
            text.t("扣除合规自付支出后 ", "after compliant costs "),
            text.yuan(rows["adjusted_per_capita_income"]),
            text.t(" 元", ""),
        ),
    )


def _below_line_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "重新评估收入，恢复监测并落实帮扶措施",
        "reassess the income, resume monitoring and assistance",
    )


def _eliminated_with_difficulty(c: Context) -> pd.DataFrame:
    h = c.households
    return h.loc[_status(c, "eliminated") & h["outstanding_difficulty"]]


def _with_difficulty_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    return c.text.t("尚有突出困难：", "outstanding difficulty: ") + c.text.difficulties(rows)


def _with_difficulty_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "突出问题解决前不应标注风险消除：恢复监测，先解决三保障和饮水问题",
        "risk cannot be eliminated with an open difficulty: resume monitoring and resolve it first",
    )


def _eligible(c: Context) -> pd.DataFrame:
    h = c.households
    return h.loc[h["elimination_status"].eq("eligible")]


def _should_eliminate_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text, line_text = c.text, _line_text(c)
    return text.join(
        text.t("已监测 ", "monitored ")
        + text.number(rows["months_monitored"])
        + text.t(" 个月", " months"),
        text.t("人均纯收入 ", "per-capita income ")
        + text.yuan(rows["per_capita_income"])
        + text.t(" 元，扣除合规自付支出后 ", ", adjusted ")
        + text.yuan(rows["adjusted_per_capita_income"])
        + text.t(f" 元，均不低于监测线 {line_text} 元", f", both at or above {line_text}"),
        pd.Series(text.t("无突出困难", "no outstanding difficulty"), index=rows.index),
        text.t("已落实措施 ", "measures in place: ")
        + text.number(rows["measures_received_codes"].map(len))
        + text.t(" 项", ""),
    )


def _should_eliminate_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    method = text.labels(rows["elimination_method_proposed"], labels.ELIMINATION_METHOD)
    return (
        text.t("入户核实、民主评议、公示后，按", "after verification, appraisal and notice, ")
        + method
        + text.t("标注风险消除", " elimination may be recorded")
    )


# -- safety net and transfer income -------------------------------------------------------------


def _unflagged_safety_net(c: Context) -> pd.DataFrame:
    h = c.households
    flagged = h["safety_net"].astype("boolean").fillna(False).astype(bool)
    return h.loc[h["labour_count"].eq(0) & h["labour_known"] & ~flagged & h["size"].gt(0)]


def _safety_net_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    relief = _relief(rows)
    recorded = rows["safety_net"].astype("boolean")
    return text.join(
        text.t("全家 ", "none of the ")
        + text.number(rows["size"])
        + text.t(" 人均无劳动能力", " members can work"),
        text.when(
            relief,
            text.t("享受低保 ", "on 低保: "),
            text.number(rows["dibao_count"]),
            text.t(" 人、特困供养 ", ", on 特困供养: "),
            text.number(rows["tekun_count"]),
            text.t(" 人", ""),
        ),
        text.when(~relief, text.t("未享受低保或特困供养", "no 低保 or 特困供养")),
        text.t("整户无劳动能力兜底保障户：", "safety-net flag: ")
        + text.when(recorded.eq(False).fillna(False), text.t("否", "no"))
        + text.when(recorded.isna(), text.t("未填", "empty")),
    )


def _safety_net_action(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    return pd.Series(
        np.where(
            _relief(rows),
            text.t("标注为整户无劳动能力兜底保障户", "flag it 整户无劳动能力兜底保障户"),
            text.t(
                "核实后标注为整户无劳动能力兜底保障户，并按规定纳入低保或特困供养",
                "verify, flag it 整户无劳动能力兜底保障户 and arrange 低保 or 特困供养",
            ),
        ),
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
    return (
        text.t("享受低保 ", "on 低保: ")
        + text.number(rows["dibao_count"])
        + text.t(" 人、特困供养 ", ", on 特困供养: ")
        + text.number(rows["tekun_count"])
        + text.t(" 人，但转移性收入为", "; transfer income is ")
        + text.when(rows["transfer_income"].isna(), text.t("空", "empty"))
        + text.when(rows["transfer_income"].eq(0), "0")
    )


def _zero_transfer_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "核实并补录低保金、特困供养金等转移性收入，重新计算人均纯收入",
        "record the 低保 / 特困 payments as transfer income and recompute income",
    )


# -- income decline -----------------------------------------------------------------------------


def _income_fell(c: Context) -> pd.DataFrame:
    h = c.households
    scope = escaped_households(h) | h["recorded_category"].notna()
    return h.loc[scope & (h["income_change_ratio"] < -c.settings.income_drop_ratio)]


def _income_decline_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    return (
        text.t("人均纯收入 ", "per-capita income ")
        + text.yuan(rows["per_capita_income"])
        + text.t(" 元，上年 ", ", last year ")
        + text.yuan(rows["last_year_per_capita_income"])
        + text.t(" 元，下降 ", ", down ")
        + (-rows["income_change_ratio"] * 100).map(lambda v: f"{v:.1f}%").astype(object)
    )


def _income_decline_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "分析减收原因，落实产业、就业等增收措施；符合条件的纳入监测",
        "find why income fell and help raise it; identify for monitoring if eligible",
    )


# -- pairing ------------------------------------------------------------------------------------


def _monitored_without_cadre(c: Context) -> pd.DataFrame:
    h = c.households
    return h.loc[_status(c, "monitored") & blank(h["cadre"])]


def _no_cadre_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    return (
        text.t("监测对象（", "monitored (")
        + text.labels(rows["recorded_category"], labels.CATEGORY)
        + text.t("）未明确帮扶责任人", ") without a pairing cadre")
    )


def _no_cadre_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t("明确帮扶责任人并录入系统", "name a pairing cadre and record them")


def _high_without_pair(c: Context) -> pd.DataFrame:
    h = c.households
    unpaired = blank(h["leader"]) | blank(h["cadre"])
    return h.loc[_status(c, "monitored") & h["tier"].eq("high") & unpaired]


def _pairing_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    unnamed = text.t("未明确", "none")
    return (
        text.t("高风险户（", "high tier (")
        + text.number(rows["score"])
        + text.t(" 分）：联系领导 ", " points): city leader ")
        + text.text(rows["leader"]).replace("", unnamed)
        + text.t("，帮扶责任人 ", ", cadre ")
        + text.text(rows["cadre"]).replace("", unnamed)
    )


def _pairing_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "落实“1+1”结对：一名市级联系领导加一名帮扶责任人",
        "pair it 1+1: one city leader and one cadre",
    )


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
            f"{township} {len(ids)}{text.t(' 户：', ' households: ')}{text.listing.join(ids)}"
            for township, ids in by_township
        ]
        head = text.t(
            f"结对帮扶 {count} 户，超过上限 {limit} 户",
            f"pairs {count} households, over the limit of {limit}",
        )
        return head + text.separator + text.separator.join(parts)

    return pd.Series(
        [sentence(n, t) for n, t in zip(rows["households"], rows["by_township"], strict=True)],
        index=rows.index,
        dtype=object,
    )


def _overload_action(c: Context, rows: pd.DataFrame) -> str:
    limit = c.settings.cadre_max_households
    return c.text.t(
        f"调整结对，每名帮扶责任人不超过 {limit} 户",
        f"reassign households: at most {limit} per cadre",
    )


# -- department lists ---------------------------------------------------------------------------


def _lists_given(c: Context) -> bool:
    return bool(c.files)


def _unknown_ids(c: Context) -> pd.DataFrame:
    return c.matched.unknown


def _unknown_evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    position = 0 if text.zh else 1
    names = rows["name"]
    return (
        rows["kind"].map(lambda k: labels.DEPARTMENT_LISTS[k][position])
        + text.t("：证件号码 ", ": ID ")
        + rows["id_number"].map(lambda v: mask_id(str(v)))
        + text.when(names.notna(), text.t("（", " ("), text.text(names), text.t("）", ")"))
        + text.t(" 不在花名册中", " is not in the roster")
    )


def _unknown_action(c: Context, rows: pd.DataFrame) -> str:
    return c.text.t(
        "核对证件号码是否录错；属本地农村人口而花名册漏录的，补录花名册",
        "check the ID for a typing error; add the person to the roster if they belong there",
    )


def _unknown_source(c: Context, rows: pd.DataFrame) -> pd.Series:
    text = c.text
    rows_text = rows["rows"].map(lambda numbers: text.listing.join(str(r) for r in numbers))
    return rows["file"] + text.t(" 第 ", " rows ") + rows_text + text.t(" 行", "")


def _unknown_kind(c: Context, rows: pd.DataFrame) -> pd.Series:
    return rows["kind"]


def rule_check(rule: AuditSettings.DepartmentRule) -> Check:
    """A profile's department rule as a check: its ``when`` over the household's list figures.

    An ``early_warning`` with a ``risk`` fires only where the household does not
    have that risk factor yet.
    """

    def select(c: Context) -> pd.DataFrame:
        frame = c.with_lists
        values = {**c.parameters.expression_parameters(), **c.settings.parameters()}
        fired = c.settings.condition(rule).evaluate_mask(frame, values)
        if rule.raises == "early_warning" and rule.risk is not None:
            fired &= ~frame[f"risk_{rule.risk}"].astype(bool)
        return frame.loc[fired]

    def evidence(c: Context, rows: pd.DataFrame) -> pd.Series:
        text = c.text
        label = rule.label if text.zh or not rule.label_en else rule.label_en
        figures = headline(rule.kind, rows, c.parameters.lang)
        details = text.text(rows[f"evidence_{rule.kind}"])
        if figures is not None:
            details = figures + text.separator + details
        return label + text.t("：", ": ") + details

    def action(c: Context, rows: pd.DataFrame) -> str:
        text = c.text
        chosen = rule.action if text.zh or not rule.action_en else rule.action_en
        return chosen or _default_rule_action(rule, text)

    def source(c: Context, rows: pd.DataFrame) -> pd.Series:
        text = c.text
        return (
            c.files[rule.kind]
            + text.t(" 第 ", " rows ")
            + text.text(rows[f"rows_{rule.kind}"]).str.replace("、", text.listing)
            + text.t(" 行", "")
        )

    return Check(
        code=rule.code,
        group=rule.raises,
        select=select,
        evidence=evidence,
        action=action,
        severity=rule.severity,
        source=source,
        kind=rule.kind,
        risk=rule.risk,
        label=(rule.label, rule.label_en or rule.label),
    )


def _default_rule_action(rule: AuditSettings.DepartmentRule, text: Text) -> str:
    if rule.raises == "doubt":
        return text.t(
            "入户核实疑点；情况属实的，经民主评议按程序处理，不符合条件的不得纳入监测",
            "verify the doubt at home; if confirmed, handle it through village appraisal",
        )
    risk = schema.RISK_FACTORS.get(rule.risk or "", "")
    return text.t(
        f"入户核实（部门筛查预警）；补录风险类型“{risk}”，符合条件的纳入监测"
        if risk
        else "入户核实（部门筛查预警）；符合条件的纳入监测",
        f"verify at home (department warning); record the risk '{rule.risk}' and identify "
        "for monitoring if eligible"
        if risk
        else "verify at home (department warning); identify for monitoring if eligible",
    )


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
"""Checks over the department lists themselves, after the profile's department rules."""


def checks_for(settings: AuditSettings, kinds: frozenset[str]) -> list[Check]:
    """Every check of a run in report order: roster checks, department rules, list checks.

    Department rules run only for the kinds of list given.
    """
    rules = [rule_check(r) for r in settings.department_rules if r.kind in kinds]
    return [*CHECKS, *rules, *LIST_CHECKS]
