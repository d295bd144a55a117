"""Early warning across monthly exports (issue 20): every warning fires and its neighbour
does not, households are matched across ID formats, nothing is dropped, the archive keeps
what the warnings need, the report's 预警 sheet, the CLI's outputs and exit codes."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fanpin import api
from fanpin.campaigns.warn import (
    WARN_CODES,
    Snapshot,
    WarnResult,
    compact_members,
    household_keys,
    person_keys,
    run_warn,
    snapshot_tables,
)
from fanpin.cli.commands import app
from fanpin.cli.show_county import report_summary
from fanpin.cli.terminal import console
from fanpin.errors import FanpinError, ProfileError
from fanpin.io.models import InputFile, Meta
from fanpin.io.snapshots import (
    SNAPSHOT_COLUMNS,
    monthly_snapshots,
    prune_snapshots,
    read_archived,
    read_snapshot,
    write_snapshot,
)
from fanpin.pipeline import parameters_for
from fanpin.rules.profiles import WARN_RULES, load_profile, with_overrides
from tests.rosters import OMIT, Row, member, valid_id, write_xlsx

runner = CliRunner()
AS_OF = date(2021, 12, 31)
YEAR = 2021
RELATIONS = ("户主", "配偶", "之子", "之女", "之父", "之母")
X_ID = valid_id(order="104")  # its check character is X
assert X_ID.endswith("X")


def person(number: int, **fields: Any) -> dict[str, Any]:
    """A member who keeps their name and ID number from month to month."""
    return {"name": f"成员{number}", "id_number": valid_id(order=f"{number:03d}"), **fields}


def home(
    household_id: Any, *people: dict[str, Any], income: float = 12000, **fields: Any
) -> list[Row]:
    """A household whose per-capita income is ``income`` (all of it wages)."""
    size = len(people)
    common = {
        "household_id": household_id,
        "declared_size": size,
        "household_type": "一般农户",
        "monitored_since": OMIT,
        "wage_income": round(income * size, 2),
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
        "business_expense": 0,
        "reported_per_capita_income": income,
        "cadre": "李干部",
        **fields,
    }
    return [member(**{**common, "relation": RELATIONS[i], **p}) for i, p in enumerate(people)]


ELIMINATED = {
    "recorded_category": "边缘易致贫户",
    "monitored_since": "202103",
    "risk_eliminated": "是",
    "elimination_method": "帮扶消除",
    "eliminated_month": "202110",
    "measures_received": "小额信贷",
}
WORKING = {"employment": OMIT, "work_months": 6, "work_place": "广东省东莞市"}

# household -> (rows of the earlier export, rows of the later one, the warnings expected)
CASES: dict[str, tuple[list[Row], list[Row], set[str]]] = {
    "INC_FALL": (
        home("INC_FALL", person(1)),
        home("INC_FALL", person(1), income=8000),
        {"income_falling"},
    ),
    "INC_SOFT": (home("INC_SOFT", person(2)), home("INC_SOFT", person(2), income=8500), set()),
    "INC_BELOW": (
        home("INC_BELOW", person(3)),
        home("INC_BELOW", person(3), income=5000),
        {"near_line"},
    ),
    "NEAR": (
        home("NEAR", person(4), income=9000),
        home("NEAR", person(4), income=7000),
        {"near_line"},
    ),
    "NEAR_ALREADY": (
        home("NEAR_ALREADY", person(5), income=7100),
        home("NEAR_ALREADY", person(5), income=7000),
        set(),
    ),
    "NEAR_ABOVE": (
        home("NEAR_ABOVE", person(6), income=9000),
        home("NEAR_ABOVE", person(6), income=7300),
        set(),
    ),
    "ILL": (
        home("ILL", person(7), person(8)),
        home("ILL", person(7), person(8, health="长期慢性病")),
        {"new_health_problem"},
    ),
    "ILL_SAME": (
        home("ILL_SAME", person(9, health="长期慢性病")),
        home("ILL_SAME", person(9, health="长期慢性病")),
        set(),
    ),
    "ILL_PART": (
        home("ILL_PART", person(10, health="长期慢性病")),
        home("ILL_PART", person(10, health="残疾,长期慢性病")),
        {"new_health_problem"},
    ),
    "ILL_ORDER": (
        home("ILL_ORDER", person(11, health="残疾,长期慢性病")),
        home("ILL_ORDER", person(11, health="长期慢性病,残疾")),
        set(),
    ),
    "ILL_RECOVERED": (
        home("ILL_RECOVERED", person(12, health="患有大病")),
        home("ILL_RECOVERED", person(12, health="健康")),
        set(),
    ),
    "WORK_STATUS": (
        home("WORK_STATUS", person(13, employment="县内务工")),
        home("WORK_STATUS", person(13, employment="未务工")),
        {"work_stopped"},
    ),
    "WORK_MONTHS": (
        home("WORK_MONTHS", person(14, **{**WORKING, "work_place": OMIT})),
        home("WORK_MONTHS", person(14, employment=OMIT, work_months=0)),
        {"work_stopped"},
    ),
    "WORK_PLACE": (
        home("WORK_PLACE", person(15, employment=OMIT, work_place="广东省东莞市")),
        home("WORK_PLACE", person(15, employment=OMIT)),
        {"work_stopped"},
    ),
    "WORK_LESS": (
        home("WORK_LESS", person(16, **WORKING)),
        home("WORK_LESS", person(16, **{**WORKING, "work_months": 3})),
        set(),
    ),
    "LABOUR": (
        home("LABOUR", person(17), person(18)),
        home("LABOUR", person(17), person(18, labour_skill="丧失劳动力", employment="未务工")),
        {"labour_lost", "work_stopped"},
    ),
    "LABOUR_WEAK": (
        home("LABOUR_WEAK", person(19)),
        home("LABOUR_WEAK", person(19, labour_skill="弱劳动力或半劳动力")),
        set(),
    ),
    "DIBAO": (
        home("DIBAO", person(20, dibao="否")),
        home("DIBAO", person(20, dibao="是")),
        {"dibao_without_measure"},
    ),
    "DIBAO_MEASURE": (
        home("DIBAO_MEASURE", person(21, dibao="否")),
        home("DIBAO_MEASURE", person(21, dibao="是"), measures_received="最低生活保障"),
        set(),
    ),
    "DIBAO_BEFORE": (
        home("DIBAO_BEFORE", person(22, dibao="是")),
        home("DIBAO_BEFORE", person(22, dibao="是")),
        set(),
    ),
    "TEKUN": (
        home("TEKUN", person(23, tekun="否")),
        home("TEKUN", person(23, tekun="是")),
        {"dibao_without_measure"},
    ),
    "SLIP": (
        home("SLIP", person(24), income=9000, **ELIMINATED),
        home("SLIP", person(24), income=7000, **ELIMINATED),
        {"eliminated_slipping", "near_line"},
    ),
    "SLIP_ABOVE": (
        home("SLIP_ABOVE", person(25), income=9000, **ELIMINATED),
        home("SLIP_ABOVE", person(25), income=8000, **ELIMINATED),
        set(),
    ),
    "LEFT": (
        home(
            "LEFT", person(26), person(27), person(28, labour_skill="无劳动力", employment="未务工")
        ),
        home("LEFT", person(26), person(27), income=18000),
        {"member_left"},
    ),
    "LEFT_LABOUR": (
        home("LEFT_LABOUR", person(29), person(30)),
        home("LEFT_LABOUR", person(29), income=24000),
        {"member_left", "labour_lost"},
    ),
    "SWAP": (
        home("SWAP", person(31), person(32)),
        home("SWAP", person(31), person(33)),
        set(),
    ),
    # exported as a number, then as full-width text; the member's x upper-case, then lower
    "ID_FORMAT": (
        home(4310811010010099, person(34), {"name": "成员X", "id_number": X_ID}),
        home(
            "４３１０８１１０１００１００９９",
            person(34),
            {"name": "成员X", "id_number": X_ID.lower(), "health": "患有大病"},
        ),
        {"new_health_problem"},
    ),
}
NEW = home("NEW", person(40))  # only in the later export: listed as new, never warned
GONE = home("GONE", person(41))  # only in the earlier export: listed as missing


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("warn")
    earlier = [row for rows, _, _ in CASES.values() for row in rows] + GONE
    later = [row for _, rows, _ in CASES.values() for row in rows] + NEW
    return write_xlsx(folder / "2021-11.xlsx", earlier), write_xlsx(folder / "2021-12.xlsx", later)


@pytest.fixture(scope="module")
def warned(months: tuple[Path, Path]) -> WarnResult:
    return api.warn(months, year=YEAR, as_of=AS_OF)


def codes_of(result: WarnResult, household: str) -> set[str]:
    findings = result.findings
    return set(findings.loc[findings["household_id"].astype(str).eq(household), "code"])


def test_the_rosters_read_cleanly(warned: WarnResult) -> None:
    assert warned.summary["issues"]["errors"] == 0, warned.issues.to_string()


@pytest.mark.parametrize("household", sorted(CASES))
def test_each_warning_fires_and_its_neighbour_does_not(warned: WarnResult, household: str) -> None:
    expected = CASES[household][2]
    # the number cell and the full-width text are one household, shown as read
    shown = "4310811010010099" if household == "ID_FORMAT" else household
    found = codes_of(warned, shown)
    assert found == expected


def test_every_warning_is_covered_by_a_case() -> None:
    covered = set().union(*(codes for _, _, codes in CASES.values()))
    assert covered == set(WARN_CODES)


def test_a_household_that_changes_id_format_is_matched(warned: WarnResult) -> None:
    changes = warned.roster_changes
    assert "4310811010010099" not in set(changes["household_id"].astype(str))
    row = warned.findings.loc[warned.findings["code"].eq("new_health_problem")]
    evidence = " ".join(row["evidence"])
    assert "成员X（健康 → 患有大病）" in evidence
    assert codes_of(warned, "4310811010010099") == {"new_health_problem"}


def test_new_and_missing_households_are_listed_never_warned(warned: WarnResult) -> None:
    changes = warned.roster_changes.set_index("household_id")
    assert changes.loc["NEW", "change"] == "new"
    assert changes.loc["NEW", "first_seen"] == "2021-12.xlsx"
    assert changes.loc["GONE", "change"] == "missing"
    assert changes.loc["GONE", "last_seen"] == "2021-11.xlsx"
    assert codes_of(warned, "NEW") == set() and codes_of(warned, "GONE") == set()
    assert warned.summary["roster_changes"] == {
        "new": 1,
        "missing": 1,
        "absent_between": 0,
        "duplicate": 0,
    }


def test_findings_carry_place_cadre_values_and_action(warned: WarnResult) -> None:
    findings = warned.findings.set_index(["household_id", "code"])
    falling = findings.loc[("INC_FALL", "income_falling")]
    assert (falling["township"], falling["village"], falling["cadre"]) == (
        "唐洞街道",
        "新市村",
        "李干部",
    )
    assert (falling["field"], falling["before"], falling["after"]) == (
        "per_capita_income",
        12000.0,
        8000.0,
    )
    assert "12,000.00" in falling["evidence"] and "33.3%" in falling["evidence"]
    assert falling["action"].startswith("入户核实收入下降原因")
    assert (falling["before_snapshot"], falling["after_snapshot"]) == (
        "2021-11.xlsx",
        "2021-12.xlsx",
    )
    left = findings.loc[("LEFT", "member_left")]
    assert (left["before"], left["after"]) == (3, 2)
    assert "成员28" in left["evidence"] and "12,000.00 → 18,000.00" in left["evidence"]
    lost = findings.loc[("LEFT_LABOUR", "labour_lost")]
    assert "成员30（已不在户内）" in lost["evidence"]
    skill = findings.loc[("LABOUR", "labour_lost")]
    assert "成员18（普通劳动力 → 丧失劳动力）" in skill["evidence"]
    work = findings.loc[("WORK_MONTHS", "work_stopped")]
    assert "成员14（务工6个月 → 未务工）" in work["evidence"]
    below = findings.loc[("INC_BELOW", "near_line")]
    assert "已低于监测线" in below["evidence"]


def test_english_run_words(months: tuple[Path, Path]) -> None:
    result = api.warn(months, year=YEAR, as_of=AS_OF, lang="en")
    findings = result.findings.set_index(["household_id", "code"])
    assert findings.loc[("INC_FALL", "income_falling"), "action"].startswith("visit to find")
    assert (
        "fell from 12,000.00 to 8,000.00"
        in findings.loc[("INC_FALL", "income_falling"), "evidence"]
    )


# -- the window: three snapshots ----------------------------------------------------------------


def test_since_and_a_warning_that_went_away(tmp_path: Path) -> None:
    incomes = {
        "SLOW": (10000, 8000, 6800),
        "SUDDEN": (10000, 6500, 6600),
        "BACK": (10000, 6500, 9900),
    }
    paths = []
    for month in range(3):
        rows = [
            row
            for n, (name, values) in enumerate(incomes.items())
            for row in home(name, person(50 + n), income=values[month])
        ]
        paths.append(write_xlsx(tmp_path / f"m{month + 1}.xlsx", rows))
    result = api.warn(paths, year=YEAR, as_of=AS_OF)
    found = result.findings.set_index(["household_id", "code"])["since"].to_dict()
    assert found == {
        ("SLOW", "income_falling"): "m3.xlsx",
        ("SLOW", "near_line"): "m3.xlsx",
        ("SUDDEN", "income_falling"): "m2.xlsx",
        ("SUDDEN", "near_line"): "m2.xlsx",
    }


def test_a_household_missing_in_between_is_listed(tmp_path: Path) -> None:
    both = home("STAYS", person(60))
    paths = [
        write_xlsx(tmp_path / "a.xlsx", both + home("GAP", person(61))),
        write_xlsx(tmp_path / "b.xlsx", both),
        write_xlsx(tmp_path / "c.xlsx", both + home("GAP", person(61), income=8000)),
    ]
    result = api.warn(paths, year=YEAR, as_of=AS_OF)
    changes = result.roster_changes.set_index("household_id")
    assert changes.loc["GAP", "change"] == "absent_between"
    assert changes.loc["GAP", "seen"] == "2/3"
    # compared with its first snapshot; the gap breaks 'since'
    assert codes_of(result, "GAP") == {"income_falling"}
    assert result.findings["since"].tolist() == ["c.xlsx"]


# -- matching keys ------------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.integers(min_value=1, max_value=2**52))
def test_a_household_number_matches_in_any_export_format(number: int) -> None:
    text = str(number)
    forms = pd.Series(
        [
            number,
            float(number),
            text,
            f" {text} ",
            text.translate(FULL_WIDTH),
            f"{text}.0",
            "00" + text,
        ],
        dtype=object,
    )
    assert set(household_keys(forms)) == {text}


def test_household_keys_keep_letters_and_blank_is_none() -> None:
    keys = household_keys(pd.Series(["h001", "H001", None, "  "], dtype=object))
    assert keys.tolist() == ["H001", "H001", None, None]


def test_person_keys_ignore_case_and_width_and_hide_the_number() -> None:
    ids = pd.Series([X_ID, X_ID.lower(), X_ID.translate(FULL_WIDTH), None], dtype=object)
    keys = person_keys(ids).tolist()
    assert keys[0] == keys[1] == keys[2] and keys[3] is None
    assert X_ID not in keys[0] and len(keys[0]) == 8


# -- the archive ------------------------------------------------------------------------------


def test_archived_snapshots_give_the_same_warnings(
    months: tuple[Path, Path], warned: WarnResult, tmp_path: Path
) -> None:
    archived = []
    for path, as_of in zip(months, ("2021-11-30", "2021-12-31"), strict=True):
        classified = api.classify(path, year=YEAR, as_of=AS_OF)
        households, members = snapshot_tables(classified)
        target = tmp_path / f"{as_of}_20220101T000000000000.snapshot.json.gz"
        write_snapshot(target, households, {"as_of": as_of}, members)
        archived.append(target)
    result = api.warn(archived, year=YEAR, as_of=AS_OF)

    def plain(r: WarnResult) -> list[tuple[Any, ...]]:
        frame = r.findings.drop(columns=["before_snapshot", "after_snapshot", "since"])
        return sorted(tuple(str(v) for v in row) for row in frame.itertuples(index=False))

    assert plain(result) == plain(warned)
    assert result.summary["roster_changes"] == warned.summary["roster_changes"]
    assert result.findings["after_snapshot"].unique().tolist() == ["2021-12-31"]
    stored = read_archived(archived[0])
    assert stored.members is not None and "id_number" not in stored.members
    assert X_ID not in gzip.decompress(archived[0].read_bytes()).decode()


def test_an_old_snapshot_runs_the_rules_it_can_and_says_which_cannot(tmp_path: Path) -> None:
    def old(name: str, household: object, income: float, size: int) -> Path:
        record = dict.fromkeys(SNAPSHOT_COLUMNS)
        record |= {"household_id": household, "size": size, "per_capita_income": income}
        record |= {"status": "none", "township": "唐洞街道", "village": "新市村"}
        path = tmp_path / name
        path.write_bytes(gzip.compress(json.dumps({"meta": {}, "households": [record]}).encode()))
        return path

    paths = [
        # a number in one (as JSON wrote it), edited by hand into full-width text in the other
        old("2021-10-31_20211101T000000000000.snapshot.json.gz", 4310811010010001.0, 12000, 3),
        old(
            "2021-11-30_20211201T000000000000.snapshot.json.gz",
            "４３１０８１１０１００１０００１",
            8000,
            2,
        ),
    ]
    result = api.warn(paths, year=YEAR, as_of=AS_OF)
    assert set(result.findings["code"]) == {"income_falling", "member_left"}
    assert result.roster_changes.empty
    not_run = result.summary["not_run"]
    assert set(not_run) == {
        "new_health_problem",
        "work_stopped",
        "labour_lost",
        "dibao_without_measure",
    }
    assert not_run["labour_lost"] == {"households": 1, "missing": ["labour_count"]}
    assert "members" in not_run["work_stopped"]["missing"]
    assert result.snapshots[0]["members"] is False
    frame, _ = read_snapshot(paths[0])
    assert list(frame.columns) == list(SNAPSHOT_COLUMNS)


def test_a_roster_without_health_says_the_health_rule_cannot_run(tmp_path: Path) -> None:
    def rows(income: float) -> list[Row]:
        return home("NO_HEALTH", person(70, health=OMIT), income=income)

    paths = [
        write_xlsx(tmp_path / "a.xlsx", rows(12000)),
        write_xlsx(tmp_path / "b.xlsx", rows(8000)),
    ]
    result = api.warn(paths, year=YEAR, as_of=AS_OF)
    assert result.summary["not_run"]["new_health_problem"]["missing"] == ["health"]
    assert "health_problem_count" in result.snapshots[0]["missing"]
    assert codes_of(result, "NO_HEALTH") == {"income_falling"}


def test_a_damaged_snapshot_named_is_an_error(tmp_path: Path, months: tuple[Path, Path]) -> None:
    bad = tmp_path / "2021-10-31_20211101T000000000000.snapshot.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(FanpinError, match="not a readable fanpin snapshot"):
        api.warn([bad, months[1]], year=YEAR, as_of=AS_OF)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([1, 2], "members are not a table of columns"),
        ({"household_id": ["A"], "person": [], "name": []}, "members columns differ in length"),
        ({"household_id": ["A"]}, "members lack household_id, person, name"),
    ],
)
def test_a_damaged_member_table_is_named(tmp_path: Path, members: object, message: str) -> None:
    path = tmp_path / "x.snapshot.json.gz"
    payload = {"meta": {}, "households": {"household_id": ["A"]}, "members": members}
    path.write_bytes(gzip.compress(json.dumps(payload).encode()))
    with pytest.raises(FanpinError, match=f"x.snapshot.json.gz is not a readable.*{message}"):
        read_archived(path)


def test_values_from_snapshots_are_data(tmp_path: Path) -> None:
    paths = []
    for name, income in (("a", 12000.0), ("b", 8000.0)):
        households = pd.DataFrame(
            [
                {
                    "household_id": "A",
                    "township": "乡\x07镇",
                    "village": "村",
                    "head_name": '=HYPERLINK("http://x")',
                    "size": 1,
                    "status": "none",
                    "per_capita_income": income,
                }
            ]
        )
        path = tmp_path / f"{name}.snapshot.json.gz"
        write_snapshot(path, households, {})
        paths.append(path)
    result = api.warn(paths, year=YEAR, as_of=AS_OF)
    assert result.findings["township"].tolist() == ["乡镇"]
    book_path = tmp_path / "warn.xlsx"
    api.export(result, "xlsx", book_path)
    cells = [
        c for row in openpyxl.load_workbook(book_path)["收入大幅下降"].iter_rows() for c in row
    ]
    formula = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert formula and all(c.data_type == "s" for c in formula)
    footer = openpyxl.load_workbook(book_path)["收入大幅下降"].oddFooter.left.text
    assert paths[-1].name in footer  # the pages name the latest snapshot, not the first


def test_monthly_snapshots_take_the_newest_readable_of_each_month(tmp_path: Path) -> None:
    frame = pd.DataFrame([{"household_id": "A", "size": 1, "per_capita_income": 1.0}])
    names = [
        "2021-10-15_20211015T000000000000",
        "2021-10-31_20211031T000000000000",
        "2021-11-30_20211130T000000000000",
        "2021-12-15_20211215T000000000000",
        "2021-12-31_20211231T000000000000",
    ]
    for name in names:
        write_snapshot(tmp_path / f"{name}.snapshot.json.gz", frame, {})
    (tmp_path / f"{names[-1]}.snapshot.json.gz").write_bytes(b"damaged")
    found = monthly_snapshots(tmp_path)
    assert [a.path.name[:10] for a in found.snapshots] == ["2021-10-31", "2021-11-30", "2021-12-15"]
    assert [p.name[:10] for p, _ in found.skipped] == ["2021-12-31"]
    window = monthly_snapshots(tmp_path, months=1)
    assert [a.as_of for a in window.snapshots] == ["2021-11-30", "2021-12-15"]
    since = monthly_snapshots(tmp_path, since=date(2021, 11, 1))
    assert [a.as_of for a in since.snapshots] == ["2021-11-30", "2021-12-15"]
    report = monthly_snapshots(tmp_path, until_month="2021-12", months=12)
    assert [a.as_of for a in report.snapshots] == ["2021-10-31", "2021-11-30"]


def test_pruning_keeps_one_snapshot_a_month_for_the_window(tmp_path: Path) -> None:
    days = pd.date_range("2021-01-01", "2021-12-31", freq="D")
    for day in days:
        name = f"{day:%Y-%m-%d}_{day:%Y%m%d}T000000000000.snapshot.json.gz"
        (tmp_path / name).write_bytes(b"x")
    newest = tmp_path / f"{days[-1]:%Y-%m-%d}_{days[-1]:%Y%m%d}T000000000000.snapshot.json.gz"
    prune_snapshots(tmp_path, keep=10, protect=newest, months=6)
    left = sorted(p.name[:10] for p in tmp_path.iterdir())
    month_ends = [
        "2021-06-30",
        "2021-07-31",
        "2021-08-31",
        "2021-09-30",
        "2021-10-31",
        "2021-11-30",
    ]
    assert left == month_ends + [f"2021-12-{d}" for d in range(22, 32)]


# -- the profile --------------------------------------------------------------------------------


def test_the_national_profile_spells_out_the_built_in_rules() -> None:
    import tomllib

    text = (
        Path(__file__).resolve().parents[1] / "fanpin" / "profiles" / "national.toml"
    ).read_text(encoding="utf-8")
    assert tomllib.loads(text)["warn"]["rules"] == WARN_RULES
    assert load_profile("zixing").warn.rules == WARN_RULES


def test_a_profile_changes_one_rule_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(
        'extends = "national"\nname = "county"\nversion = "1"\n'
        '[warn]\nincome_drop_share = 0.2\n[warn.rules]\nnear_line = "False"\n',
        encoding="utf-8",
    )
    profile = load_profile(path)
    assert profile.warn.rules["near_line"] == "False"
    assert profile.warn.rules["income_falling"] == WARN_RULES["income_falling"]
    assert profile.warn.income_drop_share == 0.2


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ('near_line = "after_per_capita_incme < line"', "unknown field 'after_per_capita_incme'"),
        ("near_line = \"__import__('os')\"", "function calls are not allowed"),
        ('sudden_drop = "True"', "unknown warning 'sudden_drop'"),
    ],
)
def test_warn_rules_are_checked_when_the_profile_loads(
    tmp_path: Path, rules: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        f'extends = "national"\nname = "bad"\nversion = "1"\n[warn.rules]\n{rules}\n',
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=message):
        load_profile(path)


def test_a_stricter_share_in_the_profile_changes_what_fires(months: tuple[Path, Path]) -> None:
    stricter = with_overrides(load_profile("national"), {"warn.income_drop_share": 0.25})
    result = api.warn(months, profile=stricter, year=YEAR, as_of=AS_OF)
    assert codes_of(result, "INC_SOFT") == {"income_falling"}


# -- the rule on whole columns, against its definition --------------------------------------------


def _frames(before: list[float], after: list[float]) -> list[Snapshot]:
    snapshots = []
    for label, incomes in (("a", before), ("b", after)):
        households = pd.DataFrame(
            {
                "household_id": [f"H{i}" for i in range(len(incomes))],
                "township": "T",
                "village": "V",
                "head_name": "X",
                "size": 1,
                "status": "none",
                "per_capita_income": incomes,
            }
        )
        snapshots.append(
            Snapshot(label, "archive", InputFile(path=label, sha256=""), households, None)
        )
    return snapshots


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=40000, allow_nan=False),
            st.floats(min_value=0, max_value=40000, allow_nan=False),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_income_warnings_follow_their_definition(pairs: list[tuple[float, float]]) -> None:
    parameters = parameters_for("national", YEAR, AS_OF, "zh")
    meta = Meta(fanpin_version="t", command="warn", lang="zh", inputs=[])
    before = [round(b, 2) for b, _ in pairs]
    after = [round(a, 2) for _, a in pairs]
    result = run_warn(_frames(before, after), parameters, meta)
    line, band = 6000.0, 7200.0
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        codes = codes_of(result, f"H{i}")
        assert ("income_falling" in codes) == (b > 0 and a >= line and a <= b * 0.7)
        assert ("near_line" in codes) == (a < band and b >= band)


# -- the county report -------------------------------------------------------------------------


def _workspace(folder: Path, rows: list[Row]) -> Path:
    folder.mkdir()
    write_xlsx(folder / "roster.xlsx", rows)
    (folder / "fanpin.toml").write_text(
        '[counties.test]\nname = "测试县"\nprofile = "national"\nroster = "roster.xlsx"\n'
        'output_dir = "reports"\nyear = 2021\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Any]:
    earlier = [row for rows, _, _ in CASES.values() for row in rows] + GONE
    later = [row for _, rows, _ in CASES.values() for row in rows] + NEW
    folder = _workspace(tmp_path_factory.mktemp("report") / "ws", earlier)
    first = api.report("test", workspace=folder, as_of=date(2021, 11, 30))
    write_xlsx(folder / "roster.xlsx", later)
    second = api.report("test", workspace=folder, as_of=AS_OF)
    return folder, first, second


def test_the_first_report_has_no_warnings_sheet(reported: tuple[Path, Any, Any]) -> None:
    _, first, _ = reported
    assert "预警" not in openpyxl.load_workbook(first.path).sheetnames
    assert "warn_findings" not in first.figures


def test_the_report_warns_against_last_months_snapshot(
    reported: tuple[Path, Any, Any], warned: WarnResult
) -> None:
    _, _, second = reported
    book = openpyxl.load_workbook(second.path)
    names = book.sheetnames
    assert names.index("预警") == names.index("变化") + 1
    sheet = book["预警"]
    assert "2021-11-30 → 2021-12-31" in str(sheet["A1"].value)
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(3)]
    falling = [r for r in rows if r["户编号"] == "INC_FALL"]
    assert [r["预警"] for r in falling] == ["收入大幅下降"]
    assert falling[0]["之前"] == 12000 and falling[0]["最新"] == 8000
    assert falling[0]["帮扶责任人"] == "李干部" and falling[0]["比对期"] == datetime(2021, 11, 30)
    gone = [r for r in rows if r["户编号"] == "GONE"]
    assert [r["预警"] for r in gone] == ["最新一期中缺失"]
    warnings = [r for r in rows if r["预警代码（供程序使用）"] in WARN_CODES]
    assert len(warnings) == warned.summary["findings"] == second.figures["warn_findings"]
    overview = {
        str(row[0].value).strip(): row[1].value
        for row in book["概览"].iter_rows()
        if row[0].value is not None
    }
    assert overview["预警(条)"] == len(warnings)
    assert overview["其中：收入大幅下降"] == warned.summary["by_code"]["income_falling"]
    parts = sum(
        overview[f"其中：{label}"]
        for label in (
            "收入大幅下降",
            "收入接近监测线",
            "新增患病或残疾",
            "停止务工",
            "劳动力减少",
            "新享低保特困未落实措施",
            "已消除户收入下滑",
            "家庭人口减少",
        )
    )
    assert parts == overview["预警(条)"]
    assert overview["最新一期中缺失的户(户)"] == 1


def test_the_report_says_its_warnings_on_the_terminal(reported: tuple[Path, Any, Any]) -> None:
    """Cron mail and the person at the terminal see the 预警 count, not only 概览."""
    _, first, second = reported
    with console.capture() as captured:
        report_summary(second)
    figures = second.figures
    line = f"预警：{figures['warn_households']} 户 {figures['warn_findings']} 条（与此前 1 期"
    assert line in captured.get()
    with console.capture() as quiet:
        report_summary(first)
    assert "预警" not in quiet.get()


def test_the_report_archives_what_the_warnings_need(reported: tuple[Path, Any, Any]) -> None:
    folder, _, _ = reported
    newest = sorted((folder / "archive" / "test").iterdir())[-1]
    archived = read_archived(newest)
    assert {"labour_count", "employed_count", "measure_count", "cadre"} <= set(
        archived.households.columns
    )
    assert archived.members is not None
    assert {"person", "health", "labour_skill", "employed"} <= set(archived.members.columns)
    assert archived.meta["snapshot_format"] == 2
    older = sorted((folder / "archive" / "test").iterdir())[0]
    diffed = api.diff(older, newest)
    assert {"left", "joined"} <= set(diffed.changes["change"])


def test_warn_over_the_workspace_archive(reported: tuple[Path, Any, Any]) -> None:
    folder, _, _ = reported
    result = api.warn(county="test", workspace=folder, as_of=AS_OF)
    assert [s["label"] for s in result.snapshots] == ["2021-11-30", "2021-12-31"]
    assert codes_of(result, "INC_FALL") == {"income_falling"}
    with pytest.raises(FanpinError, match="holds 1 snapshot"):
        api.warn(county="test", workspace=folder, since=date(2021, 12, 1))
    extra = api.warn(
        [folder / "roster.xlsx"], county="test", workspace=folder, since=date(2021, 12, 1)
    )
    assert [s["kind"] for s in extra.snapshots] == ["archive", "roster"]


def test_a_vocabulary_column_is_kept_as_an_archive_keeps_it() -> None:
    """A roster's member columns come typed as categoricals; the warnings keep them as the
    archive's JSON gives them back: text, blank as None (not NaN)."""
    typed = pd.DataFrame(
        {
            "household_id": ["H1", "H1", "H2"],
            "person": ["P1", "P2", "P3"],
            "name": ["甲", "乙", "丙"],
            "health": pd.Categorical(["健康", None, "残疾"]),
        }
    )
    kept = compact_members(typed)["health"]

    assert kept.dtype == object
    assert kept.tolist() == ["健康", None, "残疾"]


