"""Seeded example department lists for the 排查 audit, with a manifest of what is planted.

``write_example_departments(directory, members, seed)`` writes one file of each
kind of ``departments.KINDS`` beside a roster made by ``sample.generate_members``,
as the departments keep them: a title row above the header, Chinese headers
(with the odd unit suffix and a column fanpin does not use), IDs as text. Half
are .xlsx, half GB18030 CSV (``EXAMPLE_FILES``). Everything is deterministic in
``seed``: the same members give byte-identical files.

Most rows are *background*: they agree with the roster (everyone the roster says
receives 低保, every 残疾 member, every 危房 household …) or fall below every
rule's threshold, so they raise nothing. The returned manifest lists what is
planted, each with the file and row (1-based, title and header rows counted):

- ``what == "finding"``: a department rule's finding (code ``dept_…``) for a
  household, or ``list_unknown_id`` for an ID that is not in the roster;
- ``what == "issue"``: a malformed row (``not_a_number``, ``not_in_vocabulary``,
  ``bad_yyyymm``, ``id_as_number``, ``id_checksum``, ``missing_value``,
  ``list_name_mismatch``).

Plants sit on households with nothing else to report (not monitored, no audit
scenario of the roster), or, for doubts and some early warnings, on monitored
households whose risk factors do not already include the one planted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from fanpin.io.schema import EMPLOYED, RISK_COLUMNS
from fanpin.outputs.write import save_reproducible
from fanpin.samples.roster import COUNTY, NEIGHBOUR_REGION_CODES, id_check_digit

EXAMPLE_FILES: dict[str, str] = {
    "medical": "medical.xlsx",
    "civil": "civil.csv",
    "disability": "disability.csv",
    "housing": "housing.xlsx",
    "education": "education.csv",
    "disaster": "disaster.xlsx",
    "employment": "employment.xlsx",
    "business": "business.csv",
    "vehicle": "vehicle.xlsx",
    "public_servant": "public_servant.csv",
    # 民政's low-income population list, for joint monitoring (domain.md §11)
    "low_income": "low_income.xlsx",
}
LINE = 6000.0  # the 2021 line the plants are sized against (rules take it from a profile)
AS_OF_YEAR = 2021

_TITLES = {
    "medical": f"{COUNTY}2021年度城乡居民医保合规自付费用明细（防返贫监测比对）",
    "civil": f"{COUNTY}民政局低保、特困供养、临时救助对象名单（2021年12月）",
    "disability": f"{COUNTY}残疾人联合会持证残疾人名单",
    "housing": f"{COUNTY}农村房屋安全鉴定结果汇总表（2021年）",
    "education": f"{COUNTY}义务教育阶段失学辍学学生台账（2021年秋季学期）",
    "disaster": f"{COUNTY}2021年度自然灾害受灾户损失统计表",
    "employment": f"{COUNTY}农村劳动力务工就业监测表（2021年）",
    "business": f"{COUNTY}市场主体登记信息（比对用）",
    "vehicle": f"{COUNTY}机动车登记信息（比对用）",
    "public_servant": f"{COUNTY}财政供养人员信息（比对用）",
    "low_income": f"{COUNTY}民政局农村低收入人口动态监测名单（2021年12月）",
}
_HEADERS = {
    "medical": (
        "序号",
        "姓名",
        "证件号码",
        "就诊机构",
        "就诊日期",
        "住院次数",
        "医疗总费用(元)",
        "合规自付费用(元)",
        "备注",
    ),
    "civil": ("序号", "乡镇", "村", "姓名", "身份证号码", "救助类型", "救助金额(元)", "起始年月"),
    "disability": ("序号", "姓名", "证件号码", "残疾类别", "残疾等级", "残疾人证号", "发证日期"),
    "housing": (
        "序号",
        "乡镇",
        "行政村",
        "户主姓名",
        "户主身份证号",
        "危房鉴定等级",
        "鉴定日期",
        "是否已改造",
    ),
    "education": ("序号", "学生姓名", "学生身份证号", "学校名称", "学段", "辍学时间"),
    "disaster": ("序号", "乡镇", "户主姓名", "证件号码", "受灾类型", "受灾日期", "损失金额(元)"),
    "employment": ("序号", "姓名", "证件号码", "务工地点", "务工时间(月)", "月均收入(元)"),
    "business": (
        "序号",
        "市场主体名称",
        "统一社会信用代码",
        "市场主体类型",
        "经营者",
        "经营者身份证号",
        "登记状态",
    ),
    "vehicle": (
        "序号",
        "号牌号码",
        "车辆类型",
        "中文品牌",
        "机动车所有人",
        "证件号码",
        "购置价格(元)",
        "初次登记日期",
    ),
    "public_servant": ("序号", "姓名", "证件号码", "单位名称", "人员类别"),
    "low_income": (
        "序号",
        "乡镇（街道）",
        "村（社区）",
        "姓名",
        "公民身份号码",
        "与户主关系",
        "低收入人口类型",
        "家庭人口数",
        "家庭年人均收入(元)",
        "认定时间",
    ),
}
_ID_HEADER = {
    "medical": "证件号码",
    "civil": "身份证号码",
    "disability": "证件号码",
    "housing": "户主身份证号",
    "education": "学生身份证号",
    "disaster": "证件号码",
    "employment": "证件号码",
    "business": "经营者身份证号",
    "vehicle": "证件号码",
    "public_servant": "证件号码",
    "low_income": "公民身份号码",
}
_NAME_HEADER = {
    "medical": "姓名",
    "civil": "姓名",
    "disability": "姓名",
    "housing": "户主姓名",
    "education": "学生姓名",
    "disaster": "户主姓名",
    "employment": "姓名",
    "business": "经营者",
    "vehicle": "机动车所有人",
    "public_servant": "姓名",
    "low_income": "姓名",
}
_INSTITUTIONS = ("资兴市第一人民医院", "资兴市中医医院", "郴州市第一人民医院", "乡镇卫生院")
_WORK_PLACES = {
    "省外务工": ("广东省深圳市", "广东省东莞市", "浙江省宁波市"),
    "省内县外务工": ("湖南省长沙市", "湖南省郴州市"),
    "县内务工": ("资兴市",),
    "公益岗位": ("本村公益岗位",),
}
_DISABILITY = (("肢体", "1"), ("视力", "2"), ("听力", "3"), ("智力", "4"), ("精神", "5"))
_GRADES = ("一级", "二级", "三级", "四级")
_DISASTERS = ("洪涝", "地质灾害", "干旱", "气象灾害")
_BRANDS = (
    ("五菱宏光", 52_000),
    ("长安 逸动", 68_000),
    ("大众 朗逸", 118_000),
    ("丰田 卡罗拉", 126_000),
    ("比亚迪 秦", 98_000),
    ("本田 雅阁", 178_000),
)
_EMPLOYERS = ("资兴市教育局", "资兴市人民医院", "东江街道办事处", "资兴市自然资源局", "兴宁镇中学")
_STRANGERS = ("欧阳建华", "邝秀英", "段志强", "钟玉兰", "谭桂花", "何冬生")
# 民政's spellings of the recognition types, as lists write them
_LOW_INCOME_SPELLINGS = {
    "dibao": ("低保", "低保对象"),
    "tekun": ("特困人员", "特困"),
    "dibao_marginal": ("低保边缘家庭", "低保边缘"),
    "rigid_expenditure": ("刚性支出困难家庭", "刚性支出困难"),
}
# plants that are findings of the audit's own checks (the others are department rules dept_…)
_FINDING_CODES = ("list_unknown_id", "low_income_not_monitored", "income_basis_differs")


@dataclass(frozen=True)
class PlantedDept:
    """One planted case: where it is and what ``fanpin audit`` must report for it."""

    kind: str
    file: str
    row: int
    what: Literal["finding", "issue"]
    code: str
    household_id: str | None
    id_number: str | None
    note: str


@dataclass
class _Row:
    cells: dict[str, Any]
    what: Literal["finding", "issue"] | None = None
    code: str = ""
    household_id: str | None = None
    note: str = ""


def example_paths(directory: Path | str) -> dict[str, Path]:
    """kind → the path ``write_example_departments`` writes that comparison list to."""
    return {kind: Path(directory) / name for kind, name in EXAMPLE_FILES.items()}


def write_example_departments(
    directory: Path | str, members: pd.DataFrame, seed: int = 431081
) -> list[PlantedDept]:
    """Write one list of every kind (``EXAMPLE_FILES``) into ``directory``; return the plants."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    rows = _Builder(members, seed).run()
    rng = np.random.default_rng(seed + 1)
    planted: list[PlantedDept] = []
    for kind, name in EXAMPLE_FILES.items():
        planted += _write_list(folder / name, kind, rows[kind], rng)
    return planted


