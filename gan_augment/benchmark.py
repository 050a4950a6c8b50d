"""Downstream-gain and speed benchmarks of the oversamplers (``DESIGN.md`` protocol).

Downstream gain: repeated stratified 5-fold cross-validation (2 repeats, seed 0) on
real imbalanced data sets. On every training fold an augmenter (``none``, ``ros``,
``smote``, ``ctgan`` or ``gan``) resamples the data, then four classifiers (scaled
logistic regression, a depth-5 decision tree, scaled 5-NN and histogram gradient
boosting) are trained on the result and scored on the untouched test fold with
balanced accuracy, minority-class F1 and ROC AUC. The per-fold pipeline is
``imblearn.pipeline.Pipeline([augmenter, preprocessing, classifier])`` (see
:func:`make_pipeline`); the augmenter is fitted once per fold and its output shared by
the four classifiers, which gives the same result as fitting the four pipelines
because every augmenter is seeded with ``random_state=0``.

Speed: on :data:`~gan_augment.datasets.SPEED_SUITE`, the time to fit
``GANAugmenter()`` and ``ctgan.CTGAN()`` (defaults) on the whole data set, and the
rate at which each samples 100,000 rows.

Results are cached as tidy CSV files, one per (data set, augmenter), so that a rerun
recomputes only what is missing (or what ``--force`` names). Every run rewrites the
Markdown report from the cache.

Examples
--------
Run the comparison on the development suite and write the report::

    python -m gan_augment.benchmark --suite dev --out docs/benchmarks.md

Recompute only the GAN rows after changing the augmenter::

    python -m gan_augment.benchmark --force gan

Time fitting and sampling of GANAugmenter against CTGAN::

    python -m gan_augment.benchmark --speed
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import importlib
import importlib.util
import json
import logging
import os
import platform
import shlex
import sys
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from numbers import Integral
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC, RandomOverSampler
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.pipeline import Pipeline
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import validate_data

from gan_augment.datasets import (
    DEVELOPMENT_SUITE,
    HOLDOUT_SUITE,
    SPEED_SUITE,
    load_dataset,
)

__all__ = [
    "AUGMENTERS",
    "CLASSIFIERS",
    "METRICS",
    "RESULT_COLUMNS",
    "SPEED_COLUMNS",
    "CTGANSampler",
    "available_augmenters",
    "categorical_columns",
    "fit_time_table",
    "main",
    "make_augmenter",
    "make_classifier",
    "make_pipeline",
    "mean_ranks",
    "minority_class",
    "render_report",
    "run_benchmark",
    "run_dataset",
    "run_fold",
    "run_speed",
    "summarize",
]

# Named explicitly: under ``python -m`` ``__name__`` is "__main__".
logger = logging.getLogger("gan_augment.benchmark")

#: Augmenter names, in report order.
AUGMENTERS: tuple[str, ...] = ("none", "ros", "smote", "ctgan", "gan")
#: Classifier names, in report order.
CLASSIFIERS: tuple[str, ...] = ("logreg", "tree", "knn", "hgb")
#: Metric names, in report order.
METRICS: tuple[str, ...] = ("balanced_accuracy", "minority_f1", "roc_auc")
#: Columns of the tidy downstream-gain frame.
RESULT_COLUMNS: tuple[str, ...] = (
    "dataset",
    "augmenter",
    "classifier",
    "repeat",
    "fold",
    "metric",
    "score",
    "fit_seconds",
)
#: Columns of the tidy speed frame.
SPEED_COLUMNS: tuple[str, ...] = (
    "dataset",
    "augmenter",
    "n_rows",
    "n_features",
    "fit_seconds",
    "sample_rows",
    "sample_seconds",
    "rows_per_second",
)

N_SPLITS = 5
N_REPEATS = 2
SEED = 0
SPEED_ROWS = 100_000

_SCALED = frozenset({"logreg", "knn", "svc"})
_TORCH_AUGMENTERS = frozenset({"ctgan", "gan"})
_METRIC_TITLES = {
    "balanced_accuracy": "Balanced accuracy",
    "minority_f1": "Minority-class F1",
    "roc_auc": "ROC AUC",
}


# --------------------------------------------------------------------------- CTGAN


class CTGANSampler(BaseOverSampler):
    """Use ``ctgan.CTGAN`` as an imbalanced-learn oversampler (benchmark baseline).

    CTGAN is fitted on the features plus the label as one more discrete column;
    synthetic rows for class ``c`` are drawn with ``condition_column=<label>`` and
    ``condition_value=c``. CTGAN's condition only raises the probability of the
    class, so rows of another class are rejected and sampling repeats until each
    class has exactly the count that ``sampling_strategy`` asks for. Input dtypes
    (integers, categories) are restored on the synthetic rows.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn.
    random_state : int, RandomState instance or None, default=None
        Seeds CTGAN's numpy and torch generators.
    epochs : int, default=300
        CTGAN's number of epochs (its default).
    batch_size : int, default=500
        CTGAN's batch size (its default).
    verbose : bool, default=False
        Let CTGAN print its progress.
    max_rounds : int, default=50
        How many sampling rounds may be spent per class before giving up.

    Attributes
    ----------
    model_ : ctgan.CTGAN
        The fitted CTGAN model.
    discrete_columns_ : list of str
        The columns CTGAN treated as discrete (features, then the label column).
    acceptance_ : dict
        Per class, the share of conditionally sampled rows that had that class.
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "random_state": ["random_state"],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "verbose": ["boolean"],
        "max_rounds": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        epochs: int = 300,
        batch_size: int = 500,
        verbose: bool = False,
        max_rounds: int = 50,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.epochs = epochs
        self.batch_size = batch_size
        self.verbose = verbose
        self.max_rounds = max_rounds

    def _check_X_y(self, X: Any, y: Any) -> tuple[Any, Any, bool]:
        """Validate without converting a DataFrame (strings and NaN pass)."""
        from imblearn.utils import check_target_type
        from imblearn.utils._validation import _check_X

        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X = _check_X(X)
        validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
        return X, y, binarize_y

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        """Fit CTGAN on (X, y) and append the requested synthetic rows.

        Parameters
        ----------
        X : DataFrame or ndarray of shape (n_samples, n_features)
            Training features.
        y : ndarray of shape (n_samples,)
            Training labels.

        Returns
        -------
        X_resampled : DataFrame or ndarray
            The original rows followed by the synthetic ones.
        y_resampled : ndarray
            Their labels.
        """
        frame = _as_frame(X)
        classes = np.unique(y)
        model, label, discrete = _fit_ctgan(
            frame,
            y,
            classes,
            self.random_state,
            self.epochs,
            self.batch_size,
            self.verbose,
        )
        self.model_, self.discrete_columns_ = model, discrete
        self.acceptance_ = {}
        parts_X, parts_y = [frame], [np.asarray(y)]
        for klass, n_new in self.sampling_strategy_.items():
            if n_new <= 0:
                continue
            code = str(int(np.flatnonzero(classes == klass)[0]))
            rows, rate = _conditional_sample(model, label, code, n_new, self.max_rounds)
            self.acceptance_[klass] = rate
            parts_X.append(_restore_dtypes(rows.drop(columns=[label]), frame))
            parts_y.append(np.full(n_new, klass, dtype=np.asarray(y).dtype))
        X_res = pd.concat(parts_X, ignore_index=True)
        y_res = np.concatenate(parts_y)
        if isinstance(X, pd.DataFrame):
            X_res.columns = X.columns
            return X_res, y_res
        return X_res.to_numpy(), y_res

    def __sklearn_tags__(self) -> Any:
        """Declare that strings and missing values are accepted."""
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        return tags


