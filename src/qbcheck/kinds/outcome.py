"""What a rule kind's evaluation produces, before it becomes findings.

A school rule yields a `SchoolResult` per stage: its subjects and one value, threshold, status,
gap, remedy amount and reason per row, as columns (a national file has 200,000 rows a rule). A
county rule yields one `CountyResult` per stage or group. The results layer turns both into the
one finding model every report reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qbcheck.core.messages import Phrase
from qbcheck.core.status import Status
from qbcheck.rules.scope import Subjects
from qbcheck.rules.standards import RuleBase


@dataclass
class SchoolResult:
    rule: RuleBase  # a school rule: school_threshold, school_k_of_n, school_classes …
    stage: str | None  # None: a whole-school rule
    parts: Subjects
    thresholds: np.ndarray  # per row (a by-type threshold differs between schools)
    values: np.ndarray  # NaN where unknown; read one with value(k)
    status: list[Status]
    gap: list[float | None]  # how far from passing; None when passing or unknown
    need: list[float | None] = field(default_factory=list)  # the remedy amount, if any
    detail: list[Phrase | None] = field(default_factory=list)
    waived: dict[int, int] = field(default_factory=dict)  # row → index of the waiver covering it

    def rows_with(self, *statuses: Status) -> np.ndarray:
        """The rows holding one of these statuses, found in C (reports ask it of every rule)."""
        wanted = frozenset(statuses)
        hit = np.fromiter(map(wanted.__contains__, self.status), bool, len(self.status))
        return np.flatnonzero(hit)

    @property
    def threshold(self) -> float | None:
        return float(self.thresholds[0]) if len(self.thresholds) else None

    def value(self, k: int) -> float | None:
        """Row k's value as a Python number, None when unknown (NaN in the array)."""
        v = float(self.values[k]) if self.values[k] is not None else None
        return None if v is None or v != v else v

    def threshold_at(self, k: int) -> float:
        return float(self.thresholds[k])


@dataclass
class CountyResult:
    rule: RuleBase
    stage: str | None
    status: Status
    value: float | None
    limit: float | None
    mean: float | None = None
    n: int = 0
    pupils: float = 0.0
    gap: float | None = None
    reason: Phrase | None = None
    subject: str = "county"
    scope: str = "county"
    components: dict[str, float | None] = field(default_factory=dict)
    evidence: str | None = None
    location: str | None = None
    drivers: list[Driver] = field(default_factory=list)  # for a failing CV: who moves it most
    waived: int | None = None  # index of the waiver covering it


@dataclass
class Driver:
    """One school part's weight in a CV: its share of the weighted variance, and the CV the
    county would have without it."""

    school: int
    share: float
    cv_without: float | None


@dataclass(frozen=True)
class CountyState:
    """What a region rule reads of one county: who it is and its regime's verdict (pass, fail,
    unknown or partial), from its latest year in the run."""

    name: str | None
    code: str | None
    verdict: str
    year: int | None = None


@dataclass
class RegionOutcome:
    """A region rule's judgement: how many counties count, how many it needs, its status."""

    status: Status
    recognised: int  # counties counted whose verdict is 达到
    needed: int  # how many it takes
    total: int  # the counties it is over (the region's, or the named ones)
    undecided: int  # counted counties whose verdict is not decided (or that are not in the run)
    share: float | None  # recognised / total
    reason: Phrase | None = None
    recognised_names: tuple[str, ...] = ()
    missing_names: tuple[str, ...] = ()  # counties it counts that are not in the run
    short_names: tuple[str, ...] = ()  # counted counties not (yet) recognised
