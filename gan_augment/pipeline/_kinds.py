"""The kinds a pipeline spec names: one registry of augmenters, one of classifiers.

A spec's ``kind = "smote"`` or ``kind = "logreg"`` is looked up here, and so
are the benchmark harness's augmenter and classifier names: this is the one
place that knows what each name builds. Adding a baseline is one entry in
``_AUGMENTERS`` (or one :func:`register_augmenter` call from outside the
package, as the harness does for CTGAN, which user specs cannot reach);
adding a classifier is one entry in ``_classifiers._CLASSIFIERS``.

An augmenter kind says three things (:class:`AugmenterKind`): which sampler
it builds, if any; where the sampler goes, before the classifier's
preprocessing (it takes the raw table: GAN, SMOTE / SMOTENC / SMOTEN, random
oversampling, proximity interpolation) or after it (it takes numbers only: the
smote-variants samplers); and how it changes the classifier instead, or as well
(balanced class weights, a tuned decision threshold). :func:`make_model` puts the
three together for a classifier kind::

    Pipeline([sampler?, preprocess, sampler?, classifier]), or a wrapper of it

Every kind but ``none`` and ``tuned_threshold`` also exists with a tuned
threshold on top, named ``<kind>+tt`` (``smote+tt``, ``gan+tt``...), since
users combine the two.

A spec entry may name a sampler class by import path instead of a kind
(``class = "imblearn.over_sampling.ADASYN"``): it goes in front of the
classifier, as ``smote`` does (:func:`build_augmenter`).

Image kinds (``albumentations``, ``gan+albumentations``) are built from an
albumentations transform written in the spec, so they have a registry of
their own (``_image_kinds``); the classifier kinds are in ``_classifiers``.
Both are re-exported here, where the pipeline looks kinds up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC, RandomOverSampler
from imblearn.pipeline import Pipeline as SamplerPipeline
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.multiclass import type_of_target

from .._capped_smote import CappedSMOTE, CappedSMOTEN, CappedSMOTENC
from .._columns import categorical_columns
from ..metrics._scoring import SEED
from ._classifiers import (
    _PROBE,
    ClassifierKind,
    build_classifier,
    check_classifier_class,
    check_classifier_params,
    classifier_kinds,
    load_class,
    make_classifier,
    make_estimator,
)
from ._image_kinds import (
    _IMAGE_AUGMENTERS,
    IMAGE_KINDS,
    build_augmentation,
    gan_albumentations_chain,
)
from ._threshold import TunedThreshold

__all__ = [
    "IMAGE_KINDS",
    "TUNED_SUFFIX",
    "Augmentation",
    "AugmenterKind",
    "CappedSMOTE",
    "CappedSMOTEN",
    "CappedSMOTENC",
    "ClassifierKind",
    "NotApplicableError",
    "augmenter_kinds",
    "build_augmentation",
    "build_augmenter",
    "build_classifier",
    "check_augmenter_class",
    "check_augmenter_params",
    "check_classifier_class",
    "check_classifier_params",
    "check_pair",
    "classifier_kinds",
    "gan_albumentations_chain",
    "is_sampler_kind",
    "load_class",
    "make_augmentation",
    "make_augmenter",
    "make_classifier",
    "make_estimator",
    "make_model",
    "register_augmenter",
]

#: A factory of an unfitted sampler from the training features and a seed.
SamplerFactory = Callable[[pd.DataFrame, int], Any]
#: ``wrap(model, random_state)``: the model with its classifier changed.
ModelWrap = Callable[[Any, int], Any]
#: Where a kind's sampler goes: before or after the classifier's preprocessing.
Placement = Literal["before", "after"]

#: The suffix of a kind with a decision threshold tuned on top (``smote+tt``).
TUNED_SUFFIX = "+tt"


class NotApplicableError(ValueError):
    """An augmenter kind that does not apply to a classifier.

    Balanced class weights and 5-NN: ``KNeighborsClassifier`` has no
    ``class_weight``, and fitting it unchanged would report the ``none``
    baseline under another name. The benchmark records such a pair as not
    applicable; a spec that names one is refused before it runs.
    """


# ------------------------------------------------------------------ augmenters


@dataclass(frozen=True)
class AugmenterKind:
    """How one augmenter name becomes a sampler and a model.

    Attributes
    ----------
    build : callable
        ``build(X, random_state)``: an unfitted imbalanced-learn sampler for
        the training features ``X`` (which may pick a variant from the column
        types), or None for kinds that resample nothing.
    check_params : callable or None
        ``check_params(params)`` raises ``ValueError`` or ``TypeError`` for
        parameters the sampler does not take. None checks them against the
        sampler built on a one-column numeric frame (and a kind without a
        sampler takes only ``random_state``).
    placement : {"before", "after"}, default="before"
        Where the sampler goes: before the classifier's preprocessing (it
        takes the raw table, text categories and missing values included) or
        after it (it takes numbers only; the preprocessing then one-hot
        encodes, imputes and scales, see :meth:`Augmentation.apply`).
    wrap : callable or None, default=None
        ``wrap(model, random_state)``: how the kind changes the classifier
        instead of (or as well as) resampling, e.g. balanced class weights.
        May raise :class:`NotApplicableError`.
    """

    build: SamplerFactory
    check_params: Callable[[Mapping[str, Any]], None] | None = None
    placement: Placement = "before"
    wrap: ModelWrap | None = None


def _no_sampler(X: pd.DataFrame, random_state: int) -> None:
    return None


def _gan(X: pd.DataFrame, random_state: int) -> Any:
    from .. import GANAugmenter

    return GANAugmenter(random_state=random_state)


def _interpolation(X: pd.DataFrame, random_state: int) -> Any:
    from .. import InterpolationAugmenter

    return InterpolationAugmenter(random_state=random_state)


def _smote(X: pd.DataFrame, random_state: int) -> Any:
    """SMOTE, SMOTENC or SMOTEN as the columns are numeric, mixed or categorical."""
    categorical = categorical_columns(X)
    if not categorical:
        return CappedSMOTE(random_state=random_state)
    if len(categorical) == X.shape[1]:
        return CappedSMOTEN(random_state=random_state)
    return CappedSMOTENC(categorical_features=categorical, random_state=random_state)


def _check_smote_params(params: Mapping[str, Any]) -> None:
    """Keys any of SMOTE, SMOTENC and SMOTEN take; values where SMOTE takes them.

    The run picks the variant from the columns, so a SMOTENC-only key is fine.
    """
    variants = (SMOTE(), SMOTEN(), SMOTENC(categorical_features=[0]))
    known = set().union(*(variant.get_params() for variant in variants))
    unknown = sorted(set(params) - known)
    if unknown:
        raise ValueError(
            f"SMOTE takes no parameters {unknown}; it takes {sorted(known)}."
        )
    smote = {k: v for k, v in params.items() if k in SMOTE().get_params()}
    SMOTE().set_params(**smote)._validate_params()


@dataclass(frozen=True)
class _SmoteVariants:
    """Builds (and checks the parameters of) one smote-variants sampler.

    A dataclass rather than a closure, so that a kind pickles into a worker.
    """

    name: str

    def _class(self) -> type:
        from .. import _smote_variants

        return getattr(_smote_variants, self.name)

    def __call__(self, X: pd.DataFrame, random_state: int) -> Any:
        return self._class()(random_state=random_state)

    def check(self, params: Mapping[str, Any]) -> None:
        from .._smote_variants import import_smote_variants

        # A spec naming the kind fails here, before any data is loaded, when
        # smote-variants is not installed (the message says how to install).
        import_smote_variants()
        self._class()().set_params(**params)._validate_params()


def _smote_variants_kind(name: str) -> AugmenterKind:
    builder = _SmoteVariants(name)
    return AugmenterKind(builder, check_params=builder.check, placement="after")


def _final_estimator(model: Any) -> Any:
    while hasattr(model, "steps"):
        model = model.steps[-1][1]
    return model


def _balanced_class_weight(model: Any, random_state: int) -> Any:
    """The model with ``class_weight="balanced"`` on its final classifier.

    Raises
    ------
    NotApplicableError
        When the classifier has no ``class_weight`` (5-NN).
    """
    final = _final_estimator(model)
    if "class_weight" not in final.get_params(deep=False):
        raise NotApplicableError(
            f"class_weight does not apply to {type(final).__name__}: it has no "
            "class_weight parameter, and fitting it unchanged would repeat the "
            "'none' baseline under another name. Leave the pair out."
        )
    final.set_params(class_weight="balanced")
    return model


def _tuned_threshold(model: Any, random_state: int) -> TunedThreshold:
    """The model with its decision threshold tuned for balanced accuracy."""
    return TunedThreshold(model, scoring="balanced_accuracy", random_state=random_state)


@dataclass(frozen=True)
class _TunedOnTop:
    """A kind's own change of the classifier, then a tuned threshold on top."""

    inner: ModelWrap | None

    def __call__(self, model: Any, random_state: int) -> TunedThreshold:
        if self.inner is not None:
            model = self.inner(model, random_state)
        return _tuned_threshold(model, random_state)