def _as_frame(X: Any) -> pd.DataFrame:
    """Return a copy of ``X`` as a DataFrame with string column names.

    Parameters
    ----------
    X : DataFrame or array-like of shape (n_samples, n_features)
        The features.

    Returns
    -------
    DataFrame
        Columns named ``x0, x1, ...`` (rdt needs strings); a numpy input gets its
        dtypes inferred column by column.
    """
    if isinstance(X, pd.DataFrame):
        frame = X.reset_index(drop=True).copy()
        frame.columns = [f"x{i}" for i in range(frame.shape[1])]
        return frame
    frame = pd.DataFrame(np.asarray(X), columns=None)
    frame.columns = [f"x{i}" for i in range(frame.shape[1])]
    for column in frame.columns:
        numeric = pd.to_numeric(frame[column], errors="coerce")
        if numeric.notna().sum() == frame[column].notna().sum():
            frame[column] = numeric
        else:
            frame[column] = frame[column].astype("category")
    return frame


def _fit_ctgan(
    frame: pd.DataFrame,
    y: np.ndarray,
    classes: np.ndarray,
    random_state: Any,
    epochs: int = 300,
    batch_size: int = 500,
    verbose: bool = False,
) -> tuple[Any, str, list[str]]:
    """Fit a ``ctgan.CTGAN`` on the features plus a label column.

    Parameters
    ----------
    frame : DataFrame
        Features with string column names.
    y : ndarray
        Labels.
    classes : ndarray
        Sorted unique labels; the label column holds each row's class index as text.
    random_state : int, RandomState instance or None
        Seed for CTGAN.
    epochs, batch_size, verbose
        CTGAN parameters.

    Returns
    -------
    model : ctgan.CTGAN
        The fitted model.
    label : str
        The name of the label column.
    discrete : list of str
        The discrete columns given to CTGAN.
    """
    from ctgan import CTGAN

    label = "__label__"
    while label in frame.columns:
        label = f"_{label}_"
    data = frame.copy()
    data[label] = np.searchsorted(classes, y).astype(str)
    discrete = [*categorical_columns(frame), label]
    for column in discrete[:-1]:
        data[column] = data[column].astype(object)
    model = CTGAN(epochs=epochs, batch_size=batch_size, verbose=verbose)
    if random_state is not None:
        seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
        model.set_random_state(int(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=FutureWarning)
        model.fit(data, discrete_columns=discrete)
    return model, label, discrete


def _conditional_sample(
    model: Any, label: str, code: str, n_rows: int, max_rounds: int
) -> tuple[pd.DataFrame, float]:
    """Draw exactly ``n_rows`` rows of one class by conditional rejection sampling.

    Parameters
    ----------
    model : ctgan.CTGAN
        A fitted model whose training data had the label column ``label``.
    label : str
        The label column.
    code : str
        The class code (its index as text) to keep.
    n_rows : int
        How many rows to return.
    max_rounds : int
        How many sampling calls to allow.

    Returns
    -------
    rows : DataFrame
        ``n_rows`` synthetic rows whose label is ``code``.
    acceptance : float
        The share of sampled rows that had the requested class.

    Raises
    ------
    RuntimeError
        If ``max_rounds`` calls did not produce enough rows of the class.
    """
    kept: list[pd.DataFrame] = []
    n_kept = n_drawn = 0
    rate = 0.5
    for _ in range(max_rounds):
        ask = int(min(max((n_rows - n_kept) / max(rate, 0.02) * 1.2, 100), 200_000))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=FutureWarning)
            batch = model.sample(ask, condition_column=label, condition_value=code)
        n_drawn += len(batch)
        good = batch[batch[label].astype(str) == code]
        kept.append(good)
        n_kept += len(good)
        rate = max(n_kept / n_drawn, 1e-3)
        if n_kept >= n_rows:
            rows = pd.concat(kept, ignore_index=True).iloc[:n_rows]
            return rows, n_kept / n_drawn
    raise RuntimeError(
        f"CTGAN produced {n_kept} of {n_rows} rows of class code {code} in "
        f"{max_rounds} rounds ({n_drawn} rows drawn)"
    )


