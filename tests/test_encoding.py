"""The reversible tabular encoder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gan_augment import TabularEncoder


@pytest.mark.parametrize("name", ["german", "abalone9_18", "car_good", "pima"])
def test_round_trip_on_real_data(name, dataset):
    X, _ = dataset(name)
    encoder = TabularEncoder().fit(X)
    encoded = encoder.encode(X)
    assert encoded.dtype == np.float32
    assert encoded.shape == (len(X), encoder.n_features_out_)
    decoded = encoder.decode(encoded)
    assert (decoded.dtypes == X.dtypes).all()
    for col in X.columns:
        if X[col].dtype.kind == "f":
            # float32 in quantile-normal space: exact to a tiny share of the range.
            tol = 1e-4 * (X[col].max() - X[col].min())
            np.testing.assert_allclose(decoded[col], X[col], rtol=0, atol=tol)
        else:
            pd.testing.assert_series_equal(decoded[col], X[col], check_names=False)


def test_column_kinds_and_spans():
    X = pd.DataFrame(
        {
            "f": np.linspace(0, 1, 50),
            "small_int": np.arange(50) % 3,
            "wide_int": np.arange(50),
            "flag": np.arange(50) % 2 == 0,
            "const": 4,
            "s": ["a", "b"] * 25,
        }
    )
    encoder = TabularEncoder().fit(X)
    kinds = {c.name: c.kind for c in encoder.columns_}
    assert kinds == {
        "f": "continuous",
        "small_int": "categorical",
        "wide_int": "continuous",
        "flag": "categorical",
        "const": "constant",
        "s": "categorical",
    }
    assert [(s.dim, s.activation) for s in encoder.output_spans_] == [
        (1, "linear"),
        (1, "linear"),
        (3, "softmax"),
        (2, "softmax"),
        (2, "softmax"),
    ]
    forced = TabularEncoder(categorical_features=["wide_int"]).fit(X)
    assert {c.name: c.kind for c in forced.columns_}["wide_int"] == "categorical"


def test_decode_clips_to_given_bounds_and_rounds_integers():
    X = pd.DataFrame({"f": np.linspace(-3, 3, 100), "i": np.arange(100)})
    encoder = TabularEncoder().fit(X)
    wild = np.array([[9.0, 9.0], [-9.0, 0.123]], dtype=np.float32)
    out = encoder.decode(
        wild, lower=np.array([-1.0, 10.0]), upper=np.array([1.0, 20.0])
    )
    assert out["f"].tolist() == [1.0, -1.0]
    assert out["i"].dtype == np.int64 and out["i"].between(10, 20).all()


def test_unseen_category_is_named():
    encoder = TabularEncoder().fit(pd.DataFrame({"c": ["a", "b", "a"]}))
    with pytest.raises(ValueError, match="'z', a category not seen"):
        encoder.encode(pd.DataFrame({"c": ["z"]}))
