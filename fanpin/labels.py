"""Every code fanpin shows a person, with its Chinese and English label: code -> (zh, en).

JSON and scripts speak the codes (``monitored``, ``high``, ``should_monitor``);
workbooks and the terminal show the label in the run's language through
``label`` or ``labeller``. Nothing else in the package holds a table of labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Any, Literal

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
    "returned_to_risk": ("风险消除后返贫致贫风险重现", "at risk again after elimination"),
    "low_income_not_monitored": ("民政低收入人口未纳入监测", "low-income, not monitored"),
    "income_basis_differs": ("花名册与民政收入口径不一致", "income bases differ"),
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
    "low_income": ("民政部门·低收入人口", "civil affairs: low-income population"),
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

# The county report's 概览: figure key -> its row label (parts say 其中 in report.py),
# what each figure counts, and the headings of its sections.
REPORT_FIGURES: dict[str, tuple[str, str]] = {
    "households": ("农户总数(户)", "households"),
    "monitored_households": ("监测对象(户)", "monitored households"),
    "proposed_households": ("建议纳入监测(户)", "proposed for monitoring"),
    "eliminated_households": ("已消除风险(户)", "risk eliminated"),
    "watch_households": ("跟踪观察(户)", "watch list"),
    "none_households": ("无需监测(户)", "not at risk"),
    "unassessed_households": ("无法评估(户)", "not assessed"),
    "unstable_escaped_monitored": ("脱贫不稳定户", "unstable escaped"),
    "marginal_monitored": ("边缘易致贫户", "marginal"),
    "sudden_hardship_monitored": ("突发严重困难户", "sudden hardship"),
    "uncategorised_monitored": ("类别未填", "category not recorded"),
    "monitored_by_tier": ("监测对象按风险等级(户)", "monitored households by tier"),
    "high_monitored": ("高风险·重点监测帮扶", "high risk"),
    "medium_monitored": ("中风险·常态化监测帮扶", "medium risk"),
    "low_monitored": ("低风险·跟踪监测", "low risk"),
    "unrated_monitored": ("未评定（数据错误）", "not rated (data errors)"),
    "monitored_by_elimination": ("监测对象风险消除评估(户)", "monitored households: elimination"),
    "elimination_eligible": ("可消除风险", "eligible for elimination"),
    "elimination_not_yet": ("暂不能消除", "not yet"),
    "elimination_safety_net": ("兜底保障·继续跟踪", "safety net, kept under tracking"),
    "elimination_unassessed": ("无法评估", "not assessed"),
    "proposed_by_category": ("建议纳入监测按建议类别(户)", "proposed by category"),
    "unstable_escaped_proposed": ("脱贫不稳定户", "unstable escaped"),
    "marginal_proposed": ("边缘易致贫户", "marginal"),
    "sudden_hardship_proposed": ("突发严重困难户", "sudden hardship"),
    "proposed_by_tier": ("建议纳入监测按风险等级(户)", "proposed by tier"),
    "high_proposed": ("高风险", "high risk"),
    "medium_proposed": ("中风险", "medium risk"),
    "low_proposed": ("低风险", "low risk"),
    "unrated_proposed": ("未评定（数据错误）", "not rated (data errors)"),
    "eliminated_by_method": ("已消除风险按消除方式(户)", "eliminated by method"),
    "assisted_eliminated": ("帮扶消除", "assisted"),
    "natural_eliminated": ("自然消除", "natural"),
    "unrecorded_eliminated": ("消除方式未填", "method not recorded"),
    "escaped_sorted": ("原建档立卡脱贫户分类(户)", "escaped households sorted"),
    "measures_scope": ("需帮扶措施的户(户)", "households that need measures"),
    "measures_covered": ("措施已覆盖全部风险", "every risk covered"),
    "households_with_gap": ("措施有缺口", "with a gap"),
    "measures_in_place": ("已落实帮扶措施(项)", "measures in place"),
    "monitored_without_measure": ("监测对象无任何措施(户)", "monitored without any measure"),
    "findings": ("排查发现问题(条)", "audit findings"),
    "findings_errors": ("错误", "errors"),
    "findings_warnings": ("提示", "warnings"),
    "should_monitor": ("应纳未纳(户)", "should be monitored"),
    "fund_paid_in": ("防贫基金注资(元)", "relief fund paid in (yuan)"),
    "fund_paid_out": ("防贫基金支出(元)", "relief fund paid out (yuan)"),
    "fund_balance": ("防贫基金余额(元)", "relief fund balance (yuan)"),
    "fund_households_helped": ("基金救助户数(户)", "households helped by the fund"),
    "cases": ("认定/消除程序(件)", "procedure cases"),
    "cases_approved": ("已审定", "approved"),
    "cases_open": ("在办", "open"),
    "cases_overdue": ("在办程序中超期(件)", "open cases overdue"),
    "data_errors": ("数据错误(条)", "data errors"),
    "data_warnings": ("数据提示(条)", "data warnings"),
    **{
        f"data_{severity}_{source}": (zh, en)
        for severity in ("errors", "warnings")
        for source, (zh, en) in {
            "roster": ("花名册", "roster"),
            "lists": ("部门名单", "department lists"),
            "fund": ("防贫基金台账", "relief-fund ledger"),
            "cases": ("程序台账", "cases file"),
        }.items()
    },
}
REPORT_FIGURE_NOTES: dict[str, tuple[str, str]] = {
    "households": ("花名册中的全部农户", "every household of the roster"),
    "monitored_households": (
        "已认定为监测对象、风险尚未消除的农户",
        "identified as monitored, risk not eliminated",
    ),
    "proposed_households": (
        "未认定为监测对象、按本方案应纳入监测的农户（应纳未纳），需走识别程序",
        "not identified, but the profile's rules call for monitoring: to identify",
    ),
    "eliminated_households": (
        "已标注风险消除的监测对象",
        "monitored households whose risk was eliminated",
    ),
    "watch_households": (
        "人均纯收入达到监测线、但不到其 {watch_margin} 倍的农户，跟踪观察；"
        "不是监测对象，不评定风险等级",
        "income at or above the line but under {watch_margin} times it: watched, not "
        "monitored, no tier",
    ),
    "none_households": ("收入和“三保障”均无风险的农户", "no income or three-guarantee risk"),
    "unassessed_households": (
        "数据有错误或缺收入，无法评估，见“监测对象”表的无法评估原因",
        "data errors or no income: see why on the households sheet",
    ),
    "monitored_by_tier": (
        "仅监测对象；建议纳入户见下",
        "monitored households only; proposed below",
    ),
    "monitored_by_elimination": (
        "仅监测对象；已消除的户不在其内",
        "monitored households only; eliminated ones are not",
    ),
    "proposed_by_category": ("建议纳入户按建议的类别", "proposed households by proposed category"),
    "proposed_by_tier": ("建议纳入户的风险等级", "proposed households' tiers"),
    "measures_scope": ("监测对象和建议纳入户", "monitored and proposed households"),
    "measures_in_place": (
        "监测对象和建议纳入户已落实的措施项数",
        "measures in place, in those households",
    ),
    "findings": ("排查发现问题清单的条数，见“排查发现”表", "rows of the findings sheet"),
    "should_monitor": ("与“建议纳入监测”一致", "the same households as 'proposed'"),
    "fund_balance": ("截至评估日期", "as of the assessment date"),
    "cases": ("程序台账中的案件，见“程序”表", "cases of the cases file: see its sheet"),
    "escaped_sorted": (
        "每户脱贫户的建议，见“脱贫户分类”表；不设比例",
        "a proposal per escaped household: see its sheet; no target rate",
    ),
    "data_errors": (
        "本次运行所有输入文件中的错误，逐条见“数据问题”表",
        "errors in every input of the run: each on the problems sheet",
    ),
    "data_warnings": (
        "本次运行所有输入文件中的提示，逐条见“数据问题”表",
        "warnings in every input of the run: each on the problems sheet",
    ),
}
SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
REPORT_SECTION_HEADING = {"heading": ("{number}、{heading}", "{heading}")}
REPORT_FILE = {
    "name": ("{as_of}_{county}_监测报告.xlsx", "{as_of}_{county}_monitoring_report.xlsx")
}
# The columns of the campaigns' tables the report prints (their print view), by the
# headers those tables use.
REPORT_PRINT_COLUMNS: dict[str, tuple[str, str]] = {
    "finding": ("问题", "finding"),
    "severity": ("级别", "severity"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "household_id": ("户编号", "household ID"),
    "head": ("户主姓名", "head"),
    "evidence": ("依据", "evidence"),
    "action": ("建议措施", "suggested action"),
    "cadre": ("帮扶责任人", "cadre"),
    "current_step": ("当前环节", "current step"),
    "days_elapsed": ("已用天数", "days elapsed"),
    "approval_due": ("应审定日期", "approval due"),
    "overdue": ("是否超期", "overdue"),
    "case_findings": ("发现问题", "findings"),
}
REPORT_SECTIONS: dict[str, tuple[str, str]] = {
    "all": ("总体", "All households"),
    "monitored": ("监测对象", "Monitored households"),
    "proposed": ("建议纳入监测", "Proposed for monitoring"),
    "eliminated": ("已消除风险", "Risk eliminated"),
    "escaped": ("脱贫户分类", "Escaped households sorted"),
    "measures": ("帮扶措施", "Assistance measures"),
    "audit": ("排查", "Audit"),
    "fund": ("防贫基金", "Relief fund"),
    "procedure": ("认定/消除程序", "Procedure"),
    "problems": ("数据问题", "Data problems"),
}

# Stages of a run, as the terminal's spinner names them.
STAGES: dict[str, tuple[str, str]] = {
    "read": ("读取文件", "reading"),
    "validate": ("逐格检查", "checking every cell"),
    "households": ("汇总到户", "building households"),
    "rules": ("评估风险", "assessing risk"),
    "measures": ("匹配帮扶措施", "matching measures"),
    "elimination": ("评估风险消除", "checking elimination"),
    "quality": ("逻辑校验", "cross-field checks"),
}

# Workbooks and the terminal (issue #16): what every printed page says, sheet names,
# column headers, the problems of every input, parameters, and the terminal's phrases.
PRINT_TEXTS: dict[str, tuple[str, str]] = {
    "none": ("（无）", "(none)"),
    "as_of": ("截至 {as_of}", "as of {as_of}"),
    "pages": ("第 &P 页 共 &N 页", "page &P of &N"),
    "total": ("合计", "total"),
}
SHEETS: dict[str, tuple[str, str]] = {
    "overview": ("概览", "overview"),
    "households": ("监测对象", "households"),
    "measures": ("帮扶措施", "measures"),
    "elimination": ("风险消除", "elimination"),
    "findings": ("排查发现", "findings"),
    "fund": ("防贫基金", "relief fund"),
    "procedure": ("程序", "procedure"),
    "changes": ("变化", "changes"),
    "problems": ("数据问题", "problems"),
    "about": ("说明", "about"),
    "parameters": ("参数", "parameters"),
}
SHEET_TITLES: dict[str, tuple[str, str]] = {
    "overview": ("{county}防止返贫动态监测情况", "{county}: poverty-prevention monitoring"),
    "households": ("{county}防止返贫监测对象名单", "{county}: households to report"),
    "measures": ("{county}监测对象帮扶措施落实情况", "{county}: assistance measures"),
    "elimination": ("{county}监测对象风险消除评估", "{county}: risk elimination"),
    "findings": ("{county}排查发现问题清单", "{county}: audit findings"),
    "fund": ("{county}防贫帮扶基金收支明细", "{county}: relief-fund entries"),
    "procedure": ("{county}识别/消除程序进度", "{county}: procedure cases"),
    "changes": ("{county}与上期相比的变化", "{county}: changes since the last run"),
    "problems": ("{county}数据问题清单", "{county}: data problems"),
    "about": ("{county}监测报告说明", "{county}: about this report"),
    "parameters": ("评估参数", "parameters"),
    "diff": ("变化：{old} → {new}", "Changes: {old} → {new}"),
    "validation": ("花名册数据问题清单：{source}", "Data problems of {source}"),
    "validation_place": (
        "{township}{village}花名册数据问题清单：{source}",
        "Data problems of {source}: {township} {village}",
    ),
}
YES_NO = {"yes": ("是", "yes"), "no": ("否", "no")}
LIST_SEPARATOR = {"list": ("、", ", "), "clauses": ("；", "; "), "colon": ("：", ": ")}

# Column headers of the household tables (households, measures, elimination, changes).
COLUMNS: dict[str, tuple[str, str]] = {
    "household_id": ("户编号", "household ID"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "head_name": ("户主姓名", "head of household"),
    "household_type": ("户类型", "household type"),
    "size": ("人口数", "size"),
    "status": ("监测状态", "status"),
    "category": ("监测对象类别", "category"),
    "recorded_category": ("已认定类别", "recorded category"),
    "proposed_category": ("建议类别", "proposed category"),
    "category_differs": ("类别不一致", "category differs"),
    "per_capita_income": ("人均纯收入(元)", "per-capita income (yuan)"),
    "adjusted_per_capita_income": ("扣除合规自付后人均(元)", "adjusted per-capita income (yuan)"),
    "last_year_per_capita_income": ("上年人均纯收入(元)", "last year's per-capita income (yuan)"),
    "income_change_ratio": ("同比变化", "change on last year"),
    "tier": ("风险等级", "tier"),
    "score": ("风险分值", "score"),
    "risk_factors": ("风险类型", "risk factors"),
    "evidence": ("风险依据", "evidence"),
    "reasons": ("评分规则", "scoring rules"),
    "cadre": ("帮扶责任人", "pairing cadre"),
    "unassessed_reason": ("无法评估原因", "why not assessed"),
    "first_row": ("原表行号", "row in the roster"),
    "measure_state": ("落实情况", "state"),
    "measures_received": ("已落实措施", "measures in place"),
    "measures_missing": ("尚未覆盖", "not yet covered"),
    "measures_options": ("可选措施（责任部门）", "measures to choose from (department)"),
    "measures_unrecognised": ("无法识别的措施名称", "measure names not recognised"),
    "measures_received_codes": ("已落实措施代码", "codes in place"),
    "measures_gap_codes": ("缺口措施代码", "gap codes"),
    "monitored_since": ("识别监测时间", "identified"),
    "months_monitored": ("已监测月数", "months monitored"),
    "elimination_status": ("消除评估", "assessment"),
    "elimination_method_proposed": ("建议消除方式", "proposed method"),
    "elimination_blockers": ("不能消除的原因", "why not yet"),
    "elimination_method": ("已消除方式", "recorded method"),
    "eliminated_month": ("消除监测时间", "eliminated in"),
    "elimination_action": ("建议处理", "suggested action"),
    "income_without_transfers": ("扣除转移性收入后人均(元)", "per-capita income without transfers"),
    "escaped_track": ("分类建议", "proposal"),
    "escaped_track_reasons": ("依据", "reasons"),
    "change": ("变化", "change"),
    "before": ("之前", "before"),
    "after": ("之后", "after"),
    "change_code": ("变化代码（供程序使用）", "change code (for scripts)"),
}
MEASURE_STATES = {
    "covered": ("已覆盖", "covered"),
    "gap": ("有缺口", "gap"),
    "none_needed": ("无需措施", "none needed"),
}
MEASURE_OPTIONS = {
    "more": ("等 {count} 项", "and {count} more"),
    "factor": ("{factor}：{measures}", "{factor}: {measures}"),
}

# Problems in the inputs of a run (issues.ISSUE_COLUMNS): each code's short name, the
# input it came from, and the problems sheet's columns.
ISSUE_KINDS: dict[str, tuple[str, str]] = {
    "missing_value": ("必填项为空", "empty required cell"),
    "control_characters": ("含有控制字符（已删除）", "control characters (removed)"),
    "id_as_number": ("证件号码被存成数字", "ID stored as a number"),
    "id_format": ("证件号码格式错误", "ID malformed"),
    "id_birth_date": ("证件号码出生日期无效", "ID birth date invalid"),
    "id_checksum": ("证件号码校验码错误", "ID check digit wrong"),
    "id_duplicate": ("证件号码重复", "ID on several records"),
    "household_no_head": ("户无户主", "household without a head"),
    "household_many_heads": ("户有多个户主", "household with several heads"),
    "size_mismatch": ("家庭人口数与成员数不符", "household size differs"),
    "member_disagreement": ("同户成员信息不一致", "members disagree"),
    "not_a_number": ("不是数字", "not a number"),
    "negative_amount": ("金额为负", "negative amount"),
    "income_mismatch": ("人均纯收入与收入构成不符", "income does not add up"),
    "not_in_vocabulary": ("填写值不在允许范围", "value not allowed"),
    "bad_yyyymm": ("年月格式错误", "not a YYYYMM month"),
    "bad_date": ("日期无效", "invalid date"),
    "fund_amount_precision": ("金额超过两位小数", "amount below the fen"),
    "fund_zero_amount": ("金额为 0", "zero amount"),
    "fund_unknown_household": ("户编号不在花名册", "household not in the roster"),
    "fund_not_monitored": ("救助对象不是监测对象", "payee not monitored"),
    "fund_after_elimination": ("风险消除后仍获救助", "paid after elimination"),
    "fund_before_identification": ("识别前获救助", "paid before identification"),
    "fund_payee_not_member": ("收款人不是家庭成员", "payee not a member"),
    "fund_payee_name_mismatch": ("收款人姓名不符", "payee name differs"),
    "fund_checkpoint_missing": ("三关审核缺项", "checkpoint missing"),
    "fund_checkpoint_failed": ("三关审核未通过", "checkpoint failed"),
    "fund_paid_before_check": ("审核前已支付", "paid before the check"),
    "fund_cause_not_covered": ("救助原因不在范围内", "cause not covered"),
    "fund_over_cap": ("超过单笔上限", "over the cap"),
    "fund_off_standard": ("不同于救助标准", "off the standard"),
    "fund_over_yearly_cap": ("超过年度上限", "over the yearly cap"),
    "fund_duplicate_event": ("同一事件重复救助", "event paid twice"),
    "fund_negative_balance": ("基金余额为负", "balance below zero"),
    "fund_after_as_of": ("晚于截止日期", "after the as-of date"),
    "fund_tranches_differ": ("注资与方案不符", "tranches differ"),
    "list_name_mismatch": ("名单姓名与花名册不符", "name differs from the roster"),
}
ISSUE_SOURCES: dict[str, tuple[str, str]] = {
    "roster": ("花名册", "roster"),
    "list": ("部门名单：{list}", "department list: {list}"),
    "fund": ("防贫基金台账", "relief-fund ledger"),
    "cases": ("程序台账", "cases file"),
}
PROBLEM_COLUMNS: dict[str, tuple[str, str]] = {
    "source": ("来源", "input"),
    "file": ("文件", "file"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "household_id": ("户编号", "household ID"),
    "head_name": ("户主姓名", "head of household"),
    "severity": ("级别", "severity"),
    "kind": ("问题", "problem"),
    "sheet": ("工作表", "sheet"),
    "row": ("行号", "row"),
    "column": ("列", "column"),
    "value": ("值", "value"),
    "message": ("说明", "message"),
    "code": ("问题代码（供程序使用）", "code (for scripts)"),
    "fixed": ("整改情况（村填写）", "fixed? (the village fills in)"),
}
SPLIT_FILES = {
    "village": ("{township}_{village}_数据问题.xlsx", "{township}_{village}_problems.xlsx"),
    "unplaced": ("未定位到村_数据问题.xlsx", "no_village_problems.xlsx"),
}
CHANGE_NOTES = {
    "first": ("无上期快照，本期为首次", "no earlier snapshot: this is the first run"),
    "none": ("与上期相比无变化", "no change since the previous snapshot"),
}

# Parameter and about sheets: item -> label.
PARAMETERS: dict[str, tuple[str, str]] = {
    "profile": ("规则方案", "profile"),
    "profile_version": ("方案版本", "profile version"),
    "profile_hash": ("方案校验值", "profile hash"),
    "year": ("收入年度", "income year"),
    "line": ("监测线(元/人·年)", "monitoring line (yuan/person/year)"),
    "as_of": ("评估日期", "as of"),
    "drop_ratio": ("收入骤降比例", "income drop ratio"),
    "watch_margin": ("跟踪观察倍数", "watch-list margin"),
    "high_from": ("高风险分值线", "high tier from (points)"),
    "medium_from": ("中风险分值线", "medium tier from (points)"),
    "fanpin_version": ("fanpin 版本", "fanpin version"),
    "generated": ("生成时间", "generated"),
    "input": ("输入文件", "input file"),
    "input_hash": ("{path}  sha256 {sha256}", "{path}  sha256 {sha256}"),
    "rule": ("评分规则：{label}", "rule: {label}"),
    "rule_value": ("{when} → +{points} 分", "{when} → +{points} points"),
    "line_source": ("监测线来源", "monitoring line set in"),
    "terminology": ("用语", "terms"),
    "item": ("项目", "item"),
    "value": ("内容", "value"),
    "checked_file": ("检查的文件", "file checked"),
    "sheet": ("工作表", "sheet"),
    "header_row": ("表头所在行", "header row"),
    "records": ("记录数(人)", "records (people)"),
    "households": ("户数", "households"),
    "errors": ("错误(条)", "errors"),
    "warnings": ("提示(条)", "warnings"),
    "split_by": ("拆分", "split"),
}

# The 概览 sheet: its column headers, section headings and what each figure counts.
OVERVIEW_COLUMNS = {
    "figure": ("指标", "figure"),
    "value": ("数值", "value"),
    "people": ("人数", "people"),
    "counts": ("口径说明", "what it counts"),
}
OVERVIEW_TEXTS: dict[str, tuple[str, str]] = {
    "subtitle": (
        "评估日期 {as_of}　收入年度 {year}　监测线 {line:,.0f} 元/人·年",
        "as of {as_of}, income year {year}, line {line:,.0f} yuan/person/year",
    ),
    "part_of": ("  其中：{label}", "  of which: {label}"),
    "township": ("乡(镇)", "township"),
    "households": ("户数", "households"),
    "tier_chart": ("分乡镇监测对象风险等级（户）", "monitored households by township and tier"),
    "category_chart": ("监测对象类别（户）", "monitored households by category"),
    "elimination_chart": ("监测对象风险消除评估（户）", "monitored households: elimination"),
    "category": ("类别", "category"),
    "assessment": ("评估结果", "assessment"),
    "unassessed": ("未评定（数据错误）", "not rated (data errors)"),
    "not_recorded": ("未填", "not recorded"),
}

# The terminal's phrases for rosters and the county report (cli/show_roster, show_county).
TERMINAL: dict[str, tuple[str, str]] = {
    "wrote": ("已写入 {path}", "wrote {path}"),
    "notice_to_print": ("打印公示请加 -o {path}", "to print it: -o {path}"),
    "read": (
        "[bold]{path}[/] 工作表 {sheet}，表头在第 {header_row} 行："
        "{records} 条记录，{households} 户",
        "[bold]{path}[/] sheet {sheet}, header row {header_row}: "
        "{records} records, {households} households",
    ),
    "unknown_columns": ("未使用的列：{columns}", "columns not used: {columns}"),
    "no_problems": ("未发现问题", "no problems found"),
    "problems_by_code": ("按问题统计", "problems by code"),
    "problem": ("问题", "problem"),
    "code": ("代码", "code"),
    "severity": ("级别", "severity"),
    "count": ("条数", "count"),
    "more": ("… 另有 {count} 条；全部问题请用 {where}", "… {count} more; use {where} for all"),
    "where_validate": ("-o 数据问题.xlsx 或 --format csv", "--format csv or -o issues.xlsx"),
    "counts": ("错误 {errors} 条，提示 {warnings} 条", "{errors} errors, {warnings} warnings"),
    "split_written": (
        "按村拆分：{files} 个工作簿写入 {folder}",
        "split by village: {files} workbooks in {folder}",
    ),
    "village_file": (
        "{township}{village}：错误 {errors}，提示 {warnings} → {name}",
        "{township} {village}: {errors} errors, {warnings} warnings → {name}",
    ),
    "classified": (
        "[bold]{path}[/]：{households} 户，{people} 人 · 规则方案 {profile} {version} · "
        "{year} 年度，监测线 {line:,.0f} 元 · 评估日期 {as_of}",
        "[bold]{path}[/]: {households} households, {people} people · profile {profile} "
        "{version} · year {year}, line {line:,.0f} yuan · as of {as_of}",
    ),
    "households_people": ("户数（人数）", "households (people)"),
    "households": ("户数", "households"),
    "people": ("人数", "people"),
    "proposed_not_monitored": (
        "{count} 户建议纳入监测、尚未识别",
        "{count} proposed for monitoring but not monitored",
    ),
    "category_differs": (
        "{count} 户已认定类别与建议类别不同",
        "{count} monitored under a category other than the one proposed",
    ),
    "returned_to_risk": (
        "{count} 户已消除风险但再次出现风险",
        "{count} risk eliminated but at risk again",
    ),
    "unassessed": (
        "[red]{count} 户无法评估[/]（{why}）",
        "[red]{count} households could not be assessed[/] ({why})",
    ),
    "all_assessed": ("所有农户均已评估", "every household was assessed"),
    "data_problems": (
        "数据问题：错误 {errors} 条，提示 {warnings} 条（见“数据问题”表或 `fanpin validate`）",
        "data problems: {errors} errors, {warnings} warnings "
        "(see the problems sheet or `fanpin validate`)",
    ),
    "profiles": ("规则方案", "profiles"),
    "profile_name": ("名称", "name"),
    "profile_version": ("版本", "version"),
    "profile_lines": ("各年度监测线", "monitoring line by year"),
    "profile_tiers": ("风险分值线（高/中）", "tiers (high/medium)"),
    "profile_rules": ("规则", "rules"),
    "profile_source": ("来源", "source"),
    "profile_rule_counts": ("风险规则 {risk} 条，评分规则 {tier} 条", "{risk} risk, {tier} tier"),
    "built_in": ("内置", "built-in"),
    "change": ("变化", "change"),
    "diff_files": ("{old} → {new}", "{old} → {new}"),
    "report_head": (
        "[bold]{county}[/] 截至 {as_of}：{households} 户；监测对象 {monitored} 户 {people} 人，"
        "建议纳入监测 {proposed} 户，已消除风险 {eliminated} 户，跟踪观察 {watch} 户",
        "[bold]{county}[/] as of {as_of}: {households} households; {monitored} monitored "
        "({people} people), {proposed} proposed, {eliminated} eliminated, "
        "{watch} on the watch list",
    ),
    "first_run": ("首次运行：没有上期快照可比较", "first run: no earlier snapshot to compare with"),
    "since": ("与 {snapshot} 相比：{changes}", "since {snapshot}: {changes}"),
    "no_changes": ("无变化", "no changes"),
    "report_warnings": (
        "预警：{households} 户 {findings} 条（与此前 {months} 期月度快照相比）；逐条见“预警”表",
        "early warning: {findings} warnings for {households} households (against {months} "
        "earlier monthly snapshots); each on the warning sheet",
    ),
    "report_problems": (
        "数据问题：错误 {errors} 条（{by_source}），提示 {warnings} 条；逐条见“数据问题”表",
        "data problems: {errors} errors ({by_source}), {warnings} warnings; "
        "each on the problems sheet",
    ),
    "removed": ("已删除旧报告 {name}", "removed old report {name}"),
    "workbook": ("工作簿：{path}", "workbook: {path}"),
    "next": (
        "下一步：fanpin report --county zixing --workspace {directory}",
        "next: fanpin report --county zixing --workspace {directory}",
    ),
    "next_2026": (
        "      fanpin report --county zixing_2026 --workspace {directory}（2026 年起的规则）",
        "      fanpin report --county zixing_2026 --workspace {directory}  (the 2026 rules)",
    ),
}

# Why a household cannot be assessed (rules/assess.py); the part before the colon is the
# reason the summary counts.
UNASSESSED: dict[str, tuple[str, str]] = {
    "data_error": ("数据错误：{cells}", "data error: {cells}"),
    "cell": ("{column} 第{row}行", "{column} row {row}"),
    "no_household_type": ("缺少户类型", "no household type"),
    "no_income": ("无收入数据", "no income data"),
}
# Why a monitored household's risk cannot be eliminated yet (rules/elimination.py):
# sentence templates over household fields.
ELIMINATION_BLOCKERS: dict[str, tuple[str, str]] = {
    "data_error": ("无法评估：{unassessed_reason}", "cannot be assessed: {unassessed_reason}"),
    "identification_unknown": ("缺少识别监测时间", "identification month unknown"),
    "monitored_too_short": (
        "纳入监测仅 {months_monitored:.0f} 个月（{monitored_since} 起），不足 {min_months} 个月",
        "monitored {months_monitored:.0f} months (since {monitored_since}), under {min_months}",
    ),
    "income_below_line": (
        "人均纯收入 {per_capita_income:,.2f} 元低于监测线 {line:,.0f} 元",
        "per-capita income {per_capita_income:,.2f} below the line {line:,.0f}",
    ),
    "last_year_below_line": (
        "上年人均纯收入 {last_year_per_capita_income:,.2f} 元低于监测线 {last_line:,.0f} 元，"
        "收入尚不稳定",
        "last year's per-capita income {last_year_per_capita_income:,.2f} below the line "
        "{last_line:,.0f}: income not yet stable",
    ),
    "adjusted_income_below_line": (
        "扣除合规自付支出后人均 {adjusted_per_capita_income:,.2f} 元低于监测线，刚性支出未得到控制",
        "adjusted per-capita income {adjusted_per_capita_income:,.2f} below the line: "
        "rigid expenditure not under control",
    ),
    "dropout": ("义务教育阶段子女失学辍学未解决", "a school-age child is still out of school"),
    "uninsured": ("有成员未参加基本医疗保险", "a member has no basic medical insurance"),
    "unsafe_housing": ("住房安全未保障（危房）", "housing is not safe"),
    "unsafe_water": ("饮水安全未解决", "drinking water is not secured"),
    "no_measure": (
        "尚未落实任何帮扶措施（本方案不允许自然消除）",
        "no assistance measure in place (this profile does not allow natural elimination)",
    ),
    "no_labour_no_security": (
        "家庭无劳动力，且未纳入低保或特困供养兜底",
        "no labour-capable member and no 低保/特困 safety net yet",
    ),
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

# After the transition period (domain.md §6, §11; issue 15): the words of each era, the
# sorting of 原建档立卡脱贫户, the action for a household whose risk returned.
Era = Literal["2021", "2026"]  # a profile's ``terminology``
ERAS: tuple[Era, ...] = ("2021", "2026")
TERMS: dict[str, dict[Era, tuple[str, str]]] = {
    # the households' sheet of classify and the report
    "households_sheet": {
        "2021": ("监测对象", "households"),
        "2026": ("防止返贫致贫对象", "households"),
    },
    "object_category": {
        "2021": ("监测对象类别", "category"),
        "2026": ("防止返贫致贫对象类别", "category"),
    },
    # the households a message names: 户 … 不是监测对象 (the fund's checks)
    "object": {
        "2021": ("监测对象", "monitored household"),
        "2026": ("防止返贫致贫对象", "household under the prevention mechanism"),
    },
    # the notice's title and introduction: 防止返贫监测对象识别公示
    "notice_object": {
        "2021": ("防止返贫监测对象", "monitored households"),
        "2026": ("防止返贫致贫对象", "households under the prevention mechanism"),
    },
    "report_title": {
        "2021": ("{county}防止返贫动态监测情况", "{county} monitoring report"),
        "2026": ("{county}防止返贫致贫对象监测帮扶情况", "{county} prevention monitoring report"),
    },
    # 风险消除不设置比例要求: a state of affairs, never "progress" towards a rate
    "elimination_overview": {
        "2021": ("风险消除情况", "risk elimination"),
        "2026": ("风险消除情况", "risk elimination"),
    },
}
# 概览 rows whose words change with the era (the rest of REPORT_FIGURES stays).
REPORT_FIGURES_BY_ERA: dict[Era, dict[str, tuple[str, str]]] = {
    "2021": {},
    "2026": {
        "monitored_households": ("防止返贫致贫对象(户)", "households under the mechanism"),
        "monitored_people": ("防止返贫致贫对象(人)", "people under the mechanism"),
        "monitored_without_measure": (
            "防止返贫致贫对象无任何措施(户)",
            "households under the mechanism without any measure",
        ),
    },
}


def term(code: str, era: Era, lang: Lang) -> str:
    """The word for ``code`` in a profile's era (``terminology``) and ``lang``."""
    return TERMS[code][era][0 if lang == "zh" else 1]


