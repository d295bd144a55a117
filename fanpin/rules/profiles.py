"""Rule profiles: versioned TOML validated by pydantic, expressions checked when loaded.

A profile is a built-in name (``national``, ``zixing``) or a path to a TOML file.
A profile may ``extends`` another: tables merge key by key, lists and values
replace. Unknown keys are errors; every rule expression is parsed against the
known household fields before any roster row is read.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
import string
import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from fanpin import labels
from fanpin.errors import ProfileError
from fanpin.io import schema
from fanpin.io.files import remember_input
from fanpin.io.limits import current_limits
from fanpin.io.messages import ISSUE_CODES
from fanpin.io.snapshots import SNAPSHOT_COLUMNS, WARN_FIGURES
from fanpin.io.text import capped, printable
from fanpin.rules.expr import Expression, parse_expression
from fanpin.rules.measures import Catalogue, load_catalogue

BUILTIN_DIR = Path(__file__).resolve().parents[1] / "profiles"
Tier = Literal["high", "medium", "low"]
PARAMETER_NAMES = schema.RULE_PARAMETERS


class _Strict(BaseModel):
    # inf and nan are no amount, share or count: every number of a profile is finite
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class RiskRule(_Strict):
    """A risk factor fires when any of its rules holds; each rule is its evidence."""

    factor: str
    when: str
    evidence: str
    evidence_en: str = ""

    @model_validator(mode="after")
    def _known_factor(self) -> RiskRule:
        if self.factor not in schema.RISK_FACTORS:
            known = ", ".join(schema.RISK_FACTORS)
            raise _invalid(
                f"unknown risk factor '{self.factor}'; use one of {known}",
                f"未知的风险类型 '{self.factor}'；可用：{known}",
            )
        return self


class TierRule(_Strict):
    name: str
    label: str
    label_en: str = ""
    when: str
    points: int = Field(ge=0, description="never negative: adding a risk never lowers a tier")


class CategorySettings(_Strict):
    drop_ratio: float = Field(0.5, gt=0, le=1)
    watch_margin: float = Field(1.2, ge=1)
    # yuan per person: a fixed amount, so that raising the line never drops a household
    large_medical_cost: float = Field(1500, ge=0)
    sudden_events: list[str] = ["illness", "accident", "disaster", "industry_failure"]
    outstanding: str = "dropout_count > 0 or uninsured_count > 0 or housing_unsafe or no_safe_water"


class TierSettings(_Strict):
    high: int = Field(gt=0)
    medium: int = Field(gt=0)
    rules: list[TierRule]

    @model_validator(mode="after")
    def _ordered(self) -> TierSettings:
        if self.medium >= self.high:
            raise _invalid(
                "tiers.medium must be below tiers.high", "tiers.medium 须小于 tiers.high"
            )
        names = [r.name for r in self.rules]
        if len(set(names)) != len(names):
            raise _invalid("tier rule names must be unique", "分级规则的 name 不能重复")
        return self


class EliminationSettings(_Strict):
    """Risk elimination (domain.md §6): the tests, and which methods may be proposed.

    ``require_measure``: 帮扶消除 needs at least one measure in place. ``allow_natural``:
    自然消除 (the cause went away by itself) may be proposed for a household with no
    measure in place; when false, such a household is blocked by ``no_measure``.
    """

    min_months: int = Field(6, ge=0)
    require_measure: bool = True
    allow_natural: bool = True
    check_last_year: bool = True
    assisted_min_months: int = Field(2, ge=0)


class AuditSettings(_Strict):
    """The 排查 campaign and department cross-checks (read by campaigns/audit.py).

    The numbers are also parameters that ``department_rules`` conditions may
    name, beside ``line``, ``watch_margin`` and ``drop_ratio``. A department rule
    runs when a list of its ``kind`` is given: ``when`` is tested per household
    over the list's figures (``schema.DEPARTMENT_FIGURES``) and the household's
    fields. An ``early_warning`` with a ``risk`` fires only where the household
    does not yet have that risk factor (declared or detected): it is a new risk.
    A ``doubt`` (疑点) questions whether the household should be monitored.
    """

    class DepartmentRule(_Strict):
        kind: str
        code: str
        raises: Literal["early_warning", "doubt"]
        when: str
        risk: str | None = None
        severity: Literal["error", "warning"] = "warning"
        label: str = Field(min_length=1)
        label_en: str = ""
        action: str = ""
        action_en: str = ""

    cadre_max_households: int = Field(5, ge=1)  # households one 帮扶责任人 may pair
    require_leader_for_high: bool = False  # Zixing's 1+1: high tier needs a city leader too
    income_drop_ratio: float = Field(0.0, ge=0, lt=1)  # income_decline beyond this share
    medical_cost_share: float = Field(0.25, gt=0)  # of the line, per person
    disaster_loss_share: float = Field(0.25, gt=0)  # of the line, per person
    vehicle_price_threshold: float = Field(50_000, ge=0)  # yuan
    employment_min_months: int = Field(6, ge=1, le=12)
    wage_tolerance: float = Field(0.3, ge=0)  # department wages over roster wages by this share
    employment_target: float | None = Field(None, gt=0, le=1)  # e.g. Zixing's 100 %
    # the roster's and 民政's per-capita incomes differ by more than this share of the higher
    income_basis_tolerance: float = Field(0.2, gt=0, lt=1)
    department_rules: list[DepartmentRule] = []

    def parameters(self) -> dict[str, float]:
        """The settings department-rule conditions may name, by name."""
        return {
            "cadre_max_households": self.cadre_max_households,
            "income_drop_ratio": self.income_drop_ratio,
            "medical_cost_share": self.medical_cost_share,
            "disaster_loss_share": self.disaster_loss_share,
            "vehicle_price_threshold": self.vehicle_price_threshold,
            "employment_min_months": self.employment_min_months,
            "wage_tolerance": self.wage_tolerance,
            "income_basis_tolerance": self.income_basis_tolerance,
        }

    def condition(self, rule: DepartmentRule) -> Expression:
        """A rule's ``when``, parsed against the names its kind allows."""
        names = schema.department_rule_names(rule.kind, (*PARAMETER_NAMES, *self.parameters()))
        return parse_expression(rule.when, names)

    @model_validator(mode="after")
    def _checked(self) -> AuditSettings:
        if not self.department_rules:
            return self
        seen: set[str] = set()
        for index, rule in enumerate(self.department_rules):
            where = f"audit.department_rules[{index}] ({rule.code})"
            if rule.kind not in schema.DEPARTMENT_KINDS:
                kinds = ", ".join(schema.DEPARTMENT_KINDS)
                raise _invalid(
                    f"{where}: unknown kind '{rule.kind}'; use {kinds}",
                    f"{where}：未知的 kind '{rule.kind}'；可用：{kinds}",
                )
            if rule.risk is not None and rule.risk not in schema.RISK_FACTORS:
                known = ", ".join(schema.RISK_FACTORS)
                raise _invalid(
                    f"{where}: unknown risk '{rule.risk}'; use {known}",
                    f"{where}：未知的风险类型 '{rule.risk}'；可用：{known}",
                )
            if not re.fullmatch(r"[a-z][a-z0-9_]*", rule.code):
                raise _invalid(
                    f"{where}: code must be snake_case (a-z, 0-9, _)",
                    f"{where}：code 只能用小写字母、数字和下划线（a-z、0-9、_）",
                )
            if rule.code in seen or rule.code in labels.AUDIT_CHECKS:
                raise _invalid(
                    f"{where}: code '{rule.code}' is already used",
                    f"{where}：code '{rule.code}' 已被使用",
                )
            seen.add(rule.code)
            try:
                self.condition(rule)
            except ProfileError as error:
                raise _invalid(f"{where}: {error}", f"{where}：{error.text('zh')}") from None
        return self


