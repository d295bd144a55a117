"""One township order (io/places.py): administrative-code order by the region code that
starts 户编号, the same in the procedure, fund and audit summaries and in every sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from fanpin import api
from fanpin.io.places import place_order, sort_by_place, township_order

DATA = Path(__file__).resolve().parents[1] / "examples" / "workspace" / "data" / "zixing"
AS_OF = date(2021, 12, 31)


def frame(rows: list[tuple[str | None, str | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["township", "village", "household_id"])


def test_townships_by_region_code_then_first_seen_blank_last() -> None:
    places = frame(
        [
            ("乙镇", "一村", "4310811020010001"),
            ("无码镇", "二村", "H7"),
            ("甲镇", "三村", "4310811010010001"),
            (None, None, "4310811000010001"),
            ("另无码", "四村", "H8"),
        ]
    )
    assert township_order(places) == ["甲镇", "乙镇", "无码镇", "另无码"]
    assert township_order(places, blank="（无）") == ["甲镇", "乙镇", "无码镇", "另无码", "（无）"]
    named = places.fillna({"township": "（无）"})  # a caller's name for the blank township
    assert township_order(named, blank="（无）")[-1] == "（无）"
    assert place_order(places, ["township", "village"], 12)[("甲镇", "三村")] == 0


names = st.sampled_from(["甲镇", "乙镇", "丙镇", None])
codes = st.sampled_from(["43108110100", "43108110200", "43108110300", "H", ""])


@given(st.lists(st.tuples(names, names, codes, st.integers(0, 99)), min_size=1, max_size=30))
def test_sorting_keeps_every_row_in_township_order(rows: list[tuple[str | None, ...]]) -> None:
    """Sorting by place keeps every row, and its townships come in ``township_order``."""
    places = frame([(t, v, f"{c}{n:05d}") for t, v, c, n in rows])  # type: ignore[misc]
    ordered = sort_by_place(places)
    assert sorted(ordered.index) == list(places.index)
    seen = list(dict.fromkeys(ordered["township"].dropna()))
    assert seen == township_order(places)
    ranks = place_order(places, ["township", "village"], 12)
    for town, rows_of_town in ordered.groupby("township", sort=False):  # villages in order
        pairs = [(town, v) for v in rows_of_town["village"] if (town, v) in ranks]
        assert [ranks[p] for p in pairs] == sorted(ranks[p] for p in pairs)


def test_procedure_fund_and_audit_list_townships_in_one_order() -> None:
    classified = api.classify(DATA / "roster.xlsx", profile="zixing", as_of=AS_OF)
    rank = {name: n for n, name in enumerate(township_order(classified.households))}
    procedure = api.procedure(DATA / "cases.xlsx", profile="zixing", as_of=AS_OF)
    fund = api.fund(
        DATA / "fund_ledger.xlsx",
        DATA / "roster.xlsx",
        profile="zixing",
        as_of=AS_OF,
        classification=classified,
    )
    audit = api.audit(
        DATA / "roster.xlsx", profile="zixing", as_of=AS_OF, classification=classified
    )
    for listed in (
        list(procedure.summary.by_township),
        [t for t in fund.summary["by_township"] if t != "unknown"],
        list(audit.summary["by_township"]),
    ):
        known = [rank[t] for t in listed if t in rank]
        assert known == sorted(known) and len(known) >= 5, listed
