"""A pipeline spec: the TOML file read, and checked whole before anything runs.

A typo in a spec (``nsplits``, ``param``, ``kind = "gann"``) must not run
the defaults quietly, nor fail an hour in, after the first data sets were
trained: every key, type, kind, data set name, scoring name and parameter is
checked here, and the message names the section and the key. The format is
described in :mod:`gan_augment.pipeline`.

Overrides (``gan-augment run spec.toml --set cv.n_splits=3``) change the
parsed TOML before it is checked (:func:`apply_overrides`), so an override is
checked exactly as the file is.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from pathlib import Path

from ..metrics._scoring import F1_MINORITY, METRICS, scoring_names
from ._kinds import (
    _PROBE,
    IMAGE_KINDS,
    NotApplicableError,
    augmenter_kinds,
    build_augmentation,
    build_classifier,
    check_augmenter_class,
    check_augmenter_params,
    check_classifier_class,
    check_classifier_params,
    check_pair,
    is_sampler_kind,
    make_augmentation,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["PipelineSpec", "apply_overrides", "check_spec", "load_spec", "parse_value"]

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
    #: The ``--set`` overrides applied to the file, as given (logged with it).
    overrides: list[str] = field(default_factory=list)


def load_spec(
    path: str | os.PathLike, overrides: Sequence[str] | None = None
) -> PipelineSpec:
    """Read and check a TOML pipeline spec.

    Parameters
    ----------
    path : str or path-like
    overrides : sequence of str, optional
        ``"KEY=VALUE"`` changes of the file's values, applied before the
        checks (:func:`apply_overrides`): ``"cv.n_splits=3"``,
        ``"augmenters.gan.n_steps=500"``.

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
    >>> load_spec(folder / "spec.toml", ["augmenters.gan.n_steps=50"]).augmenters[0]
    {'kind': 'gan', 'params': {'n_steps': 50, 'random_state': 0}, 'name': 'gan'}
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No pipeline spec at {path}.")
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc
    overrides = list(overrides or ())
    raw = apply_overrides(raw, overrides, path)
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
            entry.setdefault("name", _entry_name(entry))
            entry.setdefault("params", {})
        _check_unique_names(raw[kind], kind, path)
    for entry in raw["augmenters"]:
        if entry.get("kind") in IMAGE_KINDS:
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
        overrides=overrides,
    )
    if "scoring" in raw.get("metrics", {}):
        spec.scoring = list(raw["metrics"]["scoring"])
    promote = spec.mlflow.get("promote")
    if promote is not None and promote != "auto":
        raise ValueError(
            f'{path}: [mlflow] promote = {promote!r}; the one policy is "auto" '
            "(a new version becomes champion when its gain beats the champion's). "
            "Leave it out to register challengers only, and promote one with "
            "`gan-augment promote NAME VERSION`."
        )
    register = spec.mlflow.get("register")
    names = [a["name"] for a in spec.augmenters]
    if register is not None and register not in names:
        raise ValueError(
            f"{path}: [mlflow] register = {register!r} names no augmenter; "
            f"choose one of {names}."
        )
    if register is not None:
        entry = next(a for a in spec.augmenters if a["name"] == register)
        kind = entry.get("kind")
        # A sampler named by import path goes in front of the classifier.
        if kind is not None and not is_sampler_kind(kind):
            # The registered augmenter is fitted on the raw table and logged
            # as a model that samples rows: a baseline that changes the
            # classifier, or samples after its preprocessing, is neither.
            samplers = [
                a["name"]
                for a in spec.augmenters
                if "class" in a or is_sampler_kind(a["kind"])
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
    "cv": {
        "n_splits": "int",
        "n_repeats": "int",
        "random_state": "int",
        "n_jobs": "int",
    },
    "metrics": {"scoring": "list[str]"},
    "mlflow": {
        "experiment": "str",
        "register": "str",
        "registered_model_name": "str",
        "promote": "str",
    },
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
        "class": "str",
        "params": "table",
        "augmentation": "list[table]",
        "share": "float",
    },
    "classifiers": {
        "name": "str",
        "kind": "str",
        "class": "str",
        "params": "table",
        "scale": "bool",
    },
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
        for i, entry in enumerate(entries):
            if ("kind" in entry) == ("class" in entry):
                raise ValueError(
                    f"{path}: every [[{section}]] entry needs kind = '...' (a "
                    "built-in kind) or class = '...' (an import path, e.g. "
                    f"{_EXAMPLE_CLASS[section]!r}), not both; entry {i + 1} has "
                    f"{'both' if 'kind' in entry else 'neither'}."
                )
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
        if key == "n_jobs" and value == 0:
            raise ValueError(
                f"{path}: n_jobs in {where} is a number of parallel jobs, >= 1 "
                "(or -1 for one per core); got 0."
            )
        if key in _MINIMUM and value < _MINIMUM[key]:
            raise ValueError(
                f"{path}: {key} in {where} must be at least {_MINIMUM[key]}; "
                f"got {value}."
            )
    return table


