"""The sheets every campaign workbook shares on paper: its problems and its 参数.

The print budget itself (``within_budget``, ``PRINT_BUDGET``, ``ACROSS_SCALE``) is
``write.table_sheet``'s, the one way every workbook is laid out for A4; it is named
here too for the campaign writers that import it from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fanpin import labels
from fanpin.io.messages import Lang
from fanpin.outputs.tables import item_view
from fanpin.outputs.write import (
    ACROSS_SCALE,
    LEAST_WIDTH,
    PORTRAIT_BUDGET,
    PRINT_BUDGET,
    TableSheet,
    within_budget,
)

__all__ = [
    "ACROSS_SCALE",
    "LEAST_WIDTH",
    "PORTRAIT_BUDGET",
    "PRINT_BUDGET",
    "parameters_sheet",
    "problem_text",
    "within_budget",
]


def problem_text(lang: Lang) -> list[str]:
    """The long-text columns of a problems sheet (``tables.problems_view``), to narrow."""
    keys = ("message", "value", "kind", "file", "source")
    return [labels.label(labels.PROBLEM_COLUMNS, key, lang) for key in keys]


def parameters_sheet(rows: Sequence[tuple[str, Any]], lang: Lang) -> TableSheet:
    """The 参数 sheet every command writes (``tables.item_view``), within the budget."""
    view = item_view(rows, lang)
    return within_budget(view.sheet(), [str(c) for c in view.frame.columns])
