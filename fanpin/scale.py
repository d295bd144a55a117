"""A province, county by county: a folder partitioned by county, classified with bounded memory.

Households never span counties, so each county (one partition: a ``county=CODE/``
folder of Parquet, CSV or Excel files, or one file per county) is read and
classified on its own with exactly the pipeline of ``classify``, its results
written to the output folder, and only its summary kept. The ``pandas`` engine
runs the counties one after another in this process (peak memory about one
county); the ``dask`` engine submits the same per-county function to a Dask
cluster, one task per county, and gives identical results.

Output folder::

    households/partition=KEY/part-0.parquet   one row per household (all of them)
    issues/partition=KEY/part-0.parquet       every problem found in the county's files
    counties.csv                              one row per county: counts, seconds, failure
    summary.json                              meta, per-county summaries, province totals

Both ``households`` and ``issues`` are hive-partitioned datasets that pyarrow,
Dask or DuckDB read in one call. Without pyarrow the tables are CSV (lists
joined with ``;``). ``summary.json`` is written last.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

import numpy as np
import pandas as pd

from fanpin import __version__, labels
from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.files import atomic_path, reason_zh, write_text
from fanpin.io.issues import ISSUE_COLUMNS
from fanpin.io.messages import Lang
from fanpin.io.models import InputFile, Meta
from fanpin.io.read import CSV_SUFFIXES, EXCEL_SUFFIXES, PARQUET_SUFFIXES, ROW, Table, read_table
from fanpin.io.text import printable
from fanpin.outputs.write import frame_to_csv, json_text, write_csv
from fanpin.pipeline import Classification, classify_table, cyclic_gc_paused, parameters_for
from fanpin.rules.assess import Parameters
from fanpin.rules.measures import row_lists
from fanpin.rules.profiles import Profile, load_profile

Engine = Literal["pandas", "dask"]
OutputFormat = Literal["parquet", "csv"]
# .txt is left out on purpose: a README.txt beside the county files is not a county.
PARTITION_SUFFIXES = frozenset(
    (EXCEL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES) - {".txt", ".ods"}
)
PARTITION_FOLDER = "partition"
PART_NAME = "part-0"
SUMMARY_NAME = "summary.json"
COUNTIES_NAME = "counties.csv"
LIST_SEPARATOR = ";"

# Columns of the households table: name -> kind (text, int, float, bool, list of text).
HOUSEHOLD_COLUMNS: dict[str, str] = {
    "household_id": "text",
    "county": "text",
    "township": "text",
    "village": "text",
    "head_name": "text",
    "household_type": "text",
    "size": "int",
    "status": "text",
    "recorded_category": "text",
    "proposed_category": "text",
    "category": "text",
    "category_differs": "bool",
    "watch": "bool",
    "returned_to_risk": "bool",
    "per_capita_income": "float",
    "adjusted_per_capita_income": "float",
    "last_year_per_capita_income": "float",
    "income_change_ratio": "float",
    "tier": "text",
    "score": "int",
    "reasons": "list",
    "risk_factors": "list",
    "monitored_since": "text",
    "cadre": "text",
    "measures_needed": "list",
    "measures_received": "list",
    "measures_gap": "list",
    "measures_unrecognised": "list",
    "measures_uncovered": "list",
    "elimination_status": "text",
    "elimination_method": "text",
    "elimination_blockers": "list",
    "elimination_recorded_method": "text",
    "eliminated_month": "text",
    "elimination_action": "text",
    "escaped_track": "text",  # the proposal for a 脱贫户 (exit / continue), from 2026
    "escaped_track_reasons": "list",  # its reason codes ([] without a proposal)
    "unassessed_reason": "text",
    "source_file": "text",
    "first_row": "int",
}
_RISK_ORDER = {code: i for i, code in enumerate(schema.RISK_FACTORS)}


@dataclass(frozen=True)
class Partition:
    """One county of a partitioned folder: its key and the files that hold its members."""

    key: str  # the value of a county=KEY folder, the folder name, or a file's stem
    files: tuple[Path, ...]
    column: str | None = None  # roster field a hive key names (county=资兴市 → county)

    @property
    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.files)


@dataclass(frozen=True)
class Progress:
    """Where a province run stands; sent once before the first county and after each."""

    done: int
    total: int
    bytes_done: int
    bytes_total: int
    people_done: int
    county: str | None = None  # key of the county just finished


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class PartitionJob:
    """Everything a worker needs besides the partition (picklable, sent to Dask workers)."""

    output: Path
    profile: Profile
    year: int
    as_of: date
    lang: Lang
    output_format: OutputFormat
    root: Path  # input folder; source files are named relative to it


@dataclass
class ProvinceResult:
    """A province run: what produced it, each county's summary and the totals."""

    meta: dict[str, Any]
    counties: list[dict[str, Any]]  # in partition order; failed counties carry "error"
    total: dict[str, Any]
    output: Path

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [c for c in self.counties if c.get("error")]

    @property
    def errors(self) -> int:
        """Errors found in the rosters of the counties processed."""
        return int(self.total.get("issues", {}).get("errors", 0))

    @property
    def ok(self) -> bool:
        """Every county processed and no errors in any roster (the CLI exits 0)."""
        return not self.failed and not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {"meta": self.meta, "counties": self.counties, "total": self.total}


