"""The saved-augmenter file format: ``config.json`` and ``arrays.npz``.

A saved augmenter is a folder with two files: ``config.json`` (parameters,
column schema, classes) and ``arrays.npz`` (generator weights and the
encoder's, ranges' and filter's numbers). Loading reads JSON and numeric arrays
only (``allow_pickle=False``), so a tampered artifact cannot run code: it is
refused with a ``ValueError``.

This module owns the layout of the two files and nothing else: each
component describes itself with ``get_state()`` and is rebuilt with
``from_state()`` (the encoders, the neighbour filter, the marginal maps, and
the generators through the model registry, ``_models``), and the fitted
augmenter is rebuilt through the same ``_fitting.publish`` as a fit. Its
arrays are stored under the component's prefix (``encoder.``, ``filter.``,
``privacy.``, ``class.<k>.``, ``generator.<i>.``).

The filter's reference set is the encoded training data (subsampled above
20,000 rows), and the privacy guard's is all of it: a saved augmenter with
``filter_synthetic=True`` or ``min_distance`` set carries them, so that a
loaded augmenter draws the same rows. With the defaults (both off) no
training row is in the artifact.
"""

from __future__ import annotations

import json
import logging
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted

from ._augmenter import GANAugmenter
from ._calibration import MarginalMap
from ._containers import InputKind
from ._encoding import TabularEncoder
from ._filtering import NeighbourFilter
from ._fitting import HISTORY_COLUMNS, FittedState, history_frame, publish
from ._images import ImageEncoder, import_albumentations
from ._jsonable import dtype_from_json, dtype_to_json, scalar_from_json, scalar_to_json
from ._labels import plain_label
from ._models import generator_from_state, generator_state
from ._sampling import SamplingState
from ._strategies import PartialBalance

#: The format written; a file of another version is refused.
FORMAT_VERSION = 1
CONFIG_FILE = "config.json"
ARRAYS_FILE = "arrays.npz"
#: The encoder classes, by the ``"type"`` of their state.
_ENCODERS = {"tabular": TabularEncoder, "image": ImageEncoder}

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- parameters
def _params_to_json(params: dict) -> dict:
    """``get_params()`` as JSON, so a loaded augmenter refits the same way."""
    params = dict(params)
    params.pop("callbacks", None)
    if not isinstance(params["random_state"], int | type(None)):
        params["random_state"] = None
    params["device"] = str(params["device"])
    params["sampling_strategy"] = _strategy_to_json(params["sampling_strategy"])
    params["generator_dims"] = list(params["generator_dims"])
    params["discriminator_dims"] = list(params["discriminator_dims"])
    if params["image_shape"] is not None:
        params["image_shape"] = [int(s) for s in params["image_shape"]]
    if not (params["augmentation"] is None or isinstance(params["augmentation"], str)):
        # albumentations describes its transforms as plain JSON.
        albumentations = import_albumentations()
        params["augmentation"] = albumentations.to_dict(params["augmentation"])
    if not isinstance(params["categorical_features"], str):
        params["categorical_features"] = [
            scalar_to_json(c) for c in params["categorical_features"]
        ]
    return params


def _params_from_json(saved: dict) -> dict:
    """The parameters that :func:`_params_to_json` wrote."""
    params = dict(saved)
    # Saved before match_marginals existed: the generator was sampled as trained.
    params.setdefault("match_marginals", None)
    params["generator_dims"] = tuple(params["generator_dims"])
    params["discriminator_dims"] = tuple(params["discriminator_dims"])
    if params.get("image_shape") is not None:
        params["image_shape"] = tuple(params["image_shape"])
    if isinstance(params.get("augmentation"), dict):
        albumentations = import_albumentations()
        params["augmentation"] = albumentations.from_dict(params["augmentation"])
    if not isinstance(params["categorical_features"], str):
        params["categorical_features"] = [
            scalar_from_json(c) for c in params["categorical_features"]
        ]
    params["sampling_strategy"] = _strategy_from_json(params["sampling_strategy"])
    return params


def _strategy_to_json(strategy):
    """``sampling_strategy`` as JSON, so a loaded augmenter refits the same way.

    Names and ratios stay as they are; dicts and
    :class:`~gan_augment.PartialBalance` are tagged. Any other callable cannot
    be written: the loaded augmenter gets ``"auto"`` (it samples the same rows,
    since the resolved counts are saved too, but a refit balances), with a
    warning.
    """
    if isinstance(strategy, PartialBalance):
        return {"kind": "partial_balance", "fraction": strategy.fraction}
    if isinstance(strategy, dict):
        items = [[scalar_to_json(c), int(n)] for c, n in strategy.items()]
        return {"kind": "dict", "items": items}
    if callable(strategy):
        logger.warning(
            "sampling_strategy %r is a function and cannot be saved: the loaded "
            "augmenter samples the same rows, but a refit of it balances every "
            "class ('auto'). Use a dict or PartialBalance to keep it.",
            strategy,
        )
        return "auto"
    return strategy


