"""Files → a table of canonical columns, each record keeping its sheet and Excel row.

Reads what counties really have: national-system .xlsx/.xls exports with title
rows and two-level merged headers (through python-calamine), CSV in UTF-8, UTF-8
with BOM or GB18030/GBK, and Parquet. Cell values are kept as read (text,
numbers, dates); typing and checking them is validation's job.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.files import reason_zh, remember_input
from fanpin.io.limits import Limits, current_limits
from fanpin.io.preflight import (
    ZIP_SUFFIXES,
    Merged,
    WorkbookCheck,
    check_cells,
    check_ods,
    check_text_size,
)
from fanpin.io.text import capped, printable

HEADER_SEARCH_ROWS = 20
ROW = "_row"  # Excel (or CSV line) number of each record, 1-based, counting title rows
Grid = Sequence[Sequence[object]] | np.ndarray  # rows of cells: lists, or a 2-D object array
Cells = Grid | pd.DataFrame  # or a frame of text columns, as pandas' CSV parser makes them
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
STREAMED_SUFFIXES = {".xlsx", ".xlsm"}  # what python-calamine-plus can stream
CSV_SUFFIXES = {".csv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
MULTILINE_CELL_LIMIT = 20  # line breaks in one quoted CSV cell: more is an unclosed quote


@dataclass
class Table:
    """One sheet (or CSV/Parquet file) of a roster, with canonical column names."""

    frame: pd.DataFrame  # canonical field columns (values as read) + ROW
    fieldset: schema.FieldSet
    path: Path
    sheet: str  # sheet name; the file name for CSV and Parquet
    headers: dict[str, str]  # canonical name -> header as written in the file
    header_row: int  # Excel row of the (lowest) header line
    unknown_columns: list[str] = field(default_factory=list)
    sha256: str = ""
    # Several export files of one county joined into this table (io/join.py): the files
    # as read (the main roster first), per field which file and row supplied each
    # record's value where it was not the main roster, and the join's own findings.
    parts: list[Table] = field(default_factory=list)
    sources: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    join_issues: list[dict[str, object]] = field(default_factory=list)
    # Columns' distinct cells as the reader found them (codes per row, the distinct
    # values), with the column they describe: taken once by validation (``distinct``).
    _distinct: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def distinct(self, name: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Column ``name`` as ``pandas.factorize`` gives it (codes, distinct values), when
        the reader worked it out already and the column is still the one read; taken
        once (validation types the columns first, before any cell is changed)."""
        found = self._distinct.pop(name, None)
        if found is None or name not in self.frame:
            return None
        codes, uniques, cells = found
        current = self.frame[name].to_numpy()
        if len(current) != len(codes) or not np.shares_memory(current, cells):
            return None
        return codes, uniques

    def header(self, name: str) -> str:
        """The header as the user wrote it, or the schema's Chinese header."""
        return self.headers.get(name, self.fieldset.by_name[name].header)

    @property
    def place(self) -> str:
        """Where this table is, named so among several files: file:sheet, or the file."""
        name = self.path.name
        return name if self.sheet == name else f"{name}:{self.sheet}"


@dataclass
class _Header:
    row: int  # 0-based index among the rows read
    names: dict[int, str]  # column position -> canonical name
    written: dict[int, str]  # column position -> header text as written
    unknown: list[str]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as error:
        raise FanpinError(
            f"cannot read {path}: {error.strerror or error}",
            zh=f"无法读取 {path}：{reason_zh(error, writing=False)}",
        ) from None
    return digest.hexdigest()


def read_roster(path: str | Path, sheet: str | None = None) -> Table:
    """Read a roster file into a Table; raise FanpinError when it cannot be read at all."""
    return read_table(path, schema.ROSTER, sheet)


def read_table(
    path: str | Path,
    fieldset: schema.FieldSet,
    sheet: str | None = None,
    required: Sequence[str] | None = None,
    any_of: Sequence[str] = (),
) -> Table:
    """Read any tabular input whose columns ``fieldset`` describes (roster, list, ledger).

    The header must name every ``required`` field and, when given, one of ``any_of``.
    """
    required = fieldset.required if required is None else required
    limits = current_limits()
    reader = _Reader(fieldset, required, any_of, limits)
    path = Path(path)
    _check_file(path)
    remember_input(path)
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            table = reader.excel(path, sheet)
        elif suffix in CSV_SUFFIXES:
            check_text_size(path, limits)
            table = reader.rows(path, path.name, _csv_rows(path, _decode(path), limits))
        elif suffix in PARQUET_SUFFIXES:
            check_text_size(path, limits)
            table = reader.parquet(path)
        else:
            raise FanpinError(
                f"{path.name}: unsupported file type '{suffix}'; use .xlsx, .xls, .csv or .parquet",
                zh=f"{path.name}：不支持 '{suffix}' 类型的文件；请用 .xlsx、.xls、.csv 或 .parquet",
            )
    except MemoryError:
        raise FanpinError(
            f"{path.name} needs more memory than this machine has; split it, or lower "
            "FANPIN_MAX_CELLS so such files are refused before reading",
            zh=f"{path.name} 所需内存超过本机内存：请拆分文件，或调低 FANPIN_MAX_CELLS，"
            "让这样的文件在读取前就被拒绝",
        ) from None
    except OSError as error:
        raise FanpinError(
            f"cannot read {path}: {error.strerror or error}",
            zh=f"无法读取 {path}：{reason_zh(error, writing=False)}",
        ) from None
    # Names from the file shown to people (the sheet, headers as written): no control
    # characters either; the cells are cleaned (and reported) by validation.
    table.sheet = printable(table.sheet)
    table.headers = {name: printable(text) for name, text in table.headers.items()}
    table.unknown_columns = [printable(text) for text in table.unknown_columns]
    table.sha256 = file_sha256(path)
    return table