_WORDS = {
    "str": "a string",
    "bool": "true or false",
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
        "bool": lambda v: isinstance(v, bool),
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
        if "class" in entry:
            try:
                check_augmenter_class(entry["class"], entry.get("params", {}))
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{path}: {where}: {exc}") from exc
            continue
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
        if "scale" in entry and "class" not in entry:
            raise ValueError(
                f"{path}: scale in [[classifiers]] entry {i + 1} goes with class = "
                "'...'; a built-in kind has its own scaling."
            )
        try:
            if "class" in entry:
                check_classifier_class(entry["class"], entry.get("params", {}))
            else:
                check_classifier_params(entry.get("kind"), entry.get("params", {}))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: [[classifiers]] entry {i + 1}: {exc}") from exc
    _check_compare(raw.get("compare"), path)
    # A spec runs every augmenter with every classifier: a pair that does not
    # apply (class weights and 5-NN) must not run as 'none' under another name.
    for i, aug in enumerate(raw.get("augmenters", [])):
        for j, clf in enumerate(raw.get("classifiers", [])):
            try:
                _check_entry_pair(aug, clf)
            except NotApplicableError as exc:
                raise ValueError(
                    f"{path}: {_what(aug)} in [[augmenters]] entry {i + 1} "
                    f"does not apply to {_what(clf)} in [[classifiers]] "
                    f"entry {j + 1} ({exc}) A spec runs every augmenter with every "
                    "classifier: put them in separate specs."
                ) from exc


def _what(entry: dict) -> str:
    """``kind = 'gan'`` or ``class = 'a.B'``, as the spec wrote it."""
    key = "class" if "class" in entry else "kind"
    return f"{key} = {entry[key]!r}"


def _check_entry_pair(aug: dict, clf: dict) -> None:
    """Raise NotApplicableError for an augmenter that does not apply to a classifier."""
    if "class" in aug or aug["kind"] in IMAGE_KINDS:
        return  # a sampler in front of any classifier
    if "kind" in clf:
        check_pair(aug["kind"], clf["kind"])
        return
    entry = {"params": {}, **clf}
    make_augmentation(aug["kind"], _PROBE).apply(build_classifier(entry, _PROBE))


#: What each entry's class might be, for the messages.
_EXAMPLE_CLASS = {
    "augmenters": "imblearn.over_sampling.ADASYN",
    "classifiers": "sklearn.ensemble.RandomForestClassifier",
}


def _entry_name(entry: dict) -> str:
    """An entry's name: its own, else its kind, else its class's name."""
    if "name" in entry:
        return entry["name"]
    if "kind" in entry:
        return entry["kind"]
    return str(entry.get("class", "")).rpartition(".")[2]


def _check_unique_names(entries: list[dict], section: str, path: Path) -> None:
    """Each entry's name is its runs' name and what ``--set`` addresses it by."""
    seen: set[str] = set()
    for entry in entries:
        if entry["name"] in seen:
            raise ValueError(
                f"{path}: two [[{section}]] entries are named {entry['name']!r}; "
                "give each its own name = '...'."
            )
        seen.add(entry["name"])


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


# ----------------------------------------------------------------- overrides


def parse_value(text: str):
    """A command-line value read as a TOML value, else as text.

    ``3`` is an integer, ``0.5`` a float, ``true`` a boolean, ``[1, 2]`` a
    list, ``{ a = 1 }`` a table and ``"text"`` a string; anything that is not
    a TOML value is the text itself, so ``pima`` needs no quotes (which the
    shell would remove anyway).

    Examples
    --------
    >>> [parse_value(t) for t in ["3", "0.5", "true", "[1, 2]", '"3"', "pima"]]
    [3, 0.5, True, [1, 2], '3', 'pima']
    """
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(raw: dict, overrides: Sequence[str], path: Path | str) -> dict:
    """A parsed spec with ``KEY=VALUE`` overrides applied (the input is not changed).

    ``KEY`` is dotted: ``cv.n_splits``, ``mlflow.experiment``,
    ``compare.params.gan.n_steps``; ``augmenters.<name>.<key>`` and
    ``classifiers.<name>.<key>`` address an entry by its ``name`` (its kind
    when it has none), where ``<key>`` is one of the entry's keys (``kind``,
    ``params``, ``share``...) or, for anything else, a key of its
    ``params``: ``augmenters.gan.n_steps=500`` is
    ``augmenters.gan.params.n_steps=500``. ``VALUE`` is read by
    :func:`parse_value`. The result is checked afterwards as the file is,
    so a parameter the estimator does not take is named there.

    Parameters
    ----------
    raw : dict
        The TOML document.
    overrides : sequence of str
    path : Path or str
        The spec's file, for the messages.

    Returns
    -------
    dict

    Raises
    ------
    ValueError
        For an override that is not ``KEY=VALUE``, or a section, key or
        entry name that the spec format does not have (the message lists the
        valid ones).

    Examples
    --------
    >>> raw = {"cv": {"n_splits": 5},
    ...        "augmenters": [{"kind": "gan", "params": {"n_steps": 3000}}]}
    >>> new = apply_overrides(raw, ["cv.n_splits=3", "augmenters.gan.n_steps=500"],
    ...                       "spec.toml")
    >>> new["cv"], new["augmenters"][0]["params"]
    ({'n_splits': 3}, {'n_steps': 500})
    >>> raw["cv"]  # unchanged
    {'n_splits': 5}
    >>> apply_overrides(raw, ["cv.nsplits=3"], "spec.toml")
    Traceback (most recent call last):
    ...
    ValueError: spec.toml: --set cv.nsplits=3: [cv] has no key 'nsplits'; valid \
keys: ['n_jobs', 'n_repeats', 'n_splits', 'random_state'].
    """
    raw = copy.deepcopy(raw)
    for override in overrides:
        key, sep, text = str(override).partition("=")
        parts = key.strip().split(".")
        if not sep or not all(parts):
            raise ValueError(
                f"{path}: --set {override!r} is not KEY=VALUE; write e.g. "
                "--set cv.n_splits=3 or --set augmenters.gan.n_steps=500."
            )
        where = f"{path}: --set {override}"
        value = parse_value(text.strip())
        section = parts[0]
        if section not in _SECTIONS:
            raise ValueError(
                f"{where}: no section {section!r}; sections: {sorted(_SECTIONS)}."
            )
        if section in _ENTRIES:
            _override_entry(raw, parts, value, where)
            continue
        if len(parts) < 2:
            raise ValueError(
                f"{where}: name a key of [{section}], e.g. {section}."
                f"{sorted(_TABLES[section])[0]}=...; valid keys: "
                f"{sorted(_TABLES[section])}."
            )
        if parts[1] not in _TABLES[section]:
            raise ValueError(
                f"{where}: [{section}] has no key {parts[1]!r}; valid keys: "
                f"{sorted(_TABLES[section])}."
            )
        if len(parts) > 2 and _TABLES[section][parts[1]] != "table":
            raise ValueError(
                f"{where}: {section}.{parts[1]} is {_WORDS[_TABLES[section][parts[1]]]}"
                ", not a table; set it whole."
            )
        table = raw.setdefault(section, {})
        if not isinstance(table, dict):
            raise ValueError(f"{where}: [{section}] in the file is not a table.")
        _set_in(table, parts[1:], value, where)
    return raw


def _override_entry(raw: dict, parts: list[str], value, where: str) -> None:
    """``augmenters.<name>.<key>``: the entry's key, or a key of its params."""
    section = parts[0]
    entries = raw.get(section, [])
    if not isinstance(entries, list):
        entries = []
    names = [_entry_name(e) for e in entries if isinstance(e, dict)]
    if len(parts) < 3:
        raise ValueError(
            f"{where}: write {section}.<name>.<key>=VALUE, with <name> one of "
            f"{names}, e.g. {section}.{(names or ['gan'])[0]}.params.<key>=..."
        )
    entry = next(
        (e for e in entries if isinstance(e, dict) and _entry_name(e) == parts[1]),
        None,
    )
    if entry is None:
        raise ValueError(
            f"{where}: no [[{section}]] entry named {parts[1]!r}; names: {names}."
        )
    # The name stays what --set addressed, even when the kind changes.
    entry.setdefault("name", parts[1])
    keys = _ENTRIES[section]
    rest = parts[2:]
    if rest[0] in keys and rest[0] != "params":
        if len(rest) > 1:
            raise ValueError(
                f"{where}: {rest[0]} of an entry is "
                f"{_WORDS[keys[rest[0]]]}; set it whole."
            )
        entry[rest[0]] = value
        return
    if rest[0] == "params":
        rest = rest[1:]
        if not rest:
            entry["params"] = value
            return
    params = entry.setdefault("params", {})
    if not isinstance(params, dict):
        raise ValueError(f"{where}: the entry's params in the file are not a table.")
    _set_in(params, rest, value, where)


def _set_in(table: dict, keys: list[str], value, where: str) -> None:
    """``table[k1][k2]... = value``, making the tables on the way."""
    for key in keys[:-1]:
        inner = table.setdefault(key, {})
        if not isinstance(inner, dict):
            raise ValueError(f"{where}: {key} is {inner!r}, not a table.")
        table = inner
    table[keys[-1]] = value
