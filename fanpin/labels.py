"""Every code fanpin shows a person, with its Chinese and English label: code -> (zh, en).

JSON and scripts speak the codes (``monitored``, ``high``, ``should_monitor``);
workbooks and the terminal show the label in the run's language through
``label`` or ``labeller``. Nothing else in the package holds a table of labels.
"""

from __future__ import annotations

from collections.abc import Mapping

from fanpin.io import schema
from fanpin.io.messages import Lang

Labels = Mapping[str, tuple[str, str]]


def label(table: Labels, code: object, lang: Lang) -> str:
    """The label of ``code`` in ``lang``; an unknown code is shown as it is."""
    labels = table.get(str(code))
    if labels is None:
        return str(code)
    return labels[0 if lang == "zh" else 1]


def labeller(table: Labels, lang: Lang) -> dict[str, str]:
    """``table`` as code -> label in ``lang``, for ``Series.map``."""
    position = 0 if lang == "zh" else 1
    return {code: labels[position] for code, labels in table.items()}


# Households: monitoring status, category, type, tier (domain.md §1, §4).
STATUS: dict[str, tuple[str, str]] = {
    "monitored": ("监测中", "monitored"),
    "eliminated": ("已消除风险", "risk eliminated"),
    "proposed": ("建议纳入监测", "proposed for monitoring"),
    "watch": ("跟踪观察", "watch list"),
    "none": ("无需监测", "not at risk"),
    "unassessed": ("无法评估", "cannot be assessed"),
}
CATEGORY = {code: (zh, code.replace("_", " ")) for zh, code in schema.CATEGORIES.items()}
HOUSEHOLD_TYPE = {code: (zh, code) for zh, code in schema.HOUSEHOLD_TYPES.items()}
TIER = {
    "high": ("高风险·重点监测帮扶", "high risk: key monitoring and assistance"),
    "medium": ("中风险·常态化监测帮扶", "medium risk: regular monitoring and assistance"),
    "low": ("低风险·跟踪监测", "low risk: tracking"),
}
SEVERITY = {"error": ("错误", "error"), "warning": ("提示", "warning")}

# Risk elimination (domain.md §6).
ELIMINATION_METHOD = {"assisted": ("帮扶消除", "assisted"), "natural": ("自然消除", "natural")}
ELIMINATION_STATUS = {
    "eliminated": ("已消除", "eliminated"),
    "eligible": ("可消除", "eligible"),
    "not_yet": ("暂不能消除", "not yet"),
    "safety_net": ("兜底保障·继续跟踪", "safety net, kept under tracking"),
}
MEASURE_TARGETS = {
    "development": ("发展类措施（产业或就业）", "a development measure (industry or jobs)"),
    "safety_net": ("兜底保障（综合保障）", "a safety-net measure"),
}

# The 排查 campaign: roster checks (department rules bring their own labels) and groups.
AUDIT_CHECKS: dict[str, tuple[str, str]] = {
    "should_monitor": ("应纳未纳", "should be monitored"),
    "measures_missing": ("帮扶措施未落实", "measures missing"),
    "elimination_too_early": ("风险消除过早", "eliminated too early"),
    "eliminated_below_line": ("消除时收入低于监测线", "eliminated below the line"),
    "eliminated_with_difficulty": ("消除时仍有突出困难", "eliminated with a difficulty"),
    "should_eliminate": ("应消未消", "could be eliminated"),
    "safety_net_unflagged": ("兜底保障户未标识", "safety net not flagged"),
    "zero_transfer_income": ("享受低保特困但转移性收入为零", "zero transfer income"),
    "income_decline": ("人均纯收入同比下降", "income fell"),
    "no_cadre": ("未明确帮扶责任人", "no pairing cadre"),
    "pairing_incomplete": ("未落实1+1结对", "1+1 pairing incomplete"),
    "cadre_overloaded": ("帮扶责任人结对户数超限", "cadre over the limit"),
    "list_unknown_id": ("部门名单人员不在花名册", "list ID not in the roster"),
}
AUDIT_GROUPS: dict[str, tuple[str, str]] = {
    "campaign": ("排查", "campaign check"),
    "early_warning": ("预警", "early warning"),
    "doubt": ("疑点", "doubt"),
    "list": ("名单比对", "list check"),
}

