"""A fitted augmenter as an MLflow model: log it, load it back.

The logged model is a pyfunc "model from code": MLflow stores a copy of
``_pyfunc_code.py`` (the model definition) next to an ``augmenter`` artifact
written by :func:`gan_augment.save_augmenter` (JSON + npz, no pickle), a copy
of the ``gan_augment`` package itself (``code_paths``: the model loads where
gan-augment is not installed) and ``pip_requirements`` that pip resolves from
the public index (exact versions, local labels such as ``+cpu`` dropped). The
registry policy (``challenger``, ``champion``) is in ``_registry.py``.

Logged models carry their own copy of the model code and import
``gan_augment.mlflow.generate_frame`` and
``gan_augment._serialization.load_augmenter`` when they load: both paths stay.
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from pathlib import Path

import pandas as pd

from .._labels import plain_label
from .._serialization import load_augmenter as load_folder
from .._serialization import save_augmenter as save_folder
from .._validation import is_positive_int
from ._client import log_metrics, mlflow_module
from ._frame import generate_frame
from ._gain import gain_metrics
from ._registry import (
    CHAMPION_METRIC,
    PROMOTE_POLICIES,
    register_challenger,
    tag_and_promote,
)

logger = logging.getLogger(__name__)

#: The model definition MLflow copies into every logged model.
MODEL_CODE = Path(__file__).with_name("_pyfunc_code.py")
#: The package, shipped with every logged model (``code_paths``).
PACKAGE = Path(__file__).resolve().parents[1]
#: The distributions a logged model needs besides the package it carries:
#: gan-augment's own dependencies and MLflow, which loads the model.
_REQUIRED = (
    "torch",
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "imbalanced-learn",
    "joblib",
    "tqdm",
    "mlflow",
)
#: The default most rows one request to the served model may ask for.
MAX_ROWS = 100_000


def public_version(text: str) -> str:
    """A version without its local label, as pip finds it on the public index.

    ``2.13.0+cpu`` is a build of PyTorch's own index; on PyPI the same
    release is ``2.13.0``.

    Examples
    --------
    >>> public_version("2.13.0+cpu"), public_version("1.26.4")
    ('2.13.0', '1.26.4')
    """
    return text.split("+", 1)[0]


def requirements() -> list[str]:
    """The logged model's ``pip_requirements``: each distribution pinned.

    Given explicitly because MLflow spends seconds inferring them otherwise.
    Pins are the installed versions without local labels (pip cannot find
    ``torch==2.13.0+cpu`` on PyPI); gan-augment is not listed, as every
    model carries the package (``code_paths``). A distribution that is not
    installed is listed unpinned.

    Returns
    -------
    list of str
        E.g. ``["torch==2.5.1", "numpy==2.1.3", ...]``.
    """
    from importlib.metadata import PackageNotFoundError, version

    pins = []
    for name in _REQUIRED:
        try:
            pins.append(f"{name}=={public_version(version(name))}")
        except PackageNotFoundError:
            pins.append(name)
    return pins


def _signature(augmenter, input_example: pd.DataFrame):
    """The model signature: the request, the rows it gives, ``random_state``."""
    infer_signature = mlflow_module().models.infer_signature
    output = generate_frame(augmenter, input_example, {"random_state": 0})
    with warnings.catch_warnings():
        # MLflow hints that integer columns cannot hold NaN: synthetic rows never do.
        warnings.filterwarnings(
            "ignore", message=".*integer column", category=UserWarning
        )
        return infer_signature(input_example, output, params={"random_state": -1})


def log_augmenter(
    augmenter,
    name: str = "augmenter",
    registered_model_name: str | None = None,
    *,
    gain=None,
    input_example: pd.DataFrame | None = None,
    champion_metric: str = CHAMPION_METRIC,
    promote: str | None = None,
    max_rows: int | None = MAX_ROWS,
):
    """Log a fitted augmenter as an MLflow pyfunc model ("models from code").

    The generator weights and encoder are stored as JSON + npz (no pickled
    Python objects), with a signature, an input example, a copy of the
    ``gan_augment`` package (``code_paths``) and explicit ``pip_requirements``
    that pip resolves from the public index (see :func:`requirements`).

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    name : str, default="augmenter"
        Name of the logged model in the run.
    registered_model_name : str or None
        Also register a new version of this registered model, tagged with
        its gains. It takes the ``challenger`` alias; ``champion`` moves only
        through :func:`~gan_augment.mlflow.promote` (or ``promote="auto"``).
    gain : GainResult or dict, optional
        Downstream gain (see :func:`gan_augment.metrics.augmentation_gain`);
        logged as metrics on the run and on the logged model.
    input_example : DataFrame, optional
        A request example; by default one row per class with 5 samples.
    champion_metric : str, default="gain_balanced_accuracy"
        The gain that ``promote="auto"`` compares.
    promote : {None, "auto"}, default=None
        None: the new version is ``challenger`` only. ``"auto"``: it also
        becomes ``champion`` when its ``champion_metric`` beats the current
        champion's, or when there is none (the reason is recorded as with
        :func:`~gan_augment.mlflow.promote`).
    max_rows : int or None, default=100_000
        The most rows one request to the served model may ask for, all
        labels together (stored in the model config); a larger request is
        refused with an error that says so. None: no limit.

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
    >>> challenger = client.get_model_version_by_alias("log-example", "challenger")
    >>> int(challenger.version)  # champion only when promoted
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
    if promote not in PROMOTE_POLICIES:
        raise ValueError(
            f"promote must be None (register as challenger only) or 'auto' "
            f"(champion when the gain beats the current one); got {promote!r}. "
            "To promote a version by hand, call gan_augment.mlflow.promote."
        )
    if max_rows is not None and not is_positive_int(max_rows):
        raise ValueError(
            f"max_rows must be a positive whole number of rows, or None for no "
            f"limit; got {max_rows!r}."
        )
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(augmenter, "generators_")
    sampled = [c for c in augmenter.classes_ if c in augmenter.generators_]
    if input_example is None:
        input_example = pd.DataFrame(
            {
                "label": [plain_label(c) for c in sampled],
                "n_samples": [5] * len(sampled),
            }
        )
    signature = _signature(augmenter, input_example)
    metrics = gain_metrics(gain)
    mlflow = mlflow_module()
    started = mlflow.active_run() is None
    if started:
        mlflow.start_run()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = save_folder(augmenter, Path(tmp) / "augmenter")
            info = mlflow.pyfunc.log_model(
                name=name,
                python_model=str(MODEL_CODE),
                artifacts={"augmenter": str(folder)},
                signature=signature,
                input_example=input_example,
                pip_requirements=requirements(),
                code_paths=[str(PACKAGE)],
                model_config={"max_rows": None if max_rows is None else int(max_rows)},
                registered_model_name=registered_model_name,
                metadata={"gan_augment_classes": [str(c) for c in sampled]},
            )
        if metrics:
            log_metrics(metrics)
            try:
                log_metrics(metrics, model_id=info.model_id)
            except Exception as exc:  # older servers lack logged-model metrics
                logger.info("Could not attach metrics to the logged model: %s", exc)
        if registered_model_name is not None and info.registered_model_version:
            version = str(info.registered_model_version)
            if promote == "auto":
                tag_and_promote(
                    registered_model_name, version, metrics, champion_metric
                )
            else:
                register_challenger(registered_model_name, version, metrics)
    finally:
        if started:
            mlflow.end_run()
    return info


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
    >>> loaded = load_augmenter("models:/load-example@challenger")
    >>> X_loaded, _ = loaded.sample({1: 5}, random_state=0)
    >>> X_original, _ = augmenter.sample({1: 5}, random_state=0)
    >>> X_loaded.shape, bool((X_loaded == X_original).all())
    ((5, 4), True)
    >>> mlflow.set_tracking_uri(None)
    """
    local = mlflow_module().artifacts.download_artifacts(artifact_uri=model_uri)
    folder = Path(local) / "artifacts" / "augmenter"
    if not folder.is_dir():
        raise ValueError(
            f"{model_uri} is not a gan-augment model (no artifacts/augmenter "
            "folder): log it with gan_augment.mlflow.log_augmenter."
        )
    return load_folder(folder)
