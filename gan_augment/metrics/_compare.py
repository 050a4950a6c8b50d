"""Which augmenter for this data? The GAN and the baselines on the same folds.

:func:`compare_augmenters` fits every augmenter kind x classifier kind of
``gan_augment.pipeline``'s registry (:func:`~gan_augment.pipeline.make_model`)
on every training fold of one splitter and scores it on the untouched test
fold (:func:`~gan_augment.metrics._scoring.fit_and_score`), then ranks the
augmenters as the imbalanced-learning literature does: within each
classifier x fold block (:mod:`._ranks`), with the Friedman test and the
Nemenyi critical difference, and the corrected resampled t-test
(:func:`~gan_augment.metrics.corrected_resampled_ttest`) of each one's
difference to the best. The :class:`Comparison` it returns names the winner,
builds its pipeline, draws the critical-difference figure and says plainly
when no augmentation wins.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from joblib import delayed
from sklearn.utils.multiclass import type_of_target

from .._compat import _safe_indexing
from .._containers import to_frame
from ._gain import (
    TIE_TOLERANCE,
    _check_every_class_in_every_fold,
    _class_labels,
    _format_p,
    _resolve_cv,
    _test_train_ratio,
    corrected_resampled_ttest,
)
from ._ranks import (
    FriedmanResult,
    friedman_test,
    nemenyi_critical_difference,
    rank_matrix,
)
from ._scoring import METRICS, fit_and_score, int_seed, make_scorers
from ._tasks import run_tasks

__all__ = ["CHEAP_KINDS", "Comparison", "Recommendation", "compare_augmenters"]

logger = logging.getLogger(__name__)

#: The default augmenters, in report order (``prowsyn`` only where
#: smote-variants is installed).
DEFAULT_AUGMENTERS: tuple[str, ...] = (
    "none",
    "class_weight",
    "tuned_threshold",
    "ros",
    "smote",
    "prowsyn",
    "interpolation",
    "gan",
)
#: The default classifiers: scaled logistic regression and gradient boosting.
DEFAULT_CLASSIFIERS: tuple[str, ...] = ("logreg", "hgb")

#: Kinds that add no rows: when one of them ranks best, no augmentation wins.
#: Each maps to the advice the message gives.
CHEAP_KINDS: dict[str, str] = {
    "none": "the classifier as it is, without resampling",
    "class_weight": "class_weight='balanced' on the classifier",
    "tuned_threshold": (
        "a decision threshold tuned on the training data "
        "(sklearn.model_selection.TunedThresholdClassifierCV)"
    ),
}
#: The kind every other is counted against in wins / ties / losses.
REFERENCE = "none"


class Recommendation(NamedTuple):
    """The augmenter kind with the best mean rank, and its best classifier."""

    augmenter: str
    classifier: str


@dataclass(frozen=True, eq=False)
class Comparison:
    """Augmenters scored on the same folds, ranked; made by :func:`compare_augmenters`.

    Attributes
    ----------
    scores : DataFrame
        Tidy, one row per augmenter x classifier x fold x metric: columns
        ``augmenter``, ``classifier``, ``fold``, ``metric``, ``score``,
        ``fit_seconds``.
    ranking : DataFrame
        Index ``augmenter``, best first: ``mean_<metric>`` for every metric
        (the ranking metric first), ``mean_rank`` over the classifier x fold
        blocks (1 = best), ``wins`` / ``ties`` / ``losses`` against ``none``
        over the blocks, and the difference to the best augmenter of the
        ranking metric (``diff_to_best``, averaged per fold over the
        classifiers) with its corrected resampled t interval (``ci_low``,
        ``ci_high``) and ``p_value``.
    recommended : Recommendation
        ``(augmenter, classifier)``: the kind with the best mean rank (ties go
        to the higher mean score) and the classifier it scored best with.
    scoring : str
        The ranking metric.
    critical_difference : float
        The Nemenyi critical difference of mean ranks at alpha = 0.05: two
        augmenters whose mean ranks differ by less are not told apart.
    friedman : FriedmanResult or None
        The Friedman test that all mean ranks are equal (None with fewer
        than three augmenters).
    message : str
        The recommendation in words; says plainly when no augmentation wins.
    folds : tuple of (ndarray, ndarray)
        The ``(train, test)`` row positions every method was fitted and
        scored on.
    random_state : int
        The seed the samplers and tuned thresholds were given (drawn when
        ``compare_augmenters`` got None).
    augmenter_params : dict
        Parameters given to each kind's sampler.
    """

    scores: pd.DataFrame
    ranking: pd.DataFrame
    recommended: Recommendation
    scoring: str
    critical_difference: float
    friedman: FriedmanResult | None
    message: str
    folds: tuple[tuple[np.ndarray, np.ndarray], ...] = field(repr=False)
    random_state: int = 0
    augmenter_params: dict = field(default_factory=dict)
    # The user's features (a reference, not a copy): the column types choose
    # the preprocessing and SMOTE's variant of the recommended pipeline.
    _features: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def no_augmentation_wins(self) -> bool:
        """Whether the best kind adds no rows (none, class weights, a threshold)."""
        return self.recommended.augmenter in CHEAP_KINDS

    def recommended_pipeline(self) -> Any:
        """The unfitted model of the recommended augmenter and classifier.

        Returns
        -------
        estimator
            The registry's model (``gan_augment.pipeline.make_model``) with
            the comparison's ``random_state`` and the kind's
            ``augmenter_params``; fit it on all the data.
        """
        if self._features is None:
            raise ValueError(
                "This Comparison holds no features; build the model with "
                "gan_augment.pipeline.make_model(augmenter, classifier, X)."
            )
        augmenter, classifier = self.recommended
        return _build_model(
            augmenter,
            classifier,
            self._features,
            self.random_state,
            self.augmenter_params.get(augmenter, {}),
        )

    def figure(self, ax: Any = None) -> Any:
        """The critical-difference figure of the mean ranks.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional

        Returns
        -------
        matplotlib.figure.Figure
        """
        from ..plotting import plot_critical_difference

        n_blocks = int(self.scores.groupby(["classifier", "fold"]).ngroups)
        title = (
            f"{self.scoring}: mean ranks over {n_blocks} classifier x fold blocks\n"
            "Nemenyi critical difference at alpha = 0.05"
        )
        if self.friedman is not None:
            title += f"; Friedman p = {_format_p(self.friedman.p_value)}"
        return plot_critical_difference(
            self.ranking["mean_rank"],
            cd=self.critical_difference,
            ax=ax,
            title=title,
        )

    def table(self) -> str:
        """The ranking and the recommendation as text.

        Returns
        -------
        str
        """
        view = self.ranking.copy()
        view["p_value"] = [_format_p(p) for p in view["p_value"]]
        text = view.to_string(
            float_format=lambda v: f"{v:.4f}", na_rep="-", justify="right"
        )
        return (
            f"Augmenters ranked by {self.scoring} (same folds, "
            f"{len(self.folds)} folds):\n{text}\n\n{self.message}"
        )


def _build_model(
    augmenter: str,
    classifier: str,
    X: pd.DataFrame,
    random_state: int,
    params: Mapping[str, Any],
) -> Any:
    """``make_model`` with the kind's sampler given ``params``."""
    from ..pipeline._kinds import make_augmentation, make_classifier

    augmentation = make_augmentation(augmenter, X, random_state)
    if params:
        augmentation = replace(
            augmentation, sampler=augmentation.sampler.set_params(**params)
        )
    return augmentation.apply(make_classifier(classifier, X))


