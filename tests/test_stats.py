"""The CV formula against the published worked examples, and the properties it must have."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qbcheck.core.stats import split_shares, weighted_cv

# S-CV-EX: five primary schools, books per pupil.
PUPILS = [45, 37, 89, 76, 55]
BOOKS = [279, 137, 935, 160, 402]


def test_published_worked_example_gives_0_515():
    values = [b / p for b, p in zip(BOOKS, PUPILS, strict=True)]
    r = weighted_cv(values, PUPILS)
    assert r.cv == pytest.approx(0.515257, abs=5e-7)
    assert f"{r.cv:.3f}" == "0.515"
    assert f"{r.cv:.2f}" == "0.52"  # the published two-decimal figure
    assert r.mean == pytest.approx(1913 / 302, rel=1e-12)  # county mean is ratio of totals


def test_worked_example_is_not_any_of_the_wrong_formulas():
    values = [b / p for b, p in zip(BOOKS, PUPILS, strict=True)]
    cv = weighted_cv(values, PUPILS).cv
    mean = sum(values) / len(values)
    unweighted_pop = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) / mean
    unweighted_sample = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) / mean
    assert unweighted_pop == pytest.approx(0.4888, abs=1e-4)
    assert unweighted_sample == pytest.approx(0.5465, abs=1e-4)
    assert abs(cv - unweighted_pop) > 0.02 and abs(cv - unweighted_sample) > 0.02
    # Rounding each school's value to 2 decimals first (a known peer defect) moves the result.
    rounded = weighted_cv([round(v, 2) for v in values], PUPILS).cv
    assert rounded != cv


def test_one_through_split_oracle():
    """S-SPLIT: 166 primary and 210 junior pupils share 23,226 books at 1 : 1.1."""
    primary, junior = split_shares([166, 210], [1.0, 1.1])
    assert 23226 * primary == pytest.approx(9711.63, abs=0.005)
    assert 23226 * junior == pytest.approx(13514.37, abs=0.005)


def test_complete_middle_school_split_is_one_to_one_point_two():
    junior, _senior = split_shares([800, 1000], [1.1, 1.32])
    assert junior == pytest.approx(800 / (800 + 1.2 * 1000), rel=1e-12)


def test_blank_enrolment_makes_every_share_unknown():
    assert all(math.isnan(share) for share in split_shares([166, None], [1.0, 1.1]))


def test_zero_mean_has_no_cv_rather_than_zero():
    assert weighted_cv([0.0, 0.0], [10, 20]).cv is None


def test_a_school_with_zero_counts_as_zero_not_skipped():
    with_zero = weighted_cv([0.0, 5.0, 6.0], [100, 100, 100]).cv
    skipped = weighted_cv([5.0, 6.0], [100, 100]).cv
    assert with_zero > skipped + 0.3


values_and_weights = st.lists(
    st.tuples(
        st.floats(min_value=0.01, max_value=1e4, allow_nan=False),
        st.integers(min_value=1, max_value=5000),
    ),
    min_size=1,
    max_size=40,
)


@given(values_and_weights, st.floats(min_value=1e-3, max_value=1e3))
def test_cv_is_unchanged_when_every_value_is_scaled(rows, factor):
    values, weights = zip(*rows, strict=True)
    base = weighted_cv(values, weights).cv
    scaled = weighted_cv([v * factor for v in values], weights).cv
    assert scaled == pytest.approx(base, rel=1e-9, abs=1e-12)


@given(
    st.floats(min_value=0.01, max_value=1e4),
    st.lists(st.integers(1, 5000), min_size=1, max_size=40),
)
def test_cv_is_zero_when_all_schools_are_equal(value, weights):
    assert weighted_cv([value] * len(weights), weights).cv == pytest.approx(0.0, abs=1e-12)


@given(st.floats(min_value=0.01, max_value=10), st.floats(min_value=10.5, max_value=100))
def test_cv_moves_with_enrolment_weights(low, high):
    """Two schools: moving pupils towards an equal split raises the CV, and the weights matter."""
    lopsided = weighted_cv([low, high], [1, 99]).cv
    even = weighted_cv([low, high], [50, 50]).cv
    assert even > lopsided
    assert weighted_cv([low, high], [99, 1]).cv != pytest.approx(lopsided, rel=1e-6)


@given(values_and_weights)
def test_cv_ignores_the_order_of_schools(rows):
    values, weights = zip(*rows, strict=True)
    forward = weighted_cv(values, weights).cv
    backward = weighted_cv(values[::-1], weights[::-1]).cv
    assert forward == pytest.approx(backward, rel=1e-12, abs=1e-15)


@given(values_and_weights, st.integers(2, 5))
def test_integer_weights_equal_repeating_each_pupil(rows, times):
    """Weighting by enrolment is the same as scaling all enrolments by a common factor."""
    values, weights = zip(*rows, strict=True)
    a = weighted_cv(values, weights).cv
    b = weighted_cv(values, [w * times for w in weights]).cv
    assert a == pytest.approx(b, rel=1e-9, abs=1e-12)


def test_cv_drivers_share_the_weighted_variance_and_say_what_removing_each_gives():
    import numpy as np

    from qbcheck.kinds.cv_limit import cv_drivers

    values = np.array([6.0, 6.2, 5.9, 30.0])  # one school far above the rest
    pupils = np.array([400.0, 300.0, 500.0, 100.0])
    drivers = cv_drivers(values, pupils, [10, 11, 12, 13], top=4)
    assert drivers[0].school == 13
    assert sum(d.share for d in drivers) == pytest.approx(1.0)
    full = weighted_cv(values, pupils).cv
    without = weighted_cv(values[:3], pupils[:3]).cv
    assert drivers[0].cv_without == pytest.approx(without)
    assert drivers[0].cv_without < full


@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=300)
    | st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=300),
    st.randoms(),
)
def test_the_total_enrolment_is_exact_in_any_order(weights, rnd):
    """Σw is correctly rounded (as math.fsum gives it) however the schools are ordered."""
    from qbcheck.core.stats import exact_sum

    arr = np.array(weights, dtype=float)
    shuffled = arr.copy()
    rnd.shuffle(shuffled)
    assert exact_sum(arr) == exact_sum(shuffled) == math.fsum(arr.tolist())
