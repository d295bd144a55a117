"""Checks on a file against the limits before a reader allocates anything for it.

A workbook (.xlsx, .xlsm, .xlsb, .ods) is a zip: its entry count and unzipped
size are checked first, then each sheet's XML is streamed once, in chunks, to
find its used area — the last row and column of a cell that holds a value —
because that, not the file size, is what a reader allocates (calamine allocates
the rectangle from A1 to the last such cell: one cell at XFD1048576 in a 6 KB
file is 17 billion cells). A sheet whose used area is over the cell limit, or
that spans over a million cells but is less than a tenth filled (stray content
far from the data), is refused with a message that says where the stray cells
are and how to remove them.

Assumption: cells carry their reference (``r="B7"``), as every spreadsheet
program writes them; the reader places cells without one after the previous.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

import numpy as np

from fanpin.errors import FanpinError
from fanpin.io.limits import Limits

HUGE = 10**9  # a row or column number past any sheet's end
SPARSE_FLOOR = 1_000_000  # cells: below this, a sparse sheet is cheap to read anyway
SPARSE_SHARE = 0.1  # a larger used area must be at least this share filled
CHUNK = 4 << 20  # bytes of XML scanned at a time
SMALL_PART = 16 << 20  # workbook.xml and relationships: more than this is not a workbook
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".ods"}
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Extent:
    """A sheet's used area: its last row and column holding a value, and how many cells do."""

    rows: int = 0
    columns: int = 0
    values: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


# A merged range as calamine gives it: ((first row, first column), (last row, last column)),
# 0-based.
Merged = tuple[tuple[int, int], tuple[int, int]]
_MERGE_CELL = re.compile(
    rb'<mergeCell [^>]*?ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"'
)


def merged_ranges(block: bytes) -> list[Merged]:
    """The merged ranges named in a piece of sheet XML."""
    found: list[Merged] = []
    for match in _MERGE_CELL.finditer(block):
        left, top = _column_number(match.group(1).decode()) - 1, int(match.group(2)) - 1
        right = _column_number(match.group(3).decode()) - 1 if match.group(3) else left
        bottom = int(match.group(4)) - 1 if match.group(4) else top
        found.append(((top, left), (bottom, right)))
    return found


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


