"""fanpin as a library: each function reads its inputs, runs the stages and returns a result.

This is the facade on top: the CLI calls these and only renders what they
return; scripts can do the same. Nothing below imports it, and nothing here
imports typer or rich. ``export`` writes any result as JSON, CSV or a workbook.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from fanpin import labels
from fanpin.campaigns.audit import AuditResult, run_audit
from fanpin.campaigns.departments import read_list, unknown_kind_message, unknown_kind_message_zh
from fanpin.campaigns.diff import DiffResult, diff_snapshots, diff_summary
from fanpin.campaigns.fund.checks import FundResult, check_fund
from fanpin.campaigns.fund.ledger import read_ledger
from fanpin.campaigns.notice import Notice, NoticeKind, build_notice, notice_period
from fanpin.campaigns.procedure import ProcedureResult, check_procedure, read_cases
from fanpin.campaigns.simulate import BOUNDARY_BAND, SimulationResult, compare
from fanpin.campaigns.warn import (
    Snapshot,
    WarnResult,
    from_archive,
    from_classification,
    run_warn,
    snapshot_tables,
)
from fanpin.errors import FanpinError
from fanpin.init import write_workspace_skeleton
from fanpin.io.files import check_inputs, check_outputs, folder_lock, prune_dated, safe_name
from fanpin.io.join import input_files, read_rosters
from fanpin.io.messages import Lang
from fanpin.io.models import Meta, ValidationResult, ValidationSummary
from fanpin.io.read import file_sha256, read_roster
from fanpin.io.schema import HEAD
from fanpin.io.snapshots import (
    SNAPSHOT_SUFFIX,
    Monthly,
    latest_readable_snapshot,
    monthly_snapshots,
    prune_snapshots,
    read_archived,
    read_snapshot,
    snapshot_frame,
    write_snapshot,
)
from fanpin.io.validate import Validated, validate_table
from fanpin.io.workspace import CONFIG_NAME, County, Workspace, find_workspace, load_workspace
from fanpin.outputs import export
from fanpin.outputs.classify import VillageFile, export_validation_split
from fanpin.outputs.notice import default_notice_path
from fanpin.outputs.report import (
    Extras,
    ReportResult,
    configured_sources,
    overview_figures,
    problem_figures,
    report_name,
    write_report,
)
from fanpin.pipeline import (
    Classification,
    StageCallback,
    classify_table,
    classify_validated,
    cyclic_gc_paused,
    meta_for,
    no_stages,
    parameters_for,
    profile_meta,
    profile_with_lines,
)
from fanpin.rules.assess import Parameters
from fanpin.rules.profiles import (
    Profile,
    builtin_names,
    load_profile,
    profile_items,
    with_lines,
    with_overrides,
)
from fanpin.rules.quality import own_kinds, with_quality
from fanpin.scale import Engine, OutputFormat, ProgressCallback, ProvinceResult, classify_province

__all__ = [
    "Classification",
    "SimulationResult",
    "StageCallback",
    "audit",
    "classify",
    "classify_table",
    "default_notice_path",
    "diff",
    "export",
    "export_split",
    "fund",
    "init_workspace",
    "list_profiles",
    "load_roster",
    "notice",
    "procedure",
    "province",
    "report",
    "report_inputs",
    "simulate",
    "snapshot_of",
    "validate",
    "warn",
]

log = logging.getLogger("fanpin.report")


def load_roster(
    path: str | Path,
    *,
    sheet: str | None = None,
    lang: Lang = "zh",
    as_of: date | None = None,
    stages: StageCallback = no_stages,
    with_files: Sequence[str | Path] = (),
) -> Validated:
    """Read and check a roster: typed members and every issue, nothing dropped.

    ``with_files`` are more export files of the same county (户信息, 务工 …), joined
    to ``path`` on 户编号 / 证件号码 (``io.join``).
    """
    stages("read")
    table = read_rosters([path, *with_files], sheet)
    stages("validate")
    return validate_table(table, lang=lang, as_of=as_of)


def _inputs_of(meta: Meta, validated: Validated) -> Meta:
    """A joined roster's meta lists each of its files (the main roster first)."""
    if validated.table.parts:
        meta.inputs = [*input_files(validated.table), *meta.inputs[1:]]
    return meta


