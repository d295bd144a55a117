"""Tests for `fanpin simulate`: the comparison against two independent classify runs, the
boundary group, the fund exposure, --set validation, the formats and the exit codes."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from fanpin import api, labels
from fanpin.campaigns.simulate import FUND_CAUSE_RISKS, SimulationResult, boundary_mask
from fanpin.cli.commands import app
from fanpin.rules.profiles import OverrideError, load_profile, profile_items, with_overrides
from tests.rosters import Row, household, write_csv, write_xlsx

runner = CliRunner()
AS_OF = date(2021, 12, 1)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples/workspace/data/zixing/roster.xlsx"
EXAMPLE_AS_OF = date(2021, 12, 31)
MONITORED = {
    "recorded_category": "边缘易致贫户",
    "monitored_since": "202103",
    "measures_received": "小额信贷",
}
ELIMINATED = {
    **MONITORED,
    "risk_eliminated": "是",
    "elimination_method": "帮扶消除",
    "eliminated_month": "202110",
}


def one(household_id: str, first: int, income: float, **fields: Any) -> list[Row]:
    """A one-person household with ``income`` of wage income and nothing else."""
    amounts = {
        "wage_income": income,
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
        "household_type": "一般农户",
        "township": "唐洞街道",
        "village": "新市村",
    }
    return household(household_id, 1, first_order=first, **{**amounts, **fields})


def roster_rows() -> list[Row]:
    """Households around the 2021 line of 6,000 and a proposed line of 7,000."""
    return [
        *one("ENTER", 1, 6500),  # watch at 6,000; marginal at 7,000
        *one("ESCAPED", 2, 6900, household_type="脱贫户", health="长期慢性病", township="兴宁镇"),
        *one("BELOW", 3, 5000),  # proposed under both
        *one("WATCH", 4, 7500),  # joins the watch list (7,500 < 1.2 × 7,000)
        *one("RICH", 5, 20000, township="兴宁镇"),
        *one("MON", 6, 10000, **MONITORED),  # monitored under both
        *one("ELIM", 7, 6800, **ELIMINATED),  # eliminated; at risk again at 7,000
        *one("EDGE_IN_LOW", 8, 6300),  # exactly 7,000 - 10 %
        *one("EDGE_OUT_LOW", 9, 6299.99),
        *one("EDGE_IN_HIGH", 10, 7700),  # exactly 7,000 + 10 %
        *one("EDGE_OUT_HIGH", 11, 7700.01),
        *one("SUDDEN", 12, 9000, compliant_expense=2500, township="兴宁镇"),  # adjusted 6,500
        *one("SHIFT", 13, 6500, compliant_expense=1000),  # sudden hardship → marginal
    ]


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("simulate") / "roster.xlsx", roster_rows())


@pytest.fixture(scope="module")
def raised(roster: Path) -> SimulationResult:
    return api.simulate(roster, lines={2021: 7000}, as_of=AS_OF)


def in_monitoring(households: pd.DataFrame) -> set[str]:
    """Spelled out independently of the library: monitored, proposed, or at risk again."""
    active = households["status"].isin(["monitored", "proposed"])
    chosen = households.loc[active | households["returned_to_risk"].astype(bool)]
    return set(chosen["household_id"])


def extended_profile(folder: Path, base: str, toml: str) -> Path:
    """A profile file that extends ``base`` with ``toml``: the independent way to change it."""
    path = folder / f"{base}_changed.toml"
    path.write_text(f'extends = "{base}"\n{toml}', encoding="utf-8")
    return path


def changed_ids(result: SimulationResult, code: str) -> set[str]:
    return {h["household_id"] for h in result.to_dict()["households"] if code in h["changes"]}


# -- the comparison is two classify runs, household by household -----------------------


SCENARIOS = [
    # (base profile, after: lines, overrides, with_profile, TOML that makes the same profile)
    ("zixing", {2021: 7000}, {}, None, "[monitoring_line]\n2021 = 7000\n"),
    ("zixing", {2021: 5000}, {}, None, "[monitoring_line]\n2021 = 5000\n"),
    ("national", {}, {"category.watch_margin": "1.4"}, None, "[category]\nwatch_margin = 1.4\n"),
    (
        "zixing",
        {2021: 6500},
        {"tiers.high": "70", "elimination.min_months": "12"},
        None,
        "[monitoring_line]\n2021 = 6500\n[tiers]\nhigh = 70\n[elimination]\nmin_months = 12\n",
    ),
    ("national", {}, {}, "zixing", None),
]


@pytest.mark.parametrize(("base", "lines", "overrides", "other", "toml"), SCENARIOS)
def test_entering_and_leaving_are_the_set_differences_of_two_classify_runs(
    tmp_path: Path,
    base: str,
    lines: dict[int, float],
    overrides: dict[str, str],
    other: str | None,
    toml: str | None,
) -> None:
    after_profile = other if toml is None else extended_profile(tmp_path, base, toml)
    result = api.simulate(
        EXAMPLE,
        profile=base,
        with_profile=other,
        lines=lines,
        overrides=overrides,
        year=2021,
        as_of=EXAMPLE_AS_OF,
    )
    before = api.classify(EXAMPLE, profile=base, year=2021, as_of=EXAMPLE_AS_OF).households
    after = api.classify(
        EXAMPLE, profile=after_profile or base, year=2021, as_of=EXAMPLE_AS_OF
    ).households

    entering = in_monitoring(after) - in_monitoring(before)
    leaving = in_monitoring(before) - in_monitoring(after)
    assert changed_ids(result, "entering") == entering
    assert changed_ids(result, "leaving") == leaving
    assert result.summary["entering"]["households"] == len(entering)
    assert result.summary["leaving"]["households"] == len(leaving)
    people = before.set_index("household_id")["size"]
    assert result.summary["entering"]["people"] == int(people[list(entering)].sum())
    # the changed profile is the profile file would be: the same hash
    assert result.after.parameters.profile.hash == load_profile(after_profile or base).hash
    assert result.meta.profile is not None
    assert result.meta.profile["after"]["hash"] == load_profile(after_profile or base).hash
    assert result.meta.profile["before"]["hash"] == load_profile(base).hash


def test_the_scenarios_move_households_both_ways() -> None:
    """The scenarios above are not vacuous: households enter when the line rises, leave when
    it falls."""
    up = api.simulate(EXAMPLE, profile="zixing", lines={2021: 7000}, as_of=EXAMPLE_AS_OF)
    down = api.simulate(EXAMPLE, profile="zixing", lines={2021: 5000}, as_of=EXAMPLE_AS_OF)

    assert up.summary["entering"]["households"] > 20
    assert up.summary["leaving"]["households"] == 0
    assert down.summary["leaving"]["households"] > 0
    assert down.summary["entering"]["households"] == 0


def test_before_and_after_are_exactly_the_classify_results(roster: Path) -> None:
    result = api.simulate(roster, lines={2021: 7000}, as_of=AS_OF)
    for side, line in ((result.before, 6000), (result.after, 7000)):
        profile = with_overrides(load_profile("national"), {"monitoring_line.2021": line})
        alone = api.classify(roster, profile=profile, year=2021, as_of=AS_OF)
        columns = ["household_id", "status", "category", "tier", "score", "per_capita_income"]
        pd.testing.assert_frame_equal(side.households[columns], alone.households[columns])
        classify_counts = alone.summary()["by_status"]
        simulate_counts = result.summary["before" if line == 6000 else "after"]["by_status"]
        assert {k: v for k, v in simulate_counts.items() if v["households"]} == classify_counts


def test_every_change_of_the_small_roster(raised: SimulationResult) -> None:
    households = {h["household_id"]: h for h in raised.to_dict()["households"]}

    assert {k: h["change"] for k, h in households.items()} == {
        "ENTER": "entering",
        "ESCAPED": "entering",
        "ELIM": "entering",
        "EDGE_IN_LOW": "entering",
        "EDGE_OUT_LOW": "entering",
        "SUDDEN": "entering",
        "SHIFT": "tier_up",
        "WATCH": "watch_joined",
        "EDGE_IN_HIGH": "watch_joined",
        "EDGE_OUT_HIGH": "watch_joined",
    }
    assert households["SHIFT"]["changes"] == ["tier_up", "category_changed"]
    assert households["SHIFT"]["before"]["category"] == "sudden_hardship"
    assert households["SHIFT"]["after"]["category"] == "marginal"
    assert households["ESCAPED"]["before"] == {
        "status": "watch",
        "category": None,
        "tier": "low",
        "score": 20,
        "per_capita_income": 6900.0,
    }
    assert households["ESCAPED"]["after"]["status"] == "proposed"
    assert households["ESCAPED"]["after"]["category"] == "unstable_escaped"
    assert households["ELIM"]["after"]["status"] == "eliminated"  # at risk again: counted in
    assert set(households) & {"BELOW", "RICH", "MON"} == set()  # unchanged: not listed


def test_summary_counts_people_and_households(raised: SimulationResult) -> None:
    summary = raised.summary

    assert summary["households"] == 13
    assert summary["line"] == {"before": 6000.0, "after": 7000.0}
    assert summary["entering"] == {"households": 6, "people": 6}
    assert summary["before"]["monitoring"] == {"households": 3, "people": 3}  # BELOW MON SHIFT
    assert summary["after"]["monitoring"] == {"households": 9, "people": 9}
    # BELOW, MON, ELIM (recorded), ENTER, EDGE_IN_LOW, EDGE_OUT_LOW, SHIFT
    assert summary["after"]["by_category"]["marginal"]["households"] == 7
    assert summary["changed"]["households"] == 10
    assert set(summary["before"]) == {"monitoring", "by_status", "by_category", "by_tier"}
    assert set(summary["before"]["by_status"]) == set(labels.STATUS)


def test_by_township_adds_up_to_the_summary(raised: SimulationResult) -> None:
    townships = raised.by_township

    # as every output lists townships: by the 户编号's region code, else (these test IDs
    # have none) in the roster's order
    assert [t["township"] for t in townships] == ["唐洞街道", "兴宁镇"]
    for key in ("entering", "leaving", "tier_up", "category_changed", "watch_joined", "changed"):
        for unit in ("households", "people"):
            assert sum(t[key][unit] for t in townships) == raised.summary[key][unit]
    for side in ("before", "after"):
        for code in labels.STATUS:
            total = sum(t[side]["by_status"][code]["households"] for t in townships)
            assert total == raised.summary[side]["by_status"][code]["households"]
    assert sum(t["boundary"] for t in townships) == raised.summary["boundary"]
    xingning = next(t for t in townships if t["township"] == "兴宁镇")
    assert xingning["entering"]["households"] == 2  # ESCAPED, SUDDEN


# -- the boundary group -------------------------------------------------------------------


def test_boundary_is_exactly_the_households_within_ten_percent_of_the_new_line(
    raised: SimulationResult,
) -> None:
    listed = {h["household_id"] for h in raised.to_dict()["boundary"]}
    after = raised.after.households
    income = after["per_capita_income"]
    within = set(after.loc[(income - 7000).abs() <= 700 + 1e-9, "household_id"])

    assert listed == within
    assert listed == {
        *("ENTER", "ESCAPED", "ELIM", "SHIFT", "WATCH", "EDGE_IN_LOW", "EDGE_IN_HIGH")
    }
    assert raised.summary["boundary"] == len(listed)
    assert raised.summary["boundary_people"] == len(listed)
    first = raised.to_dict()["boundary"][0]
    assert set(first) >= {"household_id", "township", "village", "per_capita_income", "gap"}


@settings(max_examples=25, deadline=None)
@given(
    line=st.integers(3000, 12000),
    incomes=st.lists(st.integers(0, 1_500_000).map(lambda fen: fen / 100), max_size=40),
)
def test_boundary_band_matches_its_definition_at_every_line(
    line: int, incomes: list[float]
) -> None:
    edges = [round(line * 0.9, 2), round(line * 1.1, 2), math.nan]  # incomes are in fen
    frame = pd.DataFrame({"per_capita_income": incomes + edges})
    mask = boundary_mask(frame, float(line))
    income = frame["per_capita_income"]
    expected = ((income - line).abs() * 100).round() <= line * 10  # in fen, exact
    assert mask.tolist() == expected.fillna(False).tolist()


# -- raising the line never removes a household from monitoring ----------------------------


household_spec = st.fixed_dictionaries(
    {
        "income": st.integers(0, 1_400_000).map(lambda fen: fen / 100),
        "size": st.integers(1, 3),
        "type": st.sampled_from(["脱贫户", "一般农户"]),
        "state": st.sampled_from(["new", "monitored", "eliminated"]),
        "compliant": st.sampled_from([0, 800, 3000, 9000]),
        "health": st.sampled_from(["健康", "长期慢性病", "患有大病", "残疾"]),
        "housing": st.sampled_from(["否", "是"]),
        "last_year": st.none() | st.integers(1000, 30000),
    }
)


def spec_rows(index: int, spec: dict[str, Any]) -> list[Row]:
    size = spec["size"]
    state = {"new": {}, "monitored": MONITORED, "eliminated": ELIMINATED}[spec["state"]]
    fields: dict[str, Any] = {
        "wage_income": round(spec["income"] * size, 2),
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
        "compliant_expense": spec["compliant"] * size,
        "household_type": spec["type"],
        "health": spec["health"],
        "unsafe_housing": spec["housing"],
        **state,
    }
    if spec["last_year"] is not None:
        fields["last_year_per_capita_income"] = spec["last_year"]
    return household(f"G{index:03d}", size, first_order=index * 4 + 1, **fields)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    specs=st.lists(household_spec, min_size=1, max_size=12),
    base_line=st.integers(4000, 9000),
    raise_by=st.integers(1, 4000),
    profile=st.sampled_from(["national", "zixing"]),
)
def test_raising_the_line_never_removes_a_household_from_monitoring(
    tmp_path_factory: pytest.TempPathFactory,
    specs: list[dict[str, Any]],
    base_line: int,
    raise_by: int,
    profile: str,
) -> None:
    rows = [row for index, spec in enumerate(specs) for row in spec_rows(index, spec)]
    path = write_csv(tmp_path_factory.mktemp("generated") / "roster.csv", rows)
    base = with_overrides(load_profile(profile), {"monitoring_line.2021": base_line})
    result = api.simulate(
        path, profile=base, lines={2021: base_line + raise_by}, year=2021, as_of=AS_OF
    )
    summary = result.summary

    assert summary["leaving"]["households"] == 0
    assert summary["tier_down"]["households"] == 0
    assert summary["watch_left"]["households"] == 0
    assert in_monitoring(result.before.households) <= in_monitoring(result.after.households)
    assert (
        summary["after"]["monitoring"]["households"]
        >= summary["before"]["monitoring"]["households"]
    )


# -- the relief-fund exposure ---------------------------------------------------------------


def test_cost_is_none_without_fund_caps(raised: SimulationResult) -> None:
    assert raised.cost is None
    assert raised.to_dict()["cost"] is None


def test_cost_range_for_entering_households_with_a_fund_cause(roster: Path) -> None:
    result = api.simulate(roster, profile="zixing", lines={2021: 7000}, year=2021, as_of=AS_OF)
    after = result.after.households.set_index("household_id")
    entering = changed_ids(result, "entering")
    fund = load_profile("zixing").fund
    expected_high = Decimal(0)
    matching = 0
    for household_id in entering:
        causes = [c for c in fund.causes if after.loc[household_id, f"risk_{FUND_CAUSE_RISKS[c]}"]]
        if causes:
            matching += 1
            top = max(fund.caps[c] for c in causes)
            expected_high += min(top, fund.yearly_cap or top)
    cost = result.cost

    assert cost is not None
    assert {"ESCAPED", "SUDDEN"} <= entering  # chronic illness; large medical cost
    assert cost["matching_households"] == matching == 2
    assert cost["entering_households"] == len(entering)
    assert cost["high"] == f"{expected_high:.2f}" == "20000.00"
    assert cost["low"] == "0.00"  # no standards: nothing is certain to be paid
    assert "不代表实际支出" in cost["assumption"]
    illness = next(c for c in cost["by_cause"] if c["cause"] == "illness")
    assert illness == {
        "cause": "illness",
        "risk_factor": "illness",
        "households": 2,
        "standard": None,
        "cap": "10000.00",
    }


def test_cost_low_counts_the_standard_where_one_is_set(roster: Path) -> None:
    result = api.simulate(
        roster,
        profile="zixing",
        lines={2021: 7000},
        overrides={"fund.standards.illness": "3000", "fund.yearly_cap": "8000"},
        year=2021,
        as_of=AS_OF,
    )

    assert result.cost is not None
    assert result.cost["low"] == "6000.00"  # two households, one illness payment each
    assert result.cost["high"] == "16000.00"  # the 10,000 cap, within the yearly 8,000
    assert result.cost["yearly_cap"] == "8000.00"


# -- overrides: --set and --line -----------------------------------------------------------


def test_overrides_change_the_profile_and_its_hash() -> None:
    base = load_profile("national")
    changed = with_overrides(
        base,
        {
            "category.watch_margin": "1.3",
            "tiers.high": "70",
            "elimination.min_months": "12",
            "monitoring_line.2026": "8000",
            "tiers.rules.income_below_line.points": "50",
            "tiers.rules.income_near_line.when": "per_capita_income < line * 1.3",
            "risk_rules.0.when": "serious_ill_count > 1",
            "category.sudden_events": '["illness", "disaster"]',
        },
    )

    assert changed.category.watch_margin == 1.3
    assert changed.tiers.high == 70
    assert changed.elimination.min_months == 12
    assert changed.monitoring_line == {2020: 6000.0, 2021: 6000.0, 2026: 8000.0}
    assert changed.tiers.rules[0].points == 50
    assert changed.tiers.rules[3].when == "per_capita_income < line * 1.3"
    assert changed.risk_rules[0].when == "serious_ill_count > 1"
    assert changed.category.sudden_events == ["illness", "disaster"]
    assert changed.hash != base.hash
    assert base.category.watch_margin == 1.2  # the base is untouched
    assert with_overrides(base, {}).hash == base.hash
    assert profile_items(changed)["tiers.rules.income_below_line.points"] == 50


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("category.foo", "1", "unknown profile key category.foo"),
        ("foo.bar", "1", "unknown profile key foo"),
        ("tiers.high", "abc", "tiers.high"),
        ("tiers.high", "10", "tiers.medium must be below tiers.high"),
        ("category.watch_margin", "0.5", "greater than or equal to 1"),
        ("monitoring_line.2026", "-5", "positive number"),
        ("monitoring_line.2026", "abc", "positive number"),
        ("monitoring_line.20x6", "7000", "by year"),
        ("tiers.rules.nope.points", "5", "no item nope"),
        ("tiers.rules.income_below_line.when", "per_capita_income <", "cannot parse"),
        ("tiers.rules.income_below_line.when", "foo > 1", "unknown field 'foo'"),
        ("category.watch_margin.x", "1", "is a value, not a table"),
        ("fund.caps.foo", "100", "unknown causes"),
        ("category.sudden_events", '["nope"]', "unknown risk factors"),
        ("source", "x", "not a profile key"),
        ("", "1", "not a profile key"),
    ],
)
def test_bad_overrides_are_refused_naming_the_key(key: str, value: str, message: str) -> None:
    with pytest.raises(OverrideError) as raised:
        with_overrides(load_profile("national"), {key: value})
    assert message in str(raised.value)


def test_bad_override_is_refused_before_the_roster_is_read(tmp_path: Path) -> None:
    unread = tmp_path / "not_read.xlsx"
    unread.write_bytes(b"not a workbook: reading it would fail")
    with pytest.raises(OverrideError, match="category.foo"):
        api.simulate(unread, overrides={"category.foo": "1"}, as_of=AS_OF)


def test_year_defaults_to_the_year_of_a_single_line(roster: Path) -> None:
    result = api.simulate(
        roster, profile="zixing", lines={2021: 7000}, as_of=date(2026, 3, 5)
    )  # as of 2026, but the line given is 2021's

    assert result.meta.year == 2021
    assert result.summary["line"] == {"before": 6000.0, "after": 7000.0}
    assert result.overrides == {"monitoring_line.2021": 7000.0}


# -- the command line -----------------------------------------------------------------------


def invoke(*args: str | Path) -> Any:
    return runner.invoke(app, ["simulate", *(str(a) for a in args)])


def comparable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return "<NaN>"
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def test_json_stdout_equals_the_library_result(roster: Path) -> None:
    done = invoke(
        roster, "--profile", "zixing", "--line", "2021=7000", "--set", "tiers.high=70",
        "--as-of", "2021-12-01", "--format", "json",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    library = api.simulate(
        roster,
        profile="zixing",
        lines={2021: 7000},
        overrides={"tiers.high": "70"},
        as_of=AS_OF,
    )
    expected = json.loads(json.dumps(library.to_dict(), ensure_ascii=False))
    from_cli = json.loads(done.stdout)

    assert comparable(from_cli) == comparable(expected)
    assert list(from_cli) == ["meta", "summary", "households", "boundary", "by_township", "cost"]
    after = from_cli["meta"]["profile"]["after"]
    assert after["overrides"] == {"monitoring_line.2021": 7000.0, "tiers.high": 70}
    assert after["hash"] != from_cli["meta"]["profile"]["before"]["hash"]
    assert from_cli["meta"]["command"] == "simulate"
    assert from_cli["meta"]["year"] == 2021
    assert from_cli["meta"]["as_of"] == "2021-12-01"
    assert from_cli["meta"]["inputs"][0]["path"] == "roster.xlsx"


def test_terminal_summary_in_chinese_and_english(roster: Path) -> None:
    zh = invoke(roster, "--line", "2021=7000", "--as-of", "2021-12-01")
    en = invoke(roster, "--line", "2021=7000", "--as-of", "2021-12-01", "--lang", "en")

    assert zh.exit_code == 0, zh.output
    assert "新纳入监测" in zh.stdout and "边界户" in zh.stdout and "调整前" in zh.stdout
    assert "entering monitoring" not in zh.stdout
    assert en.exit_code == 0, en.output
    assert "entering monitoring" in en.stdout and "新纳入监测" not in en.stdout


def test_quiet_prints_nothing(roster: Path, tmp_path: Path) -> None:
    done = invoke(roster, "--line", "2021=7000", "--as-of", "2021-12-01", "--quiet")
    assert done.exit_code == 0
    assert done.stdout == ""


def test_csv_is_the_changed_households(roster: Path, raised: SimulationResult) -> None:
    done = invoke(roster, "--line", "2021=7000", "--as-of", "2021-12-01", "--format", "csv")
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(done.stdout)))

    assert [r["户编号"] for r in rows] == [
        h["household_id"] for h in raised.to_dict()["households"]
    ]
    change_names = labels.labeller(labels.SIMULATE_CHANGES, "zh")
    assert {r["户编号"]: r["变化"] for r in rows}["ENTER"] == change_names["entering"]


ZH_SHEETS = ["概览", "变化", "边界户", "参数"]


@pytest.fixture(scope="module")
def workbook(roster: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "模拟.xlsx"
    done = invoke(
        roster, "--profile", "zixing", "--line", "2021=7000", "--as-of", "2021-12-01",
        "-o", target,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert str(target.name) in done.stdout
    return target


def test_the_base_line_can_come_from_the_workspace(tmp_path: Path) -> None:
    """A county's 2026 line lives in fanpin.toml: --county takes it (and the county's
    profile and as-of date) as the rules before the change."""
    workspace = tmp_path / "ws"
    example = Path(__file__).resolve().parents[1] / "examples" / "workspace"
    (workspace / "data").mkdir(parents=True)
    shutil.copy(example / "fanpin.toml", workspace)
    shutil.copytree(example / "profiles", workspace / "profiles")
    roster = example / "data" / "zixing_2026" / "roster.xlsx"
    county = ["--county", "zixing_2026", "--workspace", str(workspace)]
    done = invoke(roster, *county, "--line", "2026=8000", "--format", "json", "-q")
    assert done.exit_code == 0, done.output
    meta = json.loads(done.stdout)["meta"]
    assert meta["profile"]["before"]["line"] == 7600 and meta["profile"]["after"]["line"] == 8000
    assert meta["profile"]["before"]["name"] == "national-2026" and meta["as_of"] == "2026-03-31"
    alone = invoke(roster, "--workspace", str(workspace), "--line", "2026=8000")
    assert alone.exit_code == 2 and "--county" in alone.output


def test_a_2026_profile_says_防止返贫致贫对象(roster: Path, tmp_path: Path) -> None:
    """From 2026 the households are 防止返贫致贫对象 (domain.md §11), on the terminal and in
    the workbook's 概览 as everywhere else."""
    target = tmp_path / "2026.xlsx"
    done = invoke(
        roster, "--profile", "national-2026", "--line", "2021=7000", "--as-of", "2021-12-01",
        "-o", target,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "防止返贫致贫对象" in done.output and "监测对象" not in done.output
    cells = [str(c) for row in load_workbook(target)["概览"].iter_rows(values_only=True)
             for c in row if c is not None]  # fmt: skip
    assert any("防止返贫致贫对象" in c for c in cells)
    assert not [c for c in cells if "监测对象" in c]


def test_workbook_has_its_sheets_with_chinese_headers(workbook: Path) -> None:
    book = load_workbook(workbook)
    column = labels.labeller(labels.SIMULATE_COLUMNS, "zh")

    assert book.sheetnames == ZH_SHEETS
    changes = [list(r) for r in book["变化"].iter_rows(values_only=True)]
    assert changes[0][:6] == ["户编号", "乡(镇)", "行政村", "户主姓名", "人口数", "变化"]
    assert column["status_before"] in changes[0] and column["tier_after"] in changes[0]
    assert len(changes) == 1 + 10
    boundary = [list(r) for r in book["边界户"].iter_rows(values_only=True)]
    assert boundary[0][:3] == ["户编号", "乡(镇)", "行政村"]
    assert "人均纯收入(元)" in boundary[0]
    assert len(boundary) == 1 + 7
    assert book["变化"].freeze_panes == "A2"


def test_workbook_parameters_side_by_side(workbook: Path) -> None:
    rows = [list(r) for r in load_workbook(workbook)["参数"].iter_rows(values_only=True)]
    by_setting = {r[0]: r for r in rows}

    assert rows[0] == ["参数", "调整前", "调整后", "是否调整"]
    line = "2021 年监测线(元/人·年)（monitoring_line.2021）"
    assert by_setting[line][1:] == [6000, 7000, "是"]
    assert by_setting["跟踪观察倍数(监测线×)（category.watch_margin）"][1:] == [1.2, 1.2, None]
    settings = [r[0] for r in rows]
    assert settings.index(line) < settings.index("fund.caps.illness")  # the changed first
    assert by_setting["fund.caps.illness"][1:3] == ["10000", "10000"]
    assert by_setting["规则方案"][3] == "是"  # the hashes differ


def test_workbook_overview_figures_and_chart(workbook: Path) -> None:
    sheet = load_workbook(workbook)["概览"]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    by_item = {r[0]: r for r in cells if r[0] is not None}

    assert cells[0][0] == "监测标准调整模拟"
    monitoring = labels.label(labels.SIMULATE_FIGURES, "monitoring", "zh")
    assert by_item[monitoring][1:7] == [3, 3, 9, 9, 6, 6]
    assert by_item["新纳入监测"][1:3] == [6, 6]
    assert by_item["新纳入户防贫基金支出·高值(元)"][1] == 20000
    with zipfile.ZipFile(workbook) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
    assert "分乡镇监测对象" in chart
    assert "'概览'!$B$" in chart and "'概览'!$C$" in chart  # before and after series


def test_a_township_name_is_written_as_text_never_a_formula(tmp_path: Path) -> None:
    """The writer keeps no wrapper of its own: saving (``write.save_workbook``) makes a
    name that starts with '=' text in every sheet, the chart's township column too."""
    path = write_csv(tmp_path / "roster.csv", one("F1", 1, 6500, township="=1+2"))
    target = tmp_path / "out.xlsx"
    done = invoke(path, "--line", "2021=7000", "--as-of", "2021-12-01", "-o", target)
    assert done.exit_code == 0, done.output
    book = load_workbook(target)
    for title in ("概览", "变化", "边界户"):
        cells = [c for row in book[title].iter_rows() for c in row if c.value == "=1+2"]
        assert cells and all(c.data_type == "s" for c in cells), title
    formulas = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not [c.coordinate for c in formulas if c.data_type == "f"]


def test_workbook_in_english(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "what-if.xlsx"
    done = invoke(roster, "--line", "2021=7000", "--as-of", "2021-12-01", "--lang", "en", "-o",
                  target)  # fmt: skip
    assert done.exit_code == 0, done.output
    book = load_workbook(target)

    assert book.sheetnames == ["overview", "changes", "boundary", "parameters"]
    assert next(book["changes"].iter_rows(values_only=True))[0] == "household ID"


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "2021-12-01"],  # nothing to change
        ["--line", "2021"],
        ["--line", "2021=abc"],
        ["--line", "2021=-5"],
        ["--line", "21=7000"],
        ["--line", "2021=7000", "--line", "2021=8000"],
        ["--set", "category.watch_margin"],
        ["--set", "=1.3"],
        ["--set", "category.foo=1"],
        ["--set", "tiers.high=abc"],
        ["--set", "tiers.rules.income_below_line.when=foo > 1"],
        ["--set", "tiers.high=70", "--set", "tiers.high=80"],
        ["--line", "2021=7000", "-o", "out.txt"],
        ["--line", "2021=7000", "--as-of", "yesterday"],
    ],
)
def test_usage_errors_exit_2(roster: Path, args: list[str]) -> None:
    done = invoke(roster, *args)
    assert done.exit_code == 2, done.output
    assert "Traceback" not in done.output


