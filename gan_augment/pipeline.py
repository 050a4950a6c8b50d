"""Declarative pipelines: a TOML spec that runs end to end with MLflow.

A spec names a data set, the augmenters and classifiers to compare, the CV
protocol, the metrics, the MLflow experiment and the registered model. Each
augmenter x classifier pair gets a nested run with its downstream gain
(augmented against not, on the same folds); then the augmenter named in
``[mlflow] register`` is fitted on all data, its curves and marginals are
logged, and it is registered (and made ``champion`` when its gain is best).

Example spec (``pipelines/demo.toml``)::

    [pipeline]
    name = "demo"

    [data]
    dataset = "yeast_2_vs_4"        # or: csv = "table.csv", target = "label"

    [cv]
    n_splits = 5
    n_repeats = 1
    random_state = 0

    [[augmenters]]
    name = "gan"
    kind = "gan"                    # gan | smote | ros | ctgan
    params = { random_state = 0 }

    [[classifiers]]
    name = "logreg"
    kind = "logreg"                 # logreg | tree | knn | hgb | svc

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
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._spec_schema import IMAGE_KINDS, check_spec

logger = logging.getLogger(__name__)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SECTIONS = {"pipeline", "data", "cv", "augmenters", "classifiers", "metrics", "mlflow"}
_IMAGE_KINDS = set(IMAGE_KINDS)


@dataclass
class PipelineSpec:
    """A parsed pipeline spec (see the module docstring for the format).

    :func:`load_spec` makes one from a TOML file; one written in code goes to
    :func:`run_pipeline` as it is (give every entry its ``name`` and
    ``params``).

    Examples
    --------
    >>> from gan_augment.pipeline import PipelineSpec
    >>> spec = PipelineSpec(
    ...     name="thyroid",
    ...     data={"dataset": "new_thyroid1"},
    ...     augmenters=[{"name": "gan", "kind": "gan", "params": {"n_steps": 30}}],
    ...     classifiers=[{"name": "tree", "kind": "tree", "params": {}}],
    ...     cv={"n_splits": 2, "n_repeats": 1},
    ... )
    >>> spec.scoring  # the default metrics
    ['balanced_accuracy', 'f1_minority', 'roc_auc']
    >>> spec.mlflow, spec.source
    ({}, None)
    """

    name: str
    data: dict
    augmenters: list[dict]
    classifiers: list[dict]
    cv: dict = field(default_factory=dict)
    scoring: list[str] = field(
        default_factory=lambda: ["balanced_accuracy", "f1_minority", "roc_auc"]
    )
    mlflow: dict = field(default_factory=dict)
    source: Path | None = None


def load_spec(path: str | os.PathLike) -> PipelineSpec:
    """Read and check a TOML pipeline spec.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    PipelineSpec

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    ValueError
        If the TOML is invalid or the spec incomplete (the message says what
        to add).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from gan_augment.pipeline import load_spec
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "spec.toml").write_text('''
    ... [pipeline]
    ... name = "demo"
    ... [data]
    ... csv = "table.csv"
    ... target = "label"
    ... [[augmenters]]
    ... kind = "gan"
    ... params = { n_steps = 300, random_state = 0 }
    ... [[augmenters]]
    ... kind = "smote"
    ... [[classifiers]]
    ... kind = "logreg"
    ... ''')
    >>> spec = load_spec(folder / "spec.toml")
    >>> spec.name, [entry["name"] for entry in spec.augmenters]
    ('demo', ['gan', 'smote'])
    >>> spec.augmenters[1]  # name and params filled in
    {'kind': 'smote', 'name': 'smote', 'params': {}}
    >>> spec.data["csv"] == str(folder.resolve() / "table.csv")  # next to the spec
    True
    >>> spec.scoring
    ['balanced_accuracy', 'f1_minority', 'roc_auc']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No pipeline spec at {path}.")
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc
    unknown = set(raw) - _SECTIONS
    if unknown:
        raise ValueError(
            f"{path}: unknown sections {sorted(unknown)}; allowed: {sorted(_SECTIONS)}."
        )
    for section in ("data", "augmenters", "classifiers"):
        if not raw.get(section):
            raise ValueError(f"{path}: the [{section}] section is missing or empty.")
    raw = check_spec(raw, path)
    data = raw["data"]
    if sum(key in data for key in ("dataset", "datasets", "csv")) != 1:
        raise ValueError(
            f"{path}: [data] needs exactly one of dataset = '<name>', "
            "datasets = ['<name>', ...] or csv = '<file>' (with target = '<column>')."
        )
    if "csv" in data:
        if "target" not in data:
            raise ValueError(f"{path}: [data] csv needs target = '<column>'.")
        data = {**data, "csv": str((path.parent / data["csv"]).resolve())}
    if "image_shape" not in data and "dataset" in data:
        from .datasets import IMAGE_DATASETS, _normalize_name

        shape = IMAGE_DATASETS.get(_normalize_name(str(data["dataset"])))
        if shape is not None:
            data = {**data, "image_shape": list(shape)}
    for kind in ("augmenters", "classifiers"):
        for entry in raw[kind]:
            if "kind" not in entry:
                raise ValueError(f"{path}: every [[{kind}]] entry needs kind = '...'.")
            entry.setdefault("name", entry["kind"])
            entry.setdefault("params", {})
    for entry in raw["augmenters"]:
        if entry["kind"] in _IMAGE_KINDS:
            if "image_shape" not in data:
                raise ValueError(
                    f"{path}: augmenter kind {entry['kind']!r} works on images: "
                    "add image_shape = [height, width] to [data]."
                )
            if not entry.get("augmentation"):
                raise ValueError(
                    f"{path}: augmenter kind {entry['kind']!r} needs augmentation "
                    "= [{ transform = 'Affine', rotate = [-15, 15], p = 1.0 }, ...]."
                )
            build_augmentation(entry["augmentation"])  # fail before any training
    spec = PipelineSpec(
        name=raw.get("pipeline", {}).get("name", path.stem),
        data=data,
        augmenters=raw["augmenters"],
        classifiers=raw["classifiers"],
        cv=raw.get("cv", {}),
        mlflow=raw.get("mlflow", {}),
        source=path,
    )
    if "scoring" in raw.get("metrics", {}):
        spec.scoring = list(raw["metrics"]["scoring"])
    register = spec.mlflow.get("register")
    names = [a["name"] for a in spec.augmenters]
    if register is not None and register not in names:
        raise ValueError(
            f"{path}: [mlflow] register = {register!r} names no augmenter; "
            f"choose one of {names}."
        )
    return spec


