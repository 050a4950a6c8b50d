"""Gains and ranks: forest plots, precision-recall curves, critical differences.

Part of :mod:`gan_augment.plotting` (see the package docstring).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._base import _new_figure, _one_panel

#: Columns of a gain table that name its rows in a forest plot, in this order.
_FOREST_KEYS = ("dataset", "augmenter", "classifier")


def _gain_frame(table) -> pd.DataFrame:
    """A copy of a gain table with a ``metric`` column and interval columns."""
    table = getattr(table, "summary", table)  # a GainResult gives its summary
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            "table must be a DataFrame of gains (run_pipeline's result or "
            f"augmentation_gain(...).summary); got {type(table).__name__}."
        )
    frame = table.copy()
    if "metric" not in frame.columns and frame.index.name == "metric":
        frame = frame.reset_index()
    missing = [c for c in ("metric", "gain_mean") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"table lacks the columns {missing}: pass run_pipeline's result or "
            "augmentation_gain(...).summary."
        )
    if frame.empty:
        raise ValueError("table is empty: there is no gain to plot.")
    for column in ("ci_low", "ci_high"):
        if column not in frame.columns:
            frame[column] = np.nan
    keys = [c for c in _FOREST_KEYS if c in frame.columns]
    if keys:
        frame["_label"] = [
            " + ".join(str(v) for v in row)
            for row in frame[keys].itertuples(index=False)
        ]
    else:
        frame["_label"] = "gain"
    return frame


def plot_gain_forest(table, ax=None, *, xlabel: str = "gain over no augmentation"):
    """A forest plot: each augmenter x classifier's mean gain with its interval.

    One panel per metric, one row per augmenter x classifier (and data set,
    when the table has a ``dataset`` column), in the table's order from the
    top. A dot marks the mean gain, a bar its interval, and a dashed line
    zero: an interval right of the line is a gain, left of it a loss, across
    it no difference the folds can tell apart. Dots are green for an
    interval above zero, red below, grey otherwise.

    Parameters
    ----------
    table : DataFrame or GainResult
        Columns ``metric`` and ``gain_mean``, with ``ci_low`` and ``ci_high``
        for the intervals (rows without them get a dot alone), and
        ``augmenter`` / ``classifier`` / ``dataset`` to name the rows:
        :func:`~gan_augment.pipeline.run_pipeline`'s result, or
        :func:`~gan_augment.metrics.augmentation_gain`'s result or its
        ``summary`` (indexed by metric).
    ax : matplotlib.axes.Axes, optional
        Where to draw, for a table of one metric; by default a new figure.
    xlabel : str, default="gain over no augmentation"

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    TypeError
        When ``table`` is not a DataFrame.
    ValueError
        For an empty table, one without ``metric`` or ``gain_mean``, or
        ``ax`` with several metrics.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "augmenter": ["gan", "gan", "smote", "smote"],
    ...     "classifier": ["logreg", "tree", "logreg", "tree"],
    ...     "metric": ["balanced_accuracy"] * 4,
    ...     "gain_mean": [0.031, -0.004, 0.025, 0.012],
    ...     "ci_low": [0.010, -0.030, 0.001, -0.010],
    ...     "ci_high": [0.052, 0.022, 0.049, 0.034]})
    >>> fig = plot_gain_forest(table)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['gan + logreg', 'gan + tree', 'smote + logreg', 'smote + tree']
    >>> fig.axes[0].get_title()
    'balanced_accuracy'
    """
    frame = _gain_frame(table)
    metrics = list(dict.fromkeys(frame["metric"]))
    labels = list(dict.fromkeys(frame["_label"]))
    row_of = {label: i for i, label in enumerate(labels)}
    if ax is not None:
        if len(metrics) > 1:
            raise ValueError(
                f"ax= draws one metric; table holds {len(metrics)} {metrics[:5]}: "
                "leave ax out (one panel per metric) or pass one metric's rows."
            )
        fig, axes = ax.figure, [ax]
    else:
        fig = _new_figure((3.4 * len(metrics) + 1.8, 0.32 * len(labels) + 1.4))
        axes = fig.subplots(1, len(metrics), sharey=True, squeeze=False)[0]
    for ax, metric in zip(axes, metrics, strict=True):
        part = frame[frame["metric"] == metric]
        y = part["_label"].map(row_of).to_numpy(dtype=float)
        mean = part["gain_mean"].to_numpy(dtype=float)
        low = part["ci_low"].to_numpy(dtype=float)
        high = part["ci_high"].to_numpy(dtype=float)
        bounded = np.isfinite(low) & np.isfinite(high)
        ax.hlines(y[bounded], low[bounded], high[bounded], color="black", lw=1.2)
        colours = np.where(
            bounded & (low > 0),
            "tab:green",
            np.where(bounded & (high < 0), "tab:red", "tab:gray"),
        )
        ax.scatter(mean, y, c=list(colours), zorder=3, s=24)
        ax.axvline(0.0, color="gray", linestyle="--", linewidth=1)
        ax.set_title(str(metric), fontsize=9)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.set_ylim(len(labels) - 0.5, -0.5)  # the table's first row on top
    return fig


def _positive_label(y: np.ndarray, pos_label):
    """The positive class: ``pos_label``, or 1 for labels in {0, 1} or {-1, 1}."""
    present = pd.unique(y).tolist()
    if pos_label is None:
        if set(present) <= {0, 1} or set(present) <= {-1, 1}:
            return 1
        raise ValueError(
            f"y_true holds the labels {sorted(map(str, present))}: pass pos_label=, "
            "the class whose probabilities scores hold."
        )
    if pos_label not in present:
        raise ValueError(
            f"pos_label={pos_label!r} is not a label of y_true "
            f"({sorted(map(str, present))})."
        )
    return pos_label


def _precision_recall_curves(
    y_true, scores: Mapping, pos_label=None
) -> tuple[object, float, dict[str, tuple[np.ndarray, np.ndarray, float]]]:
    """The checked inputs of :func:`plot_precision_recall`, as curves.

    Parameters
    ----------
    y_true, scores, pos_label
        As in :func:`plot_precision_recall`.

    Returns
    -------
    positive : label
        The positive class.
    prevalence : float
        Its share of the rows.
    curves : dict
        Each name to ``(recall, precision, average_precision)``, from
        scikit-learn's ``precision_recall_curve`` and
        ``average_precision_score``.

    Raises
    ------
    TypeError, ValueError
        As :func:`plot_precision_recall` does.

    Examples
    --------
    >>> positive, prevalence, curves = _precision_recall_curves(
    ...     [0, 1, 1, 0], {"none": [0.2, 0.9, 0.4, 0.6]})
    >>> positive, prevalence, round(curves["none"][2], 3)
    (1, 0.5, 0.833)
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve
    from sklearn.utils.multiclass import type_of_target

    if not isinstance(scores, Mapping):
        raise TypeError(
            "scores must map a name to the positive class's probabilities, e.g. "
            f"{{'none': p_none, 'gan': p_gan}}; got {type(scores).__name__}."
        )
    if not scores:
        raise ValueError("scores is empty: pass at least one classifier's scores.")
    y = np.asarray(y_true)
    if type_of_target(y) != "binary":
        raise ValueError(
            "Precision-recall curves need a y_true of two classes; got "
            f"{type_of_target(y)!r} labels."
        )
    positive = _positive_label(y, pos_label)
    curves = {}
    for name, values in scores.items():
        values = np.asarray(values, dtype=float)
        if values.shape != y.shape or not np.isfinite(values).all():
            raise ValueError(
                f"scores[{name!r}] must hold one finite number per row of y_true "
                f"({len(y)}); got shape {values.shape}. For predict_proba's "
                "output pass the positive class's column, e.g. proba[:, 1]."
            )
        precision, recall, _ = precision_recall_curve(y, values, pos_label=positive)
        ap = float(average_precision_score(y, values, pos_label=positive))
        curves[str(name)] = (recall, precision, ap)
    return positive, float(np.mean(y == positive)), curves


