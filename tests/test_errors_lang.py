"""Errors in the run's language (issue #16, item 3): under the default --lang zh the one
red line starts with 错误： and is Chinese; under --lang en it is the English text."""

from __future__ import annotations

import ast
import errno
import json
import pickle
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fanpin.cli.commands import app
from fanpin.cli.options import failure_message
from fanpin.errors import FanpinError, OutputPathError, ProfileError, UsageError
from fanpin.io import schema
from fanpin.scale import classify_province
from tests.rosters import household, write_xlsx

runner = CliRunner()
PACKAGE = Path(__file__).resolve().parents[1] / "fanpin"
FAMILY = {"FanpinError", "ProfileError", "OutputPathError", "UsageError", "OverrideError"}


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("lang") / "r.xlsx", household())


def both(args: list[str]) -> tuple[str, str, int, int]:
    """stderr and exit code of ``args`` under the default language and under --lang en."""
    chinese = runner.invoke(app, args)
    english = runner.invoke(app, [*args, "--lang", "en"])
    return chinese.stderr, english.stderr, chinese.exit_code, english.exit_code


def test_a_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nonexist.xlsx")
    zh, en, zh_code, en_code = both(["validate", missing])

    assert zh.startswith(f"错误：找不到文件：{missing}") and (zh_code, en_code) == (1, 1)
    assert en.startswith(f"error: file not found: {missing}")
    assert "error" not in zh


def test_an_output_that_is_the_input(roster: Path) -> None:
    zh, en, zh_code, en_code = both(["classify", str(roster), "-o", str(roster)])

    assert zh.startswith("错误：输出文件不能是本次读取的输入文件") and str(roster) in zh
    assert "-o" in zh and (zh_code, en_code) == (2, 2)
    assert en.startswith("error:") and "is an input of this run" in en


def test_a_missing_monitoring_line(roster: Path) -> None:
    args = ["classify", str(roster), "-p", "national-2026", "--as-of", "2026-03-31", "-q"]
    zh, en, zh_code, en_code = both(args)

    assert zh.startswith("错误：规则 'national-2026' 没有 2026 年的监测线")
    assert "--line 2026=<元>" in zh and (zh_code, en_code) == (1, 1)
    assert en.startswith("error: profile 'national-2026' has no monitoring line for 2026")


def test_a_missing_line_in_a_workspace_names_fanpin_toml(tmp_path: Path, roster: Path) -> None:
    (tmp_path / "fanpin.toml").write_text(
        f'[counties.a]\nname = "A"\nprofile = "national-2026"\nroster = "{roster}"\n'
        'as_of = "2026-03-31"\n',
        encoding="utf-8",
    )
    zh, en, zh_code, _ = both(["report", "--county", "a", "-w", str(tmp_path)])

    assert zh.startswith("错误：规则 'national-2026' 没有 2026 年的监测线") and zh_code == 1
    assert "[counties.a]" in zh and "monitoring_line = { 2026 = <元> }" in zh
    assert str(tmp_path / "fanpin.toml") in zh
    assert "under [counties.a]" in en


def test_an_unknown_county_and_no_workspace(tmp_path: Path, roster: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "fanpin.toml").write_text(
        f'[counties.a]\nname = "A"\nroster = "{roster}"\n', encoding="utf-8"
    )
    zh, en, zh_code, en_code = both(["report", "--county", "nope", "-w", str(workspace)])
    assert zh.startswith("错误：") and "没有县 'nope'" in zh and (zh_code, en_code) == (1, 1)
    assert en.startswith("error:") and "no county 'nope'" in en

    empty = tmp_path / "empty"
    empty.mkdir()
    zh, en, zh_code, _ = both(["report", "--county", "a", "-w", str(empty)])
    assert zh.startswith("错误：") and "找不到 fanpin.toml" in zh and "fanpin init" in zh
    assert zh_code == 1 and "no fanpin.toml" in en


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (
            ["--format", "xlsx"],
            "错误：-o：--format xlsx 写出的是工作簿",
            "error: -o: --format xlsx",
        ),
        (["--line", "2026=x"], "错误：--line：'2026=x' 不是 年份=元", "error: --line: '2026=x' is"),
        (["-o", "out.txt"], "错误：-o：输出文件名请以 .json", "error: -o: name the file"),
    ],
)
def test_fanpins_own_usage_errors(
    roster: Path, args: list[str], chinese: str, english: str
) -> None:
    zh, en, zh_code, en_code = both(["classify", str(roster), *args])

    assert zh.startswith(chinese) and en.startswith(english), (zh, en)
    assert (zh_code, en_code) == (2, 2)


