"""Measure what augmentation buys: downstream gain and synthetic-data quality.

Two questions, two functions:

* :func:`augmentation_gain` -- does a classifier score better on untouched test
  folds when its training folds are augmented? Baseline and augmented models
  are fitted and scored on exactly the same folds, so the per-fold differences
  are paired.
* :func:`synthetic_quality` -- how close are synthetic rows to held-out real
  rows (per-column distances, correlations, a real-vs-synthetic classifier) and
  how close are they to the training rows (distance to closest record, exact
  copies)?

Both return small frozen dataclasses whose ``to_dict()`` gives flat
``{name: float}`` dictionaries, ready to be logged as MLflow metrics.

Examples
--------
>>> from gan_augment.metrics import augmentation_gain, synthetic_quality
>>> callable(augmentation_gain) and callable(synthetic_quality)
True
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline
from joblib import Parallel, delayed
from scipy import stats
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score, get_scorer, get_scorer_names, make_scorer
from sklearn.model_selection import (
    RepeatedStratifiedKFold,
    StratifiedKFold,
    check_cv,
    cross_val_score,
)
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import type_of_target
from threadpoolctl import threadpool_limits

from ._compat import _safe_indexing
from ._labels import plain_label
from ._validation import check_labels_present

__all__ = [
    "GainResult",
    "QualityReport",
    "augmentation_gain",
    "synthetic_quality",
]

logger = logging.getLogger(__name__)

#: Scoring name understood by :func:`augmentation_gain` on top of scikit-learn's.
F1_MINORITY = "f1_minority"

#: Absolute per-fold gains below this count as ties.
TIE_TOLERANCE = 1e-12

#: Rows per frame above which :func:`synthetic_quality` subsamples.
MAX_ROWS = 5_000

#: Reference (training) rows kept for the distance to closest record.
MAX_REFERENCE_ROWS = 10_000

_MISSING = "<missing>"


# --------------------------------------------------------------------------
# Downstream gain
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GainResult:
    """Paired per-fold scores with and without augmentation.

    Built by :func:`augmentation_gain`; not meant to be created by hand.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per fold and metric, columns ``fold`` (int), ``metric`` (str),
        ``baseline``, ``augmented`` and ``gain = augmented - baseline``.
    summary : pandas.DataFrame
        Indexed by metric (in the order asked for), columns ``baseline_mean``,
        ``augmented_mean``, ``gain_mean``, ``gain_std`` (sample standard
        deviation over folds), ``ci_low`` and ``ci_high`` (95% t interval of
        the mean gain), ``wins``, ``ties`` and ``losses`` (folds where the gain
        is above, within ``1e-12`` of, or below zero).

    Examples
    --------
    >>> import pandas as pd
    >>> from gan_augment.metrics import GainResult
    >>> scores = pd.DataFrame({
    ...     "fold": [0, 1, 2], "metric": ["balanced_accuracy"] * 3,
    ...     "baseline": [0.6, 0.7, 0.8], "augmented": [0.7, 0.75, 0.8]})
    >>> result = GainResult.from_scores(scores)
    >>> result.to_dict()["wins_balanced_accuracy"]
    2.0
    >>> round(result.to_dict()["gain_balanced_accuracy"], 3)
    0.05
    """

    scores: pd.DataFrame
    summary: pd.DataFrame

    @classmethod
    def from_scores(cls, scores: pd.DataFrame) -> GainResult:
        """Build a result (summary included) from a tidy per-fold score frame.

        Parameters
        ----------
        scores : pandas.DataFrame
            Columns ``fold``, ``metric``, ``baseline`` and ``augmented``; a
            ``gain`` column is computed as ``augmented - baseline``. Useful to
            pool or reload per-fold scores.

        Returns
        -------
        GainResult

        Examples
        --------
        >>> import pandas as pd
        >>> from gan_augment.metrics import GainResult
        >>> scores = pd.DataFrame({"fold": [0, 1], "metric": ["roc_auc"] * 2,
        ...     "baseline": [0.8, 0.9], "augmented": [0.85, 0.95]})
        >>> GainResult.from_scores(scores).summary["gain_mean"].round(3).tolist()
        [0.05]
        """
        required = ["fold", "metric", "baseline", "augmented"]
        missing = [c for c in required if c not in scores.columns]
        if missing:
            raise ValueError(f"scores lacks the columns {missing}; needs {required}.")
        scores = scores.loc[:, required].reset_index(drop=True)
        scores["gain"] = scores["augmented"] - scores["baseline"]
        return cls(scores=scores, summary=_summarise(scores))

    @property
    def metrics(self) -> list[str]:
        """The metric names, in the order they were asked for."""
        return [str(name) for name in self.summary.index]

    def to_dict(self) -> dict[str, float]:
        """Flatten the summary into ``{name: float}`` for metric logging.

        Returns
        -------
        dict of str to float
            For every metric ``m``: ``baseline_m``, ``augmented_m``,
            ``gain_m``, ``gain_m_std``, ``gain_m_ci_low``, ``gain_m_ci_high``,
            ``wins_m``, ``ties_m`` and ``losses_m``. Undefined values (e.g. the
            interval with a single fold) are ``nan``.

        Examples
        --------
        >>> import pandas as pd
        >>> from gan_augment.metrics import GainResult
        >>> scores = pd.DataFrame({"fold": [0, 1], "metric": ["roc_auc"] * 2,
        ...     "baseline": [0.8, 0.9], "augmented": [0.85, 0.9]})
        >>> out = GainResult.from_scores(scores).to_dict()
        >>> sorted(out)[:3]
        ['augmented_roc_auc', 'baseline_roc_auc', 'gain_roc_auc']
        >>> out["ties_roc_auc"]
        1.0
        """
        out: dict[str, float] = {}
        for metric, row in self.summary.iterrows():
            out[f"baseline_{metric}"] = float(row["baseline_mean"])
            out[f"augmented_{metric}"] = float(row["augmented_mean"])
            out[f"gain_{metric}"] = float(row["gain_mean"])
            out[f"gain_{metric}_std"] = float(row["gain_std"])
            out[f"gain_{metric}_ci_low"] = float(row["ci_low"])
            out[f"gain_{metric}_ci_high"] = float(row["ci_high"])
            out[f"wins_{metric}"] = float(row["wins"])
            out[f"ties_{metric}"] = float(row["ties"])
            out[f"losses_{metric}"] = float(row["losses"])
        return out

    def table(self, digits: int = 3) -> str:
        """Render the summary as a short plain-text table.

        Parameters
        ----------
        digits : int, default=3
            Decimals shown for scores and gains.

        Returns
        -------
        str
            One header line and one line per metric: baseline mean, augmented
            mean, mean gain, its 95% interval and wins/ties/losses.

        Examples
        --------
        >>> import pandas as pd
        >>> from gan_augment.metrics import GainResult
        >>> scores = pd.DataFrame({"fold": [0, 1], "metric": ["roc_auc"] * 2,
        ...     "baseline": [0.8, 0.9], "augmented": [0.85, 0.9]})
        >>> print(GainResult.from_scores(scores).table())
        metric   baseline  augmented    gain  95% CI of gain    W/T/L
        roc_auc     0.850      0.875  +0.025  [-0.293, +0.343]  1/1/0
        """
        rows = [("metric", "baseline", "augmented", "gain", "95% CI of gain", "W/T/L")]
        for metric, r in self.summary.iterrows():
            ci = f"[{r['ci_low']:+.{digits}f}, {r['ci_high']:+.{digits}f}]"
            rows.append(
                (
                    str(metric),
                    f"{r['baseline_mean']:.{digits}f}",
                    f"{r['augmented_mean']:.{digits}f}",
                    f"{r['gain_mean']:+.{digits}f}",
                    ci,
                    f"{int(r['wins'])}/{int(r['ties'])}/{int(r['losses'])}",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = []
        for row in rows:
            cells = [row[0].ljust(widths[0])]
            cells += [row[i].rjust(widths[i]) for i in range(1, 4)]
            cells += [row[4].ljust(widths[4]), row[5].rjust(widths[5])]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def _minority_class(y: np.ndarray) -> Any:
    """Return the least frequent class (the first in sorted order on ties)."""
    values, counts = np.unique(y, return_counts=True)
    return values[int(np.argmin(counts))]


def _f1_of_class(y_true, y_pred, *, label) -> float:
    """F1 score of one class, one-vs-rest.

    A function of its own rather than ``make_scorer(f1_score, ...)``: the
    scorer checks f1_score's ``pos_label`` (default 1) against y's classes,
    which fails on text labels even though ``labels=[...]`` makes it unused.
    """
    return f1_score(y_true, y_pred, labels=[label], average="macro", zero_division=0.0)


def _resolve_scoring(
    scoring: str | Sequence[str] | Mapping[str, Callable],
    y: np.ndarray,
) -> dict[str, Callable]:
    """Turn scoring names into ``{name: scorer(estimator, X, y)}``.

    Parameters
    ----------
    scoring : str, sequence of str or mapping of str to callable
        Scikit-learn scorer names and ``"f1_minority"``; a mapping gives
        custom scorers by name.
    y : ndarray
        The full target, for the minority class and the target type.

    Returns
    -------
    dict of str to callable

    Raises
    ------
    ValueError
        For an unknown name (listing the valid ones) or an empty selection.
    TypeError
        For anything that is not a name, a sequence of names or a mapping.
    """
    if isinstance(scoring, Mapping):
        bad = [name for name, s in scoring.items() if not callable(s)]
        if bad:
            raise TypeError(
                f"scoring values must be scorer callables (estimator, X, y); "
                f"got non-callables for {bad}."
            )
        if not scoring:
            raise ValueError("scoring is empty; pass at least one metric name.")
        return {str(name): s for name, s in scoring.items()}
    if isinstance(scoring, str):
        names = [scoring]
    elif isinstance(scoring, Iterable):
        names = list(scoring)
    else:
        raise TypeError(
            "scoring must be a metric name, a sequence of names or a mapping "
            f"{{name: scorer}}; got {type(scoring).__name__}."
        )
    if not names:
        raise ValueError("scoring is empty; pass at least one metric name.")
    valid = sorted({*get_scorer_names(), F1_MINORITY})
    multiclass = type_of_target(y) == "multiclass"
    scorers: dict[str, Callable] = {}
    for name in names:
        if not isinstance(name, str):
            raise TypeError(
                f"scoring names must be strings; got {name!r}. Pass a mapping "
                "{name: scorer} for custom scorers."
            )
        if name in scorers:
            continue
        if name not in valid:
            raise ValueError(
                f"Unknown scoring name {name!r}. Valid names are: {', '.join(valid)}."
            )
        if name == F1_MINORITY:
            minority = _minority_class(y)
            scorers[name] = make_scorer(_f1_of_class, label=minority)
        elif name == "roc_auc" and multiclass:
            logger.info("roc_auc on a multi-class target is computed as roc_auc_ovr")
            scorers[name] = get_scorer("roc_auc_ovr")
        else:
            scorers[name] = get_scorer(name)
    return scorers


def _resolve_cv(cv: Any, y: np.ndarray, random_state: int | None) -> Any:
    """Build the splitter: the default protocol, a shuffled k-fold or ``cv``."""
    if cv is None:
        return RepeatedStratifiedKFold(
            n_splits=5, n_repeats=2, random_state=random_state
        )
    if isinstance(cv, Integral) and not isinstance(cv, bool):
        if cv < 2:
            raise ValueError(f"cv={cv} folds is too few; pass an int >= 2.")
        return StratifiedKFold(
            n_splits=int(cv), shuffle=True, random_state=random_state
        )
    return check_cv(cv, y, classifier=True)


def _check_gain_inputs(estimator: Any, augmenter: Any) -> None:
    """Raise a TypeError naming the fix for unusable estimators or augmenters."""
    if isinstance(estimator, type) or not (
        hasattr(estimator, "fit") and hasattr(estimator, "predict")
    ):
        raise TypeError(
            "estimator must be a scikit-learn classifier instance with fit and "
            f"predict (e.g. LogisticRegression()); got {estimator!r}."
        )
    if isinstance(augmenter, type) or not hasattr(augmenter, "fit_resample"):
        raise TypeError(
            "augmenter must be an imbalanced-learn sampler instance with "
            f"fit_resample (e.g. GANAugmenter() or SMOTE()); got {augmenter!r}."
        )
    if hasattr(augmenter, "transform"):
        raise TypeError(
            "augmenter has both fit_resample and transform, which imbalanced-learn "
            "pipelines reject; pass a pure sampler."
        )


def _check_scores_available(estimator, scorers: dict, target_type: str) -> None:
    """Refuse ROC AUC for a classifier that gives no scores, before any fit."""
    ranked = [name for name in scorers if name.startswith("roc_auc")]
    if not ranked:
        return
    needs = ("predict_proba",) if target_type == "multiclass" else ()
    needs = needs or ("predict_proba", "decision_function")
    if not any(hasattr(estimator, method) for method in needs):
        raise ValueError(
            f"scoring {ranked} ranks classes by score, and {type(estimator).__name__}"
            f" has no {' or '.join(needs)}. Leave them out of scoring (e.g. "
            "scoring=('balanced_accuracy', 'f1_minority')) or use a classifier "
            "with probabilities (e.g. wrap it in "
            "sklearn.calibration.CalibratedClassifierCV)."
        )


def _check_every_class_in_every_fold(y: np.ndarray, splits: list) -> None:
    """Refuse splits whose folds miss a class: their scores would be undefined.

    A test fold without the rare class scores its F1 as 0 and its ROC AUC as
    NaN, and a training fold without it cannot learn it; the gain would
    silently average those in.
    """
    classes, counts = np.unique(y, return_counts=True)
    for train, test in splits:
        for part, where in ((train, "training"), (test, "test")):
            missing = np.setdiff1d(classes, np.unique(y[part]))
            if len(missing):
                rare = int(counts[np.isin(classes, missing)].min())
                fix = (
                    f"Use at most {rare} stratified folds (cv={rare}), or merge "
                    "or drop the smallest classes."
                    if rare >= 2
                    else "Drop or merge the classes of a single row."
                )
                raise ValueError(
                    f"A {where} fold holds no rows of classes "
                    f"{[plain_label(c) for c in missing]} ({rare} rows in y, "
                    f"{len(splits)} folds): their scores would be undefined. {fix}"
                )


def _score_fold(
    estimator: Any,
    augmenter: Any,
    X: Any,
    y: Any,
    train: np.ndarray,
    test: np.ndarray,
    scorers: dict[str, Callable],
) -> tuple[dict[str, float], dict[str, float], float, float]:
    """Fit baseline and augmented models on one training fold; score both."""
    X_train, y_train = _safe_indexing(X, train), _safe_indexing(y, train)
    X_test, y_test = _safe_indexing(X, test), _safe_indexing(y, test)

    start = time.perf_counter()
    baseline = clone(estimator).fit(X_train, y_train)
    baseline_time = time.perf_counter() - start

    start = time.perf_counter()
    augmented = Pipeline(
        [("augmenter", clone(augmenter)), ("estimator", clone(estimator))]
    ).fit(X_train, y_train)
    augmented_time = time.perf_counter() - start

    base_scores = {n: float(s(baseline, X_test, y_test)) for n, s in scorers.items()}
    aug_scores = {n: float(s(augmented, X_test, y_test)) for n, s in scorers.items()}
    return base_scores, aug_scores, baseline_time, augmented_time


def _summarise(scores: pd.DataFrame) -> pd.DataFrame:
    """Aggregate a tidy per-fold score frame into the per-metric summary.

    Parameters
    ----------
    scores : pandas.DataFrame
        Columns ``fold``, ``metric``, ``baseline``, ``augmented``, ``gain``.

    Returns
    -------
    pandas.DataFrame
        Indexed by metric in order of first appearance; see
        :class:`GainResult` for the columns.
    """
    rows = {}
    for metric in pd.unique(scores["metric"]):
        part = scores[scores["metric"] == metric]
        gain = part["gain"].to_numpy(dtype=float)
        n = int(np.sum(~np.isnan(gain)))
        mean = float(np.nanmean(gain)) if n else math.nan
        if n >= 2:
            std = float(np.nanstd(gain, ddof=1))
            half = float(stats.t.ppf(0.975, n - 1)) * std / math.sqrt(n)
        else:
            std = half = math.nan
        rows[metric] = {
            "baseline_mean": float(part["baseline"].mean()),
            "augmented_mean": float(part["augmented"].mean()),
            "gain_mean": mean,
            "gain_std": std,
            "ci_low": mean - half,
            "ci_high": mean + half,
            "wins": int(np.sum(gain > TIE_TOLERANCE)),
            "ties": int(np.sum(np.abs(gain) < TIE_TOLERANCE)),
            "losses": int(np.sum(gain < -TIE_TOLERANCE)),
        }
    summary = pd.DataFrame.from_dict(rows, orient="index")
    summary.index.name = "metric"
    return summary


def augmentation_gain(
    estimator: Any,
    augmenter: Any,
    X: Any,
    y: Any,
    *,
    cv: Any = None,
    scoring: str | Sequence[str] | Mapping[str, Callable] = (
        "balanced_accuracy",
        F1_MINORITY,
        "roc_auc",
    ),
    n_jobs: int | None = None,
    random_state: int | None = 0,
) -> GainResult:
    """Score a classifier with and without augmentation on the same folds.

    For every cross-validation fold, ``clone(estimator)`` is fitted on the raw
    training fold (the baseline) and an imbalanced-learn
    ``Pipeline([("augmenter", clone(augmenter)), ("estimator",
    clone(estimator))])`` on the same training fold (the augmenter sees only
    the training fold). Both are scored on the untouched test fold, so each
    fold gives a paired gain ``augmented - baseline``.

    Parameters
    ----------
    estimator : classifier
        Any scikit-learn classifier (or pipeline ending in one) with ``fit``
        and ``predict``.
    augmenter : sampler
        Any object with ``fit_resample``: :class:`~gan_augment.GANAugmenter`,
        ``SMOTE``, ``RandomOverSampler``... Give it a fixed ``random_state``
        for reproducible results; its parameters are not changed.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels (binary or multi-class).
    cv : None, int, splitter or iterable of (train, test), default=None
        None is the benchmark protocol: ``RepeatedStratifiedKFold(n_splits=5,
        n_repeats=2, random_state=random_state)``. An int ``k`` is a shuffled
        ``StratifiedKFold(k, shuffle=True, random_state=random_state)``.
        Anything else goes through :func:`sklearn.model_selection.check_cv`.
    scoring : str, sequence of str or mapping, default=("balanced_accuracy", \
"f1_minority", "roc_auc")
        Any scikit-learn scorer name, plus ``"f1_minority"``: the F1 score of
        the least frequent class of ``y`` (one-vs-rest F1 of that class on
        multi-class targets). On multi-class targets ``"roc_auc"`` is
        computed as ``"roc_auc_ovr"``. A mapping ``{name: scorer}`` gives
        custom scorers called as ``scorer(estimator, X, y)``.
    n_jobs : int or None, default=None
        Folds fitted in parallel with joblib (None means 1).
    random_state : int or None, default=0
        Seeds the default and integer splitters.

    Returns
    -------
    GainResult
        Per-fold ``scores`` and a per-metric ``summary``.

    Raises
    ------
    TypeError
        If ``estimator`` lacks ``fit``/``predict`` or ``augmenter`` lacks
        ``fit_resample``, or ``scoring`` has the wrong type.
    ValueError
        For an unknown scoring name (the message lists valid names), a
        non-classification target or ``X``/``y`` of different lengths.

    Notes
    -----
    The 95% interval is ``mean ± t(0.975, n-1) * sd / sqrt(n)`` over the ``n``
    per-fold gains. Folds are not independent (their training sets overlap,
    and repeats reuse the same rows), so the interval is optimistic: read it
    as a rough guide, not a significance test.

    Examples
    --------
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from gan_augment.metrics import augmentation_gain
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> result = augmentation_gain(LogisticRegression(),
    ...     RandomOverSampler(random_state=0), X, y, cv=3,
    ...     scoring=("balanced_accuracy", "f1_minority"))
    >>> result.scores.shape
    (6, 5)
    >>> list(result.summary.index)
    ['balanced_accuracy', 'f1_minority']
    >>> isinstance(result.to_dict()["gain_balanced_accuracy"], float)
    True
    """
    _check_gain_inputs(estimator, augmenter)
    if len(X) != len(y):
        raise ValueError(
            f"X and y have different lengths ({len(X)} and {len(y)}); pass one "
            "label per row."
        )
    y_array = np.asarray(y)
    check_labels_present(y_array)
    target_type = type_of_target(y_array)
    if target_type not in ("binary", "multiclass"):
        raise ValueError(
            f"augmentation_gain needs class labels (binary or multi-class); y is "
            f"{target_type!r}."
        )
    scorers = _resolve_scoring(scoring, y_array)
    _check_scores_available(estimator, scorers, target_type)
    splitter = _resolve_cv(cv, y_array, random_state)
    splits = list(splitter.split(X, y_array))
    _check_every_class_in_every_fold(y_array, splits)
    logger.info("augmentation_gain: %d folds, metrics %s", len(splits), list(scorers))

    start = time.perf_counter()
    results = Parallel(n_jobs=n_jobs)(
        delayed(_score_fold)(estimator, augmenter, X, y, train, test, scorers)
        for train, test in splits
    )
    logger.info("augmentation_gain: done in %.2fs", time.perf_counter() - start)

    records = []
    for fold, (base, aug, base_time, aug_time) in enumerate(results):
        logger.debug(
            "fold %d: baseline fit %.3fs, augmented fit %.3fs",
            fold,
            base_time,
            aug_time,
        )
        for name in scorers:
            records.append(
                {
                    "fold": fold,
                    "metric": name,
                    "baseline": base[name],
                    "augmented": aug[name],
                }
            )
    scores = pd.DataFrame.from_records(
        records, columns=["fold", "metric", "baseline", "augmented"]
    )
    return GainResult.from_scores(scores)


# --------------------------------------------------------------------------
# Synthetic-data quality
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class QualityReport:
    """How closely synthetic rows follow real ones, and how close they sit.

    Built by :func:`synthetic_quality`; see there for the definitions.

    Attributes
    ----------
    column_distances : pandas.DataFrame
        One row per column: ``column``, ``kind`` (``"numeric"`` or
        ``"categorical"``), ``measure`` (``"ks"`` or ``"tv"``) and
        ``statistic`` (in [0, 1], 0 is best).
    correlation_difference : float
        Mean absolute difference of the Pearson correlations between numeric
        columns, real versus synthetic (0 is best).
    detection_auc : float
        Cross-validated ROC AUC of a classifier telling real from synthetic
        rows (0.5 is best, 1.0 means trivially separable).
    dcr_synthetic : float
        Median distance from a synthetic row to its nearest training row.
    dcr_holdout : float
        Median distance from a held-out real row to its nearest training row.
    exact_copy_share : float
        Share of synthetic rows that equal a training row exactly.

    Examples
    --------
    >>> import pandas as pd
    >>> from gan_augment.metrics import QualityReport
    >>> distances = pd.DataFrame({"column": ["a", "b"], "kind": ["numeric",
    ...     "categorical"], "measure": ["ks", "tv"], "statistic": [0.1, 0.2]})
    >>> report = QualityReport(distances, 0.05, 0.55, 0.2, 0.21, 0.0)
    >>> report.to_dict()["quality_tv_mean"]
    0.2
    """

    column_distances: pd.DataFrame
    correlation_difference: float
    detection_auc: float
    dcr_synthetic: float
    dcr_holdout: float
    exact_copy_share: float

    def _mean_of(self, kind: str) -> float:
        part = self.column_distances.loc[
            self.column_distances["kind"] == kind, "statistic"
        ]
        values = part.to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        return float(values.mean()) if values.size else math.nan

    @property
    def ks_mean(self) -> float:
        """Mean Kolmogorov-Smirnov statistic over numeric columns (nan if none)."""
        return self._mean_of("numeric")

    @property
    def tv_mean(self) -> float:
        """Mean total variation distance over categorical columns (nan if none)."""
        return self._mean_of("categorical")

    def to_dict(self) -> dict[str, float]:
        """Flatten the report into ``{name: float}`` for metric logging.

        Returns
        -------
        dict of str to float
            ``quality_ks_mean``, ``quality_tv_mean``,
            ``quality_correlation_difference``, ``quality_detection_auc``,
            ``quality_dcr_synthetic``, ``quality_dcr_holdout`` and
            ``quality_exact_copy_share``; undefined values are ``nan``.

        Examples
        --------
        >>> import pandas as pd
        >>> from gan_augment.metrics import QualityReport
        >>> distances = pd.DataFrame({"column": ["a"], "kind": ["numeric"],
        ...     "measure": ["ks"], "statistic": [0.1]})
        >>> out = QualityReport(distances, 0.0, 0.5, 0.1, 0.1, 0.0).to_dict()
        >>> out["quality_ks_mean"], out["quality_detection_auc"]
        (0.1, 0.5)
        """
        return {
            "quality_ks_mean": self.ks_mean,
            "quality_tv_mean": self.tv_mean,
            "quality_correlation_difference": float(self.correlation_difference),
            "quality_detection_auc": float(self.detection_auc),
            "quality_dcr_synthetic": float(self.dcr_synthetic),
            "quality_dcr_holdout": float(self.dcr_holdout),
            "quality_exact_copy_share": float(self.exact_copy_share),
        }


def _as_frame(data: Any, name: str) -> pd.DataFrame:
    """Return ``data`` as a DataFrame (arrays get integer column names)."""
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if isinstance(data, pd.DataFrame):
        duplicated = data.columns[data.columns.duplicated()].unique().tolist()
        if duplicated:
            raise ValueError(
                f"{name} has duplicate column names {duplicated}: rename them."
            )
        return _refuse_infinity(data.reset_index(drop=True), name)
    try:
        array = np.asarray(data)
    except Exception as exc:  # pragma: no cover - exotic inputs
        raise TypeError(
            f"{name} must be a DataFrame or a 2-D array; got {type(data).__name__}."
        ) from exc
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (rows x columns); got an array of shape "
            f"{array.shape}. Reshape it with .reshape(-1, 1) for one column."
        )
    return _refuse_infinity(pd.DataFrame(array), name)


def _refuse_infinity(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Infinity has no distance or quantile; NaN is read as missing."""
    bad = [
        c
        for c in frame.columns
        if frame[c].dtype.kind == "f" and np.isinf(frame[c].to_numpy()).any()
    ]
    if bad:
        raise ValueError(
            f"{name} holds infinite values in columns {bad[:10]}: replace or drop "
            "them first."
        )
    return frame


