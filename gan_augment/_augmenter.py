"""GANAugmenter: an imbalanced-learn over-sampler backed by a conditional GAN."""

from __future__ import annotations

import inspect
import logging
import math
import time
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_sampling_strategy, check_target_type
from joblib import Parallel, delayed
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from ._calibration import REFERENCE_ROWS, fit_marginal_map
from ._compat import Interval, StrOptions, _fit_context
from ._containers import (
    concat_output,
    input_kind_of,
    labels_container,
    to_container,
    to_frame,
)
from ._device import resolve_device
from ._encoding import TabularEncoder
from ._filtering import NeighbourFilter, row_hashes
from ._images import (
    ImageEncoder,
    augment_images,
    check_augmentation,
    check_image_frame,
    check_image_shape,
    warp_images,
)
from ._labels import plain_label
from ._losses import LOSSES
from ._training import TrainingConfig, _notify, seeded, torch_threads, train_gan
from ._validation import (
    check_features,
    check_n_samples,
    check_strategy_classes,
    check_strategy_counts,
    check_target,
    is_positive_int,
)
from .nn import (
    ConvDiscriminator,
    ConvGenerator,
    DeformationGenerator,
    MLPDiscriminator,
    MLPGenerator,
    TabularDiscriminator,
    TabularGenerator,
)
from .nn._conv import MIN_CONV_SIZE

logger = logging.getLogger(__name__)

#: Parameters that count something (steps, rows, widths, workers).
_COUNT_PARAMS = (
    "n_steps",
    "epochs",
    "batch_size",
    "noise_dim",
    "n_critic",
    "max_categories",
    "augmentation_copies",
    "n_jobs",
)
#: The methods a callback may have (any subset); see ``callbacks``.
_CALLBACK_HOOKS = (
    "on_fit_begin",
    "on_train_begin",
    "on_epoch_end",
    "on_train_end",
    "on_fit_end",
    "on_fit_error",
)
_CHUNK_ROWS = 8_192  # cache-sized blocks: 2x faster than 64k-row blocks
_MAX_SAMPLING_ROUNDS = 20
_TRUNCATION_ROUNDS = 64
_IMAGE_DEFAULTS = {
    "class_loss_weight": 2.0,
    "diversity_weight": 0.02,
    "filter_synthetic": False,
    "filter_neighbors": 5,
}
#: What ``None`` (or ``"auto"``) means, per model kind (``_model_kind``).
_KIND_DEFAULTS = {
    "tabular": {
        "class_loss_weight": 1.0,
        "diversity_weight": 0.0,
        "filter_synthetic": False,
        "filter_neighbors": 5,
    },
    "conv": _IMAGE_DEFAULTS,
    "mlp": _IMAGE_DEFAULTS,
    # Its samples are real images, so the class loss has nothing to fix; it
    # needs a stronger push to move them, and a filter for those it moves
    # into another class (tools/image_ablation.py). A deformed image's own
    # seed is nearly always among its 5 nearest real images, so the filter
    # asks that the nearest one be of its class.
    "deform": {
        "class_loss_weight": 0.0,
        "diversity_weight": 0.05,
        "filter_synthetic": True,
        "filter_neighbors": 1,
    },
}
MLP_NOISE_DIM = 100  # the tutorial's noise width for model="mlp"


