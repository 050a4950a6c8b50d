"""The classifier kinds a pipeline spec names, each with its preprocessing.

One registry, ``_CLASSIFIERS``: a new classifier is one entry. The benchmark
harness and :func:`gan_augment.metrics.compare_augmenters` build their
classifiers here too, so every number scores the same models.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
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
    "check_classifier_params",
    "classifier_kinds",
    "make_classifier",
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
        One ``[[classifiers]]`` entry: ``kind`` and ``params`` (parameters of
        the classifier step).
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
    """
    model = make_classifier(entry["kind"], X)
    params = {f"classifier__{k}": v for k, v in entry["params"].items()}
    return model.set_params(**params)
