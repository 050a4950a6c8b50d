"""InterpolationAugmenter: ProWSyn-style proximity interpolation of raw mixed tables.

The generator that won the anchored-interpolation study (issue 21, ``pw1`` in
``experiments/anchored_interpolation``; ``docs/tuning.md``, "Can a GAN beat the
SMOTE variants?"), shipped as an imbalanced-learn over-sampler. It is not a GAN:
every adversarial variant of it measured lost balanced accuracy, so it trains
nothing. Per class to oversample:

1. distances in the study's space: numbers standard-scaled, categories one-hot;
2. ProWSyn proximity levels of the class's rows against the other classes' rows
   (:func:`proximity_levels`), weighted ``exp(-theta * level)``;
3. each synthetic row: an anchor drawn by those weights, a partner drawn among
   the other rows of its level (redrawn while it duplicates the anchor: round 2
   of the study, ``pw1_dd``), weights ``u / sum(u)`` with ``u ~ U(0, 1)``;
   numbers are the weighted sum of the two rows in float64, in the input's own
   units, clipped to the class's range (integers rounded); each categorical
   column takes one of the two rows' categories, picked by its weight.

Data flow as everywhere in the package (see ``docs/architecture.md``): validate
(``_validation``, ``_columns``) -> resample -> return the user's container
(``_containers``).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_sampling_strategy, check_target_type
from scipy import sparse
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data

from ._columns import categorical_mask
from ._compat import Interval, StrOptions
from ._containers import concat_output, input_kind_of, to_frame
from ._filtering import row_hashes
from ._fit_hooks import listeners
from ._labels import plain_label
from ._training import notify
from ._validation import (
    check_features,
    check_strategy_classes,
    check_strategy_counts,
    check_target,
)

__all__ = ["InterpolationAugmenter", "proximity_levels"]

logger = logging.getLogger(__name__)

# Wider one-hot blocks in all are kept sparse, so that columns of thousands of
# categories do not need rows x categories of memory.
_DENSE_ONE_HOT = 512
# A weight of exactly 0 would make a row an exact copy of one endpoint; the
# study clamped u the same way.
_MIN_U = 1e-6
# Redraws of a partner that duplicates its anchor before the nearest distinct
# row of the class is taken instead.
_PARTNER_ROUNDS = 10
# Redraws of synthetic rows that equal a real row of their class.
_COPY_ROUNDS = 20


def proximity_levels(
    rows: np.ndarray, others: np.ndarray, levels: int, k_neighbors: int
) -> np.ndarray:
    """ProWSyn's proximity level of each row of a class (0 = nearest the others).

    Level 0 holds the class's rows that are among the ``k_neighbors`` nearest
    class rows of some other-class row; they are set aside and the search is
    repeated for level 1, and so on; the rows never reached get the last
    level, ``levels - 1``.

    Parameters
    ----------
    rows : ndarray of shape (n_rows, n_features)
        The class's rows in the distance space.
    others : ndarray of shape (n_others, n_features)
        The other classes' rows in the same space.
    levels : int
        Number of levels.
    k_neighbors : int
        Class rows each other-class row reaches per level.

    Returns
    -------
    ndarray of int, shape (n_rows,)

    Examples
    --------
    >>> rows = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> proximity_levels(rows, np.array([[4.0]]), levels=3, k_neighbors=1).tolist()
    [2, 2, 1, 0]
    """
    n = len(rows)
    level = np.full(n, levels - 1, dtype=np.intp)
    if len(others) == 0 or n < 2:
        return level
    remaining = np.arange(n)
    for current in range(levels - 1):
        if len(remaining) == 0:
            break
        k = min(len(remaining), k_neighbors)
        reached = NearestNeighbors(n_neighbors=k).fit(rows[remaining])
        hit = np.unique(reached.kneighbors(others, return_distance=False).ravel())
        level[remaining[hit]] = current
        remaining = np.delete(remaining, hit)
    return level


def anchor_weights(level: np.ndarray, levels: int, theta: float) -> np.ndarray:
    """Draw probability of each row: ``exp(-theta * l)`` per level, shared by its rows.

    Examples
    --------
    >>> anchor_weights(np.array([0, 1, 1]), levels=2, theta=0.0).tolist()
    [0.5, 0.25, 0.25]
    """
    sizes = np.bincount(level, minlength=levels).astype(np.float64)
    # Counted from the first level that holds rows, so that a large theta
    # cannot underflow every weight to 0; normalised below all the same.
    steps = np.arange(levels) - np.flatnonzero(sizes)[0]
    per_level = np.exp(-theta * np.maximum(steps, 0)) * (sizes > 0)
    per_level /= per_level.sum()
    weights = per_level[level] / sizes[level]
    return weights / weights.sum()


@dataclass(frozen=True)
class _Space:
    """The input split into what is interpolated, picked and measured.

    Attributes
    ----------
    numbers : ndarray of shape (n_samples, n_numeric), float64
        The numeric columns in the input's units.
    distance : ndarray or sparse matrix of shape (n_samples, n_distance)
        Standard-scaled numbers and one-hot categories: where neighbours and
        levels are found (the study's encoded space).
    numeric : list
        Names of the numeric columns.
    categorical : list
        Names of the categorical columns.
    """

    numbers: np.ndarray
    distance: np.ndarray
    numeric: list
    categorical: list


def _space(frame: pd.DataFrame, is_categorical: np.ndarray) -> _Space:
    """Numbers in the input's units, and the distance space of the study."""
    categorical = [c for c, cat in zip(frame.columns, is_categorical) if cat]
    numeric = [c for c, cat in zip(frame.columns, is_categorical) if not cat]
    numbers = frame[numeric].to_numpy(dtype=np.float64)
    # One column per observed category, as the study's OneHotEncoder: any two
    # different categories of a column are sqrt(2) apart.
    codes = [pd.factorize(frame[name], use_na_sentinel=False) for name in categorical]
    width = sum(len(uniques) for _, uniques in codes)
    parts = [_one_hot(c, len(u), width > _DENSE_ONE_HOT) for c, u in codes]
    if numeric:
        parts.append(StandardScaler().fit_transform(numbers))
    if width > _DENSE_ONE_HOT:
        distance = sparse.hstack(parts, format="csr")
    else:
        distance = np.hstack(parts)
    return _Space(numbers, distance, numeric, categorical)


def _one_hot(codes: np.ndarray, n_categories: int, as_sparse: bool):
    """The one-hot block of one column's category codes."""
    if not as_sparse:
        return np.eye(n_categories)[codes]
    n = len(codes)
    return sparse.csr_matrix(
        (np.ones(n), (np.arange(n), codes)), shape=(n, n_categories)
    )


@dataclass(frozen=True)
class _ClassPlan:
    """Where one class's anchors and partners come from.

    Attributes
    ----------
    level : ndarray of int
        Proximity level of each row of the class.
    weights : ndarray of float
        Anchor draw probability of each row.
    order, start, size, position : ndarray of int
        The rows sorted by level; per row, where its level starts in
        ``order``, how many rows it holds and the row's own place in it.
    neighbours : ndarray of int, shape (n_rows, k)
        Nearest in-class rows of each row (itself excluded): the partners of
        a row alone in its level.
    """

    level: np.ndarray
    weights: np.ndarray
    order: np.ndarray
    start: np.ndarray
    size: np.ndarray
    position: np.ndarray
    neighbours: np.ndarray


def _in_class_neighbours(rows: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` nearest other rows of each row (by index, the row itself dropped)."""
    n = len(rows)
    if k == 0:
        return np.empty((n, 0), dtype=np.intp)
    found = NearestNeighbors(n_neighbors=k + 1).fit(rows)
    index = found.kneighbors(rows, return_distance=False)
    # A row is normally its own first neighbour, but duplicated rows may come
    # in any order: drop the row itself wherever it is, else the farthest.
    own = index == np.arange(n)[:, None]
    drop = np.where(own.any(axis=1), own.argmax(axis=1), k)
    keep = np.ones_like(index, dtype=bool)
    keep[np.arange(n), drop] = False
    return index[keep].reshape(n, k)


def _plan(
    rows: np.ndarray, others: np.ndarray, levels: int, theta: float, k: int
) -> _ClassPlan:
    level = proximity_levels(rows, others, levels, k)
    order = np.argsort(level, kind="stable")
    sizes = np.bincount(level, minlength=levels)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    position = np.empty(len(rows), dtype=np.intp)
    position[order] = np.arange(len(rows))
    return _ClassPlan(
        level=level,
        weights=anchor_weights(level, levels, theta),
        order=order,
        start=starts[level],
        size=sizes[level],
        position=position,
        neighbours=_in_class_neighbours(rows, min(k, len(rows) - 1)),
    )


def _partners(plan: _ClassPlan, anchors: np.ndarray, rng) -> np.ndarray:
    """A partner per anchor: another row of its level, uniformly.

    An anchor alone in its level takes one of its nearest in-class rows,
    uniformly (as the study's generator did); a class of one row, itself.
    """
    size = plan.size[anchors]
    # Among the level's size - 1 other rows: skip the anchor's own place.
    offset = np.floor(rng.random(len(anchors)) * np.maximum(size - 1, 1))
    offset = np.minimum(offset.astype(np.intp), np.maximum(size - 2, 0))
    offset += offset >= plan.position[anchors] - plan.start[anchors]
    last = len(plan.order) - 1
    partner = plan.order[np.minimum(plan.start[anchors] + offset, last)]
    alone = size == 1
    k = plan.neighbours.shape[1]
    if alone.any():
        if k == 0:
            partner[alone] = anchors[alone]
        else:
            pick = rng.integers(0, k, size=int(alone.sum()))
            partner[alone] = plan.neighbours[anchors[alone], pick]
    return partner


def _distinct_partners(
    plan: _ClassPlan,
    identity: np.ndarray,
    distance,
    anchors: np.ndarray,
    partners: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Redraw partners whose row duplicates their anchor's.

    A duplicated row as partner would make the synthetic row a copy of a real
    one. It is drawn again from the same rule; after ``_PARTNER_ROUNDS`` tries
    (a level of copies) the anchor's nearest distinct row of the class is taken,
    as in the study's ``pw1_dd``. A class whose rows are all equal keeps them.
    The generator is only consumed where a class has duplicated rows, so on
    other data the rows are those of the rule without the redraw.

    Parameters
    ----------
    plan : _ClassPlan
    identity : ndarray of uint64
        A hash per row of the class: equal rows, equal hashes.
    distance : ndarray or sparse matrix
        The class's rows in the distance space.
    anchors, partners : ndarray of int
        Row indices within the class; ``partners`` is updated in place.
    rng : numpy.random.Generator

    Returns
    -------
    partners : ndarray of int
    """
    for _ in range(_PARTNER_ROUNDS):
        same = identity[partners] == identity[anchors]
        if not same.any():
            return partners
        partners[same] = _partners(plan, anchors[same], rng)
    for i in np.flatnonzero(identity[partners] == identity[anchors]):
        distinct = np.flatnonzero(identity != identity[anchors[i]])
        if len(distinct) == 0:
            continue
        gap = distance[distinct] - distance[anchors[i]]
        squared = gap.multiply(gap) if sparse.issparse(gap) else gap**2
        nearest = np.argmin(np.asarray(squared.sum(axis=1)).ravel())
        partners[i] = distinct[nearest]
    return partners


def _numbers(
    values: np.ndarray,
    anchors: np.ndarray,
    partners: np.ndarray,
    weight: np.ndarray,
) -> np.ndarray:
    """The weighted sums of the two rows, clipped to the class's range.

    In float64: a float32 sum of a column that is constant in the class
    differs from the constant in the 8th digit, and trees split on that (the
    study's yeast4 lesson). The clip also returns such a column exactly.
    """
    w = weight[:, None]
    mixed = w * values[anchors] + (1.0 - w) * values[partners]
    return np.clip(mixed, values.min(axis=0), values.max(axis=0))


def _restore_numbers(frame: pd.DataFrame, name, values: np.ndarray):
    """Values in the column's dtype; integer columns rounded, as the GAN decodes."""
    dtype = frame[name].dtype
    if pd.api.types.is_integer_dtype(dtype):
        values = np.rint(values)
    # .array keeps pandas' nullable dtypes (Int64, Float64) as they were.
    return pd.Series(values).astype(dtype).array


@dataclass(frozen=True)
class _ClassSource:
    """What the rows of one class are drawn from.

    Attributes
    ----------
    frame : DataFrame
        The whole input (its dtypes are the output's).
    space : _Space
    members : ndarray of int
        Positions of the class's rows in ``frame``.
    plan : _ClassPlan
    identity : ndarray of uint64
        A hash per row of the class: equal rows, equal hashes.
    """

    frame: pd.DataFrame
    space: _Space
    members: np.ndarray
    plan: _ClassPlan
    identity: np.ndarray


def _draw(source: _ClassSource, n_new: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n_new`` rows, each between an anchor and its partner."""
    plan, members, space, frame = (
        source.plan,
        source.members,
        source.space,
        source.frame,
    )
    anchors = rng.choice(len(members), size=n_new, p=plan.weights)
    partners = _distinct_partners(
        plan,
        source.identity,
        space.distance[members],
        anchors,
        _partners(plan, anchors, rng),
        rng,
    )
    u = np.maximum(rng.random((n_new, 2)), _MIN_U)
    weight = u[:, 0] / u.sum(axis=1)  # the anchor's; the partner's is 1 - it
    out = {}
    if space.numeric:
        numbers = _numbers(space.numbers[members], anchors, partners, weight)
        for j, name in enumerate(space.numeric):
            out[name] = _restore_numbers(frame, name, numbers[:, j])
    for name in space.categorical:
        # Each column picks its own row, with the row's weight.
        take_anchor = rng.random(n_new) < weight
        rows = members[np.where(take_anchor, anchors, partners)]
        out[name] = frame[name].iloc[rows].array
    return pd.DataFrame(out, columns=frame.columns)


def _redraw_copies(
    source: _ClassSource, rows: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Draw again the rows that equal a real row of the class.

    Two different rows can still give a copy of one of them where they differ
    only in integer columns (rounded) and categories (picked whole), as in
    tables of counts. Where the table has a float column, the package's
    quality bar allows no copy, so those rows are drawn again,
    ``_COPY_ROUNDS`` times at most; the generator is consumed only where
    copies occur. What is still a copy after that is kept, and logged.
    """
    for _ in range(_COPY_ROUNDS):
        copies = np.flatnonzero(np.isin(row_hashes(rows), source.identity))
        if len(copies) == 0:
            return rows
        again = _draw(source, len(copies), rng)
        again.index = rows.index[copies]
        rows.iloc[copies] = again
    left = int(np.isin(row_hashes(rows), source.identity).sum())
    if left:
        logger.info(
            "InterpolationAugmenter: %d of %d synthetic rows are still copies of "
            "real rows after %d redraws (their two rows differ only in integer "
            "or categorical columns).",
            left,
            len(rows),
            _COPY_ROUNDS,
        )
    return rows


class InterpolationAugmenter(BaseOverSampler):
    """Oversample classes by ProWSyn-style proximity interpolation of raw rows.

    Each synthetic row lies between two real rows of its class: an anchor,
    drawn more often the closer its proximity level is to the other classes,
    and a partner drawn from the anchor's level. Numbers are a random convex
    combination of the two rows (in float64, in the input's units, clipped to
    the class's range, integers rounded); each categorical column takes the
    category of one of the two rows, picked with that row's weight, so
    categories are never blended. It works on raw pandas frames of numbers and
    categories, without a one-hot step, is deterministic for a seed, and trains
    nothing.

    It is not a GAN. It is the generator ``pw1`` of the anchored-interpolation
    study (``docs/tuning.md``): with no adversarial training, which lowered
    balanced accuracy in every variant measured, it had the best mean
    balanced-accuracy rank of nine methods on the development suite (better
    than SMOTE, Holm p = 0.002) and was level with ProWSyn and SMOTE-IPF on
    the holdout suite.

    Read more in the :doc:`user guide </guide/pipelines>`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        What to oversample, exactly as in imbalanced-learn: ``"auto"``,
        ``"minority"``, ``"not minority"``, ``"not majority"``, ``"all"``, a
        float (binary only: the desired minority/majority ratio), a dict
        ``{class: target count}`` or a callable ``y -> dict``.
    levels : int, default=5
        ProWSyn's proximity levels of each class's rows.
    theta : float, default=1.0
        Level decay: level ``l`` gets the total anchor weight
        ``exp(-theta * l)``, shared by its rows. 0 gives every non-empty level
        the same total weight.
    k_neighbors : int, default=5
        ProWSyn's ``k``: per level, the class rows each other-class row
        reaches. Also the number of nearest in-class rows among which an
        anchor that is alone in its level finds its partner (capped by the
        class size).
    categorical_features : "auto" or list, default="auto"
        Extra columns (names, positions or a boolean mask) to treat as
        categories; object, string, category and bool columns always are, as
        in :class:`GANAugmenter`.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws: the same value gives the same rows.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of rows to generate}``, resolved in ``fit_resample``.
    levels_ : dict
        ``{class: ndarray of int}``: the proximity level of each row of each
        oversampled class, in the order of the class's rows in ``X``.
    categorical_features_ : ndarray of int
        Positions of the columns treated as categories.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when ``X`` has string column names.

    See Also
    --------
    GANAugmenter : Rows drawn from a conditional GAN.
    gan_augment.metrics.compare_augmenters : Rank it against the others on your data.

    Notes
    -----
    A class of one row has nothing to interpolate with: its synthetic rows are
    copies of that row, and a ``UserWarning`` names the class. A partner that
    duplicates its anchor (a table with repeated rows) is drawn again, so the
    two rows of a synthetic row always differ (unless every row of the class is
    the same). Two different rows can still give a copy of one of them where
    they differ only in integer columns (rounded) and categories (picked
    whole); where the table has a float column, such rows are drawn again (20
    times at most; what is left is logged), the quality bar the GAN keeps too.
    Missing values are
    refused: impute them first. Neighbours are found with scikit-learn's
    ``NearestNeighbors`` in a space where numbers are standard-scaled over all
    classes and categories one-hot encoded, as in the study.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_breast_cancer
    >>> from gan_augment import InterpolationAugmenter
    >>> X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    >>> np.bincount(y).tolist()
    [212, 357]
    >>> augmenter = InterpolationAugmenter(random_state=0)
    >>> X_res, y_res = augmenter.fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [357, 357]
    >>> bool(X_res.iloc[:len(X)].equals(X)), X_res.dtypes.equals(X.dtypes)
    (True, True)
    >>> np.bincount(augmenter.levels_[0]).tolist()
    [81, 55, 35, 21, 20]
    """

    _parameter_constraints: ClassVar[dict] = {
        **BaseOverSampler._parameter_constraints,
        "levels": [Interval(Integral, 1, None, closed="left")],
        "theta": [Interval(Real, 0, None, closed="left")],
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
        "categorical_features": [StrOptions({"auto"}), "array-like"],
    }

    def __init__(
        self,
        sampling_strategy="auto",
        *,
        levels=5,
        theta=1.0,
        k_neighbors=5,
        categorical_features="auto",
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.levels = levels
        self.theta = theta
        self.k_neighbors = k_neighbors
        self.categorical_features = categorical_features
        self.random_state = random_state

    def fit_resample(self, X, y, **params):
        """Resample: the original rows, then the synthetic rows class by class.

        Parameters
        ----------
        X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
            Numbers and categories, without missing values.
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled : same container as X
        y_resampled : same container as y
        """
        check_target(y)
        return super().fit_resample(X, y, **params)

    # ----------------------------------------------- imbalanced-learn hooks
    def _check_X_y(self, X, y, accept_sparse=None):
        self._check_counts()
        y = check_target(y)
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        check_strategy_classes(self.sampling_strategy, y)
        # Resolved again by imbalanced-learn; here so its refusals come first.
        check_sampling_strategy(self.sampling_strategy, y, self._sampling_type)
        frame = to_frame(X)
        check_features(frame, len(y))  # missing values refused here, naming the fix
        categorical_mask(frame, self.categorical_features)  # refuses bad names
        validate_data(
            self,
            X=X if isinstance(X, pd.DataFrame) else frame,
            reset=True,
            skip_check_array=True,
        )
        self._input_kind = input_kind_of(X)
        return frame, y, binarize_y

    def _fit_resample(self, X, y):
        check_strategy_counts(self.sampling_strategy_)
        y = np.asarray(y)
        is_categorical = categorical_mask(X, self.categorical_features)
        self.categorical_features_ = np.flatnonzero(is_categorical)
        space = _space(X, is_categorical)
        rng = np.random.default_rng(
            check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        )
        self.levels_ = {}
        synthetic, labels, copied = [], [], {}
        for cls, n_new in self.sampling_strategy_.items():
            if n_new <= 0:
                continue
            members = np.flatnonzero(y == cls)
            if len(members) == 1:
                copied[plain_label(cls)] = n_new
            rows, self.levels_[cls] = self._class_rows(
                X, space, members, y != cls, n_new, rng
            )
            synthetic.append(rows)
            labels.append(np.full(n_new, cls, dtype=y.dtype))
        _warn_copies(copied)
        # Process-wide listeners (autologging) see this fit as they see a GAN's.
        notify(listeners(), "on_fit_end", self, X, y)
        if not synthetic:
            return concat_output(X, X.iloc[:0], self._input_kind), y.copy()
        rows = pd.concat(synthetic, ignore_index=True)
        return concat_output(X, rows, self._input_kind), np.concatenate([y, *labels])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        tags.input_tags.allow_nan = False
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags

    # ------------------------------------------------------------- sampling
    def _class_rows(
        self,
        frame: pd.DataFrame,
        space: _Space,
        members: np.ndarray,
        others: np.ndarray,
        n_new: int,
        rng: np.random.Generator,
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """``n_new`` synthetic rows of the class whose rows are ``members``.

        Returns
        -------
        rows : DataFrame
            The synthetic rows, with the input's columns and dtypes.
        level : ndarray of int
            The proximity level of each of the class's rows.
        """
        plan = _plan(
            space.distance[members],
            space.distance[others],
            self.levels,
            float(self.theta),
            self.k_neighbors,
        )
        logger.debug(
            "InterpolationAugmenter: %d new rows from %d; rows per level %s",
            n_new,
            len(members),
            np.bincount(plan.level, minlength=self.levels).tolist(),
        )
        source = _ClassSource(
            frame, space, members, plan, row_hashes(frame.iloc[members])
        )
        rows = _draw(source, n_new, rng)
        if any(pd.api.types.is_float_dtype(frame[c]) for c in space.numeric):
            rows = _redraw_copies(source, rows, rng)
        return rows, plan.level

    # ----------------------------------------------------------- validation
    def _check_counts(self) -> None:
        # sklearn's Interval(Integral) takes True for 1: a flag where a count
        # belongs is a mistake.
        for name in ("levels", "k_neighbors"):
            value = getattr(self, name)
            if isinstance(value, bool):
                raise TypeError(
                    f"{name} must be an int, not a bool; got {value!r}. Pass a "
                    "whole number (the default is 5)."
                )


def _warn_copies(copied: dict[Any, int]) -> None:
    """One warning for every class of one row, whose synthetic rows are copies."""
    if not copied:
        return
    listed = ", ".join(f"class {c!r}: {n} rows" for c, n in copied.items())
    warnings.warn(
        f"InterpolationAugmenter: classes with a single row have nothing to "
        f"interpolate with, so their synthetic rows are copies of that row "
        f"({listed}). Collect more rows of these classes, or leave them out of "
        "sampling_strategy.",
        UserWarning,
        stacklevel=3,
    )