def plot_precision_recall(y_true, scores, ax=None, pos_label=None):
    """Precision-recall curves of classifiers trained with and without augmentation.

    One curve per entry of ``scores``, its average precision (scikit-learn's
    :func:`~sklearn.metrics.average_precision_score`) in the legend, and a
    dotted line at the share of positive rows, what a classifier without
    skill scores.

    Parameters
    ----------
    y_true : array-like of shape (n_rows,)
        True labels of two classes.
    scores : mapping of str to array-like of shape (n_rows,)
        A name (``"none"``, ``"gan"``, ...) to each classifier's
        probabilities (or scores) of the positive class for the same rows,
        e.g. ``predict_proba(X_test)[:, 1]``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.
    pos_label : label, optional
        The positive class; by default 1, for labels in {0, 1} or {-1, 1}.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    TypeError
        When ``scores`` is not a mapping.
    ValueError
        For an empty ``scores``, a ``y_true`` of more than two classes, a
        missing ``pos_label`` with other labels than {0, 1} or {-1, 1}, or
        scores that are not one finite number per row.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([0, 0, 0, 0, 1, 0, 1, 1])
    >>> scores = {"none": [0.1, 0.2, 0.3, 0.6, 0.5, 0.1, 0.7, 0.4],
    ...           "gan": [0.1, 0.2, 0.3, 0.4, 0.8, 0.1, 0.7, 0.6]}
    >>> fig = plot_precision_recall(y, scores)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['none (AP = 0.806)', 'gan (AP = 1.000)', 'chance (0.375)']
    """
    positive, prevalence, curves = _precision_recall_curves(y_true, scores, pos_label)
    fig, ax = _one_panel(ax, (5.0, 4.2))
    for name, (recall, precision, ap) in curves.items():
        ax.plot(
            recall, precision, drawstyle="steps-post", label=f"{name} (AP = {ap:.3f})"
        )
    ax.axhline(
        prevalence, color="gray", linestyle=":", label=f"chance ({prevalence:.3f})"
    )
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title(f"precision-recall, positive class {positive}", fontsize=9)
    ax.legend(fontsize=8)
    return fig


