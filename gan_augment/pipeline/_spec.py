"""A pipeline spec: the TOML file read, and checked whole before anything runs.

A typo in a spec (``nsplits``, ``param``, ``kind = "gann"``) must not run
the defaults quietly, nor fail an hour in, after the first data sets were
trained: every key, type, kind, data set name, scoring name and parameter is
checked here, and the message names the section and the key. The format is
described in :mod:`gan_augment.pipeline`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from numbers import Integral, Real
from pathlib import Path

from ..metrics._scoring import F1_MINORITY, METRICS, scoring_names
from ._kinds import (
    IMAGE_KINDS,
    NotApplicableError,
    augmenter_kinds,
    build_augmentation,
    check_augmenter_params,
    check_classifier_params,
    check_pair,
    is_sampler_kind,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["PipelineSpec", "check_spec", "load_spec"]

_SECTIONS = {
    "pipeline",
    "data",
    "cv",
    "augmenters",
    "classifiers",
    "metrics",
    "mlflow",
    "compare",
}


@dataclass
class PipelineSpec:
    """A parsed pipeline spec (the format: :mod:`gan_augment.pipeline`).

    :func:`load_spec` makes one from a TOML file; one written in code goes to
    :func:`run_pipeline` as it is (give every entry its ``name`` and
    ``params``).

    Examples
    --------
    >>> from gan_augment.pipeline import PipelineSpec
    >>> spec = PipelineSpec(
    ...     name="thyroid",
    ...     data={"dataset": "new_thyroid1"},
    ...     augmenters=[{"name": "gan", "kind": "gan", "params": {"n_steps": 30}}],
    ...     classifiers=[{"name": "tree", "kind": "tree", "params": {}}],
    ...     cv={"n_splits": 2, "n_repeats": 1},
    ... )
    >>> spec.scoring  # the default metrics
    ['balanced_accuracy', 'f1_minority', 'roc_auc', 'average_precision_minority']
    >>> spec.mlflow, spec.source
    ({}, None)
    """

    name: str
    data: dict
    augmenters: list[dict]
    classifiers: list[dict]
    cv: dict = field(default_factory=dict)
    scoring: list[str] = field(default_factory=lambda: list(METRICS))
    mlflow: dict = field(default_factory=dict)
    source: Path | None = None
    #: ``[compare]``: keyword arguments of
    #: :func:`~gan_augment.metrics.compare_augmenters` (``augmenters``,
    #: ``classifiers``, ``scoring``, ``params`` as ``augmenter_params``); empty
    #: runs no comparison.
    compare: dict = field(default_factory=dict)


def load_spec(path: str | os.PathLike) -> PipelineSpec:
    """Read and check a TOML pipeline spec.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    PipelineSpec

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    ValueError
        If the TOML is invalid or the spec incomplete (the message says what
        to add).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from gan_augment.pipeline import load_spec
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "spec.toml").write_text('''
    ... [pipeline]
    ... name = "demo"
    ... [data]
    ... csv = "table.csv"
    ... target = "label"
    ... [[augmenters]]
    ... kind = "gan"
    ... params = { n_steps = 300, random_state = 0 }
    ... [[augmenters]]
    ... kind = "smote"
    ... [[classifiers]]
    ... kind = "logreg"
    ... ''')
    >>> spec = load_spec(folder / "spec.toml")
    >>> spec.name, [entry["name"] for entry in spec.augmenters]
    ('demo', ['gan', 'smote'])
    >>> spec.augmenters[1]  # name and params filled in
    {'kind': 'smote', 'name': 'smote', 'params': {}}
    >>> spec.data["csv"] == str(folder.resolve() / "table.csv")  # next to the spec
    True
    >>> spec.scoring
    ['balanced_accuracy', 'f1_minority', 'roc_auc', 'average_precision_minority']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No pipeline spec at {path}.")
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc
    unknown = set(raw) - _SECTIONS
    if unknown:
        raise ValueError(
            f"{path}: unknown sections {sorted(unknown)}; allowed: {sorted(_SECTIONS)}."
        )
    # A spec with [compare] alone compares augmenters and measures no gains.
    required = ("data",) if "compare" in raw else ("data", "augmenters", "classifiers")
    for section in required:
        if not raw.get(section):
            raise ValueError(f"{path}: the [{section}] section is missing or empty.")
    raw.setdefault("augmenters", [])
    raw.setdefault("classifiers", [])
    raw = check_spec(raw, path)
    data = raw["data"]
    if sum(key in data for key in ("dataset", "datasets", "csv")) != 1:
        raise ValueError(
            f"{path}: [data] needs exactly one of dataset = '<name>', "
            "datasets = ['<name>', ...] or csv = '<file>' (with target = '<column>')."
        )
    if "csv" in data:
        if "target" not in data:
            raise ValueError(f"{path}: [data] csv needs target = '<column>'.")
        data = {**data, "csv": str((path.parent / data["csv"]).resolve())}
    if "image_shape" not in data and "dataset" in data:
        from ..datasets import IMAGE_DATASETS, _normalize_name

        shape = IMAGE_DATASETS.get(_normalize_name(str(data["dataset"])))
        if shape is not None:
            data = {**data, "image_shape": list(shape)}
    for kind in ("augmenters", "classifiers"):
        for entry in raw[kind]:
            if "kind" not in entry:
                raise ValueError(f"{path}: every [[{kind}]] entry needs kind = '...'.")
            entry.setdefault("name", entry["kind"])
            entry.setdefault("params", {})
    for entry in raw["augmenters"]:
        if entry["kind"] in IMAGE_KINDS:
            if "image_shape" not in data:
                raise ValueError(
                    f"{path}: augmenter kind {entry['kind']!r} works on images: "
                    "add image_shape = [height, width] to [data]."
                )
            if not entry.get("augmentation"):
                raise ValueError(
                    f"{path}: augmenter kind {entry['kind']!r} needs augmentation "
                    "= [{ transform = 'Affine', rotate = [-15, 15], p = 1.0 }, ...]."
                )
            build_augmentation(entry["augmentation"])  # fail before any training
    spec = PipelineSpec(
        name=raw.get("pipeline", {}).get("name", path.stem),
        data=data,
        augmenters=raw["augmenters"],
        classifiers=raw["classifiers"],
        cv=raw.get("cv", {}),
        mlflow=raw.get("mlflow", {}),
        source=path,
        compare=raw.get("compare", {}),
    )
    if "scoring" in raw.get("metrics", {}):
        spec.scoring = list(raw["metrics"]["scoring"])
    register = spec.mlflow.get("register")
    names = [a["name"] for a in spec.augmenters]
    if register is not None and register not in names:
        raise ValueError(
            f"{path}: [mlflow] register = {register!r} names no augmenter; "
            f"choose one of {names}."
        )
    if register is not None:
        kind = next(a["kind"] for a in spec.augmenters if a["name"] == register)
        if not is_sampler_kind(kind):
            # The registered augmenter is fitted on the raw table and logged
            # as a model that samples rows: a baseline that changes the
            # classifier, or samples after its preprocessing, is neither.
            samplers = [
                a["name"] for a in spec.augmenters if is_sampler_kind(a["kind"])
            ]
            raise ValueError(
                f"{path}: [mlflow] register = {register!r} is kind {kind!r}, a "
                "baseline that is not a sampler of the raw table, so it cannot be "
                "fitted on all data and registered; register one of "
                f"{samplers or ['a gan augmenter']}."
            )
    return spec


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
    "compare": {
        "augmenters": "list[str]",
        "classifiers": "list[str]",
        "scoring": "str",
        "params": "table",
    },
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
    from ..datasets import _normalize_name, available_datasets

    data = raw.get("data", {})
    names = data.get("datasets", []) + ([data["dataset"]] if "dataset" in data else [])
    known = set(available_datasets())
    missing = [name for name in names if _normalize_name(name) not in known]
    if missing:
        raise ValueError(
            f"{path}: unknown data sets {missing} in [data]; "
            "gan_augment.datasets.available_datasets() lists them."
        )
    valid = set(scoring_names())
    unknown = [s for s in raw.get("metrics", {}).get("scoring", []) if s not in valid]
    if unknown:
        raise ValueError(
            f"{path}: unknown scoring names {unknown} in [metrics]; use "
            f"scikit-learn scorer names or {F1_MINORITY!r}."
        )
    kinds = [k for k in augmenter_kinds(tuned=True) if k != "none"]
    kinds += list(IMAGE_KINDS)
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
        try:
            check_augmenter_params(entry["kind"], entry.get("params", {}))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: params of {where}: {exc}") from exc
    for i, entry in enumerate(raw.get("classifiers", [])):
        try:
            check_classifier_params(entry.get("kind"), entry.get("params", {}))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: [[classifiers]] entry {i + 1}: {exc}") from exc
    _check_compare(raw.get("compare"), path)
    # A spec runs every augmenter with every classifier: a pair that does not
    # apply (class weights and 5-NN) must not run as 'none' under another name.
    for i, aug in enumerate(raw.get("augmenters", [])):
        for j, clf in enumerate(raw.get("classifiers", [])):
            try:
                check_pair(aug["kind"], clf["kind"])
            except NotApplicableError as exc:
                raise ValueError(
                    f"{path}: kind = {aug['kind']!r} in [[augmenters]] entry {i + 1} "
                    f"does not apply to kind = {clf['kind']!r} in [[classifiers]] "
                    f"entry {j + 1} ({exc}) A spec runs every augmenter with every "
                    "classifier: put them in separate specs."
                ) from exc


