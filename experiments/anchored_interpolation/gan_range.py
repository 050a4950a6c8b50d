"""Round 3, part B: the GAN's synthetic values that pile up at a class's range ends.

``GANAugmenter`` clips each continuous value it decodes into the class's observed
range, so every draw beyond an end lands exactly on it. ``pileup`` measures how often
(the share of synthetic values of the minority class equal to the class's minimum or
maximum, against the share of the class's real values there).

``gan_resample(..., truncate=True)`` (``gan_tr`` in the harness) removes the pile-up
the other way a bounded draw can: rows with a value outside the class's range are
rejected and drawn again (the distribution truncated to the range instead of folded
onto its ends); rows still missing after 8x the rows asked for are taken clipped, as
today. The rule that judges it is part B of ``DECISION_RULE_ROUND3.md``.

usage, from the repository root::

    python -m experiments.anchored_interpolation.gan_range
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _widen_ranges(aug, X: pd.DataFrame) -> dict:
    """Give every class the whole table's range, returning the class ranges."""
    names = aug.encoder_.continuous_names_
    low = X[names].min().to_numpy(dtype=np.float64)
    high = X[names].max().to_numpy(dtype=np.float64)
    ranges = dict(aug.class_ranges_)
    aug.class_ranges_ = {cls: (low.copy(), high.copy()) for cls in ranges}
    return ranges


def _inside(rows: pd.DataFrame, names: list, lower, upper) -> np.ndarray:
    values = rows[names].to_numpy(dtype=np.float64)
    return ((values >= lower) & (values <= upper)).all(axis=1)


def gan_resample(X: pd.DataFrame, y: pd.Series, seed: int, *, truncate: bool):
    """The resampled training fold: ``GANAugmenter()``'s, or truncated (``gan_tr``)."""
    from gan_augment import GANAugmenter

    aug = GANAugmenter(random_state=seed)
    if not truncate:
        return aug.fit_resample(X, y)
    aug.fit(X, y)
    names = aug.encoder_.continuous_names_
    need = {c: n for c, n in aug.sampling_strategy_.items() if n > 0}
    if not names:
        # Nothing to clip: fit_resample's rows, which sample() repeats unseeded.
        synthetic, labels = aug.sample(need)
        X_res = pd.concat([X, synthetic], ignore_index=True)
        return X_res, np.concatenate([np.asarray(y), np.asarray(labels)])
    ranges = _widen_ranges(aug, X)
    y_arr = np.asarray(y)
    parts_X, parts_y = [X], [y_arr]
    for cls, n in need.items():
        lower, upper = ranges[cls]
        cand, _ = aug.sample({cls: 8 * n}, random_state=seed)
        cand = pd.DataFrame(cand, columns=X.columns).astype(X.dtypes.to_dict())
        inside = _inside(cand, names, lower, upper)
        kept = pd.concat([cand[inside], cand[~inside]]).iloc[:n].copy()
        kept[names] = np.clip(kept[names].to_numpy(dtype=np.float64), lower, upper)
        parts_X.append(kept.astype(X.dtypes.to_dict()))
        parts_y.append(np.full(n, cls, dtype=y_arr.dtype))
    return pd.concat(parts_X, ignore_index=True), np.concatenate(parts_y)


def _share_at_ends(frame: pd.DataFrame, names: list, low, high) -> float:
    values = frame[names]
    return float(((values == low) | (values == high)).to_numpy().mean())


def pileup(name: str, seed: int = 0) -> dict:
    """Share of the minority class's values at its range ends: real, GAN, truncated."""
    from gan_augment.datasets import load_dataset

    from .harness import minority_class

    X, y = load_dataset(name)
    minority = minority_class(y)
    out = {"dataset": name}
    names = [c for c in X.columns if pd.api.types.is_float_dtype(X[c])]
    if not names:
        return out
    real = X[np.asarray(y) == minority]
    low, high = real[names].min(), real[names].max()
    out["real"] = _share_at_ends(real, names, low, high)
    for label, truncate in (("gan", False), ("gan_tr", True)):
        X_res, y_res = gan_resample(X, y, seed, truncate=truncate)
        synth = X_res.iloc[len(X) :][np.asarray(y_res)[len(X) :] == minority]
        out[label] = _share_at_ends(synth, names, low, high)
    return out


if __name__ == "__main__":
    import logging
    import warnings

    import torch

    from gan_augment.datasets import DEVELOPMENT_SUITE

    from .summarize import md

    torch.set_num_threads(1)
    logging.disable(logging.INFO)
    warnings.simplefilter("ignore")
    rows = [pileup(name) for name in DEVELOPMENT_SUITE]
    table = pd.DataFrame(rows).set_index("dataset")
    print(md(table.round(3)))
    print("mean", table.mean().round(3).to_dict())
