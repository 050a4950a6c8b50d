"""Autologging: every augmenter fit logged to MLflow, with no callback to pass.

:func:`autolog` registers one listener with the core's process-wide fit hooks
(``gan_augment._fit_hooks``): every ``GANAugmenter`` fit calls it after the
augmenter's own callbacks, and every ``AlbumentationsAugmenter`` and
``InterpolationAugmenter`` fit calls its ``on_fit_end``. Nothing of scikit-learn
or imbalanced-learn is patched, so a fit is seen wherever it happens: alone,
inside a pipeline, an ``AugmentedClassifier`` or a grid search.

Which run a fit logs to (the rules of ``mlflow.sklearn.autolog``, adapted to
fits that happen deep inside other estimators):

- no run active: a new run for the fit, ended when it ends;
- a run active: that run, unless it already holds an autologged fit (then a
  run nested under it: MLflow refuses to change a parameter);
- inside a parameter search or a cross-validation function of scikit-learn
  (``GridSearchCV``, ``cross_validate``, ...): a nested run per fit, under
  the active run, or under one run made for the search when none is active.

Tracking never stops a fit: a failing store is reported as a warning (none
with ``silent=True``) and the fit goes on.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import warnings
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._fit_hooks import add_listener, remove_listener
from .._validation import free_column_name
from ._callback import MlflowCallback, log_estimator
from ._client import active_run_id, client, mlflow_module

logger = logging.getLogger(__name__)

#: The run tag that marks a run holding an autologged (or callback-logged) fit.
_FIT_TAG = "gan_augment.version"
#: scikit-learn functions that fit clones of an estimator many times.
_CV_FUNCTIONS = frozenset(
    {
        "cross_validate",
        "cross_val_score",
        "cross_val_predict",
        "learning_curve",
        "validation_curve",
        "permutation_test_score",
    }
)
_CV_MODULE = "sklearn.model_selection._validation"

#: The listener autolog registered, if any (one per process).
_ACTIVE: list = []


@dataclass(frozen=True)
class AutologConfig:
    """What :func:`autolog` logs (its arguments)."""

    log_models: bool = False
    log_datasets: bool = True
    log_figures: bool = True
    silent: bool = False


def autolog(
    *,
    log_models: bool = False,
    log_datasets: bool = True,
    log_figures: bool = True,
    disable: bool = False,
    silent: bool = False,
) -> None:
    """Log every augmenter fit of this process to MLflow, as it happens.

    In the style of :func:`mlflow.sklearn.autolog`: once called, every
    :class:`~gan_augment.GANAugmenter`,
    :class:`~gan_augment.AlbumentationsAugmenter` and
    :class:`~gan_augment.InterpolationAugmenter` fit (alone, in an
    imbalanced-learn or scikit-learn pipeline through
    :class:`~gan_augment.AugmentedClassifier`, inside ``GridSearchCV``) logs
    to the active run, or to a new one:

    - parameters: ``get_params(deep=True)``, callbacks left out, non-scalars
      as text; tags ``estimator_name``, ``estimator_class`` and
      ``gan_augment.version``;
    - the training data as an MLflow dataset (context ``training``, with its
      digest and schema);
    - per-epoch ``d_loss`` / ``g_loss`` (sent with ``log_batch``) and the
      training configuration (``train_*``), as
      :class:`~gan_augment.mlflow.MlflowCallback` logs them;
    - the figures of :func:`~gan_augment.mlflow.log_quality_figures` (GAN
      fits);
    - the fitted augmenter as a model (``log_models=True``; GAN fits), as
      :func:`~gan_augment.mlflow.log_augmenter` logs it.

    A fit that has an ``MlflowCallback`` of its own is left to it. In a
    parameter search or cross-validation with ``n_jobs=1`` each fit is a
    nested run (under the active run, or under one run made for the search).
    Autologging is per process: with ``n_jobs > 1`` fits that run in worker
    processes are not logged, and fits in worker threads log to runs of
    their own (MLflow's active run is per thread).

    Parameters
    ----------
    log_models : bool, default=False
        Also log each fitted GAN augmenter as a model (seconds per fit).
    log_datasets : bool, default=True
        Log the training data as a dataset input of the run.
    log_figures : bool, default=True
        Log the quality figures when a fit ends.
    disable : bool, default=False
        Turn autologging off (the other arguments are then ignored).
    silent : bool, default=False
        No warnings when tracking fails; the fit goes on either way.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> from pathlib import Path
    >>> import mlflow
    >>> from sklearn.datasets import make_classification
    >>> from gan_augment import GANAugmenter
    >>> from gan_augment.mlflow import autolog
    >>> # A throwaway tracking store; the examples share it (migrations take seconds)
    >>> tmp = Path(os.environ.setdefault("GAN_AUGMENT_EXAMPLES", tempfile.mkdtemp()))
    >>> mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
    >>> experiment_id = mlflow.create_experiment(
    ...     "autolog", artifact_location=(tmp / "autolog").as_uri()
    ... )
    >>> X, y = make_classification(
    ...     n_samples=200, n_features=4, weights=[0.8], random_state=0
    ... )
    >>> autolog(log_figures=False)
    >>> with mlflow.start_run(experiment_id=experiment_id) as run:
    ...     augmenter = GANAugmenter(n_steps=30, random_state=0).fit(X, y)
    >>> autolog(disable=True)
    >>> logged = mlflow.get_run(run.info.run_id)
    >>> logged.data.params["n_steps"], logged.data.tags["estimator_name"]
    ('30', 'GANAugmenter')
    >>> [i.tags[0].value for i in logged.inputs.dataset_inputs]
    ['training']
    >>> mlflow.set_tracking_uri(None)
    """
    for name, value in (
        ("log_models", log_models),
        ("log_datasets", log_datasets),
        ("log_figures", log_figures),
        ("disable", disable),
        ("silent", silent),
    ):
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"autolog's {name} must be True or False; got {value!r}.")
    for listener in _ACTIVE:
        remove_listener(listener)
    _ACTIVE.clear()
    if disable:
        return
    mlflow_module()  # a missing install fails now, with what to install
    listener = _Autologger(
        AutologConfig(
            log_models=bool(log_models),
            log_datasets=bool(log_datasets),
            log_figures=bool(log_figures),
            silent=bool(silent),
        )
    )
    add_listener(listener)
    _ACTIVE.append(listener)


@dataclass
class _Fit:
    """One augmenter fit being logged: its run and who closes what."""

    augmenter: object
    run_id: str | None = None
    owned: bool = False  # the fit's run was started here: end it here
    parent_opened: bool = False  # a search's parent run was resumed: end it too
    callback: MlflowCallback | None = None


class _Autologger:
    """The listener :func:`autolog` registers: one per process, fits per thread."""

    def __init__(self, config: AutologConfig):
        self.config = config
        self._local = threading.local()
        # A parameter search (or the estimator given to cross_validate) and
        # the run its fits nest under, when no run was active: weak, so a
        # search object that goes away takes its entry with it.
        self._parents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    # ------------------------------------------------------------ fit hooks
    def on_fit_begin(self, augmenter) -> None:
        fit = _Fit(augmenter)
        self._stack().append(fit)
        with self._guard():
            self._open(fit)
            if fit.run_id is not None:
                fit.callback = MlflowCallback(log_figures=False)
                fit.callback.on_fit_begin(augmenter)

    def on_train_begin(self, info) -> None:
        self._forward("on_train_begin", info)

    def on_epoch_end(self, epoch, logs) -> None:
        self._forward("on_epoch_end", epoch, logs)

    def on_train_end(self, history) -> None:
        self._forward("on_train_end", history)

    def on_fit_end(self, augmenter, X, y) -> None:
        fit = self._pop(augmenter)
        if fit is None:  # samplers that train nothing call this hook only
            fit = _Fit(augmenter)
            with self._guard():
                self._open(fit)
                if fit.run_id is not None:
                    log_estimator(fit.run_id, augmenter)
        try:
            if fit.run_id is not None:
                self._log_fit_end(fit, X, y)
        finally:
            self._close(fit, "FINISHED")

    def on_fit_error(self, augmenter, exc: BaseException) -> None:
        fit = self._pop(augmenter)
        if fit is None:
            return
        with self._guard():
            if fit.callback is not None:
                fit.callback.on_fit_error(augmenter, exc)
        status = "KILLED" if isinstance(exc, KeyboardInterrupt) else "FAILED"
        self._close(fit, status)

    # -------------------------------------------------------------- the run
    def _open(self, fit: _Fit) -> None:
        """Pick the fit's run (see the module docstring) and make it active."""
        augmenter = fit.augmenter
        if any(isinstance(c, MlflowCallback) for c in _callbacks(augmenter)):
            return  # its own callback logs it
        mlflow = mlflow_module()
        name = type(augmenter).__name__
        active = mlflow.active_run()
        search = _search_context()
        if active is None and search is None:
            run, fit.owned = mlflow.start_run(), True
        elif active is None:
            parent = self._resume_parent(search)
            fit.parent_opened = True
            run, fit.owned = mlflow.start_run(run_name=name, nested=True), True
            logger.debug("Fit nested under the search's run %s.", parent)
        elif search is not None or _holds_a_fit(active.info.run_id):
            run, fit.owned = mlflow.start_run(run_name=name, nested=True), True
        else:
            run = active
        fit.run_id = run.info.run_id

    def _resume_parent(self, search) -> str:
        """Make the search's own run active, starting it on its first fit."""
        mlflow = mlflow_module()
        known = self._parents.get(search)
        if known is not None:
            try:
                return mlflow.start_run(run_id=known).info.run_id
            except Exception:  # deleted meanwhile: start another
                logger.debug("The search's run %s is gone.", known)
        run = mlflow.start_run(
            run_name=type(search).__name__,
            tags={"gan_augment.search": type(search).__name__},
        )
        self._parents[search] = run.info.run_id
        return run.info.run_id

    def _log_fit_end(self, fit: _Fit, X, y) -> None:
        """Dataset, figures and model of a finished fit, then the callback's end."""
        augmenter = fit.augmenter
        if active_run_id() != fit.run_id:  # the run was ended under us
            logger.info("The fit's run %s is no longer active.", fit.run_id)
            return
        if self.config.log_datasets:
            with self._guard():
                log_training_data(augmenter, X, y)
        is_gan = hasattr(augmenter, "generators_")
        if self.config.log_figures and is_gan:
            with self._guard():
                from ._figures import log_quality_figures

                log_quality_figures(augmenter, X, y)
        if self.config.log_models and is_gan:
            with self._guard():
                from ._model import log_augmenter

                log_augmenter(augmenter)
        if fit.callback is not None:
            with self._guard():
                fit.callback.on_fit_end(augmenter, X, y)

    def _close(self, fit: _Fit, status: str) -> None:
        """End the runs this fit opened: its own, then a search's parent."""
        with self._guard():
            mlflow = mlflow_module()
            if fit.owned and active_run_id() == fit.run_id:
                mlflow.end_run(status)
            if fit.parent_opened and mlflow.active_run() is not None:
                # The parent holds the search's fits; a failed one is marked
                # on its own run, and the search goes on.
                mlflow.end_run("FINISHED")

    # ---------------------------------------------------------- plumbing
    def _stack(self) -> list:
        stack = getattr(self._local, "fits", None)
        if stack is None:
            stack = self._local.fits = []
        return stack

    def _pop(self, augmenter) -> _Fit | None:
        stack = self._stack()
        if stack and stack[-1].augmenter is augmenter:
            return stack.pop()
        return None

    def _forward(self, hook: str, *args) -> None:
        stack = self._stack()
        if stack and stack[-1].callback is not None:
            with self._guard():
                getattr(stack[-1].callback, hook)(*args)

    @contextlib.contextmanager
    def _guard(self):
        """Tracking never stops a fit: report a failure (unless silent), go on."""
        with warnings.catch_warnings():
            if self.config.silent:
                warnings.simplefilter("ignore")
            try:
                yield
            except Exception as exc:
                if not self.config.silent:
                    warnings.warn(
                        f"gan_augment autologging failed ({type(exc).__name__}: "
                        f"{exc}); the fit goes on.",
                        RuntimeWarning,
                        stacklevel=3,
                    )


def log_training_data(augmenter, X, y) -> None:
    """Log the data a fit saw as a dataset (context ``training``) of the active run.

    A table becomes a pandas dataset with the labels in a ``label`` column
    (``label_`` when a feature has that name), an array a numpy dataset with
    the labels as targets; MLflow records the digest, the schema and the
    number of rows.
    """
    mlflow = mlflow_module()
    name = f"{type(augmenter).__name__}_training"
    with warnings.catch_warnings():
        # MLflow hints that integer columns cannot hold NaN: the schema
        # describes the data as it was, not a serving contract.
        warnings.filterwarnings(
            "ignore", message=".*integer column", category=UserWarning
        )
        if isinstance(X, pd.DataFrame):
            data = X.rename(columns=str)
            target = free_column_name(data.columns)
            data[target] = np.asarray(y)
            dataset = mlflow.data.from_pandas(data, targets=target, name=name)
        else:
            dataset = mlflow.data.from_numpy(
                np.asarray(X), targets=np.asarray(y), name=name
            )
        mlflow.log_input(dataset, context="training")


def _callbacks(augmenter) -> tuple:
    return tuple(getattr(augmenter, "callbacks", None) or ())


def _holds_a_fit(run_id: str) -> bool:
    """Whether a fit was already logged into this run (its tag is set)."""
    return _FIT_TAG in client().get_run(run_id).data.tags


def _is_search(obj) -> bool:
    # By name, not by import: BaseSearchCV lives in a private module.
    return any(cls.__name__ == "BaseSearchCV" for cls in type(obj).__mro__)


def _search_context():
    """The outermost parameter search or cross-validation this fit runs in.

    Read off the call stack (joblib runs ``n_jobs=1`` work in the calling
    thread): a search's ``fit`` gives the search object, a cross-validation
    function of scikit-learn the estimator it was given. None outside both.
    """
    found = None
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "fit" and "self" in code.co_varnames[:1]:
            owner = frame.f_locals.get("self")
            if owner is not None and _is_search(owner):
                found = owner
        elif (
            code.co_name in _CV_FUNCTIONS
            and frame.f_globals.get("__name__") == _CV_MODULE
        ):
            found = frame.f_locals.get("estimator", found)
        frame = frame.f_back
    return found
