"""MLflow adapter: training curves, gains, and generators in the model registry.

The only part of gan-augment that imports the mlflow library, and only when
its functions run: ``import gan_augment`` and ``import gan_augment.mlflow``
never load it. Install it with ``pip install 'gan-augment[mlflow]'``.

With ``MLFLOW_TRACKING_URI`` unset, MLflow 3 writes to ``sqlite:///mlflow.db``
in the working directory; look at it with
``mlflow ui --backend-store-uri sqlite:///mlflow.db``.

One module per job:

``_client``
    The lazy import of mlflow and thin pass-throughs to it
    (:func:`set_tracking_uri`, :func:`start_run`, :func:`log_params`, ...),
    which pipelines and the command line use instead of importing mlflow.
``_callback``
    :class:`MlflowCallback`, which logs a fit as it trains, and what a fit's
    run records about the estimator (all its parameters, its class, the
    library version).
``_autolog``
    :func:`autolog`: every augmenter fit of the process logged, wherever it
    happens (alone, in a pipeline, in a grid search), through the core's
    process-wide fit hooks.
``_frame``
    The served table of synthetic rows (:func:`generate_frame`); no MLflow
    needed.
``_model``
    :func:`log_augmenter` and :func:`load_augmenter`, the pyfunc model
    (``_pyfunc_code.py`` is the model code MLflow copies into each model),
    its requirements and the package copy it carries.
``_registry``
    The registry policy: new versions are ``challenger``
    (:data:`CHALLENGER_ALIAS`); :func:`promote` makes one ``champion``
    (:data:`CHAMPION_ALIAS`) and records why.
``_gain``
    :func:`log_gain`: downstream gains as metrics.
``_comparison``
    :func:`log_comparison`: a comparison of augmenters (ranking, figure, tags).
``_figures``
    :func:`log_quality_figures`: loss curves and real-vs-synthetic figures.
"""

from ._autolog import autolog
from ._callback import MlflowCallback
from ._client import (
    get_tracking_uri,
    log_artifact,
    log_metrics,
    log_params,
    log_table,
    log_text,
    set_experiment,
    set_tracking_uri,
    start_run,
)
from ._comparison import log_comparison
from ._figures import log_precision_recall, log_quality_figures
from ._frame import generate_frame
from ._gain import log_gain, log_gain_summary
from ._model import load_augmenter, log_augmenter
from ._registry import (
    CHALLENGER_ALIAS,
    CHAMPION_ALIAS,
    CHAMPION_METRIC,
    Promotion,
    promote,
)

__all__ = [
    "CHALLENGER_ALIAS",
    "CHAMPION_ALIAS",
    "CHAMPION_METRIC",
    "MlflowCallback",
    "Promotion",
    "autolog",
    "generate_frame",
    "get_tracking_uri",
    "load_augmenter",
    "log_artifact",
    "log_augmenter",
    "log_comparison",
    "log_gain",
    "log_gain_summary",
    "log_metrics",
    "log_params",
    "log_precision_recall",
    "log_quality_figures",
    "log_table",
    "log_text",
    "promote",
    "set_experiment",
    "set_tracking_uri",
    "start_run",
]
