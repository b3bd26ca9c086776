"""What the rule kinds share: the rule base, the evaluation context and the helpers their checks,
evaluations and descriptions use.

A kind's module (`qbcheck.kinds.<kind>`) holds its options schema (a `RuleBase` subclass),
`check` (cross-checks against the standard), `evaluate` (its results, into the context) and
`describe` (the rows `qbcheck rules show` prints). The context is built once per audit and holds
what every kind reads: the dataset, the standard, the year judged, the county figures, the stage
parts and whole schools in scope, and the indicator values computed so far.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping

import numpy as np

from qbcheck.core.messages import Joined, Lang, Phrase, t
from qbcheck.core.stats import WeightedCV, exact_sum, weighted_cv
from qbcheck.core.status import AT_RISK, FAIL, PASS, UNKNOWN, Status
from qbcheck.kinds.outcome import CountyResult, SchoolResult
from qbcheck.model.dataset import Dataset
from qbcheck.model.fields import (
    COUNTY_KEYS,
    COUNTY_KEYS_BY_KEY,
    FIELDS_BY_KEY,
    SCHOOL_TYPES,
    Field,
)
from qbcheck.rules.formula import Column, Formula, Rows, grouped_aggregates, to_list
from qbcheck.rules.scope import Subjects, rows
from qbcheck.rules.standards import ByStage, Indicator, Range, RuleBase, Standard, WhereValue

__all__ = ["EPS", "WORDS", "Context", "Problems", "RuleBase"]

# (code, params, the key of the rule to point at): what a kind's `check` yields.
Problems = Iterator[tuple[str, dict, str]]

# A stage's weighted CV, or why it is not known, and the pupils it is over (`weighted`).
Spread = tuple[WeightedCV | None, Phrase | None, float]

WORDS = np.array([PASS, FAIL, UNKNOWN], dtype=object)
# Ties are judged at full precision; this only absorbs binary floating-point noise (1e-12
# relative), far below any figure a report shows, so that 21 teachers for 500 pupils is 4.2.
EPS = 1e-12


class Context:
    """One audit's evaluation: what every kind reads, and the results the kinds add to."""

    def __init__(
        self,
        ds: Dataset,
        std: Standard,
        year: int,
        county: dict[str, float | None],
        parts: dict[str, Subjects],
        whole: Subjects,
    ) -> None:
        self.ds, self.std, self.year, self.county = ds, std, year, county
        self.parts, self.whole = parts, whole
        self.school_results: list[SchoolResult] = []
        self.county_results: list[CountyResult] = []
        # (rule id, stage or None) → a school rule's result, for the rules that combine them
        self.by_rule: dict[tuple[str, str | None], SchoolResult] = {}
        self.indicator_cache: dict[tuple[str, str], Column] = {}
        # A county of a file of many (the engine's whole-file pass): what it takes from the
        # file's evaluation rather than computing over its own rows, and which county it is.
        self.file: FileCounties | None = None
        self.county_at = 0

    def indicator(self, key: str, stage: str) -> Column:
        """Part-level indicator values for every part of a stage (computed once)."""
        if (key, stage) not in self.indicator_cache:
            if self.file is not None:  # the county's rows of the file's values
                values = self.file.indicator(key, stage, self.county_at)
            else:
                p = self.parts[stage]
                values = self.std.formulas[key].evaluate(p.env, len(p))
            self.indicator_cache[(key, stage)] = values
        return self.indicator_cache[(key, stage)]

    def weighted(self, key: str, stage: str) -> Spread:
        """The weighted CV of an indicator over a stage's parts (`weighted`), or why not; a
        county of a file takes it from the file's CVs of every county, computed at once."""
        values = self.indicator(key, stage)
        if self.file is not None:
            got = self.file.weighted(key, stage, self.county_at)
            if got is not None:
                return got
        return weighted(self.ds, self.parts[stage], values)

    def risk(self, rule: RuleBase, status: Status) -> Status:
        if status == FAIL and rule.target_year is not None and self.year < rule.target_year:
            return AT_RISK
        return status

    def risks(self, rule: RuleBase, status: list[Status]) -> list[Status]:
        """risk for a whole column: only a rule with a target year still ahead changes it."""
        if rule.target_year is None or self.year >= rule.target_year or FAIL not in status:
            return status
        return [AT_RISK if s == FAIL else s for s in status]

    def undecided(self, res: SchoolResult, keep: list[bool | None], where: dict | None) -> None:
        """Rows a blank in a `where:` column leaves undecided are unknown, with that reason."""
        if not where or None not in keep:
            return
        kept = [k for k in keep if k is not False]
        for k, flag in enumerate(kept):
            if flag is None:
                res.status[k] = UNKNOWN
                res.gap[k] = None
                res.need[k] = None
                res.detail[k] = Phrase("U14", {"fields": ", ".join(where or {})})

    def absent_reason(self, formula: Formula) -> Phrase | None:
        """When a formula needs a column the file lacks (or a county figure not given), every
        row is unknown for that one reason: build it once, not once per school."""
        blanks: list[str | Phrase] = []
        for n in formula.names:
            if n in COUNTY_KEYS_BY_KEY:
                if self.county.get(n) is None:
                    blanks.append(county_blank(self.ds, n))
                continue
            keys = [f.key for f in FIELDS_BY_KEY.values() if f.key == n or f.part_name == n]
            absent = [k for k in keys if k in self.ds.absent and FIELDS_BY_KEY[k].stage != "senior"]
            if absent:
                blanks.append(Phrase("U07", {"heading": heading_of(n)}))
        return Phrase("U01", {"fields": Joined(tuple(blanks))}) if blanks else None

    def missing(self, subjects: Subjects, k: int, names: tuple[str, ...]) -> Phrase:
        """Name the blank cells behind an unknown, so the officer knows exactly what to fill."""
        ds = self.ds
        i = subjects.school[k]
        blanks: list[str | Phrase] = []
        keys: list[str] = []
        for n in names:
            if n in COUNTY_KEYS_BY_KEY:
                if self.county.get(n) is None:
                    blanks.append(county_blank(ds, n))
                continue
            f = field_for(n)
            if f is None:
                continue
            if f.split:
                stages = stages_of(ds, i)
                keys.append(f.key)
                keys.extend(f"{s}_pupils" for s in stages)
            elif f.stage is None and subjects.stage is not None:
                keys.append(f"{subjects.stage}_{n}")
            else:
                keys.append(f.key if subjects.stage is None else f"{subjects.stage}_{n}")
        stages = stages_of(ds, i)
        for key in dict.fromkeys(keys):
            if key not in ds.columns or ds.columns[key][i] is not None:
                continue
            stage = FIELDS_BY_KEY[key].stage
            if stage is not None and stage not in stages:
                continue  # a stage the school does not have counts 0, not blank
            heading = ds.headings.get(key) or FIELDS_BY_KEY[key].heading
            if key in ds.absent:
                blanks.append(Phrase("U07", {"heading": heading}))
            else:
                blanks.append(f"{heading} ({ds.cell(key, i)})")
        if not blanks:
            return Phrase("U02", {"detail": ", ".join(names)})
        return Phrase("U01", {"fields": Joined(tuple(blanks))})

    def declaration(
        self,
        rule: RuleBase,
        key: str,
        judge: Callable[[object, str | None, str], tuple[Status, Phrase | None]],
    ) -> CountyResult:
        """A yes/no item of 县域指标: unknown while blank, else `judge(value, evidence, heading)`
        gives the status and the reason."""
        ds = self.ds
        ck = COUNTY_KEYS_BY_KEY[key]
        value = ds.figures.get(key)
        evidence = ds.figures.evidence.get(key)
        cell = ds.figures.cells.get(key)
        if value is None:
            return CountyResult(
                rule,
                None,
                UNKNOWN,
                None,
                None,
                reason=Phrase("U09", {"heading": ck.heading}),
                location=cell,
            )
        status, reason = judge(value, evidence, ck.heading)
        return CountyResult(
            rule,
            None,
            status,
            1.0 if value else 0.0,
            None,
            reason=reason,
            evidence=evidence,
            location=cell,
        )


