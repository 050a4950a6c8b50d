"""AlbumentationsAugmenter: classical image augmentation as an over-sampler."""

from __future__ import annotations

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_target_type
from scipy import sparse
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data

from ._containers import to_frame
from ._fit_hooks import listeners
from ._images import (
    augment_images,
    check_augmentation,
    check_image_frame,
    check_image_shape,
)
from ._training import notify
from ._validation import (
    check_strategy_classes,
    check_target,
    columns_with_missing,
)


class AlbumentationsAugmenter(BaseOverSampler):
    """Oversample image classes with albumentations-altered copies of real images.

    For each synthetic image it picks a real image of the class at random and
    applies ``augmentation`` to it (a fresh random draw of the transform per
    image). Images are flat rows, as for
    :class:`~gan_augment.GANAugmenter` with ``image_shape``; the transform sees
    float images scaled to [0, 1] and its output is scaled back to the input's
    value range and dtype. uint8 images are scaled from 0-255 and float images
    inside [0, 1] are left as they are (albumentations' own conventions, so an
    image's result does not depend on the other images); any other range, such
    as the digits' 0-16, is taken from ``X``'s minimum and maximum.

    Parameters
    ----------
    augmentation : albumentations transform
        E.g. ``A.Compose([A.Affine(rotate=(-15, 15), p=1.0)], strict=True)``;
        ``strict=True`` makes misspelled (or albumentations 1.x) arguments fail
        loudly. It is copied before use, never changed.
    image_shape : tuple of int
        ``(H, W)`` or ``(H, W, C)`` of one image; rows are flattened
        row-major, channels last.
    sampling_strategy : float, str, dict or callable, default="auto"
        What to oversample, as in imbalanced-learn.
    random_state : int, RandomState instance or None, default=None
        The same value gives the same images.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of images to add}``.
    n_features_in_ : int

    See Also
    --------
    GANAugmenter : Oversample with a conditional GAN; its ``augmentation``
        parameter trains the GAN on albumentations-altered images.
    PartialBalance : Split the oversampling between two samplers in a pipeline.

    Examples
    --------
    >>> import albumentations as A
    >>> import numpy as np
    >>> from sklearn.datasets import load_digits
    >>> from gan_augment import AlbumentationsAugmenter
    >>> X, y = load_digits(n_class=2, return_X_y=True)
    >>> keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:20]]
    >>> X, y = X[keep], y[keep]  # 178 zeros, 20 ones
    >>> shift = A.Compose([A.Affine(translate_px=(-1, 1), p=1.0)], strict=True)
    >>> sampler = AlbumentationsAugmenter(shift, image_shape=(8, 8), random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [178, 178]
    >>> bool(X_res.min() >= 0 and X_res.max() <= 16)
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "augmentation": "no_validation",
        "image_shape": [tuple, list],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        augmentation,
        image_shape,
        *,
        sampling_strategy="auto",
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.augmentation = augmentation
        self.image_shape = image_shape
        self.random_state = random_state

    def _check_X_y(self, X, y, accept_sparse=None):
        check_target(y)
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        check_strategy_classes(self.sampling_strategy, y)
        if not sparse.issparse(X):
            _check_pixels(to_frame(X))
        X, y = validate_data(
            self, X=X, y=y, reset=True, accept_sparse=False, dtype="numeric"
        )
        check_image_shape(self.image_shape, X.shape[1])
        check_augmentation(self.augmentation)
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        shape = check_image_shape(self.image_shape, X.shape[1])
        rng = check_random_state(self.random_state)
        low, high = _value_range(X)
        new_X, new_y = [X], [y]
        for cls, n in self.sampling_strategy_.items():
            if n == 0:
                continue
            rows = np.flatnonzero(y == cls)
            picked = X[rng.choice(rows, size=n, replace=True)]
            seed = rng.randint(np.iinfo(np.int32).max)
            images = augment_images(self.augmentation, picked, shape, low, high, seed)
            if X.dtype.kind in "iub":
                images = np.rint(images)
            new_X.append(images.astype(X.dtype, copy=False))
            new_y.append(np.full(n, cls, dtype=y.dtype))
        # Process-wide listeners (autologging) see this fit as they see a GAN's.
        notify(listeners(), "on_fit_end", self, X, y)
        return np.concatenate(new_X), np.concatenate(new_y)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        # Images are dense pixels: _check_X_y refuses sparse input.
        tags.input_tags.sparse = False
        return tags


def _value_range(X: np.ndarray) -> tuple[float, float]:
    """The pixel range that albumentations' [0, 1] stands for.

    uint8 images mean 0-255 and floats inside [0, 1] mean themselves, as in
    albumentations, so an image's result never depends on the other images;
    any other range (digits' 0-16) is read off ``X``.
    """
    if X.dtype == np.uint8:
        return 0.0, 255.0
    low, high = float(X.min()), float(X.max())
    if X.dtype.kind == "b" or (low >= 0.0 and high <= 1.0):
        return 0.0, 1.0
    if high <= low:
        high = low + 1.0  # blank images: any scale keeps them blank
    return low, high


def _check_pixels(frame) -> None:
    """Refuse text or missing pixels with a message that names the fix.

    scikit-learn's own checks would say "could not convert string to float"
    or point to estimators that accept NaN, neither of which helps here.
    """
    check_image_frame(frame)
    missing = columns_with_missing(frame)
    if missing:
        raise ValueError(
            f"Input X contains NaN or infinity in pixel columns {missing[:10]}: "
            "AlbumentationsAugmenter does not fill in missing pixels. Impute them "
            "first (e.g. sklearn.impute.SimpleImputer in a pipeline step before "
            "the augmenter) or drop those images."
        )
