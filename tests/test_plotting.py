"""The figures: what they draw, and the inputs they refuse."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")

from gan_augment.plotting import (
    plot_image_grid,
    plot_losses,
    plot_marginals,
)


@pytest.fixture
def frames():
    rng = np.random.default_rng(0)
    real = pd.DataFrame({"a": rng.normal(size=50), "b": rng.choice(["x", "y"], 50)})
    return real, real.sample(frac=1, random_state=0)


def test_marginals_leave_missing_values_out_and_read_arrays(frames):
    real, synthetic = frames
    holed = real.assign(a=real["a"].where(real["a"] < 1))
    fig = plot_marginals(holed, synthetic)
    drawn = sum(patch.get_height() > 0 for patch in fig.axes[0].patches)
    assert drawn > 0 and [ax.get_title() for ax in fig.axes] == ["a", "b"]
    nullable = real.assign(a=pd.array([1, None] * 25, dtype="Int64"))
    assert len(plot_marginals(nullable, synthetic).axes) == 2
    arrays = plot_marginals(real[["a"]].to_numpy(), synthetic[["a"]].to_numpy())
    assert [ax.get_title() for ax in arrays.axes] == ["0"]


def test_marginals_read_object_arrays_as_the_augmenter_does():
    # Numbers in an object array (as read from a CSV file) are numbers:
    # histograms; text stays categories: bar charts.
    rows = np.array([[1.5, "x"], [2.5, "y"], [3.0, "x"]], dtype=object)
    fig = plot_marginals(rows, rows[::-1])
    numbers, categories = fig.axes
    assert [t.get_text() for t in categories.get_xticklabels()] == ["x", "y"]
    assert len(numbers.patches) == 2 * 30  # two histograms of 30 bins


@pytest.mark.parametrize("max_columns", [0, -1, 1.5, True])
def test_marginals_refuse_a_column_count_that_is_not_positive(frames, max_columns):
    with pytest.raises(ValueError, match="max_columns must be a positive int"):
        plot_marginals(*frames, max_columns=max_columns)


def test_losses_refuse_an_empty_history():
    empty = pd.DataFrame(columns=["model", "epoch", "d_loss", "g_loss"])
    with pytest.raises(ValueError, match="history is empty"):
        plot_losses(empty)


def test_image_grid_refuses_what_it_cannot_draw():
    rng = np.random.default_rng(0)
    X, y = rng.uniform(size=(4, 64)), np.array([0, 0, 1, 1])
    with pytest.raises(ValueError, match="holds 49 pixel values but X has 64"):
        plot_image_grid(X, y, X[:2], y[:2], (7, 7))
    with pytest.raises(ValueError, match="n_per_class must be a positive int"):
        plot_image_grid(X, y, X[:2], y[:2], (8, 8), n_per_class=0)
    with pytest.raises(ValueError, match="no synthetic images"):
        plot_image_grid(X, y, np.empty((0, 64)), [], (8, 8))
    alone = plot_image_grid(X, y, np.empty((0, 64)), [], (8, 8), classes=[0, 1])
    assert sum(bool(ax.images) for ax in alone.axes) == 4
