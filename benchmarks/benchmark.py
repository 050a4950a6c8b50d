"""Downstream-gain and speed benchmarks of the oversamplers.

Downstream gain: the library's protocol (``gan_augment.metrics._scoring``):
repeated stratified 5-fold cross-validation (2 repeats, seed 0) on real
imbalanced data sets. On every training fold one method (:data:`KINDS`: no
resampling, balanced class weights, a tuned decision threshold, random
oversampling, SMOTE, polynom-fit-SMOTE, ProWSyn, SMOTE-IPF, CTGAN, the GAN;
and :data:`TUNED_KINDS`, every resampler with a tuned threshold on top) is
applied to four classifiers (scaled logistic regression, a depth-5 decision
tree, scaled 5-NN and histogram gradient boosting), which are scored on the
untouched test fold with the protocol's metrics, by the same fold scoring as
``gan_augment.metrics.augmentation_gain``. The per-fold model is built from
the kinds of ``gan_augment.pipeline``'s registry (see :func:`make_pipeline`)::

    Pipeline([sampler?, preprocess, sampler?, classifier]), or a wrapper of it

with the sampler before the preprocessing (GAN, SMOTE, random oversampling,
CTGAN) or after the one-hot / imputing / scaling step (the smote-variants
samplers, which take numbers only), and the classifier changed where the kind
says so (class weights; a threshold tuned on the training fold only). A
sampler is fitted once per fold and its output shared by the four classifiers,
which gives the same result as fitting the four pipelines because every
sampler is seeded with ``random_state=0``; the kinds that change the
classifier are fitted per classifier; under a tuned threshold (the ``+tt``
twins), whose inner folds refit the sampler inside each classifier's model,
the four models share each of those sampler fits instead (see
:class:`SharedFitSampler`). A kind that does not apply to a
classifier (class weights and 5-NN, which has none) gives no rows for it, and
the cache's sidecar records the pair as not applicable: it is not "none"
under another name.

Speed: on :data:`~gan_augment.datasets.SPEED_SUITE`, the time to fit
``GANAugmenter()`` and ``ctgan.CTGAN()`` (defaults) on the whole data set, and
the rate at which each samples 100,000 rows.

Results are cached as tidy CSV files, one per (data set, augmenter), so that a
rerun recomputes only what is missing (or what ``--force`` names). Every run
rewrites the Markdown report from the cache. Caches written before the metric
was called ``f1_minority`` name it ``minority_f1``; they read as the same.

A cache is keyed by the parameters that produced it (:func:`method_params`:
the sampler's class and ``get_params(deep=False)``, the wrap, the placement,
the classifier roster and the cross-validation settings; the speed
benchmark's the sampler and the number of rows). A cache whose recorded key
differs from today's, or that records none, is recomputed, as ``--force``
would, with a log line saying why; how caches are stored, keyed and judged is
``benchmarks._cache``. Defaults resolved only at fit time (``"auto"`` values)
are not covered by the key; after changing one, rerun the method with
``--force``.

Examples
--------
Run the comparison on the development suite and write the report (from the
repository root)::

    python -m benchmarks.benchmark --suite dev --out docs/benchmarks.md

Recompute only the GAN rows after changing the augmenter::

    python -m benchmarks.benchmark --force gan

Time fitting and sampling of GANAugmenter against CTGAN::

    python -m benchmarks.benchmark --speed
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import importlib
import importlib.util
import logging
import os
import sys
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import Pipeline as SkPipeline

from benchmarks._cache import (
    add_to_provenance,
    cache_key,
    cache_key_lines,
    cache_path,
    jsonable,
    load_cached,
    params_digest,
    qualified,
    read_cache,
    stale_reason,
    write_cache,
)
from benchmarks._provenance import code_version, command_line, provenance
from benchmarks._report import (
    AUGMENTERS,
    RESULT_COLUMNS,
    SPEED_COLUMNS,
    _markdown_table,
    fit_time_table,
    mean_ranks,
    render_report,
    summarize,
    write_critical_difference,
)
from benchmarks.ctgan_sampler import CTGANSampler, time_ctgan
from gan_augment.datasets import (
    DEVELOPMENT_SUITE,
    HOLDOUT_SUITE,
    SPEED_SUITE,
    load_dataset,
)
from gan_augment.metrics._scoring import (
    CLASSIFIERS,
    F1_MINORITY,
    METRICS,
    N_REPEATS,
    N_SPLITS,
    SEED,
    fit_and_score,
    make_scorers,
    minority_class,
    protocol_cv,
)
from gan_augment.pipeline._kinds import (
    TUNED_SUFFIX,
    Augmentation,
    NotApplicableError,
    check_pair,
    make_augmentation,
    make_augmenter,
    make_classifier,
    make_model,
    register_augmenter,
)

__all__ = [
    "AUGMENTERS",
    "CLASSIFIERS",
    "KINDS",
    "METRICS",
    "RESULT_COLUMNS",
    "SPEED_COLUMNS",
    "CTGANSampler",
    "SharedFitSampler",
    "available_augmenters",
    "cache_key_lines",
    "code_version",
    "fit_time_table",
    "load_cached",
    "main",
    "make_augmenter",
    "make_classifier",
    "make_pipeline",
    "mean_ranks",
    "method_params",
    "minority_class",
    "params_digest",
    "render_report",
    "run_benchmark",
    "run_dataset",
    "run_fold",
    "run_speed",
    "summarize",
    "tuned_threshold_section",
]

# Named explicitly: under ``python -m`` ``__name__`` is "__main__".
logger = logging.getLogger("benchmarks.benchmark")

SPEED_ROWS = 100_000

_TORCH_AUGMENTERS = frozenset({"ctgan", "gan"})

#: The methods of the main tables, in the report's order (``_report.AUGMENTERS``:
#: no resampling, the two changes of the classifier, the resamplers, CTGAN and
#: the GAN).
KINDS: tuple[str, ...] = tuple(a for a in AUGMENTERS if not a.endswith(TUNED_SUFFIX))
#: Every resampler again with a decision threshold tuned on top (the second
#: table; CTGAN, which ranks below no augmentation, is left out for its cost).
TUNED_KINDS: tuple[str, ...] = tuple(a for a in AUGMENTERS if a.endswith(TUNED_SUFFIX))
# What the smote-variants kinds import (``--no-deps`` leaves them to the user).
_SMOTE_VARIANTS_MODULES = (
    "smote_variants",
    "minisom",
    "metric_learn",
    "seaborn",
)


def _ctgan(X: pd.DataFrame, random_state: int) -> CTGANSampler:
    return CTGANSampler(random_state=random_state)


# CTGAN is a baseline of this benchmark, not a kind users' specs may name:
# the harness teaches it to the package's registry in its own processes
# (joblib's workers import this module to unpickle run_fold, so they too).
register_augmenter("ctgan", _ctgan)


def available_augmenters() -> list[str]:
    """List the methods that can run in this environment.

    Returns
    -------
    list of str
        Of :data:`KINDS` and :data:`TUNED_KINDS`: ``none``, ``class_weight``,
        ``tuned_threshold``, ``ros``, ``smote`` and ``interpolation`` always
        (numpy and scikit-learn only); the smote-variants
        kinds when ``smote_variants`` and the packages it imports are
        installed; ``ctgan`` when the ``ctgan`` package is importable;
        ``gan`` when ``gan_augment.GANAugmenter`` imports; the ``+tt`` twins
        of those that are available.
    """
    names = ["none", "class_weight", "tuned_threshold", "ros", "smote", "interpolation"]
    if all(importlib.util.find_spec(m) for m in _SMOTE_VARIANTS_MODULES):
        names += ["polynom_fit_smote", "prowsyn", "smote_ipf"]
    if importlib.util.find_spec("ctgan") is not None:
        names.append("ctgan")
    try:
        importlib.import_module("gan_augment").GANAugmenter  # noqa: B018
    except (ImportError, AttributeError) as exc:
        logger.debug("GANAugmenter is not available: %s", exc)
    else:
        names.append("gan")
    tuned = [k for k in TUNED_KINDS if _base(k) in names]
    return [k for k in KINDS if k in names] + tuned


def _base(kind: str) -> str:
    """The kind under a tuned threshold: ``smote`` for ``smote+tt``."""
    return kind[: -len(TUNED_SUFFIX)] if kind.endswith(TUNED_SUFFIX) else kind


def _is_kind(name: str) -> bool:
    """Whether the registry (CTGAN included, in this process) knows ``name``."""
    try:
        make_augmentation(name, pd.DataFrame({"x": [0.0]}))
    except ValueError:
        return False
    return True


def make_pipeline(
    augmenter: str, classifier: str, X: pd.DataFrame, random_state: int = SEED
) -> Any:
    """Build the benchmark's model of one method and one classifier.

    ``Pipeline([sampler?, preprocess, sampler?, classifier])``, or the
    kind's wrapper of it: :func:`gan_augment.pipeline.make_model`.

    Parameters
    ----------
    augmenter : str
        A method (augmenter kind) name, ``+tt`` twins included.
    classifier : str
        A classifier name (see :func:`make_classifier`).
    X : DataFrame
        Features, used to choose column-dependent steps.
    random_state : int, default=0
        Seed of the sampler and of a tuned threshold.

    Returns
    -------
    estimator
        Unfitted; a sampler resamples only during ``fit``.

    Raises
    ------
    NotApplicableError
        For a pair that does not apply (``class_weight`` with ``knn``).
    """
    return make_model(augmenter, classifier, X, random_state)


@contextlib.contextmanager
def _thread_limit(n_threads: int | None, augmenter: str) -> Iterator[None]:
    """Limit BLAS/OpenMP (and torch, for torch augmenters) threads in a block.

    Parameters
    ----------
    n_threads : int or None
        The limit; ``None`` changes nothing.
    augmenter : str
        The augmenter name; torch's thread count is set for ``ctgan`` and ``gan``
        (and their ``+tt`` twins).
    """
    if n_threads is None:
        yield
        return
    from threadpoolctl import threadpool_limits

    if _base(augmenter) in _TORCH_AUGMENTERS or "torch" in sys.modules:
        import torch

        torch.set_num_threads(n_threads)
    with threadpool_limits(limits=n_threads):
        yield


def _single_openmp_thread() -> contextlib.AbstractContextManager:
    """Limit OpenMP to one thread (for the small scikit-learn fits).

    With torch loaded, torch's and scikit-learn's two libgomp copies spin against
    each other and ``HistGradientBoostingClassifier.fit`` can become hundreds of
    times slower on a small machine; one OpenMP thread avoids that, and the folds
    are too small to gain from more.

    Returns
    -------
    context manager
        A ``threadpoolctl.threadpool_limits`` context.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="openmp")


