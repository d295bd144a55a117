"""A province county by county: same results as all at once, on either engine, nothing lost."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from fanpin import api, scale
from fanpin.cli.commands import app
from fanpin.errors import FanpinError
from fanpin.samples.province import county_codes, example_county
from fanpin.scale import Progress
from tests.rosters import issues_of

AS_OF = date(2022, 1, 15)
YEAR = 2021
CODES = county_codes(3)
KEYS = ["code", "household_id", "field", "value"]  # an issue, wherever its row ended up


def _classify(directory: Path, output: Path, **options: Any) -> scale.ProvinceResult:
    return api.province(directory, output, year=YEAR, as_of=AS_OF, **options)


def _households(output: Path) -> pd.DataFrame:
    frame = pd.read_parquet(output / "households")
    frame["partition"] = frame["partition"].astype(str)
    return frame.sort_values("household_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three small counties; the second in two files with its county column moved to the folder
    name (as pyarrow's partition_cols writes it) and a wrong ID check digit in its second file.
    """
    root = tmp_path_factory.mktemp("province")
    directory = root / "input"
    counties = [example_county(120, code, seed) for seed, code in enumerate(CODES)]
    first, second, third = counties
    first.to_parquet(_made(directory / f"county={CODES[0]}" / "part-0.parquet"), index=False)
    name = second["county"].iloc[0]
    split = int(second.index[second["household_id"].ne(second["household_id"].iloc[0])][40])
    bad_row = split + 7  # 0-based row of the whole county; row 7 of part-1
    good_id = second.at[bad_row, "id_number"]
    second.at[bad_row, "id_number"] = good_id[:17] + ("0" if good_id[17] != "0" else "1")
    folder = directory / f"county={name}"
    moved = second.drop(columns=["county"])
    moved.iloc[:split].to_parquet(_made(folder / "part-0.parquet"), index=False)
    moved.iloc[split:].to_parquet(_made(folder / "part-1.parquet"), index=False)
    third.to_csv(_made(directory / f"{CODES[2]}.csv"), index=False)
    (directory / "_SUCCESS").write_text("")
    (directory / "说明.md").write_text("not a roster")
    events: list[Progress] = []
    result = _classify(directory, root / "out", progress=events.append)
    return {
        "directory": directory,
        "output": root / "out",
        "members": [first, second, third],
        "result": result,
        "events": events,
        "bad": (second.at[bad_row, "household_id"], split, bad_row),
        "name": name,
    }


