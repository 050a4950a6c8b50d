"""Where the default GAN loses to the cheap baselines, read off the benchmark's caches.

Issue 21 asks, should the GAN not win, which baseline wins where and why. This reads
the product benchmark's committed per-fold scores (``docs/benchmark_results`` for the
development suite, ``docs/benchmark_results/holdout`` for the holdout suite; nothing is
rerun) and splits the GAN's balanced-accuracy gap by what a user can see before
choosing: how many minority rows a training fold has, whether the table has
categorical columns, and the classifier. It also counts, per data set x classifier
pair, which method scores best.

Scores are each method's mean over the 10 folds, and they are ranked as the reports
rank them (``score_matrix`` and ``rank_matrix``): a method with a failed fold fails
that data set x classifier pair and ranks last there, and 5-NN is left out (class
weights do not apply to it), so every method has the same 3 classifiers. "Minority
rows per training fold" is 4/5 of the smallest class's count, rounded down (5-fold
stratified CV). A table's kind: ``numeric`` (every column a number), ``mixed``
(numbers and categories), ``categorical`` (no number column).

usage, from the repository root::

    python -m experiments.anchored_interpolation.where_gan_loses
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from benchmarks._report import AUGMENTERS, _markdown_table, score_matrix
from benchmarks.benchmark import load_cached
from gan_augment.datasets import DEVELOPMENT_SUITE, HOLDOUT_SUITE, load_dataset
from gan_augment.metrics._ranks import rank_matrix

SUITES = {
    "development": (Path("docs/benchmark_results"), DEVELOPMENT_SUITE),
    "holdout": (Path("docs/benchmark_results/holdout"), HOLDOUT_SUITE),
}
# The report's methods without CTGAN (it ranks below no augmentation) and
# without the tuned-threshold twins (a second table).
METHODS = tuple(m for m in AUGMENTERS if m != "ctgan" and not m.endswith("+tt"))
# The columns of the gap table: the GAN minus each of these.
AGAINST = ("interpolation", "prowsyn", "tuned_threshold", "class_weight", "smote")
SIZE_BINS = [0, 15, 40, 100, 100_000]
SIZE_LABELS = ["4-15", "16-40", "41-100", "over 100"]


def table_facts(dataset: str) -> dict:
    """Minority rows per training fold and the kind of columns of one data set."""
    X, y = load_dataset(dataset)
    numbers = X.select_dtypes("number").shape[1]
    if numbers == X.shape[1]:
        kind = "numeric"
    elif numbers == 0:
        kind = "categorical"
    else:
        kind = "mixed"
    smallest = int(pd.Series(y).value_counts().min())
    return {"minority_train": smallest * 4 // 5, "kind": kind}


@functools.cache
def _results(suite: str) -> pd.DataFrame:
    """The cached per-fold scores of one suite's methods (read once)."""
    folder, datasets = SUITES[suite]
    return load_cached(folder, list(datasets), list(METHODS))


def fold_means(metric: str) -> pd.DataFrame:
    """Mean score over folds; rows (suite, data set, classifier), columns methods.

    The report's :func:`~benchmarks._report.score_matrix`: only the blocks every
    method measured, so 5-NN (no class weights) is left out.
    """
    return pd.concat(
        {
            suite: score_matrix(_results(suite), metric, methods=METHODS)
            for suite in SUITES
        },
        names=["suite"],
    )


def gap_table(per_set: pd.DataFrame, by: str) -> pd.DataFrame:
    """The GAN's mean gap to each of ``AGAINST``, per group of data sets."""
    gaps = pd.DataFrame({f"GAN - {m}": per_set["gan"] - per_set[m] for m in AGAINST})
    gaps[by] = per_set[by]
    table = gaps.groupby(by, observed=True).mean()
    counts = per_set.groupby(by, observed=True).size()
    table.insert(0, "data sets", counts.astype(str))  # text: printed as it is
    return table


def best_counts(means: pd.DataFrame) -> pd.DataFrame:
    """Pairs where each method has the best score (a tie shares the pair)."""
    best = means.eq(means.max(axis=1), axis=0)
    share = best.div(best.sum(axis=1), axis=0)
    counts = share.groupby(level="suite").sum().T
    counts.index.name = "augmenter"
    return counts


def main() -> None:
    ba = fold_means("balanced_accuracy")
    per_set = ba.groupby(level=["suite", "dataset"]).mean()
    facts = pd.DataFrame(
        [table_facts(d) for d in per_set.index.get_level_values("dataset")],
        index=per_set.index,
    )
    per_set = per_set.join(facts)
    per_set["minority rows per training fold"] = pd.cut(
        per_set["minority_train"], SIZE_BINS, labels=SIZE_LABELS
    )
    print("## Balanced accuracy: the GAN's gap, by minority rows per training fold\n")
    print(_markdown_table(gap_table(per_set, "minority rows per training fold")))
    print("\n## The same, by the kind of columns\n")
    print(_markdown_table(gap_table(per_set, "kind")))
    per_set["group"] = [
        "with categorical columns"
        if kind != "numeric"
        else ("numeric, 4-15 minority rows" if n <= 15 else "numeric, 16 or more")
        for kind, n in zip(per_set["kind"], per_set["minority_train"])
    ]
    print("\n## Numeric tables by minority rows per training fold, and the rest\n")
    print(_markdown_table(gap_table(per_set, "group")))
    print("\n## The GAN's five largest losses to the interpolator (data set means)\n")
    worst = (per_set["gan"] - per_set["interpolation"]).nsmallest(5)
    worst.index = [f"{dataset} ({suite})" for suite, dataset in worst.index]
    print(_markdown_table(worst.to_frame("GAN - interpolation")))
    ranks = rank_matrix(ba)  # as the reports rank: a failed method ranks last
    print("\n## Mean balanced-accuracy rank among the 10, by classifier\n")
    by_classifier = ranks.groupby(level=["suite", "classifier"])[
        ["gan", "interpolation", "prowsyn", "tuned_threshold", "class_weight"]
    ].mean()
    by_classifier.index = [f"{suite}, {clf}" for suite, clf in by_classifier.index]
    print(_markdown_table(by_classifier, fmt="{:.2f}", bold_min=True))
    for metric, means in (
        ("balanced_accuracy", ba),
        ("f1_minority", fold_means("f1_minority")),
    ):
        print(f"\n## Pairs where each method scores best, {metric}\n")
        print(_markdown_table(best_counts(means), fmt="{:.1f}"))


if __name__ == "__main__":
    main()
