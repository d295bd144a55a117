"""Builders for tiny rosters: valid member rows, correct resident IDs, xlsx and CSV writers.

Rows are dicts keyed by the header as written in the file. ``member`` starts from
the schema's Chinese headers (``fanpin.schema.BY_NAME[name].header``), so a test
names fields by their canonical English name and never spells a header by hand
unless the spelling is what it tests.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from fanpin.io.issues import ISSUE_COLUMNS, issue_records
from fanpin.io.schema import BY_NAME, Kind, match_header

Row = dict[str, Any]
OMIT = object()  # an override value that drops the column from the row

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# Household-level text fields merged vertically across both rows of a two-level header.
VERTICAL_FIELDS = ("county", "township", "village", "household_id")


def header(name: str) -> str:
    """The schema's Chinese header of a canonical field."""
    return BY_NAME[name].header


def check_digit(prefix: str) -> str:
    """The GB 11643 check character for a 17-digit prefix (computed independently)."""
    total = sum(int(d) * w for d, w in zip(prefix, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def valid_id(birth: str = "19800101", order: str = "001", region: str = "431081") -> str:
    """A well-formed 18-character resident ID with a correct check digit."""
    prefix = f"{region}{birth}{order}"
    assert len(prefix) == 17, prefix
    return prefix + check_digit(prefix)


def wrong_check_id(birth: str = "19800101", order: str = "001") -> tuple[str, str]:
    """An ID whose last character is wrong, and the character it should have."""
    good = valid_id(birth, order)
    bad_char = "0" if good[-1] != "0" else "1"
    return good[:-1] + bad_char, good[-1]


def mask(value: str) -> str:
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


_MEMBER_DEFAULTS: dict[str, Any] = {
    "county": "资兴市",
    "township": "唐洞街道",
    "village": "新市村",
    "household_id": "H001",
    "name": "张三",
    "id_number": valid_id(),
    "relation": "户主",
    "declared_size": 1,
    "household_type": "脱贫户",
    "recorded_category": "",
    "monitored_since": "202103",
    "labour_skill": "普通劳动力",
    "health": "健康",
    "schooling": "非在校生",
    "employment": "县内务工",
    "medical_insurance": "是",
    "unsafe_housing": "否",
    "safe_water": "是",
    "wage_income": 10000,
    "business_income": 2000,
    "property_income": 0,
    "transfer_income": 1000,
    "business_expense": 1000,
    "reported_per_capita_income": 12000,
}


_INCOME_COMPONENTS = ("wage_income", "business_income", "property_income", "transfer_income")


def member(**overrides: Any) -> Row:
    """A valid member row (a one-person household by default), keyed by Chinese header.

    Overrides use canonical field names; ``OMIT`` drops a column.
    """
    unknown = set(overrides) - set(BY_NAME)
    assert not unknown, f"not schema fields: {unknown}"
    values = {**_MEMBER_DEFAULTS, **overrides}
    return {header(name): value for name, value in values.items() if value is not OMIT}


def household(
    household_id: str = "H001",
    size: int = 2,
    first_order: int = 1,
    relations: Sequence[str] | None = None,
    **overrides: Any,
) -> list[Row]:
    """A consistent household: a head then members, household fields repeated on each row.

    ``declared_size`` and ``reported_per_capita_income`` agree with the member count
    unless overridden.
    """
    relations = list(relations or ["户主", "配偶", "之子", "之女", "之父", "之母"][:size])
    common = {"household_id": household_id, "declared_size": size, **overrides}
    if "reported_per_capita_income" not in overrides:  # needs numeric components

        def amount(name: str) -> Any:
            return overrides.get(name, _MEMBER_DEFAULTS[name])

        net = sum(amount(n) for n in _INCOME_COMPONENTS) - amount("business_expense")
        common["reported_per_capita_income"] = round(net / size, 2)
    return [
        member(
            name=f"成员{first_order + i}",
            id_number=valid_id(order=f"{first_order + i:03d}"),
            relation=relation,
            **{k: v for k, v in common.items() if k not in {"name", "id_number", "relation"}},
        )
        for i, relation in enumerate(relations)
    ]


def rename(rows: Iterable[Row | None], mapping: Mapping[str, str]) -> list[Row | None]:
    """Rows with some headers written differently ({schema header: header as written})."""
    return [None if row is None else {mapping.get(k, k): v for k, v in row.items()} for row in rows]


def columns_of(rows: Iterable[Row | None]) -> list[str]:
    """Headers in first-seen order across rows."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row or {}:
            seen.setdefault(key)
    return list(seen)


def _group_of(written: str) -> str:
    name = match_header(written)
    field = BY_NAME.get(name or "")
    if field is None:
        return "其他信息"
    if field.kind is Kind.MONEY:
        return "收入情况"
    return "家庭成员信息" if field.level == "member" else "家庭信息"


def write_xlsx(
    path: Path,
    rows: Sequence[Row | None],
    *,
    sheet: str = "花名册",
    title_rows: int = 0,
    group_header: bool = False,
    sheets_before: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    start_row: int = 1,
) -> Path:
    """Write a roster sheet with openpyxl.

    ``rows`` are dicts keyed by header (``None`` for a blank spacing row). Above the
    header go ``title_rows`` merged title lines; ``group_header`` adds a two-level
    header whose upper row holds merged group titles and, merged vertically across
    both rows, the fields of ``VERTICAL_FIELDS``. ``sheets_before`` adds plain sheets
    (lists of rows) ahead of the roster sheet. ``start_row`` leaves empty rows on top.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, matrix in (sheets_before or {}).items():
        other = workbook.create_sheet(name)
        for line in matrix:
            other.append(list(line))
    ws = workbook.create_sheet(sheet)
    columns = columns_of(rows)
    width = max(len(columns), 1)
    line = start_row
    for t in range(title_rows):
        ws.cell(row=line, column=1, value=f"防止返贫监测对象花名册（标题第{t + 1}行）")
        if width > 1:
            ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
        line += 1
    if group_header:
        vertical = {header(n) for n in VERTICAL_FIELDS}
        upper, lower = line, line + 1
        position = 1
        while position <= len(columns):
            text = columns[position - 1]
            if text in vertical:
                ws.cell(row=upper, column=position, value=text)
                ws.merge_cells(
                    start_row=upper, start_column=position, end_row=lower, end_column=position
                )
                position += 1
                continue
            group = _group_of(text)
            end = position
            while (
                end < len(columns)
                and columns[end] not in vertical
                and _group_of(columns[end]) == group
            ):
                end += 1
            ws.cell(row=upper, column=position, value=group)
            if end > position:
                ws.merge_cells(
                    start_row=upper, start_column=position, end_row=upper, end_column=end
                )
            for p in range(position, end + 1):
                ws.cell(row=lower, column=p, value=columns[p - 1])
            position = end + 1
        line += 2
    else:
        for p, text in enumerate(columns, start=1):
            ws.cell(row=line, column=p, value=text)
        line += 1
    for row in rows:
        if row is not None:
            for p, text in enumerate(columns, start=1):
                value = row.get(text)
                if value is not None and value != "":
                    ws.cell(row=line, column=p, value=value)
        line += 1
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Row | None], encoding: str = "utf-8") -> Path:
    """Write rows as CSV (``None`` rows become empty lines) in the given encoding."""
    columns = columns_of(rows)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            if row is None:
                handle.write("\r\n")
            else:
                writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return path


