"""Risk elimination (风险消除, domain.md §6): who may leave monitoring, and why not.

For every household with a recorded category: ``eliminated`` (already),
``eligible`` (with the method 帮扶消除 / 自然消除), ``not_yet`` with every blocker,
or ``safety_net`` (no labour-capable member, needs met by 低保/特困: kept under
tracking as 兜底保障, never eliminated). Blockers are computed as masks over
all households; sentences are written only for the households they hold for.

Both methods need the same tests (months identified, income this year and last,
adjusted income, no outstanding difficulty). The method says why the risk went
away (§6): with at least one measure in place, assistance may have removed it
(帮扶消除, the village confirms); with none, it cannot have, so the cause went
away by itself (自然消除: the ill member recovered or died, the student finished
school, income recovered without help). Only a profile that does not allow
自然消除 (``allow_natural = false``) blocks a household without a measure
(``no_measure``). An eliminated household that fails the tests again
(``returned_to_risk``) carries the action ``re_identify`` (风险再标注).
"""

from __future__ import annotations

from collections.abc import Callable
from string import Formatter

import numpy as np
import pandas as pd

from fanpin.io.messages import Lang
from fanpin.rules.assess import Parameters

# blocker code -> (Chinese, English) sentence templates over household fields
BLOCKERS: dict[str, tuple[str, str]] = {
    "data_error": ("数据错误，无法评估：{unassessed_reason}", "data error: {unassessed_reason}"),
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


def assess_elimination(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """Add elimination_status, elimination_method_proposed, elimination_blockers and
    elimination_action (``re_identify`` for an eliminated household at risk again)."""
    settings = parameters.profile.elimination
    line = parameters.line
    last_line = parameters.profile.monitoring_line.get(parameters.year - 1, line)
    recorded = frame["recorded_category"].notna().to_numpy()
    already = frame["status"].eq("eliminated").to_numpy() & recorded
    has_measure = frame["measures_received_codes"].map(len).gt(0).to_numpy()
    no_labour = frame["labour_count"].eq(0).to_numpy()
    social_security = (frame["dibao_count"].gt(0) | frame["tekun_count"].gt(0)).to_numpy()
    months = frame["months_monitored"]
    last_year = frame["last_year_per_capita_income"]
    blockers = {
        "data_error": frame["unassessed_reason"].notna(),
        "identification_unknown": months.isna(),
        "monitored_too_short": months < settings.min_months,
        "income_below_line": frame["per_capita_income"] < line,
        "last_year_below_line": (last_year < last_line) & settings.check_last_year,
        "adjusted_income_below_line": frame["adjusted_per_capita_income"] < line,
        "dropout": frame["dropout_count"] > 0,
        "uninsured": frame["uninsured_count"] > 0,
        "unsafe_housing": frame["housing_unsafe"],
        "unsafe_water": frame["no_safe_water"],
        "no_measure": pd.Series(
            ~has_measure & ~settings.allow_natural & settings.require_measure, index=frame.index
        ),
        "no_labour_no_security": pd.Series(no_labour & ~social_security, index=frame.index),
    }
    matrix = np.column_stack(
        [mask.fillna(False).to_numpy(dtype=bool) for mask in blockers.values()]
    )
    blocked = matrix.any(axis=1)
    safety_net = no_labour & social_security
    open_case = recorded & ~already
    status = np.full(len(frame), None, dtype=object)
    status[open_case] = "eligible"
    status[open_case & blocked] = "not_yet"
    status[open_case & ~blocked & safety_net] = "safety_net"
    status[already] = "eliminated"
    # without a measure the risk went away by itself, unless the profile allows no natural
    # elimination and lets 帮扶消除 stand without a measure (require_measure = false)
    natural = ~has_measure & settings.allow_natural
    method = np.where(natural, "natural", "assisted").astype(object)
    method[status != "eligible"] = None
    action = np.full(len(frame), None, dtype=object)
    action[frame["returned_to_risk"].fillna(False).to_numpy(dtype=bool)] = "re_identify"
    result = frame.copy(deep=False)  # copy-on-write: new columns only, no data copied
    # object Series: pandas would turn an array of text and None into str with NaN
    result["elimination_status"] = pd.Series(status, index=frame.index, dtype=object)
    result["elimination_method_proposed"] = pd.Series(method, index=frame.index, dtype=object)
    result["elimination_action"] = pd.Series(action, index=frame.index, dtype=object)
    result["elimination_blockers"] = _sentences(
        frame, matrix & (status == "not_yet")[:, None], parameters, last_line
    )
    return result


_TEMPLATE_FIELDS = sorted(
    {name for zh, en in BLOCKERS.values() for _, name, _, _ in Formatter().parse(zh + en) if name}
)  # the household columns the blocker sentences quote


def _sentences(
    frame: pd.DataFrame, matrix: np.ndarray, parameters: Parameters, last_line: float
) -> pd.Series:
    """Per household, [{code, message}] for each blocker that holds."""
    codes = list(BLOCKERS)
    render = _renderer(parameters, last_line)
    lists: list[list[dict[str, str]]] = [[] for _ in range(len(frame))]
    rows = np.flatnonzero(matrix.any(axis=1))
    records = frame.iloc[rows][[c for c in _TEMPLATE_FIELDS if c in frame]].to_dict("records")
    for row, record in zip(rows, records, strict=True):
        lists[row] = [
            {"code": codes[c], "message": render(codes[c], record)}
            for c in np.flatnonzero(matrix[row])
        ]
    return pd.Series(lists, index=frame.index, dtype=object)


def _renderer(parameters: Parameters, last_line: float) -> Callable[[str, dict], str]:
    lang: Lang = parameters.lang
    extra = {
        "line": parameters.line,
        "last_line": last_line,
        "min_months": parameters.profile.elimination.min_months,
    }

    def render(code: str, record: dict) -> str:
        zh, en = BLOCKERS[code]
        return (zh if lang == "zh" else en).format(**record, **extra)

    return render