class ProcedureSettings(_Strict):
    """Identification / elimination procedure limits (read by campaigns/procedure.py).

    Day counts run from the day after the lead to the day of the step, inclusive
    (lead 3/1, approval 3/16 = 15 days). ``day_count = "working"`` counts Monday to
    Friday minus ``holidays`` (ISO dates) instead of calendar days, for provinces
    that set limits in working days (Anhui: home check within 2, all within 20).
    The notice period counts calendar days, first and last day included.
    """

    deadline_days: int = Field(15, ge=1, description="lead to county approval, identification")
    elimination_deadline_days: int | None = Field(None, ge=1)  # None: no limit for elimination
    home_check_days: int | None = Field(None, ge=0)  # None: no separate home-check limit
    day_count: Literal["calendar", "working"] = "calendar"
    holidays: list[str] = []  # "2021-10-01", …: not working days when day_count = "working"
    notice_min_days: int = Field(5, ge=1)
    fast_track_risks: list[str] = ["disaster"]  # help before identification allowed
    objection_contact: str = (
        "对公示对象有异议的，请在公示期内以书面或口头形式向村民委员会或乡镇人民政府反映。"
    )
    # the village notice (domain.md §5): a landline for objections (blank: a line to fill
    # in by hand) and whether risk types show next to names: "none" (default) or
    # "non_health" (因灾, 因学 …; never 因病, 因残 or 未参加医保, which are health status)
    objection_phone: str = ""
    notice_risk_types: Literal["none", "non_health"] = "none"

    @model_validator(mode="after")
    def _checked(self) -> ProcedureSettings:
        for text in self.holidays:
            try:
                date.fromisoformat(text)
            except ValueError:
                raise _invalid(
                    f"procedure.holidays: '{text}' is not a date like 2021-10-01",
                    f"procedure.holidays：'{text}' 不是日期，应写成 2021-10-01 这样",
                ) from None
        unknown = [f for f in self.fast_track_risks if f not in schema.RISK_FACTORS]
        if unknown:
            raise _invalid(
                f"procedure.fast_track_risks: unknown risk factors {unknown}",
                f"procedure.fast_track_risks：未知的风险类型 {unknown}",
            )
        for name in ("objection_contact", "objection_phone"):
            if re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", getattr(self, name)):
                raise _invalid(
                    f"procedure.{name} holds a mobile number; notices never show one: "
                    "give the office's landline or address instead",
                    f"procedure.{name} 里有手机号码；公示从不显示手机号：请改填办公室座机或地址",
                )
        return self


class FundSettings(_Strict):
    """Prevention relief fund standards, caps and tranches (read by campaigns/fund).

    Amounts are yuan as exact decimals (at most two places). ``causes`` are the
    causes the fund pays (codes of ``schema.FUND_CAUSE_LABELS``); ``caps`` the most
    one payment may be, ``standards`` a fixed sum per payment (other sums are
    warned about), both by cause; ``yearly_cap`` the most one household may get in
    a calendar year. ``tranches`` (date → yuan) stand for the money paid into the
    fund when the ledger records none itself. ``pay_before_identification``: causes
    that may be paid before the household is identified (domain.md §5: disaster).
    """

    causes: list[str] = ["illness", "disaster", "housing", "industry_failure"]
    caps: dict[str, Decimal] = {}
    standards: dict[str, Decimal] = {}
    yearly_cap: Decimal | None = Field(None, gt=0, decimal_places=2)
    tranches: dict[date, Decimal] = {}
    pay_before_identification: list[str] = ["disaster"]

    @model_validator(mode="after")
    def _checked(self) -> FundSettings:
        known = schema.FUND_CAUSE_LABELS
        for where, codes in (
            ("causes", self.causes),
            ("caps", list(self.caps)),
            ("standards", list(self.standards)),
            ("pay_before_identification", self.pay_before_identification),
        ):
            unknown = [c for c in codes if c not in known]
            if unknown:
                causes = ", ".join(known)
                raise _invalid(
                    f"fund.{where}: unknown causes {unknown}; use {causes}",
                    f"fund.{where}：未知的致贫原因 {unknown}；可用：{causes}",
                )
        amounts = {f"caps.{k}": v for k, v in self.caps.items()}
        amounts |= {f"standards.{k}": v for k, v in self.standards.items()}
        amounts |= {f"tranches.{k}": v for k, v in self.tranches.items()}
        for where, amount in amounts.items():
            if not amount.is_finite() or amount <= 0 or amount != round(amount, 2):
                raise _invalid(
                    f"fund.{where}: {amount} must be a positive sum in yuan and fen",
                    f"fund.{where}：{amount} 须是大于 0 的金额（元，最多到分）",
                )
        for cause, standard in self.standards.items():
            cap = self.caps.get(cause)
            if cap is not None and standard > cap:
                raise _invalid(
                    f"fund.standards.{cause} ({standard}) is over its cap ({cap})",
                    f"fund.standards.{cause}（{standard}）超过了它的上限（{cap}）",
                )
        return self


