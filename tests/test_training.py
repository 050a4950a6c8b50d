"""The training loop, the losses and the tutorial's networks."""

from __future__ import annotations

import math

import pytest
import torch
from torch.nn import functional as F

from gan_augment import TrainingDivergedError
from gan_augment._losses import discriminator_loss, generator_loss
from gan_augment._training import ClassBalancedBatches, TrainingConfig, train_gan
from gan_augment.nn import (
    MLPDiscriminator,
    MLPGenerator,
    TabularDiscriminator,
    TabularGenerator,
)


def test_bce_losses_are_the_tutorials_formulas():
    real = torch.tensor([0.3, -1.2, 2.0])
    fake = torch.tensor([-0.5, 0.7, 0.1])
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    expected_d = (-torch.log(d_real)).mean() + (-torch.log(1 - d_fake)).mean()
    expected_g = (-torch.log(d_fake)).mean()
    assert math.isclose(discriminator_loss("bce", real, fake), expected_d, rel_tol=1e-6)
    assert math.isclose(generator_loss("bce", fake), expected_g, rel_tol=1e-6)


def test_class_balanced_batches():
    torch.manual_seed(0)
    labels = torch.tensor([0] * 990 + [1] * 10)
    data = torch.arange(1000.0).unsqueeze(1)
    rows, drawn = ClassBalancedBatches(data, labels, 2).draw(20_000)
    share = drawn.float().mean().item()
    assert 0.47 < share < 0.53
    # Rows and labels stay aligned after the internal sort.
    assert ((rows.squeeze(1) >= 990) == drawn.bool()).all()


def _gumbel_softmax_block_by_block(generator, raw, tau=0.2):
    """The reference: one ``F.gumbel_softmax`` per category block, in order."""
    parts, start = [], 0
    for dim, activation in generator.spans:
        block = raw[:, start : start + dim]
        parts.append(
            F.gumbel_softmax(block, tau=tau) if activation == "softmax" else block
        )
        start += dim
    return torch.cat(parts, dim=1)


@pytest.mark.parametrize("n_rows", [1, 7, 64])
def test_category_blocks_activate_together_as_block_by_block(n_rows):
    # Blocks of mixed widths, interleaved with numbers: the joint Gumbel-softmax
    # draws the same noise as a loop over blocks, so a seed keeps its rows.
    spans = [(2, "softmax"), (1, "linear"), (3, "softmax"), (2, "softmax")]
    spans += [(5, "linear"), (7, "softmax")] + [(2, "softmax")] * 20
    generator = TabularGenerator(8, 2, spans, (16,))
    raw = torch.randn(n_rows, sum(d for d, _ in spans), requires_grad=True)

    torch.manual_seed(0)
    expected = _gumbel_softmax_block_by_block(generator, raw)
    torch.manual_seed(0)
    got = generator.activate(raw)

    assert torch.equal(got, expected)
    weights = torch.randn_like(got)
    (grad_expected,) = torch.autograd.grad((expected * weights).sum(), raw)
    (grad_got,) = torch.autograd.grad((got * weights).sum(), raw)
    assert torch.equal(grad_got, grad_expected)
    # Every category block is a distribution; the numbers pass through as they are.
    start = 0
    for dim, activation in spans:
        block = got[:, start : start + dim]
        if activation == "softmax":
            assert torch.allclose(block.sum(dim=1), torch.ones(n_rows))
        else:
            assert torch.equal(block, raw[:, start : start + dim])
        start += dim


def _tiny_gan(n_features=3, n_classes=2):
    generator = TabularGenerator(8, n_classes, [(1, "linear")] * n_features, (16,))
    discriminator = TabularDiscriminator(n_features, n_classes, (16,))
    return generator, discriminator


