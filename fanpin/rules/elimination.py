"""Risk elimination (风险消除, domain.md §6): who may leave monitoring, and why not.

For every household identified for monitoring (a category, 户类型 监测户 …):
``eliminated`` (already),
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

from fanpin import labels
from fanpin.io.messages import Lang
from fanpin.rules.assess import Parameters

BLOCKERS = labels.ELIMINATION_BLOCKERS  # code -> (Chinese, English) sentence templates


def assess_elimination(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """Add elimination_status, elimination_method_proposed, elimination_blockers and
    elimination_action (``re_identify`` for an eliminated household at risk again)."""
    settings = parameters.profile.elimination
    line = parameters.line
    last_line = parameters.profile.monitoring_line.get(parameters.year - 1, line)
    # households identified for monitoring, by any marker (domain.md §9: 监测户 too)
    already = frame["status"].eq("eliminated").to_numpy()
    recorded = frame["is_monitored"].to_numpy(dtype=bool) | already
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
