"""fanpin as a library: each function reads its inputs, runs one stage chain and returns a result.

The CLI calls these and only renders what they return; scripts can do the same.
Nothing here imports typer or rich.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from fanpin import __version__
from fanpin.campaigns.audit import AuditResult
from fanpin.campaigns.fund import FundResult
from fanpin.campaigns.notice import Notice, NoticeKind
from fanpin.campaigns.procedure import ProcedureResult
from fanpin.io.messages import Lang
from fanpin.io.models import InputFile, Issue, Meta, ValidationResult, ValidationSummary
from fanpin.io.read import Table, read_roster
from fanpin.io.validate import Validated, validate_table
from fanpin.outputs.report import ReportResult
from fanpin.results import assessment_summary, household_records
from fanpin.rules.assess import Parameters, assess
from fanpin.rules.elimination import assess_elimination
from fanpin.rules.households import build_households
from fanpin.rules.measures import assign_measures
from fanpin.rules.profiles import Profile, builtin_names, load_profile
from fanpin.scale import Engine, OutputFormat, ProgressCallback, ProvinceResult

# Told each stage's name as it starts (read, validate, households, rules, measures,
# elimination): a county takes seconds, and a terminal can show where it is.
StageCallback = Callable[[str], None]


def _no_stages(stage: str) -> None:
    pass


def load_roster(
    path: str | Path,
    *,
    sheet: str | None = None,
    lang: Lang = "zh",
    as_of: date | None = None,
    stages: StageCallback = _no_stages,
) -> Validated:
    """Read and check a roster: typed members and every issue, nothing dropped."""
    stages("read")
    table = read_roster(path, sheet)
    stages("validate")
    return validate_table(table, lang=lang, as_of=as_of)


def validate(
    path: str | Path,
    *,
    sheet: str | None = None,
    lang: Lang = "zh",
    stages: StageCallback = _no_stages,
) -> ValidationResult:
    """Every problem of a roster with sheet, Excel row, column and value."""
    validated = load_roster(path, sheet=sheet, lang=lang, stages=stages)
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
    validated: Validated  # the roster as read and typed: members, for member-level work

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
    stages: StageCallback = _no_stages,
) -> Classification:
    """Assess every household of a roster: income, category, risk factors, tier, reasons.

    ``as_of`` defaults to today, ``year`` (whose monitoring line applies) to the
    as-of year; a year without a line in the profile is an error, raised before
    the roster is read.
    """
    parameters = _parameters(profile, year, as_of, lang)
    stages("read")
    return classify_table(read_roster(path, sheet), parameters, stages)


def _parameters(
    profile: str | Path | Profile, year: int | None, as_of: date | None, lang: Lang
) -> Parameters:
    as_of = as_of or date.today()
    loaded = load_profile(profile)
    parameters = Parameters(loaded, year or as_of.year, as_of, lang)
    parameters.line  # noqa: B018 - a missing line is an error before any work
    return parameters


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
    table: Table, parameters: Parameters, stages: StageCallback = _no_stages
) -> Classification:
    """The classification stages on a roster already read (a file, or a partition in memory)."""
    with cyclic_gc_paused():
        stages("validate")
        validated = validate_table(table, lang=parameters.lang, as_of=parameters.as_of)
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
    meta = meta_for(
        "classify",
        parameters.lang,
        [validated],
        as_of=parameters.as_of.isoformat(),
        year=parameters.year,
        profile={**parameters.profile.summary(), "line": parameters.line},
    )
    issues = issues_from_frame(validated.issues)
    return Classification(meta, parameters, households, issues, validated)


def list_profiles(workspace: Path | None = None) -> list[Profile]:
    """The built-in profiles (and a workspace's own, when given), loaded and checked."""
    found = [load_profile(name) for name in builtin_names()]
    if workspace is not None:
        found += [load_profile(path) for path in sorted(workspace.glob("profiles/*.toml"))]
    return found


def report(
    county: str,
    *,
    workspace: Path | None = None,
    as_of: date | None = None,
    output: Path | None = None,
    lang: Lang = "zh",
) -> ReportResult:
    """The county workbook from the workspace's fanpin.toml (cron's command)."""
    from fanpin.io.workspace import load_workspace
    from fanpin.outputs.report import build_report

    return build_report(load_workspace(workspace), county, as_of=as_of, output=output, lang=lang)


def snapshot_of(
    path: Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
) -> pd.DataFrame:
    """Classified key columns of a roster file, or of an archived snapshot as saved."""
    from fanpin.campaigns.diff import SNAPSHOT_SUFFIX, read_snapshot, snapshot_frame

    if path.name.endswith(SNAPSHOT_SUFFIX):
        return read_snapshot(path)[0]
    return snapshot_frame(classify(path, profile=profile, year=year, as_of=as_of).households)


def diff(
    old: Path,
    new: Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
) -> DiffResult:
    """What changed between two roster snapshots (roster files or archived snapshots)."""
    from fanpin.campaigns.diff import diff_snapshots, diff_summary

    loaded = load_profile(profile)
    before = snapshot_of(old, profile=loaded, year=year, as_of=as_of)
    after = snapshot_of(new, profile=loaded, year=year, as_of=as_of)
    changes = diff_snapshots(before, after)
    return DiffResult(old=old.name, new=new.name, changes=changes, summary=diff_summary(changes))


@dataclass
class DiffResult:
    old: str
    new: str
    changes: pd.DataFrame
    summary: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        records = self.changes.astype(object).where(self.changes.notna(), None)
        return {
            "meta": {
                "fanpin_version": __version__,
                "command": "diff",
                "old": self.old,
                "new": self.new,
            },
            "changes": records.to_dict("records"),
            "summary": self.summary,
        }


def init_workspace(directory: Path, households: int = 2000, seed: int = 431081) -> dict[str, Path]:
    """A ready workspace: fanpin.toml and example data for the county 资兴市 (key zixing)."""
    from fanpin.init import write_workspace_skeleton

    return write_workspace_skeleton(directory, households=households, seed=seed)


def procedure(
    path: str | Path,
    *,
    profile: str | Path | Profile = "national",
    as_of: date | None = None,
    sheet: str | None = None,
    lang: Lang = "zh",
) -> ProcedureResult:
    """Every identification / elimination case of a cases file as of ``as_of`` (default
    today): current step, days against the profile's limit, findings, data issues."""
    from fanpin.campaigns.procedure import check_procedure, read_cases

    as_of = as_of or date.today()
    loaded = load_profile(profile)
    cases = read_cases(path, sheet=sheet, lang=lang, as_of=as_of)
    settings = loaded.procedure
    meta = meta_for(
        "procedure",
        lang,
        [cases.validated],
        as_of=as_of.isoformat(),
        profile={**loaded.summary(), "procedure": settings.model_dump(mode="json")},
    )
    return check_procedure(cases, settings, as_of, lang, meta)


def notice(
    path: str | Path,
    *,
    village: str,
    township: str | None = None,
    kind: NoticeKind = "identification",
    start: date | None = None,
    days: int | None = None,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    sheet: str | None = None,
) -> Notice:
    """A village's public notice (公示名单) from a roster; write it with ``export_notice``.

    ``start`` defaults to ``as_of``, ``as_of`` to ``start`` or today; ``days`` to the
    profile's ``notice_min_days`` (a shorter notice is an error).
    """
    from fanpin.campaigns.notice import build_notice, notice_period

    as_of = as_of or start or date.today()
    start = start or as_of
    loaded = load_profile(profile)
    notice_period(start, days, loaded.procedure)  # reject a short notice before reading
    classification = classify(path, profile=loaded, year=year, as_of=as_of, sheet=sheet)
    return build_notice(
        classification,
        village=village,
        township=township,
        kind=kind,
        start=start,
        days=days,
        settings=loaded.procedure,
        source=Path(path).name,
    )


def audit(
    roster: str | Path,
    departments: dict[str, Path] | None = None,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    lang: Lang = "zh",
    classification: Classification | None = None,
) -> AuditResult:
    """The 排查 campaign: roster checks and department-list cross-checks, as findings.

    ``departments`` maps a list kind (medical, civil, disability, housing,
    education, disaster, employment, business, vehicle, public_servant) to its
    file; the profile's ``[[audit.department_rules]]`` say what a match means.
    """
    from fanpin.campaigns.audit import run_audit

    return run_audit(
        roster,
        departments,
        profile=profile,
        year=year,
        as_of=as_of,
        lang=lang,
        classification=classification,
    )


def fund(
    ledger: str | Path,
    roster: str | Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    sheet: str | None = None,
    roster_sheet: str | None = None,
    lang: Lang = "zh",
    classification: Classification | None = None,
) -> FundResult:
    """Check a relief-fund ledger against a roster: errors per payment, balance, summary.

    Households' status (monitored, eliminated …) comes from ``classify`` of the
    roster with the same profile, ``year`` (whose monitoring line applies; default
    the as-of year) and ``as_of`` (default today; rows dated later are reported and
    not counted). Amounts are exact decimals; see ``fanpin.campaigns.fund``.
    """
    from fanpin.campaigns.fund import check_fund, read_ledger

    as_of = as_of or date.today()
    loaded = load_profile(profile)
    loaded.line_for(year or as_of.year)  # fail on a missing line before reading anything
    ledger_checked = read_ledger(ledger, sheet=sheet, lang=lang, as_of=as_of)
    if classification is None:
        classification = classify(
            roster, profile=loaded, year=year, as_of=as_of, sheet=roster_sheet, lang=lang
        )
    members = classification.validated
    meta = meta_for(
        "fund",
        lang,
        [ledger_checked, members],
        as_of=as_of.isoformat(),
        year=classification.meta.year,
        profile={**loaded.summary(), "fund": loaded.fund.model_dump(mode="json")},
    )
    return check_fund(
        ledger_checked,
        classification.households,
        members.members,
        loaded,
        as_of,
        meta,
        lang=lang,
        roster_issues=members.issues,
    )


def province(
    directory: Path,
    output: Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    lang: Lang = "zh",
    engine: Engine = "pandas",
    scheduler: str | None = None,
    workers: int | None = None,
    output_format: OutputFormat | None = None,
    progress: ProgressCallback | None = None,
) -> ProvinceResult:
    """Classify a folder partitioned by county (county=CODE/*.parquet …), county by county.

    Each county's households and issues go to ``output`` as it finishes, and only
    its summary is kept, so memory stays about one county (pandas engine) or one
    county per worker (dask engine: ``scheduler`` address, or a local cluster of
    ``workers``). Tables are Parquet when pyarrow is installed (``output_format``
    overrides); ``output/summary.json`` holds every county's summary and the totals.
    """
    from fanpin.scale import classify_province

    return classify_province(
        directory,
        output,
        profile=profile,
        year=year,
        as_of=as_of,
        lang=lang,
        engine=engine,
        scheduler=scheduler,
        workers=workers,
        output_format=output_format,
        progress=progress,
    )
