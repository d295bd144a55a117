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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fanpin.errors import FanpinError
from fanpin.io import schema

HEADER_SEARCH_ROWS = 20
ROW = "_row"  # Excel (or CSV line) number of each record, 1-based, counting title rows
Grid = Sequence[Sequence[object]] | np.ndarray  # rows of cells: lists, or a 2-D object array
Cells = Grid | pd.DataFrame  # or a frame of text columns, as pandas' CSV parser makes them
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


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
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
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
    reader = _Reader(fieldset, required, any_of)
    path = Path(path)
    if not path.exists():
        raise FanpinError(f"file not found: {path}")
    if path.is_dir():
        raise FanpinError(f"{path} is a folder, not a roster file")
    if path.stat().st_size == 0:
        raise FanpinError(f"{path.name} is empty (0 bytes)")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        table = reader.excel(path, sheet)
    elif suffix in CSV_SUFFIXES:
        table = reader.rows(path, path.name, _csv_rows(path))
    elif suffix in PARQUET_SUFFIXES:
        table = reader.parquet(path)
    else:
        raise FanpinError(
            f"{path.name}: unsupported file type '{suffix}'; use .xlsx, .xls, .csv or .parquet"
        )
    table.sha256 = file_sha256(path)
    return table


class _Reader:
    """Header finding and table building for one kind of file."""

    def __init__(
        self, fieldset: schema.FieldSet, required: Sequence[str], any_of: Sequence[str] = ()
    ) -> None:
        self.fieldset = fieldset
        self.required = required
        self.any_of = any_of

    def excel(self, path: Path, sheet: str | None) -> Table:
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises several unrelated types
            raise FanpinError(_unreadable_excel_message(path, error)) from error
        names = workbook.sheet_names
        if sheet is not None and sheet not in names:
            listing = ", ".join(names)
            raise FanpinError(f"{path.name}: no sheet named '{sheet}'; sheets are: {listing}")
        best: tuple[int, str, _Header | None] = (-1, "", None)
        for name in [sheet] if sheet is not None else names:
            worksheet = workbook.get_sheet_by_name(name)
            rows = _sheet_cells(worksheet)
            merged = worksheet.merged_cell_ranges or ()
            del worksheet  # calamine's copy of the cells: free it before building columns
            header = self.find_header(rows)
            if header is None:
                continue
            if self.complete(header):
                return self.build(path, name, rows, header, merged)
            if len(header.names) > best[0]:
                best = (len(header.names), name, header)
        if best[2] is None:
            raise self.no_header(path, f"sheet '{sheet}'" if sheet else "any sheet")
        raise self.missing_columns(path, best[1], best[2])

    def rows(self, path: Path, sheet: str, rows: Cells) -> Table:
        if len(rows) == 0:
            raise FanpinError(f"{path.name} is empty: no rows")
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
        try:
            frame = pd.read_parquet(path)
        except ImportError as error:
            raise FanpinError(
                "reading Parquet needs pyarrow: pip install 'fanpin[parquet]'"
            ) from error
        except Exception as error:
            raise FanpinError(f"{path.name} cannot be read as Parquet ({error})") from error
        header = self.match_headers([list(frame.columns)], 0)
        if not self.complete(header):
            raise self.missing_columns(path, path.name, header)
        columns = {name: frame.iloc[:, position] for position, name in header.names.items()}
        table_frame = pd.DataFrame(columns)
        table_frame[ROW] = range(2, len(frame) + 2)
        return Table(
            table_frame, self.fieldset, path, path.name, _written(header), 1, header.unknown
        )

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
        rows: Cells,
        header: _Header,
        merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    ) -> Table:
        columns = _body_columns(rows, header.row + 1)
        _fill_merged_down(columns, merged, header.row + 1)
        data = {
            name: pd.Series(columns[position], dtype=object, copy=False)
            for position, name in header.names.items()
            if position < len(columns)
        }
        frame = pd.DataFrame(data)
        first_excel_row = header.row + 2
        frame[ROW] = range(first_excel_row, first_excel_row + len(frame))
        frame = _drop_blank_rows(frame, list(data))
        if frame.empty:
            raise FanpinError(f"{path.name}: sheet '{sheet}' has a header but no data rows")
        return Table(
            frame, self.fieldset, path, sheet, _written(header), header.row + 1, header.unknown
        )

    def no_header(self, path: Path, where: str) -> FanpinError:
        expected = ", ".join(
            f"{self.fieldset.by_name[r].header} ({r})" for r in (*self.required, *self.any_of)
        )
        return FanpinError(
            f"{path.name}: no {self.fieldset.kind} header found in the first "
            f"{HEADER_SEARCH_ROWS} rows of {where}; expected headers such as {expected}"
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
        return FanpinError(
            f"{where}: missing column {named}; found: {', '.join(written) or 'no headers'}"
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


def _sheet_cells(worksheet: Any) -> np.ndarray:
    """Every cell from A1, as one column-major object array filled row by row.

    Streaming the rows (rather than ``to_python``'s list of lists) keeps one copy
    of the cells, and column-major order lets each column become a Series without
    a copy. ``iter_rows`` starts at row 1 but at the first used column.
    """
    if worksheet.start is None:
        return np.empty((0, 0), dtype=object)
    first_column = worksheet.start[1]
    shape = (worksheet.total_height + 1, worksheet.total_width + 1)
    cells = np.empty(shape, dtype=object, order="F")
    cells.fill("")
    for index, row in enumerate(worksheet.iter_rows()):
        cells[index, first_column : first_column + len(row)] = row
    return cells


def _unreadable_excel_message(path: Path, error: Exception) -> str:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_SIGNATURE and path.suffix.lower() in {".xlsx", ".xlsm"}:
        return (
            f"{path.name} is password-protected (encrypted); open it in Excel, remove the "
            "password (文件 → 信息 → 保护工作簿 → 用密码进行加密) and save it again"
        )
    return (
        f"{path.name} cannot be read as an Excel workbook ({error}); is it damaged or mislabelled?"
    )


def _csv_rows(path: Path) -> Cells:
    """The cells of a CSV file, blank lines kept so row numbers stay true.

    A frame of text columns from pandas' C parser or, for files it cannot take,
    rows from the csv module.
    """
    text = _decode(path)
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    try:
        return _csv_cells_fast(text, dialect)
    except (pd.errors.ParserError, ValueError):
        return list(csv.reader(io.StringIO(text), dialect))


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
    """Decode CSV bytes: BOMs first, then strict UTF-8, then strict GB18030; never lossy."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise FanpinError(
            f"{path.name}: the text is neither UTF-8 nor GBK/GB18030 (bad byte at offset "
            f"{error.start}); save it from Excel as 'CSV UTF-8 (逗号分隔)'"
        ) from error


def _written(header: _Header) -> dict[str, str]:
    return {header.names[p]: header.written[p] for p in header.names}


def _fill_merged_down(
    columns: list[np.ndarray],
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    offset: int,
) -> None:
    """Hand-kept rosters merge a household's cells down its member rows; repeat the value.

    ``merged`` holds 0-based sheet coordinates; ``offset`` is the sheet row of the
    columns' first cell.
    """
    height = len(columns[0]) if columns else 0
    for (top, left), (bottom, right) in merged:
        first, last = top - offset, bottom - offset
        if first < 0 or last <= first or first >= height:
            continue
        last = min(last, height - 1)
        for column in columns[left : right + 1]:
            column[first + 1 : last + 1] = column[first]


def _drop_blank_rows(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Rows with no value in any known column are spacing, not people."""
    columns = list(columns)
    if not columns:
        return frame

    def blank_in(column: str, rows: pd.Index) -> pd.Series:
        cells = frame.loc[rows, column]
        return cells.isna() | (cells == "")

    # Test the first column everywhere, the others only where it is blank.
    candidates = frame.index[blank_in(columns[0], frame.index).to_numpy()]
    for column in columns[1:]:
        if candidates.empty:
            return frame
        candidates = candidates[blank_in(column, candidates).to_numpy()]
    if candidates.empty:
        return frame
    return frame.drop(index=candidates).reset_index(drop=True)
