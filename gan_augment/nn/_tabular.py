"""Conditional MLP generator and discriminator for encoded tabular rows."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import NamedTuple

import torch
from torch import nn


def _linear(in_dim: int, out_dim: int) -> nn.Linear:
    """``nn.Linear``, quiet about a zero width.

    A table whose columns are all constant encodes to zero columns; torch then
    warns that initialising the empty weight is a no-op, which is what we want.
    """
    if in_dim and out_dim:
        return nn.Linear(in_dim, out_dim)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Initializing zero-element tensors")
        return nn.Linear(in_dim, out_dim)


def _mlp(in_dim: int, hidden: Sequence[int], activation: nn.Module) -> nn.Sequential:
    layers: list[nn.Module] = []
    for width in hidden:
        layers += [_linear(in_dim, width), activation]
        in_dim = width
    return nn.Sequential(*layers)


class TabularGenerator(nn.Module):
    """Map noise and a class label to one encoded row.

    Parameters
    ----------
    noise_dim : int
        Width of the noise vector ``z``.
    n_classes : int
        Number of classes; 1 means unconditional (one GAN per class).
    spans : sequence of (dim, activation)
        The encoder's output blocks: ``"linear"`` blocks are emitted as they
        are, ``"softmax"`` blocks as logits (see :meth:`activate`).
    hidden_dims : sequence of int
        Widths of the hidden layers.
    embedding_dim : int
        Width of the learned label embedding (ignored when ``n_classes == 1``).

    Examples
    --------
    Rows of 3 numbers and one 4-way category, for two classes:

    >>> import torch
    >>> from gan_augment.nn import TabularGenerator
    >>> generator = TabularGenerator(8, 2, spans=[(3, "linear"), (4, "softmax")])
    >>> raw = generator(torch.randn(5, 8), torch.tensor([0, 1, 0, 1, 1]))
    >>> raw.shape
    torch.Size([5, 7])
    >>> rows = generator.activate(raw)  # the category block sums to 1
    >>> torch.allclose(rows[:, 3:].sum(dim=1), torch.ones(5))
    True
    >>> z = torch.randn(4, 8)
    >>> # The same rows, up to float rounding (the label enters as a bias there):
    >>> same = generator.generate(z, 1), generator(z, torch.ones(4).long())
    >>> torch.allclose(*same, atol=1e-6)
    True
    """

    def __init__(
        self,
        noise_dim: int,
        n_classes: int,
        spans: Sequence[tuple[int, str]],
        hidden_dims: Sequence[int] = (128, 128),
        embedding_dim: int = 16,
    ):
        super().__init__()
        self.noise_dim = noise_dim
        self.n_classes = n_classes
        self.spans = [(int(d), str(a)) for d, a in spans]
        self.embedding = (
            nn.Embedding(n_classes, embedding_dim) if n_classes > 1 else None
        )
        in_dim = noise_dim + (embedding_dim if self.embedding is not None else 0)
        self.body = _mlp(in_dim, hidden_dims, nn.ReLU(inplace=True))
        last = hidden_dims[-1] if len(hidden_dims) else in_dim
        self.head = _linear(last, sum(d for d, _ in self.spans))

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Raw output: linear values and category logits."""
        if self.embedding is not None:
            z = torch.cat([z, self.embedding(labels)], dim=1)
        return self.head(self.body(z))

    def generate(self, z: torch.Tensor, label: int) -> torch.Tensor:
        """Raw output for rows of one class, without concatenating the label.

        The label's embedding enters the first layer as a constant bias, which
        saves a copy of every noise row when sampling millions of them.
        """
        if self.embedding is None or not len(self.body):
            labels = torch.full((z.shape[0],), label, dtype=torch.long, device=z.device)
            return self.forward(z, labels)
        first = self.body[0]
        w_noise, w_label = (
            first.weight[:, : self.noise_dim],
            first.weight[:, self.noise_dim :],
        )
        bias = first.bias + self.embedding.weight[label] @ w_label.T
        hidden = torch.addmm(bias, z, w_noise.T)
        for layer in list(self.body)[1:]:
            hidden = layer(hidden)
        return self.head(hidden)

    def activate(self, raw: torch.Tensor, tau: float = 0.2) -> torch.Tensor:
        """Differentiable rows for the discriminator.

        Category logits pass through a Gumbel-softmax at temperature ``tau``,
        which keeps gradients while giving near one-hot vectors that the
        discriminator cannot tell from real one-hots by their softness alone.

        The category blocks are handled together, one softmax per block width,
        because a block-by-block loop costs a graph node per column: a table of
        a thousand binary columns then spends most of a training step there.
        The Gumbel noise is drawn in one call, in the order a block-by-block
        :func:`torch.nn.functional.gumbel_softmax` would draw it, so a seed
        gives the same rows either way.
        """
        plan = self._softmax_plan(raw.device)
        if plan is None:
            return raw
        n_rows = raw.shape[0]
        # Block j of width k takes the next n_rows * k draws, row by row.
        rows = torch.arange(n_rows, device=raw.device)[:, None]
        flat = plan.block_start * n_rows + rows * plan.width + plan.within
        draws = torch.empty(n_rows * plan.n_draws, dtype=raw.dtype, device=raw.device)
        gumbels = -draws.exponential_().log()[flat]
        noisy = (raw[:, plan.columns] + gumbels) / tau
        out = raw
        for columns, positions in plan.groups:
            soft = noisy[:, positions].softmax(dim=-1)
            out = out.index_copy(1, columns, soft.reshape(n_rows, -1))
        return out

    def get_config(self) -> dict:
        """The constructor's arguments as JSON values; the weights are apart.

        Examples
        --------
        >>> generator = TabularGenerator(8, 2, spans=[(3, "linear"), (4, "softmax")])
        >>> rebuilt = TabularGenerator.from_config(generator.get_config())
        >>> rebuilt.spans, rebuilt.noise_dim
        ([(3, 'linear'), (4, 'softmax')], 8)
        """
        return {
            "noise_dim": self.noise_dim,
            "n_classes": self.n_classes,
            "spans": self.spans,
            "hidden_dims": [
                m.out_features for m in self.body if isinstance(m, nn.Linear)
            ],
            # The default's width when unconditional: the embedding is unused.
            "embedding_dim": (
                self.embedding.embedding_dim if self.embedding is not None else 16
            ),
        }

    @classmethod
    def from_config(cls, config: dict) -> TabularGenerator:
        """A generator of :meth:`get_config`'s layout, before its weights load."""
        return cls(
            config["noise_dim"],
            config["n_classes"],
            [tuple(s) for s in config["spans"]],
            tuple(config["hidden_dims"]),
            config["embedding_dim"],
        )

    def _softmax_plan(self, device: torch.device) -> _SoftmaxPlan | None:
        """Index tensors for :meth:`activate`, built once per device."""
        # Keyed by the device's name: Dask's serializer refuses torch.device
        # objects, and a fitted generator travels back from its workers.
        cache = self.__dict__.setdefault("_softmax_plans", {})
        key = str(device)
        if key not in cache:
            cache[key] = _SoftmaxPlan.build(self.spans, device)
        return cache[key]


