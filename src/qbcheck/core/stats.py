"""The official inter-school coefficient of variation (差异系数), and nothing else.

X̄ = Σ P_i·X_i / ΣP (= ΣA/ΣP when X_i = A_i/P_i), S = √(Σ (P_i/ΣP)(X_i − X̄)²), CV = S / X̄.
Enrolment-weighted, population (not sample) variance, full precision throughout: rounding is
for display only. Sums use math.fsum so that the order of schools cannot change a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class WeightedCV:
    mean: float
    sd: float
    cv: float | None  # None when the mean is 0: the CV is undefined, not 0
    weight: float
    n: int


def weighted_cv(
    values: Sequence[float] | np.ndarray, weights: Sequence[float] | np.ndarray
) -> WeightedCV:
    """CV of `values` weighted by `weights` (enrolments). Inputs must be complete: the caller
    decides what a blank means (it makes the CV unknown), this function never skips a school."""
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if x.shape != w.shape:
        raise ValueError("values and weights differ in length")
    if not len(x):
        raise ValueError("no schools")
    total = exact_sum(w)
    if total <= 0:
        raise ValueError("total weight must be positive")
    mean = math.fsum((w * x).tolist()) / total
    var = math.fsum((w * (x - mean) ** 2).tolist()) / total
    sd = math.sqrt(var)
    cv = sd / mean if mean != 0 else None
    return WeightedCV(mean=mean, sd=sd, cv=cv, weight=total, n=len(values))


_SHORT = 256  # below this many values fsum is faster than numpy's checks


def exact_sum(w: np.ndarray) -> float:
    """Σw correctly rounded. Enrolments are whole numbers, and whole numbers below 2**53 add
    up exactly in any order, so numpy's sum is exact for them; anything else goes to fsum.
    A short array goes to fsum at once: the same correctly rounded sum, without three numpy
    passes (a region has tens of thousands of stages of a few dozen schools)."""
    if len(w) <= _SHORT:
        return math.fsum(w.tolist())
    if np.all(w >= 0) and np.all(np.mod(w, 1) == 0) and float(w.max()) * len(w) < 2**53:
        return float(w.sum())
    return math.fsum(w.tolist())


def split_shares(pupils: Sequence[ArrayLike], weights: Sequence[float]) -> list[np.ndarray]:
    """Each stage's share of a whole-school total, school by school: w_s·P_s / Σ w·P.

    One entry per stage; a stage the school lacks has 0 pupils. With weights 1 : 1.1 : 1.32 a
    完全中学's junior share is 1.1B/(1.1B+1.32C) = B/(B+1.2C). A blank enrolment (NaN or None)
    makes every share of that school unknown (NaN), as does a school with no pupils at all."""
    terms = [w * np.asarray(p, dtype=np.float64) for w, p in zip(weights, pupils, strict=True)]
    total = sum(terms)
    with np.errstate(divide="ignore", invalid="ignore"):
        return [np.where(total > 0, term / total, np.nan) for term in terms]