class WorkbookCheck:
    """A zip workbook opened for checking: entries and unzipped size checked at once,
    each sheet's used area on request (``sheet``)."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.archive: zipfile.ZipFile | None
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError):
            self.archive = None  # not a zip (an .xls saved as .xlsx …): the reader says so
            self.parts: dict[str, str] = {}
            return
        entries = self.archive.infolist()
        if len(entries) > limits.zip_entries:
            raise FanpinError(
                f"{path.name} holds {len(entries):,} files inside its zip, over the limit of "
                f"{limits.zip_entries:,} ({limits.variable('zip_entries')}); it is not a "
                "normal workbook: open it in Excel and save it again",
                zh=f"{path.name} 的压缩包内有 {len(entries):,} 个文件，超过上限 "
                f"{limits.zip_entries:,}（{limits.variable('zip_entries')}）：这不是正常的工作簿，"
                "请用 Excel 打开并重新保存",
            )
        unzipped = sum(e.file_size for e in entries)
        if unzipped > limits.unzipped_bytes:
            raise FanpinError(
                f"{path.name} unzips to {unzipped / 2**20:,.0f} MB, over the limit of "
                f"{limits.unzipped_mb:,} MB ({limits.variable('unzipped_mb')}); a workbook "
                "that large is damaged or a zip bomb (raise the limit if it is real data)",
                zh=f"{path.name} 解压后有 {unzipped / 2**20:,.0f} MB，超过上限 "
                f"{limits.unzipped_mb:,} MB（{limits.variable('unzipped_mb')}）：这么大的工作簿"
                "可能已损坏或是恶意文件（若确是真实数据，请调高上限）",
            )
        self.parts = self._sheet_parts()
        self.merged: dict[str, list[Merged]] = {}  # sheet name -> its merged ranges, once scanned
        self._merged_in: dict[str, list[Merged]] = {}  # sheet part -> the same
        self._read_through("xl/styles.xml")
        self._read_through("xl/sharedStrings.xml")

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def sheet(self, name: str) -> Extent:
        """The used area of sheet ``name``; FanpinError when it is over the limits."""
        if self.archive is None:
            return Extent()
        part = self.parts.get(name)
        parts = [part] if part is not None else self._all_sheet_parts()
        extent = Extent()
        for member in parts:
            found = self._scan_sheet(member)
            extent = Extent(
                max(extent.rows, found.rows),
                max(extent.columns, found.columns),
                extent.values + found.values,
            )
        self.merged[name] = [m for member in parts for m in self._merged_in.get(member, [])]
        self._check(name, extent)
        return extent

    def _check(self, name: str, extent: Extent) -> None:
        where = f"{self.path.name}, sheet '{name}'"
        last = f"{column_letters(extent.columns)}{extent.rows}"
        fix = (
            "press Ctrl+End in Excel to find the last used cell, delete the rows and columns "
            "beyond the data, and save"
        )
        where_zh = f"{self.path.name} 的工作表 '{name}'"
        if name == "all sheets":
            where_zh = f"{self.path.name} 的全部工作表"
        fix_zh = "请在 Excel 中按 Ctrl+End 找到最后使用的单元格，删除数据以外的行和列，再保存"
        if extent.cells > self.limits.cells:
            raise FanpinError(
                f"{where}: its cells reach {last} ({extent.cells:,} cells from A1), over the "
                f"limit of {self.limits.cells:,} ({self.limits.variable('cells')}); {fix}, "
                "or raise the limit for real data that large",
                zh=f"{where_zh}：单元格一直用到 {last}（从 A1 起 {extent.cells:,} 个单元格），"
                f"超过上限 {self.limits.cells:,}（{self.limits.variable('cells')}）：{fix_zh}；"
                "若确是这么大的真实数据，请调高上限",
            )
        if extent.cells > SPARSE_FLOOR and extent.values < SPARSE_SHARE * extent.cells:
            raise FanpinError(
                f"{where}: its cells reach {last} ({extent.cells:,} cells from A1) but only "
                f"{extent.values:,} hold a value: stray content far from the data; {fix}",
                zh=f"{where_zh}：单元格一直用到 {last}（从 A1 起 {extent.cells:,} 个单元格），"
                f"但只有 {extent.values:,} 个有值，远离数据处有零散内容：{fix_zh}",
            )

    def _read_small(self, member: str) -> bytes | None:
        assert self.archive is not None
        try:
            info = self.archive.getinfo(member)
        except KeyError:
            return None
        if info.file_size > SMALL_PART:
            raise FanpinError(
                f"{self.path.name}: {member} is too large for a workbook part",
                zh=f"{self.path.name}：其中的 {member} 过大，不像正常的工作簿："
                "请用 Excel 打开并重新保存",
            )
        try:
            return self.archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise self._damaged(error) from None

    def _damaged(self, error: Exception) -> FanpinError:
        return FanpinError(
            f"{self.path.name} is damaged ({type(error).__name__}: {str(error)[:200]}); "
            "open it in Excel, save it again, and rerun",
            zh=f"{self.path.name} 已损坏（{type(error).__name__}）："
            "请用 Excel 打开并重新保存，再运行",
        )

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name -> its XML part, from xl/workbook.xml and its relationships."""
        workbook = self._read_small("xl/workbook.xml")
        relations = self._read_small("xl/_rels/workbook.xml.rels")
        if workbook is None or relations is None:
            return {}
        try:
            targets = {
                element.get("Id"): element.get("Target", "")
                for element in ElementTree.fromstring(relations)
                if element.tag.endswith("Relationship")
            }
            sheets = [
                (element.get("name", ""), element.get(_REL_NS))
                for element in ElementTree.fromstring(workbook).iter()
                if element.tag.endswith("}sheet")
            ]
        except ElementTree.ParseError:
            return {}
        parts: dict[str, str] = {}
        for name, relation in sheets:
            target = targets.get(relation)
            if not target:
                continue
            if target.startswith("/"):
                member = target.lstrip("/")
            else:
                member = str(PurePosixPath("xl") / target)
            parts[name] = _normalised(member)
        return parts

    def _all_sheet_parts(self) -> list[str]:
        assert self.archive is not None
        return [
            n
            for n in self.archive.namelist()
            if (n.startswith("xl/worksheets/") and n.endswith(".xml")) or n == "content.xml"
        ]

    def _stream(self, member: str) -> IO[bytes] | None:
        assert self.archive is not None
        try:
            return self.archive.open(member)
        except KeyError:
            return None
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
            raise self._damaged(error) from None

    def _read_through(self, member: str) -> None:
        """Unzip ``member`` once, in chunks: the zip reader stops at its declared size and
        checks its CRC, so a part that unzips to more than it claims is refused."""
        stream = self._stream(member)
        if stream is None:
            return
        with stream:
            try:
                while stream.read(CHUNK):
                    pass
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                raise self._damaged(error) from None

    def _scan_sheet(self, member: str) -> Extent:
        """A quick pass (one regex search per chunk) that trusts the rows to come in order;
        an exact pass over every cell when the quick one is unsure or finds too much."""
        quick = self._run(member, _QuickScanner())
        self._merged_in[member] = quick.merged
        cells = quick.extent().cells
        # A value takes at least 10 bytes of XML (<c r="A1"><v>1</v></c>), so under one
        # byte per cell of the area is under a tenth filled: look closer.
        sparse = cells > SPARSE_FLOOR and quick.bytes < cells * SPARSE_SHARE * 10
        if not quick.unsure and cells <= self.limits.cells and not sparse:
            return Extent(quick.rows, quick.columns, cells)
        return self._run(member, _SheetScanner()).extent()

    def _run(self, member: str, scanner: _Scanner) -> _Scanner:
        stream = self._stream(member)
        if stream is None:
            return scanner
        with stream:
            try:
                while chunk := stream.read(CHUNK):
                    scanner.feed(chunk)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                raise self._damaged(error) from None
        scanner.feed(b"", final=True)
        return scanner