# 概览 rows of a profile that sorts 脱贫户 (domain.md §11), shown after the elimination rows.
ESCAPED_TRACK_FIGURES: dict[str, tuple[str, str]] = {
    "escaped_continue": ("脱贫户·建议继续帮扶(户)", "escaped: keep helping (households)"),
    "escaped_exit": ("脱贫户·建议有序退出(户)", "escaped: may leave assistance (households)"),
}


def report_figures(era: Era) -> dict[str, tuple[str, str]]:
    """The 概览 row labels in an era's words: REPORT_FIGURES with the escaped-track rows
    after the elimination rows (a row shows only when the run has its figure)."""
    changed = REPORT_FIGURES_BY_ERA[era]
    ordered: dict[str, tuple[str, str]] = {}
    for key, (zh, en) in REPORT_FIGURES.items():
        ordered[key] = changed.get(key, (in_era(zh, era), en))
        if key == "elimination_safety_net":
            ordered |= ESCAPED_TRACK_FIGURES
    return ordered


ESCAPED_TRACK: dict[str, tuple[str, str]] = {
    "exit": ("建议有序退出", "may leave assistance in order"),
    "continue": ("建议继续帮扶", "keep helping"),
}
# Reasons fanpin gives itself, beside the profile's [[escaped_track.continue_when]] rules.
ESCAPED_TRACK_BUILTIN_REASONS: dict[str, tuple[str, str]] = {
    "data_error": (
        "数据有误，核实前不作退出建议：{unassessed_reason}",
        "data error, no exit proposed before it is checked: {unassessed_reason}",
    ),
    "exit_conditions_met": (
        "收入稳定、不依赖转移性收入、无需兜底，且未纳入监测或跟踪",
        "stable income without relying on transfers, no safety net needed, not monitored "
        "or watched",
    ),
}
ELIMINATION_ACTION: dict[str, tuple[str, str]] = {
    "re_identify": (
        "风险再标注：已消除风险但现不符合消除条件，按识别程序重新纳入监测"
        "（如消除时即不符合条件，按风险消除回退处理）",
        "re-identify (风险再标注): eliminated, but the tests fail now; identify it again "
        "through the procedure (roll the elimination back, 风险消除回退, if it was wrong "
        "when made)",
    ),
}
# Where a run's monitoring line was set (meta's line_source / line_set_in), for 参数 and 说明.
LINE_SOURCES: dict[str, tuple[str, str]] = {
    "profile": ("规则方案 {where}", "profile {where}"),
    "workspace": ("工作区配置 {where}", "workspace configuration {where}"),
    "option": ("命令行 {where}（仅本次运行）", "{where} on the command line, this run only"),
}
RUN_FIELDS: dict[str, tuple[str, str]] = {
    "line_source": ("监测线来源", "monitoring line set in"),
    "terminology": ("用语", "terms"),
}
TERMINOLOGY: dict[str, tuple[str, str]] = {
    "2021": ("监测对象（2021—2025年过渡期）", "monitored households (2021-2025)"),
    "2026": ("防止返贫致贫对象（2026年起）", "households under the prevention mechanism (2026 on)"),
}


