"""Figures people read faster than numbers: losses, marginals, PCA, gains, ranks.

Every function builds a ``matplotlib.figure.Figure`` directly and returns it:
nothing goes through pyplot, so a call leaves pyplot's list of open figures
and the user's backend as they were (a library never switches a backend),
the figures need no closing, and servers and threads can draw them. Show one
in a notebook by leaving it as the cell's value, or save it with
``fig.savefig(path)``. Functions that draw one panel take ``ax=`` to draw on
an Axes of the caller's figure, and then return that figure.

matplotlib is imported only when a function runs (the ``mlflow`` and
``images`` extras bring it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._columns import categorical_mask
from ._containers import to_frame
from ._validation import is_positive_int

#: Columns of a gain table that name its rows in a forest plot, in this order.
_FOREST_KEYS = ("dataset", "augmenter", "classifier")


def _new_figure(figsize: tuple[float, float]):
    """A figure outside pyplot, laid out so that no title or label is clipped."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "Figures need matplotlib: pip install 'gan-augment[mlflow]'."
        ) from exc
    return Figure(figsize=figsize, layout="constrained")


def _one_panel(ax, figsize: tuple[float, float]):
    """The figure and Axes to draw one panel on: the caller's, or new ones."""
    if ax is not None:
        return ax.figure, ax
    fig = _new_figure(figsize)
    return fig, fig.subplots()


def plot_losses(history: pd.DataFrame, ax=None):
    """Discriminator and generator loss per epoch, one panel per GAN.

    Parameters
    ----------
    history : DataFrame
        ``GANAugmenter.history_``.
    ax : matplotlib.axes.Axes, optional
        Where to draw, for a history of one GAN; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    ValueError
        For an empty history, or ``ax`` with the history of several GANs.

    Examples
    --------
    >>> import pandas as pd
    >>> history = pd.DataFrame({"model": ["joint"] * 3, "epoch": [1, 2, 3],
    ...                         "d_loss": [1.4, 1.2, 1.3], "g_loss": [0.7, 0.9, 0.8]})
    >>> fig = plot_losses(history)
    >>> len(fig.axes), [line.get_label() for line in fig.axes[0].lines]
    (1, ['D loss', 'G loss'])
    """
    if len(history) == 0:
        raise ValueError("history is empty: plot the history_ of a fitted augmenter.")
    models = list(dict.fromkeys(history["model"]))
    if ax is not None:
        if len(models) > 1:
            raise ValueError(
                f"ax= draws one GAN's losses; history holds {len(models)} GANs "
                f"{models[:5]}: leave ax out, or pass one model's rows."
            )
        fig, axes = ax.figure, [ax]
    else:
        fig = _new_figure((5 * len(models), 3.2))
        axes = fig.subplots(1, len(models), squeeze=False)[0]
    for ax, model in zip(axes, models, strict=True):
        part = history[history["model"] == model]
        ax.plot(part["epoch"], part["d_loss"], label="D loss")
        ax.plot(part["epoch"], part["g_loss"], label="G loss")
        ax.set_title(f"GAN: {model}")
        ax.set_xlabel("epoch")
        ax.legend()
    return fig


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


