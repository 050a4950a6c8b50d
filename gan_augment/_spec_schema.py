"""Check a TOML pipeline spec whole, before anything is loaded or trained.

A typo in a spec (``nsplits``, ``param``, ``kind = "gann"``) must not run
the defaults quietly, nor fail an hour in, after the first data sets were
trained: every key, type, kind, data set name, scoring name and parameter is
checked here, and the message names the section and the key.
"""

from __future__ import annotations

from numbers import Integral, Real
from pathlib import Path

import pandas as pd

#: Keys each single-table section takes, and the type of each value.
_TABLES: dict[str, dict[str, str]] = {
    "pipeline": {"name": "str"},
    "data": {
        "dataset": "str",
        "datasets": "list[str]",
        "csv": "str",
        "target": "str",
        "image_shape": "list[int]",
    },
    "cv": {"n_splits": "int", "n_repeats": "int", "random_state": "int"},
    "metrics": {"scoring": "list[str]"},
    "mlflow": {"experiment": "str", "register": "str", "registered_model_name": "str"},
}
#: Keys of each ``[[augmenters]]`` / ``[[classifiers]]`` entry.
_ENTRIES: dict[str, dict[str, str]] = {
    "augmenters": {
        "name": "str",
        "kind": "str",
        "params": "table",
        "augmentation": "list[table]",
        "share": "float",
    },
    "classifiers": {"name": "str", "kind": "str", "params": "table"},
}
_MINIMUM = {"n_splits": 2, "n_repeats": 1}
IMAGE_KINDS = ("albumentations", "gan+albumentations")


def check_spec(raw: dict, path: Path) -> dict:
    """Check a parsed spec; return it with single strings made lists.

    Parameters
    ----------
    raw : dict
        The TOML document.
    path : Path
        The spec's file, for the messages.

    Returns
    -------
    dict
        ``raw`` with ``scoring`` and ``datasets`` given as one string turned
        into one-item lists.

    Raises
    ------
    ValueError
        Naming the section, the key and what it takes.
    """
    raw = dict(raw)
    for section, keys in _TABLES.items():
        if section not in raw:
            continue
        table = raw[section]
        if not isinstance(table, dict):
            raise ValueError(
                f"{path}: [{section}] must be a table of keys ({sorted(keys)}); "
                f"got {type(table).__name__}."
            )
        raw[section] = _check_keys(table, keys, f"[{section}]", path)
    for section, keys in _ENTRIES.items():
        entries = raw.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list) or not all(
            isinstance(entry, dict) for entry in entries
        ):
            raise ValueError(
                f"{path}: write each {section[:-1]} as its own [[{section}]] table "
                "(double brackets), with kind = '...'."
            )
        if any("kind" not in entry for entry in entries):
            raise ValueError(f"{path}: every [[{section}]] entry needs kind = '...'.")
        raw[section] = [
            _check_keys(entry, keys, f"[[{section}]] entry {i + 1}", path)
            for i, entry in enumerate(entries)
        ]
    _check_names(raw, path)
    return raw


def _check_keys(table: dict, keys: dict, where: str, path: Path) -> dict:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise ValueError(
            f"{path}: unknown keys {unknown} in {where}; allowed: {sorted(keys)}."
        )
    table = dict(table)
    for key, value in table.items():
        kind = keys[key]
        if kind == "list[str]" and isinstance(value, str):
            table[key] = value = [value]
        if not _is(value, kind):
            raise ValueError(
                f"{path}: {key} in {where} must be {_WORDS[kind]}; got {value!r}."
            )
        if key in _MINIMUM and value < _MINIMUM[key]:
            raise ValueError(
                f"{path}: {key} in {where} must be at least {_MINIMUM[key]}; "
                f"got {value}."
            )
    return table


_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "table": "a table, e.g. { n_steps = 300 }",
    "list[str]": "a list of strings",
    "list[int]": "a list of integers, e.g. [8, 8]",
    "list[table]": "a list of tables, e.g. [{ transform = 'Affine', p = 1.0 }]",
}


