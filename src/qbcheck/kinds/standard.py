"""A standard validated against the rule kinds: schema errors with file:line, then every rule's
cross-checks against the rest of the standard.

The YAML (with line numbers and `extends:` merged) is the rule language's
(`qbcheck.rules.standards.read_standard`); the schema and the checks are the registry's
(`qbcheck.kinds`), which calls `validate` with them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from qbcheck.core.errors import Problem, RuleFileError
from qbcheck.kinds.base import Problems
from qbcheck.rules.standards import (
    RuleBase,
    Standard,
    StandardBase,
    YamlMap,
    YamlSeq,
    compile_indicators,
    explain,
    locate,
    where_of,
)


def validate(
    raw: YamlMap,
    files: list[Path],
    chain: list[str],
    schema: type[StandardBase],
    check: Callable[[StandardBase, RuleBase], Problems],
) -> Standard:
    """The standard, or a RuleFileError listing every problem, each with its file:line."""
    problems: list[Problem] = []
    try:
        model = schema.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            where = locate(raw, err["loc"])
            problems.append(Problem("E203", {"where": where, "detail": explain(err)}, where))
        raise RuleFileError(problems, header="E209") from None

    formulas = compile_indicators(model, raw, problems)
    rules_raw = raw.get("rules", [])
    rules: dict[str, RuleBase] = {}
    origin: dict[str, str] = {}
    for i, rule in enumerate(model.rules):
        node = rules_raw[i] if isinstance(rules_raw, YamlSeq) and i < len(rules_raw) else None
        where = where_of(rules_raw, i) if node is not None else where_of(raw, "rules")
        if rule.id in rules:
            problems.append(Problem("E208", {"where": where, "name": rule.id}, where))
        rules[rule.id] = rule
        origin[rule.id] = where
        for code, params, key in check(model, rule):
            w = where_of(node, key) if isinstance(node, YamlMap) and key in node else where
            problems.append(Problem(code, {"where": w, **params}, w))
    if problems:
        raise RuleFileError(problems, header="E209")
    return Standard(model, files, formulas, rules, chain, origin)
