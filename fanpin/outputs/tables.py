"""Assessed households → the labelled tables of workbooks and CSV: households, measures,
elimination, parameters.

Tables for people carry Chinese labels (or English with ``lang="en"``); they are
built from the same frame as the JSON records, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.io import schema
from fanpin.rules.assess import Parameters


def _label(mapping: dict[str, tuple[str, str]], lang: str) -> dict[str, str]:
    position = 0 if lang == "zh" else 1
    return {code: pair[position] for code, pair in mapping.items()}


def households_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """The households sheet: one row per household, labelled columns, codes as labels."""
    lang = parameters.lang
    zh = lang == "zh"
    tier_labels = _label(labels.TIER, lang)
    rule_labels = {
        r.name: (r.label if zh or not r.label_en else r.label_en) + f"(+{r.points})"
        for r in parameters.profile.tiers.rules
    }
    factor_names = dict(schema.RISK_FACTORS) if zh else {c: c for c in schema.RISK_FACTORS}
    separator = "；" if zh else "; "

    def join_evidence(items: Sequence[tuple[str, str]]) -> str:
        return separator.join(f"{factor_names[f]}: {t}" for f, t in items)

    def yes_no(series: pd.Series) -> pd.Series:
        return series.map({True: "是" if zh else "yes", False: ""})

    columns: list[tuple[str, str, pd.Series]] = [
        ("户编号", "household ID", frame["household_id"]),
        ("乡(镇)", "township", frame["township"]),
        ("行政村", "village", frame["village"]),
        ("户主姓名", "head", frame["head_name"]),
        (
            "户类型",
            "household type",
            frame["household_type"].map(_label(labels.HOUSEHOLD_TYPE, lang)),
        ),
        ("人口数", "size", frame["size"]),
        ("监测状态", "status", frame["status"].map(_label(labels.STATUS, lang))),
        (
            "已认定类别",
            "recorded category",
            frame["recorded_category"].map(_label(labels.CATEGORY, lang)),
        ),
        (
            "建议类别",
            "proposed category",
            frame["proposed_category"].map(_label(labels.CATEGORY, lang)),
        ),
        ("类别不一致", "category differs", yes_no(frame["category_differs"])),
        ("人均纯收入(元)", "per-capita income", frame["per_capita_income"]),
        (
            "扣除合规自付后人均(元)",
            "adjusted per-capita income",
            frame["adjusted_per_capita_income"],
        ),
        ("上年人均纯收入(元)", "last year per-capita income", frame["last_year_per_capita_income"]),
        ("同比变化", "change on last year", frame["income_change_ratio"]),
        ("风险等级", "tier", frame["tier"].map(tier_labels)),
        ("风险分值", "score", frame["score"]),
        (
            "风险类型",
            "risk factors",
            frame["risk_evidence"].map(
                lambda items: "、".join(dict.fromkeys(factor_names[f] for f, _ in items))
            ),
        ),
        ("风险依据", "evidence", frame["risk_evidence"].map(join_evidence)),
        (
            "评分规则",
            "scoring rules",
            frame["reasons"].map(lambda names: separator.join(rule_labels[n] for n in names)),
        ),
        ("帮扶责任人", "cadre", frame["cadre"]),
        ("无法评估原因", "why not assessed", frame["unassessed_reason"]),
        ("原表行号", "row in file", frame["first_row"]),
    ]
    data = {(zh_label if zh else en_label): values for zh_label, en_label, values in columns}
    return pd.DataFrame(data)


MONEY_COLUMNS = ("人均纯收入(元)", "扣除合规自付后人均(元)", "上年人均纯收入(元)")
MONEY_COLUMNS_EN = (
    "per-capita income",
    "adjusted per-capita income",
    "last year per-capita income",
)


def parameters_table(parameters: Parameters, meta: dict[str, Any]) -> pd.DataFrame:
    """The parameters sheet: what produced the workbook, so it can be reproduced."""
    profile = parameters.profile
    zh = parameters.lang == "zh"
    rows: list[tuple[str, Any]] = [
        ("规则方案" if zh else "profile", f"{profile.name} {profile.version} ({profile.hash})"),
        ("年度" if zh else "year", parameters.year),
        ("监测线(元/人·年)" if zh else "monitoring line (yuan/person/year)", parameters.line),
        (
            labels.label(labels.RUN_FIELDS, "line_source", parameters.lang),
            labels.line_source(*parameters.profile.line_origin(parameters.year), parameters.lang),
        ),
        ("评估日期" if zh else "as of", parameters.as_of.isoformat()),
        ("收入骤降比例" if zh else "drop ratio", profile.category.drop_ratio),
        ("跟踪观察倍数" if zh else "watch margin", profile.category.watch_margin),
        ("高风险分值线" if zh else "high tier from", profile.tiers.high),
        ("中风险分值线" if zh else "medium tier from", profile.tiers.medium),
        ("fanpin 版本" if zh else "fanpin version", meta["fanpin_version"]),
    ]
    for source in meta["inputs"]:
        rows.append(
            ("输入文件" if zh else "input file", f"{source['path']} sha256 {source['sha256']}")
        )
    for rule in profile.tiers.rules:
        label = rule.label if zh or not rule.label_en else rule.label_en
        rows.append(
            (
                f"{'评分规则' if zh else 'rule'} {rule.name}",
                f"{label}: {rule.when} → +{rule.points}",
            )
        )
    key, value = ("项目", "值") if zh else ("item", "value")
    return pd.DataFrame(rows, columns=[key, value])


def measures_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """One row per household and measure: received, missing (gap) or an alternative."""
    catalogue = parameters.profile.catalogue.by_code()
    zh = parameters.lang == "zh"
    scope = frame.loc[frame["status"].isin(["monitored", "proposed"])]
    wanted = (scope["measures_received_codes"] + scope["measures_needed"]).map(
        lambda listed: list(dict.fromkeys(listed))
    )
    codes = wanted.explode().dropna()
    household = scope.loc[codes.index]
    received = [c in r for c, r in zip(codes, household["measures_received_codes"], strict=True)]
    missing = [c in g for c, g in zip(codes, household["measures_gap"], strict=True)]
    state = np.select(
        [np.array(received, dtype=bool), np.array(missing, dtype=bool)],
        ["已落实", "缺口·待落实"] if zh else ["in place", "gap"],
        "可选" if zh else "alternative",
    )
    factor_names = schema.RISK_FACTORS if zh else {c: c for c in schema.RISK_FACTORS}
    measure = codes.map(catalogue)
    columns = {
        ("户编号", "household ID"): household["household_id"],
        ("乡(镇)", "township"): household["township"],
        ("行政村", "village"): household["village"],
        ("户主姓名", "head"): household["head_name"],
        ("风险等级", "tier"): household["tier"].map(_label(labels.TIER, parameters.lang)),
        ("措施代码", "code"): codes,
        ("措施名称", "measure"): measure.map(lambda m: m.name),
        ("大类", "category"): measure.map(lambda m: m.category),
        ("小类", "subcategory"): measure.map(lambda m: m.subcategory),
        ("针对风险", "addresses"): measure.map(
            lambda m: "、".join(factor_names[r] for r in m.risks)
        ),
        ("落实情况", "state"): pd.Series(state, index=codes.index),
        ("责任部门", "department"): measure.map(lambda m: m.department),
        ("标准金额(元)", "standard amount"): measure.map(lambda m: m.amount),
        ("帮扶责任人", "cadre"): household["cadre"],
    }
    table = pd.DataFrame({(zh_label if zh else en): v for (zh_label, en), v in columns.items()})
    return table.reset_index(drop=True)


def elimination_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """One row per household with a recorded category: may it leave monitoring, and why not."""
    lang = parameters.lang
    zh = lang == "zh"
    chosen = frame.loc[frame["elimination_status"].notna()]
    separator = "；" if zh else "; "
    columns = {
        ("户编号", "household ID"): chosen["household_id"],
        ("乡(镇)", "township"): chosen["township"],
        ("行政村", "village"): chosen["village"],
        ("户主姓名", "head"): chosen["head_name"],
        (
            labels.term("object_category", parameters.profile.terminology, "zh"),
            "category",
        ): chosen["recorded_category"].map(_label(labels.CATEGORY, lang)),
        ("识别监测时间", "identified"): chosen["monitored_since"],
        ("已监测月数", "months monitored"): chosen["months_monitored"],
        ("人均纯收入(元)", "per-capita income"): chosen["per_capita_income"],
        ("扣除合规自付后人均(元)", "adjusted per-capita income"): chosen[
            "adjusted_per_capita_income"
        ],
        ("消除评估", "assessment"): chosen["elimination_status"].map(
            _label(labels.ELIMINATION_STATUS, lang)
        ),
        ("建议消除方式", "proposed method"): chosen["elimination_method_proposed"].map(
            _label(labels.ELIMINATION_METHOD, lang)
        ),
        ("不能消除的原因", "blockers"): chosen["elimination_blockers"].map(
            lambda items: separator.join(i["message"] for i in items)
        ),
        ("已消除方式", "recorded method"): chosen["elimination_method"].map(
            _label(labels.ELIMINATION_METHOD, lang)
        ),
        ("消除监测时间", "eliminated in"): chosen["eliminated_month"],
        ("建议处理", "suggested action"): chosen["elimination_action"].map(
            _label(labels.ELIMINATION_ACTION, lang)
        ),
        ("帮扶责任人", "cadre"): chosen["cadre"],
    }
    return pd.DataFrame({(zh_label if zh else en): v for (zh_label, en), v in columns.items()})


def escaped_track_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """One row per 原建档立卡脱贫户 sorted (domain.md §11): 建议有序退出 or 建议继续帮扶, why."""
    lang = parameters.lang
    chosen = frame.loc[frame["escaped_track"].notna()]
    separator = "；" if lang == "zh" else "; "
    without_transfers = (
        (chosen["net_income"] - chosen["transfer_income"].fillna(0)) / chosen["size"]
    ).round(2)
    columns = {
        ("户编号", "household ID"): chosen["household_id"],
        ("乡(镇)", "township"): chosen["township"],
        ("行政村", "village"): chosen["village"],
        ("户主姓名", "head"): chosen["head_name"],
        ("人口数", "size"): chosen["size"],
        ("监测状态", "status"): chosen["status"].map(_label(labels.STATUS, lang)),
        ("人均纯收入(元)", "per-capita income"): chosen["per_capita_income"],
        ("扣除转移性收入后人均(元)", "per-capita income without transfers"): without_transfers,
        ("分类建议", "proposal"): chosen["escaped_track"].map(_label(labels.ESCAPED_TRACK, lang)),
        ("依据", "reasons"): chosen["escaped_track_reasons"].map(
            lambda reasons: separator.join(r["label"] for r in reasons)
        ),
        ("帮扶责任人", "cadre"): chosen["cadre"],
        ("原表行号", "row in file"): chosen["first_row"],
    }
    zh = lang == "zh"
    return pd.DataFrame({(zh_label if zh else en): v for (zh_label, en), v in columns.items()})


ESCAPED_MONEY_COLUMNS = {
    "zh": ("人均纯收入(元)", "扣除转移性收入后人均(元)"),
    "en": ("per-capita income", "per-capita income without transfers"),
}
