"""``fanpin init DIR``: a ready workspace to start from (fanpin.toml, a profile, sample data)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fanpin.errors import FanpinError
from fanpin.io.workspace import CONFIG_NAME
from fanpin.outputs.templates import write_cases_template, write_ledger_template
from fanpin.outputs.write import write_text
from fanpin.samples.workspace import write_workspace

CONFIG_TEMPLATE = """\
# fanpin workspace: `fanpin report --county zixing` reads everything from here.
# Paths are relative to this folder. See `fanpin --help`.
archive_dir = "archive"          # snapshots of each run, for the 变化 sheet and `fanpin diff`

[counties.zixing]
name = "资兴市"
profile = "zixing"               # built-in name, or a file in profiles/ (e.g. "my_county")
roster = "data/zixing/roster.xlsx"
# The example data is 2021's (income year 2021, line 6,000 yuan): pinned so the demo
# gives the same answer on any day. To assess a roster of your own as of today, remove
# both lines and set this year's line (see counties.zixing_2026 below).
year = 2021
as_of = 2021-12-31
fund_ledger = "data/zixing/fund_ledger.xlsx"   # 防贫基金台账 (template: templates/)
cases = "data/zixing/cases.xlsx"               # 识别/消除程序台账 (template: templates/)
output_dir = "reports/zixing"    # dated workbooks: 2021-12-31_资兴市_监测报告.xlsx
keep_reports = 30                # older dated workbooks are deleted

# 部门数据比对: lists keyed by 证件号码 (see `fanpin audit --help` for the kinds)
[counties.zixing.departments]
medical = "data/zixing/dept/medical.xlsx"
civil = "data/zixing/dept/civil.csv"
disability = "data/zixing/dept/disability.csv"
housing = "data/zixing/dept/housing.xlsx"
education = "data/zixing/dept/education.csv"
disaster = "data/zixing/dept/disaster.xlsx"
employment = "data/zixing/dept/employment.xlsx"
business = "data/zixing/dept/business.csv"
vehicle = "data/zixing/dept/vehicle.xlsx"
public_servant = "data/zixing/dept/public_servant.csv"
low_income = "data/zixing/dept/low_income.xlsx"   # 民政低收入人口名单: joint monitoring (2026)

# The same county after the transition period (from 2026, domain.md §11): outputs say
# 防止返贫致贫对象 and every 脱贫户 is sorted into 建议有序退出 / 建议继续帮扶.
# `fanpin report --county zixing_2026`
[counties.zixing_2026]
name = "资兴市"
profile = "national-2026"
# The same households five years on, as the system exports them in 2026: incomes of 2025,
# most households monitored since 2021 eliminated in 2022–2025, a few newly identified.
roster = "data/zixing_2026/roster.xlsx"
# The monitoring line by year (yuan per person per year), over the profile's: each province
# sets its own and no national figure exists after 2021. 7,600 is an example: put your
# province's line here (`fanpin init --line 2026=<yuan>` writes it), one entry per year.
monitoring_line = { 2026 = 7600 }
as_of = 2026-03-31               # pinned for the demo; remove it to assess as of today
output_dir = "reports/zixing_2026"
keep_reports = 30
# Department lists are the year's own: the example has 民政's 2026 low-income list only
# (add the others as for zixing, in this table, when you have them).
departments = { low_income = "data/zixing_2026/dept/low_income.xlsx" }   # 民政低收入人口名单

# A roster the system exports as several files, joined on 户编号 / 证件号码 as `--with`
# does: `rosters` lists the files beside the main `roster`. The example data holds one
# township so (唐洞街道); remove the # to add it as a county of its own.
# [counties.tangdong]
# name = "资兴市唐洞街道"
# profile = "zixing"
# roster = "data/zixing/tangdong_members.xlsx"             # （自定义）监测对象信息
# rosters = ["data/zixing/tangdong_households.xlsx"]       # （乡村建设）户信息
# year = 2021                                            # the example data's year, as above
# as_of = 2021-12-31
# output_dir = "reports/tangdong"