def _check_compare(compare: dict | None, path: Path) -> None:
    """``[compare]``: kinds, classifiers, scoring and params that exist."""
    if compare is None:
        return
    from ..metrics._compare import DEFAULT_AUGMENTERS, DEFAULT_CLASSIFIERS
    from ._kinds import augmenter_kinds, check_pair, classifier_kinds

    augmenters = compare.get("augmenters", list(DEFAULT_AUGMENTERS))
    classifiers = compare.get("classifiers", list(DEFAULT_CLASSIFIERS))
    kinds = augmenter_kinds(tuned=True)
    unknown = [k for k in augmenters if k not in kinds]
    unknown += [c for c in classifiers if c not in classifier_kinds()]
    if unknown:
        raise ValueError(
            f"{path}: [compare] names unknown kinds {unknown}; augmenters are "
            f"{list(kinds)}, classifiers {list(classifier_kinds())}."
        )
    scoring = compare.get("scoring", "balanced_accuracy")
    if scoring not in scoring_names():
        raise ValueError(
            f"{path}: [compare] scoring = {scoring!r} is not a metric name; use "
            f"a scikit-learn scorer name or {F1_MINORITY!r}."
        )
    for kind, params in compare.get("params", {}).items():
        if kind not in augmenters:
            raise ValueError(
                f"{path}: [compare] params names {kind!r}, which is not compared; "
                f"the compared kinds are {augmenters}."
            )
        if not isinstance(params, dict):
            raise ValueError(
                f"{path}: [compare] params.{kind} must be a table, e.g. "
                "params = { gan = { n_steps = 500 } }."
            )
        try:
            check_augmenter_params(kind, params)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: [compare] params.{kind}: {exc}") from exc
    for aug in augmenters:
        for clf in classifiers:
            try:
                check_pair(aug, clf)
            except NotApplicableError as exc:
                raise ValueError(
                    f"{path}: [compare] {aug!r} does not apply to {clf!r} ({exc})"
                ) from exc
