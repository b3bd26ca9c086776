"""Indicator formulas: arithmetic over field names, parsed to a whitelist and run column-wise.

Rule text is never executed: Python's parser only builds the tree, and anything but numbers,
names, + - * /, brackets and a few named functions is refused with a message. A blank operand
gives NaN (unknown), as does a division by zero, so missing data can never turn into a pass.

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
from typing import cast

import numpy as np

# Columns are float arrays and NaN marks a blank: NaN propagates through arithmetic the way
# "unknown" must, and a whole column is computed in one step.
Column = np.ndarray
Value = float | np.ndarray

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
_ELEMENTWISE = {"ceil": np.ceil, "floor": np.floor, "min": np.minimum, "max": np.maximum}
_AGGREGATES = {"sum", "count"}
NAN = float("nan")


def as_column(values: object) -> np.ndarray | float:
    """A list with None for blanks becomes a float array with NaN; a scalar None becomes NaN."""
    if values is None:
        return NAN
    if isinstance(values, np.ndarray):
        return values
    if isinstance(values, list | tuple):
        return np.array(values, dtype=np.float64)
    return float(values)  # type: ignore[arg-type]  # a number or a numeric string from a cell


def to_list(values: np.ndarray) -> list[float | None]:
    """Back to Python values for reports: NaN becomes None."""
    return [None if v != v else v for v in values.tolist()]


class FormulaError(ValueError):
    """Carries a catalogue key (F0x) and its params, so the rule loader can localise it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Rows:
    """The school rows a county formula aggregates over: numeric columns and filter columns."""

    env: Mapping[str, object]
    labels: Mapping[str, list]  # filterable columns (school_type, locale, …), one value per row
    n: int
    codes: Callable[[str], tuple[np.ndarray, dict]] | None = None  # a label as integer codes
    # Each aggregate's value (by id of its call node), worked out beforehand for these rows
    # (`grouped_aggregates`): the formula then reads it instead of aggregating.
    given: Mapping[int, float] | None = None


@dataclass(frozen=True)
class Formula:
    source: str
    tree: ast.expr
    names: tuple[str, ...]  # outer names, in order of first appearance
    row_names: tuple[str, ...] = ()  # names used inside sum()
    aggregates: bool = False

    def evaluate(self, env: Mapping[str, object], n: int | None = None) -> np.ndarray:
        """Evaluate over whole columns (NaN where unknown); names in env may be arrays, lists
        with None, or scalars."""
        with np.errstate(divide="ignore", invalid="ignore"):
            result = _eval(self.tree, env, None)
        if isinstance(result, np.ndarray):
            return result
        if n is None:
            n = next((len(v) for v in env.values() if isinstance(v, np.ndarray | list)), 1)
        return np.full(n, result, dtype=np.float64)

    def value(self, env: Mapping[str, object], rows: Rows | None = None) -> float | None:
        """A single (county) value, None when unknown."""
        with np.errstate(divide="ignore", invalid="ignore"):
            result = _eval(self.tree, env, rows)
        v = float(result[0]) if isinstance(result, np.ndarray) else float(result)
        return None if math.isnan(v) else v


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
    if isinstance(node, ast.BinOp) and type(node.op) in (*_OPS, ast.Div):
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


def _eval(node: ast.expr, env: Mapping[str, object], rows: Rows | None) -> Value:
    if isinstance(node, ast.Constant):
        return float(cast(float, node.value))  # a number: compile_formula allows no other
    if isinstance(node, ast.Name):
        return as_column(env[node.id])
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, env, rows)
        return v if isinstance(node.op, ast.UAdd) else -v
    if isinstance(node, ast.Call):
        return _call(node, env, rows)
    assert isinstance(node, ast.BinOp)
    a = _eval(node.left, env, rows)
    b = _eval(node.right, env, rows)
    if isinstance(node.op, ast.Div):
        return _div(a, b)
    return _OPS[type(node.op)](a, b)


def _div(a: Value, b: Value) -> Value:
    """Division where x / 0 is unknown (NaN), never infinity."""
    q = np.true_divide(a, b)
    if isinstance(q, np.ndarray):
        return np.where(np.asarray(b) != 0, q, NAN) if np.any(np.asarray(b) == 0) else q
    return NAN if b == 0 else float(q)


