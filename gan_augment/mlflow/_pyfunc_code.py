"""MLflow "models from code" definition of a logged GANAugmenter.

MLflow executes this file when it logs and when it loads the model; it is
model code, not a library module, and the rest of the package never imports
it. Every logged model keeps its own copy, so it imports only public names
(which must stay where they are). The model reads the augmenter from its
``augmenter`` artifact (JSON + npz, no pickle) and the most rows a request
may ask for from its model config (``max_rows``).
"""

import mlflow.pyfunc
import pandas as pd
from mlflow.exceptions import MlflowException
from mlflow.models import set_model
from mlflow.protos.databricks_pb2 import INVALID_PARAMETER_VALUE

from gan_augment import load_augmenter
from gan_augment.mlflow import generate_frame


class AugmenterModel(mlflow.pyfunc.PythonModel):
    """Synthetic rows on request.

    ``predict`` takes a DataFrame with ``label`` and ``n_samples`` columns and
    returns synthetic rows with the training feature columns plus ``label``.
    The ``random_state`` param (default -1: the augmenter's own seed) makes
    draws reproducible. A request over ``max_rows`` rows in all, or one that
    is malformed, is refused with an ``MlflowException`` whose message says
    why (HTTP 400 from ``mlflow models serve``).
    """

    def load_context(self, context):
        """Read the augmenter artifact (JSON + npz) and the row limit."""
        self.augmenter = load_augmenter(context.artifacts["augmenter"])
        config = getattr(context, "model_config", None) or {}
        self.max_rows = config.get("max_rows")

    def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:
        """Synthetic rows for each requested ``label`` / ``n_samples``."""
        try:
            return generate_frame(
                self.augmenter,
                model_input,
                params,
                max_rows=getattr(self, "max_rows", None),
            )
        except ValueError as exc:
            # A bad request, not a server fault: the caller reads why.
            raise MlflowException(str(exc), error_code=INVALID_PARAMETER_VALUE) from exc


set_model(AugmenterModel())