def line_source(kind: str, where: str, lang: Lang) -> str:
    """Where a line was set, as a person reads it: 工作区配置 /srv/fanpin/fanpin.toml …"""
    return label(LINE_SOURCES, kind, lang).format(where=where)


ESCAPED_TRACK_SHEET: dict[str, tuple[str, str]] = {"sheet": ("脱贫户分类", "escaped households")}
# print8: the 脱贫户分类 sheet's title row, with the county as every other sheet's.
SHEET_TITLES["escaped_track"] = ("{county}脱贫户分类", "{county}: escaped households")
SHEET_TITLES["income_basis"] = (
    "{county}防止返贫监测与民政低收入人口收入口径比对",
    "{county}: incomes by the two bases (monitoring and civil affairs)",
)
# What-if simulation (`fanpin simulate`, domain.md §11 规范标准调整机制): change codes,
# sheets, columns, figures and phrases of the workbook and the terminal.
SIMULATE_CHANGES: dict[str, tuple[str, str]] = {
    "entering": ("新纳入监测", "entering monitoring"),
    "leaving": ("退出监测", "leaving monitoring"),
    "tier_up": ("风险等级上升", "tier up"),
    "tier_down": ("风险等级下降", "tier down"),
    "category_changed": ("类别变化", "category changed"),
    "watch_joined": ("新进入跟踪观察", "joining the watch list"),
    "watch_left": ("退出跟踪观察", "leaving the watch list"),
}
SIMULATE_SHEETS: dict[str, tuple[str, str]] = {
    "overview": ("概览", "overview"),
    "changes": ("变化", "changes"),
    "boundary": ("边界户", "boundary"),
    "parameters": ("参数", "parameters"),
}
SIMULATE_COLUMNS: dict[str, tuple[str, str]] = {
    "household_id": ("户编号", "household ID"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "head_name": ("户主姓名", "head"),
    "size": ("人口数", "size"),
    "change": ("变化", "change"),
    "changes": ("全部变化", "all changes"),
    "status_before": ("调整前状态", "status before"),
    "status_after": ("调整后状态", "status after"),
    "category_before": ("调整前类别", "category before"),
    "category_after": ("调整后类别", "category after"),
    "tier_before": ("调整前风险等级", "tier before"),
    "tier_after": ("调整后风险等级", "tier after"),
    "score_before": ("调整前风险分值", "score before"),
    "score_after": ("调整后风险分值", "score after"),
    "per_capita_income": ("人均纯收入(元)", "per-capita income"),
    "line": ("调整后监测线(元)", "new line"),
    "gap": ("与调整后监测线之差(元)", "difference from the new line"),
    "gap_ratio": ("相对差", "relative difference"),
    "item": ("项目", "item"),
    "before_households": ("调整前(户)", "before (households)"),
    "before_people": ("调整前(人)", "before (people)"),
    "after_households": ("调整后(户)", "after (households)"),
    "after_people": ("调整后(人)", "after (people)"),
    "delta_households": ("增减(户)", "change (households)"),
    "delta_people": ("增减(人)", "change (people)"),
    "before_both": ("调整前 户(人)", "before"),
    "after_both": ("调整后 户(人)", "after"),
    "boundary": ("边界户", "near the line"),
    "households": ("户数", "households"),
    "people": ("人数", "people"),
    "setting": ("参数", "setting"),
    "before": ("调整前", "before"),
    "after": ("调整后", "after"),
    "differs": ("是否调整", "changed"),
    "cause": ("救助原因", "cause"),
    "standard": ("定额标准(元)", "standard (yuan)"),
    "cap": ("单次上限(元)", "cap per payment (yuan)"),
    "amount": ("金额(元)", "amount (yuan)"),
}
SIMULATE_FIGURES: dict[str, tuple[str, str]] = {
    "households": ("农户总数", "households"),
    "monitoring": ("监测对象（含建议纳入、风险再现）", "in monitoring (incl. proposed, returned)"),
    "changed": ("有变化的户", "households that change"),
    "boundary": ("边界户（调整后监测线±{band:.0%}）", "near the new line (±{band:.0%})"),
    "unassessed": ("无法评估", "cannot be assessed"),
    "cost_low": ("新纳入户防贫基金支出·低值(元)", "relief-fund exposure, low (yuan)"),
    "cost_high": ("新纳入户防贫基金支出·高值(元)", "relief-fund exposure, high (yuan)"),
    "cost_matching": (
        "其中风险类型对应基金救助原因(户)",
        "of which with a fund cause (households)",
    ),
}
SIMULATE_TEXT: dict[str, tuple[str, str]] = {
    "title": ("监测标准调整模拟", "What a new line or rule would change"),
    "profile": (
        "{name} {version}（{hash}），监测线 {line:,.0f} 元/人·年",
        "{name} {version} ({hash}), line {line:,.0f} yuan/person/year",
    ),
    "run": (
        "调整前：{before}\n调整后：{after}\n收入年度 {year}　评估日期 {as_of}　{households:,} 户 "
        "{people:,} 人",
        "before: {before}\nafter: {after}\nincome year {year}, as of {as_of}, "
        "{households:,} households, {people:,} people",
    ),
    "overrides": ("调整项：{overrides}", "overrides: {overrides}"),
    "no_overrides": ("调整项：无（另一规则方案）", "overrides: none (another profile)"),
    "chart": (
        "分乡镇监测对象（户）：调整前后",
        "households in monitoring by township: before and after",
    ),
    "cost": ("新纳入监测户防贫基金支出测算", "relief-fund exposure of households entering"),
    "cost_range": (
        "{low} ～ {high} 元（{matching:,} 户风险类型对应基金救助原因，共新纳入 {entering:,} 户）",
        "{low} to {high} yuan ({matching:,} of {entering:,} entering households have a fund cause)",
    ),
    "cost_none": (
        "规则方案未设防贫基金每次救助上限（fund.caps），未测算",
        "the profile sets no relief-fund caps per cause (fund.caps): no estimate",
    ),
    "cost_assumption": (
        "测算口径：仅计新纳入监测户；风险类型与基金救助原因对应（因病←因病，因灾←因自然灾害，"
        "因房←因安全住房，因产业发展受损←因产业项目失败）的户，每户按一次救助计。低值：按对应原因中"
        "最低的定额标准支付，未设定额标准的原因按不支付计；高值：按对应原因中最高的单次上限支付"
        "（未设上限的按定额标准），不超过每户年度上限。仅为风险敞口测算，不代表实际支出。",
        "Basis: households entering monitoring only; a household whose risk factors match a "
        "cause the fund pays (illness ← illness, disaster ← natural disaster, housing ← unsafe "
        "housing, industry loss ← industry failure) counts for one payment. Low: the smallest "
        "standard among its causes, nothing for a cause without a standard; high: the largest "
        "cap per payment among its causes (the standard where no cap is set), within the yearly "
        "cap per household. An exposure estimate, not a forecast of spending.",
    ),
    "unbounded": (
        "{count:,} 户的对应原因既无上限也无定额标准，未计入高值",
        "{count:,} households have a cause with neither cap nor standard: not in the high figure",
    ),
    "summary_title": ("调整前后对比（户/人）", "before and after (households / people)"),
    "changes_title": ("变化（户/人）", "changes (households / people)"),
    "townships_title": ("变化最多的乡镇", "townships with the most changes"),
    "boundary_line": (
        "边界户（人均纯收入在调整后监测线 {low:,.0f}～{high:,.0f} 元之间）：{households:,} 户 "
        "{people:,} 人",
        "near the new line (per-capita income {low:,.0f} to {high:,.0f} yuan): "
        "{households:,} households, {people:,} people",
    ),
    "unassessed_line": (
        "{households:,} 户无法评估（数据错误或无收入数据），两次模拟均未计入监测",
        "{households:,} households cannot be assessed (data errors or no income) in either run",
    ),
    "issues_line": (
        "数据问题：{errors:,} 个错误，{warnings:,} 个提示（见 fanpin validate）",
        "data problems: {errors:,} errors, {warnings:,} warnings (see fanpin validate)",
    ),
    "no_change": ("没有户发生变化", "no household changes"),
    "missing_township": ("（未填乡镇）", "(no township)"),
}
SIMULATE_PARAMETERS: dict[str, tuple[str, str]] = {
    "profile": ("规则方案", "profile"),
    "year": ("收入年度", "income year"),
    "line": ("监测线(元/人·年)", "monitoring line (yuan/person/year)"),
    "as_of": ("评估日期", "as of"),
    "overrides": ("调整项", "overrides"),
    "band": ("边界户范围(监测线±)", "boundary band (± the line)"),
    "input": ("输入文件", "input file"),
    "fanpin_version": ("fanpin 版本", "fanpin version"),
}
# The profile settings a line or rule change usually touches, named on the 参数 sheet.
SIMULATE_SETTINGS: dict[str, tuple[str, str]] = {
    "monitoring_line": ("{year} 年监测线(元/人·年)", "{year} monitoring line (yuan/person/year)"),
    "category.drop_ratio": ("收入骤降比例", "income drop ratio"),
    "category.watch_margin": ("跟踪观察倍数(监测线×)", "watch margin (× line)"),
    "tiers.high": ("高风险起点分", "high tier from (points)"),
    "tiers.medium": ("中风险起点分", "medium tier from (points)"),
}

# Procedure and relief fund (procfund: campaigns/procedure.py, campaigns/fund/, their writers
# and terminal summaries): finding labels and messages, phrases, columns, sheets, parameters.
CAMPAIGN_WORDS: dict[str, tuple[str, str]] = {
    "blank": ("（未填）", "(blank)"),
    "unknown": ("（未知）", "(unknown)"),
    "no_limit": ("不限", "none"),
    "item": ("项目", "item"),
    "value": ("值", "value"),
}
PROCEDURE_FINDINGS: dict[str, tuple[str, str]] = {
    "overdue": ("超期", "overdue"),
    "home_check_late": ("入户核实超时", "home check late"),
    "out_of_order": ("环节顺序颠倒", "steps out of order"),
    "missing_step": ("缺少环节", "missing step"),
    "notice_too_short": ("公示期不足", "notice too short"),
    "review_during_notice": ("公示期内乡镇审核", "township review during the notice"),
    "future_date": ("日期晚于统计日", "date in the future"),
    "help_before_identification": ("未审定先帮扶", "help before identification"),
}
PROCEDURE_FINDING_MESSAGES: dict[str, tuple[str, str]] = {
    "overdue": (
        "{detail}，超过 {limit} {unit}时限（应于 {due} 前县级审定）",
        "{detail}, over the limit of {limit} {unit} (county approval due by {due})",
    ),
    "home_check_late": (
        "{detail}，超过入户核实时限 {limit} {unit}（应于 {due} 前核实）",
        "{detail}, over the home-check limit of {limit} {unit} (due by {due})",
    ),
    "out_of_order": (
        "{column} {value} 早于前一环节 {previous}（{previous_value}）；请核对日期",
        "{column} {value} is before the step before it, {previous} ({previous_value}); "
        "check the dates",
    ),
    "missing_step": (
        "{column} 为空，但其后的 {later} 已有日期；请补填日期或核实是否漏走程序",
        "{column} is empty although the later step {later} is dated; fill in the date "
        "or check whether the step was skipped",
    ),
    "notice_too_short": (
        "公示 {start} 至 {value} 仅 {days} 天（首尾两天都计入），少于 {limit} 天",
        "the notice ran {days} days ({start} to {value}, both days counted), under {limit}",
    ),
    "review_during_notice": (
        "{column} {value} 是公示的最后一天（{notice_end} 当天仍在公示期内）；"
        "乡镇审核应在公示期满后进行，请核对日期",
        "{column} {value} is the notice's last day ({notice_end} is still within the "
        "notice); the township reviews after the notice has ended: check the dates",
    ),
    "future_date": (
        "{column} {value} 晚于统计日期 {as_of}；请核对年份和月份",
        "{column} {value} is after the as-of date {as_of}; check the year and month",
    ),
    "help_before_identification": (
        "{column} {value} 早于县级审定（{approval}），且不是受灾先行帮扶；请核实",
        "help began {value}, before county approval ({approval}), and the case is not a "
        "disaster fast-track; check it",
    ),
}
PROCEDURE_PHRASES: dict[str, tuple[str, str]] = {
    "calendar": ("天", "days"),
    "working": ("个工作日", "working days"),
    "approval_took": (
        "从线索到县级审定用了 {days} {unit}",
        "lead to county approval took {days} {unit}",
    ),
    "approval_open": (
        "线索日期起已过 {days} {unit}仍未县级审定（{step}）",
        "{days} {unit} since the lead and not yet approved ({step})",
    ),
    "home_check_took": (
        "线索后 {days} {unit}才入户核实",
        "home check {days} {unit} after the lead",
    ),
    "home_check_open": (
        "线索日期起已过 {days} {unit}仍未入户核实",
        "{days} {unit} since the lead and no home check yet",
    ),
    "not_approved": ("未审定", "not yet approved"),
}
DAY_COUNTS = {"calendar": ("自然日", "calendar days"), "working": ("工作日", "working days")}
PROCEDURE_COLUMNS: dict[str, tuple[str, str]] = {
    **{f.name: (f.header, f.label_en) for f in schema.CASES.fields},
    "row": ("行号", "row"),
    "fast_track": ("受灾先行帮扶", "disaster fast-track"),
    "current_step": ("当前环节", "current step"),
    "days_elapsed": ("已用天数", "days elapsed"),
    "limit_days": ("时限", "limit"),
    "due_date": ("应审定日期", "approval due"),
    "overdue": ("是否超期", "overdue"),
    "notice_days": ("公示天数", "notice days"),
    "findings": ("发现问题", "findings"),
    "finding": ("问题", "finding"),
    "severity": ("级别", "severity"),
    "column": ("列", "column"),
    "value": ("值", "value"),
    "message": ("说明", "message"),
    "cases": ("案件数", "cases"),
    "open": ("未办结", "open"),
    "overdue_count": ("超期", "overdue"),
    "finding_count": ("问题数", "findings"),
}
PROCEDURE_SHEETS: dict[str, tuple[str, str]] = {
    "cases": ("程序进度", "cases"),
    "findings": ("发现问题", "findings"),
    "townships": ("乡镇汇总", "by township"),
    "problems": ("数据问题", "problems"),
    "parameters": ("参数", "parameters"),
}
PROCEDURE_PARAMETERS: dict[str, tuple[str, str]] = {
    "as_of": ("统计日期", "as of"),
    "profile": ("规则配置", "profile"),
    "hash": ("配置指纹", "profile hash"),
    "deadline_days": ("识别时限", "identification limit"),
    "elimination_deadline_days": ("消除时限", "elimination limit"),
    "home_check_days": ("入户核实时限", "home-check limit"),
    "day_count": ("计日方式", "day count"),
    "notice_min_days": ("公示最少天数", "notice minimum (days)"),
    "fast_track_risks": ("可先行帮扶的风险", "fast-track risks"),
}
PROCEDURE_TERMINAL: dict[str, tuple[str, str]] = {
    "heading": (
        "{path}：{cases} 件（{kinds}）· 统计日期 {as_of} · 时限 {limit} {unit}，"
        "公示不少于 {notice} 天",
        "{path}: {cases} cases ({kinds}) · as of {as_of} · limit {limit} {unit}, "
        "notice ≥ {notice} days",
    ),
    "kind_count": ("{kind} {count}", "{kind} {count}"),
    "townships": ("各乡镇案件及当前环节", "cases by township and current step"),
    "unknown_step": (
        "{count} 件没有可用的线索日期：无法判断所处环节",
        "{count} cases have no usable 线索日期: their step is unknown",
    ),
    "no_findings": (
        "未发现问题：所有案件程序完整、未超期",
        "no findings: every case is in order and on time",
    ),
    "findings": ("发现问题", "findings"),
    "count": ("件数", "cases"),
    "step": ("当前环节", "step"),
    "more": (
        "…… 另有 {count} 条；全部见 -o procedure.xlsx",
        "… {count} more; use -o procedure.xlsx for all",
    ),
    "totals": (
        "未办结 {open} 件，超期 {overdue} 件；发现问题：错误 {errors} 条，提示 {warnings} 条",
        "{open} open, {overdue} overdue; findings: {errors} errors, {warnings} warnings",
    ),
    "data_problems": (
        "案件台账数据问题：错误 {errors} 条，提示 {warnings} 条",
        "data problems in the cases file: {errors} errors, {warnings} warnings",
    ),
}
FUND_CAUSES = schema.FUND_CAUSE_LABELS
FUND_CHECKPOINT_NAMES = schema.FUND_CHECKPOINTS
FUND_PHRASES: dict[str, tuple[str, str]] = {
    "month_unknown": ("月份未填", "a month not recorded"),
    "id_elsewhere": ("该号码属于户 {household}", "the ID belongs to household {household}"),
    "id_nowhere": ("花名册中没有这个号码", "the roster has no such ID"),
    "restored": ("{date}（{restored} 恢复）", "{date} (restored on {restored})"),
    "still_negative": ("{date}（截至 {as_of} 仍为负）", "{date} (still below zero on {as_of})"),
}
FUND_TRANCHE_SOURCES = {
    "ledger": ("台账注资行", "the ledger's 注资 rows"),
    "profile": ("规则方案 fund.tranches", "the profile's fund.tranches"),
    "none": ("无注资记录", "no tranche recorded"),
}
FUND_FIGURES: dict[str, tuple[str, str]] = {
    "as_of": ("截止日期", "as of"),
    "total_tranches": ("注资合计(元)", "paid in (yuan)"),
    "total_paid": ("支出合计(元)", "paid out (yuan)"),
    "balance": ("基金余额(元)", "balance (yuan)"),
    "payments": ("支出笔数", "payments"),
    "households_helped": ("救助户数", "households helped"),
    "people_helped": ("救助人数", "people helped"),
    "tranche_source": ("注资来源", "tranches from"),
    "paid_with_errors": ("有错误的支出(笔)", "payments with errors"),
    "paid_with_errors_amount": ("有错误的支出(元)", "amount paid with errors (yuan)"),
    "not_counted": ("未计入余额的行", "rows not counted"),
    "errors": ("错误(条)", "errors"),
    "warnings": ("提示(条)", "warnings"),
    "lowest_balance": ("最低余额(元，{date})", "lowest balance (yuan, {date})"),
    "negative_balance": ("余额为负", "balance below zero"),
    "negative_episode": (
        "{date}（第 {row} 行，{balance}；恢复：{restored}）",
        "{date} (row {row}, {balance}; restored: {restored})",
    ),
    "not_restored": ("未恢复", "not restored"),
}
FUND_BREAKDOWN_COLUMNS: dict[str, tuple[str, str]] = {
    "month": ("月份", "month"),
    "cause": ("救助原因", "cause"),
    "township": ("乡(镇)", "township"),
    "payments": ("支出笔数", "payments"),
    "households": ("救助户数", "households"),
    "people": ("救助人数", "people"),
    "amount": ("金额(元)", "amount (yuan)"),
    "paid": ("支出(元)", "paid (yuan)"),
    "paid_in": ("注资(元)", "paid in (yuan)"),
    "closing_balance": ("月末余额(元)", "closing balance (yuan)"),
}
FUND_SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("汇总", "summary"),
    "entries": ("收支明细", "entries"),
    "cause": ("按救助原因", "by cause"),
    "township": ("按乡镇", "by township"),
    "month": ("按月份", "by month"),
    "problems": ("数据问题", "problems"),
    "parameters": ("参数", "parameters"),
    "title": ("防贫帮扶基金收支情况（截至 {as_of}）", "Relief fund as of {as_of}"),
}
FUND_PARAMETERS: dict[str, tuple[str, str]] = {
    "profile": ("规则方案", "profile"),
    "profile_value": ("{name} {version}（{hash}）", "{name} {version} ({hash})"),
    "as_of": ("截止日期", "as of"),
    "year": ("年度", "year"),
    "causes": ("救助原因", "causes paid"),
    "cap": ("单笔上限：{cause}", "cap: {cause}"),
    "standard": ("救助标准：{cause}", "standard: {cause}"),
    "yearly_cap": ("每户年度上限", "yearly cap per household"),
    "tranche": ("方案注资 {date}", "profile tranche {date}"),
}
FUND_TERMINAL: dict[str, tuple[str, str]] = {
    "heading": (
        "{path} 工作表“{sheet}”：{rows} 行，计入支出 {payments} 笔、注资 {tranches} 笔 · "
        "规则方案 {profile} · 截止日期 {as_of}",
        "{path} sheet '{sheet}': {rows} rows, {payments} payments counted, {tranches} tranches · "
        "profile {profile} · as of {as_of}",
    ),
    "figures": ("基金", "fund"),
    "cause": ("按救助原因", "by cause"),
    "township": ("按乡镇", "by township"),
    "month": ("按月份", "by month"),
    "negative": (
        "{date} 基金余额为负（第 {row} 行，{balance}；恢复：{restored}）",
        "balance below zero on {date} (row {row}, {balance}; restored: {restored})",
    ),
    "not_restored": ("截至统计日期仍未恢复", "not restored by the as-of date"),
    "not_counted": (
        "{rows} 行未计入（晚于截止日期 {after_as_of}，无有效日期 {no_date}，"
        "无有效金额 {no_amount}）",
        "{rows} rows not counted (after as-of {after_as_of}, no valid date {no_date}, "
        "no valid amount {no_amount})",
    ),
    "roster": (
        "花名册数据问题：错误 {errors} 条，提示 {warnings} 条（请对花名册运行 `fanpin validate`）",
        "roster data problems: {errors} errors, {warnings} warnings "
        "(see `fanpin validate` on the roster)",
    ),
}

