"""The figures: what they draw, and the inputs they refuse."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")

from gan_augment.plotting import (
    plot_correlation_difference,
    plot_critical_difference,
    plot_gain_forest,
    plot_image_grid,
    plot_losses,
    plot_marginals,
    plot_pca,
    plot_precision_recall,
)
from gan_augment.plotting._gains import _cd_cliques

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


# ------------------------------------------------------ no pyplot, no backend
def _every_figure():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True, as_frame=True)
    history = pd.DataFrame(
        {"model": ["joint"] * 3, "epoch": [1, 2, 3], "d_loss": [1, 2, 1]}
    ).assign(g_loss=[0.7, 0.9, 0.8])
    table = pd.DataFrame(
        {"augmenter": ["gan"], "metric": ["roc_auc"], "gain_mean": [0.01]}
    ).assign(ci_low=-0.01, ci_high=0.03)
    images = np.tile(X.to_numpy(), 16)
    binary = (y == 2).astype(int)
    return {
        "plot_losses": lambda: plot_losses(history),
        "plot_marginals": lambda: plot_marginals(X, X, title="t"),
        "plot_image_grid": lambda: plot_image_grid(images, y, images, y, (8, 8)),
        "plot_critical_difference": lambda: plot_critical_difference({"a": 1, "b": 2}),
        "plot_pca": lambda: plot_pca(X, y, X[:10], y[:10]),
        "plot_gain_forest": lambda: plot_gain_forest(table),
        "plot_correlation_difference": lambda: plot_correlation_difference(X, X),
        "plot_precision_recall": lambda: plot_precision_recall(
            binary, {"none": X.iloc[:, 2]}
        ),
    }


@pytest.fixture
def svg_backend():
    """The user chose the svg backend (restored afterwards)."""
    import matplotlib

    before = matplotlib.get_backend()
    matplotlib.use("svg")
    yield
    matplotlib.use(before)


@pytest.mark.parametrize("name", list(_every_figure()))
def test_figures_keep_the_users_backend_and_no_pyplot_state(name, svg_backend):
    import io

    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    open_before = plt.get_fignums()
    fig = _every_figure()[name]()
    assert isinstance(fig, Figure)
    fig.savefig(io.BytesIO(), format="png")  # it draws, on any backend
    assert matplotlib.get_backend() == "svg"  # never switched, even to Agg
    assert plt.get_fignums() == open_before  # never registered with pyplot


def _one_panel_calls():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True, as_frame=True)
    history = pd.DataFrame(
        {"model": ["joint"] * 2, "epoch": [1, 2], "d_loss": [1, 2], "g_loss": [2, 1]}
    )
    table = pd.DataFrame(
        {"augmenter": ["gan"], "metric": ["f1"], "gain_mean": [0.1], "ci_low": [0.0]}
    )
    binary = (y == 2).astype(int)
    return {
        "plot_losses": lambda ax: plot_losses(history, ax=ax),
        "plot_critical_difference": lambda ax: plot_critical_difference(
            {"a": 1.0, "b": 2.0}, ax=ax
        ),
        "plot_pca": lambda ax: plot_pca(X, y, X[:5], y[:5], ax=ax),
        "plot_gain_forest": lambda ax: plot_gain_forest(table, ax=ax),
        "plot_correlation_difference": lambda ax: plot_correlation_difference(
            X, X, ax=ax
        ),
        "plot_precision_recall": lambda ax: plot_precision_recall(
            binary, {"none": X.iloc[:, 2]}, ax=ax
        ),
    }


@pytest.mark.parametrize("name", list(_one_panel_calls()))
def test_one_panel_figures_draw_into_the_given_axes(name):
    from matplotlib.figure import Figure

    outer = Figure()
    left, right = outer.subplots(1, 2)
    fig = _one_panel_calls()[name](right)
    assert fig is outer
    assert right.has_data() or right.texts  # drawn there ...
    assert not left.has_data() and not left.texts  # ... and nowhere else


# ---------------------------------------------------------------------- PCA
def _offsets(ax, label):
    (collection,) = [c for c in ax.collections if c.get_label() == label]
    return np.asarray(collection.get_offsets())


def test_pca_is_fitted_on_real_rows_as_standardised_numbers_and_one_hot(dataset):
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import PCA
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    X, y = dataset("abalone9_18")  # one categorical column (Sex)
    categorical = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    numeric = [c for c in X.columns if c not in categorical]
    assert categorical and numeric
    minority = X[y == 1]
    near = minority.sample(n=60, replace=True, random_state=0)
    far = near.assign(**{c: near[c] * 3 + 1 for c in numeric})
    given = X.copy()
    a = plot_pca(X, y, near, np.ones(60, dtype=int))
    b = plot_pca(X, y, far, np.ones(60, dtype=int))
    pd.testing.assert_frame_equal(X, given)  # the user's table is not changed
    ax = a.axes[0]
    assert [c.get_label() for c in ax.collections] == [
        "real 0",
        "real 1",
        "synthetic 1",
    ]
    # Other synthetic rows move the synthetic points only: the fit saw real rows.
    for label in ("real 0", "real 1"):
        np.testing.assert_array_equal(_offsets(ax, label), _offsets(b.axes[0], label))
    assert not np.allclose(
        _offsets(ax, "synthetic 1"), _offsets(b.axes[0], "synthetic 1")
    )
    # The documented encoding, as scikit-learn computes it.
    encode = ColumnTransformer(
        [
            ("numbers", StandardScaler(), numeric),
            ("categories", OneHotEncoder(sparse_output=False), categorical),
        ]
    )
    expected = make_pipeline(encode, PCA(n_components=2)).fit(X)
    np.testing.assert_allclose(
        _offsets(ax, "real 1"), expected.transform(minority), atol=1e-8
    )
    np.testing.assert_allclose(
        _offsets(ax, "synthetic 1"), expected.transform(near), atol=1e-8
    )


def test_pca_uses_the_augmenters_encoder_when_given(dataset):
    from sklearn.decomposition import PCA

    from gan_augment import TabularEncoder

    X, y = dataset("abalone9_18")
    encoder = TabularEncoder().fit(X)
    synthetic = X[y == 1].iloc[:20]
    fig = plot_pca(X, y, synthetic, np.ones(20, dtype=int), encoder=encoder)
    pca = PCA(n_components=2).fit(encoder.encode(X).astype(float))
    np.testing.assert_allclose(
        _offsets(fig.axes[0], "real 0"),
        pca.transform(encoder.encode(X[y == 0]).astype(float)),
        atol=1e-8,
    )
    with pytest.raises(TypeError, match="encoder must be a fitted GANAugmenter"):
        plot_pca(X, y, synthetic, np.ones(20), encoder=object())


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (
            lambda X, y, S, s: (X, y[:-1], S, s),
            "X_real has 150 rows and its labels 149",
        ),
        (lambda X, y, S, s: (X, y, S.iloc[:, :2], s), "same columns"),
        (lambda X, y, S, s: (X[:1], y[:1], S, s), "at least two real rows"),
        (lambda X, y, S, s: (X.iloc[:, :1], y, S.iloc[:, :1], s), "two encoded"),
    ],
)
def test_pca_refuses_what_it_cannot_project(change, match):
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True, as_frame=True)
    with pytest.raises(ValueError, match=match):
        plot_pca(*change(X, y, X[:5], y[:5]))


# --------------------------------------------------------------- gain forest
@pytest.fixture(scope="module")
def gain_table():
    """Two real gains on new_thyroid1, tabled as run_pipeline tables them."""
    from imblearn.over_sampling import SMOTE, RandomOverSampler
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from gan_augment.datasets import load_dataset
    from gan_augment.metrics import augmentation_gain

    X, y = load_dataset("new_thyroid1")
    rows = []
    for name, sampler in (
        ("ros", RandomOverSampler(random_state=0)),
        ("smote", SMOTE(random_state=0)),
    ):
        gain = augmentation_gain(
            make_pipeline(StandardScaler(), LogisticRegression()),
            sampler,
            X,
            y,
            cv=3,
            scoring=["balanced_accuracy", "f1_minority"],
        )
        summary = gain.summary.reset_index()
        summary.insert(0, "classifier", "logreg")
        summary.insert(0, "augmenter", name)
        rows.append(summary)
    return pd.concat(rows, ignore_index=True), gain


def test_gain_forest_draws_each_gain_and_interval_per_metric(gain_table):
    table, _ = gain_table
    given = table.copy()
    fig = plot_gain_forest(table)
    pd.testing.assert_frame_equal(table, given)
    assert [ax.get_title() for ax in fig.axes] == ["balanced_accuracy", "f1_minority"]
    # The panels share the rows; the first names them.
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["ros + logreg", "smote + logreg"]
    for ax in fig.axes:
        part = table[table["metric"] == ax.get_title()]
        (dots,) = ax.collections[1:]
        np.testing.assert_allclose(dots.get_offsets()[:, 0], part["gain_mean"])
        (bars,) = ax.collections[:1]
        segments = np.array([s[:, 0] for s in bars.get_segments()])
        np.testing.assert_allclose(segments, part[["ci_low", "ci_high"]].to_numpy())
        # The line at zero that tells a gain from a loss.
        assert any(list(line.get_xdata()) == [0, 0] for line in ax.lines)
    # The first row of the table is on top.
    assert fig.axes[0].get_ylim()[0] > fig.axes[0].get_ylim()[1]


def test_gain_forest_reads_a_gain_result_and_refuses_other_tables(gain_table):
    from matplotlib.figure import Figure

    table, gain = gain_table
    fig = plot_gain_forest(gain)  # the summary, indexed by metric
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["gain"]
    with pytest.raises(ValueError, match=r"lacks the columns \['gain_mean'\]"):
        plot_gain_forest(table.drop(columns="gain_mean"))
    with pytest.raises(ValueError, match="ax= draws one metric"):
        plot_gain_forest(table, ax=Figure().subplots())
    with pytest.raises(TypeError, match="must be a DataFrame"):
        plot_gain_forest(table.to_dict())
    with pytest.raises(ValueError, match="empty"):
        plot_gain_forest(table.iloc[:0])


# ---------------------------------------------------- correlation difference
def test_correlation_difference_is_synthetic_minus_real():
    from sklearn.datasets import load_breast_cancer

    X = load_breast_cancer(as_frame=True).data.iloc[:, :6]
    same = plot_correlation_difference(X, X.copy())
    (image,) = same.axes[0].images
    assert np.array_equal(image.get_array(), np.zeros((6, 6)))
    low, high = image.get_clim()
    assert low == -high  # centred at 0
    assert len(same.axes) == 2  # with its colour bar
    # One column reversed: its correlations with the others flip sign.
    flipped = X.assign(**{X.columns[0]: -X.iloc[:, 0]})
    fig = plot_correlation_difference(X, flipped)
    real = np.corrcoef(X.to_numpy(), rowvar=False)
    synthetic = np.corrcoef(flipped.to_numpy(), rowvar=False)
    np.testing.assert_allclose(
        fig.axes[0].images[0].get_array(), synthetic - real, atol=1e-12
    )
    assert fig.axes[0].images[0].get_clim()[1] == pytest.approx(
        2 * np.abs(real[0, 1:]).max()
    )
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == list(X.columns)


def test_correlation_difference_leaves_categories_out_and_needs_two_numbers(dataset):
    X, _ = dataset("abalone9_18")
    fig = plot_correlation_difference(X, X)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "Sex" not in labels and len(labels) == X.shape[1] - 1
    with pytest.raises(ValueError, match="needs two numeric columns"):
        plot_correlation_difference(X.iloc[:, :2], X.iloc[:, :2])


# ------------------------------------------------------------ precision-recall
def test_precision_recall_legend_holds_sklearns_average_precision():
    from imblearn.over_sampling import RandomOverSampler
    from imblearn.pipeline import make_pipeline
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=0
    )
    scores = {}
    for name, steps in (("none", []), ("ros", [RandomOverSampler(random_state=0)])):
        model = make_pipeline(StandardScaler(), *steps, LogisticRegression(C=0.01)).fit(
            X_train, y_train
        )
        scores[name] = model.predict_proba(X_test)[:, 0]  # malignant, the minority
    fig = plot_precision_recall(y_test, scores, pos_label=0)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    for name, text in zip(scores, texts, strict=False):
        shown = float(re.fullmatch(rf"{name} \(AP = ([0-9.]+)\)", text).group(1))
        expected = average_precision_score(y_test, scores[name], pos_label=0)
        assert shown == pytest.approx(expected, abs=5e-4)
    assert len(fig.axes[0].lines) == 3  # two curves and the chance line
    chance = fig.axes[0].lines[-1]
    assert chance.get_ydata()[0] == pytest.approx(np.mean(y_test == 0))


@pytest.mark.parametrize(
    ("y", "scores", "kwargs", "error", "match"),
    [
        ([0, 1], [0.1, 0.9], {}, TypeError, "scores must map a name"),
        ([0, 1], {}, {}, ValueError, "scores is empty"),
        ([0, 1, 2], {"a": [0.1, 0.2, 0.3]}, {}, ValueError, "two classes"),
        (["a", "b"], {"a": [0.1, 0.9]}, {}, ValueError, "pass pos_label="),
        (["a", "b"], {"a": [0.1, 0.9]}, {"pos_label": "c"}, ValueError, "not a label"),
        ([0, 1], {"a": [[0.9, 0.1], [0.2, 0.8]]}, {}, ValueError, r"proba\[:, 1\]"),
    ],
)
def test_precision_recall_refuses_what_it_cannot_draw(y, scores, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_precision_recall(y, scores, **kwargs)


def test_marginals_title_is_inside_the_figure(frames):
    fig = plot_marginals(*frames, title="class 1: real vs synthetic")
    (title,) = [t for t in fig.texts if t.get_text() == "class 1: real vs synthetic"]
    fig.draw_without_rendering()
    # Constrained layout keeps the title inside the canvas: not clipped.
    box = title.get_window_extent()
    assert box.y1 <= fig.bbox.y1 and box.y0 >= 0
    assert all(box.y0 >= ax.get_window_extent().y1 for ax in fig.axes)
