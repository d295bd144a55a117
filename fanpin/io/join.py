"""Several export files of one county → one roster table (domain.md §10).

The national system exports （自定义）监测对象信息, （乡村建设）户信息 and the monthly
务工 files separately. The first file given is the main roster: its rows are the
people assessed, in its order, and none is ever dropped. Each other file adds its
columns to them:

- a file with a 证件号码 column is one row per person: a row joins the main roster's
  person with the same ID; where its ID cannot be used (blank, or stored as a number
  that lost its last digits) it joins on 户编号 and 姓名 instead;
- a file without one is one row per household: a row joins every member of the main
  roster's household with the same 户编号 (its member-level columns are not used).

Conflicting values: the first file that has a value wins — the main roster, then the
others in the order given. A blank cell is filled from a later file; a later file's
different value is reported (``join_conflict``, a warning) at its own file, sheet and
row, naming the file and row whose value is kept. Values are compared as what they
mean (3000 and 3,000元, 是 and Y, 2021-03 and 202103 are the same).

Rows of the other files that do not join are reported with their file, sheet and row:
``join_no_key`` (neither 户编号 nor 证件号码: an error), ``join_unmatched`` (no such
person or household in the main roster), ``join_duplicate`` (a person or household
already joined from an earlier row of the same file), and ``join_by_name`` (joined on
户编号 + 姓名 because the ID could not be used). Validation then locates every issue
of a joined value at the file and row it came from (``Table.sources``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from fanpin.errors import FanpinError
from fanpin.io import schema
from fanpin.io.models import InputFile
from fanpin.io.read import ROW, Table, read_roster, read_table
from fanpin.io.validate import comparable, id_keys, mask_id, text_keys

KEYS = ("household_id", "id_number")
_SEPARATOR = "\0"


def read_rosters(paths: Sequence[str | Path], sheet: str | None = None) -> Table:
    """One roster from one file, or several export files of one county joined.

    ``sheet`` applies to the first (main) file. The others need 户编号 or 证件号码;
    together the files must hold every required roster column.
    """
    files = [Path(p) for p in paths]
    if not files:
        raise FanpinError("no roster file given", zh="没有给出花名册文件")
    if len(files) == 1:
        return read_roster(files[0], sheet)
    seen: dict[Path, Path] = {}
    for path in files:
        key = path.resolve()
        if key in seen:
            raise FanpinError(
                f"{path.name} is given twice; give each roster file once",
                zh=f"{path.name} 给了两次：每个花名册文件只给一次",
            )
        seen[key] = path
    parts = [
        read_table(path, schema.ROSTER, sheet if i == 0 else None, required=(), any_of=KEYS)
        for i, path in enumerate(files)
    ]
    return join_tables(parts)


def input_files(table: Table) -> list[InputFile]:
    """Each file of a joined table as the run's inputs (the main roster first)."""
    return [
        InputFile(
            path=part.path.name,
            sha256=part.sha256,
            sheet=part.sheet,
            header_row=part.header_row,
            rows=len(part.frame),
        )
        for part in table.parts or [table]
    ]


class _Positions:
    """Key → the first position holding it; ``of`` gives -1 for unknown or blank keys."""

    def __init__(self, keys: np.ndarray) -> None:
        present = pd.notna(keys)
        frame = pd.DataFrame({"key": keys[present], "at": np.flatnonzero(present)})
        frame = frame.drop_duplicates("key")
        self.index = pd.Index(frame["key"].to_numpy(dtype=object))
        self.at = frame["at"].to_numpy(dtype=np.int64)

    def of(self, keys: np.ndarray) -> np.ndarray:
        if not len(self.at) or not len(keys):
            return np.full(len(keys), -1, dtype=np.int64)
        found = self.index.get_indexer(keys.tolist())
        found[pd.isna(keys)] = -1
        return np.where(found >= 0, self.at[found.clip(0)], -1)


