"""The default GAN's rows tilted towards the class boundary (round 2 addendum).

``gan``: ``GANAugmenter(random_state=seed).fit_resample`` on the raw training fold, as
the benchmark runs it. ``gan_bt``: the same fitted GAN draws ``oversample`` times the
rows each class needs; every candidate gets the proximity level that its distance to
the nearest other-class training row would have among the class's real rows (levels
cut at the real rows' quantiles of that distance, level 0 nearest), and the rows
asked for are kept, drawn without replacement with weight ``exp(-theta * level)``, so
the synthetic rows lean towards the other class the way ProWSyn's anchors do. The
rule that judges it is the addendum of ``DECISION_RULE_ROUND2.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors


def _levels(d_candidates: np.ndarray, d_real: np.ndarray, levels: int) -> np.ndarray:
    cuts = np.quantile(d_real, np.arange(1, levels) / levels)
    return np.searchsorted(cuts, d_candidates, side="right")


def gan_resample(
    X: pd.DataFrame,
    y: pd.Series,
    encoder,
    seed: int,
    *,
    tilt: bool,
    oversample: int = 4,
    levels: int = 5,
    theta: float = 1.0,
    **params,
):
    """Return the resampled training fold (raw space) for ``gan`` or ``gan_bt``;
    ``params`` go to ``GANAugmenter`` (round 4's product options)."""
    from gan_augment import GANAugmenter

    aug = GANAugmenter(random_state=seed, **params)
    if not tilt:
        return aug.fit_resample(X, y)
    aug.fit(X, y)
    need = {c: n for c, n in aug.sampling_strategy_.items() if n > 0}
    Z = encoder.transform(X)
    y_arr = np.asarray(y)
    rng = np.random.default_rng(seed)
    parts_X, parts_y = [X], [y_arr]
    for cls, n in need.items():
        cand_X, _ = aug.sample({cls: oversample * n}, random_state=seed)
        cand_X = pd.DataFrame(cand_X, columns=X.columns).astype(X.dtypes.to_dict())
        other = NearestNeighbors(n_neighbors=1).fit(Z[y_arr != cls])
        d_real = other.kneighbors(Z[y_arr == cls])[0][:, 0]
        d_cand = other.kneighbors(encoder.transform(cand_X))[0][:, 0]
        w = np.exp(-theta * _levels(d_cand, d_real, levels))
        keep = rng.choice(len(cand_X), size=n, replace=False, p=w / w.sum())
        parts_X.append(cand_X.iloc[np.sort(keep)])
        parts_y.append(np.full(n, cls, dtype=y_arr.dtype))
    X_res = pd.concat(parts_X, ignore_index=True)
    return X_res, np.concatenate(parts_y)
