"""A generator that learns to deform real images instead of drawing pixels.

With a dozen images of a class, a generator that draws every pixel from noise
either loses the label or the spread. This one keeps the real images of each
class (its *seeds*) and learns, adversarially, how far they may be deformed:
``G(z, y)`` picks a seed of class ``y`` with the first noise coordinate, and a
small MLP maps (seed, class, rest of the noise) to an affine warp, a coarse
elastic flow and a stroke-width change, all bounded. The discriminator judges
the deformed seed against the real images of the class, so G learns which
deformations keep an image looking like its class, from every class at once;
the label of a deformed real image is far safer than that of a drawn one.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from ._affine import affine_theta

#: Bounds of the deformation, at the generator's output of +-1.
ROTATION_DEGREES = 30.0
SHEAR_DEGREES = 20.0
SCALE = 0.2  # relative, per axis
SHIFT = 0.2  # fraction of the image size
FLOW = 0.2  # elastic displacement, in [-1, 1] image coordinates
STROKE = 0.5  # blend towards a 3x3 dilation (+) or erosion (-)
_AFFINE_PARAMS = 7  # rotation, shear, 2 scales, 2 shifts, stroke


class DeformationGenerator(nn.Module):
    """Map noise and a class label to a deformed real image of that class, in [-1, 1].

    Parameters
    ----------
    noise_dim : int
        Width of the noise vector ``z``, at least 2: ``z[:, 0]`` picks the
        seed image, the rest drives the deformation.
    n_classes : int
        Number of classes; 1 means unconditional.
    image_shape : tuple of int
        ``(H, W, C)``.
    seeds : torch.Tensor of shape (n, H * W * C)
        Real images in [-1, 1] (background -1), flattened channels last.
    seed_labels : torch.Tensor of shape (n,)
        Class index of each seed, every class in ``range(n_classes)`` present.
    hidden : int, default=128
        Width of the two hidden layers.
    embedding_dim : int, default=16
        Width of the learned label embedding.
    control : int, default=3
        The elastic flow is set on a ``control x control`` grid, interpolated
        to the image.

    Examples
    --------
    >>> import torch
    >>> from gan_augment.nn import DeformationGenerator
    >>> seeds = torch.rand(6, 64) * 2 - 1
    >>> generator = DeformationGenerator(
    ...     8, 2, (8, 8, 1), seeds, torch.tensor([0, 0, 0, 1, 1, 1])
    ... )
    >>> images = generator.generate(torch.randn(4, 8), label=1)
    >>> images.shape, bool(images.abs().max() <= 1)
    (torch.Size([4, 64]), True)
    """

    def __init__(
        self,
        noise_dim: int,
        n_classes: int,
        image_shape: tuple[int, int, int],
        seeds: torch.Tensor,
        seed_labels: torch.Tensor,
        hidden: int = 128,
        embedding_dim: int = 16,
        control: int = 3,
    ):
        super().__init__()
        if noise_dim < 2:
            raise ValueError(
                "noise_dim must be at least 2 for the deformation model; "
                f"got {noise_dim}."
            )
        self.noise_dim = int(noise_dim)
        self.n_classes = int(n_classes)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.hidden = int(hidden)
        self.embedding_dim = int(embedding_dim)
        self.control = int(control)
        seed_labels = torch.as_tensor(seed_labels, dtype=torch.long)
        counts = torch.bincount(seed_labels, minlength=self.n_classes)
        if len(counts) != self.n_classes or (counts == 0).any():
            raise ValueError("Every class needs at least one seed image.")
        order = torch.argsort(seed_labels, stable=True)
        self.register_buffer(
            "seeds", torch.as_tensor(seeds, dtype=torch.float32)[order]
        )
        self.register_buffer("counts", counts)
        self.register_buffer("offsets", torch.cumsum(counts, 0) - counts)
        pixels = math.prod(self.image_shape)
        self.embedding = (
            nn.Embedding(self.n_classes, self.embedding_dim)
            if self.n_classes > 1
            else None
        )
        in_dim = pixels + self.noise_dim - 1
        in_dim += self.embedding_dim if self.embedding is not None else 0
        self.body = nn.Sequential(
            nn.Linear(in_dim, self.hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(self.hidden, self.hidden),
            nn.LeakyReLU(0.2),
        )
        self.head = nn.Linear(self.hidden, _AFFINE_PARAMS + 2 * self.control**2)
        # Zero output is the identity: training starts from the seeds themselves.
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    #: Noise coordinates that choose the seed, not the deformation: the
    #: mode-seeking pairs of training share them.
    shared_noise_dims = 1

    def pick_seeds(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """The seed image each row deforms, chosen by ``z[:, 0]``.

        The fractional part of ``z[:, 0]`` at a fine scale is uniform in
        effect, also for truncated noise, so every seed of the class is
        equally likely.
        """
        u = torch.remainder(z[:, 0] * 997.0, 1.0)
        counts = self.counts[labels]
        index = torch.minimum((u * counts).long(), counts - 1)
        return self.seeds[self.offsets[labels] + index]

    def deformation(self, seeds, z, labels) -> torch.Tensor:
        """Raw deformation parameters in [-1, 1], one row per image."""
        inputs = [seeds, z[:, 1:]]
        if self.embedding is not None:
            inputs.append(self.embedding(labels))
        return torch.tanh(self.head(self.body(torch.cat(inputs, dim=1))))

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Deformed seed images in [-1, 1], flattened channels last."""
        seeds = self.pick_seeds(z, labels)
        return deform(seeds, self.deformation(seeds, z, labels), self.image_shape)

    def generate(self, z: torch.Tensor, label: int) -> torch.Tensor:
        """Images of one class."""
        labels = torch.full((z.shape[0],), label, dtype=torch.long, device=z.device)
        return self.forward(z, labels)

    def activate(self, raw: torch.Tensor) -> torch.Tensor:
        """The images: already in [-1, 1]."""
        return raw

    def get_config(self) -> dict:
        """The constructor's arguments as JSON values.

        The seed images are a buffer, saved with the weights; the config
        keeps their number.
        """
        return {
            "noise_dim": self.noise_dim,
            "n_classes": self.n_classes,
            "image_shape": list(self.image_shape),
            "n_seeds": int(self.seeds.shape[0]),
            "hidden": self.hidden,
            "embedding_dim": self.embedding_dim,
            "control": self.control,
        }

    @classmethod
    def from_config(cls, config: dict) -> DeformationGenerator:
        """A generator of :meth:`get_config`'s layout, before its weights load.

        Its seeds are placeholders of the saved shape, which loading the
        state dict fills.

        Examples
        --------
        >>> import torch
        >>> seeds = torch.rand(6, 64) * 2 - 1
        >>> generator = DeformationGenerator(
        ...     8, 2, (8, 8, 1), seeds, torch.tensor([0, 0, 0, 1, 1, 1])
        ... )
        >>> rebuilt = DeformationGenerator.from_config(generator.get_config())
        >>> _ = rebuilt.load_state_dict(generator.state_dict())
        >>> bool(rebuilt.seeds.equal(generator.seeds))
        True
        """
        n_seeds, n_classes = config["n_seeds"], config["n_classes"]
        return cls(
            config["noise_dim"],
            n_classes,
            tuple(config["image_shape"]),
            torch.zeros(n_seeds, math.prod(config["image_shape"])),
            torch.arange(n_seeds) % n_classes,
            hidden=config["hidden"],
            embedding_dim=config["embedding_dim"],
            control=config["control"],
        )


