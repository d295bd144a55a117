"""A generator of hostile and broken inputs, made on the fly (no committed binaries).

Each builder writes into a folder and returns the paths it made. They cover the
groups of issue 17: outputs that are inputs, text that Excel would run as a
formula, workbooks that ask a reader for gigabytes (a far cell, a stray row, a
zip bomb, a zip that lies about its sizes, too many entries), control characters,
ordinary broken files (truncated, mislabelled, UTF-16 of odd length, an unclosed
quote, a 1 MB cell, 1e400), nonsense profiles and workspaces (a 1,200-deep
``extends`` chain, a line of inf, names with ``../`` and ``*``).
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import Font

from tests.rosters import header, household, member, valid_id, write_csv, write_xlsx

FORMULA = '=HYPERLINK("http://x","click")'
# Text a spreadsheet would run (or read as a formula) if written as it is.
FORMULAS = (FORMULA, "+1+1", "-2+3", "@SUM(1,2)", "=1+1", "\t=cmd")
HIDDEN_ID = valid_id(order="777")  # an ID typed where it does not belong


def roster_rows(households: int = 3) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n in range(households):
        rows += household(f"H{n:03d}", 2, first_order=2 * n + 1)
    return rows


def small_roster(folder: Path, name: str = "roster.xlsx", **options: Any) -> Path:
    """A valid three-household roster (xlsx or CSV by the suffix)."""
    path = folder / name
    rows = roster_rows()
    if path.suffix == ".csv":
        return write_csv(path, rows, **options)
    return write_xlsx(path, rows, **options)


def as_text(cell: Any, value: str) -> None:
    """Store ``value`` as text even when it starts with '=' (openpyxl would make a formula)."""
    cell.value = value
    cell.data_type = "s"


# -- workbooks that ask for too much memory -------------------------------------------------


def far_cell(folder: Path) -> Path:
    """A 6 KB workbook: a roster header and one cell at XFD1048576 (17 billion cells)."""
    path = small_roster(folder, "far_cell.xlsx")
    workbook = load_workbook(path)
    workbook.active["XFD1048576"] = "x"
    workbook.save(path)
    return path


def stray_row(folder: Path) -> Path:
    """A valid roster with one stray value in row 1,048,576."""
    path = small_roster(folder, "stray_row.xlsx")
    workbook = load_workbook(path)
    workbook.active["A1048576"] = "x"
    workbook.save(path)
    return path


def formatted_far_cell(folder: Path) -> Path:
    """A valid roster with a formatted but empty cell at XFD1048576: harmless, read as usual."""
    path = small_roster(folder, "formatted_far_cell.xlsx")
    workbook = load_workbook(path)
    workbook.active["XFD1048576"].font = Font(bold=True)
    workbook.save(path)
    return path


def _rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip entry by entry through ``change`` (None drops the entry)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            data = change(entry.filename, old.read(entry.filename))
            if data is not None:
                new.writestr(entry.filename, data)
    return target


def zip_bomb(folder: Path, megabytes: int = 64) -> Path:
    """A valid roster carrying a part that unzips to ``megabytes`` MB of zeros (tiny packed)."""
    source = small_roster(folder, "bomb_source.xlsx")
    path = folder / "zip_bomb.xlsx"
    _rezip(source, path, lambda name, data: data)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (megabytes << 20))
    source.unlink()
    return path


def lying_zip(folder: Path) -> Path:
    """A roster whose sheet part claims to unzip to 100 bytes and unzips to far more."""
    source = small_roster(folder, "lying_source.xlsx")
    data = bytearray(source.read_bytes())
    source.unlink()
    member_name = b"xl/worksheets/sheet1.xml"
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            length = struct.unpack_from("<H", data, start + (26 if name_offset == 30 else 28))[0]
            if data[start + name_offset : start + name_offset + length] == member_name:
                struct.pack_into("<I", data, start + size_offset, 100)
            start += 4
    path = folder / "lying_zip.xlsx"
    path.write_bytes(bytes(data))
    return path


def many_entries(folder: Path, count: int = 60) -> Path:
    path = small_roster(folder, "many_entries.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(count):
            archive.writestr(f"xl/extra/{n}.xml", b"<x/>")
    return path


def ods_bomb(folder: Path) -> Path:
    """An OpenDocument sheet whose one row with a value repeats 1,048,576 times × 16,384."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="S"><table:table-row '
        'table:number-rows-repeated="1048576"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet>"
        "</office:body></office:document-content>"
    )
    path = folder / "bomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


# -- broken files ----------------------------------------------------------------------------


def truncated(folder: Path) -> Path:
    source = small_roster(folder, "whole.xlsx")
    path = folder / "truncated.xlsx"
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    source.unlink()
    return path


def mislabelled(folder: Path) -> Path:
    path = folder / "text.xlsx"
    path.write_text("户编号,姓名\nH1,张三\n", encoding="utf-8")
    return path


def fake_encrypted(folder: Path) -> Path:
    path = folder / "encrypted.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    return path


def utf16_odd(folder: Path) -> Path:
    """UTF-16 text (with an ID in it) cut to an odd number of bytes."""
    text = "户编号,姓名,证件号码\nH1,张三," + HIDDEN_ID + "\n" * 2000
    path = folder / "utf16_odd.csv"
    path.write_bytes(text.encode("utf-16")[:-1])
    return path