# -- The 排查 audit (campaigns/audit*.py, campaigns/departments.py, outputs/audit.py and the
# terminal's audit summary). Phrases are templates: ``{name}`` is filled column-wise
# (campaigns.audit_checks.Text.fill) or with ``str.format``.
RISK_FACTOR = {code: (zh, code.replace("_", " ")) for code, zh in schema.RISK_FACTORS.items()}
AUDIT_PHRASES: dict[str, tuple[str, str]] = {
    "percent": ("{value}%", "{value}%"),
    # should_monitor
    "proposed_category": ("建议类别：{category}", "proposed category: {category}"),
    "income": ("人均纯收入 {income} 元", "per-capita income {income}"),
    "below_line": ("，低于监测线 {line} 元", ", below the line {line}"),
    "adjusted_below_line": (
        "扣除合规自付支出后人均 {adjusted} 元，低于监测线",
        "after compliant out-of-pocket costs {adjusted}, below the line",
    ),
    "fell_by": ("同比下降 {percent}", "fell by {percent}"),
    "difficulty": ("突出困难：{difficulties}", "outstanding difficulty: {difficulties}"),
    "risks": ("风险：{risks}", "risks: {risks}"),
    "tier_points": ("{tier}（{score} 分）", "{tier} ({score} points)"),
    "identify": (
        "入户核实，按程序（民主评议、公示、乡镇审核、县级审定）纳入监测并落实帮扶措施",
        "verify at home, then identify through the procedure (appraisal, notice, "
        "township review, county approval) and start assistance",
    ),
    # outstanding difficulties (三保障 and water)
    "dropouts": ("义务教育阶段失学辍学 {count} 人", "school-age dropouts: {count}"),
    "uninsured": ("未参加基本医保 {count} 人", "without medical insurance: {count}"),
    "unsafe_housing": ("住房不安全（危房）", "unsafe housing"),
    "unsafe_water": ("饮水安全未解决", "drinking water not secured"),
    # measures_missing
    "no_measure": ("未落实任何帮扶措施", "no assistance measure in place"),
    "in_place": ("已落实：{measures}", "in place: {measures}"),
    "not_covered": ("未覆盖：{targets}", "not covered: {targets}"),
    "options": ("可选措施：{measures}", "options: {measures}"),
    "provide_missing": (
        "按“缺什么、补什么”落实：{measures}",
        "provide what is missing: {measures}",
    ),
    "provide_one": ("落实至少一项帮扶措施", "provide at least one measure"),
    # eliminations
    "eliminated": ("风险消除", "eliminated"),
    "too_early": (
        "识别监测 {since}，{method} 于 {month}，相隔 {months} 个月（应不少于 {minimum} 个月）",
        "identified {since}, {method} in {month}, {months} months apart (at least {minimum})",
    ),
    "hurried": ("帮扶消除不足 {months} 个月", "assisted elimination within {months} months"),
    "check_elimination": (
        "核查风险消除的程序和依据；不符合条件的恢复监测",
        "check the elimination's procedure and grounds; resume monitoring if unmet",
    ),
    "income_against_line": (
        "人均纯收入 {income} 元（监测线 {line} 元）",
        "per-capita income {income} (line {line})",
    ),
    "adjusted": ("扣除合规自付支出后 {adjusted} 元", "after compliant costs {adjusted}"),
    "reassess": (
        "风险消除回退：重新评估收入，恢复监测并落实帮扶措施",
        "roll the elimination back (风险消除回退): reassess the income, resume monitoring "
        "and assistance",
    ),
    "open_difficulty": ("尚有突出困难：{difficulties}", "outstanding difficulty: {difficulties}"),
    "resolve_first": (
        "风险消除回退：突出问题解决前不应标注风险消除，恢复监测，先解决三保障和饮水问题",
        "roll the elimination back (风险消除回退): risk cannot be eliminated with an open "
        "difficulty; resume monitoring and resolve it first",
    ),
    "eliminated_in": (
        "{method} {month}（识别监测 {since}）",
        "{method} in {month} (identified {since})",
    ),
    "re_identify": (
        "风险再标注：入户核实，按程序（民主评议、公示、乡镇审核、县级审定）重新纳入监测并落实帮扶措施",
        "re-identify (风险再标注): verify at home, then identify again through the procedure "
        "and resume assistance",
    ),
    "verify_timing": (
        "核实风险消除的时间和依据：消除时即不符合条件的，风险消除回退；消除后风险重现的，按程序风险再标注",
        "check when and why the risk was eliminated: roll the elimination back "
        "(风险消除回退) if it was wrong then, else re-identify (风险再标注) through the procedure",
    ),
    # the civil-affairs low-income list (民政, domain.md §11)
    "low_income_listed": (
        "民政认定{types} {people} 人：{details}",
        "on 民政's list as {types}, {people} people: {details}",
    ),
    "household_status": ("花名册状态：{status}", "roster status: {status}"),
    "low_income_verify": (
        "与民政共同入户核实一次收入和支出：符合条件的按程序纳入监测，不符合的记录核实结论",
        "verify income and expenditure at home together with civil affairs, once: identify "
        "for monitoring if eligible, else record the result",
    ),
    "low_income_eliminated": (
        "与民政共同入户核实一次：核实风险消除是否稳定，返贫致贫风险重现的按程序风险再标注",
        "verify at home together with civil affairs, once: check the elimination holds; "
        "re-identify (风险再标注) if the risk has returned",
    ),
    "incomes_apart": (
        "花名册人均纯收入 {roster} 元，民政口径家庭人均收入 {civil} 元，相差 {difference} 元"
        "（占较高者 {percent}，容差 {tolerance}）",
        "roster per-capita income {roster}, civil affairs' {civil}: {difference} apart "
        "({percent} of the higher; tolerance {tolerance})",
    ),
    "recognised_as": ("民政认定：{types}", "recognised by 民政 as: {types}"),
    "settle_income": (
        "入户时按统一收支核算口径一次核实家庭收入：更正花名册，或商民政更正，两边一致",
        "on one home visit, verify the household's income on the common basis; correct the "
        "roster or ask civil affairs to correct theirs",
    ),
    "months_monitored": ("已监测 {months} 个月", "monitored {months} months"),
    "both_above_line": (
        "人均纯收入 {income} 元，扣除合规自付支出后 {adjusted} 元，均不低于监测线 {line} 元",
        "per-capita income {income}, adjusted {adjusted}, both at or above {line}",
    ),
    "no_difficulty": ("无突出困难", "no outstanding difficulty"),
    "measures_count": ("已落实措施 {count} 项", "measures in place: {count}"),
    "may_eliminate": (
        "入户核实、民主评议、公示后，按{method}标注风险消除",
        "after verification, appraisal and notice, {method} elimination may be recorded",
    ),
    # safety net, transfer income
    "no_labour": ("全家 {size} 人均无劳动能力", "none of the {size} members can work"),
    "on_relief": (
        "享受低保 {dibao} 人、特困供养 {tekun} 人",
        "on 低保: {dibao}, on 特困供养: {tekun}",
    ),
    "no_relief": ("未享受低保或特困供养", "no 低保 or 特困供养"),
    "safety_net_flag": ("整户无劳动能力兜底保障户：{flag}", "safety-net flag: {flag}"),
    "empty": ("未填", "empty"),
    "flag_safety_net": ("标注为整户无劳动能力兜底保障户", "flag it 整户无劳动能力兜底保障户"),
    "flag_and_relieve": (
        "核实后标注为整户无劳动能力兜底保障户，并按规定纳入低保或特困供养",
        "verify, flag it 整户无劳动能力兜底保障户 and arrange 低保 or 特困供养",
    ),
    "zero_transfer": (
        "享受低保 {dibao} 人、特困供养 {tekun} 人，但转移性收入为{transfer}",
        "on 低保: {dibao}, on 特困供养: {tekun}; transfer income is {transfer}",
    ),
    "blank_value": ("空", "empty"),
    "record_transfer": (
        "核实并补录低保金、特困供养金等转移性收入，重新计算人均纯收入",
        "record the 低保 / 特困 payments as transfer income and recompute income",
    ),
    # income_decline
    "income_fell": (
        "人均纯收入 {income} 元，上年 {last} 元，下降 {percent}",
        "per-capita income {income}, last year {last}, down {percent}",
    ),
    "raise_income": (
        "分析减收原因，落实产业、就业等增收措施；符合条件的纳入监测",
        "find why income fell and help raise it; identify for monitoring if eligible",
    ),
    # pairing
    "no_cadre": (
        "监测对象（{category}）未明确帮扶责任人",
        "monitored ({category}) without a pairing cadre",
    ),
    "name_cadre": ("明确帮扶责任人并录入系统", "name a pairing cadre and record them"),
    "unpaired": (
        "高风险户（{score} 分）：联系领导 {leader}，帮扶责任人 {cadre}",
        "high tier ({score} points): city leader {leader}, cadre {cadre}",
    ),
    "unnamed": ("未明确", "none"),
    "pair_one_plus_one": (
        "落实“1+1”结对：一名市级联系领导加一名帮扶责任人",
        "pair it 1+1: one city leader and one cadre",
    ),
    "overloaded": (
        "结对帮扶 {count} 户，超过上限 {limit} 户",
        "pairs {count} households, over the limit of {limit}",
    ),
    "cadre_township": (
        "{township} {count} 户：{households}",
        "{township} {count} households: {households}",
    ),
    "reassign": (
        "调整结对，每名帮扶责任人不超过 {limit} 户",
        "reassign households: at most {limit} per cadre",
    ),
    # department lists
    "unknown_id": (
        "{list}：证件号码 {id}{name} 不在花名册中",
        "{list}: ID {id}{name} is not in the roster",
    ),
    "listed_name": ("（{name}）", " ({name})"),
    "check_id": (
        "核对证件号码是否录错；属本地农村人口而花名册漏录的，补录花名册",
        "check the ID for a typing error; add the person to the roster if they belong there",
    ),
    "list_rows": ("{file} 第 {rows} 行", "{file} rows {rows}"),
    "rule_evidence": ("{label}：{details}", "{label}: {details}"),
    "verify_doubt": (
        "入户核实疑点；情况属实的，经民主评议按程序处理，不符合条件的不得纳入监测",
        "verify the doubt at home; if confirmed, handle it through village appraisal",
    ),
    "verify_warning_risk": (
        "入户核实（部门筛查预警）；补录风险类型“{risk}”，符合条件的纳入监测",
        "verify at home (department warning); record the risk '{risk}' and identify "
        "for monitoring if eligible",
    ),
    "verify_warning": (
        "入户核实（部门筛查预警）；符合条件的纳入监测",
        "verify at home (department warning); identify for monitoring if eligible",
    ),
}


