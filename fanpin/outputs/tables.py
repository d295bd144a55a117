"""Assessed households → the labelled tables of workbooks and CSV: households, measures,
elimination, changes, problems, parameters.

Tables for people carry Chinese labels (or English with ``lang="en"``) and list
households by township and village in administrative-code order; they are
built from the same frame as the JSON records, so the two always agree. Each
table knows the columns people act on (its print view), its money, percent
and date formats, and the widths of its long-text columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from fanpin import labels
from fanpin.io import schema
from fanpin.io.messages import Lang
from fanpin.io.places import sort_by_place
from fanpin.outputs.write import TableSheet, table_sheet
from fanpin.rules.assess import Parameters

YUAN = "#,##0.00"
PERCENT = "0.0%"
DAY = "yyyy-mm-dd"
MONTH = {"zh": 'yyyy"年"m"月"', "en": "yyyy-mm"}
_PLACE = ("township", "village")  # place names may wrap on paper for the text beside them
OPTIONS_SHOWN = 3  # measures named per uncovered risk in the measures sheet


@dataclass
class LabelledTable:
    """A table as people read it, with what a sheet of it needs."""

    frame: pd.DataFrame
    print_columns: list[str] = field(default_factory=list)
    number_formats: dict[str, str] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)
    narrow: list[str] = field(default_factory=list)  # long text that wraps to fit a page

    def sheet(self, title: str | None = None) -> TableSheet:
        return table_sheet(
            self.frame,
            widths=self.widths,
            number_formats=self.number_formats,
            title=title,
            print_columns=self.print_columns,
            narrow=self.narrow,
        )


def sheet_title(key: str, lang: Lang, county: str | None = None, **values: Any) -> str:
    """The title row of a sheet (labels.SHEET_TITLES), with the county when known."""
    text = labels.label(labels.SHEET_TITLES, key, lang).format(county=county or "", **values)
    return text.lstrip(":： ")


def column(key: str, lang: Lang, era: labels.Era = "2021") -> str:
    """A column's header; the households' category in the era's words (监测对象类别, from
    2026 防止返贫致贫对象类别)."""
    if key == "category" and lang == "zh":
        return labels.term("object_category", era, lang)
    return labels.label(labels.COLUMNS, key, lang)


def _labelled(
    columns: Sequence[tuple[str, Any]],
    lang: Lang,
    printed: Sequence[str],
    formats: dict[str, str] | None = None,
    widths: dict[str, float] | None = None,
    era: labels.Era = "2021",
    narrow: Sequence[str] = (),
) -> LabelledTable:
    """A LabelledTable from (column key, values) pairs, keys of labels.COLUMNS; ``narrow``
    the keys of its long-text columns, which wrap to fit the page."""

    def name(key: str) -> str:
        return column(key, lang, era)

    frame = pd.DataFrame({name(key): values for key, values in columns})
    return LabelledTable(
        frame.reset_index(drop=True),
        [name(key) for key in printed],
        {name(key): value for key, value in (formats or {}).items()},
        {name(key): value for key, value in (widths or {}).items()},
        [name(key) for key in narrow],
    )


def _map(values: pd.Series, table: labels.Labels, lang: Lang) -> pd.Series:
    return values.map(labels.labeller(table, lang), na_action="ignore")


def _month(values: pd.Series) -> pd.Series:
    """YYYYMM text as the first day of the month (an Excel date); anything else as None."""
    text = values.astype("string")
    valid = text.str.fullmatch(r"\d{6}").fillna(False)
    days = pd.to_datetime(text.where(valid), format="%Y%m", errors="coerce")
    return pd.Series(
        [d.date() if not pd.isna(d) else None for d in days], index=values.index, dtype=object
    )


def _factor_names(lang: Lang) -> dict[str, str]:
    if lang == "zh":
        return dict(schema.RISK_FACTORS)
    return {code: code.replace("_", " ") for code in schema.RISK_FACTORS}


def households_view(frame: pd.DataFrame, parameters: Parameters) -> LabelledTable:
    """The households sheet: one row per household, labelled columns, codes as labels."""
    lang = parameters.lang
    frame = sort_by_place(frame)
    rule_labels = {
        r.name: (r.label if lang == "zh" or not r.label_en else r.label_en) + f"(+{r.points})"
        for r in parameters.profile.tiers.rules
    }
    names = _factor_names(lang)
    separator = labels.label(labels.LIST_SEPARATOR, "clauses", lang)
    colon = labels.label(labels.LIST_SEPARATOR, "colon", lang)
    listed = labels.label(labels.LIST_SEPARATOR, "list", lang)

    def evidence(items: Sequence[tuple[str, str]]) -> str:
        return separator.join(f"{names[f]}{colon}{t}" for f, t in items)

    columns: list[tuple[str, Any]] = [
        ("household_id", frame["household_id"]),
        ("township", frame["township"]),
        ("village", frame["village"]),
        ("head_name", frame["head_name"]),
        ("size", frame["size"]),
        ("status", _map(frame["status"], labels.STATUS, lang)),
        ("category", _map(frame["category"], labels.CATEGORY, lang)),
        ("per_capita_income", frame["per_capita_income"]),
        ("tier", _map(frame["tier"], labels.TIER, lang)),
        (
            "risk_factors",
            frame["risk_evidence"].map(
                lambda items: listed.join(dict.fromkeys(names[f] for f, _ in items))
            ),
        ),
        ("evidence", frame["risk_evidence"].map(evidence)),
        ("cadre", frame["cadre"]),
        ("unassessed_reason", frame["unassessed_reason"]),
        ("household_type", _map(frame["household_type"], labels.HOUSEHOLD_TYPE, lang)),
        ("recorded_category", _map(frame["recorded_category"], labels.CATEGORY, lang)),
        ("proposed_category", _map(frame["proposed_category"], labels.CATEGORY, lang)),
        (
            "category_differs",
            frame["category_differs"].map({True: labels.label(labels.YES_NO, "yes", lang)}),
        ),
        ("adjusted_per_capita_income", frame["adjusted_per_capita_income"]),
        ("last_year_per_capita_income", frame["last_year_per_capita_income"]),
        ("income_change_ratio", frame["income_change_ratio"]),
        ("score", frame["score"]),
        (
            "reasons",
            frame["reasons"].map(lambda rules: separator.join(rule_labels[n] for n in rules)),
        ),
        ("first_row", frame["first_row"]),
    ]
    printed = [key for key, _ in columns[:12]]
    if frame["unassessed_reason"].notna().any():
        printed.append("unassessed_reason")
    money = ("per_capita_income", "adjusted_per_capita_income", "last_year_per_capita_income")
    return _labelled(
        columns,
        lang,
        printed,
        formats={**dict.fromkeys(money, YUAN), "income_change_ratio": PERCENT},
        widths={"tier": 13, "risk_factors": 16, "evidence": 36, "unassessed_reason": 24},
        era=parameters.profile.terminology,
        narrow=[
            "evidence",
            "risk_factors",
            "unassessed_reason",
            "category",
            "status",
            *_PLACE,
            "tier",
        ],
    )


def measures_view(frame: pd.DataFrame, parameters: Parameters) -> LabelledTable:
    """One row per household that needs measures (monitored, proposed, at risk again):
    what is in place, which risks are not yet covered, and measures to choose from."""
    lang = parameters.lang
    catalogue = parameters.profile.catalogue.by_code()
    scope = frame["status"].isin(["monitored", "proposed"]) | frame["returned_to_risk"]
    chosen = sort_by_place(frame.loc[scope])
    names = _factor_names(lang) | {
        code: labels.label(labels.MEASURE_TARGETS, code, lang) for code in labels.MEASURE_TARGETS
    }
    listed = labels.label(labels.LIST_SEPARATOR, "list", lang)
    clauses = labels.label(labels.LIST_SEPARATOR, "clauses", lang)

    def measure_names(codes: Sequence[str]) -> str:
        return listed.join(catalogue[c].name for c in codes if c in catalogue)

    def options(factors: Sequence[str], gap: Sequence[str]) -> str:
        parts = []
        for factor in factors:
            fits = [c for c in gap if c in catalogue and _addresses(catalogue[c], factor)]
            shown = listed.join(
                f"{catalogue[c].name}（{catalogue[c].department}）"
                if catalogue[c].department
                else catalogue[c].name
                for c in fits[:OPTIONS_SHOWN]
            )
            if len(fits) > OPTIONS_SHOWN:
                more = labels.label(labels.MEASURE_OPTIONS, "more", lang)
                shown += " " + more.format(count=len(fits))
            template = labels.label(labels.MEASURE_OPTIONS, "factor", lang)
            parts.append(template.format(factor=names.get(factor, factor), measures=shown))
        return clauses.join(parts)

    uncovered = chosen["uncovered"]
    state = uncovered.map(len).gt(0).map({True: "gap", False: "covered"})
    state = state.where(chosen["measures_needed"].map(len).gt(0), "none_needed")
    columns: list[tuple[str, Any]] = [
        ("household_id", chosen["household_id"]),
        ("township", chosen["township"]),
        ("village", chosen["village"]),
        ("head_name", chosen["head_name"]),
        ("status", _map(chosen["status"], labels.STATUS, lang)),
        ("tier", _map(chosen["tier"], labels.TIER, lang)),
        ("measure_state", _map(state, labels.MEASURE_STATES, lang)),
        ("measures_received", chosen["measures_received_codes"].map(measure_names)),
        (
            "measures_missing",
            uncovered.map(lambda factors: listed.join(names.get(f, f) for f in factors)),
        ),
        (
            "measures_options",
            [options(f, g) for f, g in zip(uncovered, chosen["measures_gap"], strict=True)],
        ),
        ("cadre", chosen["cadre"]),
        ("measures_unrecognised", chosen["measures_unrecognised"].map(listed.join)),
        ("measures_received_codes", chosen["measures_received_codes"].map(listed.join)),
        ("measures_gap_codes", chosen["measures_gap"].map(listed.join)),
    ]
    return _labelled(
        columns,
        lang,
        [key for key, _ in columns[:11]],
        widths={
            "tier": 13,
            "measures_received": 26,
            "measures_missing": 16,
            "measures_options": 40,
        },
        narrow=[
            "measures_options",
            "measures_received",
            "measures_missing",
            "measure_state",
            "status",
            "tier",
            *_PLACE,
        ],
    )


def _addresses(measure: Any, factor: str) -> bool:
    if factor == "development":
        return bool(measure.development)
    if factor == "safety_net":
        return bool(measure.safety_net)
    return factor in measure.risks


def elimination_view(frame: pd.DataFrame, parameters: Parameters) -> LabelledTable:
    """One row per household with a recorded category: may it leave monitoring, and why not."""
    lang = parameters.lang
    chosen = sort_by_place(frame.loc[frame["elimination_status"].notna()])
    separator = labels.label(labels.LIST_SEPARATOR, "clauses", lang)
    columns: list[tuple[str, Any]] = [
        ("household_id", chosen["household_id"]),
        ("township", chosen["township"]),
        ("village", chosen["village"]),
        ("head_name", chosen["head_name"]),
        ("category", _map(chosen["recorded_category"], labels.CATEGORY, lang)),
        ("monitored_since", _month(chosen["monitored_since"])),
        ("months_monitored", chosen["months_monitored"]),
        ("per_capita_income", chosen["per_capita_income"]),
        ("elimination_status", _map(chosen["elimination_status"], labels.ELIMINATION_STATUS, lang)),
        (
            "elimination_method_proposed",
            _map(chosen["elimination_method_proposed"], labels.ELIMINATION_METHOD, lang),
        ),
        (
            "elimination_blockers",
            chosen["elimination_blockers"].map(
                lambda items: separator.join(i["message"] for i in items)
            ),
        ),
        ("elimination_action", _map(chosen["elimination_action"], labels.ELIMINATION_ACTION, lang)),
        ("cadre", chosen["cadre"]),
        ("adjusted_per_capita_income", chosen["adjusted_per_capita_income"]),
        ("elimination_method", _map(chosen["elimination_method"], labels.ELIMINATION_METHOD, lang)),
        ("eliminated_month", _month(chosen["eliminated_month"])),
    ]
    month = MONTH["zh" if lang == "zh" else "en"]
    return _labelled(
        columns,
        lang,
        [key for key, _ in columns[:13]],
        formats={
            "per_capita_income": YUAN,
            "adjusted_per_capita_income": YUAN,
            "monitored_since": month,
            "eliminated_month": month,
        },
        widths={"elimination_status": 12, "elimination_blockers": 34, "elimination_action": 14},
        era=parameters.profile.terminology,
        narrow=[
            "elimination_blockers",
            "elimination_action",
            "elimination_method_proposed",
            "elimination_status",
            "category",
            *_PLACE,
        ],
    )


def escaped_track_view(frame: pd.DataFrame, parameters: Parameters) -> LabelledTable:
    """One row per 原建档立卡脱贫户 sorted (domain.md §11): 建议有序退出 or 建议继续帮扶, why."""
    lang = parameters.lang
    chosen = sort_by_place(frame.loc[frame["escaped_track"].notna()])
    separator = labels.label(labels.LIST_SEPARATOR, "clauses", lang)
    without_transfers = (
        (chosen["net_income"] - chosen["transfer_income"].fillna(0)) / chosen["size"]
    ).round(2)
    columns: list[tuple[str, Any]] = [
        ("household_id", chosen["household_id"]),
        ("township", chosen["township"]),
        ("village", chosen["village"]),
        ("head_name", chosen["head_name"]),
        ("size", chosen["size"]),
        ("status", _map(chosen["status"], labels.STATUS, lang)),
        ("per_capita_income", chosen["per_capita_income"]),
        ("income_without_transfers", without_transfers),
        ("escaped_track", _map(chosen["escaped_track"], labels.ESCAPED_TRACK, lang)),
        (
            "escaped_track_reasons",
            chosen["escaped_track_reasons"].map(
                lambda reasons: separator.join(r["label"] for r in reasons)
            ),
        ),
        ("cadre", chosen["cadre"]),
        ("first_row", chosen["first_row"]),
    ]
    return _labelled(
        columns,
        lang,
        [key for key, _ in columns[:11]],
        formats={"per_capita_income": YUAN, "income_without_transfers": YUAN},
        widths={"escaped_track_reasons": 40},
        narrow=["escaped_track_reasons", "escaped_track", "status", *_PLACE],
    )


def changes_view(changes: pd.DataFrame, lang: Lang, note: str | None = None) -> LabelledTable:
    """Changes between two snapshots (``campaigns.diff``) labelled, or one row saying
    ``note`` (first run, no change) when there are none."""
    keys = ["household_id", "township", "village", "head_name", "change", "before", "after"]
    if changes.empty:
        rows: list[tuple[str, Any]] = [(k, [note] if k == "household_id" else [None]) for k in keys]
        rows.append(("change_code", [None]))
        return _labelled(rows, lang, keys)
    changes = sort_by_place(changes)  # within a household, changes keep their order
    values = {
        code: name
        for named in (labels.STATUS, labels.TIER, labels.CATEGORY)
        for code, name in labels.labeller(named, lang).items()
    }  # status, tier and category codes are distinct, so one map labels before and after

    def labelled(values_of: pd.Series) -> pd.Series:  # object: a blank stays None, not NaN
        return pd.Series([values.get(v, v) for v in values_of], index=values_of.index, dtype=object)

    columns: list[tuple[str, Any]] = [
        ("household_id", changes["household_id"]),
        ("township", changes["township"]),
        ("village", changes["village"]),
        ("head_name", changes["head_name"]),
        ("change", _map(changes["change"], labels.CHANGES, lang)),
        ("before", labelled(changes["before"])),
        ("after", labelled(changes["after"])),
        ("change_code", changes["change"]),
    ]
    return _labelled(columns, lang, keys)


def problems_view(
    issues: pd.DataFrame,
    lang: Lang,
    places: pd.DataFrame | None = None,
    sources: pd.Series | None = None,
    files: pd.Series | None = None,
    kinds: Mapping[str, tuple[str, str]] | None = None,
) -> LabelledTable:
    """Problems of the inputs (``issues.ISSUE_COLUMNS``) as people read them: severity and
    problem in words, where it is, the message; the code last, for scripts. ``places``
    (row → township, village, head_name) adds where the row's household lives;
    ``sources`` and ``files`` (same index as ``issues``) which input it came from;
    ``kinds`` name the profile's own problem codes (``rules.quality.own_kinds``)."""
    issues = issues.reset_index(drop=True)
    named = {**labels.ISSUE_KINDS, **(kinds or {})}
    columns: dict[str, Any] = {}
    if sources is not None:
        columns["source"] = sources.reset_index(drop=True)
    if files is not None:
        columns["file"] = files.reset_index(drop=True)
    if places is not None:
        rows = pd.DataFrame({"row": issues["row"].astype("Int64")})
        where = rows.merge(places.astype({"row": "Int64"}), on="row", how="left")
        columns |= {
            "township": where["township"],
            "village": where["village"],
            "household_id": issues["household_id"],
            "head_name": where["head_name"],
        }
    columns |= {
        "severity": _map(issues["severity"], labels.SEVERITY, lang),
        "kind": issues["code"].map(lambda c: labels.label(named, c, lang)),
        "sheet": issues["sheet"],
        "row": issues["row"].astype("Int64"),
        "column": issues["column"],
        "value": issues["value"],
    }
    if places is None:
        columns["household_id"] = issues["household_id"]
    columns |= {"message": issues["message"], "code": issues["code"]}
    frame = pd.DataFrame(
        {labels.label(labels.PROBLEM_COLUMNS, k, lang): v for k, v in columns.items()}
    )
    name = {k: labels.label(labels.PROBLEM_COLUMNS, k, lang) for k in columns}
    printed = [name[k] for k in columns if k not in ("code", "sheet")]  # sheet: on screen
    widths = {"source": 20.0, "file": 16.0, "kind": 18.0, "value": 18.0, "message": 40.0}
    long_text = ("message", "value", "kind", "file", "source")
    return LabelledTable(
        frame,
        printed,
        widths={name[k]: w for k, w in widths.items() if k in name},
        narrow=[name[k] for k in long_text if k in name],
    )


