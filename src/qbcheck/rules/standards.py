"""Standards (rule sets) as YAML: load safely, resolve `extends:`, validate with file:line errors.

A standard is data: metadata, parameters (the split weights), the scope of schools, indicators
with formulas, and rules, each rule with a citation and a confidence mark. A provincial file
`extends:` another and overrides only what it changes; rules merge by id, indicators by key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qbcheck.core.errors import Problem, RuleFileError, UsageError
from qbcheck.core.messages import Phrase
from qbcheck.model.fields import (
    COUNTY_KEYS,
    COUNTY_KEYS_BY_KEY,
    LABELS,
    OWNERSHIPS,
    PART_NAMES,
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
    ownership: list[Literal["公办", "民办"]] = list(OWNERSHIPS)
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


class _Rule(_Strict):
    id: Annotated[str, Field(pattern=RULE_ID)]
    title: Text
    citation: Citation
    confidence: Confidence
    part: str = "A"
    note: Text | None = None
    target_year: int | None = None  # before it a miss is "at risk", from it a failure
    where: dict[str, WhereValue] | None = None  # which schools a school rule applies to


class SchoolThreshold(_Rule):
    kind: Literal["school_threshold"]
    indicator: str
    op: Op = ">="
    threshold: ByStage | float | None = None
    threshold_by_type: dict[str, float] | None = None  # whole-school rules: by school type

    @model_validator(mode="after")
    def _one_threshold(self) -> SchoolThreshold:
        if (self.threshold is None) == (self.threshold_by_type is None):
            raise ValueError("give either threshold or threshold_by_type")
        for name in self.threshold_by_type or {}:
            if name not in SCHOOL_TYPES:
                raise ValueError(f"unknown school type '{name}'")
        return self


class SchoolKofN(_Rule):
    kind: Literal["school_k_of_n"]
    of: list[str]
    k: int = Field(ge=1)
    floor: float = Field(ge=0, le=1)  # the rest must reach this fraction of their threshold


class SchoolClasses(_Rule):
    """Every class of a stage at most `limit` pupils: from the 班级 sheet or the size bands."""

    kind: Literal["school_classes"]
    limit: ByStage


class CvLimit(_Rule):
    kind: Literal["cv_limit"]
    indicator: str
    limit: ByStage


class CvMean(_Rule):
    """The 2012 composite: the mean of several indicators' CVs against one limit per stage."""

    kind: Literal["cv_mean"]
    indicators: list[str]
    limit: ByStage


class CountyThreshold(_Rule):
    kind: Literal["county_threshold"]
    indicator: str
    op: Op = ">="
    threshold: ByStage | float


class Attestation(_Rule):
    """A qualitative item the county declares 是/否 with evidence: never a measured pass."""

    kind: Literal["attestation"]
    key: str
    evidence_required: bool = True


class Veto(_Rule):
    """一票否决: the county declares whether it applies; 是 blocks recognition."""

    kind: Literal["veto"]
    key: str


class GroupCount(_Rule):
    """Every group (e.g. township) has at least `min` schools matching `having`."""

    kind: Literal["group_count"]
    group_by: str
    having: dict[str, WhereValue]
    min: int = Field(ge=1)


AnyRule = (
    SchoolThreshold
    | SchoolKofN
    | SchoolClasses
    | CvLimit
    | CvMean
    | CountyThreshold
    | Attestation
    | Veto
    | GroupCount
)
Rule = Annotated[AnyRule, Field(discriminator="kind")]


class StandardModel(_Strict):
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
    rules: list[Rule] = []


@dataclass
class Standard:
    """A resolved standard: the merged model plus where each piece came from."""

    model: StandardModel
    files: list[Path]  # this file first, then what it extends
    formulas: dict[str, Formula]
    rules: dict[str, AnyRule] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    rule_origin: dict[str, str] = field(default_factory=dict)  # rule id → file:line

    @property
    def id(self) -> str:
        return self.model.id


# --- YAML with line numbers --------------------------------------------------------------


class _Map(dict):
    """A mapping that remembers the file and line of each key."""

    origin: dict[Any, tuple[str, int]]
    where: tuple[str, int]


