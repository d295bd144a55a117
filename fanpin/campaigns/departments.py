"""Department lists (部门数据比对): read, check, match to roster members, sum up per household.

A department list is a file keyed by 证件号码 whose columns are one FieldSet of
``schema.DEPARTMENT_LISTS`` (``medical``, ``civil``, ``disability``, ``housing``,
``education``, ``disaster``, ``employment``, the exclusion lists ``business``,
``vehicle``, ``public_servant``, and 民政's low-income population ``low_income``).
Every row is typed and checked like a roster (``check_table``); rows are matched
to roster members by ID, and each kind is summed up per household into the named
figures of ``schema.DEPARTMENT_FIGURES`` that the audit's checks and the
profile's department rules (``[[audit.department_rules]]``) test. IDs that are
well formed but not in the roster are returned as unknown; a list name that
differs from the roster's name for the same ID is reported as an issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.issues import ISSUE_COLUMNS
from fanpin.io.messages import Lang, render, severity_of
from fanpin.io.read import ROW, read_table
from fanpin.io.validate import Validated, check_table, mask_id

_CANCELLED = ("注销", "吊销", "撤销")


def unknown_kind_message(kind: str) -> str:
    return f"unknown department list kind '{kind}'; kinds are: {', '.join(schema.DEPARTMENT_KINDS)}"


def unknown_kind_message_zh(kind: str) -> str:
    return f"没有 '{kind}' 这类部门名单；可用的有：{', '.join(schema.DEPARTMENT_KINDS)}"


class _Words:
    """The phrases of ``labels.DEPARTMENT_PHRASES`` in one language, filled column-wise."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.words = labels.labeller(labels.DEPARTMENT_PHRASES, lang)
        self.separator = labels.label(labels.LIST_SEPARATOR, "clauses", lang)

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def fill(self, key: str, **values: pd.Series | str) -> pd.Series:
        return cast(pd.Series, labels.fill(self.words[key], **values))

    def codes(self, values: pd.Series, table: labels.Labels) -> pd.Series:
        """Codes as their labels; missing as ''."""
        return _text(values.map(labels.labeller(table, self.lang)))


def headline(kind: str, rows: pd.DataFrame, lang: Lang = "zh") -> pd.Series | None:
    """The figure a rule of ``kind`` weighs, per household row of an audit frame, if any."""
    words = _Words(lang)
    if kind in ("medical", "disaster"):
        total, per_capita = (
            ("medical_cost", "medical_cost_per_capita")
            if kind == "medical"
            else ("disaster_loss", "disaster_loss_per_capita")
        )
        return words.fill(
            "total_per_capita", total=_yuan(rows[total]), per_capita=_yuan(rows[per_capita])
        )
    if kind == "employment":
        return words.fill(
            "wages_against_roster",
            wages=_yuan(rows["employment_wage"]),
            roster=_yuan(rows["wage_income"]),
        )
    if kind == "low_income":
        return words.fill(
            "incomes_compared",
            roster=_yuan(rows["per_capita_income"]),
            civil=_yuan(rows["low_income_per_capita"]),
        )
    return None


@dataclass
class DepartmentList:
    """One department file read and checked: typed rows (with Excel rows) and issues."""

    kind: str
    validated: Validated

    @property
    def file(self) -> str:
        return self.validated.table.path.name


def read_list(
    kind: str, path: str | Path, *, lang: Lang = "zh", as_of: date | None = None
) -> DepartmentList:
    """Read a department list of ``kind``; raise FanpinError when it cannot be read at all."""
    if kind not in schema.DEPARTMENT_LISTS:
        raise FanpinError(unknown_kind_message(kind), zh=unknown_kind_message_zh(kind))
    table = read_table(path, schema.DEPARTMENT_LISTS[kind])
    return DepartmentList(kind, check_table(table, lang=lang, as_of=as_of))


@dataclass
class Matched:
    """Department lists matched to a roster.

    ``households``: one row per household with any list row, indexed by
    household_id: the figures of schema.DEPARTMENT_FIGURES for the kinds given, plus per kind
    ``evidence_<kind>`` (what the lists say, one phrase per row) and
    ``rows_<kind>`` (the Excel rows). ``unknown``: one row per list and ID not in
    the roster. ``issues``: every problem of every list (ISSUE_COLUMNS + file, kind).
    """

    households: pd.DataFrame
    unknown: pd.DataFrame
    issues: pd.DataFrame
    stats: dict[str, dict[str, Any]] = field(default_factory=dict)


UNKNOWN_COLUMNS = ["kind", "file", "sheet", "id_number", "name", "rows"]


