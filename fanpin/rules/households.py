"""Members → households: one row per household with counts of the members that matter.

Household fields come from the head's row (validation reports members that
disagree); counts come from a group-by over member flags, never a row loop.
Enumerated values become English codes here (``escaped``, ``marginal``) so rules
and JSON speak one language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from fanpin.io import schema
from fanpin.io.read import ROW
from fanpin.io.validate import HEAD_ROW, HOUSEHOLD, REPEATED_MEMBER, Validated, derived

SCHOOL_AGE = (6, 15)
# Household fields the rules read as English codes (schema Field.codes: 脱贫户 → escaped).
CODED_FIELDS = ("household_type", "recorded_category", "elimination_method")

# household count column -> what it counts (a member flag of member_flags)
MEMBER_COUNTS = {
    "labour_count": "labour_capable",
    "ill_count": "ill",
    "serious_ill_count": "serious_ill",
    "disabled_count": "disabled",
    "dropout_count": "dropout",
    "student_count": "student",
    "uninsured_count": "uninsured",
    "employed_count": "employed",
    "dibao_count": "dibao",
    "tekun_count": "tekun",
    "child_count": "child",
    "elderly_count": "elderly",
}


def member_flags(members: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Boolean flags per member (labour-capable, ill, dropout …) and age at ``as_of``.

    What each flag reads (domain.md §9): labour-capable includes 弱劳动力或半劳动力;
    each part of a combined 健康状况 (患有大病,残疾) counts; a dropout is a school-age
    child with 在校生情况 失学辍学 or anyone with 是否义务教育阶段适龄儿童少年失学辍学 = 是;
    uninsured is 否 for 城乡居民 with no 是 for 城镇职工; employed is 务工状况 where it is
    filled, else 务工时间（月） > 0, a 务工所在地 or 是否已务工 = 是.
    """
    birth = members["birth_date"]
    age = (
        as_of.year
        - birth.dt.year
        - (
            (birth.dt.month > as_of.month)
            | ((birth.dt.month == as_of.month) & (birth.dt.day > as_of.day))
        ).astype("Int64")
    )
    school_age = age.between(*SCHOOL_AGE)

    def column(name: str) -> pd.Series:
        if name in members:
            return members[name]
        return pd.Series(None, index=members.index, dtype=object)

    def yes(name: str) -> pd.Series:
        return column(name).astype("boolean").fillna(False).astype(bool)

    def no(name: str) -> pd.Series:
        return column(name).astype("boolean").eq(False).fillna(False).astype(bool)

    schooling = column("schooling")
    health = _health_parts(column("health"))
    flags = pd.DataFrame(
        {
            "age": age,
            "labour_capable": column("labour_skill").isin(schema.LABOUR_CAPABLE),
            "ill": health[schema.CHRONIC] | health[schema.SERIOUS],
            "serious_ill": health[schema.SERIOUS],
            "disabled": health[schema.DISABLED],
            "dropout": (schooling.eq(schema.DROPOUT) & school_age.fillna(True).astype(bool))
            | yes("compulsory_dropout"),
            "student": schooling.isin(schema.STUDENT_LEVELS),
            "uninsured": no("medical_insurance") & ~yes("employee_insurance"),
            "employed": _employed(members, column, yes),
            "dibao": yes("dibao"),
            "tekun": yes("tekun"),
            "child": age.lt(16).fillna(False).astype(bool),
            "elderly": age.ge(60).fillna(False).astype(bool),
        },
        index=members.index,
    )
    return flags.astype({k: bool for k in flags.columns if k != "age"})


def validated_flags(validated: Validated, as_of: date) -> pd.DataFrame:
    """``member_flags`` of a validated roster's members, worked out once per roster."""
    return derived(
        validated, ("member_flags", as_of), lambda: member_flags(validated.members, as_of)
    )


def _health_parts(health: pd.Series) -> dict[str, pd.Series]:
    """Per part of a (possibly combined) 健康状况: whether each member's value names it.

    Values are validated already, so a combined one is its parts joined by a comma;
    the test runs once per distinct value.
    """
    codes, values = pd.factorize(health, use_na_sentinel=True)
    parts = [set(str(v).split(schema.COMBINED_SEPARATOR)) for v in values]
    found = {}
    for part in schema.HEALTH_COMBINABLE:
        per_value = np.array([part in p for p in parts] + [False], dtype=bool)
        found[part] = pd.Series(per_value[codes], index=health.index)
    return found


def _employed(
    members: pd.DataFrame,
    column: Callable[[str], pd.Series],
    yes: Callable[[str], pd.Series],
) -> pd.Series:
    """务工状况 where filled; else the national export's months, place or 是否已务工."""
    status = column("employment")
    by_status = status.isin(schema.EMPLOYED)
    months = pd.to_numeric(column("work_months"), errors="coerce").gt(0)
    place = column("work_place").notna() & ~column("work_place").isin(schema.NO_WORK_PLACE)
    by_evidence = months | place | yes("working")
    return by_status | (status.isna() & by_evidence)


