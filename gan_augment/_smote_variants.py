"""Three oversamplers of ``smote-variants`` as imbalanced-learn samplers.

polynom-fit-SMOTE (star topology), ProWSyn and SMOTE-IPF led the largest
comparison of oversamplers (Kovacs 2019, 85 variants on 104 data sets), so
they are the baselines a GAN has to beat. ``smote-variants`` is not a
dependency of the package: it is imported when a sampler first resamples, and
installed by hand::

    pip install --no-deps smote-variants==1.0.1 minisom metric-learn seaborn statistics

(``--no-deps``: its metadata declares tensorflow, keras and mkl, which these
three samplers never import.)

The samplers take numbers only: put them after the step that one-hot encodes
categories, imputes missing values and scales the numbers (the ``prowsyn``,
``polynom_fit_smote`` and ``smote_ipf`` kinds of :mod:`gan_augment.pipeline`
do). They handle two classes; ``smote_variants.MulticlassOversampling`` is the
library's own one-vs-rest scheme for more.
"""

from __future__ import annotations

import logging
import math
from numbers import Integral, Real
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from scipy import sparse
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

__all__ = [
    "INSTALL_HINT",
    "SMOTEIPF",
    "PolynomFitSMOTE",
    "ProWSyn",
    "import_smote_variants",
]

#: How to install smote-variants and the four packages these samplers need.
INSTALL_HINT = (
    "pip install --no-deps smote-variants==1.0.1 minisom metric-learn seaborn "
    "statistics"
)

# Rounds of asking smote-variants for more rows when an algorithm rounds its
# count down (polynom-fit-SMOTE's star makes a whole number of rows per real
# row); two always suffice, the rest is a margin.
_MAX_ROUNDS = 4


def import_smote_variants() -> Any:
    """Import ``smote_variants``, or explain how to install it.

    Its logger is set to WARNING when it is still at the DEBUG level the
    library gives itself on import: otherwise every resample prints INFO lines
    (a benchmark prints thousands).

    Returns
    -------
    module

    Raises
    ------
    ImportError
        When smote-variants or one of the packages it imports is missing; the
        message gives the ``pip install --no-deps ...`` line.

    Examples
    --------
    >>> import_smote_variants().__version__
    '1.0.1'
    """
    try:
        import smote_variants
    except ImportError as exc:
        raise ImportError(
            f"The smote-variants samplers need smote-variants 1.0.1 ({exc}). "
            f"Install it with: {INSTALL_HINT} (--no-deps: its metadata declares "
            "tensorflow, keras and mkl, which these samplers never use)."
        ) from exc
    logger = logging.getLogger("smote_variants")
    if logger.level == logging.DEBUG:
        logger.setLevel(logging.WARNING)
    return smote_variants


