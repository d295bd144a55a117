"""Cross-field data quality: the profile's ``[[quality_rules]]`` over a validated roster.

Provincial checkers judge a county's export by looking *across* the fields of a member
and a household (a second 配偶, a healthy 30-year-old without labour, a pupil with a
workplace). Validation checks each cell on its own; this stage runs the profile's
quality rules on what validation typed, on whole columns:

- a rule's ``when`` is a condition of the safe expression language (``rules.expr``)
  over the roster's fields, ``has_<field>``, the member names of
  ``schema.MEMBER_DERIVED_FIELDS`` (age at the as-of date from the ID, member_sex,
  head_sex, spouse_count, is_student, school_stage …), household counts and the
  profile's ``[quality]`` thresholds; each name is computed once, only when a rule
  names it;
- a ``member`` rule gives an issue on every member row where it holds; a
  ``household`` rule is tested on the row that stands for each household (its head's)
  and gives one issue there;
- a rule runs only when the roster has the fields it needs (``requires``, by default
  every field its condition reads): a roster without 文化程度 is not told that every
  member lacks one.

Issues come in the one frame shape (``io.issues.ISSUE_COLUMNS``), located by
``io.validate.IssueCollector``: sheet, Excel row, the rule's columns as written and
their values, a message with its fix in the run's language, and the rule's code and
severity. ``with_quality`` merges them into the validated roster's issues, in file order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from string import Formatter

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.errors import ProfileError
from fanpin.io import schema
from fanpin.io.issues import in_file_order
from fanpin.io.messages import Lang, Severity
from fanpin.io.read import Table
from fanpin.io.validate import (
    HEAD_ROW,
    HOUSEHOLD,
    REPEATED_MEMBER,
    IssueCollector,
    Validated,
    derived,
    household_sizes,
    id_characters,
    id_check_bytes,
    located_in_files,
)
from fanpin.rules.households import MEMBER_COUNTS, validated_flags
from fanpin.rules.profiles import Profile, QualityRule

# Accepted phone numbers (after full-width folding and without spaces): an 11-digit
# mobile, or a landline with its area code (010, 02x or a four-digit 0xxx) and a 7- or
# 8-digit number, written 0735-1234567, (0735)12345678 or 07351234567.
# ASCII digits only ([0-9], not \d): the same in Python's re and in Arrow's RE2.
MOBILE = r"1[3-9][0-9]{9}"
AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
LANDLINE = rf"(?:{AREA}-?|\({AREA}\))[1-9][0-9]{{6,7}}"
PHONE = re.compile(rf"{MOBILE}|{LANDLINE}")
# 男 / 女 as categories: a column of them compares by code, not by text
SEX_CATEGORIES = (schema.MALE, schema.FEMALE)
SEX_DTYPE = pd.CategoricalDtype(list(SEX_CATEGORIES))

# Roster fields a derived name reads: all groups must be there, any field of a group will do.
Needs = tuple[tuple[str, ...], ...]
_ID: Needs = (("id_number",),)
_RELATION: Needs = (("relation",),)
_SCHOOLING: Needs = (("schooling",),)
_HEALTH: Needs = (("health",),)
_EMPLOYED: Needs = (("employment", "work_months", "work_place", "working"),)
_FLAG_NEEDS: dict[str, Needs] = {
    "labour_capable": (("labour_skill",),),
    "ill": _HEALTH,
    "serious_ill": _HEALTH,
    "disabled": _HEALTH,
    "dropout": (("schooling", "compulsory_dropout"),),
    "student": _SCHOOLING,
    "uninsured": (("medical_insurance",),),
    "employed": _EMPLOYED,
    "dibao": (("dibao",),),
    "tekun": (("tekun",),),
    "child": _ID,
    "elderly": _ID,
}
DERIVED_NEEDS: dict[str, Needs] = {
    "age": _ID,
    "id_sex": _ID,
    "member_sex": (("id_number", "sex"),),
    "head_sex": (("id_number", "sex"), ("relation",)),
    "is_head": _RELATION,
    "is_spouse": _RELATION,
    "is_head_row": (),
    "spouse_count": _RELATION,
    "spouse_order": _RELATION,
    "is_student": _SCHOOLING,
    "is_preschool": _SCHOOLING,
    "in_school": _SCHOOLING,
    "school_stage": _SCHOOLING,
    "has_work_place": (("work_place",),),
    "household_phone_valid": (("household_phone",),),
    "member_phone_valid": (("member_phone",),),
    **{flag: _FLAG_NEEDS[flag] for flag in schema.MEMBER_DERIVED_FIELDS if flag in _FLAG_NEEDS},
    "size": (),
    **{count: _FLAG_NEEDS[MEMBER_COUNTS[count]] for count in schema.QUALITY_HOUSEHOLD_COUNTS[1:]},
}


def own_kinds(profile: Profile) -> dict[str, tuple[str, str]]:
    """The 问题 names of a profile's own quality rules (codes labels.ISSUE_KINDS lacks),
    as (zh, en): a province's rule is shown by the label it gives, not by its code."""
    return {
        rule.code: (rule.label, rule.label_en or rule.label)
        for rule in profile.quality_rules
        if rule.label and rule.code not in labels.ISSUE_KINDS
    }


