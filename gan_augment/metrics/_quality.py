"""Synthetic-data quality: how close synthetic rows are to real ones, and to training.

:func:`synthetic_quality` compares synthetic rows with held-out real rows
(per-column distances, correlations, a real-vs-synthetic classifier) and with
the training rows (distance to closest record, exact copies). Which columns
are categorical is decided by :mod:`gan_augment._columns`, and inputs become
frames through :func:`gan_augment._containers.to_frame`, as in the augmenter.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state
from threadpoolctl import threadpool_limits

from .._columns import categorical_mask
from .._containers import to_frame

__all__ = ["QualityReport", "synthetic_quality"]

logger = logging.getLogger(__name__)

#: Rows per frame above which :func:`synthetic_quality` subsamples.
MAX_ROWS = 5_000

#: Reference (training) rows kept for the distance to closest record.
MAX_REFERENCE_ROWS = 10_000

_MISSING = "<missing>"


@dataclass(frozen=True, eq=False)
class QualityReport:
    """How closely synthetic rows follow real ones, and how close they sit.

    Built by :func:`synthetic_quality`; see there for the definitions.

    Attributes
    ----------
    column_distances : pandas.DataFrame
        One row per column: ``column``, ``kind`` (``"numeric"`` or
        ``"categorical"``), ``measure`` (``"ks"`` or ``"tv"``) and
        ``statistic`` (in [0, 1], 0 is best).
    correlation_difference : float
        Mean absolute difference of the Pearson correlations between numeric
        columns, real versus synthetic (0 is best).
    detection_auc : float
        Cross-validated ROC AUC of a classifier telling real from synthetic
        rows (0.5 is best, 1.0 means trivially separable).
    dcr_synthetic : float
        Median distance from a synthetic row to its nearest training row.
    dcr_holdout : float
        Median distance from a held-out real row to its nearest training row.
    exact_copy_share : float
        Share of synthetic rows that equal a training row exactly.

    Examples
    --------
    >>> import pandas as pd
    >>> from gan_augment.metrics import QualityReport
    >>> distances = pd.DataFrame({"column": ["a", "b"], "kind": ["numeric",
    ...     "categorical"], "measure": ["ks", "tv"], "statistic": [0.1, 0.2]})
    >>> report = QualityReport(distances, 0.05, 0.55, 0.2, 0.21, 0.0)
    >>> report.to_dict()["quality_tv_mean"]
    0.2
    """

    column_distances: pd.DataFrame
    correlation_difference: float
    detection_auc: float
    dcr_synthetic: float
    dcr_holdout: float
    exact_copy_share: float

    def _mean_of(self, kind: str) -> float:
        part = self.column_distances.loc[
            self.column_distances["kind"] == kind, "statistic"
        ]
        values = part.to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        return float(values.mean()) if values.size else math.nan

    @property
    def ks_mean(self) -> float:
        """Mean Kolmogorov-Smirnov statistic over numeric columns (nan if none)."""
        return self._mean_of("numeric")

    @property
    def tv_mean(self) -> float:
        """Mean total variation distance over categorical columns (nan if none)."""
        return self._mean_of("categorical")

    def to_dict(self) -> dict[str, float]:
        """Flatten the report into ``{name: float}`` for metric logging.

        Returns
        -------
        dict of str to float
            ``quality_ks_mean``, ``quality_tv_mean``,
            ``quality_correlation_difference``, ``quality_detection_auc``,
            ``quality_dcr_synthetic``, ``quality_dcr_holdout`` and
            ``quality_exact_copy_share``; undefined values are ``nan``.

        Examples
        --------
        >>> import pandas as pd
        >>> from gan_augment.metrics import QualityReport
        >>> distances = pd.DataFrame({"column": ["a"], "kind": ["numeric"],
        ...     "measure": ["ks"], "statistic": [0.1]})
        >>> out = QualityReport(distances, 0.0, 0.5, 0.1, 0.1, 0.0).to_dict()
        >>> out["quality_ks_mean"], out["quality_detection_auc"]
        (0.1, 0.5)
        """
        return {
            "quality_ks_mean": self.ks_mean,
            "quality_tv_mean": self.tv_mean,
            "quality_correlation_difference": float(self.correlation_difference),
            "quality_detection_auc": float(self.detection_auc),
            "quality_dcr_synthetic": float(self.dcr_synthetic),
            "quality_dcr_holdout": float(self.dcr_holdout),
            "quality_exact_copy_share": float(self.exact_copy_share),
        }


def _as_frame(data: Any, name: str) -> pd.DataFrame:
    """Return ``data`` as a DataFrame (arrays get integer column names)."""
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if isinstance(data, pd.DataFrame):
        duplicated = data.columns[data.columns.duplicated()].unique().tolist()
        if duplicated:
            raise ValueError(
                f"{name} has duplicate column names {duplicated}: rename them."
            )
        return _refuse_infinity(data.reset_index(drop=True), name)
    try:
        frame = to_frame(data)
    except ValueError as exc:
        # The message names the fix; say which of the inputs needs it.
        raise ValueError(f"{name}: {exc}") from exc
    return _refuse_infinity(frame, name)


def _refuse_infinity(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Infinity has no distance or quantile; NaN is read as missing."""
    bad = [
        c
        for c in frame.columns
        if frame[c].dtype.kind == "f" and np.isinf(frame[c].to_numpy()).any()
    ]
    if bad:
        raise ValueError(
            f"{name} holds infinite values in columns {bad[:10]}: replace or drop "
            "them first."
        )
    return frame


