"""Tests for `fanpin notice`: who is listed, period, print setup, privacy, village names."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from fanpin import api
from fanpin.campaigns.notice import Notice, build_notice
from fanpin.cli.commands import app
from fanpin.errors import FanpinError
from fanpin.outputs.notice import default_notice_path, write_notice
from fanpin.outputs.write import lines_needed
from fanpin.rules.profiles import load_profile
from tests.rosters import household, valid_id, write_xlsx

runner = CliRunner()
START = date(2021, 12, 1)
EXAMPLE_ROSTER = (
    Path(__file__).parents[1] / "examples" / "workspace" / "data" / "zixing" / "roster.xlsx"
)

ID_NUMBER = re.compile(r"(?<![0-9])\d{17}[0-9Xx](?![0-9])")
MASKED_ID = re.compile(r"\d{4}\*{6,}\d{3}[0-9Xx*]")
PHONE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
BANK_CARD = re.compile(r"(?<![0-9])\d{16,19}(?![0-9])")
HEALTH_WORDS = ("健康", "慢性病", "大病", "残疾", "患有", "因病", "因残", "医保", "未参加")

POOR = {"wage_income": 3000, "business_income": 0, "transfer_income": 0, "business_expense": 0}


def tiny_rows() -> list[dict[str, Any]]:
    """新市村 (唐洞街道): H001 proposed (a member 患有大病, cadre phone on record), H002
    identified 202112, H003 identified 202103 and now eligible for elimination, H004 not
    at risk, H006 eliminated 202112; 东坪村: H005 proposed."""
    return (
        household(
            "H001",
            2,
            first_order=1,
            household_type="一般农户",
            health="患有大病",
            cadre="李四",
            cadre_phone="13812345678",
            monitored_since="",
            **POOR,
        )
        + household(
            "H002",
            2,
            first_order=3,
            recorded_category="脱贫不稳定户",
            monitored_since="202112",
            declared_risk_1="因学",
            health="残疾",
            **POOR,
        )
        + household(
            "H003",
            3,
            first_order=5,
            household_type="一般农户",
            recorded_category="边缘易致贫户",
            monitored_since="202103",
            wage_income=30000,
            measures_received="产业奖补",
            declared_risk_1="因病",
        )
        + household("H004", 2, first_order=8, wage_income=40000, monitored_since="")
        + household("H005", 1, first_order=10, village="东坪村", monitored_since="", **POOR)
        + household(
            "H006",
            2,
            first_order=11,
            recorded_category="突发严重困难户",
            monitored_since="202105",
            wage_income=30000,
            measures_received="产业奖补",
            declared_risk_1="因意外事故",
            risk_eliminated="是",
            elimination_method="帮扶消除",
            eliminated_month="202112",
        )
    )


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("tiny") / "roster.xlsx", tiny_rows())


@pytest.fixture(scope="module")
def example_classification() -> api.Classification:
    return api.classify(EXAMPLE_ROSTER, profile="zixing", as_of=START)


@pytest.fixture(scope="module")
def classified(tiny: Path) -> api.Classification:
    return api.classify(tiny, as_of=START)


NON_HEALTH = load_profile("national").procedure.model_copy(
    update={"notice_risk_types": "non_health", "objection_phone": "0735-3322110"}
)


@pytest.fixture(scope="module")
def notice_of(classified: api.Classification) -> Any:
    """``build_notice`` over the tiny roster's classification (national profile, or the
    ``settings`` given)."""

    def make(village: str = "新市村", kind: str = "identification", **options: Any) -> Notice:
        options.setdefault("start", START)
        options.setdefault("settings", load_profile("national").procedure)
        return build_notice(classified, village=village, kind=kind, source="roster.xlsx", **options)

    return make


def heads(notice: Notice) -> list[str]:
    return [row.head_name for row in notice.rows]


# -- who is listed ---------------------------------------------------------------------------


def test_identification_lists_proposed_and_identified_this_month(tiny: Path) -> None:
    notice = api.notice(tiny, village="新市村", start=START)

    assert heads(notice) == ["成员1", "成员3"]
    first, second = notice.rows
    assert (first.number, first.size, first.category, first.risks) == (1, 2, "边缘易致贫户", "")
    assert (second.category, second.risks, second.method) == ("脱贫不稳定户", "", None)
    assert notice.title == "资兴市唐洞街道新市村防止返贫监测对象识别公示"
    assert notice.columns == ["序号", "户主姓名", "家庭人口数", "监测对象类别"]  # no risk type
    assert notice.phone == ""  # no phone in the profile: the printed notice has a line for it
    assert "拟将以下 2 户纳入防止返贫监测对象" in notice.intro
    assert notice.signature == "新市村村民委员会" and notice.signed_on == "2021年12月1日"
    assert notice.contact == load_profile("national").procedure.objection_contact


def test_elimination_lists_eligible_and_eliminated_this_month(notice_of: Any) -> None:
    notice = notice_of(kind="elimination")

    assert heads(notice) == ["成员5", "成员11"]
    assert [r.method for r in notice.rows] == ["帮扶消除", "帮扶消除"]
    assert [r.category for r in notice.rows] == ["边缘易致贫户", "突发严重困难户"]
    assert notice.rows[1].risks == ""
    assert notice.title.endswith("新市村防止返贫监测对象风险消除公示")
    assert "风险消除方式" in notice.columns


def test_non_health_risk_types_only_when_the_profile_says_so(notice_of: Any) -> None:
    identification = notice_of(settings=NON_HEALTH)
    elimination = notice_of(kind="elimination", settings=NON_HEALTH)

    assert identification.columns[-1] == "主要风险"
    # H001 has only 因病 (health): 收入偏低; H002 因残 (health) and 因学: 因学 alone
    assert [r.risks for r in identification.rows] == ["收入偏低", "因学"]
    assert elimination.rows[1].risks == "因意外事故"
    assert identification.phone == "0735-3322110"


def test_profile_refuses_a_mobile_phone_or_an_unknown_risk_setting() -> None:
    settings = load_profile("national").procedure
    with pytest.raises(ValueError, match="objection_phone holds a mobile number"):
        type(settings).model_validate({"objection_phone": "13812345678"})
    with pytest.raises(ValueError, match="notice_risk_types"):
        type(settings).model_validate({"notice_risk_types": "all"})


def test_another_month_lists_only_proposed(notice_of: Any) -> None:
    notice = notice_of(start=date(2021, 11, 20))
    assert heads(notice) == ["成员1"]


def test_rows_match_the_classification_of_the_example(example_classification: Any) -> None:
    settings = load_profile("zixing").procedure
    households = example_classification.households
    for village in ("石岩村", "瑶岗村", "龙头村"):
        notice = build_notice(
            example_classification, village=village, start=START, settings=settings
        )
        here = households.loc[households["village"].eq(village)]
        expected = here.loc[
            here["status"].eq("proposed")
            | (here["recorded_category"].notna() & here["monitored_since"].eq("202112"))
        ]
        assert heads(notice) == expected["head_name"].tolist()
        assert [r.size for r in notice.rows] == expected["size"].tolist()


# -- the notice period ---------------------------------------------------------------------


def test_period_is_at_least_the_profile_minimum(tiny: Path, notice_of: Any) -> None:
    notice = notice_of()
    assert (notice.start, notice.end, notice.days) == (START, date(2021, 12, 5), 5)
    assert notice.period == "公示时间：2021年12月1日至2021年12月5日（共 5 天）"

    longer = notice_of(days=7)
    assert longer.end == date(2021, 12, 7) and "（共 7 天）" in longer.period

    with pytest.raises(FanpinError, match="at least 5 days.*--days 4 is too short"):
        api.notice(tiny, village="新市村", start=START, days=4)  # before reading the roster


# -- village names ---------------------------------------------------------------------------


def test_unknown_village_lists_villages_closest_first(notice_of: Any) -> None:
    with pytest.raises(FanpinError) as caught:
        notice_of(village="新世村")

    message = str(caught.value)
    assert "no village '新世村' in roster.xlsx" in message
    assert message.index("新市村（唐洞街道）") < message.index("东坪村（唐洞街道）")


def test_village_in_two_townships_needs_township(tmp_path: Path) -> None:
    rows = tiny_rows() + household(
        "H007", 1, first_order=20, township="州门镇", monitored_since="", **POOR
    )
    path = write_xlsx(tmp_path / "roster.xlsx", rows)

    with pytest.raises(FanpinError, match="more than one township.*add --township"):
        api.notice(path, village="新市村", start=START)
    notice = api.notice(path, village="新市村", township="州门镇", start=START)
    assert heads(notice) == ["成员20"] and notice.township == "州门镇"
    with pytest.raises(FanpinError, match="no township '州门'"):
        api.notice(path, village="新市村", township="州门", start=START)


def test_households_with_data_errors_are_counted(tmp_path: Path) -> None:
    rows = tiny_rows()
    rows[0]["工资性收入"] = "三千"  # H001 cannot be assessed
    notice = api.notice(write_xlsx(tmp_path / "roster.xlsx", rows), village="新市村", start=START)
    assert notice.not_assessed == 1 and "成员1" not in heads(notice)


# -- the printed workbook ----------------------------------------------------------------------


def sensitive(path: Path) -> list[str]:
    """Every ID number, phone, bank-card-like number or health word anywhere in a workbook."""
    book = load_workbook(path)
    texts: list[str] = []
    for sheet in book.worksheets:
        texts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            texts.extend(str(v) for v in row if v is not None)
        for part in (
            sheet.oddHeader,
            sheet.oddFooter,
            sheet.evenHeader,
            sheet.evenFooter,
            sheet.firstHeader,
            sheet.firstFooter,
        ):
            for side in (part.left, part.center, part.right):
                texts.append(side.text or "")
    hits = []
    for text in texts:
        for pattern in (ID_NUMBER, MASKED_ID, PHONE, BANK_CARD):
            hits += pattern.findall(text)
        hits += [word for word in HEALTH_WORDS if word in text]
    return hits


def test_scanner_finds_what_it_looks_for(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([valid_id(), "13812345678", "6222021234567890123", "患有大病"])
    sheet.oddFooter.center.text = "4310**********0016"
    book.save(tmp_path / "control.xlsx")
    hits = sensitive(tmp_path / "control.xlsx")
    assert valid_id() in hits and "13812345678" in hits and "6222021234567890123" in hits
    assert "患有" in hits and "4310**********0016" in hits


def test_notices_hold_no_id_phone_bank_or_health(
    notice_of: Any, example_classification: Any, tmp_path: Path
) -> None:
    written = []
    for kind in ("identification", "elimination"):
        written.append((notice_of(kind=kind), tmp_path / f"tiny_{kind}.xlsx"))
        shown = notice_of(kind=kind, settings=NON_HEALTH)  # risk types, never health ones
        written.append((shown, tmp_path / f"tiny_{kind}_non_health.xlsx"))
    settings = load_profile("zixing").procedure
    for village, kind in (("石岩村", "identification"), ("瑶岗村", "identification")) + (
        ("龙头村", "elimination"),
        ("清江村", "elimination"),
    ):
        notice = build_notice(
            example_classification, village=village, kind=kind, start=START, settings=settings
        )  # type: ignore[arg-type]
        assert notice.rows, village
        written.append((notice, tmp_path / f"{village}_{kind}.xlsx"))
    for notice, path in written:
        write_notice(notice, path)
        assert sensitive(path) == [], path.name
        as_json = json.dumps(notice.model_dump(mode="json", exclude={"meta"}), ensure_ascii=False)
        assert not any(p.search(as_json) for p in (ID_NUMBER, MASKED_ID, PHONE, BANK_CARD))
        assert not any(word in as_json for word in HEALTH_WORDS)
    # The inputs do hold such data for the listed households: the check is not vacuous.
    roster = tiny_rows()
    assert roster[0]["联系电话"] == "13812345678" and roster[0]["健康状况"] == "患有大病"


def test_print_setup_a4_portrait_title_and_header_on_every_page(
    notice_of: Any, tmp_path: Path
) -> None:
    path = tmp_path / "notice.xlsx"
    write_notice(notice_of(), path)
    sheet = load_workbook(path).active
    assert sheet is not None

    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$4:$4"
    assert [c.value for c in sheet[4]] == ["序号", "户主姓名", "家庭人口数", "监测对象类别"]
    assert sheet.print_options.horizontalCentered is True
    assert "&P" in (sheet.oddFooter.center.text or "")
    title = "资兴市唐洞街道新市村防止返贫监测对象识别公示"
    # the first page has the title row; every later page has it in its header
    assert sheet.HeaderFooter.differentFirst is True
    assert sheet.oddHeader.center.text == title and not sheet.firstHeader.center.text
    assert sheet["A1"].value == title
    assert sheet["A1"].font.name == "宋体" and sheet["A1"].font.b
    assert sheet["B5"].value == "成员1" and sheet["B5"].font.name == "宋体"
    assert sheet["A3"].value == "公示时间：2021年12月1日至2021年12月5日（共 5 天）"
    texts = [c.value for c in sheet["A"] if c.value]
    assert texts[-5:] == [
        "　　" + load_profile("national").procedure.objection_contact,
        "　　联系电话：＿＿＿＿＿＿＿＿",
        "新市村村民委员会",
        "（盖章）",
        "2021年12月1日",
    ]
    seal = next(c.row for c in sheet["A"] if c.value == "（盖章）")
    assert sheet.row_dimensions[seal].height >= 50  # room for the committee's seal


def test_rows_grow_with_wrapped_risk_types(notice_of: Any, tmp_path: Path) -> None:
    notice = notice_of(settings=NON_HEALTH)
    long = "、".join(["因自然灾害", "因意外事故", "因产业项目失败", "因务工就业不稳"] * 3)
    notice = notice.model_copy(
        update={"rows": [notice.rows[0].model_copy(update={"risks": long}), *notice.rows[1:]]}
    )
    path = tmp_path / "long.xlsx"
    write_notice(notice, path)
    sheet = load_workbook(path).active
    assert sheet is not None

    column = sheet.column_dimensions["E"].width
    lines = lines_needed(long, column * 11 / 12)
    assert lines >= 2
    assert sheet.row_dimensions[5].height >= lines * 12 * 1.4  # every wrapped line shows
    assert sheet["E5"].alignment.wrap_text is True
    assert sheet.row_dimensions[6].height < sheet.row_dimensions[5].height


def test_empty_notice_says_none(notice_of: Any, tmp_path: Path) -> None:
    notice = notice_of(village="东坪村", kind="elimination")
    assert notice.rows == [] and "本期无" in notice.intro

    path = tmp_path / "empty.xlsx"
    write_notice(notice, path)
    sheet = load_workbook(path).active
    assert sheet is not None and sheet["A5"].value == "（无）"


# -- CLI ---------------------------------------------------------------------------------------


def invoke(*args: str | Path):
    return runner.invoke(app, ["notice", *(str(a) for a in args)])


def test_cli_without_output_lists_the_notice_and_writes_nothing(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(tiny, "--village", "新市村", "--start", "2021-12-01")

    assert result.exit_code == 0, result.output
    assert list(tmp_path.iterdir()) == []
    assert "成员1" in result.stdout and "-o 新市村识别公示_20211201.xlsx" in result.stdout


def test_cli_json_is_the_library_result(tiny: Path) -> None:
    result = invoke(
        tiny, "-v", "新市村", "--kind", "elimination", "--start", "2021-12-01", "-f", "json"
    )
    library = api.notice(tiny, village="新市村", kind="elimination", start=START)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == library.to_dict()
    assert default_notice_path(library).name == "新市村风险消除公示_20211201.xlsx"


def test_cli_output_path(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "notice.xlsx"
    result = invoke(tiny, "-v", "新市村", "--start", "2021-12-01", "-o", target, "--quiet")
    assert result.exit_code == 0 and result.stdout == ""
    assert load_workbook(target).active["B5"].value == "成员1"  # type: ignore[index]


def test_cli_unknown_village_exits_1_with_the_list(tiny: Path) -> None:
    result = invoke(tiny, "--village", "新世村", "--start", "2021-12-01")
    assert result.exit_code == 1
    assert "没有村 '新世村'" in result.stderr and "新市村（唐洞街道）" in result.stderr


def test_cli_short_notice_exits_1_and_zero_days_is_usage(tiny: Path) -> None:
    short = invoke(tiny, "--village", "新市村", "--start", "2021-12-01", "--days", "3")
    assert short.exit_code == 1 and "公示期至少 5 天" in short.stderr
    assert invoke(tiny, "--village", "新市村", "--days", "0").exit_code == 2


# -- identified by any marker, the workbook's 2026 words, a path, several files ------------


def test_a_monitored_household_without_a_category_identified_this_month_is_listed(
    tmp_path: Path,
) -> None:
    """户类型 监测户 without a 监测对象类别 is identified (domain.md §9): identified in the
    notice's month, the month's notice lists it again (with the category proposed for it);
    identified earlier, it is not listed."""
    rows = household(
        "H001", 2, household_type="监测户", recorded_category="", monitored_since="202112", **POOR
    ) + household(
        "H002",
        2,
        first_order=3,
        household_type="监测户",
        recorded_category="",
        monitored_since="202103",
        **POOR,
    )
    roster = write_xlsx(tmp_path / "roster.xlsx", rows)
    classified = api.classify(roster, as_of=START)
    assert classified.households["recorded_category"].isna().all()
    assert set(classified.households["status"]) == {"monitored"}

    notice = api.notice(roster, village="新市村", start=START)

    assert heads(notice) == ["成员1"]  # H001 (202112), not H002 (202103)
    assert notice.rows[0].category == "边缘易致贫户"


def test_the_2026_workbook_sizes_its_category_column_and_names_its_subject(
    tmp_path: Path,
) -> None:
    rows = household("H001", 2, household_type="一般农户", monitored_since="", **POOR)
    roster = write_xlsx(tmp_path / "r.xlsx", rows)
    start = date(2026, 3, 2)
    notices = {
        era: api.notice(roster, village="新市村", start=start, profile=profile, lines={2026: 7600})
        for era, profile in (("2021", "national"), ("2026", "national-2026"))
    }
    widths = {}
    for era, notice in notices.items():
        path = tmp_path / f"{era}.xlsx"
        write_notice(notice, path)
        book = load_workbook(path)
        sheet = book.active
        assert sheet is not None
        assert sheet["D4"].value == notice.columns[3]  # 监测对象类别 / 防止返贫致贫对象类别
        widths[era] = sheet.column_dimensions["D"].width
        expected = "防止返贫致贫对象" if era == "2026" else "防止返贫监测对象"
        assert book.properties.subject == f"{expected}公示名单"
    assert widths["2026"] == widths["2021"]  # the 2026 header has the width of 监测对象类别


def test_the_library_writes_no_notice_workbook_without_a_path(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like every writer: xlsx needs a path, nothing is written into the current folder."""
    from fanpin.outputs import export

    monkeypatch.chdir(tmp_path)
    notice = api.notice(tiny, village="新市村", start=START)
    with pytest.raises(FanpinError, match="-o NAME.xlsx"):
        export(notice, "xlsx")
    assert list(tmp_path.iterdir()) == []
    assert export(notice, "json") is not None  # text formats still come back as text


