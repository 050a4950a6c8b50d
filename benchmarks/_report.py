"""The benchmark's tidy results summarised, tested, and its Markdown report.

One row of a result frame is one score: a data set, augmenter, classifier,
repeat, fold and metric (:data:`RESULT_COLUMNS`). This module averages them
into tables, ranks the augmenters as the imbalanced-learning literature
reports them, and renders ``docs/benchmarks.md``:

* per data set: the mean score of each augmenter (:func:`summarize`), and
  wins / ties / losses of each against each other (:func:`wins_ties_losses`);
* over data set x classifier pairs (blocks): mean ranks (:func:`mean_ranks`,
  also on the blocks where every augmenter ran), the Friedman test
  (:func:`friedman_test`), Wilcoxon signed-rank tests of one augmenter
  against each other with Holm's correction (:func:`wilcoxon_holm`), and the
  critical-difference diagram (:func:`critical_difference_figure`, Nemenyi).

Each statistic is a pure function of a block-by-method matrix of fold-mean
scores (:func:`score_matrix`). A metric that a cached result never measured
(it predates the metric) has no rows there: it is left out, never counted as
a failure or a zero. A failure (a NaN score) ranks last: :data:`FAILURE_RULE`.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from benchmarks._provenance import header_lines, machine_info, versions_line
from gan_augment.metrics._gain import TIE_TOLERANCE
from gan_augment.metrics._ranks import (
    FriedmanResult,
    friedman_test,
    nemenyi_critical_difference,
    rank_matrix,
)
from gan_augment.metrics._scoring import (
    AP_MINORITY,
    CLASSIFIERS,
    F1_MINORITY,
    METRICS,
    N_REPEATS,
    N_SPLITS,
    SEED,
)

__all__ = [
    "AUGMENTERS",
    "FAILURE_RULE",
    "RESULT_COLUMNS",
    "SPEED_COLUMNS",
    "FriedmanResult",
    "critical_difference_figure",
    "fit_time_table",
    "friedman_test",
    "holm",
    "mean_ranks",
    "nemenyi_critical_difference",
    "rank_matrix",
    "render_report",
    "score_matrix",
    "summarize",
    "wilcoxon_holm",
    "wins_ties_losses",
    "write_critical_difference",
]

#: Augmenter names, in report order (``ctgan`` is the harness's own kind): no
#: resampling, the two changes of the classifier, the resamplers, the proximity
#: interpolator, CTGAN, the GAN, then the resamplers with a tuned threshold on
#: top (``+tt``). Methods
#: not listed here are reported after these, in the order they come.
AUGMENTERS: tuple[str, ...] = (
    "none",
    "class_weight",
    "tuned_threshold",
    "ros",
    "smote",
    "polynom_fit_smote",
    "prowsyn",
    "smote_ipf",
    "interpolation",
    "ctgan",
    "gan",
    "ros+tt",
    "smote+tt",
    "polynom_fit_smote+tt",
    "prowsyn+tt",
    "smote_ipf+tt",
    "interpolation+tt",
    "gan+tt",
)
#: Columns of the tidy downstream-gain frame.
RESULT_COLUMNS: tuple[str, ...] = (
    "dataset",
    "augmenter",
    "classifier",
    "repeat",
    "fold",
    "metric",
    "score",
    "fit_seconds",
)
#: Columns of the tidy speed frame.
SPEED_COLUMNS: tuple[str, ...] = (
    "dataset",
    "augmenter",
    "n_rows",
    "n_features",
    "fit_seconds",
    "sample_rows",
    "sample_seconds",
    "rows_per_second",
)

#: How failed runs are ranked, as every report states it.
FAILURE_RULE = (
    "A method that failed (NaN: its augmenter or classifier raised on a fold, "
    "so it has no fold mean) ranks last in that data set x classifier pair; "
    "failures tie with each other; a failure loses to any score in the "
    "wins/ties/losses and counts as the largest loss in the Wilcoxon tests."
)


_METRIC_TITLES = {
    "balanced_accuracy": "Balanced accuracy",
    F1_MINORITY: "Minority-class F1",
    "roc_auc": "ROC AUC",
    AP_MINORITY: "Minority-class average precision",
}


def summarize(results: pd.DataFrame) -> pd.DataFrame:
    """Mean score per data set, metric and augmenter (over classifiers and folds).

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.

    Returns
    -------
    DataFrame
        Index ``dataset``; columns a MultiIndex ``(metric, augmenter)``.
    """
    table = results.pivot_table(
        index="dataset", columns=["metric", "augmenter"], values="score", aggfunc="mean"
    )
    return table.reindex(index=list(dict.fromkeys(results["dataset"])))


def _order(names: Iterable[Any]) -> list[str]:
    """Method names in report order: :data:`AUGMENTERS` first, then the rest."""
    seen = [str(name) for name in dict.fromkeys(names)]
    return [a for a in AUGMENTERS if a in seen] + [
        a for a in seen if a not in AUGMENTERS
    ]


def _fold_means(results: pd.DataFrame) -> pd.DataFrame:
    """Mean score over folds per (dataset, augmenter, classifier, metric).

    A fold that failed (NaN) makes the mean NaN: a run that failed on one fold
    is a failed run, not a mean over the folds it survived.
    """
    return (
        results.groupby(["dataset", "augmenter", "classifier", "metric"], sort=False)[
            "score"
        ]
        .mean(skipna=False)
        .reset_index()
    )


def score_matrix(
    results: pd.DataFrame,
    metric: str,
    *,
    methods: Sequence[str] | None = None,
    complete: bool = False,
) -> pd.DataFrame:
    """Fold-mean scores of one metric: a block per data set x classifier.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.
    metric : str
        The metric to read.
    methods : sequence of str or None, default=None
        The augmenters to compare, in column order; None takes every augmenter
        in ``results`` (in :data:`AUGMENTERS` order, then the others), whether
        or not it measured ``metric``.
    complete : bool, default=False
        Keep only the blocks where every method has a score (none failed).

    Returns
    -------
    DataFrame
        Index ``(dataset, classifier)``, one column per method, values the
        mean score over folds. A block is kept only where every method
        *measured* the metric (has rows of it): results cached before a
        metric joined the protocol hold no rows of it, and a kind that does
        not apply to a classifier (class weights on 5-NN) writes none for
        it; such blocks are left out rather than counted as failures. NaN is
        a failure: a fold of the run has a NaN score.

    Raises
    ------
    ValueError
        If ``methods`` names an augmenter that has no results at all.
    """
    return _Blocks.of(results, metric).select(methods, complete=complete)


@dataclass(frozen=True)
class _Blocks:
    """One metric's fold means of every method, and which ones were measured.

    Computed once per metric, so that the report can take the blocks of any
    set of methods (all of them for the ranks, two for a pairwise test)
    without averaging the folds again.
    """

    values: pd.DataFrame
    measured: pd.DataFrame

    @classmethod
    def of(cls, results: pd.DataFrame, metric: str) -> _Blocks:
        """Fold means of ``metric`` by (dataset, classifier) block and method."""
        names = _order(results["augmenter"])
        means = _fold_means(results[results["metric"] == metric])
        index_names = ["dataset", "classifier"]
        if means.empty:
            empty = pd.MultiIndex.from_tuples([], names=index_names)
            values = pd.DataFrame(index=empty, columns=names, dtype=float)
            return cls(values, values.notna())
        blocks = pd.MultiIndex.from_frame(means[index_names].drop_duplicates())
        keyed = means.set_index([*index_names, "augmenter"])["score"]
        # unstack keeps NaN (failures); a combination without rows (not
        # measured, or a kind that does not apply there) is False in measured.
        values = keyed.unstack("augmenter").reindex(index=blocks, columns=names)
        measured = (
            pd.Series(True, index=keyed.index)
            .unstack("augmenter", fill_value=False)
            .reindex(index=blocks, columns=names, fill_value=False)
            .astype(bool)
        )
        values.columns.name = measured.columns.name = None
        return cls(values, measured)

    def select(
        self, methods: Sequence[str] | None = None, *, complete: bool = False
    ) -> pd.DataFrame:
        """The blocks where every one of ``methods`` measured the metric."""
        present = list(self.values.columns)
        names = present if methods is None else [str(m) for m in methods]
        unknown = [m for m in names if m not in present]
        if unknown:
            raise ValueError(f"No results of {unknown}; the results hold {present}.")
        matrix = self.values.loc[self.measured[names].all(axis=1), names]
        if complete:
            matrix = matrix[matrix.notna().all(axis=1)]
        return matrix


def mean_ranks(
    results: pd.DataFrame,
    *,
    methods: Sequence[str] | None = None,
    complete: bool = False,
) -> pd.DataFrame:
    """Average rank of each augmenter per metric (1 = best, lower is better).

    Augmenters are ranked within each (data set, classifier) on their mean
    score over folds (:func:`rank_matrix`: ties share the average rank, a
    failed augmenter ranks last), and the ranks are averaged over the blocks
    where every augmenter measured the metric (:func:`score_matrix`).

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.
    methods : sequence of str or None, default=None
        The augmenters to rank; None ranks all of them.
    complete : bool, default=False
        Rank only on the blocks where every augmenter ran (no failure).

    Returns
    -------
    DataFrame
        Index ``augmenter`` (sorted by the first metric's rank); one column
        per metric of :data:`METRICS` measured on at least one block.
    """
    names = _order(results["augmenter"]) if methods is None else list(methods)
    columns = {}
    for metric in METRICS:
        if metric not in set(results["metric"]):
            continue
        scores = score_matrix(results, metric, methods=names, complete=complete)
        if len(scores):
            columns[metric] = rank_matrix(scores).mean()
    table = pd.DataFrame(columns, index=pd.Index(names, name="augmenter"))
    return table.sort_values(table.columns[0], kind="stable") if columns else table


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm's step-down adjustment of p-values for multiple comparisons.

    Parameters
    ----------
    p_values : sequence of float
        Raw p-values of ``m`` tests; NaN values are left out of ``m`` and
        stay NaN.

    Returns
    -------
    ndarray
        Adjusted p-values in the input order: the ``i``-th smallest (from 1)
        becomes ``max over j <= i of min(1, (m - j + 1) p_(j))``. Reject where
        the adjusted value is below alpha.

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full_like(p, np.nan)
    valid = np.flatnonzero(~np.isnan(p))
    order = valid[np.argsort(p[valid], kind="stable")]
    m = len(order)
    running = 0.0
    for i, index in enumerate(order):
        running = max(running, min(1.0, (m - i) * p[index]))
        adjusted[index] = running
    return adjusted


def _differences(a: pd.Series, b: pd.Series, tolerance: float) -> np.ndarray:
    """``a - b`` per block: failures as infinite losses, ties as exact zeros."""
    x, y = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        d = x - y
    d[np.isnan(x) & ~np.isnan(y)] = -np.inf
    d[~np.isnan(x) & np.isnan(y)] = np.inf
    d[np.isnan(x) & np.isnan(y)] = 0.0
    d[np.abs(d) <= tolerance] = 0.0
    return d


def wilcoxon_holm(
    scores: pd.DataFrame | Mapping[str, pd.DataFrame],
    method: str = "gan",
    *,
    alpha: float = 0.05,
    tolerance: float = TIE_TOLERANCE,
    zero_method: str = "zsplit",
    wilcoxon_method: str = "auto",
) -> pd.DataFrame:
    """Wilcoxon signed-rank tests of one method against each other, Holm-corrected.

    Parameters
    ----------
    scores : DataFrame or mapping of str to DataFrame
        As :func:`score_matrix` returns: blocks (data set x classifier pairs)
        by methods; or, per other method, the matrix of ``method`` and that
        one (``score_matrix(results, metric, methods=[method, other])``), so
        that each pair is tested on every block both measured.
    method : str, default="gan"
        The method compared with every other column.
    alpha : float, default=0.05
        Family-wise error rate of the Holm correction.
    tolerance : float, default=TIE_TOLERANCE
        Differences of fold-mean scores up to this are ties (zero).
    zero_method : {"zsplit", "pratt", "wilcox"}, default="zsplit"
        How :func:`scipy.stats.wilcoxon` treats ties: ``"zsplit"`` ranks
        them and splits their ranks between the two sides, as Demsar (2006)
        recommends, so that ties count against a difference.
    wilcoxon_method : {"auto", "exact", "asymptotic"}, default="auto"
        Passed to :func:`scipy.stats.wilcoxon` as ``method``.

    Returns
    -------
    DataFrame
        Index ``other`` (each other method), columns ``blocks``, ``wins``,
        ``ties`` and ``losses`` (blocks where ``method`` scores above,
        within ``tolerance`` of, or below the other; a failure loses),
        ``mean_difference`` (``method - other`` over the blocks where both
        ran), ``statistic`` and ``p_value`` (two-sided) of the signed-rank
        test, ``p_holm`` and ``significant`` (``p_holm < alpha``). A failure
        enters the test as an infinite loss (the largest rank).

    Raises
    ------
    ValueError
        If ``method`` is not a column of ``scores`` or there is no other.
    """
    if isinstance(scores, pd.DataFrame):
        if method not in scores.columns:
            raise ValueError(
                f"{method!r} is not among the methods {list(scores.columns)}; "
                "pass method=<one of them>."
            )
        pairs = {c: scores[[method, c]] for c in scores.columns if c != method}
    else:
        pairs = dict(scores)
        bad = [o for o, pair in pairs.items() if not {method, o} <= set(pair.columns)]
        if bad:
            raise ValueError(
                f"The matrices of {bad} lack the columns {method!r} and their own."
            )
    if not pairs:
        raise ValueError(f"Nothing to compare {method!r} with: one method only.")
    rows = {}
    for other, pair in pairs.items():
        d = _differences(pair[method], pair[other], tolerance)
        both = pair[[method, other]].notna().all(axis=1).to_numpy()
        if np.any(d != 0):
            test = stats.wilcoxon(
                d, zero_method=zero_method, correction=False, method=wilcoxon_method
            )
            statistic, p_value = float(test.statistic), float(test.pvalue)
        else:
            # Every block ties: no evidence of a difference.
            statistic, p_value = math.nan, 1.0
        rows[other] = {
            "blocks": len(d),
            "wins": int(np.sum(d > 0)),
            "ties": int(np.sum(d == 0)),
            "losses": int(np.sum(d < 0)),
            "mean_difference": (
                float(np.mean((pair[method] - pair[other]).to_numpy()[both]))
                if both.any()
                else math.nan
            ),
            "statistic": statistic,
            "p_value": p_value,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "other"
    table["p_holm"] = holm(table["p_value"].to_numpy())
    table["significant"] = table["p_holm"] < alpha
    return table


def wins_ties_losses(
    scores: pd.DataFrame,
    *,
    methods: Sequence[str] | None = None,
    baselines: Sequence[str] | None = None,
    tolerance: float = TIE_TOLERANCE,
) -> pd.DataFrame:
    """Per data set, how often each method beats, ties or trails each baseline.

    A data set's score of a method is its mean over classifiers of the fold
    means (the number in the per-data-set tables); a method that failed on any
    classifier of the data set has none there.

    Parameters
    ----------
    scores : DataFrame
        As :func:`score_matrix` returns.
    methods, baselines : sequence of str or None, default=None
        Rows and columns of the comparison; None takes every method.
    tolerance : float, default=TIE_TOLERANCE
        Scores this close are a tie.

    Returns
    -------
    DataFrame
        Index ``(method, baseline)`` for every pair of different methods;
        columns ``wins``, ``ties`` and ``losses``, counted over data sets.
        A failure loses to any score; two failures tie.
    """
    per_set = scores.groupby(level="dataset", sort=False).mean(skipna=False)
    methods = list(scores.columns) if methods is None else list(methods)
    baselines = list(scores.columns) if baselines is None else list(baselines)
    records = []
    for method in methods:
        for baseline in baselines:
            if method == baseline:
                continue
            d = _differences(per_set[method], per_set[baseline], tolerance)
            records.append(
                {
                    "method": method,
                    "baseline": baseline,
                    "wins": int(np.sum(d > 0)),
                    "ties": int(np.sum(d == 0)),
                    "losses": int(np.sum(d < 0)),
                }
            )
    frame = pd.DataFrame.from_records(
        records, columns=["method", "baseline", "wins", "ties", "losses"]
    )
    return frame.set_index(["method", "baseline"])


def critical_difference_figure(
    results: pd.DataFrame,
    metric: str = "balanced_accuracy",
    *,
    methods: Sequence[str] | None = None,
    complete: bool = False,
    alpha: float = 0.05,
    ax: Any = None,
) -> Any:
    """The critical-difference diagram of one metric's mean ranks.

    Mean ranks over the data set x classifier blocks (:func:`mean_ranks`),
    the Nemenyi critical difference at ``alpha`` and the groups of methods
    closer than it, drawn by
    :func:`gan_augment.plotting.plot_critical_difference`.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.
    metric : str, default="balanced_accuracy"
    methods : sequence of str or None, default=None
        The augmenters to show; None shows all.
    complete : bool, default=False
        Rank only where every method ran.
    alpha : float, default=0.05
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If no block measured ``metric`` for every method.
    """
    from gan_augment.plotting import plot_critical_difference

    scores = score_matrix(results, metric, methods=methods, complete=complete)
    if scores.empty:
        raise ValueError(f"No data set measured {metric!r} for every method.")
    ranks = rank_matrix(scores).mean()
    n, k = scores.shape
    cd = nemenyi_critical_difference(k, n, alpha)
    title = (
        f"{_METRIC_TITLES.get(metric, metric)}: mean ranks over {n} data set x "
        f"classifier pairs\nNemenyi critical difference at alpha = {alpha:g}"
    )
    if k >= 3 and n >= 2:
        p_value = friedman_test(scores).p_value
        title += "; Friedman p " + (
            "< 0.001" if p_value < 0.001 else f"= {p_value:.3f}"
        )
    return plot_critical_difference(ranks, cd=cd, ax=ax, title=title)


def write_critical_difference(
    results: pd.DataFrame,
    path: str | os.PathLike,
    metric: str = "balanced_accuracy",
    **kwargs: Any,
) -> Path:
    """Save :func:`critical_difference_figure` as an image (e.g. a PNG in docs).

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.
    path : path
        The image file; its folder is created.
    metric : str, default="balanced_accuracy"
    **kwargs
        Passed to :func:`critical_difference_figure`.

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure = critical_difference_figure(results, metric, **kwargs)
    figure.savefig(path, dpi=150, bbox_inches="tight")
    return path


def _p_text(p_value: float) -> str:
    """A p-value as the report prints it."""
    if math.isnan(p_value):
        return "—"
    return "<0.001" if p_value < 0.001 else f"{p_value:.3f}"


def fit_time_table(results: pd.DataFrame) -> pd.DataFrame:
    """Total and per-fold augmenter fit time, and failed folds, per augmenter.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.

    Returns
    -------
    DataFrame
        Index ``augmenter``; columns ``total_seconds``, ``mean_seconds_per_fold``,
        ``folds`` and ``failed_folds``.
    """
    folds = results.drop_duplicates(["dataset", "augmenter", "repeat", "fold"])
    grouped = folds.groupby("augmenter", sort=False)["fit_seconds"]
    return pd.DataFrame(
        {
            "total_seconds": grouped.sum(),
            "mean_seconds_per_fold": grouped.mean(),
            "folds": grouped.size(),
            "failed_folds": grouped.apply(lambda s: int(s.isna().sum())),
        }
    )


def _markdown_table(
    frame: pd.DataFrame,
    fmt: str = "{:.3f}",
    bold_max: bool = False,
    bold_min: bool = False,
) -> str:
    """Render a DataFrame as a GitHub Markdown table.

    Parameters
    ----------
    frame : DataFrame
        The table; its index becomes the first column.
    fmt : str, default="{:.3f}"
        Format of numbers.
    bold_max, bold_min : bool, default=False
        Bold the largest (smallest) number of each row.

    Returns
    -------
    str
        The Markdown text; text cells are printed as they are.
    """
    header = [str(frame.index.name or "")] + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for index, *values in frame.itertuples(index=True, name=None):
        # Text is never reformatted as a number (p-values such as "0.04").
        numeric = [np.nan if isinstance(v, str) else v for v in values]
        numbers = pd.to_numeric(pd.Series(numeric, dtype=object), errors="coerce")
        best = None
        if bold_max and numbers.notna().any():
            best = numbers.max()
        elif bold_min and numbers.notna().any():
            best = numbers.min()
        cells = [str(index)]
        for value, number in zip(values, numbers, strict=True):
            if pd.isna(number):
                cells.append("—" if pd.isna(value) else str(value))
                continue
            is_int = isinstance(value, (int, np.integer)) and not isinstance(
                value, bool
            )
            text = f"{value:,}" if is_int else fmt.format(number)
            cells.append(f"**{text}**" if best is not None and number == best else text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _measured_table(results: pd.DataFrame, metric: str, order: list[str]) -> list[str]:
    """Markdown lines of one metric's per-data-set table, where it was measured.

    Cells of a method that did not measure the metric on a data set read
    ``n/m``; failures read ``—``. The mean row covers the data sets where
    every shown method measured the metric.
    """
    rows = results[results["metric"] == metric]
    if rows.empty:
        return []
    shown = [m for m in order if m in set(rows["augmenter"])]
    grouped = rows.groupby(["dataset", "augmenter"], sort=False)["score"]
    means = grouped.mean().unstack("augmenter")
    measured = grouped.size().unstack("augmenter").notna()
    datasets = list(dict.fromkeys(rows["dataset"]))
    means = means.reindex(index=datasets, columns=shown)
    measured = measured.reindex(index=datasets, columns=shown, fill_value=False)
    measured = measured.fillna(False).astype(bool)
    full = measured.all(axis=1)
    table = means.astype(object).where(measured, "n/m")
    table.loc["**mean**"] = means[full].mean()
    table.index.name = "dataset"
    lines = [f"### {_METRIC_TITLES.get(metric, metric)}", ""]
    absent = [m for m in order if m not in shown]
    notes = []
    if absent:
        notes.append(
            f"Not measured for {', '.join(absent)} (results cached before the "
            "metric joined the protocol)."
        )
    if not full.all():
        notes.append(
            f"n/m: not measured there. The mean row covers the {int(full.sum())} "
            "data sets where every method shown measured it."
        )
    if notes:
        lines += [" ".join(notes), ""]
    return [*lines, _markdown_table(table, bold_max=True), ""]


def _rank_lines(
    blocks: Mapping[str, _Blocks], order: list[str], cd_figure: str | None
) -> list[str]:
    """Markdown lines of the mean ranks, on all blocks and where all ran."""
    ranks, complete, counts, complete_counts = {}, {}, [], []
    for metric, metric_blocks in blocks.items():
        scores = metric_blocks.select(order)
        if scores.empty:
            continue
        ran = scores[scores.notna().all(axis=1)]
        ranks[metric] = rank_matrix(scores).mean()
        if len(ran):
            complete[metric] = rank_matrix(ran).mean()
        title = _METRIC_TITLES.get(metric, metric)
        counts.append(f"{title} {_blocks_text(scores)}")
        complete_counts.append(f"{title} {_blocks_text(ran)}")
    if not ranks:
        return []
    lines = [
        "### Mean rank (lower is better)",
        "",
        "Ranked within each data set x classifier pair on the mean score over "
        "folds (ties share the average rank), then averaged over the pairs "
        f"where every method measured the metric: {'; '.join(counts)}. " + FAILURE_RULE,
        "",
        _markdown_table(_titled(pd.DataFrame(ranks).reindex(order)), fmt="{:.2f}"),
        "",
    ]
    if counts == complete_counts:
        lines += [
            "Every method ran on every pair: these are also the ranks on the "
            "pairs where every method ran.",
            "",
        ]
    else:
        table = pd.DataFrame(complete, columns=list(ranks)).reindex(order)
        lines += [
            "#### Mean rank on the pairs where every method ran",
            "",
            f"Pairs: {'; '.join(complete_counts)}.",
            "",
            _markdown_table(_titled(table), fmt="{:.2f}"),
            "",
        ]
    if cd_figure is not None and "balanced_accuracy" in ranks:
        n, k = blocks["balanced_accuracy"].select(order).shape
        cd = nemenyi_critical_difference(k, n) if k >= 2 else math.nan
        lines += [
            f"![Critical-difference diagram of the mean ranks by balanced "
            f"accuracy]({cd_figure})",
            "",
            "Critical-difference diagram (Demsar 2006) of the mean ranks by "
            "balanced accuracy: methods joined by a bar are less than the Nemenyi "
            f"critical difference apart (CD = {cd:.2f} at alpha = 0.05 over {n} "
            "pairs), so that test does not tell them apart.",
            "",
        ]
    return lines


def _blocks_text(blocks: pd.DataFrame) -> str:
    """``"48 pairs (12 data sets)"``, naming the classifiers if not all."""
    if blocks.empty:
        return "0 pairs"
    n_sets = blocks.index.get_level_values("dataset").nunique()
    text = f"{len(blocks)} pairs ({n_sets} data sets"
    classifiers = list(dict.fromkeys(blocks.index.get_level_values("classifier")))
    if set(classifiers) != set(CLASSIFIERS):
        # Some method has no rows for a classifier (e.g. class weights on 5-NN).
        text += "; classifiers " + ", ".join(classifiers)
    return text + ")"


def _titled(table: pd.DataFrame) -> pd.DataFrame:
    """The table with metric titles as column names."""
    table = table.copy()
    table.columns = [_METRIC_TITLES.get(c, c) for c in table.columns]
    table.index.name = "augmenter"
    return table


def _significance_lines(
    blocks: Mapping[str, _Blocks], order: list[str], method: str
) -> list[str]:
    """Markdown lines of the Friedman and the Holm-corrected Wilcoxon tests."""
    if len(order) < 2:
        return []
    lines = [
        "### Significance",
        "",
        "Over data set x classifier pairs of fold-mean scores, failures ranked "
        "last as above. The pairs of one data set share its rows, so the tests "
        "treat as independent what is not quite: read p-values near 0.05 with "
        "care.",
        "",
    ]
    friedman = {}
    for metric, metric_blocks in blocks.items():
        scores = metric_blocks.select(order)
        if len(order) >= 3 and len(scores) >= 2:
            test = friedman_test(scores)
            friedman[_METRIC_TITLES.get(metric, metric)] = {
                "pairs": test.n_blocks,
                "chi-square": f"{test.statistic:.2f}",
                "p": _p_text(test.p_value),
                "Iman-Davenport F": f"{test.iman_davenport:.2f}",
                "p (F)": _p_text(test.iman_davenport_p_value),
            }
    if friedman:
        table = pd.DataFrame.from_dict(friedman, orient="index").astype(object)
        table.index.name = "metric"
        lines += [
            f"Friedman test that all {len(order)} methods have the same mean rank "
            "(chi-square corrected for ties; the Iman-Davenport F, which Demsar "
            "2006 recommends, from it), on the pairs of the mean ranks:",
            "",
            _markdown_table(table),
            "",
        ]
    if method not in order:
        return [*lines, f"No `{method}` results: no pairwise tests.", ""]
    lines += [
        f"#### `{method}` against each other method",
        "",
        f"Wilcoxon signed-rank tests (two-sided; ties split between the sides, "
        f"as Demsar 2006 recommends) on the pairs where both methods measured "
        f"the metric, Holm-corrected over the {len(order) - 1} comparisons of "
        f"each metric. W/T/L: pairs where `{method}` scores above / within "
        f"{TIE_TOLERANCE:g} of / below the other (a failure loses); difference: "
        f"mean of `{method}` minus the other over the pairs where both ran.",
        "",
    ]
    for metric, metric_blocks in blocks.items():
        pairs = {
            other: metric_blocks.select([method, other])
            for other in order
            if other != method
        }
        pairs = {other: pair for other, pair in pairs.items() if len(pair)}
        if not pairs:
            continue
        tests = wilcoxon_holm(pairs, method)
        table = pd.DataFrame(
            {
                "pairs": tests["blocks"],
                "W/T/L": [f"{r.wins}/{r.ties}/{r.losses}" for r in tests.itertuples()],
                "difference": [f"{d:+.3f}" for d in tests["mean_difference"]],
                "p": [_p_text(p) for p in tests["p_value"]],
                "Holm p": [
                    _p_text(p) + (" *" if sig else "")
                    for p, sig in zip(
                        tests["p_holm"], tests["significant"], strict=True
                    )
                ],
            },
            index=tests.index,
        )
        lines += [
            f"**{_METRIC_TITLES.get(metric, metric)}** (* Holm p < 0.05)",
            "",
            _markdown_table(table),
            "",
        ]
    return lines


def _wtl_lines(blocks: Mapping[str, _Blocks], order: list[str]) -> list[str]:
    """Markdown lines of the per-data-set wins/ties/losses matrices."""
    lines: list[str] = []
    unmeasured = False
    for metric, metric_blocks in blocks.items():
        matrix = pd.DataFrame("·", index=order, columns=order, dtype=object)
        filled = False
        for row in order:
            for column in order:
                if row == column:
                    continue
                pair = metric_blocks.select([row, column])
                if pair.empty:
                    matrix.loc[row, column] = "n/m"
                    unmeasured = True
                    continue
                counts = wins_ties_losses(pair, methods=[row], baselines=[column])
                w, t, los = counts.loc[(row, column)].tolist()
                matrix.loc[row, column] = f"{w}/{t}/{los}"
                filled = True
        if not filled:
            continue
        matrix.index.name = "method \\ baseline"
        lines += [
            f"**{_METRIC_TITLES.get(metric, metric)}**",
            "",
            _markdown_table(matrix),
            "",
        ]
    if not lines:
        return []
    return [
        "### Wins / ties / losses per data set",
        "",
        "Data sets where the row's method scores above / within "
        f"{TIE_TOLERANCE:g} of / below the column's, on the mean over folds and "
        "over the classifiers both measured; a method that failed on a data set "
        "loses there, and two failures tie."
        + (
            " n/m: the two never measured the metric on the same data set."
            if unmeasured
            else ""
        ),
        "",
        *lines,
    ]


def _downstream_section(
    results: pd.DataFrame, *, method: str = "gan", cd_figure: str | None = None
) -> list[str]:
    """Markdown lines of the downstream-gain section."""
    if results.empty:
        return ["## Downstream gain", "", "No cached results yet.", ""]
    order = _order(results["augmenter"])
    lines = [
        "## Downstream gain",
        "",
        f"Repeated stratified {N_SPLITS}-fold CV, {N_REPEATS} repeats, seed {SEED}; "
        "the augmenter sees only the training fold. Classifiers: "
        + ", ".join(CLASSIFIERS)
        + ". Scores are means over the 4 classifiers and "
        f"{N_SPLITS * N_REPEATS} folds; best per data set in bold.",
        "",
    ]
    if "knn" in set(results["classifier"]):
        # A property of the protocol, not of the samplers: say so where the
        # 5-NN numbers are read.
        lines += [
            "Every classifier learns its training rows in a random order, seeded "
            "with the protocol's seed, after the method's sampler and inside a "
            "tuned threshold (whose inner folds are split as before). 5-NN breaks "
            "ties between equally distant training rows by their position, and a "
            "sampler returns the original rows first: in that order, on tables "
            "with many duplicated rows, the order moved 5-NN's score by up to 0.25 "
            "on led7digit (holdout suite) and 0.09 on car_good (development "
            "suite), and SMOTE-IPF's 5-NN lead on led7digit came mostly from it "
            "([tuning.md](tuning.md), round 4). On such tables 5-NN's score still "
            "depends on which random order it gets (led7digit without resampling: "
            "0.86 and 0.89 under two draws), the same draw for every method. "
            "Until 2026-12-07 the benchmark fitted the rows in the order returned.",
            "",
        ]
    if "ctgan" in order:
        # The two GANs get different budgets by their own defaults: say so
        # where the numbers are read, not only in the tuning notes.
        lines += [
            "CTGAN runs with its own defaults (300 epochs of batch 500): "
            "300 x ceil(n_train / 500) generator updates per fold, 300 to 900 on "
            "these training folds, against the 1,500 of `GANAugmenter()` "
            "(`n_steps`), which were tuned on the development suite.",
            "",
        ]
    for metric in METRICS:
        lines += _measured_table(results, metric, order)
    present = set(results["metric"])
    blocks = {m: _Blocks.of(results, m) for m in METRICS if m in present}
    lines += _rank_lines(blocks, order, cd_figure)
    lines += _significance_lines(blocks, order, method)
    lines += _wtl_lines(blocks, order)
    times = fit_time_table(results).reindex(order)
    times.index.name = "augmenter"
    lines += [
        "### Augmenter fit time",
        "",
        "Seconds spent in `fit_resample` on the training folds (all data sets).",
        "",
        _markdown_table(times, fmt="{:.1f}"),
        "",
    ]
    return lines


def _speed_measured(results_dir: Path) -> list[str]:
    """When, at which commit and under what load each speed row was timed.

    Read off the ``speed__*.json`` sidecars; timings are only comparable
    when the load average beside them is low.
    """
    rows = []
    for path in sorted(Path(results_dir).glob("speed__*.json")):
        try:
            meta = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        _, dataset, augmenter = path.stem.split("__")
        commit = (meta.get("code_version") or {}).get("git_commit")
        load = meta.get("load_average_1m")
        rows.append(
            {
                "dataset": dataset,
                "augmenter": augmenter,
                "measured (UTC)": str(meta.get("date", "unknown")),
                "commit": commit[:10] if commit else "unknown",
                "1-min load at start": "unknown" if load is None else f"{load:.2f}",
            }
        )
    if not rows:
        return []
    table = pd.DataFrame(rows).set_index("dataset")
    return [
        "When and at which commit each row was timed, with the 1-minute load "
        "average when its timing started (it includes the benchmark's own "
        "previous row: CTGAN trains on every core):",
        "",
        _markdown_table(table),
        "",
    ]


def _speed_section(speed: pd.DataFrame, results_dir: Path | None = None) -> list[str]:
    """Markdown lines of the speed section (with when each row was timed)."""
    lines = ["## Speed", ""]
    if speed.empty:
        return [*lines, "No cached speed results yet.", ""]
    lines += [
        f"Fit on the whole data set with default settings, then sample "
        f"{int(speed['sample_rows'].iloc[0]):,} rows "
        "(`GANAugmenter.sample({minority: n})`, `CTGAN.sample(n)`). "
        "Ratios are speed-ups of GANAugmenter over CTGAN (fit: CTGAN seconds / "
        "GANAugmenter seconds; sampling: GANAugmenter rows/s / CTGAN rows/s).",
        "",
    ]
    wide = speed.pivot_table(
        index="dataset", columns="augmenter", values=["fit_seconds", "rows_per_second"]
    )
    table = pd.DataFrame(index=list(dict.fromkeys(speed["dataset"])))
    table.index.name = "dataset"
    shape = speed.drop_duplicates("dataset").set_index("dataset")
    table["rows x cols"] = [
        f"{shape.loc[d, 'n_rows']} x {shape.loc[d, 'n_features']}" for d in table.index
    ]
    for augmenter in ("gan", "ctgan"):
        if ("fit_seconds", augmenter) in wide.columns:
            table[f"{augmenter} fit s"] = wide[("fit_seconds", augmenter)]
            rate = wide[("rows_per_second", augmenter)].round().astype("Int64")
            table[f"{augmenter} rows/s"] = rate
    if {("fit_seconds", "gan"), ("fit_seconds", "ctgan")} <= set(wide.columns):
        table["fit ratio"] = (
            wide[("fit_seconds", "ctgan")] / wide[("fit_seconds", "gan")]
        )
        table["sampling ratio"] = (
            wide[("rows_per_second", "gan")] / wide[("rows_per_second", "ctgan")]
        )
    lines += [_markdown_table(table, fmt="{:,.2f}"), ""]
    if results_dir is not None:
        lines += _speed_measured(Path(results_dir))
    return lines


def _included_report(path: Path, heading: str) -> list[str]:
    """Another Markdown report, if present, as a section under ``heading``."""
    if not path.is_file():
        return []
    text = path.read_text().splitlines()[1:]  # drop its title
    body = ["#" + line if line.startswith("## ") else line for line in text]
    return [f"## {heading} (from [{path.name}]({path.name}))", *body, ""]


def _provenance_section(results_dir: Path) -> list[str]:
    """Markdown lines listing the commands that produced the cached results."""
    seen: dict[str, list[str]] = {}
    for path in sorted(Path(results_dir).glob("*.json")):
        try:
            meta = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        command = meta.get("command") or "(unknown)"
        seen.setdefault(command, []).append(str(meta.get("date", "")))
    if not seen:
        return []
    lines = ["## Provenance of cached results", ""]
    lines += [
        f"- `{cmd}` ({len(dates)} results, {min(dates)} to {max(dates)})"
        for cmd, dates in sorted(seen.items(), key=lambda item: min(item[1]))
    ]
    return [*lines, ""]


def render_report(
    results: pd.DataFrame,
    speed: pd.DataFrame,
    *,
    command: str,
    results_dir: str | os.PathLike | None = None,
    title: str = "Benchmarks",
    include_reports: bool = True,
    method: str = "gan",
    cd_figure: str | None = None,
) -> str:
    """Render the Markdown benchmark report.

    Parameters
    ----------
    results : DataFrame
        Downstream-gain rows (:data:`RESULT_COLUMNS`).
    speed : DataFrame
        Speed rows (:data:`SPEED_COLUMNS`).
    command : str
        The command line that wrote the report.
    results_dir : path or None, default=None
        Cache folder; when given, the commands behind the cached results are listed.
    title : str, default="Benchmarks"
        The document's heading.
    include_reports : bool, default=True
        Include the speed section (the speed suite's cached timings) and the
        image and scale reports found beside ``results_dir``.
    method : str, default="gan"
        The augmenter that the Wilcoxon tests compare with each other one.
    cd_figure : str or None, default=None
        Link (relative to the report) to the critical-difference diagram of
        balanced accuracy, as :func:`write_critical_difference` saved it; the
        report shows it under the mean ranks.

    Returns
    -------
    str
        The Markdown document.
    """
    info = machine_info()
    lines = [
        f"# {title}",
        "",
        *header_lines(command, info),
        f"- Versions: {versions_line(info)}",
        (
            "- How the GAN's defaults were chosen (ablation on the same suite): "
            "[tuning.md](tuning.md); the same comparison on 20 other data sets: "
            "[benchmarks_holdout.md](benchmarks_holdout.md); big tables, "
            "10 million sampled rows and Dask: "
            "[benchmarks_scale.md](benchmarks_scale.md)"
            if include_reports
            else "- Data sets: `gan_augment.datasets.HOLDOUT_SUITE`, 20 sets drawn "
            "at random from those outside the development suite, used to choose one "
            "default since (`match_marginals`, [tuning.md](tuning.md)); the "
            "development suite's report: [benchmarks.md](benchmarks.md)"
        ),
        "- Timings depend on a quiet machine: results written from now on record "
        "the 1-minute load average in their sidecar (`.json`) to show it.",
        "",
    ]
    lines += _downstream_section(results, method=method, cd_figure=cd_figure)
    if include_reports:
        lines += _speed_section(speed, results_dir)
    if results_dir is not None and include_reports:
        docs = Path(results_dir).parent
        # Written by python -m benchmarks.benchmark_images / benchmark_scale.
        lines += _included_report(
            docs / "benchmarks_images.md", "Images: imbalanced digits"
        )
        lines += _included_report(
            docs / "benchmarks_images_holdout.md",
            "Images: classes 5-9 rare, the images' holdout",
        )
        lines += _included_report(docs / "benchmarks_scale.md", "Scale")
    if results_dir is not None:
        lines += _provenance_section(Path(results_dir))
    return "\n".join(lines)