def check_quality(
    validated: Validated, profile: Profile, as_of: date, lang: Lang = "zh"
) -> pd.DataFrame:
    """The issues the profile's enabled quality rules find (``ISSUE_COLUMNS``), in file order.

    ``as_of`` is the date ages are taken at; ``validated`` is not changed.
    """
    table, members = validated.table, validated.members
    rules = [r for r in profile.quality_rules if r.code in profile.quality_conditions]
    messages: dict[str, tuple[Severity, str, str]] = {
        r.code: (r.severity, r.template("zh"), r.template("en")) for r in rules
    }
    issues = IssueCollector(table, members, lang, messages)
    names = _Names(validated, as_of, profile.quality.parameters(), lang)
    shown_columns: dict[str, str] = {}
    for rule in rules:
        condition = profile.quality_conditions[rule.code]
        if not names.available(_needs(rule, condition.names)):
            continue
        frame = pd.DataFrame(
            {n: names[n] for n in sorted(condition.names) if n not in names.parameters},
            index=members.index,
            copy=False,  # read only: the names' columns as they are
        )
        try:
            mask = condition.evaluate_mask(frame, names.parameters)
        except ProfileError as error:
            raise ProfileError(
                f"profile '{profile.name}', quality rule {rule.code}: {error}",
                zh=f"规则 '{profile.name}' 的质量规则 {rule.code}：{error.text('zh')}",
            ) from None
        if rule.level == "household":
            mask &= names["is_head_row"]
        if not mask.any():
            continue
        columns = [c for c in rule.columns if c in members]
        placeholders = {
            name: names.shown(name, mask)
            for name in _placeholders(rule.template(lang))
            if name not in names.parameters
        }
        fixed = {k: names.shown_parameter(k) for k in names.parameters}
        shown = [names.shown(c, mask) for c in columns]
        value = _joined(shown, lang) if shown else pd.Series("", index=members.index)
        issues.add(rule.code, mask, columns[0] if columns else None, value, **fixed, **placeholders)
        shown_columns[rule.code] = labels.label(labels.LIST_SEPARATOR, "list", lang).join(
            table.header(c) for c in columns
        )
    found = located_in_files(table, issues.frame(table.frame.columns), lang)
    if shown_columns and not found.empty:
        found["column"] = found["code"].map(shown_columns).fillna(found["column"])
    return found


def with_quality(
    validated: Validated, profile: Profile, as_of: date, lang: Lang = "zh"
) -> Validated:
    """``validated`` with the quality rules' issues among its own, in file order (a new
    ``Validated`` sharing the table and members; ``validated`` is not changed)."""
    found = check_quality(validated, profile, as_of, lang)
    if found.empty:
        return validated
    return replace(validated, issues=merged_issues(validated.table, validated.issues, found))


def merged_issues(table: Table, first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Two issue frames of one roster as one, in file order: by file (the main roster
    first), Excel row, then the position of the issue's column in the roster."""
    if first.empty:
        return second.reset_index(drop=True)
    frame = pd.concat([first, second], ignore_index=True)
    if not table.parts:
        return in_file_order(frame, table.frame.columns)
    places = {part.place: i for i, part in enumerate(table.parts)}
    position = {name: i for i, name in enumerate(table.frame.columns)}
    keys = frame.assign(
        _part=frame["sheet"].map(places).fillna(-1), _column=frame["field"].map(position).fillna(-1)
    )
    ordered = keys.sort_values(["_part", "row", "_column"], kind="stable")
    return ordered.drop(columns=["_part", "_column"]).reset_index(drop=True)


def _needs(rule: QualityRule, names: Iterable[str]) -> Needs:
    """The field groups a rule needs: its ``requires``, else what its names read."""
    if rule.requires is not None:
        return tuple((field,) for field in rule.requires)
    groups: list[tuple[str, ...]] = []
    for name in names:
        if name in schema.BY_NAME:
            groups.append((name,))
        elif name.startswith(schema.FILLED_PREFIX) and name in schema.FILLED_NAMES:
            groups.append((name.removeprefix(schema.FILLED_PREFIX),))
        else:
            groups.extend(DERIVED_NEEDS.get(name, ()))
    return tuple(groups)


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in Formatter().parse(template) if name]


