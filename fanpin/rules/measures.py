"""Assistance measures, "缺什么补什么" (domain.md §7): catalogue, received, needed, gap.

The catalogue is a CSV a county edits in Excel. For every monitored or
proposed household, each risk factor calls for the catalogue measures that
address it and whose condition holds; a factor is covered once any of them is
received. A labour-capable household needs a development measure (产业/就业),
a household without labour needs 综合保障 (兜底). The gap is what is needed for
an uncovered factor or rule and not received.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.errors import ProfileError, text_of
from fanpin.io import schema
from fanpin.io.files import reason_zh
from fanpin.rules.expr import Expression, parse_expression

CATALOGUE_COLUMNS = (
    "code",
    "category",
    "subcategory",
    "name",
    "aliases",
    "risks",
    "condition",
    "development",
    "amount",
    "department",
)
SEPARATORS = r"[、;；，,\s/]+"
_SEPARATOR = re.compile(SEPARATORS)
SAFETY_NET_CATEGORIES = frozenset({"综合保障", "兜底保障"})
# Pseudo-factors for the two household rules of domain.md §7.
DEVELOPMENT = "development"
SAFETY_NET = "safety_net"


@dataclass(frozen=True)
class Measure:
    code: str
    category: str
    subcategory: str
    name: str
    aliases: tuple[str, ...]
    risks: tuple[str, ...]
    condition: Expression | None
    development: bool
    amount: float | None
    department: str
    row: int  # line in the CSV, for messages

    @property
    def safety_net(self) -> bool:
        """A 兜底 measure: in the national 综合保障 category or a county's 兜底保障."""
        return not SAFETY_NET_CATEGORIES.isdisjoint((self.category, self.subcategory))


TYPE_PREFIX = "type:"
DEVELOPMENT_TYPE = f"{TYPE_PREFIX}development"


@dataclass(frozen=True)
class Catalogue:
    """The county's measures, and one stand-in per measure type of the national export.

    A per-type column (产业帮扶 …) says only that *some* measure of its type is in
    place: its stand-in (code ``type:industry`` …) is what the household received,
    and for coverage it counts as every catalogue measure of that type (``members``).
    ``type:development`` stands for 实施开发式帮扶措施情况 = 已实施.
    """

    path: Path
    measures: tuple[Measure, ...]
    sha256: str  # of the file as loaded, for the profile's hash
    types: tuple[Measure, ...] = field(init=False, repr=False, compare=False)
    members: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        types, members = _type_stand_ins(self.measures)
        object.__setattr__(self, "types", types)
        object.__setattr__(self, "members", members)

    def lookup(self) -> dict[str, str]:
        """Normalised code, name or alias → measure code; a type's name → its stand-in.

        The county's own names win over a type's name (公益岗位 is a measure in the
        national catalogue and a type of the export).
        """
        table: dict[str, str] = {}
        for measure_type in schema.MEASURE_TYPES:
            for key in (measure_type.header, *measure_type.aliases):
                table[schema.normalize_text(key).lower()] = TYPE_PREFIX + measure_type.code
        for measure in self.measures:
            for key in (measure.code, measure.name, *measure.aliases):
                table[schema.normalize_text(key).lower()] = measure.code
        return table

    def by_code(self) -> dict[str, Measure]:
        """Every code a household may have received: the measures and the type stand-ins."""
        return {m.code: m for m in (*self.measures, *self.types)}


def type_members(measures: tuple[Measure, ...], measure_type: schema.MeasureType) -> list[str]:
    """Codes of the catalogue measures a per-type column of the export stands for.

    By category or subcategory name; where the catalogue has none of the type's names,
    the measures whose subcategory holds the type's keyword and that address one of
    its risks (资兴's 住房饮水安全 holds both 危房改造 and 饮水工程).
    """
    named = [
        m.code
        for m in measures
        if m.category in measure_type.names or m.subcategory in measure_type.names
    ]
    if named or not measure_type.keyword:
        return named
    return [
        m.code
        for m in measures
        if measure_type.keyword in m.subcategory and set(m.risks) & set(measure_type.risks)
    ]


