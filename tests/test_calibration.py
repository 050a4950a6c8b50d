"""match_marginals: the synthetic rows of a class get its real rows' marginals."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from gan_augment import load_augmenter, save_augmenter
from gan_augment._calibration import MarginalMap, fit_marginal_map

SPANS = [(1, "linear"), (1, "linear"), (3, "softmax")]


def _logits(rng, n, probabilities, sharpness=1.0):
    # Gumbel-perturbed logits, as the augmenter's category sampler makes them.
    logits = np.log(np.asarray(probabilities)) * sharpness
    return logits + rng.gumbel(size=(n, len(probabilities)))


def test_continuous_columns_get_the_real_mean_and_spread():
    rng = np.random.default_rng(0)
    reference = np.column_stack(
        [
            rng.normal(0.3, 0.4, 4000),  # too narrow
            np.full(4000, 0.5),  # constant: nothing to scale
            _logits(rng, 4000, [0.2, 0.3, 0.5]),
        ]
    )
    real = np.column_stack(
        [
            rng.normal(-1.0, 1.5, 60),
            rng.normal(0.0, 1.0, 60),
            np.eye(3)[rng.choice(3, 60, p=[0.2, 0.3, 0.5])],
        ]
    )
    before = reference.copy()
    corrected = fit_marginal_map(reference, real, SPANS).apply(reference)
    both = fit_marginal_map(reference, real, SPANS, categories=True).apply(reference)

    np.testing.assert_array_equal(reference, before)  # input untouched
    assert corrected[:, 0].mean() == pytest.approx(real[:, 0].mean(), abs=1e-9)
    assert corrected[:, 0].std() == pytest.approx(real[:, 0].std(), rel=1e-9)
    np.testing.assert_array_equal(corrected[:, 1], reference[:, 1])
    # Category logits move only when asked.
    np.testing.assert_array_equal(corrected[:, 2:], reference[:, 2:])
    np.testing.assert_allclose(both[:, :2], corrected[:, :2])
    assert not np.array_equal(both[:, 2:], reference[:, 2:])


def test_category_frequencies_move_to_the_real_ones():
    rng = np.random.default_rng(1)
    # Sharp logits: each row is nearly decided, as a trained generator's are.
    reference = _logits(rng, 4000, [0.7, 0.25, 0.05], sharpness=4.0)
    target = np.array([0.3, 0.3, 0.4])
    real = np.eye(3)[rng.choice(3, 2000, p=target)]
    spans = [(3, "softmax")]

    def frequencies(rows):
        return np.bincount(rows.argmax(axis=1), minlength=3) / len(rows)

    drawn = frequencies(reference)
    marginal_map = fit_marginal_map(reference, real, spans, categories=True)
    corrected = frequencies(marginal_map.apply(reference))
    fresh = _logits(rng, 4000, [0.7, 0.25, 0.05], sharpness=4.0)
    held_out = frequencies(marginal_map.apply(fresh))
    real_frequencies = real.mean(axis=0)
    assert np.abs(drawn - real_frequencies).max() > 0.3
    assert np.abs(corrected - real_frequencies).max() < 0.05
    assert np.abs(held_out - real_frequencies).max() < 0.05


def test_a_category_the_class_never_shows_stays_impossible():
    reference = np.array([[0.0, 1.0, -np.inf], [2.0, 0.0, -np.inf]])
    real = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    corrected = fit_marginal_map(
        reference, real, [(3, "softmax")], categories=True
    ).apply(reference)
    assert np.isneginf(corrected[:, 2]).all()


def test_identity_changes_nothing():
    raw = np.arange(6, dtype=np.float32).reshape(2, 3)
    out = MarginalMap.identity(3).apply(raw)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, raw)


def _spread(augmenter, X, y, cls):
    """Synthetic over real standard deviation per continuous column, encoded."""
    synthetic, _ = augmenter.sample({cls: 2000}, random_state=0)
    encoder = augmenter.encoder_
    real = encoder.encode(X[y == cls])
    fake = encoder.encode(synthetic)
    columns = [c for c in encoder.columns_ if c.kind != "constant"]
    spans = augmenter.generators_[cls].spans
    start, ratios, gaps = 0, [], []
    for column, (width, activation) in zip(columns, spans, strict=True):
        # A two-valued column is matched in the normal space, not in its values.
        spread = X.loc[y == cls, column.name].nunique() > 2
        if activation == "linear" and spread:
            ratios.append(fake[:, start].std() / real[:, start].std())
            gaps.append(
                abs(fake[:, start].mean() - real[:, start].mean())
                / real[:, start].std()
            )
        start += width
    return np.array(ratios), np.array(gaps)


def test_synthetic_rows_are_as_spread_as_the_real_class(dataset, fast_augmenter):
    # The under-dispersion match_marginals exists for: a short training run on
    # yeast4's 51 rare rows draws them much narrower than they are.
    X, y = dataset("yeast4")
    rare = y.value_counts().idxmin()
    off = fast_augmenter(n_steps=300, match_marginals=None).fit(X, y)
    on = fast_augmenter(n_steps=300).fit(X, y)
    assert set(on.marginal_maps_) == set(on.classes_)
    assert off.marginal_maps_ == {}

    ratio_off, gap_off = _spread(off, X, y, rare)
    ratio_on, gap_on = _spread(on, X, y, rare)
    assert np.abs(np.log(ratio_on)).mean() < 0.5 * np.abs(np.log(ratio_off)).mean()
    assert np.abs(np.log(ratio_on)).max() < np.log(1.25)
    assert gap_on.max() < 0.15
    # Same seed, same generator: only the map differs.
    pd.testing.assert_frame_equal(off.history_, on.history_)


def test_an_artifact_saved_before_the_option_samples_as_it_did(
    dataset, fast_augmenter, tmp_path
):
    X, y = dataset("german")
    rare = y.value_counts().idxmin()
    folder = save_augmenter(fast_augmenter(n_steps=60).fit(X, y), tmp_path / "m")
    # Make it look like an older artifact: no option, no maps.
    config = json.loads((folder / "config.json").read_text())
    del config["params"]["match_marginals"]
    (folder / "config.json").write_text(json.dumps(config))
    with np.load(folder / "arrays.npz", allow_pickle=False) as arrays:
        kept = {k: arrays[k] for k in arrays.files if "marginal" not in k}
    np.savez(folder / "arrays.npz", **kept)

    old = load_augmenter(folder)
    plain = fast_augmenter(n_steps=60, match_marginals=None).fit(X, y)
    assert old.match_marginals is None
    assert old.marginal_maps_ == {}
    pd.testing.assert_frame_equal(
        old.sample({rare: 200}, random_state=3)[0],
        plain.sample({rare: 200}, random_state=3)[0],
    )
