"""fanpin as a library: each function reads its inputs, runs one stage chain and returns a result.

The CLI calls these and only renders what they return; scripts can do the same.
Nothing here imports typer or rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from fanpin import __version__
from fanpin.elimination import assess_elimination
from fanpin.measures import assign_measures
from fanpin.messages import Lang
from fanpin.models import InputFile, Issue, Meta, ValidationResult, ValidationSummary
from fanpin.profiles import Profile, builtin_names, load_profile
from fanpin.read import read_roster
from fanpin.results import assessment_summary, household_records
from fanpin.roster import build_households
from fanpin.rules import Parameters, assess
from fanpin.validate import Validated, validate_table


def load_roster(
    path: str | Path, *, sheet: str | None = None, lang: Lang = "zh", as_of: date | None = None
) -> Validated:
    """Read and check a roster: typed members and every issue, nothing dropped."""
    return validate_table(read_roster(path, sheet), lang=lang, as_of=as_of)


def validate(path: str | Path, *, sheet: str | None = None, lang: Lang = "zh") -> ValidationResult:
    """Every problem of a roster with sheet, Excel row, column and value."""
    validated = load_roster(path, sheet=sheet, lang=lang)
    issues = issues_from_frame(validated.issues)
    members = validated.members
    by_code = validated.issues["code"].value_counts().sort_index()
    severity = validated.issues["severity"]
    summary = ValidationSummary(
        records=len(members),
        people=int(members["id_number"].nunique()),
        households=int(members["household_id"].nunique()),
        errors=int(severity.eq("error").sum()),
        warnings=int(severity.eq("warning").sum()),
        by_code={str(code): int(count) for code, count in by_code.items()},
        unknown_columns=validated.table.unknown_columns,
    )
    return ValidationResult(
        meta=meta_for("validate", lang, [validated]), summary=summary, issues=issues
    )


def input_file(validated: Validated) -> InputFile:
    table = validated.table
    return InputFile(
        path=table.path.name,
        sha256=table.sha256,
        sheet=table.sheet,
        header_row=table.header_row,
        rows=len(table.frame),
    )


def meta_for(command: str, lang: Lang, inputs: list[Validated], **extra: object) -> Meta:
    return Meta(
        fanpin_version=__version__,
        command=command,
        lang=lang,
        inputs=[input_file(v) for v in inputs],
        **extra,
    )


def issues_from_frame(frame: pd.DataFrame) -> list[Issue]:
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [Issue.model_validate(r) for r in records]


@dataclass
class Classification:
    """Every household assessed: the frame behind JSON, CSV and Excel outputs."""

    meta: Meta
    parameters: Parameters
    households: pd.DataFrame  # one row per household, all of them, in file order
    issues: list[Issue]

    def listed(self, everyone: bool = False) -> pd.DataFrame:
        """Households an output lists: by default all but those with nothing to report."""
        if everyone:
            return self.households
        return self.households.loc[self.households["status"].ne("none")]

    def summary(self) -> dict[str, Any]:
        return assessment_summary(self.households, self.issues)

    def to_dict(self, everyone: bool = False) -> dict[str, Any]:
        """The JSON shape of design.md: meta, households, issues, summary."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "households": household_records(self.listed(everyone), self.parameters),
            "issues": [i.model_dump(mode="json") for i in self.issues],
            "summary": self.summary(),
        }


def classify(
    path: str | Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    sheet: str | None = None,
    lang: Lang = "zh",
) -> Classification:
    """Assess every household of a roster: income, category, risk factors, tier, reasons.

    ``as_of`` defaults to today, ``year`` (whose monitoring line applies) to the
    as-of year; a year without a line in the profile is an error.
    """
    as_of = as_of or date.today()
    loaded = profile if isinstance(profile, Profile) else load_profile(profile)
    parameters = Parameters(loaded, year or as_of.year, as_of, lang)
    line = parameters.line  # fail on a missing line before reading the roster
    validated = load_roster(path, sheet=sheet, lang=lang, as_of=as_of)
    households = assess(build_households(validated, as_of), validated.issues, parameters)
    households = assign_measures(households, loaded.catalogue, parameters.expression_parameters())
    households = assess_elimination(households, parameters)
    meta = meta_for(
        "classify",
        lang,
        [validated],
        as_of=as_of.isoformat(),
        year=parameters.year,
        profile={**loaded.summary(), "line": line},
    )
    return Classification(meta, parameters, households, issues_from_frame(validated.issues))


def list_profiles(workspace: Path | None = None) -> list[Profile]:
    """The built-in profiles (and a workspace's own, when given), loaded and checked."""
    found = [load_profile(name) for name in builtin_names()]
    if workspace is not None:
        found += [load_profile(path) for path in sorted(workspace.glob("profiles/*.toml"))]
    return found
