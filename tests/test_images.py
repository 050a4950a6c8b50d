"""Images: the GAN on flattened images, AlbumentationsAugmenter, PartialBalance."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import Pipeline
from imblearn.pipeline import make_pipeline as make_imb_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

from gan_augment import (
    AlbumentationsAugmenter,
    GANAugmenter,
    PartialBalance,
    load_augmenter,
    save_augmenter,
)
from gan_augment.datasets import load_dataset, load_imbalanced_digits
from gan_augment.image_metrics import image_quality
from gan_augment.nn import DeformationGenerator

A = pytest.importorskip("albumentations")

FAST_IMAGES = {"image_shape": (8, 8), "n_steps": 60, "random_state": 0}


class TrainingSpy:
    def __init__(self):
        self.started = False

    def on_train_begin(self, info):
        self.started = True


@pytest.fixture(scope="module")
def digits():
    return load_imbalanced_digits()


def _affine():
    return A.Compose([A.Affine(rotate=(-15, 15), scale=(0.9, 1.1), p=1.0)], strict=True)


# ------------------------------------------------------------------ the GAN
@pytest.mark.parametrize("model", ["conv", "mlp", "deform"])
def test_gan_balances_images_in_the_input_range_and_dtype(digits, model):
    X, y = digits
    before = X.copy()
    X_res, y_res = GANAugmenter(model=model, **FAST_IMAGES).fit_resample(X, y)
    _, y_ros = RandomOverSampler().fit_resample(X, y)
    assert np.bincount(y_res).tolist() == np.bincount(y_ros).tolist()
    synthetic = X_res[len(X) :]
    assert X_res.dtype == np.float64 and synthetic.shape[1] == 64
    assert synthetic.min() >= 0.0 and synthetic.max() <= 16.0
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(X, before)  # the input is left alone
    # Images, not a constant: the synthetic images vary within a class.
    assert synthetic[y_res[len(X) :] == 0].std(axis=0).mean() > 0.1


def test_integer_images_come_back_as_integers(digits):
    X, y = digits
    images = X.astype(np.uint8)
    X_new, _ = GANAugmenter(**FAST_IMAGES).fit(images, y).sample({0: 20})
    assert X_new.dtype == np.uint8 and X_new.max() <= 16


def test_dataframe_images_keep_their_columns():
    X, y = load_dataset("digits_imbalanced")
    X_new, y_new = GANAugmenter(**FAST_IMAGES).fit(X, y).sample({1: 5})
    assert list(X_new.columns) == list(X.columns) and len(y_new) == 5


@pytest.mark.parametrize("model", ["conv", "mlp", "deform"])
def test_colour_images(model):
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, size=(40, 6 * 5 * 3)).astype(np.float32)
    y = np.repeat([0, 1], [30, 10])
    X_res, y_res = GANAugmenter(
        image_shape=(6, 5, 3), model=model, n_steps=20, random_state=0
    ).fit_resample(X, y)
    assert X_res.shape == (60, 90) and X_res.dtype == np.float32
    assert np.bincount(y_res).tolist() == [30, 30]
    synthetic = X_res[40:]
    assert synthetic.min() >= 0 and synthetic.max() <= 1


def test_tutorial_mlp_layer_sizes_scale_to_the_image(digits):
    X, y = digits
    augmenter = GANAugmenter(model="mlp", **{**FAST_IMAGES, "n_steps": 5}).fit(X, y)
    generator = augmenter.generators_[0]
    sizes = [m.out_features for m in generator.net if hasattr(m, "out_features")]
    assert sizes == [256, 512, 1024, 64]
    assert generator.noise_dim == 100


@pytest.mark.parametrize(
    ("model", "conditioning"),
    [("conv", "joint"), ("deform", "joint"), ("deform", "per_class")],
)
def test_same_seed_same_images_across_pickle_and_save(
    digits, tmp_path, model, conditioning
):
    X, y = digits
    params = {
        **FAST_IMAGES,
        "augmentation": _affine(),
        "augmentation_copies": 2,
        "model": model,
        "conditioning": conditioning,
    }
    first = GANAugmenter(**params).fit_resample(X, y)[0]
    augmenter = GANAugmenter(**params)
    second = augmenter.fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, second)
    expected = augmenter.sample({2: 30}, random_state=7)[0]
    copied = pickle.loads(pickle.dumps(augmenter))
    np.testing.assert_array_equal(copied.sample({2: 30}, random_state=7)[0], expected)
    loaded = load_augmenter(save_augmenter(augmenter, tmp_path / "gan"))
    np.testing.assert_array_equal(loaded.sample({2: 30}, random_state=7)[0], expected)
    assert isinstance(loaded.augmentation, A.Compose)


@pytest.mark.parametrize("augmentation", ["auto", "albumentations"])
def test_augmented_training_uses_altered_copies(digits, augmentation, tmp_path):
    X, y = digits
    if augmentation == "albumentations":
        augmentation = _affine()
    # The conv GAN: the deform GAN trains on the real images only by default.
    conv = {**FAST_IMAGES, "model": "conv", "epochs": 1}
    plain = GANAugmenter(**{**conv, "augmentation": None})
    plain.fit(X, y)
    augmented = GANAugmenter(**{**conv, "augmentation": augmentation}).fit(X, y)
    # One epoch covers the training set: five times the images with 4 copies.
    assert augmented.n_steps_ == pytest.approx(5 * plain.n_steps_, abs=5)
    loaded = load_augmenter(save_augmenter(augmented, tmp_path / "gan"))
    np.testing.assert_array_equal(
        loaded.sample({3: 10}, random_state=1)[0],
        augmented.sample({3: 10}, random_state=1)[0],
    )


def test_builtin_warp_keeps_the_background_and_moves_the_strokes():
    from gan_augment._images import warp_images

    images = -np.ones((50, 64), dtype=np.float32)
    images.reshape(50, 8, 8)[:, 2:6, 3:5] = 1.0
    warped = warp_images(images, (8, 8, 1), seed=0)
    assert warped.shape == images.shape and warped.dtype == np.float32
    assert warped.min() >= -1.0 and warped.max() <= 1.0
    assert (warped.reshape(50, 8, 8)[:, 0, :] == -1.0).mean() > 0.9  # background
    assert np.abs(warped - images).max() > 0.5  # altered
    np.testing.assert_array_equal(warped, warp_images(images, (8, 8, 1), seed=0))


def test_the_albumentations_warp_is_the_library_warp():
    """One affine warp: the albumentations transform has the torch warp's bounds."""
    from gan_augment._images import affine_augmentation
    from gan_augment.nn import _affine

    (affine,) = A.to_dict(affine_augmentation())["transform"]["transforms"]
    assert affine["rotate"] == (-_affine.ROTATION_DEGREES, _affine.ROTATION_DEGREES)
    assert affine["shear"]["x"] == (-_affine.SHEAR_DEGREES, _affine.SHEAR_DEGREES)
    assert affine["scale"]["x"] == (1 - _affine.SCALE, 1 + _affine.SCALE)
    assert affine["translate_percent"]["x"] == (-_affine.SHIFT, _affine.SHIFT)
    assert affine["p"] == 1.0


