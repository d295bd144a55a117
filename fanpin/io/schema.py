"""Every roster field fanpin knows: canonical name, Chinese header, aliases, type, vocabulary.

This is the one place where a column of a national-system export is described
(domain.md §9). Readers match headers through ``match_header``; validation and
normalisation read ``Field.kind`` and ``Field.allowed``; outputs take labels from
``Field.header``. Nothing else in the package spells a roster header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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
    # values of ``allowed`` that may also be written together, joined by a comma (健康状况)
    combinable: tuple[str, ...] = ()

    @property
    def label_en(self) -> str:
        return self.english or self.name.replace("_", " ")


# 与户主关系: the national list of 28 (domain.md §9).
RELATIONS = (
    "户主",
    "配偶",
    "之子",
    "之女",
    "之儿媳",
    "之女婿",
    "之孙子",
    "之孙女",
    "之外孙子",
    "之外孙女",
    "之父",
    "之母",
    "之岳父",
    "之岳母",
    "之公公",
    "之婆婆",
    "之祖父",
    "之祖母",
    "之外祖父",
    "之外祖母",
    "之兄弟姐妹",
    "之曾孙子",
    "之曾孙女",
    "之侄儿",
    "之侄女",
    "之兄弟媳妇",
    "之叔伯",
    "其他",
)
HEAD = "户主"

# 户类型: 监测户 marks a household already monitored (domain.md §9).
HOUSEHOLD_TYPES = {"脱贫户": "escaped", "一般农户": "ordinary", "监测户": "monitored"}
MONITORED_TYPE = "监测户"

CATEGORIES = {
    "脱贫不稳定户": "unstable_escaped",
    "边缘易致贫户": "marginal",
    "突发严重困难户": "sudden_hardship",
}

LABOUR_SKILLS = {
    "技能劳动力": "skilled",
    "普通劳动力": "ordinary",
    "弱劳动力或半劳动力": "weak",
    "丧失劳动力": "lost",
    "无劳动力": "none",
}
# Audits count weak or half labour as labour (domain.md §9).
LABOUR_CAPABLE = ("技能劳动力", "普通劳动力", "弱劳动力或半劳动力")

HEALTH = {"健康": "healthy", "长期慢性病": "chronic", "患有大病": "serious", "残疾": "disabled"}
CHRONIC, SERIOUS, DISABLED = "长期慢性病", "患有大病", "残疾"
ILL = (CHRONIC, SERIOUS)
# 健康状况 may combine these, joined by a comma in either order (患有大病,残疾); each counts.
HEALTH_COMBINABLE = (CHRONIC, SERIOUS, DISABLED)
COMBINED_SEPARATOR = ","

# 在校生状况: the national grade list (empty: not a student, then 文化程度 is filled) …
SCHOOL_GRADES = (
    "学龄前儿童",
    "学前教育",
    "小学",
    "七年级",
    "八年级",
    "九年级",
    *(f"普通高中{n}年级" for n in "一二三"),
    *(f"中职{n}年级" for n in "一二三"),
    *(f"高职高专{n}年级" for n in "一二三"),
    *(f"技师学院{n}年级" for n in "一二三四"),
    *(f"本科{n}年级" for n in "一二三四五"),
    "硕士研究生及以上",
)
# … and fanpin's own coarse values, still accepted.
COARSE_SCHOOLING = (
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
SCHOOLING = tuple(dict.fromkeys((*COARSE_SCHOOLING, *SCHOOL_GRADES)))
DROPOUT = "失学辍学"
NOT_A_STUDENT = ("非在校生", "学龄前儿童", "学前教育", DROPOUT)
STUDENT_LEVELS = tuple(s for s in SCHOOLING if s not in NOT_A_STUDENT)
COMPULSORY_STAGE = ("小学", "七年级", "八年级", "九年级", "初中")

# 文化程度, filled for people who are not students.
EDUCATION_LEVELS = ("文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上")

# 性别 as written; the ID's 17th digit tells it too (odd for men, GB 11643).
SEXES = {"男": "male", "女": "female"}
MALE, FEMALE = "男", "女"
# The stage of each 在校生状况 value, for checks of age against schooling (quality rules'
# ``school_stage``); 非在校生 and 失学辍学 are no stage (the person is not at school).
PRESCHOOL = ("学龄前儿童", "学前教育")
SCHOOL_STAGES: dict[str, str] = {
    "学龄前儿童": "学前",
    "学前教育": "学前",
    "小学": "小学",
    "七年级": "初中",
    "八年级": "初中",
    "九年级": "初中",
    "初中": "初中",
    "高中": "高中",
    **{f"普通高中{n}年级": "高中" for n in "一二三"},
    "中职": "中职",
    **{f"中职{n}年级": "中职" for n in "一二三"},
    **{f"技师学院{n}年级": "技师学院" for n in "一二三四"},
    "高职": "高职高专",
    "大专": "高职高专",
    **{f"高职高专{n}年级": "高职高专" for n in "一二三"},
    "本科及以上": "本科",
    **{f"本科{n}年级": "本科" for n in "一二三四五"},
    "硕士研究生及以上": "研究生",
}
# A 务工所在地 cell that says "none".
NO_WORK_PLACE = ("无", "否", "/", "-", "—", "0")

EMPLOYMENT = {
    "省外务工": "outside_province",
    "省内县外务工": "outside_county",
    "县内务工": "in_county",
    "公益岗位": "public_welfare_job",
    "未务工": "not_employed",
}
EMPLOYED = ("省外务工", "省内县外务工", "县内务工", "公益岗位")

# 实施开发式帮扶措施情况 (domain.md §10).
DEVELOPMENT_STATES = {"已实施": "done", "尚未实施": "not_done"}
DEVELOPMENT_DONE = "已实施"


@dataclass(frozen=True)
class MeasureType:
    """One per-measure-type column of the national export (产业帮扶, 就业帮扶 …).

    A non-empty cell means a measure of that type is in place. ``names`` are the
    catalogue categories or subcategories the type stands for; where a catalogue has
    none of them (a county groups differently), measures whose subcategory holds
    ``keyword`` and that address one of ``risks`` stand for it.
    """

    code: str
    header: str
    aliases: tuple[str, ...]
    names: tuple[str, ...]
    keyword: str = ""
    risks: tuple[str, ...] = ()

    @property
    def field(self) -> str:
        return f"measure_{self.code}"


MEASURE_TYPES: tuple[MeasureType, ...] = (
    MeasureType("industry", "产业帮扶", ("产业帮扶措施", "产业发展"), ("产业帮扶", "产业发展")),
    MeasureType("employment", "就业帮扶", ("就业帮扶措施", "务工就业"), ("就业帮扶", "务工就业")),
    MeasureType("finance", "金融帮扶", ("金融帮扶措施", "小额信贷"), ("金融帮扶", "小额信贷")),
    MeasureType(
        "public_job",
        "公益岗位帮扶",
        ("公益性岗位", "公益岗位", "公益性岗位帮扶"),
        ("公益岗位帮扶", "公益岗位", "公益性岗位"),
    ),
    MeasureType("health", "健康帮扶", ("健康帮扶措施",), ("健康帮扶",)),
    MeasureType(
        "education", "教育帮扶", ("教育帮扶措施",), ("教育帮扶", "义务教育保障", "其他教育帮扶")
    ),
    MeasureType("compulsory_education", "义务教育保障", (), ("义务教育保障",)),
    MeasureType("other_education", "其他教育帮扶", ("雨露计划",), ("其他教育帮扶", "雨露计划")),
    MeasureType(
        "social_security", "综合保障", ("综合保障措施", "兜底保障"), ("综合保障", "兜底保障")
    ),
    MeasureType(
        "housing",
        "住房安全保障",
        ("住房安全",),
        ("住房安全保障", "住房安全"),
        "住房",
        ("unsafe_housing",),
    ),
    MeasureType(
        "water",
        "饮水安全保障",
        ("饮水安全",),
        ("饮水安全保障", "饮水安全"),
        "饮水",
        ("unsafe_water",),
    ),
    MeasureType("social", "社会帮扶", ("社会帮扶措施",), ("社会帮扶",)),
    MeasureType("relocation", "搬迁", ("易地搬迁", "易地扶贫搬迁"), ("搬迁", "易地搬迁")),
    MeasureType("living_conditions", "生产生活条件改善", (), ("生产生活条件改善",)),
    MeasureType("infrastructure", "基础设施建设", (), ("基础设施建设",)),
    MeasureType("other", "其他帮扶", ("其他帮扶措施",), ("其他帮扶",)),
)
MEASURE_TYPE_FIELDS: tuple[str, ...] = tuple(t.field for t in MEASURE_TYPES)

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
        ("县", "县市区", "县(市区)", "县(市、区、旗)", "县(市区旗)", "county"),
        english="county",
    ),
    Field(
        "township",
        "乡(镇)",
        Kind.TEXT,
        "household",
        ("乡镇", "乡(镇、街道)", "乡", "乡镇(街道)", "township"),
    ),
    Field(
        "village", "行政村", Kind.TEXT, "household", ("村", "村(社区)", "行政村(社区)", "village")
    ),
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
    _enum("sex", "性别", "member", SEXES, ("sex",), english="sex"),
    Field(
        "household_phone",
        "户联系电话",
        Kind.TEXT,
        "household",
        ("家庭联系电话", "户主联系电话", "household_phone"),
        english="household phone",
    ),
    Field(
        "member_phone",
        "成员联系电话",
        Kind.TEXT,
        "member",
        ("本人联系电话", "个人联系电话", "member_phone"),
        english="member phone",
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
    _enum("health", "健康状况", "member", HEALTH, ("health",), combinable=HEALTH_COMBINABLE),
    _enum("schooling", "在校生情况", "member", SCHOOLING, ("在校生状况", "schooling")),
    _enum(
        "education_level",
        "文化程度",
        "member",
        EDUCATION_LEVELS,
        ("education_level",),
        english="education level",
    ),
    Field(
        "compulsory_dropout",
        "是否义务教育阶段适龄儿童少年失学辍学",
        Kind.YES_NO,
        "member",
        ("义务教育阶段适龄儿童少年失学辍学", "是否失学辍学", "compulsory_dropout"),
        english="compulsory-stage dropout",
    ),
    _enum("employment", "务工状况", "member", EMPLOYMENT, ("employment",)),
    Field("work_months", "务工时间(月)", Kind.INTEGER, "member", ("务工时间", "work_months")),
    Field(
        "work_place",
        "务工所在地",
        Kind.TEXT,
        "member",
        ("务工地点", "务工所在地区", "work_place"),
        english="place of work",
    ),
    Field(
        "working",
        "是否已务工",
        Kind.YES_NO,
        "member",
        ("是否务工", "已务工", "working"),
        english="working",
    ),
    Field(
        "medical_insurance",
        "参加城乡居民基本医疗保险",
        Kind.YES_NO,
        "member",
        (
            "参加医保",
            "是否参加城乡居民基本医疗保险",
            "是否参加新型农村合作医疗(城乡居民基本医疗保险)",
            "是否参加新型农村合作医疗",
            "参加新型农村合作医疗",
            "medical_insurance",
        ),
    ),
    Field(
        "employee_insurance",
        "是否参加城镇职工基本医疗保险",
        Kind.YES_NO,
        "member",
        ("参加城镇职工基本医疗保险", "城镇职工基本医疗保险", "employee_insurance"),
        english="employee medical insurance",
    ),
    Field(
        "serious_illness_insurance",
        "是否参加大病保险",
        Kind.YES_NO,
        "member",
        ("参加大病保险", "serious_illness_insurance"),
        english="serious-illness insurance",
    ),
    Field(
        "pension_insurance",
        "是否参加城乡居民基本养老保险",
        Kind.YES_NO,
        "member",
        ("参加城乡居民基本养老保险", "pension_insurance"),
        english="basic pension insurance",
    ),
    Field("dibao", "享受低保政策情况", Kind.YES_NO, "member", ("是否享受低保", "低保", "dibao")),
    Field(
        "tekun",
        "享受特困供养政策情况",
        Kind.YES_NO,
        "member",
        ("是否享受特困供养", "特困供养", "是否特困供养人员", "特困供养人员", "tekun"),
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
        _enum(
            col,
            f"致贫返贫风险{i}",
            "household",
            DECLARABLE_RISKS,
            (f"致贫/返贫风险{i}", f"风险{i}", col),
        )
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
    *(
        Field(t.field, t.header, Kind.TEXT, "household", (*t.aliases, t.field), english=t.code)
        for t in MEASURE_TYPES
    ),
    _enum(
        "development_measures",
        "实施开发式帮扶措施情况",
        "household",
        DEVELOPMENT_STATES,
        ("开发式帮扶措施实施情况", "development_measures"),
        english="development measures",
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
REQUIRED: tuple[Field, ...] = tuple(f for f in FIELDS if f.required)
REQUIRED_NAMES: tuple[str, ...] = tuple(f.name for f in REQUIRED)
INCOME_COMPONENTS = ("wage_income", "business_income", "property_income", "transfer_income")
MONEY_FIELDS = tuple(f.name for f in FIELDS if f.kind is Kind.MONEY)
HOUSEHOLD_FIELDS = tuple(f.name for f in FIELDS if f.level == "household")

_UNIT_SUFFIX = re.compile(r"\((元|元/人|月|个月|人|年月|yyyymm)\)$")


def normalize_text(value: str) -> str:
    """Full-width to half-width (NFKC), spaces and line breaks removed.

    ``str.split()`` cuts at exactly the characters a regex's whitespace class matches (those
    ``str.isspace`` accepts), several times faster over a long text; a text without any
    comes back as it is."""
    if not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return "".join(value.split())


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


def row_field(name: str, **changes: object) -> Field:
    """A roster field reused as a column of another file (one row per record there)."""
    return replace(BY_NAME[name], level="member", **changes)  # type: ignore[arg-type]


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

# Profile parameters a rule expression may name besides the fields (rules.Parameters).
RULE_PARAMETERS: tuple[str, ...] = ("line", "watch_margin", "drop_ratio", "large_medical_cost")

RULE_NAMES: tuple[str, ...] = (
    *(f.name for f in FIELDS if f.level == "household" and f.name not in RISK_COLUMNS),
    *DERIVED_FIELDS,
)

# Names a data-quality rule ([[quality_rules]], rules/quality.py) may use besides every
# roster field: per member row, computed on whole columns of the validated roster, ages
# at the as-of date. ``has_<field>`` (the cell is filled) exists for every roster field.
MEMBER_DERIVED_FIELDS: dict[str, tuple[str, str]] = {
    "age": ("年龄(按证件号码中的出生日期计至评估日)", "age at the as-of date, from the ID"),
    "id_sex": ("证件号码所示性别(第17位奇数为男)", "sex per the ID (17th digit odd: male)"),
    "member_sex": ("性别(以证件号码为准，无效时取性别列)", "sex per the ID, else per 性别"),
    "head_sex": ("户主性别", "the household head's sex"),
    "is_head": ("是户主", "the head of household"),
    "is_spouse": ("是配偶", "the head's spouse (配偶)"),
    "is_head_row": ("户的代表行(户主行，无户主时为首行)", "the row that stands for the household"),
    "spouse_count": ("本户配偶人数", "members of the household recorded as 配偶"),
    "spouse_order": ("本户第几个配偶(1、2…)", "1 for the household's first 配偶, 2 for the next …"),
    "is_student": ("在校学生(小学及以上年级)", "a pupil or student: a grade from 小学 up"),
    "is_preschool": ("学龄前儿童或学前教育", "学龄前儿童 or 学前教育"),
    "in_school": ("在校生状况填有学段(含学前)", "在校生状况 names a stage, preschool included"),
    "school_stage": (
        "学段：学前、小学、初中、高中、中职、技师学院、高职高专、本科、研究生",
        "stage: 学前, 小学, 初中, 高中, 中职, 技师学院, 高职高专, 本科, 研究生",
    ),
    "has_work_place": ("务工所在地已填(不是“无”)", "务工所在地 filled (and not 无)"),
    "household_phone_valid": ("户联系电话格式正确", "户联系电话 is a mobile or landline number"),
    "member_phone_valid": ("成员联系电话格式正确", "成员联系电话 is a mobile or landline number"),
    "labour_capable": ("有劳动能力(含弱劳动力或半劳动力)", "labour-capable (weak labour too)"),
    "ill": ("患长期慢性病或大病", "chronic or serious illness"),
    "serious_ill": ("患有大病", "serious illness"),
    "disabled": ("残疾", "disabled"),
    "dropout": ("义务教育阶段失学辍学", "compulsory-stage dropout"),
    "uninsured": ("未参加基本医疗保险", "in neither basic medical insurance scheme"),
    "employed": ("务工(务工状况、务工时间、务工所在地或是否已务工)", "employed"),
    "child": ("未满16周岁", "under 16"),
    "elderly": ("60周岁以上", "aged 60 or more"),
}
FILLED_PREFIX = "has_"
# Household counts of DERIVED_FIELDS a quality rule may use (over the member rows).
QUALITY_HOUSEHOLD_COUNTS: tuple[str, ...] = (
    "size",
    "labour_count",
    "ill_count",
    "serious_ill_count",
    "disabled_count",
    "dropout_count",
    "student_count",
    "uninsured_count",
    "employed_count",
    "dibao_count",
    "tekun_count",
    "child_count",
    "elderly_count",
)
FILLED_NAMES: tuple[str, ...] = tuple(
    f"{FILLED_PREFIX}{f.name}"
    for f in FIELDS
    if f"{FILLED_PREFIX}{f.name}" not in MEMBER_DERIVED_FIELDS
)
QUALITY_NAMES: tuple[str, ...] = (
    *(f.name for f in FIELDS),
    *FILLED_NAMES,
    *MEMBER_DERIVED_FIELDS,
    *QUALITY_HOUSEHOLD_COUNTS,
)


# Cases file (识别 / 消除 procedure ledger, domain.md §5): one row per case. Dates are
# read as text and parsed by fanpin/procedure.py (Excel dates, 2021-03-05, 2021/3/5,
# 20210305, 2021年3月5日).
CASE_KINDS = {
    "识别": "identification",
    "识别监测": "identification",
    "消除": "elimination",
    "风险消除": "elimination",
}
LEAD_CHANNELS = {
    "农户自主申报": "self_application",
    "基层干部排查": "cadre_screening",
    "部门筛查预警": "department_warning",
}
CASE_DATE_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lead_date", "线索日期", ("线索发现日期", "发现日期", "申报日期", "lead_date")),
    ("home_check_date", "入户核实日期", ("入户核实时间", "home_check_date")),
    ("comparison_date", "信息比对日期", ("数据比对日期", "比对日期", "comparison_date")),
    ("appraisal_date", "村级评议日期", ("民主评议日期", "村级民主评议日期", "appraisal_date")),
    ("notice_start", "公示开始日期", ("公示起始日期", "公示开始时间", "notice_start")),
    ("notice_end", "公示结束日期", ("公示截止日期", "公示结束时间", "notice_end")),
    ("township_review_date", "乡镇审核日期", ("乡镇审核时间", "township_review_date")),
    ("county_approval_date", "县级审定日期", ("县级审定时间", "审定日期", "county_approval_date")),
    ("help_start_date", "帮扶开始日期", ("先行帮扶日期", "帮扶日期", "help_start_date")),
)
CASES = FieldSet(
    "cases",
    (
        row_field("county"),
        row_field("township"),
        row_field("village"),
        row_field("household_id"),
        Field("head_name", "户主姓名", Kind.TEXT, "member", ("户主", "head_name")),
        _enum(
            "kind", "类型", "member", CASE_KINDS, ("程序类型", "案件类型", "kind"), required=True
        ),
        _enum("channel", "线索来源", "member", LEAD_CHANNELS, ("线索渠道", "发现方式", "channel")),
        Field("disaster", "是否受灾", Kind.YES_NO, "member", ("受灾", "是否受灾户", "disaster")),
        _enum("risk_type", "风险类型", "member", DECLARABLE_RISKS, ("主要风险类型", "risk_type")),
        *(
            Field(name, header, Kind.TEXT, "member", aliases, required=name == "lead_date")
            for name, header, aliases in CASE_DATE_FIELDS
        ),
        Field("note", "备注", Kind.TEXT, "member", ("note",)),
    ),
)


# The relief-fund ledger (防贫帮扶基金收支台账, fanpin/fund.py): one row per money movement.
# Payments (支出) and tranches paid into the fund (注资) share one sheet, told apart by
# 类型, as in a county's cash journal; without a 类型 column every row is a payment.
FUND_ENTRY_TYPES = {"支出": "payment", "发放": "payment", "注资": "tranche", "拨入": "tranche"}
FUND_CAUSES = {
    "因病": "illness",
    "因灾": "disaster",
    "因自然灾害": "disaster",
    "因房": "housing",
    "因安全住房": "housing",
    "因产业": "industry_failure",
    "因产业发展受损": "industry_failure",
    "因产业项目失败": "industry_failure",
}
# code -> (Chinese, English) label of a fund cause
FUND_CAUSE_LABELS = {
    "illness": ("因病", "illness"),
    "disaster": ("因灾", "disaster"),
    "housing": ("因房", "housing"),
    "industry_failure": ("因产业发展受损", "industry loss"),
}
FUND_CHECK_RESULTS = {
    "通过": "passed",
    "合格": "passed",
    "符合": "passed",
    "不通过": "failed",
    "不合格": "failed",
    "不符合": "failed",
}
# Zixing's "三关" before payment (domain.md §5): field prefix -> (Chinese, English) name.
FUND_CHECKPOINTS = {
    "village_check": ("乡村核实", "village verification"),
    "data_check": ("部门数据比对", "department data comparison"),
    "industry_audit": ("行业扶贫单位稽核", "industry unit audit"),
}


def _checkpoint_fields() -> tuple[Field, ...]:
    fields: list[Field] = []
    for prefix, (zh, en) in FUND_CHECKPOINTS.items():
        fields.append(
            _enum(
                f"{prefix}_result",
                f"{zh}结果",
                "member",
                FUND_CHECK_RESULTS,
                (f"{zh}", f"{zh}意见", f"{prefix}_result"),
                english=f"{en} result",
            )
        )
        fields.append(
            Field(
                f"{prefix}_date",
                f"{zh}日期",
                Kind.TEXT,  # dates are parsed by fund.py (cells may be dates or text)
                "member",
                (f"{zh}时间", f"{prefix}_date"),
                english=f"{en} date",
            )
        )
    return tuple(fields)


FUND_LEDGER_FIELDS: tuple[Field, ...] = (
    Field(
        "date",
        "日期",
        Kind.TEXT,  # parsed by fund.py: Excel dates, 2021-03-05, 2021.3.5, 2021年3月5日
        "member",
        ("发放日期", "支付日期", "拨付日期", "收支日期", "date"),
        required=True,
        english="date",
    ),
    _enum(
        "entry_type",
        "类型",
        "member",
        FUND_ENTRY_TYPES,
        ("收支类型", "收支", "entry_type"),
        english="type",
    ),
    row_field("township"),
    row_field("village"),
    row_field("household_id", required=False),
    Field(
        "payee_name",
        "收款人姓名",
        Kind.TEXT,
        "member",
        ("收款人", "姓名", "救助对象姓名", "payee_name"),
        english="payee name",
    ),
    Field(
        "payee_id",
        "收款人证件号码",
        Kind.ID,
        "member",
        ("收款人身份证号", "收款人身份证号码", "证件号码", "身份证号", "身份证号码", "payee_id"),
        english="payee ID number",
    ),
    _enum(
        "cause",
        "救助原因",
        "member",
        FUND_CAUSES,
        ("救助类别", "帮扶原因", "救助类型", "cause"),
        english="cause",
    ),
    Field(
        "amount",
        "金额(元)",
        Kind.MONEY,  # fund.py re-reads the raw cells as exact decimals
        "member",
        ("金额", "救助金额", "发放金额", "支付金额", "amount"),
        required=True,
        english="amount (yuan)",
    ),
    Field(
        "event_ref",
        "事件编号",
        Kind.TEXT,
        "member",
        ("事件号", "案件编号", "申请编号", "event_ref"),
        english="event reference",
    ),
    *_checkpoint_fields(),
    Field("approver", "审批人", Kind.TEXT, "member", ("批准人", "审批", "approver")),
    Field("note", "备注", Kind.TEXT, "member", ("说明", "note")),
)
FUND_LEDGER = FieldSet("ledger", FUND_LEDGER_FIELDS)


# Department lists (部门数据比对, fanpin/departments.py): one row per person (or per
# hospital stay, payment, vehicle …), each keyed by 证件号码. A kind's columns are
# its FieldSet in DEPARTMENT_LISTS; codes of enumerated values are English.
DEPT_ASSISTANCE_TYPES = {
    "低保": "dibao",
    "最低生活保障": "dibao",
    "特困供养": "tekun",
    "特困": "tekun",
    "五保": "tekun",
    "五保供养": "tekun",
    "临时救助": "temporary",
}
_DEPT_DISABILITY_KINDS = {
    "视力": "visual",
    "听力": "hearing",
    "言语": "speech",
    "肢体": "physical",
    "智力": "intellectual",
    "精神": "mental",
    "多重": "multiple",
}
DEPT_DISABILITY_CATEGORIES = {
    **_DEPT_DISABILITY_KINDS,
    **{f"{zh}残疾": code for zh, code in _DEPT_DISABILITY_KINDS.items()},
}
DEPT_DISABILITY_GRADES = {
    **{f"{zh}级": str(n) for n, zh in enumerate("一二三四", start=1)},
    **{f"{n}级": str(n) for n in range(1, 5)},
}
DEPT_HOUSING_GRADES = {**{g: g for g in "ABCD"}, **{f"{g}级": g for g in "ABCD"}}
DEPT_SCHOOL_STAGES = tuple(s for s in SCHOOLING if s not in ("非在校生", DROPOUT))
DEPT_DISASTER_TYPES = {
    "洪涝": "flood",
    "洪涝灾害": "flood",
    "洪灾": "flood",
    "地质灾害": "geological",
    "干旱": "drought",
    "旱灾": "drought",
    "生物灾害": "biological",
    "气象灾害": "meteorological",
    "地震": "earthquake",
    "地震灾害": "earthquake",
    "其他": "other",
}


def _dept_id(*aliases: str) -> Field:
    roster_id = BY_NAME["id_number"]
    return row_field("id_number", aliases=(*roster_id.aliases, *aliases))


def _dept_name(header: str = "姓名", *aliases: str) -> Field:
    return Field("name", header, Kind.TEXT, "member", ("姓名", *aliases, "name"), english="name")


def _dept_text(name: str, header: str, *aliases: str, english: str = "") -> Field:
    return Field(name, header, Kind.TEXT, "member", (*aliases, name), english=english)


MEDICAL_LIST = FieldSet(
    "medical",
    (
        _dept_id(),
        _dept_name(),
        Field(
            "compliant_cost",
            "合规自付费用",
            Kind.MONEY,
            "member",
            ("合规自付支出", "合规自付金额", "合规自付医疗费用", "个人合规自付", "compliant_cost"),
            required=True,
            english="compliant out-of-pocket cost",
        ),
        Field(
            "total_cost",
            "医疗总费用",
            Kind.MONEY,
            "member",
            ("总费用", "医疗费用总额", "total_cost"),
            english="total cost",
        ),
        Field(
            "hospital_stays",
            "住院次数",
            Kind.INTEGER,
            "member",
            ("hospital_stays",),
            english="hospital stays",
        ),
        Field(
            "visit_month",
            "就诊日期",
            Kind.YYYYMM,
            "member",
            ("就诊时间", "结算日期", "结算时间", "入院日期", "visit_month"),
            english="visit month",
        ),
        _dept_text("institution", "就诊机构", "医疗机构", "就诊医院", english="institution"),
    ),
)
CIVIL_LIST = FieldSet(
    "civil",
    (
        _dept_id(),
        _dept_name(),
        _enum(
            "assistance_type",
            "救助类型",
            "member",
            DEPT_ASSISTANCE_TYPES,
            ("保障类型", "救助类别", "保障类别", "assistance_type"),
            required=True,
            english="assistance type",
        ),
        Field(
            "amount",
            "救助金额",
            Kind.MONEY,
            "member",
            ("保障金额", "发放金额", "月保障金额", "amount"),
            english="amount",
        ),
        Field(
            "start_month",
            "起始年月",
            Kind.YYYYMM,
            "member",
            ("开始享受年月", "享受起始时间", "批准年月", "救助时间", "start_month"),
            english="start month",
        ),
    ),
)
DISABILITY_LIST = FieldSet(
    "disability",
    (
        _dept_id(),
        _dept_name(),
        _enum(
            "disability_category",
            "残疾类别",
            "member",
            DEPT_DISABILITY_CATEGORIES,
            ("残疾类型", "disability_category"),
            english="disability category",
        ),
        _enum(
            "disability_grade",
            "残疾等级",
            "member",
            DEPT_DISABILITY_GRADES,
            ("残疾级别", "disability_grade"),
            english="disability grade",
        ),
        _dept_text("certificate", "残疾人证号", "残疾证号", "残疾人证号码", english="certificate"),
    ),
)
HOUSING_LIST = FieldSet(
    "housing",
    (
        _dept_id("户主身份证号", "户主证件号码"),
        _dept_name("户主姓名"),
        _enum(
            "appraisal_grade",
            "危房鉴定等级",
            "member",
            DEPT_HOUSING_GRADES,
            ("鉴定等级", "房屋鉴定等级", "危险等级", "appraisal_grade"),
            required=True,
            english="appraisal grade",
        ),
        Field(
            "appraisal_month",
            "鉴定日期",
            Kind.YYYYMM,
            "member",
            ("鉴定时间", "appraisal_month"),
            english="appraisal month",
        ),
        Field(
            "renovated",
            "是否已改造",
            Kind.YES_NO,
            "member",
            ("已改造", "改造情况", "renovated"),
            english="renovated",
        ),
    ),
)
EDUCATION_LIST = FieldSet(
    "education",
    (
        _dept_id("学生身份证号", "学生证件号码"),
        _dept_name("学生姓名"),
        _enum(
            "stage",
            "学段",
            "member",
            DEPT_SCHOOL_STAGES,
            ("就读学段", "辍学学段", "stage"),
            english="school stage",
        ),
        _dept_text("school", "学校名称", "学校", "原就读学校", english="school"),
        Field(
            "dropout_month",
            "辍学时间",
            Kind.YYYYMM,
            "member",
            ("失学辍学时间", "dropout_month"),
            english="dropout month",
        ),
    ),
)
DISASTER_LIST = FieldSet(
    "disaster",
    (
        _dept_id("户主身份证号", "户主证件号码"),
        _dept_name("姓名", "户主姓名"),
        _enum(
            "disaster_type",
            "受灾类型",
            "member",
            DEPT_DISASTER_TYPES,
            ("灾害类型", "灾种", "disaster_type"),
            required=True,
            english="disaster type",
        ),
        Field(
            "loss",
            "损失金额",
            Kind.MONEY,
            "member",
            ("直接经济损失", "经济损失", "loss"),
            required=True,
            english="loss",
        ),
        Field(
            "disaster_month",
            "受灾日期",
            Kind.YYYYMM,
            "member",
            ("受灾时间", "disaster_month"),
            english="disaster month",
        ),
    ),
)
EMPLOYMENT_LIST = FieldSet(
    "employment",
    (
        _dept_id(),
        _dept_name(),
        _dept_text("work_place", "务工地点", "就业地点", "务工地区", english="work place"),
        Field(
            "work_months",
            "务工月数",
            Kind.INTEGER,
            "member",
            ("务工时间(月)", "就业月数", "务工时长", "work_months"),
            required=True,
            english="months worked",
        ),
        Field(
            "monthly_income",
            "月收入",
            Kind.MONEY,
            "member",
            ("月均收入", "月工资", "月均工资", "monthly_income"),
            english="monthly income",
        ),
    ),
)
BUSINESS_LIST = FieldSet(
    "business",
    (
        _dept_id("法定代表人证件号码", "经营者身份证号"),
        _dept_name("姓名", "法定代表人", "经营者", "经营者姓名"),
        _dept_text(
            "registration", "工商注册号", "统一社会信用代码", "注册号", english="registration"
        ),
        _dept_text("company", "企业名称", "市场主体名称", "个体工商户名称", english="company"),
        _dept_text("entity_type", "市场主体类型", "主体类型", "企业类型", english="entity type"),
        _dept_text("registration_status", "登记状态", "经营状态", "企业状态", english="status"),
    ),
)
VEHICLE_LIST = FieldSet(
    "vehicle",
    (
        _dept_id(),
        _dept_name("姓名", "车主姓名", "机动车所有人", "所有人"),
        _dept_text("plate", "号牌号码", "车牌号", "车牌号码", english="plate"),
        _dept_text("brand", "车辆品牌", "品牌型号", "中文品牌", "品牌", english="brand"),
        _dept_text("vehicle_type", "车辆类型", "车辆类别", english="vehicle type"),
        Field(
            "price",
            "购置价格",
            Kind.MONEY,
            "member",
            ("购车价格", "车辆价格", "购置价", "price"),
            required=True,
            english="purchase price",
        ),
        Field(
            "registration_month",
            "初次登记日期",
            Kind.YYYYMM,
            "member",
            ("初次登记时间", "登记日期", "registration_month"),
            english="first registered",
        ),
    ),
)
PUBLIC_SERVANT_LIST = FieldSet(
    "public_servant",
    (
        _dept_id(),
        _dept_name(),
        _dept_text("employer", "单位", "工作单位", "单位名称", english="employer"),
        _dept_text("funding", "财政供养", "供养类型", "人员类别", "编制类型", english="funding"),
    ),
)
# 民政's low-income population list (低收入人口动态监测, domain.md §11): the recognition
# type and the household's per-capita income as civil affairs counts it, a year or a month.
DEPT_LOW_INCOME_TYPES = {
    "低保": "dibao",
    "低保对象": "dibao",
    "最低生活保障": "dibao",
    "农村低保": "dibao",
    "特困": "tekun",
    "特困人员": "tekun",
    "特困供养": "tekun",
    "特困供养人员": "tekun",
    "五保": "tekun",
    "低保边缘": "dibao_marginal",
    "低保边缘家庭": "dibao_marginal",
    "低保边缘家庭成员": "dibao_marginal",
    "刚性支出困难": "rigid_expenditure",
    "刚性支出困难家庭": "rigid_expenditure",
    "支出型困难家庭": "rigid_expenditure",
    "刚性支出困难家庭成员": "rigid_expenditure",
}
LOW_INCOME_LIST = FieldSet(
    "low_income",
    (
        _dept_id(),
        _dept_name(),
        _enum(
            "recognition_type",
            "认定类型",
            "member",
            DEPT_LOW_INCOME_TYPES,
            (
                "低收入人口类型",
                "低收入人口类别",
                "人员类别",
                "对象类别",
                "认定类别",
                "recognition_type",
            ),
            required=True,
            english="recognition type",
        ),
        Field(
            "per_capita_income",
            "家庭人均收入",
            Kind.MONEY,
            "member",
            (
                "家庭年人均收入",
                "家庭人均年收入",
                "年人均收入",
                "人均收入",
                "家庭人均收入(元/年)",
                "per_capita_income",
            ),
            english="per-capita income (civil affairs, a year)",
        ),
        Field(
            "monthly_per_capita_income",
            "家庭月人均收入",
            Kind.MONEY,
            "member",
            (
                "月人均收入",
                "家庭人均月收入",
                "家庭人均收入(元/月)",
                "月人均收入(元/月)",
                "monthly_per_capita_income",
            ),
            english="per-capita income (civil affairs, a month)",
        ),
        Field(
            "recognised_month",
            "认定时间",
            Kind.YYYYMM,
            "member",
            ("认定日期", "认定年月", "纳入时间", "审批时间", "recognised_month"),
            english="recognised",
        ),
    ),
)
DEPARTMENT_LISTS: dict[str, FieldSet] = {
    fs.kind: fs
    for fs in (
        MEDICAL_LIST,
        CIVIL_LIST,
        DISABILITY_LIST,
        HOUSING_LIST,
        EDUCATION_LIST,
        DISASTER_LIST,
        EMPLOYMENT_LIST,
        BUSINESS_LIST,
        VEHICLE_LIST,
        PUBLIC_SERVANT_LIST,
        LOW_INCOME_LIST,
    )
}
DEPARTMENT_KINDS: tuple[str, ...] = tuple(DEPARTMENT_LISTS)

# kind -> figure -> (Chinese, English) meaning; per household, over the list rows of
# its members. Households without a row have no value (a condition on it is False).
DEPARTMENT_FIGURES: dict[str, dict[str, tuple[str, str]]] = {
    "medical": {
        "medical_cost": ("合规自付费用合计(元)", "compliant out-of-pocket cost, yuan"),
        "medical_cost_per_capita": ("人均合规自付费用(元)", "compliant cost per person"),
        "hospital_stays": ("住院次数", "hospital stays"),
        "medical_people": ("有就诊记录人数", "members with medical records"),
    },
    "civil": {
        "civil_dibao": ("民政低保人数", "members on 低保 per civil affairs"),
        "civil_tekun": ("民政特困人数", "members on 特困供养 per civil affairs"),
        "civil_temporary": ("临时救助人数", "members given 临时救助"),
        "civil_temporary_amount": ("临时救助金额(元)", "临时救助 amount, yuan"),
        "civil_dibao_unrecorded": (
            "民政低保但花名册未登记人数",
            "on 低保 per civil affairs, not per the roster",
        ),
        "civil_tekun_unrecorded": (
            "民政特困但花名册未登记人数",
            "on 特困供养 per civil affairs, not per the roster",
        ),
    },
    "disability": {
        "disability_people": ("持残疾人证人数", "members with a disability certificate"),
        "disability_severe": ("一、二级残疾人数", "members with grade 1 or 2 disability"),
        "disability_unrecorded": (
            "持证但花名册未登记残疾人数",
            "certified, not disabled per the roster",
        ),
    },
    "housing": {
        "housing_cd": ("C/D级危房(未改造)处数", "C or D grade, not renovated"),
        "housing_d": ("D级危房(未改造)处数", "D grade, not renovated"),
    },
    "education": {
        "education_dropouts": ("失学辍学人数", "dropouts per education"),
        "education_unrecorded": (
            "花名册未登记失学辍学人数",
            "dropouts not recorded in the roster",
        ),
    },
    "disaster": {
        "disaster_loss": ("受灾损失合计(元)", "disaster loss, yuan"),
        "disaster_loss_per_capita": ("人均受灾损失(元)", "disaster loss per person"),
        "disaster_events": ("受灾记录数", "disaster records"),
    },
    "employment": {
        "employment_people": ("人社务工人数", "members working per human resources"),
        "employment_wage": ("人社务工收入合计(元)", "wages per human resources, yuan"),
        "employment_months_max": ("最长务工月数", "longest months worked"),
    },
    "business": {
        "business_count": ("工商登记数", "business registrations"),
        "business_active": ("存续工商登记数", "registrations not cancelled"),
    },
    "vehicle": {
        "vehicle_count": ("机动车数", "vehicles"),
        "vehicle_price_max": ("最高购置价格(元)", "highest purchase price, yuan"),
    },
    "public_servant": {
        "public_servant_count": ("财政供养人数", "state-funded members"),
    },
    "low_income": {
        "low_income_people": ("民政低收入人口人数", "members on the low-income list"),
        "low_income_dibao": ("认定为低保的人数", "members recognised as 低保"),
        "low_income_tekun": ("认定为特困的人数", "members recognised as 特困"),
        "low_income_marginal": ("认定为低保边缘的人数", "members recognised as 低保边缘"),
        "low_income_rigid": ("认定为刚性支出困难的人数", "members recognised as 刚性支出困难"),
        "low_income_per_capita": (
            "民政口径家庭人均收入(元/年)",
            "per-capita income as civil affairs counts it, yuan a year",
        ),
        "income_basis_gap": (
            "两种口径人均收入之差占较高者的比例",
            "difference of the two per-capita incomes, as a share of the higher",
        ),
    },
}

# Household columns of a classification that conditions may name besides the
# roster's and the rules' fields (schema.RULE_NAMES).
ASSESSMENT_NAMES = (
    "status",
    "tier",
    "score",
    "category",
    "proposed_category",
    "elimination_status",
    "watch",
    "returned_to_risk",
)


def department_rule_names(kind: str, parameters: Iterable[str]) -> tuple[str, ...]:
    """The names a department rule of ``kind`` may use: household fields, its figures, params."""
    return (*RULE_NAMES, *ASSESSMENT_NAMES, *DEPARTMENT_FIGURES[kind], *parameters)
