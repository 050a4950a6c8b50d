"""Property-based tests: the encoder and the sampler contract on random tables."""

from __future__ import annotations

import re
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
    try:
        X_res, y_res = augmenter.fit_resample(frame, y)
    except ValueError as exc:
        # The documented refusal (troubleshooting): every row a class could
        # get is a copy of one of its rows. Then the class it names has float
        # columns, each holding a single value in it.
        refused = re.search(
            r"Every row the GAN could give for classes \[(.*?)\]", str(exc)
        )
        assert refused, exc
        floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
        for label in map(int, refused.group(1).split(",")):
            assert floats and (frame.loc[y == label, floats].nunique() == 1).all()
        return
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


# The properties of scikit-learn's checks that GANAugmenter xfails (their data
# has a one-row class; see tests/test_estimator_checks.py), on real data with
# at least two rows per class.
def _wine_cut():
    """Wine with its classes cut to 40, 30 and 6 rows (a multi-class imbalance)."""
    from sklearn.datasets import load_wine

    X, y = load_wine(return_X_y=True, as_frame=True)
    keep = np.concatenate(
        [np.flatnonzero(y == k)[:n] for k, n in enumerate((40, 30, 6))]
    )
    return X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)


def _augmenter(**params):
    return GANAugmenter(n_steps=30, batch_size=32, random_state=0, **params)


def test_sklearn_check_properties_fit_does_not_overwrite_parameters():
    # check_dont_overwrite_parameters: fit changes no parameter and adds only
    # public attributes that end in "_".
    import joblib

    X, y = _wine_cut()
    callbacks = []
    augmenter = _augmenter(sampling_strategy={2: 20}, callbacks=callbacks)
    params = augmenter.get_params()
    hashes = {name: joblib.hash(value) for name, value in params.items()}
    before = set(vars(augmenter))
    augmenter.fit(X, y)
    after = augmenter.get_params()
    assert {name: joblib.hash(value) for name, value in after.items()} == hashes
    assert after["callbacks"] is callbacks and after["sampling_strategy"] == {2: 20}
    added = set(vars(augmenter)) - before
    assert added, "fit set no attribute"
    assert all(a.endswith("_") or a.startswith("_") for a in added), added


def test_sklearn_check_properties_sampling_leaves_the_dict_unchanged(tmp_path):
    # check_dict_unchanged: the methods of a fitted estimator change nothing in
    # it (here sample, iter_samples and save instead of predict/transform).
    import joblib

    from gan_augment import save_augmenter

    X, y = _wine_cut()
    augmenter = _augmenter(min_distance=0.05).fit(X, y)

    def state(augmenter):
        # The guard's KD-tree counts its own queries (scikit-learn's
        # KDTree.get_n_calls), the one change a query makes: compare what the
        # guard holds, its reference rows and their labels.
        values = dict(vars(augmenter))
        guard = values.pop("privacy_guard_")
        values["guard"] = (guard.reference_, guard.labels_, guard.n_neighbors)
        return {name: joblib.hash(value) for name, value in values.items()}

    before = state(augmenter)
    augmenter.sample({2: 15, 0: 3}, random_state=1)
    list(augmenter.iter_samples({2: 15}, chunk_size=4))
    save_augmenter(augmenter, tmp_path / "model")
    assert state(augmenter) == before


def test_sklearn_check_properties_order_and_subset_invariance():
    # check_methods_sample_order_invariance / _subset_invariance: a per-row
    # method gives each row the same result whatever rows come with it. The
    # per-row parts of a fitted augmenter are its encoder and its screens;
    # fit_resample gives back the rows it was given, in their order, first.
    X, y = _wine_cut()
    augmenter = _augmenter(min_distance=0.05).fit(X, y)
    encoded = augmenter.encoder_.encode(X)
    order = np.random.default_rng(0).permutation(len(X))
    subset = np.sort(order[:25])
    np.testing.assert_array_equal(
        augmenter.encoder_.encode(X.iloc[order]), encoded[order]
    )
    np.testing.assert_array_equal(
        augmenter.encoder_.encode(X.iloc[subset]), encoded[subset]
    )
    guard = augmenter.privacy_guard_
    np.testing.assert_array_equal(
        guard.distances(encoded[order]), guard.distances(encoded)[order]
    )
    for rows in (order, np.sort(np.r_[np.flatnonzero(y == 2)[:2], order[:30]])):
        X_in, y_in = X.iloc[rows], y.iloc[rows]
        assert y_in.value_counts().min() >= 2
        X_res, y_res = _augmenter().fit_resample(X_in, y_in)
        pd.testing.assert_frame_equal(
            X_res.iloc[: len(rows)], X_in.reset_index(drop=True)
        )
        np.testing.assert_array_equal(y_res.iloc[: len(rows)], y_in)
        top = y_in.value_counts().max()
        assert Counter(y_res) == {c: top for c in np.unique(y_in)}


def test_copies_left_after_the_rounds_are_moved_off_by_a_tiny_jitter(dataset, caplog):
    # Two float values and two integer values: most drawn rows of the minority
    # are exact copies. What is left after the rounds is jittered, not copied.
    X, y = dataset("pima")
    X = X[["Mass", "Preg"]].copy()
    n_minority = int((y == 1).sum())
    X.loc[y == 1, "Mass"] = np.where(np.arange(n_minority) % 3, 30.5, 31.0)
    X.loc[y == 1, "Preg"] = np.where(np.arange(n_minority) % 2, 2, 3)
    with caplog.at_level("WARNING", logger="gan_augment._sampling"):
        X_res, y_res = GANAugmenter(n_steps=5, random_state=0).fit_resample(X, y)
    message = next(
        r.getMessage() for r in caplog.records if "exact copies" in r.getMessage()
    )
    jittered = int(re.search(r"left for (\d+) of", message).group(1))
    assert jittered > 0
    synthetic = X_res.iloc[len(X) :]
    assert len(synthetic) == (y == 0).sum() - n_minority
    real = set(map(tuple, X[y == 1].to_numpy()))
    assert not any(tuple(row) in real for row in synthetic.to_numpy())
    assert synthetic["Mass"].between(30.5, 31.0).all()
    assert set(synthetic["Preg"]) <= {2, 3}
    # A jittered row sits within 0.1% of the class's range (0.5) of a real value.
    offset = np.minimum(abs(synthetic["Mass"] - 30.5), abs(synthetic["Mass"] - 31.0))
    assert ((offset > 0) & (offset <= 1e-3 * 0.5)).sum() >= jittered
