"""Save and load a fitted GANAugmenter without pickle.

A saved augmenter is a folder with two files: ``config.json`` (parameters,
column schema, classes) and ``arrays.npz`` (generator weights and the
encoder's, ranges' and filter's numbers). Loading reads JSON and numeric arrays
only (``allow_pickle=False``), so a tampered artifact cannot run code: it is
refused with a ``ValueError``.

The filter's reference set is the encoded training data (subsampled above
20,000 rows), and the privacy guard's is all of it: a saved augmenter with
``filter_synthetic=True`` or ``min_distance`` set carries them, so that a
loaded augmenter draws the same rows. With the defaults (both off) no
training row is in the artifact.
"""

from __future__ import annotations

import json
import logging
import math
import os
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.preprocessing import QuantileTransformer

from ._calibration import MarginalMap
from ._containers import InputKind
from ._encoding import ColumnInfo, OutputSpan, TabularEncoder
from ._filtering import NeighbourFilter
from ._images import ImageEncoder, import_albumentations
from .nn import (
    ConvGenerator,
    DeformationGenerator,
    MLPGenerator,
    TabularGenerator,
)

FORMAT_VERSION = 1
CONFIG_FILE = "config.json"
ARRAYS_FILE = "arrays.npz"

logger = logging.getLogger(__name__)


# ----------------------------------------------------------- JSON of values
def _scalar_to_json(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | float | str) or value is None:
        return {"t": type(value).__name__, "v": value}
    if isinstance(value, pd.Interval):  # pd.cut's categories
        ends = [_scalar_to_json(value.left), _scalar_to_json(value.right)]
        return {"t": "Interval", "v": [*ends, value.closed]}
    raise TypeError(
        f"Cannot save the value {value!r} ({type(value).__name__}): column names, "
        "labels and categories must be str, int, float, bool or a pd.Interval "
        "to be saved. Convert them, e.g. with .astype(str)."
    )


def _scalar_from_json(item):
    kind, value = item["t"], item["v"]
    if kind == "Interval":
        left, right, closed = value
        return pd.Interval(_scalar_from_json(left), _scalar_from_json(right), closed)
    casts = {"bool": bool, "int": int, "float": float, "str": str, "NoneType": None}
    if kind not in casts:
        raise ValueError(f"Unknown value type {kind!r} in the saved augmenter.")
    return None if value is None else casts[kind](value)


def _dtype_to_json(dtype) -> dict:
    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "kind": "category",
            "categories": [_scalar_to_json(c) for c in dtype.categories],
            "ordered": bool(dtype.ordered),
        }
    return {"kind": "plain", "name": str(dtype)}


def _dtype_from_json(item):
    if item["kind"] == "category":
        categories = [_scalar_from_json(c) for c in item["categories"]]
        return pd.CategoricalDtype(categories, ordered=item["ordered"])
    return pd.api.types.pandas_dtype(item["name"])


