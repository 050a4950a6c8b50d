"""A quality gate that a broken generator fails (issue 22).

Train on synthetic rows only, test on real held-out rows (TSTR): a
classifier that learned the classes from the GAN's rows alone must predict
real rows it never saw about as well as one trained on real rows does. A
sampler of noise inside each class's range, or a generator that was not
trained, must fail the same gate, so that a test can tell a GAN from noise.
Images have their own gate, at the end of this file: recognisable to a judge
that never saw the generator's images, and as varied as the real class.

The data: scikit-learn's breast cancer set with the malignant class cut to
60 rows (357 benign), the positive class being malignant; half the rows
(stratified, seed 0) train, the other half test. Each sampler draws 500 rows
of each class from the training half; a standard-scaled, class-balanced
logistic regression learns from them and is scored by balanced accuracy on
the real test half.

Measured on CPU (seeds 0 to 3 of the augmenter and of the noise, on this
commit's defaults; logistic regression trained on the real training half:
0.942):

=====================================  =====  =====  =====  =====
sampler                                seed0  seed1  seed2  seed3
=====================================  =====  =====  =====  =====
GANAugmenter() (the defaults)          0.928  0.944  0.928  0.944
GANAugmenter(n_steps=1) (untrained)    0.892  0.883  0.911  0.886
uniform in each class's column ranges  0.850  0.867  0.850  0.817
=====================================  =====  =====  =====  =====

The gate, 0.92, sits between the untrained generator's best (0.911) and the
trained GAN's worst (0.928). The untrained generator scores far above chance because
the default ``match_marginals="continuous"`` gives every column of its rows
the class's mean and spread: what training adds is the columns' joint
structure, worth 0.02 to 0.06 here. (On yeast_2_vs_4 it is worth nothing
measurable: the untrained generator matched the trained one, 0.768 to 0.815
against 0.792 to 0.832, so that set cannot serve as a gate.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from gan_augment import GANAugmenter

TSTR_GATE = 0.92
ROWS_PER_CLASS = 500


@pytest.fixture(scope="module")
def halves():
    data = load_breast_cancer(as_frame=True)
    X, y = data.data, 1 - data.target  # 1: malignant
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:60]]
    X, y = X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)
    return train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)


def _tstr(X_synthetic, y_synthetic, X_test, y_test) -> float:
    """Balanced accuracy on real rows of a model trained on synthetic ones."""
    model = make_pipeline(
        StandardScaler(),
        LogisticRegression(max_iter=1000, class_weight="balanced"),
    ).fit(X_synthetic, y_synthetic)
    return balanced_accuracy_score(y_test, model.predict(X_test))


def _gan_rows(X_train, y_train, **params):
    augmenter = GANAugmenter(random_state=0, **params).fit(X_train, y_train)
    return augmenter.sample({c: ROWS_PER_CLASS for c in (0, 1)}, random_state=0)


def _uniform_rows(X_train, y_train):
    """Noise: each column uniform in its class's observed range."""
    rng = np.random.default_rng(0)
    frames, labels = [], []
    for c in (0, 1):
        real = X_train[y_train == c]
        values = rng.uniform(real.min(), real.max(), (ROWS_PER_CLASS, X_train.shape[1]))
        frames.append(pd.DataFrame(values, columns=X_train.columns))
        labels.append(np.full(ROWS_PER_CLASS, c))
    return pd.concat(frames, ignore_index=True), np.concatenate(labels)


def test_the_default_gan_passes_the_tstr_gate(halves):
    X_train, X_test, y_train, y_test = halves
    score = _tstr(*_gan_rows(X_train, y_train), X_test, y_test)
    assert score >= TSTR_GATE, score


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda X, y: _gan_rows(X, y, n_steps=1), id="untrained"),
        pytest.param(_uniform_rows, id="uniform-noise"),
    ],
)
def test_a_broken_generator_fails_the_tstr_gate(halves, broken):
    X_train, X_test, y_train, y_test = halves
    score = _tstr(*broken(X_train, y_train), X_test, y_test)
    assert score < TSTR_GATE, score


