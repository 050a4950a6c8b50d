"""Pipeline specs: each augmenter fitted once per fold, estimators by import path,
``--set`` overrides and ``[cv] n_jobs``, on real data with a real MLflow store."""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pytest
from joblib import parallel_config, register_parallel_backend
from joblib._parallel_backends import ThreadingBackend
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from gan_augment import GANAugmenter
from gan_augment._fit_hooks import add_listener, remove_listener
from gan_augment.metrics import augmentation_gain
from gan_augment.metrics._gain import gain_grid
from gan_augment.pipeline import build_classifier, load_spec

CV = 2  # folds: enough to pair scores, few enough to run in seconds


class _FitCounter:
    """A process-wide fit listener: one count per augmenter fit that begins."""

    def __init__(self) -> None:
        self.fits = 0

    def on_fit_begin(self, *args, **kwargs) -> None:
        self.fits += 1


@pytest.fixture
def fit_counter():
    counter = _FitCounter()
    add_listener(counter)
    yield counter
    remove_listener(counter)


def test_each_augmenter_is_fitted_once_per_fold_with_the_scores_of_pairs(
    dataset, fit_counter
):
    """One GAN fit per fold for two classifiers, and exactly the scores that
    augmentation_gain gives pair by pair (where each pair refits the GAN)."""
    X, y = dataset("new_thyroid1")
    classifiers = {
        "logreg": LogisticRegression(max_iter=1000),
        "tree": DecisionTreeClassifier(max_depth=3, random_state=0),
    }
    # No marginal map: its 2,000-row draws per class would dominate a tiny fit.
    gan = GANAugmenter(n_steps=20, match_marginals=None, random_state=0)
    augmenters = {"gan": gan, "smote": "smote", "class_weight": "class_weight"}
    scoring = ["balanced_accuracy", "roc_auc"]
    grid = gain_grid(classifiers, augmenters, X, y, cv=CV, scoring=scoring)
    assert fit_counter.fits == CV * 1  # folds x GAN augmenters
    assert list(grid) == [(a, c) for a in augmenters for c in classifiers]
    # A shared GAN, a shared SMOTE, and class weights (fitted per classifier).
    for aug, clf in [("gan", "tree"), ("smote", "logreg"), ("class_weight", "logreg")]:
        alone = augmentation_gain(
            classifiers[clf], augmenters[aug], X, y, cv=CV, scoring=scoring
        )
        # The same folds, the same fits: identical per-fold scores.
        assert grid[aug, clf].scores.equals(alone.scores), (aug, clf)
    assert fit_counter.fits == CV * 1 + CV  # augmentation_gain refits the GAN
    # Class weights move a logistic regression on 35 rows against 180.
    assert (grid["class_weight", "logreg"].scores["gain"] != 0).any()
    assert not gan.__dict__.get("generators_")  # the user's augmenter untouched


def test_folds_in_worker_processes_give_the_same_gains(dataset):
    X, y = dataset("new_thyroid1")
    classifiers = {"tree": DecisionTreeClassifier(max_depth=3, random_state=0)}
    augmenters = {"ros": "ros", "smote": "smote", "class_weight": "class_weight"}
    one = gain_grid(classifiers, augmenters, X, y, cv=3, scoring="balanced_accuracy")
    two = gain_grid(
        classifiers, augmenters, X, y, cv=3, scoring="balanced_accuracy", n_jobs=2
    )
    for key in one:
        assert one[key].scores.equals(two[key].scores), key


def test_a_progress_bar_over_the_folds_unless_quiet(dataset, capsys):
    X, y = dataset("new_thyroid1")
    tree = {"tree": DecisionTreeClassifier(max_depth=3, random_state=0)}
    args = (tree, {"ros": "ros"}, X, y)
    gain_grid(*args, cv=CV, scoring="balanced_accuracy", description="thyroid")
    assert capsys.readouterr().err == ""
    gain_grid(
        *args, cv=CV, scoring="balanced_accuracy", verbose=1, description="thyroid"
    )
    err = capsys.readouterr().err
    # One task per fold for the baseline and one per fold x augmenter: 2 x 2.
    assert "thyroid: 100%" in err and "4/4" in err


def test_gain_grid_refuses_what_augmentation_gain_refuses_before_fitting(dataset):
    X, y = dataset("new_thyroid1")
    knn = build_classifier({"kind": "knn", "params": {}}, X)
    with pytest.raises(ValueError, match="class_weight does not apply"):
        gain_grid({"knn": knn}, {"cw": "class_weight"}, X, y, cv=CV)
    with pytest.raises(ValueError, match="at least one estimator and one augmenter"):
        gain_grid({}, {"ros": "ros"}, X, y)


_Recorded: list[int] = []


class _RecordingBackend(ThreadingBackend):
    """joblib's threading backend, recording the n_jobs it is asked for.

    It returns lists only, as Ray's and multiprocessing's backends do, so the
    run takes the path where results cannot stream to the progress bar.
    """

    supports_return_generator = False

    def configure(self, n_jobs=1, parallel=None, **kwargs):
        _Recorded.append(n_jobs)
        return super().configure(n_jobs=n_jobs, parallel=parallel, **kwargs)


