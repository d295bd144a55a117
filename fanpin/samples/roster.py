"""Seeded example data: a Zixing-like county roster, its GBK CSV twin and a messy roster.

Everything here is synthetic and deterministic: the same ``seed`` gives an identical
DataFrame and byte-identical files, so regenerated samples do not churn in git.

``generate_members`` builds one row per person (household fields repeated on
every member row), columns named by ``fanpin.schema.FIELDS``. The clean roster is
valid data: every ID passes GB 11643, 户主 comes first and exactly once per
household, 家庭人口数 equals the member count, 人均纯收入(元) equals
(工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出) / size to the cent.

It does hold *audit findings* on purpose, households that the rules of
domain.md §4 and §6 should flag. Their 户编号 are listed, per scenario, in
``members.attrs["scenarios"]``:

- ``missed_low_income``: not monitored, per-capita income below the 6,000 line;
- ``missed_sudden_drop``: not monitored, income fell by 50 % or more against last
  year, a member 患有大病 and a large 合规自付支出;
- ``missed_gap``: not monitored, with an outstanding difficulty (a school-age
  失学辍学 child, a member without medical insurance, 危房 or unsafe water);
- ``near_line``: not monitored, per-capita income 6,000–7,200 (watch list);
- ``safety_net_unflagged``: nobody labour-capable, 整户无劳动能力兜底保障户 = 否;
- ``zero_transfer``: a member receives 低保 or 特困供养, 转移性收入 = 0;
- ``early_elimination``: 帮扶消除 one or two months after identification.

Every other non-monitored household has per-capita income of at least 7,300,
adjusted income (after 合规自付支出) above the line, no fall of 50 % and no
outstanding difficulty. Monitored households carry 监测对象类别, 识别监测时间
(202103–202112), 1–3 致贫返贫风险 consistent with their members, a 帮扶责任人 with
phone and 2–4 帮扶措施; about a third are eliminated (风险是否已消除 = 是), at least six
months after identification, with income and adjusted income above the line, no
outstanding difficulty and at least one labour-capable member.

The roster is also plausible across fields, as provincial checkers look at it (none
of national's quality rules fires as of 2021-12-31): 文化程度 or 在校生状况, never both;
技师学院 from 18; work months with a workplace; 性别 from the ID; a 户联系电话 for every
household (the head's mobile, or a 0735 landline in one of the accepted forms) and a
成员联系电话 for about half the adults.

``generate_members(year=2026)`` is the same county five years on, as the system
exports it in 2026 (see its docstring): the same households and people, older; incomes
of 2025 about 29 % higher, so about as many fall under a 7,600 line as under 6,000 in
2021; the scenarios above planted afresh against that line (the new misses are
households that slid below it); most 2021 cases eliminated in 2022–2025, a few newly
identified. It too validates clean (none of national-2026's quality rules fires as of
2026-03-31). The writers take the year from ``attrs["year"]``: 年度 and the export
note (资兴市农业农村局, 2026-04-01).

``write_messy_roster`` writes a small export with problems planted at known
cells. ``PLANTED_CODES`` are the issue codes fanpin's validator reports for them:

- ``id_as_number``: 证件号码 stored as a number (two int cells, digits beyond the
  15th lost once Excel touches them), and one pasted as the text Excel displays
  for such a number ("4.32825E+17");
- ``id_checksum``: wrong GB 11643 check digit;
- ``id_birth_date``: impossible birth date (month 13), check digit otherwise right;
- ``id_format``: a 15-character first-generation ID, and an ID with a letter O;
- ``id_duplicate``: one ID on two people of different households (both rows);
- ``household_no_head``: a household without 户主 (its first member row);
- ``household_many_heads``: a household with two 户主 (the second one's row);
- ``size_mismatch``: 家庭人口数 differs from the member count (a one-person household);
- ``not_a_number``: "三千" in a money cell;
- ``negative_amount``: a negative 工资性收入;
- ``income_mismatch``: 人均纯收入(元) far from its components;
- ``not_in_vocabulary``: 劳动技能 "半劳动力" and 与户主关系 "女儿";
- ``bad_yyyymm``: 识别监测时间 "2021-13";
- ``missing_value``: an empty 户编号 (of a one-person household, so that no
  household is left a member short).

and, for the cross-field quality rules of ``QUALITY_PLANTED_CODES`` (national's
``[[quality_rules]]``; ages as of 2021-12-31), one case each, every planted value in the
lists: a second 配偶 (``many_spouses``), a 配偶 of the head's sex, a pupil with a
文化程度, a workplace with 0 months, both medical schemes 是, a healthy adult of
无劳动力, a pupil with months and a workplace (two cells), an 8–12-year-old pupil back
in 学前教育, a child at 高职高专, a 成员联系电话 a digit short, a worker of 丧失劳动力,
and a 性别 against the ID.

Household-level plants sit in one-person households, so each problem is exactly
one cell (only should a seed's pool lack a monitored one-person household does
``bad_yyyymm`` go on every row of a larger one, one manifest entry per row).

The messy roster also holds spellings that must be *accepted*, not reported:
yes/no as "Y", "√", "1" and "N"; full-width digits (a 务工时间(月), a
转移性收入); padding spaces around a 证件号码, a 与户主关系 and a 乡(镇); an
amount stored as text.
"""

from __future__ import annotations

import math
import random
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from fanpin.io.schema import (
    BY_NAME,
    EMPLOYED,
    FIELDS,
    HEAD,
    LABOUR_CAPABLE,
    MEASURE_TYPES,
    MONITORED_TYPE,
    NO,
    RELATIONS,
    RISK_COLUMNS,
    STUDENT_LEVELS,
    YES,
    Kind,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]
CellValue = str | int | float | None

COUNTY = "资兴市"
REGION_CODE = "431081"
# GB/T 2260 codes change with the map: IDs of people born before 1994 carry the code
# their county had then (432825 资兴县 until 1984, 432802 资兴市 1984–1994), which is
# also what stdnum.cn.ric checks.
ZIXING_COUNTY_CODE = "432825"
ZIXING_CITY_1984_CODE = "432802"
# Other Chenzhou districts and counties (code since 1994, code before): spouses and a
# few others come from there.
NEIGHBOUR_REGION_CODES = (
    ("431002", "432801"),  # 北湖区 / 郴州市
    ("431003", "432821"),  # 苏仙区 / 郴县
    ("431021", "432822"),  # 桂阳县
    ("431022", "432824"),  # 宜章县
    ("431023", "432823"),  # 永兴县
    ("431028", "432831"),  # 安仁县
)
INCOME_YEAR = 2021
# Shapes the income distribution only; the rules take the line from a profile.
MONITORING_LINE = 6000.0
EXPORT_SHEET = "监测对象信息"
EXPORT_NOTE = "导出单位：资兴市乡村振兴局    导出时间：2022-01-05    金额单位：元"
ROW_NUMBER_HEADER = "序号"
# The same county five years on (``generate_members(year=2026)``): the same households,
# assessed as of 2026-03-31 after the transition period, their incomes those of 2025.
LATER_YEAR = 2026
LATER_AS_OF = date(2026, 3, 31)
# Shapes the 2026 incomes only: the example workspace's line (no national figure exists).
LATER_LINE = 7600.0
# Rural per-capita income 2021 → 2025 (national: 18,931 → about 24,400 yuan), ≈ +29 %.
INCOME_GROWTH = 1.29
ROSTER_YEARS = (INCOME_YEAR, LATER_YEAR)
# Each roster year's export note and the day its files are dated (the 2023 reform merged
# the 乡村振兴局 into the 农业农村局, who export from then on).
_EXPORTS: dict[int, tuple[str, tuple[int, int, int]]] = {
    INCOME_YEAR: (EXPORT_NOTE, (2022, 1, 5)),
    LATER_YEAR: (
        "导出单位：资兴市农业农村局    导出时间：2026-04-01    金额单位：元",
        (2026, 4, 1),
    ),
}
MAX_HOUSEHOLDS = 200_000  # 户编号 has four digits for the household within a village

# The quality rules' codes (national's [[quality_rules]]) planted in the messy roster too.
QUALITY_PLANTED_CODES = (
    "many_spouses",
    "spouse_same_sex",
    "education_and_schooling",
    "work_place_months_mismatch",
    "two_medical_schemes",
    "labour_implausible",
    "student_working",
    "preschool_too_old",
    "schooling_too_advanced_for_age",
    "phone_format",
    "working_without_labour",
    "sex_mismatch",
)
PLANTED_CODES = (
    "id_as_number",
    "id_checksum",
    "id_birth_date",
    "id_format",
    "id_duplicate",
    "household_no_head",
    "household_many_heads",
    "size_mismatch",
    "not_a_number",
    "negative_amount",
    "income_mismatch",
    "not_in_vocabulary",
    "bad_yyyymm",
    "missing_value",
    *QUALITY_PLANTED_CODES,
)

SCENARIOS = (
    "missed_low_income",
    "missed_sudden_drop",
    "missed_gap",
    "near_line",
    "safety_net_unflagged",
    "zero_transfer",
    "early_elimination",
    "monitored_no_category",
)

# (township, relative size, villages); 户编号 digits 7–9 are 101 + the township's index.
TOWNSHIPS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("唐洞街道", 1.0, ("香花村", "水南村", "杨梅村", "沙田村", "江背村")),
    ("州门镇", 0.9, ("州门村", "东坪村", "桥头村", "上坪村", "车田村")),
    ("兴宁镇", 1.3, ("兴宁村", "碑记村", "龙头村", "石泉村", "黄家村", "瑶岗村")),
    ("三都镇", 1.2, ("三都村", "中田村", "辰冈岭村", "蓼市村", "流塘村")),
    ("蓼江镇", 1.0, ("蓼江村", "秧田村", "烟坪村", "石岩村", "高码村")),
    ("东江街道", 0.8, ("流华湾村", "东江湾村", "小东江村", "狮子口村", "坪石村")),
    ("白廊镇", 0.8, ("白廊村", "银杉村", "龙溪村", "大岭村", "猴古村")),
    ("清江镇", 1.0, ("清江村", "新坪村", "兰市村", "田心村", "枫树村")),
    ("黄草镇", 0.7, ("黄草村", "龙骨村", "乌泥村", "羊场村", "长坪村")),
    ("汤溪镇", 0.6, ("汤溪村", "青腰村", "洞口村", "上洞村", "和平村")),
)

_SURNAME_LIST = (
    "李", "黄", "曹", "陈", "何", "袁", "罗", "刘", "王", "张", "谢", "邓", "肖",
    "唐", "彭", "周", "朱", "胡", "郭", "段", "廖", "欧阳", "钟", "邝",
)  # fmt: skip
_SURNAME_WEIGHTS = (
    12, 9, 8, 8, 7, 7, 6, 6, 6, 5, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 2, 1,
)  # fmt: skip
_MALE_CHARS = "伟建国明军华平勇强林海文志德春光新东辉荣成斌俊杰浩宇鹏涛兵福生贵发元富忠良"
_FEMALE_CHARS = "秀英兰芳玉梅丽红娟霞萍燕桂凤珍琴敏静婷雪慧莲金花艳香群"
_PHONE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184",
    "185", "186", "187", "188", "189",
)  # fmt: skip

_DEVELOPMENT_MEASURES = ("产业奖补", "小额信贷", "公益岗位", "就业补贴", "技能培训")
_MEASURES_FOR_RISK: dict[str, tuple[str, ...]] = {
    "因病": ("医疗保险", "大病救助"),
    "因残": ("医疗保险", "临时救助"),
    "因学": ("雨露计划", "教育资助"),
    "因自然灾害": ("临时救助", "防贫救助金"),
    "因意外事故": ("临时救助", "防贫救助金"),
    "因产业项目失败": ("产业奖补", "防贫救助金"),
    "因务工就业不稳": ("公益岗位", "就业补贴", "技能培训"),
    "缺劳动力": ("临时救助", "医疗保险"),
    "因安全住房": ("危房改造",),
    "因安全饮水": ("饮水工程",),
    "其他": ("临时救助",),
}
_DECLARED_ONLY_RISKS = ("因务工就业不稳", "因产业项目失败", "因自然灾害", "因意外事故", "其他")
# The export's per-type column (schema.MEASURE_TYPES code) each measure name is written in.
_MEASURE_TYPE_OF = {
    "产业奖补": "industry",
    "小额信贷": "finance",
    "公益岗位": "public_job",
    "就业补贴": "employment",
    "技能培训": "employment",
    "医疗保险": "health",
    "大病救助": "health",
    "雨露计划": "education",
    "教育资助": "education",
    "临时救助": "social_security",
    "防贫救助金": "social_security",
    "低保": "social_security",
    "特困供养": "social_security",
    "危房改造": "housing",
    "饮水工程": "water",
}
WEAK_LABOUR = "弱劳动力或半劳动力"
_WORK_PLACES = {
    "省外务工": ("广东省东莞市", "广东省深圳市", "浙江省宁波市", "福建省厦门市", "广东省广州市"),
    "省内县外务工": ("湖南省长沙市", "湖南省郴州市北湖区", "湖南省株洲市"),
    "县内务工": ("资兴市", "资兴市东江街道", "资兴市唐洞街道"),
    "公益岗位": ("本村",),
}

# Relation indices into schema.RELATIONS.
_REL = {name: i for i, name in enumerate(RELATIONS)}
_SURNAME_HEAD, _SURNAME_FAMILY, _SURNAME_OWN = 0, 1, 2

# fanpin's own (tidy) layout, as main wrote it before the real export's columns were
# known: fanpin's headers, coarse values, 务工状况 and a 帮扶措施 text column. These
# columns are merged over both header rows; the rest sit under a group header, a new
# group starting at each of these fields (in FIELDS order).
_VERTICAL_FIELDS = ("county", "township", "village", "household_id")
_GROUP_STARTS = {
    "name": "基本信息",
    "labour_skill": "家庭情况",
    "wage_income": "收入情况（元）",
    RISK_COLUMNS[0]: "风险情况",
    "cadre": "帮扶情况",
}
# Columns only the national export has (the tidy layout tells the same in its own ones).
NATIONAL_ONLY_FIELDS = (
    "sex",
    "household_phone",
    "member_phone",
    "education_level",
    "compulsory_dropout",
    "work_place",
    "working",
    "serious_illness_insurance",
    "pension_insurance",
    *(t.field for t in MEASURE_TYPES),
    "development_measures",
)
_TEXT_FORMAT_FIELDS = ("household_id", "id_number", "cadre_phone")
_NUMBER_AS_TEXT_EVERY = 487  # from data row 101, every 487th 工资性收入 is stored as text


