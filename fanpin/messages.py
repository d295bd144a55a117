"""Issue messages in Chinese and English, one template pair per issue code.

Templates take named parameters: ``column`` (header as written), ``value``,
``allowed``, ``expected``, ``found``, ``detail``. A message names the fix.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
Severity = Literal["error", "warning"]

# code -> (severity, Chinese template, English template)
ISSUE_CODES: dict[str, tuple[Severity, str, str]] = {
    "missing_value": (
        "error",
        "{column} 为空；请补填",
        "{column} is empty; fill it in",
    ),
    "id_as_number": (
        "error",
        "{column} 被 Excel 存成了数字（{value}），后几位已丢失；请把该列设为“文本”格式，"
        "从国家系统重新导出或重新录入",
        "{column} is stored as a number ({value}) and Excel has lost its last digits; "
        "format the column as text and re-export or retype the ID",
    ),
    "id_format": (
        "error",
        "{column} 不是 18 位身份证号码（{detail}）",
        "{column} is not an 18-character resident ID ({detail})",
    ),
    "id_birth_date": (
        "error",
        "{column} 中的出生日期 {detail} 不是有效日期",
        "{column} holds birth date {detail}, which is not a valid date",
    ),
    "id_checksum": (
        "error",
        "{column} 校验码错误：末位应为 {expected}，请核对号码是否录错",
        "{column} check digit is wrong: the last character should be {expected}; "
        "check the number for a typing error",
    ),
    "id_duplicate": (
        "error",
        "同一证件号码出现在多条记录中（户编号 {detail}）",
        "the same ID number appears on more than one record (households {detail})",
    ),
    "household_no_head": (
        "error",
        "户 {detail} 没有户主（与户主关系 = 户主）",
        "household {detail} has no head (与户主关系 = 户主)",
    ),
    "household_many_heads": (
        "error",
        "户 {detail} 有 {found} 个户主，只能有一个",
        "household {detail} has {found} heads; there must be exactly one",
    ),
    "size_mismatch": (
        "warning",
        "{column} 填 {value}，但该户有 {found} 名成员（以成员行数为准）",
        "{column} says {value} but the household has {found} member rows "
        "(the member count is used)",
    ),
    "member_disagreement": (
        "warning",
        "同户成员的 {column} 不一致（{value}，户主行为 {expected}）；以户主行为准",
        "members of one household disagree on {column} ({value}, head's row {expected}); "
        "the head's value is used",
    ),
    "not_a_number": (
        "error",
        "{column} 不是数字：{value}；请只填阿拉伯数字（单位：元）",
        "{column} is not a number: {value}; write digits only (yuan)",
    ),
    "negative_amount": (
        "error",
        "{column} 为负数：{value}",
        "{column} is negative: {value}",
    ),
    "income_mismatch": (
        "warning",
        "{column} 填 {value}，按收入构成计算为 {expected}（差 {detail}）",
        "{column} says {value} but its components give {expected} (difference {detail})",
    ),
    "not_in_vocabulary": (
        "error",
        "{column} 的值“{value}”不在允许范围内；可填：{allowed}",
        "{column} value '{value}' is not allowed; use one of: {allowed}",
    ),
    "bad_yyyymm": (
        "error",
        "{column} 应为年月 YYYYMM（如 202103），实际为 {value}",
        "{column} must be a month as YYYYMM (e.g. 202103), not {value}",
    ),
}


def severity_of(code: str) -> Severity:
    return ISSUE_CODES[code][0]


def render(code: str, lang: Lang, **params: object) -> str:
    """The message for one issue in the chosen language."""
    _, zh, en = ISSUE_CODES[code]
    return (zh if lang == "zh" else en).format(**params)