# --- helpers for the checks ----------------------------------------------------------------


def yes_no_problems(key: str) -> Problems:
    """The key is a yes/no item of the county sheet (attestations and vetoes)."""
    ck = COUNTY_KEYS_BY_KEY.get(key)
    if ck is None or ck.kind != "yesno":
        known = ", ".join(k.key for k in COUNTY_KEYS if k.kind == "yesno")
        yield "E210", {"detail": Phrase("R25", {"name": key, "known": known})}, "key"


# --- helpers for the evaluations -----------------------------------------------------------


def heading_of(name: str) -> str:
    """The heading behind a formula name; a stage part's name without its 小学/初中 prefix."""
    f = field_for(name)
    if f is None:
        return name
    return f.heading[2:] if f.part_name == name and f.stage else f.heading


def stages_of(ds: Dataset, i: int) -> tuple[str, ...]:
    return SCHOOL_TYPES[ds.columns["school_type"][i]]


def county_blank(ds: Dataset, key: str) -> str | Phrase:
    ck = COUNTY_KEYS_BY_KEY[key]
    cell = ds.figures.cells.get(key)
    if cell is None:
        return Phrase("U09", {"heading": ck.heading})
    return f"{ck.heading} ({cell})"


def remedies(
    formula: Formula,
    subjects: Subjects,
    rows: list[int],
    name: str,
    res: SchoolResult,
    need: list[float | None],
) -> None:
    """How much of `name` each failing row must add to close its gap. Formulas are linear in
    it, so one evaluation with `name` raised by 1 gives every row's slope at once."""
    pick = np.array(rows, dtype=np.intp)
    env: dict[str, object] = {}
    for n in {*formula.names, name}:  # only the failing rows: a few percent of the county
        col: object = subjects.env[n]
        env[n] = col[pick] if isinstance(col, np.ndarray) else col
    base_col = env[name]
    if not isinstance(base_col, np.ndarray):
        return
    env[name] = base_col + 1.0
    bumped = to_list(formula.evaluate(env, len(rows)))
    f = field_for(name)
    whole = f is not None and f.kind == "count"
    for j, k in enumerate(rows):
        b, v, g = bumped[j], res.value(k), res.gap[k]
        if b is None or v is None or g is None or b == v:
            continue
        amount = abs(g / (b - v))
        need[k] = float(math.ceil(amount - 1e-9)) if whole else amount