def load_data(data: dict) -> tuple[pd.DataFrame, pd.Series]:
    """Load the spec's data: a bundled data set or a CSV file.

    Parameters
    ----------
    data : dict
        A spec's ``[data]``: ``dataset`` (see
        :func:`gan_augment.datasets.load_dataset`), or ``csv`` and ``target``.

    Returns
    -------
    X : DataFrame
    y : Series

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from gan_augment.pipeline import load_data
    >>> X, y = load_data({"dataset": "new_thyroid1"})
    >>> X.shape, y.value_counts().sort_index().tolist()
    ((215, 5), [180, 35])
    >>> text = "size,colour,label\\n1.5,red,0\\n2.0,blue,1\\n0.5,red,0\\n"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "table.csv"
    ...     _ = path.write_text(text)
    ...     X, y = load_data({"csv": str(path), "target": "label"})
    >>> list(X.columns), y.tolist()
    (['size', 'colour'], [0, 1, 0])
    """
    if "dataset" in data:
        from .datasets import load_dataset

        return load_dataset(data["dataset"])
    frame = read_csv(data["csv"])
    target = data["target"]
    if target not in frame.columns:
        raise ValueError(
            f"{data['csv']} has no column {target!r}; columns: {list(frame.columns)}."
        )
    return frame.drop(columns=[target]), frame[target]


