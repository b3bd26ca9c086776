"""The one result every report, the region roll-up and the planner read.

A `Run` holds one `CountyAudit` per county audited, the rule selection and the provenance,
computed once. A county audit holds its findings, typed: `Finding` for one rule, subject and
stage. School findings are stored column-wise (`SchoolBlock`, one per rule and stage: a national
file has millions of them) and handed out as `Finding` objects on request; every count, verdict
and list a report prints is computed here, once, so no two formats can disagree about it.

Nothing in this module evaluates a rule or reads a file: it is built by `results.build` from
what the rule kinds produced. The immutable records are named tuples: as immutable as frozen
dataclasses, and a tenth of the cost to define (this module is imported by every audit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np

from qbcheck.core import exitcodes
from qbcheck.core.messages import Lang, Phrase
from qbcheck.core.stats import weighted_cv
from qbcheck.core.status import (
    AT_RISK,
    FAIL,
    PASS,
    RANK,
    STATUSES,
    UNKNOWN,
    Status,
    Verdict,
    worst,
)
from qbcheck.model.dataset import Dataset


class Text(NamedTuple):
    """A sentence in both languages (from a rule file)."""

    zh: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class Citation(NamedTuple):
    document: str
    clause: str
    text: str
    url: str | None = None


class IndicatorInfo(NamedTuple):
    """How an indicator's values are shown: name, unit, decimals, share or not, and the input a
    school raises to close a gap (its remedy)."""

    key: str
    name: Text
    short: Text
    unit: Text
    formula: str
    decimals: int = 2
    percent: bool = False
    remedy: str | None = None
    level: str = "part"  # part (per stage), school (whole school) or county


class DataColumn(NamedTuple):
    """A school field as the annotated workbook shows the input: its canonical heading, what it
    holds, and the factor from the stored base unit to the heading's unit (万元: 10,000)."""

    key: str
    heading: str  # as the template writes it, unit included: 教学仪器设备值（万元）
    name: str  # without its unit: 教学仪器设备值
    kind: str  # text, enum, count, amount, ratio, flag
    dimension: str | None = None  # area / money
    stage: str | None = None
    factor: float = 1.0  # a stored value ÷ factor is the value in the heading's unit


class RuleInfo(NamedTuple):
    """What a report needs to know of a rule: never the rule's evaluation."""

    id: str
    kind: str
    part: str
    title: Text
    citation: Citation
    confidence: str
    origin: str  # file:line of its definition
    target_year: int | None = None
    note: Text | None = None
    indicator: IndicatorInfo | None = None
    op: str | None = None  # the comparison a value must satisfy: >=, <=, >, <
    members: tuple[str, ...] = ()  # a k-of-n rule's member rules
    k: int | None = None
    floor: float | None = None
    components: tuple[str, ...] = ()  # a composite CV's indicators
    spread: bool = False  # a CV: its findings carry the stage's mean, schools and pupils


class PartInfo(NamedTuple):
    key: str
    title: Text
    in_verdict: bool = True


class StandardInfo(NamedTuple):
    id: str
    title: Text
    regime: Text | None
    document: str
    edition: str
    chain: tuple[str, ...]  # this standard first, then what it extends
    parts: dict[str, PartInfo]
    cv_decimals: int
    indicators: dict[str, IndicatorInfo]


class CountyInfo(NamedTuple):
    name: str | None
    code: str | None
    year: int | None
    planned_year: int | None = None  # 计划申报年度


class Waived(NamedTuple):
    """The waiver that covers a finding: still reported, no longer in the exit code."""

    position: int  # its place in the waivers file (from 0)
    rule: str
    subject: str
    justification: str
    approved_by: str
    expires: dt.date
    line: int | None = None


class Driver(NamedTuple):
    """A school part's share of a failing CV's weighted variance, and the CV without it."""

    school: int
    subject: str
    name: str
    share: float
    cv_without: float | None


