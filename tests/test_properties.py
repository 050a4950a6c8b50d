"""Property-based tests: the encoder and the sampler contract on random tables."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import RandomOverSampler

from gan_augment import GANAugmenter, TabularEncoder


@st.composite
def mixed_frames(draw, min_rows=2, max_rows=60):
    n = draw(st.integers(min_rows, max_rows))
    n_cols = draw(st.integers(1, 5))
    columns = {}
    for j in range(n_cols):
        kind = draw(st.sampled_from(["float", "int", "bool", "category", "object"]))
        if kind == "float":
            values = draw(
                st.lists(
                    st.floats(-1e6, 1e6, allow_nan=False, width=32),
                    min_size=n,
                    max_size=n,
                )
            )
            columns[f"c{j}"] = np.asarray(values, dtype=np.float64)
        elif kind == "int":
            columns[f"c{j}"] = np.asarray(
                draw(st.lists(st.integers(-1000, 1000), min_size=n, max_size=n)),
                dtype=np.int64,
            )
        elif kind == "bool":
            columns[f"c{j}"] = np.asarray(
                draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool
            )
        else:
            words = draw(
                st.lists(st.sampled_from(list("abcdefg")), min_size=n, max_size=n)
            )
            columns[f"c{j}"] = (
                pd.Categorical(words)
                if kind == "category"
                else np.asarray(words, dtype=object)
            )
    return pd.DataFrame(columns)


@settings(max_examples=60, deadline=None)
@given(mixed_frames())
def test_encoder_round_trips_real_values(frame):
    encoder = TabularEncoder().fit(frame)
    decoded = encoder.decode(encoder.encode(frame))
    assert list(decoded.columns) == list(frame.columns)
    for column in frame.columns:
        original, back = frame[column], decoded[column]
        assert back.dtype == original.dtype
        if original.dtype.kind == "f":
            span = float(original.max() - original.min()) or 1.0
            np.testing.assert_allclose(back, original, rtol=0, atol=1e-4 * span + 1e-9)
        else:
            assert back.tolist() == original.tolist()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    frame=mixed_frames(min_rows=12, max_rows=40),
    minority=st.integers(2, 5),
    strategy=st.sampled_from(["auto", "all", "not majority", "minority"]),
    seed=st.integers(0, 2**16),
)
def test_sampler_contract_on_random_tables(frame, minority, strategy, seed):
    n = len(frame)
    y = np.array([0] * (n - minority) + [1] * minority)
    expected = Counter(
        RandomOverSampler(sampling_strategy=strategy).fit_resample(frame, y)[1]
    )
    augmenter = GANAugmenter(
        sampling_strategy=strategy, n_steps=5, batch_size=16, random_state=seed
    )
    X_res, y_res = augmenter.fit_resample(frame, y)
    assert Counter(y_res) == expected
    assert (X_res.dtypes == frame.dtypes).all()
    pd.testing.assert_frame_equal(X_res.iloc[:n], frame)
    synthetic, labels = X_res.iloc[n:], np.asarray(y_res)[n:]
    for label in np.unique(labels):
        real = frame[y == label]
        rows = synthetic[labels == label]
        for column in frame.columns:
            if frame[column].dtype.kind in "fi":
                assert (
                    rows[column].between(real[column].min(), real[column].max()).all()
                )
            else:
                assert set(rows[column]) <= set(real[column])
