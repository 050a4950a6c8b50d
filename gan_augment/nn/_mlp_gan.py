"""The MLP GAN of the tutorial this project grew from.

For 28x28 digits: G is 100-256-512-1024-784 with a tanh output, D is
784-512-256-1 with a sigmoid output. Both scale to other image sizes through
``data_dim``. D returns a logit (its sigmoid is the probability "real") so the
BCE losses can be computed stably; :meth:`MLPDiscriminator.probability` gives
the tutorial's sigmoid output.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn


class MLPGenerator(nn.Module):
    """The tutorial's generator, optionally class-conditional.

    Parameters
    ----------
    noise_dim : int, default=100
    data_dim : int, default=784
    hidden_dims : sequence of int, default=(256, 512, 1024)
    n_classes : int, default=1
        More than 1 adds a label embedding to the noise.

    Examples
    --------
    >>> import torch
    >>> from gan_augment.nn import MLPGenerator
    >>> generator = MLPGenerator()  # the tutorial's 100-256-512-1024-784
    >>> images = generator(torch.randn(4, 100))
    >>> images.shape, bool(images.abs().max() <= 1)
    (torch.Size([4, 784]), True)
    >>> digits = MLPGenerator(data_dim=64, hidden_dims=(32,), n_classes=10)
    >>> digits.generate(torch.randn(3, 100), label=7).shape
    torch.Size([3, 64])
    """

    def __init__(
        self,
        noise_dim: int = 100,
        data_dim: int = 784,
        hidden_dims: Sequence[int] = (256, 512, 1024),
        n_classes: int = 1,
    ):
        super().__init__()
        self.noise_dim = noise_dim
        self.n_classes = n_classes
        self.embedding = nn.Embedding(n_classes, noise_dim) if n_classes > 1 else None
        layers: list[nn.Module] = []
        in_dim = noise_dim
        for width in hidden_dims:
            layers += [nn.Linear(in_dim, width), nn.LeakyReLU(0.2)]
            in_dim = width
        layers += [nn.Linear(in_dim, data_dim), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None):
        """Images in [-1, 1], flattened."""
        if self.embedding is not None and labels is not None:
            z = z * self.embedding(labels)
        return self.net(z)

    def generate(self, z: torch.Tensor, label: int) -> torch.Tensor:
        """Images of one class."""
        labels = torch.full((z.shape[0],), label, dtype=torch.long, device=z.device)
        return self.forward(z, labels)

    def activate(self, images: torch.Tensor) -> torch.Tensor:
        """The identity: the tanh output layer already gives [-1, 1]."""
        return images

    def get_config(self) -> dict:
        """The constructor's arguments as JSON values; the weights are apart.

        Examples
        --------
        >>> generator = MLPGenerator(data_dim=64, hidden_dims=(32,), n_classes=10)
        >>> generator.get_config()
        {'noise_dim': 100, 'n_classes': 10, 'data_dim': 64, 'hidden_dims': [32]}
        """
        linear = [m for m in self.net if isinstance(m, nn.Linear)]
        return {
            "noise_dim": self.noise_dim,
            "n_classes": self.n_classes,
            "data_dim": linear[-1].out_features,
            "hidden_dims": [m.out_features for m in linear[:-1]],
        }

    @classmethod
    def from_config(cls, config: dict) -> MLPGenerator:
        """A generator of :meth:`get_config`'s layout, before its weights load."""
        return cls(
            config["noise_dim"],
            config["data_dim"],
            tuple(config["hidden_dims"]),
            n_classes=config["n_classes"],
        )


class MLPDiscriminator(nn.Module):
    """The tutorial's discriminator, optionally class-conditional.

    Parameters
    ----------
    data_dim : int, default=784
    hidden_dims : sequence of int, default=(512, 256)
    n_classes : int, default=1
    auxiliary_classes : int, default=0
        If above 1, add an auxiliary classifier on the last hidden layer
        (AC-GAN), for :meth:`classify`.

    Examples
    --------
    >>> import torch
    >>> from gan_augment.nn import MLPDiscriminator
    >>> discriminator = MLPDiscriminator(data_dim=64, hidden_dims=(32,))
    >>> images = torch.rand(4, 64) * 2 - 1
    >>> discriminator(images).shape  # logits
    torch.Size([4])
    >>> p = discriminator.probability(images)  # the tutorial's sigmoid output
    >>> bool(((p > 0) & (p < 1)).all())
    True
    """

    def __init__(
        self,
        data_dim: int = 784,
        hidden_dims: Sequence[int] = (512, 256),
        n_classes: int = 1,
        auxiliary_classes: int = 0,
    ):
        super().__init__()
        self.embedding = nn.Embedding(n_classes, data_dim) if n_classes > 1 else None
        layers: list[nn.Module] = []
        in_dim = data_dim
        for width in hidden_dims:
            layers += [nn.Linear(in_dim, width), nn.LeakyReLU(0.2)]
            in_dim = width
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(in_dim, 1)
        self.auxiliary = (
            nn.Linear(in_dim, auxiliary_classes) if auxiliary_classes > 1 else None
        )

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None):
        """Logit of "real", shape (n,)."""
        if self.embedding is not None and labels is not None:
            x = x * self.embedding(labels)
        return self.head(self.body(x)).squeeze(1)

    def classify(self, x: torch.Tensor) -> torch.Tensor:
        """Class logits of the auxiliary classifier, shape (n, n_classes)."""
        return self.auxiliary(self.body(x))

    def probability(self, x: torch.Tensor, labels: torch.Tensor | None = None):
        """The tutorial's sigmoid output D(x) in (0, 1)."""
        return torch.sigmoid(self.forward(x, labels))