def _strategy_from_json(item):
    if not isinstance(item, dict):
        return item
    if item.get("kind") == "partial_balance":
        return PartialBalance(item["fraction"])
    if item.get("kind") == "dict":
        return {scalar_from_json(c): int(n) for c, n in item["items"]}
    raise ValueError(f"Unknown sampling_strategy {item!r} in the saved augmenter.")


# -------------------------------------------------------------------- arrays
def _prefixed(prefix: str, arrays: Mapping) -> dict:
    """A component's arrays under its prefix in the archive."""
    return {f"{prefix}{key}": value for key, value in arrays.items()}


def _under(prefix: str, arrays: Mapping) -> dict:
    """The arrays stored under ``prefix``, by their component's own keys."""
    return {
        key[len(prefix) :]: value
        for key, value in arrays.items()
        if key.startswith(prefix)
    }


# ------------------------------------------------------------------ export
def export_state(augmenter) -> tuple[dict, dict[str, np.ndarray]]:
    """Split a fitted augmenter into a JSON-able config and numeric arrays.

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.

    Returns
    -------
    config : dict
    arrays : dict of str to ndarray
    """
    check_is_fitted(augmenter, "generators_")
    params = _params_to_json(augmenter.get_params())
    classes = list(augmenter.classes_)
    arrays: dict[str, np.ndarray] = {}

    # A joint GAN serves every class: each distinct generator is saved once.
    unique: list = []
    for generator in augmenter.generators_.values():
        if all(generator is not g for g in unique):
            unique.append(generator)
    generator_of = {
        str(k): next(i for i, g in enumerate(unique) if g is augmenter.generators_[cls])
        for k, cls in enumerate(classes)
        if cls in augmenter.generators_
    }
    for i, generator in enumerate(unique):
        weights = {
            name: tensor.detach().cpu().numpy()
            for name, tensor in generator.state_dict().items()
        }
        arrays.update(_prefixed(f"generator.{i}.", weights))

    encoder_config, encoder_arrays = augmenter.encoder_.get_state()
    arrays.update(_prefixed("encoder.", encoder_arrays))
    marginal_maps = getattr(augmenter, "marginal_maps_", {})
    for k, cls in enumerate(classes):
        lower, upper = augmenter.class_ranges_[cls]
        arrays[f"class.{k}.lower"] = np.asarray(lower, dtype=np.float64)
        arrays[f"class.{k}.upper"] = np.asarray(upper, dtype=np.float64)
        arrays[f"class.{k}.mask"] = augmenter.category_masks_[cls]
        arrays[f"class.{k}.hashes"] = augmenter.training_hashes_[cls]
        if cls in marginal_maps:
            state = marginal_maps[cls].get_state()
            arrays.update(_prefixed(f"class.{k}.marginal_", state))
    filter_config = None
    if augmenter.filter_ is not None:
        filter_config, filter_arrays = augmenter.filter_.get_state()
        arrays.update(_prefixed("filter.", filter_arrays))
    if augmenter.privacy_guard_ is not None:
        # Its one neighbour is implied: only the arrays are written.
        _, guard_arrays = augmenter.privacy_guard_.get_state()
        arrays.update(_prefixed("privacy.", guard_arrays))
    history = augmenter.history_
    for column in HISTORY_COLUMNS[1:]:
        arrays[f"history.{column}"] = history[column].to_numpy(dtype=np.float64)

    kind = augmenter._input_kind
    feature_names = getattr(augmenter, "feature_names_in_", None)
    names = [c.name for c in augmenter.encoder_.columns_]
    config = {
        "format_version": FORMAT_VERSION,
        "library": "gan-augment",
        "params": params,
        "classes": [scalar_to_json(c) for c in classes],
        "classes_dtype": str(augmenter.classes_.dtype),
        "sampling_strategy_": [
            [scalar_to_json(c), int(n)] for c, n in augmenter.sampling_strategy_.items()
        ],
        "sampling_seed": int(augmenter.sampling_seed_),
        "n_steps": int(augmenter.n_steps_),
        "fit_time": float(augmenter.fit_time_),
        "n_features_in": int(augmenter.n_features_in_),
        "feature_names_in": (
            None if feature_names is None else [str(f) for f in feature_names]
        ),
        "input_kind": {
            "kind": kind.kind,
            "dtype": None if kind.dtype is None else str(kind.dtype),
            "sparse_format": kind.sparse_format,
        },
        "target_name": scalar_to_json(augmenter._target_name),
        "target_dtype": (
            None
            if getattr(augmenter, "_target_dtype", None) is None
            else dtype_to_json(augmenter._target_dtype)
        ),
        "history_models": [scalar_to_json(m) for m in history["model"]],
        "generators": [generator_state(g) for g in unique],
        "generator_of_class": generator_of,
        "encoder": encoder_config,
        "rare_values": {
            str(k): {
                str(names.index(column)): {
                    "values": [scalar_to_json(v) for v in values],
                    "probabilities": [float(p) for p in probabilities],
                }
                for column, (values, probabilities) in augmenter.rare_values_[
                    cls
                ].items()
            }
            for k, cls in enumerate(classes)
        },
        "filter": filter_config,
    }
    return config, arrays


