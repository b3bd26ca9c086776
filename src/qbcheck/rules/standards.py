"""The rule language: standards (rule sets) as YAML, read safely with file:line for every value.

A standard is data: metadata, parameters (the split weights), the scope of schools, indicators
with formulas, and rules, each rule with a citation and a confidence mark. A provincial file
`extends:` another and overrides only what it changes; rules merge by id, indicators by key.

This module knows what every rule has (`RuleBase`: id, title, citation, part, where: …) but not
which kinds of rule exist: those are `qbcheck.kinds`, which validates a standard against its
union of kinds (`qbcheck.kinds.load_standard`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from qbcheck.core.errors import Problem, RuleFileError, UsageError
from qbcheck.core.messages import Phrase
from qbcheck.model.fields import (
    COUNTY_KEYS,
    LABELS,
    OWNERSHIPS,
    PART_NAMES,
    SCHOOL_FIELDS,
    SCHOOL_NAMES,
    SCHOOL_TYPES,
)
from qbcheck.rules.formula import Formula, FormulaError, compile_formula

SCHEMA = "qbcheck/standard/v1"
DEFAULT_STANDARD = "quality-balance-2017"
RULE_ID = r"^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$"
# Names a county formula may use: the 县域指标 figures and the year the audit is judged at.
COUNTY_NAMES: frozenset[str] = frozenset(
    {k.key for k in COUNTY_KEYS if k.kind != "yesno"} | {"as_of_year"}
)

# --- the schema --------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Part(_Strict):
    """A part of a standard (资源配置 …). City targets can be shown without deciding the
    national verdict: in_verdict false."""

    zh: str
    en: str
    in_verdict: bool = True

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Citation(_Strict):
    document: str
    clause: str
    text: str  # the original wording, as far as it is known
    url: str | None = None


class ByStage(_Strict):
    """A value per compulsory stage; a stage left out means the rule does not apply to it."""

    primary: float | None = None
    junior: float | None = None

    def get(self, stage: str) -> float | None:
        return getattr(self, stage, None)


Level = Literal["part", "school", "county"]


class Indicator(_Strict):
    name: Text
    short: Text
    unit: Text
    formula: str
    # part: one value per school stage part; school: one per school (a stage the school lacks
    # counts 0); county: one per county, from the 县域指标 sheet and sum()/count() over `over`.
    level: Level = "part"
    over: Literal["parts", "schools"] = "schools"
    remedy: str | None = None  # the input a school raises to close a gap (a formula name)
    decimals: int = Field(default=2, ge=0, le=6)
    percent: bool = False  # a share: shown as 95.0%, stored as 0.95


class Scope(_Strict):
    ownership: list[Literal["公办", "民办"]] = cast(list[Literal["公办", "民办"]], list(OWNERSHIPS))
    school_types: list[str] = list(SCHOOL_TYPES)
    min_pupils: dict[str, int] = {}  # school type → fewest pupils to be in scope

    @model_validator(mode="after")
    def _types_known(self) -> Scope:
        for name in [*self.school_types, *self.min_pupils]:
            if name not in SCHOOL_TYPES:
                raise ValueError(f"unknown school type '{name}'")
        return self


class Parameters(_Strict):
    split_weights: dict[Literal["primary", "junior", "senior"], Annotated[float, Field(gt=0)]] = {
        "primary": 1.0,
        "junior": 1.1,
        "senior": 1.32,
    }
    cv_decimals: int = Field(default=3, ge=0, le=6)


Confidence = Literal["C1", "C2", "C3", "U"]
Op = Literal[">=", "<=", ">", "<"]


class Range(_Strict):
    """A numeric filter: min and max inclusive, below and above exclusive."""

    min: float | None = None
    max: float | None = None
    below: float | None = None
    above: float | None = None

    def __contains__(self, v: float | None) -> bool:
        if v is None:
            return False
        return (
            (self.min is None or v >= self.min)
            and (self.max is None or v <= self.max)
            and (self.below is None or v < self.below)
            and (self.above is None or v > self.above)
        )


# Keys a `where:` may filter on: words (a list of allowed values) or numbers (a Range).
WhereValue = list[str | int] | Range


class RuleBase(_Strict):
    """What every rule has, whatever its kind. A kind (`qbcheck.kinds.<kind>`) subclasses it with
    `kind: Literal["<kind>"]` and its own options, and overrides the hooks below that apply."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    kind: str
    title: Text
    citation: Citation
    confidence: Confidence
    part: str = "A"
    note: Text | None = None
    target_year: int | None = None  # before it a miss is "at risk", from it a failure
    where: dict[str, WhereValue] | None = None  # which schools a school rule applies to

    def requires(self) -> tuple[str, ...]:
        """The rules whose results this one combines (selected and evaluated before it)."""
        return ()

    def indicator_keys(self) -> tuple[str, ...]:
        """The indicators this rule judges."""
        return ()

    def input_keys(self) -> tuple[str, ...]:
        """Input fields or county keys the rule reads itself, beside its indicators' formulas
        and its `where:` filter."""
        return ()