# A formula name → its field: a column key, or a stage part's name (its first stage's field).
_NAMED_FIELDS: dict[str, Field] = {}
for _f in FIELDS_BY_KEY.values():
    if _f.part_name:
        _NAMED_FIELDS.setdefault(_f.part_name, _f)
_NAMED_FIELDS.update(FIELDS_BY_KEY)


def field_for(name: str) -> Field | None:
    return _NAMED_FIELDS.get(name)


def sparse(n: int, where: np.ndarray, values: object) -> list:
    """A per-row list holding values (an array, or one object for all) where the mask is set
    and None elsewhere, built by numpy rather than row by row."""
    out = np.full(n, None, dtype=object)
    out[where] = values[where] if isinstance(values, np.ndarray) else values
    return out.tolist()


def weighted(ds: Dataset, parts: Subjects, values: Column) -> Spread:
    """The weighted CV of a stage's parts, or why it cannot be computed."""
    pupils = parts.env["pupils"]
    if not len(parts):
        return None, Phrase("U04"), 0.0
    missing = np.flatnonzero(np.isnan(values) | np.isnan(pupils)).tolist()
    if missing:
        known_pupils = exact_sum(pupils[~np.isnan(pupils)])
        examples = "、".join(
            f"{ds.columns['name'][parts.school[k]]} ({ds.cell('school_id', parts.school[k])})"
            for k in missing[:3]
        )
        return None, Phrase("U03", {"count": len(missing), "examples": examples}), known_pupils
    stats = weighted_cv(values, pupils)
    if stats.cv is None:
        return None, Phrase("U05"), stats.weight
    return stats, None, stats.weight


