"""Reversible encoding of mixed-type tables into the matrix a GAN learns.

Continuous columns go through a quantile transform to a standard normal, which
turns skewed and multi-modal columns into something an MLP with a linear head
can match, and whose inverse lands inside the observed range by construction.
Categorical, boolean and low-cardinality integer columns become one-hot blocks
that the generator emits through a softmax head. Constant columns take no
width at all and are restored on the way back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import ndtr
from sklearn.preprocessing import QuantileTransformer

from ._columns import is_categorical_dtype, named_columns
from ._jsonable import dtype_from_json, dtype_to_json, scalar_from_json, scalar_to_json


@dataclass(frozen=True)
class OutputSpan:
    """A block of the encoded matrix and the activation that produces it.

    Attributes
    ----------
    dim : int
        Width of the block.
    activation : {"linear", "softmax"}
        ``"linear"`` for one quantile-normal column, ``"softmax"`` for a
        one-hot category block.
    """

    dim: int
    activation: str


@dataclass
class ColumnInfo:
    """How one input column is encoded and restored.

    Attributes
    ----------
    name : hashable
        The column label.
    kind : {"continuous", "categorical", "constant"}
        The encoding.
    dtype : object
        The input dtype, restored on decode.
    integer : bool
        Whether decoded values are rounded to integers.
    categories : list
        Observed values of a categorical column, in one-hot order.
    constant : object
        The value of a constant column.
    rare : list
        Values of a high-cardinality categorical column that share one "other"
        slot (the last of its block); see ``max_categories``.
    """

    name: object
    kind: str
    dtype: object
    integer: bool = False
    categories: list = field(default_factory=list)
    constant: object = None
    rare: list = field(default_factory=list)

    @property
    def width(self) -> int:
        """Width of the column's one-hot block (kept categories + "other")."""
        return len(self.categories) + (1 if self.rare else 0)


def _observed_categories(column: pd.Series) -> list:
    values = pd.unique(column.to_numpy())
    try:
        return sorted(values.tolist())
    except TypeError:  # mixed types cannot be ordered: keep first-seen order
        return values.tolist()


