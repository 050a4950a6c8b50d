"""Post-generation checks on synthetic rows: neighbourhood filter and copies."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """A 64-bit hash per row, equal for rows with equal values and dtypes."""
    if len(frame) == 0:
        return np.empty(0, dtype=np.uint64)
    return pd.util.hash_pandas_object(frame, index=False).to_numpy()


class NeighbourFilter:
    """Reject synthetic rows whose nearest real rows all belong to other classes.

    A row whose ``n_neighbors`` nearest real rows (in the encoded space) carry
    none of its label sits deep inside another class: as training data it
    would teach the classifier a wrong boundary.

    Parameters
    ----------
    n_neighbors : int, default=5
    max_reference_rows : int, default=20000
        The reference set is subsampled (stratified by class) above this size
        so that filtering stays cheap on big tables.
    random_state : int or None
        Seed of that subsampling.
    """

    def __init__(
        self, n_neighbors: int = 5, max_reference_rows: int = 20_000, random_state=None
    ):
        self.n_neighbors = n_neighbors
        self.max_reference_rows = max_reference_rows
        self.random_state = random_state

    def fit(self, encoded: np.ndarray, labels: np.ndarray) -> NeighbourFilter:
        """Index the real rows (encoded) and their class indices."""
        if len(encoded) > self.max_reference_rows:
            rng = np.random.default_rng(self.random_state)
            keep = rng.choice(len(encoded), self.max_reference_rows, replace=False)
            # Every class keeps all its rows when it is small.
            counts = np.bincount(labels)
            small = np.flatnonzero(counts[labels] <= self.max_reference_rows // 20)
            keep = np.union1d(keep, small)
            encoded, labels = encoded[keep], labels[keep]
        return self.fit_reference(encoded, labels)

    def fit_reference(self, encoded: np.ndarray, labels: np.ndarray) -> NeighbourFilter:
        """Index exactly these rows (no subsampling), e.g. when loading."""
        # Kept here, not read back from the index: they are the filter's state.
        self.reference_ = np.asarray(encoded)
        self.labels_ = np.asarray(labels)
        k = min(self.n_neighbors, len(encoded))
        self.index_ = NearestNeighbors(n_neighbors=k).fit(self.reference_)
        return self

    def get_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The fitted filter as JSON values and arrays, for saving.

        Returns
        -------
        config : dict
            ``{"n_neighbors": ...}``.
        arrays : dict of str to ndarray
            ``reference`` (the indexed rows) and ``labels``.

        Examples
        --------
        >>> import numpy as np
        >>> rows, labels = np.eye(4, dtype=np.float32), np.array([0, 0, 1, 1])
        >>> guard = NeighbourFilter(n_neighbors=2).fit(rows, labels)
        >>> loaded = NeighbourFilter.from_state(*guard.get_state())
        >>> loaded.accepts(rows, 1).tolist()
        [False, False, True, True]
        """
        return (
            {"n_neighbors": self.n_neighbors},
            {"reference": self.reference_, "labels": self.labels_},
        )

    @classmethod
    def from_state(cls, config: dict, arrays: dict) -> NeighbourFilter:
        """The fitted filter that :meth:`get_state` described."""
        return cls(n_neighbors=config["n_neighbors"]).fit_reference(
            arrays["reference"], arrays["labels"]
        )

    def distances(self, encoded: np.ndarray) -> np.ndarray:
        """Distance from each row to its nearest reference row."""
        if len(encoded) == 0:
            return np.zeros(0)
        dist, _ = self.index_.kneighbors(encoded, n_neighbors=1)
        return dist[:, 0]

    def accepts(self, encoded: np.ndarray, label: int) -> np.ndarray:
        """Boolean mask: True where at least one neighbour has ``label``."""
        if len(encoded) == 0:
            return np.zeros(0, dtype=bool)
        _, idx = self.index_.kneighbors(encoded)
        return (self.labels_[idx] == label).any(axis=1)
