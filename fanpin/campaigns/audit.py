"""The 排查 campaign (domain.md §5–8): findings over classified households and department lists.

``run_audit`` classifies the roster (``api.classify``), reads the department
lists, and turns both into findings, one row each: a code, its group
(``campaign`` checks of the roster, department ``early_warning`` and ``doubt``,
``list`` problems), a severity, the household and where it lives, its pairing
cadre, the evidence and a suggested action. Every check is a mask over the
household frame; sentences are built column-wise for the households a mask
holds for. The summary adds Guangxi's income ratio, Zixing's employment rate,
and counts by code and township.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.campaigns.departments import (
    DepartmentList,
    Matched,
    headline,
    match_lists,
    roster_people,
)
from fanpin.io import schema
from fanpin.io.issues import ISSUE_COLUMNS
from fanpin.io.messages import Lang
from fanpin.io.models import Meta
from fanpin.io.validate import mask_id
from fanpin.pipeline import Classification, input_file
from fanpin.rules.assess import Parameters
from fanpin.rules.households import member_flags
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


@dataclass
class AuditResult:
    """Findings, the problems of every input, and the summary behind JSON, CSV and Excel."""

    meta: Meta
    parameters: Parameters
    findings: pd.DataFrame  # FINDING_COLUMNS, sorted by township, village, household, code
    issues: pd.DataFrame  # file, kind + ISSUE_COLUMNS: roster first, then each list
    summary: dict[str, Any]
    checks: dict[str, dict[str, str]]  # code -> group and label (report language)
    households: pd.DataFrame  # the classified households the checks ran on

    @property
    def lang(self) -> Lang:
        return self.parameters.lang

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: meta, summary, findings (codes, not labels), issues."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary,
            "findings": _records(self.findings),
            "issues": _records(self.issues),
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    plain = frame.astype(object).where(frame.notna(), None)
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in r.items()} for r in plain.to_dict("records")
    ]
    for record in records:
        for key, value in record.items():
            if isinstance(value, np.integer):
                record[key] = int(value)
            elif isinstance(value, np.floating):
                record[key] = float(value)
    return records


def run_audit(classification: Classification, lists: Sequence[DepartmentList]) -> AuditResult:
    """Every finding over a classified roster and the department lists read for it.

    The profile's department rules run for the kinds of ``lists`` given; the
    others are named in ``summary["rules_not_run"]``.
    """
    departments = {listed.kind for listed in lists}
    as_of = classification.parameters.as_of
    lang = classification.parameters.lang
    loaded = classification.parameters.profile
    parameters = classification.parameters
    validated = classification.validated
    members = validated.members.loc[validated.members["household_id"].notna()]
    flags = member_flags(members, as_of)

    households = classification.households.copy()
    households["labour_known"] = (
        households["household_id"]
        .map(members["labour_skill"].notna().groupby(members["household_id"]).all())
        .fillna(False)
        .astype(bool)
    )
    sizes = households.set_index("household_id")["size"]
    matched = match_lists(lists, roster_people(members, flags), sizes, lang)
    settings = loaded.audit
    rules = [r for r in settings.department_rules if r.kind in departments]
    parts = [
        *_campaign(households, parameters),
        *_department(households, matched, rules, lists, parameters),
        _unknown_ids(matched, lang),
    ]
    findings = _sorted(
        pd.concat([p for p in parts if not p.empty], ignore_index=True)
        if any(not p.empty for p in parts)
        else pd.DataFrame(columns=FINDING_COLUMNS),
        [*labels.AUDIT_CHECKS, *(r.code for r in rules)],
    )
    roster_issues = classification.issues.assign(
        file=classification.meta.inputs[0].path, kind="roster"
    )
    issues = pd.concat([roster_issues, matched.issues], ignore_index=True)
    issues = issues[["file", "kind", *ISSUE_COLUMNS]].reset_index(drop=True)
    checks = _checks(rules, bool(departments), settings.require_leader_for_high, lang)
    meta = classification.meta.model_copy(
        update={
            "command": "audit",
            "inputs": [
                *classification.meta.inputs,
                *(input_file(listed.validated) for listed in lists),
            ],
        }
    )
    summary = _summary(
        households, members, flags, findings, issues, matched, settings, parameters, checks
    )
    summary["rules_not_run"] = [
        r.code for r in settings.department_rules if r.kind not in departments
    ]
    return AuditResult(meta, parameters, findings, issues, summary, checks, households)


def _checks(
    rules: Sequence[AuditSettings.DepartmentRule], lists: bool, pairing: bool, lang: Lang
) -> dict[str, dict[str, str]]:
    """The checks that ran, in report order: code → group and label."""
    position = 0 if lang == "zh" else 1
    skipped = {"list_unknown_id"} | (set() if pairing else {"pairing_incomplete"})
    checks = {
        code: {"group": "campaign", "label": labels[position]}
        for code, labels in labels.AUDIT_CHECKS.items()
        if code not in skipped
    }
    for rule in rules:
        label = rule.label if lang == "zh" or not rule.label_en else rule.label_en
        checks[rule.code] = {"group": rule.raises, "label": label}
    if lists:
        checks["list_unknown_id"] = {
            "group": "list",
            "label": labels.AUDIT_CHECKS["list_unknown_id"][position],
        }
    return checks


def _sorted(findings: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """By township (none last), village, household, then the order checks are declared in."""
    rank = {code: i for i, code in enumerate(order)}
    keyed = findings.assign(
        _no_township=findings["township"].isna(),
        _township=findings["township"].fillna(""),
        _village=findings["village"].fillna(""),
        _household=findings["household_id"].fillna(""),
        _rank=findings["code"].map(rank).fillna(len(rank)),
        _cadre=findings["cadre"].fillna(""),
    )
    keyed = keyed.sort_values(
        ["_no_township", "_township", "_village", "_household", "_rank", "_cadre"], kind="stable"
    )
    return keyed[FINDING_COLUMNS].reset_index(drop=True)


# -- text helpers (column-wise) ---------------------------------------------------------------


class _Text:
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


def _frame(
    rows: pd.DataFrame,
    code: str,
    severity: str | pd.Series | np.ndarray,
    evidence: pd.Series,
    action: str | pd.Series,
    group: str = "campaign",
) -> pd.DataFrame:
    """Findings for the households in ``rows``."""
    return pd.DataFrame(
        {
            "code": code,
            "group": group,
            "severity": severity,
            "township": rows["township"],
            "village": rows["village"],
            "household_id": rows["household_id"],
            "head_name": rows["head_name"],
            "cadre": rows["cadre"],
            "cadre_phone": rows["cadre_phone"],
            "risk": None,
            "kind": None,
            "evidence": evidence,
            "action": action,
            "source": None,
            "roster_row": rows["first_row"],
        },
        index=rows.index,
        columns=FINDING_COLUMNS,
    )


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(object).fillna("").astype(str).str.strip().eq("")


def _month_index(values: pd.Series) -> pd.Series:
    """YYYYMM text as a month count (year × 12 + month); missing stays missing."""
    text = values.astype(object).where(values.notna(), None)
    year = pd.to_numeric(text.str[:4], errors="coerce")
    month = pd.to_numeric(text.str[4:6], errors="coerce")
    return year * 12 + month


def _escaped(households: pd.DataFrame) -> pd.Series:
    """脱贫户, including 监测户-marked rows recorded as 脱贫不稳定户."""
    kind = households["household_type"]
    return kind.eq("escaped") | (
        kind.eq("monitored") & households["recorded_category"].eq("unstable_escaped")
    )


# -- the roster checks --------------------------------------------------------------------------


def _campaign(h: pd.DataFrame, parameters: Parameters) -> list[pd.DataFrame]:
    """One frame of findings per roster check (domain.md §5–8, Guizhou's and Guangxi's checks)."""
    text = _Text(parameters.lang)
    line = parameters.line
    profile = parameters.profile
    status = h["status"]
    monitored = status.eq("monitored")
    eliminated = status.eq("eliminated")
    line_text = f"{line:,.0f}"
    found: list[pd.DataFrame] = []

    rows = h.loc[status.eq("proposed")]
    change = rows["income_change_ratio"]
    dropped = change <= -profile.category.drop_ratio
    evidence = text.join(
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
    found.append(
        _frame(
            rows,
            "should_monitor",
            "error",
            evidence,
            text.t(
                "入户核实，按程序（民主评议、公示、乡镇审核、县级审定）纳入监测并落实帮扶措施",
                "verify at home, then identify through the procedure (appraisal, notice, "
                "township review, county approval) and start assistance",
            ),
        )
    )

    received = h["measures_received_codes"].map(len)
    gap = h["measures_gap"].map(len)
    rows = h.loc[monitored & (received.eq(0) | gap.gt(0))]
    catalogue = profile.catalogue.by_code()

    def names(codes: Sequence[str]) -> str:
        return text.listing.join(catalogue[c].name for c in codes)

    def targets(factors: Sequence[str]) -> str:
        position = 0 if text.zh else 1
        return text.listing.join(
            labels.MEASURE_TARGETS[f][position]
            if f in labels.MEASURE_TARGETS
            else (schema.RISK_FACTORS[f] if text.zh else f.replace("_", " "))
            for f in factors
        )

    none = rows["measures_received_codes"].map(len).eq(0)
    gap_names = rows["measures_gap"].map(names)
    evidence = text.join(
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
    action = text.when(
        gap_names.ne(""),
        text.t("按“缺什么、补什么”落实：", "provide what is missing: "),
        gap_names,
    ).where(gap_names.ne(""), text.t("落实至少一项帮扶措施", "provide at least one measure"))
    found.append(
        _frame(rows, "measures_missing", np.where(none, "error", "warning"), evidence, action)
    )

    settings = profile.elimination
    months = _month_index(h["eliminated_month"]) - _month_index(h["monitored_since"])
    early = eliminated & (months < settings.min_months)
    rows = h.loc[early]
    rows_months = months[early]
    hurried = rows["elimination_method"].eq("assisted") & (
        rows_months < settings.assisted_min_months
    )
    method = text.labels(rows["elimination_method"], labels.ELIMINATION_METHOD).replace(
        "", text.t("风险消除", "eliminated")
    )
    evidence = text.join(
        text.t("识别监测 ", "identified ")
        + text.text(rows["monitored_since"])
        + text.t("，", ", ")
        + method
        + text.t(" 于 ", " in ")
        + text.text(rows["eliminated_month"])
        + text.t("，相隔 ", ", ")
        + text.number(rows_months)
        + text.t(
            f" 个月（应不少于 {settings.min_months} 个月）",
            f" months apart (at least {settings.min_months})",
        ),
        text.when(
            hurried,
            text.t(
                f"帮扶消除不足 {settings.assisted_min_months} 个月",
                f"assisted elimination within {settings.assisted_min_months} months",
            ),
        ),
    )
    found.append(
        _frame(
            rows,
            "elimination_too_early",
            np.where(hurried, "error", "warning"),
            evidence,
            text.t(
                "核查风险消除的程序和依据；不符合条件的恢复监测",
                "check the elimination's procedure and grounds; resume monitoring if unmet",
            ),
        )
    )

    adjusted_below = h["adjusted_per_capita_income"] < line
    rows = h.loc[eliminated & ((h["per_capita_income"] < line) | adjusted_below)]
    evidence = text.join(
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
    found.append(
        _frame(
            rows,
            "eliminated_below_line",
            "error",
            evidence,
            text.t(
                "重新评估收入，恢复监测并落实帮扶措施",
                "reassess the income, resume monitoring and assistance",
            ),
        )
    )

    rows = h.loc[eliminated & h["outstanding_difficulty"]]
    found.append(
        _frame(
            rows,
            "eliminated_with_difficulty",
            "error",
            text.t("尚有突出困难：", "outstanding difficulty: ") + text.difficulties(rows),
            text.t(
                "突出问题解决前不应标注风险消除：恢复监测，先解决三保障和饮水问题",
                "risk cannot be eliminated with an open difficulty: resume monitoring and "
                "resolve it first",
            ),
        )
    )

    rows = h.loc[h["elimination_status"].eq("eligible")]
    proposed_method = text.labels(rows["elimination_method_proposed"], labels.ELIMINATION_METHOD)
    evidence = text.join(
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
    found.append(
        _frame(
            rows,
            "should_eliminate",
            "warning",
            evidence,
            text.t("入户核实、民主评议、公示后，按", "after verification, appraisal and notice, ")
            + proposed_method
            + text.t("标注风险消除", " elimination may be recorded"),
        )
    )

    relief = h["dibao_count"].add(h["tekun_count"]).gt(0)
    flagged = h["safety_net"].astype("boolean").fillna(False).astype(bool)
    rows = h.loc[h["labour_count"].eq(0) & h["labour_known"] & ~flagged & h["size"].gt(0)]
    relief_rows = relief[rows.index]
    recorded = rows["safety_net"].astype("boolean")
    evidence = text.join(
        text.t("全家 ", "none of the ")
        + text.number(rows["size"])
        + text.t(" 人均无劳动能力", " members can work"),
        text.when(
            relief_rows,
            text.t("享受低保 ", "on 低保: "),
            text.number(rows["dibao_count"]),
            text.t(" 人、特困供养 ", ", on 特困供养: "),
            text.number(rows["tekun_count"]),
            text.t(" 人", ""),
        ),
        text.when(~relief_rows, text.t("未享受低保或特困供养", "no 低保 or 特困供养")),
        text.t("整户无劳动能力兜底保障户：", "safety-net flag: ")
        + text.when(recorded.eq(False).fillna(False), text.t("否", "no"))
        + text.when(recorded.isna(), text.t("未填", "empty")),
    )
    action = pd.Series(
        np.where(
            relief_rows,
            text.t("标注为整户无劳动能力兜底保障户", "flag it 整户无劳动能力兜底保障户"),
            text.t(
                "核实后标注为整户无劳动能力兜底保障户，并按规定纳入低保或特困供养",
                "verify, flag it 整户无劳动能力兜底保障户 and arrange 低保 or 特困供养",
            ),
        ),
        index=rows.index,
    )
    found.append(
        _frame(
            rows,
            "safety_net_unflagged",
            np.where(relief_rows, "error", "warning"),
            evidence,
            action,
        )
    )

    transfer = h["transfer_income"]
    rows = h.loc[relief & (transfer.isna() | transfer.eq(0))]
    evidence = (
        text.t("享受低保 ", "on 低保: ")
        + text.number(rows["dibao_count"])
        + text.t(" 人、特困供养 ", ", on 特困供养: ")
        + text.number(rows["tekun_count"])
        + text.t(" 人，但转移性收入为", "; transfer income is ")
        + text.when(rows["transfer_income"].isna(), text.t("空", "empty"))
        + text.when(rows["transfer_income"].eq(0), "0")
    )
    found.append(
        _frame(
            rows,
            "zero_transfer_income",
            "error",
            evidence,
            text.t(
                "核实并补录低保金、特困供养金等转移性收入，重新计算人均纯收入",
                "record the 低保 / 特困 payments as transfer income and recompute income",
            ),
        )
    )

    ratio = profile.audit.income_drop_ratio
    scope = _escaped(h) | h["recorded_category"].notna()
    rows = h.loc[scope & (h["income_change_ratio"] < -ratio)]
    evidence = (
        text.t("人均纯收入 ", "per-capita income ")
        + text.yuan(rows["per_capita_income"])
        + text.t(" 元，上年 ", ", last year ")
        + text.yuan(rows["last_year_per_capita_income"])
        + text.t(" 元，下降 ", ", down ")
        + (-rows["income_change_ratio"] * 100).map(lambda v: f"{v:.1f}%").astype(object)
    )
    found.append(
        _frame(
            rows,
            "income_decline",
            "warning",
            evidence,
            text.t(
                "分析减收原因，落实产业、就业等增收措施；符合条件的纳入监测",
                "find why income fell and help raise it; identify for monitoring if eligible",
            ),
        )
    )

    rows = h.loc[monitored & _blank(h["cadre"])]
    found.append(
        _frame(
            rows,
            "no_cadre",
            "error",
            text.t("监测对象（", "monitored (")
            + text.labels(rows["recorded_category"], labels.CATEGORY)
            + text.t("）未明确帮扶责任人", ") without a pairing cadre"),
            text.t("明确帮扶责任人并录入系统", "name a pairing cadre and record them"),
        )
    )

    if profile.audit.require_leader_for_high:
        rows = h.loc[monitored & h["tier"].eq("high") & (_blank(h["leader"]) | _blank(h["cadre"]))]
        unnamed = text.t("未明确", "none")
        evidence = (
            text.t("高风险户（", "high tier (")
            + text.number(rows["score"])
            + text.t(" 分）：联系领导 ", " points): city leader ")
            + text.text(rows["leader"]).replace("", unnamed)
            + text.t("，帮扶责任人 ", ", cadre ")
            + text.text(rows["cadre"]).replace("", unnamed)
        )
        found.append(
            _frame(
                rows,
                "pairing_incomplete",
                "warning",
                evidence,
                text.t(
                    "落实“1+1”结对：一名市级联系领导加一名帮扶责任人",
                    "pair it 1+1: one city leader and one cadre",
                ),
            )
        )
    found.append(_cadre_overload(h, profile.audit.cadre_max_households, text))
    return found


def _cadre_overload(h: pd.DataFrame, limit: int, text: _Text) -> pd.DataFrame:
    """One finding per cadre (name and phone) pairing more households than ``limit``."""
    named = h.loc[~_blank(h["cadre"])]
    key = (
        named["cadre"].astype(str)
        + "|"
        + named["cadre_phone"].astype(object).fillna("").astype(str)
    )
    counts = key.value_counts()
    over = key.isin(counts.index[counts > limit])
    records = []
    for _, mine in named.loc[over].groupby(key[over], sort=True):
        by_township = mine.groupby("township", sort=True)["household_id"].agg(list)
        main = mine["township"].value_counts().sort_index(kind="stable")
        main_township = main.idxmax() if len(main) else None
        parts = [
            f"{township} {len(ids)}{text.t(' 户：', ' households: ')}{text.listing.join(ids)}"
            for township, ids in by_township.items()
        ]
        records.append(
            {
                "code": "cadre_overloaded",
                "group": "campaign",
                "severity": "warning",
                "township": main_township,
                "village": None,
                "household_id": None,
                "head_name": None,
                "cadre": mine["cadre"].iloc[0],
                "cadre_phone": mine["cadre_phone"].iloc[0],
                "risk": None,
                "kind": None,
                "evidence": text.t(
                    f"结对帮扶 {len(mine)} 户，超过上限 {limit} 户",
                    f"pairs {len(mine)} households, over the limit of {limit}",
                )
                + text.separator
                + text.separator.join(parts),
                "action": text.t(
                    f"调整结对，每名帮扶责任人不超过 {limit} 户",
                    f"reassign households: at most {limit} per cadre",
                ),
                "source": None,
                "roster_row": None,
            }
        )
    return pd.DataFrame(records, columns=FINDING_COLUMNS)


# -- department lists ---------------------------------------------------------------------------


def _department(
    h: pd.DataFrame,
    matched: Matched,
    rules: Sequence[AuditSettings.DepartmentRule],
    lists: Sequence[DepartmentList],
    parameters: Parameters,
) -> list[pd.DataFrame]:
    """Findings of the profile's department rules, for the kinds of list given."""
    if not rules:
        return []
    text = _Text(parameters.lang)
    settings = parameters.profile.audit
    values = {**parameters.expression_parameters(), **settings.parameters()}
    frame = h.join(matched.households, on="household_id")
    files = {listed.kind: listed.file for listed in lists}
    found = []
    for rule in rules:
        fired = settings.condition(rule).evaluate_mask(frame, values)
        if rule.raises == "early_warning" and rule.risk is not None:
            fired &= ~frame[f"risk_{rule.risk}"].astype(bool)
        rows = frame.loc[fired]
        label = rule.label if text.zh or not rule.label_en else rule.label_en
        action = rule.action if text.zh or not rule.action_en else rule.action_en
        if not action:
            action = _default_action(rule, text)
        figures = headline(rule.kind, rows, parameters.lang)
        details = text.text(rows[f"evidence_{rule.kind}"])
        if figures is not None:
            details = figures + text.separator + details
        evidence = label + text.t("：", ": ") + details
        source = (
            files[rule.kind]
            + text.t(" 第 ", " rows ")
            + text.text(rows[f"rows_{rule.kind}"]).str.replace("、", text.listing)
            + text.t(" 行", "")
        )
        result = _frame(rows, rule.code, rule.severity, evidence, action, group=rule.raises)
        result["risk"] = rule.risk
        result["kind"] = rule.kind
        result["source"] = source
        found.append(result)
    return found


