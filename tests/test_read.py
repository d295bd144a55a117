"""Tests for fanpin.io.read: the header, true Excel row numbers, sheets, encodings, errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from fanpin.errors import FanpinError
from fanpin.io.read import ROW, _dictionary_codes, read_roster
from fanpin.io.schema import BY_NAME, REQUIRED, match_header
from fanpin.io.validate import validate_table
from tests.conftest import MakeRoster
from tests.rosters import (
    VERTICAL_FIELDS,
    columns_of,
    header,
    household,
    member,
    national,
    rename,
    write_xlsx,
)


@pytest.fixture(autouse=True, params=["streamed", "calamine"])
def xlsx_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test reads through both .xlsx paths: streamed (python-calamine-plus, when
    installed) and python-calamine's whole-sheet load."""
    if request.param == "calamine":
        monkeypatch.setenv("FANPIN_XLSX_READER", "calamine")
    else:
        monkeypatch.delenv("FANPIN_XLSX_READER", raising=False)
    return str(request.param)


def two_households() -> list[dict[str, object]]:
    return household("H001", 2) + household("H002", 1, first_order=3)


@pytest.mark.parametrize("title_rows", [1, 2, 3])
def test_header_found_below_title_rows(make_roster: MakeRoster, title_rows: int) -> None:
    table = read_roster(make_roster(two_households(), title_rows=title_rows))

    assert table.header_row == title_rows + 1
    assert table.frame[ROW].tolist() == [title_rows + 2, title_rows + 3, title_rows + 4]
    assert table.frame["name"].tolist() == ["成员1", "成员2", "成员3"]
    assert table.headers["household_id"] == header("household_id")


def test_two_level_merged_header(make_roster: MakeRoster) -> None:
    table = read_roster(make_roster(two_households(), title_rows=2, group_header=True))

    # 2 title rows + 2 header rows: the first person is on Excel row 5.
    assert table.header_row == 4
    assert table.frame[ROW].tolist() == [5, 6, 7]
    for name in VERTICAL_FIELDS:  # merged vertically: text only in the upper row
        assert table.headers[name] == header(name)
    assert table.frame["household_id"].tolist() == ["H001", "H001", "H002"]
    assert table.frame["county"].tolist() == ["资兴市"] * 3
    # Fields under a merged group title come from the lower row.
    assert table.frame["wage_income"].tolist() == [10000, 10000, 10000]
    assert "收入情况" not in table.frame.columns
    assert "收入情况" not in table.unknown_columns


def test_empty_top_row_still_counts(make_roster: MakeRoster) -> None:
    table = read_roster(make_roster(two_households(), start_row=2))

    assert table.header_row == 2
    assert table.frame[ROW].tolist() == [3, 4, 5]


def test_blank_spacing_rows_skipped_with_true_row_numbers(make_roster: MakeRoster) -> None:
    rows = [*household("H001", 2), None, None, *household("H002", 1, first_order=3)]
    table = read_roster(make_roster(rows, title_rows=1))

    assert table.frame[ROW].tolist() == [3, 4, 7]
    assert table.frame["household_id"].tolist() == ["H001", "H001", "H002"]


def test_blank_rows_skipped_in_csv(make_roster: MakeRoster) -> None:
    rows = [*household("H001", 1), None, *household("H002", 1, first_order=2)]
    table = read_roster(make_roster(rows, "roster.csv"))

    assert table.frame[ROW].tolist() == [2, 4]


def test_first_sheet_without_roster_columns_is_skipped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        household("H001", 2),
        sheet="花名册",
        sheets_before={
            "说明": [["填表说明"], ["户编号", "姓名"], ["H9", "李四"]],
            "汇总": [["乡(镇)", "户数"], ["唐洞街道", 3]],
        },
    )
    table = read_roster(path)

    assert table.sheet == "花名册"
    assert table.frame["name"].tolist() == ["成员1", "成员2"]


