"""The figures and tables the MLflow adapter logs, against a real sqlite store."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

mlflow = pytest.importorskip("mlflow")
pytest.importorskip("matplotlib")

from gan_augment import GANAugmenter  # noqa: E402
from gan_augment.mlflow._comparison import log_comparison  # noqa: E402
from gan_augment.mlflow._figures import (  # noqa: E402
    log_precision_recall,
    log_quality_figures,
    log_sample_figures,
)
from gan_augment.mlflow._gain import log_gain_summary  # noqa: E402


def _paths(run_id: str, folder: str | None = None) -> list[str]:
    return [a.path for a in mlflow.MlflowClient().list_artifacts(run_id, folder)]


def _png(run_id: str, path: str) -> np.ndarray:
    from matplotlib.image import imread

    return imread(
        mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=path)
    )


@pytest.fixture(scope="module")
def gain_table():
    """Real gains on new_thyroid1, tabled as run_pipeline tables them."""
    from imblearn.over_sampling import SMOTE, RandomOverSampler
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from gan_augment.datasets import load_dataset
    from gan_augment.metrics import augmentation_gain

    X, y = load_dataset("new_thyroid1")
    rows = []
    for name, sampler in (
        ("ros", RandomOverSampler(random_state=0)),
        ("smote", SMOTE(random_state=0)),
    ):
        gain = augmentation_gain(
            make_pipeline(StandardScaler(), LogisticRegression()),
            sampler,
            X,
            y,
            cv=3,
            scoring=["balanced_accuracy", "roc_auc"],
        )
        summary = gain.summary.reset_index()
        summary.insert(0, "classifier", "logreg")
        summary.insert(0, "augmenter", name)
        rows.append(summary)
    return pd.concat(rows, ignore_index=True), gain


def test_quality_figures_log_each_figure_once_without_touching_pyplot(store, dataset):
    import matplotlib
    import matplotlib.pyplot as plt

    X, y = dataset("new_thyroid1")
    augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    backend, open_figures = matplotlib.get_backend(), plt.get_fignums()
    with mlflow.start_run() as run:
        log_quality_figures(augmenter, X, y)
    assert (matplotlib.get_backend(), plt.get_fignums()) == (backend, open_figures)
    run_id = run.info.run_id
    (minority,) = [c for c, n in augmenter.sampling_strategy_.items() if n > 0]
    # One loss-curve figure, under figures/ only.
    assert _paths(run_id) == ["figures"]
    assert _paths(run_id, "figures") == [
        f"figures/correlation_difference_class_{minority}.png",
        "figures/loss_curves.png",
        f"figures/marginals_class_{minority}.png",
        "figures/pca.png",
    ]
    for path in _paths(run_id, "figures"):
        assert _png(run_id, path).ndim == 3  # a real image, not an empty file


def test_sample_figures_skip_the_correlation_of_one_numeric_column(dataset):
    from matplotlib.figure import Figure

    X, y = dataset("abalone9_18")
    X = X[["Sex", "Length"]]  # one category, one number
    augmenter = GANAugmenter(n_steps=10, random_state=0).fit(X, y)
    logged = {}
    log_sample_figures(augmenter, X, y, lambda fig, path: logged.update({path: fig}))
    assert sorted(logged) == ["figures/marginals_class_1.png", "figures/pca.png"]
    pca = logged["figures/pca.png"]
    assert isinstance(pca, Figure)
    labels = [c.get_label() for c in pca.axes[0].collections]
    assert labels == ["real 0", "real 1", "synthetic 1"]
    # The synthetic rows drawn for the figures: as many as the marginals use.
    (synthetic,) = [
        c for c in pca.axes[0].collections if c.get_label() == "synthetic 1"
    ]
    assert len(synthetic.get_offsets()) == max(int((y == 1).sum()), 200)


def test_log_precision_recall_logs_the_figure_and_returns_sklearns_ap(store):
    from imblearn.over_sampling import RandomOverSampler
    from imblearn.pipeline import make_pipeline
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=0
    )
    scores = {}
    for name, steps in (("none", []), ("ros", [RandomOverSampler(random_state=0)])):
        model = make_pipeline(StandardScaler(), *steps, LogisticRegression(C=0.01))
        scores[name] = model.fit(X_train, y_train).predict_proba(X_test)[:, 1]
    with pytest.raises(ValueError, match="needs a run"):
        log_precision_recall(y_test, scores)
    with mlflow.start_run() as run:
        ap = log_precision_recall(y_test, scores, "eval/pr.png")
    assert ap == pytest.approx(
        {n: average_precision_score(y_test, s) for n, s in scores.items()}
    )
    assert _paths(run.info.run_id, "eval") == ["eval/pr.png"]
    # To a finished run by its id, e.g. a pipeline's parent run.
    log_precision_recall(y_test, scores, run_id=run.info.run_id)
    assert _paths(run.info.run_id, "figures") == ["figures/precision_recall.png"]


def test_gain_summary_is_a_table_and_a_forest_plot(store, gain_table):
    table, gain = gain_table
    given = table.copy()
    with mlflow.start_run() as run:
        log_gain_summary(table)
    pd.testing.assert_frame_equal(table, given)  # the user's table is unchanged
    run_id = run.info.run_id
    loaded = mlflow.load_table("gain_summary.json", run_ids=[run_id])
    assert list(loaded.columns) == list(table.columns)
    pd.testing.assert_frame_equal(loaded, table, check_dtype=False)
    assert _paths(run_id, "figures") == ["figures/gain_forest.png"]
    assert _png(run_id, "figures/gain_forest.png").ndim == 3
    # A table artifact for MLflow's table view, not a JSON file alone.
    logged = json.loads(mlflow.get_run(run_id).data.tags["mlflow.loggedArtifacts"])
    assert {"path": "gain_summary.json", "type": "table"} in logged


def test_gain_summary_takes_a_gain_result_and_checks_before_logging(store, gain_table):
    table, gain = gain_table
    with pytest.raises(ValueError, match="needs a run"):
        log_gain_summary(table)
    with mlflow.start_run() as run:
        with pytest.raises(ValueError, match="lacks the columns"):
            log_gain_summary(table.drop(columns="gain_mean"))
        assert _paths(run.info.run_id) == []  # nothing half-logged
    log_gain_summary(gain, run_id=run.info.run_id)
    loaded = mlflow.load_table("gain_summary.json", run_ids=[run.info.run_id])
    assert loaded["metric"].tolist() == ["balanced_accuracy", "roc_auc"]
    np.testing.assert_allclose(loaded["gain_mean"], gain.summary["gain_mean"])


def test_comparison_logs_its_table_and_a_forest_of_differences(store, dataset):
    from sklearn.model_selection import StratifiedKFold

    from gan_augment.metrics import compare_augmenters

    X, y = dataset("new_thyroid1")
    comparison = compare_augmenters(
        X,
        y,
        augmenters=["none", "ros", "smote"],
        classifiers=("logreg",),
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
    )
    with mlflow.start_run() as run:
        log_comparison(comparison)
    run_id = run.info.run_id
    assert _paths(run_id, "comparison") == [
        "comparison/critical_difference.png",
        "comparison/forest.png",
        "comparison/ranking.json",
        "comparison/ranking.txt",
    ]
    loaded = mlflow.load_table("comparison/ranking.json", run_ids=[run_id])
    assert loaded["augmenter"].tolist() == list(comparison.ranking.index)
    np.testing.assert_allclose(
        loaded["diff_to_best"], comparison.ranking["diff_to_best"]
    )
    assert _png(run_id, "comparison/forest.png").ndim == 3