def _made(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_every_county_is_written_and_summed(province: dict[str, Any]) -> None:
    result: scale.ProvinceResult = province["result"]
    assert not result.failed
    assert result.errors == 1 and not result.ok  # the planted check digit
    assert [c["partition"] for c in result.counties] == sorted(
        [CODES[0], CODES[2], province["name"]]
    )
    members = province["members"]
    people = sum(len(m) for m in members)
    households = sum(m["household_id"].nunique() for m in members)
    assert result.total["people"] == people
    assert result.total["households"] == households
    assert result.total["counties"] == 3
    frame = _households(province["output"])
    assert len(frame) == households
    assert frame.groupby("partition")["size"].sum().to_dict() == {
        c["partition"]: c["people"] for c in result.counties
    }
    status_counts = frame["status"].value_counts().to_dict()
    assert status_counts == {k: v["households"] for k, v in result.total["by_status"].items()}
    summary = json.loads((province["output"] / "summary.json").read_text(encoding="utf-8"))
    assert summary["total"] == result.total
    assert summary["meta"]["ignored"] == ["说明.md"]
    assert len(summary["meta"]["inputs"]) == 4  # county 2 has two files
    counties = pd.read_csv(province["output"] / "counties.csv", encoding="utf-8-sig")
    assert counties["people"].tolist() == [c["people"] for c in result.counties]


def test_county_by_county_equals_all_at_once(province: dict[str, Any], tmp_path: Path) -> None:
    members = pd.concat(province["members"], ignore_index=True)
    whole = tmp_path / "whole.parquet"
    members.to_parquet(whole, index=False)
    once = api.classify(whole, year=YEAR, as_of=AS_OF)
    expected = scale.household_table(once.households)
    expected_path = tmp_path / "expected.parquet"
    scale._write_parquet(expected, scale.HOUSEHOLD_COLUMNS, expected_path)
    expected = pd.read_parquet(expected_path).sort_values("household_id").reset_index(drop=True)
    got = _households(province["output"])
    located = ["source_file", "first_row"]  # rows are numbered per file, not in the whole
    pd.testing.assert_frame_equal(
        got.drop(columns=[*located, "partition"]), expected.drop(columns=located)
    )
    summary = once.summary()
    for key in ("by_status", "by_category", "by_tier", "measures", "elimination"):
        assert province["result"].total[key] == summary[key]
    issues = pd.read_parquet(province["output"] / "issues")
    # An ID repeated in two counties is the one thing only the whole can see.
    whole_issues = once.issues.loc[once.issues["code"].ne("id_duplicate")]
    assert sorted(map(tuple, issues[KEYS].to_numpy().tolist())) == sorted(
        map(tuple, whole_issues[KEYS].to_numpy().tolist())
    )
    assert len(issues) >= 1


def test_issue_and_first_row_point_to_the_file_they_came_from(province: dict[str, Any]) -> None:
    household_id, split, bad_row = province["bad"]
    issues = pd.read_parquet(province["output"] / "issues")
    checksum = issues.loc[issues["code"].eq("id_checksum")]
    assert len(checksum) == 1
    issue = checksum.iloc[0]
    folder = f"county={province['name']}"
    assert issue["sheet"] == f"{folder}/part-1.parquet"
    assert issue["row"] == bad_row - split + 2  # header is row 1 of part-1
    assert issue["household_id"] == household_id
    frame = _households(province["output"])
    second = frame.loc[frame["partition"].eq(province["name"])]
    assert set(second["source_file"]) == {f"{folder}/part-0.parquet", f"{folder}/part-1.parquet"}
    assert second["first_row"].min() == 2


def test_hive_folder_value_restores_a_missing_county_column(province: dict[str, Any]) -> None:
    frame = _households(province["output"])
    second = frame.loc[frame["partition"].eq(province["name"])]
    assert set(second["county"]) == {province["name"]}
    third = frame.loc[frame["partition"].eq(CODES[2])]
    assert set(third["county"]) == {f"样例县{CODES[2]}"}


def test_progress_reports_start_and_every_county(province: dict[str, Any]) -> None:
    events: list[Progress] = province["events"]
    assert [e.done for e in events] == [0, 1, 2, 3]
    assert events[-1].bytes_done == events[-1].bytes_total > 0
    assert events[-1].people_done == province["result"].total["people"]


def test_dask_engine_gives_identical_results(province: dict[str, Any], tmp_path: Path) -> None:
    pytest.importorskip("dask")
    pytest.importorskip("distributed")
    result = scale.classify_province(
        province["directory"],
        tmp_path / "dask",
        year=YEAR,
        as_of=AS_OF,
        engine="dask",
        workers=2,
        processes=False,
    )
    pd.testing.assert_frame_equal(_households(tmp_path / "dask"), _households(province["output"]))
    for table in ("issues",):
        got = pd.read_parquet(tmp_path / "dask" / table)
        assert got.equals(pd.read_parquet(province["output"] / table))

    def timeless(counties: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in c.items() if k != "seconds"} for c in counties]

    assert timeless(result.counties) == timeless(province["result"].counties)
    assert result.total == province["result"].total
    assert result.meta["engine"] == "dask"