def _type_stand_ins(
    measures: tuple[Measure, ...],
) -> tuple[tuple[Measure, ...], dict[str, tuple[str, ...]]]:
    by_code = {m.code: m for m in measures}
    stand_ins: list[Measure] = []
    members: dict[str, tuple[str, ...]] = {}
    for measure_type in schema.MEASURE_TYPES:
        codes = tuple(type_members(measures, measure_type))
        code = TYPE_PREFIX + measure_type.code
        risks = tuple(dict.fromkeys(r for c in codes for r in by_code[c].risks))
        members[code] = codes
        stand_ins.append(
            Measure(
                code=code,
                category=measure_type.header,
                subcategory="",
                name=measure_type.header,
                aliases=measure_type.aliases,
                risks=risks,
                condition=None,
                development=any(by_code[c].development for c in codes),
                amount=None,
                department="",
                row=0,
            )
        )
    development = tuple(m.code for m in measures if m.development)
    members[DEVELOPMENT_TYPE] = ()
    stand_ins.append(
        Measure(
            code=DEVELOPMENT_TYPE,
            category=schema.BY_NAME["development_measures"].header,
            subcategory="",
            name=labels.READING["development_done"][0],
            aliases=(),
            risks=(),
            condition=None,
            development=bool(development),
            amount=None,
            department="",
            row=0,
        )
    )
    return tuple(stand_ins), members


def load_catalogue(path: Path) -> Catalogue:
    """Read and check a catalogue; every problem is an error naming its CSV line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("gb18030")
    except OSError as error:
        raise ProfileError(
            f"measure catalogue {path} cannot be read: {error}",
            zh=f"帮扶措施目录 {path} 无法读取：{reason_zh(error, writing=False)}",
        ) from None
    reader = csv.DictReader(text.splitlines())
    header = tuple(reader.fieldnames or ())
    missing = [c for c in CATALOGUE_COLUMNS if c not in header]
    if missing:
        raise ProfileError(
            f"measure catalogue {path.name}: missing columns {', '.join(missing)}; "
            f"expected {', '.join(CATALOGUE_COLUMNS)}",
            zh=f"帮扶措施目录 {path.name} 缺少 {'、'.join(missing)} 列；"
            f"目录的列应为 {'、'.join(CATALOGUE_COLUMNS)}",
        )
    known = (*schema.RULE_NAMES, *schema.RULE_PARAMETERS)
    problems: list[tuple[str, str]] = []  # (en, zh)
    measures: list[Measure] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        try:
            measure = _measure(row, line, known)
        except (ProfileError, ValueError) as error:
            problems.append((f"line {line}: {error}", f"第 {line} 行：{text_of(error, 'zh')}"))
            continue
        for key in (measure.code, measure.name, *measure.aliases):
            normal = schema.normalize_text(key).lower()
            if normal in seen:
                problems.append(
                    (
                        f"line {line}: '{key}' already used on line {seen[normal]}",
                        f"第 {line} 行：'{key}' 已在第 {seen[normal]} 行用过",
                    )
                )
            seen[normal] = line
        measures.append(measure)
    if problems:
        listing = "\n  ".join(en for en, _ in problems)
        listing_zh = "\n  ".join(zh for _, zh in problems)
        raise ProfileError(
            f"measure catalogue {path.name} is not valid:\n  {listing}",
            zh=f"帮扶措施目录 {path.name} 有误：\n  {listing_zh}",
        )
    if not measures:
        raise ProfileError(
            f"measure catalogue {path.name} has no measures",
            zh=f"帮扶措施目录 {path.name} 中没有任何措施：请至少写一行措施",
        )
    return Catalogue(path, tuple(measures), hashlib.sha256(text.encode("utf-8")).hexdigest())


def _measure(row: dict[str, str], line: int, known: tuple[str, ...]) -> Measure:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    code, name = cell("code"), cell("name")
    if not code or not name:
        raise ProfileError("code and name are required", zh="code 和 name 两列都须填写")
    risks = tuple(r for r in re.split(r"[;；,，\s]+", cell("risks")) if r)
    unknown = [r for r in risks if r not in schema.RISK_FACTORS]
    if unknown:
        raise ProfileError(
            f"unknown risk code {', '.join(unknown)}; use {', '.join(schema.RISK_FACTORS)}",
            zh=f"没有风险代码 {'、'.join(unknown)}：可用的有 {'、'.join(schema.RISK_FACTORS)}",
        )
    development = schema.yes_no_value(cell("development") or "否")
    if development is None:
        raise ProfileError(
            f"development must be 是 or 否, not '{cell('development')}'",
            zh=f"development 须填 是 或 否，而不是 '{cell('development')}'",
        )
    condition = parse_expression(cell("condition"), known) if cell("condition") else None
    amount_text = cell("amount")
    return Measure(
        code=code,
        category=cell("category"),
        subcategory=cell("subcategory"),
        name=name,
        aliases=tuple(a.strip() for a in cell("aliases").split("|") if a.strip()),
        risks=risks,
        condition=condition,
        development=development,
        amount=_amount(amount_text),
        department=cell("department"),
        row=line,
    )


def _amount(text: str) -> float | None:
    if not text:
        return None
    try:
        return float(schema.normalize_text(text).replace(",", "").removesuffix("元"))
    except ValueError:
        raise ProfileError(
            f"amount '{text}' is not a number of yuan; write digits, e.g. 300",
            zh=f"amount '{text}' 不是元数：请写数字，例如 300",
        ) from None


def received_measures(text: pd.Series, catalogue: Catalogue) -> tuple[pd.Series, pd.Series]:
    """Per household: codes of catalogue measures received, and names not recognised."""
    recognised, unrecognised = _tokens(text, catalogue.lookup())
    return _per_household(recognised, text.index), _per_household(unrecognised, text.index)


def _tokens(
    text: pd.Series, lookup: dict[str, str]
) -> tuple[dict[object, list[str]], dict[object, list[str]]]:
    """The filled cells of ``text`` split into names: codes found, and names not found.

    Worked out once per distinct text (a county writes the same few measure names
    thousands of times), then given to each household as its own lists.
    """
    filled = text.dropna().astype(str)
    filled = filled[filled.str.strip().ne("")]  # most households have none: split only the rest
    positions, uniques = pd.factorize(filled)
    split = [_split(cell, lookup) for cell in uniques]
    recognised_by: dict[object, list[str]] = {}
    unrecognised_by: dict[object, list[str]] = {}
    for key, position in zip(filled.index, positions.tolist(), strict=True):
        found, missed = split[position]
        if found:
            recognised_by[key] = list(found)
        if missed:
            unrecognised_by[key] = list(missed)
    return recognised_by, unrecognised_by


def _split(cell: str, lookup: dict[str, str]) -> tuple[list[str], list[str]]:
    """One cell's names: the codes of those the catalogue knows (each once), and the rest."""
    recognised: list[str] = []
    unrecognised: list[str] = []
    for token in _SEPARATOR.split(cell):
        if not token:
            continue
        measure = lookup.get(schema.normalize_text(token).lower())
        if isinstance(measure, str):
            if measure not in recognised:
                recognised.append(measure)
        else:
            unrecognised.append(token)
    return recognised, unrecognised