def find_partitions(directory: Path) -> tuple[list[Partition], list[str]]:
    """The counties of a folder, sorted by key, and the names of entries that are not rosters.

    Each subfolder is a county (``county=431081`` hive-style or any name), holding
    one or more roster files at any depth; each roster file directly in the folder
    is a county of its own. Names starting with ``.`` or ``_`` (``_SUCCESS``) are
    skipped silently, as every Parquet tool does.
    """
    if not directory.exists():
        raise FanpinError(f"folder not found: {directory}", zh=f"找不到文件夹：{directory}")
    if not directory.is_dir():
        raise FanpinError(
            f"{directory} is a file; fanpin province reads a folder with one county per "
            "subfolder or file (use fanpin classify for one roster)",
            zh=f"{directory} 是文件：fanpin province 读取的是文件夹，每个县一个子文件夹或文件"
            "（单个花名册请用 fanpin classify）",
        )
    partitions: list[Partition] = []
    ignored: list[str] = []
    for entry in sorted(directory.iterdir()):
        if _hidden(entry.name):
            continue
        if entry.is_dir():
            files = tuple(
                f
                for f in sorted(entry.rglob("*"))
                if f.is_file()
                and f.suffix.lower() in PARTITION_SUFFIXES
                and not any(_hidden(p) for p in f.relative_to(entry).parts)
            )
            name, _, value = entry.name.partition("=")
            # Keys come from folder names: shown and written, so no control characters.
            if value:
                key = printable(unquote(value))
                partitions.append(Partition(key, files, schema.ROSTER.match(name)))
            else:
                partitions.append(Partition(printable(entry.name), files))
        elif entry.suffix.lower() in PARTITION_SUFFIXES:
            partitions.append(Partition(printable(entry.stem), (entry,)))
        else:
            ignored.append(entry.name)
    if not partitions:
        raise FanpinError(
            f"no roster files in {directory}; expected one folder per county "
            "(county=431081/part-0.parquet) or one .parquet/.csv/.xlsx file per county",
            zh=f"{directory} 中没有花名册文件：应每个县一个文件夹（county=431081/part-0.parquet），"
            "或每个县一个 .parquet/.csv/.xlsx 文件",
        )
    partitions.sort(key=lambda p: p.key)
    keys = pd.Series([p.key for p in partitions])
    repeated = sorted(set(keys[keys.duplicated()]))
    if repeated:
        raise FanpinError(
            f"{directory}: more than one folder or file for county {', '.join(repeated)}; "
            "keep one per county",
            zh=f"{directory}：县 {'、'.join(repeated)} 有不止一个文件夹或文件：每个县只留一个",
        )
    return partitions, ignored


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def table_from_frame(
    frame: pd.DataFrame,
    *,
    name: str = "roster",
    fieldset: schema.FieldSet = schema.ROSTER,
) -> Table:
    """A Table from an in-memory DataFrame whose columns are field names or written headers.

    Rows are numbered 2, 3, … as if the frame were a sheet with one header row;
    ``name`` stands for the file and sheet name in issues. Raise FanpinError when
    a required column is missing, naming the columns that were found.
    """
    names: dict[str, str] = {}  # canonical -> column as written
    unknown: list[str] = []
    for column in frame.columns:
        matched = fieldset.match(column)
        if matched is None:
            if column != ROW:
                unknown.append(str(column))
        elif matched not in names:
            names[matched] = str(column)
    missing = [r for r in fieldset.required if r not in names]
    if missing:
        named = ", ".join(f"{fieldset.by_name[m].header} ({m})" for m in missing)
        found = ", ".join(str(c) for c in frame.columns) or "no columns"
        named_zh = "、".join(fieldset.by_name[m].header for m in missing)
        found_zh = "、".join(str(c) for c in frame.columns) or "无列"
        raise FanpinError(
            f"{name}: missing column {named}; found: {found}",
            zh=f"{name}：缺少 {named_zh} 列；现有列：{found_zh}",
        )
    table_frame = pd.DataFrame({n: frame[written].to_numpy() for n, written in names.items()})
    table_frame[ROW] = np.arange(2, len(frame) + 2)
    return Table(table_frame, fieldset, Path(name), name, names, 1, unknown)


