"""Rank statistics of methods scored on the same blocks (Demsar 2006).

A block is one unit every method was scored on: a data set x classifier
pair in the benchmark, a classifier x fold pair in
:func:`~gan_augment.metrics.compare_augmenters`. These are pure functions of
a block-by-method score matrix (higher is better); the benchmark report
(``benchmarks/_report.py``) and the comparison both use them, so a mean rank
means the same thing in both.

Examples
--------
>>> import pandas as pd
>>> scores = pd.DataFrame({"a": [0.9, 0.8, 0.7], "b": [0.5, 0.8, 0.6]})
>>> rank_matrix(scores).mean().tolist()
[1.1666666666666667, 1.8333333333333333]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "FriedmanResult",
    "friedman_test",
    "nemenyi_critical_difference",
    "rank_matrix",
]


def rank_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """Rank the methods within each block (1 = best score).

    Parameters
    ----------
    scores : DataFrame
        Blocks (rows) by methods (columns), higher scores better: in the
        benchmark, the fold-mean scores of each data set x classifier pair.

    Returns
    -------
    DataFrame
        Same shape: ranks, ties (equal to 12 decimals) sharing their average
        rank, failures (NaN) ranked last and tied with each other.
    """
    # Rounding makes scores that differ by float noise alone tie.
    return scores.round(12).rank(
        axis=1, ascending=False, method="average", na_option="bottom"
    )


@dataclass(frozen=True)
class FriedmanResult:
    """The Friedman test of equal mean ranks, with the Iman-Davenport F.

    Attributes
    ----------
    statistic, p_value : float
        Friedman's chi-square (corrected for ties) and its p-value on
        ``n_methods - 1`` degrees of freedom.
    iman_davenport, iman_davenport_p_value : float
        ``F = (N - 1) chi2 / (N (k - 1) - chi2)`` and its p-value on
        ``(k - 1, (k - 1)(N - 1))`` degrees of freedom, which Demsar (2006)
        recommends as less conservative than the chi-square.
    n_blocks, n_methods : int
        ``N`` blocks (data set x classifier pairs) and ``k`` methods.
    """

    statistic: float
    p_value: float
    iman_davenport: float
    iman_davenport_p_value: float
    n_blocks: int
    n_methods: int


def friedman_test(scores: pd.DataFrame) -> FriedmanResult:
    """Friedman test that all methods have the same mean rank.

    Parameters
    ----------
    scores : DataFrame
        Blocks by methods, as for :func:`rank_matrix`.

    Returns
    -------
    FriedmanResult
        Computed by :func:`scipy.stats.friedmanchisquare` on the ranks of
        :func:`rank_matrix` (so failures rank last, as in the mean ranks).

    Raises
    ------
    ValueError
        With fewer than three methods or two blocks.
    """
    n, k = scores.shape
    if k < 3 or n < 2:
        raise ValueError(
            f"The Friedman test needs three or more methods on two or more "
            f"blocks; got {k} methods on {n} blocks."
        )
    ranks = rank_matrix(scores).to_numpy(dtype=float)
    result = stats.friedmanchisquare(*ranks.T)
    chi2 = float(result.statistic)
    denominator = n * (k - 1) - chi2
    f_value = (n - 1) * chi2 / denominator if denominator > 0 else math.inf
    f_p = float(stats.f.sf(f_value, k - 1, (k - 1) * (n - 1)))
    return FriedmanResult(chi2, float(result.pvalue), f_value, f_p, n, k)


def nemenyi_critical_difference(
    n_methods: int, n_blocks: int, alpha: float = 0.05
) -> float:
    """The Nemenyi test's critical difference of mean ranks (Demsar 2006).

    Two mean ranks differ significantly when they are at least
    ``q_alpha * sqrt(k (k + 1) / (6 N))`` apart, ``q_alpha`` being the
    studentized range quantile for ``k`` groups and infinite degrees of
    freedom divided by ``sqrt(2)``.

    Parameters
    ----------
    n_methods : int
        ``k``, two or more.
    n_blocks : int
        ``N``, one or more.
    alpha : float, default=0.05

    Returns
    -------
    float

    Examples
    --------
    >>> round(nemenyi_critical_difference(4, 14), 2)  # Demsar's example
    1.25
    """
    if n_methods < 2 or n_blocks < 1:
        raise ValueError(
            f"The critical difference needs two or more methods and one or more "
            f"blocks; got {n_methods} and {n_blocks}."
        )
    q = float(stats.studentized_range.ppf(1 - alpha, n_methods, np.inf)) / math.sqrt(2)
    return q * math.sqrt(n_methods * (n_methods + 1) / (6 * n_blocks))
