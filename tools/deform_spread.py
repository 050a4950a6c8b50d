"""How far the deform GAN moves the digits, next to the benchmark's affine warp.

Fits ``GANAugmenter(model="deform")`` on the imbalanced digits (one cut), draws
deformations for every class, and prints the mean and spread (standard deviation)
of each deformation parameter in physical units, for the rare classes (0-4) and
the others, beside the spread of the albumentations warp of the image
benchmark (each of its parameters uniform in its range: std = half-range /
sqrt(3)).

Usage::

    python tools/deform_spread.py            # cut 0
    python tools/deform_spread.py --cut 1
"""

from __future__ import annotations

import argparse
import math

import numpy as np
import torch

from gan_augment import GANAugmenter
from gan_augment.datasets import load_imbalanced_digits
from gan_augment.nn import _deform

SIDE = 8  # pixels
#: name, unit, factor from the generator's raw [-1, 1] output, warp's half-range.
PARAMETERS = [
    ("rotation", "deg", _deform.ROTATION_DEGREES, 15.0),
    ("shear", "deg", _deform.SHEAR_DEGREES, 10.0),
    ("scale x", "%", 100 * _deform.SCALE, 10.0),
    ("scale y", "%", 100 * _deform.SCALE, 10.0),
    ("shift x", "px", _deform.SHIFT * SIDE, 0.1 * SIDE),
    ("shift y", "px", _deform.SHIFT * SIDE, 0.1 * SIDE),
    ("stroke (blend to dilation/erosion)", "", _deform.STROKE, 0.0),
]


def spreads(
    generator, label: int, n: int = 2000
) -> tuple[np.ndarray, np.ndarray, float]:
    """Mean and std of each affine/stroke parameter, and mean elastic shift in px."""
    rng = torch.Generator().manual_seed(label)
    z = torch.randn(n, generator.noise_dim, generator=rng)
    labels = torch.full((n,), label, dtype=torch.long)
    generator.eval()
    with torch.no_grad():
        raw = generator.deformation(generator.pick_seeds(z, labels), z, labels)
    raw = raw.numpy()
    factors = np.array([factor for _, _, factor, _ in PARAMETERS])
    affine = raw[:, : len(PARAMETERS)] * factors
    # Flow is in [-1, 1] image coordinates, where SIDE pixels span 2.
    flow_px = np.abs(raw[:, len(PARAMETERS) :]).mean() * _deform.FLOW * SIDE / 2
    return affine.mean(axis=0), affine.std(axis=0), float(flow_px)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cut", type=int, default=0)
    args = parser.parse_args(argv)
    X, y = load_imbalanced_digits(random_state=args.cut)
    augmenter = GANAugmenter(
        image_shape=(SIDE, SIDE), model="deform", random_state=0, verbose=0
    ).fit(X, y)
    labels = np.unique(y).tolist()
    counts = np.bincount(y)
    rare = [int(c) for c in np.unique(y) if counts[c] < counts.max() / 2]
    groups = {
        "rare classes": rare,
        "other classes": sorted(set(np.unique(y)) - set(rare)),
    }
    rows = {}
    for name, classes in groups.items():
        found = [spreads(augmenter.generators_[c], labels.index(c)) for c in classes]
        rows[name] = [np.mean(part, axis=0) for part in zip(*found)]
    print(f"| parameter (mean ± std) | {' | '.join(groups)} | affine warp |")
    print("|---|" + "---|" * (len(groups) + 1))
    for i, (name, unit, _, half) in enumerate(PARAMETERS):
        cells = " | ".join(
            f"{rows[g][0][i]:+.2f} ± {rows[g][1][i]:.2f}" for g in groups
        )
        label = f"{name} ({unit})" if unit else name
        print(f"| {label} | {cells} | 0 ± {half / math.sqrt(3):.2f} |")
    cells = " | ".join(f"{rows[g][2]:.2f}" for g in groups)
    print(f"| elastic displacement, mean (px) | {cells} | 0 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