# -- the command line --------------------------------------------------------------------------


def run(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_cli_json_is_the_library_result(months: tuple[Path, Path], warned: WarnResult) -> None:
    result = run("warn", *months, "--year", YEAR, "--as-of", "2021-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    library = json.loads(json.dumps(warned.to_dict(), ensure_ascii=False))
    assert printed == library
    assert printed["findings"][0].keys() >= {"code", "township", "household_id", "before", "after"}


def test_cli_terminal_csv_and_workbook(months: tuple[Path, Path], tmp_path: Path) -> None:
    common = ["--year", YEAR, "--as-of", "2021-12-31"]
    shown = run("warn", *months, *common)
    assert (
        shown.exit_code == 0
        and "收入大幅下降" in shown.output
        and "最新一期缺失 1 户" in shown.output
    )
    csv_path = tmp_path / "warn.csv"
    assert run("warn", *months, *common, "-o", csv_path).exit_code == 0
    frame = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str)
    assert {"预警", "乡(镇)", "行政村", "户编号", "帮扶责任人", "之前", "最新", "建议措施"} <= set(
        frame
    )
    book_path = tmp_path / "warn.xlsx"
    assert run("warn", *months, *common, "-o", book_path).exit_code == 0
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames[:2] == ["概览", "按乡镇"]
    assert {"收入大幅下降", "户数变化", "快照", "数据问题", "参数"} <= set(book.sheetnames)
    changes = book["户数变化"]
    assert {c.value for c in changes["D"]} >= {"NEW", "GONE"}
    english = tmp_path / "warn_en.xlsx"
    assert run("warn", *months, *common, "-o", english, "--lang", "en").exit_code == 0
    assert "income falling" in openpyxl.load_workbook(english).sheetnames


def test_workbook_shows_before_and_latest_as_yuan_or_people(
    months: tuple[Path, Path], tmp_path: Path
) -> None:
    book_path = tmp_path / "warn.xlsx"
    result = run("warn", *months, "--year", YEAR, "--as-of", "2021-12-31", "-o", book_path)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(book_path)
    formats = {}
    for name in ("收入大幅下降", "新增患病或残疾"):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        columns = [header.index("之前") + 1, header.index("最新") + 1]
        formats[name] = {sheet.cell(2, c).number_format for c in columns}
    assert formats == {"收入大幅下降": {"#,##0.00"}, "新增患病或残疾": {"0"}}


def test_cli_usage_errors_exit_2(months: tuple[Path, Path]) -> None:
    for args in (
        ["warn", months[0]],
        ["warn", *months, "--since", "2021-12-01"],
        ["warn", *months, "--format", "xlsx"],
        ["warn", *months, "--as-of", "not a date"],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)


def test_cli_unprocessable_input_exits_1(months: tuple[Path, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.snapshot.json.gz"
    bad.write_bytes(b"broken")
    for args in (
        ["warn", bad, months[1]],
        ["warn", tmp_path / "missing.xlsx", months[1]],
        ["warn", *months, "--year", "2030"],
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output


def test_cli_archive_with_one_snapshot_exits_1(tmp_path: Path) -> None:
    folder = _workspace(tmp_path / "ws", home("ONLY", person(80)))
    api.report("test", workspace=folder, as_of=AS_OF)
    result = run("warn", "--county", "test", "--workspace", folder)
    assert result.exit_code == 1
    assert "只有 1 个快照" in result.output


def test_cli_roster_errors_exit_1(tmp_path: Path, months: tuple[Path, Path]) -> None:
    path = write_xlsx(tmp_path / "broken.xlsx", home("BROKEN", person(90, id_number="123")))
    result = run("warn", months[0], path, "--year", YEAR, "--as-of", "2021-12-31", "--quiet")
    assert result.exit_code == 1