def fill(template: str, **values: Any) -> Any:
    """``template`` with each ``{name}`` replaced by ``values[name]`` through ``+``.

    Values may be text or pandas Series of text: with a Series the result is one
    phrase per row, built column-wise (no format specs; values come formatted).
    """
    out: Any = ""
    for literal, name, _, _ in Formatter().parse(template):
        out = out + literal
        if name is not None:
            out = out + values[name]
    return out


DEPARTMENT_PHRASES: dict[str, tuple[str, str]] = {
    "named": ("{name}：", "{name}: "),
    "paren": ("（{text}）", " ({text})"),
    "comma": ("，", ", "),
    "total_per_capita": (
        "合计 {total} 元，人均 {per_capita} 元",
        "total {total} yuan, per person {per_capita}",
    ),
    "wages_against_roster": (
        "务工收入合计 {wages} 元，花名册工资性收入 {roster} 元",
        "wages {wages} yuan, roster wage income {roster}",
    ),
    "out_of_pocket": ("合规自付 {cost} 元", "out-of-pocket {cost} yuan"),
    "cost_missing": ("合规自付费用缺失", "cost missing"),
    "hospital_stays": ("，住院 {stays} 次", ", hospital stays {stays}"),
    "type_unknown": ("救助类型不明", "type unknown"),
    "amount": ("，{amount} 元", ", {amount} yuan"),
    "since": ("，{month} 起", ", from {month}"),
    "disability": ("{category}残疾", "{category} disability"),
    "disability_unknown": ("残疾", "disability"),
    "certificate": ("（证号 {certificate}）", " (certificate {certificate})"),
    "appraised": ("鉴定为 {grade} 级", "appraised grade {grade}"),
    "dangerous": ("危房", " (dangerous)"),
    "grade_unknown": ("鉴定等级不明", "grade unknown"),
    "renovated": ("，已改造", ", renovated"),
    "stage": ("{stage}阶段", "{stage} "),
    "dropped_out": ("失学辍学", "dropped out"),
    "after_comma": ("，{text}", ", {text}"),
    "loss": ("损失 {loss} 元", "loss {loss} yuan"),
    "loss_missing": ("损失金额缺失", "loss missing"),
    "worked_at": ("{place}务工 ", "{place} "),
    "worked": ("务工 ", "worked "),
    "months": ("{months} 个月", "{months} months"),
    "monthly_income": ("，月收入 {income} 元", ", monthly {income} yuan"),
    "business": ("市场主体", "a registered business"),
    "bought_for": ("，购置价 {price} 元", ", bought for {price} yuan"),
    "state_funded": ("财政供养人员", "state-funded"),
    "civil_income": ("，家庭人均收入 {income} 元", ", per-capita income {income} yuan"),
    "recognised": ("，{month} 认定", ", recognised {month}"),
    "incomes_compared": (
        "花名册人均纯收入 {roster} 元，民政口径 {civil} 元",
        "roster per-capita income {roster}, civil affairs' {civil}",
    ),
}
ASSISTANCE_TYPE = {
    "dibao": ("低保", "低保"),
    "tekun": ("特困供养", "特困供养"),
    "temporary": ("临时救助", "临时救助 (temporary relief)"),
}
DISABILITY_CATEGORY = {
    code: (zh, code) for zh, code in reversed(list(schema.DEPT_DISABILITY_CATEGORIES.items()))
}  # the short name (肢体, not 肢体残疾) of each category code
LOW_INCOME_TYPE = {
    "dibao": ("低保", "低保 (minimum living allowance)"),
    "tekun": ("特困", "特困 (destitute support)"),
    "dibao_marginal": ("低保边缘", "低保边缘 (just above 低保)"),
    "rigid_expenditure": ("刚性支出困难", "刚性支出困难 (rigid expenditure)"),
}
DISASTER_TYPE = {
    "flood": ("洪涝", "flood"),
    "geological": ("地质灾害", "geological"),
    "drought": ("干旱", "drought"),
    "biological": ("生物灾害", "biological"),
    "meteorological": ("气象灾害", "meteorological"),
    "earthquake": ("地震", "earthquake"),
    "other": ("其他", "other"),
}
AUDIT_SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("汇总", "summary"),
    "by_township": ("按乡镇", "by township"),
    "income_basis": ("收入口径比对", "income bases"),
    "problems": ("数据问题", "problems"),
    "parameters": ("参数", "parameters"),
}
# A department rule's sheet: its group and label; in English its code (labels run long).
AUDIT_SHEET_NAMES: dict[str, tuple[str, str]] = {"rule": ("{group}·{label}", "{code}")}
AUDIT_COLUMNS: dict[str, tuple[str, str]] = {
    "group": ("类别", "group"),
    "code": ("问题代码（供程序使用）", "code"),
    "finding": ("问题", "finding"),
    "severity": ("级别", "severity"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "household_id": ("户编号", "household ID"),
    "head_name": ("户主姓名", "head"),
    "cadre": ("帮扶责任人", "cadre"),
    "cadre_phone": ("联系电话", "cadre phone"),
    "evidence": ("依据", "evidence"),
    "action": ("建议措施", "suggested action"),
    "risk": ("风险类型", "risk"),
    "source": ("数据来源", "source"),
    "roster_row": ("花名册行号", "roster row"),
    "verification": ("核实情况", "verification"),
    "follow_up": ("整改情况", "follow-up"),
    "item": ("项目", "item"),
    "value": ("值", "value"),
    "note": ("说明", "note"),
    "check_code": ("检查代码（供程序使用）", "check code (for scripts)"),
    "key": ("参数名（供程序使用）", "key (for scripts)"),
    "errors": ("错误", "errors"),
    "warnings": ("提示", "warnings"),
}
# The 收入口径比对 sheet: one row per household whose two per-capita incomes disagree.
AUDIT_INCOME_BASIS: dict[str, tuple[str, str]] = {
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "household_id": ("户编号", "household ID"),
    "head_name": ("户主姓名", "head"),
    "recognition_types": ("民政认定类型", "recognised by 民政 as"),
    "roster_per_capita": ("花名册人均纯收入(元)", "roster per-capita income"),
    "civil_per_capita": ("民政口径人均收入(元/年)", "civil affairs' per-capita income"),
    "difference": ("差额(元，花名册−民政)", "difference (roster − civil affairs)"),
    "gap": ("差额占较高者", "share of the higher"),
    "cadre": ("帮扶责任人", "cadre"),
    "cadre_phone": ("联系电话", "cadre phone"),
    "verified_income": ("核实后人均收入(元)", "verified per-capita income"),
    "verification": ("核实情况", "verification"),
}
AUDIT_SUMMARY: dict[str, tuple[str, str]] = {
    "roster": ("花名册", "roster"),
    "profile": ("规则方案", "profile"),
    "year_line": ("年度 / 监测线(元)", "year / line (yuan)"),
    "as_of": ("评估日期", "as of"),
    "households": ("户数", "households"),
    "people": ("人数", "people"),
    "findings": ("发现问题", "findings"),
    "severity_counts": ("错误 {errors}，提示 {warnings}", "{errors} errors, {warnings} warnings"),
    "households_with_findings": ("涉及户数", "households with findings"),
    "check": ("{group}：{label}", "{group}: {label}"),
    "escaped_income": ("脱贫人口人均纯收入(元)", "脱贫 people's per-capita income"),
    "households_people": (
        "{households} 户 {people} 人",
        "{households} households, {people} people",
    ),
    "all_income": ("全部农户人均纯收入(元)", "all households' per-capita income"),
    "all_income_note": (
        "{households} 户 {people} 人；无收入数据未计入 {excluded} 户",
        "{households} households, {people} people; {excluded} without income left out",
    ),
    "income_ratio": ("脱贫人口与全部农户人均纯收入之比", "income ratio, 脱贫 to all"),
    "income_ratio_note": (
        "按人口加权：家庭纯收入之和 ÷ 人口之和",
        "people-weighted: sum of net income / sum of people",
    ),
    "employment_rate": ("劳动力务工就业率", "employment rate"),
    "employment_counts": (
        "务工就业 {employed} 人，劳动力 {capable} 人；",
        "{employed} of {capable} employed; ",
    ),
    "employment_note": (
        "脱贫户和监测对象中劳动力（技能/普通劳动力）务工就业的比例",
        "employed share of labour-capable members of 脱贫 households and monitoring objects",
    ),
    "target_met": ("；目标 {target}，已达到", "; target {target}, met"),
    "target_not_met": ("；目标 {target}，未达到", "; target {target}, not met"),
    "list_stats": (
        "{rows} 行，匹配 {matched} 行 {households} 户；"
        "不在花名册 {unknown} 人；数据问题 {issues} 条",
        "{rows} rows, {matched} matched ({households} households); {unknown} IDs not in the "
        "roster; {issues} problems",
    ),
    "rules_not_run": ("未运行的部门规则", "department rules not run"),
    "rules_not_run_note": ("未提供对应部门名单", "no list of their kind given"),
    "input_problems": ("数据问题", "input problems"),
    "input_problems_note": (
        "错误 {errors}，提示 {warnings}（见“数据问题”表）",
        "{errors} errors, {warnings} warnings (see 'problems')",
    ),
    "unassessed": ("无法评估的户数", "households not assessed"),
    "timing_unchecked": ("风险消除时间无法核查的户数", "eliminations whose timing is unknown"),
    "timing_unchecked_note": (
        "缺少识别监测时间或消除监测时间",
        "identification or elimination month missing",
    ),
    "no_township": ("（无乡镇）", "(no township)"),
    "department_rule": ("部门规则：{label}", "department rule: {label}"),
    "rule": (
        "{list} · {group}{risk} · {severity}：{when}",
        "{list} · {group}{risk} · {severity}: {when}",
    ),
    "rule_risk": (" · 风险 {risk}", " · risk {risk}"),
    "not_set": ("（未设置）", "(not set)"),
}
AUDIT_PARAMETERS: dict[str, tuple[str, str]] = {
    "cadre_max_households": (
        "每名帮扶责任人结对户数上限(户)",
        "households one cadre pairs, at most",
    ),
    "require_leader_for_high": (
        "高风险户须“1+1”结对（市级联系领导＋帮扶责任人）",
        "high-tier households need 1+1 pairing (city leader and cadre)",
    ),
    "income_drop_ratio": (
        "脱贫户、监测对象人均纯收入下降超过此比例即提示",
        "income fall beyond this share is reported",
    ),
    "medical_cost_share": (
        "人均合规自付医疗费用达监测线的此比例即预警",
        "medical cost per person, as a share of the line, that warns",
    ),
    "disaster_loss_share": (
        "人均受灾损失达监测线的此比例即预警",
        "disaster loss per person, as a share of the line, that warns",
    ),
    "vehicle_price_threshold": (
        "监测户机动车购置价格疑点线(元)",
        "vehicle price that is a doubt (yuan)",
    ),
    "employment_min_months": ("务工月数少于此数即预警", "fewer months worked than this warns"),
    "wage_tolerance": (
        "人社务工收入高于花名册工资性收入的容差（比例）",
        "department wages above roster wages: tolerance (share)",
    ),
    "employment_target": ("劳动力务工就业率目标", "employment rate target"),
    "income_basis_tolerance": (
        "花名册与民政人均收入之差的容差（占较高者比例）",
        "roster and civil-affairs per-capita incomes: tolerance (share of the higher)",
    ),
}
AUDIT_TERMINAL: dict[str, tuple[str, str]] = {
    "headline": (
        "{roster}：{households} 户 {people} 人 · 规则方案 {profile} · {year} 年度，"
        "监测线 {line} 元 · 评估日期 {as_of}",
        "{roster}: {households} households, {people} people · profile {profile} · "
        "year {year}, line {line} yuan · as of {as_of}",
    ),
    "by_check": ("按检查项", "findings by check"),
    "group": ("类别", "group"),
    "check": ("检查项", "check"),
    "code": ("代码", "code"),
    "findings": ("问题数", "findings"),
    "by_township": ("按乡镇", "findings by township"),
    "township": ("乡(镇)", "township"),
    "errors": ("错误", "errors"),
    "warnings": ("提示", "warnings"),
    "income_ratio": (
        "脱贫人口人均纯收入 {escaped} 元，全部农户 {all} 元，之比 {ratio}（按人口加权）",
        "脱贫 people's per-capita income {escaped} against all households' {all}: "
        "ratio {ratio} (people-weighted)",
    ),
    "employment": (
        "脱贫户和监测对象劳动力务工就业率 {rate}（{employed}/{capable}）",
        "employment of labour-capable members of 脱贫 households and monitoring objects: "
        "{rate} ({employed}/{capable})",
    ),
    "target": (" · 目标 {target} ", " · target {target} "),
    "met": ("已达到", "met"),
    "not_met": ("未达到", "not met"),
    "lists": ("部门名单", "department lists"),
    "list": ("名单", "kind"),
    "file": ("文件", "file"),
    "rows": ("行数", "rows"),
    "matched": ("匹配行数", "matched"),
    "households": ("户数", "households"),
    "unknown": ("不在花名册", "not in roster"),
    "problems": ("数据问题", "problems"),
    "rules_not_run": (
        "未运行的部门规则（未提供对应名单）：{rules}",
        "department rules not run (no list given): {rules}",
    ),
    "input_problems": (
        "数据问题：错误 {errors} 条，提示 {warnings} 条（花名册 {roster} 条，部门名单 {lists} 条；"
        "见“数据问题”表或 --format json）",
        "input problems: {errors} errors, {warnings} warnings ({roster} in the roster, "
        "{lists} in the lists; see the 数据问题 sheet or --format json)",
    ),
    "unassessed": ("{count} 户无法评估", "{count} households could not be assessed"),
    "total": (
        "发现问题 {findings} 条：错误 {errors} 条，提示 {warnings} 条，涉及 {households} 户",
        "{findings} findings: {errors} errors, {warnings} warnings in {households} households",
    ),
}


def in_era(text: str, era: Era) -> str:
    """Chinese text in an era's words: from 2026 the households are 防止返贫致贫对象, not
    (防止返贫)监测对象 (domain.md §11; ``TERMS`` has the names)."""
    if era == "2021":
        return text
    for old, new in (("防止返贫监测对象", "防止返贫致贫对象"), ("监测对象", "防止返贫致贫对象")):
        text = text.replace(old, new)
    return text


# -- cross-field data quality (issue 21: rules/quality.py, the profile's [[quality_rules]]) ----
# The built-in rules' codes (national's pack) as the problems sheet's 问题 column names
# them; a profile's own rule brings its ``label``.
QUALITY_KINDS: dict[str, tuple[str, str]] = {
    "many_spouses": ("一户多个配偶", "several spouses"),
    "spouse_same_sex": ("配偶与户主性别相同", "spouse of the head's sex"),
    "education_and_schooling": ("文化程度与在校生状况应填一项", "education or schooling: one"),
    "work_place_months_mismatch": ("务工地点与务工时间不符", "work place and months disagree"),
    "two_medical_schemes": ("同时参加两种基本医保", "in both medical schemes"),
    "labour_implausible": ("劳动技能与年龄、健康不符", "labour skill implausible"),
    "student_working": ("在校生有务工信息", "student with work"),
    "preschool_too_old": ("学前儿童年龄偏大", "too old for preschool"),
    "schooling_too_advanced_for_age": ("学段超出年龄", "school stage beyond the age"),
    "phone_format": ("联系电话格式错误", "phone number malformed"),
    "working_without_labour": ("无劳动能力但有务工信息", "working without labour capacity"),
    "sex_mismatch": ("性别与证件号码不符", "sex differs from the ID"),
}
ISSUE_KINDS.update(QUALITY_KINDS)  # one table of kinds for every issue code
# Words of quality messages: how an empty cell and yes/no read, how values are joined.
QUALITY_WORDS: dict[str, tuple[str, str]] = {
    "empty": ("空", "empty"),
    "fix": ("；{fix}", "; {fix}"),
}


# -- Early warning across monthly exports (issue 20: campaigns/warn.py, outputs/warn.py,
# cli/show_warn.py, the report's 预警 sheet). A warning compares a household's first snapshot
# in the window with the latest; its phrases are templates filled column-wise (``fill``).
WARN_FINDINGS: dict[str, tuple[str, str]] = {
    "income_falling": ("收入大幅下降", "income falling"),
    "near_line": ("收入接近监测线", "newly near the line"),
    "new_health_problem": ("新增患病或残疾", "new illness or disability"),
    "work_stopped": ("停止务工", "stopped working"),
    "labour_lost": ("劳动力减少", "labour lost"),
    "dibao_without_measure": ("新享低保特困未落实措施", "new 低保/特困 without a measure"),
    "eliminated_slipping": ("已消除户收入下滑", "eliminated household slipping"),
    "member_left": ("家庭人口减少", "household size fell"),
}
WARN_ACTIONS: dict[str, tuple[str, str]] = {
    "income_falling": (
        "入户核实收入下降原因，落实就业、产业等帮扶，纳入跟踪观察",
        "visit to find why income fell; employment or industry help; keep under watch",
    ),
    "near_line": (
        "入户核实收支情况，纳入跟踪观察；低于监测线的按程序识别纳入监测",
        "verify income and spending at home and watch; below the line: identify through "
        "the procedure",
    ),
    "new_health_problem": (
        "核实病情和医疗费用，落实医保、大病救助等健康帮扶，评估是否纳入监测",
        "verify the illness and its costs; medical insurance, serious-illness relief; "
        "assess for monitoring",
    ),
    "work_stopped": (
        "了解停工原因，推荐就业岗位、公益性岗位或技能培训",
        "find why work stopped; offer jobs, a public-welfare post or training",
    ),
    "labour_lost": (
        "核实劳动力变化，评估是否需要公益性岗位或兜底保障",
        "verify the change in labour; assess a public-welfare post or the safety net",
    ),
    "dibao_without_measure": (
        "在帮扶措施中登记综合保障（低保/特困），评估其他帮扶需求",
        "record 综合保障 (低保/特困) among the measures; assess other needs",
    ),
    "eliminated_slipping": (
        "核实收入变化；不符合消除条件的启动风险消除回退或风险再标注",
        "verify income; if the elimination tests fail, roll the elimination back or re-identify",
    ),
    "member_left": (
        "核实人口减少原因（死亡、迁出、分户），更新家庭人口，复核人均收入",
        "verify why (death, moving out, a split household); update the size and recheck "
        "per-capita income",
    ),
}
# The figure a warning's before and after values are of.
WARN_FIELDS: dict[str, tuple[str, str]] = {
    "per_capita_income": ("人均纯收入(元)", "per-capita income (yuan)"),
    "size": ("家庭人口(人)", "household size"),
    "labour_count": ("劳动力(人)", "labour-capable members"),
    "employed_count": ("务工人数(人)", "members working"),
    "health_problem_count": ("患病或残疾人数(人)", "members ill or disabled"),
    "relief_count": ("享受低保/特困人数(人)", "members on 低保/特困"),
}
WARN_PHRASES: dict[str, tuple[str, str]] = {
    "income_falling": (
        "人均纯收入由 {before} 元降至 {after} 元，下降 {share}（预警比例 {threshold}），"
        "不低于监测线 {line} 元",
        "per-capita income fell from {before} to {after} yuan ({share}; warning from "
        "{threshold}), at or above the line of {line}",
    ),
    "near_line": (
        "人均纯收入由 {before} 元降至 {after} 元，低于监测线的 {margin} 倍（{band} 元）",
        "per-capita income fell from {before} to {after} yuan, under {margin} × the line ({band})",
    ),
    "below_line": ("，已低于监测线 {line} 元", "; below the line of {line}"),
    "eliminated_slipping": (
        "已标注风险消除；人均纯收入由 {before} 元降至 {after} 元，低于监测线的 {margin} 倍"
        "（{band} 元）",
        "risk eliminated; per-capita income fell from {before} to {after} yuan, under "
        "{margin} × the line ({band})",
    ),
    "new_health_problem": ("新增：{members}", "new: {members}"),
    "work_stopped": ("停止务工：{members}", "stopped working: {members}"),
    "labour_lost": (
        "劳动力由 {before} 人减少为 {after} 人",
        "labour-capable members from {before} to {after}",
    ),
    "dibao_without_measure": (
        "享受低保/特困由 {before} 人增至 {after} 人，已落实帮扶措施 0 项",
        "members on 低保/特困 from {before} to {after}; no measure in place",
    ),
    "member_left": (
        "家庭人口由 {before} 人减少为 {after} 人；人均纯收入按现有人口计算：{income_before} → "
        "{income_after} 元",
        "household size from {before} to {after}; per-capita income over the members now: "
        "{income_before} → {income_after} yuan",
    ),
    "members": ("：{members}", ": {members}"),
    "left_members": ("；减少：{members}", "; left: {members}"),
    "joined_members": ("；新增：{members}", "; joined: {members}"),
    "member_change": ("{name}（{before} → {after}）", "{name} ({before} → {after})"),
    "member_gone": ("{name}（已不在户内）", "{name} (no longer in the household)"),
    "no_name": ("（未填姓名）", "(no name)"),
    "healthy": ("健康", "healthy"),
    "unknown": ("未填", "blank"),
    "not_working": ("未务工", "not working"),
    "worked": ("务工", "working"),
    "months": ("{months}个月", "{months} months"),
    "percent": ("{value}%", "{value}%"),
}
WARN_ROSTER_CHANGES: dict[str, tuple[str, str]] = {
    "new": ("新出现的户", "new in the window"),
    "missing": ("最新一期中缺失", "missing from the latest snapshot"),
    "absent_between": ("中间某期缺失", "missing from a snapshot in between"),
    "duplicate": ("户编号重复（已按第一户比对）", "household number repeated (the first compared)"),
}
WARN_COLUMNS: dict[str, tuple[str, str]] = {
    "finding": ("预警", "warning"),
    "township": ("乡(镇)", "township"),
    "village": ("行政村", "village"),
    "household_id": ("户编号", "household ID"),
    "head_name": ("户主姓名", "head of household"),
    "cadre": ("帮扶责任人", "pairing cadre"),
    "field": ("指标", "figure"),
    "before": ("之前", "before"),
    "after": ("最新", "latest"),
    "since": ("持续自", "since"),
    "evidence": ("依据", "evidence"),
    "action": ("建议措施", "suggested action"),
    "verification": ("核实情况", "verification"),
    "follow_up": ("帮扶情况", "follow-up"),
    "cadre_phone": ("联系电话", "cadre's phone"),
    "status": ("监测状态", "status"),
    "before_snapshot": ("比对期", "compared with"),
    "after_snapshot": ("最新期", "latest snapshot"),
    "roster_row": ("原表行号", "row in the roster"),
    "code": ("预警代码（供程序使用）", "code (for scripts)"),
    "change": ("变化", "change"),
    "first_seen": ("首次出现", "first seen"),
    "last_seen": ("最后出现", "last seen"),
    "seen": ("出现期数", "snapshots seen in"),
    "per_capita_income": ("人均纯收入(元)", "per-capita income (yuan)"),
    "position": ("期次", "position"),
    "label": ("快照", "snapshot"),
    "file": ("文件", "file"),
    "kind": ("类型", "kind"),
    "as_of": ("评估日期", "as of"),
    "households": ("户数", "households"),
    "people": ("人数", "people"),
    "members": ("含成员表", "member table"),
    "missing_figures": (
        "缺少的指标（相关预警无法比对）",
        "figures missing (their warnings cannot run)",
    ),
    "findings": ("预警(条)", "warnings"),
    "households_warned": ("涉及户数", "households"),
    "item": ("项目", "item"),
    "value": ("内容", "value"),
    "note": ("说明", "note"),
    "key": ("方案中的键", "profile key"),
    "file_issue": ("文件", "file"),
    "severity": ("级别", "severity"),
    "sheet": ("工作表", "sheet"),
    "row": ("行号", "row"),
    "column": ("列", "column"),
    "cell_value": ("单元格内容", "cell value"),
    "message": ("问题说明", "message"),
    "issue_code": ("问题代码（供程序使用）", "issue code (for scripts)"),
}
WARN_SNAPSHOT_KINDS = {"roster": ("花名册", "roster"), "archive": ("存档快照", "archived snapshot")}
WARN_SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("概览", "summary"),
    "by_township": ("按乡镇", "by township"),
    "all": ("预警明细", "all warnings"),
    "roster_changes": ("户数变化", "households in and out"),
    "snapshots": ("快照", "snapshots"),
    "problems": ("数据问题", "problems"),
    "parameters": ("参数", "parameters"),
}
WARN_SUMMARY: dict[str, tuple[str, str]] = {
    "window": ("比对窗口", "window"),
    "window_value": ("{first} → {latest}（{count} 期）", "{first} → {latest} ({count} snapshots)"),
    "profile": ("规则方案", "profile"),
    "year_line": ("年度 / 监测线(元)", "year / line (yuan)"),
    "as_of": ("评估日期", "as of"),
    "households": ("最新一期户数", "households in the latest snapshot"),
    "people": ("最新一期人数", "people in the latest snapshot"),
    "findings": ("预警(条)", "warnings"),
    "households_with_findings": ("有预警的户数", "households with warnings"),
    "finding": ("{label}", "{label}"),
    "roster_change": ("{label}(户)", "{label} (households)"),
    "not_run": ("未能比对：{label}", "not run: {label}"),
    "not_run_note": (
        "{households} 户的快照缺少：{names}",
        "{households} households' snapshots lack: {names}",
    ),
    "skipped": ("无法读取的快照", "unreadable snapshot"),
    "input_problems": ("花名册数据问题(条)", "roster problems"),
    "input_problems_note": (
        "错误 {errors} 条，提示 {warnings} 条",
        "{errors} errors, {warnings} warnings",
    ),
    "window_note": (
        "每户以窗口内最早出现的一期与最新一期比对；“持续自”为该预警从哪一期起持续成立",
        "each household's first snapshot in the window against the latest; 'since' is the "
        "snapshot from which the warning has held without a break",
    ),
    "fanpin_version": ("fanpin 版本", "fanpin version"),
    "input_file": ("输入文件", "input file"),
    "rule": ("预警规则：{label}", "rule: {label}"),
    "income_drop_share": ("收入下降预警比例", "income drop share"),
    "slipping_margin": ("已消除户下滑预警倍数", "slipping margin (× line)"),
    "window_months": ("报告比对月数", "window (months)"),
    "watch_margin": ("跟踪观察倍数", "watch margin (× line)"),
    "no_township": ("（乡镇未填）", "(no township)"),
}
WARN_TERMINAL: dict[str, tuple[str, str]] = {
    "headline": (
        "预警：{count} 期快照（{first} → {latest}），最新一期 {households} 户 {people} 人；"
        "规则 {profile}，{year} 年监测线 {line} 元",
        "early warning: {count} snapshots ({first} → {latest}), {households} households and "
        "{people} people in the latest; profile {profile}, {year} line {line} yuan",
    ),
    "by_code": ("按预警类型", "by warning"),
    "by_township": ("按乡镇", "by township"),
    "warning": ("预警", "warning"),
    "code": ("代码", "code"),
    "count": ("条数", "count"),
    "township": ("乡(镇)", "township"),
    "households": ("户数", "households"),
    "first": ("前 {count} 条预警", "first {count} warnings"),
    "more": (
        "另有 {count} 条，见 -o warn.xlsx 或 --format json",
        "{count} more: see -o warn.xlsx or --format json",
    ),
    "roster_changes": (
        "户数变化：新出现 {new} 户，最新一期缺失 {missing} 户，中间某期缺失 {absent_between} 户，"
        "户编号重复 {duplicate} 户（逐户见 -o warn.xlsx 的“户数变化”表）",
        "households in and out: {new} new, {missing} missing from the latest, "
        "{absent_between} missing in between, {duplicate} repeated numbers (each in the "
        "workbook's 户数变化 sheet)",
    ),
    "not_run": (
        "未能比对“{label}”：{households} 户的快照缺少 {names}",
        "'{label}' could not run for {households} households: their snapshots lack {names}",
    ),
    "skipped": ("跳过无法读取的快照：{why}", "skipped an unreadable snapshot: {why}"),
    "problems": (
        "花名册数据问题：错误 {errors} 条，提示 {warnings} 条（见 fanpin validate）",
        "roster problems: {errors} errors, {warnings} warnings (see fanpin validate)",
    ),
    "none": ("没有预警", "no warnings"),
    "total": (
        "预警 {findings} 条，涉及 {households} 户",
        "{findings} warnings in {households} households",
    ),
}
# Names of what a warning rule compares, for 参数 and the "not run" lines.
WARN_FIGURE_NAMES: dict[str, tuple[str, str]] = {
    "size": ("家庭人口", "household size"),
    "status": ("监测状态", "status"),
    "category": ("监测对象类别", "category"),
    "tier": ("风险等级", "tier"),
    "score": ("风险分值", "score"),
    "per_capita_income": ("人均纯收入", "per-capita income"),
    "elimination_status": ("消除评估", "elimination assessment"),
    "labour_count": ("劳动技能（劳动力人数）", "劳动技能 (labour count)"),
    "ill_count": ("健康状况（患病人数）", "健康状况 (ill members)"),
    "serious_ill_count": ("健康状况（大病人数）", "健康状况 (seriously ill)"),
    "disabled_count": ("健康状况（残疾人数）", "健康状况 (disabled)"),
    "health_problem_count": ("健康状况", "健康状况 (health)"),
    "employed_count": ("务工情况", "employment"),
    "dibao_count": ("低保", "低保"),
    "tekun_count": ("特困供养", "特困"),
    "measure_count": ("帮扶措施", "measures"),
    "members": ("成员表", "member table"),
    "health": ("成员健康状况", "members' 健康状况"),
    "labour_skill": ("成员劳动技能", "members' 劳动技能"),
    "employed": ("成员务工情况", "members' employment"),
}
# The 预警 sheet of the county report and its 概览 rows.
SHEETS.update({"warn": ("预警", "warnings")})
SHEET_TITLES.update(
    {"warn": ("{county}动态监测预警清单（{window}）", "{county}: early warnings ({window})")}
)
REPORT_SECTIONS.update({"warn": ("预警", "Early warning")})
REPORT_FIGURES.update(
    {
        "warn_findings": ("预警(条)", "early warnings"),
        **{f"warn_{code}": names for code, names in WARN_FINDINGS.items()},
        "warn_households": ("有预警的户数(户)", "households with warnings"),
        "warn_new_households": ("窗口内新出现的户(户)", "households new in the window"),
        "warn_missing_households": ("最新一期中缺失的户(户)", "households missing from the latest"),
    }
)
REPORT_FIGURE_NOTES.update(
    {
        "warn_findings": (
            "每户以比对窗口内最早一期存档与本期比对，逐条见“预警”表",
            "each household's first archived snapshot in the window against this run: see the "
            "warnings sheet",
        ),
        "warn_missing_households": (
            "此前存档中有、本期花名册中没有的户，见“预警”表末尾",
            "in an earlier snapshot but not in this roster: listed at the end of the warnings "
            "sheet",
        ),
    }
)