def test_sheet_argument_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet_name, rows in [
        ("2023年", household("OLD1", 1)),
        ("2024年", household("NEW1", 2)),
    ]:
        ws = workbook.create_sheet(sheet_name)
        columns = columns_of(rows)
        ws.append(columns)
        for row in rows:
            ws.append([row[c] for c in columns])
    workbook.save(path)

    assert read_roster(path).sheet == "2023年"
    chosen = read_roster(path, sheet="2024年")
    assert chosen.sheet == "2024年"
    assert chosen.frame["household_id"].tolist() == ["NEW1", "NEW1"]


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        household("H001", 1),
        sheet="花名册",
        sheets_before={"说明": [["填表说明"]]},
    )
    with pytest.raises(FanpinError) as caught:
        read_roster(path, sheet="Sheet9")
    message = str(caught.value)
    assert "Sheet9" in message
    assert "说明" in message and "花名册" in message


def test_chosen_sheet_without_required_columns_names_them(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        household("H001", 1),
        sheets_before={"说明": [["户编号", "姓名"], ["H9", "李四"]]},
    )
    with pytest.raises(FanpinError, match="证件号码"):
        read_roster(path, sheet="说明")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(make_roster: MakeRoster, encoding: str) -> None:
    rows = household("H001", 2, county="资兴市", village="黄草镇龙溪村")
    table = read_roster(make_roster(rows, "roster.csv", encoding=encoding))

    assert table.sheet == "roster.csv"
    assert table.header_row == 1
    assert table.frame[ROW].tolist() == [2, 3]
    assert table.frame["name"].tolist() == ["成员1", "成员2"]
    assert table.frame["village"].tolist() == ["黄草镇龙溪村"] * 2
    assert table.frame["relation"].tolist() == ["户主", "配偶"]
    # The BOM must not stick to the first header.
    assert table.headers["county"] == header("county")


def test_csv_bytes_neither_utf8_nor_gbk(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("户编号,姓名,证件号码\n".encode() + b"H1,\xff\xfe\x80,1\n")
    with pytest.raises(FanpinError) as caught:
        read_roster(path)
    message = str(caught.value)
    assert "UTF-8" in message and "GB" in message
    assert "bad.csv" in message


def test_csv_below_a_title_line(tmp_path: Path, make_roster: MakeRoster) -> None:
    body = make_roster(household("H001", 2), "body.csv").read_text(encoding="utf-8")
    path = tmp_path / "titled.csv"
    path.write_text("2024年防止返贫监测对象花名册\n" + body, encoding="utf-8")
    table = read_roster(path)

    assert table.header_row == 2
    assert table.frame[ROW].tolist() == [3, 4]


def test_tab_separated_text(tmp_path: Path) -> None:
    rows = household("H001", 2)
    columns = list(rows[0])
    lines = ["\t".join(columns), *("\t".join(str(r[c]) for c in columns) for r in rows)]
    path = tmp_path / "roster.txt"
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")
    table = read_roster(path)

    assert table.frame["name"].tolist() == ["成员1", "成员2"]
    assert table.frame["household_type"].tolist() == ["脱贫户", "脱贫户"]


def test_utf16_unicode_text(tmp_path: Path) -> None:
    # Excel's "Unicode text (*.txt)": UTF-16 with a BOM, tab-separated.
    rows = household("H001", 2)
    columns = list(rows[0])
    lines = ["\t".join(columns), *("\t".join(str(r[c]) for c in columns) for r in rows)]
    path = tmp_path / "roster.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-16")
    table = read_roster(path)

    assert table.frame["name"].tolist() == ["成员1", "成员2"]
    assert table.frame[ROW].tolist() == [2, 3]


def test_csv_quoted_thousands_separator(make_roster: MakeRoster) -> None:
    rows = household("H001", 2, wage_income="10,000", reported_per_capita_income=6000)
    table = read_roster(make_roster(rows, "roster.csv", encoding="gb18030"))

    assert table.frame["wage_income"].tolist() == ["10,000", "10,000"]
    assert table.frame["business_income"].tolist() == ["2000", "2000"]


