"""Figures of a fitted augmenter and of its predictions, logged as run artifacts.

The loss curves (``figures/loss_curves.png``) and the real-vs-synthetic
figures of the oversampled classes. For tables: per-class marginals
(``figures/marginals_class_<c>.png``), per-class correlation differences
(``figures/correlation_difference_class_<c>.png``) and one PCA of the real
rows of every class with the synthetic rows (``figures/pca.png``); for
images, one grid of real and synthetic images (``figures/image_grid.png``).
Pipelines log precision-recall curves with and without augmentation
(:func:`log_precision_recall`). :mod:`gan_augment.plotting` draws them; this
module decides which to draw and where they go.

The figures are built outside pyplot, so nothing here touches the user's
backend or leaves figures open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from .._containers import to_frame
from .._labels import plain_label
from ..plotting import (
    plot_correlation_difference,
    plot_image_grid,
    plot_losses,
    plot_marginals,
    plot_pca,
    plot_precision_recall,
)
from ..plotting._gains import _precision_recall_curves
from ._client import client, require_run_id
from ._client import log_figure as log_to_active_run

logger = logging.getLogger(__name__)

#: Where each figure goes in the run's artifacts.
LOSS_FILE = "figures/loss_curves.png"
PCA_FILE = "figures/pca.png"
IMAGE_GRID_FILE = "figures/image_grid.png"
PRECISION_RECALL_FILE = "figures/precision_recall.png"


def log_quality_figures(
    augmenter, X, y, max_columns: int = 12, *, samples: bool = True
) -> None:
    """Log the loss curves and real-vs-synthetic figures of the oversampled classes.

    Tables get, per oversampled class, the marginals and the correlation
    difference (with two numeric columns or more), and one PCA of the real
    rows of every class with the synthetic rows; images (``image_shape``
    set) get one grid of real and synthetic images per class.
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
    >>> for artifact in artifacts:  # class 1 was oversampled
    ...     print(artifact.path)
    figures/correlation_difference_class_1.png
    figures/loss_curves.png
    figures/marginals_class_1.png
    figures/pca.png
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
    log_loss_figure(augmenter.history_, log_to_active_run)
    if samples:
        log_sample_figures(augmenter, X, y, log_to_active_run, max_columns)


def log_loss_figure(
    history: pd.DataFrame, log_figure: Callable[[object, str], None]
) -> None:
    """The loss curves of every GAN of a fit, as ``figures/loss_curves.png``.

    The one loss-curve figure of a fit: :func:`log_quality_figures` and
    :class:`~gan_augment.mlflow.MlflowCallback` both log it through here.

    Parameters
    ----------
    history : DataFrame
        ``GANAugmenter.history_``; nothing is logged when it is empty.
    log_figure : callable
        ``log_figure(fig, artifact_file)``, to the active run or a named one.
    """
    if len(history) == 0:
        return
    log_figure(plot_losses(history), LOSS_FILE)


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
    to either. One draw per oversampled class feeds all of its figures.
    """
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
            log_figure(fig, IMAGE_GRID_FILE)
        return
    drawn, drawn_labels = [], []
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
        fig = plot_marginals(
            real,
            synthetic,
            max_columns=max_columns,
            title=f"class {cls}: real vs synthetic",
        )
        log_figure(fig, f"figures/marginals_class_{cls}.png")
        _log_correlation_difference(real, synthetic, cls, log_figure)
        drawn.append(synthetic)
        drawn_labels.append(np.full(len(synthetic), cls, dtype=labels.dtype))
    if drawn:
        _log_pca(augmenter, frame, labels, drawn, drawn_labels, log_figure)


def _log_correlation_difference(real, synthetic, cls, log_figure) -> None:
    """The class's correlation difference, when it has two numeric columns."""
    try:
        fig = plot_correlation_difference(real, synthetic)
    except ValueError as exc:
        # Too few numeric columns for a correlation: not a failure of the fit.
        logger.debug("No correlation figure for class %s: %s", cls, exc)
        return
    fig.suptitle(f"class {cls}")
    log_figure(fig, f"figures/correlation_difference_class_{cls}.png")


def _log_pca(augmenter, frame, labels, drawn, drawn_labels, log_figure) -> None:
    """Real rows of every class and the drawn synthetic rows, in the GAN's encoding."""
    synthetic = pd.concat(drawn, ignore_index=True)
    try:
        fig = plot_pca(
            frame, labels, synthetic, np.concatenate(drawn_labels), encoder=augmenter
        )
    except ValueError as exc:
        # A table that encodes to one column has no 2-D projection.
        logger.debug("No PCA figure: %s", exc)
        return
    log_figure(fig, PCA_FILE)


def log_precision_recall(
    y_true,
    scores: Mapping,
    artifact_file: str = PRECISION_RECALL_FILE,
    *,
    pos_label=None,
    run_id: str | None = None,
) -> dict[str, float]:
    """Log precision-recall curves with and without augmentation as a figure.

    Parameters
    ----------
    y_true : array-like of shape (n_rows,)
        True labels of two classes.
    scores : mapping of str to array-like of shape (n_rows,)
        A name (``"none"``, ``"gan"``, ...) to the positive class's
        probabilities for the same rows; see
        :func:`~gan_augment.plotting.plot_precision_recall`.
    artifact_file : str, default="figures/precision_recall.png"
        Its path in the run's artifacts.
    pos_label : label, optional
        The positive class; by default 1, for labels in {0, 1} or {-1, 1}.
    run_id : str, optional
        The run to log to, active or not; defaults to the active run.

    Returns
    -------
    dict
        The average precision of each name, as the legend shows it
        (scikit-learn's ``average_precision_score``).

    Raises
    ------
    ValueError
        With no ``run_id`` and no active run, or scores the figure refuses.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from gan_augment.mlflow._figures import log_precision_recall
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "precision_recall", artifact_location=(tmp / "precision_recall").as_uri()
    ... )
    >>> y = [0, 0, 0, 0, 1, 0, 1, 1]
    >>> scores = {"none": [0.1, 0.2, 0.3, 0.6, 0.5, 0.1, 0.7, 0.4],
    ...           "gan": [0.1, 0.2, 0.3, 0.4, 0.8, 0.1, 0.7, 0.6]}
    >>> with mlflow.start_run(experiment_id=experiment_id) as run:
    ...     average_precision = log_precision_recall(y, scores)
    >>> {name: round(ap, 3) for name, ap in average_precision.items()}
    {'none': 0.806, 'gan': 1.0}
    >>> listed = mlflow.MlflowClient().list_artifacts(run.info.run_id, "figures")
    >>> [artifact.path for artifact in listed]
    ['figures/precision_recall.png']
    >>> mlflow.set_tracking_uri(None)
    """
    run_id = require_run_id(run_id, "log_precision_recall")
    # Checked before drawing, and the same numbers as the legend's.
    _, _, curves = _precision_recall_curves(y_true, scores, pos_label)
    fig = plot_precision_recall(y_true, scores, pos_label=pos_label)
    client().log_figure(run_id, fig, artifact_file)
    return {name: ap for name, (_, _, ap) in curves.items()}