def classify_frame(
    frame: pd.DataFrame,
    *,
    profile: str | Path | Profile = "national",
    year: int | None = None,
    as_of: date | None = None,
    lang: Lang = "zh",
    name: str = "roster",
) -> Classification:
    """Classify an in-memory roster DataFrame exactly as ``classify`` classifies a file.

    Same defaults: ``as_of`` today, ``year`` the as-of year (a year without a
    monitoring line is an error).
    """
    parameters = parameters_for(profile, year, as_of, lang)
    return classify_table(table_from_frame(frame, name=name), parameters)


def household_table(households: pd.DataFrame) -> pd.DataFrame:
    """The flat households table of a province run: codes and lists, as in classify's JSON.

    One row per household with the HOUSEHOLD_COLUMNS (``source_file`` left empty).
    """
    frame = households
    columns: dict[str, object] = {}
    for name in HOUSEHOLD_COLUMNS:
        if name in frame:
            columns[name] = frame[name]
    columns["risk_factors"] = _risk_factors(frame)
    columns["measures_received"] = frame["measures_received_codes"]
    columns["measures_uncovered"] = frame["uncovered"]
    columns["elimination_method"] = frame["elimination_method_proposed"]
    # Iterated as arrays: iterating an object Series is many times slower.
    columns["elimination_blockers"] = [
        [b["code"] for b in blockers]
        for blockers in frame["elimination_blockers"].to_numpy(dtype=object)
    ]
    columns["elimination_recorded_method"] = frame["elimination_method"]
    columns["escaped_track_reasons"] = [
        [r["code"] for r in reasons] if isinstance(reasons, list) else []
        for reasons in frame["escaped_track_reasons"].to_numpy(dtype=object)
    ]
    columns["source_file"] = None
    table = pd.DataFrame(columns, index=frame.index)
    return table[list(HOUSEHOLD_COLUMNS)].reset_index(drop=True)


def _risk_factors(frame: pd.DataFrame) -> list[list[str]]:
    """Each household's risk factors, in the schema's order: from the ``risk_<code>``
    columns the rules set (a factor is there when evidence for it fired), else from the
    evidence itself."""
    codes = list(schema.RISK_FACTORS)
    if not all(f"risk_{code}" in frame for code in codes):
        return [
            sorted({f for f, _ in evidence}, key=_RISK_ORDER.__getitem__)
            for evidence in frame["risk_evidence"]
        ]
    found = np.column_stack([frame[f"risk_{code}"].to_numpy(dtype=bool) for code in codes])
    return row_lists(found, np.array(codes, dtype=object))