class GANAugmenter(BaseOverSampler):
    """Oversample classes with rows drawn from a conditional GAN.

    The augmenter learns each class's distribution with a generator trained
    against a discriminator and emits exactly the synthetic rows that
    ``sampling_strategy`` asks for. Mixed-type tables (float, integer, bool,
    categorical columns) are encoded reversibly, so synthetic rows come back
    with the input's columns and dtypes.

    Read more in the :doc:`user guide </user_guide>`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        What to oversample, exactly as in imbalanced-learn: ``"auto"``,
        ``"minority"``, ``"not minority"``, ``"not majority"``, ``"all"``, a
        float (binary only: the desired minority/majority ratio), a dict
        ``{class: target count}`` or a callable ``y -> dict``.
    conditioning : {"joint", "per_class"}, default="joint"
        ``"joint"`` trains one GAN over all classes with a learned label
        embedding and class-balanced batches, so small classes borrow the
        structure the large ones teach. ``"per_class"`` trains an independent
        unconditional GAN for each class to oversample, in parallel with
        ``n_jobs``.
    loss : {"bce", "wgan-gp", "hinge"}, default="bce"
        ``"bce"`` is L_D = -log D(x) - log(1 - D(G(z))) with the
        non-saturating L_G = -log D(G(z)); ``"wgan-gp"`` is the Wasserstein
        loss with gradient penalty; ``"hinge"`` the hinge loss.
    n_steps : int, default=1500
        Generator updates in all (per GAN). Training is budgeted in updates,
        not epochs, because small tables give few updates per epoch.
    epochs : int or None, default=None
        If set, overrides ``n_steps`` with ``epochs * ceil(n_rows /
        batch_size)`` updates.
    batch_size : int, default=64
        Rows per batch (class-balanced).
    noise_dim : int, default=32
        Width of the generator's noise vector. ``model="mlp"`` keeps the
        tutorial's 100 and ignores it.
    generator_dims : tuple of int, default=(128, 128)
        Hidden layer widths of the tables' generator; the image networks
        (``"conv"``, ``"deform"``, ``"mlp"``) have fixed layouts and ignore it.
    discriminator_dims : tuple of int, default=(128, 128)
        Hidden layer widths of the tables' discriminator; ignored for images,
        as ``generator_dims``.
    learning_rate : float, default=1e-3
        Adam's learning rate for both networks.
    n_critic : int or None, default=None
        Discriminator updates per generator update; None means 5 for
        ``"wgan-gp"`` and 1 otherwise.
    discriminator_dropout : float, default=0.0
        Dropout in the discriminator's hidden layers.
    class_loss_weight : float or None, default=None
        With ``conditioning="joint"``, weight of an auxiliary classification
        loss (AC-GAN): a classifier learns the classes from real rows and the
        generator is penalised for rows it assigns to another class than the
        one requested. 0 turns it off. None means 1.0 for tables (chosen by
        the ablation in ``docs/tuning.md``) and 2.0 for images, where it
        raised the label fidelity of digits from 0.89 to 0.93 at the same
        downstream accuracy; 0 with ``model="deform"``, whose samples are
        deformed real images of the class.
    categorical_features : "auto" or list, default="auto"
        Extra columns (names, positions or a boolean mask) to treat as
        categories; object, string, category and bool columns always are.
    max_categories : int, default=1000
        A categorical column with more distinct values keeps its most frequent
        ``max_categories - 1`` values as their own categories and groups the
        rest into one "other" category for the GAN; a synthetic row in "other"
        gets one of the grouped values that its class holds, drawn by its
        frequency in the class. This bounds memory for columns with tens of
        thousands of values.
    filter_synthetic : bool or "auto", default="auto"
        Reject synthetic rows whose nearest real neighbours (5) all belong to
        other classes (rows placed deep inside another class) and draw again.
        With ``model="deform"``, whose samples are deformed real images (their
        own seed nearly always among those 5), the nearest real image must be
        of the sample's class. ``"auto"`` turns it on for ``model="deform"``
        only: there it raised the label fidelity of digit images from 0.87 to
        0.93 at the same accuracy, and that model holds its training images
        anyway. On the tabular development suite it changed no downstream
        score beyond noise, costs sampling speed, and makes a saved augmenter
        carry its (encoded) training rows, so it is off there.
    min_distance : float or None, default=None
        Privacy guard: reject (and redraw) synthetic rows closer than this to
        any training row, in the encoded space (quantile-normal numbers, one-hot
        categories; a distance of 1 is about one standard deviation in one
        column). ``gan_augment.metrics.synthetic_quality`` tells whether
        synthetic rows sit closer to the training rows than held-out real rows
        do (in its own [0, 1]-scaled space, not this one): use it to decide
        whether a guard is needed and to check its effect. The guard keeps the
        encoded training rows in the fitted (and saved) augmenter.
    truncation : float or None, default=None
        Draw the generator's noise from a normal truncated to
        ``[-truncation, truncation]`` (the "truncation trick"): smaller values
        give rows closer to the class's typical rows, at some cost in
        diversity. None draws plain normal noise.
    match_marginals : {"continuous", "all"} or None, default="continuous"
        Tables only. After training, draw 2,000 rows of each class once and
        fit a per-class affine map of the generator's output that gives every
        continuous column the mean and standard deviation of the class's real
        rows (in the encoder's quantile-normal space). A GAN trained on a few
        dozen rows draws them less spread than the real ones, and a classifier
        trained on such rows predicts the class too rarely; the map raised the
        benchmark's mean balanced accuracy from 0.836 to 0.841 on the
        development suite and from 0.844 to 0.858 on the holdout suite
        (``docs/tuning.md``). ``"all"`` also biases each categorical column's
        logits until its frequencies match the class's: more balanced
        accuracy again on average, but it breaks tables whose class is a rule
        of the categories (minority F1 0.92 to 0.67 on one). None samples the
        generator as trained.
    image_shape : tuple of int or None, default=None
        Treat each row of ``X`` as an image of this shape, ``(H, W)`` or
        ``(H, W, C)``, flattened row-major and channels last (the layout of
        ``sklearn.datasets.load_digits``). Pixels are scaled linearly to
        [-1, 1] for the GAN, and synthetic images come back flattened, in the
        input's value range and dtype.
    model : {"auto", "conv", "deform", "mlp"}, default="auto"
        The networks. ``"auto"`` is an MLP over encoded columns for tables and
        ``"conv"`` for images: a class-conditional DCGAN-style generator with a
        projection discriminator (spectral norm, random translations of real
        and generated images). ``"deform"`` (images) keeps the real images
        of each class and learns, against the same discriminator, how far
        they may be deformed: each sample is a real image of the class under
        a learned affine warp, coarse elastic flow and stroke-width change,
        so its label is far safer than that of a drawn image; the fitted (and
        saved) augmenter holds the real training images. ``"mlp"`` is the
        tutorial's MLP GAN, G 100-256-512-1024-(H*W*C) tanh and D
        (H*W*C)-512-256-1, for images.
    augmentation : "auto", albumentations transform or None, default="auto"
        Images only: enlarge the GAN's training set by ``augmentation_copies``
        altered copies of each real image, a data-efficient way to train on
        classes of a dozen images. ``"auto"`` is a built-in random affine warp
        (rotation 15 degrees, scale 10%, shear 10 degrees, shift 10%; torch,
        no albumentations needed), which lifted the GAN's balanced accuracy on
        every cut of the digits benchmark; an albumentations transform (e.g.
        ``A.Compose([...], strict=True)``, seeing float images in [0, 1]) is
        used instead when given; None trains on the real images only. Ignored
        for tables, and for ``model="deform"``, when ``"auto"``.
    augmentation_copies : int, default=4
        Altered copies of each real image.
    diversity_weight : float or None, default=None
        Weight of a mode-seeking term (Mao et al., 2019) that penalises the
        generator when two noise vectors of one class give near-identical
        rows. None means 0.02 for images, where class-conditional GANs collapse
        to one image per class without it, 0.05 with ``model="deform"`` (two
        deformations of the same real image are compared), and 0 for tables.
    device : str, default="auto"
        Torch device; ``"auto"`` uses CUDA when present, else the CPU.
    n_jobs : int or None, default=None
        Parallel per-class fits (``conditioning="per_class"``) via joblib.
    random_state : int, RandomState instance or None, default=None
        Seeds everything: the same value gives identical rows on the CPU.
    verbose : int, default=0
        0 is silent; 1 or more shows a progress bar per GAN (none for
        per-class GANs trained in parallel, ``n_jobs`` other than 1: the
        workers' bars would interleave; a log line says so).
    callbacks : list or None, default=None
        Objects with any of ``on_train_begin(info)``,
        ``on_epoch_end(epoch, logs)`` and ``on_train_end(history)`` (per GAN),
        and of the fit-level ``on_fit_begin(augmenter)``,
        ``on_fit_end(augmenter, X, y)`` (the fitted augmenter and its real
        rows) and ``on_fit_error(augmenter, exc)`` (training raised, including
        KeyboardInterrupt), e.g. ``gan_augment.mlflow.MlflowCallback``. With
        ``per_class`` fits in parallel, per-GAN events arrive after each class
        finishes.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of rows to generate}`` resolved in ``fit``.
    classes_ : ndarray
        The classes seen in ``fit``.
    encoder_ : TabularEncoder
        The fitted reversible encoder.
    generators_ : dict
        ``{class: generator module}`` for every class that can be sampled;
        with ``conditioning="joint"`` all entries are the same module.
    history_ : pandas.DataFrame
        Per-epoch ``d_loss`` and ``g_loss`` (and ``model``, ``step``,
        ``learning_rate``) of every GAN trained.
    n_steps_ : int
        Generator updates actually run per GAN (with per-class GANs and
        ``epochs``, the largest class's; ``history_`` has each GAN's steps).
    marginal_maps_ : dict
        ``{class: MarginalMap}``, the per-class correction of
        ``match_marginals`` (empty when it is off, and for images).
    fit_time_ : float
        Seconds spent in training.
    device_ : torch.device
        The device the GANs were trained on.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when ``X`` has string column names.

    See Also
    --------
    AugmentedClassifier : Use the augmenter inside a plain scikit-learn pipeline.
    imblearn.over_sampling.SMOTE : The interpolation baseline.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> X, y = make_classification(n_samples=300, weights=[0.9, 0.1], random_state=0)
    >>> augmenter = GANAugmenter(n_steps=200, random_state=0)
    >>> X_res, y_res = augmenter.fit_resample(X, y)
    >>> sorted((int(label), n) for label, n in Counter(y_res).items())
    [(0, 268), (1, 268)]
    >>> X_new, y_new = augmenter.sample({1: 5})
    >>> X_new.shape
    (5, 20)
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "conditioning": [StrOptions({"joint", "per_class"})],
        "loss": [StrOptions(set(LOSSES))],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left"), None],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "noise_dim": [Interval(Integral, 1, None, closed="left")],
        "generator_dims": [tuple, list],
        "discriminator_dims": [tuple, list],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "n_critic": [Interval(Integral, 1, None, closed="left"), None],
        "discriminator_dropout": [Interval(Real, 0, 1, closed="left")],
        "class_loss_weight": [Interval(Real, 0, None, closed="left"), None],
        "categorical_features": [StrOptions({"auto"}), "array-like"],
        "max_categories": [Interval(Integral, 2, None, closed="left")],
        "filter_synthetic": ["boolean", StrOptions({"auto"})],
        "min_distance": [Interval(Real, 0, None, closed="neither"), None],
        "truncation": [Interval(Real, 0, None, closed="neither"), None],
        "match_marginals": [StrOptions({"continuous", "all"}), None],
        "image_shape": [tuple, list, None],
        "model": [StrOptions({"auto", "conv", "deform", "mlp"})],
        "augmentation": "no_validation",
        "augmentation_copies": [Interval(Integral, 1, None, closed="left")],
        "diversity_weight": [Interval(Real, 0, None, closed="left"), None],
        "device": [str, torch.device],
        "n_jobs": [Integral, None],
        "verbose": ["verbose"],
        "callbacks": [list, tuple, None],
    }

    def __init__(
        self,
        sampling_strategy="auto",
        *,
        conditioning="joint",
        loss="bce",
        n_steps=1500,
        epochs=None,
        batch_size=64,
        noise_dim=32,
        generator_dims=(128, 128),
        discriminator_dims=(128, 128),
        learning_rate=1e-3,
        n_critic=None,
        discriminator_dropout=0.0,
        class_loss_weight=None,
        categorical_features="auto",
        max_categories=1000,
        filter_synthetic="auto",
        min_distance=None,
        truncation=None,
        match_marginals="continuous",
        image_shape=None,
        model="auto",
        augmentation="auto",
        augmentation_copies=4,
        diversity_weight=None,
        device="auto",
        n_jobs=None,
        random_state=None,
        verbose=0,
        callbacks=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.conditioning = conditioning
        self.loss = loss
        self.n_steps = n_steps
        self.epochs = epochs
        self.batch_size = batch_size
        self.noise_dim = noise_dim
        self.generator_dims = generator_dims
        self.discriminator_dims = discriminator_dims
        self.learning_rate = learning_rate
        self.n_critic = n_critic
        self.discriminator_dropout = discriminator_dropout
        self.class_loss_weight = class_loss_weight
        self.categorical_features = categorical_features
        self.max_categories = max_categories
        self.filter_synthetic = filter_synthetic
        self.min_distance = min_distance
        self.truncation = truncation
        self.match_marginals = match_marginals
        self.image_shape = image_shape
        self.model = model
        self.augmentation = augmentation
        self.augmentation_copies = augmentation_copies
        self.diversity_weight = diversity_weight
        self.device = device
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks

    # ------------------------------------------------------------ public API
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the GAN(s) on ``X, y`` without returning rows.

        Parameters
        ----------
        X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : GANAugmenter
        """
        frame, y, _ = self._check_X_y(X, y)
        self._resolve_strategy(y)
        self._train(frame, y)
        return self

    def fit_resample(self, X, y, **params):
        """Train, then return the original rows followed by synthetic rows.

        Parameters
        ----------
        X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled : same container as X
            The input rows, then the synthetic rows, class by class.
        y_resampled : same container as y
        """
        check_target(y)
        return super().fit_resample(X, y, **params)

    def sample(self, n_samples, random_state=None):
        """Draw synthetic rows from the fitted GAN(s) without retraining.

        Parameters
        ----------
        n_samples : dict
            ``{class: number of rows}``.
        random_state : int, RandomState instance or None, default=None
            None reuses the seed drawn in ``fit``, so ``sample`` then repeats
            the synthetic rows of ``fit_resample``; pass a seed for new draws.

        Returns
        -------
        X_synthetic : DataFrame or ndarray
            In the container ``fit`` was given (lists give arrays).
        y_synthetic : Series or ndarray
        """
        check_is_fitted(self, "generators_")
        counts = check_n_samples(n_samples, self.classes_)
        frame, labels = self._generate(counts, random_state)
        return self._to_container(frame), self._labels_container(labels)

    def iter_samples(self, n_samples, chunk_size=100_000, random_state=None):
        """Draw synthetic rows in chunks, for more rows than fit in memory.

        Parameters
        ----------
        n_samples : dict
            ``{class: number of rows}``.
        chunk_size : int, default=100_000
            Rows per chunk; memory stays bounded by one chunk.
        random_state : int, RandomState instance or None, default=None
            As in :meth:`sample`. The chunks are reproducible for a seed, but
            they are not the rows :meth:`sample` would return.

        Yields
        ------
        X_chunk, y_chunk
            Containers as returned by :meth:`sample`, class by class.

        Examples
        --------
        >>> from sklearn.datasets import make_classification
        >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
        >>> augmenter = GANAugmenter(n_steps=50, random_state=0).fit(X, y)
        >>> chunks = augmenter.iter_samples({1: 250}, chunk_size=100)
        >>> [len(X_chunk) for X_chunk, _ in chunks]
        [100, 100, 50]
        """
        check_is_fitted(self, "generators_")
        counts = check_n_samples(n_samples, self.classes_)
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, Integral):
            raise TypeError(f"chunk_size must be a positive int; got {chunk_size!r}.")
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be a positive int; got {chunk_size}.")
        self._check_generators(counts)
        base = self._base_seed(random_state)
        for k, cls in enumerate(self.classes_):
            total = counts.get(cls, 0)
            for index, start in enumerate(range(0, total, chunk_size)):
                n = min(chunk_size, total - start)
                seed = np.random.SeedSequence([int(base), k, index + 1])
                frame = self._sample_class(k, cls, n, int(seed.generate_state(1)[0]))
                labels = np.full(n, cls, dtype=self.classes_.dtype)
                yield self._to_container(frame), self._labels_container(labels)

    # ----------------------------------------------- imbalanced-learn hooks
    def _check_X_y(self, X, y):
        self._check_hyperparameters()
        target = y if isinstance(y, pd.Series) else None
        y = check_target(y)
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        check_strategy_classes(self.sampling_strategy, y)
        # Resolved again by imbalanced-learn; here so its refusals come first.
        check_sampling_strategy(self.sampling_strategy, y, self._sampling_type)
        frame = to_frame(X)
        check_features(frame, len(y))
        self._check_image_params(frame)
        validate_data(
            self,
            X=X if isinstance(X, pd.DataFrame) else frame,
            reset=True,
            skip_check_array=True,
        )
        # The input passed every check: from here a refit starts unfitted, so
        # a later failure cannot leave old generators under new labels, and a
        # refused refit leaves the fitted augmenter as it was.
        self.__dict__.pop("generators_", None)
        self._target_name = None if target is None else target.name
        self._target_dtype = None if target is None else target.dtype
        self._input_kind = input_kind_of(X)
        return frame, y, binarize_y

    def _fit_resample(self, X, y):
        self._train(X, y)
        counts = {c: n for c, n in self.sampling_strategy_.items() if n > 0}
        synthetic, labels = self._generate(counts, None)
        X_out = self._concat_output(X, synthetic)
        return X_out, np.concatenate([np.asarray(y), labels])

    def __sklearn_is_fitted__(self) -> bool:
        # Fitted means generators to sample from: a failed or interrupted fit
        # leaves sampling_strategy_ and n_features_in_, but none.
        return hasattr(self, "generators_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        tags.input_tags.allow_nan = False
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags

    # -------------------------------------------------------------- training
    def _resolve_strategy(self, y):
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, self._sampling_type
        )

    def _check_image_params(self, frame: pd.DataFrame) -> None:
        if self.image_shape is not None:
            height, width, _ = check_image_shape(self.image_shape, frame.shape[1])
            check_image_frame(frame)
            if self.model != "mlp" and min(height, width) < MIN_CONV_SIZE:
                raise ValueError(
                    f"The {self._model_kind()} GAN needs images of at least "
                    f"{MIN_CONV_SIZE}x{MIN_CONV_SIZE} pixels; image_shape is "
                    f"{tuple(self.image_shape)}. Use model='mlp' for smaller images."
                )
            if self.model == "deform" and self.noise_dim < 2:
                raise ValueError(
                    "model='deform' reads the seed image from the first noise "
                    "coordinate and the deformation from the rest: "
                    f"noise_dim={self.noise_dim} leaves none. Use noise_dim >= 2 "
                    "(the default is 32)."
                )
            if not _builtin_augmentation(self.augmentation):
                check_augmentation(self.augmentation)
            return
        if self.model != "auto":
            raise ValueError(
                f"model={self.model!r} is a network for images: pass "
                "image_shape=(height, width[, channels]) with flattened images, "
                "or leave model='auto' for tables."
            )
        if not _builtin_augmentation(self.augmentation):
            raise ValueError(
                "augmentation alters images: pass image_shape=(height, width"
                "[, channels]) with flattened images, or leave augmentation=None "
                "for tables."
            )

    def _uses_augmentation(self) -> bool:
        """Whether the GAN trains on altered copies of the real images too.

        ``"auto"`` is off for model="deform": its discriminator, shown warps
        as real images, let it deform digits out of their class (label
        fidelity 0.59 against 0.87) for no gain in accuracy.
        """
        if self.image_shape is None or self.augmentation is None:
            return False
        return not (self.model == "deform" and _builtin_augmentation(self.augmentation))

    def _check_hyperparameters(self):
        # sklearn's Interval(Integral) takes True for 1: a flag passed where a
        # count belongs is a mistake, not one step or one row.
        for name in _COUNT_PARAMS:
            value = getattr(self, name)
            if isinstance(value, bool):
                raise TypeError(
                    f"{name} must be an int, not a bool; got {value!r}. Pass a "
                    f"whole number (the default is {_init_default(name)!r})."
                )
        for callback in self.callbacks or ():
            if not any(hasattr(callback, hook) for hook in _CALLBACK_HOOKS):
                raise TypeError(
                    f"callbacks holds {callback!r}, which has none of the hooks "
                    f"{list(_CALLBACK_HOOKS)}: it would never be called. Pass "
                    "objects with some of those methods, e.g. MlflowCallback()."
                )
        if self.n_jobs == 0:
            raise ValueError(
                "n_jobs=0 runs nothing: use None or 1 for one process, a "
                "positive number of processes, or -1 for all cores."
            )
        for name in ("generator_dims", "discriminator_dims"):
            dims = getattr(self, name)
            if not all(is_positive_int(d) for d in dims):
                raise ValueError(
                    f"{name} must be a tuple of positive ints (hidden layer "
                    f"widths), e.g. (128, 128); got {dims!r}."
                )

    def _train(self, frame: pd.DataFrame, y: np.ndarray) -> None:
        check_strategy_counts(self.sampling_strategy_)
        device = resolve_device(self.device)
        classes, y_idx = np.unique(y, return_inverse=True)
        to_fit = self._classes_to_fit(classes)
        self._check_class_sizes(classes, y_idx, to_fit)
        try:
            # Inside: a callback that fails here still gets every callback's
            # on_fit_error, so runs opened by the others are closed.
            _notify(self.callbacks or (), "on_fit_begin", self)
            self._train_checked(frame, y_idx, classes, to_fit, device)
        except BaseException as exc:
            _notify(self.callbacks or (), "on_fit_error", self, exc)
            raise
        _notify(self.callbacks or (), "on_fit_end", self, frame, y)

    def _train_checked(self, frame, y_idx, classes, to_fit, device) -> None:
        """Encode and train on input that passed every check."""
        rng = check_random_state(self.random_state)
        encoder_seed = rng.randint(np.iinfo(np.int32).max)
        if self.image_shape is not None:
            shape = check_image_shape(self.image_shape)
            encoder = ImageEncoder(shape).fit(frame)
        else:
            encoder = TabularEncoder(
                categorical_features=self.categorical_features,
                random_state=encoder_seed,
                max_categories=self.max_categories,
            ).fit(frame)
        encoded = encoder.encode(frame)
        stuck = [
            classes[k]
            for k in range(len(classes))
            if self.sampling_strategy_.get(classes[k], 0) > 0
            and _copies_only(encoder, frame[y_idx == k])
        ]
        if stuck:
            stuck = [plain_label(c) for c in stuck]
            raise ValueError(
                f"Every row the GAN could give for classes {stuck} "
                "is an exact copy of one of their training rows: their float "
                "columns each hold a single value, and the other columns allow no "
                "new combination. Mark those float columns as "
                "categorical_features (copies are then allowed), or leave these "
                "classes out of sampling_strategy."
            )
        model_seeds = rng.randint(np.iinfo(np.int32).max, size=len(classes))
        sampling_seed = int(rng.randint(np.iinfo(np.int32).max))
        # The GAN trains on the real rows, plus altered copies of real images.
        train_rows, train_idx = encoded, y_idx
        if self._uses_augmentation():
            copies = np.repeat(np.arange(len(frame)), self.augmentation_copies)
            if _builtin_augmentation(self.augmentation):  # "auto"
                altered = warp_images(
                    encoded[copies], encoder.image_shape, seed=int(encoder_seed)
                )
            else:
                pixels = augment_images(
                    self.augmentation,
                    frame.to_numpy(dtype=np.float64)[copies],
                    encoder.image_shape,
                    encoder.low_,
                    encoder.high_,
                    seed=int(encoder_seed),
                )
                altered = encoder.encode(pd.DataFrame(pixels, columns=frame.columns))
            train_rows = np.concatenate([encoded, altered])
            train_idx = np.concatenate([y_idx, y_idx[copies]])

        started = time.perf_counter()
        if self.conditioning == "joint":
            generator, history = _fit_gan(
                train_rows,
                train_idx,
                len(classes),
                self._model_params(encoder, encoded, y_idx),
                self._config(len(train_rows)),
                int(model_seeds[0]),
                str(device),
                self.callbacks or (),
                self.verbose > 0,
                "GAN (joint)",
                {"model": "joint"},
                None,
            )
            generators = {classes[k]: generator for k in to_fit}
            histories = {"joint": history}
        else:
            generators, histories = self._fit_per_class(
                (train_rows, train_idx),
                (encoded, y_idx),
                classes,
                to_fit,
                encoder,
                model_seeds,
                device,
            )
        fit_time = time.perf_counter() - started

        # Publish fitted state only once everything succeeded: an interrupted
        # or failed fit leaves no half-fitted augmenter behind.
        self.classes_ = classes
        self.encoder_ = encoder
        self.device_ = device
        self.sampling_seed_ = sampling_seed
        self.class_ranges_ = {
            classes[k]: encoder.continuous_bounds(frame[y_idx == k])
            for k in range(len(classes))
        }
        self.category_masks_ = {
            classes[k]: encoded[y_idx == k].max(axis=0) > 0 for k in range(len(classes))
        }
        self.marginal_maps_ = (
            _marginal_maps(
                generators,
                self.category_masks_,
                encoded,
                y_idx,
                classes,
                seed=sampling_seed,
                truncation=self.truncation,
                categories=self.match_marginals == "all",
            )
            if self.match_marginals is not None
            else {}
        )
        self.filter_ = (
            NeighbourFilter(
                n_neighbors=self._kind_default("filter_neighbors"),
                random_state=int(sampling_seed),
            ).fit(encoded, y_idx)
            if self._filters()
            else None
        )
        self.privacy_guard_ = (
            NeighbourFilter(n_neighbors=1).fit_reference(encoded, y_idx)
            if self.min_distance is not None
            else None
        )
        self.rare_values_ = {
            classes[k]: _rare_values(encoder, frame[y_idx == k])
            for k in range(len(classes))
        }
        self.training_hashes_ = {
            classes[k]: row_hashes(frame[y_idx == k]) for k in range(len(classes))
        }
        self.history_ = _history_frame(histories)
        self.n_steps_ = (
            self._config(len(train_rows)).n_steps
            if self.conditioning == "joint"
            else max(self._config(int((train_idx == k).sum())).n_steps for k in to_fit)
        )
        self.fit_time_ = fit_time
        self.generators_ = generators
        logger.info(
            "GANAugmenter fitted %d GAN(s) in %.2fs on %s",
            len(set(map(id, generators.values()))),
            fit_time,
            device,
        )

    def _classes_to_fit(self, classes) -> list[int]:
        """Indices of the classes that get a generator."""
        if self.conditioning == "joint":
            return list(range(len(classes)))
        wanted = {c for c, n in self.sampling_strategy_.items() if n > 0}
        return [k for k, c in enumerate(classes) if c in wanted]

    def _check_class_sizes(self, classes, y_idx, to_fit) -> None:
        counts = np.bincount(y_idx, minlength=len(classes))
        tiny = [classes[k] for k in to_fit if counts[k] < 2]
        asked = {c for c, n in self.sampling_strategy_.items() if n > 0}
        tiny = [plain_label(c) for c in tiny if c in asked]
        if tiny:
            raise ValueError(
                f"Classes {tiny} have a single row: a GAN cannot learn a "
                "distribution from one example (it would only copy it). Collect "
                "at least 2 rows per class, or leave these classes out of "
                "sampling_strategy."
            )

    def _config(self, n_rows: int) -> TrainingConfig:
        steps_per_epoch = max(1, math.ceil(n_rows / self.batch_size))
        n_steps = (
            self.epochs * steps_per_epoch if self.epochs is not None else self.n_steps
        )
        n_critic = self.n_critic or (5 if self.loss == "wgan-gp" else 1)
        return TrainingConfig(
            loss=self.loss,
            n_steps=int(n_steps),
            batch_size=int(self.batch_size),
            learning_rate=float(self.learning_rate),
            n_critic=int(n_critic),
            steps_per_epoch=steps_per_epoch,
            class_loss_weight=float(self._class_loss_weight()),
            diversity_weight=float(self._diversity_weight()),
        )

    def _kind_default(self, name: str):
        """The default of parameter ``name`` for this model kind."""
        return _KIND_DEFAULTS[self._model_kind()][name]

    def _class_loss_weight(self) -> float:
        if self.class_loss_weight is not None:
            return self.class_loss_weight
        return self._kind_default("class_loss_weight")

    def _diversity_weight(self) -> float:
        if self.diversity_weight is not None:
            return self.diversity_weight
        return self._kind_default("diversity_weight")

    def _filters(self) -> bool:
        """Whether sampling drops rows inside another class (filter_synthetic)."""
        if self.filter_synthetic == "auto":
            return self._kind_default("filter_synthetic")
        return bool(self.filter_synthetic)

    def _model_kind(self) -> str:
        if self.image_shape is None:
            return "tabular"
        return "conv" if self.model == "auto" else self.model

    def _model_params(self, encoder, real=None, real_idx=None) -> dict:
        """What ``_build_networks`` needs; ``real`` rows seed model='deform'."""
        kind = self._model_kind()
        return {
            "model": kind,
            "seeds": real if kind == "deform" else None,
            "seed_labels": real_idx if kind == "deform" else None,
            "image_shape": getattr(encoder, "image_shape", None),
            "noise_dim": int(self.noise_dim),
            "spans": [(s.dim, s.activation) for s in encoder.output_spans_],
            "generator_dims": tuple(int(d) for d in self.generator_dims),
            "discriminator_dims": tuple(int(d) for d in self.discriminator_dims),
            "discriminator_dropout": float(self.discriminator_dropout),
        }

    def _fit_per_class(self, train, real, classes, to_fit, encoder, seeds, device):
        """One GAN per class on its ``train`` rows; ``real`` ones seed 'deform'."""
        (encoded, y_idx), (real_rows, real_idx) = train, real
        parallel = self.n_jobs not in (None, 1)
        if parallel and self.verbose > 0:
            logger.info(
                "Training %d per-class GANs in parallel (n_jobs=%s): no progress "
                "bars from the workers; each GAN's losses reach the callbacks when "
                "it ends.",
                len(to_fit),
                self.n_jobs,
            )
        tasks, configs = [], {}
        for k in to_fit:
            rows = encoded[y_idx == k]
            seed_rows = real_rows[real_idx == k]
            configs[k] = self._config(len(rows))
            tasks.append(
                delayed(_fit_gan)(
                    rows,
                    np.zeros(len(rows), dtype=np.int64),
                    1,
                    self._model_params(
                        encoder, seed_rows, np.zeros(len(seed_rows), dtype=np.int64)
                    ),
                    configs[k],
                    int(seeds[k]),
                    str(device),
                    () if parallel else (self.callbacks or ()),
                    self.verbose > 0 and not parallel,
                    f"GAN (class {classes[k]})",
                    {"model": classes[k]},
                    1 if parallel else None,
                )
            )
        results = Parallel(n_jobs=self.n_jobs)(tasks)
        generators, histories = {}, {}
        for k, (generator, history) in zip(to_fit, results, strict=True):
            generators[classes[k]] = generator
            histories[classes[k]] = history
            if parallel:
                _replay(self.callbacks or (), classes[k], history, configs[k])
        return generators, histories

    # -------------------------------------------------------------- sampling
    def _generate(self, counts: dict, random_state) -> tuple[pd.DataFrame, np.ndarray]:
        self._check_generators(counts)
        base = self._base_seed(random_state)
        frames, labels = [], []
        for k, cls in enumerate(self.classes_):
            n = counts.get(cls, 0)
            if n == 0:
                continue
            seed = np.random.SeedSequence([int(base), k]).generate_state(1)[0]
            frames.append(self._sample_class(k, cls, n, int(seed)))
            labels.append(np.full(n, cls, dtype=self.classes_.dtype))
        if not frames:
            empty = self.encoder_.decode(np.zeros((0, self.encoder_.n_features_out_)))
            return empty, np.empty(0, dtype=self.classes_.dtype)
        return pd.concat(frames, ignore_index=True), np.concatenate(labels)

    def _check_generators(self, counts: dict) -> None:
        missing = [c for c, n in counts.items() if n > 0 and c not in self.generators_]
        if missing:
            raise ValueError(
                f"No generator for classes {[plain_label(c) for c in missing]}: with "
                "conditioning='per_class' only the classes that sampling_strategy "
                "adds rows to get one (the majority gets none under 'all'). Fit "
                "with conditioning='joint' (the default: one GAN samples every "
                "class), or with a sampling_strategy dict that adds rows to them."
            )

    def _base_seed(self, random_state) -> int:
        if random_state is None:
            return int(self.sampling_seed_)
        return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))

    def _sample_class(self, k: int, cls, n: int, seed: int) -> pd.DataFrame:
        generator = self.generators_[cls]
        torch_rng = torch.Generator().manual_seed(seed)
        label = _generator_label(generator, k)
        lower, upper = self.class_ranges_[cls]
        mask = torch.as_tensor(self.category_masks_[cls])
        checks_copies = any(
            c.kind == "continuous" and not c.integer for c in self.encoder_.columns_
        )
        rare_rng = np.random.default_rng(
            int(torch.randint(np.iinfo(np.int32).max, (1,), generator=torch_rng))
        )
        rare = self.rare_values_.get(cls, {})
        # Augmenters pickled before match_marginals existed have no maps.
        marginal_maps = getattr(self, "marginal_maps_", {})

        def rare_sampler(column, size):
            values, probabilities = rare[column]
            return values[rare_rng.choice(len(values), size=size, p=probabilities)]

        kept, have, rejected = [], 0, []
        for _ in range(_MAX_SAMPLING_ROUNDS):
            want = n - have
            # Draw a little more than needed when rows may be rejected.
            screened = self.filter_ is not None or self.privacy_guard_ is not None
            draw = math.ceil(want * 1.25) + 8 if screened else want
            raw = _draw(generator, draw, label, mask, torch_rng, self.truncation)
            if cls in marginal_maps:
                raw = marginal_maps[cls].apply(raw)
            rows = self.encoder_.decode(raw, lower, upper, rare_sampler)
            ok = np.ones(len(rows), dtype=bool)
            if checks_copies:
                ok &= ~np.isin(row_hashes(rows), self.training_hashes_[cls])
            if screened:
                encoded = self.encoder_.encode(rows)
            if self.filter_ is not None:
                ok &= self.filter_.accepts(encoded, k)
            if self.privacy_guard_ is not None:
                ok &= self.privacy_guard_.distances(encoded) >= self.min_distance
            good = rows[ok].iloc[:want]
            kept.append(good)
            rejected.append(rows[~ok])
            have += len(good)
            if have >= n:
                break
        if have < n:
            logger.warning(
                "Only %d of %d synthetic rows for class %r passed the filters in "
                "%d rounds; filling with rejected rows.",
                have,
                n,
                cls,
                _MAX_SAMPLING_ROUNDS,
            )
            kept.append(self._fill(cls, pd.concat(rejected), n - have, torch_rng))
        return pd.concat(kept, ignore_index=True)

    def _fill(self, cls, pool: pd.DataFrame, n: int, rng) -> pd.DataFrame:
        """``n`` rows from rejected ones, non-copies first.

        Copies (e.g. of an all-zero row in zero-inflated data) are moved off
        the training row by a jitter of 0.1% of the class's range in each
        float column, so the no-copy guarantee holds.
        """
        pool = pool.reset_index(drop=True)
        floats = [
            c.name
            for c in self.encoder_.columns_
            if c.kind == "continuous" and not c.integer
        ]
        if not floats:
            return pool.iloc[:n]
        copies = np.isin(row_hashes(pool), self.training_hashes_[cls])
        pool = pd.concat([pool[~copies], pool[copies]], ignore_index=True).iloc[:n]
        names = self.encoder_._continuous_names
        lower, upper = self.class_ranges_[cls]
        for _ in range(_MAX_SAMPLING_ROUNDS):
            copies = np.isin(row_hashes(pool), self.training_hashes_[cls])
            if not copies.any():
                return pool
            for name in floats:
                j = names.index(name)
                width = upper[j] - lower[j]
                noise = torch.rand(int(copies.sum()), generator=rng).numpy() - 0.5
                values = pool.loc[copies, name].to_numpy(dtype=np.float64)
                values = np.clip(values + noise * 2e-3 * width, lower[j], upper[j])
                pool.loc[copies, name] = values.astype(pool[name].dtype)
        raise RuntimeError(
            f"Could not generate {n} rows for class {cls!r} that are not exact "
            "copies of training rows: its float columns hold a single value. "
            "Mark them as categorical_features."
        )

    # --------------------------------------------------------------- outputs
    def _to_container(self, frame: pd.DataFrame):
        return to_container(frame, self._input_kind)

    def _labels_container(self, labels: np.ndarray):
        # Pickles from before the dtype was kept have no _target_dtype.
        dtype = getattr(self, "_target_dtype", None)
        return labels_container(labels, self._input_kind, self._target_name, dtype)

    def _concat_output(self, frame: pd.DataFrame, synthetic: pd.DataFrame):
        return concat_output(frame, synthetic, self._input_kind)