def write_low_income_list(
    path: Path | str, members: pd.DataFrame, seed: int = 431081, *, line: float
) -> list[PlantedDept]:
    """民政's low-income list for a roster of another year (``members.attrs["year"]``,
    e.g. the 2026 example roster), sized against that year's ``line``: the findings the
    2021 list of ``write_example_departments`` plants (no malformed row: the later
    county's files are clean), titled and dated (认定时间 up to March) for that year.
    Returns the plants."""
    year = int(members.attrs.get("year", AS_OF_YEAR))
    builder = _Builder(members, seed, year=year, line=line)
    builder.low_income(malformed_rows=False)
    title = f"{COUNTY}民政局农村低收入人口动态监测名单（{year}年3月）"
    rows = builder.rows["low_income"]
    return _write_list(Path(path), "low_income", rows, np.random.default_rng(seed + 1), title)


def _write_list(
    path: Path, kind: str, rows: list[_Row], rng: np.random.Generator, title: str | None = None
) -> list[PlantedDept]:
    """One list, its rows in ``rng``'s order and numbered (序号); returns its plants."""
    listed = [rows[i] for i in rng.permutation(len(rows))]
    planted: list[PlantedDept] = []
    for number, row in enumerate(listed, start=1):
        row.cells["序号"] = number
        if row.what is not None:
            planted.append(
                PlantedDept(
                    kind=kind,
                    file=path.name,
                    row=number + 2,
                    what=row.what,
                    code=row.code,
                    household_id=row.household_id,
                    id_number=_id_text(row.cells.get(_ID_HEADER[kind])),
                    note=row.note,
                )
            )
    matrix = [[row.cells.get(h) for h in _HEADERS[kind]] for row in listed]
    if path.name.endswith(".xlsx"):
        _write_xlsx(path, kind, matrix, title)
    else:
        _write_csv(path, kind, matrix)
    return planted


