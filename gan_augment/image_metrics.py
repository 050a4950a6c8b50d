"""How good are synthetic images? Label fidelity, diversity, Frechet distance.

No downloaded weights: the judge is a small classifier trained here on the
real images (an MLP on pixels scaled to [0, 1], trained on a class-balanced
copy so that small classes are not judged by a majority-biased model). Its
hidden layer is the feature space of the Frechet distance, in the spirit of
FID but with a feature extractor that knows only these images.

A judge that learned from the generator's own few training images shares
their quirks, and is lenient in the wrong places: with a dozen images per
class it ranked a conv GAN's digits above a random affine warp of real ones,
while a classifier that never saw those images ranked them well below. So
when real images the generator never saw are given (``X_unseen``: a test
fold, a held-out split), a second judge learns from those alone and reads
the synthetic images too; its fidelity is the honest one.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import linalg
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.utils import check_random_state
from threadpoolctl import threadpool_limits

__all__ = ["ImageQualityReport", "image_quality"]


@dataclass
class ImageQualityReport:
    """Quality of synthetic images against real ones, overall and per class.

    Attributes
    ----------
    label_fidelity : float
        Share of synthetic images that the judge classifier assigns to the
        class they were generated for (1 is perfect).
    diversity : float
        Mean over classes of the synthetic images' mean pairwise distance over
        the real images' (1: as varied as the real class; near 0: collapsed
        to a few images).
    frechet_distance : float
        Frechet distance between Gaussians fitted to the judge's features of
        the real and of the synthetic images (0 is identical), the real ones
        weighted to the synthetic images' class shares. NaN when no class
        has 2 images on both sides (one image has no spread to compare).
    real_frechet_distance : float
        The same distance between two random halves of each real class: the
        floor that sampling noise alone gives with this few images, to read
        ``frechet_distance`` against.
    judge_accuracy : float
        The judge's accuracy on held-out real images (is it worth trusting?).
    per_class : DataFrame
        ``label_fidelity``, ``diversity`` and ``n_synthetic`` per class, and
        ``unseen_label_fidelity`` when unseen images were given.
    unseen_label_fidelity : float
        Share of synthetic images that a judge trained only on real images the
        generator never saw (``X_unseen``; a class-balanced RBF SVC on
        standard-scaled pixels) assigns to the requested class. NaN when none
        were given.
        Read it before ``label_fidelity``: it does not share the quirks of
        the generator's training images.
    unseen_judge_accuracy : float
        That judge's accuracy on the real images it did not learn from
        (``X_real``); NaN when no unseen images were given.

    Examples
    --------
    Held-out real digits, judged as if they were synthetic, then one image
    copied ten times (a collapsed generator):

    >>> import numpy as np
    >>> from sklearn.datasets import load_digits
    >>> from gan_augment.image_metrics import image_quality
    >>> X, y = load_digits(n_class=3, return_X_y=True)
    >>> real, y_real = X[:150], y[:150]
    >>> report = image_quality(real, y_real, X[150:210], y[150:210], hidden_units=32)
    >>> report.per_class["n_synthetic"].to_dict()
    {0: 22, 1: 19, 2: 19}
    >>> report.judge_accuracy > 0.9 and report.label_fidelity > 0.8
    True
    >>> sorted(report.as_dict(prefix="digits_"))[:2]
    ['digits_diversity', 'digits_frechet_distance']
    >>> copies, labels = np.repeat(X[150:151], 10, axis=0), np.repeat(y[150], 10)
    >>> image_quality(real, y_real, copies, labels, hidden_units=32).diversity
    0.0
    """

    label_fidelity: float
    diversity: float
    frechet_distance: float
    real_frechet_distance: float
    judge_accuracy: float
    per_class: pd.DataFrame = field(repr=False)
    unseen_label_fidelity: float = float("nan")
    unseen_judge_accuracy: float = float("nan")

    def as_dict(self, prefix: str = "") -> dict[str, float]:
        """The headline numbers, e.g. to log as MLflow metrics.

        The unseen judge's numbers are included only when it was trained.
        """
        values = {
            f"{prefix}label_fidelity": self.label_fidelity,
            f"{prefix}diversity": self.diversity,
            f"{prefix}frechet_distance": self.frechet_distance,
            f"{prefix}real_frechet_distance": self.real_frechet_distance,
            f"{prefix}judge_accuracy": self.judge_accuracy,
        }
        if not np.isnan(self.unseen_label_fidelity):
            values[f"{prefix}unseen_label_fidelity"] = self.unseen_label_fidelity
            values[f"{prefix}unseen_judge_accuracy"] = self.unseen_judge_accuracy
        return values


def _scaled(X, low: float, width: float) -> np.ndarray:
    return (np.asarray(X, dtype=np.float64) - low) / width


def _balanced(X: np.ndarray, y: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """Repeat rows of small classes so every class is as large as the largest."""
    classes, counts = np.unique(y, return_counts=True)
    picks = [
        rng.choice(np.flatnonzero(y == c), size=counts.max(), replace=True)
        for c in classes
    ]
    rows = np.concatenate(picks)
    return X[rows], y[rows]


def _train_judge(X, y, hidden_units: int, seed: int, rng) -> MLPClassifier:
    judge = MLPClassifier((hidden_units,), max_iter=200, random_state=seed)
    with warnings.catch_warnings():
        # judge_accuracy reports how good the judge is; an unconverged but
        # accurate judge is fine.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return judge.fit(*_balanced(X, y, rng))


def _features(judge: MLPClassifier, X: np.ndarray) -> np.ndarray:
    return np.maximum(X @ judge.coefs_[0] + judge.intercepts_[0], 0.0)


def _psd_sqrt(matrix: np.ndarray) -> np.ndarray:
    values, vectors = linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def _mixture_stats(features, labels, weights: dict) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance of the class mixture with the given class weights.

    Weighting the real images by the synthetic images' class shares compares
    like with like: a synthetic set made mostly of rare classes is not
    penalised for lacking the common ones.
    """
    dim = features.shape[1]
    mean, second = np.zeros(dim), np.zeros((dim, dim))
    for cls, weight in weights.items():
        part = features[labels == cls]
        mu = part.mean(axis=0)
        centred = part - mu
        mean += weight * mu
        second += weight * (centred.T @ centred / len(part) + np.outer(mu, mu))
    return mean, second - np.outer(mean, mean)


