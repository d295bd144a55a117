"""Every roster field fanpin knows: canonical name, Chinese header, aliases, type, vocabulary.

This is the one place where a column of a national-system export is described
(domain.md §9). Readers match headers through ``match_header``; validation and
normalisation read ``Field.kind`` and ``Field.allowed``; outputs take labels from
``Field.header``. Nothing else in the package spells a roster header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Kind(StrEnum):
    TEXT = "text"
    ID = "id"  # 18-character resident ID (GB 11643)
    INTEGER = "integer"
    MONEY = "money"
    YES_NO = "yes_no"
    ENUM = "enum"
    YYYYMM = "yyyymm"


Level = Literal["member", "household"]


@dataclass(frozen=True)
class Field:
    """One roster column."""

    name: str
    header: str
    kind: Kind
    level: Level
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)  # Chinese value -> English code
    required: bool = False
    english: str = ""

    @property
    def label_en(self) -> str:
        return self.english or self.name.replace("_", " ")


RELATIONS = (
    "户主",
    "配偶",
    "之子",
    "之女",
    "之儿媳",
    "之女婿",
    "之孙子",
    "之孙女",
    "之父",
    "之母",
    "之兄弟姐妹",
    "其他",
)
HEAD = "户主"

HOUSEHOLD_TYPES = {"脱贫户": "escaped", "一般农户": "ordinary", "监测户": "monitored"}

CATEGORIES = {
    "脱贫不稳定户": "unstable_escaped",
    "边缘易致贫户": "marginal",
    "突发严重困难户": "sudden_hardship",
}

LABOUR_SKILLS = {
    "技能劳动力": "skilled",
    "普通劳动力": "ordinary",
    "丧失劳动力": "lost",
    "无劳动力": "none",
}
LABOUR_CAPABLE = ("技能劳动力", "普通劳动力")

HEALTH = {"健康": "healthy", "长期慢性病": "chronic", "患有大病": "serious", "残疾": "disabled"}

SCHOOLING = (
    "非在校生",
    "学前教育",
    "小学",
    "初中",
    "高中",
    "中职",
    "高职",
    "大专",
    "本科及以上",
    "失学辍学",
)
DROPOUT = "失学辍学"

EMPLOYMENT = {
    "省外务工": "outside_province",
    "省内县外务工": "outside_county",
    "县内务工": "in_county",
    "公益岗位": "public_welfare_job",
    "未务工": "not_employed",
}
EMPLOYED = ("省外务工", "省内县外务工", "县内务工", "公益岗位")

ELIMINATION_METHODS = {"帮扶消除": "assisted", "自然消除": "natural"}

# Risk factors of domain.md §3: code -> Chinese name as written in 致贫返贫风险1…5.
RISK_FACTORS = {
    "illness": "因病",
    "disability": "因残",
    "education": "因学",
    "disaster": "因自然灾害",
    "accident": "因意外事故",
    "industry_failure": "因产业项目失败",
    "unstable_employment": "因务工就业不稳",
    "lack_of_labour": "缺劳动力",
    "unsafe_housing": "因安全住房",
    "unsafe_water": "因安全饮水",
    "uninsured": "未参加医保",
    "other": "其他",
}
DECLARABLE_RISKS = {zh: code for code, zh in RISK_FACTORS.items() if code != "uninsured"}
RISK_COLUMNS = tuple(f"declared_risk_{i}" for i in range(1, 6))

YES = "是"
NO = "否"
_YES_SPELLINGS = {"是", "y", "yes", "1", "√", "true", "有", "已参加", "享受", "已解决"}
_NO_SPELLINGS = {"否", "n", "no", "0", "×", "x", "false", "无", "未参加", "未享受", "未解决"}


def _enum(
    name: str,
    header: str,
    level: Level,
    values: tuple[str, ...] | dict[str, str],
    aliases: tuple[str, ...] = (),
    **kwargs: object,
) -> Field:
    allowed = tuple(values)
    codes = dict(values) if isinstance(values, dict) else {}
    return Field(name, header, Kind.ENUM, level, aliases, allowed, codes, **kwargs)  # type: ignore[arg-type]


FIELDS: tuple[Field, ...] = (
    Field(
        "county",
        "县(市、区)",
        Kind.TEXT,
        "household",
        ("县", "县市区", "县(市区)", "county"),
        english="county",
    ),
    Field("township", "乡(镇)", Kind.TEXT, "household", ("乡镇", "乡(镇、街道)", "township")),
    Field("village", "行政村", Kind.TEXT, "household", ("村", "村(社区)", "village")),
    Field(
        "household_id",
        "户编号",
        Kind.TEXT,
        "household",
        ("户码", "户号", "household_id"),
        required=True,
        english="household ID",
    ),
    Field("name", "姓名", Kind.TEXT, "member", ("name",), required=True),
    Field(
        "id_number",
        "证件号码",
        Kind.ID,
        "member",
        ("身份证号", "身份证号码", "公民身份号码", "证件号", "id_number"),
        required=True,
        english="ID number",
    ),
    _enum("relation", "与户主关系", "member", RELATIONS, ("relation",), required=True),
    Field("declared_size", "家庭人口数", Kind.INTEGER, "household", ("家庭人口", "人口数")),
    _enum(
        "household_type",
        "户类型",
        "household",
        HOUSEHOLD_TYPES,
        ("household_type",),
        required=True,
    ),
    _enum("recorded_category", "监测对象类别", "household", CATEGORIES, ("monitor_category",)),
    Field(
        "monitored_since",
        "识别监测时间",
        Kind.YYYYMM,
        "household",
        ("识别监测时间(年月)", "纳入监测时间", "monitored_since"),
    ),
    _enum("labour_skill", "劳动技能", "member", LABOUR_SKILLS, ("labour_skill",)),
    _enum("health", "健康状况", "member", HEALTH, ("health",)),
    _enum("schooling", "在校生情况", "member", SCHOOLING, ("在校生状况", "schooling")),
    _enum("employment", "务工状况", "member", EMPLOYMENT, ("employment",)),
    Field("work_months", "务工时间(月)", Kind.INTEGER, "member", ("务工时间", "work_months")),
    Field(
        "medical_insurance",
        "参加城乡居民基本医疗保险",
        Kind.YES_NO,
        "member",
        ("参加医保", "是否参加城乡居民基本医疗保险", "medical_insurance"),
    ),
    Field("dibao", "享受低保政策情况", Kind.YES_NO, "member", ("是否享受低保", "低保", "dibao")),
    Field(
        "tekun",
        "享受特困供养政策情况",
        Kind.YES_NO,
        "member",
        ("是否享受特困供养", "特困供养", "tekun"),
    ),
    Field("unsafe_housing", "是否危房户", Kind.YES_NO, "household", ("危房户", "unsafe_housing")),
    Field(
        "safe_water",
        "是否解决安全饮用水",
        Kind.YES_NO,
        "household",
        ("安全饮用水", "是否解决安全饮水", "safe_water"),
    ),
    Field("wage_income", "工资性收入", Kind.MONEY, "household", ("wage_income",)),
    Field("business_income", "生产经营性收入", Kind.MONEY, "household", ("business_income",)),
    Field("property_income", "财产性收入", Kind.MONEY, "household", ("property_income",)),
    Field("transfer_income", "转移性收入", Kind.MONEY, "household", ("transfer_income",)),
    Field(
        "business_expense",
        "生产经营性支出",
        Kind.MONEY,
        "household",
        ("business_expense",),
    ),
    Field(
        "compliant_expense",
        "合规自付支出",
        Kind.MONEY,
        "household",
        ("合规自付支出(元)", "compliant_expense"),
    ),
    Field(
        "reported_per_capita_income",
        "人均纯收入(元)",
        Kind.MONEY,
        "household",
        ("人均纯收入", "家庭人均纯收入", "reported_per_capita_income"),
    ),
    Field(
        "last_year_per_capita_income",
        "上年人均纯收入",
        Kind.MONEY,
        "household",
        ("上年人均纯收入(元)", "上年度人均纯收入", "last_year_per_capita_income"),
    ),
    *(
        _enum(col, f"致贫返贫风险{i}", "household", DECLARABLE_RISKS, (f"风险{i}", col))
        for i, col in enumerate(RISK_COLUMNS, start=1)
    ),
    Field(
        "risk_eliminated",
        "风险是否已消除",
        Kind.YES_NO,
        "household",
        ("risk_eliminated",),
    ),
    _enum(
        "elimination_method",
        "风险消除方式",
        "household",
        ELIMINATION_METHODS,
        ("elimination_method",),
    ),
    Field(
        "eliminated_month",
        "消除监测时间",
        Kind.YYYYMM,
        "household",
        ("风险消除时间", "eliminated_month"),
    ),
    Field(
        "safety_net",
        "整户无劳动能力兜底保障户",
        Kind.YES_NO,
        "household",
        ("是否整户无劳动能力兜底保障户", "safety_net"),
    ),
    Field("cadre", "帮扶责任人", Kind.TEXT, "household", ("结对帮扶责任人", "cadre")),
    Field("cadre_phone", "联系电话", Kind.TEXT, "household", ("帮扶责任人联系电话", "cadre_phone")),
    Field("leader", "联系领导", Kind.TEXT, "household", ("市级联系领导", "挂点领导", "leader")),
    Field(
        "measures_received",
        "帮扶措施",
        Kind.TEXT,
        "household",
        ("已落实帮扶措施", "measures_received"),
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
REQUIRED: tuple[Field, ...] = tuple(f for f in FIELDS if f.required)
REQUIRED_NAMES: tuple[str, ...] = tuple(f.name for f in REQUIRED)
INCOME_COMPONENTS = ("wage_income", "business_income", "property_income", "transfer_income")
MONEY_FIELDS = tuple(f.name for f in FIELDS if f.kind is Kind.MONEY)
HOUSEHOLD_FIELDS = tuple(f.name for f in FIELDS if f.level == "household")

_UNIT_SUFFIX = re.compile(r"\((元|元/人|月|个月|人|年月|yyyymm)\)$")


_SPACE = re.compile(r"\s")


def normalize_text(value: str) -> str:
    """Full-width to half-width (NFKC), spaces and line breaks removed."""
    if not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return _SPACE.sub("", value) if _SPACE.search(value) else value


def header_key(header: str) -> str:
    """The form under which headers are compared: NFKC, no spaces, no unit suffix."""
    key = normalize_text(header).lower()
    return _UNIT_SUFFIX.sub("", key)


@dataclass(frozen=True)
class FieldSet:
    """The columns of one kind of file (roster, department list, ledger, cases)."""

    kind: str
    fields: tuple[Field, ...]
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for f in self.fields:
            for text in (f.header, f.name, *f.aliases):
                index.setdefault(header_key(text), f.name)
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "_index", index)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def match(self, header: object) -> str | None:
        """The canonical field name a written header stands for, or None."""
        if not isinstance(header, str) or not header.strip():
            return None
        return self._index.get(header_key(header))


ROSTER = FieldSet("roster", FIELDS)


def match_header(header: object) -> str | None:
    """The roster field a written header stands for, or None."""
    return ROSTER.match(header)


def yes_no_value(text: str) -> bool | None:
    """True / False for a recognised yes/no spelling, None otherwise (after normalisation)."""
    key = normalize_text(text).lower()
    if key in _YES_SPELLINGS:
        return True
    if key in _NO_SPELLINGS:
        return False
    return None


def label(name: str, lang: str = "zh") -> str:
    """The column label of a field in the report language."""
    f = BY_NAME[name]
    return f.header if lang == "zh" else f.label_en


# Household fields that fanpin derives (roster.py, rules.py); with the roster's own
# household fields they are the names a profile's rule expressions may use.
DERIVED_FIELDS: dict[str, tuple[str, str]] = {
    "size": ("家庭人口数(成员行数)", "household size (member rows)"),
    "labour_count": ("劳动力人数", "labour-capable members"),
    "ill_count": ("患病人数", "members with chronic or serious illness"),
    "serious_ill_count": ("大病人数", "members with serious illness"),
    "disabled_count": ("残疾人数", "disabled members"),
    "dropout_count": ("失学辍学人数", "school-age dropouts"),
    "student_count": ("在校生人数", "students"),
    "uninsured_count": ("未参保人数", "members without basic medical insurance"),
    "employed_count": ("务工人数", "employed members"),
    "dibao_count": ("享受低保人数", "members receiving 低保"),
    "tekun_count": ("享受特困供养人数", "members receiving 特困供养"),
    "child_count": ("未成年人数", "members under 16"),
    "elderly_count": ("60岁以上人数", "members aged 60 or more"),
    "has_head": ("有户主", "household has a head row"),
    "net_income": ("家庭纯收入", "household net income"),
    "per_capita_income": ("人均纯收入", "per-capita net income"),
    "adjusted_per_capita_income": ("扣除合规自付支出后人均纯收入", "adjusted per-capita income"),
    "compliant_expense_per_capita": ("人均合规自付支出", "compliant out-of-pocket per person"),
    "income_change_ratio": ("人均纯收入同比变化", "per-capita income change on last year"),
    "no_safe_water": ("未解决安全饮水", "drinking water not secured"),
    "housing_unsafe": ("住房不安全", "unsafe housing"),
    "outstanding_difficulty": ("存在突出困难问题", "has an outstanding difficulty"),
    "risk_count": ("风险类型数", "number of risk factors"),
    "is_monitored": ("在监测(未消除)", "monitored, risk not eliminated"),
    "months_monitored": ("已监测月数", "months since identification"),
    **{f"risk_{code}": (f"风险:{zh}", f"risk: {code}") for code, zh in RISK_FACTORS.items()},
    **{
        f"declared_{code}": (f"申报风险:{zh}", f"declared risk: {code}")
        for zh, code in DECLARABLE_RISKS.items()
    },
}

RULE_NAMES: tuple[str, ...] = (
    *(f.name for f in FIELDS if f.level == "household" and f.name not in RISK_COLUMNS),
    *DERIVED_FIELDS,
)
