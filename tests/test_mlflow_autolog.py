"""gan_augment.mlflow.autolog against a real sqlite store: fits alone, in
pipelines and in a grid search, each logged where an MLflow user looks."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

mlflow = pytest.importorskip("mlflow")

from imblearn.pipeline import make_pipeline as make_imblearn_pipeline  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from gan_augment import (  # noqa: E402
    AlbumentationsAugmenter,
    AugmentedClassifier,
    GANAugmenter,
    InterpolationAugmenter,
    _fit_hooks,
)
from gan_augment.mlflow import MlflowCallback, autolog  # noqa: E402

# The sqlite store fixtures (store, empty_store) are in conftest.py.

TINY = {"n_steps": 12, "batch_size": 32, "random_state": 0}


@pytest.fixture
def autologging(store):
    """Autologging on for one test (figures off unless a test turns them on)."""
    autolog(log_figures=False)
    yield mlflow.MlflowClient()
    autolog(disable=True)


def _runs():
    return mlflow.search_runs(output_format="list", order_by=["start_time ASC"])


def test_a_fit_alone_gets_a_run_with_params_tags_dataset_and_losses(
    autologging, dataset
):
    X, y = dataset("glass1")
    augmenter = GANAugmenter(**TINY).fit(X, y)
    assert mlflow.active_run() is None  # the run it opened is closed
    (run,) = _runs()
    assert run.info.status == "FINISHED"
    assert run.data.params["n_steps"] == "12"
    assert run.data.params["sampling_strategy"] == "auto"
    assert run.data.params["conditioning"] == "joint"
    assert run.data.tags["estimator_class"] == "gan_augment.GANAugmenter"
    history = autologging.get_metric_history(run.info.run_id, "g_loss")
    np.testing.assert_allclose(
        [m.value for m in history], augmenter.history_["g_loss"], rtol=1e-6
    )
    # The training data, as an MLflow dataset: digest, schema, context.
    (given,) = run.inputs.dataset_inputs
    assert {t.key: t.value for t in given.tags}["mlflow.data.context"] == "training"
    assert given.dataset.digest and given.dataset.source_type
    schema = given.dataset.schema
    assert all(str(c) in schema for c in X.columns) and "label" in schema
    assert f'"num_rows": {len(X)}' in given.dataset.profile


def test_a_fit_in_an_active_run_logs_there_and_a_second_nests(autologging, dataset):
    X, y = dataset("glass1")
    with mlflow.start_run() as parent:
        GANAugmenter(**TINY).fit(X, y)
        GANAugmenter(**{**TINY, "n_steps": 8}).fit(X, y)
        assert mlflow.active_run().info.run_id == parent.info.run_id
    runs = {r.info.run_id: r for r in _runs()}
    assert len(runs) == 2
    assert runs[parent.info.run_id].data.params["n_steps"] == "12"
    (child,) = [r for r in runs.values() if r.info.run_id != parent.info.run_id]
    # MLflow refuses to change a parameter: the second fit has its own run.
    assert child.data.tags["mlflow.parentRunId"] == parent.info.run_id
    assert child.data.params["n_steps"] == "8"


def test_fits_inside_pipelines_are_logged(autologging, dataset):
    X, y = dataset("glass1")
    imblearn_pipe = make_imblearn_pipeline(
        StandardScaler(), GANAugmenter(**TINY), LogisticRegression()
    )
    sklearn_pipe = make_pipeline(
        StandardScaler(),
        AugmentedClassifier(LogisticRegression(), GANAugmenter(**TINY, noise_dim=8)),
    )
    imblearn_pipe.fit(X, y)
    sklearn_pipe.fit(X, y)
    runs = _runs()
    assert [r.data.params["noise_dim"] for r in runs] == ["32", "8"]
    # The augmenter saw scaled data: the logged dataset is what it fit on.
    assert all(len(r.inputs.dataset_inputs) == 1 for r in runs)


def test_grid_search_fits_are_nested_runs(autologging, dataset):
    X, y = dataset("glass1")
    search = GridSearchCV(
        AugmentedClassifier(LogisticRegression(max_iter=200), GANAugmenter(**TINY)),
        {"augmenter__noise_dim": [4, 8]},
        cv=StratifiedKFold(2),
        n_jobs=1,
    )
    with mlflow.start_run() as parent:
        search.fit(X, y)
    runs = _runs()
    children = [r for r in runs if r.info.run_id != parent.info.run_id]
    # 2 candidates x 2 folds + the refit, each a nested run of the active run.
    assert len(children) == 5
    assert {r.data.tags["mlflow.parentRunId"] for r in children} == {parent.info.run_id}
    best = str(search.best_params_["augmenter__noise_dim"])
    noise_dims = sorted(r.data.params["noise_dim"] for r in children)
    assert noise_dims == sorted(["4", "4", "8", "8", best])
    assert "noise_dim" not in mlflow.get_run(parent.info.run_id).data.params


def test_grid_search_without_an_active_run_gets_one_parent(autologging, dataset):
    X, y = dataset("glass1")
    GridSearchCV(
        AugmentedClassifier(LogisticRegression(max_iter=200), GANAugmenter(**TINY)),
        {"augmenter__noise_dim": [4, 8]},
        cv=StratifiedKFold(2),
        refit=False,
    ).fit(X, y)
    assert mlflow.active_run() is None
    runs = _runs()
    (parent,) = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]
    assert parent.info.run_name == "GridSearchCV"
    assert parent.info.status == "FINISHED"
    children = [r for r in runs if r is not parent]
    assert len(children) == 4 and all(r.info.status == "FINISHED" for r in children)
    assert {r.data.tags["mlflow.parentRunId"] for r in children} == {parent.info.run_id}


def test_albumentations_fit_is_logged(autologging):
    pytest.importorskip("albumentations")
    import albumentations as A
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    keep = np.concatenate([np.flatnonzero(y == 0)[:10], np.flatnonzero(y == 1)[:30]])
    X, y = X[keep], y[keep]
    sampler = AlbumentationsAugmenter(
        A.Compose([A.Affine(rotate=(-10, 10), p=1.0)]), (8, 8), random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y)
    (run,) = _runs()
    assert run.info.status == "FINISHED"
    assert run.data.tags["estimator_name"] == "AlbumentationsAugmenter"
    assert run.data.params["image_shape"] == "(8, 8)"
    assert "Affine" in run.data.params["augmentation"]
    (given,) = run.inputs.dataset_inputs
    assert given.dataset.digest
    assert f"[{len(X)}, 64]" in given.dataset.profile  # the features' shape


def test_interpolation_fit_is_logged(autologging, dataset):
    X, y = dataset("glass1")
    X_res, _ = InterpolationAugmenter(theta=2.0, random_state=0).fit_resample(X, y)
    (run,) = _runs()
    assert run.info.status == "FINISHED"
    assert run.data.tags["estimator_name"] == "InterpolationAugmenter"
    assert run.data.params["theta"] == "2.0"
    assert run.data.params["levels"] == "5"
    (given,) = run.inputs.dataset_inputs
    assert given.dataset.digest
    assert len(X_res) > len(X)


def test_log_models_and_figures(store, dataset):
    autolog(log_models=True, log_figures=True)
    try:
        X, y = dataset("new_thyroid1")
        augmenter = GANAugmenter(**TINY).fit(X, y)
    finally:
        autolog(disable=True)
    (run,) = _runs()
    client = mlflow.MlflowClient()
    figures = {a.path for a in client.list_artifacts(run.info.run_id, "figures")}
    assert "figures/loss_curves.png" in figures
    assert any(f.startswith("figures/marginals_class_") for f in figures)
    (model,) = mlflow.search_logged_models(
        filter_string=f"source_run_id = '{run.info.run_id}'", output_format="list"
    )
    loaded = mlflow.pyfunc.load_model(f"models:/{model.model_id}")
    rows = loaded.predict(
        pd.DataFrame({"label": [1], "n_samples": [4]}), params={"random_state": 3}
    )
    expected, _ = augmenter.sample({1: 4}, random_state=3)
    np.testing.assert_allclose(
        rows.drop(columns="label").to_numpy(dtype=float), expected.to_numpy(float)
    )


def test_disable_and_own_callbacks(autologging, dataset):
    X, y = dataset("glass1")
    # A fit with its own MlflowCallback is left to it: no doubled metrics.
    augmenter = GANAugmenter(**TINY, callbacks=[MlflowCallback(log_figures=False)])
    augmenter.fit(X, y)
    (run,) = _runs()
    history = autologging.get_metric_history(run.info.run_id, "d_loss")
    assert len(history) == len(augmenter.history_)
    autolog(disable=True)
    assert _fit_hooks.listeners() == ()
    GANAugmenter(**TINY).fit(X, y)
    assert len(_runs()) == 1


def test_a_failing_store_never_stops_a_fit(store, dataset, monkeypatch, tmp_path):
    X, y = dataset("glass1")
    autolog(log_figures=False)
    try:
        # A store that cannot be written: a file where a folder should be.
        (tmp_path / "blocked").write_text("")
        mlflow.set_tracking_uri(f"sqlite:///{tmp_path / 'blocked' / 'x.db'}")
        with pytest.warns(RuntimeWarning, match="autologging failed"):
            fitted = GANAugmenter(**TINY).fit(X, y)
        assert hasattr(fitted, "generators_")
        autolog(log_figures=False, silent=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            GANAugmenter(**TINY).fit(X, y)
        assert not [w for w in caught if "autologging" in str(w.message)]
    finally:
        autolog(disable=True)
    with pytest.raises(TypeError, match="log_models must be True or False"):
        autolog(log_models="yes")


def test_a_failed_per_class_fit_closes_every_run_it_opened(autologging, dataset):
    class Broken:
        def on_epoch_end(self, epoch, logs):
            if epoch == 2:
                raise RuntimeError("disk full")

    X, y = dataset("wine")
    with pytest.raises(RuntimeError, match="disk full"):
        GANAugmenter(**TINY, conditioning="per_class", callbacks=[Broken()]).fit(X, y)
    assert mlflow.active_run() is None  # the user's next start_run works
    runs = _runs()
    (fit,) = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]
    assert fit.info.status == "FAILED"
    assert fit.data.params["conditioning"] == "per_class"
    (class_run,) = [r for r in runs if r is not fit]
    assert class_run.data.tags["mlflow.parentRunId"] == fit.info.run_id
    assert class_run.info.status == "FAILED"