def _cd_cliques(ranks: pd.Series, cd: float) -> list[list[str]]:
    """Maximal groups of methods whose mean ranks differ by less than ``cd``.

    Demsar's figure joins methods that the Nemenyi test does not tell apart:
    two mean ranks differ significantly when they are at least ``cd`` apart.
    A group is a run of consecutive methods in rank order; runs inside a
    longer run are left out.

    Parameters
    ----------
    ranks : Series
        Mean rank by method, sorted ascending.
    cd : float
        The critical difference.

    Returns
    -------
    list of list of str
        Groups of two or more methods, best ranks first.
    """
    values = ranks.to_numpy(dtype=float)
    names = [str(name) for name in ranks.index]
    cliques: list[list[str]] = []
    last_end = -1
    for start in range(len(values)):
        end = start
        while end + 1 < len(values) and values[end + 1] - values[start] < cd:
            end += 1
        # A run that ends where the previous one did lies inside it.
        if end > start and end > last_end:
            cliques.append(names[start : end + 1])
            last_end = end
    return cliques


def plot_critical_difference(
    ranks,
    *,
    cd: float | None = None,
    cliques=None,
    ax=None,
    title: str | None = None,
):
    """Critical-difference diagram of mean ranks (Demsar 2006).

    Methods hang from an axis of mean ranks (1, the best, on the left), the
    better half labelled on the left, the rest on the right. Thick bars join
    methods that are not significantly different: the groups given as
    ``cliques`` (e.g. from Holm-corrected Wilcoxon tests), or, given ``cd``
    alone, the groups whose mean ranks lie less than the Nemenyi critical
    difference apart. With ``cd``, a bar of that length is drawn above the
    axis.

    Parameters
    ----------
    ranks : mapping or Series of str to float
        Mean rank of each method (1 = best).
    cd : float, optional
        The critical difference, in rank units.
    cliques : sequence of sequences of str, optional
        Groups of methods to join; each needs two or more methods of
        ``ranks``. Overrides the groups derived from ``cd``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure (not registered with pyplot,
        so it needs no closing).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.

    Raises
    ------
    ValueError
        For no ranks, a rank that is not a finite number, a negative ``cd``
        or a clique naming an unknown method.

    Examples
    --------
    >>> fig = plot_critical_difference(
    ...     {"none": 3.14, "smote": 2.0, "ros": 2.89, "gan": 1.96}, cd=1.25)
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text() == "gan"]
    ['gan']
    """
    from matplotlib.figure import Figure

    series = pd.Series(ranks, dtype=float)
    if series.empty:
        raise ValueError("ranks is empty: pass the mean rank of each method.")
    if not np.isfinite(series.to_numpy()).all():
        bad = [str(m) for m, r in series.items() if not np.isfinite(r)]
        raise ValueError(f"ranks must be finite numbers; {bad} are not.")
    if cd is not None and not (np.isfinite(cd) and cd >= 0):
        raise ValueError(f"cd must be a finite number >= 0; got {cd!r}.")
    series.index = [str(name) for name in series.index]
    series = series.sort_values(kind="stable")
    if cliques is None:
        groups = _cd_cliques(series, cd) if cd is not None else []
    else:
        groups = [[str(name) for name in clique] for clique in cliques]
        unknown = sorted({n for g in groups for n in g} - set(series.index))
        if unknown:
            raise ValueError(f"cliques name methods without a rank: {unknown}.")
        if any(len(g) < 2 for g in groups):
            raise ValueError("each clique needs two or more methods.")

    k = len(series)
    low = 1.0
    high = float(max(k, math.ceil(series.max())))
    n_left = math.ceil(k / 2)
    row_height = 0.3
    height = 1.1 + row_height * (n_left + 1) + 0.15 * len(groups)
    if ax is None:
        fig = Figure(figsize=(7.0, height))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0 if title is None else 0.88))
    else:
        fig = ax.figure
    ax.set_axis_off()

    # Data coordinates: x in rank units, y downwards from the axis at 0.
    span = max(high - low, 1.0)
    label_room = 0.45 * span
    ax.set_xlim(low - label_room, high + label_room)
    top = -0.75 if cd is not None else -0.35
    bottom = row_height * (n_left + 1) + 0.15 * len(groups) + 0.2
    ax.set_ylim(bottom, top)
    line = {"color": "black", "linewidth": 1.0}
    ax.plot([low, high], [0, 0], **line)
    ticks = np.arange(low, high + 1)
    for tick in ticks:
        ax.plot([tick, tick], [0, -0.07], **line)
        ax.text(tick, -0.1, f"{tick:g}", ha="center", va="bottom", fontsize=9)
    if cd is not None:
        ax.plot([low, low + cd], [-0.5, -0.5], color="black", linewidth=1.5)
        for end in (low, low + cd):
            ax.plot([end, end], [-0.55, -0.45], **line)
        ax.text(low + cd / 2, -0.56, f"CD = {cd:.2f}", ha="center", va="bottom")

    # Clique bars first, so that labels hang below them.
    clique_top = 0.12
    for i, group in enumerate(groups):
        values = series[group]
        y = clique_top + 0.15 * i
        ax.plot(
            [values.min() - 0.03, values.max() + 0.03],
            [y, y],
            color="black",
            linewidth=3.0,
            solid_capstyle="round",
        )
    first_row = clique_top + 0.15 * len(groups) + row_height
    for i, (name, rank) in enumerate(series.items()):
        left = i < n_left
        row = i if left else k - 1 - i
        y = first_row + row_height * row
        x_text = low - 0.1 * span if left else high + 0.1 * span
        ax.plot([rank, rank], [0, y], **line)
        ax.plot([rank, x_text], [y, y], **line)
        ax.text(
            x_text + (-0.03 if left else 0.03) * span,
            y,
            f"{rank:.2f}",
            ha="left" if left else "right",
            va="bottom",
            fontsize=8,
        )
        ax.text(
            x_text + (-0.04 if left else 0.04) * span,
            y,
            name,
            ha="right" if left else "left",
            va="center",
            fontsize=9,
        )
    if title is not None:
        ax.set_title(title, fontsize=9)
    return fig