def _builtin_augmentation(augmentation) -> bool:
    """Whether ``augmentation`` is None or "auto" (not a user's transform)."""
    return augmentation is None or (
        isinstance(augmentation, str) and augmentation == "auto"
    )


def _noise(size: int, dim: int, truncation: float | None, rng) -> torch.Tensor:
    """Standard normal noise, redrawn outside ``[-truncation, truncation]``.

    Redrawing ends in a few rounds for the usual truncations (0.5 and up);
    values still outside after ``_TRUNCATION_ROUNDS`` (a tiny truncation keeps
    almost none) are drawn from the truncated normal by its inverse CDF, so
    no truncation can stall sampling.
    """
    z = torch.randn(size, dim, generator=rng)
    if truncation is None:
        return z
    outside = z.abs() > truncation
    for _ in range(_TRUNCATION_ROUNDS):
        if not outside.any():
            return z
        z[outside] = torch.randn(int(outside.sum()), generator=rng)
        outside = z.abs() > truncation
    if outside.any():
        edge = torch.special.ndtr(torch.tensor(-float(truncation), dtype=torch.float64))
        u = torch.rand(int(outside.sum()), generator=rng, dtype=torch.float64)
        inside = torch.special.ndtri(edge + u * (1 - 2 * edge))
        z[outside] = inside.clamp(-truncation, truncation).to(z.dtype)
    return z


