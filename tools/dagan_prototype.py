"""A DAGAN-style image-conditioned GAN, tried for the digits benchmark and not shipped.

DAGAN (Antoniou et al., 2017, "Data Augmentation Generative Adversarial
Networks") learns ``G(x, z)``: a new image of the class of a real image ``x``.
Its discriminator judges pairs: ``(x, another real image of x's class)`` is
real, ``(x, G(x, z))`` is fake, so copying ``x`` is caught, and what G learns
about within-class variation on the big classes can carry over to the rare
ones. On the imbalanced digits it scored below the shipped conv GAN
(``tools/image_ablation.py``), so it stays a prototype.

It is a plain imblearn-style sampler on 8x8 images with values in 0..16:
``DaganSampler().fit_resample(X, y)`` balances every class.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import spectral_norm

from gan_augment._images import warp_images
from gan_augment.nn._conv import _translate

_SIDE = 8
_HIGH = 16.0


class PairGenerator(nn.Module):
    """A small U-Net: encode x to 2x2, join the noise (and class), decode to 8x8."""

    def __init__(self, noise_dim=32, width=32, n_classes=0, embedding_dim=16):
        super().__init__()
        self.noise_dim, self.width = noise_dim, width
        self.enc1 = nn.Sequential(nn.Conv2d(1, width, 3, padding=1), nn.LeakyReLU(0.2))
        self.enc2 = nn.Sequential(
            nn.Conv2d(width, 2 * width, 4, 2, 1), nn.LeakyReLU(0.2)
        )
        self.enc3 = nn.Sequential(
            nn.Conv2d(2 * width, 2 * width, 4, 2, 1), nn.LeakyReLU(0.2)
        )
        self.embedding = nn.Embedding(n_classes, embedding_dim) if n_classes else None
        self.project = nn.Linear(
            noise_dim + (embedding_dim if n_classes else 0), 8 * width
        )
        self.dec3 = nn.Sequential(
            nn.ConvTranspose2d(4 * width, 2 * width, 4, 2, 1), nn.ReLU()
        )
        self.dec2 = nn.Sequential(
            nn.ConvTranspose2d(4 * width, width, 4, 2, 1), nn.ReLU()
        )
        self.out = nn.Conv2d(2 * width, 1, 3, padding=1)

    def forward(self, x, z, labels):
        h1 = self.enc1(x.view(-1, 1, _SIDE, _SIDE))
        h2 = self.enc2(h1)
        h3 = self.enc3(h2)
        if self.embedding is not None:
            z = torch.cat([z, self.embedding(labels)], 1)
        h = torch.cat([h3, self.project(z).view(-1, 2 * self.width, 2, 2)], 1)
        h = self.dec2(torch.cat([self.dec3(h), h2], 1))
        return torch.tanh(self.out(torch.cat([h, h1], 1))).view(-1, _SIDE * _SIDE)


class PairDiscriminator(nn.Module):
    """Score a pair (anchor, candidate) stacked as two channels.

    With ``n_classes`` the class enters by projection, as in ConvDiscriminator.
    """

    def __init__(self, width=32, n_classes=0):
        super().__init__()
        self.features = nn.Sequential(
            spectral_norm(nn.Conv2d(2, width, 3, padding=1)),
            nn.LeakyReLU(0.2),
            spectral_norm(nn.Conv2d(width, width, 4, 2, 1)),
            nn.LeakyReLU(0.2),
            spectral_norm(nn.Conv2d(width, 2 * width, 4, 2, 1)),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
        )
        self.head = spectral_norm(nn.Linear(8 * width, 1))
        self.embedding = (
            spectral_norm(nn.Embedding(n_classes, 8 * width)) if n_classes else None
        )

    def forward(self, anchor, candidate, labels):
        pair = torch.cat(
            [anchor.view(-1, 1, _SIDE, _SIDE), candidate.view(-1, 1, _SIDE, _SIDE)], 1
        )
        if self.training:
            pair = _translate(pair, 1)  # the same shift for both images
        features = self.features(pair)
        logit = self.head(features).squeeze(1)
        if self.embedding is not None:
            logit = logit + (self.embedding(labels) * features).sum(1)
        return logit


class DaganSampler:
    """Balance every class with ``G(real image of the class, z)``.

    Parameters
    ----------
    conditional : bool
        Also give G and D the class (DAGAN proper is class-agnostic).
    n_steps, batch_size, learning_rate : training budget, as GANAugmenter's.
    copies : int
        Built-in affine warps of each real image added to the training set
        (pairs never join an image with a warp of itself).
    diversity_weight : float
        Mode-seeking term, as GANAugmenter's.
    """

    def __init__(
        self,
        conditional=False,
        n_steps=2000,
        batch_size=128,
        learning_rate=2e-4,
        copies=4,
        diversity_weight=0.02,
        noise_dim=32,
        random_state=0,
    ):
        self.conditional = conditional
        self.n_steps = n_steps
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.copies = copies
        self.diversity_weight = diversity_weight
        self.noise_dim = noise_dim
        self.random_state = random_state

    def fit_resample(self, X, y):
        X, y = np.asarray(X, dtype=np.float32), np.asarray(y)
        encoded = X / _HIGH * 2 - 1
        classes, labels = np.unique(y, return_inverse=True)
        k = len(classes)
        torch.manual_seed(self.random_state)
        rng = np.random.default_rng(self.random_state)
        shape = (_SIDE, _SIDE, 1)
        warps = [
            warp_images(encoded, shape, seed=self.random_state * 1000 + c)
            for c in range(self.copies)
        ]
        data = torch.tensor(np.concatenate([encoded, *warps]))
        source = np.tile(np.arange(len(encoded)), self.copies + 1)
        row_labels = np.tile(labels, self.copies + 1)
        members = [np.flatnonzero(row_labels == c) for c in range(k)]
        cond = k if self.conditional else 0
        generator, discriminator = (
            PairGenerator(self.noise_dim, n_classes=cond),
            (PairDiscriminator(n_classes=cond)),
        )
        betas = (0.5, 0.999)
        opt_g = torch.optim.Adam(
            generator.parameters(), self.learning_rate, betas=betas
        )
        opt_d = torch.optim.Adam(
            discriminator.parameters(), self.learning_rate, betas=betas
        )
        size, half = self.batch_size, self.batch_size // 2

        def member(cls):
            return np.array([members[c][rng.integers(len(members[c]))] for c in cls])

        for _ in range(self.n_steps):
            cls = rng.integers(k, size=size)
            anchor, partner = member(cls), member(cls)
            same = source[anchor] == source[partner]
            while same.any():  # a real pair joins two different images
                partner[same] = member(cls[same])
                same = source[anchor] == source[partner]
            # Mode seeking needs two noises per anchor: the second half
            # repeats the first.
            fake_anchor, fake_cls = anchor.copy(), cls.copy()
            fake_anchor[half:], fake_cls[half:] = anchor[:half], cls[:half]
            cls_t, fake_cls_t = torch.tensor(cls), torch.tensor(fake_cls)
            z = torch.randn(size, self.noise_dim)
            fake = generator(data[fake_anchor], z, fake_cls_t)
            scores = discriminator(
                torch.cat([data[anchor], data[fake_anchor]]),
                torch.cat([data[partner], fake.detach()]),
                torch.cat([cls_t, fake_cls_t]),
            )
            loss_d = (
                F.softplus(-scores[:size]).mean() + F.softplus(scores[size:]).mean()
            )
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            loss_g = F.softplus(
                -discriminator(data[fake_anchor], fake, fake_cls_t)
            ).mean()
            if self.diversity_weight:
                gap = (fake[:half] - fake[half:]).abs().mean(1)
                noise_gap = (z[:half] - z[half:]).abs().mean(1)
                loss_g = loss_g + self.diversity_weight / (
                    (gap / noise_gap).mean() + 1e-5
                )
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()

        generator.eval()
        counts = np.bincount(labels, minlength=k)
        out_X, out_y = [X], [y]
        with torch.no_grad():
            for c in range(k):
                n = counts.max() - counts[c]
                if n <= 0:
                    continue
                anchors = torch.tensor(
                    encoded[rng.choice(np.flatnonzero(labels == c), n)]
                )
                images = generator(
                    anchors, torch.randn(n, self.noise_dim), torch.full((n,), c)
                )
                out_X.append(((images.numpy() + 1) / 2 * _HIGH).clip(0, _HIGH))
                out_y.append(np.full(n, classes[c]))
        return np.concatenate(out_X), np.concatenate(out_y)
