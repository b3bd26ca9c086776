"""Indicator formulas: arithmetic over field names, parsed to a whitelist and run column-wise.

Rule text is never executed: Python's parser only builds the tree, and anything but numbers,
names, + - * /, brackets and a few named functions is refused with a message. A blank operand
gives None (unknown), as does a division by zero, so missing data can never turn into a pass.

Functions: ceil(x), floor(x), min(a, b, …), max(a, b, …) work value by value; in a county
formula, sum(expr, field=…) and count(field=…) aggregate over school rows, keeping the rows
whose `field` is the given word (or one of a list of words).
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

Column = list[float | None]
Value = float | None | Column


class Blank(list):
    """A column with no values at all (a column the file lacks): arithmetic on it is skipped,
    since anything combined with a blank is blank."""


def blank(n: int) -> Blank:
    return Blank([None] * n)


_OPS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_ELEMENTWISE = {"ceil": math.ceil, "floor": math.floor, "min": min, "max": max}
_AGGREGATES = {"sum", "count"}


class FormulaError(ValueError):
    """Carries a catalogue key (F0x) and its params, so the rule loader can localise it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Rows:
    """The school rows a county formula aggregates over: numeric columns and filter columns."""

    env: Mapping[str, Column]
    labels: Mapping[str, list]  # filterable columns (school_type, locale, …), one value per row
    n: int


@dataclass(frozen=True)
class Formula:
    source: str
    tree: ast.expr
    names: tuple[str, ...]  # outer names, in order of first appearance
    row_names: tuple[str, ...] = ()  # names used inside sum()
    aggregates: bool = False

    def evaluate(self, env: Mapping[str, Value], rows: Rows | None = None) -> Column:
        """Evaluate over whole columns; every name in `names` must be in env."""
        result = _eval(self.tree, env, rows)
        if isinstance(result, list):
            return result
        n = next((len(v) for v in env.values() if isinstance(v, list)), 1)
        return [result] * n

    def value(self, env: Mapping[str, Value], rows: Rows | None = None) -> float | None:
        """A single (county) value."""
        result = _eval(self.tree, env, rows)
        return result[0] if isinstance(result, list) else result

    def scalar(self, env: Mapping[str, float | None]) -> float | None:
        """One row's value: used to explain a single school, not on the hot path."""
        return self.evaluate({k: [v] for k, v in env.items()})[0]


def compile_formula(
    source: str,
    known: Iterable[str],
    row_names: Iterable[str] = (),
    filters: Iterable[str] = (),
) -> Formula:
    """Parse `source`; `known` are the names it may use directly, `row_names` those inside sum()
    (aggregates are allowed only when row names are given), `filters` the keyword filters."""
    known_set, row_set, filter_set = set(known), set(row_names), set(filters)
    source = " ".join(source.split())  # a formula folded over lines in YAML is one expression
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        raise FormulaError("F03") from None
    names: list[str] = []
    inner: list[str] = []
    has_agg = _check(tree, known_set, row_set, filter_set, names, inner, inside=False)
    return Formula(source.strip(), tree, tuple(names), tuple(inner), has_agg)


def _check(
    node: ast.AST,
    known: set[str],
    rows: set[str],
    filters: set[str],
    names: list[str],
    inner: list[str],
    inside: bool,
) -> bool:
    """Walk the tree, refusing anything outside the whitelist; True if it aggregates."""
    if isinstance(node, ast.Name):
        allowed = rows if inside else known
        if node.id not in allowed:
            raise FormulaError("F02", name=node.id, known=", ".join(sorted(allowed)))
        target = inner if inside else names
        if node.id not in target:
            target.append(node.id)
        return False
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError("F01")
        return False
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left = _check(node.left, known, rows, filters, names, inner, inside)
        return _check(node.right, known, rows, filters, names, inner, inside) or left
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _check(node.operand, known, rows, filters, names, inner, inside)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        fn = node.func.id
        if fn in _ELEMENTWISE and not node.keywords and node.args:
            if fn in ("ceil", "floor") and len(node.args) != 1:
                raise FormulaError("F04", name=fn)
            agg = False
            for arg in node.args:
                agg = _check(arg, known, rows, filters, names, inner, inside) or agg
            return agg
        if fn in _AGGREGATES and rows and not inside:
            expected = 1 if fn == "sum" else 0
            if len(node.args) != expected:
                raise FormulaError("F04", name=fn)
            for kw in node.keywords:
                if kw.arg not in filters:
                    raise FormulaError("F05", name=kw.arg, known=", ".join(sorted(filters)))
                _words(kw.value)
            for arg in node.args:
                _check(arg, known, rows, filters, names, inner, inside=True)
            return True
        raise FormulaError("F06", name=fn)
    raise FormulaError("F01")