def process_partition(partition: Partition, job: PartitionJob) -> dict[str, Any]:
    """Read, classify and write one county; return its summary (the only thing kept).

    A county whose files cannot be read comes back with ``error`` set instead of
    raising, so one bad file never stops a province. The Dask engine runs exactly
    this function on the workers.
    """
    # A county makes a list or two per household and no cycles: the cycle collector's
    # passes over them would cost a quarter of the county's time.
    with cyclic_gc_paused():
        return _process_partition(partition, job)


def _process_partition(partition: Partition, job: PartitionJob) -> dict[str, Any]:
    started = time.perf_counter()
    summary: dict[str, Any] = {"partition": partition.key, "county": None, "files": []}
    try:
        if not partition.files:
            raise FanpinError(
                f"{partition.key}: the folder holds no roster files",
                zh=f"{partition.key}：文件夹里没有花名册文件",
            )
        tables = [read_table(f, schema.ROSTER) for f in partition.files]
        summary["files"] = [_input_file(t, job.root) for t in tables]
        table, rows = _combine(tables, partition, job.root)
        result = classify_table(table, Parameters(job.profile, job.year, job.as_of, job.lang))
    except FanpinError as error:
        summary["error"] = error.text(job.lang)
        summary["seconds"] = round(time.perf_counter() - started, 3)
        return summary
    except (MemoryError, RecursionError, OSError, UnicodeError) as error:
        # One county that exhausts the machine or cannot be read fails alone.
        summary["error"] = labels.label(labels.PROVINCE_ERRORS, "cannot_process", job.lang).format(
            partition=partition.key, kind=type(error).__name__
        )
        summary["seconds"] = round(time.perf_counter() - started, 3)
        return summary
    households = household_table(result.households)
    issues = result.issues
    if rows is None:
        households["source_file"] = summary["files"][0]["path"]
    else:
        files, lines = rows
        first = result.households["first_row"].to_numpy() - 1
        households["source_file"] = files[first]
        households["first_row"] = lines[first]
        issues = _relocated(issues, files, lines)
    counties = households["county"].dropna()
    summary["county"] = str(counties.mode().iloc[0]) if len(counties) else None
    summary.update(result.summary())
    written = [
        _write(households, HOUSEHOLD_COLUMNS, job.output, "households", partition.key, job),
        _write(issues, ISSUE_COLUMNS, job.output, "issues", partition.key, job),
    ]
    summary["outputs"] = [str(p.relative_to(job.output)) for p in written]
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return summary


def _input_file(table: Table, root: Path) -> dict[str, Any]:
    return InputFile(
        path=_relative(table.path, root),
        sha256=table.sha256,
        sheet=table.sheet,
        header_row=table.header_row,
        rows=len(table.frame),
    ).model_dump()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _combine(
    tables: list[Table], partition: Partition, root: Path
) -> tuple[Table, tuple[np.ndarray, np.ndarray] | None]:
    """One Table for the county; for several files also each row's file and own row number.

    Several files are stacked with rows renumbered 1…n, so that issues and first
    rows can be put back to the file and row the user will open.
    """
    first = tables[0]
    if len(tables) == 1:
        table = first
        mapping = None
    else:
        frame = pd.concat([t.frame for t in tables], ignore_index=True)
        names = [
            _relative(t.path, root) + ("" if t.sheet == t.path.name else f":{t.sheet}")
            for t in tables
        ]
        files = np.repeat(np.array(names, dtype=object), [len(t.frame) for t in tables])
        lines = frame[ROW].to_numpy(dtype=np.int64).copy()
        frame[ROW] = np.arange(1, len(frame) + 1)
        headers: dict[str, str] = {}
        unknown: list[str] = []
        for t in tables:
            headers = t.headers | headers
            unknown += [u for u in t.unknown_columns if u not in unknown]
        folder = first.path.parent
        table = Table(frame, first.fieldset, folder, folder.name, headers, 1, unknown)
        mapping = (files, lines)
    if partition.column is not None and partition.column not in table.frame:
        # pyarrow's partition_cols moves the county into the folder name: put it back.
        table.frame[partition.column] = partition.key
    return table, mapping


