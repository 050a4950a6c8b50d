"""AugmentedClassifier: augmentation inside ``fit`` for plain scikit-learn."""

from __future__ import annotations

from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
    is_classifier,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._augmenter import GANAugmenter
from ._compat import HasMethods


def _estimator_has(name: str):
    def check(self):
        if hasattr(self, "estimator_"):
            return hasattr(self.estimator_, name)
        return hasattr(self.estimator, name)

    return check


class AugmentedClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """A classifier that trains on augmented data and predicts untouched.

    A plain :class:`sklearn.pipeline.Pipeline` cannot add rows, so samplers do
    not fit in it. This wrapper resamples inside ``fit`` (on the training data
    only, so cross-validation never leaks synthetic rows into test folds) and
    delegates prediction to the fitted estimator.

    Parameters
    ----------
    estimator : classifier
        The classifier to train on the augmented data.
    augmenter : sampler or None, default=None
        Any object with ``fit_resample`` (a :class:`GANAugmenter`, SMOTE, ...);
        None uses ``GANAugmenter()`` defaults.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``.
    augmenter_ : sampler
        The fitted clone of ``augmenter``.
    classes_ : ndarray
        The class labels.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when ``X`` has string column names.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from gan_augment import AugmentedClassifier, GANAugmenter
    >>> X, y = make_classification(n_samples=300, weights=[0.9, 0.1], random_state=0)
    >>> model = make_pipeline(
    ...     StandardScaler(),
    ...     AugmentedClassifier(
    ...         LogisticRegression(), GANAugmenter(n_steps=100, random_state=0)
    ...     ),
    ... )
    >>> model.fit(X, y).predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"])],
        "augmenter": [HasMethods(["fit_resample"]), None],
    }

    def __init__(self, estimator, augmenter=None):
        self.estimator = estimator
        self.augmenter = augmenter

    def fit(self, X, y, **fit_params):
        """Augment ``X, y`` and fit the estimator on the result.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self : AugmentedClassifier
        """
        self._validate_params()
        if not is_classifier(self.estimator):
            raise TypeError(
                "AugmentedClassifier needs a classifier as estimator (it balances "
                f"classes); got {type(self.estimator).__name__}, which is not one."
            )
        per_row = [
            name
            for name, value in fit_params.items()
            if hasattr(value, "__len__")
            and not isinstance(value, str)
            and len(value) == len(y)
        ]
        if per_row:
            raise TypeError(
                f"Fit parameters {per_row} hold one value per row, and the "
                "synthetic rows have none: AugmentedClassifier cannot pass them "
                "on. Let the augmenter balance the classes instead of weights, or "
                "fit the estimator on augmenter.fit_resample(X, y) yourself."
            )
        if self.augmenter is None:
            augmenter = GANAugmenter()
        else:
            augmenter = clone(self.augmenter)
        X_res, y_res = augmenter.fit_resample(X, y)
        estimator = clone(self.estimator).fit(X_res, y_res, **fit_params)
        self.augmenter_ = augmenter
        self.estimator_ = estimator
        self.classes_ = estimator.classes_
        self.n_features_in_ = augmenter.n_features_in_
        if hasattr(augmenter, "feature_names_in_"):
            self.feature_names_in_ = augmenter.feature_names_in_
        return self

    def predict(self, X):
        """Predict with the fitted estimator."""
        check_is_fitted(self)
        return self.estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from the fitted estimator."""
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities from the fitted estimator."""
        check_is_fitted(self)
        return self.estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision function of the fitted estimator."""
        check_is_fitted(self)
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        from sklearn.utils import get_tags

        inner = get_tags(self.estimator)
        tags.input_tags.allow_nan = False
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.categorical = inner.input_tags.categorical
        tags.input_tags.string = inner.input_tags.string
        return tags
