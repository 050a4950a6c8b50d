"""The one fold-scoring protocol: which folds, which metrics, how a fold is scored.

:func:`~gan_augment.metrics.augmentation_gain`, the pipeline specs and the
benchmark harness (``benchmarks/``) all score through this module, so a number
in ``docs/benchmarks.md`` and a gain logged by ``augmentation_gain`` mean the
same thing:

* the folds: repeated stratified 5-fold cross-validation, 2 repeats, seed 0
  (:func:`protocol_cv`);
* the metrics: scikit-learn's scorers by name, plus ``"f1_minority"``, the F1
  score of the least frequent class, and ``"average_precision_minority"``, the
  average precision (area under the precision-recall curve) with that class
  as the positive one (:func:`make_scorers`); the protocol reports
  :data:`METRICS`;
* the classifiers of the benchmark: :data:`CLASSIFIERS`, kinds of the
  registry in ``gan_augment.pipeline`` (which builds each with its
  preprocessing);
* one fold: a fresh clone of the model fitted on the training fold, scored
  on the untouched test fold (:func:`fit_and_score`); or the training fold
  resampled once by a sampler and every model fitted on those rows
  (:func:`fit_resample_and_score`), which scores exactly what a pipeline with
  the sampler in front of each model scores, at the cost of one sampler fit;
* the order of the rows a classifier learns from: a seeded random one
  (``shuffle_seed``), as samplers return the user's rows first and k-NN
  breaks distance ties by row position (:mod:`._row_order`).

Examples
--------
>>> from gan_augment.metrics._scoring import METRICS, protocol_cv
>>> METRICS
('balanced_accuracy', 'f1_minority', 'roc_auc', 'average_precision_minority')
>>> protocol_cv().get_n_splits()
10
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    get_scorer,
    get_scorer_names,
    make_scorer,
)
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.utils.multiclass import type_of_target

from ._row_order import with_shuffled_fit

__all__ = [
    "AP_MINORITY",
    "CLASSIFIERS",
    "F1_MINORITY",
    "METRICS",
    "N_REPEATS",
    "N_SPLITS",
    "SEED",
    "FoldScore",
    "fit_and_score",
    "fit_resample_and_score",
    "int_seed",
    "make_scorers",
    "minority_class",
    "needs_scores",
    "protocol_cv",
    "scoring_names",
]

logger = logging.getLogger(__name__)

#: Folds per repeat of the protocol.
N_SPLITS = 5
#: Repeats of the protocol's stratified k-fold.
N_REPEATS = 2
#: The protocol's seed: of the splitter, and of the classifiers that draw.
SEED = 0

#: The metric name this package adds to scikit-learn's scorer names: the F1
#: score of the least frequent class of ``y`` (one-vs-rest on multi-class).
F1_MINORITY = "f1_minority"

#: The metric name this package adds for the average precision (area under the
#: precision-recall curve) of the least frequent class of ``y`` as the positive
#: class (one-vs-rest on multi-class). scikit-learn's ``"average_precision"``
#: keeps its own meaning: the class labelled ``1`` is the positive one.
AP_MINORITY = "average_precision_minority"

#: The metrics the protocol reports, in report order. Results cached before a
#: metric joined this tuple lack its rows: that metric was not measured there.
METRICS: tuple[str, ...] = ("balanced_accuracy", F1_MINORITY, "roc_auc", AP_MINORITY)

#: Metrics that rank rows by a classifier's scores (``predict_proba`` or
#: ``decision_function``) rather than judge its predicted labels.
_SCORE_RANKING = frozenset({"roc_auc", "average_precision", AP_MINORITY})

#: The benchmark's classifiers, in report order: scaled logistic regression,
#: a depth-5 decision tree, scaled 5-NN and histogram gradient boosting (kinds
#: of ``gan_augment.pipeline``'s registry, which defines each).
CLASSIFIERS: tuple[str, ...] = ("logreg", "tree", "knn", "hgb")


def protocol_cv(
    n_splits: int = N_SPLITS,
    n_repeats: int = N_REPEATS,
    random_state: int | None = SEED,
) -> RepeatedStratifiedKFold:
    """The protocol's splitter: repeated stratified k-fold.

    Parameters
    ----------
    n_splits : int, default=5
    n_repeats : int, default=2
        One repeat gives the same folds as ``StratifiedKFold(n_splits,
        shuffle=True, random_state=random_state)``.
    random_state : int or None, default=0

    Returns
    -------
    sklearn.model_selection.RepeatedStratifiedKFold

    Examples
    --------
    >>> protocol_cv(n_repeats=1).get_n_splits()
    5
    """
    return RepeatedStratifiedKFold(
        n_splits=n_splits, n_repeats=n_repeats, random_state=random_state
    )


def minority_class(y: Any) -> Any:
    """The least frequent label (the first in sorted order on a tie).

    Parameters
    ----------
    y : array-like of shape (n_samples,)

    Returns
    -------
    object
        A label of ``y``.

    Examples
    --------
    >>> int(minority_class([0, 0, 1, 2, 2]))
    1
    """
    values, counts = np.unique(np.asarray(y), return_counts=True)
    return values[int(np.argmin(counts))]


def _f1_of_class(y_true, y_pred, *, label) -> float:
    """F1 score of one class, one-vs-rest.

    A function of its own rather than ``make_scorer(f1_score, ...)``: the
    scorer checks f1_score's ``pos_label`` (default 1) against y's classes,
    which fails on text labels even though ``labels=[...]`` makes it unused.
    """
    return f1_score(y_true, y_pred, labels=[label], average="macro", zero_division=0.0)


class _MinorityAveragePrecision:
    """Scorer ``(estimator, X, y) -> float``: average precision of one class.

    scikit-learn's ``"average_precision"`` scorer takes the label ``1`` as the
    positive class, which fails on text labels and scores the majority class
    where the minority is labelled ``0``; this one takes ``label``, found on
    the whole target as for ``f1_minority``.

    Binary targets rank rows by ``decision_function`` where the estimator has
    it (as scikit-learn's own ranking scorers do), else by ``predict_proba``;
    multi-class targets by the class's ``predict_proba`` column (one-vs-rest),
    because decision values of different classes need not be on one scale.
    """

    def __init__(self, label: Any, multiclass: bool) -> None:
        self.label = label
        self.multiclass = multiclass

    def __repr__(self) -> str:
        return f"make_scorers({AP_MINORITY!r}, label={self.label!r})"

    def __call__(self, estimator: Any, X: Any, y_true: Any) -> float:
        classes = np.asarray(estimator.classes_)
        where = np.flatnonzero(classes == self.label)
        if len(where) != 1:
            raise ValueError(
                f"{AP_MINORITY}: the classifier's classes {classes.tolist()} do "
                f"not hold the minority class {self.label!r} once."
            )
        column = int(where[0])
        if not self.multiclass and hasattr(estimator, "decision_function"):
            scores = np.asarray(estimator.decision_function(X), dtype=float)
            if scores.ndim == 1:
                # A binary decision value scores classes_[1]: flip it for [0].
                scores = scores if column == 1 else -scores
            else:
                scores = scores[:, column]
        else:
            scores = np.asarray(estimator.predict_proba(X), dtype=float)[:, column]
        positive = np.asarray(y_true) == self.label
        return float(average_precision_score(positive, scores))


def needs_scores(name: str) -> bool:
    """Whether a protocol metric ranks rows by score rather than by label.

    Such metrics need ``predict_proba`` or ``decision_function`` (on
    multi-class targets ``predict_proba``).

    Parameters
    ----------
    name : str
        A metric name of :func:`scoring_names`.

    Returns
    -------
    bool

    Examples
    --------
    >>> needs_scores("roc_auc"), needs_scores("average_precision_minority")
    (True, True)
    >>> needs_scores("f1_minority")
    False
    """
    return name in _SCORE_RANKING or name.startswith("roc_auc")


def scoring_names() -> list[str]:
    """Every metric name the protocol understands, sorted.

    Returns
    -------
    list of str
        scikit-learn's scorer names, :data:`F1_MINORITY` and
        :data:`AP_MINORITY`.

    Examples
    --------
    >>> {"balanced_accuracy", "f1_minority", "roc_auc"} <= set(scoring_names())
    True
    >>> "average_precision_minority" in scoring_names()
    True
    """
    return sorted({*get_scorer_names(), F1_MINORITY, AP_MINORITY})


def make_scorers(
    scoring: str | Sequence[str] | Mapping[str, Callable],
    y: Any,
) -> dict[str, Callable]:
    """Turn metric names into ``{name: scorer(estimator, X, y)}``.

    Parameters
    ----------
    scoring : str, sequence of str or mapping of str to callable
        scikit-learn scorer names, ``"f1_minority"`` and
        ``"average_precision_minority"``; a mapping gives custom scorers by
        name. On a multi-class target ``"roc_auc"`` is scored as
        ``"roc_auc_ovr"``, and the two minority metrics score the least
        frequent class against all the others (one-vs-rest).
    y : array-like of shape (n_samples,)
        The whole target, which decides the minority class (the least
        frequent label, the first in sorted order on a tie: see
        :func:`minority_class`) and the target type, so every fold scores
        the same class.

    Returns
    -------
    dict of str to callable

    Raises
    ------
    ValueError
        For an unknown name (listing the valid ones) or an empty selection.
    TypeError
        For anything that is not a name, a sequence of names or a mapping.

    Examples
    --------
    >>> scorers = make_scorers(["balanced_accuracy", "f1_minority"], [0, 0, 0, 1])
    >>> list(scorers)
    ['balanced_accuracy', 'f1_minority']
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
    y = np.asarray(y)
    valid = scoring_names()
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
            scorers[name] = make_scorer(_f1_of_class, label=minority_class(y))
        elif name == AP_MINORITY:
            scorers[name] = _MinorityAveragePrecision(minority_class(y), multiclass)
        elif name == "roc_auc" and multiclass:
            logger.info("roc_auc on a multi-class target is computed as roc_auc_ovr")
            scorers[name] = get_scorer("roc_auc_ovr")
        else:
            scorers[name] = get_scorer(name)
    return scorers


def int_seed(random_state: int | None) -> int:
    """An int seed: ``random_state`` itself, or one drawn afresh for None.

    The registry's factories and :func:`fit_and_score`'s ``shuffle_seed``
    take an int; None draws one, as scikit-learn would.
    """
    if random_state is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    return int(random_state)


@dataclass(frozen=True)
class FoldScore:
    """The scores of one model on one test fold.

    Attributes
    ----------
    scores : dict of str to float
        ``{metric: score}``, in the order of the scorers.
    fit_seconds : float
        Wall time of ``fit`` on the training fold.
    """

    scores: dict[str, float]
    fit_seconds: float


def fit_and_score(
    model: Any,
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    scorers: Mapping[str, Callable],
    *,
    shuffle_seed: int | None = None,
) -> FoldScore:
    """Fit a clone of ``model`` on the training fold; score it on the test fold.

    Parameters
    ----------
    model : estimator
        Unfitted classifier or pipeline (an imbalanced-learn pipeline with a
        sampler resamples the training fold only). It is cloned, not changed.
    X_train, y_train : array-like
        The training fold.
    X_test, y_test : array-like
        The untouched test fold.
    scorers : mapping of str to callable
        As :func:`make_scorers` returns.
    shuffle_seed : int or None, default=None
        Fit the final classifier on its rows in the random order this seeds
        (after any sampler; :func:`~gan_augment.metrics._row_order.with_shuffled_fit`),
        so that a classifier that breaks ties by row position (k-NN) does not
        score the order a sampler returns its rows in. None keeps the order.

    Returns
    -------
    FoldScore

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X, y = make_classification(n_samples=100, weights=[0.8], random_state=0)
    >>> fold = fit_and_score(DecisionTreeClassifier(random_state=0), X[:80],
    ...     y[:80], X[80:], y[80:], make_scorers(["balanced_accuracy"], y))
    >>> list(fold.scores), 0 <= fold.scores["balanced_accuracy"] <= 1
    (['balanced_accuracy'], True)
    """
    # with_shuffled_fit returns a clone already.
    model = (
        clone(model) if shuffle_seed is None else with_shuffled_fit(model, shuffle_seed)
    )
    start = time.perf_counter()
    fitted = model.fit(X_train, y_train)
    fit_seconds = time.perf_counter() - start
    scores = {name: float(s(fitted, X_test, y_test)) for name, s in scorers.items()}
    return FoldScore(scores=scores, fit_seconds=fit_seconds)


def fit_resample_and_score(
    sampler: Any,
    models: Mapping[str, Any],
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    scorers: Mapping[str, Callable],
    *,
    shuffle_seed: int | None = None,
) -> dict[str, FoldScore]:
    """Resample the training fold once; fit and score every model on its rows.

    The same scores as :func:`fit_and_score` of
    ``Pipeline([("augmenter", sampler), ("estimator", model)])`` for each
    model (an imbalanced-learn pipeline fits its sampler on the training fold
    and its next step on the sampler's rows), with one sampler fit instead of
    one per model: a GAN is trained once per fold, however many classifiers
    are measured.

    Parameters
    ----------
    sampler : sampler
        Unfitted, with ``fit_resample``; it is cloned, not changed.
    models : mapping of str to estimator
        Unfitted classifiers or pipelines, by name; each is cloned.
    X_train, y_train : array-like
        The training fold.
    X_test, y_test : array-like
        The untouched test fold.
    scorers : mapping of str to callable
        As :func:`make_scorers` returns.
    shuffle_seed : int or None, default=None
        As in :func:`fit_and_score`: each model learns from the resampled
        rows in the random order this seeds.

    Returns
    -------
    dict of str to FoldScore
        By model name; ``fit_seconds`` counts the sampler's fit too.

    Examples
    --------
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X, y = make_classification(n_samples=100, weights=[0.8], random_state=0)
    >>> scorers = make_scorers(["balanced_accuracy"], y)
    >>> ros, tree = RandomOverSampler(random_state=0), DecisionTreeClassifier(
    ...     random_state=0)
    >>> shared = fit_resample_and_score(ros, {"tree": tree}, X[:80], y[:80],
    ...     X[80:], y[80:], scorers)
    >>> alone = fit_and_score(make_pipeline(ros, tree), X[:80], y[:80], X[80:],
    ...     y[80:], scorers)
    >>> shared["tree"].scores == alone.scores
    True
    """
    start = time.perf_counter()
    X_res, y_res = clone(sampler).fit_resample(X_train, y_train)
    resample_seconds = time.perf_counter() - start
    out = {}
    for name, model in models.items():
        fold = fit_and_score(
            model, X_res, y_res, X_test, y_test, scorers, shuffle_seed=shuffle_seed
        )
        out[name] = FoldScore(fold.scores, fold.fit_seconds + resample_seconds)
    return out
