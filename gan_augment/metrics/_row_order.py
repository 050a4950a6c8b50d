"""Fit a classifier on its training rows in a seeded random order.

Why: a sampler returns the user's rows first and its new rows after them, and
some classifiers depend on that order. scikit-learn's k-NN breaks ties
between equally distant training rows by their position, so on a table of
duplicated rows (led7digit: 93% duplicates) the order of the rows, not the
method, decides the score: 5-NN's balanced accuracy there is 0.678 with the
rows as given and 0.858 shuffled. A comparison that fits every classifier on
its rows in a random order (seeded, so it repeats) measures the method, not
the order its rows come in (docs/measuring.md, "k-NN and duplicated rows").

The permutation goes right before the final classifier, after every sampler:
a tuned threshold still splits its own inner folds from the rows as given
(as scikit-learn's ``TunedThresholdClassifierCV`` does by default), and a
sampler still sees the rows as given, so seeded samplers draw what they draw
without it.

Examples
--------
>>> import numpy as np
>>> from sklearn.neighbors import KNeighborsClassifier
>>> from gan_augment.metrics._row_order import ShuffledFit
>>> X, y = np.zeros((4, 1)), np.array([0, 0, 1, 1])
>>> ShuffledFit(KNeighborsClassifier(n_neighbors=1), random_state=0).fit(
...     X, y).classes_.tolist()
[0, 1]
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.utils.metaestimators import available_if

from .._compat import _num_samples, _safe_indexing

__all__ = ["ShuffledFit", "with_shuffled_fit"]


def _estimator_has(method: str):
    def check(self: ShuffledFit) -> bool:
        return hasattr(self.estimator, method)

    return check


class ShuffledFit(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """A classifier fitted on its training rows in a seeded random order.

    Predictions are the fitted ``estimator``'s own; only the order of the
    rows it learns from changes. ``fit`` parameters with one entry per row
    (``sample_weight``) are permuted with the rows.

    Parameters
    ----------
    estimator : classifier
        Unfitted; cloned by ``fit``.
    random_state : int, default=0
        Seed of the permutation.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``.
    classes_ : ndarray
        Its classes.
    """

    def __init__(self, estimator: Any, random_state: int = 0):
        self.estimator = estimator
        self.random_state = random_state

    def fit(self, X: Any, y: Any, **fit_params: Any) -> ShuffledFit:
        """Fit a clone of ``estimator`` on the rows in a seeded random order.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        **fit_params
            Passed to the estimator's ``fit``; those of length ``n_samples``
            are permuted with the rows.

        Returns
        -------
        self
        """
        n = _num_samples(X)
        order = np.random.default_rng(self.random_state).permutation(n)
        params = {
            key: _safe_indexing(value, order) if _per_row(value, n) else value
            for key, value in fit_params.items()
        }
        self.estimator_ = clone(self.estimator).fit(
            _safe_indexing(X, order), _safe_indexing(y, order), **params
        )
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The fitted estimator's predictions."""
        return self.estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X: Any) -> np.ndarray:
        """The fitted estimator's class probabilities."""
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X: Any) -> np.ndarray:
        """The fitted estimator's decision scores."""
        return self.estimator_.decision_function(X)


def _per_row(value: Any, n: int) -> bool:
    try:
        return not np.isscalar(value) and _num_samples(value) == n
    except TypeError:
        return False


def with_shuffled_fit(model: Any, random_state: int) -> Any:
    """A clone of ``model`` whose final classifier is a :class:`ShuffledFit`.

    The permutation goes in front of the final classifier: through the
    steps of a pipeline and into a tuned threshold's ``estimator`` (so its
    inner folds are split as before). Any other model is wrapped whole.

    Parameters
    ----------
    model : classifier or pipeline
        Unfitted; not changed.
    random_state : int
        Seed of the permutation.

    Returns
    -------
    estimator
        Unfitted.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> model = with_shuffled_fit(make_pipeline(StandardScaler(),
    ...     LogisticRegression()), random_state=0)
    >>> model.steps[-1][1]
    ShuffledFit(estimator=LogisticRegression())
    """
    return _wrap_final(clone(model), random_state)


def _wrap_final(model: Any, random_state: int) -> Any:
    steps = getattr(model, "steps", None)
    if steps:
        name, final = steps[-1]
        if final is not None and final != "passthrough":
            steps[-1] = (name, _wrap_final(final, random_state))
        return model
    from ..pipeline._threshold import TunedThreshold

    if isinstance(model, (TunedThreshold, TunedThresholdClassifierCV)):
        return model.set_params(estimator=_wrap_final(model.estimator, random_state))
    return ShuffledFit(model, random_state)
