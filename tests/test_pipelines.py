"""GANAugmenter in imbalanced-learn pipelines; AugmentedClassifier in sklearn's.

And the registry of kinds that pipeline specs name: what user specs can
reach, and what one more baseline takes.
"""

from __future__ import annotations

import numpy as np
import pytest
from imblearn.pipeline import make_pipeline as make_imb_pipeline
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from gan_augment import AugmentedClassifier, GANAugmenter


def _preprocess():
    return make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), ["x3", "x5", "x0"]),
        remainder=StandardScaler(),
    )


def test_imblearn_pipeline_under_cross_validate(dataset):
    X, y = dataset("yeast_2_vs_4")
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    plain = make_imb_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    augmented = make_imb_pipeline(
        GANAugmenter(n_steps=300, random_state=0),
        StandardScaler(),
        LogisticRegression(max_iter=1000),
    )
    base = cross_validate(plain, X, y, cv=cv, scoring="balanced_accuracy")
    gan = cross_validate(augmented, X, y, cv=cv, scoring="balanced_accuracy")
    # yeast_2_vs_4 has 51 positives in 514 rows: an unweighted logistic
    # regression leans to the majority, and balancing by GAN rows fixes that.
    assert gan["test_score"].mean() > base["test_score"].mean() + 0.02


def test_augmented_classifier_in_sklearn_pipeline_and_grid_search(dataset):
    X, y = dataset("german")
    X = X[["x0", "x1", "x3", "x4", "x5", "x12"]]
    model = Pipeline(
        [
            (
                "clf",
                AugmentedClassifier(
                    Pipeline(
                        [
                            ("prep", _preprocess()),
                            ("lr", LogisticRegression(max_iter=500)),
                        ]
                    ),
                    GANAugmenter(n_steps=60, random_state=0),
                ),
            )
        ]
    )
    search = GridSearchCV(
        model,
        {"clf__augmenter__sampling_strategy": [0.6, 1.0]},
        cv=StratifiedKFold(2, shuffle=True, random_state=0),
        scoring="balanced_accuracy",
    )
    search.fit(X, y)
    best = search.best_estimator_.named_steps["clf"]
    assert set(search.cv_results_["param_clf__augmenter__sampling_strategy"]) == {
        0.6,
        1.0,
    }
    np.testing.assert_array_equal(best.classes_, [1, 2])
    proba = search.predict_proba(X.iloc[:5])
    assert proba.shape == (5, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # The augmenter saw the training data only and produced real extra rows.
    counts = best.augmenter_.sampling_strategy_
    assert counts[2] > 0 and 1 not in counts


def test_augmented_classifier_is_clonable_and_delegates(dataset):
    X, y = dataset("pima")
    model = AugmentedClassifier(
        LogisticRegression(max_iter=1000), GANAugmenter(n_steps=40, random_state=0)
    )
    cloned = clone(model)
    assert cloned.get_params()["augmenter__n_steps"] == 40
    assert not hasattr(cloned, "estimator_")
    scores = cross_validate(
        cloned, X, y, cv=3, scoring=["roc_auc", "balanced_accuracy"]
    )
    assert (scores["test_roc_auc"] > 0.7).all()
    fitted = clone(model).fit(X, y)
    assert fitted.n_features_in_ == 8
    assert list(fitted.feature_names_in_) == list(X.columns)
    assert hasattr(fitted, "decision_function")
    np.testing.assert_array_equal(
        fitted.predict(X[:4]), fitted.estimator_.predict(X[:4])
    )


def test_augmented_classifier_hides_methods_the_estimator_lacks():
    from sklearn.svm import LinearSVC

    model = AugmentedClassifier(LinearSVC())
    assert not hasattr(model, "predict_proba")


def test_augmented_classifier_refuses_regressors_and_row_weights():
    from sklearn.linear_model import LinearRegression

    X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 0, 0, 1]
    spy = GANAugmenter(n_steps=5)
    with pytest.raises(TypeError, match="needs a classifier"):
        AugmentedClassifier(LinearRegression(), spy).fit(X, y)
    # sample_weight is routed to the classifier (tests/test_metadata_routing.py);
    # other per-row fit parameters are refused before any training.
    with pytest.raises(TypeError, match=r"\['groups'\] hold one value per row"):
        AugmentedClassifier(LogisticRegression(), spy).fit(X, y, groups=np.ones(4))
    assert not hasattr(spy, "generators_")


def test_augmented_classifier_needs_a_sampler():
    with pytest.raises((TypeError, ValueError), match="augmenter"):
        AugmentedClassifier(LogisticRegression(), augmenter=StandardScaler()).fit(
            [[0.0], [1.0]], [0, 1]
        )


