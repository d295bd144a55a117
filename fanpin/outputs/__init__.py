"""Results → files: one module per result kind, and ``export`` that picks the right one.

Every writer returns the text when no path is given (for stdout) and writes the
file atomically otherwise. JSON is exactly the library result (codes); CSV and
workbooks are for people (labels in the run's language).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.diff import DiffResult
from fanpin.campaigns.fund.checks import FundResult
from fanpin.campaigns.notice import Notice
from fanpin.campaigns.procedure import ProcedureResult
from fanpin.campaigns.simulate import SimulationResult
from fanpin.errors import FanpinError
from fanpin.io.models import ValidationResult
from fanpin.outputs.audit import export_audit
from fanpin.outputs.classify import export_classification, export_diff, export_validation
from fanpin.outputs.fund import export_fund
from fanpin.outputs.notice import export_notice
from fanpin.outputs.procedure import export_procedure
from fanpin.outputs.simulate import export_simulation
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
        return export_audit(result, fmt, path)
    if isinstance(result, FundResult):
        return export_fund(result, fmt, path)
    if isinstance(result, ProcedureResult):
        return export_procedure(result, fmt, path)
    if isinstance(result, Notice):
        return export_notice(result, fmt, path)
    if isinstance(result, SimulationResult):
        return export_simulation(result, fmt, path)
    raise FanpinError(f"no writer for {type(result).__name__}")
