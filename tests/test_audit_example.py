"""`fanpin audit` on the example workspace finds every planted case and nothing unexpected.

The workspace's roster is ``sample.generate_members(2000, 431081)``; its
department lists (``EXAMPLE_FILES``: the ten comparison lists and 民政's low-income
list) come from ``write_example_departments`` with the same seed. The low-income
list's plants are chosen by the households' properties (monitored with a positive
income for ``income_basis_differs``; not monitored and well above the watch
margin, or eliminated, for ``low_income_not_monitored``), so a new roster
generator only needs the files regenerated.
What is *expected*, per finding code:

- planted in the roster (``members.attrs["scenarios"]``): should_monitor =
  missed_low_income ∪ missed_sudden_drop ∪ missed_gap; elimination_too_early =
  early_elimination; safety_net_unflagged; zero_transfer_income = zero_transfer.
  near_line households are on the watch list and raise nothing.
- planted in the lists (the manifest): every ``dept_…`` finding, household by
  household; ``low_income_not_monitored`` and ``income_basis_differs`` likewise;
  ``list_unknown_id`` by list and row; malformed rows as issues by list, row and
  code. The low-income list's other rows (monitored households, 民政's income
  within 7 % of the roster's) raise nothing.
- arising from how the generator draws the roster, defined here independently:
  income_decline (脱贫户 and monitoring objects whose 人均纯收入 is below 上年:
  most 突发严重困难户 lost income, one missed_sudden_drop household is a 脱贫户,
  and the generator lifts eliminated households' last-year income above the
  line); cadre_overloaded (cadres come from a county-wide pool of one per five
  helped households, so many pair more than 5); and, from the classification,
  measures_missing (2–4 measures drawn at random do not always cover every risk
  factor), should_eliminate (a fifth of eligible households are left monitored),
  pairing_incomplete (city leaders go to 45 % of monitored households at random).
- nothing else: no roster issue, no eliminated_below_line,
  eliminated_with_difficulty, returned_to_risk or no_cadre.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from fanpin import api
from fanpin.cli.commands import app
from fanpin.samples.departments import EXAMPLE_FILES, PlantedDept, write_example_departments
from fanpin.samples.roster import generate_members

WORKSPACE = Path(__file__).resolve().parents[1] / "examples" / "workspace" / "data" / "zixing"
ROSTER = WORKSPACE / "roster.xlsx"
DEPT = WORKSPACE / "dept"
SEED = 431081


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return generate_members(2000, SEED)


@pytest.fixture(scope="module")
def manifest(members: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> list[PlantedDept]:
    """Regenerate the lists: they must be byte-identical to the workspace's."""
    folder = tmp_path_factory.mktemp("dept")
    planted = write_example_departments(folder, members, SEED)
    for name in EXAMPLE_FILES.values():
        assert (folder / name).read_bytes() == (DEPT / name).read_bytes(), (
            f"{name} is out of date: run write_example_departments into {DEPT}"
        )
    return planted