def _default_action(rule: AuditSettings.DepartmentRule, text: _Text) -> str:
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


def _unknown_ids(matched: Matched, lang: Lang) -> pd.DataFrame:
    """One finding per list and ID that is well formed but not in the roster."""
    unknown = matched.unknown
    if unknown.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    text = _Text(lang)
    position = 0 if text.zh else 1
    rows_text = unknown["rows"].map(lambda rows: text.listing.join(str(r) for r in rows))
    source = unknown["file"] + text.t(" 第 ", " rows ") + rows_text + text.t(" 行", "")
    names = unknown["name"]
    evidence = (
        unknown["kind"].map(lambda k: labels.DEPARTMENT_LISTS[k][position])
        + text.t("：证件号码 ", ": ID ")
        + unknown["id_number"].map(lambda v: mask_id(str(v)))
        + text.when(names.notna(), text.t("（", " ("), text.text(names), text.t("）", ")"))
        + text.t(" 不在花名册中", " is not in the roster")
    )
    return pd.DataFrame(
        {
            "code": "list_unknown_id",
            "group": "list",
            "severity": "warning",
            "township": None,
            "village": None,
            "household_id": None,
            "head_name": None,
            "cadre": None,
            "cadre_phone": None,
            "risk": None,
            "kind": unknown["kind"],
            "evidence": evidence,
            "action": text.t(
                "核对证件号码是否录错；属本地农村人口而花名册漏录的，补录花名册",
                "check the ID for a typing error; add the person to the roster if they "
                "belong there",
            ),
            "source": source,
            "roster_row": None,
        },
        columns=FINDING_COLUMNS,
    )


