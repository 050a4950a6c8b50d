"""Real against synthetic rows: marginals, a PCA projection, correlations.

Part of :mod:`gan_augment.plotting` (see the package docstring).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._columns import categorical_mask
from .._containers import to_frame
from .._validation import is_positive_int
from ._base import _new_figure, _one_panel


def plot_marginals(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    max_columns: int = 12,
    bins: int = 30,
    *,
    title: str | None = None,
):
    """Real against synthetic distribution of each column (first ``max_columns``).

    Numbers get overlaid histograms, categories side-by-side bar charts of
    their shares.

    Parameters
    ----------
    real, synthetic : DataFrame or array-like of shape (n_rows, n_columns)
        Rows of one class (or all), with the same columns; arrays are read as
        ``GANAugmenter`` reads them (numbered columns).
    max_columns : int, default=12
    bins : int, default=30
    title : str, optional
        The figure's title, above all panels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> real = pd.DataFrame({"age": rng.normal(40, 10, 100),
    ...                      "smoker": rng.choice(["yes", "no"], 100)})
    >>> synthetic = pd.DataFrame({"age": rng.normal(45, 12, 100),
    ...                           "smoker": rng.choice(["yes", "no", "?"], 100)})
    >>> fig = plot_marginals(real, synthetic)
    >>> [ax.get_title() for ax in fig.axes]
    ['age', 'smoker']
    >>> [label.get_text() for label in fig.axes[1].get_xticklabels()]
    ['?', 'no', 'yes']
    >>> len(plot_marginals(real, synthetic, max_columns=1).axes)
    1
    """
    if not is_positive_int(max_columns):
        raise ValueError(f"max_columns must be a positive int; got {max_columns!r}.")
    # Arrays are read as the augmenter reads them: numbered columns, and the
    # numbers in object arrays (e.g. from CSV files) as numbers.
    real, synthetic = to_frame(real), to_frame(synthetic)
    columns = list(real.columns)[:max_columns]
    n_cols = min(4, len(columns))
    n_rows = math.ceil(len(columns) / n_cols)
    fig = _new_figure((3.6 * n_cols, 2.8 * n_rows + (0.3 if title else 0.0)))
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    for ax, column in zip(axes.ravel(), columns, strict=False):
        r, s = real[column], synthetic[column]
        if r.dtype.kind in "fiu" and r.dtype.kind != "b":
            # Missing values have no place on the axis: they are left out.
            r = r.dropna().to_numpy(float)
            s = s.dropna().to_numpy(float)
            both = np.concatenate([r, s])
            edges = np.histogram_bin_edges(both[np.isfinite(both)], bins=bins)
            ax.hist(r, bins=edges, alpha=0.5, density=True, label="real")
            ax.hist(s, bins=edges, alpha=0.5, density=True, label="synthetic")
        else:
            shares = pd.DataFrame(
                {
                    "real": r.astype(str).value_counts(normalize=True),
                    "synthetic": s.astype(str).value_counts(normalize=True),
                }
            ).fillna(0.0)
            positions = np.arange(len(shares))
            ax.bar(positions - 0.2, shares["real"], width=0.4, label="real")
            ax.bar(positions + 0.2, shares["synthetic"], width=0.4, label="synthetic")
            ax.set_xticks(positions, shares.index, rotation=45, fontsize=7)
        ax.set_title(str(column), fontsize=9)
    # Empty cells of the grid go: fig.axes then holds one Axes per column.
    for ax in axes.ravel()[len(columns) :]:
        ax.remove()
    axes.ravel()[0].legend(fontsize=7)
    if title is not None:
        fig.suptitle(title)
    return fig


def _standard_encoding(
    real: pd.DataFrame, synthetic: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers standardised by the real rows, categories one-hot over theirs.

    A missing number becomes the real mean (0 after standardising), a
    constant column stays 0; a missing category is a category of its own and
    a category the real rows lack gets no slot (a row of zeros).
    """
    mask = categorical_mask([real, synthetic])
    blocks: list[tuple[np.ndarray, np.ndarray]] = []
    numeric = [c for c, is_cat in zip(real.columns, mask, strict=True) if not is_cat]
    if numeric:
        r = real[numeric].to_numpy(dtype=float, na_value=np.nan)
        s = synthetic[numeric].to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(all="ignore"):
            mean = np.nan_to_num(np.nanmean(r, axis=0)) if len(r) else 0.0
            std = np.nanstd(r, axis=0) if len(r) else 1.0
        std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
        blocks.append(
            (np.nan_to_num((r - mean) / std), np.nan_to_num((s - mean) / std))
        )
    for column in real.columns[mask]:
        r, s = real[column].astype(str), synthetic[column].astype(str)
        categories = pd.Index(sorted(pd.unique(r)))
        onehot = []
        for values in (r, s):
            codes = categories.get_indexer(values)
            block = np.zeros((len(values), len(categories)))
            seen = codes >= 0
            block[np.flatnonzero(seen), codes[seen]] = 1.0
            onehot.append(block)
        blocks.append((onehot[0], onehot[1]))
    if not blocks:
        return np.zeros((len(real), 0)), np.zeros((len(synthetic), 0))
    return (
        np.hstack([b[0] for b in blocks]),
        np.hstack([b[1] for b in blocks]),
    )