def _rows(
    dataset: str,
    augmenter: str,
    classifier: str,
    repeat: int,
    fold: int,
    scores: Mapping[str, float],
    fit_seconds: float,
) -> list[dict]:
    """Turn one classifier's scores into tidy rows."""
    return [
        {
            "dataset": dataset,
            "augmenter": augmenter,
            "classifier": classifier,
            "repeat": repeat,
            "fold": fold,
            "metric": metric,
            "score": float(scores.get(metric, np.nan)),
            "fit_seconds": fit_seconds,
        }
        for metric in METRICS
    ]


# ------------------------------------------------------------- shared sampler fits

#: Inside :func:`_sharing_sampler_fits`: the output of every seeded sampler fit
#: so far, by :func:`_fit_key`; None outside (every fit is then made anew).
_SAMPLER_FITS: dict[str, tuple[Any, Any]] | None = None


@contextlib.contextmanager
def _sharing_sampler_fits() -> Iterator[None]:
    """Share the fits of :class:`SharedFitSampler` within a block (one fold)."""
    global _SAMPLER_FITS
    outer = _SAMPLER_FITS
    _SAMPLER_FITS = {} if outer is None else outer
    try:
        yield
    finally:
        _SAMPLER_FITS = outer


def _fit_key(sampler: Any, X: Any, y: Any) -> str | None:
    """The digest of one sampler fit: its class, parameters and data.

    None for a sampler without an integer ``random_state``, whose output may
    differ from one fit to the next: it is never shared.
    """
    import joblib

    params = sampler.get_params(deep=False)
    seed = params.get("random_state")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        return None
    return joblib.hash((qualified(type(sampler)), jsonable(params), X, y))


