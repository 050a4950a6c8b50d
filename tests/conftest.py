"""Shared fixtures: real data sets and a fast augmenter configuration."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from gan_augment import GANAugmenter
from gan_augment.datasets import load_dataset
from gan_augment.metrics._scoring import minority_class

# Enough updates for the contract (counts, types, ranges), few enough for CI.
FAST = {"n_steps": 150, "batch_size": 64}


@functools.cache
def _load(name: str) -> tuple[pd.DataFrame, pd.Series]:
    return load_dataset(name)


@pytest.fixture
def dataset():
    """Load a real data set by name (cached; a fresh copy per call)."""

    def get(name: str) -> tuple[pd.DataFrame, pd.Series]:
        X, y = _load(name)
        return X.copy(), y.copy()

    return get


@pytest.fixture
def fast_augmenter():
    """A GANAugmenter with a small training budget."""

    def make(**params) -> GANAugmenter:
        return GANAugmenter(**{**FAST, "random_state": 0, **params})

    return make


def minority_label(y) -> object:
    """The least frequent class, as the library's scoring protocol picks it."""
    return minority_class(y)


# MLflow stores for the tracking tests (mlflow imported only when used).
@pytest.fixture(scope="session")
def empty_store(tmp_path_factory):
    """A migrated, empty sqlite store, made once (migrations take seconds)."""
    import mlflow

    path = tmp_path_factory.mktemp("template") / "mlflow.db"
    mlflow.MlflowClient(f"sqlite:///{path}").search_experiments()
    return path


@pytest.fixture
def store(tmp_path, monkeypatch, empty_store):
    """A fresh sqlite tracking and registry store, and an experiment with artifacts."""
    import shutil

    import mlflow

    monkeypatch.chdir(tmp_path)
    shutil.copy(empty_store, tmp_path / "mlflow.db")
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    experiment_id = mlflow.create_experiment(
        "tests", artifact_location=(tmp_path / "artifacts").as_uri()
    )
    mlflow.set_experiment(experiment_id=experiment_id)
    yield uri
    while mlflow.active_run() is not None:
        mlflow.end_run()
    mlflow.set_tracking_uri(None)
    mlflow.set_registry_uri(None)
