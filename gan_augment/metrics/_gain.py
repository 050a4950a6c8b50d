"""Downstream gain: does augmenting the training folds lift a classifier's scores?

:func:`augmentation_gain` fits a classifier with and without an augmenter on
the same training folds and scores both on the untouched test folds, through
the protocol of :mod:`gan_augment.metrics._scoring` (the benchmark's folds,
metric names and fold scoring), so the per-fold differences are paired.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline
from joblib import Parallel, delayed
from scipy import stats
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.utils.multiclass import type_of_target

from .._compat import _safe_indexing
from .._labels import plain_label
from .._validation import check_labels_present
from ._scoring import METRICS, FoldScore, fit_and_score, make_scorers, protocol_cv

__all__ = ["GainResult", "augmentation_gain"]

logger = logging.getLogger(__name__)

#: Absolute per-fold gains below this count as ties.
TIE_TOLERANCE = 1e-12


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


def _resolve_cv(cv: Any, y: np.ndarray, random_state: int | None) -> Any:
    """Build the splitter: the protocol's, a shuffled k-fold or ``cv``."""
    if cv is None:
        return protocol_cv(random_state=random_state)
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
) -> tuple[FoldScore, FoldScore]:
    """Fit baseline and augmented models on one training fold; score both."""
    X_train, y_train = _safe_indexing(X, train), _safe_indexing(y, train)
    X_test, y_test = _safe_indexing(X, test), _safe_indexing(y, test)
    augmented = Pipeline([("augmenter", augmenter), ("estimator", estimator)])
    return (
        fit_and_score(estimator, X_train, y_train, X_test, y_test, scorers),
        fit_and_score(augmented, X_train, y_train, X_test, y_test, scorers),
    )


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
    scoring: str | Sequence[str] | Mapping[str, Callable] = METRICS,
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
    scorers = make_scorers(scoring, y_array)
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
    for fold, (base, aug) in enumerate(results):
        logger.debug(
            "fold %d: baseline fit %.3fs, augmented fit %.3fs",
            fold,
            base.fit_seconds,
            aug.fit_seconds,
        )
        for name in scorers:
            records.append(
                {
                    "fold": fold,
                    "metric": name,
                    "baseline": base.scores[name],
                    "augmented": aug.scores[name],
                }
            )
    scores = pd.DataFrame.from_records(
        records, columns=["fold", "metric", "baseline", "augmented"]
    )
    return GainResult.from_scores(scores)