def _check_numbers(X: Any, name: str) -> None:
    """Refuse text or missing values with the fix, before any sampling."""
    fix = (
        f"{name} takes numbers only: put it after the step that one-hot encodes "
        "categories and imputes missing values (the registry kinds of "
        "gan_augment.pipeline do), or use SMOTENC / SMOTEN for raw mixed tables."
    )
    if isinstance(X, pd.DataFrame):
        text = [
            str(c)
            for c, dtype in X.dtypes.items()
            if not pd.api.types.is_numeric_dtype(dtype)
        ]
        if text:
            raise ValueError(f"{fix} Columns {text} are not numeric.")
        values = X.to_numpy(dtype=float, na_value=np.nan)
    elif sparse.issparse(X):
        values = X.data
    else:
        try:
            values = np.asarray(X, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{fix} ({exc})") from exc
    if np.isnan(values).any():
        raise ValueError(f"{fix} X holds missing values.")


class _SmoteVariantsSampler(BaseOverSampler):
    """A smote-variants oversampler with imbalanced-learn's contract.

    Subclasses name the smote-variants class and map their parameters to it.
    ``sampling_strategy`` is imbalanced-learn's: the wrapper asks
    smote-variants (whose ``proportion`` is a share of the gap between the two
    classes) for the rows it needs and, where an algorithm makes more, keeps a
    random subset of them, so the output holds exactly the counts asked for:
    the original rows first, then the synthetic ones.
    """

    #: The smote_variants class this wraps.
    _sv_class: ClassVar[str] = ""
    #: Whether the algorithm removes rows after sampling (SMOTE-IPF's filter).
    _removes_rows: ClassVar[bool] = False

    _parameter_constraints: ClassVar[dict] = {
        **BaseOverSampler._parameter_constraints,
    }

    def _sv_params(self) -> dict[str, Any]:
        """The algorithm's own parameters, in smote-variants' names."""
        return {}

    def _check_X_y(self, X, y, accept_sparse=None):
        _check_numbers(X, type(self).__name__)
        return super()._check_X_y(X, y, accept_sparse=accept_sparse)

    def _target(self, y: np.ndarray) -> tuple[Any, Any, int, int] | None:
        """``(class to oversample, other class, rows to add, its rows)``, or None.

        Raises
        ------
        ValueError
            For more than two classes, a request for rows of the larger
            class, or fewer than 3 rows of the class to oversample.
        """
        name = type(self).__name__
        classes, counts = np.unique(y, return_counts=True)
        if len(classes) != 2:
            raise ValueError(
                f"{name} oversamples one class of two-class data; y has "
                f"{len(classes)} classes. For more classes use smote-variants' "
                "one-vs-rest scheme, smote_variants.MulticlassOversampling("
                f"oversampler='{self._sv_class}'), outside imbalanced-learn, or "
                "kind 'smote' (SMOTE handles several classes)."
            )
        wanted = {c: int(n) for c, n in self.sampling_strategy_.items() if n > 0}
        if not wanted:
            return None
        size = dict(zip(classes.tolist(), counts.tolist(), strict=True))
        (target, n_new), *_ = wanted.items()
        other = next(c for c in size if c != target)
        if size[target] >= size[other]:
            raise ValueError(
                f"{name} adds rows to the smaller class only (smote-variants "
                f"samples a share of the gap between the classes); "
                f"sampling_strategy asks for {n_new} rows of class {target!r}, "
                f"which has {size[target]} rows against {size[other]}. Use "
                "sampling_strategy='auto' or a float ratio."
            )
        if size[target] < 3:
            raise ValueError(
                f"{name} needs at least 3 rows of the class it oversamples; "
                f"class {target!r} has {size[target]}. Use kind 'ros' "
                "(RandomOverSampler) for so few rows."
            )
        return target, other, n_new, size[target]

    def _fit_resample(self, X, y):
        sv = import_smote_variants()
        target = self._target(np.asarray(y))
        if target is None:
            return X.copy(), y.copy()
        target, other, n_new, n_target = target
        X = X.toarray() if sparse.issparse(X) else np.asarray(X)
        X = X.astype(np.float64, copy=False)
        y01 = (np.asarray(y) == target).astype(int)
        gap = len(y01) - 2 * n_target
        rng = check_random_state(self.random_state)
        # An int seeds smote-variants as it is, so rows match a direct call
        # of the library with the same seed; otherwise one draw of the RNG.
        seed = (
            int(self.random_state)
            if isinstance(self.random_state, Integral)
            else int(rng.randint(np.iinfo(np.int32).max))
        )
        sampler_class = getattr(sv, self._sv_class)
        request = n_new
        for _ in range(_MAX_ROUNDS):
            # smote-variants makes int(gap * proportion) rows: the half row
            # keeps floating-point error from rounding the count down.
            sampler = sampler_class(
                proportion=(request + 0.5) / gap,
                random_state=seed,
                **self._sv_params(),
            )
            X_out, y_out = sampler.sample(X, y01)
            if self._removes_rows:
                return X_out, np.where(y_out == 1, target, other).astype(y.dtype)
            if not np.array_equal(X_out[: len(X)], X):
                raise RuntimeError(
                    f"smote_variants.{self._sv_class} did not return the original "
                    "rows first; this wrapper was written for smote-variants 1.0.1."
                )
            synthetic = X_out[len(X) :]
            if len(synthetic) >= n_new:
                break
            request = math.ceil(request * n_new / max(len(synthetic), 1)) + 1
        else:
            raise RuntimeError(
                f"smote_variants.{self._sv_class} made {len(synthetic)} of the "
                f"{n_new} rows asked for in {_MAX_ROUNDS} rounds."
            )
        if len(synthetic) > n_new:
            keep = np.sort(rng.choice(len(synthetic), size=n_new, replace=False))
            synthetic = synthetic[keep]
        y_new = np.full(n_new, target, dtype=y.dtype)
        return np.vstack([X, synthetic]), np.concatenate([y, y_new])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.input_tags.string = False
        return tags


class PolynomFitSMOTE(_SmoteVariantsSampler):
    """polynom-fit-SMOTE, star topology (smote-variants' ``polynom_fit_SMOTE_star``).

    Synthetic rows lie on the segments between each row of the class and the
    class mean, at evenly spaced points (Gazzah and Amara 2008). The
    algorithm makes a whole number of rows per real row; where that is more
    than asked for, a random subset is kept, so the counts are exact.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        imbalanced-learn's (binary data: only the smaller class grows).
    random_state : int, RandomState instance or None, default=None
        Seeds smote-variants and the choice of the rows kept.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: rows added}``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(
    ...     n_samples=100, weights=[0.8], flip_y=0, random_state=0)
    >>> X_res, y_res = PolynomFitSMOTE(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist(), bool((X_res[:100] == X).all())
    ([81, 81], True)
    """

    _sv_class = "polynom_fit_SMOTE_star"

    def __init__(self, *, sampling_strategy: Any = "auto", random_state: Any = None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state


class ProWSyn(_SmoteVariantsSampler):
    """ProWSyn: proximity-weighted synthetic oversampling (smote-variants').

    Rows of the class are grouped into proximity levels by their distance to
    the other class; more rows are made near the boundary, each a random
    point of a simplex of neighbouring rows of one level (Barua et al. 2013).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        imbalanced-learn's (binary data: only the smaller class grows).
    n_neighbors : int, default=5
        Neighbours of the other class that make up one proximity level.
    levels : int, default=5
        Number of proximity levels (ProWSyn's ``L``).
    theta : float, default=1.0
        Smoothing of the level weights ``exp(-theta * (level - 1))``.
    random_state : int, RandomState instance or None, default=None
        Seeds smote-variants.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: rows added}``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(
    ...     n_samples=100, weights=[0.8], flip_y=0, random_state=0)
    >>> X_res, y_res = ProWSyn(sampling_strategy=0.5, random_state=0).fit_resample(
    ...     X, y)
    >>> np.bincount(y_res).tolist()
    [81, 40]
    """

    _sv_class = "ProWSyn"
    _parameter_constraints: ClassVar[dict] = {
        **_SmoteVariantsSampler._parameter_constraints,
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "levels": [Interval(Integral, 1, None, closed="left")],
        "theta": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: int = 5,
        levels: int = 5,
        theta: float = 1.0,
        random_state: Any = None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.levels = levels
        self.theta = theta
        self.random_state = random_state

    def _sv_params(self) -> dict[str, Any]:
        return {"n_neighbors": self.n_neighbors, "L": self.levels, "theta": self.theta}


class SMOTEIPF(_SmoteVariantsSampler):
    """SMOTE followed by the iterative-partitioning noise filter (smote-variants').

    SMOTE fills the gap, then decision trees trained on ``n_folds`` parts of
    the result vote, round after round, to remove the rows they misclassify,
    original and synthetic, of both classes (Saez et al. 2015). Because of the
    filter the output holds *at most* the counts asked for, the only sampler
    here that departs from imbalanced-learn's exact counts: that is the
    method.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        imbalanced-learn's, for the SMOTE step.
    n_neighbors : int, default=5
        SMOTE's neighbours.
    n_folds : int, default=9
        Parts the filter's trees are trained on.
    k : int, default=3
        The filter stops after ``k`` rounds that remove few rows.
    p : float, default=0.01
        "Few rows": fewer than ``p`` times the rows.
    voting : {"majority", "consensus"}, default="majority"
        How the trees' votes remove a row.
    random_state : int, RandomState instance or None, default=None
        Seeds smote-variants.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: rows added by SMOTE}``, before the filter.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(
    ...     n_samples=100, weights=[0.8], flip_y=0, random_state=0)
    >>> X_res, y_res = SMOTEIPF(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()  # the filter removed no row here
    [81, 81]
    """

    _sv_class = "SMOTE_IPF"
    _removes_rows = True
    _parameter_constraints: ClassVar[dict] = {
        **_SmoteVariantsSampler._parameter_constraints,
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "n_folds": [Interval(Integral, 2, None, closed="left")],
        "k": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 0, 1, closed="both")],
        "voting": [StrOptions({"majority", "consensus"})],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: int = 5,
        n_folds: int = 9,
        k: int = 3,
        p: float = 0.01,
        voting: str = "majority",
        random_state: Any = None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.n_folds = n_folds
        self.k = k
        self.p = p
        self.voting = voting
        self.random_state = random_state

    def _sv_params(self) -> dict[str, Any]:
        return {
            "n_neighbors": self.n_neighbors,
            "n_folds": self.n_folds,
            "k": self.k,
            "p": self.p,
            "voting": self.voting,
        }