_AUGMENTERS: dict[str, AugmenterKind] = {
    "none": AugmenterKind(_no_sampler),
    "class_weight": AugmenterKind(_no_sampler, wrap=_balanced_class_weight),
    "tuned_threshold": AugmenterKind(_no_sampler, wrap=_tuned_threshold),
    "ros": AugmenterKind(
        lambda X, random_state: RandomOverSampler(random_state=random_state)
    ),
    "smote": AugmenterKind(_smote, check_params=_check_smote_params),
    "polynom_fit_smote": _smote_variants_kind("PolynomFitSMOTE"),
    "prowsyn": _smote_variants_kind("ProWSyn"),
    "smote_ipf": _smote_variants_kind("SMOTEIPF"),
    "gan": AugmenterKind(_gan),
    # Raw mixed tables, like the GAN: before the preprocessing.
    "interpolation": AugmenterKind(_interpolation),
}
# Kinds without a "+tt" twin: "none+tt" is "tuned_threshold".
_NOT_TUNABLE = frozenset({"none", "tuned_threshold"})


def _base_name(name: str) -> str:
    """The kind under a tuned threshold: ``smote`` for ``smote+tt``."""
    return name[: -len(TUNED_SUFFIX)] if name.endswith(TUNED_SUFFIX) else name