def _encoded(real: pd.DataFrame, synthetic: pd.DataFrame, encoder) -> tuple:
    """The rows as the PCA sees them: the augmenter's encoding, or the standard one."""
    if encoder is None:
        return _standard_encoding(real, synthetic)
    fitted = getattr(encoder, "encoder_", encoder)
    if not callable(getattr(fitted, "encode", None)):
        raise TypeError(
            f"encoder must be a fitted GANAugmenter or its encoder_ (with an "
            f"encode method); got {type(encoder).__name__}. Leave it out to "
            "one-hot the categories and standardise the numbers."
        )
    names = getattr(encoder, "feature_names_in_", None)
    frames = []
    for frame in (real, synthetic):
        numbered = list(frame.columns) == list(range(frame.shape[1]))
        if names is not None and numbered and len(names) == frame.shape[1]:
            # Rows given as an array, of a frame-fitted augmenter: its names.
            frame = frame.set_axis(list(names), axis=1)
        frames.append(np.asarray(fitted.encode(frame), dtype=float))
    return frames[0], frames[1]


def _sorted_labels(labels: np.ndarray) -> list:
    """The distinct labels, sorted when they compare, else in order of appearance."""
    distinct = list(dict.fromkeys(labels.tolist()))
    try:
        return sorted(distinct)
    except TypeError:  # e.g. numbers and text mixed
        return distinct


def plot_pca(X_real, y_real, X_synthetic, y_synthetic, ax=None, *, encoder=None):
    """Real rows of each class and synthetic rows in one PCA projection.

    The two principal components are fitted on the real rows only, so the
    real rows sit where they would without any synthetic row, and synthetic
    rows show where they land relative to them. Real rows are dots and
    synthetic rows crosses, in the colour of their class.

    Parameters
    ----------
    X_real, X_synthetic : DataFrame or array-like of shape (n_rows, n_columns)
        Rows with the same columns; arrays are read as ``GANAugmenter``
        reads them (numbered columns).
    y_real, y_synthetic : array-like of shape (n_rows,)
        Their labels.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.
    encoder : GANAugmenter or TabularEncoder, optional
        A fitted augmenter (its ``encoder_``) or encoder turns the rows into
        numbers, as the GAN sees them (quantile-normal numbers, one-hot
        categories). By default numbers are standardised by the mean and
        standard deviation of the real rows (a missing number counts as the
        mean) and categorical columns are one-hot encoded over the real
        rows' categories.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    ValueError
        When the rows and labels differ in number, the two tables have
        different columns, there are fewer than two real rows or the encoded
        rows have fewer than two columns.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> rng = np.random.default_rng(0)
    >>> synthetic = X[y == 2] + rng.normal(scale=0.1, size=(50, 4))
    >>> fig = plot_pca(X, y, synthetic, np.full(50, 2))
    >>> [c.get_label() for c in fig.axes[0].collections]
    ['real 0', 'real 1', 'real 2', 'synthetic 2']
    """
    real, synthetic = to_frame(X_real), to_frame(X_synthetic)
    y_real, y_synthetic = np.asarray(y_real), np.asarray(y_synthetic)
    for name, frame, labels in (
        ("X_real", real, y_real),
        ("X_synthetic", synthetic, y_synthetic),
    ):
        if len(frame) != len(labels):
            raise ValueError(
                f"{name} has {len(frame)} rows and its labels {len(labels)}: "
                "pass one label per row."
            )
    if list(real.columns) != list(synthetic.columns):
        raise ValueError(
            "X_real and X_synthetic must have the same columns, in order; got "
            f"{list(real.columns)[:5]} and {list(synthetic.columns)[:5]}."
        )
    if len(real) < 2:
        raise ValueError(f"A PCA needs at least two real rows; X_real has {len(real)}.")
    encoded_real, encoded_synthetic = _encoded(real, synthetic, encoder)
    if encoded_real.shape[1] < 2:
        raise ValueError(
            "A 2-D projection needs at least two encoded columns; the rows "
            f"encode to {encoded_real.shape[1]}: plot_marginals shows one column."
        )
    from sklearn.decomposition import PCA

    pca = PCA(n_components=2).fit(encoded_real)
    fig, ax = _one_panel(ax, (5.5, 4.5))
    classes = _sorted_labels(np.concatenate([y_real, y_synthetic]))
    colour = {cls: f"C{i % 10}" for i, cls in enumerate(classes)}
    points = [
        (pca.transform(encoded_real[y_real == cls]), cls, "real", "o")
        for cls in _sorted_labels(y_real)
    ]
    if len(synthetic):
        points += [
            (
                pca.transform(encoded_synthetic[y_synthetic == cls]),
                cls,
                "synthetic",
                "x",
            )
            for cls in _sorted_labels(y_synthetic)
        ]
    for xy, cls, kind, marker in points:
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=14,
            alpha=0.6,
            marker=marker,
            color=colour[cls],
            label=f"{kind} {cls}",
        )
    share = pca.explained_variance_ratio_
    ax.set_xlabel(f"PC 1 ({share[0]:.0%} of the real rows' variance)")
    ax.set_ylabel(f"PC 2 ({share[1]:.0%})")
    ax.set_title("PCA fitted on the real rows")
    ax.legend(fontsize=7, markerscale=1.5)
    return fig