def plot_image_grid(
    X_real,
    y_real,
    X_synthetic,
    y_synthetic,
    image_shape,
    n_per_class: int = 8,
    classes=None,
):
    """Real and synthetic images side by side, one row per class.

    Each row shows ``n_per_class`` real images of the class, a gap, then
    ``n_per_class`` synthetic ones, all on the same grey scale.

    Parameters
    ----------
    X_real, X_synthetic : array-like of shape (n, H * W * C)
        Flattened images.
    y_real, y_synthetic : array-like of shape (n,)
    image_shape : tuple of int
        ``(H, W)`` or ``(H, W, C)``.
    n_per_class : int, default=8
    classes : sequence, optional
        Classes to show, in order; by default those with synthetic images.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).uniform(0, 16, size=(20, 64))
    >>> y = np.repeat([0, 1], 10)
    >>> fig = plot_image_grid(X, y, X[::-1], y[::-1], (8, 8), n_per_class=4)
    >>> len(fig.axes)
    18
    """
    from ._images import check_image_shape

    real, synthetic = np.asarray(X_real, float), np.asarray(X_synthetic, float)
    shape = check_image_shape(image_shape, real.shape[1] if real.ndim == 2 else None)
    if not is_positive_int(n_per_class):
        raise ValueError(f"n_per_class must be a positive int; got {n_per_class!r}.")
    y_real, y_synthetic = np.asarray(y_real), np.asarray(y_synthetic)
    if classes is None:
        classes = list(dict.fromkeys(y_synthetic.tolist()))
    if not classes:
        raise ValueError(
            "No class to show: there are no synthetic images; pass classes=[...] "
            "to show real images alone."
        )
    low = min(real.min(initial=np.inf), synthetic.min(initial=np.inf))
    high = max(real.max(initial=-np.inf), synthetic.max(initial=-np.inf))
    width = high - low if high > low else 1.0
    n_cols = 2 * n_per_class + 1
    fig = _new_figure((0.5 * n_cols + 1, 0.55 * len(classes) + 0.6))
    # Images sit close together; the layout still makes room for the labels.
    fig.get_layout_engine().set(w_pad=0.01, h_pad=0.01, wspace=0.02, hspace=0.02)
    axes = fig.subplots(len(classes), n_cols, squeeze=False)
    for row, cls in enumerate(classes):
        pools = (real[y_real == cls], synthetic[y_synthetic == cls])
        for ax in axes[row]:
            ax.axis("off")
        for part, pool in enumerate(pools):
            for j, image in enumerate(pool[:n_per_class]):
                ax = axes[row, j + part * (n_per_class + 1)]
                picture = ((image - low) / width).reshape(shape)
                if shape[2] == 1:
                    ax.imshow(picture[:, :, 0], cmap="gray_r", vmin=0, vmax=1)
                else:
                    ax.imshow(picture[:, :, :3].clip(0, 1))
        axes[row, 0].text(
            -0.3, 0.5, str(cls), transform=axes[row, 0].transAxes, ha="right"
        )
    axes[0, 0].set_title("real", loc="left", fontsize=9)
    axes[0, n_per_class + 1].set_title("synthetic", loc="left", fontsize=9)
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


def _gain_frame(table) -> pd.DataFrame:
    """A copy of a gain table with a ``metric`` column and interval columns."""
    table = getattr(table, "summary", table)  # a GainResult gives its summary
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            "table must be a DataFrame of gains (run_pipeline's result or "
            f"augmentation_gain(...).summary); got {type(table).__name__}."
        )
    frame = table.copy()
    if "metric" not in frame.columns and frame.index.name == "metric":
        frame = frame.reset_index()
    missing = [c for c in ("metric", "gain_mean") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"table lacks the columns {missing}: pass run_pipeline's result or "
            "augmentation_gain(...).summary."
        )
    if frame.empty:
        raise ValueError("table is empty: there is no gain to plot.")
    for column in ("ci_low", "ci_high"):
        if column not in frame.columns:
            frame[column] = np.nan
    keys = [c for c in _FOREST_KEYS if c in frame.columns]
    if keys:
        frame["_label"] = [
            " + ".join(str(v) for v in row)
            for row in frame[keys].itertuples(index=False)
        ]
    else:
        frame["_label"] = "gain"
    return frame


