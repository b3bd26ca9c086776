"""The rule kinds, one module each, and their registry.

A kind's module `qbcheck.kinds.<kind>` is its whole definition. Its docstring is its user
documentation (the "Rule kinds" section of docs/standards.md is generated from it), and it holds:

- `RULE`: the options schema, a `RuleBase` subclass with `kind: Literal["<kind>"]`;
- `check(model, rule)`: its cross-checks against the standard, yielding (code, params, key);
- `evaluate(ctx, rule)`: its results, added to the evaluation context (`kinds.base.Context`);
- `describe(rule, std, lang)`: the rows `qbcheck rules show` prints for it, its thresholds first;
- `SPREAD = True`, optionally: its county findings carry the stage's mean, schools and pupils;
- `ROWS = True`, optionally: it judges each school row from that row's cells and the county
  figures alone, so a file of many counties is judged once and cut into counties (the engine);
- `shared(rule, std)`, optionally: True when a rule's results read only the county figures (the
  县域指标 sheet, one for every county of a file), so they are made once per file.
- `REGION = True` and `judge(rule, counties, year)`, for a kind judged over a run's counties
  (a region's targets) rather than inside one county.

Adding a kind takes its module, its line in `NAMES`, its words in the catalogue (`kind.<kind>`
and the `show.*` sentences it prints) and its tests; nothing else branches on kinds.
"""

from __future__ import annotations

import inspect
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias, TypeVar, get_args

from pydantic import Field

from qbcheck.core.messages import Lang
from qbcheck.kinds.base import Context, Problems, RuleBase
from qbcheck.kinds.standard import validate
from qbcheck.rules.standards import Standard, StandardBase, read_standard, rule_problems

# One line per kind, in the order their tags are listed in errors.
NAMES: tuple[str, ...] = (
    "school_threshold",
    "school_k_of_n",
    "school_classes",
    "cv_limit",
    "cv_mean",
    "county_threshold",
    "attestation",
    "veto",
    "group_count",
    "region_share",
)


@dataclass(frozen=True)
class Kind:
    name: str
    doc: str  # the module's docstring: the kind's documentation
    rule: type[RuleBase]
    check: Callable[[StandardBase, Any], Problems]
    evaluate: Callable[[Context, Any], None]
    describe: Callable[[Any, Standard, Lang], list[tuple[str, str]]]
    spread: bool = False
    rows: bool = False  # judged row by row: once over a whole file of counties, then cut
    shared: Callable[[Any, Standard], bool] | None = None  # results from the county figures only
    # A region kind: judged over a run's counties (`judge`), never inside one county's audit.
    judge: Callable[..., Any] | None = None


def _load(name: str) -> Kind:
    module = import_module(f"{__name__}.{name}")
    rule = module.RULE
    if get_args(rule.model_fields["kind"].annotation) != (name,):
        raise TypeError(f"{module.__name__}.RULE must have kind: Literal[{name!r}]")
    return Kind(
        name,
        inspect.cleandoc(module.__doc__ or ""),
        rule,
        module.check,
        module.evaluate,
        module.describe,
        getattr(module, "SPREAD", False),
        getattr(module, "ROWS", False),
        getattr(module, "shared", None),
        module.judge if getattr(module, "REGION", False) else None,
    )


KINDS: dict[str, Kind] = {name: _load(name) for name in NAMES}

if TYPE_CHECKING:
    AnyRule: TypeAlias = RuleBase
    Rule: TypeAlias = RuleBase
else:
    AnyRule = reduce(operator.or_, (kind.rule for kind in KINDS.values()))
    Rule = Annotated[AnyRule, Field(discriminator="kind")]


class StandardModel(StandardBase):
    """A standard's schema, its rules of the registered kinds."""

    rules: list[Rule] = Field(default_factory=list)


def check(model: StandardBase, rule: RuleBase) -> Problems:
    """A rule's cross-checks: those every rule has, then its kind's."""
    yield from rule_problems(model, rule)
    yield from KINDS[rule.kind].check(model, rule)


def load_standard(name: str | Path) -> Standard:
    """Load a built-in id or a file path, resolving `extends:`, and validate the result."""
    raw, files, chain = read_standard(name)
    return validate(raw, files, chain, StandardModel, check)


R = TypeVar("R", bound=RuleBase)


def evaluation_order(rules: Iterable[R]) -> list[R]:
    """The standard's order, except that a rule comes after the rules whose results it combines
    (a k-of-n rule after its members)."""
    pending = list(rules)
    ids = {r.id for r in pending}
    done: set[str] = set()
    out: list[R] = []
    while pending:
        ready = [r for r in pending if all(d in done or d not in ids for d in r.requires())]
        if not ready:  # requirements in a loop: validation refuses them, but never hang
            ready = pending
        out += ready
        done.update(r.id for r in ready)
        taken = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in taken]
    return out


def describe(rule: RuleBase, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    """The rows `qbcheck rules show` prints for the rule's kind: its thresholds with their
    comparison, and what else the kind judges by."""
    return KINDS[rule.kind].describe(rule, std, lang)


__all__ = [
    "KINDS",
    "NAMES",
    "AnyRule",
    "Kind",
    "Rule",
    "StandardModel",
    "check",
    "describe",
    "evaluation_order",
    "load_standard",
]