class Finding(NamedTuple):
    """One rule, one subject (a school part, the county or a group), one stage."""

    rule: RuleInfo
    scope: str  # "school", "county", or the column a group rule groups by
    subject: str  # school id, "county", a group's name, or "—" for schools without a group
    stage: str | None  # "primary", "junior", or None (whole school or county)
    status: Status
    value: float | None = None
    threshold: float | None = None
    gap: float | None = None  # how far from passing; None when passing or undecided
    need: float | None = None  # what the subject must add, in the rule's remedy unit
    reason: Phrase | None = None
    location: str | None = None  # cells it rests on (学校!A12) or a county figure's cell
    waiver: Waived | None = None
    name: str | None = None  # a school's name
    school: int | None = None  # index of the school in the audit's school table
    row: int | None = None  # the school's row in its sheet
    # County CV findings:
    mean: float | None = None
    schools: int | None = None
    pupils: float | None = None
    components: dict[str, float | None] | None = None
    drivers: tuple[Driver, ...] = ()
    evidence: str | None = None  # attestations and vetoes

    @property
    def remedy(self) -> str | None:
        ind = self.rule.indicator
        return ind.remedy if ind is not None else None


@dataclass(frozen=True)
class SchoolTable:
    """The schools of a county as the findings refer to them: id, name, sheet row and cell."""

    ids: Sequence[str]
    names: Sequence[str]
    rows: Sequence[int]
    cells: Sequence[str]  # each school's id cell (学校!A12): where its row is
    types: Sequence[str]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(eq=False)
class SchoolBlock:
    """The findings of one school rule over one stage, column-wise."""

    rule: RuleInfo
    stage: str | None
    school: list[int]  # index into the audit's school table, one per row
    status: list[Status]
    values: np.ndarray  # NaN where unknown
    thresholds: np.ndarray
    gap: list[float | None]
    need: list[float | None]
    reason: list[Phrase | None]
    waived: dict[int, Waived]  # row → the waiver covering it
    table: SchoolTable
    # The input cells a finding rests on, as field keys (`results.cells`): the ones the rule's
    # formula reads, and further ones an undecided finding's blank may be in (a split total's
    # stage enrolments, the columns of the rule's where:). Filtered school by school there.
    fields: tuple[str, ...] = ()
    blank_fields: tuple[str, ...] = ()
    shared_index: np.ndarray | None = None  # `school` as an array, shared with other blocks

    def __len__(self) -> int:
        return len(self.status)

    @cached_property
    def index(self) -> np.ndarray:
        """`school` as an array. Blocks of the same stage share their subjects' one array
        (build.py passes it in), so a national file does not hold 37 copies of 200,000."""
        if self.shared_index is not None:
            return self.shared_index
        return np.array(self.school, dtype=np.intp)

    @cached_property
    def codes(self) -> np.ndarray:
        """Each row's status as a small integer (its place in STATUSES), made once: reports ask
        for the rows of some status of every block, several times over."""
        code = {s: i for i, s in enumerate(STATUSES)}
        return np.fromiter(map(code.__getitem__, self.status), np.int8, len(self.status))

    def rows_with(self, *statuses: Status) -> np.ndarray:
        """The rows holding one of these statuses, found with array operations."""
        wanted = [STATUSES.index(s) for s in statuses]
        if len(wanted) == 1:
            return np.flatnonzero(self.codes == wanted[0])
        hit = np.zeros(len(STATUSES), dtype=bool)  # a lookup table: np.isin costs 30 µs a call
        hit[wanted] = True
        return np.flatnonzero(hit[self.codes])

    def value(self, k: int) -> float | None:
        v = float(self.values[k])
        return None if v != v else v

    def finding(self, k: int) -> Finding:
        i = self.school[k]
        t = self.table
        return Finding(
            rule=self.rule,
            scope="school",
            subject=t.ids[i],
            stage=self.stage,
            status=self.status[k],
            value=self.value(k),
            threshold=float(self.thresholds[k]),
            gap=self.gap[k],
            need=self.need[k],
            reason=self.reason[k],
            location=t.cells[i],
            waiver=self.waived.get(k),
            name=t.names[i],
            school=i,
            row=t.rows[i],
        )

    def __iter__(self) -> Iterator[Finding]:
        return map(self.finding, range(len(self.status)))


