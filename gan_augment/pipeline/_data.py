"""The data a pipeline spec names: a bundled data set or a CSV file."""

from __future__ import annotations

import os

import pandas as pd

from .._columns import is_categorical_dtype

__all__ = ["load_data", "read_csv"]


def load_data(data: dict) -> tuple[pd.DataFrame, pd.Series]:
    """Load the spec's data: a bundled data set or a CSV file.

    Parameters
    ----------
    data : dict
        A spec's ``[data]``: ``dataset`` (see
        :func:`gan_augment.datasets.load_dataset`), or ``csv`` and ``target``.

    Returns
    -------
    X : DataFrame
    y : Series

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from gan_augment.pipeline import load_data
    >>> X, y = load_data({"dataset": "new_thyroid1"})
    >>> X.shape, y.value_counts().sort_index().tolist()
    ((215, 5), [180, 35])
    >>> text = "size,colour,label\\n1.5,red,0\\n2.0,blue,1\\n0.5,red,0\\n"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "table.csv"
    ...     _ = path.write_text(text)
    ...     X, y = load_data({"csv": str(path), "target": "label"})
    >>> list(X.columns), y.tolist()
    (['size', 'colour'], [0, 1, 0])
    """
    if "dataset" in data:
        from ..datasets import load_dataset

        return load_dataset(data["dataset"])
    frame = read_csv(data["csv"])
    target = data["target"]
    if target not in frame.columns:
        raise ValueError(
            f"{data['csv']} has no column {target!r}; columns: {list(frame.columns)}."
        )
    return frame.drop(columns=[target]), frame[target]


def read_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV with text columns as categories.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from gan_augment.pipeline import read_csv
    >>> text = "size,colour,label\\n1.5,red,0\\n2.0,blue,1\\n0.5,red,0\\n"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "table.csv"
    ...     _ = path.write_text(text)
    ...     frame = read_csv(path)
    >>> frame.dtypes.astype(str).to_dict()
    {'size': 'float64', 'colour': 'category', 'label': 'int64'}
    >>> frame["colour"].cat.categories.tolist()
    ['blue', 'red']
    """
    frame = pd.read_csv(path)
    for column in frame.columns:
        dtype = frame[column].dtype
        # Text columns become categories; bool columns stay bool (categorical
        # all the same to the augmenter and the metrics).
        if is_categorical_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            frame[column] = frame[column].astype("category")
    return frame