class TabularEncoder:
    """Encode a DataFrame of mixed types into a float matrix, and back.

    Parameters
    ----------
    categorical_features : "auto" or list, default="auto"
        ``"auto"`` treats object, string, category and bool columns as
        categorical. A list of column names, positions or a boolean mask adds
        columns to that set (e.g. integer-coded categories).
    max_integer_levels : int, default=10
        Integer columns with at most this many distinct values are encoded as
        categories (their distribution is a set of spikes that a softmax head
        reproduces exactly); wider integer columns are continuous and rounded.
    n_quantiles : int, default=1000
        Upper bound on the quantiles of the continuous transform.
    max_categories : int, default=1000
        A categorical column with more distinct values keeps its
        ``max_categories - 1`` most frequent values as their own one-hot slots
        and groups the rest into one "other" slot, so that tens of thousands of
        values do not blow up memory; a row decoded to "other" gets one of the
        grouped values, drawn by its frequency (see ``decode``).
    random_state : int or None
        Seed of the quantile transform's subsampling on very large tables.

    Attributes
    ----------
    columns_ : list of ColumnInfo
        One entry per input column, in input order.
    output_spans_ : list of OutputSpan
        The encoded blocks: all continuous columns first, then one block per
        categorical column.
    n_features_out_ : int
        Width of the encoded matrix.

    See Also
    --------
    GANAugmenter : Fits one of these on the training rows (``encoder_``).

    Examples
    --------
    >>> import pandas as pd
    >>> from gan_augment import TabularEncoder
    >>> frame = pd.DataFrame({
    ...     "age": [23, 35, 41, 58, 62, 19, 44, 30, 51, 27, 38, 66],
    ...     "income": [21.5, 40.2, 38.0, 75.1, 64.9, 12.3,
    ...                50.0, 33.3, 58.8, 25.0, 47.5, 70.2],
    ...     "colour": ["red", "blue", "red", "green"] * 3,
    ...     "member": [True, False, True, True] * 3,
    ... })
    >>> encoder = TabularEncoder().fit(frame)
    >>> [(column.name, column.kind) for column in encoder.columns_]
    [('age', 'continuous'), ('income', 'continuous'), ('colour', 'categorical'), \
('member', 'categorical')]
    >>> [(span.dim, span.activation) for span in encoder.output_spans_]
    [(1, 'linear'), (1, 'linear'), (3, 'softmax'), (2, 'softmax')]
    >>> matrix = encoder.encode(frame)
    >>> matrix.shape
    (12, 7)
    >>> decoded = encoder.decode(matrix)
    >>> decoded.dtypes.equals(frame.dtypes)
    True
    >>> exact = ["age", "colour", "member"]
    >>> decoded[exact].equals(frame[exact])
    True
    >>> bool((decoded["income"] - frame["income"]).abs().max() < 1e-4)  # float32
    True
    """

    def __init__(
        self,
        categorical_features="auto",
        max_integer_levels: int = 10,
        n_quantiles: int = 1000,
        random_state=None,
        max_categories: int = 1000,
    ):
        self.categorical_features = categorical_features
        self.max_integer_levels = max_integer_levels
        self.n_quantiles = n_quantiles
        self.max_categories = max_categories
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(self, frame: pd.DataFrame) -> TabularEncoder:
        """Learn column kinds, categories and the quantile transform.

        Parameters
        ----------
        frame : DataFrame
            Training features without missing values.

        Returns
        -------
        self : TabularEncoder
        """
        forced = named_columns(frame.columns, self.categorical_features)
        self.columns_ = [
            self._describe(frame[name], name in forced) for name in frame.columns
        ]
        continuous = [c.name for c in self.columns_ if c.kind == "continuous"]
        self._continuous_names = continuous
        if continuous:
            values = frame[continuous].to_numpy(dtype=np.float64)
            self._quantiles = QuantileTransformer(
                n_quantiles=max(2, min(self.n_quantiles, len(frame))),
                output_distribution="normal",
                subsample=200_000,
                random_state=self.random_state,
            ).fit(values)
        else:
            self._quantiles = None
        spans = [OutputSpan(1, "linear") for _ in continuous]
        spans += [
            OutputSpan(c.width, "softmax")
            for c in self.columns_
            if c.kind == "categorical"
        ]
        self.output_spans_ = spans
        self.n_features_out_ = sum(s.dim for s in spans)
        return self

    @property
    def continuous_names_(self) -> list:
        """The continuous columns, in the order of the encoded matrix."""
        return self._continuous_names

    def get_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The fitted encoder as JSON values and arrays, for saving.

        Returns
        -------
        config : dict
            Parameters, column schema and output spans.
        arrays : dict of str to ndarray
            The quantile transform's quantiles and references (none without
            continuous columns).

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"x": [0.5, 2.0, 1.0, 4.0], "c": list("abab")})
        >>> encoder = TabularEncoder().fit(frame)
        >>> config, arrays = encoder.get_state()
        >>> loaded = TabularEncoder.from_state(config, arrays)
        >>> bool((loaded.encode(frame) == encoder.encode(frame)).all())
        True
        """
        features = self.categorical_features
        if features is not None and not isinstance(features, str):
            features = [scalar_to_json(c) for c in features]
        config = {
            "type": "tabular",
            "categorical_features": features,
            "max_integer_levels": self.max_integer_levels,
            "n_quantiles": self.n_quantiles,
            "max_categories": self.max_categories,
            "continuous_names": [scalar_to_json(c) for c in self._continuous_names],
            "columns": [
                {
                    "name": scalar_to_json(c.name),
                    "kind": c.kind,
                    "dtype": dtype_to_json(c.dtype),
                    "integer": c.integer,
                    "categories": [scalar_to_json(v) for v in c.categories],
                    "constant": (
                        None if c.kind != "constant" else scalar_to_json(c.constant)
                    ),
                    "rare": [scalar_to_json(v) for v in c.rare],
                }
                for c in self.columns_
            ],
            "spans": [[s.dim, s.activation] for s in self.output_spans_],
        }
        arrays = {}
        if self._quantiles is not None:
            arrays["quantiles"] = self._quantiles.quantiles_
            arrays["references"] = self._quantiles.references_
        return config, arrays

    @classmethod
    def from_state(cls, config: dict, arrays: dict) -> TabularEncoder:
        """The fitted encoder that :meth:`get_state` described.

        Parameters
        ----------
        config : dict
        arrays : mapping of str to ndarray

        Returns
        -------
        TabularEncoder
            Encodes and decodes as the saved one did.
        """
        features = config.get("categorical_features", "auto")
        if features is not None and not isinstance(features, str):
            features = [scalar_from_json(c) for c in features]
        encoder = cls(
            categorical_features=features,
            max_integer_levels=config["max_integer_levels"],
            n_quantiles=config["n_quantiles"],
            # Files from before max_categories existed grouped nothing.
            max_categories=config.get("max_categories", 1000),
        )
        encoder.columns_ = [
            ColumnInfo(
                name=scalar_from_json(c["name"]),
                kind=c["kind"],
                dtype=dtype_from_json(c["dtype"]),
                integer=c["integer"],
                categories=[scalar_from_json(v) for v in c["categories"]],
                constant=None
                if c["constant"] is None
                else scalar_from_json(c["constant"]),
                rare=[scalar_from_json(v) for v in c.get("rare", [])],
            )
            for c in config["columns"]
        ]
        encoder._continuous_names = [
            scalar_from_json(c) for c in config["continuous_names"]
        ]
        encoder._quantiles = None
        if encoder._continuous_names:
            encoder._quantiles = _fitted_quantiles(
                np.array(arrays["quantiles"]), np.array(arrays["references"])
            )
        encoder.output_spans_ = [OutputSpan(int(d), str(a)) for d, a in config["spans"]]
        encoder.n_features_out_ = sum(s.dim for s in encoder.output_spans_)
        return encoder

    def _describe(self, column: pd.Series, forced: bool) -> ColumnInfo:
        dtype = column.dtype
        categories = _observed_categories(column)
        if len(categories) == 1:
            return ColumnInfo(column.name, "constant", dtype, constant=categories[0])
        is_int = pd.api.types.is_integer_dtype(
            dtype
        ) and not pd.api.types.is_bool_dtype(dtype)
        if (
            forced
            or is_categorical_dtype(dtype)
            or (is_int and len(categories) <= self.max_integer_levels)
        ):
            rare = []
            if len(categories) > self.max_categories:
                counts = column.value_counts(sort=True)
                counts = counts[counts > 0]
                kept = set(counts.index[: self.max_categories - 1].tolist())
                rare = [c for c in categories if c not in kept]
                categories = [c for c in categories if c in kept]
            return ColumnInfo(
                column.name,
                "categorical",
                dtype,
                integer=is_int,
                categories=categories,
                rare=rare,
            )
        return ColumnInfo(column.name, "continuous", dtype, integer=is_int)

    # --------------------------------------------------------------- encode
    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode rows into the GAN's matrix.

        Parameters
        ----------
        frame : DataFrame
            Rows with the training columns.

        Returns
        -------
        ndarray of shape (n_samples, ``n_features_out_``), float32
        """
        blocks = []
        if self._quantiles is not None:
            values = frame[self._continuous_names].to_numpy(dtype=np.float64)
            blocks.append(self._quantiles.transform(values))
        for info in self.columns_:
            if info.kind != "categorical":
                continue
            values = frame[info.name].to_numpy()
            # -1 marks a value outside the fitted categories (pandas deprecates
            # building a Categorical from such values).
            codes = pd.Index(info.categories).get_indexer(values).astype(np.intp)
            if info.rare and (codes < 0).any():
                grouped = (codes < 0) & pd.Series(values).isin(info.rare).to_numpy()
                codes[grouped] = len(info.categories)
            if (codes < 0).any():
                unseen = frame[info.name][codes < 0].iloc[0]
                raise ValueError(
                    f"Column {info.name!r} holds {unseen!r}, a category not seen "
                    "in fit: refit the augmenter on data that includes it."
                )
            onehot = np.zeros((len(frame), info.width), dtype=np.float32)
            onehot[np.arange(len(frame)), codes] = 1.0
            blocks.append(onehot)
        if not blocks:
            return np.zeros((len(frame), 0), dtype=np.float32)
        return np.hstack(blocks).astype(np.float32)

    def continuous_bounds(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Observed minimum and maximum of each continuous column of ``frame``."""
        if not self._continuous_names:
            return np.zeros(0), np.zeros(0)
        values = frame[self._continuous_names].to_numpy(dtype=np.float64)
        return values.min(axis=0), values.max(axis=0)

    # --------------------------------------------------------------- decode
    def decode(
        self,
        matrix: np.ndarray,
        lower: np.ndarray | None = None,
        upper: np.ndarray | None = None,
        rare_sampler=None,
    ) -> pd.DataFrame:
        """Turn generator output back into typed rows.

        Parameters
        ----------
        matrix : ndarray of shape (n_samples, ``n_features_out_``)
            Continuous columns in quantile-normal space, then one block of
            scores per categorical column (the argmax is taken).
        lower, upper : ndarray of shape (n_continuous,), optional
            Clip continuous values into this range (a class's observed range).
        rare_sampler : callable, optional
            ``rare_sampler(column, n)`` returns ``n`` grouped values for rows
            decoded to a column's "other" slot (the augmenter draws them from
            the class's own rare values). By default the first grouped value.

        Returns
        -------
        DataFrame
            The input columns, in input order, with the input dtypes.
        """
        n = matrix.shape[0]
        n_cont = len(self._continuous_names)
        continuous = {}
        if n_cont:
            values = self._inverse_quantiles(matrix[:, :n_cont])
            if lower is not None:
                values = np.clip(values, lower, upper)
            continuous = dict(zip(self._continuous_names, values.T, strict=True))
        out = {}
        offset = n_cont
        for info in self.columns_:
            if info.kind == "continuous":
                out[info.name] = self._restore_number(continuous[info.name], info)
            elif info.kind == "categorical":
                width = info.width
                codes = matrix[:, offset : offset + width].argmax(axis=1)
                offset += width
                out[info.name] = self._restore_category(codes, info, rare_sampler)
            else:
                out[info.name] = self._restore_constant(n, info)
        return pd.DataFrame(out, columns=[c.name for c in self.columns_])

    def _inverse_quantiles(self, normal: np.ndarray) -> np.ndarray:
        """Map quantile-normal values back to the data's scale.

        The same piecewise-linear map as ``QuantileTransformer.inverse_transform``
        (values beyond the extreme quantiles land on them), vectorised over
        columns: the references are evenly spaced, so each value's segment is
        found by arithmetic instead of a search. This runs on every sampled chunk.
        """
        quantiles = self._quantiles.quantiles_
        m = quantiles.shape[0]
        position = ndtr(normal.astype(np.float64)) * (m - 1)
        lower = np.clip(np.floor(position).astype(np.intp), 0, m - 2)
        fraction = np.clip(position - lower, 0.0, 1.0)
        columns = np.arange(quantiles.shape[1])
        low = quantiles[lower, columns]
        return low + fraction * (quantiles[lower + 1, columns] - low)

    @staticmethod
    def _restore_number(values: np.ndarray, info: ColumnInfo):
        if info.integer:
            values = np.rint(values)
        # .array keeps pandas' nullable dtypes (Int64, Float64) as they were.
        return pd.Series(values).astype(info.dtype).array

    @staticmethod
    def _restore_category(codes: np.ndarray, info: ColumnInfo, rare_sampler=None):
        table = np.empty(info.width, dtype=object)
        table[: len(info.categories)] = info.categories
        if info.rare:
            table[-1] = info.rare[0]
        values = table[codes]
        other = codes == len(info.categories)
        if info.rare and rare_sampler is not None and other.any():
            values[other] = rare_sampler(info.name, int(other.sum()))
        if isinstance(info.dtype, pd.CategoricalDtype):
            return pd.Categorical(values, dtype=info.dtype)
        return pd.Series(values, dtype=object).astype(info.dtype).array

    @staticmethod
    def _restore_constant(n: int, info: ColumnInfo):
        values = np.full(n, info.constant, dtype=object)
        if isinstance(info.dtype, pd.CategoricalDtype):
            return pd.Categorical(values, dtype=info.dtype)
        return pd.Series(values, dtype=object).astype(info.dtype).array


def _fitted_quantiles(quantiles: np.ndarray, references: np.ndarray):
    """A fitted normal-output QuantileTransformer from its quantiles.

    ``quantiles_``, ``references_`` and ``n_quantiles_`` are the whole of a
    fitted transformer's state that ``transform`` reads (scikit-learn
    documents them as its fitted attributes), so the saved numbers give back
    the same transform without the training rows.
    """
    transformer = QuantileTransformer(
        n_quantiles=quantiles.shape[0], output_distribution="normal"
    )
    transformer.quantiles_ = quantiles
    transformer.references_ = references
    transformer.n_quantiles_ = quantiles.shape[0]
    transformer.n_features_in_ = quantiles.shape[1]
    return transformer