def _strategy_to_json(strategy):
    """``sampling_strategy`` as JSON, so a loaded augmenter refits the same way.

    Names and ratios stay as they are; dicts and
    :class:`~gan_augment.PartialBalance` are tagged. Any other callable cannot
    be written: the loaded augmenter gets ``"auto"`` (it samples the same rows,
    since the resolved counts are saved too, but a refit balances), with a
    warning.
    """
    from ._strategies import PartialBalance

    if isinstance(strategy, PartialBalance):
        return {"kind": "partial_balance", "fraction": strategy.fraction}
    if isinstance(strategy, dict):
        items = [[_scalar_to_json(c), int(n)] for c, n in strategy.items()]
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
    from ._strategies import PartialBalance

    if not isinstance(item, dict):
        return item
    if item.get("kind") == "partial_balance":
        return PartialBalance(item["fraction"])
    if item.get("kind") == "dict":
        return {_scalar_from_json(c): int(n) for c, n in item["items"]}
    raise ValueError(f"Unknown sampling_strategy {item!r} in the saved augmenter.")


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
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(augmenter, "generators_")
    arrays: dict[str, np.ndarray] = {}
    params = augmenter.get_params()
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
            _scalar_to_json(c) for c in params["categorical_features"]
        ]

    classes = list(augmenter.classes_)
    unique = []
    for generator in augmenter.generators_.values():
        if all(generator is not g for g in unique):
            unique.append(generator)
    generator_of = {}
    for k, cls in enumerate(classes):
        if cls in augmenter.generators_:
            generator_of[str(k)] = next(
                i for i, g in enumerate(unique) if g is augmenter.generators_[cls]
            )
    generators = []
    for i, generator in enumerate(unique):
        for name, tensor in generator.state_dict().items():
            arrays[f"generator.{i}.{name}"] = tensor.detach().cpu().numpy()
        generators.append(_generator_spec(generator))

    encoder = augmenter.encoder_
    if getattr(encoder, "_quantiles", None) is not None:
        arrays["encoder.quantiles"] = encoder._quantiles.quantiles_
        arrays["encoder.references"] = encoder._quantiles.references_
    for k, cls in enumerate(classes):
        lower, upper = augmenter.class_ranges_[cls]
        arrays[f"class.{k}.lower"] = np.asarray(lower, dtype=np.float64)
        arrays[f"class.{k}.upper"] = np.asarray(upper, dtype=np.float64)
        arrays[f"class.{k}.mask"] = augmenter.category_masks_[cls]
        arrays[f"class.{k}.hashes"] = augmenter.training_hashes_[cls]
        marginal_map = getattr(augmenter, "marginal_maps_", {}).get(cls)
        if marginal_map is not None:
            arrays[f"class.{k}.marginal_scale"] = marginal_map.scale
            arrays[f"class.{k}.marginal_shift"] = marginal_map.shift
    if augmenter.filter_ is not None:
        arrays["filter.reference"] = augmenter.filter_.index_._fit_X
        arrays["filter.labels"] = augmenter.filter_.labels_
    if augmenter.privacy_guard_ is not None:
        arrays["privacy.reference"] = augmenter.privacy_guard_.index_._fit_X
        arrays["privacy.labels"] = augmenter.privacy_guard_.labels_
    history = augmenter.history_
    for column in ("epoch", "step", "d_loss", "g_loss", "learning_rate"):
        arrays[f"history.{column}"] = history[column].to_numpy(dtype=np.float64)

    kind = augmenter._input_kind
    feature_names = getattr(augmenter, "feature_names_in_", None)
    names = [c.name for c in encoder.columns_]
    config = {
        "format_version": FORMAT_VERSION,
        "library": "gan-augment",
        "params": params,
        "classes": [_scalar_to_json(c) for c in classes],
        "classes_dtype": str(augmenter.classes_.dtype),
        "sampling_strategy_": [
            [_scalar_to_json(c), int(n)]
            for c, n in augmenter.sampling_strategy_.items()
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
        "target_name": _scalar_to_json(augmenter._target_name),
        "target_dtype": (
            None
            if getattr(augmenter, "_target_dtype", None) is None
            else _dtype_to_json(augmenter._target_dtype)
        ),
        "history_models": [_scalar_to_json(m) for m in history["model"]],
        "generators": generators,
        "generator_of_class": generator_of,
        "encoder": _encoder_spec(encoder, params),
        "rare_values": {
            str(k): {
                str(names.index(column)): {
                    "values": [_scalar_to_json(v) for v in values],
                    "probabilities": [float(p) for p in probabilities],
                }
                for column, (values, probabilities) in augmenter.rare_values_[
                    cls
                ].items()
            }
            for k, cls in enumerate(classes)
        },
        "filter": None
        if augmenter.filter_ is None
        else {"n_neighbors": augmenter.filter_.n_neighbors},
    }
    return config, arrays


def _generator_spec(generator) -> dict:
    """How to rebuild ``generator`` before loading its weights."""
    if isinstance(generator, ConvGenerator):
        return {
            "type": "conv",
            "noise_dim": generator.noise_dim,
            "n_classes": generator.n_classes,
            "image_shape": list(generator.image_shape),
            "width": generator.width,
            "embedding_dim": generator.embedding_dim,
        }
    if isinstance(generator, DeformationGenerator):
        return {
            "type": "deform",
            "noise_dim": generator.noise_dim,
            "n_classes": generator.n_classes,
            "image_shape": list(generator.image_shape),
            "n_seeds": int(generator.seeds.shape[0]),
            "hidden": generator.hidden,
            "embedding_dim": generator.embedding_dim,
            "control": generator.control,
        }
    if isinstance(generator, MLPGenerator):
        linear = [m for m in generator.net if isinstance(m, torch.nn.Linear)]
        return {
            "type": "mlp",
            "noise_dim": generator.noise_dim,
            "n_classes": generator.n_classes,
            "data_dim": linear[-1].out_features,
            "hidden_dims": [m.out_features for m in linear[:-1]],
        }
    return {
        "type": "tabular",
        "noise_dim": generator.noise_dim,
        "n_classes": generator.n_classes,
        "spans": generator.spans,
        "hidden_dims": [
            m.out_features for m in generator.body if isinstance(m, torch.nn.Linear)
        ],
        "embedding_dim": (
            generator.embedding.embedding_dim if generator.embedding is not None else 16
        ),
    }


def _build_generator(spec: dict):
    kind = spec.get("type", "tabular")
    if kind == "conv":
        return ConvGenerator(
            spec["noise_dim"],
            spec["n_classes"],
            tuple(spec["image_shape"]),
            width=spec["width"],
            embedding_dim=spec["embedding_dim"],
        )
    if kind == "deform":
        # Placeholder seeds of the saved shape; load_state_dict fills them.
        n_seeds, n_classes = spec["n_seeds"], spec["n_classes"]
        return DeformationGenerator(
            spec["noise_dim"],
            n_classes,
            tuple(spec["image_shape"]),
            torch.zeros(n_seeds, math.prod(spec["image_shape"])),
            torch.arange(n_seeds) % n_classes,
            hidden=spec["hidden"],
            embedding_dim=spec["embedding_dim"],
            control=spec["control"],
        )
    if kind == "mlp":
        return MLPGenerator(
            spec["noise_dim"],
            spec["data_dim"],
            tuple(spec["hidden_dims"]),
            n_classes=spec["n_classes"],
        )
    if kind != "tabular":
        raise ValueError(f"Unknown generator type {kind!r} in the saved augmenter.")
    return TabularGenerator(
        spec["noise_dim"],
        spec["n_classes"],
        [tuple(s) for s in spec["spans"]],
        tuple(spec["hidden_dims"]),
        spec["embedding_dim"],
    )


def _encoder_spec(encoder, params: dict) -> dict:
    if isinstance(encoder, ImageEncoder):
        return {
            "type": "image",
            "image_shape": list(encoder.image_shape),
            "low": encoder.low_,
            "high": encoder.high_,
            "columns": [
                {"name": _scalar_to_json(c.name), "dtype": _dtype_to_json(c.dtype)}
                for c in encoder.columns_
            ],
        }
    return {
        "type": "tabular",
        "categorical_features": params["categorical_features"],
        "max_integer_levels": encoder.max_integer_levels,
        "n_quantiles": encoder.n_quantiles,
        "max_categories": encoder.max_categories,
        "continuous_names": [_scalar_to_json(c) for c in encoder._continuous_names],
        "columns": [
            {
                "name": _scalar_to_json(c.name),
                "kind": c.kind,
                "dtype": _dtype_to_json(c.dtype),
                "integer": c.integer,
                "categories": [_scalar_to_json(v) for v in c.categories],
                "constant": (
                    None if c.kind != "constant" else _scalar_to_json(c.constant)
                ),
                "rare": [_scalar_to_json(v) for v in c.rare],
            }
            for c in encoder.columns_
        ],
        "spans": [[s.dim, s.activation] for s in encoder.output_spans_],
    }


# ------------------------------------------------------------------ import
def import_state(config: dict, arrays) -> object:
    """Rebuild a fitted GANAugmenter from :func:`export_state`'s output."""
    from ._augmenter import GANAugmenter, _history_frame

    if config.get("library") != "gan-augment":
        raise ValueError("This artifact was not written by gan-augment.")
    if config.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"Saved augmenter has format {config.get('format_version')}, this "
            f"gan-augment reads format {FORMAT_VERSION}: upgrade gan-augment."
        )
    params = dict(config["params"])
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
            _scalar_from_json(c) for c in params["categorical_features"]
        ]
    params["sampling_strategy"] = _strategy_from_json(params["sampling_strategy"])
    augmenter = GANAugmenter(**params)

    classes = np.array(
        [_scalar_from_json(c) for c in config["classes"]], dtype=config["classes_dtype"]
    )
    encoder = _import_encoder(config["encoder"], arrays)
    generators = []
    for i, spec in enumerate(config["generators"]):
        generator = _build_generator(spec)
        prefix = f"generator.{i}."
        state = {
            key[len(prefix) :]: torch.from_numpy(np.array(value))
            for key, value in arrays.items()
            if key.startswith(prefix)
        }
        generator.load_state_dict(state)
        generators.append(generator.eval())

    augmenter.classes_ = classes
    augmenter.encoder_ = encoder
    augmenter.device_ = torch.device("cpu")
    augmenter.sampling_seed_ = config["sampling_seed"]
    by_value = {c.item() if isinstance(c, np.generic) else c: c for c in classes}
    augmenter.sampling_strategy_ = {
        by_value[_scalar_from_json(c)]: n for c, n in config["sampling_strategy_"]
    }
    augmenter.class_ranges_ = {
        cls: (arrays[f"class.{k}.lower"], arrays[f"class.{k}.upper"])
        for k, cls in enumerate(classes)
    }
    augmenter.category_masks_ = {
        cls: arrays[f"class.{k}.mask"].astype(bool) for k, cls in enumerate(classes)
    }
    augmenter.training_hashes_ = {
        cls: arrays[f"class.{k}.hashes"] for k, cls in enumerate(classes)
    }
    augmenter.marginal_maps_ = {
        cls: MarginalMap(
            arrays[f"class.{k}.marginal_scale"], arrays[f"class.{k}.marginal_shift"]
        )
        for k, cls in enumerate(classes)
        if f"class.{k}.marginal_scale" in arrays
    }
    augmenter.rare_values_ = {}
    for k, cls in enumerate(classes):
        per_column = {}
        for index, item in config.get("rare_values", {}).get(str(k), {}).items():
            values = np.empty(len(item["values"]), dtype=object)
            values[:] = [_scalar_from_json(v) for v in item["values"]]
            column = encoder.columns_[int(index)].name
            per_column[column] = (
                values,
                np.asarray(item["probabilities"], dtype=float),
            )
        augmenter.rare_values_[cls] = per_column
    augmenter.filter_ = None
    if config["filter"] is not None:
        augmenter.filter_ = NeighbourFilter(
            n_neighbors=config["filter"]["n_neighbors"]
        ).fit_reference(arrays["filter.reference"], arrays["filter.labels"])
    augmenter.privacy_guard_ = None
    if "privacy.reference" in arrays:
        augmenter.privacy_guard_ = NeighbourFilter(n_neighbors=1).fit_reference(
            arrays["privacy.reference"], arrays["privacy.labels"]
        )
    models = [_scalar_from_json(m) for m in config["history_models"]]
    histories: dict = {}
    for i, model in enumerate(models):
        entry = {
            column: float(arrays[f"history.{column}"][i])
            for column in ("d_loss", "g_loss", "learning_rate")
        }
        for column in ("epoch", "step"):
            entry[column] = int(arrays[f"history.{column}"][i])
        histories.setdefault(model, []).append(entry)
    augmenter.history_ = _history_frame(histories)
    augmenter.n_steps_ = config["n_steps"]
    augmenter.fit_time_ = config["fit_time"]
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
    augmenter._target_name = _scalar_from_json(config["target_name"])
    # Artifacts from before the labels' dtype was saved have none.
    target_dtype = config.get("target_dtype")
    augmenter._target_dtype = (
        None if target_dtype is None else _dtype_from_json(target_dtype)
    )
    augmenter.generators_ = {
        classes[int(k)]: generators[i] for k, i in config["generator_of_class"].items()
    }
    return augmenter


