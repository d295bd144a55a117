"""Roster validation on whole columns: typed member columns plus every problem found.

Each check computes a mask over a column (or a group-by over households) and
turns the masked rows into issues located by sheet, Excel row and the header as
written. Values are typed once here (money as float, yes/no as boolean, months
as "YYYYMM" text) so later stages never parse cells again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from stdnum.cn import ric

from fanpin import labels
from fanpin.io import schema
from fanpin.io.issues import ISSUE_COLUMNS, in_file_order
from fanpin.io.messages import ISSUE_CODES, Lang, Severity
from fanpin.io.read import ROW, Table
from fanpin.io.schema import Kind
from fanpin.io.text import CONTROL, capped, mask_ids, masked_id, shown_controls
from fanpin.labels import label

INCOME_TOLERANCE_YUAN = 1.0
INCOME_TOLERANCE_SHARE = 0.01
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_ID_CHECK_CHARS = np.array(list("10X98765432"))
_ID_CHECK_BYTES = np.frombuffer(b"10X98765432", dtype=np.uint8)
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
_MONTH_TEXT = re.compile(r"^(\d{4})[-./年]?(\d{1,2})月?(?:[-./]\d{1,2}日?)?$")
HEAD_ROW = "_head_row"  # the row that stands for its household (members column)
HOUSEHOLD = "_household"  # households numbered 0, 1, 2 … as they first appear; -1 if blank
# True on a member row that repeats an earlier row's ID in the same household: the same
# person listed twice (reported as id_duplicate), counted once in sizes and counts.
REPEATED_MEMBER = "_repeated_member"
_YES_NO_ALLOWED = "是, 否 (Y/N, 1/0, √/×)"
# Issues of joining several export files (io/join.py); their messages are labels.JOIN_ISSUES.
JOIN_SEVERITY: dict[str, str] = {
    "join_no_key": "error",
    "join_unmatched": "warning",
    "join_duplicate": "warning",
    "join_by_name": "warning",
    "join_conflict": "warning",
}


@dataclass
class Validated:
    """A roster read and checked: typed members and the issues found."""

    table: Table
    members: pd.DataFrame  # typed canonical columns, ROW, birth_date
    issues: pd.DataFrame  # issues.ISSUE_COLUMNS, in file order
    # What later stages work out from ``members`` (ID characters, member flags), kept so
    # that each is worked out once per roster: see ``derived``.
    derived: dict[Hashable, Any] = dataclasses.field(
        default_factory=dict, repr=False, compare=False
    )


_T = TypeVar("_T")


def derived(validated: Validated, key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, worked out once per validated roster (its members never change) and
    shared by the stages that need it; ``key`` names it and what it depends on."""
    if key not in validated.derived:
        validated.derived[key] = compute()
    found: _T = validated.derived[key]
    return found


def mask_id(value: str) -> str:
    """An ID number with its middle hidden: 4310**********123X."""
    return masked_id(value)


def validate_table(table: Table, lang: Lang = "zh", as_of: date | None = None) -> Validated:
    """A roster: every column typed and checked, then households and income, in file order."""
    as_of = as_of or date.today()
    issues = IssueCollector(table, table.frame, lang)
    cells: dict[str, np.ndarray] = {}  # field -> each row's distinct cell, as typed from
    members = _type_columns(table, issues, cells)
    members["household_id"] = members["household_id"].astype(object)
    kept: dict[Hashable, Any] = {}
    members["birth_date"] = _check_ids(members, "id_number", issues, as_of, True, kept)
    member_required = [
        f for f in schema.REQUIRED if f.level == "member" or f.name == "household_id"
    ]
    _check_required(issues, members, member_required)
    members[HOUSEHOLD] = pd.factorize(members["household_id"], use_na_sentinel=True)[0]
    members[REPEATED_MEMBER] = repeated_members(members, kept.get(("id_repeated", "id_number")))
    members[HEAD_ROW] = head_rows(members)
    _check_households(members, issues, cells)
    _check_income(members, issues)
    found = issues.frame()
    if table.parts:
        found = _located_in_their_files(table, found, lang)
    return Validated(table, members, found, kept)


def _params(record: dict[str, object]) -> dict[str, object]:
    params = record["params"]
    return dict(params) if isinstance(params, dict) else {}