def test_a_bad_date_in_the_chosen_language(roster: Path) -> None:
    """Parsed by click before the command runs: the text follows --lang, wherever it is
    given; click's frame around it stays English (out of scope)."""
    zh = runner.invoke(app, ["classify", str(roster), "--as-of", "2026-13-01"])
    before = runner.invoke(app, ["classify", str(roster), "--lang", "en", "--as-of", "2026-13-01"])
    after = runner.invoke(app, ["classify", str(roster), "--as-of", "2026-13-01", "--lang", "en"])

    assert {zh.exit_code, before.exit_code, after.exit_code} == {2}
    assert "不是日期" in zh.stderr
    for english in (before, after):
        assert "is not a date" in english.stderr and "不是日期" not in english.stderr


def test_the_machines_failures_in_both_languages() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/tmp/x")
    assert failure_message(full, "zh") == "无法访问 /tmp/x：磁盘已满：请腾出空间后重新运行"
    assert failure_message(full, "en") == "cannot access /tmp/x: No space left on device"
    assert failure_message(MemoryError(), "zh").startswith("内存不足")
    assert failure_message(ValueError("x"), "zh").startswith("意外错误（ValueError：x）")


def test_text_falls_back_to_english_and_survives_pickling() -> None:
    """Dask sends a county's error back from a worker: the Chinese text comes with it."""
    error = ProfileError("profile broken", zh="规则有误")
    copied = pickle.loads(pickle.dumps(error))
    assert (str(copied), copied.text("zh"), copied.text("en")) == (
        "profile broken",
        "规则有误",
        "profile broken",
    )
    assert FanpinError("only English").text("zh") == "only English"
    assert issubclass(OutputPathError, UsageError)


def _family_calls(tree: ast.AST) -> list[tuple[ast.stmt, ast.Call]]:
    """Every ``raise``/``return`` of a call to the FanpinError family in ``tree``."""
    found = []
    for node in ast.walk(tree):
        call = node.value if isinstance(node, ast.Return) else getattr(node, "exc", None)
        if not isinstance(call, ast.Call) or not isinstance(node, ast.Raise | ast.Return):
            continue
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        if name in FAMILY:
            found.append((node, call))
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_error_a_county_user_meets_has_its_chinese_text() -> None:
    """Every raise site of the family, in every module of fanpin/, gives its zh= text."""
    missing = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in _modules()
        for node, call in _family_calls(ast.parse(path.read_text(encoding="utf-8")))
        if not any(k.arg == "zh" for k in call.keywords)
    ]
    assert len(_modules()) > 60
    assert missing == []


def test_a_wrapped_error_is_wrapped_in_its_chinese_text() -> None:
    """An error raised from an ``except ... as error`` does not put the inner error's
    English (``{error}``) into its Chinese text: it takes ``error.text("zh")``."""
    english_inside = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for handler in ast.walk(tree):
            if not isinstance(handler, ast.ExceptHandler) or handler.name is None:
                continue
            for node, call in _family_calls(handler):
                zh = next((k.value for k in call.keywords if k.arg == "zh"), None)
                bare = [
                    v
                    for v in ast.walk(zh)
                    if zh is not None
                    if isinstance(v, ast.FormattedValue)
                    and isinstance(v.value, ast.Name)
                    and v.value.id == handler.name
                ]
                if bare:
                    english_inside.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert english_inside == []


# Words a Chinese line may still hold: the user's own expression, names and codes, the
# profile keys and options it names (checked after quoted text is taken out).
def _english_words(text: str, allowed: set[str]) -> set[str]:
    unquoted = re.sub(r"\"[^\"]*\"|'[^']*'", "", text)
    return set(re.findall(r"[A-Za-z_]{3,}", unquoted)) - allowed


