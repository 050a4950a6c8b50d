"""Images as flat rows: shape checks, a linear [-1, 1] encoder, albumentations.

scikit-learn hands a sampler 2-D ``X``; images arrive flattened row-major,
channels last (the layout of ``sklearn.datasets.load_digits``). The GAN sees
them scaled linearly to [-1, 1] (the range of a tanh output) from the value
range of the training images, and synthetic images are scaled back, so they
come out in the input's range and dtype.
"""

from __future__ import annotations

import copy
import os

import numpy as np
import pandas as pd
import torch

from ._encoding import ColumnInfo, OutputSpan
from ._jsonable import dtype_from_json, dtype_to_json, scalar_from_json, scalar_to_json
from ._validation import is_positive_int
from .nn._affine import (
    ROTATION_DEGREES,
    SCALE,
    SHEAR_DEGREES,
    SHIFT,
    random_affine,
)


def check_image_shape(image_shape, n_features: int | None = None) -> tuple:
    """Validate ``image_shape`` and return it as ``(H, W, C)``.

    Parameters
    ----------
    image_shape : tuple of int
        ``(H, W)`` for grey images or ``(H, W, C)``.
    n_features : int, optional
        Columns of ``X``; must equal ``H * W * C``.

    Returns
    -------
    tuple of int
    """
    if (
        not isinstance(image_shape, tuple | list)
        or len(image_shape) not in (2, 3)
        or not all(is_positive_int(s) for s in image_shape)
    ):
        raise ValueError(
            f"image_shape must be (height, width) or (height, width, channels) "
            f"of positive ints, e.g. (8, 8) for load_digits; got {image_shape!r}."
        )
    shape = tuple(int(s) for s in image_shape)
    if len(shape) == 2:
        shape = (*shape, 1)
    if n_features is not None and int(np.prod(shape)) != n_features:
        raise ValueError(
            f"image_shape {tuple(image_shape)} holds {int(np.prod(shape))} pixel "
            f"values but X has {n_features} columns: pass images flattened to "
            "rows (row-major, channels last), e.g. images.reshape(len(images), -1), "
            "and the shape of one image."
        )
    return shape


def check_image_frame(frame: pd.DataFrame) -> None:
    """Refuse non-numeric pixel columns with a message that names the fix."""
    bad = [c for c in frame.columns if frame[c].dtype.kind not in "fiub"]
    if bad:
        raise TypeError(
            f"With image_shape set, every column of X is a pixel value and must "
            f"be numeric; columns {bad[:10]} are not. Drop them or encode them "
            "before the augmenter."
        )