def _restore_dtypes(rows: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """Cast synthetic rows to the dtypes of the training frame.

    Parameters
    ----------
    rows : DataFrame
        Synthetic rows with the same column names as ``like``.
    like : DataFrame
        The training frame.

    Returns
    -------
    DataFrame
        Integer columns rounded (missing values kept when the dtype allows them),
        categorical columns cast to the training categories, floats as floats.
    """
    out = rows.reset_index(drop=True).copy()
    for column, dtype in like.dtypes.items():
        values = out[column]
        if pd.api.types.is_integer_dtype(dtype):
            values = pd.to_numeric(values, errors="coerce").round()
            out[column] = values.astype(dtype if values.notna().all() else "float64")
        elif pd.api.types.is_float_dtype(dtype):
            out[column] = pd.to_numeric(values, errors="coerce").astype(dtype)
        elif isinstance(dtype, pd.CategoricalDtype):
            text = values.where(values.isna(), values.astype(str))
            out[column] = pd.Categorical(text, dtype=dtype)
        else:
            out[column] = values.astype(dtype)
    return out


# --------------------------------------------------------------------- components


def categorical_columns(X: pd.DataFrame) -> list[str]:
    """Return the non-numeric columns of ``X``.

    Parameters
    ----------
    X : DataFrame
        Features.

    Returns
    -------
    list of str
        Columns that are not numeric (category, string, object, bool).
    """
    return [
        c
        for c in X.columns
        if not pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c])
    ]


def minority_class(y: pd.Series | np.ndarray) -> Any:
    """Return the least frequent label (the first one in sorted order on a tie).

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Labels.

    Returns
    -------
    object
        The minority class.
    """
    from .metrics._scoring import minority_class as _minority_class

    return _minority_class(y)


def available_augmenters() -> list[str]:
    """List the augmenters that can run in this environment.

    Returns
    -------
    list of str
        ``none``, ``ros`` and ``smote`` always; ``ctgan`` when the ``ctgan``
        package is importable; ``gan`` when ``gan_augment.GANAugmenter`` imports.
    """
    names = ["none", "ros", "smote"]
    if importlib.util.find_spec("ctgan") is not None:
        names.append("ctgan")
    try:
        importlib.import_module("gan_augment").GANAugmenter  # noqa: B018
    except (ImportError, AttributeError) as exc:
        logger.debug("GANAugmenter is not available: %s", exc)
    else:
        names.append("gan")
    return names


def make_augmenter(
    name: str, X: pd.DataFrame, random_state: int = SEED
) -> BaseEstimator | None:
    """Build an unfitted augmenter by name.

    Parameters
    ----------
    name : {"none", "ros", "smote", "ctgan", "gan"}
        ``none`` (no sampler), ``ros`` (RandomOverSampler), ``smote`` (SMOTE,
        SMOTENC or SMOTEN depending on whether the columns are all numeric, mixed or
        all categorical), ``ctgan`` (:class:`CTGANSampler` with CTGAN defaults),
        ``gan`` (``gan_augment.GANAugmenter`` with its defaults).
    X : DataFrame
        Features, used to choose the SMOTE variant and its categorical columns.
    random_state : int, default=0
        Seed of the sampler.

    Returns
    -------
    sampler or None
        An imbalanced-learn sampler, or ``None`` for ``"none"``.

    Raises
    ------
    ValueError
        If ``name`` is unknown.
    """
    if name == "none":
        return None
    if name == "ros":
        return RandomOverSampler(random_state=random_state)
    if name == "smote":
        categorical = categorical_columns(X)
        if not categorical:
            return SMOTE(random_state=random_state)
        if len(categorical) == X.shape[1]:
            return SMOTEN(random_state=random_state)
        return SMOTENC(categorical_features=categorical, random_state=random_state)
    if name == "ctgan":
        return CTGANSampler(random_state=random_state)
    if name == "gan":
        from gan_augment import GANAugmenter

        return GANAugmenter(random_state=random_state)
    raise ValueError(f"Unknown augmenter {name!r}; choose from {', '.join(AUGMENTERS)}")