# Department lists: kind -> the list and the department that keeps it.
DEPARTMENT_LISTS: dict[str, tuple[str, str]] = {
    "medical": ("医保部门·医疗费用", "medical insurance: medical costs"),
    "civil": ("民政部门·低保特困临时救助", "civil affairs: 低保, 特困, 临时救助"),
    "disability": ("残联·残疾人证", "disabled persons' federation: certificates"),
    "housing": ("住建部门·危房鉴定", "housing: dangerous-house appraisals"),
    "education": ("教育部门·失学辍学", "education: dropouts"),
    "disaster": ("应急管理部门·受灾", "emergency management: disaster losses"),
    "employment": ("人社部门·务工就业", "human resources: employment"),
    "business": ("市场监管部门·工商注册", "market regulation: business registrations"),
    "vehicle": ("公安交管部门·机动车", "traffic police: vehicles"),
    "public_servant": ("财政供养人员", "state-funded staff"),
}
DISABILITY_GRADE = {str(n): (f"{zh}级", f"grade {n}") for n, zh in enumerate("一二三四", start=1)}

# Procedure (domain.md §5): the step a case waits for, case kinds, lead channels.
PROCEDURE_STEPS: dict[str, tuple[str, str]] = {
    "home_check": ("待入户核实", "awaiting home verification"),
    "comparison": ("待信息比对", "awaiting data comparison"),
    "appraisal": ("待村级评议", "awaiting village appraisal"),
    "notice": ("待公示", "awaiting public notice"),
    "in_notice": ("公示中", "notice posted"),
    "township_review": ("待乡镇审核", "awaiting township review"),
    "county_approval": ("待县级审定", "awaiting county approval"),
    "approved": ("已审定", "approved"),
    "unknown": ("无法判断", "unknown"),
}
PROCEDURE_KINDS = {
    "identification": ("识别", "identification"),
    "elimination": ("消除", "elimination"),
}
LEAD_CHANNELS = {code: (zh, code.replace("_", " ")) for zh, code in schema.LEAD_CHANNELS.items()}