def _copy(data: Any) -> Any:
    return data.copy() if hasattr(data, "copy") else data


class SharedFitSampler(BaseEstimator):
    """A seeded sampler whose ``fit_resample`` output is shared within a fold.

    Under a tuned threshold every classifier's model refits its sampler on
    each inner training part (5 inner folds, then the whole training fold):
    24 sampler fits per outer fold for the 4 classifiers, on the same 6 data
    sets wherever the sampler comes before the preprocessing (the inner
    splits are unshuffled stratified folds of the same training fold). Inside
    :func:`_sharing_sampler_fits` (one :func:`run_fold` call), a fit whose
    sampler class, parameters (seed included) and input rows equal an earlier
    one's returns a copy of that output instead of fitting again: the same
    rows, as the sampler is seeded, at a quarter of the cost for the GAN.
    Inputs that differ (a sampler placed after a preprocessing that differs
    by classifier) or a sampler without an integer seed are fitted anew.

    Parameters
    ----------
    sampler : sampler
        Unfitted; cloned for each fit.

    Attributes
    ----------
    shared_ : bool
        Whether the last ``fit_resample`` reused an earlier fit's output.
    """

    def __init__(self, sampler: Any):
        self.sampler = sampler

    def fit_resample(self, X: Any, y: Any) -> tuple[Any, Any]:
        """Resample ``X, y`` as ``sampler`` does, or return the shared output.

        Returns
        -------
        tuple
            ``(X_res, y_res)``, copies of the shared output when reused.
        """
        memo = _SAMPLER_FITS
        key = None if memo is None else _fit_key(self.sampler, X, y)
        self.shared_ = key is not None and key in memo
        if key is None:
            return clone(self.sampler).fit_resample(X, y)
        if not self.shared_:
            memo[key] = clone(self.sampler).fit_resample(X, y)
        X_res, y_res = memo[key]
        return _copy(X_res), _copy(y_res)