def test_train_gan_history_and_callbacks():
    torch.manual_seed(0)
    generator, discriminator = _tiny_gan()
    events = []

    class Recorder:
        def on_train_begin(self, info):
            events.append(("begin", info["n_epochs"]))

        def on_epoch_end(self, epoch, logs):
            events.append(("epoch", epoch))

        def on_train_end(self, history):
            events.append(("end", len(history)))

    config = TrainingConfig(n_steps=25, batch_size=16, steps_per_epoch=10)
    history = train_gan(
        generator,
        discriminator,
        torch.randn(100, 3),
        torch.randint(0, 2, (100,)),
        2,
        config,
        callbacks=[Recorder()],
    )
    assert [h["step"] for h in history] == [10, 20, 25]
    assert events == [
        ("begin", 3),
        ("epoch", 1),
        ("epoch", 2),
        ("epoch", 3),
        ("end", 3),
    ]
    assert not generator.training


def test_divergence_rolls_back_then_stops_with_a_clear_error():
    torch.manual_seed(0)
    generator, discriminator = _tiny_gan()
    data = torch.randn(64, 3)
    data[0, 0] = float("nan")  # poisons every batch that draws row 0
    config = TrainingConfig(
        n_steps=50, batch_size=64, steps_per_epoch=5, max_rollbacks=2
    )
    with pytest.raises(TrainingDivergedError, match="diverged at epoch 1"):
        train_gan(
            generator, discriminator, data, torch.zeros(64, dtype=torch.long), 2, config
        )


def test_exploding_finite_losses_count_as_divergence(dataset):
    # learning_rate=10 blows the weights up without a NaN: the generator then
    # gives one row over and over. That is refused, not returned.
    from gan_augment import GANAugmenter

    X, y = dataset("pima")
    augmenter = GANAugmenter(n_steps=100, learning_rate=10.0, random_state=0)
    with pytest.raises(TrainingDivergedError, match="lower learning_rate"):
        augmenter.fit(X, y)
    assert not hasattr(augmenter, "generators_")


def test_per_class_epochs_report_the_steps_run(dataset):
    from gan_augment import GANAugmenter

    X, y = dataset("pima")
    augmenter = GANAugmenter(
        epochs=2, conditioning="per_class", batch_size=64, random_state=0
    ).fit(X, y)
    assert augmenter.n_steps_ == augmenter.history_["step"].max() == 2 * 5


def test_tutorial_mlp_gan_layer_sizes():
    generator, discriminator = MLPGenerator(), MLPDiscriminator()
    g_sizes = [m.out_features for m in generator.net if isinstance(m, torch.nn.Linear)]
    d_sizes = [
        m.out_features for m in discriminator.body if isinstance(m, torch.nn.Linear)
    ] + [discriminator.head.out_features]
    assert g_sizes == [256, 512, 1024, 784]
    assert d_sizes == [512, 256, 1]
    z = torch.randn(4, 100)
    images = generator(z)
    assert images.shape == (4, 784) and images.abs().max() <= 1
    p = discriminator.probability(images)
    assert p.shape == (4,) and ((p > 0) & (p < 1)).all()


class ThreadRecorder:
    """Records torch's intra-op threads while a GAN trains."""

    def __init__(self):
        self.threads = set()

    def on_epoch_end(self, epoch, logs):
        self.threads.add(torch.get_num_threads())


@pytest.fixture
def torch_threads_of_three():
    """Torch set to 3 threads, as a user's ``torch.set_num_threads(3)``."""
    before = torch.get_num_threads()
    torch.set_num_threads(3)
    yield 3
    torch.set_num_threads(before)


@pytest.mark.parametrize(
    ("n_threads", "conditioning", "n_jobs", "expected"),
    [
        (None, "joint", None, 1),  # the measured-fastest default on the CPU
        (2, "joint", None, 2),
        ("torch", "joint", None, 3),  # the user's torch.set_num_threads(3)
        (2, "per_class", None, 2),
        (None, "per_class", None, 1),
    ],
)
def test_n_threads_sets_torchs_threads_while_training_only(
    dataset, torch_threads_of_three, n_threads, conditioning, n_jobs, expected
):
    from gan_augment import GANAugmenter

    X, y = dataset("pima")
    recorder = ThreadRecorder()
    GANAugmenter(
        n_steps=12,  # one epoch of pima
        n_threads=n_threads,
        conditioning=conditioning,
        n_jobs=n_jobs,
        callbacks=[recorder],
        random_state=0,
    ).fit(X, y)
    assert recorder.threads == {expected}
    assert torch.get_num_threads() == torch_threads_of_three  # restored