def test_the_users_transform_is_not_changed(digits):
    X, y = digits
    augmentation = _affine()
    before = A.to_dict(augmentation)
    GANAugmenter(**{**FAST_IMAGES, "augmentation": augmentation}).fit(X, y)
    AlbumentationsAugmenter(augmentation, (8, 8), random_state=0).fit_resample(X, y)
    assert A.to_dict(augmentation) == before


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"image_shape": (8, 7)}, ValueError, "holds 56 pixel values but X has 64"),
        ({"image_shape": (8,)}, ValueError, "image_shape must be"),
        ({"image_shape": (8, 0)}, ValueError, "image_shape must be"),
        ({"model": "conv"}, ValueError, "pass image_shape"),
        ({"model": "mlp"}, ValueError, "pass image_shape"),
        ({"augmentation": "affine"}, ValueError, "augmentation alters images"),
        (
            {"image_shape": (8, 8), "augmentation": "affine"},
            TypeError,
            "must be an albumentations transform",
        ),
        ({"image_shape": (8, 8), "model": "gan"}, ValueError, "model"),
        ({"model": "deform"}, ValueError, "pass image_shape"),
        (
            {"image_shape": (8, 8), "model": "deform", "noise_dim": 1},
            ValueError,
            "noise_dim >= 2",
        ),
    ],
)
def test_bad_image_parameters_are_refused_before_training(digits, params, error, match):
    X, y = digits
    spy = TrainingSpy()
    augmenter = GANAugmenter(n_steps=5, callbacks=[spy], **params)
    with pytest.raises(error, match=match):
        augmenter.fit_resample(X, y)
    assert not spy.started and not hasattr(augmenter, "generators_")