class Excluded(NamedTuple):
    """A school outside the standard's scope, and why."""

    school: int
    subject: str
    name: str
    location: str
    reason: Phrase


@dataclass(eq=False)
class StageSummary:
    """A stage's school parts: how many, their pupils, and how many pass each indicator."""

    stage: str
    parts: int
    pupils: float
    passing: dict[str, tuple[int, int]]  # indicator → (parts passing, parts judged)
    meeting: tuple[int, int] | None  # the k-of-n rule's (passing, judged), if the standard has one
    school: Sequence[int] = ()  # the parts' schools, in order (index into the school table)
    values: dict[str, np.ndarray] = field(default_factory=dict)  # indicator → per part, NaN blank
    weights: np.ndarray | None = None  # each part's pupils (NaN blank)
    _means: dict[str, float | None] = field(default_factory=dict, repr=False)

    def mean(self, key: str) -> float | None:
        """The enrolment-weighted county mean of an indicator (ΣP·X/ΣP, summed exactly), or
        None when a value or an enrolment is blank."""
        if key not in self._means:
            values = self.values.get(key)
            w = self.weights
            if (
                values is None
                or w is None
                or not len(values)
                or np.isnan(values).any()
                or np.isnan(w).any()
                or not (w > 0).any()
            ):
                self._means[key] = None
            else:
                self._means[key] = weighted_cv(values.tolist(), w.tolist()).mean
        return self._means[key]


class WaiverReport(NamedTuple):
    file: Path
    items: int  # waivers in the file
    expired: tuple[Waived, ...]
    unused: tuple[Waived, ...]


class PartKey(NamedTuple):
    """A school part: a stage of a school, or the whole school for whole-school rules."""

    stage: str  # "primary", "junior" or "school"
    school: int


class Tally(NamedTuple):
    """A rule's findings counted by status, and how many of each a waiver covers."""

    statuses: dict[Status, int]
    waived: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


@cache
def _worst_of(statuses: frozenset[Status]) -> Status:
    """worst() of a set of statuses, remembered: there are 31 sets and 100,000s of blocks."""
    return worst(statuses)


# The order school parts are listed in: by stage, then by their order in the file.
STAGE_ORDER = {"primary": 0, "junior": 1, "school": 2}


Entry = tuple[SchoolBlock, int]  # a finding: its block and row