def validate(
    path: str | Path,
    *,
    sheet: str | None = None,
    lang: Lang = "zh",
    stages: StageCallback = no_stages,
    with_files: Sequence[str | Path] = (),
    profile: str | Path | Profile = "national",
    as_of: date | None = None,
) -> ValidationResult:
    """Every problem of a roster with sheet, Excel row, column and value: each cell on its
    own, then across fields by the profile's quality rules, ages at ``as_of`` (today)."""
    as_of = as_of or date.today()
    loaded = load_profile(profile)  # an invalid profile fails before the roster is read
    validated = load_roster(
        path, sheet=sheet, lang=lang, as_of=as_of, stages=stages, with_files=with_files
    )
    stages("quality")
    validated = with_quality(validated, loaded, as_of, lang)
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
        meta=_inputs_of(
            meta_for(
                "validate", lang, [validated], as_of=as_of.isoformat(), profile=loaded.summary()
            ),
            validated,
        ),
        summary=summary,
        issues=validated.issues,
        places=_places(members),
        kinds=own_kinds(loaded),
    )


def export_split(result: ValidationResult, folder: Path) -> list[VillageFile]:
    """One problems workbook per village in ``folder`` (``validate --split-by village``),
    named by township and village, for sending back to be fixed."""
    return export_validation_split(result, folder)


def _places(members: pd.DataFrame) -> pd.DataFrame:
    """Per roster row: its township, village and household head's name (for problems)."""
    heads = members.loc[members["relation"].eq(HEAD).fillna(False).astype(bool)]
    head_names = heads.drop_duplicates("household_id").set_index("household_id")["name"]
    blank = pd.Series(None, index=members.index, dtype=object)
    return pd.DataFrame(
        {
            "row": members["_row"].astype("int64"),
            "household_id": members["household_id"],
            "township": members.get("township", blank),
            "village": members.get("village", blank),
            "head_name": members["household_id"].map(head_names),
        }
    )


def classify(
    path: str | Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    sheet: str | None = None,
    lang: Lang = "zh",
    stages: StageCallback = no_stages,
    lines: Mapping[int, float] | None = None,
    with_files: Sequence[str | Path] = (),
) -> Classification:
    """Assess every household of a roster: income, category, risk factors, tier, reasons.

    ``as_of`` defaults to today, ``year`` (whose monitoring line applies) to the
    as-of year; a year without a line in the profile is an error, raised before
    the roster is read. ``lines`` (year -> yuan) add or replace the profile's lines
    for this run only (``--line``); outputs record where the line came from.
    ``with_files`` are joined to the roster as in ``load_roster``. A missing roster
    is named before any profile error.
    """
    check_inputs([Path(p) for p in (path, *with_files)])
    parameters = parameters_for(profile, year, as_of, lang, lines)
    stages("read")
    result = classify_table(read_rosters([path, *with_files], sheet), parameters, stages)
    _inputs_of(result.meta, result.validated)
    return result


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
    year: int | None = None,
    output: Path | None = None,
    lang: Lang = "zh",
    now: datetime | None = None,
) -> ReportResult:
    """The county workbook from the workspace's fanpin.toml (cron's command).

    Classifies the county's roster, runs the audit (and the fund and procedure
    checks when the workspace names a ledger or cases file), compares with the
    latest readable archived snapshot, writes the workbook and a new snapshot, and
    prunes old workbooks and snapshots, all under a lock on the county's output
    folder. The workbook may not be one of the inputs (OutputPathError); the
    county's name is made safe before it becomes part of a file name, and pruning
    deletes only files named exactly as fanpin names them. The county's
    ``monitoring_line`` in fanpin.toml adds to (or replaces) the profile's lines;
    ``year`` overrides the county's ``year`` (default: the as-of year).
    """
    space = load_workspace(workspace)
    config = space.county(county)
    inputs = space.inputs(county)
    as_of = as_of or config.as_of or date.today()
    year = year or config.year
    now = now or datetime.now()
    profile = with_lines(
        load_profile(config.profile, space.profile_search()),
        config.monitoring_line,
        space.line_origin(county),
        space.line_fix(county),
        space.line_fix_zh(county),
    )
    parameters_for(profile, year, as_of, lang)  # no line for the year: fail before any work
    output_dir = space.output_dir(county)
    file_county = safe_name(config.name, fallback=county)
    target = output or output_dir / report_name(as_of, file_county, lang)
    check_outputs([target], [*report_inputs(county, workspace=workspace), Path(profile.source)])
    with folder_lock(output_dir, "report"):
        log.info("report %s as of %s: classifying %s", county, as_of, inputs["roster"].name)
        result = classify(
            inputs["roster"],
            profile=profile,
            year=year,
            as_of=as_of,
            lang=lang,
            with_files=space.more_rosters(county),
        )
        extras = _county_extras(inputs, result)
        archive = space.archive_dir(county)
        snapshot_name = f"{as_of.isoformat()}_{now:%Y%m%dT%H%M%S%f}{SNAPSHOT_SUFFIX}"
        previous = latest_readable_snapshot(archive, before=snapshot_name)
        for _, why in previous.skipped:
            log.warning("report %s: skipped an unreadable snapshot: %s", county, why)
        if previous.frame is not None:
            changes = diff_snapshots(previous.frame, snapshot_frame(result.households))
        else:
            changes = pd.DataFrame(columns=["household_id", "change"])
        tables = snapshot_tables(result)
        current = from_classification(result, label=as_of.isoformat(), tables=tables)
        extras.warn = _report_warnings(archive, snapshot_name, current, result, county)
        summary = result.summary()
        problems = extras.problems(result.issues)
        figures = (
            overview_figures(result.households)
            | extras.figures()
            | problem_figures(problems, configured_sources(extras))
        )
        meta = result.meta.model_dump(mode="json")
        meta["inputs"] = [
            {"path": space.shown(p), "sha256": file_sha256(p)} for p in inputs.values()
        ]
        write_report(
            target, result, extras, figures, changes, previous.path, meta, config.name, now
        )
        write_snapshot(archive / snapshot_name, tables[0], meta, tables[1])
        removed = prune_dated(
            output_dir, _report_pattern(file_county, lang), config.keep_reports, protect=target
        )
        prune_snapshots(
            archive,
            space.config.keep_snapshots,
            protect=archive / snapshot_name,
            months=profile.warn.window_months,
        )
    log.info("report %s written to %s", county, target)
    return ReportResult(
        path=target,
        county=config.name,
        as_of=as_of,
        figures=figures,
        changes=diff_summary(changes) if not changes.empty else dict.fromkeys(labels.CHANGES, 0),
        previous_snapshot=previous.path.name if previous.path else None,
        removed_reports=removed,
        errors=summary["issues"]["errors"],
        other_errors=figures["data_errors"] - summary["issues"]["errors"],
        lang=lang,
        era=profile.terminology,
    )