def plot_gain_forest(table, ax=None, *, xlabel: str = "gain over no augmentation"):
    """A forest plot: each augmenter x classifier's mean gain with its interval.

    One panel per metric, one row per augmenter x classifier (and data set,
    when the table has a ``dataset`` column), in the table's order from the
    top. A dot marks the mean gain, a bar its interval, and a dashed line
    zero: an interval right of the line is a gain, left of it a loss, across
    it no difference the folds can tell apart. Dots are green for an
    interval above zero, red below, grey otherwise.

    Parameters
    ----------
    table : DataFrame or GainResult
        Columns ``metric`` and ``gain_mean``, with ``ci_low`` and ``ci_high``
        for the intervals (rows without them get a dot alone), and
        ``augmenter`` / ``classifier`` / ``dataset`` to name the rows:
        :func:`~gan_augment.pipeline.run_pipeline`'s result, or
        :func:`~gan_augment.metrics.augmentation_gain`'s result or its
        ``summary`` (indexed by metric).
    ax : matplotlib.axes.Axes, optional
        Where to draw, for a table of one metric; by default a new figure.
    xlabel : str, default="gain over no augmentation"

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    TypeError
        When ``table`` is not a DataFrame.
    ValueError
        For an empty table, one without ``metric`` or ``gain_mean``, or
        ``ax`` with several metrics.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "augmenter": ["gan", "gan", "smote", "smote"],
    ...     "classifier": ["logreg", "tree", "logreg", "tree"],
    ...     "metric": ["balanced_accuracy"] * 4,
    ...     "gain_mean": [0.031, -0.004, 0.025, 0.012],
    ...     "ci_low": [0.010, -0.030, 0.001, -0.010],
    ...     "ci_high": [0.052, 0.022, 0.049, 0.034]})
    >>> fig = plot_gain_forest(table)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['gan + logreg', 'gan + tree', 'smote + logreg', 'smote + tree']
    >>> fig.axes[0].get_title()
    'balanced_accuracy'
    """
    frame = _gain_frame(table)
    metrics = list(dict.fromkeys(frame["metric"]))
    labels = list(dict.fromkeys(frame["_label"]))
    row_of = {label: i for i, label in enumerate(labels)}
    if ax is not None:
        if len(metrics) > 1:
            raise ValueError(
                f"ax= draws one metric; table holds {len(metrics)} {metrics[:5]}: "
                "leave ax out (one panel per metric) or pass one metric's rows."
            )
        fig, axes = ax.figure, [ax]
    else:
        fig = _new_figure((3.4 * len(metrics) + 1.8, 0.32 * len(labels) + 1.4))
        axes = fig.subplots(1, len(metrics), sharey=True, squeeze=False)[0]
    for ax, metric in zip(axes, metrics, strict=True):
        part = frame[frame["metric"] == metric]
        y = part["_label"].map(row_of).to_numpy(dtype=float)
        mean = part["gain_mean"].to_numpy(dtype=float)
        low = part["ci_low"].to_numpy(dtype=float)
        high = part["ci_high"].to_numpy(dtype=float)
        bounded = np.isfinite(low) & np.isfinite(high)
        ax.hlines(y[bounded], low[bounded], high[bounded], color="black", lw=1.2)
        colours = np.where(
            bounded & (low > 0),
            "tab:green",
            np.where(bounded & (high < 0), "tab:red", "tab:gray"),
        )
        ax.scatter(mean, y, c=list(colours), zorder=3, s=24)
        ax.axvline(0.0, color="gray", linestyle="--", linewidth=1)
        ax.set_title(str(metric), fontsize=9)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.set_ylim(len(labels) - 0.5, -0.5)  # the table's first row on top
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


def _positive_label(y: np.ndarray, pos_label):
    """The positive class: ``pos_label``, or 1 for labels in {0, 1} or {-1, 1}."""
    present = pd.unique(y).tolist()
    if pos_label is None:
        if set(present) <= {0, 1} or set(present) <= {-1, 1}:
            return 1
        raise ValueError(
            f"y_true holds the labels {sorted(map(str, present))}: pass pos_label=, "
            "the class whose probabilities scores hold."
        )
    if pos_label not in present:
        raise ValueError(
            f"pos_label={pos_label!r} is not a label of y_true "
            f"({sorted(map(str, present))})."
        )
    return pos_label


