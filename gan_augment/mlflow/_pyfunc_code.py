"""MLflow "models from code" definition of a logged GANAugmenter.

MLflow executes this file when it logs and when it loads the model; it is
model code, not a library module, and the rest of the package never imports
it. Every logged model keeps its own copy, so it imports only public names
(which must stay where they are). The model reads the augmenter from its
``augmenter`` artifact (JSON + npz, no pickle).
"""

import mlflow.pyfunc
import pandas as pd
from mlflow.models import set_model

from gan_augment import load_augmenter
from gan_augment.mlflow import generate_frame


class AugmenterModel(mlflow.pyfunc.PythonModel):
    """Synthetic rows on request.

    ``predict`` takes a DataFrame with ``label`` and ``n_samples`` columns and
    returns synthetic rows with the training feature columns plus ``label``.
    The ``random_state`` param (default -1: the augmenter's own seed) makes
    draws reproducible.
    """

    def load_context(self, context):
        """Read the augmenter artifact (JSON + npz)."""
        self.augmenter = load_augmenter(context.artifacts["augmenter"])

    def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:
        """Synthetic rows for each requested ``label`` / ``n_samples``."""
        return generate_frame(self.augmenter, model_input, params)


set_model(AugmenterModel())