def _align_columns(frame: pd.DataFrame, columns: pd.Index, name: str) -> pd.DataFrame:
    """Reorder ``frame`` to ``columns``; raise if the sets differ."""
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        raise ValueError(
            f"{name} must have the same columns as real; missing {missing}, "
            f"unexpected {extra}."
        )
    return frame.loc[:, list(columns)]


def _subsample(frame: pd.DataFrame, n_max: int, rng: np.random.RandomState):
    """Keep at most ``n_max`` rows, drawn without replacement."""
    if len(frame) <= n_max:
        return frame
    rows = np.sort(rng.choice(len(frame), size=n_max, replace=False))
    return frame.iloc[rows].reset_index(drop=True)


def _as_labels(series: pd.Series) -> pd.Series:
    """Categorical values as strings, missing values as one marker."""
    values = series.astype(object)
    missing = values.isna().to_numpy()
    out = values.map(str).to_numpy(dtype=object)
    out[missing] = _MISSING
    return pd.Series(out, dtype=object)


def _as_float(series: pd.Series) -> np.ndarray:
    """Numeric values as float64 (non-numbers become nan)."""
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _ks(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if a.size == 0 or b.size == 0:
        return math.nan
    return float(stats.ks_2samp(a, b).statistic)


def _tv(a: pd.Series, b: pd.Series) -> float:
    p = a.value_counts(normalize=True)
    q = b.value_counts(normalize=True)
    if p.empty or q.empty:
        return math.nan
    p, q = p.align(q, fill_value=0.0)
    return float(0.5 * np.abs(p.to_numpy() - q.to_numpy()).sum())


def _correlation_difference(real: np.ndarray, synthetic: np.ndarray) -> float:
    """Mean |corr_real - corr_synthetic| over pairs of numeric columns."""
    if real.shape[1] < 2:
        return math.nan
    c_real = pd.DataFrame(real).corr().to_numpy()
    c_syn = pd.DataFrame(synthetic).corr().to_numpy()
    upper = np.triu_indices(real.shape[1], k=1)
    diff = np.abs(np.nan_to_num(c_real[upper]) - np.nan_to_num(c_syn[upper]))
    return float(diff.mean())


def _detection_auc(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    categorical: np.ndarray,
    rng: np.random.RandomState,
    seed: int,
) -> float:
    """3-fold ROC AUC of a gradient-boosting real-vs-synthetic classifier."""
    n = min(len(real), len(synthetic))
    if n < 3:
        logger.warning("detection_auc needs >= 3 rows per side; got %d", n)
        return math.nan
    real = _subsample(real, n, rng)
    synthetic = _subsample(synthetic, n, rng)
    both = pd.concat([real, synthetic], ignore_index=True)
    columns = []
    hgb_categorical = np.zeros(len(both.columns), dtype=bool)
    for j, column in enumerate(both.columns):
        if categorical[j]:
            labels = _as_labels(both[column])
            codes = pd.Categorical(labels).codes.astype(float)
            columns.append(codes)
            # HistGradientBoosting handles at most 255 categories natively.
            hgb_categorical[j] = codes.max() < 255
        else:
            columns.append(_as_float(both[column]))
    features = np.column_stack(columns) if columns else np.zeros((2 * n, 0))
    target = np.r_[np.zeros(n, dtype=int), np.ones(n, dtype=int)]
    model = HistGradientBoostingClassifier(
        categorical_features=hgb_categorical if hgb_categorical.any() else None,
        random_state=seed,
    )
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=seed)
    # One OpenMP thread: on a few thousand rows the thread start-up and any
    # contention on a busy machine cost far more than they save (5-10x).
    with threadpool_limits(limits=1, user_api="openmp"):
        auc = cross_val_score(model, features, target, cv=folds, scoring="roc_auc")
    return float(np.mean(auc))


