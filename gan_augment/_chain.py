"""SamplerChain: several over-samplers applied one after another, as one step."""

from __future__ import annotations

from sklearn.base import clone

from ._compat import _BaseComposition


class SamplerChain(_BaseComposition):
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
        self.named_steps_ = {}
        for name, sampler in self.steps:
            fitted = clone(sampler)
            X, y = fitted.fit_resample(X, y)
            self.named_steps_[name] = fitted
        return X, y

    def fit(self, X, y):
        """Fit every step (by resampling once); returns self."""
        self.fit_resample(X, y)
        return self