def _draw(
    generator, n: int, label: int, mask: torch.Tensor, rng, truncation=None
) -> np.ndarray:
    """``n`` raw generator rows with categories drawn from the class's set.

    Image generators give their images, in [-1, 1].
    """
    device = next(generator.parameters()).device
    if hasattr(generator, "spans"):
        finish = _category_sampler(generator.spans, mask, rng)
    else:

        def finish(raw):
            return generator.activate(raw).cpu()

    chunks = []
    generator.eval()
    with torch.no_grad():
        for start in range(0, n, _CHUNK_ROWS):
            size = min(_CHUNK_ROWS, n - start)
            z = _noise(size, generator.noise_dim, truncation, rng).to(device)
            chunks.append(finish(generator.generate(z, label)).numpy())
    return np.concatenate(chunks, axis=0)


def _init_default(name: str):
    """The default of ``GANAugmenter``'s parameter ``name``."""
    return inspect.signature(GANAugmenter.__init__).parameters[name].default


def _generator_label(generator, k: int) -> int:
    """The label to give ``generator`` for class ``k``: a per-class GAN has one."""
    return k if generator.n_classes > 1 else 0


def _marginal_maps(
    generators, masks, encoded, y_idx, classes, *, seed: int, truncation, categories
) -> dict:
    """``{class: MarginalMap}`` for each class with a tabular generator.

    The reference draws use their own seeded stream, so they do not shift the
    sampling stream.
    """
    rng = torch.Generator().manual_seed(int(seed))
    maps = {}
    for k, cls in enumerate(classes):
        generator = generators.get(cls)
        if generator is None or not hasattr(generator, "spans"):
            continue  # images: the map is for tables
        label = _generator_label(generator, k)
        mask = torch.as_tensor(masks[cls])
        reference = _draw(generator, REFERENCE_ROWS, label, mask, rng, truncation)
        maps[cls] = fit_marginal_map(
            reference, encoded[y_idx == k], generator.spans, categories
        )
    return maps