def _tidy_layout() -> tuple[tuple[str, ...], tuple[tuple[str, int, int], ...]]:
    """Tidy field order and the group spans (label, first, last 0-based field index)."""
    order = list(_VERTICAL_FIELDS)
    groups: list[tuple[str, list[str]]] = []
    for f in FIELDS:
        if f.name in _VERTICAL_FIELDS or f.name in NATIONAL_ONLY_FIELDS:
            continue
        if f.name in _GROUP_STARTS or not groups:
            groups.append((_GROUP_STARTS.get(f.name, "基本信息"), []))
        groups[-1][1].append(f.name)
    spans = []
    for label, names in groups:
        spans.append((label, len(order), len(order) + len(names) - 1))
        order.extend(names)
    return tuple(order), tuple(spans)


TIDY_FIELDS, _GROUP_SPANS = _tidy_layout()
TIDY_HEADERS: tuple[str, ...] = (ROW_NUMBER_HEADER, *(BY_NAME[n].header for n in TIDY_FIELDS))
TIDY_FIRST_DATA_ROW = 5


# The national system's export (domain.md §10): two title rows, the header on row 3, its
# own spellings, columns fanpin does not know (kept and ignored), no 务工状况 and no
# 帮扶措施 text but one column per measure type. (header, field or None for a column
# fanpin ignores, file): file is "person" (（自定义）监测对象信息), "household" (（乡村
# 建设）户信息) or "both"; the single-file export has every column.
_NATIONAL: tuple[tuple[str, str | None, str], ...] = (
    (ROW_NUMBER_HEADER, None, "both"),
    ("省", None, "person"),
    ("市", None, "person"),
    ("县", "county", "both"),
    ("乡", "township", "both"),
    ("村", "village", "both"),
    ("户编号", "household_id", "both"),
    ("人口编号", None, "person"),
    ("姓名", "name", "person"),
    ("户主姓名", None, "household"),
    ("性别", "sex", "person"),
    ("证件类型", None, "person"),
    ("证件号码", "id_number", "person"),
    ("民族", None, "person"),
    ("户联系电话", "household_phone", "person"),
    ("成员联系电话", "member_phone", "person"),
    ("与户主关系", "relation", "person"),
    ("家庭人口数", "declared_size", "household"),
    ("户类型", "household_type", "both"),
    ("监测对象类别", "recorded_category", "person"),
    ("识别监测时间", "monitored_since", "person"),
    ("文化程度", "education_level", "person"),
    ("在校生状况", "schooling", "person"),
    ("是否义务教育阶段适龄儿童少年失学辍学", "compulsory_dropout", "person"),
    ("劳动技能", "labour_skill", "person"),
    ("务工时间（月）", "work_months", "person"),
    ("务工所在地", "work_place", "person"),
    ("是否已务工", "working", "person"),
    ("健康状况", "health", "person"),
    ("是否参加大病保险", "serious_illness_insurance", "person"),
    ("是否参加新型农村合作医疗（城乡居民基本医疗保险）", "medical_insurance", "person"),
    ("是否参加城镇职工基本医疗保险", "employee_insurance", "person"),
    ("是否参加城乡居民基本养老保险", "pension_insurance", "person"),
    ("是否享受低保", "dibao", "person"),
    ("是否特困供养人员", "tekun", "person"),
    ("是否危房户", "unsafe_housing", "household"),
    ("是否解决安全饮用水", "safe_water", "household"),
    ("工资性收入", "wage_income", "household"),
    ("生产经营性收入", "business_income", "household"),
    ("财产性收入", "property_income", "household"),
    ("转移性收入", "transfer_income", "household"),
    ("生产经营性支出", "business_expense", "household"),
    ("合规自付支出", "compliant_expense", "household"),
    ("人均纯收入（元）", "reported_per_capita_income", "household"),
    ("上年人均纯收入", "last_year_per_capita_income", "household"),
    *((f"致贫/返贫风险{i}", col, "person") for i, col in enumerate(RISK_COLUMNS, start=1)),
    ("风险是否已消除", "risk_eliminated", "person"),
    ("风险消除方式", "elimination_method", "person"),
    ("消除监测时间", "eliminated_month", "person"),
    ("整户无劳动能力兜底保障户", "safety_net", "household"),
    ("帮扶责任人", "cadre", "person"),
    ("帮扶责任人联系电话", "cadre_phone", "person"),
    ("联系领导", "leader", "person"),
    *(
        (t.header, t.field, "person")
        for t in MEASURE_TYPES
        if t.code
        not in ("compulsory_education", "other_education", "living_conditions", "infrastructure")
    ),
    ("实施开发式帮扶措施情况", "development_measures", "person"),
    ("年度", None, "both"),
)
NATIONAL_HEADERS: tuple[str, ...] = tuple(h for h, _, _ in _NATIONAL)
PERSON_HEADERS: tuple[str, ...] = tuple(h for h, _, f in _NATIONAL if f != "household")
HOUSEHOLD_HEADERS: tuple[str, ...] = tuple(h for h, _, f in _NATIONAL if f != "person")
NATIONAL_HEADER_OF: dict[str, str] = {name: h for h, name, _ in _NATIONAL if name}
FIRST_DATA_ROW = 4
EXPORT_HEADERS = NATIONAL_HEADERS
PERSON_SHEET, HOUSEHOLD_SHEET = "监测对象信息", "户信息"
_NATIONAL_TEXT = (
    "户编号",
    "人口编号",
    "证件号码",
    "户联系电话",
    "成员联系电话",
    "帮扶责任人联系电话",
)


@dataclass(frozen=True)
class Planted:
    """One problem planted in the messy roster: where it is and what it is.

    ``row`` is the 1-based Excel row (title and header rows counted), ``column``
    the header text as written in row 4 (row 3 for the vertically merged columns),
    ``value`` the cell's planted content.
    """

    code: str
    row: int
    column: str
    note: str
    value: CellValue = None


def generate_members(
    households: int = 2000, seed: int = 431081, *, year: int = INCOME_YEAR
) -> pd.DataFrame:
    """A synthetic county roster, one row per person, columns = schema field names.

    Deterministic in ``seed``. ``attrs["scenarios"]`` maps each audit scenario of the
    module docstring to the 户编号 of the households planted for it; ``attrs["year"]``
    is the roster year. 100,000 households (about 310,000 people) take a few seconds.

    ``year=2026`` gives the same county five years on, as the system exports it in
    2026 (assessed as of ``LATER_AS_OF``, incomes of 2025): the same households and
    people (户编号, 姓名, 证件号码), four to five years older, so schooling, labour and
    work follow their ages; incomes grown by about ``INCOME_GROWTH`` with a spread, so
    about as many households fall under the 7,600 line as fell under 6,000 in 2021,
    and the audit scenarios planted afresh (the households that slid below the line are
    the new ``missed_*`` cases). Most households monitored since 2021 are eliminated
    (风险是否已消除 = 是) in 2022–2025; those without labour stay monitored; a few are
    newly identified in 2025-03 … 2026-02. ``attrs["identified_later"]`` lists these.
    """
    if not 1 <= households <= MAX_HOUSEHOLDS:
        raise ValueError(f"households must be between 1 and {MAX_HOUSEHOLDS}, got {households}")
    if year not in ROSTER_YEARS:
        known = ", ".join(str(y) for y in ROSTER_YEARS)
        raise ValueError(f"no example roster for {year}: the example years are {known}")
    first = _Generator(households, seed).run()
    if year == INCOME_YEAR:
        return first
    return _Generator(households, seed, earlier=first).run()