class StandardBase(_Strict):
    """A standard's schema but for the kinds of its rules: `qbcheck.kinds.StandardModel` narrows
    `rules` to the union of the registered kinds."""

    schema_: Literal["qbcheck/standard/v1"] = Field(alias="schema")
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    regime: Text | None = None  # e.g. 优质均衡: the verdict line names it
    document: str
    edition: str
    effective: dt.date
    extends: str | None = None
    description: Text | None = None
    parameters: Parameters = Parameters()
    scope: Scope = Scope()
    parts: dict[str, Part] = {"A": Part(zh="资源配置", en="Resource allocation")}
    indicators: dict[str, Indicator] = {}
    rules: Sequence[RuleBase] = ()


@dataclass
class Standard:
    """A resolved standard: the merged model plus where each piece came from."""

    model: StandardBase
    files: list[Path]  # this file first, then what it extends
    formulas: dict[str, Formula]
    rules: dict[str, RuleBase] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    rule_origin: dict[str, str] = field(default_factory=dict)  # rule id → file:line

    @property
    def id(self) -> str:
        return self.model.id


# --- YAML with line numbers --------------------------------------------------------------


class YamlMap(dict):
    """A mapping that remembers the file and line of each key."""

    origin: dict[Any, tuple[str, int]]
    where: tuple[str, int]


class YamlSeq(list):
    origin: list[tuple[str, int]]
    where: tuple[str, int]


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster


def _loader(filename: str) -> type[yaml.SafeLoader]:
    class Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]  # C or Python loader, found at run time
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> YamlMap:
        own: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node, deep=True)
            if key in own:  # a key typed twice is a mistake; one that overrides a merge is not
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark
                )
            own.add(key)
        loader.flatten_mapping(node)
        m = YamlMap()
        m.origin = {}
        m.where = (filename, node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            m[key] = loader.construct_object(value_node, deep=True)
            m.origin[key] = (filename, key_node.start_mark.line + 1)
        return m

    def construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> YamlSeq:
        s = YamlSeq(loader.construct_object(v, deep=True) for v in node.value)
        s.origin = [(filename, v.start_mark.line + 1) for v in node.value]
        s.where = (filename, node.start_mark.line + 1)
        return s

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def display_path(path: Path) -> str:
    """Built-in files show as standards/NAME.yaml wherever installed; others as given."""
    try:
        return f"standards/{path.relative_to(builtin_dir().resolve())}"
    except ValueError:
        pass
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_yaml(path: Path) -> YamlMap:
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError([Problem("E202", {"where": name, "detail": str(exc)}, name)]) from None
    try:
        data = yaml.load(text, Loader=_loader(name))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        detail = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError([Problem("E202", {"where": where, "detail": detail}, where)]) from None
    if not isinstance(data, YamlMap):
        raise RuleFileError([Problem("E203", {"where": name, "detail": _msg("R10")}, name)])
    return data


# --- finding and merging standards -------------------------------------------------------


def builtin_dir() -> Path:
    """Inside the wheel the standards sit in the package; in a checkout, at the repo root."""
    packaged = Path(__file__).parents[1] / "standards"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "standards"


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def _locate(name: str, relative_to: Path | None) -> Path:
    candidates: list[Path] = []
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        p = Path(name)
        if not p.is_absolute() and relative_to is not None:
            candidates.append(relative_to / p)
        candidates.append(p)
    else:
        if relative_to is not None:
            candidates.append(relative_to / f"{name}.yaml")
        candidates.append(builtin_dir() / f"{name}.yaml")
    for c in candidates:
        if c.is_file():
            return c
    raise RuleFileError([Problem("E201", {"name": name, "known": ", ".join(builtin_ids())}, None)])


def _merge(base: Any, over: Any) -> Any:
    """Deep-merge `over` onto `base`, keeping each value's file and line."""
    if isinstance(base, YamlMap) and isinstance(over, YamlMap):
        out = YamlMap(base)
        out.origin = dict(base.origin)
        out.where = over.where
        for k, v in over.items():
            if k == "rules":
                out[k] = _merge_rules(base.get(k), v)
            else:
                out[k] = _merge(base[k], v) if k in base else v
            out.origin[k] = over.origin[k]
        return out
    return over


def _merge_rules(base: Any, over: Any) -> Any:
    if not isinstance(base, YamlSeq) or not isinstance(over, YamlSeq):
        return over
    out = YamlSeq(base)
    out.origin = list(base.origin)
    out.where = over.where
    index = {r.get("id"): i for i, r in enumerate(out) if isinstance(r, YamlMap)}
    for item, origin in zip(over, over.origin, strict=True):
        rid = item.get("id") if isinstance(item, YamlMap) else None
        if rid in index:
            out[index[rid]] = _merge(out[index[rid]], item)
            out.origin[index[rid]] = origin
        else:
            index[rid] = len(out)
            out.append(item)
            out.origin.append(origin)
    return out


def read_standard(name: str | Path) -> tuple[YamlMap, list[Path], list[str]]:
    """A built-in id or a file path, with its `extends:` resolved: the merged YAML (every value
    with its file and line), the files (this one first) and the chain of ids. Validating it
    against the kinds of rule is `qbcheck.kinds.load_standard`."""
    return _resolve(str(name), None, ())


def _resolve(
    name: str, relative_to: Path | None, seen: tuple[Path, ...]
) -> tuple[YamlMap, list[Path], list[str]]:
    path = _locate(name, relative_to).resolve()
    if path in seen:
        loop = " → ".join(p.name for p in (*seen, path))
        raise RuleFileError([Problem("E204", {"where": str(path), "chain": loop}, str(path))])
    data = _read_yaml(path)
    parent = data.get("extends")
    if parent is None:
        return data, [path], [str(data.get("id", path.stem))]
    if not isinstance(parent, str):
        where = where_of(data, "extends")
        raise RuleFileError([Problem("E203", {"where": where, "detail": _msg("R11")}, where)])
    base, files, chain = _resolve(parent, path.parent, (*seen, path))
    return _merge(base, data), [path, *files], [str(data.get("id", path.stem)), *chain]


def where_of(node: Any, key: Any = None) -> str:
    """file:line of a key of a mapping, an item of a sequence, or the node itself."""
    if isinstance(node, YamlMap):
        file, line = node.origin.get(key, node.where) if key is not None else node.where
        return f"{file}:{line}"
    if isinstance(node, YamlSeq):
        file, line = (
            node.origin[key] if isinstance(key, int) and key < len(node.origin) else node.where
        )
        return f"{file}:{line}"
    return "?"


def locate(raw: YamlMap, loc: tuple[Any, ...]) -> str:
    """Follow a pydantic error location through the raw YAML to the deepest known line."""
    node: Any = raw
    where = where_of(raw)
    for part in loc:
        if isinstance(node, YamlMap):
            key = "schema" if part == "schema_" else part
            if key in node:
                where = where_of(node, key)
                node = node[key]
            elif isinstance(part, str) and part not in node:
                continue  # a union tag in the path, not a key
        elif isinstance(node, YamlSeq) and isinstance(part, int) and part < len(node):
            where = where_of(node, part)
            node = node[part]
    return where


_PYDANTIC_KEYS = {
    "missing": "R01",
    "extra_forbidden": "R02",
    "literal_error": "R03",
    "union_tag_invalid": "R04",
    "union_tag_not_found": "R05",
    "float_type": "R06",
    "float_parsing": "R06",
    "int_type": "R07",
    "int_parsing": "R07",
    "int_from_float": "R07",
    "string_type": "R08",
    "string_pattern_mismatch": "R09",
    "date_type": "R12",
    "date_parsing": "R12",
    "date_from_datetime_parsing": "R12",
    "dict_type": "R13",
    "model_type": "R13",
    "list_type": "R14",
    "greater_than": "R15",
    "greater_than_equal": "R15",
    "less_than_equal": "R15",
    "string_too_short": "R16",
}


def _msg(key: str, **params: object) -> Phrase:
    return Phrase(key, params)


def explain(err: Mapping[str, Any]) -> Phrase:
    """A pydantic error in the reader's language (the catalogue's R0x sentences)."""
    name = ".".join(str(p) for p in err["loc"])
    key = _PYDANTIC_KEYS.get(err["type"])
    ctx = err.get("ctx", {})
    if key is None:
        return _msg("R99", name=name, detail=err["msg"])
    expected = ctx.get("expected", ctx.get("pattern", ctx.get("gt", ctx.get("ge", ""))))
    if "le" in ctx:
        expected = f"≤ {ctx['le']}"
    return _msg(key, name=name, value=err.get("input"), expected=expected)


def compile_indicators(
    model: StandardBase, raw: YamlMap, problems: list[Problem]
) -> dict[str, Formula]:
    """Each indicator's formula, compiled against the names its level may use."""
    formulas: dict[str, Formula] = {}
    indicators_raw = raw.get("indicators", {})
    county = COUNTY_NAMES
    known: Collection[str]
    rows: Collection[str]
    for key, ind in model.indicators.items():
        node = indicators_raw.get(key) if isinstance(indicators_raw, YamlMap) else None
        where = (
            where_of(node, "formula") if isinstance(node, YamlMap) else where_of(raw, "indicators")
        )
        if ind.level == "part":
            known, rows = PART_NAMES.keys() | county, ()
        elif ind.level == "school":
            known, rows = SCHOOL_NAMES | county, ()
        else:
            known = county
            rows = PART_NAMES.keys() if ind.over == "parts" else SCHOOL_NAMES
        try:
            formulas[key] = compile_formula(ind.formula, known, rows, LABELS)
        except FormulaError as exc:
            detail = _msg(exc.key, **exc.params)
            problems.append(
                Problem("E205", {"where": where, "formula": ind.formula, "detail": detail}, where)
            )
        if ind.remedy is not None and ind.remedy not in known:
            detail = _msg("F02", name=ind.remedy, known=", ".join(sorted(known)))
            problems.append(
                Problem("E205", {"where": where, "formula": ind.remedy, "detail": detail}, where)
            )
    return formulas


def rule_problems(model: StandardBase, rule: RuleBase) -> Iterator[tuple[str, dict, str]]:
    """What every rule is checked for beyond its schema, whatever its kind: its part exists and
    its `where:` filters columns that can be filtered. (code, params, the key to point at)."""
    if rule.part not in model.parts:
        yield "E210", {"detail": _msg("R20", name=rule.part, known=", ".join(model.parts))}, "part"
    for key, value in (rule.where or {}).items():
        yield from where_problems(key, value, "where")


def indicator_problems(
    model: StandardBase, levels: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, dict, str]]:
    """The indicators a rule names exist and are at a level it can judge."""
    inds = model.indicators
    for name, allowed in levels.items():
        if name not in inds:
            yield "E206", {"name": name}, "indicator"
        elif inds[name].level not in allowed:
            detail = _msg("R22", name=name, level=inds[name].level, expected="/".join(allowed))
            yield "E210", {"detail": detail}, "indicator"


