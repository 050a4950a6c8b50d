"""Downstream gain: does augmenting the training folds lift a classifier's scores?

:func:`augmentation_gain` fits a classifier with and without an augmenter on
the same training folds and scores both on the untouched test folds, through
the protocol of :mod:`gan_augment.metrics._scoring` (the benchmark's folds,
metric names and fold scoring), so the per-fold differences are paired.
:func:`gain_grid` does the same for several augmenters x several classifiers
on one set of folds, fitting each augmenter once per fold (the pipeline
specs run through it).
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
from ._scoring import (
    METRICS,
    N_SPLITS,
    FoldScore,
    fit_and_score,
    fit_resample_and_score,
    int_seed,
    make_scorers,
    needs_scores,
    protocol_cv,
)
from ._tasks import run_tasks

__all__ = ["GainResult", "augmentation_gain", "gain_grid"]

logger = logging.getLogger(__name__)

#: Absolute per-fold gains up to this count as ties.
TIE_TOLERANCE = 1e-12

#: The protocol's ratio of test to training rows, n_test / n_train = 1 / (k - 1)
#: for k stratified folds: what :meth:`GainResult.from_scores` assumes unless
#: told otherwise.
PROTOCOL_TEST_TRAIN_RATIO = 1 / (N_SPLITS - 1)


@dataclass(frozen=True)
class CorrectedTTest:
    """The corrected resampled t-test of paired per-fold differences.

    Attributes
    ----------
    mean : float
        Mean difference over the ``n`` folds.
    std : float
        Sample standard deviation of the differences (``ddof=1``).
    ci_low, ci_high : float
        The interval ``mean -/+ t(1 - alpha / 2, n - 1) * se``.
    statistic : float
        ``mean / se``.
    p_value : float
        Two-sided, from Student's t with ``n - 1`` degrees of freedom.
    n : int
        Number of differences that are not NaN.

    Notes
    -----
    ``se = std * sqrt(1 / n + n_test / n_train)`` (Nadeau and Bengio 2003).
    """

    mean: float
    std: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    n: int


def corrected_resampled_ttest(
    differences: Any, test_train_ratio: float, *, confidence: float = 0.95
) -> CorrectedTTest:
    """Test paired differences from resampled train/test splits (Nadeau-Bengio).

    The plain t-test divides the variance of the ``J`` per-fold differences
    by ``J``, as if the folds were independent samples. They are not: the
    training sets of any two folds share most of their rows (3/4 of the data
    with 5 folds), and repeats reuse every row, so the differences are
    positively correlated and the plain interval is too narrow. Nadeau and
    Bengio (2003) inflate the variance of the mean to
    ``(1 / J + n_test / n_train) * s**2``; the extra ``n_test / n_train``
    term stays as ``J`` grows, so more repeats no longer shrink the interval
    towards zero.

    Parameters
    ----------
    differences : array-like of shape (J,)
        Paired per-fold differences (``augmented - baseline``) over all folds
        and repeats; NaN values are left out.
    test_train_ratio : float
        ``n_test / n_train`` of one split (the mean over splits of unequal
        size); ``0`` gives the plain t-test.
    confidence : float, default=0.95
        Coverage of the two-sided interval.

    Returns
    -------
    CorrectedTTest
        NaN statistics with fewer than two differences. When every
        difference is equal the interval is the mean itself and, as
        :func:`scipy.stats.ttest_1samp` does, the p-value is 0 (non-zero
        mean) or NaN (zero mean).

    Raises
    ------
    ValueError
        If ``test_train_ratio`` is negative or not finite, or ``confidence``
        is not strictly between 0 and 1.

    References
    ----------
    C. Nadeau and Y. Bengio, "Inference for the generalization error",
    Machine Learning 52(3), 239-281, 2003. R. R. Bouckaert and E. Frank,
    "Evaluating the replicability of significance tests for comparing
    learning algorithms", PAKDD 2004 (the same correction for repeated
    k-fold cross-validation).

    Examples
    --------
    >>> test = corrected_resampled_ttest([0.02, 0.04, 0.0, 0.02], 0.25)
    >>> round(test.mean, 3), round(test.std, 4)
    (0.02, 0.0163)
    >>> round(test.statistic, 3), round(test.p_value, 3)
    (1.732, 0.182)
    >>> round(corrected_resampled_ttest([0.02, 0.04, 0.0, 0.02], 0).p_value, 3)
    0.092
    """
    ratio = float(test_train_ratio)
    if not (math.isfinite(ratio) and ratio >= 0):
        raise ValueError(
            f"test_train_ratio must be n_test / n_train, a finite number >= 0; "
            f"got {test_train_ratio!r}."
        )
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1); got {confidence!r}.")
    values = np.asarray(differences, dtype=float).ravel()
    values = values[~np.isnan(values)]
    n = len(values)
    if n < 2:
        mean = float(values[0]) if n else math.nan
        return CorrectedTTest(mean, math.nan, math.nan, math.nan, math.nan, math.nan, n)
    mean = float(values.mean())
    std = float(values.std(ddof=1))
    se = std * math.sqrt(1 / n + ratio)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * se
    if se > 0:
        statistic = mean / se
        p_value = float(2 * stats.t.sf(abs(statistic), n - 1))
    elif mean != 0:
        statistic, p_value = math.copysign(math.inf, mean), 0.0
    else:
        statistic = p_value = math.nan
    return CorrectedTTest(mean, std, mean - half, mean + half, statistic, p_value, n)


def _test_train_ratio(splits: Sequence[tuple[Any, Any]]) -> float:
    """Mean ``n_test / n_train`` over ``(train, test)`` index pairs."""
    return float(np.mean([len(test) / len(train) for train, test in splits]))


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
        deviation over folds), ``ci_low`` and ``ci_high`` (95% interval of
        the mean gain by the corrected resampled t-test), ``p_value``
        (two-sided, of the same test: is the mean gain zero?), ``wins``,
        ``ties`` and ``losses`` (folds where the gain is above, within
        ``1e-12`` of, or below zero).
    test_train_ratio : float
        ``n_test / n_train`` of the splits, which the corrected test needs
        (see :func:`corrected_resampled_ttest`).

    Notes
    -----
    The interval and p-value are those of Nadeau and Bengio's corrected
    resampled t-test: the variance of the mean gain over ``J`` folds (all
    repeats) is ``(1 / J + n_test / n_train) * gain_std**2`` instead of the
    plain ``gain_std**2 / J``, which treats overlapping training folds as
    independent and is too narrow.

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
    test_train_ratio: float = PROTOCOL_TEST_TRAIN_RATIO

    @classmethod
    def from_scores(
        cls, scores: pd.DataFrame, *, test_train_ratio: float | None = None
    ) -> GainResult:
        """Build a result (summary included) from a tidy per-fold score frame.

        Parameters
        ----------
        scores : pandas.DataFrame
            Columns ``fold``, ``metric``, ``baseline`` and ``augmented``; a
            ``gain`` column is computed as ``augmented - baseline``. Useful to
            pool or reload per-fold scores.
        test_train_ratio : float or None, default=None
            ``n_test / n_train`` of the splits that gave the scores, for the
            corrected interval. None is the protocol's 5-fold ratio,
            ``1 / 4``; give it for other splits (``1 / (k - 1)`` for k folds).

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
        ratio = (
            PROTOCOL_TEST_TRAIN_RATIO if test_train_ratio is None else test_train_ratio
        )
        return cls(
            scores=scores,
            summary=_summarise(scores, ratio),
            test_train_ratio=float(ratio),
        )

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
            ``gain_m_p_value``, ``wins_m``, ``ties_m`` and ``losses_m``.
            Undefined values (e.g. the interval with a single fold) are
            ``nan``.

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
            out[f"gain_{metric}_p_value"] = float(row["p_value"])
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
            mean, mean gain, its 95% interval and p-value (corrected
            resampled t-test) and wins/ties/losses over the folds.

        Examples
        --------
        >>> import pandas as pd
        >>> from gan_augment.metrics import GainResult
        >>> scores = pd.DataFrame({"fold": [0, 1], "metric": ["roc_auc"] * 2,
        ...     "baseline": [0.8, 0.9], "augmented": [0.85, 0.9]})
        >>> print(GainResult.from_scores(scores).table())
        metric   baseline  augmented    gain  95% CI of gain        p  W/T/L
        roc_auc     0.850      0.875  +0.025  [-0.364, +0.414]  0.564  1/1/0
        """
        rows = [
            ("metric", "baseline", "augmented", "gain", "95% CI of gain", "p", "W/T/L")
        ]
        for metric, r in self.summary.iterrows():
            ci = f"[{r['ci_low']:+.{digits}f}, {r['ci_high']:+.{digits}f}]"
            rows.append(
                (
                    str(metric),
                    f"{r['baseline_mean']:.{digits}f}",
                    f"{r['augmented_mean']:.{digits}f}",
                    f"{r['gain_mean']:+.{digits}f}",
                    ci,
                    _format_p(r["p_value"]),
                    f"{int(r['wins'])}/{int(r['ties'])}/{int(r['losses'])}",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = []
        for row in rows:
            cells = [row[0].ljust(widths[0])]
            cells += [row[i].rjust(widths[i]) for i in range(1, 4)]
            cells += [row[4].ljust(widths[4])]
            cells += [row[i].rjust(widths[i]) for i in range(5, 7)]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def _format_p(p_value: float) -> str:
    """A p-value as people read it: three decimals, or ``<0.001``."""
    if math.isnan(p_value):
        return "nan"
    return "<0.001" if p_value < 0.001 else f"{p_value:.3f}"


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


def _check_gain_inputs(estimator: Any, augmenter: Any, baseline: Any = None) -> None:
    """Raise a TypeError naming the fix for unusable estimators or augmenters."""
    if isinstance(estimator, type) or not (
        hasattr(estimator, "fit") and hasattr(estimator, "predict")
    ):
        raise TypeError(
            "estimator must be a scikit-learn classifier instance with fit and "
            f"predict (e.g. LogisticRegression()); got {estimator!r}."
        )
    for name, value in (("augmenter", augmenter), ("baseline", baseline)):
        if value is None and name == "baseline":
            continue
        if isinstance(value, str) or _is_augmentation(value):
            continue
        if isinstance(value, type) or not hasattr(value, "fit_resample"):
            raise TypeError(
                f"{name} must be an imbalanced-learn sampler instance with "
                f"fit_resample (e.g. GANAugmenter() or SMOTE()) or an augmenter "
                f"kind name (e.g. 'smote', 'prowsyn', 'class_weight'); got {value!r}."
            )
        if hasattr(value, "transform"):
            raise TypeError(
                f"{name} has both fit_resample and transform, which "
                "imbalanced-learn pipelines reject; pass a pure sampler."
            )


def _is_augmentation(value: Any) -> bool:
    # Imported here: the pipeline package imports this one.
    from ..pipeline._kinds import Augmentation

    return isinstance(value, Augmentation)


def _model_with(
    augmenter: Any, estimator: Any, X: Any, y: np.ndarray, random_state: int | None
) -> Any:
    """The model that ``augmenter`` makes of ``estimator``.

    A sampler goes in front of the estimator. A kind name (or an
    ``Augmentation`` from ``gan_augment.pipeline``) builds its kind's model:
    its sampler before or after the estimator's preprocessing, its change of
    the classifier (class weights, a tuned threshold). Raises before any fit
    for a kind that does not apply to the estimator or to ``y``.
    """
    from .._containers import to_frame
    from ..pipeline._kinds import make_augmentation

    if isinstance(augmenter, str):
        # The features choose SMOTE's variant (SMOTENC for text columns).
        augmenter = make_augmentation(augmenter, to_frame(X), random_state)
    elif not _is_augmentation(augmenter):
        return Pipeline([("augmenter", augmenter), ("estimator", estimator)])
    augmenter.check_target(y)
    return augmenter.apply(estimator)


def _check_scores_available(estimator, scorers: dict, target_type: str) -> None:
    """Refuse score-ranking metrics for a classifier without scores, before fit."""
    ranked = [name for name in scorers if needs_scores(name)]
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
    reference: Any,
    augmented: Any,
    X: Any,
    y: Any,
    train: np.ndarray,
    test: np.ndarray,
    scorers: dict[str, Callable],
    seed: int,
) -> tuple[FoldScore, FoldScore]:
    """Fit the baseline and augmented models on one training fold; score both."""
    X_train, y_train = _safe_indexing(X, train), _safe_indexing(y, train)
    X_test, y_test = _safe_indexing(X, test), _safe_indexing(y, test)
    return tuple(
        fit_and_score(
            model, X_train, y_train, X_test, y_test, scorers, shuffle_seed=seed
        )
        for model in (reference, augmented)
    )


def _summarise(scores: pd.DataFrame, test_train_ratio: float) -> pd.DataFrame:
    """Aggregate a tidy per-fold score frame into the per-metric summary.

    Parameters
    ----------
    scores : pandas.DataFrame
        Columns ``fold``, ``metric``, ``baseline``, ``augmented``, ``gain``.
    test_train_ratio : float
        ``n_test / n_train`` of the splits (for the corrected interval).

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
        test = corrected_resampled_ttest(gain, test_train_ratio)
        rows[metric] = {
            "baseline_mean": float(part["baseline"].mean()),
            "augmented_mean": float(part["augmented"].mean()),
            "gain_mean": test.mean,
            "gain_std": test.std,
            "ci_low": test.ci_low,
            "ci_high": test.ci_high,
            "p_value": test.p_value,
            "wins": int(np.sum(gain > TIE_TOLERANCE)),
            "ties": int(np.sum(np.abs(gain) <= TIE_TOLERANCE)),
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
    baseline: Any = None,
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

    With ``baseline`` the gain is measured against another augmenter on the
    same folds instead (``baseline="smote"``: is the GAN better than SMOTE?).
    Augmenters may also be named by kind (``"prowsyn"``, ``"class_weight"``,
    ``"smote+tt"``...; ``gan_augment.pipeline.augmenter_kinds(tuned=True)``
    lists them): the kind's sampler goes where the kind places it (the
    smote-variants samplers after the estimator's preprocessing, i.e. before
    its final step) and the kind's change of the classifier (balanced class
    weights, a decision threshold tuned on the training fold) is applied.

    Parameters
    ----------
    estimator : classifier
        Any scikit-learn classifier (or pipeline ending in one) with ``fit``
        and ``predict``.
    augmenter : sampler, str or Augmentation
        Any object with ``fit_resample``: :class:`~gan_augment.GANAugmenter`,
        ``SMOTE``, ``RandomOverSampler``... Give it a fixed ``random_state``
        for reproducible results; its parameters are not changed. Or an
        augmenter kind's name, or a kind bound to its sampler
        (``gan_augment.pipeline.build_augmenter`` /
        ``gan_augment.pipeline.Augmentation``).
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels (binary or multi-class).
    baseline : None, sampler, str or Augmentation, default=None
        What the gain is measured against: None (or ``"none"``) is the
        estimator alone; anything ``augmenter`` takes is that augmenter's
        model, fitted on the same training folds.
    cv : None, int, splitter or iterable of (train, test), default=None
        None is the benchmark protocol: ``RepeatedStratifiedKFold(n_splits=5,
        n_repeats=2, random_state=random_state)``. An int ``k`` is a shuffled
        ``StratifiedKFold(k, shuffle=True, random_state=random_state)``.
        Anything else goes through :func:`sklearn.model_selection.check_cv`.
    scoring : str, sequence of str or mapping, default=("balanced_accuracy", \
"f1_minority", "roc_auc", "average_precision_minority")
        Any scikit-learn scorer name, plus ``"f1_minority"``: the F1 score of
        the least frequent class of ``y``, and ``"average_precision_minority"``:
        the average precision (area under the precision-recall curve) with
        that class as the positive one (one-vs-rest on multi-class targets,
        from ``predict_proba``). On multi-class targets ``"roc_auc"`` is
        computed as ``"roc_auc_ovr"``. A mapping ``{name: scorer}`` gives
        custom scorers called as ``scorer(estimator, X, y)``.
    n_jobs : int or None, default=None
        Folds fitted in parallel with joblib (None means 1).
    random_state : int or None, default=0
        Seeds the default and integer splitters, the samplers and tuned
        thresholds of augmenters given by kind name, and the random order
        each classifier learns its training rows in (after the sampler: k-NN
        breaks distance ties by row position, and samplers return the
        original rows first).

    Returns
    -------
    GainResult
        Per-fold ``scores`` (``baseline`` is the ``baseline``'s score) and a
        per-metric ``summary``.

    Raises
    ------
    TypeError
        If ``estimator`` lacks ``fit``/``predict``, ``augmenter`` or
        ``baseline`` is neither a sampler nor a kind, or ``scoring`` has the
        wrong type.
    ValueError
        For an unknown scoring name (the message lists valid names) or kind,
        a kind that does not apply to the estimator (``class_weight`` with
        5-NN: ``gan_augment.pipeline.NotApplicableError``) or to the target
        (a tuned threshold on more than two classes), a non-classification
        target or ``X``/``y`` of different lengths.

    Notes
    -----
    The 95% interval and the p-value are those of the corrected resampled
    t-test (Nadeau and Bengio 2003; :func:`corrected_resampled_ttest`):
    ``mean ± t(0.975, J-1) * sd * sqrt(1/J + n_test/n_train)`` over the ``J``
    per-fold gains of all repeats. The plain t interval, ``sd / sqrt(J)``,
    treats the folds as independent although their training sets overlap
    and repeats reuse the same rows, and is too narrow.

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

    The same folds, random oversampling against balanced class weights:

    >>> against = augmentation_gain(LogisticRegression(), "ros", X, y, cv=3,
    ...     baseline="class_weight", scoring="balanced_accuracy")
    >>> list(against.scores.columns[:4])
    ['fold', 'metric', 'baseline', 'augmented']
    """
    _check_gain_inputs(estimator, augmenter, baseline)
    y_array, target_type = _class_labels(X, y, "augmentation_gain")
    scorers = make_scorers(scoring, y_array)
    _check_scores_available(estimator, scorers, target_type)
    # Both models are built here, so that a kind that does not apply fails
    # before any fit; each fold fits clones of them.
    augmented = _model_with(augmenter, estimator, X, y_array, random_state)
    reference = (
        estimator
        if baseline is None
        else _model_with(baseline, estimator, X, y_array, random_state)
    )
    splitter = _resolve_cv(cv, y_array, random_state)
    splits = list(splitter.split(X, y_array))
    _check_every_class_in_every_fold(y_array, splits)
    seed = int_seed(random_state)
    logger.info("augmentation_gain: %d folds, metrics %s", len(splits), list(scorers))

    start = time.perf_counter()
    results = Parallel(n_jobs=n_jobs)(
        delayed(_score_fold)(reference, augmented, X, y, train, test, scorers, seed)
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
    return GainResult.from_scores(scores, test_train_ratio=_test_train_ratio(splits))


def gain_grid(
    estimators: Mapping[str, Any],
    augmenters: Mapping[str, Any],
    X: Any,
    y: Any,
    *,
    cv: Any = None,
    scoring: str | Sequence[str] | Mapping[str, Callable] = METRICS,
    n_jobs: int | None = None,
    random_state: int | None = 0,
    verbose: int = 0,
    description: str = "folds",
) -> dict[tuple[str, str], GainResult]:
    """:func:`augmentation_gain` of every augmenter x classifier, on one set of folds.

    Each augmenter that is a sampler in front of the classifier (a sampler
    such as :class:`~gan_augment.GANAugmenter` or ``SMOTE``, or a kind that
    places its sampler before the preprocessing and changes nothing else) is
    fitted once per training fold, and its rows train every classifier; each
    classifier alone (the baseline) is fitted once per fold too. The scores
    are those that :func:`augmentation_gain` gives pair by pair (the same
    folds, the same fits), for a fraction of the augmenter fits: a GAN
    measured with 4 classifiers on 5 folds trains 5 times, not 20. Kinds
    whose sampler comes after the classifier's preprocessing or that change
    the classifier (class weights, a tuned threshold) are fitted per pair, as
    :func:`augmentation_gain` fits them.

    Parameters
    ----------
    estimators : mapping of str to classifier
        Classifiers (or pipelines ending in one) by name.
    augmenters : mapping of str to sampler, str or Augmentation
        By name; anything :func:`augmentation_gain` takes as ``augmenter``.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    cv, scoring, random_state
        As in :func:`augmentation_gain`.
    n_jobs : int or None, default=None
        Fits in parallel with joblib, one task per fold x augmenter (and one
        per fold for the baselines); None means 1. The active joblib backend
        runs them (``joblib.parallel_config(backend="dask")`` on a Dask
        cluster); the results do not depend on it.
    verbose : int, default=0
        A tqdm progress bar over the tasks when > 0.
    description : str, default="folds"
        The bar's label.

    Returns
    -------
    dict of (str, str) to GainResult
        By ``(augmenter name, classifier name)``, augmenters first, in the
        order given.

    Raises
    ------
    TypeError, ValueError
        Before any fit, as :func:`augmentation_gain` raises them; and for
        empty ``estimators`` or ``augmenters``.

    Examples
    --------
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from gan_augment.metrics import augmentation_gain
    >>> from gan_augment.metrics import gain_grid
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> classifiers = {"logreg": LogisticRegression(),
    ...     "tree": DecisionTreeClassifier(max_depth=3, random_state=0)}
    >>> ros = RandomOverSampler(random_state=0)
    >>> grid = gain_grid(classifiers, {"ros": ros}, X, y, cv=3,
    ...     scoring="balanced_accuracy")
    >>> list(grid)
    [('ros', 'logreg'), ('ros', 'tree')]
    >>> one = augmentation_gain(classifiers["tree"], ros, X, y, cv=3,
    ...     scoring="balanced_accuracy")
    >>> grid["ros", "tree"].scores.equals(one.scores)
    True
    """
    if not isinstance(estimators, Mapping) or not isinstance(augmenters, Mapping):
        raise TypeError(
            "estimators and augmenters are mappings {name: object}, e.g. "
            "{'logreg': LogisticRegression()}; got "
            f"{type(estimators).__name__} and {type(augmenters).__name__}."
        )
    if not estimators or not augmenters:
        raise ValueError(
            "gain_grid needs at least one estimator and one augmenter; got "
            f"{len(estimators)} and {len(augmenters)}."
        )
    for augmenter in augmenters.values():
        for estimator in estimators.values():
            _check_gain_inputs(estimator, augmenter)
    y_array, target_type = _class_labels(X, y, "gain_grid")
    scorers = make_scorers(scoring, y_array)
    for estimator in estimators.values():
        _check_scores_available(estimator, scorers, target_type)
    # What each task fits: (sampler shared by every classifier, models). Built
    # here, so that a kind that does not apply fails before any fit.
    plans: dict[str | None, tuple[Any, dict[str, Any]]] = {None: (None, estimators)}
    for name, augmenter in augmenters.items():
        shared = _shared_sampler(augmenter, X, y_array, random_state)
        if shared is not None:
            plans[name] = (shared, dict(estimators))
        else:
            plans[name] = (
                None,
                {
                    clf: _model_with(augmenter, est, X, y_array, random_state)
                    for clf, est in estimators.items()
                },
            )
    splitter = _resolve_cv(cv, y_array, random_state)
    splits = list(splitter.split(X, y_array))
    _check_every_class_in_every_fold(y_array, splits)
    tasks = [(fold, name) for fold in range(len(splits)) for name in plans]
    seed = int_seed(random_state)
    logger.info(
        "gain_grid: %d augmenters x %d classifiers, %d folds, %d tasks",
        len(augmenters),
        len(estimators),
        len(splits),
        len(tasks),
    )
    start = time.perf_counter()
    results = run_tasks(
        [
            delayed(_score_task)(*plans[name], X, y, *splits[fold], scorers, seed)
            for fold, name in tasks
        ],
        n_jobs,
        verbose,
        description,
    )
    by_task = dict(zip(tasks, results, strict=True))
    logger.info("gain_grid: done in %.2fs", time.perf_counter() - start)
    ratio = _test_train_ratio(splits)
    grid = {}
    for name in augmenters:
        for clf in estimators:
            records = [
                {
                    "fold": fold,
                    "metric": metric,
                    "baseline": by_task[fold, None][clf].scores[metric],
                    "augmented": by_task[fold, name][clf].scores[metric],
                }
                for fold in range(len(splits))
                for metric in scorers
            ]
            scores = pd.DataFrame.from_records(
                records, columns=["fold", "metric", "baseline", "augmented"]
            )
            grid[name, clf] = GainResult.from_scores(scores, test_train_ratio=ratio)
    return grid


def _shared_sampler(
    augmenter: Any, X: Any, y: np.ndarray, random_state: int | None
) -> Any:
    """The sampler to fit once per fold for every classifier, or None.

    A plain sampler, or a kind whose sampler takes the raw table and that
    changes nothing else: every classifier's model is then the sampler in
    front of the classifier, so its rows can be shared. Other kinds (a
    sampler after the preprocessing, class weights, a tuned threshold) are
    fitted inside each classifier's model.
    """
    from .._containers import to_frame
    from ..pipeline._kinds import make_augmentation

    if isinstance(augmenter, str):
        augmenter = make_augmentation(augmenter, to_frame(X), random_state)
    if not _is_augmentation(augmenter):
        return augmenter
    augmenter.check_target(y)
    if (
        augmenter.sampler is not None
        and augmenter.placement == "before"
        and augmenter.wrap is None
    ):
        return augmenter.sampler
    return None


def _score_task(
    sampler: Any,
    models: dict[str, Any],
    X: Any,
    y: Any,
    train: np.ndarray,
    test: np.ndarray,
    scorers: dict[str, Callable],
    seed: int,
) -> dict[str, FoldScore]:
    """One fold of one augmenter: its sampler fitted once, or each model fitted."""
    X_train, y_train = _safe_indexing(X, train), _safe_indexing(y, train)
    X_test, y_test = _safe_indexing(X, test), _safe_indexing(y, test)
    if sampler is not None:
        return fit_resample_and_score(
            sampler,
            models,
            X_train,
            y_train,
            X_test,
            y_test,
            scorers,
            shuffle_seed=seed,
        )
    return {
        name: fit_and_score(
            model, X_train, y_train, X_test, y_test, scorers, shuffle_seed=seed
        )
        for name, model in models.items()
    }


def _class_labels(X, y, caller: str) -> tuple[np.ndarray, str]:
    """``y`` as an array of class labels, one per row of ``X``, and its type.

    Raises a ``ValueError`` naming ``caller`` for a length mismatch, missing
    labels or a target that is not binary or multi-class.
    """
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
            f"{caller} needs class labels (binary or multi-class); y is "
            f"{target_type!r}. For a numeric target, bin it into classes first."
        )
    return y_array, target_type