def _precision_recall_curves(
    y_true, scores: Mapping, pos_label=None
) -> tuple[object, float, dict[str, tuple[np.ndarray, np.ndarray, float]]]:
    """The checked inputs of :func:`plot_precision_recall`, as curves.

    Parameters
    ----------
    y_true, scores, pos_label
        As in :func:`plot_precision_recall`.

    Returns
    -------
    positive : label
        The positive class.
    prevalence : float
        Its share of the rows.
    curves : dict
        Each name to ``(recall, precision, average_precision)``, from
        scikit-learn's ``precision_recall_curve`` and
        ``average_precision_score``.

    Raises
    ------
    TypeError, ValueError
        As :func:`plot_precision_recall` does.

    Examples
    --------
    >>> positive, prevalence, curves = _precision_recall_curves(
    ...     [0, 1, 1, 0], {"none": [0.2, 0.9, 0.4, 0.6]})
    >>> positive, prevalence, round(curves["none"][2], 3)
    (1, 0.5, 0.833)
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve
    from sklearn.utils.multiclass import type_of_target

    if not isinstance(scores, Mapping):
        raise TypeError(
            "scores must map a name to the positive class's probabilities, e.g. "
            f"{{'none': p_none, 'gan': p_gan}}; got {type(scores).__name__}."
        )
    if not scores:
        raise ValueError("scores is empty: pass at least one classifier's scores.")
    y = np.asarray(y_true)
    if type_of_target(y) != "binary":
        raise ValueError(
            "Precision-recall curves need a y_true of two classes; got "
            f"{type_of_target(y)!r} labels."
        )
    positive = _positive_label(y, pos_label)
    curves = {}
    for name, values in scores.items():
        values = np.asarray(values, dtype=float)
        if values.shape != y.shape or not np.isfinite(values).all():
            raise ValueError(
                f"scores[{name!r}] must hold one finite number per row of y_true "
                f"({len(y)}); got shape {values.shape}. For predict_proba's "
                "output pass the positive class's column, e.g. proba[:, 1]."
            )
        precision, recall, _ = precision_recall_curve(y, values, pos_label=positive)
        ap = float(average_precision_score(y, values, pos_label=positive))
        curves[str(name)] = (recall, precision, ap)
    return positive, float(np.mean(y == positive)), curves


def plot_precision_recall(y_true, scores, ax=None, pos_label=None):
    """Precision-recall curves of classifiers trained with and without augmentation.

    One curve per entry of ``scores``, its average precision (scikit-learn's
    :func:`~sklearn.metrics.average_precision_score`) in the legend, and a
    dotted line at the share of positive rows, what a classifier without
    skill scores.

    Parameters
    ----------
    y_true : array-like of shape (n_rows,)
        True labels of two classes.
    scores : mapping of str to array-like of shape (n_rows,)
        A name (``"none"``, ``"gan"``, ...) to each classifier's
        probabilities (or scores) of the positive class for the same rows,
        e.g. ``predict_proba(X_test)[:, 1]``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.
    pos_label : label, optional
        The positive class; by default 1, for labels in {0, 1} or {-1, 1}.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    TypeError
        When ``scores`` is not a mapping.
    ValueError
        For an empty ``scores``, a ``y_true`` of more than two classes, a
        missing ``pos_label`` with other labels than {0, 1} or {-1, 1}, or
        scores that are not one finite number per row.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([0, 0, 0, 0, 1, 0, 1, 1])
    >>> scores = {"none": [0.1, 0.2, 0.3, 0.6, 0.5, 0.1, 0.7, 0.4],
    ...           "gan": [0.1, 0.2, 0.3, 0.4, 0.8, 0.1, 0.7, 0.6]}
    >>> fig = plot_precision_recall(y, scores)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['none (AP = 0.806)', 'gan (AP = 1.000)', 'chance (0.375)']
    """
    positive, prevalence, curves = _precision_recall_curves(y_true, scores, pos_label)
    fig, ax = _one_panel(ax, (5.0, 4.2))
    for name, (recall, precision, ap) in curves.items():
        ax.plot(
            recall, precision, drawstyle="steps-post", label=f"{name} (AP = {ap:.3f})"
        )
    ax.axhline(
        prevalence, color="gray", linestyle=":", label=f"chance ({prevalence:.3f})"
    )
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title(f"precision-recall, positive class {positive}", fontsize=9)
    ax.legend(fontsize=8)
    return fig


def _cd_cliques(ranks: pd.Series, cd: float) -> list[list[str]]:
    """Maximal groups of methods whose mean ranks differ by less than ``cd``.

    Demsar's figure joins methods that the Nemenyi test does not tell apart:
    two mean ranks differ significantly when they are at least ``cd`` apart.
    A group is a run of consecutive methods in rank order; runs inside a
    longer run are left out.

    Parameters
    ----------
    ranks : Series
        Mean rank by method, sorted ascending.
    cd : float
        The critical difference.

    Returns
    -------
    list of list of str
        Groups of two or more methods, best ranks first.
    """
    values = ranks.to_numpy(dtype=float)
    names = [str(name) for name in ranks.index]
    cliques: list[list[str]] = []
    last_end = -1
    for start in range(len(values)):
        end = start
        while end + 1 < len(values) and values[end + 1] - values[start] < cd:
            end += 1
        # A run that ends where the previous one did lies inside it.
        if end > start and end > last_end:
            cliques.append(names[start : end + 1])
            last_end = end
    return cliques


def plot_critical_difference(
    ranks,
    *,
    cd: float | None = None,
    cliques=None,
    ax=None,
    title: str | None = None,
):
    """Critical-difference diagram of mean ranks (Demsar 2006).

    Methods hang from an axis of mean ranks (1, the best, on the left), the
    better half labelled on the left, the rest on the right. Thick bars join
    methods that are not significantly different: the groups given as
    ``cliques`` (e.g. from Holm-corrected Wilcoxon tests), or, given ``cd``
    alone, the groups whose mean ranks lie less than the Nemenyi critical
    difference apart. With ``cd``, a bar of that length is drawn above the
    axis.

    Parameters
    ----------
    ranks : mapping or Series of str to float
        Mean rank of each method (1 = best).
    cd : float, optional
        The critical difference, in rank units.
    cliques : sequence of sequences of str, optional
        Groups of methods to join; each needs two or more methods of
        ``ranks``. Overrides the groups derived from ``cd``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure (not registered with pyplot,
        so it needs no closing).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    ValueError
        For no ranks, a rank that is not a finite number, a negative ``cd``
        or a clique naming an unknown method.

    Examples
    --------
    >>> fig = plot_critical_difference(
    ...     {"none": 3.14, "smote": 2.0, "ros": 2.89, "gan": 1.96}, cd=1.25)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text() == "gan"]
    ['gan']
    """
    from matplotlib.figure import Figure

    series = pd.Series(ranks, dtype=float)
    if series.empty:
        raise ValueError("ranks is empty: pass the mean rank of each method.")
    if not np.isfinite(series.to_numpy()).all():
        bad = [str(m) for m, r in series.items() if not np.isfinite(r)]
        raise ValueError(f"ranks must be finite numbers; {bad} are not.")
    if cd is not None and not (np.isfinite(cd) and cd >= 0):
        raise ValueError(f"cd must be a finite number >= 0; got {cd!r}.")
    series.index = [str(name) for name in series.index]
    series = series.sort_values(kind="stable")
    if cliques is None:
        groups = _cd_cliques(series, cd) if cd is not None else []
    else:
        groups = [[str(name) for name in clique] for clique in cliques]
        unknown = sorted({n for g in groups for n in g} - set(series.index))
        if unknown:
            raise ValueError(f"cliques name methods without a rank: {unknown}.")
        if any(len(g) < 2 for g in groups):
            raise ValueError("each clique needs two or more methods.")

    k = len(series)
    low = 1.0
    high = float(max(k, math.ceil(series.max())))
    n_left = math.ceil(k / 2)
    row_height = 0.3
    height = 1.1 + row_height * (n_left + 1) + 0.15 * len(groups)
    if ax is None:
        fig = Figure(figsize=(7.0, height))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0 if title is None else 0.88))
    else:
        fig = ax.figure
    ax.set_axis_off()

    # Data coordinates: x in rank units, y downwards from the axis at 0.
    span = max(high - low, 1.0)
    label_room = 0.45 * span
    ax.set_xlim(low - label_room, high + label_room)
    top = -0.75 if cd is not None else -0.35
    bottom = row_height * (n_left + 1) + 0.15 * len(groups) + 0.2
    ax.set_ylim(bottom, top)
    line = {"color": "black", "linewidth": 1.0}
    ax.plot([low, high], [0, 0], **line)
    ticks = np.arange(low, high + 1)
    for tick in ticks:
        ax.plot([tick, tick], [0, -0.07], **line)
        ax.text(tick, -0.1, f"{tick:g}", ha="center", va="bottom", fontsize=9)
    if cd is not None:
        ax.plot([low, low + cd], [-0.5, -0.5], color="black", linewidth=1.5)
        for end in (low, low + cd):
            ax.plot([end, end], [-0.55, -0.45], **line)
        ax.text(low + cd / 2, -0.56, f"CD = {cd:.2f}", ha="center", va="bottom")

    # Clique bars first, so that labels hang below them.
    clique_top = 0.12
    for i, group in enumerate(groups):
        values = series[group]
        y = clique_top + 0.15 * i
        ax.plot(
            [values.min() - 0.03, values.max() + 0.03],
            [y, y],
            color="black",
            linewidth=3.0,
            solid_capstyle="round",
        )
    first_row = clique_top + 0.15 * len(groups) + row_height
    for i, (name, rank) in enumerate(series.items()):
        left = i < n_left
        row = i if left else k - 1 - i
        y = first_row + row_height * row
        x_text = low - 0.1 * span if left else high + 0.1 * span
        ax.plot([rank, rank], [0, y], **line)
        ax.plot([rank, x_text], [y, y], **line)
        ax.text(
            x_text + (-0.03 if left else 0.03) * span,
            y,
            f"{rank:.2f}",
            ha="left" if left else "right",
            va="bottom",
            fontsize=8,
        )
        ax.text(
            x_text + (-0.04 if left else 0.04) * span,
            y,
            name,
            ha="right" if left else "left",
            va="center",
            fontsize=9,
        )
    if title is not None:
        ax.set_title(title, fontsize=9)
    return fig
