"""The five statuses a finding can have, and how they rank.

pass, fail, unknown (with the reason), attested (a declaration to be verified on site, never a
measured pass) and at-risk (a dated target not met yet whose year has not come). A rule's status
over many subjects is the worst of theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Status = Literal["pass", "fail", "unknown", "attested", "at-risk"]
PASS: Status = "pass"
FAIL: Status = "fail"
UNKNOWN: Status = "unknown"
ATTESTED: Status = "attested"
AT_RISK: Status = "at-risk"
STATUSES: tuple[Status, ...] = (PASS, FAIL, UNKNOWN, ATTESTED, AT_RISK)
RANK: dict[Status, int] = {FAIL: 4, UNKNOWN: 3, AT_RISK: 2, ATTESTED: 1, PASS: 0}
# Statuses that a waiver can cover: what would otherwise make the exit code non-zero.
WAIVABLE: frozenset[Status] = frozenset({FAIL, UNKNOWN, AT_RISK})

# A regime's verdict: a status, or "partial" when only some rules were selected and none fails.
Verdict = Literal["pass", "fail", "unknown", "partial"]


def worst(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=RANK.__getitem__, default=PASS)