def _category_sampler(spans, mask: torch.Tensor, rng):
    """Raw rows -> rows whose category blocks hold a sampled, allowed category."""
    # Which output columns are category logits: the same for every chunk.
    is_cat = torch.zeros(sum(d for d, _ in spans), dtype=torch.bool)
    start_col = 0
    for dim, activation in spans:
        if activation == "softmax":
            is_cat[start_col : start_col + dim] = True
        start_col += dim
    has_categories = bool(is_cat.any())
    blocked = is_cat & ~mask

    def finish(raw: torch.Tensor) -> torch.Tensor:
        raw = raw.cpu()
        if not has_categories:
            return raw
        # Gumbel-max: argmax(logits + Gumbel noise) samples the softmax;
        # categories unseen in the class are masked out.
        u = torch.rand(raw.shape, generator=rng).clamp_(1e-10, 1.0)
        noisy = (raw - torch.log(-torch.log(u))).masked_fill(blocked, -torch.inf)
        return torch.where(is_cat, noisy, raw)

    return finish


def _build_networks(params: dict, n_classes: int, auxiliary: bool):
    """The generator and discriminator that ``params["model"]`` names."""
    kind = params["model"]
    aux = n_classes if auxiliary else 0
    if kind == "conv":
        shape = params["image_shape"]
        return (
            ConvGenerator(params["noise_dim"], n_classes, shape),
            ConvDiscriminator(
                shape,
                n_classes,
                dropout=params["discriminator_dropout"],
                auxiliary_classes=aux,
            ),
        )
    if kind == "deform":
        shape = params["image_shape"]
        return (
            DeformationGenerator(
                params["noise_dim"],
                n_classes,
                shape,
                torch.as_tensor(params["seeds"], dtype=torch.float32),
                torch.as_tensor(params["seed_labels"], dtype=torch.long),
            ),
            # Random affine warps of everything D sees, so it cannot tell a
            # deformed seed by its pixels alone and G may move the seeds.
            ConvDiscriminator(
                shape,
                n_classes,
                dropout=params["discriminator_dropout"],
                auxiliary_classes=aux,
                augment=("translation", "affine"),
            ),
        )
    if kind == "mlp":
        pixels = int(np.prod(params["image_shape"]))
        return (
            MLPGenerator(MLP_NOISE_DIM, pixels, n_classes=n_classes),
            MLPDiscriminator(pixels, n_classes=n_classes, auxiliary_classes=aux),
        )
    return (
        TabularGenerator(
            params["noise_dim"], n_classes, params["spans"], params["generator_dims"]
        ),
        TabularDiscriminator(
            sum(d for d, _ in params["spans"]),
            n_classes,
            params["discriminator_dims"],
            dropout=params["discriminator_dropout"],
            auxiliary_classes=aux,
        ),
    )


