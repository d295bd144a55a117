"""The workspace: a folder whose fanpin.toml names the counties, their profile and files.

``fanpin report --county zixing`` needs nothing else. Paths in fanpin.toml are
relative to the workspace folder, or absolute (data on a shared drive), and may
pass through symbolic links; a missing file is an error naming its key. County
keys name folders of the archive, so they are plain names (no ``/``, no ``..``).
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fanpin.errors import FanpinError
from fanpin.io.files import remember_input, safe_name
from fanpin.io.text import capped, printable

CONFIG_NAME = "fanpin.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class County(_Strict):
    """One county's configuration (design.md, Workspace)."""

    name: str
    profile: str = "national"
    roster: str
    # More export files of the same county (户信息, 务工 …), joined to `roster` on
    # 户编号 / 证件号码 as `--with` does (domain.md §10); `roster` is the main one.
    rosters: list[str] = Field(default_factory=list)
    year: int | None = None  # income year whose line applies; default: the as-of year
    # the province's monitoring line by year (yuan per person), over the profile's:
    # monitoring_line = { 2026 = 7600 }
    monitoring_line: dict[int, Annotated[float, Field(gt=0)]] = Field(default_factory=dict)
    as_of: date | None = None  # pin the assessment date (examples); default: today
    departments: dict[str, str] = Field(default_factory=dict)
    fund_ledger: str | None = None
    cases: str | None = None
    output_dir: str = "reports"
    keep_reports: int = Field(30, ge=1)


class WorkspaceConfig(_Strict):
    archive_dir: str = "archive"
    keep_snapshots: int = Field(90, ge=1)  # per county: about three months of nightly runs
    counties: dict[str, County]

    @field_validator("counties")
    @classmethod
    def _plain_keys(cls, counties: dict[str, County]) -> dict[str, County]:
        for key in counties:
            if safe_name(key, fallback="") != key:
                raise ValueError(
                    f"county key {key!r} must be a plain name (letters, digits, _ or -), "
                    "since it names the county's archive folder"
                )
        return counties


class Workspace:
    """A loaded fanpin.toml with its paths resolved and checked."""

    def __init__(self, root: Path, config: WorkspaceConfig) -> None:
        self.root = root
        self.config = config

    def county(self, key: str) -> County:
        try:
            return self.config.counties[key]
        except KeyError:
            known = ", ".join(self.config.counties) or "none"
            raise FanpinError(
                f"{self.root / CONFIG_NAME}: no county '{key}'; counties are: {known}",
                zh=f"{self.root / CONFIG_NAME} 中没有县 '{key}'；"
                f"已有的县：{'、'.join(self.config.counties) or '无'}："
                f"请检查 --county，或在 [counties.{key}] 下登记该县",
            ) from None

    def path(self, county_key: str, key: str, value: str) -> Path:
        """A configured file, which must exist; the error names the key and the path.

        Relative paths start at the workspace folder; absolute ones stand as they are.
        """
        path = (self.root / Path(value).expanduser()).resolve()
        if not path.exists():
            raise FanpinError(
                f"{self.root / CONFIG_NAME}: counties.{county_key}.{key} = '{value}' "
                f"but {path} does not exist",
                zh=f"{self.root / CONFIG_NAME}：counties.{county_key}.{key} = '{value}'，"
                f"但找不到文件 {path}：请放好该文件或改正路径",
            )
        return path

    def inputs(self, county_key: str) -> dict[str, Path]:
        """Every configured input file of a county, checked: roster, departments, ledger, cases."""
        county = self.county(county_key)
        found = {"roster": self.path(county_key, "roster", county.roster)}
        for number, value in enumerate(county.rosters, start=1):
            path = self.path(county_key, f"rosters[{number - 1}]", value)
            if path != found["roster"]:  # the main roster listed again is read once
                found[f"roster:{number}"] = path
        for kind, value in county.departments.items():
            found[f"dept:{kind}"] = self.path(county_key, f"departments.{kind}", value)
        if county.fund_ledger:
            found["fund_ledger"] = self.path(county_key, "fund_ledger", county.fund_ledger)
        if county.cases:
            found["cases"] = self.path(county_key, "cases", county.cases)
        return found

    def more_rosters(self, county_key: str) -> list[Path]:
        """The county's other export files, joined to its main roster (may be none)."""
        return [p for k, p in self.inputs(county_key).items() if k.startswith("roster:")]

    def line_origin(self, county_key: str) -> tuple[str, str]:
        """Where a county's own monitoring lines are set, as outputs record it (relative to
        the workspace, like the input files)."""
        return "workspace", f"{CONFIG_NAME} [counties.{county_key}]"

    def line_fix(self, county_key: str) -> str:
        """How to add a missing line for a county (``{year}`` left to fill): the file, the
        table and the exact line, then the command to run again."""
        where = f"under [counties.{county_key}] in {self.root / CONFIG_NAME}"
        if self.county(county_key).monitoring_line:
            add = f"add `{{year}} = <yuan>` to the monitoring_line {where}"
        else:
            add = f"add the line `monitoring_line = {{{{ {{year}} = <yuan> }}}}` {where}"
        return f"{add}, then run `fanpin report --county {county_key}` again"

    def line_fix_zh(self, county_key: str) -> str:
        """``line_fix`` in Chinese."""
        where = f"请在 {self.root / CONFIG_NAME} 的 [counties.{county_key}] 下"
        if self.county(county_key).monitoring_line:
            add = f"{where}的 monitoring_line 中加 `{{year}} = <元>`"
        else:
            add = f"{where}加一行 `monitoring_line = {{{{ {{year}} = <元> }}}}`"
        return f"{add}，然后重新运行 `fanpin report --county {county_key}`"

    def profile_search(self) -> Path:
        return self.root / "profiles"

    def shown(self, path: Path) -> str:
        """A path as the report records it: relative to the workspace when inside it,
        else absolute (data on a shared drive)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path.resolve())

    def output_dir(self, county_key: str) -> Path:
        return self.root / self.county(county_key).output_dir

    def archive_dir(self, county_key: str) -> Path:
        return self.root / self.config.archive_dir / county_key


def find_workspace(start: Path | None = None) -> Path:
    """The folder holding fanpin.toml: ``start`` or the nearest parent of it."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise FanpinError(
        f"no {CONFIG_NAME} in {start} or its parents; pass --workspace DIR or run "
        "`fanpin init DIR` to create one",
        zh=f"在 {start} 及其上级文件夹中找不到 {CONFIG_NAME}：请用 --workspace 指定工作区文件夹，"
        "或运行 `fanpin init 文件夹` 新建一个工作区",
    )


def load_workspace(directory: Path | None = None) -> Workspace:
    """Read and check fanpin.toml (unknown keys are errors)."""
    root = find_workspace(directory)
    config_path = root / CONFIG_NAME
    remember_input(config_path)
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise FanpinError(
            f"{config_path} cannot be read: {capped(reason)}",
            zh=f"{config_path} 无法读取：{capped(reason)}",
        ) from None
    try:
        config = WorkspaceConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {capped(e['msg'])}" for e in error.errors()
        )
        raise FanpinError(
            f"{config_path} is not valid: {printable(problems)}",
            zh=f"{config_path} 有误：{printable(problems)}",
        ) from None
    return Workspace(root, config)