def _relocated(issues: pd.DataFrame, files: np.ndarray, lines: np.ndarray) -> pd.DataFrame:
    """Issues of stacked files pointed back at each file and its own line numbers."""
    located = issues["row"].notna()
    index = issues.loc[located, "row"].astype(int).to_numpy() - 1
    moved = issues.copy()
    moved.loc[located, "sheet"] = files[index]
    moved.loc[located, "row"] = lines[index]
    return moved


def _write(
    frame: pd.DataFrame,
    kinds: dict[str, str],
    output: Path,
    table: str,
    key: str,
    job: PartitionJob,
) -> Path:
    folder = output / table / f"{PARTITION_FOLDER}={partition_value(key)}"
    target = folder / f"{PART_NAME}.{job.output_format}"
    with atomic_path(target) as temporary:
        if job.output_format == "parquet":
            _write_parquet(frame, kinds, temporary)
        else:
            temporary.write_text(_csv_text(frame, kinds), encoding="utf-8-sig")
    return target


_UNSAFE_IN_FOLDER = frozenset('/\\:*?"<>|%')


def partition_value(key: str) -> str:
    """A county key as the value of an output folder name: characters that could steer the
    path (``/``, ``..``), match as a wildcard or control the terminal are %-encoded, as
    Hive-partitioned readers (pyarrow, Dask, DuckDB) decode them."""

    def encoded(char: str) -> str:
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))

    value = "".join(encoded(c) if c in _UNSAFE_IN_FOLDER or not c.isprintable() else c for c in key)
    if value.startswith("."):
        value = encoded(".") + value[1:]
    return value or "%00"


