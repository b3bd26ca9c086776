"""Indicator formulas: arithmetic over field names, parsed to a whitelist and run column-wise.

Rule text is never executed: Python's parser only builds the tree, and anything but numbers,
names, + - * / and brackets is refused with a message. A blank operand gives None (unknown),
as does a division by zero, so missing data can never turn into a pass.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Column = list[float | None]
Value = float | None | Column

_OPS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class FormulaError(ValueError):
    """Carries a catalogue key (F0x) and its params, so the rule loader can localise it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Formula:
    source: str
    tree: ast.expr
    names: tuple[str, ...]  # in order of first appearance

    def evaluate(self, env: dict[str, Column]) -> Column:
        """Evaluate over whole columns; every name in `names` must be in env."""
        result = _eval(self.tree, env)
        if isinstance(result, list):
            return result
        n = len(next(iter(env.values()))) if env else 0
        return [result] * n

    def scalar(self, env: dict[str, float | None]) -> float | None:
        """One row's value: used to explain a single school, not on the hot path."""
        cols = {k: [v] for k, v in env.items()}
        return self.evaluate(cols)[0]


def compile_formula(source: str, known: Iterable[str]) -> Formula:
    known_set = set(known)
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        raise FormulaError("F03") from None
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in known_set:
                raise FormulaError("F02", name=node.id, known=", ".join(sorted(known_set)))
            if node.id not in names:
                names.append(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise FormulaError("F01")
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _OPS:
                raise FormulaError("F01")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise FormulaError("F01")
        elif not isinstance(node, ast.operator | ast.unaryop | ast.Load):
            raise FormulaError("F01")
    return Formula(source.strip(), tree, tuple(names))


def _eval(node: ast.expr, env: dict[str, Column]) -> Value:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, env)
        if isinstance(node.op, ast.UAdd):
            return v
        return [None if x is None else -x for x in v] if isinstance(v, list) else -v
    assert isinstance(node, ast.BinOp)
    return _apply(type(node.op), _eval(node.left, env), _eval(node.right, env))


def _apply(op: type, a: Value, b: Value) -> Value:
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
