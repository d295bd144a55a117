"""Tests for fanpin.rules.expr: the whitelist, NA handling and vectorised evaluation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanpin.errors import ProfileError
from fanpin.rules.expr import MAX_SOURCE_LENGTH, parse_expression

KNOWN = [
    "per_capita_income",
    "adjusted_per_capita_income",
    "labour_count",
    "household_type",
    "income_drop_ratio",
    "has_sudden_event",
    "has_dibao",
    "line",
    "watch_margin",
    "x",
    "a",
    "t",
]
PARAMETERS = {"line": 6000, "watch_margin": 1.1}


@pytest.fixture
def roster() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "per_capita_income": [5000.0, 7000.0, np.nan, 6000.0, 6500.0],
            "adjusted_per_capita_income": [5000.0, 6500.0, 6700.0, np.nan, 6599.0],
            "labour_count": pd.array([0, 0, 1, None, 2], dtype="Int64"),
            "household_type": ["escaped", "ordinary", None, "monitored", "escaped"],
            "income_drop_ratio": [0.6, 0.5, 0.2, np.nan, 0.9],
            "has_sudden_event": pd.array([True, True, None, True, False], dtype="boolean"),
            "has_dibao": [True, False, None, pd.NA, False],
            "x": [1, 2, 3, 4, 5],
        },
        index=[10, 11, 12, 13, 14],
    )


def mask(source: str, frame: pd.DataFrame, parameters: dict[str, object] | None = None) -> list:
    if parameters is None:
        parameters = PARAMETERS
    result = parse_expression(source, KNOWN).evaluate_mask(frame, parameters)
    assert result.dtype == bool
    assert list(result.index) == list(frame.index)
    return result.tolist()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("per_capita_income < line", [True, False, False, False, False]),
        ("per_capita_income <= line", [True, False, False, True, False]),
        ("per_capita_income > line", [False, True, False, False, True]),
        ("per_capita_income >= line", [False, True, False, True, True]),
        ("per_capita_income == 6000", [False, False, False, True, False]),
        ("per_capita_income != 6000", [True, True, False, False, True]),
        ("labour_count == 0", [True, True, False, False, False]),
        ("labour_count != 0", [False, False, True, False, True]),
        ("per_capita_income < line and labour_count == 0", [True, False, False, False, False]),
        ("per_capita_income > line or labour_count == 0", [True, True, False, False, True]),
        ("(income_drop_ratio >= 0.5) and has_sudden_event", [True, True, False, False, False]),
        ("adjusted_per_capita_income < line * watch_margin", [True, True, False, False, True]),
        ("not has_dibao", [False, True, True, True, True]),
        ("not has_sudden_event", [False, False, True, False, True]),
        ("has_dibao or has_sudden_event", [True, True, False, True, False]),
        ("household_type == 'escaped'", [True, False, False, False, True]),
        ("household_type != 'escaped'", [False, True, False, True, False]),
        ("household_type in ['escaped', 'ordinary']", [True, True, False, False, True]),
        ("household_type in ('monitored',)", [False, False, False, True, False]),
        ("household_type not in ['escaped', 'ordinary']", [False, False, False, True, False]),
        ("x in [-1, 2, +4]", [False, True, False, True, False]),
        ("x in []", [False] * 5),
        ("2 <= x < 4", [False, True, True, False, False]),
        ("1 < x < 5 != x + 1", [False, True, True, False, False]),
        ("0 < labour_count <= 2", [False, False, True, False, True]),
        ("-x < -3", [False, False, False, True, True]),
        ("+x > 4", [False, False, False, False, True]),
        ("x - 1 == 0", [True, False, False, False, False]),
        ("x / 2 == 1.5", [False, False, True, False, False]),
        ("x + x * 2 == 9", [False, False, True, False, False]),
        ("(x + x) * 2 == 12", [False, False, True, False, False]),
        ("x == True", [True, False, False, False, False]),
        ("not (x > 2 and x < 5)", [True, True, False, False, True]),
        ("True", [True] * 5),
        ("False or x == 5", [False, False, False, False, True]),
    ],
)
def test_allowed_constructs(roster: pd.DataFrame, source: str, expected: list[bool]) -> None:
    assert mask(source, roster) == expected


def test_names_lists_every_field_and_parameter() -> None:
    expression = parse_expression("per_capita_income < line * watch_margin and x in [1]", KNOWN)
    assert expression.names == frozenset({"per_capita_income", "line", "watch_margin", "x"})
    assert expression.source == "per_capita_income < line * watch_margin and x in [1]"


def test_parameters_take_precedence_over_columns(roster: pd.DataFrame) -> None:
    frame = roster.assign(line=0)
    assert mask("per_capita_income < line", frame, {"line": 6000})[0] is True
    assert mask("per_capita_income < line", frame, {})[0] is False


def test_scalar_results_are_broadcast(roster: pd.DataFrame) -> None:
    assert mask("line > 5000", roster) == [True] * 5
    assert mask("line > 7000", roster) == [False] * 5
    values = parse_expression("line * 2", KNOWN).evaluate(roster, PARAMETERS)
    assert list(values.index) == list(roster.index)
    assert values.tolist() == [12000] * 5


def test_missing_parameter_compares_false(roster: pd.DataFrame) -> None:
    assert mask("per_capita_income != line", roster, {"line": None}) == [False] * 5
    assert mask("line == line", roster, {"line": float("nan")}) == [False] * 5
    assert mask("not (line > 1)", roster, {"line": None}) == [True] * 5


def test_missing_values_never_satisfy_a_comparison() -> None:
    frame = pd.DataFrame(
        {
            "a": [1.0, np.nan, 3.0],
            "t": pd.array([1, None, None], dtype="Int64"),
            "household_type": pd.Series(["a", None, "b"], dtype=object),
        }
    )
    assert mask("a != 2", frame) == [True, False, True]
    assert mask("a != t", frame) == [False, False, False]
    assert mask("a == t", frame) == [True, False, False]
    assert mask("household_type != 'a'", frame) == [False, False, True]
    assert mask("household_type not in ['a']", frame) == [False, False, True]


def test_evaluate_returns_values_not_only_masks(roster: pd.DataFrame) -> None:
    values = parse_expression("x / 0", KNOWN).evaluate(roster)
    assert values.tolist() == [math.inf] * 5
    assert math.isinf(parse_expression("line / 0", KNOWN).evaluate(roster, PARAMETERS).iloc[0])
    assert parse_expression("line / 0 > 1", KNOWN).evaluate_mask(roster, PARAMETERS).all()
    zero = parse_expression("0 / line", KNOWN).evaluate(roster, {"line": 0})
    assert zero.isna().all()


def test_boolean_columns_of_every_kind() -> None:
    frame = pd.DataFrame(
        {
            "has_dibao": [True, False, True],
            "has_sudden_event": pd.array([True, None, False], dtype="boolean"),
            "household_type": pd.Series([True, None, False], dtype=object),
        }
    )
    assert mask("has_dibao and has_sudden_event", frame) == [True, False, False]
    assert mask("has_dibao and household_type", frame) == [True, False, False]
    assert mask("not household_type", frame) == [False, True, True]
    assert mask("has_sudden_event == False", frame) == [False, False, True]


def test_empty_frame(roster: pd.DataFrame) -> None:
    empty = roster.iloc[0:0]
    result = parse_expression("x > 1 and line > 1", KNOWN).evaluate_mask(empty, PARAMETERS)
    assert result.dtype == bool and len(result) == 0


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("x.__class__", "attribute access is not allowed"),
        ("open('f')", "function calls are not allowed"),
        ("__import__('os')", "function calls are not allowed"),
        ("x[0]", "subscripts are not allowed"),
        ("lambda: 1", "lambda is not allowed"),
        ("[y for y in x]", "comprehensions are not allowed"),
        ("(y for y in x)", "comprehensions are not allowed"),
        ("f'{x}' == 'a'", "f-strings are not allowed"),
        ("(y := 1)", "assignment (:=) is not allowed"),
        ("x ** 2 > 1", "** operator is not allowed"),
        ("x // 2 > 1", "// operator is not allowed"),
        ("x % 2 == 1", "% operator is not allowed"),
        ("x > 1 & x < 3", "& operator is not allowed; write 'and'"),
        ("(x > 1) | (x < 3)", "| operator is not allowed; write 'or'"),
        ("~(x > 1)", "~ operator is not allowed; write 'not'"),
        ("x is None", "'is' is not allowed"),
        ("x is not 1", "'is not' is not allowed"),
        ("x in household_type", "'in' needs a literal list"),
        ("x in [a]", "only numbers, text, True and False are allowed as constants"),
        ("x in [1, 2] == [1, 2]", "'in' must be the last comparison"),
        ("x in {1, 2}", "'in' needs a literal list"),
        ("{1, 2}", "sets are not allowed"),
        ("{'a': 1}", "dicts are not allowed"),
        ("[*x]", "lists are only allowed on the right of 'in'"),
        ("x == None", "only numbers, text, True and False are allowed as constants"),
        ("x == 1j", "only numbers, text, True and False are allowed as constants"),
        ("x if a else t", "conditional expressions"),
        ("household_type + 'a' == 'b'", "arithmetic on text is not allowed"),
    ],
)
def test_rejected_constructs(source: str, reason: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_expression(source, KNOWN)
    message = str(caught.value)
    assert reason in message
    assert f'"{source}"' in message


@pytest.mark.parametrize("source", ["x >", "import os", "x = 1", "x < < 2", "(x"])
def test_syntax_errors_quote_the_expression(source: str) -> None:
    with pytest.raises(ProfileError, match="cannot parse") as caught:
        parse_expression(source, KNOWN)
    assert f'"{source}"' in str(caught.value)


@pytest.mark.parametrize("source", ["", "   ", "\n"])
def test_empty_expression(source: str) -> None:
    with pytest.raises(ProfileError, match="expression is empty"):
        parse_expression(source, KNOWN)


def test_too_long_expression() -> None:
    source = " or ".join(["x == 1"] * 100)
    assert len(source) > MAX_SOURCE_LENGTH
    with pytest.raises(ProfileError, match="too long"):
        parse_expression(source, KNOWN)


def test_deep_nesting_is_a_profile_error_or_works() -> None:
    parse_expression("-" * 400 + "x", KNOWN)
    with pytest.raises(ProfileError):
        parse_expression("(" * 240 + "x" + ")" * 240, KNOWN)


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_expression("per_capta_income < line", KNOWN)
    assert str(caught.value).startswith(
        "unknown field 'per_capta_income' in \"per_capta_income < line\"; "
        "did you mean per_capita_income"
    )
    with pytest.raises(ProfileError) as caught:
        parse_expression("labor_count == 0", ["labour_count", "household_type"])
    assert str(caught.value) == (
        "unknown field 'labor_count' in \"labor_count == 0\"; did you mean labour_count?"
    )


def test_unknown_name_far_from_everything_lists_known_fields() -> None:
    with pytest.raises(ProfileError, match="known fields include a, ") as caught:
        parse_expression("zzzzqqq > 1", KNOWN)
    assert "unknown field 'zzzzqqq'" in str(caught.value)
    with pytest.raises(ProfileError, match="no fields are known"):
        parse_expression("x > 1", [])


def test_name_known_but_absent_at_evaluation(roster: pd.DataFrame) -> None:
    expression = parse_expression("t > 1", KNOWN)
    with pytest.raises(ProfileError, match="field 't' .* neither a parameter nor a column"):
        expression.evaluate_mask(roster)


def test_incompatible_values_raise_profile_error(roster: pd.DataFrame) -> None:
    with pytest.raises(ProfileError, match='cannot evaluate "household_type < 5"'):
        parse_expression("household_type < 5", KNOWN).evaluate_mask(roster)
    with pytest.raises(ProfileError, match="single value"):
        parse_expression("x < line", KNOWN).evaluate_mask(roster, {"line": [1, 2]})


def test_large_frame_is_evaluated_vectorised() -> None:
    rows = 300_000
    generator = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "per_capita_income": generator.uniform(0, 12000, rows),
            "labour_count": generator.integers(0, 4, rows),
            "household_type": generator.choice(["escaped", "ordinary", "monitored"], rows),
        }
    )
    source = (
        "per_capita_income < line * watch_margin and labour_count == 0 "
        "or household_type in ['monitored'] and not 0 < labour_count <= 1"
    )
    result = parse_expression(source, KNOWN).evaluate_mask(frame, PARAMETERS)
    income, labour = frame["per_capita_income"], frame["labour_count"]
    expected = ((income < 6000 * 1.1) & (labour == 0)) | (
        (frame["household_type"] == "monitored") & ~((labour > 0) & (labour <= 1))
    )
    assert result.dtype == bool
    assert result.equals(expected)


thresholds = st.floats(allow_nan=False, allow_infinity=False, width=32)
column_values = st.lists(st.one_of(thresholds, st.just(math.nan)), min_size=0, max_size=30)


@settings(max_examples=60, deadline=None)
@given(values=column_values, threshold=thresholds)
def test_less_than_matches_pandas_and_not_is_its_complement(
    values: list[float], threshold: float
) -> None:
    frame = pd.DataFrame({"a": pd.Series(values, dtype=float)})
    less = parse_expression("a < t", KNOWN).evaluate_mask(frame, {"t": threshold})
    assert less.tolist() == (frame["a"] < threshold).tolist()
    negated = parse_expression("not (a < t)", KNOWN).evaluate_mask(frame, {"t": threshold})
    present = frame["a"].notna()
    assert (negated[present] == ~less[present]).all()
    assert negated[~present].all()


@pytest.mark.parametrize(
    "source",
    [
        "a == '户主'",
        "a != '户主'",
        "a in ['户主', '配偶']",
        "a not in ['户主']",
        "a < '配偶'",
        "a >= t",
        "a == t",
        "a != t",
        "a + t == '户主户主'",
        "a",
        "not a",
    ],
)
def test_categorical_columns_evaluate_as_the_text_they_stand_for(source: str) -> None:
    """Validation types vocabulary columns as categoricals; every expression means on them
    what it means on the same texts as objects (ordering, two columns of other
    categories, arithmetic included)."""
    a = ["户主", "配偶", None, "之子", "户主"]
    t = ["户主", "之子", "之子", None, "配偶"]
    as_text = pd.DataFrame({"a": pd.Series(a, dtype=object), "t": pd.Series(t, dtype=object)})
    as_categories = as_text.astype("category")
    expression = parse_expression(source, KNOWN)

    expected = expression.evaluate_mask(as_text).tolist()
    assert expression.evaluate_mask(as_categories).tolist() == expected