def _is(value, kind: str) -> bool:
    integer = isinstance(value, Integral) and not isinstance(value, bool)
    checks = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: integer,
        "float": lambda v: isinstance(v, Real) and not isinstance(v, bool),
        "table": lambda v: isinstance(v, dict),
        "list[str]": lambda v: (
            isinstance(v, list) and all(isinstance(x, str) for x in v)
        ),
        "list[int]": lambda v: (
            isinstance(v, list)
            and all(isinstance(x, Integral) and not isinstance(x, bool) for x in v)
        ),
        "list[table]": lambda v: (
            isinstance(v, list) and all(isinstance(x, dict) for x in v)
        ),
    }
    return checks[kind](value)


def _check_names(raw: dict, path: Path) -> None:
    """Kinds, data sets, scoring names and parameters that exist."""
    from sklearn.metrics import get_scorer_names

    from .benchmark import AUGMENTERS
    from .datasets import _normalize_name, available_datasets
    from .metrics import F1_MINORITY

    data = raw.get("data", {})
    names = data.get("datasets", []) + ([data["dataset"]] if "dataset" in data else [])
    known = set(available_datasets())
    missing = [name for name in names if _normalize_name(name) not in known]
    if missing:
        raise ValueError(
            f"{path}: unknown data sets {missing} in [data]; "
            "gan_augment.datasets.available_datasets() lists them."
        )
    valid = {*get_scorer_names(), F1_MINORITY}
    unknown = [s for s in raw.get("metrics", {}).get("scoring", []) if s not in valid]
    if unknown:
        raise ValueError(
            f"{path}: unknown scoring names {unknown} in [metrics]; use "
            f"scikit-learn scorer names or {F1_MINORITY!r}."
        )
    kinds = [k for k in AUGMENTERS if k != "none"] + list(IMAGE_KINDS)
    for i, entry in enumerate(raw.get("augmenters", [])):
        where = f"[[augmenters]] entry {i + 1}"
        if entry.get("kind") == "none":
            raise ValueError(
                f"{path}: kind = 'none' in {where} is the baseline that every gain "
                "is measured against already; leave it out of [[augmenters]]."
            )
        if entry.get("kind") not in kinds:
            raise ValueError(
                f"{path}: kind = {entry.get('kind')!r} in {where}; choose from {kinds}."
            )
        _check_augmenter_params(entry, f"{path}: params of {where}")
    for i, entry in enumerate(raw.get("classifiers", [])):
        _check_classifier_params(entry, f"{path}: [[classifiers]] entry {i + 1}")


def _check_augmenter_params(entry: dict, where: str) -> None:
    from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC, RandomOverSampler

    from . import GANAugmenter

    params = dict(entry.get("params", {}))
    if isinstance(params.get("image_shape"), list):
        params["image_shape"] = tuple(params["image_shape"])
    if entry["kind"] == "smote":
        # The run picks SMOTE, SMOTENC or SMOTEN from the columns: a key any
        # of them takes is fine; values are checked where SMOTE takes the key.
        variants = (SMOTE(), SMOTEN(), SMOTENC(categorical_features=[0]))
        known = set().union(*(variant.get_params() for variant in variants))
        unknown = sorted(set(params) - known)
        if unknown:
            raise ValueError(
                f"{where}: SMOTE takes no parameters {unknown}; it takes "
                f"{sorted(known)}."
            )
        params = {k: v for k, v in params.items() if k in SMOTE().get_params()}
    sampler = {
        "ros": RandomOverSampler,
        "smote": SMOTE,
        "gan": GANAugmenter,
        "gan+albumentations": GANAugmenter,
    }.get(entry["kind"])
    if sampler is None:  # ctgan (optional) and albumentations: checked at run time
        return
    try:
        sampler().set_params(**params)._validate_params()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from exc


def _check_classifier_params(entry: dict, where: str) -> None:
    from .benchmark import make_classifier

    probe = pd.DataFrame({"x": [0.0, 1.0]})
    try:
        model = make_classifier(entry.get("kind"), probe)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc
    params = {f"classifier__{k}": v for k, v in entry.get("params", {}).items()}
    try:
        model.set_params(**params).named_steps["classifier"]._validate_params()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from exc
