"""The 排查 campaign (domain.md §5–8): findings over classified households and department lists.

``run_audit`` takes a classification and the department lists read for it,
matches the lists to the roster's people, and runs the registry of checks
(``campaigns/audit_checks.py``: roster checks, the profile's department rules,
list checks). Each finding is one row of ``FINDING_COLUMNS``: a code, its group
(``campaign`` checks of the roster, department ``early_warning`` and ``doubt``,
``list`` problems), a severity, the household and where it lives, its pairing
cadre, the evidence and a suggested action. The summary adds Guangxi's income
ratio, Zixing's employment rate, and counts by code and township.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from fanpin import labels
from fanpin.campaigns.audit_checks import (
    FINDING_COLUMNS,
    INCOME_BASIS_COLUMNS,
    Context,
    checks_for,
    identified,
    income_basis_table,
    month_index,
)
from fanpin.campaigns.departments import (
    DepartmentList,
    Matched,
    match_lists,
    roster_people,
)
from fanpin.io.issues import ISSUE_COLUMNS, json_records
from fanpin.io.messages import Lang
from fanpin.io.models import Meta
from fanpin.io.places import sort_by_place, township_order
from fanpin.pipeline import Classification, input_file
from fanpin.rules.assess import Parameters
from fanpin.rules.escaped import is_escaped
from fanpin.rules.households import member_flags
from fanpin.rules.profiles import AuditSettings

__all__ = ["FINDING_COLUMNS", "AuditResult", "run_audit"]


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
    # INCOME_BASIS_COLUMNS: households whose roster and 民政 per-capita incomes disagree
    income_basis: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=INCOME_BASIS_COLUMNS)
    )

    @property
    def lang(self) -> Lang:
        return self.parameters.lang

    @property
    def era(self) -> labels.Era:
        """The profile's terms: 2026 says 防止返贫致贫对象 where 2021 says 监测对象."""
        return self.parameters.profile.terminology

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: meta, summary, findings (codes, not labels), issues, and the
        households whose two income bases disagree (``income_basis``, empty without a
        low_income list)."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary,
            "findings": json_records(self.findings),
            "issues": json_records(self.issues),
            "income_basis": json_records(self.income_basis),
        }


def run_audit(classification: Classification, lists: Sequence[DepartmentList]) -> AuditResult:
    """Every finding over a classified roster and the department lists read for it.

    Runs the registry (``audit_checks.checks_for``): the roster checks, the
    profile's department rules for the kinds of ``lists`` given (the others are
    named in ``summary["rules_not_run"]``), and the list checks.
    """
    departments = frozenset(listed.kind for listed in lists)
    as_of = classification.parameters.as_of
    lang = classification.parameters.lang
    parameters = classification.parameters
    settings = parameters.profile.audit
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
    by_id = households.set_index("household_id")
    people = roster_people(members, flags)
    matched = match_lists(lists, people, by_id["size"], lang, by_id["per_capita_income"])
    context = Context(households, parameters, matched, {c.kind: c.file for c in lists})
    ran = [check for check in checks_for(settings, departments) if check.runs(context)]
    parts = [check.run(context) for check in ran]
    findings = _sorted(
        pd.concat([p for p in parts if not p.empty], ignore_index=True)
        if any(not p.empty for p in parts)
        else pd.DataFrame(columns=FINDING_COLUMNS),
        [check.code for check in ran],
        households,
    )
    roster_issues = classification.issues.assign(
        file=classification.meta.inputs[0].path, kind="roster"
    )
    issues = pd.concat([roster_issues, matched.issues], ignore_index=True)
    issues = issues[["file", "kind", *ISSUE_COLUMNS]].reset_index(drop=True)
    checks = {check.code: {"group": check.group, "label": check.title(lang)} for check in ran}
    meta = classification.meta.model_copy(
        update={
            "command": "audit",
            "inputs": [
                *classification.meta.inputs,
                *(input_file(listed.validated) for listed in lists),
            ],
        }
    )
    kinds = {check.code: check.kind for check in ran if isinstance(check.kind, str)}
    summary = _summary(
        households, members, flags, findings, issues, matched, settings, parameters, checks, kinds
    )
    summary["rules_not_run"] = [
        r.code for r in settings.department_rules if r.kind not in departments
    ]
    basis = _in_place_order(income_basis_table(context), households)
    return AuditResult(meta, parameters, findings, issues, summary, checks, households, basis)


def _roster_order(households: pd.DataFrame) -> pd.DataFrame:
    """The households in roster order: the order places are first seen in."""
    return households.sort_values("first_row", kind="stable")


def _in_place_order(frame: pd.DataFrame, households: pd.DataFrame) -> pd.DataFrame:
    """Rows by township and village in administrative-code order, then household."""
    keyed = frame.assign(_household=frame["household_id"].fillna(""))
    ordered = sort_by_place(keyed, _roster_order(households), then=["_household"])
    return ordered[list(frame.columns)].reset_index(drop=True)


def _sorted(findings: pd.DataFrame, order: Sequence[str], households: pd.DataFrame) -> pd.DataFrame:
    """By township and village in administrative-code order (none last), household, then
    check order."""
    rank = {code: i for i, code in enumerate(order)}
    keyed = findings.assign(
        _household=findings["household_id"].fillna(""),
        _rank=findings["code"].map(rank).fillna(len(rank)),
        _cadre=findings["cadre"].fillna(""),
    )
    ordered = sort_by_place(
        keyed, _roster_order(households), then=["_household", "_rank", "_cadre"]
    )
    return ordered[FINDING_COLUMNS].reset_index(drop=True)


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
    kinds: Mapping[str, str],
) -> dict[str, Any]:
    """Counts by code, severity and township; the indicators; the lists; what went unchecked."""
    severity = findings["severity"]
    by_code = findings["code"].value_counts()
    with_township = findings.loc[findings["township"].notna()]
    townships: dict[str, dict[str, int]] = {}
    groups = dict(list(with_township.groupby("township", sort=False)))
    for township in [t for t in township_order(_roster_order(h)) if t in groups]:
        group = groups[township]
        townships[str(township)] = {
            "findings": len(group),
            "errors": int(group["severity"].eq("error").sum()),
            "warnings": int(group["severity"].eq("warning").sum()),
        }
    eliminated = h["status"].eq("eliminated")
    months = month_index(h["eliminated_month"]) - month_index(h["monitored_since"])
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
                "rules": [code for code in checks if kinds.get(code) == kind],
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


def _income_ratio(h: pd.DataFrame) -> dict[str, Any]:
    """Guangxi's ratio: 脱贫 people's per-capita income over all people's, people-weighted."""
    assessed = h["net_income"].notna() & h["size"].gt(0)
    escaped = is_escaped(h) & assessed

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
    escaped = is_escaped(h).set_axis(h["household_id"])
    objects = identified(h).set_axis(h["household_id"])
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
        "is 省外/省内县外/县内务工 or 公益岗位; households of type 脱贫户 or identified for "
        "monitoring (a 监测对象类别, 户类型 监测户 or 识别监测时间; risk eliminated or not)",
    }