def read_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV with text columns as categories.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from gan_augment.pipeline import read_csv
    >>> text = "size,colour,label\\n1.5,red,0\\n2.0,blue,1\\n0.5,red,0\\n"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "table.csv"
    ...     _ = path.write_text(text)
    ...     frame = read_csv(path)
    >>> frame.dtypes.astype(str).to_dict()
    {'size': 'float64', 'colour': 'category', 'label': 'int64'}
    >>> frame["colour"].cat.categories.tolist()
    ['blue', 'red']
    """
    frame = pd.read_csv(path)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]) and not (
            pd.api.types.is_bool_dtype(frame[column])
        ):
            frame[column] = frame[column].astype("category")
    return frame


def build_augmentation(transforms: list):
    """An albumentations ``Compose(strict=True)`` from a spec's list of transforms.

    Parameters
    ----------
    transforms : list of dict
        Each ``{"transform": "<albumentations class>", **arguments}``; lists
        become tuples (TOML has no tuples).

    Returns
    -------
    albumentations.Compose

    Examples
    --------
    >>> import numpy as np
    >>> from gan_augment.pipeline import build_augmentation
    >>> compose = build_augmentation([
    ...     {"transform": "Affine", "rotate": [-15, 15], "p": 1.0},
    ...     {"transform": "GaussNoise", "p": 0.5},
    ... ])
    >>> [type(transform).__name__ for transform in compose.transforms]
    ['Affine', 'GaussNoise']
    >>> image = np.zeros((8, 8), dtype=np.float32)
    >>> compose(image=image)["image"].shape
    (8, 8)
    >>> try:
    ...     build_augmentation([{"transform": "Twirl"}])
    ... except ValueError as exc:
    ...     print(str(exc).split(":")[0])
    Unknown albumentations transform 'Twirl'
    """
    from ._images import import_albumentations

    A = import_albumentations()
    steps = []
    for item in transforms:
        item = dict(item)
        name = item.pop("transform", None)
        cls = getattr(A, str(name), None)
        if not isinstance(cls, type):
            raise ValueError(
                f"Unknown albumentations transform {name!r}: give each entry "
                "transform = '<class name>', e.g. 'Affine' or 'GaussNoise'."
            )
        kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}
        try:
            steps.append(cls(**kwargs))
        except Exception as exc:
            raise ValueError(f"albumentations.{name}({kwargs}) failed: {exc}") from exc
    return A.Compose(steps, strict=True)


def build_augmenter(entry: dict, X: pd.DataFrame, callbacks=None, image_shape=None):
    """An unfitted sampler from a spec entry (``image_shape`` for image data).

    Parameters
    ----------
    entry : dict
        One ``[[augmenters]]`` entry, with ``kind`` and ``params``.
    X : DataFrame
        The features (SMOTE's variant depends on the column types).
    callbacks : list, optional
        Given to a GAN's ``callbacks``.
    image_shape : sequence of int, optional
        ``(H, W)`` or ``(H, W, C)`` when the rows are images.

    Returns
    -------
    sampler
        An imbalanced-learn sampler.

    Examples
    --------
    >>> from gan_augment.datasets import load_dataset
    >>> from gan_augment.pipeline import build_augmenter
    >>> X, y = load_dataset("new_thyroid1")
    >>> entry = {"kind": "gan", "params": {"n_steps": 30, "random_state": 0}}
    >>> gan = build_augmenter(entry, X)
    >>> type(gan).__name__, gan.n_steps
    ('GANAugmenter', 30)
    >>> X_res, y_res = gan.fit_resample(X, y)
    >>> y_res.value_counts().sort_index().tolist()
    [180, 180]
    >>> build_augmenter({"kind": "smote", "params": {}}, X)
    SMOTE(random_state=0)
    """
    from .benchmark import make_augmenter

    seed = entry["params"].get("random_state", 0)
    if entry["kind"] in _IMAGE_KINDS:
        return _image_augmenter(entry, tuple(image_shape), seed, callbacks)
    augmenter = make_augmenter(entry["kind"], X, random_state=seed)
    if augmenter is None:
        raise ValueError(
            "augmenter kind 'none' is the baseline that every gain is measured "
            "against already; leave it out of [[augmenters]]."
        )
    params = dict(entry["params"])
    if callbacks is not None:
        params["callbacks"] = callbacks
    if image_shape is not None and entry["kind"] == "gan":
        params.setdefault("image_shape", tuple(image_shape))
    if isinstance(params.get("image_shape"), list):
        params["image_shape"] = tuple(params["image_shape"])
    return augmenter.set_params(**params)


def _image_augmenter(entry: dict, image_shape: tuple, seed, callbacks):
    from . import AlbumentationsAugmenter

    augmentation = build_augmentation(entry["augmentation"])
    if entry["kind"] == "albumentations":
        return AlbumentationsAugmenter(augmentation, image_shape, random_state=seed)
    params = {k: v for k, v in entry["params"].items() if k != "random_state"}
    return _gan_albumentations_chain(
        augmentation,
        image_shape,
        share=entry.get("share", 0.5),
        random_state=seed,
        callbacks=callbacks,
        **params,
    )


def _gan_albumentations_chain(
    augmentation, image_shape, *, share=0.5, random_state=None, **gan_params
):
    """GAN + albumentations as one sampler.

    Altered real images fill ``share`` of each class's gap, then a GAN
    trained on the real and the altered images fills the rest.
    """
    from . import AlbumentationsAugmenter, GANAugmenter, PartialBalance, SamplerChain

    return SamplerChain(
        [
            (
                "albumentations",
                AlbumentationsAugmenter(
                    augmentation,
                    image_shape,
                    sampling_strategy=PartialBalance(share),
                    random_state=random_state,
                ),
            ),
            (
                "gan",
                GANAugmenter(
                    image_shape=image_shape, random_state=random_state, **gan_params
                ),
            ),
        ]
    )


def build_classifier(entry: dict, X: pd.DataFrame):
    """Preprocessing + classifier from a spec entry.

    Parameters
    ----------
    entry : dict
        One ``[[classifiers]]`` entry: ``kind`` and ``params`` (parameters of
        the classifier step).
    X : DataFrame
        The features (category columns are one-hot encoded).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; its steps are ``preprocess`` and ``classifier``.

    Examples
    --------
    >>> from gan_augment.datasets import load_dataset
    >>> from gan_augment.pipeline import build_classifier
    >>> X, y = load_dataset("new_thyroid1")
    >>> model = build_classifier({"kind": "logreg", "params": {"C": 0.5}}, X)
    >>> [name for name, _ in model.steps], model.named_steps["classifier"].C
    (['preprocess', 'classifier'], 0.5)
    >>> bool(model.fit(X, y).score(X, y) > 0.9)
    True
    """
    from .benchmark import make_classifier

    model = make_classifier(entry["kind"], X)
    params = {f"classifier__{k}": v for k, v in entry["params"].items()}
    return model.set_params(**params)


def _cv(spec: PipelineSpec):
    from sklearn.model_selection import RepeatedStratifiedKFold

    return RepeatedStratifiedKFold(
        n_splits=spec.cv.get("n_splits", 5),
        n_repeats=spec.cv.get("n_repeats", 2),
        random_state=spec.cv.get("random_state", 0),
    )


def run_pipeline(
    spec: PipelineSpec | str | os.PathLike,
    *,
    tracking_uri: str | None = None,
    verbose: int = 1,
) -> pd.DataFrame:
    """Run a pipeline spec end to end and log it to MLflow.

    Parameters
    ----------
    spec : PipelineSpec or path to a TOML file
    tracking_uri : str, optional
        Defaults to ``MLFLOW_TRACKING_URI`` or MLflow's default
        (``sqlite:///mlflow.db`` in the working directory).
    verbose : int, default=1
        Progress bars of the final fit.

    Returns
    -------
    DataFrame
        One row per augmenter x classifier x metric with the mean gain, its
        95% interval and the wins/ties/losses over folds; ``attrs`` holds the
        parent ``run_id`` and the ``tracking_uri``.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from gan_augment.pipeline import run_pipeline
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "spec.toml").write_text('''
    ... [data]
    ... dataset = "new_thyroid1"
    ... [cv]
    ... n_splits = 2
    ... n_repeats = 1
    ... [[augmenters]]
    ... kind = "gan"
    ... params = { n_steps = 30, random_state = 0 }
    ... [[classifiers]]
    ... kind = "logreg"
    ... [metrics]
    ... scoring = ["balanced_accuracy", "roc_auc"]
    ... [mlflow]
    ... experiment = "pipeline"
    ... ''')
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> uri = f"sqlite:///{tmp}/mlflow.db"
    >>> mlflow.set_tracking_uri(uri)
    >>> _ = mlflow.create_experiment(
    ...     "pipeline", artifact_location=(tmp / "pipeline").as_uri()
    ... )
    >>> table = run_pipeline(folder / "spec.toml", verbose=0)
    >>> table[["augmenter", "classifier", "metric"]].to_numpy().tolist()
    [['gan', 'logreg', 'balanced_accuracy'], ['gan', 'logreg', 'roc_auc']]
    >>> (table["wins"] + table["ties"] + table["losses"]).tolist()  # 2 folds
    [2, 2]
    >>> table.attrs["tracking_uri"] == uri
    True
    >>> mlflow.get_run(table.attrs["run_id"]).data.params["data"]
    'new_thyroid1'
    >>> mlflow.set_tracking_uri(None)
    """
    import mlflow

    if not isinstance(spec, PipelineSpec):
        spec = load_spec(spec)
    if tracking_uri:
        mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(spec.mlflow.get("experiment", f"gan-augment-{spec.name}"))
    if "datasets" not in spec.data:
        return _run_one(spec, spec.data, spec.name, verbose)
    tables = []
    for name in spec.data["datasets"]:
        mlflow_cfg = dict(spec.mlflow)
        if mlflow_cfg.get("registered_model_name"):
            mlflow_cfg["registered_model_name"] += f"-{name}"
        one = PipelineSpec(
            name=spec.name,
            data={"dataset": name},
            augmenters=spec.augmenters,
            classifiers=spec.classifiers,
            cv=spec.cv,
            scoring=spec.scoring,
            mlflow=mlflow_cfg,
            source=spec.source,
        )
        table = _run_one(one, one.data, f"{spec.name}: {name}", verbose)
        tables.append(table.assign(dataset=name))
    combined = pd.concat(tables, ignore_index=True)
    combined.attrs = dict(tables[-1].attrs)
    return combined


def _run_one(spec: PipelineSpec, data: dict, run_name: str, verbose: int):
    import mlflow

    from .metrics import augmentation_gain
    from .mlflow import log_gain

    X, y = load_data(data)
    rows = []
    with mlflow.start_run(run_name=run_name) as parent:
        mlflow.log_params(
            {
                "pipeline": spec.name,
                "data": data.get("dataset", data.get("csv")),
                "n_rows": len(X),
                "n_features": X.shape[1],
                "class_counts": dict(y.value_counts().sort_index()),
                **{f"cv_{k}": v for k, v in spec.cv.items()},
            }
        )
        if spec.source is not None:
            mlflow.log_artifact(str(spec.source), "pipeline")
        for aug in spec.augmenters:
            for clf in spec.classifiers:
                label = f"{aug['name']}+{clf['name']}"
                logger.info("Measuring %s on %d folds", label, _cv(spec).get_n_splits())
                with mlflow.start_run(run_name=label, nested=True):
                    mlflow.log_params(
                        {
                            "augmenter": aug["name"],
                            "classifier": clf["name"],
                            **{f"augmenter_{k}": v for k, v in aug["params"].items()},
                            **(
                                {"augmenter_augmentation": str(aug["augmentation"])}
                                if "augmentation" in aug
                                else {}
                            ),
                        }
                    )
                    gain = augmentation_gain(
                        build_classifier(clf, X),
                        build_augmenter(aug, X, image_shape=data.get("image_shape")),
                        X,
                        y,
                        cv=_cv(spec),
                        scoring=spec.scoring,
                    )
                    log_gain(gain)
                    mlflow.log_text(gain.table(), "gain.txt")
                summary = gain.summary.reset_index()
                summary.insert(0, "classifier", clf["name"])
                summary.insert(0, "augmenter", aug["name"])
                rows.append(summary)
        table = pd.concat(rows, ignore_index=True)
        mlflow.log_table(table, "gain_summary.json")
        means = _mean_gains(table)
        for name, metrics in means.items():
            log_gain(metrics, prefix=f"{name}_")
        register = spec.mlflow.get("register")
        if register is not None:
            _fit_and_register(spec, register, X, y, means.get(register, {}), verbose)
        table.attrs["run_id"] = parent.info.run_id
        table.attrs["tracking_uri"] = mlflow.get_tracking_uri()
    return table


def _mean_gains(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Per augmenter: the gain of each metric averaged over classifiers."""
    out = {}
    for name, part in table.groupby("augmenter", sort=False):
        means = part.groupby("metric")["gain_mean"].mean()
        out[name] = {f"gain_{metric}": float(v) for metric, v in means.items()}
    return out


def _fit_and_register(spec, register, X, y, gains, verbose):
    import mlflow

    from .mlflow import MlflowCallback, log_augmenter, log_quality_figures

    entry = next(a for a in spec.augmenters if a["name"] == register)
    with mlflow.start_run(run_name=f"{register} (all data)", nested=True):
        image_shape = spec.data.get("image_shape")
        quality = _holdout_quality(entry, X, y, image_shape)
        if quality:
            mlflow.log_metrics(quality)
        augmenter = build_augmenter(entry, X, image_shape=image_shape)
        tracked = hasattr(augmenter, "callbacks")
        if tracked:
            augmenter.set_params(callbacks=[MlflowCallback()], verbose=verbose)
        augmenter.fit(X, y)
        if hasattr(augmenter, "history_"):
            # The callback logged the real-vs-synthetic figures when the fit ended.
            log_quality_figures(augmenter, X, y, samples=not tracked)
            info = log_augmenter(
                augmenter,
                registered_model_name=spec.mlflow.get("registered_model_name"),
                gain={**gains, **quality},
            )
            logger.info("Logged generator: %s", info.model_uri)
            if info.registered_model_version:
                logger.info(
                    "Registered %s version %s",
                    spec.mlflow.get("registered_model_name"),
                    info.registered_model_version,
                )


def _holdout_quality(
    entry: dict, X: pd.DataFrame, y: pd.Series, image_shape=None
) -> dict[str, float]:
    """Synthetic-data quality of the augmenter against a 25% real holdout.

    Images are judged by label fidelity, diversity and Frechet distance
    against the real training images instead.
    """
    from sklearn.model_selection import train_test_split

    from .metrics import synthetic_quality

    X_train, X_hold, y_train, y_hold = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    augmenter = build_augmenter(entry, X_train, image_shape=image_shape)
    X_res, y_res = augmenter.fit_resample(X_train, y_train)
    synthetic = X_res.iloc[len(X_train) :]
    if len(synthetic) == 0:
        return {}
    if image_shape is not None:
        from .image_metrics import image_quality

        report = image_quality(X_train, y_train, synthetic, y_res.iloc[len(X_train) :])
        return report.as_dict()
    # Compare like with like: the oversampled classes only.
    classes = pd.unique(y_res.iloc[len(X_train) :])
    report = synthetic_quality(
        X_hold[y_hold.isin(classes)], synthetic, training=X_train[y_train.isin(classes)]
    )
    return {k: v for k, v in report.to_dict().items() if pd.notna(v)}


def format_table(table: pd.DataFrame) -> str:
    """The mean gain of each augmenter x classifier x metric as text.

    Parameters
    ----------
    table : DataFrame
        What :func:`run_pipeline` returns.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> from gan_augment.pipeline import format_table
    >>> table = pd.DataFrame({
    ...     "augmenter": ["gan", "gan", "smote", "smote"],
    ...     "classifier": ["logreg"] * 4,
    ...     "metric": ["balanced_accuracy", "roc_auc"] * 2,
    ...     "gain_mean": [0.031, -0.002, 0.012, 0.0],
    ... })
    >>> print(format_table(table))  # doctest: +NORMALIZE_WHITESPACE
    Mean gain over no augmentation (same folds):
    metric                balanced_accuracy  roc_auc
    augmenter classifier
    gan       logreg                +0.0310  -0.0020
    smote     logreg                +0.0120  +0.0000
    """
    index = ["augmenter", "classifier"]
    if "dataset" in table.columns:
        index = ["dataset", *index]
    view = table.pivot_table(index=index, columns="metric", values="gain_mean")
    return "Mean gain over no augmentation (same folds):\n" + view.to_string(
        float_format=lambda v: f"{v:+.4f}"
    )


def _plain_label(text, classes):
    """The class whose text form is ``text`` (labels arrive as strings)."""
    for cls in classes:
        if str(cls) == str(text):
            return cls
    raise ValueError(
        f"Unknown label {text!r}; the augmenter knows {[str(c) for c in classes]}."
    )