# -- One of each (tidy): the terminal's notice and province summaries, the escaped-track
# (脱贫户分类) counts of classify and the report, and labels in an era's words.
ESCAPED_TRACK_TERMINAL: dict[str, tuple[str, str]] = {
    "row": ("脱贫户·{proposal}", "escaped: {proposal}"),
    "report": (
        "脱贫户分类：建议继续帮扶 {keep} 户，建议有序退出 {leave} 户",
        "escaped households: {keep} to keep helping, {leave} may leave assistance",
    ),
}
NOTICE_TERMINAL: dict[str, tuple[str, str]] = {
    "none_listed": (
        "[yellow]本期无应公示的农户：公示写明“（无）”[/]",
        "[yellow]no household to list: the notice says so (（无）)[/]",
    ),
    "row": (
        "{number:>3}  {head}  {size}人  {category}{method}  {risks}",
        "{number:>3}  {head}  {size} people  {category}{method}  {risks}",
    ),
    "method": (" · {method}", " · {method}"),
    "not_assessed": (
        "[red]{village} 有 {count} 户数据有错误、无法评估，未列入公示[/]；"
        "请对花名册运行 `fanpin validate`",
        "[red]{count} households of {village} could not be assessed (data errors) and are "
        "not listed[/]; run `fanpin validate` on the roster",
    ),
}
PROVINCE_TERMINAL: dict[str, tuple[str, str]] = {
    "headline": (
        "[bold]{input}[/]：{counties} 个县，{households} 户，{people} 人 · 规则方案 {profile} "
        "{version} · {year} 年度，监测线 {line} 元 · 评估日期 {as_of} · 引擎 {engine}",
        "[bold]{input}[/]: {counties} counties, {households} households, {people} people · "
        "profile {profile} {version} · year {year}, line {line} yuan · as of {as_of} · "
        "engine {engine}",
    ),
    "by_status": ("按监测状态（户）", "households by status"),
    "county": ("县(市、区)", "county"),
    "households": ("户数", "households"),
    "people": ("人数", "people"),
    "errors": ("错误", "errors"),
    "per_county": ("各县数据：{path}", "per-county figures: {path}"),
    "problems": (
        "数据问题：错误 {errors} 条，提示 {warnings} 条（见输出文件夹的 issues/）",
        "data problems: {errors} errors, {warnings} warnings (see issues/ in the output folder)",
    ),
    "failed": ("县 {partition} 未处理：{error}", "county {partition} not processed: {error}"),
    "skipped": ("不是花名册，已跳过：{names}", "not rosters, skipped: {names}"),
    "wrote": (
        "已写入 {path}（summary.json、counties.csv、households/、issues/）",
        "wrote {path} (summary.json, counties.csv, households/, issues/)",
    ),
}


