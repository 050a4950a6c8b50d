"""Fitting: encode the rows, train the GAN(s), measure the sampling state.

:func:`fit` runs one fit of :class:`~gan_augment.GANAugmenter` on input that
passed its checks: it fits the encoder, assembles the training set (real
rows, plus altered copies of real images), trains one joint GAN or one GAN
per class (each a :class:`FitJob`, which joblib can ship to a worker), and
measures what sampling needs (:func:`~gan_augment._sampling.fit_sampling_state`).
:func:`publish` sets the result on the estimator, the one place that writes
its fitted attributes (loading a saved augmenter goes through it too). See
the architecture page (``docs/architecture.md``).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import torch
from joblib import Parallel, delayed
from sklearn.utils import check_random_state

from ._device import seeded
from ._encoding import TabularEncoder
from ._images import ImageEncoder, augment_images, warp_images
from ._models import MODEL_KINDS, ModelKind, NetworkSpec, build_networks
from ._sampling import SamplingState, check_new_rows_possible, fit_sampling_state
from ._training import TrainingConfig, torch_threads, train_gan

logger = logging.getLogger(__name__)

_INT32_MAX = np.iinfo(np.int32).max
#: The columns of ``history_``.
HISTORY_COLUMNS = ("model", "epoch", "step", "d_loss", "g_loss", "learning_rate")


@dataclass(frozen=True)
class FitSettings:
    """The estimator's parameters as fitting reads them, defaults resolved.

    Attributes
    ----------
    kind : ModelKind
    conditioning : {"joint", "per_class"}
    configure : callable
        ``configure(n_rows) -> TrainingConfig`` for a GAN trained on
        ``n_rows`` rows.
    noise_dim : int
    generator_dims, discriminator_dims : tuple of int
    discriminator_dropout : float
    image_shape : tuple of int or None
        ``(H, W, C)`` for images.
    categorical_features : "auto" or list
    max_categories : int
    augmentation : None, "auto" or albumentations transform
        What alters the copies of real images the GAN also trains on
        (``"auto"``: the built-in warp); None: no copies.
    augmentation_copies : int
    device : torch.device
    n_jobs : int or None
        Processes for per-class GANs (the joint fit is one GAN).
    n_threads : int, "torch" or None
        Torch threads per GAN (see :func:`run_fit_job`).
    callbacks : sequence
    verbose : bool
    truncation : float or None
    match_marginals : {"continuous", "all"} or None
    filter_neighbors : int or None
        None: no neighbour filter.
    min_distance : float or None
    """

    kind: ModelKind
    conditioning: str
    configure: Callable[[int], TrainingConfig]
    noise_dim: int
    generator_dims: tuple
    discriminator_dims: tuple
    discriminator_dropout: float
    image_shape: tuple | None
    categorical_features: Any
    max_categories: int
    augmentation: Any
    augmentation_copies: int
    device: torch.device
    n_jobs: int | None
    n_threads: int | str | None
    callbacks: Sequence
    verbose: bool
    truncation: float | None
    match_marginals: str | None
    filter_neighbors: int | None
    min_distance: float | None


@dataclass(frozen=True)
class FitJob:
    """One generator / discriminator pair to build and train.

    Attributes
    ----------
    rows : ndarray of shape (n, width)
        Encoded training rows.
    labels : ndarray of int
        Class index of each row, in ``range(n_classes)``.
    n_classes : int
        Classes the networks condition on (1: unconditional).
    kind : str
        The model kind's name (a name travels to workers; the registry
        stays here).
    network : NetworkSpec
    config : TrainingConfig
    seed : int
        Seeds torch for the whole job.
    device : str
    callbacks : sequence
        Per-GAN callbacks (none in parallel workers: see :func:`replay`).
    progress : bool
        Show a progress bar.
    description : str
        The bar's label.
    info : dict
        Extra facts for ``on_train_begin`` (``{"model": ...}``).
    n_threads : int, "torch" or None
        Torch intra-op threads while the job trains: None means one on the
        CPU (and torch's setting on an accelerator), ``"torch"`` leaves
        torch's setting (:func:`torch.get_num_threads` in the process that
        trains).
    """

    rows: np.ndarray
    labels: np.ndarray
    n_classes: int
    kind: str
    network: NetworkSpec
    config: TrainingConfig
    seed: int
    device: str
    callbacks: Sequence = ()
    progress: bool = False
    description: str = "GAN"
    info: dict = field(default_factory=dict)
    n_threads: int | str | None = None


def job_threads(n_threads: int | str | None, device: torch.device) -> int | None:
    """The torch threads a job trains with; None leaves torch's setting.

    Examples
    --------
    >>> cpu = torch.device("cpu")
    >>> job_threads(None, cpu), job_threads(4, cpu), job_threads("torch", cpu)
    (1, 4, None)
    """
    if n_threads == "torch":
        return None
    if n_threads is None and device.type == "cpu":
        # These MLPs are too small for intra-op parallelism to pay, and torch's
        # thread pool slows down tenfold or worse when another process holds a
        # core: one thread is both faster on average and robust.
        return 1
    return n_threads


def run_fit_job(job: FitJob) -> tuple[torch.nn.Module, list[dict]]:
    """Build and train one G/D pair; module-level so joblib can ship it.

    Returns
    -------
    generator : torch.nn.Module
        Trained, on the CPU, in eval mode.
    history : list of dict
        One entry per epoch.
    """
    device = torch.device(job.device)
    with torch_threads(job_threads(job.n_threads, device)), seeded(job.seed, device):
        generator, discriminator = build_networks(
            MODEL_KINDS[job.kind],
            job.network,
            job.n_classes,
            job.config.class_loss_weight > 0,
        )
        generator, discriminator = generator.to(device), discriminator.to(device)
        history = train_gan(
            generator,
            discriminator,
            torch.as_tensor(job.rows, device=device),
            torch.as_tensor(job.labels, dtype=torch.long, device=device),
            job.n_classes,
            job.config,
            callbacks=job.callbacks,
            progress=job.progress,
            description=job.description,
            info=job.info,
        )
    return generator.cpu().eval(), history


@dataclass(frozen=True)
class TrainingSet:
    """The rows the GAN(s) train on, and the real rows among them.

    Attributes
    ----------
    rows, labels : ndarray
        Encoded training rows (real, then altered copies) and class indices.
    real_rows, real_labels : ndarray
        The encoded real rows and class indices (seeds of ``"deform"``).
    """

    rows: np.ndarray
    labels: np.ndarray
    real_rows: np.ndarray
    real_labels: np.ndarray


def training_set(
    frame: pd.DataFrame,
    encoded: np.ndarray,
    y_idx: np.ndarray,
    encoder: Any,
    augmentation: Any,
    copies: int,
    seed: int,
) -> TrainingSet:
    """The real rows, plus ``copies`` altered copies of each real image.

    Parameters
    ----------
    frame : DataFrame
        The real rows (pixels, for images).
    encoded : ndarray
        ``frame`` encoded.
    y_idx : ndarray of int
    encoder : TabularEncoder or ImageEncoder
    augmentation : None, "auto" or albumentations transform
        None: the real rows only.
    copies : int
    seed : int
        Seeds the alterations.

    Returns
    -------
    TrainingSet
    """
    if augmentation is None:
        return TrainingSet(encoded, y_idx, encoded, y_idx)
    repeat = np.repeat(np.arange(len(frame)), copies)
    if isinstance(augmentation, str):  # "auto": the built-in warp
        altered = warp_images(encoded[repeat], encoder.image_shape, seed=int(seed))
    else:
        pixels = augment_images(
            augmentation,
            frame.to_numpy(dtype=np.float64)[repeat],
            encoder.image_shape,
            encoder.low_,
            encoder.high_,
            seed=int(seed),
        )
        altered = encoder.encode(pd.DataFrame(pixels, columns=frame.columns))
    return TrainingSet(
        np.concatenate([encoded, altered]),
        np.concatenate([y_idx, y_idx[repeat]]),
        encoded,
        y_idx,
    )


@dataclass(frozen=True)
class FittedState:
    """Everything a fit leaves on the estimator (see :func:`publish`)."""

    classes: np.ndarray
    encoder: Any
    generators: dict
    device: torch.device
    sampling_seed: int
    sampling: SamplingState
    history: pd.DataFrame
    n_steps: int
    fit_time: float


def fit(
    settings: FitSettings,
    frame: pd.DataFrame,
    y_idx: np.ndarray,
    classes: np.ndarray,
    to_fit: Sequence[int],
    strategy: Mapping,
    random_state: Any,
) -> FittedState:
    """Encode, train and measure: one fit on checked input.

    Parameters
    ----------
    settings : FitSettings
    frame : DataFrame
        The training rows.
    y_idx : ndarray of int
        Class index of each row.
    classes : ndarray
    to_fit : sequence of int
        Indices of the classes that get a generator.
    strategy : mapping
        ``{class: rows to add}``, the resolved ``sampling_strategy``.
    random_state : int, RandomState instance or None
        The one source of every seed of the fit.

    Returns
    -------
    FittedState
    """
    rng = check_random_state(random_state)
    encoder_seed = rng.randint(_INT32_MAX)
    encoder = _make_encoder(settings, encoder_seed).fit(frame)
    encoded = encoder.encode(frame)
    check_new_rows_possible(encoder, frame, y_idx, classes, strategy)
    model_seeds = rng.randint(_INT32_MAX, size=len(classes))
    sampling_seed = int(rng.randint(_INT32_MAX))
    data = training_set(
        frame,
        encoded,
        y_idx,
        encoder,
        settings.augmentation,
        settings.augmentation_copies,
        encoder_seed,
    )
    network = NetworkSpec(
        noise_dim=int(settings.noise_dim),
        spans=tuple((s.dim, s.activation) for s in encoder.output_spans_),
        image_shape=getattr(encoder, "image_shape", None),
        generator_dims=tuple(int(d) for d in settings.generator_dims),
        discriminator_dims=tuple(int(d) for d in settings.discriminator_dims),
        discriminator_dropout=float(settings.discriminator_dropout),
    )
    started = time.perf_counter()
    if settings.conditioning == "joint":
        generators, histories, n_steps = _fit_joint(
            data, classes, to_fit, network, model_seeds, settings
        )
    else:
        generators, histories, n_steps = _fit_per_class(
            data, classes, to_fit, network, model_seeds, settings
        )
    fit_time = time.perf_counter() - started
    sampling = fit_sampling_state(
        frame,
        encoded,
        y_idx,
        classes,
        encoder,
        generators,
        image=settings.kind.image,
        seed=sampling_seed,
        truncation=settings.truncation,
        match_marginals=settings.match_marginals,
        filter_neighbors=settings.filter_neighbors,
        guard=settings.min_distance is not None,
    )
    logger.info(
        "GANAugmenter fitted %d GAN(s) in %.2fs on %s",
        len(set(map(id, generators.values()))),
        fit_time,
        settings.device,
    )
    return FittedState(
        classes=classes,
        encoder=encoder,
        generators=generators,
        device=settings.device,
        sampling_seed=sampling_seed,
        sampling=sampling,
        history=history_frame(histories),
        n_steps=n_steps,
        fit_time=fit_time,
    )


def _make_encoder(settings: FitSettings, seed: int):
    """The encoder the kind's data need: linear pixels or the table encoder."""
    if settings.kind.image:
        return ImageEncoder(settings.image_shape)
    return TabularEncoder(
        categorical_features=settings.categorical_features,
        random_state=seed,
        max_categories=settings.max_categories,
    )


