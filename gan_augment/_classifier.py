"""AugmentedClassifier: augmentation inside ``fit`` for plain scikit-learn.

It routes fit parameters to the classifier (scikit-learn's metadata routing),
and gives per-row weights to the rows the augmenter adds (:func:`resampled_weights`).
"""

from __future__ import annotations

import numpy as np
from sklearn import get_config
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
    is_classifier,
)
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import (
    check_is_fitted,
    column_or_1d,
    has_fit_parameter,
    validate_data,
)

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

    Notes
    -----
    **Fit parameters** (``sample_weight`` and any other) go to the
    classifier's ``fit``, never to the augmenter. With scikit-learn's metadata
    routing on (``sklearn.set_config(enable_metadata_routing=True)``), the
    classifier must ask for them, as every consumer does
    (``LogisticRegression().set_fit_request(sample_weight=True)``), and
    ``cross_validate(..., params=...)``, ``GridSearchCV.fit(..., **params)`` or
    a ``Pipeline`` route them here. With routing off, every fit parameter
    passed to :meth:`fit` goes to the classifier, as ``GridSearchCV`` passes
    its fit parameters on.

    **Synthetic rows' weights.** The classifier trains on more rows than the
    user gave weights for. A real row keeps its weight. A synthetic row gets
    the mean weight of the real rows of its class, so each class's weights
    keep their scale and a synthetic row counts as much as a typical real row
    of its class; a sampler that exposes ``sample_indices_`` (imbalanced-learn's
    ``RandomOverSampler`` and under-samplers) gives each row the weight of
    the real row it copies. Any other per-row fit parameter has no value for
    a synthetic row and is refused with a ``TypeError`` before training.

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
            Passed to the estimator's ``fit`` (routed, when scikit-learn's
            metadata routing is on); ``sample_weight`` is extended to the
            synthetic rows (see the class's Notes).

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
        if get_config()["enable_metadata_routing"]:
            params = dict(process_routing(self, "fit", **fit_params).estimator.fit)
        else:
            params = dict(fit_params)
            self._check_weights_accepted(params)
        per_row = [
            name
            for name, value in params.items()
            if name != "sample_weight" and _is_per_row(value, len(y))
        ]
        if per_row:
            raise TypeError(
                f"Fit parameters {per_row} hold one value per row, and the "
                "synthetic rows have none: AugmentedClassifier extends only "
                "sample_weight to them. Leave these out, or fit the estimator on "
                "augmenter.fit_resample(X, y) yourself."
            )
        weight = params.get("sample_weight")
        if hasattr(weight, "__len__") and len(weight) != len(y):
            raise ValueError(
                f"sample_weight holds {len(weight)} weights, but y has {len(y)} "
                "rows: pass one weight per row."
            )
        y = _one_label_per_row(y)
        validate_data(self, X=X, reset=True, skip_check_array=True)
        if self.augmenter is None:
            augmenter = GANAugmenter()
        else:
            augmenter = clone(self.augmenter)
        X_res, y_res = augmenter.fit_resample(X, y)
        if hasattr(weight, "__len__"):
            # A scalar weight (where the classifier takes one) needs no rows.
            params["sample_weight"] = resampled_weights(weight, augmenter, y, y_res)
        estimator = clone(self.estimator).fit(X_res, y_res, **params)
        self.augmenter_ = augmenter
        self.estimator_ = estimator
        self.classes_ = estimator.classes_
        return self

    def _check_weights_accepted(self, params: dict) -> None:
        # With routing off nothing asked the classifier: say so before training.
        if params.get("sample_weight") is not None and not has_fit_parameter(
            self.estimator, "sample_weight"
        ):
            raise TypeError(
                f"sample_weight was passed, but {type(self.estimator).__name__}"
                ".fit takes no sample_weight: leave it out, or use a classifier "
                "that takes row weights."
            )

    def get_metadata_routing(self):
        """How fit parameters reach the classifier (scikit-learn's routing).

        Returns
        -------
        MetadataRouter
            The classifier's ``fit`` requests, routed from :meth:`fit`.
        """
        return MetadataRouter(owner=type(self).__name__).add(
            estimator=self.estimator,
            method_mapping=MethodMapping().add(caller="fit", callee="fit"),
        )

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


def resampled_weights(sample_weight, sampler, y, y_resampled) -> np.ndarray:
    """Per-row weights for the rows a fitted sampler returned.

    Parameters
    ----------
    sample_weight : array-like of shape (n_samples,)
        The weights of the real rows.
    sampler : fitted sampler
        What resampled ``y`` into ``y_resampled``.
    y : array-like of shape (n_samples,)
    y_resampled : array-like of shape (n_resampled,)

    Returns
    -------
    ndarray of shape (n_resampled,)
        With ``sampler.sample_indices_``, the weight of the row each row
        comes from. Otherwise the real rows first (the imbalanced-learn
        over-sampler contract) with their weights, then each synthetic row
        with the mean weight of the real rows of its class.

    Raises
    ------
    ValueError
        When the sampler neither exposes ``sample_indices_`` nor returns the
        real rows first.

    Examples
    --------
    >>> from imblearn.over_sampling import SMOTE
    >>> X = [[0.0], [1.0], [2.0], [3.0], [10.0], [11.0]]
    >>> y = [0, 0, 0, 0, 1, 1]
    >>> sampler = SMOTE(k_neighbors=1, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> resampled_weights([1, 1, 1, 1, 2, 4], sampler, y, y_res).tolist()
    [1.0, 1.0, 1.0, 1.0, 2.0, 4.0, 3.0, 3.0]
    """
    weight = np.asarray(sample_weight, dtype=np.float64)
    y, y_resampled = np.asarray(y), np.asarray(y_resampled)
    if weight.shape != y.shape:
        raise ValueError(
            f"sample_weight has shape {weight.shape}, but y has {len(y)} rows: "
            "pass one weight per row."
        )
    indices = getattr(sampler, "sample_indices_", None)
    if indices is not None:
        return weight[np.asarray(indices)]
    n = len(y)
    if len(y_resampled) < n or not np.array_equal(y_resampled[:n], y):
        raise ValueError(
            f"{type(sampler).__name__} did not return the real rows first and has "
            "no sample_indices_, so the weights of its rows are unknown: use an "
            "over-sampler (real rows first, then synthetic ones), or fit without "
            "sample_weight."
        )
    added = y_resampled[n:]
    labels, which = np.unique(added, return_inverse=True)
    means = np.array([weight[y == label].mean() for label in labels])
    return np.concatenate([weight, means[which]])


def _is_per_row(value, n_rows: int) -> bool:
    """Whether a fit parameter holds one value per row (as scikit-learn judges)."""
    if isinstance(value, str | dict) or not hasattr(value, "__len__"):
        return False
    return len(value) == n_rows


def _one_label_per_row(y):
    """``y`` as one label per row; a column vector is flattened with a warning.

    scikit-learn's classifiers warn (``DataConversionWarning``) and go on for
    a column vector; several labels per row are refused before training.
    """
    shape = np.shape(np.asarray(y))
    if len(shape) != 2:
        return y
    if shape[1] == 1:
        return column_or_1d(y, warn=True)
    raise ValueError(
        f"Multilabel and multioutput targets are not supported: y has shape "
        f"{shape}, and AugmentedClassifier balances the classes of one "
        "label per row. Pass one column of labels (for one-hot rows, "
        "y.argmax(axis=1))."
    )