def _resolve(name: str) -> AugmenterKind:
    """The registry entry of ``name``, ``<kind>+tt`` included.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is not a kind (the message lists them).
    """
    if not isinstance(name, str):
        raise TypeError(f"An augmenter kind is a name (str); got {name!r}.")
    base = _base_name(name)
    kind = _AUGMENTERS.get(base)
    if kind is None or (base != name and base in _NOT_TUNABLE):
        raise ValueError(
            f"Unknown augmenter {name!r}; choose from "
            f"{', '.join(augmenter_kinds(tuned=True))}"
        )
    if base == name:
        return kind
    return replace(kind, wrap=_TunedOnTop(kind.wrap))


def register_augmenter(
    name: str,
    build: SamplerFactory,
    *,
    check_params: Callable[[Mapping[str, Any]], None] | None = None,
    placement: Placement = "before",
    wrap: ModelWrap | None = None,
) -> None:
    """Teach the registry one more augmenter kind (or replace one).

    The benchmark harness registers its CTGAN baseline this way, so the
    package never imports harness code and user specs cannot name it. The
    kind gets its ``<name>+tt`` twin too.

    Parameters
    ----------
    name : str
        Not an image kind, not ending in ``+tt``.
    build : callable
        ``build(X, random_state)`` returning an unfitted sampler (or None).
    check_params : callable, optional
        See :class:`AugmenterKind`.
    placement : {"before", "after"}, default="before"
        See :class:`AugmenterKind`.
    wrap : callable, optional
        See :class:`AugmenterKind`.

    Raises
    ------
    ValueError
        For an image kind's name, a name ending in ``+tt`` or an unknown
        placement.

    Examples
    --------
    >>> from imblearn.over_sampling import ADASYN
    >>> register_augmenter("adasyn", lambda X, random_state: ADASYN(
    ...     random_state=random_state))
    >>> make_augmenter("adasyn", _PROBE)
    ADASYN(random_state=0)
    >>> type(make_model("adasyn+tt", "logreg", _PROBE)).__name__
    'TunedThreshold'
    >>> del _AUGMENTERS["adasyn"]
    """
    if name in IMAGE_KINDS:
        raise ValueError(f"{name!r} is an image kind; choose another name.")
    if name.endswith(TUNED_SUFFIX):
        raise ValueError(
            f"{name!r} ends in {TUNED_SUFFIX!r}, which names the tuned-threshold "
            f"twin of a kind; register {_base_name(name)!r} instead."
        )
    if placement not in ("before", "after"):
        raise ValueError(f"placement must be 'before' or 'after'; got {placement!r}.")
    _AUGMENTERS[name] = AugmenterKind(build, check_params, placement, wrap)