def _import_encoder(spec: dict, arrays):
    if spec.get("type") == "image":
        encoder = ImageEncoder(tuple(spec["image_shape"]))
        names = [_scalar_from_json(c["name"]) for c in spec["columns"]]
        empty = pd.DataFrame(
            {
                name: pd.Series([spec["low"], spec["high"]]).astype(
                    _dtype_from_json(c["dtype"])
                )
                for name, c in zip(names, spec["columns"], strict=True)
            },
            columns=names,
        )
        return encoder.fit(empty)
    encoder = TabularEncoder(
        categorical_features="auto",
        max_integer_levels=spec["max_integer_levels"],
        n_quantiles=spec["n_quantiles"],
        max_categories=spec.get("max_categories", 1000),
    )
    encoder.columns_ = [
        ColumnInfo(
            name=_scalar_from_json(c["name"]),
            kind=c["kind"],
            dtype=_dtype_from_json(c["dtype"]),
            integer=c["integer"],
            categories=[_scalar_from_json(v) for v in c["categories"]],
            constant=None
            if c["constant"] is None
            else _scalar_from_json(c["constant"]),
            rare=[_scalar_from_json(v) for v in c.get("rare", [])],
        )
        for c in spec["columns"]
    ]
    encoder._continuous_names = [_scalar_from_json(c) for c in spec["continuous_names"]]
    encoder._quantiles = None
    if encoder._continuous_names:
        quantiles = np.array(arrays["encoder.quantiles"])
        qt = QuantileTransformer(
            n_quantiles=quantiles.shape[0], output_distribution="normal"
        )
        qt.quantiles_ = quantiles
        qt.references_ = np.array(arrays["encoder.references"])
        qt.n_quantiles_ = quantiles.shape[0]
        qt.n_features_in_ = quantiles.shape[1]
        encoder._quantiles = qt
    encoder.output_spans_ = [OutputSpan(int(d), str(a)) for d, a in spec["spans"]]
    encoder.n_features_out_ = sum(s.dim for s in encoder.output_spans_)
    return encoder


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