SPEC = """
[pipeline]
name = "estimators"

[data]
dataset = "new_thyroid1"

[cv]
n_splits = 5
n_repeats = 1
n_jobs = 2

[[augmenters]]
name = "gan"
kind = "gan"
params = { n_steps = 3000, random_state = 0 }

[[augmenters]]
class = "imblearn.over_sampling.ADASYN"
params = { n_neighbors = 3 }

[[classifiers]]
name = "lgbm"
class = "lightgbm.LGBMClassifier"
params = { n_estimators = 20, verbose = -1 }

[[classifiers]]
class = "sklearn.ensemble.RandomForestClassifier"
params = { n_estimators = 20, max_depth = 4 }

[metrics]
scoring = ["balanced_accuracy", "roc_auc"]

[mlflow]
experiment = "estimators"
"""


def test_a_spec_with_lightgbm_and_a_forest_by_import_path_runs(
    tmp_path, monkeypatch, fit_counter
):
    """End to end with a real MLflow store: classes by import path, overrides
    of the file, [cv] n_jobs handed to the active joblib backend, and one GAN
    fit per fold for both classifiers."""
    pytest.importorskip("lightgbm")
    mlflow = pytest.importorskip("mlflow")
    from gan_augment.pipeline import run_pipeline

    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "estimators.toml"
    spec.write_text(SPEC)
    register_parallel_backend("recording", _RecordingBackend)
    _Recorded.clear()
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    overrides = ["cv.n_splits=2", "augmenters.gan.n_steps=20"]
    try:
        with parallel_config(backend="recording"):
            table = run_pipeline(spec, overrides=overrides, tracking_uri=uri, verbose=0)
        client = mlflow.MlflowClient(uri)
        run_id = table.attrs["run_id"]
        logged = client.download_artifacts(run_id, "pipeline/overrides.txt", tmp_path)
        params = client.get_run(run_id).data.params
    finally:
        while mlflow.active_run() is not None:
            mlflow.end_run()
        mlflow.set_tracking_uri(None)
    assert 2 in _Recorded  # [cv] n_jobs reached joblib
    assert fit_counter.fits == 2  # 2 folds x 1 GAN, shared by both classifiers
    pairs = table[["augmenter", "classifier"]].drop_duplicates().to_numpy().tolist()
    assert pairs == [
        ["gan", "lgbm"],
        ["gan", "RandomForestClassifier"],
        ["ADASYN", "lgbm"],
        ["ADASYN", "RandomForestClassifier"],
    ]
    assert (table["wins"] + table["ties"] + table["losses"] == 2).all()
    assert table["gain_mean"].notna().all()
    assert open(logged).read().splitlines() == overrides
    assert params["cv_n_splits"] == "2"


def _write(tmp_path, text):
    spec = tmp_path / "spec.toml"
    spec.write_text(textwrap.dedent(text))
    return spec


