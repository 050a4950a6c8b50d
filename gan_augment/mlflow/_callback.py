"""MlflowCallback: a fit's parameters, losses and figures, logged as it trains.

The callback listens to ``GANAugmenter``'s training hooks (``on_fit_begin``,
``on_train_begin``, ``on_epoch_end``, ``on_train_end``, ``on_fit_end``,
``on_fit_error``); see the architecture page (``docs/architecture.md``) for
where they fire. Tracking never stops training: a failing store is reported
once as a warning and the unsent metrics go to a local file.

:func:`augmenter_params` and :func:`augmenter_tags` say what a fit's run
records about the estimator; autologging (``_autolog``) logs the same.
"""

from __future__ import annotations

import json
import logging
import numbers
import os
import time
import warnings
from collections.abc import Mapping

from ._client import _PARAM_LIMIT, active_run_id, client, log_batch, mlflow_module
from ._figures import log_quality_figures

logger = logging.getLogger(__name__)

#: Parameters that hold objects, not settings: never logged.
_UNLOGGED = frozenset({"callbacks"})


def augmenter_params(augmenter) -> dict[str, str]:
    """An estimator's ``get_params(deep=True)`` as MLflow parameters.

    MLflow's own flavours log every parameter, nested ones included; so does
    this. Values become text: scalars as they print, callables by name (their
    ``repr`` holds a memory address that changes every run), objects by
    ``repr``, each cut to the 6000 characters MLflow accepts. ``callbacks``
    (objects that listen to the fit, not settings of it) is left out.

    Parameters
    ----------
    augmenter : estimator
        Has ``get_params``.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> from gan_augment import GANAugmenter
    >>> params = augmenter_params(GANAugmenter(n_steps=30, generator_dims=(64,)))
    >>> params["n_steps"], params["generator_dims"], params["sampling_strategy"]
    ('30', '(64,)', 'auto')
    >>> "callbacks" in params
    False
    """
    params = {}
    for key, value in sorted(augmenter.get_params(deep=True).items()):
        if key.rsplit("__", 1)[-1] in _UNLOGGED:
            continue
        if value is None or isinstance(value, str | bool | numbers.Number):
            text = str(value)
        elif callable(value) and hasattr(value, "__qualname__"):
            text = f"{getattr(value, '__module__', '')}.{value.__qualname__}"
        else:
            text = repr(value)
        params[key] = text[:_PARAM_LIMIT]
    return params


def augmenter_tags(augmenter) -> dict[str, str]:
    """The estimator's class and the library version, as run tags.

    The keys are MLflow's scikit-learn autologging's (``estimator_name``,
    ``estimator_class``) plus ``gan_augment.version``.

    Examples
    --------
    >>> from gan_augment import GANAugmenter
    >>> tags = augmenter_tags(GANAugmenter())
    >>> tags["estimator_name"], tags["estimator_class"]
    ('GANAugmenter', 'gan_augment.GANAugmenter')
    """
    import gan_augment

    cls = type(augmenter)
    public = getattr(gan_augment, cls.__name__, None) is cls
    module = "gan_augment" if public else cls.__module__
    return {
        "estimator_name": cls.__name__,
        "estimator_class": f"{module}.{cls.__qualname__}",
        "gan_augment.version": gan_augment.__version__,
    }


def log_estimator(run_id: str, augmenter) -> None:
    """Log :func:`augmenter_params` and :func:`augmenter_tags` on a run.

    A parameter the run already holds with another value (a second fit
    logged into one run) is kept as it is, with a warning: MLflow refuses to
    change a parameter, and refusing the whole batch would lose the rest.
    """
    from mlflow.entities import Param, RunTag

    tracking = client()
    params = augmenter_params(augmenter)
    held = tracking.get_run(run_id).data.params
    changed = sorted(k for k, v in params.items() if k in held and held[k] != v)
    if changed:
        logger.warning(
            "Run %s already holds parameters %s from an earlier fit; they keep "
            "their first values. Start a run per fit to log each one.",
            run_id,
            changed[:10],
        )
    tracking.log_batch(
        run_id,
        params=[Param(k, v) for k, v in params.items() if k not in held],
        tags=[RunTag(k, v) for k, v in augmenter_tags(augmenter).items()],
    )