# -- summary ------------------------------------------------------------------------------------


def _summary(
    h: pd.DataFrame,
    members: pd.DataFrame,
    flags: pd.DataFrame,
    findings: pd.DataFrame,
    issues: pd.DataFrame,
    matched: Matched,
    settings: AuditSettings,
    parameters: Parameters,
    checks: Mapping[str, Mapping[str, str]],
) -> dict[str, Any]:
    """Counts by code, severity and township; the indicators; the lists; what went unchecked."""
    severity = findings["severity"]
    by_code = findings["code"].value_counts()
    with_township = findings.loc[findings["township"].notna()]
    townships: dict[str, dict[str, int]] = {}
    for township, group in with_township.groupby("township", sort=True):
        townships[str(township)] = {
            "findings": len(group),
            "errors": int(group["severity"].eq("error").sum()),
            "warnings": int(group["severity"].eq("warning").sum()),
        }
    eliminated = h["status"].eq("eliminated")
    months = _month_index(h["eliminated_month"]) - _month_index(h["monitored_since"])
    unassessed = h["unassessed_reason"].notna()
    return {
        "households": len(h),
        "people": int(h["size"].sum()),
        "findings": len(findings),
        "errors": int(severity.eq("error").sum()),
        "warnings": int(severity.eq("warning").sum()),
        "households_with_findings": int(findings["household_id"].nunique()),
        "checks": {
            code: {**dict(info), "count": int(by_code.get(code, 0))}
            for code, info in checks.items()
        },
        "by_group": {
            group: int(findings["group"].eq(group).sum())
            for group in labels.AUDIT_GROUPS
            if group == "campaign" or any(c["group"] == group for c in checks.values())
        },
        "by_township": townships,
        "without_township": int(findings["township"].isna().sum()),
        "indicators": {
            "income_ratio": _income_ratio(h),
            "employment_rate": _employment_rate(h, members, flags, settings.employment_target),
        },
        "departments": {
            kind: {
                **stats,
                "rules": [c for c, i in checks.items() if _rule_kind(c, settings) == kind],
            }
            for kind, stats in matched.stats.items()
        },
        "elimination_timing_unchecked": int((eliminated & months.isna()).sum()),
        "unassessed_households": int(unassessed.sum()),
        "issues": {
            "errors": int(issues["severity"].eq("error").sum()),
            "warnings": int(issues["severity"].eq("warning").sum()),
            "roster": int(issues["kind"].eq("roster").sum()),
            "lists": int(issues["kind"].ne("roster").sum()),
        },
        "line": parameters.line,
    }