def _joined(values: list[pd.Series], lang: Lang) -> pd.Series:
    """Per row, the values of several columns as one text (、 between them)."""
    separator = labels.label(labels.LIST_SEPARATOR, "list", lang)
    joined = values[0].astype(object)
    for more in values[1:]:
        joined = joined + separator + more.astype(object)
    return joined


class _Names:
    """The values of the names rules use, over the member rows: computed on first use."""

    def __init__(
        self, validated: Validated, as_of: date, parameters: dict[str, float], lang: Lang
    ) -> None:
        members = validated.members
        self.validated = validated
        self.members = members
        self.as_of = as_of
        self.parameters = parameters
        self.lang = lang
        self.index = members.index
        self.cache: dict[str, pd.Series] = {}
        self._flags: pd.DataFrame | None = None
        self.codes = members[HOUSEHOLD].to_numpy()
        self.households = int(self.codes.max(initial=-1)) + 1
        self.known = self.codes >= 0
        self.words = labels.labeller(labels.QUALITY_WORDS, lang)
        self.yes_no = labels.labeller(labels.YES_NO, lang)

    def available(self, needs: Needs) -> bool:
        """Whether the roster has a field of every group."""
        return all(any(f in self.members for f in group) for group in needs)

    def __getitem__(self, name: str) -> pd.Series:
        if name not in self.cache:
            self.cache[name] = self._value(name)
        return self.cache[name]

    def _value(self, name: str) -> pd.Series:
        if name == "sex" and name in self.members:  # compared with id_sex: by category
            return pd.Series(
                pd.Categorical(self.members[name], dtype=SEX_DTYPE),
                index=self.index,
            )
        if name in schema.BY_NAME:
            return self.field(name)
        if name in _COMPUTED:
            return _COMPUTED[name](self)
        if name in MEMBER_COUNTS:
            return self._count(MEMBER_COUNTS[name])
        if name in _FLAG_NEEDS:
            return self.flags[name]
        filled = name.removeprefix(schema.FILLED_PREFIX)
        return self.field(filled).notna()

    def field(self, name: str) -> pd.Series:
        """A roster column as typed; all empty where the roster lacks it."""
        if name in self.members:
            return self.members[name]
        return pd.Series(None, index=self.index, dtype=object)

    @property
    def flags(self) -> pd.DataFrame:
        if self._flags is None:
            self._flags = validated_flags(self.validated, self.as_of)
        return self._flags

    def _on_rows(self, per_household: np.ndarray, blank: object) -> pd.Series:
        padded = np.concatenate([per_household, np.array([blank], dtype=per_household.dtype)])
        return pd.Series(padded[self.codes], index=self.index)

    def _counted(self, flag: np.ndarray) -> np.ndarray:
        """Per household, members with ``flag`` (a person listed twice counted once)."""
        counted = flag & self.known
        if REPEATED_MEMBER in self.members:
            counted &= ~self.members[REPEATED_MEMBER].to_numpy(dtype=bool)
        return np.bincount(self.codes[counted], minlength=self.households).astype("float64")

    def _count(self, flag: str) -> pd.Series:
        return self._on_rows(self._counted(self.flags[flag].to_numpy(dtype=bool)), np.nan)

    def _age(self) -> pd.Series:
        """Whole years at the as-of date from the ID's birth date (NaN where it is not valid)."""
        birth = self.members["birth_date"]
        month, day = birth.dt.month, birth.dt.day
        before = (month > self.as_of.month) | ((month == self.as_of.month) & (day > self.as_of.day))
        return (self.as_of.year - birth.dt.year) - before.astype("float64")

    def _sexes(self, codes: np.ndarray) -> pd.Series:
        """Sex codes (0 男, 1 女, -1 unknown) as a categorical column of 男 / 女."""
        sexes = pd.Categorical.from_codes(codes.astype(np.int8), dtype=SEX_DTYPE)
        return pd.Series(sexes, index=self.index)

    def _id_sex(self) -> pd.Series:
        """男 / 女 from the 17th digit of an ID that is valid (birth date and check digit)."""
        ids = self.members["id_number"]
        chars, well_formed = derived(
            self.validated, ("id_characters", "id_number"), lambda: id_characters(ids)
        )
        usable = well_formed & self.members["birth_date"].notna().to_numpy()
        usable &= id_check_bytes(chars) == chars[:, 17]
        female = ((chars[:, 16] - ord("0")) % 2 == 0).astype(np.int8)
        return self._sexes(np.where(usable, female, np.int8(-1)))

    def _member_sex(self) -> pd.Series:
        by_id = self["id_sex"]
        if "sex" not in self.members:
            return by_id
        written = pd.Categorical(self.members["sex"], dtype=SEX_DTYPE).codes
        return self._sexes(np.where(by_id.cat.codes >= 0, by_id.cat.codes, written))

    def _relation_is(self, relation: str) -> pd.Series:
        return self.field("relation").eq(relation).fillna(False).astype(bool)

    def _head_sex(self) -> pd.Series:
        """The member_sex of each household's (first) 户主 row."""
        heads = np.flatnonzero(self["is_head"].to_numpy() & self.known)
        _, first = np.unique(self.codes[heads], return_index=True)
        rows = heads[first]
        per_household = np.full(self.households, -1, dtype=np.int8)
        per_household[self.codes[rows]] = self["member_sex"].cat.codes.to_numpy()[rows]
        return self._sexes(self._on_rows(per_household, np.int8(-1)).to_numpy())

    def _spouse_count(self) -> pd.Series:
        return self._on_rows(self._counted(self["is_spouse"].to_numpy()), np.nan)

    def _spouse_order(self) -> pd.Series:
        """1 on a household's first 配偶 row, 2 on its second …; NaN on other rows."""
        spouse = self["is_spouse"] & pd.Series(self.known, index=self.index)
        order = spouse.astype("int64").groupby(self.codes).cumsum()
        return order.where(spouse).astype("float64")

    def _has_work_place(self) -> pd.Series:
        place = self.field("work_place")
        return place.notna() & ~place.isin(schema.NO_WORK_PLACE)

    # -- shown in messages ---------------------------------------------------------------

    def shown(self, name: str, mask: pd.Series) -> pd.Series:
        """The values of ``name`` on the rows of ``mask`` as text (empty elsewhere)."""
        values = self[name][mask]
        return pd.Series(
            [self._text(v) for v in values.tolist()], index=values.index, dtype=object
        ).reindex(self.index)

    def shown_parameter(self, name: str) -> str:
        return self._text(self.parameters[name])

    def _text(self, value: object) -> str:
        word = self.words
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return word["empty"]
        if isinstance(value, bool | np.bool_):
            return self.yes_no["yes" if value else "no"]
        if isinstance(value, float | np.floating) and float(value).is_integer():
            return str(int(value))
        return str(value)


