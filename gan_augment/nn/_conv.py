"""Class-conditional DCGAN-style generator and discriminator for small images.

Images travel through the library as flat rows (``load_digits`` layout,
row-major, channels last), so both modules take and return flat tensors and
reshape inside. The generator starts from a ``ceil(H/4) x ceil(W/4)`` grid,
doubles it twice with transposed convolutions and crops to ``H x W``: 8x8,
28x28 and 32x32 images all come out of the same layout.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn.utils import spectral_norm

from ._affine import random_affine


def _grid(size: int) -> int:
    return max(1, math.ceil(size / 4))


def _halved(size: int) -> int:
    """Output size of a 4x4 convolution with stride 2 and padding 1."""
    return (size - 2) // 2 + 1


#: Smallest height and width the conv networks take.
MIN_CONV_SIZE = 4
#: Differentiable augmentations the discriminator knows.
AUGMENTATIONS = ("translation", "affine", "cutout")
# What "affine" draws, in the order it has always drawn them, so that a seed
# trains the networks it trained: no shift ("translation" shifts).
_DISCRIMINATOR_AFFINE = ("rotation", "scale", "shear")


class ConvGenerator(nn.Module):
    """Map noise and a class label to a flattened image in [-1, 1].

    Parameters
    ----------
    noise_dim : int
        Width of the noise vector ``z``.
    n_classes : int
        Number of classes; 1 means unconditional.
    image_shape : tuple of int
        ``(H, W, C)``.
    width : int, default=32
        Channels after the first up-sampling; the grid before it has twice
        as many.
    embedding_dim : int, default=16
        Width of the learned label embedding.

    Examples
    --------
    >>> import torch
    >>> from gan_augment.nn import ConvGenerator
    >>> generator = ConvGenerator(16, n_classes=10, image_shape=(8, 8, 1))
    >>> raw = generator.generate(torch.randn(3, 16), label=7)
    >>> raw.shape  # three flattened 8x8 images
    torch.Size([3, 64])
    >>> images = generator.activate(raw)
    >>> bool(images.abs().max() <= 1)
    True
    >>> rgb = ConvGenerator(16, n_classes=1, image_shape=(28, 28, 3))
    >>> rgb(torch.randn(2, 16), torch.zeros(2).long()).shape  # 28 * 28 * 3
    torch.Size([2, 2352])
    """

    def __init__(
        self,
        noise_dim: int,
        n_classes: int,
        image_shape: tuple[int, int, int],
        width: int = 32,
        embedding_dim: int = 16,
    ):
        super().__init__()
        self.noise_dim = noise_dim
        self.n_classes = n_classes
        self.image_shape = tuple(int(s) for s in image_shape)
        height, wide, channels = self.image_shape
        self._start = (_grid(height), _grid(wide))
        self.embedding = (
            nn.Embedding(n_classes, embedding_dim) if n_classes > 1 else None
        )
        in_dim = noise_dim + (embedding_dim if self.embedding is not None else 0)
        self.project = nn.Sequential(
            nn.Linear(in_dim, 2 * width * self._start[0] * self._start[1]),
            nn.ReLU(inplace=True),
        )
        self.body = nn.Sequential(
            nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1),
            nn.ReLU(inplace=True),
            nn.ConvTranspose2d(width, width // 2, 4, stride=2, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(width // 2, channels, 3, padding=1),
        )
        self.width = width
        self.embedding_dim = embedding_dim

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Raw (pre-tanh) images, flattened channels last."""
        if self.embedding is not None:
            z = torch.cat([z, self.embedding(labels)], dim=1)
        grid = self.project(z).view(-1, 2 * self.width, *self._start)
        images = self.body(grid)
        height, wide, _ = self.image_shape
        images = images[:, :, :height, :wide]
        return images.permute(0, 2, 3, 1).reshape(z.shape[0], -1)

    def generate(self, z: torch.Tensor, label: int) -> torch.Tensor:
        """Raw output for images of one class."""
        labels = torch.full((z.shape[0],), label, dtype=torch.long, device=z.device)
        return self.forward(z, labels)

    def activate(self, raw: torch.Tensor) -> torch.Tensor:
        """Images in [-1, 1], as the discriminator sees them."""
        return torch.tanh(raw)

    def get_config(self) -> dict:
        """The constructor's arguments as JSON values; the weights are apart.

        Examples
        --------
        >>> generator = ConvGenerator(16, n_classes=10, image_shape=(8, 8, 1))
        >>> ConvGenerator.from_config(generator.get_config()).image_shape
        (8, 8, 1)
        """
        return {
            "noise_dim": self.noise_dim,
            "n_classes": self.n_classes,
            "image_shape": list(self.image_shape),
            "width": self.width,
            "embedding_dim": self.embedding_dim,
        }

    @classmethod
    def from_config(cls, config: dict) -> ConvGenerator:
        """A generator of :meth:`get_config`'s layout, before its weights load."""
        return cls(
            config["noise_dim"],
            config["n_classes"],
            tuple(config["image_shape"]),
            width=config["width"],
            embedding_dim=config["embedding_dim"],
        )


