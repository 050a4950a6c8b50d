"""Figures people read faster than numbers: loss curves, marginals, ranks.

matplotlib is imported lazily (the ``mlflow`` and ``images`` extras bring it),
with the non-interactive Agg backend when no backend was chosen.
:func:`plot_critical_difference` builds its ``matplotlib.figure.Figure``
directly, without pyplot's global state, so it is safe in servers and
threads and its figures need no closing.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._containers import to_frame
from ._validation import is_positive_int


def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "Figures need matplotlib: pip install 'gan-augment[mlflow]'."
        ) from exc
    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline"):
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def plot_losses(history: pd.DataFrame):
    """Discriminator and generator loss per epoch, one panel per GAN.

    Parameters
    ----------
    history : DataFrame
        ``GANAugmenter.history_``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> history = pd.DataFrame({"model": ["joint"] * 3, "epoch": [1, 2, 3],
    ...                         "d_loss": [1.4, 1.2, 1.3], "g_loss": [0.7, 0.9, 0.8]})
    >>> fig = plot_losses(history)
    >>> len(fig.axes)
    1
    """
    if len(history) == 0:
        raise ValueError("history is empty: plot the history_ of a fitted augmenter.")
    plt = _pyplot()
    models = list(dict.fromkeys(history["model"]))
    fig, axes = plt.subplots(
        1, len(models), figsize=(5 * len(models), 3.2), squeeze=False
    )
    for ax, model in zip(axes[0], models, strict=True):
        part = history[history["model"] == model]
        ax.plot(part["epoch"], part["d_loss"], label="D loss")
        ax.plot(part["epoch"], part["g_loss"], label="G loss")
        ax.set_title(f"GAN: {model}")
        ax.set_xlabel("epoch")
        ax.legend()
    fig.tight_layout()
    return fig


def plot_marginals(
    real: pd.DataFrame, synthetic: pd.DataFrame, max_columns: int = 12, bins: int = 30
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
    plt = _pyplot()
    columns = list(real.columns)[:max_columns]
    n_cols = min(4, len(columns))
    n_rows = math.ceil(len(columns) / n_cols)
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(3.6 * n_cols, 2.8 * n_rows), squeeze=False
    )
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
    for ax in axes.ravel()[len(columns) :]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=7)
    fig.tight_layout()
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
    plt = _pyplot()
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
    fig, axes = plt.subplots(
        len(classes),
        n_cols,
        figsize=(0.5 * n_cols + 1, 0.55 * len(classes) + 0.6),
        squeeze=False,
    )
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
    fig.subplots_adjust(wspace=0.05, hspace=0.05)
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