def _normalised(member: str) -> str:
    parts: list[str] = []
    for piece in member.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


class _Scanner:
    """The used area of one sheet's XML, fed in chunks cut at a tag's start."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self.values = 0
        self.bytes = 0
        self.unsure = False
        self.carry = b""
        self.merged: list[Merged] = []  # <mergeCell ref="A1:B2"/> of the sheet, 0-based

    def feed(self, chunk: bytes, final: bool = False) -> None:
        data = self.carry + chunk
        cut = len(data) if final else data.rfind(b"<")
        if cut <= 0 and len(data) < 4 * CHUNK:
            self.carry = data
            return
        cut = max(cut, 0) or len(data)
        self.carry = data[cut:]
        block = data[:cut]
        self.bytes += len(block)
        self._scan(block)
        if b"<mergeCell " in block:  # after the cells: read from the same pass
            self.merged += merged_ranges(block)

    def _scan(self, block: bytes) -> None:
        raise NotImplementedError

    def extent(self) -> Extent:
        return Extent(self.rows, self.columns, self.values)


class _QuickScanner(_Scanner):
    """Rows from the last ``<row r="N">`` of each chunk (rows come in order), columns from
    one regex search for a reference beyond the largest column so far: a match raises the
    bound (if its cell holds a value; a match in text is harmless: the bound only grows and
    the exact scanner then decides) and the search goes on. Rows written otherwise (a
    prefix, ``r`` not first) make it unsure, and the exact scanner runs."""

    def _scan(self, block: bytes) -> None:
        last_row = block.rfind(b'<row r="')
        if last_row < 0 and (b"<row " in block or b":row " in block):
            self.unsure = True
            return
        if last_row >= 0:
            end = block.find(b'"', last_row + 8)
            digits = block[last_row + 8 : end]
            if not digits.isdigit() or len(digits) > 7:
                self.unsure = True
                return
            self.rows = max(self.rows, int(digits))
        position = 0
        while True:
            match = _beyond(self.columns).search(block, position)
            if match is None:
                return
            position = match.end()
            letters, number = match.group(1), match.group(2)
            if len(letters) > 3 or len(number) > 7:
                self.unsure = True
                return
            if _holds_value(block, match.end()):
                self.columns = max(self.columns, _column_number(letters.decode("ascii")))
                self.rows = max(self.rows, int(number))


def _holds_value(block: bytes, position: int) -> bool:
    """Whether the cell tag containing ``position`` holds a value (not ``<c …/>``, not
    ``<c …></c>``)."""
    end = block.find(b">", position)
    if end < 0:
        return True
    return block[end - 1 : end] != b"/" and block[end + 1 : end + 3] != b"</"


_BEYOND: dict[int, re.Pattern[bytes]] = {}


def _beyond(columns: int) -> re.Pattern[bytes]:
    """A cell reference (`` r="XY12"``) whose column is past ``columns``."""
    key = columns
    if key not in _BEYOND:
        letters = column_letters(columns) if columns else ""
        options = [rb"[A-Z]{%d,}\d" % (len(letters) + 1)]
        for index, letter in enumerate(letters):
            if letter != "Z":
                rest = len(letters) - index - 1
                options.append(
                    letters[:index].encode()
                    + b"[%c-Z]" % (ord(letter) + 1)
                    + (b"[A-Z]{%d}" % rest if rest else b"")
                    + rb"\d"
                )
        pattern = rb' r="(?=' + b"|".join(options) + rb')([A-Z]+)(\d+)"'
        if len(_BEYOND) > 4096:
            _BEYOND.clear()
        _BEYOND[key] = re.compile(pattern)
    return _BEYOND[key]


class _SheetScanner(_Scanner):
    """The used area of one sheet's XML, fed in chunks; vectorised over each chunk.

    Every ``␠r="…"`` attribute inside a tag is a cell (letters then digits) or a
    row (digits); a cell holds a value unless its tag closes itself (``<c …/>``)
    or is closed at once (``<c …></c>``), which is how formatted empty cells look.
    """

    def _scan(self, block: bytes) -> None:
        raw = np.frombuffer(block, dtype=np.uint8)
        size = len(raw)
        padded = np.zeros(size + 16, dtype=np.uint8)
        padded[:size] = raw
        opens = np.flatnonzero(raw == ord("<"))
        if len(opens) == 0:
            return
        # The common form, <c r="…", read straight from the tag starts.
        is_cell = padded[opens + 1] == ord("c")
        for offset, byte in enumerate(b' r="', start=2):
            is_cell &= padded[opens + offset] == byte
        cell_index = np.flatnonzero(is_cell)
        if len(cell_index) != block.count(b"<c ") or b':c r="' in block or b":c " in block:
            self._scan_general(padded, size, opens)
            return
        refs = opens[cell_index] + 6
        following = opens[np.minimum(cell_index + 1, len(opens) - 1)]
        last = cell_index + 1 >= len(opens)
        empty = (padded[following + 1] == ord("/")) | (
            (padded[np.maximum(following - 2, 0)] == ord("/"))
            & (padded[np.maximum(following - 1, 0)] == ord(">"))
        )
        self._add(padded, refs, ~empty | last)

    def _scan_general(self, padded: np.ndarray, size: int, opens: np.ndarray) -> None:
        """Any tag form: every `` r="`` inside a tag; empty means the tag closes itself."""
        raw = padded[:size]
        spaces = np.flatnonzero(raw == 32)
        spaces = spaces[
            (padded[spaces + 1] == ord("r"))
            & (padded[spaces + 2] == ord("="))
            & (padded[spaces + 3] == ord('"'))
        ]
        if len(spaces) == 0:
            return
        refs = spaces + 4
        closes = np.flatnonzero(raw == ord(">"))
        last_open = np.searchsorted(opens, refs) - 1
        last_close = np.searchsorted(closes, refs) - 1
        inside = (last_open >= 0) & (
            (last_close < 0) | (opens[np.maximum(last_open, 0)] > closes[np.maximum(last_close, 0)])
        )
        refs = refs[inside]
        following = np.searchsorted(closes, refs)
        known = following < len(closes)
        after = closes[np.minimum(following, max(len(closes) - 1, 0))] if len(closes) else refs
        self_closing = padded[np.maximum(after - 1, 0)] == ord("/")
        closed_at_once = (padded[after + 1] == ord("<")) & (padded[after + 2] == ord("/"))
        self._add(padded, refs, ~known | ~(self_closing | closed_at_once))

    def _add(self, padded: np.ndarray, refs: np.ndarray, valued: np.ndarray) -> None:
        """The largest row and column among the references at ``refs`` (letters, then
        digits; rows' references, with no letter, are skipped).

        Grouped by the number of letters, the largest column is the largest of the
        letter strings, and the largest row the largest digit string among the longest:
        compared as big-endian integers, without computing each number.
        """
        refs = refs[valued]
        if len(refs) == 0:
            return
        window = padded[refs[:, None] + np.arange(12)]
        head = window[:, :4]
        letter = (head >= 65) & (head <= 90)
        letters = np.argmin(np.c_[letter, np.zeros(len(refs), bool)], axis=1)
        if (letters > 3).any():
            self.columns = HUGE  # four letters or more: beyond any sheet
        for count in (1, 2, 3):
            group = window[letters == count]
            if len(group) == 0:
                continue
            digits = group[:, count : count + 8]
            is_digit = (digits >= 48) & (digits <= 57)
            length = np.argmin(np.c_[is_digit, np.zeros(len(group), bool)], axis=1)
            valid = length > 0
            self.values += int(valid.sum())
            if not valid.any():
                continue
            column = _largest(group[valid, :count]).decode("ascii")
            self.columns = max(self.columns, _column_number(column))
            longest = int(length.max())
            if longest > 7:
                self.rows = HUGE
            else:
                chosen = digits[length == longest, :longest]
                self.rows = max(self.rows, int(_largest(chosen)))