def augmenter_kinds(*, tuned: bool = False) -> tuple[str, ...]:
    """The augmenter names :func:`make_augmenter` knows, in registration order.

    Parameters
    ----------
    tuned : bool, default=False
        Also list the ``<kind>+tt`` twins (after all plain kinds).

    Examples
    --------
    >>> augmenter_kinds()[:5]
    ('none', 'class_weight', 'tuned_threshold', 'ros', 'smote')
    >>> augmenter_kinds()[5:10]
    ('polynom_fit_smote', 'prowsyn', 'smote_ipf', 'gan', 'interpolation')
    >>> "gan+tt" in augmenter_kinds(tuned=True)
    True
    """
    names = tuple(_AUGMENTERS)
    if not tuned:
        return names
    return names + tuple(n + TUNED_SUFFIX for n in names if n not in _NOT_TUNABLE)


@dataclass(frozen=True)
class Augmentation:
    """An augmenter kind bound to its sampler: what turns a classifier into its model.

    :func:`make_augmentation` builds one by name, :func:`build_augmenter`
    from a spec entry (for every kind that is more than a sampler in front of
    the classifier), and :func:`~gan_augment.metrics.augmentation_gain`
    accepts one as its ``augmenter`` or ``baseline``.

    Attributes
    ----------
    kind : str
    sampler : sampler or None
        Unfitted.
    placement : {"before", "after"}
        See :class:`AugmenterKind`.
    wrap : callable or None
        See :class:`AugmenterKind`.
    random_state : int
        Seed of the wrap (the tuned threshold's inner folds).
    """

    kind: str
    sampler: Any
    placement: Placement = "before"
    wrap: ModelWrap | None = None
    random_state: int = SEED

    @property
    def binary_only(self) -> bool:
        """Whether the model needs two classes (tuned threshold, smote-variants)."""
        from .._smote_variants import _SmoteVariantsSampler

        tuned = self.wrap is _tuned_threshold or isinstance(self.wrap, _TunedOnTop)
        return tuned or isinstance(self.sampler, _SmoteVariantsSampler)

    def check_target(self, y: Any) -> None:
        """Refuse a target the model cannot fit, before any training.

        Raises
        ------
        ValueError
            For more than two classes where the kind needs two.
        """
        if self.binary_only and type_of_target(np.asarray(y)) != "binary":
            raise ValueError(
                f"Augmenter kind {self.kind!r} needs two classes (a tuned threshold "
                "and the smote-variants samplers are binary); y has "
                f"{len(np.unique(np.asarray(y)))}. Use 'ros', 'smote', 'interpolation' "
                "or 'gan'."
            )

    def apply(self, estimator: Any) -> Any:
        """The kind's model around a clone of ``estimator``.

        A sampler placed ``"before"`` goes first; one placed ``"after"`` goes
        right before the final step of a pipeline, after its preprocessing
        (first when ``estimator`` is not a pipeline: ``X`` must then be
        numbers already). The registry's own preprocessing (the ``preprocess``
        step of :func:`make_classifier`) then imputes the median and
        standard-scales the numbers for every classifier, so that the sampler
        gets complete, comparable numbers. Then ``wrap`` changes the
        classifier.

        Parameters
        ----------
        estimator : classifier or pipeline
            Unfitted; not changed.

        Returns
        -------
        estimator
            An imbalanced-learn ``Pipeline`` where there is a sampler,
            wrapped by the kind's change of the classifier where there is one.

        Raises
        ------
        NotApplicableError
            Where the kind's change does not apply to the classifier.

        Examples
        --------
        >>> model = make_augmentation("prowsyn", _PROBE).apply(
        ...     make_classifier("tree", _PROBE))
        >>> [name for name, _ in model.steps]
        ['preprocess', 'augmenter', 'classifier']
        """
        model = clone(estimator)
        if self.sampler is not None:
            sampler = ("augmenter", clone(self.sampler))
            steps = getattr(model, "steps", None)
            if self.placement == "after" and steps is not None and len(steps) > 1:
                steps = _ready_for_sampler(model).steps
                model = SamplerPipeline([*steps[:-1], sampler, steps[-1]])
            elif steps is not None:
                model = SamplerPipeline([sampler, *steps])
            else:
                model = SamplerPipeline([sampler, ("estimator", model)])
        if self.wrap is not None:
            model = self.wrap(model, self.random_state)
        return model


