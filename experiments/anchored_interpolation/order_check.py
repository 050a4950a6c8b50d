"""How much 5-NN's score depends on the order of its training rows (round 4, part B).

5-NN breaks ties among equally distant training rows by their position, so on tables
with many duplicated (or equally distant one-hot) rows the score depends on the order
a sampler returns its rows in. For each data set of the suite, each fold of the
harness's protocol and each of ``none``, ``pw1_dd``, ``prowsyn`` and ``smoteipf``, this
fits the harness's 5-NN on the same resampled rows twice, in the order returned and
in a random order (seeded by the fold index), and prints the largest difference of
fold-mean balanced accuracy per data set, then the suite means.

usage, from the repository root::

    python -m experiments.anchored_interpolation.order_check SUITE
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import RepeatedStratifiedKFold
from threadpoolctl import threadpool_limits

from . import harness as h

METHODS = ("none", "pw1_dd", "prowsyn", "smoteipf")


def resample(method, Z, y, minority, blocks):
    """The training fold's rows as ``method`` returns them (encoded space)."""
    if method == "none":
        return Z, y
    if method in ("prowsyn", "smoteipf"):
        return h.sv_sample(method, Z, y, minority, 0)
    return h.gen_sample(method, Z, y, minority, blocks, 0)


def check(dataset: str) -> pd.DataFrame:
    """Fold-mean 5-NN balanced accuracy per method and order on one data set."""
    X, y = h.load(dataset)
    minority = h.minority_class(y)
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0)
    rows = []
    for i, (train, test) in enumerate(cv.split(np.zeros(len(y)), y)):
        enc = h.Encoder().fit(X.iloc[train])
        Z, Z_te = enc.transform(X.iloc[train]), enc.transform(X.iloc[test])
        for method in METHODS:
            Z_res, y_res = resample(
                method, Z, np.asarray(y.iloc[train]), minority, enc.blocks
            )
            for order, seed in (("as_returned", None), ("shuffled", i)):
                Zo, yo = h.reorder(Z_res, y_res, seed)
                model = h.make_enc_classifier("knn", enc.num_idx).fit(Zo, yo)
                ba = balanced_accuracy_score(y.iloc[test], model.predict(Z_te))
                rows.append(dict(method=method, order=order, ba=ba))
    return pd.DataFrame(rows).pivot_table(index="method", columns="order", values="ba")


def main(suite: str) -> None:
    dev, hold = h.suites()
    tables = {}
    # One thread, as the harness runs: 5-NN's tied distances are computed by BLAS,
    # whose rounding (and so which tied row comes first) can depend on the threads.
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for ds in dev if suite == "dev" else hold:
            t = tables[ds] = check(ds)
            gap = (t.shuffled - t.as_returned).abs().max()
            print(f"{ds:32s} largest |shuffled - as returned| {gap:.3f}", flush=True)
    print(pd.concat(tables).groupby(level=1).mean().round(4).to_string())


if __name__ == "__main__":
    main(sys.argv[1])