"""
# The 2026 county's line in CONFIG_TEMPLATE; `fanpin init --line YEAR=YUAN` writes the
# lines given over it (a year given replaces the example's; the demo's 2026 keeps working).
TEMPLATE_LINE = "monitoring_line = { 2026 = 7600 }"
TEMPLATE_LINES = {2026: 7600.0}

PROFILE_TEMPLATE = """\
# A county profile: start from the national defaults and change only what differs.
# Use it with `profile = "my_county"` in fanpin.toml or `--profile profiles/my_county.toml`.
# "national-2026" are the rules from 2026 (防止返贫致贫对象, 脱贫户 sorted into 有序退出 /
# 继续帮扶); for rosters of 2021–2025 extend "national" instead.
extends = "national-2026"
name = "my_county"
version = "0.1.0"
description = "本县规则：在国家默认规则基础上调整"

# Your province's monitoring line by year (yuan per person per year), here or per county
# in fanpin.toml (`monitoring_line = { 2026 = 7600 }`). Local examples: 2022 6,500;
# 2023 8,050 (Yuanmou, Yunnan); 2024 8,500 (Nankang, Jiangxi). 2021 is national's 6,000.
[monitoring_line]
2021 = 6000

[tiers]
high = 60
medium = 30

# The village notice (公示名单): the landline that takes objections (a mobile number is
# refused: notices never show one); blank, the notice leaves a line to write it on.
# [procedure]
# objection_phone = "0735-3322110"

# Data-quality rules (validate's cross-field checks, README "validate"): change a built-in
# one by giving its code with only what differs, turn one off, or add your province's own.
# [[quality_rules]]
# code = "phone_format"
# severity = "error"
# [[quality_rules]]
# code = "sex_mismatch"
# enabled = false
"""


def monitoring_line_entry(lines: Mapping[int, float]) -> str:
    """The county's ``monitoring_line = { 2026 = 7600 }`` line, years in order."""
    entries = ", ".join(f"{year} = {_amount(lines[year])}" for year in sorted(lines))
    return f"monitoring_line = {{ {entries} }}"


def config_text(lines: Mapping[int, float] | None = None) -> str:
    """fanpin.toml as ``fanpin init`` writes it: the template, with ``lines`` written over
    the 2026 county's example line."""
    if not lines:
        return CONFIG_TEMPLATE
    entry = monitoring_line_entry({**TEMPLATE_LINES, **lines})
    return CONFIG_TEMPLATE.replace(TEMPLATE_LINE, entry)


def _amount(yuan: float) -> str:
    return str(int(yuan)) if float(yuan).is_integer() else repr(float(yuan))


def write_workspace_skeleton(
    directory: Path,
    households: int = 2000,
    seed: int = 431081,
    lines: Mapping[int, float] | None = None,
) -> dict[str, Path]:
    """fanpin.toml, profiles/my_county.toml and generated example data under ``directory``;
    ``lines`` (year -> yuan) become the 2026 county's ``monitoring_line`` in fanpin.toml."""
    if (directory / CONFIG_NAME).exists():
        raise FanpinError(
            f"{directory / CONFIG_NAME} already exists; choose an empty folder",
            zh=f"{directory / CONFIG_NAME} 已存在：请选一个空文件夹",
        )
    written = {
        key: Path(path) for key, path in write_workspace(directory, households, seed).items()
    }
    config = directory / CONFIG_NAME
    write_text(config, config_text(lines))
    profile = directory / "profiles" / "my_county.toml"
    write_text(profile, PROFILE_TEMPLATE)
    templates = {
        "cases_template": directory / "templates" / "程序台账模板.xlsx",
        "ledger_template": directory / "templates" / "防贫基金台账模板.xlsx",
    }
    templates["cases_template"].parent.mkdir(parents=True, exist_ok=True)
    write_cases_template(templates["cases_template"])
    write_ledger_template(templates["ledger_template"])
    return {"config": config, "profile": profile, **templates, **written}
