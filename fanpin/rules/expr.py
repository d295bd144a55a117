"""Conditions over named household fields, parsed through a whitelist of syntax.

Profiles and catalogues are edited by users, so a condition such as
``per_capita_income < line and labour_count == 0`` is parsed with ``ast`` and
only a small set of node kinds is accepted; nothing is ever passed to ``eval``.
The accepted tree is turned once into a tree of closures that evaluate on whole
columns at a time.
"""

from __future__ import annotations

import ast
import difflib
import functools
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from fanpin import labels
from fanpin.errors import ProfileError

MAX_SOURCE_LENGTH = 500

# During evaluation a value is a Series aligned with the frame or a plain scalar;
# pandas' operator overloads decide the result type, so it is not narrowed here.
Value = Any


@dataclass(frozen=True)
class _Scope:
    frame: pd.DataFrame
    parameters: Mapping[str, object]


Evaluator = Callable[[_Scope], Value]
ComparisonTest = Callable[[Value, Value], Value]

_COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


@dataclass(frozen=True)
class Expression:
    """A validated condition; evaluate it on any frame holding its fields."""

    source: str
    names: frozenset[str]
    _evaluator: Evaluator = field(repr=False, compare=False)

    def evaluate(
        self, frame: pd.DataFrame, parameters: Mapping[str, object] | None = None
    ) -> pd.Series:
        """Return the value for every row of ``frame``, indexed like ``frame``.

        Names resolve to ``parameters`` first, then to columns of ``frame``. A
        name found in neither, or values that cannot be combined (text compared
        with a number), raise ProfileError naming the expression.
        """
        scope = _Scope(frame, parameters or {})
        try:
            result = self._evaluator(scope)
        except (TypeError, ValueError, OverflowError, RecursionError) as error:
            raise ProfileError(
                f'cannot evaluate "{self.source}": {error}',
                zh=f'无法计算表达式 "{self.source}"：{_evaluation_zh(error)}',
            ) from error
        if isinstance(result, pd.Series):
            return result
        return pd.Series(result, index=frame.index)

    def evaluate_mask(
        self, frame: pd.DataFrame, parameters: Mapping[str, object] | None = None
    ) -> pd.Series:
        """Return a bool Series (no NA) indexed like ``frame``; missing counts as False."""
        return _as_mask(self.evaluate(frame, parameters), frame.index)


def parse_expression(source: str, known_names: Collection[str]) -> Expression:
    """Parse ``source`` through the whitelist, or raise ProfileError saying what is wrong.

    Every name must be in ``known_names``; an unknown one is reported with the
    closest known names as suggestions.
    """
    if not source.strip():
        raise ProfileError(
            "expression is empty; write a condition such as 'labour_count == 0'",
            zh="表达式是空的：请写一个条件，例如 'labour_count == 0'",
        )
    if len(source) > MAX_SOURCE_LENGTH:
        raise ProfileError(
            f"expression is too long ({len(source)} characters, at most {MAX_SOURCE_LENGTH}): "
            f'"{source[:60]}..."',
            zh=f"表达式太长（{len(source)} 个字符，最多 {MAX_SOURCE_LENGTH} 个）："
            f'"{source[:60]}..."',
        )
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        near = f"第 {error.offset} 个字符附近" if error.offset else ""
        raise ProfileError(
            f'cannot parse "{source}": {error.msg}',
            zh=f'无法解析表达式 "{source}"：{near}写法有误'
            "（只能写字段名、数字、文字、比较、算术和 and、or、not、in）",
        ) from error
    except (ValueError, RecursionError, MemoryError) as error:
        why = "含有不能使用的字符" if isinstance(error, ValueError) else "嵌套过深"
        raise ProfileError(
            f'cannot parse "{source}": {error}', zh=f'无法解析表达式 "{source}"：{why}'
        ) from error
    compiler = _Compiler(source, frozenset(known_names))
    try:
        evaluator = compiler.compile(tree.body)
    except RecursionError as error:
        raise ProfileError(
            f'"{source}" is nested too deeply', zh=f'表达式 "{source}" 嵌套过深'
        ) from error
    return Expression(source, frozenset(compiler.names), evaluator)