def stages_problems(per_stage: bool, threshold: object) -> Iterator[tuple[str, dict, str]]:
    """A per-stage indicator needs a threshold per stage, one without stages a single number."""
    if per_stage != isinstance(threshold, ByStage):
        yield "E210", {"detail": _msg("R23" if per_stage else "R24")}, "threshold"


def where_problems(key: str, value: object, at: str) -> Iterator[tuple[str, dict, str]]:
    """A `where:` (or `having:`) entry filters a word column by a list or a number by a range."""
    if key in LABELS or key == "has_stage":
        if not isinstance(value, list):
            yield "E210", {"detail": _msg("R26", name=key)}, at
    elif key in SCHOOL_NAMES:
        if not isinstance(value, Range):
            yield "E210", {"detail": _msg("R27", name=key)}, at
    else:
        known = ", ".join(sorted({*LABELS, "has_stage", *SCHOOL_NAMES}))
        yield "E210", {"detail": _msg("R21", name=key, known=known)}, at


def rule_matches(rule_id: str, pattern: str) -> bool:
    """Prefix match on whole segments: QB.A matches QB.A1 and QB.A.school; QB.B1 matches
    QB.B1.x but not QB.B10."""
    if rule_id == pattern:
        return True
    if not rule_id.startswith(pattern):
        return False
    nxt = rule_id[len(pattern)]
    return nxt == "." or (pattern[-1].isalpha() and nxt.isdigit())


