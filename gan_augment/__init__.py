"""gan-augment: conditional-GAN oversampling for imbalanced-learn pipelines.

Public names are re-exported here; modules with a leading underscore are
private.
"""

from importlib.metadata import PackageNotFoundError, version

from ._albumentations_sampler import AlbumentationsAugmenter
from ._augmenter import GANAugmenter
from ._chain import SamplerChain
from ._classifier import AugmentedClassifier
from ._encoding import TabularEncoder
from ._interpolation import InterpolationAugmenter
from ._serialization import load_augmenter, save_augmenter
from ._strategies import PartialBalance
from ._training import TrainingDivergedError

try:
    __version__ = version("gan-augment")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "AlbumentationsAugmenter",
    "AugmentedClassifier",
    "GANAugmenter",
    "InterpolationAugmenter",
    "PartialBalance",
    "SamplerChain",
    "TabularEncoder",
    "TrainingDivergedError",
    "__version__",
    "load_augmenter",
    "save_augmenter",
]