def _smote_variants_installed() -> bool:
    from .._smote_variants import import_smote_variants

    try:
        import_smote_variants()
    except ImportError:
        return False
    return True


def _check_names(
    augmenters: Sequence[str] | None,
    classifiers: Sequence[str],
    y: np.ndarray,
) -> tuple[list[str], list[str]]:
    """The augmenter and classifier kinds to run, checked; defaults filled in."""
    from ..pipeline._kinds import augmenter_kinds, classifier_kinds, make_augmentation

    binary = type_of_target(y) == "binary"
    if augmenters is None:
        names = list(DEFAULT_AUGMENTERS)
        if not _smote_variants_installed():
            logger.warning(
                "compare_augmenters: prowsyn skipped, smote-variants is not "
                "installed (pip install --no-deps smote-variants==1.0.1)."
            )
            names.remove("prowsyn")
        if not binary:
            # The tuned threshold and ProWSyn are binary; leave them out
            # rather than refuse the defaults on a multi-class target.
            dropped = [n for n in names if make_augmentation(n, _PROBE).binary_only]
            logger.warning(
                "compare_augmenters: %s skipped, they need two classes.", dropped
            )
            names = [n for n in names if n not in dropped]
    else:
        if isinstance(augmenters, str):
            augmenters = [augmenters]
        names = list(augmenters)
        if not names or any(not isinstance(n, str) for n in names):
            raise TypeError(
                "augmenters must be a list of kind names, e.g. ['none', 'smote', "
                f"'gan']; got {augmenters!r}."
            )
        unknown = [n for n in names if n not in augmenter_kinds(tuned=True)]
        if unknown:
            raise ValueError(
                f"Unknown augmenters {unknown}; choose from "
                f"{', '.join(augmenter_kinds(tuned=True))}."
            )
        if REFERENCE not in names:
            # Wins and "no augmentation wins" are judged against it.
            logger.info("compare_augmenters: 'none' added as the reference.")
            names.insert(0, REFERENCE)
        names = list(dict.fromkeys(names))
    if isinstance(classifiers, str):
        classifiers = [classifiers]
    clfs = list(dict.fromkeys(classifiers))
    unknown = [c for c in clfs if c not in classifier_kinds()]
    if not clfs or unknown:
        raise ValueError(
            f"Unknown or no classifiers {unknown or clfs}; choose from "
            f"{', '.join(classifier_kinds())}."
        )
    if len(names) < 2:
        raise ValueError(
            "Give at least one augmenter besides 'none' to compare, e.g. "
            "augmenters=['none', 'smote', 'gan']."
        )
    return names, clfs


