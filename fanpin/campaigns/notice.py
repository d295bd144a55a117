"""The village public notice (村内公示名单, domain.md §5), ready to print.

For one village and one kind, the households a classification lists:

- identification (识别): households proposed for monitoring (status ``proposed``),
  and households already identified (by any marker of domain.md §9: a category,
  户类型 监测户, 识别监测时间) whose 识别监测时间 is the month the notice starts (the
  notice of that month, printed again);
- elimination (风险消除): households whose risk may now be eliminated
  (``eligible``), and households recorded as eliminated in the month the notice
  starts.

Each row shows 序号, 户主姓名, 家庭人口数, 监测对象类别 (and 风险消除方式). A notice
never shows an ID number, phone number, bank account, household number or health
status: rows are built from an explicit list of safe fields, never from the
roster's columns. A risk type naming an illness or disability (因病, 因残, 未参加医保)
is health status, so by default no risk type shows; a profile with
``procedure.notice_risk_types = "non_health"`` adds a 主要风险 column with the
other types (因自然灾害, 因学 …), and 收入偏低 or 其他 when none of those applies.
"""

from __future__ import annotations

import difflib
from datetime import date, timedelta
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from fanpin import labels
from fanpin.campaigns.audit_checks import identified
from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.models import Meta
from fanpin.pipeline import Classification
from fanpin.rules.profiles import ProcedureSettings

NoticeKind = Literal["identification", "elimination"]
KIND_WORDS = {"identification": "识别", "elimination": "风险消除"}
CATEGORY_NAMES = {code: zh for zh, code in schema.CATEGORIES.items()}
METHOD_NAMES = {code: zh for zh, code in schema.ELIMINATION_METHODS.items()}
# Risk types that name an illness or disability: health status, never on a notice.
HEALTH_RISKS = frozenset({"illness", "disability", "uninsured"})
# Risk types a notice may show with notice_risk_types = "non_health", by 风险类型 name.
NOTICE_RISKS = {code: zh for code, zh in schema.RISK_FACTORS.items() if code not in HEALTH_RISKS}
LOW_INCOME = "收入偏低"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoticeRow(_Model):
    """One household as the notice shows it, and nothing more."""

    number: int
    head_name: str
    size: int
    category: str | None  # 监测对象类别, Chinese
    method: str | None  # 风险消除方式, Chinese (elimination notices)
    risks: str  # non-health 风险类型 names (因学、因自然灾害) when the profile shows them, else ""


class Notice(_Model):
    """A village's 公示名单: title, period, rows, objection contact and signature."""

    meta: Meta
    kind: NoticeKind
    county: str | None
    township: str | None
    village: str
    title: str
    intro: str
    period: str
    start: date
    end: date
    days: int
    columns: list[str]
    rows: list[NoticeRow]
    contact: str
    phone: str  # 联系电话 for objections ("" when the profile has none: a line to fill in)
    signature: str
    signed_on: str
    not_assessed: int  # households of the village left out because their data has errors

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def notice_period(
    start: date, days: int | None, settings: ProcedureSettings
) -> tuple[date, date, int]:
    """Start, last day and length of a notice; shorter than the profile allows is an error."""
    days = settings.notice_min_days if days is None else days
    if days < settings.notice_min_days:
        raise FanpinError(
            f"a public notice must run at least {settings.notice_min_days} days "
            f"(procedure.notice_min_days of the profile); --days {days} is too short",
            zh=f"公示期至少 {settings.notice_min_days} 天（规则中的 procedure.notice_min_days）："
            f"--days {days} 太短",
        )
    return start, start + timedelta(days=days - 1), days


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _select_village(
    households: pd.DataFrame, village: str, township: str | None, source: str
) -> pd.DataFrame:
    """The village's households; unknown or ambiguous names raise a message listing choices."""
    villages = households["village"].map(
        lambda v: schema.normalize_text(v) if isinstance(v, str) else ""
    )
    towns = households["township"].map(
        lambda v: schema.normalize_text(v) if isinstance(v, str) else ""
    )
    pool = households
    if township is not None:
        wanted_town = schema.normalize_text(township)
        if not towns.eq(wanted_town).any():
            known = "、".join(dict.fromkeys(t for t in towns if t))
            raise FanpinError(
                f"no township '{township}' in {source}; townships are: {known}",
                zh=f"{source} 中没有乡镇 '{township}'；现有乡镇：{known}",
            )
        pool = households.loc[towns.eq(wanted_town)]
        villages, towns = villages[pool.index], towns[pool.index]
    wanted = schema.normalize_text(village)
    chosen = pool.loc[villages.eq(wanted)]
    if chosen.empty:
        pairs = dict.fromkeys(zip(villages, towns, strict=True))
        ranked = sorted(
            (p for p in pairs if p[0]),
            key=lambda p: -difflib.SequenceMatcher(None, wanted, p[0]).ratio(),
        )
        listing = "、".join(f"{v}（{t}）" if t else v for v, t in ranked)
        where = f"{source}" if township is None else f"{township} of {source}"
        where_zh = f"{source}" if township is None else f"{source} 的 {township}"
        raise FanpinError(
            f"no village '{village}' in {where}; villages (closest first): {listing}",
            zh=f"{where_zh} 中没有村 '{village}'；现有的村（最相近的在前）：{listing}",
        )
    found_towns = list(dict.fromkeys(towns[chosen.index]))
    if len(found_towns) > 1:
        raise FanpinError(
            f"village '{village}' is in more than one township ({'、'.join(found_towns)}); "
            "add --township",
            zh=f"不止一个乡镇有村 '{village}'（{'、'.join(found_towns)}）："
            "请加 --township 指定乡镇",
        )
    return chosen