# --------------------------------------------------------------------- images
# The image gate: digits 0-4 cut to 15 images each (load_imbalanced_digits,
# cut 0), 60 synthetic images of each rare class, judged by image_quality
# with a judge that learned only from the rare digits the cut removed (the
# generator never saw them). Measured on CPU, seeds 0 to 4:
#
# =============================================  ===============  =============
# sampler                                        unseen fidelity  diversity
# =============================================  ===============  =============
# GANAugmenter(image_shape=(8, 8)) (deform)      0.60 to 0.68     0.99 to 1.04
# the same, n_steps=1 (untrained)                0.98 to 1.00     0.89 to 0.92
# GANAugmenter(model="conv", n_steps=1)          0.20             0.03
# uniform pixels in the images' range            0.20             1.53
# real images of the class, pixels shuffled      0.20             1.97
# =============================================  ===============  =============
#
# (Chance is 0.2: five classes.) An untrained deform generator barely moves
# the real images it starts from: near-copies, recognisable but less varied
# than the class. Training buys the spread, at a cost in recognisability that
# the gate's fidelity bar (0.5) allows. The conv GAN (model="conv", 1,500
# updates) scored 0.50 / 0.81: it is not the image default for that reason.
IMAGE_FIDELITY_GATE = 0.5
IMAGE_DIVERSITY_GATE = 0.95
RARE_DIGITS = (0, 1, 2, 3, 4)
IMAGES_PER_CLASS = 60


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits
    from sklearn.utils import check_random_state

    from gan_augment.datasets import _kept_digits, load_imbalanced_digits

    X, y = load_imbalanced_digits(random_state=0)
    X_all, y_all = load_digits(return_X_y=True)
    cut = ~_kept_digits(y_all, 15, RARE_DIGITS, check_random_state(0))
    return X, y, X_all[cut], y_all[cut]


def _image_gate(digits, sample) -> tuple[float, float]:
    from gan_augment.image_metrics import image_quality

    X, y, X_unseen, y_unseen = digits
    X_syn, y_syn = sample(X, y)
    report = image_quality(X, y, X_syn, y_syn, X_unseen=X_unseen, y_unseen=y_unseen)
    return report.unseen_label_fidelity, report.diversity


def _gan_images(X, y, **params):
    augmenter = GANAugmenter(image_shape=(8, 8), random_state=0, **params).fit(X, y)
    return augmenter.sample({c: IMAGES_PER_CLASS for c in RARE_DIGITS}, random_state=0)


def _uniform_images(X, y):
    rng = np.random.default_rng(0)
    n = IMAGES_PER_CLASS * len(RARE_DIGITS)
    return rng.uniform(X.min(), X.max(), (n, X.shape[1])), np.repeat(
        RARE_DIGITS, IMAGES_PER_CLASS
    )


def test_the_default_image_gan_passes_the_image_gate(digits):
    fidelity, diversity = _image_gate(digits, _gan_images)
    assert fidelity >= IMAGE_FIDELITY_GATE, fidelity
    assert diversity >= IMAGE_DIVERSITY_GATE, diversity


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda X, y: _gan_images(X, y, n_steps=1), id="untrained-deform"),
        pytest.param(
            lambda X, y: _gan_images(X, y, model="conv", n_steps=1),
            id="untrained-conv",
        ),
        pytest.param(_uniform_images, id="uniform-noise"),
    ],
)
def test_a_broken_image_generator_fails_the_image_gate(digits, broken):
    fidelity, diversity = _image_gate(digits, broken)
    assert fidelity < IMAGE_FIDELITY_GATE or diversity < IMAGE_DIVERSITY_GATE, (
        fidelity,
        diversity,
    )
