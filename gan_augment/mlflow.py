"""MLflow adapter: training curves, gains, and generators in the model registry.

The only library module that imports mlflow, and only when its functions run:
``import gan_augment`` never loads mlflow. Install it with
``pip install 'gan-augment[mlflow]'``.

With ``MLFLOW_TRACKING_URI`` unset, MLflow 3 writes to ``sqlite:///mlflow.db``
in the working directory; look at it with
``mlflow ui --backend-store-uri sqlite:///mlflow.db``.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import tempfile
import time
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ._labels import plain_label
from ._serialization import load_augmenter as _load_folder
from ._serialization import save_augmenter as _save_folder
from ._validation import free_column_name

logger = logging.getLogger(__name__)

#: The registry alias that marks the best generator so far.
CHAMPION_ALIAS = "champion"
#: The metric that decides who is champion (higher is better).
CHAMPION_METRIC = "gain_balanced_accuracy"
_BATCH_LIMIT = 1000
_MODEL_CODE = Path(__file__).with_name("_pyfunc_code.py")


def _mlflow():
    try:
        import mlflow
    except ImportError as exc:
        raise ImportError(
            "gan_augment.mlflow needs MLflow: pip install 'gan-augment[mlflow]'."
        ) from exc
    return mlflow


# --------------------------------------------------------------- callback
class MlflowCallback:
    """Log a GANAugmenter's training to MLflow as it happens.

    Parameters, per-epoch ``d_loss``/``g_loss`` and a loss-curve figure go to
    the active run (one is started if none is active). With
    ``conditioning="per_class"`` each class's GAN gets a nested run under it.
    When the fit ends, real-vs-synthetic figures of the oversampled classes go
    to that run too, as :func:`log_quality_figures` draws them: an image grid
    (``figures/image_grid.png``) for images, per-class marginals for tables.
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
        mlflow = _mlflow()
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
        mlflow = _mlflow()
        self._model = info.get("model", "joint")
        self._buffer = []
        try:
            active = mlflow.active_run()
            if active is None:
                active = mlflow.start_run()
                self._owned_runs.append(active.info.run_id)
            run_id = active.info.run_id
            if self._model != "joint":
                client = mlflow.MlflowClient()
                child = client.create_run(
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
        mlflow = _mlflow()
        if self.log_figures and self._run_id and not self._broken and history:
            try:
                from .plotting import plot_losses

                frame = pd.DataFrame(history).assign(model=str(self._model))
                fig = plot_losses(frame)
                mlflow.MlflowClient().log_figure(
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
                client = _mlflow().MlflowClient()

                def log_figure(fig, artifact_file):
                    client.log_figure(run_id, fig, artifact_file)

                _log_sample_figures(augmenter, X, y, log_figure)
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
        mlflow = _mlflow()
        if self._open_child and not self._broken:
            try:
                mlflow.MlflowClient().set_terminated(self._open_child, status)
            except Exception as exc:
                self._fail(exc)
        self._open_child = None
        for run_id in self._owned_runs:
            active = mlflow.active_run()
            if active is not None and active.info.run_id == run_id:
                mlflow.end_run(status)
        self._owned_runs = []

    def _end_fit_run(self, status: str) -> None:
        run_id, self._fit_run_id = self._fit_run_id, None
        if run_id is None or not self._owns_fit_run:
            return
        mlflow = _mlflow()
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
        from mlflow.entities import Metric, Param

        client = _mlflow().MlflowClient()
        if params:
            client.log_batch(
                self._run_id,
                params=[Param(k, str(v)[:6000]) for k, v in params.items()],
            )
        metrics = metrics or []
        for start in range(0, len(metrics), _BATCH_LIMIT):
            chunk = metrics[start : start + _BATCH_LIMIT]
            client.log_batch(
                self._run_id,
                metrics=[Metric(k, v, t, s) for k, v, t, s in chunk],
                synchronous=True,
            )

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


# ------------------------------------------------------------- pyfunc model
def generate_frame(augmenter, request: pd.DataFrame, params=None) -> pd.DataFrame:
    """Answer a pyfunc request: ``label``/``n_samples`` rows in, samples out.

    The logged model's ``predict`` calls this; no MLflow is needed to use it.

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    request : DataFrame
        Columns ``label`` (a class, or its text) and ``n_samples``.
    params : dict, optional
        ``random_state``: the seed of the draw; -1 (the default) uses the
        augmenter's own, as :meth:`gan_augment.GANAugmenter.sample` does with None.

    Returns
    -------
    DataFrame
        The rows, columns named as text, and their ``label`` (``label_`` when
        a feature is already called ``label``).

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import generate_frame
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> request = pd.DataFrame({"label": ["1", "0"], "n_samples": [3, 2]})
    >>> frame = generate_frame(augmenter, request, {"random_state": 0})
    >>> frame.shape, list(frame.columns)
    ((5, 5), ['0', '1', '2', '3', 'label'])
    >>> frame["label"].tolist()  # labels sent as text map to the classes
    [0, 0, 1, 1, 1]
    """
    request = pd.DataFrame(request)
    missing = {"label", "n_samples"} - set(request.columns)
    if missing:
        raise ValueError(
            f"The request lacks columns {sorted(missing)}: send a DataFrame with "
            "'label' and 'n_samples' columns, e.g. "
            "pd.DataFrame({'label': [1], 'n_samples': [100]})."
        )
    seed = (params or {}).get("random_state", -1)
    seed = None if seed is None or int(seed) < 0 else int(seed)
    by_text = {str(c): c for c in augmenter.classes_}
    counts: dict = {}
    for label, n in zip(request["label"], request["n_samples"], strict=True):
        key = by_text.get(str(label), label)
        counts[key] = counts.get(key, 0) + _row_count(n, label)
    X, y = augmenter.sample(counts, random_state=seed)
    frame = (
        X.copy()
        if isinstance(X, pd.DataFrame)
        else pd.DataFrame(X, columns=[str(i) for i in range(np.shape(X)[1])])
    )
    frame.columns = [str(c) for c in frame.columns]
    frame[free_column_name(frame.columns)] = np.asarray(y)
    return frame.reset_index(drop=True)


def _row_count(n, label) -> int:
    """``n`` as an int; whole floats pass (JSON requests often send 3.0)."""
    try:
        whole = float(n).is_integer()
    except (TypeError, ValueError):
        whole = False
    if not whole:
        raise ValueError(
            f"n_samples for label {label!r} must be a whole number of rows; got {n!r}."
        )
    return int(n)


# -------------------------------------------------------------- logging API
def _requirements() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    names = [
        "gan-augment",
        "torch",
        "numpy",
        "pandas",
        "scipy",
        "scikit-learn",
        "imbalanced-learn",
        "mlflow",
    ]
    pins = []
    for name in names:
        try:
            pins.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            pins.append(name)
    return pins


def _gain_metrics(gain) -> dict[str, float]:
    if gain is None:
        return {}
    values = gain.to_dict() if hasattr(gain, "to_dict") else dict(gain)
    return {
        str(k): float(v)
        for k, v in values.items()
        if isinstance(v, int | float | np.number) and math.isfinite(float(v))
    }


def log_augmenter(
    augmenter,
    name: str = "augmenter",
    registered_model_name: str | None = None,
    *,
    gain=None,
    input_example: pd.DataFrame | None = None,
    champion_metric: str = CHAMPION_METRIC,
):
    """Log a fitted augmenter as an MLflow pyfunc model ("models from code").

    The generator weights and encoder are stored as JSON + npz (no pickled
    Python objects), with a signature, an input example and explicit
    ``pip_requirements`` (inferring them costs seconds).

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    name : str, default="augmenter"
        Name of the logged model in the run.
    registered_model_name : str or None
        Also register a new version of this registered model. The version
        gets the ``champion`` alias when its ``champion_metric`` (from
        ``gain``) beats the current champion's, or when there is none.
    gain : GainResult or dict, optional
        Downstream gain (see :func:`gan_augment.metrics.augmentation_gain`);
        logged as metrics on the run and on the logged model.
    input_example : DataFrame, optional
        A request example; by default one row per class with 5 samples.
    champion_metric : str, default="gain_balanced_accuracy"

    Returns
    -------
    mlflow.models.model.ModelInfo

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import log_augmenter
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "log_augmenter", artifact_location=(tmp / "log_augmenter").as_uri()
    ... )
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> with mlflow.start_run(experiment_id=experiment_id) as run:
    ...     info = log_augmenter(
    ...         augmenter,
    ...         registered_model_name="log-example",
    ...         gain={"gain_balanced_accuracy": 0.04},
    ...     )
    >>> info.registered_model_version
    1
    >>> client = mlflow.MlflowClient()
    >>> champion = client.get_model_version_by_alias("log-example", "champion")
    >>> int(champion.version)  # the first version is champion
    1
    >>> mlflow.get_run(run.info.run_id).data.metrics
    {'gain_balanced_accuracy': 0.04}
    >>> mlflow.set_tracking_uri(None)
    """
    if registered_model_name is not None and not isinstance(registered_model_name, str):
        raise TypeError(
            "registered_model_name must be a string (the model's name in the "
            f"registry); got {registered_model_name!r}."
        )
    mlflow = _mlflow()
    from mlflow.models import infer_signature
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(augmenter, "generators_")
    sampled = [c for c in augmenter.classes_ if c in augmenter.generators_]
    if input_example is None:
        input_example = pd.DataFrame(
            {"label": [_plain(c) for c in sampled], "n_samples": [5] * len(sampled)}
        )
    params = {"random_state": -1}
    output = generate_frame(augmenter, input_example, {"random_state": 0})
    with warnings.catch_warnings():
        # MLflow hints that integer columns cannot hold NaN: synthetic rows never do.
        warnings.filterwarnings(
            "ignore", message=".*integer column", category=UserWarning
        )
        signature = infer_signature(input_example, output, params=params)
    metrics = _gain_metrics(gain)
    started = mlflow.active_run() is None
    if started:
        mlflow.start_run()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = _save_folder(augmenter, Path(tmp) / "augmenter")
            info = mlflow.pyfunc.log_model(
                name=name,
                python_model=str(_MODEL_CODE),
                artifacts={"augmenter": str(folder)},
                signature=signature,
                input_example=input_example,
                pip_requirements=_requirements(),
                registered_model_name=registered_model_name,
                metadata={"gan_augment_classes": [str(c) for c in sampled]},
            )
        if metrics:
            mlflow.log_metrics(metrics)
            try:
                mlflow.log_metrics(metrics, model_id=info.model_id)
            except Exception as exc:  # older servers lack logged-model metrics
                logger.info("Could not attach metrics to the logged model: %s", exc)
        if registered_model_name is not None and info.registered_model_version:
            _tag_and_promote(
                registered_model_name,
                str(info.registered_model_version),
                metrics,
                champion_metric,
            )
    finally:
        if started:
            mlflow.end_run()
    return info


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _tag_and_promote(name: str, version: str, metrics: dict, metric: str) -> bool:
    """Tag the version with its gains; make it champion if it beats the holder."""
    mlflow = _mlflow()
    client = mlflow.MlflowClient()
    for key, value in metrics.items():
        client.set_model_version_tag(name, version, key, repr(value))
    mine = metrics.get(metric)
    try:
        holder = client.get_model_version_by_alias(name, CHAMPION_ALIAS)
    except mlflow.exceptions.MlflowException:
        holder = None
    theirs = None
    if holder is not None:
        text = holder.tags.get(metric)
        theirs = float(text) if text is not None else None
    better = holder is None or (mine is not None and (theirs is None or mine > theirs))
    if better:
        client.set_registered_model_alias(name, CHAMPION_ALIAS, version)
        logger.info("Version %s of %r is the new %s.", version, name, CHAMPION_ALIAS)
    return better


def load_augmenter(model_uri: str):
    """Load a logged augmenter back as a fitted GANAugmenter.

    Nothing is unpickled: the artifact is JSON + npz, so this works with
    ``MLFLOW_ALLOW_PICKLE_DESERIALIZATION=false``.

    Parameters
    ----------
    model_uri : str
        ``runs:/<run_id>/augmenter``, ``models:/<name>/<version>``,
        ``models:/<name>@champion``, ``models:/<model_id>``, ...

    Returns
    -------
    GANAugmenter
        Gives the same samples as the original for the same ``random_state``.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import load_augmenter, log_augmenter
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "load_augmenter", artifact_location=(tmp / "load_augmenter").as_uri()
    ... )
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> with mlflow.start_run(experiment_id=experiment_id):
    ...     info = log_augmenter(augmenter, registered_model_name="load-example")
    >>> loaded = load_augmenter("models:/load-example@champion")
    >>> X_loaded, _ = loaded.sample({1: 5}, random_state=0)
    >>> X_original, _ = augmenter.sample({1: 5}, random_state=0)
    >>> X_loaded.shape, bool((X_loaded == X_original).all())
    ((5, 4), True)
    >>> mlflow.set_tracking_uri(None)
    """
    mlflow = _mlflow()
    local = mlflow.artifacts.download_artifacts(artifact_uri=model_uri)
    folder = Path(local) / "artifacts" / "augmenter"
    if not folder.is_dir():
        raise ValueError(
            f"{model_uri} is not a gan-augment model (no artifacts/augmenter "
            "folder): log it with gan_augment.mlflow.log_augmenter."
        )
    return _load_folder(folder)


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
    mlflow = _mlflow()
    prefix = re.sub(r"[^\w\-. :/]", "_", prefix)
    metrics = {f"{prefix}{k}": v for k, v in _gain_metrics(gain).items()}
    if run_id is None:
        mlflow.log_metrics(metrics)
    else:
        from mlflow.entities import Metric

        stamp = int(time.time() * 1000)
        mlflow.MlflowClient().log_batch(
            run_id, metrics=[Metric(k, v, stamp, 0) for k, v in metrics.items()]
        )
    return metrics


def log_quality_figures(
    augmenter, X, y, max_columns: int = 12, *, samples: bool = True
) -> None:
    """Log the loss curves and real-vs-synthetic figures of the oversampled classes.

    Tables get the marginals of each class; images (``image_shape`` set) get
    one grid of real and synthetic images per class. :class:`MlflowCallback`
    logs the same real-vs-synthetic figures when its fit ends; this function
    is for an augmenter fitted without it, or for another run.

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    X, y : the real data it was fitted on (DataFrame/array and labels).
    max_columns : int, default=12
    samples : bool, default=True
        Also log the real-vs-synthetic figures; False logs the loss curves
        only (for a fit whose :class:`MlflowCallback` logged the rest).

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
    mlflow = _mlflow()
    import matplotlib.pyplot as plt

    from .plotting import plot_losses

    fig = plot_losses(augmenter.history_)
    mlflow.log_figure(fig, "figures/loss_curves.png")
    plt.close(fig)
    if samples:
        _log_sample_figures(augmenter, X, y, mlflow.log_figure, max_columns)


def _log_sample_figures(augmenter, X, y, log_figure, max_columns: int = 12) -> None:
    """Real-vs-synthetic figures of the oversampled classes, via ``log_figure``.

    ``log_figure(fig, artifact_file)`` is MLflow's fluent function or a
    client's bound to a run: the same figures go to the active run or to a
    callback's own.
    """
    import matplotlib.pyplot as plt

    from .plotting import plot_image_grid, plot_marginals

    frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
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
