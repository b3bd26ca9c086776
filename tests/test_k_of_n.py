"""The "at least k of n, the rest at ≥ r × threshold" rule (QB.A.school) judges rows grouped by
their pattern of member outcomes. These properties hold it to the rule as written, judged one
school at a time, for any mix of outcomes, member counts beyond the packed fast path, and
members that skip schools."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from qbcheck.core.status import AT_RISK, FAIL, PASS, UNKNOWN
from qbcheck.kinds.outcome import SchoolResult
from qbcheck.kinds.school_k_of_n import SchoolKofN, _k_of_n
from qbcheck.kinds.school_threshold import SchoolThreshold
from qbcheck.rules.scope import Subjects

OUTCOMES = (PASS, FAIL, UNKNOWN, AT_RISK, "attested")


def _rule(n: int, k: int, floor: float) -> SchoolKofN:
    return SchoolKofN.model_construct(
        id="QB.A.school", kind="school_k_of_n", of=[f"QB.A{j}" for j in range(n)], k=k, floor=floor
    )


def _member(j: int, parts: Subjects, status: list[str], values: list[float]) -> SchoolResult:
    rule = SchoolThreshold.model_construct(
        id=f"QB.A{j}", kind="school_threshold", indicator=f"A{j}", op=">=", threshold=1.0
    )
    n = len(status)
    return SchoolResult(
        rule, "primary", parts, np.ones(n), np.array(values, dtype=np.float64), status, [None] * n
    )


def _reference(rule: SchoolKofN, parts: Subjects, members: list[SchoolResult]) -> list[tuple]:
    """The rule judged school by school, as the standard words it."""
    out = []
    for school in parts.school:
        met, missed, below, unknown = 0, [], [], []
        for m in members:
            if school not in m.parts.school:
                continue
            k = m.parts.school.index(school)
            s = m.status[k]
            if s in (FAIL, AT_RISK):
                missed.append(m.rule.id)
                if not m.values[k] >= rule.floor * m.thresholds[k]:
                    below.append(m.rule.id)
            elif s == UNKNOWN:
                unknown.append(m.rule.id)
            else:
                met += 1
        if len(missed) > len(members) - rule.k or below:
            out.append((FAIL, float(met), missed, below))
        elif unknown:
            out.append((UNKNOWN, float(met), unknown, []))
        else:
            out.append((PASS, float(met), missed, []))
    return out


@st.composite
def cases(draw: st.DrawFn, max_members: int = 9):
    n = draw(st.integers(1, max_members))
    rows = draw(st.integers(0, 40))
    k = draw(st.integers(1, n))
    floor = draw(st.sampled_from([0.0, 0.85, 1.0]))
    parts = Subjects("primary", list(range(rows)), {}, np.ones(rows))
    members = []
    for j in range(n):
        # Some members apply to every school (the same parts), others skip a few (where:).
        if draw(st.booleans()):
            sub = parts
        else:
            kept = [i for i in range(rows) if draw(st.booleans())]
            sub = Subjects("primary", kept, {}, np.ones(len(kept)))
        status = [draw(st.sampled_from(OUTCOMES)) for _ in sub.school]
        values = [draw(st.sampled_from([0.5, 0.9, 1.2])) for _ in sub.school]
        members.append(_member(j, sub, status, values))
    return _rule(n, k, floor), parts, members


def _check(rule: SchoolKofN, parts: Subjects, members: list[SchoolResult]) -> None:
    got = _k_of_n(rule, parts, members)
    want = _reference(rule, parts, members)
    assert got.status == [w[0] for w in want]
    assert got.values.tolist() == [w[1] for w in want]
    for detail, (status, _, rules, below) in zip(got.detail, want, strict=True):
        text = detail.render("en") if detail is not None else ""
        for rid in rules:  # the detail names every member missed or undecided
            assert rid in text
        if status == FAIL and below:
            assert "85%" in text or "0%" in text or "100%" in text


@settings(max_examples=300, deadline=None)
@given(cases())
def test_grouped_verdicts_match_the_rule_school_by_school(case):
    _check(*case)


@settings(max_examples=25, deadline=None)
@given(cases(max_members=34))
def test_many_members_take_the_row_sort_and_still_match(case):
    _check(*case)


def test_thirty_members_one_below_the_floor_fails():
    n, rows = 30, 3
    parts = Subjects("primary", list(range(rows)), {}, np.ones(rows))
    members = [_member(j, parts, [PASS] * rows, [1.2] * rows) for j in range(n)]
    members[29] = _member(29, parts, [PASS, FAIL, FAIL], [1.2, 0.9, 0.5])
    got = _k_of_n(_rule(n, n - 1, 0.85), parts, members)
    assert got.status == [PASS, PASS, FAIL]
    assert "QB.A29" in got.detail[2].render("en")