def _words(node: ast.AST) -> tuple[str, ...]:
    """A filter value: one word or a list of words."""
    items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
    out = []
    for item in items:
        if not (isinstance(item, ast.Constant) and isinstance(item.value, str)):
            raise FormulaError("F01")
        out.append(item.value)
    return tuple(out)


def _eval(node: ast.expr, env: Mapping[str, Value], rows: Rows | None) -> Value:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, env, rows)
        if isinstance(node.op, ast.UAdd):
            return v
        if isinstance(v, list):
            return [None if x is None else -x for x in v]
        return None if v is None else -v
    if isinstance(node, ast.Call):
        return _call(node, env, rows)
    assert isinstance(node, ast.BinOp)
    left = _eval(node.left, env, rows)
    if type(left) is Blank:
        return left  # no need to compute the other side of a blank
    return _apply(type(node.op), left, _eval(node.right, env, rows))


def _call(node: ast.Call, env: Mapping[str, Value], rows: Rows | None) -> Value:
    fn = node.func.id  # type: ignore[attr-defined]
    if fn in _AGGREGATES:
        assert rows is not None, "aggregate without rows"
        if fn == "sum":
            col = _eval(node.args[0], rows.env, None)
            if type(col) is Blank:
                return None  # a column the file lacks: the sum is unknown, no need to filter
        # Three-way membership: a row whose filtered word is blank may or may not belong, and
        # then the aggregate is unknown rather than silently short of that school.
        keep: list[bool | None] = [True] * rows.n
        for kw in node.keywords:
            allowed = set(_words(kw.value))
            labels = rows.labels[kw.arg]  # type: ignore[index]
            keep = [
                False
                if k is False or (lab is not None and lab not in allowed)
                else (None if k is None or lab is None else True)
                for k, lab in zip(keep, labels, strict=True)
            ]
        if None in keep:
            return None
        if fn == "count":
            return float(sum(1 for k in keep if k))
        if not isinstance(col, list):
            return None if col is None else col * sum(1 for k in keep if k)
        picked = [v for v, k in zip(col, keep, strict=True) if k]
        if any(v is None for v in picked):
            return None
        return math.fsum(picked)  # type: ignore[arg-type]
    args = [_eval(a, env, rows) for a in node.args]
    for a in args:
        if type(a) is Blank:
            return a
    func = _ELEMENTWISE[fn]
    if not any(isinstance(a, list) for a in args):
        return None if any(a is None for a in args) else float(func(*args))  # type: ignore[arg-type]
    n = next(len(a) for a in args if isinstance(a, list))
    cols = [a if isinstance(a, list) else [a] * n for a in args]
    return [
        None if any(v is None for v in vals) else float(func(*vals))  # type: ignore[arg-type]
        for vals in zip(*cols, strict=True)
    ]


def _apply(op: type, a: Value, b: Value) -> Value:
    if type(a) is Blank:
        return a
    if type(b) is Blank:
        return b
    fn = _OPS[op]
    if op is ast.Div:
        fn = _div
    if isinstance(a, list) and isinstance(b, list):
        return [None if x is None or y is None else fn(x, y) for x, y in zip(a, b, strict=True)]
    if isinstance(a, list):
        return [None] * len(a) if b is None else [None if x is None else fn(x, b) for x in a]
    if isinstance(b, list):
        return [None] * len(b) if a is None else [None if y is None else fn(a, y) for y in b]
    return None if a is None or b is None else fn(a, b)


def _div(x: float, y: float) -> float | None:
    return x / y if y else None
