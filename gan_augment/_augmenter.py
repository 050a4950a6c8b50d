"""GANAugmenter: an imbalanced-learn over-sampler backed by a conditional GAN.

This module is the estimator's shell: its parameters and their constraints,
the checks of its input, and the fit / fit_resample / sample / iter_samples
API. The work is elsewhere, one concern per module: the network families in
``_models``, fitting in ``_fitting``, drawing rows in ``_sampling``, input and
output containers in ``_containers``. Data flow one way: validate (here) ->
encode -> train -> sample -> decode -> screen -> return; callbacks listen to
fit and training. See the architecture page (``docs/architecture.md``).
"""

from __future__ import annotations

import inspect
import math
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_sampling_strategy, check_target_type
from sklearn.utils.validation import check_is_fitted, validate_data

from ._compat import Interval, StrOptions, _fit_context
from ._containers import (
    concat_output,
    input_kind_of,
    labels_container,
    to_container,
    to_frame,
)
from ._device import resolve_device
from ._fit_hooks import listeners
from ._fitting import FitSettings, fit, publish
from ._images import check_augmentation, check_image_frame, check_image_shape
from ._labels import plain_label
from ._losses import LOSSES
from ._models import MODEL_KINDS, ModelKind, model_choices, resolve_kind
from ._sampling import Sampler, SamplingState, base_seed
from ._training import TrainingConfig, notify
from ._validation import (
    check_features,
    check_n_samples,
    check_strategy_classes,
    check_strategy_counts,
    check_target,
    is_positive_int,
)

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
    "n_threads",
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
        carry its (encoded) training rows, so it is off there. A rejected row
        is never returned: when 20 rounds of drawing leave a class short,
        sampling raises a ``ValueError`` that gives the share of drawn rows
        that passed.
    min_distance : float or None, default=None
        Privacy guard: reject (and redraw) synthetic rows closer than this to
        any training row, in the encoded space (quantile-normal numbers, one-hot
        categories; a distance of 1 is about one standard deviation in one
        column). ``gan_augment.metrics.synthetic_quality`` tells whether
        synthetic rows sit closer to the training rows than held-out real rows
        do (in its own [0, 1]-scaled space, not this one): use it to decide
        whether a guard is needed and to check its effect. Every returned row
        is at least ``min_distance`` from every training row: when 20 rounds
        of drawing leave a class short, sampling raises a ``ValueError`` that
        names the class, the share of drawn rows that passed and the median
        distance of the drawn rows (a threshold half of them pass), instead
        of returning closer rows. The guard keeps the encoded training rows in
        the fitted (and saved) augmenter.
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
        ``"deform"`` for images. ``"deform"`` keeps the real images of each
        class and learns, against a projection discriminator, how far they may
        be deformed: each sample is a real image of the class under a learned
        affine warp, coarse elastic flow and stroke-width change, so its label
        is far safer than that of a drawn image; the fitted (and saved)
        augmenter holds the real training images. It is the image default
        because it measured best: 0.943 balanced accuracy against 0.928 for
        ``"conv"`` on the digits benchmark, and 70% of its samples read as the
        requested digit by a judge trained only on digits no generator saw
        (45% for ``"conv"``). ``"conv"`` is a class-conditional DCGAN-style
        generator with that discriminator (spectral norm, random translations
        of real and generated images). ``"mlp"`` is the
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
    device : str or torch.device, default="auto"
        Torch device to train on. ``"auto"`` uses torch's current accelerator
        when one is available (:func:`torch.accelerator.current_accelerator`:
        CUDA, Apple MPS, Intel XPU, ...), else the CPU. An explicit device
        (``"cpu"``, ``"cuda"``, ``"cuda:1"``, ``"mps"``, ``"xpu"``) must be
        present, or ``fit`` raises a ``ValueError`` before training. The
        fitted generators are moved to the CPU, where sampling runs.
    n_jobs : int or None, default=None
        Processes that train per-class GANs at once, through joblib (so any
        joblib backend, such as Dask or Ray, runs them). It acts on
        ``conditioning="per_class"`` only: the ``"joint"`` fit trains one GAN,
        which has nothing to split between processes (choose its threads with
        ``n_threads``). None and 1 train the GANs one after another; -1 uses
        every core. In a parallel fit each worker trains with one torch thread
        unless ``n_threads`` says otherwise.
    n_threads : int, "torch" or None, default=None
        Torch CPU threads (intra-op) while a GAN trains; torch's own setting
        is restored after. None trains on one thread on the CPU, which
        measured fastest for these small networks: on the shared 2-core
        development machine, 500 updates of the joint GAN on pima took 1.9 to
        2.6 s on one thread and 19 to 62 s on torch's default of two, because
        torch's thread pool stalls whenever another process holds a core. On
        an accelerator None leaves torch's setting. An int sets that many
        threads. ``"torch"`` keeps the
        setting of the process that trains, i.e. :func:`torch.get_num_threads`
        (what ``torch.set_num_threads`` or ``OMP_NUM_THREADS`` chose, by
        default the physical cores; inside a joblib worker, the limit joblib
        gives the worker).
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
        "model": [StrOptions(model_choices())],
        "augmentation": "no_validation",
        "augmentation_copies": [Interval(Integral, 1, None, closed="left")],
        "diversity_weight": [Interval(Real, 0, None, closed="left"), None],
        "device": [str, torch.device],
        "n_jobs": [Integral, None],
        "n_threads": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"torch"}),
            None,
        ],
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
        n_threads=None,
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
        self.n_threads = n_threads
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
        sampler = self._sampler()
        sampler.check_generators(counts)
        base = base_seed(random_state, self.sampling_seed_)
        for frame, labels in sampler.chunks(counts, base, chunk_size):
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
        X_out = concat_output(X, synthetic, self._input_kind)
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

    # ------------------------------------------------------------ validation
    def _resolve_strategy(self, y):
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, self._sampling_type
        )

    def _check_image_params(self, frame: pd.DataFrame) -> None:
        if self.image_shape is not None:
            shape = check_image_shape(self.image_shape, frame.shape[1])
            check_image_frame(frame)
            kind = self._kind()
            if not kind.image:
                raise ValueError(
                    f"model={self.model!r} is a network for tables: leave "
                    "image_shape=None, or pick a network for images."
                )
            if kind.check is not None:
                kind.check(shape, self.noise_dim)
            if not _builtin_augmentation(self.augmentation):
                check_augmentation(self.augmentation)
            return
        if self.model != "auto" and MODEL_KINDS[self.model].image:
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

    # -------------------------------------------------------------- training
    def _train(self, frame: pd.DataFrame, y: np.ndarray) -> None:
        check_strategy_counts(self.sampling_strategy_)
        device = resolve_device(self.device)
        classes, y_idx = np.unique(y, return_inverse=True)
        to_fit = self._classes_to_fit(classes)
        self._check_class_sizes(classes, y_idx, to_fit)
        # The user's callbacks, then process-wide listeners (autologging).
        callbacks = (*(self.callbacks or ()), *listeners())
        try:
            # Inside: a callback that fails here still gets every callback's
            # on_fit_error, so runs opened by the others are closed.
            notify(callbacks, "on_fit_begin", self)
            fitted = fit(
                self._fit_settings(device),
                frame,
                y_idx,
                classes,
                to_fit,
                self.sampling_strategy_,
                self.random_state,
            )
            # Only now, with everything trained: an interrupted or failed fit
            # leaves no half-fitted augmenter behind.
            publish(self, fitted)
        except BaseException as exc:
            notify(callbacks, "on_fit_error", self, exc)
            raise
        notify(callbacks, "on_fit_end", self, frame, y)

    def _classes_to_fit(self, classes) -> list[int]:
        """Indices of the classes that get a generator."""
        if self.conditioning == "joint":
            return list(range(len(classes)))
        wanted = {c for c, n in self.sampling_strategy_.items() if n > 0}
        return [k for k, c in enumerate(classes) if c in wanted]

    def _fit_settings(self, device: torch.device) -> FitSettings:
        """The parameters as fitting reads them, ``None`` and ``"auto"`` resolved."""
        return FitSettings(
            kind=self._kind(),
            conditioning=self.conditioning,
            configure=self._config,
            noise_dim=self.noise_dim,
            generator_dims=tuple(self.generator_dims),
            discriminator_dims=tuple(self.discriminator_dims),
            discriminator_dropout=self.discriminator_dropout,
            image_shape=(
                None
                if self.image_shape is None
                else check_image_shape(self.image_shape)
            ),
            categorical_features=self.categorical_features,
            max_categories=self.max_categories,
            augmentation=self._augmentation(),
            augmentation_copies=self.augmentation_copies,
            device=device,
            n_jobs=self.n_jobs,
            n_threads=self.n_threads,
            callbacks=(*(self.callbacks or ()), *listeners()),
            verbose=self.verbose > 0,
            truncation=self.truncation,
            match_marginals=self.match_marginals,
            filter_neighbors=(
                self._kind_default("filter_neighbors") if self._filters() else None
            ),
            min_distance=self.min_distance,
        )

    def _config(self, n_rows: int) -> TrainingConfig:
        """The training run of a GAN on ``n_rows`` rows."""
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
            class_loss_weight=float(self._resolved("class_loss_weight")),
            diversity_weight=float(self._resolved("diversity_weight")),
        )

    def _kind(self) -> ModelKind:
        """The model kind that ``model`` and ``image_shape`` pick."""
        return resolve_kind(self.model, image=self.image_shape is not None)

    def _kind_default(self, name: str):
        """The default of parameter ``name`` for this model kind."""
        return self._kind().defaults[name]

    def _resolved(self, name: str):
        """Parameter ``name``, its kind's default when it is None."""
        value = getattr(self, name)
        return self._kind_default(name) if value is None else value

    def _filters(self) -> bool:
        """Whether sampling drops rows inside another class (filter_synthetic)."""
        if self.filter_synthetic == "auto":
            return self._kind_default("filter_synthetic")
        return bool(self.filter_synthetic)

    def _augmentation(self):
        """What alters the copies of real images the GAN also trains on.

        None: no copies (tables, ``augmentation=None``, and ``"auto"`` for a
        kind whose default trains on the real images only, such as
        ``"deform"``).
        """
        if self.image_shape is None or self.augmentation is None:
            return None
        if _builtin_augmentation(self.augmentation):
            return "auto" if self._kind_default("augmentation") else None
        return self.augmentation

    # -------------------------------------------------------------- sampling
    def _sampler(self) -> Sampler:
        """What draws rows from the fitted state."""
        return Sampler(
            classes=self.classes_,
            encoder=self.encoder_,
            generators=self.generators_,
            image=self._kind().image,
            state=SamplingState(
                class_ranges=self.class_ranges_,
                category_masks=self.category_masks_,
                training_hashes=self.training_hashes_,
                rare_values=self.rare_values_,
                # Augmenters pickled before match_marginals existed have none.
                marginal_maps=getattr(self, "marginal_maps_", {}),
                filter=self.filter_,
                privacy_guard=self.privacy_guard_,
            ),
            truncation=self.truncation,
            min_distance=self.min_distance,
        )

    def _generate(self, counts: dict, random_state) -> tuple[pd.DataFrame, np.ndarray]:
        sampler = self._sampler()
        sampler.check_generators(counts)
        return sampler.generate(counts, base_seed(random_state, self.sampling_seed_))

    def _to_container(self, frame: pd.DataFrame):
        return to_container(frame, self._input_kind)

    def _labels_container(self, labels: np.ndarray):
        # Pickles from before the dtype was kept have no _target_dtype.
        dtype = getattr(self, "_target_dtype", None)
        return labels_container(labels, self._input_kind, self._target_name, dtype)


def _builtin_augmentation(augmentation) -> bool:
    """Whether ``augmentation`` is None or "auto" (not a user's transform)."""
    return augmentation is None or (
        isinstance(augmentation, str) and augmentation == "auto"
    )


def _init_default(name: str):
    """The default of ``GANAugmenter``'s parameter ``name``."""
    return inspect.signature(GANAugmenter.__init__).parameters[name].default
