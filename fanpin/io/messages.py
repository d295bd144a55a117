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
    "bad_date": (
        "error",
        "{column} 不是有效日期：{value}；请填写如 2021-03-05、2021/3/5 或 20210305 的日期",
        "{column} is not a valid date: {value}; write a date like 2021-03-05, 2021/3/5 or 20210305",
    ),
    "fund_amount_precision": (
        "error",
        "{column} {value} 超过两位小数（金额只到分）；请核对金额，此行未计入余额",
        "{column} {value} has more than two decimal places (amounts go to the fen); "
        "check it: the row is not counted in the balance",
    ),
    "fund_zero_amount": (
        "warning",
        "{column} 为 0；请核对金额或删除此行",
        "{column} is 0; check the amount or remove the row",
    ),
    "fund_unknown_household": (
        "error",
        "户编号 {value} 不在花名册中；请核对户编号，或使用包含该户的花名册",
        "household {value} is not in the roster; check the household ID or use a roster "
        "that holds it",
    ),
    "fund_not_monitored": (
        "error",
        "户 {value} 不是{object}（花名册中为：{found}）；基金只救助{object}，请先完成识别纳入监测",
        "household {value} is not a {object} (roster: {found}); the fund pays only a "
        "{object}: identify it first",
    ),
    "fund_after_elimination": (
        "warning",
        "户 {value} 已于 {detail} 风险消除，之后仍获救助；请核实是否返贫，需要时重新纳入监测",
        "household {value} had its risk eliminated in {detail} and was paid afterwards; "
        "check whether it is at risk again and re-identify it if so",
    ),
    "fund_before_identification": (
        "warning",
        "支付日期 {value} 早于该户识别监测时间 {detail}；请核对日期或补办识别程序",
        "paid on {value}, before the household was identified for monitoring ({detail}); "
        "check the date or complete the identification",
    ),
    "fund_payee_not_member": (
        "error",
        "{column} {value} 不是户 {found} 的家庭成员（{detail}）；请核对收款人",
        "{column} {value} is not a member of household {found} ({detail}); check the payee",
    ),
    "fund_payee_name_mismatch": (
        "warning",
        "{column} 填“{value}”，花名册中该证件号码的姓名为“{expected}”；请核对",
        "{column} says '{value}' but the roster names the holder of this ID '{expected}'; check it",
    ),
    "fund_checkpoint_missing": (
        "error",
        "{column} 为空：支付前须完成{detail}；请补填结果和日期",
        "{column} is empty: the {detail} must be done before payment; fill in its result and date",
    ),
    "fund_checkpoint_failed": (
        "error",
        "{detail}结果为“{value}”，未通过审核不应支付；请核实，必要时追回",
        "the {detail} result is '{value}': a payment that failed a check should not have "
        "been made; check it and recover the money if needed",
    ),
    "fund_paid_before_check": (
        "error",
        "支付日期 {found} 早于{detail}日期 {value}；三关审核须在支付前完成，请核对日期",
        "paid on {found}, before the {detail} of {value}; the three checks come before "
        "payment: check the dates",
    ),
    "fund_cause_not_covered": (
        "error",
        "救助原因“{value}”不在本方案的基金救助范围内（{allowed}）",
        "cause '{value}' is not paid by the profile's fund (it pays: {allowed})",
    ),
    "fund_over_cap": (
        "error",
        "{column} {value} 超过{detail}单笔救助上限 {expected}",
        "{column} {value} is over the {detail} cap of {expected} per payment",
    ),
    "fund_off_standard": (
        "warning",
        "{column} {value} 不同于{detail}救助标准 {expected}；请核对",
        "{column} {value} differs from the {detail} standard of {expected}; check it",
    ),
    "fund_over_yearly_cap": (
        "error",
        "此笔支付后该户 {detail} 年累计获救助 {found}，超过每户年度上限 {expected}",
        "this payment brings the household's {detail} total to {found}, over the yearly "
        "cap per household of {expected}",
    ),
    "fund_duplicate_event": (
        "error",
        "户 {found} 已就事件 {value} 获得过救助（第 {detail} 行）；同一事件只救助一次",
        "household {found} was already paid for event {value} (row {detail}); an event is "
        "paid once",
    ),
    "fund_negative_balance": (
        "error",
        "{detail}：此笔支付后基金余额为 {found}，低于 0；请先记录注资或核对日期",
        "{detail}: after this payment the fund's balance is {found}, below zero; record "
        "the tranche first or check the dates",
    ),
    "fund_after_as_of": (
        "warning",
        "日期 {value} 晚于截止日期 {expected}，未计入余额和汇总；需要时用 --as-of 指定更晚的日期",
        "dated {value}, after the as-of date {expected}: not counted in the balance or "
        "summary; pass a later --as-of to include it",
    ),
    "fund_tranches_differ": (
        "warning",
        "台账注资合计 {found}，规则方案中的注资合计 {expected}；余额按台账计算，请核对",
        "the ledger's tranches total {found} but the profile's total {expected}; the "
        "balance uses the ledger: check them",
    ),
    "list_name_mismatch": (
        "warning",
        "{column}“{value}”与花名册中同一证件号码（{detail}）的姓名“{expected}”不一致；"
        "请核对证件号码是否录错",
        "{column} '{value}' differs from the roster's name '{expected}' for the same ID "
        "({detail}); check the ID number for a typing error",
    ),
    # Any input file (roster, list, ledger, cases): the policy of fanpin.io.text.
    "control_characters": (
        "warning",
        "{column} 含有不可见的控制字符（{detail}），读取时已删除，按“{value}”处理；"
        "请在原文件中重新录入该单元格",
        "{column} held invisible control characters ({detail}), removed when read: read as "
        "'{value}'; retype the cell in the file",
    ),
}


def severity_of(code: str) -> Severity:
    return ISSUE_CODES[code][0]


def render(code: str, lang: Lang, **params: object) -> str:
    """The message for one issue in the chosen language."""
    _, zh, en = ISSUE_CODES[code]
    return (zh if lang == "zh" else en).format(**params)


# The codes roster validation itself raises (the others belong to ledgers, lists, cases).
ROSTER_CODES: tuple[str, ...] = (
    "missing_value",
    "id_as_number",
    "id_format",
    "id_birth_date",
    "id_checksum",
    "id_duplicate",
    "household_no_head",
    "household_many_heads",
    "size_mismatch",
    "member_disagreement",
    "not_a_number",
    "negative_amount",
    "income_mismatch",
    "not_in_vocabulary",
    "bad_yyyymm",
)