def deform(images: torch.Tensor, raw: torch.Tensor, image_shape) -> torch.Tensor:
    """Apply the deformations coded by ``raw`` (in [-1, 1]) to flat images in [-1, 1].

    Parameters
    ----------
    images : torch.Tensor of shape (n, H * W * C)
    raw : torch.Tensor of shape (n, 7 + 2 * control ** 2)
        Rotation, shear, x and y scale, x and y shift, stroke, then the x and
        y elastic flow on the control grid; each at most its bound at +-1.
    image_shape : tuple of int
        ``(H, W, C)``.

    Returns
    -------
    torch.Tensor of shape (n, H * W * C), in [-1, 1]
    """
    height, wide, channels = image_shape
    n = images.shape[0]
    angle = raw[:, 0] * math.radians(ROTATION_DEGREES)
    shear = raw[:, 1] * math.radians(SHEAR_DEGREES)
    scale_x, scale_y = 1 + raw[:, 2] * SCALE, 1 + raw[:, 3] * SCALE
    # A [-1, 1] axis is 2 long: a shift of SHIFT of the size is 2 * SHIFT.
    shift_x, shift_y = raw[:, 4] * 2 * SHIFT, raw[:, 5] * 2 * SHIFT
    theta = affine_theta(angle, shear, scale_x, scale_y, shift_x, shift_y)
    grid = F.affine_grid(theta, [n, channels, height, wide], align_corners=False)
    control = round(math.sqrt((raw.shape[1] - _AFFINE_PARAMS) / 2))
    flow = raw[:, _AFFINE_PARAMS:].reshape(n, 2, control, control) * FLOW
    flow = F.interpolate(flow, size=(height, wide), mode="bilinear", align_corners=True)
    grid = grid + flow.permute(0, 2, 3, 1)
    # Resample ink (background 0), so what moves in from outside is background.
    ink = (images.view(n, height, wide, channels).permute(0, 3, 1, 2) + 1) / 2
    ink = F.grid_sample(
        ink, grid, mode="bilinear", padding_mode="zeros", align_corners=False
    )
    stroke = (raw[:, 6] * STROKE).view(n, 1, 1, 1)
    thicker = F.max_pool2d(ink, 3, stride=1, padding=1)
    thinner = -F.max_pool2d(-ink, 3, stride=1, padding=1)
    ink = (
        ink
        + stroke.clamp(min=0) * (thicker - ink)
        + (-stroke).clamp(min=0) * (thinner - ink)
    )
    out = ink.clamp(0, 1) * 2 - 1
    return out.permute(0, 2, 3, 1).reshape(n, -1)