class EscapedTrackRule(_Strict):
    """A named reason to keep helping a 脱贫户 (继续帮扶) rather than let it leave (有序退出)."""

    code: str
    label: str = Field(min_length=1)
    label_en: str = ""
    when: str


class EscapedTrackSettings(_Strict):
    """Sorting 原建档立卡脱贫户 after the transition period (domain.md §11).

    With ``enabled``, every household of type 脱贫户 is proposed ``continue`` when any
    ``continue_when`` rule holds (each one that holds is a reason), else ``exit``.
    Conditions may name household fields, the assessment (``status``, ``watch`` …)
    and the parameters (``line`` …).
    """

    enabled: bool = False
    continue_when: list[EscapedTrackRule] = []

    @model_validator(mode="after")
    def _checked(self) -> EscapedTrackSettings:
        seen: set[str] = set()
        for index, rule in enumerate(self.continue_when):
            where = f"escaped_track.continue_when[{index}] ({rule.code})"
            if not re.fullmatch(r"[a-z][a-z0-9_]*", rule.code):
                raise _invalid(
                    f"{where}: code must be snake_case (a-z, 0-9, _)",
                    f"{where}：code 只能用小写字母、数字和下划线（a-z、0-9、_）",
                )
            if rule.code in seen or rule.code in labels.ESCAPED_TRACK_BUILTIN_REASONS:
                raise _invalid(
                    f"{where}: code '{rule.code}' is already used",
                    f"{where}：code '{rule.code}' 已被使用",
                )
            seen.add(rule.code)
        if self.enabled and not self.continue_when:
            raise _invalid(
                "escaped_track: enabled needs at least one continue_when rule",
                "escaped_track：启用时至少要有一条 continue_when 规则",
            )
        return self


# Names an escaped-track condition may use: household fields, the assessment, parameters.
ESCAPED_TRACK_NAMES = (*schema.RULE_NAMES, *schema.ASSESSMENT_NAMES, *PARAMETER_NAMES)


# Early warning across snapshots (``fanpin warn``, campaigns/warn.py). A rule's condition
# compares a household's first snapshot in the window (before_…) with the latest (after_…),
# over the figures a snapshot keeps, what changed among its members, and the parameters.
WARN_COMPARED = (
    *(c for c in SNAPSHOT_COLUMNS if c not in ("household_id", "township", "village", "head_name")),
    *WARN_FIGURES,
)
WARN_MEMBER_CHANGES = (
    "members_left",  # members of the household before who are not in it now
    "members_joined",
    "new_health_count",  # members whose 健康状况 gained 患有大病, 长期慢性病 or 残疾
    "work_stopped_count",  # members who worked before (务工) and do not now
    "labour_changed_count",  # members labour-capable before whose 劳动技能 is not now
)
WARN_PARAMETERS = ("line", "watch_margin", "drop_ratio", "income_drop_share", "slipping_margin")
WARN_NAMES = (
    *(f"{side}_{name}" for side in ("before", "after") for name in WARN_COMPARED),
    *WARN_MEMBER_CHANGES,
    *WARN_PARAMETERS,
)
# The built-in rules (national.toml repeats them): code -> condition.
WARN_RULES: dict[str, str] = {
    "income_falling": (
        "before_per_capita_income > 0 and after_per_capita_income >= line and "
        "after_per_capita_income <= before_per_capita_income * (1 - income_drop_share)"
    ),
    "near_line": (
        "after_per_capita_income < watch_margin * line and "
        "before_per_capita_income >= watch_margin * line"
    ),
    "new_health_problem": "new_health_count > 0",
    "work_stopped": "work_stopped_count > 0",
    "labour_lost": "after_labour_count < before_labour_count",
    "dibao_without_measure": (
        "after_dibao_count + after_tekun_count > 0 and "
        "before_dibao_count + before_tekun_count == 0 and after_measure_count == 0"
    ),
    "eliminated_slipping": (
        "after_status == 'eliminated' and after_per_capita_income < before_per_capita_income "
        "and after_per_capita_income < slipping_margin * line"
    ),
    "member_left": "after_size < before_size",
}


class WarnSettings(_Strict):
    """Early warning across monthly exports (``fanpin warn``, the report's 预警 sheet).

    ``rules`` maps each warning's code (``labels.WARN_FINDINGS``) to its condition; a
    profile lists only the rules it changes (the rest keep ``WARN_RULES``), and a
    condition of ``False`` switches a rule off. ``income_drop_share``: the share
    per-capita income must fall for ``income_falling``; ``slipping_margin``: an
    eliminated household under this many times the line is slipping;
    ``window_months``: how many months before the latest snapshot the county report
    and ``fanpin warn --county`` look back (and the archive keeps a snapshot of each).
    """

    income_drop_share: float = Field(0.3, gt=0, lt=1)
    slipping_margin: float = Field(1.2, ge=1)
    window_months: int = Field(12, ge=1, le=120)
    rules: dict[str, str] = Field(default_factory=lambda: dict(WARN_RULES))

    @field_validator("rules", mode="before")
    @classmethod
    def _over_defaults(cls, rules: object) -> object:
        return {**WARN_RULES, **rules} if isinstance(rules, dict) else rules

    @model_validator(mode="after")
    def _checked(self) -> WarnSettings:
        for code, when in self.rules.items():
            if code not in labels.WARN_FINDINGS:
                known = ", ".join(labels.WARN_FINDINGS)
                raise _invalid(
                    f"warn.rules: unknown warning '{code}'; the warnings are {known}",
                    f"warn.rules：未知的预警 '{code}'；可用的预警有 {known}",
                )
            try:
                parse_expression(when, WARN_NAMES)
            except ProfileError as error:
                raise _invalid(
                    f"warn.rules.{code}: {error}", f"warn.rules.{code}：{error.text('zh')}"
                ) from None
        return self

    def parameters(self) -> dict[str, float]:
        """The settings a condition may name (beside the line and the category's)."""
        return {
            "income_drop_share": self.income_drop_share,
            "slipping_margin": self.slipping_margin,
        }

    @cached_property
    def conditions(self) -> dict[str, Expression]:
        """Each rule's condition, parsed, in the order of ``labels.WARN_FINDINGS``."""
        return {
            code: parse_expression(self.rules[code], WARN_NAMES)
            for code in labels.WARN_FINDINGS
            if code in self.rules
        }