class _SoftmaxPlan(NamedTuple):
    """Where the category columns of a generator's output are.

    Per category column, in output order: its index in the raw output
    (``columns``), the number of draws before its block (``block_start``), its
    block's width and its place in the block (``within``); and, per block
    width, the columns of all blocks of that width and their places in
    ``columns`` (``groups``, each of shape ``(n_blocks, width)``).
    """

    columns: torch.Tensor
    block_start: torch.Tensor
    width: torch.Tensor
    within: torch.Tensor
    n_draws: int
    groups: list[tuple[torch.Tensor, torch.Tensor]]

    @classmethod
    def build(
        cls, spans: Sequence[tuple[int, str]], device: torch.device
    ) -> _SoftmaxPlan | None:
        """Index the category blocks of ``spans`` on ``device`` (None if none)."""
        columns, block_start, width, within = [], [], [], []
        by_width: dict[int, list[int]] = {}
        start = drawn = 0
        for dim, activation in spans:
            if activation == "softmax":
                for c in range(dim):
                    by_width.setdefault(dim, []).append(len(columns))
                    columns += [start + c]
                    block_start += [drawn]
                    width += [dim]
                    within += [c]
                drawn += dim
            start += dim
        if not columns:
            return None

        def as_tensor(values):
            return torch.tensor(values, dtype=torch.long, device=device)

        columns_t = as_tensor(columns)
        groups = [
            (columns_t[as_tensor(places)], as_tensor(places).reshape(-1, dim))
            for dim, places in by_width.items()
        ]
        return cls(
            columns_t,
            as_tensor(block_start),
            as_tensor(width),
            as_tensor(within),
            drawn,
            groups,
        )


class TabularDiscriminator(nn.Module):
    """Score an encoded row given its class label (a logit; higher = real).

    Parameters
    ----------
    data_dim : int
        Width of an encoded row.
    n_classes : int
        Number of classes; 1 means unconditional.
    hidden_dims : sequence of int
        Widths of the hidden layers.
    embedding_dim : int
        Width of the learned label embedding.
    dropout : float
        Dropout after each hidden layer; it slows the discriminator's
        memorising of small classes.
    auxiliary_classes : int
        If above 1, add an auxiliary classifier (AC-GAN style) that predicts
        the class from the row alone, without seeing the label; the generator
        is then also trained to make rows that it assigns to the requested
        class.

    Examples
    --------
    >>> import torch
    >>> from gan_augment.nn import TabularDiscriminator
    >>> discriminator = TabularDiscriminator(7, 2, auxiliary_classes=2)
    >>> rows, labels = torch.randn(5, 7), torch.tensor([0, 1, 0, 1, 1])
    >>> discriminator(rows, labels).shape  # one logit per row
    torch.Size([5])
    >>> discriminator.classify(rows).shape  # class logits, label unseen
    torch.Size([5, 2])
    """

    def __init__(
        self,
        data_dim: int,
        n_classes: int,
        hidden_dims: Sequence[int] = (128, 128),
        embedding_dim: int = 16,
        dropout: float = 0.0,
        auxiliary_classes: int = 0,
    ):
        super().__init__()
        self.embedding = (
            nn.Embedding(n_classes, embedding_dim) if n_classes > 1 else None
        )
        self.auxiliary = (
            nn.Sequential(
                _linear(data_dim, 64),
                nn.LeakyReLU(0.2),
                _linear(64, auxiliary_classes),
            )
            if auxiliary_classes > 1
            else None
        )
        in_dim = data_dim + (embedding_dim if self.embedding is not None else 0)
        layers: list[nn.Module] = []
        for width in hidden_dims:
            layers += [_linear(in_dim, width), nn.LeakyReLU(0.2)]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            in_dim = width
        self.body = nn.Sequential(*layers)
        self.head = _linear(in_dim, 1)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Logit of "real" for each row, shape (n,)."""
        if self.embedding is not None:
            x = torch.cat([x, self.embedding(labels)], dim=1)
        return self.head(self.body(x)).squeeze(1)

    def classify(self, x: torch.Tensor) -> torch.Tensor:
        """Class logits of the auxiliary classifier, shape (n, n_classes)."""
        return self.auxiliary(x)
