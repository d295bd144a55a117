"""The prevention relief fund (防贫帮扶基金): ledger checks, running balance, summary, exports.

A ledger is one sheet with one row per movement of money: payments (支出) and
tranches paid into the fund (注资), told apart by 类型 as in a county's cash
journal; a ledger without a 类型 column holds payments only, and the profile's
``fund.tranches`` then stand for the money paid in.

Money is exact. Amounts are read from the raw cells (not the float column that
``check_table`` types): numbers through their shortest decimal form, text with
thousands separators, a 元 suffix or full-width digits, each to a ``Decimal``
with at most two places (yuan and fen). Sums are integer fen, so every total is
exact and by-cause, by-township and by-month figures add up to it by
construction; outputs show yuan with two places (JSON as strings, "3000.00";
Excel as numbers formatted #,##0.00).

Every payment is checked against the roster (as ``api.classify`` sees it): the
household is in the roster and monitored (paid after its risk was eliminated is
a warning), the payee's ID is a member of that household, the three checkpoints
(乡村核实, 部门数据比对, 行业扶贫单位稽核) passed and are dated no later than the
payment, the amount is within the cause's cap and the household's yearly cap, one
event is paid once, and the balance never goes below zero.

Rules where policy is silent (fanpin's choices):
- payments to an eliminated household are fine up to its elimination month and a
  warning after it; payments in a month before identification are a warning
  except for causes in ``fund.pay_before_identification`` (disaster, domain.md §5);
- a payment exactly on a checkpoint's day is in order; the yearly cap counts
  calendar years by payment date; a repeated (户编号, 事件编号) is reported on
  the later payment; a negative balance is one error per episode, on the payment
  that made it negative, naming the day it recovered;
- the running balance orders rows by date, tranches before payments on the same
  day, then by row; every payment with a valid date and amount moves it, errors or
  not (the money left the fund), rows dated after ``as_of`` or without a valid
  date or amount (more than two decimals included) are reported and not counted;
- 注资 rows of the ledger are the tranches; the profile's ``fund.tranches`` are
  used only when the ledger has none (a different total is a warning).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.messages import Lang
from fanpin.io.models import Issue, Meta
from fanpin.io.read import ROW, read_table
from fanpin.io.validate import IssueCollector, Validated, check_table, mask_id
from fanpin.outputs.classify import YUAN, issues_frame
from fanpin.outputs.write import (
    CJK_FONT,
    frame_to_csv,
    json_text,
    save_reproducible,
    style_table,
    table_sheet,
    write_text,
    write_workbook,
)
from fanpin.rules.profiles import FundSettings, Profile

PAYMENT = "payment"
TRANCHE = "tranche"
PAID_STATUSES = ("monitored", "eliminated")
CHECKPOINTS = tuple(schema.FUND_CHECKPOINTS)
# Columns a ledger must have; 类型, 乡(镇), 行政村 and 备注 are optional.
LEDGER_REQUIRED = (
    "date",
    "household_id",
    "payee_name",
    "payee_id",
    "cause",
    "amount",
    "event_ref",
    *(f"{c}_{part}" for c in CHECKPOINTS for part in ("result", "date")),
    "approver",
)
# Every payment needs these cells filled (blank → missing_value); checkpoints have their own code.
PAYMENT_REQUIRED = ("household_id", "payee_name", "payee_id", "cause", "event_ref", "approver")
_ID_PROBLEMS = frozenset({"id_as_number", "id_format", "id_birth_date", "id_checksum"})
_AMOUNT_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE_TEXT = re.compile(
    r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:[T\s]?\d{1,2}:\d{2}(:\d{2})?)?"
)
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (18264, 73050)  # Excel day numbers of 1950-01-01 … 2099-12-31
UNKNOWN = "unknown"

STATUS_LABELS = {
    "monitored": ("监测中", "monitored"),
    "eliminated": ("已消除风险", "risk eliminated"),
    "proposed": ("建议纳入监测、尚未识别", "proposed for monitoring, not identified"),
    "watch": ("跟踪观察、非监测对象", "on the watch list, not monitored"),
    "none": ("非监测对象", "not monitored"),
    "unassessed": ("非监测对象（无法评估）", "not monitored (cannot be assessed)"),
}
TYPE_LABELS = {PAYMENT: ("支出", "payment"), TRANCHE: ("注资", "tranche")}


# -- exact amounts and dates -----------------------------------------------------------------


def yuan(fen: int) -> Decimal:
    """Integer fen as yuan with exactly two places: 30 → Decimal('0.30')."""
    return Decimal(int(fen)).scaleb(-2)


def money_text(amount: Decimal | None) -> str | None:
    """An amount for JSON: "3000.00" (exact, two places, no separators)."""
    return None if amount is None else f"{amount:.2f}"


def money_display(amount: Decimal) -> str:
    """An amount for people: 5,000,000.00."""
    return f"{amount:,.2f}"


def parse_amount(value: object) -> Decimal | None:
    """A cell as an exact Decimal; None when blank; ValueError when it is not a number.

    Excel numbers go through their shortest decimal form to 15 significant digits,
    which is what Excel itself shows, so 0.1 is Decimal('0.1') and never
    0.1000000000000000055…; text may carry thousands separators (1,200.50), a 元
    suffix, a ¥ sign and full-width digits. Places beyond the fen are kept, for
    the caller to report.
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        raise ValueError("a yes/no cell is not an amount")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("not a finite number")
        return value
    if isinstance(value, int | np.integer):
        return Decimal(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return Decimal(format(float(value), ".15g"))
    text = schema.normalize_text(str(value))
    if not text:
        return None
    text = text.removeprefix("¥").removesuffix("元").replace(",", "")
    if not _AMOUNT_TEXT.fullmatch(text):
        raise ValueError(f"'{value}' is not an amount")
    return Decimal(text)


def parse_date(value: object) -> date | None:
    """A cell as a date; None when blank; ValueError when it is not one.

    Accepts Excel dates, 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日 (a time of day
    after it is ignored), 20210305 as text or number, and Excel day numbers of a
    date cell that lost its format (1950–2099).
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | np.bool_):
        raise ValueError("a yes/no cell is not a date")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isnan(number):
            return None
        if not number.is_integer():
            raise ValueError(f"{value} is not a date")
        whole = int(number)
        if _SERIAL_RANGE[0] <= whole <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + timedelta(days=whole)
        return parse_date(str(whole))
    text = schema.normalize_text(str(value))
    if not text:
        return None
    match = _DATE_TEXT.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
    if match is None:
        raise ValueError(f"'{value}' is not a date")
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _parsed(values: pd.Series, parse: Callable[[object], object]) -> tuple[pd.Series, pd.Series]:
    """Each distinct cell parsed once: (parsed values, True where the cell is not valid)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results: list[object] = []
    invalid: list[bool] = []
    for unique in uniques:
        try:
            results.append(parse(unique))
            invalid.append(False)
        except (ValueError, InvalidOperation, OverflowError):
            results.append(None)
            invalid.append(True)
    results.append(None)
    invalid.append(False)
    parsed = pd.Series(np.array(results, dtype=object)[codes], index=values.index, dtype=object)
    bad = pd.Series(np.array(invalid, dtype=bool)[codes], index=values.index)
    return parsed, bad


# -- reading --------------------------------------------------------------------------------


def read_ledger(
    path: str | Path, *, sheet: str | None = None, lang: Lang = "zh", as_of: date | None = None
) -> Validated:
    """Read a fund ledger and type its columns (IDs, causes, checkpoint results checked)."""
    table = read_table(path, schema.FUND_LEDGER, sheet, required=LEDGER_REQUIRED)
    return check_table(table, lang=lang, as_of=as_of)


# -- the result ------------------------------------------------------------------------------


@dataclass
class FundResult:
    """A ledger checked against a roster: its entries, the issues found and the summary."""

    meta: Meta
    settings: FundSettings
    entries: pd.DataFrame  # ledger rows in file order, then profile tranches; see ENTRY_FIELDS
    issues: list[Issue]
    summary: dict[str, Any]
    lang: Lang = "zh"

    @property
    def ok(self) -> bool:
        """True when the ledger has no error (warnings allowed)."""
        return not any(i.severity == "error" for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: meta, summary, entries (amounts as "0.00" strings), issues."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary,
            "entries": entry_records(self.entries),
            "issues": [i.model_dump(mode="json") for i in self.issues],
        }


# -- checks ---------------------------------------------------------------------------------


def check_fund(
    ledger: Validated,
    households: pd.DataFrame,
    members: pd.DataFrame,
    profile: Profile,
    as_of: date,
    meta: Meta,
    *,
    lang: Lang = "zh",
    roster_issues: pd.DataFrame | None = None,
) -> FundResult:
    """Check every ledger row against the roster and the profile's fund settings.

    ``households`` is ``api.classify(...).households`` (one row per household with
    ``status``, ``monitored_since``, ``eliminated_month``, ``township``, ``size``);
    ``members`` the roster's validated members (``household_id``, ``name``,
    ``id_number``). Rows dated after ``as_of`` are reported and left out; rows
    without a valid date or amount are reported and cannot move the balance.
    """
    check = _Check(ledger, households, members, profile.fund, as_of, lang)
    check.run()
    issues = check.issue_list()
    entries = check.entries_with_issues(issues)
    summary = check.summary(entries, issues)
    if roster_issues is not None:
        severity = roster_issues["severity"]
        summary["roster_issues"] = {
            "errors": int(severity.eq("error").sum()),
            "warnings": int(severity.eq("warning").sum()),
        }
    return FundResult(meta, profile.fund, entries, issues, summary, lang)


class _Check:
    """The ledger as an entries frame (same index as the ledger's rows), checked column-wise."""

    def __init__(
        self,
        ledger: Validated,
        households: pd.DataFrame,
        members: pd.DataFrame,
        settings: FundSettings,
        as_of: date,
        lang: Lang,
    ) -> None:
        self.ledger = ledger
        self.table = ledger.table
        self.raw = ledger.table.frame
        self.typed = ledger.members
        self.households = households.drop_duplicates("household_id").set_index("household_id")
        self.members = members
        self.settings = settings
        self.as_of = as_of
        self.lang: Lang = lang
        self.zh = lang == "zh"
        self.found = IssueCollector(self.table, self.raw, lang)
        earlier = ledger.issues
        self.flagged_rows: dict[str, set[int]] = {
            str(name): set(rows["row"].astype(int))
            for name, rows in earlier.groupby("field", dropna=True)
        }
        self.id_problem_rows = set(
            earlier.loc[earlier["code"].isin(_ID_PROBLEMS), "row"].astype(int).tolist()
        )
        self.profile_tranches = pd.DataFrame()
        self.tranche_source = "ledger"
        self.tranches_differ: tuple[str, str] | None = None
        self.negative_episodes: list[dict[str, Any]] = []
        self.movements = pd.DataFrame()
        self.entries = self._entries()

    # The entries frame ------------------------------------------------------------------

    def _column(self, name: str) -> pd.Series:
        if name in self.typed:
            return self.typed[name].astype(object).where(self.typed[name].notna(), None)
        return pd.Series(None, index=self.typed.index, dtype=object)

    def _codes(self, name: str) -> pd.Series:
        return self._column(name).map(schema.FUND_LEDGER.by_name[name].codes, na_action="ignore")

    def flagged(self, name: str) -> pd.Series:
        """True on rows where an earlier check already reported field ``name``."""
        return self.raw[ROW].isin(self.flagged_rows.get(name, set()))

    def _entries(self) -> pd.DataFrame:
        typed, raw = self.typed, self.raw
        entries = pd.DataFrame({"row": raw[ROW].astype(int)}, index=raw.index)
        entries["source"] = "ledger"
        if "entry_type" in typed:
            kind = self._codes("entry_type").astype(object)
            entries["type_given"] = kind.notna()
            entries["kind"] = kind.where(kind.notna(), PAYMENT)  # blank: reported, a payment
        else:
            entries["type_given"] = True
            entries["kind"] = PAYMENT
        entries["date"], self.bad_date = _parsed(raw["date"], parse_date)
        for name in (
            "household_id",
            "township",
            "village",
            "payee_name",
            "payee_id",
            "event_ref",
            "approver",
            "note",
        ):
            entries[name] = self._column(name)
        # A 户编号 typed as a number (16 digits fit a double exactly) reads as its digits.
        numeric = raw["household_id"].map(_whole_number_text, na_action="ignore")
        entries["household_id"] = numeric.where(numeric.notna(), entries["household_id"])
        entries["cause"] = self._codes("cause")
        amount, self.bad_amount = _parsed(raw["amount"], parse_amount)
        places = amount.map(lambda d: d != d.quantize(Decimal("0.01")), na_action="ignore")
        self.too_precise = places.fillna(False).astype(bool)
        positive = amount.map(lambda d: d >= 0, na_action="ignore").fillna(False).astype(bool)
        usable = amount.notna() & ~self.too_precise & positive
        entries["amount"] = amount.where(usable, None)
        fen = pd.array([None] * len(amount), dtype="Int64")
        usable_positions = np.flatnonzero(usable.to_numpy())
        fen[usable_positions] = [int(d * 100) for d in amount[usable].tolist()]
        entries["fen"] = pd.Series(fen, index=raw.index)
        self.bad_checkpoint_date: dict[str, pd.Series] = {}
        for checkpoint in CHECKPOINTS:
            entries[f"{checkpoint}_result"] = self._codes(f"{checkpoint}_result")
            entries[f"{checkpoint}_date"], bad = _parsed(raw[f"{checkpoint}_date"], parse_date)
            self.bad_checkpoint_date[checkpoint] = bad
        dated = entries["date"].notna()
        later = entries["date"].map(lambda d: d > self.as_of, na_action="ignore")
        entries["after_as_of"] = later.fillna(False).astype(bool)
        entries["counted"] = dated & entries["fen"].notna() & ~entries["after_as_of"]
        known = self.households.reindex(entries["household_id"].tolist())
        known.index = entries.index
        for column in ("status", "monitored_since", "eliminated_month", "size"):
            entries[f"roster_{column}"] = (
                known[column].astype(object).where(known[column].notna(), None)
                if column in known
                else None
            )
        for column in ("township", "village"):
            from_roster = known[column] if column in known else None
            if from_roster is not None:
                entries[column] = from_roster.astype(object).where(
                    from_roster.notna(), entries[column]
                )
        return entries

    # Running the checks -----------------------------------------------------------------

    def run(self) -> None:
        entries = self.entries
        self.payments = entries["kind"].eq(PAYMENT) & ~entries["after_as_of"]
        self._cells()
        self._households()
        self._payees()
        self._checkpoints()
        self._amounts()
        self._yearly_caps()
        self._duplicate_events()
        self._balance()

    def _cells(self) -> None:
        entries, found = self.entries, self.found
        if "entry_type" in self.typed:
            blank = ~entries["type_given"] & ~self.flagged("entry_type")
            found.add("missing_value", blank, "entry_type")
        found.add("bad_date", self.bad_date, "date")
        not_number = self.bad_amount & ~self.flagged("amount")
        found.add("not_a_number", not_number, "amount")
        found.add("fund_amount_precision", self.too_precise & ~self.flagged("amount"), "amount")
        zero = entries["fen"].eq(0).fillna(False).astype(bool)
        found.add("fund_zero_amount", zero, "amount")
        found.add(
            "fund_after_as_of",
            entries["after_as_of"],
            "date",
            entries["date"].map(_iso, na_action="ignore"),
            expected=self.as_of.isoformat(),
        )
        for name in PAYMENT_REQUIRED:
            blank = self.payments & entries[name].isna() & ~self.flagged(name)
            found.add("missing_value", blank, name)

    def _households(self) -> None:
        entries, found, payments = self.entries, self.found, self.payments
        household = entries["household_id"]
        status = entries["roster_status"]
        in_roster = status.notna()
        found.add(
            "fund_unknown_household", payments & household.notna() & ~in_roster, "household_id"
        )
        not_paid = payments & in_roster & ~status.isin(PAID_STATUSES)
        found.add(
            "fund_not_monitored",
            not_paid,
            "household_id",
            found=status.map(lambda s: _label(STATUS_LABELS, s, self.zh), na_action="ignore"),
        )
        month = entries["date"].map(lambda d: d.year * 100 + d.month, na_action="ignore")
        eliminated = entries["roster_eliminated_month"]
        eliminated_number = pd.to_numeric(eliminated, errors="coerce")
        after = status.eq("eliminated") & (
            eliminated_number.isna() | (pd.to_numeric(month) > eliminated_number).fillna(False)
        )
        unknown_month = "月份未填" if self.zh else "a month not recorded"
        found.add(
            "fund_after_elimination",
            payments & month.notna() & after,
            "household_id",
            detail=eliminated.map(_month_text, na_action="ignore").fillna(unknown_month),
        )
        since = pd.to_numeric(entries["roster_monitored_since"], errors="coerce")
        early_allowed = entries["cause"].isin(self.settings.pay_before_identification)
        early = status.isin(PAID_STATUSES) & (pd.to_numeric(month) < since).fillna(False)
        found.add(
            "fund_before_identification",
            payments & early & ~early_allowed,
            "date",
            entries["date"].map(_iso, na_action="ignore"),
            detail=entries["roster_monitored_since"].map(_month_text, na_action="ignore"),
        )

    def _payees(self) -> None:
        entries, found = self.entries, self.found
        roster = self.members.loc[self.members["id_number"].notna()]
        roster = roster.drop_duplicates("id_number").set_index("id_number")
        payee = entries["payee_id"]
        checkable = (
            self.payments
            & payee.notna()
            & ~self.raw[ROW].isin(self.id_problem_rows)
            & entries["roster_status"].notna()
        )
        holder_household = payee.map(roster["household_id"]).astype(object)
        holder_name = payee.map(roster["name"]).astype(object)
        member = holder_household.eq(entries["household_id"]).fillna(False).astype(bool)
        elsewhere = (
            "该号码属于户 " if self.zh else "the ID belongs to household "
        ) + holder_household
        nowhere = "花名册中没有这个号码" if self.zh else "the roster has no such ID"
        found.add(
            "fund_payee_not_member",
            checkable & ~member,
            "payee_id",
            payee.map(mask_id, na_action="ignore"),
            found=entries["household_id"],
            detail=elsewhere.where(holder_household.notna(), nowhere),
        )
        name = entries["payee_name"]
        differs = checkable & member & name.notna() & name.ne(holder_name).fillna(False)
        found.add("fund_payee_name_mismatch", differs, "payee_name", name, expected=holder_name)

    def _checkpoints(self) -> None:
        entries, found, payments = self.entries, self.found, self.payments
        for checkpoint, (zh, en) in schema.FUND_CHECKPOINTS.items():
            name = zh if self.zh else en
            result_field, date_field = f"{checkpoint}_result", f"{checkpoint}_date"
            result = entries[result_field]
            when = entries[date_field]
            bad_date = self.bad_checkpoint_date[checkpoint]
            no_result = payments & result.isna() & ~self.flagged(result_field)
            found.add("fund_checkpoint_missing", no_result, result_field, detail=name)
            no_date = payments & result.notna() & when.isna() & ~bad_date
            found.add("fund_checkpoint_missing", no_date, date_field, detail=name)
            found.add("bad_date", bad_date, date_field)
            found.add(
                "fund_checkpoint_failed", payments & result.eq("failed"), result_field, detail=name
            )
            late = pd.Series(
                [
                    c is not None and p is not None and c > p
                    for c, p in zip(when.tolist(), entries["date"].tolist(), strict=True)
                ],
                index=entries.index,
            )
            found.add(
                "fund_paid_before_check",
                payments & late,
                date_field,
                when.map(_iso, na_action="ignore"),
                found=entries["date"].map(_iso, na_action="ignore"),
                detail=name,
            )

    def _amounts(self) -> None:
        entries, found, settings = self.entries, self.found, self.settings
        payments = self.payments
        cause = entries["cause"]
        labels = cause.map(lambda c: _cause_label(c, self.zh), na_action="ignore")
        covered = "、".join(_cause_label(c, self.zh) for c in settings.causes)
        found.add(
            "fund_cause_not_covered",
            payments & cause.notna() & ~cause.isin(settings.causes),
            "cause",
            allowed=covered,
        )
        fen = entries["fen"]
        for limits, code in (
            (settings.caps, "fund_over_cap"),
            (settings.standards, "fund_off_standard"),
        ):
            limit_fen = cause.map({c: int(v * 100) for c, v in limits.items()}, na_action="ignore")
            limit_fen = pd.to_numeric(limit_fen).astype("Int64")
            if code == "fund_over_cap":
                wrong = fen > limit_fen
            else:
                wrong = fen != limit_fen
            found.add(
                code,
                payments & wrong.fillna(False).astype(bool),
                "amount",
                expected=limit_fen.map(lambda f: money_display(yuan(f)), na_action="ignore"),
                detail=labels,
            )

    def _in_date_order(self, mask: pd.Series) -> pd.DataFrame:
        chosen = self.entries.loc[mask]
        order = chosen["date"].map(lambda d: d.toordinal(), na_action="ignore")
        return chosen.assign(_order=pd.to_numeric(order)).sort_values(
            ["_order", "row"], na_position="last", kind="stable"
        )

    def _yearly_caps(self) -> None:
        cap = self.settings.yearly_cap
        if cap is None:
            return
        entries = self.entries
        paid = self._in_date_order(
            self.payments & entries["counted"] & entries["household_id"].notna()
        )
        year = paid["date"].map(lambda d: d.year)
        total = paid["fen"].groupby([paid["household_id"], year]).cumsum()
        over = pd.Series(False, index=entries.index)
        over[paid.index] = (total > int(cap * 100)).to_numpy()
        found_total = pd.Series(None, index=entries.index, dtype=object)
        found_total[paid.index] = [money_display(yuan(t)) for t in total.tolist()]
        years = pd.Series(None, index=entries.index, dtype=object)
        years[paid.index] = year.astype(str).tolist()
        self.found.add(
            "fund_over_yearly_cap",
            over,
            "amount",
            found=found_total,
            detail=years,
            expected=money_display(cap),
        )

    def _duplicate_events(self) -> None:
        entries = self.entries
        candidates = self._in_date_order(
            self.payments & entries["household_id"].notna() & entries["event_ref"].notna()
        )
        keys = ["household_id", "event_ref"]
        repeat = candidates.duplicated(keys, keep="first")
        first_row = candidates.groupby(keys, sort=False)["row"].transform("first")
        mask = pd.Series(False, index=entries.index)
        mask[candidates.index] = repeat.to_numpy()
        first = pd.Series(None, index=entries.index, dtype=object)
        first[candidates.index] = first_row.astype(str).tolist()
        self.found.add(
            "fund_duplicate_event",
            mask,
            "event_ref",
            found=entries["household_id"],
            detail=first,
        )

    def _balance(self) -> None:
        """Running balance over counted rows in date order, tranches first within a day."""
        entries, settings = self.entries, self.settings
        in_ledger = entries["kind"].eq(TRANCHE)
        configured = [
            (when, int(amount * 100))
            for when, amount in sorted(settings.tranches.items())
            if when <= self.as_of
        ]
        if not in_ledger.any():
            self.tranche_source = "profile" if configured else "none"
            if configured:
                self.profile_tranches = _profile_tranches(configured, entries.index)
        elif configured:
            ledger_total = int(entries.loc[in_ledger & entries["counted"], "fen"].sum())
            profile_total = sum(fen for _, fen in configured)
            if ledger_total != profile_total:
                self.tranches_differ = (
                    money_display(yuan(ledger_total)),
                    money_display(yuan(profile_total)),
                )
        columns = ["row", "kind", "date", "fen"]
        moves = entries.loc[entries["counted"], columns]
        if not self.profile_tranches.empty:
            moves = pd.concat([moves, self.profile_tranches[columns]])
        order = moves.assign(
            _day=pd.to_numeric(moves["date"].map(lambda d: d.toordinal())),
            _payment=moves["kind"].eq(PAYMENT),
            _row=moves["row"].astype("Float64").fillna(0),
        ).sort_values(["_day", "_payment", "_row"], kind="stable")
        fen = order["fen"].astype("int64")
        balance = fen.where(order["kind"].eq(TRANCHE), -fen).cumsum()
        self.movements = order.drop(columns=["_day", "_payment", "_row"]).assign(balance=balance)
        in_entries = balance.index.isin(entries.index)
        entries["balance_fen"] = balance[in_entries].reindex(entries.index).astype("Int64")
        if not self.profile_tranches.empty:
            self.profile_tranches["balance_fen"] = (
                balance[~in_entries].reindex(self.profile_tranches.index).astype("Int64")
            )
        self._negative_episodes(order, balance)

    def _negative_episodes(self, order: pd.DataFrame, balance: pd.Series) -> None:
        """One error where the balance first goes below zero, naming when it recovers."""
        entries = self.entries
        negative = (balance < 0).to_numpy()
        dates = order["date"].tolist()
        balances = [int(b) for b in balance.tolist()]
        rows = order["row"].tolist()
        mask = pd.Series(False, index=entries.index)
        found_balance = pd.Series(None, index=entries.index, dtype=object)
        detail = pd.Series(None, index=entries.index, dtype=object)
        for position in np.flatnonzero(negative):
            if position > 0 and negative[position - 1]:
                continue
            restored = next((p for p in range(position + 1, len(order)) if not negative[p]), None)
            end = len(order) if restored is None else restored
            day, restored_on = dates[position], None if restored is None else dates[restored]
            self.negative_episodes.append(
                {
                    "date": day.isoformat(),
                    "row": int(rows[position]),
                    "balance": money_text(yuan(balances[position])),
                    "lowest": money_text(yuan(min(balances[position:end]))),
                    "restored_on": None if restored_on is None else restored_on.isoformat(),
                }
            )
            label = order.index[int(position)]
            mask[label] = True
            found_balance[label] = money_display(yuan(balances[position]))
            if restored_on is not None:
                until = (
                    f"（{restored_on.isoformat()} 恢复）"
                    if self.zh
                    else f" (restored on {restored_on.isoformat()})"
                )
            else:
                until = (
                    f"（截至 {self.as_of.isoformat()} 仍为负）"
                    if self.zh
                    else f" (still below zero on {self.as_of.isoformat()})"
                )
            detail[label] = day.isoformat() + until
        self.found.add("fund_negative_balance", mask, "amount", found=found_balance, detail=detail)

    # Results ----------------------------------------------------------------------------

    def issue_list(self) -> list[Issue]:
        """check_table's issues and the fund's, in file order (row, then column)."""
        combined = pd.concat([self.ledger.issues, self.found.frame()], ignore_index=True)
        position = {name: i for i, name in enumerate(self.raw.columns)}
        order = combined["field"].map(position).fillna(-1)
        combined = (
            combined.assign(_position=order)
            .sort_values(["row", "_position"], kind="stable")
            .drop(columns="_position")
        )
        records = combined.astype(object).where(combined.notna(), None).to_dict("records")
        issues = [Issue.model_validate(r) for r in records]
        differ = self.tranches_differ
        if differ is not None:
            issues.append(
                Issue(
                    code="fund_tranches_differ",
                    severity="warning",
                    sheet=self.table.sheet,
                    row=None,
                    column=self.table.header("amount"),
                    field="amount",
                    value=differ[0],
                    message=_render(
                        "fund_tranches_differ", self.lang, found=differ[0], expected=differ[1]
                    ),
                )
            )
        return issues

    def entries_with_issues(self, issues: list[Issue]) -> pd.DataFrame:
        entries = self.entries
        codes: dict[int, list[str]] = {}
        for issue in issues:
            if issue.row is not None:
                codes.setdefault(issue.row, []).append(issue.code)
        entries["issues"] = entries["row"].map(lambda r: codes.get(int(r), []))
        errors = {i.row for i in issues if i.severity == "error" and i.row is not None}
        entries["has_error"] = entries["row"].isin(errors)
        if self.profile_tranches.empty:
            return entries
        no_issues: pd.Series = pd.Series(
            [[] for _ in range(len(self.profile_tranches))],
            index=self.profile_tranches.index,
            dtype=object,
        )
        extra = self.profile_tranches.assign(issues=no_issues, has_error=False)
        return pd.concat([entries, extra])

    def summary(self, entries: pd.DataFrame, issues: list[Issue]) -> dict[str, Any]:
        """Totals as exact "0.00" strings; by-cause, township and month figures add up to them."""
        counted = entries.loc[entries["counted"].astype(bool)]
        paid = counted.loc[counted["kind"].eq(PAYMENT)]
        tranches = counted.loc[counted["kind"].eq(TRANCHE)]
        total_paid = int(paid["fen"].sum())
        total_tranches = int(tranches["fen"].sum())
        ledger = entries.loc[entries["source"].eq("ledger")]
        not_counted = ledger.loc[~ledger["counted"].astype(bool)]
        helped = paid.loc[paid["household_id"].notna()].drop_duplicates("household_id")
        sizes = pd.to_numeric(helped["roster_size"], errors="coerce")
        flagged = paid.loc[paid["has_error"].astype(bool)]
        severity = pd.Series([i.severity for i in issues], dtype=object)
        by_code = pd.Series([i.code for i in issues], dtype=object).value_counts().sort_index()
        lowest: dict[str, Any] | None = None
        if not self.movements.empty:
            position = int(np.argmin(self.movements["balance"].to_numpy()))
            lowest = {
                "amount": money_text(yuan(int(self.movements["balance"].iloc[position]))),
                "date": self.movements["date"].iloc[position].isoformat(),
            }
        return {
            "as_of": self.as_of.isoformat(),
            "rows": len(ledger),
            "payments": len(paid),
            "tranches": len(tranches),
            "tranche_source": self.tranche_source,
            "total_tranches": money_text(yuan(total_tranches)),
            "total_paid": money_text(yuan(total_paid)),
            "balance": money_text(yuan(total_tranches - total_paid)),
            "lowest_balance": lowest,
            "negative_balance": self.negative_episodes,
            "households_helped": len(helped),
            "people_helped": int(sizes.sum()),
            "households_not_in_roster": int(helped["roster_status"].isna().sum()),
            "paid_with_errors": {
                "payments": len(flagged),
                "amount": money_text(yuan(int(flagged["fen"].sum()))),
            },
            "not_counted": {
                "rows": len(not_counted),
                "after_as_of": int(not_counted["after_as_of"].astype(bool).sum()),
                "no_date": int(not_counted["date"].isna().sum()),
                "no_amount": int(not_counted["fen"].isna().sum()),
            },
            "by_cause": _grouped(
                paid, paid["cause"].fillna(UNKNOWN), order=tuple(schema.FUND_CAUSE_LABELS)
            ),
            "by_township": _grouped(paid, paid["township"].fillna(UNKNOWN), people=True),
            "by_month": self._by_month(counted),
            "issues": {
                "errors": int(severity.eq("error").sum()),
                "warnings": int(severity.eq("warning").sum()),
                "by_code": {str(code): int(n) for code, n in by_code.items()},
            },
        }

    def _by_month(self, counted: pd.DataFrame) -> dict[str, dict[str, Any]]:
        """Per month: payments, paid, paid in, balance at the month's end."""
        if counted.empty:
            return {}
        month = counted["date"].map(lambda d: f"{d.year:04d}-{d.month:02d}")
        is_payment = counted["kind"].eq(PAYMENT)
        fen = counted["fen"].astype("int64")
        paid = fen.where(is_payment, 0).groupby(month).sum()
        paid_in = fen.where(~is_payment, 0).groupby(month).sum()
        payments = is_payment.groupby(month).sum()
        moves = self.movements
        closing = (
            moves["balance"]
            .groupby(moves["date"].map(lambda d: f"{d.year:04d}-{d.month:02d}").to_numpy())
            .last()
        )
        return {
            str(key): {
                "payments": int(payments[key]),
                "paid": money_text(yuan(int(paid[key]))),
                "paid_in": money_text(yuan(int(paid_in[key]))),
                "closing_balance": money_text(yuan(int(closing[key]))),
            }
            for key in sorted(paid.index)
        }


def _grouped(
    paid: pd.DataFrame, keys: pd.Series, people: bool = False, order: Sequence[str] = ()
) -> dict[str, Any]:
    """Payments, households (and people) and amount per key; amounts add up to the total."""
    result: dict[str, Any] = {}
    rank = {key: position for position, key in enumerate(order)}

    def position(key: object) -> tuple[int, int, str]:
        return (key == UNKNOWN, rank.get(str(key), len(rank)), str(key))

    groups = sorted(paid.groupby(keys, sort=False), key=lambda item: position(item[0]))
    for key, rows in groups:
        households = rows.loc[rows["household_id"].notna()].drop_duplicates("household_id")
        entry: dict[str, Any] = {"payments": len(rows), "households": len(households)}
        if people:
            sizes = pd.to_numeric(households["roster_size"], errors="coerce")
            entry["people"] = int(sizes.sum())
        entry["amount"] = money_text(yuan(int(rows["fen"].sum())))
        result[str(key)] = entry
    return result


def _profile_tranches(configured: Sequence[tuple[date, int]], after: pd.Index) -> pd.DataFrame:
    """The profile's tranches as entries (no ledger row), indexed after the ledger's rows."""
    start = int(after.max()) + 1 if len(after) else 0
    return pd.DataFrame(
        {
            "row": pd.array([None] * len(configured), dtype="Int64"),
            "source": "profile",
            "kind": TRANCHE,
            "date": [when for when, _ in configured],
            "fen": pd.array([fen for _, fen in configured], dtype="Int64"),
            "counted": True,
            "after_as_of": False,
        },
        index=pd.RangeIndex(start, start + len(configured)),
    )


def _render(code: str, lang: Lang, **params: object) -> str:
    from fanpin.io.messages import render

    return render(code, lang, column="", value="", **params)


def _whole_number_text(value: object) -> str | None:
    """Digits of a whole number below 2**53 (exact in a float cell), else None."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        return None
    number = float(value)
    if not number.is_integer() or not 0 <= number < 2**53:
        return None
    return str(int(number))


def _iso(value: date) -> str:
    return value.isoformat()


def _month_text(value: object) -> str:
    text = str(value)
    return f"{text[:4]}-{text[4:6]}" if len(text) == 6 and text.isdigit() else text


def _label(labels: dict[str, tuple[str, str]], code: str, zh: bool) -> str:
    pair = labels.get(code)
    if pair is None:
        return code
    return pair[0] if zh else pair[1]


def _cause_label(code: str, zh: bool) -> str:
    return _label(schema.FUND_CAUSE_LABELS, code, zh)


# -- records and tables ------------------------------------------------------------------------


def _plain(value: object) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _amount_of(fen: object) -> Decimal | None:
    plain = _plain(fen)
    return None if plain is None else yuan(int(plain))


def entry_records(entries: pd.DataFrame) -> list[dict[str, Any]]:
    """One JSON-ready dict per entry: codes, ISO dates, amounts as "0.00", payee ID masked."""
    records = []
    for entry in entries.to_dict("records"):
        when = _plain(entry.get("date"))
        payee = _plain(entry.get("payee_id"))
        checks = {
            checkpoint: {
                "result": _plain(entry.get(f"{checkpoint}_result")),
                "date": None
                if _plain(entry.get(f"{checkpoint}_date")) is None
                else entry[f"{checkpoint}_date"].isoformat(),
            }
            for checkpoint in CHECKPOINTS
        }
        records.append(
            {
                "row": _plain(entry.get("row")),
                "source": entry["source"],
                "type": entry["kind"],
                "date": None if when is None else when.isoformat(),
                "household_id": _plain(entry.get("household_id")),
                "township": _plain(entry.get("township")),
                "village": _plain(entry.get("village")),
                "payee_name": _plain(entry.get("payee_name")),
                "payee_id": None if payee is None else mask_id(str(payee)),
                "cause": _plain(entry.get("cause")),
                "amount": money_text(_amount_of(entry.get("fen"))),
                "event_ref": _plain(entry.get("event_ref")),
                "checks": checks,
                "approver": _plain(entry.get("approver")),
                "note": _plain(entry.get("note")),
                "roster_status": _plain(entry.get("roster_status")),
                "counted": bool(entry["counted"]),
                "balance_after": money_text(_amount_of(entry.get("balance_fen"))),
                "issues": list(entry.get("issues") or []),
            }
        )
    return records


_ENTRY_LABELS: dict[str, tuple[str, str]] = {
    "row": ("行号", "row"),
    "date": ("日期", "date"),
    "kind": ("类型", "type"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "household_id": ("户编号", "household ID"),
    "payee_name": ("收款人姓名", "payee"),
    "payee_id": ("收款人证件号码", "payee ID"),
    "cause": ("救助原因", "cause"),
    "amount": ("金额(元)", "amount (yuan)"),
    "event_ref": ("事件编号", "event reference"),
    **{
        f"{c}_{part}": (
            f"{zh}{'结果' if part == 'result' else '日期'}",
            f"{en} {part}",
        )
        for c, (zh, en) in schema.FUND_CHECKPOINTS.items()
        for part in ("result", "date")
    },
    "approver": ("审批人", "approver"),
    "roster_status": ("花名册状态", "roster status"),
    "counted": ("计入余额", "counted"),
    "balance": ("余额(元)", "balance (yuan)"),
    "problems": ("问题", "problems"),
    "note": ("备注", "note"),
}
_CHECK_RESULT_LABELS = {"passed": ("通过", "passed"), "failed": ("不通过", "failed")}


def entries_table(
    entries: pd.DataFrame, issues: list[Issue], lang: Lang, money: Literal["decimal", "text"]
) -> pd.DataFrame:
    """Entries labelled for people: Chinese (or English) headers and values, IDs masked."""
    zh = lang == "zh"
    messages: dict[int, list[str]] = {}
    for issue in issues:
        if issue.row is not None:
            messages.setdefault(issue.row, []).append(issue.message)

    def amount(values: pd.Series) -> list[object]:
        amounts = [_amount_of(v) for v in values.tolist()]
        if money == "decimal":
            return list(amounts)
        return [money_text(a) for a in amounts]

    def day(values: pd.Series) -> list[str | None]:
        return [None if _plain(v) is None else v.isoformat() for v in values.tolist()]

    def labelled(values: pd.Series, labels: dict[str, tuple[str, str]]) -> pd.Series:
        return values.map(lambda v: _label(labels, v, zh), na_action="ignore")

    yes, no = ("是", "否") if zh else ("yes", "no")
    columns: dict[str, object] = {
        "row": entries["row"].astype("Int64"),
        "date": day(entries["date"]),
        "kind": labelled(entries["kind"], TYPE_LABELS),
        "township": entries["township"],
        "village": entries["village"],
        "household_id": entries["household_id"],
        "payee_name": entries["payee_name"],
        "payee_id": entries["payee_id"].map(lambda v: mask_id(str(v)), na_action="ignore"),
        "cause": entries["cause"].map(lambda c: _cause_label(c, zh), na_action="ignore"),
        "amount": amount(entries["fen"]),
        "event_ref": entries["event_ref"],
    }
    for checkpoint in CHECKPOINTS:
        columns[f"{checkpoint}_result"] = labelled(
            entries[f"{checkpoint}_result"], _CHECK_RESULT_LABELS
        )
        columns[f"{checkpoint}_date"] = day(entries[f"{checkpoint}_date"])
    columns |= {
        "approver": entries["approver"],
        "roster_status": labelled(entries["roster_status"], STATUS_LABELS),
        "counted": entries["counted"].map(lambda c: yes if c else no),
        "balance": amount(entries["balance_fen"]),
        "problems": entries["row"].map(
            lambda r: "；".join(messages.get(int(r), [])) if _plain(r) is not None else ""
        ),
        "note": entries["note"],
    }
    frame = pd.DataFrame(
        {k: (v.tolist() if isinstance(v, pd.Series) else v) for k, v in columns.items()}
    )
    frame.columns = [_ENTRY_LABELS[k][0 if zh else 1] for k in columns]
    return frame.astype(object).where(frame.notna(), None)


def breakdown_table(result: FundResult, key: Literal["cause", "township", "month"]) -> pd.DataFrame:
    """One of the summary's breakdowns as a labelled table, with a total row."""
    zh = result.lang == "zh"
    summary = result.summary
    total_label = "合计" if zh else "total"
    unknown = "(未知)" if zh else "(unknown)"
    if key == "month":
        rows = [
            {
                ("月份" if zh else "month"): month,
                ("支出笔数" if zh else "payments"): figures["payments"],
                ("支出(元)" if zh else "paid (yuan)"): Decimal(figures["paid"]),
                ("注资(元)" if zh else "paid in (yuan)"): Decimal(figures["paid_in"]),
                ("月末余额(元)" if zh else "closing balance (yuan)"): Decimal(
                    figures["closing_balance"]
                ),
            }
            for month, figures in summary["by_month"].items()
        ]
        return pd.DataFrame(rows)
    groups = summary["by_cause" if key == "cause" else "by_township"]
    name = ("救助原因" if zh else "cause") if key == "cause" else ("乡(镇)" if zh else "township")
    rows = []
    for code, figures in groups.items():
        shown = unknown if code == UNKNOWN else (_cause_label(code, zh) if key == "cause" else code)
        row: dict[str, object] = {
            name: shown,
            ("支出笔数" if zh else "payments"): figures["payments"],
            ("救助户数" if zh else "households"): figures["households"],
        }
        if "people" in figures:
            row["救助人数" if zh else "people"] = figures["people"]
        row["金额(元)" if zh else "amount (yuan)"] = Decimal(figures["amount"])
        rows.append(row)
    total: dict[str, object] = {name: total_label}
    total["支出笔数" if zh else "payments"] = summary["payments"]
    total["救助户数" if zh else "households"] = summary["households_helped"]
    if key == "township":
        total["救助人数" if zh else "people"] = summary["people_helped"]
    total["金额(元)" if zh else "amount (yuan)"] = Decimal(summary["total_paid"])
    return pd.DataFrame([*rows, total])


def summary_rows(result: FundResult) -> list[tuple[str, object]]:
    """The key figures as (label, value) pairs; money values are Decimals."""
    zh = result.lang == "zh"
    s = result.summary
    rows: list[tuple[str, object]] = [
        ("截止日期" if zh else "as of", s["as_of"]),
        ("注资合计(元)" if zh else "paid in (yuan)", Decimal(s["total_tranches"])),
        ("支出合计(元)" if zh else "paid out (yuan)", Decimal(s["total_paid"])),
        ("基金余额(元)" if zh else "balance (yuan)", Decimal(s["balance"])),
        ("支出笔数" if zh else "payments", s["payments"]),
        ("救助户数" if zh else "households helped", s["households_helped"]),
        ("救助人数" if zh else "people helped", s["people_helped"]),
        ("注资来源" if zh else "tranches from", _tranche_source_label(s["tranche_source"], zh)),
        (
            "有错误的支出(笔)" if zh else "payments with errors",
            s["paid_with_errors"]["payments"],
        ),
        (
            "有错误的支出(元)" if zh else "amount paid with errors (yuan)",
            Decimal(s["paid_with_errors"]["amount"]),
        ),
        ("未计入余额的行" if zh else "rows not counted", s["not_counted"]["rows"]),
        ("错误" if zh else "errors", s["issues"]["errors"]),
        ("警告" if zh else "warnings", s["issues"]["warnings"]),
    ]
    if s["lowest_balance"] is not None:
        low = s["lowest_balance"]
        rows.append(
            (
                f"最低余额(元，{low['date']})" if zh else f"lowest balance (yuan, {low['date']})",
                Decimal(low["amount"]),
            )
        )
    for episode in s["negative_balance"]:
        restored = episode["restored_on"] or ("未恢复" if zh else "not restored")
        shown = money_display(Decimal(episode["balance"]))
        rows.append(
            (
                "余额为负" if zh else "balance below zero",
                f"{episode['date']}（第 {episode['row']} 行，{shown}；恢复：{restored}）"
                if zh
                else f"{episode['date']} (row {episode['row']}, {shown}; restored: {restored})",
            )
        )
    return rows


def _tranche_source_label(source: str, zh: bool) -> str:
    labels = {
        "ledger": ("台账注资行", "the ledger's 注资 rows"),
        "profile": ("规则方案 fund.tranches", "the profile's fund.tranches"),
        "none": ("无注资记录", "no tranche recorded"),
    }
    return _label(labels, source, zh)


def parameters_rows(result: FundResult) -> list[tuple[str, str]]:
    """What produced the result: profile, fund settings, inputs, versions."""
    zh = result.lang == "zh"
    meta = result.meta
    settings = result.settings
    profile = meta.profile or {}
    rows: list[tuple[str, str]] = [
        (
            "规则方案" if zh else "profile",
            f"{profile.get('name')} {profile.get('version')} ({profile.get('hash')})",
        ),
        ("截止日期" if zh else "as of", str(meta.as_of)),
        ("年度" if zh else "year", str(meta.year)),
        (
            "救助原因" if zh else "causes paid",
            "、".join(_cause_label(c, zh) for c in settings.causes),
        ),
    ]
    for cause, cap in settings.caps.items():
        rows.append(
            (f"{'单笔上限' if zh else 'cap'}: {_cause_label(cause, zh)}", money_display(cap))
        )
    for cause, standard in settings.standards.items():
        rows.append(
            (
                f"{'救助标准' if zh else 'standard'}: {_cause_label(cause, zh)}",
                money_display(standard),
            )
        )
    if settings.yearly_cap is not None:
        rows.append(
            (
                "每户年度上限" if zh else "yearly cap per household",
                money_display(settings.yearly_cap),
            )
        )
    for when, amount in sorted(settings.tranches.items()):
        rows.append(
            (f"{'方案注资' if zh else 'profile tranche'} {when.isoformat()}", money_display(amount))
        )
    rows.append(("fanpin 版本" if zh else "fanpin version", meta.fanpin_version))
    for source in meta.inputs:
        rows.append(("输入文件" if zh else "input file", f"{source.path} sha256 {source.sha256}"))
    return rows


def _summary_sheet(
    title: str, rows: Sequence[tuple[str, object]], lang: Lang
) -> Callable[[Worksheet], None]:
    def fill(sheet: Worksheet) -> None:
        sheet.cell(row=1, column=1, value=title).font = Font(name=CJK_FONT, bold=True, size=14)
        labels = ["项目", "值"] if lang == "zh" else ["item", "value"]
        for column, text in enumerate(labels, start=1):
            sheet.cell(row=3, column=column, value=text)
        for offset, (label, value) in enumerate(rows):
            sheet.cell(row=4 + offset, column=1, value=label)
            cell = sheet.cell(row=4 + offset, column=2, value=value)
            if isinstance(value, Decimal):
                cell.number_format = YUAN
            cell.alignment = Alignment(
                horizontal="right" if isinstance(value, Decimal | int) else "left"
            )
        style_table(sheet, labels, {labels[0]: 30, labels[1]: 50}, {}, header_row=3)

    return fill


def export_fund(
    result: FundResult, fmt: Literal["json", "csv", "xlsx"], path: Path | None
) -> str | None:
    """JSON (the library result), CSV (the checked entries) or a workbook; text when no path."""
    lang = result.lang
    zh = lang == "zh"
    if fmt == "json":
        text = json_text(result.to_dict())
        if path is None:
            return text
        write_text(path, text)
        return None
    if fmt == "csv":
        text = frame_to_csv(entries_table(result.entries, result.issues, lang, "text"))
        if path is None:
            return text
        write_text(path, text, encoding="utf-8-sig")
        return None
    if path is None:
        raise FanpinError("fund as xlsx needs an output file: add -o NAME.xlsx")
    entries = entries_table(result.entries, result.issues, lang, "decimal")
    money = {c: YUAN for c in entries.columns if "(元)" in str(c) or "(yuan)" in str(c)}
    title = (
        f"防贫帮扶基金收支情况（截至 {result.summary['as_of']}）"
        if zh
        else f"Relief fund as of {result.summary['as_of']}"
    )

    def breakdown(key: Literal["cause", "township", "month"]) -> Callable[[Worksheet], None]:
        table = breakdown_table(result, key)
        formats = {c: YUAN for c in table.columns if "(元)" in str(c) or "(yuan)" in str(c)}
        return table_sheet(table, number_formats=formats)

    params = pd.DataFrame(
        parameters_rows(result), columns=["项目", "值"] if zh else ["item", "value"]
    )
    sheets = [
        ("汇总" if zh else "summary", _summary_sheet(title, summary_rows(result), lang)),
        ("收支明细" if zh else "entries", table_sheet(entries, number_formats=money)),
        ("按救助原因" if zh else "by cause", breakdown("cause")),
        ("按乡镇" if zh else "by township", breakdown("township")),
        ("按月份" if zh else "by month", breakdown("month")),
        ("数据问题" if zh else "problems", table_sheet(issues_frame(result.issues, lang))),
        (
            "参数" if zh else "parameters",
            table_sheet(params, widths={"项目": 28, "值": 90, "item": 28, "value": 90}),
        ),
    ]
    write_workbook(path, sheets)
    return None


# -- example ledger ----------------------------------------------------------------------------

EXAMPLE_SHEET = "基金收支台账"
EXAMPLE_FIRST_ROW = 4  # title, note, header, then data
EXAMPLE_TRANCHE = (date(2021, 3, 1), 5_000_000)
EXAMPLE_AS_OF = date(2021, 12, 31)
_EXAMPLE_FIELDS = (
    "date",
    "entry_type",
    "township",
    "village",
    "household_id",
    "payee_name",
    "payee_id",
    "cause",
    "amount",
    "event_ref",
    *(f"{c}_{part}" for c in CHECKPOINTS for part in ("result", "date")),
    "approver",
    "note",
)
_EXAMPLE_HEADERS = ("序号", *(schema.FUND_LEDGER.by_name[n].header for n in _EXAMPLE_FIELDS))
_ROSTER_CAUSES = {
    "因病": "因病",
    "因自然灾害": "因灾",
    "因安全住房": "因房",
    "因产业项目失败": "因产业",
}
_APPROVERS = ("刘建国", "陈志明", "黄海燕")
_CellValue = str | int | float | date | datetime | None


@dataclass(frozen=True)
class PlantedEntry:
    """One problem planted in the example ledger: the Excel row, header and cell value."""

    code: str
    row: int
    column: str
    note: str
    value: _CellValue = None


@dataclass
class _Household:
    household_id: str
    township: str
    village: str
    monitored: bool
    eliminated: bool
    since: int | None  # YYYYMM
    eliminated_month: int | None
    causes: tuple[str, ...]
    people: list[tuple[str, str]]  # (name, ID), head first


@dataclass
class _Row:
    cells: dict[str, _CellValue]
    when: date  # sort key (a text or invalid date cell keeps a nearby real date here)
    event: int | None = None
    plants: list[tuple[str, str, str]] = field(default_factory=list)  # (code, field, note)


def _month_start(yyyymm: int) -> date:
    return date(yyyymm // 100, yyyymm % 100, 1)


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


class _ExampleLedger:
    """Builds the example ledger's rows from the sample members; plants are recorded per row."""

    def __init__(self, members: pd.DataFrame, seed: int) -> None:
        self.rng = random.Random(seed)
        self.households = self._households(members)
        self.rows: list[_Row] = []
        self.events = 0

    @staticmethod
    def _households(members: pd.DataFrame) -> list[_Household]:
        """Households in file order: household fields from the first row, the head first."""
        people: dict[str, list[tuple[str, str]]] = {}
        for household_id, name, id_number, relation in zip(
            members["household_id"].astype(str).tolist(),
            members["name"].astype(str).tolist(),
            members["id_number"].astype(str).tolist(),
            members["relation"].tolist(),
            strict=True,
        ):
            listed = people.setdefault(household_id, [])
            listed.insert(0 if relation == schema.HEAD else len(listed), (name, id_number))

        def month(value: object) -> int | None:
            text = str(value)
            return int(text) if text.isdigit() and len(text) == 6 else None

        found = []
        for first in members.drop_duplicates("household_id").to_dict("records"):
            category = first.get("recorded_category")
            has_category = isinstance(category, str) and bool(category)
            eliminated = has_category and first.get("risk_eliminated") == schema.YES
            risks = [first.get(c) for c in schema.RISK_COLUMNS]
            causes = [
                _ROSTER_CAUSES[r] for r in risks if isinstance(r, str) and r in _ROSTER_CAUSES
            ]
            if first.get("unsafe_housing") == schema.YES and "因房" not in causes:
                causes.append("因房")
            household_id = str(first["household_id"])
            found.append(
                _Household(
                    household_id,
                    str(first["township"]),
                    str(first["village"]),
                    has_category and not eliminated,
                    eliminated,
                    month(first.get("monitored_since")),
                    month(first.get("eliminated_month")),
                    tuple(causes),
                    people[household_id],
                )
            )
        return found

    def window(self, h: _Household) -> tuple[date, date] | None:
        """Days a regular payment may fall on: after identification, before elimination."""
        if h.since is None:
            return None
        start = max(
            _month_start(h.since) + timedelta(days=12), EXAMPLE_TRANCHE[0] + timedelta(days=7)
        )
        end = date(2021, 12, 28)
        if h.eliminated:
            if h.eliminated_month is None:
                return None
            end = min(end, _month_start(h.eliminated_month) - timedelta(days=1))
        return (start, end) if (end - start).days >= 7 else None

    def day_in(self, window: tuple[date, date]) -> date:
        start, end = window
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def new_event(self) -> int:
        self.events += 1
        return self.events

    def amount_for(self, cause: str) -> tuple[int | float, str]:
        r = self.rng
        if cause == "因病":
            if r.random() < 0.4:
                return r.randrange(150_000, 800_000) / 100, "住院医疗自付费用救助"
            return r.randrange(1500, 8001, 100), "大病医疗自付费用救助"
        if cause == "因灾":
            return r.randrange(1000, 5001, 500), "洪涝灾害损失救助"
        if cause == "因房":
            return r.randrange(5000, 15001, 1000), "住房安全修缮救助"
        if r.random() < 0.5:
            return 3000, "鱼塘受灾损失救助"
        return r.randrange(2000, 5001, 500), "种养殖产业损失救助"

    def payment(
        self,
        h: _Household,
        when: date,
        cause: str,
        amount: int | float | str,
        note: str,
        payee: tuple[str, str] | None = None,
        event: int | None = None,
    ) -> _Row:
        r = self.rng
        name, id_number = payee or h.people[0]
        village_day = when - timedelta(days=r.randint(8, 15))
        data_day = village_day + timedelta(days=r.randint(1, 3))
        audit_day = data_day + timedelta(days=r.randint(1, 3))
        cells: dict[str, _CellValue] = {
            "date": when,
            "entry_type": "支出",
            "township": h.township,
            "village": h.village,
            "household_id": h.household_id,
            "payee_name": name,
            "payee_id": id_number,
            "cause": cause,
            "amount": amount,
            "village_check_result": "通过",
            "village_check_date": village_day,
            "data_check_result": "通过",
            "data_check_date": data_day,
            "industry_audit_result": "通过",
            "industry_audit_date": audit_day,
            "approver": r.choice(_APPROVERS),
            "note": note,
        }
        row = _Row(cells, when, event if event is not None else self.new_event())
        self.rows.append(row)
        return row

    def cause_of(self, h: _Household) -> str:
        return self.rng.choice(h.causes) if h.causes else "因病"

    def build(self) -> None:
        r = self.rng
        eligible = [h for h in self.households if (h.monitored or h.eliminated) and self.window(h)]
        r.shuffle(eligible)
        plain = [h for h in self.households if not (h.monitored or h.eliminated)]
        tranche_day, tranche_amount = EXAMPLE_TRANCHE
        self.rows.append(
            _Row(
                {
                    "date": tranche_day,
                    "entry_type": "注资",
                    "amount": tranche_amount,
                    "note": "首期注资（市财政拨入）",
                },
                tranche_day,
            )
        )
        self.pool = eligible
        self._plants(plain)
        for index, h in enumerate(self.pool[:40]):
            window = self.window(h)
            assert window is not None
            cause = self.cause_of(h)
            amount, note = self.amount_for(cause)
            when = self.day_in(window)
            self.payment(h, when, cause, amount, note)
            if index % 7 == 3 and cause != "因房" and when < window[1] - timedelta(days=20):
                second = "因病" if cause != "因病" else self.cause_of(h)
                second = "因病" if second == "因房" else second
                amount, note = self.amount_for(second)
                later = self.day_in((when + timedelta(days=14), window[1]))
                self.payment(h, later, second, amount, note)
        self._accepted_spellings()

    def pick(self, condition: Callable[[_Household], bool] = lambda h: True) -> _Household:
        """The first unused monitored household that meets ``condition``."""
        for index, h in enumerate(self.pool):
            if condition(h):
                return self.pool.pop(index)
        raise FanpinError("the example members have too few monitored households for the ledger")

    def _plants(self, plain: list[_Household]) -> None:
        r, pick = self.rng, self.pick

        def regular(h: _Household, cause: str | None = None) -> _Row:
            window = self.window(h)
            assert window is not None
            cause = cause or self.cause_of(h)
            amount, note = self.amount_for(cause)
            return self.payment(h, self.day_in(window), cause, amount, note)

        # A household that is not in the roster at all.
        ghost = _Household(
            "4310811119990999", "兴宁镇", "兴宁村", True, False, 202103, None, ("因病",),
            [("王建华", _example_id("431081", "19700312", "123"))],
        )  # fmt: skip
        row = self.payment(ghost, date(2021, 5, 18), "因病", 2600, "住院医疗自付费用救助")
        row.plants.append(("fund_unknown_household", "household_id", "户编号 not in the roster"))
        # A household of the roster that is not monitored.
        outsider = r.choice(plain)
        row = self.payment(outsider, date(2021, 6, 9), "因病", 3200, "大病医疗自付费用救助")
        row.plants.append(("fund_not_monitored", "household_id", "household not monitored"))
        # Paid after the household's risk was eliminated.
        h = pick(lambda h: h.eliminated and (h.eliminated_month or 999999) <= 202110)
        assert h.eliminated_month is not None
        when = _add_months(_month_start(h.eliminated_month), 1) + timedelta(days=r.randint(5, 20))
        row = self.payment(h, when, "因病", 2000, "大病医疗自付费用救助")
        row.plants.append(("fund_after_elimination", "household_id", "paid after elimination"))
        # The payee's ID belongs to a member of another household.
        h, other = pick(), pick(lambda h: len(h.people) > 1)
        row = regular(h)
        row.cells["payee_name"], row.cells["payee_id"] = other.people[1]
        row.plants.append(("fund_payee_not_member", "payee_id", "ID of another household's member"))
        # The payee's name differs from the roster's for that ID.
        h = pick()
        row = regular(h)
        name = h.people[0][0]
        row.cells["payee_name"] = name[:-1] + ("兰" if name[-1] != "兰" else "英")
        row.plants.append(("fund_payee_name_mismatch", "payee_name", "one character changed"))
        # A checkpoint not done, one failed, one dated after the payment.
        row = regular(pick())
        row.cells["data_check_result"] = None
        row.cells["data_check_date"] = None
        row.plants.append(("fund_checkpoint_missing", "data_check_result", "部门数据比对 not done"))
        row = regular(pick())
        row.cells["industry_audit_result"] = "不通过"
        row.plants.append(("fund_checkpoint_failed", "industry_audit_result", "audit failed"))
        row = regular(pick())
        row.cells["industry_audit_date"] = row.when + timedelta(days=3)
        row.plants.append(("fund_paid_before_check", "industry_audit_date", "audit 3 days late"))
        # Over the per-payment cap of industry loss (5,000).
        row = regular(pick(), "因产业")
        row.cells["amount"], row.cells["note"] = 6000, "鱼塘受灾损失救助"
        row.plants.append(("fund_over_cap", "amount", "6,000 for industry loss, cap 5,000"))
        # Over the yearly cap per household (20,000): housing 15,000 then illness 8,000.
        h = pick(lambda h: (w := self.window(h)) is not None and (w[1] - w[0]).days > 60)
        window = self.window(h)
        assert window is not None
        first = self.day_in((window[0], window[1] - timedelta(days=45)))
        self.payment(h, first, "因房", 15000, "住房安全修缮救助")
        row = self.payment(h, first + timedelta(days=40), "因病", 8000, "大病医疗自付费用救助")
        row.plants.append(("fund_over_yearly_cap", "amount", "15,000 + 8,000 in one year"))
        # The same fish-pond loss paid twice.
        h = pick(lambda h: (w := self.window(h)) is not None and (w[1] - w[0]).days > 40)
        window = self.window(h)
        assert window is not None
        first = self.day_in((window[0], window[1] - timedelta(days=30)))
        original = self.payment(h, first, "因产业", 3000, "鱼塘受灾损失救助")
        row = self.payment(
            h, first + timedelta(days=21), "因产业", 3000, "鱼塘受灾损失救助", event=original.event
        )
        row.plants.append(("fund_duplicate_event", "event_ref", "same event paid again"))
        # Disaster relief paid before the tranche arrived: the balance goes below zero.
        row = self.payment(pick(), date(2021, 2, 20), "因灾", 4500, "冰冻灾害损失救助")
        row.plants.append(("fund_negative_balance", "amount", "paid before the first tranche"))
        # Illness relief paid in the month before identification.
        h = pick(lambda h: (h.since or 0) >= 202105)
        assert h.since is not None
        when = _add_months(_month_start(h.since), -1) + timedelta(days=r.randint(3, 20))
        row = self.payment(h, when, "因病", 3500, "大病医疗自付费用救助")
        row.plants.append(("fund_before_identification", "date", "paid before identification"))
        # Malformed cells: each the only problem of its row.
        row = regular(pick(), "因病")
        row.cells["amount"] = "2356.333"
        row.plants.append(("fund_amount_precision", "amount", "three decimal places"))
        row = regular(pick())
        good = str(row.cells["payee_id"])
        row.cells["payee_id"] = good[:17] + next(c for c in "0123456789X" if c != good[17])
        row.plants.append(("id_checksum", "payee_id", "wrong check digit"))
        row = regular(pick())
        row.cells["date"] = f"{row.when.year}-{row.when.month:02d}-31"
        if row.when.month in (1, 3, 5, 7, 8, 10, 12):
            row.cells["date"] = f"{row.when.year}-{row.when.month:02d}-32"
        row.plants.append(("bad_date", "date", "no such day"))
        row = regular(pick())
        row.cells["approver"] = None
        row.plants.append(("missing_value", "approver", "审批人 left empty"))
        row = regular(pick())
        row.cells["cause"] = "因学"
        row.plants.append(("not_in_vocabulary", "cause", "not a cause the fund pays"))
        h = pick()
        row = self.payment(h, date(2022, 1, 6), self.cause_of(h), 2000, "跨年录入")
        row.plants.append(("fund_after_as_of", "date", "dated after 2021-12-31"))

    def _accepted_spellings(self) -> None:
        """Spellings the checks must accept: amounts and dates as text, 合格, spaced IDs."""
        clean = [
            row for row in self.rows if not row.plants and row.cells.get("entry_type") == "支出"
        ]
        chosen = self.rng.sample(clean, 8)
        amount = chosen[0].cells["amount"]
        chosen[0].cells["amount"] = f"{Decimal(str(amount)):,.2f}"  # "1,234.50"
        chosen[1].cells["amount"] = f"{int(float(str(chosen[1].cells['amount'])))}元"
        chosen[2].cells["amount"] = str(chosen[2].cells["amount"])
        chosen[3].cells["date"] = f"{chosen[3].when:%Y.%m.%d}"
        when = chosen[4].when
        chosen[4].cells["date"] = f"{when.year}年{when.month}月{when.day}日"
        chosen[5].cells["data_check_result"] = "合格"
        chosen[6].cells["payee_id"] = f" {chosen[6].cells['payee_id']} "
        chosen[7].cells["date"] = f"{chosen[7].when:%Y/%m/%d}"

    def ordered(self) -> list[_Row]:
        """Rows by date (tranches first on a day), event numbers given in that order."""
        rows = sorted(self.rows, key=lambda row: (row.when, row.cells.get("entry_type") != "注资"))
        numbers: dict[int, str] = {}
        for row in rows:
            if row.event is not None:
                if row.event not in numbers:
                    numbers[row.event] = f"ZXFP-2021-{len(numbers) + 1:03d}"
                row.cells["event_ref"] = numbers[row.event]
        return rows


def _example_id(region: str, birth: str, order: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    prefix = f"{region}{birth}{order}"
    total = sum(int(d) * w for d, w in zip(prefix, weights, strict=True))
    return prefix + "10X98765432"[total % 11]


def write_example_ledger(
    path: str | Path, members: pd.DataFrame, seed: int = 2021
) -> list[PlantedEntry]:
    """Write a county-style ledger for ``members`` (``sample.generate_members``); the manifest.

    About 60 payments over 2021 to monitored households (illness, disaster,
    housing, industry loss such as a 3,000-yuan fish pond, each after the three
    checkpoints), the 5,000,000-yuan first tranche on 2021-03-01, and one row per
    planted problem; checked with as-of 2021-12-31 and the ``zixing`` profile,
    fanpin reports exactly the planted problems. Deterministic: the same members
    and seed give a byte-identical file.
    """
    builder = _ExampleLedger(members, seed)
    builder.build()
    rows = builder.ordered()
    planted = [
        PlantedEntry(
            code,
            EXAMPLE_FIRST_ROW + index,
            schema.FUND_LEDGER.by_name[name].header,
            note,
            row.cells.get(name),
        )
        for index, row in enumerate(rows)
        for code, name, note in row.plants
    ]
    county = str(members["county"].iloc[0]) if "county" in members and len(members) else "资兴市"
    workbook = _ledger_workbook(
        f"{county}防贫帮扶基金收支台账（2021年度）",
        [
            [index + 1, *(row.cells.get(n) for n in _EXAMPLE_FIELDS)]
            for index, row in enumerate(rows)
        ],
    )
    save_reproducible(workbook, Path(path))
    return sorted(planted, key=lambda p: (p.row, p.code))


def write_ledger_template(path: str | Path, county: str = "资兴市") -> None:
    """An empty ledger with the title, note and headers fanpin reads (for ``fanpin init``)."""
    workbook = _ledger_workbook(f"{county}防贫帮扶基金收支台账", [])
    save_reproducible(workbook, Path(path))


def _ledger_workbook(title: str, rows: Sequence[Sequence[_CellValue]]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = EXAMPLE_SHEET
    width = len(_EXAMPLE_HEADERS)
    sheet.cell(row=1, column=1, value=title).font = Font(name=CJK_FONT, bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    note = (
        "填报单位：市乡村振兴局    金额单位：元    类型：支出/注资；"
        "支出须经乡村核实、部门数据比对、行业扶贫单位稽核三关审核"
    )
    sheet.cell(row=2, column=1, value=note)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for column, header in enumerate(_EXAMPLE_HEADERS, start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(name=CJK_FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    text_columns = {
        _EXAMPLE_HEADERS.index(schema.FUND_LEDGER.by_name[n].header) + 1
        for n in ("household_id", "payee_id", "event_ref")
    }
    amount_column = _EXAMPLE_HEADERS.index(schema.FUND_LEDGER.by_name["amount"].header) + 1
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=EXAMPLE_FIRST_ROW + offset, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif column in text_columns:
                cell.number_format = "@"
            elif column == amount_column and isinstance(value, int | float):
                cell.number_format = "#,##0.00"
    widths = {"序号": 6, "日期": 12, "户编号": 19, "收款人证件号码": 21, "备注": 22}
    for column, header in enumerate(_EXAMPLE_HEADERS, start=1):
        letter = sheet.cell(row=3, column=column).column_letter
        sheet.column_dimensions[letter].width = widths.get(header, max(10, 2 * len(header) + 2))
    sheet.freeze_panes = f"A{EXAMPLE_FIRST_ROW}"
    workbook.properties.creator = "资兴市乡村振兴局"
    return workbook
