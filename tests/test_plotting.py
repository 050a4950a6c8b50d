"""The figures: what they draw, and the inputs they refuse."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")

from gan_augment.plotting import (
    _cd_cliques,
    plot_critical_difference,
    plot_image_grid,
    plot_losses,
    plot_marginals,
)

# Demsar (2006), Fig. 1: the four C4.5 variants, CD = 1.25 over 14 data sets.
DEMSAR_RANKS = {"C4.5": 3.143, "C4.5+m": 2.0, "C4.5+cf": 2.893, "C4.5+m+cf": 1.964}


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


def _bars(fig):
    """The thick bars that join methods no test tells apart."""
    return [line for line in fig.axes[0].lines if line.get_linewidth() == 3.0]


def test_cliques_are_maximal_runs_closer_than_the_critical_difference():
    ranks = pd.Series({"a": 1.0, "b": 1.5, "c": 2.6, "d": 3.0})
    # a-b 0.5 < 1, a-c 1.6; b-c 1.1; c-d 0.4.
    assert _cd_cliques(ranks, 1.0) == [["a", "b"], ["c", "d"]]
    ranks = pd.Series({"a": 1.0, "b": 1.2, "c": 1.9, "d": 2.5})
    # a..c spans 0.9 < 1; b..c lies inside it; c-d 0.6 is a new group.
    assert _cd_cliques(ranks, 1.0) == [["a", "b", "c"], ["c", "d"]]
    # A difference of exactly CD is significant: no group.
    assert _cd_cliques(pd.Series({"a": 1.0, "b": 2.0}), 1.0) == []


def test_critical_difference_diagram_of_demsars_example():
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    open_before = plt.get_fignums()
    fig = plot_critical_difference(DEMSAR_RANKS, cd=1.25, title="Demsar")
    # Built directly, not through pyplot: nothing to close, no global state.
    assert isinstance(fig, Figure) and plt.get_fignums() == open_before
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert set(DEMSAR_RANKS) <= set(texts)
    assert {"3.14", "2.00", "2.89", "1.96", "CD = 1.25"} <= set(texts)
    # 3.143 - 1.964 = 1.179 < 1.25: one group of all four, as in the paper.
    assert len(_bars(fig)) == 1
    xs = _bars(fig)[0].get_xdata()
    assert min(xs) < 1.964 and max(xs) > 3.143
    # The better half is labelled on the left of the axis, the rest right.
    left = {t.get_text() for t in fig.axes[0].texts if t.get_ha() == "right"}
    assert {"C4.5+m+cf", "C4.5+m"} <= left and "C4.5" not in left


def test_critical_difference_diagram_draws_on_a_given_axes_and_given_cliques():
    from matplotlib.figure import Figure

    outer = Figure()
    ax = outer.add_subplot()
    fig = plot_critical_difference(
        DEMSAR_RANKS, cliques=[["C4.5+m+cf", "C4.5+m"], ["C4.5+cf", "C4.5"]], ax=ax
    )
    assert fig is outer and len(_bars(fig)) == 2
    # No CD: no CD bar, and no group drawn unless given.
    bare = plot_critical_difference(pd.Series(DEMSAR_RANKS))
    assert _bars(bare) == []
    assert not any(t.get_text().startswith("CD") for t in bare.axes[0].texts)


@pytest.mark.parametrize(
    ("ranks", "kwargs", "match"),
    [
        ({}, {}, "ranks is empty"),
        ({"a": 1.0, "b": float("nan")}, {}, r"\['b'\] are not"),
        ({"a": 1.0, "b": 2.0}, {"cd": -1.0}, "cd must be a finite number"),
        ({"a": 1.0, "b": 2.0}, {"cliques": [["a", "c"]]}, r"without a rank: \['c'\]"),
        ({"a": 1.0, "b": 2.0}, {"cliques": [["a"]]}, "two or more methods"),
    ],
)
def test_critical_difference_diagram_refuses_what_it_cannot_draw(ranks, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_critical_difference(ranks, **kwargs)