def test_a_county_that_cannot_be_read_is_listed_and_the_rest_done(tmp_path: Path) -> None:
    directory = tmp_path / "input"
    example_county(30, CODES[0], 1).to_csv(_made(directory / "good.csv"), index=False)
    (directory / "broken.csv").write_text("姓名,证件号码\n张三,x\n", encoding="utf-8")
    (directory / "county=empty").mkdir()
    result = _classify(directory, tmp_path / "out")
    assert not result.ok
    failed = {c["partition"]: c["error"] for c in result.failed}
    assert set(failed) == {"broken", "empty"}
    assert "缺少 户编号" in failed["broken"]  # in the run's language (zh by default)
    assert result.total["counties"] == 1 and result.total["counties_failed"] == 2
    assert (tmp_path / "out" / "households" / "partition=good" / "part-0.parquet").exists()
    counties = pd.read_csv(tmp_path / "out" / "counties.csv", encoding="utf-8-sig")
    assert counties.set_index("partition")["error"].notna().to_dict() == {
        "broken": True,
        "empty": True,
        "good": False,
    }


def test_csv_output_joins_lists(tmp_path: Path) -> None:
    directory = tmp_path / "input"
    members = example_county(60, CODES[0], 3)
    members.to_parquet(_made(directory / "a.parquet"), index=False)
    scale.classify_province(
        directory, tmp_path / "out", year=YEAR, as_of=AS_OF, output_format="csv"
    )
    frame = pd.read_csv(
        tmp_path / "out" / "households" / "partition=a" / "part-0.csv",
        encoding="utf-8-sig",
        dtype={"household_id": str},
        keep_default_na=False,
    )
    assert list(frame.columns) == list(scale.HOUSEHOLD_COLUMNS)
    assert len(frame) == members["household_id"].nunique()
    reasons = frame.loc[frame["reasons"].ne(""), "reasons"]
    assert reasons.str.fullmatch(r"[a-z_]+(;[a-z_]+)*").all() and len(reasons) > 0


