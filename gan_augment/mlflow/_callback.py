"""MlflowCallback: a fit's parameters, losses and figures, logged as it trains.

The callback listens to ``GANAugmenter``'s training hooks (``on_fit_begin``,
``on_train_begin``, ``on_epoch_end``, ``on_train_end``, ``on_fit_end``,
``on_fit_error``); see the architecture page (``docs/architecture.md``) for
where they fire. Tracking never stops training: a failing store is reported
once as a warning and the unsent metrics go to a local file.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from collections.abc import Mapping

import pandas as pd

from ..plotting import plot_losses
from ._client import active_run_id, client, log_batch, mlflow_module
from ._figures import log_sample_figures


class MlflowCallback:
    """Log a GANAugmenter's training to MLflow as it happens.

    Parameters, per-epoch ``d_loss``/``g_loss`` and a loss-curve figure go to
    the active run (one is started if none is active). With
    ``conditioning="per_class"`` each class's GAN gets a nested run under it.
    When the fit ends, real-vs-synthetic figures of the oversampled classes go
    to that run too, as :func:`~gan_augment.mlflow.log_quality_figures` draws
    them: an image grid (``figures/image_grid.png``) for images, per-class
    marginals for tables.
    Metrics are buffered and sent with ``log_batch`` (one ``log_metric`` per
    epoch costs about 10 ms on a sqlite store). If the tracking server fails
    mid-training, training goes on: a warning is logged and the unsent
    metrics are appended to ``fallback_path`` (JSON lines).

    Parameters
    ----------
    flush_every : int, default=200
        Buffered metrics that trigger a send.
    log_figures : bool, default=True
        Log the loss curves as ``training/loss_curves_<model>.png`` and, at
        the end of the fit, the real-vs-synthetic figures.
    fallback_path : str or path-like, default="mlflow_unsent_metrics.jsonl"

    Examples
    --------
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import MlflowCallback
    >>> augmenter = GANAugmenter(callbacks=[MlflowCallback()])  # doctest: +SKIP
    """

    def __init__(
        self,
        flush_every: int = 200,
        log_figures: bool = True,
        fallback_path: str | os.PathLike = "mlflow_unsent_metrics.jsonl",
    ):
        self.flush_every = flush_every
        self.log_figures = log_figures
        self.fallback_path = fallback_path
        self._buffer: list = []
        self._run_id: str | None = None
        self._owned_runs: list[str] = []
        self._fit_run_id: str | None = None
        self._owns_fit_run = False
        self._model = None
        self._broken = False

    #: The class run this callback opened and has not closed yet (per-class
    #: fits); a class default, so callbacks pickled before it still load.
    _open_child: str | None = None

    def __getstate__(self):
        # Callbacks travel with the augmenter (pickle, joblib): the client and
        # run bookkeeping do not.
        state = dict(self.__dict__)
        state.update(
            _buffer=[],
            _run_id=None,
            _owned_runs=[],
            _open_child=None,
            _fit_run_id=None,
            _owns_fit_run=False,
            _model=None,
        )
        return state

    def on_fit_begin(self, augmenter) -> None:
        """Open a run for the whole fit when none is active.

        Every GAN of the fit (one per class with ``per_class``) then logs
        into it or into a run nested under it.
        """
        mlflow = mlflow_module()
        self._broken = False
        self._fit_run_id, self._owns_fit_run = None, False
        try:
            active = mlflow.active_run()
            if active is None:
                active, self._owns_fit_run = mlflow.start_run(), True
            self._fit_run_id = active.info.run_id
        except Exception as exc:  # tracking must never stop training
            self._fail(exc)

    def on_train_begin(self, info: Mapping) -> None:
        """Open (or nest) the run and log the training parameters."""
        mlflow = mlflow_module()
        self._model = info.get("model", "joint")
        self._buffer = []
        try:
            active = mlflow.active_run()
            if active is None:
                active = mlflow.start_run()
                self._owned_runs.append(active.info.run_id)
            run_id = active.info.run_id
            if self._model != "joint":
                child = client().create_run(
                    active.info.experiment_id,
                    tags={
                        "mlflow.parentRunId": run_id,
                        "mlflow.runName": f"class {self._model}",
                        "gan_augment.class": str(self._model),
                    },
                )
                run_id = child.info.run_id
                self._open_child = run_id
            self._run_id = run_id
            config = info.get("config")
            params = {"n_epochs": info.get("n_epochs")}
            if config is not None:
                params.update({f"train_{k}": v for k, v in vars(config).items()})
            self._send(params=params)
        except Exception as exc:  # tracking must never stop training
            self._fail(exc)

    def on_epoch_end(self, epoch: int, logs: Mapping) -> None:
        """Buffer the epoch's losses; send when the buffer is full."""
        timestamp = int(time.time() * 1000)
        for key in ("d_loss", "g_loss", "learning_rate"):
            if key in logs:
                self._buffer.append((key, float(logs[key]), timestamp, int(epoch)))
        if len(self._buffer) >= self.flush_every:
            self._flush()

    def on_train_end(self, history) -> None:
        """Send what is left, log the loss-curve figure, close owned runs."""
        self._flush()
        if self.log_figures and self._run_id and not self._broken and history:
            try:
                frame = pd.DataFrame(history).assign(model=str(self._model))
                fig = plot_losses(frame)
                client().log_figure(
                    self._run_id, fig, f"training/loss_curves_{self._model}.png"
                )
                import matplotlib.pyplot as plt

                plt.close(fig)
            except Exception as exc:
                self._fail(exc)
        self._close_train_runs("FINISHED")

    def on_fit_end(self, augmenter, X, y) -> None:
        """Log the real-vs-synthetic figures, then close the fit's own run."""
        if self.log_figures and self._fit_run_id and not self._broken:
            run_id = self._fit_run_id
            try:
                tracking = client()

                def log_figure(fig, artifact_file):
                    tracking.log_figure(run_id, fig, artifact_file)

                log_sample_figures(augmenter, X, y, log_figure)
            except Exception as exc:
                self._fail(exc)
        self._end_fit_run("FINISHED")

    def on_fit_error(self, augmenter, exc: BaseException) -> None:
        """Close the runs still open (a class's, the fit's) as KILLED or FAILED."""
        self._flush()
        status = "KILLED" if isinstance(exc, KeyboardInterrupt) else "FAILED"
        self._close_train_runs(status)
        self._end_fit_run(status)

    def _close_train_runs(self, status: str) -> None:
        """Close the class run and the runs this GAN's training opened."""
        if self._open_child and not self._broken:
            try:
                client().set_terminated(self._open_child, status)
            except Exception as exc:
                self._fail(exc)
        self._open_child = None
        for run_id in self._owned_runs:
            if active_run_id() == run_id:
                mlflow_module().end_run(status)
        self._owned_runs = []

    def _end_fit_run(self, status: str) -> None:
        run_id, self._fit_run_id = self._fit_run_id, None
        if run_id is None or not self._owns_fit_run:
            return
        mlflow = mlflow_module()
        active = mlflow.active_run()
        try:
            if active is not None and active.info.run_id == run_id:
                mlflow.end_run(status)
        except Exception as exc:
            self._fail(exc)

    # -- sending
    def _flush(self) -> None:
        if not self._buffer:
            return
        pending, self._buffer = self._buffer, []
        if self._broken or self._run_id is None:
            self._keep_locally(pending)
            return
        try:
            self._send(metrics=pending)
        except Exception as exc:
            self._fail(exc)
            self._keep_locally(pending)

    def _send(self, params: Mapping | None = None, metrics: list | None = None):
        log_batch(self._run_id, params=params, metrics=metrics or [])

    def _fail(self, exc: Exception) -> None:
        if not self._broken:
            warnings.warn(
                f"MLflow tracking failed ({type(exc).__name__}: {exc}); training "
                f"continues and unsent metrics go to {self.fallback_path}.",
                RuntimeWarning,
                stacklevel=3,
            )
        self._broken = True

    def _keep_locally(self, pending: list) -> None:
        with open(self.fallback_path, "a", encoding="utf-8") as handle:
            for key, value, timestamp, step in pending:
                record = {
                    "run_id": self._run_id,
                    "model": str(self._model),
                    "key": key,
                    "value": value,
                    "timestamp": timestamp,
                    "step": step,
                }
                handle.write(json.dumps(record) + "\n")