def unclosed_quote(folder: Path) -> Path:
    path = small_roster(folder, "unclosed_quote.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("成员2", '"成员2', 1)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def huge_cell(folder: Path) -> Path:
    """A roster CSV with a 1 MB 户类型 and 姓名, and a 证件号码 typed into 与户主关系."""
    rows = roster_rows()
    rows[0][header("household_type")] = "长" * (1 << 20)
    rows[0][header("name")] = "名" * (1 << 20)
    rows[1][header("relation")] = HIDDEN_ID
    return write_csv(folder / "huge_cell.csv", rows)


def infinite_income(folder: Path) -> Path:
    rows = [member(wage_income="1e400", reported_per_capita_income=12000)]
    return write_csv(folder / "infinite_income.csv", rows)


def duplicated_person(folder: Path) -> Path:
    """A two-person household whose second member's row is repeated."""
    rows = household("H001", 2)
    rows.append(dict(rows[1]))
    return write_csv(folder / "duplicated_person.csv", rows)


def markup_names(folder: Path) -> Path:
    """Names and villages that look like the terminal's markup: [/] and [bold."""
    rows = roster_rows()
    for row in rows:
        row[header("name")] = "[/]"
        row[header("village")] = "[bold"
    rows[0][header("health")] = "[/red]"  # not allowed: shown in the problem table
    return write_xlsx(folder / "markup.xlsx", rows)


def control_characters_csv(folder: Path) -> Path:
    rows = roster_rows()
    for row in rows:
        row["备注\x1b[2J"] = "x"  # an unknown column, its header shown to the user
    rows[0][header("name")] = "张\x1b[31m三\x00"
    rows[1][header("village")] = "新市\x01村"
    rows[2][header("village")] = "新市\x01村"
    return write_csv(folder / "controls.csv", rows)


def control_characters_xlsx(folder: Path) -> Path:
    """Control characters as Excel stores them (_x001B_) and as a character reference."""
    rows = roster_rows()
    rows[0][header("name")] = "NAMEMARK"
    rows[1][header("village")] = "VILLAGEMARK"
    rows[2][header("village")] = "VILLAGEMARK"
    source = write_xlsx(folder / "controls_source.xlsx", rows)
    path = folder / "controls.xlsx"

    def change(name: str, data: bytes) -> bytes:
        data = data.replace(b"NAMEMARK", b"\xe5\xbc\xa0_x001B_[31m\xe4\xb8\x89_x0000_")
        return data.replace(b"VILLAGEMARK", b"\xe6\x96\xb0\xe5\xb8\x82&#1;\xe6\x9d\x91")

    _rezip(source, path, change)
    source.unlink()
    return path


# -- profiles and workspaces -----------------------------------------------------------------


def extends_chain(folder: Path, depth: int = 1200) -> Path:
    """profile_0.toml extends profile_1.toml … extends national: ``depth`` profiles."""
    for n in range(depth):
        parent = f"profile_{n + 1}.toml" if n + 1 < depth else "national"
        (folder / f"profile_{n}.toml").write_text(
            f'extends = "{parent}"\nname = "p{n}"\n', encoding="utf-8"
        )
    return folder / "profile_0.toml"


def bad_line_profile(folder: Path, line: str) -> Path:
    path = folder / f"line_{abs(hash(line))}.toml"
    path.write_text(
        f'extends = "national"\nname = "bad"\n[monitoring_line]\n2021 = {line}\n', encoding="utf-8"
    )
    return path


def relative_extends(folder: Path) -> Path:
    """profiles/county.toml extends "base.toml", which lies beside it (not in the cwd)."""
    profiles = folder / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    (profiles / "base.toml").write_text(
        'extends = "national"\nname = "base"\n[monitoring_line]\n2021 = 6100\n', encoding="utf-8"
    )
    county = profiles / "county.toml"
    county.write_text('extends = "base.toml"\nname = "county"\n', encoding="utf-8")
    return county


def formula_workbook_values(path: Path) -> list[str]:
    """Every formula cell of a workbook (coordinates and text); empty when there is none."""
    found = []
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
    return found


def risky_csv_cells(text: str) -> list[str]:
    """CSV cells a spreadsheet would run: starting with =, +, -, @ (plain numbers aside)."""
    number = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")
    found = []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(cell):
                found.append(cell)
    return found


def plant_in_workbook(path: Path, headers: dict[str, str], rows: int = 3) -> None:
    """Overwrite the cells under each header (as written) in the first ``rows`` data rows
    with text values (kept as text, even when they start with '=')."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    positions: dict[str, int] = {}
    last_header = 0
    for row in sheet.iter_rows(min_row=1, max_row=20):
        for cell in row:
            if cell.value in headers and cell.value not in positions:
                positions[str(cell.value)] = cell.column
                last_header = cell.row
    for line in range(last_header + 1, min(last_header + 1 + rows, sheet.max_row + 1)):
        for written, column in positions.items():
            as_text(sheet.cell(line, column), headers[written])
    workbook.save(path)


def plant_in_csv(path: Path, headers: dict[str, str], rows: int = 3) -> None:
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "gb18030", raw.decode("gb18030")
    table = list(csv.reader(io.StringIO(text)))
    for index, line in enumerate(table[:20]):
        columns = {h: line.index(h) for h in headers if h in line}
        if columns:
            for offset in range(1, rows + 1):
                if index + offset < len(table):
                    for written, position in columns.items():
                        table[index + offset][position] = headers[written]
            break
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    path.write_text(out.getvalue(), encoding=encoding)