def run_fold(
    X: pd.DataFrame,
    y: pd.Series,
    train: np.ndarray,
    test: np.ndarray,
    augmenter: str,
    *,
    classifiers: Sequence[str] = CLASSIFIERS,
    dataset: str = "",
    repeat: int = 0,
    fold: int = 0,
    random_state: int = SEED,
    n_threads: int | None = None,
    share_sampler_fits: bool = True,
) -> pd.DataFrame:
    """Apply one method to one training fold, fit the classifiers, score the test fold.

    A sampler is fitted once on the training fold (after the preprocessing,
    fitted on the training fold too, where its kind places it there); each
    classifier is then fitted on its output. This equals fitting
    ``make_pipeline(augmenter, classifier, X)`` per classifier, as the
    sampler is seeded, at a quarter of the cost. A kind that changes the
    classifier (class weights, a tuned threshold, the ``+tt`` twins) fits
    that model per classifier; where that model refits a sampler (the
    ``+tt`` twins), the classifiers share the sampler's fits on equal data
    (:class:`SharedFitSampler`). A failing augmenter or classifier is logged
    and gives ``NaN`` scores instead of an exception; a classifier the kind
    does not apply to gives no rows, and is named in the frame's
    ``attrs["not_applicable"]``.

    Parameters
    ----------
    X : DataFrame of shape (n_samples, n_features)
        All features of the data set.
    y : Series of shape (n_samples,)
        All labels (the minority class is taken from them).
    train, test : ndarray of int
        Positional indices of the folds.
    augmenter : str
        Method (augmenter kind) name, ``+tt`` twins included.
    classifiers : sequence of str, default=CLASSIFIERS
        Classifier names (see :func:`make_classifier`).
    dataset : str, default=""
        Data set name written into the rows.
    repeat, fold : int, default=0
        CV position written into the rows.
    random_state : int, default=0
        Seed of the sampler, of a tuned threshold and of the random order
        each classifier learns its rows in (``fit_and_score``'s
        ``shuffle_seed``: 5-NN breaks distance ties by row position).
    n_threads : int or None, default=None
        Thread limit for numeric libraries and torch (used in parallel workers).
    share_sampler_fits : bool, default=True
        Share a seeded sampler's fits on equal data among the classifiers'
        models that refit it (the ``+tt`` twins); False fits it in every
        model. The scores are the same either way.

    Returns
    -------
    DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`: one per classifier and metric.
        ``fit_seconds`` is the sampler's ``fit_resample`` time (0 where there
        is no sampler); for a ``+tt`` twin, whose sampler is fitted inside the
        threshold's inner folds, the whole model's fit time (with shared
        sampler fits, the first classifier's includes them, the others' reuse
        them). ``attrs``: ``{"not_applicable": {classifier: reason}}``.
    """
    X_train, y_train = X.iloc[train], y.iloc[train]
    X_test, y_test = X.iloc[test], y.iloc[test]
    # From all of y: every fold scores the F1 of the same class.
    scorers = make_scorers(METRICS, y)
    where = f"{dataset} {augmenter} repeat {repeat} fold {fold}"
    rows: list[dict] = []
    not_applicable: dict[str, str] = {}

    def failed(name: str) -> None:
        nonlocal rows
        rows += _rows(dataset, augmenter, name, repeat, fold, {}, np.nan)

    with (
        _thread_limit(n_threads, augmenter),
        warnings.catch_warnings(),
        _sharing_sampler_fits(),
    ):
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        try:
            augmentation = make_augmentation(augmenter, X_train, random_state)
        except Exception:
            logger.exception("Augmenter failed on %s; recording NaN", where)
            for name in classifiers:
                failed(name)
            return _frame(rows, not_applicable)
        shared = augmentation.wrap is not None and augmentation.sampler is not None
        if share_sampler_fits and shared:
            # Each classifier's model refits the sampler (in the tuned
            # threshold's inner folds): the classifiers share those fits.
            augmentation = dataclasses.replace(
                augmentation, sampler=SharedFitSampler(augmentation.sampler)
            )
        # One resample per fold and preprocessing (the prefix before the
        # sampler), shared by the classifiers whose models agree up to it.
        resampled: dict[str, Any] = {}
        for name in classifiers:
            try:
                model = augmentation.apply(make_classifier(name, X))
            except NotApplicableError as exc:
                logger.info("%s: %s; recorded as not applicable", where, exc)
                not_applicable[name] = str(exc)
                continue
            except Exception:
                logger.exception(
                    "Classifier %s failed on %s; recording NaN", name, where
                )
                failed(name)
                continue
            if augmentation.wrap is not None or augmentation.sampler is None:
                # Fitted as a whole: the threshold's inner folds refit a
                # sampler on their own training parts.
                fit_seconds = 0.0
                try:
                    with _single_openmp_thread():
                        score = fit_and_score(
                            model,
                            X_train,
                            y_train,
                            X_test,
                            y_test,
                            scorers,
                            shuffle_seed=random_state,
                        )
                except Exception:
                    logger.exception("%s failed on %s; recording NaN", name, where)
                    failed(name)
                    continue
                if augmentation.sampler is not None:
                    fit_seconds = score.fit_seconds
                rows += _rows(
                    dataset, augmenter, name, repeat, fold, score.scores, fit_seconds
                )
                continue
            prefix, suffix = _split_at_sampler(model)
            key = repr(prefix)
            if key not in resampled:
                try:
                    resampled[key] = _resample(
                        prefix, augmentation, X_train, y_train, X_test
                    )
                except Exception:
                    logger.exception("Augmenter failed on %s; recording NaN", where)
                    resampled[key] = None
            if resampled[key] is None:
                failed(name)
                continue
            X_res, y_res, Z_test, fit_seconds = resampled[key]
            try:
                with _single_openmp_thread():
                    scores = fit_and_score(
                        suffix,
                        X_res,
                        y_res,
                        Z_test,
                        y_test,
                        scorers,
                        shuffle_seed=random_state,
                    ).scores
            except Exception:
                logger.exception(
                    "Classifier %s failed on %s; recording NaN", name, where
                )
                scores = {}
            rows += _rows(dataset, augmenter, name, repeat, fold, scores, fit_seconds)
    return _frame(rows, not_applicable)