class _Generator:
    """Builds the roster in stages; arrays are per household (h_*) or per member (m_*)."""

    def __init__(self, households: int, seed: int, earlier: pd.DataFrame | None = None) -> None:
        self.n = households
        # ``earlier``: the 2021 roster of the same seed, whose people this one ages.
        self.earlier = earlier
        self.year = INCOME_YEAR if earlier is None else LATER_YEAR
        self.line = MONITORING_LINE if earlier is None else LATER_LINE
        # The 2026 roster's own draws (new cases, income growth) on a stream of their own.
        self.later = np.random.default_rng([seed, LATER_YEAR])
        self.rng = np.random.default_rng(seed)
        self.py_rng = random.Random(seed)
        # The real export's value mix (relations, grades, weak labour …) draws from a
        # stream of its own, so the county's households and incomes do not depend on it.
        self.mix = np.random.default_rng([seed, 14])
        # Phones (户联系电话, 成员联系电话) draw from one more stream of their own.
        self.contact = np.random.default_rng([seed, 21])
        self.scenario = np.full(households, "", dtype=object)

    def run(self) -> pd.DataFrame:
        self._households()
        self._compose()
        self._relabel_relations()
        if self.earlier is not None:
            self._age_to(LATER_AS_OF)
        self._monitoring()
        self._member_facts()
        self._elimination()
        self._plant_scenarios()
        self._sudden_illness()
        self._set_labour()
        self._recheck_labour()
        self._outstanding_gaps()
        self._social_security()
        self._risks()
        self._incomes()
        self._assistance()
        self._real_mix()
        return self._frame()

    # -- households -------------------------------------------------------------------

    def _households(self) -> None:
        rng, n = self.rng, self.n
        self.h_size = rng.choice(
            np.arange(1, 8), size=n, p=[0.16, 0.25, 0.22, 0.18, 0.11, 0.06, 0.02]
        )
        villages = [(t, v) for t, (_, _, vs) in enumerate(TOWNSHIPS) for v in range(len(vs))]
        weights = np.array([TOWNSHIPS[t][1] * (0.7 + 0.1 * (v % 4)) for t, v in villages])
        pick = np.sort(rng.choice(len(villages), size=n, p=weights / weights.sum()))
        self.h_township = np.array([villages[i][0] for i in pick], dtype=np.int64)
        self.h_village = np.array([villages[i][1] for i in pick], dtype=np.int64)
        seq = pd.Series(pick).groupby(pick).cumcount().to_numpy() + 1
        self.h_id = np.array(
            [
                f"{REGION_CODE}{101 + t}{v + 1:03d}{s:04d}"
                for t, v, s in zip(self.h_township, self.h_village, seq, strict=True)
            ],
            dtype=object,
        )
        self.h_escaped = rng.random(n) < 0.10
        single = self.h_size == 1
        old_single = single & (rng.random(n) < 0.65)
        age = np.clip(rng.normal(52, 11, n), 24, 86)
        age = np.where(old_single, rng.uniform(60, 90, n), age)
        age = np.where(single & ~old_single, rng.uniform(35, 66, n), age)
        self.h_head_age = age.astype(np.int64)
        self.h_head_male = np.where(old_single, rng.random(n) < 0.55, rng.random(n) < 0.88)

    def _compose(self) -> None:
        """Relations, birth years and sexes of every member, 户主 first."""
        r = self.py_rng
        hh: list[int] = []
        rel: list[int] = []
        born: list[int] = []
        male: list[int] = []
        surname: list[int] = []
        for h in range(self.n):
            for relation, year, is_male, kind in _household_members(
                int(self.h_size[h]), int(self.h_head_age[h]), bool(self.h_head_male[h]), r
            ):
                hh.append(h)
                rel.append(relation)
                born.append(year)
                male.append(is_male)
                surname.append(kind)
        self.m_hh = np.array(hh, dtype=np.int64)
        self.m_rel = np.array(rel, dtype=np.int64)
        self.m_born = np.array(born, dtype=np.int64)
        self.m_male = np.array(male, dtype=bool)
        self.m_surname_kind = np.array(surname, dtype=np.int64)
        self.m_age = INCOME_YEAR - self.m_born
        self.m = len(hh)
        self.h_first = np.searchsorted(self.m_hh, np.arange(self.n))

    def _relabel_relations(self) -> None:
        """The national list's other relations, drawn on the mix stream.

        A young head's parents may be grandparents (born 25 years earlier), a head's
        parents may be the spouse's (岳父/岳母, 公公/婆婆), a lone father an uncle;
        grandchildren through a daughter are 外孙, much younger ones 曾孙; a spouseless
        head's children may be nephews and nieces; siblings may be a brother's wife or
        someone else (其他). Sexes stay as drawn.
        """
        mix, hh, rel = self.mix, self.m_hh, self.m_rel
        n_rel = {name: _REL[name] for name in RELATIONS}
        per_household = mix.random((4, self.n))
        u = mix.random(self.m)
        head_male = self.h_head_male[hh]
        head_age = self.h_head_age[hh]
        head_born = INCOME_YEAR - head_age

        def members_with(*names: str) -> BoolArray:
            return np.isin(rel, [n_rel[name] for name in names])

        def in_household(flag: BoolArray) -> BoolArray:
            return self._h_any(flag)[hh]

        father, mother = rel == n_rel["之父"], rel == n_rel["之母"]
        grand = (head_age <= 30) & (per_household[0][hh] < 0.5)
        maternal = per_household[1][hh] < 0.3
        new = rel.copy()
        older = grand & (father | mother)
        new[grand & father] = np.where(maternal, n_rel["之外祖父"], n_rel["之祖父"])[grand & father]
        new[grand & mother] = np.where(maternal, n_rel["之外祖母"], n_rel["之祖母"])[grand & mother]
        self.m_born = np.where(older, np.maximum(self.m_born - 25, 1925), self.m_born)
        in_law = ~grand & (per_household[2][hh] < 0.25)
        new[in_law & father] = np.where(head_male, n_rel["之岳父"], n_rel["之公公"])[
            in_law & father
        ]
        new[in_law & mother] = np.where(head_male, n_rel["之岳母"], n_rel["之婆婆"])[
            in_law & mother
        ]
        lone_father = father & ~in_household(mother) & ~grand & ~in_law
        new[lone_father & (per_household[3][hh] < 0.3)] = n_rel["之叔伯"]
        grandchild = members_with("之孙子", "之孙女")
        through_daughter = in_household(rel == n_rel["之女婿"])
        boy = self.m_male
        outer = grandchild & through_daughter
        new[outer] = np.where(boy, n_rel["之外孙子"], n_rel["之外孙女"])[outer]
        great = grandchild & (self.m_born - head_born >= 58)
        new[great] = np.where(boy, n_rel["之曾孙子"], n_rel["之曾孙女"])[great]
        no_spouse = ~in_household(rel == n_rel["配偶"])
        nephews = members_with("之子", "之女") & no_spouse & (per_household[3][hh] > 0.85)
        new[nephews] = np.where(boy, n_rel["之侄儿"], n_rel["之侄女"])[nephews]
        sibling = rel == n_rel["之兄弟姐妹"]
        new[sibling & ~boy & (u < 0.4)] = n_rel["之兄弟媳妇"]
        new[sibling & boy & (u < 0.15)] = n_rel["其他"]
        changed = new != rel
        outsiders = np.isin(new, [n_rel[r] for r in ("之岳父", "之岳母", "之公公", "之婆婆")])
        self.m_surname_kind = np.where(
            outsiders | (new == n_rel["之兄弟媳妇"]), _SURNAME_OWN, self.m_surname_kind
        )
        self.m_rel = np.where(changed, new, rel)
        self.m_age = INCOME_YEAR - self.m_born

    def _h_any(self, member_flag: BoolArray) -> BoolArray:
        return np.bincount(self.m_hh, weights=member_flag, minlength=self.n) > 0

    def _h_count(self, member_flag: BoolArray) -> IntArray:
        return np.bincount(self.m_hh, weights=member_flag, minlength=self.n).astype(np.int64)

    def _monitoring(self) -> None:
        rng, n = self.rng, self.n
        dependants_only = ~self._h_any((self.m_age >= 18) & (self.m_age < 60))
        bump = np.where(dependants_only, 2.5, 1.0)
        u = rng.random(n)
        unstable = self.h_escaped & (u < 0.12 * bump)
        marginal = ~self.h_escaped & (u < 0.012 * bump)
        sudden_p = np.where(self.h_escaped, 0.02, 0.008)
        sudden = ~unstable & ~marginal & (rng.random(n) < sudden_p)
        self.h_category = np.full(n, "", dtype=object)
        self.h_category[unstable] = "脱贫不稳定户"
        self.h_category[marginal] = "边缘易致贫户"
        self.h_category[sudden] = "突发严重困难户"
        self.h_monitored = self.h_category != ""
        # Month of 2021: most were identified in the spring campaign. Months count from
        # January 2021 (1), so 13 is 2022-01 (``_yyyymm``).
        self.h_since = rng.choice(np.arange(3, 13), size=n, p=_SINCE_MONTH_P)
        self.h_new = np.zeros(n, dtype=bool)
        if self.earlier is not None:
            self._identify_later()

    def _age_to(self, as_of: date) -> None:
        """Ages as of ``as_of`` from the birth dates of the earlier roster's IDs."""
        assert self.earlier is not None
        ids = self.earlier["id_number"].astype(str)
        if len(ids) != self.m:
            raise AssertionError("the later roster must hold the earlier roster's people")
        born = ids.str[6:10].astype(int).to_numpy()
        month_day = ids.str[10:14].astype(int).to_numpy()
        before = month_day > as_of.month * 100 + as_of.day
        self.m_age = (as_of.year - born - before).astype(np.int64)

    def _identify_later(self) -> None:
        """A few households newly identified in 2025-03 … 2026-02 (the later stream)."""
        later, n = self.later, self.n
        fresh = ~self.h_monitored & (later.random(n) < 0.006)
        kind = later.random(n)
        category = np.where(
            self.h_escaped,
            np.where(kind < 0.6, "脱贫不稳定户", "突发严重困难户"),
            np.where(kind < 0.45, "边缘易致贫户", "突发严重困难户"),
        )
        self.h_category[fresh] = category[fresh]
        self.h_monitored = self.h_category != ""
        first = (2025 - INCOME_YEAR) * 12 + 3
        self.h_since[fresh] = later.integers(first, first + 12, size=n)[fresh]
        self.h_new = fresh

    def _member_facts(self) -> None:
        rng, m = self.rng, self.m
        age = self.m_age
        mon = self.h_monitored[self.m_hh]
        esc = self.h_escaped[self.m_hh]
        scale = np.where(mon, 3.0, np.where(esc, 1.8, 1.0))
        chronic_p = np.select([age < 16, age < 60], [0.005, 0.03], 0.14) * scale
        serious_p = np.select([age < 16, age < 60], [0.002, 0.007], 0.018) * scale
        disabled_p = np.select([age < 16, age < 60], [0.004, 0.014], 0.03) * scale
        u = rng.random(m)
        health = np.full(m, "健康", dtype=object)
        health[u < chronic_p + serious_p + disabled_p] = "长期慢性病"
        health[u < serious_p + disabled_p] = "残疾"
        health[u < serious_p] = "患有大病"
        self.m_health = health

        u = rng.random(m)
        school = np.full(m, "非在校生", dtype=object)
        school[(age >= 3) & (age <= 5) & (u < 0.85)] = "学前教育"
        school[age == 6] = np.where(u[age == 6] < 0.3, "学前教育", "小学")
        school[(age >= 7) & (age <= 12)] = "小学"
        school[(age >= 13) & (age <= 14)] = "初中"
        school[age == 15] = np.where(u[age == 15] < 0.5, "初中", "高中")
        teen = (age >= 16) & (age <= 18)
        school[teen] = np.select([u[teen] < 0.55, u[teen] < 0.8], ["高中", "中职"], "非在校生")
        young = (age >= 19) & (age <= 22)
        school[young] = np.select(
            [u[young] < 0.1, u[young] < 0.22, u[young] < 0.4],
            ["高职", "大专", "本科及以上"],
            "非在校生",
        )
        self.m_school = school
        self._labour_u = rng.random(m)
        self._set_labour()

        u = rng.random(m)
        able = np.isin(self.m_labour, LABOUR_CAPABLE)
        older = age >= 60
        helped = mon | esc
        employment = np.full(m, None, dtype=object)
        cuts_normal = (
            [0.30, 0.48, 0.75, 0.78],
            ["省外务工", "省内县外务工", "县内务工", "公益岗位"],
        )
        cuts_helped = ([0.22, 0.37, 0.65, 0.77], cuts_normal[1])
        cuts_older = ([0.0, 0.0, 0.30, 0.45], cuts_normal[1])
        for mask, (cuts, labels) in (
            (able & ~older & ~helped, cuts_normal),
            (able & ~older & helped, cuts_helped),
            (able & older, cuts_older),
        ):
            uu = u[mask]
            employment[mask] = np.select([uu < c for c in cuts], labels, "未务工")
        self.m_employment = employment
        months = rng.choice(np.arange(3, 13), size=m, p=_WORK_MONTH_P)
        months = np.where(employment == "公益岗位", 12, months)
        self.m_work_months = np.where(employment == "未务工", 0, months)
        self.m_work_months = np.where(able, self.m_work_months, -1)  # -1: not applicable
        self.m_insured = np.ones(m, dtype=bool)

    def _set_labour(self) -> None:
        """劳动技能 from age, schooling and health (called again after health changes)."""
        m, age = self.m, self.m_age
        u = self._labour_u
        labour = np.full(m, "无劳动力", dtype=object)
        adult = (age >= 16) & (age < 60) & (self.m_school == "非在校生")
        frail = np.isin(self.m_health, ("患有大病", "残疾"))
        labour[adult] = np.select(
            [u[adult] < 0.3, u[adult] < 0.98], ["技能劳动力", "普通劳动力"], "丧失劳动力"
        )
        labour[adult & frail] = np.where(u[adult & frail] < 0.6, "丧失劳动力", "普通劳动力")
        sixties = (age >= 60) & (age < 70)
        labour[sixties] = np.select(
            [u[sixties] < 0.45, u[sixties] < 0.92], ["普通劳动力", "无劳动力"], "丧失劳动力"
        )
        labour[sixties & frail] = "丧失劳动力"
        old = age >= 70
        labour[old] = np.select(
            [u[old] < 0.05, u[old] < 0.9], ["普通劳动力", "无劳动力"], "丧失劳动力"
        )
        self.m_labour = labour

    def _elimination(self) -> None:
        rng, n = self.rng, self.n
        has_labour = self._h_any(np.isin(self.m_labour, LABOUR_CAPABLE))
        self.h_has_labour = has_labour
        if self.earlier is not None:
            self._eliminate_later(has_labour)
            return
        eligible = self.h_monitored & has_labour & (self.h_since <= 6)
        self.h_eliminated = eligible & (rng.random(n) < 0.8)
        self.h_elim_month = np.zeros(n, dtype=np.int64)
        span = 12 - self.h_since - 6  # at least six months later, within 2021
        self.h_elim_month[self.h_eliminated] = (
            self.h_since + 6 + np.floor(rng.random(n) * (span + 1)).astype(np.int64)
        )[self.h_eliminated]
        self.h_elim_natural = self.h_eliminated & (rng.random(n) < 0.12)

    def _eliminate_later(self, has_labour: BoolArray) -> None:
        """By 2026 most households monitored since 2021 with labour are eliminated, in
        2022–2025 and at least six months after identification; those without labour
        stay monitored (兜底), as do the newly identified."""
        rng, n = self.rng, self.n
        eligible = self.h_monitored & ~self.h_new & has_labour
        self.h_eliminated = eligible & (rng.random(n) < 0.85)
        first = np.maximum(self.h_since + 6, 13)  # 2022-01 at the earliest
        last = (2025 - INCOME_YEAR + 1) * 12  # 2025-12
        month = first + np.floor(rng.random(n) * (last - first + 1)).astype(np.int64)
        self.h_elim_month = np.where(self.h_eliminated, month, 0).astype(np.int64)
        self.h_elim_natural = self.h_eliminated & (rng.random(n) < 0.12)

    def _plant_scenarios(self) -> None:
        """Choose the audit-finding households of the module docstring (disjoint)."""
        rng, n = self.rng, self.n
        free = ~self.h_monitored

        def take(count: int, candidates: BoolArray) -> IntArray:
            idx = np.flatnonzero(candidates & free & (self.scenario == ""))
            chosen = np.sort(rng.permutation(idx)[:count]) if len(idx) else idx
            return chosen.astype(np.int64)

        def quota(rate: float, minimum: int) -> int:
            return max(minimum, round(rate * n))

        for name, rate, minimum, cand in (
            ("missed_low_income", 0.005, 2, np.ones(n, dtype=bool)),
            ("missed_sudden_drop", 0.003, 2, np.ones(n, dtype=bool)),
            ("missed_gap", 0.004, 2, np.ones(n, dtype=bool)),
            ("near_line", 0.015, 3, np.ones(n, dtype=bool)),
        ):
            self.scenario[take(quota(rate, minimum), cand)] = name

        no_labour = ~self.h_has_labour
        unflagged = take(max(2, round(0.03 * int((no_labour & free).sum()))), no_labour)
        self.scenario[unflagged] = "safety_net_unflagged"

        # A member of a missed-sudden-drop household falls seriously ill.
        for h in np.flatnonzero(self.scenario == "missed_sudden_drop"):
            members = self._members_of(h)
            adults = members[self.m_age[members] >= 18]
            self.m_health[adults[rng.integers(len(adults))]] = "患有大病"

        early = np.flatnonzero(self.h_eliminated & ~self.h_elim_natural & (self.h_since <= 10))
        if len(early):
            hurried = int(early[rng.integers(len(early))])
            self.scenario[hurried] = "early_elimination"
            self.h_elim_month[hurried] = int(self.h_since[hurried]) + 1 + int(rng.integers(2))

    def _sudden_illness(self) -> None:
        """A 突发严重困难户 has a seriously ill member (most) or a declared accident."""
        rng = self.rng
        self.h_accident: set[int] = set()
        for h in np.flatnonzero(self.h_category == "突发严重困难户"):
            members = self._members_of(h)
            if set(self.m_health[members]) & {"患有大病", "长期慢性病"}:
                continue
            adults = members[self.m_age[members] >= 18]
            if len(adults) and rng.random() < 0.6:
                self.m_health[adults[rng.integers(len(adults))]] = "患有大病"
            else:
                self.h_accident.add(int(h))

    def _recheck_labour(self) -> None:
        """Keep employment and labour-related households consistent after health changes."""
        able = np.isin(self.m_labour, LABOUR_CAPABLE)
        self.m_employment[~able] = None
        self.m_work_months[~able] = -1
        lost = able & (self.m_work_months < 0)
        self.m_employment[lost] = "未务工"
        self.m_work_months[lost] = 0
        has_labour = self._h_any(able)
        # Elimination and the unflagged-safety-net plant both depend on labour capacity.
        self.h_eliminated &= has_labour
        self.h_elim_month[~self.h_eliminated] = 0
        self.h_elim_natural &= self.h_eliminated
        self.scenario[(self.scenario == "early_elimination") & ~self.h_eliminated] = ""
        self.scenario[(self.scenario == "safety_net_unflagged") & has_labour] = ""
        self.h_has_labour = has_labour

    def _members_of(self, h: int | np.integer) -> IntArray:
        start = int(self.h_first[h])
        return np.arange(start, start + int(self.h_size[h]), dtype=np.int64)

    def _outstanding_gaps(self) -> None:
        """Dropouts, uninsured members, 危房 and unsafe water: monitored or missed_gap only."""
        rng, n = self.rng, self.n
        self.h_unsafe_housing = np.zeros(n, dtype=bool)
        self.h_unsafe_water = np.zeros(n, dtype=bool)
        self._school_age = (self.m_age >= 9) & (self.m_age <= 14)
        has_kids = self._h_any(self._school_age)
        # missed_gap households take the four kinds of gap in turn
        kinds = ("dropout", "insurance", "housing", "water")
        for k, h in enumerate(np.flatnonzero(self.scenario == "missed_gap")):
            kind = kinds[k % len(kinds)]
            self._add_gap(h, "insurance" if kind == "dropout" and not has_kids[h] else kind)
        active = self.h_monitored & ~self.h_eliminated
        with_kids = np.flatnonzero(active & has_kids)
        for h in rng.permutation(with_kids)[: max(2, round(0.0015 * n))]:
            self._add_gap(h, "dropout")
        for h in np.flatnonzero(active):
            for kind, p in (("insurance", 0.06), ("housing", 0.12), ("water", 0.08)):
                if rng.random() < p:
                    self._add_gap(h, kind)

    def _add_gap(self, h: int | np.integer, kind: str) -> None:
        members = self._members_of(h)
        if kind == "dropout":
            kids = members[self._school_age[members]]
            self.m_school[kids[self.rng.integers(len(kids))]] = "失学辍学"
        elif kind == "insurance":
            adults = members[self.m_age[members] >= 16]
            self.m_insured[adults[self.rng.integers(len(adults))]] = False
        elif kind == "housing":
            self.h_unsafe_housing[h] = True
        else:
            self.h_unsafe_water[h] = True

    def _social_security(self) -> None:
        rng, n = self.rng, self.n
        single_old = (self.h_size == 1) & (self.h_head_age >= 60) & ~self.h_has_labour
        self.h_tekun = single_old & (rng.random(n) < np.where(self.h_monitored, 0.4, 0.12))
        dibao_p = np.where(self.h_monitored, 0.35, np.where(self.h_escaped, 0.12, 0.015))
        dibao_p = np.where(~self.h_has_labour, np.minimum(dibao_p * 2.5, 0.6), dibao_p)
        dibao_p = np.where(self.h_monitored & ~self.h_has_labour, 0.85, dibao_p)
        self.h_dibao = ~self.h_tekun & (rng.random(n) < dibao_p)
        # Scenario households keep their income shape: no 低保 / 特困 there.
        planted = np.isin(self.scenario, ("missed_low_income", "near_line", "missed_sudden_drop"))
        self.h_dibao &= ~planted
        self.h_tekun &= ~planted
        # 分类施保: in one household in five only the old, ill or disabled members get 低保.
        partial = rng.random(n) < 0.2
        m_dibao = self.h_dibao[self.m_hh].copy()
        needy = (self.m_age >= 60) | (self.m_health != "健康") | (self.m_age < 16)
        m_partial = partial[self.m_hh] & ~needy
        m_dibao[m_partial] = False
        # every 低保 household keeps at least its head on 低保
        m_dibao[self.h_first[self.h_dibao]] = True
        self.m_dibao = m_dibao
        self.m_tekun = self.h_tekun[self.m_hh]
        self.h_safety_net = ~self.h_has_labour & (self.scenario != "safety_net_unflagged")

    def _risks(self) -> None:
        """致贫返贫风险 of monitored households, consistent with their members."""
        rng = self.rng
        self.h_risks: dict[int, list[str]] = {}
        for h in np.flatnonzero(self.h_monitored):
            members = self._members_of(h)
            health = set(self.m_health[members])
            facts: list[str] = []
            if self.h_unsafe_housing[h]:
                facts.append("因安全住房")
            if self.h_unsafe_water[h]:
                facts.append("因安全饮水")
            if (self.m_school[members] == "失学辍学").any():
                facts.append("因学")
            if health & {"患有大病", "长期慢性病"} or not self.m_insured[members].all():
                facts.append("因病")
            if int(h) in self.h_accident:
                facts.append("因意外事故")
            if "残疾" in health:
                facts.append("因残")
            if not self.h_has_labour[h]:
                facts.append("缺劳动力")
            self.h_risks[int(h)] = _declared_risks(rng, facts)

    # -- money ------------------------------------------------------------------------

    def _incomes(self) -> None:
        rng, n = self.rng, self.n
        size = self.h_size.astype(np.float64)
        line = MONITORING_LINE
        active = self.h_monitored & ~self.h_eliminated
        sudden = active & (self.h_category == "突发严重困难户")
        sc = self.scenario
        # Above-line households: the more of the household can work, the higher the income.
        able_share = self._h_count(np.isin(self.m_labour, LABOUR_CAPABLE)) / size
        median_extra = np.where(self.h_escaped, 2000 + 5000 * able_share, 3000 + 10000 * able_share)
        pc = 7300 + median_extra * rng.lognormal(0.0, 0.5, n)
        pc = np.where(active, rng.uniform(4800, 8000, n), pc)
        pc = np.where(sudden, rng.uniform(6500, 11000, n), pc)
        pc = np.where(self.h_eliminated, rng.uniform(6800, 9500, n), pc)
        pc = np.where(sc == "missed_low_income", rng.uniform(3800, 5900, n), pc)
        pc = np.where(sc == "missed_sudden_drop", rng.uniform(6500, 12000, n), pc)
        pc = np.where(sc == "near_line", rng.uniform(6050, 7150, n), pc)

        # 转移性收入: 低保, 特困供养, basic pension, disability allowance, eco-compensation.
        m = self.m
        per_member = (
            np.where(self.m_dibao, rng.uniform(3600, 4800, m), 0.0)
            + np.where(self.m_tekun, rng.uniform(6000, 7200, m), 0.0)
            + np.where(self.m_age >= 60, rng.uniform(1320, 1800, m), 0.0)
            + np.where(self.m_health == "残疾", 840.0, 0.0)
        )
        transfer = np.bincount(self.m_hh, weights=per_member, minlength=n)
        transfer += np.where(rng.random(n) < 0.5, rng.uniform(80, 600, n), 0.0)
        transfer = np.round(transfer)
        quiet = np.isin(sc, ("missed_low_income", "near_line"))
        prop = np.where(rng.random(n) < 0.4, rng.uniform(100, 3000, n), 0.0)
        prop = np.where(rng.random(n) < 0.25, np.round(prop, 2), np.round(prop))
        prop = np.where(quiet | active, 0.0, prop)

        rest = pc * size - transfer - prop
        rest = np.maximum(rest, rng.uniform(300, 900, n) * size)
        employed = self._h_count(
            np.isin(self.m_employment, ("省外务工", "省内县外务工", "县内务工", "公益岗位"))
        )
        wage_share = np.where(employed > 0, rng.uniform(0.6, 0.95, n), 0.0)
        expense_rate = rng.uniform(0.15, 0.4, n)
        rest = np.round(rest)
        wage = np.round(rest * wage_share)
        business = np.round((rest - wage) / (1 - expense_rate))
        # 生产经营性支出 absorbs the rounding: wage + business − expense = rest exactly.
        expense = np.maximum(business - (rest - wage), 0.0)

        zero = np.flatnonzero((self.h_dibao | self.h_tekun) & ~self.h_monitored & (sc == ""))
        for h in np.sort(rng.permutation(zero)[:2]):
            sc[h] = "zero_transfer"
            business[h] += transfer[h]
            transfer[h] = 0.0

        net = wage + business + prop + transfer - expense
        self.h_wage, self.h_business, self.h_property = wage, business, prop
        self.h_transfer, self.h_expense = transfer, expense
        self.h_pc = np.round(net / size, 2)

        # 合规自付支出: out-of-pocket medical cost, large for 患有大病.
        per_member_cost = np.where(
            self.m_health == "长期慢性病", rng.uniform(500, 3000, m), 0.0
        ) + np.where(self.m_health == "患有大病", rng.uniform(8000, 40000, m), 0.0)
        cost = np.bincount(self.m_hh, weights=per_member_cost, minlength=n)
        cost += np.where(rng.random(n) < 0.6, rng.uniform(0, 800, n), 0.0)
        ill = self._h_any(self.m_health == "患有大病")
        big = (sudden | (sc == "missed_sudden_drop")) & ill
        cost = np.where(big, rng.uniform(20000, 60000, n) + cost, cost)
        # Outside the planted cases, adjusted income stays above the line.
        free = ~(active | np.isin(sc, ("missed_low_income", "missed_sudden_drop")))
        cap = np.maximum(net - (line + 300) * size, 0.0)
        cost = np.where(free, np.minimum(cost, cap), cost)
        self.h_compliant = np.round(cost)

        growth = rng.uniform(1.03, 1.18, n)
        dipping = ~self.h_escaped & ~self.h_monitored & (rng.random(n) < 0.12)
        growth = np.where(dipping, rng.uniform(1.0 / 1.4, 1.0, n), growth)
        growth = np.where(active, rng.uniform(1.02, 1.15, n), growth)
        dropped = (sc == "missed_sudden_drop") | (sudden & (rng.random(n) < 0.7))
        growth = np.where(dropped, rng.uniform(0.3, 0.48, n), growth)
        last = self.h_pc / growth
        last = np.where(self.h_eliminated, np.maximum(last, line + rng.uniform(100, 900, n)), last)
        self.h_last_pc = np.round(last, 2)
        if self.earlier is not None:
            self._grow_incomes()

    def _grow_incomes(self) -> None:
        """Incomes of 2025: each household's 2021-shaped amounts times its own growth.

        Growth is about ``INCOME_GROWTH`` with a spread, never below the lines' ratio
        (7,600 / 6,000), so what stood above the 2021 line stands above the 2026 one;
        the planted cases and the households still monitored grow by exactly that
        ratio, so they keep their place against the line. 合规自付支出 (medical cost)
        does not grow: adjusted income stays above the line wherever it was.
        """
        later, n = self.later, self.n
        ratio = LATER_LINE / MONITORING_LINE
        growth = np.maximum(ratio, INCOME_GROWTH * later.lognormal(0.0, 0.06, n))
        kept = (self.scenario != "") | (self.h_monitored & ~self.h_eliminated)
        growth = np.where(kept, ratio, growth)
        self.h_wage = np.round(self.h_wage * growth)
        self.h_business = np.round(self.h_business * growth)
        cents = self.h_property != np.round(self.h_property)
        self.h_property = np.where(
            cents, np.round(self.h_property * growth, 2), np.round(self.h_property * growth)
        )
        self.h_transfer = np.round(self.h_transfer * growth)
        self.h_expense = np.round(self.h_expense * growth)
        net = self.h_wage + self.h_business + self.h_property + self.h_transfer - self.h_expense
        self.h_pc = np.round(net / self.h_size, 2)
        self.h_last_pc = np.round(self.h_last_pc * growth, 2)

    # -- assistance ---------------------------------------------------------------------

    def _assistance(self) -> None:
        rng, n = self.rng, self.n
        helped = np.flatnonzero(self.h_monitored | self.h_escaped)
        pool_size = max(3, len(helped) // 5)
        cadre_names = _names(rng, pool_size, rng.random(pool_size) < 0.7)
        cadre_phones = _phones(rng, pool_size)
        leader_names = _names(rng, 49, rng.random(49) < 0.8)
        self.h_cadre = np.full(n, None, dtype=object)
        self.h_phone = np.full(n, None, dtype=object)
        self.h_leader = np.full(n, None, dtype=object)
        self.h_measures = np.full(n, None, dtype=object)
        assigned = rng.integers(pool_size, size=len(helped))
        self.h_cadre[helped] = cadre_names[assigned]
        self.h_phone[helped] = cadre_phones[assigned]
        key = self.h_monitored & ~self.h_eliminated & (rng.random(n) < 0.45)
        self.h_leader[key] = np.array(leader_names, dtype=object)[rng.integers(49, size=n)][key]
        for h in helped:
            self.h_measures[h] = self._measures(int(h))

    def _measures(self, h: int) -> str:
        if not self.h_monitored[h]:
            return _helped_measures(self.rng)
        social = ["低保"] if self.h_dibao[h] else ["特困供养"] if self.h_tekun[h] else []
        return _monitored_measures(self.rng, self.h_risks[h], bool(self.h_has_labour[h]), social)

    # -- the real export's value mix ----------------------------------------------------

    def _real_mix(self) -> None:
        """Values as the national export has them, on the mix stream, meaning unchanged
        except where a rule of domain.md §9 is shown on purpose (each noted below)."""
        mix, m, hh = self.mix, self.m, self.m_hh
        age = self.m_age
        # 弱劳动力或半劳动力 for half of the older or frail 普通劳动力: labour all the same.
        frail = (age >= 60) | np.isin(self.m_health, ("患有大病", "残疾"))
        weak = (self.m_labour == "普通劳动力") & frail & (mix.random(m) < 0.5)
        self.m_labour = np.where(weak, WEAK_LABOUR, self.m_labour).astype(object)
        # Combined 健康状况, in either order, where no department list is planted: members
        # of eliminated and missed_sudden_drop households (each part counts).
        combined_scope = (self.h_eliminated | (self.scenario == "missed_sudden_drop"))[hh]
        u, flip = mix.random(m), mix.random(m) < 0.5
        disabled = combined_scope & (self.m_health == "残疾") & (u < 0.6)
        serious = combined_scope & (self.m_health == "患有大病") & (u < 0.6)
        health = self.m_health.astype(object)
        health[disabled] = np.where(flip, "残疾,长期慢性病", "长期慢性病,残疾")[disabled]
        health[serious] = np.where(flip, "患有大病,残疾", "残疾，患有大病")[serious]
        self.m_health_written = health
        # Insured through the employee scheme instead (城乡居民 否, 城镇职工 是): steady
        # workers of plain households. Still insured: no missed_gap.
        plain = (~self.h_monitored & (self.scenario == ""))[hh]
        steady = np.isin(self.m_employment, ("县内务工", "省内县外务工")) & (
            self.m_work_months == 12
        )
        self.m_employee_insured = plain & steady & self.m_insured & (mix.random(m) < 0.2)
        self._grades()
        self._education_levels()
        places = np.full(m, None, dtype=object)
        pick = mix.random(m)
        for kind, options in _WORK_PLACES.items():
            chosen = self.m_employment == kind
            index = np.floor(pick * len(options)).astype(np.int64)
            places[chosen] = np.array(options, dtype=object)[index][chosen]
        self.m_work_place = places
        # 户类型 监测户 for half of the monitored 一般农户; two active monitored households
        # below the line lose their 监测对象类别 (one 监测户, one told by 识别监测时间 with
        # 风险是否已消除 = 否): monitored all the same, never proposed as a new case.
        ordinary = self.h_monitored & ~self.h_escaped
        self.h_type_monitored = ordinary & (mix.random(self.n) < 0.5)
        below = self.h_pc < self.line
        active = ordinary & ~self.h_eliminated & below & (self.scenario == "")
        chosen = np.sort(mix.permutation(np.flatnonzero(active))[:2])
        self.scenario[chosen] = "monitored_no_category"
        if len(chosen):
            self.h_type_monitored[chosen[0]] = True
            self.h_type_monitored[chosen[1:]] = False
        self.h_category_written = self.h_category.copy()
        self.h_category_written[chosen] = ""

    def _grades(self) -> None:
        """The national grade list for students; 学龄前儿童 for small children not enrolled."""
        age, school = self.m_age, self.m_school.astype(object)
        u = self.mix.random(self.m)
        numerals = np.array(list("一二三四五"), dtype=object)

        def grade(first_age: int, top: int) -> ObjectArray:
            return numerals[np.clip(age - first_age, 0, top - 1)]

        small = (school == "非在校生") & (age < 6)
        school[small] = "学龄前儿童"
        junior = school == "初中"
        school[junior] = np.array(["七年级", "八年级", "九年级"], dtype=object)[
            np.clip(age - 13, 0, 2)
        ][junior]
        senior = school == "高中"
        school[senior] = ("普通高中" + grade(16, 3) + "年级")[senior]
        vocational = school == "中职"
        technician = vocational & (u < 0.2) & (age >= 18)  # 技师学院 at 18: no younger
        school[vocational] = ("中职" + grade(16, 3) + "年级")[vocational]
        school[technician] = ("技师学院" + grade(16, 4) + "年级")[technician]
        college = np.isin(school, ("高职", "大专"))
        school[college] = ("高职高专" + grade(19, 3) + "年级")[college]
        university = school == "本科及以上"
        school[university] = ("本科" + grade(19, 4) + "年级")[university]
        school[university & (age >= 22) & (u < 0.1)] = "硕士研究生及以上"
        school[university & (age >= 22) & (u > 0.95)] = "本科五年级"
        self.m_school = school

    def _education_levels(self) -> None:
        """文化程度 of everyone not at school (students and small children leave it empty)."""
        age, u = self.m_age, self.mix.random(self.m)
        levels = np.array(
            ["文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上"], dtype=object
        )
        cuts = np.select(
            [age >= 70, age >= 55, age >= 40, age >= 23],
            [0, 1, 2, 3],
            4,
        )
        table = np.array(
            [
                [0.45, 0.9, 1.0, 1.0, 1.0],  # 70+: 文盲或半文盲, 小学, 初中
                [0.15, 0.6, 0.95, 1.0, 1.0],
                [0.0, 0.25, 0.8, 0.95, 1.0],
                [0.0, 0.05, 0.5, 0.75, 0.9],
                [0.0, 0.0, 0.6, 0.9, 1.0],  # young people no longer at school
            ]
        )
        level = (u[:, None] >= table[cuts]).sum(axis=1)
        written = levels[level]
        dropout = self.m_school == "失学辍学"
        written[dropout] = np.where(age < 13, "小学", "初中")[dropout]
        out_of_school = np.isin(self.m_school, ("非在校生", "失学辍学"))
        written[~out_of_school] = None
        self.m_education_level = written

    # -- frame -----------------------------------------------------------------------

    def _frame(self) -> pd.DataFrame:
        rng, hh = self.rng, self.m_hh
        own = rng.choice(len(_SURNAME_LIST), size=self.m, p=_surname_p())
        head_sur = own[self.h_first]
        spouse_sur = head_sur.copy()
        spouse_rows = np.flatnonzero(self.m_rel == _REL["配偶"])
        spouse_sur[hh[spouse_rows]] = own[spouse_rows]
        family = np.where(self.h_head_male, head_sur, spouse_sur)
        kind = self.m_surname_kind
        surname = np.where(kind == _SURNAME_OWN, own, family[hh])
        surname = np.where(kind == _SURNAME_HEAD, head_sur[hh], surname)
        # one child in ten carries the mother's surname
        mother = (kind == _SURNAME_FAMILY) & (rng.random(self.m) < 0.1)
        other = np.where(self.h_head_male, spouse_sur, head_sur)
        surname = np.where(mother, other[hh], surname)
        names = _names(rng, self.m, self.m_male, surname=surname)

        ids = _id_numbers(rng, self.m_born, self.m_male, self._regions())
        if self.earlier is not None:  # the same people as five years before
            names = self.earlier["name"].to_numpy(dtype=object)
            ids = self.earlier["id_number"].tolist()

        def per_member(values: npt.NDArray[np.object_]) -> list[object]:
            return list(values[hh])

        def yes_no(flags: BoolArray) -> npt.NDArray[np.object_]:
            return np.where(flags, YES, NO).astype(object)

        monitored = self.h_monitored
        since = _only(monitored, [_yyyymm(m) for m in self.h_since])
        elim = self.h_eliminated
        risk_eliminated = _only(monitored, yes_no(elim))
        method = _only(elim, np.where(self.h_elim_natural, "自然消除", "帮扶消除"))
        elim_month = _only(elim, [_yyyymm(m) for m in self.h_elim_month])
        risks = [np.full(self.n, None, dtype=object) for _ in RISK_COLUMNS]
        for h, listed in self.h_risks.items():
            for i, risk in enumerate(listed):
                risks[i][h] = risk
        household_type = np.where(self.h_escaped, "脱贫户", "一般农户").astype(object)
        household_type[self.h_type_monitored] = MONITORED_TYPE
        students = ~np.isin(self.m_school, ("非在校生", "失学辍学", "学龄前儿童"))
        by_type, development = _measure_columns(self.h_measures)

        household_phone, member_phone = self._contact_phones()
        data: dict[str, object] = {
            "county": np.full(self.m, COUNTY, dtype=object),
            "township": [TOWNSHIPS[t][0] for t in self.h_township[hh]],
            "village": [
                TOWNSHIPS[t][2][v]
                for t, v in zip(self.h_township[hh], self.h_village[hh], strict=True)
            ],
            "household_id": per_member(self.h_id),
            "name": names,
            "id_number": ids,
            "sex": np.where(self.m_male, "男", "女").astype(object),
            "household_phone": per_member(household_phone),
            "member_phone": member_phone,
            "relation": np.array(RELATIONS, dtype=object)[self.m_rel],
            "declared_size": self.h_size[hh],
            "household_type": per_member(household_type),
            "recorded_category": per_member(
                _only(monitored & (self.h_category_written != ""), self.h_category_written)
            ),
            "monitored_since": per_member(since),
            "labour_skill": self.m_labour,
            "health": self.m_health_written,
            "schooling": self.m_school,
            "education_level": self.m_education_level,
            "compulsory_dropout": _only(
                (self.m_age >= 6) & (self.m_age <= 15), yes_no(self.m_school == "失学辍学")
            ),
            "employment": self.m_employment,
            "work_months": pd.array(
                _only(self.m_work_months >= 0, self.m_work_months).tolist(), dtype="Int64"
            ),
            "work_place": self.m_work_place,
            "working": _only(self.m_work_months >= 0, yes_no(np.isin(self.m_employment, EMPLOYED))),
            "medical_insurance": yes_no(self.m_insured & ~self.m_employee_insured),
            "employee_insurance": yes_no(self.m_employee_insured),
            "serious_illness_insurance": yes_no(self.m_insured & ~self.m_employee_insured),
            "pension_insurance": yes_no((self.m_age >= 16) & ~students),
            "dibao": yes_no(self.m_dibao),
            "tekun": yes_no(self.m_tekun),
            "unsafe_housing": per_member(yes_no(self.h_unsafe_housing)),
            "safe_water": per_member(yes_no(~self.h_unsafe_water)),
            "wage_income": self.h_wage[hh],
            "business_income": self.h_business[hh],
            "property_income": self.h_property[hh],
            "transfer_income": self.h_transfer[hh],
            "business_expense": self.h_expense[hh],
            "compliant_expense": self.h_compliant[hh],
            "reported_per_capita_income": self.h_pc[hh],
            "last_year_per_capita_income": self.h_last_pc[hh],
            **{col: per_member(risks[i]) for i, col in enumerate(RISK_COLUMNS)},
            "risk_eliminated": per_member(risk_eliminated),
            "elimination_method": per_member(method),
            "eliminated_month": per_member(elim_month),
            "safety_net": per_member(yes_no(self.h_safety_net)),
            "cadre": per_member(self.h_cadre),
            "cadre_phone": per_member(self.h_phone),
            "leader": per_member(self.h_leader),
            "measures_received": per_member(self.h_measures),
            **{
                t.field: per_member(by_type.get(t.code, np.full(self.n, None, dtype=object)))
                for t in MEASURE_TYPES
            },
            "development_measures": per_member(development),
        }
        frame = _typed_frame(data)
        frame.attrs["year"] = self.year
        if self.earlier is not None:
            frame.attrs["identified_later"] = [str(x) for x in self.h_id[self.h_new]]
        frame.attrs["scenarios"] = {
            name: [str(x) for x in self.h_id[self.scenario == name]] for name in SCENARIOS
        }
        return frame

    def _contact_phones(self) -> tuple[ObjectArray, ObjectArray]:
        """户联系电话 of every household and 成员联系电话 of some adults, on the contact stream.

        The household's number is its head's mobile, or for one in twelve a landline of
        the 0735 area in one of the accepted forms (0735-NNNNNNN, (0735)NNNNNNN,
        0735NNNNNNN); half the other members aged 18 or more have a mobile of their own.
        """
        rng, n, m = self.contact, self.n, self.m
        mobiles = _phones(rng, m)
        household = mobiles[self.h_first].copy()
        landline = rng.random(n) < 1 / 12
        local = rng.integers(2_000_000, 9_000_000, size=n)
        form = rng.integers(4, size=n)
        written = np.array(
            [
                f"(0735){x}" if f == 0 else f"0735{x}" if f == 1 else f"0735-{x}"
                for x, f in zip(local.tolist(), form.tolist(), strict=True)
            ],
            dtype=object,
        )
        household[landline] = written[landline]
        head = np.zeros(m, dtype=bool)
        head[self.h_first] = True
        own = (head & ~landline[self.m_hh]) | (~head & (self.m_age >= 18) & (rng.random(m) < 0.5))
        return household, _only(own, mobiles)

    def _regions(self) -> IntArray:
        """Region code of each ID: where it was issued, as the code stood in the birth year."""
        rng, m, born = self.rng, self.m, self.m_born
        married_in = np.isin(self.m_rel, [_REL[r] for r in ("配偶", "之儿媳", "之女婿", "之母")])
        outside = rng.random(m) < np.where(married_in, 0.18, 0.03)
        which = rng.integers(len(NEIGHBOUR_REGION_CODES), size=m)
        current = np.array([int(new) for new, _ in NEIGHBOUR_REGION_CODES], dtype=np.int64)
        before = np.array([int(old) for _, old in NEIGHBOUR_REGION_CODES], dtype=np.int64)
        neighbour = np.where(born >= 1994, current[which], before[which])
        home = np.select(
            [born >= 1994, born >= 1984],
            [int(REGION_CODE), int(ZIXING_CITY_1984_CODE)],
            int(ZIXING_COUNTY_CODE),
        )
        return np.where(outside, neighbour, home)


def _helped_measures(rng: np.random.Generator) -> str:
    """One or two development measures of a 脱贫户 nobody monitors."""
    pool = (*_DEVELOPMENT_MEASURES[:2], "就业补贴", "医疗保险", "教育资助")
    k = 1 + int(rng.random() < 0.4)
    return "、".join(pool[i] for i in np.sort(rng.choice(len(pool), k, replace=False)))


def _monitored_measures(
    rng: np.random.Generator, risks: Sequence[str], labour: bool, social: Sequence[str]
) -> str:
    """2–4 measures of a monitored household: one per risk, a development measure when it
    has labour, its 低保 / 特困供养 (``social``), padded from the usual ones."""
    core: list[str] = []
    for risk in risks:
        options = _MEASURES_FOR_RISK[risk]
        core.append(options[rng.integers(len(options))])
    dev = [_DEVELOPMENT_MEASURES[rng.integers(len(_DEVELOPMENT_MEASURES))]] if labour else []
    chosen: list[str] = []
    for name in (*dev, *social, *core):
        if name not in chosen:
            chosen.append(name)
    target = 2 + int(rng.integers(3))
    padding = _DEVELOPMENT_MEASURES if labour else ("医疗保险", "临时救助", "防贫救助金")
    for name in rng.permutation(np.array(padding, dtype=object)):
        if len(chosen) >= target:
            break
        if name not in chosen:
            chosen.append(str(name))
    return "、".join(chosen[:4])


def _declared_risks(rng: np.random.Generator, facts: list[str]) -> list[str]:
    """致贫返贫风险 of a monitored household: the ``facts`` its members show, a declared one
    when none shows (and now and then one more), three at most."""
    if not facts:
        facts.append(_DECLARED_ONLY_RISKS[rng.integers(len(_DECLARED_ONLY_RISKS))])
    if len(facts) < 3 and rng.random() < 0.3:
        extra = _DECLARED_ONLY_RISKS[rng.integers(len(_DECLARED_ONLY_RISKS))]
        if extra not in facts:
            facts.append(extra)
    return facts[:3]


def _measure_columns(measures: ObjectArray) -> tuple[dict[str, ObjectArray], ObjectArray]:
    """帮扶措施 split into the export's per-type columns, and 实施开发式帮扶措施情况."""
    n = len(measures)
    by_type: dict[str, ObjectArray] = {}
    development = np.full(n, None, dtype=object)
    for h in np.flatnonzero(pd.notna(measures)):
        names = str(measures[h]).split("、")
        for name in names:
            column = by_type.setdefault(_MEASURE_TYPE_OF[name], np.full(n, None, dtype=object))
            column[h] = name if column[h] is None else f"{column[h]}、{name}"
        developed = any(name in _DEVELOPMENT_MEASURES for name in names)
        development[h] = "已实施" if developed else "尚未实施"
    return by_type, development


def _typed_frame(data: dict[str, object]) -> pd.DataFrame:
    """The roster frame: one column per schema field, in FIELDS order, with its dtype."""
    columns: dict[str, pd.Series] = {}
    for f in FIELDS:
        values = data[f.name]
        if f.kind is Kind.MONEY:
            columns[f.name] = pd.Series(values, dtype="float64")
        elif f.name == "declared_size":
            columns[f.name] = pd.Series(values, dtype="int64")
        elif f.kind is Kind.INTEGER:
            columns[f.name] = pd.Series(values, dtype="Int64")
        else:
            columns[f.name] = pd.Series(values, dtype="str")
    return pd.DataFrame(columns)


def _yyyymm(month: int | np.integer) -> str:
    """YYYYMM of a month counted from January 2021 (1 = 202101, 13 = 202201)."""
    year, index = divmod(int(month) - 1, 12)
    return f"{INCOME_YEAR + year}{index + 1:02d}"


def _only(mask: BoolArray, values: Sequence[object] | npt.NDArray[np.generic]) -> ObjectArray:
    """``values`` where ``mask`` holds, None elsewhere, as an object array."""
    out = np.array(values, dtype=object)
    out[~mask] = None
    return out


_SINCE_MONTH_P = np.array([20, 14, 12, 10, 7.4, 7.4, 7.3, 7.3, 7.3, 7.3], dtype=np.float64)
_SINCE_MONTH_P /= _SINCE_MONTH_P.sum()
_WORK_MONTH_P = np.array([2, 2, 3, 3, 4, 5, 8, 12, 16, 45], dtype=np.float64)
_WORK_MONTH_P /= _WORK_MONTH_P.sum()


def _household_members(
    size: int, head_age: int, head_male: bool, r: random.Random
) -> list[tuple[int, int, int, int]]:
    """(relation index, birth year, male, surname kind) of each member, 户主 first."""
    head_born = INCOME_YEAR - head_age
    out = [(_REL[HEAD], head_born, int(head_male), _SURNAME_OWN)]
    left = size - 1
    if left == 0:
        return out
    mother_born = head_born
    if r.random() < (0.9 if head_age < 58 else 0.75):
        gap = r.randint(-1, 5)
        spouse_born = min(head_born + gap if head_male else head_born - gap, INCOME_YEAR - 20)
        out.append((_REL["配偶"], spouse_born, int(not head_male), _SURNAME_OWN))
        mother_born = spouse_born if head_male else head_born
        left -= 1
        if left == 0:
            return out
    if head_age < 58:
        parents = 0
        if left > 4:
            parents = left - 4
        elif left >= 2 and r.random() < 0.15:
            parents = 1
        year = mother_born + r.randint(21, 30)
        children = 0
        while children < left - parents and year < INCOME_YEAR:
            is_male = r.random() < 0.52
            out.append((_REL["之子" if is_male else "之女"], year, int(is_male), _SURNAME_FAMILY))
            year += r.randint(1, 5)
            children += 1
        # Slots a young mother's children cannot fill go to the head's parents, then siblings.
        parents = min(left - children, 2)
        father_born = head_born - r.randint(22, 32)
        kinds = ["之父", "之母"] if parents == 2 else [r.choice(["之父", "之母", "之母"])] * parents
        for relation in kinds:
            if relation == "之父":
                out.append((_REL[relation], father_born, 1, _SURNAME_HEAD))
            else:
                out.append((_REL[relation], father_born + r.randint(-1, 4), 0, _SURNAME_OWN))
        for _ in range(left - children - parents):
            born = min(head_born + r.randint(-5, 8), INCOME_YEAR - 16)
            out.append((_REL["之兄弟姐妹"], born, r.randint(0, 1), _SURNAME_HEAD))
        return out
    son = r.random() < 0.85
    child_born = min(mother_born + r.randint(22, 32), INCOME_YEAR - 20)
    out.append((_REL["之子" if son else "之女"], child_born, int(son), _SURNAME_FAMILY))
    left -= 1
    if left and r.random() < 0.06:
        out.append(
            (_REL["之兄弟姐妹"], head_born + r.randint(-4, 6), r.randint(0, 1), _SURNAME_HEAD)
        )
        left -= 1
    if left:
        in_law = "之儿媳" if son else "之女婿"
        out.append((_REL[in_law], child_born + r.randint(-3, 3), int(not son), _SURNAME_OWN))
        left -= 1
    year = child_born + r.randint(22, 30)
    younger = child_born
    for _ in range(left):
        is_male = r.random() < 0.52
        if year < INCOME_YEAR:
            relation = "之孙子" if is_male else "之孙女"
            out.append((_REL[relation], year, int(is_male), _SURNAME_FAMILY))
            year += r.randint(1, 4)
        else:  # the child is too young for children of their own: a younger sibling instead
            younger = min(younger + r.randint(1, 5), INCOME_YEAR - 1)
            out.append(
                (_REL["之子" if is_male else "之女"], younger, int(is_male), _SURNAME_FAMILY)
            )
    return out


def _surname_p() -> FloatArray:
    weights = np.array(_SURNAME_WEIGHTS, dtype=np.float64)
    return weights / weights.sum()


def _names(
    rng: np.random.Generator,
    count: int,
    male: BoolArray,
    surname: IntArray | None = None,
) -> npt.NDArray[np.object_]:
    """Chinese names: surname plus one (one in five) or two given-name characters."""
    if surname is None:
        surname = rng.choice(len(_SURNAME_LIST), size=count, p=_surname_p())
    male_chars = np.array(list(_MALE_CHARS), dtype=object)
    female_chars = np.array(list(_FEMALE_CHARS), dtype=object)
    first = np.where(
        male,
        male_chars[rng.integers(len(male_chars), size=count)],
        female_chars[rng.integers(len(female_chars), size=count)],
    )
    second = np.where(
        male,
        male_chars[rng.integers(len(male_chars), size=count)],
        female_chars[rng.integers(len(female_chars), size=count)],
    )
    second = np.where(rng.random(count) < 0.2, "", second)
    surnames = np.array(_SURNAME_LIST, dtype=object)[surname]
    return np.array(
        [s + a + b for s, a, b in zip(surnames, first, second, strict=True)], dtype=object
    )


def _phones(rng: np.random.Generator, count: int) -> npt.NDArray[np.object_]:
    prefixes = np.array(_PHONE_PREFIXES, dtype=object)[
        rng.integers(len(_PHONE_PREFIXES), size=count)
    ]
    tails = rng.integers(0, 100_000_000, size=count)
    return np.array([f"{p}{t:08d}" for p, t in zip(prefixes, tails, strict=True)], dtype=object)


_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS.tolist(), strict=True))
    return _ID_CHECK[total % 11]