# A one-column numeric frame for checks that need no data.
_PROBE = pd.DataFrame({"x": [0.0, 1.0]})


def _build_models(
    names: list[str],
    classifiers: list[str],
    X: pd.DataFrame,
    y: np.ndarray,
    random_state: int,
    augmenter_params: Mapping[str, Mapping[str, Any]],
) -> dict[tuple[str, str], Any]:
    """Every augmenter x classifier model, unfitted; refusals before any fit."""
    from ..pipeline._kinds import (
        NotApplicableError,
        check_augmenter_params,
        make_augmentation,
    )

    if not isinstance(augmenter_params, Mapping):
        raise TypeError(
            "augmenter_params maps a kind to its sampler's parameters, e.g. "
            f"{{'gan': {{'n_steps': 500}}}}; got {type(augmenter_params).__name__}."
        )
    stray = sorted(set(augmenter_params) - set(names))
    if stray:
        raise ValueError(
            f"augmenter_params names kinds {stray} that are not compared; "
            f"the compared kinds are {names}."
        )
    for kind, params in augmenter_params.items():
        check_augmenter_params(kind, params)
    models = {}
    for name in names:
        make_augmentation(name, X, random_state).check_target(y)
        for clf in classifiers:
            try:
                models[name, clf] = _build_model(
                    name, clf, X, random_state, augmenter_params.get(name, {})
                )
            except NotApplicableError as exc:
                raise ValueError(
                    f"{exc} Every augmenter runs with every classifier here: "
                    f"leave {name!r} out or drop {clf!r} from classifiers."
                ) from exc
    return models


def _fit_one(model: Any, X: Any, y: Any, train, test, scorers, seed: int) -> Any:
    """One model on one fold: fitted on the training rows only."""
    return fit_and_score(
        model,
        _safe_indexing(X, train),
        _safe_indexing(y, train),
        _safe_indexing(X, test),
        _safe_indexing(y, test),
        scorers,
        shuffle_seed=seed,
    )


