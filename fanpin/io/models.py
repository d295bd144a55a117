"""What every result records about its run and inputs (stable English snake_case keys),
and the result of validating a roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from fanpin.io.issues import issue_records


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


@dataclass
class ValidationResult:
    """A roster checked: what was read, the counts, and every issue (``issues.ISSUE_COLUMNS``)."""

    meta: Meta
    summary: ValidationSummary
    issues: pd.DataFrame
    # per roster row (Excel row): township, village and the household head's name, so
    # a problem can be sent back to its village; not part of the JSON
    places: pd.DataFrame | None = None
    # the 问题 names of the profile's own quality rules (code -> (zh, en)); not in the JSON
    kinds: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.summary.errors == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta.model_dump(mode="json"),
            "summary": self.summary.model_dump(mode="json"),
            "issues": issue_records(self.issues),
        }