def _id_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return f"{value:.0f}" if isinstance(value, int | float) else str(value)


class _Builder:
    """Chooses households and members from the roster and builds each list's rows."""

    def __init__(
        self, members: pd.DataFrame, seed: int, *, year: int = AS_OF_YEAR, line: float = LINE
    ) -> None:
        self.rng = np.random.default_rng(seed)
        # The low-income list is also written for a later roster (``write_low_income_list``).
        self.year, self.line = year, line
        # Plain numpy columns without attrs: row-by-row picking stays cheap.
        m = pd.DataFrame(
            {
                name: members[name]
                if members[name].dtype.kind in "fiub"
                else pd.Series(members[name].to_numpy(dtype=object), dtype=object)
                for name in members.columns
            }
        )
        m["age"] = year - m["id_number"].str[6:10].astype(int)
        self.m = m
        scenario_ids = {h for ids in members.attrs.get("scenarios", {}).values() for h in ids}
        self.scenario_ids = scenario_ids
        keys = m["household_id"]
        declared = m[list(RISK_COLUMNS)].astype(object).fillna("").agg("、".join, axis=1)
        first = ~keys.duplicated()
        h = m.loc[first].set_index("household_id")
        h["size"] = keys.value_counts()
        h["declared"] = declared[first].to_numpy()

        def any_of(mask: pd.Series) -> pd.Series:
            return mask.groupby(keys).any().reindex(h.index)

        h["ill"] = any_of(m["health"].isin(["长期慢性病", "患有大病"]))
        h["disabled"] = any_of(m["health"].eq("残疾"))
        h["uninsured"] = any_of(m["medical_insurance"].eq("否"))
        h["employed"] = m["employment"].isin(EMPLOYED).groupby(keys).sum().reindex(h.index)
        h["monitored"] = h["recorded_category"].notna()
        h["active"] = h["monitored"] & h["risk_eliminated"].eq("否")
        h["eliminated"] = h["monitored"] & h["risk_eliminated"].eq("是")
        components = h[["wage_income", "business_income", "property_income", "transfer_income"]]
        net = components.astype(float).fillna(0.0).sum(axis=1)
        net -= h["business_expense"].astype(float).fillna(0.0)
        h["per_capita"] = (net / h["size"]).where(
            components.notna().any(axis=1), h["reported_per_capita_income"].astype(float)
        )
        h["plain"] = ~h["monitored"] & ~h.index.isin(scenario_ids)
        self.h = h
        self.size: dict[str, int] = {str(k): int(v) for k, v in h["size"].items()}
        self.wage: dict[str, float] = {
            str(k): float(v) for k, v in h["wage_income"].fillna(0.0).items()
        }
        self.per_capita: dict[str, float] = {str(k): float(v) for k, v in h["per_capita"].items()}
        self.positions = m.groupby("household_id", sort=False).indices
        self.used: set[str] = set()
        self.rows: dict[str, list[_Row]] = {kind: [] for kind in EXAMPLE_FILES}

    # -- choosing ---------------------------------------------------------------------------

    def households(self, mask: pd.Series, count: int, *, reserve: bool = True) -> list[str]:
        """``count`` households where ``mask`` holds, not used by a plant yet, sorted."""
        mask = mask.fillna(False).astype(bool)
        pool = sorted(set(mask[mask].index) - self.used)
        if not pool:
            return []
        chosen = self.rng.choice(len(pool), size=min(count, len(pool)), replace=False)
        picked = sorted(pool[i] for i in chosen)
        if reserve:
            self.used.update(picked)
        return picked

    def members_of(self, household: str) -> pd.DataFrame:
        return self.m.iloc[self.positions[household]]

    def adult(self, household: str) -> pd.Series:
        people = self.members_of(household)
        adults = people.loc[people["age"].between(18, 64)]
        chosen = adults if len(adults) else people
        return chosen.iloc[int(self.rng.integers(len(chosen)))]

    def plant(
        self, kind: str, cells: dict[str, Any], code: str, household: str | None, note: str
    ) -> None:
        what: Literal["finding", "issue"] = (
            "finding" if code.startswith("dept_") or code in _FINDING_CODES else "issue"
        )
        self.rows[kind].append(_Row(cells, what, code, household, note))

    def background(self, kind: str, cells: dict[str, Any]) -> None:
        self.rows[kind].append(_Row(cells))

    def stranger_id(self, index: int) -> str:
        """A valid ID of someone from a neighbouring county, not in the roster."""
        region = NEIGHBOUR_REGION_CODES[index % len(NEIGHBOUR_REGION_CODES)][0]
        taken = set(self.m["id_number"])
        while True:
            year = int(self.rng.integers(1960, 2000))
            month, day = int(self.rng.integers(1, 13)), int(self.rng.integers(1, 29))
            order = int(self.rng.integers(100, 999))
            prefix = f"{region}{year}{month:02d}{day:02d}{order:03d}"
            candidate = prefix + id_check_digit(prefix)
            if candidate not in taken:
                return candidate

    def money(self, low: float, high: float, step: int = 10) -> int:
        return int(round(float(self.rng.uniform(low, high)) / step) * step)

    def month_text(self, first: int, last: int) -> str:
        return f"{int(self.rng.integers(first, last))}-{int(self.rng.integers(1, 13)):02d}"

    def date_text(self, months: Sequence[int] = tuple(range(1, 13))) -> str:
        month = int(self.rng.choice(months))
        return f"{AS_OF_YEAR}-{month:02d}-{int(self.rng.integers(1, 29)):02d}"

    # -- the lists --------------------------------------------------------------------------

    def run(self) -> dict[str, list[_Row]]:
        h = self.h
        plain, active = h["plain"], h["active"]
        no_illness = ~h["ill"] & ~h["uninsured"] & ~h["declared"].str.contains("因病")
        no_illness &= h["compliant_expense"].astype(float) / h["size"] < 0.2 * LINE
        self.medical(
            self.households(plain & no_illness, 2) + self.households(active & no_illness, 1)
        )
        self.civil()
        no_disability = ~h["disabled"] & ~h["declared"].str.contains("因残")
        self.disability(
            self.households(plain & no_disability, 2) + self.households(active & no_disability, 1)
        )
        safe = h["unsafe_housing"].eq("否") & ~h["declared"].str.contains("因安全住房")
        self.housing(self.households(plain & safe, 2), self.households(active & safe, 1))
        children = self.m["age"].between(8, 13) & self.m["schooling"].isin(["小学", "初中"])
        with_child = children.groupby(self.m["household_id"]).any().reindex(h.index)
        self.education(self.households(plain & with_child, 2))
        self.disaster(
            self.households(plain, 2)
            + self.households(active & ~h["declared"].str.contains("因自然灾害"), 1)
        )
        working = h["employed"].gt(0) & ~h["declared"].str.contains("因务工就业不稳")
        self.employment(
            self.households(plain & working, 2),
            self.households(active & h["employed"].gt(0) & h["wage_income"].gt(0), 1),
        )
        self.business(self.households(active, 1))
        self.vehicle(self.households(active, 1))
        self.public_servant(self.households(active, 1))
        self.low_income()
        return self.rows

    def medical(self, planted: list[str]) -> None:
        m = self.m
        ill = m.loc[
            m["health"].isin(["长期慢性病", "患有大病"]) & ~m["household_id"].isin(self.used)
        ]
        for _, person in ill.iterrows():
            serious = person["health"] == "患有大病"
            for _ in range(1 + int(self.rng.random() < 0.4)):
                cost = self.money(5_000, 40_000) if serious else self.money(300, 3_000)
                self.background("medical", self._medical_cells(person, cost, int(serious)))
        small = self.households(self.h["plain"] & ~self.h["ill"], 30, reserve=False)
        bad = small[0] if small else None
        for household in small:
            person = self.adult(household)
            cells = self._medical_cells(person, self.money(150, 1_200), 0)
            if household == bad:
                cells["合规自付费用(元)"] = "三千"
                self.plant("medical", cells, "not_a_number", household, "cost written in words")
            else:
                self.background("medical", cells)
        for household in planted:
            person = self.adult(household)
            total = self.money(2_500, 6_000) * self.size[household]
            first = int(round(total * 0.6, -1))
            for cost in (first, total - first):
                self.plant(
                    "medical",
                    self._medical_cells(person, cost, 1),
                    "dept_medical_cost",
                    household,
                    f"compliant cost {total} yuan for {self.size[household]} people",
                )
        stranger = self.stranger_id(0)
        cells = {"姓名": _STRANGERS[0], "证件号码": stranger, "合规自付费用(元)": 8_600}
        cells |= {"就诊机构": _INSTITUTIONS[2], "就诊日期": self.date_text(), "住院次数": 1}
        self.plant("medical", cells, "list_unknown_id", None, "patient from another county")

    def _medical_cells(self, person: pd.Series, cost: int, stays: int) -> dict[str, Any]:
        month = int(self.rng.integers(1, 13))
        day = int(self.rng.integers(1, 29))
        when: Any = (
            datetime(AS_OF_YEAR, month, day)
            if self.rng.random() < 0.5
            else f"{AS_OF_YEAR}-{month:02d}-{day:02d}"
        )
        return {
            "姓名": person["name"],
            "证件号码": person["id_number"],
            "就诊机构": _INSTITUTIONS[int(self.rng.integers(len(_INSTITUTIONS)))],
            "就诊日期": when,
            "住院次数": stays,
            "医疗总费用(元)": int(cost * float(self.rng.uniform(2.5, 4.0))),
            "合规自付费用(元)": cost,
        }

    def civil(self) -> None:
        m = self.m
        on_list = m.loc[(m["dibao"].eq("是") | m["tekun"].eq("是"))]
        for _, person in on_list.iterrows():
            tekun = person["tekun"] == "是"
            self.background(
                "civil",
                self._civil_cells(
                    person,
                    "特困供养" if tekun else "低保",
                    self.money(700, 900) if tekun else self.money(300, 520),
                    f"{int(self.rng.integers(2015, 2022))}{int(self.rng.integers(1, 13)):02d}",
                ),
            )
        for household in self.households(self.h["active"], 4, reserve=False):
            self.background(
                "civil",
                self._civil_cells(
                    self.adult(household), "临时救助", self.money(1_000, 5_000), None
                ),
            )
        relief = self.households(self.h["plain"], 1)
        for household in relief:
            self.plant(
                "civil",
                self._civil_cells(self.adult(household), "临时救助", 3_000, "202109"),
                "dept_temporary_relief",
                household,
                "temporary relief for a household not monitored",
            )
        unrecorded = self.households(self.h["plain"], 1)
        for household in unrecorded:
            people = self.members_of(household)
            person = people.loc[people["dibao"].eq("否")].iloc[0]
            self.plant(
                "civil",
                self._civil_cells(person, "低保", 420, "202106"),
                "dept_dibao_unrecorded",
                household,
                "on 低保 per civil affairs, 否 in the roster",
            )
        for household in self.households(self.h["plain"], 1):
            self.plant(
                "civil",
                self._civil_cells(self.adult(household), "救济", 500, "202103"),
                "not_in_vocabulary",
                household,
                "assistance type 救济 is not a known type",
            )
        stranger: dict[str, Any] = {"姓名": _STRANGERS[1], "身份证号码": self.stranger_id(1)}
        stranger |= {"救助类型": "低保"}
        stranger |= {"救助金额(元)": 380, "起始年月": "202001"}
        self.plant("civil", stranger, "list_unknown_id", None, "低保 recipient not in the roster")

    def _civil_cells(
        self, person: pd.Series, kind: str, amount: int, start: str | None
    ) -> dict[str, Any]:
        return {
            "乡镇": person["township"],
            "村": person["village"],
            "姓名": person["name"],
            "身份证号码": person["id_number"],
            "救助类型": kind,
            "救助金额(元)": f"{amount:.2f}",
            "起始年月": start,
        }

    def disability(self, planted: list[str]) -> None:
        m = self.m
        for _, person in m.loc[m["health"].eq("残疾")].iterrows():
            self.background("disability", self._disability_cells(person))
        for household in planted:
            self.plant(
                "disability",
                self._disability_cells(self.adult(household)),
                "dept_disability",
                household,
                "certified disability, 健康 in the roster",
            )

    def _disability_cells(self, person: pd.Series) -> dict[str, Any]:
        category, digit = _DISABILITY[int(self.rng.integers(len(_DISABILITY)))]
        grade = int(self.rng.integers(4))
        return {
            "姓名": person["name"],
            "证件号码": person["id_number"],
            "残疾类别": category,
            "残疾等级": _GRADES[grade],
            "残疾人证号": f"{person['id_number']}{digit}{grade + 1}",
            "发证日期": self.month_text(2010, 2022),
        }

    def housing(self, planted: list[str], planted_monitored: list[str]) -> None:
        h = self.h
        unsafe = h.loc[h["unsafe_housing"].eq("是") & ~h.index.isin(self.used)].index
        for household in unsafe:
            grade = "D" if self.rng.random() < 0.3 else "C"
            self.background("housing", self._housing_cells(household, grade, "否"))
        for household in self.households(h["plain"], 12, reserve=False):
            grade = "A" if self.rng.random() < 0.6 else "B"
            self.background("housing", self._housing_cells(household, grade, None))
        for household in self.households(h["plain"], 2, reserve=False):
            self.background("housing", self._housing_cells(household, "C", "是"))
        for household, grade in [(x, "D") for x in planted] + [(x, "C") for x in planted_monitored]:
            self.plant(
                "housing",
                self._housing_cells(household, grade, "否"),
                "dept_unsafe_housing",
                household,
                f"appraised {grade}, 是否危房户 否 in the roster",
            )
        for household in self.households(h["plain"], 1):
            self.plant(
                "housing",
                self._housing_cells(household, "E级", "否"),
                "not_in_vocabulary",
                household,
                "grade E does not exist",
            )

    def _housing_cells(self, household: str, grade: str, renovated: str | None) -> dict[str, Any]:
        head = self.members_of(household).iloc[0]
        return {
            "乡镇": head["township"],
            "行政村": head["village"],
            "户主姓名": head["name"],
            "户主身份证号": head["id_number"],
            "危房鉴定等级": grade if len(grade) > 1 or self.rng.random() < 0.5 else f"{grade}级",
            "鉴定日期": self.date_text(range(3, 11)),
            "是否已改造": renovated,
        }

    def education(self, planted: list[str]) -> None:
        m = self.m
        for _, child in m.loc[m["schooling"].eq("失学辍学")].iterrows():
            self.background("education", self._education_cells(child, "初中"))
        children = m["age"].between(8, 13) & m["schooling"].isin(["小学", "初中"])
        for household in planted:
            child = self.members_of(household).loc[children].iloc[0]
            self.plant(
                "education",
                self._education_cells(child, str(child["schooling"])),
                "dept_dropout",
                household,
                f"dropout per education, {child['schooling']} in the roster",
            )
        spare = self.households(
            children.groupby(m["household_id"]).any().reindex(self.h.index) & self.h["plain"], 1
        )
        for household in spare:
            child = self.members_of(household).loc[children].iloc[0]
            cells = self._education_cells(child, str(child["schooling"]))
            good = str(child["id_number"])
            cells["学生身份证号"] = good[:17] + ("0" if good[17] != "0" else "1")
            self.plant("education", cells, "id_checksum", household, "ID mistyped (check digit)")

    def _education_cells(self, child: pd.Series, stage: str) -> dict[str, Any]:
        school = f"{child['township'].removesuffix('街道').removesuffix('镇')}"
        school += "中学" if stage == "初中" else "中心小学"
        return {
            "学生姓名": child["name"],
            "学生身份证号": child["id_number"],
            "学校名称": school,
            "学段": stage,
            "辍学时间": f"{AS_OF_YEAR}{int(self.rng.integers(3, 10)):02d}",
        }

    def disaster(self, planted: list[str]) -> None:
        h = self.h
        small = self.households(h["plain"], 25, reserve=False)
        for index, household in enumerate(small):
            loss = self.money(100, 1_200) * self.size[household]
            cells = self._disaster_cells(household, loss)
            if index == 0:
                cells["受灾日期"] = f"{AS_OF_YEAR}-13-05"
                self.plant("disaster", cells, "bad_yyyymm", household, "month 13")
            else:
                self.background("disaster", cells)
        declared = h["active"] & h["declared"].str.contains("因自然灾害")
        for household in self.households(declared, 1, reserve=False):
            loss = self.money(3_000, 6_000) * self.size[household]
            self.background("disaster", self._disaster_cells(household, loss))
        for household in planted:
            loss = self.money(2_500, 8_000) * self.size[household]
            self.plant(
                "disaster",
                self._disaster_cells(household, loss, "洪涝"),
                "dept_disaster",
                household,
                f"flood loss {loss} yuan",
            )

    def _disaster_cells(self, household: str, loss: int, kind: str | None = None) -> dict[str, Any]:
        head = self.members_of(household).iloc[0]
        return {
            "乡镇": head["township"],
            "户主姓名": head["name"],
            "证件号码": head["id_number"],
            "受灾类型": kind or _DISASTERS[int(self.rng.integers(len(_DISASTERS)))],
            "受灾日期": self.date_text(range(5, 10)),
            "损失金额(元)": loss,
        }

    def employment(self, unstable: list[str], understated: list[str]) -> None:
        m = self.m
        long_work = m["employment"].isin(EMPLOYED) & m["work_months"].fillna(0).ge(6)
        with_work = long_work.groupby(m["household_id"]).any().reindex(self.h.index)
        background = self.households(with_work, 80, reserve=False)
        for index, household in enumerate(background):
            people = self.members_of(household).loc[long_work]
            wage = self.wage[household]
            monthly = round(wage * 0.85 / float(people["work_months"].sum()), -1)
            for position, (_, person) in enumerate(people.iterrows()):
                cells = self._employment_cells(person, int(person["work_months"]), monthly)
                if index == 0 and position == 0:
                    cells["证件号码"] = int(person["id_number"][:17] + "0")
                    self.plant("employment", cells, "id_as_number", household, "ID as a number")
                else:
                    self.background("employment", cells)
        for household in unstable:
            people = self.members_of(household)
            people = people.loc[people["employment"].isin(EMPLOYED)]
            for _, person in people.iterrows():
                months = int(self.rng.integers(2, 5))
                self.plant(
                    "employment",
                    self._employment_cells(person, months, self.money(2_500, 4_000)),
                    "dept_unstable_employment",
                    household,
                    f"worked {months} months",
                )
        for household in understated:
            people = self.members_of(household)
            people = people.loc[people["employment"].isin(EMPLOYED)]
            wage = self.wage[household]
            monthly = round(wage * 1.8 / 10 / len(people) + 500, -1)
            for _, person in people.iterrows():
                self.plant(
                    "employment",
                    self._employment_cells(person, 10, monthly),
                    "dept_wage_understated",
                    household,
                    f"wages {monthly * 10 * len(people):.0f} against roster {wage:.0f}",
                )

    def _employment_cells(self, person: pd.Series, months: int, monthly: float) -> dict[str, Any]:
        places = _WORK_PLACES.get(str(person["employment"]), ("资兴市",))
        return {
            "姓名": person["name"],
            "证件号码": person["id_number"],
            "务工地点": places[int(self.rng.integers(len(places)))],
            "务工时间(月)": months,
            "月均收入(元)": monthly,
        }

    def business(self, planted: list[str]) -> None:
        for index, household in enumerate(self.households(self.h["plain"], 20, reserve=False)):
            status = "注销" if index % 4 == 3 else "存续"
            cells = self._business_cells(self.adult(household), status)
            if index == 0:
                cells["经营者身份证号"] = None
                self.plant("business", cells, "missing_value", household, "ID left empty")
            else:
                self.background("business", cells)
        for household in self.households(self.h["active"], 1):
            cells = self._business_cells(self.adult(household), "注销")
            self.background("business", cells)
        for household in planted:
            self.plant(
                "business",
                self._business_cells(self.adult(household), "存续"),
                "dept_business",
                household,
                "registered business of a monitored household",
            )

    def _business_cells(self, person: pd.Series, status: str) -> dict[str, Any]:
        trade = ("农产品经营部", "百货店", "养殖场", "建材经营部")[int(self.rng.integers(4))]
        code = "".join(str(d) for d in self.rng.integers(0, 10, size=8))
        return {
            "市场主体名称": f"{COUNTY}{person['name']}{trade}",
            "统一社会信用代码": f"92431081MA4L{code[:6]}",
            "市场主体类型": "个体工商户",
            "经营者": person["name"],
            "经营者身份证号": person["id_number"],
            "登记状态": status,
        }

    def vehicle(self, planted: list[str]) -> None:
        for index, household in enumerate(self.households(self.h["plain"], 30, reserve=False)):
            person = self.adult(household)
            brand, price = _BRANDS[int(self.rng.integers(len(_BRANDS)))]
            cells = self._vehicle_cells(person, brand, price)
            if index == 0:
                cells["机动车所有人"] = str(person["name"])[:-1] + "明"
                if cells["机动车所有人"] == person["name"]:
                    cells["机动车所有人"] = str(person["name"])[:-1] + "华"
                self.plant(
                    "vehicle", cells, "list_name_mismatch", household, "owner's name differs"
                )
            else:
                self.background("vehicle", cells)
        for household in self.households(self.h["active"], 1):
            self.background(
                "vehicle", self._vehicle_cells(self.adult(household), "五菱之光", 35_000)
            )
        for household in planted:
            self.plant(
                "vehicle",
                self._vehicle_cells(self.adult(household), "大众 帕萨特", 168_000),
                "dept_vehicle",
                household,
                "car bought for 168,000 yuan",
            )
        cells = {"机动车所有人": _STRANGERS[2], "证件号码": self.stranger_id(2)}
        cells |= {"中文品牌": "丰田 凯美瑞", "购置价格(元)": 189_000, "号牌号码": "湘L·3K209"}
        self.plant("vehicle", cells, "list_unknown_id", None, "owner not in the roster")

    def _vehicle_cells(self, person: pd.Series, brand: str, price: int) -> dict[str, Any]:
        plate = "".join(str(d) for d in self.rng.integers(0, 10, size=4))
        return {
            "号牌号码": f"湘L·{plate[:1]}{chr(65 + int(self.rng.integers(26)))}{plate[1:]}",
            "车辆类型": "小型普通客车" if price > 40_000 else "小型面包车",
            "中文品牌": brand,
            "机动车所有人": person["name"],
            "证件号码": person["id_number"],
            "购置价格(元)": price,
            "初次登记日期": self.month_text(2012, 2022),
        }

    def public_servant(self, planted: list[str]) -> None:
        for household in self.households(self.h["plain"], 20, reserve=False):
            self.background("public_servant", self._servant_cells(self.adult(household)))
        for household in planted:
            self.plant(
                "public_servant",
                self._servant_cells(self.adult(household)),
                "dept_public_servant",
                household,
                "state-funded member of a monitored household",
            )
        cells = {"姓名": _STRANGERS[3], "证件号码": self.stranger_id(3)}
        cells |= {"单位名称": _EMPLOYERS[0], "人员类别": "事业编制"}
        self.plant("public_servant", cells, "list_unknown_id", None, "staff not in the roster")

    def _servant_cells(self, person: pd.Series) -> dict[str, Any]:
        return {
            "姓名": person["name"],
            "证件号码": person["id_number"],
            "单位名称": _EMPLOYERS[int(self.rng.integers(len(_EMPLOYERS)))],
            "人员类别": ("公务员", "事业编制", "财政供养")[int(self.rng.integers(3))],
        }

    def low_income(self, *, malformed_rows: bool = True) -> None:
        """民政's low-income list: background rows on monitored households whose income 民政
        counts within a few percent of the roster; plants: bases far apart on monitored
        households, listed households the roster does not monitor (two clearly above the
        watch margin, one whose risk was eliminated), strangers, and (``malformed_rows``)
        two malformed rows."""
        h = self.h
        positive = h["per_capita"].gt(0)
        apart = self.households(h["active"] & positive, 3)
        for household, factor in zip(apart, (0.55, 0.6, 1.6), strict=False):
            for cells in self._low_income_household(household, factor, ""):
                income = cells["家庭年人均收入(元)"]
                self.plant(
                    "low_income",
                    cells,
                    "income_basis_differs",
                    household,
                    f"民政 counts {income} a head, the roster {self.per_capita[household]:.0f}",
                )
        line = self.line
        well_off = h["plain"] & h["per_capita"].ge(1.4 * line)
        well_off &= (
            h["per_capita"] - h["compliant_expense"].astype(float).fillna(0) / h["size"]
        ).ge(1.4 * line)
        eliminated = (
            h["eliminated"] & h["per_capita"].ge(1.4 * line) & ~h.index.isin(self.scenario_ids)
        )
        for household in self.households(well_off, 2) + self.households(eliminated, 1):
            for cells in self._low_income_household(household, 1.0, "dibao_marginal", limit=2):
                self.plant(
                    "low_income",
                    cells,
                    "low_income_not_monitored",
                    household,
                    "on 民政's list, not monitored, proposed or watched",
                )
        background = [x for x in h.index[h["active"] & positive] if x not in self.used]
        malformed = 0 if malformed_rows else 2
        for household in background:
            people = self.members_of(household)
            relief = bool((people["dibao"].eq("是") | people["tekun"].eq("是")).any())
            if not relief and self.rng.random() < 0.4:
                continue
            factor = float(self.rng.uniform(0.93, 1.07))
            for cells in self._low_income_household(household, factor, ""):
                if malformed == 0 and len(self.members_of(household)) > 1:
                    cells["低收入人口类型"] = "优抚对象"
                    malformed += 1
                    self.plant("low_income", cells, "not_in_vocabulary", household, "not a type")
                elif malformed == 1 and len(self.members_of(household)) > 1:
                    cells["家庭年人均收入(元)"] = "约五千"
                    malformed += 1
                    self.plant("low_income", cells, "not_a_number", household, "income in words")
                else:
                    self.background("low_income", cells)
        for index in (4, 5):
            cells = {"姓名": _STRANGERS[index], "公民身份号码": self.stranger_id(index)}
            cells |= {"低收入人口类型": "低保", "家庭人口数": 2, "家庭年人均收入(元)": 4_860}
            cells |= {"与户主关系": "户主", "认定时间": "2020-09-15"}
            self.plant("low_income", cells, "list_unknown_id", None, "not in the roster")

    def _low_income_household(
        self, household: str, factor: float, kind: str, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Rows for a household's members as 民政 lists them: 特困 for a 特困 member, 低保 for
        a 低保 household, else ``kind`` or 低保边缘 / 刚性支出困难 (an ill member)."""
        people = self.members_of(household)
        if limit is not None:
            people = people.iloc[:limit]
        on_dibao = people["dibao"].eq("是").any()
        ill = people["health"].isin(["长期慢性病", "患有大病"]).any()
        default = kind or (
            "dibao" if on_dibao else "rigid_expenditure" if ill else "dibao_marginal"
        )
        income = int(round(self.per_capita[household] * factor, -1))
        # 认定时间: in the five years up to the list's year (no later than its March)
        month = int(self.rng.integers(self.year - 5, self.year + 1)) * 100
        month += int(self.rng.integers(1, 13 if self.year == AS_OF_YEAR else 4))
        written = f"{month // 100}-{month % 100:02d}-{int(self.rng.integers(1, 29)):02d}"
        rows = []
        for _, person in people.iterrows():
            code = "tekun" if person["tekun"] == "是" and not kind else default
            spellings = _LOW_INCOME_SPELLINGS[code]
            rows.append(
                {
                    "乡镇（街道）": person["township"],
                    "村（社区）": person["village"],
                    "姓名": person["name"],
                    "公民身份号码": person["id_number"],
                    "与户主关系": person["relation"],
                    "低收入人口类型": spellings[int(self.rng.integers(len(spellings)))],
                    "家庭人口数": self.size[household],
                    "家庭年人均收入(元)": income,
                    "认定时间": written if self.rng.random() < 0.5 else str(month),
                }
            )
        return rows


# -- writing --------------------------------------------------------------------------------


def _write_csv(path: Path, kind: str, matrix: Sequence[Sequence[Any]]) -> None:
    """GB18030 CSV with a title line, as a department saves "CSV (逗号分隔)" from Excel."""
    headers = _HEADERS[kind]
    title = [_TITLES[kind], *[""] * (len(headers) - 1)]
    frame = pd.DataFrame([title, list(headers), *[[_csv_cell(v) for v in r] for r in matrix]])
    frame.to_csv(path, index=False, header=False, encoding="gb18030", lineterminator="\r\n")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _write_xlsx(
    path: Path, kind: str, matrix: Sequence[Sequence[Any]], title: str | None = None
) -> None:
    """A workbook with a merged title row (``title``, else the kind's), a bold header, IDs
    as text; byte-identical."""
    headers = _HEADERS[kind]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append([title or _TITLES[kind]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.append(list(headers))
    for column in range(1, len(headers) + 1):
        sheet.cell(row=2, column=column).font = Font(bold=True)
    text_columns = {headers.index(_ID_HEADER[kind]) + 1}
    for values in matrix:
        sheet.append(list(values))
    for column in text_columns:
        for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
            if isinstance(cell.value, str):
                cell.number_format = "@"
    for column, header in enumerate(headers, start=1):
        wide = 21 if column in text_columns else max(8, 2 * len(header) + 2)
        sheet.column_dimensions[get_column_letter(column)].width = wide
    workbook.properties.creator = COUNTY
    save_reproducible(workbook, path)
