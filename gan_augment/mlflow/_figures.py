"""Figures of a fitted augmenter, logged as run artifacts.

The loss curves (``figures/loss_curves.png``) and the real-vs-synthetic
figures of the oversampled classes: per-class marginals for tables
(``figures/marginals_class_<c>.png``), one grid of real and synthetic images
for images (``figures/image_grid.png``). :mod:`gan_augment.plotting` draws
them; this module decides which to draw and where they go.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .._containers import to_frame
from .._labels import plain_label
from ..plotting import plot_image_grid, plot_losses, plot_marginals
from ._client import log_figure as log_to_active_run


def log_quality_figures(
    augmenter, X, y, max_columns: int = 12, *, samples: bool = True
) -> None:
    """Log the loss curves and real-vs-synthetic figures of the oversampled classes.

    Tables get the marginals of each class; images (``image_shape`` set) get
    one grid of real and synthetic images per class.
    :class:`~gan_augment.mlflow.MlflowCallback` logs the same real-vs-synthetic
    figures when its fit ends; this function is for an augmenter fitted
    without it, or for another run.

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    X, y : the real data it was fitted on (DataFrame/array and labels).
    max_columns : int, default=12
    samples : bool, default=True
        Also log the real-vs-synthetic figures; False logs the loss curves
        only (for a fit whose :class:`~gan_augment.mlflow.MlflowCallback`
        logged the rest).

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import log_quality_figures
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "figures", artifact_location=(tmp / "figures").as_uri()
    ... )
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> with mlflow.start_run(experiment_id=experiment_id) as run:
    ...     log_quality_figures(augmenter, X, y)
    >>> artifacts = mlflow.MlflowClient().list_artifacts(run.info.run_id, "figures")
    >>> [artifact.path for artifact in artifacts]  # class 1 was oversampled
    ['figures/loss_curves.png', 'figures/marginals_class_1.png']
    >>> mlflow.set_tracking_uri(None)
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(augmenter, "generators_")
    n_rows = X.shape[0] if hasattr(X, "shape") else len(X)
    if n_rows != len(y):
        raise ValueError(
            f"X has {n_rows} rows and y {len(y)} labels: pass the data the "
            "augmenter was fitted on."
        )
    classes = {str(plain_label(c)) for c in augmenter.classes_}
    given = {str(plain_label(c)) for c in pd.unique(np.asarray(y))}
    if samples and not given & classes:
        raise ValueError(
            f"y's labels {sorted(given)[:10]} are none of the augmenter's classes "
            f"{sorted(classes)}: pass the labels it was fitted on."
        )
    import matplotlib.pyplot as plt

    fig = plot_losses(augmenter.history_)
    log_to_active_run(fig, "figures/loss_curves.png")
    plt.close(fig)
    if samples:
        log_sample_figures(augmenter, X, y, log_to_active_run, max_columns)


def log_sample_figures(
    augmenter,
    X,
    y,
    log_figure: Callable[[object, str], None],
    max_columns: int = 12,
) -> None:
    """Real-vs-synthetic figures of the oversampled classes, via ``log_figure``.

    ``log_figure(fig, artifact_file)`` logs to the active run or to a run the
    caller names (a client's ``log_figure`` bound to it): the same figures go
    to either.
    """
    import matplotlib.pyplot as plt

    frame = to_frame(X)
    names = getattr(augmenter, "feature_names_in_", None)
    if (
        not isinstance(X, pd.DataFrame)
        and names is not None
        and (len(names) == frame.shape[1])
    ):
        # An array of a frame-fitted augmenter: its synthetic rows carry names.
        frame.columns = list(names)
    labels = np.asarray(y)
    oversampled = [
        cls
        for cls, n in augmenter.sampling_strategy_.items()
        if n > 0 and cls in augmenter.generators_
    ]
    if getattr(augmenter, "image_shape", None) is not None:
        if oversampled:
            synthetic, synthetic_y = augmenter.sample(dict.fromkeys(oversampled, 8))
            fig = plot_image_grid(
                frame.to_numpy(),
                labels,
                np.asarray(synthetic),
                np.asarray(synthetic_y),
                augmenter.image_shape,
            )
            log_figure(fig, "figures/image_grid.png")
            plt.close(fig)
        return
    for cls in oversampled:
        real = frame[labels == cls]
        if len(real) == 0:
            continue
        synthetic, _ = augmenter.sample({cls: max(len(real), 200)})
        synthetic = (
            synthetic
            if isinstance(synthetic, pd.DataFrame)
            else pd.DataFrame(synthetic, columns=frame.columns)
        )
        fig = plot_marginals(real, synthetic, max_columns=max_columns)
        fig.suptitle(f"class {cls}: real vs synthetic", y=1.02)
        log_figure(fig, f"figures/marginals_class_{cls}.png")
        plt.close(fig)