class _Seq(list):
    origin: list[tuple[str, int]]
    where: tuple[str, int]


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster


def _loader(filename: str) -> type[yaml.SafeLoader]:
    class Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Map:
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
        m = _Map()
        m.origin = {}
        m.where = (filename, node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            m[key] = loader.construct_object(value_node, deep=True)
            m.origin[key] = (filename, key_node.start_mark.line + 1)
        return m

    def construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> _Seq:
        s = _Seq(loader.construct_object(v, deep=True) for v in node.value)
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


def _read_yaml(path: Path) -> _Map:
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
    if not isinstance(data, _Map):
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
    if isinstance(base, _Map) and isinstance(over, _Map):
        out = _Map(base)
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
    if not isinstance(base, _Seq) or not isinstance(over, _Seq):
        return over
    out = _Seq(base)
    out.origin = list(base.origin)
    out.where = over.where
    index = {r.get("id"): i for i, r in enumerate(out) if isinstance(r, _Map)}
    for item, origin in zip(over, over.origin, strict=True):
        rid = item.get("id") if isinstance(item, _Map) else None
        if rid in index:
            out[index[rid]] = _merge(out[index[rid]], item)
            out.origin[index[rid]] = origin
        else:
            index[rid] = len(out)
            out.append(item)
            out.origin.append(origin)
    return out


def load_standard(name: str | Path, _seen: tuple[Path, ...] = ()) -> Standard:
    """Load a built-in id or a file path, resolving `extends:`, and validate the result."""
    raw, files, chain = _resolve(str(name), None, ())
    return _validate(raw, files, chain)


def _resolve(
    name: str, relative_to: Path | None, seen: tuple[Path, ...]
) -> tuple[_Map, list[Path], list[str]]:
    path = _locate(name, relative_to).resolve()
    if path in seen:
        loop = " → ".join(p.name for p in (*seen, path))
        raise RuleFileError([Problem("E204", {"where": str(path), "chain": loop}, str(path))])
    data = _read_yaml(path)
    parent = data.get("extends")
    if parent is None:
        return data, [path], [str(data.get("id", path.stem))]
    if not isinstance(parent, str):
        where = _where(data, "extends")
        raise RuleFileError([Problem("E203", {"where": where, "detail": _msg("R11")}, where)])
    base, files, chain = _resolve(parent, path.parent, (*seen, path))
    return _merge(base, data), [path, *files], [str(data.get("id", path.stem)), *chain]


def _where(node: Any, key: Any = None) -> str:
    if isinstance(node, _Map):
        file, line = node.origin.get(key, node.where) if key is not None else node.where
        return f"{file}:{line}"
    if isinstance(node, _Seq):
        file, line = (
            node.origin[key] if isinstance(key, int) and key < len(node.origin) else node.where
        )
        return f"{file}:{line}"
    return "?"


def _locate_loc(raw: _Map, loc: tuple[Any, ...]) -> str:
    """Follow a pydantic error location through the raw YAML to the deepest known line."""
    node: Any = raw
    where = _where(raw)
    for part in loc:
        if isinstance(node, _Map):
            key = "schema" if part == "schema_" else part
            if key in node:
                where = _where(node, key)
                node = node[key]
            elif isinstance(part, str) and part not in node:
                continue  # a union tag in the path, not a key
        elif isinstance(node, _Seq) and isinstance(part, int) and part < len(node):
            where = _where(node, part)
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


def explain(err: dict) -> Phrase:
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


def _validate(raw: _Map, files: list[Path], chain: list[str]) -> Standard:
    problems: list[Problem] = []
    try:
        model = StandardModel.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            where = _locate_loc(raw, err["loc"])
            problems.append(Problem("E203", {"where": where, "detail": explain(err)}, where))
        raise RuleFileError(problems, header="E209") from None

    formulas = _compile_indicators(model, raw, problems)
    rules_raw = raw.get("rules", [])
    rules: dict[str, AnyRule] = {}
    origin: dict[str, str] = {}
    for i, rule in enumerate(model.rules):
        node = rules_raw[i] if isinstance(rules_raw, _Seq) and i < len(rules_raw) else None
        where = _where(rules_raw, i) if node is not None else _where(raw, "rules")
        if rule.id in rules:
            problems.append(Problem("E208", {"where": where, "name": rule.id}, where))
        rules[rule.id] = rule
        origin[rule.id] = where
        for code, params, key in _rule_problems(model, rule):
            w = _where(node, key) if isinstance(node, _Map) and key in node else where
            problems.append(Problem(code, {"where": w, **params}, w))
    for rid, rule in rules.items():
        if isinstance(rule, SchoolKofN):
            for ref in rule.of:
                if not isinstance(rules.get(ref), SchoolThreshold):
                    problems.append(
                        Problem("E207", {"where": origin[rid], "name": ref}, origin[rid])
                    )
    if problems:
        raise RuleFileError(problems, header="E209")
    return Standard(model, files, formulas, rules, chain, origin)


def _compile_indicators(
    model: StandardModel, raw: _Map, problems: list[Problem]
) -> dict[str, Formula]:
    formulas: dict[str, Formula] = {}
    indicators_raw = raw.get("indicators", {})
    county = COUNTY_NAMES
    for key, ind in model.indicators.items():
        node = indicators_raw.get(key) if isinstance(indicators_raw, _Map) else None
        where = _where(node, "formula") if isinstance(node, _Map) else _where(raw, "indicators")
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


def _rule_problems(model: StandardModel, rule: AnyRule) -> Iterator[tuple[str, dict, str]]:
    """Cross-references a schema cannot check: (code, params, the key to point at)."""
    inds = model.indicators
    if rule.part not in model.parts:
        yield "E210", {"detail": _msg("R20", name=rule.part, known=", ".join(model.parts))}, "part"
    for key, value in (rule.where or {}).items():
        yield from _where_problems(key, value, "where")
    if isinstance(rule, GroupCount):
        if rule.group_by not in LABELS:
            yield "E210", {"detail": _msg("R21", name=rule.group_by)}, "group_by"
        for key, value in rule.having.items():
            yield from _where_problems(key, value, "having")
    levels: dict[str, tuple[str, ...]] = {}
    if isinstance(rule, SchoolThreshold):
        levels = {rule.indicator: ("part", "school")}
    elif isinstance(rule, CvLimit):
        levels = {rule.indicator: ("part",)}
    elif isinstance(rule, CvMean):
        levels = dict.fromkeys(rule.indicators, ("part",))
    elif isinstance(rule, CountyThreshold):
        levels = {rule.indicator: ("county",)}
    for name, allowed in levels.items():
        if name not in inds:
            yield "E206", {"name": name}, "indicator"
        elif inds[name].level not in allowed:
            detail = _msg("R22", name=name, level=inds[name].level, expected="/".join(allowed))
            yield "E210", {"detail": detail}, "indicator"
    if isinstance(rule, SchoolThreshold) and rule.indicator in inds:
        per_stage = inds[rule.indicator].level == "part"
        if per_stage != isinstance(rule.threshold, ByStage):
            yield "E210", {"detail": _msg("R23" if per_stage else "R24")}, "threshold"
    if isinstance(rule, CountyThreshold) and rule.indicator in inds:
        per_stage = inds[rule.indicator].over == "parts"
        if per_stage != isinstance(rule.threshold, ByStage):
            yield "E210", {"detail": _msg("R23" if per_stage else "R24")}, "threshold"
    if isinstance(rule, Attestation | Veto):
        ck = COUNTY_KEYS_BY_KEY.get(rule.key)
        if ck is None or ck.kind != "yesno":
            known = ", ".join(k.key for k in COUNTY_KEYS if k.kind == "yesno")
            yield "E210", {"detail": _msg("R25", name=rule.key, known=known)}, "key"


def _where_problems(key: str, value: object, at: str) -> Iterator[tuple[str, dict, str]]:
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
        rule = std.rules[rid]
        if isinstance(rule, SchoolKofN):
            chosen.update(rule.of)
    rules = {rid: r for rid, r in std.rules.items() if rid in chosen}
    return Standard(std.model, std.files, std.formulas, rules, std.chain, std.rule_origin)