_SMALL = """
[data]
dataset = "new_thyroid1"
[[augmenters]]
kind = "gan"
params = { n_steps = 10 }
[[classifiers]]
class = "sklearn.ensemble.RandomForestClassifier"
params = { n_estimators = 5 }
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "ensemble.RandomForestClassifier",
            "ensemble.RandomForestClassifer",
            r"entry 1: class = 'sklearn\.ensemble\.RandomForestClassifer': module "
            r"'sklearn\.ensemble' has no 'RandomForestClassifer'",
        ),
        (
            '"sklearn.ensemble.RandomForestClassifier"',
            '"xgboostt.XGBClassifier"',
            r"module 'xgboostt' cannot be imported .*install the package",
        ),
        (
            '"sklearn.ensemble.RandomForestClassifier"',
            '"sklearn.ensemble.RandomForestRegressor"',
            "RandomForestRegressor' is not a classifier",
        ),
        ("n_estimators = 5", "n_trees = 5", "Invalid parameter 'n_trees'"),
        ("n_estimators = 5", "n_estimators = 0", "'n_estimators' parameter"),
        (
            'kind = "gan"',
            'class = "sklearn.preprocessing.StandardScaler"',
            "no fit_resample",
        ),
        ('kind = "gan"', 'kind = "gan"\nclass = "a.B"', "not both; entry 1 has both"),
        (
            "params = { n_estimators",
            'scale = "yes"\nparams = { n_estimators',
            "true or",
        ),
        (
            '[[classifiers]]\nclass = "sklearn.ensemble.RandomForestClassifier"',
            '[[classifiers]]\nkind = "tree"\nscale = true',
            "scale in \\[\\[classifiers\\]\\] entry 1 goes with class",
        ),
        (
            'kind = "gan"\nparams = { n_steps = 10 }',
            'kind = "class_weight"\n[[classifiers]]\n'
            'class = "sklearn.neighbors.KNeighborsClassifier"',
            r"class = 'sklearn.neighbors.KNeighborsClassifier' in "
            r"\[\[classifiers\]\] entry 1 \(class_weight does not apply",
        ),
        (
            'kind = "gan"\nparams = { n_steps = 10 }',
            'kind = "gan"\n[[augmenters]]\nkind = "gan"',
            "two \\[\\[augmenters\\]\\] entries are named 'gan'",
        ),
        ("[[augmenters]]", "[cv]\nn_jobs = 0\n[[augmenters]]", "n_jobs in \\[cv\\]"),
    ],
)
def test_estimators_by_import_path_are_checked_before_anything_runs(
    tmp_path, old, new, message
):
    assert old in _SMALL
    spec = _write(tmp_path, _SMALL.replace(old, new))
    with pytest.raises((ValueError, TypeError)) as info:
        load_spec(spec)
    assert str(spec) in str(info.value)  # the spec's file is named
    assert re.search(message, str(info.value)), str(info.value)


def test_class_entries_get_names_and_the_protocol_seed(tmp_path, dataset):
    spec = load_spec(_write(tmp_path, _SMALL))
    entry = spec.classifiers[0]
    assert entry["name"] == "RandomForestClassifier"
    X, y = dataset("new_thyroid1")
    model = build_classifier(entry, X)
    forest = model.named_steps["classifier"]
    assert forest.get_params()["random_state"] == 0 and forest.n_estimators == 5
    # Fitted twice, the same forest: the paired gain compares like with like.
    first = model.fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(
        first, build_classifier(entry, X).fit(X, y).predict_proba(X)
    )


@pytest.mark.parametrize(
    ("overrides", "check"),
    [
        (["cv.n_splits=3"], lambda s: s.cv["n_splits"] == 3),
        (["cv.n_jobs=-1"], lambda s: s.cv["n_jobs"] == -1),
        (
            ["augmenters.gan.n_steps=500"],
            lambda s: s.augmenters[0]["params"]["n_steps"] == 500,
        ),
        (
            ["augmenters.gan.params.batch_size=32"],
            lambda s: s.augmenters[0]["params"] == {"n_steps": 10, "batch_size": 32},
        ),
        (
            ["classifiers.RandomForestClassifier.max_depth=3"],
            lambda s: s.classifiers[0]["params"] == {"n_estimators": 5, "max_depth": 3},
        ),
        (
            ['metrics.scoring=["roc_auc", "f1_minority"]'],
            lambda s: s.scoring == ["roc_auc", "f1_minority"],
        ),
        (["metrics.scoring=roc_auc"], lambda s: s.scoring == ["roc_auc"]),
        (["data.dataset=pima"], lambda s: s.data["dataset"] == "pima"),
        (['mlflow.experiment="x y"'], lambda s: s.mlflow["experiment"] == "x y"),
        (
            ["augmenters.gan.kind=smote", "augmenters.gan.params={ k_neighbors = 3 }"],
            lambda s: (
                s.augmenters[0]
                == {"kind": "smote", "params": {"k_neighbors": 3}, "name": "gan"}
            ),
        ),
    ],
)
def test_overrides_change_the_spec_as_the_file_would(tmp_path, overrides, check):
    spec = load_spec(_write(tmp_path, _SMALL), overrides)
    assert check(spec), spec
    assert spec.overrides == overrides


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            "cv.nsplits=3",
            r"\[cv\] has no key 'nsplits'; valid keys: \['n_jobs', 'n_repeats'",
        ),
        ("cvs.n_splits=3", r"no section 'cvs'; sections: \['augmenters'"),
        ("cv.n_splits", "is not KEY=VALUE"),
        ("cv.n_splits=abc", r"n_splits in \[cv\] must be an integer; got 'abc'"),
        ("cv.n_splits=1", r"n_splits in \[cv\] must be at least 2"),
        (
            "augmenters.gann.n_steps=5",
            r"no \[\[augmenters\]\] entry named 'gann'; names: \['gan'\]",
        ),
        ("augmenters.gan.n_stepz=5", "Invalid parameter 'n_stepz'"),
        ("augmenters.gan=5", r"augmenters\.<name>\.<key>=VALUE"),
        (
            "classifiers.RandomForestClassifier.n_estimators=-2",
            "'n_estimators' parameter",
        ),
    ],
)
def test_a_bad_override_names_the_key_and_the_valid_ones(tmp_path, override, message):
    path = _write(tmp_path, _SMALL)
    with pytest.raises(ValueError, match=message) as info:
        load_spec(path, [override])
    assert str(path) in str(info.value)


def test_overrides_apply_to_files_not_to_spec_objects(tmp_path):
    from gan_augment.pipeline import run_pipeline

    spec = load_spec(_write(tmp_path, _SMALL))
    with pytest.raises(TypeError, match="overrides apply to a spec file"):
        run_pipeline(spec, overrides=["cv.n_splits=3"])