class _Main:
    """The main roster's join keys: who is where."""

    def __init__(self, table: Table) -> None:
        frame = table.frame
        self.size = len(frame)
        self.households = _keys(frame, "household_id")
        names = _keys(frame, "name")
        ids = id_keys(frame["id_number"]) if "id_number" in frame else _blank(self.size)
        self.by_id = _Positions(ids)
        pairs = _pairs(self.households, names)
        unique = ~pd.Series(pairs).duplicated(keep=False).to_numpy()
        self.by_pair = _Positions(_only(unique, pairs))
        self.by_household = _Positions(self.households)


class _Joiner:
    def __init__(self, parts: list[Table]) -> None:
        main = parts[0]
        self.parts = parts
        self.main = _Main(main)
        self.columns: dict[str, np.ndarray] = {
            name: main.frame[name].to_numpy(dtype=object)
            for name in main.frame.columns
            if name != ROW
        }
        self.meant: dict[str, np.ndarray] = {}
        self.sources: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.headers = dict(main.headers)
        self.unknown = list(main.unknown_columns)
        self.issues: list[dict[str, object]] = []
        self.main_rows = main.frame[ROW].to_numpy()

    def issue(
        self,
        code: str,
        part: int,
        rows: np.ndarray,
        field: str | None,
        values: Sequence[object] | np.ndarray,
        households: Sequence[object] | np.ndarray,
        **params: object,
    ) -> None:
        """One unrendered issue per row of file ``part``; list parameters vary per row."""
        table = self.parts[part]
        excel = table.frame[ROW].to_numpy()
        column = table.header(field) if field else ""
        varying = {k: v for k, v in params.items() if isinstance(v, list)}
        fixed = {k: v for k, v in params.items() if k not in varying}
        for i, row in enumerate(rows.tolist()):
            self.issues.append(
                {
                    "code": code,
                    "part": part,
                    "row": int(excel[row]),
                    "field": field,
                    "column": column,
                    "value": "" if values[i] is None else str(values[i]),
                    "household_id": households[i],
                    "params": {**fixed, **{k: v[i] for k, v in varying.items()}},
                }
            )

    def join(self, index: int) -> None:
        part = self.parts[index]
        self.unknown += [f"{name} ({part.path.name})" for name in part.unknown_columns]
        per_person = "id_number" in part.frame
        to_main = self._match_people(index) if per_person else self._match_households(index)
        for name in (c for c in part.frame.columns if c != ROW):
            if per_person or schema.BY_NAME[name].level == "household":
                self.headers.setdefault(name, part.header(name))
                self._merge(index, name, to_main)
            else:  # a household file's member columns: which member would they be?
                self.unknown.append(f"{part.header(name)} ({part.path.name})")

    def _match_people(self, index: int) -> np.ndarray:
        """Per main-roster row, the row of this person file that joins it (-1: none)."""
        frame = self.parts[index].frame
        count = len(frame)
        ids = id_keys(frame["id_number"])
        written = text_keys(frame["id_number"])
        households = _keys(frame, "household_id")
        pairs = _pairs(households, _keys(frame, "name"))
        by_id = self.main.by_id.of(ids)
        by_pair = np.where(by_id < 0, self.main.by_pair.of(pairs), -1)
        target = np.where(by_id >= 0, by_id, by_pair)

        def person(rows: np.ndarray) -> list[object]:
            """How each row names its person in a message: masked ID, else 户编号 姓名."""
            return [
                mask_id(str(written[r]))
                if written[r] is not None
                else None
                if pairs[r] is None
                else str(pairs[r]).replace(_SEPARATOR, " ")
                for r in rows.tolist()
            ]

        rows = np.flatnonzero((by_pair >= 0) & pd.notna(written) & pd.isna(ids))
        self.issue("join_by_name", index, rows, "id_number", person(rows), households[rows])
        joined = target >= 0
        repeated = joined & pd.Series(target).duplicated(keep="first").to_numpy()
        rows = np.flatnonzero(repeated)
        if len(rows):
            first = pd.Series(np.arange(count)[joined]).groupby(target[joined]).first()
            earlier = frame[ROW].to_numpy()[first.reindex(target[rows]).to_numpy()]
            self._people_issue(
                "join_duplicate",
                index,
                rows,
                written,
                person(rows),
                households,
                row=earlier.tolist(),
            )
        no_key = pd.isna(written) & pd.isna(households)
        rows = np.flatnonzero(no_key)
        self.issue("join_no_key", index, rows, None, [None] * len(rows), [None] * len(rows))
        rows = np.flatnonzero(~joined & ~no_key)
        self._people_issue(
            "join_unmatched",
            index,
            rows,
            written,
            person(rows),
            households,
            main=self.parts[0].path.name,
        )
        to_main = np.full(self.main.size, -1, dtype=np.int64)
        kept = np.flatnonzero(joined & ~repeated)
        to_main[target[kept]] = kept
        return to_main

    def _people_issue(
        self,
        code: str,
        index: int,
        rows: np.ndarray,
        written: np.ndarray,
        named: list[object],
        households: np.ndarray,
        **params: object,
    ) -> None:
        """Rows named (``named``) by their masked ID where they have one, else by 户编号 and
        姓名; reported under the column they are named by."""
        part = self.parts[index]
        has_id = pd.notna(written[rows])
        for field, which in (("id_number", has_id), ("household_id", ~has_id)):
            positions = np.flatnonzero(which)
            if not len(positions):
                continue
            key = part.header(field)
            if field == "household_id":
                key = f"{key}+{part.header('name')}"
            varying = {
                k: [v[i] for i in positions] for k, v in params.items() if isinstance(v, list)
            }
            fixed = {k: v for k, v in params.items() if not isinstance(v, list)}
            chosen = rows[positions]
            self.issue(
                code,
                index,
                chosen,
                field,
                [named[i] for i in positions],
                households[chosen],
                key=key,
                **fixed,
                **varying,
            )

    def _match_households(self, index: int) -> np.ndarray:
        """Per main-roster row, the row of this household file for its 户编号 (-1: none)."""
        part = self.parts[index]
        frame = part.frame
        households = _keys(frame, "household_id")
        present = pd.notna(households)
        rows = np.flatnonzero(~present)
        self.issue("join_no_key", index, rows, None, [None] * len(rows), [None] * len(rows))
        repeated = present & pd.Series(households).duplicated(keep="first").to_numpy()
        rows = np.flatnonzero(repeated)
        key = part.header("household_id")
        if len(rows):
            first = pd.Series(np.flatnonzero(present)).groupby(households[present]).first()
            earlier = frame[ROW].to_numpy()[first.reindex(households[rows]).to_numpy()]
            self.issue(
                "join_duplicate",
                index,
                rows,
                "household_id",
                households[rows],
                households[rows],
                key=key,
                row=earlier.tolist(),
            )
        unique = present & ~repeated
        known = self.main.by_household.of(households) >= 0
        rows = np.flatnonzero(unique & ~known)
        self.issue(
            "join_unmatched",
            index,
            rows,
            "household_id",
            households[rows],
            households[rows],
            key=key,
            main=self.parts[0].path.name,
        )
        return _Positions(_only(unique, households)).of(self.main.households)

    def _merge(self, index: int, name: str, to_main: np.ndarray) -> None:
        """Blank cells take this file's value; a different value is reported, not taken."""
        part = self.parts[index]
        field = schema.BY_NAME[name]
        size = self.main.size
        has = to_main >= 0
        cells = part.frame[name].to_numpy(dtype=object)
        candidate = np.full(size, None, dtype=object)
        candidate[has] = cells[to_main[has]]
        offered_meaning = comparable(pd.Series(candidate, dtype=object), field)
        offered = pd.notna(offered_meaning)
        if field.kind is schema.Kind.ID:  # an ID stored as a number is no ID (join_by_name)
            offered &= pd.notna(id_keys(pd.Series(candidate, dtype=object)))
        if name not in self.columns:
            self.columns[name] = np.full(size, None, dtype=object)
            self.meant[name] = np.full(size, None, dtype=object)
        elif name not in self.meant:
            self.meant[name] = comparable(pd.Series(self.columns[name], dtype=object), field)
        current, kept = self.columns[name], self.meant[name]
        filled = pd.notna(kept)
        fill = offered & ~filled
        if fill.any():
            if not current.flags.writeable:  # the main roster's column: copied when filled
                current = self.columns[name] = current.copy()
            current[fill] = candidate[fill]
            kept[fill] = offered_meaning[fill]
            parts, rows = self.sources.setdefault(
                name, (np.zeros(size, dtype=np.int64), self.main_rows.copy())
            )
            parts[fill] = index
            rows[fill] = part.frame[ROW].to_numpy()[to_main[fill]]
        differs = offered & filled
        differs[differs] = kept[differs] != offered_meaning[differs]
        if not differs.any():
            return
        where = np.flatnonzero(differs)
        own = to_main[where]
        once = ~pd.Series(own).duplicated().to_numpy()  # a household file: once per its row
        where, own = where[once], own[once]
        parts, rows = self.sources.get(name, (np.zeros(size, dtype=np.int64), self.main_rows))
        self.issue(
            "join_conflict",
            index,
            own,
            name,
            _shown(cells[own], field),
            self.main.households[where],
            expected=_shown(current[where], field),
            first=[self.parts[p].path.name for p in parts[where].tolist()],
            row=rows[where].tolist(),
        )

    def table(self) -> Table:
        main = self.parts[0]
        missing = [r for r in schema.ROSTER.required if r not in self.columns]
        if missing:
            named = ", ".join(f"{schema.BY_NAME[m].header} ({m})" for m in missing)
            found = "; ".join(
                f"{p.path.name}: {', '.join(p.headers.values()) or 'no known headers'}"
                for p in self.parts
            )
            named_zh = "、".join(schema.BY_NAME[m].header for m in missing)
            raise FanpinError(
                f"missing column {named} in every roster file; found {found}",
                zh=f"所有花名册文件中都缺少 {named_zh} 列；现有列：{found}",
            )
        frame = pd.DataFrame(
            {name: pd.Series(values, dtype=object) for name, values in self.columns.items()}
        )
        frame[ROW] = self.main_rows
        return Table(
            frame,
            schema.ROSTER,
            main.path,
            main.sheet,
            self.headers,
            main.header_row,
            list(dict.fromkeys(self.unknown)),
            main.sha256,
            parts=self.parts,
            sources=self.sources,
            join_issues=self.issues,
        )