def make_classifier(name: str, X: pd.DataFrame) -> SkPipeline:
    """Build preprocessing plus classifier by name.

    Parameters
    ----------
    name : {"logreg", "tree", "knn", "hgb", "svc"}
        ``logreg`` LogisticRegression(max_iter=1000), ``knn``
        KNeighborsClassifier(5) and ``svc`` SVC() (RBF kernel; not in the
        tabular benchmark, used for images) get standard-scaled numbers;
        ``tree`` DecisionTreeClassifier(max_depth=5) and ``hgb``
        HistGradientBoostingClassifier get raw numbers. Category columns are one-hot
        encoded (unknown categories ignored) for all four.
    X : DataFrame
        Features, used to find the categorical and numeric columns (and whether a
        median imputer is needed for missing numbers).

    Returns
    -------
    sklearn.pipeline.Pipeline
        ``[("preprocess", ColumnTransformer), ("classifier", estimator)]``.
    """
    estimators: dict[str, BaseEstimator] = {
        "logreg": LogisticRegression(max_iter=1000),
        "tree": DecisionTreeClassifier(max_depth=5, random_state=SEED),
        "knn": KNeighborsClassifier(n_neighbors=5),
        "hgb": HistGradientBoostingClassifier(random_state=SEED),
        "svc": SVC(),
    }
    if name not in estimators:
        raise ValueError(
            f"Unknown classifier {name!r}; choose from {', '.join(estimators)}"
        )
    categorical = categorical_columns(X)
    numeric = [c for c in X.columns if c not in categorical]
    steps: list[tuple[str, Any]] = []
    if X[numeric].isna().to_numpy().any() and name != "hgb":
        steps.append(("impute", SimpleImputer(strategy="median")))
    if name in _SCALED:
        steps.append(("scale", StandardScaler()))
    numeric_step: Any = SkPipeline(steps) if steps else "passthrough"
    preprocess = ColumnTransformer(
        [
            (
                "categorical",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                categorical,
            ),
            ("numeric", numeric_step, numeric),
        ]
    )
    return SkPipeline([("preprocess", preprocess), ("classifier", estimators[name])])


def make_pipeline(
    augmenter: str, classifier: str, X: pd.DataFrame, random_state: int = SEED
) -> Pipeline:
    """Build the benchmark's ``Pipeline([augmenter, preprocessing, classifier])``.

    Parameters
    ----------
    augmenter : str
        An augmenter name (see :func:`make_augmenter`); ``"none"`` leaves it out.
    classifier : str
        A classifier name (see :func:`make_classifier`).
    X : DataFrame
        Features, used to choose column-dependent steps.
    random_state : int, default=0
        Seed of the augmenter.

    Returns
    -------
    imblearn.pipeline.Pipeline
        Unfitted; the augmenter resamples only during ``fit``.
    """
    model = make_classifier(classifier, X)
    sampler = make_augmenter(augmenter, X, random_state)
    steps: list[tuple[str, Any]] = [] if sampler is None else [("augmenter", sampler)]
    return Pipeline(steps + list(model.steps))


def _score(model: Any, X_test: pd.DataFrame, y_test: pd.Series, minority: Any) -> dict:
    """Score a fitted classifier on the test fold.

    Parameters
    ----------
    model : fitted classifier
        Has ``predict``, ``predict_proba`` and ``classes_``.
    X_test, y_test
        The test fold.
    minority : object
        The minority class (positive label of the F1 score).

    Returns
    -------
    dict
        ``{metric: score}`` for :data:`METRICS`.
    """
    predicted = model.predict(X_test)
    proba = model.predict_proba(X_test)
    classes = list(model.classes_)
    if len(classes) == 2:
        auc = roc_auc_score(
            np.asarray(y_test) == minority, proba[:, classes.index(minority)]
        )
    else:
        auc = roc_auc_score(y_test, proba, multi_class="ovr", labels=classes)
    return {
        "balanced_accuracy": balanced_accuracy_score(y_test, predicted),
        "minority_f1": f1_score(
            y_test, predicted, labels=[minority], average="macro", zero_division=0
        ),
        "roc_auc": auc,
    }


