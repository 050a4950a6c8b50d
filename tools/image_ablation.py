"""Variants of the GAN on the image benchmark's protocol: what did not close the gap.

The image benchmark (``python -m gan_augment.benchmark_images``) found the
conv GAN ahead of random oversampling but behind an albumentations affine warp.
This script measures the variants tried to close that gap, on the same
protocol: imbalanced digits, stratified 5-fold CV (seed 0), cuts 0-2,
balanced accuracy of a scaled LogisticRegression and SVC, label fidelity and
diversity from :func:`gan_augment.image_metrics.image_quality`.

Usage::

    python tools/image_ablation.py                      # every variant (~1 h, 2 cores)
    python tools/image_ablation.py defaults chain-0.8   # some of them
    python tools/image_ablation.py "gan:model=deform,noise_dim=16"  # any parameters
    python tools/image_ablation.py "gan:model=deform,random_state=1" \
        albumentations-seed-1                           # another seed
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from gan_augment import (
    AlbumentationsAugmenter,
    GANAugmenter,
    PartialBalance,
    SamplerChain,
)
from gan_augment.benchmark_images import CLASSIFIERS, _classifier, affine_augmentation
from gan_augment.datasets import load_imbalanced_digits
from gan_augment.image_metrics import image_quality
from gan_augment.pipeline import _gan_albumentations_chain

SHAPE = (8, 8)


def _gan(**params):
    return GANAugmenter(**{"image_shape": SHAPE, "random_state": 0, **params})


class SelectedGAN:
    """Draw ``multiple`` times the rows asked for, keep the best ones.

    ``judge``: keep candidates that a logistic regression trained on the real
    rows assigns to their class (probability >= 0.5). ``cover``: then pick
    greedily the candidate farthest from the real images and the ones picked
    so far (k-center), for spread.
    """

    def __init__(self, multiple=5, cover=True, **params):
        self.multiple, self.cover, self.params = multiple, cover, params

    def fit_resample(self, X, y):
        augmenter = _gan(**self.params).fit(X, y)
        judge = make_pipeline(
            StandardScaler(), LogisticRegression(C=0.1, max_iter=2000)
        )
        judge.fit(X, y)
        out_X, out_y = [X], [y]
        for cls, n in augmenter.sampling_strategy_.items():
            if n <= 0:
                continue
            candidates, _ = augmenter.sample({cls: n * self.multiple}, random_state=1)
            candidates = np.asarray(candidates, dtype=float)
            proba = judge.predict_proba(candidates)[:, list(judge.classes_).index(cls)]
            keep = proba >= 0.5
            if keep.sum() < n:
                keep = np.isin(np.arange(len(proba)), np.argsort(-proba)[:n])
            candidates = candidates[keep]
            if self.cover:
                real = X[y == cls].astype(float)
                gap = ((candidates[:, None] - real[None]) ** 2).sum(-1).min(1)
                picked = []
                for _ in range(n):
                    picked.append(int(np.argmax(gap)))
                    gap = np.minimum(
                        gap, ((candidates - candidates[picked[-1]]) ** 2).sum(-1)
                    )
            else:
                picked = np.random.default_rng(0).choice(
                    len(candidates), n, replace=False
                )
            out_X.append(candidates[picked])
            out_y.append(np.full(n, cls))
        return np.concatenate(out_X), np.concatenate(out_y)


def _gan_then_warp(share):
    """The GAN fills ``share`` of each gap; warps of real and GAN images, the rest."""
    return SamplerChain(
        [
            ("gan", _gan(sampling_strategy=PartialBalance(share))),
            (
                "warp",
                AlbumentationsAugmenter(affine_augmentation(), SHAPE, random_state=0),
            ),
        ]
    )


def _dagan(conditional):
    sys.path.insert(0, str(Path(__file__).parent))
    from dagan_prototype import DaganSampler

    return DaganSampler(conditional=conditional)


VARIANTS = {
    "defaults": lambda: _gan(),
    "deform": lambda: _gan(model="deform"),
    "copies-16": lambda: _gan(augmentation_copies=16),
    "diversity-0.1": lambda: _gan(diversity_weight=0.1),
    "noise-64": lambda: _gan(noise_dim=64),
    "filter-synthetic": lambda: _gan(filter_synthetic=True),
    "judged": lambda: SelectedGAN(cover=False),
    "judged+cover": lambda: SelectedGAN(cover=True),
    "deform-judged": lambda: SelectedGAN(multiple=2, cover=False, model="deform"),
    "deform-warped": lambda: _gan(model="deform", augmentation=affine_augmentation()),
    "deform-warped-16": lambda: _gan(
        model="deform", augmentation=affine_augmentation(), augmentation_copies=16
    ),
    "gan-then-warp-0.5": lambda: _gan_then_warp(0.5),
    "chain-0.8": lambda: _gan_albumentations_chain(
        affine_augmentation(), SHAPE, share=0.8, random_state=0
    ),
    **{
        f"deform-chain-{share}": (
            lambda share=share: _gan_albumentations_chain(
                affine_augmentation(),
                SHAPE,
                share=share,
                random_state=0,
                model="deform",
            )
        )
        for share in (0.5, 0.65, 0.8, 0.9)
    },
    "dagan": lambda: _dagan(conditional=False),
    "dagan-conditional": lambda: _dagan(conditional=True),
    **{
        f"albumentations-seed-{seed}" if seed else "albumentations": (
            lambda seed=seed: AlbumentationsAugmenter(
                affine_augmentation(), SHAPE, random_state=seed
            )
        )
        for seed in (0, 1, 2)
    },
}


def _value(text):
    constants = {"None": None, "True": True, "False": False}
    if text in constants:
        return constants[text]
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _make(name):
    """A variant by name; ``gan:key=value,...``: GANAugmenter with those parameters."""
    base, _, overrides = name.partition(":")
    if base != "gan" or not overrides:
        return VARIANTS[name]()
    params = dict(item.split("=") for item in overrides.split(","))
    return _gan(**{key: _value(value) for key, value in params.items()})


def _fold(name, cut, fold):
    X, y = load_imbalanced_digits(random_state=cut)
    train, test = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))[
        fold
    ]
    X_res, y_res = _make(name).fit_resample(X[train], y[train])
    n = len(train)
    quality = image_quality(X[train], y[train], X_res[n:], y_res[n:])
    scores = [
        balanced_accuracy_score(
            y[test], _classifier(c).fit(X_res, y_res).predict(X[test])
        )
        for c in CLASSIFIERS
    ]
    return np.mean(scores), quality.label_fidelity, quality.diversity


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", help=f"of {', '.join(VARIANTS)}")
    parser.add_argument("--cuts", type=int, default=3)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args(argv)
    unknown = sorted({v.partition(":")[0] for v in args.variants} - {*VARIANTS, "gan"})
    if unknown:
        parser.error(f"unknown variants {unknown}; choose from {', '.join(VARIANTS)}")
    print("| variant | BA mean | per cut | label fidelity | diversity | minutes |")
    print("|---|---|---|---|---|---|")
    for name in args.variants or VARIANTS:
        started = time.perf_counter()
        results = Parallel(n_jobs=args.n_jobs)(
            delayed(_fold)(name, cut, fold)
            for cut in range(args.cuts)
            for fold in range(5)
        )
        table = np.array(results).reshape(args.cuts, 5, 3)
        per_cut = " / ".join(f"{v:.3f}" for v in table[:, :, 0].mean(axis=1))
        minutes = (time.perf_counter() - started) / 60
        fidelity, diversity = table[:, :, 1].mean(), np.nanmean(table[:, :, 2])
        print(
            f"| {name} | {table[:, :, 0].mean():.3f} | {per_cut} | "
            f"{fidelity:.3f} | {diversity:.3f} | {minutes:.1f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