def roster_people(members: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """Roster members by ID (first record of an ID): household, name and the flags lists test."""
    people = pd.DataFrame(
        {
            "id_number": members["id_number"],
            "household_id": members["household_id"],
            "roster_name": members["name"],
            "roster_dibao": flags["dibao"],
            "roster_tekun": flags["tekun"],
            "roster_disabled": flags["disabled"],
            "roster_dropout": flags["dropout"],
        }
    )
    people = people.loc[people["id_number"].notna() & people["household_id"].notna()]
    return people.drop_duplicates("id_number").set_index("id_number")


def match_lists(
    lists: Sequence[DepartmentList],
    people: pd.DataFrame,
    sizes: pd.Series,
    lang: Lang = "zh",
    incomes: pd.Series | None = None,
) -> Matched:
    """Match every list to the roster's people and sum each kind up per household.

    ``people`` comes from ``roster_people``; ``sizes`` maps household_id to its
    number of members (for per-capita figures), ``incomes`` to the roster's
    per-capita income (to compare with 民政's, ``income_basis_gap``).
    """
    frames: list[pd.DataFrame] = []
    unknown: list[pd.DataFrame] = []
    issues: list[pd.DataFrame] = []
    stats: dict[str, dict[str, Any]] = {}
    for listed in lists:
        table = listed.validated.table
        rows = listed.validated.members
        list_issues = listed.validated.issues
        bad_rows = list_issues.loc[list_issues["field"].eq("id_number"), "row"]
        well_formed = rows["id_number"].notna() & ~rows[ROW].isin(bad_rows)
        joined = rows.join(people, on="id_number")
        found = joined["household_id"].notna()
        missing = joined.loc[well_formed & ~found]
        unknown.append(_unknown(listed, missing))
        mismatch = _name_mismatches(listed, joined.loc[found], lang)
        all_issues = pd.concat([list_issues, mismatch], ignore_index=True)
        all_issues = all_issues.sort_values("row", kind="stable").reset_index(drop=True)
        issues.append(all_issues.assign(file=listed.file, kind=listed.kind))
        matched = joined.loc[found].copy()
        written = _column(matched, "name")
        matched["shown_name"] = written.where(written.notna(), matched["roster_name"])
        figures = _AGGREGATORS[listed.kind](matched, _Words(lang))
        keys = matched["household_id"]
        figures["evidence_" + listed.kind] = figures.pop("evidence")
        figures["rows_" + listed.kind] = (
            matched[ROW].astype(str).groupby(keys, sort=False).agg("、".join)
        )
        frames.append(figures)
        stats[listed.kind] = {
            "file": listed.file,
            "sheet": table.sheet,
            "rows": len(rows),
            "matched_rows": int(found.sum()),
            "households": int(keys.nunique()),
            "unknown_ids": int(missing["id_number"].nunique()),
            "issues": len(all_issues),
        }
    households = pd.concat(frames, axis=1) if frames else pd.DataFrame()
    households.index.name = "household_id"
    _per_capita(households, sizes)
    if incomes is not None and "low_income_per_capita" in households:
        households["income_basis_gap"] = income_gap(
            households.index.to_series().map(incomes), households["low_income_per_capita"]
        )
    return Matched(
        households=households,
        unknown=pd.concat(unknown, ignore_index=True)
        if unknown
        else pd.DataFrame(columns=UNKNOWN_COLUMNS),
        issues=pd.concat(issues, ignore_index=True)
        if issues
        else pd.DataFrame(columns=[*ISSUE_COLUMNS, "file", "kind"]),
        stats=stats,
    )


def _per_capita(households: pd.DataFrame, sizes: pd.Series) -> None:
    size = households.index.to_series().map(sizes).astype("float64")
    for total, per_capita in (
        ("medical_cost", "medical_cost_per_capita"),
        ("disaster_loss", "disaster_loss_per_capita"),
    ):
        if total in households:
            households[per_capita] = (households[total] / size).round(2)


def income_gap(roster: pd.Series, civil: pd.Series) -> pd.Series:
    """How far apart two per-capita incomes are, as a share of the higher (0 to 1 when both
    are positive); missing where either is missing, 0 where both are 0."""
    higher = pd.concat([roster.abs(), civil.abs()], axis=1).max(axis=1, skipna=False)
    gap = (roster - civil).abs() / higher.where(higher > 0)
    return gap.mask(higher.eq(0), 0.0).round(4)


def _unknown(listed: DepartmentList, missing: pd.DataFrame) -> pd.DataFrame:
    if missing.empty:
        return pd.DataFrame(columns=UNKNOWN_COLUMNS)
    names = missing["name"] if "name" in missing else pd.Series(None, index=missing.index)
    grouped = (
        pd.DataFrame({"id_number": missing["id_number"], "name": names, "row": missing[ROW]})
        .groupby("id_number", sort=False)
        .agg(name=("name", "first"), rows=("row", list))
        .reset_index()
    )
    grouped.insert(0, "kind", listed.kind)
    grouped.insert(1, "file", listed.file)
    grouped.insert(2, "sheet", listed.validated.table.sheet)
    return grouped[UNKNOWN_COLUMNS]


def _name_mismatches(listed: DepartmentList, matched: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """An issue per row whose name differs from the roster's name for the same ID."""
    if "name" not in matched:
        return pd.DataFrame(columns=list(ISSUE_COLUMNS))
    written = matched["name"]
    roster = matched["roster_name"]
    differs = written.notna() & roster.notna() & written.ne(roster)
    chosen = matched.loc[differs]
    column = listed.validated.table.header("name")
    id_column = listed.validated.table.header("id_number")
    code = "list_name_mismatch"
    records = [
        {
            "code": code,
            "severity": severity_of(code),
            "sheet": listed.validated.table.sheet,
            "row": int(row),
            "column": column,
            "field": "name",
            "value": str(name),
            "household_id": household,
            "message": render(
                code,
                lang,
                column=column,
                value=str(name),
                expected=str(expected),
                detail=f"{id_column} {mask_id(str(person))}",
            ),
        }
        for row, name, expected, household, person in zip(
            chosen[ROW],
            chosen["name"],
            chosen["roster_name"],
            chosen["household_id"],
            chosen["id_number"],
            strict=True,
        )
    ]
    return pd.DataFrame(records, columns=list(ISSUE_COLUMNS))


# -- per kind: figures and evidence ---------------------------------------------------------


def _column(rows: pd.DataFrame, name: str, dtype: str = "object") -> pd.Series:
    if name in rows:
        return rows[name]
    return pd.Series(np.nan if dtype == "float64" else None, index=rows.index, dtype=dtype)


def _text(values: pd.Series) -> pd.Series:
    """Values as text; missing as ''."""
    return values.astype(object).where(values.notna(), "").astype(str)


def _yuan(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:,.0f}").astype(object)


def _count(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:.0f}").astype(object)


def _part(present: pd.Series, *pieces: pd.Series | str) -> pd.Series:
    """The concatenated pieces where ``present`` holds, else ''."""
    text = pd.Series("", index=present.index, dtype=object)
    for piece in pieces:
        text = text + piece
    return text.where(present.fillna(False).astype(bool), "")


def _evidence(rows: pd.DataFrame, phrases: pd.Series, words: _Words) -> pd.Series:
    """One phrase per row, joined per household."""
    return phrases.groupby(rows["household_id"], sort=False).agg(words.separator.join)


def _people(rows: pd.DataFrame, mask: pd.Series | None = None) -> pd.Series:
    """Distinct members per household among the rows where ``mask`` holds."""
    chosen = rows if mask is None else rows.loc[mask.fillna(False).astype(bool)]
    counts = chosen.groupby("household_id", sort=False)["id_number"].nunique()
    keys = rows["household_id"].drop_duplicates()
    return counts.reindex(keys.to_numpy()).fillna(0).astype("int64")


def _sum(rows: pd.DataFrame, values: pd.Series, mask: pd.Series | None = None) -> pd.Series:
    if mask is not None:
        values = values.where(mask.fillna(False).astype(bool), 0.0)
    return values.astype("float64").groupby(rows["household_id"], sort=False).sum()


def _codes(rows: pd.DataFrame, kind: str, name: str) -> pd.Series:
    codes = schema.DEPARTMENT_LISTS[kind].by_name[name].codes
    return _column(rows, name).map(codes)


def _named(rows: pd.DataFrame, words: _Words) -> pd.Series:
    return words.fill("named", name=rows["shown_name"].fillna("").astype(str))


def _in_parens(present: pd.Series, values: pd.Series, words: _Words) -> pd.Series:
    return _part(present, words.fill("paren", text=_text(values)))


def _medical(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    cost = _column(rows, "compliant_cost", "float64")
    stays = _column(rows, "hospital_stays", "float64")
    month = _column(rows, "visit_month")
    phrases = (
        _named(rows, words)
        + _part(cost.notna(), words.fill("out_of_pocket", cost=_yuan(cost)))
        + _part(cost.isna(), words["cost_missing"])
        + _part(stays.gt(0), words.fill("hospital_stays", stays=_count(stays)))
        + _in_parens(month.notna(), month, words)
    )
    return pd.DataFrame(
        {
            "medical_cost": _sum(rows, cost.fillna(0.0)),
            "hospital_stays": _sum(rows, stays.fillna(0.0)),
            "medical_people": _people(rows),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _civil(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    code = _codes(rows, "civil", "assistance_type")
    amount = _column(rows, "amount", "float64")
    start = _column(rows, "start_month")
    dibao, tekun, temporary = code.eq("dibao"), code.eq("tekun"), code.eq("temporary")
    phrases = (
        _named(rows, words)
        + _part(code.notna(), words.codes(code, labels.ASSISTANCE_TYPE))
        + _part(code.isna(), words["type_unknown"])
        + _part(amount.notna(), words.fill("amount", amount=_yuan(amount)))
        + _part(start.notna(), words.fill("since", month=_text(start)))
    )
    return pd.DataFrame(
        {
            "civil_dibao": _people(rows, dibao),
            "civil_tekun": _people(rows, tekun),
            "civil_temporary": _people(rows, temporary),
            "civil_temporary_amount": _sum(rows, amount.fillna(0.0), temporary),
            "civil_dibao_unrecorded": _people(rows, dibao & ~rows["roster_dibao"].astype(bool)),
            "civil_tekun_unrecorded": _people(rows, tekun & ~rows["roster_tekun"].astype(bool)),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _disability(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    category = _codes(rows, "disability", "disability_category")
    grade = _codes(rows, "disability", "disability_grade")
    certificate = _column(rows, "certificate")
    masked = certificate.map(lambda v: "" if pd.isna(v) else mask_id(str(v))).astype(object)
    phrases = (
        _named(rows, words)
        + _part(
            category.notna(),
            words.fill("disability", category=words.codes(category, labels.DISABILITY_CATEGORY)),
        )
        + _part(category.isna(), words["disability_unknown"])
        + _part(grade.notna(), " ", words.codes(grade, labels.DISABILITY_GRADE))
        + _part(certificate.notna(), words.fill("certificate", certificate=masked))
    )
    return pd.DataFrame(
        {
            "disability_people": _people(rows),
            "disability_severe": _people(rows, grade.isin(["1", "2"])),
            "disability_unrecorded": _people(rows, ~rows["roster_disabled"].astype(bool)),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _housing(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    grade = _codes(rows, "housing", "appraisal_grade")
    renovated = _column(rows, "renovated", "boolean").astype("boolean").fillna(False)
    renovated = renovated.astype(bool)
    month = _column(rows, "appraisal_month")
    unsafe = grade.isin(["C", "D"]) & ~renovated
    phrases = (
        _named(rows, words)
        + _part(grade.notna(), words.fill("appraised", grade=_text(grade)))
        + _part(grade.isin(["C", "D"]), words["dangerous"])
        + _part(grade.isna(), words["grade_unknown"])
        + _in_parens(month.notna(), month, words)
        + _part(renovated, words["renovated"])
    )
    return pd.DataFrame(
        {
            "housing_cd": _sum(rows, unsafe.astype("float64")).astype("int64"),
            "housing_d": _sum(rows, (unsafe & grade.eq("D")).astype("float64")).astype("int64"),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _education(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    stage = _column(rows, "stage")
    school = _column(rows, "school")
    month = _column(rows, "dropout_month")
    phrases = (
        _named(rows, words)
        + _part(stage.notna(), words.fill("stage", stage=_text(stage)))
        + words["dropped_out"]
        + _in_parens(school.notna(), school, words)
        + _part(month.notna(), words.fill("after_comma", text=_text(month)))
    )
    return pd.DataFrame(
        {
            "education_dropouts": _people(rows),
            "education_unrecorded": _people(rows, ~rows["roster_dropout"].astype(bool)),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _disaster(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    code = _codes(rows, "disaster", "disaster_type")
    loss = _column(rows, "loss", "float64")
    month = _column(rows, "disaster_month")
    phrases = (
        _named(rows, words)
        + _part(code.notna(), words.codes(code, labels.DISASTER_TYPE), words["comma"])
        + _part(loss.notna(), words.fill("loss", loss=_yuan(loss)))
        + _part(loss.isna(), words["loss_missing"])
        + _in_parens(month.notna(), month, words)
    )
    return pd.DataFrame(
        {
            "disaster_loss": _sum(rows, loss.fillna(0.0)),
            "disaster_events": rows.groupby("household_id", sort=False)[ROW].count(),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _employment(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    place = _column(rows, "work_place")
    months = _column(rows, "work_months", "float64")
    income = _column(rows, "monthly_income", "float64")
    phrases = (
        _named(rows, words)
        + _part(place.notna(), words.fill("worked_at", place=_text(place)))
        + _part(place.isna(), words["worked"])
        + _part(months.notna(), words.fill("months", months=_count(months)))
        + _part(income.notna(), words.fill("monthly_income", income=_yuan(income)))
    )
    keys = rows["household_id"]
    return pd.DataFrame(
        {
            "employment_people": _people(rows),
            "employment_wage": _sum(rows, (income * months).fillna(0.0)),
            "employment_months_max": months.groupby(keys, sort=False).max(),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _business(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    company = _column(rows, "company")
    registration = _column(rows, "registration")
    status = _column(rows, "registration_status")
    cancelled = status.fillna("").astype(str).str.contains("|".join(_CANCELLED))
    both = registration.notna() & status.notna()
    details = _text(registration) + _part(both, words["comma"]) + _text(status)
    phrases = (
        _named(rows, words)
        + _part(company.notna(), _text(company))
        + _part(company.isna(), words["business"])
        + _in_parens(registration.notna() | status.notna(), details, words)
    )
    return pd.DataFrame(
        {
            "business_count": rows.groupby("household_id", sort=False)[ROW].count(),
            "business_active": _sum(rows, (~cancelled).astype("float64")).astype("int64"),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _vehicle(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    brand = _column(rows, "brand")
    plate = _column(rows, "plate")
    price = _column(rows, "price", "float64")
    phrases = (
        _named(rows, words)
        + _part(brand.notna(), _text(brand), " ")
        + _part(plate.notna(), _text(plate))
        + _part(price.notna(), words.fill("bought_for", price=_yuan(price)))
    )
    keys = rows["household_id"]
    return pd.DataFrame(
        {
            "vehicle_count": rows.groupby(keys, sort=False)[ROW].count(),
            "vehicle_price_max": price.groupby(keys, sort=False).max(),
            "evidence": _evidence(rows, phrases, words),
        }
    )


def _public_servant(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    employer = _column(rows, "employer")
    funding = _column(rows, "funding")
    phrases = (
        _named(rows, words)
        + _part(employer.notna(), _text(employer))
        + _part(employer.isna(), words["state_funded"])
        + _in_parens(funding.notna(), funding, words)
    )
    return pd.DataFrame(
        {
            "public_servant_count": _people(rows),
            "evidence": _evidence(rows, phrases, words),
        }
    )


LOW_INCOME_ORDER = ("dibao", "tekun", "dibao_marginal", "rigid_expenditure")


def _low_income(rows: pd.DataFrame, words: _Words) -> pd.DataFrame:
    """民政's low-income list: who is recognised as what, and the household's per-capita income
    as civil affairs counts it (a year; a monthly figure × 12), the median of its rows."""
    code = _codes(rows, "low_income", "recognition_type")
    annual = _column(rows, "per_capita_income", "float64")
    monthly = _column(rows, "monthly_per_capita_income", "float64")
    income = annual.where(annual.notna(), monthly * 12)
    month = _column(rows, "recognised_month")
    phrases = (
        _named(rows, words)
        + _part(code.notna(), words.codes(code, labels.LOW_INCOME_TYPE))
        + _part(code.isna(), words["type_unknown"])
        + _part(income.notna(), words.fill("civil_income", income=_yuan(income)))
        + _part(month.notna(), words.fill("recognised", month=_text(month)))
    )
    keys = rows["household_id"]
    rank = {c: i for i, c in enumerate(LOW_INCOME_ORDER)}
    types = pd.Series(
        {
            key: tuple(sorted(set(found.dropna()), key=rank.__getitem__))
            for key, found in code.groupby(keys, sort=False)
        },
        dtype=object,
    )
    return pd.DataFrame(
        {
            "low_income_people": _people(rows),
            "low_income_dibao": _people(rows, code.eq("dibao")),
            "low_income_tekun": _people(rows, code.eq("tekun")),
            "low_income_marginal": _people(rows, code.eq("dibao_marginal")),
            "low_income_rigid": _people(rows, code.eq("rigid_expenditure")),
            "low_income_per_capita": income.groupby(keys, sort=False).median().round(2),
            "low_income_types": types,
            "evidence": _evidence(rows, phrases, words),
        }
    )


_AGGREGATORS = {
    "medical": _medical,
    "civil": _civil,
    "disability": _disability,
    "housing": _housing,
    "education": _education,
    "disaster": _disaster,
    "employment": _employment,
    "business": _business,
    "vehicle": _vehicle,
    "public_servant": _public_servant,
    "low_income": _low_income,
}
