"""Figures people read faster than numbers: loss curves and marginals.

matplotlib is imported lazily (the ``mlflow`` and ``images`` extras bring it),
with the non-interactive Agg backend when no backend was chosen.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


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
    real, synthetic : DataFrame
        Rows of one class (or all), with the same columns.
    max_columns : int, default=12
    bins : int, default=30

    Returns
    -------
    matplotlib.figure.Figure
    """
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
            edges = np.histogram_bin_edges(
                np.concatenate([r.to_numpy(float), s.to_numpy(float)]), bins=bins
            )
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
