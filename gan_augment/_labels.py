"""Class labels as users write them.

Labels arrive as numpy scalars from arrays, as Python scalars from dicts and
JSON, and as text from the command line and HTTP requests. These helpers are
the one place that maps between those forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np


def plain_label(label: Any) -> Any:
    """A numpy scalar as the Python scalar of the same value; others as given.

    Examples
    --------
    >>> import numpy as np
    >>> plain_label(np.int64(3)), plain_label("a")
    (3, 'a')
    """
    if isinstance(label, np.generic):
        return label.item()
    return label


def label_from_text(text: Any, classes: Iterable) -> Any:
    """The class whose text form is ``str(text)``; ``text`` if none is.

    Examples
    --------
    >>> label_from_text("1", [0, 1])
    1
    """
    by_text = {str(c): c for c in classes}
    return by_text.get(str(text), text)


def class_from_text(text: Any, classes: Iterable) -> Any:
    """The class whose text form is ``str(text)``.

    Raises
    ------
    ValueError
        When no class has that text form; the message lists the classes.

    Examples
    --------
    >>> class_from_text("b", ["a", "b"])
    'b'
    """
    classes = list(classes)
    for cls in classes:
        if str(cls) == str(text):
            return cls
    raise ValueError(
        f"Unknown label {text!r}; the augmenter knows {[str(c) for c in classes]}."
    )
