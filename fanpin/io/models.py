"""The results fanpin returns, as pydantic models with stable English snake_case keys."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from fanpin.io.messages import Severity


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Issue(Model):
    """One problem in an input file, located where the user will look for it."""

    code: str
    severity: Severity
    sheet: str
    row: int | None
    column: str  # the header as written in the file
    field: str | None = None  # fanpin's canonical name of that column
    value: str
    household_id: str | None = None
    message: str


class InputFile(Model):
    path: str
    sha256: str
    sheet: str | None = None
    header_row: int | None = None
    rows: int | None = None


class Meta(Model):
    """What produced a result, so it can be reproduced."""

    fanpin_version: str
    command: str
    lang: str
    inputs: list[InputFile]
    as_of: str | None = None
    year: int | None = None
    profile: dict[str, Any] | None = None


class ValidationSummary(Model):
    records: int
    people: int
    households: int
    errors: int
    warnings: int
    by_code: dict[str, int]
    unknown_columns: list[str]


class ValidationResult(Model):
    meta: Meta
    summary: ValidationSummary
    issues: list[Issue]

    @property
    def ok(self) -> bool:
        return self.summary.errors == 0