@pytest.fixture(scope="module")
def output() -> dict[str, Any]:
    args = [
        "audit",
        str(ROSTER),
        *(f"--dept={kind}={DEPT / name}" for kind, name in EXAMPLE_FILES.items()),
        "--profile",
        "zixing",
        "--year",
        "2021",
        "--as-of",
        "2021-12-31",
        "--format",
        "json",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def by_code(findings: list[dict[str, Any]]) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for f in findings:
        key = f["household_id"] if f["household_id"] is not None else f["cadre"]
        if f["code"] == "list_unknown_id":
            key = f"{f['kind']}:{f['source']}"
        table.setdefault(f["code"], set()).add(key)
    return table


def expected(members: pd.DataFrame, planted: list[PlantedDept]) -> dict[str, set[str]]:
    scenarios = members.attrs["scenarios"]
    households = members.drop_duplicates("household_id").set_index("household_id")
    helped = households["household_type"].eq("脱贫户") | households["recorded_category"].notna()
    fell = households["reported_per_capita_income"] < households["last_year_per_capita_income"]
    paired = households.loc[households["cadre"].notna()]
    load = paired.groupby(["cadre", "cadre_phone"]).size()
    classified = api.classify(ROSTER, profile="zixing", year=2021, as_of=date(2021, 12, 31))
    h = classified.households.set_index("household_id")
    monitored = h["status"].eq("monitored")
    no_measure = h["measures_received_codes"].map(len).eq(0)
    gap = h["measures_gap"].map(len).gt(0)
    table = {
        "should_monitor": set(
            scenarios["missed_low_income"]
            + scenarios["missed_sudden_drop"]
            + scenarios["missed_gap"]
        ),
        "elimination_too_early": set(scenarios["early_elimination"]),
        "safety_net_unflagged": set(scenarios["safety_net_unflagged"]),
        "zero_transfer_income": set(scenarios["zero_transfer"]),
        "income_decline": set(households.index[helped & fell]),
        "cadre_overloaded": {cadre for (cadre, _), n in load.items() if n > 5},
        "measures_missing": set(h.index[monitored & (no_measure | gap)]),
        "should_eliminate": set(h.index[h["elimination_status"].eq("eligible")]),
        "pairing_incomplete": set(h.index[monitored & h["tier"].eq("high") & h["leader"].isna()]),
    }
    for plant in planted:
        if plant.what == "finding":
            key = plant.household_id
            if plant.code == "list_unknown_id":
                key = f"{plant.kind}:{plant.file} 第 {plant.row} 行"
            table.setdefault(plant.code, set()).add(str(key))
    return {code: keys for code, keys in table.items() if keys}


def test_every_planted_case_is_found_and_nothing_else(
    members: pd.DataFrame, manifest: list[PlantedDept], output: dict[str, Any]
) -> None:
    want = expected(members, manifest)
    got = by_code(output["findings"])

    assert set(got) == set(want)
    for code in want:
        assert got[code] == want[code], code
    # every kind of list and every kind of plant is represented
    assert {p.kind for p in manifest if p.what == "finding"} == set(EXAMPLE_FILES)
    assert {p.code for p in manifest if p.what == "issue"} >= {
        "not_a_number",
        "not_in_vocabulary",
        "bad_yyyymm",
        "id_as_number",
        "id_checksum",
        "missing_value",
        "list_name_mismatch",
    }


def test_malformed_rows_are_the_planted_ones(
    manifest: list[PlantedDept], output: dict[str, Any]
) -> None:
    issues = output["issues"]
    assert all(i["kind"] != "roster" for i in issues)
    found = {(i["kind"], i["row"], i["code"]) for i in issues}
    assert found == {(p.kind, p.row, p.code) for p in manifest if p.what == "issue"}
    for issue in issues:
        assert issue["file"] == EXAMPLE_FILES[issue["kind"]]
        assert issue["column"] and issue["message"]


def test_summary_of_the_example(output: dict[str, Any]) -> None:
    summary = output["summary"]
    assert summary["households"] == 2000
    assert summary["findings"] == len(output["findings"])
    assert summary["unassessed_households"] == 0
    assert set(summary["departments"]) == set(EXAMPLE_FILES)
    assert summary["rules_not_run"] == []
    income = summary["indicators"]["income_ratio"]
    assert 0.5 < income["ratio"] < 1  # 脱贫 people earn less than the average household
    employment = summary["indicators"]["employment_rate"]
    assert employment["target"] == 1.0 and employment["met"] is False
    assert output["meta"]["command"] == "audit"
    assert [i["path"] for i in output["meta"]["inputs"]] == [
        "roster.xlsx",
        *EXAMPLE_FILES.values(),
    ]


def test_example_lists_are_small_and_look_like_department_files() -> None:
    for name in EXAMPLE_FILES.values():
        path = DEPT / name
        assert path.stat().st_size < 100_000
        if name.endswith(".csv"):
            raw = path.read_bytes()
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            title = raw.decode("gb18030").splitlines()[0]
            assert title.startswith("资兴市")
