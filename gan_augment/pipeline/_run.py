"""Run a pipeline spec end to end: gains per augmenter x classifier, then register.

Each augmenter x classifier pair gets a nested MLflow run with its downstream
gain (augmented against not, on the protocol's folds, as
:func:`~gan_augment.metrics.augmentation_gain` measures it), all pairs measured
by one :func:`~gan_augment.metrics.gain_grid`, which fits each augmenter
once per fold for every classifier; then the augmenter named in ``[mlflow] register`` is
fitted on all data, its curves and marginals are logged, and it is registered.
MLflow is reached only through :mod:`gan_augment.mlflow`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from .. import mlflow as tracking
from ..metrics import GainResult, compare_augmenters, synthetic_quality
from ..metrics._gain import gain_grid
from ..metrics._scoring import N_REPEATS, N_SPLITS, SEED, protocol_cv
from ._data import load_data
from ._kinds import build_augmenter, build_classifier
from ._spec import PipelineSpec, load_spec

__all__ = ["format_table", "run_pipeline"]

logger = logging.getLogger(__name__)


def _cv(spec: PipelineSpec):
    """The spec's ``[cv]`` over the protocol's defaults (5 folds, 2 repeats, 0)."""
    # n_jobs is how the folds run, not which folds: it is not the splitter's.
    return protocol_cv(
        n_splits=spec.cv.get("n_splits", N_SPLITS),
        n_repeats=spec.cv.get("n_repeats", N_REPEATS),
        random_state=spec.cv.get("random_state", SEED),
    )


def run_pipeline(
    spec: PipelineSpec | str | os.PathLike,
    *,
    overrides: Sequence[str] | None = None,
    tracking_uri: str | None = None,
    verbose: int = 1,
) -> pd.DataFrame:
    """Run a pipeline spec end to end and log it to MLflow.

    Every augmenter is fitted once per fold, and its rows train every
    classifier (:func:`~gan_augment.metrics.gain_grid`); the folds run
    in parallel with ``[cv] n_jobs`` on the active joblib backend.

    Parameters
    ----------
    spec : PipelineSpec or path to a TOML file
    overrides : sequence of str, optional
        ``"KEY=VALUE"`` changes of a spec file's values, checked as the file
        is (``["cv.n_splits=3", "augmenters.gan.n_steps=500"]``; see
        :func:`~gan_augment.pipeline.load_spec`); logged beside the spec.
        A :class:`PipelineSpec` is changed by its fields instead.
    tracking_uri : str, optional
        Defaults to ``MLFLOW_TRACKING_URI`` or MLflow's default
        (``sqlite:///mlflow.db`` in the working directory).
    verbose : int, default=1
        A progress bar over the folds of each data set, and those of the
        final fit; 0 shows none.

    Returns
    -------
    DataFrame
        One row per augmenter x classifier x metric with the mean gain, its
        95% interval and the wins/ties/losses over folds; ``attrs`` holds the
        parent ``run_id`` and the ``tracking_uri``. A spec with ``[compare]``
        also runs :func:`~gan_augment.metrics.compare_augmenters` per data set
        on the spec's folds and logs it (:func:`~gan_augment.mlflow.log_comparison`)
        in a nested run named ``compare``; a spec with ``[compare]`` and no
        ``[[augmenters]]`` returns that ranking instead (one row per
        augmenter).

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
    if not isinstance(spec, PipelineSpec):
        spec = load_spec(spec, overrides)
    elif overrides:
        raise TypeError(
            "overrides apply to a spec file; change a PipelineSpec's fields "
            "(spec.cv['n_splits'] = 3) or pass the path of its file."
        )
    if tracking_uri:
        tracking.set_tracking_uri(tracking_uri)
    tracking.set_experiment(spec.mlflow.get("experiment", f"gan-augment-{spec.name}"))
    if "datasets" not in spec.data:
        return _run_one(spec, spec.data, spec.name, verbose)
    tables = []
    for name in spec.data["datasets"]:
        mlflow_cfg = dict(spec.mlflow)
        if mlflow_cfg.get("registered_model_name"):
            mlflow_cfg["registered_model_name"] += f"-{name}"
        one = replace(spec, data={"dataset": name}, mlflow=mlflow_cfg)
        table = _run_one(one, one.data, f"{spec.name}: {name}", verbose)
        tables.append(table.assign(dataset=name))
    combined = pd.concat(tables, ignore_index=True)
    combined.attrs = dict(tables[-1].attrs)
    return combined


def _run_one(
    spec: PipelineSpec, data: dict, run_name: str, verbose: int
) -> pd.DataFrame:
    """One data set: every augmenter x classifier gain, then the registered fit."""
    X, y = load_data(data)
    rows = []
    with tracking.start_run(run_name=run_name) as parent:
        tracking.log_params(
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
            tracking.log_artifact(str(spec.source), "pipeline")
        if spec.overrides:
            # The file as logged, then what changed it for this run.
            tracking.log_text(
                "\n".join(spec.overrides) + "\n", "pipeline/overrides.txt"
            )
        gains = _measure(spec, X, y, data, run_name, verbose) if spec.augmenters else {}
        for (aug_name, clf_name), gain in gains.items():
            aug = next(a for a in spec.augmenters if a["name"] == aug_name)
            clf = next(c for c in spec.classifiers if c["name"] == clf_name)
            with tracking.start_run(run_name=f"{aug_name}+{clf_name}", nested=True):
                tracking.log_params(
                    {
                        "augmenter": aug_name,
                        "classifier": clf_name,
                        **_described(aug, "augmenter"),
                        **(
                            {"augmenter_augmentation": str(aug["augmentation"])}
                            if "augmentation" in aug
                            else {}
                        ),
                        **_described(clf, "classifier"),
                    }
                )
                tracking.log_gain(gain)
                tracking.log_text(gain.table(), "gain.txt")
            summary = gain.summary.reset_index()
            summary.insert(0, "classifier", clf_name)
            summary.insert(0, "augmenter", aug_name)
            rows.append(summary)
        if spec.compare:
            ranking = _compare(spec, X, y)
        if not rows:
            # A spec with [compare] alone: its result is the ranking.
            table = ranking.reset_index()
            table.attrs["run_id"] = parent.info.run_id
            table.attrs["tracking_uri"] = tracking.get_tracking_uri()
            return table
        table = pd.concat(rows, ignore_index=True)
        # The table (an MLflow table artifact) and its forest plot.
        tracking.log_gain_summary(table)
        means = _mean_gains(table)
        for name, metrics in means.items():
            tracking.log_gain(metrics, prefix=f"{name}_")
        register = spec.mlflow.get("register")
        if register is not None:
            _fit_and_register(spec, register, X, y, means.get(register, {}), verbose)
        table.attrs["run_id"] = parent.info.run_id
        table.attrs["tracking_uri"] = tracking.get_tracking_uri()
    return table


def _described(entry: dict, prefix: str) -> dict:
    """An entry's class (when named by import path) and params, as run params."""
    out = {f"{prefix}_class": entry["class"]} if "class" in entry else {}
    out.update({f"{prefix}_{k}": v for k, v in entry["params"].items()})
    return out


def _measure(
    spec: PipelineSpec,
    X: pd.DataFrame,
    y: pd.Series,
    data: dict,
    run_name: str,
    verbose: int,
) -> dict[tuple[str, str], GainResult]:
    """Every augmenter x classifier gain, each augmenter fitted once per fold."""
    image_shape = data.get("image_shape")
    augmenters = {
        aug["name"]: build_augmenter(aug, X, image_shape=image_shape)
        for aug in spec.augmenters
    }
    classifiers = {clf["name"]: build_classifier(clf, X) for clf in spec.classifiers}
    cv = _cv(spec)
    logger.info(
        "Measuring %d augmenters x %d classifiers on %d folds",
        len(augmenters),
        len(classifiers),
        cv.get_n_splits(),
    )
    return gain_grid(
        classifiers,
        augmenters,
        X,
        y,
        cv=cv,
        scoring=spec.scoring,
        n_jobs=spec.cv.get("n_jobs"),
        verbose=verbose,
        description=run_name,
    )


def _compare(spec: PipelineSpec, X: pd.DataFrame, y: pd.Series) -> pd.DataFrame:
    """``[compare]``: every augmenter on the spec's folds, in a nested run."""
    options = dict(spec.compare)
    with tracking.start_run(run_name="compare", nested=True) as run:
        comparison = compare_augmenters(
            X,
            y,
            augmenters=options.get("augmenters"),
            classifiers=options.get("classifiers", ("logreg", "hgb")),
            augmenter_params=options.get("params"),
            cv=_cv(spec),
            scoring=options.get("scoring", "balanced_accuracy"),
            random_state=spec.cv.get("random_state", SEED),
            n_jobs=spec.cv.get("n_jobs"),
        )
        tracking.log_comparison(comparison, run_id=run.info.run_id)
    logger.info("%s", comparison.message)
    return comparison.ranking


def _mean_gains(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Per augmenter: the gain of each metric averaged over classifiers."""
    out = {}
    for name, part in table.groupby("augmenter", sort=False):
        means = part.groupby("metric")["gain_mean"].mean()
        out[name] = {f"gain_{metric}": float(v) for metric, v in means.items()}
    return out


def _fit_and_register(
    spec: PipelineSpec,
    register: str,
    X: pd.DataFrame,
    y: pd.Series,
    gains: dict[str, float],
    verbose: int,
) -> None:
    """Fit the ``register`` augmenter on all data, log it, and register it."""
    entry = next(a for a in spec.augmenters if a["name"] == register)
    with tracking.start_run(run_name=f"{register} (all data)", nested=True):
        image_shape = spec.data.get("image_shape")
        quality = _holdout_quality(spec, entry, X, y, image_shape)
        if quality:
            tracking.log_metrics(quality)
        augmenter = build_augmenter(entry, X, image_shape=image_shape)
        tracked = hasattr(augmenter, "callbacks")
        if tracked:
            augmenter.set_params(callbacks=[tracking.MlflowCallback()], verbose=verbose)
        augmenter.fit(X, y)
        if hasattr(augmenter, "history_"):
            if not tracked:
                # Otherwise the callback logged every figure when the fit ended.
                tracking.log_quality_figures(augmenter, X, y)
            info = tracking.log_augmenter(
                augmenter,
                registered_model_name=spec.mlflow.get("registered_model_name"),
                gain={**gains, **quality},
                promote=spec.mlflow.get("promote"),
            )
            logger.info("Logged generator: %s", info.model_uri)
            if info.registered_model_version:
                logger.info(
                    "Registered %s version %s",
                    spec.mlflow.get("registered_model_name"),
                    info.registered_model_version,
                )


def _holdout_quality(
    spec: PipelineSpec, entry: dict, X: pd.DataFrame, y: pd.Series, image_shape=None
) -> dict[str, float]:
    """Synthetic-data quality of the augmenter against a 25% real holdout.

    Images are judged by label fidelity, diversity and Frechet distance
    against the real training images instead, and by a second judge that
    learns from the holdout's images alone (the generator never saw them).
    Tables with two classes also get the precision-recall curves of each
    classifier on the holdout, trained with and without the augmenter's rows.
    """
    from sklearn.model_selection import train_test_split

    X_train, X_hold, y_train, y_hold = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    augmenter = build_augmenter(entry, X_train, image_shape=image_shape)
    X_res, y_res = augmenter.fit_resample(X_train, y_train)
    synthetic = X_res.iloc[len(X_train) :]
    if len(synthetic) == 0:
        return {}
    if image_shape is not None:
        from ..image_metrics import image_quality

        report = image_quality(
            X_train,
            y_train,
            synthetic,
            y_res.iloc[len(X_train) :],
            X_unseen=X_hold,
            y_unseen=y_hold,
        )
        return report.as_dict()
    _log_precision_recall(
        spec, entry["name"], (X_train, y_train), (X_res, y_res), (X_hold, y_hold)
    )
    # Compare like with like: the oversampled classes only.
    classes = pd.unique(y_res.iloc[len(X_train) :])
    report = synthetic_quality(
        X_hold[y_hold.isin(classes)], synthetic, training=X_train[y_train.isin(classes)]
    )
    return {k: v for k, v in report.to_dict().items() if pd.notna(v)}


def _log_precision_recall(spec: PipelineSpec, name: str, real, augmented, holdout):
    """PR curves on the holdout of each classifier, without and with ``name``.

    Two classes only (a curve needs one positive class: the rarest); a
    classifier without ``predict_proba`` is left out.
    """
    X_train, y_train = real
    X_hold, y_hold = holdout
    counts = y_train.value_counts()
    if len(counts) != 2:
        return
    positive = counts.idxmin()
    scores = {}
    for clf in spec.classifiers:
        for label, (X_fit, y_fit) in (("none", real), (name, augmented)):
            model = build_classifier(clf, X_train).fit(X_fit, y_fit)
            if not hasattr(model, "predict_proba"):
                break
            column = list(model.classes_).index(positive)
            scores[f"{label}+{clf['name']}"] = model.predict_proba(X_hold)[:, column]
    if scores:
        tracking.log_precision_recall(
            (y_hold == positive).astype(int), scores, pos_label=1
        )


def format_table(table: pd.DataFrame) -> str:
    """The mean gain of each augmenter x classifier x metric as text.

    Parameters
    ----------
    table : DataFrame
        What :func:`run_pipeline` returns (the gains, or the ranking of a
        spec with ``[compare]`` alone: then its mean scores and ranks).

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
    if "gain_mean" not in table.columns:
        # A [compare]-only spec's ranking (compare_augmenters, per data set).
        keys = [c for c in ("dataset", "augmenter") if c in table.columns]
        columns = [c for c in table.columns if c.startswith("mean_") or c == "wins"]
        return "Augmenters ranked (same folds):\n" + table.set_index(keys)[
            columns
        ].to_string(float_format=lambda v: f"{v:.4f}")
    index = ["augmenter", "classifier"]
    if "dataset" in table.columns:
        index = ["dataset", *index]
    view = table.pivot_table(index=index, columns="metric", values="gain_mean")
    return "Mean gain over no augmentation (same folds):\n" + view.to_string(
        float_format=lambda v: f"{v:+.4f}"
    )
