"""Every code fanpin shows a person, with its Chinese and English label: code -> (zh, en).

JSON and scripts speak the codes (``monitored``, ``high``, ``should_monitor``);
workbooks and the terminal show the label in the run's language through
``label`` or ``labeller``. Nothing else in the package holds a table of labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Any

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

# -- The 排查 audit (campaigns/audit*.py, campaigns/departments.py, outputs/audit.py and the
# terminal's audit summary). Phrases are templates: ``{name}`` is filled column-wise
# (campaigns.audit_checks.Text.fill) or with ``str.format``.
RISK_FACTOR = {code: (zh, code.replace("_", " ")) for code, zh in schema.RISK_FACTORS.items()}
AUDIT_PHRASES: dict[str, tuple[str, str]] = {
    "separator": ("；", "; "),
    "listing": ("、", ", "),
    "colon": ("：", ": "),
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
    "no": ("否", "no"),
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
    "code": ("问题代码（程序用）", "code"),
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
    "file": ("文件", "file"),
    "list": ("名单", "list"),
    "item": ("项目", "item"),
    "value": ("值", "value"),
    "note": ("说明", "note"),
    "check_code": ("检查代码（程序用）", "check code (for scripts)"),
    "key": ("参数名（程序用）", "key (for scripts)"),
    "total": ("合计", "total"),
    "errors": ("错误", "errors"),
    "warnings": ("提示", "warnings"),
    "sheet": ("工作表", "sheet"),
    "row": ("行号", "row"),
    "column": ("列", "column"),
    "cell_value": ("值", "value"),
    "message": ("说明", "message"),
    "issue_code": ("问题代码（程序用）", "code"),
    "field": ("字段（程序用）", "field"),
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
    "year": ("年度", "year"),
    "line": ("监测线(元/人·年)", "monitoring line"),
    "fanpin_version": ("fanpin 版本", "fanpin version"),
    "input_file": ("输入文件", "input file"),
    "department_rule": ("部门规则：{label}", "department rule: {label}"),
    "rule": (
        "{list} · {group}{risk} · {severity}：{when}",
        "{list} · {group}{risk} · {severity}: {when}",
    ),
    "rule_risk": (" · 风险 {risk}", " · risk {risk}"),
    "not_set": ("（未设置）", "(not set)"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
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