def _rank(
    scores: pd.DataFrame, scoring: str, names: list[str], ratio: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ranking table, and the block-by-augmenter matrix of the ranking metric."""
    primary = scores[scores["metric"] == scoring]
    matrix = primary.pivot_table(
        index=["classifier", "fold"], columns="augmenter", values="score"
    )[names]
    mean_rank = rank_matrix(matrix).mean()
    means = scores.pivot_table(index="augmenter", columns="metric", values="score")
    # The scorers' order: the ranking metric, then the protocol's.
    metrics = list(pd.unique(scores["metric"]))
    table = pd.DataFrame(
        {f"mean_{m}": means.loc[names, m] for m in metrics}, index=names
    )
    table["mean_rank"] = mean_rank
    order = sorted(
        names, key=lambda n: (mean_rank[n], -table.loc[n, f"mean_{scoring}"])
    )
    best = order[0]
    difference = matrix.sub(matrix[REFERENCE], axis=0)
    table["wins"] = (difference > TIE_TOLERANCE).sum()
    table["ties"] = (difference.abs() <= TIE_TOLERANCE).sum()
    table["losses"] = (difference < -TIE_TOLERANCE).sum()
    # Blocks of one fold share its rows: average the classifiers per fold, so
    # the test sees one paired difference per split, as Nadeau-Bengio assume.
    per_fold = matrix.sub(matrix[best], axis=0).groupby(level="fold").mean()
    for name in names:
        test = corrected_resampled_ttest(per_fold[name].to_numpy(), ratio)
        table.loc[name, "diff_to_best"] = test.mean
        table.loc[name, "ci_low"] = test.ci_low
        table.loc[name, "ci_high"] = test.ci_high
        table.loc[name, "p_value"] = test.p_value
    table = table.loc[order]
    table.index.name = "augmenter"
    return table, matrix


def _gap_to_best(row: pd.Series) -> str:
    """How far a ranking row trails the best, with its interval and p-value."""
    if abs(row["diff_to_best"]) <= TIE_TOLERANCE and row["ci_low"] == row["ci_high"]:
        # Every fold scores the same: no interval or test to report.
        return "ties it on every fold"
    return (
        f"trails it by {-row['diff_to_best']:.4f} (95% CI of the difference "
        f"[{row['ci_low']:+.4f}, {row['ci_high']:+.4f}], "
        f"p = {_format_p(row['p_value'])})"
    )


def _message(
    ranking: pd.DataFrame,
    recommended: Recommendation,
    scoring: str,
    friedman: FriedmanResult | None,
) -> str:
    """The recommendation in words."""
    best, clf = recommended
    row = ranking.loc[best]
    lines = [
        f"Best mean rank by {scoring}: {best!r} ({row['mean_rank']:.2f} of "
        f"{len(ranking)}; mean {row[f'mean_{scoring}']:.4f}), best with {clf!r}."
    ]
    if best in CHEAP_KINDS:
        augmenting = [n for n in ranking.index if n not in CHEAP_KINDS]
        lines.append(
            f"No augmentation wins on this data. Use {CHEAP_KINDS[best]} "
            f"(comparison.recommended_pipeline() builds it with {clf!r})."
        )
        if augmenting:
            lines.append(
                f"The best augmenter, {augmenting[0]!r}, "
                f"{_gap_to_best(ranking.loc[augmenting[0]])}."
            )
    else:
        total = int(row["wins"] + row["ties"] + row["losses"])
        lines.append(
            f"Augmentation with {best!r} wins on this data: against no "
            f"augmentation it wins {int(row['wins'])}, ties {int(row['ties'])} "
            f"and loses {int(row['losses'])} of {total} classifier x fold blocks."
        )
        cheap = [n for n in ranking.index if n in CHEAP_KINDS]
        if cheap:
            lines.append(
                f"The best alternative without new rows, {cheap[0]!r}, "
                f"{_gap_to_best(ranking.loc[cheap[0]])}; an interval that holds 0 "
                "means these folds cannot tell the two apart."
            )
    if friedman is not None and not friedman.p_value < 0.05:
        lines.append(
            f"The mean ranks do not differ significantly (Friedman p = "
            f"{_format_p(friedman.p_value)}): on this data the choice matters little."
        )
    return "\n".join(lines)


def compare_augmenters(
    X: Any,
    y: Any,
    *,
    augmenters: Sequence[str] | None = None,
    classifiers: Sequence[str] = DEFAULT_CLASSIFIERS,
    augmenter_params: Mapping[str, Mapping[str, Any]] | None = None,
    cv: Any = None,
    scoring: str = "balanced_accuracy",
    random_state: int | None = 0,
    n_jobs: int | None = None,
    verbose: int = 0,
) -> Comparison:
    """Run the GAN and the baselines on the same folds of your data; rank them.

    Every augmenter kind x classifier kind (``gan_augment.pipeline.make_model``)
    is fitted on every training fold (the augmenter sees only the training
    fold) and scored on the untouched test fold; every method gets exactly
    the same folds. The augmenters are ranked within each classifier x fold
    block by ``scoring``.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels (binary or multi-class).
    augmenters : sequence of str or None, default=None
        Kinds of ``gan_augment.pipeline.augmenter_kinds(tuned=True)``; ``none``
        is added when missing (wins are counted against it). None runs
        ``none``, ``class_weight``, ``tuned_threshold``, ``ros``, ``smote``,
        ``prowsyn`` (where smote-variants is installed; else skipped with a
        logged warning), ``interpolation`` (``InterpolationAugmenter``) and
        ``gan``; on a multi-class target the binary
        kinds (the tuned threshold, ProWSyn) are left out.
    classifiers : sequence of str, default=("logreg", "hgb")
        Classifier kinds (``gan_augment.pipeline.classifier_kinds()``).
    augmenter_params : mapping of str to mapping, optional
        Parameters of a kind's sampler, e.g. ``{"gan": {"n_steps": 500}}``.
    cv : None, int, splitter or iterable of (train, test), default=None
        None is the protocol: ``RepeatedStratifiedKFold(n_splits=5,
        n_repeats=2, random_state=random_state)``; an int ``k`` a shuffled
        stratified k-fold.
    scoring : str, default="balanced_accuracy"
        The ranking metric (a name of the protocol's scorers); the other
        protocol metrics (minority F1, ROC AUC, minority average precision)
        are reported beside it.
    random_state : int or None, default=0
        Seeds the splitter, the samplers, the tuned thresholds and the random
        order each classifier learns its training rows in (after the sampler:
        k-NN breaks distance ties by row position).
    n_jobs : int or None, default=None
        Fits run in parallel with joblib (None means 1).
    verbose : int, default=0
        A tqdm progress bar over the fits when > 0.

    Returns
    -------
    Comparison

    Raises
    ------
    TypeError
        For augmenters or augmenter_params of the wrong type, or a
        ``scoring`` that is not a name.
    ValueError
        Before any fit: an unknown augmenter, classifier or metric, a pair
        that does not apply (``class_weight`` with ``knn``), a binary kind on
        a multi-class target, a non-classification target, ``X`` and ``y``
        of different lengths, or too few rows of a class for the folds (the
        message gives the number of folds to use).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment.metrics import compare_augmenters
    >>> X, y = make_classification(n_samples=200, weights=[0.85], random_state=0)
    >>> comparison = compare_augmenters(X, y, augmenters=["none", "ros", "smote"],
    ...     classifiers=["logreg"], cv=3)
    >>> list(comparison.ranking.columns[:2])
    ['mean_balanced_accuracy', 'mean_f1_minority']
    >>> comparison.recommended.augmenter in {"none", "ros", "smote"}
    True
    >>> comparison.scores.groupby("augmenter")["fold"].nunique().tolist()
    [3, 3, 3]
    """
    if not isinstance(scoring, str):
        raise TypeError(
            f"scoring is the one metric that ranks, a name such as "
            f"'balanced_accuracy'; got {scoring!r}."
        )
    y_array, _ = _class_labels(X, y, "compare_augmenters")
    scorers = make_scorers([scoring, *METRICS], y_array)
    names, clfs = _check_names(augmenters, classifiers, y_array)
    features = to_frame(X)
    seed = int_seed(random_state)
    params = {k: dict(v) for k, v in (augmenter_params or {}).items()}
    models = _build_models(names, clfs, features, y_array, seed, params)
    splits = list(_resolve_cv(cv, y_array, seed).split(features, y_array))
    _check_every_class_in_every_fold(y_array, splits)

    tasks = [(a, c, f) for a in names for c in clfs for f in range(len(splits))]
    logger.info(
        "compare_augmenters: %d augmenters x %d classifiers x %d folds",
        len(names),
        len(clfs),
        len(splits),
    )
    start = time.perf_counter()
    calls = [
        delayed(_fit_one)(models[a, c], X, y, *splits[f], scorers, seed)
        for a, c, f in tasks
    ]
    results = run_tasks(
        calls,
        n_jobs,
        verbose,
        "compare_augmenters",
    )
    records = []
    for (name, clf, fold), result in zip(tasks, results, strict=True):
        for metric, score in result.scores.items():
            records.append((name, clf, fold, metric, score, result.fit_seconds))
    logger.info("compare_augmenters: done in %.1fs", time.perf_counter() - start)
    scores = pd.DataFrame.from_records(
        records,
        columns=["augmenter", "classifier", "fold", "metric", "score", "fit_seconds"],
    )
    ranking, matrix = _rank(scores, scoring, names, _test_train_ratio(splits))
    best = str(ranking.index[0])
    per_clf = matrix[best].groupby(level="classifier").mean()
    recommended = Recommendation(best, str(per_clf.idxmax()))
    n_blocks, k = matrix.shape
    friedman = friedman_test(matrix) if k >= 3 and n_blocks >= 2 else None
    cd = nemenyi_critical_difference(k, n_blocks)
    comparison = Comparison(
        scores=scores,
        ranking=ranking,
        recommended=recommended,
        scoring=scoring,
        critical_difference=cd,
        friedman=friedman,
        message=_message(ranking, recommended, scoring, friedman),
        folds=tuple(splits),
        random_state=seed,
        augmenter_params=params,
        _features=features,
    )
    logger.info("compare_augmenters: %s", comparison.message.splitlines()[0])
    return comparison
