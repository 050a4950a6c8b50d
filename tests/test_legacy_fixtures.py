"""Saved augmenters and logged models from an earlier commit still sample the same.

The fixtures in ``tests/fixtures/legacy`` were written by
``make_fixtures.py`` on the commit named in its README. Refactors must leave
both the file format and the samples untouched: loading gives the rows that
commit gave, and refitting with the same parameters and seed gives them too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gan_augment import GANAugmenter, load_augmenter

HERE = Path(__file__).parent / "fixtures" / "legacy"
_spec = importlib.util.spec_from_file_location(
    "legacy_fixtures", HERE / "make_fixtures.py"
)
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)


def _assert_same(got, expected) -> None:
    X_got, y_got = got
    X_exp, y_exp = expected
    assert type(X_got) is type(X_exp)
    if isinstance(X_exp, pd.DataFrame):
        pd.testing.assert_frame_equal(X_got, X_exp)
        pd.testing.assert_series_equal(y_got, y_exp)
    else:
        assert X_got.dtype == X_exp.dtype
        np.testing.assert_array_equal(X_got, X_exp)
        np.testing.assert_array_equal(y_got, y_exp)


@pytest.mark.parametrize("name", sorted(fixtures.CASES))
def test_saved_augmenter_samples_as_before(name):
    _, _, counts = fixtures.CASES[name]
    augmenter = load_augmenter(HERE / name)
    for seed in (None, 3):
        expected = pd.read_pickle(fixtures.expected_path(name, seed))
        _assert_same(augmenter.sample(counts, random_state=seed), expected)


@pytest.mark.parametrize("name", sorted(fixtures.CASES))
def test_refit_samples_as_before(name):
    load, params, counts = fixtures.CASES[name]
    X, y = load()
    augmenter = GANAugmenter(**params).fit(X, y)
    for seed in (None, 3):
        expected = pd.read_pickle(fixtures.expected_path(name, seed))
        _assert_same(augmenter.sample(counts, random_state=seed), expected)


def test_logged_mlflow_model_predicts_as_before():
    mlflow = pytest.importorskip("mlflow")
    from gan_augment.mlflow import load_augmenter as load_logged

    request = pd.DataFrame({"label": [1, 2], "n_samples": [4, 6]})
    expected = pd.read_pickle(HERE / "mlflow_model__predict_5.pkl")
    model = mlflow.pyfunc.load_model(str(HERE / "mlflow_model"))
    got = model.predict(request, params={"random_state": 5})
    pd.testing.assert_frame_equal(got, expected)
    augmenter = load_logged(str(HERE / "mlflow_model"))
    stored = pd.read_pickle(fixtures.expected_path("tabular_joint", 3))
    _assert_same(augmenter.sample({1: 7, 2: 9}, random_state=3), stored)