def _network_for(
    settings: FitSettings, network: NetworkSpec, rows: np.ndarray, labels: np.ndarray
) -> NetworkSpec:
    """``network`` holding real ``rows`` when the kind keeps seed rows."""
    return network.with_seeds(rows, labels) if settings.kind.needs_seeds else network


def _fit_joint(data, classes, to_fit, network, seeds, settings: FitSettings):
    """One GAN over all classes; every class samples from it."""
    config = settings.configure(len(data.rows))
    job = FitJob(
        rows=data.rows,
        labels=data.labels,
        n_classes=len(classes),
        kind=settings.kind.name,
        network=_network_for(settings, network, data.real_rows, data.real_labels),
        config=config,
        seed=int(seeds[0]),
        device=str(settings.device),
        callbacks=settings.callbacks,
        progress=settings.verbose,
        description="GAN (joint)",
        info={"model": "joint"},
        n_threads=settings.n_threads,
    )
    generator, history = run_fit_job(job)
    return {classes[k]: generator for k in to_fit}, {"joint": history}, config.n_steps


def _fit_per_class(data, classes, to_fit, network, seeds, settings: FitSettings):
    """One unconditional GAN per class in ``to_fit``, in parallel with n_jobs."""
    parallel = settings.n_jobs not in (None, 1)
    if parallel and settings.verbose:
        logger.info(
            "Training %d per-class GANs in parallel (n_jobs=%s): no progress "
            "bars from the workers; each GAN's losses reach the callbacks when "
            "it ends.",
            len(to_fit),
            settings.n_jobs,
        )
    jobs = []
    for k in to_fit:
        rows = data.rows[data.labels == k]
        seed_rows = data.real_rows[data.real_labels == k]
        jobs.append(
            FitJob(
                rows=rows,
                labels=np.zeros(len(rows), dtype=np.int64),
                n_classes=1,
                kind=settings.kind.name,
                network=_network_for(
                    settings,
                    network,
                    seed_rows,
                    np.zeros(len(seed_rows), dtype=np.int64),
                ),
                config=settings.configure(len(rows)),
                seed=int(seeds[k]),
                device=str(settings.device),
                # Workers' events would be lost: they are replayed here after.
                callbacks=() if parallel else settings.callbacks,
                progress=settings.verbose and not parallel,
                description=f"GAN (class {classes[k]})",
                info={"model": classes[k]},
                # One thread per worker unless the user chose: processes, not
                # threads, are what pays here.
                n_threads=(
                    settings.n_threads
                    if settings.n_threads is not None
                    else (1 if parallel else None)
                ),
            )
        )
    results = Parallel(n_jobs=settings.n_jobs)(delayed(run_fit_job)(j) for j in jobs)
    generators, histories = {}, {}
    for k, job, (generator, history) in zip(to_fit, jobs, results, strict=True):
        generators[classes[k]] = generator
        histories[classes[k]] = history
        if parallel:
            replay(settings.callbacks, classes[k], history, job.config)
    n_steps = max(job.config.n_steps for job in jobs)
    return generators, histories, n_steps