_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(/?)>")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ODS_REPEATED_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_REPEATED_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d+)"')


def _largest(strings: np.ndarray) -> bytes:
    """The largest of equal-length byte strings (rows of a uint8 matrix, at most 8 wide)."""
    width = strings.shape[1]
    packed = np.zeros((len(strings), 8), dtype=np.uint8)
    packed[:, :width] = strings
    return int(packed.view(">u8").max()).to_bytes(8, "big")[:width]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_ods(path: Path, limits: Limits) -> None:
    """An OpenDocument sheet: zip limits, then its used area with repeated rows and columns
    expanded (``number-rows-repeated="1048576"`` on a row with a value is a million rows)."""
    check = WorkbookCheck(path, limits)
    try:
        if check.archive is None:
            return
        try:
            info = check.archive.getinfo("content.xml")
        except KeyError:
            return
        try:
            content = check.archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise check._damaged(error) from None
    finally:
        check.close()
    rows = used_rows = columns = values = 0
    row_starts = list(_ODS_ROW.finditer(content))
    for index, match in enumerate(row_starts):
        repeat = _ODS_REPEATED_ROWS.search(match.group(1))
        rows += int(repeat.group(1)) if repeat else 1
        if match.group(2):  # <table:table-row …/>: an empty row
            continue
        end = row_starts[index + 1].start() if index + 1 < len(row_starts) else len(content)
        width = last = 0
        for cell in _ODS_CELL.finditer(content, match.end(), end):
            repeated = _ODS_REPEATED_COLUMNS.search(cell.group(1))
            width += int(repeated.group(1)) if repeated else 1
            if b"value-type" in cell.group(1):
                last = width
        if last:
            used_rows = rows
            columns = max(columns, last)
            values += last * (int(repeat.group(1)) if repeat else 1)
            if used_rows * columns > limits.cells:
                break
    check._check("all sheets", Extent(used_rows, columns, values))