def _frame(rows: list[dict], not_applicable: Mapping[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    frame.attrs["not_applicable"] = dict(not_applicable)
    return frame


def _split_at_sampler(model: Pipeline) -> tuple[list, Any]:
    """The steps before the sampler, and a pipeline of the steps after it."""
    names = [name for name, _ in model.steps]
    at = names.index("augmenter")
    return model.steps[:at], SkPipeline(model.steps[at + 1 :])


def _resample(
    prefix: list,
    augmentation: Augmentation,
    X_train: pd.DataFrame,
    y_train: pd.Series,
    X_test: pd.DataFrame,
) -> tuple[Any, Any, Any, float]:
    """Fit the prefix and the sampler on the training fold.

    Returns
    -------
    tuple
        ``(X_res, y_res, test fold through the prefix, sampler seconds)``.
    """
    Z_train, Z_test = X_train, X_test
    if prefix:
        steps = SkPipeline([(name, clone(step)) for name, step in prefix])
        Z_train = steps.fit_transform(X_train, y_train)
        Z_test = steps.transform(X_test)
    sampler = clone(augmentation.sampler)
    start = time.perf_counter()
    X_res, y_res = sampler.fit_resample(Z_train, y_train)
    return X_res, y_res, Z_test, time.perf_counter() - start


def _splits(
    y: pd.Series, n_splits: int, n_repeats: int, random_state: int
) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
    """Return ``(repeat, fold, train, test)`` for repeated stratified k-fold."""
    cv = protocol_cv(n_splits, n_repeats, random_state)
    placeholder = np.zeros(len(y))
    return [
        (i // n_splits, i % n_splits, train, test)
        for i, (train, test) in enumerate(cv.split(placeholder, y))
    ]


def run_dataset(
    dataset: str,
    augmenter: str,
    *,
    classifiers: Sequence[str] = CLASSIFIERS,
    n_splits: int = N_SPLITS,
    n_repeats: int = N_REPEATS,
    random_state: int = SEED,
    n_jobs: int = 2,
    verbose: bool = False,
) -> pd.DataFrame:
    """Run the cross-validation of one augmenter on one data set.

    Parameters
    ----------
    dataset : str
        A name accepted by :func:`gan_augment.datasets.load_dataset`.
    augmenter : str
        Augmenter name.
    classifiers : sequence of str, default=CLASSIFIERS
        Classifier names.
    n_splits, n_repeats, random_state : int
        Repeated stratified k-fold settings (5, 2, 0 in the protocol).
    n_jobs : int, default=2
        Folds run in parallel with joblib; each worker is limited to
        ``cpu_count // n_jobs`` threads (torch included).
    verbose : bool, default=False
        Show a progress bar over the folds.

    Returns
    -------
    DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`; ``attrs["not_applicable"]``
        names the classifiers the method does not apply to.
    """
    from joblib import Parallel, delayed

    X, y = load_dataset(dataset)
    splits = _splits(y, n_splits, n_repeats, random_state)
    n_threads = None
    if n_jobs != 1:
        cpus = os.cpu_count() or 1
        workers = cpus if n_jobs < 0 else n_jobs
        n_threads = max(1, cpus // max(workers, 1))
    jobs = (
        delayed(run_fold)(
            X,
            y,
            train,
            test,
            augmenter,
            classifiers=classifiers,
            dataset=dataset,
            repeat=repeat,
            fold=fold,
            random_state=random_state,
            n_threads=n_threads,
        )
        for repeat, fold, train, test in splits
    )
    parallel = Parallel(n_jobs=n_jobs, return_as="generator_unordered")
    frames = list(
        _progress(parallel(jobs), verbose, len(splits), f"{dataset}/{augmenter}")
    )
    not_applicable = {
        name: reason
        for frame in frames
        for name, reason in frame.attrs.get("not_applicable", {}).items()
    }
    result = pd.concat(frames, ignore_index=True)
    result = result.sort_values(["repeat", "fold", "classifier", "metric"]).reset_index(
        drop=True
    )
    result.attrs["not_applicable"] = not_applicable
    return result


def _progress(items: Any, verbose: bool, total: int, desc: str) -> Any:
    """Wrap an iterable in a tqdm bar when ``verbose``."""
    if not verbose:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=desc, leave=False)


# ---------------------------------------------------------------------- cache keys


def method_params(
    augmenter: str, X: pd.DataFrame, random_state: int = SEED
) -> dict[str, Any]:
    """The parameters of one method as the registry builds it.

    Parameters
    ----------
    augmenter : str
        A method (augmenter kind) name, ``+tt`` twins included.
    X : DataFrame
        The data set's features (they choose, e.g., the SMOTE variant).
    random_state : int, default=0
        Seed of the sampler and of a tuned threshold.

    Returns
    -------
    dict
        JSON-able: ``kind``, ``sampler`` (its class, or None), ``sampler_params``
        (``get_params(deep=False)``, see :func:`jsonable`), ``placement`` and
        ``wrap`` (the change of the classifier, or None), as
        :func:`gan_augment.pipeline._kinds.make_augmentation` builds them.

    Examples
    --------
    >>> X = pd.DataFrame({"x": [0.0, 1.0]})
    >>> params = method_params("ros", X)
    >>> params["sampler"], params["sampler_params"]["random_state"]
    ('imblearn.over_sampling._random_over_sampler.RandomOverSampler', 0)
    >>> method_params("tuned_threshold", X)["wrap"]
    'gan_augment.pipeline._kinds._tuned_threshold'
    """
    augmentation = make_augmentation(augmenter, X, random_state)
    sampler = augmentation.sampler
    return {
        "kind": augmenter,
        "sampler": None if sampler is None else qualified(type(sampler)),
        "sampler_params": (
            None if sampler is None else jsonable(sampler.get_params(deep=False))
        ),
        "placement": augmentation.placement,
        "wrap": jsonable(augmentation.wrap),
    }


def _cv_params(augmenter: str, X: pd.DataFrame) -> dict[str, Any]:
    """The key of a cross-validation cache: the method, classifiers and folds.

    These are the settings :func:`run_benchmark` passes to :func:`run_dataset`
    (the protocol's), so a change of the protocol invalidates every cache.
    """
    return {
        **method_params(augmenter, X, SEED),
        "classifiers": list(CLASSIFIERS),
        "cv": {"n_splits": N_SPLITS, "n_repeats": N_REPEATS, "random_state": SEED},
        # Each classifier learns from its rows in a seeded random order
        # (fit_and_score's shuffle_seed); in the order returned until 2026-12-07.
        "row_order": {"shuffled": True, "seed": SEED},
    }


def run_benchmark(
    datasets: Sequence[str],
    augmenters: Sequence[str],
    results_dir: str | os.PathLike = "docs/benchmark_results",
    *,
    force: Sequence[str] = (),
    n_jobs: int = 2,
    verbose: bool = False,
    command: str = "",
) -> pd.DataFrame:
    """Run (or load from the cache) the downstream-gain benchmark.

    Parameters
    ----------
    datasets : sequence of str
        Data set names.
    augmenters : sequence of str
        Augmenter names.
    results_dir : path, default="docs/benchmark_results"
        Cache folder: ``<dataset>__<augmenter>.csv`` plus a ``.json`` sidecar.
    force : sequence of str, default=()
        Augmenters to recompute even when cached. A cache whose sidecar
        records other parameters than today's (:func:`method_params`), or
        none, is recomputed too.
    n_jobs : int, default=2
        Parallel folds.
    verbose : bool, default=False
        Show progress bars.
    command : str, default=""
        The command line, stored in the sidecars.

    Returns
    -------
    DataFrame
        Tidy rows with :data:`RESULT_COLUMNS` for every pair.
    """
    frames = []
    pairs = [(d, a) for d in datasets for a in augmenters]
    for dataset, augmenter in _progress(pairs, verbose, len(pairs), "benchmark"):
        path = cache_path(Path(results_dir), dataset, augmenter)
        params = _pair_params(dataset, augmenter)
        if path.exists() and augmenter not in force:
            reason = stale_reason(path, params)
            if reason is None:
                logger.info("Using cached %s", path)
                frames.append(read_cache(path))
                continue
            logger.info("Recomputing %s / %s: %s", dataset, augmenter, reason)
        logger.info("Running %s / %s", dataset, augmenter)
        start = time.perf_counter()
        try:
            frame = run_dataset(dataset, augmenter, n_jobs=n_jobs, verbose=verbose)
        except Exception:
            logger.exception("%s / %s failed; not cached", dataset, augmenter)
            continue
        seconds = time.perf_counter() - start
        logger.info("%s / %s took %.1f s", dataset, augmenter, seconds)
        meta = {**provenance(command, seconds), **cache_key(params)}
        if frame.attrs.get("not_applicable"):
            # No rows for these classifiers: the sidecar says why, so that
            # the gap is read as "does not apply", not as a failure.
            meta = {**meta, "not_applicable": frame.attrs["not_applicable"]}
        write_cache(frame, path, meta)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    return pd.concat(frames, ignore_index=True)


@functools.lru_cache(maxsize=1)
def _features(dataset: str) -> pd.DataFrame:
    """A data set's features, kept while its methods are checked in turn."""
    return load_dataset(dataset)[0]


def _pair_params(dataset: str, augmenter: str) -> dict[str, Any] | None:
    """Today's cache key of a pair, or None (logged) when it cannot be built.

    None keeps an existing cache (it cannot be judged here) and writes an
    unkeyed sidecar; the run itself reports the failure that caused it.
    """
    try:
        return _cv_params(augmenter, _features(dataset))
    except Exception as exc:
        logger.warning(
            "No parameters for %s / %s (%s); its cache is not keyed",
            dataset,
            augmenter,
            exc,
        )
        return None


def _time_gan(
    X: pd.DataFrame, y: pd.Series, n_rows: int, random_state: int
) -> tuple[float, float]:
    """Fit GANAugmenter defaults and time ``sample({minority: n_rows})``."""
    from gan_augment import GANAugmenter

    # Warm up torch (first-call kernel setup, allocator) outside the timing,
    # as a process that has already run CTGAN would be.
    GANAugmenter(n_steps=20, random_state=random_state).fit(X, y).sample(
        {minority_class(y): 1000}
    )
    model = GANAugmenter(random_state=random_state)
    start = time.perf_counter()
    model.fit(X, y)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    model.sample({minority_class(y): n_rows})
    return fit_seconds, time.perf_counter() - start


def run_speed(
    datasets: Sequence[str] = SPEED_SUITE,
    augmenters: Sequence[str] = ("gan", "ctgan"),
    results_dir: str | os.PathLike = "docs/benchmark_results",
    *,
    n_rows: int = SPEED_ROWS,
    force: Sequence[str] = (),
    random_state: int = SEED,
    command: str = "",
) -> pd.DataFrame:
    """Time fitting on the whole data set and sampling ``n_rows`` rows.

    Parameters
    ----------
    datasets : sequence of str, default=SPEED_SUITE
        Data set names.
    augmenters : sequence of str, default=("gan", "ctgan")
        Which of ``gan`` and ``ctgan`` to time (others are ignored).
    results_dir : path, default="docs/benchmark_results"
        Cache folder (``speed__<dataset>__<augmenter>.csv``).
    n_rows : int, default=100000
        Rows to sample: ``GANAugmenter.sample({minority: n_rows})``,
        ``CTGAN.sample(n_rows)``.
    force : sequence of str, default=()
        Augmenters to re-time even when cached.
    random_state : int, default=0
        Seed.
    command : str, default=""
        The command line, stored in the sidecars.

    Returns
    -------
    DataFrame
        One row per (data set, augmenter) with :data:`SPEED_COLUMNS`.
    """
    timers = {"gan": _time_gan, "ctgan": time_ctgan}
    rows = []
    for dataset in datasets:
        X, y = load_dataset(dataset)
        for augmenter in [a for a in augmenters if a in timers]:
            path = cache_path(Path(results_dir), dataset, augmenter, "speed")
            params = _speed_params(augmenter, X, n_rows, random_state)
            if path.exists() and augmenter not in force:
                reason = stale_reason(path, params)
                if reason is None:
                    rows.append(read_cache(path))
                    continue
                logger.info("Re-timing %s on %s: %s", augmenter, dataset, reason)
            logger.info("Timing %s on %s", augmenter, dataset)
            start = time.perf_counter()
            fit_s, sample_s = timers[augmenter](X, y, n_rows, random_state)
            frame = pd.DataFrame(
                [
                    [
                        dataset,
                        augmenter,
                        len(X),
                        X.shape[1],
                        fit_s,
                        n_rows,
                        sample_s,
                        n_rows / sample_s,
                    ]
                ],
                columns=list(SPEED_COLUMNS),
            )
            logger.info(
                "%s on %s: fit %.1f s, %.0f rows/s",
                augmenter,
                dataset,
                fit_s,
                n_rows / sample_s,
            )
            meta = provenance(command, time.perf_counter() - start)
            write_cache(frame, path, {**meta, **cache_key(params)})
            rows.append(frame)
    if not rows:
        return pd.DataFrame(columns=list(SPEED_COLUMNS))
    return pd.concat(rows, ignore_index=True)


def _speed_params(
    augmenter: str, X: pd.DataFrame, n_rows: int, random_state: int
) -> dict[str, Any] | None:
    """The cache key of a timing: the method's parameters and the rows sampled.

    ``gan`` is timed with ``GANAugmenter(random_state=...)``, the registry's
    sampler; ``ctgan`` with ``ctgan.CTGAN()``, whose defaults the registry's
    ``CTGANSampler`` mirrors. None (logged) when they cannot be built here.
    """
    try:
        return {**method_params(augmenter, X, random_state), "n_rows": n_rows}
    except Exception as exc:
        logger.warning("No parameters for timing %s (%s)", augmenter, exc)
        return None


def _split_names(text: str | None) -> list[str]:
    """Split a comma-separated list, dropping empty items."""
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _build_parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.benchmark",
        description="Downstream-gain and speed benchmarks of gan-augment.",
    )
    parser.add_argument(
        "--suite",
        choices=("dev", "holdout", "speed", "all"),
        default=None,
        help="data set suite (default: dev; speed with --speed; holdout: 20 "
        "other sets, to check that the defaults carry over)",
    )
    parser.add_argument(
        "--datasets", help="comma-separated data sets (overrides --suite)"
    )
    parser.add_argument(
        "--augmenters",
        default=None,
        help="comma-separated methods (default: all available of "
        + ",".join(KINDS + TUNED_KINDS)
        + "; any kind of gan_augment.pipeline's registry and its +tt twin)",
    )
    parser.add_argument("--out", default="docs/benchmarks.md", help="Markdown report")
    parser.add_argument(
        "--results-dir",
        default="docs/benchmark_results",
        help="cache folder of the tidy CSV results",
    )
    parser.add_argument("--n-jobs", type=int, default=2, help="parallel folds")
    parser.add_argument(
        "--force",
        nargs="?",
        const="__all__",
        default="",
        help="recompute cached results: all requested augmenters, "
        "or the comma-separated ones given",
    )
    parser.add_argument(
        "--speed",
        action="store_true",
        help="run the speed benchmark (gan vs ctgan) instead",
    )
    parser.add_argument(
        "--speed-rows",
        type=int,
        default=SPEED_ROWS,
        help="rows to sample in the speed benchmark",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="progress bars")
    return parser


def _suite(name: str | None, speed: bool) -> list[str]:
    """Resolve a suite name to data set names."""
    name = name or ("speed" if speed else "dev")
    if name == "dev":
        return list(DEVELOPMENT_SUITE)
    if name == "speed":
        return list(SPEED_SUITE)
    if name == "holdout":
        return list(HOLDOUT_SUITE)
    return list(dict.fromkeys(DEVELOPMENT_SUITE + SPEED_SUITE))


def not_applicable_lines(results: pd.DataFrame) -> list[str]:
    """Markdown lines naming the method x classifier pairs that do not apply.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.

    Returns
    -------
    list of str
        Empty when every pair applies.
    """
    notes = []
    for kind in dict.fromkeys(results["augmenter"].astype(str)):
        for classifier in CLASSIFIERS:
            try:
                check_pair(kind, classifier)
            except NotApplicableError as exc:
                notes.append(f"- `{kind}` x `{classifier}`: {exc}")
            except ValueError:  # a kind this process does not know
                break
    if not notes:
        return []
    return [
        "### Pairs that do not apply",
        "",
        "These pairs have no scores, by design rather than by failure, so the "
        "mean ranks and tests above leave the data set x classifier pairs of "
        "that classifier out whenever the method is among those compared; "
        "the per-data-set means of the method are over the other classifiers.",
        "",
        *notes,
        "",
    ]


def tuned_threshold_section(results: pd.DataFrame) -> list[str]:
    """Markdown lines of the second table: resamplers with a tuned threshold.

    Every resampler of the main tables again, with the decision threshold
    tuned for balanced accuracy on the training fold (the ``<kind>+tt``
    kinds; ``tuned_threshold`` is no resampling with it), since users combine
    the two. The threshold-free metrics (ROC AUC, average precision) do not
    change with a threshold, so the tables show balanced accuracy and
    minority F1.

    Parameters
    ----------
    results : DataFrame
        Tidy rows of ``tuned_threshold`` and the ``+tt`` kinds.

    Returns
    -------
    list of str
        Empty when there are no ``+tt`` results.
    """
    if not results["augmenter"].astype(str).str.endswith(TUNED_SUFFIX).any():
        return []
    present = set(results["augmenter"].astype(str))
    order = [k for k in ("tuned_threshold", *TUNED_KINDS) if k in present]
    order += sorted(present - set(order))
    lines = [
        "## A tuned threshold on top",
        "",
        "Each resampler again, with the classifier's decision threshold tuned "
        "for balanced accuracy on the training fold (5 inner stratified folds, "
        "in which the sampler resamples the inner training part only; a "
        "threshold whose classifier predicts one class keeps the default): "
        "`<kind>+tt`. `tuned_threshold` is no resampling with it. ROC AUC and "
        "average precision do not depend on a threshold, so they are those of "
        "the main tables.",
        "",
    ]
    summary = summarize(results)
    for metric in ("balanced_accuracy", F1_MINORITY):
        if metric not in summary.columns.get_level_values(0):
            continue
        table = summary[metric].reindex(columns=order)
        table.loc["**mean**"] = table.mean()
        lines += [
            f"### {metric.replace('_', ' ').capitalize()}, tuned threshold",
            "",
            _markdown_table(table, bold_max=True),
            "",
        ]
    ranks = mean_ranks(results, methods=order)
    ranks = ranks[[m for m in ("balanced_accuracy", F1_MINORITY) if m in ranks]]
    if len(ranks.columns):
        lines += [
            "### Mean rank with a tuned threshold (lower is better)",
            "",
            "Ranked within each data set x classifier pair among the methods "
            "of this section.",
            "",
            _markdown_table(ranks.reindex(order), fmt="{:.2f}"),
            "",
        ]
    return lines


def _insert_section(report: str, lines: list[str]) -> str:
    """Insert lines at the end of the downstream-gain section of a report."""
    if not lines:
        return report
    text = "\n".join(lines)
    at = report.find("\n## ", report.find("## Downstream gain") + 1)
    if at < 0:
        return report.rstrip("\n") + "\n\n" + text
    return report[: at + 1] + text + "\n" + report[at + 1 :]


def _critical_difference(results: pd.DataFrame, out: Path) -> str | None:
    """Save the critical-difference diagram beside the report; its link."""
    if results["augmenter"].nunique() < 2:
        return None
    path = out.with_name(f"{out.stem}_critical_difference.png")
    try:
        write_critical_difference(results, path)
    except (ImportError, ValueError) as exc:
        logger.warning("No critical-difference diagram: %s", exc)
        return None
    return path.name


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark command line.

    Parameters
    ----------
    argv : sequence of str or None, default=None
        Arguments (``sys.argv[1:]`` when ``None``).

    Returns
    -------
    int
        The exit status.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name in ("gan_augment", "benchmarks"):
        logging.getLogger(name).setLevel(logging.INFO)
    command = command_line("benchmarks.benchmark", argv)
    datasets = _split_names(args.datasets) or _suite(args.suite, args.speed)
    available = available_augmenters()
    augmenters = _split_names(args.augmenters) or available
    unknown = [a for a in augmenters if not _is_kind(a)]
    if unknown:
        raise SystemExit(
            f"Unknown augmenters {unknown}; choose from {list(KINDS + TUNED_KINDS)}"
        )
    missing = [a for a in augmenters if a not in available and _is_kind(a)]
    if missing:
        logger.warning("Not available here, cached results only: %s", missing)
    force = augmenters if args.force == "__all__" else _split_names(args.force)
    results_dir = Path(args.results_dir)
    start = time.perf_counter()
    if args.speed:
        speed = run_speed(
            datasets,
            augmenters,
            results_dir,
            n_rows=args.speed_rows,
            force=force,
            command=command,
        )
        results = load_cached(results_dir, DEVELOPMENT_SUITE, KINDS + TUNED_KINDS)
    else:
        # Kinds the registry knows beyond the defaults (e.g. registered by an
        # experiment) run too.
        runnable = [
            a for a in augmenters if a in available or a not in KINDS + TUNED_KINDS
        ]
        run_benchmark(
            datasets,
            runnable,
            results_dir,
            force=force,
            n_jobs=args.n_jobs,
            verbose=args.verbose,
            command=command,
        )
        results = load_cached(results_dir, datasets, augmenters)
        speed = load_cached(results_dir, SPEED_SUITE, ("gan", "ctgan"), kind="speed")
    holdout = args.suite == "holdout" and not args.datasets
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # The main tables compare the methods; the "+tt" twins get their own.
    tuned = results["augmenter"].astype(str).str.endswith(TUNED_SUFFIX)
    main_results, tuned_results = (
        results[~tuned],
        results[tuned | (results["augmenter"] == "tuned_threshold")],
    )
    report = render_report(
        main_results,
        speed,
        command=command,
        results_dir=results_dir,
        title="Benchmarks on the holdout suite" if holdout else "Benchmarks",
        include_reports=not holdout,
        cd_figure=_critical_difference(main_results, out),
    )
    report = _insert_section(
        report,
        not_applicable_lines(main_results) + tuned_threshold_section(tuned_results),
    )
    report = add_to_provenance(report, cache_key_lines(results_dir))
    out.write_text(report)
    elapsed = time.perf_counter() - start
    logger.info("Wrote %s in %.1f s", out, elapsed)
    if not results.empty:
        logger.info("Mean ranks:\n%s", mean_ranks(results).round(2).to_string())
    if not speed.empty:
        logger.info("Speed:\n%s", speed.round(2).to_string(index=False))
    return 0


if __name__ == "__main__":
    # Run the importable module's main, not this __main__ copy: joblib then
    # pickles run_fold by reference, and its workers import benchmarks.benchmark
    # (which registers the ctgan kind there too).
    from benchmarks.benchmark import main as _main

    sys.exit(_main())
