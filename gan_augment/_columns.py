"""The one rule for which columns are categorical.

A column is categorical when its dtype is not numeric (category, object,
string) or is bool, or when the user names it in ``categorical_features``
(names, positions, negative positions too, or a boolean mask). The encoder,
the quality metrics and the pipelines' preprocessing all ask here, so they
never disagree about a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd


def is_categorical_dtype(dtype: Any) -> bool:
    """Whether a column of this dtype is categorical by itself.

    Parameters
    ----------
    dtype : numpy or pandas dtype

    Returns
    -------
    bool
        True for bool and every non-numeric dtype.

    Examples
    --------
    >>> import pandas as pd
    >>> [is_categorical_dtype(pd.Series(v).dtype) for v in ([1.5], [True], ["a"])]
    [False, True, True]
    """
    return pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype)


def named_columns(columns: Sequence, categorical_features: Any) -> set:
    """The columns that ``categorical_features`` names.

    Parameters
    ----------
    columns : sequence
        The frame's column labels.
    categorical_features : "auto", None, or list
        ``"auto"`` and None name nothing; otherwise column names, positions
        (negative ones count from the end) or one boolean per column.

    Returns
    -------
    set
        Column labels.

    Raises
    ------
    ValueError
        For another string, a mask of the wrong length, or an entry that is
        neither a column nor a position.
    """
    columns = list(columns)
    if categorical_features is None:
        return set()
    if isinstance(categorical_features, str):
        if categorical_features != "auto":
            raise ValueError(
                "categorical_features must be 'auto', a list of column names "
                f"or positions, or a boolean mask; got {categorical_features!r}."
            )
        return set()
    spec = list(categorical_features)
    if spec and all(isinstance(s, bool | np.bool_) for s in spec):
        if len(spec) != len(columns):
            raise ValueError(
                f"categorical_features mask has {len(spec)} entries but X has "
                f"{len(columns)} columns: give one boolean per column."
            )
        return {c for c, flag in zip(columns, spec, strict=True) if flag}
    chosen = set()
    for item in spec:
        if item in columns:
            chosen.add(item)
        elif (
            isinstance(item, Integral)
            and not isinstance(item, bool)
            and -len(columns) <= item < len(columns)
        ):
            chosen.add(columns[int(item)])
        else:
            raise ValueError(
                f"categorical_features names {item!r}, which is neither a column "
                f"name nor a position of X (columns: {columns[:20]})."
            )
    return chosen


def categorical_mask(
    frames: pd.DataFrame | Sequence[pd.DataFrame], categorical_features: Any = "auto"
) -> np.ndarray:
    """Per column of the first frame: is it categorical?

    Parameters
    ----------
    frames : DataFrame or sequence of DataFrame
        Frames with the same columns; a column is categorical when its dtype
        is in any of them (a real and a synthetic frame may differ).
    categorical_features : "auto", None or list, default="auto"
        Extra columns, as in :func:`named_columns`.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"a": [1.0], "b": ["x"], "c": [3]})
    >>> categorical_mask(frame, [-1]).tolist()
    [False, True, True]
    """
    if isinstance(frames, pd.DataFrame):
        frames = [frames]
    columns = frames[0].columns
    named = named_columns(columns, categorical_features)
    return np.array(
        [
            c in named or any(is_categorical_dtype(f[c].dtype) for f in frames)
            for c in columns
        ],
        dtype=bool,
    )


def categorical_columns(
    frame: pd.DataFrame, categorical_features: Any = "auto"
) -> list:
    """The categorical columns of ``frame``, in order.

    Examples
    --------
    >>> import pandas as pd
    >>> categorical_columns(pd.DataFrame({"a": [1.0], "b": [True]}))
    ['b']
    """
    mask = categorical_mask(frame, categorical_features)
    return [c for c, flag in zip(frame.columns, mask, strict=True) if flag]