BROKEN_RULES = {
    "syntax": (
        'extends = "national"\nname = "broken"\n\n[[risk_rules]]\nfactor = "illness"\n'
        'when = "ill_count ** 2 > 1"\nevidence = "x"\nevidence_en = "x"\n',
        "错误：规则 'broken' 的 risk_rules[0]：表达式 \"ill_count ** 2 > 1\" 有误："
        "不能使用 ** 运算符",
        "error: profile 'broken', risk_rules[0]: the ** operator is not allowed in "
        '"ill_count ** 2 > 1"',
    ),
    "unknown_field": (
        'extends = "national"\nname = "broken"\n\n[[risk_rules]]\nfactor = "illness"\n'
        'when = "ill_cont > 0"\nevidence = "x"\nevidence_en = "x"\n',
        "错误：规则 'broken' 的 risk_rules[0]：表达式 \"ill_cont > 0\" 有误："
        "没有字段 'ill_cont'；是不是要写 ill_count",
        "error: profile 'broken', risk_rules[0]: unknown field 'ill_cont' in "
        '"ill_cont > 0"; did you mean ill_count',
    ),
    "risk_rule_evaluated": (  # parses, fails on the roster: the rule is named all the same
        'extends = "national"\nname = "broken"\n\n[[risk_rules]]\nfactor = "illness"\n'
        'when = "village > 5"\nevidence = "x"\nevidence_en = "x"\n',
        "错误：规则 'broken' 的 risk_rules[0]：无法计算表达式 \"village > 5\"：这些值不能这样组合",
        "error: profile 'broken', risk_rules[0]: cannot evaluate \"village > 5\": ",
    ),
    "warn_rule": (  # checked by pydantic: the Chinese comes through its validator
        'extends = "national"\nname = "broken"\n\n[warn.rules]\n'
        'income_falling = "income_drop > ("\n',
        "错误：规则文件 broken.toml 有误：warn：warn.rules.income_falling："
        '无法解析表达式 "income_drop > ("：',
        "error: profile broken.toml is not valid: warn: Value error, "
        'warn.rules.income_falling: cannot parse "income_drop > ("',
    ),
    "quality_rule_evaluated": (  # parses, fails on the roster: text compared with a number
        'extends = "national"\nname = "broken"\n\n[[quality_rules]]\ncode = "my_check"\n'
        'label = "x"\nlevel = "member"\ncolumns = ["name"]\nwhen = "name > 5"\n'
        'message = "x"\nmessage_en = "x"\n',
        "错误：规则 'broken' 的质量规则 my_check：无法计算表达式 \"name > 5\"：这些值不能这样组合",
        "error: profile 'broken', quality rule my_check: cannot evaluate \"name > 5\": ",
    ),
}


@pytest.mark.parametrize("case", BROKEN_RULES)
def test_a_broken_rule_expression_in_a_profile(tmp_path: Path, roster: Path, case: str) -> None:
    text, chinese, english = BROKEN_RULES[case]
    profile = tmp_path / "broken.toml"
    profile.write_text(text, encoding="utf-8")
    args = ["classify", str(roster), "-p", str(profile), "--as-of", "2021-12-31", "-q"]
    zh, en, zh_code, en_code = both(args)

    assert (zh_code, en_code) == (1, 1)
    assert zh.startswith(chinese), zh
    assert en.startswith(english), en
    keys = {"risk_rules", "warn", "rules", "income_falling", "broken", "toml", "my_check"}
    keys |= {"and", "not"}  # the expression language's own words
    assert _english_words(zh, keys | set(schema.RULE_NAMES)) == set(), zh


def test_a_profile_key_changed_by_set_in_chinese(roster: Path) -> None:
    """--set reaches the profile's checks: the key, the pydantic complaint and the
    expression's error are Chinese, nested in the usage error."""
    args = ["simulate", str(roster), "--set", "risk_rules.0.when=ill_count ** 2", "-q"]
    zh, en, zh_code, en_code = both(args)
    assert (zh_code, en_code) == (2, 2)
    assert zh.startswith(
        "错误：--set/--line：规则 'national' 改为 risk_rules.0.when=ill_count ** 2 后："
        "规则 'national' 的 risk_rules[0]：表达式 \"ill_count ** 2\" 有误：不能使用 ** 运算符"
    ), zh
    assert "profile 'national' with risk_rules.0.when=ill_count ** 2: profile" in en

    zh, en, _, _ = both(["simulate", str(roster), "--set", "tiers.high=abc", "-q"])
    assert "规则 'national' 改为 tiers.high=abc 后：tiers.high：须是整数" in zh, zh
    assert "tiers.high: Input should be a valid integer" in en
    zh, en, _, _ = both(["simulate", str(roster), "--set", "tiers.hgh=3", "-q"])
    assert "没有规则项 tiers.hgh：那里的项有 high、medium、rules" in zh, zh
    assert "unknown profile key tiers.hgh; known keys there: high, medium, rules" in en


@pytest.mark.parametrize(
    ("setting", "chinese", "english"),
    [
        (
            "tiers.medium=99",
            "tiers.medium 须小于 tiers.high",
            "tiers.medium must be below tiers.high",
        ),
        ("monitoring_line.1800=7000", "1800 不是年份", "monitoring_line: 1800 is not a year"),
        ("quality.working_age_min=80", "不能大于", "must not be above quality.working_age_max"),
        ('procedure.holidays=["10-01"]', "不是日期", "is not a date like 2021-10-01"),
        ("fund.caps.illness=0", "须是大于 0 的金额", "must be a positive sum in yuan and fen"),
    ],
)
def test_a_profile_s_own_checks_in_chinese(
    roster: Path, setting: str, chinese: str, english: str
) -> None:
    """The profile's own checks (validators) give their Chinese, not pydantic's English."""
    zh, en, zh_code, en_code = both(["simulate", str(roster), "--set", setting, "-q"])
    assert (zh_code, en_code) == (2, 2)
    assert chinese in zh and "Value error" not in zh, zh
    assert english in en, en