def plot_correlation_difference(X_real, X_synthetic, ax=None, *, max_columns: int = 30):
    """Heatmap of ``corr(synthetic) - corr(real)`` over the numeric columns.

    Pearson correlations of each pair of numeric columns (the first
    ``max_columns``; categorical columns are left out, missing values
    skipped pairwise), synthetic minus real: 0 (white) where the synthetic
    rows keep the real relation between two columns, red where they
    strengthen it, blue where they weaken or reverse it. The colour scale is
    symmetric around 0 and reaches the largest absolute difference (at
    least 0.1, so that noise does not fill the scale). A pair with a
    constant column has no correlation and is left blank.

    Parameters
    ----------
    X_real, X_synthetic : DataFrame or array-like of shape (n_rows, n_columns)
        Rows with the same columns, e.g. of one class.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the colour bar takes room from it. By default a new
        figure.
    max_columns : int, default=30

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    ValueError
        When the tables have different columns, fewer than two numeric
        columns, or ``max_columns`` is not a positive int.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_wine
    >>> X = load_wine(as_frame=True).data
    >>> rng = np.random.default_rng(0)
    >>> shuffled = X.apply(lambda column: rng.permutation(column.to_numpy()))
    >>> fig = plot_correlation_difference(X, shuffled, max_columns=5)
    >>> difference = fig.axes[0].images[0].get_array()
    >>> difference.shape, bool(np.allclose(np.diag(difference), 0))
    ((5, 5), True)
    >>> len(fig.axes)  # the heatmap and its colour bar
    2
    """
    if not is_positive_int(max_columns):
        raise ValueError(f"max_columns must be a positive int; got {max_columns!r}.")
    real, synthetic = to_frame(X_real), to_frame(X_synthetic)
    if list(real.columns) != list(synthetic.columns):
        raise ValueError(
            "X_real and X_synthetic must have the same columns, in order; got "
            f"{list(real.columns)[:5]} and {list(synthetic.columns)[:5]}."
        )
    mask = categorical_mask([real, synthetic])
    numeric = [c for c, is_cat in zip(real.columns, mask, strict=True) if not is_cat]
    numeric = numeric[:max_columns]
    if len(numeric) < 2:
        raise ValueError(
            f"A correlation needs two numeric columns; the tables have "
            f"{len(numeric)}: plot_marginals shows the columns one by one."
        )

    def correlations(frame: pd.DataFrame) -> np.ndarray:
        values = frame[numeric].to_numpy(dtype=float, na_value=np.nan)
        return pd.DataFrame(values).corr().to_numpy()

    difference = correlations(synthetic) - correlations(real)
    finite = np.abs(difference[np.isfinite(difference)])
    limit = max(float(finite.max(initial=0.0)), 0.1)
    n = len(numeric)
    fig, ax = _one_panel(ax, (0.32 * n + 2.6, 0.32 * n + 1.8))
    image = ax.imshow(
        np.ma.masked_invalid(difference), cmap="RdBu_r", vmin=-limit, vmax=limit
    )
    names = [str(c) for c in numeric]
    ax.set_xticks(range(n), names, rotation=90, fontsize=7)
    ax.set_yticks(range(n), names, fontsize=7)
    ax.set_title("correlation: synthetic - real", fontsize=9)
    fig.colorbar(image, ax=ax, label="corr(synthetic) - corr(real)")
    return fig