def test_cli_notice_joins_another_export_file_with_with(tmp_path: Path) -> None:
    """``--with`` as for classify: the household columns come from the second file."""
    from tests.rosters import header

    members = household("H001", 2, household_type="一般农户", monitored_since="", **POOR)
    income = {"wage_income", "business_income", "transfer_income", "business_expense"}
    income |= {"reported_per_capita_income", "property_income"}
    main = [
        {k: v for k, v in row.items() if k not in {header(n) for n in income}} for row in members
    ]
    extra = [{header("household_id"): "H001", **{header(n): members[0][header(n)] for n in income}}]
    roster = write_xlsx(tmp_path / "members.xlsx", main)
    households = write_xlsx(tmp_path / "households.xlsx", extra)
    alone = runner.invoke(app, ["notice", str(roster), "--village", "新市村", "-f", "json",
                                "--start", "2021-12-01"])  # fmt: skip
    joined = runner.invoke(
        app,
        ["notice", str(roster), "--with", str(households), "--village", "新市村", "-f", "json"]
        + ["--start", "2021-12-01"],
    )

    assert joined.exit_code == 0, joined.output
    notice = json.loads(joined.stdout)
    assert [row["head_name"] for row in notice["rows"]] == ["成员1"]  # proposed: income joined
    assert [i["path"] for i in notice["meta"]["inputs"]] == ["members.xlsx", "households.xlsx"]
    assert json.loads(alone.stdout)["rows"] == []  # without the income nothing is proposed
