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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fanpin.errors import ProfileError
from fanpin.io import schema
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


@dataclass(frozen=True)
class Catalogue:
    path: Path
    measures: tuple[Measure, ...]
    sha256: str  # of the file as loaded, for the profile's hash

    def lookup(self) -> dict[str, str]:
        """Normalised code, name or alias → measure code."""
        table: dict[str, str] = {}
        for measure in self.measures:
            for key in (measure.code, measure.name, *measure.aliases):
                table[schema.normalize_text(key).lower()] = measure.code
        return table

    def by_code(self) -> dict[str, Measure]:
        return {m.code: m for m in self.measures}


def load_catalogue(path: Path) -> Catalogue:
    """Read and check a catalogue; every problem is an error naming its CSV line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("gb18030")
    except OSError as error:
        raise ProfileError(f"measure catalogue {path} cannot be read: {error}") from None
    reader = csv.DictReader(text.splitlines())
    header = tuple(reader.fieldnames or ())
    missing = [c for c in CATALOGUE_COLUMNS if c not in header]
    if missing:
        raise ProfileError(
            f"measure catalogue {path.name}: missing columns {', '.join(missing)}; "
            f"expected {', '.join(CATALOGUE_COLUMNS)}"
        )
    known = (*schema.RULE_NAMES, *schema.RULE_PARAMETERS)
    problems: list[str] = []
    measures: list[Measure] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        try:
            measure = _measure(row, line, known)
        except (ProfileError, ValueError) as error:
            problems.append(f"line {line}: {error}")
            continue
        for key in (measure.code, measure.name, *measure.aliases):
            normal = schema.normalize_text(key).lower()
            if normal in seen:
                problems.append(f"line {line}: '{key}' already used on line {seen[normal]}")
            seen[normal] = line
        measures.append(measure)
    if problems:
        listing = "\n  ".join(problems)
        raise ProfileError(f"measure catalogue {path.name} is not valid:\n  {listing}")
    if not measures:
        raise ProfileError(f"measure catalogue {path.name} has no measures")
    return Catalogue(path, tuple(measures), hashlib.sha256(text.encode("utf-8")).hexdigest())


def _measure(row: dict[str, str], line: int, known: tuple[str, ...]) -> Measure:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    code, name = cell("code"), cell("name")
    if not code or not name:
        raise ValueError("code and name are required")
    risks = tuple(r for r in re.split(r"[;；,，\s]+", cell("risks")) if r)
    unknown = [r for r in risks if r not in schema.RISK_FACTORS]
    if unknown:
        raise ValueError(
            f"unknown risk code {', '.join(unknown)}; use {', '.join(schema.RISK_FACTORS)}"
        )
    development = schema.yes_no_value(cell("development") or "否")
    if development is None:
        raise ValueError(f"development must be 是 or 否, not '{cell('development')}'")
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
        raise ValueError(
            f"amount '{text}' is not a number of yuan; write digits, e.g. 300"
        ) from None


def received_measures(text: pd.Series, catalogue: Catalogue) -> tuple[pd.Series, pd.Series]:
    """Per household: codes of catalogue measures received, and names not recognised."""
    lookup = catalogue.lookup()
    filled = text.dropna().astype(str)
    filled = filled[filled.str.strip().ne("")]  # most households have none: split only the rest
    tokens = filled.str.split(SEPARATORS, regex=True).explode()
    tokens = tokens[tokens.ne("")]
    codes = tokens.map(lambda t: lookup.get(schema.normalize_text(t).lower()))
    # A plain pass over the (few) tokens: a pandas group-by per household is far slower.
    recognised: dict[object, list[str]] = {}
    unrecognised: dict[object, list[str]] = {}
    for key, token, code in zip(tokens.index, tokens.tolist(), codes.tolist(), strict=True):
        if isinstance(code, str):
            listed = recognised.setdefault(key, [])
            if code not in listed:
                listed.append(code)
        else:
            unrecognised.setdefault(key, []).append(token)

    def per_household(found: dict[object, list[str]]) -> pd.Series:
        return pd.Series([found.get(k, []) for k in text.index], index=text.index, dtype=object)

    return per_household(recognised), per_household(unrecognised)


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
    received, unrecognised = received_measures(frame["measures_received"], catalogue)
    have = _received_matrix(received, codes)[rows]
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
    matrix = np.zeros((len(received), len(codes)), dtype=bool)
    exploded = received.reset_index(drop=True).explode().dropna()
    if not exploded.empty:
        column = pd.Index(codes).get_indexer(exploded.to_numpy())
        matrix[exploded.index.to_numpy(), column] = True
    return matrix


def _lists(matrix: np.ndarray, labels: np.ndarray, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """Per row of ``index``, the labels of its True columns; ``matrix`` holds ``rows`` only.

    Rows outside ``rows``, or with nothing True, get [] cheaply.
    """
    lists: list[list[str]] = [[] for _ in range(len(index))]
    for position in np.flatnonzero(matrix.any(axis=1)):
        lists[rows[position]] = labels[matrix[position]].tolist()
    return pd.Series(lists, index=index, dtype=object)


def _addresses(measure: Measure, factor: str) -> bool:
    if factor == DEVELOPMENT:
        return measure.development
    if factor == SAFETY_NET:
        return measure.safety_net
    return factor in measure.risks