class _Compiler:
    """Checks each node against the whitelist and builds its evaluator."""

    def __init__(self, source: str, known_names: frozenset[str]) -> None:
        self.source = source
        self.known_names = known_names
        self.names: set[str] = set()

    def reject(self, reason: tuple[str, str], hint: tuple[str, str] = ("", "")) -> ProfileError:
        """The error for syntax the language refuses; ``reason`` and ``hint`` are (zh, en)."""
        return ProfileError(
            f'{reason[1]} in "{self.source}"{hint[1]}',
            zh=f'表达式 "{self.source}" 有误：{reason[0]}{hint[0]}',
        )

    def not_allowed(self, kind: type[ast.AST]) -> ProfileError:
        name = kind.__name__
        return self.reject(
            labels.EXPRESSION_NOT_ALLOWED.get(name, (f"不能使用 {name}", f"{name} is not allowed"))
        )

    def compile(self, node: ast.expr) -> Evaluator:
        if isinstance(node, ast.Constant):
            value = self.literal(node)
            return lambda scope: value
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BoolOp):
            return self.bool_op(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary_op(node)
        if isinstance(node, ast.BinOp):
            return self.bin_op(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        raise self.not_allowed(type(node))

    def literal(self, node: ast.expr) -> object:
        """The value of a constant, allowing a sign on numbers (``-1`` is a UnaryOp)."""
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self.literal(node.operand)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return -value if isinstance(node.op, ast.USub) else value
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool | int | float | str):
            return node.value
        raise self.reject(
            (
                "常量只能是数字、文字、True 或 False",
                "only numbers, text, True and False are allowed as constants",
            )
        )

    def name(self, node: ast.Name) -> Evaluator:
        name, source = node.id, self.source
        if name not in self.known_names:
            raise self.reject(
                (f"没有字段 '{name}'", f"unknown field '{name}'"), _suggest(name, self.known_names)
            )
        self.names.add(name)

        def resolve(scope: _Scope) -> Value:
            if name in scope.parameters:
                value = scope.parameters[name]
                if not pd.api.types.is_scalar(value):
                    raise ProfileError(
                        f"parameter '{name}' in \"{source}\" must be a single value",
                        zh=f"表达式 \"{source}\" 中的参数 '{name}' 必须是单个值",
                    )
                return value
            if name in scope.frame.columns:
                column = scope.frame[name]
                if isinstance(column, pd.DataFrame):
                    raise ProfileError(
                        f"column '{name}' in \"{source}\" appears more than once",
                        zh=f"表达式 \"{source}\" 中的字段 '{name}' 在表中出现了不止一次",
                    )
                return column
            raise ProfileError(
                f"field '{name}' in \"{source}\" is neither a parameter nor a column",
                zh=f"表达式 \"{source}\" 中的字段 '{name}' 既不是参数，也不是表中的列",
            )

        return resolve

    def bool_op(self, node: ast.BoolOp) -> Evaluator:
        combine = operator.and_ if isinstance(node.op, ast.And) else operator.or_
        operands = [self.compile(value) for value in node.values]

        def evaluate(scope: _Scope) -> Value:
            masks = [_as_mask(operand(scope), scope.frame.index) for operand in operands]
            return functools.reduce(combine, masks)

        return evaluate

    def unary_op(self, node: ast.UnaryOp) -> Evaluator:
        if isinstance(node.op, ast.Invert):
            raise self.not_allowed(ast.Invert)
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda scope: ~_as_mask(operand(scope), scope.frame.index)
        if isinstance(node.op, ast.USub):
            return lambda scope: -operand(scope)
        return lambda scope: +operand(scope)

    def bin_op(self, node: ast.BinOp) -> Evaluator:
        apply = _ARITHMETIC.get(type(node.op))
        if apply is None:
            raise self.not_allowed(type(node.op))
        for side in (node.left, node.right):
            if isinstance(side, ast.Constant) and isinstance(side.value, str):
                raise self.reject(("不能对文字做算术", "arithmetic on text is not allowed"))
        left, right = self.compile(node.left), self.compile(node.right)
        return lambda scope: _arithmetic(apply, left(scope), right(scope))

    def compare(self, node: ast.Compare) -> Evaluator:
        left = self.compile(node.left)
        links = [
            self.comparison_link(op, comparator, is_last=position == len(node.ops) - 1)
            for position, (op, comparator) in enumerate(
                zip(node.ops, node.comparators, strict=True)
            )
        ]

        def evaluate(scope: _Scope) -> Value:
            # Like Python's own chains, each operand is evaluated once and
            # `a < b <= c` means `a < b and b <= c`.
            index = scope.frame.index
            left_value = left(scope)
            mask = pd.Series(True, index=index, dtype=bool)
            for right, test in links:
                right_value = right(scope)
                mask = mask & _as_mask(test(left_value, right_value), index)
                left_value = right_value
            return mask

        return evaluate

    def comparison_link(
        self, op: ast.cmpop, comparator: ast.expr, *, is_last: bool
    ) -> tuple[Evaluator, ComparisonTest]:
        if isinstance(op, ast.In | ast.NotIn):
            if not isinstance(comparator, ast.List | ast.Tuple):
                raise self.reject(
                    (
                        "in 的右边须写一个列表，例如 ['a', 'b']",
                        "'in' needs a literal list on its right, such as ['a', 'b']",
                    )
                )
            if not is_last:
                raise self.reject(
                    (
                        "连写的比较中 in 只能放在最后",
                        "'in' must be the last comparison in a chain",
                    )
                )
            choices = [self.literal(element) for element in comparator.elts]
            test = functools.partial(_membership, negate=isinstance(op, ast.NotIn))
            return (lambda scope: choices), test
        compare = _COMPARISONS.get(type(op))
        if compare is None:
            raise self.not_allowed(type(op))
        return self.compile(comparator), functools.partial(_compare, compare)


def _suggest(name: str, known_names: Collection[str]) -> tuple[str, str]:
    """The closest known names to ``name`` (or some known names), as (zh, en) hints."""
    candidates = sorted(known_names)
    close = difflib.get_close_matches(name, candidates, n=3)
    if close:
        return f"；是不是要写 {'、'.join(close)}？", f"; did you mean {', '.join(close)}?"
    if not candidates:
        return "；这里没有可用的字段", "; no fields are known"
    more = ", ..." if len(candidates) > 8 else ""
    some = candidates[:8]
    return (
        f"；可用的字段有 {'、'.join(some)}{'……' if more else ''}",
        f"; known fields include {', '.join(some)}{more}",
    )


def _evaluation_zh(error: Exception) -> str:
    """Why evaluating failed, in Chinese words (Python's own text stays in the English)."""
    if isinstance(error, TypeError):
        return "这些值不能这样组合（例如文字与数字比较，或对文字做算术）：请检查字段与比较的值"
    if isinstance(error, RecursionError):
        return "嵌套过深"
    return "数值无法计算（例如数值过大）"


def _is_missing(value: Value) -> bool:
    return (
        not isinstance(value, pd.Series) and pd.api.types.is_scalar(value) and bool(pd.isna(value))
    )


def _as_mask(value: Value, index: pd.Index) -> pd.Series:
    """A bool Series over ``index``: truthy values are True, missing values False."""
    if not isinstance(value, pd.Series):
        truth = not _is_missing(value) and bool(value)
        return pd.Series(truth, index=index, dtype=bool)
    if value.dtype == bool:
        return value
    if pd.api.types.is_bool_dtype(value.dtype):
        return value.fillna(False).astype(bool)
    if pd.api.types.is_numeric_dtype(value.dtype):
        return value.fillna(0).astype(bool)
    # Object and text columns: go through object so that False can stand in for NA.
    return value.astype(object).fillna(False).astype(bool)


def _compare(compare: Callable[[Any, Any], Any], left: Value, right: Value) -> Value:
    """``compare(left, right)``, False wherever either side is missing (even for !=)."""
    if _is_missing(left) or _is_missing(right):
        return False
    both_columns = isinstance(left, pd.Series) and isinstance(right, pd.Series)
    if compare not in (operator.eq, operator.ne) or (both_columns and left.dtype != right.dtype):
        left, right = _plain(left), _plain(right)
    outcome = compare(left, right)
    if not isinstance(outcome, pd.Series):
        return bool(outcome)
    mask = _as_mask(outcome, outcome.index)
    for side in (left, right):
        if isinstance(side, pd.Series):
            mask = mask & side.notna()
    return mask


def _plain(value: Value) -> Value:
    """A categorical column (a roster's vocabulary) as the text column it stands for, where
    categoricals differ from text: ordering, arithmetic, two columns of other categories."""
    if isinstance(value, pd.Series) and isinstance(value.dtype, pd.CategoricalDtype):
        return value.astype(object)
    return value


def _membership(left: Value, choices: list[object], *, negate: bool) -> Value:
    """Whether ``left`` is (or with ``negate``, is not) one of ``choices``; missing is False."""
    if not isinstance(left, pd.Series):
        return not _is_missing(left) and (left in choices) != negate
    found = _as_mask(left.isin(choices), left.index)
    return (~found if negate else found) & left.notna()


def _arithmetic(apply: Callable[[Any, Any], Any], left: Value, right: Value) -> Value:
    if isinstance(left, pd.Series) or isinstance(right, pd.Series):
        with np.errstate(all="ignore"):
            return apply(_plain(left), _plain(right))
    if isinstance(left, str) or isinstance(right, str):
        raise TypeError("arithmetic on text is not allowed")
    if _is_missing(left) or _is_missing(right):
        return np.nan
    # numpy scalars give inf/nan on division by zero where Python raises.
    with np.errstate(all="ignore"):
        return apply(np.float64(left), right)