def check_text_size(path: Path, limits: Limits) -> None:
    """A CSV or Parquet file larger than the unzipped limit is refused before it is read."""
    size = path.stat().st_size
    if size > limits.unzipped_bytes:
        raise FanpinError(
            f"{path.name} is {size / 2**20:,.0f} MB, over the limit of {limits.unzipped_mb:,} MB "
            f"({limits.variable('unzipped_mb')}); split it by township, or raise the limit",
            zh=f"{path.name} 有 {size / 2**20:,.0f} MB，超过上限 {limits.unzipped_mb:,} MB"
            f"（{limits.variable('unzipped_mb')}）：请按乡镇拆分，或调高上限",
        )


def check_cells(path: Path, rows: int, columns: int, limits: Limits) -> None:
    """Rows × columns of a CSV or Parquet file against the cell limit."""
    if rows * columns > limits.cells:
        raise FanpinError(
            f"{path.name} has {rows:,} rows × {columns:,} columns, over the limit of "
            f"{limits.cells:,} cells ({limits.variable('cells')}); split it, or raise the limit",
            zh=f"{path.name} 有 {rows:,} 行 × {columns:,} 列，超过 {limits.cells:,} 个单元格的上限"
            f"（{limits.variable('cells')}）：请拆分文件，或调高上限",
        )