def _call(node: ast.Call, env: Mapping[str, object], rows: Rows | None) -> Value:
    fn = node.func.id  # type: ignore[attr-defined]  # compile_formula allows plain names only
    if fn in _AGGREGATES:
        assert rows is not None, "aggregate without rows"
        if rows.given is not None:
            return rows.given[id(node)]
        keep, undecided = _membership(node, rows)
        if np.any(undecided & keep):
            return NAN
        if fn == "count":
            return float(np.count_nonzero(keep))
        col = _eval(node.args[0], rows.env, None)
        if not isinstance(col, np.ndarray):
            return col * float(np.count_nonzero(keep))
        picked = col[keep]
        if np.isnan(picked).any():
            return NAN
        return math.fsum(picked.tolist())
    args = [_eval(a, env, rows) for a in node.args]
    func = _ELEMENTWISE[fn]
    if fn in ("min", "max"):
        out = args[0]
        for a in args[1:]:
            out = func(out, a)
        return out if isinstance(out, np.ndarray) else float(out)
    out = func(args[0])
    return out if isinstance(out, np.ndarray) else float(out)


def _membership(node: ast.Call, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
    """Which rows an aggregate keeps, and which it cannot decide (a blank filtered word)."""
    # Three-way membership: a row whose filtered word is blank may or may not belong, and
    # then the aggregate is unknown rather than silently short of that school.
    keep = np.ones(rows.n, dtype=bool)
    undecided = np.zeros(rows.n, dtype=bool)
    for kw in node.keywords:
        allowed = set(_words(kw.value))
        if rows.codes is not None:
            codes, vocab = rows.codes(kw.arg)  # type: ignore[arg-type]  # filters are named
            known = codes >= 0
            # np.isin by a lookup table (a blank, -1, is never wanted): a tenth of the
            # cost on a county's few dozen schools
            table = np.zeros(len(vocab) + 1, dtype=bool)
            table[[c for w, c in vocab.items() if w in allowed]] = True
            hit = table[codes]
        else:
            labels = rows.labels[kw.arg]  # type: ignore[index]  # filters are named (above)
            known = np.fromiter((lab is not None for lab in labels), bool, rows.n)
            hit = np.fromiter((lab in allowed for lab in labels), bool, rows.n)
        keep &= hit | ~known
        undecided |= ~known
    return keep, undecided


def grouped_aggregates(
    formula: Formula, rows: Rows, order: np.ndarray, ends: list[int]
) -> list[dict[int, float]]:
    """Every aggregate of a county formula for each group of the rows at once (the counties of
    a file): `order` lists the rows group by group, `ends` where each group ends in it. Each
    group's value is the one aggregating over that group's rows alone gives: membership and
    the summed expression are worked row by row, and a sum is fsum over the group's kept
    values, in the group's order."""
    starts = [0, *ends[:-1]]
    out: list[dict[int, float]] = [{} for _ in ends]

    def running(mask: np.ndarray) -> list[int]:
        return np.concatenate(([0], np.cumsum(mask))).tolist()

    with np.errstate(divide="ignore", invalid="ignore"):
        for node in ast.walk(formula.tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _AGGREGATES
            ):
                continue
            keep, undecided = _membership(node, rows)
            kept = keep[order]
            unsure, counts = running((undecided & keep)[order]), running(kept)
            values: list[float]
            if node.func.id == "count":
                values = [float(counts[b] - counts[a]) for a, b in zip(starts, ends, strict=True)]
            else:
                col = _eval(node.args[0], rows.env, None)
                if not isinstance(col, np.ndarray):
                    values = [
                        col * float(counts[b] - counts[a])
                        for a, b in zip(starts, ends, strict=True)
                    ]
                else:
                    x = col[order]
                    blank = running(np.isnan(x) & kept)
                    picked = x[kept].tolist()
                    values = [
                        NAN if blank[b] != blank[a] else math.fsum(picked[counts[a] : counts[b]])
                        for a, b in zip(starts, ends, strict=True)
                    ]
            for g, (a, b) in enumerate(zip(starts, ends, strict=True)):
                out[g][id(node)] = NAN if unsure[b] != unsure[a] else values[g]
    return out
