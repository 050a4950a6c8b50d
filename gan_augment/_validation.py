"""Input checks that run before any training starts.

Every check raises a ``ValueError`` or ``TypeError`` whose message names the
problem and the fix, so users never meet a torch stack trace.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.utils.multiclass import type_of_target

from ._labels import plain_label


def check_target(y) -> np.ndarray:
    """Validate a classification target and return it as a 1-d array.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.

    Returns
    -------
    y : ndarray of shape (n_samples,)
    """
    if y is None:
        raise ValueError(
            "The augmenter requires y to be passed, but the target y is None: it "
            "needs the class labels to know what to oversample. Call "
            "fit_resample(X, y)."
        )
    if isinstance(y, pd.DataFrame) and y.shape[1] == 1:
        y = y.iloc[:, 0]
    y_arr = np.asarray(y)
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        y_arr = y_arr.ravel()
    if y_arr.size == 0:
        raise ValueError(
            "y is empty (0 samples): pass at least two rows of each class to "
            "oversample."
        )
    check_labels_present(y_arr)
    target_type = type_of_target(y_arr)
    if target_type in ("continuous", "continuous-multioutput"):
        raise ValueError(
            "y is continuous (a regression target): the augmenter oversamples "
            "classes. Bin it into classes (e.g. pandas.cut) or pass integer or "
            "string labels."
        )
    one_hot = target_type == "multilabel-indicator" and (y_arr.sum(axis=1) == 1).all()
    if y_arr.ndim == 2 and not one_hot:
        raise ValueError(
            f"y has shape {y_arr.shape} with more than one label per row: the "
            "augmenter oversamples classes, one label per row (a 1-d array, or "
            "one-hot rows). Multilabel and multi-output targets are not "
            "supported; pass one target column."
        )
    return y_arr


def check_labels_present(y: np.ndarray) -> None:
    """Refuse a target with missing labels (NaN, inf, None)."""
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        raise ValueError(
            "y contains NaN or inf: every row needs a class label; drop the "
            "unlabelled rows first."
        )
    if y.dtype.kind == "O" and pd.isna(y).any():
        raise ValueError(
            "y contains missing labels (None/NaN): drop the unlabelled rows first."
        )


def check_strategy_classes(sampling_strategy, y: np.ndarray) -> None:
    """Refuse a ``sampling_strategy`` dict that names classes ``y`` lacks.

    imbalanced-learn would say only "The {5} target class is/are not present
    in the data"; this names the classes there are. A callable must return a
    dict (imbalanced-learn fails on anything else with an AttributeError).
    """
    if callable(sampling_strategy):
        # imbalanced-learn calls it too, and reads .keys() off whatever it gets.
        returned = sampling_strategy(y)
        if not isinstance(returned, Mapping):
            raise TypeError(
                "A callable sampling_strategy must return a dict {class: number "
                f"of rows wanted}}; it returned {type(returned).__name__}."
            )
        return
    if not isinstance(sampling_strategy, Mapping):
        return
    check_strategy_counts(sampling_strategy)
    present = {plain_label(c) for c in np.unique(y)}
    missing = [k for k in sampling_strategy if plain_label(k) not in present]
    if missing:
        raise ValueError(
            f"sampling_strategy names classes {[plain_label(k) for k in missing]} "
            f"that y does not hold; y's classes are {sorted(present, key=str)}. "
            "Key the dict by y's labels."
        )


def check_strategy_counts(strategy: Mapping) -> None:
    """Refuse row counts that are not ints (``{1: 20.5}``, or a callable's floats).

    imbalanced-learn passes them through, and they would fail only when the
    rows are drawn, after training.
    """
    for cls, count in strategy.items():
        if isinstance(count, bool) or not isinstance(count, numbers.Integral):
            raise TypeError(
                f"sampling_strategy gives a row count of {plain_label(count)!r} for "
                f"class {plain_label(cls)!r}: row counts must be ints. Round them, "
                "e.g. with int(round(n))."
            )


def is_positive_int(value) -> bool:
    """An int above 0 (bools, though ints to Python, are not sizes)."""
    return (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and value > 0
    )


def check_features(frame: pd.DataFrame, n_labels: int) -> None:
    """Reject feature tables that a GAN cannot learn from, naming the fix.

    Parameters
    ----------
    frame : DataFrame
        The features, as returned by :func:`gan_augment._containers.to_frame`.
    n_labels : int
        Length of ``y``.
    """
    n_rows, n_cols = frame.shape
    if n_rows == 0:
        raise ValueError(
            "X is empty (0 samples): pass at least two rows of each class to "
            "oversample."
        )
    if n_cols == 0:
        raise ValueError(
            f"X has 0 feature(s) (shape={frame.shape}) while a minimum of 1 is "
            "required: there is nothing to generate; pass at least one column."
        )
    if n_rows != n_labels:
        raise ValueError(
            f"X and y have inconsistent numbers of samples: X has {n_rows} rows "
            f"and y has {n_labels} labels. Pass one label per row."
        )
    duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(
            f"X has duplicate column names {duplicated}: give every column a "
            "unique name (e.g. df.columns = [...]) so the synthetic rows can be "
            "mapped back."
        )
    dated = [
        c
        for c in frame.columns
        if pd.api.types.is_datetime64_any_dtype(frame[c])
        or pd.api.types.is_timedelta64_dtype(frame[c])
        or isinstance(frame[c].dtype, pd.PeriodDtype)
    ]
    if dated:
        raise ValueError(
            f"X has datetime/timedelta columns {dated}: the augmenter cannot "
            "generate dates. Convert them to numbers first (e.g. "
            "df[col].astype('int64') or extract year/month/day columns)."
        )
    complex_cols = [c for c in frame.columns if frame[c].dtype.kind == "c"]
    if complex_cols:
        raise ValueError(
            f"Complex data not supported: columns {complex_cols} hold complex "
            "numbers; split them into real and imaginary columns."
        )
    _check_missing(frame)


def columns_with_missing(frame: pd.DataFrame) -> list:
    """The columns of ``frame`` holding NaN, infinity, None or ``pd.NA``."""
    bad = []
    for c in frame.columns:
        col = frame[c]
        # isna first: pandas' nullable Int64/boolean columns hold pd.NA
        # under an integer or bool kind.
        if col.isna().any():
            bad.append(c)
        elif col.dtype.kind == "f":
            if not np.isfinite(col.to_numpy(dtype=np.float64)).all():
                bad.append(c)
        elif col.dtype.kind == "O":
            # Objects must be hashable category values; floats inside need a
            # finite check too.
            floats = [v for v in col.to_numpy() if isinstance(v, float)]
            if floats and not np.isfinite(floats).all():
                bad.append(c)
    return bad


def _check_missing(frame: pd.DataFrame) -> None:
    bad = columns_with_missing(frame)
    if bad:
        raise ValueError(
            f"Input X contains NaN or infinity in columns {bad[:10]}: "
            "the augmenter does not impute missing values. Impute them first "
            "(e.g. sklearn.impute.SimpleImputer in a pipeline step before the "
            "augmenter) or drop those rows."
        )
    for c in frame.columns:
        col = frame[c]
        # A category column's values are hashable by construction, whatever
        # they are (pd.cut gives Interval categories).
        if col.dtype.kind == "O" and not isinstance(col.dtype, pd.CategoricalDtype):
            for v in col.to_numpy()[:1000]:
                if not isinstance(v, str | numbers.Number | bool | np.bool_):
                    raise TypeError(
                        f"Column {c!r} holds {type(v).__name__} objects: argument "
                        "must be a string or a number. Convert it to strings or "
                        "numbers first."
                    )


def check_n_samples(n_samples, classes: np.ndarray) -> dict:
    """Validate the ``n_samples`` argument of ``sample``.

    Parameters
    ----------
    n_samples : dict
        ``{class_label: count}``.
    classes : ndarray
        The classes seen in ``fit``.

    Returns
    -------
    dict
        ``{class_label: int count}`` with labels as stored in ``classes``.
    """
    if not isinstance(n_samples, Mapping):
        raise TypeError(
            "n_samples must be a dict {class_label: count}, e.g. "
            f"{{{plain_label(classes[0])!r}: 100}}; got {type(n_samples).__name__}."
        )
    known = {plain_label(c): c for c in classes}
    out = {}
    for label, count in n_samples.items():
        key = plain_label(label)
        if key not in known:
            raise ValueError(
                f"Unknown class {plain_label(label)!r} in n_samples: the augmenter "
                f"was fitted on classes {[plain_label(c) for c in classes]}."
            )
        if isinstance(count, bool) or not isinstance(count, numbers.Integral):
            raise TypeError(
                f"n_samples[{plain_label(label)!r}] must be a non-negative int; got "
                f"{count!r}."
            )
        if count < 0:
            raise ValueError(
                f"n_samples[{plain_label(label)!r}] must be a non-negative int; got "
                f"{count}."
            )
        out[known[key]] = int(count)
    return out


def free_column_name(columns, name: str = "label") -> str:
    """``name``, or ``name`` with underscores added until no column has it.

    Frames of synthetic rows get their labels in a column of their own: a
    feature that happens to be called ``label`` must not be overwritten.
    """
    taken = {str(c) for c in columns}
    while name in taken:
        name += "_"
    return name