def test_rerun_replaces_an_earlier_output_and_refuses_other_folders(tmp_path: Path) -> None:
    directory = tmp_path / "input"
    example_county(20, CODES[0], 1).to_parquet(_made(directory / "a.parquet"), index=False)
    example_county(20, CODES[1], 2).to_parquet(_made(directory / "b.parquet"), index=False)
    output = tmp_path / "out"
    _classify(directory, output)
    (directory / "b.parquet").unlink()
    _classify(directory, output)
    assert sorted(p.name for p in (output / "households").iterdir()) == ["partition=a"]
    foreign = tmp_path / "mine"
    (foreign / "notes.txt").parent.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(FanpinError, match="not empty"):
        _classify(directory, foreign)
    with pytest.raises(FanpinError, match="outside the input folder"):
        _classify(directory, directory / "out")
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_find_partitions_rejects_two_files_for_one_county(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x")
    (tmp_path / "a.parquet").write_text("x")
    with pytest.raises(FanpinError, match="more than one folder or file for county a"):
        scale.find_partitions(tmp_path)
    with pytest.raises(FanpinError, match="no roster files"):
        scale.find_partitions(_made(tmp_path / "empty" / "x").parent)


def test_classify_frame_equals_classify_of_the_file(tmp_path: Path) -> None:
    members = example_county(80, CODES[0], 5)
    members.loc[3, "wage_income"] = -5.0  # a problem, so issues are compared too
    path = tmp_path / "county.parquet"
    members.to_parquet(path, index=False)
    from_file = api.classify(path, year=YEAR, as_of=AS_OF)
    from_frame = scale.classify_frame(members, year=YEAR, as_of=AS_OF, name="county.parquet")
    pd.testing.assert_frame_equal(from_frame.households, from_file.households)
    assert issues_of(from_frame) == issues_of(from_file) and issues_of(from_file)


def test_cli_province(province: dict[str, Any], tmp_path: Path) -> None:
    runner = CliRunner()
    dates = ["--year", str(YEAR), "--as-of", AS_OF.isoformat()]
    english = [*dates, "--lang", "en"]
    clean = tmp_path / "clean"
    example_county(30, CODES[0], 1).to_parquet(_made(clean / "a.parquet"), index=False)
    done = runner.invoke(app, ["province", str(clean), "-o", str(tmp_path / "clean-out"), *english])
    assert done.exit_code == 0, done.output
    assert "1 counties, 30 households" in done.output
    assert (tmp_path / "clean-out" / "summary.json").exists()
    arguments = ["province", str(province["directory"]), "-o", str(tmp_path / "out")]
    errors = runner.invoke(app, [*arguments, *english])
    assert errors.exit_code == 1, errors.output  # a roster with errors, as classify
    total = province["result"].total
    assert f"3 counties, {total['households']:,} households" in errors.output
    assert "data problems: 1 errors" in errors.output
    quiet = runner.invoke(
        app, ["province", str(clean), "-o", str(tmp_path / "clean-out"), *dates, "--quiet"]
    )
    assert quiet.exit_code == 0 and quiet.output == ""
    usage = runner.invoke(app, [*arguments, *dates, "--engine", "pandas", "--workers", "2"])
    assert usage.exit_code == 2
    missing = runner.invoke(app, ["province", str(tmp_path / "nowhere"), "-o", "x", *dates])
    assert missing.exit_code == 1 and "找不到文件夹" in missing.output


def test_cli_exit_1_when_a_county_fails(tmp_path: Path) -> None:
    directory = tmp_path / "input"
    example_county(20, CODES[0], 1).to_csv(_made(directory / "good.csv"), index=False)
    (directory / "bad.xlsx").write_bytes(b"not a workbook")
    arguments = ["province", str(directory), "-o", str(tmp_path / "out"), "--year", "2021", "-q"]
    result = CliRunner().invoke(app, [*arguments, "--lang", "en"])
    assert result.exit_code == 1
    assert "county bad not processed" in result.output
    chinese = CliRunner().invoke(app, arguments)
    assert chinese.exit_code == 1
    assert "县 bad 未处理" in chinese.output


def test_cli_province_speaks_chinese_by_default(tmp_path: Path) -> None:
    """Under the default --lang zh the summary is Chinese: no English word a person reads."""
    clean = tmp_path / "clean"
    example_county(30, CODES[0], 1).to_parquet(_made(clean / "a.parquet"), index=False)
    dates = ["--year", str(YEAR), "--as-of", AS_OF.isoformat()]
    done = CliRunner().invoke(
        app, ["province", str(clean), "-o", str(tmp_path / "out"), *dates], terminal_width=200
    )
    assert done.exit_code == 0, done.output
    assert "1 个县，30 户" in done.output
    assert "按监测状态（户）" in done.output and "合计" in done.output
    assert "监测中" in done.output and "已写入" in done.output
    words = done.output.replace("counties.csv", "").replace("households/", "")
    for english in ("counties", "households", "by status", "total", "wrote", "profile"):
        assert english not in words, english


def test_province_tables_carry_the_escaped_track_and_the_elimination_action(
    tmp_path: Path,
) -> None:
    """From 2026 every 脱贫户 is sorted (continue / exit, with reason codes), and an
    eliminated household at risk again is to be re-identified: the flat table says both,
    as classify's JSON does, and the risk factors are the JSON's too."""
    roster = tmp_path / "roster.parquet"
    example_county(150, CODES[0], 3).to_parquet(roster, index=False)
    result = api.classify(
        roster, profile="national-2026", year=2026, as_of=date(2026, 3, 31), lines={2026: 7600}
    )
    table = scale.household_table(result.households)
    records = {r["household_id"]: r for r in result.to_dict(everyone=True)["households"]}

    sorted_ = table.loc[table["escaped_track"].notna()]
    assert not sorted_.empty
    for row in table.itertuples():
        record = records[row.household_id]
        track = record["escaped_track"]
        assert row.escaped_track == (track["proposal"] if track else None)
        assert row.escaped_track_reasons == ([r["code"] for r in track["reasons"]] if track else [])
        elimination = record["elimination"]
        assert row.elimination_action == (elimination["action"] if elimination else None)
        assert row.risk_factors == [f["code"] for f in record["risk_factors"]]
    scale._write_parquet(table, scale.HOUSEHOLD_COLUMNS, tmp_path / "households.parquet")
    assert scale._csv_text(table, scale.HOUSEHOLD_COLUMNS)
