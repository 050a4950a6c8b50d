"""Saving and loading without pickle; tampered artifacts are refused."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest

from gan_augment import load_augmenter, save_augmenter


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("german", {}),
        ("pima", {"conditioning": "per_class"}),
        ("car_good", {"filter_synthetic": True}),
    ],
)
def test_round_trip_gives_the_same_rows(
    name, params, dataset, fast_augmenter, tmp_path
):
    X, y = dataset(name)
    augmenter = fast_augmenter(n_steps=60, **params).fit(X, y)
    loaded = load_augmenter(save_augmenter(augmenter, tmp_path / "model"))
    minority = y.value_counts().idxmin()
    for seed in (None, 5):
        expected = augmenter.sample({minority: 300}, random_state=seed)
        got = loaded.sample({minority: 300}, random_state=seed)
        pd.testing.assert_frame_equal(expected[0], got[0])
        pd.testing.assert_series_equal(expected[1], got[1])
    pd.testing.assert_frame_equal(augmenter.history_, loaded.history_)
    assert loaded.sampling_strategy_ == augmenter.sampling_strategy_
    assert list(loaded.feature_names_in_) == list(X.columns)


def test_numpy_fitted_round_trip(dataset, fast_augmenter, tmp_path):
    X, y = dataset("glass1")
    augmenter = fast_augmenter(n_steps=30).fit(X.to_numpy(), y.to_numpy())
    loaded = load_augmenter(save_augmenter(augmenter, tmp_path))
    a, b = augmenter.sample({1: 50}), loaded.sample({1: 50})
    assert isinstance(b[0], np.ndarray)
    np.testing.assert_array_equal(a[0], b[0])


def test_pickle_payload_in_place_of_weights_is_refused(
    dataset, fast_augmenter, tmp_path
):
    X, y = dataset("glass1")
    folder = save_augmenter(fast_augmenter(n_steps=10).fit(X, y), tmp_path)

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    np.savez(folder / "arrays.npz", weights=np.array([Evil()], dtype=object))
    with pytest.raises(ValueError, match="tampered"):
        load_augmenter(folder)
    (folder / "arrays.npz").write_bytes(pickle.dumps(Evil()))
    with pytest.raises(ValueError, match="tampered"):
        load_augmenter(folder)


def test_high_cardinality_column_round_trip(fast_augmenter, tmp_path):
    rng = np.random.default_rng(0)
    n = 4000
    X = pd.DataFrame(
        {
            "amount": rng.gamma(2.0, 10.0, size=n),
            "merchant": pd.Categorical(
                [f"m{i}" for i in rng.zipf(1.4, size=n) % 20000]
            ),
        }
    )
    y = (rng.random(n) < 0.15).astype(int)
    augmenter = fast_augmenter(max_categories=50).fit(X, y)
    assert augmenter.encoder_.n_features_out_ == 1 + 50  # 49 kept + "other"
    rows, _ = augmenter.sample({1: 3000}, random_state=1)
    assert set(rows["merchant"]) <= set(X["merchant"][y == 1])
    assert rows["merchant"].nunique() > 49  # grouped values come back too
    loaded = load_augmenter(save_augmenter(augmenter, tmp_path))
    pd.testing.assert_frame_equal(
        loaded.sample({1: 500}, random_state=2)[0],
        augmenter.sample({1: 500}, random_state=2)[0],
    )


@pytest.mark.parametrize("dtype", ["category", "string", "Int64"])
def test_labels_keep_their_dtype_through_sample_save_and_pickle(
    dtype, dataset, fast_augmenter, tmp_path
):
    X, y = dataset("glass1")
    labels = y.map({0: "other", 1: "glass1"}) if dtype != "Int64" else y
    labels = labels.astype(dtype).rename("kind")
    augmenter = fast_augmenter(n_steps=10)
    _, y_res = augmenter.fit_resample(X, labels)
    minority = labels.value_counts().idxmin()
    loaded = load_augmenter(save_augmenter(augmenter, tmp_path))
    for source in (augmenter, loaded, pickle.loads(pickle.dumps(augmenter))):
        _, drawn = source.sample({minority: 5})
        assert drawn.dtype == labels.dtype == y_res.dtype
        assert drawn.name == "kind" and (drawn == minority).all()


def test_interval_categories_from_pd_cut_round_trip(dataset, fast_augmenter, tmp_path):
    X, y = dataset("pima")
    X = X.assign(age_band=pd.cut(X["Age"], [20, 30, 50, 90]))
    augmenter = fast_augmenter(n_steps=30).fit(X, y)
    rows, _ = augmenter.sample({1: 50}, random_state=2)
    assert rows["age_band"].dtype == X["age_band"].dtype
    loaded = load_augmenter(save_augmenter(augmenter, tmp_path / "model"))
    pd.testing.assert_frame_equal(loaded.sample({1: 50}, random_state=2)[0], rows)


def test_a_feature_called_label_is_not_overwritten(dataset, fast_augmenter):
    from gan_augment.mlflow import generate_frame

    X, y = dataset("pima")
    X = X.rename(columns={"Mass": "label"})
    augmenter = fast_augmenter(n_steps=30).fit(X, y)
    request = pd.DataFrame({"label": [1], "n_samples": [20]})
    frame = generate_frame(augmenter, request, {"random_state": 0})
    rows, _ = augmenter.sample({1: 20}, random_state=0)
    assert list(frame.columns) == [*map(str, X.columns), "label_"]
    with pytest.raises(ValueError, match=r"whole number of rows; got 2\.5"):
        generate_frame(augmenter, pd.DataFrame({"label": [1], "n_samples": [2.5]}))
    whole = pd.DataFrame({"label": [1], "n_samples": [3.0]})
    assert len(generate_frame(augmenter, whole)) == 3
    assert (frame["label_"] == 1).all()
    np.testing.assert_array_equal(frame["label"], rows["label"])


@pytest.mark.parametrize("strategy", ["partial", {1: 300}])
def test_the_sampling_strategy_survives_save_and_load(
    strategy, dataset, fast_augmenter, tmp_path
):
    from gan_augment import PartialBalance

    if strategy == "partial":
        strategy = PartialBalance(0.5)
    X, y = dataset("pima")
    augmenter = fast_augmenter(n_steps=20, sampling_strategy=strategy).fit(X, y)
    loaded = load_augmenter(save_augmenter(augmenter, tmp_path / "model"))
    assert repr(loaded.sampling_strategy) == repr(strategy)
    _, y_refit = loaded.fit_resample(X, y)
    _, y_first = fast_augmenter(n_steps=20, sampling_strategy=strategy).fit_resample(
        X, y
    )
    assert y_refit.value_counts().to_dict() == y_first.value_counts().to_dict()


@pytest.mark.parametrize("name", ["conv", "deform", "mlp", "tabular"])
def test_every_model_kind_saves_and_rebuilds_its_generator(name):
    import torch

    from gan_augment._models import (
        MODEL_KINDS,
        NetworkSpec,
        build_networks,
        generator_from_state,
        generator_state,
    )

    kind = MODEL_KINDS[name]
    rng = np.random.default_rng(0)
    spec = NetworkSpec(
        noise_dim=8,
        spans=((2, "linear"), (3, "softmax")),
        image_shape=(8, 8, 1) if kind.image else None,
        generator_dims=(16,),
        discriminator_dims=(16,),
        discriminator_dropout=0.0,
        seeds=(rng.random((6, 64)) * 2 - 1).astype(np.float32),
        seed_labels=np.array([0, 0, 0, 1, 1, 1]),
    )
    torch.manual_seed(0)
    generator, _ = build_networks(kind, spec, n_classes=2, auxiliary=True)
    state = json.loads(json.dumps(generator_state(generator)))
    assert state["type"] == name
    rebuilt = generator_from_state(state)
    rebuilt.load_state_dict(generator.state_dict())
    z = torch.randn(5, generator.noise_dim)
    with torch.no_grad():
        assert torch.equal(
            rebuilt.eval().generate(z, 1), generator.eval().generate(z, 1)
        )


def test_an_unknown_generator_type_is_refused():
    from gan_augment._models import generator_from_state

    with pytest.raises(ValueError, match="Unknown generator type 'gan'"):
        generator_from_state({"type": "gan"})


def test_components_give_their_own_state(dataset):
    """Encoder and filter round-trip through get_state / from_state alone."""
    from gan_augment._encoding import TabularEncoder
    from gan_augment._filtering import NeighbourFilter

    X, y = dataset("german")
    encoder = TabularEncoder(categorical_features=["x1"]).fit(X)
    config, arrays = encoder.get_state()
    loaded = TabularEncoder.from_state(json.loads(json.dumps(config)), arrays)
    encoded = encoder.encode(X)
    np.testing.assert_array_equal(loaded.encode(X), encoded)
    pd.testing.assert_frame_equal(loaded.decode(encoded), encoder.decode(encoded))
    assert loaded.categorical_features == ["x1"]

    labels = y.to_numpy() - 1
    screen = NeighbourFilter(n_neighbors=3, max_reference_rows=500, random_state=0)
    screen.fit(encoded, labels)
    config, arrays = screen.get_state()
    assert len(arrays["reference"]) == len(arrays["labels"]) < len(encoded)
    again = NeighbourFilter.from_state(config, arrays)
    np.testing.assert_array_equal(
        again.accepts(encoded[:50], 1), screen.accepts(encoded[:50], 1)
    )
