"""The image kinds a pipeline spec names: albumentations, and GAN + albumentations.

They are built from an albumentations transform written in the spec (a list
of ``{"transform": ..., **arguments}``), so they have a registry of their own,
:data:`IMAGE_KINDS`, beside the tabular kinds of ``_kinds``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["IMAGE_KINDS", "build_augmentation", "gan_albumentations_chain"]


def build_augmentation(transforms: list) -> Any:
    """An albumentations ``Compose(strict=True)`` from a spec's list of transforms.

    Parameters
    ----------
    transforms : list of dict
        Each ``{"transform": "<albumentations class>", **arguments}``; lists
        become tuples (TOML has no tuples).

    Returns
    -------
    albumentations.Compose

    Examples
    --------
    >>> import numpy as np
    >>> from gan_augment.pipeline import build_augmentation
    >>> compose = build_augmentation([
    ...     {"transform": "Affine", "rotate": [-15, 15], "p": 1.0},
    ...     {"transform": "GaussNoise", "p": 0.5},
    ... ])
    >>> [type(transform).__name__ for transform in compose.transforms]
    ['Affine', 'GaussNoise']
    >>> image = np.zeros((8, 8), dtype=np.float32)
    >>> compose(image=image)["image"].shape
    (8, 8)
    >>> try:
    ...     build_augmentation([{"transform": "Twirl"}])
    ... except ValueError as exc:
    ...     print(str(exc).split(":")[0])
    Unknown albumentations transform 'Twirl'
    """
    from .._images import import_albumentations

    A = import_albumentations()
    steps = []
    for item in transforms:
        item = dict(item)
        name = item.pop("transform", None)
        cls = getattr(A, str(name), None)
        if not isinstance(cls, type):
            raise ValueError(
                f"Unknown albumentations transform {name!r}: give each entry "
                "transform = '<class name>', e.g. 'Affine' or 'GaussNoise'."
            )
        kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}
        try:
            steps.append(cls(**kwargs))
        except Exception as exc:
            raise ValueError(f"albumentations.{name}({kwargs}) failed: {exc}") from exc
    return A.Compose(steps, strict=True)


def gan_albumentations_chain(
    augmentation: Any,
    image_shape: tuple,
    *,
    share: float = 0.5,
    random_state: Any = None,
    **gan_params: Any,
) -> Any:
    """GAN + albumentations as one sampler.

    Altered real images fill ``share`` of each class's gap, then a GAN
    trained on the real and the altered images fills the rest.

    Parameters
    ----------
    augmentation : albumentations transform
    image_shape : tuple of int
    share : float, default=0.5
        Of each class's gap, filled by the altered real images.
    random_state : int, RandomState instance or None, default=None
        Of both samplers.
    **gan_params
        More ``GANAugmenter`` parameters (``model``, ``callbacks``...).

    Returns
    -------
    SamplerChain
    """
    from .. import AlbumentationsAugmenter, GANAugmenter, PartialBalance, SamplerChain

    return SamplerChain(
        [
            (
                "albumentations",
                AlbumentationsAugmenter(
                    augmentation,
                    image_shape,
                    sampling_strategy=PartialBalance(share),
                    random_state=random_state,
                ),
            ),
            (
                "gan",
                GANAugmenter(
                    image_shape=image_shape, random_state=random_state, **gan_params
                ),
            ),
        ]
    )


def _albumentations(
    augmentation: Any, image_shape: tuple, *, share: float, random_state: Any, **_
) -> Any:
    """Altered real images only (a spec's other params do not apply)."""
    from .. import AlbumentationsAugmenter

    return AlbumentationsAugmenter(augmentation, image_shape, random_state=random_state)


# Built from (augmentation, image_shape, share=, random_state=, **gan_params).
_IMAGE_AUGMENTERS: dict[str, Callable[..., Any]] = {
    "albumentations": _albumentations,
    "gan+albumentations": gan_albumentations_chain,
}
#: Augmenter kinds that take an albumentations ``augmentation`` and images.
IMAGE_KINDS: tuple[str, ...] = tuple(_IMAGE_AUGMENTERS)
