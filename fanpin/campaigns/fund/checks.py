"""Every ledger row checked against the roster and the profile's fund settings (the rules
are in ``campaigns/fund/ledger.py``'s docstring), with the running balance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.campaigns.fund.ledger import (
    CHECKPOINTS,
    ID_PROBLEMS,
    PAID_STATUSES,
    PAYMENT,
    PAYMENT_REQUIRED,
    TRANCHE,
    money_display,
    money_text,
    parse_amount,
    parse_cells,
    parse_date,
    yuan,
)
from fanpin.campaigns.fund.summary import entry_records, ledger_summary
from fanpin.io import schema
from fanpin.io.issues import has_errors, in_file_order, issue_frame, issue_records
from fanpin.io.messages import Lang, render
from fanpin.io.models import Meta
from fanpin.io.read import ROW
from fanpin.io.validate import IssueCollector, Validated, mask_id
from fanpin.rules.profiles import FundSettings, Profile


@dataclass
class FundResult:
    """A ledger checked against a roster: its entries, the issues found and the summary."""

    meta: Meta
    settings: FundSettings
    entries: pd.DataFrame  # ledger rows in file order, then profile tranches; see ENTRY_FIELDS
    issues: pd.DataFrame  # issues.ISSUE_COLUMNS: check_table's and the fund's, in file order
    summary: dict[str, Any]
    lang: Lang = "zh"
    era: labels.Era = "2021"  # the profile's terms: 2026 says 防止返贫致贫对象

    @property
    def ok(self) -> bool:
        """True when the ledger has no error (warnings allowed)."""
        return not has_errors(self.issues)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: meta, summary, entries (amounts as "0.00" strings), issues."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary,
            "entries": entry_records(self.entries),
            "issues": issue_records(self.issues),
        }


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
    era = profile.terminology
    check = LedgerCheck(ledger, households, members, profile.fund, as_of, lang, era)
    check.run()
    issues = check.issue_list()
    entries = check.entries_with_issues(issues)
    summary = ledger_summary(
        entries,
        issues,
        as_of=as_of,
        movements=check.movements,
        tranche_source=check.tranche_source,
        negative_episodes=check.negative_episodes,
    )
    if roster_issues is not None:
        severity = roster_issues["severity"]
        summary["roster_issues"] = {
            "errors": int(severity.eq("error").sum()),
            "warnings": int(severity.eq("warning").sum()),
        }
    return FundResult(meta, profile.fund, entries, issues, summary, lang, era)


class LedgerCheck:
    """The ledger as an entries frame (same index as the ledger's rows), checked column-wise."""

    def __init__(
        self,
        ledger: Validated,
        households: pd.DataFrame,
        members: pd.DataFrame,
        settings: FundSettings,
        as_of: date,
        lang: Lang,
        era: labels.Era = "2021",
    ) -> None:
        self.ledger = ledger
        self.era = era
        self.table = ledger.table
        self.raw = ledger.table.frame
        self.typed = ledger.members
        self.households = households.drop_duplicates("household_id").set_index("household_id")
        self.members = members
        self.settings = settings
        self.as_of = as_of
        self.lang: Lang = lang
        self.found = IssueCollector(self.table, self.raw, lang)
        earlier = ledger.issues
        self.flagged_rows: dict[str, set[int]] = {
            str(name): set(rows["row"].astype(int))
            for name, rows in earlier.groupby("field", dropna=True)
        }
        self.id_problem_rows = set(
            earlier.loc[earlier["code"].isin(ID_PROBLEMS), "row"].astype(int).tolist()
        )
        self.profile_tranches = pd.DataFrame()
        self.tranche_source = "ledger"
        self.tranches_differ: tuple[str, str] | None = None
        self.negative_episodes: list[dict[str, Any]] = []
        self.movements = pd.DataFrame()
        self.entries = self._entries()

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
        """One entry per ledger row: type, parsed date and amount, checkpoints, roster facts."""
        raw = self.raw
        entries = pd.DataFrame({"row": raw[ROW].astype(int)}, index=raw.index)
        entries["source"] = "ledger"
        entries["type_given"], entries["kind"] = self._entry_kinds()
        entries["date"], self.bad_date = parse_cells(raw["date"], parse_date)
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
        entries["amount"], entries["fen"] = self._amounts_in_fen()
        self.bad_checkpoint_date: dict[str, pd.Series] = {}
        for checkpoint in CHECKPOINTS:
            entries[f"{checkpoint}_result"] = self._codes(f"{checkpoint}_result")
            entries[f"{checkpoint}_date"], bad = parse_cells(raw[f"{checkpoint}_date"], parse_date)
            self.bad_checkpoint_date[checkpoint] = bad
        dated = entries["date"].notna()
        later = entries["date"].map(lambda d: d > self.as_of, na_action="ignore")
        entries["after_as_of"] = later.fillna(False).astype(bool)
        entries["counted"] = dated & entries["fen"].notna() & ~entries["after_as_of"]
        return self._with_roster(entries)

    def _entry_kinds(self) -> tuple[pd.Series | bool, pd.Series | str]:
        """Whether 类型 was given, and payment or tranche (a blank 类型 is a payment)."""
        if "entry_type" not in self.typed:
            return True, PAYMENT
        kind = self._codes("entry_type").astype(object)
        return kind.notna(), kind.where(kind.notna(), PAYMENT)

    def _amounts_in_fen(self) -> tuple[pd.Series, pd.Series]:
        """Usable amounts as Decimals and as integer fen (None: unreadable, negative or
        beyond the fen); sets ``bad_amount`` and ``too_precise`` for the checks."""
        index = self.raw.index
        amount, self.bad_amount = parse_cells(self.raw["amount"], parse_amount)
        places = amount.map(lambda d: d != d.quantize(Decimal("0.01")), na_action="ignore")
        self.too_precise = places.fillna(False).astype(bool)
        positive = amount.map(lambda d: d >= 0, na_action="ignore").fillna(False).astype(bool)
        usable = amount.notna() & ~self.too_precise & positive
        fen = pd.array([None] * len(amount), dtype="Int64")
        usable_positions = np.flatnonzero(usable.to_numpy())
        fen[usable_positions] = [int(d * 100) for d in amount[usable].tolist()]
        return amount.where(usable, None), pd.Series(fen, index=index)

    def _with_roster(self, entries: pd.DataFrame) -> pd.DataFrame:
        """The household's roster status, months and size; township and village from the
        roster where it knows them."""
        known = self.households.reindex(entries["household_id"].tolist())
        known.index = entries.index
        for column in ("status", "monitored_since", "eliminated_month", "size"):
            entries[f"roster_{column}"] = (
                known[column].astype(object).where(known[column].notna(), None)
                if column in known
                else None
            )
        for column in ("township", "village"):
            if column in known:
                from_roster = known[column].astype(object)
                entries[column] = from_roster.where(from_roster.notna(), entries[column])
        return entries

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
            found=status.map(
                labels.era_labeller(labels.FUND_ROSTER_STATUS, self.lang, self.era),
                na_action="ignore",
            ),
            object=labels.term("object", self.era, self.lang),
        )
        month = entries["date"].map(lambda d: d.year * 100 + d.month, na_action="ignore")
        eliminated = entries["roster_eliminated_month"]
        eliminated_number = pd.to_numeric(eliminated, errors="coerce")
        after = status.eq("eliminated") & (
            eliminated_number.isna() | (pd.to_numeric(month) > eliminated_number).fillna(False)
        )
        unknown_month = labels.label(labels.FUND_PHRASES, "month_unknown", self.lang)
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
        phrase = labels.labeller(labels.FUND_PHRASES, self.lang)
        elsewhere = holder_household.map(
            lambda household: phrase["id_elsewhere"].format(household=household),
            na_action="ignore",
        )
        nowhere = phrase["id_nowhere"]
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
        for checkpoint in CHECKPOINTS:
            name = labels.label(labels.FUND_CHECKPOINT_NAMES, checkpoint, self.lang)
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
        causes = labels.labeller(labels.FUND_CAUSES, self.lang)
        cause_labels = cause.map(lambda c: causes.get(c, c), na_action="ignore")
        covered = labels.label(labels.LIST_SEPARATOR, "list", self.lang).join(
            causes.get(c, c) for c in settings.causes
        )
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
                detail=cause_labels,
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
        phrase = labels.labeller(labels.FUND_PHRASES, self.lang)
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
                detail[label] = phrase["restored"].format(
                    date=day.isoformat(), restored=restored_on.isoformat()
                )
            else:
                detail[label] = phrase["still_negative"].format(
                    date=day.isoformat(), as_of=self.as_of.isoformat()
                )
        self.found.add("fund_negative_balance", mask, "amount", found=found_balance, detail=detail)

    def issue_list(self) -> pd.DataFrame:
        """check_table's issues and the fund's, in file order (row, then column)."""
        combined = pd.concat([self.ledger.issues, self.found.frame()], ignore_index=True)
        issues = in_file_order(combined, self.raw.columns)
        differ = self.tranches_differ
        if differ is None:
            return issues
        whole_file = {
            "code": "fund_tranches_differ",
            "severity": "warning",
            "sheet": self.table.sheet,
            "row": None,
            "column": self.table.header("amount"),
            "field": "amount",
            "value": differ[0],
            "household_id": None,
            "message": _render(
                "fund_tranches_differ", self.lang, found=differ[0], expected=differ[1]
            ),
        }
        return pd.concat([issues, issue_frame([whole_file])], ignore_index=True)

    def entries_with_issues(self, issues: pd.DataFrame) -> pd.DataFrame:
        entries = self.entries
        located = issues.loc[issues["row"].notna()]
        codes = located.groupby(located["row"].astype(int))["code"].agg(list).to_dict()
        entries["issues"] = entries["row"].map(lambda r: codes.get(int(r), []))
        errors = located.loc[located["severity"].eq("error"), "row"].astype(int)
        entries["has_error"] = entries["row"].isin(set(errors))
        if self.profile_tranches.empty:
            return entries
        no_issues: pd.Series = pd.Series(
            [[] for _ in range(len(self.profile_tranches))],
            index=self.profile_tranches.index,
            dtype=object,
        )
        extra = self.profile_tranches.assign(issues=no_issues, has_error=False)
        return pd.concat([entries, extra])


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