def _rule_kind(code: str, settings: AuditSettings) -> str | None:
    for rule in settings.department_rules:
        if rule.code == code:
            return rule.kind
    return None


def _income_ratio(h: pd.DataFrame) -> dict[str, Any]:
    """Guangxi's ratio: 脱贫 people's per-capita income over all people's, people-weighted."""
    assessed = h["net_income"].notna() & h["size"].gt(0)
    escaped = _escaped(h) & assessed

    def per_capita(mask: pd.Series) -> float | None:
        people = float(h.loc[mask, "size"].sum())
        return round(float(h.loc[mask, "net_income"].sum()) / people, 2) if people else None

    escaped_income, all_income = per_capita(escaped), per_capita(assessed)
    ratio = (
        round(escaped_income / all_income, 4) if escaped_income is not None and all_income else None
    )
    return {
        "escaped_per_capita": escaped_income,
        "all_per_capita": all_income,
        "ratio": ratio,
        "escaped_households": int(escaped.sum()),
        "escaped_people": int(h.loc[escaped, "size"].sum()),
        "all_households": int(assessed.sum()),
        "all_people": int(h.loc[assessed, "size"].sum()),
        "households_excluded": int((~assessed).sum()),
        "method": "sum of household net income / sum of household members (people-weighted), "
        "脱贫户 against every assessable household of the roster",
    }