def _fit_gan(
    data,
    labels,
    n_classes,
    params,
    config,
    seed,
    device,
    callbacks,
    progress,
    description,
    info,
    n_threads,
):
    """Build and train one G/D pair; a module-level function so joblib can ship it."""
    device = torch.device(device)
    if device.type == "cpu" and n_threads is None:
        # These MLPs are too small for intra-op parallelism to pay, and torch's
        # thread pool slows down tenfold or worse when another process holds a
        # core: one thread is both faster on average and robust.
        n_threads = 1
    with torch_threads(n_threads), seeded(seed, device):
        generator, discriminator = _build_networks(
            params, n_classes, config.class_loss_weight > 0
        )
        generator, discriminator = generator.to(device), discriminator.to(device)
        history = train_gan(
            generator,
            discriminator,
            torch.as_tensor(data, device=device),
            torch.as_tensor(labels, dtype=torch.long, device=device),
            n_classes,
            config,
            callbacks=callbacks,
            progress=progress,
            description=description,
            info=info,
        )
    return generator.cpu().eval(), history


def _replay(callbacks, model, history, config) -> None:
    """Deliver a finished parallel fit's events to callbacks in this process.

    ``on_train_begin`` gets what a sequential fit gives it, the configuration
    included (MlflowCallback logs it as ``train_*`` parameters).
    """
    n_epochs = max(1, math.ceil(config.n_steps / config.steps_per_epoch))
    info = {"model": model, "n_epochs": n_epochs, "config": config}
    for callback in callbacks:
        if hasattr(callback, "on_train_begin"):
            callback.on_train_begin(info)
        for logs in history:
            if hasattr(callback, "on_epoch_end"):
                callback.on_epoch_end(logs["epoch"], logs)
        if hasattr(callback, "on_train_end"):
            callback.on_train_end(history)