def era_labeller(table: Labels, lang: Lang, era: Era) -> dict[str, str]:
    """``labeller`` with the Chinese labels in an era's words (``in_era``): from 2026 the
    households are 防止返贫致贫对象 where a label says 监测对象."""
    labelled = labeller(table, lang)
    if lang != "zh" or era == "2021":
        return labelled
    return {code: in_era(text, era) for code, text in labelled.items()}


# Why an ID number is malformed (validate's id_format detail).
ID_FORMAT_DETAIL: dict[str, tuple[str, str]] = {
    "old_number": ("15 位旧号码，请换成 18 位号码", "an old 15-digit number; use the 18-digit one"),
    "length": ("长度为 {length} 位", "{length} characters long"),
    "characters": (
        "含有数字和末位 X 以外的字符",
        "holds characters other than digits and a final X",
    ),
}


# Errors: the CLI's own words around a FanpinError (which carries both languages itself,
# see errors.py) — the prefix of the red line, and failures of the machine that escaped
# the library (cli/options.py ``failure_message``).
ERRORS: dict[str, tuple[str, str]] = {
    "prefix": ("错误：", "error: "),
    "cannot_access": ("无法访问{where}：{reason}", "cannot access{where}: {reason}"),
    "memory": (
        "内存不足，无法处理此输入：请拆分文件，或调低 FANPIN_MAX_CELLS，"
        "让这样的文件在读取前就被拒绝",
        "not enough memory for this input; split it, or set FANPIN_MAX_CELLS lower so "
        "such files are refused before they are read",
    ),
    "recursion": (
        "输入文件嵌套过深，无法读取（文件可能已损坏或被恶意构造）",
        "an input is nested too deeply to be read (a damaged or hostile file)",
    ),
    "unicode": (
        "有无法解码或编码的文字（{kind}）",
        "text that cannot be decoded or encoded ({kind})",
    ),
    "unexpected": (
        "意外错误（{kind}：{text}）：请加 --debug 重新运行并报告此问题",
        "unexpected error ({kind}: {text}); rerun with --debug and report it",
    ),
}


# -- zh2: error words (the rule-expression language of rules/expr.py) ----------------------
# What a condition in a profile or catalogue may not contain, by the ast class name of the
# syntax refused; the error reads 表达式 "…" 有误：<label> / <label> in "…".
EXPRESSION_NOT_ALLOWED: dict[str, tuple[str, str]] = {
    "Pow": ("不能使用 ** 运算符", "the ** operator is not allowed"),
    "FloorDiv": ("不能使用 // 运算符：请用 /", "the // operator is not allowed; use /"),
    "Mod": ("不能使用 % 运算符", "the % operator is not allowed"),
    "MatMult": ("不能使用 @ 运算符", "the @ operator is not allowed"),
    "BitAnd": ("不能使用 & 运算符：请写 and", "the & operator is not allowed; write 'and'"),
    "BitOr": ("不能使用 | 运算符：请写 or", "the | operator is not allowed; write 'or'"),
    "BitXor": ("不能使用 ^ 运算符", "the ^ operator is not allowed"),
    "LShift": ("不能使用 << 运算符", "the << operator is not allowed"),
    "RShift": ("不能使用 >> 运算符", "the >> operator is not allowed"),
    "Invert": ("不能使用 ~ 运算符：请写 not", "the ~ operator is not allowed; write 'not'"),
    "Is": ("不能使用 is：请用 == 或 !=", "'is' is not allowed; use == or !="),
    "IsNot": ("不能使用 is not：请用 !=", "'is not' is not allowed; use !="),
    "Attribute": ("不能取属性（字段名后不能加 .）", "attribute access is not allowed"),
    "Call": ("不能调用函数", "function calls are not allowed"),
    "Subscript": ("不能使用下标 [ ]", "subscripts are not allowed"),
    "Lambda": ("不能使用 lambda", "lambda is not allowed"),
    "ListComp": ("不能使用推导式", "comprehensions are not allowed"),
    "SetComp": ("不能使用推导式", "comprehensions are not allowed"),
    "DictComp": ("不能使用推导式", "comprehensions are not allowed"),
    "GeneratorExp": ("不能使用推导式", "comprehensions are not allowed"),
    "JoinedStr": ("不能使用 f 字符串", "f-strings are not allowed"),
    "NamedExpr": ("不能赋值（:=）", "assignment (:=) is not allowed"),
    "Starred": ("不能使用星号展开（*）", "starred expressions are not allowed"),
    "Dict": ("不能使用字典 { }", "dicts are not allowed"),
    "Set": (
        "不能使用集合 { }：in 的右边请写列表，例如 ['a', 'b']",
        "sets are not allowed; after 'in' write a list such as ['a', 'b']",
    ),
    "List": ("列表只能写在 in 的右边", "lists are only allowed on the right of 'in'"),
    "Tuple": ("元组只能写在 in 的右边", "tuples are only allowed on the right of 'in'"),
    "IfExp": (
        "不能使用条件表达式（x if c else y）",
        "conditional expressions (x if c else y) are not allowed",
    ),
}
# A county of a province run that failed on the machine (memory, a file system error), not
# on its input: scale.py's summary names it in the run's language.
PROVINCE_ERRORS: dict[str, tuple[str, str]] = {
    "cannot_process": (
        "{partition}：无法处理（{kind}）",
        "{partition}: cannot be processed ({kind})",
    ),
}