class ConvDiscriminator(nn.Module):
    """Score a flattened image given its class (a logit; higher = real).

    The label enters by projection (Miyato & Koyama, 2018): the logit is
    ``psi(phi(x)) + <embed(y), phi(x)>``, which conditions far more strongly
    than concatenating the label to the input. Spectral normalisation keeps
    the discriminator smooth, which matters when a class has a dozen images.

    Parameters
    ----------
    image_shape : tuple of int
        ``(H, W, C)``.
    n_classes : int
        Number of classes; 1 means unconditional.
    width : int, default=32
        Channels of the first convolution (the second has twice as many).
    dropout : float, default=0.0
        Dropout on the features.
    auxiliary_classes : int, default=0
        If above 1, add an auxiliary classifier on the features (AC-GAN).
    augment : tuple of str, default=("translation",)
        Differentiable augmentation (Zhao et al., 2020): in training, every
        image D sees, real or generated, is altered the same random way, so D
        cannot memorise a dozen real images pixel for pixel, and G, whose
        images are altered alike, is not taught to make altered images.
        ``"translation"`` shifts by up to 1/8 of the size, ``"affine"``
        rotates (15 degrees), scales (10%) and shears (10 degrees), ``"cutout"``
        blanks a random square of half the size.

    Examples
    --------
    >>> import torch
    >>> from gan_augment.nn import ConvDiscriminator
    >>> discriminator = ConvDiscriminator((8, 8, 1), n_classes=10).eval()
    >>> images, labels = torch.rand(3, 64) * 2 - 1, torch.tensor([0, 7, 7])
    >>> discriminator(images, labels).shape  # one logit per image
    torch.Size([3])
    >>> try:
    ...     ConvDiscriminator((8, 8, 1), n_classes=10, augment=("flip",))
    ... except ValueError as exc:
    ...     print(exc)
    Unknown augmentations ['flip']; choose from ('translation', 'affine', 'cutout').
    """

    def __init__(
        self,
        image_shape: tuple[int, int, int],
        n_classes: int,
        width: int = 32,
        dropout: float = 0.0,
        auxiliary_classes: int = 0,
        augment: tuple[str, ...] = ("translation",),
    ):
        super().__init__()
        self.image_shape = tuple(int(s) for s in image_shape)
        height, wide, channels = self.image_shape
        unknown = set(augment) - set(AUGMENTATIONS)
        if unknown:
            raise ValueError(
                f"Unknown augmentations {sorted(unknown)}; choose from {AUGMENTATIONS}."
            )
        self.augment = tuple(augment)
        self.shift = max(1, round(min(height, wide) / 8))
        self.features = nn.Sequential(
            spectral_norm(nn.Conv2d(channels, width, 3, stride=1, padding=1)),
            nn.LeakyReLU(0.2, inplace=True),
            spectral_norm(nn.Conv2d(width, width, 4, stride=2, padding=1)),
            nn.LeakyReLU(0.2, inplace=True),
            spectral_norm(nn.Conv2d(width, 2 * width, 4, stride=2, padding=1)),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Flatten(),
            nn.Dropout(dropout) if dropout > 0 else nn.Identity(),
        )
        # Flattened, not pooled: where a stroke is matters for a digit.
        feature_dim = 2 * width * _halved(_halved(height)) * _halved(_halved(wide))
        self.head = spectral_norm(nn.Linear(feature_dim, 1))
        self.embedding = (
            spectral_norm(nn.Embedding(n_classes, feature_dim))
            if n_classes > 1
            else None
        )
        self.auxiliary = (
            nn.Linear(feature_dim, auxiliary_classes) if auxiliary_classes > 1 else None
        )

    def _features(self, x: torch.Tensor) -> torch.Tensor:
        height, wide, channels = self.image_shape
        images = x.view(-1, height, wide, channels).permute(0, 3, 1, 2)
        if self.training:
            if "affine" in self.augment:
                images = random_affine(images, parameters=_DISCRIMINATOR_AFFINE)
            if "translation" in self.augment:
                images = _translate(images, self.shift)
            if "cutout" in self.augment:
                images = _cutout(images)
        return self.features(images)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Logit of "real" for each image, shape (n,)."""
        features = self._features(x)
        logit = self.head(features).squeeze(1)
        if self.embedding is not None:
            logit = logit + (self.embedding(labels) * features).sum(dim=1)
        return logit

    def classify(self, x: torch.Tensor) -> torch.Tensor:
        """Class logits of the auxiliary classifier, shape (n, n_classes)."""
        return self.auxiliary(self._features(x))


def _translate(images: torch.Tensor, shift: int) -> torch.Tensor:
    """Shift each image by a random whole number of pixels in ``[-shift, shift]``.

    The border fills with -1, the background of images scaled to [-1, 1].
    """
    n, channels, height, wide = images.shape
    padded = nn.functional.pad(images, (shift,) * 4, value=-1.0)
    device = images.device
    dy = torch.randint(0, 2 * shift + 1, (n, 1), device=device)
    dx = torch.randint(0, 2 * shift + 1, (n, 1), device=device)
    rows = (dy + torch.arange(height, device=device))[:, None, :, None]
    cols = (dx + torch.arange(wide, device=device))[:, None, None, :]
    batch = torch.arange(n, device=device)[:, None, None, None]
    channel = torch.arange(channels, device=device)[None, :, None, None]
    return padded[batch, channel, rows, cols]


def _cutout(images: torch.Tensor) -> torch.Tensor:
    """Blank (to the -1 background) a random square of half the image size."""
    n, _, height, wide = images.shape
    device = images.device
    size_h, size_w = max(1, height // 2), max(1, wide // 2)
    top = torch.randint(0, height - size_h + 1, (n, 1, 1), device=device)
    left = torch.randint(0, wide - size_w + 1, (n, 1, 1), device=device)
    rows = torch.arange(height, device=device)[None, :, None]
    cols = torch.arange(wide, device=device)[None, None, :]
    inside = (
        (rows >= top) & (rows < top + size_h) & (cols >= left) & (cols < left + size_w)
    )
    return images.masked_fill(inside[:, None], -1.0)
