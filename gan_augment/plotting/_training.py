"""The training losses of a fitted augmenter.

Part of :mod:`gan_augment.plotting` (see the package docstring).
"""

from __future__ import annotations

import pandas as pd

from ._base import _new_figure


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