# ------------------------------------------------------------------ import
def import_state(config: dict, arrays: Mapping) -> GANAugmenter:
    """Rebuild a fitted GANAugmenter from :func:`export_state`'s output."""
    if config.get("library") != "gan-augment":
        raise ValueError("This artifact was not written by gan-augment.")
    if config.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"Saved augmenter has format {config.get('format_version')}, this "
            f"gan-augment reads format {FORMAT_VERSION}: upgrade gan-augment."
        )
    augmenter = GANAugmenter(**_params_from_json(config["params"]))
    classes = np.array(
        [scalar_from_json(c) for c in config["classes"]], dtype=config["classes_dtype"]
    )
    encoder_config = config["encoder"]
    # Files from before image support have no encoder type: tables.
    encoder_class = _ENCODERS[encoder_config.get("type", "tabular")]
    encoder = encoder_class.from_state(encoder_config, _under("encoder.", arrays))
    generators = []
    for i, state in enumerate(config["generators"]):
        generator = generator_from_state(state)
        weights = _under(f"generator.{i}.", arrays)
        generator.load_state_dict(
            {name: torch.from_numpy(np.array(value)) for name, value in weights.items()}
        )
        generators.append(generator.eval())

    by_value = {plain_label(c): c for c in classes}
    augmenter.sampling_strategy_ = {
        by_value[scalar_from_json(c)]: n for c, n in config["sampling_strategy_"]
    }
    augmenter.n_features_in_ = config["n_features_in"]
    if config["feature_names_in"] is not None:
        augmenter.feature_names_in_ = np.asarray(
            config["feature_names_in"], dtype=object
        )
    kind = config["input_kind"]
    augmenter._input_kind = InputKind(
        kind["kind"],
        None if kind["dtype"] is None else np.dtype(kind["dtype"]),
        kind["sparse_format"],
    )
    augmenter._target_name = scalar_from_json(config["target_name"])
    # Artifacts from before the labels' dtype was saved have none.
    target_dtype = config.get("target_dtype")
    augmenter._target_dtype = (
        None if target_dtype is None else dtype_from_json(target_dtype)
    )
    publish(
        augmenter,
        FittedState(
            classes=classes,
            encoder=encoder,
            generators={
                classes[int(k)]: generators[i]
                for k, i in config["generator_of_class"].items()
            },
            device=torch.device("cpu"),
            sampling_seed=config["sampling_seed"],
            sampling=_sampling_state(config, arrays, classes, encoder),
            history=_history(config, arrays),
            n_steps=config["n_steps"],
            fit_time=config["fit_time"],
        ),
    )
    return augmenter