def replay(
    callbacks: Sequence, model: Any, history: list[dict], config: TrainingConfig
) -> None:
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


def history_frame(histories: Mapping) -> pd.DataFrame:
    """``{model: [epoch entries]}`` as one frame (``history_``).

    Examples
    --------
    >>> entry = {"epoch": 1, "step": 10, "d_loss": 1.3, "g_loss": 0.7,
    ...          "learning_rate": 1e-3}
    >>> history_frame({"joint": [entry]}).columns.tolist()
    ['model', 'epoch', 'step', 'd_loss', 'g_loss', 'learning_rate']
    """
    rows = [
        {"model": model, **entry}
        for model, entries in histories.items()
        for entry in entries
    ]
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))


def publish(estimator: Any, fitted: FittedState) -> None:
    """Set a fit's (or a loaded file's) state as the estimator's attributes.

    ``generators_`` comes last: until it is set the estimator is unfitted,
    so an interrupted fit leaves no half-fitted augmenter behind.
    """
    estimator.classes_ = fitted.classes
    estimator.encoder_ = fitted.encoder
    estimator.device_ = fitted.device
    estimator.sampling_seed_ = fitted.sampling_seed
    estimator.class_ranges_ = fitted.sampling.class_ranges
    estimator.category_masks_ = fitted.sampling.category_masks
    estimator.marginal_maps_ = fitted.sampling.marginal_maps
    estimator.filter_ = fitted.sampling.filter
    estimator.privacy_guard_ = fitted.sampling.privacy_guard
    estimator.rare_values_ = fitted.sampling.rare_values
    estimator.training_hashes_ = fitted.sampling.training_hashes
    estimator.history_ = fitted.history
    estimator.n_steps_ = fitted.n_steps
    estimator.fit_time_ = fitted.fit_time
    estimator.generators_ = fitted.generators