# -- zhhelp: command-line help ----------------------------------------------------------------
# What `fanpin --help` and `fanpin COMMAND --help` show, in the run's --lang (Chinese by default).
# Keys: "fanpin" (the app) or a command name for its help; "COMMAND --option" or
# "COMMAND ARGUMENT" for what one command's option or argument means; "* --option" for an
# option every command that has it shares (a command's own entry comes first).
HELP: dict[str, tuple[str, str]] = {
    "fanpin": (
        "防止返贫动态监测：花名册的核对、监测对象识别、风险评分和县级报表工具。",
        "防止返贫动态监测 — household-roster toolkit for dynamic poverty-prevention monitoring.",
    ),
    "fanpin --version": ("显示版本号。", "Show the version."),
    "fanpin --lang": (
        "帮助和提示的语言：zh 中文，en 英文；对其后的命令同样有效。",
        "Language of the help and messages: zh Chinese, en English; the command after it "
        "uses it too.",
    ),
    "validate": (
        "读取并核对花名册；逐条列出问题，注明工作表、Excel 行号、列名和取值。\n\n"
        "先逐个单元格核对，再按规则方案的质量规则跨字段核对（年龄按 --as-of 计算）。",
        "Read and check a roster; list every problem with sheet, Excel row, column and value."
        "\n\nEach cell on its own, then across fields by the profile's quality rules "
        "(ages at --as-of).",
    ),
    "classify": (
        "逐户测算：人均纯收入、建议监测类别、风险类型、风险等级及评分依据。",
        "Per household: income, proposed category, risk factors, tier with reasons.",
    ),
    "profiles": (
        "列出内置规则方案及其主要参数。",
        "List the built-in profiles and their key parameters.",
    ),
    "report": (
        "按工作区配置生成全县工作簿（定时任务用这条命令）。",
        "The county workbook from the workspace configuration (cron's command).",
    ),
    "diff": (
        "比较两期花名册快照的变化：监测对象、风险消除、风险等级、花名册增减。",
        "What changed between two roster snapshots: monitored, eliminated, tiers, roster.",
    ),
    "init": (
        "新建工作区：fanpin.toml、一份可修改的规则方案和示例数据。",
        "A ready workspace: fanpin.toml, a profile to edit and example data.",
    ),
    "procedure": (
        "识别和风险消除程序：所处环节、已用天数与时限对照、超时案件。",
        "Identification / elimination procedure: step, days against the limit, late cases.",
    ),
    "notice": (
        "村级公示名单，A4 版面可直接打印；不含证件号码、电话和健康信息。\n\n"
        "公示名单本身是中文（在村里张贴）；--lang 只决定终端提示的语言。",
        "The village public notice (公示名单), A4 and ready to print; no IDs, phones or health."
        "\n\nThe notice itself is in Chinese, as posted in the village; --lang sets the "
        "terminal's language.",
    ),
    "fund": (
        "防贫基金台账：逐笔核对支出、结余，按致贫原因、乡镇和月份汇总支出。",
        "Relief-fund ledger: checks per payment, balance, spending by cause, township and month.",
    ),
    "province": (
        "全省逐县测算：读取按县分区的文件夹，内存占用有上限。",
        "Classify a province county by county: a folder partitioned by county, bounded memory.",
    ),
    "audit": (
        "排查：应纳未纳、帮扶措施、风险消除、结对帮扶、部门数据比对。",
        "The 排查 campaign: should-be-monitored, measures, eliminations, pairing, department data.",
    ),
    "simulate": (
        "测算调整监测线或规则的影响：哪些户新纳入、哪些户退出监测，按乡镇列出。",
        "What a new line or rule would change: who enters and leaves monitoring, per township.",
    ),
    "warn": (
        "按月度导出数据预警：收入下降、接近监测线、新发疾病、务工中断、丧失劳动力、"
        "享受低保但无帮扶措施、已消除风险户返贫风险、家庭成员减少。",
        "Early warning across monthly exports: income falling, near the line, new illness, "
        "work stopped, labour lost, 低保 without a measure, eliminated households slipping, "
        "members leaving.",
    ),
    # options most commands share
    "* ROSTER": (
        "花名册文件（.xlsx、.xls、.csv、.parquet）。",
        "Roster file (.xlsx, .xls, .csv, .parquet).",
    ),
    "* --with": (
        "同一县的其他导出文件（户信息、务工 …），按户编号 / 证件号码与花名册合并；"
        "可重复给出多个。最先给出的花名册为主表。",
        "Another export file of the same county (户信息, 务工 …), joined to the roster on "
        "户编号 / 证件号码; repeat for more. The roster given first is the main one.",
    ),
    "* --profile": (
        "内置规则方案名称，或 .toml 规则方案文件的路径。",
        "Built-in profile name or path to a .toml profile.",
    ),
    "* --year": (
        "收入年度，决定采用哪一年的监测线（默认：评估日期所在年份）。",
        "Income year whose monitoring line applies (default: the as-of year).",
    ),
    "* --line": (
        "仅本次运行使用的某年监测线，例如 --line 2026=7600（覆盖规则方案中的监测线，"
        "并记入输出）。多个年份可重复给出。",
        "The monitoring line of a year for this run only, e.g. --line 2026=7600 "
        "(over the profile's; recorded in the output). Repeat for more years.",
    ),
    "* --as-of": (
        "评估日期：2026-03-05、2026/3/5、20260305 或 2026年3月5日（默认：今天）。",
        "Assessment date: 2026-03-05, 2026/3/5, 20260305 or 2026年3月5日 (default: today).",
    ),
    "* --sheet": (
        "要读取的工作表（默认：第一个有花名册表头的工作表）。",
        "Sheet to read (default: first with a roster header).",
    ),
    "* --format": (
        "table（终端表格）、json、csv 或 xlsx；-o 文件名.xlsx 即为 xlsx。",
        "table (terminal), json, csv or xlsx; -o NAME.xlsx implies xlsx.",
    ),
    "* --output": ("把结果写入这个文件。", "Write the result to this file."),
    "* --lang": ("提示和标签的语言：zh 中文，en 英文。", "Language of messages and labels."),
    "* --quiet": ("只显示错误，其他一概不显示。", "Print nothing but errors."),
    "* --debug": ("出错时显示调试信息（traceback）。", "Show tracebacks."),
    "* --workspace": (
        "含 fanpin.toml 的工作区文件夹（默认：当前文件夹）。",
        "Workspace folder with fanpin.toml (default: the current folder).",
    ),
    "* --county": ("fanpin.toml 中的县代码。", "County key in fanpin.toml."),
    "validate --split-by": (
        "与 -o 文件夹 同用：每个村一个问题工作簿，按乡镇和村命名，便于发回各村修改。",
        "With -o FOLDER: one problems workbook per village, named by township and village, "
        "to send back to be fixed.",
    ),
    "classify --all": (
        "列出全部农户，而不只是有风险的农户。",
        "List every household, not only those at risk.",
    ),
    "report --log": ("每次运行在此文件末尾追加一行记录。", "Append a line per run to this file."),
    "diff OLD": (
        "较早一期的花名册文件，或存档的 .snapshot.json.gz。",
        "Earlier roster file or archived .snapshot.json.gz.",
    ),
    "diff NEW": (
        "较晚一期的花名册文件，或存档的 .snapshot.json.gz。",
        "Later roster file or archived .snapshot.json.gz.",
    ),
    "init DIRECTORY": ("在这个文件夹中新建工作区。", "Folder to create the workspace in."),
    "init --households": (
        "示例花名册的户数（至少 1,000）。",
        "Households in the example roster (at least 1,000).",
    ),
    "init --line": (
        "本省某年的监测线，写入该县的 fanpin.toml，例如 --line 2026=7600。多个年份可重复给出。",
        "Your province's monitoring line of a year, written into fanpin.toml for the county, "
        "e.g. --line 2026=7600. Repeat for more years.",
    ),
    "procedure CASES": (
        "程序台账文件（.xlsx、.xls、.csv）：每个识别或风险消除案件一行。",
        "Cases file (.xlsx, .xls, .csv): one row per identification or elimination case.",
    ),
    "procedure --fail-on": (
        "发现该级别（error 错误；warning 提示及以上）的问题时以退出码 1 结束。",
        "Exit 1 when findings of this severity (or worse) are found.",
    ),
    "notice --village": ("行政村名称。", "Village (行政村) name."),
    "notice --township": ("乡镇名称，村名重复时给出。", "Township, when village names repeat."),
    "notice --kind": (
        "identification 识别公示，或 elimination 风险消除公示。",
        "识别 (identification) or 风险消除.",
    ),
    "notice --start": (
        "公示第一天，例如 2026-03-05 或 2026年3月5日（默认：评估日期）。",
        "First day of the notice, e.g. 2026-03-05 or 2026年3月5日 (default: the as-of date).",
    ),
    "notice --days": (
        "公示天数（默认：规则方案规定的最少天数，5 天）。",
        "Days the notice runs (default: the profile's minimum, 5).",
    ),
    "fund LEDGER": (
        "防贫基金台账文件（.xlsx、.xls、.csv）：支出和注资。",
        "Fund ledger (.xlsx, .xls, .csv): payments and 注资.",
    ),
    "fund --roster": (
        "用来核对收款人的花名册。",
        "Roster the payees are checked against.",
    ),
    "fund --sheet": (
        "台账所在的工作表（默认：第一个有表头的工作表）。",
        "Ledger sheet (default: first with a header).",
    ),
    "province DIRECTORY": (
        "每县一个子文件夹的文件夹（county=431081/part-0.parquet）或单个文件。",
        "Folder with one county per subfolder (county=431081/part-0.parquet) or file.",
    ),
    "province --output": (
        "存放 households/、issues/、counties.csv 和 summary.json 的文件夹。",
        "Folder for households/, issues/, counties.csv and summary.json.",
    ),
    "province --engine": (
        "pandas：在本机逐县计算；dask：在 Dask 集群上计算"
        "（默认：给出 --scheduler 或 --workers 时用 dask，否则用 pandas）。",
        "pandas: counties in turn here; dask: on a Dask cluster "
        "(default: dask with --scheduler or --workers, else pandas).",
    ),
    "province --scheduler": (
        "Dask 调度器地址，例如 tcp://10.0.0.5:8786。",
        "Dask scheduler address, e.g. tcp://10.0.0.5:8786.",
    ),
    "province --workers": (
        "本机 Dask 集群的工作进程数（默认：CPU 核数）。",
        "Workers of a local Dask cluster (default: CPUs).",
    ),
    "province --format": (
        "各县明细表的格式（默认：装有 pyarrow 时为 parquet，否则为 csv）。",
        "Per-county tables (default: parquet if pyarrow, else csv).",
    ),
    "audit --dept": (
        "用于比对的部门名单，例如 --dept medical=医保.xlsx（可重复给出多个）。"
        "部门：medical 医保、civil 民政、disability 残联、housing 住建、education 教育、"
        "disaster 应急管理、employment 人社、business 市场监管、vehicle 公安交管（机动车）、"
        "public_servant 财政供养人员、low_income 民政低收入人口。",
        "A department list to cross-check, e.g. --dept medical=医保.xlsx (repeat for more). "
        "KIND: medical, civil, disability, housing, education, disaster, employment, business, "
        "vehicle, public_servant, low_income.",
    ),
    "audit --fail-on": (
        "发现该级别（error 错误；warning 提示及以上）的排查问题或输入问题时以退出码 1 结束。",
        "Exit 1 when a finding or input problem of this severity (or worse) is found.",
    ),
    "simulate --profile": (
        "内置规则方案名称或 .toml 规则方案文件的路径：调整之前的规则"
        "（默认：该县的规则方案，否则为 national）。",
        "Built-in profile name or path to a .toml profile: the rules before the change "
        "(default: the county's, else national).",
    ),
    "simulate --county": (
        "fanpin.toml 中的县代码：以该县的规则方案和监测线作为调整前的规则，"
        "以该县的年度和评估日期作为默认值。",
        "County key in fanpin.toml: its profile and monitoring lines are the rules before the "
        "change, its year and as-of date the defaults.",
    ),
    "simulate --with-profile": (
        "用来对比的规则方案（内置名称或 .toml 路径）；--line 和 --set 作用于它。",
        "Profile to compare with (built-in name or .toml path); --line and --set apply to it.",
    ),
    "simulate --line": (
        "新的监测线（元），例如 --line 2026=8000（多个年份可重复给出）。",
        "A new monitoring line in yuan, e.g. --line 2026=8000 (repeat for more years).",
    ),
    "simulate --set": (
        "按带点的设置项修改规则方案，例如 --set category.watch_margin=1.3 或 "
        "--set tiers.high=70（可重复给出多个）。",
        "Change a profile setting by dotted key, e.g. --set category.watch_margin=1.3 or "
        "--set tiers.high=70 (repeat for more).",
    ),
    "warn SNAPSHOTS": (
        "花名册文件或存档的 .snapshot.json.gz，按时间从早到晚（两个或更多；"
        "与 --county 同用时，接在存档快照之后比较）。",
        "Roster files or archived .snapshot.json.gz, oldest first (two or more; "
        "with --county, compared after the archive's).",
    ),
    "warn --county": (
        "fanpin.toml 中的县代码：使用该县存档中每月最新的快照，以及该县的规则方案和监测线。",
        "County key in fanpin.toml: its archive's newest snapshot of each month, "
        "its profile and lines.",
    ),
    "warn --since": (
        "与 --county 同用：只用这一天及以后的存档快照（默认：规则方案的 warn.window_months）。",
        "With --county: archived snapshots as of this date or later (default: the "
        "profile's warn.window_months).",
    ),
    "warn --profile": (
        "内置规则方案名称或 .toml 规则方案文件的路径（默认：该县的规则方案，否则为 national）。",
        "Built-in profile name or path to a .toml profile (default: the county's, else national).",
    ),
}
# Typer's and click's own words around the help texts.
HELP_WORDS: dict[str, tuple[str, str]] = {
    "usage": ("用法：", "Usage: "),
    "options_metavar": ("[选项]", "[OPTIONS]"),
    "subcommand_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "arguments": ("参数", "Arguments"),
    "options": ("选项", "Options"),
    "commands": ("命令", "Commands"),
    "--help": ("显示本帮助并退出。", "Show this message and exit."),
    "default": ("[默认：{}]", "[default: {}]"),
    "required": ("[必填]", "[required]"),
}


# Click's usage errors (missing argument, unknown option, bad value …) as click words
# them, and their Chinese: a regular expression over the English, and its Chinese with
# the same groups. A message no pattern matches stays as click words it.
USAGE_ERRORS_ZH: tuple[tuple[str, str], ...] = (
    (r"Missing argument (?P<name>.+)\.", "缺少参数 {name}。"),
    (r"Missing option (?P<name>.+)\.", "缺少选项 {name}。"),
    (r"Missing parameter: (?P<name>.+)", "缺少参数：{name}"),
    (
        r"No such option: (?P<name>\S+) Did you mean (?P<hint>.+)\?",
        "没有选项 {name}；是不是要写 {hint}？",
    ),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<hint>.+)\)",
        "没有选项 {name}（可能是：{hint}）",
    ),
    (r"No such option: (?P<name>\S+)", "没有选项 {name}"),
    (r"No such command (?P<name>.+)\.", "没有命令 {name}。"),
    (r"Option (?P<name>.+) requires an argument\.", "选项 {name} 需要一个值。"),
    (r"Option (?P<name>.+) does not take a value\.", "选项 {name} 不带值。"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)", "多余的参数（{args}）"),
    (r"Invalid value for (?P<name>.+?): (?P<why>.+)", "{name} 的取值无效：{why}"),
)
# Why a value is invalid, as click words it (inside "Invalid value for …: …").
INVALID_VALUES_ZH: tuple[tuple[str, str], ...] = (
    (
        r"(?:Value error, )?(?P<value>.+) is not one of (?P<choices>.+)\.",
        "{value} 不是 {choices} 之一。",
    ),
    (r"(?P<value>.+) is not a valid integer\.", "{value} 不是整数。"),
    (r"Input should be a valid integer.*", "须是整数。"),
    (r"Input should be a valid number.*", "须是数字。"),
    (r"(?P<value>.+) is not a valid float\.", "{value} 不是数字。"),
    (r"(?P<value>.+) is not a valid boolean\.", "{value} 不是 是/否 值。"),
    (r"(?:File|Path|Directory) (?P<path>.+) does not exist\.", "{path} 不存在。"),
    (r"(?:File|Path) (?P<path>.+) is a directory\.", "{path} 是文件夹，不是文件。"),
    (r"Directory (?P<path>.+) is a file\.", "{path} 是文件，不是文件夹。"),
)
# The words around a usage error: the panel's title and the pointer to the help.
USAGE_ERROR_WORDS: dict[str, tuple[str, str]] = {
    "title": ("错误", "Error"),
    "help": (
        "输入 [blue]'{command_path} {help_option}'[/] 查看帮助。",
        "Try [blue]'{command_path} {help_option}'[/] for help.",
    ),
}