class _DistanceSpace:
    """Numeric columns scaled by training min/max, categorical one-hot."""

    def __init__(self, training: pd.DataFrame, categorical: np.ndarray):
        self.columns = list(training.columns)
        self.categorical = categorical
        self.scales: dict[Any, tuple[float, float, float]] = {}
        self.categories: dict[Any, pd.Index] = {}
        for j, column in enumerate(self.columns):
            if categorical[j]:
                self.categories[column] = pd.Index(
                    pd.unique(_as_labels(training[column]))
                )
            else:
                values = _as_float(training[column])
                finite = values[~np.isnan(values)]
                low = float(finite.min()) if finite.size else 0.0
                span = float(finite.max()) - low if finite.size else 0.0
                span = span if span > 0 else 1.0
                fill = float(np.median(finite) - low) / span if finite.size else 0.0
                self.scales[column] = (low, span, fill)

    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        blocks = []
        for j, column in enumerate(self.columns):
            if self.categorical[j]:
                cats = self.categories[column]
                codes = cats.get_indexer(_as_labels(frame[column]))
                block = np.zeros((len(frame), len(cats)))
                seen = codes >= 0
                block[np.flatnonzero(seen), codes[seen]] = 1.0
                blocks.append(block)
            else:
                low, span, fill = self.scales[column]
                values = (_as_float(frame[column]) - low) / span
                values[np.isnan(values)] = fill
                blocks.append(values[:, None])
        if not blocks:
            return np.zeros((len(frame), 0))
        return np.hstack(blocks)


def _median_nearest_distance(nn: NearestNeighbors, points: np.ndarray) -> float:
    if len(points) == 0:
        return math.nan
    distances, _ = nn.kneighbors(points, n_neighbors=1)
    return float(np.median(distances[:, 0]))


def _row_keys(frame: pd.DataFrame, categorical: np.ndarray) -> np.ndarray:
    """Hash each row after normalising dtypes (floats, string categories)."""
    normal = pd.DataFrame(
        {
            j: (_as_labels(frame[c]) if categorical[j] else _as_float(frame[c]))
            for j, c in enumerate(frame.columns)
        }
    )
    return pd.util.hash_pandas_object(normal, index=False).to_numpy()