def _per_household(found: dict[object, list[str]], index: pd.Index) -> pd.Series:
    if not index.is_unique:
        return pd.Series([found.get(k, []) for k in index], index=index, dtype=object)
    lists: list[list[str]] = [[] for _ in range(len(index))]  # each household its own list
    for position, listed in zip(
        index.get_indexer(pd.Index(list(found))), found.values(), strict=True
    ):
        lists[position] = listed
    return pd.Series(lists, index=index, dtype=object)


def type_measures(households: pd.DataFrame, catalogue: Catalogue) -> dict[object, list[str]]:
    """Measures in place per the export's per-type columns and 实施开发式帮扶措施情况.

    A filled cell (not 否/无) means its type is in place: the measures its text names,
    or, when it names none (是, 已落实, an amount …), the type's stand-in. 已实施 adds
    ``type:development`` unless a development measure is there already. Households
    with nothing have no key.

    Each distinct answer of a column is read once, and each distinct combination of
    answers (households repeat a few) is made into a list once.
    """
    lookup = catalogue.lookup()
    answers: list[np.ndarray] = []  # per type column: which codes each household has (0: none)
    brings: list[list[tuple[str, ...]]] = []  # per type column: those codes (1, 2 …)
    for measure_type in schema.MEASURE_TYPES:
        if measure_type.field not in households:
            continue
        cells = households[measure_type.field]
        filled = cells.notna().to_numpy()
        codes, uniques = pd.factorize(cells[filled].astype(str))  # each distinct answer once
        stand_in = (TYPE_PREFIX + measure_type.code,)
        found: dict[tuple[str, ...], int] = {}  # answers that bring the same codes are one
        numbered = [
            0
            if _says_none(u)
            else found.setdefault(tuple(_split(u, lookup)[0]) or stand_in, len(found) + 1)
            for u in uniques
        ]
        answer = np.zeros(len(cells), dtype=np.int64)
        answer[filled] = np.array(numbered, dtype=np.int64)[codes]
        answers.append(answer)
        brings.append([(), *found])
    done = np.zeros(len(households), dtype=np.int64)
    if "development_measures" in households:
        said = households["development_measures"].eq(schema.DEVELOPMENT_DONE).fillna(False)
        done[said.to_numpy(dtype=bool)] = 1
    table = np.column_stack([*answers, done])
    active = np.flatnonzero(table.any(axis=1))
    if not len(active):
        return {}
    which, combinations = distinct_rows(table[active])
    development = {m.code for m in catalogue.by_code().values() if m.development}
    listed = [_combined(row, brings, development) for row in combinations.tolist()]
    keys = households.index[active]
    return {key: listed[c][:] for key, c in zip(keys, which.tolist(), strict=True)}