# Relief fund: a payee's roster status as the ledger sees it, entry types, check results.
FUND_ROSTER_STATUS = {
    "monitored": ("监测中", "monitored"),
    "eliminated": ("已消除风险", "risk eliminated"),
    "proposed": ("建议纳入监测、尚未识别", "proposed for monitoring, not identified"),
    "watch": ("跟踪观察、非监测对象", "on the watch list, not monitored"),
    "none": ("非监测对象", "not monitored"),
    "unassessed": ("非监测对象（无法评估）", "not monitored (cannot be assessed)"),
}
FUND_ENTRY_TYPES = {"payment": ("支出", "payment"), "tranche": ("注资", "tranche")}
FUND_CHECK_RESULTS = {"passed": ("通过", "passed"), "failed": ("不通过", "failed")}
FUND_ENTRY_COLUMNS: dict[str, tuple[str, str]] = {
    "row": ("行号", "row"),
    "date": ("日期", "date"),
    "kind": ("类型", "type"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "household_id": ("户编号", "household ID"),
    "payee_name": ("收款人姓名", "payee"),
    "payee_id": ("收款人证件号码", "payee ID"),
    "cause": ("救助原因", "cause"),
    "amount": ("金额(元)", "amount (yuan)"),
    "event_ref": ("事件编号", "event reference"),
    **{
        f"{c}_{part}": (
            f"{zh}{'结果' if part == 'result' else '日期'}",
            f"{en} {part}",
        )
        for c, (zh, en) in schema.FUND_CHECKPOINTS.items()
        for part in ("result", "date")
    },
    "approver": ("审批人", "approver"),
    "roster_status": ("花名册状态", "roster status"),
    "counted": ("计入余额", "counted"),
    "balance": ("余额(元)", "balance (yuan)"),
    "problems": ("问题", "problems"),
    "note": ("备注", "note"),
}

# Changes between two snapshots (diff, the report's 变化 sheet).
CHANGES: dict[str, tuple[str, str]] = {
    "joined": ("新增户", "joined the roster"),
    "left": ("减少户", "left the roster"),
    "newly_monitored": ("新纳入监测", "newly monitored"),
    "newly_proposed": ("新增建议纳入", "newly proposed for monitoring"),
    "eliminated": ("风险消除", "risk eliminated"),
    "returned_to_risk": ("返贫致贫风险重现", "returned to risk"),
    "tier_up": ("风险等级上升", "tier up"),
    "tier_down": ("风险等级下降", "tier down"),
    "category_changed": ("类别变化", "category changed"),
}

# The county report's 概览: figure key -> its row label.
REPORT_FIGURES: dict[str, tuple[str, str]] = {
    "households": ("农户总数(户)", "households"),
    "people": ("人口总数(人)", "people"),
    "monitored_households": ("监测对象(户)", "monitored households"),
    "monitored_people": ("监测对象(人)", "monitored people"),
    "unstable_escaped_households": ("  其中脱贫不稳定户(户)", "  unstable escaped (households)"),
    "marginal_households": ("  其中边缘易致贫户(户)", "  marginal (households)"),
    "sudden_hardship_households": ("  其中突发严重困难户(户)", "  sudden hardship (households)"),
    "high_households": ("高风险·重点监测帮扶(户)", "high risk (households)"),
    "medium_households": ("中风险·常态化监测帮扶(户)", "medium risk (households)"),
    "low_households": ("低风险·跟踪监测(户)", "low risk (households)"),
    "proposed_households": ("建议纳入监测(应纳未纳)(户)", "proposed, not yet monitored"),
    "watch_households": ("跟踪观察(户)", "watch list (households)"),
    "eliminated_households": ("已消除风险(户)", "risk eliminated (households)"),
    "eliminated_people": ("已消除风险(人)", "risk eliminated (people)"),
    "elimination_eligible": ("可消除风险(户)", "eligible for elimination"),
    "elimination_not_yet": ("暂不能消除(户)", "not yet eligible"),
    "elimination_safety_net": ("兜底保障·继续跟踪(户)", "safety net, kept under tracking"),
    "measures_in_place": ("已落实帮扶措施(项)", "measures in place"),
    "households_with_gap": ("措施有缺口(户)", "households with a measure gap"),
    "monitored_without_measure": ("监测户无任何措施(户)", "monitored without any measure"),
    "findings": ("排查发现问题(条)", "audit findings"),
    "should_monitor": ("  其中应纳未纳(户)", "  should be monitored"),
    "fund_paid_out": ("防贫基金支出(元)", "relief fund paid out (yuan)"),
    "fund_balance": ("防贫基金余额(元)", "relief fund balance (yuan)"),
    "fund_households_helped": ("基金救助户数(户)", "households helped by the fund"),
    "cases_open": ("在办认定/消除程序(件)", "procedure cases open"),
    "cases_overdue": ("程序超期(件)", "procedure cases overdue"),
    "unassessed_households": ("无法评估(户)", "households not assessed"),
    "data_errors": ("数据错误(条)", "data errors"),
    "data_warnings": ("数据提示(条)", "data warnings"),
}

# Stages of a run, as the terminal's spinner names them.
STAGES: dict[str, tuple[str, str]] = {
    "read": ("读取文件", "reading"),
    "validate": ("逐格检查", "checking every cell"),
    "households": ("汇总到户", "building households"),
    "rules": ("评估风险", "assessing risk"),
    "measures": ("匹配帮扶措施", "matching measures"),
    "elimination": ("评估风险消除", "checking elimination"),
}

# -- reading the national export and joining several files (issue 14) -------------------------
READING: dict[str, tuple[str, str]] = {
    "combinable": (
        "（{parts} 可用逗号组合，如 {example}）",
        " ({parts} may be combined with a comma, e.g. {example})",
    ),
    "development_done": ("开发式帮扶措施（已实施）", "development measures (in place)"),
}
# Issues of joining several export files of one county: code -> (Chinese, English) template.
# Parameters: file (the other file's name), key (户编号 / 证件号码 as written), value,
# expected (the value kept), first (the file that supplied it), row (its row).
JOIN_ISSUES: dict[str, tuple[str, str]] = {
    "join_no_key": (
        "此行没有户编号和证件号码，无法与主花名册合并；请补填",
        "this row has neither 户编号 nor 证件号码 and cannot be joined to the main roster; "
        "fill one in",
    ),
    "join_unmatched": (
        "{key} {value} 不在主花名册 {main} 中，此行未合并；"
        "请核对号码，或确认该户/该人是否应在主花名册中",
        "{key} {value} is not in the main roster {main}: this row is not joined; check the "
        "number, or whether the household or person belongs in the main roster",
    ),
    "join_duplicate": (
        "{key} {value} 在本文件第 {row} 行已出现；以第一行为准，此行未合并",
        "{key} {value} already appears in row {row} of this file; the first row is used, "
        "this one is not joined",
    ),
    "join_by_name": (
        "证件号码无法使用（{value}），按户编号和姓名与主花名册合并；请把证件号码列设为文本后重新导出",
        "the ID number cannot be used ({value}); joined on 户编号 and 姓名 instead: format the "
        "ID column as text and export again",
    ),
    "join_conflict": (
        "{column} 为“{value}”，与 {first} 第 {row} 行的“{expected}”不同；以 {first} 为准",
        "{column} is '{value}' but {first} row {row} says '{expected}'; the value of {first} "
        "is used",
    ),
}