class FileCounties:
    """What the counties of a file of many take from the file's own evaluation (the engine's
    whole-file pass): part-level indicators, computed once over the file's parts (a formula is
    worked value by value, so each county's rows hold what the county alone computes), and the
    weighted CV of each stage for every county at once.

    A county's CV is worked exactly as `weighted_cv` works it over the county alone: the same
    products (P·X, P·(X − X̄)², one per part, the county's mean broadcast to its rows), summed
    with fsum over the county's slice of them, so each county gets the very float its own
    evaluation gives. A county with a blank value or enrolment, no parts or no pupils is left
    to `weighted` over its rows (None here): its reason names its schools."""

    def __init__(
        self,
        ctx: Context,
        groups: Callable[[Subjects], tuple[np.ndarray, np.ndarray]],
        cut: Callable[[Column, Subjects, int], Column],
    ) -> None:
        self.ctx = ctx  # the whole file's context
        self.groups = groups  # subjects → (their rows in county order, each county's end)
        self.cut = cut  # (file column, its subjects, county) → the county's rows of it
        self._cvs: dict[tuple[str, str], list[Spread | None]] = {}
        self._sums: dict[tuple[int, str | None], list[dict[int, float]]] = {}

    def indicator(self, key: str, stage: str, c: int) -> Column:
        return self.cut(self.ctx.indicator(key, stage), self.ctx.parts[stage], c)

    def rows(self, formula: Formula, stage: str | None, c: int) -> Rows:
        """What a county formula's sum() and count() give over county c's rows of a stage's
        parts (stage set) or of the whole schools: worked out for every county at once."""
        got = self._sums.get((id(formula), stage))
        if got is None:
            subjects = self.ctx.whole if stage is None else self.ctx.parts[stage]
            order, ends = self.groups(subjects)
            got = grouped_aggregates(formula, rows(self.ctx.ds, subjects), order, ends.tolist())
            self._sums[(id(formula), stage)] = got
        return Rows({}, {}, 0, given=got[c])

    def weighted(self, key: str, stage: str, c: int) -> Spread | None:
        got = self._cvs.get((key, stage))
        if got is None:
            got = self._cvs[(key, stage)] = self._every_county(key, stage)
        return got[c]

    def _every_county(self, key: str, stage: str) -> list[Spread | None]:
        parts = self.ctx.parts[stage]
        order, ends = self.groups(parts)
        x = self.ctx.indicator(key, stage)[order]
        w = np.asarray(parts.env["pupils"])[order]
        ends_l = ends.tolist()
        starts_l = [0, *ends_l[:-1]]
        blank = np.concatenate(([0], np.cumsum(np.isnan(x) | np.isnan(w)))).tolist()
        wl, wx = w.tolist(), (w * x).tolist()
        fsum = math.fsum
        nan = math.nan
        totals: list[float] = []
        means: list[float] = []
        for a, b in zip(starts_l, ends_l, strict=True):
            total = fsum(wl[a:b]) if a < b and blank[b] == blank[a] else nan
            if not total > 0:  # left to weighted(): it names the blanks, or refuses
                totals.append(nan)
                means.append(nan)
                continue
            totals.append(total)
            means.append(fsum(wx[a:b]) / total)
        spread = (w * (x - np.repeat(np.array(means), np.diff(ends, prepend=0))) ** 2).tolist()
        out: list[Spread | None] = []
        for a, b, total, mean in zip(starts_l, ends_l, totals, means, strict=True):
            if total != total:
                out.append(None)
                continue
            sd = math.sqrt(fsum(spread[a:b]) / total)
            if mean != 0:
                out.append((WeightedCV(mean, sd, sd / mean, total, b - a), None, total))
            else:
                out.append((None, Phrase("U05"), total))
        return out


# --- helpers for the descriptions (`qbcheck rules show`) -----------------------------------

SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def number(v: float, indicator: Indicator | None = None) -> str:
    """A threshold as the rule file means it: a share as a percentage, else as written."""
    if indicator is not None and indicator.percent:
        return f"{v * 100:g}%"
    return f"{v:g}"


def per_stage(values: ByStage, lang: Lang, text: Callable[[float], str]) -> str:
    """`小学 ≥ 4.2；初中 ≥ 5.3`: each stage the rule applies to, with its text."""
    sep = "；" if lang == "zh" else "; "
    return sep.join(
        f"{t(f'stage.{s}', lang)} {text(v)}"
        for s, v in values.model_dump().items()
        if v is not None
    )


def column_name(key: str, lang: Lang) -> str:
    """A column a filter or a group names: its heading in Chinese, its key (as the rule file
    writes it) in English."""
    return FIELDS_BY_KEY[key].heading if lang == "zh" and key in FIELDS_BY_KEY else key


def filter_text(where: Mapping[str, WhereValue], lang: Lang) -> str:
    """A `where:` or `having:` filter as a reader meets it: `locale ∈ 乡村; pupils < 100`."""
    sep = "；" if lang == "zh" else "; "
    out = []
    for key, value in where.items():
        name = column_name(key, lang)
        if isinstance(value, Range):
            bounds = [
                f"{sign} {v:g}"
                for sign, v in (
                    ("≥", value.min),
                    ("≤", value.max),
                    ("<", value.below),
                    (">", value.above),
                )
                if v is not None
            ]
            out.append(f"{name} {' '.join(bounds)}" if bounds else name)
        else:
            words = [t(f"stage.{w}", lang) if key == "has_stage" else str(w) for w in value]
            head = t("show.has_stage", lang) if key == "has_stage" else name
            out.append(f"{head} ∈ {{{'、'.join(words) if lang == 'zh' else ', '.join(words)}}}")
    return sep.join(out)
