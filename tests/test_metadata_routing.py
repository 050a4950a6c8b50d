"""Fit parameters reach AugmentedClassifier's classifier, routed or not.

Real rows keep their weights; a GAN's synthetic row gets the mean weight of the
real rows of its class; a sampler with ``sample_indices_`` gives each row the
weight of the row it copies.
"""

from __future__ import annotations

import numpy as np
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.under_sampling import ClusterCentroids
from sklearn import config_context
from sklearn.base import clone
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier

from gan_augment import AugmentedClassifier, GANAugmenter


class WeightRecorder(LogisticRegression):
    """A LogisticRegression that keeps the weights its fit received."""

    def fit(self, X, y, sample_weight=None):
        self.seen_weight_ = sample_weight
        return super().fit(X, y, sample_weight=sample_weight)


class TrainingSpy:
    def __init__(self):
        self.started = False

    def on_train_begin(self, info):
        self.started = True


@pytest.fixture
def weighted_pima(dataset):
    X, y = dataset("pima")
    weight = np.random.default_rng(0).uniform(0.5, 2.0, len(y))
    return X, y, weight


def _gan(**params):
    return GANAugmenter(n_steps=20, random_state=0, **params)


def _expected_weights(weight, y, n_added: dict) -> np.ndarray:
    """Real weights, then each added row with its class's mean real weight."""
    y = np.asarray(y)
    added = [np.full(n, weight[y == label].mean()) for label, n in n_added.items()]
    return np.concatenate([weight, *added])


def test_routed_sample_weight_reaches_the_classifier_extended_to_synthetic_rows(
    weighted_pima,
):
    X, y, weight = weighted_pima
    with config_context(enable_metadata_routing=True):
        classifier = LogisticRegression(max_iter=1000).set_fit_request(
            sample_weight=True
        )
        model = AugmentedClassifier(classifier, _gan()).fit(X, y, sample_weight=weight)
        # The same fit by hand: the augmenter's rows and the documented weights.
        X_res, y_res = _gan().fit_resample(X, y)
        added = model.augmenter_.sampling_strategy_
        expected = _expected_weights(weight, y, added)
        by_hand = LogisticRegression(max_iter=1000).fit(
            X_res, y_res, sample_weight=expected
        )
        unweighted = LogisticRegression(max_iter=1000).fit(X_res, y_res)
    assert added[1] == 500 - 268
    np.testing.assert_allclose(model.estimator_.coef_, by_hand.coef_)
    assert not np.allclose(model.estimator_.coef_, unweighted.coef_)


def test_routing_refuses_weights_the_classifier_did_not_ask_for(weighted_pima):
    X, y, weight = weighted_pima
    spy = TrainingSpy()
    model = AugmentedClassifier(LogisticRegression(), _gan(callbacks=[spy]))
    with config_context(enable_metadata_routing=True):
        with pytest.raises(UnsetMetadataPassedError, match="sample_weight"):
            model.fit(X, y, sample_weight=weight)
    assert not spy.started


def test_cross_validate_routes_each_folds_weights(weighted_pima):
    X, y, weight = weighted_pima
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    with config_context(enable_metadata_routing=True):
        model = AugmentedClassifier(
            WeightRecorder(max_iter=1000).set_fit_request(sample_weight=True), _gan()
        )
        result = cross_validate(
            model,
            X,
            y,
            cv=cv,
            params={"sample_weight": weight},
            return_estimator=True,
            return_indices=True,
        )
    for fitted, train in zip(
        result["estimator"], result["indices"]["train"], strict=True
    ):
        expected = _expected_weights(
            weight[train], y.iloc[train], fitted.augmenter_.sampling_strategy_
        )
        np.testing.assert_allclose(fitted.estimator_.seen_weight_, expected)


def test_grid_search_routes_weights_to_every_candidate_and_the_refit(weighted_pima):
    X, y, weight = weighted_pima
    with config_context(enable_metadata_routing=True):
        model = AugmentedClassifier(
            WeightRecorder(max_iter=1000).set_fit_request(sample_weight=True),
            RandomOverSampler(random_state=0),
        )
        search = GridSearchCV(model, {"estimator__C": [0.1, 1.0]}, cv=2)
        search.fit(X, y, sample_weight=weight)
    best = search.best_estimator_
    # RandomOverSampler says which row each row copies: its weight follows it.
    np.testing.assert_array_equal(
        best.estimator_.seen_weight_, weight[best.augmenter_.sample_indices_]
    )
    assert len(best.estimator_.seen_weight_) == 2 * 500


def test_without_routing_fit_parameters_go_to_the_classifier(weighted_pima):
    X, y, weight = weighted_pima
    plain = AugmentedClassifier(LogisticRegression(max_iter=1000), _gan())
    plain.fit(X, y, sample_weight=weight)
    with config_context(enable_metadata_routing=True):
        routed = AugmentedClassifier(
            LogisticRegression(max_iter=1000).set_fit_request(sample_weight=True),
            _gan(),
        ).fit(X, y, sample_weight=weight)
    np.testing.assert_allclose(plain.estimator_.coef_, routed.estimator_.coef_)


def test_without_routing_weights_for_a_classifier_without_them_are_refused(
    weighted_pima,
):
    X, y, weight = weighted_pima
    spy = TrainingSpy()
    model = AugmentedClassifier(KNeighborsClassifier(), _gan(callbacks=[spy]))
    with pytest.raises(TypeError, match=r"KNeighborsClassifier\.fit takes no"):
        model.fit(X, y, sample_weight=weight)
    assert not spy.started


def test_other_per_row_parameters_are_refused_before_training(weighted_pima):
    X, y, weight = weighted_pima
    spy = TrainingSpy()
    model = AugmentedClassifier(WeightRecorder(), _gan(callbacks=[spy]))
    with pytest.raises(TypeError, match=r"\['groups'\] hold one value per row"):
        model.fit(X, y, groups=np.arange(len(y)))
    assert not spy.started


def test_a_sampler_that_drops_rows_without_indices_is_refused(weighted_pima):
    X, y, weight = weighted_pima
    model = AugmentedClassifier(LogisticRegression(), ClusterCentroids(random_state=0))
    with pytest.raises(ValueError, match="did not return the real rows first"):
        model.fit(X, y, sample_weight=weight)


def test_routing_leaves_the_users_weights_and_estimator_alone(weighted_pima):
    X, y, weight = weighted_pima
    kept = weight.copy()
    classifier = LogisticRegression(max_iter=1000)
    with config_context(enable_metadata_routing=True):
        classifier.set_fit_request(sample_weight=True)
        model = AugmentedClassifier(classifier, RandomOverSampler(random_state=0))
        clone(model).fit(X, y, sample_weight=weight)
    np.testing.assert_array_equal(weight, kept)
    assert not hasattr(classifier, "coef_")


def test_weights_of_the_wrong_length_are_refused_before_training(weighted_pima):
    X, y, weight = weighted_pima
    spy = TrainingSpy()
    model = AugmentedClassifier(LogisticRegression(), _gan(callbacks=[spy]))
    with pytest.raises(ValueError, match="sample_weight holds 767 weights, but y has"):
        model.fit(X, y, sample_weight=weight[1:])
    assert not spy.started