def build_households(validated: Validated, as_of: date) -> pd.DataFrame:
    """One row per household id, in the order households first appear in the file."""
    members = validated.members
    if (members[HOUSEHOLD].to_numpy() < 0).any():  # rows without a household ID
        members = members.loc[members[HOUSEHOLD] >= 0]
        flags = member_flags(members, as_of)
    else:
        flags = validated_flags(validated, as_of)
    codes = members[HOUSEHOLD].to_numpy()  # 0, 1, 2 … in order of first appearance
    # A person listed twice in a household (id_duplicate) counts once.
    once = ~members[REPEATED_MEMBER].to_numpy(dtype=bool) if REPEATED_MEMBER in members else None
    counted = flags[list(MEMBER_COUNTS.values())]
    counts = (counted if once is None else counted.mul(once, axis=0)).groupby(codes).sum()
    counts.columns = list(MEMBER_COUNTS)

    heads = members.loc[members[HEAD_ROW]]
    heads = heads.iloc[np.argsort(heads[HOUSEHOLD].to_numpy(), kind="stable")]
    household_columns = [n for n in schema.HOUSEHOLD_FIELDS if n in heads and n != "household_id"]
    households = _uncategorised(heads[household_columns]).set_axis(pd.Index(heads["household_id"]))
    households.index.name = "household_id"
    # As the object columns they are: an array would be converted to pandas' string type.
    for own, column in (("head_name", "name"), ("head_id_number", "id_number")):
        households[own] = heads[column].set_axis(households.index) if column in heads else None
    first = ~pd.Series(codes).duplicated().to_numpy()
    households["first_row"] = members[ROW].to_numpy()[first]
    is_head = members["relation"].eq(schema.HEAD).fillna(False).to_numpy(dtype=bool)
    households["has_head"] = np.bincount(codes[is_head], minlength=len(households)) > 0
    households["size"] = np.bincount(codes, weights=once, minlength=len(households)).astype(int)
    households[list(MEMBER_COUNTS)] = counts.to_numpy()
    households = _with_absent_fields(households)
    _to_codes(households)
    return _declared_risks(households).reset_index()


def _uncategorised(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical member columns as plain text columns: households, rules and outputs
    hold their values as objects (a household row is read once, not compared per row).
    The columns ``_to_codes`` turns into codes stay as they are for it."""
    plain = {
        str(name): _texts(column)
        for name, column in frame.items()
        if isinstance(column.dtype, pd.CategoricalDtype) and name not in CODED_FIELDS
    }
    return frame.assign(**plain) if plain else frame


def _texts(column: pd.Series) -> pd.Series:
    """A categorical column's values as objects, None where blank (not pandas' inferred
    string type, which would cost a conversion per column)."""
    categories = column.cat.categories.to_numpy(dtype=object)
    texts = np.append(categories, [None])[column.cat.codes.to_numpy()]  # -1 takes the None
    return pd.Series(texts, index=column.index, dtype=object, copy=False)


_EMPTY_DTYPES = {
    schema.Kind.MONEY: "float64",
    schema.Kind.INTEGER: "float64",
    schema.Kind.YES_NO: "boolean",
}


def _with_absent_fields(households: pd.DataFrame) -> pd.DataFrame:
    """Columns the roster lacks exist all the same, empty, so rules see one shape.

    Added in one step: dozens of single inserts leave a fragmented frame that every
    later column assignment pays for.
    """
    absent = {
        field.name: pd.Series(
            pd.NA if field.kind is schema.Kind.YES_NO else None,
            index=households.index,
            dtype=_EMPTY_DTYPES.get(field.kind, "object"),
        )
        for field in schema.FIELDS
        if field.level == "household"
        and field.name not in households
        and field.name != "household_id"
    }
    if not absent:
        return households.copy()
    return pd.concat([households, pd.DataFrame(absent, index=households.index)], axis=1)


def _to_codes(households: pd.DataFrame) -> None:
    """The household fields rules read as English codes (``escaped``), in pandas' string
    type, blank NaN; a categorical column by its categories, not row by row."""
    for name in CODED_FIELDS:
        if name in households:
            households[name] = _coded(households[name], schema.BY_NAME[name].codes)


def _coded(column: pd.Series, codes: dict[str, str]) -> pd.Series:
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.map(codes)
    per_category = pd.array([codes.get(c) for c in column.cat.categories], dtype="str")
    rows = per_category.take(column.cat.codes.to_numpy(), allow_fill=True)
    return pd.Series(rows, index=column.index, copy=False)


def _declared_risks(households: pd.DataFrame) -> pd.DataFrame:
    """A boolean ``declared_<risk>`` column per risk code, from 致贫返贫风险1…5."""
    present = [c for c in schema.RISK_COLUMNS if c in households]
    # Each column as its distinct values (compared once each) and which one each row holds.
    distinct = [_factorised(households[c]) for c in present]
    flags = pd.DataFrame(
        {
            f"declared_{code}": _any_equal(distinct, zh, len(households))
            for zh, code in schema.DECLARABLE_RISKS.items()
        },
        index=households.index,
    )
    return pd.concat([households.drop(columns=present), flags], axis=1)


def _factorised(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _any_equal(distinct: list[tuple[np.ndarray, np.ndarray]], value: str, rows: int) -> np.ndarray:
    """Per row: whether any of the factorised columns holds ``value`` (blank: no)."""
    found = np.zeros(rows, dtype=bool)
    for codes, uniques in distinct:
        equal = np.array([u == value for u in uniques] + [False], dtype=bool)
        found |= equal[codes]
    return found
