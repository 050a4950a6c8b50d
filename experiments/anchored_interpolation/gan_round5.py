"""Round 5: the default GAN with instance noise, and with seen category combinations.

``gan_in``: while the GAN trains, every row its discriminator sees (real or generated,
in both steps, and in its auxiliary classifier) gets independent Gaussian noise of
standard deviation ``sigma`` in the encoded space, so a handful of real rows cannot be
memorised (instance noise, Sonderby et al. 2016). Sampling is unchanged.

``gan_cc``: where the GAN's encoder treats columns as categorical, a synthetic row of a
class is kept only if its combination of values in those columns occurs among the
class's training rows: 8 times the rows asked for are drawn, the first passing rows
kept, and rows still missing are the first that did not pass. ``gan_all_cc``: the same
check after ``GANAugmenter(match_marginals="all")``.

``coverage``: on tables of categories only, how many of a class's distinct rows the
GAN's synthetic rows reproduce (the measurement behind ``gan_all_cc``).

The rules that judge them, and their outcomes: ``DECISION_RULE_ROUND5.md``.
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
    X: pd.DataFrame,
    y: pd.Series,
    seed: int,
    *,
    noise: float = 0.0,
    combos: bool,
    **params,
):
    """The resampled training fold (raw space) for ``gan_in``, ``gan_cc``, ...

    ``params`` go to ``GANAugmenter`` (``gan_all_cc``: ``match_marginals="all"``).
    Where ``combos`` has nothing to screen (no categorical column), the rows are
    ``fit_resample``'s, as the harness's ``gan`` gives them.
    """
    from gan_augment import GANAugmenter

    aug = GANAugmenter(random_state=seed, **params)
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


def coverage(datasets, n_folds: int = 5) -> pd.DataFrame:
    """How the default GAN's rows of the minority class cover the class's categories.

    For each table whose columns the GAN's encoder all treats as categorical, over the
    first ``n_folds`` training folds of the protocol: the share of the synthetic rows
    (``fit_resample``'s) whose combination of values is a training row of the class,
    and the share of the class's distinct training rows that the synthetic rows
    reproduce, beside the share random oversampling's as many draws would reach
    (expected, ``1 - (1 - 1/m)^n`` for ``m`` distinct rows drawn ``n`` times).
    """
    from gan_augment import GANAugmenter
    from gan_augment.datasets import load_dataset
    from gan_augment.metrics._scoring import minority_class, protocol_cv

    rows = []
    for dataset in datasets:
        X, y = load_dataset(dataset)
        y = pd.Series(np.asarray(y))
        minority = minority_class(y)
        for i, (train, _) in enumerate(protocol_cv().split(np.zeros(len(y)), y)):
            if i == n_folds:
                break
            X_tr, y_tr = X.iloc[train], y.iloc[train]
            if i == 0:  # which columns the encoder treats as categorical
                probe = GANAugmenter(n_steps=1, random_state=0).fit(X_tr, y_tr)
                kinds = [c.kind for c in probe.encoder_.columns_]
                if kinds.count("categorical") < X.shape[1]:
                    break  # a continuous column: nothing to count
            X_res, _ = GANAugmenter(random_state=0).fit_resample(X_tr, y_tr)
            # The original rows come first, as imbalanced-learn's samplers return them.
            assert (
                pd.DataFrame(X_res)
                .iloc[: len(X_tr)]
                .equals(X_tr.reset_index(drop=True))
            )
            real = X_tr[y_tr.to_numpy() == minority].astype(object).to_numpy()
            seen = set(map(tuple, real))
            synthetic = pd.DataFrame(X_res).iloc[len(X_tr) :]
            keys = [tuple(r) for r in synthetic.astype(object).to_numpy()]
            n, m = len(keys), len(seen)
            rows.append(
                {
                    "dataset": dataset,
                    "synthetic rows": n,
                    "distinct class rows": m,
                    "synthetic rows that are class rows": np.mean(
                        [k in seen for k in keys]
                    ),
                    "class rows reproduced, GAN": len(seen & set(keys)) / m,
                    "class rows reproduced, ROS (expected)": 1 - (1 - 1 / m) ** n,
                }
            )
    return pd.DataFrame(rows).groupby("dataset").mean()


if __name__ == "__main__":
    from benchmarks._report import _markdown_table
    from gan_augment.datasets import DEVELOPMENT_SUITE, HOLDOUT_SUITE

    print(_markdown_table(coverage([*DEVELOPMENT_SUITE, *HOLDOUT_SUITE])))