def test_the_package_never_imports_the_benchmark_harness(tmp_path):
    """CTGAN is the harness's baseline: a user spec cannot name it."""
    import subprocess
    import sys
    import textwrap

    spec = tmp_path / "spec.toml"
    spec.write_text(
        textwrap.dedent(
            """
            [data]
            dataset = "new_thyroid1"
            [[augmenters]]
            kind = "ctgan"
            [[classifiers]]
            kind = "tree"
            """
        )
    )
    code = textwrap.dedent(
        f"""
        import sys
        import gan_augment, gan_augment.cli, gan_augment.metrics, gan_augment.pipeline
        from gan_augment.pipeline import load_spec
        from gan_augment.pipeline._kinds import augmenter_kinds
        assert not [m for m in sys.modules if m.split(".")[0] == "benchmarks"]
        assert "ctgan" not in augmenter_kinds()
        try:
            load_spec({str(spec)!r})
        except ValueError as exc:
            print(exc)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "kind = 'ctgan'" in done.stdout and "choose from" in done.stdout


def test_a_registered_baseline_is_one_entry_that_specs_and_builders_know(tmp_path):
    from imblearn.over_sampling import ADASYN

    from gan_augment.pipeline import build_augmenter, load_spec
    from gan_augment.pipeline._kinds import _AUGMENTERS, register_augmenter

    register_augmenter(
        "adasyn", lambda X, random_state: ADASYN(random_state=random_state)
    )
    try:
        spec = tmp_path / "spec.toml"
        spec.write_text(
            '[data]\ndataset = "new_thyroid1"\n[[augmenters]]\nkind = "adasyn"\n'
            'params = { n_neighbors = 3 }\n[[classifiers]]\nkind = "tree"\n'
        )
        entry = load_spec(spec).augmenters[0]
        assert build_augmenter(entry, None).get_params()["n_neighbors"] == 3
        spec.write_text(spec.read_text().replace("n_neighbors", "neighbours"))
        with pytest.raises(
            ValueError, match="params of \\[\\[augmenters\\]\\] entry 1"
        ):
            load_spec(spec)
    finally:
        del _AUGMENTERS["adasyn"]


BASELINE_SPEC = """
[data]
dataset = "new_thyroid1"
[cv]
n_splits = 2
n_repeats = 1
[[augmenters]]
kind = "prowsyn"
params = { levels = 3 }
[[augmenters]]
kind = "class_weight"
[[augmenters]]
kind = "smote+tt"
params = { k_neighbors = 3 }
[[augmenters]]
kind = "polynom_fit_smote"
[[augmenters]]
kind = "smote_ipf"
[[classifiers]]
kind = "logreg"
[[classifiers]]
kind = "tree"
[metrics]
scoring = ["balanced_accuracy", "roc_auc"]
[mlflow]
experiment = "baselines"
"""


def test_a_spec_with_the_baseline_kinds_runs(tmp_path, monkeypatch):
    pytest.importorskip("smote_variants")
    mlflow = pytest.importorskip("mlflow")
    from gan_augment.pipeline import (
        Augmentation,
        build_augmenter,
        load_spec,
        run_pipeline,
    )

    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "baselines.toml"
    # Three of the kinds, one classifier: the others are checked below and
    # measured in tests/test_baselines.py.
    spec.write_text(
        BASELINE_SPEC.replace('kind = "polynom_fit_smote"', 'kind = "smote_ipf"')
        .replace('[[augmenters]]\nkind = "smote_ipf"\n', "", 2)
        .replace('[[classifiers]]\nkind = "tree"\n', "")
    )
    loaded = load_spec(spec)
    assert [a["kind"] for a in loaded.augmenters] == [
        "prowsyn",
        "class_weight",
        "smote+tt",
    ]
    prowsyn = build_augmenter(loaded.augmenters[0], None)
    assert isinstance(prowsyn, Augmentation) and prowsyn.placement == "after"
    assert prowsyn.sampler.levels == 3
    try:
        table = run_pipeline(
            spec, tracking_uri=f"sqlite:///{tmp_path / 'mlflow.db'}", verbose=0
        )
    finally:
        while mlflow.active_run() is not None:
            mlflow.end_run()
        mlflow.set_tracking_uri(None)
    pairs = table[["augmenter", "classifier"]].drop_duplicates()
    assert len(pairs) == 3 and set(table["metric"]) == {"balanced_accuracy", "roc_auc"}
    assert table["gain_mean"].notna().all()
    assert (table["wins"] + table["ties"] + table["losses"] == 2).all()
    # Balanced class weights move a logistic regression on 35 rows against 180.
    weights = table[table["augmenter"] == "class_weight"]
    assert (weights["gain_mean"] != 0).any()


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (('kind = "prowsyn"', 'kind = "prowsin"'), "kind = 'prowsin'.*choose from"),
        (('kind = "class_weight"', 'kind = "none+tt"'), "kind = 'none\\+tt'"),
        (("levels = 3", "levels = 0"), "params of \\[\\[augmenters\\]\\] entry 1"),
        (("k_neighbors = 3", "neighbours = 3"), "entry 3.*SMOTE takes no parameters"),
        (('kind = "tree"', 'kind = "knn"'), "'class_weight'.*does not apply.*'knn'"),
        (
            ('experiment = "baselines"', 'experiment = "b"\nregister = "prowsyn"'),
            "register = 'prowsyn' is kind 'prowsyn'.*cannot be fitted",
        ),
        (
            ('kind = "class_weight"', 'kind = "class_weight"\nparams = { C = 2 }'),
            "resamples nothing and takes no params",
        ),
    ],
)
def test_specs_check_the_baseline_kinds_before_running(tmp_path, change, match):
    pytest.importorskip("smote_variants")
    from gan_augment.pipeline import load_spec

    spec = tmp_path / "spec.toml"
    spec.write_text(BASELINE_SPEC.replace(*change))
    with pytest.raises(ValueError, match=match):
        load_spec(spec)


def test_a_spec_naming_smote_variants_without_it_says_how_to_install(
    tmp_path, monkeypatch
):
    import sys

    from gan_augment.pipeline import load_spec

    monkeypatch.setitem(sys.modules, "smote_variants", None)
    spec = tmp_path / "spec.toml"
    spec.write_text(BASELINE_SPEC)
    with pytest.raises(ImportError, match="pip install --no-deps smote-variants"):
        load_spec(spec)
