"""JSON forms of the values that fitted state holds: scalars and dtypes.

Column names, class labels and categories may be str, int, float, bool,
None or a ``pd.Interval`` (``pd.cut``'s categories); JSON alone would not
tell ``1`` from ``"1"`` or ``1.0``, so each value is written with its type.
Every component's ``get_state`` / ``from_state`` and the saved file format
(``_serialization``) use these, so a value reads back as the value written.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._labels import plain_label


def scalar_to_json(value: Any) -> dict:
    """A scalar as ``{"t": type name, "v": value}``.

    Raises
    ------
    TypeError
        For a value of another type; the message names the fix.

    Examples
    --------
    >>> import numpy as np
    >>> scalar_to_json(np.int64(3)), scalar_to_json("3")
    ({'t': 'int', 'v': 3}, {'t': 'str', 'v': '3'})
    >>> scalar_from_json(scalar_to_json(pd.Interval(0, 2.5)))
    Interval(0, 2.5, closed='right')
    """
    value = plain_label(value)
    if isinstance(value, bool | int | float | str) or value is None:
        return {"t": type(value).__name__, "v": value}
    if isinstance(value, pd.Interval):
        ends = [scalar_to_json(value.left), scalar_to_json(value.right)]
        return {"t": "Interval", "v": [*ends, value.closed]}
    raise TypeError(
        f"Cannot save the value {value!r} ({type(value).__name__}): column names, "
        "labels and categories must be str, int, float, bool or a pd.Interval "
        "to be saved. Convert them, e.g. with .astype(str)."
    )


def scalar_from_json(item: dict) -> Any:
    """The scalar that :func:`scalar_to_json` wrote.

    Raises
    ------
    ValueError
        For a type that :func:`scalar_to_json` does not write.
    """
    kind, value = item["t"], item["v"]
    if kind == "Interval":
        left, right, closed = value
        return pd.Interval(scalar_from_json(left), scalar_from_json(right), closed)
    casts = {"bool": bool, "int": int, "float": float, "str": str, "NoneType": None}
    if kind not in casts:
        raise ValueError(f"Unknown value type {kind!r} in the saved augmenter.")
    return None if value is None else casts[kind](value)


def dtype_to_json(dtype: Any) -> dict:
    """A numpy or pandas dtype, categories and their order included.

    Examples
    --------
    >>> import pandas as pd
    >>> dtype = pd.CategoricalDtype(["a", "b"], ordered=True)
    >>> dtype_from_json(dtype_to_json(dtype)) == dtype
    True
    >>> dtype_to_json(pd.Int64Dtype())
    {'kind': 'plain', 'name': 'Int64'}
    """
    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "kind": "category",
            "categories": [scalar_to_json(c) for c in dtype.categories],
            "ordered": bool(dtype.ordered),
        }
    return {"kind": "plain", "name": str(dtype)}


def dtype_from_json(item: dict) -> Any:
    """The dtype that :func:`dtype_to_json` wrote."""
    if item["kind"] == "category":
        categories = [scalar_from_json(c) for c in item["categories"]]
        return pd.CategoricalDtype(categories, ordered=item["ordered"])
    return pd.api.types.pandas_dtype(item["name"])