def distinct_rows(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which distinct row of ``table`` (small non-negative integers) each row is, and those
    rows: through one number per row where the rows' values allow it, else row by row."""
    radices = table.max(axis=0, initial=0) + 1
    if float(np.prod(radices.astype(np.float64))) < 2**62:
        places = np.concatenate([[1], np.cumprod(radices[:-1])]).astype(np.int64)
        _, first, which = np.unique(table @ places, return_index=True, return_inverse=True)
        return which.ravel(), table[first]
    rows, which = np.unique(table, axis=0, return_inverse=True)
    return which.ravel(), rows


def row_lists(matrix: np.ndarray, labels: np.ndarray) -> list[list[str]]:
    """Per row of a boolean matrix, the ``labels`` of its True columns: each distinct row's
    list made once (rows repeat a few patterns), then copied, every row its own list."""
    which, rows = distinct_rows(matrix.astype(np.int64))
    listed = [labels[row.astype(bool)].tolist() for row in rows]
    return [listed[i][:] for i in which.tolist()]


def _combined(
    row: list[int], brings: list[list[tuple[str, ...]]], development: set[str]
) -> list[str]:
    """The measures of one combination of answers (one per type column, then whether
    development help is done), in the columns' order, each once."""
    listed: list[str] = []
    for column, answer in enumerate(row[:-1]):
        listed += [c for c in brings[column][answer] if c not in listed]
    if row[-1] and development.isdisjoint(listed):
        listed.append(DEVELOPMENT_TYPE)
    return listed


def _says_none(text: str) -> bool:
    """A per-type cell that says the type is not in place: 否, 无, 0, N, × …"""
    return schema.yes_no_value(text) is False or not text.strip()


def _received_with_types(frame: pd.DataFrame, catalogue: Catalogue) -> tuple[pd.Series, pd.Series]:
    """The 帮扶措施 text column's measures, then those of the per-type columns."""
    received, unrecognised = received_measures(frame["measures_received"], catalogue)
    extra = type_measures(frame, catalogue)
    if not extra:
        return received, unrecognised
    lists = received.tolist()
    positions = frame.index.get_indexer(pd.Index(list(extra)))
    for position, codes in zip(positions, extra.values(), strict=True):
        listed = lists[position]
        lists[position] = listed + [c for c in codes if c not in listed]
    return pd.Series(lists, index=frame.index, dtype=object), unrecognised


def assign_measures(
    households: pd.DataFrame, catalogue: Catalogue, parameters: dict[str, object]
) -> pd.DataFrame:
    """Add measures_received_codes, measures_unrecognised, measures_needed, measures_gap, uncovered.

    Works on boolean matrices (households × measures), one per factor. Only
    households with status monitored or proposed get needs; the others keep what
    they received, for the record, and empty needs.
    """
    frame = households
    measures = catalogue.measures
    codes = np.array([m.code for m in measures], dtype=object)
    # households at risk again after elimination need help as much as monitored ones
    scope = (frame["status"].isin(["monitored", "proposed"]) | frame["returned_to_risk"]).to_numpy()
    rows = np.flatnonzero(scope)  # needs are worked out for these rows only
    at_risk = frame.iloc[rows]
    received, unrecognised = _received_with_types(frame, catalogue)
    in_scope = received.iloc[rows]
    have = _received_matrix(in_scope, codes) | _type_matrix(in_scope, catalogue, codes)
    developed = _has_code(in_scope, DEVELOPMENT_TYPE)
    applicable = np.column_stack(
        [
            m.condition.evaluate_mask(at_risk, parameters).to_numpy()
            if m.condition is not None
            else np.ones(len(rows), dtype=bool)
            for m in measures
        ]
    )
    targets = {f: at_risk[f"risk_{f}"].to_numpy(dtype=bool) for f in schema.RISK_FACTORS}
    targets[DEVELOPMENT] = at_risk["labour_count"].gt(0).to_numpy()
    targets[SAFETY_NET] = at_risk["labour_count"].eq(0).to_numpy()
    needed = np.zeros((len(rows), len(measures)), dtype=bool)
    gap = np.zeros_like(needed)
    uncovered: dict[str, np.ndarray] = {}
    for factor, has_factor in targets.items():
        addresses = np.array([_addresses(m, factor) for m in measures])
        options = applicable & addresses[None, :] & has_factor[:, None]
        open_factor = options.any(axis=1) & ~(options & have).any(axis=1)
        if factor == DEVELOPMENT:
            open_factor &= ~developed
        needed |= options
        gap |= options & open_factor[:, None]
        uncovered[factor] = open_factor
    result = frame.copy(deep=False)  # copy-on-write: new columns only, no data copied
    result["measures_received_codes"] = received
    result["measures_unrecognised"] = unrecognised
    result["measures_needed"] = _lists(needed, codes, rows, frame.index)
    result["measures_gap"] = _lists(gap, codes, rows, frame.index)
    factors = np.array(list(uncovered), dtype=object)
    open_factors = np.column_stack(list(uncovered.values()))
    result["uncovered"] = _lists(open_factors, factors, rows, frame.index)
    return result


def _received_matrix(received: pd.Series, codes: np.ndarray) -> np.ndarray:
    """Households × ``codes``: True where the household received that code."""
    matrix = np.zeros((len(received), len(codes)), dtype=bool)
    exploded = received.reset_index(drop=True).explode().dropna()
    if not exploded.empty:
        column = pd.Index(codes).get_indexer(exploded.to_numpy())
        known = column >= 0  # type stand-ins are not columns here
        matrix[exploded.index.to_numpy()[known], column[known]] = True
    return matrix


def _type_matrix(received: pd.Series, catalogue: Catalogue, codes: np.ndarray) -> np.ndarray:
    """Households × measures: True for every member measure of a type stand-in received."""
    stand_ins = np.array([m.code for m in catalogue.types], dtype=object)
    have_type = _received_matrix(received, stand_ins)
    membership = np.zeros((len(stand_ins), len(codes)), dtype=bool)
    position = {code: i for i, code in enumerate(codes.tolist())}
    for row, code in enumerate(stand_ins.tolist()):
        for member in catalogue.members[code]:
            membership[row, position[member]] = True
    return (have_type.astype(np.uint8) @ membership.astype(np.uint8)) > 0


def _has_code(received: pd.Series, code: str) -> np.ndarray:
    return np.fromiter((code in r for r in received.tolist()), dtype=bool, count=len(received))


def _lists(matrix: np.ndarray, labels: np.ndarray, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """Per row of ``index``, the labels of its True columns; ``matrix`` holds ``rows`` only.

    Rows outside ``rows``, or with nothing True, get [] cheaply.
    """
    lists: list[list[str]] = [[] for _ in range(len(index))]
    for position, listed in zip(rows.tolist(), row_lists(matrix, labels), strict=True):
        lists[position] = listed
    return pd.Series(lists, index=index, dtype=object)


def _addresses(measure: Measure, factor: str) -> bool:
    if factor == DEVELOPMENT:
        return measure.development
    if factor == SAFETY_NET:
        return measure.safety_net
    return factor in measure.risks
