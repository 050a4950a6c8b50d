"""Declarative pipelines: a TOML spec that runs end to end with MLflow.

A spec names a data set, the augmenters and classifiers to compare, the CV
protocol, the metrics, the MLflow experiment and the registered model. Each
augmenter x classifier pair gets a nested run with its downstream gain
(augmented against not, on the same folds; each augmenter is fitted once per
fold and its rows train every classifier); then the augmenter named in
``[mlflow] register`` is fitted on all data, its curves and marginals are
logged, and it is registered as the ``challenger`` (``[mlflow] promote = "auto"``
makes it ``champion`` when its gain beats the champion's; otherwise promote it
with :func:`gan_augment.mlflow.promote` or ``gan-augment promote``).

Example spec (``pipelines/demo.toml``)::

    [pipeline]
    name = "demo"

    [data]
    dataset = "yeast_2_vs_4"        # or: csv = "table.csv", target = "label"

    [cv]
    n_splits = 5
    n_repeats = 1
    random_state = 0
    n_jobs = 1                      # folds in parallel (joblib's active backend)

    [[augmenters]]
    name = "gan"
    kind = "gan"                    # or a baseline, below
    params = { random_state = 0 }

    [[classifiers]]
    name = "logreg"
    kind = "logreg"                 # logreg | tree | knn | hgb | svc

    [[classifiers]]                 # or any estimator by import path
    class = "sklearn.ensemble.RandomForestClassifier"
    params = { n_estimators = 300 }

Augmenter kinds: ``gan``; the resamplers ``ros``, ``smote`` (SMOTE, SMOTENC or
SMOTEN by column types), ``interpolation`` (``InterpolationAugmenter``,
ProWSyn-style interpolation of the raw table), ``polynom_fit_smote``,
``prowsyn`` and ``smote_ipf`` (smote-variants, after the one-hot / scaling
step); ``class_weight`` (balanced
class weights, no resampling; not for ``knn``) and ``tuned_threshold`` (the
decision threshold tuned for balanced accuracy on the training fold); and
every resampler with a tuned threshold on top, ``<kind>+tt`` (``smote+tt``,
``gan+tt``...). Each pair's gain is measured against no augmentation. An
``[[augmenters]]`` entry may name an imbalanced-learn sampler by import path
instead (``class = "imblearn.over_sampling.ADASYN"``), as a
``[[classifiers]]`` entry may name any classifier (with ``scale = true`` to
standard-scale its numbers); both are checked before anything trains.
``load_spec(path, overrides=["cv.n_splits=3"])`` and ``gan-augment run
--set`` change a file's values for one run, checked as the file is.

Images (``pipelines/digits.toml``): ``[data]`` takes ``image_shape = [8, 8]``
(implied for ``dataset = "digits_imbalanced"``), which every GAN gets, and two
more augmenter kinds take an albumentations pipeline written as a list of
transforms::

    [[augmenters]]
    kind = "albumentations"         # or "gan+albumentations" (with share = 0.5)
    augmentation = [{ transform = "Affine", rotate = [-15, 15], p = 1.0 }]

    [metrics]
    scoring = ["balanced_accuracy", "f1_minority", "roc_auc"]

    [mlflow]
    experiment = "gan-augment-demo"
    register = "gan"
    registered_model_name = "demo-augmenter"

One module per job: ``_spec`` reads and checks a spec, ``_kinds`` is the
registry of the augmenter and classifier kinds a spec names (and where each
kind's sampler goes), ``_threshold`` the tuned-threshold classifier,
``_data`` loads its data, and ``_run`` runs it (MLflow only through
:mod:`gan_augment.mlflow`).
"""

from ._data import load_data, read_csv
from ._kinds import (
    Augmentation,
    NotApplicableError,
    augmenter_kinds,
    build_augmentation,
    build_augmenter,
    build_classifier,
    make_model,
    register_augmenter,
)
from ._run import format_table, run_pipeline
from ._spec import PipelineSpec, load_spec
from ._threshold import TunedThreshold

__all__ = [
    "Augmentation",
    "NotApplicableError",
    "PipelineSpec",
    "TunedThreshold",
    "augmenter_kinds",
    "build_augmentation",
    "build_augmenter",
    "build_classifier",
    "format_table",
    "load_data",
    "load_spec",
    "make_model",
    "read_csv",
    "register_augmenter",
    "run_pipeline",
]
