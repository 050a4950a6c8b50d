"""The benchmark's tidy results summarised, and its Markdown report.

One row of a result frame is one score: a data set, augmenter, classifier,
repeat, fold and metric (:data:`RESULT_COLUMNS`). This module averages them
into tables, ranks the augmenters, and renders ``docs/benchmarks.md``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks._provenance import header_lines, machine_info, versions_line
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
    "RESULT_COLUMNS",
    "SPEED_COLUMNS",
    "fit_time_table",
    "mean_ranks",
    "render_report",
    "summarize",
]

#: Augmenter names, in report order (``ctgan`` is the harness's own kind).
AUGMENTERS: tuple[str, ...] = ("none", "ros", "smote", "ctgan", "gan")
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

_METRIC_TITLES = {
    "balanced_accuracy": "Balanced accuracy",
    F1_MINORITY: "Minority-class F1",
    "roc_auc": "ROC AUC",
    AP_MINORITY: "Minority-class average precision",
}


def _fold_means(results: pd.DataFrame) -> pd.DataFrame:
    """Mean score over folds per (dataset, augmenter, classifier, metric)."""
    return (
        results.groupby(["dataset", "augmenter", "classifier", "metric"], sort=False)[
            "score"
        ]
        .mean()
        .reset_index()
    )


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


def _complete_datasets(results: pd.DataFrame) -> list[str]:
    """List the data sets that have results for every augmenter in ``results``."""
    n_aug = results["augmenter"].nunique()
    counts = results.groupby("dataset", sort=False)["augmenter"].nunique()
    return [d for d, n in counts.items() if n == n_aug]


def mean_ranks(results: pd.DataFrame) -> pd.DataFrame:
    """Average rank of each augmenter per metric (1 = best, lower is better).

    Augmenters are ranked within each (data set, classifier) on their mean score
    over folds (ties share the average rank, a failed augmenter ranks last), and the
    ranks are averaged. Only data sets with results for every augmenter count.

    Parameters
    ----------
    results : DataFrame
        Tidy rows with :data:`RESULT_COLUMNS`.

    Returns
    -------
    DataFrame
        Index ``augmenter`` (sorted by the first metric's rank); one column per
        metric.
    """
    complete = results[results["dataset"].isin(_complete_datasets(results))]
    means = _fold_means(complete)
    means["rank"] = means.groupby(["dataset", "classifier", "metric"])["score"].rank(
        ascending=False, method="average", na_option="bottom"
    )
    table = means.pivot_table(
        index="augmenter", columns="metric", values="rank", aggfunc="mean"
    )
    table = table.reindex(columns=[m for m in METRICS if m in table.columns])
    return table.sort_values(table.columns[0]) if len(table.columns) else table


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
        The Markdown text.
    """
    header = [str(frame.index.name or "")] + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for index, *values in frame.itertuples(index=True, name=None):
        numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
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


def _downstream_section(results: pd.DataFrame) -> list[str]:
    """Markdown lines of the downstream-gain section."""
    if results.empty:
        return ["## Downstream gain", "", "No cached results yet.", ""]
    order = [a for a in AUGMENTERS if a in set(results["augmenter"])]
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
    summary = summarize(results)
    for metric in METRICS:
        if metric not in summary.columns.get_level_values(0):
            continue
        table = summary[metric].reindex(columns=order)
        table.loc["**mean**"] = table.mean()
        table.index.name = "dataset"
        lines += [
            f"### {_METRIC_TITLES[metric]}",
            "",
            _markdown_table(table, bold_max=True),
            "",
        ]
    ranks = mean_ranks(results).reindex(order)
    ranks.index.name = "augmenter"
    ranks.columns = [_METRIC_TITLES[c] for c in ranks.columns]
    n_sets = len(_complete_datasets(results))
    lines += [
        "### Mean rank (lower is better)",
        "",
        f"Ranked within each data set x classifier on the mean over folds, then "
        f"averaged over {n_sets} data sets x {len(CLASSIFIERS)} classifiers.",
        "",
        _markdown_table(ranks, fmt="{:.2f}"),
        "",
    ]
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


def _speed_section(speed: pd.DataFrame) -> list[str]:
    """Markdown lines of the speed section."""
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
    return [*lines, _markdown_table(table, fmt="{:,.2f}"), ""]


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
    lines += _downstream_section(results)
    if include_reports:
        lines += _speed_section(speed)
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