def select_rules(std: Standard, select: list[str], ignore: list[str]) -> Standard:
    """The standard with only the chosen rules (and the members of a chosen k-of-n rule).
    A pattern that matches no rule is a usage error: a typo must not silently check nothing."""
    if not select and not ignore:
        return std
    for pattern in [*select, *ignore]:
        if not any(rule_matches(rid, pattern) for rid in std.rules):
            raise UsageError([Problem("E305", {"pattern": pattern})])
    chosen = {
        rid
        for rid in std.rules
        if (not select or any(rule_matches(rid, p) for p in select))
        and not any(rule_matches(rid, p) for p in ignore)
    }
    for rid in list(chosen):
        chosen.update(std.rules[rid].requires())
    rules = {rid: r for rid, r in std.rules.items() if rid in chosen}
    return Standard(std.model, std.files, std.formulas, rules, std.chain, std.rule_origin)


def rules_by_field(std: Standard) -> dict[str, list[str]]:
    """Field key (or county key) → the ids of the rules that read it: through their indicators'
    formulas (a rule combining others reads what they read), their own inputs, their filters."""
    by_indicator: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for rid, rule in std.rules.items():
        for key in rule.indicator_keys():
            by_indicator.setdefault(key, []).append(rid)
        for key in [*rule.input_keys(), *(rule.where or {})]:
            out.setdefault(key, []).append(rid)
    for rid, rule in std.rules.items():
        for member in rule.requires():
            member_rule = std.rules.get(member)
            for key in member_rule.indicator_keys() if member_rule is not None else ():
                by_indicator.setdefault(key, []).append(rid)
    for indicator, formula in std.formulas.items():
        names = {*formula.names, *formula.row_names}
        for f in SCHOOL_FIELDS:
            if f.part_name in names or f.key in names:
                out.setdefault(f.key, []).extend(by_indicator.get(indicator, []))
        for ck in COUNTY_KEYS:
            if ck.key in names:
                out.setdefault(ck.key, []).extend(by_indicator.get(indicator, []))
    return {k: list(dict.fromkeys(v)) for k, v in out.items()}