def _report_warnings(
    archive: Path, snapshot_name: str, current: Snapshot, result: Classification, county: str
) -> WarnResult | None:
    """The 预警 sheet's warnings: the archive's newest snapshot of each earlier month in the
    profile's window against this run; None when the archive holds none."""
    parameters = result.parameters
    earlier = monthly_snapshots(
        archive,
        before=snapshot_name,
        months=parameters.profile.warn.window_months,
        until_month=parameters.as_of.isoformat()[:7],
    )
    for path, why in earlier.skipped:
        log.warning("report %s: warnings skip an unreadable snapshot %s: %s", county, path, why)
    if not earlier.snapshots:
        return None
    items = [*_archived(earlier), current]
    return run_warn(items, parameters, _warn_meta(parameters, items), _skipped(earlier))


def _archived(monthly: Monthly) -> list[Snapshot]:
    return [from_archive(a, sha256=file_sha256(a.path)) for a in monthly.snapshots]


def _skipped(monthly: Monthly) -> list[tuple[str, str]]:
    return [(path.name, why) for path, why in monthly.skipped]


def _warn_meta(parameters: Parameters, items: Sequence[Snapshot]) -> Meta:
    return meta_for(
        "warn",
        parameters.lang,
        [],
        as_of=parameters.as_of.isoformat(),
        year=parameters.year,
        profile={
            **profile_meta(parameters),
            "warn": parameters.profile.warn.model_dump(mode="json"),
        },
    ).model_copy(update={"inputs": [item.input for item in items]})


def _report_pattern(county_name: str, lang: Lang) -> re.Pattern[str]:
    """Exactly the names ``report_name`` gives a county's workbooks, any date."""
    example = report_name(date(2000, 1, 1), county_name, lang)
    return re.compile(r"\d{4}-\d{2}-\d{2}" + re.escape(example[len("2000-01-01") :]))


