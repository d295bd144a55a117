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
    "data_errors": (
        "本次运行所有输入文件中的错误，逐条见“数据问题”表",
        "errors in every input of the run: each on the problems sheet",
    ),
    "data_warnings": (
        "本次运行所有输入文件中的提示，逐条见“数据问题”表",
        "warnings in every input of the run: each on the problems sheet",
    ),
}
SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
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
    "total": ("合计", "total"),
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
    "read": (
        "[bold]{path}[/] 工作表 {sheet!r}，表头在第 {header_row} 行："
        "{records} 条记录，{households} 户",
        "[bold]{path}[/] sheet {sheet!r}, header row {header_row}: "
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
    "no_measure": ("尚未落实任何帮扶措施", "no assistance measure in place"),
    "no_labour_no_security": (
        "家庭无劳动力，且未纳入低保或特困供养兜底",
        "no labour-capable member and no 低保/特困 safety net yet",
    ),
}
