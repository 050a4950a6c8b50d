"""compare_augmenters and log_comparison on real data: folds, verdict, refusals."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler

from gan_augment.datasets import load_dataset
from gan_augment.metrics import Comparison, compare_augmenters
from gan_augment.metrics._compare import CHEAP_KINDS, _message, _rank
from gan_augment.pipeline import make_model
from gan_augment.pipeline._kinds import _AUGMENTERS, register_augmenter

FAST_GAN = {"gan": {"n_steps": 100}}


@pytest.fixture(scope="module")
def thyroid():
    return load_dataset("new_thyroid1")


class _SpyROS(RandomOverSampler):
    """Random oversampling that records the rows of every training fold it sees."""

    seen: list = []

    def _fit_resample(self, X, y):
        _SpyROS.seen.append(sorted(np.asarray(X.index if hasattr(X, "index") else X)))
        return super()._fit_resample(X, y)


@pytest.fixture(scope="module")
def comparison(thyroid):
    X, y = thyroid
    register_augmenter("spy", lambda X, random_state: _SpyROS(random_state=0))
    try:
        yield compare_augmenters(
            X,
            y,
            augmenters=["none", "class_weight", "spy", "gan"],
            classifiers=["logreg"],
            augmenter_params=FAST_GAN,
            cv=3,
        )
    finally:
        del _AUGMENTERS["spy"]


def test_every_method_gets_the_same_folds(comparison, thyroid):
    X, y = thyroid
    scores = comparison.scores
    folds = scores.groupby(["augmenter", "classifier"])["fold"].apply(
        lambda f: tuple(sorted(set(f)))
    )
    assert set(folds) == {(0, 1, 2)}
    # The spy sampler saw exactly the training rows of each fold, no test row.
    assert len(comparison.folds) == 3
    expected = [sorted(X.index[train]) for train, _ in comparison.folds]
    assert _SpyROS.seen == expected
    for train, test in comparison.folds:
        assert not set(train) & set(test)
    metrics = set(scores["metric"])
    assert {"balanced_accuracy", "f1_minority", "roc_auc"} <= metrics


def test_ranking_and_recommended_pipeline(comparison, thyroid):
    X, _ = thyroid
    ranking = comparison.ranking
    assert set(ranking.index) == {"none", "class_weight", "spy", "gan"}
    assert ranking["mean_rank"].is_monotonic_increasing
    assert ranking.loc["none", ["wins", "losses"]].tolist() == [0, 0]
    best, clf = comparison.recommended
    assert best == ranking.index[0] and clf == "logreg"
    assert ranking.loc[best, "diff_to_best"] == 0
    model = comparison.recommended_pipeline()
    expected = make_model(best, clf, X, 0)
    if best == "gan":
        expected.set_params(augmenter__n_steps=100)
    assert repr(model.get_params()) == repr(expected.get_params())
    assert comparison.recommended.augmenter in comparison.table()
    assert comparison.figure().axes


def _fake(scores_by_method: dict[str, list[float]]) -> pd.DataFrame:
    rows = []
    for method, values in scores_by_method.items():
        for fold, value in enumerate(values):
            rows.append(("balanced_accuracy", method, "logreg", fold, value))
    return pd.DataFrame(
        rows, columns=["metric", "augmenter", "classifier", "fold", "score"]
    )


@pytest.mark.parametrize("cheap", sorted(CHEAP_KINDS))
def test_message_says_no_augmentation_wins(cheap):
    values = {"none": [0.80, 0.82, 0.81, 0.80], "smote": [0.78, 0.79, 0.80, 0.77]}
    values[cheap] = [0.90, 0.91, 0.92, 0.90]
    ranking, _ = _rank(_fake(values), "balanced_accuracy", list(values), 0.25)
    assert ranking.index[0] == cheap
    message = _message(ranking, (cheap, "logreg"), "balanced_accuracy", None)
    assert "No augmentation wins on this data" in message
    assert CHEAP_KINDS[cheap] in message
    assert "'smote', trails it" in message


def test_no_augmentation_wins_on_balanced_data():
    # Balanced classes that a linear model separates: resampling has nothing
    # to add, so the classifier alone ties or beats every augmenter.
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    keep = np.r_[np.flatnonzero(y == 0)[:150], np.flatnonzero(y == 1)[:150]]
    X, y = X.iloc[keep], y.iloc[keep]
    result = compare_augmenters(
        X, y, augmenters=["none", "ros"], classifiers=["logreg"], cv=3
    )
    assert result.ranking.loc["ros", "wins"] == 0
    assert result.no_augmentation_wins
    assert "No augmentation wins on this data" in result.message


def test_augmentation_winning_is_said(thyroid):
    values = {"none": [0.7, 0.71, 0.69], "smote": [0.9, 0.92, 0.91]}
    ranking, _ = _rank(_fake(values), "balanced_accuracy", list(values), 0.5)
    message = _message(ranking, ("smote", "logreg"), "balanced_accuracy", None)
    assert "Augmentation with 'smote' wins" in message
    assert "wins 3, ties 0 and loses 0" in message


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"augmenters": ["none", "gann"]}, ValueError, "Unknown augmenters"),
        ({"augmenters": "none"}, ValueError, "besides 'none'"),
        ({"augmenters": [1]}, TypeError, "list of kind names"),
        ({"classifiers": ["forest"]}, ValueError, "Unknown or no classifiers"),
        ({"scoring": "accuracyy"}, ValueError, "Unknown scoring name"),
        (
            {"augmenters": ["class_weight"], "classifiers": ["knn"]},
            ValueError,
            "leave 'class_weight' out",
        ),
        (
            {"augmenters": ["ros"], "augmenter_params": FAST_GAN},
            ValueError,
            "not compared",
        ),
        ({"augmenters": ["ros"], "cv": 40}, ValueError, "stratified folds"),
    ],
)
def test_refusals_before_any_fit(thyroid, kwargs, error, match):
    X, y = thyroid
    with pytest.raises(error, match=match):
        compare_augmenters(X, y, **kwargs)


def test_refuses_regression_and_binary_kinds_on_multiclass():
    X = pd.DataFrame({"a": np.arange(30.0)})
    with pytest.raises(ValueError, match="class labels"):
        compare_augmenters(X, np.linspace(0, 1, 30), augmenters=["ros"])
    with pytest.raises(ValueError, match="needs two classes"):
        compare_augmenters(X, np.arange(30) % 3, augmenters=["tuned_threshold"])


def test_log_comparison_to_sqlite_store(comparison, tmp_path):
    mlflow = pytest.importorskip("mlflow")
    from gan_augment.mlflow import log_comparison

    mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/mlflow.db")
    try:
        experiment = mlflow.create_experiment(
            "compare", artifact_location=(tmp_path / "artifacts").as_uri()
        )
        with mlflow.start_run(experiment_id=experiment) as run:
            sent = log_comparison(comparison)
        logged = mlflow.get_run(run.info.run_id)
        assert logged.data.tags["recommended_augmenter"] == comparison.recommended[0]
        assert logged.data.tags["recommended_classifier"] == "logreg"
        assert "compare_gan_balanced_accuracy" in logged.data.metrics
        assert sent["compare_none_balanced_accuracy"] == pytest.approx(
            comparison.ranking.loc["none", "mean_balanced_accuracy"]
        )
        folder = mlflow.artifacts.download_artifacts(
            run_id=run.info.run_id, artifact_path="comparison", dst_path=tmp_path
        )
        table = json.loads((tmp_path / "comparison" / "ranking.json").read_text())
        assert table["data"][0][0] == comparison.recommended[0]
        assert (tmp_path / "comparison" / "critical_difference.png").is_file()
        assert folder
    finally:
        mlflow.set_tracking_uri(None)


def test_comparison_is_frozen(comparison):
    assert isinstance(comparison, Comparison)
    with pytest.raises(AttributeError):
        comparison.scoring = "roc_auc"


def test_spec_with_compare_runs_and_logs(tmp_path):
    pytest.importorskip("mlflow")
    import mlflow

    from gan_augment.pipeline import format_table, load_spec, run_pipeline

    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(
        """