def _employment_rate(
    h: pd.DataFrame, members: pd.DataFrame, flags: pd.DataFrame, target: float | None
) -> dict[str, Any]:
    """Employed share of labour-capable members of 脱贫 households and monitoring objects."""
    escaped = _escaped(h).set_axis(h["household_id"])
    objects = h["recorded_category"].notna().set_axis(h["household_id"])
    keys = members["household_id"]
    in_escaped = keys.map(escaped).fillna(False).astype(bool)
    in_objects = keys.map(objects).fillna(False).astype(bool)

    def rate(scope: pd.Series) -> dict[str, Any]:
        labour = flags["labour_capable"] & scope
        employed = flags["employed"] & labour
        capable = int(labour.sum())
        return {
            "labour_capable": capable,
            "employed": int(employed.sum()),
            "rate": round(int(employed.sum()) / capable, 4) if capable else None,
        }

    overall = rate(in_escaped | in_objects)
    return {
        **overall,
        "target": target,
        "met": None if target is None or overall["rate"] is None else overall["rate"] >= target,
        "escaped": rate(in_escaped),
        "monitoring_objects": rate(in_objects),
        "method": "members whose 劳动技能 is 技能劳动力 or 普通劳动力, employed when 务工状况 "
        "is 省外/省内县外/县内务工 or 公益岗位; households of type 脱贫户 or with a 监测对象类别 "
        "(risk eliminated or not)",
    }
