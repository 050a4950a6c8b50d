"""One-minute GPU smoke test: fit and sample on CUDA, with the sampler contract.

``python -m benchmarks.gpu_smoke`` on a machine with a CUDA GPU fits
GANAugmenter on two real data sets (numeric pima, mixed german) with
``device="cuda"``, samples, and checks what every run must keep: exact class
counts, input dtypes, values inside each class's range, categories from the
class's set, no exact copies, identical rows for the same seed, and a pickle
round trip back to the CPU. Exit status 0 means all held. ``--device cpu`` runs
the same checks on the CPU (CI does, to keep the script honest).
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import time
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

logger = logging.getLogger("benchmarks.gpu_smoke")


def _check_rows(X: pd.DataFrame, y: pd.Series, rows: pd.DataFrame, labels) -> None:
    labels = np.asarray(labels)
    assert list(rows.columns) == list(X.columns), "columns changed"
    assert (rows.dtypes == X.dtypes).all(), "dtypes changed"
    for label in np.unique(labels):
        real, synthetic = X[y.to_numpy() == label], rows[labels == label]
        for column in X.columns:
            if X[column].dtype.kind in "fiu":
                low, high = real[column].min(), real[column].max()
                assert synthetic[column].between(low, high).all(), f"{column} range"
            else:
                assert set(synthetic[column]) <= set(real[column]), f"{column} set"
        if any(X[c].dtype.kind == "f" for c in X.columns):
            copies = synthetic.merge(real.drop_duplicates(), how="inner")
            assert copies.empty, "exact copies of training rows"


def run(device: str = "cuda", n_steps: int = 1500) -> dict:
    """Fit, sample and check on ``device``; returns timings per data set."""
    import torch

    from gan_augment import GANAugmenter
    from gan_augment.datasets import load_dataset
    from gan_augment.metrics._scoring import minority_class

    if device.startswith("cuda") and not torch.cuda.is_available():
        raise SystemExit("No CUDA GPU visible to torch: nothing to smoke-test.")
    timings = {}
    for name in ("pima", "german"):
        X, y = load_dataset(name)
        start = time.perf_counter()
        augmenter = GANAugmenter(device=device, n_steps=n_steps, random_state=0)
        X_res, y_res = augmenter.fit_resample(X, y)
        fit_seconds = time.perf_counter() - start
        counts = Counter(y_res)
        assert len(set(counts.values())) == 1, f"unbalanced: {counts}"
        assert str(augmenter.device_).startswith(device.split(":")[0])
        _check_rows(X, y, X_res.iloc[len(X) :], y_res.iloc[len(X) :])
        minority = minority_class(y)
        start = time.perf_counter()
        rows, labels = augmenter.sample({minority: 200_000}, random_state=1)
        sample_seconds = time.perf_counter() - start
        _check_rows(X, y, rows, labels)
        first, _ = augmenter.sample({minority: 1000}, random_state=7)
        second, _ = augmenter.sample({minority: 1000}, random_state=7)
        pd.testing.assert_frame_equal(first, second)
        clone = pickle.loads(pickle.dumps(augmenter))
        pd.testing.assert_frame_equal(
            clone.sample({minority: 1000}, random_state=7)[0], first
        )
        timings[name] = {
            "fit_seconds": round(fit_seconds, 2),
            "rows_per_second": round(200_000 / sample_seconds),
        }
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.gpu_smoke [--device cuda]``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gpu_smoke")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--n-steps", type=int, default=1500)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    timings = run(args.device, args.n_steps)
    for name, numbers in timings.items():
        rate = numbers["rows_per_second"]
        logger.info(
            "%s: fit %s s, %s rows/s", name, numbers["fit_seconds"], f"{rate:,}"
        )
    logger.info("gpu smoke on %s: all checks held", args.device)
    return 0


if __name__ == "__main__":
    sys.exit(main())