def _frechet(stats_a, stats_b) -> float:
    """||mu_a - mu_b||^2 + Tr(C_a + C_b - 2 (C_a C_b)^(1/2)).

    The trace of the root is taken as Tr((C_a^(1/2) C_b C_a^(1/2))^(1/2)), a
    symmetric form that stays real and stable when there are fewer images
    than features (singular covariances).
    """
    (mu_a, cov_a), (mu_b, cov_b) = stats_a, stats_b
    root_a = _psd_sqrt(cov_a)
    cross = np.trace(_psd_sqrt(root_a @ cov_b @ root_a))
    value = ((mu_a - mu_b) ** 2).sum() + np.trace(cov_a) + np.trace(cov_b) - 2 * cross
    return float(max(value, 0.0))


def _frechet_to_real(judge, real, y_real, synthetic, y_synthetic, counts, rng):
    """Frechet distance of the synthetic images to the real ones, and its floor.

    Weighted to the synthetic images' class shares; classes with a single
    image on either side have no spread and are left out, and with none left
    both numbers are NaN (0 would read as a perfect score).
    """
    real_counts = pd.Series(y_real).value_counts()
    usable = [c for c in counts.index if counts[c] >= 2 and real_counts.get(c, 0) >= 2]
    if not usable:
        return float("nan"), float("nan")
    weights = {c: counts[c] / counts[usable].sum() for c in usable}
    keep_real = np.isin(y_real, usable)
    keep_synthetic = np.isin(y_synthetic, usable)
    real_features = _features(judge, real[keep_real])
    real_labels = y_real[keep_real]
    frechet = _frechet(
        _mixture_stats(real_features, real_labels, weights),
        _mixture_stats(
            _features(judge, synthetic[keep_synthetic]),
            y_synthetic[keep_synthetic],
            weights,
        ),
    )
    # The floor: two random halves of each real class.
    first = np.zeros(len(real_labels), dtype=bool)
    for cls in usable:
        rows = rng.permutation(np.flatnonzero(real_labels == cls))
        first[rows[: len(rows) // 2]] = True
    halves = [
        _mixture_stats(real_features[part], real_labels[part], weights)
        for part in (first, ~first)
    ]
    return frechet, _frechet(*halves)


def _mean_pairwise(X: np.ndarray, max_rows: int, rng) -> float:
    if len(X) > max_rows:
        X = X[rng.choice(len(X), max_rows, replace=False)]
    if len(X) < 2:
        return float("nan")
    squared = (X**2).sum(axis=1)
    d2 = squared[:, None] + squared[None, :] - 2.0 * X @ X.T
    upper = np.triu_indices(len(X), k=1)
    return float(np.sqrt(np.maximum(d2[upper], 0.0)).mean())


def image_quality(
    X_real,
    y_real,
    X_synthetic,
    y_synthetic,
    *,
    X_unseen=None,
    y_unseen=None,
    hidden_units: int = 128,
    random_state=0,
) -> ImageQualityReport:
    """Measure label fidelity, diversity and Frechet distance of synthetic images.

    Parameters
    ----------
    X_real, X_synthetic : array-like of shape (n, H * W * C)
        Flattened images (any value range; both are scaled by the real one).
        ``X_real`` are the images the generator learned from.
    y_real, y_synthetic : array-like of shape (n,)
        Labels; a synthetic image's label is the class it was asked for.
    X_unseen, y_unseen : array-like, optional
        Real images the generator never saw (e.g. the test fold) and their
        labels. A second judge learns from them alone and gives
        ``unseen_label_fidelity``; every synthetic label must occur among them.
    hidden_units : int, default=128
        Width of the judge's hidden layer (the Frechet feature space).
    random_state : int, RandomState instance or None, default=0

    Returns
    -------
    ImageQualityReport

    Notes
    -----
    The judge runs with one BLAS thread. Its matrices are small, and on two
    busy cores (a GAN training in another process, say) multi-threaded BLAS
    made this function 25 times slower.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> X, y = load_digits(n_class=3, return_X_y=True)
    >>> report = image_quality(X[:300], y[:300], X[300:], y[300:])
    >>> report.label_fidelity > 0.9 and 0.8 < report.diversity < 1.2
    True

    With real images the generator never saw, a second judge reads them too:

    >>> report = image_quality(
    ...     X[:200], y[:200], X[300:], y[300:], X_unseen=X[200:300], y_unseen=y[200:300]
    ... )
    >>> report.unseen_judge_accuracy > 0.9 and report.unseen_label_fidelity > 0.9
    True
    """
    with threadpool_limits(limits=1):
        report = _image_quality(
            X_real, y_real, X_synthetic, y_synthetic, hidden_units, random_state
        )
        if X_unseen is None and y_unseen is None:
            return report
        return _with_unseen_judge(
            report, X_real, y_real, X_synthetic, y_synthetic, X_unseen, y_unseen
        )


def _with_unseen_judge(
    report, X_real, y_real, X_synthetic, y_synthetic, X_unseen, y_unseen
) -> ImageQualityReport:
    """``report`` plus the fidelity read by a judge of never-seen real images."""
    if X_unseen is None or y_unseen is None:
        raise ValueError(
            "Pass both X_unseen and y_unseen (real images the generator never "
            "saw, and their labels), or neither."
        )
    X_unseen = np.asarray(X_unseen, dtype=np.float64)
    y_unseen = np.asarray(y_unseen)
    X_real = np.asarray(X_real, dtype=np.float64)
    y_real, y_synthetic = np.asarray(y_real), np.asarray(y_synthetic)
    if X_unseen.ndim != 2 or X_unseen.shape[1] != X_real.shape[1]:
        raise ValueError(
            f"X_unseen must hold flattened images of {X_real.shape[1]} pixel "
            f"values, like X_real; got shape {X_unseen.shape}."
        )
    if len(X_unseen) != len(y_unseen):
        raise ValueError(
            f"{len(X_unseen)} unseen images and {len(y_unseen)} unseen labels: "
            "pass one label per image."
        )
    missing = sorted(set(y_synthetic.tolist()) - set(y_unseen.tolist()))
    if missing or len(np.unique(y_unseen)) < 2:
        raise ValueError(
            f"The unseen images lack classes {missing} (or hold a single class): "
            "the unseen judge must know every class it reads. Hold out images of "
            "every class, e.g. a stratified test fold."
        )
    # The same scale for every side, read off the images the judge learns from.
    low = float(X_unseen.min())
    width = float(X_unseen.max()) - low or 1.0
    # Balanced: held-out images are rarely balanced (a test fold keeps the
    # imbalance), and a majority-biased judge would call rare digits common ones.
    judge = make_pipeline(
        StandardScaler(), SVC(kernel="rbf", gamma="scale", class_weight="balanced")
    )
    judge.fit(_scaled(X_unseen, low, width), y_unseen)
    predicted = judge.predict(_scaled(np.asarray(X_synthetic), low, width))
    hits = predicted == y_synthetic
    per_class = report.per_class.copy()
    per_class["unseen_label_fidelity"] = [
        float(hits[y_synthetic == cls].mean()) for cls in per_class.index
    ]
    accuracy = float((judge.predict(_scaled(X_real, low, width)) == y_real).mean())
    return ImageQualityReport(
        label_fidelity=report.label_fidelity,
        diversity=report.diversity,
        frechet_distance=report.frechet_distance,
        real_frechet_distance=report.real_frechet_distance,
        judge_accuracy=report.judge_accuracy,
        per_class=per_class,
        unseen_label_fidelity=float(hits.mean()),
        unseen_judge_accuracy=accuracy,
    )


def _image_quality(
    X_real, y_real, X_synthetic, y_synthetic, hidden_units, random_state
) -> ImageQualityReport:
    rng = check_random_state(random_state)
    X_real = np.asarray(X_real, dtype=np.float64)
    X_synthetic = np.asarray(X_synthetic, dtype=np.float64)
    y_real, y_synthetic = np.asarray(y_real), np.asarray(y_synthetic)
    if X_real.ndim != 2 or X_synthetic.ndim != 2:
        raise ValueError("Pass images flattened to rows: 2-D arrays (n, H * W * C).")
    for images, labels, side in (
        (X_real, y_real, "real"),
        (X_synthetic, y_synthetic, "synthetic"),
    ):
        if len(images) != len(labels):
            raise ValueError(
                f"{len(images)} {side} images and {len(labels)} {side} labels: "
                "pass one label per image."
            )
    if X_real.shape[1] != X_synthetic.shape[1]:
        raise ValueError(
            f"Real images have {X_real.shape[1]} pixel values and synthetic ones "
            f"{X_synthetic.shape[1]}: they must be the same size."
        )
    unknown = sorted(set(y_synthetic.tolist()) - set(y_real.tolist()))
    if unknown:
        raise ValueError(
            f"Synthetic labels {unknown} do not occur in y_real: the judge cannot "
            "score classes it has never seen."
        )
    if len(X_synthetic) < 2 or len(X_real) < 4:
        raise ValueError(
            "Need at least 4 real and 2 synthetic images to measure quality."
        )
    low = float(X_real.min())
    width = float(X_real.max()) - low
    if width == 0:
        raise ValueError(
            f"Every real pixel is {low}: blank images teach the judge nothing. "
            "Check that X_real holds the images."
        )
    real, synthetic = _scaled(X_real, low, width), _scaled(X_synthetic, low, width)

    # The judge learns from four fifths of the real images; the last fifth
    # says how far to trust it.
    order = rng.permutation(len(real))
    held, kept = order[: len(real) // 5], order[len(real) // 5 :]
    seed = int(rng.randint(np.iinfo(np.int32).max))
    judge = _train_judge(real[kept], y_real[kept], hidden_units, seed, rng)
    judge_accuracy = float((judge.predict(real[held]) == y_real[held]).mean())

    predicted = judge.predict(synthetic)
    rows = []
    for cls in dict.fromkeys(y_synthetic.tolist()):
        mine = y_synthetic == cls
        real_spread = _mean_pairwise(real[y_real == cls], 500, rng)
        rows.append(
            {
                "class": cls,
                "n_synthetic": int(mine.sum()),
                "label_fidelity": float((predicted[mine] == cls).mean()),
                "diversity": _mean_pairwise(synthetic[mine], 500, rng) / real_spread,
            }
        )
    per_class = pd.DataFrame(rows).set_index("class")

    frechet, floor = _frechet_to_real(
        judge, real, y_real, synthetic, y_synthetic, per_class["n_synthetic"], rng
    )
    return ImageQualityReport(
        label_fidelity=float((predicted == y_synthetic).mean()),
        diversity=float(per_class["diversity"].mean()),
        frechet_distance=frechet,
        real_frechet_distance=floor,
        judge_accuracy=judge_accuracy,
        per_class=per_class,
    )
