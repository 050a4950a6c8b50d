"""The ``+tt`` twins share their sampler's fits among the four classifiers.

Under a tuned threshold each classifier's model refits the sampler on the
5 inner training parts and on the whole training fold. The harness's
:func:`benchmarks.benchmark.run_fold` shares those fits on equal data: the
scores must be exactly those of fitting the sampler in every model, with a
quarter of the fits. Checked on one fold of new_thyroid1 (215 rows) with a
counting random oversampler and with a short GAN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler
from sklearn.model_selection import StratifiedKFold

from benchmarks import benchmark
from gan_augment.datasets import load_dataset
from gan_augment.metrics._scoring import CLASSIFIERS
from gan_augment.pipeline import _kinds, register_augmenter

DATASET = "new_thyroid1"
#: The fits the sampler's constructor sees: one entry per ``fit_resample``.
FITS: list[int] = []


class CountingOverSampler(RandomOverSampler):
    """Random oversampling that counts its fits in :data:`FITS`."""

    def fit_resample(self, X, y, **params):
        FITS.append(len(y))
        return super().fit_resample(X, y, **params)


@pytest.fixture(scope="module")
def fold():
    """new_thyroid1 and the first of 5 stratified folds."""
    X, y = load_dataset(DATASET)
    train, test = next(
        StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros(len(y)), y)
    )
    return X, y, train, test


@pytest.fixture
def kind(request):
    """Register a test kind from the parametrised factory; its name."""
    name, build = request.param
    register_augmenter(name, build)
    FITS.clear()
    yield name
    del _kinds._AUGMENTERS[name]


def _scores(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index(["classifier", "metric"])["score"].sort_index()


def _run(fold, augmenter, share):
    X, y, train, test = fold
    return benchmark.run_fold(
        X,
        y,
        train,
        test,
        augmenter,
        dataset=DATASET,
        share_sampler_fits=share,
    )


@pytest.mark.parametrize(
    "kind",
    [
        (
            "tt_counting_ros",
            lambda X, random_state: CountingOverSampler(random_state=random_state),
        )
    ],
    indirect=True,
)
def test_shared_fits_give_the_same_scores_with_a_quarter_of_the_fits(fold, kind):
    shared = _run(fold, f"{kind}+tt", share=True)
    shared_fits = len(FITS)
    FITS.clear()
    unshared = _run(fold, f"{kind}+tt", share=False)

    assert len(FITS) == 6 * len(CLASSIFIERS)  # 5 inner folds and the refit, each
    assert shared_fits == 6  # once for the four classifiers
    assert shared["score"].notna().all()
    pd.testing.assert_series_equal(_scores(shared), _scores(unshared))


@pytest.mark.parametrize(
    "kind",
    [
        (
            "tt_short_gan",
            lambda X, random_state: __import__("gan_augment").GANAugmenter(
                n_steps=20, random_state=random_state
            ),
        )
    ],
    indirect=True,
)
def test_shared_gan_fits_give_the_same_scores(fold, kind):
    shared = _run(fold, f"{kind}+tt", share=True)
    unshared = _run(fold, f"{kind}+tt", share=False)

    assert shared["score"].notna().all()
    pd.testing.assert_series_equal(_scores(shared), _scores(unshared))


def test_a_sampler_without_a_seed_is_never_shared():
    X = pd.DataFrame({"x": np.arange(20.0)})
    y = pd.Series([0] * 15 + [1] * 5)
    sampler = benchmark.SharedFitSampler(CountingOverSampler(random_state=None))
    FITS.clear()
    with benchmark._sharing_sampler_fits():
        sampler.fit_resample(X, y)
        sampler.fit_resample(X, y)
        assert not sampler.shared_
    assert len(FITS) == 2


def test_fits_are_shared_only_on_equal_data_and_inside_a_fold():
    X = pd.DataFrame({"x": np.arange(20.0)})
    y = pd.Series([0] * 15 + [1] * 5)
    sampler = benchmark.SharedFitSampler(CountingOverSampler(random_state=0))
    FITS.clear()
    with benchmark._sharing_sampler_fits():
        first = sampler.fit_resample(X, y)
        again = sampler.fit_resample(X, y)
        assert sampler.shared_
        sampler.fit_resample(X.iloc[1:], y.iloc[1:])
        assert not sampler.shared_
    sampler.fit_resample(X, y)  # outside: fitted anew
    assert len(FITS) == 3
    pd.testing.assert_frame_equal(first[0], again[0])
    assert first[0] is not again[0]  # a copy: the shared output stays intact