def _id_numbers(
    rng: np.random.Generator, born_year: IntArray, male: BoolArray, region: IntArray
) -> list[str]:
    """Valid, unique 18-character IDs: region, a real birth date, sex-parity order code."""
    m = len(born_year)
    start = (born_year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    leap = ((born_year % 4 == 0) & (born_year % 100 != 0)) | (born_year % 400 == 0)
    day = np.floor(rng.random(m) * np.where(leap, 366, 365)).astype(np.int64)
    dates = start + day.astype("timedelta64[D]")
    month_start = dates.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    dom = (dates - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    birth = born_year * 10_000 + month * 100 + dom
    stem = region * 10**11 + birth * 1000

    def order_codes(k: int, is_male: BoolArray) -> IntArray:
        base = rng.integers(0, 499, size=k) * 2
        return np.where(is_male, base + 1, base + 2)

    prefix = stem + order_codes(m, male)
    while True:
        dup = pd.Series(prefix).duplicated().to_numpy()
        if not dup.any():
            break
        prefix[dup] = stem[dup] + order_codes(int(dup.sum()), male[dup])
    digits = (prefix[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64)) % 10
    checks = (digits @ _ID_WEIGHTS) % 11
    check_chars = np.array(list(_ID_CHECK), dtype=object)[checks]
    return [f"{p:017d}{c}" for p, c in zip(prefix.tolist(), check_chars, strict=True)]


# -- writing ------------------------------------------------------------------------------


def _field_cells(series: pd.Series, kind: Kind) -> list[CellValue]:
    """One column's cells: amounts as numbers (whole ones as int), counts as int, text."""
    if kind is Kind.MONEY:
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return [None if math.isnan(v) else int(v) if v.is_integer() else v for v in values.tolist()]
    if kind is Kind.INTEGER:
        return [None if pd.isna(v) else int(v) for v in series.tolist()]
    return [None if pd.isna(v) else str(v) for v in series.tolist()]


def _as_text_every(rows: list[list[CellValue]], column: int, start: int, step: int) -> None:
    """Some whole numbers stored as text, as real exports have."""
    for i in range(start, len(rows), step):
        value = rows[i][column]
        if isinstance(value, int):
            rows[i][column] = str(value)


_COARSE_SCHOOLING = {
    "学龄前儿童": "非在校生",
    "七年级": "初中",
    "八年级": "初中",
    "九年级": "初中",
    "硕士研究生及以上": "本科及以上",
}
_COARSE_PREFIXES = (
    ("普通高中", "高中"),
    ("中职", "中职"),
    ("技师学院", "中职"),
    ("高职高专", "高职"),
    ("本科", "本科及以上"),
)


def coarse_schooling(value: object) -> object:
    """A national grade as fanpin's own coarse value (七年级 → 初中, 本科三年级 → 本科及以上)."""
    if not isinstance(value, str):
        return value
    if value in _COARSE_SCHOOLING:
        return _COARSE_SCHOOLING[value]
    for prefix, coarse in _COARSE_PREFIXES:
        if value.startswith(prefix) and value.endswith("年级"):
            return coarse
    return value


def _tidy_cells(members: pd.DataFrame, *, amounts_as_text: bool = True) -> list[list[CellValue]]:
    """Data rows in fanpin's own layout: 序号 first, None for empty cells, coarse 在校生情况.

    With ``amounts_as_text``, a few 工资性收入 are strings, as real exports have.
    """
    columns: list[list[CellValue]] = [list(range(1, len(members) + 1))]
    for name in TIDY_FIELDS:
        series = members[name]
        if name == "schooling":
            series = series.map(coarse_schooling)
        columns.append(_field_cells(series, BY_NAME[name].kind))
    rows = [list(row) for row in zip(*columns, strict=True)]
    if amounts_as_text:
        wage = TIDY_HEADERS.index(BY_NAME["wage_income"].header)
        _as_text_every(rows, wage, 100, _NUMBER_AS_TEXT_EVERY)
    return rows


def _national_cells(
    members: pd.DataFrame,
    headers: Sequence[str],
    *,
    amounts_as_text: bool = True,
    year: int = INCOME_YEAR,
) -> list[list[CellValue]]:
    """Data rows of the national export with ``headers`` (one row per member given);
    ``year`` fills 年度."""
    fields = {h: name for h, name, _ in _NATIONAL}
    ids = members["id_number"].astype(str)
    households = members["household_id"].astype(str)
    heads = members.loc[members["relation"].eq(HEAD)].drop_duplicates("household_id")
    head_names = households.map(heads.set_index("household_id")["name"])
    computed: dict[str, list[CellValue]] = {
        ROW_NUMBER_HEADER: list(range(1, len(members) + 1)),
        "省": ["湖南省"] * len(members),
        "市": ["郴州市"] * len(members),
        "人口编号": [
            f"{h}{n + 1:02d}"
            for h, n in zip(households, households.groupby(households).cumcount(), strict=True)
        ],
        "户主姓名": [None if pd.isna(n) else str(n) for n in head_names],
        "证件类型": ["居民身份证"] * len(members),
        "民族": ["瑶族" if int(i[14:16]) % 13 == 0 else "汉族" for i in ids],
        "年度": [year] * len(members),
    }
    students = ~members["schooling"].isin(["非在校生", "失学辍学"])
    columns: list[list[CellValue]] = []
    for header in headers:
        name = fields[header]
        if name is None:
            columns.append(computed[header])
        elif name == "schooling":
            columns.append(_field_cells(members[name].where(students), Kind.TEXT))
        else:
            columns.append(_field_cells(members[name], BY_NAME[name].kind))
    rows = [list(row) for row in zip(*columns, strict=True)]
    if amounts_as_text:
        for header, start, step in (
            ("工资性收入", 100, _NUMBER_AS_TEXT_EVERY),
            ("家庭人口数", 250, 500),
        ):
            if header in headers:
                _as_text_every(rows, list(headers).index(header), start, step)
    return rows


def _default_title(members: pd.DataFrame, year: int) -> str:
    county = members["county"].iloc[0] if len(members) else COUNTY
    return f"{county}防返贫监测信息采集表（{year}年度）"


_WIDTHS = {
    "id_number": 21,
    "household_id": 18,
    "cadre_phone": 13,
    "measures_received": 30,
    "township": 10,
    "village": 10,
}
_NATIONAL_WIDTHS = {
    "证件号码": 21.0,
    "户编号": 18.0,
    "人口编号": 20.0,
    "户联系电话": 15.0,
    "成员联系电话": 14.0,
    "帮扶责任人联系电话": 14.0,
}


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Cell styles (cellXfs indices): 0 general, 1 title, 2 header, 3 text ("@", numFmtId 49).
_STYLE_TITLE, _STYLE_HEADER, _STYLE_TEXT = 1, 2, 3
_FONT = '<name val="宋体"/><family val="3"/><charset val="134"/>'
_STYLES_XML = (
    f'{_XML_HEAD}<styleSheet xmlns="{_NS_MAIN}">'
    f'<fonts count="3"><font><sz val="11"/>{_FONT}</font>'
    f'<font><b/><sz val="11"/>{_FONT}</font><font><b/><sz val="14"/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_CONTENT_TYPES_XML = (
    f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS_XML = (
    f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG}"><Relationship Id="rId1" '
    f'Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS_XML = (
    f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG}">'
    f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def _column_letter(index: int) -> str:
    """Excel column letters of a 1-based column index."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _SheetXml:
    """Cells of one worksheet as SpreadsheetML, strings collected in a shared table."""

    def __init__(self, width: int) -> None:
        self.letters = [_column_letter(i) for i in range(1, width + 1)]
        self.strings: dict[str, int] = {}

    def string_index(self, text: str) -> int:
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
        return index

    def row(
        self,
        number: int,
        values: Sequence[CellValue],
        styles: Sequence[int] = (),
        height: float | None = None,
    ) -> str:
        parts = [
            f'<row r="{number}" ht="{height}" customHeight="1">'
            if height
            else f'<row r="{number}">'
        ]
        for col, value in enumerate(values):
            style = styles[col] if col < len(styles) else 0
            if value is None:
                if style:
                    parts.append(f'<c r="{self.letters[col]}{number}" s="{style}"/>')
                continue
            ref = f"{self.letters[col]}{number}"
            attr = f' s="{style}"' if style else ""
            if isinstance(value, str):
                parts.append(f'<c r="{ref}"{attr} t="s"><v>{self.string_index(value)}</v></c>')
            else:
                parts.append(f'<c r="{ref}"{attr}><v>{value!r}</v></c>')
        parts.append("</row>")
        return "".join(parts)

    def shared_strings_xml(self) -> str:
        items = []
        for text in self.strings:
            space = ' xml:space="preserve"' if text != text.strip() else ""
            items.append(f"<si><t{space}>{_xml_text(text)}</t></si>")
        count = len(items)
        return (
            f'{_XML_HEAD}<sst xmlns="{_NS_MAIN}" count="{count}" uniqueCount="{count}">'
            + "".join(items)
            + "</sst>"
        )


@dataclass(frozen=True)
class _TopRow:
    """A row above the data (title, note, headers): its cells, styles and height."""

    values: Sequence[CellValue]
    styles: Sequence[int] = ()
    height: float | None = None


def _write_workbook(
    path: Path | str,
    sheet_name: str,
    top: Sequence[_TopRow],
    merges: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    text_columns: Sequence[int],
    widths: Sequence[float],
    exported: tuple[int, int, int] = (2022, 1, 5),
) -> None:
    """One sheet of SpreadsheetML: ``top`` rows, then the data, panes frozen below the top.

    Written directly rather than through openpyxl. Measured on 309,000 rows: openpyxl's
    write-only mode (merges added to ``ws.merged_cells``) took about 3 minutes, since
    without lxml every cell goes through et_xmlfile's serialiser; normal mode is slower
    still and holds every cell in memory; both stamp the current time into the file.
    Written directly it takes about 18 s, and the same rows give byte-identical files,
    so regenerated samples do not churn. Tests read the result back with openpyxl and
    python-calamine. ``text_columns`` (0-based) are text cells (format "@"); ``exported``
    (year, month, day) dates the archive's entries.
    """
    width = len(widths)
    last = _column_letter(width)
    sheet = _SheetXml(width)
    first = len(top) + 1
    text_styles = [0] * width
    for column in text_columns:
        text_styles[column] = _STYLE_TEXT
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    head = (
        f'{_XML_HEAD}<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        f'<dimension ref="A1:{last}{first - 1 + len(rows)}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        f'<pane ySplit="{first - 1}" topLeftCell="A{first}" '
        'activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{first}" '
        f'sqref="A{first}"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="14.25"/><cols>{cols}</cols><sheetData>'
        + "".join(
            sheet.row(number, line.values, line.styles, height=line.height)
            for number, line in enumerate(top, start=1)
        )
    )
    tail = (
        f'</sheetData><mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
        + "</mergeCells></worksheet>"
    )
    workbook = (
        f'{_XML_HEAD}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
        f'<sheet name="{_xml_text(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=(*exported, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(entry("[Content_Types].xml"), _CONTENT_TYPES_XML)
        archive.writestr(entry("_rels/.rels"), _ROOT_RELS_XML)
        archive.writestr(entry("xl/workbook.xml"), workbook)
        archive.writestr(entry("xl/_rels/workbook.xml.rels"), _WORKBOOK_RELS_XML)
        archive.writestr(entry("xl/styles.xml"), _STYLES_XML)
        with archive.open(entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as out:
            out.write(head.encode())
            chunk: list[str] = []
            for i, row in enumerate(rows):
                chunk.append(sheet.row(first + i, row, text_styles))
                if len(chunk) == 2000:
                    out.write("".join(chunk).encode())
                    chunk.clear()
            out.write(("".join(chunk) + tail).encode())
        archive.writestr(entry("xl/sharedStrings.xml"), sheet.shared_strings_xml())


def _write_tidy(
    rows: Sequence[Sequence[CellValue]], path: Path | str, title: str, year: int = INCOME_YEAR
) -> None:
    """fanpin's own layout: title, note, two header rows, data from row 5."""
    width = len(TIDY_HEADERS)
    letters = [_column_letter(i) for i in range(1, width + 1)]
    last = letters[-1]
    vertical = [0] + [TIDY_FIELDS.index(n) + 1 for n in _VERTICAL_FIELDS]
    merges = [f"A1:{last}1", f"A2:{last}2"]
    merges += [f"{letters[c]}3:{letters[c]}4" for c in vertical]
    merges += [f"{letters[a + 1]}3:{letters[b + 1]}3" for _, a, b in _GROUP_SPANS]
    group_row: list[CellValue] = [None] * width
    field_row: list[CellValue] = [None] * width
    for col in range(width):
        (group_row if col in vertical else field_row)[col] = TIDY_HEADERS[col]
    for label_text, first, _ in _GROUP_SPANS:
        group_row[first + 1] = label_text
    header_styles = [_STYLE_HEADER] * width
    widths = [6.0] + [
        float(_WIDTHS.get(name, max(8, 2 * len(BY_NAME[name].header) + 2))) for name in TIDY_FIELDS
    ]
    note, exported = _EXPORTS[year]
    top = (
        _TopRow([title], [_STYLE_TITLE], 28.5),
        _TopRow([note]),
        _TopRow(group_row, header_styles, 20.25),
        _TopRow(field_row, header_styles, 42.75),
    )
    text = [TIDY_FIELDS.index(name) + 1 for name in _TEXT_FORMAT_FIELDS]
    _write_workbook(path, EXPORT_SHEET, top, merges, rows, text, widths, exported)


def _write_national(
    rows: Sequence[Sequence[CellValue]],
    path: Path | str,
    headers: Sequence[str],
    sheet_name: str,
    title: str,
    year: int = INCOME_YEAR,
) -> None:
    """The national export: title and note rows merged across, the header on row 3."""
    width = len(headers)
    last = _column_letter(width)
    widths = [_NATIONAL_WIDTHS.get(h, float(min(30, max(8, 2 * len(h) + 2)))) for h in headers]
    note, exported = _EXPORTS[year]
    top = (
        _TopRow([title], [_STYLE_TITLE], 28.5),
        _TopRow([note]),
        _TopRow(list(headers), [_STYLE_HEADER] * width, 42.75),
    )
    text = [i for i, h in enumerate(headers) if h in _NATIONAL_TEXT]
    merges = [f"A1:{last}1", f"A2:{last}2"]
    _write_workbook(path, sheet_name, top, merges, rows, text, widths, exported)


def write_export_xlsx(
    members: pd.DataFrame, path: Path | str, *, title: str | None = None, year: int | None = None
) -> None:
    """Write ``members`` as the national system exports them: one file, every column.

    Sheet 监测对象信息: row 1 the title (（自定义）监测对象信息 by default) merged across,
    row 2 the export note, row 3 the headers in the system's spellings (乡, 村,
    致贫/返贫风险1…5, 是否参加新型农村合作医疗（城乡居民基本医疗保险）, 务工时间（月）,
    one column per measure type …) with columns fanpin does not know (省, 人口编号,
    性别, 民族 …); data from row 4. 在校生状况 is empty for people not at school (文化程度
    is filled); there is no 务工状况 and no 帮扶措施 text column. 证件号码, 户编号,
    人口编号 and the phone are text cells; every 487th 工资性收入 and every 500th
    家庭人口数 (from row 101 and 251) are stored as text, as some real exports do.
    ``year`` (default: the roster's, ``members.attrs["year"]``, else 2021) is the
    年度 column and dates the export note.
    """
    year = roster_year(members, year)
    _write_national(
        _national_cells(members, NATIONAL_HEADERS, year=year),
        path,
        NATIONAL_HEADERS,
        PERSON_SHEET,
        title or "（自定义）监测对象信息",
        year,
    )


def write_split_export(
    members: pd.DataFrame, directory: Path | str, stem: str = "roster", *, year: int | None = None
) -> dict[str, Path]:
    """Write ``members`` as the two export files the system gives, joined with ``--with``.

    ``{stem}_members.xlsx`` (（自定义）监测对象信息): one row per person, the person and
    monitoring columns; ``{stem}_households.xlsx`` (（乡村建设）户信息): one row per
    household (its head's row), 户编号 with the household columns: size, income,
    housing, water, the safety-net flag. Both in the layout of ``write_export_xlsx``.
    Returns {"members": path, "households": path}. ``year`` as in ``write_export_xlsx``.
    """
    year = roster_year(members, year)
    folder = Path(directory)
    paths = {
        "members": folder / f"{stem}_members.xlsx",
        "households": folder / f"{stem}_households.xlsx",
    }
    _write_national(
        _national_cells(members, PERSON_HEADERS, year=year),
        paths["members"],
        PERSON_HEADERS,
        PERSON_SHEET,
        "（自定义）监测对象信息",
        year,
    )
    heads = members.drop_duplicates("household_id").reset_index(drop=True)
    _write_national(
        _national_cells(heads, HOUSEHOLD_HEADERS, year=year),
        paths["households"],
        HOUSEHOLD_HEADERS,
        HOUSEHOLD_SHEET,
        "（乡村建设）户信息",
        year,
    )
    return paths


def write_tidy_xlsx(
    members: pd.DataFrame, path: Path | str, *, title: str | None = None, year: int | None = None
) -> None:
    """Write ``members`` in fanpin's own layout (the layout of fanpin before issue 14).

    Sheet 监测对象信息: row 1 the title merged across all columns, row 2 the export
    note, row 3 the group headers (基本信息, 家庭情况, 收入情况（元）, 风险情况,
    帮扶情况) merged over their columns, row 4 the field headers (``Field.header``);
    序号, 县(市、区), 乡(镇), 行政村 and 户编号 are merged over rows 3–4, their text
    in row 3. Data start in row 5; coarse 在校生情况 (初中, 高中 …), 务工状况 and a
    帮扶措施 text column. 证件号码, 户编号 and 联系电话 are text cells; amounts are
    numbers except every 487th row's 工资性收入, stored as text. ``year`` as in
    ``write_export_xlsx`` (the default title's 年度).
    """
    year = roster_year(members, year)
    _write_tidy(_tidy_cells(members), path, title or _default_title(members, year), year)


def roster_year(members: pd.DataFrame, year: int | None = None) -> int:
    """The roster year a writer uses: ``year`` when given, else the one ``generate_members``
    recorded in ``members.attrs["year"]``, else 2021."""
    chosen = int(members.attrs.get("year", INCOME_YEAR)) if year is None else year
    if chosen not in _EXPORTS:
        known = ", ".join(str(y) for y in _EXPORTS)
        raise ValueError(f"no example export for {chosen}: the example years are {known}")
    return chosen


def _csv_text(members: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, pd.Series] = {}
    for name in TIDY_FIELDS:
        series = members[name]
        if name == "schooling":
            series = series.map(coarse_schooling)
        kind = BY_NAME[name].kind
        if kind is Kind.MONEY:
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
            text = [
                "" if math.isnan(v) else str(int(v)) if v.is_integer() else f"{v:.2f}"
                for v in values.tolist()
            ]
            out[BY_NAME[name].header] = pd.Series(text, dtype=object)
        else:
            out[BY_NAME[name].header] = series.astype(object).where(series.notna(), "")
    return pd.DataFrame(out)


def write_gbk_csv(members: pd.DataFrame, path: Path | str) -> None:
    """Write ``members`` in fanpin's own layout as a county's "CSV (逗号分隔)": GB18030, CRLF.

    One header row of ``Field.header`` texts in tidy order (no 序号, no title); IDs and
    phone numbers as plain digits; amounts without thousands separators.
    """
    _csv_text(members).to_csv(path, index=False, encoding="gb18030", lineterminator="\r\n")


# -- messy roster -------------------------------------------------------------------------


def _to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


class _Messy:
    """Selects households from a clean pool and plants problems cell by cell."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        pool = generate_members(households=1500, seed=seed)
        self.pool = pool
        self.col = {h: i for i, h in enumerate(EXPORT_HEADERS)}
        self.planted: list[Planted] = []
        sizes = pool.groupby("household_id", sort=False).size()
        monitored = pool.groupby("household_id", sort=False)["recorded_category"].first().notna()
        relations = pool.groupby("household_id", sort=False)["relation"].agg(set)
        singles = [h for h in sizes.index if sizes[h] == 1]
        mon_singles = [h for h in singles if monitored[h]]
        plain_singles = [h for h in singles if not monitored[h]]
        couples = [h for h in sizes.index if sizes[h] >= 2 and "配偶" in relations[h]]
        daughters = [h for h in sizes.index if "之女" in relations[h]]
        r = self.rng
        picks: dict[str, str] = {}
        if mon_singles:
            picks["bad_yyyymm"] = r.choice(mon_singles)
        for code, h in zip(
            ("not_a_number", "negative_amount", "income_mismatch", "size_mismatch", "no_id"),
            r.sample(plain_singles, 5),
            strict=True,
        ):
            picks[code] = h
        no_head, many_heads = r.sample(couples, 2)
        picks["household_no_head"] = no_head
        picks["household_many_heads"] = many_heads
        picks["daughter"] = r.choice([h for h in daughters if h not in picks.values()])
        if "bad_yyyymm" not in picks:
            picks["bad_yyyymm"] = r.choice(
                [h for h in monitored.index[monitored] if h not in picks.values()]
            )
        self.picks = picks
        others = [h for h in sizes.index if h not in picks.values() and sizes[h] <= 5]
        chosen = set(picks.values()) | set(r.sample(others, 40 - len(picks)))
        self.members = pool[pool["household_id"].isin(chosen)].reset_index(drop=True)
        # The messy roster places its own amount-as-text (an accepted spelling).
        self.rows = _national_cells(self.members, NATIONAL_HEADERS, amounts_as_text=False)

    def excel_row(self, i: int) -> int:
        return FIRST_DATA_ROW + i

    def rows_of(self, household_id: str) -> list[int]:
        return self.members.index[self.members["household_id"] == household_id].tolist()

    def plant(self, code: str, i: int, field: str, value: CellValue, note: str) -> None:
        header = NATIONAL_HEADER_OF[field]
        self.rows[i][self.col[header]] = value
        self.planted.append(Planted(code, self.excel_row(i), header, note, value))

    def set_cell(self, i: int, field: str, value: CellValue) -> None:
        self.rows[i][self.col[NATIONAL_HEADER_OF[field]]] = value

    def cell(self, i: int, field: str) -> CellValue:
        return self.rows[i][self.col[NATIONAL_HEADER_OF[field]]]

    def run(self) -> list[Planted]:
        r, picks = self.rng, self.picks
        single_row = {code: self.rows_of(h)[0] for code, h in picks.items()}
        used_rows = {i for h in picks.values() for i in self.rows_of(h)}

        # Household-level problems in one-person households: exactly one cell each.
        i = single_row["not_a_number"]
        self._set_money(i, "business_income", 3000)
        self.plant("not_a_number", i, "business_income", "三千", "amount written in words")
        i = single_row["negative_amount"]
        wage, business = self.cell(i, "wage_income"), self.cell(i, "business_income")
        assert isinstance(wage, int) and isinstance(business, int)
        # 生产经营性收入 takes up the difference: net income stays as it was.
        self.set_cell(i, "business_income", business + wage + 1200)
        self.plant("negative_amount", i, "wage_income", -1200, "negative 工资性收入")
        i = single_row["income_mismatch"]
        reported = self.cell(i, "reported_per_capita_income")
        assert isinstance(reported, int | float)
        wrong = round(float(reported) * 1.8 + 1234)
        note = f"components give {reported}"
        self.plant("income_mismatch", i, "reported_per_capita_income", wrong, note)
        # A one-person household: the row without 户编号 leaves no household short.
        i = single_row["no_id"]
        self.plant("missing_value", i, "household_id", None, "户编号 left empty")
        i = single_row["size_mismatch"]
        self.plant("size_mismatch", i, "declared_size", 2, "one member row, 家庭人口数 2")
        bad_rows = self.rows_of(picks["bad_yyyymm"])
        for i in bad_rows:
            self.plant("bad_yyyymm", i, "monitored_since", "2021-13", "month 13")

        rows = self.rows_of(picks["household_no_head"])
        self.plant(
            "household_no_head", rows[0], "relation", "之兄弟姐妹", "户主 recorded as sibling"
        )
        rows = self.rows_of(picks["household_many_heads"])
        spouse = next(i for i in rows if self.cell(i, "relation") == "配偶")
        self.plant("household_many_heads", spouse, "relation", HEAD, "配偶 recorded as 户主")
        rows = self.rows_of(picks["daughter"])
        daughter = next(i for i in rows if self.cell(i, "relation") == "之女")
        self.plant("not_in_vocabulary", daughter, "relation", "女儿", "not in 与户主关系 list")
        used_rows |= {daughter}

        # Member-level problems on rows of other households, one problem per row.
        free = [i for i in range(len(self.rows)) if i not in used_rows]
        adults = [i for i in free if self.cell(i, "labour_skill") in LABOUR_CAPABLE]
        taken: set[int] = set()

        def pick(candidates: list[int]) -> int:
            choice = r.choice([i for i in candidates if i not in taken])
            taken.add(choice)
            return choice

        no_x = [i for i in free if not str(self.cell(i, "id_number")).endswith("X")]
        for _ in range(2):
            i = pick(no_x)
            number = int(str(self.cell(i, "id_number")))
            self.plant("id_as_number", i, "id_number", number, "ID stored as a number")
        i = pick(no_x)
        shown = f"{float(str(self.cell(i, 'id_number'))):.5E}"
        self.plant("id_as_number", i, "id_number", shown, "ID pasted as Excel displays it")
        i = pick(free)
        good = str(self.cell(i, "id_number"))
        wrong_check = next(c for c in "0123456789X" if c != good[-1])
        self.plant("id_checksum", i, "id_number", good[:17] + wrong_check, "wrong check digit")
        i = pick(free)
        good = str(self.cell(i, "id_number"))
        stem = good[:10] + "13" + good[12:17]
        self.plant("id_birth_date", i, "id_number", stem + id_check_digit(stem), "birth month 13")
        i = pick(free)
        good = str(self.cell(i, "id_number"))
        self.plant("id_format", i, "id_number", good[:6] + good[8:17], "15-character old ID")
        i = pick(free)
        good = str(self.cell(i, "id_number"))
        self.plant("id_format", i, "id_number", good[:14] + "O" + good[15:], "letter O for zero")
        first = pick(free)
        second = pick(
            [
                i
                for i in free
                if self.cell(i, "household_id") != self.cell(first, "household_id")
                and self.cell(i, "sex") == self.cell(first, "sex")  # 性别 agrees with the ID
            ]
        )
        first, second = sorted((first, second))
        dup = str(self.cell(first, "id_number"))
        header = NATIONAL_HEADER_OF["id_number"]
        note = "first of two people sharing an ID"
        self.planted.append(Planted("id_duplicate", self.excel_row(first), header, note, dup))
        self.plant("id_duplicate", second, "id_number", dup, "same ID as an earlier row")
        i = pick(adults)
        self.plant("not_in_vocabulary", i, "labour_skill", "半劳动力", "not in 劳动技能 list")

        self._accepted_variants(free, pick)
        self._quality_plants(free, pick)
        return sorted(self.planted, key=lambda p: (p.row, p.code))

    def _age(self, i: int) -> int:
        return INCOME_YEAR - int(str(self.members["id_number"].iloc[i])[6:10])

    def _quality_plants(self, free: list[int], pick: Callable[[list[int]], int]) -> None:
        """One case of each cross-field problem of national's quality rules, each a valid
        value in its own cell (two cells for student_working); ages as of 2021-12-31."""
        rows_of = {h: self.rows_of(h) for h in dict.fromkeys(self.members["household_id"])}
        usable = set(free)

        def household(i: int) -> list[int]:
            return rows_of[self.members["household_id"].iloc[i]]

        def relation(i: int) -> str:
            return str(self.cell(i, "relation")).strip()

        def healthy(i: int) -> bool:
            return self.cell(i, "health") == "健康"

        def working(i: int) -> bool:
            months = self.cell(i, "work_months")
            return isinstance(months, int) and months > 0 and self.cell(i, "work_place") is not None

        def whole(h: list[int]) -> bool:  # no other plant in the household
            return all(j in usable for j in h)

        # many_spouses: a female member after the 配偶 of a man's household becomes 配偶 too
        def second_wife(i: int) -> bool:
            h = household(i)
            spouses = [j for j in h if relation(j) == "配偶"]
            return (
                whole(h)
                and len(spouses) == 1
                and i > spouses[0]
                and self.cell(h[0], "sex") == "男"
                and self.cell(i, "sex") == "女"
            )

        i = pick([i for i in free if second_wife(i)])
        self.plant("many_spouses", i, "relation", "配偶", "a second 配偶 in the household")

        # spouse_same_sex: in a household without 配偶, a member of the head's sex becomes one
        def same_sex(i: int) -> bool:
            h = household(i)
            return (
                whole(h)
                and i != h[0]
                and relation(h[0]) == HEAD
                and all(relation(j) != "配偶" for j in h)
                and self.cell(i, "sex") == self.cell(h[0], "sex")
            )

        i = pick([i for i in free if same_sex(i)])
        self.plant("spouse_same_sex", i, "relation", "配偶", "配偶 of the head's sex")
        grade = [i for i in free if self.cell(i, "schooling") in STUDENT_LEVELS]
        i = pick(grade)
        self.plant("education_and_schooling", i, "education_level", "小学", "a pupil with 文化程度")
        i = pick([i for i in free if working(i)])
        self.plant("work_place_months_mismatch", i, "work_months", 0, "a workplace, 0 months")
        insured = [i for i in free if self.cell(i, "employee_insurance") == NO]
        i = pick([i for i in insured if self.cell(i, "medical_insurance") == YES])
        self.plant("two_medical_schemes", i, "employee_insurance", YES, "both schemes 是")
        idle = [
            i
            for i in free
            if 20 <= self._age(i) <= 50
            and healthy(i)
            and self.cell(i, "schooling") is None
            and self.cell(i, "labour_skill") in LABOUR_CAPABLE
            and not self.cell(i, "work_months")
            and self.cell(i, "work_place") is None
        ]
        i = pick(idle)
        self.plant("labour_implausible", i, "labour_skill", "无劳动力", "healthy adult, no labour")
        i = pick(grade)
        self.plant("student_working", i, "work_months", 6, "a pupil with months of work")
        self.plant("student_working", i, "work_place", "广东省东莞市", "a pupil with a workplace")
        pupils = [i for i in free if self.cell(i, "schooling") == "小学" and healthy(i)]
        i = pick([i for i in pupils if 8 <= self._age(i) <= 12])
        self.plant("preschool_too_old", i, "schooling", "学前教育", "a pupil of 8–12 in preschool")
        i = pick([i for i in grade if self._age(i) <= 15])
        note = "a child at college"
        self.plant("schooling_too_advanced_for_age", i, "schooling", "高职高专一年级", note)
        phones = [i for i in free if self.cell(i, "member_phone") is not None]
        i = pick(phones)
        short = str(self.cell(i, "member_phone"))[:10]
        self.plant("phone_format", i, "member_phone", short, "a mobile one digit short")
        i = pick([i for i in free if working(i)])
        self.plant("working_without_labour", i, "labour_skill", "丧失劳动力", "working, no labour")
        i = pick(free)
        other = "女" if self.cell(i, "sex") == "男" else "男"
        self.plant("sex_mismatch", i, "sex", other, "性别 against the ID")

    def _set_money(self, i: int, field: str, value: int) -> None:
        """Change one income of a one-person household, net income unchanged.

        生产经营性支出 takes up the difference, or 工资性收入 where the expense would
        turn negative, so 人均纯收入(元) still agrees with the components.
        """
        old, expense, wage = (self.cell(i, f) for f in (field, "business_expense", "wage_income"))
        assert isinstance(old, int) and isinstance(expense, int) and isinstance(wage, int)
        self.set_cell(i, field, value)
        delta = value - old
        if expense + delta >= 0:
            self.set_cell(i, "business_expense", expense + delta)
        else:
            self.set_cell(i, "wage_income", wage - delta)

    def _accepted_variants(self, free: list[int], pick: Callable[[list[int]], int]) -> None:
        """Spellings a validator must accept: yes/no forms, full width, stray spaces."""
        yes_rows = [i for i in free if self.cell(i, "medical_insurance") == YES]
        for spelling in ("Y", "√", "1"):
            self.set_cell(pick(yes_rows), "medical_insurance", spelling)
        no_rows = [i for i in free if self.cell(i, "dibao") == NO]
        self.set_cell(pick(no_rows), "dibao", "N")
        months = [i for i in free if isinstance(self.cell(i, "work_months"), int)]
        i = pick(months)
        self.set_cell(i, "work_months", _to_full_width(str(self.cell(i, "work_months"))))
        # Amounts in full width or as text read as the same number on every member row.
        amounts = [i for i in free if isinstance(self.cell(i, "transfer_income"), int)]
        i = pick(amounts)
        self.set_cell(i, "transfer_income", _to_full_width(str(self.cell(i, "transfer_income"))))
        i = pick([i for i in free if isinstance(self.cell(i, "property_income"), int)])
        self.set_cell(i, "property_income", str(self.cell(i, "property_income")))
        i = pick(free)
        self.set_cell(i, "id_number", f" {self.cell(i, 'id_number')} ")
        i = pick([i for i in free if self.cell(i, "relation") == "配偶"])
        self.set_cell(i, "relation", "配偶 ")
        i = pick(free)
        self.set_cell(i, "township", f"{self.cell(i, 'township')} ")


def write_messy_roster(path: Path | str, seed: int = 7) -> list[Planted]:
    """Write a ~40-household export with the problems of ``PLANTED_CODES`` at known cells.

    Returns the manifest, sorted by row. Each problem sits in its own cell; every
    other cell is valid (see the module docstring for the accepted odd spellings).
    """
    messy = _Messy(seed)
    planted = messy.run()
    _write_national(messy.rows, path, NATIONAL_HEADERS, PERSON_SHEET, "（自定义）监测对象信息")
    return planted


__all__ = [
    "COUNTY",
    "EXPORT_HEADERS",
    "EXPORT_SHEET",
    "FIRST_DATA_ROW",
    "HOUSEHOLD_HEADERS",
    "INCOME_GROWTH",
    "INCOME_YEAR",
    "LATER_AS_OF",
    "LATER_LINE",
    "LATER_YEAR",
    "NATIONAL_HEADERS",
    "NATIONAL_HEADER_OF",
    "PERSON_HEADERS",
    "PLANTED_CODES",
    "QUALITY_PLANTED_CODES",
    "ROSTER_YEARS",
    "SCENARIOS",
    "TIDY_FIELDS",
    "TIDY_HEADERS",
    "Planted",
    "coarse_schooling",
    "generate_members",
    "id_check_digit",
    "roster_year",
    "write_export_xlsx",
    "write_gbk_csv",
    "write_messy_roster",
    "write_split_export",
    "write_tidy_xlsx",
]