class ImageEncoder:
    """Scale pixel rows linearly to [-1, 1] and back.

    It offers the parts of :class:`~gan_augment.TabularEncoder`'s interface
    that the augmenter uses, so images and tables share the sampling code.

    Parameters
    ----------
    image_shape : tuple of int
        ``(H, W, C)``.
    """

    def __init__(self, image_shape: tuple):
        self.image_shape = tuple(int(s) for s in image_shape)

    def fit(self, frame: pd.DataFrame) -> ImageEncoder:
        """Learn the value range and the dtype of the pixels."""
        values = frame.to_numpy(dtype=np.float64)
        self.low_, self.high_ = float(values.min()), float(values.max())
        if self.high_ <= self.low_:
            raise ValueError(
                f"Every pixel of every image is {self.low_}: there is no image to "
                "learn. Check that X holds the images."
            )
        self._set_columns(list(frame.columns), list(frame.dtypes))
        return self

    @property
    def continuous_names_(self) -> list:
        """Every pixel column: all are continuous."""
        return self._continuous_names

    def get_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The fitted encoder as JSON values (and no arrays), for saving.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame([[0, 16, 3, 5], [1, 2, 3, 4]], dtype="uint8")
        >>> encoder = ImageEncoder((2, 2, 1)).fit(frame)
        >>> loaded = ImageEncoder.from_state(*encoder.get_state())
        >>> loaded.decode(encoder.encode(frame)).equals(frame)
        True
        """
        config = {
            "type": "image",
            "image_shape": list(self.image_shape),
            "low": self.low_,
            "high": self.high_,
            "columns": [
                {"name": scalar_to_json(c.name), "dtype": dtype_to_json(c.dtype)}
                for c in self.columns_
            ],
        }
        return config, {}

    @classmethod
    def from_state(cls, config: dict, arrays: dict | None = None) -> ImageEncoder:
        """The fitted encoder that :meth:`get_state` described."""
        encoder = cls(tuple(config["image_shape"]))
        encoder.low_, encoder.high_ = float(config["low"]), float(config["high"])
        encoder._set_columns(
            [scalar_from_json(c["name"]) for c in config["columns"]],
            [dtype_from_json(c["dtype"]) for c in config["columns"]],
        )
        return encoder

    def _set_columns(self, names: list, dtypes: list) -> None:
        """Column schema and output layout of pixels with these names and dtypes."""
        # Integer pixels (uint8 images) are rounded on the way back.
        self.columns_ = [
            ColumnInfo(
                name=name,
                kind="continuous",
                dtype=dtype,
                integer=np.dtype(dtype).kind in "iub",
            )
            for name, dtype in zip(names, dtypes, strict=True)
        ]
        self._continuous_names = list(names)
        self.output_spans_ = [OutputSpan(len(self.columns_), "tanh")]
        self.n_features_out_ = len(self.columns_)

    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        """Pixels in [-1, 1], float32."""
        values = frame.to_numpy(dtype=np.float64)
        scaled = (values - self.low_) / (self.high_ - self.low_) * 2.0 - 1.0
        return scaled.astype(np.float32)

    def continuous_bounds(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """The training range, for every pixel (not per class: see ``decode``)."""
        n = len(self.columns_)
        return np.full(n, self.low_), np.full(n, self.high_)

    def decode(
        self,
        matrix: np.ndarray,
        lower: np.ndarray | None = None,
        upper: np.ndarray | None = None,
        rare_sampler=None,
    ) -> pd.DataFrame:
        """Generator images in [-1, 1] back to pixel rows in the input's dtype."""
        unit = (np.clip(np.asarray(matrix, dtype=np.float64), -1.0, 1.0) + 1.0) / 2.0
        values = np.clip(self.low_ + unit * (self.high_ - self.low_), lower, upper)
        out = {}
        for j, info in enumerate(self.columns_):
            column = values[:, j]
            if info.integer:
                column = np.rint(column)
            out[info.name] = column.astype(info.dtype, copy=False)
        return pd.DataFrame(out, columns=[c.name for c in self.columns_])


# ---------------------------------------------------------- albumentations
def import_albumentations():
    """Import albumentations without its network check, or say how to get it."""
    # Without this, import reaches for PyPI to look for a newer release.
    os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
    try:
        import albumentations
    except ImportError as exc:  # pragma: no cover - the images extra is installed
        raise ImportError(
            "Image augmentation needs albumentations: pip install "
            "'gan-augment[images]'."
        ) from exc
    return albumentations


def check_augmentation(augmentation, name: str = "augmentation") -> None:
    """Refuse anything that is not an albumentations transform."""
    albumentations = import_albumentations()
    base = albumentations.core.transforms_interface.BasicTransform
    composition = albumentations.core.composition.BaseCompose
    if not isinstance(augmentation, base | composition):
        raise TypeError(
            f"{name} must be an albumentations transform, e.g. "
            "A.Compose([A.Affine(rotate=(-10, 10), p=1.0)], strict=True); got "
            f"{type(augmentation).__name__}."
        )


