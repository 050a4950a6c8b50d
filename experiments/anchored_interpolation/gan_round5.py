"""Round 5: the default GAN with instance noise, and with seen category combinations.

``gan_in``: while the GAN trains, every row its discriminator sees (real or generated,
in both steps, and in its auxiliary classifier) gets independent Gaussian noise of
standard deviation ``sigma`` in the encoded space, so a handful of real rows cannot be
memorised (instance noise, Sonderby et al. 2016). Sampling is unchanged.

``gan_cc``: where the GAN's encoder treats columns as categorical, a synthetic row of a
class is kept only if its combination of values in those columns occurs among the
class's training rows: ``oversample`` times the rows asked for are drawn, the first
passing rows kept, and rows still missing are the first that did not pass.

The rule that judges both is ``DECISION_RULE_ROUND5.md``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
import pandas as pd
import torch

#: Classes whose screen passed too few rows (filled with unscreened rows), per run.
COMBINATION_FALLBACKS: list[tuple[object, int, int]] = []


@contextlib.contextmanager
def instance_noise(sigma: float) -> Iterator[None]:
    """Noise on every input of the tabular discriminator while it is in train mode."""
    from gan_augment.nn._tabular import TabularDiscriminator

    forward, classify = TabularDiscriminator.forward, TabularDiscriminator.classify

    def noisy(x: torch.Tensor, module: torch.nn.Module) -> torch.Tensor:
        return x + sigma * torch.randn_like(x) if module.training else x

    def noisy_forward(self, x, labels):
        return forward(self, noisy(x, self), labels)

    def noisy_classify(self, x):
        return classify(self, noisy(x, self))

    TabularDiscriminator.forward = noisy_forward
    TabularDiscriminator.classify = noisy_classify
    try:
        yield
    finally:
        TabularDiscriminator.forward = forward
        TabularDiscriminator.classify = classify


def _seen_combinations(aug, X: pd.DataFrame, y: np.ndarray, cls, names, n: int, seed):
    """``n`` rows of ``cls``: those whose categories occur in the class, first."""
    seen = set(map(tuple, X.loc[y == cls, names].astype(object).to_numpy()))
    drawn, _ = aug.sample({cls: 8 * n}, random_state=seed)
    candidates = pd.DataFrame(drawn, columns=X.columns)
    keys = map(tuple, candidates[names].astype(object).to_numpy())
    passed = np.fromiter(
        (key in seen for key in keys), dtype=bool, count=len(candidates)
    )
    order = np.concatenate([np.flatnonzero(passed), np.flatnonzero(~passed)])[:n]
    if passed.sum() < n:
        COMBINATION_FALLBACKS.append((cls, int(passed.sum()), n))
    return candidates.iloc[np.sort(order)].reset_index(drop=True)


def gan_resample(
    X: pd.DataFrame, y: pd.Series, seed: int, *, noise: float = 0.0, combos: bool
):
    """The resampled training fold (raw space) for ``gan_in``, ``gan_cc`` or both.

    Where ``combos`` has nothing to screen (no categorical column), the rows are
    ``fit_resample``'s, as the harness's ``gan`` gives them.
    """
    from gan_augment import GANAugmenter

    aug = GANAugmenter(random_state=seed)
    with instance_noise(noise) if noise else contextlib.nullcontext():
        resampled = aug.fit_resample(X, y)
    names = [c.name for c in aug.encoder_.columns_ if c.kind == "categorical"]
    if not combos or not names:
        return resampled
    y_arr = np.asarray(y)
    parts_X, parts_y = [X], [y_arr]
    for cls, n in aug.sampling_strategy_.items():
        if n <= 0:
            continue
        rows = _seen_combinations(aug, X, y_arr, cls, names, n, seed)
        parts_X.append(rows.astype(X.dtypes.to_dict()))
        parts_y.append(np.full(n, cls, dtype=y_arr.dtype))
    return pd.concat(parts_X, ignore_index=True), np.concatenate(parts_y)