@contextlib.contextmanager
def _thread_limit(n_threads: int | None, augmenter: str) -> Iterator[None]:
    """Limit BLAS/OpenMP (and torch, for torch augmenters) threads in a block.

    Parameters
    ----------
    n_threads : int or None
        The limit; ``None`` changes nothing.
    augmenter : str
        The augmenter name; torch's thread count is set for ``ctgan`` and ``gan``.
    """
    if n_threads is None:
        yield
        return
    from threadpoolctl import threadpool_limits

    if augmenter in _TORCH_AUGMENTERS or "torch" in sys.modules:
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
) -> pd.DataFrame:
    """Resample one training fold, fit the classifiers and score the test fold.

    The augmenter is fitted once on the training fold; each classifier is then
    fitted on its output. This equals fitting
    ``make_pipeline(augmenter, classifier, X)`` per classifier, as the augmenter
    is seeded, at a quarter of the cost. A failing augmenter or classifier is
    logged and gives ``NaN`` scores instead of an exception.

    Parameters
    ----------
    X : DataFrame of shape (n_samples, n_features)
        All features of the data set.
    y : Series of shape (n_samples,)
        All labels (the minority class is taken from them).
    train, test : ndarray of int
        Positional indices of the folds.
    augmenter : str
        Augmenter name (see :func:`make_augmenter`).
    classifiers : sequence of str, default=CLASSIFIERS
        Classifier names (see :func:`make_classifier`).
    dataset : str, default=""
        Data set name written into the rows.
    repeat, fold : int, default=0
        CV position written into the rows.
    random_state : int, default=0
        Seed of the augmenter.
    n_threads : int or None, default=None
        Thread limit for numeric libraries and torch (used in parallel workers).

    Returns
    -------
    DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`: one per classifier and metric.
        ``fit_seconds`` is the augmenter's ``fit_resample`` time (0 for ``none``).
    """
    X_train, y_train = X.iloc[train], y.iloc[train]
    X_test, y_test = X.iloc[test], y.iloc[test]
    minority = minority_class(y)
    where = f"{dataset} {augmenter} repeat {repeat} fold {fold}"
    rows: list[dict] = []
    with _thread_limit(n_threads, augmenter), warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        try:
            sampler = make_augmenter(augmenter, X_train, random_state)
            start = time.perf_counter()
            if sampler is None:
                X_res, y_res = X_train, y_train
            else:
                X_res, y_res = sampler.fit_resample(X_train, y_train)
            fit_seconds = time.perf_counter() - start if sampler is not None else 0.0
        except Exception:
            logger.exception("Augmenter failed on %s; recording NaN", where)
            for name in classifiers:
                rows += _rows(dataset, augmenter, name, repeat, fold, {}, np.nan)
            return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
        for name in classifiers:
            try:
                with _single_openmp_thread():
                    model = make_classifier(name, X).fit(X_res, y_res)
                    scores = _score(model, X_test, y_test, minority)
            except Exception:
                logger.exception(
                    "Classifier %s failed on %s; recording NaN", name, where
                )
                scores = {}
            rows += _rows(dataset, augmenter, name, repeat, fold, scores, fit_seconds)
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))


def _splits(
    y: pd.Series, n_splits: int, n_repeats: int, random_state: int
) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
    """Return ``(repeat, fold, train, test)`` for repeated stratified k-fold."""
    cv = RepeatedStratifiedKFold(
        n_splits=n_splits, n_repeats=n_repeats, random_state=random_state
    )
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
        Tidy rows with :data:`RESULT_COLUMNS`.
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
    result = pd.concat(frames, ignore_index=True)
    return result.sort_values(["repeat", "fold", "classifier", "metric"]).reset_index(
        drop=True
    )


def _progress(items: Any, verbose: bool, total: int, desc: str) -> Any:
    """Wrap an iterable in a tqdm bar when ``verbose``."""
    if not verbose:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=desc, leave=False)


# -------------------------------------------------------------------------- cache


def _cache_path(
    results_dir: Path, dataset: str, augmenter: str, kind: str = "cv"
) -> Path:
    """Return the CSV path caching one (data set, augmenter) result."""
    prefix = "" if kind == "cv" else f"{kind}__"
    return Path(results_dir) / f"{prefix}{dataset}__{augmenter}.csv"


def _read_cache(path: Path) -> pd.DataFrame:
    """Read a cached tidy CSV with the right dtypes."""
    return pd.read_csv(path, dtype={"dataset": str, "augmenter": str})