def test_a_measure_catalogue_with_unknown_codes(tmp_path: Path, roster: Path) -> None:
    (tmp_path / "bad_measures.csv").write_text(
        "code,category,subcategory,name,aliases,risks,condition,development,amount,department\n"
        "A1,产业,产业,措施甲,,flu,labour_count > 0,是,,局\n"
        "A2,产业,产业,措施乙,,illness,labour_count >> 1,是,,局\n"
        "A3,产业,产业,措施丙,,illness,,是,3百,局\n"
        "A4,产业,产业,措施丁,,illness,,是,,局\n"
        "A5,产业,产业,措施丁,,illness,,是,,局\n",
        encoding="utf-8",
    )
    profile = tmp_path / "cat.toml"
    profile.write_text(
        'extends = "national"\nname = "cat"\n[measures]\ncatalogue = "bad_measures.csv"\n',
        encoding="utf-8",
    )
    zh, en, zh_code, en_code = both(["classify", str(roster), "-p", str(profile), "-q"])

    assert (zh_code, en_code) == (1, 1)
    assert zh.startswith("错误：帮扶措施目录 bad_measures.csv 有误：\n"), zh
    assert "第 2 行：没有风险代码 flu：可用的有 illness、" in zh
    assert '第 3 行：表达式 "labour_count >> 1" 有误：不能使用 >> 运算符' in zh
    assert "第 4 行：amount '3百' 不是元数：请写数字，例如 300" in zh
    assert "第 6 行：'措施丁' 已在第 5 行用过" in zh
    assert en.startswith("error: measure catalogue bad_measures.csv is not valid:\n")
    assert "line 2: unknown risk code flu; use illness, " in en
    assert 'line 3: the >> operator is not allowed in "labour_count >> 1"' in en
    assert "line 6: '措施丁' already used on line 5" in en

    (tmp_path / "bad_measures.csv").write_text("code,name\nA1,措施甲\n", encoding="utf-8")
    zh, en, _, _ = both(["classify", str(roster), "-p", str(profile), "-q"])
    assert zh.startswith("错误：帮扶措施目录 bad_measures.csv 缺少 category、subcategory、") and (
        "目录的列应为 code、category、" in zh
    ), zh
    assert en.startswith("error: measure catalogue bad_measures.csv: missing columns category")


def test_a_province_county_that_fails_in_scale(tmp_path: Path, roster: Path) -> None:
    """scale.py's error for a county folder without a roster, and its usage checks."""
    (tmp_path / "prov" / "county=431081").mkdir(parents=True)
    (tmp_path / "prov" / "county=431081" / "part-0.xlsx").write_bytes(roster.read_bytes())
    (tmp_path / "prov" / "county=431082").mkdir()
    (tmp_path / "prov" / "county=431082" / "notes.txt").write_text("x", encoding="utf-8")
    args = ["province", str(tmp_path / "prov"), "--as-of", "2021-12-31", "-q", "-o"]
    chinese = runner.invoke(app, [*args, str(tmp_path / "zh")])
    english = runner.invoke(app, [*args, str(tmp_path / "en"), "--lang", "en"])

    assert (chinese.exit_code, english.exit_code) == (1, 1)
    assert "错误：县 431082 未处理：431082：文件夹里没有花名册文件" in chinese.stderr
    assert "county 431082 not processed: 431082: the folder holds no roster files" in (
        english.stderr
    )
    failed = json.loads((tmp_path / "zh" / "summary.json").read_text(encoding="utf-8"))
    assert "431082：文件夹里没有花名册文件" in json.dumps(failed, ensure_ascii=False)


@pytest.mark.parametrize(
    ("options", "chinese", "english"),
    [
        (
            {"engine": "pandas", "workers": 2},
            "--scheduler 和 --workers 只能与 --engine dask 一起使用：请加上 --engine dask",
            "--scheduler and --workers need --engine dask",
        ),
        (
            {"engine": "spark"},
            "没有计算引擎 'spark'：请用 pandas 或 dask",
            "unknown engine 'spark'; use pandas or dask",
        ),
    ],
)
def test_the_province_engines_own_checks(
    tmp_path: Path, roster: Path, options: dict[str, Any], chinese: str, english: str
) -> None:
    """The CLI checks these options first (its own usage errors); the library, called
    directly, gives the same fix in both languages."""
    (tmp_path / "prov" / "county=431081").mkdir(parents=True)
    with pytest.raises(FanpinError) as raised:
        classify_province(tmp_path / "prov", tmp_path / "out", as_of=date(2021, 12, 31), **options)
    assert (raised.value.text("zh"), raised.value.text("en")) == (chinese, english)