def _risk_words(households: pd.DataFrame, lines: pd.Series) -> pd.Series:
    """Non-health risk type names per household, in domain.md §3 order; 收入偏低 (income
    below the line) or 其他 when none applies. Health types are never looked at."""
    names: list[list[str]] = [[] for _ in range(len(households))]
    for code, name in NOTICE_RISKS.items():
        fired = households.get(f"risk_{code}", pd.Series(False, index=households.index))
        declared = households.get(f"declared_{code}", pd.Series(False, index=households.index))
        mask = (fired.fillna(False).astype(bool) | declared.fillna(False).astype(bool)).to_numpy()
        for i in mask.nonzero()[0]:
            names[i].append(name)
    low = (
        households["per_capita_income"].lt(lines)
        | households["adjusted_per_capita_income"].lt(lines)
    ).to_numpy()
    return pd.Series(
        [
            "、".join(n) if n else (LOW_INCOME if low[i] else NOTICE_RISKS["other"])
            for i, n in enumerate(names)
        ],
        index=households.index,
    )


def build_notice(
    classification: Classification,
    *,
    village: str,
    township: str | None = None,
    kind: NoticeKind = "identification",
    start: date,
    days: int | None = None,
    settings: ProcedureSettings,
    source: str = "the roster",
) -> Notice:
    """The notice of one village from a classification (see the module docstring)."""
    start, end, days = notice_period(start, days, settings)
    households = _select_village(classification.households, village, township, source)
    month = start.strftime("%Y%m")
    if kind == "identification":  # identified by any marker: 户类型 监测户 without a category too
        listed = households["status"].eq("proposed") | (
            identified(households) & households["monitored_since"].eq(month)
        )
    else:
        listed = households["elimination_status"].eq("eligible") | (
            households["status"].eq("eliminated") & households["eliminated_month"].eq(month)
        )
    chosen = households.loc[listed.fillna(False).astype(bool)].sort_values("first_row")
    category = chosen["category"]  # the recorded category, else the one proposed
    method = chosen["elimination_method_proposed"].where(
        chosen["elimination_status"].eq("eligible"), chosen["elimination_method"]
    )
    shown = settings.notice_risk_types == "non_health"
    risks = _risk_words(chosen, pd.Series(classification.parameters.line, index=chosen.index))
    rows = [
        NoticeRow(
            number=number,
            head_name=str(head or ""),
            size=int(size),
            category=CATEGORY_NAMES.get(str(cat)),
            method=METHOD_NAMES.get(str(how)) if kind == "elimination" else None,
            risks=words if shown else "",
        )
        for number, (head, size, cat, how, words) in enumerate(
            zip(chosen["head_name"], chosen["size"], category, method, risks, strict=True), start=1
        )
    ]
    first = households.iloc[0]
    county = first["county"] if isinstance(first["county"], str) else None
    town = first["township"] if isinstance(first["township"], str) else None
    name = str(first["village"])
    word = KIND_WORDS[kind]
    era = classification.parameters.profile.terminology
    who = labels.term("notice_object", era, "zh")  # 防止返贫监测对象, from 2026 防止返贫致贫对象
    columns = ["序号", "户主姓名", "家庭人口数", labels.term("object_category", era, "zh")]
    columns += ["风险消除方式"] if kind == "elimination" else []
    columns += ["主要风险"] if shown else []
    return Notice(
        meta=classification.meta.model_copy(update={"command": "notice"}),
        kind=kind,
        county=county,
        township=town,
        village=name,
        title=f"{county or ''}{town or ''}{name}{who}{word}公示",
        intro=_intro(kind, len(rows)).format(who=who),
        period=f"公示时间：{_chinese_date(start)}至{_chinese_date(end)}（共 {days} 天）",
        start=start,
        end=end,
        days=days,
        columns=columns,
        rows=rows,
        contact=settings.objection_contact,
        phone=settings.objection_phone,
        signature=f"{name}居民委员会" if name.endswith("社区") else f"{name}村民委员会",
        signed_on=_chinese_date(start),
        not_assessed=int(households["status"].eq("unassessed").sum()),
    )


def _intro(kind: NoticeKind, count: int) -> str:
    """The introduction, with ``{who}`` for the era's name of the households."""
    if kind == "identification":
        if not count:
            return "经入户核实、信息比对和村级民主评议，本期无拟纳入{who}的农户，特此公示。"
        return (
            "根据防止返贫动态监测和帮扶工作要求，经农户申请、干部排查或部门预警，入户核实、"
            f"信息比对和村级民主评议，拟将以下 {count} 户纳入{{who}}，现予以公示。"
        )
    if not count:
        return "经入户核实、信息比对和村级民主评议，本期无拟标注风险消除的{who}，特此公示。"
    return (
        "经入户核实、信息比对和村级民主评议，以下 "
        f"{count} 户{{who}}收入持续稳定、“三保障”和饮水安全有保障，"
        "风险已稳定消除，拟标注风险消除，现予以公示。"
    )