def _check_file(path: Path) -> None:
    """The path names a regular, readable, non-empty file (not a folder, pipe or device)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FanpinError(f"file not found: {path}", zh=f"找不到文件：{path}") from None
    except OSError as error:
        raise FanpinError(
            f"cannot read {path}: {error.strerror or error}",
            zh=f"无法读取 {path}：{reason_zh(error, writing=False)}",
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise FanpinError(
            f"{path} is a folder, not a roster file", zh=f"{path} 是文件夹，不是花名册文件"
        )
    if not stat.S_ISREG(info.st_mode):
        raise FanpinError(
            f"{path} is not a regular file (a pipe or a device); give a file",
            zh=f"{path} 不是普通文件（是管道或设备）：请给出一个文件",
        )
    if info.st_size == 0:
        raise FanpinError(f"{path.name} is empty (0 bytes)", zh=f"{path.name} 是空文件（0 字节）")


class _Reader:
    """Header finding and table building for one kind of file."""

    def __init__(
        self,
        fieldset: schema.FieldSet,
        required: Sequence[str],
        any_of: Sequence[str] = (),
        limits: Limits | None = None,
    ) -> None:
        self.fieldset = fieldset
        self.required = required
        self.any_of = any_of
        self.limits = limits or Limits()

    def excel(self, path: Path, sheet: str | None) -> Table:
        """The first sheet with a complete header (or ``sheet``); every sheet is checked
        against the limits (preflight) before a cell of it is read.

        The header is looked for in a sheet's first rows; only the chosen sheet's body is
        read on, and only its columns whose header is known are kept (``_SheetBody``).
        An .xlsx/.xlsm is streamed row by row when python-calamine-plus is installed
        (``fanpin[fast]``: constant memory), else read by python-calamine.
        """
        from python_calamine import CalamineWorkbook

        suffix = path.suffix.lower()
        if suffix == ".ods":
            check_ods(path, self.limits)
        check = WorkbookCheck(path, self.limits) if suffix in ZIP_SUFFIXES else None
        try:
            try:
                workbook = CalamineWorkbook.from_path(str(path))
            except Exception as error:  # calamine raises several unrelated types
                raise _unreadable_excel(path, error) from error
            names = workbook.sheet_names
            if sheet is not None and sheet not in names:
                listing = ", ".join(printable(n) for n in names)
                raise FanpinError(
                    f"{path.name}: no sheet named '{sheet}'; sheets are: {listing}",
                    zh=f"{path.name}：没有名为 '{sheet}' 的工作表；现有工作表：{listing}",
                )
            streams = _streaming_workbook(path) if check is not None and check.archive else None
            best: tuple[int, str, _Header | None] = (-1, "", None)
            for name in [sheet] if sheet is not None else names:
                extent = check.sheet(name) if check is not None else None  # over the limits?
                where = f"{path.name}, sheet '{printable(name)}'"
                if streams is not None and check is not None and extent is not None:
                    merged = check.merged.get(name, [])
                    rows = _streamed_rows(streams, name, merged, extent.rows, where)
                else:
                    rows = _loaded_rows(workbook, name, self.limits, where)
                with rows:
                    header = self.find_header(rows.head)
                    if header is None:
                        continue
                    if self.complete(header):
                        body = _SheetBody(rows, sorted(header.names), header.row + 1, where)
                        return self.build(path, name, body, header)
                    if len(header.names) > best[0]:
                        best = (len(header.names), name, header)
        finally:
            if check is not None:
                check.close()
        if best[2] is None:
            raise self.no_header(path, f"sheet '{sheet}'" if sheet else "any sheet")
        raise self.missing_columns(path, best[1], best[2])

    def rows(self, path: Path, sheet: str, rows: Cells) -> Table:
        if len(rows) == 0:
            raise FanpinError(
                f"{path.name} is empty: no rows", zh=f"{path.name} 是空的：没有任何行"
            )
        if isinstance(rows, pd.DataFrame):
            header = self.find_header(rows.iloc[:HEADER_SEARCH_ROWS].to_numpy().tolist())
        else:
            header = self.find_header(rows)
        if header is None:
            raise self.no_header(path, "the file")
        if not self.complete(header):
            raise self.missing_columns(path, sheet, header)
        return self.build(path, sheet, rows, header)

    def parquet(self, path: Path) -> Table:
        """A Parquet file's known columns; text columns are read as Arrow dictionaries, so
        their distinct cells (validation's first step) come from the file, not from
        hashing every cell."""
        _check_parquet(path, self.limits)
        try:
            layout = _parquet_schema(path)
            header = self.match_headers([list(layout.names)], 0)
            if not self.complete(header):
                raise self.missing_columns(path, path.name, header)
            columns, distinct = _parquet_columns(path, layout, header)
        except (FanpinError, MemoryError, OSError):
            raise
        except Exception as error:
            raise FanpinError(
                f"{path.name} cannot be read as Parquet ({_error_text(error)})",
                zh=f"{path.name} 无法作为 Parquet 文件读取（{_error_text(error)}）",
            ) from error
        frame = pd.DataFrame(columns, copy=False)
        frame[ROW] = range(2, len(frame) + 2)
        table = Table(frame, self.fieldset, path, path.name, _written(header), 1, header.unknown)
        for name, (codes, uniques) in distinct.items():
            table._distinct[name] = (codes, uniques, frame[name].to_numpy())
        return table

    def complete(self, header: _Header) -> bool:
        found = set(header.names.values())
        return all(r in found for r in self.required) and (
            not self.any_of or any(a in found for a in self.any_of)
        )

    def find_header(self, rows: Grid) -> _Header | None:
        """The row among the first ones that names the most known fields."""
        best: _Header | None = None
        for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
            candidate = self.match_headers(rows, index)
            if len(candidate.names) >= 2 and (
                best is None or len(candidate.names) > len(best.names)
            ):
                best = candidate
        return best

    def match_headers(self, rows: Grid, index: int) -> _Header:
        """Match the header cells of row ``index``, falling back to the row above.

        Two-level exports merge group titles (基本信息, 收入情况) over several columns
        in the upper row, and merge fields such as 户编号 vertically, so their text
        sits in the upper row while the lower row is empty.
        """
        match = self.fieldset.match
        row = rows[index]
        above = rows[index - 1] if index > 0 else []
        names: dict[int, str] = {}
        written: dict[int, str] = {}
        unknown: list[str] = []
        for position, cell in enumerate(row):
            text = cell if isinstance(cell, str) and cell.strip() else None
            if text is None and position < len(above):
                upper = above[position]
                text = upper if isinstance(upper, str) and match(upper) else None
            if text is None:
                continue
            name = match(text)
            if name is None:
                unknown.append(text.strip())
            elif name not in names.values():
                names[position] = name
                written[position] = text.strip()
        return _Header(index, names, written, unknown)

    def build(
        self,
        path: Path,
        sheet: str,
        rows: Cells | _SheetBody,
        header: _Header,
        merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    ) -> Table:
        distinct: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if isinstance(rows, _SheetBody):
            columns, distinct = rows.columns()
        else:
            every = _body_columns(rows, header.row + 1)
            columns = {p: c for p, c in enumerate(every) if p in header.names}
            _fill_merged_down(columns, merged, header.row + 1)
        data = {
            name: pd.Series(columns[position], dtype=object, copy=False)
            for position, name in header.names.items()
            if position in columns
        }
        # A sheet's columns are this reader's own arrays: the frame takes them as they are.
        frame = pd.DataFrame(data, copy=not isinstance(rows, _SheetBody))
        first_excel_row = header.row + 2
        frame[ROW] = range(first_excel_row, first_excel_row + len(frame))
        frame, kept = _drop_blank_rows(frame, list(data))
        if frame.empty:
            raise FanpinError(
                f"{path.name}: sheet '{sheet}' has a header but no data rows",
                zh=f"{path.name}：工作表 '{sheet}' 只有表头，没有数据行",
            )
        table = Table(
            frame, self.fieldset, path, sheet, _written(header), header.row + 1, header.unknown
        )
        for position, (codes, uniques) in distinct.items():
            name = header.names[position]
            codes = codes if kept is None else codes[kept]
            table._distinct[name] = (codes, uniques, frame[name].to_numpy())
        return table

    def no_header(self, path: Path, where: str) -> FanpinError:
        expected = ", ".join(
            f"{self.fieldset.by_name[r].header} ({r})" for r in (*self.required, *self.any_of)
        )
        headers = "、".join(self.fieldset.by_name[r].header for r in (*self.required, *self.any_of))
        return FanpinError(
            f"{path.name}: no {self.fieldset.kind} header found in the first "
            f"{HEADER_SEARCH_ROWS} rows of {where}; expected headers such as {expected}",
            zh=f"{path.name}：在{_zh_where(where)}的前 {HEADER_SEARCH_ROWS} 行中找不到表头；"
            f"应有 {headers} 等列：请检查是否选对了文件和工作表",
        )

    def missing_columns(self, path: Path, sheet: str, header: _Header) -> FanpinError:
        found = set(header.names.values())
        missing = [r for r in self.required if r not in found]
        written = [header.written[p] for p in sorted(header.written)] + header.unknown
        named = ", ".join(f"{self.fieldset.by_name[m].header} ({m})" for m in missing)
        if self.any_of and not any(a in found for a in self.any_of):
            either = " or ".join(f"{self.fieldset.by_name[a].header} ({a})" for a in self.any_of)
            named = ", ".join(filter(None, (named, either)))
        where = path.name if sheet == path.name else f"{path.name}, sheet '{sheet}'"
        missing_zh = "、".join(self.fieldset.by_name[m].header for m in missing)
        if self.any_of and not any(a in found for a in self.any_of):
            either = " 或 ".join(self.fieldset.by_name[a].header for a in self.any_of)
            missing_zh = "、".join(filter(None, (missing_zh, either)))
        return FanpinError(
            f"{where}: missing column {named}; found: {', '.join(written) or 'no headers'}",
            zh=f"{_zh_where(where)}：缺少 {missing_zh} 列；"
            f"现有列：{'、'.join(written) or '无表头'}",
        )


def _body_columns(rows: Cells, first: int) -> list[np.ndarray]:
    """The cells below the header, one object array per column."""
    if isinstance(rows, pd.DataFrame):  # CSV through pandas' parser: columns already
        return [rows[c].to_numpy(dtype=object)[first:] for c in rows.columns]
    body = rows[first:]
    if isinstance(body, np.ndarray):  # a sheet read by calamine: column-major already
        return list(body.T)
    width = max((len(r) for r in body), default=0)
    if any(len(r) != width for r in body):
        body = [[*r, *[""] * (width - len(r))] for r in body]
    # One 2-D object array, then column slices: much cheaper than zip(*rows).
    cells = np.empty((len(body), width), dtype=object)
    if len(body):
        cells[:] = body
    return list(cells.T)


# Rows of a sheet's body gathered at a time before they become column pieces: large
# enough for numpy to do the work, small enough that one piece's cells stay cheap.
CHUNK_ROWS = 16384
_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)


class _SheetRows:
    """A sheet's rows from row 1, each a list of cells from column ``first_column``: the
    first ``HEADER_SEARCH_ROWS`` (``head``, padded to start at column A) and the rest
    (``rest``, an iterator). A context manager: leaving it frees the reader's copy."""

    def __init__(
        self,
        head: list[list[object]],
        rest: Iterator[list[object]],
        first_column: int,
        merged: Sequence[Merged],
        integers: bool,
        close: Callable[[], None],
        height: int = 0,
    ) -> None:
        self.head = head
        self.rest = rest
        self.first_column = first_column
        self.merged = merged
        self.height = height  # rows expected, from row 1 (0: unknown)
        self.integers = integers  # whole numbers come as int: made float, as calamine gives
        self._close = close

    def __enter__(self) -> _SheetRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()


def _head_and_rest(
    rows: Iterator[Sequence[object]], first_column: int, where: str
) -> tuple[list[list[object]], Iterator[list[object]]]:
    head: list[list[object]] = []
    try:
        for row in rows:
            head.append([*[""] * first_column, *row])
            if len(head) == HEADER_SEARCH_ROWS:
                break
    except Exception as error:  # a damaged part found while reading
        raise _unreadable_sheet(where, error) from None
    return head, iter(rows)  # type: ignore[arg-type]


def _loaded_rows(workbook: Any, name: str, limits: Limits, where: str) -> _SheetRows:
    """The rows of a sheet python-calamine has loaded whole; a sheet larger than the cell
    limit is refused before its cells are copied (for formats the preflight cannot look
    into: .xls, .xlsb). ``iter_rows`` starts at row 1 but at the first used column."""
    try:
        worksheet = workbook.get_sheet_by_name(name)
    except Exception as error:  # a damaged part, calamine's own cell limit …
        raise _unreadable_sheet(where, error) from None
    if worksheet.start is None:
        return _SheetRows([], iter(()), 0, [], False, lambda: None)
    shape = (worksheet.total_height + 1, worksheet.total_width + 1)
    if shape[0] * shape[1] > limits.cells:
        raise FanpinError(
            f"{where}: its cells span {shape[0]:,} rows × {shape[1]:,} columns, over the limit "
            f"of {limits.cells:,} cells ({limits.variable('cells')}); delete the rows and "
            "columns beyond the data (Ctrl+End in Excel shows the last used cell), or raise "
            "the limit",
            zh=f"{_zh_where(where)}：单元格范围达 {shape[0]:,} 行 × {shape[1]:,} 列，超过 "
            f"{limits.cells:,} 个单元格的上限（{limits.variable('cells')}）：请删除数据以外的"
            "行和列（在 Excel 中按 Ctrl+End 可看到最后使用的单元格），或调高上限",
        )
    first_column = worksheet.start[1]
    merged = list(worksheet.merged_cell_ranges or ())
    head, rest = _head_and_rest(worksheet.iter_rows(), first_column, where)
    holder = [worksheet]

    def close() -> None:
        holder.clear()  # calamine's copy of the cells goes with the last reference

    del worksheet
    return _SheetRows(head, rest, first_column, merged, False, close, shape[0])


def _streaming_workbook(path: Path) -> Any:
    """The workbook opened for streaming when python-calamine-plus is installed (and not
    turned off with FANPIN_XLSX_READER=calamine), else None."""
    if path.suffix.lower() not in STREAMED_SUFFIXES:
        return None
    if os.environ.get("FANPIN_XLSX_READER", "").strip().lower() == "calamine":
        return None
    try:
        from python_calamine_plus import CalamineWorkbook
    except ImportError:
        return None
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception:  # python-calamine, which opened it already, says what is wrong
        return None


def _streamed_rows(
    workbook: Any, name: str, merged: Sequence[Merged], height: int, where: str
) -> _SheetRows:
    """Rows decoded from the file as they are read (python-calamine-plus): the sheet is
    never whole in memory. Merged ranges come from the preflight's pass over the sheet."""
    try:
        stream = workbook.stream_sheet_by_name(name)
    except Exception as error:
        raise _unreadable_sheet(where, error) from None
    head, rest = _head_and_rest(stream, 0, where)
    return _SheetRows(head, rest, 0, merged, True, lambda: None, height)


def _unreadable_sheet(where: str, error: Exception) -> FanpinError:
    return FanpinError(
        f"{where} cannot be read ({_error_text(error)}); open the file in Excel and save it again",
        zh=f"{_zh_where(where)} 无法读取（{_error_text(error)}）：请用 Excel 打开该文件并重新保存",
    )


def _zh_where(where: str) -> str:
    """A place named in English ("a.xlsx, sheet '花名册'", "any sheet") in Chinese."""
    for english, chinese in (
        (", sheet '", " 的工作表 '"),
        ("sheet '", "工作表 '"),
        ("any sheet", "各工作表"),
        ("the file", "文件"),
    ):
        where = where.replace(english, chinese)
    return where


class _SheetBody:
    """The rows below a sheet's header, read on from ``_SheetRows``, as one object array
    per kept column (absolute column position → cells).

    Rows are gathered ``CHUNK_ROWS`` at a time into a 2-D array, the kept columns cut
    out, and within each piece every text is replaced by one shared object per distinct
    text: a roster repeats its townships, villages and answers thousands of times, and
    the cells then cost a pointer each instead of a string each.
    """

    def __init__(self, rows: _SheetRows, keep: Sequence[int], first: int, where: str) -> None:
        self.rows = rows
        self.keep = list(keep)
        self.first = first  # index among the rows read (0-based) of the body's first row
        self.where = where

    def columns(self) -> tuple[dict[int, np.ndarray], dict[int, tuple[np.ndarray, np.ndarray]]]:
        """The kept columns' cells, and each one's distinct cells (``pandas.factorize``)."""
        rows = self.rows
        offset = rows.first_column
        relative = np.array([p - offset for p in self.keep], dtype=np.int64)
        width = int(relative.max()) + 1 if len(relative) else 0
        # Each kept column's cells and codes, filled piece by piece into arrays made for
        # the rows expected (grown if there are more); each piece's distinct cells.
        size = max(rows.height - self.first, CHUNK_ROWS)
        cells = [np.empty(size, dtype=object) for _ in self.keep]
        codes = [np.empty(size, dtype=np.int32) for _ in self.keep]
        found: list[list[np.ndarray]] = [[] for _ in self.keep]
        bounds: list[int] = [0]  # where each piece starts, then the end
        head = [row[offset:] for row in rows.head[self.first :]]
        block = np.empty((CHUNK_ROWS, width), dtype=object)
        filled = 0

        def cut(count: int) -> None:
            start, stop = bounds[-1], bounds[-1] + count
            if stop > len(cells[0]):
                grown = max(stop, 2 * len(cells[0]))
                for i in range(len(cells)):
                    cells[i] = np.concatenate([cells[i], np.empty(grown - len(cells[i]), object)])
                    codes[i] = np.concatenate([codes[i], np.empty(grown - len(codes[i]), np.int32)])
            piece = block[:count, relative]  # a copy of the kept columns: the block is reused
            for i, (piece_codes, uniques) in enumerate(_shared_texts(piece, rows.integers)):
                cells[i][start:stop] = piece[:, i]
                codes[i][start:stop] = piece_codes
                found[i].append(uniques)
            bounds.append(stop)

        try:
            for row in itertools.chain(head, rows.rest):
                if filled == CHUNK_ROWS:
                    cut(filled)
                    filled = 0
                length = len(row)
                if length >= width:
                    block[filled] = row[:width] if length > width else row
                else:
                    block[filled, :length] = row
                    block[filled, length:] = ""
                filled += 1
        except FanpinError:
            raise
        except Exception as error:  # a damaged part found while streaming
            raise _unreadable_sheet(self.where, error) from None
        if filled or len(bounds) == 1:
            cut(filled)
        total = bounds[-1]
        columns: dict[int, np.ndarray] = {}
        distinct: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for i, position in enumerate(self.keep):
            uniques = _merge_pieces(codes[i], bounds, found[i])
            columns[position] = cells[i][:total]
            distinct[position] = (codes[i][:total], uniques)
            found[i] = []
        _fill_merged_down(columns, rows.merged, self.first)
        _fill_merged_down({p: codes for p, (codes, _) in distinct.items()}, rows.merged, self.first)
        return columns, distinct


def _merge_pieces(codes: np.ndarray, bounds: Sequence[int], pieces: list[np.ndarray]) -> np.ndarray:
    """One column's factorisation from its pieces': ``codes`` holds each piece's own codes
    (piece ``k`` from ``bounds[k]``), made the whole column's in place; returns its
    distinct values. The same as ``pandas.factorize`` of the whole column (values in order
    of first appearance, equal values one code), worked out from the distinct values."""
    if len(pieces) == 1:
        return pieces[0]
    to_whole, uniques = pd.factorize(np.concatenate(pieces))
    to_whole = to_whole.astype(np.int32)
    first = 0
    for k, piece in enumerate(pieces):
        mapping = np.append(to_whole[first : first + len(piece)], np.int32(-1))
        part = slice(bounds[k], bounds[k + 1])
        codes[part] = mapping[codes[part]]  # -1 (none expected) stays -1
        first += len(piece)
    return np.asarray(uniques, dtype=object)


def _shared_texts(piece: np.ndarray, integers: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """``piece`` (rows × columns of cells) changed in place so that equal texts share one
    object; with ``integers``, whole numbers as float and Excel's error values as blank,
    as python-calamine gives them. Returns each column's (codes, distinct values)."""
    distinct: list[tuple[np.ndarray, np.ndarray]] = []
    for column in range(piece.shape[1]):
        cells = piece[:, column]
        # Factorised by equality, under which 1 == 1.0 == True: only texts are replaced
        # (a reader gives no None or NaN; code -1 would be one, and is left alone).
        found_codes, uniques = pd.factorize(cells)
        codes: np.ndarray = found_codes.astype(np.int32)  # kept until the column is whole
        items = uniques.tolist()
        try:  # a column of text only (the usual case): one C-level test
            "".join(items)
            text = np.ones(len(items), dtype=bool)
        except TypeError:
            text = np.fromiter((type(u) is str for u in items), dtype=bool, count=len(items))
        repeated = False  # an error value made "", which may be there already
        if integers:
            errors = np.zeros(len(items), dtype=bool)
            if not _EXCEL_ERRORS.isdisjoint(items):
                errors = np.fromiter((u in _EXCEL_ERRORS for u in items), bool, len(items))
                errors &= text
            whole = np.zeros(len(items), dtype=bool)
            if not text.all():
                whole[~text] = [type(u) is int for u in uniques[~text]]
            if errors.any() or whole.any():
                values = np.asarray(uniques, dtype=object).copy()
                values[errors] = ""
                values[whole] = [float(v) for v in values[whole]]
                text |= errors | whole  # the replacement is made for every such cell
                uniques = values
                repeated = bool(errors.any())
        uniques = np.asarray(uniques, dtype=object)
        shared = text[codes] & (codes >= 0)
        if shared.all():
            piece[:, column] = uniques[codes]
        elif shared.any():
            piece[shared, column] = uniques[codes[shared]]
        if repeated:
            to_new, uniques = pd.factorize(uniques)
            codes = np.append(to_new.astype(np.int32), np.int32(-1))[codes]
            uniques = np.asarray(uniques, dtype=object)
        distinct.append((codes, uniques))
    return distinct


def _error_text(error: Exception) -> str:
    """A library's exception as one short line: no control characters, no file contents."""
    return capped(printable(" ".join(str(error).split())), 160) or type(error).__name__


def _unreadable_excel(path: Path, error: Exception) -> FanpinError:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_SIGNATURE and path.suffix.lower() in {".xlsx", ".xlsm"}:
        return FanpinError(
            f"{path.name} is password-protected (encrypted); open it in Excel, remove the "
            "password (文件 → 信息 → 保护工作簿 → 用密码进行加密) and save it again",
            zh=f"{path.name} 设有密码（已加密）：请用 Excel 打开，去掉密码"
            "（文件 → 信息 → 保护工作簿 → 用密码进行加密）后重新保存",
        )
    return FanpinError(
        f"{path.name} cannot be read as an Excel workbook ({_error_text(error)}); "
        "is it damaged or mislabelled?",
        zh=f"{path.name} 无法作为 Excel 工作簿读取（{_error_text(error)}）：文件可能已损坏，"
        "或扩展名与内容不符；请用 Excel 打开并重新保存",
    )


def _parquet_schema(path: Path) -> Any:
    """The file's Arrow schema (its column names and types), from the footer."""
    try:
        import pyarrow.parquet as pq
    except ImportError as error:
        raise FanpinError(
            "reading Parquet needs pyarrow: pip install 'fanpin[parquet]'",
            zh="读取 Parquet 文件需要 pyarrow：请运行 pip install 'fanpin[parquet]'",
        ) from error
    return pq.read_schema(path)


def _parquet_columns(
    path: Path, layout: Any, header: _Header
) -> tuple[dict[str, pd.Series], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """The known columns (canonical name → cells), and each text column's distinct cells
    as ``pandas.factorize`` gives them (codes per row, -1 when blank; distinct values in
    order of first appearance), from the dictionaries the file is read into. A text
    column's cells are one shared object per distinct text, blank as None."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = layout.names
    wanted = {names[position]: name for position, name in header.names.items()}
    if len(set(names)) < len(names):  # the same header twice: read by position instead
        whole = pq.ParquetFile(path).read()
        chosen = {name: whole.column(position) for position, name in header.names.items()}
    else:
        texts = [
            n
            for n in wanted
            if pa.types.is_string(t := layout.field(n).type) or pa.types.is_large_string(t)
        ]
        read = pq.read_table(path, columns=list(wanted), read_dictionary=texts)
        chosen = {name: read.column(written) for written, name in wanted.items()}
    columns: dict[str, pd.Series] = {}
    distinct: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, column in chosen.items():
        if not pa.types.is_dictionary(column.type):
            columns[name] = column.to_pandas()
            continue
        codes, uniques = _dictionary_codes(column)
        blank = np.array([None], dtype=object)
        cells = np.concatenate([uniques, blank])[codes]  # -1 (blank) takes the None at the end
        columns[name] = pd.Series(cells, dtype=object, copy=False)
        distinct[name] = (codes, uniques)
    return columns, distinct


def _dictionary_codes(column: Any) -> tuple[np.ndarray, np.ndarray]:
    """A dictionary-encoded Arrow column (chunks of indices into their own dictionaries)
    as ``pandas.factorize`` gives it: one set of codes, values in order of first use."""
    bounds, pieces = [0], []
    codes = np.empty(len(column), dtype=np.int32)
    for chunk in column.chunks:
        stop = bounds[-1] + len(chunk)
        indices = chunk.indices.fill_null(-1) if chunk.null_count else chunk.indices
        codes[bounds[-1] : stop] = indices.to_numpy()
        pieces.append(np.asarray(chunk.dictionary.to_numpy(zero_copy_only=False), dtype=object))
        bounds.append(stop)
    uniques = _merge_pieces(codes, bounds, pieces) if pieces else np.empty(0, dtype=object)
    # Writers put values in the dictionary as they first meet them, each one used: then
    # the codes are factorize's already (each value's first row after the one before's).
    first_row = np.full(len(uniques) + 1, len(codes), dtype=np.int64)
    np.minimum.at(first_row, codes + 1, np.arange(len(codes)))  # [0]: the blanks'
    if (first_row[1:] < len(codes)).all() and (np.diff(first_row[1:]) > 0).all():
        return codes, uniques
    used = codes[codes >= 0]
    order, first_used = pd.factorize(used)
    codes[codes >= 0] = order
    return codes, np.asarray(uniques[first_used], dtype=object)


def _check_parquet(path: Path, limits: Limits) -> None:
    """Rows × columns and the unpacked size from the Parquet footer, before reading."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return  # pandas says it needs pyarrow
    try:
        metadata = pq.ParquetFile(path).metadata
    except Exception as error:
        raise FanpinError(
            f"{path.name} cannot be read as Parquet ({_error_text(error)})",
            zh=f"{path.name} 无法作为 Parquet 文件读取（{_error_text(error)}）",
        ) from None
    check_cells(path, metadata.num_rows, metadata.num_columns, limits)
    unpacked = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if unpacked > 4 * limits.unzipped_bytes:
        raise FanpinError(
            f"{path.name} unpacks to {unpacked / 2**20:,.0f} MB, over 4 × the limit of "
            f"{limits.unzipped_mb:,} MB ({limits.variable('unzipped_mb')}); split it or raise "
            "the limit",
            zh=f"{path.name} 解压后有 {unpacked / 2**20:,.0f} MB，"
            f"超过上限 {limits.unzipped_mb:,} MB 的 4 倍（{limits.variable('unzipped_mb')}）："
            "请拆分文件或调高上限",
        )


def _csv_rows(path: Path, text: str, limits: Limits) -> Cells:
    """The cells of a CSV file, blank lines kept so row numbers stay true.

    A frame of text columns from pandas' C parser or, for files it cannot take,
    rows from the csv module. An unclosed quote (which would swallow the rest of
    the file into one cell) is an error naming its line.
    """
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    if dialect.delimiter not in ",\t;|" or dialect.quotechar not in ('"', "'"):
        dialect = csv.excel
    lines = text.count("\n") + 1
    width = max((len(r) for r in csv.reader(io.StringIO(sample), dialect)), default=1)
    check_cells(path, lines, width, limits)
    try:
        return _csv_cells_fast(text, dialect)
    except (pd.errors.ParserError, ValueError):
        return _csv_cells_slow(path, text, dialect)


def _csv_cells_slow(
    path: Path, text: str, dialect: type[csv.Dialect] | csv.Dialect
) -> list[list[str]]:
    """The csv module's rows; a quote left open is refused, never merged into one cell."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a cell may be long
    quote = dialect.quotechar or '"'
    unclosed = (
        f"a quote ({quote}) opens a cell that never closes, so the rest of the file would be "
        "read as one cell; remove the stray quote or close it, and save again"
    )
    unclosed_zh = (
        f"有一个引号（{quote}）开始的单元格没有结束，文件其余部分会被读成一个单元格："
        "请删除多余的引号或补上配对的引号，再保存"
    )
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    start = 1
    try:
        for row in reader:
            if sum(cell.count("\n") for cell in row) > MULTILINE_CELL_LIMIT:
                raise FanpinError(
                    f"{path.name}, line {start}: {unclosed}",
                    zh=f"{path.name} 第 {start} 行：{unclosed_zh}",
                )
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as error:
        message = str(error)
        if "expected after" in message:  # "x"y: read leniently, as pandas' parser does
            return list(csv.reader(io.StringIO(text), dialect))
        if "unexpected end of data" in message:
            raise FanpinError(
                f"{path.name}, line {start}: {unclosed}",
                zh=f"{path.name} 第 {start} 行：{unclosed_zh}",
            ) from None
        raise FanpinError(
            f"{path.name}, line {start}: cannot be read as CSV ({_error_text(error)})",
            zh=f"{path.name} 第 {start} 行：无法作为 CSV 读取（{_error_text(error)}）",
        ) from None
    return rows


def _csv_cells_fast(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> pd.DataFrame:
    """pandas' C parser into a frame of text columns ("" for empty cells).

    Its width comes from the widest of the first lines (title rows above the header
    are narrower); a later, wider line raises ParserError and the caller falls back
    to the csv module. A quoted cell spanning lines also changes row numbers, so
    such files take the csv module too.
    """
    head = list(csv.reader(io.StringIO(text[:20000]), dialect))[:-1]
    if any("\n" in cell or "\r" in cell for row in head for cell in row):
        raise ValueError("multi-line cells")
    width = max((len(row) for row in head), default=1)
    frame = pd.read_csv(
        io.BytesIO(text.encode("utf-8")),  # bytes: the C parser then never calls back into Python
        encoding="utf-8",
        sep=dialect.delimiter,
        quotechar=dialect.quotechar or '"',
        header=None,
        names=range(width),
        dtype=object,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )
    return frame


def _decode(path: Path) -> str:
    """Decode CSV bytes: BOMs first, then strict UTF-8, then strict GB18030; never lossy.

    Errors name the offset, never the bytes (they may be ID numbers).
    """
    data = path.read_bytes()
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8", errors="strict")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            if len(data) % 2:
                raise FanpinError(
                    f"{path.name} is UTF-16 text of an odd number of bytes ({len(data):,}): "
                    "it is cut short or damaged; save it again from Excel as "
                    "'CSV UTF-8 (逗号分隔)'",
                    zh=f"{path.name} 是 UTF-16 文本，但字节数为奇数（{len(data):,}）：文件不完整"
                    "或已损坏；请在 Excel 中另存为“CSV UTF-8 (逗号分隔)”",
                )
            return data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise FanpinError(
            f"{path.name}: the text is not valid {error.encoding.upper()} (bad bytes at offset "
            f"{error.start}); save it again from Excel as 'CSV UTF-8 (逗号分隔)'",
            zh=f"{path.name}：文本不是有效的 {error.encoding.upper()} 编码（第 {error.start} 字节处"
            "有错）：请在 Excel 中重新另存为“CSV UTF-8 (逗号分隔)”",
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise FanpinError(
            f"{path.name}: the text is neither UTF-8 nor GBK/GB18030 (bad byte at offset "
            f"{error.start}); save it from Excel as 'CSV UTF-8 (逗号分隔)'",
            zh=f"{path.name}：文本既不是 UTF-8 也不是 GBK/GB18030 编码（第 {error.start} 字节处"
            "有错）：请在 Excel 中另存为“CSV UTF-8 (逗号分隔)”",
        ) from None


def _written(header: _Header) -> dict[str, str]:
    return {header.names[p]: header.written[p] for p in header.names}


def _fill_merged_down(
    columns: dict[int, np.ndarray],
    merged: Sequence[Merged],
    offset: int,
) -> None:
    """Hand-kept rosters merge a household's cells down its member rows; repeat the value.

    ``columns`` maps a sheet column (0-based) to its cells; ``merged`` holds 0-based sheet
    coordinates; ``offset`` is the sheet row of the columns' first cell.
    """
    height = len(next(iter(columns.values()))) if columns else 0
    for (top, left), (bottom, right) in merged:
        first, last = top - offset, bottom - offset
        if first < 0 or last <= first or first >= height:
            continue
        last = min(last, height - 1)
        for position in range(left, right + 1):
            column = columns.get(position)
            if column is not None:
                column[first + 1 : last + 1] = column[first]


def _drop_blank_rows(
    frame: pd.DataFrame, columns: Iterable[str]
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Rows with no value in any known column are spacing, not people: the frame without
    them, and which rows were kept (None: all)."""
    columns = list(columns)
    if not columns:
        return frame, None

    def blank_in(column: str, rows: pd.Index) -> pd.Series:
        cells = frame.loc[rows, column]
        return cells.isna() | (cells == "")

    # Test the first column everywhere, the others only where it is blank.
    candidates = frame.index[blank_in(columns[0], frame.index).to_numpy()]
    for column in columns[1:]:
        if candidates.empty:
            return frame, None
        candidates = candidates[blank_in(column, candidates).to_numpy()]
    if candidates.empty:
        return frame, None
    kept = ~frame.index.isin(candidates)
    return frame.loc[kept].reset_index(drop=True), kept
