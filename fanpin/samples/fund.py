"""The example relief-fund ledger: about 60 payments of 2021 and one row per planted problem."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd

from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.outputs.templates import LEDGER_FIELDS as _EXAMPLE_FIELDS
from fanpin.outputs.templates import LEDGER_FIRST_ROW as EXAMPLE_FIRST_ROW
from fanpin.outputs.templates import CellValue as _CellValue
from fanpin.outputs.templates import ledger_workbook as _ledger_workbook
from fanpin.outputs.write import save_reproducible

EXAMPLE_TRANCHE = (date(2021, 3, 1), 5_000_000)

EXAMPLE_AS_OF = date(2021, 12, 31)

_ROSTER_CAUSES = {
    "因病": "因病",
    "因自然灾害": "因灾",
    "因安全住房": "因房",
    "因产业项目失败": "因产业",
}

_APPROVERS = ("刘建国", "陈志明", "黄海燕")


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
        raise FanpinError(
            "the example members have too few monitored households for the ledger",
            zh="示例家庭成员中的监测户太少，不够生成防贫基金台账：请生成更多户",
        )

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
