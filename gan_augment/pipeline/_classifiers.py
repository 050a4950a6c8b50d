"""The classifier kinds a pipeline spec names, each with its preprocessing.

One registry, ``_CLASSIFIERS``: a new classifier is one entry. The benchmark
harness and :func:`gan_augment.metrics.compare_augmenters` build their
classifiers here too, so every number scores the same models.

A spec may also name any estimator class by its import path
(``class = "sklearn.ensemble.RandomForestClassifier"``): :func:`load_class`
imports it and :func:`make_estimator` builds it with its ``params``, set
through the estimator's own ``set_params`` so that its own checks name a bad
parameter. Classifiers named so get the registry's preprocessing; augmenters
(``gan_augment.pipeline._kinds``) go in front of the classifier.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator, is_classifier
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from .._columns import categorical_columns
from ..metrics._scoring import SEED

__all__ = [
    "ClassifierKind",
    "build_classifier",
    "check_classifier_class",
    "check_classifier_params",
    "classifier_kinds",
    "load_class",
    "make_classifier",
    "make_estimator",
]

# A one-column numeric frame: what a spec's parameters are checked against
# before any data is loaded.
_PROBE = pd.DataFrame({"x": [0.0, 1.0]})


@dataclass(frozen=True)
class ClassifierKind:
    """How one classifier name becomes preprocessing plus a classifier.

    Attributes
    ----------
    estimator : callable
        Returns the unfitted classifier.
    scaled : bool
        Standard-scale the numeric columns first (models that compare
        distances or fit weights).
    handles_missing : bool, default=False
        Takes missing numbers as they are; otherwise the median fills them.
    """

    estimator: Callable[[], BaseEstimator]
    scaled: bool
    handles_missing: bool = False


_CLASSIFIERS: dict[str, ClassifierKind] = {
    "logreg": ClassifierKind(lambda: LogisticRegression(max_iter=1000), scaled=True),
    "tree": ClassifierKind(
        lambda: DecisionTreeClassifier(max_depth=5, random_state=SEED), scaled=False
    ),
    "knn": ClassifierKind(lambda: KNeighborsClassifier(n_neighbors=5), scaled=True),
    "hgb": ClassifierKind(
        lambda: HistGradientBoostingClassifier(random_state=SEED),
        scaled=False,
        handles_missing=True,
    ),
    # RBF kernel; not in the tabular benchmark's roster, used for images.
    "svc": ClassifierKind(SVC, scaled=True),
}


def classifier_kinds() -> tuple[str, ...]:
    """The classifier names :func:`make_classifier` knows.

    Examples
    --------
    >>> classifier_kinds()
    ('logreg', 'tree', 'knn', 'hgb', 'svc')
    """
    return tuple(_CLASSIFIERS)


def make_classifier(name: str, X: pd.DataFrame) -> Pipeline:
    """Build preprocessing plus classifier by name.

    Parameters
    ----------
    name : {"logreg", "tree", "knn", "hgb", "svc"}
        ``logreg`` LogisticRegression(max_iter=1000), ``knn``
        KNeighborsClassifier(5) and ``svc`` SVC() (RBF kernel) get
        standard-scaled numbers; ``tree`` DecisionTreeClassifier(max_depth=5)
        and ``hgb`` HistGradientBoostingClassifier get raw numbers. Category
        columns are one-hot encoded (unknown categories ignored) for all.
    X : DataFrame
        Features: which columns are categorical or numeric, and whether a
        median imputer is needed for missing numbers.

    Returns
    -------
    sklearn.pipeline.Pipeline
        ``[("preprocess", ColumnTransformer), ("classifier", estimator)]``.

    Raises
    ------
    ValueError
        If ``name`` is unknown.

    Examples
    --------
    >>> model = make_classifier("knn", pd.DataFrame({"x": [0.0, 1.0]}))
    >>> model.named_steps["classifier"]
    KNeighborsClassifier()
    """
    kind = _CLASSIFIERS.get(name)
    if kind is None:
        raise ValueError(
            f"Unknown classifier {name!r}; choose from {', '.join(_CLASSIFIERS)}"
        )
    return _with_preprocessing(kind, X)


def _with_preprocessing(kind: ClassifierKind, X: pd.DataFrame) -> Pipeline:
    """``[("preprocess", ColumnTransformer), ("classifier", estimator)]``."""
    categorical = categorical_columns(X)
    numeric = [c for c in X.columns if c not in categorical]
    steps: list[tuple[str, Any]] = []
    if X[numeric].isna().to_numpy().any() and not kind.handles_missing:
        steps.append(("impute", SimpleImputer(strategy="median")))
    if kind.scaled:
        steps.append(("scale", StandardScaler()))
    numeric_step: Any = Pipeline(steps) if steps else "passthrough"
    preprocess = ColumnTransformer(
        [
            (
                "categorical",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                categorical,
            ),
            ("numeric", numeric_step, numeric),
        ]
    )
    return Pipeline([("preprocess", preprocess), ("classifier", kind.estimator())])


def check_classifier_params(kind: str, params: Mapping[str, Any]) -> None:
    """Check a spec's classifier ``params`` before anything runs.

    Raises
    ------
    ValueError, TypeError
        For an unknown kind, or a parameter the classifier does not take.
    """
    model = make_classifier(kind, _PROBE)
    prefixed = {f"classifier__{k}": v for k, v in params.items()}
    model.set_params(**prefixed).named_steps["classifier"]._validate_params()


def build_classifier(entry: dict, X: pd.DataFrame) -> Pipeline:
    """Preprocessing + classifier from a spec entry.

    Parameters
    ----------
    entry : dict
        One ``[[classifiers]]`` entry: ``kind`` (a registry name) or
        ``class`` (an import path, with ``scale = true`` to standard-scale
        the numbers first), and ``params`` (parameters of the classifier
        step).
    X : DataFrame
        The features (category columns are one-hot encoded).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; its steps are ``preprocess`` and ``classifier``.

    Examples
    --------
    >>> from gan_augment.datasets import load_dataset
    >>> from gan_augment.pipeline import build_classifier
    >>> X, y = load_dataset("new_thyroid1")
    >>> model = build_classifier({"kind": "logreg", "params": {"C": 0.5}}, X)
    >>> [name for name, _ in model.steps], model.named_steps["classifier"].C
    (['preprocess', 'classifier'], 0.5)
    >>> bool(model.fit(X, y).score(X, y) > 0.9)
    True
    >>> forest = build_classifier({"class": "sklearn.ensemble.RandomForestClassifier",
    ...     "params": {"n_estimators": 20}}, X)
    >>> forest.named_steps["classifier"]  # the protocol's seed by default
    RandomForestClassifier(n_estimators=20, random_state=0)
    """
    if "class" in entry:
        estimator = make_estimator(
            entry["class"], entry["params"], _check_is_classifier
        )
        kind = ClassifierKind(lambda: estimator, scaled=bool(entry.get("scale")))
        return _with_preprocessing(kind, X)
    model = make_classifier(entry["kind"], X)
    params = {f"classifier__{k}": v for k, v in entry["params"].items()}
    return model.set_params(**params)


# ---------------------------------------------------------- by import path


def load_class(path: str) -> type:
    """The class at an import path, e.g. ``"sklearn.ensemble.RandomForestClassifier"``.

    Parameters
    ----------
    path : str
        ``"package.module.ClassName"``.

    Returns
    -------
    type

    Raises
    ------
    ValueError
        When the module cannot be imported, has no such name, or the name is
        not a class; the message names the path and the fix.

    Examples
    --------
    >>> load_class("sklearn.ensemble.RandomForestClassifier").__name__
    'RandomForestClassifier'
    >>> load_class("sklearn.ensemble.RandomForest")
    Traceback (most recent call last):
    ...
    ValueError: class = 'sklearn.ensemble.RandomForest': module 'sklearn.ensemble' \