def _write_parquet(frame: pd.DataFrame, kinds: dict[str, str], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # One explicit schema, so every county's file has the same types even when a
    # county has no value at all in a column (pyarrow would infer null there).
    types = {
        "text": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }
    arrays = []
    for name, kind in kinds.items():
        column = frame[name]
        if kind == "list":
            values: Any = column.tolist()
        elif kind == "float":
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        elif kind == "text":
            values = column  # pyarrow takes the Series as it is: None, NaN and NA are null
        elif column.isna().any():
            values = column.astype(object).where(column.notna(), None).tolist()
        else:
            values = column.to_numpy(dtype=np.int64 if kind == "int" else np.bool_)
        arrays.append(pa.array(values, type=types[kind], from_pandas=True))
    pq.write_table(pa.Table.from_arrays(arrays, names=list(kinds)), path)


def _csv_text(frame: pd.DataFrame, kinds: dict[str, str]) -> str:
    copy = frame.copy()
    for name, kind in kinds.items():
        if kind == "list":
            copy[name] = [LIST_SEPARATOR.join(v) for v in copy[name]]
        elif kind == "int":
            copy[name] = copy[name].astype("Int64")
    return frame_to_csv(copy)


def default_output_format() -> OutputFormat:
    """Parquet when pyarrow is installed, CSV otherwise."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return "csv"
    return "parquet"


def classify_province(
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
    processes: bool = True,
    output_format: OutputFormat | None = None,
    progress: ProgressCallback | None = None,
) -> ProvinceResult:
    """Classify every county of ``directory`` into ``output``; return the summaries.

    ``engine="pandas"`` runs the counties in turn in this process;
    ``engine="dask"`` runs them on the Dask scheduler at ``scheduler``, or on a
    local cluster of ``workers`` processes (threads with ``processes=False``).
    Input and output folders must be reachable at the same path from every
    worker. ``output`` must be new, empty, or the output of an earlier province
    run (whose counties are replaced). Results do not depend on the engine.
    """
    as_of = as_of or date.today()
    loaded = load_profile(profile)
    parameters = Parameters(loaded, year or as_of.year, as_of, lang)
    line = parameters.line  # fail on a missing line before reading any county
    directory = directory.resolve()
    output = output.resolve()
    partitions, ignored = find_partitions(directory)
    chosen_format = output_format or default_output_format()
    if chosen_format == "parquet" and default_output_format() != "parquet":
        raise FanpinError(
            "Parquet output needs pyarrow: pip install 'fanpin[parquet]'",
            zh="输出 Parquet 需要安装 pyarrow：pip install 'fanpin[parquet]'",
        )
    _prepare_output(output, directory)
    job = PartitionJob(output, loaded, parameters.year, as_of, lang, chosen_format, directory)
    notify = _Notifier(partitions, progress)
    if engine == "pandas":
        if scheduler is not None or workers is not None:
            raise FanpinError(
                "--scheduler and --workers need --engine dask",
                zh="--scheduler 和 --workers 只能与 --engine dask 一起使用：请加上 --engine dask",
            )
        summaries = [notify.done(process_partition(p, job)) for p in partitions]
    elif engine == "dask":
        summaries = _run_dask(partitions, job, notify, scheduler, workers, processes)
    else:
        raise FanpinError(
            f"unknown engine '{engine}'; use pandas or dask",
            zh=f"没有计算引擎 '{engine}'：请用 pandas 或 dask",
        )
    meta = Meta(
        fanpin_version=__version__,
        command="province",
        lang=lang,
        inputs=[InputFile(**f) for s in summaries for f in s["files"]],
        as_of=as_of.isoformat(),
        year=parameters.year,
        profile={**loaded.summary(), "line": line},
    ).model_dump(mode="json")
    meta |= {
        "input": str(directory),
        "engine": engine,
        "output_format": chosen_format,
        "ignored": ignored,
    }
    result = ProvinceResult(meta, summaries, province_total(summaries), output)
    write_csv(output / COUNTIES_NAME, counties_frame(summaries))
    write_text(output / SUMMARY_NAME, json_text(result.to_dict()))
    return result


class _Notifier:
    def __init__(self, partitions: Sequence[Partition], callback: ProgressCallback | None):
        self.callback = callback
        self.sizes = {p.key: p.size_bytes for p in partitions}
        self.state = Progress(0, len(partitions), 0, sum(self.sizes.values()), 0)
        self.send()

    def send(self) -> None:
        if self.callback is not None:
            self.callback(self.state)

    def done(self, summary: dict[str, Any]) -> dict[str, Any]:
        key = summary["partition"]
        s = self.state
        self.state = Progress(
            s.done + 1,
            s.total,
            s.bytes_done + self.sizes[key],
            s.bytes_total,
            s.people_done + int(summary.get("people", 0)),
            key,
        )
        self.send()
        return summary


def _prepare_output(output: Path, directory: Path) -> None:
    """Refuse a folder holding anything but an earlier province run, whose results go."""
    if output == directory or directory in output.parents or output in directory.parents:
        raise FanpinError(
            f"the output folder {output} must lie outside the input folder",
            zh=f"输出文件夹 {output} 必须在输入文件夹之外",
        )
    if not output.exists():
        return
    if not output.is_dir():
        raise FanpinError(
            f"{output} is a file; -o names the folder to write the results to",
            zh=f"{output} 是文件：-o 应是存放结果的文件夹",
        )
    if not any(e for e in output.iterdir() if not e.name.startswith(".")):
        return
    try:
        earlier = json.loads((output / SUMMARY_NAME).read_text(encoding="utf-8"))
        is_province = earlier["meta"]["command"] == "province"
    except (OSError, ValueError, KeyError, TypeError):
        is_province = False
    if not is_province:
        raise FanpinError(
            f"{output} is not empty and holds no earlier fanpin province output; "
            "choose a new or empty folder",
            zh=f"{output} 不是空文件夹，也不是以前 fanpin province 的输出："
            "请选一个新的或空的文件夹",
        )
    # Summary first: a run killed from here on leaves no summary claiming old counties.
    for name in (SUMMARY_NAME, COUNTIES_NAME):
        (output / name).unlink(missing_ok=True)
    for table in ("households", "issues"):
        for folder in (output / table).glob(f"{PARTITION_FOLDER}=*"):
            shutil.rmtree(folder)


def _run_dask(
    partitions: Sequence[Partition],
    job: PartitionJob,
    notify: _Notifier,
    scheduler: str | None,
    workers: int | None,
    processes: bool,
) -> list[dict[str, Any]]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise FanpinError(
            "the dask engine needs Dask: pip install 'fanpin[dask]'",
            zh="dask 引擎需要安装 Dask：pip install 'fanpin[dask]'",
        ) from error
    cluster = None
    if scheduler is not None:
        if workers is not None:
            raise FanpinError(
                "--workers starts a local cluster; leave it out with --scheduler",
                zh="--workers 用于在本机启动集群；使用 --scheduler 时请去掉 --workers",
            )
        try:
            client = Client(scheduler, timeout=30)
        except (OSError, TimeoutError) as error:
            why = reason_zh(error, writing=False) if isinstance(error, OSError) else "连接超时"
            raise FanpinError(
                f"cannot reach the Dask scheduler at {scheduler}: {error}",
                zh=f"无法连接 {scheduler} 上的 Dask 调度器：{why}；请检查地址和网络",
            ) from error
    else:
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        versions = set(client.run(_fanpin_version).values())
        if versions - {__version__}:
            raise FanpinError(
                f"the Dask workers run fanpin {', '.join(sorted(versions))}, this is "
                f"{__version__}; install the same version on every worker",
                zh=f"Dask 工作节点上的 fanpin 版本为 {'、'.join(sorted(versions))}，"
                f"本机为 {__version__}：请在每个工作节点上安装相同的版本",
            )
        token = uuid.uuid4().hex[:12]
        futures = [
            client.submit(process_partition, p, job, key=f"fanpin-{token}-{p.key}", pure=False)
            for p in partitions
        ]
        by_key: dict[str, dict[str, Any]] = {}
        for future in as_completed(futures):
            summary = future.result()
            by_key[summary["partition"]] = notify.done(summary)
            future.release()
        return [by_key[p.key] for p in partitions]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _fanpin_version() -> str:
    """Run on each worker: the worker's own fanpin (the function is pickled by reference)."""
    return __version__


def _add(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            _add(total.setdefault(key, {}), value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            total[key] = total.get(key, 0) + value


_NOT_SUMMED = ("seconds",)


def province_total(summaries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The counts of every county added up, with how many counties were and were not done."""
    total: dict[str, Any] = {"counties": 0, "counties_failed": 0}
    for summary in summaries:
        if summary.get("error"):
            total["counties_failed"] += 1
            continue
        total["counties"] += 1
        _add(total, {k: v for k, v in summary.items() if k not in _NOT_SUMMED})
    for key in ("by_status", "by_category", "by_tier"):
        if key in total:
            total[key] = dict(sorted(total[key].items()))
    return total


def counties_frame(summaries: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """One row per county: households and people by status and tier, issues, failure."""
    rows = []
    for s in summaries:
        row: dict[str, Any] = {
            "partition": s["partition"],
            "county": s.get("county"),
            "files": len(s.get("files", [])),
            "households": s.get("households"),
            "people": s.get("people"),
        }
        for status in ("monitored", "proposed", "eliminated", "watch", "none", "unassessed"):
            counts = s.get("by_status", {}).get(status, {})
            row[f"{status}_households"] = counts.get("households", 0) if "error" not in s else None
            row[f"{status}_people"] = counts.get("people", 0) if "error" not in s else None
        for tier in ("high", "medium", "low"):
            counts = s.get("by_tier", {}).get(tier, {})
            row[f"tier_{tier}_households"] = (
                counts.get("households", 0) if "error" not in s else None
            )
        issues = s.get("issues", {})
        row["errors"] = issues.get("errors")
        row["warnings"] = issues.get("warnings")
        row["seconds"] = s.get("seconds")
        row["error"] = s.get("error")
        rows.append(row)
    frame = pd.DataFrame(rows)
    counts = [c for c in frame.columns if c.endswith(("_households", "_people"))]
    counts += ["households", "people", "errors", "warnings"]
    return frame.astype({c: "Int64" for c in counts})
