"""The GAN training loop: tensors in, trained modules and a history out.

It knows nothing about pandas or classes' names. One call trains one
generator/discriminator pair for a fixed budget of generator updates, with
class-balanced batches, and rolls back when the losses stop being finite.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F
from tqdm.auto import tqdm

from ._losses import discriminator_loss, generator_loss, gradient_penalty

logger = logging.getLogger(__name__)

#: A mean loss beyond this means diverged weights, as NaN does.
_EXPLODED = 1e4
# Generator updates between snapshots of the last good weights (for rollback).
_SNAPSHOT_EVERY = 100


class TrainingDivergedError(RuntimeError):
    """The losses became NaN/inf or exploded, and a lower learning rate did not help.

    When a loss stops being finite or grows past 1e4 (the weights have blown
    up: the generator would give one row over and over), training rolls back
    to the last good
    weights and halves the learning rate; after three rollbacks it raises this
    error and the augmenter is left unfitted. Lower ``learning_rate`` or use
    ``loss="wgan-gp"`` (see the troubleshooting page of the user guide).

    Examples
    --------
    A learning rate far too high makes the losses NaN at once:

    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter, TrainingDivergedError
    >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
    >>> augmenter = GANAugmenter(n_steps=50, learning_rate=1e6, random_state=0)
    >>> try:
    ...     augmenter.fit(X, y)
    ... except TrainingDivergedError as exc:
    ...     print(str(exc).split(";")[0])
    GAN training diverged at epoch 1 (losses D=nan, G=nan) after 3 rollbacks
    >>> hasattr(augmenter, "generators_")  # left unfitted
    False
    >>> issubclass(TrainingDivergedError, RuntimeError)
    True
    """


@dataclass(frozen=True)
class TrainingConfig:
    """Hyperparameters of one training run.

    Attributes
    ----------
    loss : {"bce", "wgan-gp", "hinge"}
    n_steps : int
        Generator updates in all.
    batch_size : int
    learning_rate : float
    betas : tuple of float
        Adam's betas; (0.5, 0.999) as in DCGAN.
    n_critic : int
        Discriminator updates per generator update.
    gp_weight : float
        Weight of the WGAN-GP penalty.
    steps_per_epoch : int
        Generator updates that make one "epoch" of the history.
    class_loss_weight : float
        Weight of the auxiliary classification loss (AC-GAN) when the
        discriminator has an auxiliary classifier.
    max_rollbacks : int
        How often a diverged run is rolled back (halving the learning rate)
        before it gives up.
    diversity_weight : float
        Weight of the mode-seeking term (Mao et al., 2019): the generator is
        penalised when two noise vectors of the same class give near-identical
        rows, the signature of mode collapse.
    """

    loss: str = "bce"
    n_steps: int = 2000
    batch_size: int = 128
    learning_rate: float = 2e-4
    betas: tuple[float, float] = (0.5, 0.999)
    n_critic: int = 1
    gp_weight: float = 10.0
    steps_per_epoch: int = 10
    class_loss_weight: float = 0.0
    max_rollbacks: int = 3
    diversity_weight: float = 0.0


@contextlib.contextmanager
def torch_threads(n: int | None) -> Iterator[None]:
    """Use ``n`` intra-op threads for a block (None leaves torch's setting)."""
    if n is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class ClassBalancedBatches:
    """Draw batches with every class equally likely, in one vectorised call.

    Parameters
    ----------
    data : Tensor of shape (n, d)
    labels : Tensor of shape (n,), int64 in ``[0, n_classes)``
    n_classes : int
    """

    def __init__(self, data: torch.Tensor, labels: torch.Tensor, n_classes: int):
        order = torch.argsort(labels, stable=True)
        self.data = data[order]
        self.labels = labels[order]
        counts = torch.bincount(self.labels, minlength=n_classes)
        self.present = torch.nonzero(counts).squeeze(1)
        self.counts = counts
        self.offsets = torch.cumsum(counts, 0) - counts

    def draw(self, size: int) -> tuple[torch.Tensor, torch.Tensor]:
        """A batch of rows and their labels."""
        device = self.data.device
        pick = torch.randint(len(self.present), (size,), device=device)
        classes = self.present[pick]
        within = (torch.rand(size, device=device) * self.counts[classes]).long()
        rows = self.offsets[classes] + within
        return self.data[rows], self.labels[rows]


def notify(callbacks: Sequence, event: str, *args) -> None:
    """Call ``event(*args)`` on each callback that has it (hooks are optional)."""
    for callback in callbacks:
        method = getattr(callback, event, None)
        if method is not None:
            method(*args)


def train_gan(
    generator: nn.Module,
    discriminator: nn.Module,
    data: torch.Tensor,
    labels: torch.Tensor,
    n_classes: int,
    config: TrainingConfig,
    callbacks: Sequence = (),
    progress: bool = False,
    description: str = "GAN",
    info: dict | None = None,
) -> list[dict]:
    """Train ``generator`` against ``discriminator`` in place.

    Parameters
    ----------
    generator : nn.Module
        Has ``noise_dim``, ``forward(z, labels)`` and ``activate(raw)``.
    discriminator : nn.Module
        ``forward(x, labels)`` returns one logit per row.
    data : Tensor of shape (n, d)
        Encoded rows, on the training device.
    labels : Tensor of shape (n,)
        Class indices of the rows.
    n_classes : int
    config : TrainingConfig
    callbacks : sequence
        Objects with any of ``on_train_begin(info)``,
        ``on_epoch_end(epoch, logs)``, ``on_train_end(history)``.
    progress : bool
        Show a tqdm bar over epochs.
    description : str
        Label of the progress bar.
    info : dict, optional
        Extra facts passed to ``on_train_begin`` (e.g. the class).

    Returns
    -------
    list of dict
        One entry per epoch: ``epoch``, ``step``, ``d_loss``, ``g_loss``,
        ``learning_rate``.
    """
    batches = ClassBalancedBatches(data, labels, n_classes)
    lr = config.learning_rate
    opt_g, opt_d = _optimizers(generator, discriminator, config, lr)
    n_epochs = max(1, math.ceil(config.n_steps / config.steps_per_epoch))
    notify(
        callbacks,
        "on_train_begin",
        {**(info or {}), "n_epochs": n_epochs, "config": config},
    )
    history: list[dict] = []
    good = _snapshot(generator, discriminator)
    rollbacks, step, epoch, snapshot_step = 0, 0, 0, 0
    generator.train()
    discriminator.train()
    bar = tqdm(total=n_epochs, desc=description, disable=not progress, leave=False)
    while step < config.n_steps:
        n = min(config.steps_per_epoch, config.n_steps - step)
        d_sum, g_sum = _run_steps(
            generator, discriminator, opt_g, opt_d, batches, config, n
        )
        d_loss, g_loss = d_sum.item() / n, g_sum.item() / n
        if not (_sane(d_loss) and _sane(g_loss)):
            rollbacks += 1
            if rollbacks > config.max_rollbacks:
                raise TrainingDivergedError(
                    f"GAN training diverged at epoch {epoch + 1} (losses D={d_loss}, "
                    f"G={g_loss}) after {config.max_rollbacks} rollbacks; lower "
                    "learning_rate or try loss='wgan-gp'."
                )
            lr /= 2.0
            logger.warning(
                "Exploding GAN loss at epoch %d; rolling back and lowering the "
                "learning rate to %.2e.",
                epoch + 1,
                lr,
            )
            _restore(generator, discriminator, good)
            opt_g, opt_d = _optimizers(generator, discriminator, config, lr)
            continue
        step += n
        epoch += 1
        if step - snapshot_step >= _SNAPSHOT_EVERY or step >= config.n_steps:
            good, snapshot_step = _snapshot(generator, discriminator), step
        logs = {
            "epoch": epoch,
            "step": step,
            "d_loss": d_loss,
            "g_loss": g_loss,
            "learning_rate": lr,
        }
        history.append(logs)
        notify(callbacks, "on_epoch_end", epoch, logs)
        bar.update(1)
        bar.set_postfix(d_loss=f"{d_loss:.3f}", g_loss=f"{g_loss:.3f}", refresh=False)
    bar.close()
    generator.eval()
    discriminator.eval()
    notify(callbacks, "on_train_end", history)
    return history


def _sane(loss: float) -> bool:
    """A loss that is finite and not exploded.

    The losses of these networks on encoded rows stay within tens (BCE, hinge,
    WGAN-GP alike); far beyond ``_EXPLODED`` the weights have blown up, and the
    generator gives one row over and over though nothing is NaN yet.
    """
    return math.isfinite(loss) and abs(loss) < _EXPLODED


def _optimizers(generator, discriminator, config: TrainingConfig, lr: float):
    # A fused Adam does the whole update in one kernel (15% of a step on the CPU
    # for these small nets); multi-tensor "foreach" where fusing is unsupported.
    kwargs = {"lr": lr, "betas": config.betas}
    try:
        opt_g = torch.optim.Adam(generator.parameters(), fused=True, **kwargs)
        opt_d = torch.optim.Adam(discriminator.parameters(), fused=True, **kwargs)
    except (RuntimeError, TypeError):
        opt_g = torch.optim.Adam(generator.parameters(), foreach=True, **kwargs)
        opt_d = torch.optim.Adam(discriminator.parameters(), foreach=True, **kwargs)
    return opt_g, opt_d


def _run_steps(generator, discriminator, opt_g, opt_d, batches, config, n_steps):
    """``n_steps`` generator updates; returns the summed D and G losses."""
    device = batches.data.device
    d_sum = torch.zeros((), device=device)
    g_sum = torch.zeros((), device=device)
    size = config.batch_size
    g_params = [p for p in generator.parameters() if p.requires_grad]
    auxiliary = (
        config.class_loss_weight > 0
        and getattr(discriminator, "auxiliary", None) is not None
    )
    diverse = config.diversity_weight > 0 and size >= 2
    half = size // 2
    for _ in range(n_steps):
        # Discriminator: push D(x) up on real rows and D(G(z)) down. Real and
        # fake rows go through D in one batch: half the kernel launches.
        for _ in range(config.n_critic):
            real, labels = batches.draw(size)
            fake_labels = _paired(labels, half) if diverse else labels
            z = _noise_for(generator, size, half if diverse else 0, device)
            fake = generator.activate(generator(z, fake_labels))
            scores = discriminator(
                torch.cat([real, fake.detach()]), torch.cat([labels, fake_labels])
            )
            loss_d = discriminator_loss(config.loss, scores[:size], scores[size:])
            if auxiliary:
                # The auxiliary classifier learns the classes from real rows only.
                loss_d = loss_d + F.cross_entropy(discriminator.classify(real), labels)
            if config.loss == "wgan-gp":
                loss_d = loss_d + config.gp_weight * gradient_penalty(
                    discriminator, real, fake.detach(), labels
                )
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        # Generator: push D(G(z)) up (non-saturating form for BCE). Gradients
        # flow through D to G, but D's own weights need none.
        if config.n_critic > 1:
            z = _noise_for(generator, size, half if diverse else 0, device)
            fake = generator.activate(generator(z, fake_labels))
        loss_g = generator_loss(config.loss, discriminator(fake, fake_labels))
        if auxiliary:
            # ... and the generator is pushed to make rows of the requested class.
            class_loss = F.cross_entropy(discriminator.classify(fake), fake_labels)
            loss_g = loss_g + config.class_loss_weight * class_loss
        if diverse:
            # Mode seeking: two noises of one class must give rows as far
            # apart as the noises are, or G pays 1 / (row gap / noise gap).
            gap = (fake[:half] - fake[half : 2 * half]).abs().mean(dim=1)
            noise_gap = (z[:half] - z[half : 2 * half]).abs().mean(dim=1)
            ratio = (gap / noise_gap).mean()
            loss_g = loss_g + config.diversity_weight / (ratio + 1e-5)
        grads = torch.autograd.grad(loss_g, g_params)
        for param, grad in zip(g_params, grads, strict=True):
            param.grad = grad
        opt_g.step()
        d_sum += loss_d.detach()
        g_sum += loss_g.detach()
    return d_sum, g_sum


def _noise_for(generator, size: int, half: int, device) -> torch.Tensor:
    """Noise for a batch; a generator's ``shared_noise_dims`` repeat in pairs.

    The deformation generator picks its seed image with ``z[:, 0]``: the two
    rows of a mode-seeking pair share it, so the term asks for different
    deformations of one image rather than for two different images.
    """
    z = torch.randn(size, generator.noise_dim, device=device)
    shared = getattr(generator, "shared_noise_dims", 0)
    if shared and half:
        z[half : 2 * half, :shared] = z[:half, :shared]
    return z


def _paired(labels: torch.Tensor, half: int) -> torch.Tensor:
    """Labels whose second half repeats the first, for same-class pairs."""
    out = labels.clone()
    out[half : 2 * half] = labels[:half]
    return out


def _snapshot(generator: nn.Module, discriminator: nn.Module) -> tuple[dict, dict]:
    return (
        {k: v.detach().clone() for k, v in generator.state_dict().items()},
        {k: v.detach().clone() for k, v in discriminator.state_dict().items()},
    )


def _restore(generator, discriminator, snapshot) -> None:
    generator.load_state_dict(snapshot[0])
    discriminator.load_state_dict(snapshot[1])