def _sampling_state(config: dict, arrays: Mapping, classes, encoder) -> SamplingState:
    """Each class's sampling state, as :func:`export_state` wrote it."""
    rare_values = {}
    for k, cls in enumerate(classes):
        per_column = {}
        for index, item in config.get("rare_values", {}).get(str(k), {}).items():
            values = np.empty(len(item["values"]), dtype=object)
            values[:] = [scalar_from_json(v) for v in item["values"]]
            column = encoder.columns_[int(index)].name
            per_column[column] = (
                values,
                np.asarray(item["probabilities"], dtype=float),
            )
        rare_values[cls] = per_column
    guard = _under("privacy.", arrays)
    return SamplingState(
        class_ranges={
            cls: (arrays[f"class.{k}.lower"], arrays[f"class.{k}.upper"])
            for k, cls in enumerate(classes)
        },
        category_masks={
            cls: arrays[f"class.{k}.mask"].astype(bool) for k, cls in enumerate(classes)
        },
        training_hashes={
            cls: arrays[f"class.{k}.hashes"] for k, cls in enumerate(classes)
        },
        rare_values=rare_values,
        marginal_maps={
            cls: MarginalMap.from_state(_under(f"class.{k}.marginal_", arrays))
            for k, cls in enumerate(classes)
            if f"class.{k}.marginal_scale" in arrays
        },
        filter=(
            None
            if config["filter"] is None
            else NeighbourFilter.from_state(config["filter"], _under("filter.", arrays))
        ),
        privacy_guard=(
            NeighbourFilter.from_state({"n_neighbors": 1}, guard) if guard else None
        ),
    )


def _history(config: dict, arrays: Mapping):
    """``history_`` from its saved columns."""
    histories: dict = {}
    for i, model in enumerate(scalar_from_json(m) for m in config["history_models"]):
        entry = {
            column: float(arrays[f"history.{column}"][i])
            for column in ("d_loss", "g_loss", "learning_rate")
        }
        for column in ("epoch", "step"):
            entry[column] = int(arrays[f"history.{column}"][i])
        histories.setdefault(model, []).append(entry)
    return history_frame(histories)


# ------------------------------------------------------------ files on disk
def save_augmenter(augmenter, path: str | os.PathLike) -> Path:
    """Write a fitted augmenter to the folder ``path`` (JSON + npz, no pickle).

    Parameters
    ----------
    augmenter : GANAugmenter
        A fitted augmenter.
    path : str or path-like
        Folder to create (or overwrite files in).

    Returns
    -------
    Path
        The folder.

    See Also
    --------
    load_augmenter : Read it back.
    gan_augment.mlflow.log_augmenter : The same files as an MLflow model.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter, load_augmenter, save_augmenter
    >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
    >>> augmenter = GANAugmenter(n_steps=50, random_state=0).fit(X, y)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = save_augmenter(augmenter, tmp)
    ...     loaded = load_augmenter(folder)
    >>> X_saved, _ = augmenter.sample({1: 3}, random_state=0)
    >>> X_loaded, _ = loaded.sample({1: 3}, random_state=0)
    >>> bool((X_saved == X_loaded).all())
    True
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    config, arrays = export_state(augmenter)
    (folder / CONFIG_FILE).write_text(json.dumps(config, indent=1))
    np.savez(folder / ARRAYS_FILE, **arrays)
    return folder


def load_augmenter(path: str | os.PathLike):
    """Load an augmenter written by :func:`save_augmenter`, never unpickling.

    Parameters
    ----------
    path : str or path-like
        The folder.

    Returns
    -------
    GANAugmenter
        Fitted, on the CPU; the same ``random_state`` gives the same rows as
        the augmenter that was saved.

    Raises
    ------
    ValueError
        If the folder holds no saved augmenter, or its arrays hold pickled
        objects (the file may have been tampered with).

    See Also
    --------
    save_augmenter : Write one.
    gan_augment.mlflow.load_augmenter : Load one logged to MLflow.

    Examples
    --------
    >>> import tempfile
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter, load_augmenter, save_augmenter
    >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
    >>> augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     loaded = load_augmenter(save_augmenter(augmenter, tmp))
    >>> loaded.classes_.tolist(), int(loaded.sampling_strategy_[1])
    ([0, 1], 120)
    >>> X_new, y_new = loaded.sample({1: 4}, random_state=0)
    >>> X_new.shape, y_new.tolist()
    ((4, 20), [1, 1, 1, 1])

    A folder that holds no saved augmenter is refused:

    >>> with tempfile.TemporaryDirectory() as empty:
    ...     load_augmenter(empty)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ValueError: /tmp/... does not hold a saved augmenter (config.json unreadable).
    """
    folder = Path(path)
    try:
        config = json.loads((folder / CONFIG_FILE).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(
            f"{folder} does not hold a saved augmenter ({CONFIG_FILE} unreadable: "
            f"{exc})."
        ) from exc
    try:
        with np.load(folder / ARRAYS_FILE, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise ValueError(
            f"Refusing to load {folder / ARRAYS_FILE}: it is not a plain array "
            f"archive ({exc}). Artifacts are loaded without unpickling; this one "
            "may have been tampered with."
        ) from exc
    return import_state(config, arrays)