@dataclass(frozen=True)
class IssueRow:
    """One issue of a result's frame, with attribute access for readable assertions."""

    code: str
    severity: str
    sheet: str
    row: int | None
    column: str
    field: str | None
    value: str
    household_id: str | None
    message: str

    def as_dict(self, exclude: Iterable[str] = ()) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in set(exclude)}


def issues_of(source: Any) -> list[IssueRow]:
    """The issues of a result (or an issue frame) as a list, in their order."""
    frame = source.issues if hasattr(source, "issues") else source
    return [IssueRow(**record) for record in issue_records(frame[list(ISSUE_COLUMNS)])]


# Headers as the national system's export spells them (domain.md §10), by canonical field.
NATIONAL_SPELLINGS: dict[str, str] = {
    "county": "县",
    "township": "乡",
    "village": "村",
    "medical_insurance": "是否参加新型农村合作医疗（城乡居民基本医疗保险）",
    "dibao": "是否享受低保",
    "tekun": "是否特困供养人员",
    "schooling": "在校生状况",
    "work_months": "务工时间（月）",
    "reported_per_capita_income": "人均纯收入（元）",
    "cadre_phone": "帮扶责任人联系电话",
    **{f"declared_risk_{i}": f"致贫/返贫风险{i}" for i in range(1, 6)},
}


def national(rows: Iterable[Row | None]) -> list[Row | None]:
    """Rows with the national export's header spellings instead of fanpin's."""
    return rename(rows, {header(name): written for name, written in NATIONAL_SPELLINGS.items()})