def test_a_bad_set_names_the_key_and_what_is_known(roster: Path) -> None:
    done = invoke(roster, "--set", "category.foo=1", "--as-of", "2021-12-01")

    assert done.exit_code == 2
    assert "category.foo" in done.output and "watch_margin" in done.output


def test_input_errors_exit_1(roster: Path, tmp_path: Path) -> None:
    missing = invoke(tmp_path / "missing.xlsx", "--line", "2021=7000", "--as-of", "2021-12-01")
    no_line = invoke(roster, "--line", "2030=7000", "--as-of", "2030-12-01")
    unknown_profile = invoke(roster, "--with-profile", "nope", "--as-of", "2021-12-01")

    assert missing.exit_code == 1 and "missing.xlsx" in missing.output
    assert no_line.exit_code == 1 and "没有 2030 年的监测线" in no_line.output
    assert unknown_profile.exit_code == 1 and "找不到规则 'nope'" in unknown_profile.output
    for done in (missing, no_line, unknown_profile):
        assert "Traceback" not in done.output


def test_roster_with_data_errors_exits_1_and_still_writes(tmp_path: Path) -> None:
    bad = one("BAD", 20, 6500, reported_per_capita_income=6500)
    bad[0]["工资性收入"] = "abc"
    rows = [*roster_rows(), *bad]
    path = write_xlsx(tmp_path / "roster.xlsx", rows)
    target = tmp_path / "out.json"
    done = invoke(path, "--line", "2021=7000", "--as-of", "2021-12-01", "-o", target)

    assert done.exit_code == 1, done.output
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["summary"]["issues"]["errors"] >= 1
    assert written["summary"]["unassessed"]["households"] == 1
    assert written["summary"]["households"] == 14


def test_clean_run_exits_0_and_the_roster_is_untouched(roster: Path, tmp_path: Path) -> None:
    before = roster.read_bytes()
    done = invoke(roster, "--line", "2021=7000", "--as-of", "2021-12-01", "-o",
                  tmp_path / "out.csv")  # fmt: skip

    assert done.exit_code == 0, done.output
    assert roster.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_library_tells_each_stage_once_for_the_read(roster: Path) -> None:
    told: list[str] = []
    api.simulate(roster, lines={2021: 7000}, as_of=AS_OF, stages=told.append)
    rules = ["quality", "households", "rules", "measures", "elimination"]

    assert told == ["read", "validate", *rules, *rules]
