"""Results → files in the chosen format (json, csv, xlsx), written atomically.

Each ``export_*`` returns the text when no path is given (for stdout) and
writes the file otherwise. Workbooks are for people: labelled, frozen, filtered,
ready to print on A4; JSON keeps the codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from fanpin import labels
from fanpin.campaigns.diff import DiffResult
from fanpin.errors import FanpinError
from fanpin.io.files import deliver
from fanpin.io.issues import issue_counts
from fanpin.io.messages import Lang
from fanpin.io.models import ValidationResult
from fanpin.io.places import place_order
from fanpin.outputs.tables import (
    PERCENT,
    YUAN,
    LabelledTable,
    changes_view,
    elimination_view,
    escaped_track_view,
    households_view,
    item_view,
    measures_view,
    parameters_view,
    problems_view,
    sheet_title,
)
from fanpin.outputs.write import (
    SheetWriter,
    frame_to_csv,
    json_text,
    print_context,
    safe_file_name,
    write_workbook,
)
from fanpin.pipeline import Classification
from fanpin.rules.quality import own_kinds

__all__ = ["PERCENT", "YUAN"]

Format = Literal["json", "csv", "xlsx"]


def _need_path(path: Path | None, what: str) -> Path:
    if path is None:
        raise FanpinError(
            f"{what} as xlsx needs an output file: add -o NAME.xlsx",
            zh=f"{what} 写出工作簿需要输出文件：请加 -o 文件名.xlsx",
        )
    return path


def _sheet_name(key: str, lang: Lang) -> str:
    return labels.label(labels.SHEETS, key, lang)


def _validation_problems(result: ValidationResult, issues: pd.DataFrame) -> LabelledTable:
    lang: Lang = "zh" if result.meta.lang == "zh" else "en"
    table = problems_view(issues, lang, places=result.places, kinds=result.kinds)
    fix = labels.label(labels.PROBLEM_COLUMNS, "fixed", lang)
    sheet = labels.label(labels.PROBLEM_COLUMNS, "sheet", lang)  # named on the 说明 sheet
    printed = [c for c in table.print_columns if c != sheet] + [fix]
    frame = table.frame.assign(**{fix: None})
    frame = frame[printed + [c for c in frame.columns if c not in printed]]
    return LabelledTable(frame, printed, widths=table.widths | {fix: 16.0})


def _validation_sheets(
    result: ValidationResult, issues: pd.DataFrame, title: str
) -> list[tuple[str, SheetWriter]]:
    """The problems (with where each household lives and a column for the fix) and
    what was checked."""
    lang: Lang = "zh" if result.meta.lang == "zh" else "en"
    source = result.meta.inputs[0]
    summary = result.summary
    counts = issue_counts(issues)
    item = lambda key: labels.label(labels.PARAMETERS, key, lang)  # noqa: E731
    about = [
        (item("checked_file"), source.path),
        ("sha256", source.sha256),
        (item("sheet"), source.sheet),
        (item("header_row"), source.header_row),
        (item("records"), summary.records),
        (item("households"), summary.households),
        (item("errors"), counts["errors"]),
        (item("warnings"), counts["warnings"]),
        (item("fanpin_version"), result.meta.fanpin_version),
    ]
    return [
        (_sheet_name("problems", lang), _validation_problems(result, issues).sheet(title)),
        (_sheet_name("about", lang), item_view(about, lang).sheet()),
    ]


def export_validation(result: ValidationResult, fmt: Format, path: Path | None) -> str | None:
    """The validation result as JSON (exactly the library result), CSV or a workbook."""
    lang: Lang = "zh" if result.meta.lang == "zh" else "en"
    if fmt == "json":
        return deliver(json_text(result.to_dict()), path)
    if fmt == "csv":
        frame = _validation_problems(result, result.issues).frame
        return deliver(frame_to_csv(frame), path, "utf-8-sig")
    source = result.meta.inputs[0].path
    title = sheet_title("validation", lang, source=source)
    with print_context(source=source, lang=lang):
        write_workbook(
            _need_path(path, "validate"), _validation_sheets(result, result.issues, title)
        )
    return None


@dataclass(frozen=True)
class VillageFile:
    """One workbook of ``export_validation_split``: the village, its problems, the file."""

    township: str | None
    village: str | None
    errors: int
    warnings: int
    path: Path


def export_validation_split(result: ValidationResult, folder: Path) -> list[VillageFile]:
    """One problems workbook per village in ``folder``, named by township and village
    (made safe as a file name), to send back to each village; problems whose row is
    in no village go to one more workbook. Villages without problems get none."""
    lang: Lang = "zh" if result.meta.lang == "zh" else "en"
    source = result.meta.inputs[0].path
    issues = result.issues.reset_index(drop=True)
    places = result.places
    if places is None:
        raise FanpinError(
            "splitting by village needs the roster's townships and villages",
            zh="按村拆分需要花名册中有乡镇和行政村两列",
        )
    rows = pd.DataFrame({"row": issues["row"].astype("Int64")})
    where = rows.merge(places.astype({"row": "Int64"}), on="row", how="left")
    township = where["township"].astype("string").fillna("")
    village = where["village"].astype("string").fillna("")
    ranks = place_order(places, ["township", "village"], 12)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[VillageFile] = []
    taken: set[str] = set()
    groups = issues.groupby([township, village], sort=False)
    for (town, name), chosen in sorted(
        groups, key=lambda g: (not g[0][1], ranks.get(g[0], len(ranks)))
    ):
        town_text, village_text = str(town), str(name)
        if village_text:
            stem = labels.label(labels.SPLIT_FILES, "village", lang).format(
                township=safe_file_name(town_text or "_"), village=safe_file_name(village_text)
            )
            title = sheet_title(
                "validation_place", lang, township=town_text, village=village_text, source=source
            )
        else:
            stem = labels.label(labels.SPLIT_FILES, "unplaced", lang)
            title = sheet_title("validation", lang, source=source)
        target = folder / _unique(stem, taken)
        with print_context(county=town_text or None, source=source, lang=lang):
            write_workbook(target, _validation_sheets(result, chosen, title))
        counts = issue_counts(chosen)
        written.append(
            VillageFile(
                town_text or None,
                village_text or None,
                counts["errors"],
                counts["warnings"],
                target,
            )
        )
    return written


def _unique(stem: str, taken: set[str]) -> str:
    name, number = stem, 2
    while name.lower() in taken:
        base, _, suffix = stem.rpartition(".")
        name = f"{base}({number}).{suffix}"
        number += 1
    taken.add(name.lower())
    return name


def export_classification(
    result: Classification, fmt: Format, path: Path | None, everyone: bool = False
) -> str | None:
    """Households as JSON (codes), CSV or a workbook of households, measures, elimination,
    problems and parameters."""
    parameters = result.parameters
    lang = parameters.lang
    if fmt == "json":
        text = json_text(result.to_dict(everyone))
        return deliver(text, path)
    listed = result.listed(everyone)
    table = households_view(listed, parameters)
    if fmt == "csv":
        return deliver(frame_to_csv(table.frame), path, "utf-8-sig")
    counties = result.households["county"].dropna()
    county = str(counties.iloc[0]) if len(counties) else ""

    def title(key: str) -> str:
        return sheet_title(key, lang, county)

    meta = result.meta.model_dump(mode="json")
    era = parameters.profile.terminology
    sheets: list[tuple[str, SheetWriter]] = [
        (labels.term("households_sheet", era, lang), table.sheet(title("households"))),
        (
            _sheet_name("measures", lang),
            measures_view(listed, parameters).sheet(title("measures")),
        ),
        (
            _sheet_name("elimination", lang),
            elimination_view(listed, parameters).sheet(title("elimination")),
        ),
        *escaped_track_sheets(result, county),
        (
            _sheet_name("problems", lang),
            problems_view(result.issues, lang, kinds=own_kinds(parameters.profile)).sheet(
                title("problems")
            ),
        ),
        (
            _sheet_name("parameters", lang),
            parameters_view(parameters, meta).sheet(title("parameters")),
        ),
    ]
    with print_context(
        county=county or None,
        as_of=parameters.as_of.isoformat(),
        source=result.meta.inputs[0].path,
        lang=lang,
    ):
        write_workbook(_need_path(path, "classify"), sheets)
    return None


def escaped_track_sheets(
    result: Classification, county: str | None = None
) -> list[tuple[str, SheetWriter]]:
    """The 脱贫户分类 sheet (every 脱贫户 sorted, listed or not) when the profile sorts them;
    its title names the ``county`` as every other sheet's does."""
    parameters = result.parameters
    if not parameters.profile.escaped_track.enabled:
        return []
    lang = parameters.lang
    name = labels.label(labels.ESCAPED_TRACK_SHEET, "sheet", lang)
    title = sheet_title("escaped_track", lang, county)
    return [(name, escaped_track_view(result.households, parameters).sheet(title))]


def export_diff(result: DiffResult, fmt: Format, path: Path | None) -> str | None:
    """Changes as JSON (codes) or, labelled like the report's 变化 sheet, CSV or a workbook."""
    if fmt == "json":
        return deliver(json_text(result.to_dict()), path)
    lang = result.lang
    note = labels.label(labels.CHANGE_NOTES, "none", lang)
    table = changes_view(result.changes, lang, note)
    if fmt == "csv":
        return deliver(frame_to_csv(table.frame), path, "utf-8-sig")
    title = sheet_title("diff", lang, old=result.old, new=result.new)
    with print_context(source=f"{result.old} → {result.new}", lang=lang):
        write_workbook(
            _need_path(path, "diff"), [(_sheet_name("changes", lang), table.sheet(title))]
        )
    return None