def _write_cache(frame: pd.DataFrame, path: Path, meta: Mapping[str, Any]) -> None:
    """Write a tidy CSV and a JSON sidecar with its provenance."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    path.with_suffix(".json").write_text(json.dumps(dict(meta), indent=2) + "\n")


def _provenance(command: str, seconds: float) -> dict[str, Any]:
    """Describe how and where a result was computed."""
    return {
        "command": command,
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "wall_seconds": round(seconds, 2),
        # The 1-minute load average when the result was written: above the
        # core count, other work shared the machine and timings are inflated.
        "load_average_1m": round(os.getloadavg()[0], 2),
        "machine": machine_info(),
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
        Augmenters to recompute even when cached.
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
        path = _cache_path(Path(results_dir), dataset, augmenter)
        if path.exists() and augmenter not in force:
            logger.info("Using cached %s", path)
            frames.append(_read_cache(path))
            continue
        logger.info("Running %s / %s", dataset, augmenter)
        start = time.perf_counter()
        try:
            frame = run_dataset(dataset, augmenter, n_jobs=n_jobs, verbose=verbose)
        except Exception:
            logger.exception("%s / %s failed; not cached", dataset, augmenter)
            continue
        seconds = time.perf_counter() - start
        logger.info("%s / %s took %.1f s", dataset, augmenter, seconds)
        _write_cache(frame, path, _provenance(command, seconds))
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    return pd.concat(frames, ignore_index=True)


def load_cached(
    results_dir: str | os.PathLike,
    datasets: Sequence[str],
    augmenters: Sequence[str],
    kind: str = "cv",
) -> pd.DataFrame:
    """Load whatever cached results exist for the given pairs.

    Parameters
    ----------
    results_dir : path
        Cache folder.
    datasets, augmenters : sequence of str
        The pairs to look for.
    kind : {"cv", "speed"}, default="cv"
        Which benchmark.

    Returns
    -------
    DataFrame
        The concatenated cached frames (empty when none exists).
    """
    columns = RESULT_COLUMNS if kind == "cv" else SPEED_COLUMNS
    frames = [
        _read_cache(path)
        for d in datasets
        for a in augmenters
        if (path := _cache_path(Path(results_dir), d, a, kind)).exists()
    ]
    if not frames:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(frames, ignore_index=True)


# -------------------------------------------------------------------------- speed


def _time_ctgan(
    X: pd.DataFrame, y: pd.Series, n_rows: int, random_state: int
) -> tuple[float, float]:
    """Fit CTGAN defaults on X plus the label and time ``CTGAN.sample(n_rows)``."""
    frame = _as_frame(X)
    classes = np.unique(np.asarray(y))
    start = time.perf_counter()
    model, _, _ = _fit_ctgan(frame, np.asarray(y), classes, random_state)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=FutureWarning)
        model.sample(n_rows)
    return fit_seconds, time.perf_counter() - start


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
    timers = {"gan": _time_gan, "ctgan": _time_ctgan}
    rows = []
    for dataset in datasets:
        X, y = load_dataset(dataset)
        for augmenter in [a for a in augmenters if a in timers]:
            path = _cache_path(Path(results_dir), dataset, augmenter, "speed")
            if path.exists() and augmenter not in force:
                rows.append(_read_cache(path))
                continue
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
            _write_cache(frame, path, _provenance(command, time.perf_counter() - start))
            rows.append(frame)
    if not rows:
        return pd.DataFrame(columns=list(SPEED_COLUMNS))
    return pd.concat(rows, ignore_index=True)


# ------------------------------------------------------------------------ summary


def _fold_means(results: pd.DataFrame) -> pd.DataFrame:
    """Mean score over folds per (dataset, augmenter, classifier, metric)."""
    return (
        results.groupby(["dataset", "augmenter", "classifier", "metric"], sort=False)[
            "score"
        ]
        .mean()
        .reset_index()
    )


def summarize(results: pd.DataFrame) -> pd.DataFrame:
    """Mean score per data set, metric and augmenter (over classifiers and folds).

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.

    Returns
    -------
    DataFrame
        Index ``dataset``; columns a MultiIndex ``(metric, augmenter)``.
    """
    table = results.pivot_table(
        index="dataset", columns=["metric", "augmenter"], values="score", aggfunc="mean"
    )
    return table.reindex(index=list(dict.fromkeys(results["dataset"])))


def _complete_datasets(results: pd.DataFrame) -> list[str]:
    """List the data sets that have results for every augmenter in ``results``."""
    n_aug = results["augmenter"].nunique()
    counts = results.groupby("dataset", sort=False)["augmenter"].nunique()
    return [d for d, n in counts.items() if n == n_aug]


def mean_ranks(results: pd.DataFrame) -> pd.DataFrame:
    """Average rank of each augmenter per metric (1 = best, lower is better).

    Augmenters are ranked within each (data set, classifier) on their mean score
    over folds (ties share the average rank, a failed augmenter ranks last), and the
    ranks are averaged. Only data sets with results for every augmenter count.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.

    Returns
    -------
    DataFrame
        Index ``augmenter`` (sorted by the first metric's rank); one column per
        metric.
    """
    complete = results[results["dataset"].isin(_complete_datasets(results))]
    means = _fold_means(complete)
    means["rank"] = means.groupby(["dataset", "classifier", "metric"])["score"].rank(
        ascending=False, method="average", na_option="bottom"
    )
    table = means.pivot_table(
        index="augmenter", columns="metric", values="rank", aggfunc="mean"
    )
    table = table.reindex(columns=[m for m in METRICS if m in table.columns])
    return table.sort_values(table.columns[0]) if len(table.columns) else table


def fit_time_table(results: pd.DataFrame) -> pd.DataFrame:
    """Total and per-fold augmenter fit time, and failed folds, per augmenter.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.

    Returns
    -------
    DataFrame
        Index ``augmenter``; columns ``total_seconds``, ``mean_seconds_per_fold``,
        ``folds`` and ``failed_folds``.
    """
    folds = results.drop_duplicates(["dataset", "augmenter", "repeat", "fold"])
    grouped = folds.groupby("augmenter", sort=False)["fit_seconds"]
    return pd.DataFrame(
        {
            "total_seconds": grouped.sum(),
            "mean_seconds_per_fold": grouped.mean(),
            "folds": grouped.size(),
            "failed_folds": grouped.apply(lambda s: int(s.isna().sum())),
        }
    )


# ------------------------------------------------------------------------- report


def machine_info() -> dict[str, Any]:
    """Describe the machine and library versions.

    Returns
    -------
    dict
        Platform, CPU count, Python and library versions, torch threads.
    """
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
    }
    for module in ("numpy", "pandas", "sklearn", "imblearn", "torch", "ctgan"):
        try:
            info[module] = importlib.import_module(module).__version__
        except ImportError:
            info[module] = None
    if "torch" in sys.modules:
        info["torch_threads"] = sys.modules["torch"].get_num_threads()
    return info


def _markdown_table(
    frame: pd.DataFrame,
    fmt: str = "{:.3f}",
    bold_max: bool = False,
    bold_min: bool = False,
) -> str:
    """Render a DataFrame as a GitHub Markdown table.

    Parameters
    ----------
    frame : DataFrame
        The table; its index becomes the first column.
    fmt : str, default="{:.3f}"
        Format of numbers.
    bold_max, bold_min : bool, default=False
        Bold the largest (smallest) number of each row.

    Returns
    -------
    str
        The Markdown text.
    """
    header = [str(frame.index.name or "")] + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for index, *values in frame.itertuples(index=True, name=None):
        numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        best = None
        if bold_max and numbers.notna().any():
            best = numbers.max()
        elif bold_min and numbers.notna().any():
            best = numbers.min()
        cells = [str(index)]
        for value, number in zip(values, numbers, strict=True):
            if pd.isna(number):
                cells.append("—" if pd.isna(value) else str(value))
                continue
            is_int = isinstance(value, (int, np.integer)) and not isinstance(
                value, bool
            )
            text = f"{value:,}" if is_int else fmt.format(number)
            cells.append(f"**{text}**" if best is not None and number == best else text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _downstream_section(results: pd.DataFrame) -> list[str]:
    """Markdown lines of the downstream-gain section."""
    if results.empty:
        return ["## Downstream gain", "", "No cached results yet.", ""]
    order = [a for a in AUGMENTERS if a in set(results["augmenter"])]
    lines = [
        "## Downstream gain",
        "",
        f"Repeated stratified {N_SPLITS}-fold CV, {N_REPEATS} repeats, seed {SEED}; "
        "the augmenter sees only the training fold. Classifiers: "
        + ", ".join(CLASSIFIERS)
        + ". Scores are means over the 4 classifiers and "
        f"{N_SPLITS * N_REPEATS} folds; best per data set in bold.",
        "",
    ]
    summary = summarize(results)
    for metric in METRICS:
        if metric not in summary.columns.get_level_values(0):
            continue
        table = summary[metric].reindex(columns=order)
        table.loc["**mean**"] = table.mean()
        table.index.name = "dataset"
        lines += [
            f"### {_METRIC_TITLES[metric]}",
            "",
            _markdown_table(table, bold_max=True),
            "",
        ]
    ranks = mean_ranks(results).reindex(order)
    ranks.index.name = "augmenter"
    ranks.columns = [_METRIC_TITLES[c] for c in ranks.columns]
    n_sets = len(_complete_datasets(results))
    lines += [
        "### Mean rank (lower is better)",
        "",
        f"Ranked within each data set x classifier on the mean over folds, then "
        f"averaged over {n_sets} data sets x {len(CLASSIFIERS)} classifiers.",
        "",
        _markdown_table(ranks, fmt="{:.2f}"),
        "",
    ]
    times = fit_time_table(results).reindex(order)
    times.index.name = "augmenter"
    lines += [
        "### Augmenter fit time",
        "",
        "Seconds spent in `fit_resample` on the training folds (all data sets).",
        "",
        _markdown_table(times, fmt="{:.1f}"),
        "",
    ]
    return lines


def _speed_section(speed: pd.DataFrame) -> list[str]:
    """Markdown lines of the speed section."""
    lines = ["## Speed", ""]
    if speed.empty:
        return [*lines, "No cached speed results yet.", ""]
    lines += [
        f"Fit on the whole data set with default settings, then sample "
        f"{int(speed['sample_rows'].iloc[0]):,} rows "
        "(`GANAugmenter.sample({minority: n})`, `CTGAN.sample(n)`). "
        "Ratios are speed-ups of GANAugmenter over CTGAN (fit: CTGAN seconds / "
        "GANAugmenter seconds; sampling: GANAugmenter rows/s / CTGAN rows/s).",
        "",
    ]
    wide = speed.pivot_table(
        index="dataset", columns="augmenter", values=["fit_seconds", "rows_per_second"]
    )
    table = pd.DataFrame(index=list(dict.fromkeys(speed["dataset"])))
    table.index.name = "dataset"
    shape = speed.drop_duplicates("dataset").set_index("dataset")
    table["rows x cols"] = [
        f"{shape.loc[d, 'n_rows']} x {shape.loc[d, 'n_features']}" for d in table.index
    ]
    for augmenter in ("gan", "ctgan"):
        if ("fit_seconds", augmenter) in wide.columns:
            table[f"{augmenter} fit s"] = wide[("fit_seconds", augmenter)]
            rate = wide[("rows_per_second", augmenter)].round().astype("Int64")
            table[f"{augmenter} rows/s"] = rate
    if {("fit_seconds", "gan"), ("fit_seconds", "ctgan")} <= set(wide.columns):
        table["fit ratio"] = (
            wide[("fit_seconds", "ctgan")] / wide[("fit_seconds", "gan")]
        )
        table["sampling ratio"] = (
            wide[("rows_per_second", "gan")] / wide[("rows_per_second", "ctgan")]
        )
    return [*lines, _markdown_table(table, fmt="{:,.2f}"), ""]


def _included_report(path: Path, heading: str) -> list[str]:
    """Another Markdown report, if present, as a section under ``heading``."""
    if not path.is_file():
        return []
    text = path.read_text().splitlines()[1:]  # drop its title
    body = ["#" + line if line.startswith("## ") else line for line in text]
    return [f"## {heading} (from [{path.name}]({path.name}))", *body, ""]


def _provenance_section(results_dir: Path) -> list[str]:
    """Markdown lines listing the commands that produced the cached results."""
    seen: dict[str, list[str]] = {}
    for path in sorted(Path(results_dir).glob("*.json")):
        try:
            meta = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        command = meta.get("command") or "(unknown)"
        seen.setdefault(command, []).append(str(meta.get("date", "")))
    if not seen:
        return []
    lines = ["## Provenance of cached results", ""]
    lines += [
        f"- `{cmd}` ({len(dates)} results, {min(dates)} to {max(dates)})"
        for cmd, dates in sorted(seen.items(), key=lambda item: min(item[1]))
    ]
    return [*lines, ""]


def render_report(
    results: pd.DataFrame,
    speed: pd.DataFrame,
    *,
    command: str,
    results_dir: str | os.PathLike | None = None,
    title: str = "Benchmarks",
    include_reports: bool = True,
) -> str:
    """Render the Markdown benchmark report.

    Parameters
    ----------
    results : DataFrame
        Downstream-gain rows (:data:`RESULT_COLUMNS`).
    speed : DataFrame
        Speed rows (:data:`SPEED_COLUMNS`).
    command : str
        The command line that wrote the report.
    results_dir : path or None, default=None
        Cache folder; when given, the commands behind the cached results are listed.
    title : str, default="Benchmarks"
        The document's heading.
    include_reports : bool, default=True
        Include the speed section (the speed suite's cached timings) and the
        image and scale reports found beside ``results_dir``.

    Returns
    -------
    str
        The Markdown document.
    """
    info = machine_info()
    versions = ", ".join(
        f"{k} {info[k]}"
        for k in ("python", "numpy", "pandas", "sklearn", "imblearn", "torch", "ctgan")
        if info.get(k)
    )
    lines = [
        f"# {title}",
        "",
        f"- Command: `{command}`",
        f"- Date: {_dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- Machine: {info['platform']} ({info['processor']}), "
        f"{info['cpu_count']} CPUs",
        f"- Versions: {versions}",
        (
            "- How the GAN's defaults were chosen (ablation on the same suite): "
            "[tuning.md](tuning.md); the same comparison on 20 other data sets: "
            "[benchmarks_holdout.md](benchmarks_holdout.md); big tables, "
            "10 million sampled rows and Dask: "
            "[benchmarks_scale.md](benchmarks_scale.md)"
            if include_reports
            else "- Data sets: `gan_augment.datasets.HOLDOUT_SUITE`, 20 sets drawn "
            "at random from those outside the development suite, used to choose one "
            "default since (`match_marginals`, [tuning.md](tuning.md)); the "
            "development suite's report: [benchmarks.md](benchmarks.md)"
        ),
        "- Timings depend on a quiet machine: results written from now on record "
        "the 1-minute load average in their sidecar (`.json`) to show it.",
        "",
    ]
    lines += _downstream_section(results)
    if include_reports:
        lines += _speed_section(speed)
    if results_dir is not None and include_reports:
        docs = Path(results_dir).parent
        # Written by python -m gan_augment.benchmark_images / benchmark_scale.
        lines += _included_report(
            docs / "benchmarks_images.md", "Images: imbalanced digits"
        )
        lines += _included_report(
            docs / "benchmarks_images_holdout.md",
            "Images: classes 5-9 rare, the images' holdout",
        )
        lines += _included_report(docs / "benchmarks_scale.md", "Scale")
    if results_dir is not None:
        lines += _provenance_section(Path(results_dir))
    return "\n".join(lines)


# ---------------------------------------------------------------------------- CLI


def _split_names(text: str | None) -> list[str]:
    """Split a comma-separated list, dropping empty items."""
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _build_parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python -m gan_augment.benchmark",
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
        help="comma-separated augmenters (default: all available: "
        + ",".join(AUGMENTERS)
        + ")",
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
    logging.getLogger("gan_augment").setLevel(logging.INFO)
    command = shlex.join(["python", "-m", "gan_augment.benchmark", *argv])
    datasets = _split_names(args.datasets) or _suite(args.suite, args.speed)
    available = available_augmenters()
    augmenters = _split_names(args.augmenters) or available
    unknown = [a for a in augmenters if a not in AUGMENTERS]
    if unknown:
        raise SystemExit(f"Unknown augmenters {unknown}; choose from {AUGMENTERS}")
    missing = [a for a in augmenters if a not in available]
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
        results = load_cached(results_dir, DEVELOPMENT_SUITE, AUGMENTERS)
    else:
        runnable = [a for a in augmenters if a in available]
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
    report = render_report(
        results,
        speed,
        command=command,
        results_dir=results_dir,
        title="Benchmarks on the holdout suite" if holdout else "Benchmarks",
        include_reports=not holdout,
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report)
    elapsed = time.perf_counter() - start
    print(f"Wrote {out} in {elapsed:.1f} s")
    if not results.empty:
        print(mean_ranks(results).round(2).to_string())
    if not speed.empty:
        print(speed.round(2).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
