"""A comparison of augmenters (``compare_augmenters``) logged to MLflow.

The ranking goes in as a table artifact (``log_table``: MLflow's table view
shows it), the critical-difference diagram and a forest plot of each
augmenter's difference to the best as figures, each augmenter's mean score
as a metric and the recommendation as tags, so a run says which augmenter
(or none) to use without opening a notebook.
"""

from __future__ import annotations

import math
import re
import time
from typing import Any

import pandas as pd

from ..plotting import plot_gain_forest
from ._client import client, log_batch, require_run_id

__all__ = ["log_comparison"]

#: Where the artifacts go in the run.
RANKING_FILE = "comparison/ranking.json"
FIGURE_FILE = "comparison/critical_difference.png"
FOREST_FILE = "comparison/forest.png"
TABLE_FILE = "comparison/ranking.txt"


def _metric_name(text: str) -> str:
    # MLflow refuses "+" (of "smote+tt") in a metric name.
    return re.sub(r"[^\w\-. :/]", "_", text)


def _forest_table(comparison: Any) -> pd.DataFrame | None:
    """The ranking as a gain table: each augmenter's difference to the best.

    None when the ranking has no finite interval to draw.
    """
    ranking = comparison.ranking
    needed = ("diff_to_best", "ci_low", "ci_high")
    if not all(column in ranking.columns for column in needed):
        return None
    bounds = ranking[["ci_low", "ci_high"]].to_numpy(dtype=float)
    if not any(math.isfinite(v) for v in bounds.ravel()):
        return None
    return pd.DataFrame(
        {
            "augmenter": [str(name) for name in ranking.index],
            "metric": comparison.scoring,
            "gain_mean": ranking["diff_to_best"].to_numpy(dtype=float),
            "ci_low": bounds[:, 0],
            "ci_high": bounds[:, 1],
        }
    )


def log_comparison(comparison: Any, *, run_id: str | None = None) -> dict[str, float]:
    """Log a :class:`~gan_augment.metrics.Comparison` to an MLflow run.

    Logs the ranking (``comparison/ranking.json``, a table artifact with an
    ``augmenter`` column, and ``comparison/ranking.txt`` with the message),
    the critical-difference figure (``comparison/critical_difference.png``),
    a forest plot of each augmenter's difference to the best with its
    interval (``comparison/forest.png``, when the ranking has intervals),
    the mean score of each augmenter as a metric
    (``compare_<augmenter>_<metric>``, ``+`` written ``_``) and the tags
    ``recommended_augmenter``, ``recommended_classifier`` and
    ``no_augmentation_wins``.

    Parameters
    ----------
    comparison : Comparison
    run_id : str, optional
        The run to log to, active or not; defaults to the active run.

    Returns
    -------
    dict
        The metrics sent.

    Raises
    ------
    ValueError
        With no ``run_id`` and no active run.
    """
    run_id = require_run_id(run_id, "log_comparison")
    tracking = client()
    ranking = comparison.ranking.reset_index()
    tracking.log_table(run_id, ranking, RANKING_FILE)
    tracking.log_text(run_id, comparison.table(), TABLE_FILE)
    tracking.log_figure(run_id, comparison.figure(), FIGURE_FILE)
    forest = _forest_table(comparison)
    if forest is not None:
        best = comparison.ranking.index[0]
        figure = plot_gain_forest(forest, xlabel=f"difference to the best ({best})")
        tracking.log_figure(run_id, figure, FOREST_FILE)
    metrics = {}
    for row in ranking.itertuples(index=False):
        row = row._asdict()
        for column, value in row.items():
            if column.startswith("mean_") and value == value:  # not NaN
                name = f"compare_{row['augmenter']}_{column[len('mean_') :]}"
                metrics[_metric_name(name)] = float(value)
    stamp = int(time.time() * 1000)
    log_batch(run_id, metrics=[(k, v, stamp, 0) for k, v in metrics.items()])
    augmenter, classifier = comparison.recommended
    tags = {
        "recommended_augmenter": augmenter,
        "recommended_classifier": classifier,
        "no_augmentation_wins": str(comparison.no_augmentation_wins).lower(),
    }
    for key, value in tags.items():
        tracking.set_tag(run_id, key, value)
    return metrics