class MeasureSettings(_Strict):
    catalogue: str = "national_measures.csv"  # beside the profile, else built-in


# Names an issue message fills in itself (io.validate.IssueCollector): no threshold's.
_RESERVED_THRESHOLDS = ("code", "mask", "field", "column", "value")


class QualitySettings(BaseModel):
    """Thresholds the data-quality rules name (``[quality]``; rules/quality.py).

    A province may add numbers of its own here (``pension_age = 60``) and name them
    in its ``[[quality_rules]]``, beside the four below.
    """

    model_config = ConfigDict(extra="allow", frozen=True, allow_inf_nan=False)

    working_age_min: int = Field(16, ge=0, le=150)  # labour_implausible: aged from …
    working_age_max: int = Field(59, ge=0, le=150)  # … to, both included
    preschool_age_limit: int = Field(7, ge=0, le=150)  # preschool_too_old: aged this or more
    adult_age: int = Field(18, ge=0, le=150)  # schooling_too_advanced_for_age: younger

    def parameters(self) -> dict[str, float]:
        """Every threshold by name, a province's own included."""
        extra = dict(self.model_extra or {})
        return {**{name: getattr(self, name) for name in type(self).model_fields}, **extra}

    @model_validator(mode="after")
    def _checked(self) -> QualitySettings:
        for name, value in (self.model_extra or {}).items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise _invalid(
                    f"quality.{name}: a threshold's name is snake_case (a-z, 0-9, _)",
                    f"quality.{name}：阈值的名称只能用小写字母、数字和下划线（a-z、0-9、_）",
                )
            if name in schema.QUALITY_NAMES or name in _RESERVED_THRESHOLDS:
                raise _invalid(
                    f"quality.{name}: '{name}' is a name of its own; choose another",
                    f"quality.{name}：'{name}' 已是内置名称，请换一个",
                )
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise _invalid(
                    f"quality.{name}: a threshold is a number, not {value!r}",
                    f"quality.{name}：阈值须是数字，不能是 {value!r}",
                )
        if self.working_age_min > self.working_age_max:
            raise _invalid(
                "quality.working_age_min must not be above quality.working_age_max",
                "quality.working_age_min 不能大于 quality.working_age_max",
            )
        return self


class QualityRule(_Strict):
    """A cross-field data-quality check (``[[quality_rules]]``, rules/quality.py).

    ``when`` names member and household fields, the names of
    ``schema.MEMBER_DERIVED_FIELDS`` (age, member_sex, is_student …), ``has_<field>``,
    household counts and the ``[quality]`` thresholds. A ``member`` rule gives an issue
    on every member row where it holds; a ``household`` rule is tested on the row that
    stands for each household (its head's) and gives one issue there. ``columns`` are
    the roster fields the issue shows (header and value); ``message`` and ``fix`` take
    ``{name}`` placeholders of the same names. A profile that extends another changes
    one of its rules by giving its ``code`` again with the keys that differ
    (``severity = "error"``, ``enabled = false``); other codes are added.
    """

    code: str
    level: Literal["member", "household"] = "member"
    when: str
    columns: list[str] = Field(min_length=1)
    severity: Literal["error", "warning"] = "warning"
    message: str = Field(min_length=1)
    message_en: str = ""
    fix: str = ""
    fix_en: str = ""
    label: str = ""  # the 问题 column's short name; built-in codes have theirs in labels.py
    label_en: str = ""
    enabled: bool = True
    # roster fields the rule needs: it is skipped on a roster without one of them, and
    # fields the roster lacks read as empty (default: every field its condition reads)
    requires: list[str] | None = None

    @model_validator(mode="after")
    def _checked(self) -> QualityRule:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.code):
            raise _invalid(
                f"code '{self.code}' must be snake_case (a-z, 0-9, _)",
                f"code '{self.code}' 只能用小写字母、数字和下划线（a-z、0-9、_）",
            )
        unknown = [c for c in [*self.columns, *(self.requires or [])] if c not in schema.BY_NAME]
        if unknown:
            hint = difflib.get_close_matches(unknown[0], list(schema.BY_NAME), n=3)
            more = f"; did you mean {', '.join(hint)}?" if hint else ""
            more_zh = f"；是不是要写 {'、'.join(hint)}？" if hint else ""
            raise _invalid(
                f"columns, requires: {unknown} are not roster fields{more}",
                f"columns、requires：{unknown} 不是花名册字段{more_zh}",
            )
        if self.code in ISSUE_CODES or self.code in labels.JOIN_ISSUES:
            raise _invalid(
                f"code '{self.code}' is one of validation's own; choose another",
                f"code '{self.code}' 已是数据检查自带的问题代码，请换一个",
            )
        if not self.label and self.code not in labels.QUALITY_KINDS:
            raise _invalid(
                f"rule '{self.code}' needs a label (the problem's short name)",
                f"规则 '{self.code}' 需要 label（问题的简短名称）",
            )
        return self

    def template(self, lang: str) -> str:
        """The message with its fix, in ``lang`` (Chinese where no English is given)."""
        message = self.message_en if lang == "en" and self.message_en else self.message
        fix = self.fix_en if lang == "en" and self.fix_en else self.fix
        if not fix:
            return message
        joiner = labels.QUALITY_WORDS["fix"][0 if lang == "zh" else 1]
        return message + joiner.replace("{fix}", fix)


