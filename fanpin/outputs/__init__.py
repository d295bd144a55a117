"""Results → files: one module per result kind, and ``export`` that picks the right one.

Every writer returns the text when no path is given (for stdout) and writes the
file atomically otherwise. JSON is exactly the library result (codes); CSV and
workbooks are for people (labels in the run's language).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.diff import DiffResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.notice import Notice
from fanpin.campaigns.procedure import ProcedureResult
from fanpin.campaigns.simulate import SimulationResult
from fanpin.campaigns.warn import WarnResult
from fanpin.errors import FanpinError
from fanpin.io.models import Meta, ValidationResult
from fanpin.outputs.audit import export_audit
from fanpin.outputs.classify import export_classification, export_diff, export_validation
from fanpin.outputs.fund import export_fund
from fanpin.outputs.notice import export_notice
from fanpin.outputs.procedure import export_procedure
from fanpin.outputs.simulate import export_simulation
from fanpin.outputs.warn import export_warn
from fanpin.outputs.write import print_context
from fanpin.pipeline import Classification

Format = Literal["json", "csv", "xlsx"]
Result = (
    ValidationResult
    | Classification
    | DiffResult
    | AuditResult
    | FundResult
    | ProcedureResult
    | Notice
    | SimulationResult
    | WarnResult
)


def export(
    result: Result, fmt: Format, path: Path | None = None, *, everyone: bool = False
) -> str | None:
    """``result`` as JSON, CSV or a workbook: the text when ``path`` is None, else the file.

    ``everyone`` lists every household of a classification, not only those with
    something to report.
    """
    if isinstance(result, Classification):
        return export_classification(result, fmt, path, everyone)
    if isinstance(result, ValidationResult):
        return export_validation(result, fmt, path)
    if isinstance(result, DiffResult):
        return export_diff(result, fmt, path)
    if isinstance(result, AuditResult):
        with print_context(**_page_texts(result.meta, result.households)):
            return export_audit(result, fmt, path)
    if isinstance(result, FundResult):
        with print_context(**_page_texts(result.meta)):
            return export_fund(result, fmt, path)
    if isinstance(result, ProcedureResult):
        with print_context(**_page_texts(result.meta)):
            return export_procedure(result, fmt, path)
    if isinstance(result, Notice):
        return export_notice(result, fmt, path)
    if isinstance(result, SimulationResult):
        return export_simulation(result, fmt, path)
    if isinstance(result, WarnResult):
        # the pages name the latest snapshot, the one the warnings are about
        with print_context(**_page_texts(result.meta, result.households, latest=True)):
            return export_warn(result, fmt, path)
    raise FanpinError(
        f"no writer for {type(result).__name__}",
        zh=f"无法写出 {type(result).__name__}：没有对应的输出方式（这是程序的问题，请报告）",
    )


def _page_texts(
    meta: Meta, households: pd.DataFrame | None = None, latest: bool = False
) -> dict[str, Any]:
    """What every printed page of a campaign's workbook names (``write.print_context``):
    its first input, or with ``latest`` its last (warn's inputs run oldest first)."""
    counties = (
        households["county"].dropna()
        if households is not None and "county" in households
        else pd.Series()
    )
    return {
        "county": str(counties.iloc[0]) if len(counties) else None,
        "as_of": meta.as_of,
        "source": meta.inputs[-1 if latest else 0].path if meta.inputs else None,
        "lang": "zh" if meta.lang == "zh" else "en",
    }