def report_inputs(county: str, *, workspace: Path | None = None) -> list[Path]:
    """The files a county report reads (fanpin.toml, the roster, lists, ledger, cases), as
    far as the workspace can be read: what no output of the run may overwrite. Never
    raises: a broken workspace is the report's own error to give."""
    try:
        root = find_workspace(workspace)
    except FanpinError:
        return []
    found = [root / CONFIG_NAME]
    try:
        space = load_workspace(root)
        county_config = space.county(county)
        found += list(space.inputs(county).values())
        profile = Path(county_config.profile)
        for candidate in (root / profile, space.profile_search() / f"{profile}.toml"):
            if candidate.is_file():
                found.append(candidate)
    except FanpinError:
        pass
    return found


def _county_extras(inputs: dict[str, Path], result: Classification) -> Extras:
    """The results a workspace's other inputs add: audit always, fund and cases if configured."""
    p = result.parameters
    departments = {k.removeprefix("dept:"): v for k, v in inputs.items() if k.startswith("dept:")}
    audited = audit(
        inputs["roster"],
        departments,
        profile=p.profile,
        year=p.year,
        as_of=p.as_of,
        lang=p.lang,
        classification=result,
    )
    checked_fund = None
    if "fund_ledger" in inputs:
        checked_fund = fund(
            inputs["fund_ledger"],
            inputs["roster"],
            profile=p.profile,
            year=p.year,
            as_of=p.as_of,
            lang=p.lang,
            classification=result,
        )
    cases = None
    if "cases" in inputs:
        cases = procedure(inputs["cases"], profile=p.profile, as_of=p.as_of, lang=p.lang)
    return Extras(audited, checked_fund, cases)