def join_tables(parts: list[Table]) -> Table:
    """The main roster (``parts[0]``) with the other files' columns joined (module docstring)."""
    joiner = _Joiner(parts)
    for index in range(1, len(parts)):
        joiner.join(index)
    return joiner.table()


def _blank(size: int) -> np.ndarray:
    return np.full(size, None, dtype=object)


def _only(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` where ``mask`` holds, None elsewhere."""
    kept = np.asarray(values, dtype=object).copy()
    kept[~mask] = None
    return kept


def _keys(frame: pd.DataFrame, name: str) -> np.ndarray:
    return text_keys(frame[name]) if name in frame else _blank(len(frame))


def _pairs(households: np.ndarray, names: np.ndarray) -> np.ndarray:
    """户编号 and 姓名 as one key; None where either is blank."""
    both = pd.notna(households) & pd.notna(names)
    pairs = _blank(len(households))
    pairs[both] = [
        f"{h}{_SEPARATOR}{n}" for h, n in zip(households[both], names[both], strict=True)
    ]
    return pairs


def _shown(values: np.ndarray, field: schema.Field) -> list[object]:
    """Values as messages show them: normalised text, ID numbers masked."""
    text = text_keys(pd.Series(values, dtype=object)).tolist()
    if field.kind is schema.Kind.ID:
        return [t if t is None else mask_id(str(t)) for t in text]
    return text