class Profile(_Strict):
    """A county's rules: monitoring line by year, categories, risk rules, tiers."""

    name: str
    version: str
    description: str = ""
    monitoring_line: dict[int, float]
    category: CategorySettings = CategorySettings()
    risk_rules: list[RiskRule]
    tiers: TierSettings
    elimination: EliminationSettings = EliminationSettings()
    measures: MeasureSettings = MeasureSettings()
    audit: AuditSettings = AuditSettings()
    procedure: ProcedureSettings = ProcedureSettings()
    fund: FundSettings = FundSettings()
    # the words of outputs: "2021" 监测对象 (2021–2025), "2026" 防止返贫致贫对象 (domain.md §11)
    terminology: labels.Era = "2021"
    escaped_track: EscapedTrackSettings = EscapedTrackSettings()
    warn: WarnSettings = WarnSettings()
    # cross-field data quality (rules/quality.py): thresholds and the rules
    quality: QualitySettings = QualitySettings()
    quality_rules: list[QualityRule] = []
    source: str = Field("", exclude=True)
    # lines added over the profile's: year -> (kind, where), kind "workspace" or "option"
    line_origins: dict[int, tuple[str, str]] = Field(default_factory=dict, exclude=True)
    # how to add a missing line where this run takes its lines from (see ``with_lines``)
    line_fix: str = Field("", exclude=True)
    line_fix_zh: str = Field("", exclude=True)  # the same in Chinese

    @field_validator("monitoring_line")
    @classmethod
    def _positive_lines(cls, lines: dict[int, float]) -> dict[int, float]:
        """A monitoring line is a positive amount of yuan for a plausible year."""
        for year, line in lines.items():
            if not 1949 <= year <= 2200:
                raise _invalid(
                    f"monitoring_line: {year} is not a year", f"monitoring_line：{year} 不是年份"
                )
            if not line > 0:
                raise _invalid(
                    f"monitoring_line.{year} = {line}: a line is yuan per person per year, above 0",
                    f"monitoring_line.{year} = {line}：监测线是每人每年的元数，须大于 0",
                )
        return lines

    def line_for(self, year: int) -> float:
        """The monitoring line of ``year``; a year without one is an error, never a default."""
        if year not in self.monitoring_line:
            years = ", ".join(str(y) for y in sorted(self.monitoring_line)) or "none"
            fix = self.line_fix.format(year=year) if self.line_fix else self._line_fix(year)
            if self.line_fix_zh:
                fix_zh = self.line_fix_zh.format(year=year)
            else:
                fix_zh = self._line_fix_zh(year)
            raise ProfileError(
                f"profile '{self.name}' has no monitoring line for {year} (it has {years}); "
                f"{fix}; or pass --year with a year that has one",
                zh=f"规则 '{self.name}' 没有 {year} 年的监测线"
                f"（已有：{'、'.join(str(y) for y in sorted(self.monitoring_line)) or '无'}）："
                f"{fix_zh}；或用 --year 选一个已有监测线的年份",
            )
        return self.monitoring_line[year]

    def line_origin(self, year: int) -> tuple[str, str]:
        """Where the line of ``year`` is set: (kind, where), kind one of labels.LINE_SOURCES."""
        return self.line_origins.get(year, ("profile", self.name))

    def _line_fix(self, year: int) -> str:
        if Path(self.source).parent == BUILTIN_DIR:
            return (
                f"'{self.name}' is built in: add `{year} = <yuan>` under [monitoring_line] "
                f"in a profile of your own that extends it (profiles/my_county.toml with "
                f'`extends = "{self.name}"`), or pass --line {year}=<yuan> for this run'
            )
        return (
            f"add `{year} = <yuan>` under [monitoring_line] in {Path(self.source).resolve()}, "
            f"or pass --line {year}=<yuan> for this run"
        )

    def _line_fix_zh(self, year: int) -> str:
        if Path(self.source).parent == BUILTIN_DIR:
            return (
                f"'{self.name}' 是内置规则：请在自己的规则文件中（profiles/my_county.toml，写 "
                f'`extends = "{self.name}"`）的 [monitoring_line] 下加 `{year} = <元>`，'
                f"或本次运行加 --line {year}=<元>"
            )
        return (
            f"请在 {Path(self.source).resolve()} 的 [monitoring_line] 下加 `{year} = <元>`，"
            f"或本次运行加 --line {year}=<元>"
        )

    @cached_property
    def hash(self) -> str:
        """Of the resolved settings and the measure catalogue's bytes: any edit changes it."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(canonical.encode())
        digest.update(self.catalogue.sha256.encode())
        return digest.hexdigest()[:16]

    @cached_property
    def expressions(self) -> dict[str, Expression]:
        """Every rule expression of the profile, parsed, keyed by where it stands."""
        known = (*schema.RULE_NAMES, *PARAMETER_NAMES)
        sources = {"category.outstanding": self.category.outstanding}
        sources |= {f"risk_rules[{i}]": r.when for i, r in enumerate(self.risk_rules)}
        sources |= {f"tiers.rules.{r.name}": r.when for r in self.tiers.rules}
        parsed: dict[str, Expression] = {}
        for where, source in sources.items():
            try:
                parsed[where] = parse_expression(source, known)
            except ProfileError as error:
                raise ProfileError(
                    f"profile '{self.name}', {where}: {error}",
                    zh=f"规则 '{self.name}' 的 {where}：{error.text('zh')}",
                ) from None
        return parsed

    @cached_property
    def escaped_conditions(self) -> dict[str, Expression]:
        """The escaped-track rules' conditions, parsed, keyed by rule code."""
        parsed: dict[str, Expression] = {}
        for index, rule in enumerate(self.escaped_track.continue_when):
            try:
                parsed[rule.code] = parse_expression(rule.when, ESCAPED_TRACK_NAMES)
            except ProfileError as error:
                where = f"escaped_track.continue_when[{index}] ({rule.code})"
                raise ProfileError(
                    f"profile '{self.name}', {where}: {error}",
                    zh=f"规则 '{self.name}' 的 {where}：{error.text('zh')}",
                ) from None
        return parsed

    @cached_property
    def quality_conditions(self) -> dict[str, Expression]:
        """The enabled quality rules' conditions, parsed, keyed by rule code; each rule's
        codes unique, its placeholders known names."""
        known = (*schema.QUALITY_NAMES, *self.quality.parameters())
        parsed: dict[str, Expression] = {}
        seen: set[str] = set()
        for index, rule in enumerate(self.quality_rules):
            where = f"profile '{self.name}', quality_rules[{index}] ({rule.code})"
            where_zh = f"规则 '{self.name}' 的 quality_rules[{index}]（{rule.code}）"
            if rule.code in seen:
                raise ProfileError(
                    f"{where}: code '{rule.code}' is used by another rule",
                    zh=f"{where_zh}：代码 '{rule.code}' 已被另一条质量规则使用，请换一个",
                )
            seen.add(rule.code)
            try:
                condition = parse_expression(rule.when, known)
                for text in (rule.message, rule.message_en, rule.fix, rule.fix_en):
                    _check_placeholders(text, known)
            except ProfileError as error:
                raise ProfileError(
                    f"{where}: {error}", zh=f"{where_zh}：{error.text('zh')}"
                ) from None
            if rule.enabled:
                parsed[rule.code] = condition
        return parsed

    @cached_property
    def catalogue(self) -> Catalogue:
        """The measure catalogue, found beside the profile file or among the built-ins."""
        name = self.measures.catalogue
        for folder in (Path(self.source).parent, BUILTIN_DIR):
            if (folder / name).is_file():
                return load_catalogue(folder / name)
        raise ProfileError(
            f"profile '{self.name}': measure catalogue {name} not found",
            zh=f"规则 '{self.name}'：找不到帮扶措施目录 {name}：请把它放在规则文件旁边",
        )

    def summary(self) -> dict[str, Any]:
        """What outputs record about the profile that produced them."""
        return {"name": self.name, "version": self.version, "hash": self.hash}