class SchoolParts:
    """School parts holding findings of some statuses, by stage then file order, each with its
    (block, row) entries.

    A national file has 100,000s of them and a report shows a few hundred: they are counted at
    once with array operations (a mask over every possible part, no sort), and a part's entries
    are gathered only when it is asked for (`parts[:200]`)."""

    def __init__(self, blocks: Sequence[SchoolBlock], statuses: tuple[Status, ...], n: int):
        self._size = n + 1
        self._statuses = statuses
        # Only the blocks are kept, not their rows: a national file's undecided rows alone
        # would hold tens of MB of indices; they are found again (cheaply) when gathered.
        self._blocks = [b for b in blocks if any(s in b.status for s in statuses)]
        seen = np.zeros(len(STAGE_ORDER) * self._size, dtype=bool)
        for *_, key in self._hits():
            seen[key] = True
        self._keys = np.flatnonzero(seen)  # sorted: by stage, then by the school's place

    def _hits(self) -> Iterator[tuple[SchoolBlock, np.ndarray, np.ndarray]]:
        for b in self._blocks:
            rows = b.rows_with(*self._statuses)
            yield b, rows, STAGE_ORDER[b.stage or "school"] * self._size + b.index[rows]

    def __len__(self) -> int:
        return len(self._keys)

    def __bool__(self) -> bool:
        return bool(len(self._keys))

    def __iter__(self) -> Iterator[tuple[PartKey, list[Entry]]]:
        return iter(self._gather(self._keys))

    def __getitem__(self, which: slice) -> list[tuple[PartKey, list[Entry]]]:
        return self._gather(self._keys[which])

    def first(self, limit: int) -> list[tuple[PartKey, list[Entry]]]:
        """The first `limit` parts with their entries (every part when limit is 0)."""
        return self._gather(self._keys if limit <= 0 else self._keys[:limit])

    def _gather(self, keys: np.ndarray) -> list[tuple[PartKey, list[Entry]]]:
        groups: dict[int, list[Entry]] = {key: [] for key in keys.tolist()}
        if not groups:
            return []
        wanted = np.zeros(len(STAGE_ORDER) * self._size, dtype=bool)
        wanted[keys] = True
        for b, rows, key in self._hits():
            pick = wanted[key]
            for k, g in zip(rows[pick].tolist(), key[pick].tolist(), strict=True):
                groups[g].append((b, k))
        stage_at = {v: k for k, v in STAGE_ORDER.items()}
        size = self._size
        return [(PartKey(stage_at[g // size], g % size), e) for g, e in groups.items()]


@dataclass(eq=False)
class CountyAudit:
    """One county's audit: its findings and everything counted from them."""

    county: CountyInfo
    source: Path
    sheet: str
    standard: StandardInfo
    rules: dict[str, RuleInfo]  # the rules evaluated (the selection), in the standard's order
    as_of: int
    county_findings: list[Finding]
    blocks: list[SchoolBlock]
    schools: SchoolTable
    excluded: list[Excluded]
    stages: dict[str, StageSummary]
    ignored_columns: list[str] = field(default_factory=list)
    absent_columns: list[str] = field(default_factory=list)
    has_county_sheet: bool = True
    waivers: WaiverReport | None = None
    partial: bool = False  # only some of the standard's rules were selected
    # For reports that show the school data as read (the annotated workbook). Never evaluated
    # again: a report shows it, marks the cells findings name, and nothing else.
    data: Dataset | None = None
    # Every school field, in the input format's order, as that workbook heads and scales it.
    data_columns: tuple[DataColumn, ...] = ()

    # --- findings ------------------------------------------------------------------------
    def findings(self, *statuses: Status, schools: bool = True) -> Iterator[Finding]:
        """County findings, then school findings block by block; only these statuses if given."""
        wanted = frozenset(statuses or STATUSES)
        for f in self.county_findings:
            if f.status in wanted:
                yield f
        if not schools:
            return
        for b in self.blocks:
            if statuses:
                for k in b.rows_with(*statuses).tolist():
                    yield b.finding(k)
            else:
                yield from b

    # --- statuses ------------------------------------------------------------------------
    @cached_property
    def rule_status(self) -> dict[str, Status]:
        """A rule's worst status over its subjects; rules with no subject are left out."""
        return self._rule_status(unwaived=False)

    @cached_property
    def rule_status_unwaived(self) -> dict[str, Status]:
        """As rule_status, with findings covered by a waiver counting as passes."""
        if self.waivers is None:  # nothing waived: the same statuses (a region has thousands)
            return self.rule_status
        return self._rule_status(unwaived=True)

    def _rule_status(self, unwaived: bool) -> dict[str, Status]:
        out: dict[str, Status] = {}

        def merge(rid: str, s: Status) -> None:
            prev = out.get(rid)
            if prev is None or RANK[s] > RANK[prev]:
                out[rid] = s

        for b in self.blocks:
            if not b.status:
                continue
            if unwaived and b.waived:
                merge(b.rule.id, worst({x for k, x in enumerate(b.status) if k not in b.waived}))
            else:
                merge(b.rule.id, _worst_of(frozenset(b.status)))
        for f in self.county_findings:
            merge(f.rule.id, PASS if unwaived and f.waiver is not None else f.status)
        return out

    @cached_property
    def part_status(self) -> dict[str, Status]:
        """Per part with rules: fail or unknown as its rules; at-risk and attested do not block.
        A rule that applies to nobody is not applicable and does not count."""
        rules = self.rule_status
        out: dict[str, Status] = {}
        for part in self.standard.parts:
            ids = [rid for rid, r in self.rules.items() if r.part == part]
            if not ids:
                continue
            w = worst({rules[rid] for rid in ids if rid in rules})
            out[part] = w if w in (FAIL, UNKNOWN) else PASS
        return out

    @cached_property
    def part_counts(self) -> dict[str, dict[Status, int]]:
        """Per part with rules: how many of its rules have each status."""
        rules = self.rule_status
        out: dict[str, dict[Status, int]] = {}
        for part in self.part_status:
            counts = dict.fromkeys(STATUSES, 0)
            for rid, r in self.rules.items():
                if r.part == part and rid in rules:
                    counts[rules[rid]] += 1
            out[part] = counts
        return out

    @cached_property
    def verdict(self) -> Verdict:
        """The regime's verdict over the parts that decide it. With a rule selection it is
        partial unless a selected rule fails: a subset of the criteria can refute recognition,
        never establish it."""
        parts = self.standard.parts
        statuses = {s for p, s in self.part_status.items() if parts[p].in_verdict}
        if FAIL in statuses:
            return "fail"
        if self.partial:
            return "partial"
        return "unknown" if UNKNOWN in statuses else "pass"

    @cached_property
    def blocking(self) -> dict[str, list[str]]:
        """Rule ids by what they mean for recognition, in the order every format lists them:
        failing or undecided in a part that decides the verdict, failing or undecided
        elsewhere (city targets), at risk."""
        parts = self.standard.parts
        out: dict[str, list[str]] = {"fail": [], "unknown": [], "other": [], "at-risk": []}
        for rid, status in self.rule_status.items():
            deciding = parts[self.rules[rid].part].in_verdict
            if status in (FAIL, UNKNOWN):
                out[status if deciding else "other"].append(rid)
            elif status == AT_RISK:
                out["at-risk"].append(rid)
        return out

    def exit_code(self, fail_on: str = "unknown") -> int:
        """1 if any rule fails; 3 if any is undecided (unless fail_on is "fail"); with fail_on
        "at-risk", a target not met before its year is 1 too. Attested never counts."""
        return _exit_code(set(self.rule_status_unwaived.values()), fail_on)

    # --- counts --------------------------------------------------------------------------
    @cached_property
    def rule_counts(self) -> dict[Status, int]:
        rules = self.rule_status
        return {s: sum(1 for v in rules.values() if v == s) for s in STATUSES}

    @cached_property
    def finding_counts(self) -> dict[Status, int]:
        """Findings by status, over every rule (the rules' tallies added up)."""
        counts = dict.fromkeys(STATUSES, 0)
        for tally in self.rule_tallies.values():
            for s, n in tally.statuses.items():
                counts[s] += n
        return counts

    @cached_property
    def waived_count(self) -> int:
        """Findings a waiver covers, over every rule."""
        return sum(sum(tally.waived.values()) for tally in self.rule_tallies.values())

    @cached_property
    def rule_tallies(self) -> dict[str, Tally]:
        """Per rule with findings, in the order findings() first yields it (county findings,
        then school blocks): its findings by status and the waived ones by status."""
        out: dict[str, Tally] = {}

        def tally(rid: str) -> Tally:
            if rid not in out:
                out[rid] = Tally(dict.fromkeys(STATUSES, 0), dict.fromkeys(STATUSES, 0))
            return out[rid]

        for f in self.county_findings:
            t = tally(f.rule.id)
            t.statuses[f.status] += 1
            if f.waiver is not None:
                t.waived[f.status] += 1
        for b in self.blocks:
            if not b.status:
                continue
            t = tally(b.rule.id)
            for s in set(b.status):
                t.statuses[s] += b.status.count(s)
            for k in b.waived:
                t.waived[b.status[k]] += 1
        return out

    def parts_with(
        self, *statuses: Status, blocks: Sequence[SchoolBlock] | None = None
    ) -> SchoolParts:
        """School parts holding a finding of these statuses (in these blocks, or all)."""
        return SchoolParts(self.blocks if blocks is None else blocks, statuses, len(self.schools))

    @cached_property
    def failing_parts(self) -> SchoolParts:
        """School parts with a failing or at-risk finding: the count every heading prints."""
        return self.parts_with(FAIL, AT_RISK)

    @cached_property
    def unknown_parts(self) -> SchoolParts:
        """School parts with an undecided finding: the count every heading prints."""
        return self.parts_with(UNKNOWN)

    @cached_property
    def shared_unknowns(self) -> list[tuple[SchoolBlock, int, Phrase]]:
        """(block, rows, reason) for each rule and stage whose undecided rows all share one
        reason (a column the file lacks): reports list it as one line, not school by school."""
        out: list[tuple[SchoolBlock, int, Phrase]] = []
        for b in self.blocks:
            if UNKNOWN not in b.status:
                continue
            rows = b.rows_with(UNKNOWN).tolist()
            # Rows undecided for the same cause share one reason object (list.count compares
            # by identity first, in C).
            first = b.reason[rows[0]]
            if len(rows) > 1 and first is not None and b.reason.count(first) == len(rows):
                out.append((b, len(rows), first))
        return out

    @cached_property
    def listed_unknown_parts(self) -> SchoolParts:
        """The undecided school parts reports list one by one: those of shared_unknowns left
        out."""
        collapsed = {id(b) for b, _, _ in self.shared_unknowns}
        return self.parts_with(UNKNOWN, blocks=[b for b in self.blocks if id(b) not in collapsed])

    # --- labels --------------------------------------------------------------------------
    @property
    def cv_findings(self) -> list[Finding]:
        return [f for f in self.county_findings if f.rule.spread]

    @property
    def county_items(self) -> list[Finding]:
        """County figures, attestations, vetoes and group counts: county findings not CVs."""
        return [f for f in self.county_findings if not f.rule.spread]


class FileHash(NamedTuple):
    file: str
    sha256: str


class Provenance(NamedTuple):
    """What an inspector needs to reproduce a run, computed once for every format."""

    qbcheck_version: str
    standard: str
    edition: str
    chain: tuple[str, ...]
    inputs: tuple[FileHash, ...]
    rule_files: tuple[FileHash, ...]
    waivers: FileHash | None
    run_at: dt.datetime
    as_of: int | None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @property
    def run_at_text(self) -> str:
        return self.run_at.isoformat(timespec="seconds")

    @property
    def inputs_digest(self) -> str:
        """One SHA-256 over every input, as `sha256sum FILE… | sha256sum` computes it: a region
        of hundreds of files is named by one digest anyone can recompute."""
        import hashlib

        listing = "".join(f"{h.sha256}  {h.file}\n" for h in self.inputs)
        return hashlib.sha256(listing.encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, object]:
        first = self.inputs[0] if self.inputs else FileHash("", "")
        return {
            "qbcheck_version": self.qbcheck_version,
            "standard": {"id": self.standard, "edition": self.edition, "chain": list(self.chain)},
            "input": {"file": first.file, "sha256": first.sha256},
            "inputs": [{"file": h.file, "sha256": h.sha256} for h in self.inputs],
            "rule_files": [{"file": r.file, "sha256": r.sha256} for r in self.rule_files],
            "waivers": (
                {"file": self.waivers.file, "sha256": self.waivers.sha256}
                if self.waivers is not None
                else None
            ),
            "run_at": self.run_at_text,
            "as_of": self.as_of,
            "selection": (
                {"select": list(self.select), "ignore": list(self.ignore)}
                if self.select or self.ignore
                else None
            ),
        }


def _exit_code(statuses: set[Status], fail_on: str) -> int:
    if FAIL in statuses or (fail_on == "at-risk" and AT_RISK in statuses):
        return exitcodes.FAILED
    if UNKNOWN in statuses and fail_on != "fail":
        return exitcodes.UNKNOWN
    return exitcodes.OK


# Severity of an exit code when counties are combined: 1 beats 3 beats 0.
_SEVERITY = {exitcodes.FAILED: 2, exitcodes.UNKNOWN: 1, exitcodes.OK: 0}


@dataclass(eq=False)
class Run:
    """Everything one `qbcheck audit` produced: the counties, the selection, the provenance."""

    audits: list[CountyAudit]
    provenance: Provenance
    fail_on: str = "unknown"
    region: Region | None = None  # more than one county (or year): the region as a whole

    @property
    def single(self) -> CountyAudit | None:
        return self.audits[0] if len(self.audits) == 1 else None

    def county_run(self, audit: CountyAudit) -> Run:
        """One county of this run as a run of its own (its report on its own, --per-county):
        the same provenance, naming only the county's input file."""
        own = self._inputs_by_file.get(str(audit.source))
        inputs = (own,) if own is not None else ()
        return Run([audit], self.provenance._replace(inputs=inputs), self.fail_on)

    @cached_property
    def _inputs_by_file(self) -> dict[str, FileHash]:
        """Each input's hash by its file (a province's folder: thousands, looked up per county)."""
        return {h.file: h for h in self.provenance.inputs}

    @cached_property
    def exit_code(self) -> int:
        codes = [a.exit_code(self.fail_on) for a in self.audits]
        if self.region is not None:
            codes.append(_exit_code(set(self.region.target_statuses.values()), self.fail_on))
        return max(codes, key=_SEVERITY.__getitem__, default=exitcodes.OK)

    @cached_property
    def verdict(self) -> Verdict:
        """Over every county: fail if any fails, then partial, unknown, pass."""
        verdicts = {a.verdict for a in self.audits}
        order: tuple[Verdict, ...] = ("fail", "partial", "unknown")
        return next((v for v in order if v in verdicts), "pass")

    @property
    def schools(self) -> int:
        return sum(len(a.schools) for a in self.audits)


# --- the region -------------------------------------------------------------------------
# A run of more than one county (or of one county over several years) as a whole, built by
# results.region. Every region format reads these.

VERDICTS: tuple[Verdict, ...] = ("pass", "fail", "unknown", "partial")
# Better verdicts rank lower: a county moving from fail to unknown has improved.
VERDICT_RANK: dict[str, int] = {"pass": 0, "partial": 1, "unknown": 1, "fail": 2}


class Distance(NamedTuple):
    """How far a county is from recognition; compared as a tuple, nearest first."""

    recognised: bool
    failing_rules: int  # rules failing in the parts that decide the verdict
    failing_parts: int  # school parts failing (or at risk)
    cv_excess: float  # the failing CVs' excess over their limits, summed (math.fsum)
    undecided_rules: int  # rules undecided in the parts that decide the verdict

    def key(self) -> tuple[int, int, int, float, int]:
        return (
            0 if self.recognised else 1,
            self.failing_rules,
            self.failing_parts,
            self.cv_excess,
            self.undecided_rules,
        )


class CvMargin(NamedTuple):
    """The CV of a stage with the least headroom: limit − value (below 0: over the limit)."""

    rule: str
    indicator: str | None  # the indicator's key; None for a composite CV
    value: float
    limit: float
    margin: float


class Change(NamedTuple):
    """One thing that moved since the year before: a CV, the verdict, or the failing parts."""

    what: str  # "cv", "verdict" or "failing_parts"
    rule: str | None
    stage: str | None
    before: float | str
    after: float | str
    better: bool


class Point(NamedTuple):
    """A county in one year."""

    year: int | None
    verdict: Verdict
    failing_rules: int
    undecided_rules: int
    failing_parts: int
    cvs: dict[tuple[str, str | None], float | None]  # (rule, stage) → its CV, None undecided


class Series(NamedTuple):
    """A county over the years of the run, oldest first, and what changed in its last year."""

    key: str
    name: str | None
    code: str | None
    points: tuple[Point, ...]
    changes: tuple[Change, ...]  # the latest year against the one before
    audits: tuple[CountyAudit, ...] = ()  # the audit of each point

    @property
    def better(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.better)

    @property
    def worse(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.better)


class CountyRow(NamedTuple):
    """A county of the region at its latest year in the run."""

    rank: int  # 1 = nearest to recognition
    key: str  # the county's code, else its name, else its file
    audit: CountyAudit
    distance: Distance
    cv_margins: dict[str, CvMargin]  # stage → its tightest CV (stages with a decided CV)
    planned_year: int | None  # 计划申报年度 in its 基本信息
    plan: str  # ready, behind, at-risk, undecided, or none (no planned year)
    series: Series | None  # when the county is in the run for more than one year

    @property
    def points(self) -> tuple[Point, ...]:
        """The county's years, oldest first: its series, or the one year it is in the run."""
        return self.series.points if self.series is not None else (point_of(self.audit),)

    @property
    def audits(self) -> tuple[CountyAudit, ...]:
        """The audit behind each of `points`."""
        return self.series.audits if self.series is not None else (self.audit,)

    @property
    def blocking(self) -> list[str]:
        """The rules between the county and recognition: failing, then undecided."""
        b = self.audit.blocking
        return b["fail"] + b["unknown"]


class Target(NamedTuple):
    """A region rule's judgement over the counties of the run."""

    rule: RuleInfo
    status: Status
    year: int  # the year it is judged in
    recognised: int
    needed: int
    total: int
    undecided: int
    share: float | None  # recognised ÷ total
    threshold_share: float | None  # the rule's least share
    threshold_count: int | None  # the rule's least number
    counties: tuple[str, ...]  # the counties it names (empty: every county of the region)
    recognised_names: tuple[str, ...]
    short_names: tuple[str, ...]  # counted counties not recognised (yet)
    missing_names: tuple[str, ...]  # named counties the run does not hold
    reason: Phrase | None

    @property
    def gap(self) -> int:
        """Counties still to be recognised for the target to hold."""
        return max(0, self.needed - self.recognised)


@dataclass(eq=False)
class Region:
    """The counties of a run as a whole."""

    rows: list[CountyRow]  # ranked, nearest to recognition first
    years: tuple[int, ...]  # the years of the run, oldest first
    year: int | None  # the latest year: the rows, counts and targets are of it
    as_of: int  # the year targets are judged in
    targets: list[Target]
    by_year: dict[int | None, dict[Verdict, int]]  # year → counties by verdict
    regime: Text | None
    audits: int  # county-years in the run

    @cached_property
    def counts(self) -> dict[Verdict, int]:
        """Counties by verdict at their latest year."""
        out = dict.fromkeys(VERDICTS, 0)
        for r in self.rows:
            out[r.audit.verdict] += 1
        return out

    @property
    def counties(self) -> int:
        return len(self.rows)

    @cached_property
    def closest(self) -> list[CountyRow]:
        """The counties not recognised that are nearest to it (up to three)."""
        return [r for r in self.rows if not r.distance.recognised][:3]

    @cached_property
    def moved(self) -> list[CountyRow]:
        """The counties in several years whose latest year changed something, ranked."""
        return [r for r in self.rows if r.series is not None and r.series.changes]

    @cached_property
    def unchanged(self) -> int:
        """Counties in several years whose latest year changed nothing."""
        return sum(1 for r in self.rows if r.series is not None and not r.series.changes)

    @cached_property
    def target_statuses(self) -> dict[str, Status]:
        return {t.rule.id: t.status for t in self.targets}


def point_of(a: CountyAudit) -> Point:
    """A county audit as one point of its series."""
    return Point(
        a.county.year,
        a.verdict,
        len(a.blocking["fail"]),
        len(a.blocking["unknown"]),
        len(a.failing_parts),
        {(f.rule.id, f.stage): f.value for f in a.cv_findings},
    )
