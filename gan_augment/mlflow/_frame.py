"""Synthetic rows as one table: the features, then the class in a column.

The served model answers ``label`` / ``n_samples`` requests with such a table
(:func:`generate_frame`), and ``gan-augment sample`` writes one as CSV
(:func:`sample_frame`). Neither needs MLflow: the command line draws from a
saved folder without it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._labels import label_from_text
from .._validation import free_column_name


def sample_frame(
    augmenter, counts: Mapping, random_state: int | None = None
) -> pd.DataFrame:
    """Draw rows and return them with their class in a free ``label`` column.

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    counts : mapping of class to int
        Rows to draw per class, as :meth:`gan_augment.GANAugmenter.sample`
        takes them.
    random_state : int, optional
        The seed of the draw; None uses the augmenter's own.

    Returns
    -------
    DataFrame
        The rows, columns named as text (numbered for arrays), and their class
        in ``label`` (``label_`` when a feature is already called ``label``),
        indexed from 0.
    """
    X, y = augmenter.sample(dict(counts), random_state=random_state)
    frame = (
        X.copy()
        if isinstance(X, pd.DataFrame)
        else pd.DataFrame(X, columns=[str(i) for i in range(np.shape(X)[1])])
    )
    frame.columns = [str(c) for c in frame.columns]
    frame[free_column_name(frame.columns)] = np.asarray(y)
    return frame.reset_index(drop=True)


def generate_frame(
    augmenter, request: pd.DataFrame, params=None, *, max_rows: int | None = None
) -> pd.DataFrame:
    """Answer a pyfunc request: ``label``/``n_samples`` rows in, samples out.

    The logged model's ``predict`` calls this; no MLflow is needed to use it.

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    request : DataFrame
        Columns ``label`` (a class, or its text) and ``n_samples``.
    params : dict, optional
        ``random_state``: the seed of the draw; -1 (the default) uses the
        augmenter's own, as :meth:`gan_augment.GANAugmenter.sample` does with None.
    max_rows : int, optional
        The most rows one request may ask for, all labels together; a larger
        request is refused before anything is drawn. None: no limit.

    Returns
    -------
    DataFrame
        The rows, columns named as text, and their ``label`` (``label_`` when
        a feature is already called ``label``).

    Raises
    ------
    ValueError
        When the request lacks a column, asks for a negative or fractional
        number of rows, or for more than ``max_rows`` in all.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import generate_frame
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> request = pd.DataFrame({"label": ["1", "0"], "n_samples": [3, 2]})
    >>> frame = generate_frame(augmenter, request, {"random_state": 0})
    >>> frame.shape, list(frame.columns)
    ((5, 5), ['0', '1', '2', '3', 'label'])
    >>> frame["label"].tolist()  # labels sent as text map to the classes
    [0, 0, 1, 1, 1]
    >>> generate_frame(augmenter, request, max_rows=4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The request asks for 5 rows; this model serves at most 4 rows ...
    """
    request = pd.DataFrame(request)
    missing = {"label", "n_samples"} - set(request.columns)
    if missing:
        raise ValueError(
            f"The request lacks columns {sorted(missing)}: send a DataFrame with "
            "'label' and 'n_samples' columns, e.g. "
            "pd.DataFrame({'label': [1], 'n_samples': [100]})."
        )
    seed = (params or {}).get("random_state", -1)
    seed = None if seed is None or int(seed) < 0 else int(seed)
    counts: dict = {}
    for label, n in zip(request["label"], request["n_samples"], strict=True):
        # A label the augmenter does not know is passed on as sent:
        # GANAugmenter.sample names it in its error.
        key = label_from_text(label, augmenter.classes_)
        counts[key] = counts.get(key, 0) + _row_count(n, label)
    total = sum(counts.values())
    if max_rows is not None and total > max_rows:
        # Refused before drawing: one request must not exhaust the server.
        raise ValueError(
            f"The request asks for {total:,} rows; this model serves at most "
            f"{max_rows:,} rows per request (max_rows, set when it was logged). "
            "Split it into smaller requests, or log the model with a larger "
            "max_rows."
        )
    return sample_frame(augmenter, counts, random_state=seed)


def _row_count(n, label) -> int:
    """``n`` as an int; whole floats pass (JSON requests often send 3.0)."""
    try:
        whole = float(n).is_integer()
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole:
        raise ValueError(
            f"n_samples for label {label!r} must be a whole number of rows; got {n!r}."
        )
    if n < 0:
        raise ValueError(
            f"n_samples for label {label!r} must be 0 or more rows; got {n!r}."
        )
    return int(n)