def _check_placeholders(text: str, known: tuple[str, ...]) -> None:
    """Every ``{name}`` of a quality message names a known field or threshold, plainly."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ProfileError(
            f'cannot read the placeholders of "{text}": {error}',
            zh=f'无法读取 "{text}" 中的占位符：花括号不成对'
            "（占位符写成 {字段名}；要写花括号本身，请写 {{ 或 }}）",
        ) from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ProfileError(
                f'"{text}": write placeholders as {{name}}, without format',
                zh=f'"{text}"：占位符请写成 {{字段名}}，不要加格式',
            )
        if name not in known:
            hint = difflib.get_close_matches(name, known, n=3)
            more = f"; did you mean {', '.join(hint)}?" if hint else ""
            more_zh = f"；是不是要写 {'、'.join(hint)}？" if hint else ""
            raise ProfileError(
                f'"{text}": unknown placeholder {{{name}}}{more}',
                zh=f'"{text}"：没有占位符 {{{name}}} 对应的字段或阈值{more_zh}',
            )


def with_lines(
    profile: Profile,
    lines: Mapping[int, float],
    origin: tuple[str, str],
    fix: str = "",
    fix_zh: str = "",
) -> Profile:
    """``profile`` with ``lines`` (year -> yuan) added over its own, each recorded as set in
    ``origin`` (kind, where); ``fix`` (with ``{year}``) tells how to add a missing line there.

    The result is validated afresh, so its hash covers the lines it uses.
    """
    if not lines and not fix:
        return profile
    data = profile.model_dump()
    data["monitoring_line"] = {**profile.monitoring_line, **lines}
    return Profile.model_validate(
        {
            **data,
            "source": profile.source,
            "line_origins": {**profile.line_origins, **dict.fromkeys(lines, origin)},
            "line_fix": fix or profile.line_fix,
            "line_fix_zh": fix_zh or profile.line_fix_zh,
        }
    )


def builtin_names() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))


def load_profile(name_or_path: str | Path | Profile, search: Path | None = None) -> Profile:
    """A built-in profile by name, a workspace profile in ``search``, or a TOML path.

    A Profile already loaded is returned as it is, so callers take either.
    """
    if isinstance(name_or_path, Profile):
        return name_or_path
    path = _locate(str(name_or_path), search)
    data = _load_merged(path, seen=())
    try:
        profile = Profile.model_validate({**data, "source": str(path)})
    except ValidationError as error:
        raise ProfileError(
            f"profile {path.name} is not valid: {_explain(error)}",
            zh=f"规则文件 {path.name} 有误：{_explain(error, 'zh')}",
        ) from None
    profile.expressions  # noqa: B018 - parse every expression now, not at first use
    profile.escaped_conditions  # noqa: B018
    profile.quality_conditions  # noqa: B018
    profile.catalogue  # noqa: B018 - and check the catalogue
    unknown = [f for f in profile.category.sudden_events if f not in schema.RISK_FACTORS]
    if unknown:
        raise ProfileError(
            f"profile {path.name}: unknown sudden_events {unknown}",
            zh=f"规则文件 {path.name}：sudden_events 中有未知的风险因素 {unknown}，"
            f"可用的有 {'、'.join(schema.RISK_FACTORS)}",
        )
    return profile


def _locate(name: str, search: Path | None, relative_to: Path | None = None) -> Path:
    """A profile by path or name. A path is taken from ``relative_to`` (the folder of the
    profile that extends it) when given, else from the current folder; a name is looked
    for in ``search`` (a workspace's profiles/, or the extending profile's folder), then
    among the built-ins."""
    candidates = []
    if name.endswith(".toml") or "/" in name:
        candidates.append(Path(name) if relative_to is None else relative_to / name)
    if search is not None:
        candidates.append(search / f"{name}.toml")
    candidates.append(BUILTIN_DIR / f"{name}.toml")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ProfileError(
        f"no profile '{name}'; built-in profiles are {', '.join(builtin_names())}, "
        "or give the path of a .toml file",
        zh=f"找不到规则 '{name}'：内置规则有 {'、'.join(builtin_names())}，"
        "或给出 .toml 规则文件的路径",
    )


def _load_merged(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    """The profile at ``path`` merged over the chain it extends (at most FANPIN_MAX_EXTENDS
    deep); ``extends`` is found from the extending profile's own folder."""
    if path.resolve() in seen:
        raise ProfileError(
            f"profile {path.name} extends itself through {seen[-1].name}",
            zh=f"规则 {path.name} 经由 {seen[-1].name} 继承了自己：请修改 extends",
        )
    limit = current_limits().extends_depth
    if len(seen) >= limit:
        raise ProfileError(
            f"profile {seen[0].name} extends a chain of more than {limit} profiles (at "
            f"{path.name}); shorten the chain, or raise FANPIN_MAX_EXTENDS",
            zh=f"规则 {seen[0].name} 的继承链超过 {limit} 层（在 {path.name} 处）："
            "请缩短继承链，或调高 FANPIN_MAX_EXTENDS",
        )
    remember_input(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise ProfileError(
            f"profile {path.name} cannot be read: {capped(reason)}",
            zh=f"规则文件 {path.name} 无法读取：{capped(reason)}",
        ) from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent.strip():
        raise ProfileError(
            f"profile {path.name}: extends must name a profile or a .toml file",
            zh=f"规则文件 {path.name}：extends 须写规则名或 .toml 文件",
        )
    base = _load_merged(
        _locate(parent, path.parent, relative_to=path.parent), (*seen, path.resolve())
    )
    return _merge(base, data)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if key == "quality_rules" and isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = _merge_by_code(merged[key], value)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _merge_by_code(base: list[Any], override: list[Any]) -> list[Any]:
    """An extending profile's ``[[quality_rules]]`` over its base's: a rule with a code the
    base has changes that rule key by key; the others are added after the base's."""
    merged = list(base)
    position = {r.get("code"): i for i, r in enumerate(merged) if isinstance(r, dict)}
    for rule in override:
        code = rule.get("code") if isinstance(rule, dict) else None
        if isinstance(code, str) and code in position:
            merged[position[code]] = {**merged[position[code]], **rule}
        else:
            merged.append(rule)
    return merged


def _explain(error: ValidationError, lang: str = "en") -> str:
    lines = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem["loc"])
        said = printable(capped(_complaint(problem, lang) if lang == "zh" else problem["msg"]))
        colon = "：" if lang == "zh" else ": "
        lines.append(f"{printable(capped(where, 120))}{colon}{said}")
    return ("；" if lang == "zh" else "; ").join(lines)