def augment_images(
    augmentation,
    rows: np.ndarray,
    image_shape: tuple,
    low: float,
    high: float,
    seed: int,
) -> np.ndarray:
    """Apply an albumentations transform to each flat image row.

    Pixels are scaled to [0, 1] float32 first (albumentations' convention for
    float images) and back to ``[low, high]`` after, so any value range works.
    The caller's transform is copied and seeded, never changed.

    Parameters
    ----------
    augmentation : albumentations transform
    rows : ndarray of shape (n, H * W * C)
    image_shape : tuple of int
        ``(H, W, C)``.
    low, high : float
        The value range of the images.
    seed : int
        Seeds the copy of the transform.

    Returns
    -------
    ndarray of shape (n, H * W * C), float64
    """
    transform = copy.deepcopy(augmentation)
    transform.set_random_seed(int(seed))
    width = high - low
    out = np.empty((len(rows), int(np.prod(image_shape))), dtype=np.float64)
    # albumentations has no batch API that draws a new transform per image.
    for i, row in enumerate(rows):
        image = ((row - low) / width).astype(np.float32).reshape(image_shape)
        result = np.asarray(transform(image=image)["image"], dtype=np.float64)
        # Grey images may come back without their channel axis.
        if result.shape[:2] != image.shape[:2] or result.size != image.size:
            raise ValueError(
                "augmentation must keep the image's shape: it turned an image of "
                f"shape {image.shape} into {result.shape}. Drop size-changing "
                "transforms (Resize, RandomCrop, PadIfNeeded...) or follow them "
                f"with A.Resize({image.shape[0]}, {image.shape[1]})."
            )
        out[i] = np.clip(result.reshape(-1), 0.0, 1.0)
    return low + out * width


def warp_images(encoded: np.ndarray, image_shape: tuple, seed: int) -> np.ndarray:
    """A random affine warp of each image, the built-in ``augmentation="auto"``.

    The library's one affine warp (:func:`gan_augment.nn._affine.random_affine`):
    rotation up to 15 degrees, scale 0.9-1.1, shear up to 10 degrees and a
    shift up to 10% of the size, resampled bilinearly in torch, so no
    albumentations is needed. :func:`affine_augmentation` is the same warp as
    an albumentations transform. Images are in [-1, 1] with a -1 background,
    as the encoder gives them.

    Parameters
    ----------
    encoded : ndarray of shape (n, H * W * C)
    image_shape : tuple of int
        ``(H, W, C)``.
    seed : int

    Returns
    -------
    ndarray of shape (n, H * W * C), float32
    """
    rng = torch.Generator().manual_seed(int(seed))
    height, wide, channels = image_shape
    n = len(encoded)
    images = torch.as_tensor(encoded, dtype=torch.float32)
    images = images.view(n, height, wide, channels).permute(0, 3, 1, 2)
    warped = random_affine(images, generator=rng)
    return warped.permute(0, 2, 3, 1).reshape(n, -1).numpy()


def affine_augmentation():
    """The library's affine warp as an albumentations transform.

    The bounds of :func:`warp_images` (rotation up to 15 degrees, scale
    0.9-1.1, shear up to 10 degrees, shift up to 10%), always applied, for
    samplers that take an albumentations transform, such as
    :class:`~gan_augment.AlbumentationsAugmenter` and the ``augmentation``
    parameter of :class:`~gan_augment.GANAugmenter`.

    Returns
    -------
    albumentations.Compose

    Examples
    --------
    >>> import numpy as np
    >>> transform = affine_augmentation()
    >>> transform(image=np.zeros((8, 8, 1), dtype=np.float32))["image"].shape
    (8, 8, 1)
    """
    albumentations = import_albumentations()
    return albumentations.Compose(
        [
            albumentations.Affine(
                scale=(1 - SCALE, 1 + SCALE),
                translate_percent=(-SHIFT, SHIFT),
                rotate=(-ROTATION_DEGREES, ROTATION_DEGREES),
                shear=(-SHEAR_DEGREES, SHEAR_DEGREES),
                p=1.0,
            )
        ],
        strict=True,
    )