def _align_columns(frame: pd.DataFrame, columns: pd.Index, name: str) -> pd.DataFrame:
    """Reorder ``frame`` to ``columns``; raise if the sets differ."""
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        raise ValueError(
            f"{name} must have the same columns as real; missing {missing}, "
            f"unexpected {extra}."
        )
    return frame.loc[:, list(columns)]


def _is_categorical_dtype(series: pd.Series) -> bool:
    """True for bool, category, object, string and other non-numeric columns."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return True
    return not pd.api.types.is_numeric_dtype(dtype)


def _categorical_mask(
    frames: Sequence[pd.DataFrame], categorical_features: Any
) -> np.ndarray:
    """Decide per column whether it is categorical.

    A column is categorical if its dtype is non-numeric or bool in any of
    ``frames``, or if ``categorical_features`` names it (by name, position or
    boolean mask).
    """
    columns = frames[0].columns
    mask = np.array(
        [any(_is_categorical_dtype(f[c]) for f in frames) for c in columns],
        dtype=bool,
    )
    if categorical_features is None:
        categorical_features = []
    if isinstance(categorical_features, str):
        if categorical_features != "auto":
            raise ValueError(
                f"categorical_features={categorical_features!r}; pass 'auto' or a "
                "list of column names, positions or a boolean mask."
            )
        return mask
    extra = np.asarray(list(categorical_features))
    if extra.size == 0:
        return mask
    if extra.dtype == bool:
        if extra.shape != (len(columns),):
            raise ValueError(
                f"categorical_features as a boolean mask needs {len(columns)} "
                f"entries; got {extra.size}."
            )
        return mask | extra
    for item in categorical_features:
        if item in columns:
            mask[columns.get_loc(item)] = True
        elif isinstance(item, Integral) and -len(columns) <= item < len(columns):
            mask[int(item)] = True
        else:
            raise ValueError(
                f"categorical_features names {item!r}, which is neither a column "
                f"nor a valid position; columns are {list(columns)}."
            )
    return mask


def _subsample(frame: pd.DataFrame, n_max: int, rng: np.random.RandomState):
    """Keep at most ``n_max`` rows, drawn without replacement."""
    if len(frame) <= n_max:
        return frame
    rows = np.sort(rng.choice(len(frame), size=n_max, replace=False))
    return frame.iloc[rows].reset_index(drop=True)


def _as_labels(series: pd.Series) -> pd.Series:
    """Categorical values as strings, missing values as one marker."""
    values = series.astype(object)
    missing = values.isna().to_numpy()
    out = values.map(str).to_numpy(dtype=object)
    out[missing] = _MISSING
    return pd.Series(out, dtype=object)


def _as_float(series: pd.Series) -> np.ndarray:
    """Numeric values as float64 (non-numbers become nan)."""
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _ks(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if a.size == 0 or b.size == 0:
        return math.nan
    return float(stats.ks_2samp(a, b).statistic)


def _tv(a: pd.Series, b: pd.Series) -> float:
    p = a.value_counts(normalize=True)
    q = b.value_counts(normalize=True)
    if p.empty or q.empty:
        return math.nan
    p, q = p.align(q, fill_value=0.0)
    return float(0.5 * np.abs(p.to_numpy() - q.to_numpy()).sum())


def _correlation_difference(real: np.ndarray, synthetic: np.ndarray) -> float:
    """Mean |corr_real - corr_synthetic| over pairs of numeric columns."""
    if real.shape[1] < 2:
        return math.nan
    c_real = pd.DataFrame(real).corr().to_numpy()
    c_syn = pd.DataFrame(synthetic).corr().to_numpy()
    upper = np.triu_indices(real.shape[1], k=1)
    diff = np.abs(np.nan_to_num(c_real[upper]) - np.nan_to_num(c_syn[upper]))
    return float(diff.mean())


def _detection_auc(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    categorical: np.ndarray,
    rng: np.random.RandomState,
    seed: int,
) -> float:
    """3-fold ROC AUC of a gradient-boosting real-vs-synthetic classifier."""
    n = min(len(real), len(synthetic))
    if n < 3:
        logger.warning("detection_auc needs >= 3 rows per side; got %d", n)
        return math.nan
    real = _subsample(real, n, rng)
    synthetic = _subsample(synthetic, n, rng)
    both = pd.concat([real, synthetic], ignore_index=True)
    columns = []
    hgb_categorical = np.zeros(len(both.columns), dtype=bool)
    for j, column in enumerate(both.columns):
        if categorical[j]:
            labels = _as_labels(both[column])
            codes = pd.Categorical(labels).codes.astype(float)
            columns.append(codes)
            # HistGradientBoosting handles at most 255 categories natively.
            hgb_categorical[j] = codes.max() < 255
        else:
            columns.append(_as_float(both[column]))
    features = np.column_stack(columns) if columns else np.zeros((2 * n, 0))
    target = np.r_[np.zeros(n, dtype=int), np.ones(n, dtype=int)]
    model = HistGradientBoostingClassifier(
        categorical_features=hgb_categorical if hgb_categorical.any() else None,
        random_state=seed,
    )
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=seed)
    # One OpenMP thread: on a few thousand rows the thread start-up and any
    # contention on a busy machine cost far more than they save (5-10x).
    with threadpool_limits(limits=1, user_api="openmp"):
        auc = cross_val_score(model, features, target, cv=folds, scoring="roc_auc")
    return float(np.mean(auc))


class _DistanceSpace:
    """Numeric columns scaled by training min/max, categorical one-hot."""

    def __init__(self, training: pd.DataFrame, categorical: np.ndarray):
        self.columns = list(training.columns)
        self.categorical = categorical
        self.scales: dict[Any, tuple[float, float, float]] = {}
        self.categories: dict[Any, pd.Index] = {}
        for j, column in enumerate(self.columns):
            if categorical[j]:
                self.categories[column] = pd.Index(
                    pd.unique(_as_labels(training[column]))
                )
            else:
                values = _as_float(training[column])
                finite = values[~np.isnan(values)]
                low = float(finite.min()) if finite.size else 0.0
                span = float(finite.max()) - low if finite.size else 0.0
                span = span if span > 0 else 1.0
                fill = float(np.median(finite) - low) / span if finite.size else 0.0
                self.scales[column] = (low, span, fill)

    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        blocks = []
        for j, column in enumerate(self.columns):
            if self.categorical[j]:
                cats = self.categories[column]
                codes = cats.get_indexer(_as_labels(frame[column]))
                block = np.zeros((len(frame), len(cats)))
                seen = codes >= 0
                block[np.flatnonzero(seen), codes[seen]] = 1.0
                blocks.append(block)
            else:
                low, span, fill = self.scales[column]
                values = (_as_float(frame[column]) - low) / span
                values[np.isnan(values)] = fill
                blocks.append(values[:, None])
        if not blocks:
            return np.zeros((len(frame), 0))
        return np.hstack(blocks)


def _median_nearest_distance(nn: NearestNeighbors, points: np.ndarray) -> float:
    if len(points) == 0:
        return math.nan
    distances, _ = nn.kneighbors(points, n_neighbors=1)
    return float(np.median(distances[:, 0]))


def _row_keys(frame: pd.DataFrame, categorical: np.ndarray) -> np.ndarray:
    """Hash each row after normalising dtypes (floats, string categories)."""
    normal = pd.DataFrame(
        {
            j: (_as_labels(frame[c]) if categorical[j] else _as_float(frame[c]))
            for j, c in enumerate(frame.columns)
        }
    )
    return pd.util.hash_pandas_object(normal, index=False).to_numpy()


def synthetic_quality(
    real: Any,
    synthetic: Any,
    *,
    training: Any = None,
    categorical_features: Any = "auto",
    random_state: int | None = 0,
) -> QualityReport:
    """Compare synthetic rows with held-out real rows and with the training rows.

    Parameters
    ----------
    real : DataFrame or 2-D array
        Held-out real rows (not used to train the generator).
    synthetic : DataFrame or 2-D array
        Synthetic rows with the same columns as ``real`` (reordered to match).
    training : DataFrame, 2-D array or None, default=None
        The rows the generator was trained on; needed for the distance to
        closest record and the exact-copy share (``nan`` without it).
    categorical_features : "auto", list or None, default="auto"
        Columns treated as categorical in addition to bool, category, object
        and string columns (always categorical): names, positions or a boolean
        mask. Every other column is numeric. ``"auto"`` and None add none.
    random_state : int or None, default=0
        Seeds subsampling and the detection classifier.

    Returns
    -------
    QualityReport

    Raises
    ------
    ValueError
        If the frames have different columns or are not 2-D.

    Notes
    -----
    Inputs larger than 5,000 rows are subsampled to 5,000 (the training
    reference for distances to 10,000); the exact-copy share always uses every
    row.

    * Per column: the two-sample Kolmogorov-Smirnov statistic
      (:func:`scipy.stats.ks_2samp`, missing values dropped) for numeric
      columns, the total variation distance ``0.5 * sum |p - q|`` of the value
      frequencies (missing values as one more value) for categorical ones.
      Both lie in [0, 1]; 0 means identical marginals.
    * ``correlation_difference``: the mean absolute difference between the
      Pearson correlation matrices (upper triangle) of the numeric columns;
      undefined correlations (constant columns) count as 0. Categorical
      associations (e.g. Cramér's V) are not included. ``nan`` with fewer
      than two numeric columns.
    * ``detection_auc``: real and synthetic rows are subsampled to the same
      count, labelled 0/1, and a ``HistGradientBoostingClassifier``
      (categorical columns ordinal-encoded and treated as categories) is
      scored by 3-fold stratified cross-validated ROC AUC. 0.5 means the
      classifier cannot tell them apart (best); values slightly below 0.5 are
      noise.
    * Distance to closest record: rows are mapped to a shared space (numeric
      columns scaled to [0, 1] by the training min/max, missing values set to
      the training median; categorical columns one-hot on the training
      values) and the Euclidean distance to the nearest training row is
      taken. ``dcr_synthetic`` is its median over synthetic rows,
      ``dcr_holdout`` over held-out real rows. Synthetic rows much closer to
      the training rows than real unseen rows are (``dcr_synthetic <<
      dcr_holdout``) suggest memorisation.
    * ``exact_copy_share``: the share of synthetic rows equal to some training
      row in every column (numbers compared as float64, categories as
      strings).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from gan_augment.metrics import synthetic_quality
    >>> rng = np.random.default_rng(0)
    >>> def table(n):
    ...     return pd.DataFrame({"x": rng.normal(size=n),
    ...                          "c": rng.choice(["a", "b"], size=n)})
    >>> train, real, fake = table(300), table(300), table(300)
    >>> report = synthetic_quality(real, fake, training=train)
    >>> report.detection_auc < 0.7, report.exact_copy_share
    (True, 0.0)
    >>> sorted(report.to_dict())[:2]
    ['quality_correlation_difference', 'quality_dcr_holdout']
    """
    start = time.perf_counter()
    real_frame = _as_frame(real, "real")
    synthetic_frame = _align_columns(
        _as_frame(synthetic, "synthetic"), real_frame.columns, "synthetic"
    )
    training_frame = None
    if training is not None:
        training_frame = _align_columns(
            _as_frame(training, "training"), real_frame.columns, "training"
        )
    for frame, side in ((real_frame, "real"), (synthetic_frame, "synthetic")):
        if len(frame) == 0:
            raise ValueError(
                f"{side} has no rows: there is nothing to compare. Pass at least "
                "one row on each side (a few hundred for steady numbers)."
            )
    frames = [real_frame, synthetic_frame]
    if training_frame is not None:
        frames.append(training_frame)
    categorical = _categorical_mask(frames, categorical_features)
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    rng = np.random.RandomState(seed)

    real_sub = _subsample(real_frame, MAX_ROWS, rng)
    syn_sub = _subsample(synthetic_frame, MAX_ROWS, rng)

    records = []
    for j, column in enumerate(real_frame.columns):
        if categorical[j]:
            value = _tv(_as_labels(real_sub[column]), _as_labels(syn_sub[column]))
            records.append((column, "categorical", "tv", value))
        else:
            value = _ks(_as_float(real_sub[column]), _as_float(syn_sub[column]))
            records.append((column, "numeric", "ks", value))
    column_distances = pd.DataFrame.from_records(
        records, columns=["column", "kind", "measure", "statistic"]
    )

    numeric_columns = [
        c for j, c in enumerate(real_frame.columns) if not categorical[j]
    ]
    correlation = _correlation_difference(
        np.column_stack([_as_float(real_sub[c]) for c in numeric_columns])
        if numeric_columns
        else np.zeros((len(real_sub), 0)),
        np.column_stack([_as_float(syn_sub[c]) for c in numeric_columns])
        if numeric_columns
        else np.zeros((len(syn_sub), 0)),
    )

    detection = _detection_auc(real_sub, syn_sub, categorical, rng, seed)

    dcr_synthetic = dcr_holdout = exact_share = math.nan
    if training_frame is not None and len(training_frame) > 0:
        reference = _subsample(training_frame, MAX_REFERENCE_ROWS, rng)
        space = _DistanceSpace(training_frame, categorical)
        nn = NearestNeighbors(n_neighbors=1).fit(space.encode(reference))
        dcr_synthetic = _median_nearest_distance(nn, space.encode(syn_sub))
        dcr_holdout = _median_nearest_distance(nn, space.encode(real_sub))
        if len(synthetic_frame):
            train_keys = _row_keys(training_frame, categorical)
            syn_keys = _row_keys(synthetic_frame, categorical)
            exact_share = float(np.isin(syn_keys, train_keys).mean())

    report = QualityReport(
        column_distances=column_distances,
        correlation_difference=correlation,
        detection_auc=detection,
        dcr_synthetic=dcr_synthetic,
        dcr_holdout=dcr_holdout,
        exact_copy_share=exact_share,
    )
    logger.info(
        "synthetic_quality: %d real, %d synthetic rows in %.2fs",
        len(real_frame),
        len(synthetic_frame),
        time.perf_counter() - start,
    )
    return report