[data]
dataset = "new_thyroid1"
[cv]
n_splits = 2
n_repeats = 1
[compare]
augmenters = ["none", "ros", "gan"]
classifiers = ["logreg"]
params = { gan = { n_steps = 50 } }
"""
    )
    uri = f"sqlite:///{tmp_path}/mlflow.db"
    try:
        mlflow.set_tracking_uri(uri)
        mlflow.create_experiment(
            "gan-augment-spec", artifact_location=(tmp_path / "a").as_uri()
        )
        table = run_pipeline(spec_file, verbose=0)
        assert set(table["augmenter"]) == {"none", "ros", "gan"}
        assert "Augmenters ranked" in format_table(table)
        runs = mlflow.search_runs(experiment_names=["gan-augment-spec"])
        compare = runs[runs["tags.mlflow.runName"] == "compare"]
        assert compare["tags.recommended_augmenter"].iloc[0] == table["augmenter"][0]
    finally:
        mlflow.set_tracking_uri(None)
    # The shipped spec loads and checks.
    from pathlib import Path

    shipped = load_spec(Path(__file__).parents[1] / "pipelines" / "compare.toml")
    assert shipped.compare["params"] == {"gan": {"n_steps": 200}}


@pytest.mark.parametrize(
    ("compare", "match"),
    [
        ('augmenters = ["none", "gann"]', "unknown kinds"),
        ('scoring = "accuracyy"', "not a metric name"),
        ('augmenters = ["none"]\nparams = { gan = { n_steps = 5 } }', "not compared"),
        ('augmenters = ["class_weight"]\nclassifiers = ["knn"]', "does not apply"),
        ("augmentrs = []", "augmentrs"),
    ],
)
def test_spec_refuses_bad_compare(tmp_path, compare, match):
    from gan_augment.pipeline import load_spec

    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(f'[data]\ndataset = "new_thyroid1"\n[compare]\n{compare}\n')
    with pytest.raises(ValueError, match=match):
        load_spec(spec_file)


def test_backends_that_return_lists_run_the_comparison_unchanged(thyroid):
    # Ray's and multiprocessing's joblib backends cannot yield results as they
    # come; the comparison falls back to a list and scores the same folds.
    from joblib import parallel_config

    X, y = thyroid
    options = dict(augmenters=["none", "ros"], classifiers=["logreg"], cv=3)
    local = compare_augmenters(X, y, **options)
    with parallel_config(backend="multiprocessing", n_jobs=2):
        listed = compare_augmenters(X, y, n_jobs=2, **options)
    pd.testing.assert_frame_equal(
        listed.scores.drop(columns="fit_seconds"),
        local.scores.drop(columns="fit_seconds"),
    )


def test_an_augmenter_that_ties_the_best_on_every_fold_is_said_to_tie(thyroid):
    # On new_thyroid1 logistic regression scores the same on every fold with
    # class weights and with random oversampling: there is no gap to test, so
    # the message says so instead of "trails it by -0.0000 ... p = nan".
    X, y = thyroid
    comparison = compare_augmenters(
        X, y, augmenters=["class_weight", "ros", "none"], classifiers=["logreg"], cv=5
    )
    assert comparison.recommended.augmenter == "class_weight"
    assert "The best augmenter, 'ros', ties it on every fold." in comparison.message
    assert "nan" not in comparison.message
