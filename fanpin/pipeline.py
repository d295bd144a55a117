"""The classify chain every later stage builds on: read table → validate → households →
rules → measures → elimination → escaped track, and the ``Classification`` it returns.

Campaigns (audit, fund, notice …), outputs and the county report receive a
``Classification`` as an argument; nothing here calls back up into ``api``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from fanpin import __version__
from fanpin.io.issues import issue_records
from fanpin.io.messages import Lang
from fanpin.io.models import InputFile, Meta
from fanpin.io.read import Table
from fanpin.io.validate import Validated, validate_table
from fanpin.rules.assess import Parameters, assess
from fanpin.rules.elimination import assess_elimination
from fanpin.rules.escaped import assess_escaped_track
from fanpin.rules.households import build_households
from fanpin.rules.measures import assign_measures
from fanpin.rules.profiles import Profile, load_profile, with_lines
from fanpin.rules.quality import with_quality
from fanpin.rules.summary import assessment_summary, household_records

# Told each stage's name as it starts (read, validate, quality, households, rules, measures,
# elimination): a county takes seconds, and a terminal can show where it is.
StageCallback = Callable[[str], None]


def no_stages(stage: str) -> None:
    pass


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


def profile_meta(parameters: Parameters) -> dict[str, Any]:
    """What outputs record about the profile, the line used and where that line came from."""
    profile = parameters.profile
    kind, where = profile.line_origin(parameters.year)
    return {
        **profile.summary(),
        "line": parameters.line,
        "line_source": kind,
        "line_set_in": where,
        "terminology": profile.terminology,
    }


@dataclass
class Classification:
    """Every household assessed: the frame behind JSON, CSV and Excel outputs."""

    meta: Meta
    parameters: Parameters
    households: pd.DataFrame  # one row per household, all of them, in file order
    issues: pd.DataFrame  # issues.ISSUE_COLUMNS: the roster's, in file order
    validated: Validated  # the roster as read and typed: members, for member-level work

    def listed(self, everyone: bool = False) -> pd.DataFrame:
        """Households an output lists: by default all but those with nothing to report."""
        if everyone:
            return self.households
        return self.households.loc[self.households["status"].ne("none")]

    def summary(self) -> dict[str, Any]:
        return assessment_summary(
            self.households,
            self.issues,
            escaped_track=self.parameters.profile.escaped_track.enabled,
        )

    def to_dict(self, everyone: bool = False) -> dict[str, Any]:
        """The JSON shape of design.md: meta, households, issues, summary."""
        return {
            "meta": self.meta.model_dump(mode="json"),
            "households": household_records(self.listed(everyone), self.parameters),
            "issues": issue_records(self.issues),
            "summary": self.summary(),
        }


LINE_OPTION = ("option", "--line")  # where one-off lines are set, as meta records it


def parameters_for(
    profile: str | Path | Profile,
    year: int | None,
    as_of: date | None,
    lang: Lang,
    lines: Mapping[int, float] | None = None,
) -> Parameters:
    """The run's parameters; a year without a monitoring line is an error, raised at once.

    ``lines`` (year -> yuan, from ``--line``) are added over the profile's for this run.
    """
    as_of = as_of or date.today()
    loaded = profile_with_lines(load_profile(profile), lines)
    parameters = Parameters(loaded, year or as_of.year, as_of, lang)
    parameters.line  # noqa: B018 - a missing line is an error before any work
    return parameters


def profile_with_lines(profile: Profile, lines: Mapping[int, float] | None) -> Profile:
    """``profile`` with one-off lines (``--line YEAR=YUAN``) over its own, recorded as such."""
    if not lines:
        return profile
    return with_lines(profile, lines, LINE_OPTION)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector for stages that make many small objects and no cycles.

    A county is millions of cell objects; every collector pass walks them all, and
    building per-household lists triggers hundreds of passes. Reference counting
    still frees everything; the collector is switched back on afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def classify_table(
    table: Table, parameters: Parameters, stages: StageCallback = no_stages
) -> Classification:
    """The classification stages on a roster already read (a file, or a partition in memory)."""
    with cyclic_gc_paused():
        stages("validate")
        validated = validate_table(table, lang=parameters.lang, as_of=parameters.as_of)
        return classify_validated(validated, parameters, stages)


def classify_validated(
    validated: Validated, parameters: Parameters, stages: StageCallback = no_stages
) -> Classification:
    """The rule stages on a roster already read and validated: the profile's quality rules,
    households, rules, measures, elimination. ``validated`` is not changed, so one read can
    be classified under several parameter sets (``simulate``); it must have been validated
    with the same lang and as-of. The result's issues and ``validated`` hold the quality
    rules' issues too.
    """
    with cyclic_gc_paused():
        stages("quality")
        validated = with_quality(validated, parameters.profile, parameters.as_of, parameters.lang)
        stages("households")
        households = build_households(validated, parameters.as_of)
        stages("rules")
        households = assess(households, validated.issues, parameters)
        stages("measures")
        households = assign_measures(
            households, parameters.profile.catalogue, parameters.expression_parameters()
        )
        stages("elimination")
        households = assess_elimination(households, parameters)
        households = assess_escaped_track(households, parameters)  # quick: no stage of its own
    meta = meta_for(
        "classify",
        parameters.lang,
        [validated],
        as_of=parameters.as_of.isoformat(),
        year=parameters.year,
        profile=profile_meta(parameters),
    )
    return Classification(meta, parameters, households, validated.issues, validated)
