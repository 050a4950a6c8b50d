"""Input containers in, the same containers out.

``GANAugmenter`` takes DataFrames, arrays, lists and sparse matrices, works on
a DataFrame inside, and gives back what it was given: this module is the one
place that turns any input into a frame (``to_frame``) and a frame back into
the user's container. See the architecture page (``docs/architecture.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse


@dataclass(frozen=True)
class InputKind:
    """What container the user gave, so the output can use the same one.

    Attributes
    ----------
    kind : {"dataframe", "ndarray", "list", "sparse"}
        The container of ``X``.
    dtype : numpy dtype or None
        The array dtype for ``ndarray``/``sparse`` input.
    sparse_format : str or None
        ``"csr"``, ``"csc"``, ... for sparse input.
    """

    kind: str
    dtype: np.dtype | None = None
    sparse_format: str | None = None


def input_kind_of(X) -> InputKind:
    """Describe the container of ``X``."""
    if isinstance(X, pd.DataFrame):
        return InputKind("dataframe")
    if sparse.issparse(X):
        return InputKind("sparse", np.dtype(X.dtype), X.format)
    if isinstance(X, np.ndarray):
        return InputKind("ndarray", X.dtype)
    return InputKind("list")


def to_frame(X) -> pd.DataFrame:
    """Turn any supported container into a DataFrame without copying user data.

    In object arrays (as loaded from CSV files), columns of ints or bools get
    that dtype, other numeric columns (digit strings too) become float, and
    the rest stay object columns, treated as categories.
    """
    if isinstance(X, pd.DataFrame):
        return X
    if sparse.issparse(X):
        return pd.DataFrame(X.toarray())
    arr = np.asarray(X) if not isinstance(X, np.ndarray) else X
    if arr.dtype.kind == "c":
        raise ValueError(
            "Complex data not supported: X has complex numbers; split them into "
            "real and imaginary columns."
        )
    if arr.ndim == 1:
        raise ValueError(
            "Expected 2D array, got 1D array instead: reshape your data with "
            "X.reshape(-1, 1) if it has a single feature or X.reshape(1, -1) if "
            "it contains a single sample."
        )
    if arr.ndim != 2:
        raise ValueError(
            f"X must be 2-dimensional (n_samples, n_features); got {arr.ndim} "
            "dimensions. Flatten images to rows and pass image_shape."
        )
    if arr.dtype.kind == "O":
        return pd.DataFrame({j: _object_column(arr[:, j]) for j in range(arr.shape[1])})
    return pd.DataFrame(arr)


def _object_column(col: np.ndarray) -> np.ndarray:
    """One column of an object array, typed: ints, bools, numbers or as is."""
    kind = pd.api.types.infer_dtype(col, skipna=False)
    try:
        if kind == "integer":
            return col.astype(np.int64)
        if kind == "boolean":
            return col.astype(bool)
    except OverflowError:  # ints beyond int64
        pass
    return col.astype(np.float64) if _is_numeric_column(col) else col


def _is_numeric_column(values: np.ndarray) -> bool:
    try:
        values.astype(np.float64)
    except (TypeError, ValueError):
        return False
    return True


def to_container(frame: pd.DataFrame, kind: InputKind):
    """``frame`` in the container that ``kind`` describes (lists give arrays)."""
    if kind.kind == "dataframe":
        return frame
    if kind.kind == "sparse":
        return sparse.csr_matrix(frame.to_numpy(dtype=kind.dtype)).asformat(
            kind.sparse_format
        )
    dtype = kind.dtype if kind.kind == "ndarray" else None
    if dtype is not None and dtype.kind == "O":
        return frame.to_numpy(dtype=object)
    return frame.to_numpy(dtype=dtype)


def labels_container(
    labels: np.ndarray, kind: InputKind, name=None, dtype=None
) -> pd.Series | np.ndarray:
    """Labels as a Series named ``name`` (of ``dtype``) for frames, else an array."""
    if kind.kind == "dataframe":
        series = pd.Series(labels, name=name)
        return series if dtype is None else series.astype(dtype)
    return labels


def concat_output(frame: pd.DataFrame, synthetic: pd.DataFrame, kind: InputKind):
    """The user's rows (as a frame) followed by synthetic rows, in ``kind``."""
    if kind.kind == "dataframe":
        original = frame.reset_index(drop=True)
        synthetic = synthetic.astype(original.dtypes.to_dict())
        return pd.concat([original, synthetic], ignore_index=True)
    if kind.kind == "sparse":
        return sparse.vstack(
            [
                sparse.csr_matrix(frame.to_numpy(dtype=kind.dtype)),
                to_container(synthetic, kind),
            ]
        ).asformat(kind.sparse_format)
    original = to_container(frame, kind)
    return np.concatenate([original, to_container(synthetic, kind)], axis=0)
