"""The one random affine warp of images: rotation, scale, shear and shift.

Three parts of the library warp images the same way: the built-in
``augmentation="auto"`` of :class:`~gan_augment.GANAugmenter` (altered copies
of the real images), the differentiable augmentation of the conv
discriminator, and :func:`gan_augment._images.affine_augmentation`, the same
warp as an albumentations transform for the image benchmark and
:class:`~gan_augment.AlbumentationsAugmenter`. The bounds below are theirs;
the torch warp is :func:`random_affine`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch.nn import functional as F

#: Largest rotation, in degrees either way.
ROTATION_DEGREES = 15
#: Largest shear, in degrees either way.
SHEAR_DEGREES = 10
#: Largest relative change of scale, either way.
SCALE = 0.1
#: Largest shift, as a fraction of the image's size, either way.
SHIFT = 0.1
#: The parameters :func:`random_affine` draws, in the order it draws them.
PARAMETERS = ("rotation", "shear", "scale", "shift")


def affine_theta(angle, shear, scale_x, scale_y, shift_x, shift_y) -> torch.Tensor:
    """Per-image matrices for ``affine_grid``: (rotation @ shear) / scale, then shift.

    The grid maps output to input coordinates, so each column is divided by
    its axis's scale (above 1 enlarges the image). Shifts are in [-1, 1]
    image coordinates, where an axis is 2 long. Every argument has shape (n,);
    the result, (n, 2, 3), is differentiable in all of them.

    Examples
    --------
    >>> import torch
    >>> zero, one = torch.zeros(1), torch.ones(1)
    >>> affine_theta(zero, zero, one, one, zero, zero).tolist()  # the identity
    [[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]]
    """
    cos, sin, tan = torch.cos(angle), torch.sin(angle), torch.tan(shear)
    return torch.stack(
        [
            torch.stack([cos / scale_x, (cos * tan - sin) / scale_y, shift_x], 1),
            torch.stack([sin / scale_x, (sin * tan + cos) / scale_y, shift_y], 1),
        ],
        1,
    )


def random_affine(
    images: torch.Tensor,
    *,
    generator: torch.Generator | None = None,
    parameters: Sequence[str] = PARAMETERS,
) -> torch.Tensor:
    """Warp each image by its own random affine map, resampled bilinearly.

    Each parameter is uniform within its bound (``ROTATION_DEGREES``,
    ``SHEAR_DEGREES``, ``SCALE``, ``SHIFT``). Images are in [-1, 1] with a
    -1 background, and what moves in from outside the image is background.

    Parameters
    ----------
    images : torch.Tensor of shape (n, C, H, W)
        In [-1, 1]; the result is differentiable in them.
    generator : torch.Generator or None, default=None
        The random stream; None uses torch's global one on the images' device.
    parameters : sequence of str, default=PARAMETERS
        The parameters drawn, in this order; those left out keep the
        identity's value. The order is part of a seed's result: each caller
        keeps the order it has always drawn in, so that the same seed gives
        the same images.

    Returns
    -------
    torch.Tensor of shape (n, C, H, W)

    Examples
    --------
    >>> import torch
    >>> images = -torch.ones(4, 1, 8, 8)
    >>> images[:, :, 2:6, 3:5] = 1.0
    >>> warped = random_affine(images, generator=torch.Generator().manual_seed(0))
    >>> warped.shape, bool(warped.min() >= -1 and warped.max() <= 1)
    (torch.Size([4, 1, 8, 8]), True)
    >>> still = random_affine(images, parameters=())  # nothing drawn: the identity
    >>> bool(torch.allclose(still, images, atol=1e-6))
    True
    """
    unknown = set(parameters) - set(PARAMETERS)
    if unknown:
        raise ValueError(
            f"Unknown affine parameters {sorted(unknown)}; choose from {PARAMETERS}."
        )
    n = images.shape[0]
    device = images.device

    def uniform(bound: float) -> torch.Tensor:
        u = torch.rand(n, generator=generator, device=device)
        return (u * 2 - 1) * bound

    zero = torch.zeros(n, device=device)
    values = {
        "rotation": zero,
        "shear": zero,
        "scale": torch.ones(n, device=device),
        "shift": (zero, zero),
    }
    for name in parameters:
        if name == "rotation":
            values[name] = uniform(math.radians(ROTATION_DEGREES))
        elif name == "shear":
            values[name] = uniform(math.radians(SHEAR_DEGREES))
        elif name == "scale":
            values[name] = 1 + uniform(SCALE)
        else:  # a [-1, 1] axis is 2 long: a shift of SHIFT of the size is 2 * SHIFT
            values[name] = (uniform(2 * SHIFT), uniform(2 * SHIFT))
    scale = values["scale"]
    theta = affine_theta(
        values["rotation"], values["shear"], scale, scale, *values["shift"]
    )
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    # Resample images shifted to a 0 background, so the border stays -1.
    moved = F.grid_sample(
        images + 1.0, grid, mode="bilinear", padding_mode="zeros", align_corners=False
    )
    return moved - 1.0
