"""CTGAN as an imbalanced-learn oversampler: a baseline of the benchmark only.

``ctgan`` is an optional dependency of the harness (``make bench`` installs
it); nothing in the installed package imports this module, and user pipeline
specs cannot name it. :mod:`benchmarks.benchmark` registers it as the
``ctgan`` augmenter kind of its own processes.
"""

from __future__ import annotations

import time
import warnings
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data

from gan_augment._columns import categorical_columns
from gan_augment._compat import Interval
from gan_augment._containers import to_frame

__all__ = ["CTGANSampler", "time_ctgan"]


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
        Columns named ``x0, x1, ...`` (rdt, under CTGAN, needs strings). An
        array's columns are typed by :func:`gan_augment._containers.to_frame`,
        as the augmenter types them; text left in them becomes categories,
        which CTGAN treats as discrete.
    """
    if isinstance(X, pd.DataFrame):
        frame = X.reset_index(drop=True).copy()
    else:
        frame = to_frame(X).copy()
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].astype("category")
    frame.columns = [f"x{i}" for i in range(frame.shape[1])]
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


def time_ctgan(
    X: pd.DataFrame, y: pd.Series, n_rows: int, random_state: int
) -> tuple[float, float]:
    """Time CTGAN's default fit on ``X`` plus the label, then ``sample(n_rows)``.

    Parameters
    ----------
    X : DataFrame
    y : Series
    n_rows : int
        Rows to sample.
    random_state : int

    Returns
    -------
    fit_seconds, sample_seconds : float
    """
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