def item_view(rows: Sequence[tuple[str, Any]], lang: Lang) -> LabelledTable:
    """A two-column sheet of labelled items (参数, 说明): labels.PARAMETERS keys or text."""
    headers = [labels.label(labels.PARAMETERS, k, lang) for k in ("item", "value")]
    frame = pd.DataFrame(list(rows), columns=headers)
    return LabelledTable(frame, widths={headers[0]: 24, headers[1]: 70}, narrow=headers)


def input_rows(inputs: Sequence[dict[str, Any]], lang: Lang) -> list[tuple[str, str]]:
    """One 输入文件 row per input: path and SHA-256."""
    name = labels.label(labels.PARAMETERS, "input", lang)
    template = labels.label(labels.PARAMETERS, "input_hash", lang)
    return [(name, template.format(path=i["path"], sha256=i["sha256"])) for i in inputs]


def parameters_view(parameters: Parameters, meta: dict[str, Any]) -> LabelledTable:
    """The parameters sheet: what produced the workbook, so it can be reproduced."""
    profile = parameters.profile
    lang = parameters.lang
    item: Callable[[str], str] = lambda key: labels.label(labels.PARAMETERS, key, lang)  # noqa: E731
    rows: list[tuple[str, Any]] = [
        (item("profile"), f"{profile.name} {profile.version} ({profile.hash})"),
        (item("year"), parameters.year),
        (item("line"), parameters.line),
        (item("line_source"), labels.line_source(*profile.line_origin(parameters.year), lang)),
        (item("as_of"), parameters.as_of),
        (item("drop_ratio"), profile.category.drop_ratio),
        (item("watch_margin"), profile.category.watch_margin),
        (item("high_from"), profile.tiers.high),
        (item("medium_from"), profile.tiers.medium),
        (item("fanpin_version"), meta["fanpin_version"]),
        *input_rows(meta["inputs"], lang),
    ]
    for rule in profile.tiers.rules:
        name = rule.label if lang == "zh" or not rule.label_en else rule.label_en
        rows.append(
            (
                labels.label(labels.PARAMETERS, "rule", lang).format(label=name),
                labels.label(labels.PARAMETERS, "rule_value", lang).format(
                    when=rule.when, points=rule.points
                ),
            )
        )
    return item_view(rows, lang)


def as_date(value: date | str | None) -> date | None:
    """An ISO date (or a date) as a date, for cells that must be real Excel dates."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def households_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """The households sheet's table (``households_view(...).frame``)."""
    return households_view(frame, parameters).frame


def measures_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """The measures sheet's table (``measures_view(...).frame``)."""
    return measures_view(frame, parameters).frame


def elimination_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """The elimination sheet's table (``elimination_view(...).frame``)."""
    return elimination_view(frame, parameters).frame


def escaped_track_table(frame: pd.DataFrame, parameters: Parameters) -> pd.DataFrame:
    """The 脱贫户分类 sheet's table (``escaped_track_view(...).frame``)."""
    return escaped_track_view(frame, parameters).frame


def changes_table(changes: pd.DataFrame, lang: Lang, note: str | None = None) -> pd.DataFrame:
    """The changes sheet's table (``changes_view(...).frame``)."""
    return changes_view(changes, lang, note).frame