def _copies_only(encoder, rows: pd.DataFrame) -> bool:
    """Whether every row a class's GAN may give is one of the class's ``rows``.

    Synthetic rows keep each number inside the class's range and each category
    inside its set. When the class's float columns each hold one value and its
    other columns allow no combination the class lacks, every possible row is
    an exact copy, and the rule that none is cannot be kept.
    """
    floats = [
        c.name for c in encoder.columns_ if c.kind == "continuous" and not c.integer
    ]
    if not floats:
        return False
    values = rows[floats].to_numpy(dtype=np.float64)
    if (values.max(axis=0) > values.min(axis=0)).any():
        return False
    possible = 1
    for c in encoder.columns_:
        if c.kind == "categorical":
            possible *= rows[c.name].nunique()
        elif c.kind == "continuous" and c.integer:
            values = rows[c.name].to_numpy(dtype=np.float64)
            possible *= values.max() - values.min() + 1
    return possible <= len(rows.drop_duplicates())


def _rare_values(encoder: TabularEncoder, rows: pd.DataFrame) -> dict:
    """Per grouped column: the class's rare values and their frequencies."""
    out = {}
    for info in encoder.columns_:
        if not info.rare:
            continue
        counts = rows[info.name][rows[info.name].isin(info.rare)].value_counts()
        counts = counts[counts > 0]
        if len(counts):
            values = np.empty(len(counts), dtype=object)
            values[:] = counts.index.tolist()
            out[info.name] = (values, (counts / counts.sum()).to_numpy(dtype=float))
    return out


def _history_frame(histories: dict) -> pd.DataFrame:
    rows = [
        {"model": model, **entry}
        for model, entries in histories.items()
        for entry in entries
    ]
    columns = ["model", "epoch", "step", "d_loss", "g_loss", "learning_rate"]
    return pd.DataFrame(rows, columns=columns)
