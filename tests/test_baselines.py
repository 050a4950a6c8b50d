"""The baselines every gain is measured against, on real data and real pipelines.

Class weights, a tuned decision threshold, random oversampling, SMOTE (capped
by the class size) and the smote-variants samplers (polynom-fit-SMOTE,
ProWSyn, SMOTE-IPF) as kinds of the registry: where each sampler sits, the
counts it makes, what it changes in the classifier, and that the benchmark
and ``augmentation_gain`` build the same models from it.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from imblearn import FunctionSampler
from imblearn.over_sampling import SMOTE, RandomOverSampler
from sklearn.datasets import load_wine
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import TunedThresholdClassifierCV

from benchmarks import benchmark
from gan_augment._smote_variants import (
    INSTALL_HINT,
    SMOTEIPF,
    PolynomFitSMOTE,
    ProWSyn,
    import_smote_variants,
)
from gan_augment.metrics import augmentation_gain
from gan_augment.metrics._scoring import METRICS
from gan_augment.pipeline import NotApplicableError, TunedThreshold, make_model
from gan_augment.pipeline._kinds import (
    _AUGMENTERS,
    CappedSMOTE,
    CappedSMOTENC,
    augmenter_kinds,
    make_augmentation,
    make_augmenter,
    make_classifier,
    register_augmenter,
)

sv = pytest.importorskip("smote_variants")


def _first_fold(y: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    _, _, train, test = benchmark._splits(y, 5, 2, 0)[0]
    return train, test


def _sampler_input(kind: str, X: pd.DataFrame, y: pd.Series):
    """The kind's sampler and the rows it gets in the kind's model (logreg)."""
    model = make_model(kind, "logreg", X)
    names = [name for name, _ in model.steps]
    at = names.index("augmenter")
    Z = X
    for _, step in model.steps[:at]:
        Z = step.fit_transform(Z, y)
    return model.steps[at][1], Z


# ----------------------------------------------------------- resampler counts


@pytest.mark.parametrize(
    ("kind", "placement"),
    [
        ("ros", "before"),
        ("smote", "before"),
        ("polynom_fit_smote", "after"),
        ("prowsyn", "after"),
    ],
)
def test_each_resampler_kind_makes_the_counts_asked_for(dataset, kind, placement):
    # glass1: 138 against 76; polynom-fit-SMOTE's star makes a whole number of
    # rows per real row (152 here), and the wrapper keeps the 62 asked for.
    X, y = dataset("glass1")
    assert make_augmentation(kind, X).placement == placement
    sampler, Z = _sampler_input(kind, X, y)
    X_res, y_res = sampler.fit_resample(Z, y)
    assert pd.Series(np.asarray(y_res)).value_counts().to_dict() == {0: 138, 1: 138}
    # Original rows first, unchanged, then the synthetic ones.
    np.testing.assert_array_equal(np.asarray(X_res)[: len(y)], np.asarray(Z))
    if placement == "after":
        assert isinstance(Z, np.ndarray) and np.isfinite(Z).all()


@pytest.mark.parametrize("sampler", [PolynomFitSMOTE, ProWSyn])
def test_smote_variants_follow_a_float_sampling_strategy(dataset, sampler):
    X, y = dataset("glass1")
    _, Z = _sampler_input("prowsyn", X, y)
    _, y_res = sampler(sampling_strategy=0.8, random_state=0).fit_resample(Z, y)
    assert np.bincount(y_res).tolist() == [138, int(0.8 * 138)]


def test_smote_ipf_oversamples_then_filters_rows_of_both_classes(dataset):
    # Its noise filter removes rows that trees trained on folds of the
    # resampled data misclassify; in smote-variants 1.0.1 the trees vote on
    # rows they saw, so only rows that contradict an identical row go: here
    # ten real rows copied with the other label.
    X, y = dataset("new_thyroid1")
    _, Z = _sampler_input("smote_ipf", X, y)
    noisy = np.vstack([Z, Z[:10]])
    labels = np.concatenate([y.to_numpy(), 1 - y.to_numpy()[:10]])
    X_res, y_res = SMOTEIPF(random_state=0).fit_resample(noisy, labels)
    counts = np.bincount(y_res)
    assert counts[1] > np.bincount(labels)[1]  # SMOTE added rows
    assert len(y_res) < 2 * np.bincount(labels).max()  # the filter removed some
    clean_X, clean_y = SMOTEIPF(random_state=0).fit_resample(Z, y.to_numpy())
    assert np.bincount(clean_y).tolist() == [180, 180]
    np.testing.assert_array_equal(clean_X[: len(Z)], Z)


def test_the_wrapper_draws_the_rows_smote_variants_draws(dataset):
    X, y = dataset("new_thyroid1")
    _, Z = _sampler_input("prowsyn", X, y)
    y01 = (y.to_numpy() == 1).astype(int)
    X_lib, _ = sv.ProWSyn(random_state=0).sample(Z, y01)
    X_res, _ = ProWSyn(random_state=0).fit_resample(Z, y)
    np.testing.assert_array_equal(X_res, X_lib)
    again, _ = ProWSyn(random_state=0).fit_resample(Z, y)
    other, _ = ProWSyn(random_state=1).fit_resample(Z, y)
    np.testing.assert_array_equal(again, X_res)
    assert not np.array_equal(other[len(Z) :], X_res[len(Z) :])


def test_smote_variants_keep_pandas_and_text_labels(dataset):
    X, y = dataset("new_thyroid1")
    _, Z = _sampler_input("prowsyn", X, y)
    frame = pd.DataFrame(Z, columns=X.columns)
    labels = y.map({0: "normal", 1: "hyper"})
    X_res, y_res = ProWSyn(random_state=0).fit_resample(frame, labels)
    assert list(X_res.columns) == list(X.columns)
    assert y_res.value_counts().to_dict() == {"normal": 180, "hyper": 180}


def test_smote_variants_refuse_what_they_cannot_sample(dataset):
    X, y = dataset("german")  # text categories, two classes (1 and 2)
    with pytest.raises(ValueError, match=r"takes numbers only.*one-hot"):
        ProWSyn().fit_resample(X, y)
    X, y = dataset("new_thyroid1")
    holes = X.astype(float).mask(np.eye(len(X), X.shape[1], dtype=bool))
    with pytest.raises(ValueError, match="missing values"):
        SMOTEIPF().fit_resample(holes, y)
    wine = load_wine()
    with pytest.raises(ValueError, match="MulticlassOversampling"):
        PolynomFitSMOTE().fit_resample(wine.data, wine.target)
    with pytest.raises(ValueError, match="smaller class only"):
        ProWSyn(sampling_strategy={0: 200}).fit_resample(X, y)
    few = pd.concat([y[y == 0], y[y == 1].iloc[:2]])
    with pytest.raises(ValueError, match=r"at least 3 rows.*'ros'"):
        ProWSyn().fit_resample(X.loc[few.index], few)


def test_a_missing_smote_variants_names_the_install_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "smote_variants", None)
    with pytest.raises(ImportError) as error:
        import_smote_variants()
    assert INSTALL_HINT in str(error.value)
    assert "pip install --no-deps smote-variants==1.0.1" in INSTALL_HINT


# --------------------------------------------------------------- SMOTE's cap


def test_smote_caps_its_neighbours_by_the_class_size(dataset):
    X, y = dataset("new_thyroid1")
    keep = pd.concat([y[y == 0], y[y == 1].iloc[:3]]).index
    X, y = X.loc[keep], y.loc[keep]
    with pytest.raises(ValueError, match="n_neighbors"):
        SMOTE(random_state=0).fit_resample(X, y)  # what the cap avoids
    sampler = make_augmenter("smote", X)
    assert isinstance(sampler, CappedSMOTE)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.k_neighbors_ == 2
    assert y_res.value_counts().to_dict() == {0: 180, 1: 180}
    big = make_augmenter("smote", X)
    big.fit_resample(*dataset("new_thyroid1"))
    assert big.k_neighbors_ == 5  # uncapped where the class is large enough


def test_smotenc_caps_too_and_one_row_asks_for_ros(dataset):
    X, y = dataset("german")  # mixed: text categories and numbers
    keep = pd.concat([y[y == 1], y[y == 2].iloc[:3]]).index
    sampler = make_augmenter("smote", X)
    assert isinstance(sampler, CappedSMOTENC)
    _, y_res = sampler.fit_resample(X.loc[keep], y.loc[keep])
    assert sampler.k_neighbors_ == 2 and y_res.value_counts().nunique() == 1
    keep = pd.concat([y[y == 1], y[y == 2].iloc[:1]]).index
    with pytest.raises(ValueError, match=r"needs 2 of each class.*'ros'"):
        make_augmenter("smote", X).fit_resample(X.loc[keep], y.loc[keep])


# -------------------------------------------------------------- class weights


@pytest.mark.parametrize("classifier", ["logreg", "tree", "hgb", "svc"])
def test_class_weights_change_the_classifiers_fit(dataset, classifier):
    X, y = dataset("glass1")
    weighted = make_model("class_weight", classifier, X)
    assert [name for name, _ in weighted.steps] == ["preprocess", "classifier"]
    assert weighted.named_steps["classifier"].class_weight == "balanced"
    plain = make_model("none", classifier, X)
    assert plain.named_steps["classifier"].get_params()["class_weight"] is None
    scores = (
        "decision_function" if hasattr(plain, "decision_function") else "predict_proba"
    )
    a = getattr(weighted.fit(X, y), scores)(X)
    b = getattr(plain.fit(X, y), scores)(X)
    assert not np.allclose(a, b)


def test_class_weights_do_not_apply_to_knn_and_are_recorded_so(dataset):
    X, y = dataset("new_thyroid1")
    with pytest.raises(NotApplicableError, match="KNeighborsClassifier"):
        make_model("class_weight", "knn", X)
    with pytest.raises(NotApplicableError):
        make_model("class_weight+tt", "knn", X)
    train, test = _first_fold(y)
    frame = benchmark.run_fold(
        X, y, train, test, "class_weight", classifiers=["logreg", "knn"]
    )
    assert set(frame["classifier"]) == {"logreg"}  # no rows, not 'none' rows
    assert "knn" in frame.attrs["not_applicable"]
    assert frame["score"].notna().all()
    with pytest.raises(NotApplicableError):
        augmentation_gain(make_classifier("knn", X), "class_weight", X, y, cv=2)
    lines = benchmark.not_applicable_lines(frame.assign(augmenter="class_weight"))
    assert any("`class_weight` x `knn`" in line for line in lines)


# ---------------------------------------------------------- tuned threshold


def test_the_threshold_is_tuned_on_the_training_fold_only(dataset):
    X, y = dataset("yeast_2_vs_4")
    train, test = _first_fold(y)
    X_train, y_train = X.iloc[train], y.iloc[train]
    model = make_model("tuned_threshold", "logreg", X).fit(X_train, y_train)
    direct = TunedThresholdClassifierCV(
        make_classifier("logreg", X), scoring="balanced_accuracy"
    ).fit(X_train, y_train)
    assert model.threshold_ == pytest.approx(direct.best_threshold_)
    everything = make_model("tuned_threshold", "logreg", X).fit(X, y)
    assert everything.threshold_ != pytest.approx(model.threshold_)
    # A rare class gets a threshold below 0.5, and more positive predictions.
    assert model.threshold_ < 0.5
    assert model.predict(X.iloc[test]).sum() >= (
        direct.estimator_.predict(X.iloc[test]).sum()
    )


def test_a_sampler_under_a_tuned_threshold_sees_inner_training_rows_only(dataset):
    X, y = dataset("new_thyroid1")
    train, test = _first_fold(y)
    seen: list[pd.Index] = []

    def spy(X, y):
        seen.append(X.index)
        return RandomOverSampler(random_state=0).fit_resample(X, y)

    register_augmenter(
        "spy",
        lambda X, random_state: FunctionSampler(func=spy, validate=False),
    )
    try:
        gain = augmentation_gain(
            make_classifier("logreg", X),
            "spy+tt",
            X,
            y,
            cv=[(train, test)],
            scoring=["balanced_accuracy"],
        )
    finally:
        del _AUGMENTERS["spy"]
    assert len(gain.scores) == 1
    rows = X.index[train]
    # Five inner training parts (4/5 of the fold each), then the refit on all
    # of it; never a row of the test fold, nor the inner validation rows.
    assert len(seen) == 6
    assert all(index.isin(rows).all() for index in seen)
    sizes = sorted(len(index) for index in seen)
    assert sizes[-1] == len(train)
    assert all(abs(n - 0.8 * len(train)) <= 1 for n in sizes[:5])


def test_a_constant_classifier_keeps_the_default_threshold(dataset):
    X, y = dataset("new_thyroid1")
    model = TunedThreshold(DummyClassifier(strategy="prior")).fit(X, y)
    assert model.threshold_ is None
    assert (model.predict(X) == 0).all()
    tuned = TunedThreshold(make_classifier("logreg", X)).fit(X, y)
    assert tuned.threshold_ is not None
    with pytest.raises(ValueError, match="two classes"):
        TunedThreshold(make_classifier("logreg", X)).fit(*load_wine(return_X_y=True))


# ------------------------------------------------- the benchmark and the gain


@pytest.mark.parametrize("kind", ["prowsyn", "smote_ipf", "smote+tt"])
def test_the_benchmark_fold_is_the_registrys_model(dataset, kind):
    from gan_augment.metrics._scoring import fit_and_score, make_scorers

    X, y = dataset("new_thyroid1")
    train, test = _first_fold(y)
    expected = fit_and_score(
        benchmark.make_pipeline(kind, "tree", X),
        X.iloc[train],
        y.iloc[train],
        X.iloc[test],
        y.iloc[test],
        make_scorers(METRICS, y),
    ).scores
    frame = benchmark.run_fold(X, y, train, test, kind, classifiers=["tree"])
    assert frame.set_index("metric")["score"].to_dict() == pytest.approx(expected)


def test_the_gain_against_a_named_baseline_uses_the_same_folds(dataset):
    X, y = dataset("new_thyroid1")
    train, test = _first_fold(y)
    knn = make_classifier("knn", X)
    against = augmentation_gain(
        knn, "prowsyn", X, y, baseline="smote", cv=[(train, test)]
    )
    smote = augmentation_gain(knn, make_augmenter("smote", X), X, y, cv=[(train, test)])
    frame = benchmark.run_fold(X, y, train, test, "prowsyn", classifiers=["knn"])
    by_metric = against.scores.set_index("metric")
    assert (
        by_metric["baseline"].to_dict()
        == smote.scores.set_index("metric")["augmented"].to_dict()
    )
    assert by_metric["augmented"].to_dict() == pytest.approx(
        frame.set_index("metric")["score"].to_dict()
    )
    # baseline="none" and a sampler object mean what they say.
    plain = augmentation_gain(knn, "ros", X, y, cv=[(train, test)])
    named = augmentation_gain(knn, "ros", X, y, baseline="none", cv=[(train, test)])
    pd.testing.assert_frame_equal(plain.scores, named.scores)
    ros = augmentation_gain(
        knn, "smote", X, y, baseline=RandomOverSampler(random_state=0), cv=2
    )
    assert (ros.scores["baseline"] != plain.scores["baseline"].iloc[0]).any()


def test_the_gain_refuses_bad_baselines_before_any_fit(dataset):
    X, y = dataset("new_thyroid1")
    logreg = make_classifier("logreg", X)
    with pytest.raises(ValueError, match="Unknown augmenter 'prowsin'"):
        augmentation_gain(logreg, "gan", X, y, baseline="prowsin")
    with pytest.raises(TypeError, match="baseline must be"):
        augmentation_gain(logreg, "ros", X, y, baseline=42)
    wine = load_wine(as_frame=True)
    with pytest.raises(ValueError, match="needs two classes"):
        augmentation_gain(logreg, "ros", wine.data, wine.target, baseline="smote+tt")


def test_the_benchmark_knows_the_kinds_and_refuses_typos():
    available = benchmark.available_augmenters()
    for kind in (*benchmark.KINDS, *benchmark.TUNED_KINDS):
        assert kind in (*augmenter_kinds(tuned=True), "ctgan")
        assert benchmark._is_kind(kind)
    assert {"class_weight", "tuned_threshold", "prowsyn", "prowsyn+tt"} <= set(
        available
    )
    assert not benchmark._is_kind("prowsin")
    assert not benchmark._is_kind("none+tt")  # that is tuned_threshold


def test_the_report_has_a_second_table_with_the_tuned_threshold(dataset):
    X, y = dataset("new_thyroid1")
    train, test = _first_fold(y)
    results = pd.concat(
        benchmark.run_fold(
            X, y, train, test, kind, classifiers=["logreg"], dataset="new_thyroid1"
        )
        for kind in ("tuned_threshold", "ros+tt")
    )
    text = "\n".join(benchmark.tuned_threshold_section(results))
    assert "## A tuned threshold on top" in text
    assert "| new_thyroid1 |" in text and "ros+tt" in text
    assert benchmark.tuned_threshold_section(results.iloc[:0]) == []