def test_text_pixels_are_refused(digits):
    X, y = digits
    frame = pd.DataFrame(X)
    frame[3] = "dark"
    with pytest.raises(TypeError, match="must be numeric"):
        GANAugmenter(image_shape=(8, 8), n_steps=5).fit(frame, y)


# ------------------------------------------------------ AlbumentationsAugmenter
def test_albumentations_sampler_counts_range_and_determinism(digits):
    X, y = digits
    sampler = AlbumentationsAugmenter(_affine(), (8, 8), random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    _, y_ros = RandomOverSampler().fit_resample(X, y)
    assert np.bincount(y_res).tolist() == np.bincount(y_ros).tolist()
    assert X_res.dtype == X.dtype and 0 <= X_res.min() and X_res.max() <= 16
    np.testing.assert_array_equal(X_res[: len(X)], X)
    again, _ = AlbumentationsAugmenter(_affine(), (8, 8), random_state=0).fit_resample(
        X, y
    )
    np.testing.assert_array_equal(X_res, again)
    # Altered, not copied: no synthetic image equals a real one.
    real = {row.tobytes() for row in X}
    assert sum(row.tobytes() in real for row in X_res[len(X) :]) < 0.05 * (
        len(X_res) - len(X)
    )


def test_albumentations_sampler_in_an_imblearn_pipeline(digits):
    X, y = digits
    model = make_imb_pipeline(
        AlbumentationsAugmenter(_affine(), (8, 8), random_state=0),
        StandardScaler(),
        LogisticRegression(max_iter=2000),
    )
    assert not hasattr(model.steps[0][1], "transform")
    plain = make_imb_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    augmented = cross_val_score(model, X, y, cv=3, scoring="balanced_accuracy")
    baseline = cross_val_score(plain, X, y, cv=3, scoring="balanced_accuracy")
    assert augmented.mean() > baseline.mean()


def test_albumentations_sampler_refuses_bad_input(digits):
    X, y = digits
    with pytest.raises(ValueError, match="holds 63 pixel values"):
        AlbumentationsAugmenter(_affine(), (9, 7)).fit_resample(X, y)
    with pytest.raises(TypeError, match="albumentations transform"):
        AlbumentationsAugmenter(lambda image: image, (8, 8)).fit_resample(X, y)
    words = X.astype(object)
    words[4, 10] = "dark"
    with pytest.raises(TypeError, match=r"must be numeric; columns \[10\]"):
        AlbumentationsAugmenter(_affine(), (8, 8)).fit_resample(words, y)
    for hole in (np.nan, np.inf):
        holed = X.copy()
        holed[4, 10] = hole
        with pytest.raises(ValueError, match=r"pixel columns \[10\].*Impute them"):
            AlbumentationsAugmenter(_affine(), (8, 8)).fit_resample(holed, y)
        assert np.isnan(holed[4, 10]) or np.isinf(holed[4, 10])  # left as given


def test_an_images_result_does_not_depend_on_the_other_images():
    # A non-linear transform (gamma) on uint8 images: scaled from 0-255, as
    # albumentations does, not from the brightest pixel of X.
    gamma = A.Compose([A.RandomGamma(gamma_limit=(150, 150), p=1.0)], strict=True)
    image = np.full(64, 100, np.uint8)
    image[:8] = 160
    X = np.vstack([np.tile(image, (3, 1)), np.zeros((6, 64), np.uint8)])
    y = np.r_[[1] * 3, [0] * 6]
    brighter = X.copy()
    brighter[3, 0] = 255  # one pixel of an image of the other class

    def last_image(X):
        sampler = AlbumentationsAugmenter(
            gamma, (8, 8), sampling_strategy={1: 4}, random_state=0
        )
        return sampler.fit_resample(X, y)[0][-1]

    np.testing.assert_array_equal(last_image(X), last_image(brighter))
    expected = gamma(image=image.reshape(8, 8))["image"].reshape(-1)
    assert np.abs(last_image(X).astype(int) - expected).max() <= 1


@pytest.mark.parametrize(
    "resize", [A.RandomCrop(6, 6), A.Resize(16, 16), A.Resize(4, 16)]
)
def test_transforms_that_change_the_image_size_are_refused(digits, resize):
    # Resize(4, 16) keeps the pixel count: reshaped, its images would scramble.
    X, y = digits
    transform = A.Compose([resize], strict=True)
    with pytest.raises(ValueError, match=r"must keep the image's shape.*\(8, 8, 1\)"):
        AlbumentationsAugmenter(transform, (8, 8)).fit_resample(X, y)
    spy = TrainingSpy()
    augmenter = GANAugmenter(
        image_shape=(8, 8), augmentation=transform, n_steps=5, callbacks=[spy]
    )
    with pytest.raises(ValueError, match="must keep the image's shape"):
        augmenter.fit_resample(X, y)
    assert not spy.started


# ------------------------------------------------------------ PartialBalance
def test_partial_balance_splits_the_gap_between_two_samplers(digits):
    X, y = digits
    first = AlbumentationsAugmenter(
        _affine(), (8, 8), sampling_strategy=PartialBalance(0.5), random_state=0
    )
    X_half, y_half = first.fit_resample(X, y)
    counts, top = np.bincount(y), np.bincount(y).max()
    expected = counts + np.round(0.5 * (top - counts)).astype(int)
    assert np.bincount(y_half).tolist() == expected.tolist()
    chain = Pipeline([("albumentations", first), ("gan", GANAugmenter(**FAST_IMAGES))])
    X_res, y_res = chain.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [top] * 10
    assert X_res.shape[1] == 64


@pytest.mark.parametrize("fraction", [0, 1.5, "half", True])
def test_partial_balance_refuses_bad_fractions(fraction):
    with pytest.raises((ValueError, TypeError), match="fraction"):
        PartialBalance(fraction)


# --------------------------------------------------------------- the metrics
def test_image_quality_tells_real_from_collapsed_and_mislabelled():
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    real = image_quality(X[:900], y[:900], X[900:], y[900:])
    assert real.label_fidelity > 0.85 and 0.8 < real.diversity < 1.2
    assert real.judge_accuracy > 0.85
    collapsed = np.repeat(X[900:910], 50, axis=0)
    report = image_quality(X[:900], y[:900], collapsed, np.repeat(y[900:910], 50))
    assert report.diversity < 0.5 * real.diversity
    assert report.frechet_distance > real.frechet_distance
    wrong = image_quality(X[:900], y[:900], X[900:], (y[900:] + 1) % 10)
    assert wrong.label_fidelity < 0.2


def test_image_quality_refuses_what_it_cannot_judge():
    from sklearn.datasets import load_digits

    X, y = load_digits(n_class=3, return_X_y=True)
    with pytest.raises(ValueError, match="300 real images and 299 real labels"):
        image_quality(X[:300], y[:299], X[300:], y[300:])
    with pytest.raises(ValueError, match="blank images"):
        image_quality(np.zeros((300, 64)), y[:300], X[300:], y[300:])
    # One noise image per class has no spread: no Frechet distance, not a perfect 0.
    noise = np.random.default_rng(0).uniform(0, 16, (3, 64))
    report = image_quality(X[:300], y[:300], noise, np.array([0, 1, 2]))
    assert np.isnan(report.frechet_distance) and np.isnan(report.real_frechet_distance)


def test_unseen_judge_reads_synthetic_images_without_the_training_images():
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    train, synthetic, unseen = slice(0, 600), slice(600, 900), slice(900, None)
    report = image_quality(
        X[train],
        y[train],
        X[synthetic],
        y[synthetic],
        X_unseen=X[unseen],
        y_unseen=y[unseen],
    )
    assert report.unseen_label_fidelity > 0.9 and report.unseen_judge_accuracy > 0.9
    assert set(report.per_class.columns) >= {"label_fidelity", "unseen_label_fidelity"}
    assert "unseen_label_fidelity" in report.as_dict()
    # The unseen judge never learns from X_real: other training images, the
    # same verdict on the synthetic ones (only its accuracy check changes).
    other = image_quality(
        X[train][::-1],
        y[train][::-1],
        X[synthetic],
        y[synthetic],
        X_unseen=X[unseen],
        y_unseen=y[unseen],
    )
    assert other.unseen_label_fidelity == report.unseen_label_fidelity
    wrong = image_quality(
        X[train],
        y[train],
        X[synthetic],
        (y[synthetic] + 1) % 10,
        X_unseen=X[unseen],
        y_unseen=y[unseen],
    )
    assert wrong.unseen_label_fidelity < 0.1
    # Without unseen images there is no such number, and none is logged.
    plain = image_quality(X[train], y[train], X[synthetic], y[synthetic])
    assert np.isnan(plain.unseen_label_fidelity)
    assert "unseen_label_fidelity" not in plain.as_dict()


def test_unseen_judge_refuses_what_it_cannot_judge():
    from sklearn.datasets import load_digits

    X, y = load_digits(n_class=3, return_X_y=True)
    with pytest.raises(ValueError, match="both X_unseen and y_unseen"):
        image_quality(X[:300], y[:300], X[300:], y[300:], X_unseen=X[:10])
    with pytest.raises(ValueError, match="lack classes \\[2\\]"):
        image_quality(
            X[:300],
            y[:300],
            X[300:],
            y[300:],
            X_unseen=X[y != 2][:50],
            y_unseen=y[y != 2][:50],
        )
    with pytest.raises(ValueError, match="49 unseen labels"):
        image_quality(
            X[:300], y[:300], X[300:], y[300:], X_unseen=X[:50], y_unseen=y[:49]
        )


@pytest.mark.slow
def test_gan_images_are_recognisable_digits(digits):
    """A classifier trained on real digits reads the GAN's images as asked."""
    X, y = digits
    augmenter = GANAugmenter(image_shape=(8, 8), n_steps=600, random_state=0)
    X_new, y_new = augmenter.fit(X, y).sample({c: 40 for c in range(10)})
    report = image_quality(X, y, X_new, y_new)
    assert report.label_fidelity >= 0.85
    assert report.diversity > 0.4


# --------------------------------------------------------- the deform model
def test_deform_identity_shift_and_range():
    from gan_augment.nn._deform import deform

    image = -np.ones((8, 8), dtype=np.float32)
    image[2:6, 3] = 1.0  # a vertical stroke
    flat = torch.tensor(image.reshape(1, 64))
    raw = torch.zeros(1, 7 + 2 * 9)
    np.testing.assert_array_equal(deform(flat, raw, (8, 8, 1)).numpy(), flat.numpy())
    raw[0, 4] = 0.625  # x shift of 0.625 * 20% of 8 pixels: one pixel
    moved = deform(flat, raw, (8, 8, 1)).numpy().reshape(8, 8)
    assert moved[2:6, 3].max() < 0 and moved[2:6, 2].min() > 0.99
    wild = deform(flat.repeat(50, 1), torch.rand(50, 25) * 2 - 1, (8, 8, 1))
    assert wild.min() >= -1 and wild.max() <= 1


def test_deform_generator_starts_from_the_seeds_of_the_asked_class():
    from gan_augment.nn import DeformationGenerator

    seeds = torch.rand(7, 64) * 2 - 1
    labels = torch.tensor([1, 0, 1, 1, 0, 1, 1])
    generator = DeformationGenerator(4, 2, (8, 8, 1), seeds, labels)
    # Untrained, the deformation is the identity: samples are seeds of the
    # class, each of them drawn.
    with torch.no_grad():
        images = generator.generate(torch.randn(400, 4), label=1)
    gaps = (images[:, None] - seeds[None]).abs().amax(dim=2)
    nearest = gaps.argmin(dim=1)
    assert gaps.min(dim=1).values.max() < 1e-5
    assert set(nearest.tolist()) == {0, 2, 3, 5, 6}
    with pytest.raises(ValueError, match="at least one seed"):
        DeformationGenerator(4, 3, (8, 8, 1), seeds, labels)


def test_deform_trains_on_real_images_unless_given_a_transform(digits):
    X, y = digits
    params = {**FAST_IMAGES, "model": "deform", "epochs": 1}
    auto = GANAugmenter(**params).fit(X, y)
    plain = GANAugmenter(**{**params, "augmentation": None}).fit(X, y)
    given = GANAugmenter(**{**params, "augmentation": _affine()}).fit(X, y)
    assert auto.n_steps_ == plain.n_steps_
    assert given.n_steps_ == pytest.approx(5 * plain.n_steps_, abs=5)


def test_deform_samples_are_deformed_real_images_of_their_class(digits):
    X, y = digits
    augmenter = GANAugmenter(**{**FAST_IMAGES, "model": "deform", "n_steps": 200})
    X_new, y_new = augmenter.fit(X, y).sample({c: 30 for c in range(10)})
    report = image_quality(X, y, X_new, y_new)
    # Read as their class about as often as affine warps of real digits are
    # (0.88 in the benchmark), and spread like the real images.
    assert report.label_fidelity >= 0.85
    assert 0.7 < report.diversity < 1.3
    copies = np.isin([row.tobytes() for row in X_new], [row.tobytes() for row in X])
    assert copies.mean() < 0.1


def test_deform_filters_samples_that_sit_in_another_class_by_default(digits):
    from sklearn.neighbors import NearestNeighbors

    X, y = digits
    params = {**FAST_IMAGES, "epochs": 1}
    # The image default is the deform GAN, filtered; the conv GAN is not.
    deform = GANAugmenter(**params).fit(X, y)
    assert isinstance(deform.generators_[0], DeformationGenerator)
    assert deform.filter_.n_neighbors == 1
    assert GANAugmenter(**params, model="conv").fit(X, y).filter_ is None
    conv = GANAugmenter(**params, model="conv", filter_synthetic=True).fit(X, y)
    assert conv.filter_.n_neighbors == 5  # any of 5 nearest, as for tables
    unfiltered = GANAugmenter(**params, model="deform", filter_synthetic=False)
    assert unfiltered.fit(X, y).filter_ is None
    # The nearest real image of every deformed sample is of the sample's class.
    X_new, y_new = deform.sample({c: 20 for c in range(10)})
    _, nearest = NearestNeighbors(n_neighbors=1).fit(X).kneighbors(X_new)
    assert (y[nearest[:, 0]] == np.asarray(y_new)).all()


# -------------------------------------------------------------- SamplerChain
def test_sampler_chain_is_one_sampler_with_nested_params(digits):
    from sklearn.base import clone

    from gan_augment import SamplerChain

    X, y = digits
    chain = SamplerChain(
        [
            (
                "albumentations",
                AlbumentationsAugmenter(
                    _affine(), (8, 8), sampling_strategy=PartialBalance(0.5)
                ),
            ),
            ("gan", GANAugmenter(**FAST_IMAGES)),
        ]
    )
    chain.set_params(gan__n_steps=20, albumentations__random_state=3)
    assert chain.get_params()["gan__n_steps"] == 20
    # One step of an imblearn Pipeline (a nested Pipeline would be refused).
    model = make_imb_pipeline(clone(chain), LogisticRegression(max_iter=2000))
    model.fit(X, y)
    assert model.steps[0][1].named_steps_["gan"].n_steps_ == 20
    assert not hasattr(chain, "named_steps_")  # the chain given was not fitted
    with pytest.raises(TypeError, match="has no fit_resample"):
        SamplerChain([("scale", StandardScaler())]).fit_resample(X, y)
    with pytest.raises(ValueError, match="non-empty list"):
        SamplerChain([]).fit_resample(X, y)


# ------------------------------------------------ differentiable augmentation
def test_discriminator_augmentations_keep_shape_background_and_gradients():
    import torch

    from gan_augment.nn import ConvDiscriminator
    from gan_augment.nn._conv import AUGMENTATIONS

    images = -torch.ones(6, 64)
    images.view(6, 8, 8)[:, 2:6, 3:5] = 1.0
    images.requires_grad_(True)
    discriminator = ConvDiscriminator((8, 8, 1), 3, augment=AUGMENTATIONS)
    logits = discriminator(images, torch.tensor([0, 1, 2, 0, 1, 2]))
    assert logits.shape == (6,)
    (grad,) = torch.autograd.grad(logits.sum(), images)
    assert grad.abs().sum() > 0  # G gets gradients through the augmentation
    discriminator.eval()  # no augmentation when not training
    first = discriminator(images, torch.zeros(6, dtype=torch.long))
    np.testing.assert_array_equal(
        first.detach().numpy(),
        discriminator(images, torch.zeros(6, dtype=torch.long)).detach().numpy(),
    )
    with pytest.raises(ValueError, match="Unknown augmentations"):
        ConvDiscriminator((8, 8, 1), 3, augment=("flip",))
