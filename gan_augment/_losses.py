"""GAN objectives on discriminator logits.

With ``D(x) = sigmoid(logit(x))``, ``softplus(-l) = -log D(x)`` and
``softplus(l) = -log(1 - D(x))``, so the BCE pair below is exactly the
tutorial's L_D = -log D(x) - log(1 - D(G(z))) and the non-saturating
L_G = -log D(G(z)), computed without overflow.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F

LOSSES = ("bce", "wgan-gp", "hinge")


def discriminator_loss(loss: str, real: torch.Tensor, fake: torch.Tensor):
    """L_D for logits of real rows and of generated rows (before any penalty)."""
    if loss == "bce":
        return F.softplus(-real).mean() + F.softplus(fake).mean()
    if loss == "hinge":
        return F.relu(1.0 - real).mean() + F.relu(1.0 + fake).mean()
    if loss == "wgan-gp":
        return fake.mean() - real.mean()
    raise ValueError(f"Unknown loss {loss!r}; choose one of {LOSSES}.")


def generator_loss(loss: str, fake: torch.Tensor):
    """L_G for discriminator logits of generated rows."""
    if loss == "bce":
        return F.softplus(-fake).mean()
    if loss in ("hinge", "wgan-gp"):
        return -fake.mean()
    raise ValueError(f"Unknown loss {loss!r}; choose one of {LOSSES}.")


def gradient_penalty(discriminator, real, fake, labels, generator=None):
    """WGAN-GP's penalty: (||grad D(x_hat)|| - 1)^2 on random interpolates."""
    alpha = torch.rand(real.shape[0], 1, device=real.device, generator=generator)
    mixed = (alpha * real + (1.0 - alpha) * fake).requires_grad_(True)
    scores = discriminator(mixed, labels)
    (grad,) = torch.autograd.grad(scores.sum(), mixed, create_graph=True)
    return ((grad.norm(2, dim=1) - 1.0) ** 2).mean()