def _located_in_their_files(table: Table, found: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Issues of several joined files: each at the file, sheet, row and header its value
    came from, with the join's own issues, in file order (the main roster first)."""
    frame = found.copy()
    frame["_part"] = 0
    if not frame.empty:
        position = pd.Index(table.frame[ROW]).get_indexer(frame["row"].astype("int64"))
        for name, (parts, rows) in table.sources.items():
            mine = (frame["field"] == name).to_numpy() & (position >= 0)
            if not mine.any():
                continue
            at = position[mine]
            frame.loc[mine, "_part"] = parts[at]
            frame.loc[mine, "row"] = rows[at]
            frame.loc[mine, "column"] = [table.parts[p].header(name) for p in parts[at]]
    joined = [
        {
            "code": record["code"],
            "severity": JOIN_SEVERITY.get(str(record["code"]), "warning"),
            "sheet": None,
            "row": record["row"],
            "column": record["column"],
            "field": record["field"],
            "value": record["value"],
            "household_id": record["household_id"],
            "message": label(labels.JOIN_ISSUES, record["code"], lang).format(
                column=record["column"], value=record["value"], **_params(record)
            ),
            "_part": record["part"],
        }
        for record in table.join_issues
    ]
    if joined:
        frame = pd.concat([frame, pd.DataFrame(joined)], ignore_index=True)
    places = [part.place for part in table.parts]
    frame["sheet"] = [places[p] for p in frame["_part"].tolist()]
    order = {name: i for i, name in enumerate(table.frame.columns)}
    frame["_column"] = frame["field"].map(order).fillna(-1)
    frame = frame.sort_values(["_part", "row", "_column"], kind="stable")
    return frame.drop(columns=["_part", "_column"]).reset_index(drop=True)


def check_table(table: Table, lang: Lang = "zh", as_of: date | None = None) -> Validated:
    """Any other input (department list, ledger, cases): typed columns, IDs, required cells.

    ID columns get format, birth-date and check-digit checks; repeated IDs are
    allowed here (a person may have several hospital stays or payments).
    """
    as_of = as_of or date.today()
    issues = IssueCollector(table, table.frame, lang)
    typed = _type_columns(table, issues)
    for name in typed.columns:
        if name != ROW and table.fieldset.by_name[name].kind is Kind.ID:
            _check_ids(typed, name, issues, as_of, unique=False)
    _check_required(issues, typed, [table.fieldset.by_name[r] for r in table.fieldset.required])
    return Validated(table, typed, issues.frame())


def _type_columns(
    table: Table, issues: IssueCollector, cells: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """The columns typed; ``cells`` gets each household field's codes: which distinct cell
    each row holds (-1 blank), so rows with equal codes hold equal typed values."""
    raw = table.frame
    typed: dict[str, pd.Series] = {ROW: raw[ROW]}  # one frame at the end, not many inserts
    for name in raw.columns:
        if name != ROW:
            field = table.fieldset.by_name[name]
            read = table.distinct(name)  # the reader's factorisation, when it made one
            if read is None and field.kind in (Kind.MONEY, Kind.INTEGER):
                numbers = _stored_numbers(raw[name])
                if numbers is not None:  # what _as_number makes of them, without the detour
                    typed[name] = numbers
                    issues.add("negative_amount", numbers < 0, name)
                    continue
            distinct = _Distinct.of(raw[name]) if read is None else _Distinct(*read, raw.index)
            column = _without_controls(distinct, name, issues)
            typed[name] = _TYPERS[field.kind](column, field, issues)
            if cells is not None and name in schema.HOUSEHOLD_FIELDS:
                cells[name] = _compact_codes(column.codes, len(column.values))
    return pd.DataFrame(typed, copy=False)  # each column its own: not copied into blocks


def _compact_codes(codes: np.ndarray, distinct: int) -> np.ndarray:
    """Codes in the smallest integer type that holds them (a county's codes of every
    household field, kept together, would otherwise cost 8 bytes a cell)."""
    for kind in (np.int8, np.int16, np.int32):
        if distinct < np.iinfo(kind).max:
            return codes.astype(kind)
    return codes


def _stored_numbers(column: pd.Series) -> pd.Series | None:
    """A column the file stored as numbers (Parquet, not text) as floats, blanks NaN; None
    when it holds an infinity (not a number) or a -0.0 (distinct cells would make it 0.0
    or keep it, by which comes first), left to the cell by cell way."""
    if column.dtype.kind not in "fi":
        return None
    number = column.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    if np.isinf(number).any() or (np.signbit(number) & (number == 0)).any():
        return None
    return pd.Series(number, index=column.index)


def _without_controls(column: _Distinct, name: str, issues: IssueCollector) -> _Distinct:
    """The control-character policy (fanpin.io.text), applied as a file's cells are first
    taken in: control characters are removed from the cells (in the table read, so every
    later use sees the cleaned text) and each such cell is reported, with what was removed.

    Checked once per distinct value: one C-level test over all texts joined, and a regex
    only when it fails (a full-width space is not printable either).
    """
    values = column.values
    is_text, texts = _texts_of(values)
    if not texts or "".join(texts).isprintable():
        return column
    where = np.flatnonzero(is_text)
    pairs = zip(where.tolist(), texts, strict=True)
    dirty = [(i, v) for i, v in pairs if CONTROL.search(v) is not None]
    if not dirty:
        return column
    positions = np.array([i for i, _ in dirty], dtype=np.int64)
    cleaned = values.copy()
    cleaned[positions] = [CONTROL.sub("", v) for _, v in dirty]
    removed = np.full(len(values), None, dtype=object)
    removed[positions] = [shown_controls(v) for _, v in dirty]
    bad = np.zeros(len(values), dtype=bool)
    bad[positions] = True
    result = _Distinct(column.codes, cleaned, column.index)
    rows = result.spread(bad, False)
    issues.raw.loc[rows, name] = result.spread(cleaned).loc[rows]
    shown = result.spread(_cell_texts(cleaned))
    issues.add("control_characters", rows, name, shown, detail=result.spread(removed))
    return result


class IssueCollector:
    """The one location builder: masked rows become located, rendered records.

    Every record names the sheet, the Excel row, the header as written, the
    field, the cell's value (or the value given) and the household, then a
    message from ``messages`` (code -> (severity, Chinese template, English
    template); the issue codes of ``io.messages`` by default). ``carry`` names
    further columns of ``raw`` copied onto each record before the message (a
    procedure finding's kind, township and village), so issues and findings
    share one shape: ``ISSUE_COLUMNS`` with the carried columns before ``message``.
    """

    def __init__(
        self,
        table: Table,
        raw: pd.DataFrame,
        lang: Lang,
        messages: Mapping[str, tuple[Severity, str, str]] = ISSUE_CODES,
        carry: Sequence[str] = (),
    ) -> None:
        self.table = table
        self.raw = raw
        self.lang = lang
        self.messages = messages
        self.carry = tuple(carry)
        self.columns = [*(c for c in ISSUE_COLUMNS if c != "message"), *self.carry, "message"]
        self.records: list[dict[str, object]] = []
        self.flagged: dict[str, pd.Series] = {}  # field -> rows already reported

    def add(
        self,
        code: str,
        mask: pd.Series,
        field: str | None,
        value: pd.Series | None = None,
        **params: pd.Series | object,
    ) -> None:
        """One record for every row where ``mask`` holds; Series params vary per row."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        if field is not None:
            previous = self.flagged.get(field)
            self.flagged[field] = mask if previous is None else previous | mask
        selected = self.raw.loc[mask]
        values = (value if value is not None else _display(self.raw[field]))[mask]
        column = self.table.header(field) if field else ""
        per_row = {k: v[mask].tolist() for k, v in params.items() if isinstance(v, pd.Series)}
        fixed = {k: v for k, v in params.items() if not isinstance(v, pd.Series)}
        household_ids = _display(selected["household_id"]) if "household_id" in selected else None
        carried = {name: selected[name].tolist() for name in self.carry}
        severity, zh, en = self.messages[code]
        template = zh if self.lang == "zh" else en
        fixed = {k: _shown(v) for k, v in fixed.items()}
        for i, (row, shown) in enumerate(zip(selected[ROW].tolist(), values.tolist(), strict=True)):
            row_params = {k: _shown(v[i]) for k, v in per_row.items()}
            text = "" if shown is None else _shown(str(shown))
            record: dict[str, object] = {
                "code": code,
                "severity": severity,
                "sheet": self.table.sheet,
                "row": int(row),
                "column": column,
                "field": field,
                "value": text,
                "household_id": None if household_ids is None else household_ids.iloc[i],
            }
            for name, cells in carried.items():
                record[name] = cells[i]
            record["message"] = template.format(column=column, value=text, **fixed, **row_params)
            self.records.append(record)

    def frame(self, order: Iterable[str] | None = None) -> pd.DataFrame:
        """Records in file order: by row, then by the field's position among ``order``
        (the file's columns by default)."""
        records = pd.DataFrame(self.records, columns=self.columns)
        return in_file_order(records, self.raw.columns if order is None else order)


def _shown(value: object) -> object:
    """A value echoed in an issue: any full ID in it masked, at most SHOWN_LIMIT characters
    (a 1 MB cell would otherwise be copied into every message and table)."""
    if isinstance(value, str):
        return capped(mask_ids(value))
    return value


@dataclass(frozen=True)
class _Distinct:
    """A raw column as its distinct cells, and per row which one (-1: a blank cell).

    Rosters repeat values heavily, so cells are converted and checked once per
    distinct value, then spread back onto the rows.
    """

    codes: np.ndarray
    values: np.ndarray  # object
    index: pd.Index

    @classmethod
    def of(cls, column: pd.Series) -> _Distinct:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        return cls(codes, np.asarray(uniques, dtype=object), column.index)

    def spread(self, per_value: np.ndarray | Sequence[object], blank: object = None) -> pd.Series:
        """Values per distinct cell onto every row; ``blank`` on blank rows.

        Text goes as an object array (None when blank); flags and numbers keep
        their dtype with a ``blank`` of False or NaN.
        """
        per_value = np.asarray(per_value, dtype=object if blank is None else None)
        padded = np.concatenate([per_value, np.array([blank], dtype=per_value.dtype)])
        # A new array: the Series takes it as it is (pandas would copy it otherwise).
        return pd.Series(padded[self.codes], index=self.index, dtype=padded.dtype, copy=False)

    def categorical(self, per_value: np.ndarray) -> pd.Series:
        """Texts per distinct cell onto every row as a categorical column (blank: NaN).

        A column of a few values repeated over every row: comparing, testing membership
        and finding blanks then work on its small codes, not on a text per row. Made from
        the codes without a pass over the rows' texts."""
        value_codes, categories = pd.factorize(np.asarray(per_value, dtype=object))
        codes = np.append(value_codes, -1)[self.codes]  # -1 (blank) takes the -1 at the end
        categorical = pd.Categorical.from_codes(codes, pd.Index(categories, dtype=object))
        return pd.Series(categorical, index=self.index, copy=False)

    def report(
        self,
        issues: IssueCollector,
        code: str,
        bad: np.ndarray,
        field: str,
        shown: np.ndarray | None = None,
        **params: object,
    ) -> None:
        """One issue per row whose distinct cell is ``bad``, showing ``shown`` (or the cell)."""
        if bad.any():
            value = None if shown is None else self.spread(shown)
            issues.add(code, self.spread(bad, False), field, value, **params)


def _cell_text(value: object) -> str | None:
    """A cell as normalised text: full-width folded, spaces removed, 3.0 → '3'."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, bool):
        return schema.YES if value else schema.NO
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = schema.normalize_text(str(value))
    return text or None


_JOIN = "\0"  # NFKC keeps it, it is not a space, and no roster cell holds it


def _cell_texts(uniques: np.ndarray) -> np.ndarray:
    """_cell_text of many values; text cells are normalised together, as one string.

    NFKC never composes across the separator (a starter that combines with
    nothing), so normalising the joined text equals normalising each cell, in one
    C call instead of a Python call per cell.
    """
    texts = np.empty(len(uniques), dtype=object)
    is_text, strings = _texts_of(uniques)
    joined = _JOIN.join(strings)
    normal = schema.normalize_text(joined)
    if (
        normal == joined
        and joined.count(_JOIN) == max(len(strings) - 1, 0)
        and set(map(type, strings)) <= {str}
    ):
        parts = strings  # normalised already (the usual case): the texts as they are
        if len(strings) == len(uniques) and "" not in strings:
            return np.array(uniques, dtype=object)  # a copy: all text, none blank
    else:
        parts = normal.split(_JOIN)
        if len(parts) != len(strings):  # a cell held the separator itself
            parts = [schema.normalize_text(t) for t in strings]
    texts[is_text] = [part or None for part in parts]
    if not is_text.all():
        texts[~is_text] = [_cell_text(u) for u in uniques[~is_text]]
    return texts


def _texts_of(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Which of ``values`` are text, and those texts. A column of text only (the usual
    case, and every column of a Parquet or CSV file) is found so by one type test per
    value in C (``str.join`` refuses anything else) instead of one in Python."""
    items = values.tolist()
    try:
        "".join(items)
    except TypeError:
        is_text = np.fromiter((type(v) is str for v in items), dtype=bool, count=len(items))
        return is_text, [v for v in items if type(v) is str]
    return np.ones(len(items), dtype=bool), items


def _display(values: pd.Series) -> pd.Series:
    """Cells as shown in messages and typed as text: normalised, blank as None."""
    column = _Distinct.of(values)
    return column.spread(_cell_texts(column.values))


def _as_text(column: _Distinct, field: schema.Field, issues: IssueCollector) -> pd.Series:
    return column.spread(_cell_texts(column.values))


def _as_enum(column: _Distinct, field: schema.Field, issues: IssueCollector) -> pd.Series:
    text = _cell_texts(column.values)
    allowed = set(field.allowed)
    unknown = np.array([t is not None and t not in allowed for t in text], dtype=bool)
    if field.combinable and unknown.any():
        for position in np.flatnonzero(unknown):
            combined = combined_value(text[position], field.combinable)
            if combined is not None:
                text[position] = combined
                unknown[position] = False
    column.report(
        issues,
        "not_in_vocabulary",
        unknown,
        field.name,
        text,
        allowed=_allowed_text(field, issues.lang),
    )
    text[unknown] = None
    return column.categorical(text)


_COMBINED = re.compile(r"[,，、;；/+]")


def combined_value(text: str, parts: Sequence[str]) -> str | None:
    """Two or more of ``parts`` joined by a comma (or 、 ; / +), in the vocabulary's order.

    ``残疾,长期慢性病`` and ``长期慢性病、残疾`` both become ``长期慢性病,残疾``;
    anything else (an unknown part, a repeated one, a single value) gives None.
    """
    written = [p for p in _COMBINED.split(text) if p]
    if len(written) < 2 or len(set(written)) != len(written) or not set(written) <= set(parts):
        return None
    return schema.COMBINED_SEPARATOR.join(p for p in parts if p in written)


def _allowed_text(field: schema.Field, lang: Lang) -> str:
    listing = "、".join(field.allowed)
    if not field.combinable:
        return listing
    example = schema.COMBINED_SEPARATOR.join(field.combinable[-2:])
    note = label(labels.READING, "combinable", lang)
    return listing + note.format(parts="、".join(field.combinable), example=example)


def _as_yes_no(column: _Distinct, field: schema.Field, issues: IssueCollector) -> pd.Series:
    text = _cell_texts(column.values)
    answer = [None if t is None else schema.yes_no_value(t) for t in text]
    unknown = pd.notna(text) & pd.isna(np.array(answer, dtype=object))
    column.report(issues, "not_in_vocabulary", unknown, field.name, text, allowed=_YES_NO_ALLOWED)
    known = column.spread(np.array([a is not None for a in answer], dtype=bool), False)
    yes = column.spread(np.array([a is True for a in answer], dtype=bool), False)
    return pd.Series(pd.arrays.BooleanArray(yes.to_numpy(), ~known.to_numpy()), column.index)


def _as_number(column: _Distinct, field: schema.Field, issues: IssueCollector) -> pd.Series:
    number = _numbers(column.values)
    not_number = np.isnan(number)
    if not_number.any():  # a cell blank once normalised is not a bad number
        not_number[not_number] = [t is not None for t in _cell_texts(column.values[not_number])]
    column.report(issues, "not_a_number", not_number, field.name)
    column.report(issues, "negative_amount", number < 0, field.name)
    return column.spread(number, np.nan)


def _numbers(uniques: np.ndarray) -> np.ndarray:
    """Distinct cells as numbers (NaN where not one): parsed as they are, else normalised."""
    parsed = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce")
    number = np.array(parsed, dtype="float64")  # a copy: pandas hands out read-only views
    rest = np.isnan(number)
    if rest.any():
        text = pd.Series([_number_text(u) for u in uniques[rest]], dtype=object)
        number[rest] = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    number[~np.isfinite(number)] = np.nan  # 1e400, inf: no amount of money; not a number
    return number


def _number_text(value: object) -> object:
    """Numbers stay numbers; text loses thousands separators and a 元 unit."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = _cell_text(value)
    if text is None:
        return None
    return text.replace(",", "").removesuffix("元")


def _as_month(column: _Distinct, field: schema.Field, issues: IssueCollector) -> pd.Series:
    month = np.array([_month_text(u) for u in column.values], dtype=object)
    text = _cell_texts(column.values)
    bad = pd.notna(text) & pd.isna(month)
    column.report(issues, "bad_yyyymm", bad, field.name, text)
    return column.spread(month)


def _month_text(value: object) -> str | None:
    """YYYYMM from 202103, 202103.0, '2021-03', '2021年3月' or an Excel date; else None."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y%m")
    if isinstance(value, float) and not value.is_integer():
        return None  # 2021.1 may be a typed 2021.10: ambiguous, so reported
    text = _cell_text(value)
    if text is None:
        return None
    match = _MONTH_TEXT.match(text)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1949 <= year <= 2100 and 1 <= month <= 12):
        return None
    return f"{year:04d}{month:02d}"


def _as_id(column: _Distinct, field: schema.Field, issues: IssueCollector) -> pd.Series:
    """Resident IDs as upper-case text; numeric cells are reported, not trusted."""
    uniques = column.values
    text, any_e = _upper_texts(_cell_texts(uniques))
    count = len(uniques)
    is_text, _ = _texts_of(uniques)
    number = np.zeros(count, dtype=bool)
    if not is_text.all():
        number[~is_text] = [type(u) in (int, float) for u in uniques[~is_text]]
    scientific = np.zeros(count, dtype=bool)
    if any_e:  # 1.23E+17: only a text with an E can be one
        scientific = ~number & np.fromiter(
            (t is not None and "E" in t and _SCIENTIFIC.match(t) is not None for t in text),
            dtype=bool,
            count=count,
        )
    shown = np.full(count, None, dtype=object)
    shown[scientific] = text[scientific]
    shown[number] = [f"{float(u):.5E}" for u in uniques[number]]
    as_number = number | scientific
    column.report(issues, "id_as_number", as_number, field.name, shown)
    text[as_number] = None
    return column.spread(text)


def _upper_texts(texts: np.ndarray) -> tuple[np.ndarray, bool]:
    """Texts upper-cased (None stays None), in one C call over them all joined, and whether
    any holds an E. Case mapping never crosses the separator, so this is each one's upper()."""
    upper = np.array(texts, dtype=object)
    filled = np.flatnonzero(pd.notna(upper))
    strings = upper[filled].tolist()
    joined = _JOIN.join(strings)
    upper_joined = joined.upper()
    if upper_joined == joined and set(map(type, strings)) <= {str}:  # the usual case
        return upper, "E" in upper_joined
    parts = upper_joined.split(_JOIN)
    if len(parts) != len(strings):  # a text held the separator itself
        parts = [t.upper() for t in strings]
    upper[filled] = parts
    return upper, "E" in upper_joined


def comparable(values: pd.Series, field: schema.Field) -> np.ndarray:
    """Cells as what they mean, to compare the same field in two files; None when blank.

    Numbers, yes/no, months and combined values become their typed or canonical form
    where they parse (3000 and "3,000元", 是 and Y, 2021-03 and 202103 are equal);
    other cells compare as normalised text (IDs upper-case).
    """
    column = _Distinct.of(values)
    text = _cell_texts(column.values)
    meant = text.copy()
    if field.kind in (Kind.MONEY, Kind.INTEGER):
        number = _numbers(column.values)
        parsed = ~np.isnan(number)
        meant[parsed] = number[parsed].tolist()
    elif field.kind is Kind.YES_NO:
        answers = [None if t is None else schema.yes_no_value(t) for t in text]
        meant = np.array(
            [t if a is None else a for t, a in zip(text, answers, strict=True)], dtype=object
        )
    elif field.kind is Kind.YYYYMM:
        months = [_month_text(u) for u in column.values]
        meant = np.array(
            [t if m is None else m for t, m in zip(text, months, strict=True)], dtype=object
        )
    elif field.kind is Kind.ID:
        meant = np.array([t if t is None else t.upper() for t in text], dtype=object)
    elif field.combinable:
        meant = np.array(
            [t if t is None else combined_value(t, field.combinable) or t for t in text.tolist()],
            dtype=object,
        )
    return column.spread(meant).to_numpy(dtype=object, copy=True)


def id_keys(values: pd.Series) -> np.ndarray:
    """ID cells as join keys (normalised, upper-case); None when blank or stored as a number.

    An 18-digit ID stored as a number has lost its last digits, so it cannot be matched.
    """
    column = _Distinct.of(values)
    uniques = column.values
    text = _cell_texts(uniques)
    keys = np.array([t if t is None else t.upper() for t in text], dtype=object)
    number = np.fromiter((type(u) in (int, float) for u in uniques), dtype=bool, count=len(uniques))
    scientific = np.fromiter(
        (k is not None and _SCIENTIFIC.match(k) is not None for k in keys),
        dtype=bool,
        count=len(uniques),
    )
    keys[number | scientific] = None
    return column.spread(keys).to_numpy(dtype=object)


def text_keys(values: pd.Series) -> np.ndarray:
    """Cells as normalised text (numbers without a trailing .0); None when blank."""
    return _display(values).to_numpy(dtype=object)


_TYPERS: dict[Kind, Callable[[_Distinct, schema.Field, IssueCollector], pd.Series]] = {
    Kind.TEXT: _as_text,
    Kind.ID: _as_id,
    Kind.ENUM: _as_enum,
    Kind.YES_NO: _as_yes_no,
    Kind.MONEY: _as_number,
    Kind.INTEGER: _as_number,
    Kind.YYYYMM: _as_month,
}


def id_characters(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each ID as a row of 18 ASCII codes, and whether it is 17 digits then a digit or X.

    IDs that are not 18 ASCII characters get a row of zeros and are not well formed.
    """
    values = ids.to_numpy(dtype=object, na_value="")
    fits = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) == 18
    fits[fits] = np.fromiter(map(str.isascii, values[fits]), dtype=bool, count=int(fits.sum()))
    chars = np.zeros((len(values), 18), dtype=np.uint8)
    if fits.any():
        joined = "".join(values[fits].tolist()).encode("ascii")
        chars[fits] = np.frombuffer(joined, dtype=np.uint8).reshape(-1, 18)
    digit = (chars >= ord("0")) & (chars <= ord("9"))
    last_ok = digit[:, 17] | (chars[:, 17] == ord("X"))
    return chars, fits & digit[:, :17].all(axis=1) & last_ok


def id_check_digits(ids: pd.Series) -> pd.Series:
    """The GB 11643 check digit each 17-digit prefix calls for (ids must be well formed)."""
    chars, _ = id_characters(ids)
    return pd.Series(_ID_CHECK_CHARS[_check_remainders(chars)], index=ids.index, dtype=object)


def _check_remainders(chars: np.ndarray) -> np.ndarray:
    return ((chars[:, :17].astype(np.int64) - ord("0")) @ _ID_WEIGHTS) % 11


def _birth_dates(chars: np.ndarray, well_formed: np.ndarray, index: pd.Index) -> pd.Series:
    """The date in characters 7–14 of each well-formed ID; NaT where it is no date."""
    digits = chars[:, 6:14].astype(np.int64) - ord("0")

    def number(first: int, last: int) -> np.ndarray:
        places = 10 ** np.arange(last - first - 1, -1, -1)
        return np.where(well_formed, digits[:, first:last] @ places, 1)

    parts = pd.DataFrame({"year": number(0, 4), "month": number(4, 6), "day": number(6, 8)})
    birth = pd.to_datetime(parts, errors="coerce")
    birth.index = index
    return birth.where(well_formed)


def _check_ids(
    members: pd.DataFrame,
    column: str,
    issues: IssueCollector,
    as_of: date,
    unique: bool,
    kept: dict[Hashable, Any] | None = None,
) -> pd.Series:
    """Format, birth date and check digit of every ID; with ``unique``, repeats too.

    Masks are computed on the whole column, from the IDs' characters as one byte
    matrix; masked values and explanations only for the (few) rows reported. ``kept``
    gets the characters (``("id_characters", column)``: ``id_characters``' answer) and,
    with ``unique``, the rows repeating an earlier row's ID (``("id_repeated", column)``).
    """
    ids = members[column]
    present = ids.notna()
    chars, well_formed_array = id_characters(ids)
    well_formed = pd.Series(well_formed_array, index=ids.index)
    birth = _birth_dates(chars, well_formed_array, ids.index)
    bad_birth = well_formed & (
        birth.isna() | (birth > pd.Timestamp(as_of)) | (birth < pd.Timestamp(1900, 1, 1))
    )
    checkable = well_formed & ~bad_birth
    expected = _ID_CHECK_BYTES[_check_remainders(chars)]
    bad_format = present & ~well_formed
    bad_check = checkable & (expected != chars[:, 17])
    repeated = present & ids.duplicated(keep="first") if unique else present & False
    if kept is not None:
        kept[("id_characters", column)] = (chars, well_formed_array)
        if unique:
            kept[("id_repeated", column)] = repeated.to_numpy(dtype=bool)
    reported = bad_format | bad_birth | bad_check | repeated
    shown = ids[reported]
    masked = shown.map(lambda v: mask_id(str(v))).reindex(ids.index)
    issues.add(
        "id_format",
        bad_format,
        column,
        masked,
        detail=shown.map(lambda v: _format_detail(v, issues.lang)).reindex(ids.index),
    )
    issues.add(
        "id_birth_date", bad_birth, column, masked, detail=shown.str[6:14].reindex(ids.index)
    )
    issues.add(
        "id_checksum",
        bad_check,
        column,
        masked,
        expected=ids[bad_check].map(_stdnum_check_digit).reindex(ids.index),
    )
    if repeated.any():
        twice = ids.duplicated(keep=False) & present
        households = members.loc[twice, "household_id"].fillna("?").astype(str)
        listing = households.groupby(ids[twice]).agg(lambda h: "、".join(dict.fromkeys(h)))
        issues.add("id_duplicate", repeated, column, masked, detail=ids.map(listing).fillna(""))
    return birth.where(checkable)


def _format_detail(value: object, lang: Lang) -> str:
    """Why an ID is malformed, in the message language."""
    text = "" if value is None else str(value)
    if len(text) == 15 and text.isdigit():
        return labels.label(labels.ID_FORMAT_DETAIL, "old_number", lang)
    if len(text) != 18:
        return labels.label(labels.ID_FORMAT_DETAIL, "length", lang).format(length=len(text))
    return labels.label(labels.ID_FORMAT_DETAIL, "characters", lang)


def _stdnum_check_digit(value: object) -> str | None:
    return None if value is None else str(ric.calc_check_digit(str(value)))


def _check_required(
    issues: IssueCollector, typed: pd.DataFrame, fields: list[schema.Field]
) -> None:
    """Blank required cells; a cell typed away because it was invalid is reported already."""
    for field in fields:
        blank = typed[field.name].isna()
        reported = issues.flagged.get(field.name)
        issues.add("missing_value", blank if reported is None else blank & ~reported, field.name)


def head_rows(members: pd.DataFrame) -> pd.Series:
    """True on the row whose value stands for the household: its head, else its first row."""
    codes = members[HOUSEHOLD].to_numpy()
    first_head = _first_in_household(codes, _head_relation(members))
    has_head = np.zeros(codes.max(initial=-1) + 1, dtype=bool)
    has_head[codes[first_head]] = True
    first_row = _first_in_household(codes, np.ones(len(codes), dtype=bool))
    headless = ~_on_rows(has_head, codes, True)
    return pd.Series(first_head | (first_row & headless), index=members.index)


def _on_rows(per_household: np.ndarray, codes: np.ndarray, blank: object) -> np.ndarray:
    """Each row's entry of an array indexed by household code; ``blank`` if its ID is blank."""
    padded = np.concatenate([per_household, np.array([blank], dtype=per_household.dtype)])
    return padded[codes]


def _head_relation(members: pd.DataFrame) -> np.ndarray:
    """Rows whose relation is 户主 and whose household ID is filled in."""
    is_head = members["relation"].eq(schema.HEAD).fillna(False).to_numpy(dtype=bool)
    return is_head & (members[HOUSEHOLD].to_numpy() >= 0)


def _first_in_household(codes: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Among ``rows``, the first one of each (known) household."""
    first = np.zeros(len(codes), dtype=bool)
    candidates = np.flatnonzero(rows & (codes >= 0))
    first[candidates] = ~pd.Series(codes[candidates]).duplicated().to_numpy()
    return first


def repeated_members(members: pd.DataFrame, id_repeated: np.ndarray | None = None) -> pd.Series:
    """Rows whose ID an earlier row of the same household already has (the same person
    twice); the first row stays. Rows without an ID or household are never repeats.

    ``id_repeated`` (rows whose ID an earlier row has, in any household), when known: with
    none, no row is a repeat.
    """
    if id_repeated is not None and not id_repeated.any():
        return pd.Series(False, index=members.index, dtype=bool)
    ids = members["id_number"]
    known = ids.notna() & members[HOUSEHOLD].ge(0)
    repeated = members[[HOUSEHOLD, "id_number"]].duplicated(keep="first")
    return (repeated & known).astype(bool)


def household_sizes(members: pd.DataFrame) -> pd.Series:
    """Members of each row's household, a person listed twice counted once (NaN where the
    household ID is blank)."""
    codes = members[HOUSEHOLD].to_numpy()
    counted = codes >= 0
    if REPEATED_MEMBER in members:
        counted &= ~members[REPEATED_MEMBER].to_numpy(dtype=bool)
    sizes = np.bincount(codes[counted], minlength=codes.max(initial=-1) + 1)
    return pd.Series(_on_rows(sizes.astype("float64"), codes, np.nan), index=members.index)


def _check_households(
    members: pd.DataFrame, issues: IssueCollector, cells: Mapping[str, np.ndarray]
) -> None:
    households = members["household_id"]
    codes = members[HOUSEHOLD].to_numpy()
    is_head = _head_relation(members)
    heads = _on_rows(np.bincount(codes[is_head], minlength=codes.max(initial=-1) + 1), codes, 0)
    first_row = _first_in_household(codes, np.ones(len(codes), dtype=bool))
    issues.add(
        "household_no_head",
        pd.Series(first_row & (heads == 0), index=members.index),
        "relation",
        members["relation"],
        detail=households,
    )
    second_head = is_head & ~_first_in_household(codes, is_head)
    issues.add(
        "household_many_heads",
        pd.Series(second_head, index=members.index),
        "relation",
        members["relation"],
        detail=households,
        found=pd.Series(heads, index=members.index),
    )
    head_row = members[HEAD_ROW]
    size = household_sizes(members)
    if "declared_size" in members:
        declared = members["declared_size"]
        wrong = head_row & declared.notna() & declared.ne(size)
        issues.add("size_mismatch", wrong, "declared_size", found=size.astype("Int64"))
    _check_member_agreement(members, issues, head_row, cells)
    if "household_type" in members:
        missing = head_row & members["household_type"].isna()
        reported = issues.flagged.get("household_type")  # a value not in the list: said already
        if reported is not None:
            missing &= ~reported
        issues.add("missing_value", missing, "household_type", members["household_type"])


def _check_member_agreement(
    members: pd.DataFrame,
    issues: IssueCollector,
    head_row: pd.Series,
    cells: Mapping[str, np.ndarray],
) -> None:
    """Household fields repeat on every member row; report rows that differ from the head's.

    A row holding the same distinct cell as its head (``cells``: the codes the column was
    typed from) holds the same typed value, so only the others are compared.
    """
    codes = members[HOUSEHOLD].to_numpy()
    known = codes >= 0
    head_position = np.zeros(codes.max(initial=-1) + 1, dtype=np.int64)
    head_position[codes[head_row.to_numpy()]] = np.flatnonzero(head_row.to_numpy())
    own_head = _on_rows(head_position, codes, 0)  # blank IDs: row 0, masked out below
    candidates = known & ~head_row.to_numpy()
    fields = [n for n in schema.HOUSEHOLD_FIELDS if n in members and n != "household_id"]
    for name in fields:
        row_cells = cells.get(name)
        if row_cells is not None:
            other_cell = candidates & (row_cells >= 0) & (row_cells != row_cells[own_head])
            if not other_cell.any():
                continue
        column = members[name]
        if column.dtype == object or column.dtype.kind == "f":
            # numpy compares as pandas does here (a value against a blank differs), faster
            values = column.to_numpy()
            try:
                found = candidates & pd.notna(values) & (values != values[own_head])
            except TypeError:  # a value numpy cannot compare (pd.NA): pandas decides
                found = candidates
            if not found.any():
                continue
        expected = column.take(own_head).set_axis(members.index).where(known)
        differs = candidates & column.notna() & (column != expected).fillna(False)
        if differs.any():
            issues.add(
                "member_disagreement",
                differs,
                name,
                _display(column),
                expected=_display(expected).fillna("空"),
            )


def _check_income(members: pd.DataFrame, issues: IssueCollector) -> None:
    """人均纯收入 against (components − 生产经营性支出) / member rows, on head rows."""
    needed = [*schema.INCOME_COMPONENTS, "business_expense", "reported_per_capita_income"]
    if not all(n in members for n in needed):
        return
    head_row = members[HEAD_ROW]
    size = household_sizes(members)
    components = members[list(schema.INCOME_COMPONENTS)]
    complete = components.notna().all(axis=1)
    net = components.sum(axis=1) - members["business_expense"].fillna(0)
    computed = (net / size).round(2)
    reported = members["reported_per_capita_income"]
    difference = (reported - computed).abs()
    tolerance = np.maximum(INCOME_TOLERANCE_YUAN, INCOME_TOLERANCE_SHARE * reported.abs())
    wrong = head_row & complete & reported.notna() & (difference > tolerance)
    issues.add(
        "income_mismatch",
        wrong,
        "reported_per_capita_income",
        expected=computed[wrong].map("{:.2f}".format).reindex(members.index),
        detail=difference[wrong].map("{:.2f}".format).reindex(members.index),
    )


def located_in_files(table: Table, found: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Issues found on a roster after validation (the quality rules): on a table joined
    from several files, each at the file, sheet, row and header its field's value came
    from, as validation's own are (the join's own issues are not added again)."""
    if not table.parts:
        return found
    return _located_in_their_files(replace(table, join_issues=[]), found, lang)


def id_check_bytes(chars: np.ndarray) -> np.ndarray:
    """The GB 11643 check character (as an ASCII code) each row of ``id_characters``'
    matrix calls for; compare it with column 17 where the ID is well formed."""
    return _ID_CHECK_BYTES[_check_remainders(chars)]