has no 'RandomForest'; check the spelling (names are case-sensitive).
    """
    if not isinstance(path, str) or "." not in path.strip("."):
        raise ValueError(
            f"class = {path!r} is not an import path; write the module and the "
            "class, e.g. 'sklearn.ensemble.RandomForestClassifier'."
        )
    module_name, _, name = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        top = module_name.split(".")[0]
        raise ValueError(
            f"class = {path!r}: module {module_name!r} cannot be imported ({exc}); "
            f"install the package that provides {top!r} in this environment, or "
            "correct the path."
        ) from exc
    try:
        found = getattr(module, name)
    except AttributeError:
        raise ValueError(
            f"class = {path!r}: module {module_name!r} has no {name!r}; check the "
            "spelling (names are case-sensitive)."
        ) from None
    if not isinstance(found, type):
        raise ValueError(
            f"class = {path!r} is a {type(found).__name__}, not a class; name the "
            "estimator class itself."
        )
    return found


def make_estimator(
    path: str,
    params: Mapping[str, Any],
    check: Callable[[str, Any], None] | None = None,
) -> Any:
    """An unfitted instance of the class at ``path`` with ``params``.

    The parameters go through the estimator's own ``set_params`` (and, for
    scikit-learn estimators, its parameter validation), so a parameter it
    does not take is refused with its own message, which lists the valid
    ones. Where the class has a ``random_state`` and ``params`` give none,
    it gets the protocol's seed, as the registry's classifiers do: the
    baseline and the augmented model then differ by the augmentation only.

    Parameters
    ----------
    path : str
        Import path of a scikit-learn compatible estimator class.
    params : mapping
        Constructor parameters.
    check : callable, optional
        ``check(path, estimator)``, called before the parameters are set,
        raises for an estimator of the wrong sort (so that its message, not
        one about a parameter, names the problem).

    Returns
    -------
    estimator

    Raises
    ------
    ValueError, TypeError
        For a path that does not import (see :func:`load_class`), a class
        without ``get_params`` / ``set_params``, or a parameter it refuses.
    """
    cls = load_class(path)
    params = dict(params)
    try:
        estimator = cls()
    except TypeError:
        # Some estimators require arguments (SMOTENC's categorical_features).
        try:
            estimator = cls(**params)
        except TypeError as exc:
            raise TypeError(f"class = {path!r} with params {params}: {exc}") from exc
    if not (hasattr(estimator, "get_params") and hasattr(estimator, "set_params")):
        raise TypeError(
            f"class = {path!r} is not a scikit-learn estimator: it has no "
            "get_params / set_params, which cross-validation needs to clone it."
        )
    if check is not None:
        check(path, estimator)
    if "random_state" in estimator.get_params(deep=False):
        params.setdefault("random_state", SEED)
    estimator.set_params(**params)
    if hasattr(estimator, "_parameter_constraints"):
        # scikit-learn's own checks of the values (other libraries' estimators
        # inherit _validate_params without the constraints it reads).
        estimator._validate_params()
    return estimator


def _check_is_classifier(path: str, estimator: Any) -> None:
    if not (is_classifier(estimator) and hasattr(estimator, "predict")):
        raise TypeError(
            f"class = {path!r} is not a classifier (scikit-learn's is_classifier "
            "is False); [[classifiers]] takes classifiers, e.g. "
            "'sklearn.ensemble.RandomForestClassifier'."
        )


def check_classifier_class(path: str, params: Mapping[str, Any]) -> None:
    """Check a ``[[classifiers]]`` entry named by import path, before anything runs.

    Raises
    ------
    ValueError, TypeError
        For a path that does not import, a class that is not a classifier,
        or a parameter it refuses.
    """
    make_estimator(path, params, _check_is_classifier)