def snapshot_of(
    path: Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    lines: Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """Classified key columns of a roster file, or of an archived snapshot as saved."""
    if path.name.endswith(SNAPSHOT_SUFFIX):
        return read_snapshot(path)[0]
    classified = classify(path, profile=profile, year=year, as_of=as_of, lines=lines)
    return snapshot_frame(classified.households)


def diff(
    old: Path,
    new: Path,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    lines: Mapping[int, float] | None = None,
    lang: Lang = "zh",
) -> DiffResult:
    """What changed between two roster snapshots (roster files or archived snapshots)."""
    loaded = profile_with_lines(load_profile(profile), lines)
    before = snapshot_of(old, profile=loaded, year=year, as_of=as_of)
    after = snapshot_of(new, profile=loaded, year=year, as_of=as_of)
    changes = diff_snapshots(before, after)
    return DiffResult(
        old=old.name, new=new.name, changes=changes, summary=diff_summary(changes), lang=lang
    )


def init_workspace(
    directory: Path,
    households: int = 2000,
    seed: int = 431081,
    lines: Mapping[int, float] | None = None,
) -> dict[str, Path]:
    """A ready workspace: fanpin.toml and example data for the county 资兴市 (key zixing);
    ``lines`` (year -> yuan, ``--line``) are written as the county's monitoring_line."""
    return write_workspace_skeleton(directory, households=households, seed=seed, lines=lines)


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
    lines: Mapping[int, float] | None = None,
    with_files: Sequence[str | Path] = (),
) -> Notice:
    """A village's public notice (公示名单) from a roster; write it with ``export``.

    ``start`` defaults to ``as_of``, ``as_of`` to ``start`` or today; ``days`` to the
    profile's ``notice_min_days`` (a shorter notice is an error). ``with_files`` are
    joined to the roster as in ``load_roster``.
    """
    as_of = as_of or start or date.today()
    start = start or as_of
    loaded = profile_with_lines(load_profile(profile), lines)
    notice_period(start, days, loaded.procedure)  # reject a short notice before reading
    classification = classify(
        path, profile=loaded, year=year, as_of=as_of, sheet=sheet, with_files=with_files
    )
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
    lines: Mapping[int, float] | None = None,
    with_files: Sequence[str | Path] = (),
) -> AuditResult:
    """The 排查 campaign: roster checks and department-list cross-checks, as findings.

    ``departments`` maps a list kind (medical, civil, disability, housing,
    education, disaster, employment, business, vehicle, public_servant) to its
    file; the profile's ``[[audit.department_rules]]`` say what a match means. A
    ``classification`` of the same roster already made (the county report) is
    used as it is instead of classifying again. ``with_files`` are joined to the
    roster as in ``load_roster``.
    """
    departments = dict(departments or {})
    check_inputs([Path(p) for p in (roster, *with_files, *departments.values())])
    for kind in departments:
        if kind not in labels.DEPARTMENT_LISTS:
            raise FanpinError(unknown_kind_message(kind), zh=unknown_kind_message_zh(kind))
    as_of = as_of or date.today()
    loaded = profile_with_lines(load_profile(profile), lines)
    parameters_for(loaded, year, as_of, lang)  # no line for the year: fail before reading
    lists = [read_list(k, path, lang=lang, as_of=as_of) for k, path in departments.items()]
    if classification is None:
        classification = classify(
            roster, profile=loaded, year=year, as_of=as_of, lang=lang, with_files=with_files
        )
    return run_audit(classification, lists)


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
    lines: Mapping[int, float] | None = None,
    with_files: Sequence[str | Path] = (),
) -> FundResult:
    """Check a relief-fund ledger against a roster: errors per payment, balance, summary.

    Households' status (monitored, eliminated …) comes from ``classify`` of the
    roster with the same profile, ``year`` (whose monitoring line applies; default
    the as-of year) and ``as_of`` (default today; rows dated later are reported and
    not counted). Amounts are exact decimals; see ``campaigns.fund``. ``with_files``
    are joined to the roster as in ``load_roster``.
    """
    as_of = as_of or date.today()
    loaded = profile_with_lines(load_profile(profile), lines)
    loaded.line_for(year or as_of.year)  # fail on a missing line before reading anything
    ledger_checked = read_ledger(ledger, sheet=sheet, lang=lang, as_of=as_of)
    if classification is None:
        classification = classify(
            roster,
            profile=loaded,
            year=year,
            as_of=as_of,
            sheet=roster_sheet,
            lang=lang,
            with_files=with_files,
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
    meta.inputs = [meta.inputs[0], *classification.meta.inputs]  # each roster file
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


def simulate(
    path: str | Path,
    *,
    profile: str | Path | Profile | None = None,
    with_profile: str | Path | Profile | None = None,
    lines: Mapping[int, float] | None = None,
    overrides: Mapping[str, object] | None = None,
    county: str | None = None,
    workspace: Path | None = None,
    year: int | None = None,
    as_of: date | None = None,
    sheet: str | None = None,
    lang: Lang = "zh",
    band: float = BOUNDARY_BAND,
    stages: StageCallback = no_stages,
) -> SimulationResult:
    """What a new monitoring line or rule would change, household by household.

    The roster is read and validated once and classified twice: under ``profile``
    (before) and under ``with_profile`` (default: ``profile`` again) with ``lines``
    (year -> yuan) and then ``overrides`` (dotted profile keys, see
    ``rules.profiles.with_overrides``) applied (after). ``year`` defaults to the one
    year of ``lines`` when exactly one is given, else to the as-of year; both
    profiles need a line for it. An override that names no profile key or makes the
    profile invalid raises ``OverrideError``, before the roster is read. ``band``
    is the boundary group's share of the new line (±10 %). With ``county`` the base is
    that workspace county's profile and lines (fanpin.toml) unless ``profile`` is given,
    and its ``year`` and ``as_of`` are the defaults; ``profile`` defaults to national.
    """
    check_inputs([Path(path)])
    if county is not None:
        space = load_workspace(workspace)
        base, config = _county_profile(space, county, profile)
        as_of, year = as_of or config.as_of, year or config.year
    else:
        base = load_profile(profile or "national")
    as_of = as_of or date.today()
    lines = dict(lines or {})
    if year is None and len(lines) == 1:
        year = next(iter(lines))
    changes: dict[str, object] = {f"monitoring_line.{y}": v for y, v in lines.items()}
    changes |= dict(overrides or {})
    other = with_overrides(load_profile(with_profile or base), changes)
    before = parameters_for(base, year, as_of, lang)  # a missing line: fail before reading
    after = parameters_for(other, year, as_of, lang)
    stages("read")
    table = read_roster(path, sheet)
    with cyclic_gc_paused():
        stages("validate")
        validated = validate_table(table, lang=lang, as_of=as_of)
        first = classify_validated(validated, before, stages)
        second = classify_validated(validated, after, stages)
    settings = profile_items(other)
    applied = {key: settings.get(key, value) for key, value in changes.items()}
    meta = meta_for(
        "simulate",
        lang,
        [validated],
        as_of=as_of.isoformat(),
        year=before.year,
        profile={
            "before": {**base.summary(), "line": before.line},
            "after": {**other.summary(), "line": after.line, "overrides": applied},
            "boundary_band": band,
        },
    )
    return compare(first, second, meta, applied, band)


def _county_profile(
    space: Workspace, county: str, profile: str | Path | Profile | None
) -> tuple[Profile, County]:
    """A workspace county's profile with its lines from fanpin.toml, or ``profile`` (found
    in the workspace's profiles/) when one is given; and the county's settings."""
    config = space.county(county)
    if profile is not None:
        return load_profile(profile, space.profile_search()), config
    loaded = with_lines(
        load_profile(config.profile, space.profile_search()),
        config.monitoring_line,
        space.line_origin(county),
        space.line_fix(county),
        space.line_fix_zh(county),
    )
    return loaded, config


def warn(
    snapshots: Sequence[str | Path] = (),
    *,
    county: str | None = None,
    workspace: Path | None = None,
    since: date | None = None,
    profile: str | Path | Profile | None = None,
    year: int | None = None,
    as_of: date | None = None,
    lines: Mapping[int, float] | None = None,
    lang: Lang = "zh",
    stages: StageCallback = no_stages,
) -> WarnResult:
    """Early warnings across snapshots, oldest first: roster files (classified here) or
    archived ``.snapshot.json.gz`` files, or with ``county`` the workspace archive's newest
    snapshot of each month — from ``since`` (an as-of date), else over the profile's
    ``warn.window_months`` — followed by any ``snapshots`` given.

    Each household's first snapshot is compared with the latest under the profile's
    ``[warn]`` rules (``campaigns.warn``). With ``county`` the county's profile and lines
    (fanpin.toml) apply unless ``profile`` is given, and its ``year`` and ``as_of`` are the
    defaults; ``lines`` (year -> yuan) add or replace lines for this run. Fewer than two
    snapshots, a year without a line or an unreadable file named in ``snapshots`` raise
    FanpinError; unreadable archived snapshots are skipped and named in the summary.
    """
    paths = [Path(p) for p in snapshots]
    monthly = Monthly()
    if county is not None:
        space = load_workspace(workspace)
        loaded, config = _county_profile(space, county, profile)
        as_of = as_of or config.as_of or date.today()
        year = year or config.year
    else:
        loaded = load_profile(profile or "national")
        as_of = as_of or date.today()
    parameters = parameters_for(loaded, year, as_of, lang, lines)  # a missing line: fail first
    if county is not None:
        months = None if since is not None else parameters.profile.warn.window_months
        monthly = monthly_snapshots(space.archive_dir(county), since=since, months=months)
    items = _archived(monthly)
    for path in paths:
        if path.name.endswith(SNAPSHOT_SUFFIX):
            items.append(from_archive(read_archived(path), sha256=file_sha256(path)))
        else:
            classified = classify(
                path,
                profile=parameters.profile,
                year=parameters.year,
                as_of=as_of,
                lang=lang,
                stages=stages,
            )
            items.append(from_classification(classified))
    if len(items) < 2:
        months = parameters.profile.warn.window_months
        raise FanpinError(
            _too_few(items, county, since, months), zh=_too_few_zh(items, county, since, months)
        )
    _unique_labels(items)
    return run_warn(items, parameters, _warn_meta(parameters, items), _skipped(monthly))


def _too_few(items: Sequence[Snapshot], county: str | None, since: date | None, months: int) -> str:
    if county is None:
        return (
            "fanpin warn compares two or more snapshots: give roster files or archived "
            ".snapshot.json.gz files, oldest first, or --county with a workspace archive"
        )
    window = f"since {since.isoformat()}" if since else f"in the last {months} months"
    return (
        f"the archive of {county} holds {len(items)} snapshot(s) {window}, one a month; "
        f"warnings need two: run `fanpin report --county {county}` again in a later month, "
        "widen --since, or add a roster file"
    )


def _too_few_zh(
    items: Sequence[Snapshot], county: str | None, since: date | None, months: int
) -> str:
    if county is None:
        return (
            "fanpin warn 需要比较两个或更多快照：请按时间从早到晚给出花名册文件或存档的 "
            ".snapshot.json.gz 文件，或用 --county 读取工作区存档"
        )
    window = f"{since.isoformat()} 以来" if since else f"最近 {months} 个月内"
    return (
        f"{county} 的存档{window}只有 {len(items)} 个快照（每月一个）；预警至少需要两个："
        f"请在以后的月份再运行 `fanpin report --county {county}`，或放宽 --since，"
        "或加一个花名册文件"
    )


def _unique_labels(items: Sequence[Snapshot]) -> None:
    """Two snapshots named alike (the same file name, the same as-of date) get their place."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.label] = counts.get(item.label, 0) + 1
    for position, item in enumerate(items, start=1):
        if counts[item.label] > 1:
            item.label = f"{item.label} (#{position})"