def synthetic_quality(
    real: Any,
    synthetic: Any,
    *,
    training: Any = None,
    categorical_features: Any = "auto",
    random_state: int | None = 0,
) -> QualityReport:
    """Compare synthetic rows with held-out real rows and with the training rows.

    Parameters
    ----------
    real : DataFrame or 2-D array
        Held-out real rows (not used to train the generator).
    synthetic : DataFrame or 2-D array
        Synthetic rows with the same columns as ``real`` (reordered to match).
    training : DataFrame, 2-D array or None, default=None
        The rows the generator was trained on; needed for the distance to
        closest record and the exact-copy share (``nan`` without it).
    categorical_features : "auto", list or None, default="auto"
        Columns treated as categorical in addition to bool, category, object
        and string columns (always categorical): names, positions or a boolean
        mask. Every other column is numeric. ``"auto"`` and None add none.
    random_state : int or None, default=0
        Seeds subsampling and the detection classifier.

    Returns
    -------
    QualityReport

    Raises
    ------
    ValueError
        If the frames have different columns or are not 2-D.

    Notes
    -----
    Inputs larger than 5,000 rows are subsampled to 5,000 (the training
    reference for distances to 10,000); the exact-copy share always uses every
    row.

    * Per column: the two-sample Kolmogorov-Smirnov statistic
      (:func:`scipy.stats.ks_2samp`, missing values dropped) for numeric
      columns, the total variation distance ``0.5 * sum |p - q|`` of the value
      frequencies (missing values as one more value) for categorical ones.
      Both lie in [0, 1]; 0 means identical marginals.
    * ``correlation_difference``: the mean absolute difference between the
      Pearson correlation matrices (upper triangle) of the numeric columns;
      undefined correlations (constant columns) count as 0. Categorical
      associations (e.g. Cramér's V) are not included. ``nan`` with fewer
      than two numeric columns.
    * ``detection_auc``: real and synthetic rows are subsampled to the same
      count, labelled 0/1, and a ``HistGradientBoostingClassifier``
      (categorical columns ordinal-encoded and treated as categories) is
      scored by 3-fold stratified cross-validated ROC AUC. 0.5 means the
      classifier cannot tell them apart (best); values slightly below 0.5 are
      noise.
    * Distance to closest record: rows are mapped to a shared space (numeric
      columns scaled to [0, 1] by the training min/max, missing values set to
      the training median; categorical columns one-hot on the training
      values) and the Euclidean distance to the nearest training row is
      taken. ``dcr_synthetic`` is its median over synthetic rows,
      ``dcr_holdout`` over held-out real rows. Synthetic rows much closer to
      the training rows than real unseen rows are (``dcr_synthetic <<
      dcr_holdout``) suggest memorisation.
    * ``exact_copy_share``: the share of synthetic rows equal to some training
      row in every column (numbers compared as float64, categories as
      strings).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from gan_augment.metrics import synthetic_quality
    >>> rng = np.random.default_rng(0)
    >>> def table(n):
    ...     return pd.DataFrame({"x": rng.normal(size=n),
    ...                          "c": rng.choice(["a", "b"], size=n)})
    >>> train, real, fake = table(300), table(300), table(300)
    >>> report = synthetic_quality(real, fake, training=train)
    >>> report.detection_auc < 0.7, report.exact_copy_share
    (True, 0.0)
    >>> sorted(report.to_dict())[:2]
    ['quality_correlation_difference', 'quality_dcr_holdout']
    """
    start = time.perf_counter()
    real_frame = _as_frame(real, "real")
    synthetic_frame = _align_columns(
        _as_frame(synthetic, "synthetic"), real_frame.columns, "synthetic"
    )
    training_frame = None
    if training is not None:
        training_frame = _align_columns(
            _as_frame(training, "training"), real_frame.columns, "training"
        )
    for frame, side in ((real_frame, "real"), (synthetic_frame, "synthetic")):
        if len(frame) == 0:
            raise ValueError(
                f"{side} has no rows: there is nothing to compare. Pass at least "
                "one row on each side (a few hundred for steady numbers)."
            )
    frames = [real_frame, synthetic_frame]
    if training_frame is not None:
        frames.append(training_frame)
    categorical = categorical_mask(frames, categorical_features)
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    rng = np.random.RandomState(seed)

    real_sub = _subsample(real_frame, MAX_ROWS, rng)
    syn_sub = _subsample(synthetic_frame, MAX_ROWS, rng)

    records = []
    for j, column in enumerate(real_frame.columns):
        if categorical[j]:
            value = _tv(_as_labels(real_sub[column]), _as_labels(syn_sub[column]))
            records.append((column, "categorical", "tv", value))
        else:
            value = _ks(_as_float(real_sub[column]), _as_float(syn_sub[column]))
            records.append((column, "numeric", "ks", value))
    column_distances = pd.DataFrame.from_records(
        records, columns=["column", "kind", "measure", "statistic"]
    )

    numeric_columns = [
        c for j, c in enumerate(real_frame.columns) if not categorical[j]
    ]
    correlation = _correlation_difference(
        np.column_stack([_as_float(real_sub[c]) for c in numeric_columns])
        if numeric_columns
        else np.zeros((len(real_sub), 0)),
        np.column_stack([_as_float(syn_sub[c]) for c in numeric_columns])
        if numeric_columns
        else np.zeros((len(syn_sub), 0)),
    )

    detection = _detection_auc(real_sub, syn_sub, categorical, rng, seed)

    dcr_synthetic = dcr_holdout = exact_share = math.nan
    if training_frame is not None and len(training_frame) > 0:
        reference = _subsample(training_frame, MAX_REFERENCE_ROWS, rng)
        space = _DistanceSpace(training_frame, categorical)
        nn = NearestNeighbors(n_neighbors=1).fit(space.encode(reference))
        dcr_synthetic = _median_nearest_distance(nn, space.encode(syn_sub))
        dcr_holdout = _median_nearest_distance(nn, space.encode(real_sub))
        if len(synthetic_frame):
            train_keys = _row_keys(training_frame, categorical)
            syn_keys = _row_keys(synthetic_frame, categorical)
            exact_share = float(np.isin(syn_keys, train_keys).mean())

    report = QualityReport(
        column_distances=column_distances,
        correlation_difference=correlation,
        detection_auc=detection,
        dcr_synthetic=dcr_synthetic,
        dcr_holdout=dcr_holdout,
        exact_copy_share=exact_share,
    )
    logger.info(
        "synthetic_quality: %d real, %d synthetic rows in %.2fs",
        len(real_frame),
        len(synthetic_frame),
        time.perf_counter() - start,
    )
    return report