def test_parquet(tmp_path: Path) -> None:
    rows = household("H001", 2)
    path = tmp_path / "roster.parquet"
    pd.DataFrame(rows).to_parquet(path)
    table = read_roster(path)

    assert table.sheet == "roster.parquet"
    assert table.frame[ROW].tolist() == [2, 3]
    assert table.frame["name"].tolist() == ["成员1", "成员2"]
    assert table.headers["id_number"] == header("id_number")


def test_parquet_distinct_cells_are_factorize_s_over_row_groups(tmp_path: Path) -> None:
    # Text columns are read as Arrow dictionaries; several row groups each bring their
    # own, and blanks come as nulls: codes and values must be pandas.factorize's.
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = household("H001", 3, village="西村") + household("H002", 2, village=None)
    rows += household("H003", 2, village="东村")
    frame = pd.DataFrame(rows)
    path = tmp_path / "roster.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=3)
    table = read_roster(path)

    for name in ("village", "name", "relation"):
        expected_codes, expected_values = pd.factorize(frame[header(name)])
        found = table.distinct(name)
        assert found is not None, name
        assert found[0].tolist() == expected_codes.tolist(), name
        assert found[1].tolist() == list(expected_values), name
    assert table.frame["village"].tolist() == ["西村"] * 3 + [None] * 2 + ["东村"] * 2


