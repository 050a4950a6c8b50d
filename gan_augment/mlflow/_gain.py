"""Downstream gains as MLflow metrics.

A gain result (:class:`gan_augment.metrics.GainResult`, or a plain dict) is
logged as its finite numbers only: MLflow metrics are floats, and a NaN gain
(a metric undefined on some fold) would hide the others in MLflow's charts.
"""

from __future__ import annotations

import math
import re
import time

import numpy as np

from ._client import log_batch, log_metrics


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
