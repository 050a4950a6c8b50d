"""SMOTE that runs on small classes: ``k_neighbors`` capped by the class size.

The ``smote`` kind of the pipelines' registry (and so the benchmarks' SMOTE
baseline) uses these, so SMOTE runs where a user would make it run.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC

__all__ = ["CappedSMOTE", "CappedSMOTEN", "CappedSMOTENC"]


class _NeighbourCap:
    """SMOTE whose ``k_neighbors`` is capped by the size of the class it grows.

    SMOTE needs ``k_neighbors + 1`` rows of each class it oversamples, so
    with the default 5 it fails on a class of 5 rows or fewer (a training
    fold of a small data set). A user would lower ``k`` until it runs; the
    cap does that: ``k = min(k_neighbors, n_smallest - 1)``, kept in the
    fitted ``k_neighbors_``.
    """

    def _fit_resample(self, X, y):
        self.k_neighbors_ = self.k_neighbors
        if isinstance(self.k_neighbors, Integral):
            sizes = [
                int(np.sum(y == c)) for c, n in self.sampling_strategy_.items() if n
            ]
            if sizes and min(sizes) < 2:
                raise ValueError(
                    f"{type(self).__name__} interpolates between rows of a class "
                    f"and needs 2 of each class it oversamples; one has "
                    f"{min(sizes)}. Use kind 'ros' (RandomOverSampler) instead."
                )
            if sizes:
                self.k_neighbors_ = min(self.k_neighbors, min(sizes) - 1)
        return super()._fit_resample(X, y)

    def _validate_estimator(self):
        super()._validate_estimator()
        if isinstance(self.k_neighbors, Integral):
            k = getattr(self, "k_neighbors_", self.k_neighbors)
            self.nn_k_.set_params(n_neighbors=k + 1)


class CappedSMOTE(_NeighbourCap, SMOTE):
    """imbalanced-learn's SMOTE, ``k_neighbors`` capped by the class size.

    Examples
    --------
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = np.array([0] * 7 + [1] * 3)
    >>> sampler = CappedSMOTE(random_state=0)
    >>> np.bincount(sampler.fit_resample(X, y)[1]).tolist(), sampler.k_neighbors_
    ([7, 7], 2)
    """


class CappedSMOTENC(_NeighbourCap, SMOTENC):
    """imbalanced-learn's SMOTENC, ``k_neighbors`` capped by the class size."""


class CappedSMOTEN(_NeighbourCap, SMOTEN):
    """imbalanced-learn's SMOTEN, ``k_neighbors`` capped by the class size."""