# Pydantic's complaints a profile author meets most, in Chinese (the others keep
# pydantic's English words); {placeholders} are filled from the complaint's ctx.
_COMPLAINTS_ZH = {
    "missing": "缺少此项",
    "extra_forbidden": "没有这一项：请检查拼写",
    "greater_than": "须大于 {gt}",
    "greater_than_equal": "须不小于 {ge}",
    "less_than": "须小于 {lt}",
    "less_than_equal": "须不大于 {le}",
    "int_type": "须是整数",
    "int_parsing": "须是整数",
    "int_from_float": "须是整数",
    "float_type": "须是数字",
    "float_parsing": "须是数字",
    "bool_type": "须是 true 或 false",
    "bool_parsing": "须是 true 或 false",
    "string_type": "须是文字（加引号）",
    "list_type": "须是列表 [ ]",
    "dict_type": "须是一个表",
    "model_type": "须是一个表",
    "model_attributes_type": "须是一个表",
    "literal_error": "须是 {expected} 之一",
    "date_from_datetime_parsing": "须是日期，例如 2026-03-31",
    "date_parsing": "须是日期，例如 2026-03-31",
    "date_type": "须是日期，例如 2026-03-31",
}


def _invalid(message: str, zh: str) -> PydanticCustomError:
    """A validator's complaint with its Chinese text beside it (read by ``_complaint``);
    in English it reads as a ``ValueError``'s would."""
    return PydanticCustomError("value_error", "Value error, {error}", {"error": message, "zh": zh})


def _complaint(problem: Any, lang: str) -> str:
    """One pydantic complaint in ``lang``: a check's Chinese text when it gives one
    (``_invalid``), pydantic's common ones from ``_COMPLAINTS_ZH``, else pydantic's words."""
    context = problem.get("ctx") or {}
    if lang == "zh" and isinstance(context.get("zh"), str):
        return str(context["zh"])
    template = _COMPLAINTS_ZH.get(problem["type"]) if lang == "zh" else None
    if template is None:
        return str(problem["msg"]).removeprefix("Value error, ")
    return template.format_map({k: str(v) for k, v in context.items()})


class OverrideError(ProfileError):
    """A dotted-key override (``--set key=value``, ``--line YEAR=VALUE``) that names no
    profile key or makes the profile invalid: a usage error, not a broken profile file."""


def with_overrides(profile: Profile, overrides: Mapping[str, object]) -> Profile:
    """``profile`` with values replaced by dotted key, checked as a profile file is.

    Keys follow the TOML file: ``category.watch_margin``, ``tiers.high``,
    ``monitoring_line.2026``, ``fund.caps.illness``; an item of a list of rules by its
    ``name`` or ``code`` (``tiers.rules.income_below_line.points``) or by position from 0
    (``risk_rules.0.when``). A text value is read as a TOML value (``70``, ``1.3``,
    ``true``, ``["illness"]``) unless the key holds text (a rule's ``when``, a label):
    then it is kept as written. An unknown key, an invalid value or a monitoring line
    that is not a positive number raises ``OverrideError``. The result is a new profile
    with its own hash; ``profile`` is unchanged.
    """
    if not overrides:
        return profile
    data = profile.model_dump()
    for key, value in overrides.items():
        _assign(data, key, value)
    where = f"profile '{profile.name}' with {_overridden(overrides)}"
    where_zh = f"规则 '{profile.name}' 改为 {_overridden(overrides)} 后"
    try:
        changed = Profile.model_validate({**data, "source": profile.source})
    except ValidationError as error:
        raise OverrideError(
            f"{where}: {_problems(error, data)}",
            zh=f"{where_zh}：{_problems(error, data, 'zh')}",
        ) from None
    try:
        changed.expressions  # noqa: B018 - parse every expression, as load_profile does
        changed.escaped_conditions  # noqa: B018
        changed.quality_conditions  # noqa: B018
        changed.catalogue  # noqa: B018
        unknown = [f for f in changed.category.sudden_events if f not in schema.RISK_FACTORS]
        if unknown:
            raise ProfileError(
                f"category.sudden_events: unknown risk factors {unknown}",
                zh=f"category.sudden_events：未知的风险因素 {unknown}，"
                f"可用的有 {'、'.join(schema.RISK_FACTORS)}",
            )
    except ProfileError as error:
        raise OverrideError(f"{where}: {error}", zh=f"{where_zh}：{error.text('zh')}") from None
    return changed


