"""Measure a change of GANAugmenter's defaults on the development and holdout suites.

    python -m experiments.default_variants div02 '{"diversity_weight": 0.02}'
    python -m experiments.default_variants low2 '{"lowcard": 2}' --suites dev
    python -m experiments.default_variants --compare div02 low2

The first form runs the benchmark protocol (repeated stratified 5-fold, 2 repeats,
seed 0, the four classifiers) with ``GANAugmenter(random_state=0, **params)`` on each
set of the suites and caches the rows in ``experiments/default_variants_results``
(one gzipped CSV per variant and set, committed as the raw results of the tables in
``docs/tuning.md``; delete one to recompute it). ``"lowcard": k`` is not a parameter of
the augmenter: it marks the numeric columns with at most ``k`` distinct values as
categorical. ``--compare`` prints, per suite, the mean scores and the mean ranks of
each variant against none / random oversampling / SMOTE on the same folds, beside the
defaults' cached rows (``docs/benchmark_results``), as in ``docs/tuning.md``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd
from joblib import Parallel, delayed

from benchmarks import benchmark
from benchmarks._report import mean_ranks
from gan_augment import GANAugmenter
from gan_augment.datasets import DEVELOPMENT_SUITE, HOLDOUT_SUITE, load_dataset
from gan_augment.pipeline import register_augmenter

CACHE = Path(__file__).with_name("default_variants_results")
SUITES = {
    "dev": (DEVELOPMENT_SUITE, Path("docs/benchmark_results")),
    "holdout": (HOLDOUT_SUITE, Path("docs/benchmark_results/holdout")),
}
BASELINES = ("none", "ros", "smote")


def _augmenter(params: dict, X: pd.DataFrame) -> GANAugmenter:
    params = dict(params)
    levels = params.pop("lowcard", None)
    if levels:
        params["categorical_features"] = [
            c
            for c in X.columns
            if X[c].dtype.kind in "fiu" and X[c].nunique() <= levels
        ]
    return GANAugmenter(random_state=benchmark.SEED, **params)


def _fold(name: str, params: dict, dataset: str, repeat, fold, train, test):
    # Runs in a worker process: the variant is a kind of the registry there.
    register_augmenter(name, lambda X, random_state: _augmenter(params, X))
    X, y = load_dataset(dataset)
    return benchmark.run_fold(
        X, y, train, test, name, dataset=dataset, repeat=repeat, fold=fold, n_threads=1
    ).assign(augmenter="gan")


def run(name: str, params: dict, suites: list[str]) -> None:
    """Cache the variant's benchmark rows for every set of ``suites``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for suite in suites:
        for dataset in SUITES[suite][0]:
            path = CACHE / f"{name}__{dataset}.csv.gz"
            if path.exists():
                continue
            start = time.perf_counter()
            _, y = load_dataset(dataset)
            splits = benchmark._splits(
                y, benchmark.N_SPLITS, benchmark.N_REPEATS, benchmark.SEED
            )
            parts = Parallel(n_jobs=2)(
                delayed(_fold)(name, params, dataset, r, f, train, test)
                for r, f, train, test in splits
            )
            pd.concat(parts).to_csv(path, index=False)
            print(f"{dataset} {time.perf_counter() - start:.1f} s", flush=True)


def compare(names: list[str]) -> None:
    """Print each variant's mean scores and ranks beside the defaults'."""
    for suite, (datasets, results_dir) in SUITES.items():
        base = benchmark.load_cached(results_dir, datasets, (*BASELINES, "gan"))
        rows = {}
        for name in ["gan", *names]:
            if name == "gan":
                results = base
            else:
                paths = [CACHE / f"{name}__{d}.csv.gz" for d in datasets]
                if not all(p.exists() for p in paths):
                    continue
                variant = pd.concat(map(pd.read_csv, paths)).assign(augmenter="gan")
                results = pd.concat([base[base.augmenter != "gan"], variant])
            mine = results[results.augmenter == "gan"]
            means = mine.groupby("metric").score.mean()
            ranks = mean_ranks(results).loc["gan"]
            rows[name if name != "gan" else "defaults"] = {
                **{f"mean {m}": round(v, 4) for m, v in means.items()},
                **{f"rank {m}": round(v, 2) for m, v in ranks.items()},
            }
        print(f"== {suite}")
        print(pd.DataFrame(rows).T.to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?")
    parser.add_argument("params", nargs="?", default="{}")
    parser.add_argument("--suites", default="dev,holdout")
    parser.add_argument("--compare", nargs="+", metavar="NAME")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare)
    elif args.name:
        run(args.name, json.loads(args.params), args.suites.split(","))
    else:
        parser.error("give a variant name and its parameters, or --compare NAMES")


if __name__ == "__main__":
    main()
