"""Downstream gains as MLflow metrics, and a table of gains as a table and a figure.

A gain result (:class:`gan_augment.metrics.GainResult`, or a plain dict) is
logged as its finite numbers only: MLflow metrics are floats, and a NaN gain
(a metric undefined on some fold) would hide the others in MLflow's charts.
"""

from __future__ import annotations

import math
import re
import time

import numpy as np

from ..plotting import plot_gain_forest
from ._client import client, log_batch, log_metrics, require_run_id


def gain_metrics(gain) -> dict[str, float]:
    """The finite numbers of ``gain`` as ``{name: float}``; ``{}`` for None.

    Examples
    --------
    >>> gain_metrics({"gain_f1": 0.1, "gain_auc": float("nan"), "note": "text"})
    {'gain_f1': 0.1}
    """
    if gain is None:
        return {}
    values = gain.to_dict() if hasattr(gain, "to_dict") else dict(gain)
    return {
        str(k): float(v)
        for k, v in values.items()
        if isinstance(v, int | float | np.number) and math.isfinite(float(v))
    }


def log_gain(gain, *, prefix: str = "", run_id: str | None = None) -> dict:
    """Log a gain result's numbers as metrics (names contain ``gain``).

    Parameters
    ----------
    gain : GainResult or dict
    prefix : str, default=""
        Prepended to every metric name; characters MLflow refuses in a name
        (e.g. the ``+`` of ``"gan+albumentations"``) become ``_``.
    run_id : str, optional
        Defaults to the active run.

    Returns
    -------
    dict
        The metrics sent.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from gan_augment.mlflow import log_gain
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "log_gain", artifact_location=(tmp / "log_gain").as_uri()
    ... )
    >>> gain = {"gain_roc_auc": 0.031, "gain_f1": float("nan"), "note": "text"}
    >>> with mlflow.start_run(experiment_id=experiment_id) as run:
    ...     sent = log_gain(gain, prefix="gan+logreg_")
    >>> sent  # no NaN, no text; the "+" of the prefix became "_"
    {'gan_logreg_gain_roc_auc': 0.031}
    >>> _ = log_gain({"gain_roc_auc": 0.02}, run_id=run.info.run_id)  # run ended
    >>> sorted(mlflow.get_run(run.info.run_id).data.metrics.items())
    [('gain_roc_auc', 0.02), ('gan_logreg_gain_roc_auc', 0.031)]
    >>> mlflow.set_tracking_uri(None)
    """
    prefix = re.sub(r"[^\w\-. :/]", "_", prefix)
    metrics = {f"{prefix}{k}": v for k, v in gain_metrics(gain).items()}
    if run_id is None:
        log_metrics(metrics)
    else:
        stamp = int(time.time() * 1000)
        log_batch(run_id, metrics=[(k, v, stamp, 0) for k, v in metrics.items()])
    return metrics


#: Where :func:`log_gain_summary` puts the table and its figure in the run.
GAIN_TABLE_FILE = "gain_summary.json"
GAIN_FOREST_FILE = "figures/gain_forest.png"


def log_gain_summary(table, *, run_id: str | None = None) -> None:
    """Log a table of gains as an MLflow table and as a forest plot.

    The table goes in with ``log_table`` (``gain_summary.json``: MLflow's
    table view shows it, and ``mlflow.load_table`` reads it back), the
    forest plot of each augmenter x classifier's mean gain with its interval
    (:func:`~gan_augment.plotting.plot_gain_forest`) as
    ``figures/gain_forest.png``. This is the comparison a parent run of
    :func:`~gan_augment.pipeline.run_pipeline` holds.

    Parameters
    ----------
    table : DataFrame or GainResult
        :func:`~gan_augment.pipeline.run_pipeline`'s result (one row per
        augmenter x classifier x metric) or
        :func:`~gan_augment.metrics.augmentation_gain`'s result or its
        ``summary``; it is not changed.
    run_id : str, optional
        The run to log to, active or not; defaults to the active run.

    Raises
    ------
    ValueError
        With no ``run_id`` and no active run, or a table without ``metric``
        and ``gain_mean`` (checked before anything is logged).

    Notes
    -----
    ``log_table`` appends to a table already logged under the same name in
    the run: log one summary per run.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> import pandas as pd
    >>> from gan_augment.mlflow._gain import log_gain_summary
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "gain_summary", artifact_location=(tmp / "gain_summary").as_uri()
    ... )
    >>> table = pd.DataFrame({
    ...     "augmenter": ["gan", "smote"], "classifier": ["logreg", "logreg"],
    ...     "metric": ["balanced_accuracy"] * 2, "gain_mean": [0.031, 0.025],
    ...     "ci_low": [0.010, 0.001], "ci_high": [0.052, 0.049]})
    >>> with mlflow.start_run(experiment_id=experiment_id) as run:
    ...     log_gain_summary(table)
    >>> loaded = mlflow.MlflowClient().load_table(
    ...     experiment_id, "gain_summary.json", run_ids=[run.info.run_id]
    ... )
    >>> loaded[["augmenter", "gain_mean"]].to_numpy().tolist()
    [['gan', 0.031], ['smote', 0.025]]
    >>> listed = mlflow.MlflowClient().list_artifacts(run.info.run_id, "figures")
    >>> [artifact.path for artifact in listed]
    ['figures/gain_forest.png']
    >>> mlflow.set_tracking_uri(None)
    """
    run_id = require_run_id(run_id, "log_gain_summary")
    # Drawn first: the figure checks the table before anything is logged.
    fig = plot_gain_forest(table)
    frame = getattr(table, "summary", table)
    if "metric" not in frame.columns:
        frame = frame.reset_index()  # a GainResult's summary, indexed by metric
    tracking = client()
    # A copy: log_table may rewrite columns of the frame it is given.
    tracking.log_table(run_id, frame.copy(), GAIN_TABLE_FILE)
    tracking.log_figure(run_id, fig, GAIN_FOREST_FILE)
