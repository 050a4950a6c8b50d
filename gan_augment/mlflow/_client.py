"""The one import of the mlflow library, and thin pass-throughs to it.

Every other part of gan-augment reaches MLflow through this module: the
training callback, the logged model, the registry policy and the figures, and
also the pipelines and the command line, which call the pass-throughs below
instead of importing mlflow themselves. mlflow is imported only when one of
these functions runs, so ``import gan_augment.mlflow`` stays cheap and works
without MLflow installed; a missing install fails with one message that says
what to install.

The pass-throughs keep MLflow's names, arguments and behaviour (as
optuna-integration's MLflow callback does): they add no policy of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: MLflow takes at most this many metrics in one ``log_batch`` call.
_BATCH_LIMIT = 1000
#: MLflow refuses parameter values longer than this.
_PARAM_LIMIT = 6000


def mlflow_module():
    """The mlflow module, imported on first use.

    Returns
    -------
    module
        ``mlflow``.

    Raises
    ------
    ImportError
        When MLflow is not installed; the message names the extra to install.
    """
    try:
        import mlflow
    except ImportError as exc:
        raise ImportError(
            "gan_augment.mlflow needs MLflow: pip install 'gan-augment[mlflow]'."
        ) from exc
    return mlflow


def client():
    """A ``MlflowClient`` for the current tracking and registry URIs."""
    return mlflow_module().MlflowClient()


def set_tracking_uri(uri: str | None) -> None:
    """Point MLflow at a tracking store (``mlflow.set_tracking_uri``).

    Parameters
    ----------
    uri : str or None
        A store such as ``sqlite:///mlflow.db`` or ``http://host:5000``; None
        goes back to MLflow's default (``MLFLOW_TRACKING_URI``, else
        ``sqlite:///mlflow.db`` in the working directory).

    Examples
    --------
    >>> from gan_augment.mlflow import get_tracking_uri, set_tracking_uri
    >>> set_tracking_uri("sqlite:///elsewhere.db")  # nothing is written yet
    >>> get_tracking_uri()
    'sqlite:///elsewhere.db'
    >>> set_tracking_uri(None)
    """
    mlflow_module().set_tracking_uri(uri)


def get_tracking_uri() -> str:
    """The tracking URI runs go to now (``mlflow.get_tracking_uri``).

    Returns
    -------
    str
    """
    return mlflow_module().get_tracking_uri()


def set_experiment(name: str):
    """Make ``name`` the active experiment, creating it if needed.

    Parameters
    ----------
    name : str

    Returns
    -------
    mlflow.entities.Experiment
    """
    return mlflow_module().set_experiment(name)


def start_run(run_name: str | None = None, *, nested: bool = False):
    """Start a run in the active experiment (``mlflow.start_run``).

    Parameters
    ----------
    run_name : str, optional
    nested : bool, default=False
        Start it as a child of the active run.

    Returns
    -------
    mlflow.ActiveRun
        Also a context manager that ends the run, as ``FAILED`` on an error.
    """
    return mlflow_module().start_run(run_name=run_name, nested=nested)


def active_run_id() -> str | None:
    """The id of the active run, or None when no run is active."""
    active = mlflow_module().active_run()
    return None if active is None else active.info.run_id


def require_run_id(run_id: str | None, caller: str) -> str:
    """``run_id``, else the active run's id; a ValueError naming ``caller``."""
    run_id = run_id or active_run_id()
    if run_id is None:
        raise ValueError(
            f"{caller} needs a run: call it inside "
            "gan_augment.mlflow.start_run() or pass run_id=..."
        )
    return run_id


def log_params(params: Mapping[str, Any]) -> None:
    """Log parameters on the active run (``mlflow.log_params``).

    Parameters
    ----------
    params : mapping of str to value
        Values are logged as their text.
    """
    mlflow_module().log_params(params)


def log_metrics(metrics: Mapping[str, float], *, model_id: str | None = None) -> None:
    """Log metrics on the active run (``mlflow.log_metrics``).

    Parameters
    ----------
    metrics : mapping of str to float
    model_id : str, optional
        Also attach them to this logged model.
    """
    if model_id is None:
        mlflow_module().log_metrics(metrics)
    else:
        mlflow_module().log_metrics(metrics, model_id=model_id)


def log_text(text: str, artifact_file: str) -> None:
    """Log ``text`` as the artifact ``artifact_file`` (``mlflow.log_text``).

    Parameters
    ----------
    text : str
    artifact_file : str
        Its path in the run's artifacts, e.g. ``"gain.txt"``.
    """
    mlflow_module().log_text(text, artifact_file)


def log_table(data, artifact_file: str) -> None:
    """Log a table as a JSON artifact (``mlflow.log_table``).

    Parameters
    ----------
    data : DataFrame or dict
    artifact_file : str
        Its path in the run's artifacts, ending in ``.json``.
    """
    mlflow_module().log_table(data, artifact_file)


def log_artifact(local_path: str, artifact_path: str | None = None) -> None:
    """Log a local file as an artifact (``mlflow.log_artifact``).

    Parameters
    ----------
    local_path : str
    artifact_path : str, optional
        The folder in the run's artifacts.
    """
    mlflow_module().log_artifact(local_path, artifact_path)


def log_figure(figure, artifact_file: str) -> None:
    """Log a matplotlib figure on the active run (``mlflow.log_figure``).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    artifact_file : str
        Its path in the run's artifacts, e.g. ``"figures/loss_curves.png"``.
    """
    mlflow_module().log_figure(figure, artifact_file)


def log_batch(
    run_id: str,
    *,
    params: Mapping[str, Any] | None = None,
    metrics: Sequence[tuple[str, float, int, int]] = (),
) -> None:
    """Send parameters and metrics to a run in as few calls as MLflow allows.

    One ``log_metric`` per value costs about 10 ms on a sqlite store (a commit
    each); one ``log_batch`` sends up to 1000 metrics in about 0.1 s.

    Parameters
    ----------
    run_id : str
        The run, active or not.
    params : mapping of str to value, optional
        Values are sent as text, cut to the 6000 characters MLflow accepts.
    metrics : sequence of (key, value, timestamp_ms, step)
        Sent in chunks of 1000, each waiting for the store to take it.
    """
    from mlflow.entities import Metric, Param

    tracking = client()
    if params:
        tracking.log_batch(
            run_id,
            params=[Param(k, str(v)[:_PARAM_LIMIT]) for k, v in params.items()],
        )
    for start in range(0, len(metrics), _BATCH_LIMIT):
        chunk = metrics[start : start + _BATCH_LIMIT]
        tracking.log_batch(
            run_id,
            metrics=[Metric(k, v, t, s) for k, v, t, s in chunk],
            synchronous=True,
        )