def test_parquet_with_a_header_twice_takes_the_first(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    frame = pd.DataFrame(household("H001", 2))
    names = [*frame.columns, header("name")]
    arrays = [pa.array(frame[c].tolist()) for c in frame.columns] + [pa.array(["甲", "乙"])]
    path = tmp_path / "roster.parquet"
    pq.write_table(pa.Table.from_arrays(arrays, names=names), path)

    assert read_roster(path).frame["name"].tolist() == ["成员1", "成员2"]


def test_dictionary_codes_in_order_of_first_use() -> None:
    # Dictionaries a writer sorted, with a value no row uses, in two chunks.
    pa = pytest.importorskip("pyarrow")
    first = pa.DictionaryArray.from_arrays(pa.array([1, 1, 0, None]), pa.array(["z", "b", "a"]))
    second = pa.DictionaryArray.from_arrays(pa.array([2, 0]), pa.array(["a", "c", "乙"]))
    codes, values = _dictionary_codes(pa.chunked_array([first, second]))

    expected_codes, expected_values = pd.factorize(
        np.array(["b", "b", "z", None, "乙", "a"], dtype=object)
    )
    assert codes.tolist() == expected_codes.tolist()
    assert values.tolist() == list(expected_values)


@pytest.mark.parametrize(
    "written",
    [
        "人均纯收入（元）",
        "人均纯收入",
        "人均纯收入(元)",
        " 人均 纯收入 ",
        "reported_per_capita_income",
    ],
)
def test_header_aliases(make_roster: MakeRoster, written: str) -> None:
    rows = rename(household("H001", 1), {header("reported_per_capita_income"): written})
    table = read_roster(make_roster(rows))

    assert table.headers["reported_per_capita_income"] == written.strip()
    assert table.frame["reported_per_capita_income"].tolist() == [12000]
    assert table.unknown_columns == []


def test_english_canonical_headers(make_roster: MakeRoster) -> None:
    rows = household("H001", 2)
    rows = rename(rows, {f.header: f.name for f in BY_NAME.values()})
    table = read_roster(make_roster(rows, "english.csv"))

    assert set(table.frame.columns) >= {f.name for f in REQUIRED}
    assert table.headers["household_id"] == "household_id"
    assert table.frame["id_number"].tolist() == [r["id_number"] for r in rows]  # type: ignore[index]


def test_other_aliases(make_roster: MakeRoster) -> None:
    rows = [member(work_months=6)]
    rows = rename(
        rows,
        {
            header("id_number"): "身份证号码",
            header("work_months"): "务工时间（月）",
            header("household_id"): "户码",
        },
    )
    table = read_roster(make_roster(rows))

    assert table.headers["id_number"] == "身份证号码"
    assert table.headers["work_months"] == "务工时间（月）"
    assert table.headers["household_id"] == "户码"
    assert table.frame["work_months"].tolist() == [6]


def test_unknown_columns_are_kept_aside(make_roster: MakeRoster) -> None:
    rows = [{**member(), "备注": "新增"}]
    table = read_roster(make_roster(rows))

    assert table.unknown_columns == ["备注"]
    assert "备注" not in table.frame.columns


@pytest.mark.parametrize("name", ["roster.xlsx", "roster.csv"])
def test_missing_required_column(make_roster: MakeRoster, name: str) -> None:
    rows = [{k: v for k, v in member().items() if k != header("id_number")}]
    with pytest.raises(FanpinError) as caught:
        read_roster(make_roster(rows, name))
    message = str(caught.value)
    assert "missing column 证件号码 (id_number)" in message
    found = message.split("found:", 1)[1]
    for present in (header("household_id"), header("name"), header("relation")):
        assert present in found
    assert header("id_number") not in found


def test_missing_two_required_columns_names_both(make_roster: MakeRoster) -> None:
    drop = {header("id_number"), header("relation")}
    rows = [{k: v for k, v in member().items() if k not in drop}]
    with pytest.raises(FanpinError) as caught:
        read_roster(make_roster(rows))
    assert "证件号码" in str(caught.value) and "与户主关系" in str(caught.value)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(FanpinError, match="empty"):
        read_roster(path)


def test_text_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("户编号,姓名\nH1,张三\n", encoding="utf-8")
    with pytest.raises(FanpinError) as caught:
        read_roster(path)
    message = str(caught.value)
    assert "notes.xlsx" in message
    assert "cannot be read as an Excel workbook" in message
    assert "password" not in message


def test_password_protected_xlsx(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE compound file, not a zip.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00junk" * 200)
    with pytest.raises(FanpinError) as caught:
        read_roster(path)
    assert "password" in str(caught.value)
    assert "locked.xlsx" in str(caught.value)


@pytest.mark.parametrize("suffix", [".json", ".docx", ""])
def test_unsupported_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"roster{suffix}"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(FanpinError, match="unsupported file type"):
        read_roster(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FanpinError, match="file not found"):
        read_roster(tmp_path / "nope.xlsx")


def test_header_without_data_rows(make_roster: MakeRoster) -> None:
    path = make_roster([member()])
    workbook = load_workbook(path)
    workbook.active.delete_rows(2)
    workbook.save(path)
    with pytest.raises(FanpinError, match="no data rows"):
        read_roster(path)


def test_no_header_anywhere(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [{"甲": 1, "乙": 2}])
    with pytest.raises(FanpinError, match="no roster header"):
        read_roster(path)


def test_values_kept_as_read(make_roster: MakeRoster) -> None:
    rows = [member(wage_income=10000, id_number="43108119800101001x")]
    table = read_roster(make_roster(rows))

    # Typing is validation's job: numbers stay numbers, text stays as written.
    assert table.frame["wage_income"].iloc[0] == 10000
    assert table.frame["id_number"].iloc[0] == "43108119800101001x"
    assert len(table.sha256) == 64


def test_sheet_starting_right_of_column_a_keeps_columns_rows_and_merges(tmp_path: Path) -> None:
    headers = [BY_NAME[n].header for n in ("household_id", "name", "id_number", "relation")]
    headers.append(BY_NAME["household_type"].header)
    workbook = Workbook()
    sheet = workbook.active
    for offset, text in enumerate(headers):
        sheet.cell(3, 3 + offset, text)  # header in row 3, from column C
    for offset, value in enumerate(["H1", "张三", "43108119800101001X", "户主", "脱贫户"]):
        sheet.cell(5, 3 + offset, value)  # one blank row, then the records from Excel row 5
    for offset, value in enumerate([None, "李四", "431081198001010021", "配偶", "脱贫户"]):
        sheet.cell(6, 3 + offset, value)
    sheet.merge_cells("C5:C6")  # 户编号 merged down the household, in absolute coordinates
    path = tmp_path / "offset.xlsx"
    workbook.save(path)

    table = read_roster(path)

    assert table.header_row == 3
    assert table.frame["_row"].tolist() == [5, 6]
    assert table.frame["household_id"].tolist() == ["H1", "H1"]
    assert table.frame["name"].tolist() == ["张三", "李四"]


def test_household_cells_merged_down_member_rows_are_repeated(tmp_path: Path) -> None:
    names = ("household_id", "name", "id_number", "relation", "household_type")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([BY_NAME[n].header for n in names])
    sheet.append(["H1", "张三", "43108119800101001X", "户主", "脱贫户"])
    sheet.append([None, "李四", "431081198001010021", "配偶", None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("E2:E3")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)

    table = read_roster(path)

    assert table.frame["household_id"].tolist() == ["H1", "H1"]
    assert table.frame["household_type"].tolist() == ["脱贫户", "脱贫户"]
    assert table.frame["_row"].tolist() == [2, 3]


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ("县(市、区、旗)", "county"),
        ("县", "county"),
        ("乡", "township"),
        ("乡(镇)", "township"),
        ("村", "village"),
        ("行政村", "village"),
        ("致贫/返贫风险1", "declared_risk_1"),
        ("致贫／返贫风险5", "declared_risk_5"),
        ("致贫返贫风险3", "declared_risk_3"),
        ("在校生状况", "schooling"),
        ("文化程度", "education_level"),
        ("务工时间（月）", "work_months"),
        ("务工所在地", "work_place"),
        ("是否已务工", "working"),
        ("是否参加新型农村合作医疗（城乡居民基本医疗保险）", "medical_insurance"),
        ("是否参加城镇职工基本医疗保险", "employee_insurance"),
        ("是否参加大病保险", "serious_illness_insurance"),
        ("是否参加城乡居民基本养老保险", "pension_insurance"),
        ("是否享受低保", "dibao"),
        ("是否特困供养人员", "tekun"),
        ("是否义务教育阶段适龄儿童少年失学辍学", "compulsory_dropout"),
        ("人均纯收入（元）", "reported_per_capita_income"),
        ("产业帮扶", "measure_industry"),
        ("就业帮扶", "measure_employment"),
        ("金融帮扶", "measure_finance"),
        ("公益岗位帮扶", "measure_public_job"),
        ("公益性岗位", "measure_public_job"),
        ("健康帮扶", "measure_health"),
        ("教育帮扶", "measure_education"),
        ("综合保障", "measure_social_security"),
        ("住房安全保障", "measure_housing"),
        ("饮水安全保障", "measure_water"),
        ("社会帮扶", "measure_social"),
        ("搬迁", "measure_relocation"),
        ("实施开发式帮扶措施情况", "development_measures"),
    ],
)
def test_national_export_spellings_are_the_same_fields(written: str, field: str) -> None:
    assert match_header(written) == field


@pytest.mark.parametrize(
    "written", ["省", "市", "人口编号", "出生日期", "证件类型", "民族", "年度", "政治面貌"]
)
def test_national_export_columns_fanpin_does_not_use_match_nothing(written: str) -> None:
    assert match_header(written) is None


def test_national_export_header_on_row_three_with_unknown_columns_kept_aside(
    make_roster: MakeRoster,
) -> None:
    rows = [
        {"省": "湖南省", **row, "人口编号": f"P{i}", "民族": "汉族"}
        for i, row in enumerate(national(two_households()))
        if row is not None
    ]
    table = read_roster(make_roster(rows, title_rows=2))

    assert table.header_row == 3
    assert table.frame[ROW].tolist() == [4, 5, 6]
    assert table.headers["township"] == "乡"
    assert table.frame["township"].tolist() == ["唐洞街道"] * 3
    assert table.unknown_columns == ["省", "人口编号", "民族"]
    assert "省" not in table.frame.columns


EXAMPLE_DATA = Path(__file__).resolve().parents[1] / "examples" / "workspace" / "data" / "zixing"


@pytest.mark.parametrize("name", ["roster.xlsx", "messy_roster.xlsx"])
def test_streamed_and_loaded_sheets_read_the_same(
    name: str, xlsx_reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("python_calamine_plus")
    streamed = read_roster(EXAMPLE_DATA / name)
    monkeypatch.setenv("FANPIN_XLSX_READER", "calamine")
    loaded = read_roster(EXAMPLE_DATA / name)

    pd.testing.assert_frame_equal(streamed.frame, loaded.frame)
    for column in loaded.frame.columns:  # the same types too: 3.0 stays a float, not 3
        assert [type(v) for v in streamed.frame[column]] == [type(v) for v in loaded.frame[column]]
    assert (streamed.headers, streamed.header_row) == (loaded.headers, loaded.header_row)


def test_equal_texts_share_one_object_in_the_table(make_roster: MakeRoster) -> None:
    """A county repeats its townships and answers: the cells hold one text object each,
    not one copy per cell (memory), and numbers equal to True stay numbers."""
    rows = household("H001", 3) + household("H002", 2, first_order=4)
    table = read_roster(make_roster(rows))

    townships = table.frame["township"].tolist()
    assert len({id(t) for t in townships}) == 1
    assert all(type(v) is not bool for v in table.frame["wage_income"])


def test_error_cells_read_as_blank_and_whole_numbers_as_float(tmp_path: Path) -> None:
    """A VLOOKUP that failed (#N/A) is a blank cell, as python-calamine reads it, on
    either path; 3 written as a whole number is 3.0 on both."""
    headers = [BY_NAME[n].header for n in ("household_id", "name", "id_number", "relation")]
    headers += [BY_NAME["household_type"].header, BY_NAME["wage_income"].header]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    sheet.append(["H1", "张三", "43108119800101001X", "户主", "脱贫户", 3])
    error = sheet.cell(2, 2)
    error.value = "#N/A"
    error.data_type = "e"
    path = tmp_path / "errors.xlsx"
    workbook.save(path)

    table = read_roster(path)

    assert table.frame["name"].tolist() == [""]
    wage = table.frame["wage_income"].iloc[0]
    assert wage == 3 and type(wage) is float


@pytest.mark.parametrize("name", ["messy_roster.xlsx", "roster.xlsx"])
def test_the_readers_distinct_cells_are_what_validation_finds_itself(name: str) -> None:
    """The reader hands validation each column's distinct cells (it works them out anyway
    while reading); validating with them or without gives the same members and issues."""
    with_codes = read_roster(EXAMPLE_DATA / name)
    assert with_codes._distinct  # the reader made them
    without = read_roster(EXAMPLE_DATA / name)
    without._distinct.clear()
    for name_, (codes, uniques, _) in with_codes._distinct.items():
        expected_codes, expected_uniques = pd.factorize(with_codes.frame[name_])
        assert codes.tolist() == expected_codes.tolist()
        assert [(type(u), u) for u in uniques] == [(type(u), u) for u in expected_uniques]

    as_of = date(2021, 12, 31)
    first, second = validate_table(with_codes, as_of=as_of), validate_table(without, as_of=as_of)
    pd.testing.assert_frame_equal(first.members, second.members)
    pd.testing.assert_frame_equal(first.issues, second.issues)