def _ready_for_sampler(model: Any) -> Any:
    """The registry's preprocessing with the numbers imputed and scaled.

    A sampler after the preprocessing measures distances between rows and
    cannot take missing values, so every classifier's numbers are
    median-imputed and standard-scaled there (trees and boosting do not
    change with the scale; gradient boosting loses its own handling of
    missing values, as any sampler-first pipeline would). Pipelines that
    :func:`make_classifier` did not build are left as they are.
    """
    name, first = model.steps[0]
    if name == "preprocess" and isinstance(first, ColumnTransformer):
        if "numeric" in {transformer[0] for transformer in first.transformers}:
            model.set_params(preprocess__numeric=_numbers_for_sampler())
    return model


def _numbers_for_sampler() -> Pipeline:
    return Pipeline(
        [("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]
    )


def make_augmentation(
    name: str, X: pd.DataFrame, random_state: int = SEED
) -> Augmentation:
    """Bind an augmenter kind to its unfitted sampler.

    Parameters
    ----------
    name : str
        A kind of :func:`augmenter_kinds` (``tuned=True`` included).
    X : DataFrame
        Training features, which choose the SMOTE variant.
    random_state : int, default=0
        Seed of the sampler and of the tuned threshold.

    Returns
    -------
    Augmentation

    Raises
    ------
    ValueError
        If ``name`` is unknown.

    Examples
    --------
    >>> augmentation = make_augmentation("smote+tt", _PROBE)
    >>> augmentation.sampler, augmentation.placement
    (CappedSMOTE(random_state=0), 'before')
    """
    kind = _resolve(name)
    return Augmentation(
        name, kind.build(X, random_state), kind.placement, kind.wrap, random_state
    )


def make_augmenter(name: str, X: pd.DataFrame, random_state: int = SEED) -> Any:
    """Build the unfitted sampler of a kind by name.

    Parameters
    ----------
    name : str
        A registered kind: ``none``, ``class_weight`` and ``tuned_threshold``
        (no sampler), ``ros`` (RandomOverSampler), ``smote`` (SMOTE, SMOTENC or
        SMOTEN as the columns are all numeric, mixed or all categorical, with
        ``k_neighbors`` capped by the class size), ``polynom_fit_smote``,
        ``prowsyn`` and ``smote_ipf`` (smote-variants, after preprocessing),
        ``gan`` (``GANAugmenter`` with its defaults), ``interpolation``
        (``InterpolationAugmenter`` with its defaults), their ``+tt`` twins, or
        one added with :func:`register_augmenter`. Where the sampler goes and
        what else the kind changes: :func:`make_model`.
    X : DataFrame
        Training features, which choose the SMOTE variant and its
        categorical columns.
    random_state : int, default=0
        Seed of the sampler.

    Returns
    -------
    sampler or None
        An imbalanced-learn sampler, or None for kinds that resample nothing.

    Raises
    ------
    ValueError
        If ``name`` is unknown.

    Examples
    --------
    >>> make_augmenter("smote", pd.DataFrame({"a": [1.0], "b": ["x"]}))
    CappedSMOTENC(categorical_features=['b'], random_state=0)
    """
    return _resolve(name).build(X, random_state)


def check_augmenter_params(kind: str, params: Mapping[str, Any]) -> None:
    """Check a spec's ``params`` for an augmenter kind before anything runs.

    Parameters
    ----------
    kind : str
        A registered kind (``+tt`` twins take their kind's parameters) or an
        image kind (``albumentations`` is checked when it runs;
        ``gan+albumentations`` as a GAN).
    params : mapping
        The spec's ``params`` (TOML lists for tuples are fine).

    Raises
    ------
    ValueError, TypeError
        For a parameter the sampler does not take or a value it refuses.
    ImportError
        For a smote-variants kind when smote-variants is not installed.
    """
    params = dict(params)
    if isinstance(params.get("image_shape"), list):
        params["image_shape"] = tuple(params["image_shape"])
    if kind in IMAGE_KINDS:
        if kind == "gan+albumentations":
            _gan(_PROBE, SEED).set_params(**params)._validate_params()
        return
    entry = _resolve(kind)
    if entry.check_params is not None:
        entry.check_params(params)
        return
    sampler = entry.build(_PROBE, SEED)
    if sampler is not None:
        sampler.set_params(**params)._validate_params()
        return
    _check_no_sampler_params(kind, params)


def check_augmenter_class(path: str, params: Mapping[str, Any]) -> Any:
    """Build the sampler of an ``[[augmenters]]`` entry named by import path.

    Parameters
    ----------
    path : str
        Import path of an imbalanced-learn compatible sampler class.
    params : mapping
        Its parameters (set through its own ``set_params``).

    Returns
    -------
    sampler
        Unfitted.

    Raises
    ------
    ValueError, TypeError
        For a path that does not import, a class that is not a sampler (no
        ``fit_resample``, or a ``transform`` that imbalanced-learn pipelines
        refuse beside it), or a parameter it refuses.

    Examples
    --------
    >>> check_augmenter_class("imblearn.over_sampling.ADASYN", {"n_neighbors": 3})
    ADASYN(n_neighbors=3, random_state=0)
    >>> check_augmenter_class("sklearn.preprocessing.StandardScaler", {})
    Traceback (most recent call last):
    ...
    TypeError: class = 'sklearn.preprocessing.StandardScaler' is not a sampler: it \
has no fit_resample. [[augmenters]] takes imbalanced-learn samplers, e.g. \
'imblearn.over_sampling.ADASYN'.
    """
    sampler = make_estimator(path, params, _check_is_sampler)
    return sampler


def _check_is_sampler(path: str, sampler: Any) -> None:
    if not hasattr(sampler, "fit_resample"):
        raise TypeError(
            f"class = {path!r} is not a sampler: it has no fit_resample. "
            "[[augmenters]] takes imbalanced-learn samplers, e.g. "
            "'imblearn.over_sampling.ADASYN'."
        )
    if hasattr(sampler, "transform"):
        raise TypeError(
            f"class = {path!r} has both fit_resample and transform, which "
            "imbalanced-learn pipelines refuse; name a pure sampler."
        )


def _check_no_sampler_params(kind: str, params: Mapping[str, Any]) -> None:
    extra = sorted(set(params) - {"random_state"})
    if extra:
        raise ValueError(
            f"augmenter kind {kind!r} resamples nothing and takes no params but "
            f"random_state; got {extra}. Give classifier parameters in "
            "[[classifiers]] params."
        )


def build_augmenter(
    entry: dict,
    X: pd.DataFrame,
    callbacks: list | None = None,
    image_shape: Any = None,
) -> Any:
    """An unfitted sampler, or an :class:`Augmentation`, from a spec entry.

    A kind that is a sampler in front of the classifier (``gan``, ``smote``,
    ``ros``, the image kinds) gives its sampler; any other kind (a sampler
    after the preprocessing, a change of the classifier, a ``+tt`` twin)
    gives an :class:`Augmentation`, which
    :func:`~gan_augment.metrics.augmentation_gain` takes as it takes a
    sampler.

    Parameters
    ----------
    entry : dict
        One ``[[augmenters]]`` entry, with ``kind`` (or ``class``, the import
        path of a sampler, which goes in front of the classifier) and
        ``params``.
    X : DataFrame
        The features (SMOTE's variant depends on the column types).
    callbacks : list, optional
        Given to a GAN's ``callbacks``.
    image_shape : sequence of int, optional
        ``(H, W)`` or ``(H, W, C)`` when the rows are images.

    Returns
    -------
    sampler or Augmentation
        An imbalanced-learn sampler, or the kind bound to its sampler.

    Raises
    ------
    ValueError
        For kind ``none``, or params given to a kind without a sampler.

    Examples
    --------
    >>> from gan_augment.datasets import load_dataset
    >>> from gan_augment.pipeline import build_augmenter
    >>> X, y = load_dataset("new_thyroid1")
    >>> entry = {"kind": "gan", "params": {"n_steps": 30, "random_state": 0}}
    >>> gan = build_augmenter(entry, X)
    >>> type(gan).__name__, gan.n_steps
    ('GANAugmenter', 30)
    >>> X_res, y_res = gan.fit_resample(X, y)
    >>> y_res.value_counts().sort_index().tolist()
    [180, 180]
    >>> build_augmenter({"kind": "smote", "params": {}}, X)
    CappedSMOTE(random_state=0)
    >>> prowsyn = build_augmenter({"kind": "prowsyn", "params": {"levels": 3}}, X)
    >>> prowsyn.placement, prowsyn.sampler
    ('after', ProWSyn(levels=3, random_state=0))
    """
    if "class" in entry:
        sampler = check_augmenter_class(entry["class"], entry["params"])
        if callbacks is not None and "callbacks" in sampler.get_params(deep=False):
            sampler.set_params(callbacks=callbacks)
        return sampler
    seed = entry["params"].get("random_state", SEED)
    kind = entry["kind"]
    if kind in IMAGE_KINDS:
        params = {k: v for k, v in entry["params"].items() if k != "random_state"}
        return _IMAGE_AUGMENTERS[kind](
            build_augmentation(entry["augmentation"]),
            tuple(image_shape),
            share=entry.get("share", 0.5),
            random_state=seed,
            callbacks=callbacks,
            **params,
        )
    augmentation = make_augmentation(kind, X, random_state=seed)
    if augmentation.sampler is None and augmentation.wrap is None:
        raise ValueError(
            "augmenter kind 'none' is the baseline that every gain is measured "
            "against already; leave it out of [[augmenters]]."
        )
    params = dict(entry["params"])
    if augmentation.sampler is None:
        _check_no_sampler_params(kind, params)
        return augmentation
    if callbacks is not None:
        params["callbacks"] = callbacks
    if image_shape is not None and _base_name(kind) == "gan":
        params.setdefault("image_shape", tuple(image_shape))
    if isinstance(params.get("image_shape"), list):
        params["image_shape"] = tuple(params["image_shape"])
    sampler = augmentation.sampler.set_params(**params)
    if augmentation.placement == "before" and augmentation.wrap is None:
        return sampler
    return replace(augmentation, sampler=sampler)


# ---------------------------------------------------------------------- models


def make_model(
    augmenter: str, classifier: str, X: pd.DataFrame, random_state: int = SEED
) -> Any:
    """The model of an augmenter kind and a classifier kind, unfitted.

    ``Pipeline([sampler?, preprocess, sampler?, classifier])`` with the
    sampler where its kind places it (see :meth:`Augmentation.apply`),
    wrapped by the kind's change of the classifier: the benchmark fits this
    on each training fold.

    Parameters
    ----------
    augmenter : str
        An augmenter kind (``+tt`` twins included).
    classifier : str
        A classifier kind.
    X : DataFrame
        Features: column types choose the preprocessing and SMOTE's variant.
    random_state : int, default=0
        Seed of the sampler and the tuned threshold.

    Returns
    -------
    estimator

    Raises
    ------
    NotApplicableError
        For a pair that does not apply (``class_weight`` with ``knn``).
    ValueError
        For an unknown kind.

    Examples
    --------
    >>> model = make_model("smote", "logreg", _PROBE)
    >>> [name for name, _ in model.steps]
    ['augmenter', 'preprocess', 'classifier']
    >>> make_model("class_weight", "tree", _PROBE).named_steps["classifier"]
    DecisionTreeClassifier(class_weight='balanced', max_depth=5, random_state=0)
    >>> make_model("gan+tt", "hgb", _PROBE).estimator.steps[0][0]
    'augmenter'
    >>> try:
    ...     make_model("class_weight", "knn", _PROBE)
    ... except NotApplicableError as exc:
    ...     print(str(exc).split(":")[0])
    class_weight does not apply to KNeighborsClassifier
    """
    augmentation = make_augmentation(augmenter, X, random_state)
    return augmentation.apply(make_classifier(classifier, X))


def is_sampler_kind(kind: str) -> bool:
    """Whether a kind is a sampler of the raw table and nothing else.

    Such a kind (``gan``, ``interpolation``, ``smote``, ``ros``, the image
    kinds) can be fitted on a whole data set and logged or registered as a
    model that samples rows; the others are baselines measured in a
    classifier's model.

    Examples
    --------
    >>> is_sampler_kind("gan"), is_sampler_kind("gan+tt"), is_sampler_kind("prowsyn")
    (True, False, False)
    """
    if kind in IMAGE_KINDS:
        return True
    entry = _resolve(kind)
    return (
        entry.placement == "before"
        and entry.wrap is None
        and entry.build(_PROBE, SEED) is not None
    )


def check_pair(augmenter: str, classifier: str) -> None:
    """Refuse an augmenter kind that does not apply to a classifier kind.

    Parameters
    ----------
    augmenter, classifier : str
        Kinds of the two registries.

    Raises
    ------
    NotApplicableError
        For ``class_weight`` (or ``class_weight+tt``) with ``knn``.

    Examples
    --------
    >>> check_pair("class_weight", "logreg")
    """
    if augmenter in IMAGE_KINDS:
        return
    make_model(augmenter, classifier, _PROBE)
