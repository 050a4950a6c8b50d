"""A decision threshold tuned on the training data: the ``tuned_threshold`` baseline.

Moving the threshold is what many practitioners do instead of resampling,
and studies of imbalanced tables (Elor and Averbuch-Elor 2022; CLIMB 2025)
find it often matches balancing, so every gain is also measured against it
(and every resampler also runs with it on top: the ``<kind>+tt`` kinds).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted

__all__ = ["TunedThreshold"]


def _estimator_has(method: str):
    def check(self) -> bool:
        return hasattr(self.estimator, method)

    return check


class TunedThreshold(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """A binary classifier whose threshold is tuned for a metric by inner CV.

    ``fit`` runs :class:`sklearn.model_selection.TunedThresholdClassifierCV`
    on the data it is given, and only on it: inside a cross-validation the
    threshold is tuned on the training fold (by its own inner folds) and the
    test fold is never seen. A sampler inside ``estimator`` resamples the
    inner training folds only, so the threshold is chosen on real rows.

    When the classifier's scores are constant on an inner fold (scikit-learn
    then refuses to tune), or the tuned classifier predicts one class for
    every training row, the default threshold is kept: a threshold tuned on
    scores without a ranking is no better than chance.

    Parameters
    ----------
    estimator : classifier
        Unfitted; may be a pipeline (with a sampler).
    scoring : str, default="balanced_accuracy"
        The metric the threshold maximises.
    cv : int, splitter or None, default=None
        Inner folds (None: 5 stratified folds).
    random_state : int or None, default=None
        For ``cv`` given as a float (a shuffled holdout).

    Attributes
    ----------
    model_ : classifier
        What predicts: the tuned classifier, or the refitted ``estimator``
        with its default threshold.
    threshold_ : float or None
        The tuned threshold (on ``predict_proba`` or ``decision_function``
        scores of the positive class), or None where the default was kept.
    classes_ : ndarray

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> model = TunedThreshold(LogisticRegression()).fit(X, y)
    >>> 0 < model.threshold_ < 0.5  # below 0.5: the rare class gets more rows
    True
    >>> model.predict(X[:3]).shape
    (3,)
    """

    def __init__(
        self,
        estimator: Any,
        *,
        scoring: str = "balanced_accuracy",
        cv: Any = None,
        random_state: int | None = None,
    ):
        self.estimator = estimator
        self.scoring = scoring
        self.cv = cv
        self.random_state = random_state

    def fit(self, X: Any, y: Any, **fit_params: Any) -> TunedThreshold:
        """Tune the threshold on ``X, y`` and refit the estimator on all of it.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Two classes.
        **fit_params
            Passed to the estimator's ``fit``.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            If ``y`` does not hold exactly two classes.
        """
        target = type_of_target(y)
        if target != "binary":
            raise ValueError(
                "A tuned decision threshold needs two classes; y is "
                f"{target!r}. Leave tuned_threshold and the '+tt' kinds out for "
                "multi-class data."
            )
        tuner = TunedThresholdClassifierCV(
            self.estimator,
            scoring=self.scoring,
            cv=self.cv,
            random_state=self.random_state,
        )
        try:
            tuned = tuner.fit(X, y, **fit_params)
        except ValueError as exc:
            # scikit-learn refuses to tune an estimator whose scores are
            # constant on an inner fold; the default threshold is what is left.
            if "constant predictions" not in str(exc):
                raise
            self.model_ = clone(self.estimator).fit(X, y, **fit_params)
            self.threshold_ = None
        else:
            if np.unique(tuned.predict(X)).size < 2:
                self.model_ = tuned.estimator_
                self.threshold_ = None
            else:
                self.model_ = tuned
                self.threshold_ = float(tuned.best_threshold_)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Class labels at the tuned (or kept default) threshold."""
        check_is_fitted(self)
        return self.model_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X: Any) -> np.ndarray:
        """The estimator's probabilities (a threshold does not change them)."""
        check_is_fitted(self)
        return self.model_.predict_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X: Any) -> np.ndarray:
        """The estimator's scores (a threshold does not change them)."""
        check_is_fitted(self)
        return self.model_.decision_function(X)