class MlflowCallback:
    """Log a GANAugmenter's training to MLflow as it happens.

    All of the augmenter's ``get_params(deep=True)`` (see
    :func:`augmenter_params`), its class and the library version (tags),
    the resolved training configuration (``train_*``) and per-epoch
    ``d_loss``/``g_loss`` go to the active run (one is started if none is
    active). ``learning_rate`` is a metric only at the epochs where a
    rollback lowered it (it is the ``learning_rate`` parameter otherwise).
    With ``conditioning="per_class"`` each class's GAN gets a nested run
    under it. When the fit ends, the figures of
    :func:`~gan_augment.mlflow.log_quality_figures` go to that run: the loss
    curves (``figures/loss_curves.png``) and the real-vs-synthetic figures of
    the oversampled classes.
    Metrics are buffered and sent with ``log_batch`` (one ``log_metric`` per
    epoch costs about 10 ms on a sqlite store). If the tracking server fails
    mid-training, training goes on: a warning is logged and the unsent
    metrics are appended to ``fallback_path`` (JSON lines).

    Parameters
    ----------
    flush_every : int, default=200
        Buffered metrics that trigger a send.
    log_figures : bool, default=True
        Log the figures of :func:`~gan_augment.mlflow.log_quality_figures`
        when the fit ends.
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
        self._learning_rate = None
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
            _learning_rate=None,
        )
        return state

    def on_fit_begin(self, augmenter) -> None:
        """Open a run for the whole fit when none is active; log the estimator.

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
            log_estimator(self._fit_run_id, augmenter)
        except Exception as exc:  # tracking must never stop training
            self._fail(exc)

    def on_train_begin(self, info: Mapping) -> None:
        """Open (or nest) the run and log the training parameters."""
        mlflow = mlflow_module()
        self._model = info.get("model", "joint")
        self._buffer = []
        config = info.get("config")
        self._learning_rate = getattr(config, "learning_rate", None)
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
            params = {"n_epochs": info.get("n_epochs")}
            if config is not None:
                params.update({f"train_{k}": v for k, v in vars(config).items()})
            self._send(params=params)
        except Exception as exc:  # tracking must never stop training
            self._fail(exc)

    def on_epoch_end(self, epoch: int, logs: Mapping) -> None:
        """Buffer the epoch's losses; send when the buffer is full."""
        timestamp = int(time.time() * 1000)
        for key in ("d_loss", "g_loss"):
            if key in logs:
                self._buffer.append((key, float(logs[key]), timestamp, int(epoch)))
        # The learning rate is a parameter; it becomes a metric only when a
        # rollback lowers it, so a constant line does not clutter the charts.
        rate = logs.get("learning_rate")
        if rate is not None and rate != self._learning_rate:
            self._buffer.append(("learning_rate", float(rate), timestamp, int(epoch)))
            self._learning_rate = rate
        if len(self._buffer) >= self.flush_every:
            self._flush()

    def on_train_end(self, history) -> None:
        """Send what is left and close the runs this GAN's training opened.

        The loss curves of the whole fit are one figure, logged when it ends.
        """
        self._flush()
        self._close_train_runs("FINISHED")

    def on_fit_end(self, augmenter, X, y) -> None:
        """Log the quality figures, then close the fit's own run."""
        if self.log_figures and self._fit_run_id and not self._broken:
            try:
                if active_run_id() == self._fit_run_id:
                    log_quality_figures(augmenter, X, y)
                else:  # the fit's run was ended under us: nowhere to log them
                    logger.info("The fit's run is no longer active; no figures.")
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
