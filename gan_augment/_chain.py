"""SamplerChain: several over-samplers applied one after another, as one step."""

from __future__ import annotations

import copy
from collections import Counter

import numpy as np
from sklearn.base import OneToOneFeatureMixin, clone
from sklearn.utils import get_tags
from sklearn.utils.validation import check_is_fitted, validate_data

from ._compat import _BaseComposition


class SamplerChain(OneToOneFeatureMixin, _BaseComposition):
    """Apply samplers in order, each to the output of the one before.

    imbalanced-learn's ``Pipeline`` runs several samplers in a row, but it
    refuses a pipeline as one of its steps; ``SamplerChain`` is a single
    sampler, so a chain can sit wherever one sampler can: in a ``Pipeline``,
    in :func:`~gan_augment.metrics.augmentation_gain`, in ``GridSearchCV``
    (parameters as ``<step>__<param>``).

    Parameters
    ----------
    steps : list of (str, sampler)
        Named samplers with ``fit_resample``; they are cloned, never fitted in
        place.

    Attributes
    ----------
    named_steps_ : dict
        The fitted clones by name.
    sampling_strategy_ : dict
        ``{class: rows the chain added}``, over all steps, for every class
        that got rows.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when ``X`` has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn.over_sampling import RandomOverSampler, SMOTE
    >>> from gan_augment import PartialBalance, SamplerChain
    >>> X = np.arange(40, dtype=float).reshape(20, 2)
    >>> y = np.array([0] * 16 + [1] * 4)
    >>> chain = SamplerChain([
    ...     ("smote", SMOTE(sampling_strategy=PartialBalance(0.5), k_neighbors=2)),
    ...     ("ros", RandomOverSampler(random_state=0)),
    ... ])
    >>> X_res, y_res = chain.fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [16, 16]
    >>> chain.sampling_strategy_
    {1: 12}
    """

    def __init__(self, steps):
        self.steps = steps

    def get_params(self, deep: bool = True) -> dict:
        """Parameters of the chain and, with ``deep``, of its steps."""
        return self._get_params("steps", deep=deep)

    def set_params(self, **params):
        """Set parameters of the chain or of a step (``<step>__<param>``)."""
        self._set_params("steps", **params)
        return self

    def _check_steps(self) -> None:
        if not isinstance(self.steps, list | tuple) or not self.steps:
            raise ValueError(
                "steps must be a non-empty list of (name, sampler) pairs, e.g. "
                "[('albumentations', AlbumentationsAugmenter(...)), ('gan', "
                "GANAugmenter(...))]."
            )
        names = []
        for step in self.steps:
            if not (isinstance(step, tuple | list) and len(step) == 2):
                raise ValueError(
                    f"Each step must be a (name, sampler) pair; got {step!r}."
                )
            name, sampler = step
            if not hasattr(sampler, "fit_resample"):
                raise TypeError(
                    f"Step {name!r} ({type(sampler).__name__}) has no fit_resample: "
                    "every step of a SamplerChain must be a sampler."
                )
            names.append(name)
        self._validate_names(names)

    def fit_resample(self, X, y, **params):
        """Resample with each step in turn.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled, y_resampled
            What the last step returns.
        """
        self._check_steps()
        # Each step checks its own input; the chain only records its shape.
        validate_data(self, X=X, reset=True, skip_check_array=True)
        before = _class_counts(y)
        named_steps = {}
        for name, sampler in self.steps:
            fitted = clone(sampler)
            X, y = fitted.fit_resample(X, y)
            named_steps[name] = fitted
        after = _class_counts(y)
        self.sampling_strategy_ = {
            label: after[label] - before.get(label, 0)
            for label in after
            if after[label] > before.get(label, 0)
        }
        self.named_steps_ = named_steps
        return X, y

    def fit(self, X, y):
        """Fit every step (by resampling once); returns self."""
        self.fit_resample(X, y)
        return self

    def get_feature_names_out(self, input_features=None):
        """The input's feature names: samplers add rows, not columns.

        Parameters
        ----------
        input_features : array-like of str or None, default=None

        Returns
        -------
        ndarray of str
        """
        check_is_fitted(self, "named_steps_")
        return super().get_feature_names_out(input_features)

    def __sklearn_tags__(self):
        # A chain is a sampler with its steps' tags: its last step's kind
        # (imbalanced-learn's sampler tags), and inputs every step accepts.
        tags = super().__sklearn_tags__()
        try:
            self._check_steps()
        except (TypeError, ValueError):
            return tags
        steps = [get_tags(sampler) for _, sampler in self.steps]
        tags = copy.deepcopy(steps[-1])
        for name in ("allow_nan", "sparse", "string", "categorical", "dataframe"):
            setattr(
                tags.input_tags,
                name,
                all(getattr(step.input_tags, name) for step in steps),
            )
        tags.non_deterministic = any(step.non_deterministic for step in steps)
        sampler_tags = getattr(tags, "sampler_tags", None)
        if sampler_tags is not None:
            # No step's indices say where the chain's rows come from.
            sampler_tags.sample_indices = False
        return tags


def _class_counts(y) -> dict:
    """``{class: rows}`` of a target, one-hot or not."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:  # one-hot, as imbalanced-learn allows
        y = y.argmax(axis=1)
    return dict(Counter(y.ravel().tolist()))
