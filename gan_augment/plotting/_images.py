"""Real and synthetic images side by side.

Part of :mod:`gan_augment.plotting` (see the package docstring).
"""

from __future__ import annotations

import numpy as np

from .._validation import is_positive_int
from ._base import _new_figure


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
    from .._images import check_image_shape

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