def profile_items(profile: Profile) -> dict[str, Any]:
    """Every setting of ``profile`` by the dotted key ``with_overrides`` takes, in file order
    (JSON values; a list of plain values stays one item)."""
    items: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, inner in enumerate(value):
                walk(f"{prefix}.{_item_key(inner, index)}", inner)
        else:
            items[prefix] = value

    walk("", profile.model_dump(mode="json"))
    return items


def _item_key(item: dict[str, Any], index: int) -> str:
    for field in ("name", "code"):
        if isinstance(item.get(field), str) and item[field]:
            return str(item[field])
    return str(index)


def _overridden(overrides: Mapping[str, object]) -> str:
    return ", ".join(f"{key}={value}" for key, value in overrides.items())


def _problems(error: ValidationError, data: dict[str, Any], lang: str = "en") -> str:
    """Pydantic's complaints in profile terms (in ``lang``): an extra input is an unknown
    key."""
    found = []
    for problem in error.errors():
        path = ".".join(str(p) for p in problem["loc"])
        if problem["type"] == "extra_forbidden":
            parent: Any = data
            for part in problem["loc"][:-1]:
                parent = parent[part]
            keys = [str(k) for k in parent if k != problem["loc"][-1]]
            if lang == "zh":
                found.append(f"没有规则项 {path}：那里的项有 {'、'.join(keys)}")
            else:
                found.append(f"unknown profile key {path}; known keys there: {', '.join(keys)}")
        else:
            found.append(f"{path}{'：' if lang == 'zh' else ': '}{_complaint(problem, lang)}")
    return ("；" if lang == "zh" else "; ").join(found)


def _assign(data: dict[str, Any], key: str, value: object) -> None:
    parts = key.split(".")
    if not key or any(not p.strip() for p in parts) or parts[0] == "source":
        raise OverrideError(
            f"'{key}' is not a profile key like category.watch_margin or monitoring_line.2026",
            zh=f"'{key}' 不是规则项：请写成 category.watch_margin、monitoring_line.2026 这样的形式",
        )
    container: Any = data
    for depth, part in enumerate(parts[:-1]):
        container = _child(container, part, ".".join(parts[:depth]))
    last = parts[-1]
    where = ".".join(parts[:-1])
    if isinstance(container, list):
        position = _position(container, last, where)
        old = container[position]
        container[position] = _typed(value, old, key)
    elif isinstance(container, dict):
        existing = next((k for k in container if str(k) == last), None)
        old = container.get(existing) if existing is not None else None
        typed = _typed(value, old, key)
        if parts[0] == "monitoring_line":
            typed = _line(key, typed)
        container[existing if existing is not None else last] = typed
    else:
        raise OverrideError(
            f"{key}: {where} is a value, not a table",
            zh=f"{key}：{where} 是一个值，不是表，其下不能再设项",
        )


def _child(container: Any, part: str, where: str) -> Any:
    if isinstance(container, list):
        return container[_position(container, part, where)]
    if isinstance(container, dict):
        for key, value in container.items():
            if str(key) == part:
                return value
        known = ", ".join(str(k) for k in container) or "nothing"
        known_zh = "、".join(str(k) for k in container) or "（无）"
        path = f"{where}.{part}" if where else part
        raise OverrideError(
            f"unknown profile key {path}; {where or 'a profile'} has: {known}",
            zh=f"没有规则项 {path}：{where or '规则'} 下的项有 {known_zh}",
        )
    raise OverrideError(
        f"{where} is a value, not a table: {where}.{part} cannot be set",
        zh=f"{where} 是一个值，不是表：不能设置 {where}.{part}",
    )


def _position(items: list[Any], part: str, where: str) -> int:
    if part.isdigit() and int(part) < len(items):
        return int(part)
    for index, item in enumerate(items):
        if isinstance(item, dict) and part in (item.get("name"), item.get("code")):
            return index
    named = [_item_key(i, n) if isinstance(i, dict) else str(n) for n, i in enumerate(items)]
    raise OverrideError(
        f"{where} has no item {part}; its items are: {', '.join(named)}",
        zh=f"{where} 中没有 {part} 这一条：现有的是 {'、'.join(named)}",
    )


def _typed(value: object, old: object, key: str) -> object:
    """A text value as TOML, except where the key holds text (kept as written, unquoted)."""
    if not isinstance(value, str):
        return value
    try:
        parsed = tomllib.loads(f"value = {value}")["value"]
    except tomllib.TOMLDecodeError:
        return value
    if isinstance(old, str) and not isinstance(parsed, str):
        return value
    return parsed


def _line(key: str, value: object) -> float:
    year = key.split(".")[-1]
    if key.count(".") != 1 or not (year.isdigit() and len(year) == 4):
        raise OverrideError(
            f"{key}: a monitoring line is set by year, like monitoring_line.2026",
            zh=f"{key}：监测线按年份设置，例如 monitoring_line.2026",
        )
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise OverrideError(
            f"{key}={value}: a monitoring line is a positive number of yuan",
            zh=f"{key}={value}：监测线须是大于 0 的元数",
        )
    return float(value)
