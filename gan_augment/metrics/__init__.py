"""Measure what augmentation buys: downstream gain and synthetic-data quality.

Three questions, three functions:

* :func:`augmentation_gain` -- does a classifier score better on untouched test
  folds when its training folds are augmented? Baseline and augmented models
  are fitted and scored on exactly the same folds, so the per-fold differences
  are paired; the interval and p-value of the mean gain are those of the
  corrected resampled t-test (Nadeau and Bengio), which allows for the
  overlap of the training folds.
* :func:`compare_augmenters` -- which augmenter (or none) for this data? The
  GAN and the baselines (class weights, a tuned threshold, random
  oversampling, SMOTE, ProWSyn) on the same folds, ranked, with the
  recommended pipeline and a critical-difference figure.
* :func:`synthetic_quality` -- how close are synthetic rows to held-out real
  rows (per-column distances, correlations, a real-vs-synthetic classifier) and
  how close are they to the training rows (distance to closest record, exact
  copies)?

The gain and the quality return small frozen dataclasses whose ``to_dict()`` gives flat
``{name: float}`` dictionaries, ready to be logged as MLflow metrics.

One module per job: ``_scoring`` is the fold-scoring protocol that the gain,
the pipeline specs and the benchmark harness share (folds, metric names, how a
fold is fitted and scored); ``_gain`` the downstream gain; ``_compare`` the
comparison of augmenters; ``_ranks`` its rank statistics (shared with the
benchmark report); ``_quality`` the synthetic-data quality.

Examples
--------
>>> from gan_augment.metrics import augmentation_gain, synthetic_quality
>>> callable(augmentation_gain) and callable(synthetic_quality)
True
"""

# The constants stay importable from here, where they were before the split
# (``as`` marks them as re-exported without listing them in __all__).
from ._compare import Comparison, Recommendation, compare_augmenters
from ._gain import TIE_TOLERANCE as TIE_TOLERANCE
from ._gain import GainResult, augmentation_gain, gain_grid
from ._gain import corrected_resampled_ttest as corrected_resampled_ttest
from ._quality import MAX_REFERENCE_ROWS as MAX_REFERENCE_ROWS
from ._quality import MAX_ROWS as MAX_ROWS
from ._quality import QualityReport, synthetic_quality
from ._scoring import AP_MINORITY as AP_MINORITY
from ._scoring import F1_MINORITY as F1_MINORITY

__all__ = [
    "Comparison",
    "GainResult",
    "QualityReport",
    "Recommendation",
    "augmentation_gain",
    "compare_augmenters",
    "gain_grid",
    "synthetic_quality",
]