# The derived names, each worked out from the _Names it is asked of. A table of the
# class's functions, not of one object's bound methods: those would make every _Names
# a reference cycle, and a county's members would wait for the cycle collector.
_COMPUTED: dict[str, Callable[[_Names], pd.Series]] = {
    "age": _Names._age,
    "id_sex": _Names._id_sex,
    "member_sex": _Names._member_sex,
    "head_sex": _Names._head_sex,
    "is_head": lambda names: names._relation_is(schema.HEAD),
    "is_spouse": lambda names: names._relation_is("配偶"),
    "is_head_row": lambda names: names.members[HEAD_ROW].astype(bool),
    "spouse_count": _Names._spouse_count,
    "spouse_order": _Names._spouse_order,
    "is_student": lambda names: names.field("schooling").isin(schema.STUDENT_LEVELS),
    "is_preschool": lambda names: names.field("schooling").isin(schema.PRESCHOOL),
    "in_school": lambda names: names["school_stage"].notna(),
    "school_stage": lambda names: _per_value(names.field("schooling"), schema.SCHOOL_STAGES.get),
    "has_work_place": _Names._has_work_place,
    "household_phone_valid": lambda names: _phone_valid(names.field("household_phone")),
    "member_phone_valid": lambda names: _phone_valid(names.field("member_phone")),
    "size": lambda names: household_sizes(names.members),
}


def _per_value(column: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """``function`` of each row's value, called once per distinct value (None when blank)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    results = np.array([function(str(u)) for u in uniques] + [None], dtype=object)
    return pd.Series(results[codes], index=column.index, dtype=object)


def _phone_valid(phones: pd.Series) -> pd.Series:
    """Per row: whether the phone is an accepted form (NA where the cell is empty).

    Matched as pandas' string type: by Arrow's regex engine, in one call, where pyarrow
    is installed.
    """
    codes, uniques = pd.factorize(phones, use_na_sentinel=True)  # each number matched once
    text = pd.Series(np.asarray(uniques, dtype=object), dtype="str")
    per_value = text.str.fullmatch(f"(?:{PHONE.pattern})").fillna(False).to_numpy(dtype=bool)
    matched = np.append(per_value, False)[codes]
    return pd.Series(matched, index=phones.index, dtype="boolean").mask(phones.isna())
