"""Sampling strategies that imbalanced-learn does not ship."""

from __future__ import annotations

from numbers import Real

import numpy as np

from ._labels import plain_label


class PartialBalance:
    """A ``sampling_strategy`` that closes only part of each class's gap.

    Each class below the largest gets ``fraction`` of the rows it lacks, so
    two samplers can share the work in one pipeline: the first with
    ``PartialBalance(0.5)``, the second with ``"auto"`` to fill the rest.
    It works with any imbalanced-learn over-sampler.

    Parameters
    ----------
    fraction : float in (0, 1]
        Share of each class's gap to the majority to fill; 1 is ``"auto"``.

    Examples
    --------
    >>> import numpy as np
    >>> PartialBalance(0.5)(np.array([0] * 10 + [1] * 4))
    {1: 7}
    """

    def __init__(self, fraction: float = 0.5):
        if isinstance(fraction, bool) or not isinstance(fraction, Real):
            raise TypeError(f"fraction must be a float in (0, 1]; got {fraction!r}.")
        if not 0 < fraction <= 1:
            raise ValueError(f"fraction must be in (0, 1]; got {fraction}.")
        self.fraction = float(fraction)

    def __call__(self, y) -> dict:
        """Target counts ``{class: rows after resampling}`` for the labels ``y``."""
        classes, counts = np.unique(np.asarray(y), return_counts=True)
        top = counts.max()
        return {
            plain_label(c): int(n + round(self.fraction * (top - n)))
            for c, n in zip(classes, counts, strict=True)
            if n < top
        }

    def __repr__(self) -> str:
        return f"PartialBalance({self.fraction!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, PartialBalance) and other.fraction == self.fraction

    def __hash__(self) -> int:
        return hash(("PartialBalance", self.fraction))
